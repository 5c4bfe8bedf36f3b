"""A transformers / TRL Trainer output folder -> records.

Reads trainer_state.json (log history -> the training-results table transformers'
own card shows, one column per metric and eval set), *_results.json, config.json,
adapter_config.json (PEFT), the training arguments (training_args.bin, read as data by
generator.sources.training_args and never loaded; else a JSON dump; a TRL config class
names the method), generation_config.json (the decoding defaults), and the README.md the trainer wrote (its
frontmatter, framework versions, BibTeX citations and run dashboard links). Checkpoint sub-folders are ignored unless
``checkpoint`` names one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Optional

from generator.card.usage import OWN_CODE_FIX, own_code, own_code_message
from generator.errors import InputError, Problem
from generator.sources.card_once import shown_results
from generator.sources.common import Ingested, hub_id, is_number, read_json_object, run_name
from generator.sources.generation_config import FILE as GENERATION_FILE
from generator.sources.generation_config import read_generation_config, unreadable
from generator.sources.hyperparameters import compare_card_hyperparameters, hyperparameters, json_hyperparameters
from generator.sources.sentence_models import (
    is_library_card,
    logs_said_by_run,
    read_sentence_model,
    said_by_library_card,
)
from generator.sources.trainer_args_state import check_state_args
from generator.sources.trainer_files import TOKENIZER_FILES, run_file_folder, run_label, stand_in, stand_in_problem
from generator.sources.trainer_intro import RUN_DATA
from generator.sources.trainer_log import (
    TEST_FILES,
    LogEvaluations,
    best_step,
    eval_sets,
    final_results,
    key_results_first,
    log_history,
    summary_label,
    test_results,
    warn_non_finite,
)
from generator.sources.trainer_logfiles import RESULTS_FILES, TOOL_LOG, dumped_logs, log_summary, tool_log
from generator.sources.trainer_method import config_method, stale_method_tags
from generator.sources.trainer_model import (
    adapter_config,
    architecture_pipeline,
    file_version,
    image_to_text_processor,
    index_task_pipeline,
    model_id,
)
from generator.sources.trainer_readme import is_trainer_card, read_trainer_card, settle_paper_line
from generator.sources.trainer_results import card_fallbacks
from generator.sources.trainer_swift import SWIFT2_ARGS, is_swift_args, swift2_args, swift_args
from generator.sources.trainer_txt_results import txt_eval_set, txt_results
from generator.sources.training_args import DAMAGED_CODE, EMPTY_CODE, LFS_CODE, read_training_args

ARGS_BIN = "training_args.bin"
ARGS_FILES = ("training_args.json", "train_args.json", "args.json", "trainer_config.json")


def _read_json(path: Path, result: Ingested, empty: bool = True) -> dict[str, Any]:
    """A JSON file of the run; empty, with a warning, when it is a stand-in for itself: a Git LFS pointer (a clone
    without its LFS content, of a repository that keeps its JSON files in LFS too) or (``empty``) an empty file;
    without ``empty``, an empty file is refused by read_json_object (empty-file) for the caller to report."""
    kind = stand_in(path)
    if kind and (empty or kind != "empty"):
        problem = stand_in_problem(path, kind, "what it holds is left out of the card", run_label(path, result))
        result.warn(problem.file, problem.message, problem.fix, code=problem.code)
        return {}
    writer = "ms-swift" if path.name == SWIFT2_ARGS else "transformers"
    return read_json_object(path, str(path), f"{writer} writes {path.name} as an object: this one is another "
                            "tool's file (or a hand-made one); move it out of the run's folder")


def _state(folder: Path, result: Ingested, args: Optional[Mapping[str, Any]] = None,
           args_file: str = ARGS_BIN, logs: Optional[Mapping[Path, list[Any]]] = None
           ) -> tuple[LogEvaluations, dict[str, Any]]:
    """``folder``'s trainer_state.json: see log_history (what it says of the evaluations it returns, with the best
    checkpoint's step, and the state's total_flos and num_input_tokens_seen), and statistics. ``args``: the training
    arguments read (None when none were) from ``args_file``, whose metric_for_best_model names the state's
    best_metric, whose load_best_model_at_end says the best checkpoint was saved at the end, and whose run length and
    batch size are held to the state's (generator.sources.trainer_args_state). ``logs``: the results files holding the
    Trainer's log (trainer_logfiles.dumped_logs), the first read as the log when there is no trainer_state.json."""
    best_by = (args or {}).get("metric_for_best_model")
    path = folder / "trainer_state.json"
    if not path.exists() and logs:
        path, history = next(iter(logs.items()))
        state = {"log_history": history, "global_step": history[-1].get("step"), "epoch": history[-1].get("epoch")}
    elif not path.exists():
        return LogEvaluations(set(), {}), {}
    else:
        state = _read_json(path, result)
    if not state:
        return LogEvaluations(set(), {}), {}
    best, loaded = best_step(state), (args or {}).get("load_best_model_at_end") is True
    # What the log holds is named by the file holding it (a diverged loss was 'OUT: $.log_history[9].loss', a field
    # path in no file the message named); the records it gives are the folder's.
    of_log = Ingested(str(path), result.format, result.data)
    evals = log_history(state, of_log, best if loaded else None)._replace(best=best, best_loaded=loaded)
    if path.name != "trainer_state.json":  # the log is the file's top level
        of_log.warnings = [replace(w, path=re.sub(r"^\$\.log_history", "$", w.path)) for w in of_log.warnings]
    result.warnings.extend(of_log.warnings)
    stats = result.data.setdefault("training", {}).setdefault("statistics", {})
    if isinstance(state.get("global_step"), int):
        stats["Global step"] = state["global_step"]
    if is_number(state.get("epoch")):
        stats["Epochs"] = state["epoch"]
    if is_number(state.get("best_metric")):
        if isinstance(best_by, str) and best_by:  # the Trainer reads "loss" as "eval_loss"
            stats[f"Best metric ({best_by if best_by.startswith('eval_') else 'eval_' + best_by})"] = state["best_metric"]
        else:
            stats["Best metric"] = state["best_metric"]
    if isinstance(state.get("best_model_checkpoint"), str):
        stats["Best checkpoint"] = Path(state["best_model_checkpoint"]).name
    stats.update(evals.reward)  # an RL run: its reward is its headline (a GRPO / RLOO loss, ~0, says nothing)
    hyper = result.data["training"].setdefault("hyperparameters", {})
    if args is not None:
        check_state_args(state, args, hyper, result, args_file)
    if isinstance(state.get("train_batch_size"), int):
        hyper.setdefault("train_batch_size", state["train_batch_size"])
    if is_number(state.get("num_train_epochs")) and not {"training_steps", "total_episodes"} & set(hyper):
        hyper.setdefault("num_epochs", state["num_train_epochs"])  # only when no training arguments were read
    totals = {key: state.get(key) for key in ("total_flos", "num_input_tokens_seen")}
    # train()'s summary entry holds the train metrics save_metrics("train") writes: a run kept without its results
    # files (trainer_state.json alone, transformers 4.2's train_results.txt beside it) has them there
    logged = state.get("log_history")
    summary = next((e for e in logged if isinstance(e, dict) and "train_runtime" in e), {}) \
        if isinstance(logged, list) else {}
    totals.update({key: summary[key] for key in ("train_runtime", "train_loss") if is_number(summary.get(key))})
    return evals, totals


