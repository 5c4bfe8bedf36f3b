"""The "Quick start" code of a transformers model whose task is one of transformers' other standard pipelines.

Each snippet is the one transformers' pipeline docs show for the task, with the card's repo id, and runs under
transformers 4.4x as under 5.x: speech recognition and audio classification on an audio file's URL (reading it needs
ffmpeg, as the pipeline's docs say), image classification, image feature extraction, object detection and image
segmentation and depth estimation on an image's URL, zero-shot image classification of it among texts and zero-shot
object detection of texts' objects in it, video classification on a video's URL, table question answering on a table
of strings, text-to-speech and text-to-audio (usage_audio: VITS, SpeechT5, MusicGen), fill-mask with
the tokenizer's own mask token (``[MASK]``, ``<mask>``, ... differ by model), token classification and feature
extraction on a sentence, zero-shot classification with candidate labels. Extractive question answering runs through
AutoModelForQuestionAnswering, as the task guide's manual inference does: transformers 5 removed its pipeline. A
question-answering adapter (PEFT's task type QUESTION_ANS, in ``model.details``) loads onto its one base model with
that class; a sequence or token classification adapter (SEQ_CLS, TOKEN_CLS) onto its base built with as many labels as
the head saved with it has (``model.details``' "Number of labels", which ingest reads from the adapter's safetensors
header). An image or audio classifier adapter (PEFT saves it with no task type) loads the same way, merged into its
base for its task's pipeline, with the base's preprocessor; a Whisper adapter through AutoModelForSpeechSeq2Seq and
the base's processor (its class is model.details' Architecture). A Whisper model whose run saved no tokenizer is given
its base's. A text model whose run saved no tokenizer is given its base model's (``tokenizer``: model.details'
"Tokenizer from"), a vision or audio model whose run saved no image processor or feature extractor its base model's
(``processor``: model.details' "Processor from"). Image-to-text (a TrOCR / VisionEncoderDecoder, BLIP or GIT
captioner) runs through its processor and its own class: transformers 4.4x has no image-text-to-text pipeline and 5.x
no image-to-text one. Left out, as a wrong example is worse than none: zero-shot audio classification, document
question answering (LayoutLM's processors read the words with Tesseract), mask generation (SAM's post-processing needs
torchvision) (none run here yet), a classifier adapter whose head's size the records do not say (its base would not load with
another; a warning says so, unknown_head) and an image-to-text model whose architecture ``model.details`` does not
name.
"""

from __future__ import annotations

import json
from typing import Optional, Sequence

from generator.card.usage_audio import synthesis_code
from generator.records.hubrules import namespaced_id

AUDIO = "https://huggingface.co/datasets/Narsil/asr_dummy/resolve/main/mlk.flac"
IMAGE = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/pipeline-cat-chonk.jpeg"
VIDEO = "https://huggingface.co/datasets/nateraw/video-demo/resolve/main/archery.mp4"  # transformers' pipeline tests'
SENTENCE = "My name is Wolfgang and I live in Berlin."
QUESTION = "Where do I live?"
ZERO_SHOT_TEXT = "I have a problem with my iphone that needs to be resolved asap!!"
ZERO_SHOT_LABELS = ("urgent", "not urgent", "phone", "tablet", "computer")


def tokenizer_said(tokenizer: Optional[str]) -> str:
    """The sentence before a Quick start that loads its tokenizer from ``tokenizer`` (model.details' TOKENIZER), the
    run having saved none; "" for none."""
    return f"Its tokenizer is its base model's, {tokenizer}, which the run did not save.\n\n" if tokenizer else ""


def pipeline_tokenizer(tokenizer: Optional[str]) -> str:
    """The ``tokenizer=`` argument of a ``pipeline`` call loading the tokenizer from ``tokenizer`` (model.details'
    TOKENIZER), where the repo has none of its own; "" for none."""
    return f", tokenizer={json.dumps(tokenizer)}" if tokenizer else ""


# An image processor or feature extractor a pipeline is given: its keyword (PREPROCESSED) and the Hub id it is loaded from
Preprocessor = tuple[str, str]


