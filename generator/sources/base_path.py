"""An adapter whose base only a local path names (a run's adapter_config.json, a trainer's or PEFT's card): what the
path is, and the warning that says so, whose words on the card's Quick start wait for the merged records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Problem
from generator.sources.common import Ingested

# ModelScope's cache keeps a model in <cache>/hub/models/<owner>/<name> (<cache>/hub/<owner>/<name> before 1.2x), its
# name's dots as ___ (modelscope.hub.utils.utils.get_model_masked_directory): ModelScope's model, whose id is its own.
_MODELSCOPE_CACHE = re.compile(r"(?:^|[/\\])modelscope[/\\]hub[/\\](?:models[/\\])?([^/\\]+)[/\\]([^/\\]+?)[/\\]*$")


def local_base(path: str) -> str:
    """What a local path a run's file names as its base model is, for the warning that it is no Hub id: a model in
    ModelScope's cache is named by its ModelScope id (/root/.cache/modelscope/hub/models/qwen/Qwen3-4B-Instruct-2507,
    Zhan-BHU/IELTS_ESSAY_GPT), which is not the Hub's (ModelScope's owners are its own: qwen, LLM-Research)."""
    found = _MODELSCOPE_CACHE.search(path)
    if found:
        return (f"{path!r} is ModelScope's cache of its model {found.group(1)}/{found.group(2).replace('___', '.')}, "
                "not a Hub id (ModelScope's ids are its own)")
    found = _KAGGLE_MODEL.search(path)
    if found:  # (SinghArindam/MediQueryBot's adapter card: /kaggle/input/gemma-3/transformers/gemma-3-1b-it/1)
        model = f"{found['owner']}/{found['model']}" if found["owner"] else found["model"]
        return (f"{path!r} is Kaggle Models' copy of its model {model} ({found['framework']} variation "
                f"{found['variation']}, version {found['version']}) in a Kaggle notebook, not a Hub id (Kaggle's "
                "model names are its own; the maker's Hub repo may hold the same weights under another name)")
    found = _MODELSCOPE_MASKED.search(path)
    if found:  # snapshot_download(cache_dir=...) elsewhere (DNFYII/Control-QA-System: /kaggle/input/.../Qwen2___5-...)
        return (f"{path!r} is a ModelScope download of its model {found.group(1)}/"
                f"{found.group(2).replace('___', '.')}, not a Hub id (ModelScope's ids are its own)")
    # A path ending in what reads as an id (/dev/shm/Qwen/Qwen3-14B, aa-n/Qwen3_Lora) is not named as one: such a copy
    # is as often ModelScope's (LTtt456c/InternLM_AdapterModel's .../Shanghai_AI_Laboratory/internlm-chat-7b)
    return f"{path!r} is a local path, not a Hub id"


# A Kaggle Models model as a notebook mounts it: /kaggle/input/<model>/<framework>/<variation>/<version> (its handle
# owner/model/framework/variation/version without the owner), /kaggle/input/models/<owner>/<model>/... in the layout
# that mounts datasets under /kaggle/input/datasets/<owner>/<name> (a README's "attach the Gemma model at
# /kaggle/input/models/google/gemma/transformers/2b-it/2"), a folder within it at times. Its Hub id is no rule of it:
# Kaggle's google/gemma/transformers/2b-it is the Hub's google/gemma-2b-it, metaresearch/llama-3's 8b-chat-hf the
# Hub's meta-llama/Meta-Llama-3-8B-Instruct
_KAGGLE_MODEL = re.compile(r"^/kaggle/input/(?:models/(?P<owner>[^/]+)/)?(?P<model>[^/]+)/(?P<framework>transformers|"
                           r"pytorch|keras|jax|flax|tensorflow2|tfjs|tflite|gguf|other)/(?P<variation>[^/]+)/"
                           r"(?P<version>\d+)(?:/[^/]+)*/*$")


# ModelScope's download into a cache_dir of one's own: <cache_dir>/<owner>/<name>, the name's dots written as ___
_MODELSCOPE_MASKED = re.compile(r"(?:^|[/\\])([^/\\]+)[/\\]([^/\\]*___[^/\\]*?)[/\\]*$")


BASE_FIX = "set model.base_model in your records to the Hub id of the model trained from"
NO_QUICK_START = ("; unless the records name the base's Hub id, the card has no Quick start, as PEFT would load the "
                  "base from that path")
QUICK_START_FIX = (" (the Quick start then loads the adapter onto it; in records `modelcard ingest` wrote, remove its "
                   "model.usage: false too)")
OWN_QUICK_START = ("; the card's own Quick start is kept as written and none is generated, though loading the adapter "
                   "loads the base from that path")


@dataclass(frozen=True)
class LocalBase(Problem):
    """A warning that the base an adapter loads onto is named by a local path alone, of a source whose own usage
    nothing said (unloadable_base): what that means for the card's Quick start only the merged records tell, and
    quick_start_said says it then."""


def local_base_warning(result: Ingested, path: str, message: str, quick: bool, fix: str = BASE_FIX) -> None:
    """Warn of ``result`` that a base its adapter loads onto is named by a local path alone (``message`` says where);
    ``quick``: no usage of the source's own read (unloadable_base), so the Quick start is said of after the merge."""
    result.warnings.append((LocalBase if quick else Problem)(result.source, path, message, fix, severity="warning",
                                                             code="not-a-hub-id"))


def quick_start_said(warnings: list[Problem], own: bool) -> list[Problem]:
    """The local-base warnings (LocalBase) worded for the card the merged records give: one that keeps its own Quick
    start (``own``, pipeline._quick_start_settled) says so; else none is generated until the records name the base."""
    return [Problem(w.file, w.path, w.message + (OWN_QUICK_START if own else NO_QUICK_START),
                    w.fix + ("" if own else QUICK_START_FIX), severity=w.severity, code=w.code)
            if isinstance(w, LocalBase) else w for w in warnings]


def unloadable_base(result: Ingested) -> bool:
    """Mark ``result`` as an adapter whose base is named by a local path alone (PEFT, the Quick start of an adapter
    with no base named, would load the base from there, which only the training machine has): no Quick start unless
    the records name the base, or a card of the run shows its own (decided once every source is merged:
    pipeline._ingest). Whether the warning says so: no usage of the card's own read yet."""
    quick = "usage" not in result.data.get("model", {})
    result.local_base = result.local_base or quick
    return quick
