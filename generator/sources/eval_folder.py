"""An evaluation tool's output folder -> evaluations: every run's results file in it, the latest run winning.

lm-eval's ``--output_path DIR`` holds ``DIR/<model_name_sanitized>/results_<timestamp>.json`` (0.4.3+; one file a
run, beside ``samples_<task>_<timestamp>.jsonl`` with ``--log_samples``) or ``DIR/results.json`` (up to 0.4.2);
lighteval's ``--output-dir DIR`` holds ``DIR/results/<model name>/results_<timestamp>.json`` and ``DIR/details/``.
Each results JSON (``results*.json``, or ``<stem>_<timestamp>.json`` from ``--output_path <stem>.json``) is read by
its own reader (samples, details and other files are not read). Runs of one task with one few-shot count that appear
in several files are one evaluation (two, where one ran through the chat template and the other not: ``…, chat
template``): the latest run's, by the file's ``date`` (lm-eval 0.4.2+), oumi's ``start_time``
or the timestamp in its name, and one warning a pair of runs names what the later one replaced; the warnings of a run
about what a later run replaced are left out. A run saying none of these (lm-eval 0.3, 0.4.0, 0.4.1) comes before the
dated ones; of two such runs of a task, the one the files show ran on the newer harness is used (the task's higher
version, else lm-eval 0.4's shape over 0.3's, else a ``config`` holding every key of the other's and more), else the
later by path, and the warning names both files, both numbers and how the one used was chosen. A later run that scored
only part of a split (``--limit``, ``--max-samples``: kept out of model-index) does not replace an earlier run's score
of the whole split (listed): the earlier numbers stay, and a warning says why. A run that scored nothing
(``--predict_only``, every metric NaN) is passed over with a warning saying why, in a folder or passed as a file beside
files of runs that scored (eval_passed.scored_nothing).
Results files and output folders passed one by one (``--eval a.json --eval b.json``) that score one evaluation
again are read as one folder of all their files is (eval_passed). A folder with the results of several models
is an error (a card describes one model) naming where each model's files are, unless the model the card is for is
given (``--repo-id``) and names one of them: then that model's runs are read. One local folder spelt several ways
(``./out/m``, its absolute path, a symlink) is one model where it is here (:func:`folder_named`).
(A tool's per-example log passed for its scores: eval_logs.)
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from itertools import takewhile
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem, counted, some_of
from generator.records.citations import older_release_cited
from generator.records.numbers import fmt
from generator.sources.common import Ingested, one_result_per_dataset, read_json_object
from generator.sources.eval_logs import STAMP, printed_in, read_printed
from generator.sources.lighteval import chat_used, looks_like_lighteval, read_lighteval, run_model
from generator.sources.lm_eval import looks_like_lm_eval
from generator.sources.lm_eval_model import chat_applied, scored_model
from generator.sources.lm_eval_oumi import with_oumi_config
from generator.sources.oumi_results import oumi_backend, oumi_model, read_lm_eval_or_oumi

OUMI_TIME = re.compile(r"\d{8}_\d{6}")  # oumi's start_time and completion_time
# below these, a folder's files are not a tool's results: lighteval's per-sample parquet, lm-eval's samples
SKIPPED_DIRS = {"details", ".git", "__pycache__"}


def results_files(folder: Path) -> list[Path]:
    """The results files under ``folder`` that lm-eval or lighteval wrote, sorted by path: ``results*.json``, and
    ``<stem>_<timestamp>.json`` from an ``--output_path <stem>.json`` (lm-eval 0.4.3+)."""
    found = []
    for path in sorted(folder.rglob("*.json")):
        if not path.is_file() or path.name.startswith("samples_") or \
                SKIPPED_DIRS & set(path.relative_to(folder).parts[:-1]):
            continue
        try:
            data = read_json_object(path)
        except InputError:
            continue
        if looks_like_lighteval(data) or looks_like_lm_eval(data) or oumi_backend(path, data) is not None:
            found.append(path)
    return found


def _when(path: Path, data: dict[str, Any]) -> Optional[float]:
    """When a run ended: lm-eval's ``date``, else oumi's ``start_time`` (``completion_time`` in late 2024; local time,
    ``%Y%m%d_%H%M%S``), else the timestamp in the file name (local time, as the tools write it)."""
    date = data.get("date")
    if isinstance(date, (int, float)) and not isinstance(date, bool):
        return float(date)
    for key in ("completion_time", "start_time"):  # lm-eval's own start_time is a perf_counter() float, not a time
        oumi = OUMI_TIME.fullmatch(data[key]) if isinstance(data.get(key), str) else None
        if oumi:
            try:
                return datetime.strptime(oumi.group(0), "%Y%m%d_%H%M%S").timestamp()
            except ValueError:
                return None
    stamp = STAMP.search(path.name)
    if stamp:
        text = stamp.group(1)
        day, _, clock = text.partition("T")
        try:
            return datetime.fromisoformat(f"{day}T{clock[:8].replace('-', ':')}{clock[8:]}").timestamp()
        except ValueError:
            return None
    return None


def _model(data: dict[str, Any]) -> Optional[str]:
    """The model a results file scored, as the tool named it (a Hub id or a local path); lm-eval 0.4.9's vLLM
    runs write ``model_name`` "", their model_args the path."""
    general = data.get("config_general", data.get("config"))
    if isinstance(data.get("model_name"), str) and data["model_name"]:
        return str(data["model_name"])
    if isinstance(general, dict):
        return run_model(general) or scored_model(data)[0]
    return None


def _still_shown(name: str, got: Ingested, origin: dict[str, str]) -> list[Problem]:
    """The warnings of the run ``name`` about what the card shows: those about an evaluation a later run replaced
    are left out (the later run's own warnings, and the superseded-run warning, tell of it), and of a run whose every
    evaluation was replaced, all (its file-wide ones, such as lighteval's left-out mean, are of numbers not shown)."""
    gone = {where for i, where in got.entries.items() if origin.get(i) != name}
    if got.entries and len(gone) == len(got.entries):
        return []
    return [w for w in got.warnings if not any(w.path == g or w.path.startswith(g + "[") for g in gone)]


def _shots_named(runs: list[tuple[Ingested, list[Problem]]]) -> list[list[Problem]]:
    """Each run's warnings, those that read alike (one task at two shot counts, in two runs: the same path and
    message, in two files) naming the shot count of the result they are about (``at 5 shots, ...``)."""
    alike: dict[tuple[str, str], set[str]] = {}
    for _, warnings in runs:
        for w in warnings:
            alike.setdefault((w.path, w.message), set()).add(w.file)
    out = []
    for got, warnings in runs:
        shots = {got.entries[e["id"]]: e["few_shot"] for e in got.data.get("evaluations", [])
                 if e["id"] in got.entries and isinstance(e.get("few_shot"), int)}
        out.append([Problem(w.file, w.path, f"at {counted(shots[w.path], 'shot')}, {w.message}", w.fix,
                            severity=w.severity, code=w.code)
                    if w.path in shots and len(alike[(w.path, w.message)]) > 1 else w for w in warnings])
    return out


def _listed(evaluation: dict[str, Any]) -> bool:
    return evaluation.get("model_index", True) is not False


def _partial_rerun(name: str, earlier: str, ids: list[str], got: Ingested) -> Problem:
    """The warning of a later run ``name`` whose results of ``ids`` are not used: it scored them again, but not as
    model-index lists a score (part of the split: --limit, --max-samples), where the earlier run did; why, as the
    run's own warning about the first of them says it."""
    prefix = "is shown in the card's tables but not in model-index: "
    why = next((w.message[len(prefix):] for w in got.warnings if w.path == got.entries.get(ids[0])
                and w.message.startswith(prefix)), "")
    return Problem(name, "$.results", f"scores again {counted(len(ids), 'result')} of the earlier run {earlier} "
                   f"({some_of([repr(i) for i in ids])}), not as model-index lists a score"
                   + (f" ({why})" if why else "") + "; the earlier run's numbers are used",
                   "pass this run's results file alone if you mean its numbers", severity="warning",
                   code="partial-rerun")


def _both_numbers(ids: list[str], pairs: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]],
                  name: str) -> str:
    """What each of two undated runs of a task scored, for a warning that took one of them (lm-eval 0.3: EleutherAI's
    llama-7B drop 0-shot in both mathematical_reasoning and reading_comprehension): the first metric of the first two
    tasks, this file's number first."""
    said = []
    for i in ids[:2]:
        here, there = pairs[(name, i)]
        ours = here["metrics"][0]
        other = next((m for m in there["metrics"] if m.get("type") == ours.get("type")), there["metrics"][0])
        said.append(f"{i!r} {ours.get('type')} {fmt(ours.get('value'))} here, {fmt(other.get('value'))} there")
    return f" ({'; '.join(said)}{'; ...' if len(ids) > 2 else ''})"


