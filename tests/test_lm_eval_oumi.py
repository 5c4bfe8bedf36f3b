"""oumi's lm_harness backend: lm-eval's output split in two files of oumi's run folder, read as the one file.

oumi (oumi-ai/oumi) does not write the harness's results file: its lm_harness backend takes ``simple_evaluate``'s
output, pops ``results`` and ``groups`` into the run's results file (``task_result.json`` from 0.2,
``platform_results.json`` in 0.1) with its own ``start_time`` and ``duration_sec``, and saves the rest, with the model
and its arguments set in ``config``, as ``backend_config.json`` (``platform_task_config.json``) beside it, in
``<output_dir>/lm_harness_<start_time>/`` (src/oumi/core/evaluation/backends/lm_harness.py and
utils/save_utils.py; 0.1: src/oumi/evaluation/lm_harness.py, save_utils.py). oumi does not install here, so
``oumi_split`` does that split, step by step as oumi's code does, to the results files lm-eval itself wrote
(tests/fixtures/versions/evals, made by tests/fixtures/make_eval_versions.py).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.sources.lm_eval import read_lm_eval
from generator.sources.readers import read_source

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions" / "evals"
# the lm-eval releases oumi runs on (it requires lm-eval 0.4.5 or later)
HARNESS_FILES = sorted(p for p in VERSIONS.glob("lm-eval-0.4.*/run1/**/results*.json")
                       if tuple(int(x) for x in p.relative_to(VERSIONS).parts[0][8:].split(".")[1:3]) >= (4, 5))
# oumi's main of 2024-12-12 to 12-29 (src/oumi/evaluate.py save_lm_harness_output, then src/oumi/evaluation/
# lm_harness.py: both files in the output dir, named by the completion time), 0.1.1-alpha to 0.1.7's names (src/oumi/
# evaluation/save_utils.py) and 0.1.8+'s (src/oumi/core/evaluation/utils/save_utils.py)
NAMES = [("lm_harness_20241218_101500_results.json", "lm_harness_20241218_101500_task_config.json"),
         ("platform_results.json", "platform_task_config.json"), ("task_result.json", "backend_config.json")]
IDS = ["oumi-2024-12", "oumi-0.1.1", "oumi-0.1.8+"]


# what lm-eval's evaluate() returns, and what simple_evaluate() adds (with the env and tokenizer info oumi 0.2+ adds
# itself); the rest of a results file the harness saved (model_name, start_time, task_hashes...) is its CLI's
EVALUATE_KEYS = {"results", "groups", "group_subtasks", "configs", "versions", "n-shot", "higher_is_better",
                 "n-samples"}
ADDED_KEYS = {"git_hash", "pretty_env_info", "transformers_version", "upper_git_hash", "tokenizer_pad_token",
              "tokenizer_eos_token", "tokenizer_bos_token", "eot_token_id", "max_length"}


def oumi_split(harness: Path, run: Path, names: tuple[str, str]) -> Path:
    """What oumi's lm_harness backend saves of lm-eval's output ``harness``, into ``run``; the results file's path.
    oumi up to 0.1.7 calls simple_evaluate() (its ``config`` and ``date`` kept), 0.1.8+ evaluate() and sets ``config``
    itself; oumi's main of December 2024 writes ``completion_time`` where later versions write ``start_time``."""
    saved = json.loads(harness.read_text())
    simple = names != NAMES[-1]
    output = {k: v for k, v in saved.items() if k in EVALUATE_KEYS | ADDED_KEYS | ({"config", "date"} if simple else set())}
    backend_results = {key: output.pop(key) for key in ["results", "groups"] if key in output}
    output.setdefault("config", {})
    output["config"]["model"] = "hf"
    output["config"]["model_args"] = {"trust_remote_code": False, "pretrained": "acme/tiny-llama", "dtype": "auto"}
    task_result = copy.deepcopy(backend_results)
    task_result["completion_time" if names == NAMES[0] else "start_time"] = "20260105_101500"
    task_result["duration_sec"] = 12.5
    run.mkdir(parents=True, exist_ok=True)
    (run / names[0]).write_text(json.dumps(task_result, indent=2))
    (run / names[1]).write_text(json.dumps(output, indent=2))
    return run / names[0]


