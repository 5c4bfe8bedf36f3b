"""The Quick start of a model that speaks or plays a text (generator/card/usage_audio.py): the card's own code, run here
against tiny random models saved offline, its Hub downloads (the vocoder, the speaker's x-vector) replaced by local
files."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from conftest import missing
from test_usage_tasks import _printed, _torch_or_skip, code_of

from generator import build_card
from generator.card.usage import quick_start
from generator.card.usage_audio import SPEAKER, VOCODER

TRAINER_SHAPES = Path(__file__).parent / "trainer_shapes"
SPEAKER_CALL = f'hf_hub_download("{SPEAKER[0]}", "{SPEAKER[1]}", repo_type="dataset")'


def _quick_start_of(card: str) -> str:
    return card.split("## Quick start\n\n", 1)[1].split("\n### ", 1)[0].split("\n<!-- ", 1)[0]


def test_a_real_speecht5_run_speaks_with_a_speakers_embedding_and_the_vocoder():
    """dawarepranav/speecht5_tts_english_technical_data's config.json (SpeechT5ForTextToSpeech): text-to-speech, whose
    pipeline raises without a speaker's embedding and loads the HiFi-GAN vocoder; its tokenizer needs sentencepiece."""
    card = build_card(trainer_dir=TRAINER_SHAPES / "speecht5_tts_finetune", repo_id="acme/m").text
    assert "\npipeline_tag: text-to-speech\n" in card
    section = _quick_start_of(card)
    assert "```bash\npip install sentencepiece\n```" in section
    code = section.split("```python\n", 1)[1].split("\n```", 1)[0]
    assert f'vocoder = SpeechT5HifiGan.from_pretrained("{VOCODER}")\n' in code
    assert 'synthesiser = pipeline("text-to-speech", model="acme/m", vocoder=vocoder)\n' in code
    assert f"path = {SPEAKER_CALL}\n" in code
    assert 'forward_params={"speaker_embeddings": speaker_embeddings})' in code
    compile(code, "<speecht5>", "exec")


@pytest.mark.parametrize(("tag", "architecture"), [
    ("text-to-speech", "BarkModel"),  # no tiny Bark builds under transformers 5.25: not run, so none
    ("text-to-speech", "MusicgenForConditionalGeneration"),  # a tag that is not its task
    ("text-to-audio", "SpeechT5ForTextToSpeech"),
    ("text-to-audio", "MusicgenMelodyForConditionalGeneration"),  # its processor takes a melody too
    ("text-to-audio", None),
])
def test_no_code_for_a_synthesizer_not_run(tag, architecture):
    assert quick_start("acme/m", tag, "transformers", None, architecture=architecture) == ""


def _sentencepiece_or_skip() -> None:
    if importlib.util.find_spec("sentencepiece") is None:
        missing("sentencepiece is not installed; SpeechT5's tokenizer needs it (pip install sentencepiece)",
                "MODELCARD_REQUIRE_TORCH")


def test_the_speecht5_code_speaks_a_sentence(tmp_path):
    _torch_or_skip()
    _sentencepiece_or_skip()
    import numpy
    import sentencepiece
    import torch
    import transformers

    torch.manual_seed(0)
    model, vocoder = tmp_path / "model", tmp_path / "vocoder"
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("my name is wolfgang and i live in berlin\n" * 20, encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(tmp_path / "spm_char"),
                                             model_type="char", vocab_size=24, bos_id=0, pad_id=1, eos_id=2, unk_id=3,
                                             minloglevel=2)
    tokenizer = transformers.SpeechT5Tokenizer(str(tmp_path / "spm_char.model"))
    transformers.SpeechT5Processor(feature_extractor=transformers.SpeechT5FeatureExtractor(),
                                   tokenizer=tokenizer).save_pretrained(model)
    settings = transformers.SpeechT5Config(
        vocab_size=len(tokenizer) + 1, hidden_size=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=20, decoder_ffn_dim=20, speech_decoder_prenet_units=16,
        speech_decoder_postnet_units=16, speech_decoder_postnet_layers=1, reduction_factor=2)
    transformers.SpeechT5ForTextToSpeech(settings).save_pretrained(model)
    transformers.SpeechT5HifiGan(transformers.SpeechT5HifiGanConfig(
        upsample_initial_channel=16, upsample_rates=[4, 4], upsample_kernel_sizes=[8, 8], resblock_kernel_sizes=[3],
        resblock_dilation_sizes=[[1]])).save_pretrained(vocoder)
    speaker = numpy.random.default_rng(0).standard_normal(settings.speaker_embedding_dim).astype("<f4")
    (tmp_path / "speaker.bin").write_bytes((speaker / numpy.linalg.norm(speaker)).tobytes())
    section = quick_start("acme/m", "text-to-speech", "transformers", None, architecture="SpeechT5ForTextToSpeech")
    code = code_of(section.split("\n\n", 1)[1]).replace('"acme/m"', json.dumps(str(model)))
    code = code.replace(json.dumps(VOCODER), json.dumps(str(vocoder)))
    code = code.replace(SPEAKER_CALL, json.dumps(str(tmp_path / "speaker.bin")))
    out = _printed(code, "<Quick start of SpeechT5>")
    assert re.fullmatch(r"16000 \(\d+,\)\n", out), out


