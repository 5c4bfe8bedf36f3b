"""Load a record set from disk: read, merge, validate against the schemas, resolve files.

A record set is one YAML/JSON file, or a folder whose *.yaml / *.yml / *.json files
(not sub-folders) are merged in file-name order: mapping keys (model, training,
original) may appear in one file only; list keys are concatenated.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar, Union

from generator.errors import GeneratorError, InputError, Problem, RecordsError
from generator.io.data import gc_paused, json_path
from generator.io.files import folder_entries, load_data_text, read_text
from generator.markdown.frontmatter import is_card_path, keeping_missing_cells, split_card
from generator.records.builder import Locate, build_records
from generator.records.citations import parse_citations
from generator.records.hubrules import check_metadata
from generator.records.model import FRONTMATTER_KEYS, GENERATED_KEYS, Citation, Original, Records, Section
from generator.records.placeholders import may_hold_placeholder, placeholder_problems
from generator.records.schema import validate

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
MAX_ORIGINAL_DEPTH = 4
T = TypeVar("T")


def _display(path: Path) -> str:
    text = os.fspath(path)
    if os.sep == "/":
        if text[:1] != "/":
            norm = os.path.normpath(text)
            if norm != ".." and not norm.startswith("../"):
                return norm  # what relpath gives a relative path that stays in the current folder (lexically), 30x faster
        else:
            cwd = os.getcwd()
            if text[len(cwd):len(cwd) + 1] == "/" and text.startswith(cwd) and len(cwd) > 1 \
                    and os.path.normpath(text) == text:
                return text[len(cwd) + 1:]  # what relpath gives a normal absolute path inside the current folder
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return rel if not rel.startswith(".." + os.sep + "..") else str(path)


def _name_order(entry: os.DirEntry) -> str:
    """A folder entry's place among its siblings' paths: PurePath compares the names of one folder as
    os.path.normcase has them (case-blind on Windows)."""
    return os.path.normcase(entry.name)


def record_files(path: Path) -> list[Path]:
    """The files a record-set path stands for."""
    return _record_files(path)[0]


def _record_files(path: Path, resolved: Optional[Path] = None, is_dir: Optional[bool] = None
                  ) -> tuple[list[Path], Optional[Path], bool]:
    """The files a record-set path stands for, the path resolved if it was (``resolved``: as an original's is when it
    is checked to stay inside its folder; an existing path is resolved only when needed, see _Folder), and whether
    it is a folder (``is_dir``: whether an existing path is one, when the caller has looked already)."""
    try:  # each path is looked at once: every stat is a system call, and they are dear on a VM
        is_dir = path.is_dir() if is_dir is None else is_dir
        exists = is_dir or path.exists()
        if resolved is None and not exists:
            resolved = path.resolve()  # a link loop raises here (exists() says False for one)
    except (OSError, RuntimeError):
        raise InputError([Problem(_display(path), "", "cannot be read (a symlink loop)", "fix the symlink",
                                  code="broken-symlink")]) from None
    if is_dir:
        files: list[Path] = []
        broken: list[Path] = []
        # in the order of their paths (the names of one folder, compared as the system's paths compare them), a path
        # made only for a name ending in a records suffix (whose suffix pathlib then tells)
        for entry in sorted(folder_entries(path), key=_name_order):
            if not entry.name.lower().endswith(RECORD_SUFFIXES):
                continue
            p = path / entry.name
            if p.suffix.lower() not in RECORD_SUFFIXES:
                continue
            # an entry knows its kind from the listing; a link's target is looked at as pathlib does (a loop or a
            # dangling link is neither a file nor a folder)
            target: Union[Path, os.DirEntry] = p if entry.is_symlink() else entry
            if target.is_file():
                files.append(p)
            elif not target.is_dir():
                broken.append(p)
        if broken:  # a dangling link or a link loop: its records would silently go missing
            raise InputError([Problem(_display(p), "", "cannot be read (a broken or looping symlink)",
                                      "fix or remove the link", code="broken-symlink") for p in broken])
        if not files:
            raise InputError([Problem(_display(path), "", "folder holds no .yaml, .yml or .json records",
                                      "point at a records file or a folder of them", code="no-records-files")])
        return files, resolved, True
    if not exists and not path.is_symlink():
        raise InputError([Problem(_display(path), "", "no such file or folder", "check the path", code="no-such-file")])
    if is_card_path(path):
        raise InputError([Problem(_display(path), "", "is a model card, not records",
                                  "check it with `modelcard validate README.md`, or turn it into records with "
                                  "`modelcard ingest README.md -o records.yaml`", code="card-not-records")])
    return [path], resolved, False


class _Origins:
    """Remembers which file each top-level key (and list item) came from, and whether a file's text may hold a
    placeholder (data from elsewhere may)."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.items: dict[str, list[tuple[str, int]]] = {}
        self.placeholders = True

    def locate(self, parts: list) -> tuple[str, str]:
        if not parts:
            files = sorted(set(self.keys.values()))
            return (files[0] if len(files) == 1 else ", ".join(files) or "records"), "$"
        key = parts[0]
        if key in self.items and len(parts) > 1 and isinstance(parts[1], int) and parts[1] < len(self.items[key]):
            file, local = self.items[key][parts[1]]
            return file, json_path([key, local] + list(parts[2:]))
        return self.keys.get(key, next(iter(self.keys.values()), "records")), json_path(parts)


