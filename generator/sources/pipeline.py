"""Read tool outputs and hand-written records and merge them into one record set.

    from generator import ingest
    result = ingest(trainer_dir="out", recipe="recipe.yaml", evals=["results.json"], records=["card.yaml"])

Precedence, where sources disagree: hand-written records > the Trainer's output folder (what ran:
training_args.bin, trainer_state.json) > the recipe (what was asked for). A recipe value that disagrees
with what ran is a warning naming both, and what ran is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from generator.card.usage_import import imported_usage, shows_usage
from generator.card.usage_sentence import LIBRARIES as SENTENCE_LIBRARIES
from generator.errors import GeneratorError, InputError, Problem, RecordsError, UsageError
from generator.io.files import read_once
from generator.markdown.headings import atx_heading
from generator.records.citations import older_release_cited, used_citations
from generator.records.schema import validate
from generator.sources.base_path import quick_start_said
from generator.sources.card_files import files_of_our_cards
from generator.sources.common import Ingested
from generator.sources.eval_folder import passed_over
from generator.sources.eval_passed import RESULT_FORMATS, one_model_passed, runs_passed, scored_nothing
from generator.sources.eval_results import drop_scores_read_twice
from generator.sources.eval_sets import EvalSets, add_eval_sets, unscored_sets
from generator.sources.hyperparameters import said_by_json
from generator.sources.merge import Part, merge_parts
from generator.sources.merged_usage import no_quick_start_warnings, remote_code, trl_text_quick_start, unsaved_tokenizer
from generator.sources.naming import RECIPE, SCORED, name_the_model
from generator.sources.readers import read_source
from generator.sources.recipe_eval_sets import map_recipe_eval_set
from generator.sources.sentence_models import fill_model_ids
from generator.sources.trainer_config import unnamed_base_warnings
from generator.sources.vision_language import vision_language_of_base

PathLike = Union[str, os.PathLike]


@dataclass(frozen=True)
class IngestResult:
    """Merged record data, ready to be edited, validated or rendered."""

    data: dict[str, Any]
    warnings: tuple[Problem, ...] = ()
    sources: tuple[str, ...] = ()


def _check_hand_written(part: Part) -> list[Problem]:
    """Schema errors of a hand-written file on its own (a partial record set: the model may come from another
    source or --repo-id)."""
    problems = validate("records", part.data)
    return [Problem(part.source, p.path, p.message, p.fix, code=p.code) for p in problems
            if not (p.path == "$" and "'model'" in p.message) and not (p.path == "$.model" and "repo_id" in p.message)]


def _as_the_card_shows(config: dict[str, Any], card: dict[str, Any]) -> dict[str, Any]:
    """What the axolotl config an imported card embeds adds to the card (which keeps the config as the text it is):
    a value of the model's the card's metadata leaves out (the base model, the data), and settings beside the
    Trainer's hyperparameter list when the card shows one. A card that shows none gets no list made from its config
    (pszemraj/Llama-3-6.3b-v0.1's config made a "Training procedure" the card never had), and its metadata's base
    model is the one the author chose to link, not in disagreement with the config's (that model's pruned copy,
    pszemraj/llama-3-prune_8; cognitivecomputations/mixtral-1x22b-base for mistral-community/Mixtral-8x22B-v0.1)."""
    shown = card.get("model") or {}
    model = {key: value for key, value in (config.get("model") or {}).items()
             if isinstance(value, list) or shown.get(key) in (None, "", [])}
    kept: dict[str, Any] = {**config, "model": model}
    if not (card.get("training") or {}).get("hyperparameters"):
        kept.pop("training", None)
    return kept


def ingest(sources: Sequence[PathLike] = (), records: Sequence[PathLike] = (), trainer_dir: Optional[PathLike] = None,
           evals: Sequence[PathLike] = (), formats: Optional[dict[str, str]] = None,
           repo_id: Optional[str] = None, checkpoint: Optional[str] = None,
           recipe: Optional[PathLike] = None, placeholder_repo_id: Optional[str] = None,
           eval_sets: Optional[EvalSets] = None) -> IngestResult:
    """Read tool outputs, a training recipe and hand-written records and merge them (hand-written wins, then the
    trainer folder, then the recipe). Without ``recipe``, the recipe kept in ``trainer_dir`` or a Trainer folder among
    ``sources`` is read as the run's recipe: the ``training_args.yaml`` LLaMA-Factory's web UI saves there, else the one
    YAML file at its top that is a training recipe.

    A README in a Trainer run's folder that no Trainer or TRL wrote (a person's card, their project's notes) and
    whose text the run's reading does not hold is read as a card with the run, as ``ingest OUT OUT/README.md`` reads
    it: its text is kept, the file adopted (model.card_source), and where it and the run's files disagree, what ran
    wins with a warning.

    When a tool's output is among the sources, the merged records cite what they say was used (the
    training method's paper, TRL, PEFT, LoRA, lm-evaluation-harness) from the bundled BibTeX library,
    unless they already cite it.

    When no source names the model's Hub repo id (most cards on the Hub never name their own repo, and evaluation
    results name a local folder) but one names the model (a card's title; a Trainer run's name for it, the
    ``output_dir`` name its own card is titled with; the local folder results were scored from; a recipe's
    ``hub_model_id`` without its organization), the records hold no repo id and a
    warning says what that costs: the card has no generated Quick start, and publishing needs a repo id. When
    none names the model either, that is an error, unless ``placeholder_repo_id`` is given (``modelcard ingest``,
    whose records are edited before use): then the records hold it, and a warning says to replace it.

    ``eval_sets`` names the Hub dataset of each eval set of the run (``{"a": "org/name:config:split"}``, or options
    ``["a=org/name", ...]``; see :mod:`generator.sources.eval_sets`), over the records' ``training.eval_sets``.
    """
    with read_once():  # each file read once: a card's text serves its import and the axolotl config it embeds
        return _ingest(sources, records, trainer_dir, evals, formats or {}, repo_id, checkpoint, recipe,
                       placeholder_repo_id, eval_sets)


def _results_beside_run(folder: Path, repo_id: Optional[str]) -> Optional[Ingested]:
    """lm-eval or lighteval results at the top of a Trainer run's folder, read with it: lighteval 0.9-0.10 given the
    model's absolute path writes its results_<date>.json there, beside config.json and trainer_state.json (and an
    lm-eval --output_path may name the run's folder); the folder reads as a Trainer run, and they were never read."""
    from generator.sources.common import read_json_object
    from generator.sources.eval_folder import read_eval_folder
    from generator.sources.lighteval import looks_like_lighteval
    from generator.sources.lm_eval import looks_like_lm_eval

    for path in sorted(folder.glob("results*.json")):
        try:
            data = read_json_object(path)
        except GeneratorError:
            continue
        if looks_like_lighteval(data) or looks_like_lm_eval(data):
            return read_eval_folder(folder, repo_id)
    return None


