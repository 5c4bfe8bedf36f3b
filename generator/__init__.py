"""modelcard-generator: Hugging Face model cards from the records of a training run.

    from generator import load_records, render_card, validate_card
    records = load_records("examples/zephyr-7b-gemma-v0.1")
    text = render_card(records)
    report = validate_card("README.md")

Names are imported on first use, so `import generator` and `modelcard render` stay
fast and never load the Hub client (only publishing needs it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "CheckReport": "check", "validate_card": "check",
    "build_card": "build", "ingest": "build",
    "GeneratorError": "errors",
    "load_records": "loader",
    "Records": "model",
    "render_card": "render",
    "publish_card": "publish", "publish_cards": "publish",
    "preview_card": "preview",
    "init_records": "scaffold",
    "schema_text": "schemas_export",
}
__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .build import build_card, ingest
    from .check import CheckReport, validate_card
    from .errors import GeneratorError
    from .loader import load_records
    from .model import Records
    from .publish import publish_card, publish_cards
    from .preview import preview_card
    from .render import render_card
    from .scaffold import init_records
    from .schemas_export import schema_text


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