def evaluations(path: Path) -> list[dict]:
    return read_source(path).data["evaluations"]


def test_the_lm_eval_releases_oumi_runs_on_are_covered():
    assert {p.relative_to(VERSIONS).parts[0] for p in HARNESS_FILES} >= {"lm-eval-0.4.5", "lm-eval-0.4.8"}


@pytest.mark.parametrize("names", NAMES, ids=IDS)
@pytest.mark.parametrize("harness", HARNESS_FILES, ids=lambda p: p.relative_to(VERSIONS).parts[0])
def test_oumis_results_file_reads_as_the_harness_file_with_its_config_beside_it(harness, names, tmp_path):
    results = oumi_split(harness, tmp_path / "lm_harness_20260105_101500", names)
    joined = tmp_path / "joined" / "results.json"  # lm-eval's output before oumi split it
    joined.parent.mkdir()
    joined.write_text(json.dumps({**json.loads(results.with_name(names[1]).read_text()),
                                  **json.loads(results.read_text())}))
    whole = read_lm_eval(joined).data["evaluations"]
    model = read_lm_eval(joined).data.get("model")
    got = read_source(results)
    assert got.format == "lm-eval"
    # the few-shot counts, versions and Hub datasets are in the config file: without it they would be lost
    assert got.data["evaluations"] == whole
    assert any(e.get("few_shot") is not None for e in whole)
    assert got.data.get("model") == model
    if names == NAMES[-1]:  # oumi 0.1.8+ sets config itself: model_args name the model (0.1's harness said it is local)
        assert got.data["model"]["repo_id"] == "acme/tiny-llama"
    # oumi's run folder reads the same
    assert evaluations(results.parent) == whole
    joined.unlink()
    assert evaluations(tmp_path) == whole


@pytest.mark.parametrize("names", NAMES, ids=IDS)
def test_oumis_config_file_alone_is_refused_naming_the_results_file_and_that_alone_still_reads(names, tmp_path):
    results = oumi_split(HARNESS_FILES[-1], tmp_path / "lm_harness_20260105_101500", names)
    config = results.with_name(names[1])
    with pytest.raises(InputError) as refused:
        read_source(config)
    [problem] = refused.value.problems
    assert problem.code == "unrecognized-format" and "oumi" in problem.message and names[0] in problem.fix
    config.unlink()
    got = read_source(results)
    assert [e["id"] for e in got.data["evaluations"]]  # the numbers, with less said of them
    assert all(e.get("few_shot") is None for e in got.data["evaluations"])


def test_another_files_config_beside_it_is_not_read(tmp_path):
    harness = HARNESS_FILES[-1]
    results = oumi_split(harness, tmp_path / "run", NAMES[-1])
    renamed = results.with_name("results.json")
    results.rename(renamed)
    assert all(e.get("few_shot") is None for e in read_lm_eval(renamed).data["evaluations"])


def test_oumi_alpha_one_task_files_read_as_that_tasks_results(tmp_path):
    """oumi 0.1-alpha (src/oumi/evaluate.py, save_evaluation_results): for each task, ``results[task]`` with its
    ``elapsed_time_sec`` added, json.dump'ed alone as ``eval.<task>.json`` into the output folder."""
    harness = HARNESS_FILES[-1]
    saved = json.loads(harness.read_text())
    whole = {e["id"]: e for e in read_lm_eval(harness).data["evaluations"]}
    tasks = [t for t in saved["results"] if t not in saved.get("group_subtasks", {})]
    for benchmark_name in tasks:
        metric_dict = saved["results"][benchmark_name]
        metric_dict["elapsed_time_sec"] = 321.5
        (tmp_path / f"eval.{benchmark_name}.json").write_text(json.dumps(metric_dict))
    for benchmark_name in tasks:
        [got] = evaluations(tmp_path / f"eval.{benchmark_name}.json")
        assert got["id"] == benchmark_name
        [scored] = [e for e in whole.values() if e["id"].split(":")[0] == benchmark_name]
        assert got["metrics"] == scored["metrics"]  # elapsed_time_sec is no metric
    assert sorted(e["id"] for e in evaluations(tmp_path)) == sorted(tasks)


