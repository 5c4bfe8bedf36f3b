"""The refusal of an evaluation tool's per-example log passed for its scores: lm-eval's ``samples_<task>_<date>.jsonl``
(and its earlier shapes), lighteval's ``details_<task>_<date>.parquet``, naming the task and the results file of the
same run; and of the results table a tool printed, saved from its output (:func:`printed_table`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from generator.errors import InputError, Problem
from generator.sources.common import read_json_object
from generator.sources.lm_eval import looks_like_lm_eval

# What to do with scores no reader reads
RECORDS_FIX = ("write the scores as evaluations in a records file (modelcard init writes one to start from) and pass it "
               "with --records")

# lm-eval's and lighteval's run timestamp in their files' names
STAMP = re.compile(r"_(\d{4}-\d{2}-\d{2}T\d{2}[-:]\d{2}[-:]\d{2}(?:\.\d+)?)")


def per_example_log(path: Path) -> Optional[Problem]:
    """The refusal of a tool's per-example log passed for its scores (None for any other file): lm-eval's
    ``samples_<task>_<date>.jsonl`` (``--log_samples`` from 0.4.3), its earlier ``<model_args>_<task>.jsonl`` (JSON
    lines in 2023's pre-0.4 code, an indented JSON array in 0.4.0 to 0.4.2) and ``simple_evaluate``'s ``samples``
    (task -> examples) saved by a script; lighteval's (and the Open LLM Leaderboard's)
    ``details_<task>_<date>.parquet``. It names the task and the results file of the same run when one lies beside."""
    name = path.name
    stamp = STAMP.search(name)
    task: Optional[str]
    if name.startswith("samples_") and path.suffix.lower() in (".jsonl", ".json") and _first_line_has(path, "doc_id"):
        task, tool, how = name[len("samples_"):stamp.start() if stamp else -len(path.suffix)], "lm-evaluation-harness", \
            "samples_<task>_<date>.jsonl, written with --log_samples"
        beside = sorted(path.parent.glob(f"results_{stamp.group(1)}.json")) if stamp else []
    elif name.startswith("details_") and path.suffix.lower() == ".parquet":
        task, tool, how = name[len("details_"):stamp.start() if stamp else -len(path.suffix)], "lighteval", \
            "details_<task>_<date>.parquet, under its output dir's details/"
        top = next((p.parent for p in path.parents if p.name == "details"), None)
        beside = sorted((top / "results").rglob(f"results_{stamp.group(1)}.json"))[:1] if stamp and top else []
    elif path.suffix.lower() in (".jsonl", ".json") and path.is_file():
        shape = _examples_shape(path)
        if shape is None:
            return None
        how, named = shape
        tool, (task, beside) = "lm-evaluation-harness", _task_beside(path, named)
    else:
        return None
    fix = (f"pass the results file of that run, {beside[0]}" if beside else
           "pass the results file of that run (results_<date>.json; results.json up to lm-eval 0.4.2), or the "
           "output folder holding it") + ", which holds its scores"
    of_task = f" of task {task!r}" if task else ""
    return Problem(str(path), "", f"is {tool}'s per-example log{of_task} ({how}): each example's output and "
                   "score, not the run's scores", fix, code="unrecognized-format")


# lm-eval's per-example records open with doc_id (evaluator.py builds each as {"doc_id", "doc", "target", ...}):
# one a line, in a JSON array, or in an object of task -> records (group 1: the first task)
EXAMPLES_START = re.compile(rb'\A\s*(?:(\[)\s*|\{\s*"((?:[^"\\]|\\.)*)"\s*:\s*\[\s*)?\{\s*"doc_id"\s*:')


def _examples_shape(path: Path) -> Optional[tuple[str, Optional[str]]]:
    """How a file not named ``samples_*`` holds lm-eval's per-example records, and the task it names (None: not such
    a file)."""
    try:
        with path.open("rb") as handle:
            start = EXAMPLES_START.match(handle.read(4096))
    except OSError:
        return None
    if start is None:
        return None
    if start.group(2) is not None:
        return "the examples of each task, as simple_evaluate returns them in its samples", \
            start.group(2).decode("utf-8", "replace")
    if start.group(1):
        return "a JSON array of examples, as --log_samples writes <model_args>_<task>.jsonl up to 0.4.2", None
    return "JSON lines of examples, as --log_samples writes them", None


def _task_beside(path: Path, named: Optional[str]) -> tuple[Optional[str], list[Path]]:
    """The task of a per-example log (``named``, else the one of a results file beside it whose name ends the log's
    name: ``<model_args>_<task>``) and that results file."""
    for other in sorted(path.parent.glob("*.json")):
        if other == path:
            continue
        try:
            data = read_json_object(other)
        except InputError:
            continue
        results = data.get("results")
        if not looks_like_lm_eval(data) or not isinstance(results, dict):
            continue
        tasks = [named] if named in results else sorted(
            (t for t in results if path.stem.endswith("_" + t)), key=len, reverse=True)[:1]
        if tasks:
            return tasks[0], [other]
    return named, []


def _first_line_has(path: Path, key: str) -> bool:
    """Whether the file's first line is a JSON object holding ``key`` (a JSON-lines log)."""
    import json

    try:
        with path.open("rb") as handle:
            first = json.loads(handle.readline() or b"null")
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(first, dict) and key in first


