"""The one rule of what the renderer escapes in text it writes, and its inverse the card importer reads back with."""

from __future__ import annotations

import html
import re

# A run of underscores CommonMark may read as emphasis: one that can open or close it (left- or right-flanking). A
# run between two letters or digits (learning_rate, deberta-v3-large__sst2) can do neither, and is written as it is;
# one with whitespace, punctuation or the text's end on either side may (`__main__.Args` shows "main" in bold, `_x_`
# in italics). Beside the text's end the renderer cannot see what the line puts there, so it takes the end for
# punctuation, the case that opens or closes the most.
EMPHASIS_UNDERSCORE = re.compile(r"(?<!_)(?:(?<!\w)_+|_+(?!\w))")

_ESCAPE = re.compile(r"([\\`*\[\]|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_INERT = re.compile(r"[^\\`*\[\]|&<>\s]+(?: [^\\`*\[\]|&<>\s]+)*")  # nothing escape_text would change


def escape_text(text: str) -> str:
    """Make a record string inert inside a markdown table cell or list item:
    no HTML, no links or emphasis it did not ask for, no cell breaks, one line."""
    text = str(text)
    if _INERT.fullmatch(text) and ("_" not in text or not EMPHASIS_UNDERSCORE.search(text)):  # most names: one
        return text  # pattern instead of a split, two substitutions and two replaces
    return _escaped(text)


def _escaped(text: str) -> str:
    return inert(" ".join(text.split()))


def inert(text: str) -> str:
    """``text``, its whitespace as it is, with no HTML and no markdown it did not ask for."""
    text = _ESCAPE.sub(r"\\\1", _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;"))
    return EMPHASIS_UNDERSCORE.sub(_backslashed, text) if "_" in text else text


def _backslashed(match: re.Match[str]) -> str:
    return "".join("\\" + c for c in match.group(0))


# What CommonMark reads as the start of a block at the start of a list item's content: a heading (`- # x`), a list of
# its own (`- - m`, `- + p`, `- 1. o`), a fence (`- ~~~`). (`*`, a backtick, `>`, `<` and `_` are escaped anywhere.)
_BLOCK_START = re.compile(r"(#{1,6}|[-+])(?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|~~~")
# A heading's closing sequence: a run of `#` at the end, after a blank or alone (`# #` is an empty heading)
_CLOSING = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")


def escape_item(text: str) -> str:
    """:func:`escape_text` for text that starts a list item (a hyperparameter's name, a library in the framework
    versions): a start CommonMark would read as a block of its own (a hyperparameter named `# h` was a heading) is
    escaped too."""
    text = escape_text(text)
    found = _BLOCK_START.match(text)
    if found is None:
        return text
    at = found.end() if found.group(0)[0].isdigit() else 0  # `1\. o`: the mark after the number
    return text[:at] + "\\" + text[at:]


def heading_end(text: str) -> str:
    """Heading text with a run of `#` that would close the heading escaped: the title `C #` showed as `C`."""
    found = _CLOSING.search(text)
    return text if found is None else text[:found.start()] + "\\" + text[found.start():]


# A backslash escape as CommonMark reads one: a backslash before an ASCII punctuation mark shows the mark.
BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A character reference as CommonMark reads one: named or numeric, always with its semicolon.
REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_READ = re.compile(BACKSLASH_ESCAPE.pattern + "|" + REFERENCE.pattern)


def unescape(text: str) -> str:
    """What text the renderer escaped shows, and so the record string behind it: its backslash escapes and character
    references read in one pass as CommonMark reads them (the inverse of the renderer's escaping, and of a person's
    ``acc\\_norm``)."""
    return _READ.sub(_shown, text) if "\\" in text or "&" in text else text


def _shown(match: re.Match[str]) -> str:
    escaped = match.group(1)
    return html.unescape(match.group(0)) if escaped is None else escaped
