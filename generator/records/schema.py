"""The JSON Schemas in schemas/, compiled once, and their errors turned into Problems."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable, Sequence

from generator.errors import Problem, close_matches
from generator.io.data import json_path
from generator.records.numbers import number_text_fix
from generator.resources import schemas_dir

KINDS = ("records", "model", "training", "evaluation", "comparison", "citation", "section")
BASE_URI = "https://modelcard-generator.dev/schemas/"


@functools.lru_cache(maxsize=None)
def schema(kind: str) -> dict:
    """The JSON Schema of one record kind (``records`` is the whole record set)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return json.loads((schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (BASE_URI + f"{k}.schema.json", Resource.from_contents(schema(k))) for k in KINDS
    )
    return Draft202012Validator(schema(kind), registry=registry)


def _email_utils() -> Any:
    """The real ``email.utils``, imported now (the stand-in of :func:`_import_jsonschema_rs` gives way)."""
    import sys

    if getattr(sys.modules.get("email.utils"), "_modelcard_stand_in", False):
        del sys.modules["email.utils"]
    import email.utils

    return email.utils


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parsedate_to_datetime(data: Any) -> Any:
    """``email.utils.parsedate_to_datetime``: a date as the extension writes its build date
    (``Thu, 12 Nov 2026 07:50:16 +0000``) read here, to the same value (a test holds them equal); any other
    text, or a value out of range, by the real function."""
    import datetime

    parts = data.split(" ") if type(data) is str and len(data) == 31 else ()
    if len(parts) == 6 and parts[0][:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") and \
            parts[0][3:] == "," and parts[2] in _MONTHS and parts[5][:1] == "+" and \
            all(p.isascii() and p.isdigit() for p in (parts[1], parts[3], parts[4][:2], parts[4][3:5],
                                                         parts[4][6:], parts[5][1:])) and \
            parts[4][2::3] == "::" and int(parts[3]) >= 100:  # email.utils reads 0-99 as 1969-2068
        zone = int(parts[5][1:])
        try:
            return datetime.datetime(int(parts[3]), _MONTHS.index(parts[2]) + 1, int(parts[1]), int(parts[4][:2]),
                                     int(parts[4][3:5]), int(parts[4][6:]), tzinfo=datetime.timezone(
                                         datetime.timedelta(seconds=zone // 100 * 3600 + zone % 100 * 60)))
        except ValueError:
            pass
    return _email_utils().parsedate_to_datetime(data)


def _import_jsonschema_rs() -> Any:
    """``import jsonschema_rs``, without loading ``email.utils`` before it is used.

    jsonschema-rs's extension takes ``email.utils.parsedate_to_datetime`` when it loads (which imports
    ``socket``, ``datetime``, ``calendar``, ``email.charset``...: about 38 M instructions, 8% of a
    ``render``'s cold start) and calls it only on a date it must parse. It gets a stand-in module whose
    ``parsedate_to_datetime`` (and any other name) imports the real module when first used, and the stand-in
    leaves ``sys.modules`` as soon as the extension has loaded. Only while no other thread could import
    ``email.utils`` meanwhile; otherwise, or once it is loaded, a plain import.
    """
    import sys

    threading = sys.modules.get("threading")
    if "jsonschema_rs" in sys.modules or "email.utils" in sys.modules or \
            (threading is not None and threading.active_count() > 1):
        import jsonschema_rs

        return jsonschema_rs
    stand_in: Any = type(sys)("email.utils")
    stand_in._modelcard_stand_in = True
    stand_in.parsedate_to_datetime = _parsedate_to_datetime
    stand_in.__getattr__ = lambda name: getattr(_email_utils(), name)
    sys.modules["email.utils"] = stand_in
    try:
        import jsonschema_rs
    finally:
        if sys.modules.get("email.utils") is stand_in:
            del sys.modules["email.utils"]
    return jsonschema_rs


@functools.lru_cache(maxsize=None)
def _fast_validator(kind: str) -> Any:
    """jsonschema-rs compiled once: a fast yes/no; None where it is not installed."""
    try:
        jsonschema_rs = _import_jsonschema_rs()
    except ImportError:  # pragma: no cover - optional speed-up
        return None
    registry = jsonschema_rs.Registry([(BASE_URI + f"{k}.schema.json", schema(k)) for k in KINDS])
    return jsonschema_rs.validator_for(schema(kind), registry=registry)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {"string": "a string", "number": "a number", "integer": "an integer", "boolean": "true or false",
               "object": "a mapping", "array": "a list", "null": "null"}


def _type_fix(expected: Any, value: Any, parts: Sequence = ()) -> str:
    """How to give ``value`` the type ``expected``; ``parts``: its path (a metric's value may keep its text)."""
    types = expected if isinstance(expected, list) else [expected]
    metric = list(parts[-3::2]) in (["metrics", "value"], ["metrics", "values"])  # evaluations[].metrics[k].value(s)
    if metric and parts[-1] == "value" and isinstance(value, (list, dict)):
        return f"write it as values: {'a list' if isinstance(value, list) else 'a mapping'} is kept there, and " \
               "written to model-index as it is"
    if metric and parts[-1] == "values":
        return "write a single score as value (or as text, one written as text); values holds a list or mapping"
    if "boolean" in types and isinstance(value, str) and value.lower() in ("true", "false"):
        return "remove the quotes: write true or false"
    if "number" in types or "integer" in types:
        if isinstance(value, str):
            # '45.3%' and '45.3 ± 1.2' get their own advice; a metric's value can keep its text beside it
            return number_text_fix(value, keeps_text=metric)
        return "write a number"
    if types == ["string"] and isinstance(value, bool):
        return "quote the value: YAML reads yes/no/on/off/true/false as booleans"
    if types == ["string"] and isinstance(value, (int, float)):
        return "quote the value so it stays a string"
    return "use " + " or ".join(_TYPE_NAMES.get(t) or str(t) for t in types)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _problem(error: Any, locate: Callable[[list], tuple[str, str]]) -> list[Problem]:
    parts = list(error.absolute_path)
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key in known:
                continue
            file, path = locate(parts + [key])
            guess = close_matches(key, known, n=1, cutoff=0.6)
            fix = f"did you mean {guess[0]!r}?" if guess else "remove it; allowed keys: " + ", ".join(known)
            out.append(Problem(file, path, f"unknown key {key!r}", fix, code="unknown-key"))
        return out
    file, path = locate(parts)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Problem(file, path, f"missing required key {missing!r}", f"add {missing!r}", code="missing-field")]
    if validator == "type":
        expected = error.validator_value
        names = (_TYPE_NAMES.get(expected, expected) if isinstance(expected, str)
                 else " or ".join(_TYPE_NAMES.get(t, t) for t in expected))
        return [Problem(file, path, f"{_describe(error.instance)} is not {names}",
                        _type_fix(error.validator_value, error.instance, parts), code="wrong-type")]
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        guess = close_matches(str(error.instance), [str(v) for v in error.validator_value], n=1)
        fix = f"did you mean {guess[0]!r}?" if guess else f"use one of: {allowed}"
        return [Problem(file, path, f"{_describe(error.instance)} is not one of: {allowed}", fix,
                        code="not-allowed-value")]
    if validator == "anyOf" and all(set(o) == {"required"} for o in error.validator_value):
        options = [" and ".join(o["required"]) for o in error.validator_value]
        return [Problem(file, path, "needs one of: " + ", ".join(options), "add " + " or ".join(options),
                        code="missing-field")]
    if validator in ("oneOf", "anyOf"):
        if isinstance(error.schema, dict) and "required" in str(error.validator_value):
            options = [" / ".join(o.get("required", [])) for o in error.validator_value]
            return [Problem(file, path, "needs exactly one of: " + ", ".join(options), "keep exactly one of them",
                            code="needs-one-of")]
        kinds = []
        for option in error.validator_value:
            t = option.get("type")
            if t == "array":
                kinds.append("a list")
            elif t:
                kinds.append(_TYPE_NAMES.get(t, t))
        expected = " or ".join(dict.fromkeys(kinds)) or "a valid value"
        if isinstance(error.instance, str) and _looks_numeric(error.instance) and "a number" in kinds:
            return [Problem(file, path, f"{_describe(error.instance)} is a number written as a string",
                            "write the number without quotes (or a fraction like 159/160)", code="wrong-type")]
        if isinstance(error.instance, str) and "a number" in kinds:
            return [Problem(file, path, f"{_describe(error.instance)} is not a number", number_text_fix(error.instance),
                            code="wrong-type")]
        quote = " (quote strings YAML could read as other types)" if "a string" in kinds else ""
        return [Problem(file, path, f"{_describe(error.instance)} is not {expected}", f"write {expected}{quote}",
                        code="wrong-type")]
    if validator == "pattern":
        description = error.schema.get("description", "")
        return [Problem(file, path, f"{_describe(error.instance)} has the wrong form",
                        description or f"match {error.validator_value}", code="bad-format")]
    if validator in ("minLength", "minItems"):
        return [Problem(file, path, "must not be empty", "fill it in or leave the key out", code="empty-value")]
    if validator in ("minimum", "maximum", "maxLength"):
        return [Problem(file, path, error.message, "use a value within the allowed range",
                        code="too-long" if validator == "maxLength" else "out-of-range")]
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    return [Problem(file, path, error.message, description, code="schema-violation")]


def validate(kind: str, data: Any, locate: Callable[[list], tuple[str, str]] | None = None) -> list[Problem]:
    """Every schema error of ``data`` as Problems, in document order.

    ``locate`` maps a path (list of keys/indexes) in ``data`` to (file, JSON path),
    so errors in merged record folders name the file they came from.
    """
    fast = _fast_validator(kind)
    if fast is not None and fast.is_valid(data):
        return []  # the common case, in a fraction of a millisecond; jsonschema explains failures
    if locate is None:
        locate = lambda parts: ("", json_path(parts))  # noqa: E731
    errors = sorted(_validator(kind).iter_errors(data),
                    key=lambda e: [f"{p:09d}" if isinstance(p, int) else p for p in e.absolute_path])
    problems: list[Problem] = []
    for error in errors:
        problems.extend(_problem(error, locate))
    return list(dict.fromkeys(problems))
