"""Every table of the card as data, and its markdown.

Tables are built here from the records, so the templates only place them and
the check can compare what a card shows with what the records hold: each
:class:`Cell` remembers the value it displays.
"""

from __future__ import annotations

import re
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple, Optional, Sequence, Union, cast

from generator.frozen import dataclass  # dataclasses.dataclass, the methods compiled ahead of time
from generator.markdown.escapes import escape_text, heading_end, inert
from generator.markdown.tables import cell_text
from generator.records.builder.base import make
from generator.records.methods import key_metrics, metric_key
from generator.records.model import Comparison, Evaluation, Group, Leaderboard, Metric, Records, Ref, Training
from generator.records.numbers import mean, round_half_up, show, sort_key

Value = Union[int, float, Decimal, str, None]

_SPACE = re.compile(r"\s")
WEB = ("http://", "https://")  # what a link's URL starts with


def _percent(match: re.Match[str]) -> str:
    return "%{:02X}".format(ord(match.group(0)))


def safe_url(url: str) -> str:
    """A URL that cannot break out of markdown link syntax."""
    url = _SPACE.sub(_percent, url)
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def link(label: str, url: Optional[str]) -> str:
    text = escape_text(label)
    if url and url.startswith(WEB):
        return f"[{text}]({safe_url(url)})"
    return text


LINK_TITLE = re.compile(r"\[([^\[\]]+)\]\((https?://[^\s()<>]+)\)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")  # a code span: a run of backticks, closed by the same run


def escape_heading(title: str) -> str:
    """A section title made inert as :func:`escape_text` makes it, except a title that is one whole http(s) link (a
    card's ``## [Open LLM Leaderboard Evaluation Results](url)``, which card import keeps as the title): that link;
    and its code spans (Narrativaai/fake-news-detection-spanish's ``### Fast usage with HF `pipelines```), which show
    their text as written, inert already: kept as code."""
    title = str(title)
    whole = LINK_TITLE.fullmatch(title)
    if whole:
        return link(whole.group(1), whole.group(2))
    if "`" not in title:
        return heading_end(escape_text(title))
    title, out, at = " ".join(title.split()), [], 0
    for span in _CODE_SPAN.finditer(title):
        out += [inert(title[at:span.start()]), span.group(0)]
        at = span.end()
    return heading_end("".join(out) + inert(title[at:]))


class Cell(NamedTuple):
    """One cell of a table (a tuple: a large card builds one per value shown)."""

    text: str  # markdown shown
    value: Value = None  # the number (or fraction) shown, for the check
    decimals: Optional[int] = None
    ref: Optional[Ref] = None


_TEXT = itemgetter(0)  # a Cell's text (its first field), read by a C loop


@dataclass(frozen=True)
class Table:
    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...] = ()  # "l", "r" or "c" per column
    title: str = ""
    notes: tuple[str, ...] = ()

    def markdown(self) -> str:
        """The table as GFM, made once: the template writes it and the check looks for it in the card."""
        text = self.__dict__.get("_markdown")
        if text is None:
            text = to_markdown(self)
            object.__setattr__(self, "_markdown", text)  # a memo, not a field: equality and hash ignore it
        return text

    def plain(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """(header, rows) as plain text, as a reader of the table's markdown reads each cell (``cell_text``),
        made once: the check takes a rendered table from them instead of reading its markdown again."""
        plain = self.__dict__.get("_plain")
        if plain is None:
            plain = (tuple(map(cell_text, self.header)),  # by C loops: a card's check reads every cell
                     tuple([tuple(map(cell_text, map(_TEXT, row))) for row in self.rows]))
            object.__setattr__(self, "_plain", plain)  # a memo, as markdown()
        return plain


def to_markdown(table: Table) -> str:
    """The table as GFM, each column padded to its widest cell, so the README's raw text stays aligned."""
    widths = [len(h) for h in table.header]
    columns = len(widths)
    texts = [list(map(_TEXT, row)) for row in table.rows]
    if texts and all(len(row) == columns for row in texts):  # column by column: the same widths as cell by cell
        for i, column in enumerate(zip(*texts)):
            widths[i] = max(widths[i], max(map(len, column)))
    else:
        for row in table.rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(cell.text))
    align = table.align or tuple("l" for _ in table.header)

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, text in enumerate(cells):
            parts.append(text.rjust(widths[i]) if align[i] == "r" else text.ljust(widths[i]))
        return "| " + " | ".join(parts) + " |"

    # a full row in one format call: "{:>w}" pads as rjust(w), "{:<w}" as ljust(w); neither cuts a longer text
    padded = "| " + " | ".join(("{:>%d}" if a == "r" else "{:<%d}") % w if w else "{}"
                               for a, w in zip(align, widths)) + " |"
    rule = []
    for i, a in enumerate(align):
        w = max(widths[i], 3)
        rule.append(("-" * (w - 1) + ":") if a == "r" else (":" + "-" * (w - 2) + ":") if a == "c" else "-" * w)
    out = [line(table.header), "| " + " | ".join(rule) + " |"]
    out.extend(padded.format(*row) if len(row) == columns else line(row) for row in texts)
    return "\n".join(out)


