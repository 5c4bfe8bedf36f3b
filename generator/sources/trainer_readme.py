"""The README.md a transformers Trainer or TRL wrote into its output folder -> record data.

Its frontmatter (tags and the method among them, datasets, base model, license, other metadata), the framework
versions, BibTeX citations, run dashboard badges, the base model and dataset its body names, the free-text sections a
person filled in, and its "Training hyperparameters" list (used when the folder has no readable training arguments).
Cards of every age are read: transformers' "generated_from_trainer" card (base model in the body before it was a
metadata key, "Adam with betas=..." before OptimizerNames), TRL's 0.x and 1.x cards.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, Optional

from generator.errors import GeneratorError
from generator.markdown.fences import without_comments
from generator.records.methods import paper
from generator.sources.base_path import local_base, local_base_warning, unloadable_base
from generator.sources.card_languages import read_language_names
from generator.sources.card_once import PAPER_LINE
from generator.sources.common import Ingested, as_list, hub_dataset_id
from generator.sources.hyperparameters import card_hyperparameters
from generator.sources.trainer_autotrain import is_autotrain_card
from generator.sources.trainer_intro import (
    OLD_TRL_INTRO,
    TITLE_PREFIX,
    body_title,
    card_intro,
    hub_data,
    renamed_title,
    run_data,
)
from generator.sources.trainer_method import METHOD_TAGS, method_tag, trl_pipeline, trl_tag_order
from generator.sources.trainer_model import (
    INDEX_TASKS,
    base_model_tags,
    local_adapter_base,
    model_id,
)
from generator.sources.trainer_sections import JOBS_LINE, axolotl_title, card_sections
from generator.sources.trainer_template import peft_own_card, template_lines
from generator.sources.training_args import LFS_POINTER, lfs_pointer_problem

# The intro of TRL's card of a PPOTrainer's model (TRL 0.1-0.11's MODEL_CARD_TEMPLATE, "# TRL Model" its default
# title), the only trainer writing it: before TRL 0.7 it tagged no method (trl, transformers, reinforcement-learning).
_OLD_TRL_PPO = re.compile(r"^This is a \[TRL language model\]\(https://github\.com/(?:lvwerra|huggingface)/trl\) that has "
                          r"been fine-tuned with reinforcement learning to$", re.M)
_VERSION_LINE = re.compile(r"^- (TRL|Transformers|Pytorch|PyTorch|TensorFlow|Datasets|Tokenizers|PEFT|Accelerate)[: ]+(\S+)\s*$")
# Any library the "Framework versions" list names (Evaluate, Pytorch lightning, ...: a person's or another tool's line).
_ANY_VERSION_LINE = re.compile(r"^- ([A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*)?):? +(v?\d[\w.+-]*)\s*$")
_VERSIONS_HEADING = re.compile(r"^#{2,4} Framework versions:?\s*$", re.I)
# Keys of the trainer's frontmatter that are not the model's metadata: the model-index the generator writes,
# TRL's card title and its misspelt placeholder ``licence: license``.
_NOT_METADATA = frozenset({"model-index", "model_index", "model_name", "licence"})
# TRL's badge linking the run's dashboard: [<img ... alt="Visualize in Weights & Biases" .../>](URL).
_RUN_BADGE = re.compile(r"""\[<img [^>]*alt="Visualize in ([^"]+)"[^>]*>\]\((https://[^)\s]+)\)""")
_BODY_BASE = re.compile(r"^This model is a fine-tuned version of \[([^\]]+)\]\(https://huggingface\.co/([^)\s]+)\)",
                        re.M)
_BODY_DATASET = re.compile(r"on the \[[^\]]+\]\(https://huggingface\.co/datasets/([^)\s]+)\) dataset")


def jobs_hardware(flavor: str) -> str:
    """The card's hardware of a run inside a Hugging Face Job on ``flavor`` (HF_JOB_FLAVOR: ``a10g-small``), which
    transformers' card words "Trained with Hugging Face Jobs on `a10g-small` hardware."."""
    return f"Hugging Face Jobs, {flavor}"


def _set_ordered(body: str) -> bool:
    """Whether TRL wrote the card's tags from a set: its "Framework versions" name TRL 0.19 or later."""
    for line in body.splitlines():
        match = _VERSION_LINE.match(line.strip())
        if match and match.group(1) == "TRL":
            release = tuple(int(p) for p in re.findall(r"\d+", match.group(2))[:2])
            return release >= (0, 19)
    return False


