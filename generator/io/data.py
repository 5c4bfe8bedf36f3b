"""Plain data as read from YAML or JSON: the limits it must keep, the check that enforces
them (check_plain_data), JSON paths into it, and a pause of the garbage collector for
building or walking large trees of it.

The YAML and JSON readers both build on this module; it imports no other io module.
"""

from __future__ import annotations

import bisect
import functools
import gc
import json
import math
import re
from typing import Any, Callable, TypeVar, cast

from generator.errors import InputError, Problem

F = TypeVar("F", bound=Callable[..., Any])

MAX_NODES = 5_000_000
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 10  # expanded values per written value, beyond 100,000 values
MAX_INT_DIGITS = 100
MAX_STRING = 1_000_000  # characters in one value

_INT_BASES = {"0x": 16, "0o": 8, "0b": 2}


def yaml_int(text: str) -> "int | None":
    """The value of a YAML 1.2 core int (decimal, 0x, 0o, 0b; 0755 is 755, not octal), or None past
    MAX_INT_DIGITS digits (the readers' limit on numbers)."""
    digits = text.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        return None
    base = _INT_BASES.get(digits[:2])
    return int(text, 10) if base is None else int(text.replace(digits[:2], "", 1), base)


class CharSet:
    """Whether a text is made only of some characters: ``CharSet(ascii, above).fullmatch(text)`` is
    ``re.fullmatch(CharSet.whole, text)``, where :attr:`whole` is the regex class ``[{ascii}{a-b...}]*`` of
    ``ascii`` (a class of ASCII characters) and the ranges ``above``, ``(first, last)`` pairs of characters
    above ASCII in ascending order. A regex class whose ranges span Unicode takes milliseconds to compile (a few
    percent of a cold start), so only ASCII classes are compiled: a text that is not ASCII is matched against
    the ASCII characters the class leaves out, and its distinct other characters are looked up in ``above``."""

    def __init__(self, ascii: str, above: tuple[tuple[str, str], ...] = ()):
        self.ascii = f"[{ascii}]*"
        self.whole = f"[{ascii}" + "".join(f"{first}-{last}" for first, last in above) + "]*"
        self._ascii = re.compile(self.ascii)
        # any text without the ASCII characters the class leaves out (as ranges: re tries a class's items in
        # turn), whatever lies above ASCII
        left_out = [code for code in range(128) if not self._ascii.fullmatch(chr(code))]
        ranges = "".join(f"\\x{first:02x}-\\x{last:02x}" for first, last in _runs(left_out))
        self._no_left_out = re.compile(f"[^{ranges}]*" if ranges else "(?s:.*)")
        self._kept = bytes(code for code in range(128) if code not in left_out)  # the ASCII characters it holds
        self._firsts = [first for first, _ in above]
        self._lasts = [last for _, last in above]

    def fullmatch(self, text: str) -> bool:
        if text.isascii():
            if len(text) > _LONG:  # deleting the characters it holds leaves nothing: 4x fewer steps than re's
                return not text.encode("ascii").translate(None, self._kept)
            return self._ascii.fullmatch(text) is not None
        if self._no_left_out.fullmatch(text) is None:
            return False
        firsts, lasts = self._firsts, self._lasts
        for char in set(_ASCII_RUNS.sub("", text)):
            at = bisect.bisect_right(firsts, char) - 1
            if at < 0 or char > lasts[at]:
                return False
        return True