def number_cell(value: Value, decimals: Optional[int] = None, bold: bool = False, ref: Optional[Ref] = None) -> Cell:
    """A value as people read it (see :func:`generator.records.numbers.show`); the cell keeps the
    full value and the decimals it was rounded to, for the check."""
    kind = type(value)
    if decimals and kind is float and value:
        # written with at most ``decimals`` decimals (54.1 at 2): show() rounds nothing and pads zeros (54.10)
        text = repr(value)
        places = len(text) - text.find(".") - 1
        if places <= decimals and "e" not in text and "n" not in text:
            text += "0" * (decimals - places)
            return Cell(f"**{text}**" if bold else text, value, decimals, ref)
    elif decimals is None and kind is float:
        number = cast(float, value)
        text = repr(number)  # a float with at most 4 decimals and at least 0.001 shows as written (most values)
        dot = text.find(".")
        if 0 < dot and len(text) - dot <= 5 and text[-2:] != ".0" and "e" not in text and abs(number) >= 0.001:
            return Cell(f"**{text}**" if bold else text, value, None, ref)
        if number.is_integer() and abs(number) < 1e16:  # a whole float loses its .0, as show() writes it
            text = str(int(number))
            return Cell(f"**{text}**" if bold else text, value, None, ref)
    elif kind is int:  # shown as an integer whatever the decimals, as show() writes it
        text = str(value)
        return Cell(f"**{text}**" if bold else text, value, None, ref)
    shown = show(value, decimals)
    text = f"**{shown.text}**" if bold and value is not None else shown.text
    return Cell(text=text, value=value, decimals=shown.decimals, ref=ref)


# The kinds of table whose every cell holding a number was written by number_cell from that number (the training
# tables also show values as the card wrote them): such a cell shows its value at its decimals, which
# tests/test_tables.py holds for every number, so the check of a card rendered in this process takes it as shown.
NUMBER_CELL_KINDS = frozenset({"results", "group", "leaderboard", "comparison"})


def metric_cell(metric: Metric, decimals: Optional[int] = None, ref: Optional[Ref] = None) -> Cell:
    """A metric's value: as the card writes it when that is text (``1528.00 +/- 875.81``), the text being the
    cell's value the check compares with the model-index; else its number (:func:`number_cell`: an integer, such
    as a count of samples, shown as one whatever the decimals)."""
    if metric.text is None:  # at the decimals asked, else at those it was written with (57.50)
        return number_cell(metric.value, metric.decimals if decimals is None else decimals, ref=ref)
    return Cell(escape_text(metric.shown or ""), metric.text, None, ref)


def text_cell(text: str) -> Cell:
    return Cell(text=escape_text(text))


# ---------------------------------------------------------------------------- results


def _telling_apart(evaluations: Sequence[Evaluation]) -> tuple[bool, bool]:
    """Whether a Config and a Split column are needed: when evaluations of one benchmark name differ in their
    dataset's config or split (a sentence-transformers card's MTEB results on a dev and a test split)."""
    seen: dict[str, tuple[Optional[str], Optional[str]]] = {}
    config = split = False
    for e in evaluations:
        other = seen.setdefault(e.benchmark, (e.dataset_config, e.dataset_split))
        config = config or other[0] != e.dataset_config
        split = split or other[1] != e.dataset_split
    return config, split


def _benchmark_order(evaluations: Sequence[Evaluation]) -> list[Evaluation]:
    """The evaluations with the results of one benchmark together, at the place of its first, and those at several
    shot counts by shot count (a folder's runs came in file order: saucam/Nereus-7B's arc_challenge 0-shot among the
    0-shot tasks, its 25-shot run 30 rows below). A benchmark is its name without the shot count the readers add
    (``arc_challenge (25-shot)``); results alike otherwise keep their order."""
    def name(e: Evaluation) -> str:
        return e.benchmark.replace(f" ({e.few_shot}-shot)", "", 1) if e.few_shot is not None else e.benchmark
    place: dict[str, int] = {}
    for e in evaluations:
        place.setdefault(name(e), len(place))
    return sorted(evaluations, key=lambda e: (place[name(e)], -1 if e.few_shot is None else e.few_shot))


