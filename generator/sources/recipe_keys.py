"""Which keys each recipe tool knows (generator/data/recipe_keys_*.txt, built from the tools' own sources and named in
each file's header), and the keys a recipe states that its reader left unread: named in a warning, as a setting the
tool knows that records have no field for, or as a key unknown to it.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.resources import PACKAGE_DIR

# The key lists each reader's tool reads its recipes with, and how a warning names them.
_LISTS = {"trl": ("trl", "trl_scripts", "transformers", "accelerate"), "axolotl": ("axolotl",),
          "llama-factory": ("llamafactory", "transformers")}
# What each tool's list is made of, and the releases it is the union over: a key may be known to some of them only
# (axolotl's qat from 0.10 on), so a warning says "in at least one" or "in every" release.
_TOOLS = {"trl": ("TRL's config classes, transformers' TrainingArguments, the arguments of the alignment-handbook, "
                  "open-r1 and open-instruct scripts and those of `accelerate launch` (TRL's CLI launches with them)",
                  "TRL 0.8 to 1.9, transformers 4.36 to 5.25 and accelerate 0.26 to 1.14"),
          "axolotl": ("axolotl's config schema and the options its code reads", "axolotl 0.1 to 0.18"),
          "llama-factory": ("LLaMA-Factory's argument classes, its v1 engine's included, and transformers' "
                            "TrainingArguments", "LLaMA-Factory 0.6 to 0.9.5 and transformers 4.36 to 5.25")}


class ReadKeys(dict):
    """A recipe's top-level mapping that remembers which keys its reader looked up."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


@functools.lru_cache(maxsize=None)
def tool_keys(tool: str) -> frozenset[str]:
    """Every key ``tool``'s recipes may hold, by the tools' own sources."""
    return frozenset().union(*(key_list(f"recipe_keys_{name}") for name in _LISTS[tool]))


@functools.lru_cache(maxsize=None)
def key_list(name: str) -> frozenset[str]:
    """The names of generator/data/``name``.txt, one a line (``#`` lines: its header)."""
    text = (PACKAGE_DIR / "data" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def unread_said(tool: str, keys: list[str]) -> tuple[list[str], list[str]]:
    """``keys`` (stated, unread, named nowhere) split into those the tool knows and those unknown to it."""
    known = tool_keys(tool)
    return [k for k in keys if k in known], [k for k in keys if k not in known]


def tool_words(tool: str, known: bool) -> str:
    """What the tool's keys are and the releases they cover, as a warning says a key is ``known`` to it (in at least
    one of them) or unknown (in every one)."""
    what, releases = _TOOLS[tool]
    return f"{what} in {'at least one' if known else 'every'} release of {releases}"


__all__ = ["ReadKeys", "key_list", "tool_keys", "tool_words", "unread_said"]