def _newer_harness(ours: dict[str, Any], theirs: dict[str, Any], our_run: dict[str, Any],
                   their_run: dict[str, Any]) -> tuple[int, str]:
    """Which of two undated runs of one task the files show ran on the newer harness (1 this one, -1 the other, 0
    neither), and how: the task's higher version (the harness bumps it when it changes the task), else lm-eval 0.4's
    shape (``configs``, ``n-shot``: 0.4.0 and 0.4.1 write no date either) over 0.3's, else a ``config`` holding every
    key of the other's and more (0.3's master added ``batch_sizes`` to 0.3.0's in 2023)."""
    mine, other = ours.get("version"), theirs.get("version")
    if isinstance(mine, int) and isinstance(other, int) and mine != other:
        return (1 if mine > other else -1), f"the task's newer version ({max(mine, other)}, not {min(mine, other)})"
    shapes = [any(isinstance(r.get(k), dict) for k in ("configs", "n-shot")) for r in (our_run, their_run)]
    if shapes[0] != shapes[1]:
        return (1 if shapes[0] else -1), "written by lm-eval 0.4 (configs, n-shot), the other by 0.3"
    keys = [set(r["config"]) if isinstance(r.get("config"), dict) else set() for r in (our_run, their_run)]
    for sign, (more, fewer) in ((1, keys), (-1, keys[::-1])):
        if fewer and more > fewer:
            return sign, f"of a newer harness (its config has {some_of(sorted(more - fewer))}, which the other lacks)"
    return 0, ""


