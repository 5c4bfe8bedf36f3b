"""docs/records.md and docs/cli.md are generated: they must match the schemas and the parser."""

import re

import pytest
from conftest import ROOT, schema_fields

from generator.cli.docs import cli_reference, generated_docs, main, records_reference, stale_docs
from generator.cli.parser import build_parser
from generator.records.schemas_export import bundled_schema

DOCS = ROOT / "docs"
FIX = "docs/{name} is out of date: run `python -m generator.cli.docs` and commit the result"


@pytest.mark.parametrize("name", ["records.md", "cli.md"])
def test_generated_doc_is_up_to_date(name):
    path = DOCS / name
    assert path.is_file(), FIX.format(name=name)
    assert path.read_text(encoding="utf-8") == generated_docs()[name], FIX.format(name=name)


def test_records_reference_names_every_field():
    text = records_reference()
    root = bundled_schema("records")
    rows = set(re.findall(r"^\| `([^`]+)` \|", text, re.M))
    paths = [path for path, _ in schema_fields(root)]
    assert len(paths) > 50
    for path in paths:
        assert path in rows or "." not in path and f"## {path}" in text, path
    assert "| `model.base_model_relation` | one of `finetune`, `adapter`, `merge`, `quantized` | no |" in text
    assert "| `model.repo_id` | string (at most 96 characters" in text


def test_cli_reference_covers_every_subcommand_and_option():
    text = cli_reference()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():
        assert f"## modelcard {name}\n" in text
        for action in command._actions:
            for option in action.option_strings:
                if option in ("-h", "--help"):
                    continue
                assert f"`{option}" in text, (name, option)


def test_check_reports_stale_files(tmp_path, capsys):
    assert main(["--docs-dir", str(tmp_path), "--check"]) == 1
    assert "run `python -m generator.cli.docs`" in capsys.readouterr().err
    assert main(["--docs-dir", str(tmp_path)]) == 0
    assert main(["--docs-dir", str(tmp_path), "--check"]) == 0
    (tmp_path / "cli.md").write_text("edited by hand\n")
    assert stale_docs(tmp_path) == [str(tmp_path / "cli.md")]


def test_readme_layout_lists_every_package_folder():
    """The README's "How the code is laid out" table names each folder of generator/, and only those."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `generator/(\w+)/` \|", section, flags=re.M))
    folders = {p.parent.name for p in (ROOT / "generator").glob("*/__init__.py")}
    assert listed == folders


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.M | re.S)


def test_readme_python_runs_as_written(tmp_path):
    """Every Python block of the README runs as written in a fresh interpreter, in a folder holding nothing but
    a copy of examples/: it may read only what it writes (the snippet once validated a README.md it never wrote)."""
    import shutil
    import subprocess
    import sys

    blocks = _python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "the README has a Python example"
    for n, code in enumerate(blocks):
        work = tmp_path / f"block{n}"
        shutil.copytree(ROOT / "examples", work / "examples")
        result = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True)
        assert result.returncode == 0, f"README python block {n}:\n{code}\n{result.stderr}"
        written = sorted(p.name for p in work.iterdir() if p.name != "examples")
        assert written == ["zephyr-card.md"], written
