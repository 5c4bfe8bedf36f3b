"""records/model.py's frozen dataclasses take their methods from a module written ahead of time
(generator/records/frozen.py): the module is fresh, every class uses it, and each class is what
``dataclasses.dataclass(frozen=True)`` makes of the same source, in its fields, parameters, docstring,
signature and the behaviour of its instances."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
import types
from pathlib import Path

import pytest

from generator.records import _model_methods, frozen, model

SHIPPED = Path(_model_methods.__file__)


def _real_classes() -> types.ModuleType:
    """model.py's source run with the real decorator, as a module of its own."""
    source = Path(model.__file__).read_text(encoding="utf-8").replace("if TYPE_CHECKING:", "if True:", 1)
    module = types.ModuleType("real_model")
    sys.modules[module.__name__] = module
    try:
        exec(compile(source, "real_model.py", "exec"), module.__dict__)  # noqa: S102 - our own source
    finally:
        del sys.modules[module.__name__]
    return module


REAL = _real_classes()
CLASSES = sorted(model.__all__)


def _field_facts(cls: type) -> list[tuple]:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash, f.kw_only, f.metadata)
            for f in dataclasses.fields(cls)]


def _params(cls: type) -> str:
    return repr(cls.__dataclass_params__).split("(", 1)[1]  # type: ignore[attr-defined]


def test_the_methods_module_is_fresh():
    assert SHIPPED.read_text(encoding="utf-8") == frozen.module_text(frozen.KEYS[frozen.SOURCE]), \
        "model.py changed: run `python -m generator.records.frozen`"


@pytest.mark.parametrize("name", CLASSES)
def test_each_class_takes_the_written_methods(name):
    cls = getattr(model, name)
    for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(cls, method).__module__ == _model_methods.__name__, method
        assert getattr(cls, method).__qualname__ == getattr(getattr(REAL, name), method).__qualname__


@pytest.mark.parametrize("name", CLASSES)
def test_each_class_is_the_real_frozen_dataclass(name):
    ours, real = getattr(model, name), getattr(REAL, name)
    assert dataclasses.is_dataclass(ours)
    assert _field_facts(ours) == _field_facts(real)
    assert _params(ours) == _params(real)
    assert ours.__match_args__ == real.__match_args__
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
    ours, real = getattr(model, name), getattr(REAL, name)
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
    if name != "Records":  # defined at module level of model.py: picklable (Records holds them all)
        assert pickle.loads(pickle.dumps(x)) == x


def test_a_class_the_module_was_not_written_for_gets_the_real_decorator():
    decorator = frozen.precompiled(_model_methods.MAKERS)

    @decorator(frozen=True)
    class Metric:  # same name as model.Metric, other fields: the written methods do not fit it
        type: str
        weight: float = 1.0

    assert "__create_fn__" in Metric.__init__.__code__.co_qualname or Metric.__init__.__module__ != \
        _model_methods.__name__
    assert repr(Metric("acc")) == "test_a_class_the_module_was_not_written_for_gets_the_real_decorator.<locals>." \
                                  "Metric(type='acc', weight=1.0)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Metric("acc").weight = 2.0
