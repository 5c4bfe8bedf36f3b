"""The ``model-index`` metadata, in both directions: written once from evaluations, read once.

Writing follows the key order huggingface_hub itself writes (``task``, ``dataset``,
``metrics``, ``source``), so a round trip through it changes nothing. Reading is
tolerant: :func:`index_results` walks whatever a card holds and yields each result
with the parts that are mappings, so the checker, the importer and the preview all
see the same results; :mod:`generator.records.hubrules` says what is wrong with the rest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Optional

from generator.io.data import FlowList, lazy_pattern
from generator.markdown.frontmatter import key_texts

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
    if e.task_args is not None:
        task["args"] = e.task_args
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
        value = m.written
        if type(value) is list and value and not any(isinstance(item, (list, dict)) for item in value):
            value = FlowList(value)  # MTEB's v_measures, as MTEB writes them: one line, not one line a number
        metric: dict = {"type": m.type, "value": value}
        if m.name is not None:
            metric["name"] = m.name
        if m.config is not None:
            metric["config"] = m.config
        if m.args is not None:
            metric["args"] = m.args
        if m.verified is not None:
            metric["verified"] = m.verified
        if m.verify_token is not None:
            metric["verifyToken"] = m.verify_token
        metrics.append(metric)
    # an evaluation indexed without a dataset id has `dataset: false` (the builder refuses any other): none is written
    out: dict[str, Any] = {"task": task, "dataset": dataset, "metrics": metrics} if e.dataset_id is not None else \
        {"task": task, "metrics": metrics}
    if e.source_url:
        out["source"] = source(e.source_url, e.source_name)
    return out


def model_index(records: Records) -> list[dict[str, Any]]:
    """The model-index of these records: one entry, the indexed evaluations as its results."""
    return [{"name": records.model.index_name,
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


# a metric value written with a zero after its last digit (`value: 57.50`), which the number read drops
_TRAILING_ZERO_VALUE = lazy_pattern(r"^[ \t-]*value:[ \t]*[-+]?[0-9]*\.[0-9]*0[ \t]*(?:#.*)?$", re.M)


def zero_ended_values(text: str) -> dict[str, str]:
    """``"model-index[i].results[j].metrics[k]"`` -> its value as the card ``text`` writes it, for each float value
    written with a zero after its last digit (``57.50``, which YAML reads as 57.5; ``0.50540`` of Helsinki-NLP's
    OPUS-MT cards): the importer keeps their decimals, so that the model-index written back keeps the zeros."""
    if "\r" in text:  # a card saved with CRLF (deepset/roberta-large-squad2's `value: 35.900`): read as YAML reads it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    block = key_texts(text).get("model-index")
    if block is None or _TRAILING_ZERO_VALUE.search(block) is None:
        return {}
    from generator.io.libyaml import compose  # only for such a card

    root = compose(block)
    index = _items(root, "model-index") if root is not None else None
    out: dict[str, str] = {}
    for i, entry in enumerate(index.value if index is not None and index.tag.endswith(":seq") else ()):
        results = _items(entry, "results")
        for j, result in enumerate(results.value if results is not None and results.tag.endswith(":seq") else ()):
            metrics = _items(result, "metrics")
            for k, metric in enumerate(metrics.value if metrics is not None and metrics.tag.endswith(":seq") else ()):
                value = _items(metric, "value")
                if value is not None and value.tag.endswith(":float") and value.value.endswith("0"):
                    out[f"model-index[{i}].results[{j}].metrics[{k}]"] = value.value
    return out


def _items(node: Any, key: str) -> Any:
    """The node under ``key`` of a mapping node (the last, as YAML readers keep it), or None."""
    if not node.tag.endswith(":map"):
        return None
    found = None
    for k, v in node.value:
        if k.value == key:
            found = v
    return found


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
    task and no dataset: that mapping, ``{name: X}`` and no results, says the run has none
    (``results: []``, as 4.10 on write it). Whatever else the value holds is left for the checks to judge.
    """
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list):
        return value
    out = []
    for entry in entries:
        if isinstance(value, dict) and isinstance(entry, dict) and "results" not in entry:
            entry = {**entry, "results": []}
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


def legacy_metrics(value: Any, tags: Any, listed: dict[str, Any]) -> Any:
    """A legacy ``model_index`` whose results hold the one ``metric`` transformers 4.7 to 4.9 kept of the several it
    meant: its create_model_index set each result's ``metric`` once per metric of the card's ``metrics`` list (``tags``),
    so the last one stayed. The others, given by the card's "It achieves" list (``listed``: its values by name, as the
    Trainer names a metric: its tag capitalized, "_" as " "), make a ``metrics`` list in the ``metrics`` order, as
    4.10 on write it; a result, or a card, that lacks any of them is left as it is."""
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list) or not isinstance(tags, list) or len(tags) < 2:
        return value
    named = {str(name).lower().replace(" ", "_"): (name, number) for name, number in listed.items()}
    out = []
    for entry in entries:
        results = entry.get("results") if isinstance(entry, dict) else None
        if isinstance(results, list):
            entry = {**entry, "results": [_all_meant(result, tags, named) for result in results]}
        out.append(entry)
    return out if isinstance(value, list) else out[0]


def _all_meant(result: Any, tags: list[Any], named: dict[str, tuple[str, Any]]) -> Any:
    """A legacy result with every metric of ``tags`` (legacy_metrics), or as it is."""
    kept = result.get("metric") if isinstance(result, dict) else None
    if not isinstance(kept, dict) or "metrics" in result or kept.get("type") not in tags or \
            not all(tag == kept["type"] or (isinstance(tag, str) and tag in named) for tag in tags):
        return result
    metrics = [kept if tag == kept["type"] else {"name": named[tag][0], "type": tag, "value": named[tag][1]}
               for tag in tags]
    return {("metrics" if key == "metric" else key): (metrics if key == "metric" else item)
            for key, item in result.items()}
