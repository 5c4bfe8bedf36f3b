"""What a run's adapter files say of its model (generator.sources.trainer_model): the size of the classifier head a
SEQ_CLS adapter saved, read from real adapters' safetensors headers (tests/trainer_shapes/ORIGINS.txt)."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import missing

from generator import build_card, ingest, load_records, render_card
from generator.card.usage import LABELS, PROCESSOR, TASK_TYPE
from generator.sources.adapter_weights import head_labels
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_model import architecture_pipeline
from generator.sources.vision_language import vision_language_base, vision_modules, vision_weights

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


@pytest.mark.parametrize("folder, labels", [
    ("seq_cls_adapter_distilbert_peft_0.17", 2),  # pre_classifier [768, 768] -> classifier [2, 768]
    ("seq_cls_adapter_roberta_peft_0.14", 5),  # classifier.dense [768, 768] -> classifier.out_proj [5, 768]
    ("seq_cls_adapter_distilbert_peft_0.20", 6),  # modules_to_save listing classifier twice
    ("seq_cls_adapter_bin_peft_0.5", 2),  # adapter_model.bin's pickled state dict; modules_to_save null
    ("seq_cls_adapter_bias_all_peft_0.15", 4),  # and the wrapper's modules_to_save / original_module biases
])
def test_a_classifier_adapter_says_how_many_labels_its_saved_head_has(folder, labels):
    model = read_trainer_dir(SHAPES / folder).data["model"]
    assert model["details"][LABELS] == str(labels)
    assert model["details"][TASK_TYPE] == "SEQ_CLS"
    assert model["pipeline_tag"] == "text-classification"


def test_a_real_classifier_adapter_gets_a_quick_start_loading_its_base_with_that_many_labels(tmp_path):
    card = build_card(trainer_dir=SHAPES / "seq_cls_adapter_roberta_peft_0.14", repo_id="acme/run",
                      output=tmp_path / "README.md").text
    assert "- **Number of labels:** 5\n" in card
    assert ("## Quick start\n\nThis is a PEFT adapter: load it onto its base model, roberta-base, with the 5 labels of "
            "the classifier head saved with it.\n") in card
    assert ('AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=5, '
            'ignore_mismatched_sizes=True)') in card
    assert 'PeftModel.from_pretrained(base_model, "acme/run")' in card
    data = ingest(sources=[tmp_path / "README.md"]).data  # read back: the count is the card's, its Quick start ours
    assert "usage" not in data["model"] and data["model"]["details"][LABELS] == "5"
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert render_card(load_records(tmp_path / "r.yaml")) == card


def _header(folder: Path, header: object) -> None:
    data = json.dumps(header).encode()
    (folder / "adapter_model.safetensors").write_bytes(struct.pack("<Q", len(data)) + data)


def _copy(tmp_path: Path, name: str = "seq_cls_adapter_roberta_peft_0.14") -> Path:
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / name, folder)
    return folder


@pytest.mark.parametrize("weights", [
    b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 3564732\n",  # a clone without LFS
    b"",
    b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all",
])
def test_no_count_from_weights_it_cannot_read(tmp_path, weights):
    folder = _copy(tmp_path)
    (folder / "adapter_model.safetensors").write_bytes(weights)
    config = json.loads((folder / "adapter_config.json").read_text())
    assert head_labels(folder, config) is None
    card = build_card(trainer_dir=folder, repo_id="acme/run").text
    assert "Number of labels" not in card and "## Quick start" not in card


@pytest.mark.parametrize("weights", [
    b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 4152489\n",
    b"PK\x03\x04 cut off",
    None,  # a pickle that would call os.system: refused, nothing run
])
def test_no_count_from_an_adapter_bin_it_cannot_read(tmp_path, weights):
    folder = _copy(tmp_path, "seq_cls_adapter_bin_peft_0.5")
    if weights is None:
        import io
        import pickle
        import zipfile

        class Runs:
            def __reduce__(self):
                return (__import__("os").system, ("true",))

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("adapter_model/data.pkl", pickle.dumps({"base_model.model.classifier.weight": Runs()}))
        weights = buffer.getvalue()
    (folder / "adapter_model.bin").write_bytes(weights)
    assert head_labels(folder, json.loads((folder / "adapter_config.json").read_text())) is None
    assert "Number of labels" not in build_card(trainer_dir=folder, repo_id="acme/run").text


def test_no_count_when_the_heads_last_layer_is_not_one_weight(tmp_path):
    """A head whose labels equal its hidden size (every layer's outputs another's inputs), or two unrelated saved
    modules: which layer gives the labels is not certain."""
    folder = _copy(tmp_path)
    config = json.loads((folder / "adapter_config.json").read_text())
    square = {"base_model.model.classifier.dense.weight": {"dtype": "F32", "shape": [8, 8], "data_offsets": [0, 256]},
              "base_model.model.classifier.out_proj.weight": {"dtype": "F32", "shape": [8, 8],
                                                              "data_offsets": [256, 512]}}
    _header(folder, square)
    assert head_labels(folder, config) is None
    _header(folder, {"base_model.model.classifier.weight": {"dtype": "F32", "shape": [3, 8], "data_offsets": [0, 96]},
                     "base_model.model.score.weight": {"dtype": "F32", "shape": [2, 8], "data_offsets": [96, 160]}})
    assert head_labels(folder, config) is None
    _header(folder, {"base_model.model.score.weight": {"dtype": "F32", "shape": [2, 8], "data_offsets": [0, 64]}})
    assert head_labels(folder, config) == 2
    assert head_labels(folder, dict(config, modules_to_save=None)) == 2  # PEFT's own default: classifier, score
    assert head_labels(folder, dict(config, modules_to_save=["pooler"])) is None


@pytest.mark.parametrize("architecture, model_type, tag", [
    ("VisionEncoderDecoderModel", "vision-encoder-decoder", "image-to-text"),  # TrOCR, Donut, Nougat
    ("BlipForConditionalGeneration", "blip", "image-to-text"),  # Salesforce/blip-image-captioning-base's tag
    ("GitForCausalLM", "git", "image-to-text"),  # microsoft/git-base's: not the causal LM its suffix says
    ("Blip2ForConditionalGeneration", "blip-2", "image-text-to-text"),  # takes a prompt
    ("GPT2LMHeadModel", "gpt2", "text-generation"),
])
def test_image_to_text_architectures(architecture, model_type, tag):
    assert architecture_pipeline(architecture, model_type) == tag


@pytest.mark.parametrize("architecture, model_type, tag", [
    # classes whose suffix says another task than theirs: each Quick start ran the other task's pipeline and failed
    ("OwlViTForObjectDetection", "owlvit", "zero-shot-object-detection"),
    ("Owlv2ForObjectDetection", "owlv2", "zero-shot-object-detection"),
    ("GroundingDinoForObjectDetection", "grounding-dino", "zero-shot-object-detection"),
    ("LayoutLMv3ForQuestionAnswering", "layoutlmv3", "document-question-answering"),
    ("LayoutLMForQuestionAnswering", "layoutlm", "document-question-answering"),
    ("TapasForQuestionAnswering", "tapas", "table-question-answering"),
    ("ViltForQuestionAnswering", "vilt", "visual-question-answering"),
    ("MusicgenForConditionalGeneration", "musicgen", "text-to-audio"),
    # audio language models: a Qwen2-Audio fine-tune's speech recognition pipeline raised KeyError 'input_ids', a
    # Voxtral one's text-generation pipeline ran it on a text alone
    ("Qwen2AudioForConditionalGeneration", "qwen2_audio", "audio-text-to-text"),
    ("VoxtralForConditionalGeneration", "voxtral", "audio-text-to-text"),
    # Qwen's omni models and Dia: their text-generation pipeline raised ValueError (no AutoModelForCausalLM class)
    ("Qwen2_5OmniForConditionalGeneration", "qwen2_5_omni", "any-to-any"),
    ("Qwen3OmniMoeForConditionalGeneration", "qwen3_omni_moe", "any-to-any"),
    ("DiaForConditionalGeneration", "dia", "text-to-speech"),
    ("VibeVoiceForConditionalGeneration", "vibevoice", "text-to-speech"),
    ("KyutaiSpeechToTextForConditionalGeneration", "kyutai_speech_to_text", "automatic-speech-recognition"),
    ("Qwen3ASRForConditionalGeneration", "qwen3_asr", "automatic-speech-recognition"),
    ("WhisperForConditionalGeneration", "whisper", "automatic-speech-recognition"),
    # classes of a task whose suffix names none: they had no pipeline tag, and so no Quick start
    ("VideoMAEForVideoClassification", "videomae", "video-classification"),
    ("TimesformerForVideoClassification", "timesformer", "video-classification"),
    ("Mask2FormerForUniversalSegmentation", "mask2former", "image-segmentation"),
    ("DetrForSegmentation", "detr", "image-segmentation"),
    ("DeiTForImageClassificationWithTeacher", "deit", "image-classification"),
    ("SamModel", "sam", "mask-generation"),
    ("VitsModel", "vits", "text-to-speech"),
    ("SpeechT5ForTextToSpeech", "speecht5", "text-to-speech"),
    ("SpeechT5ForSpeechToText", "speecht5", "automatic-speech-recognition"),
    ("DetrForObjectDetection", "detr", "object-detection"),
    ("BertForQuestionAnswering", "bert", "question-answering"),
    # masked LMs named ...WithLMHeadModel (transformers' MODEL_FOR_MASKED_LM_MAPPING; the Hub's fill-mask on
    # flaubert/flaubert_base_cased and FacebookAI/xlm-mlm-en-2048), which the LMHeadModel suffix made text-generation
    ("FlaubertWithLMHeadModel", "flaubert", "fill-mask"),
    ("XLMWithLMHeadModel", "xlm", "fill-mask"),
    ("GPT2LMHeadModel", "gpt2", "text-generation"),
])
def test_architectures_of_the_tasks_their_suffix_does_not_say(architecture, model_type, tag):
    assert architecture_pipeline(architecture, model_type) == tag


@pytest.mark.parametrize("architecture, model_type, tag", [
    # the audio course's fine-tunes: audio classifiers named ...ForSequenceClassification, whose Quick start was a
    # text-classification pipeline (a sentence given to a model of audio, no tokenizer to read it)
    ("Wav2Vec2ForSequenceClassification", "wav2vec2", "audio-classification"),
    ("HubertForSequenceClassification", "hubert", "audio-classification"),
    ("WavLMForSequenceClassification", "wavlm", "audio-classification"),
    ("ASTForAudioClassification", "audio-spectrogram-transformer", "audio-classification"),
    ("BertForSequenceClassification", "bert", "text-classification"),
])
def test_audio_classifier_architectures(architecture, model_type, tag):
    assert architecture_pipeline(architecture, model_type) == tag


@pytest.mark.parametrize("folder, tag", [
    ("vit_adapter_no_task_type_peft_0.14", "image-classification"),  # auto_mapping ViTForImageClassification
    ("whisper_adapter_no_task_type_peft_0.15", "automatic-speech-recognition"),  # WhisperForConditionalGeneration
    ("unet_adapter_no_task_type_peft_0.18", None),  # diffusers' UNet2DConditionModel: no transformers class
])
def test_an_adapter_without_a_task_type_is_of_the_base_class_peft_saved(folder, tag):
    """PEFT saves an adapter of a model it wrapped without a task type with the base's class (auto_mapping), the
    one file saying what it does: a real ViT classifier's LoRA (its classifier in modules_to_save) and a Whisper
    LoRA were tagged nothing. No Quick start: no auto class of PEFT's loads them."""
    model = read_trainer_dir(SHAPES / folder).data.get("model", {})
    assert model.get("pipeline_tag") == tag and model.get("library_name") == "peft"
    if folder.startswith("vit"):
        card = build_card(trainer_dir=SHAPES / folder, repo_id="acme/vit-lora").text
        assert "\npipeline_tag: image-classification\n" in card and "## Quick start" not in card