def results_table(evaluations: Sequence[Evaluation]) -> Optional[Table]:
    """Benchmark | Config | Split | Shots | Metric | Value | Stderr, one row per metric, the results of one benchmark
    together (``_benchmark_order``); Config and Split only to tell apart results of one benchmark name, Shots only
    for a shot count its benchmark's label does not say (``Evaluation.label_says_shots``). A metric whose value is a
    list or mapping (MTEB's v_measures) has no row: it is no one score to show."""
    if not evaluations:
        return None
    evaluations = _benchmark_order([e for e in evaluations  # (its first metric a score: at once, as most are)
                                    if e.metrics[0].values is None or any(m.values is None for m in e.metrics)])
    configs, splits = _telling_apart(evaluations)
    # a Shots column only for a count no label says: lm-eval's and lighteval's say theirs (`arc (25-shot)`)
    shots = any(e.few_shot is not None and not e.label_says_shots for e in evaluations)
    stderr = any(m.stderr is not None for e in evaluations for m in e.metrics)
    where = (["Config"] if configs else []) + (["Split"] if splits else [])
    header = ["Benchmark"] + where + (["Shots"] if shots else []) + ["Metric", "Value"] + (["Stderr"] if stderr else [])
    rows = []
    empty = Cell("")
    labels: dict[str, Cell] = {}  # a metric label's cell, made once
    for e in evaluations:
        opening = True  # the evaluation's first row shows its benchmark
        for j, m in enumerate(e.metrics):
            if m.values is not None:  # a list or mapping: model-index alone holds it
                continue
            label = labels.get(m.label)
            if label is None:
                label = labels[m.label] = text_cell(m.label)
            value = metric_cell(m, e.decimals, make(Ref, evaluation=e.index, metric=j))
            first: tuple[Cell, ...] = (text_cell(e.benchmark) if opening else empty,)
            if where:
                first += tuple(text_cell(part or "") if opening else empty for part, shown in
                               ((e.dataset_config, configs), (e.dataset_split, splits)) if shown)
            if shots:
                shot = number_cell(e.few_shot) if opening and e.few_shot is not None else empty
                row: tuple[Cell, ...] = first + (shot, label, value)
            else:
                row = first + (label, value)
            if stderr:  # at the value's precision: the same rule and decimals
                row += (number_cell(m.stderr, m.stderr_decimals if e.decimals is None else e.decimals)
                        if m.stderr is not None else empty,)
            rows.append(row)
            opening = False
    if not rows:  # every metric a list or mapping, which model-index alone holds
        return None
    align = ("l",) * (1 + len(where)) + (("r",) if shots else ()) + ("l", "r") + (("r",) if stderr else ())
    return Table(kind="results", header=tuple(header), rows=tuple(rows), align=align)


def _leaderboard_score(metric: Metric, decimals: Optional[int], ref: Ref) -> Cell:
    """A leaderboard score: as metric_cell shows it, except that an integer is padded to the decimals (the Open LLM
    Leaderboard bot writes every score with 2, 57.00 where its model-index says 57: the import keeps them)."""
    if decimals and metric.text is None and type(metric.value) is int:
        return Cell(f"{metric.value}.{'0' * decimals}", metric.value, decimals, ref)
    return metric_cell(metric, decimals, ref)


def leaderboard_table(board: Leaderboard) -> Table:
    rows = [(text_cell(board.average_label), number_cell(board.average, board.average_decimals))]
    for e in board.evaluations:
        rows.append((text_cell(e.benchmark),
                     _leaderboard_score(e.metrics[0], e.decimals, Ref(evaluation=e.index, metric=0))))
    return Table(kind="leaderboard", header=("Metric", "Value"), rows=tuple(rows), align=("l", "r"),
                 title=board.title)


_EMPTY = Cell("")
_PLUS_MINUS = Cell("±")


