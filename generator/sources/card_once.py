"""What an imported card already shows in its own words, so that the card rendered from its records says it once.

A card's own "Model details" states its facts (huggingface_hub's template, as PEFT fills it): ``model.facts: false``.
A card's own "Evaluation" section (sentence-transformers', SetFit's "### Metrics"), or the Trainer's "It achieves the
following results on the evaluation set" list giving the model-index's numbers, shows its results: those evaluations
get ``table: false`` (still written to the model-index, not listed again in a generated "Evaluation" table). TRL's
Quick start of a run pushed without ``hub_model_id`` loads ``model="None"``: left out for the generated one, which
loads the repo. A card tagged as ExLlamaV2 (EXL2) weights gets no generated Quick start: transformers cannot load
them, whatever its ``library_name`` says (AWQ and GPTQ weights it loads, with their package installed).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.card.usage import quick_start
from generator.card.usage_import import imported_usage
from generator.records.methods import paper
from generator.records.model import FACT_KEYS
from generator.records.numbers import MAX_DECIMALS, shows
from generator.sources.card_results_list import eval_summary
from generator.sources.card_text import FACT
from generator.sources.common import Ingested
from generator.sources.trainer_autotrain import AUTOTRAIN_TITLE
from generator.sources.trainer_method import METHOD_TAGS, method_tag, trl_pipeline, trl_tag_order
from generator.sources.trainer_sections import QUICK_START, without_fences

# A fact the card's template left to fill in
UNFILLED = ("", "[More Information Needed]", "More information needed", "Unknown", "[optional]")
# TRL's Quick start (trl/trainer/utils.py generate_model_card) for a run whose hub_model_id was None
NO_MODEL = re.compile(r'(pipeline\((?:"text-generation", )?model=)"None"')
# TRL's intro line for a base model loaded from a local path: "a fine-tuned version of [None](https://huggingface.co/None)"
NO_BASE = re.compile(r"\[None\]\(https://huggingface\.co/None\)")


# What a card's own fact list calls a fact the generated "Model details" lists (Unsloth's "Finetuned from model :")
# (and aaditya/Llama3-OpenBioLLM-8B's "Fine-tuned from models")
FACT_LABELS = {"license": "license", "language": "language", "languages": "language", "language(s)": "language",
               "base model": "base_model", **{f"{tuned} from{what}": "base_model" for tuned in ("finetuned", "fine-tuned")
                                              for what in ("", " model", " models")},
               "dataset": "datasets", "datasets": "datasets", "training data": "datasets"}


TEMPLATE_NOTE = re.compile(r"\s*(?:\(NLP\)|\[optional\])\s*$", re.I)


def stated_facts(lines: list[str]) -> set[str]:
    """The metadata facts (FACT_KEYS) ``lines`` list as facts of the card's own, filled in (`- **License:** apache-2.0`,
    as Unsloth's card and a person's "Model Description" write it; not one left "[More Information Needed]")."""
    found = set()
    for line in lines:
        fact = FACT.match(line.strip())
        # (huggingface_hub's template labels "Language(s) (NLP)" and "Finetuned from model [optional]")
        key = FACT_LABELS.get(" ".join(TEMPLATE_NOTE.sub("", fact.group(1)).split()).lower()) if fact else None
        if fact and key and fact.group(2).strip() not in UNFILLED:
            found.add(key)
    return found


def own_facts(model: dict[str, Any], own_details: bool, generated_card: bool, details_seen: bool,
              stated: set[str], shown: set[str]) -> None:
    """``model.facts: false`` for a card with a "Model details" section of its own, or one of ours without its list:
    a generated list under a second "## Model details" would repeat what it says. So too for huggingface_hub's template
    left unfilled (PEFT's card), whose facts are "[More Information Needed]": the Hub shows the metadata's facts beside
    the card, and a generated list would put a second "Model details" over the template's. A card whose own list
    ``stated`` its license (Unsloth's) gets the facts it does not state (``[language]``: the metadata's languages,
    which the card left unsaid, were not listed either), or false; one of ours the facts its list ``shown``."""
    available = [key for key in FACT_KEYS if model.get(key)]
    if (own_details or generated_card and not details_seen) and available:
        model["facts"] = False
    elif generated_card or "license" in stated:
        listed = [key for key in available if key in shown] if generated_card else \
            [key for key in available if key not in stated]
        if listed != available:
            model["facts"] = listed or False


def shown_results(data: dict[str, Any], body: str, own_results: bool, generated_card: bool,
                  table_shows: Optional[list[dict[str, Any]]]) -> None:
    """``table: false`` for each evaluation the card already shows: all of them under a card's own "Evaluation"
    section (or in one of ours without its table, or not in the table it has: ``table_shows``, its evaluations), and
    those whose every metric the Trainer's "It achieves the following results on the evaluation set" list gives
    (transformers' card: the model-index holds the same numbers, which the list shows rounded to MAX_DECIMALS, a tie
    either way)."""
    boards = {board["source"] for board in data.get("leaderboards", [])}
    listed = {} if generated_card else _summary_values(data, body)
    for evaluation in data.get("evaluations", []):
        if "group" in evaluation or (evaluation.get("source") or {}).get("name") in boards or all(
                "values" in metric for metric in evaluation.get("metrics") or [{}]):
            continue  # (a list or mapping, MTEB's v_measures, is in no table: every metric so, no row either way)
        shown = table_shows is not None and any(evaluation is e for e in table_shows)
        if own_results or generated_card and not shown or _all_listed(evaluation, listed):
            evaluation["table"] = False


def _summary_values(data: dict[str, Any], body: str) -> dict[str, float]:
    """The Trainer's final results the card lists, by lower-case name (read as training.eval_results, or kept in the
    text under the title)."""
    found = eval_summary(body.split("\n"))
    values = dict(found[2]) if found else {}
    values.update((data.get("training") or {}).get("eval_results") or {})
    return {str(name).lower(): value for name, value in values.items() if isinstance(value, (int, float))}


def _all_listed(evaluation: dict[str, Any], listed: dict[str, float]) -> bool:
    metrics = evaluation.get("metrics") or []
    if not metrics or not listed:
        return False
    for metric in metrics:
        value = metric.get("value")
        names = {str(metric.get(key, "")).lower() for key in ("name", "type")}
        if not any(name in listed and shows(listed[name], value, places=MAX_DECIMALS) for name in names):
            return False
    return True


def quick_start_of_card(data: dict[str, Any], result: Ingested, section: Optional[str], generated_card: bool) -> None:
    """The card's Quick start in its records (``section``: the text under its own "Quick start", if any): kept as
    written where it differs from the generated one, else generated, but for a Quick start that cannot run."""
    _trl_adapter_pipeline(data["model"], [section or ""] + [str(s.get("content") or "") for s in data.get("sections", [])
                                                            if s.get("title") == "Quick start"])
    quick_start_of_no_model(data, result)
    imported_usage(data["model"], section, generated_card, data.get("sections", []))
    no_quick_start_for_exl2(data["model"], result)


def _trl_adapter_pipeline(model: dict[str, Any], quick_starts: list[str]) -> None:
    """The pipeline of a TRL card's PEFT adapter that names none (trainer_method.trl_pipeline; ``quick_starts``: the
    texts of its Quick start): the generated Quick start loads an adapter by its task (a reward model's onto its base
    as a one-label sequence classifier), which a full model's TRL card gives by its tags alone (card.usage.trl_generative).
    As for a run folder's card (trainer_results.card_fallbacks)."""
    tags = [t for t in model.get("tags") or [] if isinstance(t, str)]
    if model.get("library_name") != "peft" or model.get("pipeline_tag") or "trl" not in tags:
        return
    said = [found for text in quick_starts if (found := QUICK_START.search(text))]
    task = trl_pipeline(tags, any(found.group("task") for found in said))
    if task:
        model["pipeline_tag"] = task


