"""YAML in both directions: the strict reader (parse_yaml), the YAML 1.2 core-schema resolver
both directions share, and the deterministic writer (dump), with the limits that are YAML's own.

Strict means: no duplicate keys, string keys only, no NaN or infinities, no YAML tags
beyond the plain JSON-like types, dates kept as the strings they were written as, and
bounded size so hostile input cannot hang us (the limits all data shares are in io/data.py;
decoding the file is files.read_text's). The writer quotes every string a YAML 1.2 parser
(the Hub's) would read as something else, and gives the same bytes for the same data.

Text the fast readers (io/fastyaml.py, io/fastrecords.py) read and data the frontmatter's text writer
writes never reach PyYAML: it is imported (io/libyaml.py) only for the rest, which keeps it out of
the cold start of a render or a check of plain records and cards.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.errors import InputError, Problem
from generator.io import fastrecords, fastyaml
from generator.io.data import MAX_DEPTH, check_plain_data, gc_paused, lazy_pattern
from generator.io.fastyaml import DECLINE

MAX_ITEMS_PER_FILE = 500_000  # lines + commas: a cheap bound checked before parsing
MAX_PRESCAN_DEPTH = 1_000  # beyond this the parser itself is at risk; deeper than MAX_DEPTH is reported with a path

_NULL_TAG, _MERGE_TAG, _VALUE_TAG = "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"


def _add(table: dict, tag: str, regexp: re.Pattern[str], first: Any) -> None:
    """PyYAML's add_implicit_resolver: ``regexp`` tried for plain scalars starting with each of ``first``."""
    for ch in first:
        table.setdefault(ch, []).append((tag, regexp))


# PyYAML's implicit resolvers (YAML 1.1, yaml/resolver.py, MIT licence), in its order: the writer's
# (io/libyaml.py's dumper quotes the strings they match; writer_keeps_string asks the same without
# PyYAML). tests/test_fastyaml.py holds them equal to the installed PyYAML's.
PYYAML_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
_add(PYYAML_RESOLVERS, "tag:yaml.org,2002:bool", lazy_pattern(r'''^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$''', re.X), list("yYnNtTfFoO"))
_add(PYYAML_RESOLVERS, "tag:yaml.org,2002:float", lazy_pattern(r'''^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$''', re.X), list("-+0123456789."))
_add(PYYAML_RESOLVERS, "tag:yaml.org,2002:int", lazy_pattern(r'''^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$''', re.X), list("-+0123456789"))
_add(PYYAML_RESOLVERS, _MERGE_TAG, lazy_pattern(r"^(?:<<)$"), ["<"])
_add(PYYAML_RESOLVERS, _NULL_TAG, lazy_pattern(r'''^(?: ~
                    |null|Null|NULL
                    | )$''', re.X), ["~", "n", "N", ""])
_add(PYYAML_RESOLVERS, "tag:yaml.org,2002:timestamp", lazy_pattern(r'''^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$''', re.X), list("0123456789"))
_add(PYYAML_RESOLVERS, _VALUE_TAG, lazy_pattern(r"^(?:=)$"), ["="])
_add(PYYAML_RESOLVERS, "tag:yaml.org,2002:yaml", lazy_pattern(r"^(?:!|&|\*)$"), list("!&*"))

# The readers' table (the strict reader's and the fast readers'): scalars are typed by the YAML 1.2 core
# schema, as the Hub's parser (js-yaml) and JSON do: yes/no/on/off stay strings (`language: no` is
# Norwegian), 58:45 is not the base-60 number 3525, 2024-01-15 stays a string, and 5e-07 is a number.
# Beyond the core schema, as js-yaml 4.1 (what huggingface.js locks) and PyYAML (huggingface_hub) read them:
# digits grouped by `_` are a number (BLOOM's `emissions: 24_700_000`; js-yaml 4.2 and later read it as text, so
# the writer quotes such a string) and so is a 0b binary integer.
READ_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in (_NULL_TAG, _MERGE_TAG, _VALUE_TAG)]
    for first, resolvers in PYYAML_RESOLVERS.items()
}

