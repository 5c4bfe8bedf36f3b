import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.validate import validate_card
from generator.cli.main import main

SHAPES = Path(__file__).resolve().parent / "hub_shapes"  # which public file showed each: hub_shapes/ORIGINS.txt


@pytest.mark.parametrize("shape", ["eval_results_with_notes.yaml", "eval_results_with_user.yaml"])
def test_a_real_eval_results_file_validates_clean(shape, tmp_path, capsys):
    """`modelcard validate .eval_results/x.yaml` checks the file as the Hub does, not as a records file."""
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    shutil.copy(SHAPES / shape, folder / "hle.yaml")
    assert validate_card(folder / "hle.yaml").problems == ()
    assert main(["validate", "--strict", str(folder / "hle.yaml")]) == 0
    assert main(["validate", str(folder)]) == 0  # the folder, each of its files
    # outside the folder too: a YAML list is no records file
    assert validate_card(SHAPES / shape).problems == ()
    capsys.readouterr()


def test_every_problem_of_an_eval_results_file_at_once(tmp_path, capsys):
    bad = tmp_path / "scores.yaml"
    bad.write_text("- dataset:\n    id: Some Bench\n    task_id: x\n  value: 1\n"
                   "- dataset: {id: org/bench}\n  value: 20 %\n  source: {name: logs}\n"
                   "- value: 3\n- data: {dataset: {id: org/b, task_id: t}, value: 1, date: yesterday}\n"
                   "- {error: invalid, filename: .eval_results/x.yaml}\n")
    assert main(["validate", "--json", str(bad)]) == 1
    [card] = json.loads(capsys.readouterr().out)["cards"]
    assert [(p["code"], p["path"], p["severity"]) for p in card["problems"]] == [
        ("not-a-hub-id", "$[0].dataset.id", "error"),
        ("missing-field", "$[1].dataset", "error"),
        ("wrong-type", "$[1].value", "error"),
        ("missing-field", "$[1].source", "error"),
        ("missing-field", "$[2].dataset", "error"),
        ("wrong-type", "$[3].data.date", "error"),
        ("hub-refused", "$[4]", "warning")]
    assert all(p["file"] == str(bad) for p in card["problems"])


def test_an_entry_without_a_task_id_is_told_where_the_benchmark_names_its_tasks(tmp_path, capsys):
    """huggingface/community-evals' evaluation_manager.py wrote no task_id for a benchmark's `default` task
    (hub_shapes/ORIGINS.txt): the Hub requires one since 2026-01-23. The error names the entry and the benchmark's
    eval.yaml whose tasks list the ids, by ingest as by validate; the entry that has one is not named."""
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    shutil.copy(SHAPES / "eval_results_default_task_left_out.yaml", folder / "evaluations.yaml")
    told = [(p.path, p.message, p.fix) for p in validate_card(folder / "evaluations.yaml").problems]
    assert told == [("$[1].dataset", "needs a dataset.task_id, which the Hub requires since 2026-01-23",
                     "add task_id: the benchmark's task, as its eval.yaml names it (its tasks[].id: "
                     "https://huggingface.co/datasets/cais/hle/blob/main/eval.yaml)")]
    assert main(["ingest", str(folder), "-o", str(tmp_path / "records.yaml"), "--json"]) == 1
    assert [(p["path"], p["message"], p["fix"]) for p in json.loads(capsys.readouterr().out)["problems"]] == told
    assert not (tmp_path / "records.yaml").exists()


def test_an_unquoted_all_digit_revision_is_refused_as_the_number_yaml_reads(tmp_path, capsys):
    """huggingface_hub's EvalResultEntry takes the dataset revision as a string (a commit id); YAML reads an unquoted
    all-digit one as a number, `0123456` as 123456: the score was read, and written back on publish, with a revision
    that is not the one written (the Hub refuses such a model-index revision, hub_rules). Named, by validate as by
    ingest, with nothing written; a quoted one is read as written."""
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "gsm8k.yaml").write_text("- dataset:\n    id: openai/gsm8k\n    task_id: gsm8k\n    revision: 0123456\n"
                                       "  value: 80.1\n")
    told = [(p.code, p.path) for p in validate_card(folder / "gsm8k.yaml").problems]
    assert told == [("wrong-type", "$[0].dataset.revision")]
    assert main(["ingest", str(folder), "-o", str(tmp_path / "records.yaml"), "--json"]) == 1
    assert [(p["code"], p["path"]) for p in json.loads(capsys.readouterr().out)["problems"]] == told
    assert not (tmp_path / "records.yaml").exists()
    (folder / "gsm8k.yaml").write_text((folder / "gsm8k.yaml").read_text().replace("0123456", "'0123456'"))
    assert validate_card(folder / "gsm8k.yaml").problems == ()
    assert main(["ingest", str(folder), "-o", str(tmp_path / "records.yaml")]) == 0
    assert "revision: '0123456'" in (tmp_path / "records.yaml").read_text()
    capsys.readouterr()