def _results_files(folder: Path, result: Ingested, evals: LogEvaluations, totals: Mapping[str, Any],
                   logs: Optional[Mapping[Path, list[Any]]] = None, state_read: bool = True) -> dict[str, Any]:
    """*_results.json (else the example scripts' text ones: trainer_txt_results). Their evaluation is the one
    after training (of the best checkpoint, with load_best_model_at_end), which the trainer's README reports: see
    final_results.
    ``totals``: trainer_state.json's total_flos and num_input_tokens_seen, and its train summary's train_runtime and
    train_loss, for runs whose train metrics lack them
    (transformers before 4.40 leaves total_flos out of train()'s metrics, PrinterCallback pops it with disable_tqdm);
    the tokens the Trainer counted (include_num_input_tokens_seen; TRL's GRPO counts them) are the card's too.
    ``logs``: the files holding the Trainer's log instead (trainer_logfiles.dumped_logs), whose train summary entry is
    read as the results ``save_metrics`` writes; ``state_read``: whether trainer_state.json's log was read instead.
    Returns the results of a test split the files hold (trainer_log.test_results), another evaluation."""
    merged: dict[str, Any] = {}
    for name in RESULTS_FILES + TEST_FILES:
        path = folder / name
        if path in (logs or {}):
            data = log_summary(path, logs or {}, state_read, result)
        else:
            data = _foreign_results(name, _read_json(path, result), result) if path.exists() else {}
            warn_non_finite(name, data, result)
        for key, value in data.items():
            if key in merged and is_number(value) and is_number(merged[key]) and merged[key] != value \
                    and key != "epoch":
                raise InputError([Problem(str(path), f"$.{key}", f"{value} disagrees with {merged[key]} "
                                          "in another results file of the same run", "re-run save_metrics",
                                          code="conflicting-values")])
            merged[key] = value
    # what the JSON results files give wins over the example scripts' text files; transformers' *_no_trainer.py
    # examples (accelerate, no Trainer) write all_results.json as {f"eval_{k}": v for k, v in eval_metric.items()},
    # with train_loss when tracking: their last evaluation, with no runtime (Andrearussano22/Progetto_MNNLP's POS run)
    texts = not merged or _no_trainer(merged)
    merged = merged or txt_results(folder, result)
    for key, total in totals.items():
        if is_number(total) and total > 0:  # 0: the state's default, a trainer that counts no FLOs or tokens
            merged.setdefault(key, total)
    if not merged:
        return {}
    training = result.data.setdefault("training", {})
    stats = training.setdefault("statistics", {})
    if is_number(merged.get("train_loss")) and not evals.hollow_loss:  # a GRPO / RLOO loss says nothing: _state
        stats["Train loss"] = merged["train_loss"]
    if is_number(merged.get("train_runtime")):
        seconds = merged["train_runtime"]
        training["training_time"] = f"{seconds:.1f} s" if seconds < 3600 else f"{seconds / 3600:.2f} h"
    if is_number(merged.get("total_flos")):
        stats["Total FLOs"] = merged["total_flos"]
    if is_number(merged.get("num_input_tokens_seen")) and merged["num_input_tokens_seen"] > 0:
        stats["Input tokens seen"] = merged["num_input_tokens_seen"]
    sets = eval_sets(merged) or (txt_eval_set(merged) if texts else {})
    summary = {summary_label(name, metric): value for name, metrics in sets.items()
               for metric, value in metrics.items() if is_number(value)}
    keys = {summary_label(name, metric): f"eval_{name}_{metric}" if name else f"eval_{metric}"
            for name, metrics in sets.items() for metric in metrics}  # each result's key, for warnings
    if summary:
        training["eval_results"], of = final_results(summary, training.get("eval_results", {}), evals, result, keys)
        if evals.reward:
            training["eval_results"] = key_results_first(training["eval_results"])
        if of:
            training["eval_results_of"] = of
    return test_results(merged)


