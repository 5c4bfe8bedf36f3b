"""ms-swift's args.json: every argument of a ``swift sft`` / ``swift rlhf`` run (its TrainArguments / RLHFArguments
``__dict__``, written by swift.arguments.BaseArguments.save_args at the top of the output folder and into each
checkpoint-N), read as the run's JSON dump of its training arguments, less what is swift's own: its version, the model
it was asked to train (``model``: a Hub id only with ``use_hf``, else ModelScope's id) and its inference arguments."""

from __future__ import annotations

from typing import Any, Mapping

from generator.sources.common import Ingested, is_number
from generator.sources.trainer_model import file_version, model_id

# swift's generation arguments (swift.arguments.GenerationArguments), which every run's args.json holds: settings of
# the training only for a method that generates while it trains (GRPOConfig, GKDConfig, PPOConfig hold their own)
_GENERATION_KEYS = ("temperature", "max_new_tokens", "top_k", "top_p", "repetition_penalty", "num_beams")
_GENERATING = ("grpo", "gkd", "ppo")


def is_swift_args(dumped: Mapping[str, Any]) -> bool:
    """Whether a JSON dump of a run's arguments is ms-swift's args.json (it records the swift that wrote it)."""
    return isinstance(dumped.get("swift_version"), str)


def swift_args(dumped: Mapping[str, Any], result: Ingested, name: str) -> dict[str, Any]:
    """The training arguments of swift's args.json ``dumped`` (file ``name``), without its inference arguments
    unless the method generates; ms-swift's version into the framework versions, and the model the run was asked to
    train as the base model when swift downloaded it from the Hub (``use_hf``). ModelScope's ids are its own
    (``LLM-Research/...``, ``qwen/...``), so one is named in a warning, not used (lgc-FINANCE/DeepClima-R1: the
    adapter's base is ModelScope's download path, args.json names deepseek-ai/DeepSeek-R1-0528-Qwen3-8B)."""
    file_version(result, "ms-swift", dumped["swift_version"], name, "swift_version")
    skipped = () if dumped.get("rlhf_type") in _GENERATING else _GENERATION_KEYS
    asked = model_id(dumped.get("model"))
    if asked and dumped.get("use_hf") is True:
        result.data.setdefault("model", {}).setdefault("base_model", asked)
    else:
        _modelscope_id(asked, f"{name}: $.model", "downloaded from ModelScope (use_hf is not true)", result)
    return {key: value for key, value in dumped.items() if key not in skipped}


def _modelscope_id(asked: Any, where: str, how: str, result: Ingested) -> None:
    """The model id swift was asked to train, ``how`` it got it, named in a warning: ModelScope's ids are its own
    (not when a README or config.json names the base model, where it tells nothing)."""
    if asked and "base_model" not in result.data.get("model", {}):
        result.warn(where, f"names {asked!r}, the model swift {how}, whose ids are its own: not used as the Hub's "
                    "base model", f"set model.base_model in your records to the Hub id of the model trained from "
                    f"(often {asked})", code="not-a-hub-id")


# ms-swift 1.x-2.x (swift.llm.sft) writes its SftArguments' __dict__ as sft_args.json at the top of the output folder,
# beside the Trainer's arguments as training_args.json (and into each checkpoint-N: swift.trainers.mixin
# _save_sft_args): no swift version; the model asked as model_id_or_path (ModelScope's id unless the USE_HF environment
# variable was set, which it does not record); the batch sizes as batch_size and eval_batch_size (per_device_*_batch_size
# left None unless given), the LoRA dropout as lora_dropout_p before 2.0; swift's inference arguments and do_sample.
SWIFT2_ARGS = "sft_args.json"
_SWIFT2_NAMES = (("batch_size", "per_device_train_batch_size"), ("eval_batch_size", "per_device_eval_batch_size"),
                 ("lora_dropout_p", "lora_dropout"))


def swift2_args(dumped: Mapping[str, Any], result: Ingested, name: str = SWIFT2_ARGS) -> dict[str, Any]:
    """The training arguments of ms-swift 1.x-2.x's sft_args.json ``dumped`` under the Trainer's names, without its
    inference arguments (a Trainer's own dump of the arguments, training_args.json, wins over them where both are)."""
    _modelscope_id(model_id(dumped.get("model_id_or_path")), f"{name}: $.model_id_or_path",
                   "was asked for (from ModelScope unless USE_HF was set, which swift 2.x does not record)", result)
    args = {key: value for key, value in dumped.items() if key not in _GENERATION_KEYS and key != "do_sample"}
    for old, new in _SWIFT2_NAMES:
        value = args.pop(old, None)
        if args.get(new) is None and value is not None:
            args[new] = value
    _swift2_lora(args, result)
    _swift2_datasets(dumped.get("dataset"), name, result)
    return args


def _swift2_lora(args: Mapping[str, Any], result: Ingested) -> None:
    """swift 2.x's LoRA settings (``sft_type: lora``; lora_rank, lora_alpha, lora_dropout(_p), lora_target_modules)
    as the adapter's hyperparameters, which adapter_config.json, read after, overrides where the folder has one."""
    if str(args.get("sft_type", "")).lower() != "lora":
        return
    hyper = result.data.setdefault("training", {}).setdefault("hyperparameters", {})
    hyper["peft_type"] = "LORA"
    for key, shown in (("lora_rank", "lora_r"), ("lora_alpha", "lora_alpha"), ("lora_dropout", "lora_dropout")):
        if is_number(args.get(key)):
            hyper[shown] = args[key]
    modules = args.get("lora_target_modules")
    if isinstance(modules, list) and modules and all(isinstance(m, str) for m in modules):
        hyper["lora_target_modules"] = ", ".join(sorted(modules))
    tags = result.data.setdefault("model", {}).setdefault("tags", [])
    tags.extend([] if "lora" in tags else ["lora"])


def _swift2_datasets(names: Any, file: str, result: Ingested) -> None:
    """swift 2.x's ``dataset``: names of its dataset registry (``jd-sentiment-zh``) or ModelScope ids (with a
    ``#N`` sample count), none of them a Hub dataset id: named in a warning for the author to give the Hub ids."""
    named = [n for n in (names if isinstance(names, list) else [names]) if isinstance(n, str) and n.strip()]
    if named:
        shown = ", ".join(repr(n) for n in named)
        result.warn(f"{file}: $.dataset", f"names {shown}, of swift's dataset registry or ModelScope, whose names are "
                    "its own: not used as the Hub's datasets", "set model.datasets in your records to the Hub ids of "
                    "the data the model was trained on", code="not-a-hub-id")
