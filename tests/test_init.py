"""`modelcard init`: a commented records file, valid once its placeholders are filled in, and so is each
of its examples uncommented."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, schema_fields
from jsonschema import Draft202012Validator

from generator.check.validate import validate_card
from generator.cli.main import main
from generator.errors import RecordsError
from generator.io.yamlio import parse_yaml
from generator.records.loader import load_records
from generator.records.placeholders import PLACEHOLDER_LICENSE, PLACEHOLDER_REPO_ID
from generator.records.schema import schema
from generator.records.schemas_export import bundled_schema
from generator.render.card import render_card
from generator.sources.scaffold import init_records, scaffold_text

FIXTURES = ROOT / "tests" / "fixtures"
TRAINER_DIRS = ["trainer_sft", "trl_sft", "trl_dpo", "peft_lora"]


def comments(text):
    """The text of every comment line, with the `# ` of commented-out blocks taken off too."""
    return " ".join(re.sub(r"^[\s#]+", "", line) for line in text.splitlines() if line.strip().startswith("#"))


def test_plain_file_loads_renders_and_validates_once_its_placeholders_are_filled(tmp_path):
    target = tmp_path / "records.yaml"
    text = init_records(target)
    assert target.read_text() == text
    assert "repo_id: your-org/your-model  # change me" in text
    assert "license: your-license  # change me: your model's license, e.g. apache-2.0" in text
    target.write_text(fill(text))
    records = load_records(target)
    assert records.model.repo_id == "acme/your-model" and records.model.license == "apache-2.0"
    card = tmp_path / "README.md"
    render_card(target, output=card)
    assert validate_card(str(card)).ok


def test_every_field_is_explained_with_its_schema_description():
    text = scaffold_text()
    said = " ".join(comments(text).split())
    root = bundled_schema("records")
    missing = [path for path, field in schema_fields(root)
               if " ".join(field.get("description", "").split()) not in said]
    assert missing == []
    for path, _ in schema_fields(root):  # and every field appears, at least commented out
        key = path.rsplit(".", 1)[-1].replace("[]", "")
        assert re.search(rf"^[ #-]*{re.escape(key)}:", text, re.M), path


def test_editor_hint_is_not_an_active_modeline():
    # yaml-language-server takes a comment line matching this as the file's schema: the hint must not be one
    assert not re.search(r"^#\s+(yaml-language-server\s*:|\$schema:)", scaffold_text(), re.M)
    assert "# yaml-language-server: $schema=records.schema.json" in scaffold_text()


def test_optional_fields_are_commented_out():
    data = parse_yaml(scaffold_text(), "records.yaml")
    assert data == {"model": {"repo_id": PLACEHOLDER_REPO_ID, "license": PLACEHOLDER_LICENSE}}
    assert "#   - id: arc" in scaffold_text()


def test_every_example_value_is_valid_when_uncommented():
    # what a user gets by uncommenting every block: each example value follows the schema
    data = parse_yaml(scaffold_text(uncomment=True), "records.yaml")
    validator = Draft202012Validator(bundled_schema("records"))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []
    assert set(data) == set(schema("records")["properties"])


def test_repo_id_option(tmp_path):
    text = init_records(tmp_path / "r.yaml", repo_id="acme/tiny-dpo")
    assert "repo_id: acme/tiny-dpo\n" in text and "your-org/your-model  # change me" not in text
    (tmp_path / "r.yaml").write_text(fill(text))
    assert load_records(tmp_path / "r.yaml").model.repo_id == "acme/tiny-dpo"


@pytest.mark.parametrize("name", TRAINER_DIRS)
def test_prefilled_from_a_trainer_folder_loads_and_renders(name, tmp_path):
    target = tmp_path / "records.yaml"
    text = init_records(target, trainer_dir=FIXTURES / name)
    data = parse_yaml(text, "records.yaml")
    assert data["training"]["results"] and data["training"]["hyperparameters"]  # found: uncommented
    assert data["model"]["library_name"] in ("transformers", "peft")
    assert "# description: |" in text  # not found: still there, commented out
    assert "# Ordered mapping of hyperparameter name to value" in text
    assert f"Prefilled from the Trainer output folder {FIXTURES / name}" in " ".join(comments(text).split())
    card = tmp_path / "README.md"
    target.write_text(fill(text))
    render_card(target, output=card)
    assert validate_card(str(card)).ok
    assert "### Training results" in card.read_text() and "- train_batch_size: 8" in card.read_text()


def test_repo_id_the_run_names_is_used(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trl_dpo", run)
    (run / "training_args.json").write_text('{"hub_model_id": "acme/tiny-llama-dpo", "learning_rate": 5e-07}')
    text = init_records(tmp_path / "records.yaml", trainer_dir=run)
    assert "  repo_id: acme/tiny-llama-dpo\n" in text and "change me: your model's Hub repo id" not in text
    assert "repo_id: acme/other" in init_records(None, trainer_dir=run, repo_id="acme/other")


def test_output_is_deterministic(tmp_path):
    first = init_records(tmp_path / "a.yaml", trainer_dir=FIXTURES / "trl_dpo", repo_id="acme/x")
    second = init_records(tmp_path / "b.yaml", trainer_dir=FIXTURES / "trl_dpo", repo_id="acme/x")
    assert first == second


def test_existing_file_is_not_overwritten_without_force(tmp_path, capsys):
    target = tmp_path / "records.yaml"
    target.write_text("model: {repo_id: acme/mine}\n")
    assert main(["init", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "records.yaml: already exists" in err and "--force" in err
    assert target.read_text() == "model: {repo_id: acme/mine}\n"
    assert main(["init", "-o", str(target), "--force"]) == 0
    assert "change me" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["records.yaml"]  # no temporary file left behind


def test_cli_usage_errors_write_nothing(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "generator", "init", *args], capture_output=True, text=True,
                              cwd=tmp_path)

    result = run("--repo-id", "not-a-repo-id")
    assert result.returncode == 2 and "--repo-id: 'not-a-repo-id' is not a Hub repo id" in result.stderr
    result = run("-o", "missing/records.yaml")
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = run("--trainer-dir", "no-such-run")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = run()
    assert result.returncode == 0 and "wrote records.yaml" in result.stderr
    assert (tmp_path / "records.yaml").is_file()


def test_stdout(capsys):
    assert main(["init", "-o", "-", "--repo-id", "acme/x"]) == 0
    assert capsys.readouterr().out == scaffold_text(repo_id="acme/x")
    assert not Path("-").exists()


# ---------------------------------------------------------------- placeholders, and uncommenting the examples

FILLED = [("license: your-license", "license: apache-2.0"), ("your-org/", "acme/"), ("your-license", "acme-license"),
          ("Your Model", "Tiny Model"), ("Your Organization", "Acme")]


def example_blocks(text):
    """(key, column, first line, end line) of each commented-out example: a `# key:` line at its field's
    column and the lines under it (deeper, or a bare `#`)."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"^( *)# ([a-z_][a-z0-9_-]*):( |$)", lines[i])
        if not m:
            i += 1
            continue
        column = len(m.group(1))
        end = i + 1
        while end < len(lines) and re.match(rf"^ {{{column}}}#(  | *$)", lines[end]):
            end += 1
        out.append((m.group(2), column, i, end))
        i = end
    return out


