"""The parts of an imported card read as data (generator/sources/card.py's importer): the Trainer's lists
(hyperparameters, results, framework versions), leaderboard summaries and a closing Citation section of any card, and
the fact lists, training heading and results table only a card this generator made has."""

from __future__ import annotations

import copy
import re
from typing import Any, Optional

from generator.records.hubrules import RELATION_LABELS
from generator.records.methods import METHODS, TEST_SET
from generator.records.model import (
    NOTES_PARTS,
    dataset_details_shown,
    dataset_revisions_shown,
    folded_training_data,
    group_members,
    without_revisions,
)
from generator.sources.card_groups import folded_groups, read_groups
from generator.sources.card_leaderboard import LINKED, Edit, read_leaderboard, results_table_extras, take_edits
from generator.sources.card_lists import HYPERPARAMETERS_INTRO, framework_versions, hyperparameter_list
from generator.sources.card_results_list import eval_summary, eval_summary_text
from generator.sources.card_text import (
    FACT,
    _facts,
    _number,
    _plain,
    _scalar,
    _Section,
    _table,
    _unescape,
    heading_markup,
    split_citations,
    trainer_rows,
    training_table,
)
from generator.sources.common import Ingested
from generator.sources.trainer_autotrain import autotrain_results, is_autotrain_card, is_autotrain_usage
from generator.sources.trainer_sections import after_own_run
from generator.sources.trainer_sections import split_intro as _split_intro

PAPER_SUFFIX = re.compile(r", introduced in \[.+\]\(https://huggingface\.co/papers/[^)\s]+\)$")
# Facts the renderer derives from the metadata (label: the FACT_KEYS one): not kept as model.details on import.
DERIVED_FACTS = {"License": "license", "Language(s)": "language", **dict.fromkeys(RELATION_LABELS.values(), "base_model"),
                 "Base model": "base_model", "Training data": "datasets"}
# The training lists a card's sections give (each read from the first section that has it).
TRAINING_LISTS = ("hyperparameters", "results", "framework_versions")
# The titles the hyperparameter list is read under: the Trainer's, and its author's name for it that the records keep
# (training.hyperparameters_heading, a case of it too), which the renderer writes
HYPERPARAMETER_TITLES = ("training hyperparameters", "hyperparameters")
# The line under a card's results table of ours giving the notes every evaluation it shows shares (render.card)
SETUP = re.compile(r"^Setup: (.+)$")
# the lines after it for benchmarks whose notes say more than that (render.card): "Setup of a; b: <the rest>"
SETUP_OF = "Setup of "
# The heading the Trainer writes over its training lists (as the renderer does).
TRAINING_HEADING = "Training procedure"


def _unfolded(text: list[str]) -> list[str]:
    """An evaluation section's lines without the <details> lines that fold its group tables."""
    return [line for line in text if line.strip() not in ("</details>",) and not line.startswith("<details>")]


