"""The one reader of ATX headings (``## Title``), by CommonMark's rules (spec section 4.2) as markdown-it-py, the
Hub's reader here, applies them.

Up to three spaces may come before the opening run of 1 to 6 ``#``, which a space, a tab or the end of the line
must follow (``#5`` and ``#hashtag`` are text). A closing run of ``#`` counts only after a space or a tab and with
nothing but spaces or tabs after it: ``## C#`` is titled "C#", ``## C #`` "C", ``## foo \\#`` "foo \\#" (an escaped
``#`` is the title's), ``### ###`` and ``#`` alone are empty headings. The title is the raw inline text, trimmed of
whitespace as markdown-it-py trims it; inline markup and escapes are left as written, so a heading writes back as it
was. Whether a line is in fenced code or an HTML comment is the fence scanner's question (``fences.scan_lines``):
callers ask it first. Containers (``> # quoted``, ``- # in a list``) are not looked into.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from generator.io.data import lazy_pattern

# the opening run: up to 3 spaces, 1-6 '#', then a space, a tab or the end of the line (a line ending counts as one)
_OPENING = lazy_pattern(r" {0,3}(#{1,6})(?=[ \t\r\n]|\Z)")
_STARTS = ("#", " ")
# what markdown-it-py trims from a heading's content (JavaScript's String.prototype.trim, minus U+FEFF)
_TRIM = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


class Heading(NamedTuple):
    """An ATX heading: its level (1-6) and its title ("" for an empty heading)."""

    level: int
    title: str


def atx_heading(line: str) -> Optional[Heading]:
    """The ATX heading ``line`` (one line, its line ending allowed) is, or None when it is none."""
    if not line.startswith(_STARTS):  # most lines: a fast no
        return None
    match = _OPENING.match(line)
    if match is None:
        return None
    rest = line[match.end():].rstrip("\r\n").rstrip(" \t")
    content = rest.rstrip("#")
    if content != rest and content.endswith((" ", "\t")):  # a closing run (rest starts with a space or a tab)
        rest = content
    return Heading(len(match.group(1)), rest.strip(_TRIM))
