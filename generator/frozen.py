"""Frozen dataclasses whose methods are compiled ahead of time.

``dataclasses.dataclass(frozen=True)`` writes six methods of each class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) as source text and compiles it at every
start: about 30 ms of a render's cold start for the classes of records/model.py alone. Modules import
:func:`dataclass` from here instead of from dataclasses; it makes the same class from methods written
once into :data:`MODULE` (which Python's bytecode cache serves; ``__init__`` stores the fields in the instance's
``__dict__`` directly, as ``object.__setattr__`` would): the methods are attached, then
dataclasses' own processing runs with its code generation turned off (fields, ``__match_args__``, the
docstring), and ``__dataclass_params__`` says what the real decorator says. A class whose fields
differ from those the module was written for (an edited class), a module not in :data:`SOURCES`, other
options than ``frozen=True``, ``field(...)`` defaults, ``ClassVar``/``InitVar`` fields, dataclass bases,
``__post_init__``, ``__slots__`` or a class's own versions of the six methods: all get the real
``dataclasses.dataclass``. Type checkers see dataclasses' own decorator.

Regenerate after editing a class of :data:`SOURCES`: ``python -m generator.frozen``
(tests/test_frozen.py checks the module is fresh, is used, and that each class behaves as the real
dataclass).
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

MODULE = "generator._frozen_methods"
# The modules whose classes the module holds methods for (those on the cold start of a render or a check).
SOURCES = ("generator.errors", "generator.markdown.fences", "generator.markdown.tables", "generator.card.managed",
           "generator.records.numbers", "generator.records.methods", "generator.records.bibfast",
           "generator.records.model", "generator.render.tables")
_METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__")

# The key of each class decorated in this process (read before processing), by module and qualified name.
KEYS: dict[str, dict[str, Optional[tuple]]] = {}


def class_key(cls: type) -> Optional[tuple]:
    """What the generated methods of ``cls`` depend on, read from the class before processing: each field's
    name, type text and whether it has a default; None for what the module does not write (see above)."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]) or \
            any(name in cls.__dict__ for name in _METHODS) or "__slots__" in cls.__dict__:
        return None
    fields = []
    for name, kind in cls.__dict__.get("__annotations__", {}).items():
        default = cls.__dict__.get(name, dataclasses.MISSING)
        if not isinstance(kind, str) or isinstance(default, dataclasses.Field) or \
                kind.replace("dataclasses.", "").replace("typing.", "").startswith(("ClassVar", "InitVar", "KW_ONLY")):
            return None
        fields.append((name, kind, default is not dataclasses.MISSING))
    return tuple(fields)


def _made(cls: type, options: dict[str, Any]) -> type:
    """``cls`` made a dataclass with ``options``: by the written methods where they fit, else by dataclasses."""
    key = class_key(cls)
    KEYS.setdefault(cls.__module__, {})[cls.__qualname__] = key
    entry = _makers().get(f"{cls.__module__}:{cls.__qualname__}")
    if options != {"frozen": True} or key is None or entry is None or entry[0] != key:
        return dataclasses.dataclass(cls, **options)
    defaults = {name: cls.__dict__[name] for name, _, has_default in key if has_default}
    for name, fn in entry[1](cls, defaults).items():
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
        setattr(cls, name, fn)
    if not cls.__doc__:  # dataclasses' docstring, without the inspect.signature it would take (0.1 ms a class)
        cls.__doc__ = cls.__name__ + _signature_text(key, defaults).replace(" -> None", "")
    made: Any = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # fields, __match_args__
    params = made.__dataclass_params__
    params.init = params.repr = params.eq = params.frozen = True
    return made


def _signature_text(key: tuple, defaults: Mapping[str, Any]) -> str:
    """``str(inspect.signature(cls))`` of a class whose ``__init__`` the module wrote for ``key``."""
    return "(" + ", ".join(f"{name}: {kind!r}" + (f" = {defaults[name]!r}" if has_default else "")
                           for name, kind, has_default in key) + ") -> None"


_MAKERS: Optional[Mapping[str, tuple[tuple, Callable[..., dict[str, Any]]]]] = None


def _makers() -> Mapping[str, tuple[tuple, Callable[..., dict[str, Any]]]]:
    global _MAKERS
    if _MAKERS is None:
        try:
            _MAKERS = importlib.import_module(MODULE).MAKERS
        except ImportError:  # pragma: no cover - before `python -m generator.frozen` first wrote it
            _MAKERS = {}
    return _MAKERS


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    def dataclass(cls=None, /, **options):
        """``dataclasses.dataclass``, with the methods of a ``frozen=True`` class written ahead of time."""
        if cls is None:
            return lambda c: _made(c, options)
        return _made(cls, options)


def _class_text(name: str, key: tuple) -> str:
    names = [f for f, _, _ in key]
    fields = "(" + "".join(f"{f!r}," for f in names) + ")"
    params = ", ".join(f"{f}: {kind!r}" + (f" = _dflt_{f}" if has_default else "") for f, kind, has_default in key)
    lines = [f"def {name}(__dataclass_cls__, __dataclass_defaults__):"]
    lines += [f"    _dflt_{f} = __dataclass_defaults__[{f!r}]" for f, _, has_default in key if has_default]
    lines += ["",
              f"    def __init__(self, {params}) -> None:"]
    # the instance's __dict__ written directly (what object.__setattr__ does for these classes, which have neither
    # slots nor descriptors for their fields), without a call a field
    lines += ["        __dataclass_dict__ = self.__dict__"] if names else ["        pass"]
    lines += [f"        __dataclass_dict__[{f!r}] = {f}" for f in names]
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


def module_text(keys: Mapping[str, Mapping[str, Optional[tuple]]]) -> str:
    """The text of :data:`MODULE` for the classes of ``keys`` (module -> qualified name -> class_key) of the
    modules of :data:`SOURCES`, in their order."""
    parts = ['"""The methods of the frozen dataclasses of generator.frozen.SOURCES, as dataclasses writes them.',
             "",
             "Generated by `python -m generator.frozen` (see generator/frozen.py): do not edit.",
             '"""',
             "# ruff: noqa",
             "# mypy: ignore-errors",
             "from dataclasses import FrozenInstanceError",
             "from reprlib import recursive_repr"]
    written = {f"{module}:{name}": key for module in SOURCES for name, key in keys.get(module, {}).items()
               if key is not None}
    makers = {name: "_" + name.replace("generator.", "").replace(".", "_").replace(":", "__") for name in written}
    for name, key in written.items():
        parts += ["", "", _class_text(makers[name], key)]
    parts += ["", "", "MAKERS = {"]
    parts += [f"    {name!r}: ({key!r}, {makers[name]})," for name, key in written.items()]
    parts += ["}", ""]
    return "\n".join(parts)


def write_module() -> Path:
    """Regenerate :data:`MODULE` from the classes of :data:`SOURCES`; the path written."""
    from generator.io.files import atomic_write

    for source in SOURCES:
        importlib.import_module(source)
    keys = importlib.import_module("generator.frozen").KEYS  # the imported module's, when this one runs as __main__
    path = Path(__file__).with_name(MODULE.rsplit(".", 1)[-1] + ".py")
    atomic_write(path, module_text(keys))
    return path


if __name__ == "__main__":
    print(f"wrote {write_module()}")
