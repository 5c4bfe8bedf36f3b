"""The Quick start of a transformers model of another standard pipeline (generator/card/usage_tasks.py): the code is
the card's own, run here against tiny random models saved offline, the docs' remote inputs replaced by local files."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import re
import shutil
import struct
import wave
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import yaml
from conftest import missing

from generator import build_card, ingest, load_records, render_card
from generator.card import usage_tasks, usage_transformers
from generator.card.usage import quick_start
from generator.card.usage_transformers import pinned

TASKS = ("automatic-speech-recognition", "audio-classification", "image-classification", "image-feature-extraction",
         "object-detection", "image-segmentation", "fill-mask", "token-classification", "feature-extraction", "zero-shot-classification", "question-answering",
         "zero-shot-image-classification", "depth-estimation", "video-classification", "zero-shot-object-detection",
         "table-question-answering")
AUDIO_TASKS = ("automatic-speech-recognition", "audio-classification")


def code_of(section: str) -> str:
    """The Python code of a generated Quick start (one fenced block)."""
    match = re.fullmatch(r"```python\n(.*)\n```", section, re.S)
    assert match, section
    return match.group(1)


@pytest.mark.parametrize("tag", TASKS)
def test_each_task_gets_code_that_compiles_and_loads_the_repo(tag):
    code = code_of(quick_start("acme/m", tag, "transformers", None))
    compile(code, tag, "exec")
    assert code.count('"acme/m"') in (1, 2)  # the pipeline's model, or the tokenizer and the model


@pytest.mark.parametrize("tag", [t for t in TASKS if t != "question-answering"])
def test_the_tasks_transformers_5_keeps_run_through_their_pipeline(tag):
    assert f'pipeline("{tag}", model="acme/m")' in quick_start("acme/m", tag, "transformers", None)


def test_question_answering_uses_the_model_class_as_transformers_5_removed_its_pipeline():
    code = code_of(quick_start("acme/m", "question-answering", "transformers", None))
    assert "pipeline" not in code
    assert 'AutoModelForQuestionAnswering.from_pretrained("acme/m")' in code


def test_fill_mask_asks_the_tokenizer_for_its_mask_token():
    code = code_of(quick_start("acme/m", "fill-mask", "transformers", None))
    assert "{unmasker.tokenizer.mask_token}" in code
    assert "[MASK]" not in code and "<mask>" not in code


@pytest.mark.parametrize("library, relation, tags", [
    (None, None, ()),  # which code would run it is not known
    ("peft", "adapter", ()),  # an adapter's head has its training's labels, which these records do not say
    ("transformers", "adapter", ()),
    ("transformers", None, ("mlx",)),
    ("sentence-transformers", None, ()),
])
@pytest.mark.parametrize("tag", TASKS)
def test_no_task_code_where_it_is_not_certain(tag, library, relation, tags):
    assert quick_start("acme/m", tag, library, relation, ["org/base"], tags) == ""


@pytest.mark.parametrize("tags", [("generated_from_trainer", "endpoints-template"), ("custom_code",)])
@pytest.mark.parametrize("tag", TASKS)
def test_no_task_code_for_a_repo_whose_own_code_runs_it(tag, tags):
    """Narsil/layoutlm-funsd (its card in check38's corpus), a LayoutLM token classifier served by its own Inference
    Endpoints handler, is tagged object-detection: transformers' object-detection pipeline cannot load it."""
    assert quick_start("acme/m", tag, "transformers", None, (), tags) == ""


@pytest.mark.parametrize("tag", ["image-to-text", "text-to-audio", "zero-shot-audio-classification",
                                 "document-question-answering"])
def test_tasks_whose_code_differs_by_model_get_none(tag):
    assert quick_start("acme/m", tag, "transformers", None) == ""


def qa_adapter(repo_id: str = "acme/m", bases: tuple[str, ...] = ("org/base",), task_type: str = "QUESTION_ANS") -> str:
    return quick_start(repo_id, "question-answering", "peft", "adapter", bases, (), True, None, task_type)


def test_a_question_answering_adapter_loads_onto_its_base_with_the_question_answering_class():
    section = qa_adapter()
    assert section.startswith("This is a PEFT adapter: load it onto its base model, org/base.\n\n```python\n")
    code = code_of(section.split("\n\n", 1)[1])
    compile(code, "adapter", "exec")
    assert 'base_model = AutoModelForQuestionAnswering.from_pretrained("org/base")' in code
    assert 'model = PeftModel.from_pretrained(base_model, "acme/m")' in code


@pytest.mark.parametrize("bases, task_type", [
    (("org/base",), "CAUSAL_LM"),  # a causal LM's adapter a README tags question-answering: no QA head
    (("org/base",), None),  # the records do not say which head it has
    ((), "QUESTION_ANS"),
    (("org/a", "org/b"), "QUESTION_ANS"),
])
def test_no_question_answering_adapter_code_without_its_task_type_and_one_base(bases, task_type):
    assert qa_adapter(bases=bases, task_type=task_type) == ""


def test_a_gguf_of_these_tasks_gets_no_transformers_code_nor_llama_cli():
    """A GGUF of an embedding model is no transformers checkpoint, and `llama-cli` generates text: none (usage)."""
    assert quick_start("acme/m-GGUF", "feature-extraction", "transformers", None) == ""
    assert "llama-cli -hf acme/m-GGUF" in quick_start("acme/m-GGUF", "text-generation", "transformers", None)


def card(write, tag: str, extra: str = "") -> str:
    return render_card(load_records(write("r.yaml", "model:\n  repo_id: acme/m\n  library_name: transformers\n"
                                                    f"  pipeline_tag: {tag}\n{extra}")))


@pytest.mark.parametrize("tag", TASKS)
def test_an_imported_card_recognises_its_generated_quick_start(write, tmp_path, tag):
    text = card(write, tag)
    assert "## Quick start\n\n" + pinned(quick_start("acme/m", tag, "transformers", None), None) + "\n" in text
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert "usage" not in data["model"] and "sections" not in data
    again = render_card(load_records(write("again.yaml", yaml.safe_dump(data, sort_keys=False))))
    assert again == text
    (tmp_path / "README.md").write_text(again, encoding="utf-8")
    assert ingest(sources=[tmp_path / "README.md"]).data == data


def test_an_imported_question_answering_adapter_card_recognises_its_quick_start(write, tmp_path):
    text = render_card(load_records(write("r.yaml", "model:\n  repo_id: acme/m\n  library_name: peft\n"
                                                    "  pipeline_tag: question-answering\n  base_model: org/base\n"
                                                    "  base_model_relation: adapter\n"
                                                    "  details:\n    PEFT task type: QUESTION_ANS\n")))
    assert "## Quick start\n\n" + qa_adapter() + "\n" in text
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert "usage" not in data["model"]
    assert render_card(load_records(write("again.yaml", yaml.safe_dump(data, sort_keys=False)))) == text


def test_an_imported_card_with_its_own_code_for_the_task_keeps_it(write, tmp_path):
    own = "```python\nfrom transformers import pipeline\n\nasr = pipeline(\"automatic-speech-recognition\", model=\"acme/m\")\n```"
    text = card(write, "automatic-speech-recognition", "  usage: |\n" + "".join(f"    {line}\n" for line in own.split("\n")))
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert ingest(sources=[tmp_path / "README.md"]).data["model"]["usage"] == own


SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


@pytest.mark.parametrize("folder, tag, tokenizer", [
    ("question_answering_4.39", "question-answering", None),  # real: siddharthgadepalli/google_collab
    # real: Merlinmy/Whisper_small_hi, its tokenizer's files left out of the shape: its base's writes the text
    ("whisper_readme_passed_4.25", "automatic-speech-recognition", "openai/whisper-small"),
    ("state_with_config_4.24", "fill-mask", None),  # real: Francis-xsc/BERT_Weibo_Rumor
    ("audio_classifier_wav2vec2_4.48", "audio-classification", None),  # real: lxthames/accent-detector-app
])
def test_a_real_run_of_the_task_gets_its_quick_start_and_reads_it_back(tmp_path, write, folder, tag, tokenizer):
    text = build_card(trainer_dir=SHAPES / folder, repo_id="acme/run", output=tmp_path / "README.md").text
    assert f"pipeline_tag: {tag}\n" in text
    assert "## Quick start\n\n" + quick_start("acme/run", tag, "transformers", None, tokenizer=tokenizer) + "\n" in text
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert "usage" not in data["model"]
    again = render_card(load_records(write("again.yaml", yaml.safe_dump(data, sort_keys=False))))
    # (the block holding the Quick start: Merlinmy/Whisper_small_hi's card re-renders its training block with the
    # results list the Trainer's card had, another matter)
    assert _uses_block(again) == _uses_block(text)
    (tmp_path / "README.md").write_text(again, encoding="utf-8")
    reread = ingest(sources=[tmp_path / "README.md"]).data
    for each in (reread, data):  # the blob of the card read (card_source.read), which differs where the text does
        each["model"].pop("card_source", None)
    assert reread == data


def _uses_block(text: str) -> str:
    return re.findall(r"<!-- modelcard-generator:begin uses .*?<!-- modelcard-generator:end uses -->", text, re.S)[0]


# --- the code run: tiny random models made offline, each saved as a model repo is ---------------------------------

def _torch_or_skip() -> None:
    try:
        import torch  # noqa: F401
    except ImportError as exc:
        missing(f"{exc.name} is not installed; running the Quick starts needs torch (pip install torch==2.13.0)",
                "MODELCARD_REQUIRE_TORCH")


def _ready_to_run(tag: str) -> None:
    """Skip (or fail, where CI requires them) without what running the Quick start of ``tag`` needs."""
    _torch_or_skip()
    if tag in AUDIO_TASKS and shutil.which("ffmpeg") is None:
        missing("ffmpeg is not installed; the audio pipelines read an audio file through it (apt-get install ffmpeg)",
                "MODELCARD_REQUIRE_FFMPEG")
    for task, (package, requirement, _) in usage_transformers.TASK_PACKAGES.items():
        if tag == task and importlib.util.find_spec(package) is None:
            missing(f"{package} is not installed; the {task} pipeline needs it (pip install {requirement})",
                    "MODELCARD_REQUIRE_TORCH")


WORDS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "<mask>", "my", "name", "is", "wolfgang", "and", "i", "live", "in",
         "berlin", ".", "paris", "the", "of", "france", "where", "do", "?", "have", "a", "problem", "with", "phone")