def test_a_marian_run_is_a_seq2seq_text_model():
    """MarianMTModel (Helsinki-NLP/opus-mt-*, config.json's one architecture of a real 4.19 fine-tune) is the one
    encoder-decoder LM whose class does not end in ForConditionalGeneration: it was tagged nothing, and its Quick
    start, had it had a tag, loaded it as a causal LM."""
    assert architecture_pipeline("MarianMTModel", "marian") == "text-generation"
    for folder in ("marian_translation_lfs_state_4.19", "marian_course_kde4_4.46"):  # the course's own run too
        card = build_card(trainer_dir=SHAPES / folder, repo_id="acme/opus-mt").text
        assert "\npipeline_tag: text-generation\n" in card
        assert 'model = AutoModelForSeq2SeqLM.from_pretrained("acme/opus-mt", device_map="auto")' in card


def test_an_adapter_of_a_local_base_gets_no_quick_start_until_its_base_is_named(tmp_path):
    """A real Firefly QLoRA's adapter_config.json names /devdata/.../Yi-6B-Chat, the local copy it trained from: the
    Quick start of an adapter with no Hub base, AutoPeftModel, would load the base from that path, which only that
    machine has. None is generated, saying so; naming the base in records, as the warning says, gives the one loading
    the adapter onto it."""
    run = SHAPES / "firefly_train_args_2024"
    result = build_card(trainer_dir=run, repo_id="acme/yi-6b-qlora")
    assert "## Quick start" not in result.text
    (warned,) = [w for w in result.warnings if w.code == "not-a-hub-id"]
    assert "unless the records name the base's Hub id, the card has no Quick start" in warned.message
    assert "model.base_model" in warned.fix
    assert ingest(trainer_dir=run, repo_id="acme/yi-6b-qlora").data["model"]["usage"] is False
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  base_model: 01-ai/Yi-6B-Chat\n")
    card = build_card(trainer_dir=run, records=[records], repo_id="acme/yi-6b-qlora").text
    assert 'base_model = AutoModelForCausalLM.from_pretrained("01-ai/Yi-6B-Chat", device_map="auto")' in card


