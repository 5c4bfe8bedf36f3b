"""trainer_state.json's log history -> the training-results table and the last evaluation's results.

The table is the one transformers' own card shows: a row per evaluation during training, one column per metric and
eval set. A run logged without evaluation gets a row per sampled training log entry instead (see
:func:`train_log_rows`), so that its loss and what its trainer logs (rewards, KL, ...) are in the card.
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping, NamedTuple, Optional

from generator.records.methods import TEST_SET, is_timing
from generator.records.numbers import number_list
from generator.sources.common import Ingested, finite, is_number
from generator.sources.trainer_method import log_method, reward_functions
from generator.sources.trainer_results_order import by_set, card_order

# Per-evaluation keys that are not results (counts; and timings: is_timing), left out as transformers' card leaves
# them out; and TRL's num_tokens (SFT 0.17+), the tokens trained on so far, which it logs with each evaluation too
# (eval_num_tokens: the train entry's count at that step, the same for every eval set).
NOT_RESULTS = frozenset({"samples", "total_flos", "epoch", "step", "num_tokens"})
# What TrainerMemoryTracker adds to the metrics of an evaluation (skip_memory_metrics=False, the default of
# transformers 4.4-4.5: philschmid/bart-large-cnn-samsum's eval_mem_gpu_peaked_delta): the process's memory, no result,
# and not in the log the Trainer's card reads.
MEMORY = re.compile(r"mem_(?:cpu|gpu)_(?:alloc|peaked)_delta")


def eval_sets(entry: Mapping[str, Any], known: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """An evaluation's ``eval_*`` keys by eval set: ``{"": {"loss": ..}}``, or ``{"a": {..}, "b": {..}}``.

    A Trainer given ``eval_dataset={"a": .., "b": ..}`` logs ``eval_a_loss``, ``eval_a_runtime``, ... per set.
    A set is recognised by its ``eval_<set>_runtime`` and speed keys (or, without any timing, by
    ``eval_<set>_loss``, when every key is of a set), so set names may hold underscores. Timings and counts are left
    out. Empty when the entry is no evaluation. In an entry of one set, a key without the set's name is the set's
    (see below). ``known``: the sets other evaluations of the run name (logged_sets); a key of one of them in an
    entry of another set is that set's (sentence-transformers runs its evaluators in the first set's evaluation only,
    their keys named by each evaluator: ``eval_sts-test_pearson_cosine`` beside ``eval_sts-dev_loss``).
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
    by_length = sorted(named | {n for n in known if any(k.startswith(f"eval_{n}_") for k in keys)} if named else named,
                       key=len, reverse=True)
    # TRL's trainers add what they gathered during an evaluation to its log entry without the set's name (SFT's
    # eval_entropy, eval_mean_token_accuracy beside eval_first_loss): of the one set the entry is of. Beside several
    # sets (TRL 1.x's evaluate() returns them so, for its eval_results.json) they are one set's, which is not said:
    # left out, as the log has each set's
    alone = next(iter(named)) if len(named) == 1 and not plain else ""
    sets: dict[str, dict[str, Any]] = {}
    for key in keys:
        name = next((n for n in by_length if key.startswith(f"eval_{n}_")), "")
        metric = key[len(name) + 6:] if name else key[5:]
        if not name and len(named) > 1 and not plain:
            continue
        name = name or alone
        if metric not in NOT_RESULTS and not is_timing(metric) and not metric.endswith("_samples") \
                and not MEMORY.fullmatch(metric):
            sets.setdefault(name, {})[metric] = entry[key]
    return sets


def logged_sets(history: list[Any]) -> frozenset[str]:
    """The eval sets named by their timings in any evaluation of ``history`` (eval_sets)."""
    return frozenset(name for entry in history if isinstance(entry, dict) for name in eval_sets(entry) if name)


def _title(metric: str) -> str:
    """transformers' column name for a metric: mean_token_accuracy -> Mean Token Accuracy. A metric transformers'
    card never has a column of keeps the capitals it is logged with (see _logged_title)."""
    if metric.split("/")[0] == "rewards":
        return _logged_title(metric)
    return " ".join(part.capitalize() for part in metric.split("_"))


