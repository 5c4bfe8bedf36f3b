"""generation_config.json -> ``model.generation``: the decoding defaults a model ships, which transformers'
``generate`` and ``pipeline`` apply unless a call overrides them.

transformers has written the file since 4.26 (``GenerationConfig.save_pretrained``, only the values that differ
from its defaults; ``_from_model_config: true`` when it was made from config.json, then usually the special token
ids alone). Read are the decoding settings (sampling, beam search, lengths, penalties, the special token ids), as
written; what only steers one model family's decoding (Whisper's ``lang_to_id``, ``suppress_tokens``,
``forced_decoder_ids``) and the file's own bookkeeping (``_from_model_config``, ``transformers_version``) are not.
A file transformers could not read either (empty, not JSON, not an object) is a warning: transformers then falls
back to the model config's defaults, and so does the card.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from generator.errors import Problem
from generator.sources.common import Ingested

FILE = "generation_config.json"
# GenerationConfig's decoding settings, in the order its docstring groups them (length, strategy, logits, tokens).
SETTINGS = ("max_length", "max_new_tokens", "min_length", "min_new_tokens", "early_stopping", "max_time",
            "stop_strings", "do_sample", "num_beams", "num_beam_groups", "penalty_alpha", "cache_implementation",
            "temperature", "top_k", "top_p", "min_p", "typical_p", "epsilon_cutoff", "eta_cutoff",
            "diversity_penalty", "repetition_penalty", "encoder_repetition_penalty", "length_penalty",
            "no_repeat_ngram_size", "encoder_no_repeat_ngram_size", "renormalize_logits", "guidance_scale",
            "num_return_sequences", "pad_token_id", "bos_token_id", "eos_token_id", "decoder_start_token_id",
            "forced_bos_token_id", "forced_eos_token_id")


def _usable(value: Any) -> bool:
    """A value records can hold: a finite number, a boolean, a one-line text, or a list of token ids / stop texts."""
    if isinstance(value, bool):
        return True
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    if isinstance(value, str):
        return bool(value.strip()) and "\n" not in value
    if isinstance(value, list) and value:
        return all(isinstance(v, int) and not isinstance(v, bool) for v in value) or \
            all(isinstance(v, str) and v.strip() and "\n" not in v for v in value)
    return False


def unreadable(problem: Problem, result: Ingested) -> None:
    """A generation_config.json that is not a JSON object: a warning, the card going without its defaults."""
    result.warn(FILE, f"{problem.message}: the model's generation defaults are left out of the card, as transformers "
                "leaves the file out when it loads the model", "save it again with "
                "model.generation_config.save_pretrained(output_dir), or remove it", code=problem.code)


def read_generation_config(config: Mapping[str, Any], result: Ingested) -> None:
    """The decoding defaults of a generation_config.json's ``config`` into ``result``'s ``model.generation``."""
    unusable = [k for k in SETTINGS if k in config and config[k] is not None and not _usable(config[k])]
    if unusable:
        result.warn(FILE, f"{', '.join(unusable)}: not a number, boolean, text or list of token ids; left out of "
                    "the card's generation defaults", "fix the value in generation_config.json", code="wrong-type")
    generation = {k: config[k] for k in SETTINGS if k in config and k not in unusable and config[k] is not None}
    if generation:
        result.data.setdefault("model", {})["generation"] = generation