def uncomment(text, wanted):
    """``text`` with the example blocks ``wanted`` ((key, column) pairs) uncommented as the header says:
    one `# ` taken off each line of the block."""
    while True:  # a block inside another shows once the outer one is uncommented
        lines = text.split("\n")
        for key, column, start, end in example_blocks(text):
            if (key, column) in wanted:
                for n in range(start, end):
                    line = lines[n]
                    lines[n] = line[:column] + line[column + 2:] if line[column:column + 2] == "# " else ""
        if "\n".join(lines) == text:
            return text
        text = "\n".join(lines)


def fill(text):
    for old, new in FILLED:
        text = text.replace(old, new)
    return text


MODEL_EXAMPLES = [("name", 2), ("model_index_name", 2), ("summary", 2), ("usage", 2), ("facts", 2), ("chat_template", 2),
                  ("generation", 2), ("image", 2), ("base_model", 2), ("base_model_relation", 2), ("license_name", 2),
                  ("license_link", 2), ("language", 2), ("datasets", 2), ("dataset_revisions", 2), ("dataset_details", 2), ("tags", 2),
                  ("pipeline_tag", 2),
                  ("library_name", 2), ("metadata", 2), ("details", 2), ("links", 2), ("card_source", 2)]
TOP_EXAMPLES = [("training", 0), ("evaluations", 0), ("groups", 0), ("leaderboards", 0), ("comparisons", 0),
                ("citations", 0), ("sections", 0), ("original", 0)]
# what an example's note says to uncomment with it (scaffold.WITH and scaffold.NESTED)
TOGETHER = {("groups", 0): [("evaluations", 0), ("group", 4)], ("leaderboards", 0): [("evaluations", 0)],
            ("base_model_relation", 2): [("base_model", 2)], ("dataset_revisions", 2): [("datasets", 2)],
            ("dataset_details", 2): [("datasets", 2)]}
NESTED_BLOCKS = [("group", 4), ("from", 8)]  # the evaluations' group, a comparison column's source
# commented out inside the examples: the Hub's own flag, what the card import sets, and alternatives to a field the
# example shows
LEFT_OUT = [("verified", 8), ("verify_token", 8), ("decimals", 8), ("values", 8), ("verify_token", 4), ("eval_results_blob", 4), ("file", 4), ("card", 2)]


def strict_ok(tmp_path, text, capsys):
    target = tmp_path / "records.yaml"
    target.write_text(text)
    original = tmp_path / "original"
    original.mkdir(exist_ok=True)
    (original / "records.yaml").write_text("model: {repo_id: acme/tiny-base, license: mit}\n")
    code = main(["validate", "--strict", str(target)])
    return code, capsys.readouterr().err