def _person_card(folder: Path, run: Part, read: Ingested, cards: list[Path],
                 warnings: list[Problem]) -> Optional[Ingested]:
    """A README in a run's folder that no Trainer or TRL wrote and whose text the run's reading does not hold (the
    Trainer reader's ``readme-not-read``: a person's card, or their project's notes), read as a card with the run, as
    ``ingest OUT OUT/README.md`` reads it: the card keeps the person's text and holds the file's git blob
    (model.card_source), so publish replaces that README on the Hub knowing it holds its text. ``read``: the run's
    reading, whose reader read that README as this card (Ingested.person_card), once. None when there is no such
    README, or it is among the cards read already; the warning goes, the text now held. The summary the Trainer
    reader took from the text under its title goes too: the card's reading of the same text is the whole of it (its
    title, its HTML), and the run's would win where the two differ."""
    unread = [w for w in warnings if w.code == "readme-not-read" and w.file == str(folder)]
    if not unread:
        return None
    for warning in unread:
        warnings.remove(warning)
    run.data.get("model", {}).pop("summary", None)
    # (the README read: the top's, or the checkpoint's of a run committed as its last checkpoint)
    if read.person_card is None or any(card.resolve() == Path(read.person_card.source).resolve() for card in cards):
        return None
    return read.person_card


def _run_folders(run_dirs: list[Path], sources: Sequence[PathLike],
                 formats: dict[str, str]) -> tuple[set[Path], dict[str, str]]:
    """The run folders read (``run_dirs``: the trainer_dir; a folder source read as a Trainer's), resolved: a README
    passed as a source from one of them is that run's own README, read as the one found there is (PEFT's unfilled
    template sections left out, lgc-FINANCE/DeepClima-R1); and the format of each folder source, detected once here
    for reading it too."""
    from generator.sources.readers import detect_format

    found = {folder.resolve() for folder in run_dirs}
    folder_formats: dict[str, str] = {}
    for path in map(Path, sources):
        try:
            if path.is_dir():
                folder_formats[str(path)] = formats.get(str(path)) or detect_format(path)
                if folder_formats[str(path)] == "trainer":
                    found.add(path.resolve())
        except GeneratorError:  # a folder of no known format: said once, when it is read
            continue
    return found, folder_formats


