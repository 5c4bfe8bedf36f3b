"""Numbers as people read them: at most 4 decimals in the body, the full value in the records and model-index,
and a check that compares each shown number at the precision it is shown."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import validate_card
from generator.check.tables import check_rendered_tables, check_tables_against_index
from generator.markdown.frontmatter import split_card
from generator.records.loader import load_records
from generator.records.numbers import exact, fmt, large_count, show
from generator.render.card import render
from generator.render.list_items import format_setting, format_value
from generator.render.tables import number_cell


@pytest.mark.parametrize("value, text", [
    (0.6912648677825928, "0.6913"),
    (0.44285714285714284, "0.4429"),
    (0.049719098900907366, "0.0497"),
    (0.8695652173913043, "0.8696"),
    (-0.012059688800945878, "-0.0121"),
    (-1.034044094880422, "-1.0340"),  # rounded to 4 decimals: the zero is a shown digit
    (0.00005, "5e-05"),
    (9288.0, "9288"),
    (3.0, "3"),
    (-0.0, "0"),
    (41.3, "41.3"),  # as written: never padded
    (58.45, "58.45"),
    (0.1234, "0.1234"),
    (0.00015, "0.00015"),  # a small value keeps its digits instead of becoming 0.0002
    (5e-07, "5e-07"),
    (1e-08, "1e-08"),
    (3.2123456e-05, "3.212e-05"),  # below 0.001: 4 significant digits
    (0.12345, "0.1235"),  # half up, from the shortest repr
    (2.00005, "2.0001"),
    (23, "23"),
    (Decimal("54.00"), "54.00"),  # a computed average keeps the precision it was rounded to
    ("159/160", "159/160"),
    (None, "-"),
    (True, "true"),
])
def test_default_display(value, text):
    assert fmt(value) == text


@pytest.mark.parametrize("value, decimals, text", [
    (0.6912648677825928, 2, "0.69"),
    (41.3, 2, "41.30"),  # an explicit setting is exact: it pads
    (88.0, 1, "88.0"),
    (0.6912648677825928, 6, "0.691265"),
    (23, 2, "23"),  # integers stay integers
    (-0.001, 2, "0.00"),  # no negative zero
])
def test_decimals_setting(value, decimals, text):
    assert fmt(value, decimals) == text


def test_shown_precision_is_what_the_check_rounds_to():
    assert show(0.6912648677825928).decimals == 4
    assert show(41.3).decimals is None and show(9288.0).decimals is None
    assert show(3.2123456e-05).decimals == 8
    cell = number_cell(0.6912648677825928, bold=True)
    assert (cell.text, cell.value, cell.decimals) == ("**0.6913**", 0.6912648677825928, 4)


def test_list_items_follow_the_same_rule():
    assert format_value(0.6848515590031942) == "0.6849"
    assert format_value(9288.0) == "9288"
    assert format_value(5e-07) == "5e-07"
    assert format_value(0.6848515590031942, 2) == "0.68"
    assert format_value("a|b") == "a\\|b"



def test_settings_are_shown_exactly_as_given():
    """A hyperparameter is what the run was given (the Trainer's card writes its repr), not a measurement."""
    assert format_setting(1.0025e-05) == exact(1.0025e-05) == "1.0025e-05"
    assert format_setting(0.012345678) == "0.012345678" and format_value(0.012345678) == "0.0123"
    assert format_setting(1.0) == "1" and format_setting(3) == "3" and format_setting(True) == "true"
    assert format_setting(Decimal("0.123456789")) == "0.123456789" and format_setting("a|b") == "a\\|b"
    assert format_setting(float("nan")) == "nan"
LONG = """\
model:
  repo_id: acme/long
  license: mit
  pipeline_tag: text-generation
evaluations:
  - benchmark: ARC
    dataset: {id: allenai/ai2_arc}
    metrics:
      - {type: acc, value: 0.44285714285714284, stderr: 0.049719098900907366}
      - {type: acc_norm, value: 0.6912648677825928, stderr: 0.0123456789}
  - benchmark: GSM8K
    dataset: {id: openai/gsm8k}
    decimals: 2
    metrics:
      - {type: exact_match, value: 0.6912648677825928, stderr: 0.049719098900907366}
  - benchmark: Hand
    dataset: {id: acme/hand}
    metrics:
      - {type: acc, value: 41.3}
      - {type: f1, value: 58.45}
  - benchmark: Tiny
    group: Suite
    dataset: {id: acme/tiny}
    metrics:
      - {type: acc, value: 0.3333333333333333, stderr: 0.000012345678}
groups:
  - name: Suite
training:
  statistics: {Epochs: 0.8695652173913043, Num Tokens: 9288.0, Train loss: 0.6848515590031942}
  hyperparameters: {learning_rate: 5.0e-07, num_epochs: 3.0, adam_epsilon: 1.0e-08, warmup_ratio: 0.1}
  results:
    - {training_loss: 0.6911771774291993, epoch: 0.8695652173913043, step: 10, validation_loss: 0.6993228197097778,
       metrics: {Rewards/margins: -0.012059688800945878, Num Tokens: 3096.0}}
  eval_results: {Loss: 0.7081061601638794}
"""


def _card(write, text: str = LONG):
    path = write("records.yaml", text)
    records = load_records(path)
    return path, records, render(records)


def test_long_floats_render_short_and_the_card_passes_its_check(write, tmp_path):
    path, records, card = _card(write)
    body = card.body
    assert "| ARC       | acc         | 0.4429 | 0.0497 |" in body  # stderr at the value's precision
    assert "|           | acc_norm    | 0.6913 | 0.0123 |" in body
    assert "| GSM8K     | exact_match |   0.69 |   0.05 |" in body  # the evaluation's decimals: 2
    assert "| Hand      | acc         |   41.3 |        |" in body and "|  58.45 |" in body
    assert "| Tiny |         | acc    | 0.3333 | ± | 1.235e-05 |" in body  # below 0.001: 4 significant digits
    assert "| 0.6912        | 0.8696 | 10   | 0.6993          | -0.0121         | 3096       |" in body
    for line in ("- **Epochs:** 0.8696", "- **Num Tokens:** 9288", "- **Train loss:** 0.6849",
                 "- learning_rate: 5e-07", "- num_epochs: 3", "- adam_epsilon: 1e-08", "- warmup_ratio: 0.1",
                 "- Loss: 0.7081"):
        assert line + "\n" in body, line
    assert "0.6912648677825928" not in body and "9288.0" not in body
    # model-index keeps the exact values
    results = card.metadata["model-index"][0]["results"]
    assert results[0]["metrics"][0]["value"] == 0.44285714285714284
    assert results[1]["metrics"][0]["value"] == 0.6912648677825928
    report = validate_card(path)
    assert report.ok, report.problems
    assert report.values_checked >= 10
    out = tmp_path / "README.md"
    out.write_text(card.text, encoding="utf-8")
    report = validate_card(out)
    assert report.ok and report.values_checked >= 5, report.problems


@pytest.mark.parametrize("shown, tampered", [
    ("| 0.4429 |", "| 0.4428 |"),  # the last displayed digit of a rounded value
    ("|   0.69 |", "|   0.68 |"),  # under a decimals setting
    ("|   41.3 |", "|   41.4 |"),  # a value shown as written
])
def test_a_shown_value_off_in_its_last_digit_fails_the_check(write, tmp_path, shown, tampered):
    _, records, card = _card(write)
    assert card.text.count(shown) == 1
    text = card.text.replace(shown, tampered)
    out = tmp_path / "README.md"
    out.write_text(text, encoding="utf-8")
    report = validate_card(out)  # against the card's own model-index
    assert not report.ok
    assert {p.code for p in report.errors} == {"table-value-mismatch"}
    _, body = split_card(text, "README.md")
    problems, _, _ = check_rendered_tables(records, card, body)  # against the records
    assert problems and {p.code for p in problems} == {"table-value-mismatch"}


def test_rounding_is_checked_at_the_shown_precision():
    meta = {"model-index": [{"name": "m", "results": [{
        "task": {"type": "text-generation"}, "dataset": {"name": "ARC", "type": "arc"},
        "metrics": [{"type": "acc", "value": 0.6912648677825928}]}]}]}

    def problems(value: str) -> list:
        body = f"| Benchmark | Metric | Value |\n| --- | --- | --: |\n| ARC | acc | {value} |\n"
        return check_tables_against_index(meta, body, "README.md")[0]

    assert problems("0.6913") == [] and problems("0.69") == [] and problems("0.6912648677825928") == []
    assert [p.code for p in problems("0.6914")] == ["table-value-mismatch"]
    assert [p.code for p in problems("0.6912")] == ["table-value-mismatch"]
    assert problems("0.691264867782593") == []  # 15 decimals, rounded right
    assert [p.code for p in problems("0.691264867782592")] == ["table-value-mismatch"]


def test_training_decimals_setting(write):
    text = LONG.replace("training:\n", "training:\n  decimals: 2\n")
    body = _card(write, text)[2].body
    assert "- **Epochs:** 0.87\n" in body and "- Loss: 0.71\n" in body
    assert "- learning_rate: 5e-07\n" in body  # hyperparameters are never rounded by it
    assert "| 0.69          | 0.87  | 10   | 0.70            |" in body


@pytest.mark.parametrize("text, number, value", [
    ("1528.00 +/- 875.81", Decimal("1528.00"), 1528.0),  # stable-baselines3, sample-factory, cleanRL, Deep RL course
    ("500.00           +/- 0.00", Decimal("500.00"), 500.0),  # the Deep RL course's Unit 4 notebook
    ("-12.90 +/- 8.87", Decimal("-12.90"), -12.9),
    ("10 +/- 7.11", Decimal("10"), 10),  # a mean written without decimals stays an integer
    ("20.0 ± 1.2", Decimal("20.0"), 20.0),  # huggingface_hub's own example of a text value
    ("45.3+-1.2", Decimal("45.3"), 45.3),
    ("73.8%", None, None),  # a percentage is a number, the unit in the metric's name (number_text_fix)
    ("58.45", None, None),  # a quoted number is the number
    ("nan +/- nan", None, None),  # Sample Factory's evaluation that finished no episode: no number
    ("N/A", None, None),
    ("abc", None, None),
    ("1528.00 +/-", None, None),
    ("+/- 3.0", None, None),
    ("[18.55%]", None, None),
])
def test_the_forms_a_metric_text_may_take(text, number, value):
    from generator.records.numbers import text_number, text_value

    assert text_number(text) == number
    got = text_value(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("value, decimals, text", [
    (1e28, 0, "1" + "0" * 28),  # 29 digits: past the decimal module's default 28
    (-1e28, 2, "-1" + "0" * 28 + ".00"),
    (1.2345678901234567e27, 0, "12345678901234567" + "0" * 11),  # 28 digits: the default context's own
    (1.5e300, 1, "15" + "0" * 299 + ".0"),
])
def test_a_value_rounding_past_28_digits_is_shown_whole(value, decimals, text):
    assert fmt(value, decimals) == text
    assert number_cell(value, decimals).text == text


def test_a_callers_narrower_decimal_context_changes_no_shown_value():
    with localcontext() as context:  # a pipeline that set its own precision for its own arithmetic
        context.prec = 6
        assert fmt(1234567.891, 2) == "1234567.89" and fmt(1e28, 0) == "1" + "0" * 28


def test_a_huge_value_renders_and_passes_its_check(write, tmp_path):
    path = write("records.yaml", """\
model: {name: Huge, pipeline_tag: text-generation}
evaluations:
  - benchmark: Counts
    dataset: {id: acme/counts}
    decimals: 0
    metrics:
      - {type: tokens, value: 1.0e+28}
      - {type: steps, value: 1.5e+300}
""")
    card = render(load_records(path))
    assert " 1" + "0" * 28 + " |\n" in card.body and " 15" + "0" * 299 + " |\n" in card.body
    out = tmp_path / "README.md"
    out.write_text(card.text, encoding="utf-8")
    for report in (validate_card(path), validate_card(out)):
        assert report.ok and report.values_checked >= 2, report.problems


@given(st.from_regex(r"[0-9]{1,25}/[0-9]{1,25}|[0-9_]{1,4}/ ?[0-9]{1,3}|[0-9.]{1,4}/[0-9٣]{1,2}", fullmatch=True))
@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
def test_a_fraction_of_digits_sorts_by_the_ratio_fractions_give(text):
    """sort_key divides a fraction of ASCII digits (rogemma's `159/160` scores) as ints, where it built two
    Fractions: the same float (int division rounds the exact ratio once, as Fraction's float does), None for a zero
    denominator; any other fraction still goes through Fraction."""
    from fractions import Fraction

    from generator.records.numbers import sort_key

    num, _, den = text.partition("/")
    try:
        expected = float(Fraction(num) / Fraction(den))
    except (ValueError, ZeroDivisionError):
        expected = None
    assert sort_key(text) == expected


# ------------------------------------------------------------- one rule for "does a shown number stand for a value"
# The three predicates shows() folds, as they were (check/tables._shows, records/numbers.shows_as and card_once's
# SUMMARY_ROUNDING): the behaviour each caller keeps, checked against shows() on generated values and texts.

import math  # noqa: E402
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, InvalidOperation  # noqa: E402
from typing import Any  # noqa: E402

from generator.records.numbers import (  # noqa: E402
    HALF_UP,
    HALF_UP_OR_FLOAT,
    decimals_of,
    read_number,
    round_half_up,
    shows,
)
from generator.records.numbers import to_decimal as _dec  # noqa: E402


def _finite(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _finite_number(value: Any) -> bool:
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value)) or (kind is Decimal and value.is_finite())


def _table_rule_before(shown: Decimal, value: Any) -> bool:
    """check/tables._shows: a README's table against its model-index."""
    if isinstance(value, str) and _finite(value):
        value = read_number(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not _finite_number(value):
        return False
    expected = value if isinstance(value, Decimal) else _dec(value)
    half = Decimal(5).scaleb(-decimals_of(shown) - 1)
    if abs(shown - expected) <= half:
        return True
    if abs(expected) <= 1 and abs(shown - expected.scaleb(2)) <= half:
        return True
    return abs(shown) <= 1 < abs(expected) <= 100 and abs(shown - expected.scaleb(-2)) <= half


def _card_rounding_before(value: Any, shown: Any) -> bool:
    """records/numbers.shows_as, with the equality its callers (the merge, the builder) test first."""
    if value == shown:
        return True
    if not isinstance(value, float) or isinstance(shown, bool) or not isinstance(shown, (int, float)) \
            or not (math.isfinite(value) and math.isfinite(shown)):
        return False
    places = decimals_of(shown)
    if places >= decimals_of(value):
        return False
    return round_half_up(_dec(value), places) == _dec(shown) or round(value, places) == shown


def _summary_rule_before(listed: float, value: float) -> bool:
    """card_once: a value of the Trainer's results list gives the model-index's (it rounds to 4 decimals)."""
    return abs(listed - value) <= 0.5e-4 + 1e-12


_MODES = (ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_FLOOR, ROUND_CEILING)
# values near a rounding tie (x.xx5), and any others
_TIES = st.builds(lambda n, p: float(Decimal(n * 10 + 5).scaleb(-p)), st.integers(-10**8, 10**8), st.integers(1, 9))
_FLOATS = st.one_of(_TIES, st.floats(-1e6, 1e6), st.floats(-1.5, 1.5), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0.90625, 2.675, 45.235, 0.12345, 0.30747494101524353, 1e-320, 5e-324, 1e22]))
_VALUES = st.one_of(_FLOATS, st.integers(-10**20, 10**20), st.booleans(),
                    st.decimals(allow_nan=True),
                    _FLOATS.map(repr), st.sampled_from(["", "N/A", "45.2%", "nan", " 45.23 ", "1e400", "1_0.5"]))


