"""Evaluations, and the groups and leaderboards that gather them."""

from __future__ import annotations

import math
from dataclasses import fields
from decimal import Decimal
from typing import Optional, Union

from generator.errors import close_matches, counted
from generator.records.builder.base import Collector, make, make_from
from generator.records.model import Evaluation, Group, Leaderboard, Metric, Model
from generator.records.numbers import (
    Number,
    agrees_with_mean,
    mean,
    round_half_up,
    shown_number,
    text_number,
    text_value,
)

_METRIC_FIELDS = frozenset(f.name for f in fields(Metric))


def build_evaluations(ctx: Collector, model: Model) -> tuple[Evaluation, ...]:
    """The evaluations in order; checks ids, task types, dataset ids, few-shot counts and metric names."""
    out = []
    ids: dict[str, int] = {}
    for i, e in enumerate(ctx.data.get("evaluations", [])):
        at = ["evaluations", i]
        if "id" in e:
            if e["id"] in ids:
                ctx.problem(at + ["id"], f"id {e['id']!r} is already used by evaluation {ids[e['id']]}",
                            "give every evaluation its own id", code="duplicate-id")
            ids.setdefault(e["id"], i)
        task = e.get("task", {})
        dataset = e.get("dataset", {})
        named = dataset is not False  # false: its model-index result names no dataset (spaCy's cards)
        dataset = dataset or {}
        indexed = e.get("model_index", True)
        task_type = task.get("type") or model.pipeline_tag
        if indexed and not task_type:
            ctx.problem(at, "has no task type", "add task.type, or model.pipeline_tag as the default",
                        code="missing-field")
        if indexed and named and "id" not in dataset:
            ctx.problem(at + ["dataset"], "has no dataset id, which model-index requires",
                        "add dataset.id (the Hub dataset id), set dataset: false for a result naming none, "
                        "or set model_index: false", code="missing-field")
        args = dataset.get("args", {})
        args = dict(args) if isinstance(args, dict) else args  # a string (transformers' Trainer) is written as it is
        if "few_shot" in e and not isinstance(args, dict):
            ctx.problem(at + ["few_shot"], "cannot be written as dataset.args.num_few_shot: dataset.args is a string",
                        "leave out few_shot, or make dataset.args a mapping", code="conflicting-values")
        elif "few_shot" in e:
            if "num_few_shot" in args and args["num_few_shot"] != e["few_shot"]:
                ctx.problem(at + ["few_shot"], f"{e['few_shot']} disagrees with dataset.args.num_few_shot "
                            f"{args['num_few_shot']}", "keep one of them", code="conflicting-values")
            args["num_few_shot"] = e["few_shot"]
        # two metrics may share a name (a card's model-index does, and the Hub shows both): the tables and the
        # check take them in order; only a comparison column naming one of them cannot tell which (comparisons.py)
        metrics = []
        for j, m in enumerate(e["metrics"]):
            if "values" in m:
                _check_values(ctx, at + ["metrics", j], m)
            elif "text" in m:
                _check_text(ctx, at + ["metrics", j], m["text"], m.get("value"))
            elif "value" not in m:
                ctx.problem(at + ["metrics", j], "missing required key 'value'", "add 'value' (or, for a value the card "
                            "writes that is no number, 'text'; a list or mapping, 'values')", code="missing-field")
            if m.keys() <= _METRIC_FIELDS and "type" in m:  # every schema-valid metric: its fields by their names
                metrics.append(make_from(Metric, m))
            else:
                metrics.append(make(Metric, type=m["type"], value=m.get("value"), name=m.get("name"),
                                    stderr=m.get("stderr"), higher_is_better=m.get("higher_is_better", True),
                                    config=m.get("config"), args=m.get("args"), verified=m.get("verified"),
                                    verify_token=m.get("verify_token"), text=m.get("text"), decimals=m.get("decimals"),
                                    stderr_decimals=m.get("stderr_decimals"), values=m.get("values")))
        source = e.get("source", {})
        out.append(make(
            Evaluation,
            index=i, benchmark=e["benchmark"], metrics=tuple(metrics), id=e.get("id"),
            task_type=task_type, task_name=task.get("name"), task_args=task.get("args"), dataset_id=dataset.get("id"),
            dataset_config=dataset.get("config"), dataset_split=dataset.get("split"),
            dataset_revision=dataset.get("revision"), dataset_args=args or None, few_shot=e.get("few_shot"),
            dataset_task_id=dataset.get("task_id"), date=e.get("date"), notes=e.get("notes"),
            source_name=source.get("name"), source_url=source.get("url"), source_user=source.get("user"),
            source_org=source.get("org"), verify_token=e.get("verify_token"),
            eval_results_file=e.get("eval_results_file"), eval_results_blob=e.get("eval_results_blob"),
            group=e.get("group"),
            version=e.get("version"), model_index=indexed, decimals=e.get("decimals"), table=e.get("table", True),
        ))
    return tuple(out)


# The fields of a metric that hold or show one score, which a list or mapping (values) is instead of
_ONE_SCORE = ("value", "text", "stderr", "decimals", "stderr_decimals")


def _check_values(ctx: Collector, at: list, metric: dict) -> None:
    """A metric whose value is a list or mapping has no single score beside it."""
    for key in _ONE_SCORE:
        if key in metric:
            ctx.problem(at + [key], "is given beside values, a list or mapping that is the metric's whole value",
                        f"leave {key} out, or values out (a metric has one value: a score, or a list or mapping)",
                        code="conflicting-values")


