"""trainer_state.json's log history -> the training-results table and the last evaluation's results.

The table is the one transformers' own card shows: a row per evaluation during training, one column per metric and
eval set. A run logged without evaluation gets a row per sampled training log entry instead (see
:func:`train_log_rows`), so that its loss and what its trainer logs (rewards, KL, ...) are in the card.
"""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import Any, Mapping, Optional

from generator.sources.common import Ingested, finite, is_number
from generator.sources.trainer_method import log_method, reward_functions

# Per-evaluation keys that are not results (timings, counts), left out as transformers' card leaves them out.
NOT_RESULTS = frozenset({"runtime", "samples_per_second", "steps_per_second", "jit_compilation_time",
                         "model_preparation_time", "samples", "total_flos", "epoch", "step"})


def eval_sets(entry: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """An evaluation's ``eval_*`` keys by eval set: ``{"": {"loss": ..}}``, or ``{"a": {..}, "b": {..}}``.

    A Trainer given ``eval_dataset={"a": .., "b": ..}`` logs ``eval_a_loss``, ``eval_a_runtime``, ... per set.
    A set is recognised by its ``eval_<set>_runtime`` and speed keys (or, without any timing, by
    ``eval_<set>_loss``, when every key is of a set), so set names may hold underscores. Timings and counts are left
    out. Empty when the entry is no evaluation.
    """
    keys = [k for k in entry if isinstance(k, str) and k.startswith("eval_")]
    plain = "eval_loss" in entry or "eval_runtime" in entry
    named = {k[5:-8] for k in keys if k.endswith("_runtime") and len(k) > 13
             and (f"{k[:-8]}_samples_per_second" in entry or f"{k[:-8]}_steps_per_second" in entry)}
    if not named and not plain:
        named = {k[5:-5] for k in keys if k.endswith("_loss") and len(k) > 10}
        if any(not any(k.startswith(f"eval_{n}_") for n in named) for k in keys):
            # not every key is of a set: no evaluation, but what TRL's preference trainers (ORPO, CPO, DPO) leave of
            # their last one in the train summary (eval_nll_loss, eval_rewards/chosen, ...): nll is no eval set
            return {}
    if not named and not plain:
        return {}
    by_length = sorted(named, key=len, reverse=True)
    sets: dict[str, dict[str, Any]] = {}
    for key in keys:
        name = next((n for n in by_length if key.startswith(f"eval_{n}_")), "")
        metric = key[len(name) + 6:] if name else key[5:]
        if metric not in NOT_RESULTS and not metric.endswith("_samples"):
            sets.setdefault(name, {})[metric] = entry[key]
    return sets


def _title(metric: str) -> str:
    """transformers' column name for a metric: mean_token_accuracy -> Mean Token Accuracy."""
    return " ".join(part.capitalize() for part in metric.split("_"))


def table_label(eval_set: str, metric: str) -> str:
    """A training-results column: ``Validation Loss``, ``Accuracy``; per named set ``Accuracy (b)``."""
    base = "Validation Loss" if metric == "loss" else _title(metric)
    return f"{base} ({eval_set})" if eval_set else base


def summary_label(eval_set: str, metric: str) -> str:
    """A final-results name: ``Loss``, ``Accuracy``; per named set ``Loss (a)``."""
    base = "Loss" if metric == "loss" else _title(metric)
    return f"{base} ({eval_set})" if eval_set else base


def _is_bad_float(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _skipped_grad_norms(history: list[Any], end: int, result: Ingested) -> set[int]:
    """Training log entries whose grad_norm is NaN/inf (fp16 overflow steps): left out, with one warning.

    A row whose loss is not finite either, with no finite loss logged after it, is a diverged run:
    it is not skipped, and the loss check reports it as an error.
    """
    skipped: list[int] = []
    last_finite = max((i for i in range(end) if isinstance(history[i], dict) and is_number(history[i].get("loss"))),
                      default=-1)
    for i in range(end):
        entry = history[i]
        if not isinstance(entry, dict) or not _is_bad_float(entry.get("grad_norm")):
            continue
        if not _is_bad_float(entry.get("loss")) or i < last_finite:  # else the run diverged: not skipped
            skipped.append(i)
    if skipped:
        steps = [str(history[i].get("step", f"entry {i}")) for i in skipped]
        shown = ", ".join(steps[:5]) + (f" and {len(steps) - 5} more" if len(steps) > 5 else "")
        result.warn(f"$.log_history[{skipped[0]}].grad_norm",
                    f"grad_norm is not finite in {len(skipped)} training log "
                    f"entr{'y' if len(skipped) == 1 else 'ies'} (step {shown}); their losses are left out "
                    "of the training-results table", "these are usually fp16 overflow steps the loss scaler "
                    "skipped; if there are many, check the run", code="non-finite-grad-norm")
    return set(skipped)


MAX_LOG_ROWS = 10
# A training log entry's keys that are not metrics of the run: the optimizer's state and the counters (TRL 0.x's
# PPO logs its learning rate as lr, its episode count, and eps: episodes per second, a wall-clock rate).
NOT_LOG_METRICS = frozenset({"loss", "grad_norm", "learning_rate", "epoch", "step", "total_flos", "lr", "episode",
                             "eps"})


def _row(training_loss: Optional[float], entry: Mapping[str, Any]) -> dict[str, Any]:
    """A table row's start: the training loss, and the log entry's epoch and step."""
    row: dict[str, Any] = {"training_loss": training_loss}
    if is_number(entry.get("epoch")):
        row["epoch"] = entry["epoch"]
    if isinstance(entry.get("step"), int):
        row["step"] = entry["step"]
    return row


def train_log_rows(history: list[Any], end: int, skipped: set[int], result: Ingested) -> list[dict[str, Any]]:
    """Rows for a run logged without evaluation: its training log entries (at most MAX_LOG_ROWS, evenly spaced, the
    first and the last kept), each with its loss and the metrics its trainer logs (TRL's rewards, KL, entropy, token
    accuracy, ...), named as transformers names a column. A metric logged as NaN at a step (the spread of a single
    sample) leaves its cell empty; a non-finite loss is an error, as in the table of evaluations."""
    entries = [i for i in range(end) if i not in skipped and isinstance(history[i], dict)]
    logged = [i for i in entries if "loss" in history[i]]
    if not logged:  # TRL 0.x's PPO logs no "loss", but loss/policy_avg and loss/value_avg
        logged = [i for i in entries if any(str(key).startswith("loss/") for key in history[i])]
    if len(logged) > MAX_LOG_ROWS:
        last = len(logged) - 1
        logged = [logged[(k * last + (MAX_LOG_ROWS - 1) // 2) // (MAX_LOG_ROWS - 1)] for k in range(MAX_LOG_ROWS)]
    rows = []
    for i in logged:
        entry, where = history[i], f"$.log_history[{i}]"
        row = _row(finite(entry["loss"], result, where + ".loss") if "loss" in entry else None, entry)
        metrics = {_title(key): value for key, value in entry.items()
                   if key not in NOT_LOG_METRICS and not key.startswith(("train_", "eval_")) and is_number(value)}
        if metrics:
            row["metrics"] = metrics
        rows.append(row)
    return rows


def best_step(state: Mapping[str, Any], args: Optional[Mapping[str, Any]]) -> Optional[int]:
    """The step of the checkpoint ``load_best_model_at_end`` loaded when training ended (``checkpoint-<step>``)."""
    checkpoint = state.get("best_model_checkpoint")
    if not (args or {}).get("load_best_model_at_end") or not isinstance(checkpoint, str):
        return None
    if isinstance(state.get("best_global_step"), int):  # transformers 4.52 and later
        return int(state["best_global_step"])
    step = PurePath(checkpoint).name.rpartition("-")[2]
    return int(step) if step.isdigit() else None


def log_history(state: dict[str, Any], result: Ingested, best_step: Optional[int] = None) -> set[str]:
    """The training-results table and the last evaluation's results; returns the names of the results that come
    from an evaluation after training (``trainer.evaluate()`` before ``save_state``). ``best_step``: the step of
    the checkpoint ``load_best_model_at_end`` loaded at the end, the model saved: its evaluation during training
    is the one the results give, not the last one (an evaluation after training still wins)."""
    history = state.get("log_history")
    if not isinstance(history, list):
        result.warn("$.log_history", "trainer_state.json has no log_history", "was the run interrupted?",
                    code="no-log-history")
        return set()
    end = next((i for i, entry in enumerate(history) if isinstance(entry, dict) and "train_runtime" in entry),
               len(history))
    skipped = _skipped_grad_norms(history, end, result)
    rows: list[dict[str, Any]] = []
    row_sets: set[str] = set()  # eval sets already in the last row
    training_loss: Optional[float] = None
    logged_since_row = True
    last: dict[str, tuple[int, dict[str, Any]]] = {}  # eval set -> its last evaluation
    kept: dict[str, tuple[int, dict[str, Any]]] = {}  # eval set -> its evaluation of the best or final model
    for i, entry in enumerate(history):
        if not isinstance(entry, dict) or i in skipped:
            continue
        where = f"$.log_history[{i}]"
        if "loss" in entry:
            training_loss = finite(entry["loss"], result, where + ".loss")
            logged_since_row = True
        sets = eval_sets(entry)
        if not sets:
            continue
        for name, metrics in sets.items():
            last[name] = (i, metrics)  # keeps the order in which the sets first appear
            if i > end or entry.get("step") == best_step:
                kept[name] = (i, metrics)
        if i > end:
            continue  # a trainer.evaluate() after training: in the summary, not the table
        step = entry.get("step") if isinstance(entry.get("step"), int) else None
        if rows and not logged_since_row and rows[-1].get("step") == step and not row_sets & set(sets):
            row = rows[-1]  # the next eval set of the same evaluation: same row
        else:
            row = _row(training_loss, entry)
            rows.append(row)
            row_sets = set()
        logged_since_row = False
        row_sets |= set(sets)
        for name, metrics in sets.items():
            prefix = f"{where}.eval_{name + '_' if name else ''}"
            ordered = sorted(metrics, key=lambda m: m != "loss") if name else list(metrics)
            for metric in ordered:
                number = finite(metrics[metric], result, prefix + metric)
                if number is None:
                    continue
                if metric == "loss" and not name:
                    row["validation_loss"] = number
                else:
                    row.setdefault("metrics", {})[table_label(name, metric)] = number
    training = result.data.setdefault("training", {})
    rows = rows or train_log_rows(history, end, skipped, result)
    if rows:
        training["results"] = rows
    summary: dict[str, Any] = {}
    final: set[str] = set()
    for name, (i, metrics) in ((name, kept.get(name, evaluation)) for name, evaluation in last.items()):
        for metric, value in metrics.items():
            number = finite(value, result, f"$.log_history[{i}].eval_{name + '_' if name else ''}{metric}")
            if number is not None:
                summary[summary_label(name, metric)] = number
                if i > end:
                    final.add(summary_label(name, metric))
    if summary:
        training["eval_results"] = summary
    method = log_method(history)
    if method:
        training.setdefault("method", method)
    functions = reward_functions(history)
    if functions:
        training.setdefault("hyperparameters", {}).setdefault("reward_funcs", ", ".join(functions))
    return final
