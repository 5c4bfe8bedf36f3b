"""The ``model-index`` metadata, in both directions: written once from evaluations, read once.

Writing follows the key order huggingface_hub itself writes (``task``, ``dataset``,
``metrics``, ``source``), so a round trip through it changes nothing. Reading is
tolerant: :func:`index_results` walks whatever a card holds and yields each result
with the parts that are mappings, so the checker, the importer and the preview all
see the same results; :mod:`generator.records.hubrules` says what is wrong with the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Optional

if TYPE_CHECKING:  # pragma: no cover - reading a card's model-index needs no records (cold start of validate)
    from generator.records.model import Evaluation, Records


def source(url: Optional[str], name: Optional[str]) -> Optional[dict[str, str]]:
    """The ``source`` mapping of a result (model-index and ``.eval_results`` alike), or None."""
    if not url:
        return None
    out = {"url": url}
    if name:
        out["name"] = name
    return out


def result(e: Evaluation) -> dict[str, Any]:
    """One model-index result of an evaluation."""
    task: dict = {"type": e.task_type}
    if e.task_name:
        task["name"] = e.task_name
    dataset: dict = {"name": e.benchmark, "type": e.dataset_id}
    if e.dataset_config is not None:
        dataset["config"] = e.dataset_config
    if e.dataset_split is not None:
        dataset["split"] = e.dataset_split
    if e.dataset_revision is not None:
        dataset["revision"] = e.dataset_revision
    if e.dataset_args is not None:
        dataset["args"] = e.dataset_args
    metrics = []
    for m in e.metrics:
        metric: dict = {"type": m.type, "value": m.written}
        if m.name is not None:
            metric["name"] = m.name
        if m.config is not None:
            metric["config"] = m.config
        if m.args is not None:
            metric["args"] = m.args
        if m.verified is not None:
            metric["verified"] = m.verified
        metrics.append(metric)
    # an evaluation indexed without a dataset id has `dataset: false` (the builder refuses any other): none is written
    out: dict[str, Any] = {"task": task, "dataset": dataset, "metrics": metrics} if e.dataset_id is not None else \
        {"task": task, "metrics": metrics}
    if e.source_url:
        out["source"] = source(e.source_url, e.source_name)
    return out


def model_index(records: Records) -> list[dict[str, Any]]:
    """The model-index of these records: one entry, the indexed evaluations as its results."""
    return [{"name": records.model.model_index_name,
             "results": [result(e) for e in records.indexed_evaluations]}]


# ---------------------------------------------------------------------------- reading


class IndexResult(NamedTuple):
    """One item of a card's ``model-index[i].results``, its parts as found (empty when not mappings)."""

    raw: Any
    task: dict
    dataset: Optional[dict]  # None when missing or not a mapping
    metrics: tuple[tuple[int, dict], ...]  # (position, metric) of the metrics that are mappings
    source: dict
    entry: int  # i of model-index[i]
    position: int  # j of results[j]

    @property
    def where(self) -> str:
        """``"model-index[0].results[3]"``"""
        return f"model-index[{self.entry}].results[{self.position}]"


_EMPTY: dict = {}  # read only: the part of a result that is not a mapping


def index_results(meta: Optional[dict]) -> Iterator[IndexResult]:
    """Every result of the card's model-index, in order, whatever shape the rest has."""
    index = (meta or _EMPTY).get("model-index")
    for i, entry in enumerate(index if isinstance(index, list) else ()):
        results = entry.get("results") if isinstance(entry, dict) else None
        for j, item in enumerate(results if isinstance(results, list) else ()):
            if isinstance(item, dict):
                task, dataset, metrics, source = (item.get("task"), item.get("dataset"), item.get("metrics"),
                                                  item.get("source"))
            else:
                task = dataset = metrics = source = None
            if type(metrics) is list and len(metrics) == 1 and isinstance(metrics[0], dict):  # the usual shape
                found: tuple[tuple[int, dict], ...] = ((0, metrics[0]),)
            else:
                found = tuple([(k, m) for k, m in enumerate(metrics if isinstance(metrics, list) else ())
                               if isinstance(m, dict)])
            yield IndexResult(item, task if isinstance(task, dict) else {},
                              dataset if isinstance(dataset, dict) else None, found,
                              source if isinstance(source, dict) else {}, i, j)


def index_name(meta: Optional[dict]) -> Optional[str]:
    """The model's name in the model-index: the last entry's, which is the one huggingface_hub keeps."""
    index = (meta or {}).get("model-index")
    if isinstance(index, list) and index and isinstance(index[-1], dict) and isinstance(index[-1].get("name"), str):
        return index[-1]["name"]
    return None


def index_entries(meta: Optional[dict]) -> int:
    """How many entries the card's model-index has (0 when it has none or is not a list)."""
    index = (meta or {}).get("model-index")
    return len(index) if isinstance(index, list) else 0


def upgrade_legacy_index(value: Any) -> Any:
    """A legacy ``model_index`` (transformers 4.7 to 4.9) in today's model-index shape.

    Those versions wrote the key with an underscore, a single ``metric`` mapping per result
    instead of a ``metrics`` list, and a bare mapping instead of a list when the run had no
    task and no dataset. Whatever else the value holds is left for the checks to judge.
    """
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list):
        return value
    out = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("results"), list):
            entry = {**entry, "results": [_metrics_list(result) for result in entry["results"]]}
        out.append(entry)
    return out


def _metrics_list(result: Any) -> Any:
    """A legacy result with its ``metric`` as a one-item ``metrics`` list, in the same place."""
    if not isinstance(result, dict) or "metric" not in result or "metrics" in result:
        return result
    out = {}
    for key, value in result.items():
        if key == "metric":
            out["metrics"] = value if isinstance(value, list) else [value]
        else:
            out[key] = value
    return out
