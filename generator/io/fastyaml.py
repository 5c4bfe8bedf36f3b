"""A fast reader for the plain YAML subset the card writer emits (card/frontmatter.py ``emit``).

It reads block mappings and block sequences, one node per line, indented as ``emit`` indents them,
whose scalars are plain or single-quoted on one line and whose empty collections are ``{}`` and
``[]``, built from printable ASCII and letters and digits of the Basic Multilingual Plane. Plain
scalars are typed by the strict reader's own resolver table (YAML 1.2 core schema). On any other
text (comments, tabs, blank lines, double quotes, block scalars, flow collections, anchors, tags,
duplicate or non-string keys, merges, over-long numbers) it declines by returning ``DECLINE``, and
the caller parses with the strict libyaml reader, which gives the same data or reports the error.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from generator.io.data import MAX_DEPTH, MAX_STRING, CharSet, yaml_int

DECLINE: Any = object()  # read() found text outside its subset

# Every character of the text: printable ASCII, newline, and letters/digits of the BMP below the
# surrogates (read() checks isalnum over the set of them). Line breaks other than \n (\r, \x85, \u2028) and
# the BOM fall outside.
_CHARS = CharSet(r"\n\x20-\x7e", (("\u00c0", "\ud7ff"),))
_INDICATOR_FIRST = frozenset("#,[]{}&*!|>'\"%@` ")  # characters a plain scalar may not start with


def not_plain(text: str) -> bool:
    """Whether a one-line string may not stand as a plain scalar in block context (PyYAML's and libyaml's
    analyze_scalar, the writer's rule and the readers'): empty, an indicator or a space first ('-', '?' and ':'
    only when a space or the end follows), a document marker first, ': ' or ' #' inside, ':' or a space last.
    Plain string tests, not one regex searched at every position (about 7x fewer instructions a token)."""
    if not text:
        return True
    first = text[0]
    if first in _INDICATOR_FIRST or (first in "-?:" and text[1:2] in ("", " ")):
        return True
    return text.startswith(("---", "...")) or ": " in text or " #" in text or text[-1] in ": "
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"([^"\\]*)"')  # double-quoted without escapes: the text as written
_MAX_KEY = 120  # far under libyaml's 1024-character limit of a simple key

_STR = "tag:yaml.org,2002:str"
_TRUE = ("true", "True", "TRUE")


class _Decline(Exception):
    """Raised inside read() for text outside the subset."""


def _float(text: str) -> float:
    """PyYAML's construct_yaml_float for a YAML 1.2 core float (digits grouped by '_' included; no ':')."""
    if text[-3:].lower() in ("inf", "nan"):
        import yaml  # PyYAML only for the rare infinities and NaN (a cold start does without it)

        return yaml.constructor.SafeConstructor().construct_yaml_float(yaml.ScalarNode(_STR, text))
    return float(text)  # float('-x') is -float('x') exactly, as PyYAML's sign * float(x)


def _int(text: str) -> int:
    """The strict reader's _construct_int; over-long numbers are its error, so declined."""
    value = yaml_int(text)
    if value is None:
        raise _Decline
    return value


_MAKE: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text in _TRUE,
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
}


def _quoted(text: str) -> str:
    """The value of a whole single-quoted scalar."""
    match = _QUOTED.fullmatch(text)
    if match is None:
        raise _Decline
    return match.group(1).replace("''", "'")


# The YAML 1.2 core table (io/yamlio.py's READ_RESOLVERS, which hands it over): there, digits, and digits with one
# dot between them, are an int and a float, as its int and float expressions find; and a token starting with a
# letter, '_' or '/' (which no expression reads but null's and bool's, whose words it is not) and holding neither ':'
# nor '#', nor a space last, is a string not_plain lets through (tests/test_fastyaml.py).
CORE_RESOLVERS: dict = {}
_PLAIN_NUMBER = re.compile(r"[0-9]{1,18}(\.[0-9]+)?")
# A plain string of the core table, as _PLAIN_STRING matches it, told by a first character and three looks for a
# character (C-level, about half of a match by re a token): none of the words of bool and null, a letter, '_' or '/'
# first, no ':' or '#', no space last.
_PLAIN_STRING = re.compile(r"(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)\Z)[A-Za-z_/][^:#]*(?<! )")
_STRING_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/")
_WORDS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"))


def typed(token: str, resolvers: dict) -> Any:
    """A plain scalar's value, typed by the strict reader's resolvers; _Decline for what only it may read."""
    if resolvers is CORE_RESOLVERS:  # most tokens of a records file: without not_plain and the expressions
        first = token[:1]
        if first in _STRING_FIRST:
            if ":" not in token and "#" not in token and token[-1] != " " and token not in _WORDS:
                return token  # what _PLAIN_STRING matches
        elif first.isdigit():
            number = _PLAIN_NUMBER.fullmatch(token)
            if number is not None:
                return float(token) if "." in token else int(token)  # a dot: the expression's decimals
    if not_plain(token):
        raise _Decline
    for tag, regexp in resolvers.get(token[:1], ()):
        if regexp.match(token):
            make = _MAKE.get(tag)
            if make is None:  # merge `<<`, value `=`: the strict reader's business
                raise _Decline
            return make(token)
    return token