def _card_metadata(meta: dict[str, Any], result: Ingested, body: str = "") -> None:
    """The trainer card's frontmatter: tags (and the method among them), datasets, base model, the other keys."""
    model = result.data.setdefault("model", {})
    # an adapter of a local base, as adapter_config.json's (a README without it: no Quick start either)
    quick = local_adapter_base(meta) is not None and unloadable_base(result)
    if not isinstance(meta.get("tags"), (list, str, type(None))):  # `tags: 3`: left out, as a card's, saying so
        from generator.sources.card_metadata import take_refused

        take_refused({"tags": meta["tags"]}, result, at="README.md")
    tags = base_model_tags(trl_tag_order([t for t in as_list(meta.get("tags")) if isinstance(t, str)],
                                         _set_ordered(body)), meta.get("base_model"), result, quick=quick)
    if tags:
        existing = model.setdefault("tags", [])
        existing.extend(t for t in tags if t not in existing)
        method = next((t for t in tags if t in METHOD_TAGS), None)
        if method:
            result.data.setdefault("training", {}).setdefault("method", method.replace("-trainer", ""))
    ids = [d for d in as_list(meta.get("datasets")) if hub_data(d)]
    if ids:
        model.setdefault("datasets", ids)
    base = model_id(meta.get("base_model"))
    if base:
        model.setdefault("base_model", base)
    elif isinstance(meta.get("base_model"), str) and meta["base_model"].strip() not in ("", "None"):
        # a local folder the run loaded (TRL's card of a LoRA of /root/models/...): the card names no model on the Hub
        local_base_warning(result, "$.base_model", f"{local_base(meta['base_model'])}: the trainer's card names it "
                           "as its base model; left out", quick)
    tag = meta.get("pipeline_tag")
    if tag in ("text2text-generation", "conversational"):  # removed from the Hub; an old card may still name them
        result.warn("README.md", f"pipeline_tag {tag!r} of the trainer's card was removed from the Hub; the card says "
                    "text-generation", "nothing to do, unless another task fits the model better",
                    code="removed-pipeline-tag")
        model.setdefault("pipeline_tag", "text-generation")
        if tag == "conversational" and "conversational" not in model.setdefault("tags", []):
            model["tags"].append("conversational")
    meta = dict(meta)
    read_language_names(meta, result, "README.md")  # sv-SE, a speech run's Common Voice locale
    if "language" in meta:  # `default`: run_speech_recognition_ctc.py writes the dataset's config name as the language
        # of a "common_voice" dataset, which a local copy names so (Duccioo/Language-Processing-Project): left out, as
        # a card's, where the merged records refused the whole run
        from generator.sources.card_metadata import take_refused

        languages = {"language": meta.pop("language")}
        take_refused(languages, result, at="README.md")
        meta.update(languages)
    licenses: list[Any] = meta["license"] if isinstance(meta.get("license"), list) else [meta.get("license")]
    if licenses == ["other"] and not meta.get("license_name") and "llama-factory" in tags:
        # LLaMA-Factory passes license="other" to every card it has the Trainer write, to keep transformers from
        # asking the Hub for the base model's license: the tool's placeholder, which names no license
        meta = {k: v for k, v in meta.items() if k != "license"}
        result.warn("README.md", "`license: other` of LLaMA-Factory's card is the placeholder it writes into every "
                    "card, not the model's license: left out", "set model.license in your records (a license not on "
                    "the Hub's list: `other` with model.license_name and model.license_link)",
                    code="placeholder-license")
    for key in ("library_name", "pipeline_tag", "license", "license_name", "license_link", "language"):
        if isinstance(meta.get(key), (str, list)) and meta[key]:
            model.setdefault(key, meta[key])
    task = trl_pipeline(tags)  # a reward or PRM model's (a causal LM's, which TRL's Quick start says: card_fallbacks)
    if task:
        model.setdefault("pipeline_tag", task)
    if "other" in licenses and "license" in meta and not meta.get("license_name"):
        result.warn("README.md", "the trainer's card says `license: other` without license_name, which the Hub asks "
                    "for (validate --strict fails the card)", "set model.license_name (and model.license_link) in your "
                    "records: the license's short name and a link to its text, e.g. the base model's license",
                    code="missing-license-name")
    _index_results(meta, result, body)
    handled = {"tags", "datasets", "base_model", "library_name", "pipeline_tag", "license", "license_name",
               "license_link", "language"}
    for key, value in meta.items():
        if key not in handled and key not in _NOT_METADATA and value not in (None, "", [], {}):
            model.setdefault("metadata", {}).setdefault(key, value)  # e.g. transformers' ``metrics: [accuracy]``


