"""The one ATX heading reader (generator.markdown.headings) against CommonMark's examples and markdown-it-py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown.headings import _TRIM, Heading, atx_heading
from generator.markdown.tables import commonmark

# The examples of CommonMark's section 4.2 "ATX headings" (commonmark/commonmark-spec spec.txt), one line each,
# with the raw inline text of the heading they give (None: not a heading).
SPEC = [
    ("# foo", Heading(1, "foo")),
    ("###### foo", Heading(6, "foo")),
    ("####### foo", None),  # more than six
    ("#5 bolt", None),  # no space after the opening run
    ("#hashtag", None),
    ("\\## foo", None),  # the first '#' escaped
    ("# foo *bar* \\*baz\\*", Heading(1, "foo *bar* \\*baz\\*")),
    ("#                  foo                     ", Heading(1, "foo")),
    (" ### foo", Heading(3, "foo")),
    ("   # foo", Heading(1, "foo")),
    ("    # foo", None),  # four spaces: indented code
    ("## foo ##", Heading(2, "foo")),
    ("  ###   bar    ###", Heading(3, "bar")),
    ("# foo ##################################", Heading(1, "foo")),
    ("##### foo ##", Heading(5, "foo")),
    ("### foo ###     ", Heading(3, "foo")),
    ("### foo ### b", Heading(3, "foo ### b")),  # anything after a run of '#': not a closing run
    ("# foo#", Heading(1, "foo#")),  # a closing run follows a space
    ("### foo \\###", Heading(3, "foo \\###")),  # escaped: the title's
    ("## foo #\\##", Heading(2, "foo #\\##")),
    ("# foo \\#", Heading(1, "foo \\#")),
    ("## ", Heading(2, "")),
    ("#", Heading(1, "")),
    ("### ###", Heading(3, "")),
]


@pytest.mark.parametrize("line, heading", SPEC)
def test_commonmark_examples(line, heading):
    assert atx_heading(line) == heading
    assert _hub(line) == heading


def test_the_titles_the_three_old_patterns_got_wrong():
    assert atx_heading("## C#") == Heading(2, "C#")  # the importer's and Quick start's patterns read "C"
    assert atx_heading("## C #") == Heading(2, "C")
    assert atx_heading("## #") == Heading(2, "")  # publish's conflict message named a section '#'
    assert atx_heading("## Usage \\#") == Heading(2, "Usage \\#")
    assert atx_heading("#\u00a0Title") is None  # a no-break space does not end the opening run
    assert atx_heading("\t# Title") is None  # a tab is four columns: indented code
    assert atx_heading("## Title #\r") == Heading(2, "Title")  # a line ending is not the title's


def _hub(line: str):
    """The heading markdown-it-py (as the Hub reads a card) makes of ``line``, or None."""
    tokens = commonmark().parse(line)
    if not tokens or tokens[0].type != "heading_open":
        return None
    return Heading(int(tokens[0].tag[1]), tokens[1].content)


def test_trimmed_as_markdown_it_trims():
    mdtrim = pytest.importorskip("markdown_it.common.utils")
    if hasattr(mdtrim, "MD_TRIM_CHARS"):
        assert set(_TRIM) == set(mdtrim.MD_TRIM_CHARS)


LINE = st.text(alphabet=st.sampled_from(list(" \t#\\aC5*`\u00a0\u3000\u2003\v\f")), max_size=14)


@settings(max_examples=3000, deadline=None)
@given(LINE)
@example("## C#")
@example("## \u00a0#")
@example("#\t#\t")
@example("   ###### a ###\u00a0")
def test_same_as_markdown_it(line):
    assert atx_heading(line) == _hub(line)


def test_the_three_readers_use_it():
    """The card importer's sections, the Quick start's "shows usage" and publish's conflict note read headings alike:
    an indented heading (deep-rl-class cards indent the whole card by two spaces), a title ending in '#', an empty
    heading closing a section, and a heading in fenced code ignored."""
    from generator.card.merge import _replaced
    from generator.card.usage_import import shows_usage
    from generator.sources.card_text import _sections

    body = "  # Agent\n\ntext\n\n## C#\n\n```\n## not a heading\n```\n\n## C #\n\n##\n\nafter"
    assert [(s.level, s.title) for s in _sections(body)] == [(0, ""), (1, "Agent"), (2, "C#"), (2, "C")]
    assert "sections 'Agent', 'C#', 'C'" in _replaced(body)
    usage = "## Usage\n\n```python\nrun()\n```"
    assert shows_usage({"summary": "  " + usage.replace("\n", "\n  ")}, [])
    assert not shows_usage({"summary": "## Usage\n\n##\n\n```python\nrun()\n```"}, [])  # an empty heading ends it


def test_a_real_card_with_indented_headings_imports_its_sections(tmp_path):
    """The Deep RL Course's card (card_shapes/ORIGINS.txt) indents every line by two spaces: its "Usage" is a section
    holding the card's code, not a line of its summary."""
    from generator import ingest

    card = tmp_path / "README.md"
    card.write_text((Path(__file__).parent / "card_shapes" / "deep_rl_course_indented_card.md").read_text(), "utf-8")
    data = ingest(sources=[card], repo_id="0xid/Taxi-v3").data
    assert [s["title"] for s in data["sections"]] == ["Usage"]
    assert 'load_from_hub(repo_id="0xid/Taxi-v3"' in data["sections"][0]["content"]
    assert data["model"]["summary"].startswith("# **Q-Learning** Agent playing1 **Taxi-v3**\n")