TROCR = SHAPES / "trocr_processor_from_base_4.38"


def test_a_trocr_run_that_saved_no_tokenizer_is_run_with_its_bases_processor(tmp_path):
    """armenkarakashian/TrOcr-Number-Line-Fraction-Recognition (transformers 4.38) saved preprocessor_config.json and
    no tokenizer, as the TrOCR tutorial's Trainer does: its Quick start loads microsoft/trocr-large-stage1's processor
    and the run's VisionEncoderDecoderModel."""
    model = read_trainer_dir(TROCR).data["model"]
    assert model["pipeline_tag"] == "image-to-text" and model["details"][PROCESSOR] == "microsoft/trocr-large-stage1"
    card = build_card(trainer_dir=TROCR, repo_id="acme/run", output=tmp_path / "README.md").text
    assert "Its processor is its base model's, microsoft/trocr-large-stage1, which the run did not save." in card
    assert 'AutoProcessor.from_pretrained("microsoft/trocr-large-stage1")' in card
    assert 'VisionEncoderDecoderModel.from_pretrained("acme/run")' in card
    # read back: the Quick start is the one generated (the card, as its README had none, has no model-index, whose
    # name told the repo id: given, as publishing gives it)
    data = ingest(sources=[tmp_path / "README.md"], repo_id="acme/run").data
    assert "usage" not in data["model"]