def _bert(folder: Path, kind: str, **config: Any) -> None:
    import transformers

    (folder / "vocab.txt").write_text("\n".join(WORDS) + "\n", encoding="utf-8")
    # (a mask token other than BERT's: the code must ask the tokenizer for it)
    transformers.BertTokenizer(vocab_file=str(folder / "vocab.txt"), mask_token="<mask>").save_pretrained(folder)
    settings = transformers.BertConfig(vocab_size=len(WORDS), hidden_size=32, num_hidden_layers=1,
                                       num_attention_heads=2, intermediate_size=37, **config)
    getattr(transformers, kind)(settings).save_pretrained(folder)

def _printed(code: str, name: str) -> str:
    """What a card's Quick start ``code`` prints, run as a script named ``name``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, name, "exec"), {"__name__": "__quick_start__"})
    return out.getvalue()


def _peft_bert(tmp_path: Path, kind: str, **config: Any) -> tuple[Any, Any, Path, Path]:
    """peft and transformers (skipping, or failing where required, without them), and a tiny BERT of ``kind`` saved
    at tmp_path/base beside the folder tmp_path/adapter for the adapter made of it."""
    _torch_or_skip()
    try:
        import peft
    except ImportError:
        missing("peft is not installed (pip install peft)", "MODELCARD_REQUIRE_TORCH")
    import torch
    import transformers

    torch.manual_seed(0)
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    base.mkdir()
    _bert(base, kind, **config)
    return peft, transformers, base, adapter



def _wav2vec2(folder: Path, kind: str, **config: Any) -> None:
    import transformers

    settings = transformers.Wav2Vec2Config(hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                           intermediate_size=20, conv_dim=(8, 8), conv_stride=(5, 4),
                                           conv_kernel=(10, 8), num_conv_pos_embeddings=16,
                                           num_conv_pos_embedding_groups=2, classifier_proj_size=8, **config)
    getattr(transformers, kind)(settings).save_pretrained(folder)
    transformers.Wav2Vec2FeatureExtractor(sampling_rate=16000).save_pretrained(folder)


def _whisper(folder: Path) -> None:
    """Whisper (as the real fine-tunes): a byte-level BPE tokenizer of single letters with Whisper's special tokens."""
    import transformers

    (folder / "vocab.json").write_text(json.dumps({c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyzĠ")}))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    end = "<|endoftext|>"
    tokenizer = transformers.WhisperTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"), unk_token=end,
                                              bos_token=end, eos_token=end, pad_token=end)
    tokenizer.add_special_tokens({"additional_special_tokens": ["<|startoftranscript|>", "<|en|>", "<|transcribe|>",
                                                                "<|notimestamps|>"]})
    tokenizer.save_pretrained(folder)
    end_id, start_id = tokenizer.convert_tokens_to_ids([end, "<|startoftranscript|>"])
    settings = transformers.WhisperConfig(vocab_size=len(tokenizer), num_mel_bins=80, d_model=16, encoder_layers=1,
                                          decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
                                          encoder_ffn_dim=32, decoder_ffn_dim=32, max_target_positions=64,
                                          pad_token_id=end_id, bos_token_id=end_id, eos_token_id=end_id,
                                          decoder_start_token_id=start_id)
    model = transformers.WhisperForConditionalGeneration(settings)
    model.generation_config.max_length = 8
    model.save_pretrained(folder)
    transformers.WhisperFeatureExtractor(feature_size=80).save_pretrained(folder)


def _vit(folder: Path, kind: str, **config: Any) -> None:
    import transformers

    settings = transformers.ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=1,
                                      num_attention_heads=2, intermediate_size=37, **config)
    getattr(transformers, kind)(settings).save_pretrained(folder)
    transformers.ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder)