def quick_start_of_no_model(data: dict[str, Any], result: Ingested) -> None:
    """TRL's Quick start of ``model="None"`` (hub_model_id unset when TRL wrote the card) cannot run: a section of
    that code alone is left out, and the card gets the generated Quick start, which loads its repo (as a run folder's
    card does: generator.sources.trainer_sections); one with a person's words too is kept, with a warning."""
    if NO_BASE.search(str(data["model"].get("summary") or "")):
        result.warn("model.summary", "links its base model as [None](https://huggingface.co/None) (TRL wrote it for a "
                    "base model loaded from a local path), a page that does not exist; kept as written",
                    "name the base model's Hub id in the text (and in base_model)", code="placeholder-value")
    sections = data.get("sections", [])
    for section in list(sections):
        content = section.get("content") or ""
        if not NO_MODEL.search(content):
            continue
        where, said = f"{section.get('title', '')} section", \
            'loads model="None" (TRL wrote it for a run with no hub_model_id), which cannot run'
        if section.get("title") == "Quick start" and not without_fences(content).strip():
            sections.remove(section)
            # (none for an adapter whose base only a local path names: base_path.unloadable_base)
            fix = "nothing to do (model.usage: <markdown> sets your own)"
            pushed = _trl_push_tags(data)
            if result.local_base:
                then = "no generated one either, as its base is a local path"
            elif pushed:
                then = f"the generated Quick start, which loads its repo, and the tags TRL gives a card it pushes ({pushed})"
            elif _generated(data["model"]):
                then = "the generated Quick start, which loads its repo"
            else:  # (its metadata name no task the generated code is known for)
                then = "no generated one either, as its metadata name no task to generate one for"
                fix = "set model.pipeline_tag, or model.usage to your own code"
            result.warn(where, f"{said}; left out: the card gets {then}", fix, code="placeholder-value")
        else:
            result.warn(where, f"{said}; kept as written", "write the model's repo id in it", code="placeholder-value")


