"""A group's warning names the tasks that keep it out of model-index (generator/sources/lm_eval_datasets.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.sources.readers import read_source


def _group_file(tmp_path: Path, configs: dict[str, Any], samples: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The not-in-model-index warnings (message, fix) by path of a 0.4.5-shaped run of group `suite` over a..e."""
    tasks = ["task_a", "task_b", "task_c", "task_d", "task_e"]
    data = {
        "results": {"suite": {"alias": "suite", "acc,none": 0.5, "acc_stderr,none": 0.01},
                    **{t: {"alias": f" - {t}", "acc,none": 0.5, "acc_stderr,none": 0.01} for t in tasks}},
        "group_subtasks": {"suite": tasks, **{t: [] for t in tasks}},
        "configs": {t: configs.get(t, {"task": t, "dataset_path": "acme/suite", "dataset_name": t,
                                       "test_split": "test"}) for t in tasks},
        "versions": {t: 1.0 for t in tasks}, "n-shot": {t: 0 for t in tasks},
        "n-samples": {t: samples.get(t, {"original": 100, "effective": 100}) for t in tasks},
        "config": {"model": "hf", "model_args": "pretrained=acme/tiny-lm"}, "lm_eval_version": "0.4.5",
    }
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    return {w.path: (w.message, w.fix) for w in read_source(path).warnings if w.code == "not-in-model-index"}


def test_a_group_names_its_tasks_without_a_hub_dataset(tmp_path):
    local = {"dataset_path": "json", "dataset_kwargs": {"data_files": "x.jsonl"}, "test_split": "train"}
    got = _group_file(tmp_path, {"task_b": local, "task_d": local}, {})
    assert got["$.results['suite']"][0] == ("is shown in the card's tables but not in model-index: it is a group "
                                            "whose tasks do not all have a Hub dataset (task_b, task_d have none)")


def test_a_group_names_its_tasks_cut_by_limit(tmp_path):
    cut = {"original": 100, "effective": 10}
    got = _group_file(tmp_path, {}, {t: cut for t in ("task_a", "task_b", "task_c", "task_e")})
    assert got == {"$.results['suite']": (  # one warning, the group's: its tasks' own are told in it
        "is shown in the card's tables but not in model-index (nor are 4 tasks under it, for this reason): 4 of its 5 "
        "tasks scored only part of their split (--limit: 10 of 100 examples each; task_a, task_b, task_c and 1 more)",
        "run the task again without --limit to list it in model-index")}


def test_a_limit_run_of_a_large_group_warns_once_naming_the_group_and_its_count(tmp_path):
    """A real --limit run of lm-eval's bbh_zeroshot_subset (local-completions against ollama, eval_shapes/ORIGINS.txt)
    warned once a task and again for the group (7 warnings; 62 for a run of mmlu_generative, 180 for kmmlu's tasks)."""
    path = Path(__file__).parent / "eval_shapes" / "lm_eval_0.4_local_completions_group_limit.json"
    said = [w for w in read_source(path).warnings if w.code == "not-in-model-index"]
    assert [(w.file, w.path, w.message, w.fix) for w in said] == [(str(path), "$.results['bbh_zeroshot_subset']", (
        "is shown in the card's tables but not in model-index (nor are 6 tasks under it, for this reason): all 6 of "
        "its tasks scored only part of their split (--limit: 4 to 5 of 187 to 250 examples each; "
        "bbh_zeroshot_boolean_expressions, bbh_zeroshot_causal_judgement, bbh_zeroshot_formal_fallacies and 3 more)"),
        "run the task again without --limit to list it in model-index")]


