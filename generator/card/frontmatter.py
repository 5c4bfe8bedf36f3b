"""The card's YAML frontmatter: built as data, written as text.

Key order is fixed (see FRONTMATTER_KEYS); keys from ``model.metadata`` follow in their
record order, and ``model-index`` comes last. Inside model-index, keys follow the
order huggingface_hub itself writes, so a round trip through it changes nothing.

The text is written directly (:func:`emit`) when every key and value is in a plain, safe
subset whose YAML this module can prove byte for byte the same as PyYAML's; anything else
(multi-line strings, other characters, unusual types) goes through ``yamlio.dump``.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.card.managed import as_listed
from generator.card.model_index import model_index
from generator.errors import InputError
from generator.io.data import CharSet
from generator.io.fastyaml import not_plain
from generator.io.yamlio import dump, parse_yaml, writer_keeps_string
from generator.markdown.frontmatter import FRONTMATTER
from generator.records.model import FRONTMATTER_KEYS, Records


def _listify(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def own_metadata(records: Records) -> dict[str, Any]:
    """The metadata these records declare themselves, in FRONTMATTER_KEYS (no model-index)."""
    m = records.model
    values = {
        "language": _listify(m.language), "license": _listify(m.license), "license_name": m.license_name,
        "license_link": m.license_link, "library_name": m.library_name, "pipeline_tag": m.pipeline_tag,
        "base_model": _listify(m.base_model), "base_model_relation": m.base_model_relation,
        "datasets": list(m.datasets) or None, "tags": list(m.tags) or None,
    }
    out = {k: v for k, v in values.items() if v is not None}
    for key, value in m.metadata:
        out[key] = value
    return out


def _merge_inherited(inherited: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A derivative's metadata over its original's: lists gain items, scalars are replaced."""
    out = {k: v for k, v in inherited.items() if k != "model-index"}
    for key, value in own.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = value
    ordered = {k: out[k] for k in FRONTMATTER_KEYS if k in out}
    ordered.update((k, v) for k, v in out.items() if k not in ordered)
    return ordered


def metadata(records: Records) -> dict[str, Any]:
    """The full frontmatter mapping of the card."""
    own = own_metadata(records)
    index: Optional[list] = None
    original = records.original
    if original is not None and original.inherit_metadata:
        inherited = metadata(original.records) if original.records is not None else dict(original.card_metadata or {})
        own = _merge_inherited(inherited, own)
        if not records.indexed_evaluations and inherited.get("model-index"):
            index = inherited["model-index"]
    if index is None and (records.indexed_evaluations or records.model.model_index_name is not None):
        # an imported card that had no model-index is not given an empty one (the Hub shows nothing for it)
        index = model_index(records)
    if index is not None and index != [{"name": "", "results": []}]:
        own["model-index"] = index
        if own.get("model_name") == index[0].get("name"):
            del own["model_name"]  # the model-index names the model now, as huggingface_hub writes it
    return own


def frontmatter_block(data: dict[str, Any], written: Optional[dict[str, str]] = None) -> str:
    """The ``---`` block of a card holding ``data``; ``written``: keys of ``data`` to write as these texts (a person's
    keys as they wrote them, markdown.frontmatter.key_texts), when the block then still reads as ``data``."""
    if written:
        kept = _keeping_texts(data, written)
        if kept is not None:
            return kept
    text = emit(data)
    return f"---\n{text if text is not None else dump(data)}---\n"  # one copy of a text of up to megabytes