def test_a_run_that_saved_its_whole_processor_is_run_with_its_own(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(TROCR, run)
    (run / "tokenizer_config.json").write_text('{"tokenizer_class": "XLMRobertaTokenizer"}')
    assert PROCESSOR not in read_trainer_dir(run).data["model"]["details"]
    assert 'AutoProcessor.from_pretrained("acme/run")' in build_card(trainer_dir=run, repo_id="acme/run").text


def test_a_vision_config_makes_a_generating_model_of_any_type_vision_language():
    """Qwen3.5 (qwen3_5) and Gemma 3n (gemma3n) are in no model-type list here: config.json's vision_config says it."""
    assert architecture_pipeline("Qwen3_5ForConditionalGeneration", "qwen3_5", True) == "image-text-to-text"
    assert architecture_pipeline("Gemma3nForConditionalGeneration", "gemma3n", True) == "image-text-to-text"
    assert architecture_pipeline("Qwen3_5ForCausalLM", "qwen3_5_text", False) == "text-generation"
    assert architecture_pipeline("CLIPModel", "clip", True) == "zero-shot-image-classification"  # not generating
    assert architecture_pipeline("GitForCausalLM", "git", True) == "image-to-text"


def test_an_adapter_beside_its_bases_vision_language_config_is_of_that_model(tmp_path):
    """Hand-written: the adapter of sciVQA_v14 with target_modules cut to the language model's (q_proj, v_proj) beside
    a config.json whose vision_config says the base sees images (a base's config saved with its adapter): the Quick
    start asks about an image, with the base's processor, none being saved."""
    run = tmp_path / "run"
    run.mkdir()
    config = json.loads((SHAPES / "vlm_adapter_qkv_leaf_peft" / "adapter_config.json").read_text())
    (run / "adapter_config.json").write_text(json.dumps(dict(config, target_modules=["q_proj", "v_proj"])))
    (run / "config.json").write_text(json.dumps({"architectures": ["Qwen3_5ForConditionalGeneration"],
                                                 "model_type": "qwen3_5", "vision_config": {"depth": 32}}))
    model = read_trainer_dir(run).data["model"]
    assert model["pipeline_tag"] == "image-text-to-text"
    assert model["details"][PROCESSOR] == "Qwen/Qwen2.5-VL-7B-Instruct"
    (run / "config.json").unlink()
    assert read_trainer_dir(run).data["model"]["pipeline_tag"] == "text-generation"  # the run's files say nothing
    # once merged, the base's name says it (vision_language_base); a base it does not name stays text-generation
    assert ingest(sources=[run]).data["model"]["pipeline_tag"] == "image-text-to-text"
    (run / "adapter_config.json").write_text(json.dumps(dict(config, target_modules=["q_proj", "v_proj"],
                                                             base_model_name_or_path="acme/base")))
    assert ingest(sources=[run]).data["model"]["pipeline_tag"] == "text-generation"


def _tiny_llava(folder: Path) -> Any:
    """A LLaVA (a CLIP vision tower, a Llama language model) made offline, as a vision-language base."""
    import transformers

    vision = transformers.CLIPVisionConfig(image_size=16, patch_size=8, hidden_size=16, intermediate_size=24,
                                           num_hidden_layers=1, num_attention_heads=2, projection_dim=16)
    text = transformers.LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=1,
                                    num_attention_heads=2, num_key_value_heads=2)
    return transformers.LlavaForConditionalGeneration(transformers.LlavaConfig(vision_config=vision, text_config=text,
                                                                               image_token_index=63))


