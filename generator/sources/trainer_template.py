"""huggingface_hub's model card template, which PEFT's own card of an adapter fills: a README no Trainer wrote whose
lines are the template's, its fields left at their defaults, says nothing a card of the run loses."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def template_lines() -> frozenset[str]:
    """The lines of huggingface_hub's model card template (templates/modelcard_template.md, which PEFT's own card
    fills), each field at its default, ``[More Information Needed]``; empty when the installed client lacks it."""
    import huggingface_hub

    path = Path(huggingface_hub.__file__).parent / "templates" / "modelcard_template.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\{\{[^}]*?default\(\"([^\"]*)\", true\)\s*\}\}", r"\1", text)  # a field at its default
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and "{%" not in line)
