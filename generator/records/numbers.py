"""Exact decimal arithmetic on reported values: means, rounding and display.

Values are reported with a few decimals (58.45); floats cannot hold them exactly,
so means and rounding go through Decimal built from the shortest repr, which is
the number as it was written.

How a card shows a number (:func:`show`): with ``decimals`` set, exactly that many
decimals; otherwise as written, except that a whole float loses its ``.0`` (9288.0 ->
9288) and a value with more than :data:`MAX_DECIMALS` decimals is rounded half up to
that many (0.6912648677825928 -> 0.6913), or to :data:`SIGNIFICANT` significant digits
when it is below :data:`SMALL` (3.2123456e-05 -> 3.212e-05; 5e-07 stays 5e-07).
Integers are always shown as integers, except a leaderboard's scores at their ``decimals``
(render.tables.leaderboard_table) and a run's statistic of a billion or more (Total FLOs: :func:`large_count`).
Records keep the full value.

Whether a number shown stands for a value (:func:`shows`) is one rule, each caller saying what else it accepts: a
README's table checked against its model-index, a card's rounding of a run's exact value (the merge, the builder), the
Trainer's results list against the model-index.
"""

from __future__ import annotations

import json
import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext
from typing import Any, Iterable, Literal, Optional, Union

from generator.frozen import dataclass
from generator.io.data import lazy_pattern

# A metric's text when the card's model-index holds YAML's NaN (`value: .nan`, MTEB's score it could not compute), not
# the text `nan`: the model-index written back holds the NaN, as the Hub serves it
YAML_NAN = ".nan"

Number = Union[int, float]

MAX_DECIMALS = 4  # what transformers' own card shows (modelcard._maybe_round)
SMALL = Decimal("0.001")  # below this, rounding to MAX_DECIMALS would leave too few digits
SIGNIFICANT = 4  # digits a small value keeps


def to_decimal(value: Number) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def decimals_of(value: Union[Number, Decimal]) -> int:
    """How many decimals the value was written with (58.40 -> 1, since YAML keeps 58.4; 3.212e-05 -> 8)."""
    exponent = (value if isinstance(value, Decimal) else to_decimal(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_TRAILING_ZERO = lazy_pattern(r"[-+]?[0-9]*\.[0-9]*0")  # a decimal number whose last decimal is a zero YAML drops


def written_decimals(text: str) -> Optional[int]:
    """The decimals a YAML number is written with when its last is a zero (``57.50``: 2, which YAML reads as 57.5;
    ``80.0``: 1), so that a card or file can show and write it so; None otherwise (``0.412``, ``1.0e-05``)."""
    return len(text.split(".")[1]) if _TRAILING_ZERO.fullmatch(text) else None


def as_written(value: Union[Number, Decimal], decimals: Optional[int]) -> Union[Number, Decimal]:
    """A value at the decimals it was written with, zeros after its last digit kept (57.5 at 2 decimals: 57.50, as
    the file or card it was read from wrote it; the YAML writer writes the Decimal as it is); never rounded: a
    value with more decimals is written whole."""
    if decimals and isinstance(value, float) and math.isfinite(value) and decimals_of(value) < decimals:
        return round_half_up(to_decimal(value), decimals)
    return value


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    digits = value.adjusted() + decimals + 2
    if digits > getcontext().prec:  # quantize refuses a result longer than the context (1e28 at 0 decimals by default)
        return value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, Context(prec=digits))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


Ties = Literal["either", "half-up-or-float", "half-up"]
EITHER: Ties = "either"  # a tie shown rounded either way
HALF_UP_OR_FLOAT: Ties = "half-up-or-float"  # a tie shown as this tool or Python's round() rounds it
HALF_UP: Ties = "half-up"  # only as this tool writes it: half up at ``places``, or exactly


def shows(shown: Optional[Union[Number, Decimal]], value: Any, *, ties: Ties = EITHER, places: Optional[int] = None,
          percent: bool = False, quoted: bool = False) -> bool:
    """Whether a number a card shows stands for ``value``: the same number, or ``value`` rounded to the decimals
    ``shown`` is written with (``places``: to that many, however many are shown). None (a cell that shows no
    number, a value not known), bools, texts and NaN or infinite numbers show nothing. What else a caller accepts:

    - ``ties``: how a value halfway between two roundings is shown. ``EITHER``: either way, as people and other tools
      write it (this tool and JavaScript's toFixed round half up, Python's format the float's binary value: 45.235 as
      45.23). ``HALF_UP_OR_FLOAT``: as this tool rounds it (half up) or Python's round() (transformers' card: an
      exact binary tie to even, 29/32 = 0.90625 as 0.9062). ``HALF_UP``: only as this tool writes it, the check of
      a card it rendered: rounded half up to ``places``, or, without ``places`` (a cell it does not round), exactly.
    - ``percent`` (with ties either way): a fraction shown as its percentage (0.4523 as 45.23, or 45.2) or a
      percentage as its fraction (45.23 as 0.4523).
    - ``quoted``: a value written as a number in quotes (``value: '45.23'``) is that number.
    """
    if quoted and isinstance(value, str) and finite_text(value):
        value = read_number(value)
    if shown is None or not (finite_number(shown) and finite_number(value)):
        return False
    seen = shown if isinstance(shown, Decimal) else to_decimal(shown)
    number = value if isinstance(value, Decimal) else to_decimal(value)
    if ties == HALF_UP:
        return seen == (number if places is None else round_half_up(number, places))
    if places is None:
        places = decimals_of(seen)
    if ties == HALF_UP_OR_FLOAT:
        return seen == round_half_up(number, places) or isinstance(value, float) and \
            round(value, places) == (float(shown) if isinstance(shown, Decimal) else shown)
    half = Decimal(5).scaleb(-places - 1)  # half a unit of the last decimal shown
    if abs(seen - number) <= half:
        return True
    if percent and abs(number) <= 1 and abs(seen - number.scaleb(2)) <= half:
        return True
    return percent and abs(seen) <= 1 < abs(number) <= 100 and abs(seen - number.scaleb(-2)) <= half


def finite_number(value: Any) -> bool:
    """Whether ``value`` is a finite int, float or Decimal (not a bool)."""
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value)) or (kind is Decimal and value.is_finite())


