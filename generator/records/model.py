"""The records as frozen dataclasses, and the frontmatter keys. No building, no I/O here.

generator.records.builder resolves schema-valid data into :class:`Records`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional, Sequence, Union, cast
from urllib.parse import quote, unquote

from generator.errors import Problem
from generator.frozen import dataclass  # dataclasses.dataclass, the methods compiled ahead of time
from generator.records.methods import TEST_SET, split_eval_set
from generator.records.numbers import YAML_NAN, Number, as_written

# The model fields the card's frontmatter holds, in the order it writes them: the writer,
# the importer and error paths all read this one list.
FRONTMATTER_KEYS = (
    "language", "license", "license_name", "license_link", "library_name", "pipeline_tag",
    "base_model", "base_model_relation", "datasets", "tags",
)
# Keys the generator writes itself, which model.metadata may not repeat.
GENERATED_KEYS = frozenset(FRONTMATTER_KEYS) | {"model-index"}
# Keys of a card's metadata the importer (sources/card_metadata.py) reads into others rather than keeps: TRL's
# model_name when it is the model-index name (else it is kept, and names a model-index written without another
# name), the legacy model_index (model-index) and TRL's placeholder `licence: license`.
CONSUMED_KEYS = frozenset({"model_name", "model_index", "licence"})
Score = Union[int, float, str, None]


# A training dataset's files at the revision the run read (model.dataset_revisions), as Model details' Training data
# links them (the revision URL-quoted, refs%2Fconvert%2Fparquet, as the Hub's own links have it); read back on import.
DATASET_FILES = re.compile(r"\]\(https://huggingface\.co/datasets/(?P<dataset>[^/\s)]+(?:/[^/\s)]+)?)/tree/"
                           r"(?P<revision>[^/\s)]+)\)")


# A revision that is a commit (a branch or tag moves), as the Hub names one: 40 hex digits
COMMIT = re.compile(r"[0-9a-f]{40}")


def dataset_files_url(dataset: str, revision: str) -> str:
    """The Hub page of ``dataset``'s files at ``revision``."""
    return f"https://huggingface.co/datasets/{dataset}/tree/{quote(revision, safe='')}"


def dataset_revisions_shown(line: str) -> dict[str, str]:
    """The training datasets' revisions a Training data line (:data:`DATASET_FILES`) shows, by dataset."""
    return {found["dataset"]: unquote(found["revision"]) for found in DATASET_FILES.finditer(line)}


_REVISION_SHOWN = re.compile(r" at \[[^\]]*" + DATASET_FILES.pattern)
# The part of a training dataset the run read (model.dataset_details), in parentheses after its link in Training data
# (one level of parentheses within them): ``[org/name](https://huggingface.co/datasets/org/name) (split x)``.
_DETAIL_SHOWN = re.compile(r"\]\(https://huggingface\.co/datasets/(?P<dataset>[^/\s)]+(?:/[^/\s)]+)?)\) "
                           r"\((?P<detail>(?:[^()]|\([^()]*\))*)\)")


def without_revisions(line: str) -> str:
    """A Training data line without the revisions and parts it shows after each dataset (`` (split x)``,
    `` at [abc1234](...tree/...)``)."""
    return _DETAIL_SHOWN.sub(r"](https://huggingface.co/datasets/\g<dataset>)", _REVISION_SHOWN.sub("", line))


def dataset_details_shown(line: str) -> dict[str, str]:
    """The training datasets' parts a Training data line shows (the markdown in its parentheses), by dataset."""
    return {found["dataset"]: found["detail"] for found in _DETAIL_SHOWN.finditer(line)}


# The Training data fact with its datasets' parts as a nested list (render.card's _training_data_fact: a long part's
# groups under its dataset; several datasets, each its own item): the fact's line, an item's line, and a dataset's link
_TRAINING_DATA = "- **Training data:**"
_NESTED_ITEM = re.compile(r"^( {2}| {4})- (\S.*)$")
_DATASET_LINK = re.compile(r"(\[(?:[^\]\\]|\\.)*\]\(https://huggingface\.co/datasets/[^/\s)]+(?:/[^/\s)]+)?\))(.*)")


def _with_part(entry: str, groups: list[str]) -> Optional[str]:
    """A dataset's entry (its link, a revision after it) with its part's ``groups`` in parentheses after the link, as
    one line shows it; None when ``entry`` is no dataset's link."""
    found = _DATASET_LINK.fullmatch(entry)
    if not found:
        return None
    return f"{found[1]} ({'; '.join(groups)}){found[2]}" if groups else entry


