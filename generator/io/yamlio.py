"""YAML in both directions: the strict reader (parse_yaml), the YAML 1.2 core-schema resolver
both directions share, and the deterministic writer (dump), with the limits that are YAML's own.

Strict means: no duplicate keys, string keys only, no NaN or infinities, no YAML tags
beyond the plain JSON-like types, dates kept as the strings they were written as, and
bounded size so hostile input cannot hang us (the limits all data shares are in io/data.py;
decoding the file is files.read_text's). The writer quotes every string a YAML 1.2 parser
(the Hub's) would read as something else, and gives the same bytes for the same data.
"""

from __future__ import annotations

import re
from typing import Any, Optional

import yaml

from generator.errors import InputError, Problem
from generator.io import fastrecords, fastyaml
from generator.io.data import MAX_DEPTH, MAX_INT_DIGITS, check_plain_data, gc_paused

_BaseLoader: Any
try:  # libyaml is several times faster; fall back to pure Python where absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

MAX_ITEMS_PER_FILE = 500_000  # lines + commas: a cheap bound checked before parsing
MAX_PRESCAN_DEPTH = 1_000  # beyond this the parser itself is at risk; deeper than MAX_DEPTH is reported with a path


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


class _Refused(yaml.constructor.ConstructorError):
    """YAML the strict reader refuses, with the code of the problem it becomes (see generator/errors.py)."""

    def __init__(self, problem: str, mark: Any, code: str):
        super().__init__(None, None, problem, mark)
        self.code = code


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    result: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            mark = key_node.start_mark
            raise _Refused(f"mapping key {key!r} is not a string (quote it)", mark, code="non-string-key")
        if key in result:
            mark = key_node.start_mark
            raise _Refused(f"duplicate key {key!r} (each key may appear once)", mark, code="duplicate-key")
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    digits = text.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        raise _Refused(f"number with {len(digits)} digits is too large", node.start_mark, code="too-large")
    if digits.startswith("0x"):
        return int(text.replace("0x", "", 1), 16)
    if digits.startswith("0o"):
        return int(text.replace("0o", "", 1), 8)
    return int(text, 10)  # YAML 1.2: 0755 is 755, not octal


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# Scalars are typed by the YAML 1.2 core schema, as the Hub's parser (js-yaml) and JSON
# do: yes/no/on/off stay strings (`language: no` is Norwegian), 58:45 is not the base-60
# number 3525, 2024-01-15 stays a string, and 5e-07 is a number.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _CORE_BOOL, list("tTfF"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _CORE_INT, list("-+0123456789"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _CORE_FLOAT, list("-+0123456789."))


_CORE_NON_STRING = re.compile("|".join(f"(?:{r.pattern})" for r in (_CORE_BOOL, _CORE_INT, _CORE_FLOAT, _CORE_NULL)))


def reads_as_non_string(text: str) -> bool:
    """Whether `text`, written as a plain YAML scalar, would be read as a number, bool or null
    by a YAML 1.2 core parser (the Hub's) — such strings must be quoted when written."""
    return _CORE_NON_STRING.match(text) is not None


def writer_keeps_string(text: str) -> bool:
    """Whether ``dump`` writes ``text`` as a string without a tag or forced quotes: neither its own
    resolver (YAML 1.1, PyYAML's) nor a YAML 1.2 core parser reads it as something else."""
    for _, regexp in _Dumper.yaml_implicit_resolvers.get(text[:1], ()):
        if regexp.match(text):
            return False
    return not reads_as_non_string(text)


def _prescan(text: str, name: str, first_line: int = 1) -> None:
    """Refuse, before parsing, input that would exhaust the parser: libyaml's composer
    recurses in C (100,000 nested levels crash the process) and a million tiny items
    take minutes to construct."""
    items = text.count("\n") + text.count(",")
    if items > MAX_ITEMS_PER_FILE:
        raise InputError([Problem(name, "", f"holds about {items} lines and items, over the limit of "
                                  f"{MAX_ITEMS_PER_FILE} per file", "split the records into several files in a folder",
                                  code="too-large")])
    depth = 0
    deepest = 0
    quote = ""
    brackets = text.count("[") + text.count("{")
    for i, ch in enumerate(text if brackets > MAX_PRESCAN_DEPTH else ""):  # the char scan only when it could matter
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\n" and quote == "'":
                pass
            continue
        if ch in "\"'" and (i == 0 or text[i - 1] in " \t\n:[{,-"):
            quote = ch
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    line = None if deepest > MAX_PRESCAN_DEPTH else _deep_indent(text)
    if deepest > MAX_PRESCAN_DEPTH or line is not None:
        line_no = None if line is None else first_line + line
        raise InputError([Problem(name, f"line {line_no}" if line_no else "", f"nesting is deeper than "
                                  f"{MAX_DEPTH} levels", "flatten the structure", code="too-deep")])