# A result list a card shows in one list item, as written (characters): BLEU's n-gram precisions, a confusion matrix
# (the longest of 31 real Trainer cards' is 438); no per-sample predictions
MAX_NUMBER_LIST = 2000


def number_list(value: Any) -> bool:
    """Whether ``value`` is a final result a card lists as written: a non-empty list of finite numbers, or of such
    lists (a compute_metrics returning BLEU's n-gram precisions, a confusion matrix), of at most MAX_NUMBER_LIST
    characters as :func:`number_list_text` writes it."""
    return type(value) is list and _numbers_only(value, 0) and len(number_list_text(value)) <= MAX_NUMBER_LIST


def _numbers_only(items: list, depth: int) -> bool:
    return bool(items) and all(type(v) is not Decimal and finite_number(v) or type(v) is list and depth < 2
                               and _numbers_only(v, depth + 1) for v in items)


def number_list_text(value: list) -> str:
    """A list of numbers as Python writes it, and so the Trainer's card (``[92.48, 85.38]``, ``[[0, 31], [1, 0]]``)."""
    return json.dumps(value)


# a key of a result mapping listed as written: no character markdown or HTML would read as markup there
_PLAIN_KEY = lazy_pattern(r"[^<>*`\[\]\\&|\n]{1,60}")


def number_mapping(value: Any) -> bool:
    """Whether ``value`` is a final result a card lists as written that is a mapping: names to finite numbers or to
    mappings of such (sklearn's classification_report a compute_metrics returned: per label its precision, recall,
    f1-score and support, beside the accuracy), of at most MAX_NUMBER_LIST characters as :func:`number_mapping_text`
    writes it."""
    return type(value) is dict and _numbers_by_name(value, 0) and len(number_mapping_text(value)) <= MAX_NUMBER_LIST


def _numbers_by_name(mapping: dict, depth: int) -> bool:
    return bool(mapping) and all(type(k) is str and _PLAIN_KEY.fullmatch(k) is not None and (
        type(v) is not Decimal and finite_number(v) or type(v) is dict and depth < 1 and _numbers_by_name(v, 1))
        for k, v in mapping.items())


def number_mapping_text(value: dict) -> str:
    """A mapping of numbers as Python writes it, and so the Trainer's card (``{'EMPTY': {'precision': 0.98,
    'support': 92149}, 'accuracy': 0.96}``)."""
    return repr(value)


def read_number_mapping(text: str) -> Optional[dict]:
    """The mapping of numbers ``text`` writes as Python does (:func:`number_mapping_text`), else None. Read as a
    Python literal (``ast.literal_eval``: no names, no calls)."""
    if not (text.startswith("{") and text.endswith("}")) or len(text) > MAX_NUMBER_LIST:
        return None
    import ast  # (a rare item: not at import time)

    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if number_mapping(value) else None


def read_number_list(text: str) -> Optional[list]:
    """The list of numbers ``text`` writes as :func:`number_list_text` does, or as numpy prints an array on one line
    (``[0.99143577 0.99156328]``, ``[[10  2] [ 3 20]]``: a compute_metrics returning an array), else None."""
    if not (text.startswith("[") and text.endswith("]")) or len(text) > MAX_NUMBER_LIST:
        return None
    try:
        value = json.loads(text) if "," in text else _numpy_printed(text)
    except ValueError:
        return None
    return value if number_list(value) else None


