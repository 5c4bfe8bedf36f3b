"""A fast reader for plain, well-formed BibTeX, as bibtexparser reads it.

Citation records hold a few entries each, written the one common way: ``@type{key,`` then
``name = {value}`` (braces balanced), ``name = "value"`` or ``name = 2024``, separated by
commas, and ``}``. For text wholly of such entries (and white space between them) :func:`read`
gives what ``bibtexparser.parse_string`` gives: each entry's lower-cased type, its key, its
fields as written (name, and the value without its enclosing braces or quotes) and its raw
text, in about a twentieth of the time. Anything else (``@string`` and other special blocks,
``#`` concatenation, macros, escaped braces, ``@`` or ``%`` in a value, duplicate keys or
fields, stray text, parentheses as delimiters) gives None, and bibtexparser decides, with the
problems it reports.
"""

from __future__ import annotations

import re
from typing import Optional

from generator.frozen import dataclass
from generator.io.data import lazy_pattern

_HEAD = re.compile(r"@([A-Za-z]+)\{\s*([A-Za-z0-9_:./+-]+)\s*,")
_FIELD = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t\n]*")
_QUOTED = lazy_pattern(r'"([^"{}@%\\]*(?:\{[^{}"@%\\]*\}[^"{}@%\\]*)*)"')
_NUMBER = lazy_pattern(r"[0-9]+")
_SPACE = re.compile(r"\s*")
_MARKS = re.compile(r"\\[{}]|[{}@%]")  # in a braced value: its braces, and what it declines
_PLAIN = r"[^{}@%\\]*(?:\\(?![{}])[^{}@%\\]*)*"  # braced text without braces: a backslash only before no brace
# A field whose value is braced (with braces at most one level deep inside), quoted or a number, and the spaces after
# it, in one match: what _FIELD, then _braced, _QUOTED or _NUMBER, then _SPACE read (written unrolled, so that the
# engine loops per character only in its plain runs); any other field is read by them.
_WHOLE_FIELD = re.compile(_FIELD.pattern + r"(?:\{(" + _PLAIN + r"(?:\{" + _PLAIN + r"\}" + _PLAIN + r")*)\}"
                          r'|"([^"{}@%\\]*(?:\{[^{}"@%\\]*\}[^"{}@%\\]*)*)"|([0-9]+))\s*')
_SPECIAL = ("string", "comment", "preamble")


@dataclass(frozen=True)
class Field:
    key: str
    value: str


@dataclass(frozen=True)
class Entry:
    entry_type: str
    key: str
    fields: tuple[Field, ...]
    raw: str


@dataclass(frozen=True)
class Library:
    """The parts of bibtexparser's Library that citations.py reads."""

    entries: tuple[Entry, ...]

    @property
    def blocks(self) -> tuple[Entry, ...]:
        return self.entries

    @property
    def failed_blocks(self) -> tuple[()]:
        return ()


def _braced(text: str, at: int) -> int:
    """The index after the ``}`` closing the ``{`` at ``text[at]``; -1 when the value is outside the subset."""
    depth = 0
    for mark in _MARKS.finditer(text, at):
        ch = mark.group(0)
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return mark.end()
        else:
            return -1
    return -1


def _entry(text: str, at: int) -> Optional[tuple[Entry, int]]:
    head = _HEAD.match(text, at)
    if head is None or head.group(1).lower() in _SPECIAL:
        return None
    fields: list[Field] = []
    names: set[str] = set()
    pos = head.end()
    while True:
        # a whole field first: it starts with the spaces before it (a '}' after them is no field, and is taken below)
        whole = _WHOLE_FIELD.match(text, pos)
        if whole is not None:
            name, braced, quoted, number = whole.groups()
            lower = name.lower()
            if lower in names:
                return None
            names.add(lower)
            fields.append(Field(name, braced if braced is not None else quoted if quoted is not None else number))
            pos = whole.end()
            if text[pos:pos + 1] == ",":
                pos += 1
            elif text[pos:pos + 1] != "}":
                return None
            continue
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # \s* always matches
        if text[pos:pos + 1] == "}":
            return Entry(head.group(1).lower(), head.group(2), tuple(fields), text[at:pos + 1]), pos + 1
        field = _FIELD.match(text, pos)
        if field is None or field.group(1).lower() in names:
            return None
        names.add(field.group(1).lower())
        pos = field.end()
        if text[pos:pos + 1] == "{":
            end = _braced(text, pos)
            if end < 0:
                return None
            value = text[pos + 1:end - 1]
        else:
            match = (_QUOTED if text[pos:pos + 1] == '"' else _NUMBER).match(text, pos)
            if match is None:
                return None
            end = match.end()
            value = match.group(1) if text[pos] == '"' else match.group(0)
        fields.append(Field(field.group(1), value))
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text[pos:pos + 1] == ",":
            pos += 1
        elif text[pos:pos + 1] != "}":
            return None


def read(text: str) -> Optional[Library]:
    """The entries of ``text`` when it is wholly plain, well-formed BibTeX (see above), else None."""
    entries: list[Entry] = []
    keys: set[str] = set()
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    while pos < len(text):
        found = _entry(text, pos)
        if found is None or found[0].key in keys:
            return None
        entries.append(found[0])
        keys.add(found[0].key)
        pos = _SPACE.match(text, found[1]).end()  # type: ignore[union-attr]
    return Library(tuple(entries)) if entries else None
