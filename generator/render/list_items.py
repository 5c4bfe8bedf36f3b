"""Values as a card's list items show them: the Trainer's hyperparameters (settings) and its final results."""

from __future__ import annotations

from typing import Any, Optional

from generator.records.numbers import exact, large_count, number_list_text, number_mapping_text, show
from generator.render.tables import LINK_TITLE, escape_text, inert, link


def format_setting(value: Any) -> str:
    """A setting (a hyperparameter) in a list item: numbers exactly as the run was given them, never rounded; text
    made inert as :func:`escape_text` makes it, except its http(s) links, kept links (a Trainer card's
    ``optimizer: [8-bit Adam](url) with betas=...``, which card import keeps as the value)."""
    if not isinstance(value, str):
        return exact(value)
    if "](" not in value:
        return escape_text(value)
    text = " ".join(value.split())
    shown, start = [], 0
    for match in LINK_TITLE.finditer(text):
        shown += [inert(text[start:match.start()]), link(match.group(1), match.group(2))]
        start = match.end()
    shown.append(inert(text[start:]))
    return "".join(shown)


def format_value(value: Any, decimals: Optional[int] = None) -> str:
    """A metric in a list item, shown as in a table (``decimals``: exactly that many); a hyperparameter is a
    setting (:func:`format_setting`)."""
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, list):  # BLEU's n-gram precisions: as the Trainer's card writes them, numbers alone
        return number_list_text(value)
    if isinstance(value, dict):  # a classification report: as the Trainer's card writes it
        return number_mapping_text(value)
    return show(value, decimals).text


def format_statistic(value: Any, decimals: Optional[int] = None) -> str:
    """A run's statistic in a list item: as :func:`format_value`, a count as large as Total FLOs by its magnitude."""
    return large_count(value) or format_value(value, decimals)