# The header of the Markdown table lm-eval's make_table prints (pytablewriter): `|Tasks|Version|Filter|n-shot|Metric|
# |Value| |Stderr|` (0.4; the arrow column from 0.4.3), `|Groups|...` (0.4's groups), `|Task|Version|Metric|Value| |Stderr|`
# (0.3, as lighteval's make_results_table prints its own)
TABLE_START = re.compile(r"^\|[ \t]*(Tasks?|Groups)[ \t]*\|[ \t]*Version[ \t]*\|[^\n]*$", re.MULTILINE)
_HEADER_CELLS = ("Metric", "Value", "Stderr")


def table_header(text: str) -> Optional[re.Match[str]]:
    """The first line of ``text`` that is such a header: after Tasks and Version, a Metric, a Value and last a Stderr
    cell, in that order (its cells split once: a pattern of them backtracked for minutes over a line of thousands)."""
    for match in TABLE_START.finditer(text):
        cells = [cell.strip() for cell in match.group(0).rstrip().split("|")]
        if cells[-1] or cells[-2] != "Stderr":
            continue
        wanted = iter(_HEADER_CELLS)
        need = next(wanted)
        for cell in cells[3:-1]:
            if cell == need:
                need = next(wanted, "")
        if not need:
            return match
    return None


CARD_TEXT = (".md", ".markdown")
PRINTED = (".txt", ".log", ".out", "")  # a tool's output saved (`| tee eval.log`, `> out.txt`)


def printed_table(path: Path) -> Optional[Problem]:
    """The refusal of the results table lm-eval (or lighteval) printed, saved from its output (``lm_eval ... | tee
    out.txt``, a Markdown file of it): its scores rounded to 4 decimals, without the datasets each task read, not the
    results file the tool writes. A file with frontmatter is a card, and a Markdown file is one only if mostly the
    table (a card showing it among its text is a card); None for any other file."""
    if path.suffix.lower() not in CARD_TEXT + PRINTED or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return None
    header = table_header(text)
    if header is None:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if text.startswith("---") or (path.suffix.lower() in CARD_TEXT and
                                  2 * sum(line.startswith("|") for line in lines) <= len(lines)):
        return None  # a card, whatever its name
    rows = [line for line in text[header.end():].splitlines()[2:] if line.startswith("|")]
    tool = "lighteval" if header.group(1) == "Task" and any(
        re.match(r"\|\s*(all\s*\||[^|\s]+:[^|\s]+)", row) for row in rows) else "lm-evaluation-harness"
    if tool == "lighteval":
        written = "lighteval --output-dir DIR and pass DIR/results/<model>/results_<date>.json"
    else:
        written = "lm_eval with --output_path DIR and pass DIR/<model>/results_<date>.json (results.json up to 0.4.2)"
    return Problem(str(path), "", f"is the results table {tool} printed (at line "
                   f"{text.count(chr(10), 0, header.start()) + 1}), not the results file it writes: the table rounds "
                   "each score to 4 decimals and leaves out the dataset each task read, so the card could not say "
                   "what was scored", f"run {written}, or that folder; or {RECORDS_FIX}" + (
                       f"; or, to import it as a card's text, `modelcard ingest {path} --format card`"
                       if path.suffix.lower() in CARD_TEXT else ""), code="unrecognized-format")
