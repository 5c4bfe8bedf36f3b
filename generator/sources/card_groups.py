"""The lm-evaluation-harness detail tables of a card this generator made, read back as ``groups``: the renderer folds
them in ``<details><summary>Details of A, B</summary>`` after its Evaluation table, one ``### A`` section a group (Task
| Version | Metric | Value | ± | Stderr, and "Average: X" unless ``show_average: false``). Read only when the records
rebuild every table as written; else the sections stay text, as before."""

from __future__ import annotations

import re
from itertools import permutations
from typing import Any, Optional, Sequence

from generator.records.numbers import fmt, mean, round_half_up
from generator.sources.card_leaderboard import results_table_extras
from generator.sources.card_text import _plain, _Section, _table, _unescape

DETAILS_OF = re.compile(r"^<details><summary>Details of (.+)</summary>$")
HEADER = ["Task", "Version", "Metric", "Value", "", "Stderr"]  # render.tables.group_table's
AVERAGE = re.compile(r"^Average: (\S+)$")
CLOSE = "</details>"


def folded_groups(sec: _Section, following: Sequence[_Section]) -> Optional[list[_Section]]:
    """The group sections the Evaluation section ``sec`` opens the fold of (its last line the fold's summary naming
    them; each a level deeper, in its block, the last closing the fold), or None."""
    text = [line.strip() for line in sec.lines if line.strip()]
    opened = DETAILS_OF.match(text[-1]) if text else None
    if opened is None:
        return None
    sections: list[_Section] = []
    for part in following:
        if part.block != sec.block or part.level != sec.level + 1:
            return None
        sections.append(part)
        lines = [line.strip() for line in part.lines if line.strip()]
        if lines and lines[-1] == CLOSE:
            break
    else:
        return None
    if _unescape(opened.group(1)) != ", ".join(_plain(part.title) for part in sections):
        return None
    return sections


def read_groups(data: dict[str, Any], sections: list[_Section], shown: Sequence[dict[str, Any]]) -> bool:
    """``groups`` and each task's group, version and stderr from the group sections (folded_groups), when the
    records rebuild each table and average as the card shows them; else False, the evaluations part-read (the caller
    keeps a copy). ``shown``: the evaluations the card's results table shows."""
    groups: list[dict[str, Any]] = []
    taken = list(shown)
    for n, sec in enumerate(sections):
        group = _group(data, sec, taken, last=n == len(sections) - 1)
        if group is None:
            return False
        groups.append(group)
    data["groups"] = groups
    return True


def _group(data: dict[str, Any], sec: _Section, taken: list[dict[str, Any]], last: bool) -> Optional[dict[str, Any]]:
    """One group section read (its tasks marked with its name), or None when it holds more than the renderer writes."""
    lines = [line.strip() for line in sec.lines if line.strip()]
    if last:
        lines = lines[:-1]  # the fold's close
    average = AVERAGE.match(lines[-1]) if lines else None
    if average:
        lines = lines[:-1]
    table = _table(lines)
    if table is None or table[0] != HEADER or len(table[1]) != len(lines) - 2 or \
            any(len(row) != len(HEADER) for row in table[1]):
        return None
    name = _plain(sec.title)
    tasks = results_table_extras(data, *table, named="Task", others=taken)
    if not tasks or len(tasks) != sum(1 for row in table[1] if row[0]):
        return None
    taken.extend(tasks)
    for task in tasks:
        task["group"] = name
    group: dict[str, Any] = {"name": name}
    decimals = _decimals(tasks, table[1])
    if decimals is False:
        return None
    if decimals is not None:
        group["decimals"] = decimals
    if average is None:
        group["show_average"] = False
        return group
    for order in _orders(tasks):
        if _average_text(tasks, order, decimals) == average.group(1):
            return {**group, "average_of": order} if order else group
    return None


def _decimals(tasks: list[dict[str, Any]], rows: list[list[str]]) -> Any:
    """The group's decimals: None where each value shows as the task's own would, else the places every cell shows;
    False when neither shows the table's values."""
    cells = [(metric, row[3].strip()) for metric, row in zip(_row_metrics(tasks, rows), rows) if metric is not None]
    if all(fmt(m["value"], _own(task, m)) == cell for (task, m), cell in cells):
        return None
    places = {len(cell) - cell.index(".") - 1 if "." in cell else 0 for _, cell in cells}
    if len(places) == 1:
        [shown] = places
        if all(fmt(m["value"], shown) == cell for (_, m), cell in cells):
            return shown
    return False


def _row_metrics(tasks: list[dict[str, Any]], rows: list[list[str]]) -> list[Optional[tuple[dict, dict]]]:
    """The (task, metric) of each row with a numeric value; None for a row of text."""
    out: list[Optional[tuple[dict, dict]]] = []
    at = -1
    for row in rows:
        at += 1 if row[0] else 0
        task = tasks[at]
        label = _unescape(row[2])
        metric = next((m for m in task["metrics"] if label in (m.get("name"), m.get("type"))), None)
        out.append((task, metric) if metric is not None and "value" in metric else None)
    return out


def _own(task: dict[str, Any], metric: dict[str, Any]) -> Optional[int]:
    return task["decimals"] if task.get("decimals") is not None else metric.get("decimals")


def _orders(tasks: list[dict[str, Any]]) -> list[Optional[list[str]]]:
    """The averages a group can ask for, the default first: each task's first metric, one type, two in order."""
    types = list(dict.fromkeys(m["type"] for task in tasks for m in task["metrics"] if "type" in m))
    return [None, *([t] for t in types), *(list(pair) for pair in permutations(types[:6], 2))]


def _average_text(tasks: list[dict[str, Any]], order: Optional[list[str]], decimals: Optional[int]) -> Optional[str]:
    """The "Average:" the renderer writes for ``average_of: order`` (records.builder.evaluations.build_groups)."""
    values = []
    for task in tasks:
        metric = next((m for key in order for m in task["metrics"] if m.get("type") == key), None) if order \
            else task["metrics"][0]
        if metric is None:
            return None
        if isinstance(metric.get("value"), (int, float)) and not isinstance(metric.get("value"), bool):
            values.append(metric["value"])
    if not values:
        return None
    return fmt(round_half_up(mean(values), 2 if decimals is None else decimals))