# Where records keep a card's metadata: a tabular widget's missing cells there (NaN, as skops writes them) are kept,
# as the Hub keeps them, to be written back (generator.markdown.frontmatter.keeping_missing_cells)
_METADATA = "$.model.metadata"


def _load_file(path: Path, name: str) -> tuple[Any, str]:
    """load_data_text's data and text, a missing cell of a tabular widget's rows let through."""
    return keeping_missing_cells(lambda strict: load_data_text(path, name, finite=strict), _METADATA)


def merge_record_files(files: list[Path]) -> tuple[dict, _Origins]:
    """Load record files and merge them into one mapping: lists are joined in file order, any other
    top-level key may be defined in one file only. Also returns where each key and list item came from."""
    merged: dict[str, Any] = {}
    origins = _Origins()
    origins.placeholders = False
    problems: list[Problem] = []
    for f in files:
        name = _display(f)
        try:
            data, text = _load_file(f, name)
        except InputError as exc:  # the other files' problems are still worth reporting in the same run
            problems.extend(exc.problems)
            continue
        origins.placeholders = origins.placeholders or may_hold_placeholder(text)
        if data is None:
            problems.append(Problem(name, "", "is empty", "add records, starting with model: {repo_id: ...}",
                                    code="empty-file"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, "$", f"top level is a {type(data).__name__}, expected a mapping",
                                    "start the file with keys such as model:, evaluations:", code="not-a-mapping"))
            continue
        for key, value in data.items():
            if isinstance(value, list):
                entries = origins.items.setdefault(key, [])
                entries.extend((name, i) for i in range(len(value)))
                merged.setdefault(key, [])
                if isinstance(merged[key], list):
                    merged[key].extend(value)
                origins.keys.setdefault(key, name)
            elif key in merged:
                problems.append(Problem(name, json_path([key]), f"{key!r} is also defined in {origins.keys[key]}",
                                        "define it in one file only", code="duplicate-key"))
            else:
                merged[key] = value
                origins.keys[key] = name
    if problems:
        raise InputError(problems)
    return merged, origins


class _Folder:
    """The folder a record set's file names are relative to (or a record set's own path), resolved (links followed)
    once, when first needed."""

    def __init__(self, path: Path, resolved: Optional[Path] = None) -> None:
        self.path = path
        self._resolved = resolved

    def resolved(self) -> Path:
        if self._resolved is None:
            try:  # strict: no stat after the links are read (pathlib's check for a loop, which cannot be there)
                self._resolved = self.path.resolve(strict=True)
            except (OSError, RuntimeError):  # a folder that is not there (records in memory): its files are not
                self._resolved = self.path.resolve()
        return self._resolved


def _resolve_under(root: Path, relative: str) -> Path:
    """``(root / relative).resolve()`` for a ``root`` resolved already: on POSIX, a relative path without ``..`` whose
    parts are there and no links is ``root`` and its parts (an lstat a part, where resolving walks ``root`` again);
    anything else is resolved in full."""
    if os.name == "posix" and not os.path.isabs(relative):
        current = os.fspath(root)
        for part in Path(relative).parts:
            if part == "..":
                break
            current = os.path.join(current, part)
            try:
                if stat.S_ISLNK(os.lstat(current).st_mode):
                    break
            except (OSError, ValueError):
                break
        else:
            return Path(current)
    return (root / relative).resolve()


