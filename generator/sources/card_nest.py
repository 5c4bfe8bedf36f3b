"""The free sections of an imported card nested as the card outlines them: a sub-heading is kept inside its parent
section, as markdown at the level the card gives it, so the outline survives the records."""

from __future__ import annotations

import re
from typing import Any

from generator.sources.card_text import PLACEHOLDER, TRAINER_TITLES

# A heading kept as markdown in a free section's text, marked with its level in the card until the importer knows the
# level its section is written at (a private-use character, which no card's text holds)
MARK = "\ue000"
MARKED = re.compile(f"^{MARK}(\\d){MARK}(.*)$", re.M)


def marked_heading(level: int, title: str) -> str:
    """A heading of the card at ``level``, marked (MARKED) until unmark_headings writes it."""
    return f"{MARK}{level}{MARK}{title}"


def unmark_headings(text: str) -> str:
    """``text`` with its marked headings (MARKED) written at the level the card gives them."""
    return MARKED.sub(lambda m: "#" * int(m.group(1)) + " " + m.group(2), text)


def nest_sections(free: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep sub-headings inside their parent section, as markdown, so the outline survives. A heading with no
    text of its own ("# Original model card: ..." over the original's own title) keeps the next heading of its
    level inside it, so it is not lost (the renderer leaves out a section with no text). A heading shown in another
    place than a section holding only transformers' placeholder before it (a Keras card's "Training results" after
    the hyperparameters read as data, whose "## Training procedure" the renderer writes) is a section of its own
    there, not moved up into that one; under a person's text it stays nested (the trainer README reader cuts the
    Trainer's own headings out of such a section), unless it follows the lists read as data (a Trainer's results
    table kept as text after them is a section of its own, which the trainer README reader leaves out). In a card
    this generator made, a section is never nested in one of another of its blocks (``block``): each block's text
    is written back in its block (NYTK's second `#` title, a person's in our header, held the "Model details" and
    uses blocks' text after it, written in the header: a conflict after every re-import)."""
    out: list[dict[str, Any]] = []
    for n, sec in enumerate(free):
        # (a person's heading after the Trainer's lists read as data is not nested in the section before those
        # lists, which the card shows above them: it keeps its place after them)
        # (nor is a Trainer's heading kept as text after them nested in a section of another place: the lists
        # read as data are written between the two)
        # (nor is a section after what the renderer writes in its evaluation block, a leaderboard summary, nested in
        # one before it: Walmart-the-bag/WordWoven-13B's `## Quants:` under the bot's `# [Open LLM Leaderboard ...]`
        # moved up into its `# License`, above the table)
        if out and sec.get("block") == out[-1]["_block"] and (
                not sec["after_lists"] or sec["title"].lower() in TRAINER_TITLES and
                sec["position"] == out[-1]["position"]) and (
                sec["position"] == out[-1]["position"] or out[-1]["_own"] != PLACEHOLDER and
                sec["position"] != "end") and (
                sec["level"] > out[-1]["_level"] or sec["level"] == out[-1]["_level"] and out[-1]["_bare"]):
            hashes = "#" * sec["level"]  # as the card wrote it, under its section kept at the card's level
            out[-1]["_more"].append(f"{hashes} {sec['shown']}\n\n{sec['content']}".rstrip("\n"))
            out[-1]["_bare"] = False  # a heading over nothing holds the one next heading of its level, no more
            continue
        if out and sec["bare"] and (n + 1 == len(free) or free[n + 1]["level"] < sec["level"] or
                                    free[n + 1]["after_lists"] or free[n + 1]["position"] != sec["position"]):
            # a heading with no text before a higher one ("## We thank ..." over "# Contents"), or before the lists
            # read as data (iiiorg/piiranha-v1's "## Training and evaluation data", its placeholder deleted, just
            # over the Trainer's lists), or last in its place: it stays, as a heading at the end of the section
            # before it
            hashes = "#" * sec["level"]
            out[-1]["_more"].append(f"{hashes} {sec['shown']}")
            continue
        out.append({"title": sec["title"], "content": sec["content"], "position": sec["position"],
                    "_level": sec["level"], "_bare": sec["bare"], "_own": sec["content"].strip(),
                    "_block": sec.get("block"), "_more": []})
        if sec["level"] != 2:  # written at the card's level: a second `#` title, a `###` one under the title
            out[-1]["level"] = sec["level"]
    for sec in out:
        # the headings nested in it joined to its text once, a blank line between (each added to the text so far, it
        # was copied at each: 4,000 sub-sections under one section took seconds more at each doubling)
        if sec["_more"]:
            sec["content"] = "\n\n".join([sec["content"], *sec["_more"]]).strip("\n")
        # a heading kept as markdown in the text: at the level the card gives it, as the section's own is
        sec["content"] = unmark_headings(sec["content"])
        del sec["_level"], sec["_bare"], sec["_own"], sec["_block"], sec["_more"]
        if not sec["content"]:
            sec["content"] = " "
    return [s for s in out if s["content"].strip()]
