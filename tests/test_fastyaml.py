"""The fast readers of the writer's YAML subset (io/fastyaml.py) and of hand-written records
(io/fastrecords.py) give exactly what the strict libyaml reader gives, or decline: on the writer's own
output, on the examples' records files, on random edits of both, and on the YAML 1.2 corner cases."""

from __future__ import annotations

import math
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.card import frontmatter as frontmatter_module
from generator.card.frontmatter import emit
from generator.errors import InputError
from generator.io import fastrecords, fastyaml, libyaml
from generator.io.data import check_plain_data
from generator.io.libyaml import _load_strict, _StrictLoader
from generator.io.yamlio import PYYAML_RESOLVERS, READ_RESOLVERS, parse_yaml

RESOLVERS = _StrictLoader.yaml_implicit_resolvers
EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def fast(text: str):
    """What parse_yaml's fast path reads: the writer's subset (io/fastyaml.py), then hand-written records
    (io/fastrecords.py)."""
    data, checked = fastrecords.read(text, RESOLVERS)
    if checked:  # the fast reader's promise that check_plain_data finds nothing
        check_plain_data(data, "card.md")
    return data


def canon(value):
    """Equality that also tells 1 from 1.0 from True, -0.0 from 0.0, and NaN from itself."""
    if isinstance(value, dict):
        return ("dict", [(k, canon(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [canon(v) for v in value])
    if isinstance(value, float):
        return ("float", repr(value))
    return (type(value).__name__, value)


def strict(text: str):
    """The strict reader's data, or the class name of the error it raises."""
    try:
        return _load_strict(text)
    except (yaml.YAMLError, RecursionError) as exc:
        return exc.__class__.__name__


# Strings on every edge of the plain subset (as in test_frontmatter's writer tests).
_EDGES = ["-", "?", ":", "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", " ", "  ",
          ": ", " #", "---", "...", "no", "yes", "on", "Off", "y", "n", "~", "null", "Null", "true", "FALSE", "1",
          "-1", "+1", "0e0", "1e5", "0o17", "0x1F", "007", "1_000", "12:30", "2024-01-15", ".5", "1.", ".inf",
          "-.Inf", ".nan", "<<", "=", "é", "日本", "ß", "\u00aa", "\u00d7", "\u2028", "\u0085", "\ufeff", "😀", "\t",
          "\n", "\\", "a", "Z", "9", "_", "/", ".", "- ", "? ", "{}", "[]", "''"]
_text = st.lists(st.one_of(st.sampled_from(_EDGES), st.text(min_size=0, max_size=4)), max_size=5).map("".join)
_scalar = st.one_of(_text, st.integers(min_value=-10**99, max_value=10**99),
                    st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())
_data = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(_text, inner, max_size=4)), max_leaves=25)
_top = st.dictionaries(_text, _data, min_size=1, max_size=6)
_PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])


@_PROPERTY
@given(_top)
def test_fast_reader_reads_what_the_writer_writes_as_the_strict_reader_does(data):
    text = emit(data)
    if text is None:
        return
    got = fast(text)
    assert got is not fastyaml.DECLINE, text
    assert canon(got) == canon(strict(text)) == canon(data)


def test_fast_reader_reads_every_example_frontmatter():
    from generator.markdown.frontmatter import FRONTMATTER
    from generator.records.loader import load_records
    from generator.render.card import render

    for name in sorted(os.listdir(EXAMPLES)):
        card = render(load_records(os.path.join(EXAMPLES, name)))
        text = FRONTMATTER.match(card.text).group(2)
        got = fast(text)
        assert got is not fastyaml.DECLINE, name
        assert canon(got) == canon(strict(text)) == canon(card.metadata), name


# Random edits of emitted text: an inserted fragment, a deleted span, a line repeated, moved, re-indented
# or cut short. The reader either declines or gives what the strict reader gives (never an error of its own).
_FRAGMENTS = _EDGES + ["  ", "    ", "\n", "\n- ", "\n  ", ": ", "- ", "- - ", "&a ", "*a", "!!str ", "!!int ",
                       "# c", " # c", "{a: 1}", "[1, 2]", "|\n  x", ">-\n  x", '"a\\nb"', "'a\n  b'", "<<: ",
                       "a: 1\n", "a:\n", "\t", "\r\n", "%YAML 1.2\n", "--- ", "...\n", "? a\n: b\n", "1" * 101]


_IN_SUBSET = [e for e in _EDGES if emit({"k": e}) is not None]
_subset_text = st.lists(st.one_of(st.sampled_from(_IN_SUBSET), st.text(st.characters(min_codepoint=0x20,
                                                                                     max_codepoint=0x7E), max_size=4)),
                        max_size=5).map("".join)
_subset_data = st.recursive(
    st.one_of(_subset_text, st.integers(min_value=-10**99, max_value=10**99),
              st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_subset_text, inner, max_size=4)),
    max_leaves=25)