def test_many_tasks_a_limit_run_cut_outside_any_group_are_told_in_one_warning(tmp_path):
    data = {"results": {f"task_{n}": {"acc,none": 0.5} for n in range(5)},
            "configs": {f"task_{n}": {"task": f"task_{n}", "dataset_path": "acme/suite", "test_split": "test"}
                        for n in range(5)},
            "n-samples": {f"task_{n}": {"original": 100 * (n + 1), "effective": 1} for n in range(5)},
            "config": {"model": "hf", "model_args": "pretrained=acme/tiny-lm", "limit": 1}, "lm_eval_version": "0.4.5"}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    said = [(w.path, w.message) for w in read_source(path).warnings if w.code == "not-in-model-index"]
    assert said == [("$.results", "5 tasks are shown in the card's tables but not in model-index: each scored only "
                     "part of its split (--limit: 1 of 100 to 500 examples each; task_0, task_1, task_2 and 2 more)")]


def test_a_task_without_a_hub_dataset_cut_by_limit_says_both(tmp_path):
    """lm-eval 0.4.13's custom_dataset tasks run with --limit 20 (EleutherAI/lm-evaluation-harness results of
    negotiationtom, 2026-07): the warning named the custom data only, so nothing said the numbers were of 20 examples."""
    custom = {"task": "task_c", "custom_dataset": "def load(**kwargs): ...", "test_split": "test"}
    got = _group_file(tmp_path, {"task_c": custom}, {"task_c": {"original": 13812, "effective": 20}})
    assert got["$.results['task_c']"][0] == (
        "is shown in the card's tables but not in model-index: its data come from its own custom_dataset function, "
        "not from a Hub dataset the file names, and it scored 20 of 13,812 examples of its split (--limit), so its "
        "numbers are not the split's")


def _hf_files_run(tmp_path: Path, task: str, data_files: Any) -> Any:
    """A 0.4.13-shaped results file of one task whose data are files of a Hub dataset read with the json loader, as
    lm-eval 0.4.13's arithmetic tasks load them (lm_eval/tasks/arithmetic/arithmetic_1dc.yaml)."""
    data = {"results": {task: {"alias": task, "acc,none": 0.25, "acc_stderr,none": 0.01}},
            "configs": {task: {"task": task, "dataset_path": "json", "dataset_kwargs": {"data_files": data_files},
                               "validation_split": "validation", "test_split": None}},
            "versions": {task: 2.0}, "n-shot": {task: 0}, "n-samples": {task: {"original": 2000, "effective": 2000}},
            "config": {"model": "hf", "model_args": "pretrained=acme/tiny-lm"}, "lm_eval_version": "0.4.13"}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    return read_source(path)


def test_a_task_on_files_of_the_hub_dataset_the_table_names_is_that_dataset(tmp_path):
    # before: "its data are local files read with the 'json' loader", and out of model-index, though 0.4.0-0.4.12 load
    # the same data as EleutherAI/arithmetic's arithmetic_1dc config
    got = _hf_files_run(tmp_path, "arithmetic_1dc", {
        "validation": "hf://datasets/EleutherAI/arithmetic/data/single_digit_three_ops.jsonl"})
    assert not [w for w in got.warnings if w.code == "not-in-model-index"]
    (evaluation,) = got.data["evaluations"]
    assert (evaluation["dataset"]["id"], evaluation["dataset"].get("config"), evaluation["dataset"].get("split")) == \
        ("EleutherAI/arithmetic", "arithmetic_1dc", "validation")


def test_a_task_on_files_of_a_hub_dataset_the_table_does_not_name_says_whose_files(tmp_path):
    got = _hf_files_run(tmp_path, "my_task", ["hf://datasets/acme/suite/data/part.jsonl"])
    said = [w.message for w in got.warnings if w.code == "not-in-model-index"]
    assert said == ["is shown in the card's tables but not in model-index: its data are files of the Hub dataset "
                    "acme/suite (hf://datasets/acme/suite/data/part.jsonl) read with the 'json' loader, not one of "
                    "its configs"]
    mixed = _hf_files_run(tmp_path, "my_task", {"validation": ["hf://datasets/acme/suite/a.jsonl", "local.jsonl"]})
    assert [w.message for w in mixed.warnings if w.code == "not-in-model-index"] == [
        "is shown in the card's tables but not in model-index: its data are local files read with the 'json' loader, "
        "not a Hub dataset"]