def _folded(value: str, items: list[tuple[int, str]]) -> Optional[str]:
    """The one-line Training data value of ``value`` (the fact's own text) and the nested ``items`` under it (depth,
    text); None when they are not the renderer's nesting (a person's list under the fact stays as written)."""
    if value:  # one dataset, its groups under it
        if not value.endswith(":") or any(depth != 2 for depth, _ in items):
            return None
        return _with_part(value[:-1], [text for _, text in items])
    entries: list[tuple[str, list[str]]] = []
    for depth, text in items:
        if depth == 2:
            entries.append((text, []))
        elif entries and entries[-1][0].endswith(":"):
            entries[-1][1].append(text)
        else:
            return None
    if len(entries) < 2 or not any(groups for _, groups in entries):
        return None
    folded = [_with_part(text[:-1], groups) if groups else _with_part(text, []) for text, groups in entries]
    return None if None in folded else ", ".join(cast(list[str], folded))


def folded_training_data(lines: list[str]) -> list[str]:
    """``lines`` of a Model details list with its Training data fact's nested list (render.card's
    _training_data_fact) folded into the one line that shows the same datasets, parts and revisions, which
    dataset_details_shown and dataset_revisions_shown read."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        line, end = lines[at], at + 1
        items = []
        while line.startswith(_TRAINING_DATA) and end < len(lines) and (found := _NESTED_ITEM.match(lines[end])):
            items.append((len(found[1]), found[2].rstrip()))
            end += 1
        folded = _folded(line[len(_TRAINING_DATA):].strip(), items) if items else None
        out.append(line if folded is None else f"{_TRAINING_DATA} {folded}")
        at = end if folded is not None else at + 1
    return out


# The metadata facts a generated "Model details" list shows (model.facts names those it shows, when not all)
FACT_KEYS = ("license", "language", "base_model", "datasets")


@dataclass(frozen=True)
class Model:
    repo_id: Optional[str]  # None: records from a card that never names its repo
    name: str
    model_index_name: Optional[str]  # None: no model-index without evaluations (a card imported without one)
    summary: str = ""
    image_url: str = ""
    image_alt: Optional[str] = None  # None: the model's name; "" none, as a card writes ![](url)
    base_model: Union[str, tuple[str, ...], None] = None
    base_model_relation: Optional[str] = None
    license: Union[str, tuple[str, ...], None] = None
    license_name: Optional[str] = None
    license_link: Optional[str] = None
    language: Union[str, tuple[str, ...], None] = None
    datasets: tuple[str, ...] = ()
    dataset_revisions: tuple[tuple[str, str], ...] = ()  # a training dataset's revision, by its id in datasets
    dataset_details: tuple[tuple[str, str], ...] = ()  # the part of a training dataset the run read, in words, by id
    tags: tuple[str, ...] = ()
    pipeline_tag: Optional[str] = None
    library_name: Optional[str] = None
    metadata: tuple[tuple[str, Any], ...] = ()
    details: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    usage: Union[bool, str] = True  # the "Quick start": generated (True), left out (False) or this markdown
    # the "Model details" list shows the metadata's facts (license, languages, base model, data); a tuple: those only
    facts: Union[bool, tuple[str, ...]] = True
    chat_template: bool = True  # whether the tokenizer has one (the generated Quick start chats only then)
    generation: tuple[tuple[str, Any], ...] = ()  # generation_config.json's decoding defaults (lists as tuples)
    card_source_blob: Optional[str] = None  # git blob of the foreign README the records were imported from
    card_read_blob: Optional[str] = None  # git blob of the card of ours the records were imported from

    @property
    def index_name(self) -> str:
        """``model-index[0].name``: model_index_name, else (a card imported without one) its ``model_name`` key (as
        huggingface_hub names a model-index), else the repo id, else the name."""
        named = dict(self.metadata).get("model_name")
        return self.model_index_name or (named if isinstance(named, str) else None) or self.repo_id or self.name

    @property
    def base_models(self) -> tuple[str, ...]:
        if self.base_model is None:
            return ()
        return (self.base_model,) if isinstance(self.base_model, str) else self.base_model


@dataclass(frozen=True)
class Metric:
    type: str
    value: Optional[Number]  # None: the card writes no number (`nan +/- nan`), only text
    name: Optional[str] = None
    stderr: Optional[Number] = None
    higher_is_better: bool = True
    config: Optional[str] = None
    args: Any = None
    verified: Optional[bool] = None
    verify_token: Optional[str] = None  # the Hub's signature of the score (model-index's verifyToken), kept from a card
    text: Optional[str] = None  # the value as the card writes it (`1528.00 +/- 875.81`); value is its first number
    decimals: Optional[int] = None  # the value's, as written where they end in a zero its number loses (57.50)
    stderr_decimals: Optional[int] = None  # the stderr's, as a card's table shows it so (0.0110)
    values: Any = None  # a list or mapping the card writes as the value (MTEB's v_measures): model-index alone
    # holds it (no table, average, plot or .eval_results shows it); no number, no text beside it

    @property
    def label(self) -> str:
        return self.name or self.type

    @property
    def shown(self) -> Optional[str]:
        """The text a table shows for the value, None when it is a number: YAML's NaN shows as ``nan``."""
        return "nan" if self.text == YAML_NAN else self.text

    @property
    def written(self) -> Any:
        """The value as model-index holds it: the list or mapping, or the text, the card writes, else the number at
        the decimals it was written with (a Decimal, 57.50, where those end in zeros the float drops)."""
        if self.values is not None:
            return self.values
        if self.text is not None:
            return float("nan") if self.text == YAML_NAN else self.text
        return as_written(cast(Number, self.value), self.decimals)  # the builder refuses a metric with none


