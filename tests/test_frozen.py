"""The frozen dataclasses of generator.frozen.SOURCES take their methods from a module written ahead of
time (generator/frozen.py): the module is fresh, every class uses it, and each class is what
``dataclasses.dataclass(frozen=True)`` makes of the same source, in its fields, parameters, docstring,
signature and the behaviour of its instances."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import re
import sys
import types
from pathlib import Path

import pytest

from generator import _frozen_methods, frozen

SHIPPED = Path(_frozen_methods.__file__)
MODULES = {name: importlib.import_module(name) for name in frozen.SOURCES}


def _real_classes(module: types.ModuleType) -> types.ModuleType:
    """A module's source run with dataclasses' own decorator, as a module of its own."""
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    source, n = re.subn(r"^from generator\.frozen import dataclass.*$", "from dataclasses import dataclass", source,
                        flags=re.M)
    assert n == 1
    real = types.ModuleType("real_" + module.__name__.replace(".", "_"))
    sys.modules[real.__name__] = real
    try:
        exec(compile(source, real.__name__ + ".py", "exec"), real.__dict__)  # noqa: S102 - our own source
    finally:
        del sys.modules[real.__name__]
    return real


REAL = {name: _real_classes(module) for name, module in MODULES.items()}
CLASSES = sorted(_frozen_methods.MAKERS)


def _pair(name: str) -> tuple[type, type]:
    module, qualname = name.split(":")
    return getattr(MODULES[module], qualname), getattr(REAL[module], qualname)


def _field_facts(cls: type) -> list[tuple]:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash,
             getattr(f, "kw_only", None), f.metadata)  # kw_only: Python 3.10+
            for f in dataclasses.fields(cls)]


def _params(cls: type) -> str:
    return repr(cls.__dataclass_params__).split("(", 1)[1]  # type: ignore[attr-defined]


def test_the_methods_module_is_fresh_and_covers_every_frozen_dataclass_of_its_sources():
    assert SHIPPED.read_text(encoding="utf-8") == frozen.module_text(frozen.KEYS), \
        "a class changed: run `python -m generator.frozen`"
    for name, real in REAL.items():
        classes = [k for k, v in vars(real).items() if dataclasses.is_dataclass(v) and v.__module__ == real.__name__]
        assert classes and all(f"{name}:{k}" in _frozen_methods.MAKERS for k in classes), name


@pytest.mark.parametrize("name", CLASSES)
def test_each_class_takes_the_written_methods(name):
    cls, real = _pair(name)
    for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(cls, method).__module__ == _frozen_methods.__name__, method
        # Python 3.9's dataclasses leave them named __create_fn__.<locals>.<method>; 3.10+ name them as these are
        assert getattr(cls, method).__qualname__ == f"{cls.__qualname__}.{method}"
        if sys.version_info >= (3, 10):
            assert getattr(real, method).__qualname__ == f"{real.__qualname__}.{method}"


@pytest.mark.parametrize("name", CLASSES)
def test_each_class_is_the_real_frozen_dataclass(name):
    ours, real = _pair(name)
    assert dataclasses.is_dataclass(ours)
    assert _field_facts(ours) == _field_facts(real)
    assert _params(ours) == _params(real)
    assert getattr(ours, "__match_args__", None) == getattr(real, "__match_args__", None)  # Python 3.10+
    assert ours.__doc__ == real.__doc__
    assert str(inspect.signature(ours)) == str(inspect.signature(real))
    assert ours.__init__.__annotations__ == real.__init__.__annotations__
    assert inspect.signature(ours.__init__).parameters.keys() == inspect.signature(real.__init__).parameters.keys()


def _values(cls: type, salt: str) -> dict:
    """A value for every field, distinct per field and salt (fields of defaults left out half the time)."""
    out = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        if f.default is dataclasses.MISSING or i % 2:
            out[f.name] = (f"{salt}{i}", i) if i % 3 else f"{salt}{i}"
    return out


@pytest.mark.parametrize("name", CLASSES)
def test_each_class_behaves_as_the_real_frozen_dataclass(name):
    ours, real = _pair(name)
    a, b, c = _values(ours, "a"), _values(ours, "a"), _values(ours, "c")
    x, y, z, r = ours(**a), ours(**b), ours(**c), real(**a)
    assert repr(x) == repr(r) and hash(x) == hash(r)
    assert dataclasses.asdict(x) == dataclasses.asdict(r) and dataclasses.astuple(x) == dataclasses.astuple(r)
    assert (x == y, x == z, x != z, hash(x) == hash(y)) == (True, False, True, True)
    assert x.__eq__(r) is NotImplemented and (x == r) is False  # another class, as between two real classes
    assert dataclasses.replace(x, **c) == z and copy.copy(x) == x and copy.deepcopy(x) == x
    field = dataclasses.fields(ours)[0].name
    for target in (x, r):
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{field}'"):
            setattr(target, field, 1)
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{field}'"):
            delattr(target, field)
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
            target.other = 1
    if all(f.default is not dataclasses.MISSING for f in dataclasses.fields(ours)):
        assert repr(ours()) == repr(real())
    else:
        with pytest.raises(TypeError) as mine:
            ours()
        with pytest.raises(TypeError) as theirs:
            real()
        assert str(mine.value) == str(theirs.value)
    assert pickle.loads(pickle.dumps(x)) == x


def test_a_class_the_module_was_not_written_for_gets_the_real_decorator():
    @frozen.dataclass(frozen=True)
    class Metric:  # not a class of SOURCES: no written methods
        type: str
        weight: float = 1.0

    assert Metric.__init__.__module__ != _frozen_methods.__name__
    assert repr(Metric("acc")) == "test_a_class_the_module_was_not_written_for_gets_the_real_decorator.<locals>." \
                                  "Metric(type='acc', weight=1.0)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Metric("acc").weight = 2.0


def test_a_class_whose_fields_changed_gets_the_real_decorator():
    """An edited class of SOURCES (here: model.Metric with other fields) does not take methods written for the old."""
    keys = frozen.KEYS["generator.records.model"]
    before = keys["Metric"]
    namespace = {"__module__": "generator.records.model", "__qualname__": "Metric", "weight": 1.0,
                 "__annotations__": {"type": "str", "weight": "float"}}
    try:
        made = frozen.dataclass(frozen=True)(type("Metric", (), namespace))
    finally:
        keys["Metric"] = before
    assert made.__init__.__module__ != _frozen_methods.__name__
    assert repr(made("acc")) == "Metric(type='acc', weight=1.0)"
