import pytest
from conftest import MINIMAL

from generator import render_card, validate_card


def test_rendered_records_validate(write):
    report = validate_card(write("r.yaml", MINIMAL))
    assert report.ok
    assert report.values_checked >= 2


def test_card_whose_tables_disagree_lists_every_problem(write):
    card = render_card(write("r.yaml", MINIMAL))
    card = card.replace("| 58.45 |", "| 58.54 |").replace("| 45.56 |", "| 45.65 |")
    report = validate_card(write("README.md", card))
    assert not report.ok
    messages = [str(p) for p in report.errors]
    assert len(messages) == 2
    assert any("ARC Challenge normalized accuracy = 58.54, model-index says 58.45" in m for m in messages)
    assert any("GSM8K exact_match = 45.65, model-index says 45.56" in m for m in messages)
    assert all("README.md: line " in m for m in messages)


def test_a_table_of_a_card_another_tool_wrote_is_checked_against_every_score_of_its_result(write):
    """The Open LLM Leaderboard bot, run again on a renamed model (anthracite-org/magnum-v1-72b, hub_shapes/ORIGINS.txt),
    adds its new scores to each model-index result after the old ones and a second table showing them: the card
    agrees with itself. A table of such a card that shows what no score says is a warning (the Hub takes the card,
    and which of the two is right is its author's to say); in a card this generator wrote, an error (above)."""
    from pathlib import Path

    card = (Path(__file__).resolve().parent / "hub_shapes" / "leaderboard_second_run.md").read_text()
    assert validate_card(write("README.md", card)).problems == ()
    edited = card.replace("|MMLU-PRO (5-shot)  |40.80|", "|MMLU-PRO (5-shot)  |41.80|").replace("55.45", "55.95")
    report = validate_card(write("README.md", edited))
    assert report.ok and [(p.code, p.path) for p in report.warnings] == [("table-value-mismatch", "line 67")]
    assert "MMLU-PRO (5-shot) = 41.80, model-index says 40.5" in report.warnings[0].message


def test_a_table_may_show_a_score_as_python_rounds_it_or_as_a_percentage(write):
    """Another tool's table rounds a model-index float as Python's format does (its binary value: 62.025 shows as
    62.02, 12.745 as 12.74), and a card may show a fraction as a percentage (HuggingFaceH4/zephyr-7b-beta's AlpacaEval
    win rate 0.9060, shown as 90.60; hub_shapes/ORIGINS.txt): neither is a conflict. A score the table shows wrong,
    at any scale, still is."""
    from pathlib import Path

    card = (Path(__file__).resolve().parent / "hub_shapes" / "table_percent_and_python_rounding.md").read_text()
    report = validate_card(write("README.md", card))
    assert report.problems == () and report.values_checked == 3
    # a score in quotes (Voyager1/asr-wav2vec2-commonvoice-es's `value: '23.45'`) is that number: shown, no conflict
    quoted = validate_card(write("README.md", card.replace("value: 62.025", "value: '62.025'")))
    assert quoted.problems == () and quoted.values_checked == 3
    for shown, wrong in (("| 90.6% |", "| 91.6% |"), ("|62.02|", "|62.04|"), ("|12.74|", "|0.1374|")):
        edited = validate_card(write("README.md", card.replace(shown, wrong)))
        assert [p.code for p in edited.problems if p.code != "average-mismatch"] == ["table-value-mismatch"], wrong


def test_a_table_cell_past_any_float_is_no_number_to_compare(write):
    """A leaderboard table whose cells hold 1e999999 (no float a model-index holds is that large) made the mean of the
    values shown overflow Decimal's context: a traceback. Such a cell is no number to compare, like NaN."""
    card = ("---\nmodel-index:\n- name: m\n  results:\n" + "".join(
        f"  - task: {{type: text-generation}}\n    dataset: {{name: {name}, type: {name.lower()}}}\n"
        f"    metrics: [{{type: acc, value: 50.0}}]\n" for name in ("ARC", "GSM8k")) +
        "---\n\n| Metric | Value |\n|---|---:|\n| Avg. | 1e999999 |\n| ARC | 9.9e999999 |\n| GSM8k | 9.9e999999 |\n")
    report = validate_card(write("README.md", card))
    assert report.problems == () and report.values_checked == 0


