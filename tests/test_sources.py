"""Readers of tool output, on fixtures produced by really running the tools (tests/fixtures).

Every number the card shows must equal the number in the file the tool wrote,
compared as decimals, stderr included.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator import build_card, ingest, validate_card
from generator.errors import InputError
from generator.markdown.tables import parse_tables
from generator.records.numbers import round_half_up
from generator.sources.common import title_metric
from generator.sources.readers import detect_format, read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TRAINER_RUNS = ["trainer_sft", "trl_sft", "trl_dpo", "peft_lora"]
LM_EVAL = sorted((FIXTURES / "lm_eval" / "results").glob("*/results_*.json"))
LIGHTEVAL = sorted((FIXTURES / "lighteval" / "output" / "results").rglob("results_*.json"))
# timings, and TRL's count of the tokens trained on so far, which it logs with each evaluation: no results
DROPPED = {"eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "epoch", "step", "eval_num_tokens"}


def exact(text: str, value) -> bool:
    """The card shows ``value`` exactly at the precision shown: 0.6913 for 0.6912648677825928, at most 4 decimals
    (more only for a value below 0.001, which keeps 4 significant digits)."""
    shown = Decimal(text.strip())
    places = max(0, -shown.as_tuple().exponent)
    assert places <= 4 or abs(value) < 0.001, text
    return shown == round_half_up(Decimal(repr(value)), places)


def table(body: str, first_header: str):
    """The widest table whose header starts with ``first_header`` (a wide training log's whole table, not the
    table of its key columns)."""
    return max((t for t in parse_tables(body) if t.header and t.header[0] == first_header), key=lambda t: len(t.header))


def eval_entries(state: dict) -> list[dict]:
    end = next(i for i, e in enumerate(state["log_history"]) if "train_runtime" in e)
    return [e for e in state["log_history"][:end] if "eval_loss" in e]


@pytest.mark.parametrize("run", TRAINER_RUNS)
def test_training_results_table_equals_log_history(run):
    state = json.loads((FIXTURES / run / "trainer_state.json").read_text())
    card = build_card(trainer_dir=FIXTURES / run, repo_id="acme/tiny").text
    results = table(card, "Training Loss")
    entries = eval_entries(state)
    assert len(results.rows) == len(entries) > 0
    header = list(results.header)
    losses = [e["loss"] for e in state["log_history"] if "loss" in e]
    checked = 0
    for row, entry in zip(results.rows, entries):
        cells = dict(zip(header, row))
        last_loss = [e["loss"] for e in state["log_history"][: state["log_history"].index(entry)] if "loss" in e]
        assert exact(cells["Training Loss"], last_loss[-1] if last_loss else losses[0])
        assert exact(cells["Epoch"], entry["epoch"]) and exact(cells["Step"], entry["step"])
        assert exact(cells["Validation Loss"], entry["eval_loss"])
        for key, value in entry.items():
            if key.startswith("eval_") and key not in DROPPED and key != "eval_loss":
                assert exact(cells[title_metric(key)], value), key
                checked += 1
    assert checked > 0 or run == "trainer_sft"


@pytest.mark.parametrize("run", TRAINER_RUNS)
def test_evaluation_summary_is_the_last_evaluation(run):
    state = json.loads((FIXTURES / run / "trainer_state.json").read_text())
    last = [e for e in state["log_history"] if "eval_loss" in e][-1]
    card = build_card(trainer_dir=FIXTURES / run, repo_id="acme/tiny").text
    summary = card.split("It achieves the following results on the evaluation set:\n", 1)[1].split("\n\n", 1)[0]
    shown = dict(line[2:].split(": ", 1) for line in summary.splitlines())
    assert exact(shown["Loss"], last["eval_loss"])
    for key, value in last.items():
        if key.startswith("eval_") and key not in DROPPED and key != "eval_loss":
            assert exact(shown[title_metric(key)], value)


def test_dpo_run_is_recognised_with_its_reward_columns():
    data = read_source(FIXTURES / "trl_dpo").data
    assert data["training"]["method"] == "dpo"
    assert {"Rewards/chosen", "Rewards/margins", "Logps/rejected"} <= set(data["training"]["results"][0]["metrics"])
    assert data["training"]["framework_versions"]["TRL"] == "1.16.0"


def test_checkpoints_are_ignored_unless_asked_for():
    top = read_source(FIXTURES / "trl_dpo").data["training"]
    checkpoint = ingest(trainer_dir=FIXTURES / "trl_dpo", checkpoint="checkpoint-30", repo_id="a/b").data["training"]
    state = json.loads((FIXTURES / "trl_dpo" / "checkpoint-30" / "trainer_state.json").read_text())
    assert checkpoint["statistics"]["Global step"] == state["global_step"]
    assert "Train loss" in top["statistics"]  # the final summary exists only at the top


def test_peft_adapter_config():
    config = json.loads((FIXTURES / "peft_lora" / "adapter_config.json").read_text())
    got = read_source(FIXTURES / "peft_lora")
    model, hyper = got.data["model"], got.data["training"]["hyperparameters"]
    assert model["library_name"] == "peft" and "lora" in model["tags"]
    assert hyper["lora_r"] == config["r"] and hyper["lora_alpha"] == config["lora_alpha"]
    assert hyper["lora_dropout"] == config["lora_dropout"]
    assert hyper["lora_target_modules"] == ", ".join(sorted(config["target_modules"]))
    assert "base_model" not in model  # the adapter names a local folder, which is not a Hub id
    assert any("local path" in w.message for w in got.warnings)


@pytest.mark.parametrize("path", LM_EVAL, ids=lambda p: p.name)
def test_lm_eval_values_and_stderr_are_exact(path):
    data = json.loads(path.read_text())
    card = build_card(evals=[path], repo_id="acme/tiny").text
    rows = {}
    for t in parse_tables(card):
        if t.header[:1] in (("Benchmark",), ("Task",)):
            name = ""
            for row in t.rows:
                name = row[0] or name
                cells = dict(zip(t.header, row))
                rows[(name, cells["Metric"])] = (cells["Value"], cells["Stderr"])
    checked = expected = 0
    for task, values in data["results"].items():
        shots = data["n-shot"][task]
        label = f"{task} ({shots}-shot)" + (", aggregate" if data["group_subtasks"].get(task) else "")
        for key, value in values.items():
            if "," not in key or "_stderr" in key or not isinstance(value, (int, float)):
                continue
            expected += 1
            metric, _, filt = key.partition(",")  # "exact_match,strict-match": one row per filter
            shown, stderr = rows[(label, metric if filt == "none" else f"{metric} ({filt})")]
            assert exact(shown, value), (task, key)
            assert exact(stderr, values[f"{metric}_stderr,{filt}"]), (task, key)
            checked += 1
    assert checked == expected >= 4


def test_lm_eval_runs_with_other_shot_counts_merge_into_one_card():
    result = ingest(evals=LM_EVAL, repo_id="acme/tiny")
    ids = [e["id"] for e in result.data["evaluations"]]
    # tiny_suite (its two tasks and its aggregate) at 0 and 5 shots, then tiny_arith_gen and tiny_compare_mc at 3
    assert len(ids) == len(set(ids)) == 8
    assert {i for i in ids if i.startswith("tiny_compare_mc:")} == {f"tiny_compare_mc:{n}-shot" for n in (0, 3, 5)}
    assert {e["few_shot"] for e in result.data["evaluations"]} == {0, 3, 5}
    assert [g["name"] for g in result.data["groups"]] == ["tiny_suite"]


def test_two_runs_disagreeing_on_a_number_are_read_as_runs(tmp_path):
    """A rerun's results file passed beside the first run's: read as their folder is (the later run's numbers, with a
    warning), where the disagreement was an error (evals49)."""
    data = json.loads(LM_EVAL[0].read_text())
    data["results"]["tiny_arith_mc"]["acc,none"] += 0.1
    data["date"] += 60
    other = tmp_path / "results_rerun.json"
    other.write_text(json.dumps(data))
    got = ingest(evals=[other, LM_EVAL[0]], repo_id="acme/tiny")
    [evaluation] = [e for e in got.data["evaluations"] if e["id"].startswith("tiny_arith_mc")]
    assert evaluation["metrics"][0]["value"] == data["results"]["tiny_arith_mc"]["acc,none"]
    [rerun] = [w for w in got.warnings if w.code == "superseded-run"]
    assert rerun.file == str(other) and f"of the earlier run {LM_EVAL[0]}" in rerun.message


@pytest.mark.parametrize("path", LIGHTEVAL, ids=lambda p: p.name)
def test_lighteval_values_and_stderr_are_exact(path):
    data = json.loads(path.read_text())
    card = build_card(evals=[path], repo_id="acme/tiny").text
    results = table(card, "Benchmark")
    metric_at, value_at, stderr_at = (results.header.index(column) for column in ("Metric", "Value", "Stderr"))
    shown = {}
    name = ""
    for row in results.rows:
        name = row[0] or name
        shown[(name, row[metric_at])] = (row[value_at], row[stderr_at])
    checked = 0
    for key, values in data["results"].items():
        if key == "all" or ":_average" in key:
            continue
        task, shots = key.split("|")
        for metric, value in values.items():
            if metric.endswith("_stderr"):
                continue
            value_text, stderr_text = shown[(f"{task} ({shots}-shot)", metric)]
            assert exact(value_text, value)
            assert exact(stderr_text, values[f"{metric}_stderr"])
            checked += 1
    assert checked >= 4


def test_formats_are_detected():
    assert detect_format(FIXTURES / "trl_dpo") == "trainer"
    assert detect_format(LM_EVAL[0]) == "lm-eval"
    assert detect_format(LIGHTEVAL[0]) == "lighteval"


def test_build_from_trainer_and_lm_eval_validates(tmp_path):
    out = tmp_path / "README.md"
    build_card(trainer_dir=FIXTURES / "trl_dpo", evals=LM_EVAL + LIGHTEVAL, repo_id="acme/tiny-dpo", output=out)
    report = validate_card(out)
    assert report.ok, [str(p) for p in report.errors]


def test_hand_written_records_win_and_are_reported(tmp_path):
    extra = tmp_path / "card.yaml"
    extra.write_text("model:\n  repo_id: acme/tiny-dpo\n  license: apache-2.0\n  base_model: acme/tiny-sft\n"
                     "training:\n  method: dpo\n  hyperparameters: {train_batch_size: 16}\n")
    result = build_card(trainer_dir=FIXTURES / "trl_dpo", records=[extra])
    assert "- train_batch_size: 16" in result.text
    assert any(w.severity == "warning" and "train_batch_size" in w.path for w in result.warnings)


def test_hand_written_model_without_repo_id_takes_it_from_repo_id(tmp_path):
    """A partial records file (the model's license, no repo id) beside --repo-id: the repo id comes from there."""
    extra = tmp_path / "card.yaml"
    extra.write_text("model:\n  license: mit\n")
    result = build_card(trainer_dir=FIXTURES / "trainer_sft", records=[extra], repo_id="acme/tiny-sft")
    assert "license: mit" in result.text and "acme/tiny-sft" in result.text
    # with no repo id anywhere, the card takes the name the Trainer gave the model (its card's title), as the
    # Trainer's own card does, without the Quick start, and a warning says so
    result = build_card(trainer_dir=FIXTURES / "trainer_sft", records=[extra])
    assert "\n# trainer_sft\n" in result.text and "Quick start" not in result.text
    assert [(p.code, p.path) for p in result.warnings if p.code == "no-repo-id"] == [("no-repo-id", "$.model.repo_id")]


def test_broken_tool_files_are_clear_errors(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trl_dpo", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    state = run / "trainer_state.json"
    text = state.read_text()
    state.write_text(text[: len(text) // 2])
    with pytest.raises(InputError) as exc:
        ingest(trainer_dir=run, repo_id="a/b")
    assert "trainer_state.json" in str(exc.value) and "truncated" in str(exc.value)
    data = json.loads(text)
    last = max(i for i, entry in enumerate(data["log_history"]) if "loss" in entry)
    data["log_history"][last]["loss"] = float("nan")  # the loss the run ends on: it diverged (a mid-run one is left
    state.write_text(json.dumps(data))  # out with a warning: test_trainer's NaN tests)
    with pytest.raises(InputError) as exc:
        ingest(trainer_dir=run, repo_id="a/b")
    assert f"$.log_history[{last}].loss" in str(exc.value) and "not a finite number" in str(exc.value)


def test_unknown_file_gets_a_format_hint(tmp_path):
    odd = tmp_path / "notes.json"
    odd.write_text('{"hello": 1}')
    with pytest.raises(InputError, match="--format"):
        ingest(sources=[odd], repo_id="a/b")


@pytest.mark.parametrize("how", ["source", "trainer_dir"])
def test_results_an_eval_tool_wrote_into_the_runs_folder_are_read_with_the_run(tmp_path, how):
    """lighteval 0.9-0.10 given the model's absolute path writes results_<date>.json into the model's folder (its
    runs in fixtures/versions/evals/lighteval-0.10.0/tiny-llama); beside a Trainer run's files that folder reads as a
    Trainer run, and its scores were never read, without a word."""
    run = tmp_path / "tiny-llama"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    written = sorted((FIXTURES / "versions" / "evals" / "lighteval-0.10.0" / "tiny-llama").glob("results_*.json"))
    for path in written:
        shutil.copy(path, run / path.name)
    alone = ingest(sources=[FIXTURES / "versions" / "evals" / "lighteval-0.10.0" / "tiny-llama"], repo_id="acme/t")
    got = ingest(sources=[run], repo_id="acme/t") if how == "source" else ingest(trainer_dir=run, repo_id="acme/t")
    assert written and got.data["evaluations"] == alone.data["evaluations"]
    assert got.data["training"]["results"] == ingest(trainer_dir=FIXTURES / "trainer_sft").data["training"]["results"]
    assert "evaluations" not in ingest(trainer_dir=FIXTURES / "trainer_sft", repo_id="acme/t").data


# ---------------------------------------------------------------------------- a person's README in the run's folder

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


@pytest.mark.parametrize("how", ["trainer_dir", "source"])
def test_a_persons_readme_in_the_run_folder_is_read_as_the_card_with_the_run(how):
    """Tanisha-anshu/OpenAi-Whisper-small-Braj: the run's folder holds the author's own README (notes on the scripts).
    `build --trainer-dir OUT` and `ingest OUT` dropped its text and left it to publish as a conflict, telling the user
    to run `modelcard ingest OUT OUT/README.md`; they now read it as that does: the same records, its text held, the
    file adopted (model.card_source) and no readme-not-read warning."""
    run = SHAPES / "project_readme_beside_run_4.44"
    got = ingest(trainer_dir=run, repo_id="a/b") if how == "trainer_dir" else ingest(sources=[run], repo_id="a/b")
    by_hand = ingest(sources=[run, run / "README.md"], repo_id="a/b")
    assert got.data == by_hand.data and got.sources == (str(run), str(run / "README.md"))
    assert [(w.file, w.path, w.code) for w in got.warnings] == [(w.file, w.path, w.code) for w in by_hand.warnings]
    assert "readme-not-read" not in [w.code for w in got.warnings]
    assert got.data["model"]["card_source"]["blob"]
    assert "This repository contains the relevant scripts" in json.dumps(got.data)
    assert got.data["training"]["results"]  # the run's own facts as before: its trainer_state.json's log


def test_where_a_persons_readme_and_the_run_disagree_the_run_wins_as_ingest_with_the_readme_does():
    """JapanMarketing-Dev/pdfme-fineturning: the author's README names Qwen3-VL-32B-Instruct as the base model, the
    adapter's adapter_config.json Qwen3-VL-8B-Instruct. Read with the run, the README's text is kept and what ran is
    the base, the disagreement named, as `ingest OUT OUT/README.md` has it."""
    run = SHAPES / "person_card_beside_adapter_peft_0.18"
    got = build_card(trainer_dir=run, repo_id="a/b")
    assert got.text == build_card(sources=[run, run / "README.md"], repo_id="a/b").text
    data = ingest(trainer_dir=run, repo_id="a/b").data
    assert data["model"]["base_model"] == "Qwen/Qwen3-VL-8B-Instruct" and "card_source" in data["model"]
    assert data == ingest(sources=[run, run / "README.md"], repo_id="a/b").data
    assert any(w.code == "conflicting-values" and w.path == "$.model.base_model" and w.file == str(run / "README.md")
               for w in got.warnings)
    assert "# PDFme Form Field Detection" in got.text and "### 解決したい課題" in got.text
    assert "readme-not-read" not in [w.code for w in got.warnings]


@pytest.mark.parametrize("how", ["trainer_dir", "source"])
def test_a_readme_without_frontmatter_beside_the_run_is_said_to_become_the_cards_text(how):
    """A README with no frontmatter over a run (a GitHub project's notes: 94 of e2e32's 551 folders,
    adu3110/LLM-Project-to-Build-and-Fine-Tune-a-Large-Language-Model here) was warned as a card alone is: "its
    metadata left empty", fix "pass --repo-id, then add license, tags and the rest": untrue beside the run, whose files
    give the card's metadata (and the repo id has its own warning). What the user needs to hear is that its text
    becomes the card's: the same code, read either way."""
    run = SHAPES / "project_readme_titled_in_bold_4.32"
    got = ingest(trainer_dir=run) if how == "trainer_dir" else ingest(sources=[run, run / "README.md"])
    (warned,) = [w for w in got.warnings if w.code == "no-frontmatter"]
    assert warned.file == str(run / "README.md")
    assert "kept as the card's" in warned.message and "left empty" not in warned.message
    assert "--repo-id" not in warned.fix and "move it out of the run's folder" in warned.fix
    alone = ingest(sources=[run / "README.md"], repo_id="a/b")  # the same README read as a card alone: as before
    (warned,) = [w for w in alone.warnings if w.code == "no-frontmatter"]
    assert "left empty" in warned.message


def test_a_readme_a_trainer_wrote_is_read_with_the_run_alone():
    """A Trainer's or TRL's own card is the run's (its facts read by the Trainer reader): no card import beside it."""
    for run in TRAINER_RUNS:
        got = ingest(trainer_dir=FIXTURES / run, repo_id="a/b")
        assert got.sources == (str(FIXTURES / run),)


def test_a_persons_readme_read_with_the_run_gives_the_summary_as_the_card_import_reads_it():
    """adu3110/LLM-Project-to-Build-and-Fine-Tune-a-Large-Language-Model: the project's README over a run's
    trainer_state.json, titled in bold (`# **LLM Project ...**`). The Trainer reader's summary (the text under the
    title, without it) disagreed with the card import's (the title kept in the text, as the card has it) and, the
    run's part first, won: the card lost the title, with a conflicting-values warning about one README's two readings."""
    run = SHAPES / "project_readme_titled_in_bold_4.32"
    got = ingest(trainer_dir=run, repo_id="a/b")
    assert got.data["model"]["summary"].startswith("# **LLM Project to Build and Fine Tune a Large Language Model**")
    assert [(w.path, w.code) for w in got.warnings] == [("", "no-frontmatter")]
    assert got.data == ingest(sources=[run, run / "README.md"], repo_id="a/b").data
    assert got.data["training"]["results"]


@pytest.mark.parametrize("run", ["whisper_readme_passed_4.25", "trl_0.12_edited", "edited_intro_4.12"])
def test_a_runs_own_trainer_readme_passed_too_is_read_once(run):
    """`ingest OUT OUT/README.md` with the card the Trainer or TRL wrote in OUT (Merlinmy/Whisper_small_hi, transformers
    4.25): the README was read twice, by the Trainer reader and as a card, and the two readings of one file disagreed
    (the rounded "Training results" table with trainer_state.json's log, TRL's badge line with the person's
    description, the Trainer's intro with the person's summary). The run reads it once, as `ingest OUT` does."""
    folder = SHAPES / run
    both = ingest(sources=[folder, folder / "README.md"], repo_id="a/b")
    alone = ingest(sources=[folder], repo_id="a/b")
    assert both.data == alone.data and both.sources == (str(folder),)
    assert [(w.path, w.code) for w in both.warnings] == [(w.path, w.code) for w in alone.warnings]
    assert "conflicting-values" not in [w.code for w in both.warnings]


@pytest.mark.parametrize("run", ["whisper_readme_passed_4.25", "trl_0.12_edited", "edited_intro_4.12",
                                 "project_readme_beside_run_4.44"])
def test_a_runs_readme_passed_too_is_read_as_often_as_ingest_out_reads_it(monkeypatch, run):
    """`ingest OUT OUT/README.md`, in either order and with OUT as the trainer folder: the run's folder is read first,
    and a README it read as the card a Trainer or TRL wrote is not read again as a card (it was, and that reading was
    then dropped: two card readings where `ingest OUT` makes one); a person's README is the card the run's reader read
    it as, read with the run, not read again as a source. Either way the README is read as a card as often as `ingest OUT` reads it."""
    import generator.sources.card as card_reader
    import generator.sources.pipeline as pipeline

    folder = SHAPES / run
    readme = folder / "README.md"
    sources: list[Path] = []
    cards: list[Path] = []
    real_source, real_card = pipeline.read_source, card_reader.read_card
    monkeypatch.setattr(pipeline, "read_source", lambda path, *a, **k: sources.append(Path(path)) or
                        real_source(path, *a, **k))
    monkeypatch.setattr(card_reader, "read_card", lambda path, *a, **k: cards.append(Path(path)) or
                        real_card(path, *a, **k))
    alone = ingest(sources=[folder], repo_id="a/b")
    by_the_run = cards.count(readme)
    assert by_the_run >= 1 and sources.count(readme) == 0
    for how in ({"sources": [folder, readme]}, {"sources": [readme, folder]},
                {"trainer_dir": folder, "sources": [readme]}):
        sources.clear()
        cards.clear()
        got = ingest(repo_id="a/b", **how)  # type: ignore[arg-type]
        assert sources.count(readme) == 0 and cards.count(readme) == by_the_run, how
        assert sources.count(folder) == (folder in how["sources"]), how
        assert got.data == alone.data


@pytest.mark.parametrize("run", ["project_readme_beside_run_4.44", "person_card_beside_adapter_peft_0.18",
                                 "unsloth_readme_above_title_4.49", "project_readme_titled_in_bold_4.32"])
@pytest.mark.parametrize("repo_id", [None, "a/b"])
def test_a_persons_readme_beside_a_run_is_read_as_a_card_once(monkeypatch, run, repo_id):
    """`ingest OUT` and `build --trainer-dir OUT` with a person's README in OUT: the Trainer reader read it as a card
    (to tell it from one a Trainer wrote), then the pipeline read it again as the card read with the run; now the
    reader's reading, made as the pipeline's was (the model's repo id, PEFT's unfilled template left out), is the
    card's. Read once, and the records are those of `ingest OUT OUT/README.md`, which reads it as a source."""
    import generator.sources.card as card_reader

    folder = SHAPES / run
    readme = folder / "README.md"
    cards: list[Path] = []
    real_card = card_reader.read_card
    monkeypatch.setattr(card_reader, "read_card", lambda path, *a, **k: cards.append(Path(path)) or
                        real_card(path, *a, **k))
    named = {"repo_id": repo_id} if repo_id else {"placeholder_repo_id": "your-org/your-model"}
    for how in ({"sources": [folder]}, {"trainer_dir": folder}):
        cards.clear()
        got = ingest(**how, **named)  # type: ignore[arg-type]
        assert cards.count(readme) == 1, how
        assert got.sources[-1] == str(readme) and "card_source" in got.data["model"], how
        assert "readme-not-read" not in [w.code for w in got.warnings], how
        assert got.data == ingest(sources=[folder, readme], **named).data, how  # type: ignore[arg-type]


def test_a_card_showing_the_runs_log_rounded_is_the_same_log(tmp_path):
    """The Hub's copy of Merlinmy/Whisper_small_hi's README, read with the run folder it was written from: its
    table shows trainer_state.json's values rounded to 4 decimals (0.3075 of 0.30747494101524353), which is the same
    log, not a disagreement; the exact values are kept, whichever source comes first."""
    folder = SHAPES / "whisper_readme_passed_4.25"
    (tmp_path / "README.md").write_bytes((folder / "README.md").read_bytes())
    exact = ingest(sources=[folder], repo_id="a/b").data["training"]["results"]
    for sources in ([folder, tmp_path / "README.md"], [tmp_path / "README.md", folder]):
        got = ingest(sources=sources, repo_id="a/b")
        assert "conflicting-values" not in [w.code for w in got.warnings]
        assert got.data["training"]["results"] == exact
        assert exact[0]["validation_loss"] == 0.30747494101524353


def test_a_card_beside_the_run_whose_usage_code_loads_the_repo_gets_no_second_quick_start():
    """philschmid/bart-large-cnn-samsum (a SageMaker run beside its author's card): the card's "## Usage" runs the
    repo's summarization pipeline. Read alone the card names no library, so nothing was weighed against it; read with
    the run (config.json: transformers) the card got a generated AutoModelForSeq2SeqLM Quick start above its own. Now
    it keeps its own alone; given another repo id, which its code does not load, the generated one is written."""
    run = SHAPES / "sagemaker_memory_metrics_4.4"
    own = build_card(trainer_dir=run)
    assert own.records.model.repo_id == "philschmid/bart-large-cnn-samsum"
    assert "## Quick start" not in own.text
    assert own.text.count('pipeline("summarization", model="philschmid/bart-large-cnn-samsum")') == 1
    other = build_card(trainer_dir=run, repo_id="a/b")
    assert "## Quick start" in other.text and 'AutoModelForSeq2SeqLM.from_pretrained("a/b"' in other.text
