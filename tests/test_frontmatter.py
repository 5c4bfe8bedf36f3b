from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL

from generator import load_records
from generator.card.frontmatter import metadata
from generator.io.yamlio import dump
from generator.records.model import FRONTMATTER_KEYS as KEY_ORDER

TESTS = Path(__file__).parent


def test_key_order_and_model_index_shape(write):
    meta = metadata(load_records(write("r.yaml", MINIMAL)))
    keys = list(meta)
    assert keys[-1] == "model-index"
    assert keys[:-1] == [k for k in KEY_ORDER if k in meta]
    result = meta["model-index"][0]["results"][0]
    assert meta["model-index"][0]["name"] == "acme/tiny-dpo"
    assert list(result) == ["task", "dataset", "metrics"]
    assert result["dataset"] == {"name": "ARC Challenge", "type": "allenai/ai2_arc", "config": "ARC-Challenge",
                                 "split": "test", "args": {"num_few_shot": 25}}
    assert result["metrics"] == [{"type": "acc_norm", "value": 58.45, "name": "normalized accuracy"}]


def test_no_evaluations_gives_empty_results(write):
    meta = metadata(load_records(write("r.yaml", "model: {repo_id: acme/x}\n")))
    assert meta["model-index"] == [{"name": "acme/x", "results": []}]


def test_pass_through_metadata_keeps_order(write):
    meta = metadata(load_records(write("r.yaml", "model:\n  repo_id: acme/x\n  metadata:\n    new_version: acme/y\n    inference: false\n")))
    assert list(meta)[-3:] == ["new_version", "inference", "model-index"]


def test_multiline_strings_cannot_close_the_frontmatter():
    text = dump({"a": "line one\n---\nb: injected", "c": "no"})
    assert "\n---" not in text
    assert yaml.safe_load(text) == {"a": "line one\n---\nb: injected", "c": "no"}


def test_inherited_metadata_merges_lists(write):
    write("orig/r.yaml", "model: {repo_id: org/base-dpo, base_model: org/base, tags: [a, b]}\n")
    path = write("r.yaml", "model: {repo_id: q/base-dpo-gguf, tags: [gguf, a]}\n"
                           "original: {records: orig, inherit_metadata: true}\n")
    meta = metadata(load_records(path))
    assert meta["base_model"] == "org/base"
    assert meta["tags"] == ["a", "b", "gguf"]
    assert meta["model-index"] == [{"name": "org/base-dpo", "results": []}]


# ---------------------------------------------------------------------------- the text writer

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.card.frontmatter import emit, frontmatter_block  # noqa: E402
from generator.io.yamlio import parse_yaml  # noqa: E402

# Strings chosen to sit on every edge of the plain subset: indicators first, last and inside,
# YAML 1.1 and 1.2 non-strings, document markers, quotes, non-ASCII letters and what libyaml escapes.
_EDGES = ["-", "?", ":", "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", " ", "  ",
          ": ", " #", "---", "...", "no", "yes", "on", "Off", "y", "n", "~", "null", "true", "FALSE", "1", "-1", "0e0",
          "1e5", "0o17", "0x1F", "007", "1_000", "12:30", "2024-01-15", ".5", ".inf", ".nan", "<<", "=", "é", "日本",
          "ß", "\u00aa", "\u00d7", "\u2028", "\u0085", "\ufeff", "😀", "\t", "\n", "\\", "a", "Z", "9", "_", "/", "."]
_text = st.lists(st.one_of(st.sampled_from(_EDGES), st.text(min_size=0, max_size=4)), max_size=5).map("".join)
_scalar = st.one_of(_text, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())
_data = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(_text, inner, max_size=4)), max_leaves=25)
_WRITER = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_WRITER
@given(st.dictionaries(_text, _data, min_size=1, max_size=6))
def test_text_writer_is_pyyaml_byte_for_byte_or_steps_aside(data):
    text = emit(data)
    if text is not None:
        assert text == dump(data)
        assert yaml.safe_load(text) == data
        assert parse_yaml(text, "card", finite=False) == data