def _passed_card(folder: Path, parts: list[Part], cards: list[Path]) -> Optional[dict[str, Any]]:
    """The data of the run's own README read as a card when it was passed as a source too (`ingest OUT
    OUT/README.md`), not found beside the run by :func:`_person_card`."""
    readme = (folder / "README.md").resolve()
    named = {str(card) for card in cards if card.resolve() == readme}
    return next((part.data for part in parts if part.source in named), None)


def _held_once(run: Part, card: dict[str, Any], title: Optional[str]) -> Optional[str]:
    """Leave out of the run's reading what the card read from the run's own README holds (``card``: its data): the
    hyperparameters a SageMaker card's JSON states (said_by_json), the sections the run's reading took from it
    (transformers' free-text ones: an Unsloth card's "### Model Description" above its title,
    DeveloperZeeshu/Nano_R1-model, came twice), and the run's ``title`` when it is a section of the card, which has no
    title of its own (Unsloth's "# Uploaded model" under a person's text), or a heading of its summary. The title to
    keep."""
    held = {(s.get("title"), s.get("content")) for s in card.get("sections", [])}
    sections = [s for s in run.data.pop("sections", []) if (s.get("title"), s.get("content")) not in held]
    if sections:
        run.data["sections"] = sections
    training = run.data.get("training") or {}
    if training.get("hyperparameters"):  # a SageMaker card's JSON of the arguments: the hyperparameters it states
        training["hyperparameters"] = said_by_json(training["hyperparameters"], card.get("sections", []))
        if not training["hyperparameters"]:
            del training["hyperparameters"]
    untitled = card.get("model", {}).get("name") is False
    summary = str(card.get("model", {}).get("summary") or "")
    # or a `#` heading of its summary, under its image (gopu-inc/agentV1's title came above its image and again below)
    headed = {" ".join(h.title.split()) for h in map(atx_heading, summary.splitlines()) if h is not None and h.level == 1}
    return None if untitled and title in {s.get("title") for s in card.get("sections", [])} | headed else title


def _claimed(run: Ingested) -> bool:
    """Whether the reading of a run folder read its README as the card a Trainer or TRL wrote (no
    ``readme-not-read``)."""
    return not any(w.code == "readme-not-read" and w.file == run.source for w in run.warnings)


def _read_passed(paths: list[PathLike], formats: dict[str, str], folder_formats: dict[str, str], runs: set[Path],
                 repo_id: Optional[str], run_reads: dict[Path, Ingested],
                 empty: list[Problem]) -> list[Optional[Ingested]]:
    """Each path read, the run folders first (``runs``: all of them, resolved; ``run_reads``: the readings of those
    read already, by folder). A run's own README passed too (`ingest OUT OUT/README.md`) is read as the one found
    there is (PEFT's unfilled template sections left out); when the run read it as the card a Trainer or TRL wrote,
    not at all (None): the run's reading is the README's, as `ingest OUT` gives it, and a second one of the same text
    disagreed with it (the Trainer's intro as a summary beside the person's, TRL's badge line as a description beside
    theirs, the rounded table beside trainer_state.json's log: Merlinmy/Whisper_small_hi). A person's README is the
    card the run's reader read it as (Ingested.person_card), read with the run (_person_card, _held_once). The
    refusals of results files whose runs scored nothing go to ``empty`` (None read): passed over beside others."""
    read: list[Optional[Ingested]] = [None] * len(paths)
    run_reads = {folder.resolve(): got for folder, got in run_reads.items()}
    for n, path in enumerate(paths):
        if folder_formats.get(str(path)) == "trainer":
            read[n] = got = read_source(Path(path), "trainer", repo_id)
            run_reads.setdefault(Path(path).resolve(), got)
    for n, path in enumerate(paths):
        run_readme = Path(path).name == "README.md" and Path(path).resolve().parent in runs
        run = run_reads.get(Path(path).resolve().parent) if run_readme else None
        if read[n] is not None or run is not None and _claimed(run):
            continue
        if run is not None and run.person_card is not None and formats.get(str(path)) in (None, "card"):
            read[n] = run.person_card
            continue
        try:
            read[n] = read_source(Path(path), formats.get(str(path)) or folder_formats.get(str(path)), repo_id,
                                  run_readme=run_readme)
        except InputError as refused:
            if not scored_nothing(Path(path), refused):
                raise
            empty += refused.problems
    return read


