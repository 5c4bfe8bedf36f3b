"""An existing model card (README.md) -> records.

The frontmatter becomes model metadata and evaluations (one per model-index
result, fields kept as they are), the ```bibtex blocks of a "Citation" section at the card's end become citations,
which keep its heading's level (under any other heading, or in text under no heading they stay there, as the card
wrote them), and the tables
the generator knows how to rebuild (hyperparameter list, training results,
framework versions, evaluation-set results, leaderboard summaries) become data.
Everything else is kept, in order, as free-text sections, so importing a card
and rendering it gives back the same frontmatter and keeps the prose.

A few keys are consumed rather than kept, each documented where it is read:
``model_name`` (huggingface_hub's name for the model-index name, which TRL writes) is dropped when it is the
model-index's name, else kept as its own key (model.metadata: it names the model-index when the card has evaluations
and no model-index name); model.name when the body has no ``#`` title; a card whose model-index names no model,
or that has none, gets model_index_name false (rendered without an empty one);
TRL's placeholder ``licence: license`` is dropped with a warning; the legacy
``model_index`` of transformers 4.7 to 4.9 is read as model-index, with a warning.
A card this generator did not write leaves model.card_source: the git blob of the exact file
read, so that publishing these records may replace that README on the Hub while it is unchanged.
What of the model-index the Hub would refuse or the records cannot hold (a metric
whose value is not a number, an unknown field) is left out with a warning naming its
path, so that rendering the records cannot fail on it; a result with no dataset, which
the Hub takes, is kept (``dataset: false``), with a warning.
A card with no ``#`` title that nothing names (no ``model_name``) gives ``model.name: false``: it is rendered back
without a title, as the Hub shows it, instead of under one made up from its repo id. So does a card with text above
its title (a banner, a notice, a comment): the renderer writes the title first, so it stays a heading in the summary,
after that text. The title huggingface_hub's template leaves unfilled, "Model Card for Model ID" (PEFT's card of an
adapter), names nothing (the repo id does, else the card has no title, with a warning), and the template's comment
alone under it is no summary. The note transformers writes above a Trainer's title, asking to proofread the card
and remove the note, is not kept (with a warning): the card is written from its records now. The title is the first plain ``#``
heading before any section; a markdown image shown first is the header image (an ``<img>`` stays HTML in the text,
as the card wrote it). A section deeper than ``##`` before any ``##`` one stays under the title, in the header.
The person's sections that open the card, before its own section on the model's uses (how to use it, its intended
uses, installation, prompt format, ...; with none, those introducing it), stay before the generated Quick start, which
goes where the card has that topic.
A code fence left open is closed at the end of its section, with a warning. A metadata block that is never
closed is what the Hub reads it as: no metadata, and the card's text from its first line on (with a warning).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.card.managed import BEGIN, adopted_blob, is_ours
from generator.card.usage import GENERATION_HEADING
from generator.card.usage import HEADING as USAGE_HEADING
from generator.card.usage_import import OWN_USAGE, heading_words, imported_generation
from generator.io.files import git_blob_sha, read_text
from generator.sources.card_base import base_from_text
from generator.sources.card_data import HYPERPARAMETER_TITLES, TRAINING_HEADING, CardData
from generator.sources.card_metadata import import_metadata, train_split_left_out
from generator.sources.card_nest import marked_heading, nest_sections, unmark_headings
from generator.sources.card_once import (
    own_facts,
    quick_start_of_card,
    shown_results,
    stated_facts,
    template_title_said,
    trl_card_method,
)
from generator.sources.card_results_list import meant_metrics
from generator.sources.card_text import (
    HTML_TAG,
    IMAGE_MD,
    LINK_IN_TEXT,
    TRAINER_TITLES,
    _before_bare_ends,
    _plain,
    _Section,
    _sections,
    _unescape,
    _visible,
    closed_body,
    heading_markup,
    stated_repo_id,
    warn_escaped_html,
    without_trainer_note,
)
from generator.sources.common import Ingested, as_list
from generator.sources.repair import card_parts
from generator.sources.sentence_models import V2_TITLE
from generator.sources.trainer_autotrain import AUTOTRAIN_TITLE, is_autotrain_card
from generator.sources.trainer_sections import axolotl_retitle
from generator.sources.trainer_template import template_title, unfilled_sections

# Where a free section of a generated card goes back to, by the block it was rendered in.
BLOCK_POSITION = {"header": "summary", "details": "details", "uses": "uses", "training": "training",
                  "evaluation": "evaluation", "end": "end", "citation": "citation"}
# A card's section on the model's uses: the generated Quick start goes where it is (a section on running the model,
# as card.usage reads one, or on what the model is for, its installation, downloads, prompt format, examples)
USES = re.compile(rf"{OWN_USAGE.pattern}|(?:intended |direct |downstream |primary )?uses?\b.*|.*\bintended uses?\b.*|"
                  r"use cases?\b.*|installation\b.*|(?:how to )?download\b.*|prompt(?:ing| format| template)\b.*|"
                  r"examples?\b.*|demo\b.*|get(?:ting)? started\b.*|useage\b.*|\w+ usage\b.*|使い方.*|使用.*|用法.*|快速.*|"
                  r"クイックスタート.*", re.I)
# The titles of a section introducing the model, which opens a card: before the Quick start without a USES section
INTRO = re.compile(r"(?:model |about (?:the )?model|the model)?\s*(?:description|details|summary|overview|introduction|"
                   r"information|card)|about|table of contents|contents", re.I)
# The titles of a card's own section of its results, which the generated "Evaluation" table would repeat
OWN_RESULTS = ("evaluation", "evaluations", "evaluation results", "results")
# A person's heading over the training lists whose text is the training description (Training, Training details,
# Fine-tuning procedure, ...; not transformers' "Training and evaluation data", a section of its own)
TRAINING_WORD = re.compile(r"^(?:training|fine-?tuning)(?: (?:details|procedure|process|setup))?$", re.I)


def _on_uses(heading: str) -> bool:
    """Whether a heading (as the card writes it) is over a section on the model's uses (USES), in its words or in
    those it gives in brackets (Qwen's "快速使用（Quickstart）")."""
    title = heading_words(_plain(HTML_TAG.sub("", heading)))
    return any(USES.fullmatch(words.strip()) for words in (title, *re.findall(r"[（(]([^）)]+)[）)]", title)))



def _nest_under_training(free: list[dict[str, Any]]) -> None:
    """The sub-sections a person wrote under TRL's "## Training procedure", right before the lists read as data
    (TRL's comment slot: GOLD's "### Status", "### Key changes"), kept inside it: the section over the lists is the
    Trainer's heading with its text the training description, as one without sub-sections is."""
    at = next((i for i in range(len(free) - 1, -1, -1) if free[i]["level"] <= 2), None)
    if at is None or at == len(free) - 1 or free[at]["title"].lower() != TRAINING_HEADING.lower() or \
            free[at]["level"] != 2 or free[at]["position"] == "training":
        return
    parts = free[at + 1:]
    if any(p["position"] != free[at]["position"] or p["after_lists"] for p in parts) or \
            any(b["at"] != a["at"] + 1 for a, b in zip(free[at:], parts)):
        return
    # joined once (added one by one, the text so far was copied for each sub-section); each part stripped at its end
    # as it was when it ended the text, the whole at both ends
    text = "".join(f"\n\n{'#' * part['level']} {part['shown']}\n\n{part['content']}".rstrip("\n") for part in parts)
    free[at]["content"] = unmark_headings((free[at]["content"] + text).strip("\n"))
    del free[at + 1:]

class _Importer(CardData):
    def __init__(self, path: Path, body: str, result: Ingested, run_readme: bool = False):
        self.path = path
        self.run_readme = run_readme  # the README in a run's folder
        self.body = body
        self.result = result
        self.data = result.data
        self.deeper_follows = False  # the section being read has sub-sections
        self.last_section = False  # the section being read is the card's last
        self.quick_start: Optional[str] = None  # the generated "Quick start" section's text
        self.generated_card = BEGIN.search(body) is not None  # a card this generator made
        self.generated_seen: set[tuple[Optional[str], str]] = set()  # (block, title) of the sections read as generated
        self.text_after_lists = False  # a Trainer list was kept as text: the ones after it stay text too
        self.training_level: Optional[int] = None  # the level of a generated card's "Training procedure" heading
        self.description_open = False  # the sections being read are under that heading, before its lists
        self.training_heading = TRAINING_HEADING.lower()  # that heading's title (training.heading), lower case
        self.title_in_text: Optional[str] = None  # the `#` title, kept in the text after what the card shows above it
        self.title_found = False  # the card has a `#` title
        self.template_title = ""  # that title, a tool's template's placeholder (template_title, V2_TITLE)
        self.before_bare_end = False  # the section being read is followed by nothing but headings over nothing
        self.own_details = False  # the card has a "Model details" section of its own (read_card: model.facts)
        self.stated: set[str] = set()  # the metadata facts the card's own fact lists state
        self.details_seen = False  # a card this generator made has its "Model details" list
        self.shown_facts: set[str] = set()  # the metadata facts that list shows
        self.own_results = False  # the card has an "Evaluation" section of its own (read_card: evaluations' table)
        self.results_seen = False  # a card this generator made has its results table
        self.table_shows: list[dict[str, Any]] = []  # the evaluations that table shows
        # a person's text the renderer wrote under its one heading of that name in a card of ours (its "Citation"
        # beside the entries: only_citations; its "Training hyperparameters" before the list: CardData.structured)
        self.joined_text = ""
        self.sections: list[_Section] = []  # the body's sections, and the one being read
        self.at = 0
        self.skip_to = -1  # the sections up to this one were read with one before them

    # -- body
    def body_blocks(self) -> None:
        sections = _sections(self.body)
        title_found = self.title_found = False
        position = "uses"
        free: list[dict[str, Any]] = []
        after_lists = False  # Trainer lists were read as data since the last section kept
        held: list[list[str]] = []  # the lines of headings of HTML only before any section: the header's, read at once
        if self.run_readme:  # the template PEFT filled as its card of the adapter, left unfilled, says nothing
            unfilled = unfilled_sections([(s.level, s.title, s.text) for s in sections])
            sections = [sec for n, sec in enumerate(sections) if n not in unfilled]
        sections = self.take_autotrain_results(sections)
        uses_at = next((n for n, sec in enumerate(sections) if 1 <= sec.level <= 2 and not sec.block and _on_uses(
            sec.title)), None)
        self.sections = sections
        bare_ends = _before_bare_ends(sections)
        for n, sec in enumerate(sections):
            if n <= self.skip_to:
                continue  # read with the section before it (a generated Evaluation's group tables)
            self.at = n
            lines = list(sec.lines)
            self.before_bare_end = bare_ends[n]
            # (a generated card's next block is none of this section's: its "## Model details" under a `#` heading
            # over nothing that ends the header, TajBERTo's `# Dataset:`)
            self.deeper_follows = n + 1 < len(sections) and sections[n + 1].level > sec.level and \
                sections[n + 1].block == sec.block
            self.last_section = n + 1 == len(sections)
            self.stated |= stated_facts(lines) if not sec.block else set()
            if sec.level == 0:
                self.header(lines)
                continue
            # what the heading shows: a title is plain text, its spaces as a browser shows them (unsloth's card is
            # titled `# Uploaded  model`: its name, in the title and the model-index alike, is "Uploaded model")
            title = " ".join(_plain(HTML_TAG.sub("", sec.title)).split())
            words = heading_words(title).lower()  # (mlabonne's "## 🏆 Evaluation", "**Model Details**")
            self.own_details = self.own_details or not sec.block and words == "model details"
            self.own_results = self.own_results or not sec.block and words in OWN_RESULTS
            if not title:  # a heading of HTML only (an image, an anchor) stays markdown in the text before it
                text = "\n\n".join(t for t in (f"{'#' * sec.level} {sec.title}", sec.text) if t)
                if free:
                    _hold(free[-1], (text, True))
                else:
                    held.append(text.split("\n"))
                continue
            self.header(*held)  # (none: nothing)
            held.clear()
            # the card's title: its first `#` heading, before any section (one after them is a section of its own); in a
            # card of ours, in its header block, where the renderer writes it (a person's `# Model Details` that opens
            # the uses block of a card with no title, huggingface_hub's template's, moved into the header on re-import)
            if not title_found and not free and sec.level == 1 and not heading_markup(sec.title) and not (
                    self.generated_card and sec.block not in (None, "header")):
                title_found = self.title_found = True
                if self.data["model"].get("summary", "").strip():
                    # text above the title (a logo banner, a notice; a comment the Hub does not show, such as
                    # Alibaba-NLP/gte-large-en-v1.5's commented-out language links): the renderer writes its title
                    # first, so the title stays a heading in the text, where the card has it
                    self.title_in_text = title
                    self.data["model"]["name"] = title  # what names the model, until read_card took its repo id
                    self.header([f"# {sec.title}", "", *"\n".join(lines).strip("\n").split("\n")], summary=True)
                    continue
                if template_title(title) or title == V2_TITLE or title == AUTOTRAIN_TITLE and is_autotrain_card(
                        self.body):  # huggingface_hub's template's, unfilled (PEFT's card), sentence-transformers 2.x's
                    # or AutoTrain's: it names nothing
                    self.template_title = title
                    if not unfilled_sections([(1, sec.title, sec.text)]):  # (its summary's comment is the template's)
                        self.header(lines, summary=True)
                    continue
                self.data["model"]["name"] = title
                self.header(lines, summary=True)
                continue
            sec.lines = self.take_eval_summary(sec.lines, sec.block, title.lower())
            lines = list(sec.lines)  # (the list read as data is not kept in a free section's text too)
            # (a person's section between our blocks: at the end of the block before it, where they put it; it went
            # to the uses block, and its text was on the Hub twice, there and where they typed it: merge._imported)
            if (sec.block or sec.after) in BLOCK_POSITION:
                position = BLOCK_POSITION[sec.block or sec.after or ""]
            first_of_block = sec.block is not None and (n == 0 or sections[n - 1].block != sec.block)
            # (the generator's has no sub-section but its "Generation defaults": Zyphra/Zamba2-2.7B-instruct's own
            # "## Quick start" over "### Prerequisites" and "### Inference", first in the block, is the card's)
            own_parts = self.deeper_follows and _plain(sections[n + 1].title) != GENERATION_HEADING
            if sec.block == "uses" and first_of_block and sec.level == 2 and title == USAGE_HEADING and not own_parts:
                self.quick_start = "\n".join(sec.lines).strip("\n")  # the generator's leads its block; the card's own
                continue  # "Quick start" after it (or without it) is a free section
            if sec.block == "uses" and title == GENERATION_HEADING and "generation" not in self.data["model"]:
                generation = imported_generation(sec.lines)  # the list the renderer writes, else a free section
                if generation:
                    self.data["model"]["generation"] = generation
                    continue
            if self.generated_card and sec.block == "training" and first_of_block and sec.level == 2 and \
                    n + 1 < len(sections) and sections[n + 1].block == "training" and sections[n + 1].level == 3 and \
                    _plain(sections[n + 1].title).lower() in (*TRAINER_TITLES, *HYPERPARAMETER_TITLES, "training curves"):
                self.training_heading = title.lower()  # the renderer's heading over its lists, named by the records
                if title != TRAINING_HEADING:
                    self.data.setdefault("training", {})["heading"] = title
            kind = self.structured(sec)
            if kind in ("citation", "training") and self.joined_text:  # the renderer's heading theirs too
                # (one in the training lists is theirs at its level, not nested in a section before them)
                _settle(free)
                free.append({"title": title, "shown": sec.title.strip(), "at": n, "content": self.joined_text,
                             "position": "end" if kind == "citation" else "training", "level": sec.level,
                             "bare": False, "after_lists": kind == "training", "block": sec.block})
                self.joined_text = ""
            opening = kind == "training" and title.lower() == self.training_heading and sec.level == self.training_level
            if (kind or sec.block != "training") and not opening:
                self.description_open = False  # (a list read as data, or a section of another block, closes it)
            if kind:
                _settle(free)  # (what follows reads its text)
                position = {"training": "training", "leaderboard": "end", "citation": "citation"}.get(kind, position)
                if kind == "training" and "description" not in self.data.get("training", {}):
                    _nest_under_training(free)
                if kind == "training" and free and free[-1]["title"].lower() == TRAINING_HEADING.lower() and \
                        free[-1]["position"] != "training" and (not free[-1]["content"] or free[-1]["level"] == 2 and
                                                                "description" not in self.data.get("training", {})):
                    # the Trainer's "Training procedure" over its lists: the heading the renderer writes, a person's
                    # text under it the training description it writes there (ltmai/Bio_ClinicalBERT_DDI_finetuned's
                    # hardware line came back under a second "## Training procedure" below its results table)
                    if free[-1]["content"]:
                        self.data["training"]["description"] = free[-1]["content"]
                    if free[-1]["title"] != TRAINING_HEADING:  # as its author cased it (MBZUAI's "Training Procedure")
                        self.data["training"]["heading"] = free[-1]["title"]
                    free.pop()
                elif kind == "training" and free and free[-1]["at"] == n - 1 and free[-1]["level"] == 2 and (
                        not free[-1]["content"] or TRAINING_WORD.search(free[-1]["title"]) and
                        "description" not in self.data.get("training", {})) and free[-1]["shown"] == free[-1]["title"] and \
                        not after_lists and free[-1]["position"] != "training" and not self.generated_card:
                    # the Trainer's heading its author renamed (fblgit/juanako-7b-UNA's "## Training Details" right
                    # over the lists read as data): the heading the renderer writes there, as the card has it, and a
                    # training heading's text the description under it (AndyChiang/cdgp-csg-bert-dgen's "## Training"
                    # over its text and its "### Training hyperparameters" got a "## Training procedure" between)
                    renamed = free.pop()
                    self.data["training"]["heading"] = renamed["title"]
                    if renamed["content"]:
                        self.data["training"]["description"] = renamed["content"]
                elif kind == "training" and not after_lists and sec.level >= 3 and "heading" not in self.data.get(
                        "training", {}) and (first_of_block if self.generated_card else free and free[-1]["at"] == n - 1
                                             and 2 <= free[-1]["level"] <= sec.level and free[-1]["position"] != "training"):
                    # lists under a person's section (zephyr-7b-beta's "## Training and evaluation data"): kept there
                    self.data.setdefault("training", {})["heading"] = False
                after_lists = after_lists or kind == "training"
                continue
            if title.lower() in TRAINER_TITLES and not sec.block and not heading_markup(sec.title):
                # a Trainer list kept as text (a results table with text cells): in the training block, after the
                # lists read as data before it; the lists after it stay text, so the card's order holds (a heading
                # with markup is a person's: aaditya/Llama3-OpenBioLLM-8B's `### **Training hyperparameters**`)
                position = "training"
                self.text_after_lists = True
            elif sec.block == "training" and self.description_open and sec.level > (self.training_level or 6):
                # under the renderer's training heading, over its lists: the training description it writes there,
                # with headings of its own (pszemraj's "### Eval results" right under "## Training procedure"), which
                # read as a free section made the lists after it text, under no "Training procedure" heading
                training = self.data.setdefault("training", {})
                training["description"] = "\n\n".join(
                    t for t in (training.get("description"), f"{'#' * sec.level} {sec.title.strip()}",
                                "\n".join(lines).strip("\n")) if t)
                continue
            elif sec.block == "training":  # a generated card's free text follows its lists: what follows is text
                self.text_after_lists = True
            # a section deeper than `##` before any `##` one (gte-large-en-v1.5's `### Model list`) is under the title:
            # written there, not after the generated "Model details" and Quick start, under which it read as nested;
            # so is the card's first `#` one after such sections, its title, as one after text is (title_in_text):
            # Unsloth's "# Uploaded  model" under its author's "### Model Description" (DeveloperZeeshu/Nano_R1-model)
            # was written inside the Quick start's block
            # and so is the `##` heading that opens a card with no `#` title and no text above (bartowski's
            # `## Llamacpp imatrix Quantizations of gemma-2-2b-it`, its title), unless it is over a section of a
            # topic the generated blocks place (its own "Model Details", its uses): above the generated "Model details"
            here = "summary" if position == "uses" and not self.generated_card and (
                sec.level > 2 or sec.level == 1 and free and not title_found or sec.level == 2 and not free and
                not title_found and not self.data["model"].get("summary") and not INTRO.fullmatch(title) and
                not _on_uses(sec.title)) and all(f["level"] > 2 for f in free) else position
            # the person's sections that open the card, before its own on using the model (or, with none, those
            # introducing it: "Model Details", "Description"), stay before the generated Quick start, which goes where
            # the card has that topic: a Trainer card's "Model description" came after the Quick start's code, and
            # bartowski's `## Llamacpp imatrix Quantizations of ...` title above its "Prompt format" too
            # (a `#` section stays: defog/sqlcoder-7b-2's second `#` heading holds its "## Uses" in its outline)
            if here == "uses" and not sec.block and not self.generated_card and sec.level >= 2 and (
                    n < uses_at if uses_at is not None else sec.level == 2 and INTRO.fullmatch(title)) and all(
                    f["position"] in ("summary", "details") or f["level"] > 2 for f in free):
                here = "details"
            # BibTeX elsewhere than under a "Citation" heading (TRL's "Citations", "How to cite", "BibTeX entry and
            # citation info", a paper's entry in its description) stays where the card wrote it, under its heading
            text = "\n".join(lines).strip("\n") if any(line.strip() for line in lines) else ""  # (spaces: nothing)
            # a section title is plain text: a heading holding markup (HEADING_MARKUP) stays markdown, in the text
            # before the title (or the header block, or the summary when no section came before it), else at the end
            # of the section before it in the same place
            heading = f"{'#' * sec.level} {sec.title}" if heading_markup(sec.title) else None
            if heading and not free and (not title_found or sec.block == "header" or not self.generated_card
                                         and position == "uses"):
                self.header([heading, "", *lines])
                continue
            # (a sub-heading of that section is nested in it below, its markup kept, at its level under the section; one
            # after sections kept under the title stays with them: Vedika-4.1-flash's `## **Benchmark Results**`)
            # (or in the opening sections kept before the Quick start: CK42's `## Model description [sbcBI/...]`
            # after its "Model description", beomi's `# **Model Benchmark**` after its "Model Details")
            before = (here, "summary", "details") if position == "uses" else (here,)
            if heading and free and free[-1]["position"] in before and not after_lists and (
                    sec.level <= free[-1]["level"] or LINK_IN_TEXT.search(sec.title)):
                marked = marked_heading(sec.level, sec.title)  # its level is set in nest(), as its siblings' are
                _hold(free[-1], (marked, False), (text, False))
                free[-1]["bare"] = False
                continue
            if not text and not free and not self.deeper_follows and sec.block in (None, "header"):
                # over nothing, no section before: in the text before (where a card rendered from such a one has it)
                self.header([f"{'#' * sec.level} {sec.title}"])
                continue
            # an empty sub-heading keeps its place in the outline, and so does one over deeper headings that opens the
            # card's text (`### Froggy Style` over its `####` sections: nest() keeps the next one in it)
            if text or sec.level <= 2 or free or self.deeper_follows:
                _settle(free)
                free.append({"title": title, "shown": sec.title.strip(), "at": n,  # shown: as the card wrote it
                             "content": text, "position": here, "level": sec.level,
                             # a heading over nothing (not over text taken as citations or lists read as data)
                             "bare": not sec.text.strip() and not self.deeper_follows, "after_lists": after_lists,
                             "block": sec.block})
                # a person's section after lists read as data: a Trainer list after it stays text, below it
                # (a Whisper fine-tune's "### Framework versions" after its own "### Transcription" came back above it)
                self.text_after_lists = self.text_after_lists or after_lists
                after_lists = False
        self.header(*held)
        _settle(free)
        self.data["sections"] = nest_sections(free)

    def header(self, *chunks: list[str], summary: bool = False) -> None:
        """The lines of text of the card's header (each chunk: the text before its first heading, its title's section,
        a heading of HTML only before any section) -> the summary, its first markdown image alone the header image."""
        texts: list[str] = []
        shown: Optional[bool] = None  # the summary so far shows something: asked once, then kept up
        for lines in chunks:
            rest: list[str] = []
            first: Optional[bool] = None if not summary else False  # None: not yet asked
            for n, line in enumerate(lines):
                # the header image is the card's markdown one: an <img> stays HTML, as the card wrote it (the records'
                # image is written back as ![alt](url), with no size, style or attribute of the card's own)
                image = IMAGE_MD.match(line.strip())
                alone = not (n and lines[n - 1].strip()) and not (n + 1 < len(lines) and lines[n + 1].strip())
                if image is None or not alone or first is False or "image" in self.data["model"]:
                    rest.append(line)
                    continue
                # the header image is rendered above the title and the text: only one the card shows first is it
                # (text once shown stays shown, so what came before is asked once: a card of 20,000 headings over no
                # title, each read here, asked its whole summary at each)
                if shown is None:
                    shown = _visible(self.data["model"].get("summary", "")) or any(_visible(t) for t in texts)
                first = not shown and not _visible("\n".join(rest))
                if first:  # one inside a <p> stays there
                    self.data["model"]["image"] = {"url": image.group(2), "alt": _unescape(image.group(1))}
                    continue
                rest.append(line)
            text = "\n".join(rest).strip("\n")  # BibTeX in it stays there, as under a heading other than "Citation"
            if text:
                texts.append(text)
                shown = shown or _visible(text) if shown is not None else None
        if texts:  # joined once: added to one by one, a long header was copied at each (quadratic)
            previous = self.data["model"].get("summary")
            self.data["model"]["summary"] = "\n\n".join([previous, *texts] if previous else texts)


def _hold(section: dict[str, Any], *pieces: tuple[str, bool]) -> None:
    """Text added to a free section's (each piece: its text, and whether the whole is then stripped of blank lines at
    its ends): held until the section's text is read (_settle), where it is joined once (added one by one, the text so
    far was copied at each: 4,000 headings with a link each, merged into the section before, took a minute)."""
    section.setdefault("more", []).extend(piece for piece in pieces if piece[0])


def _settle(free: list[dict[str, Any]]) -> None:
    """The text _hold kept for the last of the free sections joined to its content, as each was added: a blank line
    between (the sections before it were settled when the next was added)."""
    section = free[-1] if free else {}
    more = section.pop("more", None)
    if more:
        joined = "\n\n".join(t for t in [section["content"], *(t.rstrip("\n") if strip else t for t, strip in more)] if t)
        section["content"] = joined.lstrip("\n") if any(strip for _, strip in more) else joined


def read_card(path: Path, repo_id: Optional[str] = None, run_readme: bool = False) -> Ingested:
    """Import a README.md as record data; a card without frontmatter gives its body and a warning. ``run_readme``: the
    README lies in a run's folder, whose sections of huggingface_hub's template left unfilled (PEFT's card) are not read."""
    text = read_text(path, str(path))
    result = Ingested(str(path), "card", {})
    meta, body = card_parts(text, str(path), result)
    # a card's metadata written alone (BigScience's mdmeta.txt): no README, so none to title or to adopt on publish
    bare = any(warning.code == "bare-frontmatter" for warning in result.warnings)
    body = without_trainer_note(closed_body(body, text.lstrip("\ufeff"), result), text.lstrip("\ufeff"), result)
    import_metadata(meant_metrics(meta, body), result, text)  # (transformers 4.7-4.9's model_index, completed)
    importer = _Importer(path, body, result, run_readme)
    importer.body_blocks()
    model = result.data["model"]
    ours = importer.generated_card or is_ours(body)
    if not ours and "generated_from_trainer" in as_list(model.get("tags")):
        train_split_left_out(result.data.get("evaluations") or [],
                             (result.data.get("training") or {}).get("framework_versions", {}).get("Transformers"), result)
    if repo_id:
        model["repo_id"] = repo_id
    if not ours:  # (before the repo id is looked for in the card's links: not the base's)
        base_from_text(model, body, result)
    if not repo_id and "repo_id" not in model:
        stated_repo_id(text, model, result)
    if importer.title_in_text is not None:
        model["name"] = False  # the title is in the summary's text, where the card has it
    axolotl_retitle(model, text, importer.title_in_text)
    if importer.template_title:
        template_title_said(model, result, importer.template_title)
    elif ("name" not in model or not importer.title_found) and not bare:
        # (metadata alone is no card with its title left out: the model is named by the sources beside it)
        # no title: the card is rendered back without one (Nekochu/Luminia-13B-v3's metadata model_name, with no `#`
        # heading, is the model-index name only)
        model["name"] = False
    # proof for publish that it may replace this very README (card/managed.py); a card rendered from such records names
    # that README in its metadata marker (one rendered from a card that gave nothing to generate has that alone)
    adopts = adopted_blob(body) if ours else None if bare else git_blob_sha(path.read_bytes())
    # and a card of ours names itself (card_source.read): while the Hub holds it, its metadata a person edited there
    # is what these records hold, which publish then writes over it (generator.publish.plan)
    source = ({"blob": adopts} if adopts else {}) | ({"read": git_blob_sha(path.read_bytes())} if ours else {})
    if source:
        result.data["model"]["card_source"] = source
    own_facts(model, importer.own_details, importer.generated_card, importer.details_seen, importer.stated,
              importer.shown_facts)
    shown_results(result.data, body, importer.own_results, importer.generated_card,
                  importer.table_shows if importer.results_seen else None)
    quick_start_of_card(result.data, result, importer.quick_start, importer.generated_card)
    trl_card_method(result.data)
    warn_escaped_html(result)
    for key in ("training", "sections"):
        if not result.data.get(key):
            result.data.pop(key, None)
    return result
