"""What every part of the builder shares: the collector of problems, the free-text check, two converters."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Callable, Optional, TypeVar

from generator.errors import Problem
from generator.markdown.fences import unclosed_comment, unclosed_fence

Locate = Callable[[list], "tuple[str, str]"]
T = TypeVar("T")


@dataclass
class Collector:
    """The schema-valid record data being built, and every problem found in it so far, in order."""

    data: dict
    locate: Locate  # JSON path parts -> (file, path), for the record set's files
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the records' own (Records.warnings)

    def problem(self, parts: list, message: str, fix: str = "", *, code: str) -> None:
        """Note a problem of kind ``code`` (see generator/errors.py) at ``parts`` (a JSON path as a list),
        naming its file."""
        file, path = self.locate(parts)
        self.problems.append(Problem(file, path, message, fix, code=code))


def free_text(ctx: Collector, parts: list, text: str) -> None:
    """Markdown a person wrote must not swallow the rest of the card."""
    fence = unclosed_fence(text)
    if fence is not None:
        ctx.problem(parts, f"opens a {fence.marker} code fence that is never closed, which would swallow the "
                    "rest of the card", f"close it with a {fence.marker} line", code="unclosed-fence")
    if unclosed_comment(text):
        ctx.problem(parts, "opens an HTML comment (<!--) that is never closed, hiding the rest of the card",
                    "close it with -->, or remove it", code="unclosed-comment")


def as_tuple(value: Any) -> Any:
    """A list as a tuple (the records are frozen); anything else as it is."""
    if isinstance(value, list):
        return tuple(value)
    return value


def as_items(mapping: Optional[dict]) -> tuple:
    """A mapping's (key, value) pairs in order; () for None."""
    return tuple((mapping or {}).items())


_TEMPLATES: dict[type, tuple[dict[str, Any], frozenset[str], frozenset[str]]] = {}


def make(cls: type[T], **values: Any) -> T:
    """``cls(**values)`` for a frozen dataclass, without its generated ``__init__``, which sets each field
    through ``object.__setattr__`` (about 8x the time of setting the instance's dict at once): a large record set
    makes an Evaluation, a Metric and a Ref per value. The same object, its fields in the same order; a missing
    or unknown field goes to ``cls`` for its own TypeError. Only for classes without ``__post_init__``, factories
    or init-less fields."""
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _template(cls)
    defaults, names, required = template
    if not required <= values.keys() <= names:
        return cls(**values)
    obj: T = object.__new__(cls)
    state = obj.__dict__
    state.update(defaults)  # every field, in field order
    state.update(values)
    return obj


def make_from(cls: type[T], mapping: dict) -> T:
    """``make(cls, **values)`` where each field's value is ``mapping.get(field, its default)`` (None for a field
    without one), for a mapping whose keys are all fields of ``cls`` (the caller makes sure): the record data's own
    mapping, not a keyword dict of every field made from it."""
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _template(cls)
    obj: T = object.__new__(cls)
    state = obj.__dict__
    state.update(template[0])  # every field, in field order
    state.update(mapping)
    return obj


def _template(cls: type) -> tuple[dict[str, Any], frozenset[str], frozenset[str]]:
    """(field -> default, field names, required fields) of a dataclass :func:`make` can build."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has __post_init__: make() cannot build it")
    defaults: dict[str, Any] = {}
    required = set()
    for f in fields(cls):
        if not f.init or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name} has a factory or no init: make() cannot build it")
        if f.default is MISSING:
            required.add(f.name)
        defaults[f.name] = None if f.default is MISSING else f.default
    return defaults, frozenset(defaults), frozenset(required)