def _no_trainer(merged: dict[str, Any]) -> bool:
    """Whether the results are what transformers' *_no_trainer.py examples write: eval_* numbers (and train_loss)
    alone, no eval set a Trainer's evaluation names (no runtime, no loss)."""
    keys = [key for key, value in merged.items() if is_number(value)]
    return any(key.startswith("eval_") for key in keys) and all(
        key.startswith("eval_") or key == "train_loss" for key in keys) and not eval_sets(merged)


# A metric save_metrics writes: "epoch", or a split's prefix and the metric's name (train_loss, eval_f1, test_bleu)
_SPLIT_METRIC = re.compile(r"^[A-Za-z]+_\w")


def _foreign_results(name: str, data: dict[str, Any], result: Ingested) -> dict[str, Any]:
    """``data``, a results file's, or nothing with a warning when it holds no number under a key save_metrics writes:
    another tool's file of that name (Tron404/BScThesis's columns of a table, AsadAwaisPK/DL-Project's predictions per
    image), of which nothing came to the card and nothing was said."""
    if not data or any(is_number(value) and (key == "epoch" or _SPLIT_METRIC.match(key)) for key, value in data.items()):
        return data
    result.warn(name, "holds no metric transformers' save_metrics writes (epoch, train_*, eval_*, test_*, a number "
                "each): another tool's file (or a hand-made one), so nothing of it is on the card",
                "move it out of the run's folder; what it says of the model can go in your records",
                code="foreign-results")
    return {}


