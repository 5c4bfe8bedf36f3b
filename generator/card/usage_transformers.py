"""The transformers release a PEFT adapter loads under, where its base's module names differ between 4.x and 5.x.

transformers 5 renamed the layers of some models (ViT's attention ``query`` / ``key`` / ``value`` became ``q_proj`` /
``k_proj`` / ``v_proj``, its ``dense`` layers ``o_proj`` / ``fc1`` / ``fc2``). It converts a full checkpoint's weights
on load, but PEFT 0.21 finds its adapter's target modules by name and converts only the MoE layers of Mixtral-like
models: a LoRA of a ViT trained under 4.x raises NoMatchingPeftModuleError under 5.x (PeftModel.from_pretrained and
transformers' load_adapter alike; given the new names by hand it loads none of its weights), and one trained under 5.x
finds no ``q_proj`` under 4.x. The module names the adapter names (its adapter_config.json's target_modules, its saved
weights' keys) say which release it was made with, and so which one runs its Quick start (``TRANSFORMERS``, in
model.details: ``<5`` or ``>=5``), which then opens with that install line. So does a Quick start loading a model
stored quantized (QUANTIZERS: its config.json's quantization_config, or a base's name that says it), which transformers
loads only with its quantizer's packages installed; one whose tokenizer needs a package transformers does not install
(TOKENIZER_PACKAGES); one placing the model with ``device_map`` without peft, which transformers does only with
accelerate installed (:func:`pinned`).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from generator.card.usage_remote import REMOTE_PACKAGES

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
# The label of model.details holding the quant_method of the quantization_config of config.json (trainer_config): the
# model is stored quantized by it
QUANTIZATION = "Quantization"
# quant_method -> (its name in words, the packages transformers' quantizer for it needs beyond transformers and torch,
# whether it loads only on a GPU): the ImportError / RuntimeError of each quantizer's validate_environment and
# __init__ in transformers 5.25's quantizers/quantizer_*.py (gptq and awq load on a CPU through gptqmodel; fp8 and
# mxfp4 dequantize there; bitsandbytes' 4- and 8-bit on a CPU checked with a tiny Llama quantized by it)
QUANTIZERS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "bitsandbytes": ("bitsandbytes", ("bitsandbytes", "accelerate"), False),
    "gptq": ("GPTQ", ("optimum", "gptqmodel"), False),
    "awq": ("AWQ", ("gptqmodel", "accelerate"), False),
    "compressed-tensors": ("compressed-tensors", ("compressed-tensors",), False),
    "hqq": ("HQQ", ("hqq",), False),
    "torchao": ("torchao", ("torchao",), False),
    "quanto": ("optimum-quanto", ("optimum-quanto", "accelerate"), False),
    "aqlm": ("AQLM", ("aqlm[gpu,cpu]", "accelerate"), False),
    "auto-round": ("AutoRound", ("auto-round",), False),
    "fp8": ("FP8", ("accelerate",), False),
    "mxfp4": ("MXFP4", ("accelerate",), False),
    "bitnet": ("BitNet", ("accelerate",), False),
    "eetq": ("EETQ", ("kernels", "accelerate"), True),
    "fbgemm_fp8": ("FBGEMM FP8", ("fbgemm-gpu", "accelerate"), True),
    "vptq": ("VPTQ", ("vptq", "accelerate"), True),
    "spqr": ("SpQR", ("spqr_quant[gpu]", "accelerate"), True),
    "higgs": ("HIGGS", ("flute-kernel", "fast_hadamard_transform", "accelerate"), True),
    "fp_quant": ("FP-Quant", ("fp_quant",), True),
}
# quant_method -> the packages transformers 4.x's quantizer for it needs where 5.x's asks others (QUANTIZERS): AWQ's
# validate_environment in 4.40-4.57 raises ImportError without autoawq ("requires auto-awq library (`pip install
# autoawq`)"), 5.x's without gptqmodel (GPTQ's accepts gptqmodel from 4.49 on, as 5.x's does)
QUANTIZERS_4X: dict[str, tuple[str, ...]] = {"awq": ("autoawq", "accelerate")}
# A base model stored quantized, as its id says (its config.json, which the run does not hold, has the
# quantization_config): Unsloth's copies (unsloth/llama-3.2-1b-instruct-unsloth-bnb-4bit, unsloth/mistral-7b-bnb-4bit:
# 10 of 61 real adapter runs of sessions 46-48), TheBloke's and Qwen's GPTQ and AWQ ones
# (TheBloke/Mistral-7B-Instruct-v0.2-GPTQ, Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4, Qwen/Qwen2.5-7B-Instruct-AWQ)
NAMED_QUANTIZATION = (("bitsandbytes", re.compile(r"(?i)(?:^|[-_/])bnb[-_]?[48]bit(?:$|[-_])")),
                      ("gptq", re.compile(r"(?i)(?:^|[-_/])gptq(?:$|[-_])")),
                      ("awq", re.compile(r"(?i)(?:^|[-_/])awq(?:$|[-_])")))


# The label of model.details holding the class of the tokenizer a run saved (its tokenizer_config.json's
# tokenizer_class), which AutoTokenizer loads whatever the architecture, where it decides the package the tokenizer
# needs (tokenizer_package): NLLB's models are M2M100ForConditionalGeneration with a tokenizers-backed NllbTokenizer,
# SMALL-100's with M2M100Tokenizer, which needs sentencepiece
TOKENIZER_CLASS = "Tokenizer"
# The package each tokenizer class that needs one transformers does not install needs: transformers 5.25's
# ``@requires(backends=("sentencepiece",))`` classes (Python tokenizers, no tokenizers-backed one) and those importing
# sacremoses (a real Flaubert classifier's pipeline raised ImportError without it; MarianTokenizer only warns without
# it)
TOKENIZER_CLASS_PACKAGES = {
    **dict.fromkeys(("MarianTokenizer", "M2M100Tokenizer", "Speech2TextTokenizer", "SpeechT5Tokenizer",
                     "PLBartTokenizer", "BertGenerationTokenizer", "SiglipTokenizer", "BartphoTokenizer",
                     "GPTSw3Tokenizer", "CpmTokenizer"), "sentencepiece"),
    **dict.fromkeys(("FlaubertTokenizer", "XLMTokenizer", "FSMTTokenizer", "BioGptTokenizer"), "sacremoses"),
}
# config.json's architectures whose tokenizer, where no tokenizer_config.json names its class, is one of
# TOKENIZER_CLASS_PACKAGES': the one class transformers 5.25's AutoTokenizer maps their model type to. (M2M100 is left
# out: NLLB's models have that architecture and a tokenizers-backed tokenizer; only the saved tokenizer_class tells.)
TOKENIZER_PACKAGES = ((re.compile(r"(?:Marian|Speech2Text|SpeechT5|PLBart|BertGeneration)"
                                  r"(?:MTModel|Model|For\w+|Encoder|Decoder)|SiglipModel"), "sentencepiece"),
                      (re.compile(r"(?:Flaubert|XLM|FSMT|BioGpt)(?:Model|With\w+|For\w+)"), "sacremoses"))


# The packages transformers' pipeline of a task reads its input with, which transformers does not install: the module,
# its pip requirement and what the pipeline does with it. (transformers 4.57's TAPAS tokenizer writes its numbers into
# the table's string columns, which pandas 3's arrow-backed strings refuse with TypeError; 5.x's runs with either)
TASK_PACKAGES = {"table-question-answering": ("pandas", '"pandas<3"', "reads the table with pandas (below 3: "
                                              "transformers 4's TAPAS tokenizer writes numbers into the table's "
                                              "columns of text, which pandas 3 refuses)"),
                 "video-classification": ("av", "av", "reads the video with PyAV")}


def task_package(section: str) -> Optional[tuple[str, str, str]]:
    """(task, pip requirement, what the pipeline does) of the TASK_PACKAGES pipeline ``section``'s code runs, or None."""
    return next(((task, *TASK_PACKAGES[task][1:]) for task in TASK_PACKAGES if f'pipeline("{task}"' in section), None)


