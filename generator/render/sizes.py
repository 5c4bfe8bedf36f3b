"""Upper bounds on what a string operation or a Jinja filter makes, from its arguments.

The sandbox (:mod:`generator.render.sandbox`) checks them before the operation runs, so a
template never allocates a value over its limit; and the steps a filter that walks its input
in Python costs per item or character (measured: a step is about 0.1 µs).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Optional


def arg(args: tuple, kwargs: dict, i: int, name: str, default: Any = None) -> Any:
    """Argument ``i`` of a call, given by position or by ``name``."""
    return args[i] if len(args) > i else kwargs.get(name, default)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, bytearray)) else 0


def as_int(value: Any) -> int:
    """An integer argument, or 0 for anything else."""
    return value if isinstance(value, int) else 0


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def _field_size(spec: str, biggest: int, numbers: int) -> int:
    """What one replacement field can print: the widest argument plus its width and precision."""
    nested = spec.count("{") * numbers
    return biggest + nested + sum(int(d) for d in re.findall(r"\d+", re.sub(r"\{[^}]*\}", "", spec)))


class Sizes:
    """Upper bounds on what a string operation makes, from its arguments (measured with ``weigh``)."""

    def __init__(self, weigh: Callable[[Any], int]):
        self.weigh = weigh

    def _values(self, values: Iterable[Any]) -> tuple[int, int]:
        values = list(values)
        biggest = max((self.weigh(v) for v in values), default=0)
        numbers = max((abs(v) for v in values if isinstance(v, int)), default=0)
        return biggest, numbers

    def percent(self, fmt: Any, right: Any) -> int:
        """``fmt % right``."""
        values = right.values() if isinstance(right, Mapping) else right if isinstance(right, tuple) else (right,)
        biggest, numbers = self._values(values)
        size = len(fmt)
        text = fmt if isinstance(fmt, str) else fmt.decode("latin-1")
        for width, precision, conversion in _PERCENT.findall(text):
            if conversion != "%":
                size += biggest + sum(numbers if p == "*" else int(p or 0) for p in (width, precision))
        return size

    def format(self, fmt: str, args: tuple, kwargs: dict) -> int:
        """``fmt.format(*args, **kwargs)``."""
        biggest, numbers = self._values(list(args) + list(kwargs.values()))
        try:
            fields = [spec for _, name, spec, _ in string.Formatter().parse(fmt) if name is not None]
        except ValueError:
            return len(fmt)  # the call itself reports the bad format
        return len(fmt) + sum(_field_size(spec or "", biggest, numbers) for spec in fields)

    def join(self, sep: Any, items: list) -> int:
        """``sep.join(items)``."""
        return sum(self.weigh(i) for i in items) + max(len(items) - 1, 0) * self.weigh(sep)

    def replace(self, s: Any, old: Any, new: Any, count: Any) -> int:
        """``s.replace(old, new, count)``."""
        n = _length(s)
        hits = n + 1 if not _length(old) else n // _length(old)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        return n + hits * self.weigh(new)

    def method(self, s: Any, name: str, args: tuple, kwargs: dict) -> Optional[int]:
        """A ``str`` (or bytes) method's result, for the methods that can make more than they get."""
        n = len(s)
        if name in ("center", "ljust", "rjust", "zfill"):
            return max(n, as_int(arg(args, kwargs, 0, "width", 0)))
        if name == "expandtabs":
            return n + s.count("\t" if isinstance(s, str) else b"\t") * max(as_int(arg(args, kwargs, 0, "tabsize", 8)), 1)
        if name == "replace":
            return self.replace(s, arg(args, kwargs, 0, "old"), arg(args, kwargs, 1, "new"),
                                arg(args, kwargs, 2, "count", -1))
        if name == "translate":
            table = arg(args, kwargs, 0, "table")
            longest = max((self.weigh(v) for v in table.values()), default=1) if isinstance(table, Mapping) else 1
            return n * max(longest, 1)
        if name == "hex":
            return 3 * n
        if name in ("format", "format_map") and isinstance(s, str):  # the raw method, should one get through
            mapping = arg(args, kwargs, 0, "mapping")
            if name == "format_map":
                return self.format(s, (), dict(mapping)) if isinstance(mapping, Mapping) else len(s)
            return self.format(s, args, kwargs)
        return None


