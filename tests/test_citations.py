import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# The bundled library: every entry parses, has the fields a citation needs, and its key is unique.

def test_bundled_library_entries_parse_and_are_complete():
    import bibtexparser

    from generator.records.citations import LIBRARY_PATH

    library = bibtexparser.parse_string(LIBRARY_PATH.read_text(encoding="utf-8"))
    assert not library.failed_blocks, [type(b).__name__ + f" at line {b.start_line + 1}" for b in library.failed_blocks]
    stray = [b.comment for b in library.blocks if type(b).__name__ == "ImplicitComment"
             and any(line.strip() and not line.strip().startswith("%") for line in b.comment.splitlines())]
    assert not stray, f"text outside entries that is not a % comment: {stray}"
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys)), f"duplicate keys: {sorted(k for k in keys if keys.count(k) > 1)}"
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value).strip() for f in entry.fields}
        missing = [name for name in ("title", "author", "year") if not fields.get(name)]
        assert entry.key and not missing, f"{entry.key}: no {', '.join(missing)}"
        assert re.fullmatch(r"\{?\d{4}\}?", fields["year"]), f"{entry.key}: year {fields['year']!r}"


def test_every_method_and_library_has_its_entry():
    from generator.records.citations import bundled_library
    from generator.records.methods import LIBRARIES, METHODS, PAPERS

    library = bundled_library()
    assert {p.key for p in PAPERS.values()} | {key for _, key in LIBRARIES.values()} <= set(library)
    assert set(PAPERS) <= set(METHODS)
    wanted = {"dpo", "ipo", "kto", "orpo", "cpo", "simpo", "sppo", "grpo", "ppo", "rlhf", "rloo"}
    assert wanted <= set(PAPERS)
    assert {"trl", "peft", "lora", "qlora", "lm-eval"} <= set(LIBRARIES)


def test_trl_entries_are_trls_own_text():
    """The DPO and TRL entries are, byte for byte, what TRL wrote in the fixture's README."""
    from conftest import ROOT

    from generator.records.citations import bundled_library

    readme = (ROOT / "tests" / "fixtures" / "trl_dpo" / "README.md").read_text(encoding="utf-8")
    library = bundled_library()
    assert library["rafailov2023direct"] in readme
    assert library["vonwerra2020trl"] in readme


@pytest.mark.parametrize("data, tools, labels", [
    ({"training": {"method": "DPO"}, "model": {"tags": ["trl"]}}, (), ["Cite DPO as:", "Cite TRL as:"]),
    ({"training": {"method": "grpo", "framework_versions": {"TRL": "1.0"}}}, (), ["Cite GRPO as:", "Cite TRL as:"]),
    ({"model": {"library_name": "peft", "tags": ["lora", "qlora"]}}, (),
     ["Cite PEFT as:", "Cite LoRA as:", "Cite QLoRA as:"]),
    ({"training": {"hyperparameters": {"peft_type": "LORA"}}}, (), ["Cite LoRA as:"]),
    ({"model": {"tags": ["trl", "sft", "unsloth", "lora"]}}, (), ["Cite TRL as:", "Cite LoRA as:", "Cite Unsloth as:"]),
    ({"training": {"method": "sft"}}, ("lm-eval",), ["Cite lm-evaluation-harness as:"]),
    ({"training": {"method": "my-own-method"}, "model": {"tags": ["dpo"]}}, (), []),
    ({"training": {"method": "dpo", "hyperparameters": {"loss_type": "sigmoid, ipo"}}}, (),
     ["Cite DPO as:", "Cite IPO as:"]),
    ({"training": {"method": "cpo", "hyperparameters": {"loss_type": ["simpo"]}}}, (), ["Cite CPO as:", "Cite SimPO as:"]),
    ({"training": {"method": "ipo", "hyperparameters": {"loss_type": "ipo"}}}, (), ["Cite IPO as:"]),
])
def test_used_citations_cite_what_the_records_say_was_used(data, tools, labels):
    from generator.records.citations import used_citations

    assert [c["label"] for c in used_citations(data, tools)] == labels


def test_an_unsloth_run_cites_unsloth_as_its_readme_asks(tmp_path):
    """An adapter Unsloth saved (DeveloperZeeshu/Nano_R1-model, its card tagged ``unsloth``): the card cites the
    Unsloth repo with the entry Unsloth's README gives ("You can cite the Unsloth repo as follows")."""
    from conftest import ROOT

    from generator import build_card

    folder = ROOT / "tests" / "trainer_shapes" / "unsloth_readme_above_title_4.49"
    card = build_card(trainer_dir=folder, output=tmp_path / "README.md").text
    assert "Cite Unsloth as:" in card and "@software{unsloth,\n  author = {Daniel Han, Michael Han and Unsloth team}" in card


