"""What a person added to the README.md a Trainer or TRL wrote, read by the card importer (generator.sources.card).

transformers' free-text sections a person filled in, text under "## Training procedure", sections a person added
(usage, references, ...) and BibTeX however it is fenced; what the Trainer or TRL wrote there itself (the Quick start,
the run badge, "This model was trained with X.", "Cite X as:") is left to the card, which writes it again.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, Optional

from generator.markdown.headings import atx_heading
from generator.sources.common import Ingested, hub_id
from generator.sources.hyperparameters import OPTIMIZER_ARGS
from generator.sources.trainer_autotrain import is_autotrain_usage

# transformers' card sections for a person to fill in, and where the card shows them; kept when filled in.
_FREE_SECTIONS = {"model description": "summary", "intended uses & limitations": "uses",
                  "training and evaluation data": "training"}
_PLACEHOLDER = "More information needed"
# TRL's card's Quick start: a pipeline of the repo the trainer pushes to (hub_model_id; "None" when the run was not
# pushed): "text-generation" for every trainer (a reward model's too, until TRL 0.24), and since TRL 0.24's
# rm_model_card.md a reward model's task-less `rewarder = pipeline(model=...)` scoring a text.
QUICK_START = re.compile(r'pipeline\((?P<task>"text-generation", )?model="(?P<repo>[^"]+)"')


# TRL's card of a PPOTrainer's value-head model (its MODEL_CARD_TEMPLATE, TRL 0.1 to 0.11): its "## Usage" loads the
# repo with the text-generation pipeline and with AutoModelForCausalLMWithValueHead, in these words of TRL's own.
OLD_TRL_USAGE = frozenset({"To use this model for inference, first install the TRL library:",
                           "You can then generate text as follows:",
                           "If you want to use the model for training or to obtain the outputs from the value head, "
                           "load the model as follows:"})


# The Trainer's own headings whose content the card writes again from the run (a person's text under them is kept only
# when the run gave nothing of that kind).
_REWRITTEN = {"training hyperparameters": "hyperparameters", "training results": "results",
              "framework versions": "framework_versions"}
# Lines TRL writes under "## Training procedure": its run badge and "This model was trained with X." (with the paper;
# X is one word, or up to three before the paper: "Online DPO", so that a person's "trained with LoRA adapters." stays).
_TRL_PROCEDURE_LINE = re.compile(r"^(\[<img [^>]*alt=\"Visualize in [^\"]+\"[^>]*>\]\(https://[^)\s]+\)|"
                                 r"This model was trained with (?:[\w-]+|[\w-]+(?: [\w-]+){1,2}"
                                 r"(?=, a method introduced in ))(?:, a method introduced in \[.+\]\(.+\))?\.)$")
# transformers 5.x's line for a run inside a Hugging Face Job (TrainingSummary's hf_jobs_flavor: not in 5.18, in
# 5.25), read as the run's hardware.
JOBS_LINE = re.compile(r"^Trained with Hugging Face Jobs on `([^`]+)` hardware\.$")
# The Trainer's own headings whose list or table the trainer README reader writes again whatever the importer read
_OWN_LISTS = ("training results", "framework versions")
_CITE_LABEL = re.compile(r"^Cite .+ as:$")
_OWN_HEADING = re.compile(r"^#{1,6} (?:Training procedure|Training hyperparameters|Training results|Framework versions)"
                          r"[ \t]*$", re.I)


def _entry_key(bibtex: str) -> str:
    match = re.search(r"@\w+\s*\{\s*([^,\s]+)", bibtex)
    return match.group(1) if match else bibtex.strip()


def card_sections(read: dict[str, Any], trainer_card: bool, result: Ingested) -> None:
    """The sections a person filled in or added, as the card importer (generator.sources.card) reads the README: of a
    card the Trainer or TRL wrote, transformers' free-text sections that say more than its placeholder, the text a
    person put under "## Training procedure" (the training description), every section a person added (usage,
    references, ...) and BibTeX however it is fenced; TRL's Quick start and citations, which the card writes itself,
    are left out. Of any other README, transformers' free-text sections alone. ``read``: the README as the card
    importer reads it."""
    training = result.data.setdefault("training", {})
    taken = {_entry_key(c["bibtex"]) for c in result.data.get("citations", [])}
    for citation in read.get("citations", []) if trainer_card else []:
        if _entry_key(citation["bibtex"]) not in taken:
            taken.add(_entry_key(citation["bibtex"]))
            result.data.setdefault("citations", []).append(citation)
    # the text a person put under the card's "## Training procedure", which the card importer reads as the training
    # description when the Trainer's lists follow it
    procedure = [{"title": "Training procedure", "content": read["training"]["description"]}] \
        if trainer_card and (read.get("training") or {}).get("description") else []
    intro = (read.get("training") or {}).get("results_intro") if trainer_card else None
    if intro:  # a person's sentence over the Trainer's table (Sargent_Bit's "The table below shows the full set of
        training["results_intro"] = intro  # DPO training metrics:"), which is written again from the run
    cited = False  # past TRL's "## Citations", whose entries the card's Citation block writes: a person's section
    # after it stays after them (Citation block's position), not above them in the training block
    for section in procedure + read.get("sections", []):
        title, text = section["title"].strip(), section["content"].strip("\n")
        key = title.lower()
        if trainer_card:
            text = _before_own_heading(text)  # the Trainer's own headings the importer nested in a person's section
        if key in _FREE_SECTIONS:
            if text.strip() and text.strip() != _PLACEHOLDER:
                result.data.setdefault("sections", []).append({"title": title, "content": text,
                                                               "position": _FREE_SECTIONS[key]})
            continue
        if trainer_card and key == "usage" and "AutoModelForCausalLMWithValueHead" in text and all(
                line.strip() in OLD_TRL_USAGE for line in without_fences(text).splitlines() if line.strip()):
            continue  # TRL's own (its repo id and pipeline read by card_fallbacks): the card writes its Quick start
        if trainer_card and key == "usage" and is_autotrain_usage(text):
            continue  # AutoTrain's: the card writes its Quick start
        quick = QUICK_START.search(text) if trainer_card and key == "quick start" else None
        if quick:
            # TRL's, with a person's words: it replaces the generated one; a reward model's of a pushed run is kept
            # as TRL wrote it (the card generates no Quick start for a classifier), one of "None" (not pushed) not
            if without_fences(text).strip() or not quick.group("task") and hub_id(quick.group("repo")):
                result.data.setdefault("model", {}).setdefault("usage", text)
            continue
        # a list the run gave, or the Trainer's results table or versions list the card importer kept as text (the
        # trainer README reader writes those again, card_fallbacks): a person's text after it is kept. Read at the
        # card's top level when it follows the lists read as data, nested in a person's section otherwise
        # (_before_own_heading)
        if trainer_card and (_REWRITTEN.get(key) in training or key in _OWN_LISTS):
            own = "\n".join(after_own_run(text.splitlines())).strip("\n")
            # after the last list, the card's closing text (Merlinmy/Whisper_small_hi's GitHub `# repo` line):
            # kept there, not moved above the hyperparameters with the training description
            at = "closing" if key == "framework versions" else "description"
            if own:
                training[at] = "\n\n".join(t for t in (training.get(at), own) if t)
            continue
        if not trainer_card or title == result.title:
            continue  # the Trainer's title under a person's own top heading (its intro)
        if key == "training procedure":
            own = "\n".join(line for line in text.splitlines()
                            if not (_TRL_PROCEDURE_LINE.match(line.strip()) or JOBS_LINE.match(line.strip()))).strip()
            if own:
                training["description"] = "\n\n".join(t for t in (training.get("description"), own) if t)
            continue
        if key in ("citations", "citation"):  # TRL's "Cite X as:", the entries read above, BibTeX fenced otherwise
            cited = cited or key == "citations"  # (TRL's heading; a person writes "Citation")
            text = _cite_fenced(text, taken, result)
            from generator.sources.card_text import _visible

            lines = text.splitlines()
            if any(atx_heading(line) for line in lines) and not _visible(
                    "\n".join(line for line in lines if not atx_heading(line))):
                continue  # the headings over the entries alone (sentence-transformers' "### BibTeX", "#### <its loss>",
                # then its template's commented-out sections): the card's Citation block cites them
        if text.strip():
            result.data.setdefault("sections", []).append({"title": title, "content": text, "position": "citation" if
                                                           cited and key not in ("citations", "citation") else
                                                           section.get("position", "uses")})


def _before_own_heading(text: str) -> str:
    """``text`` without the Trainer's own headings outside code and what each holds up to the next heading of a
    person's ("## Training procedure" over nothing, "### Training results" under a section a person filled in when the
    card has no "## Training procedure"): that is the Trainer's, which the card writes itself."""
    from generator.markdown.fences import fenced_blocks

    lines = text.splitlines()
    inside = {i for block in fenced_blocks(lines) for i in range(block.start, (block.end or len(lines) - 1) + 1)}
    kept: list[str] = []
    own: Optional[list[str]] = None  # the text under the Trainer's heading being read
    for i, line in enumerate(lines):
        if i not in inside and line.lstrip().startswith("#"):
            kept += after_own_run(own or [])
            own = [] if _OWN_HEADING.match(line.strip()) else None
            if own is not None:
                continue
        if own is None:
            kept.append(line)
        else:
            own.append(line)
    kept += after_own_run(own or [])
    return "\n".join(kept).strip("\n")


