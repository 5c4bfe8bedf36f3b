"""The bounded, read-only sandbox a user template (``--template``) runs in.

:class:`LimitedSandbox` is Jinja's ImmutableSandboxedEnvironment: no Python internals, and
no method that changes a list, dict or set, so the records a template reads are the records
that were checked. On top of it every render has a budget, spent as the template runs:

* steps (:data:`MAX_STEPS`): each loop turn; each template node, counted when the body that
  holds it runs; each call, filter or test (:data:`CALL_STEPS`); each item a filter walks in
  Python; each container measured. Loops over lists are charged in full when they start.
* the size of every value built (strings, and lists or mappings counted as their text would
  be, nested values in full): at most :data:`MAX_VALUE` each, :data:`MAX_BUILT` in all.
  Operations that can make far more than they are given (``*``, ``**``, ``%``, ``center``,
  ``replace``, ``join``, ``format``, ``indent``, ``wordwrap``, ``batch``, ``lipsum``, ...)
  are sized before they run, so nothing over a bound is ever allocated.

A template over a bound stops with :class:`OverLimit` (problem code ``template-over-limit``),
one that tries to change its data with :class:`ReadOnly` (``template-read-only``). The
compiled code calls the hooks below (``tick``, ``loop_items``, ``built``, ``measured``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from types import BuiltinMethodType, MappingProxyType, MethodType
from typing import Any, Callable, Iterable, Iterator, Optional

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, modifies_known_mutable
from jinja2.utils import Namespace, generate_lorem_ipsum
from jinja2.visitor import NodeVisitor
from markupsafe import Markup

from generator.render.sizes import (
    CONSTANT_FILTERS,
    NEEDS_ITEMS,
    PER_CHAR,
    PER_ITEM,
    Sizes,
    arg,
    as_int,
    filter_estimates,
)

MAX_STEPS = 4_000_000
CALL_STEPS = 10
MAX_VALUE = 10 * 1024 * 1024  # characters (or the text of a list): no card is larger
MAX_BUILT = 32 * 1024 * 1024
MAX_RANGE = 10_000
MAX_INT_BITS = 4096
MAX_NESTING = 200
_MEMO_MIN = 1024  # containers at least this heavy keep their measure for the whole render


class OverLimit(SecurityError):
    """A user template asked for more work or a larger value than :class:`LimitedSandbox` allows."""


class ReadOnly(SecurityError):
    """A user template tried to change the data it renders."""


# ---------------------------------------------------------------------------- the compiled code


class _Hooks(NodeVisitor):
    """Marks the nodes whose value goes through a hook of the environment: what a loop iterates,
    the lists, tuples, mappings, slices and concatenations a template builds, and what a
    comparison or concatenation reads through (``id(node) -> hook names``, innermost first)."""

    def __init__(self) -> None:
        self.hooks: dict[int, list[str]] = {}

    def mark(self, node: nodes.Node, hook: str) -> None:
        self.hooks.setdefault(id(node), []).append(hook)

    def visit_For(self, node: nodes.For) -> None:
        self.mark(node.iter, "loop_items")
        self.generic_visit(node)

    def _built(self, node: nodes.Node) -> None:
        self.mark(node, "built")
        self.generic_visit(node)

    visit_List = visit_Dict = _built

    def visit_Tuple(self, node: nodes.Tuple) -> None:
        if node.ctx == "load":
            self.mark(node, "built")
        self.generic_visit(node)

    def visit_Getitem(self, node: nodes.Getitem) -> None:  # slices bypass environment.getitem
        if isinstance(node.arg, nodes.Slice):
            self.mark(node, "built")
        self.generic_visit(node)

    def visit_Concat(self, node: nodes.Concat) -> None:
        self.generic_visit(node)
        for part in node.nodes:
            self.mark(part, "measured")
        self.mark(node, "built")

    def visit_Compare(self, node: nodes.Compare) -> None:
        self.generic_visit(node)
        for operand in [node.expr] + [op.expr for op in node.ops]:
            self.mark(operand, "measured")


# What evaluating a node costs, in steps of about 0.1 µs (measured); other nodes cost 1. Calls,
# filters and tests are charged CALL_STEPS more as they run.
_NODE_STEPS: dict[type, int] = {nodes.Call: 20, nodes.Filter: 10, nodes.Test: 10, nodes.Output: 4, nodes.List: 10,
                                nodes.Tuple: 10, nodes.Dict: 10, nodes.Concat: 8, nodes.Compare: 5, nodes.Getitem: 3,
                                nodes.Getattr: 2}
_BODIES = frozenset(["body", "else_"])


def _own_cost(node: nodes.Node) -> tuple[int, int]:
    """(steps, characters of literal text) of a statement, without the bodies it holds (those
    are charged when they run)."""
    steps, chars = _NODE_STEPS.get(type(node), 1), len(node.data) if isinstance(node, nodes.TemplateData) else 0
    for name in node.fields:
        if name in _BODIES:
            continue
        value = getattr(node, name, None)
        for child in value if isinstance(value, list) else (value,):
            if isinstance(child, nodes.Node):
                more, text = _own_cost(child)
                steps, chars = steps + more, chars + text
    return steps, chars


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the hooks of :class:`_Hooks` and every body charging its cost
    when it runs."""

    def visit_Template(self, node: nodes.Template, frame: Optional[Frame] = None) -> None:
        marks = _Hooks()
        marks.visit(node)
        self._hooks = marks.hooks
        super().visit_Template(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        hooks = getattr(self, "_hooks", {}).get(id(node), ())
        for hook in reversed(hooks):
            self.write(f"environment.{hook}(")
        result = super().visit(node, *args, **kwargs)
        self.write(")" * len(hooks))
        return result

    def blockvisit(self, body: Iterable[nodes.Node], frame: Frame) -> None:
        body = list(body)
        steps, chars = 1, 0
        for stmt in body:
            more, text = _own_cost(stmt)
            steps, chars = steps + more, chars + text
        self.writeline(f"environment.tick({steps}, {chars})")
        super().blockvisit(body, frame)


# ---------------------------------------------------------------------------- the environment


_TEXT = frozenset([str, bytes, bytearray, Markup])


def _parts(value: Any) -> Optional[Iterable[Any]]:
    """What a container holds (keys and values of a mapping), or None for a value shown whole."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return value
    if isinstance(value, (dict, MappingProxyType, Mapping)):
        return [x for pair in value.items() for x in pair]
    if isinstance(value, Namespace):
        return _parts(object.__getattribute__(value, "_Namespace__attrs"))
    names = _field_names(type(value))
    return None if names is None else [getattr(value, name) for name in names]


_FIELDS: dict[type, Optional[tuple[str, ...]]] = {}


def _field_names(cls: type) -> Optional[tuple[str, ...]]:
    """The fields of a dataclass (a record), None for any other class."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
    return _FIELDS[cls]


def _shallow(value: Any) -> int:
    """The items a record holds directly: what one of its computed properties or methods walks."""
    names = _field_names(type(value))
    return sum(len(v) for v in (getattr(value, name) for name in names or ()) if isinstance(v, (tuple, list)))


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a budget of work and of size; one per render."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("optimized", False)  # no filter or operator runs at compile time, outside the budget
        super().__init__(**kwargs)
        self.steps = 0
        self.volume = 0
        self._memo: dict[int, tuple[Any, int, int]] = {}  # id -> (value, weight, depth); the value pins the id
        self._sizes = Sizes(self.weigh)
        self._attributes: dict[tuple[type, str], bool] = {}  # (type, safe attribute) -> is it a property
        self.finalize = self.built
        self.concat = self._concat  # type: ignore[method-assign]  # the text of a macro, {% set %} block or filter block
        self.globals.update(range=self._range, lipsum=self._lipsum)

    # -- budget

    def tick(self, count: int, chars: int = 0) -> None:
        """A body starts: its own nodes and literal text."""
        self.steps += count
        if self.steps > MAX_STEPS:
            raise OverLimit(f"the template takes more than {MAX_STEPS:,} steps (loop turns, expressions, calls)")
        if chars:
            self.charge(chars)

    def charge(self, size: int) -> None:
        self.volume += size
        if self.volume > MAX_BUILT:
            raise OverLimit(f"the template builds more than {MAX_BUILT:,} characters in all")

    @staticmethod
    def check_size(size: int, what: str) -> None:
        if size > MAX_VALUE:
            raise OverLimit(f"{what} would be {size:,} characters long, over the limit of {MAX_VALUE:,} (10 MiB); "
                            "the card itself cannot be larger")

    def weigh(self, value: Any) -> int:
        """About how many characters ``value`` has as text, nested values counted in full."""
        if isinstance(value, (str, bytes, bytearray)):
            return len(value)
        if isinstance(value, bool) or value is None:
            return 4
        if isinstance(value, int):
            return value.bit_length() // 3 + 1
        if isinstance(value, float):
            return 8
        return self._measure(value, 0, {})[0]

    def depth(self, value: Any) -> int:
        return 0 if isinstance(value, (str, bytes, bytearray, int, float)) else self._measure(value, 0, {})[2]

    def _measure(self, value: Any, level: int, seen: dict) -> tuple[int, bool, int]:
        """(weight, changeable, depth): a namespace can change, so what holds one is not remembered."""
        if isinstance(value, (str, bytes, bytearray, int, float)) or value is None:
            return self.weigh(value), False, 0
        key = id(value)
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1], False, hit[2]
        if key in seen:
            return seen[key][1:]
        parts = _parts(value)
        if parts is None:
            return 16, False, 0
        if level > MAX_NESTING:
            raise OverLimit(f"the template nests values more than {MAX_NESTING} deep")
        seen[key] = (value, 8, True, 0)  # until measured: a namespace that holds itself
        parts = parts if isinstance(parts, (list, tuple)) else list(parts)
        count, kinds = len(parts), set(map(type, parts))
        total, changeable, deepest = 2 + 2 * count, isinstance(value, Namespace), 0
        if kinds <= _TEXT:  # the common flat cases, measured at C speed
            total, count = total + sum(map(len, parts)), count // 4
        elif kinds <= {int}:
            total, count = total + sum(map(int.bit_length, parts)) // 3 + count, count // 4
        elif kinds <= {float}:
            total, count = total + 8 * count, count // 4
        else:
            for part in parts:
                if type(part) in _TEXT:
                    total += len(part)
                    continue
                weight, volatile, depth = self._measure(part, level + 1, seen)
                total, changeable, deepest = total + weight, changeable or volatile, max(deepest, depth)
        self.tick(16 + count)
        seen[key] = (value, total, changeable, deepest + 1)
        if not changeable and total >= _MEMO_MIN:
            self._memo[key] = (value, total, deepest + 1)
        return total, changeable, deepest + 1

    # -- hooks of the compiled code

    def built(self, value: Any) -> Any:
        """A value the template made (or prints): at most MAX_VALUE, and counted in MAX_BUILT."""
        size = len(value) if type(value) is str else self.weigh(value)
        if size > MAX_VALUE:
            self.check_size(size, "a value the template builds")
        self.volume += size
        if self.volume > MAX_BUILT:
            self.charge(0)
        return value

    def measured(self, value: Any) -> Any:
        """A value an operation reads through (a comparison, a concatenation): counted in MAX_BUILT."""
        self.volume += len(value) if type(value) is str else self.weigh(value)
        if self.volume > MAX_BUILT:
            self.charge(0)
        return value

    def loop_items(self, iterable: Any, steps: int = 1) -> Any:
        """What a ``for`` loops over: a sized one is charged in full, anything else item by item."""
        if isinstance(iterable, (list, tuple, dict, str, range, set, frozenset, MappingProxyType)):
            self.tick(len(iterable) * steps)
            return iterable
        return self._counted(iterable, steps)

    def _counted(self, iterable: Iterable[Any], steps: int) -> Iterator[Any]:
        for item in iterable:
            self.tick(steps)
            yield item

    def _concat(self, parts: Iterable[str]) -> str:
        parts = list(parts)
        self.check_size(sum(map(len, parts)), "the text of a block")
        return "".join(parts)

    # -- operators, calls, attributes

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick(1)
        if operator == "*":
            self._check_product(left, right)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if left.bit_length() * right > MAX_INT_BITS:
                raise OverLimit(f"a power of {right:,} makes a number of more than {MAX_INT_BITS:,} bits")
        elif operator == "%" and isinstance(left, (str, bytes)):
            self.check_size(self._sizes.percent(left, right), "a %-formatted string")
        result = self.binop_table[operator](left, right)
        return result if isinstance(result, (int, float)) else self.built(result)

    def _check_product(self, left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise OverLimit(f"a product makes a number of more than {MAX_INT_BITS:,} bits")
            return
        sized, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(count, int) and isinstance(sized, (str, bytes, list, tuple)):
            self.check_size(self.weigh(sized) * max(count, 0), "a repeated string or list")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        __self.tick(CALL_STEPS + len(args) + len(kwargs))
        if isinstance(__obj, (Macro, BlockReference)):  # its body is charged as it runs
            return __context.call(__obj, *args, **kwargs)
        if isinstance(__obj, LoopContext):  # loop(children) in a recursive loop
            return __context.call(__obj, *((__self.loop_items(args[0]),) + args[1:] if args else ()), **kwargs)
        receiver = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(receiver, (str, bytes, bytearray)):
            if name == "join" and args:
                args = (list(__self.loop_items(args[0])),) + args[1:]
                __self.check_size(__self._sizes.join(receiver, args[0]), "a joined string")
            size = __self._sizes.method(receiver, name, args, kwargs)
            if size is not None:
                __self.check_size(size, f"the result of {name}()")
            __self.charge(len(receiver))
        elif isinstance(receiver, int) and name == "to_bytes":
            __self.check_size(as_int(arg(args, kwargs, 0, "length", 1)), "to_bytes()")
        elif isinstance(receiver, (list, tuple, dict, set, frozenset, MappingProxyType)):
            __self.measured(receiver)  # count(), index(), copy(), ... scan it
        else:
            __self.tick(_shallow(receiver))
        for value in args + tuple(kwargs.values()):
            __self.measured(value)
        return __self.built(__context.call(__obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Optional[Callable[..., str]]:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt, by_map = value.__self__, value.__name__ == "format_map"

        @functools.wraps(wrapper)
        def sized(*args: Any, **kwargs: Any) -> str:
            if by_map and len(args) == 1 and isinstance(args[0], Mapping):
                size = self._sizes.format(fmt, (), dict(args[0]))
            else:
                size = self._sizes.format(fmt, args, kwargs)
            self.check_size(size, "a formatted string")
            return wrapper(*args, **kwargs)

        return sized

    def getattr(self, obj: Any, attribute: str) -> Any:
        known = self._attributes.get((type(obj), attribute))
        if known is not None:  # a safe attribute of this type: skip the sandbox's checks, which dominate a render
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                return super().getattr(obj, attribute)
        else:
            value = super().getattr(obj, attribute)
            raw = getattr(obj, attribute, None)
            same = raw is value or isinstance(raw, (MethodType, BuiltinMethodType)) and raw == value
            if same and self.wrap_str_format(raw) is None and self.is_safe_attribute(obj, attribute, raw):
                known = self._attributes[(type(obj), attribute)] = isinstance(getattr(type(obj), attribute, None),
                                                                              property)
        if known:  # a property is computed each time, over the record
            self.tick(CALL_STEPS + _shallow(obj))
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(argument, str) and isinstance(getattr(type(obj), argument, None), property):
            self.tick(CALL_STEPS + _shallow(obj))
        return value

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        if modifies_known_mutable(obj, attribute):
            return self.undefined(f"templates get read-only data: {type(obj).__name__}.{attribute}() would change "
                                  "the records after they were checked", name=attribute, obj=obj, exc=ReadOnly)
        return super().unsafe_undefined(obj, attribute)

    # -- globals and filters

    def _range(self, *args: int) -> range:
        values = range(*args)
        if len(values) > MAX_RANGE:
            raise OverLimit(f"range() of {len(values):,} items is over the limit of {MAX_RANGE:,}")
        return values

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        self.check_size(as_int(n) * as_int(max) * 16, "lipsum()")
        self.tick(as_int(n) * as_int(max))
        return generate_lorem_ipsum(n, html, min, max)

    def guard_functions(self) -> None:
        """Size and count every filter and test (call once the filters are all registered)."""
        estimates = filter_estimates(self._sizes, self.weigh, self.depth)
        for name, func in list(self.filters.items()):
            self.filters[name] = self._guard(name, func, estimates.get(name), is_filter=True)
        for name, test in list(self.tests.items()):
            self.tests[name] = self._guard(name, test, None, is_filter=False)  # type: ignore[arg-type]

    def _guard(self, name: str, func: Callable[..., Any], estimate: Optional[Callable[[Any, tuple, dict], int]],
               is_filter: bool) -> Callable[..., Any]:
        skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
        constant, needs_items = name in CONSTANT_FILTERS, name in NEEDS_ITEMS
        per_item, per_char = PER_ITEM.get(name, 0), PER_CHAR.get(name, 0)

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.tick(CALL_STEPS + len(args) + len(kwargs))
            if constant or len(args) <= skip:
                return func(*args, **kwargs)
            value, rest = args[skip], args[skip + 1:]
            if needs_items and not isinstance(value, (str, list, tuple, dict)):
                value = list(self.loop_items(value))
            if isinstance(value, str):
                self.tick(len(value) * per_char // 4)
            elif per_item:
                value = self.loop_items(value, per_item)
            self.measured(value)
            for other in rest + tuple(kwargs.values()):
                self.measured(other)
            if name == "sum" and not isinstance(arg(rest, kwargs, 1, "start", 0), (int, float)):
                self.charge(len(value) * self.weigh(value))  # adding lists or strings copies them each time
            if estimate is not None:
                self.check_size(estimate(value, rest, kwargs), f"the result of the {name} filter")
            result = func(*args[:skip], value, *rest, **kwargs)
            return self.built(result) if is_filter else result

        return guarded
