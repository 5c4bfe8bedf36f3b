"""A Trainer run's log and results: trainer_state.json (its log history, statistics and best checkpoint; else the
results files holding the Trainer's log) and the *_results.json files save_metrics writes (else the example scripts'
text ones), as read into a run's records by generator.sources.trainer."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path, PureWindowsPath
from typing import Any, Mapping, Optional

from generator.errors import InputError, Problem
from generator.sources.common import Ingested, is_number
from generator.sources.trainer_args import ARGS_BIN
from generator.sources.trainer_args_state import check_state_args
from generator.sources.trainer_files import read_run_json
from generator.sources.trainer_log import (
    TEST_FILES,
    LogEvaluations,
    best_step,
    checkpoint_step,
    eval_sets,
    final_results,
    log_history,
    summary_label,
    test_results,
    warn_non_finite,
)
from generator.sources.trainer_logfiles import (
    RESULTS_FILES,
    SWIFT_LOG,
    TOOL_LOG,
    log_summary,
    stopped_short,
    trl_08_keys,
)
from generator.sources.trainer_results_order import card_order
from generator.sources.trainer_txt_results import txt_eval_set, txt_results

# The sizes transformers' example scripts (run_glue, run_qa, run_clm, run_summarization, ...) add to the metrics they
# save: metrics["train_samples"] = min(max_train_samples, len(train_dataset)), eval_samples the same of the eval set.
# Their items as the script made them (run_qa's tokenized features, run_clm's blocks of block_size tokens), which
# transformers calls samples; the Trainer's card shows neither.
_SAMPLES = (("train_samples", "Train samples"), ("eval_samples", "Eval samples"))


def _samples(stats: dict[str, Any], found: Mapping[str, Any]) -> None:
    """``found``'s train_samples / eval_samples (a count above 0) as the statistics of ``stats``."""
    for key, label in _SAMPLES:
        if isinstance(found.get(key), int) and not isinstance(found[key], bool) and found[key] > 0:
            stats[label] = found[key]


