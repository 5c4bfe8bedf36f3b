"""Split a README.md into its YAML frontmatter and markdown body, as the Hub does; tell a card's
path from a record set's."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar, Union

from generator.errors import CardError, InputError, Problem
from generator.io.data import gc_paused, lazy_pattern
from generator.io.yamlio import parse_yaml

# The Hub server and huggingface_hub use this exact expression (repocard.py).
FRONTMATTER = lazy_pattern(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")

# An empty block: the Hub's expression needs a line between the two ---, so it reads none.
EMPTY = lazy_pattern(r"^\s*---[ \t]*(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)")

CARD_SUFFIXES = (".md",)

# A cell of a tabular widget's example rows, as a JSON path under the metadata (`$.widget[0].structuredData.col[2]`,
# or `$.widget.structuredData...`, one example not in a list): skops writes a DataFrame's missing cell as YAML's
# `.nan`, which the Hub keeps and the widget reads as missing
_TABLE_CELL = re.compile(r"\.widget(?:\[\d+\])?\.(?:structuredData|structured_data)[.\[]")


def is_missing_cell(path: str, metadata: str = "$") -> bool:
    """Whether a NaN at JSON ``path`` is a missing cell of a tabular widget example, the metadata at ``metadata``
    (``$`` in a card, ``$.model.metadata`` in records): metadata the Hub keeps as it is, and so do the card's
    readers (split_card) and the records (records.loader)."""
    return path.startswith(metadata) and _TABLE_CELL.match(path, len(metadata)) is not None


T = TypeVar("T")


def keeping_missing_cells(read: Callable[[bool], T], metadata: str = "$") -> T:
    """``read(True)`` (a reading that refuses NaN), or ``read(False)`` when the NaN it refused are all missing cells
    of a tabular widget (is_missing_cell, the metadata at ``metadata``); any other problem is raised, alone."""
    try:
        return read(True)
    except InputError as exc:
        others = [p for p in exc.problems if p.code != "not-finite" or not is_missing_cell(p.path, metadata)]
        if others:
            raise InputError(others) from None
        return read(False)


def is_card_path(path: Union[str, os.PathLike]) -> bool:
    """Whether ``path`` names a README-style card (a .md file) rather than a record set."""
    p = path if isinstance(path, Path) else Path(path)  # Path(a Path) parses its parts again
    return p.suffix.lower() in CARD_SUFFIXES and not p.is_dir()


@gc_paused()
def split_card(text: str, name: str, finite: bool = True, text_keys: Optional[list] = None
               ) -> tuple[Optional[dict[str, Any]], str]:
    """(metadata, body); metadata is None when the card has no frontmatter block. ``finite=False``
    keeps NaN and infinities in the metadata instead of refusing the card; a tabular widget's missing cells
    (is_missing_cell) are kept either way. ``text_keys``, a list: a key that is no string (``0:``) is read as the
    Hub reads it, as text, and noted there (see parse_yaml), instead of refusing the card."""
    text = text.lstrip("\ufeff")
    match = FRONTMATTER.match(text)
    if not match:
        if EMPTY.match(text):  # `---` twice: the Hub reads no metadata, and neither is there any
            return {}, text[EMPTY.match(text).end():]  # type: ignore[union-attr]
        unclosed = _unclosed(text, name, 1)
        if unclosed is not None:
            raise CardError([unclosed])
        return None, text
    first_line = match.group(1).count("\n") + 1 + text[: match.start(1)].count("\n")
    def read(strict: bool) -> Any:
        if text_keys is not None:
            text_keys.clear()  # (read twice when a NaN is a tabular widget's missing cell)
        return parse_yaml(match.group(2), name, first_line=first_line, finite=finite and strict, text_keys=text_keys)

    try:
        metadata = keeping_missing_cells(read)
    except InputError as exc:
        raise CardError([Problem(p.file, p.path or "frontmatter", f"frontmatter: {p.message}", p.fix, code=p.code)
                         for p in exc.problems]) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise CardError([Problem(name, "frontmatter", f"is a {type(metadata).__name__}, not a mapping",
                                 "write the metadata as key: value lines", code="not-a-mapping")])
    return metadata, text[match.end():]


def text_key_warnings(text_keys: list, name: str) -> list[Problem]:
    """A warning for each key split_card read as text (``text_keys``): the Hub's reader (js-yaml) keys every mapping
    by text, so it takes ``0: negative`` as ``'0': negative``; the generator writes the key so, quoted."""
    return [Problem(name, f"line {line}", f"frontmatter: mapping key {key!r} is no string; read as the text "
                    f"{shown!r}, as the Hub reads it", f"quote the key ('{shown}': rather than {shown}:)",
                    code="non-string-key", severity="warning") for key, shown, line in text_keys]


# A top-level key of a block mapping as people write one: a plain scalar, at the start of its line (the indent of
# the block's first key: a block indented as a whole); what follows it up to the next such line (indented lines, a
# list at column 0, comments, blank lines) is its value. As YAML reads a plain key: it starts with no indicator but
# `-`, `?` or `:` before a non-space (`--license: mit`, `<!-- thumbnail: ...`), holds a `:` before a non-space and a
# `#` after one, and ends at `:` before a space, spaces before it not its own (`library_name : pytorch`).
_KEY_CHAR = r"(?:[^\s:#]|:(?=\S)|(?<=\S)#)"
_KEY = (r"((?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:](?=\S))" + _KEY_CHAR + r"*(?:[ \t]+(?!#)" + _KEY_CHAR + r"+)*)"
        r"[ \t]*:(?:[ \t]|$)")
_TOP_KEY = re.compile(r"^" + _KEY, re.M)
_FIRST_KEY = re.compile(r"^([ \t]*)" + _KEY, re.M)  # its indent: that of the block's keys

# Lines standing above a block's first key that are no comment: a document start marker, a directive
_DOCUMENT_START = re.compile(r"(?:---|%.*)[ \t]*(?:\n|$)")


def key_texts(text: str) -> dict[str, str]:
    """Each top-level key of ``text``'s frontmatter as written there (its lines, ending with a newline), for keys
    spelt plain at the start of a line (after the indent of a block indented as a whole); {} for a card without a
    block. The lines above the first key (a person's comment on the whole block: :func:`head_comments`) go with it,
    but for a ``---`` (a YAML document start, the Hub reading the block from the line after: a README opening `---`
    twice), which no key's text holds. A quoted value's lines go with its key, a line of it that reads like a key
    too (Inkdrop's widget text). What :func:`split_card` reads of the whole is not checked here: a caller writing
    these texts back reads its result again (card.frontmatter)."""
    block, starts = _scan(text)
    out: dict[str, str] = {}
    for (start, key), (stop, _) in zip(starts, starts[1:] + [(len(block), "")]):
        out.setdefault(key, block[start:stop])
    head = _head(block, starts) if starts else ""
    if head:
        out[starts[0][1]] = head + out[starts[0][1]]
    return out


def head_comments(text: str) -> str:
    """The comment lines standing above the first key of ``text``'s frontmatter (its first key's text holds them),
    or those of a block holding no key (the huggingface_hub template's comments over `{}`); "" for none."""
    block, starts = _scan(text)
    return _head(block, starts)


def _scan(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text``'s frontmatter block (ending with a newline; "" for none) and where each of its top-level keys starts."""
    match = FRONTMATTER.match(text.lstrip("\ufeff"))
    if not match:
        return "", []
    block = match.group(2) + "\n"
    first = _FIRST_KEY.search(block)
    keys = _TOP_KEY if first is None or not first.group(1) else re.compile("^" + re.escape(first.group(1)) + _KEY, re.M)
    return block, _keys_outside_quotes(block, [(m.start(), m.group(1)) for m in keys.finditer(block)])


def _head(block: str, starts: list[tuple[int, str]]) -> str:
    """The lines of ``block`` above its first key but for a document start (only comments and blank lines can stand
    there: a key's text would read otherwise); of a block holding no key, its comment lines."""
    if not starts:
        head = "".join(line for line in block.splitlines(keepends=True) if line.lstrip().startswith("#"))
    else:
        head = "".join(line for line in block[:starts[0][0]].splitlines(keepends=True)
                       if not _DOCUMENT_START.match(line))
    return head if head.strip() else ""


def _keys_outside_quotes(block: str, starts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``starts`` (where each line that reads like a top-level key begins in ``block``) without those inside a
    quoted value over several lines, whose lines may stand at the start of theirs."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(starts):
        out.append(starts[i])
        j = i + 1
        while j < len(starts) and _quote_open(block[starts[i][0]:starts[j][0]]):
            j += 1
        i = j
    return out


def _quote_open(text: str) -> bool:
    """Whether ``text`` (a key's lines) ends inside a quoted value; PyYAML is asked only of text holding a quote."""
    if "'" not in text and '"' not in text:
        return False
    from generator.io.libyaml import ends_in_quoted  # PyYAML stays out of the cold start of plain cards

    return ends_in_quoted(text)


def _unclosed(text: str, name: str, line: int) -> Optional[Problem]:
    """The problem of ``text`` (the card from its line ``line`` on) opening with a metadata block never closed."""
    if not re.match(r"^\s*---[ \t]*(\r\n|\r|\n)", text):
        return None
    message, fix = "opens a frontmatter block (---) that is never closed", "end the metadata with a line holding only ---"
    if re.match(r"^\s*---[ \t]+(\r\n|\r|\n)", text):
        message, fix = "has spaces after the opening ---, so the Hub reads no metadata", "remove the spaces"
    elif re.search(r"(\r\n|\r|\n)\.\.\.[ \t]*(\r\n|\r|\n|$)", text):
        message += " (the Hub does not read `...` as its end)"
    return Problem(name, f"line {line}", message, fix, code="unclosed-frontmatter")


# Lines a card shows nothing of: blank, or one whole HTML comment (this generator's block markers).
_HIDDEN_LINE = re.compile(r"[ \t]*(?:<!--(?:(?!-->).)*-->[ \t]*)?(?:\r\n|\r|\n)")


def unclosed_under_comments(text: str, name: str) -> Optional[Problem]:
    """For a card with no metadata block (split_card gave None): the unclosed-frontmatter problem of one whose text,
    under lines that show nothing (the header marker a card rendered from records opens with), opens a metadata block
    never closed: a card imported from one that never closed its block, rendered back with the same problem (the Hub
    shows the `---` and those lines as text in both); None for any other card."""
    text = text.lstrip("\ufeff")
    start = 0
    while True:
        hidden = _HIDDEN_LINE.match(text, start)
        if hidden is None or hidden.end() == start:
            break
        start = hidden.end()
    rest = text[start:]
    if not start or FRONTMATTER.match(rest) or EMPTY.match(rest):
        return None
    return _unclosed(rest, name, text[:start].count("\n") + 1)
