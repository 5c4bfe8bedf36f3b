"""Free-text markdown from records, made safe to place in a card.

People write summaries and sections in markdown and may use the HTML the Hub
renders (``<details>``, ``<img>``, ``<br>``, comments). What can run or mislead is
neutralised: tags outside a small allow-list (``<script>``, ``<iframe>``, ``<link>``,
forms...) and attributes that run code (``on*``, a ``style`` that loads, runs or positions anything) are escaped
so they show as text, and links whose target has a scheme other than http(s)/mailto become inert. A ``<style>``
block is kept when its rules pass the test a style attribute does (cards style their code blocks and images so).
Code spans and fenced code are left untouched: there ``<script>`` is just text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from generator.io.data import lazy_pattern
from generator.markdown.fences import COMMENT_BLOCK, comments_end, indented_code, scan_lines

ALLOWED_TAGS = frozenset("""a abbr b big blockquote br caption center code col colgroup dd del details div dl dt em
figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp section small source span
strike strong sub summary sup table tbody td tfoot th thead tr tt u ul audio video""".split())
SAFE_SCHEMES = ("http:", "https:", "mailto:")
# A stray quote just before the tag's end (`alt="logo"">`, `size=5">`, Yi and Llama-2 cards' logos) is an attribute
# name to a browser, which shows the tag: the attributes are checked all the same.
_TAG = lazy_pattern(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*'|[\"'](?=[\s\"']*/?>))*)(/?)>")
# (`</` then no letter is no tag: CommonMark shows it as text, as DavidAU's Reka-Flash-3 card's "</ reasoning >" is)
_ANY_TAG_START = re.compile(r"<(?=[A-Za-z!?]|/[A-Za-z])")
# An end tag left without its `>` (Devstral's `<summary>Expand</summary` at a line's end): a browser reads what follows,
# up to the next `>`, as the end tag's attributes, which do nothing, and the tag closes its element as written.
_OPEN_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)(?=\s|$)")
_ATTR = lazy_pattern(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_LINK_TARGET = re.compile(r"(\]\(\s*<?)([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+)", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# CommonMark's autolinks, <https://...> and <name@example.org>: links, not tags.
_AUTOLINK = lazy_pattern(r"<(?:([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*)|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
                       r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")


# What a style attribute may not hold: anything that runs or loads other than an http(s) image (expression(),
# bindings, @import, a url() of another scheme, escapes, comments or character references that could spell them) or
# lifts the element over the page (the position property; object-position and background-position place an image
# inside its own box). Layout, colours and background images, which Hub cards use for their
# headers (TheBloke's, huggingtweets' avatars, merges' centered logos), stay.
_QUOTE = r"(?:['\"]|&#39;|&#34;|&quot;)"
_UNSAFE_STYLE = lazy_pattern(r"expression|javascript|vbscript|@import|behavior|binding|(?<![\w-])position\s*:|\\|/\*"
                             r"|&(?!#39;|#34;|quot;)|url\s*\((?!\s*" + _QUOTE + r"?\s*(?:https?://|" + _QUOTE + r"\s*\)|\)))",
                             re.I)


# A <style> block: its attributes, its rules (no tag inside) and its end.
_STYLE_BLOCK = lazy_pattern(r"<style((?:\s+(?:type|media)\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))*)\s*>([^<]*)</style\s*>",
                            re.I)
# A CSS escape of a punctuation character (`.dark\:text-white`, Tailwind's classes): it stands for that character
# only, so it can spell no word the style test looks for.
_CSS_PUNCTUATION_ESCAPE = re.compile(r"\\[^0-9A-Za-z\s\\]")


def _safe_target(url: str) -> bool:
    if url.startswith(SAFE_SCHEMES) and SHORTCUTS:
        return True  # as below: no character of these prefixes is dropped or lowered
    decoded = re.sub(r"[\x00-\x20]", "", url).lower()
    return not _SCHEME.match(decoded) or decoded.startswith(SAFE_SCHEMES)


# Whether the steps above skip what a text cannot hold (a tag or comment without "<", a link target without "](",
# a code span without a backtick); False: every step runs, as tests/test_fences.py compares.
SHORTCUTS = True


# The Hub's model card components (hub-docs: model-cards-components.md), written as the docs write them, with no
# attribute: `<Gallery />` shows the widget's images, `<Gallery>` ... `</Gallery>` the images between.
CARD_COMPONENTS = frozenset({"Gallery"})


def _safe_tag(match: re.Match) -> bool:
    if match.group(2) in CARD_COMPONENTS and not match.group(3).strip().rstrip("/"):
        return True
    name = match.group(2).lower()
    if name not in ALLOWED_TAGS:
        return False
    for attr, value in _ATTR.findall(match.group(3)):
        attr = attr.lower()
        if attr.startswith("on") or attr in ("srcdoc", "formaction"):
            return False
        if attr == "style" and _UNSAFE_STYLE.search(value):
            return False
        if attr in ("href", "src", "action", "background", "poster", "cite") and not _safe_target(value.strip("\"'")):
            return False
        if attr == "srcset" and not all(_safe_target(c.split()[0]) for c in value.strip("\"'").split(",") if c.split()):
            return False
    return True


def _link_targets(text: str) -> Iterator[re.Match[str]]:
    """The link targets in ``text`` (_LINK_TARGET's matches) after a `](` whose `]` no backslash escapes: a hyperparameter
    named `](a` is written `- \\](a: 0`, which was `\\](# 0`. (An escaped one is passed over, and the search goes on
    from its next character, as a pattern that looked behind for the backslashes would; such a pattern starts with no
    literal `]`, and the regex engine tried it at every character of every text holding a link.)"""
    at = 0
    while True:
        found = _LINK_TARGET.search(text, at)
        if found is None:
            return
        start = found.start()
        before = start
        while before and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2:
            at = start + 1
            continue
        yield found
        at = found.end()


def _safe_links(text: str) -> str:
    """``text`` with each unsafe link target (:func:`_link_targets`) replaced by `#`."""
    out: list[str] = []
    at = 0
    for found in _link_targets(text):
        if not _safe_target(found.group(2)):
            out += (text[at:found.start(2)], "#")
            at = found.end(2)
    return "".join(out) + text[at:] if out else text


def _clean_prose(text: str) -> str:
    """One stretch of markdown outside code."""
    cleaned = _clean_tags(text) if "<" in text or not SHORTCUTS else text  # every tag, comment and autolink starts so
    if "](" in cleaned or not SHORTCUTS:  # what every link target follows
        cleaned = _safe_links(cleaned)
    if "]:" in cleaned or not SHORTCUTS:  # what every reference definition holds
        cleaned = _REF_DEF.sub(lambda m: m.group(1) + (m.group(2) if _safe_target(m.group(2)) else "#"), cleaned)
    return cleaned


def _clean_tags(text: str) -> str:
    """``text`` with its unsafe tags escaped (comments, safe autolinks and safe <style> blocks kept)."""
    out = []
    pos = 0
    closer = -2  # the first "-->" at or after the last comment opening looked at (-1: none): each start does not
    # search the rest of the text again (an unclosed "<!--" repeated 30,000 times took minutes)
    for start in _ANY_TAG_START.finditer(text):
        if start.start() < pos:
            continue
        i = start.start()
        before = i
        while before > pos and text[before - 1] == "\\":
            before -= 1
        if (i - before) % 2:  # \< is a literal <, as CommonMark reads it: no tag starts there
            continue
        if text.startswith("<!--", i):
            if closer == -2 or 0 <= closer < i:
                closer = text.find("-->", i)
            end = closer
            if end >= 0:  # a comment: inert on the Hub
                out.append(text[pos:end + 3])
                pos = end + 3
                continue
        autolink = _AUTOLINK.match(text, i)
        if autolink and (autolink.group(1) is None or _safe_target(autolink.group(1))):
            out.append(text[pos:autolink.end()])  # an e-mail address or a link with a safe scheme
            pos = autolink.end()
            continue
        block = _STYLE_BLOCK.match(text, i)
        if block and not _UNSAFE_STYLE.search(_CSS_PUNCTUATION_ESCAPE.sub("", block.group(2))):
            out.append(text[pos:block.end()])  # rules that lay out, as a style attribute may
            pos = block.end()
            continue
        tag = _TAG.match(text, i)
        out.append(text[pos:i])
        if tag and _safe_tag(tag):
            out.append(tag.group(0))
            pos = tag.end()
        elif tag is None and (unended := _OPEN_END_TAG.match(text, i)) and unended.group(1).lower() in ALLOWED_TAGS:
            # kept as written: escaped, it no longer closed its element (Devstral's <summary> then held the whole
            # <details> it opens, shown open); a tag after it is checked on its own
            out.append(unended.group(0))
            pos = unended.end()
        else:
            out.append("&lt;")
            pos = i + 1
    out.append(text[pos:])
    return "".join(out)


def _split_code_spans(line: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces of a line: backtick spans are code."""
    pieces: list[tuple[bool, str]] = []
    pos = 0
    for match in re.finditer(r"(`+)", line):
        if match.start() < pos:
            continue
        ticks = match.group(1)
        end = line.find(ticks, match.end())
        while end >= 0 and line[end + len(ticks):end + len(ticks) + 1] == "`":
            end = line.find(ticks, end + len(ticks) + 1)
        if end < 0:
            continue
        pieces.append((False, line[pos:match.start()]))
        pieces.append((True, line[match.start():end + len(ticks)]))
        pos = end + len(ticks)
    pieces.append((False, line[pos:]))
    return pieces


def _clean_span(text: str) -> str:
    if "`" not in text and SHORTCUTS:
        return _clean_prose(text)  # no code span
    return "".join(piece if code else _clean_prose(piece) for code, piece in _split_code_spans(text))


def _clean_block(block: str) -> str:
    """Lines outside fenced code: comment blocks kept as they are, code spans untouched."""
    if "<!--" not in block and SHORTCUTS:
        return _clean_span(block)  # no comment
    parts, pos = [], 0
    for comment in COMMENT_BLOCK.finditer(block, 0, comments_end(block)):  # inert; backticks in it open no span
        parts += [_clean_span(block[pos:comment.start()]), comment.group(0)]
        pos = comment.end()
    return "".join(parts) + _clean_span(block[pos:])


def clean_markdown(text: str) -> str:
    """``text`` with unsafe HTML escaped and unsafe link targets removed; code untouched."""
    if "<" not in text and (":" not in text or "](" not in text and "]:" not in text and SHORTCUTS):
        return text  # no tag, comment or autolink, no link target or reference definition: nothing to clean
    if "``" not in text and "~~" not in text and "\n    " not in text and "\n\t" not in text and not text.startswith(
            ("    ", "\t")):
        return _clean_block(text)  # no line can open a fence or indented code: the text is one block outside code
    return _clean_lines(text)


def _clean_lines(text: str) -> str:
    """clean_markdown line by line: fenced and indented code kept, each run of other lines cleaned as one block."""
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.append(_clean_block("\n".join(prose)))
            prose.clear()

    lines = text.split("\n")
    scanned = list(scan_lines(lines))  # one scan for both
    indented = indented_code(lines, scanned)
    for n, (line, fence, _) in enumerate(scanned):
        if fence is None and n not in indented:
            prose.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


# What clean_markdown writes in place of what it does not pass: a tag start as text, a link target as "#".
_CLEANED = re.compile(r"&lt;|\]\(\s*<?#|^\s{0,3}\[[^\]]+\]:\s*<?#", re.M)


def kept_as_written(hub: str, new: str) -> str:
    """``new`` (a card about to replace ``hub``, the Hub's copy of it) with each line that is what
    :func:`clean_markdown` makes of the line of ``hub`` standing in its place written as ``hub`` has it: the HTML and
    link targets of a person's card stay theirs, byte for byte (the spaces that end the line too), when the card is
    adopted and on every publish after (lines matched in order, then a line so passed over to the one line left of
    ``new`` that is what the policy makes of it); only what ``new`` adds is held to the policy (nothing publishing
    writes is less safe than what the Hub held there). ``new`` itself when no line is so (the same object)."""
    if not _CLEANED.search(new):
        return new
    cleaned = clean_markdown(hub)
    olds = hub.split("\n")
    theirs = cleaned.split("\n")  # line for line: the policy changes no newline
    if cleaned == hub or len(theirs) != len(olds):
        return new
    import difflib  # here: render and validate do not need it (test_api)

    lines = new.split("\n")
    # lines compared without the spaces they end with, which a card's import may not keep
    matcher = difflib.SequenceMatcher(None, [line.rstrip() for line in theirs], [line.rstrip() for line in lines],
                                      autojunk=False)
    at: dict[int, int] = {}  # a line of hub the policy changes -> the line of new standing in its place
    for i, j, n in matcher.get_matching_blocks():
        at.update((i + k, j + k) for k in range(n) if theirs[i + k] != olds[i + k])
    # a line the matching in order passed over (a blank line of two the import wrote as one was matched past it),
    # when what the policy makes of it stands once among the lines left of each
    left = [i for i, line in enumerate(theirs) if line != olds[i] and i not in at]
    if left:
        taken = set(at.values())
        free = Counter(line.rstrip() for j, line in enumerate(lines) if j not in taken)
        once = Counter(theirs[i].rstrip() for i in left)
        for i in left:
            text = theirs[i].rstrip()
            if once[text] == 1 and free[text] == 1:
                at[i] = next(j for j, line in enumerate(lines) if j not in taken and line.rstrip() == text)
    if not at:
        return new
    for i, j in at.items():
        lines[j] = olds[i]
    return "\n".join(lines)


# A tag start written as text: how clean_markdown writes a tag it does not pass.
_WRITTEN_AS_TEXT = re.compile(r"&lt;(/?[A-Za-z][A-Za-z0-9-]*|!)?")


def escaped_html(text: str) -> list[str]:
    """What :func:`clean_markdown` changes in ``text`` that the Hub shows otherwise, in order, each once: the tags
    CommonMark reads as HTML that it writes as text (``<iframe``, ``</svg``, ``<mask``), or, when all it changes is
    targets it makes inert, "the link target <target>" of each (jphme/em_german_leo_mistral's typo
    ``hhttps://huggingface.co/...``, written as ``#``: said, the author can mend it; a tag-like text CommonMark shows as
    text looks the same escaped)."""
    cleaned = clean_markdown(text)
    if cleaned == text:
        return []
    already = Counter((m.group(1) or "").lower() for m in _WRITTEN_AS_TEXT.finditer(text))
    found: list[str] = []
    for match in _WRITTEN_AS_TEXT.finditer(cleaned):
        name = (match.group(1) or "").lower()
        if already[name]:
            already[name] -= 1
        elif "<" + name not in found:
            found.append("<" + name)
    if found:
        # only what CommonMark reads as HTML: skops' `<class 'numpy.float64'>` cells (an attribute name cannot start
        # with a quote) are text on the Hub, and shown the same escaped
        raw = _raw_html(text)
        found = [tag for tag in found if re.search(re.escape(tag) + (r"(?![A-Za-z0-9-])" if tag[-1].isalnum() else ""),
                                                   raw, re.I)]
    if found:
        return found
    if cleaned.replace("&lt;", "<") == text.replace("&lt;", "<"):
        return []
    targets = [m.group(2) for m in (*_link_targets(text), *_REF_DEF.finditer(text)) if not _safe_target(m.group(2))]
    return [f"the link target {target}" for target in dict.fromkeys(targets)] or ["a link target"]


def _raw_html(text: str) -> str:
    """The HTML blocks and inline HTML that markdown-it-py (CommonMark with tables, as the Hub reads a card) passes
    through in ``text``, one a line."""
    from generator.markdown.tables import commonmark

    raw = []
    tokens = commonmark().parse(text)
    while tokens:  # an inline token holds the inline HTML of its line
        token = tokens.pop()
        if token.type in ("html_block", "html_inline"):
            raw.append(token.content)
        if token.type != "image":  # alt text is text: `![<concept> 0](...)` shows `<concept> 0`, escaped or not
            tokens += token.children or []
    return "\n".join(raw)