@pytest.mark.parametrize("names", NAMES, ids=IDS)
def test_oumi_runs_of_one_output_folder_are_ordered_by_the_time_oumi_wrote(names, tmp_path):
    """Two oumi runs of the same tasks in one output folder: oumi writes when each ran (``start_time``, December
    2024's ``completion_time``, ``%Y%m%d_%H%M%S``), so the later run's numbers are used whatever the folders' path
    order, and the warning calls it the later run (not "neither file says when")."""
    harness = HARNESS_FILES[-1]
    later = oumi_split(harness, tmp_path / "a" / "lm_harness", names)
    earlier = oumi_split(harness, tmp_path / "b" / "lm_harness", names)
    data = json.loads(earlier.read_text())
    task = next(t for t, v in data["results"].items() if any("," in k for k in v))
    metric = next(k for k, v in data["results"][task].items() if "," in k and "_stderr" not in k
                  and isinstance(v, float))
    data["results"][task][metric] = 0.0123
    data["completion_time" if names == NAMES[0] else "start_time"] = "20260104_091500"
    if "date" in json.loads(earlier.with_name(names[1]).read_text()):
        config = json.loads(earlier.with_name(names[1]).read_text())
        del config["date"]  # oumi's time, not the harness's, is the one these tests are about
        earlier.with_name(names[1]).write_text(json.dumps(config))
        config = json.loads(later.with_name(names[1]).read_text())
        del config["date"]
        later.with_name(names[1]).write_text(json.dumps(config))
    earlier.write_text(json.dumps(data))
    got = read_source(tmp_path)
    values = [m["value"] for e in got.data["evaluations"] for m in e["metrics"]]
    assert 0.0123 not in values
    [told] = [w for w in got.warnings if w.code == "superseded-run"]
    assert told.file == str(later) and str(earlier) in told.message and "this later run's numbers" in told.message
    data["completion_time" if names == NAMES[0] else "start_time"] = "20260107_091500"  # now the later one
    earlier.write_text(json.dumps(data))
    assert 0.0123 in [m["value"] for e in read_source(tmp_path).data["evaluations"] for m in e["metrics"]]


# AlpacaEval's leaderboard row of a model, as alpaca_eval writes it (its columns; oumi's notebook "Oumi - Evaluation
# with AlpacaEval 2.0" prints them for a 3-instruction run), values invented
ALPACA_ROW = {"win_rate": 12.5, "standard_error": 1.1, "n_wins": 98, "n_wins_base": 705, "n_draws": 2, "n_total": 805,
              "discrete_win_rate": 12.3, "mode": "community", "avg_length": 1802, "length_controlled_winrate": 15.2,
              "lc_standard_error": 0.7}


def oumi_run(tmp_path: Path, backend: str, results: dict, names: tuple[str, str], config: dict | None = None,
             params: dict | None = None) -> Path:
    """An oumi run folder of ``backend`` as save_utils writes it: the results file (scores, start_time,
    duration_sec), the backend's settings, task_params.json and model_params.json."""
    run = tmp_path / f"{backend}_20250301_101010"
    run.mkdir(parents=True)
    (run / names[0]).write_text(json.dumps({"results": results, "duration_sec": 900, "start_time": "20250301_101010"}))
    if config is not None:
        (run / {"task_result.json": "backend_config.json"}.get(names[0], "platform_task_config.json")).write_text(
            json.dumps(config))
    (run / "task_params.json").write_text(json.dumps({names[1]: backend, "task_name": None, "num_samples": None,
                                                      "eval_kwargs": {}, **(params or {})}))
    (run / "model_params.json").write_text(json.dumps({"model_name": "HuggingFaceTB/SmolLM2-135M-Instruct",
                                                       "adapter_model": None, "torch_dtype_str": "bfloat16"}))
    return run / names[0]


