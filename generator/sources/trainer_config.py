"""The model a Trainer run saved, as its files say: config.json (architecture, pipeline, precision, base), the
tokenizer's chat template, generation_config.json, adapter_config.json (PEFT), and the one sub-folder holding the
adapter when the top holds no model."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Optional

from generator.card.usage import OWN_CODE_FIX, own_code, own_code_message
from generator.card.usage_transformers import (
    QUANTIZATION,
    TIMM_BACKBONE,
    TOKENIZER_CLASS,
    decides_package,
    quant_method,
    timm_backbone,
)
from generator.errors import InputError, Problem
from generator.sources.common import Ingested, is_lfs_pointer
from generator.sources.generation_config import FILE as GENERATION_FILE
from generator.sources.generation_config import read_generation_config, unreadable
from generator.sources.hyperparameters import legacy_ppo_hyperparameters
from generator.sources.remote_imports import remote_packages
from generator.sources.trainer_args_state import transformers_release
from generator.sources.trainer_files import read_run_json, run_label
from generator.sources.trainer_model import adapter_config, architecture_pipeline, file_version, model_id


def read_config(folder: Path, result: Ingested) -> None:
    path = folder / "config.json"
    if not path.exists():
        return
    config = read_run_json(path, result)
    if legacy_ppo_config(config):
        _read_legacy_ppo_config(config, result, run_label(path, result))
        return
    model = result.data.setdefault("model", {})
    details = model.setdefault("details", {})
    if isinstance(config.get("architectures"), list) and config["architectures"]:
        details["Architecture"] = str(config["architectures"][0])
        model_type = config.get("model_type") if isinstance(config.get("model_type"), str) else None
        pipeline = architecture_pipeline(details["Architecture"], model_type,
                                         isinstance(config.get("vision_config"), dict)) or \
            _auto_map_pipeline(details["Architecture"], config.get("auto_map"))
        if pipeline:
            model.setdefault("pipeline_tag", pipeline)
        if own_code(details["Architecture"]) and not (folder / "adapter_config.json").exists():
            result.warn(f"{run_label(path, result)}: $.architectures[0]", own_code_message(
                details["Architecture"], "auto_map" in config), OWN_CODE_FIX, code="own-code-architecture")
        result.remote_autos = remote_auto_classes(config.get("auto_map"), folder)
        result.remote_packages = remote_packages(folder, config["auto_map"]) if result.remote_autos else ()
    dtype = config.get("dtype") or config.get("torch_dtype")
    if isinstance(dtype, str):
        details["Precision"] = dtype
    base = model_id(config.get("_name_or_path")) or _composite_base(config)
    if base:
        model.setdefault("base_model", base)
    version = config.get("transformers_version")
    release = transformers_release(version)
    if "_name_or_path" not in config and release is not None and release >= _DROPS_NAME_OR_PATH:
        result.base_unsaved = run_label(path, result)
    if isinstance(version, str):
        file_version(result, "Transformers", version, path.name, "transformers_version")
    if "Architecture" in details and (isinstance(version, str) or _versionless_transformers(config, details)):
        model.setdefault("library_name", "transformers")  # a transformers model, as the Trainer's own card says
    if "quantization_config" in config:
        details[QUANTIZATION] = quant_method(config["quantization_config"])
    backbone = timm_backbone(config)
    if backbone:
        details[TIMM_BACKBONE] = backbone


# TRL 0.x's PPOTrainer before 0.12 (trl.trainer.ppo_trainer, whose BaseTrainer is a huggingface_hub ModelHubMixin
# taking its PPOConfig as ``config``): ppo_trainer.save_pretrained(dir) writes that PPOConfig as config.json beside the
# adapter (or model) and the value head's pytorch_model.bin (Alpha-Rome0/RLHFRubicks' gemma-2b-it-rlhf-kociemba)
_LEGACY_PPO = ("ppo_epochs", "init_kl_coef", "adap_kl_ctrl")
# Its fields that TRL fills with its own defaults (imdb, sentiment-analysis:lvwerra/distilbert-imdb) whatever data and
# reward the run's own loop used: not read (its model_name, gpt2 by default, neither: the adapter or card names the base)
_LEGACY_PPO_DEFAULTED = ("query_dataset", "reward_model")


def legacy_ppo_config(config: dict[str, Any]) -> bool:
    """Whether a run's config.json is TRL 0.x's PPOConfig (before 0.12), not a model's config."""
    return "architectures" not in config and "model_type" not in config and all(k in config for k in _LEGACY_PPO)