@st.composite
def _mutated(draw):
    text = emit(draw(st.dictionaries(_subset_text, _subset_data, min_size=1, max_size=6)))
    assert text is not None
    return _edit(draw, text, _FRAGMENTS)


def _edit(draw, text: str, fragments: list) -> str:
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["insert", "delete", "dup-line", "move-line", "indent", "cut-line", "swap"]))
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(fragments)) + text[at:]
        elif kind == "delete":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
        elif kind == "dup-line":
            at = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[:at + 1] + [lines[at]] + lines[at + 1:])
        elif kind == "move-line":
            at, to = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            line = lines.pop(at)
            text = "\n".join(lines[:to] + [line] + lines[to:])
        elif kind == "indent":
            at = draw(st.integers(0, len(lines) - 1))
            shift = draw(st.sampled_from([-2, -1, 1, 2, 4]))
            lines[at] = lines[at][-shift:] if shift < 0 else " " * shift + lines[at]
            text = "\n".join(lines)
        elif kind == "cut-line":
            at = draw(st.integers(0, len(lines) - 1))
            lines[at] = lines[at][:draw(st.integers(0, max(0, len(lines[at]) - 1)))]
            text = "\n".join(lines)
        else:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


@settings(_PROPERTY, max_examples=1000)
@given(_mutated())
def test_fast_reader_on_edited_text_declines_or_agrees_with_the_strict_reader(text):
    got = fast(text)
    if got is not fastyaml.DECLINE:
        assert canon(got) == canon(strict(text)), text


# Hand-written records: the examples' files (comments, blank lines, block scalars, flow mappings, quotes),
# whole and cut to random windows of lines, then edited as above with fragments of their own syntax.
_RECORD_TEXTS = sorted(
    open(os.path.join(root, f), encoding="utf-8").read()
    for root, _, files in os.walk(EXAMPLES) for f in files if f.endswith(".yaml"))
_RECORD_FRAGMENTS = _FRAGMENTS + ["  # c", "#", " #", "|", "|-", "|+", ">", ">-", "|2", "\n\n", "\n    ", "   \n",
                                  '"', '"x"', '"a # b"', "{", "}", "{a: b, c: 1}", ", ", "{a: 'b'}", "\u00a0", "—"]


@st.composite
def _edited_records(draw):
    lines = draw(st.sampled_from(_RECORD_TEXTS)).split("\n")
    start = draw(st.integers(0, len(lines) - 1))
    text = "\n".join(lines[start:start + draw(st.integers(1, 60))])
    return text if draw(st.integers(0, 3)) == 0 else _edit(draw, text, _RECORD_FRAGMENTS)


@settings(_PROPERTY, max_examples=1000)
@given(_edited_records())
def test_fast_reader_on_edited_records_declines_or_agrees_with_the_strict_reader(text):
    got = fast(text)
    if got is not fastyaml.DECLINE:
        assert canon(got) == canon(strict(text)), text


def _read_lines(text: str, inline: bool):
    """The records reader's data (canonical), or "declined", reading the common lines inline or each through
    items / entry / scalar."""
    reader = fastrecords._Reader(text, RESOLVERS)
    reader.inline = inline
    try:
        data, checked = reader.parse()
    except (fastyaml._Decline, RecursionError):
        return "declined"
    return canon(data), checked


@settings(_PROPERTY, max_examples=1000)
@given(_edited_records())
def test_the_records_reader_reads_its_common_lines_inline_as_its_full_path_does(text):
    """parse's own loop reads `key: plain`, `- key: ...`, `- {...}` lines as items, entry and scalar do: the same
    data and the same declines, on the examples' records and random edits of them."""
    assert _read_lines(text, True) == _read_lines(text, False), text


def test_the_inline_reading_is_taken_on_every_example_records_file():
    for text in _RECORD_TEXTS:
        assert _read_lines(text, True) == _read_lines(text, False) != "declined"


def test_fast_reader_reads_every_example_records_file():
    """Hand-written records (the examples) are read by the fast reader, as the strict reader reads them."""
    for text in _RECORD_TEXTS:
        got = fast(text)
        assert got is not fastyaml.DECLINE, text[:200]
        assert canon(got) == canon(strict(text))


def test_edited_texts_are_often_still_read():
    """The edit test above is not vacuous: many edits keep the text in the subset."""
    texts = []

    @settings(_PROPERTY, max_examples=100)
    @given(_mutated())
    def collect(text):
        texts.append(text)

    collect()
    read = [t for t in texts if fast(t) is not fastyaml.DECLINE]
    assert len(read) >= len(texts) // 5, (len(read), len(texts))


# ---------------------------------------------------------------------------- YAML 1.2 corner cases