def _chat(data: dict[str, Any]) -> Optional[bool]:
    """Whether a run's prompts went through the chat template (None: its file does not say): lm-eval's
    ``chat_template`` (0.4.3+; its absence, no), lighteval 0.11+'s model config."""
    return chat_used(data.get("config_general")) if looks_like_lighteval(data) else chat_applied(data)


def _told_apart(evaluation: dict[str, Any], got: Ingested, chat_is_new: bool, kept: dict[str, dict[str, Any]],
                origin: dict[str, str], runs: dict[str, Ingested]) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Two runs of one task and shot count, one with the chat template (``--apply_chat_template``) and one without,
    are two evaluations a user ran on purpose, not a run and its rerun: the one with the template takes the id
    ``<id>:chat`` and the label ``<label>, chat template`` (its notes say how it was applied). ``evaluation`` is the
    new run's (``got``), the one with the template where ``chat_is_new``, else the kept one of the same id is; returns
    ``kept`` and ``origin`` as they are then, a renamed kept one in its place."""
    before = evaluation["id"]
    if chat_is_new:
        _mark_chat(evaluation, got)
        return kept, origin
    _mark_chat(kept[before], runs[origin[before]])
    after = kept[before]["id"]
    return ({after if i == before else i: e for i, e in kept.items()},
            {after if i == before else i: name for i, name in origin.items()})


def _mark_chat(evaluation: dict[str, Any], got: Ingested) -> None:
    before = evaluation["id"]
    evaluation["id"], evaluation["benchmark"] = f"{before}:chat", f"{evaluation['benchmark']}, chat template"
    if before in got.entries:
        got.entries[evaluation["id"]] = got.entries.pop(before)


def chosen_models(models: list[str], repo_id: Optional[str]) -> list[str]:
    """Of several ``models``, those whose results are read: those ``repo_id`` names (:func:`names_model`), the Hub id
    and the local copies of it (an offline run's ``acme/m``, whose Hub commit lm-eval did not find, and
    ``/data/acme/m``); none when it names none of them, or none is given."""
    return [m for m in models if repo_id and names_model(m, repo_id)]


def names_model(scored: str, repo_id: str) -> bool:
    """Whether the model a run scored, as the tool named it, is the Hub repo ``repo_id``: that id, or a local copy of
    it (``/data/models/org/name``, lm-eval's sanitized ``org__name``)."""
    scored, repo_id = scored.rstrip("/").casefold(), repo_id.casefold()
    return scored in (repo_id, repo_id.replace("/", "__")) or scored.endswith("/" + repo_id)


def _several_models(folder: Path, models: list[str], runs: list[tuple[Any, ...]],
                    repo_id: Optional[str]) -> Problem:
    """The refusal of a folder holding several models' results: each model with where its files are, the fix naming
    one of those folders to pass (or the model, as --repo-id)."""
    wheres: list[tuple[str, str, Optional[Path]]] = []
    for model in models:
        paths = [r[4].relative_to(folder) for r in runs if r[2] == model]
        shared = list(takewhile(lambda parts: len(set(parts)) == 1, zip(*(p.parent.parts for p in paths))))
        common = Path(*(parts[0] for parts in shared)) if shared else None
        if common is not None and not any(r[2] != model and common in r[4].relative_to(folder).parents for r in runs):
            wheres.append((model, f"{common.as_posix()}/", folder / common))  # a folder of this model's runs alone
        else:
            wheres.append((model, some_of([p.as_posix() for p in paths], 2), None))
    shown = "; ".join(f"{m} ({w})" for m, w, _ in wheres[:4]) + (f"; and {len(wheres) - 4} more" if len(wheres) > 4
                                                                 else "")
    example = next((str(f) for _, _, f in wheres if f is not None), None)
    named = f"; the model given, {repo_id}, is none of them" if repo_id else ""
    return Problem(str(folder), "", f"holds the results of {len(models)} models: {shown}{named}",
                   "pass the results folder (or files) of one model" + (f", e.g. {example}" if example else "")
                   + ", or --repo-id naming one of them: a card describes one model", code="several-models")


def read_eval_folder(folder: Path, repo_id: Optional[str] = None) -> Ingested:
    """Every results file in an lm-eval or lighteval output folder, as one record set of the latest runs; of a folder
    of several models' runs, those of the model ``repo_id`` names."""
    files = results_files(folder)
    if not files and printed_in(folder):
        return _printed_alone(folder)
    if not files:
        raise InputError([Problem(str(folder), "", "holds no lm-eval or lighteval results file",
                                  "pass the --output_path folder of a finished run, or a results file",
                                  code="no-results")])
    return read_runs(file_runs(files), folder, repo_id)


def _printed_alone(folder: Path) -> Ingested:
    """The results table lm-eval printed, saved in a folder holding no results file, read as that file is passed
    (``--eval eval.log``); a tool's other table refused as it is; several tables refused, naming them."""
    tables = printed_in(folder)
    read = [(path, table) for path, table in tables if isinstance(table, str)]
    if len(read) == 1:
        return read_printed(*read[0])
    if not read:
        raise InputError([table for _, table in tables if isinstance(table, Problem)])
    names = [path.name for path, _ in read]
    raise InputError([Problem(str(folder), "", f"holds no results file but {counted(len(read), 'results table')} "
                              f"lm-eval printed ({some_of(names, 3)}): which run each is, the folder does not say",
                              "pass the tables of the runs you mean one by one (--eval "
                              f"{' '.join(str(path) for path, _ in read[:2])}), or the results files lm-eval "
                              "writes with --output_path", code="unrecognized-format")])


Run = tuple[Optional[float], str, Optional[str], dict[str, Any], Path]  # when, name, model scored, data, path


def file_runs(files: list[Path]) -> list[Run]:
    """Each results file as a run: when it ended, its path, the model it scored (one local folder's spellings as the
    first of them: :func:`folder_named`), its data."""
    runs = []
    spelt: dict[str, str] = {}  # each folder named: its first spelling
    for path in files:
        data = with_oumi_config(path, read_json_object(path))  # oumi's run folder: its date and model are beside
        model = _model(data) or oumi_model(path)
        if model:
            model = spelt.setdefault(folder_named(model), model)
        runs.append((_when(path, data), str(path), model, data, path))
    return runs


def folder_named(model: str) -> str:
    """The folder a run's model, as the tool spelt it (``pretrained=``), names: where it is a folder here (a relative
    path read from where modelcard runs, as a pipeline runs the harness), its real path, so that ``./out/m``,
    ``out/m/``, ``~/out/m``, a symlink to it and its absolute path are one model; elsewhere the path without its
    ``./``, doubled or trailing slashes (two folders of one name, as ``./checkpoint-500`` in two runs, cannot be
    told apart); a Hub id as it is."""
    try:
        here = Path(os.path.expanduser(model))
        if here.is_dir():
            return str(here.resolve())
    except (OSError, RuntimeError, ValueError):  # a name no path can have; a symlink loop
        pass
    if model.startswith(("/", ".", "~")) or model.endswith("/") or model.count("/") > 1:
        return os.path.normpath(model)
    return model


def read_runs(runs: list[Run], folder: Optional[Path] = None, repo_id: Optional[str] = None) -> Ingested:
    """Results files as runs, as one record set of the latest runs (the module's rules): those of the output
    ``folder`` (of several models: those of the model ``repo_id`` names), or (``folder`` None) results files of one
    model passed one by one (eval_passed.runs_passed), read as their folder would be."""
    models = sorted({m for _, _, m, _, _ in runs if m})
    result = Ingested(str(folder if folder is not None else runs[0][4]), "lm-eval", {})
    instead = "instead of the folder" if folder is not None else "alone"
    if folder is not None and len(models) > 1:
        chosen = chosen_models(models, repo_id)
        if not chosen:
            raise InputError([_several_models(folder, models, runs, repo_id)])
        others = [m for m in models if m not in chosen]
        if others:
            result.warn("", f"holds the results of {len(models)} models: only those of {some_of(chosen)}, the model "
                        f"given ({repo_id}), are read; the runs of {counted(len(others), 'other model')} are left out "
                        f"({some_of(others)})", "pass the results folder of the model you mean if it is another",
                        code="several-models")
        runs = [r for r in runs if r[2] in chosen]
    # oldest first, so that a later run replaces an earlier one; runs with no time keep their path order, first
    runs.sort(key=lambda r: (r[0] is not None, r[0] or 0.0, r[1]))
    kept: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    replaced: dict[tuple[str, str], list[str]] = {}  # (later run, earlier run) -> the ids the later one scored again
    # two runs of a task, neither saying when it ran: (run, other run, this run's numbers used, why) -> the ids
    undated: dict[tuple[str, str, bool, str], list[str]] = {}
    pairs: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}  # (run, id) -> its and the other's
    when = {name: time for time, name, _, _, _ in runs}
    raw = {name: data for _, name, _, data, _ in runs}
    read: list[tuple[str, Ingested]] = []  # each run read, oldest first
    partial: dict[tuple[str, str], list[str]] = {}  # (later run, earlier run) -> the ids kept of the earlier one
    empty: list[Problem] = []  # runs that scored nothing (--predict_only, every metric NaN): told, and passed over
    for _, name, _, data, path in runs:
        try:
            got = read_lighteval(path) if looks_like_lighteval(data) else read_lm_eval_or_oumi(path)
        except InputError as exc:
            if any(p.code != "no-results" for p in exc.problems):
                raise
            empty += exc.problems
            continue
        if got.format != "oumi" or not read:  # an lm-eval run beside oumi's others: the harness is cited
            result.format = got.format
        read.append((name, got))
        for evaluation in got.data.get("evaluations", []):
            chat = _chat(data)
            before = _chat(raw[origin[evaluation["id"]]]) if evaluation["id"] in kept else None
            if chat is not None and before is not None and chat != before:
                kept, origin = _told_apart(evaluation, got, chat, kept, origin, dict(read))
            if evaluation["id"] in kept and _listed(kept[evaluation["id"]]) and not _listed(evaluation):
                # a later run of part of the split (--limit, --max-samples): the whole split's numbers stay
                partial.setdefault((name, origin[evaluation["id"]]), []).append(evaluation["id"])
                continue
            if evaluation["id"] in kept and kept[evaluation["id"]] != evaluation:
                earlier = origin[evaluation["id"]]
                if when[name] is None and when[earlier] is None:  # which ran later: what the files show, else paths
                    newer, why = _newer_harness(evaluation, kept[evaluation["id"]], data, raw[earlier])
                    undated.setdefault((name, earlier, newer >= 0, why or "the later by path"), []).append(
                        evaluation["id"])
                    pairs[(name, evaluation["id"])] = (evaluation, kept[evaluation["id"]])
                    if newer < 0:
                        continue
                else:
                    replaced.setdefault((name, earlier), []).append(evaluation["id"])
            kept[evaluation["id"]] = evaluation  # in the place of its first run
            origin[evaluation["id"]] = name
        for group in got.data.get("groups", []):
            groups.setdefault(group["name"], group)
        if "model" in got.data:
            result.data["model"] = got.data["model"]
        result.title = got.title or result.title  # (the latest run's, as its model)
    shown = _shots_named([(got, _still_shown(name, got, origin)) for name, got in read])
    for (name, got), still in zip(read, shown):
        result.warnings += still
        result.warnings += [_partial_rerun(name, earlier, ids, got) for (later, earlier), ids in partial.items()
                            if later == name]
    for (name, earlier), ids in replaced.items():
        scored = f"{counted(len(ids), 'result')} of "
        if when[earlier] is None:  # no date, no timestamp in the name (lm-eval 0.3): this one is the dated run
            said = f"scores again {scored}{earlier} ({some_of([repr(i) for i in ids])}); that file does not say " \
                "when its run ended: this dated run's numbers are used"
        else:
            said = f"scores again {scored}the earlier run {earlier} ({some_of([repr(i) for i in ids])}); this later " \
                "run's numbers are used"
        result.warnings.append(Problem(
            name, "$.results", said, f"pass the results file you mean {instead} if it is the "
            + ("earlier one" if when[earlier] is not None else "other one"), severity="warning",
            code="superseded-run"))
    for (name, other, ours, why), ids in undated.items():
        result.warnings.append(Problem(
            name, "$.results", f"scores again {counted(len(ids), 'result')} of {other} "
            f"({some_of([repr(i) for i in ids])}); neither file says when its run ended (no date, no timestamp in its "
            f"name): {'this' if ours else 'that'} file's numbers, {why}, are used{_both_numbers(ids, pairs, name)}",
            f"pass the results file you mean {instead} if it is the other one", severity="warning",
            code="superseded-run"))
    if not kept:
        raise InputError(empty)
    result.warnings += passed_over(empty, "the folder's other runs are read" if folder is not None
                                   else "the other files' runs are read")
    one_result_per_dataset([(f"$.results (in {origin[i]})", e) for i, e in kept.items()], result)
    result.data["evaluations"] = list(kept.values())
    result.files = dict(origin)
    cited = older_release_cited([got.data for _, got in read if got.format == "lm-eval"])  # 0.3 runs alone: 2021's
    if cited:
        result.data["citations"] = cited
    used = {e.get("group") for e in kept.values()}
    if any(g in used for g in groups):
        result.data["groups"] = [g for name, g in groups.items() if name in used]
    return result


def passed_over(empty: list[Problem], rest: str) -> list[Problem]:
    """The refusals of runs that scored nothing (--predict_only, every metric NaN) read beside runs that scored, as
    the warnings saying each is passed over and ``rest`` (what is read instead)."""
    return [Problem(p.file, p.path, f"{p.message}; this run is passed over, {rest}", p.fix, severity="warning",
                    code=p.code) for p in empty]