@st.composite
def _shown_of(draw: Any, value: Any, percent: bool = True) -> Decimal:
    """A number a card may show for ``value``: rounded some way to some decimals, maybe as a percentage or a
    fraction, maybe a unit off; or any number."""
    number = read_number(value) if isinstance(value, str) and _finite(value) else value
    if isinstance(number, bool) or not _finite_number(number) or draw(st.integers(0, 9)) == 0:
        return draw(st.decimals(allow_nan=False, allow_infinity=False, places=draw(st.integers(0, 6))))
    exact = number if isinstance(number, Decimal) else _dec(number)
    if percent:
        exact = exact.scaleb(draw(st.sampled_from([0, 0, 2, -2])))
    places = draw(st.integers(0, 8))
    with localcontext() as context:
        context.prec = 1000  # quantize refuses more digits than the context holds
        shown = exact.quantize(Decimal(1).scaleb(-places), rounding=draw(st.sampled_from(_MODES)))
        return shown + draw(st.sampled_from([0, 0, 0, 1, -1])) * Decimal(1).scaleb(-places)


@settings(max_examples=3000, deadline=None)
@given(st.data(), _VALUES)
def test_shows_agrees_with_the_table_check_it_replaces(data, value):
    shown = data.draw(_shown_of(value))
    assert shows(shown, value, percent=True, quoted=True) == _table_rule_before(shown, value)


