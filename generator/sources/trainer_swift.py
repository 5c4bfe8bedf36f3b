"""ms-swift's args.json: every argument of a ``swift sft`` / ``swift rlhf`` run (its TrainArguments / RLHFArguments
``__dict__``, written by swift.arguments.BaseArguments.save_args at the top of the output folder and into each
checkpoint-N), read as the run's JSON dump of its training arguments, less what is swift's own: its version, the model
it was asked to train (``model``: a Hub id only with ``use_hf``, else ModelScope's id) and its inference arguments."""

from __future__ import annotations

from typing import Any, Mapping

from generator.sources.common import Ingested
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
    elif asked and "base_model" not in result.data.get("model", {}):  # (not when the README names the base)
        result.warn(f"{name}: $.model", f"names {asked!r}, the model swift downloaded from ModelScope (use_hf is "
                    "not true), whose ids are its own: not used as the Hub's base model",
                    f"set model.base_model in your records to the Hub id of the model trained from (often {asked})",
                    code="not-a-hub-id")
    return {key: value for key, value in dumped.items() if key not in skipped}
