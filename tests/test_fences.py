"""The one fence scanner (generator.markdown.fences) and the places that use it."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.errors import RecordsError
from generator.markdown.fences import Fence, closes, code_lines, fenced_blocks, indented_code, opening, unclosed_fence
from generator.markdown.safety import clean_markdown
from generator.records.loader import records_from_data
from generator.render.card import render

# ```python inside an open ``` block is content: a closing fence has no info string.
NESTED = "```text\nbefore\n```python\nx = 1\n\n\ny = 2\n```\nafter"


def test_opening_and_closing_follow_commonmark():
    assert opening("```python") == Fence("```", "python")
    assert opening("  ~~~~ yaml ") == Fence("~~~~", "yaml")
    assert opening("``") is None
    assert opening("```a`b") is None  # a backtick fence's info string holds no backtick
    assert opening("~~~a`b") == Fence("~~~", "a`b")
    fence = Fence("````")
    assert closes("````", fence) and closes("  ``````  ", fence)
    assert not closes("```", fence)  # shorter than the opening
    assert not closes("````python", fence)  # an info string: content
    assert not closes("~~~~", fence)  # the other character


def test_code_lines_marks_delimiters_and_content():
    kinds = [fence is not None for _, fence in code_lines(NESTED.split("\n"))]
    assert kinds == [True, True, True, True, True, True, True, True, False]


def test_fenced_blocks_and_unclosed():
    lines = ["a", "~~~", "```", "~~~", "````md", "x"]
    blocks = fenced_blocks(lines)
    assert [(b.start, b.end, b.fence.marker) for b in blocks] == [(1, 3, "~~~"), (4, None, "````")]
    assert unclosed_fence("\n".join(lines)) == Fence("````", "md")
    assert unclosed_fence(NESTED) is None
    assert unclosed_fence("```\ncode\n```python") == Fence("```")


def _card_with_section(content: str) -> str:
    data = {"model": {"repo_id": "org/model", "license": "mit"},
            "sections": [{"title": "Example", "content": content}]}
    return render(records_from_data(data, "records.yaml")).text


def test_blank_lines_inside_code_survive_a_fence_with_an_info_string():
    """The renderer once took ```python as closing the ``` block and collapsed the blank lines after it."""
    assert "```python\nx = 1\n\n\ny = 2\n```\nafter" in _card_with_section(NESTED)


def test_sanitizer_leaves_code_after_an_inner_info_fence_alone():
    text = "```\n```html\n<script>alert(1)</script>\n```\n<script>x</script>"
    assert clean_markdown(text) == "```\n```html\n<script>alert(1)</script>\n```\n&lt;script>x&lt;/script>"


def test_records_with_an_unclosed_fence_are_refused():
    data = {"model": {"repo_id": "org/model", "summary": "````md\ntext\n```"}}
    with pytest.raises(RecordsError, match="opens a ```` code fence that is never closed"):
        records_from_data(data, "records.yaml")


def _collapse_by_code_lines(text: str) -> str:
    """collapse_blank_lines as first written, on code_lines: the reference the faster loop must equal."""
    from generator.markdown.fences import code_lines

    out: list[str] = []
    lines = text.split("\n")
    for n, (line, fence) in enumerate(code_lines(lines)):
        if fence is None and not line.strip() and (not out or not out[-1].strip()):
            continue
        # a hard line break: text, then two spaces or more, and the paragraph goes on on the next line
        hard = line.strip() and re.search(r"[^ \t] {2,}$", line) and n + 1 < len(lines) and lines[n + 1].strip()
        out.append(line.rstrip() if fence is None and not hard else line)
    return "\n".join(out).strip("\n") + "\n"


_PIECES = ["\n", "\n\n", "\n\n\n", "  \n", " \t\n", "text", "``", "```", "````", "~~~", "~~", "```python", "``` x `",
           "    ```", "~~~~ info", "\u00a0", "  ", "-", "| a |", "<!--", "-->", "   <!-- x", "<!-- a -->"]


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=25).map("".join))
@example("<!--\n```\n-->\n\n\n\nafter")  # a fence inside a comment block is text: the blank lines after collapse
def test_collapse_blank_lines_equals_the_code_lines_reference(text):
    from generator.markdown.fences import collapse_blank_lines

    assert collapse_blank_lines(text) == _collapse_by_code_lines(text)


def test_a_hard_line_break_keeps_its_spaces():
    """Two spaces ending a line the paragraph goes on after are a line break on the Hub: the renderer keeps them."""
    card = _card_with_section("**Base model**  \n[org/base](https://huggingface.co/org/base)  \n\nend  ")
    assert "**Base model**  \n[org/base](https://huggingface.co/org/base)\n\nend\n" in card


def test_comment_blocks_are_scanned_once_for_every_reader():
    from generator.markdown.fences import scan_lines

    lines = ["text", "<!--", "# hidden", "```", "-->", "```python", "<!-- x -->", "```", "   <!-- open", "end -->"]
    got = [(fence is not None, comment) for _, fence, comment in scan_lines(lines)]
    assert got == [(False, False), (False, True), (False, True), (False, True), (False, True),
                   (True, False), (True, False), (True, False), (False, True), (False, True)]
    assert [(b.start, b.end) for b in fenced_blocks(lines)] == [(5, 7)]  # the fence in the comment is text


_COMMENT_PIECES = ["\n", "<!--", "-->", "<!-- x -->", "   <!--", "    <!--", "<!-->", "text", "-", ">", " "]


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_COMMENT_PIECES), max_size=20).map("".join))
def test_the_comment_block_expression_is_the_line_rule(text):
    """The sanitizer finds comment blocks in a stretch of prose with COMMENT_BLOCK; the importer and the fence
    scanner read them line by line with scan_lines: both cover the same lines. (A one-line comment is no block
    for scan_lines, and a block never closed is no match: those are left out of the comparison.)"""
    from generator.markdown.fences import COMMENT_BLOCK, comment_opens, scan_lines

    lines = text.split("\n")
    by_lines = [comment for _, _, comment in scan_lines(lines)]
    if any(comment_opens(line) and not any("-->" in later for later in lines[n + 1:]) for n, line in enumerate(lines)):
        return  # a block may be left open at the end

    by_expression = [False] * len(lines)
    for match in COMMENT_BLOCK.finditer(text):
        first, last = text.count("\n", 0, match.start()), text.count("\n", 0, match.end())
        for n in range(first, last + 1) if last > first else ():
            by_expression[n] = True
    assert by_lines == by_expression


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["\n", "```", "````", "~~~", "```py", "<!--", "-->", "<!-- x -->", "text", " "]),
                max_size=25).map("".join))
def test_fenced_blocks_are_the_blocks_scan_lines_sees(text):
    """fenced_blocks has a loop of its own (for speed): its blocks are those scan_lines marks, opening to closing."""
    from generator.markdown.fences import scan_lines

    lines = text.split("\n")
    want, start, current = [], 0, None
    for i, (line, fence, _) in enumerate(scan_lines(lines)):
        if fence is not None and fence is not current:
            start, current = i, fence
        elif fence is not None and closes(line, fence):
            want.append((start, i))
            current = None
    if current is not None:
        want.append((start, None))
    assert [(b.start, b.end) for b in fenced_blocks(lines)] == want


_MARKUP = _PIECES + ["<!--", "-->", "<script>", "</b>", "<b>", "`", "~", "[x](javascript:alert(1))", "[x](https://a.b)",
                     "[r]: javascript:x", "http:", ":", "<img src=x onerror=y>", "\r", "\u2028"]


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(_MARKUP), st.text(max_size=3)), max_size=25).map("".join))
def test_the_no_fence_shortcuts_equal_the_line_scans(text):
    """Text without two backticks or two tildes in a row cannot open a fence: clean_markdown cleans it as one
    block and unclosed_fence answers None without scanning lines; both as the line-by-line scans would."""
    from generator.markdown.safety import _clean_lines

    assert clean_markdown(text) == (_clean_lines(text) if "<" in text or ":" in text else text)
    blocks = fenced_blocks(text.splitlines())
    assert unclosed_fence(text) == (blocks[-1].fence if blocks and blocks[-1].end is None else None)
    tickless = re.sub(r"~+", "~", re.sub(r"`+", "`", text))  # the shortcut's case every time
    assert "``" not in tickless and "~~" not in tickless
    assert clean_markdown(tickless) == (_clean_lines(tickless) if "<" in tickless or ":" in tickless else tickless)


_LINKS = _MARKUP + ["](", "]:", "[a]", "(", ")", "https://x.y", "HTTP://x", " javascript:", "mailto:a", "\\", "<a href=",
                   "<https://a.b>", "<x@y.z>", "<style>a{}</style>", "    x", "\n\n    code", "<", "\x00", "\t"]


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(_LINKS), st.text(max_size=3)), max_size=30).map("".join))
def test_the_cleaning_shortcuts_equal_every_step(text):
    """What clean_markdown skips for a text that holds no "<", "](", "]:" or backtick (and a link target it passes at
    once for its http(s)/mailto prefix) changes nothing: the same text as running every step."""
    from generator.markdown import safety

    fast = clean_markdown(text)
    safety.SHORTCUTS = False
    try:
        assert fast == clean_markdown(text)
    finally:
        safety.SHORTCUTS = True


def test_a_text_of_links_and_no_tag_or_code_span_skips_those_steps(monkeypatch):
    """A summary of http(s) links and no "<" or backtick (most records' texts) is not scanned for tags or code spans."""
    from generator.markdown import safety

    def scanned(*args: object) -> None:
        raise AssertionError("scanned")

    monkeypatch.setattr(safety, "_clean_tags", scanned)
    monkeypatch.setattr(safety, "_split_code_spans", scanned)
    text = "A DPO version of [gemma](https://huggingface.co/google/gemma-2-9b-it); paper:\n[it](https://arxiv.org/abs/1)."
    assert clean_markdown(text) == text
    assert clean_markdown("[x](javascript:alert(1)) here") == "[x](#) here"


def test_indented_code_is_code_only_where_it_surely_is():
    # shape of llmware's BLING and DRAGON cards (2023): a prompt wrapper shown as a 4-space indented code block
    text = 'Wrap entries as:\n\n    full_prompt = "<human>: " + my_prompt + "\\n" + "<bot>:"\n\nThen <b>run</b>.'
    assert clean_markdown(text) == text  # in code, <human> is text: escaping it would show "&lt;human>"
    assert indented_code(text.split("\n")) == {2}
    # a list item's continuation, a paragraph lazily continuing one, a <pre> block left open: HTML there is live
    for live in ("- item\n\n    <img src=x onerror=alert(1)>", "- item\nlazy\n\n    <img src=x onerror=alert(1)>",
                 "- a\n\n  para\n\n    <img src=x onerror=alert(1)>", "<pre>\n\n    <img src=x onerror=alert(1)>\n</pre>",
                 "Text\n    <img src=x onerror=alert(1)>"):
        assert "&lt;img" in clean_markdown(live), live
    assert indented_code("Para\n\n    a\n\n    b\nc".split("\n")) == {2, 4}  # blank lines inside the block


def test_a_stray_quote_before_a_tags_end_keeps_the_tag():
    # shape of Llama-2 fine-tune cards of 2023 (llama-2-coder-7b, lince-zero): a logo `<img ... alt="logo"">` in a
    # <div>, which browsers show (the stray quote is an attribute name to them); and `<font ... size=5">`
    for kept in ('<div>\n    <img src="https://example.org/logo.png" alt="logo"">\n</div>', '<font size=5">Hi</font>'):
        assert clean_markdown(kept) == kept
    for unsafe in ('<img src=x alt="a"" onerror=alert(1)">', '<img src=x onerror=alert(1) ">', '<a href="javascript:x" ">'):
        assert clean_markdown(unsafe).startswith("&lt;"), unsafe


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(*[st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=12).map("".join)] * 3)
@example("text\n\n", "a\n```\ncode\n```\n\n\nb  \nc", "\n\nafter")
@example("<!--\n", "a\n\n\nb", "\n```\n\n\n```")  # a comment open before the kept lines: the pass reads them
def test_collapse_takes_kept_lines_as_they_are(before, inner, after):
    """Lines that are collapse_blank_lines' own output, ending outside any fence or comment (collapse_clean says so),
    set on lines of their own in a larger text: passed over as they are (the renderer's embedded original body), the
    same text as the full pass."""
    from generator.markdown.fences import collapse_blank_lines, collapse_clean

    kept, clean = collapse_clean(inner)
    assert collapse_blank_lines(inner) == kept
    if not clean or len(kept) == 1:
        return
    before = before if not before or before.endswith("\n") else before + "\n"
    text = before + kept + after
    first = before.count("\n")
    assert collapse_blank_lines(text, (first, first + kept.count("\n"))) == collapse_blank_lines(text)


