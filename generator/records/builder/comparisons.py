"""Comparison tables: columns that may take this model's values from its evaluations or groups, and rows."""

from __future__ import annotations

from typing import Any, Optional

from generator.errors import close_matches
from generator.markdown.safety import clean_markdown
from generator.records.builder.base import Collector
from generator.records.model import Column, Comparison, Evaluation, Group, Model, Ref, Row, Score


def _column_ref(ctx: Collector, at: list, spec: dict, evaluations: tuple[Evaluation, ...],
                groups: tuple[Group, ...], by_id: dict[str, Evaluation]) -> Optional[Ref]:
    """Where a column's ``from`` points: an evaluation's metric or a group's average; None if it cannot.
    ``by_id``: the evaluations that have an id, by it (made once for every column)."""
    if "group" in spec:
        if "evaluation" in spec or "metric" in spec:
            ctx.problem(at, "names both a group and an evaluation", "keep one", code="needs-one-of")
        names = [g.name for g in groups]
        if spec["group"] not in names:
            guess = close_matches(spec["group"], names, n=1)
            ctx.problem(at + ["group"], f"no group named {spec['group']!r}",
                        f"did you mean {guess[0]!r}?" if guess else "declare it in groups", code="undeclared-group")
            return None
        return Ref(group=spec["group"])
    if "evaluation" not in spec:
        ctx.problem(at, "needs an evaluation or a group", "add evaluation: <id> or group: <name>", code="needs-one-of")
        return None
    ev = by_id.get(spec["evaluation"])
    if ev is None:
        guess = close_matches(spec["evaluation"], list(by_id), n=1)
        known = ", ".join(repr(x) for x in sorted(by_id)) or "none yet: give the evaluation an id"
        ctx.problem(at + ["evaluation"], f"no evaluation has id {spec['evaluation']!r}",
                    f"did you mean {guess[0]!r}?" if guess else f"use one of: {known}", code="dangling-reference")
        return None
    metric = ev.metric(spec.get("metric"))
    key = spec.get("metric")
    if key is not None and len([m for m in ev.metrics if m.name == key] or [m for m in ev.metrics if m.type == key]) > 1:
        ctx.problem(at + ["metric"], f"evaluation {ev.id!r} has two metrics {spec['metric']!r}, so this column "
                    "cannot tell which one it shows", "give each of that evaluation's metrics its own name",
                    code="duplicate-name")
        return None
    if metric is None:
        labels = [m.label for m in ev.metrics]
        ctx.problem(at + ["metric"], f"evaluation {ev.id!r} has no metric {spec['metric']!r}",
                    "use one of: " + ", ".join(labels), code="dangling-reference")
        return None
    return Ref(evaluation=ev.index, metric=ev.metrics.index(metric))


def _resolve(ref: Ref, evaluations: tuple[Evaluation, ...], groups: tuple[Group, ...]) -> Any:
    """The value ``ref`` points to."""
    if ref.group is not None:
        return next(g.average for g in groups if g.name == ref.group)
    return evaluations[ref.evaluation].metrics[ref.metric].value  # type: ignore[index]


def build_comparisons(ctx: Collector, model: Model, evaluations: tuple[Evaluation, ...],
                      groups: tuple[Group, ...]) -> tuple[Comparison, ...]:
    """The comparison tables; checks column labels and sources, row names, score keys and the self row."""
    out = []
    comparisons = ctx.data.get("comparisons", [])
    by_id = {e.id: e for e in evaluations if e.id} if comparisons else {}
    for i, c in enumerate(comparisons):
        at = ["comparisons", i]
        labels = [col["label"] for col in c["columns"]]
        columns = []
        for j, col in enumerate(c["columns"]):
            if labels.index(col["label"]) != j:
                ctx.problem(at + ["columns", j, "label"], f"column {col['label']!r} appears twice",
                            "give each column its own label", code="duplicate-name")
            ref = _column_ref(ctx, at + ["columns", j, "from"], col["from"], evaluations, groups, by_id) \
                if "from" in col else None
            columns.append(Column(label=col["label"], higher_is_better=col.get("higher_is_better", True),
                                  in_average=col.get("average", True), ref=ref,
                                  decimals=col.get("decimals"), url=col.get("url")))
        rows = []
        selves = 0
        for k, r in enumerate(c["rows"]):
            rat = at + ["rows", k]
            is_self = r.get("self", False)
            selves += is_self
            if not is_self and "model" not in r and "label" not in r:
                ctx.problem(rat, "names no model", "add model: <hub id>, label, or self: true", code="missing-field")
            scores = r.get("scores", {})
            for key in scores:
                if key not in labels:
                    guess = close_matches(key, labels, n=1)
                    ctx.problem(rat + ["scores", key], f"{key!r} is not a column of this table",
                                f"did you mean {guess[0]!r}?" if guess else "use a column label: " + ", ".join(labels),
                                code="unknown-column")
            values: list[Score] = []
            refs: list[Optional[Ref]] = []
            for col in columns:
                value = scores.get(col.label)
                ref = col.ref if is_self else None
                if ref is not None:
                    if col.label in scores:
                        ctx.problem(rat + ["scores", col.label],
                                    "is given twice: the column takes this model's value from its evaluations",
                                    "remove the score from the row", code="duplicate-value")
                    value = _resolve(ref, evaluations, groups)
                values.append(value)
                refs.append(ref)
            if is_self:
                label = r.get("label", model.name)
                own = r.get("model", model.repo_id)
                url = r.get("url") or (f"https://huggingface.co/{own}" if own else None)
            else:
                label = r.get("label") or r.get("model", "")
                url = r.get("url") or (f"https://huggingface.co/{r['model']}" if "model" in r else None)
            rows.append(Row(label=label, scores=tuple(values), is_self=is_self, url=url, refs=tuple(refs)))
        if selves > 1:
            ctx.problem(at + ["rows"], "has more than one self row", "keep one row with self: true",
                        code="multiple-self-rows")
        if any(col.ref for col in columns) and not selves:
            ctx.problem(at + ["rows"], "has columns taking values from evaluations but no self row",
                        "add a row with self: true", code="missing-self-row")
        out.append(Comparison(title=c["title"], columns=tuple(columns), rows=tuple(rows),
                              description=clean_markdown(c.get("description", "")),
                              bold_best=c.get("bold_best", True),
                              average=c.get("average", False), average_label=c.get("average_label", "Average"),
                              transpose=c.get("transpose", False), decimals=c.get("decimals"),
                              url=c.get("url")))
    return tuple(out)
