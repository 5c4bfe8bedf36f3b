"""Evaluations of a Trainer run's eval sets: each set ``training.eval_sets`` names the Hub dataset of, from the run's
final results (``training.eval_results``), as transformers' card writes its model-index when it knows the dataset
(``TrainingSummary.create_model_index``: ``dataset: {name, type, config, split, args}``, ``task: {name, type}``,
metrics from the results' names, the loss left out)."""

from __future__ import annotations

from typing import Any, Optional

from generator.errors import Problem, close_matches
from generator.records.builder.base import Collector, make
from generator.records.methods import split_eval_set
from generator.records.model import Evaluation, Metric, Model, Training
from generator.records.numbers import HALF_UP_OR_FLOAT, shows

UNNAMED = "eval"  # the key of a run's one unnamed set (eval_loss: the Trainer's metric prefix without a set's name)

# not a score of the set: the loss (transformers' card leaves it out of model-index), TRL's num_tokens, the tokens
# trained on so far, which its trainers add to every evaluation's log, and the raw outputs TRL logs beside its scores
# (the policy's entropy; a preference trainer's logits/* and logps/* of the chosen and rejected answers)
NOT_SCORES = frozenset({"loss", "num_tokens", "entropy"})
NOT_SCORE_PREFIXES = ("logits/", "logps/")


def is_score(metric: str) -> bool:
    """Whether a result of type ``metric`` (:func:`metric_type`) is a score model-index lists."""
    return metric not in NOT_SCORES and not metric.startswith(NOT_SCORE_PREFIXES)


def results_by_set(eval_results: tuple[tuple[str, Any], ...]) -> dict[str, list[tuple[str, Any]]]:
    """Final results by eval set: ``Accuracy (a)`` is set ``a``'s ``Accuracy`` (the Trainer reader's
    ``summary_label``; :func:`~generator.records.methods.split_eval_set`), a name without a set's is the unnamed
    set's (:data:`UNNAMED`)."""
    sets: dict[str, list[tuple[str, Any]]] = {}
    for label, value in eval_results:
        base, named = split_eval_set(label)
        sets.setdefault(UNNAMED if named is None else named, []).append((base, value))
    return sets


def metric_type(name: str) -> str:
    """The model-index type of a result named ``name`` (``Mean Token Accuracy``): the name as logged, lower-cased with
    underscores (``mean_token_accuracy``; ``accuracy``, ``wer``: transformers' metric tags, METRIC_TAGS in its
    modelcard.py, are such names), ``Rouge1`` as transformers' tag ``rouge``."""
    key = name.lower().replace(" ", "_")
    return "rouge" if key == "rouge1" else key


def unscored_set(name: str, results: list[tuple[str, Any]], file: str, path: str) -> Optional[Problem]:
    """The warning for eval set ``name`` mapped in ``training.eval_sets`` (at ``file`` and ``path``) when none of its
    final ``results`` is a score model-index takes (its loss alone: a DPO run with two sets logs each set's loss
    only), so that it gives no model-index result, as transformers' card gives none; None when one is."""
    if any(is_score(metric_type(label)) for label, _ in results):
        return None
    return Problem(file, path, f"eval set {name} has no final result model-index takes "
                   f"({', '.join(label for label, _ in results)}: the loss is no model-index metric, as transformers' "
                   "card leaves it out), so it gives no model-index result", "compute a metric on it (the Trainer's "
                   "compute_metrics), or leave the set out of eval_sets", severity="warning", code="no-index-metric")


def _held(evaluations: tuple[Evaluation, ...], spec: dict[str, Any], metrics: tuple[Metric, ...]) -> bool:
    """Whether one of ``evaluations`` has each of ``metrics`` (its type and value, or a value that shows as it: a card's
    final results list the model-index's exact values as a table shows them) on ``spec``'s dataset."""
    where = (spec["dataset"], spec.get("config"), spec.get("split"))
    return any((e.dataset_id, e.dataset_config, e.dataset_split) == where
               and all(any(h.type == m.type and ((h.value, h.values) == (m.value, m.values)
                                                 or shows(m.value, h.value, ties=HALF_UP_OR_FLOAT))
                           for h in e.metrics) for m in metrics) for e in evaluations)


def build_set_evaluations(ctx: Collector, model: Model, training: Optional[Training],
                          evaluations: tuple[Evaluation, ...]) -> tuple[Evaluation, ...]:
    """An evaluation for each set ``training.eval_sets`` maps, indexed after ``evaluations``, in the order of the run's
    sets (however the records, the live facts and the options given merged them). A set the final results
    do not have is an error (when there are final results: a run checked before its first evaluation has none yet); a
    set whose only result is its loss gives none (a warning, :func:`unscored_set`, the records keep), nor one that an
    evaluation of the records holds already (the same values on the same dataset, config and split: the model-index
    of the Trainer's own card, which transformers writes when it knows the dataset). Each is in model-index alone
    (``table`` false), as in transformers' card: the card's lists of the final results ("It achieves the following
    results on the evaluation set") show its values already, which a results table would say a second time."""
    given: dict[str, dict[str, Any]] = (ctx.data.get("training") or {}).get("eval_sets") or {}
    if not given or training is None or not training.eval_results:
        return ()
    sets = results_by_set(training.eval_results)
    out: list[Evaluation] = []
    for name in [n for n in sets if n in given] + [n for n in given if n not in sets]:  # in the run's order
        spec, at = given[name], ["training", "eval_sets", name]
        if name not in sets:
            known = list(sets)
            guess = close_matches(name, known, n=1)
            ctx.problem(at, f"names no eval set of the run's final results (its sets: {', '.join(known)})",
                        f"did you mean {guess[0]!r}?" if guess else
                        f"use one of: {', '.join(known)} ({UNNAMED}: the run's one unnamed set)",
                        code="unknown-eval-set")
            continue
        metrics = tuple(make(Metric, type=metric_type(label), name=label,
                             **({"value": None, "values": value} if isinstance(value, (list, dict)) else {"value": value}))
                        for label, value in sets[name] if is_score(metric_type(label)))
        if not metrics:
            warning = unscored_set(name, sets[name], *ctx.locate(at))
            ctx.warnings += [warning] if warning is not None else []
            continue
        if _held(evaluations, spec, metrics):
            continue
        task = spec.get("task") or {}
        if not (task.get("type") or model.pipeline_tag):
            ctx.problem(at, "cannot be a model-index result: the model has no pipeline_tag, its task",
                        "set model.pipeline_tag (or the set's task.type)", code="missing-field")
            continue
        benchmark = spec.get("name") or (spec["dataset"] if name == UNNAMED else name)
        args = spec.get("args")
        args = (dict(args) if isinstance(args, dict) else args) or None  # a string as transformers writes it
        out.append(make(Evaluation, index=len(evaluations) + len(out), benchmark=benchmark, metrics=metrics,
                        task_type=task.get("type") or model.pipeline_tag, task_name=task.get("name"),
                        dataset_id=spec["dataset"], dataset_config=spec.get("config"), dataset_split=spec.get("split"),
                        dataset_revision=spec.get("revision"), dataset_args=args, table=False))
    return tuple(out)
