"""lighteval results JSON -> evaluations.

Task keys are ``suite|task|fewshot`` (up to 0.12) or ``task|fewshot`` (0.13+);
metrics carry a ``_stderr`` twin, which lighteval writes as NaN when undefined.
The ``all`` entry and ``:_average`` entries are lighteval's own means and are
kept out of the per-task evaluations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.sources.common import HUB_ID, Ingested, finite, read_json_object


def looks_like_lighteval(data: dict[str, Any]) -> bool:
    return isinstance(data.get("config_general"), dict) and isinstance(data.get("results"), dict)


def _parse_key(key: str) -> tuple[str, str, int | None]:
    """(suite, task, fewshot) from a lighteval task key."""
    parts = key.split("|")
    if len(parts) >= 3 and parts[2].isdigit():
        return parts[0], parts[1], int(parts[2])
    if len(parts) == 2 and parts[1].isdigit():
        return "", parts[0], int(parts[1])
    if len(parts) == 2:
        return parts[0], parts[1], None
    return "", key, None


def read_lighteval(path: Path) -> Ingested:
    data = read_json_object(path, str(path))
    if not looks_like_lighteval(data):
        raise InputError([Problem(str(path), "$", "is not a lighteval results file (no config_general/results)",
                                  "pass results_*.json from lighteval's output_dir/results/",
                                  code="unrecognized-format")])
    result = Ingested(str(path), "lighteval", {})
    configs = data.get("config_tasks") or {}
    versions = data.get("versions") or {}
    evaluations = []
    for key, values in data["results"].items():
        if key == "all" or ":_average" in key or not isinstance(values, dict):
            continue
        suite, task, shots = _parse_key(key)
        metrics = []
        for name, value in values.items():
            if name.endswith("_stderr"):
                continue
            number = finite(value, result, f"$.results[{key!r}][{name!r}]")
            if number is None:
                continue
            metric: dict[str, Any] = {"type": name, "value": number}
            stderr = values.get(f"{name}_stderr")
            if isinstance(stderr, (int, float)) and not isinstance(stderr, bool):
                err = finite(stderr, result, f"$.results[{key!r}][{name + '_stderr'!r}]", required=False)
                if err is not None and err >= 0:
                    metric["stderr"] = err
            metrics.append(metric)
        if not metrics:
            continue
        name = task if not suite else f"{suite}|{task}"
        evaluation: dict[str, Any] = {"id": key.replace("|", ":"),
                                      "benchmark": f"{name} ({shots}-shot)" if shots is not None else name}
        config = configs.get(key) or configs.get(f"{suite}|{task}") or {}
        dataset: dict[str, Any] = {}
        repo = config.get("hf_repo")
        if isinstance(repo, str) and HUB_ID.match(repo):
            dataset["id"] = repo
        if isinstance(config.get("hf_subset"), str) and config["hf_subset"] not in ("", "default"):
            dataset["config"] = config["hf_subset"]
        splits = config.get("evaluation_splits")
        if isinstance(splits, list) and len(splits) == 1 and isinstance(splits[0], str):
            dataset["split"] = splits[0]
        if dataset:
            evaluation["dataset"] = dataset
        if shots is not None:
            evaluation["few_shot"] = shots
        version = versions.get(key)
        if isinstance(version, (int, str)) and not isinstance(version, bool):
            evaluation["version"] = version
        evaluation["metrics"] = metrics
        if "id" not in dataset:
            evaluation["model_index"] = False
        evaluations.append(evaluation)
    if not evaluations:
        raise InputError([Problem(str(path), "$.results", "holds no numeric task results", "pass a completed run's file",
                                  code="no-results")])
    result.data["evaluations"] = evaluations
    name = (data.get("config_general") or {}).get("model_name")
    if isinstance(name, str) and HUB_ID.match(name):
        result.data["model"] = {"repo_id": name}
    return result
