"""The "Quick start" code of a transformers model that speaks or plays a text (text-to-speech, text-to-audio).

Each runs through transformers' text-to-audio pipeline (``text-to-speech`` is its alias), as its docs show it, under
4.4x as under 5.x, printing the waveform's sampling rate and shape: a VITS model (MMS-TTS's fine-tunes) speaks from the
text alone; a SpeechT5 model (SpeechT5ForTextToSpeech, the audio course's fine-tunes of microsoft/speecht5_tts) speaks
in the voice of a speaker's embedding (an x-vector of 512 numbers: without one its generate raises) and makes its
waveform with the HiFi-GAN vocoder the pipeline loads for it (given here, as the docs give it); MusicGen
(MusicgenForConditionalGeneration) plays a description of music, sampling as its docs do. Left out, as a wrong example
is worse than none: Bark (no tiny model of it builds under transformers 5.25: its generation config's sub-configs),
MusicGen Melody (its processor takes a melody too), FastSpeech 2 and CSM (none run here yet).
"""

from __future__ import annotations

import json
from typing import Optional

SENTENCE = "My name is Wolfgang and I live in Berlin."
# The vocoder transformers' text-to-audio pipeline loads for a SpeechT5 model given none (DEFAULT_VOCODER_ID)
VOCODER = "microsoft/speecht5_hifigan"
# A speaker's x-vector (512 little-endian float32 numbers, a CMU ARCTIC speaker's): the file transformers.js' SpeechT5
# docs speak with, a dataset repo's file (repo, filename)
SPEAKER = ("Xenova/transformers.js-docs", "speaker_embeddings.bin")
MUSIC = "lo-fi music with a soothing melody"  # the description transformers' MusicGen docs play

# config.json's architecture -> the pipeline tag (the Hub's) its code runs as
SYNTHESIZERS = {"VitsModel": "text-to-speech", "SpeechT5ForTextToSpeech": "text-to-speech",
                "MusicgenForConditionalGeneration": "text-to-audio"}


def _pipeline(task: str, name: str, repo_id: str, given: str = "") -> str:
    return f"{name} = pipeline({json.dumps(task)}, model={json.dumps(repo_id)}{given})\n"


_PRINTED = "print({}[\"sampling_rate\"], {}[\"audio\"].shape)  # the waveform: a NumPy array"


def _vits(repo_id: str) -> str:
    return ("from transformers import pipeline\n\n" + _pipeline("text-to-speech", "synthesiser", repo_id)
            + f"speech = synthesiser({json.dumps(SENTENCE)})\n" + _PRINTED.format("speech", "speech"))


def _speecht5(repo_id: str) -> str:
    repo, filename = SPEAKER
    return ("import numpy as np\nimport torch\nfrom huggingface_hub import hf_hub_download\n"
            "from transformers import SpeechT5HifiGan, pipeline\n\n"
            f"vocoder = SpeechT5HifiGan.from_pretrained({json.dumps(VOCODER)})\n"
            + _pipeline("text-to-speech", "synthesiser", repo_id, ", vocoder=vocoder")
            + "# the voice: a speaker's x-vector, 512 numbers (a CMU ARCTIC speaker's)\n"
            f"path = hf_hub_download({json.dumps(repo)}, {json.dumps(filename)}, repo_type=\"dataset\")\n"
            "speaker_embeddings = torch.from_numpy(np.fromfile(path, dtype=\"<f4\")).unsqueeze(0)\n"
            f"speech = synthesiser({json.dumps(SENTENCE)}, forward_params={{\"speaker_embeddings\": speaker_embeddings}})\n"
            + _PRINTED.format("speech", "speech"))


def _musicgen(repo_id: str) -> str:
    return ("from transformers import pipeline\n\n" + _pipeline("text-to-audio", "composer", repo_id)
            + f"music = composer({json.dumps(MUSIC)}, forward_params={{\"do_sample\": True}})\n"
            + _PRINTED.format("music", "music"))


_INTROS = {"SpeechT5ForTextToSpeech": "SpeechT5 speaks in the voice of a speaker's embedding (here one of the CMU "
                                      "ARCTIC speakers: an x-vector of the voices it was trained on fits it best) and "
                                      "makes its waveform with the HiFi-GAN vocoder.\n\n"}
_CODES = {"VitsModel": _vits, "SpeechT5ForTextToSpeech": _speecht5, "MusicgenForConditionalGeneration": _musicgen}


def synthesis_code(repo_id: str, pipeline_tag: Optional[str], architecture: Optional[str]) -> tuple[str, str]:
    """The text before the code and the code of a model of ``architecture`` (config.json's) tagged ``pipeline_tag``
    (text-to-speech or text-to-audio) saying a text aloud, or ``("", "")`` for one this module knows no certain way
    to run."""
    if architecture is None or SYNTHESIZERS.get(architecture) != pipeline_tag:
        return "", ""
    return _INTROS.get(architecture, ""), _CODES[architecture](repo_id)