def _config(folder: Path, result: Ingested) -> None:
    path = folder / "config.json"
    if not path.exists():
        return
    config = _read_json(path, result)
    model = result.data.setdefault("model", {})
    details = model.setdefault("details", {})
    if isinstance(config.get("architectures"), list) and config["architectures"]:
        details["Architecture"] = str(config["architectures"][0])
        pipeline = architecture_pipeline(details["Architecture"], config.get("model_type"),
                                         isinstance(config.get("vision_config"), dict))
        if pipeline:
            model.setdefault("pipeline_tag", pipeline)
        if own_code(details["Architecture"]) and not (folder / "adapter_config.json").exists():
            result.warn(f"{run_label(path, result)}: $.architectures[0]", own_code_message(
                details["Architecture"], "auto_map" in config), OWN_CODE_FIX, code="own-code-architecture")
    dtype = config.get("dtype") or config.get("torch_dtype")
    if isinstance(dtype, str):
        details["Precision"] = dtype
    base = model_id(config.get("_name_or_path"))
    if base:
        model.setdefault("base_model", base)
    if isinstance(config.get("transformers_version"), str):
        file_version(result, "Transformers", config["transformers_version"], path.name, "transformers_version")
        if "Architecture" in details:  # a transformers model, as the Trainer's own card's library_name says
            model.setdefault("library_name", "transformers")
    if "quantization_config" in config:
        details["Quantization"] = str(config["quantization_config"].get("quant_method", "yes")) \
            if isinstance(config["quantization_config"], dict) else "yes"


def _chat_template(folder: Path, result: Ingested) -> None:
    """Whether the saved tokenizer has a chat template: transformers writes it to chat_template.jinja (or
    chat_template.json) since 4.43-4.50, and into tokenizer_config.json before; a folder with neither a tokenizer
    config nor a template file says nothing."""
    if (folder / "chat_template.jinja").is_file() or (folder / "chat_template.json").is_file():
        result.data.setdefault("model", {})["chat_template"] = True
        return
    path = folder / "tokenizer_config.json"
    if path.is_file():
        config = _read_json(path, result)
        if config:
            result.data.setdefault("model", {})["chat_template"] = bool(config.get("chat_template"))


def _generation(folder: Path, result: Ingested) -> None:
    """The decoding defaults of generation_config.json; one that is no JSON object is a warning (transformers too
    loads the model without it). Its transformers_version (the saving install's) fills a version nothing read before
    named (NukumizuKazuhiko/ab-verifier-qwen2.5-0.5b: 5.8.0, in no other file)."""
    path = folder / GENERATION_FILE
    if path.is_file():
        try:
            config = _read_json(path, result, empty=False)
        except InputError as exc:
            unreadable(exc.problems[0], result)
            return
        read_generation_config(config, result)
        if isinstance(config.get("transformers_version"), str) and config["transformers_version"]:
            result.data.setdefault("training", {}).setdefault("framework_versions", {}).setdefault(
                "Transformers", config["transformers_version"])


def _adapter(folder: Path, result: Ingested) -> None:
    path = folder / "adapter_config.json"
    if path.exists():
        adapter_config(_read_json(path, result), folder, result)


