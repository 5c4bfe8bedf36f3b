"""What a run's files say of its model: the Hub id of the model it was trained from (model_id: an id, a canonical
name, a path into huggingface_hub's cache; the base_model tags PEFT writes) and the pipeline its architecture gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional, Sequence

from generator.card.usage import LABELS, PROCESSOR, TASK_TYPE
from generator.card.usage_tasks import IMAGE_TO_TEXT, PREPROCESSED, SPEECH_LANGUAGE_MODELS, head_task
from generator.card.usage_transformers import TRANSFORMERS, adapter_release
from generator.resources import hub_list
from generator.sources.adapter_weights import head_labels, saved_shapes
from generator.sources.base_path import local_base, local_base_warning, unloadable_base
from generator.sources.common import Ingested, as_list, hub_id, local_path
from generator.sources.vision_language import image_processor_saved, vision_modules, vision_weights

# huggingface_hub's cache keeps a model's files in <cache>/models--<org>--<name>/snapshots/<commit>/ (its
# repo_folder_name; validate_repo_id refuses "--" in an id, so the folder's name is one id): a model loaded from such a
# path, or a subfolder of it (a diffusers pipeline's unet), is that Hub model at that commit.
_HUB_CACHE = re.compile(r"(?:^|[/\\])models--([^/\\]+)[/\\]snapshots[/\\][0-9a-f]{40}(?:[/\\]|$)")


def model_id(value: Any, folders: Sequence[Path] = (Path(),)) -> Optional[str]:
    """The Hub model id ``value`` names: ``org/name`` (not a local path), a canonical model without a namespace
    (``bert-base-uncased``, ``gpt2``: generator/data/hub_canonical_models.txt, the models the Hub moved into
    organisations in 2023 and still redirects), as the cards and configs of older runs name them, or a path into
    huggingface_hub's cache, which names the model it holds (``/root/.cache/huggingface/hub/models--deepseek-ai--
    deepseek-llm-7b-base/snapshots/<commit>``: PEFT's adapter_config.json and card of a base loaded by that path,
    Amber-slp/mias). None for any other value, and for a relative path that reads as an id but names a Hub page
    (``models/...``). ``folders``: where a path of that name makes it a local one (:func:`local_path`)."""
    if isinstance(value, str) and value in hub_list("canonical_models") and not local_path(value, folders):
        return value
    cached = _HUB_CACHE.search(value) if isinstance(value, str) else None
    if cached:
        return model_id(cached.group(1).replace("--", "/")) if cached.group(1).count("--") <= 1 else None
    found = hub_id(value, folders)
    return None if found and found.split("/")[0] in _NOT_NAMESPACES else found


# Folders a run's files name relative to where it ran (LLaMA-Factory's `models/Qwen2_5-3b-Instruct`,
# RoleInstructor/RoleInstructor), which no Hub account can be named: the Hub's own paths (huggingface.co/models,
# /datasets, /spaces).
_NOT_NAMESPACES = frozenset({"models", "datasets", "spaces"})


# The tag PEFT writes for an adapter's base (base_model:adapter:<base_model_name_or_path>), and the Hub's own for a
# model's base: base_model:<relation>:<id>, or base_model:<id> before relations.
_BASE_MODEL_TAG = re.compile(r"^base_model:(?:(adapter|finetune|merge|quantized):)?(.+)$")


def local_adapter_base(meta: dict[str, Any]) -> Optional[str]:
    """The local path a PEFT card's metadata (``meta``) names as the adapter's base when it names no Hub id: a
    ``base_model:adapter:`` tag (TRL's card of a LoRA of /root/...: ``base_model: ''``), or base_model itself in a
    card of library peft."""
    if model_id(meta.get("base_model")):
        return None
    found = [m for m in (_BASE_MODEL_TAG.match(t) for t in as_list(meta.get("tags")) if isinstance(t, str)) if m]
    if any(model_id(m.group(2)) for m in found):
        return None
    adapted = [m.group(2) for m in found if m.group(1) == "adapter"]
    named = meta.get("base_model")
    if adapted:
        return adapted[0]
    if isinstance(named, str) and named.strip() not in ("", "None") and meta.get("library_name") == "peft":
        return named
    return None


def base_model_tags(tags: list[str], named: Any, result: Ingested, where: str = "README.md",
                    quick: bool = False) -> list[str]:
    """The card's tags with a base_model tag naming its model by Hub id: PEFT tags the base by the path it was loaded
    from, a path into huggingface_hub's cache (named by the id it holds) or a local folder, which names no model on
    the Hub and would leak the training machine's path into the card (left out, saying so unless it is the card's
    base_model, ``named``: the run's files name that path, adapter_config.json in a not-a-hub-id warning; an imported
    card's base_model, left out with a warning of its own). ``where``: the warning's field path; ``quick``: the
    warning says the card gets no Quick start (unloadable_base)."""
    kept = []
    for tag in tags:
        match = _BASE_MODEL_TAG.match(tag)
        base = model_id(match.group(2)) if match else tag
        if base is None and match and match.group(2) != named:
            local_base_warning(result, where, f"tag {tag!r} of the trainer's card names a local path, not a Hub "
                               "model; left out", quick)
        elif match:
            tag = f"base_model:{match.group(1) + ':' if match.group(1) else ''}{base}"
        if base is not None and tag not in kept:
            kept.append(tag)
    return kept


# transformers' architecture suffixes -> the pipeline the Hub infers for them. A ...ForConditionalGeneration is a
# seq2seq text model (text2text-generation, which the Hub folded into text-generation in 2025), unless its model_type
# is a speech or vision-language one (_SPEECH_TYPES, _VISION_TEXT_TYPES); so is MarianMTModel, the one seq2seq LM
# named otherwise (Helsinki-NLP/opus-mt-*, which the translation chapter of the Hugging Face course fine-tunes).
SEQ2SEQ_SUFFIXES = ("ForConditionalGeneration", "MarianMTModel")
_PIPELINES = (("ForCausalLM", "text-generation"), ("LMHeadModel", "text-generation"),
              *((suffix, "text-generation") for suffix in SEQ2SEQ_SUFFIXES),
              ("ForSequenceClassification", "text-classification"),
              ("ForTokenClassification", "token-classification"), ("ForQuestionAnswering", "question-answering"),
              ("ForMaskedLM", "fill-mask"), ("ForMultipleChoice", "multiple-choice"),
              ("ForImageClassification", "image-classification"), ("ForAudioClassification", "audio-classification"),
              ("ForCTC", "automatic-speech-recognition"), ("ForSpeechSeq2Seq", "automatic-speech-recognition"),
              ("ForObjectDetection", "object-detection"), ("VisionEncoderDecoderModel", "image-to-text"),
              ("ForSemanticSegmentation", "image-segmentation"),  # SegFormer's, as nvidia/segformer-b0-* are
              ("ForUniversalSegmentation", "image-segmentation"), ("ForInstanceSegmentation", "image-segmentation"),
              ("ForImageClassificationWithTeacher", "image-classification"),  # DeiT's distilled classifiers
              ("ForVideoClassification", "video-classification"), ("ForTextToSpeech", "text-to-speech"),
              ("ForDepthEstimation", "depth-estimation"))
# Classes whose suffix says another task than theirs (each in transformers 5.25's mapping of its task, whose Hub
# pipeline the Hub's own cards tag it with: google/owlv2-base-patch16, google/tapas-base-finetuned-wtq,
# impira/layoutlm-document-qa, dandelin/vilt-b32-finetuned-vqa, facebook/musicgen-small) or none (facebook/sam-vit-base,
# facebook/mms-tts-eng, suno/bark-small, facebook/detr-resnet-50-panoptic): matched whole, before the suffixes
_NAMED_PIPELINES = {
    **dict.fromkeys(("OwlViTForObjectDetection", "Owlv2ForObjectDetection", "GroundingDinoForObjectDetection",
                     "MMGroundingDinoForObjectDetection", "OmDetTurboForObjectDetection"), "zero-shot-object-detection"),
    **dict.fromkeys(("LayoutLMForQuestionAnswering", "LayoutLMv2ForQuestionAnswering", "LayoutLMv3ForQuestionAnswering"),
                    "document-question-answering"),
    "TapasForQuestionAnswering": "table-question-answering", "ViltForQuestionAnswering": "visual-question-answering",
    # masked LMs (MODEL_FOR_MASKED_LM_MAPPING; flaubert/flaubert_base_cased, FacebookAI/xlm-mlm-en-2048)
    **dict.fromkeys(("FlaubertWithLMHeadModel", "XLMWithLMHeadModel"), "fill-mask"),
    **dict.fromkeys(("SamModel", "SamHQModel", "Sam2Model", "EdgeTamModel", "Sam3TrackerModel"), "mask-generation"),
    **dict.fromkeys(("VitsModel", "BarkModel", "FastSpeech2ConformerWithHifiGan", "CsmForConditionalGeneration"),
                    "text-to-speech"),
    **dict.fromkeys(("MusicgenForConditionalGeneration", "MusicgenMelodyForConditionalGeneration"), "text-to-audio"),
    "DetrForSegmentation": "image-segmentation", "SpeechT5ForSpeechToText": "automatic-speech-recognition",
    # audio language models (the Hub's tag of Qwen/Qwen2-Audio-7B-Instruct and mistralai/Voxtral-Small-24B-2507):
    # transformers' speech recognition pipeline took a Qwen2-Audio fine-tune for a CTC model (KeyError 'input_ids'),
    # its text-generation pipeline runs Voxtral on a text alone
    **dict.fromkeys(("Qwen2AudioForConditionalGeneration", "VoxtralForConditionalGeneration"), "audio-text-to-text"),
    # Qwen's omni models (the Hub's tag of Qwen/Qwen2.5-Omni-7B and Qwen/Qwen3-Omni-30B-A3B-Instruct) and the speech
    # generators of 2025 (nari-labs/Dia-1.6B's tag, microsoft/VibeVoice-1.5B's; the others in transformers 5.25's
    # text-to-audio mapping): their suffix made them text-generation, whose pipeline's AutoModelForCausalLM loads none
    # of them under transformers 5.25 (ValueError: Unrecognized configuration class)
    **dict.fromkeys(("Qwen2_5OmniForConditionalGeneration", "Qwen3OmniMoeForConditionalGeneration"), "any-to-any"),
    **dict.fromkeys(("DiaForConditionalGeneration", "VibeVoiceForConditionalGeneration",
                     "HiggsAudioV2ForConditionalGeneration", "PocketTTSForConditionalGeneration",
                     "GradiumPhononTTSForConditionalGeneration"), "text-to-speech"),
    # speech recognizers built on a language model, which had text-generation too (a card without a Quick start)
    **dict.fromkeys(SPEECH_LANGUAGE_MODELS, "automatic-speech-recognition")}
# The dual encoders of an image and a text (transformers' zero-shot-image-classification pipeline's models, whose
# class is their model type's base class): zero-shot-image-classification, as the Hub tags openai/clip-vit-base-patch32
# and google/siglip-base-patch16-224
_ZERO_SHOT_IMAGE = ("CLIPModel", "SiglipModel", "Siglip2Model", "AltCLIPModel", "ChineseCLIPModel", "AlignModel",
                    "BlipModel", "MetaClip2Model")
# (BLIP's and GIT's captioners are the Hub's image-to-text, as its own cards of Salesforce/blip-image-captioning-base and
# microsoft/git-base say; BLIP-2, InstructBLIP and the chat models take a prompt: image-text-to-text)
_IMAGE_TO_TEXT = {("BlipForConditionalGeneration", "blip"), ("GitForCausalLM", "git")}
# Two text models joined (EncoderDecoderModel.from_encoder_decoder_pretrained: bert2bert, bert2gpt2): a seq2seq LM, the
# class transformers' AutoModelForSeq2SeqLM maps "encoder-decoder" to (text2text-generation in its pipeline metadata);
# matched whole, as VisionEncoderDecoderModel and SpeechEncoderDecoderModel end the same
TEXT_ENCODER_DECODER = "EncoderDecoderModel"
# The audio classifiers transformers names ...ForSequenceClassification (AutoModelForAudioClassification's classes,
# 4.3x to 5.25): the Hub's audio-classification, as the audio course's fine-tune of a wav2vec 2.0 or HuBERT is
_AUDIO_CLASSIFIERS = tuple(f"{name}ForSequenceClassification" for name in (
    "Data2VecAudio", "Hubert", "SEW", "SEWD", "UniSpeech", "UniSpeechSat", "Wav2Vec2", "Wav2Vec2Bert", "Wav2Vec2Conformer",
    "WavLM"))
_SPEECH_TYPES = ("whisper", "speech_to_text", "speecht5", "seamless_m4t", "moonshine")
_VISION_TEXT_TYPES = ("llava", "idefics", "paligemma", "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "mllama", "gemma3",
                      "blip", "pix2struct", "florence", "smolvlm", "aya_vision", "mistral3", "internvl", "kosmos")


def architecture_pipeline(architecture: str, model_type: Any, vision: bool = False) -> Optional[str]:
    """The pipeline the Hub infers from config.json's first architecture (and model_type); ``vision``: the config has a
    vision_config, which makes a generating model of any model_type a vision-language one (Qwen3.5's qwen3_5, Gemma 3n's
    gemma3n, whose model types are in no list here)."""
    if (architecture, model_type) in _IMAGE_TO_TEXT:
        return "image-to-text"
    if architecture == TEXT_ENCODER_DECODER:
        return "text-generation"
    if architecture in _AUDIO_CLASSIFIERS:
        return "audio-classification"
    if architecture in _ZERO_SHOT_IMAGE:
        return "zero-shot-image-classification"
    if architecture in _NAMED_PIPELINES:
        return _NAMED_PIPELINES[architecture]
    tag = next((tag for suffix, tag in _PIPELINES if architecture.endswith(suffix)), None)
    if tag == "text-generation" and vision:
        return "image-text-to-text"
    if architecture.endswith("ForConditionalGeneration") and isinstance(model_type, str):
        if model_type.startswith(_SPEECH_TYPES):
            return "automatic-speech-recognition"
        if model_type.startswith(_VISION_TEXT_TYPES):
            return "image-text-to-text"
    return tag


# The Hub pipelines for what a seq2seq text model was trained to do, which its own card may name (index_task)
SEQ2SEQ_TASKS = ("summarization", "translation")
# The tasks transformers' Trainer card names in its model-index that are its model's head: TrainingSummary.from_trainer
# infers its task from the model's class when the script passes none (TASK_MAPPING: DistilBertForQuestionAnswering
# is question-answering), and the example scripts pass the one their model class serves (run_qa question-answering,
# run_glue text-classification, run_ner token-classification, run_mlm fill-mask, run_speech_recognition_ctc ...)
HEAD_TASKS = ("question-answering", "text-classification", "token-classification", "fill-mask",
              "automatic-speech-recognition", "audio-classification", "image-classification", "image-segmentation",
              "object-detection")
INDEX_TASKS = SEQ2SEQ_TASKS + HEAD_TASKS


def index_task_pipeline(task: Optional[str], result: Ingested) -> None:
    """The pipeline of ``task``, the one task the run's card names in its model-index, for the model.

    A seq2seq task (summarization, translation) when the run's files make it a seq2seq text model: config.json's
    ...ForConditionalGeneration of a text model_type, an adapter of SEQ_2_SEQ_LM, or no file naming a model at all (a
    Trainer card alone: the Trainer's task is of its model); else the folded text-generation stays: a causal LM
    evaluated on summarization is not a summarizer. A head's task (HEAD_TASKS: question answering, classification,
    speech recognition, ...) when no file names the model (a Trainer card of transformers 4.8-4.1x alone, whose
    model-index keeps the task: monologg/kobert's squad_kor_v1 run, question-answering): config.json's architecture
    or an adapter's task type, read before, says it where they are."""
    model = result.data.get("model", {})
    details = model.get("details", {})
    architecture = details.get("Architecture")
    if task in HEAD_TASKS:
        if "pipeline_tag" not in model and architecture is None and model.get("library_name") != "peft":
            model["pipeline_tag"] = task
        return
    if task is None or model.get("pipeline_tag") not in (None, "text-generation"):
        return
    if isinstance(architecture, str):
        seq2seq = (architecture.endswith(SEQ2SEQ_SUFFIXES) or architecture == TEXT_ENCODER_DECODER) and \
            model.get("pipeline_tag") == "text-generation"
    else:
        seq2seq = details.get(TASK_TYPE) == "SEQ_2_SEQ_LM" or "pipeline_tag" not in model and \
            model.get("library_name") != "peft"
    if seq2seq:
        model["pipeline_tag"] = task


def file_version(result: Ingested, framework: str, version: str, file: str, key: str) -> None:
    """``framework``'s ``version`` as the run's file ``file`` (its ``key``) records it. The README's "Framework
    versions" list, read first, is one environment's (the one that wrote the card): a version it names is kept, so
    the card's list is not one source's versions with another's (deadkali-hat/Sargent_Bit: README Transformers
    4.35.0.dev0, config.json 4.35.0, re-saved by a release); a file fills only a framework it does not name, and a
    disagreement is named in a warning."""
    versions = result.data.setdefault("training", {}).setdefault("framework_versions", {})
    listed = versions.setdefault(framework, version)
    if listed != version:
        result.warn(file, f"{key} is {version}, but the README's Framework versions list {framework} {listed}: the "
                    f"files were saved by different installs; the card lists the README's", "nothing to do if "
                    f"{file} was saved again after the card was written; else set training.framework_versions in "
                    "your records", code="conflicting-values")


# A tokenizer's own files as transformers saves them (tokenizer_config.json since 2.x; tokenizer.json with it)
_TOKENIZER_FILES = ("tokenizer_config.json", "tokenizer.json")


def image_to_text_processor(folder: Path, result: Ingested) -> None:
    """For an image-to-text model (config.json's architecture one of IMAGE_TO_TEXT), the model whose processor runs it
    when ``folder`` holds no whole one of its own, an image processor and a tokenizer: its base model's (model.details'
    PROCESSOR). The TrOCR tutorial hands the Trainer only the processor's image half (tokenizer=processor.
    feature_extractor): its run saves preprocessor_config.json and no tokenizer (armenkarakashian/TrOcr-Number-Line-
    Fraction-Recognition, on microsoft/trocr-large-stage1), and AutoProcessor of it would fail."""
    model = result.data.get("model", {})
    details = model.get("details", {})
    if model.get("pipeline_tag") != "image-to-text" or details.get("Architecture") not in IMAGE_TO_TEXT:
        return
    images = any((folder / name).is_file() for name in ("preprocessor_config.json", "processor_config.json"))
    if not (images and any((folder / name).is_file() for name in _TOKENIZER_FILES)) and model.get("base_model"):
        details.setdefault(PROCESSOR, model["base_model"])


ST_CONFIG = "config_sentence_transformers.json"
# PEFT's task_type -> the pipeline of the model the adapter makes (SEQ_2_SEQ_LM: the Hub folded text2text-generation
# into text-generation).
_ADAPTER_PIPELINES = {"CAUSAL_LM": "text-generation", "SEQ_2_SEQ_LM": "text-generation",
                      "SEQ_CLS": "text-classification", "TOKEN_CLS": "token-classification",
                      "QUESTION_ANS": "question-answering", "FEATURE_EXTRACTION": "feature-extraction"}


# The PEFT task types model.details keeps (TASK_TYPE): the ones that say which auto class loads the base
_KEPT_TASK_TYPES = ("SEQ_2_SEQ_LM", "SEQ_CLS", "TOKEN_CLS", "QUESTION_ANS")
# The module of a transformers model class: transformers.models.<model_type>.modeling_<model_type>
_TRANSFORMERS_MODULE = re.compile(r"transformers\.models\.(\w+)\.modeling_\w+$")


def base_class(config: dict[str, Any]) -> Optional[tuple[str, str]]:
    """The transformers class of the base model an adapter without a task type names, and its model type: PEFT saves
    a model it wraps without one (get_peft_model of a ViTForImageClassification or a WhisperForConditionalGeneration)
    with ``auto_mapping``, the base's class and module, which is the only file saying what the adapter does. A class
    of another library (diffusers' UNet2DConditionModel) gives none."""
    mapping = config.get("auto_mapping")
    if config.get("task_type") is not None or not isinstance(mapping, dict):
        return None
    name, module = mapping.get("base_model_class"), mapping.get("parent_library")
    found = _TRANSFORMERS_MODULE.match(module) if isinstance(module, str) else None
    return (name, found.group(1)) if isinstance(name, str) and found else None


def base_class_pipeline(config: dict[str, Any]) -> Optional[str]:
    """The pipeline of the base model class an adapter without a task type names (base_class)."""
    named = base_class(config)
    return architecture_pipeline(*named) if named else None


def _unsay_local(result: Ingested, path: str) -> None:
    """Drop a warning read before (the trainer's card's base_model) naming ``path`` as no Hub id: the adapter's
    config, which PEFT loads the base from, is the file its own warning names."""
    result.warnings[:] = [w for w in result.warnings
                          if not (w.code == "not-a-hub-id" and w.message.startswith(local_base(path) + ":"))]


def adapter_config(config: dict[str, Any], folder: Path, result: Ingested) -> None:
    """PEFT's adapter_config.json (``config``, read from ``folder``) -> the model's base, library, pipeline and tags
    and the adapter's hyperparameters."""
    model = result.data.setdefault("model", {})
    base = model_id(config.get("base_model_name_or_path"))
    named = model.get("base_model")  # by the trainer's card or config.json, read before
    if base and named and named != base:  # a card edited by hand (JapanMarketing-Dev/pdfme-fineturning's names 32B)
        result.warn("$.base_model_name_or_path", f"adapter_config.json names {base!r}, the model the adapter loads "
                    f"onto, but README.md or config.json names {named!r} as the base model; keeping {base!r}",
                    "correct the README's base_model, or set model.base_model in your records", code="conflicting-values")
    if base or named and config.get("base_model_name_or_path"):  # a local copy of the base another file names
        model["base_model"] = base or named  # (by Hub id: swift's args.json, a README)
        model["base_model_relation"] = "adapter"
    elif config.get("base_model_name_or_path"):
        path = str(config["base_model_name_or_path"])
        _unsay_local(result, path)
        # PEFT (AutoPeftModel, the Quick start of an adapter with no base named) would load the base from that path,
        # which only the machine that trained it has: no Quick start unless the records name the base, or a card of
        # the run shows its own (decided once every source is merged: pipeline._ingest)
        quick = unloadable_base(result)
        local_base_warning(result, "$.base_model_name_or_path", local_base(path), quick)
    # an adapter sentence-transformers saved (its config_sentence_transformers.json beside it) loads with
    # SentenceTransformer(), which applies the adapter, as its card says (Offei-op/Multi-Health-Question-Answering-...)
    model["library_name"] = "sentence-transformers" if (folder / ST_CONFIG).is_file() else "peft"
    pipeline = _ADAPTER_PIPELINES.get(str(config.get("task_type"))) or base_class_pipeline(config)
    processor = image_processor_saved(folder)
    if config.get("task_type") == "CAUSAL_LM" and (processor or vision_modules(config) or vision_weights(folder) or
                                                   model.get("pipeline_tag") == "image-text-to-text"):
        pipeline = "image-text-to-text"  # a vision-language model's adapter: PEFT's card says text-generation for it
        if model.get("pipeline_tag") == "text-generation":
            model.pop("pipeline_tag")
        if not processor and model.get("base_model"):  # none saved with the adapter: its base model's is the one
            model.setdefault("details", {}).setdefault(PROCESSOR, model["base_model"])
    if pipeline:  # a reward model's LoRA (TRL's RewardTrainer with peft_config) is SEQ_CLS: no text generation
        model.setdefault("pipeline_tag", pipeline)
    if config.get("task_type") in _KEPT_TASK_TYPES:  # under the Hub's folded text-generation, the one word that the base
        # is an encoder-decoder (google/flan-t5-base: 3L0L0/FLAN-T5-Motivation-Model), whose loader is Seq2SeqLM's;
        # the auto class of a classifier's or a question answerer's base, whose head the adapter saved
        model.setdefault("details", {}).setdefault(TASK_TYPE, config["task_type"])
    named = base_class(config)
    if named and pipeline in PREPROCESSED:  # a vision or audio model's: its class says how its Quick start loads it
        model.setdefault("details", {}).setdefault("Architecture", named[0])
    release = adapter_release(named[1], config.get("target_modules"), saved_shapes(folder) or {}) if named else None
    if release:  # its base's layers named as only one transformers release names them (ViT's query: 4.x)
        model.setdefault("details", {}).setdefault(TRANSFORMERS, release)
    labels = head_labels(folder, config) if config.get("task_type") in ("SEQ_CLS", "TOKEN_CLS") or \
        head_task(model.get("pipeline_tag"), config.get("task_type")) else None
    if labels:  # the count the base must be loaded with for the saved head to fit (its Quick start says it)
        model.setdefault("details", {}).setdefault(LABELS, str(labels))
    tags = model.setdefault("tags", [])
    if str(config.get("peft_type", "")).upper() == "LORA" and "lora" not in tags:
        tags.append("lora")
    hyper = result.data.setdefault("training", {}).setdefault("hyperparameters", {})
    for key, name in (("peft_type", "peft_type"), ("r", "lora_r"), ("lora_alpha", "lora_alpha"),
                      ("lora_dropout", "lora_dropout")):
        if config.get(key) is not None:
            hyper[name] = config[key]
    modules = config.get("target_modules")
    if isinstance(modules, list):
        hyper["lora_target_modules"] = ", ".join(sorted(map(str, modules)))
    elif isinstance(modules, str):
        hyper["lora_target_modules"] = modules
    if isinstance(config.get("peft_version"), str) and config["peft_version"]:
        # PEFT 0.18+ writes a dev install's as "0.18.1.dev0@<commit>" (PeftConfig._get_peft_version; "@UNKNOWN"
        # when it finds none), its card's "- PEFT 0.18.1.dev0" (__version__): the same install, listed as its card does
        file_version(result, "PEFT", config["peft_version"].partition("@")[0], "adapter_config.json", "peft_version")