def test_collapse_clean_says_whether_the_end_is_outside_code_and_comments():
    from generator.markdown.fences import collapse_clean

    assert collapse_clean("a\n```\nx\n```\n")[1]
    assert not collapse_clean("a\n```\nx\n\n")[1]  # an open fence
    assert not collapse_clean("a\n<!--\nx\n")[1]  # an open comment
    assert collapse_clean("<!-- a -->\n\n\nb")[1]


def test_the_blank_line_pass_knows_the_characters_rstrip_strips():
    """The pass leaves a line whose last character is none of _SPACES as it is: rstrip() would strip nothing."""
    from generator.markdown.fences import _SPACES

    assert _SPACES == {chr(c) for c in range(0x110000) if chr(c).isspace()}


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES + ["\u3000", "\x1c", "\t", "x \u2003"]), st.text(max_size=3)),
                max_size=25).map("".join))
def test_collapse_code_equals_the_pass_a_line_at_a_time(text):
    """collapse_code's text, flag and unread lines are those of the pass that strips every line it keeps (the short
    cuts for empty lines and lines ending in no space take none of them elsewhere)."""
    from generator.markdown import fences

    got = fences.collapse_code(text)
    assert got == _collapse_every_line(text)


def _collapse_every_line(text: str) -> tuple:
    """The blank-line pass as written before its short cuts: each line's marks looked at, each kept line stripped."""
    from generator.markdown.fences import HARD_BREAK, closes, comment_opens, opening

    out: list[str] = []
    unread: list[tuple[int, int]] = []
    blank, comment, unclosed = True, False, False
    lines = text.split("\n")
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if comment:
            comment = "-->" not in line
        elif "<!--" in line and comment_opens(line):
            comment = True
        elif ("``" in line or "~~" in line) and (fence := opening(line)) is not None:
            start = i - 1
            while i < n and not (fence.marker in lines[i] and closes(lines[i], fence)):
                i += 1
            unclosed = i == n
            i += 1
            at = len(out) + 1
            out.extend(lines[start:i])
            unread.append((at, len(out)))
            blank = False
            continue
        if not (line.endswith("  ") and i < n and lines[i].strip() and line.strip() and HARD_BREAK.search(line)):
            line = line.rstrip()
        if not line and blank:
            continue
        blank = not line
        out.append(line)
    return "\n".join(out).strip("\n") + "\n", not comment and not unclosed, tuple(unread)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<!->x\n ", max_size=60))
def test_text_without_comments_is_what_the_comment_pattern_leaves(text):
    from generator.markdown.fences import without_comments

    assert without_comments(text) == re.sub(r"<!--.*?-->", "", text, flags=re.S)


def test_comments_are_searched_only_up_to_the_last_closer(monkeypatch):
    """A README of 30,000 `<!--` never closed (a fuzzed run folder) was searched from each of them to its end: minutes
    for 120 kB. The search now stops at the last `-->`: no opening after it is searched past it."""
    from generator.markdown import fences

    searched = []

    class Pattern:
        def sub(self, repl, text):
            searched.append(len(text))
            return fences.re.compile(r"<!--.*?-->", fences.re.S).sub(repl, text)

    monkeypatch.setattr(fences, "_COMMENT", Pattern())
    text = "kept <!-- gone --> kept" + "<!--" * 30_000
    assert fences.without_comments(text) == "kept  kept" + "<!--" * 30_000
    assert searched == [len("kept <!-- gone -->")]
    assert fences.without_comments("<!--" * 30_000) == "<!--" * 30_000 and len(searched) == 1
