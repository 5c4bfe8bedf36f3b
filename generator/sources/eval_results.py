"""The Hub's `.eval_results/*.yaml` files -> evaluations (see generator/evalresults.py for writing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.io.files import load_data_file
from generator.sources.common import Ingested, is_number


def looks_like_eval_results(data: Any) -> bool:
    return isinstance(data, list) and bool(data) and all(
        isinstance(e, dict) and isinstance(e.get("dataset"), dict) and "task_id" in e["dataset"] for e in data)


def read_eval_results(path: Path) -> Ingested:
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    result = Ingested(str(path), "eval-results", {})
    evaluations = []
    problems = []
    for file in files:
        data = load_data_file(file, str(file))
        if not looks_like_eval_results(data):
            problems.append(Problem(str(file), "$", "is not a list of .eval_results entries "
                                    "(each needs dataset.id, dataset.task_id and value)", "check the file",
                                    code="unrecognized-format"))
            continue
        for i, entry in enumerate(data):
            where = f"$[{i}]"
            dataset = entry["dataset"]
            if not isinstance(dataset.get("id"), str) or not is_number(entry.get("value")):
                problems.append(Problem(str(file), where, "needs dataset.id and a numeric value", "fix the entry",
                                        code="missing-field"))
                continue
            source = entry.get("source") or {}
            if source and not isinstance(source.get("url"), str):
                problems.append(Problem(str(file), f"{where}.source", "has no url", "add source.url",
                                        code="missing-field"))
                continue
            evaluation: dict[str, Any] = {
                "id": f"{dataset['id']}:{dataset['task_id']}",
                "benchmark": f"{dataset['id']} ({dataset['task_id']})",
                "dataset": {"id": dataset["id"], "task_id": str(dataset["task_id"])},
                "metrics": [{"type": str(dataset["task_id"]), "value": entry["value"]}],
            }
            if isinstance(dataset.get("revision"), str):
                evaluation["dataset"]["revision"] = dataset["revision"]
            if isinstance(entry.get("date"), str):
                evaluation["date"] = entry["date"]
            if source:
                evaluation["source"] = {k: source[k] for k in ("url", "name") if isinstance(source.get(k), str)}
            if isinstance(entry.get("notes"), str):
                evaluation["notes"] = entry["notes"]
            evaluations.append(evaluation)
    if problems:
        raise InputError(problems)
    result.data["evaluations"] = evaluations
    return result
