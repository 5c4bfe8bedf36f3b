"""What the merged records' Quick start needs that no one source could decide: whether a run saved without a
tokenizer chats and whose tokenizer it loads, why a classifier or feature-extraction adapter gets none, TRL's
text-generation Quick start of a model found to be a vision-language one (pipeline._ingest calls these once every
source is merged)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from generator.card.usage import LABELS, PROCESSOR, SEQ2SEQ_TAGS, TASK_TYPE, TOKENIZER
from generator.card.usage_remote import REMOTE_CLASSES, REMOTE_CODE, REMOTE_PACKAGES, SHADOWING_TAGS, own_code
from generator.card.usage_sentence import LIBRARIES as SENTENCE_LIBRARIES
from generator.card.usage_tasks import PREPROCESSED, UNKNOWN_HEAD, UNKNOWN_HEAD_FIX, head_task, unknown_head
from generator.errors import Problem
from generator.records.hubrules import REPO_ID
from generator.sources.common import Ingested
from generator.sources.merge import Part
from generator.sources.trainer_files import TOKENIZER_FILES
from generator.sources.trainer_sections import QUICK_START, without_fences


def trl_text_quick_start(data: dict[str, Any], parts: list[Part]) -> bool:
    """Whether TRL's Quick start, kept from its card (a "Quick start" section of its code alone, a text-generation
    pipeline: trl/templates/lm_model_card.md), was left out of merged records made image-text-to-text, where it cannot
    load the model, for the generated one (unless records set model.usage). A person's words in it keep it whole."""
    model = data.get("model", {})
    if "trl" not in (model.get("tags") or []) or model.get("usage") is not False or \
            any(part.hand_written and "usage" in part.data.get("model", {}) for part in parts):
        return False
    sections = data.get("sections") or []
    trl = [s for s in sections if s.get("title") == "Quick start" and not without_fences(str(s.get("content") or "")).strip()
           and (found := QUICK_START.search(str(s.get("content") or ""))) and found.group("task")]
    if len(trl) != 1:
        return False
    sections.remove(trl[0])
    del model["usage"]
    return True


# A base model's name that says it was tuned to chat (Llama-2-7b-chat-hf, Qwen2.5-7B-Instruct, gemma-2b-it,
# glm-4-9b-chat, TinyLlama-1.1B-Chat-v1.0): its tokenizer has a chat template
_CHAT_NAME = re.compile(r"(?:^|[-_.])(?:chat|instruct|it|sft|dpo|rlhf)(?=$|[-_.\d])", re.I)


def unsaved_tokenizer(data: dict[str, Any], runs: Iterable[Ingested]) -> None:
    """What the Quick start of a model whose run saved no tokenizer (a text model) or no image processor or feature
    extractor (a vision or audio model) needs, unless a source said it: the model it is loaded from (model.details'
    TOKENIZER, PROCESSOR), its one base model, as the repo will hold none (LaziestCactus/GPTLoRA's lora-model: a
    LoRA of gpt2 saved as adapter_config.json and its weights alone, whose Quick start loaded AutoTokenizer of the
    adapter's repo; a ViT fine-tune the Trainer saved without processing_class, whose pipeline looked for
    preprocessor_config.json in its own repo); and for a text-generation model ``chat_template``, whether the base's
    name says it chats. A plain prompt runs on any causal LM, a chat message only on a tokenizer with a template
    (apply_chat_template fails without one since transformers 4.44): SmalltalkCodeGen, a fine-tune of
    Salesforce/codegen-350M-mono saved without its tokenizer, completes code and has no template to chat with."""
    model = data.get("model")
    runs = list(runs)
    if not isinstance(model, dict) or model.get("library_name") in SENTENCE_LIBRARIES:
        return
    bases = model.get("base_model")
    names = [bases] if isinstance(bases, str) else [b for b in bases or [] if isinstance(b, str)]
    base = names[0] if len(names) == 1 and REPO_ID.match(names[0]) else None
    if model.get("pipeline_tag") in PREPROCESSED and _full_model(model) and base and \
            isinstance(model.setdefault("details", {}), dict) and \
            any(run.format == "trainer" and not _preprocessor_saved(Path(run.source)) for run in runs):
        model["details"].setdefault(PROCESSOR, base)
    if model.get("pipeline_tag") == "automatic-speech-recognition" and _full_model(model) and base and not _ctc(model) \
            and any(run.no_tokenizer for run in runs) and isinstance(model.setdefault("details", {}), dict):
        model["details"].setdefault(TOKENIZER, base)  # Whisper's, whose base's tokenizer writes its tokens' text
    if not any(run.no_tokenizer for run in runs) or model.get("pipeline_tag") not in _TEXT_TAGS:
        return
    if base and isinstance(model.setdefault("details", {}), dict):
        model["details"].setdefault(TOKENIZER, base)
    if model.get("pipeline_tag") in (None, "text-generation") and "chat_template" not in model:
        model["chat_template"] = any(_CHAT_NAME.search(name.rsplit("/", 1)[-1]) for name in names)