_plain_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)


@_WRITER
@given(st.dictionaries(_plain_text, st.recursive(
    st.one_of(_plain_text, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_plain_text, inner, max_size=3)),
    max_leaves=12), min_size=1, max_size=5))
def test_text_writer_takes_one_line_ascii(data):
    text = emit(data)
    assert text is not None
    assert text == dump(data)
    assert yaml.safe_load(text) == data


def test_text_writer_steps_aside_for_what_it_cannot_prove():
    assert emit({"a": "line one\nline two"}) is None
    assert emit({"a": "😀"}) is None
    assert emit({"k" * 130: 1}) is None
    assert emit({"a": float("nan")}) is None
    for data in ({"a": "line one\nline two"}, {"k" * 130: 1}, {"a": "😀"}):
        assert frontmatter_block(data) == "---\n" + dump(data) + "---\n"


def test_every_golden_frontmatter_is_written_directly():
    import pathlib

    from generator.markdown.frontmatter import split_card

    for card in sorted(pathlib.Path(__file__).parent.joinpath("golden").glob("*.md")):
        text = card.read_text(encoding="utf-8")
        meta, _ = split_card(text, str(card))
        assert emit(meta) is not None, card
        assert text.startswith("---\n" + emit(meta) + "---\n"), card


_WORD_PIECES = ["a", "Z", "no", "yes", "on", "null", "true", "inf", "nan", "e", "0", "1_000", "x1", "_", ".", "/", "-",
                "--", "...", "0x1F", "12", ":", " ", "#", "é"]


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), min_size=1, max_size=6).map("".join))
def test_plain_words_are_written_as_pyyaml_writes_them(word):
    """A word the writer takes as plain without asking the resolvers (bench_task_7, org/name-1.5) is what PyYAML's
    dumper writes plain; every other string is written as before, or the writer steps aside."""
    from generator.card.frontmatter import _PLAIN_WORD

    text = emit({"k": word})
    if _PLAIN_WORD.fullmatch(word):
        assert text == f"k: {word}\n"
    if text is not None:
        assert text == dump({"k": word})
        assert yaml.safe_load(text) == {"k": word}


def test_key_texts_are_each_top_level_key_as_written():
    from generator.markdown.frontmatter import key_texts

    card = ("\ufeff---\nlicense: mit  # ours\ntags:\n- a\n\n# about the widget\nwidget:\n  - text: hi\n"
            "extra gated: 'x: y'\n---\n# Title\nfoo: not a key\n")
    assert key_texts(card) == {"license": "license: mit  # ours\n", "tags": "tags:\n- a\n\n# about the widget\n",
                               "widget": "widget:\n  - text: hi\n", "extra gated": "extra gated: 'x: y'\n"}
    assert key_texts("# no block\n") == {}
    # hand-written: a double-quoted value over lines, one reading like a key; a quote closed on its line
    assert key_texts('---\na: "x\nb: y"\nc: don\'t\nd: 1\n---\n') == {"a": 'a: "x\nb: y"\n', "c": "c: don't\n",
                                                                     "d": "d: 1\n"}


@pytest.mark.parametrize("shape", ["widget_2022_quoted_text_lines_at_column_0.md",
                                   "xlsr_event_2022_frontmatter_opening_twice.md",
                                   "huggan_2022_space_before_colon_first_key.md", "trainer_2022_dashes_before_first_key.md",
                                   "bart_tl_2021_html_comment_read_as_key.md", "mlagents_2023_block_indented_as_a_whole.md",
                                   "flip_detector_2022_aligned_colons.md"])