def test_edited_model_index_is_caught_too(write):
    card = render_card(write("r.yaml", MINIMAL)).replace("value: 58.45", "value: 60.0")
    report = validate_card(write("README.md", card))
    assert [p.path for p in report.errors] and "model-index says 60.0" in str(report.errors[0])


SPLITS = """model:
  repo_id: acme/embedder
  pipeline_tag: sentence-similarity
evaluations:
- benchmark: MTEB SciFact (default)
  dataset: {id: mteb/scifact, config: default, split: test}
  metrics: [{type: main_score, value: 59.348, stderr: 0.5}, {type: recall_at_5, value: 65.261}]
- benchmark: MTEB SciFact (default)
  dataset: {id: mteb/scifact, config: default, split: train}
  metrics: [{type: main_score, value: 61.813, stderr: 0.7}, {type: recall_at_5, value: 69.868}]
"""


def test_results_of_one_benchmark_name_on_two_splits_are_each_checked(write):
    """A sentence-transformers card's MTEB results name a dev/train and a test split alike: each table row is
    held to its own model-index result, not to the first one of that name."""
    card = render_card(write("r.yaml", SPLITS))
    report = validate_card(write("README.md", card))
    assert report.ok and report.values_checked == 4, [str(p) for p in report.problems]
    edited = validate_card(write("edited.md", card.replace("| 69.868 |", "| 69.886 |")))
    assert [str(p).split(": ", 2)[2] for p in edited.errors] == [
        "table shows MTEB SciFact (default) recall_at_5 = 69.886, model-index says 69.868 (fix: make the table and "
        "the model-index agree (re-render from the records))"]


def test_results_of_one_benchmark_name_show_their_split_and_read_back_as_their_own(write):
    """Two results named alike are told apart by a Split column, and reading the card back gives each its own
    stderr (the table's second group of rows is the name's second result, not the first one again)."""
    from generator import ingest

    card = render_card(write("r.yaml", SPLITS))
    rows = [line for line in card.splitlines() if line.startswith("| MTEB")]
    assert [row.split("|")[2].strip() for row in rows] == ["test", "train"]
    back = ingest([write("README.md", card)]).data
    assert [(e["dataset"]["split"], e["metrics"][0].get("stderr")) for e in back["evaluations"]] == [
        ("test", 0.5), ("train", 0.7)]


@pytest.mark.parametrize("metric, checked", [("{type: {a: 1}, value: 5}", 0), ("{type: {a: 1}, name: [x], value: 5}", 0),
                                             ("{type: acc, name: {a: 1}, value: 5}", 1)])
def test_a_metric_named_by_a_mapping_is_reported_not_a_crash(write, metric, checked):
    """A model-index metric whose type or name is a mapping (not hashable) is reported as the Hub's rules say;
    reading the card's results for its tables does not stop on it (it raised TypeError: unhashable type)."""
    report = validate_card(write("README.md", f"""---
license: mit
model-index:
- name: x
  results:
  - task: {{type: text-generation}}
    dataset: {{name: ARC, type: ai2_arc}}
    metrics:
    - {metric}
---
| Benchmark | Metric | Value |
| --- | --- | --- |
| ARC | acc | 5 |
"""))
    assert all(p.path == "model-index[0].results[0].metrics[0].type" for p in report.errors)
    assert report.ok == bool(checked) and report.values_checked == checked  # the row is held to the metric's type


def test_card_without_frontmatter_and_bad_metadata(write):
    report = validate_card(write("README.md", "# Just a title\n"))  # the Hub takes it, warning of missing metadata
    assert report.ok and [p.code for p in report.warnings] == ["no-frontmatter"]
    assert "no YAML frontmatter" in str(report.warnings[0])
    report = validate_card(write("README.md", "---\nlicense: apache2\nlanguage: jp\nlicense: mit\n---\n# x\n"))
    assert "duplicate key 'license'" in str(report.errors[0])
    report = validate_card(write("README.md", "---\nlicense: apache2\nlanguage: jp\n---\n# x\n"))
    assert {p.path for p in report.errors} == {"license", "language"}


