"""Check a card, offline: its metadata against the Hub's rules, its tables against
its model-index and (for a record set) against the records.

``validate_card(path)`` takes a README.md or a record set and returns a
:class:`CheckReport` listing every problem; it raises only for input it cannot
read at all.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence, Union

from generator.card.managed import PREFIX, blocks, edited_metadata_keys, unpaired_markers
from generator.card.model_index import IndexResult, index_results
from generator.check.tables import (
    check_index_numbers,
    check_rendered_tables,
    check_tables_against_index,
    embedded_tables,
    rendered_tables,
)
from generator.errors import CardError, GeneratorError, Problem
from generator.io.data import gc_paused
from generator.io.files import read_once, read_text, utf8_size
from generator.markdown.frontmatter import is_card_path, split_card, text_key_warnings, unclosed_under_comments
from generator.records.hubrules import MAX_CARD_BYTES, as_in, check_metadata

if TYPE_CHECKING:  # pragma: no cover - checking a README loads no renderer, loader or Jinja (cold start)
    from generator.records.model import Records
    from generator.render.card import RenderedCard


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking one card."""

    path: str
    problems: tuple[Problem, ...] = ()
    tables_checked: int = 0
    values_checked: int = 0
    metadata: Optional[dict] = field(default=None, compare=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "tables_checked": self.tables_checked,
                "values_checked": self.values_checked, "problems": [p.as_dict() for p in self.problems]}


def check_generated_blocks(meta: dict, body: str, name: str, first_line: int = 1) -> list[Problem]:
    """Each generated block must still hold what the generator wrote (its digest), and the frontmatter keys
    it wrote theirs: text edited inside a block, e.g. a training loss or a baseline's score, is reported."""
    problems: list[Problem] = []
    if PREFIX not in body:
        return problems  # not written by the generator: nothing to compare
    fix = ("change the records and render the card again, or move hand-written text outside the block's "
           "markers; the check cannot vouch for numbers edited by hand")
    for block in blocks(body):
        if block.edited:
            start, end = first_line + block.line - 1, first_line + block.end_line - 1
            problems.append(Problem(name, f"line {start}", f"the generated '{block.name}' block (lines {start}-{end}) "
                                    "was edited after the generator wrote it: its text no longer matches its digest",
                                    fix, severity="warning", code="generated-block-edited"))
    for kind, block_name, line in unpaired_markers(body):
        other = "end" if kind == "begin" else "begin"
        problems.append(Problem(name, f"line {first_line + line - 1}", f"the {kind} marker of the generated "
                                f"'{block_name}' block has no {other} marker, so the block cannot be checked",
                                "render the card again from its records", severity="warning",
                                code="generated-block-edited"))
    keys = edited_metadata_keys(meta, body)
    if keys is not None:
        problems.append(Problem(name, "frontmatter", "metadata the generator wrote (" + ", ".join(keys) + ") was "
                                "edited after it wrote it: it no longer matches its digest", fix.split(", or ")[0],
                                severity="warning", code="generated-metadata-edited"))
    return problems


_INDEX_RESULT = re.compile(r"model-index\[0\]\.results\[(\d+)\](.*)")
_RESULT_PARTS = {".dataset.type": ".dataset.id", ".dataset.name": ".benchmark"}  # model-index -> evaluation


def _at_record(records: Records, problem: Problem) -> Problem:
    """A problem of a record set's rendered metadata, at the record path it comes from (model-index paths
    keep the rendered path in brackets); a problem elsewhere, or of metadata inherited, as it is."""
    path = problem.path
    found = _INDEX_RESULT.fullmatch(path)
    indexed = records.indexed_evaluations
    if found and int(found[1]) < len(indexed):
        rest = found[2]
        for old, new in _RESULT_PARTS.items():
            rest = new + rest[len(old):] if rest.startswith(old) else rest
        where = f"$.evaluations[{indexed[int(found[1])].index}]{rest} ({path})"
    else:
        from generator.card.frontmatter import own_metadata  # the records model: not imported to check a README

        key = re.split(r"[.\[]", path, maxsplit=1)[0]
        if found or key not in own_metadata(records):
            return problem
        where = ("$.model.metadata." if key in dict(records.model.metadata) else "$.model.") + path
    return Problem(problem.file, where, problem.message, problem.fix, problem.severity, code=problem.code)


def _first_body_line(text: str, body: str) -> int:
    """The card line on which ``body`` (the end of ``text``, as split_card gives it) starts."""
    return text.count("\n", 0, len(text) - len(body)) + 1