def _inside_folder(path: Path, folder: Path) -> bool:
    """``path == folder or folder in path.parents`` for two resolved paths, by their text (the parents made a path
    object a level and compared each): ``folder``'s text and a separator start ``path``'s, compared as the system
    compares names (os.path.normcase: a Windows path's case, as PureWindowsPath compares it)."""
    text, root = os.path.normcase(os.fspath(path)), os.path.normcase(os.fspath(folder))
    return text == root or text.startswith(root if root.endswith(os.sep) else root + os.sep)


def _resolve_file(base: _Folder, relative: str, origins: _Origins, parts: list) -> Path:
    """A file the records name, which must stay inside the records' folder (links resolved)."""
    root = base.resolved()
    target = _resolve_under(root, relative)
    if Path(relative).is_absolute() or not _inside_folder(target, root):
        file, where = origins.locate(parts)
        raise InputError([Problem(file, where, f"{relative!r} is outside the records folder",
                                  "keep the files the records use inside their folder and name them relative to it",
                                  code="outside-folder")])
    return target


def _sections(data: dict, base: _Folder, origins: _Origins) -> tuple[Section, ...]:
    out = []
    problems: list[Problem] = []
    for i, s in enumerate(data.get("sections", [])):
        content = s.get("content")
        if content is None:
            path = _resolve_file(base, s["file"], origins, ["sections", i, "file"])
            try:
                content = read_text(path, _display(path))
            except InputError as exc:
                file, where = origins.locate(["sections", i, "file"])
                problems.extend(Problem(file, where, f"{p.file}: {p.message}", p.fix, code=p.code)
                                for p in exc.problems)
                continue
        out.append(Section(title=s["title"], content=content.strip("\n"), position=s.get("position", "uses"),
                           level=s.get("level", 2)))
    if problems:
        raise InputError(problems)
    return tuple(out)


def _original(data: dict, base: _Folder, origins: _Origins, depth: int, seen: tuple[_Folder, ...]
              ) -> Optional[Original]:
    spec = data.get("original")
    if spec is None:
        return None
    heading = spec.get("heading", "Original model card")
    inherit = spec.get("inherit_metadata", False)
    key = "records" if "records" in spec else "card"
    target = _resolve_file(base, spec[key], origins, ["original", key])
    is_dir = target.is_dir()  # a folder exists: one stat for both questions, _record_files' among them
    if not is_dir and not target.exists():
        file, where = origins.locate(["original", key])
        raise InputError([Problem(file, where, f"no such file: {spec[key]!r}", "check the path",
                                  code="no-such-file")])
    if key == "records":
        if depth >= MAX_ORIGINAL_DEPTH or any(target == own.resolved() for own in seen):
            file, where = origins.locate(["original", "records"])
            raise RecordsError([Problem(file, where, "original records nest too deep or refer back to themselves",
                                        "point at the original model's own record set", code="too-deep")])
        return Original(heading=heading, records=_load(target, depth + 1, seen, target, is_dir),
                        inherit_metadata=inherit)
    try:
        text = read_text(target, _display(target))
    except InputError as exc:
        file, where = origins.locate(["original", "card"])
        raise InputError([Problem(file, where, f"{p.file}: {p.message}", p.fix, code=p.code)
                          for p in exc.problems]) from None
    metadata, body = split_card(text, _display(target))
    if inherit and metadata is None:
        file, where = origins.locate(["original", "inherit_metadata"])
        raise RecordsError([Problem(file, where, "the original card has no metadata to inherit",
                                    "set inherit_metadata: false", code="no-frontmatter")])
    return Original(heading=heading, card_body=body, inherit_metadata=inherit, card_metadata=metadata)


def _path_parts(path: str) -> list:
    """``language[1].x`` as ``["language", 1, "x"]``."""
    return [int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)]


def _within(path: str, other: str) -> bool:
    """Whether JSON path ``path`` is ``other`` or inside it."""
    return path == other or path.startswith((other + ".", other + "["))


def _metadata_problems(data: dict, locate: Locate, found: list[Problem]) -> list[Problem]:
    """The Hub's rules on the metadata the model mapping declares, as errors at their record paths; a place
    the schema already found wrong (``found``) is not reported twice. Warnings are left to the card check."""
    model = data.get("model")
    if not isinstance(model, dict):
        return []
    own = {key: model[key] for key in FRONTMATTER_KEYS if key in model}
    extra = model.get("metadata")
    meta = dict(own)
    if isinstance(extra, dict):  # keys the generator writes itself are the builder's to report
        meta.update((k, v) for k, v in extra.items() if k not in GENERATED_KEYS and k != "model_name")
    taken = [(p.file, p.path) for p in found]
    out = []
    for problem in check_metadata(meta, authoring=True):
        parts = _path_parts(problem.path)
        if problem.severity != "error" or not parts:
            continue
        file, path = locate(["model"] + ([] if parts[0] in own else ["metadata"]) + parts)
        if any(file == f and (_within(path, p) or _within(p, path)) for f, p in taken):
            continue
        out.append(Problem(file, path, problem.message, problem.fix, code=problem.code))
    return out