def _read_legacy_ppo_config(config: dict[str, Any], result: Ingested, label: str) -> None:
    """TRL 0.x's PPOConfig saved as config.json: the run's method and hyperparameters (the training arguments' values
    win, read after), and a warning naming the fields not read."""
    training = result.data.setdefault("training", {})
    training.setdefault("method", "ppo")
    hyper = training.setdefault("hyperparameters", {})
    for key, value in legacy_ppo_hyperparameters(config).items():
        hyper.setdefault(key, value)
    unread = [k for k in _LEGACY_PPO_DEFAULTED if isinstance(config.get(k), str) and config[k]]
    if unread:
        result.warn(label, f"is TRL's PPOConfig (TRL 0.x's PPOTrainer before 0.12 saves it as config.json), not a "
                    f"model's config: its settings are listed as the run's hyperparameters, but not "
                    f"{', '.join(f'{k} {config[k]!r}' for k in unread)}, which TRL fills with its own defaults "
                    f"(imdb, sentiment-analysis:lvwerra/distilbert-imdb) whatever the run trained on",
                    "name the training data in your records (model.datasets) and the reward model in the training "
                    "description (training.description)", code="not-kept")


# The first release whose PretrainedConfig.to_diff_dict (save_pretrained's) deletes _name_or_path: 4.50.0 (4.49.0 and
# before left it out only when it was "", a model built from a config; the 4.52.4 and 4.57.1 fixtures of
# tests/fixtures/versions/trainer, loaded from a local folder, have none, the 4.49.0 one has it)
_DROPS_NAME_OR_PATH = (4, 50, 0)


def _versionless_transformers(config: dict[str, Any], details: dict[str, Any]) -> bool:
    """Whether a config.json without transformers_version (2.x-3.x runs wrote none: 1kaushikr/resume-ner's
    DistilBertForTokenClassification, a 3.0 Trainer's) is transformers' own: its architecture one of transformers'
    classes, beside a model_type."""
    return isinstance(config.get("model_type"), str) and not own_code(details["Architecture"])


def _composite_base(config: dict[str, Any]) -> Optional[str]:
    """The one model an encoder-decoder model's two halves were loaded from, as its config.json names it in each
    sub-config's _name_or_path, the top's left "" (EncoderDecoderModel.from_encoder_decoder_pretrained of a BERT as
    both: zanuura/Bert2Bert_Summarization_Liputan6's bert2bert of gaunernst/bert-tiny-uncased); None when they name
    two models or none."""
    halves = [config.get(name) for name in ("encoder", "decoder")]
    names = {model_id(half.get("_name_or_path")) if isinstance(half, dict) else None for half in halves}
    return names.pop() if len(names) == 1 else None


def remote_auto_classes(auto_map: object, folder: Path) -> tuple[str, ...]:
    """The Auto classes of ``auto_map`` (config.json's, in ``folder``) that load the model's own class from a module
    saved beside it, or another repo's (``repo--module.Class``): ChatGLM-6B fine-tunes (AriesChen-UPC/GeoLLM:
    AutoModelForSeq2SeqLM -> modeling_chatglm.ChatGLMForConditionalGeneration, its modeling_chatglm.py saved with
    it); none that names a module the run did not save (the repo would lack the file it imports)."""
    if not isinstance(auto_map, dict):
        return ()
    return tuple(auto_class for auto_class, ref in auto_map.items() if isinstance(ref, str) and ref.rsplit(".", 1)[0]
                 and ("--" in ref or (folder / f"{ref.rsplit('.', 1)[0]}.py").is_file()))


def unnamed_base_warnings(data: dict[str, Any], runs: Iterable[Ingested]) -> list[Problem]:
    """A warning for a run whose model transformers 4.50 or later saved without the base it was loaded from
    (config.json's _name_or_path, which 4.49 and before wrote: a Trainer's output_dir holds no other file naming it
    unless a README, adapter_config.json or the records do), when the merged records name no base model."""
    model = data.get("model")
    if isinstance(model, dict) and model.get("base_model"):
        return []
    return [Problem(run.source, run.base_unsaved, "names no base model: transformers 4.50 and later no longer save "
                    "_name_or_path (the model the run loaded) in config.json, and no other file of the run names it "
                    "(a README, adapter_config.json): the card names no base model",
                    "set model.base_model in your records (--records) to the Hub id of the model the run started "
                    "from; nothing to do for a model trained from scratch", severity="warning",
                    code="base-model-unnamed") for run in runs if run.base_unsaved]