def _logged_title(metric: str) -> str:
    """A column transformers' card never writes, named in its manner but with the name as logged: each part's first
    letter capitalized, the rest kept. transformers' capitalize() lowercases the rest, which lost a GRPO or RLOO
    reward function's name (rewards/FinancePoisonReward/mean -> Rewards/financepoisonreward/mean); a name logged in
    lower case reads as transformers writes it. Its columns are those of an evaluation, of a Trainer whose card is
    transformers' (a TRL trainer's card has no table); a run's training log it never shows, nor, of an evaluation,
    a reward function's score, which only GRPO and RLOO log, each with TRL's card (DPO's and KTO's ``rewards/chosen``
    ... are lower case)."""
    return " ".join(part[:1].upper() + part[1:] for part in metric.split("_"))


def table_label(eval_set: str, metric: str) -> str:
    """A training-results column: ``Validation Loss``, ``Accuracy``; per named set ``Accuracy (b)``."""
    base = "Validation Loss" if metric == "loss" else _title(metric)
    return f"{base} ({eval_set})" if eval_set else base


def summary_label(eval_set: str, metric: str) -> str:
    """A final-results name: ``Loss``, ``Accuracy``; per named set ``Loss (a)``."""
    base = "Loss" if metric == "loss" else _title(metric)
    return f"{base} ({eval_set})" if eval_set else base


# The results files save_metrics writes of a test split, and their keys' prefixes: trainer.predict's default
# metric_key_prefix, "test" (test_results.json: transformers' example scripts of 4.4-4.5), then "predict" (their
# run_summarization, run_translation, run_ner since; LLaMA-Factory's do_predict, predict_results.json).
TEST_FILES = ("test_results.json", "predict_results.json")
_TEST_PREFIXES = ("test", "predict")


def test_results(merged: Mapping[str, Any]) -> dict[str, Any]:
    """The final results of a test split in ``merged`` (the results files' keys), named as an eval set's are, the
    set :data:`TEST_SET` (``Rouge1 (test)``, of test_* and predict_* keys alike: the card lists them on the test set,
    and --eval-set test=ORG/NAME maps them); what eval_sets leaves out of an evaluation (timings, counts, memory) left out."""
    found: dict[str, Any] = {}
    for prefix in _TEST_PREFIXES:
        entry = {f"eval_{key[len(prefix) + 1:]}": value for key, value in merged.items()
                 if isinstance(key, str) and key.startswith(f"{prefix}_")}
        for metric, value in eval_sets(entry).get("", {}).items():
            if is_number(value):
                found.setdefault(summary_label(TEST_SET, metric), value)
    return found


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


class Unshown:
    """The NaN and infinite values of a log left out of the card (an empty cell, a metric not listed), said in one
    warning naming each field and its steps. Real runs log them: an fp16 overflow's loss, an evaluation that scored
    nothing (ORPO's eval_log_odds_chosen and eval_logps/* NaN at step 1 of a run at learning_rate 10,
    AMindToThink/interpretable-fine-tuning)."""

    def __init__(self) -> None:
        self.steps: dict[str, list[str]] = {}  # field -> the steps it is not finite at
        self.first = ""  # the first one's path

    def add(self, history: list[Any], i: int, key: str) -> None:
        step = history[i].get("step")
        self.first = self.first or f"$.log_history[{i}].{key}"
        steps = self.steps.setdefault(key, [])
        where = str(step) if isinstance(step, int) else f"entry {i}"
        if where not in steps:
            steps.append(where)

    def report(self, result: Ingested, final_loss: bool) -> None:
        if not self.steps:
            return
        grouped: dict[tuple[str, ...], list[str]] = {}  # the fields not finite at the same steps, together
        for key, steps in self.steps.items():
            grouped.setdefault(tuple(steps), []).append(key)
        listed = "; ".join(f"{', '.join(keys)} (step{'s' if len(steps) > 1 else ''} {', '.join(steps[:5])}"
                           f"{f' and {len(steps) - 5} more' if len(steps) > 5 else ''})"
                           for steps, keys in grouped.items())
        diverged = " The final evaluation's loss is not finite: the model likely diverged." if final_loss else ""
        result.warn(self.first, f"NaN or infinite values in trainer_state.json's log are left out of the card (empty "
                    f"cells; not listed in the final results): {listed}.{diverged}",
                    "check the run before publishing; a card cannot show a value that is not a number",
                    code="not-finite")