def filter_estimates(sizes: Sizes, weigh: Callable[[Any], int],
                      depth: Callable[[Any], int]) -> dict[str, Callable[[Any, tuple, dict], int]]:
    """Filter name -> the size of its result, from (value, args, kwargs), for the filters whose
    result can be far larger than their input."""

    def indent(s: Any, a: tuple, k: dict) -> int:
        width = arg(a, k, 0, "width", 4)
        return _length(s) + (_length(s) and s.count("\n") + 1) * (_length(width) or as_int(width))

    def wordwrap(s: Any, a: tuple, k: dict) -> int:
        n, width = _length(s), max(as_int(arg(a, k, 0, "width", 79)), 1)
        breaks = (s.count(" ") + s.count("\n") + s.count("-") + n // width + 1) if n else 0
        return n + breaks * max(_length(arg(a, k, 2, "wrapstring")), 1)

    def urlize(s: Any, a: tuple, k: dict) -> int:
        extra = _length(arg(a, k, 2, "target")) + _length(arg(a, k, 3, "rel")) + 64
        return 3 * _length(s) + (_length(s) // 2 + 1) * extra

    def tojson(v: Any, a: tuple, k: dict) -> int:
        width = arg(a, k, 0, "indent")
        return weigh(v) * (2 + (_length(width) or as_int(width)) * depth(v))

    def fill(v: Any, count: int, filler: Any) -> int:
        return weigh(v) + (count * (weigh(filler) + 2) if filler is not None else 0)

    return {
        "center": lambda v, a, k: max(weigh(v), as_int(arg(a, k, 0, "width", 80))),
        "indent": indent,
        "wordwrap": wordwrap,
        "urlize": urlize,
        "replace": lambda v, a, k: sizes.replace(v, arg(a, k, 0, "old"), arg(a, k, 1, "new"), arg(a, k, 2, "count")),
        "format": lambda v, a, k: sizes.percent(v, k if k else tuple(a)) if isinstance(v, str) else 0,
        "join": lambda v, a, k: sizes.join(arg(a, k, 0, "d", ""), v if isinstance(v, list) else []),
        "batch": lambda v, a, k: fill(v, as_int(arg(a, k, 0, "linecount", 0)), arg(a, k, 1, "fill_with")),
        "slice": lambda v, a, k: fill(v, as_int(arg(a, k, 0, "slices", 0)), arg(a, k, 1, "fill_with") or 0),
        "tojson": tojson,
        "pprint": lambda v, a, k: weigh(v) * (1 + depth(v)),
        "round": lambda v, a, k: as_int(arg(a, k, 0, "precision", 0)) * 100_000,  # 10**precision is built
        "value": lambda v, a, k: weigh(v) + as_int(arg(a, k, 0, "decimals")),
        "setting": lambda v, a, k: weigh(v),
        "fmt": lambda v, a, k: weigh(v) + as_int(arg(a, k, 0, "decimals")),
    }


# Steps per item of the filters that walk a list in Python (measured: a step is about 0.1 µs).
PER_ITEM = {"groupby": 50, "xmlattr": 15, "urlencode": 15, "pprint": 10, "sort": 10, "selectattr": 6,
             "rejectattr": 6, "map": 5, "unique": 5, "dictsort": 4, "tojson": 3, "min": 2, "max": 2, "batch": 2,
             "select": 2, "reject": 2, "items": 2, "join": 2, "slice": 1, "sum": 1, "list": 1}
# Quarter steps per character of the filters that walk a string in Python.
PER_CHAR = {"urlize": 20, "wordwrap": 12, "title": 4, "indent": 1, "wordcount": 1, "striptags": 1}
# Filters that take the same time whatever their input holds, and return what they were given or a scalar.
CONSTANT_FILTERS = frozenset(["length", "count", "first", "last", "default", "d", "attr", "abs", "int", "float",
                       "safe", "random", "filesizeformat"])
# Filters that also need the items of a lazy input (a generator) to size their result.
NEEDS_ITEMS = frozenset(["join", "sum"])


__all__ = ["CONSTANT_FILTERS", "NEEDS_ITEMS", "PER_CHAR", "PER_ITEM", "Sizes", "arg", "as_int", "filter_estimates"]
