"""The refusal of an evaluation tool's per-example log passed for its scores: lm-eval's ``samples_<task>_<date>.jsonl``
(and its earlier shapes), lighteval's ``details_<task>_<date>.parquet``, naming the task and the results file of the
same run; and of the results table a tool printed, saved from its output, beside the results file of its run; the
table alone is read (:func:`printed`, :func:`read_printed`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, Union

from generator.errors import InputError, Problem, some_of
from generator.sources.common import Ingested, read_json_object
from generator.sources.lighteval import looks_like_lighteval
from generator.sources.lighteval_printed import lighteval_key, read_printed_lighteval
from generator.sources.lm_eval import looks_like_lm_eval
from generator.sources.lm_eval_printed import is_lighteval_table, read_printed_table, table_header

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
    from generator.io.files import loads_json

    try:
        with path.open("rb") as handle:
            first = loads_json(handle.readline() or b"null")
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and key in first


CARD_TEXT = (".md", ".markdown")
LOG_MAX = 64 << 20  # a log's bytes read for a printed table (tqdm's progress bars fill megabytes before it)
PRINTED = (".txt", ".log", ".out", "")  # a tool's output saved (`| tee eval.log`, `> out.txt`)
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]*")


def extension(path: Path) -> str:
    """The file's extension, lowercased; "" for a name with none, as one saved under a model's name has (`| tee
    qwen1.5_moe_cluster_30`, `> Llama-3.1-8B`): what follows its last dot is no extension unless a letter starts it
    and no `-` or `_` is in it."""
    suffix = path.suffix
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else ""


def _printed(path: Path) -> Optional[tuple[str, re.Match[str]]]:
    """The text of a results table a tool printed, saved from its output, and the table's header (None for another
    file: one with frontmatter is a card, and a Markdown file is one unless mostly the table)."""
    if extension(path) not in CARD_TEXT + PRINTED or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            read = handle.read(LOG_MAX + 1)
    except OSError:
        return None
    if len(read) > LOG_MAX:  # the table is printed last: a longer log is read up to its last whole line
        read = read[:read.rfind(b"\n", 0, LOG_MAX) + 1]
    text = read.decode("utf-8", "replace").lstrip("\ufeff")
    header = table_header(text)
    if header is None:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if text.startswith("---") or (path.suffix.lower() in CARD_TEXT and
                                  2 * sum(line.startswith("|") for line in lines) <= len(lines)):
        return None  # a card, whatever its name
    return text, header


def _tool(text: str, header: re.Match[str]) -> str:
    rows = [line for line in text[header.end():].splitlines()[2:] if line.startswith("|")]
    return "lighteval" if is_lighteval_table(header.group(1), rows) else "lm-evaluation-harness"


def _results_beside(path: Path, text: str, header: re.Match[str], tool: str) -> list[Path]:
    """The results files beside a printed table that score the table's first task: those of its run, or a run of
    it. lm-eval's in its folder or a model's folder in it (as --output_path writes them); lighteval's also under
    its results/<model>/ (as --output-dir writes them)."""
    rows = [line.split("|")[1].strip() for line in text[header.end():].splitlines()[2:52] if line.startswith("|")]
    task = next((row for row in rows if row and row != "all" and ":_average" not in row), "")
    if not task:
        return []
    if tool == "lighteval":
        task = lighteval_key(task)
    # (lighteval's results/<model>/ is matched by both of the last two patterns: each file read once)
    found = dict.fromkeys(sorted(path.parent.glob("results*.json")) + sorted(path.parent.glob("*/results*.json")) + (
        sorted(path.parent.glob("results/**/results_*.json"))[:50] if tool == "lighteval" else []))
    kept = []
    for other in list(found)[:100]:
        try:
            data = read_json_object(other)
        except InputError:
            continue
        results = data.get("results")
        if not isinstance(results, dict):
            continue
        if tool == "lighteval" and looks_like_lighteval(data) and task in results:
            kept.append(other)
        elif tool != "lighteval" and looks_like_lm_eval(data) and (task in results or any(
                isinstance(v, dict) and str(v.get("alias", "")).strip() == task for v in results.values())):
            kept.append(other)
    return kept


FOLDER_FILES_MAX = 200  # a folder's files looked at for a printed table (one of logs, not a dataset's)


def read_printed(path: Path, text: str) -> Ingested:
    """The results table a tool printed in ``text`` (the file at ``path``; :func:`printed`'s text) as record data:
    lighteval's (:mod:`generator.sources.lighteval_printed`) or lm-eval's (:mod:`generator.sources.lm_eval_printed`)."""
    header = table_header(text)
    if header is not None and _tool(text, header) == "lighteval":
        return read_printed_lighteval(path, text)
    return read_printed_table(path, text)


def printed_in(folder: Path) -> list[tuple[Path, Union[str, Problem]]]:
    """The results tables a tool printed, saved in ``folder`` itself (``lm_eval ... | tee out/eval.log``), each with
    its :func:`printed` reading, for a folder holding no results file."""
    try:
        files = sorted(p for p in folder.iterdir() if extension(p) in CARD_TEXT + PRINTED)[:FOLDER_FILES_MAX]
    except OSError:
        return []
    return [(path, table) for path in files for table in [printed(path)] if table is not None]


def printed(path: Path) -> Union[str, Problem, None]:
    """A results table a tool printed, saved from its output (``| tee out.txt``, a Markdown file of it): lm-eval's or
    lighteval's saved alone, its text, read as the results (:func:`read_printed`); the refusal of one beside the
    results file of its run (whose scores are in full, with each task's dataset). None for any other file. Format
    detection asks once, the lm-eval reader again."""
    found = _printed(path)
    if found is None:
        return None
    text, header = found
    tool = _tool(text, header)
    beside = _results_beside(path, text, header, tool)
    if not beside:
        return text
    written = f"{beside[0]}, the results file beside it" if len(beside) == 1 else (
        f"the results file of its run beside it ({some_of([str(p) for p in beside], 3)})")
    return Problem(str(path), "", f"is the results table {tool} printed (at line "
                   f"{text.count(chr(10), 0, header.start()) + 1}), not the results file it writes: the table rounds "
                   "each score to 4 decimals and leaves out the dataset each task read",
                   f"pass {written}; or {RECORDS_FIX}" + (
                       f"; or, to import it as a card's text, `modelcard ingest {path} --format card`"
                       if path.suffix.lower() in CARD_TEXT else ""), code="unrecognized-format")
