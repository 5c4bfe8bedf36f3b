import pytest

from generator import load_records, render_card
from generator.errors import CitationError

ENTRY = "@misc{tunstall2023zephyr,\n  title={Zephyr: Direct Distillation of LM Alignment},\n  year={2023}\n}"


def records(write, citations: str):
    return write("r.yaml", "model: {repo_id: acme/x}\ncitations:\n" + citations)


def test_entries_are_kept_verbatim_and_deduplicated(write):
    path = records(write, f"  - bibtex: |\n{_indent(ENTRY)}\n  - label: 'Again:'\n    bibtex: |\n{_indent(ENTRY)}\n")
    loaded = load_records(path)
    assert [c.entries[0].key for c in loaded.citations] == ["tunstall2023zephyr"]
    card = render_card(loaded)
    assert card.count("```bibtex") == 1
    assert ENTRY in card


def test_same_key_different_entry_is_an_error(write):
    other = ENTRY.replace("2023}", "2024}")
    path = records(write, f"  - bibtex: |\n{_indent(ENTRY)}\n  - bibtex: |\n{_indent(other)}\n")
    with pytest.raises(CitationError, match="used by two different entries"):
        load_records(path)


@pytest.mark.parametrize("bad, fragment", [
    ("@misc{key, title={unclosed}\n@article{b, title={x}}", "malformed"),
    ("just words, no entry", "outside any BibTeX entry"),
    ("@misc{key, year={2020}}", "has no title"),
])
def test_malformed_bibtex_is_a_clear_error(write, bad, fragment):
    with pytest.raises(CitationError) as exc:
        load_records(records(write, f"  - bibtex: |\n{_indent(bad)}\n"))
    text = "\n".join(str(p) for p in exc.value.problems)
    assert fragment in text and "$.citations[0].bibtex" in text


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines())