def test_a_score_under_a_metrics_list_is_told_to_move_to_value():
    """hub-docs pull request #2221 (closed) proposed `metrics: [{metric_id, value}]` in place of the entry's value;
    copies of its docs circulate (hub_shapes/ORIGINS.txt). The Hub and huggingface_hub read `value`: the error's fix
    gives the number to write there, not only "write the score as a number"."""
    report = validate_card(SHAPES / "eval_results_metrics_list_draft.yaml")
    assert [(p.code, p.path, p.fix) for p in report.errors] == [
        ("wrong-type", "$[0].value", "write the score as the entry's value: 14.3 (the Hub reads value; a list of "
         "metrics with metric_id, proposed in 2026-02, was not adopted)")]


def test_a_file_in_the_folder_that_is_not_a_list_is_an_error(tmp_path, capsys):
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "x.yaml").write_text("dataset: {id: a/b, task_id: t}\nvalue: 1\n")
    assert [(p.code, p.path) for p in validate_card(folder / "x.yaml").errors] == [("unrecognized-format", "$")]


def test_an_unquoted_date_is_warned_as_the_format_asks_for_a_string(tmp_path):
    """hub-docs' eval_results.yaml quotes the date ("Format this as a string", 2026-01: YAML reads an unquoted one as a
    date); our reader keeps it as written, so the check looks at how the file writes it."""
    scores = tmp_path / "scores.yaml"
    scores.write_text("- dataset:\n    id: org/bench\n    task_id: t\n  value: 1\n  date: 2026-05-23  # run\n"
                      "- {dataset: {id: org/bench, task_id: u}, value: 2, date: 2026-05-23T10:00:00Z}\n"
                      "- dataset: {id: org/bench, task_id: v}\n  value: 3\n  date: '2026-05-24'\n")
    report = validate_card(scores)
    assert report.ok and [(p.code, p.path, p.fix) for p in report.warnings] == [
        ("unquoted-date", "$[0].date", 'quote it: date: "2026-05-23"'),
        ("unquoted-date", "$[1].date", 'quote it: date: "2026-05-23T10:00:00Z"')]


def test_a_folder_of_eval_results_files_under_another_name_is_checked_as_one(tmp_path, capsys):
    """Files copied out of a repo's .eval_results folder into a folder of another name are still those files."""
    folder = tmp_path / "scores"
    folder.mkdir()
    for shape in ("eval_results_with_notes.yaml", "eval_results_with_user.yaml"):
        shutil.copy(SHAPES / shape, folder / shape)
    assert validate_card(folder).problems == ()
    (folder / "broken.yaml").write_text("- dataset: {id: org/bench}\n  value: 1\n")
    assert [(p.code, p.path) for p in validate_card(folder).problems] == [("missing-field", "$[0].dataset")]
    capsys.readouterr()


