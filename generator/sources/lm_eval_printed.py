"""The results table lm-evaluation-harness prints (``make_table``'s Markdown, by pytablewriter), kept from its output
(``lm_eval ... | tee eval.log``, a ``.md`` of it) where the person has no results file, read as the results it shows.

* The header: ``|Task|Version|Metric|Value| |Stderr|`` (0.3), ``|Tasks|Version|Filter|n-shot|Metric|Value| |Stderr|``
  (0.4.0 to 0.4.2), with an arrow column (``↑``/``↓``) after Metric from 0.4.3, and a ``|Groups|...`` table of the
  groups' aggregates after the tasks' (0.4). A row with no task continues the task above (its other metrics).
* A task is shown by its alias, a group's tasks indented under it (`` - humanities``), as 0.4.0's results file keeps
  them (:func:`generator.sources.lm_eval._hierarchy` reads that nesting).
* The line printed just above the table holds the run's settings: ``hf (pretrained=...), gen_kwargs: (None), limit:
  None, num_fewshot: 5, batch_size: 8`` (0.4; ``model_args`` a Python dict from 0.4.13), ``hf-causal (...), limit:
  None, provide_description: False, num_fewshot: 0, batch_size: None`` (0.3).

A log of several tables is one run's when each scores other tasks under the same settings (the Nous suite's logs: a
table for each suite run on one model, GPT4All, AGIEval, BigBench, TruthfulQA, under its name in a code fence, the
settings line, where one is, glued to the fence's backticks, the batch size differing); else it holds several runs
and is refused.

The table becomes the results file it was printed from (``results``, ``versions``, ``n-shot``, ``higher_is_better``,
``config``), read by the results file's own reader. Each score is as printed: 4 decimals at most, fewer where
pytablewriter dropped trailing zeros, and shown so, with the zeros printed after its last digit (``0.4220``, a stderr
``0.0040``), which the number read drops; no task's config is printed, so a task's dataset comes from the bundled
table of common tasks, as for 0.3's files.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Optional

from generator.errors import InputError, Problem
from generator.markdown.frontmatter import is_card_path
from generator.records.numbers import written_decimals
from generator.sources.common import Ingested, eval_task_table
from generator.sources.lm_eval import lm_eval_results

# The decimals a printed value and its stderr were written with where they end in zeros: (entry path, metric type,
# metric name) -> (decimals, stderr decimals)
Zeros = dict[tuple[str, str, Optional[str]], tuple[Optional[int], Optional[int]]]
# A table's first line: `|Tasks|Version|` (0.4), `|Task|Version|` (0.3, lighteval), `|Groups|Version|` (0.4's groups)
TABLE_START = re.compile(r"^\|[ \t]*(Tasks?|Groups)[ \t]*\|[ \t]*Version[ \t]*\|[^\n]*$", re.MULTILINE)
_HEADER_CELLS = ("Metric", "Value", "Stderr")
SEPARATOR = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_PRETRAINED = re.compile(r"\bpretrained=([^,\s)'\"]+)")  # the model of a settings line or an lm_eval command
SETTINGS_MAX = 20_000  # a settings line longer than this is no line lm-eval printed
ROUNDED = "rounded-scores"  # the warning's code
NUMBER_MAX = 40  # a cell longer than this is no number lm-eval printed (int() refuses over 4,300 digits)


def header_cells(line: str) -> Optional[list[str]]:
    """The cells of a results table's header line (None for any other line): after Tasks and Version, a Metric, a
    Value and last a Stderr cell, in that order (its cells split once: a pattern of them backtracked for minutes over
    a line of thousands)."""
    if TABLE_START.match(line) is None:
        return None
    cells = [cell.strip() for cell in line.rstrip().split("|")]
    if cells[-1] or cells[-2] != "Stderr":
        return None
    wanted = iter(_HEADER_CELLS)
    need = next(wanted)
    for cell in cells[3:-1]:
        if cell == need:
            need = next(wanted, "")
    return cells[1:-1] if not need else None


def table_header(text: str) -> Optional[re.Match[str]]:
    """The first line of ``text`` that is such a header."""
    return next((match for match in TABLE_START.finditer(text) if header_cells(match.group(0))), None)


def is_lighteval_table(first: str, rows: list[str]) -> bool:
    """Whether the table whose first cell is ``first`` is lighteval's (its `suite:task:shots` names, its `all` row),
    which it prints with lm-eval 0.3's header."""
    return first == "Task" and any(re.match(r"\|\s*(all\s*\||[^|\s]+:[^|\s]+)", row) for row in rows)


