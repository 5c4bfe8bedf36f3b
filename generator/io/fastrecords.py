"""A fast reader for the YAML people write in records files, tried when the writer's subset reader
(io/fastyaml.py) declines.

Besides that subset (block mappings and sequences, plain and single-quoted one-line scalars) it
reads sequences indented under their key and nested mappings at any deeper indentation; blank
lines and comments (whole lines, or after a value); double-quoted scalars without escapes (as
values and keys); literal (``|``, ``|-``) and folded (``>``, ``>-``) block scalars as mapping values;
and one-line flow mappings and sequences of plain or quoted scalars (``{label: GSM, decimals: 1}``,
``[acc_norm]``). The text is printable ASCII and the printable characters above it that YAML gives
no meaning (no line or paragraph separators, BOM or C1 controls). Plain scalars are typed by the
strict reader's own resolver table (YAML 1.2 core schema). On anything else (tabs, escapes, block
scalars with indentation indicators, kept trailing lines or lines of spaces, anchors, tags, duplicate
or non-string keys, merges, over-long numbers) it declines by returning ``DECLINE``, and the caller
parses with the strict libyaml reader, which gives the same data or reports the error.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional

from generator.io import fastyaml
from generator.io.data import MAX_DEPTH, MAX_STRING, CharSet
from generator.io.fastyaml import (
    _DOUBLE,
    _MAX_KEY,
    _PLAIN_NUMBER,
    _QUOTED,
    _STRING_FIRST,
    _WORDS,
    DECLINE,
    _Decline,
    _is_entry,
    _key,
    typed,
)

__all__ = ["DECLINE", "read"]

# Every character of the text: printable ASCII, newline, and YAML's printable characters above them
# (libyaml's reader) that are neither line breaks (\x85, \u2028, \u2029) nor the BOM, which libyaml skips
# at the start of a line. Tabs, \r and C0/C1 controls fall outside.
_CHARS = CharSet("\n\x20-\x7e", (("\u00a0", "\u2027"), ("\u202a", "\ud7ff"), ("\ue000", "\ufefe"),
                                   ("\uff00", "\ufffd"), ("\U00010000", "\U0010ffff")))
_BLOCK = re.compile(r"([|>])(-?)(?: +#.*)?")  # a block scalar's header: style and chomping, then a comment
_FLOW_END = re.compile(r"[,\]}]")
_FLAT_MAP = re.compile(r"\{[^{}\[\]'\"#]*\}")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*")  # a flow collection's scalars
# A one-level flow mapping's inside as flat_mapping's loop reads it (`key: value` pairs of _FLOW_PLAIN scalars, spaces
# around them), matched whole (each scalar ends at the ':' or ',' it cannot hold: no backtracking); its pairs are then
# the pieces between its commas, split at their one colon.
_UNREAD: Any = object()  # a memo's answer for a scalar not read yet
_NOT_INLINE_ITEM = ("", " ", "-", "'", '"')  # after `- `: items reads these (more spaces, `- - `, quotes)
_FLAT_INSIDE = re.compile(r" *(?:[A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*: +[A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*"
                          r"(?:, *[A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*: +[A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*)*)")

# One `key: value` pair of a flow mapping as flow() reads it, with the ',' or '}' after it: a _FLOW_PLAIN key (its
# run stops at the first ':', which a space must follow), then a double- or single-quoted scalar, a _FLOW_PLAIN one
# (its run stops at the first ',', ']' or '}', which must be a ',' or '}') or a one-level flow mapping of them.
_FLOW_PAIR = re.compile(r" *([A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*): +(?:\"([^\"\\]*)\"|'((?:[^']|'')*)'"
                        r"|([A-Za-z0-9_./+][A-Za-z0-9_./+\- ]*)|(\{[^{}\[\]'\"#]*\})) *([,}])")


def _after(rest: str) -> None:
    """What may follow a scalar on its line: nothing, or a comment after a space."""
    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
        raise _Decline


def _block(lines: list[str], at: int, column: int, style: str, strip: bool, last_break: bool) -> tuple[str, int]:
    """(value, index of the line after it) of a literal or folded block scalar whose header ends line
    ``at - 1``, a value of a mapping at ``column``. Its indentation is its first line's, which must be
    more than ``column``; a line holding only spaces, or (folded) lines more indented or ending in a
    space, are declined, as are leading blank lines. ``last_break``: whether the text ends with a line
    break (a scalar that ends the text keeps one only then)."""
    end = len(lines)
    if at >= end or lines[at][:1] not in (" ", ""):
        raise _Decline
    first = lines[at]
    indent = len(first) - len(first.lstrip(" "))
    if indent <= column or indent == len(first):
        raise _Decline
    body: list[str] = []
    prefix = first[:indent]
    i = at
    while i < end:
        line = lines[i]
        if line.startswith(prefix):
            text = line[indent:]
            if not text or text[0] == " " and not text.strip(" "):
                raise _Decline  # only spaces: whether it is content depends on where it is
            body.append(text)
        elif not line:
            body.append("")
        elif line.strip(" "):
            break  # less indented: the scalar has ended
        else:
            raise _Decline  # only spaces, fewer than the indentation: as above
        i += 1
    while body[-1] == "":
        body.pop()
    if style == "|":
        value = "\n".join(body)
    else:
        parts: list[str] = []
        blank = 0
        for text in body:
            if not text:
                blank += 1
                continue
            if text[0] == " " or text[-1] == " ":
                raise _Decline  # more-indented lines keep their breaks; trailing spaces: left to libyaml
            if parts:
                parts.append("\n" * blank if blank else " ")
            parts.append(text)
            blank = 0
        value = "".join(parts)
    return (value if strip or (i == end and not last_break) else value + "\n"), i


class _Reader:
    """One read of a text in the subset: _Decline anywhere outside it. One pass over the lines with a stack of
    the open collections, each [column, container, is_sequence]."""

    inline = True  # read the common lines in parse's own loop (False: through items and entry, as tests compare)

    def __init__(self, text: str, resolvers: dict) -> None:
        self.text = text
        self.resolvers = resolvers
        self.core = resolvers is fastyaml.CORE_RESOLVERS  # typed's table: digits (and a dot) are a number
        self.memo: dict[str, Any] = {}  # plain scalar -> value
        self.flats: dict[str, dict] = {}  # one-level flow mapping -> value
        self.entries: dict[str, tuple[str, Any]] = {}  # `key: scalar` text -> (key, value)
        self.finite = True
        self.deepest = 1

    def plain(self, token: str) -> Any:
        """A plain scalar's value, typed by the strict reader's resolvers (memoised per read)."""
        memo = self.memo
        if token in memo:
            return memo[token]
        if self.core and token[:1] in _STRING_FIRST and ":" not in token and "#" not in token and \
                token[-1] != " " and token not in _WORDS:
            memo[token] = token  # typed's first test of the core table (a plain string), here: a call less a token
            return token
        value = memo[token] = typed(token, self.resolvers)
        if type(value) is float and not math.isfinite(value):
            self.finite = False
        return value

    def flow(self, token: str, at: int, depth: int) -> tuple[Any, int]:
        """(collection, index after it) of the flow mapping or sequence at ``token[at]`` (``{`` or ``[``),
        whose scalars are plain (_FLOW_PLAIN) or quoted without escapes, and whose keys are plain."""
        if depth >= self.deepest:
            self.deepest = depth + 1
        if token[at] == "{":
            found = self.pairs(token, at + 1, depth)
            if found is not None:
                return found
        close = "}" if token[at] == "{" else "]"
        result: Any = {} if close == "}" else []
        at = _skip(token, at + 1)
        if token[at:at + 1] == close:
            return result, at + 1
        while True:
            if close == "}":
                colon = token.find(": ", at)
                key = token[at:colon].strip(" ")
                k = self.plain(key) if colon > 0 and _FLOW_PLAIN.fullmatch(key) else None
                if type(k) is not str or k in result:
                    raise _Decline
                at = _skip(token, colon + 2)
            value, at = self.flow_value(token, at, depth)
            if close == "}":
                result[k] = value
            else:
                result.append(value)
            at = _skip(token, at)
            if token[at:at + 1] == close:
                return result, at + 1
            if token[at:at + 1] != ",":
                raise _Decline
            at = _skip(token, at + 1)

    def pairs(self, token: str, at: int, depth: int) -> Optional[tuple[dict, int]]:
        """flow()'s (mapping, index after it) of the flow mapping whose first pair starts at ``token[at]``, read pair by
        pair with _FLOW_PAIR (one match a pair, where flow() takes a dozen steps); None where a pair is not of its
        shape (flow() then reads the mapping from its start: it reads the pairs before that one alike)."""
        result: dict = {}
        memo, plain, match = self.memo, self.plain, _FLOW_PAIR.match
        while True:
            pair = match(token, at)
            if pair is None:
                return None
            key_text, double, single, value, inner, after = pair.groups()
            key_text = key_text.rstrip(" ")
            key = memo[key_text] if key_text in memo else plain(key_text)
            if type(key) is not str or key in result:
                raise _Decline  # a number, bool or null key, or a duplicate, as flow() finds
            if value is not None:
                value = value.rstrip(" ")
                result[key] = memo[value] if value in memo else plain(value)
            elif double is not None:
                result[key] = double
            elif single is not None:
                result[key] = single.replace("''", "'")
            else:
                result[key] = self.flat_mapping(inner, depth + 1)
                if depth + 2 > self.deepest:  # as flow() nested, an empty mapping too
                    self.deepest = depth + 2
            at = pair.end()
            if after == "}":
                return result, at

    def flow_value(self, token: str, at: int, depth: int) -> tuple[Any, int]:
        first = token[at:at + 1]
        if first in ("{", "["):
            return self.flow(token, at, depth + 1)
        if first in ("'", '"'):
            quoted = (_QUOTED if first == "'" else _DOUBLE).match(token, at)
            if quoted is None:
                raise _Decline
            return (quoted.group(1).replace("''", "'") if first == "'" else quoted.group(1)), quoted.end()
        match = _FLOW_END.search(token, at)
        text = token[at:match.start()].strip(" ") if match else ""
        if not _FLOW_PLAIN.fullmatch(text):
            raise _Decline
        return self.plain(text), match.start() if match else 0

    def flat_mapping(self, token: str, depth: int, shaped: bool = False) -> dict:
        """A one-level flow mapping of plain scalars (``{type: bleu, value: 30.58}``, most of them), a fresh dict each
        time (memoised: a repeat is a copy of the first); ``shaped``: its inside is known to match _FLAT_INSIDE."""
        result = self.flats.get(token)
        if result is not None:
            result = dict(result)
        elif shaped or _FLAT_INSIDE.fullmatch(token, 1, len(token) - 1):
            # `key: value` pairs whose scalars hold neither ',' nor ':': the pieces between them, spaces stripped
            result = {}
            memo, plain = self.memo, self.plain
            for pair in token[1:-1].split(","):
                key, value = pair.split(":")
                key, value = key.strip(" "), value.strip(" ")
                k = memo.get(key, _UNREAD)
                if k is _UNREAD:
                    k = plain(key)
                if type(k) is not str or k in result:
                    raise _Decline
                v = memo.get(value, _UNREAD)
                if v is _UNREAD:
                    # most values are a score: typed's first test of the core table, here, and then its memo's
                    number = self.core and _PLAIN_NUMBER.fullmatch(value)
                    v = memo[value] = (float(value) if "." in value else int(value)) if number else plain(value)
                result[k] = v
            self.flats[token] = result
        else:
            result = {}
            for part in token[1:-1].split(",") if token[1:-1].strip(" ") else ():
                key, colon, value = part.partition(": ")
                key, value = key.strip(" "), value.strip(" ")
                if not colon or not _FLOW_PLAIN.fullmatch(key) or not _FLOW_PLAIN.fullmatch(value):
                    raise _Decline
                k = self.plain(key)
                if type(k) is not str or k in result:
                    raise _Decline
                result[k] = self.plain(value)
            self.flats[token] = result
        if result and depth >= self.deepest:
            self.deepest = depth + 1
        return result

    def scalar(self, token: str, depth: int) -> Any:
        """The value of a one-line scalar or flow collection; a comment may follow it."""
        first = token[:1]
        if first == "'" or first == '"':
            match = (_QUOTED if first == "'" else _DOUBLE).match(token)
            if match is None:
                raise _Decline
            _after(token[match.end():])
            return match.group(1).replace("''", "'") if first == "'" else match.group(1)
        if first == "{" or first == "[":
            if token in self.flats:  # read before on a line of its own (`{type: text-generation}`): its memo's copy
                return self.flat_mapping(token, depth)
            end = token.find("}") if first == "{" else -1
            if end > 0 and _FLAT_INSIDE.fullmatch(token, 1, end):  # what _FLAT_MAP matches, in the common shape
                if end + 1 == len(token):  # the line's end (most): nothing after it to look at
                    return self.flat_mapping(token, depth, True)
                _after(token[end + 1:])
                return self.flat_mapping(token[:end + 1], depth, True)
            match = _FLAT_MAP.match(token)
            if match is None:
                value, end = self.flow(token, 0, depth)
                _after(token[end:])
                return value
            _after(token[match.end():])
            return self.flat_mapping(match.group(0), depth)
        cut = token.find(" #")
        if cut >= 0:
            token = token[:cut].rstrip(" ")
        return self.plain(token)

    def push(self, stack: list[list], frame: list) -> list:
        stack.append(frame)
        if len(stack) > self.deepest:
            self.deepest = len(stack)
        return frame

    def items(self, stack: list[list], top: list, content: str, col: int) -> Optional[tuple[list, str, int]]:
        """Read a line's `- ` prefixes in sequence ``top``: None when the line was an item's scalar, else the
        mapping its entry opens, the entry's text and column."""
        while top[2]:
            if content[:2] != "- ":
                raise _Decline
            if content[2:3] == " ":
                rest = content[2:].lstrip(" ")
                col += len(content) - len(rest)
                content = rest
            else:
                content = content[2:]
                col += 2
            if content[:2] == "- ":
                items: list = []
                top[1].append(items)
                top = [col, items, True]
            elif content[:1] not in ("{", "[") and _is_entry(content, True):
                mapping: dict = {}
                top[1].append(mapping)
                top = [col, mapping, False]
            else:
                top[1].append(self.scalar(content, len(stack)))
                return None
            stack.append(top)
            if len(stack) > self.deepest:
                self.deepest = len(stack)
        return top, content, col

    def entry(self, lines: list[str], i: int, into: dict, content: str, col: int, depth: int) -> tuple[int, Any]:
        """Read the mapping entry ``content`` (line ``i - 1``) into ``into``: the next line's index, and
        (into, key, column) when its value is on the lines below."""
        entry = self.entries.get(content)  # most lines repeat (`type: ...`, `name: ...`) in a model-index
        if entry is None:
            key, rest = _key(content, self.plain, True)
            rest = rest[1:] if rest[1:2] != " " else rest.lstrip(" ")
            if key in into:
                raise _Decline  # duplicate key: the strict reader reports it
            if not rest or rest[0] == "#":
                return i, (into, key, col)
            if rest[0] in "|>":
                header = _BLOCK.fullmatch(rest)
                if header is None:
                    raise _Decline
                into[key], i = _block(lines, i, col, header.group(1), header.group(2) == "-", self.text[-1] == "\n")
                return i, None
            value = self.scalar(rest, depth)
            if type(value) in (dict, list):  # a fresh collection each time
                into[key] = value
                return i, None
            entry = self.entries[content] = (key, value)
        if entry[0] in into:
            raise _Decline
        into[entry[0]] = entry[1]
        return i, None

    def parse(self) -> tuple[Any, bool]:
        """(data, whether it is finite and within MAX_DEPTH). The common lines (`key: plain`, `key:`, `key: {...}`,
        `- key: ...`, `- {...}`, `- plain`) are read inline, as items, entry and scalar read them; any other goes to
        those (``inline = False``: every line does, which tests compare)."""
        lines = self.text.rstrip("\n").split("\n")  # trailing line breaks end the document, as in YAML
        start = 0
        while start < len(lines) and lines[start].lstrip(" ")[:1] in ("", "#"):
            start += 1  # blank and comment lines
        if start == len(lines):
            raise _Decline  # no document: the strict reader's None
        root: Any = [] if lines[start].startswith("- ") else {}
        stack: list[list] = [[0, root, type(root) is list]]
        pending: Any = None  # (mapping, key, column) after a `key:` line
        i, end = start, len(lines)
        items, entry, entries, memo, plain, scalar = self.items, self.entry, self.entries, self.memo, self.plain, \
            self.scalar
        inline = self.inline
        while i < end:
            line = lines[i]
            i += 1
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                continue  # a blank line, or a comment
            col = len(line) - len(content)
            if content[-1] == " ":
                content = content.rstrip(" ")
            if pending is not None:
                into, key, at = pending
                pending = None
                if col >= at and content[:2] == "- ":
                    into[key] = self.push(stack, [col, [], True])[1]
                elif col > at and content[:2] != "- ":
                    into[key] = self.push(stack, [col, {}, False])[1]
                else:
                    raise _Decline  # `key:` with nothing under it (null)
            else:
                top = stack[-1]
                while top[0] > col:
                    stack.pop()
                    top = stack[-1]
                if top[0] != col:
                    raise _Decline
                if top[2] and content[:2] != "- ":
                    stack.pop()
                    if not stack or stack[-1][0] != col or stack[-1][2]:
                        raise _Decline
            top = stack[-1]
            if top[2]:
                if inline and content[:2] == "- " and content[2:3] not in _NOT_INLINE_ITEM:
                    rest = content[2:]  # one `- ` and an item that is no quoted scalar or nested sequence
                    if rest[0] == "{" or rest[0] == "[" or (": " not in rest and rest[-1] != ":"):
                        top[1].append(scalar(rest, len(stack)))
                        continue
                    mapping: dict = {}
                    top[1].append(mapping)
                    col += 2
                    top = [col, mapping, False]
                    stack.append(top)
                    if len(stack) > self.deepest:
                        self.deepest = len(stack)
                    content = rest
                else:
                    found = items(stack, top, content, col)
                    if found is None:
                        continue
                    top, content, col = found
            into = top[1]
            known = entries.get(content)  # most lines repeat (`type: ...`, `name: ...`) in a model-index
            if known is not None and known[0] not in into:
                into[known[0]] = known[1]
                continue
            colon = content.find(": ")
            if colon < 0 and content[-1] == ":":
                colon = len(content) - 1
            if not inline or known is not None or colon < 0 or colon > _MAX_KEY or content[0] in "'\"":
                i, pending = entry(lines, i, into, content, col, len(stack))
                continue
            # entry and _key, for a plain key
            token = content[:colon]
            key = memo[token] if token in memo else plain(token)
            if type(key) is not str or key in into:
                raise _Decline  # a number, bool or null key, or a duplicate: the strict reader's to report
            rest = content[colon + 2:]
            if rest[:1] == " ":
                rest = rest.lstrip(" ")
            if not rest or rest[0] == "#":
                pending = (into, key, col)
                continue
            first = rest[0]
            if first == "|" or first == ">":
                i, pending = entry(lines, i, into, content, col, len(stack))
                continue
            if first in "'\"{[":
                value = scalar(rest, len(stack))
                if type(value) in (dict, list):  # a fresh collection each time
                    into[key] = value
                    continue
            else:
                cut = rest.find(" #")
                if cut >= 0:
                    rest = rest[:cut].rstrip(" ")
                value = memo[rest] if rest in memo else plain(rest)
            entries[content] = (key, value)
            into[key] = value
        if pending is not None:
            raise _Decline
        return root, self.finite and self.deepest <= MAX_DEPTH


def _skip(token: str, at: int) -> int:
    """The index of the first character from ``at`` that is not a space."""
    while token[at:at + 1] == " ":
        at += 1
    return at


def read(text: str, resolvers: dict) -> tuple[Any, bool]:
    """(data, checked) of ``text`` when it lies wholly in the writer's subset (io/fastyaml.py, the faster) or in
    this reader's, else (``DECLINE``, False). ``resolvers`` is the strict reader's implicit resolver table (first
    character -> (tag, regexp)). ``checked`` says io.data.check_plain_data would find nothing in the data: no NaN
    or infinity, nesting within MAX_DEPTH, strings within MAX_STRING, no shared nodes, and fewer values than
    characters."""
    data, checked = fastyaml.read(text, resolvers)
    if data is not DECLINE or not _CHARS.fullmatch(text):
        return data, checked
    try:
        data, checked = _Reader(text, resolvers).parse()
    except (_Decline, RecursionError):
        return DECLINE, False
    return data, checked and len(text) <= MAX_STRING
