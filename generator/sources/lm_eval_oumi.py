"""oumi's files of lm-evaluation-harness output (see generator.sources.lm_eval): the pair of files its lm_harness
backend splits the harness's output into, and 0.1-alpha's one file a task."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError
from generator.sources.common import read_json_object

# oumi's results file -> its config file beside it (oumi/core/evaluation/utils/save_utils.py from 0.1.8;
# oumi/evaluation/save_utils.py from 0.1.1-alpha to 0.1.7)
OUMI_SPLIT = {"task_result.json": "backend_config.json", "platform_results.json": "platform_task_config.json"}
# oumi's main of 2024-12-12 to 12-29 (src/oumi/evaluate.py, then src/oumi/evaluation/lm_harness.py): both files in the
# output dir itself, named by the run's completion time (%Y%m%d_%H%M%S)
OUMI_TIMED = re.compile(r"lm_harness_(\d{8}_\d{6})_(results|task_config)\.json")


def oumi_pair(name: str) -> Optional[str]:
    """The name of the other file of an oumi run's pair (results file <-> config file), None for any other name."""
    timed = OUMI_TIMED.fullmatch(name)
    if timed:
        return f"lm_harness_{timed.group(1)}_{'task_config' if timed.group(2) == 'results' else 'results'}.json"
    return OUMI_SPLIT.get(name) or {config: results for results, config in OUMI_SPLIT.items()}.get(name)


def oumi_results_file(name: str) -> bool:
    """Whether ``name`` is the results file (not the config file) of an oumi run's pair."""
    return name in OUMI_SPLIT or bool(OUMI_TIMED.fullmatch(name)) and name.endswith("_results.json")


def with_oumi_config(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """oumi's results file joined again with the rest of the harness's output that oumi wrote beside it (its own keys
    win); ``data`` unchanged for any other file, or when the other file is missing or not an object."""
    other = path.parent / (oumi_pair(path.name) or "")
    if not oumi_results_file(path.name) or "results" not in data or not other.is_file():
        return data
    try:
        config = read_json_object(other, str(other))
    except InputError:
        return data
    return {**config, **data}


ONE_TASK_FILE = re.compile(r"eval\.(.+)\.json")  # oumi 0.1-alpha's eval.<task>.json (SAVE_FILENAME_JSON)


def one_task(data: dict[str, Any]) -> bool:
    """One task's entry of lm-eval 0.4's ``results`` saved alone: its ``alias`` and ``metric,filter`` numbers."""
    return "results" not in data and isinstance(data.get("alias"), str) and \
        any("," in str(k) for k in data) and not any(isinstance(v, (dict, list)) for v in data.values())


def one_task_results(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """A one-task file (:func:`one_task`) as the ``results`` of a whole file: the task named by the file, else by its
    ``alias``."""
    named = ONE_TASK_FILE.fullmatch(path.name)
    task = named.group(1) if named else str(data["alias"]).lstrip(" -")
    return {"results": {task: {k: v for k, v in data.items() if k != "elapsed_time_sec"}}}  # oumi's, no metric