def _full_model(model: dict[str, Any]) -> bool:
    """Whether the merged records are a transformers model's, not an adapter's: the model the repo's own files load."""
    return model.get("library_name") == "transformers" and model.get("base_model_relation") != "adapter"


def _ctc(model: dict[str, Any]) -> bool:
    """Whether config.json's architecture (model.details') is a CTC speech recognizer (Wav2Vec2ForCTC, HubertForCTC):
    its output layer spells the characters of a vocabulary its run built (vocab.json), which no base model has."""
    details = model.get("details")
    return isinstance(details, dict) and str(details.get("Architecture", "")).endswith("ForCTC")


# The files of an image processor or a feature extractor as transformers saves them (processor_config.json: a
# processor of 4.57+ holding its image processor)
_PREPROCESSOR_FILES = ("preprocessor_config.json", "processor_config.json")


def _preprocessor_saved(folder: Path) -> bool:
    """Whether the run folder ``folder`` holds an image processor's or a feature extractor's file anywhere in it
    (a checkpoint's too, as with a tokenizer), or saved no model (config.json) to say it saved none beside."""
    return not folder.is_dir() or not next(folder.rglob("config.json"), None) or \
        any(next(folder.rglob(name), None) for name in _PREPROCESSOR_FILES)


# The pipeline tags of text models, whose Quick start loads a tokenizer (None: TRL's card of a generative run)
_TEXT_TAGS = (None, "text-generation", *SEQ2SEQ_TAGS, "text-classification", "token-classification", "fill-mask",
              "question-answering", "zero-shot-classification", "feature-extraction")


# Why a feature-extraction adapter gets no Quick start (no_quick_start_warnings)
FEATURE_ADAPTER = ("a FEATURE_EXTRACTION adapter: the card has no Quick start, as no file of the run says how its base "
                   "makes a text's embedding from its token states (the pooling a sentence-transformers model's "
                   "modules.json sets, or the base's own code, which needs trust_remote_code=True: NovaSearch/"
                   "stella_en_400M_v5's), and its token states alone are not that embedding")
FEATURE_ADAPTER_FIX = ("write how to run it in your records' model.usage: PEFT's PeftModel.from_pretrained onto the "
                       "base, loaded as the embedding model it is")


# Why a CTC speech recognizer whose run saved no tokenizer gets no Quick start (no_quick_start_warnings)
CTC_VOCABULARY = ("a {} whose run saved no tokenizer (no vocab.json, tokenizer_config.json or tokenizer.json): the "
                  "card has no Quick start, as the speech recognition pipeline needs the tokenizer that turns its CTC "
                  "outputs into characters, built from the run's own vocabulary, which its base model does not have")
CTC_VOCABULARY_FIX = ("save the run's processor beside the model (processor.save_pretrained(output_dir): vocab.json, "
                      "tokenizer_config.json) and commit it, or write how to run it in your records' model.usage")


