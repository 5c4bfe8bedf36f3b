"""Recover the frontmatter of a model card damaged by scraping.

Scraped copies of Hub cards lose their YAML structure in three ways seen in the
wild (and in this project's seed cards): every line wrapped in ``|`` table pipes,
indentation stripped, or the whole card flattened onto one line. The keys of card
metadata and of model-index nest in a fixed way, so the structure can be rebuilt
from the key sequence alone. This runs only when a card's frontmatter does not
parse; the result is reported as a repair. ``card_parts`` is the card importer's way to a card's metadata and body
however its block is broken (this repair among the others).
"""

from __future__ import annotations

import re
from typing import Any, Optional

import yaml

from generator.errors import CardError, InputError, Problem
from generator.markdown.frontmatter import split_card, text_key_warnings, unclosed_under_comments
from generator.markdown.headings import atx_heading
from generator.records.model import CONSUMED_KEYS, GENERATED_KEYS
from generator.sources.common import Ingested

# Nesting of model-index: map name -> {key: child kind}; "scalar", "list:<map>", "map:<map>", "any" (free map)
GRAMMAR: dict[str, dict[str, str]] = {
    "entry": {"name": "scalar", "results": "list:result"},
    "result": {"task": "map:task", "dataset": "map:dataset", "metrics": "list:metric", "source": "map:source"},
    "task": {"type": "scalar", "name": "scalar"},
    "dataset": {"name": "scalar", "type": "scalar", "config": "scalar", "split": "scalar", "revision": "scalar",
                "args": "map:any"},
    "metric": {"type": "scalar", "value": "scalar", "name": "scalar", "config": "scalar", "args": "map:any",
               "verified": "scalar", "verifyToken": "scalar"},
    "source": {"url": "scalar", "name": "scalar"},
}
KEY = re.compile(r"^([A-Za-z_][\w.-]*):(?:\s+(.*))?$")
TOKEN_SPLIT = re.compile(r"(?<!-)\s+(?=[A-Za-z_][\w-]*:(?:\s|$))|\s+(?=-\s)")


def _unwrap_pipes(text: str) -> str:
    lines = text.splitlines()
    piped = sum(1 for line in lines if line.strip() == "|" or line.rstrip().endswith(" |"))
    if piped < len(lines) * 0.6:
        return text
    out = []
    for line in lines:
        if line.strip() == "|":
            continue
        out.append(re.sub(r"\s*\|\s*$", "", line))
    return "\n".join(out)


def _scalar(text: str) -> Any:
    text = text.strip()
    if text in ("", "~"):
        return None
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):  # (a value of 30,000 `[`: PyYAML's parser recurses a level each)
        return text


class _Tokens:
    """(is_item, key or None, value text) per logical line."""

    def __init__(self, lines: list[str]):
        self.items: list[tuple[bool, Optional[str], str]] = []
        pending_fold = False
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if pending_fold and self.items:
                item, key, _ = self.items[-1]
                self.items[-1] = (item, key, line)
                pending_fold = False
                continue
            item = line.startswith("- ") or line == "-"
            rest = line[2:].strip() if item else line
            match = KEY.match(rest)
            if match:
                value = match.group(2) or ""
                if value in (">-", ">", "|", "|-"):
                    pending_fold, value = True, ""
                self.items.append((item, match.group(1), value))
            else:
                self.items.append((item, None, rest))
        self.pos = 0

    def peek(self) -> Optional[tuple[bool, Optional[str], str]]:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def next(self) -> tuple[bool, Optional[str], str]:
        self.pos += 1
        return self.items[self.pos - 1]


def _parse_map(tokens: _Tokens, kind: str, ancestors: list[set[str]], first: Optional[tuple] = None) -> dict:
    keys = GRAMMAR.get(kind)
    out: dict[str, Any] = {}
    pending = [first] if first else []
    while True:
        tok = pending.pop() if pending else tokens.peek()
        if tok is None:
            return out
        item, key, value = tok
        if key is None or key in out or (item and out):
            return out  # a scalar, a repeated key or a new list item ends this mapping
        if keys is not None and key not in keys:
            return out
        if keys is None and any(key in a for a in ancestors):
            return out  # a free map (args) ends at a key its parents know
        if tok is not first:
            tokens.next()
        first = None
        child = keys.get(key, "scalar") if keys is not None else "scalar"
        out[key] = _parse_value(tokens, child, value, ancestors + [set(keys or ())])