# The shot count an evaluation's label says, as the readers write it (sources.common.benchmark_label: `arc (25-shot)`,
# `arc_easy (0-shot, 25 of 2,376 examples)`, a group's `mmlu (5-shot), aggregate`) and the Open LLM Leaderboard
# names its benchmarks (`AI2 Reasoning Challenge (25-Shot)`)
_LABEL_SHOTS = re.compile(r" \((\d+)-shot(?:\)|, )", re.IGNORECASE)


def label_shots(benchmark: str) -> Optional[int]:
    """The shot count an evaluation's label says (``arc_challenge (25-shot)``: 25); None for a label that says none."""
    found = _LABEL_SHOTS.search(benchmark)
    return int(found[1]) if found else None


# The shot count a task's own name ends with (araag2's lm-eval tasks `MedNLI_0-shot`, `mmlu_5shot`), in a label before
# its setup or the aggregate's mark (`NLI4PR_0-shot (0-shot), aggregate` was written for it)
_NAME_SHOTS = re.compile(r"(?<![\d.])(\d+)[-_ ]?shots?(?= \(|, |$)", re.IGNORECASE)


def name_shots(name: str) -> Optional[int]:
    """The shot count a task's name (or its label) ends with, as ``MedNLI_0-shot`` says 0; None for one that says none:
    a label need not say it again (sources.common.benchmark_label)."""
    found = _NAME_SHOTS.search(name)
    return int(found[1]) if found else None


# The end of the label of a group's own aggregate (sources.lm_eval: `mmlu (5-shot), aggregate`)
AGGREGATE = ", aggregate"


def group_members(group: str, results: Sequence[tuple[str, Optional[str]]]) -> list[int]:
    """Which of ``results`` (each one's benchmark and group) the name ``group`` stands for, by index: the group's
    tasks, its own aggregate (labelled ``<group> (...), aggregate``, shown outside it or in the group holding it), and,
    where one of those is another group's aggregate, that group's, and so on (lm-eval's nested groups)."""
    groups = sorted({of for _, of in results if of})
    members: list[int] = []
    todo, done = [group], set()
    while todo:
        name = todo.pop()
        done.add(name)
        for n, (benchmark, of) in enumerate(results):
            if n in members or not (of == name or _aggregate_of(benchmark, name)):
                continue
            members.append(n)
            if of == name:  # a task of it that is another group's aggregate: that group's too
                todo += [g for g in groups if g not in done and g not in todo and _aggregate_of(benchmark, g)]
    return sorted(members)


def _aggregate_of(benchmark: str, group: str) -> bool:
    """Whether ``benchmark`` labels ``group``'s own aggregate."""
    return benchmark.startswith(group) and benchmark.endswith(AGGREGATE) and re.fullmatch(
        r"(?: \([^()]*\))?", benchmark[len(group):-len(AGGREGATE)]) is not None


# The separator of the parts of an evaluation's notes: the readers join a run's setup so ("lm-evaluation-harness
# 0.4.13; backend hf, dtype float32"), the card's Setup lines say the parts evaluations share once
NOTES_PARTS = "; "