@pytest.mark.parametrize("shape", ["alpaca_eval-0.1.1", "alpaca_eval-0.1.8+"])
def test_oumis_alpaca_eval_result_is_read_as_alpaca_eval_on_its_dataset(shape, tmp_path):
    """oumi's AlpacaEval backend saves alpaca_eval's leaderboard row of the model under ``results`` (src/oumi/
    evaluation/alpaca_eval.py from d7c5cf1e, 2024-12-30: platform_results.json, task_params.json's
    ``evaluation_platform``), then under ``results["alpaca_eval"]`` (0.1.8+, core/evaluation/backends/alpaca_eval.py:
    task_result.json, ``evaluation_backend``), the annotator in the backend's settings. Read as AlpacaEval 2.0 on
    tatsu-lab/alpaca_eval, the length-controlled win rate first (2.0's score), with their standard errors; the counts
    and the answers' mean length are no scores (oumi's notebook "Oumi - Evaluation with Oumi" reads
    ``results["alpaca_eval"]["length_controlled_winrate"] / 100``: percentages). Before, refused as a file the
    generator does not read."""
    results, names = {"alpaca_eval-0.1.1": (ALPACA_ROW, ("platform_results.json", "evaluation_platform")),
                      "alpaca_eval-0.1.8+": ({"alpaca_eval": ALPACA_ROW}, ("task_result.json", "evaluation_backend"))
                      }[shape]
    config = {"IS_ALPACA_EVAL_2": "True", "annotators_config": "weighted_alpaca_eval_gpt4_turbo",
              "fn_metric": "get_length_controlled_winrate", "max_instances": None, "other_params": {}}
    path = oumi_run(tmp_path, "alpaca_eval", results, names, config, {"version": 2.0})
    for got in (read_source(path), read_source(path.parent), read_source(tmp_path)):
        [evaluation] = got.data["evaluations"]
        assert evaluation["benchmark"] == "AlpacaEval 2.0" and evaluation["id"] == "alpaca_eval_2.0"
        assert evaluation["dataset"] == {"id": "tatsu-lab/alpaca_eval", "config": "alpaca_eval", "split": "eval"}
        assert [(m["type"], m["value"], m.get("stderr")) for m in evaluation["metrics"]] == [
            ("length_controlled_winrate", 15.2, 0.7), ("win_rate", 12.5, 1.1), ("discrete_win_rate", 12.3, None)]
        assert "weighted_alpaca_eval_gpt4_turbo" in evaluation["notes"] and "model_index" not in evaluation
        assert got.data["model"] == {"repo_id": "HuggingFaceTB/SmolLM2-135M-Instruct"}
        assert got.format == "oumi" and not got.warnings


def test_oumis_alpaca_eval_of_some_instructions_stays_out_of_model_index(tmp_path):
    """``num_samples`` cuts AlpacaEval's 805 instructions (oumi passes it as alpaca_eval's max_instances): the row's
    ``n_total`` says how many were judged. AlpacaEval 1.0 (``IS_ALPACA_EVAL_2`` "False") ranks by the win rate."""
    row = {**ALPACA_ROW, "n_total": 3, "n_wins": 0, "n_wins_base": 3, "n_draws": 0}
    config = {"IS_ALPACA_EVAL_2": "False", "annotators_config": "alpaca_eval_gpt4", "max_instances": 3}
    path = oumi_run(tmp_path, "alpaca_eval", {"alpaca_eval": row}, ("task_result.json", "evaluation_backend"),
                    config, {"version": 1.0, "num_samples": 3})
    got = read_source(path)
    [evaluation] = got.data["evaluations"]
    assert evaluation["benchmark"] == "AlpacaEval 1.0" and evaluation["model_index"] is False
    assert [m["type"] for m in evaluation["metrics"]] == ["win_rate", "length_controlled_winrate", "discrete_win_rate"]
    [told] = got.warnings
    assert told.code == "not-in-model-index" and "judged 3 answers, not the 805 instructions" in told.message