def _args(folder: Path, result: Ingested, card: Mapping[str, Any]) -> tuple[Optional[dict[str, Any]], str]:
    """Hyperparameters from training_args.bin (read as data, never loaded) and a JSON dump of the arguments.

    The .bin is what the Trainer ran with, so its values win; the JSON fills in what it lacks or leaves
    None (``hub_model_id``), and a hyperparameter the two disagree on is reported, as is one the trainer's README
    (``card``, its hyperparameters list) shows otherwise. Returns the arguments read (None when neither was) and the
    file their values come from (training_args.bin, else the JSON dump), which warnings name.
    """
    saved: Optional[dict[str, Any]] = None
    path = folder / ARGS_BIN
    label = run_label(path, result)  # a checkpoint's copy is named as such
    if path.is_file():
        try:
            read = read_training_args(path, str(path))
            saved = read.fields
            if read.cls == "argparse.Namespace":  # an example script's own arguments (transformers 2.x-3.0's
                # run_language_modeling.py saved them as training_args.bin, before the Trainer): they name the base
                base = model_id(saved.get("model_name_or_path"))
                if base:
                    result.data.setdefault("model", {}).setdefault("base_model", base)
            method = config_method(read.cls)
            if method:  # what the trainer ran, so it wins over the README's tags
                result.data.setdefault("training", {})["method"] = method
                stale_method_tags(method, read.cls, result, label)
        except InputError as exc:
            damaged = [p for p in exc.problems if p.code in (DAMAGED_CODE, LFS_CODE, EMPTY_CODE)]
            if len(damaged) != len(exc.problems):
                raise  # a pickle that would run code is refused, and so is the card
            fix = damaged[0].fix if damaged[0].code != DAMAGED_CODE else "hyperparameters come from the other files; " \
                "re-save the training arguments (trainer.save_model saves training_args.bin) to list them all"
            result.warn(label, damaged[0].message, fix, code=damaged[0].code)
    dumped: Optional[dict[str, Any]] = None
    dump_name = next((name for name in ARGS_FILES if (folder / name).exists()), None)
    if dump_name:
        dumped = _read_json(folder / dump_name, result) or None
        dumped = swift_args(dumped, result, dump_name) if dumped and is_swift_args(dumped) else dumped
    swift2 = _read_json(folder / SWIFT2_ARGS, result) if (folder / SWIFT2_ARGS).is_file() else None
    if swift2:  # ms-swift 2.x's own arguments, under the Trainer's training_args.json beside them
        dumped, dump_name = {**swift2_args(swift2, result), **(dumped or {})}, dump_name or SWIFT2_ARGS
    if saved is None and dumped is None:
        return None, label
    source = label if saved is not None or dump_name is None else dump_name
    args = {**(dumped or {}), **{k: v for k, v in (saved or {}).items() if v is not None}}
    listed = hyperparameters(args)
    result.data.setdefault("training", {}).setdefault("hyperparameters", {}).update(listed)
    if saved is not None and dumped is not None and dump_name is not None:  # dumped is only read from dump_name
        # the dump's values over the .bin's: a dump of what the launch set alone (Firefly's train_args.json) names
        # no device count or Adam betas, which is no disagreement on the total batch size or the optimizer's line
        ours = hyperparameters(saved)
        theirs = hyperparameters({**saved, **{k: v for k, v in dumped.items() if v is not None}})
        differ = [k for k in ours if k in theirs and ours[k] != theirs[k]]
        if differ:
            result.warn(dump_name, f"{', '.join(differ)} differ from {ARGS_BIN}, which is what the Trainer ran "
                        f"with; its values are kept", f"remove {dump_name} if it is from another run",
                        code="conflicting-values")
    if card:
        compare_card_hyperparameters(card, listed, result, source, args)
    if isinstance(args.get("hub_model_id"), str) and hub_id(args["hub_model_id"]):
        result.data.setdefault("model", {}).setdefault("repo_id", args["hub_model_id"])
    output_dir = args.get("output_dir")
    if result.title is None and isinstance(output_dir, str):
        result.title = run_name(output_dir)  # the Trainer's card title when not pushing
    return args, source