def _key(content: str, plain: Callable[[str], Any], double: bool = False) -> tuple[str, str]:
    """(key, what follows its ':') of a mapping entry's text; ``double``: a double-quoted key (no escapes)
    is read too (hand-written records, io/fastrecords.py)."""
    first = content[:1]
    if first == "'" or (double and first == '"'):
        match = (_QUOTED if first == "'" else _DOUBLE).match(content)
        if match is None:
            raise _Decline
        end = match.end()
        if content[end:end + 1] != ":":
            raise _Decline
        key, rest = match.group(1).replace("''", "'") if first == "'" else match.group(1), content[end + 1:]
    else:
        end = content.find(": ")
        if end < 0:
            if content[-1:] != ":":
                raise _Decline
            end = len(content) - 1
        key, rest = plain(content[:end]), content[end + 1:]
        if type(key) is not str:  # a number, bool or null key: the strict reader refuses it
            raise _Decline
    if end > _MAX_KEY or (rest and rest[:1] != " "):
        raise _Decline
    return key, rest


def _is_entry(rest: str, double: bool = False) -> bool:
    """Whether a sequence item's text is the first entry of a mapping (`key: ...`)."""
    first = rest[:1]
    if first == "'" or (double and first == '"'):
        match = (_QUOTED if first == "'" else _DOUBLE).match(rest)
        return match is not None and rest[match.end():match.end() + 1] == ":"
    return ": " in rest or rest[-1:] == ":"


def _parse(text: str, resolvers: dict) -> tuple[Any, bool]:
    """(data, whether it is finite and within MAX_DEPTH) of text in the subset; _Decline otherwise. One pass
    over the lines with a stack of the open collections: [column, container, is_sequence]."""
    memo: dict[str, Any] = {}
    finite = True
    entries: dict[str, tuple[str, Any]] = {}  # `key: scalar` text -> (key, value)

    def plain(token: str) -> Any:
        """A plain scalar's value, typed by the strict reader's resolvers (memoised per call)."""
        if token in memo:
            return memo[token]
        value = memo[token] = typed(token, resolvers)
        if type(value) is float and not math.isfinite(value):
            nonlocal finite
            finite = False
        return value

    def scalar(token: str) -> Any:
        if token[:1] == "'":
            return _quoted(token)
        if token == "{}":
            return {}
        if token == "[]":
            return []
        return plain(token)

    lines = text.rstrip("\n").split("\n")  # trailing line breaks end the document, as in YAML
    first = lines[0]
    root: Any = [] if first.startswith("- ") else {}
    stack: list[list] = [[0, root, type(root) is list]]
    pending: Any = None  # (mapping, key, column) after a `key:` line
    deepest = 1
    for line in lines:
        content = line.lstrip(" ")
        col = len(line) - len(content)
        if pending is not None:
            into, key, at = pending
            pending = None
            if col == at and content[:2] == "- ":
                frame = [at, [], True]
            elif col == at + 2 and content[:2] != "- ":
                frame = [col, {}, False]
            else:
                raise _Decline  # `key:` with nothing under it (null), or another indent
            into[key] = frame[1]
            stack.append(frame)
            deepest = max(deepest, len(stack))
        else:
            while stack[-1][0] > col:
                stack.pop()
            top = stack[-1]
            if top[0] != col:
                raise _Decline
            if top[2] and content[:2] != "- ":
                stack.pop()
                if not stack or stack[-1][0] != col or stack[-1][2]:
                    raise _Decline
        top = stack[-1]
        while top[2]:  # in a sequence: its items' `- ` prefixes
            if content[:2] != "- ":
                raise _Decline
            content = content[2:]
            col += 2
            if content[:2] == "- ":
                items: list = []
                top[1].append(items)
                top = [col, items, True]
                stack.append(top)
                deepest = max(deepest, len(stack))
            elif _is_entry(content):
                mapping: dict = {}
                top[1].append(mapping)
                top = [col, mapping, False]
                stack.append(top)
                deepest = max(deepest, len(stack))
            else:
                top[1].append(scalar(content))
                break
        else:
            into = top[1]
            entry = entries.get(content)  # most lines repeat (`type: ...`, `name: ...`) in a model-index
            if entry is None:
                key, rest = _key(content, plain)
                if not rest:
                    if key in into:
                        raise _Decline  # duplicate key: the strict reader reports it
                    pending = (into, key, col)
                    continue
                value = scalar(rest[1:])
                if type(value) in (dict, list):  # a fresh {} or [] each time
                    if key in into:
                        raise _Decline
                    into[key] = value
                    continue
                entry = entries[content] = (key, value)
            if entry[0] in into:
                raise _Decline
            into[entry[0]] = entry[1]
    if pending is not None:
        raise _Decline
    return root, finite and deepest <= MAX_DEPTH


def read(text: str, resolvers: dict) -> tuple[Any, bool]:
    """(data, checked) of ``text`` when it lies wholly in the writer's subset, else (``DECLINE``, False).
    ``resolvers`` is the strict reader's implicit resolver table (first character -> (tag, regexp)).
    ``checked`` says io.data.check_plain_data would find nothing in the data: no NaN or infinity, nesting
    within MAX_DEPTH, strings within MAX_STRING, no shared nodes, and fewer values than characters."""
    if not text or text[0] in "#\n " or not _CHARS.fullmatch(text):
        # a first line blank, indented or a comment (as hand-written records start) is declined by _parse too,
        # once the text is scanned and split: declined before
        return DECLINE, False
    if not text.isascii() and not all(c.isalnum() for c in set(text) if c > "\x7e"):
        return DECLINE, False
    try:
        data, checked = _parse(text, resolvers)
    except (_Decline, RecursionError):
        return DECLINE, False
    return data, checked and len(text) <= MAX_STRING