def _keeping_texts(data: dict[str, Any], written: dict[str, str]) -> Optional[str]:
    """``data``'s block with the keys of ``written`` as written there (their comments, quoting and layout), the others
    as the generator writes them; None when that block does not read back as ``data`` (an alias to another key's
    anchor, a key spelt twice, a value the reader changes): then every key is written anew."""
    parts, plain = [], []  # the block with the person's texts, and as the generator writes every key
    for key, value in data.items():
        mine = key_text(key, value)
        text = written.get(key, mine)
        parts.append(text if text.endswith("\n") else text + "\n")
        plain.append(mine)
    block = "".join(parts)
    try:
        again = parse_yaml(block, "frontmatter", finite=False)
        # what the generator's own block reads as, not ``data`` itself: a model-index score kept as the Decimal 5.60
        # reads back as the float 5.6, so no block equalled ``data`` and every person's comment was dropped
        # (a person's string of a list key of ours, `datasets: org/x`, reads as that list: managed.as_listed)
        if {k: as_listed(k, v) for k, v in again.items()} != parse_yaml("".join(plain), "frontmatter", finite=False) \
                or list(again) != list(data):
            return None
    except InputError:
        return None
    return f"---\n{block}---\n"


def key_text(key: str, value: Any) -> str:
    """``key: value`` as the generator writes it in a frontmatter block."""
    mine = emit({key: value})
    return mine if mine is not None else dump({key: value})


def reads_as(key: str, value: Any) -> Any:
    """``value`` as the generator's text of ``key: value`` reads back: a model-index score kept as the Decimal 20.390
    (the zeros its card wrote) reads as the float 20.39, which a person's copy of the key holds."""
    return parse_yaml(key_text(key, value), "frontmatter", finite=False)[key]


def frontmatter_comments(text: str) -> list[str]:
    """The comments of the README ``text``'s frontmatter, in order, each from its ``#`` to the end of its line, as
    YAML reads them (io/libyaml.comments): none of a ``#`` inside a quoted value, even over several lines, or inside
    a block scalar's text."""
    match = FRONTMATTER.match(text.lstrip("\ufeff"))
    if not match or "#" not in match.group(2):
        return []
    from generator.io import libyaml  # PyYAML: only a publish with comments on the Hub needs it

    return libyaml.comments(match.group(2))