READ = [  # (text, data): in the subset, read by the fast reader exactly as the strict reader reads it
    # digits grouped by `_` and 0b: numbers, as js-yaml 4.1 (huggingface.js's lock) and PyYAML read them: BLOOM's
    # `emissions: 24_700_000` (bigscience/bloom, co2_eq_emissions) is 24700000 to the Hub, not text
    ("a: 24_700_000", {"a": 24700000}),
    ("a: 1_000.5", {"a": 1000.5}),
    ("a: -0b101", {"a": -5}),
    ("a: '1_000'", {"a": "1_000"}),
    ("a: 1__0", {"a": "1__0"}),  # not a number js-yaml and Python agree on: text, as before
    ("a: 1_", {"a": "1_"}),
    ("a: 0o17", {"a": 15}),
    ("a: 0x1F", {"a": 31}),
    ("a: 0755", {"a": 755}),
    ("a: '0o17'", {"a": "0o17"}),
    ("a: .inf", {"a": math.inf}),
    ("a: -.Inf", {"a": -math.inf}),
    ("a: ~", {"a": None}),
    ("a: null", {"a": None}),
    ("a: NULL", {"a": None}),
    ("a: yes\nb: no\nc: on\nd: off\ne: y\nf: n", {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "y", "f": "n"}),
    ("a: True\nb: FALSE", {"a": True, "b": False}),
    ("a: 1e5\nb: 5e-07\nc: .5\nd: 1.\ne: -0.0", {"a": 1e5, "b": 5e-07, "c": 0.5, "d": 1.0, "e": -0.0}),
    ("a: 12:30\nb: 2024-01-15", {"a": "12:30", "b": "2024-01-15"}),
    ("a: " + "9" * 100, {"a": int("9" * 100)}),
    ("'1': x\n'it''s': 'a: b # c'", {"1": "x", "it's": "a: b # c"}),
    ("a:\n- 1\n- - b\n  - c: {}\n    d: []\n- e:\n    f: g",
     {"a": [1, ["b", {"c": {}, "d": []}], {"e": {"f": "g"}}]}),
    # what people write in records files: comments, blank lines, block scalars, flow mappings, any printable text
    ("a: 1 # a comment", {"a": 1}),
    ("# a comment\n\n  # indented\na: 1\n\nb:   2   \n", {"a": 1, "b": 2}),
    ("a:  # what follows\n  # is b\n  b: 'x' # c\n  c: \"y # z\" # c\n  d: x#y", {"a": {"b": "x", "c": "y # z", "d": "x#y"}}),
    ("a:\n- x  # c\n- 'y'\n- {}  # c\n- [] # c", {"a": ["x", "y", {}, []]}),
    ("a: {b: 1}", {"a": {"b": 1}}),
    ("a: [1, 2]\nb: {c: 'x', d: [e f, {g: \"h, i\"}], j: []}  # c", {"a": [1, 2], "b": {"c": "x", "d": ["e f", {"g": "h, i"}], "j": []}}),
    ('"a b": 1\n\'c\': 2\n"d": "3"', {"a b": 1, "c": 2, "d": "3"}),
    ("a:\n    b: 1\n    c:\n      - d\n      -   e\nf:\n  - - g", {"a": {"b": 1, "c": ["d", "e"]}, "f": [["g"]]}),
    ("- {label: AE2 LC}\n- {label: GSM, decimals: 1}  # c\n- { a: b c , d: 1.5 }", [{"label": "AE2 LC"},
     {"label": "GSM", "decimals": 1}, {"a": "b c", "d": 1.5}]),
    ('a: "[x](https://y.z) # not a comment: \'q\'"', {"a": "[x](https://y.z) # not a comment: 'q'"}),
    ("a: |\n  line one\n  line two", {"a": "line one\nline two"}),
    ("a: |\n  line one\n  line two\n", {"a": "line one\nline two\n"}),
    ("a: |\n  one\n\n    two  \n  # three\n\n\nb: 1", {"a": "one\n\n  two  \n# three\n", "b": 1}),
    ("a: |- # c\n  one\n\n# c\nb: |\n   x\n  # c\n", {"a": "one", "b": "x\n"}),
    ("- k: >-\n    folded\n    text\n\n    next\n\n\n    last\n  j: 1", [{"k": "folded text\nnext\n\nlast", "j": 1}]),
    ("a: >\n  folded\n", {"a": "folded\n"}),
    ("a: >-\n  folded", {"a": "folded"}),
    ("a: 1\n\nb: 2", {"a": 1, "b": 2}),
    ("a: 😀 é ß — \u00a0x", {"a": "😀 é ß — \u00a0x"}),
]

