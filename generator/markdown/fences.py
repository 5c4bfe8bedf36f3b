"""The one scanner for fenced code blocks, by CommonMark's rules.

A fence opens with a line of at least three backticks or tildes (a backtick fence's info
string may hold no backtick) and is closed only by a line of the same character, at least
as long as the opening run, with nothing after it but spaces: ```` ```python ```` inside an
open ```` ``` ```` block is content, not a closing fence. A fence never closed runs to the
end of the text. An HTML comment block (a line starting with <!--, up to the first line
holding -->) is not scanned: a fence in it is text, as on the Hub. Unlike CommonMark's
top-level rule, any indentation is accepted: a fence in a
list item is indented, and this scanner does not track list containers.

HTML comments are known here too: where a comment block starts and ends (CommonMark's HTML
block 2, for the scanner, the card importer's headings and the sanitizer), and that a comment
ends at the first --> after its <!-- (the records' free-text check).

Every place that must know whether a line is code or a comment (the renderer's blank-line
pass, the sanitizer, the table check, the card importer, the records' free-text check) asks here.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

from generator.frozen import dataclass

_OPENING = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Fence:
    """An opening fence: its run of backticks or tildes and its info string (stripped)."""

    marker: str
    info: str = ""


@dataclass(frozen=True)
class FencedBlock:
    """A fenced block of a list of lines: the index of its opening and closing lines
    (``end`` is None when the fence is never closed)."""

    start: int
    end: Optional[int]
    fence: Fence


def opening(line: str) -> Optional[Fence]:
    """The fence ``line`` opens, or None when it opens none."""
    match = _OPENING.match(line)
    if match is None:
        return None
    marker, info = match.group(1), match.group(2)
    if marker[0] == "`" and "`" in info:
        return None
    return Fence(marker, info.strip())


def closes(line: str, fence: Fence) -> bool:
    """Whether ``line`` closes ``fence``: the same character, at least as many, nothing else."""
    stripped = line.strip()
    return len(stripped) >= len(fence.marker) and stripped == fence.marker[0] * len(stripped)


def comment_opens(line: str) -> bool:
    """Whether ``line`` starts an HTML comment block that goes on past it (CommonMark's HTML block 2): the lines
    up to the first one holding --> are the comment's, so a fence in them is text, not code."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) <= 3 and stripped.startswith("<!--") and "-->" not in stripped[4:]


# A comment block in a stretch of text: from a line starting with <!-- (up to 3 spaces before it) to the first -->
# after it, the same rule as comment_opens and scan_lines on lines.
COMMENT_BLOCK = re.compile(r"^ {0,3}<!--.*?-->", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def comments_end(text: str) -> int:
    """Where the last ``-->`` of ``text`` ends (0 for none): a search for comments stops there, so an opening with no
    ``-->`` after it is not searched to the end of the text each time (30,000 unclosed ``<!--`` took minutes)."""
    return text.rfind("-->") + 3 if "-->" in text else 0


def without_comments(text: str) -> str:
    """``text`` without its HTML comments (``<!--`` to the first ``-->`` after it; one never closed stays), in linear
    time (:func:`comments_end`)."""
    end = comments_end(text)
    return _COMMENT.sub("", text[:end]) + text[end:] if end else text


def scan_lines(lines: Iterable[str]) -> Iterator[tuple[str, Optional[Fence], bool]]:
    """Each line with the fence it belongs to (its opening and closing lines included; None outside fenced
    code) and whether it belongs to an HTML comment block (its opening and closing lines included)."""
    fence: Optional[Fence] = None
    comment = False
    for line in lines:
        if comment:
            comment = "-->" not in line
            yield line, None, True
        elif fence is None:
            comment = comment_opens(line)
            fence = None if comment else opening(line)
            yield line, fence, comment
        else:
            yield line, fence, False
            if closes(line, fence):
                fence = None


def code_lines(lines: Iterable[str]) -> Iterator[tuple[str, Optional[Fence]]]:
    """Each line with the fence it belongs to (its opening and closing lines included),
    or None for a line outside fenced code."""
    for line, fence, _ in scan_lines(lines):
        yield line, fence


def fenced_blocks(lines: list[str]) -> list[FencedBlock]:
    """Every fenced block of ``lines``, in order. (scan_lines' steps, in a loop of its own: built on scan_lines it
    took 1.6x the time, and the records' free-text check runs it on every text.)"""
    blocks: list[FencedBlock] = []
    start = 0
    fence: Optional[Fence] = None
    comment = False
    for i, line in enumerate(lines):
        if comment:
            comment = "-->" not in line
        elif fence is None:
            comment = comment_opens(line)
            fence = None if comment else opening(line)
            start = i
        elif closes(line, fence):
            blocks.append(FencedBlock(start, i, fence))
            fence = None
    if fence is not None:
        blocks.append(FencedBlock(start, None, fence))
    return blocks


_INDENTED = re.compile(r"^(?: {4}|\t| {1,3}\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# CommonMark's HTML blocks 1 (<pre>, <script>, <style>, <textarea>): they run on past blank lines to their end tag.
_RAW_OPEN = re.compile(r"<(?:pre|script|style|textarea)(?=[\s>/]|$)", re.I)
_RAW_CLOSE = re.compile(r"</(?:pre|script|style|textarea)\s*>", re.I)


def indented_code(lines: list[str], scanned: Optional[list[tuple[str, Optional[Fence], bool]]] = None) -> set[int]:
    """The indices of ``lines`` (outside fenced code and comments) that are an indented code block for sure: a run of
    lines indented by 4 spaces or a tab after a blank line (or at the start), whose paragraph before that blank line
    holds no list item and no indented line (the run is not a list item's continuation) and that no <pre>, <script>,
    <style> or <textarea> left open (whose HTML block goes on past blank lines). Anything less certain is not code. ``scanned``:
    ``list(scan_lines(lines))``, when the caller has it."""
    out: set[int] = set()
    paragraph: list[str] = []  # the non-blank lines since the last blank one
    before: list[str] = []  # the paragraph before the last blank line
    raw_open = 0  # <pre> and the like opened and not closed so far
    in_code = False
    for i, (line, fence, comment) in enumerate(scan_lines(lines) if scanned is None else scanned):
        if not line.strip():
            if paragraph:
                before, paragraph = paragraph, []
            continue
        if fence is None and not comment and _INDENTED.match(line) and (in_code or not paragraph and raw_open == 0 and not any(
                _LIST_ITEM.match(p) or p[:1] in (" ", "\t") for p in before)):
            in_code = True
            out.add(i)
            continue
        in_code = False
        paragraph.append(line)
        raw_open = max(0, raw_open + len(_RAW_OPEN.findall(line)) - len(_RAW_CLOSE.findall(line)))
    return out


def unclosed_comment(text: str) -> bool:
    """Whether an HTML comment in ``text`` never ends: each ends at the first --> after it (a <!-- inside is text)."""
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return True
        at = end + 3
    return False


def unclosed_fence(text: str) -> Optional[Fence]:
    """The fence left open at the end of ``text``, if any (it would swallow what follows)."""
    if "``" not in text and "~~" not in text:
        return None  # no line can open a fence (tests/test_fences.py holds this equal to the scan)
    blocks = fenced_blocks(text.splitlines())
    return blocks[-1].fence if blocks and blocks[-1].end is None else None


HARD_BREAK = re.compile(r"[^ \t] {2,}$")  # spaces ending a line of text (not tabs, which make no break)


def collapse_blank_lines(text: str, kept: Optional[tuple[int, int]] = None) -> str:
    """At most one blank line between blocks, trailing spaces dropped but for hard line breaks, code left as it is
    (a fence inside an HTML comment block is text, as scan_lines has it). ``kept``: (first, stop) indices of lines of
    ``text`` that are already this function's output and end outside any fence or comment (:func:`collapse_clean`'s
    text, without its last line break, and its flag true), taken as they are when the pass reaches them outside a
    comment: the pass would leave them as they are (tests/test_fences.py)."""
    return _collapse(text, kept)[0]


def collapse_clean(text: str, kept: Optional[tuple[int, int]] = None) -> tuple[str, bool]:
    """:func:`collapse_blank_lines` of ``text``, and whether its end is outside any code fence or comment block (so
    that the text, set on lines of its own in a larger one, can be passed over as ``kept``)."""
    collapsed, clean, _ = _collapse(text, kept)
    return collapsed, clean


Unread = tuple[tuple[int, int], ...]  # (first, stop) indices of lines of collapse_code's text


def collapse_code(text: str, kept: Optional[tuple[int, int]] = None) -> tuple[str, bool, Unread]:
    """:func:`collapse_clean`'s text and flag, and the (first, stop) indices of the lines of that text the pass did
    not read one by one outside code: each fence's lines after its opening line (its code and closing line, to the end
    for a fence never closed) and the ``kept`` lines it passed over. Every other line it read outside any fence (in a
    comment block or not), so :func:`leaves_fence_open` of the text before such a line is false (tests/test_fences.py):
    the open-fence scan of :func:`generator.card.managed.seal` is answered from these, not by a second pass."""
    return _collapse(text, kept)


# The characters str.rstrip() strips: str.isspace's, Unicode's whitespace and the separators \x1c-\x1f
# (tests/test_fences.py holds the set to this Python's)
_SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _collapse(text: str, kept: Optional[tuple[int, int]]) -> tuple[str, bool, Unread]:
    out: list[str] = []
    unread: list[tuple[int, int]] = []
    blank = True  # whether the last line kept is blank (or none is)
    comment = False
    unclosed = False  # a fence runs to the end
    lines = text.split("\n")
    i, n = 0, len(lines)
    first, stop = kept if kept is not None else (-1, -1)
    while i < n:
        if i == first and not comment and first < stop:
            # collapsed already, its first line not blank and its last outside any fence or comment: as it is
            at = len(out)
            out.extend(lines[first:stop])
            unread.append((at, len(out)))
            i = stop
            blank = False
            continue
        line = lines[i]
        i += 1
        if not line:  # an empty line (most of a template's output): no mark, nothing to strip
            if not blank:
                blank = True
                out.append(line)
            continue
        if comment:
            comment = "-->" not in line
        elif "<!--" in line and comment_opens(line):
            comment = True
        elif ("``" in line or "~~" in line) and (fence := opening(line)) is not None:  # only such a line opens one
            # The block is kept as it is, up to its closing line (which holds the marker's run) or the end;
            # the opening and closing lines are not blank.
            start, marker = i - 1, fence.marker
            while i < n and not (marker in lines[i] and closes(lines[i], fence)):
                i += 1
            unclosed = i == n
            i += 1
            at = len(out) + 1  # the lines after the opening one
            out.extend(lines[start:i])
            unread.append((at, len(out)))
            blank = False
            continue
        if line[-1] not in _SPACES:  # nothing to strip (most lines): a line of text
            blank = False
            out.append(line)
            continue
        # trailing spaces go, but for a hard line break (two spaces or more ending a line the paragraph goes on
        # after), which the Hub shows as one
        if not (line.endswith("  ") and i < n and lines[i].strip() and line.strip() and HARD_BREAK.search(line)):
            line = line.rstrip()
        if not line and blank:
            continue
        blank = not line
        out.append(line)
    # no line is dropped from the start (the first kept is not blank): the indices are the text's lines
    return "\n".join(out).strip("\n") + "\n", not comment and not unclosed, tuple(unread)


def leaves_fence_open(text: str) -> bool:
    """Whether :func:`collapse_blank_lines`, reading ``text`` from outside any fence or comment, ends inside a code
    fence (its steps, without rewriting a line)."""
    if "``" not in text and "~~" not in text:
        return False
    comment = False
    fence: Optional[Fence] = None
    for line in text.split("\n"):
        if fence is not None:
            if fence.marker in line and closes(line, fence):
                fence = None
        elif comment:
            comment = "-->" not in line
        elif "<!--" in line and comment_opens(line):
            comment = True
        elif "``" in line or "~~" in line:
            fence = opening(line)
    return fence is not None


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    if "`" not in text:
        return "```"
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
