"""Reading YAML and JSON strictly, and writing files atomically.

Strict means: UTF-8 only (a BOM is dropped), no duplicate keys, no NaN or
infinities, no YAML tags beyond the plain JSON-like types, dates kept as the
strings they were written as, and bounded size so hostile input cannot hang us.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

try:  # libyaml is several times faster; fall back to pure Python where absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_NODES = 5_000_000
MAX_DEPTH = 64


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate keys and keeps timestamps as strings."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"mapping key {key!r} is not a string (quote it)", mark
            )
        if key in result:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (each key may appear once)", mark
            )
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)
# YAML 1.1 reads 5e-07 or 1e3 (no dot, or no exponent sign) as strings; read them as the
# numbers everyone means, as YAML 1.2 and JSON do.
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"), list("-+0123456789")
)


def read_text(path: Path, label: str | None = None) -> str:
    """Read a UTF-8 text file, with one clear error for every way that can fail."""
    name = label or str(path)
    try:
        if path.is_dir():
            raise InputError([Problem(name, "", "is a directory, expected a file", "pass a file path")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError([Problem(name, "", f"is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                                      "split it or remove bulk data")])
        data = path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError([Problem(name, "", "no such file", "check the path")]) from None
    except PermissionError:
        raise InputError([Problem(name, "", "permission denied", "make the file readable")]) from None
    except OSError as exc:
        raise InputError([Problem(name, "", f"cannot be read: {exc.strerror or exc}", "check the path")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, f"line {line}", f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                                  "save the file as UTF-8")]) from None
    if "\x00" in text:
        raise InputError([Problem(name, "", "contains NUL bytes; not a text file", "pass a YAML or JSON file")])
    return text


def parse_yaml(text: str, name: str) -> Any:
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or str(exc)
        fix = "fix the YAML syntax"
        if "\\t" in problem or "\t" in text and "tab" in problem.lower():
            fix = "indent with spaces, not tabs"
        elif "constructor" in problem and "tag" in problem:
            problem = problem.replace("could not determine a constructor for the tag", "unsupported YAML tag")
            fix = "remove the tag: records are plain YAML (strings, numbers, lists, mappings)"
        elif "duplicate key" in problem:
            fix = "remove or rename one of them"
        raise InputError([Problem(name, where, problem, fix)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, "", f"invalid YAML: {exc}", "fix the YAML syntax")]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "nesting is too deep", f"keep nesting under {MAX_DEPTH} levels")]) from None
    check_plain_data(data, name)
    return data


def _reject_constant(token: str) -> float:
    raise ValueError(f"{token} is not a number JSON allows")


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} (each key may appear once)")
        result[key] = value
    return result


def parse_json(text: str, name: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(name, f"line {exc.lineno}, column {exc.colno}", exc.msg,
                                  "fix the JSON syntax")]) from None
    except ValueError as exc:
        raise InputError([Problem(name, "", str(exc), "remove the duplicate / write a finite number")]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "nesting is too deep", f"keep nesting under {MAX_DEPTH} levels")]) from None
    check_plain_data(data, name)
    return data


def load_data_file(path: Path, label: str | None = None) -> Any:
    """Load one YAML or JSON file (by extension; YAML otherwise) strictly."""
    name = label or str(path)
    text = read_text(path, name)
    if path.suffix.lower() == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)


def json_path(parts: "list[str | int] | tuple[str | int, ...]") -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += "[" + json.dumps(part) + "]"
    return out


def check_plain_data(data: Any, name: str) -> None:
    """Reject NaN/infinity, over-deep nesting and alias bombs, with the JSON path of the culprit.

    Shared nodes (YAML aliases) are expanded in the count, because every later
    stage walks the expanded tree; the memo keeps this walk linear.
    """
    problems: list[Problem] = []
    sizes: dict[int, int] = {}

    def walk(node: Any, path: list, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise InputError([Problem(name, json_path(path), f"nesting is deeper than {MAX_DEPTH} levels",
                                      "flatten the structure")])
        if isinstance(node, float):
            if math.isnan(node) or math.isinf(node):
                problems.append(Problem(name, json_path(path), f"{node!r} is not a finite number",
                                        "write a real number, or leave the field out"))
            return 1
        if isinstance(node, (dict, list)):
            key = id(node)
            if key in sizes:
                return sizes[key]
            items = node.items() if isinstance(node, dict) else enumerate(node)
            total = 1
            for k, v in items:
                total += walk(v, path + [k], depth + 1)
                if total > MAX_NODES:
                    raise InputError([Problem(name, json_path(path), f"expands to more than {MAX_NODES} values "
                                              "(YAML aliases or too much data)", "remove the aliases or split the file")])
            sizes[key] = total
            return total
        return 1

    walk(data, [], 0)
    if problems:
        raise InputError(problems)


def atomic_write(path: Path, text: str) -> None:
    """Write text so that the file appears whole or not at all."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