def _pipeline(task: str, name: str, repo_id: str, tokenizer: Optional[str] = None,
              preprocessor: Optional[Preprocessor] = None) -> str:
    """``preprocessor``: the pipeline's keyword of an image processor or feature extractor the repo holds none of, and
    the Hub id it is loaded from, by its Auto class: transformers 5 given a feature extractor's id (not one loaded)
    reads the model's own preprocessor_config.json too (pipeline's _maybe_load_ctc_decoder), which fails."""
    head, given = "from transformers import pipeline\n\n", ""
    if preprocessor:
        keyword, source = preprocessor
        head = (f"from transformers import {_AUTO[keyword]}, pipeline\n\n"
                f"{keyword} = {_AUTO[keyword]}.from_pretrained({json.dumps(source)})\n")
        given = f", {keyword}={keyword}"
    return (f"{head}{name} = pipeline({json.dumps(task)}, model={json.dumps(repo_id)}{pipeline_tokenizer(tokenizer)}"
            f"{given})\n")


# The pipeline tags of vision and audio models whose pipeline loads an image processor (image_processor=) or a
# feature extractor (feature_extractor=) saved with the model (preprocessor_config.json), and the keyword of each
PREPROCESSED = {"image-classification": "image_processor", "object-detection": "image_processor",
                "image-segmentation": "image_processor", "image-feature-extraction": "image_processor",
                "depth-estimation": "image_processor", "video-classification": "image_processor",
                "automatic-speech-recognition": "feature_extractor", "audio-classification": "feature_extractor"}
_PREPROCESSOR_NAMES = {"image_processor": "image processor", "feature_extractor": "feature extractor"}
_AUTO = {"image_processor": "AutoImageProcessor", "feature_extractor": "AutoFeatureExtractor"}


def preprocessor_said(pipeline_tag: Optional[str], processor: Optional[str]) -> str:
    """The sentence before the pipeline of a vision or audio model run with ``processor``'s image processor or feature
    extractor (model.details' PROCESSOR), its run having saved none; "" for none."""
    if pipeline_tag not in PREPROCESSED or not processor:
        return ""
    return f"Its {_PREPROCESSOR_NAMES[PREPROCESSED[pipeline_tag]]} is its base model's, {processor}, which the run " \
           "did not save.\n\n"


def _speech(repo_id: str, preprocessor: Optional[Preprocessor] = None, tokenizer: Optional[str] = None) -> str:
    return (_pipeline("automatic-speech-recognition", "transcriber", repo_id, tokenizer, preprocessor)
            + f"output = transcriber({json.dumps(AUDIO)})\n"
            "print(output[\"text\"])")


def _each(task: str, name: str, call: str, item: str, printed: str, repo_id: str, note: str = "",
          tokenizer: Optional[str] = None, preprocessor: Optional[Preprocessor] = None) -> str:
    """The pipeline of ``task`` called on ``call`` (its argument's source text), printing ``printed`` of each
    ``item`` of its output (``note``: a comment after that line)."""
    return (_pipeline(task, name, repo_id, tokenizer, preprocessor)
            + f"for {item} in {name}({call}):\n    print({printed}){note}")


def _labels(task: str, source: str, repo_id: str, preprocessor: Optional[Preprocessor] = None) -> str:
    """A classifier of audio or images printing each of its top labels with its score."""
    return _each(task, "classifier", json.dumps(source), "output", 'output["label"], output["score"]', repo_id,
                 preprocessor=preprocessor)


def _detections(repo_id: str, preprocessor: Optional[Preprocessor] = None) -> str:
    return _each("object-detection", "detector", json.dumps(IMAGE), "detection",
                 'detection["label"], detection["score"], detection["box"]', repo_id, preprocessor=preprocessor)


def _segments(repo_id: str, preprocessor: Optional[Preprocessor] = None) -> str:
    """Each segment's label and mask (a semantic segmenter's segments have no score: None)."""
    return _each("image-segmentation", "segmenter", json.dumps(IMAGE), "segment", 'segment["label"], segment["mask"].size',
                 repo_id, "  # the mask: a PIL image, white where the label is", preprocessor=preprocessor)


# A zero-shot detector's candidate labels: texts it looks for in the image, as transformers' pipeline docs give them
DETECTION_LABELS = ("cat", "remote control")