def warn_non_finite(name: str, data: Mapping[str, Any], result: Ingested) -> None:
    """One warning for the NaN and infinite values of a results file (``all_results.json``: a diverged run's
    train_loss, an eval metric that scored nothing), which are left out of the card, where they were dropped
    without a word."""
    bad = [key for key, value in data.items() if _is_bad_float(value)]
    if bad:
        result.warn(name, f"{', '.join('$.' + key for key in bad)} {'is' if len(bad) == 1 else 'are'} not a "
                    "finite number: left out of the card", "check the run before publishing; a card cannot show a value "
                    "that is not a number", code="not-finite")


def _transient(history: list[Any], i: int, key: str) -> bool:
    """Whether a finite ``key`` is logged after entry ``i`` (a non-finite value there is not where the run ended)."""
    return any(isinstance(e, dict) and is_number(e.get(key)) for e in history[i + 1:])


def _loss(history: list[Any], i: int, unshown: Unshown, result: Ingested) -> Optional[float]:
    """Entry ``i``'s training loss: a non-finite one with a finite loss logged after it is left out (an empty cell,
    said by ``unshown``); one the run ends on (it diverged) is an error, as a card must show the loss it ended with."""
    value = history[i]["loss"]
    if _is_bad_float(value) and _transient(history, i, "loss"):
        unshown.add(history, i, "loss")
        return None
    return finite(value, result, f"$.log_history[{i}].loss")


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


