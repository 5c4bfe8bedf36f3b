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
    assert got["$.results['suite']"] == (
        "is shown in the card's tables but not in model-index: some of its tasks scored only part of their split "
        "(--limit: task_a, task_b, task_c and 1 more)", "run the task again without --limit to list it in model-index")


def test_a_task_without_a_hub_dataset_cut_by_limit_says_both(tmp_path):
    """lm-eval 0.4.13's custom_dataset tasks run with --limit 20 (EleutherAI/lm-evaluation-harness results of
    negotiationtom, 2026-07): the warning named the custom data only, so nothing said the numbers were of 20 examples."""
    custom = {"task": "task_c", "custom_dataset": "def load(**kwargs): ...", "test_split": "test"}
    got = _group_file(tmp_path, {"task_c": custom}, {"task_c": {"original": 13812, "effective": 20}})
    assert got["$.results['task_c']"][0] == (
        "is shown in the card's tables but not in model-index: its data come from its own custom_dataset function, "
        "not from a Hub dataset the file names, and it scored 20 of 13,812 examples of its split (--limit), so its "
        "numbers are not the split's")
