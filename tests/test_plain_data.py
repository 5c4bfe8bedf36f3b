"""check_plain_data: its walk over parsed data, held to the plain walk it replaced (every node a call and a path)."""

from __future__ import annotations

import contextlib
import math
from typing import Any, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError, Problem
from generator.io import data as plain_data


def _reference(data: Any, name: str, finite: bool = True) -> None:
    """The walk as it was: one call and one path per node, leaves included."""
    d = plain_data
    problems: list[Problem] = []
    sizes: dict[int, int] = {}
    unique = 0

    def walk(node: Any, path: list, depth: int) -> int:
        nonlocal unique
        unique += 1
        if depth > d.MAX_DEPTH:
            raise InputError([Problem(name, d.json_path(path), f"nesting is deeper than {d.MAX_DEPTH} levels",
                                      "flatten the structure", code="too-deep")])
        if isinstance(node, str) and len(node) > d.MAX_STRING:
            problems.append(Problem(name, d.json_path(path), f"is a string of {len(node)} characters, over the limit "
                                    f"of {d.MAX_STRING}", "shorten it; link to long documents instead",
                                    code="too-long"))
            return 1
        if isinstance(node, float):
            if finite and (math.isnan(node) or math.isinf(node)):
                problems.append(Problem(name, d.json_path(path), f"{node!r} is not a finite number",
                                        "write a real number, or leave the field out", code="not-finite"))
            return 1
        if isinstance(node, (dict, list)):
            key = id(node)
            if key in sizes:
                return sizes[key]
            items = node.items() if isinstance(node, dict) else enumerate(node)
            total = 1
            for k, v in items:
                total += walk(v, path + [k], depth + 1)
                if total > d.MAX_NODES:
                    raise InputError([Problem(name, d.json_path(path), f"expands to more than {d.MAX_NODES} values "
                                              "(YAML aliases or too much data)", "remove the aliases or split the file",
                                              code="too-large")])
            sizes[key] = total
            return total
        return 1

    total = walk(data, [], 0)
    if total > 100_000 and total > d.MAX_ALIAS_EXPANSION * unique:
        raise InputError([Problem(name, "", "alias expansion", "", code="alias-expansion")])
    if problems:
        raise InputError(problems)


def _outcome(check: Any, data: Any, finite: bool) -> Any:
    try:
        check(data, "r.yaml", finite)
    except InputError as exc:
        return [(p.code, p.path, p.message) if p.code != "alias-expansion" else p.code for p in exc.problems]
    return None


_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=7))
_tree = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(st.text(max_size=3), inner, max_size=4)),
                     max_leaves=40)


@contextlib.contextmanager
def _small_limits() -> Iterator[None]:
    """Limits small enough for generated data to reach them."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plain_data, "MAX_DEPTH", 3)
        mp.setattr(plain_data, "MAX_STRING", 5)
        mp.setattr(plain_data, "MAX_NODES", 30)
        yield


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(_tree, st.booleans())
def test_the_walk_finds_what_the_plain_walk_finds(data, finite):
    """The same problems (too deep, too long, not finite, too large), in the same order, with the same paths."""
    with _small_limits():
        assert _outcome(plain_data.check_plain_data, data, finite) == _outcome(_reference, data, finite)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_tree, st.integers(min_value=1, max_value=6), st.booleans())
def test_shared_nodes_are_counted_as_the_plain_walk_counts_them(data, copies, finite):
    """Aliases: one node referred to from many places is expanded in the count alike."""
    shared = {"a": [data] * copies, "b": {"x": data, "y": [data, [data]]}}
    with _small_limits():
        assert _outcome(plain_data.check_plain_data, shared, finite) == _outcome(_reference, shared, finite)


def test_an_alias_bomb_is_refused_as_before():
    layer: Any = ["x"] * 10
    for _ in range(5):
        layer = [layer] * 10
    assert _outcome(plain_data.check_plain_data, layer, True) == _outcome(_reference, layer, True) == [
        "alias-expansion"]


@pytest.mark.parametrize("text, line", [('{"a": 1,\n "b": {"c": 2, "c": 3}}', "line 2"),
                                        ('{"a": 1,\n "a": 1}', "line 2"), ('[{"x": 1}, {"x": 2, "y": {"x": 1}}]', None)])
def test_json_objects_are_read_once_and_a_repeated_key_is_named(text, line):
    """An object without a repeated key is the dict of its pairs; one with a repeated key names it and its line."""
    import json

    from generator.io.files import parse_json

    if line is None:
        assert parse_json(text, "r.json") == json.loads(text)
        return
    with pytest.raises(InputError) as info:
        parse_json(text, "r.json")
    problem = info.value.problems[0]
    assert (problem.code, problem.path) == ("duplicate-key", line) and "duplicate key" in problem.message


_LAZY_CASES = [(r"<(/?)([A-Za-z][A-Za-z0-9-]*)>", 0), (r"^(?P<key>\w+): (?P<value>.*)$", 2),  # re.M
               (r"a(b)+|c", 0), (r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?(?:0|[1-9][0-9_]*))$""", 64)]  # re.X


@pytest.mark.parametrize(("pattern", "flags"), _LAZY_CASES)
@given(text=st.text(alphabet="ab<>/c1-_: \n0xyZ+", max_size=30))
@settings(max_examples=150, deadline=None)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern, flags, text):
    """lazy_pattern compiles on first use, then answers every method as re.compile's pattern does."""
    import re

    lazy, compiled = plain_data.lazy_pattern(pattern, flags), re.compile(pattern, flags)
    assert lazy.pattern == compiled.pattern and "match" not in vars(lazy)  # nothing compiled yet

    def spans(matches: Iterator[re.Match[str]]) -> list:
        return [(m.span(), m.groups()) for m in matches]

    def one(m: Any) -> Any:
        return m and (m.span(), m.groups(), m.groupdict())

    assert one(lazy.search(text)) == one(compiled.search(text))
    assert one(lazy.match(text)) == one(compiled.match(text))
    assert one(lazy.fullmatch(text)) == one(compiled.fullmatch(text))
    assert one(lazy.match(text, 1)) == one(compiled.match(text, 1))
    assert lazy.sub("#", text) == compiled.sub("#", text) and lazy.subn("", text) == compiled.subn("", text)
    assert lazy.split(text) == compiled.split(text) and lazy.findall(text) == compiled.findall(text)
    assert spans(lazy.finditer(text)) == spans(compiled.finditer(text))
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)


def test_gc_paused_holds_the_collector_and_gives_it_back_as_it_was():
    """As a context manager (one object entered again inside itself too) and as a decorator: the collector is off
    inside, and afterwards on or off as it was before, also when the body raises."""
    import gc

    from generator.io.data import gc_paused

    seen = []

    @gc_paused()
    def step(fail: bool = False) -> str:
        """A step's doc."""
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return "done"

    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            paused = gc_paused()
            with paused:
                seen.append(gc.isenabled())
                with paused:
                    seen.append(gc.isenabled())
                seen.append(gc.isenabled())
            assert gc.isenabled() is enabled
            assert step() == "done" and gc.isenabled() is enabled
            with pytest.raises(ValueError):
                step(fail=True)
            assert gc.isenabled() is enabled
            with pytest.raises(KeyError):
                with gc_paused():
                    raise KeyError("x")
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False] * 10
    assert (step.__name__, step.__doc__) == ("step", "A step's doc.")
