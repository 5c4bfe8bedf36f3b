"""The evaluation tables of an imported card the records rebuild: an Open LLM Leaderboard summary ("Metric | Value",
with its average and details link) and the shots and stderr of this generator's own results table."""

from __future__ import annotations

import re
from typing import Any, NamedTuple, Optional, Sequence

from generator.records.model import label_shots, name_shots
from generator.records.numbers import agrees_with_mean, fmt, mean, round_half_up, shows
from generator.sources.card_text import _number, _plain, _scalar, _Section, _table, _unescape
from generator.sources.common import Ingested

LINKED = re.compile(r"^\[(.+)\]\((https?://[^)\s]+)\)$")
AVERAGE_LABEL = re.compile(r"^(avg\.?|average)\b", re.I)
DETAILS_LINE = re.compile(r"^Detailed results can be found \[here\]\(https?://[^)\s]+\)\.?$")


class Edit(NamedTuple):
    """A results table cell whose number is not its model-index metric's value: the cell as written, the metric."""

    benchmark: str
    label: str
    cell: str
    metric: dict[str, Any]


def read_leaderboard(data: dict[str, Any], sec: _Section) -> bool:
    """An Open LLM Leaderboard summary table (the bot's "Metric | Value" section) -> ``data["leaderboards"]``, when the
    records can rebuild it exactly; otherwise the section stays text (False)."""
    table = _table(sec.lines)
    if not table or [h.strip() for h in table[0]] != ["Metric", "Value"]:
        return False
    if any(line.strip() and not line.lstrip().startswith("|") and not DETAILS_LINE.match(line.strip())
           for line in sec.lines):
        return False  # text of the card's own under the bot's heading: the section stays as written
    linked = LINKED.match(sec.title)
    title = _plain(linked.group(1) if linked else sec.title)
    source = re.sub(r"\s*Evaluation Results$", "", title, flags=re.I)
    evaluations = [e for e in data.get("evaluations", []) if (e.get("source") or {}).get("name") == source]
    if not evaluations or any("value" not in e["metrics"][0] for e in evaluations):
        return False  # none, or a score that is no number (`nan`), which no average takes: kept as written
    board: dict[str, Any] = {"source": source, "title": title}
    if sec.level != 2:
        board["level"] = sec.level  # the bot's `#` over its summaries of 2023-2024, kept as the card has it
    if linked:
        board["url"] = linked.group(2)
    details = re.search(r"\[here\]\((https?://[^)\s]+)\)", "\n".join(sec.lines))
    if details:
        board["details_url"] = details.group(1)
        if not any(DETAILS_LINE.match(line.strip()) and line.strip().endswith(".") for line in sec.lines):
            board["details_period"] = False  # the bot's line as it wrote it, with no period at its end
    if any(b.get("source") == source for b in data.get("leaderboards", [])):
        return False  # the bot appended a second table (an older leaderboard's): kept as the card shows it
    names = {e["benchmark"] for e in evaluations}
    for row in table[1]:
        label = _plain(row[0])
        if label in names:
            leaderboard_decimals([e for e in evaluations if e["benchmark"] == label], row)
            continue
        average = _number(row[1]) if len(row) > 1 else None
        if not AVERAGE_LABEL.match(label) or average is None or "average" in board:
            return False  # a row the model-index has no result for: not a table the records can rebuild
        board["average"] = _scalar(row[1]) if isinstance(_scalar(row[1]), (int, float)) else average
        board["average_label"] = label
    values = [e["metrics"][0]["value"] for e in evaluations]
    if "average" in board and not agrees_with_mean(board["average"], values)[0]:
        return False  # an average that is not the mean of the scores (the records refuse it): kept as written
    written = next((row[1].strip() for row in table[1] if _plain(row[0]) == board.get("average_label")), None)
    if written is not None and fmt(board["average"]) != written == fmt(round_half_up(mean(values), 2)):
        # the bot's 54.40, which the number 54.4 would show otherwise: the records compute it and show it as written
        del board["average"]
    elif written is not None and "." in written and fmt(board["average"]) != written:
        # the bot's 67.20 of scores whose mean is 67.19 (it averages the unrounded ones): reported, shown as written
        places = len(written) - written.index(".") - 1
        if fmt(board["average"], places) == written:
            board["average_decimals"] = places
    data.setdefault("leaderboards", []).append(board)
    return True


