"""The default template compiled ahead of time, so a render does not compile it at each start.

Jinja compiles a template to Python source and then to a code object, which takes longer than the
rest of a plain render. :data:`MODULE` holds Jinja's Python source for the default template, as
Jinja's ``compile_templates`` writes it for its ModuleLoader, shipped in the package, so Python's own bytecode
cache (``__pycache__``, written by pip at install) serves it. :class:`PrecompiledCache` is a
read-only Jinja bytecode cache that hands that code to Jinja, which runs it exactly as code it
compiled itself. It writes nothing. The module's last line is a digest of what it was compiled from
(Jinja's version, the environment's syntax options, the template's text): when any of them differs
(an edited template, another Jinja), the cache answers nothing and Jinja compiles the template as usual.

Regenerate after editing the template: ``python -m generator.render.precompiled``
(tests/test_precompiled.py checks it is fresh).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
from pathlib import Path
from types import CodeType
from typing import Optional

import jinja2
from jinja2.bccache import Bucket

MODULE = "generator.render._modelcard_md_j2"
TEMPLATE = "modelcard.md.j2"
_KEY_LINE = "# compiled from: "


def compile_key(environment: jinja2.Environment, source: str) -> str:
    """A digest of everything Jinja's compiled code depends on: its version, the syntax options, the text."""
    env = environment
    settings = [jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, repr(env.autoescape), env.optimized, sorted(env.extensions)]
    return hashlib.sha256(json.dumps([settings, source]).encode("utf-8")).hexdigest()


def module_text(environment: jinja2.Environment, source: str) -> str:
    """The text of :data:`MODULE`: Jinja's code for ``source``, then the key line (last, so line numbers,
    which the template's debug info maps to template lines, stay Jinja's)."""
    code = environment.compile(source, TEMPLATE, raw=True, defer_init=True)
    return f"{code.rstrip()}\n{key_line(environment, source)}\n"


def key_line(environment: jinja2.Environment, source: str) -> str:
    """The module's last line: the Jinja version and template digest in the clear (so a test can tell a
    stale template from another Jinja release), then the key :func:`precompiled_code` compares."""
    template = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return f"{_KEY_LINE}jinja2 {jinja2.__version__} template {template} key {compile_key(environment, source)}"


def shipped_key_line(spec: Optional[importlib.machinery.ModuleSpec] = None) -> Optional[str]:
    """The last line of the shipped module (found by ``spec``, else looked up), or None when it cannot be read."""
    spec = spec or importlib.util.find_spec(MODULE)
    if spec is None or spec.origin is None:
        return None
    try:
        return Path(spec.origin).read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[-1]
    except OSError:
        return None


def _with_filename(code: CodeType, filename: str) -> CodeType:
    """``code`` as if compiled from ``filename`` (Jinja names a template's file after its code's)."""
    consts = tuple(_with_filename(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def precompiled_code(environment: jinja2.Environment, source: str, filename: str) -> Optional[CodeType]:
    """The shipped code of the default template, or None when it was not compiled from this text and setup."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or spec.origin is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
        return None
    if shipped_key_line(spec) != key_line(environment, source):
        return None
    code = spec.loader.get_code(MODULE)  # from __pycache__ when Python has it
    return _with_filename(code, filename) if code is not None else None


class PrecompiledCache(jinja2.BytecodeCache):
    """A read-only bytecode cache holding only the shipped default template; it never writes."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: Optional[str], source: str) -> Bucket:
        bucket = Bucket(environment, name, "")
        if name == TEMPLATE and filename is not None:
            bucket.code = precompiled_code(environment, source, filename)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        return None  # get_bucket fills the bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        return None  # nothing is written: a template Jinja compiled stays in memory


def write_module() -> Path:
    """Regenerate :data:`MODULE` from the default template; the path written."""
    from generator.io.files import atomic_write
    from generator.render.environment import default_env
    from generator.resources import templates_dir

    source = (templates_dir() / TEMPLATE).read_text(encoding="utf-8")
    path = Path(__file__).with_name(MODULE.rsplit(".", 1)[-1] + ".py")
    atomic_write(path, module_text(default_env(), source))
    return path


if __name__ == "__main__":
    print(f"wrote {write_module()}")
