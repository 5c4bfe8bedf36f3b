"""The Hub's `.eval_results/*.yaml` files -> evaluations (see generator/card/eval_results.py for writing).

Each file is a YAML list of ``{dataset: {id, task_id, revision}, value, verifyToken, date, source, notes}``, read as
huggingface_hub's ``parse_eval_result_entries`` reads it: an item may come wrapped as ``{data: {...}}`` (the Hub
API's shape), and an item carrying ``error`` is a file the Hub refused, one with a ``pullRequest`` number a score an
open pull request proposes (each skipped with a warning). A score names no
metric and no task type, so it stays out of model-index (it is written back to `.eval_results/` on publish, where it
came from: each evaluation keeps its file's name in ``eval_results_file``, with ``verifyToken`` and
``source.user``/``source.org``, and as ``decimals`` the zeros after its value's last digit that YAML drops:
``57.50``). Entries of the same benchmark task that differ in their setup (``notes``, as in
``hle.yaml`` and ``hle_with_tools.yaml``) get their own evaluation ids, and their benchmark labels show short notes
whole and long ones (a run's whole setup, as community evaluations write it) cut at a word; the notes are kept whole
in ``notes`` (said under the table). A key records have no field for is named by a warning. A score that an lm-eval
or lighteval results file read with it gives again is left out, once all of its file's scores are
(``drop_scores_read_twice``).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem, counted, some_of
from generator.io.files import folder_entries, git_blob_sha, load_data_text
from generator.records.numbers import MAX_DECIMALS, text_number, written_decimals
from generator.sources.common import Ingested, is_lfs_pointer, is_number, lfs_pointer

# what records keep of an entry; anything else is named by a `not-kept` warning
KEPT = {"dataset": {"id", "task_id", "revision"}, "source": {"url", "name", "user", "org"}}
ENTRY_KEYS = {"dataset", "value", "verifyToken", "date", "source", "notes"}
# notes up to this long go into the benchmark label whole; longer ones are cut at a word
LABEL_NOTES = 40


def entry_of(item: Any) -> Any:
    """An entry as written, or the one the Hub API wraps in ``data``."""
    return item.get("data", item) if isinstance(item, dict) and isinstance(item.get("data"), dict) else item


def refused(entry: Any) -> bool:
    """Whether an item is the Hub API's record of a file its check refused (``{filename, error: "<message>"}``); an
    ``error`` that is no message (a script's own list: ``"error": null``) is not one."""
    return isinstance(entry, dict) and isinstance(entry.get("error"), str) and bool(entry["error"])


def looks_like_eval_results(data: Any) -> bool:
    return isinstance(data, list) and bool(data) and all(
        refused(e) or isinstance(e, dict) and isinstance(e.get("dataset"), dict) and "task_id" in e["dataset"]
        for e in map(entry_of, data))


def yaml_files(path: Path) -> list[Path]:
    """The file, or the `.yaml`/`.yml` files of the folder, in order."""
    if not path.is_dir():
        return [path]
    return yaml_files_in(path)


def yaml_files_in(folder: Path) -> list[Path]:
    """The `.yaml`/`.yml` files of a folder, in order (a link as what it points to), from one listing: an entry
    knows its kind, without a stat a file."""
    paths = [(folder / entry.name, entry) for entry in folder_entries(folder)]
    return sorted(p for p, entry in paths if p.suffix.lower() in (".yaml", ".yml") and entry.is_file())


def _nested(folder: Path, depth: int = 3) -> list[Path]:
    """The `.yaml`/`.yml` files in the subfolders of ``folder`` (not hidden ones), ``depth`` levels down at most."""
    found: list[Path] = []
    for entry in folder_entries(folder):
        if depth and entry.is_dir() and not entry.name.startswith("."):
            found += yaml_files_in(folder / entry.name) + _nested(folder / entry.name, depth - 1)
    return sorted(found)


def unread_files(folder: Path, any_read: bool) -> list[Problem]:
    """What a folder holds that the Hub does not read: the `.yaml` files of its subfolders, at any depth up to three
    (`.eval_results/<dataset>/result.yaml`, and `.eval_results/<org>/<dataset>/result.yaml` as lab260ru/
    speech_spoof_bench's badge instructions have it uploaded, its dataset id holding a slash; the Hub reads
    `.eval_results/*.yaml`, as its eval-results docs and huggingface_hub say), each a warning; an error when the folder
    holds no file at its top (``any_read`` False)."""
    nested = _nested(folder)
    if not any_read:
        return [no_files(folder, nested)]
    return [Problem(str(file), "", "is in a subfolder of .eval_results, which the Hub does not read (it reads "
                    ".eval_results/*.yaml, as its eval-results docs say); not read",
                    "move it to .eval_results/<name>.yaml if it holds the model's scores", "warning", code="not-read")
            for file in nested]


def no_files(folder: Path, nested: list[Path]) -> Problem:
    """A folder with no `.yaml` file at its top: said with the files its subfolders hold, which the Hub does not read."""
    if not nested:
        return Problem(str(folder), "", "holds no .yaml files", "pass the model repo's .eval_results folder",
                       code="no-results")
    return Problem(str(folder), "", f"holds no .yaml files at its top, only {len(nested)} in subfolders "
                   f"({nested[0].relative_to(folder)}), which the Hub does not read",
                   "move each file to .eval_results/<name>.yaml, as the Hub reads them: a YAML list of entries, each "
                   "with dataset.id, dataset.task_id and value", code="no-results")


def read_eval_results(path: Path) -> Ingested:
    """A `.eval_results/` folder or one of its files as record data."""
    files = yaml_files(path)
    result = Ingested(str(path), "eval-results", {})
    evaluations: list[dict[str, Any]] = []
    ids: set[str] = set()
    problems: list[Problem] = []
    for unread in unread_files(path, bool(files)) if path.is_dir() else [] if files else [no_files(path, [])]:
        (result.warnings if unread.severity == "warning" else problems).append(unread)
    for file in files:
        if is_lfs_pointer(file):
            problems.append(lfs_pointer(file))
            continue
        data, text = load_data_text(file, str(file))
        if not isinstance(data, list) or not data:
            problems.append(Problem(str(file), "$", "is not a list of .eval_results entries "
                                    "(each needs dataset.id, dataset.task_id and value)",
                                    "write it as the Hub documents .eval_results/*.yaml", code="unrecognized-format"))
            continue
        written: Optional[list[Optional[int]]] = None
        # the git blob of the file, recorded with each score read from it as written (an entry the Hub API wraps in
        # `data` names its repo file, whose blob this file's is not)
        blob = None
        for i, item in enumerate(data):
            entry = entry_of(item)
            where = f"$[{i}]" + (".data" if entry is not item else "")
            if refused(entry):
                result.warnings.append(Problem(str(file), f"$[{i}]", f"is a file the Hub refused ({entry['error']}); "
                                               "skipped", "fix that file on the Hub", "warning", code="hub-refused"))
                continue
            pull = item.get("pullRequest") if entry is not item else None
            if isinstance(pull, int) and not isinstance(pull, bool):
                # the Hub API lists the scores of open pull requests too (huggingface_hub's test_eval_results:
                # {filename, verified, data, pullRequest: 44}): a community's proposal, not the repo's file
                result.warnings.append(Problem(
                    str(file), f"$[{i}].pullRequest", f"is pull request #{pull} of the model repo: the score it "
                    "proposes (shown on the model page as community-provided while the pull request is open) is not "
                    "the repo's; skipped", "merge that pull request on the Hub if the score is the model's, then read "
                    "the repo's .eval_results again", "warning", code="community-score"))
                continue
            found = item_problems(entry, where, str(file))
            if found:
                problems += found
                continue
            blob = blob or git_blob_sha(file.read_bytes())
            evaluation = _evaluation(entry, entry["dataset"], entry.get("source") or {}, file, ids,
                                     _file_name(item, entry, file), blob if entry is item else None)
            if isinstance(entry["value"], float) and "." in text:
                written = written if written is not None else _written_decimals(text)  # composed once a file
                if i < len(written) and written[i]:
                    evaluation["decimals"] = written[i]
            evaluations.append(evaluation)
            _unkept(entry, where, file, result)
    if problems:
        raise InputError(problems)
    if not evaluations:
        raise InputError([Problem(str(path), "$", "holds no .eval_results entries the Hub accepted",
                                  "pass a folder with valid entries", code="no-results")])
    result.data["evaluations"] = _told_apart(evaluations)
    return result


def _told_apart(evaluations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The labels of scores of one benchmark task that differ in their setup (``hle.yaml`` and ``hle_with_tools.yaml``)
    show their notes, which tell the rows apart (short ones whole, long ones cut); a task scored once is labelled by
    its dataset and task alone, its notes said once, in the Setup line under the table (CH3NDev's ai2_arc.yaml:
    ``ai2_arc (ARC-Easy)``, not ``ai2_arc (ARC-Easy, Backbone: Qwen/Qwen3.5-2B, Adapter…)`` and the notes again)."""
    tasks: dict[tuple[str, str], int] = {}
    for e in evaluations:
        key = (e["dataset"]["id"], e["dataset"]["task_id"])
        tasks[key] = tasks.get(key, 0) + 1
    for e in evaluations:
        if e.get("notes") and tasks[(e["dataset"]["id"], e["dataset"]["task_id"])] > 1:
            e["benchmark"] = labelled_with_notes(e) or e["benchmark"]
    return evaluations


def labelled_with_notes(evaluation: dict[str, Any]) -> Optional[str]:
    """The label of an `.eval_results` score showing its notes (``cais/hle (hle, With tools)``), as the tables of
    cards built before session 50 show every score with notes (the merge matches an imported card's row by it); None
    for a score of no notes, or not of `.eval_results` (no ``dataset.task_id``)."""
    dataset = evaluation.get("dataset")
    notes = evaluation.get("notes")
    if not isinstance(dataset, dict) or not isinstance(notes, str) or not notes or "task_id" not in dataset:
        return None
    return f"{dataset.get('id')} ({dataset['task_id']}, {_label_notes(notes)})"


def _written_decimals(text: str) -> list[Optional[int]]:
    """For each item of a file's list, the decimals its value is written with, when the last is a zero the number
    read loses (``57.50``, as Ch3nOff/dual-loop-controller's macro_20_benchmarks.yaml writes it, reads as 57.5;
    ``80.0`` as 80): the card shows them, and the file written back keeps them. None otherwise (``0.412``)."""
    from generator.io.libyaml import compose

    root = compose(text)
    found: list[Optional[int]] = []
    for item in root.value if root is not None and root.tag.endswith(":seq") else []:
        decimals = None
        for _ in range(2):  # the entry, or the one the Hub API wraps in `data`
            keys = {k.value: v for k, v in item.value} if item.tag.endswith(":map") else {}
            value = keys.get("value")
            if value is not None:
                decimals = written_decimals(value.value) if value.tag.endswith(":float") else None
                if decimals is not None and decimals > MAX_DECIMALS:
                    decimals = None  # past it, a table rounds anyway
                break
            item = keys.get("data")
            if item is None:
                break
        found.append(decimals)
    return found


def item_problems(entry: Any, where: str, file: str) -> list[Problem]:
    """What is wrong with one item of a file (an entry, as ``entry_of`` unwraps it; not one the Hub refused)."""
    if not isinstance(entry, dict):
        return [Problem(file, where, f"is {entry!r}, not an entry", "write dataset:, value: and the other keys of an "
                        "entry", code="wrong-type")]
    if not isinstance(entry.get("dataset"), dict):
        return [Problem(file, f"{where}.dataset", "is required: a mapping with id and task_id",
                        "name the benchmark dataset and its task", code="missing-field")]
    return entry_problems(entry, where, file)


def entry_problems(entry: dict[str, Any], where: str, file: str) -> list[Problem]:
    """What is wrong with one entry the Hub would not accept (all of it)."""
    from generator.records.schema import schema

    problems = []
    dataset = entry["dataset"]
    if not isinstance(dataset.get("id"), str) or not dataset["id"] or dataset.get("task_id") in (None, ""):
        named = [f"{k}: {dataset[k]}" for k in ("config", "split") if isinstance(dataset.get(k), str) and dataset[k]]
        has_id = isinstance(dataset.get("id"), str) and bool(dataset["id"])
        # hub-docs' eval_results spec of 2025-12 named the task by the dataset's config and split; task_id, optional
        # from 2026-01-13, is required since 2026-01-23 (huggingface_hub's parse_eval_result_entries reads it alone).
        # huggingface/community-evals' evaluation_manager.py wrote none for a benchmark's `default` task.
        where_named = (f" (its tasks[].id: https://huggingface.co/datasets/{dataset['id']}/blob/main/eval.yaml)"
                       if has_id and re.fullmatch(r"[\w.-]+/[\w.-]+", dataset["id"]) else "")
        problems.append(Problem(file, f"{where}.dataset", (
            "needs a dataset.task_id, which the Hub requires since 2026-01-23" if has_id else
            "needs a dataset.id and a dataset.task_id") + (
            f" (it names {', '.join(named)}: the format's first draft named the task so; the Hub reads task_id "
            "alone)" if named and dataset.get("task_id") in (None, "") else ""),
            ("add task_id: the benchmark's task, as its eval.yaml names it" + where_named if has_id else
             "name the benchmark dataset and its task" + (": write task_id as the benchmark's eval.yaml names the "
                                                          "task" if named else "")) + (
                f"; often the dataset config: task_id: {dataset['config']}"
                if named and isinstance(dataset.get("config"), str) else ""),
            code="missing-field"))
    elif not isinstance(dataset["task_id"], (str, int)) or isinstance(dataset["task_id"], bool):
        problems.append(Problem(file, f"{where}.dataset.task_id", f"is {dataset['task_id']!r}, not a task id",
                                "write the benchmark's task id as a string", code="wrong-type"))
    revision = dataset.get("revision")
    if revision is not None and not isinstance(revision, str):
        # an unquoted all-digit commit id is a number to YAML (`0123456` reads as 123456): the revision read is not
        # the one written, and the Hub refuses a model-index revision that is no string (hub_rules)
        problems.append(Problem(file, f"{where}.dataset.revision", f"is the number {revision!r}, not a revision: YAML "
                                "reads an unquoted all-digit commit id as a number, dropping any leading zero",
                                "quote the revision as the dataset's commit id is written", code="wrong-type"))
    if not is_number(entry.get("value")):
        value = entry.get("value")
        number = text_number(value) if isinstance(value, str) else None  # `20.9 ± 1.2`, as model-index may hold it
        # hub-docs PR #2221 (2026-02, closed) proposed `metrics: [{metric_id, value}]`; copies of its docs circulate
        nested = [m["value"] for m in entry.get("metrics") or [] if isinstance(m, dict) and is_number(m.get("value"))]
        problems.append(Problem(file, f"{where}.value", f"is {value!r}, not a number",
                                f"write the score as the entry's value: {nested[0]} (the Hub reads value; a list of "
                                "metrics with metric_id, proposed in 2026-02, was not adopted)" if value is None and
                                isinstance(entry.get("metrics"), list) and len(nested) == 1 else
                                "write the score as a number" if number is None else
                                f"write the score as the number {number}: the format holds one number, no text",
                                code="wrong-type"))
    date = entry.get("date")  # YAML reads an unquoted 2026-05-23 as a date
    if date is not None and not isinstance(date, (datetime.date, datetime.datetime)) and not (
            isinstance(date, str) and re.match(schema("evaluation")["properties"]["date"]["pattern"], date)):
        problems.append(Problem(file, f"{where}.date", f"is {date!r}, not an ISO 8601 date",
                                "write when the evaluation ran as YYYY-MM-DD", code="wrong-type"))
    token = entry.get("verifyToken")
    if token is not None and (not isinstance(token, str) or not token):
        problems.append(Problem(file, f"{where}.verifyToken", f"is {token!r}, not a token",
                                "keep the verifyToken the Hub's evaluation wrote, as a string, or remove it",
                                code="wrong-type"))
    if entry.get("notes") is not None and not isinstance(entry["notes"], str):
        problems.append(Problem(file, f"{where}.notes", f"is {entry['notes']!r}, not text",
                                "write the notes as a string", code="wrong-type"))
    source = entry.get("source") or {}
    if isinstance(source, str):  # the link alone, where the format has a mapping of url, name, user and org
        problems.append(Problem(file, f"{where}.source", f"is {source!r}, not a mapping with url",
                                f"write it as source: {{url: {source}}}" if re.match(r"https?://", source)
                                else "write it as source: {url: https://...}, with the address of the source",
                                code="wrong-type"))
    elif source and (not isinstance(source, dict) or not isinstance(source.get("url"), str)):
        problems.append(Problem(file, f"{where}.source", "has no url", "add source.url", code="missing-field"))
    elif source and not re.match(schema("evaluation")["properties"]["source"]["properties"]["url"]["pattern"],
                                 source["url"]):
        problems.append(Problem(file, f"{where}.source.url", f"is {source['url']!r}, not an http(s) link",
                                "write the full https:// address of the source", code="wrong-type"))
    elif source:
        problems += [Problem(file, f"{where}.source.{key}", f"is {source[key]!r}, not a name",
                             f"write the source's {what} as a string", code="wrong-type")
                     for key, what in (("name", "name"), ("user", "Hub user name"), ("org", "Hub organization name"))
                     if source.get(key) is not None and not isinstance(source[key], str)]
    return problems


def _file_name(item: dict[str, Any], entry: dict[str, Any], file: Path) -> Optional[str]:
    """The name of the repo's `.eval_results/` file an entry is in: the file read, or for an entry the Hub API wraps
    in ``data``, the ``filename`` it gives (None when it gives none)."""
    from generator.records.schema import schema

    name = file.name if entry is item else item.get("filename")
    name = name.rsplit("/", 1)[-1] if isinstance(name, str) else None
    return name if name and re.match(schema("evaluation")["properties"]["eval_results_file"]["pattern"], name) \
        else None


def _unkept(entry: dict[str, Any], where: str, file: Path, result: Ingested) -> None:
    """Warn of an accepted entry's keys that records have no field for: the card and the files written back on
    publish go without them."""
    found = [k for k in entry if k not in ENTRY_KEYS]
    found += [f"{part}.{k}" for part, keys in KEPT.items() if isinstance(entry.get(part), dict)
              for k in entry[part] if k not in keys]
    if not found:
        return
    said, it = ", ".join(found), "it" if len(found) == 1 else "them"
    result.warnings.append(Problem(
        str(file), where, f"has {said}, which records have no field for, so it is not kept: the card and the "
        f".eval_results files written on publish go without {it}", f"records cannot carry {it}: if the Hub's file "
        f"should keep {it}, add {it} back to that file after publishing", "warning", code="not-kept"))


def _label_notes(notes: str) -> str:
    """Notes as the benchmark label shows them: whole when short, else cut at a word before LABEL_NOTES, with '…'."""
    text = " ".join(notes.split())
    if len(text) <= LABEL_NOTES:
        return text
    cut = text[:LABEL_NOTES + 1]
    cut = cut[:max(cut.rfind(" "), cut.rfind(","))] if " " in cut or "," in cut else cut[:LABEL_NOTES]
    return cut.rstrip(" ,;:") + "…"


def _evaluation(entry: dict[str, Any], dataset: dict[str, Any], source: dict[str, Any], file: Path,
                ids: set[str], file_name: Optional[str], blob: Optional[str] = None) -> dict[str, Any]:
    task_id = str(dataset["task_id"])
    notes = entry.get("notes") if isinstance(entry.get("notes"), str) and entry["notes"] else None
    eid = f"{dataset['id']}:{task_id}"
    for candidate in (eid, f"{eid}:{file.stem}", *(f"{eid}:{file.stem}-{n}" for n in range(2, 10_000))):
        if candidate not in ids:
            eid = candidate
            break
    ids.add(eid)
    evaluation: dict[str, Any] = {
        "id": eid,
        "benchmark": f"{dataset['id']} ({task_id})",  # (with its notes where another score is of its task: _told_apart)
        "dataset": {"id": dataset["id"], "task_id": task_id},
        # the benchmark task's score (its eval.yaml says how it is scored; the format names no metric, and the task,
        # which the benchmark label shows, is no metric's name): it goes back to .eval_results, not into model-index
        "metrics": [{"type": "score", "value": entry["value"]}],
        "model_index": False,
    }
    if dataset.get("revision") is not None:
        evaluation["dataset"]["revision"] = str(dataset["revision"])
    if entry.get("date") is not None:
        evaluation["date"] = str(entry["date"])
    if source:
        evaluation["source"] = {k: source[k] for k in ("url", "name", "user", "org") if isinstance(source.get(k), str)
                                and source[k]}
    if notes:
        evaluation["notes"] = notes
    if isinstance(entry.get("verifyToken"), str) and entry["verifyToken"]:
        evaluation["verify_token"] = entry["verifyToken"]
    if file_name:  # the file it goes back to, and the blob it was read at: publish replaces only that very file
        evaluation["eval_results_file"] = file_name
        if blob:
            evaluation["eval_results_blob"] = blob
    return evaluation


def _same_score(value: float, metrics: list[dict[str, Any]], written: Optional[int] = None) -> Optional[dict[str, Any]]:
    """The metric of a results file that ``value`` (an `.eval_results` score) writes, as the fraction the tool wrote
    or in percent, to the decimals ``value`` is written with (None when none is). huggingface_hub writes the value
    as its writer gave it (``EvalResultEntry.value: Any``, passed through to the YAML), so a whole number (``38``)
    is a score rounded to the whole percent and matches 37.5-38.5%; written ``38.0`` (as CH3NDev's ai2_arc.yaml
    writes 80.0) it has one decimal and matches 37.95-38.05%; ``written``: the decimals the file wrote where YAML
    dropped its last zeros (57.50: 57.495-57.505%)."""
    text = repr(value)
    decimals = written or (len(text.split(".")[1]) if "." in text and "e" not in text else 0)
    for metric in metrics:
        number = metric.get("value")
        if isinstance(number, (int, float)) and is_number(number) and any(
                abs(scale * number - value) <= 0.5 * 10 ** -decimals + 1e-12 for scale in (1, 100)):
            return metric
    return None


def _same_dataset(one: Any, other: str) -> bool:
    """Whether two Hub dataset ids name one dataset: the same id, or a canonical id (``gsm8k``, as lm-eval's task
    configs name it) and the one the Hub moved it to (``openai/gsm8k``, as `.eval_results` files name it): the Hub
    kept each canonical dataset's name under its new organization."""
    if not isinstance(one, str):
        return False
    one, other = one.casefold(), other.casefold()
    return one == other or ("/" not in one) != ("/" not in other) and \
        one.rsplit("/", 1)[-1] == other.rsplit("/", 1)[-1]


def _plain(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _same_task(entry: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether a results file's evaluation ``other``, on the dataset of an `.eval_results` score ``entry``, can be of
    its task: the task id names the whole dataset (gsm8k of openai/gsm8k, mmlu_pro of TIGER-Lab/MMLU-Pro, default),
    the evaluation names no config, or one of the task and the config names the other (bbh's colored_objects,
    lm-eval's reasoning_about_colored_objects; ai2_arc's ARC-Easy is not lm-eval's ARC-Challenge)."""
    task = _plain(entry["dataset"]["task_id"])
    config = _plain(other["dataset"]["config"]) if isinstance(other["dataset"].get("config"), str) else ""
    return task in (_plain(entry["dataset"]["id"].rsplit("/", 1)[-1]), "default") or not config or task in config \
        or config in task


def _called(e: dict[str, Any]) -> str:
    """How a warning names a results file's evaluation: its id, else its benchmark (an evaluation read from a card's
    model-index has no id)."""
    return repr(e["id"]) if e.get("id") else repr(e.get("benchmark") or e["dataset"].get("id"))


def _scores_disagree(e: dict[str, Any], others: list[dict[str, Any]], file: str,
                     file_of: dict[int, str]) -> list[Problem]:
    """The warning of an `.eval_results` score ``e`` (read from ``file``) on a benchmark dataset that results files
    read beside it score too (``others``), to another number: the card shows both, as two results; naming both
    files (``file_of``: each results file's evaluation, by id(), -> its file)."""
    if not others:
        return []
    first = others[0]["metrics"][0]
    said = f"{first.get('type')} {first.get('value')} ({_called(others[0])})" if len(others) == 1 else \
        f"{counted(len(others), 'score')} ({some_of([_called(o) for o in others])})"
    files = sorted({file_of[id(o)] for o in others})
    return [Problem(file, "$", f"gives {e['metrics'][0]['value']} on {e['dataset']['id']}, where "
                    f"{some_of(files, 2)} give{'s' if len(files) == 1 else ''} {said} for that benchmark dataset: "
                    "the card shows both, as two results", "if both are one evaluation, correct the score that is "
                    "wrong; if they differ in their setting, say how in the entry's notes", severity="warning",
                    code="scores-disagree")]


def _entry_file(source: str, folder: bool, e: dict[str, Any]) -> str:
    """The file an `.eval_results` score ``e`` was read from: in the folder ``source`` (``folder``), or ``source``."""
    return str(Path(source) / e["eval_results_file"]) if folder else source


def drop_scores_read_twice(parts: list[Any]) -> list[Problem]:
    """Leave out the `.eval_results` scores that a results file read beside them gives again (the same benchmark
    dataset, the same number, as the tool wrote it or in percent): the card shows the results file's evaluation,
    once. Only when every score read from that `.eval_results/` file is such a score: publishing then leaves the
    Hub's file as it is (it writes only the files of the scores it holds), where keeping some of its scores would
    write the file without the others. ``parts`` are the merge's parts (``source``, ``data``, ``hand_written``,
    ``files``)."""
    told: list[Problem] = []
    tools = [e for part in parts if not part.hand_written for e in part.data.get("evaluations") or []
             if "eval_results_file" not in e and isinstance(e.get("dataset"), dict) and e.get("metrics")]
    file_of = {id(e): part.files.get(e.get("id"), part.source) for part in parts if not part.hand_written
               for e in part.data.get("evaluations") or []}
    for part in parts:
        evaluations = part.data.get("evaluations") or []
        # (a card's evaluation that keeps the file the card wrote has no id: see generator.sources.card_files)
        ours = [e for e in evaluations if "eval_results_file" in e and "id" in e and not part.hand_written]
        if not ours:
            continue
        folder = Path(part.source).is_dir()
        twice: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}
        for e in ours:
            value = e["metrics"][0].get("value")
            if not is_number(value):
                continue
            same = [other for other in tools if _same_dataset(other["dataset"].get("id"), e["dataset"]["id"])]
            found = next(((other, metric) for other in same
                          for metric in [_same_score(value, other["metrics"], e.get("decimals"))] if metric), None)
            if found:
                twice[e["id"]] = (e, *found)
            else:
                told += _scores_disagree(e, [other for other in same if _same_task(e, other)],
                                         _entry_file(part.source, folder, e), file_of)
        files = {e["eval_results_file"] for e in ours}
        whole = {f for f in files if all(e["id"] in twice for e in ours if e["eval_results_file"] == f)}
        part.data["evaluations"] = [e for e in evaluations if e.get("eval_results_file") not in whole
                                    or e["id"] not in twice]
        for e, other, metric in twice.values():
            said = (f"gives {e['metrics'][0]['value']} on {e['dataset']['id']}, the score {_called(other)} of "
                    f"{file_of[id(other)]} ({metric.get('type')} {metric['value']})")
            if e["eval_results_file"] in whole:
                said, fix = said + ": the card shows it once, as that evaluation; publishing leaves this " \
                    ".eval_results file as it is", ""
            else:
                said, fix = said + "; the card's tables show it twice, as this file holds other scores publishing " \
                    "writes back", "remove the score from this file, or leave the .eval_results folder out of the " \
                    "sources: publishing leaves the Hub's files as they are"
            told.append(Problem(_entry_file(part.source, folder, e), "$", said, fix, severity="warning", code="score-read-twice"))
    return told