def _segformer(folder: Path) -> None:
    import transformers

    settings = transformers.SegformerConfig(num_encoder_blocks=1, depths=[1], sr_ratios=[1], hidden_sizes=[16],
                                            num_attention_heads=[1], patch_sizes=[7], strides=[4], mlp_ratios=[2],
                                            decoder_hidden_size=16, num_labels=3)
    transformers.SegformerForSemanticSegmentation(settings).save_pretrained(folder)
    transformers.SegformerImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder)


def _detr(folder: Path) -> None:
    """DETR with a tiny ResNet backbone of transformers' own (no timm, nothing pretrained); its class head biased to
    label 1 so that its detections pass the pipeline's threshold and are printed."""
    import torch
    import transformers

    backbone = transformers.ResNetConfig(embedding_size=8, hidden_sizes=[8, 8], depths=[1, 1], out_features=["stage2"])
    settings = transformers.DetrConfig(use_timm_backbone=False, use_pretrained_backbone=False, backbone=None,
                                       backbone_config=backbone, d_model=16, encoder_layers=1, decoder_layers=1,
                                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=16,
                                       decoder_ffn_dim=16, num_queries=3, num_labels=3)
    model = transformers.DetrForObjectDetection(settings)
    with torch.no_grad():
        model.class_labels_classifier.bias[1] = 20.0
    model.save_pretrained(folder)
    transformers.DetrImageProcessor(size={"shortest_edge": 32, "longest_edge": 64}).save_pretrained(folder)


def _clip_tokenizer(folder: Path, vocab: dict[str, int], words: tuple[str, ...]) -> Any:
    """CLIP's byte-level BPE tokenizer of ``vocab`` (its special tokens) and whole ``words`` and letters, saved in
    ``folder``; ``vocab`` is filled in."""
    import transformers

    for word in words:
        vocab.setdefault(f"{word}</w>", len(vocab))
        vocab.setdefault(word, len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    return transformers.CLIPTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))


def _clip(folder: Path) -> None:
    """CLIP (openai/clip-vit-base-patch32's classes): a byte-level BPE tokenizer of whole words and letters."""
    import transformers

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    tokenizer = _clip_tokenizer(folder, vocab, ("a", "photo", "of", "cat", "dog", "car", *"bcdefghijklmnopqrstuvwxyz"))
    images = transformers.CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    transformers.CLIPProcessor(image_processor=images, tokenizer=tokenizer).save_pretrained(folder)
    text = {"vocab_size": len(vocab), "hidden_size": 16, "intermediate_size": 20, "num_hidden_layers": 1,
            "num_attention_heads": 2, "max_position_embeddings": 32, "bos_token_id": 0, "eos_token_id": 1,
            "pad_token_id": 1}
    vision = {"hidden_size": 16, "intermediate_size": 20, "num_hidden_layers": 1, "num_attention_heads": 2,
              "image_size": 32, "patch_size": 8}
    transformers.CLIPModel(transformers.CLIPConfig(text_config=text, vision_config=vision, projection_dim=8)
                           ).save_pretrained(folder)


def _dpt(folder: Path) -> None:
    import transformers

    settings = transformers.DPTConfig(hidden_size=16, num_hidden_layers=4, num_attention_heads=2, intermediate_size=20,
                                      image_size=32, patch_size=8, backbone_out_indices=[0, 1, 2, 3],
                                      neck_hidden_sizes=[8, 8, 8, 8], fusion_hidden_size=8)
    transformers.DPTForDepthEstimation(settings).save_pretrained(folder)
    transformers.DPTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder)


def _videomae(folder: Path) -> None:
    import transformers

    settings = transformers.VideoMAEConfig(image_size=32, patch_size=8, num_frames=4, tubelet_size=2, hidden_size=16,
                                           intermediate_size=20, num_hidden_layers=1, num_attention_heads=2,
                                           num_labels=2)
    transformers.VideoMAEForVideoClassification(settings).save_pretrained(folder)
    transformers.VideoMAEImageProcessor(size={"shortest_edge": 32},
                                        crop_size={"height": 32, "width": 32}).save_pretrained(folder)


def _owlvit(folder: Path) -> None:
    """OWL-ViT (google/owlvit-base-patch32's classes) with CLIP's tokenizer, its logits shifted so that every box
    passes the pipeline's threshold and is printed. Token id 0 is none of a query's first (OWL-ViT masks out a query
    starting with it), as CLIP's "!" is."""
    import torch
    import transformers

    tokenizer = _clip_tokenizer(folder, {"!": 0, "<|startoftext|>": 1, "<|endoftext|>": 2},
                                ("cat", "remote", "control", *"abdefghijklmnopqrstuvwxyz"))
    images = transformers.OwlViTImageProcessor(size={"height": 32, "width": 32}, crop_size={"height": 32, "width": 32})
    transformers.OwlViTProcessor(image_processor=images, tokenizer=tokenizer).save_pretrained(folder)
    text = {"vocab_size": len(tokenizer), "hidden_size": 16, "intermediate_size": 20, "num_hidden_layers": 1,
            "num_attention_heads": 2, "max_position_embeddings": 16, "bos_token_id": 1, "eos_token_id": 2,
            "pad_token_id": 0}
    vision = {"hidden_size": 16, "intermediate_size": 20, "num_hidden_layers": 1, "num_attention_heads": 2,
              "image_size": 32, "patch_size": 16}
    model = transformers.OwlViTForObjectDetection(transformers.OwlViTConfig(text_config=text, vision_config=vision,
                                                                            projection_dim=16))
    with torch.no_grad():
        model.class_head.logit_shift.bias.fill_(20.0)
    model.save_pretrained(folder)


