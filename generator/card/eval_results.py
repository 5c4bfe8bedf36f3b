"""The Hub's `.eval_results/*.yaml` files, written from the records' evaluations.

Each evaluation whose dataset names a benchmark ``task_id`` becomes one entry:
``{dataset: {id, task_id, revision}, value, date, source, notes}``; entries are
grouped one file per benchmark task (``.eval_results/<dataset>_<task>.yaml``).
The value is the evaluation's first metric: the format has no metric name.
"""

from __future__ import annotations

import re
from typing import Any

from generator.card.model_index import source
from generator.io.yamlio import dump
from generator.records.model import Records

FOLDER = ".eval_results"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "results"


def eval_result_entries(records: Records) -> dict[str, list[dict[str, Any]]]:
    """File name -> entries, for the evaluations that carry a dataset task_id."""
    files: dict[str, list[dict[str, Any]]] = {}
    for e in records.evaluations:
        if not e.dataset_task_id or not e.dataset_id:
            continue
        dataset: dict[str, Any] = {"id": e.dataset_id, "task_id": e.dataset_task_id}
        if e.dataset_revision:
            dataset["revision"] = e.dataset_revision
        entry: dict[str, Any] = {"dataset": dataset, "value": e.metrics[0].value}
        if e.date:
            entry["date"] = e.date
        where = source(e.source_url, e.source_name)
        if where:
            entry["source"] = where
        if e.notes:
            entry["notes"] = e.notes
        name = f"{FOLDER}/{_slug(e.dataset_id.split('/')[-1])}_{_slug(e.dataset_task_id)}.yaml"
        files.setdefault(name, []).append(entry)
    return files


def eval_results_files(records: Records) -> dict[str, str]:
    """File name -> YAML text of every `.eval_results` file for these records."""
    return {name: dump(entries) for name, entries in sorted(eval_result_entries(records).items())}