def test_oumis_custom_evaluation_is_read_out_of_model_index(tmp_path):
    """A custom evaluation's result is the mapping its registered function returned, under the task's name
    (core/evaluation/evaluator.py); no backend_config.json. Its numbers are metrics (those of a mapping in it by
    dotted names), text is not; oumi does not say what data the function scored, so it stays out of model-index, and
    the warning says how to list it."""
    path = oumi_run(tmp_path, "custom", {"my_accuracy_eval": {"accuracy": 0.8125, "n": 64, "label": "x",
                                                              "by_class": {"yes": 0.9, "no": 0.7}}},
                    ("task_result.json", "evaluation_backend"))
    got = read_source(path)
    [evaluation] = got.data["evaluations"]
    assert evaluation["benchmark"] == "my_accuracy_eval" and evaluation["model_index"] is False
    assert [(m["type"], m["value"]) for m in evaluation["metrics"]] == [
        ("accuracy", 0.8125), ("n", 64), ("by_class.yes", 0.9), ("by_class.no", 0.7)]
    [told] = got.warnings
    assert told.code == "not-in-model-index" and "oumi's custom evaluation" in told.message
    assert "'my_accuracy_eval'" in told.fix
    (path.parent / "task_params.json").unlink()  # the run folder's name says the backend too
    assert read_source(path).data["evaluations"] == [evaluation]


def test_oumis_result_with_no_number_is_refused_naming_the_backend(tmp_path):
    path = oumi_run(tmp_path, "custom", {"my_eval": {"verdict": "pass"}}, ("task_result.json", "evaluation_backend"))
    with pytest.raises(InputError) as refused:
        read_source(path)
    [problem] = refused.value.problems
    assert problem.code == "no-results" and "oumi's custom" in problem.message and "'my_eval'" in problem.message


def test_an_oumi_output_dir_of_two_models_alpaca_eval_runs_is_refused_naming_both(tmp_path):
    """oumi's own notebook ("Oumi - Evaluation with Oumi") evaluates 3 models into one output_dir: each run folder's
    model_params.json names its model, so such a folder holds several models' AlpacaEval results, refused as any
    results folder of several models (before, the latest run's score stood as the one model's), or read for the one
    --repo-id names."""
    first = oumi_run(tmp_path / "a", "alpaca_eval", {"alpaca_eval": ALPACA_ROW}, ("task_result.json",
                                                                                 "evaluation_backend"))
    second = oumi_run(tmp_path / "b", "alpaca_eval", {"alpaca_eval": {**ALPACA_ROW, "win_rate": 30.5}},
                      ("task_result.json", "evaluation_backend"))
    (second.parent / "model_params.json").write_text(json.dumps({"model_name": "meta-llama/Llama-3.2-3B-Instruct"}))
    with pytest.raises(InputError) as refused:
        read_source(tmp_path)
    [problem] = refused.value.problems
    assert problem.code == "several-models" and "meta-llama/Llama-3.2-3B-Instruct" in problem.message
    assert "HuggingFaceTB/SmolLM2-135M-Instruct" in problem.message
    got = read_source(tmp_path, repo_id="meta-llama/Llama-3.2-3B-Instruct")
    assert [m["value"] for m in got.data["evaluations"][0]["metrics"] if m["type"] == "win_rate"] == [30.5]
    assert first.is_file()
