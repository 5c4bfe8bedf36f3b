"""The wheel carries templates/ and schemas/ and renders an example when installed (not editable)."""

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return next(out.glob("*.whl"))


def test_wheel_contains_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/modelcard.md.j2" in names
    assert "generator/schemas/records.schema.json" in names
    assert "generator/data/hub_licenses.txt" in names
    assert "generator/data/hub_card_template_lines.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_renders_an_example(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import generator, sys; from generator.resources import templates_dir;"
            "assert generator.__file__.startswith(sys.argv[2]), generator.__file__;"
            "assert str(templates_dir()).startswith(sys.argv[2]), templates_dir();"
            "sys.stdout.write(generator.render_card(sys.argv[1]))")
    env = dict(os.environ, PYTHONPATH=str(target))
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "gemma-2-9b-it-sppo-iter2"), str(target)],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "tests" / "golden" / "gemma-2-9b-it-sppo-iter2.md").read_text()