def tokenizer_package(architecture: Any, tokenizer_class: Any = None) -> Optional[str]:
    """The package the tokenizer of a model of ``architecture`` (config.json's) needs beyond transformers, or None:
    its ``tokenizer_class`` (model.details' TOKENIZER_CLASS), where the run's tokenizer_config.json names one, decides."""
    if isinstance(tokenizer_class, str) and tokenizer_class:
        return TOKENIZER_CLASS_PACKAGES.get(tokenizer_class)
    return next((package for name, package in TOKENIZER_PACKAGES
                 if isinstance(architecture, str) and name.fullmatch(architecture)), None)


def decides_package(architecture: Any, tokenizer_class: Any) -> bool:
    """Whether a saved tokenizer's class is worth model.details' TOKENIZER_CLASS: it needs a package, or the
    architecture alone would say one it does not need."""
    return tokenizer_package(architecture, tokenizer_class) is not None or \
        tokenizer_package(architecture) is not None


def quant_method(quantization_config: Any) -> str:
    """The quant_method of config.json's ``quantization_config`` (model.details' QUANTIZATION), as transformers'
    AutoQuantizationConfig reads it: bitsandbytes for one of load_in_4bit / load_in_8bit (4.2x-4.3x wrote those without
    a quant_method); "yes" when it names none."""
    if not isinstance(quantization_config, dict):
        return "yes"
    if quantization_config.get("load_in_4bit") is True or quantization_config.get("load_in_8bit") is True:
        return "bitsandbytes"
    return str(quantization_config.get("quant_method", "yes"))