def read_state(folder: Path, result: Ingested, args: Optional[Mapping[str, Any]] = None,
           args_file: str = ARGS_BIN, logs: Optional[Mapping[Path, list[Any]]] = None,
           whole: Optional[tuple[Path, dict[str, Any]]] = None,
           read: Optional[dict[str, Any]] = None) -> tuple[LogEvaluations, dict[str, Any]]:
    """``folder``'s trainer_state.json: see log_history (what it says of the evaluations it returns, with the best
    checkpoint's step, and the state's total_flos and num_input_tokens_seen), and statistics. ``args``: the training
    arguments read (None when none were) from ``args_file``, whose metric_for_best_model names the state's
    best_metric, whose load_best_model_at_end says the best checkpoint was saved at the end, and whose run length and
    batch size are held to the state's (generator.sources.trainer_args_state). ``logs``: the results files holding the
    Trainer's log (trainer_logfiles.dumped_logs), the first read as the log when there is no trainer_state.json.
    ``whole``: the file and state of a summary of the whole run (trainer_logfiles.swift_summary), read in place of a
    trainer_state.json of fewer steps (a checkpoint's) or none. ``read``: ``folder``'s trainer_state.json as the
    caller read it (read_run_json), not read again."""
    best_by = (args or {}).get("metric_for_best_model")
    path = folder / "trainer_state.json"
    if not path.exists() and logs:
        path, history = next(iter(logs.items()))
        state = {"log_history": history, "global_step": history[-1].get("step"), "epoch": history[-1].get("epoch")}
        planned = stopped_short(path) if path.name == TOOL_LOG else None
        if planned is not None:  # said as the Trainer's state of a run saved before its end would
            state["max_steps"] = planned
    elif not path.exists() and whole is None:
        return LogEvaluations(set(), {}), {}
    else:
        state = read if read is not None else read_run_json(path, result) if path.exists() else {}
    saved = state.get("global_step") if state else None
    if whole is not None and (not isinstance(saved, int) or saved < whole[1]["global_step"]):
        if isinstance(saved, int):
            where = path.relative_to(whole[0].parent) if path.is_relative_to(whole[0].parent) else path
            result.warn(where.as_posix(), f"is of step {saved}: "
                        f"{whole[0].name} ends with swift's summary of the whole run (its log to step "
                        f"{whole[1]['global_step']}), read instead", "nothing to do", code="state-from-tool-log")
        path, state = whole
    if not state or _foreign_state(path, state, result):
        return LogEvaluations(set(), {}), {}
    if isinstance(state.get("log_history"), list):
        state = {**state, "log_history": [trl_08_keys(entry) if isinstance(entry, dict) else entry
                                          for entry in state["log_history"]]}
    best, loaded = best_step(state), (args or {}).get("load_best_model_at_end") is True
    # What the log holds is named by the file holding it (a diverged loss was 'OUT: $.log_history[9].loss', a field
    # path in no file the message named); the records it gives are the folder's.
    of_log = Ingested(str(path), result.format, result.data)
    evals = log_history(state, of_log, best if loaded else None)._replace(best=best, best_loaded=loaded)
    if path.name not in ("trainer_state.json", SWIFT_LOG):  # the log is the file's top level
        of_log.warnings = [replace(w, path=re.sub(r"^\$\.log_history", "$", w.path)) for w in of_log.warnings]
    result.warnings.extend(of_log.warnings)
    stats = result.data.setdefault("training", {}).setdefault("statistics", {})
    settings, stopped = early_stopping(state)
    unfinished = _unfinished(state)
    if isinstance(state.get("global_step"), int):
        stats["Global step"] = state["global_step"]
    if not stopped and not unfinished and _planned(state):  # ended before its planned steps
        stats["Planned steps"] = state["max_steps"]
    if is_number(state.get("epoch")):
        stats["Epochs"] = state["epoch"]
    if is_number(state.get("best_metric")):
        if not (isinstance(best_by, str) and best_by):
            best_by = _best_metric_key(state)
        if isinstance(best_by, str) and best_by:  # the Trainer reads "loss" as "eval_loss"
            stats[f"Best metric ({best_by if best_by.startswith('eval_') else 'eval_' + best_by})"] = state["best_metric"]
        else:
            stats["Best metric"] = state["best_metric"]
    if isinstance(state.get("best_model_checkpoint"), str):
        # its folder's name: the path is of the machine that ran it, a Windows one too ('./results\\checkpoint-2445')
        stats["Best checkpoint"] = PureWindowsPath(state["best_model_checkpoint"]).name
    _samples(stats, state)  # a run summary's sizes of its datasets (swift's): a results file's win
    stats.update(evals.reward)  # an RL run: its reward is its headline (a GRPO / RLOO loss, ~0, says nothing)
    hyper = result.data["training"].setdefault("hyperparameters", {})
    if args is not None:
        check_state_args(state, args, hyper, result, args_file)
    for key, value in settings.items():
        hyper.setdefault(key, value)
    if stopped:
        stats["Early stopping"] = stopped
    elif unfinished:
        stats["Saved at"] = f"step {state['global_step']} of {state['max_steps']}, before training ended (the " \
            "training log on this card ends there)"
    trial = search_trial(state)
    if trial:
        stats["Hyperparameter search"] = trial
    if isinstance(state.get("train_batch_size"), int):
        hyper.setdefault("train_batch_size", state["train_batch_size"])
    length = _state_run_length(state)
    if length and not {"training_steps", "total_episodes", "num_epochs"} & set(hyper):
        hyper[length[0]] = length[1]  # only when no training arguments were read
    totals = {key: state.get(key) for key in ("total_flos", "num_input_tokens_seen")}
    # train()'s summary entry holds the train metrics save_metrics("train") writes: a run kept without its results
    # files (trainer_state.json alone, transformers 4.2's train_results.txt beside it) has them there
    logged = state.get("log_history")
    summary = next((e for e in logged if isinstance(e, dict) and "train_runtime" in e), {}) \
        if isinstance(logged, list) else {}
    totals.update({key: summary[key] for key in ("train_runtime", "train_loss", "total_flos")
                   if is_number(summary.get(key)) and totals.get(key) is None})  # a log's own (swift's summary)
    return evals, totals