def _zero_shot_detections(repo_id: str) -> str:
    """An open-vocabulary detector (OWL-ViT, OWLv2, Grounding DINO) finding texts' objects in an image."""
    return _each("zero-shot-object-detection", "detector",
                 f"{json.dumps(IMAGE)}, candidate_labels={json.dumps(list(DETECTION_LABELS))}", "detection",
                 'detection["label"], detection["score"], detection["box"]', repo_id)


# The table of transformers' table-question-answering pipeline docs: every cell a string, as TAPAS' tokenizer takes it
TABLE = {"Repository": ["Transformers", "Datasets", "Tokenizers"], "Stars": ["36542", "4512", "3934"],
         "Contributors": ["651", "77", "34"]}
TABLE_QUESTION = "How many stars does the transformers repository have?"


def _table(repo_id: str, tokenizer: Optional[str] = None) -> str:
    """TAPAS answering a question on a table: the cells it picked and the aggregation it applied to them."""
    return (_pipeline("table-question-answering", "answerer", repo_id, tokenizer)
            + f"table = {json.dumps(TABLE)}\n"
            + f"output = answerer(table=table, query={json.dumps(TABLE_QUESTION)})\n"
            "print(output[\"answer\"], output[\"cells\"], output[\"aggregator\"])")


def _fill_mask(repo_id: str, tokenizer: Optional[str] = None) -> str:
    return _each("fill-mask", "unmasker", 'f"Paris is the {unmasker.tokenizer.mask_token} of France."', "output",
                 'output["token_str"], output["score"]', repo_id, tokenizer=tokenizer)


def _tokens(repo_id: str, tokenizer: Optional[str] = None) -> str:
    return _each("token-classification", "tagger", json.dumps(SENTENCE), "token",
                 'token["word"], token["entity"], token["score"]', repo_id, tokenizer=tokenizer)


def _features(task: str, source: str, repo_id: str, tokenizer: Optional[str] = None,
              preprocessor: Optional[Preprocessor] = None) -> str:
    return (_pipeline(task, "extractor", repo_id, tokenizer, preprocessor)
            + f"features = extractor({json.dumps(source)}, return_tensors=True)\n"
            "print(features.shape)")


def _zero_shot(repo_id: str, tokenizer: Optional[str] = None) -> str:
    return (_pipeline("zero-shot-classification", "classifier", repo_id, tokenizer)
            + f"output = classifier({json.dumps(ZERO_SHOT_TEXT)}, candidate_labels={json.dumps(list(ZERO_SHOT_LABELS))})\n"
            "print(output[\"labels\"][0], output[\"scores\"][0])")


# A zero-shot image classifier's candidate labels: texts its text encoder embeds, as CLIP's prompts are written
IMAGE_LABELS = ("a photo of a cat", "a photo of a dog", "a photo of a car")


def _zero_shot_image(repo_id: str) -> str:
    """A dual encoder (CLIP, SigLIP) scoring an image against texts, as transformers' pipeline docs run it."""
    return (_pipeline("zero-shot-image-classification", "classifier", repo_id)
            + f"for output in classifier({json.dumps(IMAGE)}, candidate_labels={json.dumps(list(IMAGE_LABELS))}):\n"
            "    print(output[\"label\"], output[\"score\"])")


def _depth(repo_id: str, preprocessor: Optional[Preprocessor] = None) -> str:
    """A depth estimator's map of an image: the pipeline's predicted_depth tensor and its depth image."""
    return (_pipeline("depth-estimation", "estimator", repo_id, preprocessor=preprocessor)
            + f"output = estimator({json.dumps(IMAGE)})\n"
            "depth = output[\"depth\"]  # a PIL image of it, scaled to grey\n"
            "print(output[\"predicted_depth\"].shape)  # the depth of each pixel")