class _Table:
    """One printed table: its header's line number (1-based), kind (Tasks, Task, Groups), column names and rows
    (line number, cells)."""

    def __init__(self, at: int, columns: list[str], margin: int) -> None:
        self.at, self.columns, self.margin = at, columns, margin
        self.kind = columns[0]
        self.rows: list[tuple[int, list[str]]] = []
        self.glued = False  # its rows written on its separator's line, their line breaks lost


def tables_in(lines: list[str]) -> list[_Table]:
    """The results tables of a text's lines, each with its rows (up to the first line not a row)."""
    tables = []
    n = 0
    while n < len(lines):
        columns = header_cells(lines[n]) if lines[n].startswith("|") else None
        if columns is None or n + 1 >= len(lines) or SEPARATOR.fullmatch(lines[n + 1].rstrip()) is None:
            if columns is not None and n + 1 < len(lines) and SEPARATOR.match(lines[n + 1]):
                tables.append(_Table(n + 1, columns, 0))  # the separator and more: refused (one_run)
                tables[-1].glued = True
            n += 1
            continue
        table = _Table(n + 1, columns, 1 if lines[n + 1].startswith("| ") else 0)
        n += 2
        while n < len(lines) and lines[n].startswith("|"):
            table.rows.append((n + 1, lines[n].rstrip().split("|")[1:-1]))
            n += 1
        tables.append(table)
    return tables


def _settings(lines: list[str], at: int) -> tuple[Optional[int], dict[str, Any]]:
    """The run's settings lm-eval printed on the line above the table whose header is at line ``at`` (blank lines
    between), as the results file's ``config``: its line number and the model, model_args, limit, num_fewshot and
    batch_size (empty if that line is not the settings)."""
    n = at - 2
    while n >= 0 and not lines[n].strip():
        n -= 1
    line = lines[n].strip() if n >= 0 else ""
    line = line.lstrip("`") if line.startswith("```") else line  # the settings glued to a fence: ```hf-causal (
    opened = line.find(" (")
    closed = line.find("), gen_kwargs: (")  # 0.4 (0.3: none)
    limit = line.rfind("), limit: ") if closed < 0 else line.find("), limit: ", closed)
    closed = closed if closed >= 0 else limit
    if len(line) > SETTINGS_MAX or opened < 1 or closed < opened or limit < 0 or " " in line[:opened]:
        return None, {}
    config: dict[str, Any] = {"model": line[:opened], "model_args": _model_args(line[opened + 2:closed])}
    sampled = _model_args(line[closed + len("), gen_kwargs: ("):limit]) if closed < limit else None
    if sampled not in ("None", "", {}, None):
        config["gen_kwargs"] = sampled
    for field in line[limit:].split(", "):
        key, _, value = field.partition(": ")
        if key in ("limit", "num_fewshot", "batch_size") and value:
            config[key] = cell_value(value)
    return n + 1, config


def _model_args(text: str) -> Any:
    """The model's arguments as printed: ``pretrained=x,dtype=float32``, or (0.4.13) a dict's repr."""
    if text.startswith("{") and text.endswith("}"):
        try:
            found = ast.literal_eval(text)
        except (ValueError, SyntaxError, RecursionError, MemoryError, TypeError):
            return text
        return found if isinstance(found, dict) else text
    return text


def cell_value(text: str) -> Any:
    """A printed cell or setting as its value: None for ``None``, an int or a float where it is one, else the text."""
    text = text.strip()
    if len(text) > NUMBER_MAX:
        return text
    if text == "None":
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        return float(text) if re.fullmatch(r"-?\d*\.\d+(?:[eE][-+]?\d+)?|nan|-?inf", text) else text
    except ValueError:
        return text


