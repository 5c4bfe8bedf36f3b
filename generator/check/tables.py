"""A card's tables checked against its model-index and, for a card rendered in this process, against its
records: every number shown equals the value it stands for, at the precision shown."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional, Sequence

from generator.card.managed import PREFIX
from generator.card.model_index import IndexResult, index_results
from generator.errors import Problem
from generator.io.data import gc_paused
from generator.markdown.tables import ParsedTable, cell_text, parse_tables, read_run, table_runs
from generator.records.numbers import (
    HALF_UP,
    YAML_NAN,
    agrees_with_mean,
    finite_number,
    finite_text,
    no_number_code,
    number_text_fix,
    read_number,
    shows,
    text_number,
)

if TYPE_CHECKING:  # pragma: no cover - checking a README loads no renderer or records model (cold start)
    from generator.records.model import Records
    from generator.render.card import RenderedCard
    from generator.render.tables import Table


def _metric_keys(metric: dict) -> tuple:
    """What a table's Metric column may call a model-index metric: its name and its type, once when equal (compared,
    not hashed: a card may hold a mapping there)."""
    metric_name, metric_type = metric.get("name"), metric.get("type")
    if metric_name is None:
        return (metric_type,)
    if metric_type is metric_name or metric_type == metric_name:
        return (metric_name,)
    return (metric_name, metric_type)


def _index_values(meta: dict, results: Optional[Sequence[IndexResult]] = None
                  ) -> tuple[dict[tuple[str, str], list[Any]], dict[str, Any]]:
    """(benchmark, metric name or type) -> its values in model-index order (several when results of one benchmark
    name differ by split or config, as MTEB's dev and test do), and benchmark -> first metric value.
    ``results``: ``index_results(meta)`` when the caller has them."""
    by_metric: dict[tuple[str, str], list[Any]] = {}
    first: dict[str, Any] = {}
    for result in index_results(meta) if results is None else results:
        if result.dataset is None:
            continue
        name = str(result.dataset.get("name"))
        for _, m in result.metrics:
            value = m.get("value")
            for key in _metric_keys(m):
                if key is not None:
                    values = by_metric.get((name, str(key)))
                    if values is None:
                        by_metric[name, str(key)] = [value]
                    else:
                        values.append(value)
        if result.metrics:
            first.setdefault(name, result.metrics[0][1].get("value"))
    return by_metric, first


def _placed_values(meta: dict, results: Optional[Sequence[IndexResult]]
                   ) -> dict[tuple[str, str], list[tuple[Any, str, str]]]:
    """As :func:`_index_values`' first, each value with its result's dataset config and split ('' for none): the
    places a results table's Config and Split columns tell apart."""
    placed: dict[tuple[str, str], list[tuple[Any, str, str]]] = {}
    for result in index_results(meta) if results is None else results:
        if result.dataset is None:
            continue
        name = str(result.dataset.get("name"))
        config, split = (str(result.dataset.get(k) or "") for k in ("config", "split"))
        for _, m in result.metrics:
            for key in _metric_keys(m):
                if key is not None:
                    placed.setdefault((name, str(key)), []).append((m.get("value"), config, split))
    return placed


def _cell(row: Sequence[str], i: Optional[int]) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


def _result_values(meta: dict, results: Optional[Sequence[IndexResult]], name: str) -> list[Any]:
    """Every metric value of the model-index results of dataset ``name``: the Open LLM Leaderboard bot, run again on
    a renamed model, adds its new scores to each result after the old ones and a second table showing them."""
    return [m.get("value") for result in (index_results(meta) if results is None else results)
            if result.dataset is not None and str(result.dataset.get("name")) == name for _, m in result.metrics]


def check_index_numbers(meta: dict, name: str, results: Optional[Sequence[IndexResult]] = None) -> list[Problem]:
    """A warning for each model-index value that is not a number (``abc``, ``'45.3%'``, ``''``): the Hub
    shows it as written and cannot sort or compare it. A number in quotes is read as the number, and a mean ±
    spread (``1528.00 +/- 875.81``) as the mean: RL libraries write a mean reward so."""
    problems = []
    for result in index_results(meta) if results is None else results:
        for k, metric in result.metrics:
            value = metric.get("value")
            if not isinstance(value, str) or finite_text(value) or text_number(value) is not None:
                continue
            problems.append(Problem(name, f"{result.where}.metrics[{k}].value", f"{value!r} is not a number",
                                    number_text_fix(value), severity="warning", code=no_number_code(value)))
    return problems


def _number_cell_tables(made: Sequence[Table]) -> dict[int, Table]:
    """The tables of ``made`` whose numbers number_cell wrote, by the id of their plain rows (see Table.plain)."""
    if not made:
        return {}
    from generator.render.tables import NUMBER_CELL_KINDS  # a card rendered in this process: the renderer is loaded

    return {id(t.plain()[1]): t for t in made if t.kind in NUMBER_CELL_KINDS}


def _as_written(text: str, value: Any) -> bool:
    """Whether ``text`` is finite float ``value`` written as Python writes it (its shortest repr), or int ``value``
    in digits: then it shows the value exactly, as ``shows(ties=HALF_UP)`` would find at more cost."""
    kind = type(value)
    if kind is float:
        return text == repr(value) and "n" not in text
    return kind is int and text == str(value)


def _same_text(shown: str, text: str) -> bool:
    """Whether a table cell shows a value written as text, as the card's markdown shows it (whitespace runs
    are one space there); `nan` in any case (the Open LLM Leaderboard bot writes NaN)."""
    return shown.split() == text.split() or shown.strip().lower() == text.strip().lower() == "nan"


def _disagrees(name: str, line: int, label: str, shown: Any, expected: Any, body: str, table: ParsedTable) -> Problem:
    """A table cell of a README that shows another value than its model-index: an error in a table this generator
    wrote (:func:`_vouched`); in another's (anthracite-org/magnum-v1-72b's table and model-index differ), a
    warning: the Hub takes the card, and which of the two is right is its author's to say."""
    if _vouched(body, table):
        return Problem(name, f"line {line}", f"table shows {label} = {shown}, model-index says {expected}",
                       "make the table and the model-index agree (re-render from the records)",
                       code="table-value-mismatch")
    return Problem(name, f"line {line}", f"table shows {label} = {shown}, model-index says {expected}: the Hub "
                   "takes the card, but one of the two is wrong", "make the table and the model-index agree",
                   severity="warning", code="table-value-mismatch")


def _written_here(body: str) -> bool:
    """Whether this generator wrote the card (its body holds the generator's markers)."""
    return PREFIX in body


def _vouched(body: str, table: ParsedTable) -> bool:
    """Whether ``table`` is one this generator wrote, which it vouches for: in a card it wrote, a table whose header
    and rule lines are as the renderer writes them (to_markdown: each column padded to its width, between `| ` and
    ` |`; its rows may have been edited, which is then the table's problem). A table of the person's text the card
    keeps (the Open LLM Leaderboard bot's `|Avg.  |23.38|`, kept as written when the records refuse its average) is
    theirs, as in the card it was imported from: a problem in it is a warning."""
    if not _written_here(body):
        return False
    from generator.render.tables import Table, to_markdown

    lines = [line.rstrip("\r") for line in body.split("\n")[table.line - 1:table.line + 1]]  # a README saved with CRLF
    if len(lines) < 2 or not all(line.startswith("| ") and line.endswith(" |") for line in lines):
        return False
    header = tuple(lines[0][2:-2].split(" | "))  # each cell as padded: to_markdown pads no further
    rule = [cell.strip() for cell in lines[1][2:-2].split(" | ")]
    align = tuple("c" if r[:1] == ":" and r[-1:] == ":" else "r" if r[-1:] == ":" else "l" for r in rule)
    return len(rule) == len(header) and to_markdown(Table("", header, (), align)) == "\n".join(lines)


@gc_paused()
def check_tables_against_index(meta: dict, body: str, name: str, first_line: int = 1,
                               parsed: Optional[Sequence[ParsedTable]] = None,
                               results: Optional[Sequence[IndexResult]] = None,
                               made: Sequence[Table] = ()) -> tuple[list[Problem], int, int]:
    """Results and leaderboard tables of a card must show its model-index values, at the precision shown.
    ``parsed``: the body's tables when the caller has them (see :func:`rendered_tables`); ``results``: the
    model-index's (``index_results(meta)``); ``made``: the renderer's tables, when ``parsed`` takes a table's
    cells from them (a card rendered in this process)."""
    by_metric, first = _index_values(meta, results)
    placed: Optional[dict[tuple[str, str], list[tuple[Any, str, str]]]] = None  # made for a Config or Split column
    problems: list[Problem] = []
    tables = values = 0
    sources = _number_cell_tables(made)
    for table in parse_tables(body) if parsed is None else parsed:
        header = [h.strip() for h in table.header]
        if header[:1] == ["Benchmark"] and "Metric" in header and "Value" in header:
            tables += 1
            mi, vi = header.index("Metric"), header.index("Value")
            # Config and Split columns tell apart results of one benchmark (shown on its first row): a row stands
            # for the model-index results of its place only (an imported table's score beside a new one, elsewhere)
            ci = header.index("Config") if "Config" in header else None
            si = header.index("Split") if "Split" in header else None
            if (ci is not None or si is not None) and placed is None:
                placed = _placed_values(meta, results)
            places = placed if ci is not None or si is not None else None
            benchmark = ""
            place = ("", "")
            seen: dict[tuple[str, ...], int] = {}  # the n-th row of a key stands for its n-th model-index result
            source = sources.get(id(table.rows))
            cells = source.rows if source is not None and source.plain()[1] is table.rows else None
            for r, row in enumerate(table.rows):
                benchmark = row[0] or benchmark
                pair = (benchmark, row[mi] if mi < len(row) else "")
                key: tuple[str, ...] = pair
                if places is None:
                    candidates = by_metric.get(pair)
                else:
                    if row[0]:
                        place = (_cell(row, ci), _cell(row, si))
                    candidates = [v for v, config, split in places.get(pair, ()) if
                                  (ci is None or config == place[0]) and (si is None or split == place[1])]
                    key += place
                if not candidates:
                    continue
                n = seen[key] = seen.get(key, -1) + 1
                expected = candidates[n] if n < len(candidates) else candidates[0]
                if isinstance(expected, (list, dict)):
                    continue  # a list or mapping (MTEB's v_measures): no score a cell could show or disagree with
                if cells is not None and vi < len(row) and cells[r][vi].value is expected and \
                        type(expected) is not Decimal and finite_number(expected):
                    # the cell number_cell wrote from this very value: it shows it, at the cell's decimals, as
                    # the check reads the cell back (tests/test_tables.py holds this for every number and decimals)
                    values += 1
                    continue
                if vi < len(row) and _as_written(row[vi].strip(), expected):
                    values += 1  # shown exactly as the model-index holds it
                    continue
                if type(expected) is float and expected != expected:  # YAML's `.nan`, which a table shows as nan
                    values += 1
                    if vi >= len(row) or not _same_text(row[vi], "nan"):
                        problems.append(_disagrees(name, first_line + table.line + r + 1, f"{key[0]} {key[1]}",
                                                   row[vi] if vi < len(row) else "", expected, body, table))
                    continue
                if isinstance(expected, str) and (text_number(expected) is not None or not finite_text(expected)):
                    values += 1  # a value written as text (`1528.00 +/- 875.81`, `nan`) is shown as written
                    if vi >= len(row) or not any(isinstance(v, str) and _same_text(row[vi], v) for v in candidates):
                        problems.append(_disagrees(name, first_line + table.line + r + 1, f"{key[0]} {key[1]}",
                                                   row[vi] if vi < len(row) else "", expected, body, table))
                    continue
                shown = read_number(row[vi]) if vi < len(row) else None
                if shown is None:
                    continue
                values += 1
                # as people and other tools write it: a tie either way, a fraction as its percentage or the reverse,
                # a number in quotes as check_index_numbers reads it
                if not shows(shown, expected, percent=True, quoted=True) and not any(
                        shows(shown, v, percent=True, quoted=True) for v in candidates):
                    problems.append(_disagrees(name, first_line + table.line + r + 1, f"{key[0]} {key[1]}", shown,
                                               expected, body, table))
        elif header == ["Metric", "Value"]:
            shown_values = []
            average_row = None
            stray = False
            tables += any(row and row[0] in first for row in table.rows)
            for r, row in enumerate(table.rows):
                expected = first.get(row[0]) if row else None
                if isinstance(expected, float) and not math.isfinite(expected) or isinstance(expected, (list, dict)):
                    stray = True  # a `.nan` score (the Hub takes it), a list: no mean to check, nor a number to compare
                    continue
                written = text_number(expected) if isinstance(expected, str) else None
                no_number = isinstance(expected, str) and written is None and not finite_text(expected)  # `nan`
                if (written is not None or no_number) and len(row) > 1:  # a value written as text: shown as written
                    values += 1
                    if written is not None:
                        shown_values.append(written)
                    else:
                        stray = True  # a score that is no number: there is no mean to check
                    if not _same_text(row[1], expected):  # type: ignore[arg-type]
                        problems.append(_disagrees(name, first_line + table.line + r + 1, row[0], row[1], expected,
                                                   body, table))
                    continue
                shown = read_number(row[1]) if len(row) > 1 else None
                if shown is None:
                    continue
                if row[0] in first:
                    values += 1
                    shown_values.append(shown)
                    if not shows(shown, first[row[0]], percent=True, quoted=True) and not any(
                            shows(shown, v, percent=True, quoted=True) for v in _result_values(meta, results, row[0])):
                        problems.append(_disagrees(name, first_line + table.line + r + 1, row[0], shown,
                                                   first[row[0]], body, table))
                elif average_row is None:
                    average_row = (r, row[0], shown)
                else:  # a second row the model-index lacks (an older leaderboard's table): its mean is not ours to check
                    stray = True
            if average_row and shown_values and not stray:
                r, label, shown = average_row
                ok, computed = agrees_with_mean(shown, shown_values)
                if not ok:
                    # in a table this generator did not write, the average is its author's (the Open LLM Leaderboard
                    # bot's): the Hub takes the card, so it is a warning
                    problems.append(Problem(name, f"line {first_line + table.line + r + 1}",
                                            f"{label} {shown} is not the mean of the values shown ({computed:.4f})",
                                            "correct the average or the values", code="average-mismatch",
                                            severity="error" if _vouched(body, table) else "warning"))
    return problems, tables, values


def _records_tables(records: Records, top: bool = True, card: Optional[RenderedCard] = None
                    ) -> list[tuple[Records, Table, bool]]:
    """Tables of a record set and of the original card it embeds, in card order."""
    from generator.render.tables import all_tables

    out = [(records, t, top) for t in (card.tables if card is not None else all_tables(records))]
    if records.original is not None and records.original.records is not None:
        out += _records_tables(records.original.records, top=False)
    return out


@gc_paused()
def check_rendered_tables(records: Records, card: RenderedCard, body: str,
                          parsed: Optional[Sequence[ParsedTable]] = None) -> tuple[list[Problem], int, int]:
    """Every value a table of the card shows equals its record (rounded as shown) and, for
    evaluations in the card's model-index, the model-index entry parsed back from the card."""
    problems: list[Problem] = []
    by_header: dict[tuple[str, ...], list[ParsedTable]] = {}
    for t in parse_tables(body) if parsed is None else parsed:
        by_header.setdefault(t.header, []).append(t)
    from generator.render.tables import NUMBER_CELL_KINDS  # records and a rendered card: the renderer is loaded

    meta_index = (card.metadata.get("model-index") or [{}])[0].get("results") or []
    indexed = {e.index: n for n, e in enumerate(records.indexed_evaluations)}
    tables = values = 0
    for owner, table, top in _records_tables(records, card=card):
        header, plain_rows = table.plain()
        candidates = by_header.get(header)
        if not candidates:
            continue  # a user template may leave a table out
        # a table a person wrote with the same header (a copy of a leaderboard's) is not the generated one
        shown_table = next((t for t in candidates if _same_labels(table, t)), candidates[0])
        candidates.remove(shown_table)
        tables += 1
        # the body shows this very table's cells (rendered_tables took them from it), each number written by
        # number_cell, which shows it at its decimals (tests/test_tables.py holds so for every number)
        as_made = shown_table.rows is plain_rows and table.kind in NUMBER_CELL_KINDS
        for r, row in enumerate(table.rows):
            shown_row = shown_table.rows[r] if r < len(shown_table.rows) else ()
            for c, cell in enumerate(row):
                value = cell.value
                if value is None:
                    continue
                if isinstance(value, str):  # a metric written as text; any other is a comparison's fraction
                    if cell.ref is not None and cell.ref.metric is not None:
                        values += 1
                        problems += _check_text_cell(owner, table, shown_table, r, c, cell,
                                                     meta_index if top else None, indexed)
                    continue
                values += 1
                text = shown_row[c] if c < len(shown_row) else "nothing"
                if as_made and finite_number(value):
                    exact, shown = False, None  # shows its value (exact or not: what follows reads the text anew)
                else:
                    exact = cell.decimals is None and _as_written(text, value)
                    shown = None if exact else read_number(text)
                    if not exact and (shown is None or not shows(shown, value, ties=HALF_UP, places=cell.decimals)):
                        problems.append(Problem(owner.source, f"body line {shown_table.line + r + 2}",
                                                f"table {table.title or table.kind!r} shows {text} "
                                                f"where the records say {value}",
                                                "re-render the card; do not edit generated tables by hand",
                                                code="table-value-mismatch"))
                        continue
                ref = cell.ref
                if top and ref is not None and ref.evaluation in indexed and ref.metric is not None:
                    result = meta_index[indexed[ref.evaluation]]
                    index_value = result["metrics"][ref.metric]["value"]
                    if isinstance(index_value, str) and text_number(index_value) is not None:
                        index_value = text_number(index_value)  # a comparison shows the number of a metric's text
                    # the model-index written from these records holds the cell's own value: shown as just found
                    if index_value is value or exact and _as_written(text, index_value):
                        continue
                    shown = read_number(text) if shown is None else shown
                    if shown is None or not shows(shown, index_value, ties=HALF_UP, places=cell.decimals):
                        where = f"body line {shown_table.line + r + 2}"
                        problems.append(Problem(owner.source, where, f"table shows {shown} but model-index says "
                                                f"{index_value}", "re-render the card",
                                                code="table-value-mismatch"))
    return problems, tables, values


def _check_text_cell(owner: Records, table: Table, shown_table: ParsedTable, r: int, c: int, cell: Any,
                     meta_index: Optional[list], indexed: dict[int, int]) -> list[Problem]:
    """A cell showing a metric's text: as the records write it and, for an evaluation in the card's model-index
    (``meta_index``: the top card's results), as the model-index holds it, character for character."""
    shown_row = shown_table.rows[r] if r < len(shown_table.rows) else ()
    text = shown_row[c] if c < len(shown_row) else "nothing"
    where = f"body line {shown_table.line + r + 2}"
    if text != cell_text(cell.text):
        return [Problem(owner.source, where, f"table {table.title or table.kind!r} shows {text} where the records "
                        f"say {cell.value}", "re-render the card; do not edit generated tables by hand",
                        code="table-value-mismatch")]
    ref = cell.ref
    if meta_index is not None and ref.evaluation in indexed:
        index_value = meta_index[indexed[ref.evaluation]]["metrics"][ref.metric]["value"]
        if index_value != cell.value and not (cell.value == YAML_NAN and index_value != index_value):
            return [Problem(owner.source, where, f"table shows {text} but model-index says {index_value}",
                            "re-render the card", code="table-value-mismatch")]
    return []


def _same_labels(table: Table, shown: ParsedTable) -> bool:
    """Whether ``shown`` has the rows of ``table``, labelled alike in its first column."""
    rows = table.plain()[1]
    return len(shown.rows) == len(rows) and all(
        row and shown_row and row[0] == shown_row[0] for row, shown_row in zip(rows, shown.rows))


def _pipe_free(table: Table) -> bool:
    """Whether no header or cell of ``table`` holds a pipe: at once when its markdown has only the pipes that
    bound its cells (one more than the columns on each line, every row full), else cell by cell."""
    columns = len(table.header)
    if table.markdown().count("|") == (columns + 1) * (len(table.rows) + 2) and all(
            len(row) == columns for row in table.rows):
        return True
    return not any("|" in h for h in table.header) and not any("|" in c.text for row in table.rows for c in row)


def embedded_tables(records: Records) -> list[Table]:
    """The tables of the original card a record set embeds (and of the one it embeds, and so on), in card order."""
    original = records.original
    return [] if original is None or original.records is None else [
        t for _, t, _ in _records_tables(original.records, top=False)]


def rendered_tables(card: RenderedCard, blank_lines: int = 1, embedded: Sequence[Table] = ()) -> list[ParsedTable]:
    """The tables of a card rendered in this process, as :func:`parse_tables` reads them from its
    body after the frontmatter (``"\\n" + card.body``; ``blank_lines=0``: from ``card.body`` itself): a run
    of table lines that is exactly the text of one of the renderer's tables (``embedded``: also those of the
    original card it embeds, :func:`embedded_tables`) is taken from that table's cells, not read again; any other
    run (a table in free text, a user template's own) is read."""
    known: dict[str, Any] = {}
    for table in (*card.tables, *embedded):
        # a pipe inside a cell (escaped or not) changes how a row splits: such a table is read back
        if _pipe_free(table):
            known.setdefault(table.markdown(), table)
    tables: list[ParsedTable] = []
    for start, lines in table_runs("\n" * blank_lines + card.body):
        table = known.get("\n".join(lines))
        if table is None:
            tables += read_run(lines, start)
        else:
            header, rows = table.plain()
            tables.append(ParsedTable(header, rows, start + 1))
    return tables