def _best_metric_key(state: Mapping[str, Any]) -> Optional[str]:
    """The metric the state's best_metric is, when no training arguments name it (their metric_for_best_model: a
    training_args.bin left out, or a Git LFS pointer): the one eval_* key the log holds that value under at the best
    checkpoint's step (M-Aidil-Fitrah/drowsy-driver-detection's eval_loss, eleanorgit/socialIssuesClassifier's
    eval_f1), else None."""
    step, logged = best_step(state), state.get("log_history")
    if step is None or not isinstance(logged, list):
        return None
    keys = {key for entry in logged if isinstance(entry, dict) and entry.get("step") == step for key, value in
            entry.items() if key.startswith("eval_") and is_number(value) and value == state["best_metric"]}
    return keys.pop() if len(keys) == 1 else None


# The state's num_train_epochs of a run given max_steps over a dataset of no length (an IterableDataset: streaming),
# sys.maxsize: CoralReefFish/whisper-tiny-nbaiLab's 9223372036854775807
_NO_EPOCHS = 2 ** 63 - 1


def _state_run_length(state: Mapping[str, Any]) -> Optional[tuple[str, Any]]:
    """How long the run was asked to train, as trainer_state.json alone says it (no training arguments read): the
    Trainer's card's training_steps (its max_steps) for a run given max_steps, else num_epochs. The state's
    num_train_epochs is the epochs max_steps spans, rounded up, for both: a run that reached its max_steps half an
    epoch or more short of them was given max_steps (the Trainer runs an epoch-bound run to the epochs asked, bar an
    epoch's last batches short of a gradient accumulation): akhmetvaleev-ruslan/bashkir-language-audio2text's Whisper,
    10000 steps, 0.23 epochs of num_train_epochs 1; sys.maxsize (_NO_EPOCHS) is no number of epochs."""
    epochs: Any = state.get("num_train_epochs")
    steps, ran = state.get("max_steps"), state.get("epoch")
    if not is_number(epochs):
        return None
    if isinstance(steps, int) and not isinstance(steps, bool) and steps > 0 and (
            epochs >= _NO_EPOCHS or (state.get("global_step") == steps and is_number(ran) and ran <= epochs - 0.5)):
        return "training_steps", steps
    return ("num_epochs", epochs) if epochs < _NO_EPOCHS else None