def group_table(group: Group) -> Table:
    """lm-evaluation-harness style: Task | Version | Metric | Value | ± | Stderr."""
    rows = []
    labels: dict[str, Cell] = {}  # a metric label's cell, made once
    for e in group.tasks:
        decimals = group.decimals if group.decimals is not None else e.decimals
        task = text_cell(e.benchmark)
        version = Cell(escape_text(str(e.version))) if e.version is not None else _EMPTY
        first = True
        for j, m in enumerate(e.metrics):
            if m.values is not None:  # a list or mapping: model-index alone holds it
                continue
            label = labels.get(m.label)
            if label is None:
                label = labels[m.label] = text_cell(m.label)
            stderr = m.stderr
            rows.append((
                task if first else _EMPTY,
                version if first else _EMPTY,
                label,
                metric_cell(m, decimals, make(Ref, evaluation=e.index, metric=j)),
                _EMPTY if stderr is None else _PLUS_MINUS,
                _EMPTY if stderr is None else number_cell(stderr, m.stderr_decimals if decimals is None else decimals),
            ))
            first = False
    return Table(kind="group", header=("Task", "Version", "Metric", "Value", "", "Stderr"), rows=tuple(rows),
                 align=("l", "r", "l", "r", "c", "r"), title=group.name)


# ---------------------------------------------------------------------------- comparisons


def _best(values: Sequence[Value], higher: bool) -> set[int]:
    keyed = [(i, k) for i, k in ((i, sort_key(v)) for i, v in enumerate(values)) if k is not None]
    if len(keyed) < 2:
        return set()
    target = max(k for _, k in keyed) if higher else min(k for _, k in keyed)
    return {i for i, k in keyed if k == target}


def comparison_table(c: Comparison) -> Table:
    columns = list(c.columns)
    # matrix[column][row]
    matrix: list[list[Value]] = [[row.scores[j] for row in c.rows] for j in range(len(columns))]
    refs: list[list[Optional[Ref]]] = [[(row.refs[j] if row.refs else None) for row in c.rows] for j in range(len(columns))]
    labels = [link(col.label, col.url) for col in columns]
    higher = [col.higher_is_better for col in columns]
    decimals: list[Optional[int]] = [col.decimals if col.decimals is not None else c.decimals for col in columns]
    if c.average:
        averages: list[Value] = []
        for r in range(len(c.rows)):
            values = [matrix[j][r] for j, col in enumerate(columns)
                      if col.in_average and isinstance(matrix[j][r], (int, float, Decimal))]
            counted = [j for j, col in enumerate(columns) if col.in_average]
            averages.append(round_half_up(mean(values), c.decimals if c.decimals is not None else 2)  # type: ignore[arg-type]
                            if values and len(values) == len(counted) else None)
        matrix.append(averages)
        refs.append([None] * len(c.rows))
        labels.append(escape_text(c.average_label))
        higher.append(True)
        decimals.append(c.decimals if c.decimals is not None else 2)
    bold = [(_best(matrix[j], higher[j]) if c.bold_best else set()) for j in range(len(labels))]

    def cell(j: int, r: int) -> Cell:
        return number_cell(matrix[j][r], decimals[j], bold=r in bold[j], ref=refs[j][r])

    def row_label(r: int) -> str:
        row = c.rows[r]
        text = link(row.label, row.url)
        return f"*{text}*" if row.is_self else text

    if not c.transpose:
        header = ("Model",) + tuple(labels)
        rows = tuple((Cell(row_label(r)),) + tuple(cell(j, r) for j in range(len(labels))) for r in range(len(c.rows)))
        align = ("l",) + tuple("r" for _ in labels)
    else:
        header = ("Benchmark",) + tuple(row_label(r) for r in range(len(c.rows)))
        rows = tuple((Cell(labels[j]),) + tuple(cell(j, r) for r in range(len(c.rows))) for j in range(len(labels)))
        align = ("l",) + tuple("r" for _ in c.rows)
    return Table(kind="comparison", header=header, rows=rows, align=align, title=c.title)


# ---------------------------------------------------------------------------- training


