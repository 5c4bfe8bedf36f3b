"""A Trainer run's training arguments: training_args.bin (read as data by generator.sources.training_args, never
loaded; a TRL config class names the method) and a JSON dump of them (ms-swift's own beside), as hyperparameters."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path, PurePath
from typing import Any, Mapping, Optional

from generator.errors import InputError
from generator.sources.common import Ingested, hub_id, run_name
from generator.sources.hyperparameters import compare_card_hyperparameters, hyperparameters
from generator.sources.recipe_keys import key_list, tool_keys
from generator.sources.trainer_autotrain import (
    AUTOTRAIN_PARAMS,
    autotrain_args,
    is_autotrain_params,
    is_dreambooth_params,
)
from generator.sources.trainer_files import read_run_json, run_label
from generator.sources.trainer_method import config_method, stale_method_tags, trl_run_tags
from generator.sources.trainer_model import model_id
from generator.sources.trainer_simpletransformers import is_simpletransformers_args, simpletransformers_args
from generator.sources.trainer_swift import SWIFT2_ARGS, is_swift_args, swift2_args, swift_args
from generator.sources.training_args import DAMAGED_CODE, EMPTY_CODE, LFS_CODE, read_training_args

ARGS_BIN = "training_args.bin"
ARGS_FILES = ("training_args.json", "train_args.json", "args.json", "trainer_config.json")
ST_ARGS = "model_args.json"  # Simple Transformers' (trainer_simpletransformers)
FOREIGN_ARGS = "foreign-args"  # the warning's code: a JSON dump of arguments is another program's file


def read_args(folder: Path, result: Ingested, card: Mapping[str, Any]) -> tuple[Optional[dict[str, Any]], str]:
    """Hyperparameters from training_args.bin (read as data, never loaded) and a JSON dump of the arguments.

    The .bin is what the Trainer ran with, so its values win; the JSON fills in what it lacks or leaves
    None (``hub_model_id``), and a hyperparameter the two disagree on is reported, as is one the trainer's README
    (``card``, its hyperparameters list) shows otherwise. Returns the arguments read (None when neither was) and the
    file their values come from (training_args.bin, else the JSON dump), which warnings name.
    """
    saved: Optional[dict[str, Any]] = None
    own: dict[str, Any] = {}  # a script's own subclass of TrainingArguments, and the fields it adds
    path = folder / ARGS_BIN
    label = run_label(path, result)  # a checkpoint's copy is named as such
    if path.is_file():
        try:
            read = read_training_args(path, str(path))
            saved = read.fields
            if read.cls == "argparse.Namespace":  # an example script's own arguments (transformers 2.x-3.0's
                # run_language_modeling.py saved them as training_args.bin, before the Trainer): they name the base
                base = model_id(saved.get("model_name_or_path"))
                if base:
                    result.data.setdefault("model", {}).setdefault("base_model", base)
            if is_simpletransformers_args(read.cls, saved):
                saved = simpletransformers_args(saved, folder)
            method = config_method(read.cls)
            if method:  # what the trainer ran, so it wins over the README's tags
                result.data.setdefault("training", {})["method"] = method
                stale_method_tags(method, read.cls, result, label)
                trl_run_tags(method, read.cls, result)
            own = {"class": read.cls, "values": own_arguments(read.cls, saved)}
        except InputError as exc:
            damaged = [p for p in exc.problems if p.code in (DAMAGED_CODE, LFS_CODE, EMPTY_CODE)]
            if len(damaged) != len(exc.problems):
                raise  # a pickle that would run code is refused, and so is the card
            fix = damaged[0].fix if damaged[0].code != DAMAGED_CODE else "hyperparameters come from the other files; " \
                "re-save the training arguments (trainer.save_model saves training_args.bin) to list them all"
            result.warn(label, damaged[0].message, fix, code=damaged[0].code)
    dumped: Optional[dict[str, Any]] = None
    dump_name = next((name for name in ARGS_FILES if (folder / name).exists()), None)
    if dump_name:
        dumped = read_run_json(folder / dump_name, result) or None
        dumped = swift_args(dumped, result, dump_name) if dumped and is_swift_args(dumped) else dumped
        if dumped and not is_swift_args(dumped) and not (tool_keys("trl") | tool_keys("llama-factory")) & set(dumped):
            shown = ", ".join(key[:40] for key in list(dumped)[:4]) + (", ..." if len(dumped) > 4 else "")
            result.warn(dump_name, f"holds none of the arguments of transformers' Trainer, TRL, LLaMA-Factory or their "
                        f"scripts ({shown}): another program's file (or a hand-made one), so nothing of it is on the "
                        "card", "move it out of the run's folder; the run's settings can go in your records "
                        "(training.hyperparameters)", code=FOREIGN_ARGS)
            dumped, dump_name = None, None
        base = model_id(dumped.get("model_name_or_path")) if dumped else None
        if base:  # a script's own arguments dumped (HfArgumentParser's ModelArguments beside TrainingArguments'):
            result.data.setdefault("model", {}).setdefault("base_model", base)  # the model it loaded
    elif (folder / ST_ARGS).is_file():  # Simple Transformers' dump of its arguments (its model_args.json, another
        # tool's file of that name being no arguments of a run)
        dumped = read_run_json(folder / ST_ARGS, result) or None
        dumped, dump_name = (simpletransformers_args(dumped, folder), ST_ARGS) if dumped and is_simpletransformers_args(
            "", dumped) else (None, None)
    swift2 = read_run_json(folder / SWIFT2_ARGS, result) if (folder / SWIFT2_ARGS).is_file() else None
    if swift2:  # ms-swift 2.x's own arguments, under the Trainer's training_args.json beside them
        dumped, dump_name = {**swift2_args(swift2, result), **(dumped or {})}, dump_name or SWIFT2_ARGS
    autotrain = _autotrain(folder, result)
    if autotrain:  # AutoTrain's params, under the Trainer's dump of its arguments where both are
        dumped, dump_name = {**autotrain, **(dumped or {})}, dump_name or AUTOTRAIN_PARAMS
    if saved is None and dumped is None:
        return None, label
    source = label if saved is not None or dump_name is None else dump_name
    args = {**(dumped or {}), **{k: v for k, v in (saved or {}).items() if v is not None}}
    listed = hyperparameters(args)
    result.data.setdefault("training", {}).setdefault("hyperparameters", {}).update(listed)
    if own.get("values"):  # (listed after them)
        result.data["training"]["own_arguments"] = own
    for bits in (4, 8):  # AutoTrain's quantized base of a PEFT run, after the Trainer's settings
        if autotrain.get(f"load_in_{bits}bit") is True:
            result.data["training"]["hyperparameters"][f"load_in_{bits}bit"] = True
    if saved is not None and dumped is not None and dump_name is not None:  # dumped is only read from dump_name
        # the dump's values over the .bin's: a dump of what the launch set alone (Firefly's train_args.json) names
        # no device count or Adam betas, which is no disagreement on the total batch size or the optimizer's line
        ours = hyperparameters(saved)
        theirs = hyperparameters({**saved, **{k: v for k, v in dumped.items() if v is not None}})
        differ = [k for k in ours if k in theirs and ours[k] != theirs[k]]
        if differ:
            result.warn(dump_name, f"{', '.join(differ)} differ from {ARGS_BIN}, which is what the Trainer ran "
                        f"with; its values are kept", f"remove {dump_name} if it is from another run",
                        code="conflicting-values")
    if card:
        compare_card_hyperparameters(card, listed, result, source, args)
    if isinstance(args.get("hub_model_id"), str) and hub_id(args["hub_model_id"], folders=()):  # (pushed to, not read)
        result.data.setdefault("model", {}).setdefault("repo_id", args["hub_model_id"])
    output_dir = args.get("output_dir")
    if result.title is None and isinstance(output_dir, str):
        result.title = run_name(output_dir)  # the Trainer's card title when not pushing
    return args, source


def given_model_name(args: Optional[Mapping[str, Any]], trainer_card: bool, result: Ingested) -> None:
    """The name the trainer's own card (``trainer_card``) is titled with, kept as the model's name when it is none the
    Trainer or TRL would give by default (the output_dir's name, or the pushed repo's: hub_model_id's last part), so
    a person passed it (``create_model_card(model_name=...)``, as the Whisper fine-tuning blog does): a repo id given
    (--repo-id) no longer titles the card in its place. A default name gives way to the repo id, as a push would."""
    title = result.title
    if not (trainer_card and args and title) or "name" in result.data.get("model", {}):
        return
    output_dir, pushed = args.get("output_dir"), args.get("hub_model_id")
    defaults = {PurePath(output_dir).name, run_name(output_dir)} if isinstance(output_dir, str) else set()
    if isinstance(pushed, str) and pushed.strip():
        defaults.add(pushed.strip().rstrip("/").rsplit("/", 1)[-1])
    if defaults and title not in defaults:
        result.data.setdefault("model", {})["name"] = title


# Packages of transformers' own classes and the tools' subclasses, not a training script's: TRL's configs (the
# method's settings are listed as such), ms-swift's (read as its arguments), axolotl's (its README holds its config),
# sentence-transformers', Unsloth's, LLaMA-Factory's, optimum's, and Simple Transformers' and SetFit's classes; and an
# example script's argparse Namespace (no subclass)
_TOOL_CLASSES = ("argparse.", "transformers.", "trl.", "swift.", "axolotl.", "sentence_transformers.", "unsloth",
                 "llamafactory.", "optimum.", "simpletransformers.", "setfit.")
CLASS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")  # module.Name, as the card's heading shows it in code


def own_arguments(cls: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a training script's own subclass of TrainingArguments adds (LLaVA's ``lora_r``,
    ``model_max_length``, ``mm_projector_lr``; a class of ``__main__``), which transformers' card never lists: those
    set (not None or "") that no transformers release's TrainingArguments has, values exact (a list or mapping as JSON
    text). {} for transformers' and the tools' classes, and for a pickle that is no TrainingArguments (no
    per_device_train_batch_size: a script's argparse Namespace, Simple Transformers' own class)."""
    if cls.startswith(_TOOL_CLASSES) or config_method(cls) or not CLASS_NAME.match(cls) \
            or "per_device_train_batch_size" not in fields:  # (an argparse Namespace's, a tool's own class)
        return {}
    known = key_list("recipe_keys_transformers") | key_list("training_args_attributes")
    own: dict[str, Any] = {}
    for name, value in fields.items():
        if name in known or name.startswith("_") or value is None or value == "":
            continue
        if isinstance(value, (list, tuple, dict)):
            value = json.dumps(value, sort_keys=isinstance(value, dict), default=str)
        if isinstance(value, float) and not math.isfinite(value):
            continue
        if isinstance(value, (str, int, float, bool)):
            own[str(name)] = value
    return own


_README_BYTES = 1_000_000  # what of a README.md beside AutoTrain's params is read for its own repo id


def _autotrain(folder: Path, result: Ingested) -> dict[str, Any]:
    """The training arguments of AutoTrain's training_params.json in ``folder`` (read_run_json's warning for a
    stand-in); another task's params (DreamBooth's, a diffusers run) or another tool's file of that name are named in
    a warning (foreign-args) and not read."""
    path = folder / AUTOTRAIN_PARAMS
    params = read_run_json(path, result) if path.is_file() else {}
    if not params:
        return {}
    if is_autotrain_params(params):
        readme = folder / "README.md"
        text = ""
        if readme.is_file():
            with readme.open("rb") as file:  # (not the whole of a README of gigabytes)
                text = file.read(_README_BYTES).decode("utf-8", "replace")
        return autotrain_args(params, result, run_label(path, result), text)
    what = "AutoTrain's DreamBooth params: a diffusers run, which this tool does not make cards of" if \
        is_dreambooth_params(params) else "no AutoTrain params of a run (no project_name, data_path and model)"
    result.warn(run_label(path, result), f"holds {what}, so nothing of it is on the card",
                "move it out of the run's folder; the run's settings can go in your records "
                "(training.hyperparameters)", code=FOREIGN_ARGS)
    return {}