def _question_answering(repo_id: str, base: str = "", tokenizer: Optional[str] = None) -> str:
    """Extractive question answering; an adapter (PEFT's QUESTION_ANS, which saves its trained ``qa_outputs`` head:
    two outputs, start and end, whatever the training) loaded onto its base, whose tokenizer it reads."""
    if base:
        load = ("import torch\nfrom peft import PeftModel\n"
                "from transformers import AutoModelForQuestionAnswering, AutoTokenizer\n\n"
                f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(base)})\n"
                f"base_model = AutoModelForQuestionAnswering.from_pretrained({json.dumps(base)})\n"
                f"model = PeftModel.from_pretrained(base_model, {json.dumps(repo_id)})\n\n")
    else:
        load = ("import torch\nfrom transformers import AutoModelForQuestionAnswering, AutoTokenizer\n\n"
                f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(tokenizer or repo_id)})\n"
                f"model = AutoModelForQuestionAnswering.from_pretrained({json.dumps(repo_id)})\n\n")
    return (load + f"question = {json.dumps(QUESTION)}\n"
            f"context = {json.dumps(SENTENCE)}\n"
            "inputs = tokenizer(question, context, return_tensors=\"pt\")\n"
            "with torch.no_grad():\n"
            "    outputs = model(**inputs)\n"
            "start = int(outputs.start_logits.argmax())\n"
            "end = int(outputs.end_logits.argmax())\n"
            "print(tokenizer.decode(inputs[\"input_ids\"][0, start : end + 1]))")


# The architectures (config.json's) of image-to-text models whose processor makes an image's inputs and whose generate
# writes its text: TrOCR and other VisionEncoderDecoderModel, BLIP's captioner, GIT (the Hub tags them image-to-text)
IMAGE_TO_TEXT = ("VisionEncoderDecoderModel", "BlipForConditionalGeneration", "GitForCausalLM")


def _image_to_text(repo_id: str, architecture: str, processor: Optional[str]) -> str:
    """An image-to-text model captioning (or reading) an image through its processor (``processor``'s, a Hub id, when
    the run saved none of its own) and its own class, as the model docs of TrOCR, BLIP and GIT do."""
    return (f"from transformers import AutoProcessor, {architecture}\n"
            "from transformers.image_utils import load_image\n\n"
            f"processor = AutoProcessor.from_pretrained({json.dumps(processor or repo_id)})\n"
            f"model = {architecture}.from_pretrained({json.dumps(repo_id)})\n\n"
            f"image = load_image({json.dumps(IMAGE)})\n"
            "inputs = processor(images=image, return_tensors=\"pt\")\n"
            "output = model.generate(**inputs, max_new_tokens=32)\n"
            "print(processor.batch_decode(output, skip_special_tokens=True)[0])")


# Tags saying the repo's own code runs the model: a custom Inference Endpoints handler (handler.py), whose
# pipeline_tag names the handler's task (Narsil/layoutlm-funsd, a LayoutLM token classifier, is object-detection), or
# modeling code transformers' pipeline would need trust_remote_code for.
OWN_CODE_TAGS = ("endpoints-template", "custom_code")


def _classifier_adapter(repo_id: str, base: str, labels: int, tokens: bool) -> str:
    """A sequence (``tokens``: token) classification adapter loaded onto its base built with the ``labels`` outputs
    of the head saved with it, labelling a sentence (each of its tokens), or scoring it where the head has one output
    (a reward or regression head: its raw score). Its base's tokenizer, which the adapter does not always save; the
    labels are the config's, LABEL_0 ... unless the base names them."""
    kind = "TokenClassification" if tokens else "SequenceClassification"
    code = ("import torch\nfrom peft import PeftModel\n"
            f"from transformers import AutoModelFor{kind}, AutoTokenizer\n\n"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(base)})\n"
            # (a base with a classifier of its own, of another size: its head is replaced by the adapter's saved one)
            f"base_model = AutoModelFor{kind}.from_pretrained({json.dumps(base)}, num_labels={labels}, "
            "ignore_mismatched_sizes=True)\n"
            f"model = PeftModel.from_pretrained(base_model, {json.dumps(repo_id)})\n\n"
            f"inputs = tokenizer({json.dumps(SENTENCE)}, return_tensors=\"pt\")\n"
            "with torch.no_grad():\n"
            "    logits = model(**inputs).logits\n")
    if tokens:
        return code + ("tokens = tokenizer.convert_ids_to_tokens(inputs[\"input_ids\"][0])\n"
                       "for token, label in zip(tokens, logits[0].argmax(-1).tolist()):\n"
                       "    print(token, model.config.id2label[label])")
    if labels == 1:  # a score (a reward model's, a regression's): the softmax of one output is 1.0 whatever the text
        return code + "print(logits[0, 0].item())  # the head's one output: a score, not a label's probability"
    return code + ("label = int(logits[0].argmax())\n"
                   "print(model.config.id2label[label], logits[0].softmax(-1)[label].item())")


