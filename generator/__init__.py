"""modelcard-generator: Hugging Face model cards from the records of a training run.

    from generator import load_records, render_card, validate_card
    records = load_records("examples/zephyr-7b-gemma-v0.1")
    text = render_card(records)
    report = validate_card("README.md")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import build_card, ingest
from .check import CheckReport, validate_card
from .errors import GeneratorError
from .loader import load_records
from .model import Records
from .render import render_card

__all__ = ["CheckReport", "GeneratorError", "Records", "__version__", "build_card", "ingest", "load_records",
           "render_card", "validate_card"]