_NUMPY_TOKEN = re.compile(r"\[|\]|[^\s\[\]]+")
_NUMPY_INT = re.compile(r"[-+]?\d+")


def _numpy_printed(text: str) -> Optional[list]:
    """The nested lists of numbers of numpy's printed array (numbers parted by spaces, ``1.`` a float), else None."""
    stack: list[list] = []
    value: Optional[list] = None
    for token in _NUMPY_TOKEN.findall(text):
        if value is not None:
            return None  # text after the outer list
        if token == "[":
            stack.append([])
        elif token == "]":
            if not stack:
                return None
            done = stack.pop()
            if stack:
                stack[-1].append(done)
            else:
                value = done
        elif not stack:
            return None
        else:
            stack[-1].append(int(token) if _NUMPY_INT.fullmatch(token) else float(token))  # (ValueError: no number)
    return value


_MAX_EXPONENT = 400  # beyond a float's range (1.8e308, 5e-324)


def read_number(text: str) -> Optional[Decimal]:
    """The number a table cell shows (``45.23``, ``45.23%``), exactly; None for a cell that shows none (``-``,
    ``N/A``, NaN) or one like 1e999999, past any float a model-index can hold (the mean of two such cells overflows
    Decimal's context)."""
    text = text.strip().rstrip("%")
    if not text or text == "-":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number.adjusted()) <= _MAX_EXPONENT else None


def finite_text(text: str) -> bool:
    """Whether ``text`` reads as a finite float (a number in quotes)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def mean(values: Iterable[Number]) -> Decimal:
    items = [to_decimal(v) for v in values]
    if not items:
        raise ValueError("mean of no values")
    return sum(items, Decimal(0)) / len(items)


@dataclass(frozen=True)
class Shown:
    """A number as a card shows it."""

    text: str
    decimals: Optional[int] = None  # decimals the value was rounded to; None when shown exactly


def _decimal_text(number: Decimal) -> str:
    return f"{number:f}".lstrip("-") if number == 0 else f"{number:f}"  # no "-0.00"


def _written(value: Union[float, Decimal]) -> str:
    """The value as written: a float's shortest repr (5e-07), a Decimal in positional notation."""
    return repr(value) if isinstance(value, float) else _decimal_text(value)


def show(value: Union[Number, Decimal, str, None], decimals: Optional[int] = None) -> Shown:
    """The text a card shows for a value, and the precision it was rounded to (see the module doc)."""
    if value is None:
        return Shown("-")
    if isinstance(value, str):
        return Shown(value)
    if isinstance(value, bool):
        return Shown("true" if value else "false")
    if isinstance(value, int):
        return Shown(str(value))  # integers are shown as integers
    if isinstance(value, float) and not math.isfinite(value):
        return Shown(repr(value))
    number = value if isinstance(value, Decimal) else to_decimal(value)
    if decimals is not None:
        return Shown(_decimal_text(round_half_up(number, decimals)), decimals)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return Shown(str(int(value)))  # 9288.0 -> 9288
    written = decimals_of(number)
    places = MAX_DECIMALS if abs(number) >= SMALL else SIGNIFICANT - 1 - number.adjusted()
    if written <= places:
        return Shown(_written(value))  # short enough: exactly as written, never padded
    rounded = round_half_up(number, places)
    return Shown(_written(float(rounded)) if isinstance(value, float) and places > MAX_DECIMALS
                 else _decimal_text(rounded), places)


LARGE_COUNT = 10 ** 9  # a whole number this large (a run's Total FLOs) is read by its magnitude, not its digits