def _merged(repo_id: str, base_load: str) -> str:
    """The lines loading an adapter onto its base (``base_load``, the base's from_pretrained call) and merging it in:
    the pipeline is given a transformers model of its task's class, which a PeftModel is not."""
    return (f"base_model = {base_load}\n"
            f"model = PeftModel.from_pretrained(base_model, {json.dumps(repo_id)}).merge_and_unload()\n")


def _media_classifier_adapter(repo_id: str, pipeline_tag: str, base: str, labels: int) -> str:
    """An image or audio classifier adapter loaded onto its base built with the ``labels`` outputs of the head saved
    with it (ignore_mismatched_sizes: a base with a classifier of its own, google/vit-base-patch16-224's 1,000 labels),
    merged, and run through the task's pipeline with the base's image processor or feature extractor, as the adapter
    saves none (vuongndlst/ViT-LoRA-Demo's app loads it so); labels LABEL_0 ... as the count is all the head says."""
    keyword = PREPROCESSED[pipeline_tag]
    auto, loader = _MEDIA_CLASSIFIERS[pipeline_tag], _AUTO[keyword]
    source = IMAGE if pipeline_tag == "image-classification" else AUDIO
    return (f"from peft import PeftModel\nfrom transformers import {loader}, {auto}, pipeline\n\n"
            f"{keyword} = {loader}.from_pretrained({json.dumps(base)})\n"
            + _merged(repo_id, f"{auto}.from_pretrained({json.dumps(base)}, num_labels={labels}, "
                               "ignore_mismatched_sizes=True)")
            + f"\nclassifier = pipeline({json.dumps(pipeline_tag)}, model=model, {keyword}={keyword})\n"
            f"for output in classifier({json.dumps(source)}):\n"
            "    print(output[\"label\"], output[\"score\"])")


# The architectures (auto_mapping's base_model_class of an adapter PEFT saved with no task type) of the speech
# recognizers that write their transcript with generate: AutoModelForSpeechSeq2Seq loads them
SPEECH_SEQ2SEQ = ("WhisperForConditionalGeneration", "Speech2TextForConditionalGeneration",
                  "SpeechEncoderDecoderModel", "MoonshineForConditionalGeneration")
# The speech recognizers of transformers 5.25 built on a language model or codec (its speech-seq2seq and multimodal
# classes of these names, the Hub's automatic-speech-recognition as kyutai/stt-2.6b-en-trfs and nvidia/canary-1b-v2
# are), which its speech recognition pipeline is not known to run: Kyutai's feature extractor refuses the pipeline's
# return_attention_mask (TypeError; a tiny random KyutaiSpeechToText run so), the LLM-based ones take a prompt beside
# the audio. No Quick start for them (ingest tags them: their suffix made them text-generation, which cannot load them)
SPEECH_LANGUAGE_MODELS = tuple(f"{name}ForConditionalGeneration" for name in (
    "Canary", "CohereAsr", "FunAsrNano", "GlmAsr", "GraniteSpeech", "GraniteSpeechPlus", "KyutaiSpeechToText",
    "MossTranscribeDiarize", "Nemotron3_5Transcribe", "OmniASR", "Qwen3ASR", "VibeVoiceAsr", "VoxtralRealtime"))


def _speech_adapter(repo_id: str, base: str) -> str:
    """A speech recognizer's adapter (a LoRA of Whisper, which PEFT saves with no task type) loaded onto its base,
    merged, and run through the pipeline with its base's processor, as PEFT's int8 Whisper example runs it."""
    return ("from peft import PeftModel\nfrom transformers import AutoModelForSpeechSeq2Seq, AutoProcessor, pipeline\n\n"
            f"processor = AutoProcessor.from_pretrained({json.dumps(base)})\n"
            + _merged(repo_id, f"AutoModelForSpeechSeq2Seq.from_pretrained({json.dumps(base)})")
            + "\ntranscriber = pipeline(\"automatic-speech-recognition\", model=model, tokenizer=processor.tokenizer,\n"
            "                       feature_extractor=processor.feature_extractor)\n"
            f"output = transcriber({json.dumps(AUDIO)})\n"
            "print(output[\"text\"])")


