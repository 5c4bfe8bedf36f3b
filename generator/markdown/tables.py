"""GFM pipe tables in a markdown body, read back as plain-text cells.

Only runs of table lines outside fenced code are read: the prose around them cannot
change how a pipe table parses. A run goes through :func:`scan_run`, a small scanner that
follows markdown-it-py's table rule line for line; a run it cannot vouch for (indented
lines, carriage returns, NULs, whitespace other than spaces and tabs, an over-long table
of short rows) goes through markdown-it-py itself. Cells without markup (most numbers)
skip the inline parser; cells with markup go through markdown-it-py's.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Optional

from generator.frozen import dataclass
from generator.io.data import lazy_pattern
from generator.markdown.escapes import BACKSLASH_ESCAPE
from generator.markdown.fences import Fence, closes, opening


@dataclass(frozen=True)
class ParsedTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int  # 1-based line in the body


def _plain(token: Any) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


@functools.lru_cache(maxsize=1)
def commonmark() -> Any:
    """markdown-it-py as the Hub reads a card: CommonMark (raw HTML on) with GFM tables."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@functools.lru_cache(maxsize=1)
def _table_parser() -> Any:
    """The table parser without inline parsing: cells come back as their raw markdown."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable("inline")
    return md


# An underscore between two letters or digits (bench_task_1) cannot open or close emphasis.
_MARKUP = re.compile(r"[\\`*\[\]<>&!~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


# The shapes the generator writes in table cells, read without the inline parser when what they
# wrap has no markup: **bold**, *italic*, [label](https://url), and backslash escapes.
_WRAPPED = re.compile(r"^(\*\*?)([^*\s](?:[^*]*[^*\s])?)\1$")
_LINK = re.compile(r"^\[([^\[\]]+)\]\(https?://[^\s()<>\[\]\\`]*\)$")


def _quick_text(raw: str) -> Optional[str]:
    """What markdown-it-py's inline parser reads from ``raw`` when it is one of the simple shapes
    above; None for anything else."""
    if not _MARKUP.search(raw):
        return " ".join(raw.split())
    match = _WRAPPED.match(raw) or _LINK.match(raw)
    if match is not None:
        inner = match.group(match.lastindex or 1)
        if not _MARKUP.search(inner):
            return " ".join(inner.split())
        return _quick_text(inner) if match.re is _WRAPPED and _LINK.match(inner) else None
    if "\\" in raw and not _MARKUP.search(BACKSLASH_ESCAPE.sub(".", raw)):  # escapes read as a punctuation mark
        return " ".join(BACKSLASH_ESCAPE.sub(r"\1", raw).split())
    return None


def parsed_cell_text(raw: str) -> str:
    """Plain text of a cell's markdown through markdown-it-py's inline parser."""
    tokens = commonmark().parseInline(raw)
    return _plain(tokens[0]) if tokens else raw


# A number as the generator shows it, plain or bold: no markup, no blank, so its text is itself. What
# ``\*\*([-+.0-9eE]+)\*\*|([-+.0-9eE]+)`` matches whole, told by str.strip (a fourth of a match by re a cell).
_NUMBER_CHARS = "-+.0123456789eE"


def cell_text(raw: str) -> str:
    """Plain text of a cell's markdown; cells without markup (most numbers) or in the simple shapes
    the generator writes skip the inline parser."""
    # most cells of a large card, each its own text: not memoised
    if raw and not raw.strip(_NUMBER_CHARS):
        return raw
    if raw[:2] == "**" and raw[-2:] == "**" and len(raw) > 4 and not raw[2:-2].strip(_NUMBER_CHARS):
        return raw[2:-2]
    return _cell_text(raw)


@functools.lru_cache(maxsize=4096)
def _cell_text(raw: str) -> str:
    quick = _quick_text(raw)
    return quick if quick is not None else parsed_cell_text(raw)


def table_runs(body: str) -> list[tuple[int, list[str]]]:
    """(first line index, lines) of each run of two or more table-like lines outside fenced code."""
    lines = body.split("\n")
    # Only a line whose first non-blank character is a pipe, a backtick or a tilde can be a table
    # line or open or close a fence: the fence state is followed over those lines alone.
    # (most lines start with their first character: lstrip only the few that start with a blank)
    marked = [i for i, line in enumerate(lines)
              if line and (line[0] in "|`~" or line[0].isspace() and line.lstrip()[:1] in ("|", "`", "~"))]
    runs: list[tuple[int, list[str]]] = []
    previous = -2
    fence: Optional[Fence] = None
    for i in marked:
        line = lines[i]
        if fence is not None:
            if closes(line, fence):
                fence = None
            continue
        if line[0] != "|":  # a line starting with a pipe opens no fence (most of the marked lines: table rows)
            fence = opening(line)
        if fence is None and line.lstrip().startswith("|"):
            if previous == i - 1:
                runs[-1][1].append(line)
            else:
                runs.append((i, [line]))
            previous = i
    return [(start, run) for start, run in runs if len(run) >= 2]


@functools.lru_cache(maxsize=8)
def _parse_body_tables(body: str) -> tuple[ParsedTable, ...]:
    tables: list[ParsedTable] = []
    for start, lines in table_runs(body):
        tables += read_run(lines, start)
    return tuple(tables)


def read_run(lines: list[str], start: int = 0) -> list[ParsedTable]:
    """The tables in a run of table lines (see :func:`table_runs`) that starts at line index ``start``."""
    scanned = scan_run(lines)
    tables = scanned if scanned is not None else parse_run("\n".join(lines))
    return [ParsedTable(t.header, t.rows, t.line + start) for t in tables] if start else tables


def parse_tables(body: str) -> list[ParsedTable]:
    """Every markdown (GFM) table in the body, cells as plain text."""
    return list(_parse_body_tables(body))


# ---------------------------------------------------------------------------- the scanner

# Characters on which markdown-it-py's line handling or trimming differs from a plain split
# on "\n" and strip(" \t") (or differed between its versions): such runs take the full parser.
_NEEDS_PARSER = lazy_pattern("[\r\0\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")
_DELIMITER_CELL = lazy_pattern(r"^:?-+:?$")
_DELIMITER_CHARS = frozenset("|-: \t")
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it-py stops a table there; the scanner hands such runs over


def _split_row(text: str) -> list[str]:
    """markdown-it-py's escapedSplit: cells at unescaped pipes, ``\\|`` kept as ``|``; the empty
    cells before a leading and after a trailing pipe dropped."""
    if "\\" not in text:
        cells = text.split("|")
    else:
        cells = []
        current = ""
        last = 0
        escaped = False
        for pos, ch in enumerate(text):
            if ch == "|":
                if escaped:
                    current += text[last:pos - 1]
                    last = pos
                else:
                    cells.append(current + text[last:pos])
                    current = ""
                    last = pos + 1
            escaped = ch == "\\"
        cells.append(current + text[last:])
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _delimiter_columns(line: str) -> int:
    """How many columns a delimiter row (``| --- | ---: |``) declares; 0 when ``line`` is not one."""
    if len(line) < 2 or line[0] not in "|-:" or line[1] not in "|-: \t" or (line[0] == "-" and line[1] in " \t"):
        return 0
    if not _DELIMITER_CHARS.issuperset(line):
        return 0
    parts = line.split("|")
    count = 0
    for i, part in enumerate(parts):
        cell = part.strip(" \t")
        if not cell:
            if i == 0 or i == len(parts) - 1:
                continue
            return 0
        if not _DELIMITER_CELL.match(cell):
            return 0
        count += 1
    return count


def scan_run(lines: list[str]) -> Optional[list[ParsedTable]]:
    """The tables in a run of lines that each start with ``|``, as markdown-it-py reads the run
    on its own (a paragraph until a header and delimiter row start a table, which then takes
    every following line); None when the run needs the full parser."""
    for line in lines:
        if not line.startswith("|") or _NEEDS_PARSER.search(line):
            return None
    for i in range(len(lines) - 1):
        columns = _delimiter_columns(lines[i + 1])
        if not columns:
            continue
        header = _split_row(lines[i].strip(" \t"))
        if len(header) != columns:
            continue
        rows = []
        autocompleted = 0
        for line in lines[i + 2:]:
            cells = _split_row(line.strip(" \t"))
            autocompleted += columns - len(cells)
            if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
                return None
            if len(cells) < columns:
                cells += [""] * (columns - len(cells))
            rows.append(tuple(cell_text(c.strip(" \t")) for c in cells[:columns]))
        return [ParsedTable(tuple(cell_text(h.strip(" \t")) for h in header), tuple(rows), i + 1)]
    return []


def parse_run(text: str) -> list[ParsedTable]:
    """The tables in ``text`` as markdown-it-py reads them (lines 1-based within ``text``)."""
    tokens = _table_parser().parse(text)
    tables: list[ParsedTable] = []
    header: list[str] = []
    rows: list[list[str]] = []
    current: Optional[list[str]] = None
    in_head = False
    line = 0
    for tok in tokens:
        if tok.type == "table_open":
            header, rows, line = [], [], (tok.map[0] + 1 if tok.map else 0)
        elif tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
        elif tok.type == "inline" and current is not None:
            current.append(cell_text(tok.content))
        elif tok.type == "tr_close" and current is not None:
            if in_head:
                header = current
            else:
                rows.append(current)
            current = None
        elif tok.type == "table_close":
            tables.append(ParsedTable(tuple(header), tuple(tuple(r) for r in rows), line))
    return tables