def train_log_rows(history: list[Any], end: int, skipped: set[int], result: Ingested,
                   unshown: Optional[Unshown] = None) -> list[dict[str, Any]]:
    """Rows for a run logged without evaluation: its training log entries (at most MAX_LOG_ROWS, evenly spaced, the
    first and the last kept), each with its loss and the metrics its trainer logs (TRL's rewards, KL, entropy, token
    accuracy, ...), named as transformers names a column, with the capitals they are logged with (_logged_title). A
    metric logged as NaN at a step (the spread of a single sample) leaves its cell empty; a non-finite loss, as in
    the table of evaluations, too when a finite loss follows it (said by ``unshown``), else it is an error (see
    _loss)."""
    unshown = unshown or Unshown()
    entries = [i for i in range(end) if i not in skipped and isinstance(history[i], dict)]
    logged = [i for i in entries if "loss" in history[i]]
    if not logged:  # TRL 0.x's PPO logs no "loss", but loss/policy_avg and loss/value_avg
        logged = [i for i in entries if any(str(key).startswith("loss/") for key in history[i])]
    if len(logged) > MAX_LOG_ROWS:
        last = len(logged) - 1
        logged = [logged[(k * last + (MAX_LOG_ROWS - 1) // 2) // (MAX_LOG_ROWS - 1)] for k in range(MAX_LOG_ROWS)]
    rows = []
    for i in logged:
        entry = history[i]
        row = _row(_loss(history, i, unshown, result) if "loss" in entry else None, entry)
        metrics = {_logged_title(key): value for key, value in entry.items()
                   if key not in NOT_LOG_METRICS and not is_timing(key) and not key.startswith(("train_", "eval_"))
                   and is_number(value)}
        if metrics:
            row["metrics"] = metrics
        rows.append(row)
    return rows


def _steps(entries: list[dict[str, Any]]) -> str:
    """The steps of log entries, as a label says them: ``step 200``, ``steps 185-200``."""
    first, last = entries[0].get("step"), entries[-1].get("step")
    if not isinstance(last, int):
        return ""
    return f", step {last}" if len(entries) == 1 or not isinstance(first, int) else f", steps {first}-{last}"


def reward_reached(history: list[Any], end: int) -> tuple[dict[str, float], bool]:
    """The training reward a run that learns from rewards ended with, labelled for the card's statistics, and whether
    its loss says nothing. TRL's GRPO and its RLOO (0.20+) log ``reward`` beside ``reward_std``; their advantages are
    centred on each group's mean, so the loss is about 0 by construction and ``reward`` is what shows the run
    learning (trl#3452: "In GRPO the loss value isn't a training-progress signal; watch `reward` instead"). Online DPO
    and TRL 0.x's PPO and RLOO log ``objective/rlhf_reward``, the reward model's score less the KL penalty, which TRL's
    docs name "the ultimate objective" of their training ("should keep going up"); Online DPO's loss is a DPO loss,
    which says something. ({}, False) for any other log.

    A logged reward is the mean over the batches of one logging window (GRPO averages what it gathered since the
    last log; with logging_steps=1 one batch's few groups): the last one swings from log to log (a real GRPO run
    ends on -0.49 after 0.96 and 0.71). So the card gives the mean of the logs of the run's last tenth of steps, when
    there are several, beside the last log, each label naming what it is and its steps."""
    for key, hollow in (("reward", True), ("objective/rlhf_reward", False)):
        entries = [e for e in history[:end] if isinstance(e, dict) and is_number(e.get(key))
                   and (not hollow or "reward_std" in e)]
        if not entries:
            continue
        found = {f"Train reward (last log{_steps(entries[-1:])})": entries[-1][key]}
        last = entries[-1].get("step")
        tail = [e for e in entries if isinstance(e.get("step"), int) and isinstance(last, int)
                and e["step"] > last - math.ceil(last / 10)]
        if len(tail) > 1:
            mean = math.fsum(e[key] for e in tail) / len(tail)
            found = {f"Train reward (mean of the last {len(tail)} logs{_steps(tail)})": mean, **found}
        return found, hollow
    return {}, False


class LogEvaluations(NamedTuple):
    """What the log says of its evaluations, for telling the results files' evaluation from them."""
    final: set[str]  # the results (as summary_label names them) of an evaluation logged after training
    steps: dict[int, dict[str, float]]  # each evaluation during training's results (every eval set's), by step
    best: Optional[int] = None  # the step of the state's best_model_checkpoint (checkpoint-N)
    best_loaded: bool = False  # load_best_model_at_end: the model saved at the end is that checkpoint's
    reward: Mapping[str, float] = {}  # an RL run's reward reached, labelled (reward_reached): its headline
    hollow_loss: bool = False  # a GRPO / RLOO run's: its loss, ~0 by construction, is not shown for the reward
    step_time: Optional[float] = None  # the mean of TRL's logged step_time (seconds a step took), of the logs


def best_step(state: Mapping[str, Any]) -> Optional[int]:
    """The step of trainer_state.json's best_model_checkpoint: its best_global_step (transformers 4.52 and later),
    else the checkpoint's name (``.../checkpoint-N``, any path separator)."""
    if isinstance(state.get("best_global_step"), int) and state.get("best_model_checkpoint"):
        return int(state["best_global_step"])
    return checkpoint_step(state.get("best_model_checkpoint"))


def checkpoint_step(path: Any) -> Optional[int]:
    """N of a path naming a ``checkpoint-N`` folder (any separators after it), else None."""
    found = re.search(r"checkpoint-(\d+)[\\/]*$", path) if isinstance(path, str) else None
    return int(found.group(1)) if found else None


def final_results(files: dict[str, Any], logged: dict[str, Any], evals: LogEvaluations, result: Ingested,
                  keys: Optional[Mapping[str, str]] = None) -> tuple[dict[str, Any], Optional[str]]:
    """The card's final results, all of one evaluation, and what they are of when the card must say it (None: the
    log's last evaluation, as transformers' own card shows).

    ``files``: the evaluation the results files hold (``trainer.evaluate()`` after training, which a script saves with
    ``save_metrics``; with load_best_model_at_end, of the best checkpoint). ``logged``: the log's evaluation after
    training when it has one (the same evaluation, logged with what trainers add to the log only: TRL's rewards), else
    its last evaluation during training, which is another evaluation: TRL's GRPO (0.15-0.29) returns only the loss
    from evaluate(), and its sampled completions score otherwise each time, so the two are never shown as one. When
    they agree on every value they share (the same model on the same data), the log's other metrics are kept.
    ``keys``: each result's key in the results files (``eval_a_loss`` for "Loss (a)"), for the warnings."""
    keys = keys or {}
    if evals.final:
        differ = [key for key, value in files.items() if key in evals.final and logged[key] != value]
        if differ:  # two evaluations: the log's, saved with the table, is listed, and nothing of the file's
            alone = [keys.get(key, key) for key in files if key not in logged]
            left = f"; its other results ({', '.join(alone)}) are of that other evaluation and are left out" \
                if alone else ""
            for key in differ:
                result.warn("eval_results.json", f"$.{keys.get(key, key)} is {files[key]}, but the log history's "
                            f"evaluation after training has {logged[key]}: the card lists the log's evaluation{left}",
                            "is eval_results.json from another run or another evaluate() call? remove it or save "
                            "the state after the evaluation it holds", code="conflicting-values")
            return dict(logged), None
        # files' keys first; a value logged after training (final) or only in the log stays the log's
        return by_set({**files, **{k: v for k, v in logged.items() if k in evals.final or k not in files}},
                       logged), None
    shared = [key for key in files if key in logged]
    best = evals.best
    if not logged or shared and all(logged[key] == files[key] for key in shared):
        merged = by_set({**files, **{k: v for k, v in logged.items() if k not in files}}, logged)
        if shared and evals.best_loaded and best is not None and evals.steps and best != max(evals.steps):
            # the files' evaluate() after training gave the loaded best checkpoint's values again: said as when they
            # differ (TRL's scripts save the state before it, the callback's card reads the live log that has it)
            return merged, f"the best checkpoint, step {best}, evaluated after training"
        return merged, None
    of_best = best is not None and (evals.best_loaded or bool(evals.steps.get(best)) and all(
        evals.steps[best].get(key) == value for key, value in files.items() if key in evals.steps[best]))
    if of_best:
        return files, f"the best checkpoint, step {best}, evaluated after training"
    return files, "evaluated after training, apart from the evaluations during training above"


def log_history(state: dict[str, Any], result: Ingested, loaded: Optional[int] = None) -> LogEvaluations:
    """The training-results table and the last evaluation's results; returns the names of the results that come
    from an evaluation after training (``trainer.evaluate()`` before ``save_state``) and each evaluation during
    training's results by step. ``loaded``: the step of the checkpoint ``load_best_model_at_end`` loaded at the end,
    the model saved: its evaluation, not the last one, gives the results (an evaluation after training still wins),
    and the card says which step's they are."""
    history = state.get("log_history")
    if not isinstance(history, list):
        result.warn("$.log_history", "trainer_state.json has no log_history", "was the run interrupted?",
                    code="no-log-history")
        return LogEvaluations(set(), {})
    end = next((i for i, entry in enumerate(history) if isinstance(entry, dict) and "train_runtime" in entry),
               len(history))
    skipped = _skipped_grad_norms(history, end, result)
    rows: list[dict[str, Any]] = []
    row_keys: set[tuple[str, str]] = set()  # (eval set, metric) already in the last row
    known = logged_sets(history)
    training_loss: Optional[float] = None
    logged_since_row = True
    last: dict[str, tuple[int, dict[str, Any]]] = {}  # eval set -> its last evaluation
    kept: dict[str, tuple[int, dict[str, Any]]] = {}  # eval set -> its evaluation of the loaded best or final model
    by_step: dict[int, dict[str, float]] = {}
    unshown = Unshown()
    listed: dict[str, tuple[int, str]] = {}  # a metric logged as a list of numbers -> the first entry, its label
    for i, entry in enumerate(history):
        if not isinstance(entry, dict) or i in skipped:
            continue
        if "loss" in entry:
            training_loss = _loss(history, i, unshown, result)
            logged_since_row = True
        sets = eval_sets(entry, known)
        if not sets:
            continue
        step = entry.get("step") if isinstance(entry.get("step"), int) else None
        for name, metrics in sets.items():
            # (a set's metrics an evaluation logged in two entries: its loss in its own, its evaluator's in the first
            # set's, as sentence-transformers does: one evaluation)
            before = last.get(name)
            if before is not None and history[before[0]].get("step") == step and not set(before[1]) & set(metrics):
                metrics = {**before[1], **metrics}
            last[name] = (i, metrics)  # keeps the order in which the sets first appear
            if i > end or loaded is not None and entry.get("step") == loaded:
                kept[name] = (i, metrics)
        if i > end:
            continue  # a trainer.evaluate() after training: in the summary, not the table
        if step is not None:
            by_step.setdefault(step, {}).update({summary_label(name, metric): value for name, metrics in sets.items()
                                                 for metric, value in metrics.items() if is_number(value)})
        keys = {(name, metric) for name, metrics in sets.items() for metric in metrics}
        if rows and not logged_since_row and rows[-1].get("step") == step and not row_keys & keys:
            row = rows[-1]  # the next eval set of the same evaluation: same row
        else:
            row = _row(training_loss, entry)
            rows.append(row)
            row_keys = set()
        logged_since_row = False
        row_keys |= keys
        for name, metrics in sets.items():
            ordered = sorted(metrics, key=lambda m: m != "loss") if name else list(metrics)
            for metric in ordered:
                number = metrics[metric]
                if not is_number(number):
                    if _is_bad_float(number):
                        unshown.add(history, i, f"eval_{name + '_' if name else ''}{metric}")
                    elif number_list(number):
                        listed.setdefault(f"eval_{name + '_' if name else ''}{metric}", (i, summary_label(name, metric)))
                    continue
                if metric == "loss" and not name:
                    row["validation_loss"] = number
                else:
                    row.setdefault("metrics", {})[table_label(name, metric)] = number
    for key, (i, label) in listed.items():  # (the final results list the run's value: the list, as transformers')
        result.warn(f"$.log_history[{i}].{key}", f"{key} is logged as a list of numbers, which the Training results "
                    "table leaves out (transformers' table writes the whole list in each row's cell; the records hold "
                    f"a number a cell): the final results list its value, as {label}",
                    f"log one number a key ({key}_<label>) for a column each", code="list-not-in-table")
    training = result.data.setdefault("training", {})
    rows = rows or train_log_rows(history, end, skipped, result, unshown)
    if rows:
        training["results"] = rows
    summary: dict[str, Any] = {}
    final: set[str] = set()
    final_loss = False  # the last evaluation's loss is not finite
    chosen = {name: kept.get(name, evaluation) for name, evaluation in last.items()}
    if chosen != last and all(i <= end for i, _ in chosen.values()):
        training["eval_results_of"] = f"the best checkpoint, step {loaded}"
    elif chosen and all(i > end for i, _ in chosen.values()) and loaded is not None and rows \
            and rows[-1].get("step") != loaded:
        # evaluate() after training, saved with the state: of the loaded best checkpoint, not the table's last row
        # (as the same evaluation read from eval_results.json alone is said, final_results)
        training["eval_results_of"] = f"the best checkpoint, step {loaded}, evaluated after training"
    for name, (i, metrics) in chosen.items():
        for metric, value in metrics.items():
            if is_number(value) or number_list(value):  # a list: the per-label thresholds a compute_metrics chose
                summary[summary_label(name, metric)] = value
                if i > end:
                    final.add(summary_label(name, metric))
            elif _is_bad_float(value):
                unshown.add(history, i, f"eval_{name + '_' if name else ''}{metric}")
                final_loss = final_loss or metric == "loss"
    unshown.report(result, final_loss)
    reward, hollow = reward_reached(history, end)
    if summary:
        training["eval_results"] = card_order(summary, bool(reward))
    method = log_method(history)
    if method:
        training.setdefault("method", method)
    functions = reward_functions(history)
    if functions:
        training.setdefault("hyperparameters", {}).setdefault("reward_funcs", ", ".join(functions))
    times = [e["step_time"] for e in history[:end] if isinstance(e, dict) and is_number(e.get("step_time"))]
    return LogEvaluations(final, by_step, reward=reward, hollow_loss=hollow,
                          step_time=math.fsum(times) / len(times) if times else None)
