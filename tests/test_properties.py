"""Property tests: any valid record set renders to a card that parses back to the same records.

Budget: a fixed number of examples per property (HYPOTHESIS_EXAMPLES, default 100) and no
deadline, so CI time is bounded and independent of machine load; the seed is derandomized
so CI runs the same examples every time (set HYPOTHESIS_RANDOM=1 to explore).
"""

from __future__ import annotations

import math
import os
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markdown.frontmatter import split_card
from generator.records.loader import records_from_data
from generator.records.placeholders import is_placeholder
from generator.render.card import render
from generator.sources.pipeline import ingest

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "100"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("HYPOTHESIS_RANDOM"),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)

LICENSES = ["apache-2.0", "mit", "cc-by-4.0", "llama3.1", "gemma", "openrail", "bsd-3-clause"]
LANGUAGES = ["en", "fr", "de", "pt", "ro", "ja", "zh", "sw", "no", "multilingual"]
PIPELINES = ["text-generation", "text-classification", "question-answering", "summarization"]
RELATIONS = ["finetune", "adapter", "quantized", "merge"]

_slug = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
hub_id = st.builds(lambda a, b, c: f"{a}/{b}-{c}", _slug, _slug, _slug)
# Free text with everything that has tried to break cards: markdown table pipes, code,
# template syntax, frontmatter fences, HTML and YAML indicators, non-ASCII.
HOSTILE = ["|", "`", "{{ x }}", "{% if %}", "---", "<script>alert(1)</script>", "<b>", "*", "_", "C#", "\n\n", ": ", "- ",
           "&amp;", "é", "日本", "\\", "[a](javascript:alert(1))", "'", '"', "\t"]
words = st.lists(st.one_of(st.text(string.ascii_letters + string.digits, min_size=1, max_size=10),
                           st.sampled_from(HOSTILE)), min_size=1, max_size=12).map(" ".join)
# A heading inside free text would start a section of its own on import: text starts with a word.
prose = st.builds(lambda first, rest: f"{first} {rest}", st.text(string.ascii_letters, min_size=1, max_size=8), words)
# a label `modelcard init` writes as a placeholder ("Your Model") is refused by design: not a label to draw
label = st.text(string.ascii_letters + string.digits + " -_().", min_size=1, max_size=24).map(str.strip).filter(
    lambda text: bool(text) and not is_placeholder(text))
number = st.one_of(st.integers(-10**6, 10**6),
                   st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False).map(float))


@st.composite
def metrics(draw):
    types = draw(st.lists(st.text(string.ascii_lowercase + "_", min_size=1, max_size=10), min_size=1, max_size=3,
                          unique=True))
    out = []
    for t in types:
        m = {"type": t, "value": draw(number)}
        if draw(st.booleans()):
            m["stderr"] = abs(draw(st.decimals(min_value=0, max_value=10, places=4).map(float)))
        out.append(m)
    return out


@st.composite
def evaluation(draw, benchmark):
    e = {"benchmark": benchmark, "dataset": {"id": draw(hub_id)}, "metrics": draw(metrics())}
    if draw(st.booleans()):
        e["dataset"]["config"] = draw(_slug)
    if draw(st.booleans()):
        e["dataset"]["split"] = draw(st.sampled_from(["test", "validation", "train"]))
    if draw(st.booleans()):
        e["task"] = {"type": draw(st.sampled_from(PIPELINES))}
    if draw(st.booleans()):
        e["few_shot"] = draw(st.integers(0, 25))
    return e