_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+(?:_[0-9]+)*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?0b[01]+)$")
_CORE_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:_[0-9]+)*(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_add(READ_RESOLVERS, "tag:yaml.org,2002:bool", _CORE_BOOL, list("tTfF"))
_add(READ_RESOLVERS, "tag:yaml.org,2002:int", _CORE_INT, list("-+0123456789"))
_add(READ_RESOLVERS, "tag:yaml.org,2002:float", _CORE_FLOAT, list("-+0123456789."))
fastyaml.CORE_RESOLVERS = READ_RESOLVERS


_CORE_NON_STRING = re.compile("|".join(f"(?:{r.pattern})" for r in (_CORE_BOOL, _CORE_INT, _CORE_FLOAT, _CORE_NULL)))


def reads_as_non_string(text: str) -> bool:
    """Whether `text`, written as a plain YAML scalar, would be read as a number, bool or null
    by a YAML 1.2 core parser (the Hub's) — such strings must be quoted when written."""
    return _CORE_NON_STRING.match(text) is not None


# What the two tables read as other than a string from a text starting with an ASCII letter (and ending in no line
# break): bool's and null's words (YAML 1.1's yes/no/on/off among them), nothing else (tests/test_fastyaml.py holds it
# to the expressions).
_LETTER_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_RESOLVED_WORDS = frozenset(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                             "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"))


def writer_keeps_string(text: str) -> bool:
    """Whether ``dump`` writes ``text`` as a string without a tag or forced quotes: neither its own
    resolver (YAML 1.1, PyYAML's) nor a YAML 1.2 core parser reads it as something else."""
    if text[:1] in _LETTER_FIRST and text[-1] != "\n":  # most strings of a card's metadata: two set look-ups, not
        return text not in _RESOLVED_WORDS  # the expressions (whose `$` matches before a last line break too)
    for _, regexp in PYYAML_RESOLVERS.get(text[:1], ()):
        if regexp.match(text):
            return False
    return not reads_as_non_string(text)


def _prescan(text: str, name: str, first_line: int = 1) -> None:
    """Refuse, before parsing, input that would exhaust the parser: libyaml's composer
    recurses in C (100,000 nested levels crash the process) and a million tiny items
    take minutes to construct."""
    # each count is a pass over the text: a text no longer than a limit cannot hold more than it of anything
    items = text.count("\n") + text.count(",") if len(text) > MAX_ITEMS_PER_FILE else 0
    if items > MAX_ITEMS_PER_FILE:
        raise InputError([Problem(name, "", f"holds about {items} lines and items, over the limit of "
                                  f"{MAX_ITEMS_PER_FILE} per file", "split the records into several files in a folder",
                                  code="too-large")])
    depth = 0
    deepest = 0
    quote = ""
    brackets = text.count("[") + text.count("{") if len(text) > MAX_PRESCAN_DEPTH else 0
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



def parse_yaml(text: str, name: str, first_line: int = 1, finite: bool = True,
               duplicates: Optional[list] = None, text_keys: Optional[list] = None) -> Any:
    """Strict YAML 1.2 plain data; ``finite=False`` lets NaN and infinities through for a caller that
    reports them itself (the card importer); ``duplicates``, a list, takes repeated keys as PyYAML does
    (the last wins) and notes each as (key, line), for a caller reading other tools' files (recipes); ``text_keys``, a
    list, takes a scalar key that is no string (``0:``) as the text the Hub's reader makes of it and notes each as
    (key, text, line), for a caller reading a card's metadata as the Hub reads it. The fast
    readers, for the writer's subset (about 2x faster than libyaml) and for hand-written records (comments, block
    scalars, flow mappings), else the strict reader (io/libyaml.py), which gives the same data or reports the
    error."""
    _prescan(text, name, first_line)
    with gc_paused():
        data, checked = fastrecords.read(text, READ_RESOLVERS)
    if data is DECLINE:
        from generator.io import libyaml

        data, checked = libyaml.load(text, name, first_line, duplicates, text_keys), False
    if not checked:
        check_plain_data(data, name, finite)
    return data


def dump(data: Any) -> str:
    """YAML text of plain data (a metadata mapping, a list of .eval_results entries), deterministic byte for byte."""
    from generator.io import libyaml

    return libyaml.dump(data)