def test_leaderboard_average_in_a_card_is_checked(write):
    base = MINIMAL.replace("stderr: 1.44}", "stderr: 1.44}\n    source: {name: LB, url: 'https://x.org'}")
    base = base.replace("value: 45.56}", "value: 45.56}\n    source: {name: LB, url: 'https://x.org'}")
    card = render_card(write("r.yaml", base + "leaderboards: [{source: LB}]\n"))
    assert "| Average       | 52.01 |" in card
    report = validate_card(write("README.md", card.replace("| Average       | 52.01 |", "| Average       | 55.01 |")))
    assert "Average 55.01 is not the mean" in str(report.errors[0])
    # so in the card saved on the Hub with CRLF line ends: its table's lines end in "\r", which made it a person's
    # table (cards54), the edited average a warning
    crlf = card.replace("| Average       | 52.01 |", "| Average       | 55.01 |").replace("\n", "\r\n").encode()
    report = validate_card(write("crlf.md", crlf))
    assert "Average 55.01 is not the mean" in str(report.errors[0])


def _zephyr_card(tmp_path):
    from conftest import EXAMPLES

    return render_card(EXAMPLES / "zephyr-7b-gemma-v0.1")


def _begin_line(card: str, block: str) -> int:
    return next(n for n, line in enumerate(card.splitlines(), 1)
                if line.startswith(f"<!-- modelcard-generator:begin {block} "))


def test_a_training_loss_and_a_baseline_edited_by_hand_are_reported(write, tmp_path, capsys):
    from generator.cli.main import main

    card = _zephyr_card(tmp_path)
    loss_row = "| 0.1923        | 1.9   | 100  | 0.4736 "
    baseline = "| [zephyr-7b-beta](https://huggingface.co/HuggingFaceH4/zephyr-7b-beta)               |     7.34 |  43.81 |"
    assert card.count(loss_row) == 1 and card.count(baseline) == 1
    edited = card.replace(loss_row, loss_row.replace("0.1923", "0.1823")).replace(baseline,
                                                                                  baseline.replace("43.81", "53.81"))
    path = write("README.md", edited)
    report = validate_card(path)
    assert report.ok and not report.errors  # neither number is in the model-index: only the digests see them
    found = [(p.code, p.path, p.message) for p in report.warnings]
    assert [code for code, _, _ in found] == ["generated-block-edited"] * 2
    training, evaluation = _begin_line(edited, "training"), _begin_line(edited, "evaluation")
    assert found[0][1] == f"line {training}" and "'training' block" in found[0][2]
    assert found[1][1] == f"line {evaluation}" and "'evaluation' block" in found[1][2]
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"README.md: line {training}: the generated 'training' block (lines {training}-" in err
    assert main(["validate", "--strict", str(write("ok/README.md", card))]) == 0


def test_only_the_edited_block_is_named_and_text_between_blocks_is_free(write, tmp_path):
    card = _zephyr_card(tmp_path)
    note = "<!-- modelcard-generator:end details -->\n\nA note a person added on the Hub.\n"
    card = card.replace("<!-- modelcard-generator:end details -->\n", note)
    assert validate_card(write("README.md", card)).problems == ()
    edited = card.replace("- **Model type:** A 7B", "- **Model type:** A 70B")
    problems = validate_card(write("README.md", edited)).warnings
    assert [(p.code, p.path) for p in problems] == [("generated-block-edited", f"line {_begin_line(edited, 'details')}")]


def test_a_removed_marker_and_edited_metadata_are_reported(write, tmp_path):
    card = _zephyr_card(tmp_path)
    no_end = card.replace("<!-- modelcard-generator:end training -->\n", "")
    problems = validate_card(write("README.md", no_end)).warnings
    assert [p.code for p in problems] == ["generated-block-edited"]
    assert "begin marker of the generated 'training' block has no end marker" in problems[0].message
    assert problems[0].path == f"line {_begin_line(no_end, 'training')}"
    relicensed = card.replace("license_name: gemma-terms-of-use", "license_name: my-terms", 1)
    problems = validate_card(write("README.md", relicensed)).warnings
    assert [(p.code, p.path) for p in problems] == [("generated-metadata-edited", "frontmatter")]
    assert "license_name" in problems[0].message


def _round_trip(text: str) -> list[tuple]:
    """The eval results huggingface_hub finds after it rewrites the card's model-index."""
    from huggingface_hub import ModelCard
    from huggingface_hub.repocard_data import eval_results_to_model_index, model_index_to_eval_results

    data = ModelCard(text).data
    _, results = model_index_to_eval_results(eval_results_to_model_index(data.model_name, data.eval_results))
    return sorted((r.dataset_name, r.task_name, r.source_url, r.metric_type, r.metric_name, r.metric_value)
                  for r in results)


