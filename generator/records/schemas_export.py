"""The JSON Schemas as files to hand to other tools: as shipped, or bundled into one.

A bundled schema is self-contained: the kinds it refers to sit under its ``$defs``
and every ``$ref`` is a plain JSON pointer into the document (``#/$defs/model``), the
form every validator and editor resolves (VS Code's YAML extension through a
``# yaml-language-server: $schema=records.schema.json`` line, for one).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from generator.errors import Problem, UsageError
from generator.records.schema import BASE_URI, KINDS, schema

SUFFIX = ".schema.json"


def check_kind(kind: str) -> str:
    """``kind`` itself, or a UsageError listing the kinds there are."""
    if kind not in KINDS:
        raise UsageError([Problem("modelcard schema", "KIND", f"unknown schema kind {kind!r}",
                                  "use one of: " + ", ".join(KINDS), code="unknown-schema-kind")])
    return kind


def _split_ref(ref: str, current: str) -> tuple[str, str]:
    """(kind, fragment) a ``$ref`` written in the schema of ``current`` points at."""
    target, _, fragment = ref.partition("#")
    if target.startswith(BASE_URI):
        target = target[len(BASE_URI):]
    if not target:
        return current, fragment
    if not target.endswith(SUFFIX) or target[: -len(SUFFIX)] not in KINDS:
        raise ValueError(f"{current}.schema.json refers to {ref!r}, outside the shipped schemas")
    return target[: -len(SUFFIX)], fragment


def _refs(node: Any, current: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.append(_split_ref(ref, current))
        for value in node.values():
            found.extend(_refs(value, current))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value, current))
    return found


def referenced_kinds(kind: str) -> list[str]:
    """The other kinds the schema of ``kind`` needs, directly or not, in KINDS order."""
    seen = {check_kind(kind)}
    todo = [kind]
    while todo:
        current = todo.pop()
        for target, _ in _refs(schema(current), current):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return [k for k in KINDS if k in seen and k != kind]


def _rewrite(node: Any, current: str, root: str) -> Any:
    """A copy of ``node`` whose ``$ref`` s are JSON pointers into the bundle rooted at ``root``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                target, fragment = _split_ref(value, current)
                out[key] = "#" + ("" if target == root else f"/$defs/{target}") + fragment
            else:
                out[key] = _rewrite(value, current, root)
        return out
    if isinstance(node, list):
        return [_rewrite(value, current, root) for value in node]
    return copy.deepcopy(node)


def bundled_schema(kind: str = "records") -> dict:
    """The schema of ``kind`` with every schema it refers to inlined under ``$defs``."""
    check_kind(kind)
    bundle = _rewrite(schema(kind), kind, kind)
    others = referenced_kinds(kind)
    if not others:
        return bundle
    defs = dict(bundle.get("$defs", {}))
    for other in others:
        if other in defs:  # pragma: no cover - guards a future schema edit
            raise ValueError(f"{kind}.schema.json already has $defs/{other}; cannot bundle {other}.schema.json there")
        inlined = _rewrite(schema(other), other, kind)
        inlined.pop("$schema", None)
        inlined.pop("$id", None)  # an embedded $id would change the base of its pointers
        defs[other] = inlined
    bundle["$defs"] = defs
    return bundle


def resolve_ref(root: dict, node: Any) -> Any:
    """Follow ``$ref`` pointers (``#/...``, as :func:`bundled_schema` writes them) from ``node`` in ``root``."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = root
        for part in node["$ref"].lstrip("#/").split("/"):
            if part:
                target = target[part]
        node = target
    return node


def schema_text(kind: str = "records", bundle: bool = False) -> str:
    """The JSON text of one schema (as shipped in schemas/, or bundled), ending in a newline."""
    data = bundled_schema(kind) if bundle else schema(check_kind(kind))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def list_kinds() -> str:
    """One line per kind: its name and the first sentence of its description."""
    width = max(map(len, KINDS))
    lines = []
    for kind in KINDS:
        description = schema(kind).get("description", "")
        first = description.split(". ")[0].rstrip(".")
        lines.append(f"{kind.ljust(width)}  {first}.")
    return "\n".join(lines) + "\n"
