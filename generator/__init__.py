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
    "CheckReport": "check.validate", "validate_card": "check.validate",
    "build_card": "render.build", "ingest": "sources.pipeline",
    "GeneratorError": "errors",
    "load_records": "records.loader",
    "Records": "records.model",
    "render_card": "render.card",
    "publish_card": "publish.publish", "publish_cards": "publish.publish",
    "preview_card": "render.preview",
    "init_records": "sources.scaffold",
    "schema_text": "records.schemas_export",
}
__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from generator.check.validate import CheckReport, validate_card
    from generator.errors import GeneratorError
    from generator.publish.publish import publish_card, publish_cards
    from generator.records.loader import load_records
    from generator.records.model import Records
    from generator.records.schemas_export import schema_text
    from generator.render.build import build_card
    from generator.render.card import render_card
    from generator.render.preview import preview_card
    from generator.sources.pipeline import ingest
    from generator.sources.scaffold import init_records


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
