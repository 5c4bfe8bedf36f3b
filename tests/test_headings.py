"""No empty headings: a section with nothing under it is not written."""

from __future__ import annotations

import re

import pytest
from conftest import GOLDEN

from generator.markdown.frontmatter import split_card
from generator.render.card import render_card

HEADING = re.compile(r"^(#{1,6}) \S")
MARKER = re.compile(r"^<!-- modelcard-generator:")


def empty_headings(body: str) -> list[str]:
    """Headings followed by nothing, or directly by a heading of the same or a higher level
    (a heading followed by its own sub-heading has content: that subsection). The card's title,
    its first heading when that is of level 1, names the card and may stand alone."""
    lines: list[str] = []
    fence = ""
    for line in body.splitlines():
        if fence:
            fence = "" if line.startswith(fence) else fence
            lines.append("text")
            continue
        if re.match(r"^(```|~~~)", line):
            fence = line[:3]
        if line.strip() and not MARKER.match(line):
            lines.append(line)
    found = []
    headings = [i for i, line in enumerate(lines) if HEADING.match(line)]
    for i, line in enumerate(lines):
        m = HEADING.match(line)
        if not m or (i == headings[0] and m.group(1) == "#"):
            continue
        after = HEADING.match(lines[i + 1]) if i + 1 < len(lines) else None
        if i + 1 == len(lines) or (after and len(after.group(1)) <= len(m.group(1))):
            found.append(line)
    return found


def test_the_helper_finds_empty_headings():
    assert empty_headings("# T\n\n## A\n\ntext\n\n## B\n<!-- modelcard-generator:end b -->\n\n## C\n") == ["## B", "## C"]
    assert empty_headings("# T\n\n## A\n\n### A.1\n\ntext\n") == []
    assert empty_headings("## A\n\n```\n# not a heading\n```\n") == []
    assert empty_headings("# Title\n") == [] and empty_headings("# Title\n\n# Other\n") == ["# Other"]


SPARSE = {
    "repo-id-and-license": "model: {repo_id: acme/sparse, license: mit}\n",
    "repo-id-only": "model: {repo_id: acme/sparse}\n",
    "empty-training": "model: {repo_id: acme/sparse, license: mit}\ntraining: {}\n",
    "training-without-listed-facts": "model: {repo_id: acme/sparse}\ntraining: {hyperparameters: {}, results: []}\n",
    "blank-free-sections": "model: {repo_id: acme/sparse}\nsections:\n"
                           "  - {title: Uses, content: ''}\n  - {title: Limits, content: \"  \\n\", position: details}\n"
                           "  - {title: Notes, content: '', position: end}\n",
    "links-only": "model: {repo_id: acme/sparse, links: {Repository: 'https://example.com/x'}}\n",
}


@pytest.mark.parametrize("name", sorted(SPARSE))
def test_sparse_records_write_no_empty_heading(write, name):
    text = render_card(write("records.yaml", SPARSE[name]))
    _, body = split_card(text, "README.md")
    assert body.lstrip().startswith("<!-- modelcard-generator:begin header")
    assert "# sparse" in body
    assert empty_headings(body) == [], body
    assert not {"## Training procedure", "## Uses", "## Limits", "## Notes"} & set(body.splitlines())


def test_model_details_only_with_details(write):
    _, body = split_card(render_card(write("records.yaml", SPARSE["repo-id-only"])), "README.md")
    assert "Model details" not in body and "modelcard-generator:begin details" not in body
    _, body = split_card(render_card(write("records.yaml", SPARSE["repo-id-and-license"])), "README.md")
    assert "## Model details\n\n- **License:** mit\n" in body
    _, body = split_card(render_card(write("records.yaml", SPARSE["links-only"])), "README.md")
    assert "## Model details\n\n### Model sources\n\n- **Repository:** https://example.com/x\n" in body


@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDEN.glob("*.md")))
def test_golden_cards_have_no_empty_heading(golden):
    _, body = split_card((GOLDEN / golden).read_text(encoding="utf-8"), golden)
    assert empty_headings(body) == []


def test_an_empty_original_card_gets_no_heading(write):
    write("original/README.md", "---\nlicense: mit\n---\n\n")
    _, body = split_card(render_card(write("records.yaml", "model: {repo_id: acme/sparse, license: mit}\n"
                                                         "original: {card: original/README.md}\n")), "README.md")
    assert "Original Model Card" not in body and empty_headings(body) == []