DECLINED = [  # outside the subset: the fast reader declines and the strict reader decides
    ("a: 1\na: 2", "duplicate-key"),
    ("a: 1\n'a': 2", "duplicate-key"),
    ("1: a", "non-string-key"),
    ("null: a", "non-string-key"),
    ("true: a", "non-string-key"),
    ("a: " + "9" * 101, "too-large"),
    ("a: !!str 1", None),
    ("a: !!python/name:os.system x", "unsupported-yaml-tag"),
    ("a: &x 1\nb: *x", None),
    ("a: &x\n  b: 1\nc:\n  <<: *x", None),
    ("<<: {a: 1}", None),
    ("a: =", "unsupported-yaml-tag"),
    ("a:\tb", None),
    ("a:\n\t- b", "yaml-syntax"),
    ('a: "x\\ny"', None),
    ("a: 'one\n  two'", None),
    ("a: one\n  two", None),
    ("a:", None),
    ("a:\nb: 1", None),
    ("a: 1\r\nb: 2", None),
    ("---\na: 1", None),
    ("%YAML 1.2\n---\na: 1", None),
    ("? a\n: b", None),
    ("a: 1\n- b", "yaml-syntax"),
    ("a: b: c", "yaml-syntax"),
    ("a: \u2028", None),
    ("k" * 121 + ": 1", None),
    ("", None),
    (" a: 1", None),
    ("# only a comment\n", None),
    ("a: |+\n  kept\n\n", None),
    ("a: |2\n   indented", None),
    ("a: |\n\n  leading blank", None),
    ("a: |\n  x\n   \n  y", None),
    ("a: >\n  x\n    more indented\n  y", None),
    ("a: >\n  trailing \n  space", None),
    ("a: |\nb: 1", None),
    ("- |\n  item", None),
    ("a: {b: 1, b: 2}", "duplicate-key"),
    ("a: {b: 1,}", None),
    ("a: [b, c: d]", None),
    ("a: {b: -1}", None),
    ("a: [b]]", "yaml-syntax"),
    ("a: 'x'y", "yaml-syntax"),
    ("a: 'x' y", "yaml-syntax"),
    ("a: \"x\"#c", None),
    ("a: \u0085", None),
    ("a: \ufeffx", None),
    ("a: \x9f", None),
]


@pytest.mark.parametrize("text,data", READ)
def test_corner_cases_the_fast_reader_reads(text, data):
    got = fast(text)
    assert got is not fastyaml.DECLINE
    assert canon(got) == canon(strict(text)) == canon(data)


@pytest.mark.parametrize("text,code", DECLINED)
def test_corner_cases_the_fast_reader_declines(text, code):
    assert fast(text) is fastyaml.DECLINE
    if code is None:
        return
    with pytest.raises(InputError) as info:
        parse_yaml(text, "card.md")
    assert info.value.problems[0].code == code


def test_parse_yaml_gives_the_same_problems_on_both_paths():
    """What the strict path checks after reading (NaN and infinities, depth) is checked on the fast path too."""
    with pytest.raises(InputError) as info:
        parse_yaml("a:\n- 1\n- .inf", "card.md")
    assert info.value.problems[0].path == "$.a[1]"
    assert parse_yaml("a:\n- 1\n- .inf", "card.md", finite=False) == {"a": [1, math.inf]}
    deep = "".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "end: 1"
    assert fast(deep) is not fastyaml.DECLINE
    with pytest.raises(InputError) as info:
        parse_yaml(deep, "card.md")
    assert info.value.problems[0].code == "too-deep"


@pytest.mark.parametrize("depth", [62, 63, 64, 65, 66])
def test_parse_yaml_refuses_the_same_depth_on_both_paths(depth):
    mappings = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "end: 1"
    sequences = "- " * depth + "end"
    for text in (mappings, sequences):
        data, _ = fastyaml.read(text, RESOLVERS)
        assert canon(data) == canon(strict(text))
        try:
            check_plain_data(data, "card.md")
            want = None
        except InputError as exc:
            want = exc.problems[0].code
        try:
            parse_yaml(text, "card.md")
            got = None
        except InputError as exc:
            got = exc.problems[0].code
        assert got == want


def _deep_indent_by_lines(text: str):
    """The prescan's line check as first written: each line's leading spaces and dashes, one line at a time."""
    from generator.io.yamlio import MAX_PRESCAN_DEPTH

    for n, line in enumerate(text.split("\n")):
        if len(line) - len(line.lstrip(" -")) > 4 * MAX_PRESCAN_DEPTH:
            return n
    return None


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from([0, 1, 3999, 4000, 4001, 4002, 6000]), st.sampled_from([" ", "-", " -", "- "]),
                          st.sampled_from(["", "x", "- x", " ", "\t", "a: b"])), max_size=6))
def test_the_deep_indent_search_finds_the_line_the_loop_found(lines):
    """yamlio's prescan finds an over-deep indent with one search for a line break and the run after it."""
    from generator.io.yamlio import _deep_indent

    text = "\n".join((pad * count)[:count] + rest for count, pad, rest in lines)
    assert _deep_indent(text) == _deep_indent_by_lines(text)
    line = _deep_indent_by_lines(text)
    if line is not None:
        with pytest.raises(InputError) as info:
            parse_yaml(text, "r.yaml")
        assert (info.value.problems[0].code, info.value.problems[0].path) == ("too-deep", f"line {line + 1}")


# Each reader's and the writer's characters, as the one regex class each was first written as.
_CLASSES = [(fastyaml._CHARS, r"[\n\x20-\x7e\u00c0-\ud7ff]*"),
            (fastrecords._CHARS,
             r"[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"),
            (frontmatter_module._SAFE, r"[\x20-\x7e\u00c0-\ud7ff]*")]


