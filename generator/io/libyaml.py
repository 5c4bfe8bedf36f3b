"""PyYAML (libyaml) under the strict reader and the writer of io/yamlio.py: the strict reader for text the fast
readers (io/fastyaml.py, io/fastrecords.py) decline, and the dumper for data the frontmatter's text writer does not
write itself. Imported on first need, so a render or a check of plain records and cards does not import PyYAML.
Both resolve tags by yamlio's tables (READ_RESOLVERS, PYYAML_RESOLVERS).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

import yaml

from generator.errors import InputError, Problem
from generator.io.data import MAX_DEPTH, FlowList, gc_paused, yaml_int
from generator.io.yamlio import PYYAML_RESOLVERS, READ_RESOLVERS, reads_as_non_string

_BaseLoader: Any
try:  # libyaml is several times faster; fall back to pure Python where absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader


class FastResolver:
    """Mixin for a loader or dumper: libyaml calls these back for every node (the dumper twice
    per scalar); PyYAML's versions also walk path resolvers, which we never use. Same tags,
    a third of the time per scalar."""

    yaml_implicit_resolvers: dict

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"


class _StrictLoader(FastResolver, _BaseLoader):
    """Safe loader that refuses duplicate keys and keeps timestamps as strings."""


def _quote_key(node: yaml.Node) -> str:
    """Valid YAML (a rules list keyed by 15:), but every file this tool reads is keyed by strings."""
    written = node.value if isinstance(node, yaml.ScalarNode) and node.value else None
    example = f" ('{written}': rather than {written}:)" if written and "'" not in written else ""
    return f"quote the key{example}; the files this tool reads are keyed by strings"


class _Refused(yaml.constructor.ConstructorError):
    """YAML the strict reader refuses, with the code of the problem it becomes (see generator/errors.py)."""

    def __init__(self, problem: str, mark: Any, code: str, fix: Optional[str] = None):
        super().__init__(None, None, problem, mark)
        self.code = code
        self.fix = fix


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            mark = key_node.start_mark
            raise _Refused(f"mapping key {key!r} is not a string", mark, code="non-string-key",
                           fix=_quote_key(key_node))
        if key in result:
            mark = key_node.start_mark
            raise _Refused(f"duplicate key {key!r} (each key may appear once)", mark, code="duplicate-key")
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    value = yaml_int(text)
    if value is None:
        digits = len(text.lstrip("+-"))
        raise _Refused(f"number with {digits} digits is too large", node.start_mark, code="too-large")
    return value


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_StrictLoader.yaml_implicit_resolvers = READ_RESOLVERS


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = {
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": lambda loader, node: node.value in ("true", "True", "TRUE"),
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
}


def _js_key(key: Any) -> Optional[str]:
    """The text js-yaml (the Hub's reader) makes of a scalar mapping key that is no string (a JavaScript object's keys
    are strings: ``0`` is "0", ``true`` "true", ``1.0`` "1"), or None for a key of another kind (a list)."""
    if key is None or isinstance(key, bool):
        return "null" if key is None else "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        if key != key or key in (float("inf"), float("-inf")):
            return "NaN" if key != key else "Infinity" if key > 0 else "-Infinity"
        return str(int(key)) if key.is_integer() and abs(key) < 1e21 else repr(key)
    return None


def _construct(loader: Any, root: yaml.Node, duplicates: Optional[list] = None,
               text_keys: Optional[list] = None) -> Any:
    """Build plain data from the composed node graph: what PyYAML's constructor does for the
    JSON-like tags, without its generic machinery (several times faster on records). Shared
    nodes (aliases) stay shared, so the alias-bomb check in check_plain_data stays linear.
    ``duplicates``: a list to note each repeated key in, as (key, line), the last value winning
    (PyYAML's own behaviour), instead of refusing it. ``text_keys``: a list to note each scalar key that is no string
    in, as (key, its text, line), the key read as the text js-yaml makes of it (_js_key), instead of refusing it."""
    memo: dict[int, Any] = {}

    def build(node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR:  # most nodes; a string needs no memo (an alias to it gives an equal string)
            return node.value
        key = id(node)
        if key in memo:
            return memo[key]
        if tag == _MAP:
            if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
                value = memo[key] = loader.construct_object(node, deep=True)  # rare: `<<` merge keys
                return value
            result: dict = {}
            memo[key] = result
            for key_node, value_node in node.value:
                k = key_node.value if key_node.tag == _STR else build(key_node)
                shown = _js_key(k) if text_keys is not None and not isinstance(k, str) else None
                if shown is not None:
                    text_keys.append((k, shown, key_node.start_mark.line + 1))  # type: ignore[union-attr]
                    k = shown
                if not isinstance(k, str):
                    raise _Refused(f"mapping key {k!r} is not a string", key_node.start_mark, fix=_quote_key(key_node),
                                   code="non-string-key")
                if k in result and duplicates is not None:
                    duplicates.append((k, key_node.start_mark.line + 1))
                elif k in result:
                    raise _Refused(f"duplicate key {k!r} (each key may appear once)", key_node.start_mark,
                                   code="duplicate-key")
                result[k] = build(value_node)
            return result
        if tag == _SEQ:
            items: list = []
            memo[key] = items
            items.extend([build(item) for item in node.value])
            return items
        make = _SCALARS.get(tag) if isinstance(node, yaml.ScalarNode) else None
        if make is None:
            raise _Refused(f"could not determine a constructor for the tag {tag!r}", node.start_mark,
                           code="unsupported-yaml-tag")
        return make(loader, node)

    return build(root)


def _load_strict(text: str, duplicates: Optional[list] = None, text_keys: Optional[list] = None) -> Any:
    loader = _StrictLoader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
            return None if node is None else _construct(loader, node, duplicates, text_keys)
    finally:
        loader.dispose()


# A line of nothing but spaces and tabs, holding a tab: YAML 1.2 reads it as an empty line (an l-comment: white
# space, then the break), as js-yaml (the Hub's reader) does; libyaml refuses the tab as indentation.
_BLANK_WITH_TAB = re.compile(r"^[ \t]*\t[ \t]*(?=\r?$)", re.MULTILINE)


def _load_blanked(text: str, duplicates: Optional[list], text_keys: Optional[list] = None) -> Any:
    """The strict reader's data of ``text``; a text libyaml refuses for its lines of white space holding a tab is
    read again with those lines empty (same line count, so an error's line is the same), as js-yaml reads it."""
    try:
        return _load_strict(text, duplicates, text_keys)
    except yaml.MarkedYAMLError:
        if "\t" not in text or not _BLANK_WITH_TAB.search(text):
            raise
    if text_keys is not None:
        text_keys.clear()
    return _load_strict(_BLANK_WITH_TAB.sub("", text), duplicates, text_keys)


def load(text: str, name: str, first_line: int = 1, duplicates: Optional[list] = None,
         text_keys: Optional[list] = None) -> Any:
    """The strict reader's data of ``text`` (not yet checked by io.data.check_plain_data); its errors as
    InputError, lines counted from ``first_line``; ``duplicates`` and ``text_keys``: see :func:`_construct` (their
    lines counted from ``first_line`` too)."""
    try:
        data = _load_blanked(text, duplicates, text_keys)
        if text_keys:
            text_keys[:] = [(key, shown, line + first_line - 1) for key, shown, line in text_keys]
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        fix = "fix the YAML syntax"
        code = exc.code if isinstance(exc, _Refused) else "yaml-syntax"
        if "\\t" in problem or "\t" in text and "tab" in problem.lower():
            fix = "indent with spaces, not tabs"
        elif "constructor" in problem and "tag" in problem:
            problem = problem.replace("could not determine a constructor for the tag", "unsupported YAML tag")
            fix = "remove the tag: records are plain YAML (strings, numbers, lists, mappings)"
            code = code if isinstance(exc, _Refused) else "unsupported-yaml-tag"  # PyYAML's own (merge keys)
        elif "duplicate key" in problem:
            fix = "remove or rename one of them"
        elif isinstance(exc, _Refused) and exc.fix:
            fix = exc.fix
        if exc.context == "while scanning a simple key" and exc.context_mark is not None:
            # a line of a mapping that is no `key: value` (`report_to:wandb`): libyaml stops on a later line, the
            # line to fix is the one its scan of that key began on
            mark, fix = exc.context_mark, "write each line of a mapping as `key: value`, a space after the colon"
        where = f"line {mark.line + first_line}, column {mark.column + 1}" if mark else ""
        raise InputError([Problem(name, where, problem, fix, code=code)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, "", f"invalid YAML: {exc}", "fix the YAML syntax",
                                  code="yaml-syntax")]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "nesting is too deep", f"keep nesting under {MAX_DEPTH} levels",
                                  code="too-deep")]) from None


