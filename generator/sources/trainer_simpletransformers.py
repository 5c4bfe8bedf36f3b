"""Simple Transformers' model arguments (simpletransformers.config.model_args: ClassificationArgs, T5Args, ...), which
its models save as training_args.bin (torch.save of the args) and model_args.json in their output folders, read as
the TrainingArguments fields generator.sources.hyperparameters lists: its names are its own."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any, Mapping, Optional

# Simple Transformers' scheduler names -> transformers' lr_scheduler_type for the same schedule (its models call
# transformers' get_*_schedule_with_warmup)
_SCHEDULERS = {"constant_schedule": "constant", "constant_schedule_with_warmup": "constant_with_warmup",
               "linear_schedule_with_warmup": "linear", "cosine_schedule_with_warmup": "cosine",
               "cosine_with_hard_restarts_schedule_with_warmup": "cosine_with_restarts",
               "polynomial_decay_schedule_with_warmup": "polynomial"}
# Its names -> TrainingArguments'. Its train_batch_size is the DataLoader's, which DataParallel splits over the GPUs:
# the batch of a step, listed as such.
_NAMES = {"train_batch_size": "per_device_train_batch_size", "eval_batch_size": "per_device_eval_batch_size",
          "manual_seed": "seed", "optimizer": "optim"}
# The scores it writes at each evaluation during training, the step of each first (evaluate_during_training)
PROGRESS = "training_progress_scores.csv"


def is_simpletransformers_args(cls: str, fields: Mapping[str, Any]) -> bool:
    """Whether arguments of class ``cls`` (a pickle's; "" for a JSON dump) with ``fields`` are Simple Transformers'."""
    return cls.startswith("simpletransformers.") or not cls and {"model_type", "manual_seed", "train_batch_size",
                                                                 "scheduler"} <= set(fields)


def simpletransformers_args(fields: Mapping[str, Any], folder: Optional[Path] = None) -> dict[str, Any]:
    """``fields`` under TrainingArguments' names (the optimizer with its Adam betas, the scheduler as transformers
    names it; its n_gpu left out, the batch being the step's), with the one warmup the run was given (_warmup):
    ``folder``, the run's, may say how many steps it ran."""
    args = {_NAMES.get(key, key): value for key, value in fields.items() if key != "n_gpu"}
    betas = fields.get("adam_betas")
    if isinstance(betas, (list, tuple)) and len(betas) == 2:
        args["adam_beta1"], args["adam_beta2"] = betas
    scheduler = fields.get("scheduler")
    if isinstance(scheduler, str) and scheduler in _SCHEDULERS:
        args["lr_scheduler_type"] = _SCHEDULERS[scheduler]
    _warmup(args, folder)
    return args


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _warmup(args: dict[str, Any], folder: Optional[Path]) -> None:
    """Leave out the warmup the run was not given. Simple Transformers' train() sets warmup_steps, when 0, to
    ceil(total steps x warmup_ratio) and saves it so (its default ratio 0.06 is never 0): the two saved say one
    warmup. When the run's total steps (max_steps, or the last step of training_progress_scores.csv) make its
    warmup_steps of its ratio, the ratio was given (Myanapavan9624/Text_summarization: 1,406 steps, 0.06 -> 85);
    otherwise the steps, given or made of a ratio over a run of unknown length, are what its schedule ran."""
    ratio, steps = args.get("warmup_ratio"), args.get("warmup_steps")
    if not (isinstance(ratio, (int, float)) and _number(ratio) and isinstance(steps, int) and _number(steps)):
        return
    total = _total_steps(args, folder)
    del args["warmup_steps" if total and math.ceil(total * ratio) == steps else "warmup_ratio"]


def _total_steps(args: Mapping[str, Any], folder: Optional[Path]) -> Optional[int]:
    """The optimizer steps the run ran: its max_steps when set, else the step of the last row of its
    training_progress_scores.csv (written at each evaluation during training, the last at its end; a run stopped
    early has fewer, which then make no warmup of the ratio)."""
    if isinstance(args.get("max_steps"), int) and args["max_steps"] > 0:
        return int(args["max_steps"])
    # (its best model is saved in the output folder's best_model/, beside which the file is)
    path = next((f / PROGRESS for f in ((folder, folder.parent) if folder.name == "best_model" else (folder,))
                 if (f / PROGRESS).is_file()), None) if folder is not None else None
    if path is None:
        return None
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    last = rows[-1].get("global_step") if rows else None
    return int(last) if isinstance(last, str) and last.isdecimal() else None
