"""generator.markdown.safety: what publishing keeps of the HTML a card on the Hub holds (kept_as_written)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.safety import clean_markdown, kept_as_written

# huggingtweets' card (tests/publish_shapes/huggingtweets_2020_link_stylesheet.md), its first lines
HUB = ('<link rel="stylesheet" href="https://unpkg.com/@tailwindcss/typography@0.2.x/dist/typography.min.css">\n\n'
       "<section class='prose'>\n\nI was made with [huggingtweets](https://github.com/borisdayma/huggingtweets).\n")


def test_a_line_the_policy_made_inert_stands_as_the_hub_holds_it():
    new = "<!-- modelcard-generator:begin header -->\n" + clean_markdown(HUB) + "<!-- modelcard-generator:end header -->"
    assert new.count("&lt;link") == 1
    assert kept_as_written(HUB, new) == "<!-- modelcard-generator:begin header -->\n" + HUB + \
        "<!-- modelcard-generator:end header -->"


def test_html_the_new_text_adds_is_held_to_the_policy():
    """Only a line the Hub holds in that place is written as it is there: the same tag in another line, or a line
    of the Hub's that the new text no longer has, comes back as the policy writes it."""
    added = clean_markdown('<link rel="stylesheet" href="https://example.org/a.css">')
    new = clean_markdown(HUB).replace("I was made with", added + "\nI was made with")
    kept = kept_as_written(HUB, new)
    assert HUB.split("\n")[0] in kept.split("\n") and added in kept.split("\n")
    elsewhere = clean_markdown(HUB).replace("&lt;link", "&lt;link data-x='1'")
    assert kept_as_written(HUB, elsewhere) is elsewhere  # not what the policy makes of the Hub's line: not theirs
    hub = "Intro\n\n<script>alert(1)</script>\n"
    assert kept_as_written(hub, "Intro\n\nNew text &lt;b\n") == "Intro\n\nNew text &lt;b\n"


def test_a_line_the_matching_in_order_passes_over_stands_as_the_hub_holds_it():
    """nn_pruning's card (tests/publish_shapes/nn_pruning_2021_script_after_two_blank_lines.md), cut: two blank lines
    above and below its `<script>` line, where the import writes one; the first of the two was matched to a later
    blank line of the card, past the line, which then went out inert. A line so passed over is the Hub's when what
    the policy makes of it stands once among the lines left; the Hub's line is never written more often than the
    Hub holds it."""
    script = '<div class="graph"><script src="/echarlaix/density_info.js"></script></div>'
    hub = f"The model contains **50%** of the original weights.\n\n\n{script}\n\n\n## Fine-Pruning details\n"
    new = ("<!-- modelcard-generator:begin header -->\nThe model contains **50%** of the original weights.\n\n"
           f"{clean_markdown(script)}\n<!-- modelcard-generator:end header -->\n\n"
           "<!-- modelcard-generator:begin details -->\n## Model details\n\n<!-- modelcard-generator:end details -->\n\n"
           "## Fine-Pruning details\n")
    assert kept_as_written(hub, new) == new.replace(clean_markdown(script), script)
    twice = new.replace("## Model details\n", f"## Model details\n{clean_markdown(script)}\n")
    assert kept_as_written(hub, twice).count(script) == 1


def test_a_text_the_policy_changes_nothing_of_is_returned_as_it_is():
    new = "## Title\n\n<details><summary>More</summary>x</details>\n"
    assert kept_as_written(HUB, new) is new
    escaped = "&lt;link rel=x>"
    assert kept_as_written("No HTML here\n", escaped) is escaped


_LINE = st.sampled_from(["text", "", "<b>x</b> ", "<mask> ", "<iframe src='https://a.b'></iframe>", "<b>bold</b>", "[x](javascript:y)",
                         "<mask>bert", "```", "    <script>", "<!-- c -->", "&lt;iframe src='https://a.b'>&lt;/iframe>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12), st.lists(_LINE, max_size=12))
def test_nothing_is_written_that_is_neither_new_nor_the_hubs_in_that_place(hub_lines, new_lines):
    """Every line of the result is the new text's, or the Hub's line whose cleaned text the new text holds there:
    publishing never writes HTML the Hub did not hold."""
    hub, new = "\n".join(hub_lines), clean_markdown("\n".join(new_lines))
    out = kept_as_written(hub, new).split("\n")
    cleaned = clean_markdown(hub).split("\n")
    assert len(out) == len(new.split("\n"))
    for line, was in zip(out, new.split("\n")):
        if line != was:
            assert (line, was.rstrip()) in ((h, c.rstrip()) for h, c in zip(hub_lines, cleaned) if h != c)


def test_a_line_is_kept_with_the_spaces_it_ends_with():
    """openai-community/gpt2-large's card quotes the paper's "the string <UNK> which is extremely rare" in a line
    ending in a space, which the card's import does not keep: the line is the person's all the same."""
    hub = "> and even the string <UNK> which is extremely rare in WebText. \n\n## Next\n"
    new = "> and even the string &lt;UNK> which is extremely rare in WebText.\n\n## Next\n"
    assert kept_as_written(hub, new) == hub
    assert kept_as_written("Plain line. \n", "Plain line.\n") == "Plain line.\n"  # no HTML: the new text's


class _Counted(str):
    """A text that counts the searches and the characters sliced out of it (str methods on a subclass)."""

    finds = 0
    sliced = 0

    def find(self, *args):  # type: ignore[override]
        _Counted.finds += 1
        return super().find(*args)

    def __getitem__(self, key):  # type: ignore[override]
        got = super().__getitem__(key)
        _Counted.sliced += len(got)
        return got


def test_an_unclosed_comment_or_escaped_tag_repeated_is_cleaned_in_linear_work():
    """`<!--` repeated 30,000 times with no `-->` (a fuzzed card) searched the rest of the text for a closer at each
    one, and `\\<` repeated sliced the text since the last tag again at each one: minutes for a 120 kB card. The text
    is cleaned as before: each `<` of an unclosed comment escaped, an escaped `<` left as it is."""
    from generator.markdown.safety import _clean_tags

    _Counted.finds = _Counted.sliced = 0
    assert _clean_tags(_Counted("<!--" * 30_000)) == "&lt;!--" * 30_000
    assert _Counted.finds <= 2
    _Counted.finds = _Counted.sliced = 0
    text = "\\<b" * 30_000 + "<!-- x --> y"
    assert _clean_tags(_Counted(text)) == text and _Counted.sliced < 10 * len(text)
    assert _clean_tags("a <!-- one --> b <!-- two --> c <!-- open") == "a <!-- one --> b <!-- two --> c &lt;!-- open"


def test_an_escaped_bracket_starts_no_link_target():
    """`\\](a: 0` is text, as CommonMark reads it (a hyperparameter named `](a`, kept in a training section's text on
    import, came back as `\\](# 0`); an unescaped one, or one after an escaped backslash, is still a link's target."""
    assert clean_markdown("- \\](a: 0\n") == "- \\](a: 0\n"
    assert clean_markdown("[x](javascript:alert(1)) [y]\\\\](javascript:z)\n") == "[x](#) [y]\\\\](#)\n"
    # the search goes on from the escaped bracket's next character: a link right after it is still a link
    assert clean_markdown("\\](x](javascript:z)\n") == "\\](x](#)\n"