def _flat(text: str) -> list[tuple]:
    from huggingface_hub import ModelCard

    return sorted((r.dataset_name, r.task_name, r.source_url, r.metric_type, r.metric_name, r.metric_value)
                  for r in ModelCard(text).data.eval_results)


def test_results_huggingface_hub_merges_are_reported_only_when_the_merge_loses_something(write):
    """RoGemma's card lists XQuAD twice (exact_match, then f1) with the same task and dataset: huggingface_hub
    regroups them into one result and loses nothing, so the card passes --strict. Two results alike but for
    their dataset name or source lose one of them in the rewrite, and that is reported."""
    from conftest import EXAMPLES

    card = render_card(EXAMPLES / "rogemma2-9b-instruct-dpo")
    assert card.count("name: XQuAD\n") == 2
    assert _round_trip(card) == _flat(card)
    report = validate_card(write("README.md", card))
    assert "duplicate-result" not in {p.code for p in report.problems}
    renamed = card.replace("name: XQuAD\n", "name: XQuAD (ro)\n", 1)
    assert _round_trip(renamed) != _flat(renamed)  # one of the two names is gone
    found = [p for p in validate_card(write("README.md", renamed)).warnings if p.code == "duplicate-result"]
    assert len(found) == 1 and "but not dataset.name" in found[0].message


def test_counts_agree_in_number_in_messages(write, tmp_path):
    """A one-member leaderboard's average says "its 1 value"; lm-eval's --limit 1 says "1 example"."""
    import json

    from conftest import ROOT

    from generator.errors import RecordsError
    from generator.records.loader import load_records
    from generator.sources.lm_eval import read_lm_eval

    base = MINIMAL.replace("stderr: 1.44}", "stderr: 1.44}\n    source: {name: LB, url: 'https://x.org'}")
    with pytest.raises(RecordsError) as raised:
        load_records(write("r.yaml", base + "leaderboards: [{source: LB, average: 60}]\n"))
    messages = [p.message for p in raised.value.problems]
    assert any("60 is not the mean of its 1 value (58.4500)" in m for m in messages), messages
    local_runs = ROOT / "tests" / "fixtures" / "lm_eval" / "results"
    data = json.loads(next(local_runs.glob("*/results_*.json")).read_text())
    data.pop("n-samples", None)
    for limit, said in ((1, "at most 1 example of each task"), (5, "at most 5 examples of each task"),
                        (0.1, "at most 10% of the examples of each task")):
        data.setdefault("config", {})["limit"] = limit
        path = tmp_path / "results_limited.json"
        path.write_text(json.dumps(data))
        warnings = [w.message for w in read_lm_eval(path).warnings if w.code == "limited-run"]
        assert len(warnings) == 1 and said in warnings[0], warnings


_MANY = """
import json, sys
from generator.check.validate import CheckReport, validate_cards, worker_processes
paths = sys.argv[1:]
assert worker_processes(len(paths), 2) == 2, "this process forks two workers"
def row(path, r):
    return [path, r.as_dict() if isinstance(r, CheckReport) else [type(r).__name__, [p.as_dict() for p in r.problems]]]
full = list(validate_cards(paths, jobs=2))
assert any(isinstance(r, CheckReport) and r.metadata for _, r in full), "reports hold their frontmatter"
lean = list(validate_cards(paths, jobs=2, metadata=False))
assert all(r.metadata is None for _, r in lean if isinstance(r, CheckReport)), "metadata=False: none sent back"
assert [row(*x) for x in lean] == [row(*x) for x in full]
print(json.dumps([row(*x) for x in full]))
"""


