"""A transformers / TRL Trainer output folder -> records.

Reads trainer_state.json (log history -> the training-results table transformers'
own card shows, one column per metric and eval set) and *_results.json (generator.sources.trainer_state), config.json,
adapter_config.json (PEFT), generation_config.json (the decoding defaults) and the tokenizer's chat template
(trainer_config), the training arguments (trainer_args: training_args.bin, read as data by
generator.sources.training_args and never loaded; else a JSON dump; a TRL config class names the method), and the
README.md the trainer wrote (trainer_readme: its frontmatter, framework versions, BibTeX citations and run dashboard
links). Checkpoint sub-folders are ignored unless ``checkpoint`` names one.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem
from generator.sources.card_once import shown_results
from generator.sources.common import Ingested, run_name
from generator.sources.generation_config import FILE as GENERATION_FILE
from generator.sources.hyperparameters import hyperparameters, json_hyperparameters
from generator.sources.sentence_models import (
    is_library_card,
    logs_said_by_run,
    read_sentence_model,
    said_by_library_card,
)
from generator.sources.trainer_args import ARGS_BIN, ARGS_FILES, FOREIGN_ARGS, given_model_name, read_args
from generator.sources.trainer_autotrain import AUTOTRAIN_PARAMS
from generator.sources.trainer_config import model_below, read_adapter, read_chat_template, read_config, read_generation
from generator.sources.trainer_files import TOKENIZER_FILES, read_run_json, run_file_folder, stand_in
from generator.sources.trainer_intro import RUN_DATA
from generator.sources.trainer_log import TEST_FILES, checkpoint_step
from generator.sources.trainer_logfiles import RESULTS_FILES, SWIFT_LOG, TOOL_LOG, dumped_logs, swift_summary, tool_log
from generator.sources.trainer_model import image_to_text_processor, index_task_pipeline
from generator.sources.trainer_readme import (
    is_trainer_card,
    person_text,
    read_trainer_card,
    settle_paper_line,
    untasked_results,
)
from generator.sources.trainer_results import card_fallbacks, trainer_metric_tags
from generator.sources.trainer_state import FOREIGN_RESULTS, FOREIGN_STATE, read_results_files, read_state, resumed_run
from generator.sources.trainer_swift import SWIFT2_ARGS
from generator.sources.training_args import EMPTY_CODE, LFS_CODE


def _checkpoints(folder: Path) -> list[str]:
    """The checkpoint-N sub-folders that hold a trainer_state.json or training_args.bin, by N."""
    steps = ((checkpoint_step(p.name), p) for p in folder.glob("checkpoint-*"))
    return [p.name for step, p in sorted((step, p) for step, p in steps if step is not None)
            if any((p / name).is_file() for name in ("trainer_state.json", ARGS_BIN))]


def last_checkpoint(folder: Path) -> Optional[str]:
    """The checkpoint-N sub-folder with the highest N that holds a trainer_state.json or training_args.bin (None when
    there is none)."""
    found = _checkpoints(folder)
    return found[-1] if found else None


def _run_checkpoint(folder: Path) -> tuple[Optional[str], Optional[str]]:
    """The last checkpoint of the run whose training_args.bin is at the top (the same bytes at every save of a run),
    and the last checkpoint: of two runs into one output_dir, the second's model and arguments are at the top, but the
    first's checkpoints may go further (a TRL CLI run of 6 steps, then one of 2: checkpoint-6 is the first's). The
    last checkpoint both when the top holds no arguments, or no checkpoint holds the same."""
    found = _checkpoints(folder)
    last = found[-1] if found else None
    top = folder / ARGS_BIN
    if last is None or not top.is_file() or not (folder / last / ARGS_BIN).is_file():
        return last, last
    args = top.read_bytes()
    same = [name for name in found if (folder / name / "trainer_state.json").is_file()
            and (folder / name / ARGS_BIN).is_file() and (folder / name / ARGS_BIN).read_bytes() == args]
    return (same[-1] if same else last), last


def misnamed_checkpoints(folder: Path) -> list[str]:
    """The sub-folders of ``folder`` holding a checkpoint's files under a misspelt name (``chechpoint-170``,
    ``cheeckpoint-80``: Dope4ever/MBTI, huyjaky/ocr-models; ``checkpoint_500``, ``checkpoints-500``), which
    last_checkpoint does not take: renamed by hand, they may be of this run or of another, so none is read."""
    found = []
    for sub in folder.glob("*[0-9]"):
        named = re.fullmatch(r"([A-Za-z]+)[-_](\d+)", sub.name)
        if named and not sub.name.startswith("checkpoint-") and sub.is_dir() \
                and SequenceMatcher(None, named.group(1).lower(), "checkpoint").ratio() >= 0.8 \
                and any((sub / name).is_file() for name in ("trainer_state.json", ARGS_BIN)):
            found.append((int(named.group(2)), sub.name + "/"))
    return [name for _, name in sorted(found)]  # by step, as last_checkpoint orders


def _holds_run(folder: Path, known: tuple[str, ...]) -> bool:
    """Whether ``folder`` holds a file a Trainer writes (``known``) or the README one writes."""
    return any((folder / k).exists() for k in known) or is_trainer_card(folder / "README.md") \
        or is_library_card(folder / "README.md")


def _runs_below(folder: Path, known: tuple[str, ...], depth: int = 2) -> list[str]:
    """The sub-folders of ``folder`` (``depth`` levels down, hidden ones skipped) holding a run, as paths relative to
    it: a repository whose run is in model/ or results/ (WELCOME-project/disfluency-tool's model/), the trials of a
    hyperparameter search (output_dir/run-0/, run-1/, ..., each holding its checkpoints). A run's checkpoint-N/
    folders are its own, not runs: a folder holding them is named, not they."""
    found: list[str] = []
    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "__")))
    except OSError:
        return found
    for sub in subs[:200]:
        if _holds_run(sub, known) or last_checkpoint(sub):
            found.append(sub.relative_to(folder).as_posix() + "/")
        elif depth > 1:
            found += [f"{sub.name}/{below}" for below in _runs_below(sub, known, depth - 1)]
    return found


def _listed(folders: list[str], most: int = 5) -> str:
    """``folders``, the first ``most`` of them named, then how many more."""
    named = ", ".join(folders[:most])
    return named + (f" and {len(folders) - most} more" if len(folders) > most else "")


def read_trainer_dir(folder: Path, checkpoint: Optional[str] = None, repo_id: Optional[str] = None) -> Ingested:
    """Everything a Trainer run left in ``folder``, as record data (``repo_id``: the model's, given to the reading of
    a person's README there as a card: see read_trainer_card).

    When the top of the folder has no trainer_state.json (a run whose final save was not kept, e.g. only TRL's
    README and checkpoint-N/ folders), the last checkpoint's files stand in for the missing ones, with a warning.
    """
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "is not a folder", "pass the Trainer's output_dir",
                                  code="not-a-folder")])
    known = ("trainer_state.json", "all_results.json", "train_results.json", "eval_results.json", "config.json",
             "adapter_config.json", ARGS_BIN, TOOL_LOG, SWIFT2_ARGS, AUTOTRAIN_PARAMS) + ARGS_FILES
    fallback_warning: Optional[Problem] = None
    if checkpoint is not None:
        checkpoint = asked_checkpoint(folder, checkpoint)
    asked = checkpoint  # the checkpoint asked for (the ones read for a top that lacks files are not)
    if checkpoint is None and not (folder / "trainer_state.json").exists():
        checkpoint, last = _run_checkpoint(folder)
        if checkpoint:
            which = "the last checkpoint" if checkpoint == last else f"the last checkpoint of the run whose " \
                f"training_args.bin is at the top ({last} holds another run's)"
            misnamed = misnamed_checkpoints(folder)
            fallback_warning = Problem(str(folder), "", f"no trainer_state.json at the top; read {checkpoint}, "
                                       f"{which}, for what the top lacks" + (
                                           f"; {_listed(misnamed)} "
                                           f"{'looks like a checkpoint' if len(misnamed) == 1 else 'look like checkpoints'}"
                                           " misnamed, not read" if misnamed else ""),
                                       "pass --checkpoint checkpoint-N to read another" + (
                                           " (a misnamed one by its name: --checkpoint " + misnamed[-1].rstrip("/") +
                                           ")" if misnamed else ""), severity="warning", code="state-in-checkpoint")
    state_checkpoint = checkpoint  # where trainer_state.json is read: the checkpoint asked for, or the last one
    if checkpoint is None and any(stand_in(folder / name) for name in _POINTER_FALLBACKS):
        checkpoint = last_checkpoint(folder)  # a clone without its LFS content (or emptied files): the checkpoint's
        # copies may be real
    if checkpoint is None and (folder / "trainer_state.json").exists():
        # the top kept the log alone (a run saved with save_state, its model left in the checkpoints): the last
        # checkpoint's copies of the run's adapter and arguments, the same file at every save, name what it was
        last = last_checkpoint(folder)
        taken = [n for n in _RUN_FILES if last and not (folder / n).exists() and (folder / last / n).is_file()]
        if last and taken:
            checkpoint = last
            fallback_warning = Problem(str(folder), "", f"{', '.join(taken)} not at the top; read from {last}, "
                                       "the last checkpoint", "save the final model and arguments at the top "
                                       "(trainer.save_model()) or pass --checkpoint checkpoint-N",
                                       severity="warning", code="files-in-checkpoint")
    if checkpoint is None and not _holds_run(folder, known):
        runs = _runs_below(folder, known)
        raise InputError([Problem(str(folder), "", "holds none of the files a Trainer writes (trainer_state.json, "
                                  "all_results.json, config.json, adapter_config.json, training_args.bin, the README.md "
                                  "a Trainer, TRL, sentence-transformers or SetFit writes, LLaMA-Factory's "
                                  "trainer_log.jsonl, swift's sft_args.json, AutoTrain's "
                                  "training_params.json)" + (
                                      f"; {_listed(runs)} below it {'holds' if len(runs) == 1 else 'hold'} them"
                                      if runs else ""),
                                  ("pass that folder (the run's output_dir) instead" if len(runs) == 1 else
                                   "pass one of those folders (each a run's output_dir) instead") if runs else
                                  "pass the Trainer's output_dir, or --checkpoint checkpoint-N",
                                  code="no-trainer-files")])
    result = Ingested(str(folder), "trainer", {})
    if fallback_warning is not None:
        result.warnings.append(fallback_warning)
    # a folder committed with its checkpoints alone: the README the checkpoint read holds (PEFT's card of the adapter,
    # sentence-transformers' of the model, each written at every save) is the run's
    readme = read_trainer_card(run_file_folder(folder, checkpoint, "README.md", result), result, repo_id)
    card_hyperparameters = readme.hyperparameters
    model_folder = run_file_folder(folder, checkpoint, "config.json", result)
    read_sentence_model(model_folder, result)
    read_config(model_folder, result)
    details = result.data.get("model", {}).get("details", {})
    if RUN_DATA in details:  # after the model's architecture and precision, next to the facts the card lists last
        details[RUN_DATA] = details.pop(RUN_DATA)
    read_chat_template(run_file_folder(folder, checkpoint, "tokenizer_config.json", result), result)
    result.no_tokenizer = not any(next(folder.rglob(name), None) for name in TOKENIZER_FILES)
    read_generation(run_file_folder(folder, checkpoint, GENERATION_FILE, result), result)
    below = model_below(folder, checkpoint, result)
    unread = person_text(below / "README.md") if below is not None else None
    if below is not None and unread:  # (williyam-m/hallucination-detector-gym: final/README.md beside TRL's card)
        result.warn(f"{below.name}/README.md", f"is a person's card of the adapter read from {below.name}/, not read: "
                    "the card is built from the run's files" + (" and the trainer's README.md" if readme.text else "")
                    + f", so what only that card says ({unread[:60]!r}..., its metadata) is not on it", "import it "
                    f"with the run: `modelcard ingest OUT OUT/{below.name}/README.md -o records.yaml`, then render "
                    "those records", code="subfolder-card-not-read")
    args, args_file = read_args(below if below and (below / ARGS_BIN).is_file() and not (folder / ARGS_BIN).exists() else
                 run_file_folder(folder, checkpoint, ARGS_BIN, result), result, card_hyperparameters)
    given_model_name(args, readme.trainer, result)
    # No readable training arguments (none saved, or a Git LFS pointer): the trainer's README lists them, or a
    # SageMaker card's JSON of the arguments its script was given
    stated = card_hyperparameters or (hyperparameters(json_hyperparameters(readme.text)) if args is None else {})
    if args is None and stated:
        hyper = result.data.setdefault("training", {}).setdefault("hyperparameters", {})
        hyper.update({k: v for k, v in stated.items() if k not in hyper})
    read_adapter(below or run_file_folder(folder, checkpoint, "adapter_config.json", result), result)
    image_to_text_processor(model_folder, result)
    index_task_pipeline(readme.task, result)
    untasked_results(result)  # after config.json, which gives the pipeline_tag
    state_dir = folder / state_checkpoint if state_checkpoint else run_file_folder(folder, checkpoint, "trainer_state.json",
                                                                           result)
    state_kept = (state_dir / "trainer_state.json").exists()
    logs = dumped_logs(folder) or ({} if state_kept else tool_log(folder, result))
    summary = swift_summary(folder) if checkpoint is None else None  # a checkpoint asked for is read as it is
    # the asked checkpoint's trainer_state.json, read once: for its log and for its step (_step_before_the_end)
    state = read_run_json(state_dir / "trainer_state.json", result) if asked and state_kept else None
    evals, totals = read_state(state_dir, result, args, args_file, logs,
                               (folder / SWIFT_LOG, summary) if summary else None, state)
    earlier = _step_before_the_end(folder, asked, state) if asked is not None else None
    # a checkpoint asked for that is not the run's last step: the top's results are of the end of training
    tests = read_results_files(folder / checkpoint if earlier and checkpoint else folder, result, evals, totals, logs,
                               state_kept)
    if earlier and checkpoint:
        _final_results_left_out(folder, checkpoint, earlier, result, readme.trainer)
    resumed_run(args, result, args_file)
    if evals.step_time is not None and "training_time" not in result.data.get("training", {}):
        # no train_runtime (a checkpoint's state, saved mid-run): what TRL logs of each step's time says it
        result.data["training"]["training_time"] = f"{evals.step_time:.1f} s per step (the mean of the logged steps)"
    card_fallbacks(readme, result, state_checkpoint if fallback_warning is not None and
                   fallback_warning.code == "state-in-checkpoint" else None, ended_later=earlier is not None)
    if tests:  # after the evaluation's, which the card's own list stands in for (card_fallbacks)
        shown = result.data.setdefault("training", {}).setdefault("eval_results", {})
        shown.update({name: value for name, value in tests.items() if name not in shown})
    shown_results(result.data, "", False, False, None)  # a README model-index result the final results list: no table
    trainer_metric_tags(readme, result)
    said_by_library_card(readme, result)
    logs_said_by_run(result)
    settle_paper_line(result)
    if result.title is None and not repo_id and not result.data.get("model", {}).get("repo_id"):  # else the repo
        # (--repo-id or a file of the run) names the model
        result.title = run_name(folder.resolve())  # the output_dir's name
        if result.title:
            result.warn("", f"no file of the run names the model: the card is titled {result.title!r}, the folder's "
                        "name, as the Trainer titles its own card after its output_dir", "set model.name in your "
                        "records, or pass --repo-id ORG/NAME", code="title-from-folder")
    _prune(result.data)
    pointers = [w for w in result.warnings if w.code in (LFS_CODE, EMPTY_CODE)]
    if not any(w.code == "readme-not-read" for w in result.warnings):  # no project's notes kept as the card's text
        pointers += [w for w in result.warnings if w.code in (FOREIGN_STATE, FOREIGN_RESULTS, FOREIGN_ARGS)]  # another
        # tool's trainer_state.json, results files or arguments' dump
    if not result.data and pointers:  # a clone of a repository that keeps every file in LFS: nothing to build from
        raise InputError([replace(w, severity="error") for w in pointers])
    return result


def asked_checkpoint(folder: Path, name: str) -> str:
    """The sub-folder ``--checkpoint`` names: ``checkpoint-500`` (or a misnamed one, by its name), its path
    (``out/checkpoint-500``), or ``500`` for ``checkpoint-500``; a name no sub-folder has is refused, naming the
    checkpoints there are."""
    name = name.strip().rstrip("/\\")
    if name and (folder / name).is_dir():
        return name
    given = Path(name)
    if given.is_dir() and given.resolve().parent == folder.resolve():  # its path: out/checkpoint-500
        return given.name
    if name.isdigit() and (folder / f"checkpoint-{name}").is_dir():
        return f"checkpoint-{name}"
    found = _checkpoints(folder) + misnamed_checkpoints(folder)
    raise InputError([Problem(str(folder), "", f"has no checkpoint {name!r} (--checkpoint)" + (
        f"; its checkpoints: {_listed(found, 6)}" if found else "; it holds no checkpoint-N folder"),
        "pass --checkpoint checkpoint-N (or N) of one of them" if found else
        "leave out --checkpoint to read the run's final files", code="no-such-checkpoint")])


def _step_before_the_end(folder: Path, checkpoint: str, state: Optional[dict[str, Any]]) -> Optional[tuple[int, int]]:
    """(the checkpoint's step, the run's last step) when the checkpoint asked for was saved before the run ended:
    the top's trainer_state.json went further (a run saving every epoch, hub_strategy all_checkpoints), or, without
    a readable one, a later checkpoint is there. None when it is the last step, or the steps are not known.
    ``state``: the checkpoint's trainer_state.json as read (None when it has none)."""
    def step(value: Any) -> Optional[int]:
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def top_step(path: Path) -> Optional[int]:
        try:
            return step(json.loads(path.read_text(encoding="utf-8")).get("global_step"))
        except (OSError, ValueError, AttributeError):
            return None

    own = step((state or {}).get("global_step"))
    if own is None:
        own = checkpoint_step(checkpoint)
    end = top_step(folder / "trainer_state.json") if (folder / "trainer_state.json").is_file() else None
    if end is None:  # none at the top (or a Git LFS pointer): the last checkpoint's step
        last = last_checkpoint(folder)
        end = checkpoint_step(last) if last and last != checkpoint else None
    return (own, end) if own is not None and end is not None and own < end else None


def _final_results_left_out(folder: Path, checkpoint: str, steps: tuple[int, int], result: Ingested,
                            trainer_card: bool) -> None:
    """Leaves out the README's model-index results, of the model at the end of training as the top's results files
    are (read_results_files read the checkpoint's instead, card_fallbacks takes no results of a trainer's card), and
    says so when the top holds any of them."""
    top = [name for name in RESULTS_FILES + TEST_FILES if (folder / name).is_file()]
    indexed = bool(result.data.pop("evaluations", None))
    if trainer_card:
        top.append("what the trainer's README.md gives of results" + (" (its model-index too)" if indexed else ""))
    elif indexed:
        top.append("README.md's model-index")
    if top:
        result.warn("", f"{checkpoint} is step {steps[0]} of {steps[1]}: {_listed(top)} at the top "
                    f"{'is' if len(top) == 1 else 'are'} of the end of training, not of that checkpoint, so "
                    "not on its card", "leave out --checkpoint to describe the final model",
                    code="final-results-not-checkpoint")


# The files every checkpoint-N/ holds a copy of that are the same for the whole run.
_RUN_FILES = (ARGS_BIN, "adapter_config.json", "config.json")
# The files of the run a checkpoint-N/ folder holds a copy of (the same file, or the state at that step).
_POINTER_FALLBACKS = ("trainer_state.json", ARGS_BIN, "config.json", "adapter_config.json", "tokenizer_config.json")


def _prune(data: dict) -> None:
    for key in list(data):
        value = data[key]
        if isinstance(value, dict):
            _prune(value)
        if value in ({}, [], None):
            del data[key]