def _parse_value(tokens: _Tokens, child: str, value: str, ancestors: list[set[str]]) -> Any:
    if child == "scalar" or value:
        return _scalar(value)
    kind, _, name = child.partition(":")
    if kind == "map":
        return _parse_map(tokens, name, ancestors)
    items: list[Any] = []
    while True:
        tok = tokens.peek()
        if tok is None or not tok[0]:
            return items
        if tok[1] is not None and name in GRAMMAR and tok[1] not in GRAMMAR[name]:
            return items  # an item of an outer list
        tokens.next()
        if tok[1] is None:
            items.append(_scalar(tok[2]))
        else:
            items.append(_parse_map(tokens, name, ancestors, first=tok))


def _parse_root(tokens: _Tokens) -> dict[str, Any]:
    out: dict[str, Any] = {}
    while tokens.peek() is not None:
        item, key, value = tokens.next()
        if key is None or item:
            continue
        if key == "model-index":
            out[key] = _parse_value(tokens, "list:entry", value, [set()])
        elif value:
            out[key] = _scalar(value)
        else:
            values = []
            while (ahead := tokens.peek()) is not None and ahead[0] and ahead[1] is None:
                values.append(_scalar(tokens.next()[2]))
            out[key] = values if values else None
    return out


def _looks_like_yaml(line: str) -> bool:
    line = line.strip()
    return bool(KEY.match(line) or line.startswith("- ") or re.match(r"^https?://\S+$", line))


def repair_card(text: str) -> Optional[tuple[dict[str, Any], str]]:
    """(metadata, body) recovered from a scraped card, or None when nothing looks like metadata."""
    text = _unwrap_pipes(text.lstrip("\ufeff"))
    lines = text.splitlines()
    if len(lines) <= 2 and lines and lines[0].lstrip().startswith("---"):  # flattened onto one line
        flat = lines[0].strip()[3:]
        end = flat.find(" --- ")
        if end < 0:
            return None
        head, body = flat[:end], flat[end + 5:]
        meta = _parse_root(_Tokens(TOKEN_SPLIT.split(head.strip())))
        return (meta, body) if meta else None
    start = 0
    marked = False  # the block's `---` or the `metadata` line a scrape leaves above it
    while start < len(lines) and (not lines[start].strip() or lines[start].strip() in ("---", "metadata")):
        marked = marked or bool(lines[start].strip())
        start += 1
    end = start
    while end < len(lines) and _looks_like_yaml(lines[end]):
        end += 1
    if end == start:
        return None
    meta = _parse_root(_Tokens(lines[start:end]))
    if not marked and not GENERATED_KEYS & set(meta):
        return None  # no marker, no card key: a first line such as `TinyBERT: Distilling BERT for ...` is text
    rest = lines[end:]
    if rest and rest[0].strip() == "---":
        rest = rest[1:]
    return (meta, "\n".join(rest)) if meta else None


# ---------------------------------------------------------------------------- frontmatter the Hub does not read

# A metadata block the Hub's expression misses: spaces after the opening ---, an opening -- (a dash short: mrm8488's
# t5-base-finetuned-emotion card of 2020), or YAML's own end marker (...).
LENIENT_BLOCK = re.compile(r"^(\s*---?[ \t]*(?:\r\n|\r|\n))(?:([\S\s]*?)(?:\r\n|\r|\n))?(---|\.\.\.)[ \t]*(\r\n|\r|\n|$)")
LINE_END = re.compile(r"\r\n|\r|\n")
DUPLICATE = re.compile(r"^duplicate key '(.+)' ")
LINE_COLUMN = re.compile(r"^line (\d+), column (\d+)$")
MAX_FIXES = 50


def _drop_duplicate(lines: list[str], key: str, line: int, column: int) -> Optional[str]:
    """Remove from ``lines`` one of two ``key`` entries of one mapping (the later one is at ``line``, 0-based, and
    ``column``): the earlier, as PyYAML and so huggingface_hub keep the last, unless it opens a list item; which one
    was kept ("last", "first"), or None when the earlier cannot be found."""
    indent = column - 1
    start = kept = None
    for i in range(line - 1, -1, -1):
        text = lines[i]
        stripped = text.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        depth = len(text) - len(stripped)
        item = re.match(r"-\s+", stripped)
        if item and depth + item.end() == indent and re.match(re.escape(key) + r"\s*:", stripped[item.end():]):
            start, kept = line, "first"  # the earlier one shares its line with the item's dash: drop the later
            break
        if depth == indent and re.match(re.escape(key) + r"\s*:", stripped):
            start, kept = i, "last"
            break
        if depth < indent:
            return None
    if start is None:
        return None
    end = start + 1
    while end < len(lines):
        stripped = lines[end].lstrip(" ")
        depth = len(lines[end]) - len(stripped)
        if stripped.strip() and depth <= indent and not (depth == indent and stripped.startswith("- ")):
            break
        end += 1
    del lines[start:end]
    return kept


