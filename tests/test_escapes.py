"""The one escaping rule of text the renderer writes (generator/markdown/escapes.py) and its inverse."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.escapes import escape_text, unescape
from generator.markdown.tables import _cell_text, parsed_cell_text

_TEXT_PIECES = ["a", "b1", " ", "_", "__", "___", ".", "'", "(", ")", "-", "*", "é", "€", "main", "`", "|", "[", "]",
                "\\", "<", ">", "&", "&amp;", "&lt;", "#", "~"]


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES), max_size=10).map("".join))
def test_escaped_text_shows_as_written_and_reads_back(text):
    """A record string shows as itself (its blanks folded) where CommonMark reads it, and the importer's one rule reads
    it back: `__main__.Args` showed "main" in bold, `_x_` in italics. The table reader's quick path agrees."""
    shown = escape_text(text)
    folded = " ".join(text.split())
    assert parsed_cell_text(shown) == folded
    assert _cell_text(shown) == parsed_cell_text(shown)
    assert unescape(shown) == folded


def test_only_underscore_runs_that_may_open_or_close_emphasis_are_escaped():
    """Names with underscores inside a word stay byte for byte as written (most hyperparameters, lm-eval tasks)."""
    assert escape_text("learning_rate deberta-v3-large__sst2__train-16-0 arc_challenge é_x") == \
        "learning_rate deberta-v3-large__sst2__train-16-0 arc_challenge é_x"
    assert escape_text("__main__.OurArgs _x_ x_") == "\\_\\_main\\_\\_.OurArgs \\_x\\_ x\\_"


def test_unescape_reads_escapes_and_references_as_commonmark_does():
    """In one pass: `\\&lt;` shows `&lt;` (the escaped ampersand starts no reference)."""
    assert unescape("acc\\_norm \\| \\(x\\) &lt;COLOR&gt; &amp;lt; \\&lt; &bogus; a\\b") == \
        "acc_norm | (x) <COLOR> &lt; &lt; &bogus; a\\b"


def test_a_list_item_that_starts_like_a_block_shows_as_text():
    """A hyperparameter named `# h` was a heading inside the list, `- m` a list of its own, `1. o` an ordered one."""
    from generator.markdown.escapes import escape_item
    from generator.markdown.tables import commonmark

    for name in ["# h", "- m", "+ p", "1. o", "12) x", "~~~", "-", "#"]:
        tokens = commonmark().parse(f"- {escape_item(name)}: 3\n")
        assert [t.type for t in tokens] == ["bullet_list_open", "list_item_open", "paragraph_open", "inline",
                                            "paragraph_close", "list_item_close", "bullet_list_close"], name
        assert tokens[3].children[0].content == f"{name}: 3"
        assert unescape(escape_item(name)) == name
    assert escape_item("-m 1.5 #x learning_rate") == "-m 1.5 #x learning_rate"


def test_a_heading_keeps_a_closing_run_of_hashes_as_text():
    """The title `C #` showed as `C` (the `#` closed the heading), `#` as an empty heading."""
    from generator.markdown.escapes import heading_end
    from generator.markdown.tables import commonmark

    for title in ["C #", "#", "a ##", "C#"]:
        tokens = commonmark().parse(f"# {heading_end(escape_text(title))}\n")
        assert tokens[1].content and tokens[1].children[0].content == title
    assert heading_end("C#") == "C#"