@settings(max_examples=3000, deadline=None)
@given(st.data(), st.one_of(_FLOATS, st.integers(-10**20, 10**20), st.booleans()))
def test_shows_agrees_with_the_card_rounding_the_merge_and_builder_used(data, value):
    if isinstance(value, float) and math.isfinite(value) and data.draw(st.booleans()):
        shown: Any = float(data.draw(_shown_of(value, percent=False)))  # a card's number, read back as YAML reads it
        shown = data.draw(st.sampled_from([shown, round(value, decimals_of(shown))]))
    else:
        shown = data.draw(st.one_of(_FLOATS, st.integers(-10**20, 10**20), st.booleans()))
    assert (shown == value or shows(shown, value, ties=HALF_UP_OR_FLOAT)) == _card_rounding_before(value, shown)


@settings(max_examples=3000, deadline=None)
@given(st.data(), st.one_of(_FLOATS, st.integers(-10**6, 10**6)))
def test_shows_agrees_with_the_trainer_list_rounding_but_for_float_error(data, value):
    """card_once compared in floats, 1e-12 of slack for their error: shows() compares the numbers as written, exactly
    (a tie, 100000.00005 listed as 100000.0, is within half a unit: the float difference, 5.0000002e-05, was not)."""
    if isinstance(value, float) and math.isfinite(value) and data.draw(st.booleans()):
        listed: Any = float(data.draw(_shown_of(value, percent=False)))
    else:
        listed = data.draw(st.one_of(_FLOATS, st.integers(-10**6, 10**6)))
    got = shows(listed, value, places=4)
    if not (math.isfinite(listed) and math.isfinite(value)):
        assert got is False is _summary_rule_before(listed, value)
        return
    gap = abs(_dec(listed) - _dec(value))
    float_error = math.ulp(float(listed)) + math.ulp(float(value)) + math.ulp(abs(listed - value)) + 1e-12
    if abs(gap - Decimal("0.00005")) > Decimal(float_error):
        assert got == _summary_rule_before(listed, value)
    assert got == (gap <= Decimal("0.00005"))