def with_comments(key: str, value: Any, text: str) -> Optional[str]:
    """``key: value`` as the generator writes it, with the comments of ``text`` (the key as a person's copy has it,
    holding another value: markdown.frontmatter.key_texts) kept next to it: the lines above the key, a comment after
    the key on its line, comment lines between the key and its value under the new key line (after the value when
    that reads otherwise), the others and the blank lines after the value after it. Comments YAML would read as
    part of the value (indented ones, inside a block scalar) are not kept. None when ``text`` holds no comment and
    no blank line to keep, or no placement of them reads back as ``value``."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return None
    lines[-1] = lines[-1] if lines[-1].endswith("\n") else lines[-1] + "\n"
    at = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None)
    if at is None:
        return None
    head, first, rest = lines[:at], lines[at], lines[at + 1:]
    values = [i for i, line in enumerate(rest) if line.strip() and not line.lstrip().startswith("#")]
    under, after = [], rest
    if values:
        under = [line for line in rest[:values[0]] if line.startswith("#")]
        after = [line for line in rest[values[0]:values[-1]] if line.startswith("#")] + rest[values[-1] + 1:]
    inline = _line_comment(first)[1]
    new = key_text(key, value).splitlines(keepends=True)
    carried = _carried([line for line in rest[values[0]:values[-1] + 1] if not line.startswith("#")] if values else [],
                       new[1:])
    if not (head or under or after or inline or carried != new[1:]):
        return None
    want = parse_yaml("".join(new), "frontmatter", finite=False)
    places = [(inline, under, after), ("", [], under + after)] if inline or under else [("", [], after)]
    tries = [(c, b, t, carried) for c, b, t in places] + ([(c, b, t, new[1:]) for c, b, t in places]
                                                          if carried != new[1:] else [])
    for comment, below, tail, lines_after in tries:
        top = new[0][:-1] + comment + "\n" if comment else new[0]
        body = [top, *below, *lines_after] if len(new) > 1 else [top, *below]
        candidate = "".join(head + body + tail)
        try:
            if parse_yaml(candidate, "frontmatter", finite=False) == want:
                return candidate
        except InputError:
            continue
    return None


def _carried(old: list[str], new: list[str]) -> list[str]:
    """``new`` (the lines of a value under its key, as the generator writes it) with the comments of ``old`` (the
    person's lines of the value) carried over: the comment that ends a line after the line of ``new`` saying the same
    (the XLS-R event's `- type: wer    # Required. Example: wer` inside model-index), whole-line comments above the
    line of ``new`` saying what the line after them says (`  # IFEval` above a result), indented as it is. Lines are
    matched in order, then a line the generator writes elsewhere (a dataset's `name` before its `type`, a metric's
    `name` no longer first of its item) to the first line left of ``new`` saying the same. ``new`` itself when no
    comment is carried. The caller reads the result back: a `#` taken for a comment that is not one changes the
    value, and is not kept."""
    items: list[tuple[str, str, list[str]]] = []  # each line of old: its text, the comment it ends with, those above
    above: list[str] = []
    for line in old:
        if line.lstrip().startswith("#"):
            above.append(line.strip())
            continue
        bare, comment = _line_comment(line)
        items.append((bare.strip(), comment, above))
        above = []
    if not any(comment or over for _, comment, over in items):
        return new
    import difflib  # here: render and validate do not need it (test_api)

    texts = [line.strip() for line in new]
    at: dict[int, int] = {}  # a line of old -> the line of new saying the same
    matcher = difflib.SequenceMatcher(None, [text for text, _, _ in items], texts, autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        at.update((i + k, j + k) for k in range(n))
    taken = set(at.values())
    for i, (text, comment, over) in enumerate(items):
        if i not in at and (comment or over):
            free = next((j for j, line in enumerate(texts) if j not in taken and _item(line) == _item(text)), None)
            if free is not None:
                at[i] = free
                taken.add(free)
    out = [[line] for line in new]
    for i, j in at.items():
        _, comment, over = items[i]
        if comment:
            out[j][-1] = new[j].rstrip("\n") + comment + "\n"
        if over:
            indent = new[j][:len(new[j]) - len(new[j].lstrip(" "))]
            out[j][:0] = [indent + line + "\n" for line in over]
    return [line for lines in out for line in lines]


def _item(text: str) -> str:
    """A stripped line of YAML without the ``- `` that makes it the first of a sequence item."""
    return text[2:] if text.startswith("- ") else text


def _line_comment(line: str) -> tuple[str, str]:
    """A line of YAML without the comment it ends with, and that comment with the spaces before it ("" for none): the
    first ``#`` after a space where the line reads the same without what follows (a ``#`` inside a quoted or plain
    value is no comment). A line that does not read alone (inside a quoted value over several lines) ends with none."""
    bare = line.rstrip("\n")
    if "#" not in bare:
        return bare, ""
    text = bare.lstrip(" ")
    try:
        whole = parse_yaml(text + "\n", "frontmatter", finite=False)
    except InputError:
        return bare, ""
    cut = len(bare) - len(text)
    for match in re.finditer(r"[ \t]+#", text):
        try:
            if match.start() and parse_yaml(text[:match.start()] + "\n", "frontmatter", finite=False) == whole:
                return bare[:cut + match.start()], text[match.start():]
        except InputError:
            continue
    return bare, ""


# ---------------------------------------------------------------------------- the text writer

# The subset written directly: one line of printable ASCII, or letters and digits of the Basic
# Multilingual Plane below the surrogates (libyaml, under PyYAML, escapes what lies above).
# Outside it, or for anything but str, int, float, bool, None, dict and list, emit() gives up.
_SAFE = CharSet(r"\x20-\x7e", (("\u00c0", "\ud7ff"),))
_SIMPLE_KEY_BYTES = 128  # libyaml writes a longer key as a complex key (`? key`)
# A word of letters first, then a digit or one of _./- and more of those (bench_task_7, org/name-1.5): no
# YAML 1.1 or 1.2 resolver reads it as anything but a string (they start with a digit, a sign, a dot or
# are words of letters alone), and nothing in it is an indicator: always written plain.
_PLAIN_WORD = re.compile(r"[A-Za-z]+[0-9_./-][A-Za-z0-9_./-]*")


class _Unsupported(Exception):
    """Raised inside emit() for a value outside the subset it writes."""


def _string(text: str, memo: dict[str, str]) -> str:
    out = memo.get(text)
    if out is None:
        if _PLAIN_WORD.fullmatch(text):
            memo[text] = text
            return text
        if not _SAFE.fullmatch(text) or not text.isascii() and not all(c.isalnum() for c in text if c > "\x7e"):
            raise _Unsupported
        if writer_keeps_string(text) and not not_plain(text):  # may be written plain in block context
            out = text
        else:
            out = "'" + text.replace("'", "''") + "'"
        memo[text] = out
    return out


def _float(value: float) -> str:
    """PyYAML's SafeRepresenter.represent_float for a finite float (its repr is lower case already)."""
    text = repr(value)
    if "n" in text:  # nan, inf, -inf
        raise _Unsupported
    if "e" in text and "." not in text:
        text = text.replace("e", ".0e", 1)
    return text


def _scalar(value: Any, memo: dict[str, str]) -> str:
    kind = type(value)
    if kind is str:
        return memo.get(value) or _string(value, memo)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if value is None:
        return "null"
    raise _Unsupported


class _Writer:
    """One emit() call: the output lines and the memos of the strings and keys written so far."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.strings: dict[str, str] = {}
        self.keys: dict[str, str] = {}

    def key(self, key: Any) -> str:
        if type(key) is not str:
            raise _Unsupported
        text = _string(key, self.strings)
        if len(text.encode("utf-8")) > _SIMPLE_KEY_BYTES - 8:
            raise _Unsupported
        self.keys[key] = text
        return text

    def mapping(self, data: dict, indent: str, first: str) -> None:
        out, keys, strings = self.out, self.keys, self.strings
        prefix = first
        for key, value in data.items():
            k = keys.get(key) or self.key(key)
            kind = type(value)
            if kind is str:
                out.append(f"{prefix}{k}: {strings.get(value) or _string(value, strings)}\n")
            elif kind is float:
                out.append(f"{prefix}{k}: {_float(value)}\n")
            elif kind is int:
                out.append(f"{prefix}{k}: {value}\n")
            elif kind is dict:
                if value:
                    out.append(f"{prefix}{k}:\n")
                    self.mapping(value, indent + "  ", indent + "  ")
                else:
                    out.append(f"{prefix}{k}: {{}}\n")
            elif kind is list:
                if value:
                    out.append(f"{prefix}{k}:\n")
                    self.sequence(value, indent, indent)  # PyYAML indents no sequence inside a mapping
                else:
                    out.append(f"{prefix}{k}: []\n")
            else:
                out.append(f"{prefix}{k}: {_scalar(value, strings)}\n")
            prefix = indent

    def sequence(self, items: list, indent: str, first: str) -> None:
        out = self.out
        prefix = first
        for value in items:
            kind = type(value)
            if kind is dict and value:
                self.mapping(value, indent + "  ", prefix + "- ")
            elif kind is list and value:
                self.sequence(value, indent + "  ", prefix + "- ")
            elif kind is dict:
                out.append(prefix + "- {}\n")
            elif kind is list:
                out.append(prefix + "- []\n")
            else:
                out.append(f"{prefix}- {_scalar(value, self.strings)}\n")
            prefix = indent


def emit(data: dict[str, Any]) -> Optional[str]:
    """The YAML ``yamlio.dump(data)`` writes, byte for byte, when every key and value of ``data``
    is in the subset written directly; None otherwise."""
    if type(data) is not dict or not data:
        return None
    writer = _Writer()
    try:
        writer.mapping(data, "", "")
    except (_Unsupported, RecursionError):
        return None
    return "".join(writer.out)