def compose(text: str) -> Any:
    """The node tree of ``text`` (YAML the strict reader read), each scalar as written: for a reader that needs how a
    number was written (``57.50``, where the data hold 57.5). None where PyYAML does not compose it."""
    for attempt in (text, _BLANK_WITH_TAB.sub("", text)):
        loader = _StrictLoader(attempt)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            continue
        finally:
            loader.dispose()
    return None


def ends_in_quoted(text: str) -> bool:
    """Whether ``text`` ends inside a quoted scalar (PyYAML's scan of it stops at its end there): the lines after it
    that continue the scalar, at any indent, are part of it (a widget's text over several lines)."""
    loader = _StrictLoader(text)
    try:
        while loader.check_token():
            loader.get_token()
    except yaml.MarkedYAMLError as exc:
        return exc.context == "while scanning a quoted scalar" and "end of stream" in (exc.problem or "")
    finally:
        loader.dispose()
    return False


_COMMENT_MARK = re.compile(r"(?:^|(?<=[ \t]))#", re.M)


def comments(text: str) -> list[str]:
    """The comments of the YAML ``text``, in order, each from its ``#`` to the end of its line: a ``#`` at a line's
    start or after a space, outside every token PyYAML's scanner reads (a quoted or plain scalar over several lines,
    a block scalar's text). Past a scan error (text the Hub would not read either), that rule alone."""
    spans: list[tuple[int, int]] = []
    loader = _StrictLoader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            start, end = token.start_mark.index, token.end_mark.index
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                start = text.find("\n", start) + 1 or end  # its header line (`text: |  # note`) may end with one
            if end > start:
                spans.append((start, end))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    out: list[str] = []
    at, taken = 0, -1  # the next span to look at; the end of the last comment's line
    for mark in _COMMENT_MARK.finditer(text):
        where = mark.start()
        if where < taken:
            continue
        while at < len(spans) and spans[at][1] <= where:
            at += 1
        if at < len(spans) and spans[at][0] <= where:
            continue
        taken = text.find("\n", where)
        taken = len(text) if taken < 0 else taken
        out.append(text[where:taken].rstrip())
    return out


