"""The placeholders `modelcard init` writes for a person to replace, and finding them left in records.

``init`` marks the values a card needs with ``# change me`` and shows optional fields with
example values; the ones that stand for something only the author knows (a Hub id, a
license, a name) are placeholders. Every Hub id and link among them sits in the
``your-org`` namespace, so one left anywhere in the records, free text included, is found;
the few others are matched whole. A card rendered from them would name a model, dataset
or license that is not there, so they are errors, not warnings.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from generator.errors import Problem

PLACEHOLDER_NAMESPACE = "your-org"
PLACEHOLDER_REPO_ID = f"{PLACEHOLDER_NAMESPACE}/your-model"
PLACEHOLDER_LICENSE = "your-license"
# Whole values that are placeholders; any value containing `your-org/` is one too.
PLACEHOLDER_VALUES = frozenset({PLACEHOLDER_LICENSE, "Your Model", "Your Organization"})

Locate = Callable[[list], "tuple[str, str]"]


_IN_NAMESPACE = f"{PLACEHOLDER_NAMESPACE}/"


def is_placeholder(value: Any) -> bool:
    """Whether ``value`` is (or, as text, holds) a placeholder `modelcard init` writes."""
    return isinstance(value, str) and (value in PLACEHOLDER_VALUES or _IN_NAMESPACE in value)


def _any(data: Any) -> bool:
    """Whether ``data`` holds a placeholder anywhere: the quick look every load takes; paths are worked out only
    when it finds one. The walk only gathers the strings (containers visited once, leaves never pushed); the
    look at them is two C-level passes: the whole values against a set, and the namespace in their join (a line
    break between two strings cannot be part of ``your-org/``)."""
    strings: list[str] = []
    containers = [data] if type(data) is dict or type(data) is list else []
    for item in containers:  # grows as the walk finds more
        for value in (item.values() if type(item) is dict else item):
            kind = type(value)
            if kind is str:
                strings.append(value)
            elif kind is dict or kind is list:
                containers.append(value)
    if type(data) is str:
        strings.append(data)
    return not PLACEHOLDER_VALUES.isdisjoint(strings) or _IN_NAMESPACE in "\n".join(strings)


# What a YAML or JSON text whose data holds a placeholder shows: its strings are its own characters but for escapes
# and line folds (a line break and indentation read as one space), so `your-org/` and `your-license` stand in it as
# they are, and the whole values with spaces (`Your Model`) with white space between their words. Or else it holds an
# escape that may write one of their characters: YAML's \x, \u and \U with their hex digits, \/, an escaped space or
# line break; JSON's \u and \/ (any other backslash, as in `\c{s}` or `\url{...}` in BibTeX, writes none of them: it
# is text, or an error). The spellings are looked for by their first four letters (Your, your), with str.find (far
# faster than a search by re), each place one stands matched against the spellings it starts; the escapes in one
# search by re, and only in a text with a backslash: one pass where a str.find an escape took eleven passes over a
# text of BibTeX or LaTeX.
_SPELLINGS: dict[str, tuple[re.Pattern[str], ...]] = {}
for _needle in sorted(PLACEHOLDER_VALUES | {_IN_NAMESPACE}):
    _SPELLINGS[_needle[:4]] = _SPELLINGS.get(_needle[:4], ()) + (re.compile(re.escape(_needle).replace("\\ ", r"\s+")),)
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[/ \n\r])")


def may_hold_placeholder(text: str) -> bool:
    """Whether the data read from ``text`` (YAML or JSON) may hold a placeholder: False only when it cannot (tests
    hold it to :func:`_any`), which spares the walk of the data."""
    for start, wholes in _SPELLINGS.items():
        at = text.find(start)
        while at >= 0:
            for whole in wholes:
                if whole.match(text, at) is not None:
                    return True
            at = text.find(start, at + 1)
    return "\\" in text and _ESCAPE.search(text) is not None


def _found(data: Any, parts: list, out: list[tuple[list, str]]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _found(value, parts + [key], out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _found(value, parts + [i], out)
    elif is_placeholder(data):
        out.append((parts, data))


def _field(parts: list) -> str:
    """What the field at ``parts`` holds: the first sentence of its schema description."""
    from generator.records.schemas_export import bundled_schema, resolve_ref

    root = bundled_schema("records")
    node: Any = root
    for part in parts:
        node = resolve_ref(root, node)
        options = [resolve_ref(root, o) for o in node.get("oneOf", node.get("anyOf", []))]
        node = next((o for o in options if ("items" if isinstance(part, int) else "properties") in o), node)
        if isinstance(part, int):
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"] if node["additionalProperties"].get("description") else node
        else:
            return ""
    description = resolve_ref(root, node).get("description", "")
    return description.split(". ")[0].rstrip(".")


def placeholder_problems(data: Any, locate: Locate, found: list[Problem]) -> list[Problem]:
    """An error (code ``placeholder``) for each placeholder left in ``data``, saying what to write
    instead; places where ``found`` already has a problem are skipped."""
    if not _any(data):
        return []
    hits: list[tuple[list, str]] = []
    _found(data, [], hits)
    taken = {(p.file, p.path) for p in found}
    out = []
    for parts, value in hits:
        file, path = locate(parts)
        if (file, path) in taken:
            continue
        text = json.dumps(value, ensure_ascii=False)
        text = text if len(text) <= 60 else text[:57] + "..."
        what = _field(parts)
        whole = value in PLACEHOLDER_VALUES or value.startswith(f"{PLACEHOLDER_NAMESPACE}/") and " " not in value
        out.append(Problem(file, path, f"{text} is {'a placeholder' if whole else 'text with a placeholder'} "
                           "`modelcard init` wrote",
                           f"write yours: {what}" if what else
                           f"replace {PLACEHOLDER_NAMESPACE}/... with your own", code="placeholder"))
    return out