def _ctc_tokenizer_saved(folders: Sequence[Path]) -> bool:
    """Whether a run folder holds a CTC tokenizer's files anywhere in it (Wav2Vec2CTCTokenizer loads vocab.json alone)."""
    return any(next(folder.rglob(name), None) for folder in folders for name in ("vocab.json", *TOKENIZER_FILES))


def no_quick_start_warnings(data: dict[str, Any], run_dirs: Sequence[Path]) -> list[Problem]:
    """Why a run's model gets no Quick start: a classifier adapter whose saved head's size is unknown, a
    feature-extraction adapter (akseljoonas/biotech-news-sentiment's LoRA of NovaSearch/stella_en_400M_v5), a CTC
    speech recognizer saved without its tokenizer (ihuseynov/SR_Project's Wav2Vec2ForCTC of
    facebook/wav2vec2-large-xlsr-53), whose model.usage it sets to false: its pipeline would fail."""
    model = data.get("model", {})
    details = model.get("details") if isinstance(model.get("details"), dict) else {}
    task = details.get(TASK_TYPE)
    if not run_dirs or "usage" in model:
        return []
    if model.get("pipeline_tag") == "automatic-speech-recognition" and _full_model(model) and _ctc(model) \
            and not _ctc_tokenizer_saved(run_dirs):
        model["usage"] = False
        return [Problem(str(run_dirs[0]), "", CTC_VOCABULARY.format(details["Architecture"]), CTC_VOCABULARY_FIX,
                        severity="warning", code="no-ctc-tokenizer")]
    if unknown_head(model, task, details.get(LABELS)):
        return [Problem(str(run_dirs[0]), "", UNKNOWN_HEAD.format(head_task(model.get("pipeline_tag"), task)), UNKNOWN_HEAD_FIX,
                        severity="warning", code="unknown-head-size")]
    if model.get("pipeline_tag") == "feature-extraction" and model.get("library_name") == "peft":
        return [Problem(str(run_dirs[0]), "", FEATURE_ADAPTER, FEATURE_ADAPTER_FIX, severity="warning",
                        code="feature-extraction-adapter")]
    return []


def remote_code(data: dict[str, Any], runs: Iterable[Ingested]) -> None:
    """The Auto class (model.details' REMOTE_CODE) that loads a text-generation model or a text classifier of its own
    code (config.json's architecture no class of transformers) from its repository's files: the first of
    REMOTE_CLASSES' for its pipeline tag that the run's config.json's auto_map names with a module the run saved beside
    it, or another repo's (Ingested.remote_autos, read with the config), once the merged records say the model is that
    architecture's and a full transformers model: ChatGLM-6B fine-tunes (AriesChen-UPC/GeoLLM: AutoModelForSeq2SeqLM ->
    modeling_chatglm.ChatGLMForConditionalGeneration), a classifier saved with the modeling_custom.py its script
    copies beside it (AutoModelForSequenceClassification); with the packages that code imports (REMOTE_PACKAGES:
    GeoLLM's tokenization_chatglm.py imports icetk); a classifier whose auto_map names its own class for
    transformers' class name (SHADOWING_TAGS: ShashankBommana/DNABERT-2's BertForSequenceClassification of
    zhihan1996/DNABERT-2-117M's bert_layers)."""
    model = data.get("model")
    details = model.get("details") if isinstance(model, dict) else None
    if not isinstance(model, dict) or not isinstance(details, dict) or REMOTE_CODE in details or \
            not (own_code(details.get("Architecture")) or model.get("pipeline_tag") in SHADOWING_TAGS) or \
            not _full_model(model) or model.get("pipeline_tag") not in REMOTE_CLASSES:
        return
    classes = REMOTE_CLASSES[model["pipeline_tag"]]
    found = next(((auto, run) for run in runs for auto in classes if auto in run.remote_autos), None)
    if found:
        details[REMOTE_CODE] = found[0]
        if found[1].remote_packages:
            details[REMOTE_PACKAGES] = ", ".join(found[1].remote_packages)