def refused_table(path: Path, line: Optional[int], message: str, fix: str) -> InputError:
    """The refusal of a printed table; a Markdown file can still be imported as a card's text."""
    card = f"; or, to import it as a card's text, `modelcard ingest {path} --format card`" if is_card_path(path) else ""
    return InputError([Problem(str(path), f"line {line}" if line else "", message, fix + card,
                               code="unrecognized-format")])


def one_run(path: Path, runs: list[_Table], tool: str, beside: str = "") -> _Table:
    """The one results table of ``runs``, the tables ``tool`` printed in the file at ``path``; refused when it holds
    none, or the tables of several runs (``beside``: what to keep with the table in a file of its own), or one whose
    rows are written on its separator's line."""
    refuse_glued(path, runs, tool)
    if not runs:
        raise refused_table(path, None, f"holds no results table {tool} printed", f"pass {tool}'s results file")
    if len(runs) > 1:
        shown = ", ".join(str(t.at) for t in runs[:6]) + (", ..." if len(runs) > 6 else "")
        raise refused_table(path, runs[1].at, f"holds {len(runs)} results tables {tool} printed (at lines {shown}): the "
                            "results of several runs, maybe with other settings or of other models",
                            f"keep the table of the run the card is for{beside} in a file of its own and pass that, or "
                            "pass that run's results file")
    return runs[0]


def refuse_glued(path: Path, tables: list[_Table], tool: str) -> None:
    """Refuses a table of ``tables`` whose separator line holds more after it: its rows pasted onto that line, their
    line breaks lost (teknium1/LLM-Benchmark-Logs Hermes-2-Pro-Llama-3-8B-SFT.md), whose scores were left out
    unsaid."""
    glued = next((table for table in tables if table.glued), None)
    if glued is not None:
        raise refused_table(path, glued.at + 1, f"is the separator line of the results table {tool} printed at line "
                            f"{glued.at}, with more written after it: the table's rows lost their line breaks",
                            "put each row of the table on a line of its own, as it was printed, or pass the run's "
                            "results file")


def check_row(path: Path, table: _Table, line: int, cells: list[str], tool: str) -> None:
    """Refuses a row of ``table`` (at ``line``) that has not as many cells as its header."""
    if len(cells) != len(table.columns):
        raise refused_table(path, line, f"has {len(cells)} cells where the table's header (line {table.at}) has "
                            f"{len(table.columns)}", f"pass the table as {tool} printed it, or the run's results file")


def printed_results(path: Path, text: str) -> tuple[dict[str, Any], dict[str, int], Zeros]:
    """The results file lm-eval's table in ``text`` (the file at ``path``) was printed from, as its reader takes it,
    the line of each of its keys (``$.results['task']``, ``$.config``) and the zeros its values were printed with;
    refused (file, line, fix) if the text holds the tables of several runs or a row the header does not fit."""
    lines = text.splitlines()
    tables = tables_in(lines)
    runs = [t for t in tables if t.kind != "Groups"]
    refuse_glued(path, runs, "lm-eval")
    for run in runs:  # a script's tables are no run's, one or several (each a results file's, under its name)
        _not_percent(path, run, lines)
    settings = {run.at: _settings(lines, run.at) for run in runs}  # each table's, read once
    parts = _parts_of_one_run(text, runs, settings) or \
        [one_run(path, runs, "lm-eval", " (with the settings line above it)")]
    data: dict[str, Any] = {"results": {}, "versions": {}}
    where: dict[str, int] = {}
    zeros: Zeros = {}
    for n, run in enumerate(parts):
        end = parts[n + 1].at if n + 1 < len(parts) else len(lines) + 1
        groups = [t for t in tables if t.kind == "Groups" and run.at < t.at < end]
        for table in [run] + groups[:1]:
            _read_rows(path, table, data, "results" if table is run else "groups", where, zeros)
    said = [found for found in (settings[run.at] for run in parts) if found[1]]
    if said:
        at = said[0][0]
        if at:
            where["$.config"] = at
        data["config"] = _shared_config([config for _, config in said])
    return data, where, zeros