def test_the_example_blocks_are_every_optional_field():
    found = [(key, column) for key, column, _, _ in example_blocks(scaffold_text())]
    assert found == MODEL_EXAMPLES + TOP_EXAMPLES
    everything = uncomment(scaffold_text(), found)
    assert sorted(key for key, _, _, _ in example_blocks(everything)) == sorted(k for k, _ in NESTED_BLOCKS + LEFT_OUT)


def test_unedited_output_is_refused_for_its_placeholders(tmp_path, capsys):
    target = tmp_path / "records.yaml"
    init_records(target)
    assert main(["render", str(target), "-o", str(tmp_path / "README.md")]) == 1
    err = capsys.readouterr().err
    assert "$.model.repo_id: \"your-org/your-model\" is a placeholder `modelcard init` wrote" in err
    assert "(fix: write yours: Hub repository id of this model, `namespace/name`)" in err
    assert "$.model.license: \"your-license\" is a placeholder" in err and "Hub license id" in err
    assert not (tmp_path / "README.md").exists()
    with pytest.raises(RecordsError) as caught:
        validate_card(target)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.model.repo_id", "placeholder"),
                                                                  ("$.model.license", "placeholder")]


@pytest.mark.parametrize("block", MODEL_EXAMPLES + TOP_EXAMPLES, ids=lambda b: b[0])
def test_each_example_uncommented_is_valid_once_placeholders_are_filled(block, tmp_path, capsys):
    text = uncomment(scaffold_text(), [block] + TOGETHER.get(block, []))
    assert text != scaffold_text()
    code, err = strict_ok(tmp_path, fill(text), capsys)
    assert code == 0, err


def test_every_example_uncommented_together_is_valid(tmp_path, capsys):
    text = uncomment(scaffold_text(), MODEL_EXAMPLES + TOP_EXAMPLES + [("group", 4)])
    code, err = strict_ok(tmp_path, fill(text), capsys)
    assert code == 0, err
    code, err = strict_ok(tmp_path, fill(uncomment(text, NESTED_BLOCKS)), capsys)
    assert code == 0, err
    code, err = strict_ok(tmp_path, fill(uncomment(scaffold_text(), [("comparisons", 0), ("evaluations", 0)] +
                                                   [("from", 8)])), capsys)
    assert code == 0, err


def test_the_hubs_own_flag_uncommented_warns_at_its_record_path(tmp_path, capsys):
    text = fill(uncomment(scaffold_text(), [("evaluations", 0), ("verified", 8)]))
    assert strict_ok(tmp_path, text, capsys)[0] == 0  # `verified: false` claims nothing (hubrules)
    code, err = strict_ok(tmp_path, text.replace("verified: false", "verified: true"), capsys)
    assert code == 1
    assert ("warning: " + str(tmp_path / "records.yaml") + ": $.evaluations[0].metrics[0].verified "
            "(model-index[0].results[0].metrics[0].verified): is true without a verifyToken") in err


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_every_value_init_writes_for_you_to_replace_is_a_placeholder():
    from generator.records.placeholders import is_placeholder

    yours = [v for v in _strings(parse_yaml(scaffold_text(uncomment=True), "records.yaml")) if "your" in v.lower()]
    assert len(yours) >= 10 and all(is_placeholder(v) for v in yours), yours


def test_a_placeholder_left_in_free_text_or_a_mapping_is_found_at_its_path(tmp_path):
    target = tmp_path / "records.yaml"
    target.write_text("model:\n  repo_id: acme/x\n  details: {Developed by: Your Organization}\n"
                      "training:\n  description: Fine-tuned on your-org/your-dataset.\n")
    with pytest.raises(RecordsError) as caught:
        load_records(target)
    assert [(p.path, p.message.split(" `")[0], p.code) for p in caught.value.problems] == [
        ('$.model.details["Developed by"]', '"Your Organization" is a placeholder', "placeholder"),
        ("$.training.description", '"Fine-tuned on your-org/your-dataset." is text with a placeholder', "placeholder")]
    assert "write yours: Ordered `label: markdown` facts" in caught.value.problems[0].fix



def test_a_wrapped_description_never_starts_a_line_like_an_example_to_uncomment():
    """A description wraps where its words fall; a line starting `text:` or `false:` would read as an example block
    (`# key: value`), which a person uncomments: a word is carried down instead (model.usage's description did it)."""
    import textwrap

    from generator.sources.scaffold import WIDTH, _Writer

    key_like = re.compile(r"^ *# [a-z_][a-z0-9_-]*:( |$)")
    plain_hits = 0
    for words in range(120):
        text = " ".join(["word"] * words) + " Markdown text: shown here. Left out or false: nothing."
        plain = textwrap.wrap(text, width=max(40, WIDTH - 4), break_long_words=False, break_on_hyphens=False)
        plain_hits += any(key_like.match("  # " + line) for line in plain)
        lines = _Writer({}).describe({"description": text}, 2)
        assert " ".join(line[4:] for line in lines) == text
        assert not [line for line in lines if key_like.match(line)], words
    assert plain_hits  # the lengths tried do put such a word at a line's start when wrapped plainly