def _own_table_rule_before(shown: Decimal, value: Any, decimals: Any = None) -> bool:
    """check/tables._same: a card rendered in this process against its records and model-index."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return False
    expected = value if isinstance(value, Decimal) else _dec(value)
    if decimals is not None:
        expected = round_half_up(expected, decimals)
    return shown == expected


@settings(max_examples=3000, deadline=None)
@given(st.data(), st.one_of(_FLOATS, st.integers(-10**20, 10**20), st.booleans(), st.decimals(allow_nan=True),
                            st.sampled_from(["45.23", "", None])))
def test_shows_half_up_agrees_with_the_own_table_check_it_replaces(data, value):
    shown = data.draw(_shown_of(value, percent=False)) if not isinstance(value, str) and value is not None else \
        data.draw(st.decimals(allow_nan=False, allow_infinity=False, places=2))
    decimals = data.draw(st.one_of(st.none(), st.integers(0, 8), st.just(decimals_of(shown))))
    try:
        before = _own_table_rule_before(shown, value, decimals)
    except InvalidOperation:  # an infinite value at a cell's decimals raised; it shows nothing now
        before = False
    assert shows(shown, value, ties=HALF_UP, places=decimals) == before


@pytest.mark.parametrize("shown, value, options, expected", [
    (Decimal("45.23"), 0.4523, {"percent": True}, True),
    (Decimal("45.23"), 0.4523, {}, False),
    (Decimal("0.4523"), 45.23, {"percent": True}, True),
    (Decimal("45.23"), "45.23", {"quoted": True}, True),
    (Decimal("45.23"), "45.23", {}, False),
    (Decimal("45.23"), 45.235, {}, True),  # a tie shown either way
    (Decimal("45.24"), 45.235, {}, True),
    (0.1234, 0.12345, {"ties": HALF_UP_OR_FLOAT}, False),  # 0.12345 is 0.12345000000000000417 as a float: up
    (0.9062, 0.90625, {"ties": HALF_UP_OR_FLOAT}, True),  # an exact binary tie: Python rounds to even
    (0.9063, 0.90625, {"ties": HALF_UP_OR_FLOAT}, True),  # half up, as this tool does
    (100000.0, 100000.00005, {"places": 4}, True),  # a tie: the float difference is 5.0000002374872565e-05
    (0.6913, 0.6912648677825928, {"places": 4}, True),
    (0.6914, 0.6912648677825928, {"places": 4}, False),
    (True, 1, {}, False),
    (None, 1, {}, False),  # a cell that shows no number
    (Decimal("1"), None, {"ties": HALF_UP_OR_FLOAT}, False),  # a value not known
    (Decimal("0.69"), 0.6912, {"ties": HALF_UP}, False),  # a cell this tool does not round shows its value exactly
    (Decimal("0.6913"), 0.6912648677825928, {"ties": HALF_UP, "places": 4}, True),
    (Decimal("0.12"), 0.125, {"ties": HALF_UP, "places": 2}, False),  # half up only, not Python's round
    (Decimal("0.691265"), 0.6912648677825928, {"ties": HALF_UP, "places": 4}, False),  # not at the cell's decimals
])
def test_what_each_option_accepts(shown, value, options, expected):
    assert shows(shown, value, **options) is expected


def test_a_count_of_a_billion_or_more_is_shown_by_its_magnitude():
    """Total FLOs (trainer_shapes' real states: 3.5467769063407616e+16, 542156885943840); smaller counts, fractions,
    bools and non-finite values are left to show()."""
    assert [large_count(v) for v in (3.5467769063407616e+16, 542156885943840, 10 ** 9, -2.5e13)] == \
        ["3.55e+16", "5.42e+14", "1.00e+09", "-2.50e+13"]
    assert [large_count(v) for v in (999_999_999, 11015525, 1e9 + 0.5, True, float("inf"), "3e16", None)] == \
        [None] * 7


def test_a_mapping_of_numbers_reads_as_python_writes_it_and_nothing_else():
    """A classification report a card lists (`{'EMPTY': {'precision': 0.98, 'support': 92149}, 'accuracy': 0.96}`)
    reads back as the mapping Python printed, and prints again the same; text that is no literal mapping of numbers
    (a call, a string value, a third level, a key markdown would read as markup) is none."""
    from generator.records.numbers import number_mapping_text, read_number_mapping

    text = "{'EMPTY': {'precision': 0.9816733583732677, 'support': 92149}, 'accuracy': 0.9639556468824761}"
    value = read_number_mapping(text)
    assert value == {"EMPTY": {"precision": 0.9816733583732677, "support": 92149}, "accuracy": 0.9639556468824761}
    assert number_mapping_text(value) == text
    for other in ("{'a': __import__('os')}", "{'a': 'b'}", "{'a': {'b': {'c': 1}}}", "{'*a*': 1}", "{}",
                  "{'a': float('nan')}", "{'a': True}", "{1: 2}"):
        assert read_number_mapping(other) is None, other
