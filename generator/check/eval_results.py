"""The Hub's `.eval_results/*.yaml` files checked offline, as `modelcard validate` checks a README.

Each file is a YAML list of scores (hub-docs `eval_results.yaml`, huggingface_hub's ``EvalResultEntry``): the Hub
validates each file on its side and leaves out of the model page and the benchmark's leaderboard a file it cannot
read. The entry rules are the reader's (generator/sources/eval_results.py), every entry's problems at once; this
adds what the Hub asks of the benchmark's id: a Hub dataset id.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError, Problem
from generator.io.files import load_data_text, read_text
from generator.io.yamlio import PYYAML_RESOLVERS
from generator.records.hubrules import check_repo_id
from generator.sources.eval_results import entry_of, item_problems, refused, unread_files, yaml_files, yaml_files_in

FOLDER = ".eval_results"  # huggingface_hub's constants.EVAL_RESULTS_FOLDER


def is_eval_results(path: Path) -> bool:
    """Whether ``path`` is a model repo's `.eval_results` folder or a YAML file of it: a file in that folder, or a
    YAML file whose top level is a list (a records file is a mapping), or a folder of such files alone."""
    if path.is_dir():
        if path.name == FOLDER:
            return True
        files = yaml_files_in(path)
        return bool(files) and all(_is_list(file) for file in files)
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    return path.parent.name == FOLDER or _is_list(path)


_HEAD = 512  # the first head of a file's text _is_list splits into lines


def _is_list(file: Path) -> bool:
    """Whether a YAML file's top level is a list (its first line that is no comment starts one). The lines are split
    from a growing head of the text until one decides: that line is near the top, and splitting the whole of a 20 KB
    records file was most of this check's instructions. A line the head cuts is judged the same (its first character,
    and its first that is no space, stay in it) or, cut to spaces, passed over until a longer head holds it whole."""
    text = read_text(file)
    size = _HEAD
    while True:
        head = text[:size]
        lines = head.splitlines()
        whole = len(head) == len(text)
        for line in lines:
            if line.strip() and not line.lstrip().startswith("#"):
                return line.startswith(("-", "["))
        if whole:
            return False
        size *= 4


# a `date:` key's value written plain (unquoted), in block or flow style
_PLAIN_DATE = re.compile(r"""(?:^|[\s{,])date:[ \t]+([^\s'"#,{}\[\]][^\s#,{}]*)[ \t]*(?=$|#|,|\})""", re.M)


def _unquoted_dates(text: str) -> set[str]:
    """The dates the file writes unquoted: YAML readers, the Hub's js-yaml and PyYAML, read them as dates."""
    stamps = [regexp for tag, regexp in PYYAML_RESOLVERS.get("2", ()) if tag.endswith(":timestamp")]
    return {value for value in _PLAIN_DATE.findall(text) if any(regexp.match(value) for regexp in stamps)}


def _file_problems(file: Path, label: str) -> list[Problem]:
    try:
        data, text = load_data_text(file, label)
    except InputError as exc:
        return list(exc.problems)
    if not isinstance(data, list) or not data:
        return [Problem(label, "$", "is not a list of .eval_results entries", "write the file as a YAML list of "
                        "entries, each with dataset.id, dataset.task_id and value", code="unrecognized-format")]
    problems: list[Problem] = []
    for i, item in enumerate(data):
        entry = entry_of(item)
        where = f"$[{i}]" + (".data" if entry is not item else "")
        if refused(entry):  # the Hub API's shape for a file its check refused
            problems.append(Problem(label, where, f"is a file the Hub refused ({entry['error']})",
                                    "fix that file on the Hub", severity="warning", code="hub-refused"))
            continue
        problems += item_problems(entry, where, label)
        if isinstance(entry, dict) and isinstance(entry.get("dataset"), dict):
            if isinstance(entry.get("date"), str) and entry["date"] in _unquoted_dates(text):
                # the format asks for a string ("Format this as a string", hub-docs eval_results.yaml, 2026-01)
                problems.append(Problem(label, f"{where}.date", f"{entry['date']} is not quoted: YAML readers (the "
                                        "Hub's js-yaml, PyYAML) read it as a date, not the string the format asks for",
                                        f"quote it: date: \"{entry['date']}\"", severity="warning",
                                        code="unquoted-date"))
            dataset_id = entry["dataset"].get("id")
            if isinstance(dataset_id, str) and dataset_id.strip():
                found: list[Problem] = []
                check_repo_id(f"{where}.dataset.id", dataset_id, "dataset", found)
                problems += [Problem(label, p.path, p.message, p.fix, p.severity, code=p.code) for p in found]
    return problems


def eval_results_problems(path: Path, name: str) -> list[Problem]:
    """Every problem the Hub would have with a `.eval_results` file, or with each file of the folder."""
    if not path.is_dir():
        return _file_problems(path, name)
    files = yaml_files(path)
    unread = [Problem(name if p.file == str(path) else p.file, p.path, p.message, p.fix, p.severity, code=p.code)
              for p in unread_files(path, bool(files))]  # files in subfolders, which the Hub does not read
    return unread + [problem for file in files for problem in _file_problems(file, str(file))]
