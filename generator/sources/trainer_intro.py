"""The sentence a transformers Trainer (or TRL) writes under its card's title, and what it names.

transformers' TrainingSummary writes "This model is a fine-tuned version of [BASE](https://huggingface.co/BASE) on the
X dataset." (or "... was trained from scratch on ...", "on an unknown dataset.", "on the A, the B and the C
datasets."), TRL "... of [BASE](...).\nIt has been trained using [TRL](https://github.com/huggingface/trl).". A person
may write on after it on the same line; the data it names may be no Hub dataset (a dataset script's name, a data file,
LLaMA-Factory's dataset_info.json names), which the card then lists by those names. Also the card's title as the
Trainer or TRL wrote it or a person renamed it, and text a person added under it (the model's summary).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.markdown.fences import without_comments
from generator.sources.common import DATA_FILES, FILE_LOADERS, Ingested, hub_dataset_id

# transformers' intro sentence, naming the data the run was given (TrainingSummary's `dataset`; LLaMA-Factory passes
# its dataset_info.json names, axolotl its datasets' paths), and TRL's line after it
_INTRO = re.compile(r"^This model (?:is a fine-tuned version of \[[^\]\n]*\]\([^)\s]*\)|was trained from scratch)"
                    r"(?: on (?:the (?P<data>.+?) (?P<plural>datasets?)|an unknown dataset))?\.(?=\s|$)"
                    r"|^It has been trained using \[TRL\]\(https://github\.com/huggingface/trl\)\.")
# A name of the run's data kept as text: none that markdown would read as markup
_PLAIN_NAME = re.compile(r"^[^\s*\[\]<>|`\\][^*\[\]<>|`\\\n]*$")
# The model detail naming the training data by the run's names, which are no Hub dataset ids
RUN_DATA = "Training data (as the run names it)"


def after_intro(line: str) -> str:
    """``line`` without the intro sentence it opens with, when a person wrote on after it on the same line
    (allenai/led-base-16384-ms2: "... on the [MS^2](...) dataset. The model received as input ..."); else as it is."""
    found = _INTRO.match(line.strip())
    rest = line.strip()[found.end():].strip() if found else ""
    return rest or line


def hub_data(name: Any) -> Optional[str]:
    """``name`` if it is a Hub dataset id and not the path of a data file (axolotl's card names ``data/train.jsonl``)."""
    return hub_dataset_id(name) if isinstance(name, str) and not name.lower().endswith(DATA_FILES) else None


def run_data(meta: dict[str, Any], body: str, result: Ingested) -> None:
    """The training data the trainer's card names by no Hub dataset id, as a model detail: its ``datasets`` that are
    none, else its intro's names (beside that key they are the display names of its entries: "Common Voice 11.0"). A
    file loader's name (``json``, ``imagefolder``) or ``None`` names no data."""
    listed = meta.get("datasets")
    listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    names = [str(d).strip() for d in listed if not hub_data(d)]
    intro = next((found for line in body.splitlines() if (found := _INTRO.match(line.strip()))), None)
    said = intro.group("data") if intro else None
    said_names = [] if not (intro and said) else \
        re.split(r", the | and the ", said) if intro.group("plural") == "datasets" else [said]
    if said and not listed:
        names += said_names
    _said_configs(listed, said_names, result)
    kept = [n for n in dict.fromkeys(names) if n and n != "None" and n.lower() not in FILE_LOADERS
            and _PLAIN_NAME.match(n) and not n.startswith("[")]
    if kept:
        result.data.setdefault("model", {}).setdefault("details", {}).setdefault(RUN_DATA, ", ".join(kept))
        result.warn("README.md", f"the trainer's card names training data {', '.join(repr(n) for n in kept)} that "
                    f"its metadata does not give as Hub dataset ids: listed under Model details as \"{RUN_DATA}\", "
                    "not in the card's datasets", "if it is a Hub dataset, put its id (ORG/NAME) in model.datasets in "
                    "the records", code="dataset-not-named")
    others = [str(d) for d in listed if not hub_data(d) and str(d).strip() not in kept]
    if others:  # `imagefolder`, `json`: a file loader's name, which names no data
        result.warn("README.md", f"datasets {', '.join(repr(d) for d in others)} of the trainer's card "
                    f"{'is not a Hub dataset id' if len(others) == 1 else 'are not Hub dataset ids'}; left out",
                    "add the Hub id (org/name) of the data the model was trained on to model.datasets",
                    code="not-a-hub-id")


def _said_configs(listed: list[Any], said: list[str], result: Ingested) -> None:
    """The config of each Hub dataset the intro names as ``<id> <config>``, as a model.dataset_details part: the
    example scripts (run_clm, run_summarization, run_speech_recognition_seq2seq, ...) give the Trainer's card
    ``dataset=f"{dataset_name} {dataset_config_name}"`` and the id alone as its ``datasets``, so the intro's "on the
    wikitext wikitext-2-raw-v1 dataset" is the only place the card says which config the run read."""
    for name in said:
        for dataset in (d for d in listed if hub_data(d)):
            config = name[len(dataset) + 1:] if name.startswith(f"{dataset} ") else ""
            if _CONFIG.match(config):
                details = result.data.setdefault("model", {}).setdefault("dataset_details", {})
                details.setdefault(dataset, f"config {config}")


# A dataset config's name as the intro gives it after the dataset's id: one word (``wikitext-2-raw-v1``, ``3.0.0``)
_CONFIG = re.compile(r"^[\w][\w.\-]*$")

# The intro of TRL's card of a PPOTrainer's model (TRL 0.1-0.11's MODEL_CARD_TEMPLATE)
OLD_TRL_INTRO = "This is a [TRL language model](https://github.com/"

# TRL titles its card "Model Card for <model_name>"; PEFT's template leaves "Model Card for Model ID" unfilled.
TITLE_PREFIX = "Model Card for "


def renamed_title(body: str, named: str) -> Optional[str]:
    """The ``#`` title a person gave the Trainer's intro ("This model is a fine-tuned version of ...") in place of the
    name the metadata gives; None when the Trainer's title is there as it wrote it (a person's own top heading above
    it, such as a disclaimer, is no title)."""
    from generator.sources.card_text import TRAINER_NOTE, _sections

    sections = _sections(body)
    heads = [s for s in sections if s.level == 1]
    if any(s.title.strip() in (named, TITLE_PREFIX + named) for s in heads):
        return None
    intro = _intro_heading(heads)
    if intro is None:  # the intro deleted too: the top heading right after the Trainer's "generated automatically" note
        note = next((n for n, s in enumerate(sections) if TRAINER_NOTE.search(s.text + "\n")), None)
        if note is not None:
            intro = next((s for s in sections[note + 1:] if s.level == 1), None)
        elif sections and sections[0].level == 0 and not "".join(sections[0].lines).strip() and len(sections) > 1 \
                and sections[1].level == 1:  # the comment deleted as well: a `#` heading the body opens with
            intro = sections[1]
    return body_title(f"# {intro.title.strip()}") if intro else None


def body_title(body: str) -> Optional[str]:
    """The card's ``#`` title (outside code), for a card whose metadata names no model: transformers' cards of
    2021-22 wrote ``model_index`` or none, and a person may have edited the metadata away."""
    from generator.sources.card_text import _sections
    from generator.sources.trainer_autotrain import AUTOTRAIN_TITLE

    # its spaces as the heading shows them: unsloth titles its card `# Uploaded  model`
    first = next((" ".join(s.title.split()) for s in _sections(body) if s.level == 1), "")
    name = first[len(TITLE_PREFIX):].strip() if first.startswith(TITLE_PREFIX) else first
    # (AutoTrain titles every card "Model Trained Using AutoTrain": no name)
    return name if name and name not in ("None", "Model ID", AUTOTRAIN_TITLE) and "<" not in name and "](" not in name \
        else None


# The sentences the Trainer and TRL write under the card's title; any other text there is a person's. The Trainer's
# "trained from scratch" one says only that no Hub id named the model it started from (a local folder too).
_INTRO_SENTENCES = ("This model is a fine-tuned version of ", "This model was trained from scratch on ",
                    "It has been trained using [TRL]", OLD_TRL_INTRO,
                    "guide the model outputs according to a value, function, or human feedback.")


def _intro_heading(heads: list[Any]) -> Any:
    """The ``#`` section holding the Trainer's or TRL's intro sentence (its title), or None."""
    return next((s for s in heads if any(line.strip().startswith(_INTRO_SENTENCES) for line in s.lines)), None)


def card_intro(body: str, result: Ingested) -> None:
    """Text a person added under the card's ``#`` title (beside the Trainer's own sentences and its "It achieves"
    list, which the card writes itself), as the model's summary."""
    from generator.sources.card_results_list import eval_summary
    from generator.sources.card_text import _sections
    from generator.sources.trainer_autotrain import is_autotrain_usage

    sections = _sections(body)
    heads = [s for s in sections if s.level == 1]
    if not heads:
        return
    # the Trainer's title: the top heading over its intro; a person's own top heading may come first ("# Disclaimer")
    title = _intro_heading(heads) or heads[0]
    lines = [after_intro(line) for line in title.lines]  # what a person wrote on after the intro, on its line
    found = eval_summary(lines)
    if found:
        lines = lines[:found[0]] + lines[found[1]:]
    text = "\n".join(line for line in lines if not line.strip().startswith(_INTRO_SENTENCES)).strip()
    # a person's text above the title, beside the Trainer's "generated automatically" comment: what the card importer
    # reads as no section of its own (card_sections keeps those: lightblue/suzume-llama-3's "# How to use" was in both),
    # the text above any heading and a first top heading's ("# Disclaimer", the importer's title)
    before = sections[:sections.index(title)]
    above = [part for s in before[:1] + [s for s in before[1:2] if s.level == 1]
             for part in (s.level and f"{'#' * s.level} {s.title}", s.text)]
    preface = without_comments("\n\n".join(p for p in above if p)).strip()
    text = "\n\n".join(t for t in (preface if "<!--" not in preface else "", text) if t)
    if text and "<!--" not in text and not is_autotrain_usage(text):  # (AutoTrain's Usage: the card writes its own)
        result.data.setdefault("model", {}).setdefault("summary", text)


