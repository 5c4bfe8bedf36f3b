"""`modelcard schema`: the shipped schemas as they are, or bundled into one file an editor can use alone."""

import copy
import json
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT
from jsonschema import Draft7Validator, Draft202012Validator

from generator.cli.main import main
from generator.io.files import load_data_file
from generator.records.schema import KINDS, schema
from generator.records.schemas_export import bundled_schema, schema_text


def record_sets():
    """Every record set of the examples (a folder's files merged as the loader merges them)."""
    for folder in sorted(p for p in EXAMPLES.rglob("*") if p.is_dir()):
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        if not files:
            continue
        merged = {}
        for f in files:
            for key, value in load_data_file(f).items():
                if isinstance(value, list):
                    merged.setdefault(key, []).extend(value)
                else:
                    merged[key] = value
        yield folder.relative_to(EXAMPLES).as_posix(), merged


RECORD_SETS = dict(record_sets())


def test_every_example_record_set_is_found():
    assert len(RECORD_SETS) >= 7 and "zephyr-7b-gemma-v0.1" in RECORD_SETS


@pytest.mark.parametrize("kind", KINDS)
def test_plain_schema_is_the_shipped_file(kind, capsys):
    assert main(["schema", kind]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())


def test_default_kind_is_records(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "records"


def test_bundle_is_self_contained():
    bundle = bundled_schema("records")
    Draft202012Validator.check_schema(bundle)
    refs = re.findall(r'"\$ref": "([^"]*)"', json.dumps(bundle))
    assert refs and all(ref.startswith("#/$defs/") for ref in refs)
    assert set(bundle["$defs"]) == set(KINDS) - {"records"}
    assert all("$id" not in d and "$schema" not in d for d in bundle["$defs"].values())
    assert schema("records")["properties"]["model"] == {"$ref": "model.schema.json"}  # shipped file untouched


@pytest.mark.parametrize("name", sorted(RECORD_SETS))
def test_bundled_schema_alone_validates_every_example(name):
    # no registry: a bundled schema must resolve everything within itself, as an editor does
    validator = Draft202012Validator(json.loads(schema_text("records", bundle=True)))
    assert list(validator.iter_errors(RECORD_SETS[name])) == []
    # editors that speak draft-07 only (yaml-language-server) read the JSON pointers the same way
    assert list(Draft7Validator(bundled_schema("records")).iter_errors(RECORD_SETS[name])) == []


@pytest.mark.parametrize("mutate, where", [
    (lambda r: [r["model"].pop(key, None) for key in ("repo_id", "name")], "model"),
    (lambda r: r["evaluations"][0]["metrics"][0].update(value="high"), "value"),
    (lambda r: r["comparisons"][0]["columns"][0].update(colour="red"), "colour"),
    (lambda r: r["groups"][0].update(decimals=11), "decimals"),
    (lambda r: r.update(sections=[{"title": "Both", "content": "x", "file": "x.md"}]), "sections"),
])
def test_bundled_schema_rejects_broken_records(mutate, where):
    records = copy.deepcopy(RECORD_SETS["zephyr-7b-gemma-v0.1"])
    mutate(records)
    errors = list(Draft202012Validator(bundled_schema("records")).iter_errors(records))
    said = [" ".join(map(str, e.absolute_path)) + ": " + e.message for e in errors]
    assert any(where in line for line in said), said


def test_bundle_cli_writes_file(tmp_path, capsys):
    target = tmp_path / "records.schema.json"
    assert main(["schema", "--bundle", "-o", str(target)]) == 0
    assert json.loads(target.read_text()) == bundled_schema("records")
    assert main(["schema", "--bundle"]) == 0
    assert capsys.readouterr().out == target.read_text()  # deterministic


def test_list(capsys):
    assert main(["schema", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(KINDS)


def test_unknown_kind_is_a_usage_error_listing_the_kinds():
    result = subprocess.run([sys.executable, "-m", "generator", "schema", "recrods"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown schema kind 'recrods'" in result.stderr
    assert ", ".join(KINDS) in result.stderr


def test_help_names_every_kind(capsys):
    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert all(kind in out for kind in KINDS)