def results_table_extras(data: dict[str, Any], header: list[str], rows: list[list[str]], named: str = "Benchmark",
                         others: Sequence[dict[str, Any]] = (),
                         edited: Optional[list[Edit]] = None) -> list[dict[str, Any]]:
    """Shots (from the Shots column, else as the labels say them where model-index does too) and stderr of the
    evaluations in the model-index, which has no place for them; the results the model-index does not hold
    (``model_index: false``: a card's result without a task or dataset type the Hub needs) are read from their rows,
    at the decimals shown, in the place the table has them; a stderr at the decimals shown, kept where they end in
    zeros its number drops (0.0110); a group table's Version. Returns the evaluations the table shows (of two of one
    name, the one whose first row's score it shows). ``named``: the column naming each evaluation (a group table's
    Task); ``others``: the evaluations another table of the card shows, which this one does not; ``edited``: gets
    an :class:`Edit` of each cell whose number is not the model-index's value of its metric."""
    evaluations = data.get("evaluations", [])
    by_name: dict[str, list[dict]] = {}  # a name's evaluations, in order: its n-th group of rows is its n-th
    skipped = {id(other) for other in others}
    for e in evaluations:  # named as a cell shows it: a name's line breaks are spaces there
        if id(e) not in skipped:
            by_name.setdefault(" ".join(e["benchmark"].split()), []).append(e)
    current, new = None, False
    order: list[tuple[dict, bool]] = []  # the table's evaluations in its order; True: one its rows add
    for n, row in enumerate(rows):
        cells = dict(zip(header, row))
        if cells.get(named):
            name = _unescape(cells[named])
            alike = by_name.get(" ".join(name.split()))
            group = [dict(zip(header, r)) for r in rows[n:n + next(
                (i for i, r in enumerate(rows[n + 1:], 1) if dict(zip(header, r)).get(named)), len(rows) - n)]]
            current, new = (alike.pop(_shown_at(alike, group)), False) if alike else (_row_evaluation(name, cells), True)
            if current is not None:
                order.append((current, new))
            if current is not None and cells.get("Version"):
                written = _unescape(cells["Version"])  # the harness's task version: 1, or a string ("Yaml", "1.0")
                current["version"] = int(written) if re.fullmatch(r"-?[1-9]\d*|0", written) else written
        elif new and current is not None:
            metric = _row_metric(cells)
            if metric is not None:
                current["metrics"].append(metric)
        if current is None:
            continue
        if edited is not None and not new:
            _edited_cell(current, cells, edited)
        if cells.get("Shots"):
            shots = _scalar(cells["Shots"])
            if isinstance(shots, int):
                current["few_shot"] = shots
        shown = cells.get("Stderr", "").strip()
        stderr = _number(shown)
        label = _unescape(cells.get("Metric", ""))
        for metric in current["metrics"]:
            if stderr is not None and label in (metric.get("name"), metric.get("type")) and "stderr" not in metric:
                metric["stderr"] = stderr
                if "." in shown and shown.endswith("0") and re.fullmatch(r"\d+\.\d+", shown):
                    metric["stderr_decimals"] = len(shown) - shown.index(".") - 1  # 0.0110, which 0.011 would lose
                break
    if "Shots" not in header:  # each label says its count (arc (25-shot)), as the table shows it without the column
        for evaluation, added in order:
            shots = label_shots(evaluation["benchmark"])
            if shots is None:  # a name that says the count the label would (`MedNLI_0-shot`): the label does not
                shots = name_shots(evaluation["benchmark"])
            args = (evaluation.get("dataset") or {}).get("args")
            if shots is not None and "few_shot" not in evaluation and (
                    added or isinstance(args, dict) and args.get("num_few_shot") == shots):
                evaluation["few_shot"] = shots
    for n, (evaluation, added) in enumerate(order):
        if added:  # before the evaluation the table shows after it, so that the table keeps its order
            after = next((i for i, (e, later) in enumerate(order) if i > n and not later), None)
            at = next(i for i, e in enumerate(evaluations) if e is order[after][0]) if after is not None else \
                len(evaluations)
            evaluations.insert(at, evaluation)
    if order:
        data["evaluations"] = evaluations
    return [evaluation for evaluation, _ in order]


def _edited_cell(evaluation: dict[str, Any], cells: dict[str, str], edited: list[Edit]) -> None:
    """A row of the results table whose number is not the value of the model-index's metric it names, in a card of
    this generator's: a person's edit of the table on the Hub, which the records, read from the model-index, did not
    hold (publish54's driver: the block then stayed a conflict on every re-import, and nothing said why)."""
    label, cell = _unescape(cells.get("Metric", "")), cells.get("Value", "").strip()
    number = _number(cell)
    metrics = [metric for metric in evaluation.get("metrics") or []
               if label in (metric.get("name"), metric.get("type"))]  # (a label twice: knkarthick's Lsum, one a row)
    places = _places(cell)  # 79.9300: 4, not 2
    if number is not None and metrics and all(
            isinstance(m.get("value"), (int, float)) and not isinstance(m.get("value"), bool) and
            not shows(number, m.get("value"), places=places) for m in metrics):
        edited.append(Edit(evaluation["benchmark"], label, cell, metrics[0]))


def _places(cell: str) -> Optional[int]:
    """The decimals a cell's plain decimal number is written with (``79.9300``: 4); None for any other text."""
    return len(cell) - cell.index(".") - 1 if re.fullmatch(r"-?\d+\.\d+", cell) else None