@st.composite
def records(draw):
    repo = draw(hub_id)
    model = {"repo_id": repo, "license": draw(st.sampled_from(LICENSES)),
             "language": draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True)),
             "tags": draw(st.lists(_slug, max_size=4, unique=True)),
             "datasets": draw(st.lists(hub_id, max_size=3, unique=True)),
             "pipeline_tag": draw(st.sampled_from(PIPELINES))}
    if draw(st.booleans()):
        model["base_model"] = draw(hub_id.filter(lambda b: b != repo))
        model["base_model_relation"] = draw(st.sampled_from(RELATIONS))
    if draw(st.booleans()):
        model["summary"] = draw(prose)
    if draw(st.booleans()):
        model["details"] = {k: draw(words) for k in draw(st.lists(label, min_size=1, max_size=3, unique_by=str.lower))
                            if k not in ("License", "Language(s)", "Base model", "Training data")}
    if draw(st.booleans()):
        model["links"] = {k: f"https://example.org/{draw(_slug)}"
                          for k in draw(st.lists(label, min_size=1, max_size=2, unique_by=str.lower))}
    if not model["tags"]:
        del model["tags"]
    if not model["datasets"]:
        del model["datasets"]
    data = {"model": model}
    benchmarks = draw(st.lists(label, max_size=4, unique_by=str.lower))
    if benchmarks:
        data["evaluations"] = [draw(evaluation(b)) for b in benchmarks]
    if draw(st.booleans()):
        keys = draw(st.lists(st.text(string.ascii_lowercase + "_", min_size=2, max_size=12), min_size=1, max_size=5,
                             unique=True))
        hyper = {k: draw(st.one_of(st.integers(0, 10**6), st.sampled_from(["adamw_torch", "linear", "bf16"]))) for k in keys}
        data["training"] = {"hyperparameters": hyper}
        if draw(st.booleans()):
            data["training"]["method"] = draw(st.sampled_from(["sft", "dpo", "orpo", "my-method"]))
        if draw(st.booleans()):
            data["training"]["hardware"] = draw(words)
        if draw(st.booleans()):
            data["training"]["statistics"] = {"Global step": draw(st.integers(0, 10**5)), "Best checkpoint": "checkpoint-200"}
        if draw(st.booleans()):
            data["training"]["description"] = draw(prose)
        if draw(st.booleans()):
            data["training"]["framework_versions"] = {"Transformers": "4.44.2", "Pytorch": "2.4.0"}
    if draw(st.booleans()):
        titles = draw(st.lists(label, min_size=1, max_size=3, unique_by=str.lower))
        data["sections"] = [{"title": t, "content": draw(prose)} for t in titles]
    if draw(st.booleans()):
        key = draw(_slug)
        data["citations"] = [{"bibtex": f"@misc{{{key}2024,\n  title = {{{draw(label)}}},\n  year = {{2024}}\n}}\n"}]
    return data


def _render(data: dict) -> str:
    return render(records_from_data(data, "records.yaml")).text


def _reimport(text: str, tmp_path) -> dict:
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    return ingest(sources=[card]).data


@PROFILE
@given(records())
def test_frontmatter_loads_and_matches_records(data):
    text = _render(data)
    meta, _ = split_card(text, "card")
    assert yaml.safe_load(text.split("---\n")[1]) == meta
    model = data["model"]
    for key in ("license", "language", "datasets", "tags", "pipeline_tag", "base_model"):
        if key in model:
            assert meta[key] == model[key], key
    from huggingface_hub import ModelCard

    card = ModelCard(text, ignore_metadata_errors=False)
    got = [(r.dataset_name, r.dataset_type, r.metric_type, r.metric_value) for r in card.data.eval_results or []]
    want = [(e["benchmark"], e["dataset"]["id"], m["type"], m["value"])
            for e in data.get("evaluations", []) for m in e["metrics"]]
    assert got == want
    for r in card.data.eval_results or []:
        assert isinstance(r.metric_value, (int, float)) and math.isfinite(r.metric_value)


@PROFILE
@given(records())
def test_frontmatter_text_is_pyyaml_byte_for_byte(data):
    """The frontmatter written as text is what PyYAML writes, and reads back equal through
    yaml.safe_load and huggingface_hub's ModelCard."""
    from huggingface_hub import ModelCard

    from generator.card.frontmatter import emit
    from generator.io.yamlio import dump

    card = render(records_from_data(data, "records.yaml"))
    written = emit(card.metadata)
    assert written is not None  # these records are all in the subset written directly
    assert card.text.startswith("---\n" + written + "---\n")
    assert written == dump(card.metadata)
    assert yaml.safe_load(written) == card.metadata
    hub = ModelCard(card.text, ignore_metadata_errors=False).data.to_dict()
    assert {k: v for k, v in hub.items() if k != "model-index"} == {
        k: v for k, v in card.metadata.items() if k != "model-index"}