def test_the_musicgen_code_plays_a_description(tmp_path):
    """MusicGen through the text-to-audio pipeline, which reads the text with its tokenizer alone (a tokenizers one
    here, which transformers 4 and 5 both load) and decodes the audio codes with its EnCodec."""
    _torch_or_skip()
    import tokenizers
    import torch
    import transformers

    torch.manual_seed(0)
    model = tmp_path / "model"
    words = ["<pad>", "</s>", "<unk>", "lo-fi", "music", "with", "a", "soothing", "melody"]
    backend = tokenizers.Tokenizer(tokenizers.models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    backend.pre_tokenizer = tokenizers.pre_tokenizers.WhitespaceSplit()
    transformers.PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", eos_token="</s>",
                                         unk_token="<unk>", model_input_names=["input_ids", "attention_mask"]  # as T5's
                                         ).save_pretrained(model)
    text = transformers.T5Config(vocab_size=len(words), d_model=16, d_kv=8, d_ff=20, num_layers=1, num_heads=2)
    # (one codebook: EnCodec's 0.25 kbps at 25 frames a second)
    codec = transformers.EncodecConfig(codebook_size=32, hidden_size=8, num_filters=4, upsampling_ratios=[8, 5, 4, 4],
                                       target_bandwidths=[0.25], sampling_rate=16000, codebook_dim=8)
    decoder = transformers.MusicgenDecoderConfig(vocab_size=32, hidden_size=16, num_hidden_layers=1,
                                                 num_attention_heads=2, ffn_dim=20, num_codebooks=1,
                                                 max_position_embeddings=64, pad_token_id=32, bos_token_id=32)
    music = transformers.MusicgenForConditionalGeneration(transformers.MusicgenConfig(
        text_encoder=text.to_dict(), audio_encoder=codec.to_dict(), decoder=decoder.to_dict()))
    music.generation_config.update(max_length=12, decoder_start_token_id=32, pad_token_id=32)
    music.save_pretrained(model)
    section = quick_start("acme/m", "text-to-audio", "transformers", None,
                          architecture="MusicgenForConditionalGeneration")
    out = _printed(code_of(section).replace('"acme/m"', json.dumps(str(model))), "<Quick start of MusicGen>")
    assert re.fullmatch(r"16000 \(((1, )+\d+|\d+,)\)\n", out), out  # (transformers 4 keeps the batch and channel axes)


def test_an_audio_language_model_run_is_audio_text_to_text_with_no_code():
    """A Qwen2-Audio fine-tune (the shape of Qwen/Qwen2-Audio-7B-Instruct's config.json): the Hub's audio-text-to-text,
    where the speech recognition pipeline of its Quick start raised KeyError 'input_ids' (it took it for a CTC model)."""
    card = build_card(trainer_dir=TRAINER_SHAPES / "qwen2_audio_finetune", repo_id="acme/m").text
    assert "\npipeline_tag: audio-text-to-text\n" in card
    assert "## Quick start" not in card


def test_a_speech_recognizer_built_on_a_language_model_is_tagged_so_with_no_code():
    """A Kyutai speech-to-text fine-tune (the shape of kyutai/stt-2.6b-en-trfs's config.json): its suffix made it
    text-generation, whose pipeline raised ValueError (no AutoModelForCausalLM class); it is the Hub's
    automatic-speech-recognition, and transformers 5.25's speech recognition pipeline raises TypeError on it: no code.
    A Whisper one keeps the pipeline's."""
    card = build_card(trainer_dir=TRAINER_SHAPES / "kyutai_stt_finetune_5.25", repo_id="acme/m").text
    assert "\npipeline_tag: automatic-speech-recognition\n" in card
    assert "## Quick start" not in card
    assert "transcriber = pipeline" in quick_start("acme/m", "automatic-speech-recognition", "transformers", None,
                                                   architecture="WhisperForConditionalGeneration")
    assert quick_start("acme/m", "automatic-speech-recognition", "transformers", None,
                       architecture="Qwen3ASRForConditionalGeneration") == ""
