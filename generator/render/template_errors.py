"""A template's failure as the user's problem: the template line it failed at, what it did and how to fix it."""

from __future__ import annotations

import re

from generator.errors import GeneratorError, Problem, TemplateError
from generator.render.precompiled import TEMPLATE as DEFAULT_TEMPLATE


def _template_line(exc: BaseException, name: str) -> str:
    """The line of the user's template where rendering failed (Jinja rewrites tracebacks to template lines)."""
    import traceback  # only for a failed user template

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
    if not frames:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename and f.filename.endswith(".j2")]
    return f"line {frames[-1].lineno}" if frames else ""


def template_error(exc: BaseException, name: str) -> TemplateError:
    """The problem a failed render is, with its stable code, the template line and the fix."""
    import jinja2.sandbox  # a failed render only: the default template runs outside the sandbox

    from generator.render.sandbox import OverLimit, ReadOnly

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename if exc.filename and exc.filename != name else name
        return TemplateError([Problem(where, f"line {exc.lineno}", f"template syntax error: {exc.message}",
                                      "fix the Jinja syntax", code="template-syntax")])
    line = _template_line(exc, name)
    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, OverLimit):
        return TemplateError([Problem(name, line, f"template goes over a limit: {message}",
                                      "loop over the records' own lists and keep built strings small "
                                      "(README: Limits)", code="template-over-limit")])
    if isinstance(exc, ReadOnly):
        return TemplateError([Problem(name, line, message, "read the values; build new ones with filters or "
                                      "namespace()", code="template-read-only")])
    if isinstance(exc, jinja2.sandbox.SecurityError) or "unsafe" in message or re.search(r"'__\w+__'", message):
        return TemplateError([Problem(name, line, f"template tried to leave the sandbox: {message}",
                                      "use only the card's fields and filters", code="template-sandbox")])
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError([Problem(name, line, f"template uses a missing field: {message}",
                                      "use only fields the records define (see the default template)",
                                      code="template-missing-field")])
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError([Problem(name, line, f"template {exc.name!r} not found",
                                      f"extend {DEFAULT_TEMPLATE!r} (the only template it can load)",
                                      code="template-not-found")])
    if isinstance(exc, RecursionError):
        return TemplateError([Problem(name, line, "template recurses without end", "remove the recursion",
                                      code="template-recursion")])
    # the template file itself cannot be read (missing, a directory, not UTF-8): keep the reader's code
    inner = exc.problems[0].code if isinstance(exc, GeneratorError) and len(exc.problems) == 1 else ""
    return TemplateError([Problem(name, line, f"template failed: {type(exc).__name__}: {message}",
                                  "fix the template", code=inner or "template-failed")])