def _parts_of_one_run(text: str, runs: list[_Table],
                      settings: dict[int, tuple[Optional[int], dict[str, Any]]]) -> Optional[list[_Table]]:
    """The tables of ``runs`` when they are parts of one run's results (None when there are fewer than two, or they
    are not): each scores other tasks, and the settings lines printed above them (some or none may be) name the same
    model, arguments, limit and few-shot count (the Nous suite's logs, one table a suite: GPT4All, AGIEval, BigBench,
    TruthfulQA, run one by one on one model, a settings line above one or two of them). A task in two tables, or two
    models or settings, are several runs; so are tables of a text naming two models' ``pretrained=`` anywhere (notes
    of several models' runs, each table under its ``lm_eval --model_args pretrained=...`` command); ``settings``:
    each table's :func:`_settings`, by its line."""
    if len(runs) < 2 or len({m.group(1) for m in _PRETRAINED.finditer(text)}) > 1:
        return None
    configs = [{k: v for k, v in settings[run.at][1].items() if k != "batch_size"} for run in runs]
    if len({repr(sorted(c.items())) for c in configs if c}) > 1:
        return None
    seen: set[str] = set()
    for run in runs:
        names = {cells[0].strip(" -\t") for _, cells in run.rows if cells and cells[0].strip(" -\t")}
        if names & seen:
            return None
        seen |= names
    return runs


def _shared_config(configs: list[dict[str, Any]]) -> dict[str, Any]:
    """The settings of a run printed in parts: the first part's, without a batch size the parts do not share (each
    suite run with the batch size that fit)."""
    config = dict(configs[0])
    if any(c.get("batch_size") != config.get("batch_size") for c in configs):
        config.pop("batch_size", None)
    return config


def _not_percent(path: Path, table: _Table, lines: list[str]) -> None:
    """Refuses a table of lm-eval's header that a script wrote from the results instead (llm-autoeval's summary:
    each score in percent with 2 decimals, an ``Average: 36.4%`` line, 0.4's ``acc,none`` keys as metrics; the
    harness's own scripts/make_table_results.py, a table in percent for each results file of a folder). An average
    line beside lm-eval's own table (its 4 decimals: a person's note, ``Average: 76.00%`` in a Nous suites log) is
    no such summary."""
    at = table.columns.index("Value")
    written = [(line, cells[at].strip()) for line, cells in table.rows if len(cells) == len(table.columns)]
    numbers = [(line, cell) for line, cell in written if len(cell) <= NUMBER_MAX and
               re.fullmatch(r"-?\d+(?:\.\d+)?", cell)]
    metric = table.columns.index("Metric")
    keys = [line for line, cells in table.rows if len(cells) > metric and ("," in cells[metric] or
                                                                          cells[metric].strip() == "alias")]
    over = next((line for line, cell in numbers if "." in cell and float(cell) > 1), None)  # not a count
    two_decimals = all(len(cell.partition(".")[2]) <= 2 for _, cell in numbers)  # lm-eval prints 4
    average = two_decimals and any(re.fullmatch(r"Average(?: score)?: [\d.]+%", line.strip()) for line in lines)
    if keys or (over and two_decimals) or average:
        line = keys[0] if keys else over or table.at
        raise refused_table(path, line, "is a results table a script wrote from lm-eval's results (scores in percent "
                       "with 2 decimals, an average line or lm-eval's `metric,filter` keys as metrics, as "
                       "llm-autoeval's summary and the harness's scripts/make_table_results.py show them), not the "
                       "table lm-eval prints", "pass the results files "
                       "lm-eval wrote (results_<date>.json), or write the scores as evaluations in a records file")