@pytest.mark.parametrize(("chars", "whole"), _CLASSES, ids=["fastyaml", "fastrecords", "frontmatter"])
def test_a_char_set_holds_each_character_its_class_holds(chars, whole):
    """CharSet compiles only its ASCII class and looks the other characters up in its ranges: every character of
    the Basic Multilingual Plane, and those around each range's ends above it, answer as the one regex class."""
    import re

    whole = re.compile(whole)
    codes = set(range(0x10000)) | {0x10000 - 1, 0x10000, 0x10001, 0x1f600, 0x10fffe, 0x10ffff}
    for code in sorted(codes):
        char = chr(code)
        assert chars.fullmatch(char) == (whole.fullmatch(char) is not None), hex(code)
        text = "a" + char + "\u00e9"
        assert chars.fullmatch(text) == (whole.fullmatch(text) is not None), hex(code)
    samples = ["", "plain text", "tab\tin", "\u00e9t\u00e9", "x\u2028y", "\ufeff", "\U0001f600", "a\x85b",
               "\u00a0", "\ud7ff\ue000", "\uffff", "\u00e9\t", "\u00e9\r\n"]
    for text in samples:
        assert chars.fullmatch(text) == (whole.fullmatch(text) is not None), repr(text)


def test_a_char_set_compiles_no_unicode_class(monkeypatch):
    """Text beyond ASCII is looked up in the ranges: compiling a class spanning Unicode took milliseconds of the
    cold start of a render of records that are not plain ASCII (issue 16)."""
    import re

    from generator.io.data import CharSet

    chars = CharSet(r"\n\x20-\x7e", (("\u00c0", "\ud7ff"),))
    compiled = []
    with monkeypatch.context() as patched:  # re's own compiling noted, not failed: pytest's reporting compiles too
        patched.setattr(re, "_compile", lambda pattern, flags, _compile=re._compile: (
            compiled.append(pattern), _compile(pattern, flags))[1])
        answers = [chars.fullmatch(text) for text in ("caf\u00e9\nna\u00efve", "caf\u00e9\t", "\u00a0", "\U0001f600")]
    assert answers == [True, False, False, False]
    assert all(pattern.isascii() for pattern in compiled), compiled  # only ASCII classes, if any


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_a_char_set_answers_any_text_as_its_whole_class_does(text):
    import re

    for chars, whole in _CLASSES:
        assert chars.fullmatch(text) == (re.fullmatch(whole, text) is not None)
        assert chars.fullmatch(text) == (re.fullmatch(chars.whole, text) is not None)


@given(st.lists(st.sampled_from(["key: value\n", "  - {type: acc, value: 0.5}\n", "x" * 90, " # c\n", "\t",
                                  "\r\n", "\x00", "\x1f", "\x7f", "\x0b", "~}", "\u00e9", "\u2028", "\ufeff"]),
                min_size=3, max_size=40))
@settings(max_examples=300)
def test_a_char_set_answers_a_long_text_as_its_whole_class_does(parts):
    """Long ASCII texts (a records file) are checked by deleting the class's characters (bytes.translate), not by
    re: the same answer, for texts on both sides of the length where the ways part."""
    import re

    from generator.io.data import _LONG

    text = "".join(parts)
    for t in (text, text[:_LONG], text[:_LONG + 1], "a" * _LONG + text):
        for chars, whole in _CLASSES:
            assert chars.fullmatch(t) == (re.fullmatch(whole, t) is not None), repr(t)


def _patterns(table):
    return [(first, [(tag, regexp.pattern, regexp.flags) for tag, regexp in resolvers])
            for first, resolvers in table.items()]


