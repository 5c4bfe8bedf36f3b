"""A person's sections titled as a heading the card writes itself, joined under that one heading (see
:func:`joined_sections`), not written under a second heading of the same name."""

from __future__ import annotations

import re
from typing import Optional

from generator.markdown.fences import scan_lines
from generator.markdown.headings import atx_heading
from generator.records.model import Records, Section

_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*")  # a setext heading's underline (or, under a blank line, a rule)


def joined_sections(records: Records, written: dict[str, int], said: dict[str, frozenset[str]]
                     ) -> dict[str, tuple[tuple[Section, str], ...]]:
    """The free sections titled as a heading the card writes itself (``written``: folded title -> level), by that
    title, each with its text as it goes under that heading: a person's "## Quick Start" (a script to run) beside the
    generated "## Quick start", their "## Citation" or "### Citation" beside ours, their "## Model Details" beside
    ours, a Trainer card's "### Training results" table of text cells (per-label dicts, lists) kept as written, their
    "## Training hyperparameters" (their own list of the run's settings) over the run's list. A
    section at another level than the heading's comes with its own headings moved by the difference, so they stay
    under it as they were under theirs (Tanya-garg10's "## Training Results" over its "### Win Rate Improvement" under
    the generated "### Training results": "#### Win Rate Improvement"); one whose headings would then not be under it
    stays where it is. Under a heading whose list the card's import reads back only as the card writes it (``said``:
    its lines; "Framework versions"), a section joins only when each of its lines is one of them, saying nothing more
    (a person's "## Framework Versions" listing the PEFT version the card lists): left out. Their text goes under the
    one heading, in its place (see joined_text), not under a second of the same name."""
    joined: dict[str, tuple[tuple[Section, str], ...]] = {}
    for section in records.sections:
        key = section.title.casefold()  # (a title as the importer reads it: its spaces as a browser shows them)
        level = written.get(key)
        if not level or not section.content.strip():
            continue
        text = _moved_headings(section.content, level - section.level, level)
        if text is not None and (key not in said or _said(text, said[key])):
            joined[key] = joined.get(key, ()) + ((section, "" if key in said else text),)
    return joined


def _said(text: str, lines: frozenset[str]) -> bool:
    """Whether every line of ``text`` that is not blank is one of ``lines`` (the card writes them itself)."""
    return all(line.strip() in lines for line in text.split("\n") if line.strip())


def _moved_headings(text: str, by: int, under: int) -> Optional[str]:
    """Markdown ``text`` with each heading outside code and comments ``by`` levels deeper (shallower when negative);
    None when one would then not be under a heading of level ``under`` (levels ``under`` + 1 to 6), or when it may
    have a setext heading (a line of `=` or `-` under text), whose level no `#` can move."""
    if not by:
        return text
    lines = text.split("\n")
    for index, (line, fence, comment) in enumerate(scan_lines(lines)):
        if fence is not None or comment:
            continue
        heading = atx_heading(line)
        if heading is None:
            if index and lines[index - 1].strip() and _UNDERLINE.fullmatch(line):
                return None
            continue
        if not under < heading.level + by <= 6:
            return None
        hashes = line.index("#")
        lines[index] = line[:hashes] + "#" * (heading.level + by) + line[hashes + heading.level:]
    return "\n".join(lines)


def _headed(text: str) -> bool:
    """Whether markdown ``text`` has a heading outside code and comments."""
    return any(atx_heading(line) for line, fence, comment in scan_lines(text.split("\n")) if fence is None and not comment)


def joined_text(joined: dict[str, tuple[tuple[Section, str], ...]], title: str, before: bool, list_follows: bool
                 ) -> str:
    """The text of the free sections joined under the heading ``title`` writes, whole, with the line break or blank
    line after it: before the generated text (``before``), or after it where their text has headings of its own, under
    which the generated text would read as nested. Their list of `- ` items goes on into a generated one that follows
    (``list_follows``: the "Model details" list) with no blank line, one list as markdown reads the two either way,
    and as the card's import reads it back; after that list (``list_follows`` with not ``before``), a blank line ends
    it before their text."""
    texts = [text.strip("\n") for _, text in joined.get(title.casefold(), ()) if text.strip()]
    if not texts or any(map(_headed, texts)) == before:
        return ""
    if not before:
        return ("\n" if list_follows else "") + "\n\n".join(texts) + "\n\n"
    last, fence, comment = list(scan_lines(texts[-1].split("\n")))[-1]
    outside = fence is None and not comment
    return "\n\n".join(texts) + ("\n" if before and list_follows and outside and last.startswith("- ") else "\n\n")