def after_own_run(lines: list[str]) -> list[str]:
    """What follows the Trainer's own list or table under its heading (``lines``: the heading's text): a person's
    text after it (the Trainer writes nothing there). Nothing when the heading holds no list or table."""
    run = False
    for n, line in enumerate(lines):
        # the line after transformers' "- optimizer: Use lion_8bit and the args are:" is its optim_args, the Trainer's
        own = line.strip().startswith(("- ", "|")) or bool(n and lines[n - 1].rstrip().endswith(OPTIMIZER_ARGS))
        if run and not own and line.strip():
            return ["", *lines[n:]]
        run = run or own
    return []


def before_own_run(lines: list[str]) -> list[str]:
    """What comes before the Trainer's own list or table under its heading (``lines``: the heading's text): a
    person's text introducing it. Nothing when the heading holds no list or table."""
    for n, line in enumerate(lines):
        if line.strip().startswith(("- ", "|")):
            return lines[:n]
    return []


def split_intro(lines: list[str]) -> tuple[str, list[str]]:
    """A section's lines as (the text before its first list or table, the lines from there on)."""
    intro = before_own_run(lines)
    return "\n".join(intro).strip("\n"), lines[len(intro):]


def without_fences(text: str) -> str:
    """``text`` without its fenced blocks."""
    from generator.markdown.fences import fenced_blocks

    lines = text.splitlines()
    inside = {i for block in fenced_blocks(lines) for i in range(block.start, (block.end or len(lines) - 1) + 1)}
    return "\n".join(line for i, line in enumerate(lines) if i not in inside)