# PEFT's task types of the classifier adapters whose saved head's size the records may hold (model.details), and the
# pipeline tag each makes
_CLASSIFIER_TASKS = {"SEQ_CLS": "text-classification", "TOKEN_CLS": "token-classification"}
# The pipeline tags of image and audio classifier adapters, which PEFT saves with no task type (it has none for them:
# the PEFT image classification guide's LoRA of a ViTForImageClassification, its classifier in modules_to_save), and
# the Auto class each loads its base with
_MEDIA_CLASSIFIERS = {"image-classification": "AutoModelForImageClassification",
                      "audio-classification": "AutoModelForAudioClassification"}


def head_task(pipeline_tag: Optional[str], task_type: Optional[str]) -> Optional[str]:
    """What a classifier adapter of ``pipeline_tag`` and PEFT's ``task_type`` is called where its head's size is
    needed (its task type, or its pipeline tag for an image or audio one), or None for an adapter of no saved head."""
    if _CLASSIFIER_TASKS.get(str(task_type)) == pipeline_tag:
        return task_type
    return pipeline_tag if task_type is None and pipeline_tag in _MEDIA_CLASSIFIERS else None


# Why a classifier adapter gets no Quick start when the records do not hold its saved head's size (unknown_head)
UNKNOWN_HEAD = ("the number of labels of the classifier head saved with this {} adapter is in no file read (no "
                "adapter_model.safetensors, a Git LFS pointer, or one holding no single last layer of the head): the "
                "card has no Quick start, as its base would not load that head with another count")
UNKNOWN_HEAD_FIX = ("commit adapter_model.safetensors, or set model.details \"Number of labels\" (the head's out "
                    "features) in your records")


def unknown_head(model: dict[str, object], task_type: Optional[str], labels: Optional[str]) -> bool:
    """Whether merged records of a SEQ_CLS / TOKEN_CLS adapter (PEFT's ``task_type``) of one base, with the pipeline
    tag of its task, get no Quick start for want of the size of the head saved with it (``labels``: model.details'),
    where no other way is set (model.usage) or known (a reward model's adapter: one label)."""
    bases = model.get("base_model")
    tags = model.get("tags")
    adapter = model.get("base_model_relation") == "adapter" or model.get("library_name") == "peft"
    tag = model.get("pipeline_tag")
    return (adapter and head_task(tag if isinstance(tag, str) else None, task_type) is not None and not labels
            and (isinstance(bases, str) or isinstance(bases, list) and len(bases) == 1) and "usage" not in model
            and not (isinstance(tags, list) and "reward-trainer" in tags))


def task_code(repo_id: str, pipeline_tag: Optional[str], library_name: Optional[str], adapter: bool,
              base_models: Sequence[str] = (), task_type: Optional[str] = None,
              tags: Sequence[str] = (), labels: Optional[str] = None, architecture: Optional[str] = None,
              processor: Optional[str] = None, tokenizer: Optional[str] = None) -> tuple[str, str]:
    """The text before the code and the Python code running a model of ``pipeline_tag``: a transformers model, or an
    adapter onto its one base: a question-answering one (``task_type``, PEFT's, QUESTION_ANS), a sequence or token
    classifier's whose saved head has ``labels`` outputs (a count, as model.details holds it); ``architecture`` and
    ``processor`` (model.details') for an image-to-text model; ``("", "")`` when this module knows no certain way."""
    if set(OWN_CODE_TAGS) & {t.lower() for t in tags}:
        return "", ""
    if adapter:
        intro = f"This is a PEFT adapter: load it onto its base model, {base_models[0]}.\n\n" if base_models else ""
        if pipeline_tag == "question-answering" and task_type == "QUESTION_ANS" and len(base_models) == 1:
            return intro, _question_answering(repo_id, base_models[0])
        count = int(labels) if isinstance(labels, str) and labels.isdigit() and labels[0] != "0" else 0
        if _CLASSIFIER_TASKS.get(str(task_type)) == pipeline_tag and len(base_models) == 1 and count:
            head = "the one output (a score) of the head" if count == 1 else f"the {count} labels of the classifier head"
            return (intro.replace(".\n", f", with {head} saved with it.\n", 1),
                    _classifier_adapter(repo_id, base_models[0], count, task_type == "TOKEN_CLS"))
        if head_task(pipeline_tag, task_type) in _MEDIA_CLASSIFIERS and len(base_models) == 1 and count:
            return (intro.replace(".\n", f", with the {count} labels of the classifier head saved with it.\n", 1),
                    _media_classifier_adapter(repo_id, str(pipeline_tag), base_models[0], count))
        if pipeline_tag == "automatic-speech-recognition" and task_type is None and len(base_models) == 1 and \
                architecture in SPEECH_SEQ2SEQ:
            return intro, _speech_adapter(repo_id, base_models[0])
        return "", ""
    if library_name != "transformers":
        return "", ""
    if pipeline_tag == "image-to-text":
        if architecture not in IMAGE_TO_TEXT:
            return "", ""
        processor = processor if processor and namespaced_id(processor) else None
        intro = f"Its processor is its base model's, {processor}, which the run did not save.\n\n" if processor else ""
        return intro, _image_to_text(repo_id, str(architecture), processor)
    if pipeline_tag in ("text-to-speech", "text-to-audio"):
        return synthesis_code(repo_id, pipeline_tag, architecture)
    if architecture in SPEECH_LANGUAGE_MODELS:
        return "", ""
    processor = processor if processor and namespaced_id(processor) else None
    code = _code(repo_id, pipeline_tag, tokenizer, processor)
    if not code:
        return "", ""
    return (tokenizer_said(tokenizer) if pipeline_tag in _TEXT_TASKS else
            (tokenizer_said(tokenizer) if pipeline_tag in _SPEECH_TEXT else "") + preprocessor_said(pipeline_tag, processor),
            code)


