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
