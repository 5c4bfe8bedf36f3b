"""Simple Transformers' model arguments (simpletransformers.config.model_args: ClassificationArgs, T5Args, ...), which
its models save as training_args.bin (torch.save of the args) and model_args.json in their output folders, read as
the TrainingArguments fields generator.sources.hyperparameters lists: its names are its own."""

from __future__ import annotations

from typing import Any, Mapping

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


def is_simpletransformers_args(cls: str, fields: Mapping[str, Any]) -> bool:
    """Whether arguments of class ``cls`` (a pickle's; "" for a JSON dump) with ``fields`` are Simple Transformers'."""
    return cls.startswith("simpletransformers.") or not cls and {"model_type", "manual_seed", "train_batch_size",
                                                                 "scheduler"} <= set(fields)


def simpletransformers_args(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` under TrainingArguments' names (the optimizer with its Adam betas, the scheduler as transformers
    names it; its n_gpu left out, the batch being the step's)."""
    args = {_NAMES.get(key, key): value for key, value in fields.items() if key != "n_gpu"}
    betas = fields.get("adam_betas")
    if isinstance(betas, (list, tuple)) and len(betas) == 2:
        args["adam_beta1"], args["adam_beta2"] = betas
    scheduler = fields.get("scheduler")
    if isinstance(scheduler, str) and scheduler in _SCHEDULERS:
        args["lr_scheduler_type"] = _SCHEDULERS[scheduler]
    return args