class CardData:
    """The importer's readers of a section as data; card._Importer sets (and describes) the state they read."""

    data: dict[str, Any]
    body: str
    generated_card: bool
    generated_seen: set[tuple[Optional[str], str]]
    text_after_lists: bool
    training_level: Optional[int]
    training_heading: str
    before_bare_end: bool
    deeper_follows: bool
    last_section: bool
    details_seen: bool
    shown_facts: set[str]
    results_seen: bool
    table_shows: list[dict[str, Any]]
    result: Ingested
    joined_text: str
    template_title: str
    description_open: bool
    sections: list[_Section]
    at: int
    skip_to: int

    def structured(self, sec: _Section) -> Optional[str]:
        title = _plain(sec.title).lower()
        lines = sec.lines
        training = self.data.setdefault("training", {})
        if sec.block and self.generated(sec, title):
            if sec.block == "training" and title == self.training_heading:
                self.training_level = sec.level
                self.description_open = True  # the training description follows the heading, over the lists
            return sec.block
        if sec.block == "training" and self.training_level is not None and sec.level <= self.training_level:
            self.text_after_lists = True  # a free section of a generated card's training block, beside its heading
            return None
        # A card this generator made has its training lists in its training block, ahead of any free text there:
        # a list of the same name elsewhere (a second Trainer's or PEFT's, kept as text) stays text.
        taken = set(training) if not self.generated_card or sec.block == "training" else set(TRAINING_LISTS)
        if self.text_after_lists or self.before_bare_end or heading_markup(sec.title):
            taken = set(TRAINING_LISTS)  # (the Trainer's headings are plain: one with markup is a person's)
        # the Trainer's list is under a ### heading: one deeper is a person's list in their own outline
        # (restor/tcd-segformer's `#### Training Hyperparameters` under the Hub template's Training Details), and so is
        # one higher (ERCDiDip/langdetect's `## Training hyperparameters` beside its `## Training procedure`, every
        # heading of the card made `##`), which read as data moved under the renderer's "## Training procedure" at `###`
        if title in HYPERPARAMETER_TITLES and "hyperparameters" not in taken and sec.level == 3:
            # in a card of ours, a person's text before the list: their section the renderer wrote under its one
            # heading of that name (render/joined.py), to be that section again
            own, listing = _before_intro(lines) if self.generated_card and sec.block == "training" else ([], lines)
            hyperparameters = hyperparameter_list(listing)
            if hyperparameters is not None:
                self.joined_text = "\n".join(own).strip("\n")
                training["hyperparameters"] = hyperparameters
                written = _spaced(_plain(sec.title))
                if written != "Training hyperparameters":  # its author's name for it (fgaim's `### Hyperparameters`)
                    training["hyperparameters_heading"] = written
                return "training"
        if title == "training results" and "results" not in taken and not sec.text.strip() and not self.deeper_follows:
            training["results_heading"] = True  # the Trainer's empty one (a run without evaluation), where it was
            return "training"
        if title == "training results" and "results" not in taken:  # (a person's text over it: results_intro)
            lead, lines = _split_intro(lines)
            table = training_table(lines)
            # every cell a number (the Trainer's "No log" for a training loss, a metric a row lacks left empty):
            # else the table stays as written, not cut to the columns the records can hold
            # the renderer writes the table alone (and the full log folded in <details> under it): a line of other
            # text makes it a person's table, kept as written (in a card of this generator's too, where a person's
            # "### Training results" is a free section of the training block)
            # (the renderer's fold opens and closes in the section: a lone "</details>" closes a person's fold,
            # JonatanGk's around the Trainer's lists, and is text)
            folded = self.generated_card and sum(line.startswith("<details><summary>") for line in lines) == \
                sum(line.strip() == "</details>" for line in lines)
            own_text = any(line.strip() and not line.lstrip().startswith("|") and not (
                folded and (line.startswith("<details><summary>") or line.strip() == "</details>"))
                for line in lines)
            if table and not own_text and all(
                    _number(cell) is not None or cell == ("No log" if i == 0 else "" if i > 2 else None)
                    for row in table[1] for i, cell in enumerate(row[:len(table[0])])):
                training.update(results=trainer_rows(*table), **({"results_intro": lead} if lead else {}))
                return "training"
        # a second one stays text; so does one at another level than the Trainer's `###` under "## Training procedure"
        # (rubra-ai's `## Framework Versions` after its own "How to use" sections): the card's outline, where it has it
        # (spelt as the Trainer and TRL write it: sentence-transformers' `### Framework Versions`, its items
        # `- Python: 3.10.12`, is its own list, which read as data came back as `### Framework versions`)
        if _plain(sec.title) == "Framework versions" and "framework_versions" not in taken and sec.level == 3:
            closing = after_own_run(lines)[1:] if self.generated_card and sec.block == "training" else []
            listed = framework_versions(lines[:len(lines) - len(closing)])
            if listed is not None:
                training["framework_versions"], colon = listed
                if colon:
                    training["versions_colon"] = True
                if "\n".join(closing).strip():  # the renderer's closing text (a person's, after the list)
                    training["closing"] = "\n".join(closing).strip("\n")
                return "training"
        if "evaluation results" in title and LINKED.match(sec.title) or title.endswith("evaluation results"):
            if read_leaderboard(self.data, sec):
                return "leaderboard"
        # the heading the renderer writes over them, at the card's end: one with sections after it stays text there
        at_end = sec.block == "citation" if self.generated_card else self.last_section
        # (at any level, which the citations keep: geolocal/StreetCLIP's `# Citation`, every heading of its outline `#`,
        # Salesforce/SFR-Embedding-Mistral's `###`; left as text, a citation the records gain later (a TRL run's,
        # with build --card) was written under a second, generated `## Citation`)
        if title == "citation" and at_end and self.only_citations(lines, sec.level,
                                                                   self.generated_card and sec.block == "citation"):
            return "citation"
        return None

    def generated(self, sec: _Section, title: str) -> bool:
        """The parts only a card this generator made has: fact lists and the results table. Each is the first
        section of its title in its block: a free section of the same title after it (PEFT's second "Training
        procedure") is text."""
        if (sec.block, title) in self.generated_seen:
            return False
        first = all(block != sec.block for block, _ in self.generated_seen)  # the first section read of its block
        self.generated_seen.add((sec.block, title))
        lines = folded_training_data(sec.lines) if sec.block == "details" else sec.lines
        text = [line for line in lines if line.strip()]
        facts = _facts(lines) or []
        model = self.data["model"]
        shown = _plain(sec.title).strip()  # the renderer's, as it writes it: a card's own "Model Details" is text
        if sec.block == "details" and shown == "Model details" and len(facts) == len(text):
            self.details_seen = True
            line = dict(facts).get("Training data", "")
            revisions = dataset_revisions_shown(line)
            parts = {dataset: _unescape(part) for dataset, part in dataset_details_shown(line).items()}
            model.update({"dataset_revisions": revisions} if revisions else {})
            model.update({"dataset_details": parts} if parts else {})
            # a fact under a label the renderer derives is its own when it shows what the metadata holds; else the
            # card's wording, kept (protectai/deberta-v3-base-prompt-injection's "License: Apache license 2.0",
            # read back as the metadata's apache-2.0)
            derived = {label for label, value in facts if label in DERIVED_FACTS and
                       _names(value) == _metadata_names(model, DERIVED_FACTS[label])}
            self.shown_facts = {DERIVED_FACTS[label] for label in derived}
            details = {label: value for label, value in facts if label not in derived}
            if details:
                model["details"] = details
            return True
        if sec.block == "details" and shown == "Model sources" and facts and len(facts) == len(text):
            model["links"] = {label: _unescape(url) for label, url in facts}
            return True
        if sec.block == "training" and title == self.training_heading and first:
            # the renderer's heading opens its block; a person's "## Training procedure" after the lists (Khalsuu's,
            # over nothing but its Trainer's "### Framework versions") is theirs, and was dropped on a second import
            training = self.data.setdefault("training", {})
            methods = {name: key for key, name in METHODS.items()}
            statistics = {}
            for label, value in facts:
                if label == "Method":
                    named = PAPER_SUFFIX.sub("", value)  # the paper a known method's name links
                    training["method"] = methods[named] if named in methods else _unescape(value)
                elif label in ("Hardware", "Training time"):
                    training[label.lower().replace(" ", "_")] = _unescape(value)
                else:
                    statistics[label] = _scalar(_unescape(value))
            if statistics:
                training["statistics"] = statistics
            rest = [line for line in sec.lines if not FACT.match(line.strip())]
            description = "\n".join(rest).strip("\n")
            if description:
                training["description"] = description
            if not training:
                self.data.pop("training", None)
            return True
        groups = folded_groups(sec, self.sections[self.at + 1:]) if sec.block == "evaluation" and \
            title == "evaluation" and self.deeper_follows else None
        if sec.block == "evaluation" and title == "evaluation" and self.deeper_follows and not groups:
            self.edits_of_text(text)  # (rogemma's layout: the table over the card's own sub-sections stays text)
            return False
        if sec.block == "evaluation" and title == "evaluation" and (not self.deeper_follows or groups):
            rest = _unfolded(text)
            setup = [found.group(1) for found in map(SETUP.match, rest) if found]  # the notes they all share
            rest = [line for line in rest if not SETUP.match(line)] if len(setup) == 1 else rest
            setup_of = [line[len(SETUP_OF):] for line in rest if line.startswith(SETUP_OF)]
            rest = [line for line in rest if not line.startswith(SETUP_OF)]
            table = _table(rest)
            saved = copy.deepcopy(self.data.get("evaluations", [])) if groups or setup_of else []
            if table and table[0][0] == "Benchmark" and len(table[1]) == sum(1 for line in rest if line.startswith("|")) - 2:
                edited: list[Edit] = []
                shows = results_table_extras(self.data, *table, edited=edited if self.generated_card else None)
            elif rest:
                self.edits_of_text(text)
                return False
            else:
                shows = None
            read = not groups or read_groups(self.data, groups, shows or [])
            grouped = [e for e in self.data.get("evaluations", []) if "group" in e]
            if not read or not _setups_of(setup_of, setup[0] if len(setup) == 1 else None, (shows or []) + grouped):
                self.data["evaluations"] = saved  # the section and its groups stay text: nothing read of them kept
                if not saved:
                    self.data.pop("evaluations", None)
                self.edits_of_text(text)
                return False
            take_edits(edited, self.result)
            if shows is not None:
                self.table_shows, self.results_seen = shows, True
            self.skip_to = self.at + len(groups or [])  # the group sections read
            if len(setup) == 1:
                notes = _unescape(setup[0])
                for evaluation in (shows or []) + grouped:
                    evaluation.setdefault("notes", notes)
            return True
        return False

    def edits_of_text(self, text: list[str]) -> None:
        """The numbers a person edited in the results table of a generated card's evaluation section that stays text
        (:func:`take_edits`): its text is written back as it is, and a model-index left with the old number made the
        card invalid, its table and model-index disagreeing, with nothing said at the import."""
        rows = _unfolded(text)
        table = _table(rows)
        evaluations = self.data.get("evaluations")
        if not self.generated_card or not table or table[0][0] != "Benchmark" or not evaluations:
            return
        shadow = copy.deepcopy(evaluations)  # read for the edits alone: the table's other facts stay in its text
        originals = {id(copy_): metric for mine, theirs in zip(evaluations, shadow)
                     for metric, copy_ in zip(mine.get("metrics") or [], theirs.get("metrics") or [])}
        edited: list[Edit] = []
        results_table_extras({"evaluations": shadow}, *table, edited=edited)
        take_edits(edited, self.result, originals)

    def take_eval_summary(self, lines: list[str], block: Optional[str] = None, title: str = "") -> list[str]:
        """transformers' "It achieves the following results on the evaluation set:" list -> training.eval_results,
        in a card this generator made, where its training block has it. Another card's stays text where it is (the
        Trainer's under its title; zephyr-7b-gemma's under "Training and evaluation data", fgaim/tiroberta-sentiment's
        under a `### Results` of its author's): read as data, it was written twice, where it was and again by the
        renderer after the hyperparameters. In ours, only where the renderer writes it: last in its training heading's,
        hyperparameters' or results' section (``title``, lower case); one a person wrote there is text too
        (philschmid/distilroberta-base-ner-wikiann-conll2003-3-class's, over its results on the test set)."""
        if not self.generated_card or block != "training" or \
                title not in (self.training_heading, *HYPERPARAMETER_TITLES, "training results"):
            return lines
        results: dict[str, Any] = {}
        written: dict[str, str] = {}
        test = eval_summary(lines, "test set")  # our card's list of a test split's results, after the evaluation's
        if test and not any(line.strip() for line in lines[test[1]:]):
            start, end, values = test
            results = {f"{name} ({TEST_SET})": value for name, value in values.items()}
            written = {f"{name} ({TEST_SET})": text for name, text in eval_summary_text(lines, test).items()}
            lines = lines[:start] + lines[end:]
        found = eval_summary(lines)
        if found and not any(line.strip() for line in lines[found[1]:]):
            start, end, values = found
            results, written = {**values, **results}, {**eval_summary_text(lines, found), **written}
            lines = lines[:start] + lines[end:]
        if results:
            self.data.setdefault("training", {})["eval_results"] = results
            if written:
                self.data["training"]["eval_results_text"] = written
        return lines

    def take_autotrain_results(self, sections: list[_Section]) -> list[_Section]:
        """``sections`` less AutoTrain's "Validation Metrics", read as training.eval_results under the Trainer's names,
        as a run folder's README gives them (trainer_results.card_fallbacks): kept as text, the card read alone
        showed ``f1_macro: 0.92`` where the card read with its run lists "F1 Macro". Less its template's "Usage" too,
        code loading "PATH_TO_THIS_REPO", which the generated Quick start replaces, as it does with the run
        (trainer_sections.card_sections); a "# Usage" that opens the card (lexcsam/CProj-GPT's README, that alone) is
        the template's title (template_title_said), not the model's name."""
        if self.generated_card or not is_autotrain_card(self.body):
            return sections
        kept: list[_Section] = []
        results_read = False
        for sec in sections:
            title = sec.title.strip().lower()
            results = autotrain_results("\n".join(sec.lines)) if title == "validation metrics" and not results_read \
                else None
            if results:
                self.data.setdefault("training", {})["eval_results"] = results
                results_read = True
                continue
            if title == "usage" and sec.level in (1, 2) and is_autotrain_usage(sec.text):
                if sec.level == 1 and all(s.level == 0 for s in kept):
                    self.template_title = sec.title.strip()  # the card's first heading, read as its title
                self.result.warn(f"{'#' * sec.level} {sec.title.strip()}", 'is AutoTrain\'s template, its code '
                                 'loading "PATH_TO_THIS_REPO": not kept; the card\'s generated Quick start loads the '
                                 'model by its repo id', "nothing to do for the Quick start; for code of your own, set "
                                 "model.usage", code="not-kept")
                continue
            kept.append(sec)
        return kept

    def only_citations(self, lines: list[str], level: int = 2, ours: bool = False) -> bool:
        """Whether ``lines`` hold BibTeX blocks and nothing else; if so they are taken as citations, with the level
        of their heading where it is not the renderer's. In the citation block of a card of ours (``ours``), text
        beside them is a person's "Citation" section the renderer wrote under its one heading (render/joined.py):
        kept in ``joined_text``, to be that section again."""
        rest, citations = split_citations(lines)
        if any(line.strip() for line in rest) and ours and citations:
            rest, citations = _ours_and_theirs(lines)
            self.joined_text = "\n".join(rest).strip("\n")
        if any(line.strip() for line in rest) and not self.joined_text or not citations:
            return False  # the section stays text (a heading over nothing stays a heading: no citation to write)
        self.data.setdefault("citations", []).extend(citations if level == 2 else
                                                     [{**citation, "level": level} for citation in citations])
        return True