@pytest.mark.parametrize("vision", [True, False])
def test_a_vision_language_adapter_is_told_by_the_names_of_the_weights_it_saved(tmp_path, vision):
    """A LoRA PEFT saves of q_proj and v_proj, which a vision tower's attention has as the language model's does:
    PEFT adapts both and names each weight by its module's path (base_model.model.model.vision_tower...), so a
    CAUSAL_LM adapter whose target_modules say nothing of vision is of a vision-language model; a text model's LoRA
    (a Llama alone) is not."""
    try:
        import peft
        import transformers
    except ImportError as exc:
        missing(f"{exc.name} is not installed (pip install torch==2.13.0 peft)", "MODELCARD_REQUIRE_TORCH")
    import torch

    torch.manual_seed(0)
    base = _tiny_llava(tmp_path) if vision else transformers.LlamaForCausalLM(transformers.LlamaConfig(
        vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=1, num_attention_heads=2))
    adapter = tmp_path / "adapter"
    peft.get_peft_model(base, peft.LoraConfig(task_type="CAUSAL_LM", target_modules=["q_proj", "v_proj"],
                                              r=2)).save_pretrained(adapter)
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert not vision_modules(config)  # its config alone says nothing of vision
    config["base_model_name_or_path"] = "org/base"
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    assert vision_weights(adapter) is vision
    model = read_trainer_dir(adapter).data["model"]
    assert model["pipeline_tag"] == ("image-text-to-text" if vision else "text-generation")


