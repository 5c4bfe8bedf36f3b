"""What a recipe's values are that no run could have used as written, and how warnings show a value."""

from __future__ import annotations

import re
from typing import Any, Optional

# A variable its launch script fills in (``seed: ${SEED}``, ``model_name_or_path: $MODEL``): no value is known yet.
_VARIABLE = re.compile(r"\$\{[^}]*\}|^\$[A-Za-z_]\w*$")
# A placeholder word its launch command overrides (alignment-handbook forks write `beta: dummy`, `learning_rate: dummy`
# and pass the values as --beta=...: HfArgumentParser could not run with the word itself).
_PLACEHOLDER = re.compile(r"^(dummy|placeholder|\?\?\?)$", re.I)
# A template's blank for its user to fill in (axolotl 0.10+ examples/orpheus/finetune.yml: `hub_model_id:
# <your-hub-model-id>`, `path: <your-hf-dataset-id>`); not a special token (`<|im_end|>`, `<pad>`).
_BLANK = re.compile(r"<\s*your[^<>|]*>", re.I)
# The same blank in brackets, which YAML reads as a list (`model_name_or_path: [your checkpoint directory, example:
# meta-llama/Llama-3.1-8B-Instruct]`, templates of LLaMA-Factory's examples/train_full/llama3_full_dpo.yaml): its first
# item starts with "your".
_LIST_BLANK = re.compile(r"^\s*your\b", re.I)


def unfilled(value: Any) -> Optional[tuple[str, str]]:
    """The warning's message and fix when ``value`` is not the run's value but a variable its launch script fills in,
    a placeholder its launch command overrides or a template's blank; None for a value."""
    if isinstance(value, list) and value and isinstance(value[0], str) and _LIST_BLANK.match(value[0]):
        return (f"is {shown_setting(value)}, a blank the recipe's template leaves for its user to fill in (written "
                "in brackets, which YAML reads as a list; the tool cannot run with it): its value is not known from "
                "the recipe, so it is left out",
                "pass the recipe with the values the run used filled in, or set the value in your records")
    if not isinstance(value, str):
        return None
    if _BLANK.search(value) and not _VARIABLE.search(value):
        return (f"is {value!r}, a blank the recipe's template leaves for its user to fill in (the tool cannot run "
                "with it): its value is not known from the recipe, so it is left out",
                "pass the recipe with the values the run used filled in, or set the value in your records")
    if _PLACEHOLDER.match(value.strip()):
        return (f"is {value!r}, a placeholder its launch command overrides (the training script cannot run with "
                "it): its value is not known from the recipe, so it is left out",
                "pass the recipe with the values the run used filled in, or set the value in your records")
    if _VARIABLE.search(value):
        return (f"is {value!r}, a variable the launch script fills in: its value is not known from the recipe, so "
                "it is left out", "pass the recipe with the values filled in, or set the value in your records")
    return None


def shown_setting(value: Any) -> str:
    """A setting's value as a warning shows it: YAML's true/false, a mapping's items, a list's entries."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown_setting(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(shown_setting(v) for v in value) + "]"
    return str(value)