def test_the_resolver_tables_are_pyyamls_and_the_core_schemas():
    """yamlio keeps PyYAML's implicit resolvers as data (so a cold start need not import PyYAML): the writer's
    table is the installed PyYAML's, in its order, and the readers' table is the one the strict reader was given
    before (PyYAML's null, merge and value resolvers, then the YAML 1.2 core bool, int and float); both libyaml
    classes resolve by them."""
    assert _patterns(PYYAML_RESOLVERS) == _patterns(yaml.resolver.Resolver.yaml_implicit_resolvers)
    before = {first: [(tag, regexp) for tag, regexp in resolvers
                      if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")]
              for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    from generator.io.yamlio import _CORE_BOOL, _CORE_FLOAT, _CORE_INT

    for tag, regexp, first in (("tag:yaml.org,2002:bool", _CORE_BOOL, "tTfF"),
                               ("tag:yaml.org,2002:int", _CORE_INT, "-+0123456789"),
                               ("tag:yaml.org,2002:float", _CORE_FLOAT, "-+0123456789.")):
        for ch in first:
            before.setdefault(ch, []).append((tag, regexp))
    assert _patterns(READ_RESOLVERS) == _patterns(before)
    assert RESOLVERS is READ_RESOLVERS and libyaml._Dumper.yaml_implicit_resolvers is PYYAML_RESOLVERS


# The rule of a plain scalar in block context as the one regex it was first written as (searched at every position).
_NOT_PLAIN_REGEX = r"""^(?:[\#,\[\]{}&*!|>'"%@`\ ]|[-?:](?:\ |$)|---|\.\.\.)|:\ |\ \#|[:\ ]$|^$"""
_SCALAR_CHARS = st.sampled_from(list("-?:#., []{}&*!|>'\"%@`\tab0\u00e9"))


@given(st.one_of(st.text(_SCALAR_CHARS, max_size=6), st.text(max_size=20).map(lambda t: t.replace("\n", ""))))
@settings(max_examples=1000)
def test_not_plain_answers_as_the_regex_it_replaced(text):
    """fastyaml.not_plain (the readers' and the writer's test of a one-line scalar) is the regex search it replaced."""
    import re

    assert fastyaml.not_plain(text) == (re.search(_NOT_PLAIN_REGEX, text) is not None)


@pytest.mark.parametrize("text", ["", "-", "- a", "-a", "?", ": x", ":x", "---x", "...", "..x", "a: b", "a:b", "a #b",
                                  "a#b", "a:", "a ", " a", "#a", "@a", "`a", "a\tb", "\u00e9: x"])
def test_not_plain_on_the_corner_cases(text):
    import re

    assert fastyaml.not_plain(text) == (re.search(_NOT_PLAIN_REGEX, text) is not None)


@pytest.mark.parametrize("text", ["# a comment\nkey: value\n", "\n\nkey: value\n", " key: value\n", "\n", ""])
def test_the_writers_reader_declines_a_text_its_first_line_rules_out_before_reading_it(text, monkeypatch):
    """A first line that is a comment (hand-written records), blank or indented is outside the writer's subset:
    declined before the text is scanned and split, as reading it would decline; fastrecords reads it."""
    def read_on(*args):
        raise AssertionError("read on")

    monkeypatch.setattr(fastyaml, "_parse", read_on)
    monkeypatch.setattr(fastyaml, "_CHARS", None)
    assert fastyaml.read(text, READ_RESOLVERS) == (fastyaml.DECLINE, False)
    monkeypatch.undo()
    assert fastyaml.read(text, READ_RESOLVERS) == (fastyaml.DECLINE, False)


_FLAT_PIECES = ["type", "name", "value", "Average accuracy", "0-shot", "59.08", "1_000", "true", "null", "x/y.z", "-1",
                "007", "0.50", "123456789012345678", "1234567890123456789", "1.", "1e3",
                ": ", ":  ", ":", ", ", ",", " ", "  ", "a b", "'q'", "-", "+1", ".5", "#", "b: c"]

def _with_and_without(module, name, read):
    """What ``read()`` gives with ``module``'s pattern ``name``, then with a pattern that never matches in its place
    (the step-by-step path the pattern spares); the pattern restored after."""
    import re

    pattern, got = getattr(module, name), []
    try:
        for each in (pattern, re.compile(r"(?!)")):
            setattr(module, name, each)
            got.append(read())
    finally:
        setattr(module, name, pattern)
    return got


@given(st.lists(st.sampled_from(_FLAT_PIECES), max_size=14).map(lambda parts: "{" + "".join(parts) + "}"))
@settings(max_examples=1500, deadline=None)
def test_a_flat_flow_mapping_reads_as_its_pair_by_pair_loop_reads_it(token):
    """One-level flow mappings matched whole and split in one pass (``_FLAT_INSIDE``) read as the loop over their
    pairs reads them (the same mapping, or both decline)."""
    def read():
        try:
            return canon(fastrecords._Reader(token, READ_RESOLVERS).flat_mapping(token, 1))
        except fastrecords._Decline:
            return "declined"

    whole, looped = _with_and_without(fastrecords, "_FLAT_INSIDE", read)
    assert whole == looped
    if fastrecords._FLAT_INSIDE.fullmatch(token, 1, len(token) - 1) and looped != "declined":
        assert whole == canon(yaml.load(token, _StrictLoader))


_FLOW_PIECES = _FLAT_PIECES + ['"STS, few-shot (F1)"', '"159/160"', "'it''s'", "'a, b'", "''", '""', "{", "}", "[", "]",
                               "{evaluation: sts, metric: Average f1}", "{}", "{ }", "{a: 'b'}", "from: ", '"a\\"', "\t"]


_FLOW_KEYS = ["label", "from", "1st turn", "Answers in Ro", "a b ", "x/y.z", "1", "true", "null", "'q'", '"d"', "label"]
_FLOW_VALUES = ["Average", "7.50", "59.08", "1_000", "null", "a b  ", '"159/160"', '"STS, few-shot (F1)"', "'it''s'",
                "'a, b'", "''", '""', "{evaluation: sts, metric: Average f1}", "{a: 1 , b: c }", "{}", "{ }",
                "{a: 'b'}", "[x]", "{a: {b: c}}", "b: c", "#", ""]


@st.composite
def _flow_mappings(draw):
    """`{key: value, ...}` of the keys and values records write (and some no reader takes), spaced variously; at
    times edited with pieces of flow syntax."""
    pairs = [draw(st.sampled_from([" ", ""])) + draw(st.sampled_from(_FLOW_KEYS)) + draw(st.sampled_from(
        [": ", ":  ", ":", " : "])) + draw(st.sampled_from(_FLOW_VALUES)) + draw(st.sampled_from(["", " ", "  "]))
        for _ in range(draw(st.integers(0, 4)))]
    token = "{" + draw(st.sampled_from([",", ", "])).join(pairs) + "}"
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(1, len(token) - 1))
        token = token[:at] + draw(st.sampled_from(_FLOW_PIECES)) + token[at:]
    return token


@given(_flow_mappings())
@settings(max_examples=2000, deadline=None)
def test_a_flow_mapping_read_pair_by_pair_in_one_match_a_pair_reads_as_the_step_by_step_loop(token):
    """flow() reads a mapping's `key: value` pairs with one _FLOW_PAIR match each (quoted values, one-level mappings
    as values) as its step-by-step loop reads them: the same mapping and depth, or both decline; and as libyaml."""
    def read():
        reader = fastrecords._Reader(token, READ_RESOLVERS)
        try:
            value, end = reader.flow(token, 0, 1)
        except fastrecords._Decline:
            return "declined"
        return canon(value), end, reader.deepest

    matched, stepped = _with_and_without(fastrecords, "_FLOW_PAIR", read)
    assert matched == stepped
    if matched != "declined" and matched[1] == len(token):
        assert matched[0] == canon(yaml.load(token, _StrictLoader))


def _typed(token, table):
    """fastyaml.typed's value of a token with a resolver table, comparable; "declined" when it declines."""
    try:
        return canon(fastyaml.typed(token, table))
    except fastyaml._Decline:
        return "declined"


@given(st.from_regex(r"[0-9]{1,20}(\.[0-9]{0,6})?|[0-9]{0,3}\.[0-9]{1,3}|[0-9][0-9_.eE+-]{0,6}", fullmatch=True))
@settings(max_examples=800)
def test_plain_numbers_are_typed_as_the_core_tables_expressions_type_them(token):
    """Digits, and digits with one dot between them, are typed without the resolvers' expressions when the table is
    the core one (io/yamlio.py hands it over): the same value and type as the expressions give (a copy of the table,
    which is not handed over, takes them)."""
    assert fastyaml.CORE_RESOLVERS is READ_RESOLVERS
    assert _typed(token, READ_RESOLVERS) == _typed(token, dict(READ_RESOLVERS))


@given(st.lists(st.sampled_from(["a", "Z", "_", "/", "t", "true", "True", "FALSE", "null", "Null", "n", "y", "no",
                                  " ", ":", ": ", "#", " #", "-", ".", "1", "é", "'", '"', "{", "[", "~", "<<", "=",
                                  "---", "...", "?", "!", "&", "*", "%", "@", "`", "|", ">", ","]),
                min_size=1, max_size=6).map("".join))
@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
def test_plain_strings_are_typed_as_not_plain_and_the_core_tables_expressions_type_them(token):
    """A token _PLAIN_STRING matches is taken as a string without not_plain and the resolvers' expressions when the
    table is the core one: the same value, or the same decline, as they give (on a copy of the table)."""
    assert _typed(token, READ_RESOLVERS) == _typed(token, dict(READ_RESOLVERS))


_INLINE_CASES = ["# c\nm:\n  a: 1\n  a: 2", "# c\n- a: 1\n  a: x", "# c\nm:\n  - a: {b: 1}\n    a: 2",
                 "# c\na: x #c\nb: 'y' # c\nc: {d: 1, d: 2}\ne: [f]", "# c\n- {a: 1}\n- x # c\n- y: z\n  w:\n    - 1",
                 "# c\na:   1  # c\nb:\n  c: |\n    x\n", "# c\n" + "k" * 121 + ": 1", "# c\na: 1\nnull: 2",
                 "# c\n- a: {b: c}\n  d: {b: c}\n- a: {b: c}", "# c\na: {b: 1, c: -1}\nd: {e: f g , h:  i}"]


@pytest.mark.parametrize("text", [t for t, _ in READ] + [t for t, _ in DECLINED] + _INLINE_CASES)
def test_the_inline_reading_of_the_corner_cases_is_the_full_paths(text):
    assert _read_lines(text, True) == _read_lines(text, False), text


def _prescan_counting(text: str) -> bool:
    """Whether the prescan refuses ``text`` as first written: the lines and items, then the brackets, counted in
    every text whatever its length."""
    from generator.io import yamlio

    if text.count("\n") + text.count(",") > yamlio.MAX_ITEMS_PER_FILE:
        return True
    deepest = depth = 0
    quote = ""
    for i, ch in enumerate(text if text.count("[") + text.count("{") > yamlio.MAX_PRESCAN_DEPTH else ""):
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'" and (i == 0 or text[i - 1] in " \t\n:[{,-"):
            quote = ch
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest > yamlio.MAX_PRESCAN_DEPTH


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.text(st.sampled_from("ab,\n[]{}'\" -:"), max_size=14), st.integers(0, 8), st.integers(0, 8))
def test_prescan_counts_only_texts_that_can_go_over_its_limits(text, items, depth):
    """The prescan counts lines, items and brackets only in a text longer than their limit (a shorter one cannot
    hold more): it refuses exactly the texts the counting of every text refused, at every limit near the text's
    length (the limits shrunk to the texts' size)."""
    from generator.io import yamlio

    saved = yamlio.MAX_ITEMS_PER_FILE, yamlio.MAX_PRESCAN_DEPTH
    yamlio.MAX_ITEMS_PER_FILE, yamlio.MAX_PRESCAN_DEPTH = items, depth
    try:
        try:
            yamlio._prescan(text, "r.yaml")
            refused = False
        except InputError as exc:
            refused = exc.problems[0].code in ("too-large", "too-deep")
        assert refused == (_prescan_counting(text) or yamlio._deep_indent(text) is not None)
    finally:
        yamlio.MAX_ITEMS_PER_FILE, yamlio.MAX_PRESCAN_DEPTH = saved