# pinned's ``own``: a model's repo id, its quant_method, architecture, tokenizer class, the packages its own code
# imports (model.details' REMOTE_PACKAGES) and its timm backbone (TIMM_BACKBONE), each None when unknown
Own = tuple[str, Any, Any, Any, Any, Any]
# The label of model.details naming the timm model a model's backbone is (config.json's backbone, with
# use_timm_backbone true or a timm_backbone backbone_config: DETR, Conditional and Deformable DETR, Table Transformer
# fine-tunes of facebook/detr-resnet-50 and its kin, as transformers' object detection guide makes them), which
# transformers builds only with timm installed (TimmBackbone's requires_backends, 4.x's DetrConvEncoder's too)
TIMM_BACKBONE = "Backbone (timm)"


def timm_backbone(config: dict[str, Any]) -> Optional[str]:
    """The timm model config.json's backbone is, or None: its ``backbone`` with ``use_timm_backbone`` true and no
    backbone_config (4.x's), or a backbone_config of model_type timm_backbone (5.x's)."""
    named = config.get("backbone_config")
    if isinstance(named, dict) and named.get("model_type") == "timm_backbone" and isinstance(named.get("backbone"), str):
        return str(named["backbone"])
    backbone = config.get("backbone")
    if config.get("use_timm_backbone") is True and named is None and isinstance(backbone, str) and backbone:
        return backbone
    return None


def named_quantization(model_id: str) -> Optional[str]:
    """The quant_method (QUANTIZERS) a model's id says it is stored quantized by, or None."""
    return next((method for method, name in NAMED_QUANTIZATION if name.search(model_id)), None)


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