@pytest.mark.parametrize("folder, base", [("vlm_trl_readme_only_1.2", "llava-hf/llava-1.5-7b-hf"),
                                          ("vlm_trainer_readme_only_5.8", "Qwen/Qwen2-VL-2B-Instruct")])
def test_a_readme_only_adapter_of_a_vision_language_base_answers_on_an_image(tmp_path, folder, base):
    """Real cards committed alone (TRL 1.2's SFT card of a llava-1.5 LoRA, transformers 5.8's Trainer card of a
    Qwen2-VL LoRA) say text-generation, as the tools say of any model that generates; only the base's name says it
    sees images. The card is image-text-to-text, its Quick start loads the base with AutoModelForImageTextToText and
    the base's processor (AutoModelForCausalLM does not load llava or qwen2_vl), with a warning; as a card imported
    alone too."""
    for got in (build_card(trainer_dir=SHAPES / folder, repo_id="acme/vlm-lora"),
                build_card(sources=[SHAPES / folder / "README.md"], repo_id="acme/vlm-lora")):
        meta = yaml.safe_load(got.text.split("---\n")[1])
        assert meta["pipeline_tag"] == "image-text-to-text"
        assert f'AutoModelForImageTextToText.from_pretrained("{base}"' in got.text
        assert f'AutoProcessor.from_pretrained("{base}")' in got.text
        assert "AutoModelForCausalLM" not in got.text
        assert [w.code for w in got.warnings if base in w.message] == ["vision-language-base"]


def test_a_base_the_records_name_says_it_too_unless_they_set_the_pipeline_tag(tmp_path):
    """TRL 0.26's OPSD card of a LoRA of a local Qwen2.5-VL-3B-Instruct (trl_0.26_opsd_local_base_tag_readme_only):
    the records naming the base, as the local-base warning asks, bring back a Quick start, which is the
    vision-language one; records that set pipeline_tag keep theirs."""
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  base_model: Qwen/Qwen2.5-VL-3B-Instruct\n")
    shape = SHAPES / "trl_0.26_opsd_local_base_tag_readme_only"
    got = build_card(trainer_dir=shape, records=[records], repo_id="acme/opsd")
    assert 'AutoModelForImageTextToText.from_pretrained("Qwen/Qwen2.5-VL-3B-Instruct"' in got.text
    assert [w.code for w in got.warnings if w.path == "$.model.pipeline_tag"] == ["vision-language-base"]
    records.write_text("model:\n  base_model: Qwen/Qwen2.5-VL-3B-Instruct\n  pipeline_tag: text-generation\n")
    got = build_card(trainer_dir=shape, records=[records], repo_id="acme/opsd")
    assert "AutoModelForCausalLM" in got.text and "vision-language-base" not in {w.code for w in got.warnings}