@given(st.lists(st.sampled_from(["a", "Z", "_", "/", "t", "true", "True", "TRUE", "false", "FALSE", "null", "NULL",
                                  "Null", " ", ":", "#", "-", ".", "1", "é", "\n", "x y", "'"]),
                min_size=1, max_size=5).map("".join))
@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
def test_a_plain_string_is_told_by_its_characters_as_the_expression_tells_it(token):
    """typed takes a token as a core string by its first character, ':' and '#' nowhere, no space last and none of
    bool's and null's words: exactly the tokens _PLAIN_STRING matches (the string typed as itself either way)."""
    told = token[:1] in fastyaml._STRING_FIRST and ":" not in token and "#" not in token and token[-1] != " " \
        and token not in fastyaml._WORDS
    assert told == (fastyaml._PLAIN_STRING.fullmatch(token) is not None)
    if told:
        assert fastyaml.typed(token, READ_RESOLVERS) == token


def _plain(token, table):
    """The records reader's value of a plain token with a resolver table, comparable; "declined" when it declines."""
    try:
        return canon(fastrecords._Reader("a: b\n", table).plain(token))
    except fastyaml._Decline:
        return "declined"


@given(st.lists(st.sampled_from(["a", "Z", "_", "/", "t", "true", "True", "TRUE", "false", "FALSE", "null", "NULL",
                                  "Null", " ", ":", "#", "-", ".", "1", "é", "x y", "'", "~", "<<", "=", "0x1", "~"]),
                min_size=1, max_size=5).map("".join))