def read_results_files(folder: Path, result: Ingested, evals: LogEvaluations, totals: Mapping[str, Any],
                   logs: Optional[Mapping[Path, list[Any]]] = None, state_read: bool = True) -> dict[str, Any]:
    """*_results.json (else the example scripts' text ones: trainer_txt_results). Their evaluation is the one
    after training (of the best checkpoint, with load_best_model_at_end), which the trainer's README reports: see
    final_results.
    ``totals``: trainer_state.json's total_flos and num_input_tokens_seen, and its train summary's train_runtime and
    train_loss, for runs whose train metrics lack them
    (transformers before 4.40 leaves total_flos out of train()'s metrics, PrinterCallback pops it with disable_tqdm);
    the tokens the Trainer counted (include_num_input_tokens_seen; TRL's GRPO counts them) are the card's too.
    ``logs``: the files holding the Trainer's log instead (trainer_logfiles.dumped_logs), whose train summary entry is
    read as the results ``save_metrics`` writes; ``state_read``: whether trainer_state.json's log was read instead.
    Returns the results of a test split the files hold (trainer_log.test_results), another evaluation."""
    merged: dict[str, Any] = {}
    held: dict[str, str] = {}  # each key's file, for warnings
    for name in RESULTS_FILES + TEST_FILES:
        path = folder / name
        if path in (logs or {}):
            data = log_summary(path, logs or {}, state_read, result)
        else:
            data = _example_perplexity(trl_08_keys(_foreign_results(name, read_run_json(path, result), result))
                                       if path.exists() else {})
            warn_non_finite(name, data, result)
        for key, value in data.items():
            if key in merged and is_number(value) and is_number(merged[key]) and merged[key] != value \
                    and key != "epoch":
                raise InputError([Problem(str(path), f"$.{key}", f"{value} disagrees with {merged[key]} "
                                          "in another results file of the same run", "re-run save_metrics",
                                          code="conflicting-values")])
            merged[key] = value
            held.setdefault(key, name)
    # what the JSON results files give wins over the example scripts' text files; transformers' *_no_trainer.py
    # examples (accelerate, no Trainer) write all_results.json as {f"eval_{k}": v for k, v in eval_metric.items()},
    # with train_loss when tracking: their last evaluation, with no runtime (Andrearussano22/Progetto_MNNLP's POS run)
    texts = not merged or _no_trainer(merged)
    merged = merged or txt_results(folder, result)
    for key, total in totals.items():
        if is_number(total) and total > 0:  # 0: the state's default, a trainer that counts no FLOs or tokens
            merged.setdefault(key, total)
    if not merged:
        return {}
    training = result.data.setdefault("training", {})
    stats = training.setdefault("statistics", {})
    if is_number(merged.get("train_loss")) and not evals.hollow_loss:  # a GRPO / RLOO loss says nothing: _state
        stats["Train loss"] = merged["train_loss"]
    if is_number(merged.get("train_runtime")):
        seconds = merged["train_runtime"]
        training["training_time"] = f"{seconds:.1f} s" if seconds < 3600 else f"{seconds / 3600:.2f} h"
    if is_number(merged.get("total_flos")) and merged["total_flos"] > 0:  # 0: counted none (as the state's, above)
        stats["Total FLOs"] = merged["total_flos"]
    if is_number(merged.get("num_input_tokens_seen")) and merged["num_input_tokens_seen"] > 0:
        stats["Input tokens seen"] = merged["num_input_tokens_seen"]
    _samples(stats, merged)
    sets = eval_sets(merged) or (txt_eval_set(merged) if texts else {})
    if not sets:
        _no_evaluation(merged, held, result)
    summary = {summary_label(name, metric): value for name, metrics in sets.items()
               for metric, value in metrics.items() if is_number(value)}
    keys = {summary_label(name, metric): f"eval_{name}_{metric}" if name else f"eval_{metric}"
            for name, metrics in sets.items() for metric in metrics}  # each result's key, for warnings
    if summary:
        results, of = final_results(summary, training.get("eval_results", {}), evals, result, keys)
        training["eval_results"] = card_order(results, bool(evals.reward))
        if of:
            training["eval_results_of"] = of
    return test_results(merged)


def resumed_run(args: Optional[Mapping[str, Any]], result: Ingested, source: str = ARGS_BIN) -> None:
    """A run its arguments say was resumed (``resume_from_checkpoint`` naming ``checkpoint-N``, as a script passes it
    on, or the callback writes it for a run it saw resume): ``train()`` timed only the steps after N, and its
    ``train_loss`` is the loss of those steps alone (divided by all the run's steps before transformers 5), so the
    card says whose time it is and leaves that loss out (the results table has the whole run's)."""
    step = checkpoint_step((args or {}).get("resume_from_checkpoint"))
    training = result.data.get("training")
    if step is None or not isinstance(training, dict):
        return
    if isinstance(training.get("training_time"), str):
        training["training_time"] += f" (of the steps after step {step}: the run resumed from checkpoint-{step})"
    stats = training.get("statistics")
    if isinstance(stats, dict) and stats.pop("Train loss", None) is not None:
        result.warn(source, f"the run resumed from checkpoint-{step}: the train loss train() gives is of the steps "
                    f"after step {step} alone (before transformers 5, their summed loss divided by all the run's "
                    "steps); left out, the results table has the whole run's losses", "nothing to do",
                    code="resumed-run")


def _unfinished(state: Mapping[str, Any]) -> bool:
    """Whether the state was saved before training ended: a checkpoint's (a run killed, a checkpoint copied to the
    top, a card pushed during training), whose log holds no summary of train() and whose step is short of the
    planned ones (JaboJean/EduAdvisor-Chatbot's step 50 of 66). A run that ended logged its summary, early stopped
    or not."""
    logged = state.get("log_history")
    return _planned(state) and isinstance(logged, list) and \
        not any(isinstance(entry, dict) and "train_runtime" in entry for entry in logged)


