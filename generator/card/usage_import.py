"""An imported card's "Quick start" and "Generation defaults" read back into the records (usage, generation): the
generated ones left out so that the card renders back as it was, a person's kept, and the headings under which another
card shows how to run its model."""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from generator.card.usage import GENERATION_INTRO, detail_arguments, quick_start
from generator.card.usage_transformers import TRANSFORMERS, own_model, pinned
from generator.io.files import loads_json
from generator.markdown.fences import scan_lines
from generator.markdown.headings import atx_heading

GENERATION_ITEM = re.compile(r"^- ([a-z][a-z0-9_]*): (.+)$")


def imported_generation(lines: Sequence[str]) -> Optional[dict[str, Any]]:
    """``model.generation`` from the lines of a card's "Generation defaults" section as
    :func:`generation_defaults` writes it, or None when they are not that."""
    text = [line.strip() for line in lines if line.strip()]
    if not text or text[0] != GENERATION_INTRO:
        return None
    read: dict[str, Any] = {}
    for line in text[1:]:
        match = GENERATION_ITEM.match(line)
        if not match:
            return None
        name, value = match.groups()
        code = re.fullmatch(r"(`+) ?(.*?) ?\1", value)
        if code:
            inner = code.group(2)
            try:
                listed = loads_json(inner) if inner.startswith("[") else None
            except ValueError:
                listed = None
            read[name] = listed if isinstance(listed, list) else inner
        elif value in ("true", "false"):
            read[name] = value == "true"
        elif re.fullmatch(r"-?\d+", value):
            read[name] = int(value)
        else:
            try:
                read[name] = float(value)
            except ValueError:
                return None
    return read or None


# The headings under which a card shows, in code, how to run its model: TRL's "Quick start", GGUF-my-repo's
# "Use with llama.cpp", mlx-lm's "Use with mlx", a person's "Usage" or "How to use", huggingface_hub's template's
# "How to Get Started with the Model" once filled in (its placeholder holds no code); TheBloke's "How to run from
# Python code" and "Example `llama.cpp` command", hugging-quants' "Model Usage", Yi's "Quick start - pip", "Inference
# code", "Running the model on a single GPU"; sentence-transformers' template's "Direct Usage (Sentence
# Transformers)" and its authors' "Direct Use (Inverted-Index Retrieval)" (telepix/PIXIE-Splade-v1.0). A number or
# emoji before the words is left out ("2. Usage", "🚀 Usage").
OWN_USAGE = re.compile(r"(?:quick ?start\b.*|(?:model |example |direct )?usage\b.*|direct use\b.*|"
                       r"how to (?:use|run)\b.*|use with .+|"
                       r"how to get started\b.*|(?:direct use for )?inference\b.*|(?:run|running|using) the model\b.*|model use|"
                       r"example .*\bcommand)", re.I)
_USAGE_LEAD = re.compile(r"^(?:[^\w`]|\d+\.?(?!\w))+")  # "2. ", "🚀 ", "**" before a heading's words


def heading_words(title: str) -> str:
    """A heading's title without the number, emoji or emphasis marks around its words ("2. Usage", "🚀 **Usage**:")."""
    return _USAGE_LEAD.sub("", title).strip(" :*_")
# A quantized copy's heading over the original model's card, whose code runs the original (TheBloke's
# "# Original model card: Org's Tiny Chat", QuantFactory's "# Original Model Card")
ORIGINAL_CARD = re.compile(r"original model card\b.*", re.I)


# Headings that, over code, show how to run the model without naming a usage section (OWN_USAGE, which also places
# a person's section, stays as it is): "Use in 🤗Transformers" (LAION's LeoLM), "Loading Amber" (LLM360), "Load
# model", "Implementation Code", "Transformers usage", "用法 (Usage)", "Examples", "Getting started", a library's name.
RUNS_MODEL = re.compile(rf"{OWN_USAGE.pattern}|use (?:it )?in .+|(?!.*memory usage).*\b(?:usage|quick ?start)\b.*|"
                        r"load(?:ing)?\b(?!.*\bdata).*|(?:[\w.]+ )?code(?: examples?)?|examples?|"
                        r"example (?:code|of|usage|inference|pipeline)\b.*|getting started\b.*|"
                        r"(?:(?:hugging ?face|🤗) ?)?(?:transformers(?:\.js)?|sentence[- ]transformers|diffusers)", re.I)


def shows_usage(model: dict[str, Any], sections: Sequence[dict[str, Any]]) -> bool:
    """Whether imported text (the summary, ``sections`` as the importer keeps them: sub-headings in their section's
    content) has a section of its own on running the model (RUNS_MODEL) holding code, before the next heading of its
    level or higher: then the card already says it, and a generated "Quick start" would say it twice. What follows a
    quantized copy's "Original model card" heading runs the original, not this repo's files: it does not count."""
    texts = [str(model.get("summary") or "")] + [
        f"{'#' * int(s.get('level') or 2)} {s.get('title', '')}\n\n{s.get('content', '')}" for s in sections]
    for text in texts:
        level: Optional[int] = None  # the level of the usage heading being read
        for line, fence, comment in scan_lines(text.split("\n")):
            heading = atx_heading(line) if fence is None and not comment else None
            title = heading_words(heading.title) if heading else ""
            if heading and ORIGINAL_CARD.fullmatch(title):
                return False
            if heading and (level is None or heading.level <= level):
                level = heading.level if RUNS_MODEL.fullmatch(title) else None
            elif fence is not None and level is not None:
                return True
    return False


def imported_usage(model: dict[str, Any], section: Optional[str], generated_card: bool,
                   sections: Sequence[dict[str, Any]] = ()) -> None:
    """Set ``usage`` in imported model data so the card renders back as it was: left out when the card's
    "Quick start" is the one generated for this model, its text when it differs, ``false`` when a card this
    generator made has none where one would be generated, or when another card shows in a section of its own how to
    run the model (shows_usage: TRL's Quick start, GGUF-my-repo's "Use with llama.cpp"), which is kept."""
    bases = model.get("base_model")
    details: dict[str, Any] = model["details"] if isinstance(model.get("details"), dict) else {}

    def generated(chat: bool) -> str:
        listed = [bases] if isinstance(bases, str) else [b for b in bases or [] if isinstance(b, str)]
        repo, library, relation = str(model.get("repo_id", "")), model.get("library_name"), model.get("base_model_relation")
        return pinned(quick_start(repo, model.get("pipeline_tag"), library, relation, listed,
                                  [t for t in model.get("tags") or [] if isinstance(t, str)], chat,
                                  **detail_arguments(details)), details.get(TRANSFORMERS), listed,
                      own_model(repo, library, relation, details))

    if section is None:
        if (generated_card or shows_usage(model, sections)) and generated(True):
            model["usage"] = False
    elif not section.strip() or section.strip() == generated(True):
        return
    elif section.strip() == generated(False):  # the form for a tokenizer without a chat template
        model["chat_template"] = False
    else:
        model["usage"] = section.strip()