@dataclass(frozen=True)
class Evaluation:
    index: int  # position in the records' evaluations list
    benchmark: str
    metrics: tuple[Metric, ...]
    id: Optional[str] = None
    task_type: Optional[str] = None
    task_name: Optional[str] = None
    task_args: Any = None  # model-index's task.args as the card wrote it (a string or a mapping)
    dataset_id: Optional[str] = None
    dataset_config: Optional[str] = None
    dataset_split: Optional[str] = None
    dataset_revision: Optional[str] = None
    dataset_args: Any = None  # mapping (few_shot merged in as num_few_shot), or a string as transformers writes it
    dataset_task_id: Optional[str] = None
    date: Optional[str] = None
    notes: Optional[str] = None
    few_shot: Optional[int] = None
    source_name: Optional[str] = None
    source_url: Optional[str] = None
    source_user: Optional[str] = None  # `.eval_results` attribution (source.user / source.org)
    source_org: Optional[str] = None
    verify_token: Optional[str] = None  # the Hub's signature of a `.eval_results` score
    eval_results_file: Optional[str] = None  # the `.eval_results/` file it is written to (None: named by the rule)
    eval_results_blob: Optional[str] = None  # the git blob that file was read at (publish: edited since?)
    group: Optional[str] = None
    version: Union[int, str, None] = None
    model_index: bool = True
    decimals: Optional[int] = None  # None: as written, at most 4 decimals (see records.numbers.show)
    table: bool = True  # listed in the card's results table (false: an imported card's own section shows it)

    @property
    def label_says_shots(self) -> bool:
        """Whether its label says its shot count (``gsm8k (5-shot)``): no Shots column need say it again."""
        return self.few_shot is not None and self.few_shot in (label_shots(self.benchmark), name_shots(self.benchmark))

    def metric(self, key: Optional[str]) -> Optional[Metric]:
        """The metric named ``key`` (by name, then type); the first one when key is None."""
        if key is None:
            return self.metrics[0]
        for m in self.metrics:
            if m.name == key:
                return m
        for m in self.metrics:
            if m.type == key:
                return m
        return None


@dataclass(frozen=True)
class Group:
    name: str
    tasks: tuple[Evaluation, ...]
    averaged: tuple[Metric, ...]  # the metric of each task that counts toward the average
    average: Decimal
    decimals: Optional[int] = None  # None: values as written (at most 4 decimals); the average then has 2
    show_average: bool = True


@dataclass(frozen=True)
class Leaderboard:
    source: str
    title: str
    evaluations: tuple[Evaluation, ...]
    average: Union[Number, Decimal]  # as reported, or computed (rounded to 2 decimals, or to average_decimals)
    average_label: str = "Average"
    url: Optional[str] = None
    details_url: Optional[str] = None
    details_period: bool = True  # the line linking details_url ends with a period (the bot's often has none)
    level: int = 2  # of its heading (the bot wrote `#` over its early tables)
    average_decimals: Optional[int] = None  # shown with (the bot's 67.20); None: 2 when computed, else as written


@dataclass(frozen=True)
class Ref:
    """Where a table value comes from: an evaluation's metric, or a group's average."""

    evaluation: Optional[int] = None  # Evaluation.index
    metric: Optional[int] = None  # index in Evaluation.metrics
    group: Optional[str] = None


@dataclass(frozen=True)
class Column:
    label: str
    higher_is_better: bool = True
    in_average: bool = True
    ref: Optional[Ref] = None
    decimals: Optional[int] = None
    url: Optional[str] = None


@dataclass(frozen=True)
class Row:
    label: str
    scores: tuple[Score, ...]  # one per column, None when missing
    is_self: bool = False
    url: Optional[str] = None
    refs: tuple[Optional[Ref], ...] = ()  # per column, for values taken from evaluations


@dataclass(frozen=True)
class Comparison:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    description: str = ""
    bold_best: bool = True
    average: bool = False
    average_label: str = "Average"
    transpose: bool = False
    decimals: Optional[int] = None
    url: Optional[str] = None


@dataclass(frozen=True)
class TrainingRow:
    training_loss: Optional[Number]
    epoch: Optional[Number]
    step: Optional[int]
    validation_loss: Optional[Number]
    metrics: tuple[tuple[str, Number], ...] = ()
    text: tuple[tuple[str, str], ...] = ()  # cells as the card wrote them (an epoch `1.0`, a padded `0.0500`)