def test_many_cards_are_checked_in_worker_processes_with_the_same_reports(tmp_path):
    """validate_cards over many paths (worker processes, as `modelcard validate` over a repository's cards): the
    same reports, in the same order, as one process checking them one by one; unreadable input is reported too.
    Without their metadata (as the command line asks for them) the reports are otherwise the same."""
    import json
    import os
    import subprocess
    import sys

    from generator.check.validate import CheckReport, validate_cards

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    examples = os.path.join(root, "examples")
    names = sorted(os.listdir(examples))
    texts = [render_card(os.path.join(examples, name)) for name in names]
    paths = []
    for i in range(12):
        text = texts[i % len(texts)]
        if i == 3:
            text = text.replace("value: ", "value: 1", 1)  # a model-index value no longer what the table shows
        if i == 7:
            text = text.replace("---\n", "", 1)  # no frontmatter: a warning, as on the Hub
        card = tmp_path / f"card-{i}" / "README.md"
        card.parent.mkdir()
        card.write_text(text, encoding="utf-8")
        paths.append(str(card))
    paths += [str(tmp_path / "missing" / "README.md"), os.path.join(examples, names[0])]  # an error; a record set
    sequential = [[path, r.as_dict() if isinstance(r, CheckReport) else [type(r).__name__,
                                                                         [p.as_dict() for p in r.problems]]]
                  for path, r in validate_cards(paths, jobs=1)]
    assert [ok for _, r in sequential for ok in ([r["ok"]] if isinstance(r, dict) else [r[0]])].count(False) == 1
    assert [p["code"] for p in sequential[7][1]["problems"]] == ["no-frontmatter"]
    got = subprocess.run([sys.executable, "-c", _MANY, *paths], capture_output=True, text=True, cwd=root,
                         check=True)
    assert json.loads(got.stdout) == sequential


def test_an_unclosed_frontmatter_is_a_warning_as_the_hub_takes_the_card(write):
    """The Hub reads a README whose opening --- is never closed as one without metadata, and accepts it."""
    report = validate_card(write("README.md", "---\nlicense: mit\n# Title\n\nText.\n"))
    assert report.ok and [p.code for p in report.warnings] == ["unclosed-frontmatter"]
    assert "never closed" in str(report.warnings[0]) and "accepts the card" in str(report.warnings[0])


def test_a_dash_short_opener_is_named_at_line_1(write):
    """A card opening with -- over a block of card keys (mrm8488's 2020 cards in transformers' model_cards/,
    card_shapes/ORIGINS.txt): the Hub reads no metadata and shows the lines as text; the check says so at line 1, with
    the fix, as ingest reads it (short-opener). -- over text that is no card keys is a card without metadata."""
    report = validate_card(write("README.md", "--\nlanguage: en\nlicense: mit\n---\n\n# Title\n\nText.\n"))
    assert report.ok and [(p.code, p.path) for p in report.warnings] == [("short-opener", "line 1")]
    assert "dash short" in str(report.warnings[0]) and "shows these lines as text" in str(report.warnings[0])
    assert "write --- on line 1" in report.warnings[0].fix
    # blank lines before the -- (the block reader allows them, as huggingface_hub's does): named at its own line
    report = validate_card(write("README.md", "\n\n--\nlanguage: en\nlicense: mit\n---\n\n# Title\n\nText.\n"))
    assert [(p.code, p.path) for p in report.warnings] == [("short-opener", "line 3")]
    assert "write --- on line 3" in report.warnings[0].fix
    report = validate_card(write("README.md", "--\nNote: beta\n---\n\n# Title\n\nText.\n"))
    assert report.ok and [p.code for p in report.warnings] == ["no-frontmatter"]


def test_a_value_written_as_text_is_checked_in_a_readme_as_written(write):
    """An RL card's `value: -74.60 +/- 11.48` is no warning (the Hub takes a number or a string), and its table
    cell must show it: a changed spread, in the table or in the model-index, is a mismatch."""
    from conftest import RL_RECORDS

    card = render_card(write("r.yaml", RL_RECORDS))
    assert "      value: -74.60 +/- 11.48\n" in card and "| Acrobot-v1 | mean_reward | -74.60 +/- 11.48 |" in card
    report = validate_card(write("README.md", card))
    assert report.ok and not report.warnings and report.values_checked == 2, [str(p) for p in report.problems]
    edited = validate_card(write("edited.md", card.replace("| -74.60 +/- 11.48 |", "| -74.60 +/- 1.48  |")
                                 .replace("value: 500.00 +/- 0.00", "value: 500.00 +/- 9.00")))
    assert [str(p).split(": ", 2)[2] for p in edited.errors] == [
        "table shows Acrobot-v1 mean_reward = -74.60 +/- 1.48, model-index says -74.60 +/- 11.48 (fix: make the "
        "table and the model-index agree (re-render from the records))",
        "table shows CartPole-v1 = 500.00 +/- 0.00, model-index says 500.00 +/- 9.00 (fix: make the table and the "
        "model-index agree (re-render from the records))"]


