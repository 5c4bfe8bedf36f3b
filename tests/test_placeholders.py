"""Finding the placeholders `modelcard init` writes left in record data (records/placeholders.py)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.io.files import parse_json
from generator.io.yamlio import parse_yaml
from generator.records.placeholders import PLACEHOLDER_VALUES, _any, _found, is_placeholder, may_hold_placeholder

_TEXTS = ["your-org/", "your-org", "/x", "your-license", "Your Model", "Your Organization", "Your", " Model", "\n",
          "a", "your-org/your-model", "Your Model ", "org/", "-"]
_text = st.lists(st.sampled_from(_TEXTS), max_size=3).map("".join)
_leaf = st.one_of(_text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
_data = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(_text, inner, max_size=4)), max_leaves=30)


def _walked(data) -> bool:
    """The full walk's answer: a placeholder found at some path."""
    hits: list = []
    _found(data, [], hits)
    return bool(hits)


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(_data)
def test_the_quick_look_finds_a_placeholder_exactly_when_the_full_walk_does(data):
    assert _any(data) == _walked(data)


def test_the_quick_look_on_placeholders_split_over_two_strings_and_in_keys():
    assert not _any(["your-org", "/x"])  # joined, they would read `your-org\n/x`
    assert not _any({"your-org/x": 1, "Your Model": 2})  # keys are names, not values
    assert _any({"a": [{"b": "see your-org/your-model"}]})
    assert all(_any([value]) and is_placeholder(value) for value in PLACEHOLDER_VALUES)
    assert _any("your-license") and not _any("your license") and not _any(3)


# Record texts that may spell a placeholder other than as written: folded and literal block scalars, quotes with
# escapes, flow collections, anchors and aliases, plain scalars folded over lines, and JSON escapes.
_YAML_PIECES = ["Your", "Model", "Organization", "your-org", "/", "your-license", "your", "-", "org", "license", " ", "\\/",
                "\n", "\n  ", "\n\n  ", "'", "''", '"', "\\", "\\x2f", "\\u0059", "\\x20", "\\\n", "&a ", "*a",
                "#", "a", "x: ", "- ", "|\n  ", ">\n  ", ">-\n  ", "[", "]", "{", "}", ", "]


@st.composite
def _spelled(draw):
    """A placeholder spelled another way: a character escaped, a space made a line break with indentation."""
    value = draw(st.sampled_from(sorted(PLACEHOLDER_VALUES) + ["your-org/x"]))
    at = draw(st.integers(0, len(value) - 1))
    how = draw(st.sampled_from(["as is", "escape", "escaped", "fold", "blank line", "escaped fold"]))
    if how == "escape":  # YAML's and JSON's escapes (in double quotes), and a BibTeX accent, which is none
        escape = draw(st.sampled_from(["\\x%02x", "\\u%04x", "\\U%08x", "\\c{%c}", "\\^%c"]))
        return value[:at] + escape % ord(value[at]) + value[at + 1:]
    if how == "escaped" and value[at] in " /":
        return value[:at] + "\\" + value[at:]
    if how in ("fold", "blank line", "escaped fold") and " " in value:
        return value.replace(" ", {"fold": "\n  ", "blank line": "\n\n  ", "escaped fold": " \\\n  "}[how], 1)
    return value


@st.composite
def _record_text(draw):
    pieces = st.one_of(st.sampled_from(_YAML_PIECES), _spelled())
    body = "".join(draw(st.lists(pieces, max_size=8)))
    shape = draw(st.sampled_from(["k: {}", "k: '{}'", 'k: "{}"', 'k: "{}"', "k: >\n  {}", "k: |\n  {}", "- {}",
                                  "k: [{}]", "a: &a {}\nb: *a", "{}"]))
    return shape.replace("{}", body)


@settings(max_examples=2000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_record_text())
def test_a_text_the_loader_spares_the_walk_of_holds_no_placeholder(text):
    """The loader walks a record set's data for placeholders only when a file's text may hold one
    (may_hold_placeholder): whatever YAML reads from a text it finds nothing in holds none, and neither does the
    JSON of that data written with escapes."""
    try:
        data = parse_yaml(text, "records.yaml")
    except InputError:
        return
    if _any(data):
        assert may_hold_placeholder(text), text
    for ascii_only in (True, False):
        written = json.dumps(data, ensure_ascii=ascii_only)
        if _any(parse_json(written, "records.json")):
            assert may_hold_placeholder(written), written


def test_texts_that_hold_a_placeholder_however_written_may_hold_one():
    for text in ["k: your-org/x", "k: >\n  Your\n  Model", "k: 'Your\n\n  Organization'", 'k: "your\\x2dlicense"',
                 '{"k": "your-org\\/x"}', "k: your-license", 'k: "Your \\\n  Model"', 'k: "Your\\ Model"',
                 '{"k": "\\u0059our Model"}']:
        assert may_hold_placeholder(text), text
    assert not may_hold_placeholder("k: |\n  title={Vorbe\\c{s}ti Rom\\^ane\\c{s}te?}\n  url={\\url{x}}")  # BibTeX
    assert not may_hold_placeholder("k: your model\nl: Your-org/x\nm: Your model")  # none of them is one


def _scanned_spelling_by_spelling(text: str) -> bool:
    """may_hold_placeholder as it looked before one search by re took the escapes (a str.find a spelling or escape
    each, every place it stands matched whole): the answer the faster scan must give."""
    import re

    needles = sorted(PLACEHOLDER_VALUES | {"your-org/"})
    spellings = [(n.split(" ")[0], re.compile(re.escape(n).replace("\\ ", r"\s+"))) for n in needles]
    escapes = [(start, re.compile(re.escape(start) + digits)) for start, digits in (
        ("\\x", "[0-9a-fA-F]{2}"), ("\\u", "[0-9a-fA-F]{4}"), ("\\U", "[0-9a-fA-F]{8}"), ("\\/", ""), ("\\ ", ""),
        ("\\\n", ""), ("\\\r", ""))]
    for start, whole in spellings + escapes:
        at = text.find(start)
        while at >= 0:
            if whole.match(text, at) is not None:
                return True
            at = text.find(start, at + 1)
    return False


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["\\", "x", "u", "U", "2d", "0059", "0000004F", "/", " ", "\n", "\r", "\u2028", "Your",
                                 "your", "-license", "-org", " Model", "\n  Organization", "\\c{s}", "\\url{", "a"]),
                max_size=10).map("".join))
def test_the_scan_for_placeholders_answers_as_the_spelling_by_spelling_scan(text):
    """The spellings looked for by their first word and the escapes in one search by re (rogemma's 19 kB records text
    with three backslashes: 188 -> 27 us) answer as a str.find each spelling and escape did."""
    assert may_hold_placeholder(text) == _scanned_spelling_by_spelling(text)
