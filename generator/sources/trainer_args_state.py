"""What trainer_state.json says of the run its log is of, held against the training arguments read beside it.

The Trainer writes both files at every save, so they agree, except in three cases the card must not hide:

- ``auto_find_batch_size``: the Trainer halves the batch until it fits and keeps the size it found in the state
  (``train_batch_size``), not in the arguments; transformers' own card lists the arguments' size, which did not run.
- a run resumed from a checkpoint with another batch size: the state keeps the size of the run it was resumed from
  (``TrainerState.load_from_json`` of the checkpoint, which holds ``train_batch_size`` since transformers 4.36.0, PR
  #27568), and the Trainer warns "per_device_train_batch_size: N (from args) != M (from trainer_state.json)". Which
  of the two the resumed run went on with depends on the release (read in each release's trainer.py):
  4.36.0-4.36.2 set ``self._train_batch_size = state.train_batch_size`` from the checkpoint whatever the arguments
  say, but only in the branch that loads the checkpoint itself (not under DeepSpeed or FSDP, which load it in their
  own way and keep the arguments' size); 4.37.0 to 5.1.0 do it in every run; 5.2.0 restores it only with
  ``auto_find_batch_size`` (PR #43770), so the resumed steps ran with the arguments' size, which is listed. A release
  before 4.36 writes no ``train_batch_size``. A run whose files name no transformers version keeps the arguments'
  size, as transformers' own card lists it, and the warning gives both readings.
- a ``training_args.bin`` of another run in the same output_dir (a later run that saved its arguments and stopped
  before its first checkpoint, or files copied together): the state's run length (``max_steps``; or
  ``num_train_epochs`` when the run was not given ``max_steps``), which the Trainer sets from the arguments of the
  run that wrote the state, disagrees with the arguments', or the state's log reaches an epoch past the arguments'
  ``num_train_epochs`` by more than its last step.

The Trainer sets the state's ``num_train_epochs`` to the epochs its steps span (``ceil`` of the arguments' epochs, or
what ``max_steps`` covers), so only ``max_steps`` is compared for a run given ``max_steps``. TRL 0.x's on-policy
trainers (PPO, RLOO before 0.22) count episodes, and are left alone.
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping, Optional

from generator.sources.common import Ingested, is_number

ARGS_BIN = "training_args.bin"


def _number(value: Any) -> Optional[float]:
    """``value`` if it is a finite number (not a bool), else None."""
    return value if is_number(value) and not isinstance(value, bool) else None


def _count(value: Any) -> Optional[int]:
    """``value`` if it is an integer (not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _run_length(state: Mapping[str, Any], args: Mapping[str, Any]) -> tuple[str, Optional[int], Optional[float]]:
    """(the card's name for the run length, the state's value, the arguments'), or ("", None, None) when they agree or
    cannot be compared."""
    steps = _number(args.get("max_steps"))
    if steps is not None and steps > 0:
        ran = _count(state.get("max_steps"))
        return ("training_steps", ran, steps) if ran is not None and ran != steps else ("", None, None)
    epochs, ran, reached = _number(args.get("num_train_epochs")), _count(state.get("num_train_epochs")), \
        _number(state.get("epoch"))
    steps = _count(state.get("global_step"))
    # the Trainer runs whole optimizer steps (max_steps = ceil of the epochs' steps): the last may go past the asked
    # epochs by up to one step's share of an epoch (0.16 for a 0.0625-epoch run of 6.25 steps an epoch)
    slack = reached / steps if reached is not None and steps else 0.0
    if epochs is not None and ran is not None and \
            (ran != math.ceil(epochs) or reached is not None and reached > epochs + slack + 1e-6):
        return "num_epochs", ran, epochs
    return "", None, None


def transformers_release(version: Any) -> Optional[tuple[int, int, int]]:
    """transformers' release as (major, minor, patch) from a version string (``4.57.1``, ``4.26.0.dev0``, ``5.2``),
    or None."""
    found = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", version) if isinstance(version, str) else None
    return (int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)) if found else None


def _resumes_with_checkpoint_size(release: tuple[int, int, int], args: Mapping[str, Any]) -> bool:
    """Whether ``train()`` of transformers ``release`` resumes with the checkpoint's ``train_batch_size`` rather
    than the arguments' (see the module's docstring for each boundary)."""
    if release < (4, 36, 0):
        return False
    if release < (4, 37, 0):  # 4.36.x: only where the Trainer loads the checkpoint itself
        return not args.get("deepspeed") and not args.get("fsdp")
    return release < (5, 2, 0) or args.get("auto_find_batch_size") is True