def training_results_table(training: Training) -> Optional[Table]:
    """The transformers `generated_from_trainer` table: Training Loss | Epoch | Step | Validation Loss | ..."""
    if not training.results:
        return None
    extra = training.result_columns
    # Runs with several eval sets name a validation loss per set (`Validation Loss (a)`), and a run logged without
    # evaluation has none: the plain column would be empty.
    plain_loss = any(r.validation_loss is not None for r in training.results)
    header = ("Training Loss", "Epoch", "Step") + (("Validation Loss",) if plain_loss else ()) + tuple(
        escape_text(k) for k in extra)
    rows = []
    d = training.decimals
    for row in training.results:
        metrics = dict(row.metrics)
        written = dict(row.text)

        def cell(key: str, value: Any, written: dict = written) -> Cell:  # as the card wrote it (1.0, 0.0500)
            return Cell(written[key], value) if key in written and value is not None else number_cell(value, d)

        cells = [Cell("No log", None) if row.training_loss is None else cell("training_loss", row.training_loss),
                 cell("epoch", row.epoch), number_cell(row.step, d)]
        if plain_loss:
            cells.append(cell("validation_loss", row.validation_loss))
        cells += [cell(k, metrics.get(k)) for k in extra]
        rows.append(tuple(cells))
    return Table(kind="training", header=header, rows=tuple(rows), align=tuple("c" for _ in header))


MAX_TRAINING_COLUMNS = 12  # wider, the training results table shows its key columns and folds the whole log away
def training_tables(training: Training) -> tuple[Optional[Table], Optional[Table]]:
    """The training results table and, when it is wider than :data:`MAX_TRAINING_COLUMNS` (a GRPO log has about
    24 columns), the whole log beside a table of its key columns: the losses, epoch and step, then the key metrics
    logged (:func:`generator.records.methods.key_metrics`), in the log's order. (key table, whole table or None). A
    training loss no row has (PPO logs its losses by part) is left to the whole log: its column would say "No log"
    on every row."""
    full = training_results_table(training)
    if full is None or len(full.header) <= MAX_TRAINING_COLUMNS:
        return full, None
    logged = any(row.training_loss is not None for row in training.results)
    core = [i for i, name in enumerate(full.header) if (0 < i < 3 or (i == 0 and logged))
            or name.startswith("Validation Loss")]
    # a metric of several eval sets ("Accuracy (a)", "Accuracy (b)": eval_dataset as a dict) is one key, shown for
    # every set or none; every set's validation loss stays (six sets' accuracies cut after the fourth left a set out)
    keys: dict[str, list[int]] = {}
    for i, name in enumerate(full.header):
        if i > 0 and i not in core:
            keys.setdefault(metric_key(name), []).append(i)
    groups = [keys[k] for k in key_metrics(keys)]
    picked: list[int] = []
    for group in groups or sorted(keys.values()):  # the most wanted first: a GRPO run of many reward functions
        if len(core) + len(picked) + len(group) <= MAX_TRAINING_COLUMNS:
            picked += group
    kept = sorted(core + picked)
    key_table = Table(kind="training", header=tuple(full.header[i] for i in kept),
                      rows=tuple(tuple(row[i] for i in kept) for row in full.rows),
                      align=tuple(full.align[i] for i in kept))
    return key_table, Table(kind="training_log", header=full.header, rows=full.rows, align=full.align)


@dataclass(frozen=True)
class CardTables:
    """Every table of a card, built once: the body places them, the check compares them."""

    training: Optional[Table]
    training_log: Optional[Table]  # the whole training log, when `training` shows its key columns only
    results: Optional[Table]
    comparisons: tuple[tuple[Comparison, Table], ...]
    groups: tuple[tuple[Group, Table], ...]
    leaderboards: tuple[tuple[Leaderboard, Table], ...]

    def all(self) -> list[Table]:
        """In card order."""
        out = [t for t in (self.training, self.training_log, self.results) if t is not None]
        out += [t for _, t in self.comparisons] + [t for _, t in self.groups] + [t for _, t in self.leaderboards]
        return out


def card_tables(records: Records) -> CardTables:
    """The tables of a record set, built once per Records object (they are frozen, and so are the tables):
    rendering a card and then checking it, or rendering an original card inside another, reuse them."""
    tables = records.__dict__.get("_card_tables")
    if tables is None:
        tables = _card_tables(records)
        object.__setattr__(records, "_card_tables", tables)  # a memo, not a field: equality and hash ignore it
    return tables


def _card_tables(records: Records) -> CardTables:
    training, training_log = training_tables(records.training) if records.training else (None, None)
    return CardTables(
        training=training,
        training_log=training_log,
        results=results_table(records.ungrouped_evaluations),
        comparisons=tuple((c, comparison_table(c)) for c in records.comparisons),
        groups=tuple((g, group_table(g)) for g in records.groups),
        leaderboards=tuple((lb, leaderboard_table(lb)) for lb in records.leaderboards),
    )


def all_tables(records: Records) -> list[Table]:
    """Every table the default card shows for these records, in card order."""
    return card_tables(records).all()