_MAX_INDENT = 4 * MAX_PRESCAN_DEPTH
_DEEP_INDENT = re.compile("\n[ -]{%d}" % (_MAX_INDENT + 1))  # a line break first: re finds it fast


def _deep_indent(text: str) -> Optional[int]:
    """The index of the first line of ``text`` indented by more than _MAX_INDENT spaces and dashes
    (``- - - x``), or None."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if len(first) - len(first.lstrip(" -")) > _MAX_INDENT:
        return 0
    match = _DEEP_INDENT.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = {
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": lambda loader, node: node.value in ("true", "True", "TRUE"),
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
}


def _construct(loader: Any, root: yaml.Node, duplicates: Optional[list] = None) -> Any:
    """Build plain data from the composed node graph: what PyYAML's constructor does for the
    JSON-like tags, without its generic machinery (several times faster on records). Shared
    nodes (aliases) stay shared, so the alias-bomb check in check_plain_data stays linear.
    ``duplicates``: a list to note each repeated key in, as (key, line), the last value winning
    (PyYAML's own behaviour), instead of refusing it."""
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
                if not isinstance(k, str):
                    raise _Refused(f"mapping key {k!r} is not a string (quote it)", key_node.start_mark,
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


def _load_yaml(text: str, duplicates: Optional[list] = None) -> tuple[Any, bool]:
    """(data, whether check_plain_data is known to pass): the fast readers, for the writer's subset (about 2x faster
    than libyaml) and for hand-written records (comments, block scalars, flow mappings), else the strict reader."""
    with gc_paused():
        data, checked = fastrecords.read(text, _StrictLoader.yaml_implicit_resolvers)
    return (_load_strict(text, duplicates), False) if data is fastyaml.DECLINE else (data, checked)


def _load_strict(text: str, duplicates: Optional[list] = None) -> Any:
    loader = _StrictLoader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
            return None if node is None else _construct(loader, node, duplicates)
    finally:
        loader.dispose()


def parse_yaml(text: str, name: str, first_line: int = 1, finite: bool = True,
               duplicates: Optional[list] = None) -> Any:
    """Strict YAML 1.2 plain data; ``finite=False`` lets NaN and infinities through for a caller that
    reports them itself (the card importer); ``duplicates``, a list, takes repeated keys as PyYAML does
    (the last wins) and notes each as (key, line), for a caller reading other tools' files (recipes)."""
    _prescan(text, name, first_line)
    try:
        data, checked = _load_yaml(text, duplicates)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + first_line}, column {mark.column + 1}" if mark else ""
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
        raise InputError([Problem(name, where, problem, fix, code=code)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, "", f"invalid YAML: {exc}", "fix the YAML syntax",
                                  code="yaml-syntax")]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "nesting is too deep", f"keep nesting under {MAX_DEPTH} levels",
                                  code="too-deep")]) from None
    if not checked:
        check_plain_data(data, name, finite)
    return data


# Writing: nodes are built directly (_node) and serialized by a dumper that resolves tags as
# the reader does.

_BaseDumper: Any
try:
    _BaseDumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _BaseDumper = yaml.SafeDumper


class _Dumper(FastResolver, _BaseDumper):
    pass


_INT, _BOOL, _NULL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"


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
        return yaml.SequenceNode(_SEQ, [_node(v) for v in value], flow_style=False)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if isinstance(value, float):
        return _Dumper.represent_float(_REPRESENTER, value)
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


_REPRESENTER = _Dumper(None)  # only for its float formatting (.inf, 1.0e-07)


def dump(data: Any) -> str:
    """YAML text of plain data (a metadata mapping, a list of .eval_results entries), deterministic byte for byte."""
    with gc_paused():
        return yaml.serialize(_node(data), Dumper=_Dumper, allow_unicode=True, width=2**31 - 1)