def last_checkpoint(folder: Path) -> Optional[str]:
    """The checkpoint-N sub-folder with the highest N that holds a trainer_state.json or training_args.bin (None when
    there is none)."""
    steps = [(int(p.name[11:]), p.name) for p in folder.glob("checkpoint-*")
             if p.name[11:].isdigit() and any((p / name).is_file() for name in ("trainer_state.json", ARGS_BIN))]
    return max(steps)[1] if steps else None


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
             "adapter_config.json", ARGS_BIN, TOOL_LOG, SWIFT2_ARGS) + ARGS_FILES
    fallback_warning: Optional[Problem] = None
    if checkpoint is None and not (folder / "trainer_state.json").exists():
        checkpoint = last_checkpoint(folder)
        if checkpoint:
            fallback_warning = Problem(str(folder), "", f"no trainer_state.json at the top; read {checkpoint}, the "
                                       "last checkpoint, for what the top lacks", "pass --checkpoint checkpoint-N to "
                                       "read another", severity="warning", code="state-in-checkpoint")
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
    if checkpoint is None and not any((folder / k).exists() for k in known) and not is_trainer_card(folder / "README.md") \
            and not is_library_card(folder / "README.md"):
        raise InputError([Problem(str(folder), "", "holds none of the files a Trainer writes (trainer_state.json, "
                                  "all_results.json, config.json, adapter_config.json, training_args.bin, the README.md "
                                  "a Trainer, TRL, sentence-transformers or SetFit writes, LLaMA-Factory's "
                                  "trainer_log.jsonl, swift's sft_args.json)",
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
    _config(model_folder, result)
    details = result.data.get("model", {}).get("details", {})
    if RUN_DATA in details:  # after the model's architecture and precision, next to the facts the card lists last
        details[RUN_DATA] = details.pop(RUN_DATA)
    _chat_template(run_file_folder(folder, checkpoint, "tokenizer_config.json", result), result)
    result.no_tokenizer = not any(next(folder.rglob(name), None) for name in TOKENIZER_FILES)
    _generation(run_file_folder(folder, checkpoint, GENERATION_FILE, result), result)
    below = _model_below(folder, checkpoint, result)
    args, args_file = _args(below if below and (below / ARGS_BIN).is_file() and not (folder / ARGS_BIN).exists() else
                 run_file_folder(folder, checkpoint, ARGS_BIN, result), result, card_hyperparameters)
    # No readable training arguments (none saved, or a Git LFS pointer): the trainer's README lists them, or a
    # SageMaker card's JSON of the arguments its script was given
    stated = card_hyperparameters or (hyperparameters(json_hyperparameters(readme.text)) if args is None else {})
    if args is None and stated:
        hyper = result.data.setdefault("training", {}).setdefault("hyperparameters", {})
        hyper.update({k: v for k, v in stated.items() if k not in hyper})
    _adapter(below or run_file_folder(folder, checkpoint, "adapter_config.json", result), result)
    image_to_text_processor(model_folder, result)
    index_task_pipeline(readme.task, result)
    state_dir = folder / state_checkpoint if state_checkpoint else run_file_folder(folder, checkpoint, "trainer_state.json",
                                                                           result)
    state_kept = (state_dir / "trainer_state.json").exists()
    logs = dumped_logs(folder) or ({} if state_kept else tool_log(folder, result))
    evals, totals = _state(state_dir, result, args, args_file, logs)
    tests = _results_files(folder, result, evals, totals, logs, state_kept)
    if evals.step_time is not None and "training_time" not in result.data.get("training", {}):
        # no train_runtime (a checkpoint's state, saved mid-run): what TRL logs of each step's time says it
        result.data["training"]["training_time"] = f"{evals.step_time:.1f} s per step (the mean of the logged steps)"
    card_fallbacks(readme, result, state_checkpoint if fallback_warning is not None and
                   fallback_warning.code == "state-in-checkpoint" else None)
    if tests:  # after the evaluation's, which the card's own list stands in for (card_fallbacks)
        shown = result.data.setdefault("training", {}).setdefault("eval_results", {})
        shown.update({name: value for name, value in tests.items() if name not in shown})
    shown_results(result.data, "", False, False, None)  # a README model-index result the final results list: no table
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
    if not result.data and pointers:  # a clone of a repository that keeps every file in LFS: nothing to build from
        raise InputError([replace(w, severity="error") for w in pointers])
    return result


# The files every checkpoint-N/ holds a copy of that are the same for the whole run.
_RUN_FILES = (ARGS_BIN, "adapter_config.json", "config.json")
# The files of the run a checkpoint-N/ folder holds a copy of (the same file, or the state at that step).
_POINTER_FALLBACKS = ("trainer_state.json", ARGS_BIN, "config.json", "adapter_config.json", "tokenizer_config.json")


def _model_below(folder: Path, checkpoint: Optional[str], result: Ingested) -> Optional[Path]:
    """The one sub-folder holding the run's adapter when neither the top nor the checkpoint read holds a model (a
    script's ``trainer.save_model(f"{output_dir}/final_adapter")`` beside TRL's README), named in a warning; its
    training_args.bin (the Trainer saves one with the model) stands in for a missing one at the top."""
    if any((where / name).exists() for where in (folder, folder / (checkpoint or "."))
           for name in ("adapter_config.json", "config.json")):
        return None
    below = [p.parent for p in sorted(folder.glob("*/adapter_config.json"))
             if not p.parent.name.startswith(".") and not re.fullmatch(r"checkpoint-\d+", p.parent.name)]
    if len(below) > 1:
        result.warn("", "no model at the top of the run, and several sub-folders hold an adapter (" +
                    ", ".join(f"{p.name}/" for p in below) + "): none is read", "pass the sub-folder of the final "
                    "adapter as the run folder, or set the adapter's settings in your records", code="ambiguous-adapter")
    if len(below) != 1:
        return None
    result.warn(f"{below[0].name}/adapter_config.json", f"no model at the top of the run: read the adapter saved in "
                f"{below[0].name}/, the one sub-folder holding one", f"save the final model at the top if "
                f"{below[0].name}/ is not the run's", code="adapter-in-subfolder")
    return below[0]


def _prune(data: dict) -> None:
    for key in list(data):
        value = data[key]
        if isinstance(value, dict):
            _prune(value)
        if value in ({}, [], None):
            del data[key]
