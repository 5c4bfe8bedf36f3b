"""lm-evaluation-harness results JSON (0.4.x, and the 0.3 shape) -> evaluations.

Each task becomes one evaluation; each ``metric,filter`` key one metric with its
``_stderr``. Values are kept exactly as the harness wrote them (fractions, not
percentages). Tasks of a group become that group's detail table; the group's own
aggregate (weighted by the harness) is kept as an evaluation of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem
from generator.sources.common import HUB_ID, Ingested, finite, read_json_object

SKIP_KEYS = {"alias", "name", "sample_len", "sample_count", "samples", " "}


def looks_like_lm_eval(data: dict[str, Any]) -> bool:
    return isinstance(data.get("results"), dict) and ("versions" in data or "n-shot" in data or "configs" in data
                                                       or "config" in data) and "config_general" not in data


def _split_key(key: str) -> tuple[str, Optional[str]]:
    metric, _, filt = key.partition(",")
    return metric, (filt or None)


def _dataset(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    path = config.get("dataset_path")
    if isinstance(path, str) and HUB_ID.match(path):
        out["id"] = path
    name = config.get("dataset_name")
    if isinstance(name, str) and name:
        out["config"] = name
    split = config.get("test_split") or config.get("validation_split")
    if isinstance(split, str):
        out["split"] = split
    kwargs = config.get("dataset_kwargs")
    if isinstance(kwargs, dict) and isinstance(kwargs.get("revision"), str):
        out["revision"] = kwargs["revision"]
    return out


def _evaluation(task: str, values: dict[str, Any], data: dict[str, Any], result: Ingested, group: Optional[str],
                where: str) -> Optional[dict[str, Any]]:
    metrics = []
    higher = (data.get("higher_is_better") or {}).get(task) or {}
    for key, value in values.items():
        if key in SKIP_KEYS or "_stderr" in key or not isinstance(key, str):
            continue
        number = finite(value, result, f"{where}[{key!r}]")
        if number is None:
            continue
        metric_name, filt = _split_key(key)
        metric: dict[str, Any] = {"type": metric_name, "value": number}
        if filt and filt != "none":
            metric["name"] = f"{metric_name} ({filt})"
        stderr_key = f"{metric_name}_stderr,{filt}" if filt else f"{metric_name}_stderr"
        stderr = values.get(stderr_key)
        if isinstance(stderr, (int, float)) and not isinstance(stderr, bool):
            number = finite(stderr, result, f"{where}[{stderr_key!r}]", required=False)
            if number is not None and number >= 0:
                metric["stderr"] = number
        if isinstance(higher.get(metric_name), bool) and not higher[metric_name]:
            metric["higher_is_better"] = False
        metrics.append(metric)
    if not metrics:
        return None
    config = (data.get("configs") or {}).get(task) or {}
    shots = (data.get("n-shot") or {}).get(task, config.get("num_fewshot"))
    name = str(values.get("alias") or task).strip(" -") or task
    evaluation: dict[str, Any] = {"id": task, "benchmark": name}
    if isinstance(shots, int) and not isinstance(shots, bool):
        # runs of the same task with other shot counts are other evaluations
        evaluation = {"id": f"{task}:{shots}-shot", "benchmark": f"{name} ({shots}-shot)"}
    dataset = _dataset(config)
    if dataset:
        evaluation["dataset"] = dataset
    if isinstance(shots, int) and not isinstance(shots, bool):
        evaluation["few_shot"] = shots
    version = (data.get("versions") or {}).get(task)
    if isinstance(version, (int, float, str)) and not isinstance(version, bool):
        evaluation["version"] = int(version) if isinstance(version, float) and version.is_integer() else \
            (str(version) if isinstance(version, float) else version)
    evaluation["metrics"] = metrics
    if group:
        evaluation["group"] = group
    if "id" not in dataset or group:
        evaluation["model_index"] = False
    return evaluation


def read_lm_eval(path: Path) -> Ingested:
    """One lm-evaluation-harness results file as record data."""
    data = read_json_object(path, str(path))
    if not looks_like_lm_eval(data):
        raise InputError([Problem(str(path), "$", "is not an lm-evaluation-harness results file "
                                  "(no results/versions/n-shot keys)", "pass results_*.json from --output_path",
                                  code="unrecognized-format")])
    result = Ingested(str(path), "lm-eval", {})
    subtasks: dict[str, list[str]] = {g: list(t) for g, t in (data.get("group_subtasks") or {}).items()
                                      if isinstance(t, list) and t}
    parent = {task: group for group, tasks in subtasks.items() for task in tasks}
    evaluations = []
    for task, values in data["results"].items():
        if not isinstance(values, dict):
            result.warn(f"$.results[{task!r}]", "is not an object; skipped", code="wrong-type")
            continue
        evaluation = _evaluation(task, values, data, result, parent.get(task), f"$.results[{task!r}]")
        if evaluation is None:
            result.warn(f"$.results[{task!r}]", "has no numeric metric; skipped", code="no-results")
            continue
        if task in subtasks:
            evaluation["benchmark"] = f"{evaluation['benchmark']}, aggregate"
        evaluations.append(evaluation)
    for group, values in (data.get("groups") or {}).items():
        if group in data["results"] or not isinstance(values, dict):
            continue
        evaluation = _evaluation(group, values, data, result, None, f"$.groups[{group!r}]")
        if evaluation:
            evaluation["benchmark"] = f"{evaluation['benchmark']}, aggregate"
            evaluations.append(evaluation)
    if not evaluations:
        raise InputError([Problem(str(path), "$.results", "holds no numeric results", "pass a completed run's file",
                                  code="no-results")])
    result.data["evaluations"] = evaluations
    groups = [{"name": g, "show_average": False} for g in subtasks if any(e.get("group") == g for e in evaluations)]
    if groups:
        result.data["groups"] = groups
    model = (data.get("config") or {}).get("model_args") or ""
    pretrained = data.get("model_name") or _model_arg(model, "pretrained")
    if isinstance(pretrained, str) and HUB_ID.match(pretrained):
        result.data["model"] = {"repo_id": pretrained}
    if isinstance(data.get("lm_eval_version"), str):
        for evaluation in evaluations:
            evaluation["notes"] = f"lm-evaluation-harness {data['lm_eval_version']}"
    return result


def _model_arg(model_args: Any, key: str) -> Optional[str]:
    if isinstance(model_args, dict):
        value = model_args.get(key)
        return value if isinstance(value, str) else None
    for part in str(model_args).split(","):
        name, _, value = part.partition("=")
        if name.strip() == key:
            return value.strip()
    return None