# Writing: nodes are built directly (_node) and serialized by a dumper that resolves tags as
# the reader does.

_BaseDumper: Any
try:
    _BaseDumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _BaseDumper = yaml.SafeDumper


class _Dumper(FastResolver, _BaseDumper):
    yaml_implicit_resolvers = PYYAML_RESOLVERS


_INT, _BOOL, _NULL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_FLOAT = "tag:yaml.org,2002:float"


def _node(value: Any) -> yaml.Node:
    """The node PyYAML's safe representer would build, without its generic dispatch and
    alias bookkeeping: 3x faster on a model-index of 10,000 results."""
    if isinstance(value, str):
        # Multi-line strings are written double-quoted with \n escapes: no line of them
        # can ever read as the `---` that closes the frontmatter.
        # Strings a YAML 1.2 parser would read as numbers or booleans (`0e0`, `1e5`, `0o17`)
        # are quoted even where PyYAML's YAML 1.1 rules would leave them plain.
        style = '"' if ("\n" in value or "\r" in value) else ("'" if reads_as_non_string(value) else None)
        return yaml.ScalarNode(_STR, value, style=style)
    if isinstance(value, dict):
        return yaml.MappingNode(_MAP, [(_node(k), _node(v)) for k, v in value.items()], flow_style=False)
    if isinstance(value, (list, tuple)):
        return yaml.SequenceNode(_SEQ, [_node(v) for v in value], flow_style=type(value) is FlowList)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if isinstance(value, float):
        return _Dumper.represent_float(_REPRESENTER, value)
    if isinstance(value, Decimal) and value.is_finite() and int(value.as_tuple().exponent) < 0:
        return yaml.ScalarNode(_FLOAT, f"{value:f}")  # a number written with the decimals given: 57.50
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


_REPRESENTER = _Dumper(None)  # only for its float formatting (.inf, 1.0e-07)


def dump(data: Any) -> str:
    """YAML text of plain data (a metadata mapping, a list of .eval_results entries), deterministic byte for byte."""
    with gc_paused():
        return yaml.serialize(_node(data), Dumper=_Dumper, allow_unicode=True, width=2**31 - 1)
