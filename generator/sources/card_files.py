"""A card of ours read with the `.eval_results` files it wrote.

A card modelcard-generator published records in its metadata marker (``evals=``) each `.eval_results` file it wrote
beside README.md. Imported, the card's model-index gives each score again, without the file's task id: records
made from the README alone write no file, and publishing them takes the Hub's copies for another's (a conflict on
the next score). Read with the card, each file's score that the card gives is that evaluation, which keeps the
file (its task id, name and blob, and what only the file says), so the records write it again as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.card.managed import FOLDER, written_files
from generator.errors import GeneratorError, Problem, some_of
from generator.io.files import read_text
from generator.markdown.frontmatter import split_card

UNREAD = "eval-results-not-read"  # the warning's code: a card of ours imported without the files it wrote


def files_of_our_cards(parts: list[Any], cards: list[Path]) -> list[Problem]:
    """Each card of ours among ``cards`` joined to the `.eval_results` files it wrote that ``parts`` (the merge's
    parts) read: a file's score the card gives (the same dataset, the same value) moves onto the card's evaluation,
    the file's own entry left out. A warning for each card whose files were not read."""
    told: list[Problem] = []
    entries = [(part, e) for part in parts if not part.hand_written for e in part.data.get("evaluations") or []
               if isinstance(e, dict) and e.get("eval_results_file")]
    moved: set[int] = set()
    for card in cards:
        part = next((p for p in parts if p.source == str(card)), None)
        if part is None:
            continue
        try:
            written = written_files(split_card(read_text(card, str(card)), str(card), finite=False)[1])
        except GeneratorError:
            continue
        names = [path[len(FOLDER) + 1:] for path in written or {}]
        missing = [name for name in names if not any(e["eval_results_file"] == name for _, e in entries)]
        if missing:
            told.append(Problem(str(card), "", f"is a card modelcard-generator published with the .eval_results "
                                f"files {some_of(missing)}, which were not read: records without them write none, "
                                "and publishing them would take the Hub's copies for another's (a conflict)",
                                f"download them beside {card.name} and import both: `modelcard ingest {card.name} "
                                f"{FOLDER}`", severity="warning", code=UNREAD))
        ours = [e for e in part.data.get("evaluations") or [] if isinstance(e, dict)]
        for _, e in entries:
            if e["eval_results_file"] in names and id(e) not in moved:
                same = next((o for o in ours if _same(o, e)), None)
                if same is not None:
                    _take_file(same, e)
                    moved.add(id(e))
    for part, e in entries:
        if id(e) in moved:
            part.data["evaluations"] = [x for x in part.data["evaluations"] if x is not e]
    return told


def _same(card: dict[str, Any], entry: dict[str, Any]) -> bool:
    """Whether the card's evaluation is the one the card wrote the file's ``entry`` from: the file holds the
    evaluation's dataset and first metric's value, as written."""
    dataset, metrics = card.get("dataset"), card.get("metrics")
    return "eval_results_file" not in card and isinstance(dataset, dict) and \
        dataset.get("id") == entry["dataset"]["id"] and isinstance(metrics, list) and bool(metrics) and \
        isinstance(metrics[0], dict) and metrics[0].get("value") == entry["metrics"][0]["value"]


def _take_file(card: dict[str, Any], entry: dict[str, Any]) -> None:
    """The card's evaluation keeps what only the file says of it (its task id, date, notes, source's user or org)
    and the file's name and blob."""
    dataset = card["dataset"] = dict(card["dataset"])
    for key, value in entry["dataset"].items():
        dataset.setdefault(key, value)
    for key, value in entry.items():
        if key in ("id", "benchmark", "dataset", "metrics", "model_index"):
            continue
        if key == "source" and isinstance(card.get(key), dict) and isinstance(value, dict):
            card[key] = {**value, **card[key]}
        else:
            card.setdefault(key, value)