def pinned(section: str, release: Any, bases: Iterable[str] = (), own: Optional[Own] = None) -> str:
    """A Quick start (``section``) opening with the install line it needs beyond transformers, and why: the
    transformers ``release`` its adapter loads under (model.details' TRANSFORMERS), the packages of the quantizer of a
    model the code loads that is stored quantized: one of ``bases`` whose name says so (named_quantization), or the
    model itself, ``own`` (its repo id, model.details' QUANTIZATION, Architecture and TOKENIZER_CLASS); the package
    its tokenizer needs (tokenizer_package); accelerate, for code that places a model with ``device_map`` and installs
    no peft (which requires it): transformers raises ValueError for it without accelerate, which it does not install.
    ``section`` as it is for none of these, or for one of no Python code."""
    if "```python" not in section:
        return section
    release = release if release in RELEASES else None
    own = own if own and f'"{own[0]}"' in section else None  # (the code loads it)
    quantized = _quantized(section, bases, own)
    architecture, tokenizer_class = (own[2], own[3]) if own else (None, None)
    tokenizer = tokenizer_package(architecture, tokenizer_class)
    # (a release is an adapter's; transformers' load_adapter needs peft; peft requires accelerate)
    peft = bool(release) or "from peft import" in section or ".load_adapter(" in section
    placed = "device_map=" in section and not peft
    loader = ".load_adapter(" in section and not release  # (PEFT, which no import of the code names)
    reader = task_package(section)
    if release is None and quantized is None and tokenizer is None and not placed and not (own and (own[4] or own[5])) \
            and not loader and reader is None:
        return section
    why = []
    if release == "<5":
        why.append("This adapter names its base model's layers as transformers 4 does: transformers 5 renamed them, "
                   "and PEFT finds none of them to load it onto there. Install a 4.x release")
    elif release == ">=5":
        why.append("This adapter names its base model's layers as transformers 5 does: transformers 4 names them "
                   "otherwise, and PEFT finds none of them to load it onto there. Install transformers 5 or later")
    if loader:
        why.append("The code below loads the adapter through transformers' load_adapter, which needs peft, which "
                   "transformers does not install")
    needed: list[str] = ["peft"] * peft
    if quantized is not None:
        name, method, said = quantized
        words, packages, gpu = QUANTIZERS[method]
        older = QUANTIZERS_4X.get(method)  # (the release its quantizer asks for packages by)
        packages = older if older and release == "<5" else packages
        whose = "This model" if own and name == own[0] else f"{'Its' if why else 'The'} base model, {name},"
        added = [package for package in packages if not (peft and package == "accelerate")]  # (peft requires it)
        listed = "that package" if added == [words] else _and(added)
        loads = "transformers 4" if older and release == "<5" else "transformers 5" if older else "transformers"
        other = f" (transformers 4 with {older[0]} in place of {packages[0]})" if older and release != "<5" else ""
        why.append(f"{whose} is stored quantized by {words} (as its {said} says), which {loads} loads only with "
                   f"{listed} installed{other}{', and only on a GPU' if gpu else ''}")
        needed += added
    if tokenizer is not None:
        whose = "Its" if why else "This model's"
        loaded = f"{tokenizer_class} (as its tokenizer_config.json says)" if isinstance(tokenizer_class, str) and \
            tokenizer_class else f"as transformers loads it for a {architecture}"
        why.append(f"{whose} tokenizer, {loaded}, needs {tokenizer}, which transformers does not install")
        needed.append(tokenizer)
    imported = [p for p in str(own[4]).split(", ") if p and p not in needed] if own and own[4] else []
    if imported:
        whose = "Its" if why else "This model's"
        why.append(f"{whose} own code imports {_and(imported)}, which transformers does not install")
        needed += imported
    if reader is not None:
        task, package, does = reader
        why.append(f"The {task} pipeline {does}, which transformers does not install")
        needed.append(package)
    if own and own[5] and "timm" not in needed:
        whose = "Its" if why else "This model's"
        why.append(f"{whose} backbone, {own[5]}, is a timm model, which transformers builds only with timm installed")
        needed.append("timm")
    if placed and "accelerate" not in needed:
        why.append("The code below places the model with device_map=\"auto\", which transformers does only with "
                   "accelerate installed")
        needed.append("accelerate")
    line = " ".join([f'"transformers{release}"'] * bool(release) + needed)
    return f"{'. '.join(why)}:\n\n```bash\npip install {line}\n```\n\n{section}"


def _and(names: list[str]) -> str:
    """``names`` as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(", ".join(names).rsplit(", ", 1))


def own_model(repo_id: str, library_name: Optional[str], relation: Optional[str],
              details: dict[str, Any]) -> Optional[Own]:
    """pinned's ``own``: a transformers model's repo id, the quantizer its config.json says it is stored quantized by
    (model.details' QUANTIZATION), its architecture and its saved tokenizer's class (TOKENIZER_CLASS); None for an
    adapter, whose config.json, where a run saved one, is its base's as trained (QLoRA quantizes a base as it loads
    it)."""
    return (repo_id, details.get(QUANTIZATION), details.get("Architecture"), details.get(TOKENIZER_CLASS),
            details.get(REMOTE_PACKAGES), details.get(TIMM_BACKBONE)) \
        if library_name == "transformers" and relation != "adapter" else None


def _quantized(section: str, bases: Iterable[str], own: Optional[Own]) -> Optional[tuple[str, str, str]]:
    """The model ``section``'s code loads that is stored quantized by a quantizer of QUANTIZERS: (its id, the
    quant_method, what says so): ``own`` (the model, when the code loads it) by its config.json's quantization_config,
    else by its name (solidrust's ...-AWQ repos, whose cards name the model they quantize as base_model), or one of
    ``bases`` by its name."""
    if own:
        if own[1] in QUANTIZERS:
            return own[0], own[1], "config.json's quantization_config"
        named = named_quantization(own[0]) if own[1] is None else None
        if named:
            return own[0], named, "name"
    for base in bases:
        method = named_quantization(base)
        if method and f'"{base}"' in section:
            return base, method, "name"
    return None