def early_stopping(state: Mapping[str, Any]) -> tuple[dict[str, Any], Optional[str]]:
    """The ``EarlyStoppingCallback`` a run had, from the state transformers 4.38+ saves of its callbacks
    (``stateful_callbacks``): its patience (and threshold, unless 0) as hyperparameters, and, when its count of
    evaluations without improvement had reached the patience before the run's last step, that it stopped the run
    (a state saved at a checkpoint before the end, with the count below the patience, says nothing of that)."""
    saved = state.get("stateful_callbacks")
    callback = saved.get("EarlyStoppingCallback") if isinstance(saved, Mapping) else None
    if isinstance(callback, list):  # several of the same class: transformers saves a list
        callback = callback[0] if callback else None
    given = callback.get("args") if isinstance(callback, Mapping) else None
    if not isinstance(given, Mapping) or not isinstance(given.get("early_stopping_patience"), int):
        return {}, None
    patience = given["early_stopping_patience"]
    settings: dict[str, Any] = {"early_stopping_patience": patience}
    if is_number(given.get("early_stopping_threshold")) and given["early_stopping_threshold"]:
        settings["early_stopping_threshold"] = given["early_stopping_threshold"]
    attributes = callback.get("attributes") if isinstance(callback, Mapping) else None
    count = attributes.get("early_stopping_patience_counter") if isinstance(attributes, Mapping) else None
    step, planned = state.get("global_step"), state.get("max_steps")
    if isinstance(count, int) and count >= patience and isinstance(step, int) and isinstance(planned, int) \
            and 0 < step < planned:
        return settings, f"stopped at step {step} of {planned}"
    return settings, None


def _planned(state: Mapping[str, Any]) -> bool:
    """Whether the state ends before the run's planned last step (``max_steps``, which the Trainer works out from the
    epochs asked for too). One saved before training ended says so itself (_unfinished: a run killed, a checkpoint);
    one whose log holds train()'s summary ended early (an early stopping of a transformers before 4.38, which saves no
    callback state, or a callback's own stop): the card's num_epochs is the run's asked for, and without the planned
    steps beside the global step it read as a run that trained them all."""
    step, planned = state.get("global_step"), state.get("max_steps")
    return isinstance(step, int) and isinstance(planned, int) and not isinstance(planned, bool) and \
        0 < step < planned < 2 ** 62


def search_trial(state: Mapping[str, Any]) -> Optional[str]:
    """What the state of a trial of ``Trainer.hyperparameter_search`` (run-N/checkpoint-M/trainer_state.json) says of
    it: the settings the search chose for the trial (``trial_params``, in the order the search space named them) and
    its name when the search gave one (``hp_name``). The training arguments saved with it already hold those values;
    without this line a trial's card read as a run whose settings were picked by hand."""
    params = state.get("trial_params")
    if state.get("is_hyper_param_search") is not True or not isinstance(params, Mapping) or not params:
        return None
    chosen = ", ".join(f"{key}={value}" for key, value in params.items()
                       if isinstance(key, str) and isinstance(value, (str, int, float, bool)))
    name = state.get("trial_name")
    named = f" ({name})" if isinstance(name, str) and name else ""
    return f"one trial{named} of the Trainer's hyperparameter search, which chose {chosen}" if chosen else None


def _no_trainer(merged: dict[str, Any]) -> bool:
    """Whether the results are what transformers' *_no_trainer.py examples write: eval_* numbers (and train_loss)
    alone, no eval set a Trainer's evaluation names (no runtime, no loss)."""
    keys = [key for key, value in merged.items() if is_number(value)]
    return any(key.startswith("eval_") for key in keys) and all(
        key.startswith("eval_") or key == "train_loss" for key in keys) and not eval_sets(merged)