# TRL's line naming its trainer under "Training procedure" (templates/lm_model_card.md's trainer_name: "SFT", "Online DPO")
TRAINED_WITH = re.compile(r"^This model was trained with ([\w-]+(?: [\w-]+){0,2})(?:\.|, a method introduced in )", re.M)


def trained_with(text: str) -> str:
    """The method TRL's line in ``text`` names, as its tags spell a method ("Online DPO" -> ``online-dpo``, "Reward"
    -> ``reward``); "" when ``text`` has no such line."""
    named = TRAINED_WITH.search(text)
    return named.group(1).lower().replace(" ", "-") if named else ""


# TRL's line with the paper of the method (templates/lm_model_card.md), a paragraph of its own
PAPER_LINE = re.compile(r"^This model was trained with .+, a method introduced in \[.+\]\(https://huggingface\.co/papers/"
                        r"[^)\s]+\)\.$")


def said_method(training: dict[str, Any]) -> None:
    """TRL's line in ``training``'s description, "This model was trained with X, a method introduced in [paper](...)."
    (or "... with X." alone), dropped once the run's method is known to be X with that very paper (or none), which the
    card's Method line says (the line would be said twice). A line naming another paper is kept."""
    text, method = training.get("description"), training.get("method")
    if not isinstance(text, str) or not isinstance(method, str):
        return
    found = paper(method)
    kept = [part for part in text.split("\n\n") if not (
        (found is not None and PAPER_LINE.match(part.strip()) and f"/papers/{found.paper_id})" in part) or
        (trained_with(part.strip()) == method and re.fullmatch(r"This model was trained with [\w -]+\.", part.strip())))]
    if kept:
        training["description"] = "\n\n".join(kept)
    else:
        del training["description"]


def trl_card_method(data: dict[str, Any]) -> None:
    """The method TRL's line in an imported card's training description names (trained_with), set as the records'
    ``training.method`` where the card's tags name none: TRL 0.12-0.18 tag a card they save (at each checkpoint, at the
    end of a run not pushed) with generated_from_trainer alone (their trainer's tags are added by push_to_hub only),
    so the method was text only (a run folder's README gives it so: trainer_readme). Its line is then the Method line."""
    training = data.get("training") or {}
    method = trained_with(str(training.get("description") or ""))
    tags = [t for t in (data.get("model") or {}).get("tags") or [] if isinstance(t, str)]
    if method_tag(method) not in METHOD_TAGS or method_tag(method) in tags or "method" in training:
        return
    training["method"] = method
    said_method(training)