def _index_results(meta: dict[str, Any], result: Ingested, body: str) -> None:
    """The results of the card's model-index (transformers writes the final evaluation there when it knows the
    dataset, e.g. ``wer`` on ``mozilla-foundation/common_voice_11_0``), as evaluations, read as a card's are."""
    from generator.sources.card_metadata import import_metadata, train_split_left_out
    from generator.sources.card_results_list import meant_metrics

    if not meta.get("model-index") and not meta.get("model_index"):
        return
    meant = meant_metrics(meta, body)  # (transformers 4.7-4.9's model_index, completed)
    index: dict[str, Any] = {k: meant[k] for k in ("model-index", "model_index") if k in meant}
    read = Ingested(result.source, "card", {})
    import_metadata(index, read)
    result.warnings.extend(read.warnings)
    train_split_left_out(read.data.get("evaluations") or [], dict(listed_versions(body)).get("Transformers"), result)
    if read.data.get("evaluations"):
        result.data.setdefault("evaluations", []).extend(read.data["evaluations"])
    if not meta.get("pipeline_tag"):
        untasked = [e for e in read.data.get("evaluations", []) if e.get("model_index") is False and "task" not in e
                    and isinstance(e.get("dataset"), dict) and "id" in e["dataset"]]
        said = [w for w in read.warnings if w.code == "missing-field" and w.path.endswith(".task.type")]
        if untasked:
            result.untasked[0].extend(untasked)
            result.untasked[1].extend(said)


def untasked_results(result: Ingested) -> None:
    """The README's model-index results with no task (transformers 4.6's card writes a result's dataset and
    metrics only), read as the run's pipeline_tag once config.json has given it, as the card importer reads those of a
    card with a pipeline_tag: they go to model-index as that task, where the README read alone keeps them out."""
    from generator.sources.card_index_import import untasked_wording

    tag = result.data.get("model", {}).get("pipeline_tag")
    evaluations, said = result.untasked
    if not isinstance(tag, str) or not evaluations:
        return
    for evaluation in evaluations:
        evaluation.pop("model_index", None)
    message, fix = untasked_wording(tag)
    result.warnings[:] = [replace(w, message=message, fix=fix) if any(w is s for s in said) else w
                          for w in result.warnings]


def _named_method(body: str, result: Ingested) -> None:
    """The method of TRL's line naming its trainer ("This model was trained with DPO, a method introduced in ..."),
    for a card whose tags name none: TRL 0.12-0.18 tag a card they save (at each checkpoint, at the end of a run not
    pushed) with generated_from_trainer alone (their trainer's tags are added by push_to_hub only)."""
    from generator.sources.card_once import trained_with

    method = trained_with(body)
    if method_tag(method) in METHOD_TAGS:
        result.data.setdefault("training", {}).setdefault("method", method)


def _card_citations(body: str, result: Ingested) -> None:
    """The card's ```bibtex blocks, each labelled with the "Cite X as:" line above it (as TRL writes them)."""
    from generator.records.citations import is_bibtex

    lines = body.splitlines()
    label = ""
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("```") and line[3:].strip().lower() == "bibtex":
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), len(lines))
            text = "\n".join(lines[i + 1:end]).strip()
            if text and is_bibtex(text):
                result.data.setdefault("citations", []).append({"label": label, "bibtex": text} if label
                                                               else {"bibtex": text})
            elif text:
                result.warn("README.md", f"the BibTeX block at line {i + 1} is not well-formed; it is not cited",
                            "add the citation to your records", code="bibtex-syntax")
            label = ""
            i = end + 1
            continue
        if line:
            label = line if line.startswith("Cite ") and line.endswith(":") else ""
        i += 1


# What only a card a Trainer or TRL wrote has (transformers' tag and hyperparameters list, TRL's line).
_TRAINER_MARKS = ("generated_from_trainer", "The following hyperparameters were used during training",
                  "It has been trained using [TRL]", "generated_from_keras_callback", OLD_TRL_INTRO,
                  # the comment transformers writes above the title, which outlives a person's edits of the rest
                  "generated automatically according to the information the Trainer had access to",
                  "generated automatically according to the information Keras had access to")