def _read_rows(path: Path, table: _Table, data: dict[str, Any], into: str, where: dict[str, int],
               zeros: Zeros) -> None:
    """A table's rows into ``data[into]`` (task -> metric keys), and each task's version, n-shot and direction; each
    task's line into ``where``, the zeros its values were printed with into ``zeros``."""
    column = {name: n for n, name in enumerate(table.columns) if name}
    metric_at = column["Metric"]
    arrow = metric_at + 1 if metric_at + 1 < column["Value"] and not table.columns[metric_at + 1] else None
    results = data.setdefault(into, {})
    task = top = None
    known = eval_task_table("lm_eval")
    for line, cells in table.rows:
        check_row(path, table, line, cells, "lm-eval")
        alias = cells[0][table.margin:].rstrip()
        if alias.strip():
            name = alias.lstrip(" -").strip() or alias.strip()  # 0.4.3+ prints a level's `- ` each: `  -   - x`
            top = name if name == alias.strip() else top
            if name != alias.strip() and name not in known and f"{top}_{name}" in known:
                name = f"{top}_{name}"  # a group's task shown by its alias: mmlu's `  - formal_logic`
            task = name if name not in results else f"{name} (line {line})"
            results[task] = {"alias": alias} if alias != name else {}
            where[f"$.{into}[{task!r}]"] = line
            version = cell_value(cells[column["Version"]])
            if version != "":
                data["versions"][task] = version
        if task is None:
            raise refused_table(path, line, "is a row with no task before it", "pass the table as lm-eval printed it")
        metric = cells[metric_at].strip()
        flt = cells[column["Filter"]].strip() if "Filter" in column else ""
        key = f"{metric},{flt}" if "Filter" in column else metric
        results[task][key] = cell_value(cells[column["Value"]])
        stderr = cells[column["Stderr"]].strip()
        if stderr:
            results[task][f"{metric}_stderr,{flt}" if "Filter" in column else f"{metric}_stderr"] = \
                cell_value(stderr)
        written = (written_decimals(cells[column["Value"]].strip()), written_decimals(stderr))
        if written != (None, None):  # as lm_eval's reader names the metric: its filter but `none`
            zeros[(f"$.{into}[{task!r}]", metric, f"{metric} ({flt})" if flt and flt != "none" else None)] = written
        shots = cell_value(cells[column["n-shot"]]) if "n-shot" in column else None
        if isinstance(shots, int):
            data.setdefault("n-shot", {})[task] = shots
        sign = cells[arrow].strip() if arrow is not None else ""
        if sign in ("↑", "↓"):
            data.setdefault("higher_is_better", {}).setdefault(task, {})[metric] = sign == "↑"


def read_printed_table(path: Path, text: str) -> Ingested:
    """lm-eval's printed table in ``text`` (the file at ``path``) as record data, with the warning that its scores are
    as printed."""
    data, lines, zeros = printed_results(path, text)
    result = read_at_lines(path, data, lines, lm_eval_results)
    _keep_zeros(result, zeros)
    result.warn("", "is the results table lm-eval printed, read as the run's results: each score and stderr as "
                "printed (rounded to 4 decimals at most), each task's dataset from the bundled table of common tasks",
                "pass the results file lm-eval writes with --output_path (results_<date>.json) for the scores in "
                "full and each task's dataset", code=ROUNDED)
    return result


def _keep_zeros(result: Ingested, zeros: Zeros) -> None:
    """Each metric of ``result`` whose value or stderr was printed with zeros after its last digit (``0.4220``) keeps
    its decimals, so that the card shows it as printed."""
    for evaluation in result.data.get("evaluations", []):
        entry = result.entries.get(evaluation["id"], "")
        for metric in evaluation.get("metrics", []):
            value, stderr = zeros.get((entry, metric["type"], metric.get("name")), (None, None))
            if value is not None:
                metric["decimals"] = value
            if stderr is not None and "stderr" in metric:
                metric["stderr_decimals"] = stderr


def read_at_lines(path: Path, data: dict[str, Any], lines: dict[str, int],
                  reader: Callable[[Path, dict[str, Any]], Ingested]) -> Ingested:
    """``data``, a results file made from a printed table, read by its tool's ``reader``: each problem and warning at
    the table's line it is about (``lines``: at_line)."""
    try:
        result = reader(path, data)
    except InputError as refused:
        raise InputError([at_line(p, lines) for p in refused.problems]) from None
    result.warnings = [at_line(p, lines) for p in result.warnings]
    return result


def at_line(problem: Problem, lines: dict[str, int]) -> Problem:
    """A problem the results file's reader found, at the line of the table (or the settings line) it is about: the
    longest key of ``lines`` its path starts with. Each key but ``$.config`` ends with a ``]``, so the path's prefixes
    ending in one are looked up (a table of 20,000 rows was held to every key for each of its 20,000 warnings)."""
    path = problem.path
    prefixes = [path[:at + 1] for at in range(len(path) - 1, -1, -1) if path[at] == "]"]
    key = next((k for k in prefixes if k in lines), "$.config" if path.startswith("$.config") else None)
    return replace(problem, path=f"line {lines[key]}") if key in lines else problem
