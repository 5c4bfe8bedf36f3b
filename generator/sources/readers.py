"""Readers for the files training and evaluation tools leave on disk.

``read_source(path)`` detects the format (or takes ``format``) and returns an
:class:`Ingested` holding record data in the shape of schemas/records.schema.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional, Union

from generator.errors import InputError, Problem, UsageError, counted, some_of
from generator.markdown.frontmatter import is_card_path
from generator.sources.common import Ingested, is_lfs_pointer, lfs_pointer, read_json_object, read_json_value
from generator.sources.eval_folder import read_eval_folder, results_files
from generator.sources.eval_logs import RECORDS_FIX, per_example_log, printed, printed_in, read_printed
from generator.sources.eval_results import looks_like_eval_results, read_eval_results
from generator.sources.lighteval import looks_like_lighteval, read_lighteval
from generator.sources.lm_eval import has_run_keys, looks_like_lm_eval
from generator.sources.lm_eval_oumi import oumi_pair, oumi_results_file
from generator.sources.other_tools import other_tool_text
from generator.sources.oumi_results import oumi_backend, read_lm_eval_or_oumi
from generator.sources.recipe import (
    NO_KNOWN_KEYS,
    data_files,
    folder_kind,
    looks_like_recipe,
    other_config,
    read_recipe,
)
from generator.sources.repair import bare_metadata, is_card_metadata
from generator.sources.sentence_models import is_library_card
from generator.sources.trainer import ARGS_BIN, read_trainer_dir
from generator.sources.trainer_autotrain import AUTOTRAIN_PARAMS, is_autotrain_params, is_dreambooth_params
from generator.sources.trainer_readme import is_trainer_card

FORMATS = ("trainer", "lm-eval", "lighteval", "eval-results", "recipe", "records", "card")
# A folder holding one of these is a Trainer's output_dir (training_args.bin alone: a run saved before its first log).
TRAINER_FILES = ("trainer_state.json", "all_results.json", "train_results.json", "adapter_config.json", ARGS_BIN,
                 "config.json")
# What `ingest` reads, for the fix of a file that is none of it.
READ = ("ingest reads a Trainer output folder, a training recipe (TRL / alignment-handbook, axolotl, LLaMA-Factory), "
        "records, lm-evaluation-harness or lighteval results, the Hub's .eval_results/*.yaml and cards")


def _read_records(path: Path) -> Ingested:
    from generator.records.loader import merge_record_files, record_files

    data, _ = merge_record_files(record_files(path))
    return Ingested(str(path), "records", data)


def _read_card(path: Path) -> Ingested:
    from generator.sources.card import read_card

    return read_card(path)


def _results(read_file: Callable[[Path], Ingested]) -> Callable[[Path], Ingested]:
    """A results file's reader, which also takes the tool's output folder (every run in it, the latest winning)."""
    return lambda path: read_eval_folder(path) if path.is_dir() else read_file(path)


def _lm_eval_file(path: Path) -> Ingested:
    """An lm-eval results file (oumi's too), or the table lm-eval printed, saved alone."""
    table = printed(path)
    return read_printed(path, table) if isinstance(table, str) else read_lm_eval_or_oumi(path)


READERS: dict[str, Callable[[Path], Ingested]] = {
    "trainer": read_trainer_dir,
    "lm-eval": _results(_lm_eval_file),
    "lighteval": _results(read_lighteval),
    "eval-results": read_eval_results,
    "recipe": read_recipe,
    "records": _read_records,
    "card": _read_card,
}
RESULTS_FORMATS = ("lm-eval", "lighteval")


def _autotrain_params(path: Path) -> bool:
    """Whether ``path`` is AutoTrain's training_params.json (of a run it reads, or of a DreamBooth run it refuses)."""
    if not path.is_file():
        return False
    try:
        data = read_json_object(path)
    except InputError:
        return False  # (not JSON, or no object: read as whatever else the folder holds)
    return is_autotrain_params(data) or is_dreambooth_params(data)


def _trainer_folder(path: Path) -> bool:
    """Whether the folder ``path`` is a training run's output."""
    return (any((path / name).is_file() for name in TRAINER_FILES)
            # a run whose final save was not kept: its checkpoints (see read_trainer_dir)
            or any((p / name).is_file() for p in path.glob("checkpoint-*")
                   for name in ("trainer_state.json", "training_args.bin"))
            # a run committed as the README.md its Trainer (or sentence-transformers) wrote
            or is_trainer_card(path / "README.md") or is_library_card(path / "README.md")
            # AutoTrain's params alone, which build --trainer-dir reads (trainer_autotrain)
            or _autotrain_params(path / AUTOTRAIN_PARAMS))


def detect_format(path: Path) -> str:
    """The format of a file or folder, by its content."""
    from generator.io.files import load_data_file

    if path.is_dir():
        if _trainer_folder(path):
            return "trainer"
        if path.name == ".eval_results":
            return "eval-results"
        found = results_files(path)  # an lm-eval --output_path or lighteval --output-dir
        if found:
            return "lighteval" if looks_like_lighteval(read_json_object(found[-1])) else "lm-eval"
        yamls = data_files(path)
        if yamls:
            try:
                first = load_data_file(yamls[0], str(yamls[0]), duplicates=[])  # a recipe may repeat a key
            except InputError:
                first = None  # records say why; beside a recipe, left alone (folder_kind)
            if looks_like_eval_results(first):
                return "eval-results"
            other = other_tool(first) if isinstance(first, dict) else None
            if other:  # a folder of another evaluation tool's files (MTEB's results/<model>/<revision>/)
                raise _another_tools(path, "", f"holds another evaluation tool's files: {yamls[0].name} is {other[0]}",
                                     other[1])
            kind, what = folder_kind(path)
            if kind == "other":
                raise InputError([Problem(str(path), "", f"holds no training recipe, records or results ({what})",
                                          "pass the training config the run was started with, or records",
                                          code="unrecognized-format")])
            return kind
        return _printed_folder(path)
    if not path.exists():
        raise InputError([Problem(str(path), "", "no such file or folder", "check the path", code="no-such-file")])
    table = printed(path)
    stand_in = _not_the_results(path, table)
    if stand_in:
        raise InputError([stand_in])
    text = "lm-eval" if isinstance(table, str) else "card" if is_card_path(path) else None  # a text read as one
    if text:
        return text
    suffix = path.suffix.lower()
    data: Any = None
    if suffix == ".json":
        data = _json_object(path)
        if data is None or looks_like_lighteval(data):
            return "eval-results" if data is None else "lighteval"
        if looks_like_lm_eval(data):
            return "lm-eval"
        results_file = None if oumi_results_file(path.name) else oumi_pair(path.name)
        if results_file and "results" not in data and has_run_keys(data):
            raise InputError([Problem(str(path), "$", "is the rest of lm-evaluation-harness's output that oumi saves "
                                      f"beside its results ({results_file}), with no scores in it",
                                      f"pass {results_file} (read with this file beside it), or the run folder",
                                      code="unrecognized-format")])
        if oumi_backend(path, data) is not None:  # oumi's AlpacaEval or custom evaluation: scores by oumi's names
            return "lm-eval"
        other = other_tool(data)
        if other:  # another evaluation tool's file: named, with what to pass instead
            raise _another_tools(path, "$", f"is {other[0]}", other[1])
        if looks_like_recipe(data):
            return "recipe"
        results = data.get("results")
        if results == [] and has_run_keys(data):
            # BigScience's fork writes agg.<run>.json as {"results": <a list of task/prompt entries>, "config"}
            raise InputError([Problem(str(path), "$.results", "is an empty list: this is the aggregated results "
                                      "file (agg.<run>.json) of BigScience's lm-evaluation-harness fork, and its run "
                                      "scored no task and prompt (the fork skips a task without validation or test "
                                      "documents), so it holds no scores", "pass the agg file of a run that scored "
                                      "its tasks, or run the evaluation again", code="no-results")])
        if results is not None and has_run_keys(data):
            # an lm-eval results file by its other keys, whose results are not the task -> metrics mapping
            shown = "a list" if isinstance(results, list) else repr(results)
            raise InputError([Problem(str(path), "$.results", f"is {shown}, not a mapping of task -> metrics as "
                                      "lm-evaluation-harness writes it", "pass the results file as the harness "
                                      "wrote it (results_<date>.json)", code="wrong-type")])
        if results is not None and "evaluations" not in data:
            # another tool's results (a records file has no `results`), even one naming its `model`
            raise InputError([Problem(str(path), "$", f"is {_other_results(data)}not an evaluation results file the "
                                      f"generator reads: {EVALS_READ}", RECORDS_FIX, code="unrecognized-format")])
        if "evaluations" in data or isinstance(data.get("model"), dict):
            return "records"
        if "model" in data and not _records_keys(data):
            # a script's own summary ({"model": "org/name", "accuracy": ...}), once refused key by key as records
            shown = some_of([repr(key) for key in data if key != "model"])
            raise InputError([Problem(str(path), "$", f"is {_other_results(data)}not an evaluation results file the "
                                      f"generator reads, nor records: its model is {_a(data['model'])}, "
                                      f"where records hold a mapping, and no other key is one records have ({shown})"
                                      f"; {EVALS_READ}", RECORDS_FIX, code="unrecognized-format")])
        if "model" in data:
            return "records"
    elif suffix in (".yaml", ".yml"):
        # a recipe may repeat a key or hold `.inf` (its reader names the field); records are refused later
        try:
            data = load_data_file(path, str(path), duplicates=[], finite=False)
        except InputError:
            if _is_wandb_config(path):  # integer keys: no plain data, and no file of ours
                raise InputError([Problem(str(path), "$", "is a Weights & Biases run config (wandb/run-*/files/"
                                          "config.yaml), not a training recipe, records or evaluation results",
                                          READ + ": pass the training config the run was started with, or the "
                                          "Trainer's output_dir", code="unrecognized-format")]) from None
            raise
        if looks_like_eval_results(data):
            return "eval-results"
        if looks_like_recipe(data):
            return "recipe"
        if is_card_metadata(data):  # a card's metadata without its --- lines: a model-index written alone
            return "card"
        if isinstance(data, dict) and other_config(data) is None:
            return "records"
    elif suffix == ".txt" and _bare_card(path):
        return "card"
    config = other_config(data)
    if config:
        what = ("has none of the keys of a training recipe, of records or of evaluation results" if config ==
                NO_KNOWN_KEYS else f"is {config}, not a training recipe, records or evaluation results")
        raise InputError([Problem(str(path), "$", what, READ + ": pass one of those, or --format with one of: " +
                                  ", ".join(FORMATS), code="unrecognized-format")])
    raise InputError([Problem(str(path), "", "is not a format the generator reads",
                              "pass --format with one of: " + ", ".join(FORMATS), code="unrecognized-format")])


def _not_the_results(path: Path, table: Union[str, Problem, None]) -> Optional[Problem]:
    """The refusal of a file that stands where results would: the results table a tool printed (``table``, its
    eval_logs.printed) where the results file is better, or, but for a card, a tool's per-example log or a Git LFS
    pointer; another evaluation tool's text file (other_tools)."""
    if isinstance(table, Problem):
        return table
    other = other_tool_text(path)
    if other:  # OpenCompass's summary.md was read as a card whose body is its table
        return _another_tools(path, "", f"is {other[0]}", other[1]).problems[0]
    return None if is_card_path(path) else per_example_log(path) or (
        lfs_pointer(path) if is_lfs_pointer(path) else None)


# What the evaluation readers read, and what to do with another tool's scores.
EVALS_READ = ("it reads lm-evaluation-harness results (results with versions, configs or n-shot), lighteval results "
              "(config_general and results) and the Hub's .eval_results/*.yaml")
# mteb 1.x's CLI writes the card with `create_meta` from the folder of one model's results; mteb 2.x (from 2.0.1)
# has `create-model-results` instead, which takes the model's name and the folder its `mteb run` wrote (a result
# cache holding results/<model>/<revision>/): `mteb create_meta` is no command there ("invalid choice")
MTEB_1 = ("`mteb create_meta --results_folder <the folder of the model's result files> --output_path README.md`")
MTEB_2 = ("`mteb create-model-results --model-name <the model's name> --results-folder <the folder mteb run wrote, "
          "holding results/> --output-path README.md`")


def _printed_folder(path: Path) -> str:
    """The format of a folder holding no results file but the table lm-eval printed (`| tee out/eval.log`), read as
    that file is (eval_folder); the refusal of a folder holding nothing read."""
    if printed_in(path):
        return "lm-eval"
    raise InputError([_unread_folder(path)])


def _unread_folder(path: Path) -> Problem:
    """Why a folder holds nothing read: per-example logs without their results file, a model repo's folder (its scores
    in ``.eval_results/``, read as a source of their own), or nothing a reader knows."""
    logs = [p for p in sorted(path.rglob("*_*")) if (p.name.startswith(("samples_", "details_")) or
                                                     p.suffix.lower() == ".jsonl") and p.is_file()]
    first = next((found for found in map(per_example_log, logs) if found), None)
    if first:
        return Problem(str(path), "", f"holds per-example logs and no results file: "
                       f"{Path(first.file).relative_to(path).as_posix()} {first.message}", first.fix,
                       code="unrecognized-format")
    pointers = [p for p in sorted(path.rglob("*")) if p.suffix.lower() in (".json", ".yaml", ".yml") and
                p.is_file() and is_lfs_pointer(p)]
    if pointers:  # a repo keeping its output in LFS, cloned without that content
        return Problem(str(path), "", f"holds Git LFS pointers, not the files themselves ({counted(len(pointers), 'file')}, "
                       f"such as {pointers[0].relative_to(path).as_posix()}): the repository was cloned without its "
                       "LFS content", "run `git lfs pull` in the clone to fetch the real files, then pass the folder",
                       code="lfs-pointer")
    scores = path / ".eval_results"
    if scores.is_dir():  # a Hub model repo's clone: the card and the scores are two sources
        card = path / "README.md"
        passed = f"{card} {scores}" if card.is_file() else str(scores)
        return Problem(str(path), "", "is a model repo's folder: its scores are in .eval_results/ (the Hub's "
                       "format)" + (" and its card is README.md" if card.is_file() else ""),
                       f"pass {'each as a source' if card.is_file() else 'that folder'}: ingest {passed}",
                       code="unrecognized-format")
    return Problem(str(path), "", "is a folder with no Trainer output, records or results in it",
                   "pass a Trainer output_dir, a records folder, or a results file", code="unrecognized-format")


def mteb_fix(version: object) -> str:
    """The fix of an MTEB file: the command of its mteb version that writes its scores as a card's model-index."""
    major = str(version).split(".")[0] if version else ""
    command = (f"run {MTEB_1}" if major in ("0", "1") else f"run {MTEB_2}" if major.isdigit()
               else f"run {MTEB_2} (mteb 2) or {MTEB_1} (mteb 1)")
    return f"mteb writes a model's results as the model-index of a card: {command} and pass that card; or {RECORDS_FIX}"


def other_tool(data: dict[str, Any]) -> Optional[tuple[str, str]]:
    """Another evaluation tool's file, by the keys that tool writes: what it is and the fix; None for any other data.

    MTEB's result of one task (``mteb_version``, ``task_name``, ``scores`` a split; before mteb 1.11,
    ``mteb_dataset_name`` and the splits on top) and its ``model_meta.json``; EvalScope's report of one dataset
    (``reports/<model>/<dataset>.json``: dataset_name, model_name, score, metrics); a record of the Every Eval Ever
    schema (schema_version, model_info, evaluation_results); HELM's ``run_spec.json`` (its scores are in the run's
    ``stats.json``); a promptfoo export (evalId, results.stats, shareableUrl; metadata.promptfooVersion);
    bigcode-evaluation-harness's ``evaluation_results.json`` (each task's scores, and ``config``: its arguments, with
    ``n_samples`` and ``temperature``, which lm-eval's config lacks)."""
    if "mteb_version" in data and (isinstance(data.get("scores"), dict) or "mteb_dataset_name" in data):
        task, version = data.get("task_name") or data.get("mteb_dataset_name"), data["mteb_version"]
        # results converted from older runs keep mteb_version null
        return f"an MTEB result (task {task!r}" + (f", mteb {version}" if version else "") + ")", mteb_fix(version)
    if {"loader", "embed_dim", "n_parameters", "framework"} <= data.keys():
        return ("MTEB's model_meta.json (the metadata of the model scored, beside its result files; it holds no "
                "scores)", mteb_fix(None))
    if {"dataset_name", "model_name", "score", "metrics"} <= data.keys() and isinstance(data["metrics"], list):
        return (f"an EvalScope report (model {data['model_name']!r}, dataset {data['dataset_name']!r}, score "
                f"{data['score']!r})", RECORDS_FIX)
    model = data.get("model_info")
    if "schema_version" in data and isinstance(data.get("evaluation_results"), list) and isinstance(model, dict):
        return (f"an Every Eval Ever record (schema {data['schema_version']!r}, model {model.get('id')!r}), which "
                "holds scores converted from another tool's output", RECORDS_FIX)
    meta, results = data.get("metadata"), data.get("results")
    if isinstance(meta, dict) and "promptfooVersion" in meta or isinstance(results, dict) and "stats" in results \
            and "evalId" in data and "shareableUrl" in data:  # metadata since promptfoo 0.10x
        version = meta.get("promptfooVersion") if isinstance(meta, dict) else None
        return (f"a promptfoo export (`promptfoo eval -o`; eval {data.get('evalId')!r}" +
                (f", promptfoo {version}" if version else "") + "): the pass and fail counts of its test cases, by "
                "prompt and provider (results.prompts[].metrics), no benchmark's scores", RECORDS_FIX)
    config = data.get("config")
    if isinstance(config, dict) and {"model", "n_samples", "temperature"} <= config.keys() and "model_args" not in \
            config and all(isinstance(v, dict) for v in data.values()):  # vars(args) of its main.py, then a task each
        tasks = some_of([repr(key) for key in data if key != "config"])
        return (f"bigcode-evaluation-harness's results (--metric_output_path; model {config['model']!r}, "
                f"task{'s' if len(data) > 2 else ''} {tasks}): scores by task, such as pass@1, which name no dataset "
                "or split", RECORDS_FIX)
    if {"adapter_spec", "scenario_spec", "metric_specs"} <= data.keys():
        return (f"HELM's run_spec.json (run {data.get('name')!r}): the settings of a HELM run, whose scores are in "
                "its stats.json", RECORDS_FIX)
    return None


def _another_tools(path: Path, where: str, what: str, fix: str) -> InputError:
    """The refusal of another evaluation tool's file or folder: ``what`` it is, what the readers read, ``fix``."""
    return InputError([Problem(str(path), where, f"{what}, not an evaluation results file the generator reads: "
                               f"{EVALS_READ}", fix, code="unrecognized-format")])


def _json_object(path: Path) -> Optional[dict[str, Any]]:
    """A JSON file's object, or None for a list of `.eval_results` entries (the Hub API's evalResults, as
    huggingface_hub's ``model_info(expand=["evalResults"])`` gets them, saved as JSON); a JSON list HELM writes is
    refused naming it."""
    try:
        return read_json_object(path, str(path))
    except InputError as exc:
        if exc.problems[0].code == "not-a-mapping" and looks_like_eval_results(read_json_value(path)):
            return None
        listed = helm_stats(path) if exc.problems[0].code == "not-a-mapping" else None
        if listed:
            raise _another_tools(path, "$", f"is {listed}", RECORDS_FIX) from None
        raise


def helm_stats(path: Path) -> Optional[str]:
    """What a JSON list HELM writes is: a run's ``stats.json`` (one entry a statistic: ``name`` {name, split}, count,
    sum, mean...) or ``per_instance_stats.json`` (an instance's ``stats``, alike); None for any other file."""
    from generator.io.files import loads_json

    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    first = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
    stat = (first.get("stats") or [{}])[0] if isinstance(first.get("stats"), list) else first
    if not (isinstance(stat, dict) and isinstance(stat.get("name"), dict) and {"count", "mean"} <= stat.keys()):
        return None
    if "stats" in first:
        return f"HELM's per_instance_stats.json (the statistics of {len(data)} instances, by name and split)"
    return f"HELM's stats.json ({len(data)} statistics of a run, by name and split)"


# `<name>_version` keys that name a library a run used, not the tool that wrote the file
NOT_THE_TOOL = {"schema", "transformers", "torch", "python", "cuda", "lm_eval", "lighteval", "format", "file"}


def _other_results(data: dict[str, Any]) -> str:
    """What another tool's results file is, where its keys say so ("" else): an Inspect AI log (``inspect eval --log-format
    json``: eval, plan, results.scores, stats) names its task and model; BigScience's *_agg.json of a model's
    checkpoints (evaluation/results/tr3, tr12) holds a list a metric; a tool stamping ``<tool>_version`` is named."""
    run, results = data.get("eval"), data.get("results")
    if isinstance(run, dict) and isinstance(results, dict) and "scores" in results and "plan" in data:
        return (f"an Inspect AI evaluation log (task {run.get('task')!r}, model {run.get('model')!r}; its scores are "
                "under results.scores), ")
    if isinstance(data.get("tokens"), list) and any(isinstance(data.get(k), list) for k in ("checkpoints",
                                                                                          "checkpoint_steps")):
        return ("BigScience's scores of checkpoints through training (tokens and checkpoints, each metric in results a "
                "list of one score a checkpoint), ")
    tool = next(((key[:-len("_version")], value) for key, value in data.items() if key.endswith("_version")
                 and isinstance(value, str) and value and key[:-len("_version")] not in NOT_THE_TOOL), None)
    if tool:  # a tool stamping its own version beside its results (sayf_eval_version)
        return f"the results of {tool[0]} {tool[1]} (its {tool[0]}_version), "
    return ""


def _a(value: Any) -> str:
    """What a JSON value is, in words."""
    return ("null" if value is None else "true or false" if isinstance(value, bool) else "a number"
            if isinstance(value, (int, float)) else "a string" if isinstance(value, str) else "a list")


def _records_keys(data: dict[str, Any]) -> set[str]:
    """The top-level keys of records a mapping has, but ``model``."""
    from generator.records.schema import schema

    return (set(schema("records").get("properties", {})) - {"model"}) & data.keys()


def _bare_card(path: Path) -> bool:
    """Whether a text file is a card's metadata alone (BigScience's mdmeta.txt: BLOOM's model-index, as its
    conversion/json_to_markdown.py wrote it, without the --- lines)."""
    from generator.io.files import read_text

    try:
        return bare_metadata(read_text(path, str(path)), str(path)) is not None
    except InputError:
        return False


def _is_wandb_config(path: Path) -> bool:
    """Whether a YAML file is the config.yaml a Weights & Biases run writes (it starts with its wandb_version)."""
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip().startswith(b"wandb_version:")
    except OSError:
        return False


def read_source(path: Path, format: Optional[str] = None, repo_id: Optional[str] = None,
                run_readme: bool = False) -> Ingested:
    """Read one source file or folder as record data; ``repo_id``, the model the card is for, picks that model's runs
    from an evaluation tool's output folder holding several models' results, and a person's README in a run folder is
    read as its card. ``run_readme``: ``path`` is the README of
    a run folder read with it (``ingest OUT OUT/README.md``), read as the card reader reads the README it finds there."""
    path = Path(path)
    if format is not None and format not in READERS:
        raise UsageError([Problem(str(path), "", f"unknown format {format!r}", "use one of: " + ", ".join(FORMATS),
                                  code="not-allowed-value")])
    format = format or detect_format(path)
    if format in RESULTS_FORMATS and path.is_dir():
        return read_eval_folder(path, repo_id)
    if format == "trainer":  # a person's README there is read as a card of that model (read_trainer_card)
        return read_trainer_dir(path, repo_id=repo_id)
    if format == "card":
        from generator.sources.card import read_card

        # the repo id it is for decides the Quick start the card would get (llama.cpp's for a `*-GGUF` repo), which
        # one showing its own usage leaves out
        return read_card(path, repo_id, run_readme=run_readme)
    return READERS[format](path)


__all__ = ["FORMATS", "Ingested", "detect_format", "other_tool", "read_source"]
