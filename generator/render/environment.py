"""The Jinja environments cards are rendered in.

The default templates are trusted: :func:`default_env` compiles them once. A user template
(``--template``) extends them and runs in :class:`~generator.render.sandbox.LimitedSandbox`,
Jinja's immutable sandbox with bounds on work and size, so it can reshape the card but cannot
reach Python internals, the file system or the network, change the records, nor hang or bloat
a render. Both are made by one function with the same :data:`OPTIONS` and :data:`FILTERS`, so
a template renders the same text in either.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import FunctionType, MappingProxyType, MethodType
from typing import Any, Callable, Mapping, Optional, TypeVar

import jinja2
import jinja2.runtime
from jinja2.runtime import Macro
from jinja2.utils import internalcode

from generator.io.files import read_text
from generator.markdown.escapes import escape_item, heading_end
from generator.records.numbers import fmt
from generator.render.list_items import format_setting, format_statistic, format_value
from generator.render.precompiled import PrecompiledCache
from generator.render.tables import WEB, escape_heading, escape_text, link, safe_url
from generator.resources import templates_dir


def _bare_url(url: str) -> str:
    return safe_url(url) if url.startswith(WEB) else escape_text(url)


def _link(text: str, url: Optional[str] = None) -> str:
    return link(text, url)


def _fact(value: str) -> str:
    """A fact's value after its label's colon: one space before it, none before a value that starts on the next line
    (a nested list: the Training data of a long mixture). A filter, not a method call in the template: the sandbox's
    check of each call cost gguf's card about 1% of its instructions."""
    return value if value.startswith("\n") else " " + value


# Options of every environment: missing fields fail, markdown is not HTML-escaped, block tags
# leave no blank lines behind, and the card keeps its final newline.
OPTIONS: Mapping[str, Any] = MappingProxyType({
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
})

# The filters templates use to put record values into markdown safely.
FILTERS: Mapping[str, Callable[..., Any]] = MappingProxyType({
    "esc": escape_text,
    "heading": escape_heading,
    "item": escape_item,  # text that starts a list item
    "heading_end": heading_end,  # after a heading's escaped text: no closing `#` run
    "value": format_value,
    "statistic": format_statistic,
    "setting": format_setting,
    "url": safe_url,
    "bare_url": _bare_url,
    "link": _link,
    "fact": _fact,
    "fmt": fmt,
})

_Env = TypeVar("_Env", bound=jinja2.Environment)


def _environment(cls: type[_Env], loader: jinja2.BaseLoader) -> _Env:
    """An environment of ``cls`` with the shared :data:`OPTIONS` and :data:`FILTERS`."""
    env = cls(loader=loader, **OPTIONS)
    env.filters.update(FILTERS)
    return env


class _PlainCallContext(jinja2.runtime.Context):
    """The default template's context: a call of a plain Python function or method (the lambdas, functions
    and record methods the renderer gives it) skips Context.call's look-ups for ``pass_context`` and the
    like, which it does not carry (a function's attribute would be in its ``__dict__``), and so does a call of one
    of the template's macros, whose ``__call__`` Jinja marks ``pass_eval_context`` (tests/test_render.py); anything
    else is called by Context.call. A template calls a few dozen of them per card."""

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        func = __obj.__func__ if type(__obj) is MethodType else __obj
        macro = type(func) is Macro
        if not macro and (type(func) is not FunctionType or "jinja_pass_arg" in func.__dict__):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            if macro:  # the template's own: called as Context.call calls it (its __call__ takes the evaluation
                return __obj.__call__(__self.eval_ctx, *args, **kwargs)  # context first), without its look-ups
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


def _templates_loader() -> jinja2.BaseLoader:
    return jinja2.FileSystemLoader(str(templates_dir()))


@functools.lru_cache(maxsize=1)
def default_env() -> jinja2.Environment:
    """The trusted environment of the default templates, built once; the default template's code is
    shipped compiled (:mod:`generator.render.precompiled`)."""
    env = _environment(jinja2.Environment, _templates_loader())
    env.bytecode_cache = PrecompiledCache()
    env.context_class = _PlainCallContext
    env.auto_reload = False  # the shipped templates do not change under a running process: no stat of each per render
    return env


def user_env(template_path: Path) -> tuple[jinja2.Environment, str]:
    """A fresh sandbox for the user template at ``template_path``, and the name to load it by.

    It can load the default templates (to extend them) and nothing else from disk.
    """
    from generator.render.sandbox import LimitedSandbox  # only a user template runs in it

    name = str(template_path)
    source = read_text(template_path, name)
    loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(lambda n: (source, name, lambda: True) if n == name else None),
                                  _templates_loader()])
    env = _environment(LimitedSandbox, loader)
    env.guard_functions()
    return env, name


__all__ = ["FILTERS", "OPTIONS", "default_env", "user_env"]