def check_state_args(state: Mapping[str, Any], args: Mapping[str, Any], hyper: dict[str, Any],
                     result: Ingested, source: str = ARGS_BIN) -> None:
    """Hold ``hyper`` (the hyperparameters read from ``args``, read from the file ``source``) to what ``state``
    (trainer_state.json) says ran, and say where they differ (see the module's docstring)."""
    if "total_episodes" in args or not args:
        return
    name, ran, asked = _run_length(state, args)
    other_run = bool(name)
    if other_run:
        _put(hyper, "num_epochs" if name == "training_steps" else "training_steps", name, ran)
        key = "max_steps" if name == "training_steps" else "num_train_epochs"
        reached = f" and its log reaches epoch {state['epoch']}" \
            if key == "num_train_epochs" and asked is not None and ran == math.ceil(asked) else ""
        result.warn(source, f"trainer_state.json's run was given {key} {ran}{reached}, but {source} holds "
                    f"{asked}: the arguments are likely of another run in the same output_dir; the card lists "
                    f"{name}: {ran}, of the run its log is of, and takes the other hyperparameters from {source}, "
                    "which may be that other run's", f"save the run's own arguments (trainer.save_model writes "
                    f"{ARGS_BIN}) or remove the stale file", code="conflicting-values")
    found, listed = _count(state.get("train_batch_size")), _number(hyper.get("train_batch_size"))
    gpus = _count(args.get("_n_gpu"))  # DataParallel: the state's size is the device's times the GPUs
    if found is None or listed is None or found in (listed, listed * max(1, gpus or 1)):
        return
    if (args.get("auto_find_batch_size") is True and found < listed) or other_run:
        _take_batch(found, listed, hyper)
        why = "the batch size auto_find_batch_size found, which ran" if not other_run else "of the run its log is of"
        result.warn(source, f"train_batch_size is {found} in trainer_state.json, {listed} in {source}; the card "
                    f"lists {found}, {why}", "nothing to do" if not other_run else
                    f"save the run's own arguments (trainer.save_model writes {ARGS_BIN})",
                    code="found-batch-size" if not other_run else "conflicting-values")
        return
    release = transformers_release((result.data.get("training", {}).get("framework_versions") or {}).get("Transformers"))
    resumed = f"train_batch_size is {found} in trainer_state.json but {listed} in {source}: the run was likely " \
        "resumed from a checkpoint of a run with another batch size (the state keeps the checkpoint's)"
    if release is None:
        result.warn(source, f"{resumed}; the card lists {listed}, the arguments', but transformers 4.37.0 to 5.1.0 "
                    f"(and 4.36 without DeepSpeed or FSDP) resume with the checkpoint's batch size ({found}) "
                    "whatever the arguments say, and 5.2.0 on with the arguments'", "check which transformers ran "
                    "the resumed steps and set train_batch_size in your records if it was 4.36 to 5.1",
                    code="conflicting-values")
        return
    named = ".".join(map(str, release))
    if _resumes_with_checkpoint_size(release, args):
        _take_batch(found, listed, hyper)
        result.warn(source, f"{resumed}; transformers {named} resumes with the checkpoint's batch size whatever "
                    f"the arguments say, so the card lists {found}, which ran", "nothing to do; to train on with "
                    "another batch size, start a new run from the checkpoint's weights", code="conflicting-values")
    else:
        result.warn(source, f"{resumed}; transformers {named} resumes with the arguments' batch size, so the card "
                    f"lists {listed}, what the resumed steps ran with", "say in the card's text which steps ran "
                    "with which batch size", code="conflicting-values")


def _put(hyper: dict[str, Any], old: str, name: str, value: Any) -> None:
    """``hyper[name] = value`` in the place of ``old`` (the run length the arguments gave under its other name),
    keeping the card's order."""
    items = [(name, value) if key == old else (key, v) for key, v in hyper.items()]
    hyper.clear()
    hyper.update(items)
    hyper[name] = value


def _take_batch(found: int, listed: float, hyper: dict[str, Any]) -> None:
    """``hyper``'s train batch size (and the total it makes, listed only when it differs) as ``found``."""
    hyper["train_batch_size"] = found
    total = _number(hyper.get("total_train_batch_size"))
    if total is not None and listed and total % listed == 0:
        total = int(total // listed * found)
        if total == found:
            del hyper["total_train_batch_size"]
        else:
            hyper["total_train_batch_size"] = total