def _tapas(folder: Path) -> None:
    """TAPAS (google/tapas-base-finetuned-wtq's class, with its aggregation head) and a WordPiece vocabulary of the
    table's and the question's words."""
    import transformers

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[EMPTY]", "how", "many", "stars", "does", "the",
             "transformers", "repository", "have", "?", "datasets", "tokenizers", "contributors", "36542", "4512", "3934",
             "651", "77", "34"]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    transformers.TapasTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    settings = transformers.TapasConfig(vocab_size=len(words), hidden_size=16, intermediate_size=20, num_hidden_layers=1,
                                        num_attention_heads=2, num_aggregation_labels=4, use_answer_as_supervision=True,
                                        aggregation_labels={0: "NONE", 1: "SUM", 2: "AVERAGE", 3: "COUNT"})
    transformers.TapasForQuestionAnswering(settings).save_pretrained(folder)


NLI = {"id2label": {0: "entailment", 1: "neutral", 2: "contradiction"},
       "label2id": {"entailment": 0, "neutral": 1, "contradiction": 2}}
# task -> (the model saved, what its printed output looks like)
MODELS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fill-mask": (lambda f: _bert(f, "BertForMaskedLM"), r"(\S* 0\.\d+\n){5}"),
    "token-classification": (lambda f: _bert(f, "BertForTokenClassification", num_labels=3),
                             r"(\S+ LABEL_[0-2] 0\.\d+\n){9,}"),
    "question-answering": (lambda f: _bert(f, "BertForQuestionAnswering"), r".*\n"),
    "feature-extraction": (lambda f: _bert(f, "BertModel"), r"torch\.Size\(\[1, \d+, 32\]\)\n"),
    "zero-shot-classification": (lambda f: _bert(f, "BertForSequenceClassification", **NLI),
                                 r"(urgent|not urgent|phone|tablet|computer) 0\.\d+\n"),
    "audio-classification": (lambda f: _wav2vec2(f, "Wav2Vec2ForSequenceClassification", num_labels=2),
                             r"(LABEL_[01] 0\.\d+\n){2}"),
    "automatic-speech-recognition": (_whisper, r".*\n"),
    "image-classification": (lambda f: _vit(f, "ViTForImageClassification", num_labels=2), r"(LABEL_[01] 0\.\d+\n){2}"),
    "image-feature-extraction": (lambda f: _vit(f, "ViTModel"), r"torch\.Size\(\[1, 17, 32\]\)\n"),
    "object-detection": (_detr, r"(LABEL_1 (0\.9\d*|1\.0) \{'xmin': \d+, 'ymin': \d+, 'xmax': \d+, 'ymax': \d+\}\n){1,3}"),
    "image-segmentation": (_segformer, r"(LABEL_[0-2] \(48, 40\)\n)+"),
    "zero-shot-image-classification": (_clip, r"(a photo of a (cat|dog|car) 0\.\d+\n){3}"),
    "depth-estimation": (_dpt, r"torch\.Size\(\[40, 48\]\)\n"),
    "video-classification": (_videomae, r"(LABEL_[01] 0\.\d+\n){2}"),
    "zero-shot-object-detection": (_owlvit, r"((cat|remote control) (0\.9\d*|1\.0) \{'xmin': -?\d+, 'ymin': -?\d+, "
                                            r"'xmax': \d+, 'ymax': \d+\}\n){8}"),
    "table-question-answering": (_tapas, r"(NONE|SUM|AVERAGE|COUNT)?.* \[.*\] (NONE|SUM|AVERAGE|COUNT)\n"),
}


def _inputs(folder: Path) -> dict[str, Path]:
    """Local files of the kinds the snippets read from a URL: a 1 s 440 Hz tone (16 kHz, 16-bit WAV), a PNG; with
    PyAV, a 3 s video (8 frames a second, MPEG-4)."""
    from PIL import Image

    files = {usage_tasks.AUDIO: folder / "speech.wav", usage_tasks.IMAGE: folder / "cat.png"}
    if importlib.util.find_spec("av") is not None:
        import av
        import numpy

        files[usage_tasks.VIDEO] = folder / "archery.mp4"
        with av.open(str(files[usage_tasks.VIDEO]), "w") as container:
            stream = container.add_stream("mpeg4", rate=8)
            stream.width = stream.height = 64
            stream.pix_fmt = "yuv420p"
            for i in range(24):
                container.mux(stream.encode(av.VideoFrame.from_ndarray(numpy.full((64, 64, 3), i * 10, numpy.uint8),
                                                                       format="rgb24")))
            container.mux(stream.encode())

    audio, image = folder / "speech.wav", folder / "cat.png"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 16000)))
                                 for i in range(16000)))
    Image.new("RGB", (48, 40), (200, 120, 40)).save(image)
    return files


def test_every_task_with_code_is_run_here():
    assert set(MODELS) == {t for t in TASKS if quick_start("acme/m", t, "transformers", None)} == set(TASKS)