def _size_problems(text: str, name: str, size: Optional[int] = None) -> list[Problem]:
    """The Hub's size limit on a card's text (``size``: its UTF-8 size, when known)."""
    size = utf8_size(text) if size is None else size
    if size <= MAX_CARD_BYTES:
        return []
    return [Problem(name, "", f"is {size} bytes; the Hub rejects README files over 10 MiB",
                    "move detail tables to .eval_results files or a linked dataset", code="too-large")]


def _metadata_problems(meta: dict, name: str, found: Optional[Sequence[Problem]] = None,
                       results: Optional[Sequence[IndexResult]] = None) -> list[Problem]:
    """The Hub's rules on ``meta``; ``found``: what check_metadata already found in it; ``results``: its
    model-index's (``index_results(meta)``)."""
    problems = []
    if not meta:
        problems.append(Problem(name, "frontmatter", "is empty", "add license, tags and the other metadata",
                                severity="warning", code="empty-frontmatter"))
    found = check_metadata(meta) if found is None else found
    problems.extend(Problem(name, p.path, p.message, p.fix, p.severity, code=p.code) for p in found)
    problems.extend(check_index_numbers(meta, name, results))
    return problems


_INDEX_ENTRY = re.compile(r'\$\["model-index"\]\[\d+\]\.')


def _nan_warnings(found: list[Problem]) -> list[Problem]:
    """The Hub takes YAML's `.nan` as a score and shows nan: a warning, one for each model-index entry (an MTEB card
    of 2024 has up to 39), said where the first is."""
    firsts: list[tuple[Problem, list[str]]] = []
    entries: dict[str, list[str]] = {}
    for p in found:
        entry = _INDEX_ENTRY.match(p.path)
        if entry is not None and entry.group() in entries:
            entries[entry.group()].append(p.path[entry.end():])
            continue
        others: list[str] = []
        if entry is not None:
            entries[entry.group()] = others
        firsts.append((p, others))
    return [replace(p, message=p.message + as_in(others) + ": the Hub accepts it and shows nan", severity="warning",
                    fix="give the number, or leave the value out") for p, others in firsts]


def _check_card_text(text: str, name: str) -> tuple[list[Problem], Optional[dict], str, int, int]:
    problems = _size_problems(text, name)
    keys: list = []  # a key that is no string (`0:`), which the Hub reads as text: a warning (text_key_warnings)
    try:
        meta, body = split_card(text, name, text_keys=keys)
    except (CardError, GeneratorError) as exc:
        if all(p.code == "not-finite" for p in exc.problems):
            # `.nan` (MTEB's scores of 2024): YAML's NaN, which the Hub takes (a tabular widget's missing cell, as
            # skops writes one, is no problem: split_card reads it)
            problems += _nan_warnings(list(exc.problems))
            meta, body = split_card(text, name, finite=False, text_keys=keys)
            problems += text_key_warnings(keys, name)
            results = list(index_results(meta or {}))
            problems += _metadata_problems(meta or {}, name, results=results)
            table_problems, tables, values = check_tables_against_index(meta or {}, body, name,
                                                                        _first_body_line(text, body), results=results)
            return problems + table_problems, meta, body, tables, values
        if all(p.code == "unclosed-frontmatter" for p in exc.problems):
            # the Hub reads such a README as one without metadata and accepts it, as it does one with none
            return problems + [replace(p, message=p.message + ": the Hub shows no metadata (it accepts the card)",
                                       severity="warning") for p in exc.problems], None, text, 0, 0
        return problems + list(exc.problems), None, text, 0, 0
    unclosed = unclosed_under_comments(text, name) if meta is None else None
    if unclosed is not None:  # a card rendered from one whose block was never closed: that same problem, as above
        return problems + [replace(unclosed, message=unclosed.message + ": the Hub shows no metadata (it accepts the "
                                   "card)", severity="warning")], None, text, 0, 0
    if meta is None and text.lstrip("\ufeff \t\r\n").startswith("--"):
        # (imported only here: a card check loads no ingest code, and no YAML library, for a card with metadata)
        from generator.sources.repair import short_opener

        short = short_opener(text, name)
        if short is not None:  # `--` over card keys: the Hub reads none of them and accepts the card, as below
            return problems + [short], None, body, 0, 0
    if meta is None:
        # the Hub accepts such a README and warns ("empty or missing yaml metadata"): so does the check
        problems.append(Problem(name, "", "has no YAML frontmatter block, so the Hub shows no metadata (it accepts "
                                "the card with a warning)", "start the file with --- metadata ---",
                                severity="warning", code="no-frontmatter"))
        return problems, None, body, 0, 0
    results = list(index_results(meta))  # read once for both
    problems += text_key_warnings(keys, name) + _metadata_problems(meta, name, results=results)
    table_problems, tables, values = check_tables_against_index(meta, body, name, _first_body_line(text, body),
                                                                results=results)
    return problems + table_problems, meta, body, tables, values