def _readme_beside_run(warning: Problem, run_dirs: list[Path]) -> Problem:
    """``warning`` as it reads for a README read with the run in whose folder it lies: without frontmatter it is no
    card (most often the project's notes: a GitHub repository's README over the run it committed), and its metadata
    is not "left empty", the run's files giving the card's; what the user needs to hear is that its text becomes the
    card's."""
    if warning.code != "no-frontmatter" or not any(warning.file == str(folder / "README.md") for folder in run_dirs):
        return warning
    return replace(warning, message="has no YAML frontmatter, so it is no model card (a project's notes?): its text is "
                   "kept as the card's, under the metadata the run's files give", fix="nothing to do if it describes "
                   "the model; else move it out of the run's folder, or set the card's text in your records")


def _vision_language(data: dict[str, Any], parts: list[Part]) -> list[Problem]:
    """The merged model made image-text-to-text where its base is a vision-language model and the sources said
    text-generation (vision_language.vision_language_of_base), unless records set the pipeline tag: decided once the
    base is known, which records may name (an adapter card naming a local base). TRL's own Quick start kept from its
    card (merged_usage.trl_text_quick_start) is replaced by the generated one."""
    model = data.get("model", {})
    if any(part.hand_written and "pipeline_tag" in part.data.get("model", {}) for part in parts):
        return []
    base = vision_language_of_base(model)
    if base is None:
        return []
    replaced = trl_text_quick_start(data, parts)
    return [Problem("ingest", "$.model.pipeline_tag", f"the sources say text-generation (TRL's, PEFT's and the "
                    f"Trainer's cards say it of every model that generates), but the base model {base} is a "
                    "vision-language model: the card says image-text-to-text" + (
                        ", and its Quick start is the generated one, as TRL's pipeline(\"text-generation\") cannot "
                        "load the model" if replaced else ""), "nothing to do if the model answers "
                    "on images; else set model.pipeline_tag in your records", severity="warning",
                    code="vision-language-base")]


def _quick_start_settled(data: dict[str, Any], local_base: bool) -> bool:
    """Whether the merged records get a generated Quick start, decided once every source is read (model.usage false
    where not): read alone, a card knew neither the library the run's files give nor, often, the repo id, so no
    Quick start could be weighed against its own. None where a card read with the run already shows in a section of
    its own how to run the model: a sentence-transformers or SetFit card's "Usage", or code loading the model's repo
    (philschmid/bart-large-cnn-samsum's "## Usage" pipeline came under a generated AutoModelForSeq2SeqLM one); a
    project's README beside a run shows its scripts, a local path or another model, and the generated one stays.
    None either for an adapter whose base only a local path names (``local_base``, Ingested) when no source names its
    Hub id. Records that set model.usage keep theirs. Returns whether the card keeps a Quick start of its own."""
    model = data.get("model")
    if not isinstance(model, dict):
        return False
    sections = data.get("sections") or []
    if "usage" in model:
        return _own_quick_start(model, sections)
    repo_id = model.get("repo_id")
    texts = [str(model.get("summary") or "")] + [str(s.get("content") or "") for s in sections]
    if model.get("library_name") in SENTENCE_LIBRARIES or isinstance(repo_id, str) and any(
            f'"{repo_id}"' in t or f"'{repo_id}'" in t for t in texts):
        imported_usage(model, None, False, sections)  # usage false when the card shows it and one would be generated
    if "usage" not in model and local_base and not model.get("base_model"):
        model["usage"] = False
    return _own_quick_start(model, sections)


def _own_quick_start(model: dict[str, Any], sections: list[dict[str, Any]]) -> bool:
    """Whether the card shows a Quick start of its own: its usage text, or a section on running the model kept."""
    return isinstance(model.get("usage"), str) or model.get("usage") is False and shows_usage(model, sections)


def _cite_newest_harness(harness: list[dict[str, Any]]) -> None:
    """lm-eval 0.3 and 0.4 results read together (each lm-eval read's data in ``harness``): 0.3's entry left out of
    the reads, so the card cites the harness as 0.4 asks (used_citations adds that entry, of the same key). 0.3
    results alone cite 0.3's entry once, from the first read, however many files were passed."""
    cited = older_release_cited(harness)
    for data in harness[1:] if cited else harness:
        data.pop("citations", None)  # an lm-eval read's only citation: older_citation's


