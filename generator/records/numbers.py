"""Exact decimal arithmetic on reported values: means, rounding and display.

Values are reported with a few decimals (58.45); floats cannot hold them exactly,
so means and rounding go through Decimal built from the shortest repr, which is
the number as it was written.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Optional, Union

Number = Union[int, float]


def to_decimal(value: Number) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def decimals_of(value: Number) -> int:
    """How many decimals the value was written with (58.40 -> 1, since YAML keeps 58.4)."""
    exponent = to_decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def mean(values: Iterable[Number]) -> Decimal:
    items = [to_decimal(v) for v in values]
    if not items:
        raise ValueError("mean of no values")
    return sum(items, Decimal(0)) / len(items)


def fmt(value: Union[Number, Decimal, str, None], decimals: int | None = None) -> str:
    """The text a table shows for a value."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    number = value if isinstance(value, Decimal) else to_decimal(value)
    if decimals is not None:
        return f"{round_half_up(number, decimals):f}"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float: as written
    return f"{number:f}" if isinstance(value, Decimal) else str(value)


def sort_key(value: Union[Number, Decimal, str, None]) -> Optional[float]:
    """A comparable magnitude: numbers as they are, fractions like 159/160 as their ratio."""
    if value is None:
        return None
    if isinstance(value, str):
        num, _, den = value.partition("/")
        try:
            return float(Fraction(num) / Fraction(den)) if den else float(num)
        except (ValueError, ZeroDivisionError):
            return None
    return float(value)


def agrees_with_mean(reported: Union[Number, Decimal], values: Iterable[Union[Number, Decimal]]) -> tuple[bool, Decimal]:
    """Whether a reported average can be the mean of ``values``, given that both were rounded.

    The reported figure is off by at most half a unit of its last decimal, and the
    mean of rounded values by at most half a unit of theirs.
    """
    items = [v if isinstance(v, Decimal) else to_decimal(v) for v in values]
    computed = sum(items, Decimal(0)) / len(items)
    shown = reported if isinstance(reported, Decimal) else to_decimal(reported)

    def half_unit(d: Decimal) -> Decimal:
        exponent = d.as_tuple().exponent
        return Decimal(5).scaleb(-1 + (exponent if isinstance(exponent, int) and exponent < 0 else 0))

    slack = half_unit(shown) + max(half_unit(v) for v in items)
    return abs(shown - computed) <= slack, computed