def test_a_hand_written_entry_with_the_same_key_wins():
    from generator.records.citations import used_citations

    mine = "@misc{rafailov2023direct, title={DPO}, year={2023}}"
    data = {"training": {"method": "dpo"}, "citations": [{"bibtex": mine}]}
    assert used_citations(data) == []


def test_ingest_cites_only_with_a_tools_output(write, tmp_path):
    """Records alone are the author's word; a Trainer folder beside them adds what the run used."""
    import shutil

    from conftest import ROOT

    from generator import ingest

    path = write("r.yaml", "model: {repo_id: acme/x, tags: [trl]}\ntraining: {method: kto}\n")
    assert "citations" not in ingest(records=[path]).data
    run = tmp_path / "run"
    shutil.copytree(ROOT / "tests" / "fixtures" / "trainer_sft", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    cited = ingest(records=[path], trainer_dir=run).data["citations"]
    assert [c["label"] for c in cited] == ["Cite KTO as:", "Cite TRL as:"]
    loaded = load_records(write("merged.yaml", "model: {repo_id: acme/x}\ncitations:\n"
                                + "".join(f"  - bibtex: |\n{_indent(c['bibtex'])}\n" for c in cited)))
    assert [c.entries[0].key for c in loaded.citations] == ["ethayarajh2024kto", "vonwerra2020trl"]


def test_an_lm_eval_run_cites_the_harness():
    from conftest import ROOT

    from generator import ingest

    results = sorted((ROOT / "tests" / "fixtures" / "lm_eval" / "results").rglob("results_*.json"))
    assert results, "lm-eval fixture missing"
    cited = ingest(evals=[results[0]], repo_id="acme/x").data["citations"]
    assert [c["label"] for c in cited] == ["Cite lm-evaluation-harness as:"]
    assert cited[0]["bibtex"].startswith("@misc{eval-harness,")


def test_an_lm_eval_0_3_run_cites_what_that_release_asked_for(tmp_path):
    """lm-evaluation-harness 0.3 asked for its 2021 Zenodo entry (README "Cite as" and CITATION.bib at v0.3.0), not
    the 0.4 release the harness asks for now (1,277 of 1,881 cards of real lm-eval files cited that one). A real 0.3
    file of a fork (eval_shapes/ORIGINS.txt), ingested with a 0.4 run's file: the older entry, once, of its key."""
    from conftest import ROOT

    from generator import ingest

    old = ROOT / "tests" / "eval_shapes" / "lm_eval_0.3_stderr_trailing_zero.json"
    cited = ingest(evals=[old], repo_id="acme/x").data["citations"]
    assert [c["label"] for c in cited] == ["Cite lm-evaluation-harness as:"]
    assert cited[0]["bibtex"].startswith("@software{eval-harness,") and "version      = {v0.0.1}," in cited[0]["bibtex"]
    new = ROOT / "tests" / "eval_shapes" / "lm_eval_0.4.11_gsm8k_5_shot.json"
    assert ingest(evals=[new], repo_id="acme/x").data["citations"][0]["bibtex"].startswith("@misc{eval-harness,")


def _harness_versions(data: dict) -> list[str]:
    """The version each lm-eval entry the records cite names (v0.0.1: 0.3's 2021 entry; v0.4.3: 0.4's)."""
    return [re.search(r"version\s*=\s*\{([^}]*)\}", c["bibtex"]).group(1) for c in data.get("citations") or []
            if "eval-harness" in c["bibtex"]]


def test_lm_eval_0_3_and_0_4_results_of_one_model_cite_the_harness_as_0_4_asks(tmp_path):
    """LLM AutoEval's "nous" suite runs a 0.3 fork of lm-eval, its "openllm" suite lm-eval 0.4 (saucam/model_evals,
    eval_shapes/ORIGINS.txt): a card of both cited only 0.3's 2021 entry, both entries having the key eval-harness
    (one .bib cannot hold both). The newest release read is cited, once, as a file or in one folder; a folder of 0.3
    runs alone cites 0.3's entry, as one 0.3 file does."""
    import shutil

    from conftest import ROOT

    from generator import ingest

    shapes = ROOT / "tests" / "eval_shapes"
    old, new = shapes / "lm_eval_0.3_nous_folder" / "truthfulqa.json", shapes / "lm_eval_0.4_openllm_arc.json"
    for order in ([old, new], [new, old]):
        assert _harness_versions(ingest(evals=order, repo_id="saucam/Nereus-7B").data) == ["v0.4.3"]
    assert _harness_versions(ingest(evals=[shapes / "lm_eval_0.3_nous_folder"]).data) == ["v0.0.1"]
    # its files passed one by one, as a pipeline lists them: the entry once in the records too, not once a file
    nous = sorted((shapes / "lm_eval_0.3_nous_folder").glob("*.json")) + [shapes / "lm_eval_0.3_nous_agieval.json"]
    assert _harness_versions(ingest(evals=nous, repo_id="saucam/Nereus-7B").data) == ["v0.0.1"]
    for path in (old, new):
        shutil.copy(path, tmp_path / path.name)
    assert _harness_versions(ingest(evals=[tmp_path]).data) == ["v0.4.3"]


# ---------------------------------------------------------------------------- the fast BibTeX reader

def _bibtexparser_view(text: str):
    """What citations.py reads from bibtexparser itself: entries, and whether anything failed or was stray."""
    import bibtexparser

    library = bibtexparser.parse_string(text)
    stray = [b for b in library.blocks if type(b).__name__ == "ImplicitComment" and b.comment.strip()]
    entries = [(e.entry_type, e.key, [(f.key, str(f.value)) for f in e.fields], e.raw) for e in library.entries]
    return entries, bool(library.failed_blocks or stray)


def _fast_view(library):
    return [(e.entry_type, e.key, [(f.key, f.value) for f in e.fields], e.raw) for e in library.entries]


def _example_bibtex() -> list[str]:
    import os

    from generator.io.yamlio import parse_yaml
    from generator.records.citations import bundled_library

    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")
    texts = list(bundled_library().values())
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    data = parse_yaml(f.read(), name)
                texts += [c["bibtex"] for c in data.get("citations", [])]
    return texts


_BIBTEX = _example_bibtex()
_BIB_FRAGMENTS = ["{", "}", ",", "=", '"', "@", "%", "#", "\\{", "\\}", " ", "\n", "@misc{k2,", "title={x}",
                  "@string{a = {b}}", "@comment{c}", "year = 2024", "month = jan", " # {x}", "(", ")", "x", "é"]


def test_fast_bibtex_reader_reads_every_example_and_bundled_entry_as_bibtexparser_does():
    from generator.records import bibfast

    for text in _BIBTEX:
        fast = bibfast.read(text)
        assert fast is not None, text[:80]
        assert (_fast_view(fast), False) == _bibtexparser_view(text)


@st.composite
def _edited_bibtex(draw):
    text = "\n\n".join(draw(st.lists(st.sampled_from(_BIBTEX), min_size=1, max_size=3)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(_BIB_FRAGMENTS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
    return text


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_edited_bibtex())
def test_fast_bibtex_reader_declines_or_agrees_with_bibtexparser(text):
    from generator.records import bibfast

    fast = bibfast.read(text)
    if fast is not None:
        assert (_fast_view(fast), False) == _bibtexparser_view(text), text


def test_every_citation_problem_names_its_own_place_and_a_conflict_the_first_entrys():
    """Places are worked out only for problems: each still names its citation's file and path, and a key used by two
    different entries names where the first is."""
    from generator.records.citations import parse_citations

    def locate(parts):
        return f"file{parts[1]}.yaml", f"$.citations[{parts[1]}].bibtex"

    items = [{"bibtex": "@misc{a, title={A}}"}, {"bibtex": "@misc{b, year={2024}}"},
             {"bibtex": "@misc{a, title={Other}}"}, {"bibtex": "@misc{a, title={A}}"}, {"bibtex": "no entry"}]
    with pytest.raises(CitationError) as info:
        parse_citations(items, locate)
    got = [(p.file, p.path, p.code, p.message) for p in info.value.problems]
    assert got[:2] == [
        ("file1.yaml", "$.citations[1].bibtex", "bibtex-no-title", "BibTeX entry 'b' has no title"),
        ("file2.yaml", "$.citations[2].bibtex", "bibtex-key-conflict",
         "BibTeX key 'a' is used by two different entries (first in file0.yaml: $.citations[0].bibtex)")]
    assert got[2:] == [("file4.yaml", "$.citations[4].bibtex", "bibtex-stray-text",
                        "text outside any BibTeX entry at line 1: 'no entry'")]


_FIELD_PIECES = ["a", "B c", "{", "}", "{x}", "{{y}}", "\\", "\\'e", "\\{", "\\}", '"', "@", "%", ",", " ", "\n", "é"]


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_FIELD_PIECES), max_size=10).map("".join),
       st.sampled_from(["title={%s}", 'title = "%s"', "year=%s", "title = {%s},\n  year = 2024"]))
def test_a_field_read_in_one_match_reads_as_the_step_by_step_reading(value, field):
    """A field matched whole (bibfast._WHOLE_FIELD: name, braced, quoted or number value, spaces) reads as _FIELD,
    _braced, _QUOTED and _NUMBER read it one step at a time: the same entry, or both decline."""
    from generator.records import bibfast

    text = "@misc{k,\n  " + field % value + "\n}"
    whole = bibfast._WHOLE_FIELD
    try:
        fast = bibfast.read(text)
        bibfast._WHOLE_FIELD = re.compile(r"(?!)")
        stepwise = bibfast.read(text)
    finally:
        bibfast._WHOLE_FIELD = whole
    assert fast == stepwise, text