def _example_perplexity(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the ``perplexity`` transformers' run_clm.py and run_mlm.py add to evaluate()'s metrics before
    save_metrics("eval", ...) (math.exp of its eval_loss, under no split's prefix) as the eval set's: eval_perplexity.
    Under its own name no reader took it, and the card left the run's headline number out without a word."""
    if "perplexity" not in data or "eval_loss" not in data or "eval_perplexity" in data:
        return data
    return {("eval_perplexity" if key == "perplexity" else key): value for key, value in data.items()}


# A metric save_metrics writes that the card reads: "epoch", or a split's prefix and the metric's name (train_loss,
# eval_f1, test_bleu, predict_rouge1). Not any word before an underscore: a hand-made eval_results.json's macro_f1,
# auc_roc (DexplovateCode/WheezeDetectionAI) or strict_exact_match, rouge1 (akanksha28pathak/SmolVLM_EndoscopyQA)
# passed for a Trainer's and was left out without a word
_SPLIT_METRIC = re.compile(r"^(?:train|eval|test|predict)_\w")
FOREIGN_RESULTS = "foreign-results"  # the warning's code: a results file is another tool's


def _foreign_results(name: str, data: dict[str, Any], result: Ingested) -> dict[str, Any]:
    """``data``, a results file's, or nothing with a warning when it holds no number under a key save_metrics writes:
    another tool's file of that name (Tron404/BScThesis's columns of a table, AsadAwaisPK/DL-Project's predictions per
    image), of which nothing came to the card and nothing was said."""
    if not data or any(is_number(value) and (key == "epoch" or _SPLIT_METRIC.match(key)) for key, value in data.items()):
        return data
    result.warn(name, "holds no metric transformers' save_metrics writes (epoch, train_*, eval_*, test_*, a number "
                "each): another tool's file (or a hand-made one), so nothing of it is on the card",
                "move it out of the run's folder; what it says of the model can go in your records",
                code=FOREIGN_RESULTS)
    return {}


def _no_evaluation(merged: Mapping[str, Any], held: Mapping[str, str], result: Ingested) -> None:
    """A warning for the eval_* numbers of results files that hold no evaluation (no eval_loss nor eval_runtime, no
    eval set's): a hand-written all_results.json's (JackXfmax/PaddleOCR_VL_1.5_Fine_Tuning's exact match rate, the
    keys of its own evaluation script beside train()'s metrics), or what TRL's preference trainers leave of their last
    evaluation in the train summary. Not the final evaluation save_metrics writes, they are left out; they were left
    out without a word."""
    keys = [key for key in merged if key.startswith("eval_") and is_number(merged[key])]
    if keys:
        named = ", ".join("$." + key for key in keys)
        result.warn(held.get(keys[0], RESULTS_FILES[-1]), f"{named}: eval_* numbers with no evaluation's loss or "
                    "runtime beside them (no save_metrics('eval', ...) writes them so: a hand-written file, or what "
                    "TRL's preference trainers leave of their last evaluation in the train summary), so they are not "
                    "on the card as the model's results", "if they are the model's results, give them in your records "
                    "(evaluation results, with the data set they were measured on)", code="eval-without-set")


FOREIGN_STATE = "foreign-state"  # the warning's code: trainer_state.json is another tool's file
# The keys of transformers' TrainerState (4.0 to 5.x): a trainer_state.json holding none of them is no Trainer's
_STATE_KEYS = frozenset({"log_history", "global_step", "max_steps", "epoch", "num_train_epochs", "total_flos",
                         "best_metric", "best_model_checkpoint", "best_global_step", "logging_steps", "eval_steps",
                         "save_steps", "train_batch_size", "num_input_tokens_seen", "is_hyper_param_search",
                         "trial_name", "trial_params", "stateful_callbacks", "is_local_process_zero",
                         "is_world_process_zero"})


def _foreign_state(path: Path, state: Mapping[str, Any], result: Ingested) -> bool:
    """Whether ``state``, read from ``path``, is another tool's file of that name (JamalJane/Jarvis's agent keeps
    its task counts in a trainer_state.json, KosKis1/LogShort's trading bot its positions), said in a warning:
    they were read as a Trainer's state with no log history, and told 'was the run interrupted?'."""
    if path.name != "trainer_state.json" or _STATE_KEYS & set(state):
        return False
    result.warn(path.name, "holds none of the keys of transformers' TrainerState (log_history, global_step, epoch, "
                "...): another tool's file (or a hand-made one), so nothing of it is on the card",
                "move it out of the run's folder", code=FOREIGN_STATE)
    return True