# What the Hub does with a card whose first line is `--` over a block of card keys (lenient_frontmatter reads it)
SHORT_OPENER = ("is --, a dash short of the --- that opens a metadata block, so the Hub reads no metadata from this "
                "card and shows these lines as text")


def short_opener(text: str, name: str) -> Optional[Problem]:
    """The warning for a card that opens with `--` (a dash short of `---`) over a block of card keys, as
    lenient_frontmatter reads it (mrm8488's 2020 cards in transformers' model_cards/); None for any other card."""
    lenient = lenient_frontmatter(text, name)
    line = next((where for where, _, code in lenient[2] if code == "short-opener"), None) if lenient else None
    if line is None:
        return None
    return Problem(name, line, SHORT_OPENER + " (it accepts the card)", f"write --- on {line}, so the block is "
                   "the card's metadata", severity="warning", code="short-opener")


def lenient_frontmatter(text: str, name: str) -> Optional[tuple[dict[str, Any], str, list[tuple[str, str, str]]]]:
    """(metadata, body, notes) of a card whose metadata block the strict reader refused but a person can read:
    spaces after the opening ---, ``...`` as its end, duplicate keys (the last is kept), tabs as indentation
    (read as two spaces each). Each note is (where, what, code); None when the block is still unreadable."""
    from generator.io.yamlio import parse_yaml

    text = text.lstrip("\ufeff")
    match = LENIENT_BLOCK.match(text)
    if not match:
        return None
    notes: list[tuple[str, str, str]] = []
    # the opener's line: blank lines may come before it (the block's \s*), as huggingface_hub reads a block
    opener = f"line {len(LINE_END.findall(match.group(1)[:match.group(1).index('-')])) + 1}"
    if "---" not in match.group(1):
        notes.append((opener, SHORT_OPENER + "; read as the metadata block", "short-opener"))
    if match.group(1).rstrip("\r\n").rstrip() != match.group(1).rstrip("\r\n"):
        notes.append((opener, "has spaces after ---, so the Hub reads no metadata from this card; read as the "
                      "metadata block", "opener-spaces"))
    if match.group(3) == "---" and match.group(4) == "\r":
        # `---\r\r\n` (line ends doubled by a Windows tool): the Hub's expression ends the block only at \r\n or \n
        notes.append(("frontmatter", "ends with a --- line followed by a lone carriage return (\\r), which the Hub "
                      "does not read as the end of the metadata, so it reads none; read as the metadata block",
                      "unclosed-frontmatter"))
    if match.group(3) == "...":
        notes.append(("frontmatter", "ends with `...`, which the Hub does not read as the end of the metadata, so "
                      "it reads none; read as the metadata block", "dots-end-marker"))
    first = match.group(1).count("\n") + 1
    lines = (match.group(2) or "").splitlines()
    if any(line.startswith("\t") for line in lines):
        lines = [re.sub(r"^\t+", lambda m: "  " * len(m.group(0)), line) for line in lines]
        notes.append(("frontmatter", "is indented with tabs, which YAML and the Hub refuse; each tab read as two "
                      "spaces", "tab-indent"))
    for _ in range(MAX_FIXES):
        try:
            meta = parse_yaml("\n".join(lines), name, first_line=first, finite=False)
        except InputError as exc:
            problem = exc.problems[0]
            where, key = LINE_COLUMN.match(problem.path), DUPLICATE.match(problem.message)
            if problem.code != "duplicate-key" or not where or not key:
                return None
            if not notes or notes[-1][2] != "duplicate-key":
                # each repair reads the block again: a block of thousands of repeats is given up after one more
                # reading, not MAX_FIXES (a fuzzed card repeating `license: mit` 20,000 times took 15 s)
                repeats: list = []
                try:
                    parse_yaml("\n".join(lines), name, first_line=first, finite=False, duplicates=repeats)
                except InputError:
                    pass  # another problem besides: the repairs go on as before
                if len(repeats) > MAX_FIXES:
                    return None
            kept = _drop_duplicate(lines, key.group(1), int(where.group(1)) - first, int(where.group(2)))
            if kept is None:
                return None
            notes.append((problem.path, f"repeats the key {key.group(1)!r}, which the Hub refuses; the {kept} one "
                          "is kept" + (", as huggingface_hub reads it" if kept == "last" else ""), "duplicate-key"))
            continue
        if meta is None:
            meta = {}
        if not isinstance(meta, dict) or notes and notes[0][2] == "short-opener" and not _card_keys(meta):
            return None  # (after a -- line, text that reads as a mapping of other keys is text: `Note: beta`)
        return meta, text[match.end():], notes
    return None


