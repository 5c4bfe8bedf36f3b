"""What every part of the builder shares: the collector of problems, the free-text check, two converters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from generator.errors import Problem
from generator.markdown.fences import unclosed_comment, unclosed_fence

Locate = Callable[[list], "tuple[str, str]"]


@dataclass
class Collector:
    """The schema-valid record data being built, and every problem found in it so far, in order."""

    data: dict
    locate: Locate  # JSON path parts -> (file, path), for the record set's files
    problems: list[Problem] = field(default_factory=list)

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