def _ingest(sources: Sequence[PathLike], records: Sequence[PathLike], trainer_dir: Optional[PathLike],
            evals: Sequence[PathLike], formats: dict[str, str], repo_id: Optional[str], checkpoint: Optional[str],
            recipe: Optional[PathLike], placeholder_repo_id: Optional[str],
            eval_sets: Optional[EvalSets] = None) -> IngestResult:
    parts: list[Part] = []
    warnings: list[Problem] = []
    tools: set[str] = set()  # the formats read: what the citations name
    harness: list[dict[str, Any]] = []  # what each lm-eval read gave: which release's entry the card cites
    title: Optional[str] = None  # the trainer's name for the model, when nothing else names it
    run_reads: dict[Path, Ingested] = {}  # each run folder's reading
    scored_titles: set[str] = set()  # the local folders results name the model scored by (common.local_model_title)
    if trainer_dir is not None:
        from generator.sources.trainer import read_trainer_dir

        got = read_trainer_dir(Path(trainer_dir), checkpoint=checkpoint, repo_id=repo_id)
        run_reads[Path(trainer_dir)] = got
        title = got.title
        parts.append(Part(got.source, got.data))
        warnings += got.warnings
        tools.add(got.format)
    run_dirs = [Path(trainer_dir)] if trainer_dir is not None else []
    cards: list[Path] = []
    recipe_read: Optional[Ingested] = None  # the run's recipe: what it says of the run's eval set
    runs, folder_formats = _run_folders(run_dirs, sources, formats)
    paths = list(sources) + list(evals)
    empty: list[Problem] = []  # results files of runs that scored nothing (--predict_only): passed over beside others
    read = _read_passed(paths, formats, folder_formats, runs, repo_id, run_reads, empty)
    passed = [got for got in read if got is not None]
    kept, left_out = one_model_passed(passed, repo_id)  # results of several models: one card, one model
    warnings += left_out
    read, kept = runs_passed(paths, read, kept)  # overlapping results files: read as runs, as their folder is
    if empty and not any(got.format in RESULT_FORMATS for got in kept):
        raise InputError(empty)
    warnings += passed_over(empty, "the other files' runs are read")
    for path, got in [(path, got) for path, got in zip(paths, read) if got is not None]:
        if all(got is not k for k in kept):
            continue
        parts.append(Part(got.source, got.data, hand_written=got.format == "records", recipe=got.format == "recipe",
                          files=got.files))
        warnings += got.warnings
        tools.add(got.format)
        harness += [got.data] if got.format == "lm-eval" else []
        if got.format == "trainer" and Path(path).is_dir():
            run_dirs.append(Path(path))
            run_reads.setdefault(Path(path), got)
            title = title or got.title  # `ingest OUT` names the model as `build --trainer-dir OUT` does
        elif got.format in RESULT_FORMATS and got.title:  # results of a model scored from a local folder: its name,
            # when only one is named
            scored_titles.add(got.title)
        if got.format == "card":
            cards.append(Path(path))
        if got.format == "recipe":
            recipe_read = got
    scored_title = scored_titles.pop() if title is None and len(scored_titles) == 1 else None
    title = title or scored_title
    for folder in dict.fromkeys(run_dirs):  # a person's README in the run's folder, read as the card it is
        at = next(n for n, part in enumerate(parts) if part.source == str(folder))  # the run's own reading
        person = _person_card(folder, parts[at], run_reads[folder], cards, warnings)
        if person is not None:
            parts.insert(at + 1, Part(person.source, person.data))
            # what the run's reading of the README's metadata said, the card's says again, naming the README
            said = {(w.code, w.path, w.message) for w in person.warnings}
            warnings = [w for w in warnings if w.file != str(folder) or (w.code, w.path, w.message) not in said]
            warnings += person.warnings
            tools.add(person.format)
            cards.append(Path(person.source))
        as_card = person.data if person is not None else _passed_card(folder, parts, cards)
        if as_card is not None:
            title = _held_once(parts[at], as_card, title)
    warnings = [_readme_beside_run(w, run_dirs) for w in warnings]
    for folder in dict.fromkeys(run_dirs):  # evaluation results a tool wrote into the run's own folder
        beside = _results_beside_run(folder, repo_id)
        if beside is not None:
            parts.append(Part(beside.source, beside.data, files=beside.files))
            warnings += beside.warnings
            tools.add(beside.format)
            harness += [beside.data] if beside.format == "lm-eval" else []
    if recipe is None and cards and not any(part.recipe for part in parts):
        from generator.sources.recipe import read_card_recipe

        for card in cards:  # the config an axolotl-written card embeds, read as the run's recipe
            embedded = read_card_recipe(card)
            if embedded is not None:
                shown = next((part.data for part in parts if part.source == str(card)), {})
                data = _as_the_card_shows(embedded.data, shown)
                parts.append(Part(embedded.source, data, recipe=True))
                recipe_read = embedded
                # (the settings no list shows are the card's text still: none is "not kept")
                warnings += [w for w in embedded.warnings if "training" in data or w.code != "unkept-settings"]
                tools.add(embedded.format)
                break
    loaded = None
    if recipe is None and not any(part.recipe for part in parts):
        # a recipe of the run's own, in one of its output folders (`ingest OUT` as `build --trainer-dir OUT`)
        from generator.sources.recipe import find_run_recipe

        for folder in run_dirs:
            loaded, unsure = find_run_recipe(folder)
            warnings += unsure
            if loaded:
                recipe = loaded.path
                break
    if recipe is not None:
        if loaded is not None:  # parsed when it was found, read without parsing it again
            from generator.sources.recipe import read_recipe

            got = read_recipe(loaded.path, loaded)
        else:
            got = read_source(Path(recipe), "recipe")
        parts.append(Part(got.source, got.data, recipe=True))
        warnings += got.warnings
        tools.add(got.format)
        recipe_read = got
    for path in records:
        got = read_source(Path(path), "records")
        parts.append(Part(got.source, got.data, hand_written=True))
    if not parts:
        raise UsageError([Problem("build", "", "nothing to read", "pass --trainer-dir, --recipe, --eval or --records",
                                  code="no-input")])
    problems = [p for part in parts if part.hand_written for p in _check_hand_written(part)]
    if problems:
        raise RecordsError(problems)
    _cite_newest_harness(harness)
    warnings += files_of_our_cards(parts, cards)  # a card of ours and the `.eval_results` files it wrote: one
    warnings += drop_scores_read_twice(parts)
    data, merge_problems = merge_parts(parts)
    if repo_id:
        data["model"] = {"repo_id": repo_id, **{k: v for k, v in data.get("model", {}).items() if k != "repo_id"}}
        # the id given wins over the card's, and over one a results file names that lm-eval could not look up
        warnings = [w for w in warnings if w.code not in ("repo-id-from-card", "unverified-hub-id")]
    errors = [p for p in merge_problems if p.severity == "error"]
    if errors:
        raise RecordsError(errors)
    warnings += fill_model_ids(data, next((r.save_path_id for r in run_reads.values() if r.save_path_id), None))
    warnings += _vision_language(data, parts)
    unsaved_tokenizer(data, run_reads.values())
    remote_code(data, run_reads.values())
    warnings += unnamed_base_warnings(data, run_reads.values())
    warnings += no_quick_start_warnings(data, run_dirs)
    own = _quick_start_settled(data, any(got.local_base for got in [*run_reads.values(), *kept]))
    warnings = quick_start_said(warnings, own)  # the local-base warnings say what the card has
    if eval_sets:
        add_eval_sets(data, eval_sets)
    if recipe_read is not None and recipe_read.eval_set is not None:  # unless given (--eval-set, records)
        warnings += map_recipe_eval_set(data, recipe_read.eval_set, recipe_read.source)
    warnings += unscored_sets(data)
    # Only with a tool's output: a card or records set alone is the author's word, cited as written.
    cited = used_citations(data, tools) if tools - {"records", "card"} else []
    if cited:
        data["citations"] = list(data.get("citations") or []) + cited
    title_from = SCORED if scored_title else None
    if title is None and recipe_read is not None and recipe_read.title:  # a run would be titled so by the Trainer
        title, title_from = recipe_read.title, RECIPE
    warnings += name_the_model(data, title, title_from, placeholder_repo_id)
    ordered: dict[str, Any] = {k: data[k] for k in ("model", "training", "evaluations", "groups", "leaderboards", "comparisons",
                                    "citations", "sections", "original") if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return IngestResult(ordered, tuple(warnings + merge_problems), tuple(p.source for p in parts))