@pytest.mark.parametrize("tag", TASKS)
def test_the_cards_code_runs_the_saved_model(tmp_path, tag):
    _ready_to_run(tag)
    import torch

    torch.manual_seed(0)
    save, printed = MODELS[tag]
    model = tmp_path / "model"
    model.mkdir()
    save(model)
    code = code_of(quick_start("acme/m", tag, "transformers", None)).replace('"acme/m"', json.dumps(str(model)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    assert "https://" not in code
    out = _printed(code, f"<Quick start of {tag}>")
    assert re.fullmatch(printed, out), out


def test_a_vits_models_code_reads_a_sentence_aloud(tmp_path):
    """MMS-TTS and its fine-tunes (VitsModel, text-to-speech): the pipeline speaks from the text alone (SpeechT5's and
    MusicGen's: test_usage_audio)."""
    section = quick_start("acme/m", "text-to-speech", "transformers", None, architecture="VitsModel")
    assert quick_start("acme/m", "text-to-speech", "transformers", None) == ""
    _ready_to_run("text-to-speech")
    import torch
    import transformers

    torch.manual_seed(0)
    model = tmp_path / "model"
    model.mkdir()
    (model / "vocab.json").write_text(json.dumps({c: i for i, c in enumerate(["<pad>", "<unk>", " ", *"abcdefghijklmnopqrstuvwxyz"])}))
    transformers.VitsTokenizer(str(model / "vocab.json"), phonemize=False).save_pretrained(model)
    settings = transformers.VitsConfig(vocab_size=29, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                       ffn_dim=20, flow_size=8, spectrogram_bins=9, upsample_initial_channel=16,
                                       upsample_rates=[2, 2], upsample_kernel_sizes=[4, 4], resblock_kernel_sizes=[3],
                                       resblock_dilation_sizes=[[1]], prior_encoder_num_flows=1,
                                       prior_encoder_num_wavenet_layers=1, posterior_encoder_num_wavenet_layers=1,
                                       duration_predictor_num_flows=1, duration_predictor_filter_channels=8,
                                       depth_separable_num_layers=1, sampling_rate=16000)
    transformers.VitsModel(settings).save_pretrained(model)
    out = _printed(code_of(section).replace('"acme/m"', json.dumps(str(model))), "<Quick start of text-to-speech>")
    assert re.fullmatch(r"16000 \((1, \d+|\d+,)\)\n", out), out  # (transformers 4 keeps the batch's axis)


def test_the_question_answering_adapters_code_runs_it_on_its_base(tmp_path):
    peft, transformers, base, adapter = _peft_bert(tmp_path, "BertForQuestionAnswering")
    model = peft.get_peft_model(transformers.AutoModelForQuestionAnswering.from_pretrained(base),
                                peft.LoraConfig(task_type="QUESTION_ANS", target_modules=["query", "value"], r=2))
    model.save_pretrained(adapter)
    assert json.loads((adapter / "adapter_config.json").read_text())["task_type"] == "QUESTION_ANS"
    from safetensors import safe_open

    with safe_open(str(adapter / "adapter_model.safetensors"), "pt") as saved:  # the trained head goes with it
        assert any("qa_outputs" in key for key in saved.keys())
    code = code_of(qa_adapter().split("\n\n", 1)[1]).replace('"acme/m"', json.dumps(str(adapter)))
    code = code.replace('"org/base"', json.dumps(str(base)))
    out = _printed(code, "<Quick start of a question-answering adapter>")
    assert out.endswith("\n")


def classifier_adapter(tag: str = "text-classification", task_type: str = "SEQ_CLS", labels: object = "3",
                       bases: tuple[str, ...] = ("org/base",)) -> str:
    return quick_start("acme/m", tag, "peft", "adapter", bases, (), True, None, task_type, None, labels)


def test_a_classifier_adapter_loads_its_base_with_the_labels_of_its_saved_head():
    section = classifier_adapter()
    assert section.startswith("This is a PEFT adapter: load it onto its base model, org/base, with the 3 labels of the "
                              "classifier head saved with it.\n\n```python\n")
    code = code_of(section.split("\n\n", 1)[1])
    assert ('AutoModelForSequenceClassification.from_pretrained("org/base", num_labels=3, '
            'ignore_mismatched_sizes=True)') in code
    tokens = code_of(classifier_adapter("token-classification", "TOKEN_CLS").split("\n\n", 1)[1])
    assert ('AutoModelForTokenClassification.from_pretrained("org/base", num_labels=3, '
            'ignore_mismatched_sizes=True)') in tokens


@pytest.mark.parametrize("tag, task_type, labels, bases", [
    ("text-classification", "SEQ_CLS", None, ("org/base",)),  # the head's size not read: its base would not fit it
    ("text-classification", "SEQ_CLS", "0", ("org/base",)),
    ("text-classification", "SEQ_CLS", "two", ("org/base",)),
    ("text-classification", "SEQ_CLS", "3", ()),
    ("text-classification", "SEQ_CLS", "3", ("org/a", "org/b")),
    ("text-classification", "TOKEN_CLS", "3", ("org/base",)),  # the task type's head is not the tag's
    ("token-classification", "SEQ_CLS", "3", ("org/base",)),
    ("text-classification", "CAUSAL_LM", "3", ("org/base",)),
])
def test_no_classifier_adapter_code_without_its_head_task_type_and_one_base(tag, task_type, labels, bases):
    assert classifier_adapter(tag, task_type, labels, bases) == ""


@pytest.mark.parametrize("tag, task_type, kind, printed, base_kind", [
    ("text-classification", "SEQ_CLS", "BertForSequenceClassification", r"LABEL_[0-2] 0\.\d+\n", "BertForMaskedLM"),
    ("token-classification", "TOKEN_CLS", "BertForTokenClassification", r"(\S+ LABEL_[0-2]\n){9,}", "BertForMaskedLM"),
    # a base that is a classifier of 5 labels itself (a sentiment model trained on for 3 others)
    ("text-classification", "SEQ_CLS", "BertForSequenceClassification", r"LABEL_[0-2] 0\.\d+\n",
     "BertForSequenceClassification"),
])
def test_the_classifier_adapters_code_runs_it_on_its_base(tmp_path, tag, task_type, kind, printed, base_kind):
    """A LoRA PEFT saves (its head of 3 labels with it) read as ingest reads it, and the card's code run on it: on a
    base as the Hub keeps bert-base-uncased or roberta-base (no classifier head), and on one with a head of 5 labels,
    which the saved head replaces (without ignore_mismatched_sizes its load failed: size mismatch for classifier)."""
    from generator.sources.adapter_weights import head_labels

    peft, transformers, base, adapter = _peft_bert(tmp_path, base_kind, **(
        {"num_labels": 5} if base_kind != "BertForMaskedLM" else {}))
    auto = getattr(transformers, "AutoModelFor" + kind.removeprefix("BertFor"))
    model = peft.get_peft_model(auto.from_pretrained(base, num_labels=3, ignore_mismatched_sizes=True),
                                peft.LoraConfig(task_type=task_type, target_modules=["query", "value"], r=2))
    model.save_pretrained(adapter)
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert head_labels(adapter, config) == 3
    code = code_of(classifier_adapter(tag, task_type, "3").split("\n\n", 1)[1])
    code = code.replace('"acme/m"', json.dumps(str(adapter))).replace('"org/base"', json.dumps(str(base)))
    out = _printed(code, f"<Quick start of a {tag} adapter>")
    assert re.fullmatch(printed, out), out


def test_a_classifier_adapter_of_one_output_prints_its_score(tmp_path):
    """A SEQ_CLS LoRA whose saved head has one output (a reward or regression head; PEFT's card gives no
    reward-trainer tag): the softmax of one output is 1.0 whatever the text, so the card's code prints the raw score,
    the model's own logit."""
    section = classifier_adapter(labels="1")
    assert section.startswith("This is a PEFT adapter: load it onto its base model, org/base, with the one output (a "
                              "score) of the head saved with it.\n\n")
    # (a base saved with its pooler, as the Hub's BERTs are: a random one would differ between two loads)
    peft, transformers, base, adapter = _peft_bert(tmp_path, "BertForSequenceClassification", num_labels=1)
    model = peft.get_peft_model(transformers.AutoModelForSequenceClassification.from_pretrained(base),
                                peft.LoraConfig(task_type="SEQ_CLS", target_modules=["query", "value"], r=2))
    model.save_pretrained(adapter)
    code = code_of(section.split("\n\n", 1)[1])
    code = code.replace('"acme/m"', json.dumps(str(adapter))).replace('"org/base"', json.dumps(str(base)))
    out = _printed(code, "<Quick start of a one-output classifier adapter>")
    import torch

    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    with torch.no_grad():
        score = model.eval()(**tokenizer(usage_tasks.SENTENCE, return_tensors="pt")).logits[0, 0].item()
    assert math.isclose(float(out), score, rel_tol=1e-4) and float(out) != 1.0, (out, score)


# --- image-to-text: TrOCR (a VisionEncoderDecoderModel), BLIP and GIT, each with its processor ------------------------

CAPTION_WORDS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "cat", "on", "the", "mat", "1", "/", "2")


def _caption_tokenizer(folder: Path) -> Any:
    import transformers

    (folder / "vocab.txt").write_text("\n".join(CAPTION_WORDS) + "\n", encoding="utf-8")
    return transformers.BertTokenizer(vocab_file=str(folder / "vocab.txt"))


def _trocr(folder: Path) -> None:
    """A ViT encoder and a TrOCR decoder, saved with its TrOCRProcessor (a ViT image processor and a tokenizer)."""
    import transformers

    encoder = transformers.ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=37)
    decoder = transformers.TrOCRConfig(vocab_size=len(CAPTION_WORDS), d_model=32, decoder_layers=1,
                                       decoder_attention_heads=2, decoder_ffn_dim=37, max_position_embeddings=64)
    settings = transformers.VisionEncoderDecoderConfig.from_encoder_decoder_configs(encoder, decoder)
    model = transformers.VisionEncoderDecoderModel(settings)
    for config in (model.config, model.generation_config):
        config.decoder_start_token_id, config.pad_token_id, config.eos_token_id = 2, 0, 3
    model.save_pretrained(folder)
    transformers.TrOCRProcessor(image_processor=transformers.ViTImageProcessor(size={"height": 32, "width": 32}),
                                tokenizer=_caption_tokenizer(folder)).save_pretrained(folder)