# A `---` line: the opener (and closer) of a metadata block
_RULE = re.compile(r"^---[ \t]*$")
# Card metadata keys besides those the generator writes or reads into others: a block of them is a card's metadata
_CARD_KEYS = GENERATED_KEYS | CONSUMED_KEYS | {"metrics", "widget", "inference", "thumbnail", "co2_eq_emissions",
                                               "model_type", "new_version", "pretty_name"}
# At most so many lines of text above a block still read as the card's metadata: a note put on top of the card
MAX_PREAMBLE_LINES = 5


def displaced_frontmatter(text: str, name: str) -> Optional[tuple[dict[str, Any], str, int]]:
    """(metadata, body, line) of a card whose metadata block follows a short preamble (a note a person put on top of
    a card a tool wrote): a ``---`` block opening within its first MAX_PREAMBLE_LINES lines of text (no code fence
    among them, no heading but a first line's) that reads as a mapping of card keys (one the generator writes, most
    of them known). The body is the preamble followed by the text after the block; ``line`` is the block's opening
    line. The Hub reads no metadata from such a block; None for any other card."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    opener, shown = None, 0
    for number, line in enumerate(lines[:MAX_PREAMBLE_LINES * 4]):
        if _RULE.match(line.rstrip("\r")):
            opener = number
            break
        if line.lstrip().startswith(("```", "~~~")) or shown and atx_heading(line) is not None:
            return None  # a code block, or a heading below text: the card's text has begun (a title may lead)
        shown += bool(line.strip())
        if shown > MAX_PREAMBLE_LINES:
            return None
    if opener is None or not shown:
        return None
    start = sum(len(line) + 1 for line in lines[:opener])
    try:
        meta, rest = split_card(text[start:], name)
    except CardError:
        return None
    return (meta, text[:start] + rest, opener + 1) if meta is not None and _card_keys(meta) else None


def _card_keys(meta: dict[str, Any]) -> bool:
    """Whether ``meta`` reads as a card's metadata: one key the generator writes, most of them known card keys."""
    if not meta or not all(isinstance(key, str) for key in meta):
        return False
    known = sum(key in _CARD_KEYS for key in meta)
    return any(key in GENERATED_KEYS for key in meta) and known * 2 >= len(meta)


def is_card_metadata(data: Any) -> bool:
    """Whether ``data``, a whole file's YAML, is a card's metadata without the ``---`` lines around it: a mapping of
    card keys (_card_keys) that holds a model-index, or card keys only."""
    return isinstance(data, dict) and _card_keys(data) and (
        "model-index" in data or all(key in _CARD_KEYS for key in data))


def bare_metadata(text: str, name: str) -> Optional[dict[str, Any]]:
    """The metadata of a file whose whole text is a card's metadata, written without its ``---`` lines
    (BigScience's conversion/json_to_markdown.py writes BLOOM's model-index so, to mdmeta.txt); None for another."""
    from generator.io.yamlio import parse_yaml

    try:
        data = parse_yaml(text.lstrip("\ufeff"), name, finite=False)
    except InputError:
        return None
    return data if is_card_metadata(data) else None


def displaced_parts(text: str, name: str, result: Ingested, where: str = "") -> Optional[tuple[dict[str, Any], str]]:
    """(metadata, body) of a card whose metadata block follows a short preamble (displaced_frontmatter), with its
    warning on ``result`` (``where``: the card's name, for a result that holds more than the card); None for any
    other card."""
    displaced = displaced_frontmatter(text, name)
    if displaced is None:
        return None
    meta, body, line = displaced
    result.warn(f"{where} line {line}".lstrip(), "opens a metadata block below text: the Hub reads no metadata from "
                "a block that does not start the file; read as the card's metadata", "nothing to do: publishing "
                "writes it at the top of the card", code="frontmatter-not-at-top")
    return meta, body


