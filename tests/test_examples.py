"""Every bundled example renders, validates, matches its golden card and rebuilds its seed."""

import os
import subprocess
import sys

import pytest
import yaml
from conftest import ACCEPTANCE, EXAMPLE_NAMES, EXAMPLES, GOLDEN, SEEDS

from generator import load_records, render_card, validate_card


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def rendered(request, tmp_path_factory):
    name = request.param
    card = render_card(EXAMPLES / name)
    path = tmp_path_factory.mktemp(name) / "README.md"
    path.write_text(card, encoding="utf-8")
    return name, card, path


def test_every_seed_has_its_example():
    assert sorted(SEEDS) == EXAMPLE_NAMES


def test_matches_golden_card(rendered):
    name, card, _ = rendered
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(card, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == card, "re-run with UPDATE_GOLDEN=1 if the change is intended"


def test_rebuilds_its_seed(rendered):
    name, _, path = rendered
    result = subprocess.run([sys.executable, str(ACCEPTANCE / "tools" / "seedcheck.py"), SEEDS[name], str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validates_as_records_and_as_card(rendered):
    """Strictly: not one warning, as records or as the rendered card."""
    name, _, path = rendered
    for target in (EXAMPLES / name, path):
        report = validate_card(target)
        assert report.ok and not report.warnings, [str(p) for p in report.problems]
    assert validate_card(EXAMPLES / name).values_checked > 0


def test_every_example_passes_validate_strict(capsys):
    from generator.cli.main import main

    assert main(["validate", "--strict", *(str(EXAMPLES / name) for name in EXAMPLE_NAMES)]) == 0, \
        capsys.readouterr().err


def test_huggingface_hub_reads_the_records_back(rendered):
    from huggingface_hub import ModelCard

    name, card, _ = rendered
    records = load_records(EXAMPLES / name)
    parsed = ModelCard(card)
    expected = [(e.benchmark, e.dataset_id, m.type, m.value, m.name)
                for e in records.indexed_evaluations for m in e.metrics]
    inherited = records.original is not None and records.original.inherit_metadata and not records.indexed_evaluations
    if inherited:
        expected = [(e.benchmark, e.dataset_id, m.type, m.value, m.name)
                    for e in records.original.records.indexed_evaluations for m in e.metrics]
    got = [(r.dataset_name, r.dataset_type, r.metric_type, r.metric_value, r.metric_name)
           for r in parsed.data.eval_results or []]
    assert got == expected


def test_no_model_index_or_tables_typed_by_hand():
    for name in EXAMPLE_NAMES:
        for path in (EXAMPLES / name).rglob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert "model-index" not in (data.get("model", {}).get("metadata") or {}), path
            for section in data.get("sections", []):
                lines = section.get("content", "").splitlines()
                assert not any(line.lstrip().startswith("|") and line.count("|") >= 2 for line in lines), path
                assert "<table" not in section.get("content", ""), path


def test_readme_record_example_renders_and_validates(tmp_path):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Record format", 1)[1].split("```yaml\n", 1)[1].split("```\n", 1)[0]
    path = tmp_path / "records.yaml"
    path.write_text(block, encoding="utf-8")
    report = validate_card(path)
    assert report.ok, [str(p) for p in report.errors]
    assert "| *[Tiny Llama DPO]" in render_card(path)


def test_images_have_alt_text_and_details_state_each_base_once(rendered, write):
    """An image without alt text is invisible to a screen reader; Zephyr once listed both "Finetuned from model"
    (typed in its details) and "Finetuned from" (from base_model), naming two different models."""
    import re

    from conftest import MINIMAL

    from generator.records.hubrules import RELATION_LABELS

    _, card, _ = rendered
    images = re.findall(r"!\[([^\]]*)\]\(", card)
    assert all(alt.strip() for alt in images), images
    details = [line for line in card.splitlines() if line.startswith("- **")]
    for label in RELATION_LABELS.values():
        assert len([line for line in details if line.startswith(f"- **{label}")]) <= 1, label
    no_alt = MINIMAL.replace("  license:", "  image: {url: 'https://x.org/logo.png'}\n  name: Tiny DPO\n  license:", 1)
    assert "![Tiny DPO](https://x.org/logo.png)" in render_card(write("r.yaml", no_alt))