def _cite_fenced(text: str, taken: set[str], result: Ingested) -> str:
    """``text`` without its fenced BibTeX (and the "Cite X as:" line before each), which is cited as the card cites,
    each entry once: a person fences it bare or as ```latex under a Citation heading of a trainer README (the card
    importer keeps such a fence as the text it is, to give a card back as written: here the card's own Citation block
    would then follow a second Citation heading)."""
    from generator.sources.card_text import split_citations

    rest, citations = split_citations(text.splitlines(), fences=None)
    for citation in citations:
        if _entry_key(citation["bibtex"]) in taken:
            continue
        taken.add(_entry_key(citation["bibtex"]))
        if _CITE_LABEL.match(citation.get("label", "")):
            del citation["label"]  # TRL's "Cite TRL as:": the card writes its own
        result.data.setdefault("citations", []).append(citation)
    return "\n".join(rest).strip("\n")


# axolotl titles the card it has the Trainer write with its output_dir less the leading "./" when it pushes to no repo
# (src/axolotl/train.py create_model_card, model_name=cfg.output_dir.lstrip("./"), 0.3 to 0.18): its examples'
# ./outputs/lora-out titles it "outputs/lora-out", which reads as a Hub id, /workspace/FinLoRA/lora/axolotl-output/
# ner_llama_3_1_8b_fp16_r8 "workspace/FinLoRA/..." (a FinLoRA card, axolotl 0.9.1); transformers titles its own card
# with the output_dir's last folder.
_OUTPUT_DIR = re.compile(r"^output_dir:[ \t]*(['\"]?)([^'\"#\n]+?)\1[ \t]*(?:#.*)?$", re.M)


def axolotl_title(text: str, title: Optional[str]) -> Optional[str]:
    """``title``, the card's, or the last folder of the output_dir in the axolotl config the card ``text`` embeds when
    the title is that output_dir as axolotl gives it (a path)."""
    from generator.sources.recipe import card_config

    found = card_config(text) if title and "/" in title else None
    output = _OUTPUT_DIR.search(found[1]) if found else None
    if output is None or output.group(2).strip().lstrip("./") != title:
        return title
    return PurePosixPath(output.group(2).strip()).name or title


def axolotl_retitle(model: dict[str, Any], text: str, title_in_text: Optional[str]) -> None:
    """An imported card titled with axolotl's output_dir (``text``: the card) is titled as a run's card is
    (:func:`axolotl_title`): ``model.name``, or the title heading the card's summary keeps (axolotl's badge and config
    come above it: title_in_text), and its model-index name, which is no repo id."""
    index = model.get("model_index_name")
    named = axolotl_title(text, index) if isinstance(index, str) else None
    if named and named != index:  # the model-index name is axolotl's output_dir ("checkpoints/mixtral-finetuned",
        # YGueguen16u/dsti-ml-final-project), which read as the repo id: named as the Trainer names its own card
        model["model_index_name"] = named
        if model.get("repo_id") == index:
            del model["repo_id"]
    if title_in_text is None and isinstance(model.get("name"), str):
        model["name"] = axolotl_title(text, model["name"])
    elif title_in_text is not None and isinstance(model.get("summary"), str):
        retitled = axolotl_title(text, title_in_text)
        if retitled and retitled != title_in_text:
            model["summary"] = model["summary"].replace(f"# {title_in_text}\n", f"# {retitled}\n", 1)