def _collect(problems: list[Problem], errors: list[type], step: Callable[[], T], default: T) -> T:
    """``step()``, or ``default`` with its problems noted when it fails: one run reports every step's."""
    try:
        return step()
    except GeneratorError as exc:
        problems.extend(exc.problems)
        errors.append(type(exc))
        return default


def _resolve(data: dict, origins: _Origins, source: str, base: _Folder, depth: int, seen: tuple[_Folder, ...]
             ) -> Records:
    """Validate and build the records, reporting every problem of every step at once: the schema, the Hub's
    rules and placeholders; then, once the schema holds, citations, section files, the original and the
    cross-checks (which read what the schema guarantees)."""
    locate = origins.locate
    problems = validate("records", data, locate)
    schema_valid = not problems
    if origins.placeholders:  # no file's text can hold one: the walk of the data is spared
        problems += placeholder_problems(data, locate, problems)
    problems += _metadata_problems(data, locate, problems)
    if not schema_valid:
        raise RecordsError(_by_file(problems))
    errors: list[type] = [RecordsError] if problems else []
    none: tuple[Citation, ...] = ()
    citations = _collect(problems, errors, lambda: parse_citations(data.get("citations", []), locate), none)
    sections = _collect(problems, errors, lambda: _sections(data, base, origins), None)
    original = _collect(problems, errors, lambda: _original(data, base, origins, depth, seen), None)
    if not problems:
        return build_records(data, source, locate, citations=citations, sections=sections or (), original=original)
    # the cross-checks, with what the failed steps could not give (unread sections' text goes unchecked)
    _collect(problems, errors, lambda: build_records(data, source, locate, citations=citations,
                                                     sections=sections or (), original=original), None)
    kinds = set(errors)  # one step failing raises its own kind (CitationError, InputError...)
    kind = kinds.pop() if len(kinds) == 1 else InputError if all(issubclass(e, InputError) for e in kinds) \
        else RecordsError
    raise kind(_by_file(problems))


def _by_file(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by the file they are in (files in name order, as they are merged), in order within it."""
    return sorted(problems, key=lambda p: p.file)


def _load(path: Path, depth: int = 0, seen: tuple[_Folder, ...] = (), resolved: Optional[Path] = None,
          is_dir: Optional[bool] = None) -> Records:
    """``seen``: the record sets whose original this one is (an original naming one of them loops); ``is_dir``: see
    _record_files."""
    files, resolved, is_dir = _record_files(path, resolved, is_dir)
    data, origins = merge_record_files(files)
    own = _Folder(path, resolved)  # resolved only if an original is compared with it (a realpath: a stat a part)
    base = own if is_dir else _Folder(path.parent)
    return _resolve(data, origins, _display(path), base, depth, seen + (own,))


def records_from_data(data: dict, name: str = "records", base_dir: Union[str, os.PathLike] = ".") -> Records:
    """Validate and resolve record data already in memory (e.g. merged from ingested sources).

    ``name`` is used in error messages; relative paths in the data resolve against ``base_dir``.
    """
    from generator.io.data import check_plain_data

    keeping_missing_cells(lambda strict: check_plain_data(data, name, finite=strict), _METADATA)
    if not isinstance(data, dict):
        raise InputError([Problem(name, "$", "records must be a mapping", "start with model: {repo_id: ...}",
                                  code="not-a-mapping")])
    origins = _Origins()
    for key, value in data.items():
        origins.keys[key] = name
        if isinstance(value, list):
            origins.items[key] = [(name, i) for i in range(len(value))]
    return _resolve(data, origins, name, _Folder(Path(base_dir)), 0, ())


@gc_paused()
def load_records(path: Union[str, os.PathLike]) -> Records:
    """Load, validate and resolve the record set at ``path`` (a file or a folder).

    Raises InputError / RecordsError listing every problem found.
    """
    return _load(path if isinstance(path, Path) else Path(path))  # Path(a Path) parses its parts again