def large_count(value: Any) -> Optional[str]:
    """A run's count of 10^9 or more (Total FLOs: 787640939839488, or 3.5467769063407616e+16 as the Trainer logs
    it, a float) in scientific notation at 3 significant digits (7.88e+14, 3.55e+16), as such counts are read; None
    for any other value. Records keep it exact."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not finite_number(value):
        return None
    return f"{value:.2e}" if abs(value) >= LARGE_COUNT and float(value).is_integer() else None


def exact(value: Union[Number, Decimal, str, None]) -> str:
    """The text of a setting (a hyperparameter): as :func:`show`, but never rounded (a learning rate of 1.0025e-05
    is what the run was given, not a measurement)."""
    shown = show(value)
    return _written(value) if isinstance(value, (float, Decimal)) and shown.decimals is not None else shown.text


def fmt(value: Union[Number, Decimal, str, None], decimals: Optional[int] = None) -> str:
    """The text a table or list shows for a value (see :func:`show`)."""
    return show(value, decimals).text


def sort_key(value: Union[Number, Decimal, str, None]) -> Optional[float]:
    """A comparable magnitude: numbers as they are, fractions like 159/160 as their ratio."""
    if value is None:
        return None
    if isinstance(value, str):
        num, _, den = value.partition("/")
        try:
            if not den:
                return float(num)
            if num.isascii() and num.isdigit() and den.isascii() and den.isdigit():
                return int(num) / int(den)  # as float(Fraction(num) / Fraction(den)): int division rounds once, exactly
            from fractions import Fraction  # only for a score written as a fraction (a cold start does without it)

            return float(Fraction(num) / Fraction(den))
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


_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_WITH_ERROR = lazy_pattern(rf"({_NUMBER})\s*(?:±|\+/-|\+-)\s*({_NUMBER})")
_PERCENT = lazy_pattern(rf"({_NUMBER})\s*%")
_PLAIN = lazy_pattern(_NUMBER)
_DECIMAL_COMMA = lazy_pattern(r"([-+]?\d+),(\d+)")


def text_mean(text: str) -> Optional[str]:
    """The mean of a value written as text in the form RL libraries write a mean reward, ``<mean> ± <spread>``
    (stable-baselines3, Sample Factory, cleanRL and the Deep RL course: ``1528.00 +/- 875.81``, the mean episode
    reward and its standard deviation), as written; None for any other text. A metric's ``text`` keeps such a value."""
    found = _WITH_ERROR.fullmatch(text.strip())
    return found[1] if found else None


def shown_number(text: str) -> Optional[str]:
    """The number a text shows, as written: a mean ± spread's mean, a percentage's number or a plain number; None
    for a text that shows none (``N/A``, ``nan +/- nan``)."""
    text = text.strip()
    found = _WITH_ERROR.fullmatch(text) or _PERCENT.fullmatch(text)
    if found:
        return found[1]
    found = _PLAIN.fullmatch(text)
    return found[0] if found else None


def text_number(text: str) -> Optional[Decimal]:
    """The mean of a value written as text (see :func:`text_mean`) as an exact Decimal; None for any other text."""
    written = text_mean(text)
    return None if written is None else Decimal(written)


def text_value(text: str) -> Optional[Number]:
    """The value a metric written as ``text`` holds (see :func:`text_mean`): an int when its mean is written
    without a point or an exponent, else a float; None for any other text."""
    written = text_mean(text)
    if written is None:
        return None
    return int(written) if written.lstrip("+-").isdigit() else float(written)


_NOT_FINITE = lazy_pattern(r"(?<![A-Za-z])[-+]?(?:nan|inf|infinity)(?![A-Za-z])", re.I)


def no_number_code(text: str) -> str:
    """The problem code of a value that is no number: ``not-finite`` for a NaN or an infinity however it is written
    (YAML's ``.nan``, read back as the text ``nan``; a diverged run's ``nan +/- nan``), ``not-a-number`` for any
    other text (``N/A``, ``xx.xx``), so that one problem keeps one code on a card and on its rendered copy."""
    return "not-finite" if _NOT_FINITE.search(text) else "not-a-number"


def number_text_fix(text: str, keeps_text: bool = False) -> str:
    """How to write a value that was given as text (``'45.3%'``, ``'45.3 ± 1.2'``, ``'abc'``) as a number.
    ``keeps_text``: the value is a metric's, whose ``text`` can keep a card's ``45.3 ± 1.2`` as written."""
    text = text.strip()
    found = _WITH_ERROR.fullmatch(text)
    if found and keeps_text:
        return (f"write the value as the number {found[1]}, and keep the text as the card shows it in text: "
                f"{text!r} (a mean ± standard deviation, as RL cards write it), or its uncertainty as stderr: "
                f"{found[2]} when it is a standard error")
    if found:
        return f"write the value as the number {found[1]} and its uncertainty as stderr: {found[2]}"
    found = _PERCENT.fullmatch(text)
    if found:
        fraction = _decimal_text(Decimal(found[1]) / 100)
        return (f"write the number without the % sign: {found[1]} (a percentage; say so in the metric's name, "
                f"e.g. `accuracy (%)`) or the fraction {fraction}")
    found = _DECIMAL_COMMA.fullmatch(text)
    if found:  # `0,912`: a decimal comma (cards written in German, French, Spanish...); `1,500` may be thousands
        point, whole = text.replace(",", "."), text.replace(",", "")
        if len(found[2]) == 3 and found[1].lstrip("+-") != "0":
            return f"write the number with a decimal point ({point}) or without the thousands separator ({whole})"
        return f"write the number with a decimal point: {point}"
    try:
        float(text)
    except ValueError:
        return "write a number, e.g. 58.45"
    return "write the number without quotes"