def take_edits(edited: Sequence[Edit], result: Ingested,
               originals: Optional[dict[int, dict[str, Any]]] = None) -> None:
    """The numbers a person wrote over the results table's (:func:`_edited_cell`) taken into the records, the
    model-index following, each named with the number it replaces: the visible table, edited on the Hub after the
    generator wrote both, is the more recent intent (the Hub reads the model-index alone for its evaluation
    widget, which kept showing the old number, and the block stayed a conflict on every re-import). The Hub's
    signature of a verified score (``verify_token``) is of the old number: it goes, saying so. ``originals``: the
    metrics to change, by the id of the copy :func:`results_table_extras` saw."""
    for edit in edited:
        metric = (originals or {}).get(id(edit.metric), edit.metric)
        old = metric["value"]
        written = _scalar(edit.cell)
        metric["value"] = written if isinstance(written, (int, float)) else _number(edit.cell)
        metric.pop("decimals", None)
        places = _places(edit.cell)
        if places and (not isinstance(written, (int, float)) or places > 4):
            # 0.90: shown with its zero; 0.92341: with more decimals than a table shows by default (4), as typed
            metric["decimals"] = places
        signed = metric.pop("verify_token", None) is not None
        metric.pop("verified", None)
        result.warn("model-index", f"the results table shows {edit.cell} for {edit.benchmark} ({edit.label}), where "
                    f"the model-index gave {old}: the records take the table's {edit.cell} (edited on the Hub?), and "
                    "the model-index follows" + (", without the Hub's verifyToken, which signed "
                                                 f"{old}" if signed else ""),
                    f"if {old} was right, put it back in the table (or in the records)", code="scores-disagree")


def _shown_at(alike: list[dict[str, Any]], group: list[dict[str, str]]) -> int:
    """Which of the evaluations of one name a group of rows is: the one of its config and split (where the table shows
    them) whose scores its rows show, the most of them, else the first. (Ahmed007/distilbert-base-uncased-finetuned-
    emotion's table shows the Hub's verified result on emotion, not the Trainer's result on it before it, which the
    card left out of its table.)"""
    first = group[0]
    best, most = 0, 0
    for n, evaluation in enumerate(alike):
        dataset = evaluation.get("dataset") or {}
        if any(first.get(column) and _unescape(first[column]) != str(dataset.get(key) or "")
               for column, key in (("Config", "config"), ("Split", "split"))):
            continue
        metrics = evaluation.get("metrics", [])
        shown = sum(any(shows(_number(cells.get("Value", "")), m.get("value")) and " ".join(
            _unescape(cells.get("Metric", "")).lower().split()) in (str(m.get("name", "")).lower(),
                                                                      str(m.get("type", "")).lower()) for m in metrics)
                    for cells in group)
        if shown > most:
            best, most = n, shown
    return best


def _row_evaluation(name: str, cells: dict[str, str]) -> Optional[dict[str, Any]]:
    """An evaluation the model-index does not hold, from the first row of its results."""
    metric = _row_metric(cells)
    if metric is None:
        return None
    evaluation: dict[str, Any] = {"benchmark": name, "metrics": [metric]}
    dataset = {key.lower(): _unescape(cells[key]) for key in ("Config", "Split") if cells.get(key)}
    if dataset:
        evaluation["dataset"] = dataset
    evaluation["model_index"] = False
    return evaluation


def _row_metric(cells: dict[str, str]) -> Optional[dict[str, Any]]:
    """A metric of a results table row, as shown (the type its label, the value at the decimals shown)."""
    label, shown = _unescape(cells.get("Metric", "")), cells.get("Value", "").strip()
    if not label or not shown:
        return None
    value = _number(shown)
    if value is None:
        return {"type": label, "text": _unescape(shown)}
    metric: dict[str, Any] = {"type": label, "value": value}
    if "." in shown and not isinstance(_scalar(shown), (int, float)):
        metric["decimals"] = len(shown) - shown.index(".") - 1  # 0.90: shown with its zero
    return metric


def leaderboard_decimals(evaluations: list[dict[str, Any]], row: list[str]) -> None:
    """The bot writes every score with 2 decimals (30.90): the evaluation keeps them where its value shows
    otherwise (30.9), so the table shows the cell as written."""
    cell = row[1].strip() if len(row) > 1 else ""
    if not re.fullmatch(r"-?\d+\.\d+", cell):
        return
    places = len(cell) - cell.index(".") - 1
    for e in evaluations:
        value = e["metrics"][0].get("value") if e.get("metrics") else None
        if type(value) is int and cell == f"{value}.{'0' * places}" and "decimals" not in e:
            e["decimals"] = places  # the bot's 57.00 of a model-index `value: 57`: leaderboard_table pads it
        elif isinstance(value, float) and "decimals" not in e and fmt(value) != cell and fmt(value, places) == cell:
            e["decimals"] = places
