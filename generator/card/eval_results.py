"""The Hub's `.eval_results/*.yaml` files, written from the records' evaluations.

Each evaluation whose dataset names a benchmark ``task_id`` becomes one entry, in the key order
huggingface_hub writes: ``{dataset: {id, task_id, revision}, value, verifyToken, date, source: {url, name, user,
org}, notes}``. A score read from `.eval_results/` goes back to the file it came from (the evaluation's
``eval_results_file``), so publishing what was ingested leaves one file, never a copy under another name. Other
files are named as the Hub's convention names them: one per benchmark task (``.eval_results/<task_id>.yaml``), a
variant of it (an entry with ``notes``) in its own file (``hle.yaml`` and ``hle_with_tools.yaml`` for notes "With
tools"), and the dataset's name first when two datasets share a task id. The value is the evaluation's first
metric: the format has no metric name.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.card.managed import FOLDER
from generator.card.model_index import source
from generator.io.files import git_blob_sha
from generator.io.yamlio import dump
from generator.records.model import Records
from generator.records.numbers import as_written


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "results"


def eval_result_entries(records: Records) -> dict[str, list[dict[str, Any]]]:
    """File name -> entries, for the evaluations that carry a dataset task_id."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    files: dict[str, list[dict[str, Any]]] = {}
    for e in records.evaluations:
        m = e.metrics[0]
        if not e.dataset_task_id or not e.dataset_id or m.value is None:
            continue  # the format takes a number: a value written as text only (`nan`) has none
        dataset: dict[str, Any] = {"id": e.dataset_id, "task_id": e.dataset_task_id}
        if e.dataset_revision:
            dataset["revision"] = e.dataset_revision
        # the value at the decimals its card or file wrote it with (57.50): the metric's, else the evaluation's
        entry: dict[str, Any] = {"dataset": dataset,
                                 "value": as_written(m.value, e.decimals if m.decimals is None else m.decimals)}
        if e.verify_token:
            entry["verifyToken"] = e.verify_token
        if e.date:
            entry["date"] = e.date
        where = source(e.source_url, e.source_name)
        if where:
            where.update((k, v) for k, v in (("user", e.source_user), ("org", e.source_org)) if v)
            entry["source"] = where
        if e.notes:
            entry["notes"] = e.notes
        if e.eval_results_file:
            files.setdefault(f"{FOLDER}/{e.eval_results_file}", []).append(entry)
        else:
            groups.setdefault((e.dataset_id, e.dataset_task_id, e.notes or ""), []).append(entry)
    datasets_of: dict[str, set[str]] = {}
    for dataset_id, task_id, _ in groups:
        datasets_of.setdefault(task_id, set()).add(dataset_id)
    for (dataset_id, task_id, notes), entries in groups.items():
        stem = _slug(task_id)
        if len(datasets_of[task_id]) > 1:
            stem = f"{_slug(dataset_id.split('/')[-1])}_{stem}"
        if notes:
            stem = f"{stem}_{_slug(notes).lower()[:60].rstrip('_')}"
        files.setdefault(f"{FOLDER}/{stem}.yaml", []).extend(entries)
    return files


def eval_results_files(records: Records) -> dict[str, str]:
    """File name -> YAML text of every `.eval_results` file for these records."""
    return {name: dump(entries) for name, entries in sorted(eval_result_entries(records).items())}


def written_blobs(files: dict[str, str]) -> dict[str, str]:
    """File name -> git blob of its text: what the card's metadata marker records (generator.card.managed)."""
    return {name: git_blob_sha(text.encode("utf-8")) for name, text in files.items()}


def ingested_files(records: Records) -> dict[str, Optional[str]]:
    """The `.eval_results` files the records' scores were read from (each evaluation's ``eval_results_file``), with
    the git blob each was read at (``eval_results_blob``; None where the records do not say): publishing may replace
    such a file although the card never wrote it, while the Hub still holds it at that blob."""
    out: dict[str, Optional[str]] = {}
    for e in records.evaluations:
        if e.eval_results_file:
            path = f"{FOLDER}/{e.eval_results_file}"
            out[path] = out.get(path) or e.eval_results_blob
    return out