# The tasks of text models, whose code loads a tokenizer (``tokenizer``'s, where the run saved none)
_TEXT_TASKS = ("fill-mask", "token-classification", "feature-extraction", "zero-shot-classification", "question-answering",
               "table-question-answering")
# The tasks of audio models whose pipeline writes text with a tokenizer (``tokenizer``'s, a Whisper run saved without
# one: the blog's Seq2SeqTrainer handed processor.feature_extractor alone), beside their feature extractor
_SPEECH_TEXT = ("automatic-speech-recognition",)


def _code(repo_id: str, pipeline_tag: Optional[str], tokenizer: Optional[str] = None,
          processor: Optional[str] = None) -> str:
    """``processor``: the Hub id a vision or audio model's image processor or feature extractor is loaded from."""
    preprocessor = (PREPROCESSED[pipeline_tag], processor) if processor and pipeline_tag in PREPROCESSED else None
    if pipeline_tag == "automatic-speech-recognition":
        return _speech(repo_id, preprocessor, tokenizer)
    if pipeline_tag == "audio-classification":
        return _labels(pipeline_tag, AUDIO, repo_id, preprocessor)
    if pipeline_tag == "image-classification":
        return _labels(pipeline_tag, IMAGE, repo_id, preprocessor)
    if pipeline_tag == "video-classification":
        return _labels(pipeline_tag, VIDEO, repo_id, preprocessor)
    if pipeline_tag == "object-detection":
        return _detections(repo_id, preprocessor)
    if pipeline_tag == "zero-shot-object-detection":
        return _zero_shot_detections(repo_id)
    if pipeline_tag == "table-question-answering":
        return _table(repo_id, tokenizer)
    if pipeline_tag == "image-segmentation":
        return _segments(repo_id, preprocessor)
    if pipeline_tag == "fill-mask":
        return _fill_mask(repo_id, tokenizer)
    if pipeline_tag == "token-classification":
        return _tokens(repo_id, tokenizer)
    if pipeline_tag == "feature-extraction":
        return _features(pipeline_tag, SENTENCE, repo_id, tokenizer)
    if pipeline_tag == "image-feature-extraction":
        return _features(pipeline_tag, IMAGE, repo_id, preprocessor=preprocessor)
    if pipeline_tag == "zero-shot-classification":
        return _zero_shot(repo_id, tokenizer)
    if pipeline_tag == "question-answering":
        return _question_answering(repo_id, tokenizer=tokenizer)
    if pipeline_tag == "zero-shot-image-classification":
        return _zero_shot_image(repo_id)
    if pipeline_tag == "depth-estimation":
        return _depth(repo_id, preprocessor)
    return ""
