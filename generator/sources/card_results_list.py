"""transformers' "It achieves the following results on the evaluation set:" list in a card (the Trainer's README, a
Hub card, ours), read as numbers by name: each item ``- Name: value``, a metric's dict, a list of numbers."""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.card.model_index import legacy_metrics
from generator.records.numbers import number_list_text, number_mapping_text, read_number_list, read_number_mapping
from generator.sources.card_text import LIST_ITEM, _number
from generator.sources.trainer_log import summary_label


def eval_summary(lines: list[str], on: str = "evaluation set") -> Optional[tuple[int, int, dict[str, Any]]]:
    """transformers' "It achieves the following results on the evaluation set:" list: where it starts and ends
    (the intro line to past its last item) and its numbers by name; None when ``lines`` have no such list of
    numbers. ``on="test set"``: the list of a test split's results our card writes after it."""
    for i, line in enumerate(lines):
        if line.strip().startswith(f"It achieves the following results on the {on}"):
            end = i + 1
            while end < len(lines) and (LIST_ITEM.match(lines[end].strip()) or not lines[end].strip() and end == i + 1):
                end += 1
            values = {}
            for item in lines[i + 1:end]:
                m = LIST_ITEM.match(item.strip()) if item.strip().startswith(("-", "*")) else None
                if m and m.group(1).startswith("{"):  # metrics of no name, as a dict (MMG's squad_es run)
                    values.update(_dict_item("", m.group(1)))
                elif m and ":" in m.group(1):
                    key, value = m.group(1).split(":", 1)
                    number: Any = _number(value)
                    number = read_number_list(value.strip()) if number is None else number  # BLEU's precisions
                    if number is not None:
                        values[key.strip()] = number
                    else:  # a metric's dict: a number a key, or (nested: a classification report) as written
                        flat = _dict_item(key.strip(), value.strip())
                        nested = None if flat else read_number_mapping(value.strip())
                        values.update(flat if nested is None else {key.strip(): nested})
            if values:
                return i, end, values
    return None


def eval_summary_text(lines: list[str], found: tuple[int, int, dict[str, Any]]) -> dict[str, str]:
    """The items of an "It achieves" list (``found``: eval_summary's) written otherwise than their value shows by
    default, as written: the Trainer pads a rounded value to 4 decimals (0.4500), which reads back as 0.45."""
    from generator.records.numbers import fmt

    start, end, values = found
    written = {}
    for item in lines[start + 1:end]:
        m = LIST_ITEM.match(item.strip()) if item.strip().startswith(("-", "*")) else None
        if m and ":" in m.group(1):
            key, cell = (part.strip() for part in m.group(1).split(":", 1))
            value = values.get(key)
            if isinstance(value, float) and _number(cell) == value and fmt(value) != cell:
                written[key] = cell
            elif isinstance(value, list) and number_list_text(value) != cell:  # numpy's print of an array
                written[key] = cell
            elif isinstance(value, dict) and number_mapping_text(value) != cell:
                written[key] = cell
    return written


_DICT_ENTRY = re.compile(r"'([^'\\]{1,60})': ([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def _dict_item(name: str, value: str) -> dict[str, Any]:
    """An "It achieves" item the Trainer wrote as a metric's dict (``- Rouge: {'rouge1': 0.58, 'rouge2': 0.39}``,
    seqeval's ``- Per: {'precision': 0.88, ..., 'number': 49}``), as one number a key: ``Rouge1`` for a key that
    extends the item's name, the name alone for its one key (``- F1: {'f1': 0.83}``), else ``Per precision``. A dict
    of no name (``- {'exact_match': 60.3, 'f1': 77.0}``): each key as the Trainer reader names a final result
    (summary_label: ``Exact Match``)."""
    if not (value.startswith("{") and value.endswith("}")) or len(value) > 2000:
        return {}
    entries = _DICT_ENTRY.findall(value)
    if not entries or len(entries) != value.count(": "):
        return {}
    out: dict[str, Any] = {}
    for key, number in entries:
        if not name:
            label = summary_label("", key)
        elif key.lower() == name.lower():
            label = name
        elif key.lower().startswith(name.lower()):
            label = name + key[len(name):]
        else:
            label = f"{name} {key}"
        out[label] = _number(number)
    return out


def meant_metrics(meta: dict[str, Any], text: str) -> dict[str, Any]:
    """``meta`` with transformers 4.7-4.9's legacy model_index holding every metric it meant (legacy_metrics), their
    values the "It achieves" list's of the card ``text``; ``meta`` itself when it has no such key."""
    if "model_index" not in meta:
        return meta
    found = eval_summary(text.split("\n"))
    return {**meta, "model_index": legacy_metrics(meta["model_index"], meta.get("metrics"), found[2] if found else {})}