# The Auto classes whose auto_map entry, naming a model's own class, says its pipeline (a class of its own code is named
# as its author likes: HierarchicalClassifier)
_AUTO_PIPELINES = {"AutoModelForSequenceClassification": "text-classification",
                   "AutoModelForCausalLM": "text-generation"}


def _auto_map_pipeline(architecture: str, auto_map: object) -> Optional[str]:
    """The pipeline of a model of its own code whose config.json's auto_map loads its architecture through one of
    _AUTO_PIPELINES' Auto classes (``module.Class`` or ``repo--module.Class``), or None."""
    if not own_code(architecture) or not isinstance(auto_map, dict):
        return None
    named = [auto for auto, ref in auto_map.items() if auto in _AUTO_PIPELINES and isinstance(ref, str)
             and ref.rsplit(".", 1)[-1] == architecture]
    return _AUTO_PIPELINES[named[0]] if len(named) == 1 else None


def read_chat_template(folder: Path, result: Ingested) -> None:
    """Whether the saved tokenizer has a chat template: transformers writes it to chat_template.jinja (or
    chat_template.json) since 4.43-4.50, and into tokenizer_config.json before; a folder with neither a tokenizer
    config nor a template file says nothing. Its tokenizer_config.json's tokenizer_class, the class AutoTokenizer
    loads, goes to model.details (TOKENIZER_CLASS) where it decides a package the tokenizer needs (decides_package)."""
    path = folder / "tokenizer_config.json"
    config = read_run_json(path, result) if path.is_file() else {}
    model = result.data.setdefault("model", {})
    if any((folder / name).is_file() and not is_lfs_pointer(folder / name) and (folder / name).stat().st_size
           for name in ("chat_template.jinja", "chat_template.json")):  # a pointer or an empty file holds no template
        model["chat_template"] = True
    elif config:
        model["chat_template"] = bool(config.get("chat_template"))
    details = model.get("details")
    named = config.get("tokenizer_class") if config else None
    if isinstance(named, str) and named and isinstance(details, dict) and decides_package(details.get("Architecture"), named):
        details[TOKENIZER_CLASS] = named


def read_generation(folder: Path, result: Ingested) -> None:
    """The decoding defaults of generation_config.json; one that is no JSON object is a warning (transformers too
    loads the model without it). Its transformers_version (the saving install's) fills a version nothing read before
    named (NukumizuKazuhiko/ab-verifier-qwen2.5-0.5b: 5.8.0, in no other file)."""
    path = folder / GENERATION_FILE
    if path.is_file():
        try:
            config = read_run_json(path, result, empty=False)
        except InputError as exc:
            unreadable(exc.problems[0], result)
            return
        read_generation_config(config, result)
        if isinstance(config.get("transformers_version"), str) and config["transformers_version"]:
            result.data.setdefault("training", {}).setdefault("framework_versions", {}).setdefault(
                "Transformers", config["transformers_version"])


def read_adapter(folder: Path, result: Ingested) -> None:
    path = folder / "adapter_config.json"
    config = read_run_json(path, result) if path.exists() else {}
    if config:  # a Git LFS pointer or an empty file (said by read_run_json) is no adapter: PEFT would not load it
        adapter_config(config, folder, result)


def model_below(folder: Path, checkpoint: Optional[str], result: Ingested) -> Optional[Path]:
    """The one sub-folder holding the run's adapter when neither the top nor the checkpoint read holds a model (a
    script's ``trainer.save_model(f"{output_dir}/final_adapter")`` beside TRL's README), named in a warning; its
    training_args.bin (the Trainer saves one with the model) stands in for a missing one at the top."""
    if any((where / name).exists() for where in (folder, folder / (checkpoint or "."))
           for name in ("adapter_config.json", "config.json")):
        return None
    below = [p.parent for p in sorted(folder.glob("*/adapter_config.json"))
             if not p.parent.name.startswith(".") and not re.fullmatch(r"checkpoint-\d+", p.parent.name)]
    if len(below) > 1:
        result.warn("", "no model at the top of the run, and several sub-folders hold an adapter (" +
                    ", ".join(f"{p.name}/" for p in below) + "): none is read", "pass the sub-folder of the final "
                    "adapter as the run folder, or set the adapter's settings in your records", code="ambiguous-adapter")
    if len(below) != 1:
        return None
    result.warn(f"{below[0].name}/adapter_config.json", f"no model at the top of the run: read the adapter saved in "
                f"{below[0].name}/, the one sub-folder holding one", f"save the final model at the top if "
                f"{below[0].name}/ is not the run's", code="adapter-in-subfolder")
    return below[0]
