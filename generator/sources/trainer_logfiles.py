"""Files of a run folder that hold the Trainer's log in place of trainer_state.json: a *_results.json a script dumped
the log history into, LLaMA-Factory's trainer_log.jsonl and the run summary ending swift's logging.jsonl; and the train
summary such a log gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, Optional

from generator.errors import InputError
from generator.io.files import loads_json
from generator.sources.common import Ingested, read_json_value

RESULTS_FILES = ("train_results.json", "eval_results.json", "all_results.json")


def dumped_logs(folder: Path) -> dict[Path, list[dict[str, Any]]]:
    """The *_results.json files of ``folder`` that hold the Trainer's log instead of its results: a script's
    ``json.dump(trainer.state.log_history, f)`` saved under that name (sag-27/BART_fine-tuned_H2H2024's
    train_results.json), a list of log entries each naming its step. transformers' ``save_metrics`` always writes an
    object (the metrics of one split, or all of them), and trainer_state.json keeps this list as its ``log_history``;
    by path, each such file. A file that cannot be read is left for the results reader to report."""
    logs: dict[Path, list[dict[str, Any]]] = {}
    for name in RESULTS_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = read_json_value(path, str(path))
        except InputError:
            continue
        if isinstance(data, list) and data and all(isinstance(entry, dict) and isinstance(entry.get("step"), int)
                                                   for entry in data):
            logs[path] = data
    return logs


# LLaMA-Factory's LogCallback appends a line to <output_dir>/trainer_log.jsonl at each log (llamafactory.train.callbacks,
# 0.6 to 0.9): of the log entry only its loss, eval_loss, predict_loss, reward, rewards/accuracies (as accuracy),
# learning_rate (as lr) and epoch, its step as current_steps, with the progress below (and progress lines alone while
# predicting); its v1 LoggingCallback writes the whole entry with step and total_steps.
TOOL_LOG = "trainer_log.jsonl"
_TOOL_KEYS = {"current_steps": "step", "lr": "learning_rate", "accuracy": "rewards/accuracies"}
_PROGRESS = frozenset({"total_steps", "percentage", "elapsed_time", "remaining_time", "throughput", "total_tokens",
                       "vram_allocated", "vram_reserved"})


def tool_log(folder: Path, result: Ingested) -> dict[Path, list[dict[str, Any]]]:
    """LLaMA-Factory's trainer_log.jsonl in ``folder`` as the Trainer's log (its entries under transformers' names),
    for a run kept without trainer_state.json (xueh88401-web/qwen2.5-7b-medical-finetune: all_results.json and this
    file), said in a warning; by path, as :func:`dumped_logs`. A line that is no JSON object (a write cut short) and
    lines of progress alone are passed over; a step logged again (a resumed run appends) keeps its last entry."""
    path = folder / TOOL_LOG
    if not path.is_file():
        return {}
    from generator.io.files import read_text

    entries: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line in read_text(path, str(path)).splitlines():
        try:
            raw = loads_json(line)
        except ValueError:
            continue
        entry = {_TOOL_KEYS.get(k, k): v for k, v in raw.items() if isinstance(k, str) and k not in _PROGRESS} \
            if isinstance(raw, dict) else {}
        if isinstance(entry.get("step"), int) and set(entry) - {"step", "epoch"}:
            entries[(entry["step"], *sorted(entry))] = entry
    if not entries:
        return {}
    history = sorted(entries.values(), key=lambda entry: entry["step"])
    result.warn(TOOL_LOG, f"no trainer_state.json: the training results are read from LLaMA-Factory's log "
                f"({len(history)} entries), which keeps of each log entry its loss, eval_loss, learning rate and "
                "epoch (and reward, accuracy): any other metric the run logged is not in the card",
                "keep the trainer_state.json LLaMA-Factory saves at the end of training with the run",
                code="state-from-tool-log")
    return {path: history}


def stopped_short(path: Path) -> Optional[int]:
    """The steps a LLaMA-Factory run whose log is ``path`` (its trainer_log.jsonl) planned, when its training ended
    before them: the total_steps of its last line, one of a training log entry (its loss) short of them, with no
    line of train()'s summary after it (a progress line with the epoch; hykun1989/360-LLaMA-Factory-grpo's log ends
    at step 202 of 5100, the run stopped there). A run that ended logs that summary, its step at times one short of
    the total (rameyjm7/SFT-Training-LLM's 6565 of 6566): None then, as for a log of prediction alone."""
    from generator.io.files import read_text

    last: Optional[dict[str, Any]] = None
    for line in read_text(path, str(path)).splitlines():
        try:
            raw = loads_json(line)
        except ValueError:
            continue
        if isinstance(raw, dict) and ("loss" in raw or "epoch" in raw):
            last = raw
    step, planned = (last or {}).get("current_steps"), (last or {}).get("total_steps")
    if last is None or "loss" not in last or not isinstance(step, int) or not isinstance(planned, int) or \
            isinstance(planned, bool) or not 0 < step < planned:
        return None
    return planned


def log_summary(path: Path, logs: Mapping[Path, list[dict[str, Any]]], state_read: bool,
                result: Ingested) -> dict[str, Any]:
    """What ``save_metrics("train", ...)`` would have written of the run whose log the results file ``path`` holds
    (one of ``logs``): its train summary entry (the one ``train()`` logs with ``train_runtime``), without its step;
    {} when the run did not finish. A warning says what the file is and which log is read (``state_read``:
    trainer_state.json's; else the first of ``logs``)."""
    history = logs[path]
    read = "trainer_state.json's log is read instead" if state_read else "read as the run's log" \
        if path == next(iter(logs)) else "the log of another file is read instead"
    result.warn(path.name, f"holds the Trainer's log (a list of {len(history)} log entries, trainer_state.json's "
                f"log_history), not the results save_metrics writes: {read}, and its train summary as the train "
                "results", "save the results with trainer.save_metrics('train', metrics) and the log with "
                "trainer.save_state() (trainer_state.json)", code="log-as-results")
    entry = next((entry for entry in history if "train_runtime" in entry), {})
    return {key: value for key, value in entry.items() if key != "step"}


# ms-swift appends to <output_dir>/logging.jsonl each log entry (its own keys: global_step/max_steps, elapsed_time,
# memory) and, once training ends, the run's summary (swift.llm.train.sft.SwiftSft.train's train_msg, 2.x to 4.x): the
# Trainer's whole log_history, global_step, last_model_checkpoint, best_model_checkpoint and best_metric, with 3.x+
# the train_dataset and val_dataset statistics ('287.5±102.3, min=63, max=1005, size=6994': tokens, then the rows).
SWIFT_LOG = "logging.jsonl"
_DATASET_SIZE = re.compile(r"(?:^|, )size=(\d{1,15})$")


def swift_summary(folder: Path) -> Optional[dict[str, Any]]:
    """The run summary that ends ``folder``'s swift logging.jsonl, as trainer_state.json's keys (log_history,
    global_step, epoch, best_metric, best_model_checkpoint, and train_samples / eval_samples from its datasets'
    sizes); None when the file is absent, unreadable or does not end with one (a run that has not ended)."""
    from generator.io.files import read_text

    path = folder / SWIFT_LOG
    if not path.is_file():
        return None
    try:
        last = read_text(path, str(path)).rstrip().rpartition("\n")[2]
        data = loads_json(last)
    except (InputError, ValueError):  # not UTF-8, a Git LFS pointer, a line cut short: no summary
        return None
    logged = data.get("log_history") if isinstance(data, dict) else None
    step = data.get("global_step") if isinstance(data, dict) else None
    history = [entry for entry in logged if isinstance(entry, dict)] if isinstance(logged, list) else []
    if not history or not isinstance(step, int) or isinstance(step, bool):
        return None
    state: dict[str, Any] = {"log_history": history, "global_step": step}
    epoch = next((entry["epoch"] for entry in reversed(history) if isinstance(entry.get("epoch"), (int, float))), None)
    if epoch is not None:
        state["epoch"] = epoch
    state.update({key: data[key] for key in ("best_metric", "best_model_checkpoint") if data.get(key) is not None})
    for key, name in (("train_dataset", "train_samples"), ("val_dataset", "eval_samples")):
        size = _DATASET_SIZE.search(data[key]) if isinstance(data.get(key), str) else None
        if size:
            state[name] = int(size.group(1))
    return state


# TRL 0.8's KTOTrainer logged its own metrics as f"{train_eval}/rewards/chosen" (train/kl, eval/logps/rejected) where
# 0.9 and later log them as every Trainer's, unprefixed in training and eval_-prefixed in an evaluation (kto_trainer.py
# log(): prefix = "eval_" if train_eval == "eval" else ""); its eval_results.json holds them so too. Only those metrics
# are renamed: another run's own `train/acc_0` (HangerYang/Star's) is its name, which transformers' card shows too.
_TRL_08_PREFIXES = (("train/", ""), ("eval/", "eval_"))
_TRL_08_STARTS = tuple(old for old, _ in _TRL_08_PREFIXES)
_TRL_08_KTO = re.compile(r"kl|(?:rewards|logps|logits)/(?:chosen|rejected|margins)")


def trl_08_keys(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` (a log entry, a results file) with TRL 0.8 KTO's ``train/`` and ``eval/`` metrics as 0.9 and later
    name them (``eval/kl``: ``eval_kl``); a key whose later name the entry already holds stays as it is. An entry with
    no key of either prefix (every other run's, each of its log's entries) is returned as it is, not copied."""
    if not any(key.startswith(_TRL_08_STARTS) for key in entry if type(key) is str):
        return entry
    renamed: dict[str, Any] = {}
    for key, value in entry.items():
        new = next((f"{to}{key[len(old):]}" for old, to in _TRL_08_PREFIXES
                    if isinstance(key, str) and key.startswith(old) and _TRL_08_KTO.fullmatch(key, len(old))), key)
        renamed[key if new in entry else new] = value
    return renamed