@dataclass(frozen=True)
class Training:
    method: Optional[str] = None
    description: str = ""
    hyperparameters: tuple[tuple[str, Any], ...] = ()
    # a list: BLEU's precisions, as written; a mapping: a classification report, as written
    eval_results: tuple[tuple[str, Union[Number, list, dict]], ...] = ()
    eval_results_text: tuple[tuple[str, str], ...] = ()  # final results as the card wrote them (a padded `0.4500`)
    statistics: tuple[tuple[str, Any], ...] = ()
    results: tuple[TrainingRow, ...] = ()
    hardware: Optional[str] = None
    training_time: Optional[str] = None
    framework_versions: tuple[tuple[str, str], ...] = ()
    versions_colon: bool = False  # written as TRL's card does, `- TRL: 0.24.0` (PEFT's line as PEFT adds it)
    decimals: Optional[int] = None  # of the results table, statistics and eval results; None: at most 4
    results_intro: str = ""  # a person's text between the "Training results" heading and its table
    closing: str = ""  # a person's text after the "Framework versions" list, the training procedure's last
    results_heading: bool = False  # "Training results" written with no rows (the Trainer's card of a run without eval)
    eval_results_of: Optional[str] = None  # what eval_results are of, when not the results table's last evaluation
    # the section's heading; None: "Training procedure", the Trainer's; False: none (under the card's section before)
    heading: Union[str, bool, None] = None
    hyperparameters_heading: Optional[str] = None  # the list's heading; None: "Training hyperparameters"
    own_arguments_class: Optional[str] = None  # a script's own TrainingArguments subclass, whose fields ...
    own_arguments: tuple[tuple[str, Any], ...] = ()  # ... it adds are these

    @property
    def set_results(self) -> tuple[tuple[str, Union[Number, list, dict]], ...]:
        """The final results of the evaluation set(s): eval_results but the test split's (:attr:`test_results`)."""
        return tuple(item for item in self.eval_results if split_eval_set(item[0])[1] != TEST_SET)

    @property
    def test_results(self) -> tuple[tuple[str, str, Union[Number, list, dict]], ...]:
        """The test split's final results (``Accuracy (test)``) as (label, metric's name, value): ``Accuracy``."""
        return tuple((label, name, value) for label, value in self.eval_results
                     for name, named in (split_eval_set(label),) if named == TEST_SET)

    @property
    def result_columns(self) -> tuple[str, ...]:
        """Extra metric columns of the results table, in order of first appearance."""
        seen: dict[str, None] = {}
        for row in self.results:
            for key, _ in row.metrics:
                seen.setdefault(key)
        return tuple(seen)


@dataclass(frozen=True)
class CitationEntry:
    key: str
    text: str  # normalised BibTeX of the entry
    spaced: bool = True  # a blank line between it and the next entry, as the record's text has it


@dataclass(frozen=True)
class Citation:
    entries: tuple[CitationEntry, ...]
    label: str = ""
    level: Optional[int] = None  # of the Citation heading, as an imported card gives it (None: the renderer's `##`)


@dataclass(frozen=True)
class Section:
    title: str
    content: str
    position: str = "uses"
    level: int = 2  # of its heading: 1 for a `#` section of an imported card (a second `#` title and what follows it)


@dataclass(frozen=True)
class Original:
    heading: str
    records: Optional["Records"] = None
    card_body: Optional[str] = None
    inherit_metadata: bool = False
    card_metadata: Optional[dict] = None


@dataclass(frozen=True)
class Records:
    source: str  # file or folder the records came from
    model: Model
    training: Optional[Training] = None
    evaluations: tuple[Evaluation, ...] = ()
    groups: tuple[Group, ...] = ()
    leaderboards: tuple[Leaderboard, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    citations: tuple[Citation, ...] = ()
    sections: tuple[Section, ...] = ()
    original: Optional[Original] = None
    warnings: tuple[Problem, ...] = ()  # what building them found that a card may still be made of (each path says it)

    @property
    def indexed_evaluations(self) -> tuple[Evaluation, ...]:
        return tuple(e for e in self.evaluations if e.model_index)

    @property
    def ungrouped_evaluations(self) -> tuple[Evaluation, ...]:
        """Evaluations shown in the plain results table: not in a group or leaderboard, nor left out of it."""
        boards = {lb.source for lb in self.leaderboards}
        return tuple(e for e in self.evaluations if e.group is None and e.source_name not in boards and e.table)

    def sections_at(self, position: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.position == position)


__all__ = [
    "Citation", "CitationEntry", "Column", "Comparison", "Evaluation", "Group", "Leaderboard", "Metric", "Model",
    "Original", "Records", "Ref", "Row", "Section", "Training", "TrainingRow", "label_shots", "name_shots",
]