def test_key_texts_read_each_key_as_pyyaml_does(shape):
    """Real cards: Inkdrop's widget text in quotes over several lines, some at column 0 and one reading like a key
    (`Inhalt: Badekristalle ...`), was cut there, so the block was written anew and its comments lost at adoption;
    a README opening `---` twice had the second (a YAML document start) in its first key's text, so the adopted
    block opened twice too. Keys YAML reads that key_texts did not (29 of 35,719 real blocks): `library_name :
    pytorch` and `--license: mit` first keys (their lines went into the next key's text, the block was written anew),
    `<!-- thumbnail: ...` (a plain key starting with `<`), a block indented as a whole (ML-Agents' cards). Each key's
    text now reads alone as PyYAML reads that key of the whole block."""
    from generator.markdown.frontmatter import FRONTMATTER, key_texts

    text = (TESTS / "publish_shapes" / shape).read_text(encoding="utf-8")
    whole = yaml.safe_load(FRONTMATTER.match(text).group(2))
    typed = key_texts(text)
    assert list(typed) == list(whole)
    for key, lines in typed.items():
        assert yaml.safe_load(lines) == {key: whole[key]}
        assert not lines.startswith("---")


_PLAIN_KEY = st.from_regex(r"[A-Za-z<(.$~_-][A-Za-z0-9 <>()._$~:#/-]{0,12}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(_PLAIN_KEY, min_size=1, max_size=4, unique=True), spaces=st.lists(st.sampled_from(["", " ", "  "]),
       min_size=4, max_size=4), indent=st.sampled_from(["", "  "]), comment=st.booleans())
def test_key_texts_keys_are_the_keys_pyyaml_reads(keys, spaces, indent, comment):
    """Plain keys as YAML allows them (a `-` or `:` before a non-space, a `#` after one, spaces before the colon,
    a block indented as a whole): key_texts finds the keys PyYAML reads, each text reading alone as that key."""
    from generator.markdown.frontmatter import key_texts

    lines = [f"{indent}# about\n"] if comment else []
    for i, key in enumerate(keys):
        lines.append(f"{indent}{key}{spaces[i]}:\n{indent}- x  # a list\n" if i % 2 else f"{indent}{key}{spaces[i]}: v{i}\n")
    block = "".join(lines)
    try:
        whole = yaml.safe_load(block)
    except yaml.YAMLError:
        assume(False)
    assume(isinstance(whole, dict) and all(isinstance(k, str) for k in whole) and len(whole) == len(keys))
    typed = key_texts(f"---\n{block}---\n")
    assert list(typed) == list(whole)
    for key, text in typed.items():
        assert yaml.safe_load(text) == {key: whole[key]}


# ---------------------------------------------------------------------------- a person's comments on a key of ours