def _blip(folder: Path) -> None:
    import transformers

    text = dict(vocab_size=len(CAPTION_WORDS), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                intermediate_size=37, max_position_embeddings=64, bos_token_id=2, sep_token_id=3, pad_token_id=0)
    vision = dict(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                  intermediate_size=37)
    transformers.BlipForConditionalGeneration(transformers.BlipConfig(text_config=text, vision_config=vision,
                                                                      projection_dim=32)).save_pretrained(folder)
    transformers.BlipProcessor(image_processor=transformers.BlipImageProcessor(size={"height": 32, "width": 32}),
                               tokenizer=_caption_tokenizer(folder)).save_pretrained(folder)


def _git(folder: Path) -> None:
    import transformers

    vision = dict(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                  intermediate_size=37)
    settings = transformers.GitConfig(vision_config=vision, vocab_size=len(CAPTION_WORDS), hidden_size=32,
                                      num_hidden_layers=1, num_attention_heads=2, intermediate_size=37,
                                      max_position_embeddings=64, bos_token_id=2, eos_token_id=3, pad_token_id=0)
    transformers.GitForCausalLM(settings).save_pretrained(folder)
    images = transformers.CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    transformers.GitProcessor(image_processor=images, tokenizer=_caption_tokenizer(folder)).save_pretrained(folder)


CAPTIONERS: dict[str, Callable[[Path], None]] = {"VisionEncoderDecoderModel": _trocr,
                                                 "BlipForConditionalGeneration": _blip, "GitForCausalLM": _git}


def captioner(architecture: Optional[str], processor: Optional[str] = None, library: str = "transformers",
              relation: Optional[str] = None) -> str:
    return quick_start("acme/m", "image-to-text", library, relation, (), (), True, architecture, None, processor)


def test_every_image_to_text_architecture_with_code_is_run_here():
    assert set(CAPTIONERS) == set(usage_tasks.IMAGE_TO_TEXT)


@pytest.mark.parametrize("architecture, processor, library, relation", [
    (None, None, "transformers", None),  # which class loads it is not known: 4.4x and 5.x share no pipeline for it
    ("Pix2StructForConditionalGeneration", None, "transformers", None),
    ("VisionEncoderDecoderModel", None, "peft", "adapter"),
    ("VisionEncoderDecoderModel", None, None, None),
])
def test_no_image_to_text_code_where_it_is_not_certain(architecture, processor, library, relation):
    assert captioner(architecture, processor, library, relation) == ""


def test_an_image_to_text_model_without_its_processor_loads_its_bases():
    section = captioner("VisionEncoderDecoderModel", "microsoft/trocr-base-handwritten")
    assert section.startswith("Its processor is its base model's, microsoft/trocr-base-handwritten, which the run did "
                              "not save.\n\n")
    code = code_of(section.split("\n\n", 1)[1])
    assert 'AutoProcessor.from_pretrained("microsoft/trocr-base-handwritten")' in code
    assert 'VisionEncoderDecoderModel.from_pretrained("acme/m")' in code
    assert captioner("VisionEncoderDecoderModel", "not an id") == captioner("VisionEncoderDecoderModel")


@pytest.mark.parametrize("architecture", sorted(CAPTIONERS))
@pytest.mark.parametrize("own_processor", [True, False])
def test_the_image_to_text_code_runs_the_saved_model(tmp_path, architecture, own_processor):
    """Each captioner saved with its processor, or (own_processor False) saved alone beside a base holding the
    processor, as a TrOCR run that saved no tokenizer is run; the card's code run on a local image."""
    _torch_or_skip()
    import torch

    torch.manual_seed(0)
    model, base = tmp_path / "model", tmp_path / "base"
    model.mkdir()
    CAPTIONERS[architecture](model)
    section = captioner(architecture, None if own_processor else "org/base")
    if not own_processor:
        shutil.copytree(model, base)
        for saved in model.iterdir():
            if saved.name not in ("config.json", "model.safetensors", "generation_config.json"):
                saved.unlink()
        section = section.split("\n\n", 1)[1]
    code = code_of(section).replace('"acme/m"', json.dumps(str(model))).replace('"org/base"', json.dumps(str(base)))
    code = code.replace(json.dumps(usage_tasks.IMAGE), json.dumps(str(_inputs(tmp_path)[usage_tasks.IMAGE])))
    assert "https://" not in code
    out = _printed(code, f"<Quick start of {architecture}>")
    assert re.fullmatch(r"[a-z0-9/ ]*\n", out), out