def stacked_parts(meta: dict[str, Any], body: str, name: str, result: Ingested, where: str = "") -> tuple[
        dict[str, Any], str]:
    """(metadata, body) of a card whose metadata block is followed at once by another (ZhuangShiHao1207/
    Qwen7b_alpaca_LoRA: `license: apache-2.0` put in a block of its own on top of TRL's): the second read as metadata
    too, ``meta``'s keys winning (the first block is the one the Hub reads; it shows the second as text), with a
    warning on ``result`` (``where``: the card's name); the card's parts unchanged for any other card."""
    blank = len(body) - len(body.lstrip("\n"))
    if not _RULE.match(body[blank:].split("\n", 1)[0].rstrip("\r")):
        return meta, body
    try:
        second, rest = split_card(body[blank:], name)
    except CardError:
        return meta, body
    if not second or not all(isinstance(key, str) for key in second) or not any(key in GENERATED_KEYS for key in second) \
            or sum(key in _CARD_KEYS for key in second) * 2 < len(second):
        return meta, body
    result.warn(f"{where} frontmatter".lstrip(), "is followed by a second metadata block: the Hub reads only the "
                "first and shows the second as text; read as the card's metadata too, the first block's keys winning",
                "merge the two blocks into one at the top of the card (publishing writes one)", code="stacked-frontmatter")
    return {**second, **meta}, rest


def card_parts(text: str, name: str, result: Ingested) -> tuple[dict[str, Any], str]:
    """(metadata, body) of a card's ``text`` as the card importer reads them, however its metadata block is broken:
    NaN metrics read as the importer leaves them out, a block the Hub reads leniently read so, one never closed read
    as the Hub shows it (text, no metadata), a damaged one rebuilt (repair_card), none at all an empty one; each with
    a warning on ``result``. Raises the CardError of a block nothing can read."""
    broken: Optional[CardError] = None
    keys: list = []  # a key that is no string (`0:`): read as text, as the Hub reads it, with a warning
    try:
        meta, body = split_card(text, name, text_keys=keys)
    except CardError as exc:
        meta, body, broken = None, text, exc
        # only NaN or infinities: the importer leaves such metrics out with a warning of its own
        if all(p.code == "not-finite" for p in exc.problems):
            meta, body = split_card(text, name, finite=False, text_keys=keys)
    for problem in text_key_warnings(keys, name) if meta is not None else ():
        result.warn(problem.path, problem.message, problem.fix, code=problem.code)
    if meta is not None:
        meta, body = stacked_parts(meta, body, name, result)
    displaced = displaced_parts(text, name, result) if meta is None and broken is None else None
    if displaced is not None:
        meta, body = displaced
    lenient = lenient_frontmatter(text, name) if meta is None else None
    if lenient is not None:
        meta, body, notes = lenient
        for where, what, code in notes:
            result.warn(where, what, "nothing to do: the card is rendered with a metadata block the Hub reads",
                        code=code)
    # (so is a card rendered from such a one, its header marker above that ---: the same problem)
    unclosed = unclosed_under_comments(text, name) if meta is None and broken is None else None
    if meta is None and (unclosed or broken is not None and {p.code for p in broken.problems} == {"unclosed-frontmatter"}):
        # the Hub's expression finds no metadata block: it shows the card from its first line on as markdown
        # (the --- a thematic break, the lines after it text); so is the card imported
        meta, body, broken = {}, text.lstrip("\ufeff"), None
        result.warn(unclosed.path if unclosed else "line 1", "opens a metadata block (---) that is never closed, so the "
                    "Hub reads no metadata and shows these lines as text; imported as text, with no metadata",
                    "close the block with a line holding only --- if it is metadata, then import the card again",
                    code="unclosed-frontmatter")
    if broken is not None and any(p.code in ("alias-expansion", "too-large") for p in broken.problems):
        # whole YAML whose aliases multiply the data (past the alias count, or past the values a file may expand to:
        # nine anchors of nine aliases each, cards53's bomb): no repair should read it as flattened text
        raise broken
    bare = bare_metadata(text, name) if meta is None and broken is None else None
    if bare is not None:
        meta, body = bare, ""
        result.warn("", "holds a card's metadata alone, without the --- lines that open and close it, and no text: "
                    "read as the card's metadata", "nothing to do: the card is rendered with its metadata between --- "
                    "lines; to keep the card's text, pass the card (README.md) instead", code="bare-frontmatter")
    if meta is None:
        recovered = repair_card(text)
        if recovered is not None:
            meta, body = recovered
            result.warn("frontmatter", "was damaged (flattened, unindented or wrapped in pipes) and has been rebuilt",
                        "check the imported records against the card", code="repaired-frontmatter")
        elif broken is not None:
            raise broken
        else:  # older cards: the body is all there is
            meta, body = {}, text.lstrip("\ufeff")
            # (no repo id: the ingest's no-repo-id warning asks for --repo-id when no source names one; said here
            # too, it was asked for where --repo-id was given or the card's text names the repo)
            result.warn("", "has no YAML frontmatter: its body is imported and its metadata left empty",
                        "add license, tags and the rest to model in the records", code="no-frontmatter")
    return meta, body
