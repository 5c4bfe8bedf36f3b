"""The JSON Schemas: valid draft 2020-12, every field described, examples conform."""

import json

import pytest
from jsonschema import Draft202012Validator

from generator.records.schema import KINDS, schema


def walk(node, path="$"):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}.{name}", sub
            yield from walk(sub, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from walk(node[key], f"{path}[]")
        for name, sub in (node.get("$defs") or {}).items():
            yield from walk(sub, f"{path}#{name}")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_and_every_field_is_described(kind):
    Draft202012Validator.check_schema(schema(kind))
    undescribed = [path for path, sub in walk(schema(kind)) if "description" not in sub and "$ref" not in sub]
    assert undescribed == []


def test_records_schema_names_every_kind():
    refs = json.dumps(schema("records"))
    for kind in KINDS:
        if kind != "records":
            assert f"{kind}.schema.json" in refs


@pytest.mark.parametrize("value, fix", [
    ("45.3%", "write the number without the % sign: 45.3 (a percentage; say so in the metric's name, e.g. "
              "`accuracy (%)`) or the fraction 0.453"),
    ("45.3 ± 1.2", "write the value as the number 45.3 and its uncertainty as stderr: 1.2"),
    ("45.3+/-1.2", "write the value as the number 45.3 and its uncertainty as stderr: 1.2"),
    ("58.45", "write the number without quotes"),
    ("abc", "write a number, e.g. 58.45"),
    ("", "write a number, e.g. 58.45"),
])
def test_a_value_written_as_text_gets_advice_for_its_shape(value, fix):
    from generator.records.schema import validate

    metric = {"benchmark": "A", "metrics": [{"type": "acc", "value": value}]}
    problems = validate("evaluation", metric)
    assert [(p.path, p.code, p.fix) for p in problems] == [("$.metrics[0].value", "wrong-type", fix)]
    score = {"title": "T", "columns": [{"label": "A"}], "rows": [{"label": "x", "scores": {"A": value}}]}
    [problem] = validate("comparison", score)
    assert problem.fix.startswith(fix if value != "58.45" else "write the number without quotes")