def test_a_folders_yaml_files_are_listed_as_pathlib_lists_them(tmp_path):
    """One listing, the entries' own kinds: the same files as iterdir() and is_file() (links followed, a dangling one
    and a folder left out)."""
    from generator.sources.eval_results import yaml_files_in

    for name in ("a.yaml", "b.YML", "c.json", ".yaml", "d.yaml.txt"):
        (tmp_path / name).write_text("- x\n")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "link.yml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "dirlink.yaml").symlink_to(tmp_path / "dir.yaml")
    want = sorted(p for p in tmp_path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    assert yaml_files_in(tmp_path) == want
    assert [p.name for p in want] == ["a.yaml", "b.YML", "link.yml"]


def _is_list_by_every_line(text: str) -> bool:
    """_is_list as first written: every line of the whole text split."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.startswith(("-", "["))
    return False


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["-", "[", "#", " ", "a", "\n", "\r", "\r\n", "\x0b", "\x1c", "\u2028", "\x85"]),
                max_size=40).map("".join), st.integers(1, 9))
def test_whether_a_file_is_a_list_reads_the_lines_it_needs(tmp_path_factory, text, head):
    """_is_list splits a growing head of the text into lines (a line the head may cut waits for the next): the same
    answer as splitting the whole text, whatever the line breaks and wherever the head ends (heads shrunk to a few
    characters)."""
    from generator.check import eval_results

    path = tmp_path_factory.mktemp("is_list") / "r.yaml"
    path.write_bytes(text.encode("utf-8"))
    saved = eval_results._HEAD
    eval_results._HEAD = head
    try:
        assert eval_results._is_list(path) == _is_list_by_every_line(text)
    finally:
        eval_results._HEAD = saved


def test_a_file_in_a_subfolder_of_eval_results_is_said_not_read(tmp_path, capsys):
    """The Hub reads `.eval_results/*.yaml` (hub-docs' eval-results.md, huggingface_hub's _eval_results.py); a badge
    tool has its file uploaded to `.eval_results/<dataset>/result.yaml`. Such a file was passed over in silence by
    ingest and validate (a folder holding only such files was said to hold no .yaml files): each is named now, a
    warning beside files the Hub reads, and the folder's error says where its files are."""
    from generator import ingest
    from generator.errors import InputError

    folder = tmp_path / ".eval_results"
    (folder / "gpqa").mkdir(parents=True)
    entry = "- dataset:\n    id: {0}\n    task_id: {1}\n  value: 0.412\n"
    (folder / "gpqa" / "result.yaml").write_text(entry.format("Idavidrein/gpqa", "gpqa_diamond"))
    with pytest.raises(InputError) as told:
        ingest(evals=[folder], repo_id="acme/m")
    [problem] = told.value.problems
    assert problem.code == "no-results" and "only 1 in subfolders (gpqa/result.yaml)" in problem.message
    assert main(["validate", str(folder)]) == 1
    assert "gpqa/result.yaml), which the Hub does not read" in capsys.readouterr().err
    (folder / "mmlu_pro.yaml").write_text(entry.format("TIGER-Lab/MMLU-Pro", "mmlu_pro"))
    got = ingest(evals=[folder], repo_id="acme/m")
    assert [e["dataset"]["id"] for e in got.data["evaluations"]] == ["TIGER-Lab/MMLU-Pro"]
    [warned] = [w for w in got.warnings if w.code == "not-read"]
    assert warned.file == str(folder / "gpqa" / "result.yaml") and warned.severity == "warning"
    assert main(["validate", str(folder)]) == 0
    assert f"{folder / 'gpqa' / 'result.yaml'}: is in a subfolder of .eval_results" in capsys.readouterr().err


def test_a_file_two_subfolders_down_in_eval_results_is_said_not_read(tmp_path, capsys):
    """lab260ru/speech_spoof_bench's badge comment has its result.yaml uploaded to
    `.eval_results/{dataset_canonical_id}/result.yaml`, the dataset id an org/name pair: two subfolders down. Only
    one level was looked in, so the folder was said to hold no .yaml files, and the fix told the user to pass the
    folder they had passed. The file is named now, with what the Hub reads instead."""
    from generator import ingest
    from generator.errors import InputError

    folder = tmp_path / ".eval_results"
    (folder / "acme" / "speech-spoof-set").mkdir(parents=True)
    shutil.copy(SHAPES / "speech_spoof_bench_result.yaml", folder / "acme" / "speech-spoof-set" / "result.yaml")
    with pytest.raises(InputError) as told:
        ingest(evals=[folder], repo_id="acme/m")
    [problem] = told.value.problems
    assert problem.code == "no-results"
    assert "only 1 in subfolders (acme/speech-spoof-set/result.yaml), which the Hub does not read" in problem.message
    assert "a YAML list of entries, each with dataset.id, dataset.task_id and value" in problem.fix
    assert main(["validate", str(folder)]) == 1
    assert "acme/speech-spoof-set/result.yaml), which the Hub does not read" in capsys.readouterr().err
    (folder / "mmlu_pro.yaml").write_text("- dataset:\n    id: TIGER-Lab/MMLU-Pro\n    task_id: mmlu_pro\n  value: 0.41\n")
    got = ingest(evals=[folder], repo_id="acme/m")
    [warned] = [w for w in got.warnings if w.code == "not-read"]
    assert warned.file == str(folder / "acme" / "speech-spoof-set" / "result.yaml")
