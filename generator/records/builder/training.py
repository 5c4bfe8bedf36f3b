"""The training part, and the free-text check of markdown outside the model mapping."""

from __future__ import annotations

from typing import Optional

from generator.markdown.safety import clean_markdown
from generator.records.builder.base import Collector, as_items, free_text
from generator.records.model import Training, TrainingRow
from generator.records.numbers import HALF_UP_OR_FLOAT, read_number, read_number_list, read_number_mapping, shows


def build_training(ctx: Collector) -> Optional[Training]:
    """The training run, or None when the records have none."""
    t = ctx.data.get("training")
    if t is None:
        return None
    rows = tuple(TrainingRow(training_loss=r.get("training_loss"), epoch=r.get("epoch"), step=r.get("step"),
                             validation_loss=r.get("validation_loss"), metrics=as_items(r.get("metrics")),
                             text=_row_text(ctx, i, r))
                 for i, r in enumerate(t.get("results", [])))
    return Training(method=t.get("method"), description=clean_markdown(t.get("description", "")),
                    hyperparameters=as_items(t.get("hyperparameters")), eval_results=as_items(t.get("eval_results")),
                    eval_results_text=_eval_results_text(ctx, t),
                    statistics=as_items(t.get("statistics")),
                    results=rows, hardware=t.get("hardware"), training_time=t.get("training_time"),
                    framework_versions=as_items(t.get("framework_versions")), decimals=t.get("decimals"),
                    results_intro=clean_markdown(t.get("results_intro", "")).strip("\n"),
                    closing=clean_markdown(t.get("closing", "")).strip("\n"),
                    results_heading=t.get("results_heading", False), eval_results_of=t.get("eval_results_of"),
                    heading=t.get("heading"), hyperparameters_heading=t.get("hyperparameters_heading"),
                    versions_colon=t.get("versions_colon", False),
                    own_arguments_class=(t.get("own_arguments") or {}).get("class"),
                    own_arguments=as_items((t.get("own_arguments") or {}).get("values")))


def _row_text(ctx: Collector, i: int, row: dict) -> tuple[tuple[str, str], ...]:
    """A results row's cells as the card wrote them; each must name one of the row's values and read as it."""
    text = row.get("text") or {}
    metrics = row.get("metrics") or {}
    for key, written in text.items():
        value = row.get(key) if key in ("training_loss", "epoch", "step", "validation_loss") else metrics.get(key)
        try:
            same = value is not None and not isinstance(value, bool) and float(written) == value
        except ValueError:
            same = False
        if not same:
            ctx.problem(["training", "results", i, "text", key], f"{written!r} does not read as the row's {key}, "
                        f"{value}", "write the value as the table shows it, or leave it out of text",
                        code="conflicting-values")
    return as_items(text)


def _eval_results_text(ctx: Collector, training: dict) -> tuple[tuple[str, str], ...]:
    """The final results as the card wrote them; each must name one of eval_results and read as it."""
    text = training.get("eval_results_text") or {}
    values = training.get("eval_results") or {}
    for key, written in text.items():
        _same_as_written(ctx, ["training", "eval_results_text", key], written, values.get(key), key)
    return as_items(text)


def _same_as_written(ctx: Collector, path: list, written: str, value: object, key: str) -> None:
    try:  # the card's text may be its rounding of the run's exact value, at the decimals it is written with
        shown = read_number(written)
        if isinstance(value, list):  # a list of numbers as numpy prints it ([0.99143577 0.99156328])
            same = read_number_list(written) == value
        elif isinstance(value, dict):  # a mapping of numbers, written otherwise than Python writes it
            same = read_number_mapping(written) == value
        else:
            same = isinstance(value, (int, float)) and not isinstance(value, bool) and \
                (float(written) == value or shown is not None and shows(shown, value, ties=HALF_UP_OR_FLOAT))
    except ValueError:
        same = False
    if not same:
        ctx.problem(path, f"{written!r} does not read as {key}, {value}", "write the value as the card shows it, "
                    "or leave it out of text", code="conflicting-values")


def check_texts(ctx: Collector) -> None:
    """Free markdown outside the model mapping."""
    t = ctx.data.get("training") or {}
    for key in ("description", "closing"):
        if t.get(key):
            free_text(ctx, ["training", key], t[key])
    for i, c in enumerate(ctx.data.get("comparisons", [])):
        if c.get("description"):
            free_text(ctx, ["comparisons", i, "description"], c["description"])
    for i, c in enumerate(ctx.data.get("citations", [])):
        if c.get("label"):
            free_text(ctx, ["citations", i, "label"], c["label"])