@pytest.mark.parametrize("base, vision", [
    ("llava-hf/llava-v1.6-mistral-7b-hf", True), ("Qwen/Qwen2.5-VL-3B-Instruct", True),
    ("unsloth/qwen2.5-vl-32b-instruct-bnb-4bit", True), ("unsloth/gemma-3-4b-it-unsloth-bnb-4bit", True),
    ("google/gemma-3-27b-it", True), ("HuggingFaceTB/SmolVLM-256M-Instruct", True),
    ("google/gemma-3-1b-it", False),  # gemma3_text, a causal LM
    ("unsloth/Qwen2.5-Coder-7B-Instruct-bnb-4bit", False), ("Qwen/Qwen-VL-Chat", False),  # remote code
    ("someone/Qwen2-VL-7B-Instruct", False),  # a name alone, of no family's organisation
    ("llava-hf", False), ("/data/Qwen2-VL-7B", False),
])
def test_which_bases_are_vision_language_models(base, vision):
    assert vision_language_base(base) is vision


def test_a_text_bases_trl_card_stays_text_generation():
    """TRL 0.15's card of a gemma-2-2b run (trl_0.15_readme_only): text-generation, no warning."""
    got = build_card(trainer_dir=SHAPES / "trl_0.15_readme_only", repo_id="acme/run")
    assert "pipeline_tag: text-generation" in got.text
    assert not [w for w in got.warnings if w.code == "vision-language-base"]


def test_a_semantic_segmentation_model_is_the_hubs_image_segmentation():
    """protaxY/MAI_Moscow_3D_segmentation (transformers 4.41): a SegformerForSemanticSegmentation fine-tune of
    nvidia/mit-b0, the Hugging Face semantic segmentation guide's model. Its card had no pipeline_tag and so no Quick
    start; SegFormer's checkpoints on the Hub (nvidia/segformer-b0-finetuned-ade-512-512) are image-segmentation."""
    run = SHAPES / "segformer_checkpoint_4.41"
    assert architecture_pipeline("SegformerForSemanticSegmentation", "segformer") == "image-segmentation"
    assert read_trainer_dir(run).data["model"]["pipeline_tag"] == "image-segmentation"
    text = build_card(trainer_dir=run, repo_id="acme/drone-segformer").text
    assert 'pipeline("image-segmentation", model="acme/drone-segformer", image_processor=image_processor)' in text
    assert 'AutoImageProcessor.from_pretrained("nvidia/mit-b0")' in text  # the run saved no processor


def test_a_bert2bert_encoder_decoder_is_a_seq2seq_text_generator(tmp_path):
    """EncoderDecoderModel (zanuura/Bert2Bert_Summarization_Liputan6's real config): the class transformers'
    AutoModelForSeq2SeqLM maps "encoder-decoder" to, so the Hub's text2text-generation, folded into text-generation,
    with the seq2seq Quick start; the card had no pipeline_tag. The vision and speech encoder-decoders, whose names end
    the same, keep theirs."""
    model = read_trainer_dir(SHAPES / "bert2bert_halves_base_4.35").data["model"]
    assert model["pipeline_tag"] == "text-generation"
    assert architecture_pipeline("VisionEncoderDecoderModel", "vision-encoder-decoder") == "image-to-text"
    assert architecture_pipeline("SpeechEncoderDecoderModel", "speech-encoder-decoder") is None
    card = build_card(trainer_dir=SHAPES / "bert2bert_halves_base_4.35", repo_id="acme/bert2bert",
                      output=tmp_path / "README.md").text
    assert "pipeline_tag: text-generation\n" in card
    assert 'AutoModelForSeq2SeqLM.from_pretrained("acme/bert2bert", device_map="auto")' in card