def _no_number(metric: Metric) -> str:
    """What a metric without a number holds, in a message: its text, else its list or mapping by kind."""
    return repr(metric.text) if metric.values is None else "a list" if isinstance(metric.values, list) else "a mapping"


def _check_text(ctx: Collector, at: list, text: str, value: Optional[Number]) -> None:
    """A metric's text must be a mean ± spread, as RL cards write a mean reward, whose mean is the value; without a
    value, a text that is no number (`nan +/- nan`)."""
    if value is None:
        shown = shown_number(text)
        if shown is not None and math.isfinite(float(shown)):
            ctx.problem(at + ["value"], f"is missing, and the text {text!r} shows a number",
                        f"give value: {shown}", code="missing-field")
        return
    written = text_value(text)
    if written is None:
        ctx.problem(at + ["text"], f"{text!r} is not a mean ± spread",
                    f"write the value as the card shows it, e.g. '{value} +/- 1.5', or leave text out",
                    code="bad-format")
    elif written != value:
        ctx.problem(at + ["text"], f"{text!r} shows {text_number(text)}, but the value is {value}",
                    f"make value the text's first number, {written}", code="conflicting-values")


def build_groups(ctx: Collector, evaluations: tuple[Evaluation, ...]) -> tuple[Group, ...]:
    """The declared groups with their tasks and averages; checks names and the metrics each averages."""
    declared = ctx.data.get("groups", [])
    names = [g["name"] for g in declared]
    for e in evaluations:
        if e.group is not None and e.group not in names:
            guess = close_matches(e.group, names, n=1)
            ctx.problem(["evaluations", e.index, "group"], f"group {e.group!r} is not declared in groups",
                        f"did you mean {guess[0]!r}?" if guess else f"add {{name: {e.group}}} to groups",
                        code="undeclared-group")
    out = []
    for i, g in enumerate(declared):
        if names.index(g["name"]) != i:
            ctx.problem(["groups", i, "name"], f"group {g['name']!r} is declared twice", "keep one",
                        code="duplicate-name")
            continue
        tasks = tuple(e for e in evaluations if e.group == g["name"])
        if not tasks:
            ctx.problem(["groups", i], f"group {g['name']!r} has no evaluations",
                        f"set group: {g['name']} on its evaluations, or remove the group", code="empty-group")
            continue
        averaged = []
        for e in tasks:
            order = g.get("average_of")
            metric = next((m for key in order for m in e.metrics if m.type == key), None) if order else e.metrics[0]
            if metric is None:
                ctx.problem(["evaluations", e.index, "metrics"],
                            f"has none of the metrics group {g['name']!r} averages ({', '.join(order)})",
                            "add one of them, or extend the group's average_of", code="missing-metric")
                continue
            averaged.append(metric)
        for metric in [m for m in averaged if m.value is None]:
            ctx.problem(["groups", i], f"averages {_no_number(metric)}, which is no number",
                        "give the metric's value, or leave the evaluation out of the group", code="not-a-number")
        averaged = [m for m in averaged if m.value is not None]
        decimals = g.get("decimals")
        if averaged:
            out.append(Group(name=g["name"], tasks=tasks, averaged=tuple(averaged), decimals=decimals,
                             average=round_half_up(mean(m.value for m in averaged if m.value is not None),
                                                   2 if decimals is None else decimals),
                             show_average=g.get("show_average", True)))
    return tuple(out)


def build_leaderboards(ctx: Collector, evaluations: tuple[Evaluation, ...]) -> tuple[Leaderboard, ...]:
    """The leaderboards with their evaluations; checks the source names and a reported average."""
    out = []
    sources = sorted({e.source_name for e in evaluations if e.source_name})
    for i, lb in enumerate(ctx.data.get("leaderboards", [])):
        members = tuple(e for e in evaluations if e.source_name == lb["source"])
        if not members:
            guess = close_matches(lb["source"], sources, n=1)
            ctx.problem(["leaderboards", i, "source"], f"no evaluation has source.name {lb['source']!r}",
                        f"did you mean {guess[0]!r}?" if guess else "match the source.name of its evaluations",
                        code="dangling-reference")
            continue
        unscored = [e for e in members if e.metrics[0].value is None]
        if unscored:
            ctx.problem(["leaderboards", i], f"{unscored[0].benchmark!r} has no number ({_no_number(unscored[0].metrics[0])})",
                        "give its value, or leave the leaderboard out", code="not-a-number")
            continue
        values = [e.metrics[0].value for e in members if e.metrics[0].value is not None]  # unscored: none
        computed = mean(values)
        decimals = lb.get("average_decimals")
        average: Union[Number, Decimal] = round_half_up(computed, 2 if decimals is None else decimals)
        if "average" in lb:
            average = lb["average"]
            if not agrees_with_mean(average, values)[0]:
                ctx.problem(["leaderboards", i, "average"],
                            f"{average} is not the mean of its {counted(len(members), 'value')} ({computed:.4f})",
                            "correct the reported average or the values, or leave average out to compute it",
                            code="average-mismatch")
        out.append(Leaderboard(source=lb["source"], title=lb.get("title", f"{lb['source']} Evaluation Results"),
                               evaluations=members, average=average,
                               average_label=lb.get("average_label", "Average"), url=lb.get("url"),
                               details_url=lb.get("details_url"), details_period=lb.get("details_period", True),
                               level=lb.get("level", 2), average_decimals=decimals))
    return tuple(out)