@PROFILE
@given(records())
def test_a_rendered_card_checks_the_same_from_its_data_as_from_its_text(data):
    from generator.check.tables import check_rendered_tables, rendered_tables
    from generator.check.validate import CheckReport, _check_card_text, check_rendered
    from generator.markdown.tables import parse_tables

    loaded = records_from_data(data, "records.yaml")
    card = render(loaded)
    assert rendered_tables(card) == parse_tables("\n" + card.body)
    problems, meta, body, tables, values = _check_card_text(card.text, "card")
    more, t2, v2 = check_rendered_tables(loaded, card, body)
    assert check_rendered(loaded, card, "card") == CheckReport("card", tuple(problems + more), tables + t2, values + v2)
    assert meta == card.metadata


@PROFILE
@given(records())
def test_render_is_deterministic(data):
    assert _render(data) == _render(data)


@PROFILE
@given(records())
def test_render_import_render_is_a_fixed_point(tmp_path_factory, data):
    """Importing a generated card gives records that render the same card, byte for byte."""
    text = _render(data)
    imported = _reimport(text, tmp_path_factory.mktemp("card"))
    assert imported["model"]["repo_id"] == data["model"]["repo_id"]
    assert _render(imported) == text


@PROFILE
@given(records())
def test_imported_evaluations_equal_records(tmp_path_factory, data):
    imported = _reimport(_render(data), tmp_path_factory.mktemp("card"))
    want = [(e["benchmark"], e["dataset"]["id"], [(m["type"], m["value"], m.get("stderr")) for m in e["metrics"]])
            for e in data.get("evaluations", [])]
    got = [(e["benchmark"], e["dataset"]["id"], [(m["type"], m["value"], m.get("stderr")) for m in e["metrics"]])
           for e in imported.get("evaluations", [])]
    assert got == want


# Printable text a user may put in a field: every ASCII mark CommonMark gives a meaning, letters, digits, non-ASCII.
_PRINTABLE = st.text(st.sampled_from(string.ascii_letters[:4] + string.digits[:3] + string.punctuation + " é€"),
                     min_size=1, max_size=10).map(lambda text: " ".join(text.split())).filter(bool)


def _shown(body: str) -> list[tuple[str, str, set]]:
    """Each inline run of the card's body as markdown-it-py reads it: (the block's tag, its plain text, the markup
    it holds besides text and bold)."""
    from generator.markdown.tables import commonmark

    tokens = commonmark().parse(body)
    return [(tokens[n - 1].tag, "".join(c.content if c.type == "text" else " " for c in token.children or []
                                        if c.type in ("text", "softbreak")),
             {c.type for c in token.children or []} - {"text", "softbreak", "strong_open", "strong_close"})
            for n, token in enumerate(tokens) if token.type == "inline"]


@PROFILE
@given(_PRINTABLE, _PRINTABLE.filter(lambda name: ":" not in name))  # (`- a:b: 1` says no one name)
def test_any_printable_value_shows_as_given_and_reads_back(tmp_path_factory, value, name):
    """A value a user controls (the model's name, a benchmark, a hyperparameter's name and value, a library, the
    hardware) shows on the Hub as its plain text, never as markup (a hyperparameter named `# h` was a heading, the
    title `C #` showed `C`, `__main__.Args` "main" in bold), and the card's import reads it back."""
    data = {"model": {"repo_id": "acme/tiny", "license": "mit", "pipeline_tag": "text-generation", "name": value},
            "training": {"hyperparameters": {"learning_rate": 1e-05, name: value}, "hardware": value,
                         "framework_versions": {name: "4.44.2"}},
            "evaluations": [{"benchmark": value, "dataset": {"id": "acme/set"}, "metrics": [{"type": "acc",
                                                                                             "value": 0.5}]}]}
    text = _render(data)
    shown = _shown(split_card(text, "card")[1])
    plain = {(tag, run) for tag, run, markup in shown if not markup}
    assert ("h1", value) in plain
    assert ("td", value) in plain
    assert ("p", f"Hardware: {value}") in plain
    assert ("p", f"{name}: {value}") in plain
    assert ("p", f"{name} 4.44.2") in plain
    imported = _reimport(text, tmp_path_factory.mktemp("card"))
    assert imported["model"]["name"] == value
    assert imported["evaluations"][0]["benchmark"] == value
    assert imported["training"]["hardware"] == value
    assert _render(imported) == text