@pytest.mark.parametrize("tag", sorted(usage_tasks.PREPROCESSED))
def test_a_vision_or_audio_model_saved_without_its_preprocessor_runs_with_its_bases(tmp_path, tag):
    """The model saved without preprocessor_config.json (a run whose Trainer was handed no processing_class), its
    base's beside it: the card's pipeline is given the base's image processor or feature extractor, and runs."""
    keyword = usage_tasks.PREPROCESSED[tag]
    section = quick_start("acme/m", tag, "transformers", None, processor="org/base")
    assert section.startswith(f"Its {keyword.replace('_', ' ')} is its base model's, org/base, which the run did "
                              "not save.\n\n")
    assert f'{keyword} = Auto' in code_of(section.split("\n\n", 1)[1])
    assert f', {keyword}={keyword})\n' in code_of(section.split("\n\n", 1)[1])
    _ready_to_run(tag)
    import torch

    torch.manual_seed(0)
    save, printed = MODELS[tag]
    model, base = tmp_path / "model", tmp_path / "base"
    model.mkdir()
    base.mkdir()
    save(model)
    save(base)
    (model / "preprocessor_config.json").unlink()
    code = code_of(section.split("\n\n", 1)[1]).replace('"acme/m"', json.dumps(str(model)))
    code = code.replace('"org/base"', json.dumps(str(base)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    out = _printed(code, f"<Quick start of {tag} saved without its preprocessor>")
    assert re.fullmatch(printed, out), out


def test_a_processor_named_by_no_hub_id_is_not_loaded():
    section = quick_start("acme/m", "image-classification", "transformers", None, processor="my processor")
    assert "image_processor=" not in section and "my processor" not in section


def test_a_ctc_recognizer_saved_without_its_tokenizer_gets_no_quick_start_and_a_warning_why(tmp_path):
    """ihuseynov/SR_Project: a Wav2Vec2ForCTC fine-tune of facebook/wav2vec2-large-xlsr-53 committed without vocab.json
    or tokenizer_config.json. The pipeline cannot decode its CTC outputs without them (transformers 5 fails reading a
    vocab file of None), and its base, pretrained only, has none: no Quick start; the warning says why and how to
    fix it. With the run's vocab.json beside it, the pipeline is there."""
    got = build_card(trainer_dir=SHAPES / "ctc_no_tokenizer_4.33", repo_id="acme/sr")
    assert got.records.model.pipeline_tag == "automatic-speech-recognition" and "## Quick start" not in got.text
    said = [w for w in got.warnings if w.code == "no-ctc-tokenizer"]
    assert len(said) == 1 and said[0].message.startswith("a Wav2Vec2ForCTC whose run saved no tokenizer")
    assert "processor.save_pretrained" in said[0].fix and "model.usage" in said[0].fix
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "ctc_no_tokenizer_4.33", run)
    (run / "vocab.json").write_text('{"<pad>": 0, "a": 1}', encoding="utf-8")
    saved = build_card(trainer_dir=run, repo_id="acme/sr")
    assert "no-ctc-tokenizer" not in [w.code for w in saved.warnings]
    assert 'pipeline("automatic-speech-recognition", model="acme/sr")' in saved.text


def test_a_whisper_run_saved_without_its_tokenizer_transcribes_with_its_bases(tmp_path):
    """A Whisper fine-tune saved without its tokenizer (the blog's Seq2SeqTrainer handed processor.feature_extractor):
    the pipeline given none writes an empty transcript; the card's gives it the base model's, and the text is there."""
    section = quick_start("acme/m", "automatic-speech-recognition", "transformers", None, tokenizer="org/base")
    assert section.startswith("Its tokenizer is its base model's, org/base, which the run did not save.\n\n")
    code = code_of(section.split("\n\n", 1)[1])
    assert 'tokenizer="org/base"' in code
    _ready_to_run("automatic-speech-recognition")
    import torch

    torch.manual_seed(1)  # (a tiny random Whisper that writes letters, not special tokens alone, on the tone)
    model, base = tmp_path / "model", tmp_path / "base"
    model.mkdir()
    base.mkdir()
    _whisper(model)
    _whisper(base)
    for name in ("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
                 "tokenizer.json"):
        (model / name).unlink(missing_ok=True)
    code = code.replace('"acme/m"', json.dumps(str(model))).replace('"org/base"', json.dumps(str(base)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    out = _printed(code, "<Quick start of a Whisper run saved without its tokenizer>")
    assert re.fullmatch(r"\S+\n", out), out


# --- adapters of vision and audio models: PEFT saves them with no task type, its auto_mapping naming the base's class -

def media_adapter(tag: str, architecture: Optional[str], labels: Optional[str] = "3",
                  bases: tuple[str, ...] = ("org/base",), task_type: Optional[str] = None) -> str:
    return quick_start("acme/m", tag, "peft", "adapter", bases, (), True, architecture, task_type, None, labels)


@pytest.mark.parametrize("tag, architecture, labels, bases, task_type", [
    ("image-classification", "ViTForImageClassification", None, ("org/base",), None),  # the head's size unknown
    ("image-classification", "ViTForImageClassification", "3", (), None),
    ("image-classification", "ViTForImageClassification", "3", ("org/a", "org/b"), None),
    ("image-classification", "ViTForImageClassification", "3", ("org/base",), "SEQ_CLS"),
    ("automatic-speech-recognition", "Wav2Vec2ForCTC", None, ("org/base",), None),  # its CTC vocabulary is the run's
    ("automatic-speech-recognition", None, None, ("org/base",), None),
    ("automatic-speech-recognition", "WhisperForConditionalGeneration", None, ("org/base",), "SEQ_2_SEQ_LM"),
    ("object-detection", "DetrForObjectDetection", "3", ("org/base",), None),
])
def test_no_vision_or_audio_adapter_code_where_it_is_not_certain(tag, architecture, labels, bases, task_type):
    assert media_adapter(tag, architecture, labels, bases, task_type) == ""


def _lora_saved(peft: Any, model: Any, folder: Path, targets: list[str], head: Optional[list[str]]) -> dict[str, Any]:
    """``model`` wrapped in a LoRA of PEFT with no task type (as its image classification guide and its Whisper example
    make one) and saved to ``folder``: its adapter_config.json."""
    peft.get_peft_model(model, peft.LoraConfig(target_modules=targets, modules_to_save=head, r=2)).save_pretrained(folder)
    config: dict[str, Any] = json.loads((folder / "adapter_config.json").read_text())
    assert config["task_type"] is None and config["auto_mapping"]["base_model_class"] == type(model).__name__
    return config


@pytest.mark.parametrize("tag", ["image-classification", "audio-classification"])
def test_an_image_or_audio_classifier_adapter_runs_on_its_base_with_the_labels_of_its_saved_head(tmp_path, tag):
    """A LoRA of a ViT (a wav2vec 2.0) classifier of 5 labels trained on for 3, its classifier in modules_to_save, as
    PEFT saves it: ingest reads its task, class and head's size from what PEFT wrote (adapter_config.json's
    auto_mapping, the safetensors header); the card's code loads the base with that many labels, merges the adapter
    in and runs the task's pipeline with the base's preprocessor (the adapter saves none); it prints 3 labels' scores."""
    _ready_to_run(tag)
    import peft
    import torch
    import transformers

    torch.manual_seed(0)
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    base.mkdir()
    if tag == "image-classification":
        _vit(base, "ViTForImageClassification", num_labels=5)
        auto, head = transformers.AutoModelForImageClassification, ["classifier"]
    else:
        _wav2vec2(base, "Wav2Vec2ForSequenceClassification", num_labels=5)
        auto, head = transformers.AutoModelForAudioClassification, ["projector", "classifier"]
    wrapped = auto.from_pretrained(base, num_labels=3, ignore_mismatched_sizes=True)
    # the attention projections by the installed transformers' names: ViT's query / value became q_proj / v_proj in 5.x
    names = {name.rsplit(".", 1)[-1] for name, _ in wrapped.named_modules()}
    targets = ["q_proj", "v_proj"] if {"q_proj", "v_proj"} <= names else ["query", "value"]
    config = _lora_saved(peft, wrapped, adapter, targets, head)
    config["base_model_name_or_path"] = "org/base"
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    model = build_card(trainer_dir=adapter, repo_id="acme/m").records.model
    assert (model.pipeline_tag, dict(model.details).get("Number of labels")) == (tag, "3")
    section = media_adapter(tag, dict(model.details).get("Architecture"))
    assert section.startswith("This is a PEFT adapter: load it onto its base model, org/base, with the 3 labels of the "
                              "classifier head saved with it.\n\n")
    code = code_of(section.split("\n\n", 1)[1])
    assert "num_labels=3, ignore_mismatched_sizes=True)" in code and ".merge_and_unload()" in code
    code = code.replace('"acme/m"', json.dumps(str(adapter))).replace('"org/base"', json.dumps(str(base)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    out = _printed(code, f"<Quick start of a {tag} adapter>")
    assert re.fullmatch(r"(LABEL_[0-2] 0\.\d+\n){3}", out), out


def test_a_speech_recognizer_adapter_runs_on_its_base_with_its_bases_processor(tmp_path):
    """A LoRA of Whisper as PEFT saves it (no task type, auto_mapping WhisperForConditionalGeneration: the shape of
    Elyorcode/SPEECH-TO-TEXT-MODEL's): the card's code loads it onto its base, merges it in and transcribes through
    the pipeline with the base's processor."""
    _ready_to_run("automatic-speech-recognition")
    import peft
    import torch
    import transformers

    torch.manual_seed(1)  # (a tiny random Whisper that writes letters, not special tokens alone, on the tone)
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    base.mkdir()
    _whisper(base)
    config = _lora_saved(peft, transformers.WhisperForConditionalGeneration.from_pretrained(base), adapter,
                         ["q_proj", "v_proj"], None)
    config["base_model_name_or_path"] = "org/base"
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    model = build_card(trainer_dir=adapter, repo_id="acme/m").records.model
    architecture = dict(model.details).get("Architecture")
    assert (model.pipeline_tag, architecture) == ("automatic-speech-recognition", "WhisperForConditionalGeneration")
    section = media_adapter("automatic-speech-recognition", architecture, None)
    assert section.startswith("This is a PEFT adapter: load it onto its base model, org/base.\n\n")
    code = code_of(section.split("\n\n", 1)[1])
    code = code.replace('"acme/m"', json.dumps(str(adapter))).replace('"org/base"', json.dumps(str(base)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    out = _printed(code, "<Quick start of a Whisper adapter>")
    assert re.fullmatch(r"\S+\n", out), out


@pytest.mark.parametrize("folder, tag, said", [
    # REAL: vuongndlst/ViT-LoRA-Demo, committed without its weights: the head's size is in no file
    ("vit_adapter_no_task_type_peft_0.14", "image-classification", "unknown-head-size"),
    ("whisper_adapter_no_task_type_peft_0.15", "automatic-speech-recognition", None),  # REAL: Elyorcode/SPEECH-TO-TEXT-MODEL
])
def test_a_real_vision_or_audio_adapter_gets_its_quick_start_or_a_warning_why_not(tmp_path, write, folder, tag, said):
    got = build_card(trainer_dir=SHAPES / folder, repo_id="acme/run", output=tmp_path / "README.md")
    assert got.records.model.pipeline_tag == tag
    assert [w.code for w in got.warnings if w.code == said] == ([said] if said else [])
    if said:
        assert "## Quick start" not in got.text and "image-classification adapter" in got.warnings[0].message
        return
    assert "AutoModelForSpeechSeq2Seq" in quick_start_of(got.text)
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert "usage" not in data["model"]
    again = render_card(load_records(write("again.yaml", yaml.safe_dump(data, sort_keys=False))))
    assert _uses_block(again) == _uses_block(got.text)


def quick_start_of(text: str) -> str:
    return _uses_block(text)


def test_a_clip_run_is_a_zero_shot_image_classifier_whose_code_runs(tmp_path):
    """A CLIPModel saved by a run (a contrastive fine-tune: config.json's architecture, the class of the model type):
    the Hub's zero-shot-image-classification, as it tags openai/clip-vit-base-patch32; before, the card had no pipeline
    tag and no Quick start. Its code scores the image against the texts; a SiglipModel's tokenizer needs
    sentencepiece (SiglipTokenizer, whose class its run saved)."""
    _ready_to_run("zero-shot-image-classification")
    import torch

    torch.manual_seed(0)
    model = tmp_path / "run"
    model.mkdir()
    _clip(model)
    built = build_card(trainer_dir=model, repo_id="acme/clip")
    assert built.records.model.pipeline_tag == "zero-shot-image-classification"
    section = built.text.split("## Quick start\n\n", 1)[1].split("<!-- modelcard-generator:end uses", 1)[0]
    code = code_of(section.strip()).replace('"acme/clip"', json.dumps(str(model)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    assert re.fullmatch(r"(a photo of a (cat|dog|car) 0\.\d+\n){3}", _printed(code, "<Quick start of a CLIP run>"))
    config = json.loads((model / "config.json").read_text())
    siglip = tmp_path / "siglip"
    siglip.mkdir()
    (siglip / "config.json").write_text(json.dumps({**config, "architectures": ["SiglipModel"], "model_type": "siglip"}))
    (siglip / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "SiglipTokenizer"}))
    text = build_card(trainer_dir=siglip, repo_id="acme/siglip").text
    assert "\n```bash\npip install sentencepiece\n```\n" in text and "- **Tokenizer:** SiglipTokenizer\n" in text