def test_a_value_in_words_is_still_a_warning(write):
    report = validate_card(write("README.md", "---\nmodel-index:\n- name: x\n  results:\n  - task: {type: "
                                              "reinforcement-learning}\n    dataset: {name: A, type: a}\n"
                                              "    metrics:\n    - {type: mean_reward, value: nan +/- nan}\n"
                                              "    - {type: max_reward, value: 12.5 +/- 1.0}\n---\n# x\n"))
    assert [(p.code, p.path) for p in report.warnings] == [  # a NaN however written is not-finite, as on import
        ("not-finite", "model-index[0].results[0].metrics[0].value")]  # the ± form alone is no warning


def test_hub_cards_of_every_age_validate_without_false_errors():
    """Shapes the Hub serves (tests/card_shapes/ORIGINS.txt): nothing in them is an error; what is odd is a warning."""
    from pathlib import Path

    shapes = Path(__file__).resolve().parent / "card_shapes"
    expected = {"mteb_nan_scores.md": [("not-finite", '$["model-index"][0].results[0].metrics[1].value')],
                "mergekit_local_models.md": [("empty-value", "base_model")],
                "autonlp_tags_string.md": [("wrong-type", "tags")],
                # thumbnail and instance_prompt: null, which huggingface.js types them as taking
                "empty_thumbnail_and_prompt.md": [("empty-value", "tags")],
                "cleanrl_library.md": []}  # its `verified: false` claims nothing
    for name, warned in expected.items():
        report = validate_card(shapes / name)
        assert report.errors == () and [(p.code, p.path) for p in report.warnings] == warned, name
    nan = validate_card(shapes / "mteb_nan_scores.md")
    assert nan.metadata is not None and nan.metadata["model-index"][0]["results"][0]["metrics"][0]["value"] == 41.25


def test_nan_scores_are_one_warning_for_each_model_index_entry(write):
    """MTEB's cards of 2024 carry up to 39 `.nan` scores: one warning an entry, said where its first is, naming the
    others; a `.nan` elsewhere in the metadata keeps its own warning."""
    metrics = "".join(f"    - {{type: m{i}, value: .nan}}\n" for i in range(6))
    entry = ("- name: NAME\n  results:\n  - task: {type: text-classification}\n    dataset: {type: imdb, name: "
             "IMDB}\n    metrics:\n" + metrics + "    - {type: loss, value: 0.5}\n")
    report = validate_card(write("README.md", "---\nlicense: mit\nco2_eq_emissions: .nan\nmodel-index:\n"
                                              + entry.replace("NAME", "a") + entry.replace("NAME", "b") + "---\n# a\n"))
    assert report.errors == ()
    nan = [p for p in report.warnings if p.code == "not-finite"]
    assert [(p.code, p.path) for p in nan] == [
        ("not-finite", "$.co2_eq_emissions"),
        ("not-finite", '$["model-index"][0].results[0].metrics[0].value'),
        ("not-finite", '$["model-index"][1].results[0].metrics[0].value')]
    assert ("(as in results[0].metrics[1].value, results[0].metrics[2].value, results[0].metrics[3].value and 2 "
            "more): the Hub accepts it and shows nan") in nan[1].message
    assert "as in" not in nan[0].message and "as in" in nan[2].message


def test_a_leaderboard_score_that_is_nan_is_no_false_error_nor_a_crash(tmp_path):
    """The bot's `.nan` score and `NaN` cell (card_shapes/ORIGINS.txt): the original validates (a warning), and so does
    its round trip, which keeps the table as written and the score as the text nan."""
    from pathlib import Path

    from generator.io.yamlio import dump
    from generator.records.loader import load_records
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    card = Path(__file__).resolve().parent / "card_shapes" / "open_llm_leaderboard_nan.md"
    original = validate_card(card)
    assert original.errors == () and [p.code for p in original.warnings] == ["not-finite"]
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest(sources=[card], repo_id="org/tiny-lexi-nan").data))
    out = tmp_path / "README.md"
    out.write_text(render(load_records(records)).text)
    report = validate_card(out)
    assert report.errors == () and "|  NaN|" in out.read_text(), [str(p) for p in report.problems]