def _trl_push_tags(data: dict[str, Any]) -> str:
    """The tags TRL 0.12-0.15 left out of the card of a run it saved but did not push (``trl`` and its trainer's
    method, its ``_tag_names``, which transformers' ``Trainer.push_to_hub`` adds to the card as model tags), added to
    the records of such a card of a full transformers model that names no pipeline_tag: TRL's own Quick start in it
    runs pipeline("text-generation"), and with them the generated one does (card.usage.trl_generative; the reward or
    PRM model's, its method tag says). "" when not such a card, else the tags added, for the warning."""
    model = data["model"]
    tags = [t for t in model.get("tags") or [] if isinstance(t, str)]
    if "trl" in tags or model.get("pipeline_tag") or model.get("library_name") != "transformers" or \
            model.get("base_model_relation") or "generated_from_trainer" not in tags:
        return ""
    method = method_tag(trained_with(str((data.get("training") or {}).get("description") or "")))
    added = ["trl", *([method] if method in METHOD_TAGS and method not in tags else [])]
    model["tags"] = trl_tag_order(tags + added)
    return ", ".join(added)


def _generated(model: dict[str, Any]) -> bool:
    """The card's metadata give a generated Quick start (for whichever repo id it is published under)."""
    bases = model.get("base_model")
    tags = [t for t in model.get("tags") or [] if isinstance(t, str)]
    return bool(quick_start(str(model.get("repo_id") or "org/model"), model.get("pipeline_tag"),
                            model.get("library_name"), model.get("base_model_relation"),
                            [bases] if isinstance(bases, str) else bases or [], tags))


def template_title_said(model: dict[str, Any], result: Ingested, title: str = "Model Card for Model ID") -> None:
    """The card is titled as huggingface_hub's template leaves a card whose model_id is unset ("Model Card for Model
    ID", PEFT's card of an adapter), as sentence-transformers 2.x's leaves one saved without a model_name
    ("{MODEL_NAME}"), or as AutoTrain titles every card ("Model Trained Using AutoTrain", or its "Usage" heading
    where that opens the card: card_data.take_autotrain_results): that names nothing. The repo id names the model,
    else a name in the metadata, else the card is rendered without a title, as one that has none (model.name: false);
    said once, with the fix."""
    if model.get("repo_id"):
        named = "the repo id names the model"
    elif model.get("name"):
        named = "its metadata's model_name names the model"
    else:
        model["name"] = False
        named = "the card is rendered without a title, as one that has none"
    template = "sentence-transformers 2.x's card template left unfilled (saved with no model_name)" \
        if title == "{MODEL_NAME}" else "AutoTrain's card template's title, the same for every model it trains" \
        if title == AUTOTRAIN_TITLE else "the heading of AutoTrain's card template's usage code, which opens the card" \
        if title.lower() == "usage" else "huggingface_hub's model card template left unfilled (its model_id unset)"
    result.warn("title", f"{title!r} is {template}, not the model's name: {named}",
                "title the card with the model's name, or set model.name (or model.repo_id) in the records",
                code="placeholder-value")


EXL2_TAGS = {"exl2", "exllamav2", "exllama"}  # how a card tags ExLlamaV2 weights (no Hub library names them)


def no_quick_start_for_exl2(model: dict[str, Any], result: Ingested) -> None:
    """No generated Quick start for a card tagged as EXL2 weights, which the transformers code it would show cannot
    load (a quantizer's copy of its original's metadata: ``library_name: transformers``); said, with the fix."""
    tags = [t for t in model.get("tags") or [] if isinstance(t, str)]
    exl2 = sorted({t for t in tags if t.lower() in EXL2_TAGS})
    if not exl2 or "usage" in model:
        return
    if not _generated(model):
        return
    model["usage"] = False
    result.warn("tags", f"name its weights ExLlamaV2's ({', '.join(exl2)}), which transformers cannot load, though "
                f"library_name is {model.get('library_name')!r}; no Quick start is generated (model.usage: false)",
                "remove library_name: transformers; to show how to run it, set model.usage to ExLlamaV2's code",
                code="not-kept")
