"""Recover the frontmatter of a model card damaged by scraping.

Scraped copies of Hub cards lose their YAML structure in three ways seen in the
wild (and in this project's seed cards): every line wrapped in ``|`` table pipes,
indentation stripped, or the whole card flattened onto one line. The keys of card
metadata and of model-index nest in a fixed way, so the structure can be rebuilt
from the key sequence alone. This runs only when a card's frontmatter does not
parse; the result is reported as a repair.
"""

from __future__ import annotations

import re
from typing import Any, Optional

import yaml

# Nesting of model-index: map name -> {key: child kind}; "scalar", "list:<map>", "map:<map>", "any" (free map)
GRAMMAR: dict[str, dict[str, str]] = {
    "entry": {"name": "scalar", "results": "list:result"},
    "result": {"task": "map:task", "dataset": "map:dataset", "metrics": "list:metric", "source": "map:source"},
    "task": {"type": "scalar", "name": "scalar"},
    "dataset": {"name": "scalar", "type": "scalar", "config": "scalar", "split": "scalar", "revision": "scalar",
                "args": "map:any"},
    "metric": {"type": "scalar", "value": "scalar", "name": "scalar", "config": "scalar", "args": "map:any",
               "verified": "scalar", "verifyToken": "scalar"},
    "source": {"url": "scalar", "name": "scalar"},
}
KEY = re.compile(r"^([A-Za-z_][\w.-]*):(?:\s+(.*))?$")
TOKEN_SPLIT = re.compile(r"(?<!-)\s+(?=[A-Za-z_][\w-]*:(?:\s|$))|\s+(?=-\s)")


def _unwrap_pipes(text: str) -> str:
    lines = text.splitlines()
    piped = sum(1 for line in lines if line.strip() == "|" or line.rstrip().endswith(" |"))
    if piped < len(lines) * 0.6:
        return text
    out = []
    for line in lines:
        if line.strip() == "|":
            continue
        out.append(re.sub(r"\s*\|\s*$", "", line))
    return "\n".join(out)


def _scalar(text: str) -> Any:
    text = text.strip()
    if text in ("", "~"):
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


class _Tokens:
    """(is_item, key or None, value text) per logical line."""

    def __init__(self, lines: list[str]):
        self.items: list[tuple[bool, Optional[str], str]] = []
        pending_fold = False
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if pending_fold and self.items:
                item, key, _ = self.items[-1]
                self.items[-1] = (item, key, line)
                pending_fold = False
                continue
            item = line.startswith("- ") or line == "-"
            rest = line[2:].strip() if item else line
            match = KEY.match(rest)
            if match:
                value = match.group(2) or ""
                if value in (">-", ">", "|", "|-"):
                    pending_fold, value = True, ""
                self.items.append((item, match.group(1), value))
            else:
                self.items.append((item, None, rest))
        self.pos = 0

    def peek(self) -> Optional[tuple[bool, Optional[str], str]]:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def next(self) -> tuple[bool, Optional[str], str]:
        self.pos += 1
        return self.items[self.pos - 1]


def _parse_map(tokens: _Tokens, kind: str, ancestors: list[set[str]], first: Optional[tuple] = None) -> dict:
    keys = GRAMMAR.get(kind)
    out: dict[str, Any] = {}
    pending = [first] if first else []
    while True:
        tok = pending.pop() if pending else tokens.peek()
        if tok is None:
            return out
        item, key, value = tok
        if key is None or key in out or (item and out):
            return out  # a scalar, a repeated key or a new list item ends this mapping
        if keys is not None and key not in keys:
            return out
        if keys is None and any(key in a for a in ancestors):
            return out  # a free map (args) ends at a key its parents know
        if tok is not first:
            tokens.next()
        first = None
        child = keys.get(key, "scalar") if keys is not None else "scalar"
        out[key] = _parse_value(tokens, child, value, ancestors + [set(keys or ())])


def _parse_value(tokens: _Tokens, child: str, value: str, ancestors: list[set[str]]) -> Any:
    if child == "scalar" or value:
        return _scalar(value)
    kind, _, name = child.partition(":")
    if kind == "map":
        return _parse_map(tokens, name, ancestors)
    items: list[Any] = []
    while True:
        tok = tokens.peek()
        if tok is None or not tok[0]:
            return items
        if tok[1] is not None and name in GRAMMAR and tok[1] not in GRAMMAR[name]:
            return items  # an item of an outer list
        tokens.next()
        if tok[1] is None:
            items.append(_scalar(tok[2]))
        else:
            items.append(_parse_map(tokens, name, ancestors, first=tok))


def _parse_root(tokens: _Tokens) -> dict[str, Any]:
    out: dict[str, Any] = {}
    while tokens.peek() is not None:
        item, key, value = tokens.next()
        if key is None or item:
            continue
        if key == "model-index":
            out[key] = _parse_value(tokens, "list:entry", value, [set()])
        elif value:
            out[key] = _scalar(value)
        else:
            values = []
            while (ahead := tokens.peek()) is not None and ahead[0] and ahead[1] is None:
                values.append(_scalar(tokens.next()[2]))
            out[key] = values if values else None
    return out


def _looks_like_yaml(line: str) -> bool:
    line = line.strip()
    return bool(KEY.match(line) or line.startswith("- ") or re.match(r"^https?://\S+$", line))


def repair_card(text: str) -> Optional[tuple[dict[str, Any], str]]:
    """(metadata, body) recovered from a scraped card, or None when nothing looks like metadata."""
    text = _unwrap_pipes(text.lstrip("\ufeff"))
    lines = text.splitlines()
    if len(lines) <= 2 and lines and lines[0].lstrip().startswith("---"):  # flattened onto one line
        flat = lines[0].strip()[3:]
        end = flat.find(" --- ")
        if end < 0:
            return None
        head, body = flat[:end], flat[end + 5:]
        meta = _parse_root(_Tokens(TOKEN_SPLIT.split(head.strip())))
        return (meta, body) if meta else None
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].strip() in ("---", "metadata")):
        start += 1
    end = start
    while end < len(lines) and _looks_like_yaml(lines[end]):
        end += 1
    if end == start:
        return None
    meta = _parse_root(_Tokens(lines[start:end]))
    rest = lines[end:]
    if rest and rest[0].strip() == "---":
        rest = rest[1:]
    return (meta, "\n".join(rest)) if meta else None