def test_a_table_row_beside_a_list_value_in_model_index_is_no_mismatch(tmp_path):
    """Hand-written: the MTEB card of card_shapes/mteb_v_measures_beside_v_measure.md (its v_measures lists) with a
    person's results table that shows a number for v_measures (the lists' mean, as a person might), and a leaderboard
    table of a model-index whose first value is such a list: a list has no score to compare a cell with, nor a mean
    to check, so neither is a mismatch (both were)."""
    from pathlib import Path

    from generator.check.tables import check_tables_against_index

    text = (Path(__file__).resolve().parent / "card_shapes" / "mteb_v_measures_beside_v_measure.md").read_text()
    card = tmp_path / "README.md"
    card.write_text(text + "\n| Benchmark | Metric | Value |\n| --- | --- | --: |\n"
                    "| MTEB ArxivClusteringP2P | v_measure | 48.66 |\n| | v_measures | 0.49 |\n", encoding="utf-8")
    report = validate_card(card)
    assert report.errors == () and report.warnings == ()
    meta = {"model-index": [{"name": "m", "results": [
        {"task": {"type": "Clustering"}, "dataset": {"type": "mteb/a", "name": "A"},
         "metrics": [{"type": "v_measures", "value": [0.48, 0.5]}]},
        {"task": {"type": "Clustering"}, "dataset": {"type": "mteb/b", "name": "B"},
         "metrics": [{"type": "v_measure", "value": 40.0}]}]}]}
    body = "| Metric | Value |\n| --- | --: |\n| Avg. | 20.25 |\n| A | 0.49 |\n| B | 40.0 |\n"
    assert check_tables_against_index(meta, body, "README.md")[0] == []


def test_a_results_table_row_stands_for_the_model_index_results_of_its_config_and_split(write):
    """publish51's driver (a Trainer card re-imported after a person replaced its model-index, then a pipeline's ARC
    score added): the import keeps the old table's ARC row as a table-only evaluation (no config or split) beside the
    new ARC Challenge result (config ARC-Challenge, split test). The table tells the two apart by its Config and Split
    columns and render's own check passed; validate took the old row for the new result ("table shows ARC Challenge
    acc_norm = 0.5512, model-index says 0.5733"), so publish sent a card validate refuses. A row of the right place
    showing another value is still an error."""
    records = write("r.yaml", """\
model: {repo_id: acme/m, name: m}
evaluations:
  - benchmark: ARC Challenge
    metrics: [{type: acc_norm, value: 0.5512}]
    model_index: false
  - benchmark: ARC Challenge
    task: {type: text-generation}
    dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test}
    metrics: [{type: acc_norm, value: 0.5733}]
""")
    card = render_card(records)
    assert "| ARC Challenge |               |       | acc_norm | 0.5512 |" in card, card
    report = validate_card(write("README.md", card))
    assert report.errors == () and report.values_checked == 1, [str(p) for p in report.problems]
    wrong = validate_card(write("README.md", card.replace("| 0.5733 |", "| 0.5833 |")))
    assert [str(p).split(": ", 1)[1] for p in wrong.errors] == [
        "line 27: table shows ARC Challenge acc_norm = 0.5833, model-index says 0.5733 (fix: make the table and the "
        "model-index agree (re-render from the records))"]


def test_a_number_as_a_metadata_key_is_read_as_the_hub_reads_it_with_a_warning(write):
    """`id2label: {0: negative}` in a card's metadata: the Hub's reader (js-yaml) keys every mapping by text, so it
    takes the card; validate refused it ("mapping key 0 is not a string"). Now a warning for each key, the metadata
    read with the key as its text; with a NaN beside it, both are warnings."""
    report = validate_card(write("README.md", "---\nlicense: mit\nid2label:\n  0: negative\n  1.0: positive\n"
                                              "  true: x\n---\n# a\n"))
    assert report.errors == () and report.metadata["id2label"] == {"0": "negative", "1": "positive", "true": "x"}
    assert [(p.code, p.path) for p in report.warnings] == [("non-string-key", "line 4"), ("non-string-key", "line 5"),
                                                          ("non-string-key", "line 6")]
    assert "read as the text '0', as the Hub reads it" in report.warnings[0].message
    report = validate_card(write("README.md", "---\nlicense: mit\nco2_eq_emissions: .nan\nid2label:\n  0: a\n---\n# a\n"))
    assert report.errors == () and {p.code for p in report.warnings} == {"non-string-key", "not-finite"}
    report = validate_card(write("README.md", "---\nlicense: mit\nid2label:\n  0: a\n  '0': b\n---\n# a\n"))
    assert [p.code for p in report.errors] == ["duplicate-key"]  # the same key twice, as the Hub's reader says too