@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
def test_the_records_reader_types_a_plain_token_as_typed_types_it(token):
    """The records reader's plain takes a core string itself (typed's first test, without the call to typed): the
    same value, type or decline as typed gives, with the core table and with a copy of it (which takes typed's
    expressions)."""
    assert _plain(token, READ_RESOLVERS) == _typed(token, READ_RESOLVERS) == _typed(token, dict(READ_RESOLVERS))
    assert _plain(token, dict(READ_RESOLVERS)) == _typed(token, dict(READ_RESOLVERS))


@given(st.lists(st.sampled_from(["y", "Y", "yes", "Yes", "YES", "no", "NO", "on", "On", "OFF", "off", "true", "False",
                                  "null", "Null", "NULL", "n", "o", "a", "Z", "s", "e", " ", ":", "1", "0x1", ".", "-",
                                  "_", "\n", "é", "~", "<<", "="]),
                min_size=1, max_size=4).map("".join))
@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
def test_the_writer_keeps_a_string_starting_with_a_letter_as_the_resolvers_say(text):
    """writer_keeps_string answers a text whose first character is an ASCII letter from a set of bool's and null's
    words: as PyYAML's table and the core expressions answer (every text)."""
    from generator.io.yamlio import PYYAML_RESOLVERS, reads_as_non_string, writer_keeps_string

    by_expressions = not any(regexp.match(text) for _, regexp in PYYAML_RESOLVERS.get(text[:1], ())) \
        and not reads_as_non_string(text)
    assert writer_keeps_string(text) == by_expressions


@given(st.sampled_from(["|", "|-", ">", ">-"]), st.lists(st.sampled_from(
    ["  x", "   y", "    z w", " v", "", " ", "  ", "   ", "     ", "  # c", "b: 1", "  x  ", "  - i"]), max_size=7))
@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
def test_a_block_scalars_lines_read_as_the_strict_reader_reads_them(header, lines):
    """The block scalar reader takes a line as content when it starts with the scalar's indentation, ends the scalar
    at a less indented line and declines lines of spaces alone, however indented: what it reads, libyaml reads."""
    text = f"# c\na: {header}\n" + "\n".join(lines) + "\n"
    data, _ = fastrecords.read(text, READ_RESOLVERS)
    if data is not fastrecords.DECLINE:
        assert canon(data) == canon(yaml.load(text, _StrictLoader))