@gc_paused()
def check_rendered(records: Records, card: RenderedCard, name: str) -> CheckReport:
    """Check a card rendered in this process (``card = render(records)``) from its data: the metadata the renderer wrote (the
    frontmatter text is that mapping, written as YAML; what the renderer's own metadata check found in it is
    reused) and its tables (:func:`rendered_tables`); the same problems as reading the text back, without parsing it."""
    meta = card.metadata
    results = list(index_results(meta))  # read once for both
    problems = _size_problems(card.text, name, card.size) + _metadata_problems(meta, name, card.metadata_problems, results)
    body = "\n" + card.body  # the body as split_card gives it, for the same line numbers
    first_line = _first_body_line(card.text, body)
    parsed = rendered_tables(card, embedded=embedded_tables(records))
    index_problems, tables, values = check_tables_against_index(meta, body, name, first_line, parsed, results,
                                                                 card.tables)
    more, t2, v2 = check_rendered_tables(records, card, body, parsed)
    return CheckReport(name, tuple(problems + index_problems + more) + records.warnings, tables + t2, values + v2, meta)


@gc_paused()
def validate_card(path: Union[str, os.PathLike], template: Union[str, os.PathLike, None] = None) -> CheckReport:
    """Check a README.md, or a record set (rendered first), and report every problem."""
    p = Path(path)
    name = str(path)
    is_card = is_card_path(p) and p.is_file()
    if is_card:
        text = read_text(p, name)
        problems, meta, body, tables, values = _check_card_text(text, name)
        if meta is not None:  # a rendered record set's blocks are sealed fresh: only a README's can be edited
            problems += check_generated_blocks(meta, body, name, _first_body_line(text, body))
        return CheckReport(name, tuple(problems), tables, values, meta)
    from generator.check.eval_results import eval_results_problems, is_eval_results
    from generator.records.loader import load_records
    from generator.render.card import render

    with read_once():  # the .eval_results check and the loader read the same files
        if is_eval_results(p):
            return CheckReport(name, tuple(eval_results_problems(p, name)))
        records = load_records(p)  # its first step gives the clear error for a missing path
    report = check_rendered(records, render(records, template), name)
    return replace(report, problems=tuple(_at_record(records, problem) for problem in report.problems))


PARALLEL_FROM = 64  # paths from which validate_cards spreads the work over worker processes by default


def _validate_or_error(item: tuple[str, Optional[str], bool]) -> Union[CheckReport, GeneratorError]:
    path, template, keep_metadata = item
    try:
        report = validate_card(path, template)
    except GeneratorError as exc:
        return exc
    return report if keep_metadata else replace(report, metadata=None)


def worker_processes(tasks: int, jobs: Optional[int] = None, start: int = PARALLEL_FROM) -> int:
    """How many forked worker processes to spread ``tasks`` cards over: none for fewer than ``start`` (unless
    ``jobs`` is given), on one CPU, where processes are not forked (forking is cheap: the workers start with this
    process's modules), or with other threads running (a forked child inherits their locks); else ``jobs``, by
    default the CPUs this process may use."""
    if jobs is None:
        if tasks < start:
            return 0
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs < 2 or tasks < 2 or not sys.platform.startswith("linux"):
        return 0
    import multiprocessing  # only when it may fork: a check of a few cards does not load it (cold start)
    import threading

    if threading.active_count() > 1:
        return 0
    return jobs if "fork" in multiprocessing.get_all_start_methods() else 0


def validate_cards(paths: Sequence[Union[str, os.PathLike]], template: Union[str, os.PathLike, None] = None,
                   jobs: Optional[int] = None, metadata: bool = True
                   ) -> Iterator[tuple[str, Union[CheckReport, GeneratorError]]]:
    """:func:`validate_card` for each path, in order: (path, its report, or the error its unreadable input raised).

    Many cards (a repository's, in CI or a pre-commit run) are checked by ``jobs`` worker processes, by default
    one per CPU from :data:`PARALLEL_FROM` paths on (Linux, where they are forked); the reports are the same.
    ``metadata=False``: the reports leave out the frontmatter they read (``metadata`` is None), which the worker
    processes then do not send back (it is most of what a report holds)."""
    items = [(str(p), None if template is None else str(template), metadata) for p in paths]
    workers = worker_processes(len(items), jobs)
    if not workers:
        for item in items:
            yield item[0], _validate_or_error(item)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        chunk = max(1, len(items) // (workers * 8))
        yield from zip((item[0] for item in items), pool.imap(_validate_or_error, items, chunksize=chunk))