def _ours_and_theirs(lines: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The person's text and the generated citations of a citation block holding both: the renderer writes theirs
    before its entries, or after them where theirs has headings; BibTeX in their text stays in it."""
    for start in range(len(lines)):
        rest, citations = split_citations(lines[start:])
        if citations and not any(line.strip() for line in rest):
            return lines[:start], citations
    for stop in range(len(lines), 0, -1):
        rest, citations = split_citations(lines[:stop])
        if citations and not any(line.strip() for line in rest):
            return lines[stop:], citations
    return split_citations(lines)


def _names(value: str) -> list[str]:
    """The names a fact of the "Model details" list shows: its comma-separated items, a link by its text (a training
    dataset without the revision shown after it)."""
    value = without_revisions(value)
    return [_unescape(name.strip()) for name in re.sub(r"\[((?:[^\]\\]|\\.)*)\]\([^)\s]*\)", r"\1", value).split(", ")]


def _metadata_names(model: dict[str, Any], key: str) -> list[str]:
    """The names the renderer lists for the metadata fact ``key`` (FACT_KEYS): a custom license by its name."""
    if key == "license" and model.get("license") == "other" and model.get("license_name"):
        return [str(model["license_name"])]
    value = model.get(key)
    return [str(v) for v in (value if isinstance(value, list) else [value] if value else [])]


def _before_intro(lines: list[str]) -> tuple[list[str], list[str]]:
    """``lines`` split before their last line that is the Trainer's hyperparameters intro, the one the renderer
    writes over its list: (the lines before it, it and the lines after it); ([], lines) without one."""
    at = max((i for i, line in enumerate(lines) if line.strip() == HYPERPARAMETERS_INTRO), default=0)
    return lines[:at], lines[at:]


def _spaced(text: Any) -> str:
    """``text`` with each run of whitespace one space, as the card's lines and headings print a name."""
    return " ".join(str(text).split())


def _setups_of(lines: list[str], shared: Optional[str], shown: list[dict[str, Any]]) -> bool:
    """The notes of the benchmarks each "Setup of <a; b>: <rest>" line names (the text after "Setup of "; a group's
    name, its tasks): the shared Setup line's notes, then the rest, as render.evaluation_setup split them. False when
    a line names a benchmark the tables do not show (a person's line: the section stays text)."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for evaluation in shown:
        by_name.setdefault(_spaced(evaluation.get("benchmark", "")), []).append(evaluation)
    # a group's name stands for its tasks, its aggregate and the groups in it (render.evaluation_setup)
    pairs = [(_spaced(e.get("benchmark", "")), _spaced(e["group"]) if isinstance(e.get("group"), str) else None)
             for e in shown]
    by_name.update({group: [shown[n] for n in group_members(group, pairs)]
                    for group in dict.fromkeys(g for _, g in pairs if g) if group not in by_name})
    for line in lines:
        text = _unescape(line)
        found = None
        for at in (m.start() for m in re.finditer(": ", text)):  # a benchmark's name may hold ": " too
            names = text[:at].split(NOTES_PARTS)
            if all(_spaced(name) in by_name for name in names):
                found = names, text[at + 2:]
                break
        if found is None:
            return False
        names, rest = found
        for name in names:
            for evaluation in by_name[_spaced(name)]:
                evaluation["notes"] = NOTES_PARTS.join(filter(None, (_unescape(shared) if shared else "", rest)))
    return True
