"""lighteval's printed results table, saved alone, read as the run's results (lighteval_printed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import InputError
from generator.sources.lighteval_printed import lighteval_key
from generator.sources.readers import read_source

SHAPES = Path(__file__).resolve().parent / "eval_shapes"


def _evaluations(path: Path) -> dict[str, dict]:
    return {e["id"]: e for e in read_source(path).data["evaluations"]}


def test_lightevals_table_is_read_as_its_results_file_is_to_4_decimals(tmp_path, capsys):
    """The Open LLM Leaderboard v1's lighteval run as `| tee` keeps its table (`harness:arc:challenge:25`: each key's
    `|` printed as `:`): once refused, it is read as its results file is, each score and stderr to the 4 decimals
    printed, the same ids, labels, shots, versions, datasets and MMLU group; `all` left out as the file's is."""
    table = SHAPES / "lighteval_leaderboard_v1_printed.log"
    got, want = _evaluations(table), _evaluations(SHAPES / "lighteval_leaderboard_v1_2023_config.json")
    assert sorted(got) == sorted(want) and len(got) == 5
    for key, evaluation in want.items():
        printed = got[key]
        for field in ("benchmark", "few_shot", "version", "dataset", "group", "model_index"):
            assert printed.get(field) == evaluation.get(field), (key, field)
        assert [(m["type"], m["value"], m["stderr"]) for m in printed["metrics"]] == [
            (m["type"], round(m["value"], 4), round(m["stderr"], 4)) for m in evaluation["metrics"]]
    warnings = read_source(table).warnings
    assert [w.code for w in warnings if w.code in ("aggregate-left-out", "rounded-scores")] == [
        "aggregate-left-out", "rounded-scores"]
    rounded = warnings[-1]
    assert "is the results table lighteval printed, read as the run's results" in rounded.message
    assert "--output-dir" in rounded.fix
    out = tmp_path / "README.md"
    assert main(["build", "--eval", str(table), "--repo-id", "acme/m", "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert "| AI2 Reasoning Challenge (25-shot) | acc " in out.read_text()


def test_a_run_cut_by_max_samples_says_so_in_its_log_and_stays_out_of_model_index(tmp_path):
    """lighteval logs `--max_samples WAS SET. THESE NUMBERS ARE ONLY PARTIAL ...` at the start of a cut run: its
    results are labelled as of part of the examples and kept out of model-index, as its results file's are (which
    names the limit); values printed without trailing zeros (0.5, 1.0) are read as they are."""
    table = SHAPES / "lighteval_0.13_printed_max_samples.log"
    got = read_source(table)
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["squad_v2:0"]["benchmark"] == "squad_v2 (0-shot, part of the examples)"
    assert evaluations["squad_v2:0"]["metrics"] == [{"type": "em", "value": 0.5, "stderr": 0.5}]
    assert all(e["model_index"] is False for e in evaluations.values())
    cut = [w for w in got.warnings if "cut by --max_samples" in w.message]
    assert len(cut) == 1 and cut[0].path == "line 1" and cut[0].code == "not-in-model-index"
    assert "without --max-samples" in cut[0].fix
    whole = tmp_path / "whole.log"
    whole.write_text("".join(table.read_text().splitlines(keepends=True)[1:]))
    assert all(e.get("model_index", True) for e in read_source(whole).data["evaluations"])


def test_lightevals_table_beside_its_results_file_is_refused_naming_it(tmp_path, capsys):
    """A log beside the --output-dir lighteval wrote (results/<model>/results_<date>.json scoring the table's tasks):
    the results file wins, the table is refused naming it; beside another run's file it is read."""
    shutil.copy(SHAPES / "lighteval_leaderboard_v1_printed.log", tmp_path / "eval.log")
    other = tmp_path / "results" / "acme" / "other" / "results_2024-01-01T00-00-00.json"
    other.parent.mkdir(parents=True)
    shutil.copy(SHAPES / "lighteval_0.13_max_samples.json", other)
    assert read_source(tmp_path / "eval.log").format == "lighteval"
    ours = tmp_path / "results" / "acme" / "m" / "results_2023-08-01T00-00-00.json"
    ours.parent.mkdir(parents=True)
    shutil.copy(SHAPES / "lighteval_leaderboard_v1_2023_config.json", ours)
    assert main(["build", "--eval", str(tmp_path / "eval.log"), "--repo-id", "acme/m", "-o",
                 str(tmp_path / "README.md")]) == 1
    err = capsys.readouterr().err
    assert "is the results table lighteval printed (at line 2), not the results file it writes" in err
    assert f"(fix: pass {ours}, the results file beside it" in err and not (tmp_path / "README.md").exists()


@pytest.mark.parametrize("printed, key", [
    ("community:toy:arith:3", "community|toy:arith|3"), ("harness:arc:challenge:25", "harness|arc:challenge|25"),
    ("gsm8k:0", "gsm8k|0"), ("math:algebra:3", "math:algebra|3"), ("toy:_average:0", "toy:_average|0"),
    ("all", "all"), ("lighteval:arc:easy", "lighteval:arc:easy")])
def test_a_printed_task_is_its_results_files_key(printed, key):
    """generate_final_dict prints each key with `|` made `:`; a suite of lighteval's comes first (up to 0.12), the
    shot count last; 0.13's keys have no suite."""
    assert lighteval_key(printed) == key


@pytest.mark.parametrize("rows, message, line", [
    (["|all| |acc|0.5|±|0.1|", "|gsm8k:0|0|acc|0.5|±|0.1|", "|gsm8k:0|0|acc|0.6|±|0.1|"],
     "names task 'gsm8k:0' again (first at line 4)", 5),
    (["|all| |acc|0.5|±|0.1|", "|gsm8k:0|0|acc|0.5|±|"], "has 5 cells where the table's header (line 1) has 6", 4),
    (["||0|acc|0.5|±|0.1|", "|gsm8k:0|0|acc|0.5|±|0.1|"], "is a row with no task before it", 3)])
def test_a_table_lighteval_did_not_print_so_is_refused_naming_the_line(tmp_path, rows, message, line):
    path = tmp_path / "eval.log"
    path.write_text("\n".join(["|Task|Version|Metric|Value| |Stderr|", "|---|---:|---|---:|---|---:|", *rows]) + "\n")
    with pytest.raises(InputError) as refused:
        read_source(path)
    assert refused.value.problems[0].message == message and refused.value.problems[0].path == f"line {line}"


def test_the_model_is_the_one_of_the_results_file_the_log_says_lighteval_wrote(tmp_path, capsys):
    """lighteval logs `Saving results to <output_dir>/results/<model_name>/results_<date>.json` after its table (every
    release): a log keeping that line names the model, which once had to be given with --repo-id; a local model's
    path (0.11+ log it without its leading `/`) titles the card, as its results file's model_name does."""
    log = SHAPES / "lighteval_0.13_printed_saving.log"
    got = read_source(log)
    assert got.data["model"] == {"repo_id": "acme/tiny-chat"}
    [rounded] = [w for w in got.warnings if w.code == "rounded-scores"]
    assert "the model is the one of the results file the log says it wrote, 'acme/tiny-chat'" in rounded.message
    assert "(/work/evals/results/acme/tiny-chat/results_2026-12-07T10-00-01.123456.json)" in rounded.fix
    out = tmp_path / "README.md"
    assert main(["build", "--eval", str(log), "-o", str(out)]) == 0
    assert "\n# tiny-chat\n" in out.read_text() and "- name: acme/tiny-chat\n" in out.read_text()
    local = tmp_path / "local.log"
    local.write_text(log.read_text().replace("results/acme/tiny-chat/", "results/scratch/ckpt/my-model/"))
    got = read_source(local)
    assert "repo_id" not in got.data.get("model", {}) and got.title == "my-model"
