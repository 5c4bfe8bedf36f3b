"""The one error hierarchy of the generator, and every exit code of the `modelcard` command.

Every error a user can cause is a :class:`GeneratorError`. It carries one or more
:class:`Problem` s, each saying where (file and JSON path), what, and how to fix it.
The CLI prints them one per line and exits with the error's ``exit_code``. What a
pipeline can do on each code:

* 0 -- success: carry on.
* 1 -- the input (records, card, template) is invalid; nothing was written or published.
  Fix the input: running again unchanged fails the same way.
* 2 -- the command line itself is wrong (usage), or asks for something this install cannot
  do (``--plots`` without matplotlib). Fix the command or the install.
* 3 -- ``publish``: the Hub or the network failed for good, after retries. Run it again
  later: cards already published are left unchanged, none is committed twice.
* 4 -- ``publish``: a card conflicts with edits people made on the Hub. Move those edits
  into the records, or publish again with ``--force`` to overwrite them; a person's value
  there that the Hub refuses now (``hub-refused``) is fixed on the Hub, ``--force`` or not.
* 70 -- internal error: a bug in the generator, not in the input. Report it; run again
  with ``MODELCARD_DEBUG=1`` for the traceback.
* 130 -- interrupted (Ctrl-C).

Every Problem also has a ``code``: a stable, kebab-case identifier of the kind of problem
(``unknown-key``, ``not-utf8``, ``unknown-license``), named for what is wrong, not where.
Tests and pipelines match codes, not prose: a message's wording may change, its code does
not, and two sites reporting the same kind of problem share a code. Codes appear in the
``--json`` output (``as_dict``), never in the human one (``str``). A problem derived from
another -- re-wrapped with a new file or path, e.g. a section file that cannot be read
reported at the records key naming it -- keeps the original's code.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from generator.frozen import dataclass

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PUBLISH_FAILED = 3
EXIT_CONFLICT = 4
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def counted(n: int, noun: str, plural: str = "") -> str:
    """``1 error``, ``2 errors``, ``0 errors``: a count with its noun in agreement (``plural`` when not noun+s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def some_of(names: Sequence[str], most: int = 3) -> str:
    """``a, b, c and 2 more``: the first ``most`` names of a list, and how many more there are."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def close_matches(word: str, possibilities: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """``difflib.get_close_matches``, for a "did you mean" in a message: difflib is imported only then."""
    from difflib import get_close_matches

    return get_close_matches(word, possibilities, n, cutoff)


def _printable(text: str) -> str:
    """One line, no terminal control codes: file names and values come from the input."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    file: str
    path: str  # JSON path such as ``$.evaluations[1].metrics[0].value``; "" for the whole file
    message: str
    fix: str = ""
    severity: str = "error"  # "error" or "warning"
    code: str = ""  # stable kebab-case kind of problem, e.g. "unknown-key"; see the module docstring

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}: " if self.path else f"{self.file}: "
        text = _printable(where + self.message)
        if self.fix:
            text += f" (fix: {_printable(self.fix)})"
        if self.severity != "error":
            text = f"{self.severity}: {text}"
        return text

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "path": self.path,
            "message": self.message,
            "fix": self.fix,
            "severity": self.severity,
        }


class GeneratorError(Exception):
    """Base of every error the generator raises for bad input or usage."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Iterable[Problem] | str, *, code: str = ""):
        """``problems``, or one message (then ``code`` is its problem's code)."""
        if isinstance(problems, str):
            problems = [Problem("", "", problems, code=code)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(GeneratorError):
    """The command line or API call is wrong (missing argument, unknown option)."""

    exit_code = EXIT_USAGE


class PlotsUnavailable(UsageError):
    """Plots were asked for but matplotlib is not installed."""


class InputError(GeneratorError):
    """A file cannot be read or parsed (missing, not UTF-8, broken YAML/JSON, duplicate key, NaN)."""


class RecordsError(GeneratorError):
    """Records parse but do not follow the schema or contradict themselves."""


class TemplateError(GeneratorError):
    """A Jinja template is broken, uses a missing field or leaves the sandbox."""


class CitationError(RecordsError):
    """A BibTeX citation is malformed or conflicts with another."""


class CardError(GeneratorError):
    """A model card (README.md) breaks the Hub's rules or contradicts itself."""


class PublishError(GeneratorError):
    """The Hub or the network failed for good (after retries)."""

    exit_code = EXIT_PUBLISH_FAILED