def is_trainer_card(path: Path) -> bool:
    """Whether ``path`` is a README.md a transformers Trainer or TRL wrote (its markers in the first 64 KiB)."""
    if not path.is_file():
        return False
    with path.open("rb") as file:
        return _trainer_marked(file.read(65536))


def _trainer_marked(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    return any(mark in text for mark in _TRAINER_MARKS) or is_autotrain_card(text)  # AutoTrain's (trainer_autotrain)


class TrainerReadme(NamedTuple):
    """The run's README.md as read once: the hyperparameters it lists (for a folder without training arguments to
    read them from), its text, the card importer's reading of it (None when that refused it) and whether a Trainer
    or TRL wrote it; card_fallbacks takes what the run's own files did not give from it."""

    hyperparameters: dict[str, Any]
    text: str = ""
    read: Optional[dict[str, Any]] = None
    trainer: bool = False
    task: Optional[str] = None  # the task its model-index names (:func:`index_task`), for index_task_pipeline
    autotrain: bool = False  # AutoTrain wrote it (is_autotrain_card): its "Validation Metrics" are the tool's


def listed_versions(body: str) -> list[tuple[str, str]]:
    """The framework versions ``body`` lists, as (library, version): the Trainer's and TRL's libraries on any line,
    any library under a "Framework versions" heading (Evaluate, Pytorch lightning, sentence-transformers' Python)."""
    found = []
    listing = False  # inside the "Framework versions" list
    for line in body.splitlines():
        if line.startswith("#"):
            listing = bool(_VERSIONS_HEADING.match(line.strip()))
        match = _VERSION_LINE.match(line.strip()) or (_ANY_VERSION_LINE.match(line.strip()) if listing else None)
        if match:
            found.append(("PyTorch" if match.group(1).lower() == "pytorch" else match.group(1), match.group(2)))
    return found


def settle_paper_line(result: Ingested) -> None:
    """TRL's "This model was trained with X, a method introduced in [paper](...)." kept as the description while the
    README alone named no method: TRL before 0.16 tags none (trl-0.12.2-dpo, trl-0.15.2-grpo), and the config class
    or the log names it after the README is read. Dropped once the run's method is known to have that very paper
    (card_once.said_method)."""
    from generator.sources.card_once import said_method

    training = result.data.get("training", {})
    if paper(training.get("method")) is not None:
        said_method(training)


def index_task(meta: Optional[dict[str, Any]]) -> Optional[str]:
    """The task a card without a pipeline_tag names in its model-index when every result's task.type is the same one
    of :data:`INDEX_TASKS`: transformers' run_summarization / run_translation pass tasks="summarization" /
    "translation" to the Trainer's card, which writes it as each result's task (Kyjac/t5-small-samsum); a card of
    philschmid's (bart-large-cnn-samsum) names it so by hand; the Trainer infers a head's task from the model's class
    (question-answering for a ...ForQuestionAnswering)."""
    from generator.card.model_index import index_results

    if not meta or meta.get("pipeline_tag"):
        return None
    types = {result.task.get("type") for result in index_results(meta)}
    task = types.pop() if len(types) == 1 else None
    return task if task in INDEX_TASKS else None


def read_trainer_card(folder: Path, result: Ingested, repo_id: Optional[str] = None) -> TrainerReadme:
    """The trainer's README.md into ``result``, read once (see TrainerReadme). One no Trainer or TRL wrote is read as
    a card of the model ``repo_id`` as the pipeline reads a run's own README (PEFT's unfilled template sections left
    out); when it is a person's, that reading is ``result.person_card``."""
    path = folder / "README.md"
    if not path.exists():
        return TrainerReadme({})
    from generator.io.files import read_text
    from generator.markdown.frontmatter import split_card
    from generator.sources.repair import card_parts, displaced_parts, stacked_parts

    try:
        text = read_text(path, str(path))
        if text.startswith(LFS_POINTER.decode()):  # its text was the card's, the pointer's three lines (Observer-18/nlp)
            said = lfs_pointer_problem("README.md", "README.md", "what it says of the model is not on the card")
            result.warn(said.file, said.message, said.fix, code=said.code)
            return TrainerReadme({})
        try:
            meta, body = split_card(text, str(path))
            if meta is not None:  # a block a person put on top of the tool's (card_parts reads one so too)
                meta, body = stacked_parts(meta, body, str(path), result, "README.md")
        except GeneratorError:  # a block the card importer reads still (`---\r` as its end, never closed): so read
            read_as = Ingested(str(path), "card", {})
            meta, body = card_parts(text, str(path), read_as)
            for said in read_as.warnings:
                result.warn(f"README.md {said.path}".rstrip(), said.message, said.fix, code=said.code)
        if meta is None:  # a block below a note a person put on top (syGOAT/Mistral-v0.2-Translator-bf16)
            meta, body = displaced_parts(text, str(path), result, "README.md") or (None, body)
    except Exception as exc:  # a broken trainer card is not fatal: its facts are optional
        result.warn("README.md", f"trainer card unreadable ({exc}); skipped", code="unreadable-file")
        return TrainerReadme({})
    trainer = _trainer_marked(text[:65536].encode("utf-8")[:65536])  # is_trainer_card, of the text read (no open)
    autotrain = is_autotrain_card(text)
    if meta:
        _card_metadata(meta, result, body)
        from generator.card.model_index import index_name

        named = meta.get("model_name") or index_name(meta)
        if isinstance(named, str) and named.strip() and named != "None":
            result.title = named.strip()
    if _OLD_TRL_PPO.search(body):  # a causal LM with a value head (or a seq2seq one), which generates text
        result.data.setdefault("training", {}).setdefault("method", "ppo")
        result.data.setdefault("model", {}).setdefault("pipeline_tag", "text-generation")
    if result.title is None:
        result.title = body_title(body)
        if result.title == "TRL Model" and _OLD_TRL_PPO.search(body):
            result.title = None  # the template's default model_name, which names no model
    else:
        own = renamed_title(body, result.title)
        if own:  # a person renamed the Trainer's title: theirs titles the card, model-index keeps the Trainer's name
            result.data.setdefault("model", {}).setdefault("model_index_name", result.title)
            result.title = own
    result.title = axolotl_title(text, result.title)
    versions = result.data.setdefault("training", {}).setdefault("framework_versions", {})
    listed: list[str] = []  # the versions only the README gives
    for name, version in listed_versions(body):
        listed += [] if name in versions else [name]
        versions.setdefault(name, version)
    if trainer:
        _named_method(body, result)
    for line in body.splitlines():  # (TRL's line linking the paper: kept for a method the bundled library does not know)
        if PAPER_LINE.match(line.strip()) and paper(result.data["training"].get("method")) is None:
            result.data["training"].setdefault("description", line.strip())
        elif JOBS_LINE.match(line.strip()):
            flavor = JOBS_LINE.sub(r"\1", line.strip())
            result.data["training"].setdefault("hardware", jobs_hardware(flavor))
    for name, link in _BODY_BASE.findall(body):  # transformers' cards before base_model was a metadata key
        if name == link and name != "None" and model_id(name):
            result.data.setdefault("model", {}).setdefault("base_model", name)
    for dataset in _BODY_DATASET.findall(body):  # TRL names it in the body when given dataset_name
        if hub_dataset_id(dataset):
            named = result.data.setdefault("model", {}).setdefault("datasets", [])
            named.extend([] if dataset in named else [dataset])
    run_data(meta or {}, body, result)
    for badge in _RUN_BADGE.finditer(body):
        result.data.setdefault("model", {}).setdefault("links", {}).setdefault(f"{badge.group(1)} run",
                                                                                badge.group(2))
    cited = len(result.data.get("citations", []))
    _card_citations(body, result)
    card_intro(body, result)
    from generator.sources.card import read_card

    try:
        card = read_card(path, repo_id, run_readme=True) if not trainer else read_card(path)
        read = card.data  # (PEFT's template's unfilled title names nothing: read_card leaves the name to the run)
    except GeneratorError:  # a broken card: its facts above are what can be read
        return TrainerReadme(card_hyperparameters(body), text, None, trainer, index_task(meta), autotrain)
    # the Trainer's push_to_hub uploads this very README: publishing the card may replace it on the Hub while the
    # Hub's README is still this file, as it replaces a card imported with `modelcard ingest` (the importer's
    # model.card_source: the file's git blob, or the blob a card of ours saved over it carries on)
    card_sections(read, trainer, result)
    if trainer and "facts" in read.get("model", {}) and any(
            str(s.get("title", "")).strip().lower() == "model details" for s in result.data.get("sections", [])):
        # its own "Model Details", kept (sentence-transformers' "### Model Description" lists the base model): the
        # card's "Model details" list, as the card importer reads it (card_once.own_facts), writes none again
        result.data.setdefault("model", {}).setdefault("facts", read["model"]["facts"])
    shown = [e for e in read.get("evaluations", []) if e.get("table") is False]
    own_results = any(str(s.get("title", "")).strip().lower() == "evaluation" for s in result.data.get("sections", []))
    if trainer and own_results and shown and len(shown) == len(read["evaluations"]):
        # the card shows its results in an "Evaluation" section of its own, kept (sentence-transformers' "### Metrics"):
        # the model-index results read from its metadata are not listed again in a generated table
        for evaluation in result.data.get("evaluations", []):
            evaluation["table"] = False
    if "blob" in read.get("model", {}).get("card_source", {}):
        # PEFT 0.3-0.5's own card is no person's: its quantization config is told under the run's Training procedure
        peft = None if trainer else peft_own_card(body)
        if peft:
            result.data["training"].setdefault("description", peft)
        unread = None if trainer or peft is not None else _unread_line(body, result)
        if unread is None:
            model = result.data.setdefault("model", {})
            model["card_source"] = read["model"]["card_source"]
            if not trainer and result.title and body_title(body) == result.title:
                # a person's title, held by the card only as the model's name: a repo id given would title it else
                model.setdefault("name", result.title)
        else:  # a person's README: publishing the card would replace text it does not hold. The pipeline (build,
            # ingest, the callback) then reads it as a card with the run and drops this warning (pipeline._person_card)
            result.warn("README.md", f"is not a card a Trainer or TRL wrote: text of it the card does not hold "
                        f"({unread[:60]!r}...) is not read, so publish does not replace it on the Hub (a conflict)",
                        "import it as a card with the run: `modelcard ingest OUT OUT/README.md -o records.yaml`, "
                        "then render or publish those records", code="readme-not-read")
            result.person_card = card
            _held_by_person(card.data, result, cited, listed)
    return TrainerReadme(card_hyperparameters(body), text, read, trainer, index_task(meta), autotrain)


def person_text(path: Path) -> Optional[str]:
    """The first line of the README.md at ``path`` that neither a Trainer or TRL wrote nor is PEFT's card left at its
    template (None when there is none, or no README): text of a person's card of the model."""
    if not path.is_file():
        return None
    from generator.io.files import read_text
    from generator.markdown.frontmatter import split_card

    try:
        text = read_text(path, str(path))
    except GeneratorError:
        text = path.read_text(encoding="utf-8", errors="replace")
    if _trainer_marked(text[:65536].encode("utf-8")[:65536]):  # is_trainer_card, of the text read (no second open)
        return None
    try:
        body = split_card(text, str(path))[1]
    except GeneratorError:
        body = text
    return _unread_line(body, Ingested(str(path), "card", {}))


def _held_by_person(card: dict[str, Any], result: Ingested, cited: int, listed: list[str]) -> None:
    """Not what the run's reading took from a person's README (``card``: read as the card whose text the card keeps)
    that the card shows already: its BibTeX (the citations past the first ``cited``) and the versions only it lists
    (``listed``) when its text keeps their list (KZ-Shi/LLaMA-E's BibTeX, Raiff1982/TheAi's "### Framework versions"
    under its "## Model Card Contact" came twice: in that text, and in the card's Citation block and lists)."""
    del result.data.get("citations", [])[cited:]
    texts = [str(card.get("model", {}).get("summary", ""))] + [str(s.get("content", "")) for s in card.get("sections", [])]
    if any(_VERSIONS_HEADING.match(line.strip()) for text in texts for line in text.splitlines()):
        for name in listed:
            result.data["training"]["framework_versions"].pop(name, None)


def _unread_line(body: str, result: Ingested) -> Optional[str]:
    """The first line of a README no Trainer wrote that the card does not hold (None when there is none): not an HTML
    comment, a line of the Hub's model card template or a field of it left unfilled (its title too), a framework
    version, the card's title, nor text or a heading read into the summary or a section. PEFT's card of an adapter is
    that template, unfilled."""
    model = result.data.get("model", {})
    sections = result.data.get("sections", [])
    kept = "\n".join([str(model.get("summary", ""))] + [str(s.get("content", "")) for s in sections])
    titles = {str(s.get("title", "")) for s in sections} | {str(result.title)}
    template = template_lines()
    for line in without_comments(body).splitlines():
        text = line.strip()
        if not text or text in template or "[More Information Needed]" in text or _VERSION_LINE.match(text) \
                or _VERSIONS_HEADING.match(text) \
                or text in kept or text.startswith(f"# {TITLE_PREFIX}") or text.lstrip("#").strip() in titles:
            continue
        return text
    return None