@pytest.mark.parametrize(("key", "typed", "value", "want"), [
    # above the block (the first key's), after the value on its line, under the key, between items, after the value
    ("tags", "# top\ntags: # why\n# under\n- a\n# mid\n- b\n# after\n\n", ["a", "b", "c"],
     "# top\ntags: # why\n# under\n- a\n- b\n- c\n# mid\n# after\n\n"),
    ("license", "license: apache-2.0  # the code's\n# the weights' too\n", "mit",
     "license: mit  # the code's\n# the weights' too\n"),
    ("model-index", "model-index:\n# by hand\n- name: y\n  results: []\n", [{"name": "x", "results": []}],
     "model-index:\n# by hand\n- name: x\n  results: []\n"),
    ("tags", "tags:\n# under\n- a\n", "solo", "tags: solo\n# under\n"),  # a value of one line: under it
    # a `#` inside a block scalar or a quoted value is the value's, not a comment
    ("description", "description: |\n  # not a comment\n  old\n# real\n", "x\ny", 'description: "x\\ny"\n# real\n'),
    ("license", "license: 'a # b'\n", "mit", None),
    ("license", "license: other\n", "mit", None),  # nothing to keep: the key is written anew
    ("pipeline_tag", "pipeline_tag: fill-mask\n\n", "text-generation", "pipeline_tag: text-generation\n\n"),
    # a comment ending a line of the value, after the line of the new value that says the same (the XLS-R event's
    # model-index, tests/publish_shapes/xlsr_event_2022_comments_in_model_index.md); none taken from a quoted `#`
    ("model-index", "model-index:\n- name: y\n  results:\n    - metrics:\n        - type: wer    # Required\n"
     "          value: 5.0  # Required. Example: 20.90\n",
     [{"name": "y", "results": [{"metrics": [{"type": "wer", "value": 5.0}, {"type": "cer", "value": 2.0}]}]}],
     "model-index:\n- name: y\n  results:\n  - metrics:\n    - type: wer    # Required\n"
     "      value: 5.0  # Required. Example: 20.90\n    - type: cer\n      value: 2.0\n"),
    ("tags", "tags:\n- 'a # b'\n", ["a # b", "c"], None),
    # a line the generator writes elsewhere: a dataset's name before its type, a metric item opening with its type
    # (tests/publish_shapes/template_2021_comments_on_lines_the_generator_reorders.md)
    ("model-index", "model-index:\n- name: y\n  results:\n  - dataset:\n      type: d/x  # Required. Example: common_voice\n"
     "      name: X  # Required. Example: Common Voice zh-CN\n    metrics:\n      - name: Micro F1  # Example: Test WER\n"
     "        type: f1  # Example: wer\n        value: 68.7\n",
     [{"name": "y", "results": [{"dataset": {"name": "X", "type": "d/x"},
                                 "metrics": [{"type": "f1", "value": 68.7, "name": "Micro F1"}]}]}],
     "model-index:\n- name: y\n  results:\n  - dataset:\n      name: X  # Required. Example: Common Voice zh-CN\n"
     "      type: d/x  # Required. Example: common_voice\n    metrics:\n    - type: f1  # Example: wer\n"
     "      value: 68.7\n      name: Micro F1  # Example: Test WER\n"),
    # comment lines inside the value, above the line after them, as the generator indents it
    # (tests/publish_shapes/lighteval_2024_comment_lines_inside_model_index.md)
    ("model-index", "model-index:\n- name: y\n  results:\n  # IFEval\n  - task: \n      type: text-generation\n"
     "  # MMLU\n  - task:\n      type: fill-mask\n",
     [{"name": "y", "results": [{"task": {"type": "text-generation"}}, {"task": {"type": "fill-mask"}},
                                {"task": {"type": "new"}}]}],
     "model-index:\n- name: y\n  results:\n  # IFEval\n  - task:\n      type: text-generation\n  # MMLU\n  - task:\n"
     "      type: fill-mask\n  - task:\n      type: new\n"),
    # an apostrophe in a plain value opens no quote: the comment after it is one (hand-written; the quote-counting
    # rule before took it for the value)
    ("model-index", "model-index:\n- name: Bob's model  # Example: my-model\n  results: []\n",
     [{"name": "Bob's model", "results": [{"task": {"type": "x"}}]}],
     "model-index:\n- name: Bob's model  # Example: my-model\n  results:\n  - task:\n      type: x\n"),
])
def test_with_comments_keeps_a_persons_comments_beside_a_new_value(key, typed, value, want):
    """What publish writes for a key of ours whose value the records change, where the Hub's copy has comments (or
    blank lines) on it; the text always reads as the new value."""
    from generator.card.frontmatter import with_comments

    got = with_comments(key, value, typed)
    assert got == want
    assert got is None or parse_yaml(got, "t") == {key: value}


def test_frontmatter_comments_are_the_yaml_comments_of_the_block():
    """What a publish compares to say which of a person's comments the README written drops: whole comment lines
    and comments ending a line, none of a `#` inside a quoted value or a block scalar's text."""
    from generator.card.frontmatter import frontmatter_comments

    card = ("---\n# top\nlicense: mit  # ours\nwidget:\n- text: |\n    # not a comment\n    a # b\n  title: 'x # y'\n"
            "tags:\n- {en}  # Example: fr\n---\n# Title  # not the block's\n")
    assert frontmatter_comments(card) == ["# top", "# ours", "# Example: fr"]
    assert frontmatter_comments("# no block\n") == [] and frontmatter_comments("---\na: 1\n---\n") == []
