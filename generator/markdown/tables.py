"""GFM pipe tables in a markdown body, read back as plain-text cells.

Only runs of table lines outside fenced code go through markdown-it-py: the prose
around them cannot change how a pipe table parses. Cells without markup (most
numbers) skip the inline parser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Optional

from generator.markdown.fences import code_lines


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
def _markdown() -> Any:
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


@functools.lru_cache(maxsize=4096)
def cell_text(raw: str) -> str:
    """Plain text of a cell's markdown; cells without markup (most numbers) skip the inline parser."""
    if not _MARKUP.search(raw):
        return " ".join(raw.split())
    tokens = _markdown().parseInline(raw)
    return _plain(tokens[0]) if tokens else raw


def _table_runs(body: str) -> list[tuple[int, str]]:
    """(first line index, text) of each run of table-like lines outside fenced code."""
    runs: list[tuple[int, list[str]]] = []
    previous = -2
    for i, (line, fence) in enumerate(code_lines(body.split("\n"))):
        if fence is None and line.strip().startswith("|"):
            if previous == i - 1:
                runs[-1][1].append(line)
            else:
                runs.append((i, [line]))
            previous = i
    return [(start, "\n".join(lines)) for start, lines in runs if len(lines) >= 2]


@functools.lru_cache(maxsize=8)
def _parse_body_tables(body: str) -> tuple[ParsedTable, ...]:
    tables: list[ParsedTable] = []
    for start, text in _table_runs(body):
        for table in _parse_tables(text):
            tables.append(ParsedTable(table.header, table.rows, table.line + start))
    return tuple(tables)


def parse_tables(body: str) -> list[ParsedTable]:
    """Every markdown (GFM) table in the body, cells as plain text.

    Only runs of table lines go through the markdown parser: the prose around them
    cannot change how a pipe table parses, and skipping it keeps the check fast.
    """
    return list(_parse_body_tables(body))


def _parse_tables(body: str) -> list[ParsedTable]:
    tokens = _table_parser().parse(body)
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
