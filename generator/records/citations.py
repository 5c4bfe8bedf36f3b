"""BibTeX citations, parsed and validated with bibtexparser, deduplicated by key.

Entries are kept as their authors wrote them (the raw text of each entry) so a
card cites exactly what the records say; parsing is there to reject malformed
BibTeX with a clear message and to find duplicates.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from generator.errors import CitationError, Problem
from generator.records.model import Citation, CitationEntry

Locate = Callable[[list], "tuple[str, str]"]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def _parse(text: str) -> tuple[Any, list[str]]:
    import bibtexparser  # imported here: only records with citations pay for it

    logger = logging.getLogger("bibtexparser")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
    return library, handler.messages


def _normal(entry: Any) -> tuple:
    return (entry.entry_type.lower(), tuple(sorted((f.key.lower(), " ".join(str(f.value).split())) for f in entry.fields)))


def parse_citations(items: list[dict], locate: Locate) -> tuple[Citation, ...]:
    """Parse every citation record; report every malformed entry and conflicting key at once."""
    problems: list[Problem] = []
    seen: dict[str, tuple[tuple, str]] = {}
    out = []
    for i, item in enumerate(items):
        file, path = locate(["citations", i, "bibtex"])
        library, messages = _parse(item["bibtex"])
        failed = list(library.failed_blocks)
        for block in failed:
            kind = type(block).__name__
            if kind == "DuplicateBlockKeyBlock":
                continue  # handled below with the other duplicates
            detail = next((m for m in messages if f"line {block.start_line + 1}" in m), messages[0] if messages else "")
            detail = detail.split("due to syntactical error in bibtex:")[-1].strip() or "cannot be parsed"
            problems.append(Problem(file, path, f"BibTeX block at line {block.start_line + 1} is malformed: {detail}",
                                    "fix the entry so it reads @type{key, field = {value}, ...}",
                                    code="bibtex-syntax"))
        stray = [b for b in library.blocks if type(b).__name__ == "ImplicitComment" and b.comment.strip()]
        for block in stray:
            problems.append(Problem(file, path, f"text outside any BibTeX entry at line {block.start_line + 1}: "
                                    f"{block.comment.strip()[:40]!r}", "keep only @type{key, ...} entries",
                                    code="bibtex-stray-text"))
        entries = []
        raw_dupes = [b for b in failed if type(b).__name__ == "DuplicateBlockKeyBlock"]
        for entry in list(library.entries) + [getattr(b, "ignore_error_block", None) or b for b in raw_dupes]:
            key = getattr(entry, "key", None)
            if not key:
                continue
            if not any(f.key.lower() == "title" for f in getattr(entry, "fields", [])):
                problems.append(Problem(file, path, f"BibTeX entry {key!r} has no title", "add title = {...}",
                                        code="bibtex-no-title"))
            norm = _normal(entry) if hasattr(entry, "fields") else ()
            if key in seen:
                if seen[key][0] != norm:
                    problems.append(Problem(file, path, f"BibTeX key {key!r} is used by two different entries "
                                            f"(first in {seen[key][1]})", "rename one key or remove the duplicate",
                                            code="bibtex-key-conflict"))
                continue
            seen[key] = (norm, f"{file}: {path}")
            entries.append(CitationEntry(key=key, text=entry.raw.strip()))
        if not library.entries and not failed and not stray:
            problems.append(Problem(file, path, "holds no BibTeX entry", "write @type{key, title = {...}, ...}",
                                    code="bibtex-no-entries"))
        if entries:
            out.append(Citation(entries=tuple(entries), label=item.get("label", "")))
    if problems:
        raise CitationError(problems)
    return tuple(out)
