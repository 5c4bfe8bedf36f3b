"""The transformers release a PEFT adapter loads under, where its base's module names differ between 4.x and 5.x.

transformers 5 renamed the layers of some models (ViT's attention ``query`` / ``key`` / ``value`` became ``q_proj`` /
``k_proj`` / ``v_proj``, its ``dense`` layers ``o_proj`` / ``fc1`` / ``fc2``). It converts a full checkpoint's weights
on load, but PEFT 0.21 finds its adapter's target modules by name and converts only the MoE layers of Mixtral-like
models: a LoRA of a ViT trained under 4.x raises NoMatchingPeftModuleError under 5.x (PeftModel.from_pretrained and
transformers' load_adapter alike; given the new names by hand it loads none of its weights), and one trained under 5.x
finds no ``q_proj`` under 4.x. The module names the adapter names (its adapter_config.json's target_modules, its saved
weights' keys) say which release it was made with, and so which one runs its Quick start (``TRANSFORMERS``, in
model.details: ``<5`` or ``>=5``), which then opens with that install line. So does a Quick start loading a base
model stored quantized by bitsandbytes (QUANTIZED_BASE), which transformers loads only with that package installed.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

# The label of model.details holding the transformers release a PEFT adapter loads under, as pip's version specifier
# (RELEASES), where its base's module names differ between 4.x and 5.x
TRANSFORMERS = "Loads with transformers"
RELEASES = ("<5", ">=5")

_VIT = (("dense", "key", "query", "value"), ("fc1", "fc2", "k_proj", "o_proj", "q_proj", "v_proj"))
_DINOV2 = (("dense", "key", "query", "value", "weights_in", "weights_out"),
           ("down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"))
# model type (the module of transformers.models its auto_mapping names) -> (the names of its Linear layers that only
# 4.x has, the names that only 5.x has), from each release's tiny model of the type (4.57.6 against 5.25.0); ``dense``
# is 4.x's where 5.x kept one (ViT's pooler) of the many it renamed
RENAMED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "vit": _VIT, "deit": _VIT, "beit": _VIT, "vit_msn": _VIT, "vit_mae": _VIT, "ijepa": _VIT, "vivit": _VIT,
    "swin": _VIT, "audio_spectrogram_transformer": _VIT, "dinov2": _DINOV2, "dinov2_with_registers": _DINOV2,
    "segformer": (("dense", "dense1", "dense2", "key", "query", "value"), _VIT[1]),
    "mask2former": (("dense", "key", "query", "value"), ("o_proj",)),
    "detr": (("out_proj",), ("o_proj",)), "rt_detr": (("out_proj",), ("o_proj",)),
    "conditional_detr": (("ca_kcontent_proj", "ca_kpos_proj", "ca_qcontent_proj", "ca_qpos_proj", "ca_qpos_sine_proj",
                          "ca_v_proj", "out_proj", "sa_kcontent_proj", "sa_kpos_proj", "sa_qcontent_proj",
                          "sa_qpos_proj", "sa_v_proj"),
                         ("k_content_proj", "k_pos_proj", "o_proj", "q_content_proj", "q_pos_proj", "q_pos_sine_proj")),
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A base model stored quantized by bitsandbytes, as its id says (Unsloth's copies: unsloth/llama-3.2-1b-instruct-
# unsloth-bnb-4bit, unsloth/mistral-7b-bnb-4bit): its config holds a bitsandbytes quantization_config, and
# from_pretrained raises ImportError without that package (10 of 61 real adapter runs of sessions 46-48)
QUANTIZED_BASE = re.compile(r"(?i)(?:^|[-_/])bnb[-_]?[48]bit(?:$|[-_])")
# The parts of a saved adapter weight's key that follow the name of the module it adapts (PEFT's LoRA, DoRA, IA3,
# LoHa, LoKr, OFT, BOFT, VeRA weights): ``...attention.attention.query.lora_A.weight``
_ADAPTER_PARTS = ("lora_", "ia3_", "hada_", "lokr_", "oft_", "boft_", "vera_")


def adapter_release(model_type: Optional[str], target_modules: Any, weight_keys: Iterable[str] = ()) -> Optional[str]:
    """The release (RELEASES) an adapter of a ``model_type`` base loads under, from the module names its
    target_modules (a list, or a regex: the names it spells) and its saved weights' keys (the modules they adapt)
    hold; None when they name none that differ, or name both releases' (a guess either way)."""
    renamed = RENAMED.get(str(model_type))
    if not renamed:
        return None
    targets = target_modules if isinstance(target_modules, list) else [target_modules]
    names = {word for target in targets if isinstance(target, str) for word in _NAME.findall(target)}
    for key in weight_keys:
        parts = key.split(".")
        names.update(parts[i - 1] for i in range(1, len(parts)) if parts[i].startswith(_ADAPTER_PARTS))
    old, new = bool(names & set(renamed[0])), bool(names & set(renamed[1]))
    return RELEASES[0] if old and not new else RELEASES[1] if new and not old else None


def pinned(section: str, release: Any, bases: Iterable[str] = ()) -> str:
    """A Quick start (``section``) opening with the install line it needs beyond transformers, and why: the
    transformers ``release`` its adapter loads under (model.details' TRANSFORMERS), bitsandbytes for a base of
    ``bases`` stored quantized by it (QUANTIZED_BASE) that the code loads; ``section`` as it is for neither, or for
    one of no Python code."""
    if "```python" not in section:
        return section
    release = release if release in RELEASES else None
    quantized = next((base for base in bases if QUANTIZED_BASE.search(base) and f'"{base}"' in section), None)
    if release is None and quantized is None:
        return section
    why = []
    if release == "<5":
        why.append("This adapter names its base model's layers as transformers 4 does: transformers 5 renamed them, "
                   "and PEFT finds none of them to load it onto there. Install a 4.x release")
    elif release == ">=5":
        why.append("This adapter names its base model's layers as transformers 5 does: transformers 4 names them "
                   "otherwise, and PEFT finds none of them to load it onto there. Install transformers 5 or later")
    if quantized is not None:
        why.append(f"{'Its' if why else 'The'} base model, {quantized}, is stored quantized by bitsandbytes (as its "
                   "name says), which transformers loads only with that package installed")
    packages = " ".join([f'"transformers{release}"'] * bool(release) + ["peft"] + ["bitsandbytes"] * bool(quantized))
    return f"{'. '.join(why)}:\n\n```bash\npip install {packages}\n```\n\n{section}"
