"""Frozen dataclasses whose methods are compiled ahead of time.

``dataclasses.dataclass(frozen=True)`` writes six methods of each class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) as source text and compiles it at every
start: about 30 ms of a render's cold start for the classes of records/model.py, nearly all of that
module's import. :func:`precompiled` gives model.py a ``dataclass(frozen=True)`` that makes the same
class from methods written once into :data:`MODULE` (which Python's bytecode cache serves): the
methods are attached, then dataclasses' own processing runs with its code generation turned off
(fields, ``__match_args__``, the docstring), and ``__dataclass_params__`` says what the real
decorator says. A class whose fields differ from those the module was written for (an edited
model.py) gets the real ``dataclasses.dataclass(frozen=True)``, as does anything with
``field(...)`` defaults, ``ClassVar``/``InitVar`` fields or dataclass bases.

Regenerate after editing model.py: ``python -m generator.records.frozen`` (tests/test_model.py checks
the module is fresh, is used, and that each class behaves as the real dataclass).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

MODULE = "generator.records._model_methods"
SOURCE = "generator.records.model"

# The key of each class decorated in this process (read before processing), by module and qualified name.
KEYS: dict[str, dict[str, Optional[tuple]]] = {}


def class_key(cls: type) -> Optional[tuple]:
    """What the generated methods of ``cls`` depend on, read from the class before processing: each field's
    name, type text and whether it has a default; None for what the module does not write (``field(...)``
    defaults, ``ClassVar``/``InitVar``/``KW_ONLY``, dataclass bases, annotations that are not text)."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return None
    fields = []
    for name, kind in cls.__dict__.get("__annotations__", {}).items():
        default = cls.__dict__.get(name, dataclasses.MISSING)
        if not isinstance(kind, str) or isinstance(default, dataclasses.Field) or \
                kind.replace("dataclasses.", "").replace("typing.", "").startswith(("ClassVar", "InitVar", "KW_ONLY")):
            return None
        fields.append((name, kind, default is not dataclasses.MISSING))
    return tuple(fields)


def precompiled(makers: Mapping[str, tuple[tuple, Callable[..., dict[str, Any]]]]) -> Callable[..., Any]:
    """A ``dataclass(frozen=True)`` decorator taking each class's methods from ``makers`` (qualified name ->
    (key, maker)) when the class's key is the one they were written for."""

    def dataclass(*, frozen: bool) -> Callable[[type], type]:
        def wrap(cls: type) -> type:
            key = class_key(cls)
            KEYS.setdefault(cls.__module__, {})[cls.__qualname__] = key
            entry = makers.get(cls.__qualname__)
            if not frozen or key is None or entry is None or entry[0] != key:
                return dataclasses.dataclass(frozen=frozen)(cls)
            defaults = {name: cls.__dict__[name] for name, _, has_default in key if has_default}
            for name, fn in entry[1](cls, defaults).items():
                fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
                setattr(cls, name, fn)
            made: Any = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # fields, __match_args__, __doc__
            params = made.__dataclass_params__
            params.init = params.repr = params.eq = params.frozen = True
            return made

        return wrap

    return dataclass


def _class_text(name: str, key: tuple) -> str:
    names = [f for f, _, _ in key]
    fields = "(" + "".join(f"{f!r}," for f in names) + ")"
    params = ", ".join(f"{f}: {kind!r}" + (f" = _dflt_{f}" if has_default else "") for f, kind, has_default in key)
    lines = [f"def _{name}(__dataclass_cls__, __dataclass_defaults__):"]
    lines += [f"    _dflt_{f} = __dataclass_defaults__[{f!r}]" for f, _, has_default in key if has_default]
    lines += ["    __dataclass_builtins_object__ = object", "",
              f"    def __init__(self, {params}) -> None:"]
    lines += [f"        __dataclass_builtins_object__.__setattr__(self, {f!r}, {f})" for f in names]
    shown = ", ".join(f"{f}={{self.{f}!r}}" for f in names)
    self_tuple = "(" + "".join(f"self.{f}," for f in names) + ")"
    other_tuple = "(" + "".join(f"other.{f}," for f in names) + ")"
    lines += ["",
              "    @recursive_repr()",
              "    def __repr__(self):",
              f"        return self.__class__.__qualname__ + f\"({shown})\"",
              "",
              "    def __eq__(self, other):",
              "        if other.__class__ is self.__class__:",
              f"            return {self_tuple} == {other_tuple}",
              "        return NotImplemented",
              "",
              "    def __hash__(self):",
              f"        return hash({self_tuple})",
              "",
              "    def __setattr__(self, name, value):",
              f"        if type(self) is __dataclass_cls__ or name in {fields}:",
              "            raise FrozenInstanceError(f\"cannot assign to field {name!r}\")",
              "        super(__dataclass_cls__, self).__setattr__(name, value)",
              "",
              "    def __delattr__(self, name):",
              f"        if type(self) is __dataclass_cls__ or name in {fields}:",
              "            raise FrozenInstanceError(f\"cannot delete field {name!r}\")",
              "        super(__dataclass_cls__, self).__delattr__(name)",
              "",
              "    return {'__init__': __init__, '__repr__': __repr__, '__eq__': __eq__, '__hash__': __hash__,",
              "            '__setattr__': __setattr__, '__delattr__': __delattr__}"]
    return "\n".join(lines)


def module_text(keys: Mapping[str, Optional[tuple]]) -> str:
    """The text of :data:`MODULE` for the classes of ``keys`` (qualified name -> class_key), in their order."""
    parts = ['"""The methods of the frozen dataclasses of generator/records/model.py, as dataclasses writes them.',
             "",
             "Generated by `python -m generator.records.frozen` (see generator/records/frozen.py): do not edit.",
             '"""',
             "# ruff: noqa",
             "# mypy: ignore-errors",
             "from dataclasses import FrozenInstanceError",
             "from reprlib import recursive_repr"]
    written = {name: key for name, key in keys.items() if key is not None}
    for name, key in written.items():
        parts += ["", "", _class_text(name, key)]
    parts += ["", "", "MAKERS = {"]
    parts += [f"    {name!r}: ({key!r}, _{name})," for name, key in written.items()]
    parts += ["}", ""]
    return "\n".join(parts)


def write_module() -> Path:
    """Regenerate :data:`MODULE` from the classes of model.py; the path written."""
    import importlib

    from generator.io.files import atomic_write

    importlib.import_module(SOURCE)
    keys = importlib.import_module(__spec__.name if __spec__ else __name__).KEYS  # model.py's, when run as __main__
    path = Path(__file__).with_name(MODULE.rsplit(".", 1)[-1] + ".py")
    atomic_write(path, module_text(keys[SOURCE]))
    return path


if __name__ == "__main__":
    print(f"wrote {write_module()}")