_LONG = 256  # an ASCII text longer than this is checked by bytes.translate (a shorter one is faster by re)
_ASCII_RUNS = re.compile("[\\x00-\\x7f]+")


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    """Ascending ``codes`` as (first, last) runs of consecutive codes."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


_PATTERN_ATTRIBUTES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "flags", "groups",
                       "groupindex")


class _LazyPattern:
    """A regex compiled on its first use (its ``pattern`` text aside); from then on its methods are the compiled
    pattern's own."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._arguments = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._arguments)
        for attribute in _PATTERN_ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> "re.Pattern[str]":
    """``re.compile(pattern, flags)`` on the first use of the result: compiling the expressions of paths a command
    may not take (errors, rare shapes, other commands) took milliseconds of every cold start. Use it for
    module-level patterns whose methods are called (not for ``match.re is PATTERN`` or ``re.sub(PATTERN, ...)``)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


class gc_paused:
    """Hold the cyclic garbage collector while building or walking a large acyclic tree:
    it would otherwise rescan every live node again and again (2-3x the time of parsing
    or writing a 10,000-result model-index). Nothing is leaked; collection resumes after.

    Also a decorator: the public steps (load, render, check) each run paused, so a
    record set's data is not rescanned by every collection its later work triggers
    (at 100,000 results that rescanning was 14 of 31 seconds, and made time per result grow).
    A class, not a generator context manager: a decorated call makes no generator and no context
    manager object (a card's load, render and check pass through about nine)."""

    __slots__ = ("_enabled",)

    def __init__(self) -> None:
        self._enabled: list[bool] = []  # per entry, whether the collector ran before it (entries nest)

    def __enter__(self) -> None:
        self._enabled.append(gc.isenabled())
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._enabled.pop():
            gc.enable()

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def paused(*args: Any, **kwargs: Any) -> Any:
            enabled = gc.isenabled()
            gc.disable()
            try:
                return fn(*args, **kwargs)
            finally:
                if enabled:
                    gc.enable()

        return cast(F, paused)


class FlowList(list):
    """A list of scalars the YAML writer writes on one line, ``[0.41, 0.4]``, as MTEB writes its v_measures."""


def json_path(parts: "list[str | int] | tuple[str | int, ...]") -> str:
    """The JSON path of a place in plain data: ``$.evaluations[0]["a b"]``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += "[" + json.dumps(part) + "]"
    return out


def check_plain_data(data: Any, name: str, finite: bool = True) -> None:
    """Reject NaN/infinity (unless ``finite`` is False), over-deep nesting and alias bombs, with the
    JSON path of the culprit.

    Shared nodes (YAML aliases) are expanded in the count, because every later
    stage walks the expanded tree; the memo keeps this walk linear.
    """
    problems: list[Problem] = []
    sizes: dict[int, int] = {}
    unique = 0

    def leaf(node: Any, path: list, depth: int) -> None:
        """A value that is not a container, at ``path`` (made only for a problem)."""
        if depth > MAX_DEPTH:
            raise InputError([Problem(name, json_path(path), f"nesting is deeper than {MAX_DEPTH} levels",
                                      "flatten the structure", code="too-deep")])
        if isinstance(node, str):
            if len(node) > MAX_STRING:
                problems.append(Problem(name, json_path(path), f"is a string of {len(node)} characters, over the "
                                        f"limit of {MAX_STRING}", "shorten it; link to long documents instead",
                                        code="too-long"))
        elif isinstance(node, float):
            if finite and (math.isnan(node) or math.isinf(node)):
                problems.append(Problem(name, json_path(path), f"{node!r} is not a finite number",
                                        "write a real number, or leave the field out", code="not-finite"))

    def walk(node: Any, path: list, depth: int) -> int:
        nonlocal unique
        unique += 1
        if depth > MAX_DEPTH or not isinstance(node, (dict, list)):
            leaf(node, path, depth)
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        items = node.items() if isinstance(node, dict) else enumerate(node)
        total = 1
        for k, v in items:
            kind = type(v)
            # the plain leaves of parsed data, checked here without a call or a path (most of a large record set)
            if depth < MAX_DEPTH and (kind is int or kind is bool or v is None or kind is str and len(v) <= MAX_STRING
                                      or kind is float and (not finite or math.isfinite(v))):
                unique += 1
                total += 1
            else:
                total += walk(v, path + [k], depth + 1)
            if total > MAX_NODES:
                raise InputError([Problem(name, json_path(path), f"expands to more than {MAX_NODES} values "
                                          "(YAML aliases or too much data)", "remove the aliases or split the file",
                                          code="too-large")])
        sizes[key] = total
        return total

    total = walk(data, [], 0)
    if total > 100_000 and total > MAX_ALIAS_EXPANSION * unique:
        node: Any = data
        parts: list = []
        for _ in range(4):  # follow the branch holding most of the expansion, to name where it is
            children = list(node.items() if isinstance(node, dict) else enumerate(node)) \
                if isinstance(node, (dict, list)) else []
            heavy = [(sizes.get(id(v), 1), k, v) for k, v in children if isinstance(v, (dict, list))]
            if not heavy:
                break
            size, key, child = max(heavy, key=lambda t: t[0])
            node, parts = child, parts + [key]
        where = json_path(parts)
        raise InputError([Problem(name, where, f"YAML aliases expand {unique} written values into {total}",
                                  "write the values out; records do not need anchors that multiply data",
                                  code="alias-expansion")])
    if problems:
        raise InputError(problems)
