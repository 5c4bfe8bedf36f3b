"""What a Trainer saves of a run, written from the live objects into a private folder for the Trainer reader (see
:mod:`generator.integrations`): ``trainer_state.json``, ``training_args.bin``, ``train_results.json``, the model's
configuration, the tokenizer, and the files of ``output_dir`` the reader reads."""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
from pathlib import Path
from typing import Any, Mapping, Optional

from transformers import TrainerState, TrainingArguments

from generator.errors import GeneratorError
from generator.io.files import loads_json
from generator.sources.trainer import ARGS_BIN, read_trainer_dir

logger = logging.getLogger("generator.integrations")

# Files of output_dir the Trainer reader reads that hold no number of this run (those come from the live
# objects, and a copy left in output_dir by an earlier run would be stale): TRL's README, a saved config.
_FOLDER_FILES = ("README.md", "config.json", "adapter_config.json", "generation_config.json")
_OUR_MARKER = "<!-- modelcard-generator:begin"


def _save_model_config(model: Any, folder: Path) -> set[str]:
    """What ``Trainer.save_model`` writes of the model's configuration: adapter_config.json for a PEFT model,
    else config.json and, for a model that generates, generation_config.json. Returns the file names written."""
    peft_configs = getattr(model, "peft_config", None)
    if isinstance(peft_configs, Mapping) and peft_configs:
        active = getattr(model, "active_adapter", None)
        name = active if isinstance(active, str) and active in peft_configs else next(iter(peft_configs))
        peft_configs[name].save_pretrained(str(folder))
        path = folder / "adapter_config.json"
        saved = loads_json(path.read_text(encoding="utf-8"))
        kept = _keep_name_or_path(peft_configs[name], saved, "base_model_name_or_path")
        if kept != saved:
            path.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return {"adapter_config.json"}
    config = getattr(model, "config", None)
    if config is not None and hasattr(config, "to_json_string"):
        # what config.to_json_file writes, less the two things save_pretrained does otherwise, written once
        saved = _saved_architecture(model, _keep_name_or_path(config, loads_json(config.to_json_string())))
        (folder / "config.json").write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        generation = getattr(model, "generation_config", None)  # save_pretrained writes it for a model that generates
        can_generate = getattr(model, "can_generate", None)
        if generation is not None and hasattr(generation, "save_pretrained") and callable(can_generate) \
                and can_generate():
            generation.save_pretrained(str(folder))
            return {"config.json", "generation_config.json"}
        return {"config.json"}
    return set()


def _saved_architecture(model: Any, saved: dict[str, Any]) -> dict[str, Any]:
    """The ``architectures`` ``save_pretrained`` writes: the class of the model being saved (4.x and 5.x set
    ``config.architectures = [model.__class__.__name__]``, 5.x less an ``FSDP`` prefix), not the live config's, which
    is the checkpoint's it was loaded from. A classifier loaded from a causal LM
    (``AutoModelForSequenceClassification.from_pretrained``, as for a reward model) still had ``LlamaForCausalLM``
    there, and the card said text-generation where the saved run, and transformers' card (its task from the model's
    class), say text-classification; a model made ``from_config`` had none, and the card no pipeline_tag."""
    return {**saved, "architectures": [type(model).__name__.removeprefix("FSDP")]}


def _keep_name_or_path(config: Any, saved: dict[str, Any], key: str = "_name_or_path") -> dict[str, Any]:
    """Put back the model's ``_name_or_path`` (what ``from_pretrained`` was given) when the saved config lacks it
    (``key``: an adapter's ``base_model_name_or_path``, which PEFT writes as given, a local folder too).

    transformers 5 no longer writes it into config.json, where 4.x did and where the Trainer reader takes the base
    model from; the Trainer's own card takes it from the live config (``finetuned_from``, unless it names a local
    folder), so without it the callback's card lost the ``base_model`` transformers' and TRL's cards give. A local
    folder that is an earlier stage's output stands for the repo that run names (:func:`_repo_of_run`)."""
    given = getattr(config, key, None)
    if not isinstance(given, str) or not given:
        return saved
    name = _repo_of_run(Path(given)) if os.path.isdir(given) else given
    if name and saved.get(key) in (None, given) and saved.get(key) != name:  # 4.x wrote the path it was given
        return {**saved, key: name}
    return saved


def _repo_of_run(folder: Path) -> Optional[str]:
    """The Hub repo a local folder the model was loaded from names, when that folder is an earlier stage's output
    (an SFT run's ``output_dir`` a DPO stage starts from): what ``build --trainer-dir`` reads as its repo id
    (``hub_model_id``, the trainer's README). None for any other folder: the Trainer's own card then names no
    base model, and neither does this one."""
    if not (folder / "trainer_state.json").is_file() and not any(folder.glob("training_args.*")):
        return None
    try:
        repo_id = read_trainer_dir(folder).data.get("model", {}).get("repo_id")
    except GeneratorError:
        return None
    return repo_id if isinstance(repo_id, str) else None


def _end_metrics(state: TrainerState) -> Optional[dict[str, Any]]:
    """The metrics ``Trainer.train`` returns (``train_loss``, ``train_runtime``, ...), from the log entry it made
    of them at the end of training; None before that entry exists."""
    for entry in reversed(state.log_history):
        if isinstance(entry, dict) and "train_runtime" in entry:
            return {k: v for k, v in entry.items() if k != "step"}
    return None


def _save_processing_class(processing_class: Any, folder: Path) -> None:
    """What ``Trainer._save`` writes of the tokenizer or processor (``processing_class.save_pretrained``)."""
    save = getattr(processing_class, "save_pretrained", None)
    if not callable(save):
        return
    try:
        save(str(folder))
    except Exception as exc:  # a custom processor's own failure must not cost the run its card
        logger.warning("modelcard: the tokenizer could not be saved (%s: %s); the card does not know whether it has "
                       "a chat template", type(exc).__name__, exc)


def write_run_files(folder: Path, args: TrainingArguments, state: TrainerState, model: Any = None,
                    output_dir: Optional[Path] = None, processing_class: Any = None) -> set[str]:
    """Write into ``folder`` the files a Trainer saves for this run, from the live objects (see the module doc).
    Returns the names of those copied from ``output_dir`` (an earlier process's), beside the ones written."""
    state.save_to_json(str(folder / "trainer_state.json"))
    try:
        (folder / ARGS_BIN).write_bytes(pickle.dumps(args, protocol=2))  # torch.save's default protocol
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # a script hung something unpicklable on them
        logger.warning("modelcard: the training arguments could not be pickled (%s); the card lists them from "
                       "TrainingArguments.to_dict(), without the distributed setup", exc)
        (folder / "training_args.json").write_text(args.to_json_string(), encoding="utf-8")
    metrics = _end_metrics(state)
    if metrics is not None:
        (folder / "train_results.json").write_text(json.dumps(metrics, indent=4, sort_keys=True), encoding="utf-8")
    written = _save_model_config(model, folder) if model is not None else set()
    if processing_class is not None:
        _save_processing_class(processing_class, folder)
    copied: set[str] = set()
    if output_dir is None:
        return copied
    for name in _FOLDER_FILES:
        source = output_dir / name
        if name in written or not source.is_file():
            continue
        if name == "README.md" and _OUR_MARKER in source.read_text(encoding="utf-8", errors="replace"):
            continue  # a card this generator wrote (an earlier run's): not the trainer's own
        if name != "README.md" and written & {"config.json", "adapter_config.json"}:
            continue  # the live model's configuration is this run's; a saved one may be an earlier run's
        shutil.copyfile(source, folder / name)
        copied.add(name)
    return copied
