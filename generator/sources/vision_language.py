"""Whether a model is a vision-language one where its files say text-generation: its base's Hub id (a family
transformers loads with AutoModelForImageTextToText), a processor with an image processor saved beside an adapter,
or an adapter's target modules or saved weights naming a vision tower."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.card.usage import PROCESSOR, TASK_TYPE, trl_generative
from generator.errors import GeneratorError
from generator.sources.adapter_weights import saved_shapes
from generator.sources.common import read_json_object

# Hub models of the vision-language families whose config.json's model_type transformers' auto classes map to
# AutoModelForImageTextToText (MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES, models/auto/modeling_auto.py, 4.45-5.x): the
# publishing organisation and the start of its models' names, as the Hub spells them (compared case-blind). Only
# families each of whose models is one: google's gemma-3-1b and -270m are gemma3_text (causal LMs), Qwen-VL-Chat
# (Qwen 1) runs remote code. unsloth's copies keep the original's name (unsloth/qwen2.5-vl-32b-instruct-bnb-4bit).
VISION_LANGUAGE_NAMES = {
    "llava-hf": ("llava-", "bakllava-", "video-llava-", "vip-llava-", "llama3-llava-next-"),  # llava, llava_next,
    # llava_onevision, llava_next_video, video_llava, vipllava
    "qwen": ("qwen2-vl-", "qwen2.5-vl-", "qwen3-vl-", "qvq-"),  # qwen2_vl (QVQ too), qwen2_5_vl, qwen3_vl(_moe)
    "huggingfacem4": ("idefics-9b", "idefics-80b", "idefics2-", "idefics3-"),  # idefics, idefics2, idefics3
    "huggingfacetb": ("smolvlm-", "smolvlm2-"),  # idefics3 (SmolVLM), smolvlm (SmolVLM2)
    "google": ("paligemma-", "paligemma2-", "gemma-3-4b-", "gemma-3-12b-", "gemma-3-27b-", "gemma-3n-"),  # paligemma,
    # gemma3, gemma3n; meta-llama's: mllama, llama4
    "meta-llama": ("llama-3.2-11b-vision", "llama-3.2-90b-vision", "llama-4-scout-", "llama-4-maverick-"),
    "mistralai": ("mistral-small-3.1-24b-", "mistral-small-3.2-24b-"),  # mistral3
    "nvidia": ("cosmos-reason1-", "cosmos-reason2-"),  # qwen2_5_vl (Cosmos-Reason1-7B), qwen3_vl (Cosmos-Reason2)
}
_MIRRORS = ("unsloth",)


def vision_language_base(base: Any) -> bool:
    """Whether the Hub id ``base`` names a model of a vision-language family (VISION_LANGUAGE_NAMES), or unsloth's
    copy of one."""
    if not isinstance(base, str) or base.count("/") != 1:
        return False
    org, name = (part.casefold() for part in base.split("/"))
    starts = [p for ps in VISION_LANGUAGE_NAMES.values() for p in ps] if org in _MIRRORS else \
        VISION_LANGUAGE_NAMES.get(org, ())
    return name.startswith(tuple(starts))


def vision_language_of_base(model: dict[str, Any]) -> Optional[str]:
    """Make image-text-to-text the records' ``model`` of a transformers model or PEFT adapter said to be
    text-generation (TRL's, PEFT's and the Trainer's cards say it of every model that generates, an adapter of
    llava-hf/llava-1.5-7b-hf too; TRL's card of a full model by its tags, card.usage.trl_generative) whose base is a
    vision-language model (vision_language_base), where no file read names its architecture, as the base's config.json
    makes it; an adapter is run with its base's processor (none is known saved with it). AutoModelForCausalLM, which
    the text-generation Quick start loads the base with, loads no llava or qwen2_vl. The base if so made, else None."""
    details = model.get("details", {})
    base = model.get("base_model")
    said = model.get("pipeline_tag") == "text-generation" or trl_generative(model.get("pipeline_tag"), model.get("tags") or [])
    if not said or model.get("library_name") not in ("peft", "transformers") or "Architecture" in details \
            or details.get(TASK_TYPE) not in (None, "CAUSAL_LM") or not vision_language_base(base):
        return None
    model["pipeline_tag"] = "image-text-to-text"
    if model.get("library_name") == "peft" or model.get("base_model_relation") == "adapter":
        model.setdefault("details", {}).setdefault(PROCESSOR, base)
    return str(base)


def image_processor_saved(folder: Path) -> bool:
    """Whether ``folder`` holds a saved processor with an image processor, which says the model is a vision-language
    one where an adapter's CAUSAL_LM does not: TRL's SFT of Qwen3-VL saves its processor beside the adapter
    (processor_config.json holding the image processor, transformers 4.57+: JapanMarketing-Dev/pdfme-fineturning),
    preprocessor_config.json with its image_processor_type before."""
    for name, key in (("processor_config.json", "image_processor"), ("preprocessor_config.json", "image_processor_type")):
        if (folder / name).is_file():
            try:
                if read_json_object(folder / name).get(key):
                    return True
            except GeneratorError:  # not the processor's file: it says nothing
                continue
    return False


# The modules of a vision-language model's vision side as transformers names them (Qwen2/2.5/3-VL's ``visual``; LLaVA's,
# Gemma 3's, PaliGemma's, Mistral 3's ``vision_tower`` and ``multi_modal_projector``; Mllama's, Idefics'/SmolVLM's
# ``vision_model``): an adapter's target_modules or modules_to_save naming one, even to leave it out
# (LLaMA-Factory's ``^(?!.*visual).*(?:q_proj|...).*``), or its saved weights' names holding one, is of such a model.
# ``qkv`` too: every transformers model with a fused ``qkv`` Linear has it in a vision or image tower (Qwen2/2.5/3-VL's
# visual blocks, BLIP-2's, GLM-4V's, SAM's; text models fuse it as qkv_proj, query_key_value, Wqkv, c_attn), so a causal
# LM's adapter targeting it targets its vision tower (sciVQA_v14: Qwen/Qwen2.5-VL-7B-Instruct, [..., "qkv", "proj"]).
_VISION_MODULES = re.compile(r"(?<![A-Za-z0-9_])(?:visual|vision_tower|vision_model|multi_modal_projector|mm_projector|"
                             r"qkv)(?![A-Za-z0-9_])")


def vision_modules(config: dict[str, Any]) -> bool:
    """Whether an adapter_config.json's target_modules or modules_to_save name a vision-language model's vision
    modules (:data:`_VISION_MODULES`)."""
    names: list[Any] = []
    for key in ("target_modules", "modules_to_save"):
        value = config.get(key)
        names.extend(value if isinstance(value, list) else [value])
    return any(isinstance(name, str) and _VISION_MODULES.search(name) for name in names)


def vision_weights(folder: Path) -> bool:
    """Whether the adapter's saved weights are named after a vision-language model's vision modules
    (:data:`_VISION_MODULES`): PEFT names each by its module's path in the model, so a LoRA whose target_modules
    (q_proj, v_proj, ...) a vision tower's layers match too saves base_model.model.model.vision_model.encoder... beside
    the language model's."""
    return any(_VISION_MODULES.search(key) for key in saved_shapes(folder) or {})
