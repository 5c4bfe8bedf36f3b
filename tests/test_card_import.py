"""Importing a card gives records that render back the same frontmatter and keep the prose."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ACCEPTANCE, MINIMAL, ROOT

from generator import build_card, ingest, validate_card
from generator.card.managed import strip_markers
from generator.card.usage import trl_generative
from generator.errors import GeneratorError
from generator.io.yamlio import dump
from generator.markdown.frontmatter import split_card
from generator.records.loader import load_records
from generator.render.card import render, render_card
from generator.sources.card_index_paths import INDEX_FIELDS
from generator.sources.pipeline import IngestResult
from generator.sources.vision_language import vision_language_base

CLEAN = ACCEPTANCE / "seeds" / "clean"
FIXTURES = ROOT / "tests" / "fixtures"
SHAPES = Path(__file__).resolve().parent / "card_shapes"  # what writes each: card_shapes/ORIGINS.txt


def seed_card(number: str) -> str:
    body = CLEAN / f"{number}.body.md"
    return "---\n" + (CLEAN / f"{number}.frontmatter.yaml").read_text() + "---\n" + (body.read_text() if body.exists() else "")


def prose_lines(body: str) -> list[str]:
    """Lines of running text: not tables, headings, code fences, HTML or list markers."""
    out = []
    for line in body.splitlines():
        s = line.strip()
        if not s or s.startswith(("|", "#", "```", "<", "- ", "* ", "!")) or len(s) < 30:
            continue
        out.append(s)
    return out


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_round_trip(number, tmp_path):
    card = tmp_path / "README.md"
    card.write_text(seed_card(number))
    result = build_card(sources=[card], repo_id=f"test/seed-{number}")
    want, body = split_card(card.read_text(), "seed")
    got, rendered = split_card(result.text, "rendered")
    assert {k: got.get(k) for k in want} == want
    normalized = " ".join(rendered.split())
    for line in prose_lines(body):
        assert " ".join(line.split()) in normalized, line


def test_structured_parts_become_data(tmp_path):
    card = tmp_path / "README.md"
    card.write_text(seed_card("004"))
    data = ingest(sources=[card], repo_id="HuggingFaceH4/zephyr-7b-gemma-v0.1").data
    training = data["training"]
    assert training["hyperparameters"]["learning_rate"] == 5e-07
    assert training["hyperparameters"]["num_devices"] == 8
    assert training["results"][0]["metrics"]["Rewards/chosen"] == -3.4575
    assert training["framework_versions"]["Pytorch"] == "2.1.2+cu121"
    # the Trainer's final results stay text where the card has them, under "Training and evaluation data": read as
    # data as well, the renderer wrote them a second time after the hyperparameters
    assert "eval_results" not in training
    [data_section] = [s for s in data["sections"] if s["title"] == "Training and evaluation data"]
    assert "It achieves the following results on the evaluation set:\n- Loss: 0.4695\n" in data_section["content"]
    # under its own heading ("## Citation Information", not the "## Citation" the renderer writes) the BibTeX stays
    assert "citations" not in data
    [cited] = [s for s in data["sections"] if s["title"] == "Citation Information"]
    assert "@misc{tunstall2023zephyr," in cited["content"] and "@misc{zephyr_7b_gemma," in cited["content"]
    assert data["leaderboards"] == [{"source": "Open LLM Leaderboard", "title": "Open LLM Leaderboard Evaluation Results",
                                     "level": 1,  # the bot's `#` heading, kept
                                     "url": "https://huggingface.co/spaces/HuggingFaceH4/open_llm_leaderboard",
                                     "details_url": "https://huggingface.co/datasets/open-llm-leaderboard/details_HuggingFaceH4__zephyr-7b-gemma-v0.1",
                                     "details_period": False,  # the bot's line, as it wrote it: no period
                                     "average": 62.41, "average_label": "Avg."}]
    assert "image" not in data["model"]  # the logo has a width and a style: it stays HTML, laid out as the card has it
    assert data["model"]["summary"].startswith('<img src="https://huggingface.co/HuggingFaceH4/zephyr-7b-gemma-v0.1/')
    # the logo is above the title: the title stays a heading in the text, under the logo, where the card has it
    assert data["model"]["name"] is False
    assert "\n\n# Model Card for Zephyr 7B Gemma\n\n" in data["model"]["summary"]


def test_card_with_broken_frontmatter_is_refused(tmp_path):
    from generator.errors import CardError

    card = tmp_path / "README.md"
    card.write_text("---\n- mit\n- apache-2.0\n---\n# Hello\n")
    with pytest.raises(CardError, match="frontmatter: is a list, not a mapping"):
        ingest(sources=[card], repo_id="a/b")


RAW = {p.name[:3]: p for p in (ACCEPTANCE / "seeds").glob("*.txt")}


@pytest.mark.parametrize("number", sorted(RAW))
def test_raw_seed_round_trip(number, tmp_path):
    """The seeds as scraped (flattened, unindented, pipe-wrapped) import to their clean frontmatter."""
    import yaml

    card = tmp_path / "README.md"
    card.write_text(RAW[number].read_text())
    result = build_card(sources=[card], repo_id=f"test/seed-{number}")
    want = yaml.safe_load((CLEAN / f"{number}.frontmatter.yaml").read_text())
    got, rendered = split_card(result.text, "rendered")
    assert {k: got.get(k) for k in want} == want
    normalized = " ".join(rendered.split())
    from generator.sources.repair import repair_card

    body = repair_card(RAW[number].read_text())[1]
    kept = prose_lines(body) or [body.strip()]  # a flattened card is one line of prose
    missing = [line for line in kept if " ".join(line.strip(" |").split()) not in normalized]
    assert missing == [], missing[:5]


# ---------------------------------------------------------------------------- cards the Hub serves


def import_card(tmp_path: Path, text: str, repo_id: str | None = "org/model") -> IngestResult:
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    return ingest(sources=[card], repo_id=repo_id)


def rerender(tmp_path: Path, data: dict) -> tuple[dict, str]:
    """The records as `modelcard ingest -o` writes them, rendered as `modelcard render` does: (metadata, body)."""
    records = tmp_path / "records.yaml"
    records.write_text(dump(data), encoding="utf-8")
    text = render(load_records(records)).text
    meta, body = split_card(text, "rendered", finite=False)  # YAML's NaN of a card's model-index, written back
    return one_nan(meta or {}), body


NAN = float("nan")


def one_nan(data: Any) -> Any:
    """``data`` with every NaN the one :data:`NAN`, so that two equal metadata compare equal (NaN != NaN)."""
    if isinstance(data, dict):
        return {k: one_nan(v) for k, v in data.items()}
    if isinstance(data, list):
        return [one_nan(v) for v in data]
    return NAN if isinstance(data, float) and data != data else data


def original_meta(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def warned(result: IngestResult) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in result.warnings]


def test_trainer_glue_card_keeps_dataset_args_as_a_string(tmp_path):
    text = (SHAPES / "transformers_glue_mrpc.md").read_text()
    got = import_card(tmp_path, text, "org/bert-base-cased-finetuned-mrpc")
    assert warned(got) == [("trainer-note", "line 35")]
    [evaluation] = got.data["evaluations"]
    assert evaluation["dataset"] == {"id": "glue", "config": "mrpc", "split": "validation", "args": "mrpc"}
    assert evaluation["benchmark"] == "GLUE MRPC"
    assert [(m["type"], m["value"]) for m in evaluation["metrics"]] == [("accuracy", 0.8603), ("f1", 0.901)]
    meta, _ = rerender(tmp_path, got.data)
    assert meta == original_meta(text)
    assert meta["model-index"][0]["results"][0]["dataset"]["args"] == "mrpc"


def test_string_dataset_args_cannot_take_few_shot(tmp_path):
    from generator.errors import RecordsError
    from generator.records.loader import records_from_data

    data = {"model": {"repo_id": "org/model", "pipeline_tag": "text-classification"},
            "evaluations": [{"benchmark": "GLUE MRPC", "dataset": {"id": "glue", "args": "mrpc"}, "few_shot": 5,
                             "metrics": [{"type": "accuracy", "value": 0.86}]}]}
    with pytest.raises(RecordsError, match=r"few_shot: cannot be written as dataset.args.num_few_shot"):
        render(records_from_data(data))


def test_card_without_frontmatter_imports_its_body(tmp_path):
    text = (SHAPES / "no_frontmatter.md").read_text()
    got = import_card(tmp_path, text, "example-org/bert-german-ner")
    assert warned(got) == [("no-frontmatter", "")]
    # its fix asked for --repo-id, "the card names no repo", where it was given: it says only what is still needed,
    # the repo id asked for once, by the no-repo-id warning, where no source names one
    assert "--repo-id" not in got.warnings[0].fix and got.warnings[0].severity == "warning"
    alone = import_card(tmp_path, text, None)
    assert warned(alone) == [("no-frontmatter", ""), ("no-repo-id", "$.model.repo_id")]
    assert [p.code for p in alone.warnings if "--repo-id" in p.fix] == ["no-repo-id"]
    model = got.data["model"]
    assert model == {"repo_id": "example-org/bert-german-ner", "name": "German BERT for named entity recognition",
                     "summary": model["summary"], "card_source": model["card_source"],  # its blob: tested below
                     "model_index_name": False}  # it has no model-index: it is not given an empty one
    assert model["summary"].startswith("This model is `bert-base-german-cased` fine-tuned")
    assert [s["title"] for s in got.data["sections"]] == ["Usage", "Training", "Results"]
    meta, body = rerender(tmp_path, got.data)
    assert meta == {}  # no empty model-index it never had (the Hub shows nothing for one)
    assert 'ner = pipeline("ner", model="example-org/bert-german-ner")' in body
    assert "| test  | 86.7 |" in body


def test_card_without_frontmatter_naming_no_repo_is_read_without_one(tmp_path, capsys):
    """The records hold no repo id, and a warning says what that costs and how to give it."""
    from generator.cli.main import main

    card = tmp_path / "README.md"
    card.write_text((SHAPES / "no_frontmatter.md").read_text())
    assert main(["ingest", str(card), "-o", str(tmp_path / "records.yaml")]) == 0
    err = capsys.readouterr().err
    assert "$.model.repo_id: no source names the model's Hub repo id" in err and "--repo-id ORG/NAME" in err
    assert "repo_id" not in yaml.safe_load((tmp_path / "records.yaml").read_text())["model"]
    assert main(["ingest", str(card), "--repo-id", "example-org/bert-german-ner", "-o",
                 str(tmp_path / "given.yaml")]) == 0
    assert "warning:" in capsys.readouterr().err


# The cards the fixtures' tools wrote (tests/fixtures/VERSIONS.json): transformers 5.23.0 Trainer.create_model_card
# (trainer_*), TRL 1.16.0 trl/trainer/utils.py generate_model_card (trl_*, and peft_lora, trained with TRL's
# SFTTrainer), whose ModelCardData(model_name=..., licence="license") writes `model_name:` and `licence: license`.
FIXTURE_CARDS = {
    "trainer_sft": [("trainer-note", "line 12")],  # transformers' note above the title is not kept
    "trainer_multi_eval": [("trainer-note", "line 10")],
    # each trained from a local base model without hub_model_id: TRL's intro links [None](https://huggingface.co/None)
    # (kept, told) and its Quick start loads model="None" (left out for the generated one) (cards38)
    **{name: [("placeholder-value", "licence"), ("placeholder-value", "model.summary"),
              ("placeholder-value", "Quick start section")] for name in ("trl_sft", "trl_dpo", "peft_lora")},
}


@pytest.mark.parametrize("name", sorted(FIXTURE_CARDS))
def test_fixture_cards_round_trip(name, tmp_path):
    text = (FIXTURES / name / "README.md").read_text()
    got = import_card(tmp_path, text, f"org/{name}")
    assert warned(got) == FIXTURE_CARDS[name]
    want = original_meta(text)
    model_name = want.get("model_name")
    want.pop("licence", None)
    if model_name is not None:  # huggingface_hub's model_name is the model-index name; TRL's cards have no index:
        # kept as its own key, not made an empty model-index (an index written would be named by it)
        assert got.data["model"]["model_index_name"] is False and "model-index" not in want
        assert got.data["model"]["metadata"]["model_name"] == model_name
    meta, body = rerender(tmp_path, got.data)
    assert meta == want
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    assert got.data["model"]["name"] == title
    assert f"\n# {title}\n" in body


def test_trl_model_name_is_kept_and_no_title_when_the_body_has_none(tmp_path):
    # a card with no `#` title comes back with none (Nekochu/Luminia-13B-v3: see the shape test below)
    text = "---\nlibrary_name: transformers\nmodel_name: Qwen-SFT\nlicence: license\n---\n\nHello.\n"
    got = import_card(tmp_path, text)
    assert got.data["model"]["name"] is False and got.data["model"]["model_index_name"] is False
    assert got.data["model"]["metadata"] == {"model_name": "Qwen-SFT"}
    assert warned(got) == [("placeholder-value", "licence")]
    meta, body = rerender(tmp_path, got.data)
    assert meta == {"library_name": "transformers", "model_name": "Qwen-SFT"}
    assert "# Qwen-SFT" not in body and "Hello." in body


def test_a_licence_that_is_not_the_placeholder_is_kept(tmp_path):
    got = import_card(tmp_path, "---\nlicence: mit\n---\n# M\n")
    assert warned(got) == [] and got.data["model"]["metadata"] == {"licence": "mit"}


def test_legacy_model_index_is_upgraded(tmp_path):
    """transformers 4.7-4.9's model_index, one `metric` a result: read as model-index. Those versions meant a metric
    for each of the card's `metrics` list (create_model_index set `metric` in a loop over them: the last, F1, stayed);
    the others, given by the "It achieves" list (Accuracy: 0.8603), are restored before it, as 4.10 on write them."""
    text = (SHAPES / "transformers_4.8_model_index.md").read_text()
    got = import_card(tmp_path, text, "org/bert-base-cased-finetuned-mrpc")
    assert warned(got) == [("trainer-note", "line 28"), ("legacy-model-index", "model_index")]
    [evaluation] = got.data["evaluations"]
    assert evaluation == {"benchmark": "GLUE MRPC",
                          "task": {"type": "text-classification", "name": "Text Classification"},
                          "dataset": {"id": "glue", "args": "mrpc"},
                          "metrics": [{"type": "accuracy", "value": 0.8603, "name": "Accuracy"},
                                      {"type": "f1", "value": 0.901, "name": "F1"}],
                          "table": False}  # the Trainer's "It achieves" list shows them (- F1: 0.901)
    assert got.data["model"]["model_index_name"] == "bert-base-cased-finetuned-mrpc"
    want = original_meta(text)
    legacy = want.pop("model_index")
    [result] = legacy[0]["results"]
    result["metrics"] = [{"name": "Accuracy", "type": "accuracy", "value": 0.8603}, result.pop("metric")]
    want["model-index"] = legacy
    meta, _ = rerender(tmp_path, got.data)
    assert meta == want
    assert "model_index" not in meta and meta["model-index"][0]["results"][0]["metrics"][1]["value"] == 0.901


def test_legacy_model_index_without_task_or_dataset_is_a_bare_mapping(tmp_path):
    # transformers 4.8.0 create_model_index returns the entry itself, not a list, when the run has neither (real:
    # r-f/wav2vec-english-speech-emotion-recognition, ehcalabres/wav2vec2-lg-xlsr-en-speech-emotion-recognition as
    # collected in YinanWusoymilk/hf-readme): no results, as 4.10 on write `results: []`; the card is not wrong there
    got = import_card(tmp_path, "---\ntags:\n- generated_from_trainer\nmodel_index:\n  name: my-run\n---\n# my-run\n")
    assert warned(got) == [("legacy-model-index", "model_index")]
    assert got.data["model"]["model_index_name"] == "my-run" and "evaluations" not in got.data
    meta, _ = rerender(tmp_path, got.data)
    assert meta == {"tags": ["generated_from_trainer"], "model-index": [{"name": "my-run", "results": []}]}


def test_a_result_without_a_task_type_is_kept_out_of_model_index(tmp_path):
    # transformers 4.8.2 wrote no task when its Trainer knew none; the card has no pipeline_tag to take it from
    text = (SHAPES / "transformers_4.8_model_index_no_task.md").read_text()
    got = import_card(tmp_path, text)
    at = "model_index[0].results[0].task.type"
    assert warned(got) == [("trainer-note", "line 24"), ("legacy-model-index", "model_index"), ("missing-field", at)]
    problem = got.warnings[-1]
    assert "the result is kept" in problem.message and "task.type" in problem.fix
    assert got.data["evaluations"] == [{
        "benchmark": "ag_news", "dataset": {"id": "ag_news", "args": "default"},
        "metrics": [{"type": "accuracy", "value": 0.9473684210526315, "name": "Accuracy"}],
        "model_index": False, "table": False}]  # the Trainer's "It achieves" list shows it (- Accuracy: 0.9474)
    meta, body = rerender(tmp_path, got.data)
    assert meta["model-index"] == [{"name": "distilbert-base-uncased-agnews", "results": []}]
    assert "- Accuracy: 0.9474" in body
    # given the task, the result goes back into model-index
    got.data["evaluations"][0].update(task={"type": "text-classification"}, model_index=True)
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 0.9473684210526315


def test_a_result_without_a_task_type_takes_the_cards_pipeline_tag(tmp_path):
    # the same real card with a pipeline_tag added (hand-edited): the card states its task
    text = (SHAPES / "transformers_4.8_model_index_no_task.md").read_text()
    got = import_card(tmp_path, text.replace("license: apache-2.0\n", "license: apache-2.0\npipeline_tag: "
                                             "text-classification\n", 1))
    problem = got.warnings[-1]
    assert (problem.code, problem.path) == ("missing-field", "model_index[0].results[0].task.type")
    assert "'text-classification'" in problem.message
    [evaluation] = got.data["evaluations"]
    assert "task" not in evaluation and "model_index" not in evaluation
    meta, _ = rerender(tmp_path, got.data)
    [result] = meta["model-index"][0]["results"]
    assert result["task"] == {"type": "text-classification"} and result["metrics"][0]["value"] == 0.9473684210526315


def test_a_result_whose_dataset_has_no_type_is_kept_out_of_model_index(tmp_path):
    got = import_card(tmp_path, shape("model_index_dataset_without_type"))
    problem = next(p for p in got.warnings if p.path == "model-index[0].results[0].dataset.type")
    assert problem.code == "missing-field" and "the result is kept" in problem.message and "dataset.id" in problem.fix
    assert got.data["evaluations"][0] == {
        "benchmark": "NST Swedish ASR Database",
        "task": {"name": "Speech Recognition", "type": "automatic-speech-recognition"},
        "metrics": [{"type": "wer", "value": 5.619804368919309, "name": "Test WER"}], "model_index": False}
    meta, body = rerender(tmp_path, got.data)
    assert [r["dataset"]["type"] for r in meta["model-index"][0]["results"]] == ["common_voice"]
    assert re.search(r"\| NST Swedish ASR Database \| Test WER +\| +5\.6198 \|\n\| Common Voice", body)


@pytest.mark.parametrize("name", ["model_index_dataset_without_type", "MALFORMED"])
def test_a_result_kept_out_of_model_index_is_read_back_from_the_results_table(tmp_path, name):
    """The generated card's results table is where such a result is, for the next import: the card comes back the
    same, the result at the value it shows, in its place."""
    first = import_card(tmp_path, MALFORMED if name == "MALFORMED" else shape(name))
    records = tmp_path / "records.yaml"
    records.write_text(dump(first.data), encoding="utf-8")
    card = render(load_records(records)).text
    again = import_card(tmp_path, card)
    records.write_text(dump(again.data), encoding="utf-8")
    assert render(load_records(records)).text == card
    kept = [e["benchmark"] for e in first.data["evaluations"] if e.get("table", True)]
    assert [e["benchmark"] for e in again.data.get("evaluations", [])] == kept


def test_a_benchmark_named_over_two_lines_is_its_own_row_when_read_back(tmp_path):
    """Hand-written, the shape of sergeyzh/rubert-tiny-turbo's MTEB model-index (2024, read_file of
    check38's copy): its \\r\\r\\n line ends fold a long dataset name over a blank line, so YAML reads a line break
    in it, which the results table shows as a space; reading the table back, that row is the result's, not a new one."""
    text = ("---\nmodel-index:\n- name: org/model\n  results:\n  - task: {type: Classification}\n"
            "    dataset: {name: \"MTEB LegalBenchClassification\\n(default)\", type: nguha/legalbench, split: test}\n"
            "    metrics: [{type: accuracy, value: 60.431654676258994}]\n"
            "  - task: {type: Classification}\n    dataset: {name: Plain, type: plain, split: test}\n"
            "    metrics: [{type: accuracy, value: 50.5}]\n---\n# org/model\n")
    got = import_card(tmp_path, text)
    records = tmp_path / "records.yaml"
    records.write_text(dump(got.data), encoding="utf-8")
    card = render(load_records(records)).text
    assert "| MTEB LegalBenchClassification (default) |" in card
    again = import_card(tmp_path, card)
    assert [e["benchmark"] for e in again.data["evaluations"]] == ["MTEB LegalBenchClassification\n(default)", "Plain"]


def test_a_field_a_model_index_does_not_have_is_named_with_its_fix(tmp_path):
    got = import_card(tmp_path, shape("granite_misspelt_verified"))
    misspelt = [p for p in got.warnings if p.path.endswith(".veriefied")]
    assert misspelt and {(p.code, p.fix) for p in misspelt} == {
        ("unsupported-field", "spell it verified, if that is what it says")}
    assert all("verified" not in m and "veriefied" not in m for e in got.data["evaluations"] for m in e["metrics"])
    got = import_card(tmp_path, "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-generation, about: x}"
                                "\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 1, verifyToken: t}]"
                                "\n---\n# m\n")
    fixes = {p.path: (p.code, p.fix) for p in got.warnings}
    assert fixes == {"model-index[0].results[0].task.about": ("unsupported-field",
                                                              "remove it: a model-index task has type, name, args")}


def test_a_results_datasets_list_is_named_in_a_warning(tmp_path):
    # a hand-edited 2022 card: one result over four `datasets:`, which the Hub's model-index does not have
    got = import_card(tmp_path, (SHAPES / "model_index_result_datasets_list.md").read_text())
    by_path = {p.path: p for p in got.warnings}
    problem = by_path["model-index[0].results[0].datasets"]
    assert problem.code == "unsupported-field"
    assert "netarkivet_text_v1, danews_v1, hopetwitter_v1, DDSC/dagw_reddit_filtered_v1.0.0" in problem.message
    assert "its own result" in problem.fix
    [evaluation] = got.data["evaluations"]
    assert evaluation["dataset"] is False and evaluation["metrics"][0]["value"] == 0.7328012831797821


def test_legacy_model_index_beside_model_index_is_dropped(tmp_path):
    text = ("---\nmodel_index:\n- name: old\n  results: []\nmodel-index:\n- name: new\n  results: []\n---\n# M\n")
    got = import_card(tmp_path, text)
    assert warned(got) == [("legacy-model-index", "model_index")]
    assert got.data["model"]["model_index_name"] == "new" and "metadata" not in got.data["model"]


# Hand-edited model-index mistakes (each kind seen on Hub cards from before the Hub validated metadata), one per
# result, so that each warning's path says which part was left out and the sound results are kept.
MALFORMED = """\
---
license: mit
model-index:
- name: my-model
  results:
  - task: {type: text-classification}
    dataset: {name: IMDB, type: imdb, split: test}
    metrics:
    - {type: accuracy, value: 0.93, verifyToken: eyJhbGciOi}
    - {type: f1, value: N/A}
    - {type: loss, value: .nan}
  - task: {type: text-classification}
    metrics: [{type: accuracy, value: 0.9}]
  - task: {type: text-classification}
    dataset: {type: sst2, args: [1, 2]}
    metrics: [{value: 0.8}, {type: accuracy, value: 0.91}]
    source: {name: somewhere}
  - task: {name: Text Classification}
    dataset: {name: Rotten Tomatoes, type: rotten_tomatoes}
    metrics: [{type: accuracy, value: 0.85}]
  - dataset: {name: Yelp, type: yelp_polarity}
    task: {type: text-classification}
    metrics: [{type: accuracy}]
---
# my-model
"""


def test_malformed_model_index_parts_are_left_out_with_warnings(tmp_path):
    got = import_card(tmp_path, MALFORMED)
    assert warned(got) == [
        ("missing-field", "model-index[0].results[1].dataset"),
        ("missing-field", "model-index[0].results[2].dataset.name"),
        ("missing-field", "model-index[0].results[2].metrics[0].type"),
        ("missing-field", "model-index[0].results[2].source.url"),
        ("missing-field", "model-index[0].results[4].metrics[0].value"),
        ("not-a-number", "model-index[0].results[0].metrics[1].value"),
        ("not-finite", "model-index[0].results[0].metrics[2].value"),
        ("wrong-type", "model-index[0].results[2].dataset.args"),
        ("missing-field", "model-index[0].results[4].metrics"),
        ("missing-field", "model-index[0].results[3].task.type"),
    ]
    assert all(p.severity == "warning" for p in got.warnings)
    by_path = {p.path: p for p in got.warnings}
    assert by_path["model-index[0].results[1].dataset"].message.endswith(
        "; kept with no dataset (dataset: false in the records), as the card has it")
    assert by_path["model-index[0].results[2].dataset.name"].message.endswith(
        "; the dataset type is written as its name")
    assert by_path["model-index[0].results[2].source.url"].message.endswith("; this source is left out")
    assert "'N/A'" in by_path["model-index[0].results[0].metrics[1].value"].message
    assert got.data["evaluations"] == [  # N/A and .nan: no number, kept as the text the card shows
        {"benchmark": "IMDB", "task": {"type": "text-classification"}, "dataset": {"id": "imdb", "split": "test"},
         "metrics": [{"type": "accuracy", "value": 0.93, "verify_token": "eyJhbGciOi"},
                     {"type": "f1", "text": "N/A"}, {"type": "loss", "text": ".nan"}]},
        {"benchmark": "text-classification", "task": {"type": "text-classification"}, "dataset": False,
         "metrics": [{"type": "accuracy", "value": 0.9}]},
        {"benchmark": "sst2", "task": {"type": "text-classification"}, "dataset": {"id": "sst2"},
         "metrics": [{"type": "accuracy", "value": 0.91}]},
        # no task type and no pipeline_tag to take it from: kept, for the results table, out of model-index
        {"benchmark": "Rotten Tomatoes", "task": {"name": "Text Classification"}, "dataset": {"id": "rotten_tomatoes"},
         "metrics": [{"type": "accuracy", "value": 0.85}], "model_index": False},
    ]
    meta, body = rerender(tmp_path, got.data)
    assert re.search(r"\| Rotten Tomatoes +\| accuracy \| +0.85 \|", body)
    assert meta["model-index"] == [{"name": "my-model", "results": [
        {"task": {"type": "text-classification"}, "dataset": {"name": "IMDB", "type": "imdb", "split": "test"},
         "metrics": [{"type": "accuracy", "value": 0.93, "verifyToken": "eyJhbGciOi"}, {"type": "f1", "value": "N/A"},
                     {"type": "loss", "value": NAN}]},
        {"task": {"type": "text-classification"}, "metrics": [{"type": "accuracy", "value": 0.9}]},
        {"task": {"type": "text-classification"}, "dataset": {"name": "sst2", "type": "sst2"},
         "metrics": [{"type": "accuracy", "value": 0.91}]}]}]
    assert meta["license"] == "mit"


@pytest.mark.parametrize("index, warnings", [
    ("\n  name: my-model\n  results: []", [("wrong-type", "model-index")]),
    (" []", [("empty-value", "model-index")]),
    (" null", [("empty-value", "model-index")]),
    ("\n- just a string", [("wrong-type", "model-index[0]")]),
    ("\n- results: []", [("missing-field", "model-index[0].name")]),
    ("\n- name: my-model\n  results: {}", [("missing-field", "model-index[0].results")]),
    ("\n- name: my-model\n  results:\n  - 42", [("wrong-type", "model-index[0].results[0]")]),
])
def test_a_malformed_model_index_is_left_out_with_a_warning(tmp_path, index, warnings):
    got = import_card(tmp_path, f"---\nlicense: mit\nmodel-index:{index}\n---\n# M\n")
    assert warned(got) == warnings
    assert "evaluations" not in got.data and "metadata" not in got.data["model"]
    meta, _ = rerender(tmp_path, got.data)
    # an index left out that names the model stays, empty, as the Hub kept it; one that names none is not written
    assert meta == {"license": "mit", **({"model-index": [{"name": "my-model", "results": []}]}
                                         if index.startswith("\n- name: my-model") else {})}


def test_a_card_without_a_model_index_is_not_given_an_empty_one(tmp_path):
    # Mamatha00000/shiva (card_shapes/ORIGINS.txt): a DreamBooth card of license and tags; the render wrote it an
    # empty `model-index: [{name: Mamatha00000/shiva, results: []}]`, which the Hub shows nothing for
    text = shape("dreambooth_webinar_no_model_index")
    got = import_card(tmp_path, text, "Mamatha00000/shiva")
    assert got.data["model"]["model_index_name"] is False
    meta, body = rerender(tmp_path, got.data)
    assert meta == original_meta(text) == {"license": "creativeml-openrail-m",
                                           "tags": ["NxtWave-GenAI-Webinar", "text-to-image", "stable-diffusion"]}
    again = import_card(tmp_path, render(load_records(tmp_path / "records.yaml")).text, "Mamatha00000/shiva")
    assert rerender(tmp_path, again.data) == (meta, body)  # stable: the second render writes none either
    # results it is given later are written, named as the model is
    got.data["evaluations"] = [{"id": "e", "benchmark": "B", "task": {"type": "text-to-image"},
                                "dataset": {"id": "org/b"}, "metrics": [{"type": "fid", "value": 9.5}]}]
    assert rerender(tmp_path, got.data)[0]["model-index"][0]["name"] == "Mamatha00000/shiva"


@pytest.mark.parametrize("readme, front", [("", ""), ("---\ntags:\n- x\n---\n", "---\ntags:\n- x\n---\n\n")])
def test_a_card_of_nothing_comes_back_as_its_marker_alone(tmp_path, readme, front):
    """An empty README (patrickvonplaten/t5-tiny-random's is 0 bytes; publish55 adopted it) or one of metadata alone:
    no title, no text. Its card is the frontmatter (if any), one blank line and the metadata marker, where the marker
    had two more blank lines above it (at the top of the card for the empty README), and the check takes it."""
    got = import_card(tmp_path, readme)
    (tmp_path / "records.yaml").write_text(dump(got.data), encoding="utf-8")
    text = render(load_records(tmp_path / "records.yaml")).text
    assert text.startswith(front + "<!-- modelcard-generator:metadata ") and text.count("\n") == front.count("\n") + 1
    (tmp_path / "card").mkdir()
    (tmp_path / "card" / "README.md").write_text(text, encoding="utf-8")
    report = validate_card(tmp_path / "card" / "README.md")
    assert report.ok and [p.code for p in report.warnings] == ([] if front else ["no-frontmatter"])


def test_legacy_model_index_warnings_name_the_legacy_paths(tmp_path):
    # transformers 4.8.0 for a run on local files: a task, no dataset (run_clm.py --train_file)
    text = ("---\nmodel_index:\n- name: gpt2-finetuned\n  results:\n  - task:\n"
            "      name: Causal Language Modeling\n      type: text-generation\n"
            "    metric:\n      name: Accuracy\n      type: accuracy\n      value: 0.41\n---\n")
    got = import_card(tmp_path, text)
    assert warned(got) == [("legacy-model-index", "model_index"),
                           ("missing-field", "model_index[0].results[0].dataset")]
    assert got.data["model"]["model_index_name"] == "gpt2-finetuned"
    assert got.data["evaluations"] == [{"benchmark": "Causal Language Modeling", "dataset": False, "metrics": [
        {"type": "accuracy", "value": 0.41, "name": "Accuracy"}], "task": {"name": "Causal Language Modeling",
                                                                           "type": "text-generation"}}]


def test_unclosed_fence_is_closed_at_the_end_of_its_section(tmp_path):
    text = (SHAPES / "unclosed_fence.md").read_text()
    got = import_card(tmp_path, text, "example-org/tiny-chat")
    assert warned(got) == [("unclosed-fence", "line 13")]
    assert text.splitlines()[12] == "```python"
    assert "before the heading '## Training'" in got.warnings[0].message
    usage, training, limitations = got.data["sections"]
    assert usage["title"] == "How to use" and usage["content"].endswith('["generated_text"])\n```')
    assert "# load the model" in usage["content"]  # a comment in the code, not a heading
    assert (training["title"], training["content"]) == ("Training", "Two epochs of SFT on a toy dataset.")
    assert limitations["title"] == "Limitations"
    meta, body = rerender(tmp_path, got.data)
    assert meta == original_meta(text)  # no empty model-index it never had
    assert "\n## Training\n" in body and "\n## Limitations\n" in body


@pytest.mark.parametrize("body, closed, warnings", [
    # no heading after it: closed at the end of the card (line 4 is the card's first body line)
    ("# M\n\n~~~\ncode\n", "# M\n\n~~~\ncode\n~~~\n", [("unclosed-fence", "line 6")]),
    # ``` does not close ````: it stays code, and the fence is closed before the next heading
    ("# M\n\n````\na\n```\n\n## Next\n\nb\n", "# M\n\n````\na\n```\n````\n\n## Next\n\nb\n",
     [("unclosed-fence", "line 6")]),
    # closing the first fence lets ~~~ open a second one, never closed either: both are closed and reported
    ("# M\n\n```python\na\n\n## Two\n\n~~~\nb\n", "# M\n\n```python\na\n```\n\n## Two\n\n~~~\nb\n~~~\n",
     [("unclosed-fence", "line 6"), ("unclosed-fence", "line 11")]),
    # a heading right under a code line is taken as code, as is a `# ` line
    ("```sh\n# setup\n\n# run\nx\n### not this\n\n### This\n",
     "```sh\n# setup\n\n# run\nx\n### not this\n```\n\n### This\n",
     [("unclosed-fence", "line 4")]),
])
def test_fences_left_open_are_closed(tmp_path, body, closed, warnings):
    from generator.sources.card_text import close_fences

    lines, _ = close_fences(body.split("\n"))
    assert "\n".join(lines) == closed
    got = import_card(tmp_path, "---\nlicense: mit\n---\n" + body)
    assert warned(got) == warnings
    rerender(tmp_path, got.data)  # the records no longer hold a fence that swallows the rest of the card


# ---------------------------------------------------------------------------- round trip of every shape


def expected_meta(meta: dict, repo_id: str, text: str = "") -> dict:
    """The frontmatter rendering an imported card writes: the card's metadata but for what the importer documents
    as consumed or dropped (a model_name that is the model-index's name, TRL's `licence: license` placeholder goes,
    a legacy model_index becomes model-index, an entry keeps only its name and results; a legacy result's metric
    comes after the others of the card's `metrics` list that its ``text``'s "It achieves" list gives)."""
    listed = dict(re.findall(r"^- ([A-Z][\w ]*): (-?[\d.]+)$", text.split("It achieves", 1)[-1].split("\n\n##")[0],
                             re.M)) if "It achieves" in text else {}
    want = {k: v for k, v in meta.items() if v not in (None, "", []) or k == "model-index"}  # empty: says nothing
    for key in ("tags", "datasets"):  # AutoNLP's `tags: autonlp`, detectors' `datasets: cifar10`: a list of it
        if isinstance(want.get(key), str):
            want[key] = [want[key]]
    if isinstance(want.get("tags"), list):  # a tag YAML reads as a number is the text written (cards38); a tag
        # listed twice is kept once (diffusers' SDXL script lists text-to-image twice)
        want["tags"] = list(dict.fromkeys(str(t) if isinstance(t, (int, float)) and not isinstance(t, bool) else t
                                          for t in want["tags"]))
    index = want.get("model-index") or want.get("model_index")
    if isinstance(index, list) and index and want.get("model_name") == index[-1].get("name"):
        del want["model_name"]  # the model-index's name, written there once
    if want.get("licence") == "license":
        del want["licence"]
    if "model_index" in want and "model-index" not in want:
        legacy = want.pop("model_index")
        for entry in legacy:  # a result without its metric (TajBERTo's task alone) is left out, with a warning
            entry["results"] = [result for result in entry["results"] if "metric" in result]
            for result in entry["results"]:
                kept = result.pop("metric")
                others = {tag: name for name in listed for tag in want.get("metrics") or []
                          if tag != kept["type"] and name.lower().replace(" ", "_") == tag}
                whole = len(others) == len(want.get("metrics") or []) - 1 and kept["type"] in want["metrics"]
                result["metrics"] = [kept if tag == kept["type"] else
                                     {"name": others[tag], "type": tag, "value": float(listed[others[tag]])}
                                     for tag in want["metrics"]] if whole else [kept]
        want["model-index"] = legacy
    if not want.get("model-index"):  # a card without one is not given an empty one (the Hub shows nothing for it)
        want.pop("model-index", None)
    # an entry's fields but name and results (coven_7b_128k_orpo_alpha's `description`) are left out with a warning
    if "model-index" in want:
        want["model-index"] = [{k: v for k, v in entry.items() if k in ("name", "results")}
                               for entry in want["model-index"]]
    for entry in want.get("model-index", ()):
        if entry.get("name") == "":  # transformers' `name: ''` (output_dir "./"): named by the repo id, with a warning
            entry["name"] = repo_id
        for result in entry["results"]:  # verified as written, with the Hub's verifyToken proving it;
            # a NaN is written back as one; a field a metric does not have (granite's `veriefied`) is left out
            result["metrics"] = [{k: NAN if k == "value" and v != v else v for k, v in m.items()
                                  if k in INDEX_FIELDS["metric"] or k == "verifyToken"}
                                 for m in result["metrics"] if m.get("value", 0) is not None]  # no empty value
            result.pop("datasets", None)  # a list where the Hub has one dataset (dfm-encoder-large-v1): a warning
            if isinstance(result.get("dataset"), dict):  # the Trainer's `config: null`, `split: None`: unset, a warning
                result["dataset"] = {k: v for k, v in result["dataset"].items()
                                     if not (k in ("config", "split") and v in (None, "None"))}
        # a result without a task type (transformers 4.8 knowing no task) is named by the pipeline_tag, else it is
        # kept in the records and the results table only
        entry["results"] = [r for r in entry["results"] if r["metrics"] and
                            (isinstance(r.get("task"), dict) and r["task"].get("type") or want.get("pipeline_tag"))
                            and not (isinstance(r.get("dataset"), dict) and r["dataset"].get("type") is None)]
    if want.get("pipeline_tag") == "text2text-generation":  # read as the Hub reads it now
        want["pipeline_tag"] = "text-generation"
    # said to generate text (its pipeline_tag, or TRL's tags on a full model's card) of a vision-language base: the
    # model is image-text-to-text (vision_language.vision_language_of_base)
    if (want.get("pipeline_tag") == "text-generation" or trl_generative(want.get("pipeline_tag"), want.get("tags") or [])) \
            and want.get("library_name") in ("peft", "transformers") and vision_language_base(want.get("base_model")):
        want["pipeline_tag"] = "image-text-to-text"
    # metadata naming no base model, whose converter's line names it (mlx-audio, QuantFactory, hugging-quants) or
    # whose mergekit text lists the models merged: read with it (sources/card_base)
    converted = re.search(r"(?:converted to \w+ format from|quantized version of(?: the original model)?) \[`?([\w./-]+)`?\]",
                          text)
    merged = re.findall(r"using \[([\w./-]+)\]\(https://huggingface\.co/[^)]*\) as a base", text) \
        + re.findall(r"^\* \[([\w./-]+)\]\(https://huggingface\.co/", text.split("### Models Merged")[-1], re.M) \
        if "created using [mergekit]" in text else []
    merged = list(dict.fromkeys(merged))
    tags = {str(t).lower() for t in want.get("tags") or []}
    if not merged and "merge_method:" in text and tags & {"merge", "mergekit", "lazymergekit"}:  # its config's models
        merged = list(dict.fromkeys(re.findall(r"(?:model|base_model): ([\w.-]+/[\w.-]+)\s*$", text, re.M)))
    original = re.search(r"^[-*#>\s]*Original model:\s*(?:\[[^\]]*\]\()?https://huggingface\.co/([\w.-]+/[\w.-]+)", text,
                         re.M | re.I)
    if not want.get("base_model") and original and not converted:  # a quantizer's line; quantized by its quantized_by
        want["base_model"] = original.group(1)
        if "quantized_by" in want:
            want["base_model_relation"] = "quantized"
    # a copy's own line saying it is a quantization, linking the model it copies (KoboldAI's GGUF repo)
    copied = re.search(r"^[-*#>\s]*This is (?:the |an? )?(?:[\w.-]+ ){0,3}(?:GGUF|GGML|GPTQ|AWQ|EXL2|EXL3)\b[^\n]*?"
                       r"\]\(https://huggingface\.co/([\w.-]+/[\w.-]+)\)", text, re.M | re.I)
    if not want.get("base_model") and copied and not converted and not original:
        want["base_model"], want["base_model_relation"] = copied.group(1), "quantized"
    if not want.get("base_model") and (converted or merged):
        want["base_model"] = converted.group(1) if converted else merged[0] if len(merged) == 1 else merged
        if converted or len(merged) > 1:
            want["base_model_relation"] = "quantized" if converted else "merge"
    return want


# Every field the Hub's annotated model card spec (huggingface_hub's templates/modelcard_template.md and
# ModelCardData, EvalResult) documents for the metadata and a model-index result, in one hand-assembled card.
FULL_SPEC = """\
---
language: en
license: other
license_name: my-license
license_link: LICENSE
library_name: transformers
pipeline_tag: text-classification
datasets:
- stanfordnlp/imdb
tags:
- sentiment
base_model: distilbert/distilbert-base-uncased
base_model_relation: finetune
new_version: org/model-v2
widget:
- text: I loved it
inference: false
co2_eq_emissions:
  emissions: 12.3
  source: codecarbon
model-index:
- name: org/model
  results:
  - task:
      type: text-classification
      name: Text Classification
    dataset:
      name: IMDB
      type: stanfordnlp/imdb
      config: plain_text
      split: test
      revision: e6281661ce1c48d982bc483cf8a173c1bbeb5d31
      args:
        num_few_shot: 0
    metrics:
    - type: accuracy
      value: 0.93
      name: Accuracy
      config: plain_text
      args:
        average: macro
      verified: false
    source:
      name: Own evaluation
      url: https://example.com/eval
---
# org/model

Text.
"""


def test_a_string_where_the_records_keep_a_list_is_listed(tmp_path):
    got = import_card(tmp_path, "---\ndatasets: stanfordnlp/imdb\n---\n# M\n")
    assert warned(got) == [("not-a-list", "datasets")]
    assert got.data["model"]["datasets"] == ["stanfordnlp/imdb"]
    assert rerender(tmp_path, got.data)[0]["datasets"] == ["stanfordnlp/imdb"]


# Real cards whose metadata the Hub refuses (2021's dataset with no type, `language: sv-SE`; LLaMA-Factory's empty
# base_model; 2020's languages named in words; TRL's local base_model in a block stacked below): tested on their own
REFUSED_NOW = {"model_index_dataset_without_type", "llamafactory_qwen2.5_vl_lora_empty_base_model",  # `base_model: ''`
               "deeppavlov_2020_language_name_list", "dbmdz_2020_language_name",
               "nlptown_2020_languages_in_one_string", "sg_raccoon_language_trailing_comma",
               "nbailab_2022_language_region", "braquad_2021_language_lowercase_region", "transquest_2021_language_pair",
               "trl_stacked_frontmatter",  # a second block, TRL's, read too: its base_model is a local path
               "spacy_hf_hub_0.0.3_nested_tasks"}  # results without metrics: (theirs are under tasks:)
SHAPE_CARDS = {
    "full spec": lambda: FULL_SPEC,
    **{f"seed {n}": lambda n=n: seed_card(n) for n in ["000", "001", "002", "003", "004"]},
    **{f"fixture {name}": lambda name=name: (FIXTURES / name / "README.md").read_text() for name in FIXTURE_CARDS},
    **{p.stem: p.read_text for p in sorted(SHAPES.glob("*.md")) if p.stem not in REFUSED_NOW},
}


@pytest.mark.parametrize("shape", sorted(SHAPE_CARDS))
def test_every_card_shape_renders_back_its_frontmatter(shape, tmp_path):
    from generator.records.hubrules import check_metadata
    from generator.sources.repair import displaced_frontmatter

    text = SHAPE_CARDS[shape]()
    try:
        displaced = displaced_frontmatter(text, shape)  # a block below a note: read as the card's
        meta = split_card(text, shape, finite=False)[0] or (displaced[0] if displaced else {})
    except GeneratorError as exc:  # a metadata block never closed: the Hub reads none
        assert {p.code for p in exc.problems} == {"unclosed-frontmatter"}
        meta = {}
    refused = [p.path for p in check_metadata(meta) if p.severity == "error"]
    # metadata the Hub accepts, but for a 2022 card's empty model-index name, which the Hub has refused since, and
    # the Trainer's `config: null`, which the Hub refuses too (test_hubrules; the import leaves it out, with a warning)
    assert refused == {"trainer_empty_model_index_name": ["model-index[0].name"],
                       "trainer_index_config_null": ["model-index[0].results[0].dataset.config"]}.get(shape, [])
    got = import_card(tmp_path, text, "org/model")
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered == expected_meta(meta, "org/model", text)


# ---------------------------------------------------------------------------- shapes seen in real cards (ORIGINS.txt)


def shape(name: str) -> str:
    return (SHAPES / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, code, path", [
    ("spacy_results_without_dataset", "missing-field", "model-index[0].results[0].dataset"),
    ("t5_text2text_pipeline_tag", "removed-pipeline-tag", "pipeline_tag"),
])
def test_a_card_the_hub_takes_is_valid_with_a_warning(tmp_path, name, code, path):
    from generator import validate_card

    card = tmp_path / "README.md"
    card.write_text(shape(name), encoding="utf-8")
    report = validate_card(str(card))
    assert report.ok and [(p.code, p.path) for p in report.warnings] == [(code, path)]


@pytest.mark.parametrize("name, language, path", [
    ("deeppavlov_2020_language_name_list", ["ru"], "language[0]"),
    ("dbmdz_2020_language_name", "de", "language"),
    ("nlptown_2020_languages_in_one_string", ["en", "nl", "de", "fr", "it", "es"], "language"),
    ("sg_raccoon_language_trailing_comma", ["en"], "language[0]"),
])
def test_a_language_named_in_words_is_read_as_its_code(tmp_path, name, language, path):
    """2020's cards of transformers' model_cards/ (card_shapes/ORIGINS.txt) name their language in words, `russian`,
    `german`, or several in one string; a 2023 card writes `- en,`: the Hub takes ISO codes, one an item, and the
    import left the key out, the card's language lost."""
    from generator import validate_card

    got = import_card(tmp_path, shape(name))
    assert got.data["model"]["language"] == language
    assert ("language-read-as-code", path) in warned(got)
    meta, _ = rerender(tmp_path, got.data)
    assert meta["language"] == language
    card = tmp_path / "rendered.md"
    card.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    report = validate_card(str(card))
    assert report.ok and "language" not in {p.path.split("[")[0] for p in report.warnings}


@pytest.mark.parametrize("name, language, bcp47", [
    ("nbailab_2022_language_region", ["nb"], ["nb-NO"]),
    ("braquad_2021_language_lowercase_region", ["pt"], ["pt-br"]),
    ("transquest_2021_language_pair", ["en", "de"], None),
])
def test_a_language_tag_with_a_region_or_of_a_pair_is_read_as_its_codes(tmp_path, name, language, bcp47):
    """Real cards (card_shapes/ORIGINS.txt) give a language with its region (`nb-NO`, `pt-br`: a locale, though `br`
    is Breton's code) or a translation pair in one tag (`en-de`), which the Hub's language key rejects: the import
    left the key out. Read as the bare code, the full tag kept in language_bcp47, or as both languages."""
    from generator import validate_card

    got = import_card(tmp_path, shape(name))
    assert got.data["model"]["language"] == language
    assert got.data["model"].get("metadata", {}).get("language_bcp47") == bcp47
    assert [code for code, _ in warned(got) if code.startswith("language")] == ["language-read-as-code"]
    meta, _ = rerender(tmp_path, got.data)
    assert (meta["language"], meta.get("language_bcp47")) == (language, bcp47)
    card = tmp_path / "rendered.md"
    card.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    report = validate_card(str(card))
    assert report.ok and "language" not in {p.path.split("[")[0] for p in report.warnings}


def test_a_code_iso_never_had_is_read_as_the_one_validate_names(tmp_path):
    # hand-written in the shape of real cards (ESPnet's and others' Japanese models write `language: jp`, which
    # validate refuses naming `ja`); `ewe` is an ISO 639-3 code as well as a language's name: it stays
    got = import_card(tmp_path, "---\nlanguage:\n- jp\n- ewe\n---\n# M\n\nText.\n")
    assert got.data["model"]["language"] == ["ja", "ewe"]
    assert warned(got) == [("language-read-as-code", "language[0]")]


@pytest.mark.parametrize("name, repo_id", [
    ("open_llm_leaderboard_two_tables", "org/example-13b"),  # the leaderboard bot's links
    ("t5_text2text_pipeline_tag", "example-org/t5-small-example-summaries"),  # usage code loading the titled model
    ("unclosed_fence", "example-org/tiny-chat"),
    # PEFT's usage loading the adapter onto its base; a citation's LaTeX \url{}
    ("granite4_grpo_peft_usage_latex_url", "ermiaazarkhalili/granite-4.0-micro-GRPO-NuminaMath-10K"),
    ("kuclab_qwen35_ollama_modelfile_link", "KucLab/kuclab-hertz-0.9"),  # a link to a file of the repo (its Modelfile)
    # Transformers.js's untitled ONNX copy: its JavaScript pipeline loads it, named as its base with -ONNX
    ("onnx_community_transformersjs_untitled", "onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX"),
])
def test_the_repo_id_a_card_gives_itself_is_read(tmp_path, name, repo_id):
    got = import_card(tmp_path, shape(name), None)
    assert got.data["model"]["repo_id"] == repo_id
    assert ("repo-id-from-card", "model.repo_id") in warned(got)
    assert "repo-id-from-card" not in [code for code, _ in warned(import_card(tmp_path, shape(name), "org/given"))]


def test_peft_usage_and_a_latex_url_name_a_repo():
    """PEFT's `PeftModel.from_pretrained(base_model, "org/adapter")` (the adapter's own id, its base loaded before) and
    a citation's `\\url{https://huggingface.co/org/m}` were not read as ids the card gives (the granite shape above)."""
    from generator.sources.card_text import CODE_ID

    def ids(text):
        return [next(g for g in m.groups() if g) for m in CODE_ID.finditer(text)]

    assert ids('model = PeftModel.from_pretrained(\n    base_model,\n    "org/adapter",\n)') == ["org/adapter"]
    assert ids("howpublished = {\\url{https://huggingface.co/org/m}},") == ["org/m"]
    assert ids("PeftModel.from_pretrained(" + "b" * 200 + ', "org/adapter")') == []  # (a name, not any text)


def test_a_file_of_the_repo_and_ollamas_hf_co_address_name_it():
    """A link to a file of the model's repo (KucLab's `curl -O https://huggingface.co/ORG/NAME/resolve/main/Modelfile`,
    Qwen's license_link to its own LICENSE) and Ollama's `hf.co/ORG/NAME:QUANT` were not read as ids; a file is read
    only when no page or code names one (neuralmagic's copy of zeroshot's card shows zeroshot's image)."""
    from generator.sources.card_text import repo_id_in

    curl = "curl -O https://huggingface.co/org/m-1/resolve/main/Modelfile\n"
    assert repo_id_in(curl, ["M 1"], []) == "org/m-1"
    assert repo_id_in("![x](https://huggingface.co/org/m/blob/main/a.png)", ["m"], []) == "org/m"
    assert repo_id_in("ollama run hf.co/org/m-GGUF:Q4_K_M", ["m-GGUF"], []) == "org/m-GGUF"
    assert repo_id_in("see https://hf.co/org/m (its page)", ["m"], []) == "org/m"
    assert repo_id_in("xhf.co/org/m and https://hf.co/org/m/tree/main", ["m"], []) is None
    # a page or code naming one wins over a file of another repo (hand-written, the shape of neuralmagic's card)
    both = 'model = SentenceTransformer("nm/bge-q")\n![l](https://huggingface.co/zs/bge-q/resolve/main/l.png)'
    assert repo_id_in(both, ["bge-q"], []) == "nm/bge-q"
    assert repo_id_in(both.split("\n")[1] + " https://huggingface.co/nm/bge-q/blob/main/x", ["bge-q"], []) is None


def test_a_transformers_js_copy_is_the_one_its_pipeline_loads_named_as_its_base(tmp_path):
    # hand-written in the shape of Xenova/bge-base-en-v1.5's card (untitled; its usage loads itself, then, as an
    # example, its small sibling)
    text = ("---\nbase_model: BAAI/bge-base-en-v1.5\nlibrary_name: transformers.js\n---\n\nhttps://huggingface.co/BAAI/"
            "bge-base-en-v1.5 with ONNX weights to be compatible with Transformers.js.\n\n```js\nconst extractor = await "
            "pipeline('feature-extraction', 'Xenova/bge-base-en-v1.5');\n```\n\n```js\nconst extractor = await "
            "pipeline('feature-extraction', 'Xenova/bge-small-en-v1.5');\n```\n")
    assert import_card(tmp_path, text, None).data["model"]["repo_id"] == "Xenova/bge-base-en-v1.5"
    # not a Transformers.js card: an untitled card's pipeline names no model of its own
    got = import_card(tmp_path, text.replace("library_name: transformers.js", "library_name: onnx"), None)
    assert "repo_id" not in got.data["model"]


def test_a_license_link_to_the_cards_own_license_names_its_repo(tmp_path):
    # hand-written in the shape of Qwen's cards (Qwen/Qwen2-72B's: license_link to its own LICENSE, the only link to
    # its repo); dragon-yi's to its base's LICENSE is left out (the test below)
    text = ("---\nlicense: other\nlicense_name: tongyi-qianwen\nlicense_link: https://huggingface.co/Qwen/Qwen2-72B/blob/"
            "main/LICENSE\n---\n\n# Qwen2-72B\n\nQwen2 is the new series of Qwen large language models.\n")
    assert import_card(tmp_path, text, None).data["model"]["repo_id"] == "Qwen/Qwen2-72B"


def test_a_link_to_the_models_own_page_names_its_repo(tmp_path):
    # shape seen in LLM cards of 2023 (dragon-yi and others): a license_link to the base model's LICENSE file, and a
    # link to the model's own page
    text = ("---\nlicense: other\nlicense_name: yi-license\nlicense_link: https://huggingface.co/01-ai/Yi-6B/blob/main/"
            "LICENSE\nmodel_name: Yi 6B\n---\n# Tiny Yi Chat\n\nOn the Hub: [here](https://huggingface.co/org/Tiny-Yi-Chat).\n")
    assert import_card(tmp_path, text, None).data["model"]["repo_id"] == "org/Tiny-Yi-Chat"
    # a file of another repo names no repo of the card's
    got = import_card(tmp_path, text.replace("On the Hub: [here](https://huggingface.co/org/Tiny-Yi-Chat).", ""), None)
    assert "repo_id" not in got.data["model"] and ("no-repo-id", "$.model.repo_id") in warned(got)


@pytest.mark.parametrize("text", [
    shape("transformers_glue_mrpc"),  # no id at all
    # code loading another model (the base), not the one the card is about
    "---\nlicense: mit\n---\n# my-finetune\n\n```python\nAutoModel.from_pretrained(\"google/flan-t5-base\")\n```\n",
    # two leaderboard ids: which one is the card's is not said
    "# m\n\n[a](https://hf.co/spaces/x/open_llm_leaderboard?query=a/m) [b](https://hf.co/spaces/x/open_llm_leaderboard?query=b/m)\n",
])
def test_a_card_that_names_no_repo_of_its_own_is_read_without_one(tmp_path, text):
    got = import_card(tmp_path, text, None)
    assert "repo_id" not in got.data["model"] and got.data["model"]["name"]
    assert ("no-repo-id", "$.model.repo_id") in warned(got)


def test_a_styled_html_header_stays_html(tmp_path):
    """TheBloke's header (and many merges' centered logos) lay out with style attributes, which the Hub renders."""
    got = import_card(tmp_path, shape("thebloke_gguf_original_card"))
    _, body = rerender(tmp_path, got.data)
    assert '<div style="width: auto; margin-left: auto; margin-right: auto">' in body
    assert '<img src="https://example.org/header.jpg" alt="TheBlokeAI" style="width: 100%;">' in body


@pytest.mark.parametrize("html", [
    # huggingtweets' and huggingartists' avatars (2021-2022): a background image over https, quotes as references
    """<div style="width: 132px; border-radius: 50%; background-image: url('https://example.org/a.jpg')"></div>""",
    """<div style="background-image: url(&#39;https://example.org/a.jpg&#39;)"></div>""",
    """<div style="display:none; background-image: url(&#39;&#39;)"></div>""",  # an avatar left empty
    '<font size="6"><b>Example</b></font>',  # merge cards of 2023
    # Yi's logo (2023): a picture with a source per color scheme
    '<picture><source media="(prefers-color-scheme: dark)" srcset="https://example.org/dark.svg" width="200px">'
    '<img alt="logo" src="https://example.org/light.svg" width="200px"></picture>',
    # a style block for the card's code and images (2022-2023 diffusion and NeMo cards), huggingtweets' dark mode
    # rules with Tailwind's escaped class names (2021-2022), and SUS-Chat's table column widths (2023)
    "<style>\n  code {\n    white-space : pre-wrap !important;\n  }\n</style>",
    "<style>\n@media (prefers-color-scheme: dark) {\n  .dark\\:text-white { color: #E2E8F0 !important; }\n}\n</style>",
    '<table>\n<colgroup>\n<col style="width: 50%" />\n</colgroup>\n<tbody><tr><td>a</td></tr></tbody>\n</table>',
    # GLM-4-0414's demo clips (2025) and video models' cards: a video over https, laid out, playing muted
    '<video src="https://example.org/demo.mp4"\n       style="width: 400px; height: 300px;" autoplay loop muted playsinline></video>',
    # the Hub's Gallery card component (hub-docs model-cards-components.md): SDXL and FLUX LoRA cards of 2023-2024
    # (alvdansen/flux-koda, thibaud/sdxl_dpo_turbo and 36 more of this round's cards) and the docs' <Gallery> block
    "<Gallery />",
    "<Gallery>\n![Example 1](https://example.org/1.png)\n</Gallery>",
])
def test_html_the_hub_renders_stays_html(html):
    from generator.markdown.safety import clean_markdown

    assert clean_markdown(html) == html


@pytest.mark.parametrize("style", ["background: url(javascript:alert(1))", "position: fixed; top: 0",
                                   "width: expression(alert(1))", "color: red; behavior: url(x.htc)",
                                   "w\\\\69dth: 1px", "w&#105;dth: 1px", "-moz-binding: x",
                                   "background: url('//example.org/a')", "top: 0;POSITION :absolute"])
def test_a_style_that_loads_runs_or_positions_is_escaped(style):
    from generator.markdown.safety import clean_markdown

    assert clean_markdown(f'<div style="{style}">x</div>').startswith("&lt;div")
    assert clean_markdown(f"<style>\ndiv {{ {style} }}\n</style>").startswith("&lt;style>")  # a block alike


@pytest.mark.parametrize("style", ["object-position: 50% 20%; width: 100%", "background-position: top center",
                                   "mask-position: center"])
def test_a_style_placing_an_image_in_its_own_box_stays(style):
    """bluepen5805/blue_pencil-XL's card (cards39): an <img> whose style sets object-position was escaped, taken for
    the position property that lifts an element over the page."""
    from generator.markdown.safety import clean_markdown

    html = f'<img src="https://example.org/a.png" style="{style}">'
    assert clean_markdown(html) == html


def test_a_style_block_keeps_its_rules_and_nothing_else():
    from generator.markdown.safety import clean_markdown

    # the rules stay (the Hub applies them); what follows the block is judged on its own
    assert clean_markdown("<style>div { color: red }</style><script>alert(1)</script>") == \
        "<style>div { color: red }</style>&lt;script>alert(1)&lt;/script>"
    for html in ('<link rel="stylesheet" href="https://example.org/typography.css">',  # loads: huggingtweets' cards
                 "<style>div { color: red }<script>alert(1)</script></style>",
                 '<style onload="alert(1)">div { color: red }</style>'):
        assert clean_markdown(html).startswith("&lt;")


def test_a_linked_leaderboard_heading_without_model_index_stays_as_written(tmp_path):
    got = import_card(tmp_path, shape("leaderboard_without_model_index"), None)
    assert got.data["model"]["repo_id"] == "example-org/Example-8B-Instruct-v0.9"  # from the leaderboard's link
    _, body = rerender(tmp_path, got.data)
    assert ("# 🏆 [Open LLM Leaderboard Evaluation Results](https://huggingface.co/spaces/HuggingFaceH4/"
            "open_llm_leaderboard)\n\nDetailed results") in body
    assert "|Avg.                             |73.29|" in body
    assert '<img src="./example-merges.webp" alt="Example logo" width="500" style=' in body and "&lt;" not in body


def test_a_hyperparameter_list_with_its_own_intro_stays_text(tmp_path):
    got = import_card(tmp_path, shape("dpo_hyperparameters_intro"))
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "The following hyperparameters were used during DPO training:\n- learning_rate: 2e-5\n" in body
    assert "- num_epochs: 2.0" in body


def test_headings_inside_an_html_comment_stay_in_the_comment(tmp_path):
    got = import_card(tmp_path, shape("setfit_commented_sections"))
    assert [s["title"] for s in got.data["sections"]] == ["Uses", "Training Details"]
    _, body = rerender(tmp_path, got.data)
    for hidden in ("<!--\n### Downstream Use\n", "<!--\n## Bias, Risks and Limitations\n", "<!--\n## Model Card Contact"):
        assert hidden in body


def test_a_fence_inside_an_html_comment_is_text(tmp_path):
    from generator.markdown.fences import fenced_blocks, unclosed_fence

    text = shape("comment_hiding_a_fence")
    lines = text.splitlines()
    assert [lines[b.start] for b in fenced_blocks(lines)] == ["```"]  # only the citation's fence
    assert unclosed_fence(text) is None
    got = import_card(tmp_path, text)
    assert warned(got) == []
    # a "Citation" section holding more than BibTeX is text: its entry stays in it, above the line after it
    assert "citations" not in got.data
    assert "@misc{example2023dpo," in got.data["sections"][-1]["content"]
    _, body = rerender(tmp_path, got.data)
    assert "```-->" in body and "*Card adapted from another card.*" in body


def test_a_second_leaderboard_table_is_kept_as_the_card_shows_it(tmp_path):
    from generator import validate_card

    card = tmp_path / "card.md"
    card.write_text(shape("open_llm_leaderboard_two_tables"))
    report = validate_card(str(card))  # the older table's Avg. is the mean of rows the model-index lacks
    assert report.ok, [str(p) for p in report.problems]
    got = import_card(tmp_path, shape("open_llm_leaderboard_two_tables"))
    [board] = got.data["leaderboards"]
    # the bot's 40.00 is the mean at 2 decimals: computed again by the records, it reads 40.00 as written, not 40
    assert "average" not in board and board["average_label"] == "Avg."
    # the older table's heading holds a link: it stays markdown, with its table, in the text after the title
    older = got.data["model"]["summary"]
    assert "# [Open LLM Leaderboard Evaluation Results](https://huggingface.co/spaces/" in older
    assert "| DROP (3-shot)         | 10.0         |" in older and "sections" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "| Avg.                  | 30.0   |" in body and "| 40.00 |" in body
    report = validate_card(str(tmp_path / "records.yaml"))  # the older table is not checked as the generated one
    assert report.ok, [str(p) for p in report.problems]


def test_empty_sub_headings_keep_their_place(tmp_path):
    got = import_card(tmp_path, shape("template_empty_subheadings"))
    _, body = rerender(tmp_path, got.data)
    assert "[More Information Needed]\n\n#### Summary\n" in body
    assert "### Helpful usage tips\n\n#### Context obedient question answering" in body


def test_malformed_bibtex_stays_in_the_text(tmp_path):
    got = import_card(tmp_path, shape("malformed_bibtex"))
    assert "citations" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "@misc{example2023merge,\n      title={A Merge of Two Models}," in body


def test_an_eval_summary_under_a_second_title(tmp_path):
    got = import_card(tmp_path, shape("second_title_with_eval_summary"))
    # text where the card has it, under the Trainer's title: read as data as well, it was written twice
    assert "eval_results" not in got.data["training"]
    _, body = rerender(tmp_path, got.data)
    assert body.count("It achieves the following results on the evaluation set:\n- Loss: 1.2345\n") == 1
    assert body.index("# org/example-7b") < body.index("- Loss: 1.2345") < body.index("### Training hyperparameters")


FRONTMATTER_QUIRKS = [
    # (card, metadata read, warnings); each shape seen in Hub cards of 2021-2024 (card_shapes/ORIGINS.txt)
    ("---   \nlicense: mit\n---\n# M\n\nText.\n", {"license": "mit"}, [("opener-spaces", "line 1")]),
    ("---\nlicense: mit\n...\n# M\n\nText.\n", {"license": "mit"}, [("dots-end-marker", "frontmatter")]),
    # mrm8488's 2020 cards in transformers' model_cards/ (t5-base-finetuned-emotion): a dash short of the opener
    ("--\nlicense: mit\n---\n# M\n\nText.\n", {"license": "mit"}, [("short-opener", "line 1")]),
    # blank lines before the opener: it was named at line 1 all the same
    ("\n \n--\nlicense: mit\n---\n# M\n\nText.\n", {"license": "mit"}, [("short-opener", "line 3")]),
    ("\r\n---  \r\nlicense: mit\r\n---\r\n# M\r\n\r\nText.\r\n", {"license": "mit"}, [("opener-spaces", "line 2")]),
    ("---\n---\n# M\n\nText.\n", {}, []),
    ("---\nlicense: mit\ntags:\n- a\nlicense: apache-2.0\n---\n# M\n\nText.\n", {"license": "apache-2.0", "tags": ["a"]},
     [("duplicate-key", "line 5, column 1")]),
    ("---\nmodel-index:\n- name: m\n  results: []\n  name: org/model\nlicense: mit\n---\n# M\n\nText.\n",
     {"license": "mit"}, [("duplicate-key", "line 5, column 3")]),
    ("---\nlicense: mit\ntags:\n\t- a\n\t- b\n---\n# M\n\nText.\n", {"license": "mit", "tags": ["a", "b"]},
     [("tab-indent", "frontmatter")]),
    ("\ufeff---\r\nlicense: mit\r\ndatasets: [org/data]\r\n---\r\n# M\r\n\r\nText.\r\n",
     {"license": "mit", "datasets": ["org/data"]}, []),
    # SDXL checkpoint cards of 2024 saved with doubled line ends (`\r\r\n`): the Hub ends the block only at \r\n or \n
    ("---\r\r\nlicense: mit\r\r\ntags:\r\r\n- anime\r\r\n---\r\r\n# M\r\r\n\r\r\nText.\r\r\n",
     {"license": "mit", "tags": ["anime"]}, [("unclosed-frontmatter", "frontmatter")]),
    # DavidAU's GGUF cards (2024-2025) list a tag twice ("fiction writing", "uncensored"): kept once, and said so
    ("---\nlicense: mit\ntags:\n- story\n- fiction writing\n- story\n---\n# M\n\nText.\n",
     {"license": "mit", "tags": ["story", "fiction writing"]}, [("duplicate-value", "tags")]),
]


def test_a_dash_line_over_text_that_reads_as_a_mapping_is_no_metadata(tmp_path):
    """A card opening with -- over a line such as `Note: beta` and a thematic break: text, as the Hub shows it (only a
    block of card keys under -- is read as the metadata a dash short of its opener)."""
    got = import_card(tmp_path, "--\nNote: beta release\n---\n# M\n\nText.\n")
    assert warned(got) == [("no-frontmatter", "")] and "Note" not in got.data["model"]
    assert got.data["model"]["summary"].startswith("--\nNote: beta release\n---")


@pytest.mark.parametrize("text, meta, warnings", FRONTMATTER_QUIRKS)
def test_frontmatter_quirks_are_read_as_a_person_would(tmp_path, text, meta, warnings):
    got = import_card(tmp_path, text)
    assert warned(got) == warnings
    model = got.data["model"]
    assert {k: model[k] for k in meta} == meta and model["name"] == "M" and model["summary"] == "Text."
    rendered, body = rerender(tmp_path, got.data)
    assert {k: rendered[k] for k in meta} == meta and "..." not in body


def test_a_long_text_before_the_title_is_read_in_linear_time(tmp_path, monkeypatch):
    """A card of 6,000 lines before its first heading (a fuzzed card repeating its metadata block 3,000 times): each
    line joined every line before it to tell whether the card had shown text yet (ingest took 16 s). The image the
    card shows first is still its header image; one after text is not."""
    import generator.sources.card as card

    calls = []
    visible = card._visible
    monkeypatch.setattr(card, "_visible", lambda text: calls.append(1) or visible(text))
    lines = "A line of text.\n\n" * 3000
    got = import_card(tmp_path, "---\nlicense: mit\n---\n\n![logo](https://example.com/logo.png)\n\n" + lines + "# M\n")
    assert got.data["model"]["image"]["url"] == "https://example.com/logo.png" and len(calls) < 50
    got = import_card(tmp_path, "---\nlicense: mit\n---\n\n" + lines + "![logo](https://example.com/logo.png)\n\n# M\n")
    assert "image" not in got.data["model"] and "![logo](https://example.com/logo.png)" in got.data["model"]["summary"]


def test_headings_over_no_title_ask_the_summary_whether_it_shows_text_only_at_an_image(tmp_path, monkeypatch):
    """A card of 3,000 `###` headings and no title (a fuzzed Dreambooth card repeating its one heading line 20,000
    times): each heading's text joins the summary, and each asked the whole summary so far whether it showed text,
    though only an image on a line of its own needs to know (ingest took 20 s). The header image is still the one
    the card shows first."""
    import generator.sources.card as card

    calls = []
    visible = card._visible
    monkeypatch.setattr(card, "_visible", lambda text: calls.append(1) or visible(text))
    headings = "### A Dreambooth model trained by someone\n" * 3000
    got = import_card(tmp_path, "---\nlicense: mit\n---\n\n![logo](https://example.com/logo.png)\n\n" + headings)
    assert got.data["model"]["image"]["url"] == "https://example.com/logo.png" and len(calls) < 50
    assert got.data["model"]["summary"].count("A Dreambooth model") == 3000
    got = import_card(tmp_path, "---\nlicense: mit\n---\n\n" + headings + "\n![logo](https://example.com/a.png)\n")
    assert "image" not in got.data["model"] and len(calls) < 100


def test_a_damaged_metadata_line_of_thousands_of_brackets_is_read_as_text(tmp_path):
    """rutvik01's card is the line `Error: 401` (a failed download saved as the README); with 30,000 `[` before its
    number (a fuzzed card) the line, read as flattened metadata, was given to PyYAML, whose parser recursed past
    Python's limit: an internal error. The value is kept as the text it is."""
    got = import_card(tmp_path, "Error: " + "[" * 30_000 + "401\n", repo_id=None)
    assert got.data is not None


def test_a_block_of_more_repeated_keys_than_are_repaired_is_read_twice_not_once_a_repair(monkeypatch):
    """A metadata block repeating `license: mit` 20,000 times (a fuzzed card): each repair of a repeated key reads the
    block again, and the 50 repairs took 15 s before the block was given up. Two readings tell there are too many; a
    block of a few repeats is still repaired one at a time (FRONTMATTER_QUIRKS above)."""
    import generator.io.yamlio as yamlio
    from generator.sources import repair

    readings = []
    parse = yamlio.parse_yaml
    monkeypatch.setattr(yamlio, "parse_yaml", lambda *a, **k: readings.append(1) or parse(*a, **k))
    assert repair.lenient_frontmatter("---\n" + "license: mit\n" * (repair.MAX_FIXES + 2) + "---\n# M\n", "R.md") is None
    assert len(readings) == 2
    readings.clear()
    meta, _, notes = repair.lenient_frontmatter("---\n" + "license: mit\n" * 3 + "---\n# M\n", "R.md")
    assert meta == {"license": "mit"} and [n[2] for n in notes] == ["duplicate-key"] * 2 and len(readings) == 4


@pytest.mark.parametrize("text, code", [
    ("---   \nlicense: mit\n---\n# M\n", "spaces after the opening ---"),
    ("---\nlicense: mit\n...\n# M\n", "does not read `...`"),
])
def test_validate_names_what_hides_the_metadata_from_the_hub(tmp_path, text, code):
    from generator.errors import CardError

    with pytest.raises(CardError) as exc:
        split_card(text, "README.md")
    assert code in str(exc.value.problems[0]) and exc.value.problems[0].code == "unclosed-frontmatter"


def test_metadata_the_hub_refuses_is_left_out_with_a_warning(tmp_path):
    text = ("---\nlicense: mit\npipeline_tag: conversational\ntags: []\nthumbnail: ''\nlanguage:\n- en\n- english\n"
            "base_model: /root/models/llama\n---\n# M\n\nText.\n")
    got = import_card(tmp_path, text)
    # `english` beside `en`: read as the code the card lists already, once (sources/card_languages.py)
    assert sorted(warned(got)) == [("empty-value", "thumbnail"), ("language-read-as-code", "language[1]"),
                                   ("not-a-hub-id", "base_model"), ("removed-pipeline-tag", "pipeline_tag")]
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["pipeline_tag"] == "text-generation" and rendered["tags"] == ["conversational"]
    assert rendered["language"] == ["en"] and "base_model" not in rendered and "thumbnail" not in rendered


def test_a_string_key_given_as_a_mapping_or_number_is_left_out_with_a_warning(tmp_path):
    # huggingface_hub's modelcard.md template of 2022 (huggingface/huggingface_hub, modelcard.md at 2022-03 to 04),
    # imported unfilled: `library_name: {library_name}` is a mapping in YAML; the records keep one string, and
    # keeping it wrote records the loader refused (10 of cards33's corpus)
    text = "---\nlicense: mit\nlibrary_name: {library_name}  # Example: keras\nlicense_name: 2\n---\n# M\n\nText.\n"
    got = import_card(tmp_path, text)
    assert sorted(warned(got)) == [("not-a-string", "library_name"), ("not-a-string", "license_name")]
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["license"] == "mit" and not {"library_name", "license_name"} & set(rendered)


def test_two_metrics_of_one_name_in_a_result_are_both_kept(tmp_path):
    # shape seen in model-index results of 2022-2024 cards (tests/card_shapes/ORIGINS.txt, two_metrics_one_name.md):
    # two metrics of one type, or one name, in one result; the Hub shows both
    text = shape("two_metrics_one_name")
    got = import_card(tmp_path, text)
    assert warned(got) == []
    assert got.data["evaluations"][0]["metrics"] == [{"type": "accuracy", "value": 85.3},
                                                     {"type": "accuracy", "value": 83.6}]
    assert [m["value"] for m in got.data["evaluations"][1]["metrics"]] == [0.4, 0.6]
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["model-index"] == original_meta(text)["model-index"]


def test_a_heading_with_inline_html_stays_as_the_card_wrote_it(tmp_path):
    # shape seen in Nanbeige and other bilingual cards (2023): anchors as <span id=...> inside the headings, which
    # links to them need; a section title is plain text, so such a heading stays markdown
    got = import_card(tmp_path, '---\nlicense: mit\n---\n# M\n\nText.\n\n## Intro\n\nHi.\n\n'
                      '# <span id="Intro">模型介绍（Introduction）</span>\n\nHello.\n\n## <a id="bench"></a> Benchmarks\n\n'
                      'None yet.\n\n### <b>Bold</b> and **strong**\n\nMore.\n')
    [section] = got.data["sections"]
    assert section["title"] == "Intro"
    _, body = rerender(tmp_path, got.data)
    assert "&lt;" not in body
    assert '\n# <span id="Intro">模型介绍（Introduction）</span>\n\nHello.\n\n## <a id="bench"></a> Benchmarks\n' in body
    assert "\n### <b>Bold</b> and **strong**\n\nMore." in body


def test_a_second_framework_versions_list_stays_text(tmp_path):
    # shape seen in merged Trainer cards (2023): two runs' "Framework versions" lists, one after the other
    text = ("---\nlicense: mit\n---\n# M\n\nText.\n\n## First run\n\n### Framework versions\n\n- Transformers 4.36.0\n"
            "- Pytorch 2.1.0\n\n## Second run\n\n### Framework versions\n\n- Transformers 4.35.2\n- Pytorch 2.0.1\n")
    got = import_card(tmp_path, text)
    assert got.data["training"]["framework_versions"] == {"Transformers": "4.36.0", "Pytorch": "2.1.0"}
    _, body = rerender(tmp_path, got.data)
    assert "- Transformers 4.35.2\n- Pytorch 2.0.1" in body and "4.36.0" in body


def test_a_metric_written_as_a_percentage_is_read_as_its_number(tmp_path):
    # shape seen in Phind and AlpacaEval-reporting cards (2023): `value: 73.8%`, and `N/A` for a missing one
    text = ("---\nmodel-index:\n- name: org/model\n  results:\n  - task:\n      type: text-generation\n"
            "    dataset:\n      name: HumanEval\n      type: openai_humaneval\n    metrics:\n"
            "    - type: pass@1\n      value: 73.8%\n      verified: false\n    - type: pass@10\n      value: N/A\n"
            "---\n# M\n")
    got = import_card(tmp_path, text)
    assert warned(got) == [("number-as-text", "model-index[0].results[0].metrics[0].value"),
                           ("not-a-number", "model-index[0].results[0].metrics[1].value")]
    # `verified: false` is kept as written (it claims nothing; the check says so of the card too)
    assert got.data["evaluations"][0]["metrics"] == [{"type": "pass@1", "value": 73.8, "verified": False},
                                                     {"type": "pass@10", "text": "N/A"}]  # no number: kept as text
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["model-index"][0]["results"][0]["metrics"][0]["value"] == 73.8


@pytest.mark.parametrize("items, kept", [
    # the Trainer's list, under its intro line
    ("The following hyperparameters were used during training:\n- batch_size: (16, 16)\n- head_learning_rate: 0.01\n",
     {"batch_size": "(16, 16)", "head_learning_rate": 0.01}),
    # SetFit 1.x (2023-2025) writes the list with no intro line under its "## Training Details": SetFit's, kept as
    # text where the card has it (test_setfits_training_hyperparameters_stay_where_setfit_writes_them)
    ("- batch_size: (16, 16)\n- num_epochs: (3, 3)\n- head_learning_rate: 0.01\n- mixed precision\n", None),
    ("- batch_size: (16, 16)\n- num_epochs: (3, 3)\n- head_learning_rate: 0.01\n", None),
    # an item that is not `name: value` keeps the whole list as text
    ("The following hyperparameters were used during training:\n- learning_rate: 0.0002\n- mixed precision\n", None),
])
def test_hyperparameter_lists_keep_every_item(tmp_path, items, kept):
    got = import_card(tmp_path, f"---\nlicense: mit\n---\n# M\n\nText.\n\n## Training Details\n\n### Training Hyperparameters\n{items}")
    assert got.data.get("training", {}).get("hyperparameters") == kept
    _, body = rerender(tmp_path, got.data)
    assert (items.strip().splitlines()[-1] if kept is None else "- batch_size: (16, 16)") in body


def test_a_setting_keeps_the_text_the_card_wrote(tmp_path):
    # shape seen in Trainer cards of transformers 4.x (2021-2025, tests/card_shapes/ORIGINS.txt): `num_epochs: 3.0`,
    # which a setting from records shows as 3; the card's text is kept, the numbers written alike stay numbers
    got = import_card(tmp_path, shape("trainer_float_epochs"))
    hyperparameters = got.data["training"]["hyperparameters"]
    assert hyperparameters["num_epochs"] == "3.0" and hyperparameters["learning_rate"] == 2e-05
    assert hyperparameters["seed"] == 42 and hyperparameters["lr_scheduler_warmup_ratio"] == 0.1
    _, body = rerender(tmp_path, got.data)
    assert "- num_epochs: 3.0\n" in body and "- learning_rate: 2e-05\n" in body


def test_a_citation_fence_keeps_its_language(tmp_path):
    got = import_card(tmp_path, shape("citation_fence_languages"))
    assert "citations" not in got.data  # a ```latex or bare fence is the card's text: rendered as written
    _, body = rerender(tmp_path, got.data)
    assert "\n```latex\n@misc{m2020,\n" in body and "Or the tool:\n\n```\n@misc{tool2021,\n" in body
    assert "```bibtex" not in body


def test_a_metric_value_left_empty_is_a_warning_and_the_rest_is_kept(tmp_path):
    from generator.check.validate import validate_card

    text = shape("metric_value_left_empty")
    card = tmp_path / "card.md"
    card.write_text(text, encoding="utf-8")
    report = validate_card(card)  # the Hub takes the card: no error
    assert report.ok and [(p.code, p.path) for p in report.warnings] == [
        ("empty-value", "model-index[0].results[0].metrics[0].value")]
    got = import_card(tmp_path, text)
    assert ("empty-value", "model-index[0].results[0].metrics[0].value") in warned(got)
    assert [e["metrics"] for e in got.data["evaluations"]] == [[{"type": "wer", "value": 12.5, "name": "Test WER"}]]
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["model-index"][0]["results"] == original_meta(text)["model-index"][0]["results"][1:]


def test_a_score_that_is_no_number_keeps_its_code_on_the_rendered_card(tmp_path):
    from generator.check.validate import validate_card

    def codes(path):
        return [(p.code, p.path) for p in validate_card(path).warnings if "model-index" in p.path]

    card = tmp_path / "card.md"
    card.write_text(shape("nan_scores"), encoding="utf-8")
    got = import_card(tmp_path, shape("nan_scores"))
    assert [c for c in warned(got) if c[1].startswith("model-index")] == [
        ("not-finite", "model-index[0].results[0].metrics[0].value"),
        ("not-finite", "model-index[0].results[1].metrics[0].value")]
    records = tmp_path / "records.yaml"
    records.write_text(dump(got.data), encoding="utf-8")
    rendered = tmp_path / "rendered.md"
    rendered.write_text(render(load_records(records)).text, encoding="utf-8")
    assert [code for code, _ in codes(card)] == ["not-finite", "not-finite"]
    assert codes(rendered) == codes(card)  # the rendered card holds the NaN the card does


@pytest.mark.parametrize("name, between", [
    ("results_table_with_intro", "\n### Training results\n\nThe table below shows the full set of DPO training metrics:"),
    # the Trainer's empty one (a run without evaluation) keeps its heading where the card has it, at its level,
    # the lists around it read as data (training.results_heading)
    ("trainer_empty_results", "### Training results\n\n### Framework versions\n\n- PEFT 0.12.0"),
])
def test_a_trainer_card_keeps_the_order_of_its_training_lists(tmp_path, name, between):
    # a results table kept as text sat at the end of the training block (after Framework versions), or, under a
    # "Training procedure" heading over nothing, before it, the heading written twice
    got = import_card(tmp_path, shape(name))
    _, body = rerender(tmp_path, got.data)
    assert body.count("## Training procedure") == 1
    hyperparameters, versions = body.index("### Training hyperparameters"), body.index("Framework versions\n")
    assert hyperparameters < body.index(between) < versions
    if name == "trainer_empty_results":
        assert got.data["training"]["results_heading"] is True and "framework_versions" in got.data["training"]


@pytest.mark.parametrize("name, entries", [("bibtex_entries_back_to_back", 2), ("bibtex_one_line_entries_back_to_back", 4)])
def test_bibtex_entries_written_back_to_back_come_back_so(tmp_path, name, entries):
    text = shape(name)
    got = import_card(tmp_path, text)
    assert [c["bibtex"].count("\n@") + 1 for c in got.data["citations"]] == [entries]
    fence = text[text.index("```bibtex"):]
    assert fence in rerender(tmp_path, got.data)[1]
    assert "}\n\n@" in rerender(tmp_path, {**got.data, "citations": [
        {"bibtex": got.data["citations"][0]["bibtex"].replace("}\n@", "}\n\n@")}]})[1]


def test_a_code_span_in_a_heading_after_the_trainer_lists_stays_code(tmp_path):
    got = import_card(tmp_path, shape("code_span_heading_after_trainer_lists"))
    assert "Fast usage with HF `pipelines`" in [s["title"] for s in got.data["sections"]]
    body = rerender(tmp_path, got.data)[1]
    assert "\n### Fast usage with HF `pipelines`\n" in body
    assert body.index("### Training results") < body.index("### Fast usage") < body.index("### Framework versions")


def test_a_citation_section_before_others_keeps_its_place(tmp_path):
    got = import_card(tmp_path, shape("citation_before_other_sections"))
    assert "citations" not in got.data  # read as citations, it moved to the card's end, after Contact
    _, body = rerender(tmp_path, got.data)
    assert body.index("## Citation\n\n```bibtex\n@misc{m2024,") < body.index("## Acknowledgements") < body.index("## Contact")


def test_a_leaderboard_average_that_is_not_the_mean_is_the_cards_own(tmp_path):
    from generator.check.validate import validate_card

    text = shape("open_llm_leaderboard_average_off")
    card = tmp_path / "card.md"
    card.write_text(text, encoding="utf-8")
    report = validate_card(card)  # the bot's average, which the Hub takes: a warning, not an error
    assert report.ok and [p.code for p in report.warnings] == ["average-mismatch"]
    got = import_card(tmp_path, text)
    assert "leaderboards" not in got.data  # the records refuse such an average: the table stays as written
    _, body = rerender(tmp_path, got.data)
    assert "|Avg.               |55.01|" in body
    # and stays the bot's (calme-2.3-phi3-4b's two tables, YinanWusoymilk/hf-readme, came back so): the card rendered
    # from the records, and the records, were invalid, the average an error as if the generator had written the table
    rendered = tmp_path / "rendered" / "README.md"
    rendered.parent.mkdir()
    rendered.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    for checked in (validate_card(rendered), validate_card(tmp_path / "records.yaml")):
        assert checked.ok and [p.code for p in checked.warnings] == ["average-mismatch"], checked.problems


def test_a_leaderboard_summary_keeps_the_level_of_its_heading(tmp_path):
    """The bot wrote `# [Open LLM Leaderboard Evaluation Results](...)` over its early summaries: read as data, the
    table came back under `##`."""
    got = import_card(tmp_path, shape("open_llm_leaderboard_h1_heading"))
    [board] = got.data["leaderboards"]
    assert board["level"] == 1 and board["details_period"] is False
    _, body = rerender(tmp_path, got.data)
    assert ("\n# [Open LLM Leaderboard Evaluation Results](https://huggingface.co/spaces/HuggingFaceH4/open_llm_leaderboard)"
            "\n\nDetailed results can be found [here](") in body
    assert re.search(r"^\| Avg\. +\| 63\.10 \|$", body, re.M)


def test_a_card_with_two_quick_starts_imports_back_the_same(tmp_path):
    got = import_card(tmp_path, shape("trl_peft_quick_start"))
    _, first = rerender(tmp_path, got.data)
    # one: TRL's loads model="None", so the generated one (PEFT loading) replaces it (cards38); none after it (cards36)
    assert first.count("## Quick start") == 1 and 'model="None"' not in first
    card = tmp_path / "rendered.md"
    card.write_text(render(load_records(tmp_path / "records.yaml")).text)
    again = ingest(sources=[card], repo_id="org/model")
    _, second = rerender(tmp_path, again.data)
    assert second == first


@pytest.mark.parametrize("name", sorted(p.stem for p in SHAPES.glob("*.md")))
def test_every_card_shape_imports_back_to_the_same_card(tmp_path, name):
    """import -> render -> import -> render is a fixed point: a rendered card reads back as the records it came from."""
    got = import_card(tmp_path, shape(name))
    first = render(load_records(_write_records(tmp_path / "one", got.data))).text
    card = tmp_path / "rendered.md"
    card.write_text(first, encoding="utf-8")
    again = ingest(sources=[card], repo_id="org/model").data
    assert render(load_records(_write_records(tmp_path / "two", again))).text == first


# Headings a card shape loses by design, each said in a warning: TRL's Quick start loading model="None", which cannot
# run, where no Quick start is generated in its place (a PEFT adapter's card naming no task)
LEFT_OUT_HEADINGS = {"trl_0.20_ppo_peft_model_none_no_pipeline_tag": [(2, "Quick start")],
                     "trl_stacked_frontmatter": [(2, "Quick start")],  # its base a local path: none generated
                     # AutoTrain's template title names nothing, its Usage loads "PATH_TO_THIS_REPO": the Quick start
                     # is the card's (test_trainer_autotrain)
                     "autotrain_llm_path_to_this_repo": [(1, "Model Trained Using AutoTrain"), (1, "Usage")]}


@pytest.mark.parametrize("name", sorted(p.stem for p in SHAPES.glob("*.md")))
def test_every_heading_of_a_card_shape_is_written_back_in_its_order(tmp_path, name):
    """Nothing a person wrote is lost: each heading of the card (outside code and comments) is a heading of the card
    rendered from its records, at its level, in the card's order; a heading over nothing (over spaces, over a
    sub-heading) too, and so again when the rendered card is imported. (Not the title huggingface_hub's template
    leaves unfilled, "Model Card for Model ID", nor sentence-transformers 2.x's "{MODEL_NAME}": they name nothing, and
    the records' name is written instead.)"""
    from generator.sources.sentence_models import V2_TITLE
    from generator.sources.trainer_template import template_title

    text = shape(name)
    kept = [heading for heading in _atx(text) if not (heading[0] == 1 and (template_title(heading[1]) or
                                                                           heading[1] == V2_TITLE))
            and heading not in LEFT_OUT_HEADINGS.get(name, [])]
    got = import_card(tmp_path, text)
    rendered = render(load_records(_write_records(tmp_path / "one", got.data))).text
    again = import_card(tmp_path, rendered).data
    for card in (rendered, render(load_records(_write_records(tmp_path / "two", again))).text):
        written = iter(_atx(card))
        assert all(heading in written for heading in kept), [h for h in kept if h not in _atx(card)]


def _atx(text: str) -> list[tuple[int, str]]:
    """The ATX headings of a card's body (level, title as its words), in order, as the Hub reads them."""
    from generator.markdown.fences import indented_code, scan_lines
    from generator.markdown.frontmatter import FRONTMATTER
    from generator.markdown.headings import atx_heading

    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = FRONTMATTER.match(text)
    lines = text[match.end() if match else 0:].split("\n")
    code = indented_code(lines)
    found = [(atx_heading(line), i) for i, (line, fence, comment) in enumerate(scan_lines(lines))
             if not fence and not comment and i not in code]
    return [(heading.level, " ".join(heading.title.split())) for heading, _ in found if heading and heading.title]


def _headings(text: str) -> list[str]:
    """The ATX headings of a card's body, in order (none of these shapes has a fence holding a # line)."""
    return [line for line in split_card(text, "card", finite=False)[1].splitlines() if line.startswith("#")]


def _write_records(folder: Path, data: dict) -> Path:
    folder.mkdir()
    (folder / "records.yaml").write_text(dump(data), encoding="utf-8")
    return folder / "records.yaml"


def test_a_comment_keeps_its_backticks_and_hides_nothing_else():
    from generator.markdown.safety import clean_markdown

    text = "<!-- a note\n```python\nx = 1\n```-->\n<script>alert(1)</script>\nuse `<!--` then <script>x</script> -->"
    out = clean_markdown(text)
    assert out.startswith("<!-- a note\n```python\nx = 1\n```-->\n")  # was `&lt;!-- a note`: the note shown
    assert "<script>" not in out and out.count("&lt;script>") == 2


def test_a_fact_list_under_training_hyperparameters_stays_text(tmp_path):
    # shape seen in huggingface_hub's default template (PEFT adapters, 2023-2025): `#### Training Hyperparameters`
    # holding `- **Training regime:** [More Information Needed] <!--fp32, fp16 ... -->`
    text = ("---\nlicense: mit\n---\n# M\n\nText.\n\n## Training Details\n\n#### Training Hyperparameters\n\n"
            "- **Training regime:** [More Information Needed] <!--fp32, bf16 mixed precision -->\n")
    got = import_card(tmp_path, text)
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "- **Training regime:** [More Information Needed] <!--fp32, bf16 mixed precision -->" in body


def test_a_foreign_card_leaves_the_blob_it_was_imported_from(tmp_path):
    """model.card_source.blob is git's id of the exact bytes read (what the Hub lists), CRLF and all; a card
    rendered from such records names it only in its metadata marker (publish's proof), whence it reads back."""
    import subprocess

    text = "---\nlicense: mit\nwidget:\n- text: Hi\n---\n# Ours\n\nWritten by the team.\n\n## Notes\n\nKeep.\n"
    for name, content in (("lf", text), ("crlf", text.replace("\n", "\r\n"))):
        card = tmp_path / name / "README.md"
        card.parent.mkdir()
        card.write_bytes(content.encode("utf-8"))
        data = ingest(sources=[card], repo_id="org/model").data
        git = subprocess.run(["git", "hash-object", str(card)], capture_output=True, text=True, check=True)
        assert data["model"]["card_source"] == {"blob": git.stdout.strip()}, name
    rendered = render(load_records(_write_records(tmp_path / "one", data))).text
    assert "card_source" not in rendered and rendered.count(git.stdout.strip()) == 1
    assert f"adopts={git.stdout.strip()} evals=none " in rendered.splitlines()[-1]
    again = tmp_path / "rendered.md"
    again.write_text(rendered, encoding="utf-8")
    reimported = ingest(sources=[again], repo_id="org/model").data
    read = subprocess.run(["git", "hash-object", str(again)], capture_output=True, text=True, check=True)
    # and the card of ours read names itself (publish: the Hub still holds the card these records hold)
    assert reimported["model"]["card_source"] == {"blob": git.stdout.strip(), "read": read.stdout.strip()}
    assert render(load_records(_write_records(tmp_path / "two", reimported))).text == rendered


def test_titles_read_as_the_hub_shows_them(tmp_path):
    got = import_card(tmp_path, shape("title_with_html_and_references"))
    # the centering HTML is what the Hub shows: the heading stays markdown, so the card keeps no title of its own
    assert got.data["model"]["name"] is False
    assert '# <p align="center">Tiny &amp; Fast -> v2</p>' in got.data["model"]["summary"]
    # a heading holding an entity or an angle bracket stays markdown too: as a plain title it came back
    # `## Q&A: when a &gt; b`, which the card did not write; the anchor-only heading stays markdown after it
    assert "sections" not in got.data
    summary = got.data["model"]["summary"]
    assert "\n\n## Q&amp;A: when a > b\n" in summary
    assert summary.index("Answers.") < summary.index('\n\n## <span id="notes"></span>\n\nNotes under an anchor heading.')
    _, body = rerender(tmp_path, got.data)
    assert '# <p align="center">Tiny &amp; Fast -> v2</p>\n' in body and "\n## Q&amp;A: when a > b\n" in body


def test_a_hyperparameter_written_as_a_link_reads_back_the_same(tmp_path):
    got = import_card(tmp_path, shape("trainer_link_in_hyperparameters"))
    optimizer = got.data["training"]["hyperparameters"]["optimizer"]
    assert optimizer.startswith("[8-bit Adam](https://github.com/facebookresearch/bitsandbytes) with")


@pytest.mark.parametrize("name", ["axolotl_peft_after_trainer", "axolotl_peft_after_trainer_second_title"])
def test_peft_training_procedure_after_the_trainers_stays_text(tmp_path, name):
    got = import_card(tmp_path, shape(name))
    training = got.data["training"]
    assert training["framework_versions"] == {"Transformers": training["framework_versions"]["Transformers"],
                                              "Pytorch": "2.0.1+cu118"}
    assert "description" not in training  # PEFT's section is a free one, not the training block's text
    text = "\n".join(s["content"] for s in got.data["sections"])
    assert "bitsandbytes" in text and "- PEFT 0.6.0" in text


def test_an_image_inside_html_stays_in_place(tmp_path):
    got = import_card(tmp_path, shape("image_in_centered_paragraph"))
    assert "image" not in got.data["model"]
    assert '<p align="center">\n  <img src="https://example.org/logo.png" width="400"/>\n</p>' in got.data["model"]["summary"]


def test_the_cards_own_quick_start_stays_in_its_place(tmp_path):
    got = import_card(tmp_path, shape("own_quick_start_after_setup"))
    assert [s["title"] for s in got.data["sections"]] == ["Setup", "Quick start", "Benchmark"]
    _, body = rerender(tmp_path, got.data)
    assert body.index("## Setup") < body.index("## Quick start") < body.index("## Benchmark")


def test_a_metadata_key_with_a_space_keeps_the_digest_line_readable(tmp_path):
    from generator.card.managed import META

    got = import_card(tmp_path, shape("metadata_key_with_space"))
    assert got.data["model"]["metadata"] == {"base model": "mistralai/Mixtral-8x7B-v0.1"}
    _, body = rerender(tmp_path, got.data)
    assert META.search(body).group("keys").split(",") == ["license", "datasets", "base model"]


def test_a_library_name_given_as_a_list_of_one_is_read_as_it(tmp_path):
    """Shape seen in Keras cards of 2022 (model-card toggle tests): `library_name: [keras]`."""
    got = import_card(tmp_path, "---\nlibrary_name:\n- keras\nlicense: mit\n---\n# M\n\nText.\n")
    assert warned(got) == [("not-a-string", "library_name")]
    assert rerender(tmp_path, got.data)[0]["library_name"] == "keras"
    got = import_card(tmp_path, "---\nlibrary_name: [keras, tf-keras]\n---\n# M\n\nText.\n")
    assert warned(got) == [("not-a-string", "library_name")] and "library_name" not in got.data["model"]


def test_an_unclosed_metadata_block_is_text_as_on_the_hub(tmp_path):
    """Shape seen in a QLoRA card of 2023: a `---` opening the card as a rule, never closed, YAML-like notes after
    it. The Hub's expression finds no metadata block and shows it all as markdown; so does the import."""
    text = "---\n\n### Overview:\n  description: a llama2 chat model fine-tuned on code.\n\n### Library:\n  name: peft\n"
    got = import_card(tmp_path, text)
    assert warned(got) == [("unclosed-frontmatter", "line 1")]
    assert got.data["model"]["summary"] == "---"
    assert [s["title"] for s in got.data["sections"]] == ["Overview:", "Library:"]
    meta, body = rerender(tmp_path, got.data)
    assert meta == {}  # no metadata block, as the Hub read the card
    assert "description: a llama2 chat model fine-tuned on code." in body


def test_a_heading_with_no_text_keeps_the_next_one_of_its_level(tmp_path):
    got = import_card(tmp_path, shape("thebloke_gguf_original_card"))
    [original] = [s for s in got.data["sections"] if s["title"] == "Original model card: Org's Tiny Chat"]
    # at the card's levels: the second `#` title is a `#` section (sections[].level 1), what it holds as written
    assert original["level"] == 1
    assert original["content"].startswith("# Tiny Chat\n\nA small chat model.\n\n## Benchmark Results")
    _, body = rerender(tmp_path, got.data)
    assert body.index("\n# Original model card: Org's Tiny Chat\n") < body.index("\n# Tiny Chat\n")
    assert "\n## Description\n" in body and "\n## Benchmark Results\n" in body


def test_an_escaped_angle_bracket_is_text_for_the_sanitizer(tmp_path):
    """Shape seen in function-calling LLM cards of 2023 (NexusRaven): a stop token written `\\<bot_end\\>`, which
    CommonMark shows as <bot_end>: no tag starts at an escaped <, so the sanitizer leaves it as written."""
    from generator.markdown.safety import clean_markdown

    assert clean_markdown("set a stopping criteria of \\<bot_end\\>.") == "set a stopping criteria of \\<bot_end\\>."
    assert clean_markdown("\\<script>alert(1)</script>") == "\\<script>alert(1)&lt;/script>"  # the real tag still goes
    assert clean_markdown("\\\\<script>") == "\\\\&lt;script>"  # an escaped backslash escapes nothing after it
    got = import_card(tmp_path, "---\nlicense: mit\n---\n# M\n\nStop at \\<bot_end\\> please.\n")
    _, body = rerender(tmp_path, got.data)
    assert "Stop at \\<bot_end\\> please." in body


def test_headings_over_nothing_keep_their_place(tmp_path):
    got = import_card(tmp_path, shape("headings_over_nothing"))
    _, body = rerender(tmp_path, got.data)
    # every heading at the card's level: `# Table of Contents` and `# Disclaimer:` (second `#` titles) stay `#`
    # (sections[].level 1), the headings under them, links kept, as the card wrote them; they were all a level down
    assert _headings(body) == ["# Tiny Hermes", "## Model details", *_headings(shape("headings_over_nothing"))[1:]]


def test_autolinks_are_links_for_the_sanitizer():
    """Shape seen in BERT cards of 2020-2022 (AraBERT's contact lines): e-mail and URL autolinks, `<name@host>` and
    `<https://...>`, which CommonMark shows as links; one with a scheme that runs code is still escaped."""
    from generator.markdown.safety import clean_markdown

    text = "**A. Author**: [Github](https://github.com/a) | <a.author@mail.example.org> | <https://example.org/a?b=1>"
    assert clean_markdown(text) == text
    assert clean_markdown("<javascript:alert(1)>") == "&lt;javascript:alert(1)>"


def test_a_card_naming_no_repo_goes_through_ingest_and_render_without_one(tmp_path, capsys):
    """Most Hub cards never name their own repo: the records hold none, the card renders with its title and
    results but no generated Quick start, and publishing asks for the repo id."""
    from generator.cli.main import main

    card = tmp_path / "README.md"
    card.write_text(shape("transformers_glue_mrpc"), encoding="utf-8")
    assert "repo_id" not in ingest(sources=[card]).data["model"]
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(card), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "repo_id" not in data["model"] and data["model"]["name"] and data["evaluations"]
    assert "$.model.repo_id: no source names the model's Hub repo id" in capsys.readouterr().err
    rendered = tmp_path / "card.md"
    assert main(["render", str(out), "-o", str(rendered)]) == 0
    assert main(["validate", "--strict", str(rendered)]) == 0
    text = rendered.read_text(encoding="utf-8")
    assert f"# {data['model']['name']}" in text and "Quick start" not in text
    capsys.readouterr()
    assert main(["publish", str(out), "--dry-run"]) == 2
    assert "$.model.repo_id: the records name no Hub repo to publish to" in capsys.readouterr().err


def test_a_hyperparameter_with_many_digits_reads_back_as_given(tmp_path):
    """Hyperparameters are shown as the run was given them, so the card reads back to the same records."""
    text = ("---\nlicense: mit\n---\n# m\n\n## Training procedure\n\n### Training hyperparameters\n\n"
            "The following hyperparameters were used during training:\n- learning_rate: 1.0025e-05\n"
            "- weight_decay: 0.012345678\n")
    got = import_card(tmp_path, text)
    assert got.data["training"]["hyperparameters"] == {"learning_rate": 1.0025e-05, "weight_decay": 0.012345678}
    _, body = rerender(tmp_path, got.data)
    assert "- learning_rate: 1.0025e-05\n- weight_decay: 0.012345678\n" in body


def test_a_sized_image_alone_keeps_its_size(tmp_path):
    """An <img> with a width or style is not the header image (rendered as ![alt](url), with no size): it stays HTML."""
    got = import_card(tmp_path, shape("sized_logo_img"))
    assert "image" not in got.data["model"]
    _, body = rerender(tmp_path, got.data)
    assert '<img src="https://example.org/porpoise.png" width="600" />' in body
    assert ('<img src="https://example.org/banner.png" alt="Porpoise banner" width="800" '
            "style=\"margin-left:'auto' margin-right:'auto' display:'block'\"/>") in body


def test_text_under_a_leaderboard_table_is_kept(tmp_path):
    """The bot's section is rebuilt from records only when it holds the bot's lines alone; else it stays as written."""
    got = import_card(tmp_path, shape("leaderboard_with_trailing_text"))
    assert "leaderboards" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "If you would like to support me:\n\n[☕ Buy Me a Coffee](https://example.org/support)" in body
    assert "|AI2 Reasoning Challenge (25-Shot)|60.00|" in body


def test_an_empty_model_index_name_is_told_and_named_anew(tmp_path):
    """transformers wrote `name: ''` when the Trainer's output_dir was "./" (Maniac/wav2vec2-xls-r-urdu, 2022), which
    the Hub now refuses: the import says the name is left out, and the card's model-index is named by its repo id,
    its results kept."""
    from generator.records.hubrules import check_metadata

    got = import_card(tmp_path, shape("trainer_empty_model_index_name"))
    [told] = [p for p in got.warnings if p.path == "model-index[0].name"]
    assert told.code == "empty-value" and "the name is left out" in told.message
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["name"] == "org/model"
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 67.48
    assert check_metadata(meta) == []


def test_a_model_index_value_keeps_the_zeros_its_card_wrote(tmp_path):
    """Helsinki-NLP/opus-mt-tc-big-he-itc writes chr-F as `0.50540` beside BLEU `20.8`, in one result: YAML reads
    0.5054, and the model-index written back said `value: 0.5054`. Each metric keeps the decimals it was written
    with (a zero after its last digit), so the card written back says 0.50540 and its table shows it so; a value
    written without such a zero (0.56398, 20.8) is left as it is."""
    got = import_card(tmp_path, shape("model_index_trailing_zero_values"))
    ita = got.data["evaluations"][1]["metrics"]
    assert [m.get("decimals") for m in ita] == [None, 5]
    assert [m.get("decimals") for m in got.data["evaluations"][0]["metrics"]] == [None, None]
    text = render(load_records(_write_records(tmp_path / "one", got.data))).text
    front = text.split("\n---\n", 1)[0]
    assert "value: 0.50540\n" in front and "value: 0.51480\n" in front and "value: 0.56398\n" in front
    assert "value: 20.8\n" in front and "0.5054\n" not in front
    assert re.search(r"\| 0\.50540 +\|", text)
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    from generator.cli.main import main

    assert main(["validate", str(card)]) == 0  # the metadata digest is the one of the values as read back


def test_a_model_index_value_keeps_its_zeros_in_a_card_saved_with_crlf(tmp_path):
    """deepset/roberta-large-squad2's card is saved with CRLF line ends (`value: 35.900`): read as with LF."""
    text = shape("model_index_trailing_zero_values").replace("\n", "\r\n")
    card = tmp_path / "crlf" / "README.md"
    card.parent.mkdir()
    card.write_bytes(text.encode())
    got = ingest(sources=[card], repo_id="org/model")
    assert [m.get("decimals") for m in got.data["evaluations"][1]["metrics"]] == [None, 5]


def test_a_model_index_value_written_as_its_float_writes_it_gets_no_decimals(tmp_path):
    """`80.0` is what the float 80.0 is written as: nothing to keep (and a table rendered from it shows 80)."""
    text = shape("model_index_trailing_zero_values").replace("value: 0.50540", "value: 80.0")
    got = import_card(tmp_path, text)
    assert "decimals" not in got.data["evaluations"][1]["metrics"][1]


def test_a_section_after_a_leaderboard_stays_after_it(tmp_path):
    """Walmart-the-bag/WordWoven-13B puts `## Quants:` under the bot's `# [Open LLM Leaderboard ...]` heading, which
    is read as a leaderboard: the section was nested into the card's `# License` before the table, and came back above
    it. It stays after the table, as a section of its own at its level."""
    got = import_card(tmp_path, shape("leaderboard_then_person_section"))
    assert got.data["leaderboards"][0]["level"] == 1
    assert "Quants" not in next(s for s in got.data["sections"] if s["title"] == "License")["content"]
    _, body = rerender(tmp_path, got.data)
    order = ["# License", "### MIT", "# [Open LLM Leaderboard Evaluation Results]", "| GSM8k (5-shot)", "## Quants:",
             "[GGUF](https://huggingface.co/TheBloke/WordWoven-13B-GGUF)"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


@pytest.mark.parametrize("cell", ["nan", "-", "{'precision': 0.0, 'recall': 0.0}"])
def test_a_training_results_table_with_a_cell_that_is_no_number_stays_text(tmp_path, cell):
    """The records hold finite numbers: a table they cannot hold whole is kept as the card shows it, not cut."""
    text = shape("trainer_results_with_nan").replace("| nan ", f"| {cell} ", 1)
    got = import_card(tmp_path, text)
    assert "results" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert f"| No log        | 1.0   | 38   | {cell} " in body
    assert "| 0.0003 | 511.0   |" in body


def test_a_persons_sentence_over_the_trainers_results_table_stays_over_it(tmp_path):
    """The Trainer's table under a person's sentence (zephyr-7b-beta's) is read as the run's rows, the sentence as
    training.results_intro, which the renderer writes between the heading and the table (it was kept as text whole,
    which a trainer folder's README, whose table is written again from the run, then lost: deadkali-hat/Sargent_Bit)."""
    got = import_card(tmp_path, shape("results_table_with_intro"))
    assert got.data["training"]["results_intro"] == "The table below shows the full set of DPO training metrics:"
    assert len(got.data["training"]["results"]) == 2
    _, body = rerender(tmp_path, got.data)
    assert "The table below shows the full set of DPO training metrics:" in body
    assert "| 0.4908        | 0.1   | 200  | 0.5426          | -0.0591        | 0.7188             |" in body


@pytest.mark.parametrize("name, text", [
    ("sb3_mean_reward", "251.30 +/- 20.60"),
    ("deep_rl_class_spaced_mean_reward", "480.00           +/- 3.50"),
])
def test_a_mean_reward_written_as_text_survives_the_round_trip(tmp_path, name, text):
    """RL cards write `value: <mean> +/- <std>`: the records hold the mean as the value and the text as written,
    which the rendered card's model-index holds again character for character and its results table shows."""
    from generator import validate_card

    got = import_card(tmp_path, shape(name))
    assert [code for code, path in warned(got) if path.endswith(".value")] == []
    [evaluation] = got.data["evaluations"]
    verified = {"verified": False} if "verified: false" in shape(name) else {}  # kept as written
    assert evaluation["metrics"] == [{"type": "mean_reward", "value": float(text.split()[0]), "text": text,
                                      "name": "mean_reward", **verified}]
    rendered, body = rerender(tmp_path, got.data)  # the whole frontmatter: test_every_card_shape_renders_back_...
    assert rendered["model-index"][0]["results"][0]["metrics"][0]["value"] == text
    assert f"| mean_reward | {' '.join(text.split())} |" in body
    card = tmp_path / "out.md"
    card.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    report = validate_card(card)
    assert report.ok and not report.warnings and report.values_checked == 1, [str(p) for p in report.problems]



def test_a_card_with_no_title_naming_nothing_round_trips_without_one(tmp_path, capsys):
    """Nothing names the model (no `#` title, no model_name, no repo id): `ingest` then `render` without --repo-id
    give the card back without a title, as the Hub shows it (not a placeholder repo id that render refuses)."""
    from generator.cli.main import main

    card = tmp_path / "README.md"
    card.write_text(shape("untitled_short_note"), encoding="utf-8")
    records = tmp_path / "records.yaml"
    assert main(["ingest", str(card), "-o", str(records)]) == 0
    assert "no source names the model's Hub repo id" in capsys.readouterr().err
    model = yaml.safe_load(records.read_text())["model"]
    assert model["name"] is False and "repo_id" not in model
    out = tmp_path / "out.md"
    assert main(["render", str(records), "-o", str(out)]) == 0
    meta, body = split_card(out.read_text(), "out")
    assert meta == {"license": "apache-2.0"}  # no model-index with an empty name made up
    assert not re.search(r"^# ", body, re.M)
    assert "Same data and settings as ExampleModel-13B" in body and "## Prompt format" in body
    assert main(["validate", "--strict", str(out)]) == 0


def test_headings_in_bold_or_italics_stay_as_the_card_wrote_them(tmp_path):
    got = import_card(tmp_path, shape("emphasis_headings"), repo_id=None)
    _, body = rerender(tmp_path, got.data)
    shown = [line for line in body.splitlines() if line.startswith("#")]
    assert shown[:1] == ["# **Example Llama**"] and "## **Model Details**" in shown and "### *Weights*" in shown
    assert not any(line.startswith("# ") for line in shown[1:])  # no title made up besides the card's own heading


def test_a_citation_section_keeps_its_own_heading(tmp_path):
    """TRL's "## Citations" (tests/fixtures/trl_sft, TRL 1.16.0) and the "### BibTeX entry and citation info" of
    transformers-era cards (2020-2022, bert-base-uncased and its fine-tunes) stay under their headings, not moved to a
    "## Citation" the renderer writes."""
    got = import_card(tmp_path, (FIXTURES / "trl_sft" / "README.md").read_text())
    assert "citations" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "\n## Citations\n\nCite TRL as:\n" in body and "## Citation\n" not in body
    assert "@software{vonwerra2020trl," in body or "@misc{vonwerra2022trl," in body
    text = ("---\nlicense: mit\n---\n# M\n\nText.\n\n### BibTeX entry and citation info\n\n```bibtex\n"
            "@article{a2020,\n  title={A},\n  author={B},\n  year={2020}\n}\n```\n")
    _, body = rerender(tmp_path, import_card(tmp_path, text).data)
    assert "## BibTeX entry and citation info\n\n```bibtex\n@article{a2020," in body


def test_a_heading_over_nothing_with_no_section_before_it_stays(tmp_path):
    # shape seen in 2021-2022 cards that are a heading alone (a flair NER test upload: "## Test model"), and in cards
    # opening with a heading over nothing ("## Work in progress") before a higher one
    got = import_card(tmp_path, "---\ntags:\n- flair\n---\n## Test model\n", repo_id=None)
    _, body = rerender(tmp_path, got.data)
    assert "\n## Test model\n" in body
    got = import_card(tmp_path, "---\nlicense: mit\n---\n## Work in progress\n\n# Example\n\nText.\n", repo_id=None)
    _, body = rerender(tmp_path, got.data)
    assert body.index("## Work in progress") < body.index("Text.")


def test_a_metric_name_that_is_not_text_is_left_out_and_the_metric_kept(tmp_path):
    text = ("---\nmodel-index:\n- name: org/model\n  results:\n  - task: {type: text-generation}\n"
            "    dataset: {name: B, type: acme/b}\n    metrics:\n    - {type: acc, value: 1.5, name: []}\n"
            "    - {type: f1, value: 2.5, name: {a: 1}}\n    - {type: em, value: 3.5, name: null}\n---\n# M\n")
    path = tmp_path / "original.md"
    path.write_text(text, encoding="utf-8")
    report = validate_card(path)  # the Hub's types have a string: a warning, not an error
    assert report.ok and [(p.code, p.path) for p in report.problems] == [
        ("wrong-type", "model-index[0].results[0].metrics[0].name"),
        ("wrong-type", "model-index[0].results[0].metrics[1].name")]
    got = import_card(tmp_path, text)
    assert warned(got) == [("wrong-type", "model-index[0].results[0].metrics[0].name"),
                           ("wrong-type", "model-index[0].results[0].metrics[1].name")]
    assert got.data["evaluations"][0]["metrics"] == [{"type": "acc", "value": 1.5}, {"type": "f1", "value": 2.5},
                                                      {"type": "em", "value": 3.5}]
    meta, _ = rerender(tmp_path, got.data)
    assert [m["value"] for m in meta["model-index"][0]["results"][0]["metrics"]] == [1.5, 2.5, 3.5]


def test_frontmatter_whose_aliases_multiply_the_data_is_refused_not_repaired(tmp_path):
    rows = "".join(f"{k}: &{k} [{', '.join(['*' + p] * 8)}]\n" for p, k in zip("abcdef", "bcdefg"))
    path = tmp_path / "README.md"
    path.write_text(f"---\nlicense: mit\na: &a [x, x, x, x, x, x, x, x]\n{rows}---\n# M\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        ingest(sources=[path], repo_id="org/model")
    assert [p.code for p in caught.value.problems] == ["alias-expansion"]
    # nine anchors of nine aliases each (cards53's bomb): past the values a file may expand to, not the alias count;
    # it was "damaged and rebuilt", its aliases kept as text
    rows = "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    path.write_text(f"---\nlicense: mit\na: &a [x, x, x, x, x, x, x, x, x]\n{rows}---\n# M\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        ingest(sources=[path], repo_id="org/model")
    assert [p.code for p in caught.value.problems] == ["too-large"]


def test_trainer_results_cells_keep_their_written_decimals(tmp_path):
    """transformers' Trainer writes an epoch 1.0 and pads a rounded value to 4 decimals (0.0500): the round trip
    shows each cell as written (it showed 1 and 0.05), and the records keep the number."""
    text = shape("trainer_padded_cells")
    got = import_card(tmp_path, text)
    rows = got.data["training"]["results"]
    assert rows[1]["training_loss"] == 0.05 and rows[1]["text"] == {"epoch": "2.0", "training_loss": "0.0500",
                                                                     "validation_loss": "0.3920"}
    assert "text" not in rows[2]  # 0.0312, 2.5, 0.3915, 0.8571: as the records show them
    _, body = rerender(tmp_path, got.data)

    def cells(markdown: str) -> list[list[str]]:
        return [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.splitlines()
                if line.startswith("| ") and "Loss" not in line and "---" not in line]

    assert cells(body)[:3] == cells(text)
    from generator import validate_card

    records = tmp_path / "records.yaml"
    assert validate_card(records).ok
    edited = records.read_text().replace("training_loss: '0.0500'", "training_loss: '0.0600'")
    assert edited != records.read_text()
    records.write_text(edited)
    from generator.errors import GeneratorError

    with pytest.raises(GeneratorError) as caught:
        validate_card(records)
    assert [p.code for p in caught.value.problems] == ["conflicting-values"]


def test_a_heading_holding_a_code_span_keeps_it(tmp_path):
    """TheBloke's GGUF cards (card_shapes/ORIGINS.txt): `## Example `llama.cpp` command` shows llama.cpp as code on
    the Hub; the round trip wrote it escaped (\\`llama.cpp\\`), shown as literal backticks."""
    text = shape("code_span_headings")
    got = import_card(tmp_path, text, repo_id=None)
    _, body = rerender(tmp_path, got.data)
    shown = [line for line in body.splitlines() if line.startswith("#")]
    assert [line for line in text.splitlines() if line.startswith("## ") or line.startswith("### ")] == [
        line for line in shown if "`" in line]
    assert "\\`" not in body


def test_a_leaderboard_score_keeps_the_decimals_the_bot_wrote(tmp_path):
    """The Open LLM Leaderboard bot writes 30.90 for the model-index's 30.9: the round trip showed 30.9."""
    text = shape("open_llm_leaderboard_v2_padded")
    got = import_card(tmp_path, text)
    assert [e.get("decimals") for e in got.data["evaluations"]] == [None, 2]
    _, body = rerender(tmp_path, got.data)

    def rows(markdown: str) -> list[list[str]]:
        return [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.splitlines()
                if line.startswith("|") and "---" not in line]

    assert rows(body) == rows(text)


@pytest.mark.parametrize("name, texts, shown", [("sb3_nan_reward", ["nan +/- nan"], "nan +/- nan"),
                                               ("mteb_nan_scores", [None, ".nan", ".nan"], "nan"),
                                               ("mteb_nan_text_scores", [None, "nan"], "nan")])
def test_a_value_that_is_no_number_is_kept_as_its_text(tmp_path, name, texts, shown):
    """A diverged RL run's `nan +/- nan`, MTEB's `.nan` and `nan`: the Hub shows them; the round trip dropped them.
    The records keep the text without a value, which the table and model-index show and no average or .eval_results
    file uses. YAML's NaN is written back as one (it was the text `nan`, which the Hub reads as a string)."""
    got = import_card(tmp_path, shape(name))
    metrics = got.data["evaluations"][0]["metrics"]
    assert [m.get("text") for m in metrics] == texts
    assert all("value" not in m for m in metrics if m.get("text"))
    assert {w.code for w in got.warnings if "no number" in w.message} == {"not-finite"}
    (tmp_path / "records.yaml").write_text(dump(got.data), encoding="utf-8")
    text = render(load_records(tmp_path / "records.yaml")).text
    meta, body = split_card(text, "rendered", finite=False)
    written = [m["value"] for m in meta["model-index"][0]["results"][0]["metrics"]]
    if texts[-1] == ".nan":
        assert isinstance(written[-1], float) and math.isnan(written[-1]) and "\n      value: .nan\n" in text
    else:
        assert written[-1] == texts[-1]
    assert f"| {shown} |" in " ".join(body.split()).replace("|", " | ").replace("  ", " ")
    from generator import validate_card
    from generator.card.eval_results import eval_result_entries

    report = validate_card(tmp_path / "records.yaml")
    assert report.ok and report.values_checked > 0, [str(p) for p in report.problems]
    assert eval_result_entries(load_records(tmp_path / "records.yaml")) == {}



def test_a_quoted_number_in_any_form_is_read_as_its_number_and_renders_back(tmp_path):
    text = ("---\nmodel-index:\n- name: org/model\n  results:\n  - task: {type: text-generation}\n"
            "    dataset: {name: B, type: acme/b}\n    metrics:\n    - {type: acc, value: '1e-3'}\n"
            "    - {type: f1, value: '.5'}\n    - {type: em, value: ' 85 %'}\n---\n# M\n")
    got = import_card(tmp_path, text)
    assert [w[0] for w in warned(got)] == ["number-as-text"] * 3
    assert got.data["evaluations"][0]["metrics"] == [{"type": "acc", "value": 0.001}, {"type": "f1", "value": 0.5},
                                                      {"type": "em", "value": 85}]
    meta, _ = rerender(tmp_path, got.data)  # a text showing a number with no value would be refused here
    assert [m["value"] for m in meta["model-index"][0]["results"][0]["metrics"]] == [0.001, 0.5, 85]


def test_text_above_the_title_stays_above_it(tmp_path):
    """The renderer writes the title first: a title under a banner stays a heading in the text, after the banner."""
    got = import_card(tmp_path, shape("banner_above_title"))
    model = got.data["model"]
    assert model["name"] is False and model["metadata"]["model_name"] == "Tiny Chat"
    summary = model["summary"]
    assert summary.index('<img src="https://example.org/banner.jpg"') < summary.index("# Tiny Chat - GGUF\n\n- Model creator")
    _, body = rerender(tmp_path, got.data)
    assert body.index("<!-- header end -->") < body.index("# Tiny Chat - GGUF") < body.index("## Description")
    assert body.count("# Tiny Chat - GGUF") == 1
    # the title still names the model when the card's own repo id is looked for in its text
    assert import_card(tmp_path, shape("banner_above_title"), None).data["model"]["repo_id"] == "someone/Tiny-Chat-GGUF"


def test_an_image_the_card_does_not_show_first_stays_in_place(tmp_path):
    """The header image is rendered above everything: an image after text or after the title is not it."""
    got = import_card(tmp_path, shape("image_after_text"))
    model = got.data["model"]
    assert "image" not in model and model["name"] is False
    _, body = rerender(tmp_path, got.data)
    order = ["**Request information:**", "![image/png](https://example.org/picture.png)", "# Tiny Model",
             "![Tiny](https://example.org/tiny.png)", "A small model."]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_a_heading_with_brackets_comes_back_as_written(tmp_path):
    """`## Citation [optional]` (huggingface_hub's template) is written back as the card has it, not escaped."""
    got = import_card(tmp_path, shape("template_optional_headings"))
    _, body = rerender(tmp_path, got.data)
    assert "## Model Examination [optional]\n\n[More Information Needed]\n\n## Citation [optional]\n" in body
    assert "\\[optional\\]" not in body


def test_a_heading_that_is_a_link_after_the_hyperparameters_comes_back_a_link(tmp_path):
    """A section whose title is one whole link (the Open LLM Leaderboard bot's heading after a Trainer's
    hyperparameter list) is written back as that link, not escaped into text showing its brackets."""
    got = import_card(tmp_path, shape("linked_heading_after_hyperparameters"))
    _, body = rerender(tmp_path, got.data)
    assert ("\n## [Open LLM Leaderboard Evaluation Results](https://huggingface.co/spaces/open-llm-leaderboard/"
            "open_llm_leaderboard)\n\nDetailed results can be found [here]") in body
    assert "\\[" not in body


def test_a_linked_heading_after_sections_stays_after_them(tmp_path):
    """A heading holding a link, in a card with no title, is not taken into the text above its first section."""
    got = import_card(tmp_path, shape("linked_heading_without_title"))
    assert "Leaderboard" not in got.data["model"]["summary"]
    _, body = rerender(tmp_path, got.data)
    order = ["Tiny Dolphin is a small chat model.", "## Prompt format", "SYSTEM: you are helpful.",
             "# [Open LLM Leaderboard Evaluation Results](https://huggingface.co/spaces/HuggingFaceH4/open_llm_leaderboard)",
             "| Avg.                  | 41.88   |"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_a_first_h1_after_sections_is_a_section_not_the_title(tmp_path):
    got = import_card(tmp_path, shape("first_h1_after_sections"))
    assert got.data["model"]["name"] is False
    _, body = rerender(tmp_path, got.data)
    order = ["a dequantised model", "## some benchmarks", "|hellaswag|0.6851|", "LICENSE", "NOMERGE License"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_keras_results_and_versions_stay_after_the_hyperparameters(tmp_path):
    """The Keras callback's "Training results" table (not a Trainer table the records hold) and its "Framework
    versions" stay after the hyperparameter list read as data, in the training block, not moved up into the free
    section before "## Training procedure"."""
    got = import_card(tmp_path, shape("keras_callback_results_after_hyperparameters"))
    _, body = rerender(tmp_path, got.data)
    order = ["## Training and evaluation data", "## Training procedure", "- training_precision: float32",
             "\n### Training results\n", "| 3.2180     | 4.7198          | 2     |", "\n### Framework versions\n",
             "- TensorFlow 2.8.0"]  # at the card's level, under the Training procedure the renderer writes: were ##
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_an_empty_training_procedure_keeps_its_sub_sections_under_it(tmp_path):
    """"## Training procedure" over nothing of its own keeps the Trainer-titled sub-sections a person wrote (a code
    block, a picture) under it, in order: the heading is not lost."""
    got = import_card(tmp_path, shape("training_procedure_over_code_hyperparameters"))
    _, body = rerender(tmp_path, got.data)
    order = ["## Dataset", "## Training procedure", "### Training hyperparameters", "BATCH_SIZE = 64",
             "### Training results", "![accuracy](./accuracy.png)"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_html_written_back_as_text_is_warned_once_naming_each_tag(tmp_path):
    """HTML the card is written back with as text (a token written bare, an iframe, a tag outside the allow-list)
    is named in one `html-escaped` warning, each tag once; HTML in a code span or already escaped is not."""
    got = import_card(tmp_path, shape("html_outside_allow_list"))
    escaped = [p for p in got.warnings if p.code == "html-escaped"]
    assert len(escaped) == 1
    assert escaped[0].message.endswith(": <mask, <iframe, </iframe, <nobr, </nobr")
    plain = tmp_path / "plain.md"
    plain.write_text("---\nlicense: mit\n---\n# Tiny\n\nWrite `<mask>` or \\<mask\\> to show it; <b>bold</b>.\n")
    assert "html-escaped" not in [p.code for p in ingest([plain]).warnings]


def test_a_tag_in_an_images_alt_text_is_not_warned(tmp_path):
    """sd-concepts-library's cards write the concept's token as each image's alt text (`![<midjourney-style> 0](...)`):
    alt text is text, which the Hub shows the same escaped (`&lt;midjourney-style>`) or not; it was named in an
    html-escaped warning (4 of 4 such cards). The same token out of an image (austin-osman-spare's two images whose
    URL holds a space are no images) is HTML the Hub reads as a tag, and still named."""
    from generator.markdown.safety import escaped_html
    from generator.markdown.tables import commonmark

    got = import_card(tmp_path, shape("sd_concepts_alt_text_tag"))
    assert "html-escaped" not in [p.code for p in got.warnings]
    _, body = rerender(tmp_path, got.data)
    alt = 'alt="&lt;midjourney-style&gt; 0"'
    assert alt in commonmark().render(body) and alt in commonmark().render(shape("sd_concepts_alt_text_tag"))
    assert escaped_html("![<concept> 106](https://huggingface.co/x/resolve/main/a copy.webp)") == ["<concept"]


def test_tag_like_text_commonmark_shows_as_text_is_not_warned(tmp_path):
    """skops' hyperparameter tables hold `<class 'numpy.float64'>` (merve/xgboost-example): no tag to CommonMark (an
    attribute name cannot start with a quote), so the Hub shows it as text, and the card written back shows it the
    same; it was named in an html-escaped warning. Such text inside an HTML block is HTML, and still named."""
    from markdown_it import MarkdownIt

    from generator.markdown.safety import escaped_html

    got = import_card(tmp_path, shape("skops_numpy_dtype_cell"))
    assert "html-escaped" not in [p.code for p in got.warnings]
    _, body = rerender(tmp_path, got.data)
    md = MarkdownIt("commonmark").enable("table")
    assert "<td>&lt;class 'numpy.float64'&gt;</td>" in md.render(body)
    assert "<td>&lt;class 'numpy.float64'&gt;</td>" in md.render(shape("skops_numpy_dtype_cell"))
    assert escaped_html("<div>\n<class 'numpy.float64'>\n</div>\n") == ["<class"]
    assert escaped_html("See [x](javascript:alert(1)) or <class 'x'>.") == ["the link target javascript:alert(1)"]
    # jphme/em_german_leo_mistral's typo, written back as `#`: the warning names it, so it can be mended
    assert escaped_html("| [Link](hhttps://huggingface.co/jphme/em_german_7b_leo_gguf) |") == [
        "the link target hhttps://huggingface.co/jphme/em_german_7b_leo_gguf"]


def test_a_link_with_a_typo_in_its_scheme_is_named_with_its_correction(tmp_path):
    got = import_card(tmp_path, shape("hhttps_dataset_link"))
    target = "hhttps://huggingface.co/datasets/tweets_hate_speech_detection"
    [problem] = [p for p in got.warnings if p.code == "html-escaped"]
    assert problem.message.startswith(f"links to {target}, a scheme other than http(s) or mailto") and \
        "written back as #" in problem.message
    assert problem.fix == f"correct the target in the records' text: {target} -> {target[1:]}"
    assert any(target in s["content"] for s in got.data["sections"])  # the records keep it, to be mended there
    _, body = rerender(tmp_path, got.data)
    assert "[tweets_hate_speech_detection](#)" in body and "hhttps" not in body


@pytest.mark.parametrize("name, before", [
    ("trainer_lists_under_training_and_evaluation_data", "## Training and evaluation data"),
    ("trainer_lists_beside_a_persons_subsection", "### Evaluation"),
])
def test_trainer_lists_under_a_persons_section_get_no_heading_of_their_own(tmp_path, name, before):
    """A Trainer card whose author removed "## Training procedure": its lists stay under the author's section,
    with no generated heading between (training.heading: false), and the rendered card imports back to itself."""
    got = import_card(tmp_path, shape(name))
    assert got.data["training"]["heading"] is False
    _, body = rerender(tmp_path, got.data)
    headings = _headings("---\n---\n" + body)
    assert "## Training procedure" not in headings
    assert headings[headings.index(before) + 1] == "### Training hyperparameters"
    assert [h for h in _headings(shape(name)) if h in headings] == [h for h in headings if h in _headings(shape(name))]


def test_exl2_weights_get_no_transformers_quick_start(tmp_path):
    text = shape("exl2_with_transformers_library")
    got = import_card(tmp_path, text, "org/model-exl2")
    [problem] = [p for p in got.warnings if p.path == "tags"]
    assert problem.code == "not-kept" and "transformers cannot load" in problem.message
    assert "remove library_name: transformers" in problem.fix
    assert got.data["model"]["usage"] is False
    _, body = rerender(tmp_path, got.data)
    assert "Quick start" not in body and "from transformers" not in body
    # the same card without the tag: a transformers model, whose Quick start is generated
    untagged = import_card(tmp_path, text.replace("tags:\n- exl2\n", ""), "org/model-exl2")
    assert "usage" not in untagged.data["model"] and not [p for p in untagged.warnings if p.path == "tags"]
    _, body = rerender(tmp_path, untagged.data)
    assert "## Quick start" in body and 'model="org/model-exl2"' in body


def test_a_heading_holding_a_comment_keeps_it_hidden(tmp_path):
    """`## News <!-- omit in toc -->` comes back as written, its comment hidden as on the Hub, not escaped into text
    showing `&lt;!-- omit in toc --&gt;`; the sections keep their order."""
    got = import_card(tmp_path, shape("heading_with_comment"))
    _, body = rerender(tmp_path, got.data)
    assert "&lt;" not in body
    order = ["A small vision-language model.", "## News <!-- omit in toc -->", "* [2024.05.20] Tiny-V 2 is out.",
             "## Usage", "Load it with transformers."]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_verified_is_kept_as_written_with_the_token_proving_it(tmp_path):
    # shape of autoevaluate's cards (2022): `verified: true` with the Hub's verifyToken, and a card's own
    # `verified: false` / `verified: true`; the check (hubrules) is the one place that judges the flag
    text = (SHAPES.parent / "hub_shapes" / "autoevaluate_verified.md").read_text()
    got = import_card(tmp_path, text)
    assert warned(got) == []
    assert [m.get("verified") for m in got.data["evaluations"][0]["metrics"]] == [True, False, True]
    rendered, _ = rerender(tmp_path, got.data)
    metrics = rendered["model-index"][0]["results"][0]["metrics"]
    assert metrics == original_meta(text)["model-index"][0]["results"][0]["metrics"]


def test_a_leaderboard_keeps_its_details_line_and_average_as_the_bot_wrote_them(tmp_path):
    # the Open LLM Leaderboard bot (2023-2024) wrote its details line with no period and its average with 2
    # decimals (54.40): both come back as written, the scores read as data all the same
    got = import_card(tmp_path, shape("open_llm_leaderboard_bot_as_written"))
    [board] = got.data["leaderboards"]
    assert board["details_period"] is False and "average" not in board
    _, body = rerender(tmp_path, got.data)
    assert "\nDetailed results can be found [here](https://huggingface.co/datasets/open-llm-leaderboard/details_org__m)\n" in body
    assert "| Avg.                              | 54.40 |" in body


def test_a_reported_leaderboard_average_keeps_the_decimals_the_bot_wrote(tmp_path):
    """cognitivecomputations/dolphin-2.6-mistral-7b-dpo: the bot's `Avg.` is 67.20, the mean of the six scores it shows
    67.19 (it averaged the unrounded ones), so the average is reported, not computed: it came back 67.2. It keeps
    the bot's 2 decimals (average_decimals), and the check takes the card rendered from it."""
    from generator import validate_card

    got = import_card(tmp_path, shape("open_llm_leaderboard_average_as_written"))
    [board] = got.data["leaderboards"]
    assert (board["average"], board["average_decimals"]) == (67.2, 2)
    _, body = rerender(tmp_path, got.data)
    assert "| Avg.                              | 67.20 |" in body
    card = tmp_path / "out" / "README.md"
    card.parent.mkdir()
    card.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    assert validate_card(card).ok


def test_a_card_with_no_metadata_comes_back_with_none(tmp_path):
    # cards of 2019-2021 with neither metadata nor a `#` title (and ones whose `---` is never closed, which the Hub
    # reads as text): the Hub reads no block as an empty one, so none is written, not `---\n{}\n---`, and the check
    # says of the rendered card what it says of the original
    from generator import validate_card

    text = "Sentiment model for tweets.\n\n## Usage\n\nUse it.\n"
    got = import_card(tmp_path, text, repo_id=None)
    records = tmp_path / "records.yaml"
    records.write_text(dump(got.data), encoding="utf-8")
    card = tmp_path / "out.md"
    card.write_text(render(load_records(records)).text, encoding="utf-8")
    out = card.read_text(encoding="utf-8")
    assert not out.startswith("---") and "Sentiment model for tweets.\n" in out and "## Usage\n\nUse it.\n" in out
    assert [p.code for p in validate_card(card).problems] == ["no-frontmatter"]
    assert [p.code for p in validate_card(tmp_path / "README.md").problems] == ["no-frontmatter"]


def test_headings_holding_markup_keep_the_level_of_their_siblings(tmp_path):
    # Qwen3's card (2025), copied into its GGUF and fine-tuned cards under their own `#` title: `# Qwen3-0.6B` over
    # `### \`enable_thinking=True\`` and `### \`enable_thinking=False\``; the second was written at the card's level
    # while the first, and the plain heading after it, moved one level down with their section
    got = import_card(tmp_path, shape("qwen3_thinking_modes"))
    _, body = rerender(tmp_path, got.data)
    # and since the second `#` title is kept a `#` section (sections[].level 1), every heading is at the card's level
    card = _headings(shape("qwen3_thinking_modes"))
    assert _headings(body) == [card[0], "## Model details", *card[1:]]
    assert card[1:] == ["# Qwen3-0.6B", "## Switching Between Thinking and Non-Thinking Mode", "### `enable_thinking=True`",
                        "### `enable_thinking=False`", "### Advanced Usage", "## Best Practices"]


def test_a_header_image_with_no_alt_text_comes_back_with_none(tmp_path):
    # banners written `![](https://...)` above the title (GGUF and merge cards, 2024-2025): the records keep the
    # empty alt text, which the renderer writes as it is, not the model's name
    got = import_card(tmp_path, "---\nlicense: mit\n---\n![](https://example.com/banner.png)\n\n# M\n\nText.\n")
    assert got.data["model"]["image"] == {"url": "https://example.com/banner.png", "alt": ""}
    _, body = rerender(tmp_path, got.data)
    assert "\n![](https://example.com/banner.png)\n\n# M\n" in body


def test_an_html_banner_comes_back_as_the_card_wrote_it(tmp_path):
    # an <img> with only src and alt was taken as the header image, which the renderer writes as ![alt](url): the
    # card's own tag (its `/>` and quotes included) stays in the text, above the title, as the card shows it
    got = import_card(tmp_path, shape("img_banner_src_alt"))
    assert "image" not in got.data["model"] and got.data["model"]["name"] is False
    _, body = rerender(tmp_path, got.data)
    assert '\n<img src="https://example.org/tiny-chat-banner.png" alt="Tiny Chat"/>\n\n# Tiny Chat\n\nA small' in body
    assert "![" not in body


def test_a_citation_heading_over_nothing_stays(tmp_path):
    # read as a Citation section holding no BibTeX entry, it was dropped: the renderer writes no empty Citation
    got = import_card(tmp_path, shape("citation_heading_over_nothing"))
    assert "citations" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "\n* transformers == 4.29.2\n\n## Citation\n" in body


def test_a_heading_a_title_would_escape_stays_as_written(tmp_path):
    # read as a section title (plain text), LM Studio's heading was written back `Community Model&gt; Tiny Math`
    got = import_card(tmp_path, shape("lmstudio_community_heading"))
    _, body = rerender(tmp_path, got.data)
    assert "\n## 💫 Community Model> Tiny Math 7B Instruct by Example Org\n" in body and "&gt;" not in body
    assert body.index("Community Model>") < body.index("## Model Summary:") < body.index("## Prompt Template:")


def test_a_hyperparameter_list_in_a_persons_outline_stays_text(tmp_path):
    # under `####` (the Hub template's outline), not the ### of the Trainer, TRL or SetFit: read as data, the list
    # moved under the renderer's "## Training procedure" with its intro line, out of the card's Training Details
    got = import_card(tmp_path, shape("hub_template_hyperparameter_list"))
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "## Training procedure" not in body and "were used during training" not in body
    assert ("\n#### Training Hyperparameters\n\n- Image size: 1024 px square\n- Learning rate: initially 1e4-1e5\n"
            "- Optimizer: AdamW\n- Number of epochs: 50\n\n#### Speeds, Sizes, Times\n") in body


def test_a_card_opening_with_a_deep_heading_over_deeper_ones_keeps_it(tmp_path):
    # DreamBooth cards of 2022-2023 (TheLastBen's fast-DreamBooth Space): no `#` title, the card opens with
    # `### <model name>` over nothing but its `####` sections; the heading was lost
    got = import_card(tmp_path, shape("dreambooth_deep_first_heading"))
    _, body = rerender(tmp_path, got.data)
    # at the card's levels (sections[].level 3): the card has no `##`, and its headings were all a level up
    # under no `##` heading: in the header, not after the generated "## Model details", under which they read as nested
    assert _headings(body) == ["### Froggy Style V2.1", "#### V2.1-768 Model by TheLastBen",
                               "#### Prompts to start with :", "## Model details"]


def test_a_title_spaced_twice_names_the_model_once(tmp_path):
    """unsloth titles its card `# Uploaded  model` (Devsam2898/Gemma2-Peshwa): the name is what the heading shows, one
    space, in the records and the rendered title alike (and the model-index name, when results give it one)."""
    got = import_card(tmp_path, shape("unsloth_uploaded_model"), None)
    assert got.data["model"]["name"] == "Uploaded model"
    got.data["evaluations"] = [{"id": "e", "benchmark": "B", "task": {"type": "text-generation"},
                                "dataset": {"id": "org/b"}, "metrics": [{"type": "acc", "value": 0.5}]}]
    meta, body = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["name"] == "Uploaded model"
    assert _headings(body)[0] == "# Uploaded model"


def test_framework_versions_in_a_persons_outline_keep_their_level_and_place(tmp_path):
    """rubra-ai's `## Framework Versions` (level 2, between its own "How to use" and "Limitations and Bias") is the
    card's outline, not the Trainer's `### Framework versions` under "## Training procedure": it stays text, at its
    level, where the card has it."""
    got = import_card(tmp_path, shape("level2_framework_versions"))
    assert "framework_versions" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    heads = _headings(body)
    assert "## Training procedure" not in heads and "### Framework versions" not in heads
    assert heads.index("## How to use") < heads.index("## Framework Versions") < heads.index("## Limitations and Bias")
    assert "## Framework Versions\n\n- Transformers 4.41.2\n- Pytorch 2.3.1+cu121\n" in body


def test_a_heading_over_nothing_after_the_trainer_lists_keeps_its_place(tmp_path):
    """Merlinmy/Whisper_small_hi ends in a `# Whisper_small_hi` over nothing, right after the Trainer's "Framework
    versions": it stays there, last (the list before it kept as text, so the heading has a section to end), not moved
    into "Training and evaluation data" above the training block."""
    text = shape("trainer_heading_over_nothing_at_end")
    got = import_card(tmp_path, text)
    _, body = rerender(tmp_path, got.data)
    assert _headings(body)[-3:] == ["### Training results", "### Framework versions", "# Whisper_small_hi"]
    assert "- Tokenizers 0.12.1\n\n# Whisper_small_hi" in body
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 1e-05 and got.data["training"]["results"]


def test_thousands_of_headings_over_nothing_are_read_in_linear_time(tmp_path, monkeypatch):
    """The Whisper_small_hi shape with 2,000 more empty headings at its end (a fuzzed Trainer README that repeats a
    `#### Speeds` line): each section's look for a bare end ran over every section after it (four million title
    readings; the build took minutes). The headings keep their place, and each title is read about once."""
    import generator.sources.card_text as card_text

    calls = []
    plain = card_text._plain
    monkeypatch.setattr(card_text, "_plain", lambda text: calls.append(text) or plain(text))
    got = import_card(tmp_path, shape("trainer_heading_over_nothing_at_end") + "\n#### Speeds\n\n" * 2000)
    assert len(calls) < 10_000
    _, body = rerender(tmp_path, got.data)
    assert _headings(body)[-2002:] == ["### Framework versions", "# Whisper_small_hi"] + ["#### Speeds"] * 2000


def test_an_unclosed_metadata_block_is_one_problem_in_the_card_and_the_card_rendered_from_it(tmp_path):
    """Laurie/Bloom1b7-deepspeed-chat-Chinese-math opens a metadata block it never closes: the card rendered from it
    (no repo id, so no metadata of its own) has the header marker above that `---`, which the Hub shows as text just
    the same. The check and the import name it `unclosed-frontmatter` on both, at the line the `---` is on (it was
    `no-frontmatter` on the rendered card)."""
    text = shape("unclosed_frontmatter")
    got = import_card(tmp_path, text, None)
    assert [code for code, _ in warned(got)] == ["unclosed-frontmatter", "no-repo-id"]
    rendered = tmp_path / "rendered.md"
    rendered.write_text(render(load_records(_write_records(tmp_path / "one", got.data))).text, encoding="utf-8")
    assert not rendered.read_text(encoding="utf-8").startswith("---")
    line = rendered.read_text(encoding="utf-8").splitlines().index("---") + 1
    for card, where in ((tmp_path / "README.md", "line 1"), (rendered, f"line {line}")):
        assert [(p.code, p.path) for p in validate_card(str(card)).warnings] == [("unclosed-frontmatter", where)]
    again = ingest(sources=[rendered])
    assert [code for code, _ in warned(again)] == ["unclosed-frontmatter", "no-repo-id"]
    assert again.data["model"]["summary"] == got.data["model"]["summary"]


def test_the_trainers_note_above_the_title_is_not_kept(tmp_path):
    """transformers writes "<!-- This model card has been generated automatically ... then remove this comment. -->"
    above the Trainer's title (DwarakaVelasiri/...GOTHIC_FICTION..._gpt2). The card is written from the records once
    imported, so the note, which the Hub does not show, is left out, saying so; the title stays the card's first line
    and names the model (it was written above the note, the note then sitting under it in the summary)."""
    text = shape("trainer_note_above_title")
    got = import_card(tmp_path, text)
    assert ("trainer-note", "line 13") in warned(got)
    assert got.data["model"]["name"] == "PROJECT_GUTENBERG_GOTHIC_FICTION_TEXT_GENERATION_gpt2"
    assert "generated automatically" not in got.data["model"]["summary"]
    _, body = rerender(tmp_path, got.data)
    assert "generated automatically" not in body
    assert strip_markers(body).lstrip().startswith("# PROJECT_GUTENBERG_GOTHIC_FICTION_TEXT_GENERATION_gpt2\n\nThis model")
    # in a code fence, the note is the fence's text
    fenced = text.replace("<!-- This", "```\n<!-- This").replace("comment. -->", "comment. -->\n```")
    got = import_card(tmp_path, fenced)
    assert "trainer-note" not in [code for code, _ in warned(got)] and "generated automatically" in got.data["model"]["summary"]


def test_a_comment_above_the_title_stays_above_it(tmp_path):
    """Alibaba-NLP/gte-large-en-v1.5 opens with a commented-out language switch, then its title: the comment stays
    above the title, as the card has it (the title is then the summary's heading, as under a banner)."""
    got = import_card(tmp_path, shape("comment_above_title"))
    assert got.data["model"]["name"] is False
    _, body = rerender(tmp_path, got.data)
    assert strip_markers(body).lstrip().startswith("<!-- **English** | [中文](./README_zh.md) -->\n\n# gte-large-en-v1.5\n")


def test_a_deeper_section_under_the_title_stays_under_it(tmp_path):
    """gte-large-en-v1.5's `### Model list` follows its title's text, before any `##` section: it is written there,
    in the card's header, not after the generated "## Model details" (or Quick start), under which it read as
    nested; the card's `##` sections keep their place after those."""
    got = import_card(tmp_path, shape("comment_above_title"))
    _, body = rerender(tmp_path, got.data)
    heads = _headings(body)
    assert heads.index("### Model list") < heads.index("## Model details") < heads.index(
        "## How to Get Started with the Model")


def test_setfits_training_hyperparameters_stay_where_setfit_writes_them(tmp_path):
    """SetFit 1.x writes `### Training Hyperparameters` with no intro line under its "## Training Details"
    (serdarcaglar/primary-school-math-question): it is SetFit's list, kept as written, between its "Training Set
    Metrics" and "Training Results"; read as the Trainer's it moved under a generated "## Training procedure", the
    Trainer's intro line written over it."""
    got = import_card(tmp_path, shape("setfit_training_details"))
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "## Training procedure" not in body and "The following hyperparameters" not in body
    heads = _headings(body)
    at = heads.index("## Training Details")
    assert heads[at:at + 5] == ["## Training Details", "### Training Set Metrics", "### Training Hyperparameters",
                                "### Training Results", "### Framework Versions"]
    assert "### Training Hyperparameters\n\n- batch_size: (16, 16)\n- num_epochs: (1, 1)\n" in body


@pytest.mark.parametrize("intro", ["", "The following hyperparameters were used during training:\n"])
def test_a_level_two_hyperparameter_list_is_the_authors(tmp_path, intro):
    """linydub/bart-large-samsum's `## Hyperparameters` (level 2, between its own sections): the author's, kept at its
    level and place, not read as the Trainer's `###` list and moved under a generated "## Training procedure"; with
    the Trainer's intro line too (ERCDiDip/langdetect writes its `## Training hyperparameters` so, every heading `##`)."""
    text = shape("level2_hyperparameters").replace("## Hyperparameters\n\n", f"## Hyperparameters\n\n{intro}")
    got = import_card(tmp_path, text)
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "## Training procedure" not in body
    heads = _headings(body)
    assert heads.index("## Hyperparameters") + 1 == heads.index("## Results")
    assert f"## Hyperparameters\n\n{intro}- max_source_length: 512\n" in body


def test_an_end_tag_left_without_its_bracket_is_kept_as_written(tmp_path):
    """mistralai/Devstral-Small-2507 writes `<summary>Expand</summary` (no `>`) in each of its <details>: a browser
    takes what follows, up to the next `>`, as the end tag's attributes, which do nothing, so the Hub shows the
    collapsed "Expand" the card means. Escaped, the end tag no longer closed the summary, which then held the whole
    section, shown open: it is kept as written, with no html-escaped warning."""
    got = import_card(tmp_path, shape("unended_summary_tag"))
    assert "html-escaped" not in [code for code, _ in warned(got)]
    _, body = rerender(tmp_path, got.data)
    assert "<details>\n<summary>Expand</summary\n\nWe recommend using mistral-inference" in body


@pytest.mark.parametrize("text, cleaned", [
    ("<summary>Expand</summary\n\nText", "<summary>Expand</summary\n\nText"),
    ("<b>x</b </p>", "<b>x</b </p>"),
    # an end tag the allow-list does not pass, left open or not, is still text; so is a tag after a kept one
    ("</script\nx", "&lt;/script\nx"),
    ("<summary>x</summary <script>alert(1)</script>", "<summary>x</summary &lt;script>alert(1)&lt;/script>"),
    # a start tag left open is not passed: what follows would be its attributes
    ("<img src=x\nonerror=alert(1)", "&lt;img src=x\nonerror=alert(1)"),
])
def test_an_unended_end_tag_is_passed_only_for_an_allowed_element(text, cleaned):
    from generator.markdown.safety import clean_markdown

    assert clean_markdown(text) == cleaned


def test_emphasised_headings_after_sections_kept_under_the_title_keep_their_markup_and_place(tmp_path):
    """Vedika-advanced-AI/Vedika-4.1-flash (a Gemma 4 card, 2026): `## **Models Overview**` (markup: kept in the text
    under the banner), its `### Dense Models` and `### Mixture-of-Experts (MoE) Model` (kept under the title, not
    after the generated Model details), then `## **Benchmark Results**` and `## **Core Capabilities**`: these stay
    with those sections, as written, where the card has them; they came back as plain `## Benchmark Results` after
    the generated "## Model details". The card's plain `## Getting Started` is a section after it."""
    got = import_card(tmp_path, shape("headings_under_a_banner"))
    _, body = rerender(tmp_path, got.data)
    assert _headings(body) == ["## **Models Overview**", "### Dense Models", "### Mixture-of-Experts (MoE) Model",
                               "## **Benchmark Results**", "## **Core Capabilities**", "## Model details",
                               "## Getting Started"]


@pytest.mark.parametrize("level", ["#", "###"])
def test_a_citation_section_at_another_level_than_the_renderers_keeps_it(tmp_path, level):
    """geolocal/StreetCLIP ends in `# Citation` (every heading of its outline `#`), Salesforce/SFR-Embedding-Mistral
    in `### Citation`: their BibTeX is read as citations that keep the heading's level, and comes back as written, the
    entry's indentation kept. Left as text, a citation the records gained later (a TRL run's, with build --card) was
    written under a second, generated `## Citation`: now it joins the card's own."""
    text = shape("level1_citation_at_end").replace("# Citation\n", f"{level} Citation\n")
    got = import_card(tmp_path, text)
    assert got.data["citations"][0]["label"] == "Cite preprint as:"
    assert got.data["citations"][0]["level"] == len(level)
    _, body = rerender(tmp_path, got.data)
    assert f"{level} Citation\n\nCite preprint as:\n\n```bibtex\n  @misc{{haas2023learning," in body
    assert "## Citation" not in body.replace(f"{level} Citation", "")
    got.data["citations"].append({"bibtex": "@misc{vonwerra2022trl,\n  title = {{TRL}},\n  year = {2020}\n}\n"})
    _, body = rerender(tmp_path, got.data)
    assert [line for line in body.splitlines() if line.endswith(" Citation")] == [f"{level} Citation"]
    assert body.index("@misc{haas2023learning,") < body.index("@misc{vonwerra2022trl,")
    got = import_card(tmp_path, text.replace(f"{level} Citation\n", "## Citation\n"))
    assert "level" not in got.data["citations"][0]


def test_bibtex_in_a_cards_text_without_headings_stays_there(tmp_path):
    """Francis-xsc/BERT_Weibo_Rumor has no heading: its BibTeX sits in its text, before its contact lines. It stays
    there, as BibTeX under any heading other than "Citation" does; it moved to a "## Citation" section the card does
    not have, the contact lines then above it."""
    got = import_card(tmp_path, shape("bibtex_in_headless_text"))
    assert "citations" not in got.data
    _, body = rerender(tmp_path, got.data)
    assert "## Citation" not in body
    assert body.index("For details please check out the source paper:") < body.index("@article{MU2024122791,") < \
        body.index("Contact:\nYida Mu")


def test_a_trainer_list_after_a_persons_section_after_the_lists_stays_below_it(tmp_path):
    """P4P4N1CK/whisper-large-v2-japanese-5k-steps adds its own `### Transcription` between the Trainer's "Training
    results" and "Framework versions": the versions stay below it, as text, where the card has them; read as data
    they were written with the other lists, above it."""
    got = import_card(tmp_path, shape("person_section_between_trainer_lists"))
    assert got.data["training"]["results"] and "framework_versions" not in got.data["training"]
    _, body = rerender(tmp_path, got.data)
    assert _headings(body)[-4:] == ["### Training hyperparameters", "### Training results", "### Transcription",
                                    "### Framework versions"]
    assert "### Framework versions\n\n- Transformers 4.26.0.dev0\n" in body.split("### Transcription")[1]


def test_framework_versions_that_are_not_versions_stay_text(tmp_path):
    """Salesforce's xLAM-2 card (here Mungert/xLAM-2-3b-fc-r-GGUF's copy, 2025) lists `- Transformers 4.46.1 (or
    later)` under "### Framework versions" in its "## Usage": read as the Trainer's list, it gave the version
    "later)" of "Transformers 4.46.1 (or" and moved under a generated "## Training procedure", which took the place of
    the card's "## Usage". It stays text, under "## Usage"."""
    got = import_card(tmp_path, shape("framework_versions_or_later"))
    assert "framework_versions" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "## Training procedure" not in body
    assert "## Usage\n\n### Framework versions\n\n- Transformers 4.46.1 (or later)\n" in body


@pytest.mark.parametrize("text", ['uses "< reasoning >" (remove spaces) and "</ reasoning >" (remove spaces) tags',
                                  "a </ b and </1", "x </"])
def test_a_slash_after_a_bracket_without_a_name_is_text_as_written(text):
    """DavidAU's Reka-Flash-3-21B-Reasoning GGUF card (2025) writes "</ reasoning >": no tag (an end tag's name follows
    `</` at once), which the Hub shows as text; it was escaped, with an html-escaped warning, for nothing."""
    from generator.markdown.safety import clean_markdown, escaped_html

    assert clean_markdown(text) == text and escaped_html(text) == []


def test_transformers_two_line_optimizer_is_one_setting(tmp_path):
    # transformers 4.4x+ writes an optimizer other than Adam on two lines (tests/trainer_shapes/ORIGINS.txt,
    # lion_optimizer_4.53: axolotl 0.11 runs with lion_8bit): the second line continues the item's paragraph, so the
    # Hub shows one item; the whole list stayed text, its hyperparameters not read
    text = (ROOT / "tests" / "trainer_shapes" / "lion_optimizer_4.53" / "README.md").read_text(encoding="utf-8")
    got = import_card(tmp_path, text)
    hyperparameters = got.data["training"]["hyperparameters"]
    assert hyperparameters["optimizer"] == "Use lion_8bit and the args are: No additional optimizer arguments"
    assert hyperparameters["training_steps"] == 100 and hyperparameters["lr_scheduler_warmup_steps"] == 5
    _, body = rerender(tmp_path, got.data)
    assert "- optimizer: Use lion_8bit and the args are: No additional optimizer arguments\n" in body


def test_a_leaderboard_score_the_model_index_writes_as_an_integer_keeps_its_decimals(tmp_path):
    # sethuiyer/SynthIQ-7b: the Open LLM Leaderboard bot's table shows `57.00` where the model-index says `value: 57`;
    # the model-index keeps the integer and the table its two decimals, as the card wrote them
    got = import_card(tmp_path, shape("open_llm_leaderboard_integer_score"))
    [truthful] = [e for e in got.data["evaluations"] if e["benchmark"] == "TruthfulQA (0-shot)"]
    assert truthful["metrics"][0]["value"] == 57 and truthful["decimals"] == 2
    meta, body = rerender(tmp_path, got.data)
    assert "| TruthfulQA (0-shot)               | 57.00 |" in body
    [entry] = meta["model-index"]
    assert [r["metrics"][0]["value"] for r in entry["results"]] == [65.87, 85.82, 64.75, 57, 78.69, 64.06]


def test_a_model_index_entry_field_the_records_do_not_keep_is_reported(tmp_path):
    # raidhon/coven_7b_128k_orpo_alpha: a `description` beside the entry's name and results, which the records have
    # no place for: left out with a warning at its path, as any result's field is, not silently
    got = import_card(tmp_path, shape("model_index_entry_description"))
    assert warned(got) == [("unsupported-field", "model-index[0].description")]
    meta, _ = rerender(tmp_path, got.data)
    [entry] = meta["model-index"]
    assert list(entry) == ["name", "results"] and entry["name"] == "Coven 7B 128K ORPO"
    assert entry["results"][0]["metrics"][0]["value"] == 77.82


def test_text_under_the_trainers_training_procedure_is_its_description(tmp_path):
    # ltmai/Bio_ClinicalBERT_DDI_finetuned: the author's hardware line under "## Training procedure", then the
    # hyperparameters (read as data), a results table without a Step column (kept as text) and the framework versions:
    # the line is the training description the renderer writes under its heading; the table and versions kept as
    # text come back after the hyperparameters, as written (they came back nested in the section before, above them)
    got = import_card(tmp_path, shape("trainer_lists_under_own_training_text"))
    training = got.data["training"]
    assert training["description"] == "Using AWS EC2 g5.4xlarge instance. 24GB GPU."
    assert training["hyperparameters"]["optimizer"] == "Adadelta with weight_decay=1e-04"
    _, body = rerender(tmp_path, got.data)
    order = ["## Training and evaluation data", "## Training procedure", "Using AWS EC2 g5.4xlarge instance.",
             "### Training hyperparameters", "- num_epochs: 4"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)
    assert body.count("## Training procedure") == 1
    assert _headings(body) == _headings(shape("trainer_lists_under_own_training_text"))


def test_the_trainers_results_kept_as_text_after_lists_read_as_data_keep_their_place(tmp_path):
    # JonatanGk/roberta-base-ca-finetuned-catalonia-independence-detector: the Trainer's "### Training results" table
    # after the hyperparameters read as data is kept as text (a </details> follows it), then the author's "### Model in
    # action" and the Trainer's "### Framework versions". They came back nested in "## Training and evaluation data",
    # above the hyperparameters (7 of 8 silent changes of cards31b's 3,000 cards: JonatanGk, Akashpb13, Graphcore,
    # Plim, Ammar-alhaj-ali, keras-io); they are sections of their own after them, as the card shows them
    text = shape("trainer_results_kept_as_text_after_lists")
    got = import_card(tmp_path, text)
    assert "num_epochs" in got.data["training"]["hyperparameters"]
    data = next(s for s in got.data["sections"] if s["title"] == "Training and evaluation data")
    assert "|" not in data["content"] and "Framework" not in data["content"]
    _, body = rerender(tmp_path, got.data)
    assert _headings(body) == ["# roberta-base-ca-finetuned-catalonia-independence-detector", "## Model details",
                               *_headings(text)[1:]]
    order = ["- num_epochs: 5", "| 0.7393        | 2.0", "</details>", "Fast usage with", "- Tokenizers 0.10.3",
             "Thx to HF.co"]
    assert [body.index(x) for x in order] == sorted(body.index(x) for x in order)


def test_the_trainers_heading_renamed_by_its_author_comes_back_as_written(tmp_path):
    # fblgit/juanako-7b-UNA: "## Training Details" right over the Trainer's lists, read as data, came back as the
    # generated "## Training procedure"; it is the training section's heading (training.heading), and the card this
    # generator renders from it imports to the same records
    got = import_card(tmp_path, shape("trainer_heading_renamed"))
    assert got.data["training"]["heading"] == "Training Details"
    assert got.data["training"]["framework_versions"]["Transformers"] == "4.35.0-UNA"
    _, body = rerender(tmp_path, got.data)
    assert "\n## Training Details\n\n### Training hyperparameters\n" in body and "Training procedure" not in body
    rendered = (tmp_path / "rendered").with_suffix(".md")
    records = tmp_path / "records.yaml"
    rendered.write_text(render(load_records(records)).text, encoding="utf-8")
    again = ingest(sources=[rendered], repo_id="org/model")
    assert again.data["training"] == got.data["training"]
    records.write_text(dump(again.data), encoding="utf-8")
    assert split_card(render(load_records(records)).text, "again")[1] == split_card(rendered.read_text(), "first")[1]


def test_a_card_without_a_title_comes_back_without_one(tmp_path):
    # Nekochu/Luminia-13B-v3: metadata `model_name: Luminia 13B v3` and no `#` heading: the name is the card's
    # model_name key, kept, and no `# Luminia 13B v3` is written over the card's banner
    got = import_card(tmp_path, shape("model_name_without_title"))
    assert got.data["model"]["name"] is False and got.data["model"]["model_index_name"] is False
    meta, body = rerender(tmp_path, got.data)
    assert meta["model_name"] == "Luminia 13B v3" and "model-index" not in meta
    assert not re.search(r"^# ", body, re.M) and strip_markers(body).lstrip().startswith('<div style="display: flex;">')


def test_a_hyperparameter_list_naming_a_setting_twice_stays_text(tmp_path):
    # shape seen in Nekochu/Luminia-13B-v3 (tests/card_shapes/ORIGINS.txt): `warmup_steps: 0` listed twice; read into
    # a mapping, one of the two lines was dropped without a word
    got = import_card(tmp_path, shape("hyperparameters_repeated_name"))
    assert "hyperparameters" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert body.count("- warmup_steps: 0\n") == 2 and "- num_devices: 1\n- warmup_steps: 0\n- rope_scaling" in body


def test_sentence_transformers_framework_versions_stay_as_written(tmp_path):
    # jaschadub/bge-large-en-world-news-osint-v1: sentence-transformers' `### Framework Versions` (its spelling, its
    # `- Python: 3.10.12` items) right under its "## Training Details" was read as the Trainer's list and came back as
    # `### Framework versions`; only the Trainer's and TRL's spelling is read as data, the card's own list stays text
    text = shape("sentence_transformers_framework_versions")
    got = import_card(tmp_path, text)
    assert "framework_versions" not in got.data.get("training", {})
    _, body = rerender(tmp_path, got.data)
    assert "## Training Details\n\n### Framework Versions\n\n- Python: 3.10.12\n" in body
    # (the shape was cut without the card's "## Usage": it gets the generated Quick start of its library)
    assert [h for h in _headings(body) if h not in ("## Model details", "## Quick start")] == _headings(text)


def test_a_second_results_table_of_a_resumed_run_keeps_the_section_as_text(tmp_path):
    # GItaf/gpt2-gpt2-TF-weight1-epoch15: "### Training results" holds two Trainer tables (epochs 1-5, then the
    # resumed run's 6-15, columns in another order); the first was read as data and the second dropped without a
    # word. A table that is not the key-column part of the one read (the renderer's, beside its folded whole log)
    # keeps the section as text, both tables as written
    text = shape("trainer_results_two_tables")
    got = import_card(tmp_path, text)
    assert "results" not in got.data["training"] and "num_epochs" in got.data["training"]["hyperparameters"]
    _, body = rerender(tmp_path, got.data)
    for row in ("| 4.8702        | 1.0   | 3470  |", "| 4.0645        | 7.0   | 24290 |"):
        assert body.count(row) == 1
    assert body.index("- num_epochs: 15") < body.index("### Training results") < body.index("| 4.0645 ") < \
        body.index("- Tokenizers 0.12.1")


def test_the_trainers_headings_with_markup_are_a_persons(tmp_path):
    # aaditya/Llama3-OpenBioLLM-8B: `### **Training hyperparameters**` came back as a plain `### Training
    # hyperparameters` moved below the generated Model details, `### **Training results**` over nothing was read as
    # the Trainer's empty results heading and left out, and `### **Framework versions**` came back plain. The Trainer
    # writes its headings plain: one with markup is a person's, kept as text where the card has it
    text = shape("emphasised_trainer_headings")
    got = import_card(tmp_path, text)
    assert got.data.get("training", {}) == {}
    _, body = rerender(tmp_path, got.data)
    assert [h for h in _headings(body) if h != "## Model details"] == _headings(text)
    assert "### **Training results**\n\n### **Framework versions**\n\n- Transformers 4.39.3\n" in body


def test_a_results_table_whose_rows_break_over_lines_stays_text(tmp_path):
    # James-kc-min/F_Roberta_classifier2: a classification report in a cell breaks each row of the Trainer's table
    # over lines (the row before the break has fewer cells than the header); the import crashed (IndexError) in the
    # check that every table of the section is part of the one read. The table stays text, as written
    text = shape("trainer_results_rows_broken")
    got = import_card(tmp_path, text)
    assert "results" not in got.data["training"] and "num_epochs" in got.data["training"]["hyperparameters"]
    _, body = rerender(tmp_path, got.data)
    assert body.count("weighted avg       0.97      0.97      0.97      2933\n | None     |") == 2
    assert body.index("- num_epochs: 5") < body.index("| 0.0827 ") < body.index("- Tokenizers 0.12.1")



@pytest.mark.parametrize("name", ["tabular_widget_missing_cells", "tabular_widget_one_example"])
def test_a_tabular_widgets_missing_cells_round_trip_as_the_hub_keeps_them(name, tmp_path):
    # demo-org / vendorabc tabular-playground, merve/my-awesome-model-blog (hub_shapes/ORIGINS.txt): skops writes a
    # DataFrame's missing cell as `.nan`; the import kept it, and the records loader then refused it as not finite,
    # so the card could not be rendered. Pass-through metadata comes back as the Hub keeps it, `.nan`, read from a
    # records file or from the records in memory (build)
    text = (ROOT / "tests" / "hub_shapes" / f"{name}.md").read_text(encoding="utf-8")
    got = import_card(tmp_path, text)
    (tmp_path / "records.yaml").write_text(dump(got.data), encoding="utf-8")
    rendered = render(load_records(tmp_path / "records.yaml")).text
    assert str(original_meta(rendered)["widget"]) == str(original_meta(text)["widget"])  # str: nan != nan
    assert rendered.count("    - .nan\n") == text.count("    - .nan\n") > 0
    (tmp_path / "README.md").write_text(rendered, encoding="utf-8")
    assert validate_card(tmp_path / "README.md").problems == ()
    # as publish reads the card, and the Hub's README it merges with: not refused
    assert str(split_card(rendered, "README.md")[0]["widget"]) == str(original_meta(text)["widget"])
    built = build_card(sources=[tmp_path / "README.md"], repo_id="org/model")
    assert built.text.count("    - .nan\n") == text.count("    - .nan\n")


def test_a_nan_outside_a_tabular_widgets_rows_is_still_refused(tmp_path):
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  repo_id: org/model\n  metadata:\n    widget:\n    - structuredData: {a: [.nan]}\n"
                       "    - text: .nan\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as exc:
        load_records(records)
    assert [(p.code, p.path) for p in exc.value.problems] == [("not-finite", "$.model.metadata.widget[1].text")]


def test_a_nan_in_other_metadata_is_left_out_so_the_imported_card_renders(tmp_path):
    # hand-written (no public card found with one): a NaN or infinity in metadata the records pass through, outside
    # the model-index and a tabular widget's rows, was kept by the import, and the records loader then refused it as
    # not finite: `ingest` wrote records `render` could not read. It is left out, saying so; the widget's missing
    # cells stay, and so does the rest of the key it was in
    text = ("---\nlicense: mit\nwidget:\n- structuredData:\n    a:\n    - .nan\n    - 1.0\n- text: .nan\n"
            "transcribe_cpp:\n  wer:\n    f32: 2.19\n    q4_k: .inf\n  rtf: [-.inf]\nscore: .NaN\n---\n# T\n\ntext\n")
    got = import_card(tmp_path, text)
    assert [(w.code, w.path) for w in got.warnings if w.code == "not-finite"] == [
        ("not-finite", "widget[1].text"), ("not-finite", "transcribe_cpp.wer.q4_k"),
        ("not-finite", "transcribe_cpp.rtf[0]"), ("not-finite", "score")]
    meta, _ = rerender(tmp_path, got.data)
    assert meta["transcribe_cpp"] == {"wer": {"f32": 2.19}} and "score" not in meta
    assert str(meta["widget"]) == "[{'structuredData': {'a': [nan, 1.0]}}]"
    (tmp_path / "README.md").write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    assert validate_card(tmp_path / "README.md").problems == ()


def test_bibtex_indented_in_its_fence_keeps_its_indentation(tmp_path):
    # ali-vilab/text-to-video-ms-1.7b (and modelscope-damo-text-to-video-synthesis): every line of the Citation's
    # fence is indented; each entry came back with its first line, `@article{...`, at the margin (the import stripped
    # the block, the records kept an entry from its @)
    text = shape("bibtex_indented_in_fence")
    got = import_card(tmp_path, text)
    assert got.data["citations"][0]["bibtex"].startswith("    @article{wang2023modelscope,\n")
    _, body = rerender(tmp_path, got.data)
    fence = [line for line in text[text.index("```bibtex"):].splitlines() if line]
    assert [line for line in body[body.index("```bibtex"):].splitlines() if line][:len(fence)] == fence
    again = import_card(tmp_path, render(load_records(tmp_path / "records.yaml")).text)
    [cited] = again.data["citations"]  # the entries as rendered: one blank line between them
    assert cited["bibtex"].replace("}\n\n    @", "}\n    @") == got.data["citations"][0]["bibtex"]


def test_an_emptied_heading_just_before_the_trainers_lists_keeps_its_place(tmp_path):
    # iiiorg/piiranha-v1: "## Training and evaluation data" over nothing (its placeholder deleted), right before the
    # Trainer's lists read as data, was dropped: it stays where the card has it, at the end of the section before
    text = shape("trainer_data_heading_emptied")
    got = import_card(tmp_path, text)
    _, body = rerender(tmp_path, got.data)
    # (a transformers token classifier whose card shows no code: it gains the generated Quick start)
    assert _headings(body) == ["# Piiranha-v1: Protect your personal information!", "## Model details",
                               "## Quick start", *_headings(text)[1:]]
    assert body.index("model predictions.\n\n## Training and evaluation data\n") < body.index("## Training procedure")


def test_trainer_results_row_with_missing_cells_reads_them_empty(tmp_path):
    """A row of the Trainer's results table cut short (a card truncated mid-row, found by fuzzing the shapes) has
    its missing cells empty, as GFM shows them: the card imports, nothing crashes on the cells it lacks."""
    text = shape("trainer_padded_cells").replace("| No log        | 1.0   | 25   | 0.4130          | 0.8200   |",
                                                 "| No log        | 1.0   |")
    assert "| No log        | 1.0   |\n" in text
    rows = import_card(tmp_path, text).data["training"]["results"]
    assert rows[0]["training_loss"] is None and rows[0]["epoch"] == 1.0 and "step" not in rows[0]
    assert rows[1]["step"] == 50


def test_a_final_result_shown_with_a_trailing_zero_reads_back_as_shown(tmp_path):
    """Our card shows a run's final loss 0.45000123 as `0.4500` (4 decimals, as transformers' card pads it); read back,
    the list gave 0.45 and the card re-rendered `- Loss: 0.45`: another card, its training block's digest changed.
    The item is kept as written (training.eval_results_text), and the card reads back byte for byte; a run's exact
    value beside the card's text still shows as that text."""
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  repo_id: acme/m\ntraining:\n  eval_results:\n    Loss: 0.45000123\n    Accuracy: 0.8\n")
    first = build_card(records=[records], output=tmp_path / "README.md").text
    assert "- Loss: 0.4500\n" in first
    back = ingest(sources=[tmp_path / "README.md"])
    assert back.data["training"]["eval_results_text"] == {"Loss": "0.4500"}
    (tmp_path / "again.yaml").write_text(dump(back.data))
    assert build_card(records=[tmp_path / "again.yaml"]).text == first
    (tmp_path / "run.yaml").write_text(dump({**back.data, "training": {**back.data["training"],
                                                                      "eval_results": {"Loss": 0.45000123}}}))
    assert "- Loss: 0.4500\n" in build_card(records=[tmp_path / "run.yaml"]).text
    (tmp_path / "bad.yaml").write_text(dump({**back.data, "training": {**back.data["training"],
                                                                      "eval_results": {"Loss": 0.46}}}))
    with pytest.raises(GeneratorError, match="does not read as Loss"):
        build_card(records=[tmp_path / "bad.yaml"])


def test_a_first_line_reading_as_a_key_without_a_metadata_block_is_text(tmp_path):
    # DataikuNLP/TinyBERT_General_4L_312D (2021, card_shapes/ORIGINS.txt): no frontmatter, a setext title
    # `TinyBERT: Distilling BERT for Natural Language Understanding` over `========`; read as a damaged block, the
    # title became a metadata key and left the card's text
    got = import_card(tmp_path, shape("setext_title_with_colon_no_frontmatter"))
    assert ("no-frontmatter", "") in warned(got) and "repaired-frontmatter" not in dict(warned(got))
    assert "metadata" not in got.data["model"]
    meta, body = rerender(tmp_path, got.data)
    assert meta == {}
    assert "TinyBERT: Distilling BERT for Natural Language Understanding\n========\n" in strip_markers(body)
    # a scrape that lost the block's --- still has card keys on its first lines: rebuilt
    got = import_card(tmp_path, "license: mit\nlanguage:\n- en\n# Title\n\nText.\n")
    assert ("repaired-frontmatter", "frontmatter") in warned(got)
    assert got.data["model"]["license"] == "mit" and got.data["model"]["language"] == ["en"]


def test_a_card_rendered_from_a_bare_frontmatter_still_names_the_readme_it_came_from(tmp_path):
    # Augustvember/WokkaBot3 (2021, card_shapes/ORIGINS.txt): the frontmatter alone; its card renders nothing but
    # the metadata marker, no generated section, so imported again it was taken for a person's card and named
    # itself, not the README it replaces, as the one it adopts
    got = import_card(tmp_path, shape("frontmatter_only_tags"))
    assert got.data["model"]["card_source"] == {"blob": "b84dc1df1d2327782e8498195c7d166b83f740cd"}
    first = render(load_records(_write_records(tmp_path / "one", got.data))).text
    again = import_card(tmp_path, first)
    assert again.data["model"]["card_source"]["blob"] == got.data["model"]["card_source"]["blob"]


@pytest.mark.parametrize("name, first", [
    ("level2_title_over_sections_greek", "## gpt2-greek"),  # nikokons/gpt2-greek: `## Dataset:` right under it
    ("lone_level2_heading", "## Welcome"),  # navid-rekabsaz/advbert_ranker_l4: the whole card
    # muhtasham/TajBERTo: `# Dataset:` over nothing ends the header, right over the generated "## Model details",
    # which it was taken to hold: left out as a generated heading over nothing
    ("level1_heading_over_nothing_ends_header", "# TajBERTo: RoBERTa-like Language model trained on Tajik\n\n"
                                                "## First ever Tajik NLP model 🔥\n\n# Dataset:"),
])
def test_a_heading_over_nothing_opening_a_card_stays_there_when_its_card_is_imported_again(tmp_path, name, first):
    # rendered, the heading is the header block's text; imported again, it was a section of its own: `## Welcome`
    # was left out as a generated heading over nothing, and `## gpt2-greek` took `## Dataset:` into the header
    got = import_card(tmp_path, shape(name))
    body = strip_markers(rerender(tmp_path, got.data)[1]).strip()
    assert body.startswith(first)
    rendered = render(load_records(_write_records(tmp_path / "one", got.data))).text
    again = import_card(tmp_path, rendered)
    assert strip_markers(rerender(tmp_path, again.data)[1]).strip() == body


def test_a_base_model_in_huggingface_hubs_cache_is_read_as_the_model_it_holds(tmp_path):
    # TRL 0.21's card of an adapter whose base was loaded from the cache (card_shapes/ORIGINS.txt): base_model and
    # its base_model:adapter: tag the snapshot's path; base_model was left out as no id, the tag kept with the path
    got = import_card(tmp_path, (SHAPES / "off_hub" / "trl_0.21_cache_path_base_model.md").read_text(encoding="utf-8"))
    model = got.data["model"]
    assert model["base_model"] == "Qwen/Qwen3-8B" and "base_model:adapter:Qwen/Qwen3-8B" in model["tags"]
    assert [(w.code, w.path) for w in got.warnings if w.code == "not-a-hub-id"] == [("not-a-hub-id", "base_model")]
    meta, _ = rerender(tmp_path, got.data)
    assert meta["base_model"] == "Qwen/Qwen3-8B" and not any("/home/" in tag for tag in meta["tags"])


def test_a_base_model_tag_of_a_local_folder_goes_with_its_base_model(tmp_path):
    # LLaMA-Factory's card (card_shapes/ORIGINS.txt): base_model /root/autodl-tmp/qwen3-4B-Instruct, left out with a
    # warning, and the tag base_model:adapter:/root/autodl-tmp/qwen3-4B-Instruct, which was kept with the path
    text = (SHAPES / "off_hub" / "llamafactory_local_base_adapter_tag.md").read_text(encoding="utf-8")
    got = import_card(tmp_path, text)
    assert "base_model" not in got.data["model"]
    assert got.data["model"]["tags"] == ["llama-factory", "lora", "transformers"]
    assert [w.path for w in got.warnings if w.code == "not-a-hub-id"] == ["base_model"]  # said once, of base_model
    # another folder than the card's base_model's is told of
    got = import_card(tmp_path, text.replace("- base_model:adapter:/root/autodl-tmp/", "- base_model:adapter:/data/"))
    assert sorted(w.path for w in got.warnings if w.code == "not-a-hub-id") == ["base_model", "tags"]
    assert "/data/" not in " ".join(got.data["model"]["tags"])


@pytest.mark.parametrize("shape, base", [
    (SHAPES / "off_hub" / "llamafactory_local_base_adapter_tag.md", "/root/autodl-tmp/qwen3-4B-Instruct"),
    (ROOT / "tests" / "trainer_shapes" / "trl_0.26_opsd_local_base_tag_readme_only" / "README.md",
     "/root/autodl-tmp/models/Qwen2.5-VL-3B-Instruct"),
    (ROOT / "tests" / "trainer_shapes" / "trl_1.10_kto_local_base_readme_only" / "README.md", "/root/models/Qwen3.8-27B"),
])
def test_an_adapter_card_imported_alone_naming_a_local_base_gets_no_quick_start(tmp_path, shape, base):
    """Real cards of LoRAs whose base only a local path names (LLaMA-Factory's base_model and PEFT's
    base_model:adapter: tag, TRL 0.26's tag with `base_model: ''`, TRL 1.10's base_model): imported alone, each got an
    AutoPeftModel Quick start, which loads the base from that path; now none, with the warning a run's reading gives
    (the same words), until the records name the base's Hub id."""
    card = tmp_path / "README.md"
    card.write_text(shape.read_text(encoding="utf-8"), encoding="utf-8")
    got = build_card(sources=[card], repo_id="acme/lora")
    assert "## Quick start" not in got.text and base not in got.text.split("\n---\n", 1)[0]  # (the metadata)
    (warned,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert base in warned.message and "unless the records name the base's Hub id, the card has no Quick start, as " \
        "PEFT would load the base from that path" in warned.message and "remove its model.usage: false too" in warned.fix
    assert not [w for w in got.warnings if "the generated Quick start" in w.message]
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  base_model: Qwen/Qwen3-4B-Instruct-2507\n")
    named = build_card(sources=[card], records=[records], repo_id="acme/lora").text
    assert "## Quick start" in named and '"Qwen/Qwen3-4B-Instruct-2507"' in named


def test_an_adapter_card_of_a_local_base_keeping_its_own_quick_start_says_so(tmp_path):
    """TRL 1.10's real KTO card of a LoRA on /root/models/Qwen3.8-27B, as TRL writes it for a run with a hub_model_id
    (lm_model_card.md's `model="{{ hub_model_id }}"`, here written in for the card's model="None"): imported alone,
    the card keeps its own Quick start; the local-base warning said "the card has no Quick start" and asked to remove
    a model.usage: false. It now says what the card has."""
    shape = ROOT / "tests" / "trainer_shapes" / "trl_1.10_kto_local_base_readme_only" / "README.md"
    text = shape.read_text(encoding="utf-8")
    assert text.count('model="None"') == 1
    card = tmp_path / "README.md"
    card.write_text(text.replace('model="None"', 'model="Haizi/kto-Haizi-Haizi"'), encoding="utf-8")
    got = build_card(sources=[card], repo_id="Haizi/kto-Haizi-Haizi")
    assert got.text.count("## Quick start") == 1 and 'model="Haizi/kto-Haizi-Haizi"' in got.text
    (warned,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert "/root/models/Qwen3.8-27B" in warned.message and "the card has no Quick start" not in warned.message
    assert warned.message.endswith("; the card's own Quick start is kept as written and none is generated, though "
                                   "loading the adapter loads the base from that path")
    assert "model.usage: false" not in warned.fix


def test_empty_keys_the_hub_keeps_are_left_out_without_saying_it_rejects_them(tmp_path):
    """mergekit's `base_model: []` (card_shapes/mergekit_local_models.md), `tags: []`, `thumbnail:` and `widget: []`:
    the Hub keeps such cards and shows nothing for the keys, which the import leaves out; the warning said the Hub
    rejects them. An empty language is one it does reject."""
    text = (SHAPES / "mergekit_local_models.md").read_text(encoding="utf-8")
    card = tmp_path / "README.md"
    text = text.replace("tags:\n- mergekit\n- merge\n", "tags: []\nthumbnail:\nwidget: []\nlanguage:\n", 1)
    card.write_text(text, encoding="utf-8")
    result = ingest(sources=[card], repo_id="acme/merged")
    said = {w.path: w.message for w in result.warnings if w.code == "empty-value"}
    for key in ("base_model", "tags", "widget"):
        assert said[key].startswith("is an empty list: the Hub keeps it but shows nothing for it"), said[key]
    assert said["thumbnail"].startswith("is empty: the Hub keeps it"), said["thumbnail"]
    assert said["language"].startswith("is empty, which the Hub rejects"), said["language"]
    kept = set(result.data["model"]) | set(result.data["model"].get("metadata", {}))
    assert "tags: []" in text and not {"base_model", "tags", "thumbnail", "widget", "language"} & kept, kept


def test_metadata_block_below_a_note_is_read_as_the_cards(tmp_path):
    """syGOAT's LLaMA-Factory card (card_shapes/ORIGINS.txt) has a note and a blank line above its `---` block: the
    Hub reads no metadata from it, but the person meant it as the card's; read so, once warned, the note kept."""
    text = shape("llamafactory_note_above_frontmatter")
    got = import_card(tmp_path, text, "me/x")
    assert ("frontmatter-not-at-top", "line 3") in warned(got)
    model = got.data["model"]
    assert (model["license"], model["library_name"], model["base_model"]) == (
        "other", "peft", "mistralai/Mistral-7B-Instruct-v0.2")
    assert model["tags"] == ["llama-factory", "lora", "generated_from_trainer"]
    assert model["model_index_name"] == "mistral-lora-bf16-epoch4"
    assert model["summary"].startswith("**Note: Please see [the repository in huggingface]")
    assert "This model is a fine-tuned version of [Mistral-7B-Instruct-v0.2]" in model["summary"]
    assert "library_name" not in model["summary"]
    meta, body = rerender(tmp_path, got.data)
    assert meta["library_name"] == "peft" and "---" not in body


@pytest.mark.parametrize("text", [
    "Some text.\n\n## Notes\n\nMore.\n\n---\nlicense: mit\n---\n",  # further down than a preamble
    "Note.\n\n---\nfoo: 1\nbar: 2\n---\n\n# Title\n",  # a mapping, but not of card keys
    "Note.\n\n```\n---\nlicense: mit\n---\n```\n",  # in a code block
    "Note.\n\n---\n- license\n---\n",  # not a mapping
])
def test_a_block_that_is_not_a_displaced_frontmatter_stays_text(tmp_path, text):
    got = import_card(tmp_path, text)
    assert "frontmatter-not-at-top" not in {code for code, _ in warned(got)}
    assert "license" not in got.data["model"]


def test_the_hubs_verify_tokens_are_kept_with_their_scores(tmp_path):
    """philschmid/bart-large-cnn-samsum's card (card_shapes/ORIGINS.txt): 6 metrics verified by the Hub, each with its
    verifyToken. They were left out (with `verified: true`), so the card rendered, or published over the person's,
    lost the Hub's verified badges; the records keep each token with its score, written back as the card had it."""
    text = shape("hub_verified_six_metrics")
    got = import_card(tmp_path, text)
    assert not [p for p in got.warnings if "verif" in p.path]
    metrics = [m for e in got.data["evaluations"] for m in e["metrics"]]
    assert len(metrics) == 12 and [bool(m.get("verify_token")) for m in metrics] == [False] * 6 + [True] * 6
    assert all(m.get("verified") is True for m in metrics[6:])
    rendered, _ = rerender(tmp_path, got.data)
    assert rendered["model-index"] == original_meta(text)["model-index"]


def test_the_hub_templates_unfilled_title_and_summary_name_nothing(tmp_path):
    """PEFT's card of an adapter (card_shapes/ORIGINS.txt: PEFT 0.9.0, huggingface_hub's template unfilled): its title
    "Model Card for Model ID" and the template's comment under it were read as the model's name and summary. A
    placeholder names nothing: no repo id, the card is rendered without a title (as one that has none), warned once;
    with one, the repo id names the model."""
    got = import_card(tmp_path, shape("peft_template_unfilled_0.9"), None)
    model = got.data["model"]
    assert model["name"] is False and "summary" not in model and "repo_id" not in model
    [said] = [p for p in got.warnings if p.code == "placeholder-value"]
    assert said.path == "title" and "rendered without a title" in said.message and "model.name" in said.fix
    _, body = rerender(tmp_path, got.data)
    assert "Model ID" not in body and "Provide a quick summary" not in body
    assert strip_markers(body).lstrip().startswith("## Model Details")  # the template's sections kept, as written
    got = import_card(tmp_path, shape("peft_template_unfilled_0.9"), "me/gemma-dpo")
    [said] = [p for p in got.warnings if p.code == "placeholder-value"]
    assert "name" not in got.data["model"] and said.message.endswith("the repo id names the model")
    _, body = rerender(tmp_path, got.data)
    assert strip_markers(body).lstrip().startswith("# gemma-dpo\n")


def test_a_summary_written_under_the_hub_templates_title_is_kept(tmp_path):
    """Danswer/intent-model (card_shapes/ORIGINS.txt): the template's title left unfilled over the author's summary:
    the summary is theirs, the title names nothing."""
    got = import_card(tmp_path, shape("hub_template_title_unfilled_summary_filled"), "Danswer/intent-model")
    model = got.data["model"]
    assert "name" not in model
    assert model["summary"].endswith("This model is used to classify the user-intent for the Danswer project, visit "
                                     "https://github.com/danswer-ai/danswer.")
    _, body = rerender(tmp_path, got.data)
    assert strip_markers(body).lstrip().startswith("# intent-model\n\n<!-- Provide a quick summary")


@pytest.mark.parametrize("name, repo_id, before, after", [
    # bartowski's GGUF card: its `##` title over the llama.cpp release it used, then "Prompt format"
    ("bartowski_gguf_imatrix", "bartowski/gemma-2-2b-it-GGUF", "## Llamacpp imatrix Quantizations of gemma-2-2b-it",
     "## Prompt format"),
    # Shushant/nepaliBERT's Trainer card: its own sentence and description, then the Trainer's "Intended uses"
    ("trainer_description_before_intended_uses", "Shushant/nepaliBERT", "## Model description",
     "## Intended uses & limitations"),
])
def test_the_quick_start_goes_where_the_card_has_its_uses(tmp_path, name, repo_id, before, after):
    """The person's sections that open a card, before its own on using the model, stay before the generated Quick
    start (they came after its code), in the card's order; the Quick start goes where the card has that topic."""
    got = import_card(tmp_path, shape(name), repo_id)
    _, body = rerender(tmp_path, got.data)
    headings = [f"{'#' * level} {title}" for level, title in _atx("---\n---\n" + body)]
    assert headings.index(before) < headings.index("## Quick start") == headings.index(after) - 1
    written = iter(_atx(body))
    assert all(heading in written for heading in _atx(shape(name)))  # every heading of the card, in its order


def test_a_cards_own_wording_of_a_fact_stays_its_own_when_imported_again(tmp_path):
    """ProtectAI's card (card_shapes/ORIGINS.txt) lists "License: Apache license 2.0" in its own "Model details": the
    rendered card imported again read it as the generated license fact and wrote the metadata's apache-2.0 instead."""
    got = import_card(tmp_path, shape("own_details_license_in_words"))
    rendered = render(load_records(_write_records(tmp_path / "one", got.data))).text
    again = import_card(tmp_path, rendered).data
    assert again["model"]["details"]["License"] == "Apache license 2.0"
    assert "- **License:** Apache license 2.0" in render(load_records(_write_records(tmp_path / "two", again))).text


@pytest.mark.parametrize("name, first", [
    ("bartowski_gguf_imatrix", "## Llamacpp imatrix Quantizations of gemma-2-2b-it"),  # its title, at `##`
    ("trainer_description_before_intended_uses", "# NEPALI BERT"),  # a `#` title: the `##` after it is a section
])
def test_the_heading_that_opens_a_card_without_a_title_stays_first(tmp_path, name, first):
    """A card with no `#` title opens with its `##` heading (bartowski's GGUF cards, ESPnet's "## ESPnet2 ASR model"):
    it stays above the generated "Model details", where the card has it."""
    got = import_card(tmp_path, shape(name), "org/model")
    _, body = rerender(tmp_path, got.data)
    assert strip_markers(body).lstrip().startswith(first + "\n")
    assert body.index("## Model details") > body.index(first)



# Real cards whose model-index holds a metric value that is a list or mapping (card_shapes/ORIGINS.txt): MTEB 1.12's
# v_measures beside v_measure, a Trainer card's rouge dict, the XLSR template's `{ wer_result_on_test }`, keras-io's
# `[]`, a list of one score written as text
NOT_SCORES = ["mteb_v_measures_beside_v_measure", "trainer_rouge_dict_value", "xlsr_template_dict_value",
              "keras_empty_list_values", "xlsr_list_of_text_value"]


def _not_scores(meta: dict) -> dict[tuple[int, int], object]:
    """(result, metric) -> value, of every metric value of the model-index that is a list or mapping."""
    return {(j, k): metric["value"] for entry in meta["model-index"] for j, result in enumerate(entry["results"])
            for k, metric in enumerate(result["metrics"]) if isinstance(metric["value"], (list, dict))}


@pytest.mark.parametrize("name", NOT_SCORES)
def test_a_metric_value_that_is_a_list_or_mapping_is_kept_exactly_in_its_place(tmp_path, name):
    """Left out with a warning each before (re-publishing an imported card dropped them from its model-index): the
    Hub and huggingface_hub take any value, so it is the records' `values`, written back as it is, where it was; one
    warning for the card says the tables leave it out, unless it is data beside the metric's score (MTEB's). A second
    import reads the same evaluations, the same card."""
    card = tmp_path / "in" / "README.md"
    card.parent.mkdir()
    card.write_bytes((SHAPES / f"{name}.md").read_bytes())  # (the MTEB card is saved with CRLF)
    got = ingest(sources=[card], repo_id="org/model")
    wanted = _not_scores(yaml.safe_load(card.read_text(encoding="utf-8").split("---")[1]))
    meta, _ = rerender(tmp_path, got.data)
    assert _not_scores(meta) == wanted and wanted
    said = [p for p in got.warnings if p.code == "not-a-number"]
    if name == "mteb_v_measures_beside_v_measure":  # data beside its score, as the check has it: nothing to say
        assert said == []
    else:
        assert len(said) == 1 and "kept as written in the card's model-index" in said[0].message
    first = render(load_records(tmp_path / "records.yaml")).text
    for value in wanted.values():  # a list of scalars on one line, as the card (MTEB) writes it, not a line a number
        if isinstance(value, list) and value:
            assert f"value: [{', '.join(map(str, value))}]\n" in first
    again = tmp_path / "again" / "README.md"
    again.parent.mkdir()
    again.write_text(first, encoding="utf-8")
    second = ingest(sources=[again], repo_id="org/model")
    assert second.data["evaluations"] == got.data["evaluations"]
    (tmp_path / "records.yaml").write_text(dump(second.data), encoding="utf-8")
    assert render(load_records(tmp_path / "records.yaml")).text == first


def test_a_level_one_heading_opening_a_block_stays_in_it_when_its_card_is_imported_again(tmp_path):
    """huggingface_hub's 2023 template (96harsh56/bert_test1, card_shapes/ORIGINS.txt) has no title but the template's
    and a `# Model Details` over nothing but its `## Model Description`: rendered without a repo id (no Quick start),
    that heading opens the uses block; imported again, it was taken for the card's title in its text and moved into
    the header block, so the second render moved the block markers. A card of ours has its title in its header."""
    card = tmp_path / "in" / "README.md"
    card.parent.mkdir()
    card.write_text(shape("hub_template_model_details_level_one"), encoding="utf-8")
    first = render(load_records_from(tmp_path, ingest(sources=[card]).data)).text
    assert "<!-- modelcard-generator:begin uses" in first.split("# Model Details")[0]
    again = tmp_path / "again" / "README.md"
    again.parent.mkdir()
    again.write_text(first, encoding="utf-8")
    assert render(load_records_from(tmp_path, ingest(sources=[again]).data)).text == first


def load_records_from(tmp_path: Path, data: dict):
    """The records `modelcard ingest -o` writes of ``data``, loaded as `modelcard render` loads them."""
    records = tmp_path / "records.yaml"
    records.write_text(dump(data), encoding="utf-8")
    return load_records(records)


def test_a_stderr_shown_with_zeros_its_number_drops_keeps_them_through_the_import(tmp_path):
    """The model-index has no place for a stderr: the import reads it from the table at the decimals shown, 0.0110
    as 0.011, and the card rendered from that showed 0.011 (343 of 1,881 real lm-eval and lighteval cards)."""
    card, again, card_again = _card_through_its_import(tmp_path, "lm_eval_0.3_stderr_trailing_zero.json")  # 0.3
    assert "| 0.8796 | 0.0110 |" in card
    metric = again["evaluations"][0]["metrics"][0]
    assert (metric["stderr"], metric["stderr_decimals"]) == (0.011, 4)
    assert card_again == card


def test_group_tables_folded_in_details_are_read_back_as_the_groups_they_show(tmp_path):
    """The renderer folds lm-eval's group tables in <details> under its Evaluation table; the import left the whole
    section as a person's text (stderr, version and group lost), so the card ingested again with its own results
    file showed the tables twice (177 of 1,881 real lm-eval cards). A real 0.4 file (local-completions, --limit)."""
    from generator.cli.main import main

    card, again, card_again = _card_through_its_import(tmp_path, "lm_eval_0.4_local_completions_group_limit.json")
    assert "<details><summary>Details of bbh_zeroshot_subset</summary>\n\n### bbh_zeroshot_subset\n" in card
    assert again["groups"] == [{"name": "bbh_zeroshot_subset", "show_average": False}]
    assert "sections" not in again
    tasks = [e for e in again["evaluations"] if e.get("group") == "bbh_zeroshot_subset"]
    assert len(tasks) == 6 and tasks[0]["benchmark"] == "bbh_zeroshot_boolean_expressions (0-shot, 5 of 250 examples)"
    assert (tasks[0]["version"], tasks[0]["metrics"][0]["stderr"], tasks[0]["metrics"][0]["stderr_decimals"]) == (
        3, 0.2, 4)
    assert card_again == card
    results = ROOT / "tests" / "eval_shapes" / "lm_eval_0.4_local_completions_group_limit.json"
    assert main(["ingest", str(tmp_path / "first.md"), str(results), "--repo-id", "acme/model",
                 "-o", str(tmp_path / "both.yaml")]) == 0
    assert main(["render", str(tmp_path / "both.yaml"), "-o", str(tmp_path / "both.md")]) == 0
    assert (tmp_path / "both.md").read_text() == card


def test_a_group_table_the_records_cannot_rebuild_stays_text(tmp_path):
    """A folded group section holding a line the renderer does not write is a person's: the Evaluation section and
    its groups stay text, as written, and nothing is read from them."""
    card, _, _ = _card_through_its_import(tmp_path, "lm_eval_0.4_local_completions_group_limit.json")
    edited = tmp_path / "edited" / "README.md"
    edited.parent.mkdir()
    edited.write_text(card.replace("\n</details>", "\nScored with ollama.\n\n</details>"), encoding="utf-8")
    got = ingest(sources=[edited]).data
    assert "groups" not in got and [s["title"] for s in got["sections"]] == ["Evaluation"]
    assert "evaluations" not in got  # (every result was cut by --limit: none in the model-index, none read)
    assert render(load_records_from(tmp_path, got)).text.count("Scored with ollama.") == 1


@pytest.mark.parametrize("name, setup", [
    ("lm_eval_0.4.10_vllm_bfloat16.json", "lm-evaluation-harness 0.4.10.dev0; backend vllm, dtype bfloat16"),
    ("lm_eval_0.4.9.1_openvino_limit.json", "lm-evaluation-harness 0.4.9.1; backend openvino")])
def test_the_card_says_which_backend_and_dtype_scored_the_model_and_reads_it_back(tmp_path, name, setup):
    """A reader needs the harness's model type and precision to score the model alike: the records kept the run's
    setup as each evaluation's notes, which no card showed (0 of 1,881 real lm-eval cards named a backend; now 1,170,
    every one whose file names it). Said once under the results table, read back into the notes on import."""
    card, again, card_again = _card_through_its_import(tmp_path, name)  # real files (eval_shapes/ORIGINS.txt)
    assert f"\n\nSetup: {setup}\n" in card
    assert {e["notes"] for e in again["evaluations"]} == {setup} and "sections" not in again
    assert card_again == card


def _card_through_its_import(tmp_path: Path, name: str) -> tuple[str, dict, str]:
    """The card `ingest` + `render` make of the real results file ``name`` (tests/eval_shapes), the records the card's
    import reads back from it, and the card rendered from those."""
    from generator.cli.main import main

    results = ROOT / "tests" / "eval_shapes" / name
    assert main(["ingest", str(results), "--repo-id", "acme/model", "-o", str(tmp_path / "first.yaml")]) == 0
    assert main(["render", str(tmp_path / "first.yaml"), "-o", str(tmp_path / "first.md")]) == 0
    assert main(["ingest", str(tmp_path / "first.md"), "-o", str(tmp_path / "again.yaml")]) == 0
    assert main(["render", str(tmp_path / "again.yaml"), "-o", str(tmp_path / "again.md")]) == 0
    return ((tmp_path / "first.md").read_text(), yaml.safe_load((tmp_path / "again.yaml").read_text()),
            (tmp_path / "again.md").read_text())


def _body_of(path: Path) -> str:
    """The markdown body of the card rendered from the records at ``path``, without the generator's markers."""
    return strip_markers(split_card(render(load_records(path)).text, "card")[1])


def test_the_setup_line_says_the_notes_shown_evaluations_share_and_a_line_each_the_rest(write):
    records = ("model: {repo_id: acme/x, pipeline_tag: text-generation}\nevaluations:\n"
               "  - {benchmark: ARC, dataset: {id: a/b}, notes: %s, metrics: [{type: acc, value: 58.45}]}\n"
               "  - {benchmark: GSM8K, dataset: {id: c/d}, notes: backend vllm, metrics: [{type: acc, value: 45.6}]}\n")
    assert "\nSetup: backend vllm\n" in _body_of(write("same.yaml", records % "backend vllm"))
    other = _body_of(write("other.yaml", records % "backend hf"))  # nothing shared: each benchmark's own line
    assert "Setup:" not in other and "\nSetup of ARC: backend hf\n\nSetup of GSM8K: backend vllm\n" in other
    more = _body_of(write("more.yaml", records % "'backend vllm; chat template applied'"))  # the shared part once
    assert "\nSetup: backend vllm\n\nSetup of ARC: chat template applied\n" in more and "Setup of GSM8K" not in more


def test_a_stderr_written_short_is_shown_as_written(write):
    path = write("r.yaml", "model: {repo_id: acme/x, pipeline_tag: text-generation}\nevaluations:\n"
                 "  - benchmark: ARC\n    dataset: {id: a/b}\n"
                 "    metrics: [{type: acc, value: 58.45, stderr: 1.44}, {type: acc_norm, value: 60.1, stderr: 1.4,"
                 " stderr_decimals: 2}]\n")
    body = _body_of(path)
    assert "| acc      | 58.45 |   1.44 |" in body and "| acc_norm |  60.1 |   1.40 |" in body


@pytest.mark.parametrize("name, label, few_shot, indexed", [
    ("lm_eval_0.4.11_gsm8k_5_shot.json", "gsm8k (5-shot)", 5, True),
    ("lm_eval_0.4.9.1_openvino_limit.json", "hellaswag (0-shot, 100 of 10,042 examples)", 0, False)])  # --limit
def test_an_lm_eval_table_says_the_shots_once_and_its_import_reads_them_from_the_label(tmp_path, name, label,
                                                                                        few_shot, indexed):
    """lm-eval's labels say the shot count (gsm8k (5-shot)), and a Shots column said it again; without the column the
    import reads the count from the label, as it read it from the column: the same records, the same card."""
    card, again, card_again = _card_through_its_import(tmp_path, name)  # real lm-eval files
    header = next(line for line in card.splitlines() if line.startswith("| Benchmark"))
    assert "Shots" not in header and f"| {label} |" in card
    evaluation = again["evaluations"][0]
    assert (evaluation["benchmark"], evaluation["few_shot"], evaluation.get("model_index", True)) == (
        label, few_shot, indexed)
    assert card_again == card


def test_a_shot_count_no_label_says_keeps_its_column(write):
    path = write("r.yaml", "model: {repo_id: acme/x, pipeline_tag: text-generation}\nevaluations:\n"
                 "  - {benchmark: ARC, few_shot: 25, dataset: {id: a/b}, metrics: [{type: acc, value: 58.45}]}\n"
                 "  - {benchmark: GSM8K (5-shot), few_shot: 5, dataset: {id: c/d},"
                 " metrics: [{type: acc, value: 45.6}]}\n")
    body = _body_of(path)
    assert "| Benchmark      | Shots | Metric | Value |" in body and "| ARC            |    25 |" in body


def test_a_metadata_block_stacked_on_another_is_read_as_the_cards(tmp_path):
    """TRL's block under a person's `license:` block (card_shapes/ORIGINS.txt): the Hub reads the first and shows the
    second as text; the importer reads both, the first block's keys winning, and the body starts at the title."""
    got = import_card(tmp_path, shape("trl_stacked_frontmatter"), "me/qwen7b-alpaca")
    assert ("stacked-frontmatter", "frontmatter") in warned(got)
    model = got.data["model"]
    assert (model["license"], model["library_name"], model["pipeline_tag"]) == ("apache-2.0", "peft", "text-generation")
    assert {"trl", "sft"} <= set(model["tags"])
    meta, body = rerender(tmp_path, got.data)
    assert meta["library_name"] == "peft" and "model_name:" not in body


def test_an_evaluation_section_headed_with_an_emoji_is_the_cards_own(tmp_path):
    """mlabonne's merge cards head their results "## 🏆 Evaluation" (card_shapes/ORIGINS.txt): the card's own
    "Evaluation" section, as without the emoji, so the model-index's results are not listed again under a second,
    generated "## Evaluation"."""
    got = import_card(tmp_path, shape("emoji_evaluation_heading"))
    assert [e.get("table", True) for e in got.data["evaluations"]] == [False]
    meta, body = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 68.77
    assert re.findall(r"^#+ .*Evaluation.*$", body, re.M) == ["## 🏆 Evaluation"]


def test_a_title_that_is_a_repo_id_is_the_models_repo_id(tmp_path):
    """sentence-transformers 2.x titles a pushed card with its repo id (card_shapes/ORIGINS.txt): the render writes
    the title as the model-index name, which a re-import reads as the repo id; read so at once, the card comes back
    the same on its second import (it filled its '{MODEL_NAME}' placeholders only on the second), with a warning."""
    got = import_card(tmp_path, shape("sentence_transformers_2021_title_is_repo_id"), repo_id=None)
    assert got.data["model"]["repo_id"] == "AIDA-UPM/MSTSb_paraphrase-xlm-r-multilingual-v1"
    assert ("repo-id-from-card", "model.repo_id") in warned(got)
    records = tmp_path / "records.yaml"
    records.write_text(dump(got.data), encoding="utf-8")
    card = render(load_records(records)).text
    assert "SentenceTransformer('AIDA-UPM/MSTSb_paraphrase-xlm-r-multilingual-v1')" in card
    again = import_card(tmp_path, card, repo_id=None)
    records.write_text(dump(again.data), encoding="utf-8")
    assert render(load_records(records)).text == card


def test_model_name_in_a_persons_code_is_no_sentence_transformers_placeholder(tmp_path):
    """nisten/Biggie-SmoLlm-0.15B-Base (card_shapes/ORIGINS.txt): its training script's f-strings use a variable
    MODEL_NAME, `f"Initializing {MODEL_NAME} finetuning"`, which the import took for sentence-transformers 2.x's
    template variable and replaced with the repo id, changing the person's code (or, without a repo id, warned of a
    placeholder). Only a card sentence-transformers wrote has that placeholder; its quoted ids stay filled anywhere."""
    text = shape("fstring_model_name_in_training_script")
    got = import_card(tmp_path, text)
    assert "placeholder-value" not in [code for code, _ in warned(got)]
    _, body = rerender(tmp_path, got.data)
    code = text[text.index("```python"):text.rindex("```") + 3]
    assert code in body and "org/model" not in code
    assert "placeholder-value" not in [code for code, _ in warned(import_card(tmp_path, text, repo_id=None))]
    st = text.replace("---\n\n###", "---\n\nThis is a [sentence-transformers](https://www.SBERT.net) model.\n\n###")
    _, body = rerender(tmp_path, import_card(tmp_path, st).data)  # the same lines in such a card: its placeholder
    assert 'logger.info(f"Initializing org/model finetuning")' in body
    quoted = text.replace('MODEL_NAME = "someone/tiny-frankenbase"', 'MODEL_NAME = "setfit_model_id"')
    _, body = rerender(tmp_path, import_card(tmp_path, quoted).data)
    assert 'MODEL_NAME = "org/model"' in body and "{MODEL_NAME} finetuning" in body


def test_a_training_description_with_headings_of_its_own_comes_back_the_same(tmp_path):
    """pszemraj's "### Eval results" right under the Trainer's "## Training procedure" (card_shapes/ORIGINS.txt) is
    the training description, which the render writes under that heading, over the lists: read back from the
    rendered card as that description again, not as a free section after which the lists stayed text (the second
    render lost its "## Training procedure" heading)."""
    first = import_card(tmp_path, shape("trainer_procedure_over_a_persons_subsection"))
    assert first.data["training"]["description"].startswith("### Eval results\n")
    records = tmp_path / "records.yaml"
    records.write_text(dump(first.data), encoding="utf-8")
    card = render(load_records(records)).text
    again = import_card(tmp_path, card)
    assert again.data["training"]["description"] == first.data["training"]["description"]
    assert again.data["training"]["hyperparameters"] == first.data["training"]["hyperparameters"]
    records.write_text(dump(again.data), encoding="utf-8")
    assert render(load_records(records)).text == card


@pytest.mark.parametrize(("card", "method", "said"), [
    (ROOT / "tests" / "card_shapes" / "trl_0.16_sft_saved.md", "sft", "Supervised fine-tuning (SFT)"),
    (ROOT / "tests" / "trainer_shapes" / "trl_0.15_readme_only" / "README.md", "orpo", "papers/2403.07691"),
])
def test_a_saved_trl_cards_method_line_sets_the_method(tmp_path: Path, card: Path, method: str, said: str) -> None:
    """TRL 0.12-0.18 tag the card of a run they save (not push) generated_from_trainer alone: the method is in its line
    "This model was trained with X[, a method introduced in [paper](...)]." only. The import sets training.method from
    it, as a run folder's README gives it (build --trainer-dir), and the line becomes the card's Method line, said once
    (its paper linked there). A card whose tags name the method (pushed) keeps its line as written."""
    read = ingest(sources=[card])
    assert read.data["training"]["method"] == method
    _, text = rerender(tmp_path, read.data)
    assert "This model was trained with" not in text
    (line,) = [ln for ln in text.splitlines() if ln.startswith("- **Method:**")]
    assert said in line
    pushed = tmp_path / "README.md"
    pushed.write_text(card.read_text().replace("- generated_from_trainer\n", f"- generated_from_trainer\n- trl\n- {method}\n"))
    kept = ingest(sources=[pushed])
    assert "method" not in kept.data["training"] and "This model was trained with" in rerender(tmp_path, kept.data)[1]


@pytest.mark.parametrize("tags", ["3", ".nan", "{a: 1}", "true"])
def test_tags_that_are_no_list_are_left_out_with_a_warning(tmp_path, tags):
    """`tags: 3` in a PEFT card (a hand edit): the adapter-base lookup read the tags before they were checked and
    stopped with an internal error (TypeError: 'int' object is not iterable); now the key is left out, warned."""
    result = import_card(tmp_path, f"---\nlicense: mit\nlibrary_name: peft\ntags: {tags}\n---\n# x\n")
    assert "tags" not in result.data["model"]
    assert any(p.path.endswith("tags") and "list" in p.message for p in result.warnings), result.warnings


def test_a_model_name_without_a_model_index_is_kept_as_its_own_key_beside_a_title_that_differs(tmp_path):
    # TheBloke's GGUF card (tests/card_shapes/ORIGINS.txt): `model_name: Llama 2 7B`, no model-index, titled
    # "# Llama 2 7B - GGUF". huggingface_hub writes the model-index name so while there are no results: the card
    # comes back with it, not with an empty model-index (which lost the name when the title differs)
    text = shape("thebloke_gguf_llama2_how_to_run")
    got = import_card(tmp_path, text)
    assert got.data["model"]["model_index_name"] is False  # (its title under TheBloke's header stays in the text)
    meta, body = rerender(tmp_path, got.data)
    assert "model-index" not in meta and meta["model_name"] == "Llama 2 7B"
    assert list(meta).index("model_name") < list(meta).index("inference")  # where the card has it
    assert "\n# Llama 2 7B - GGUF\n" in body
    # evaluations added (a pipeline's, when the card is adopted): the model-index they go to is named by it, once
    got.data["evaluations"] = [{"id": "arc", "benchmark": "ARC Challenge", "task": {"type": "text-generation"},
                                "dataset": {"id": "allenai/ai2_arc", "config": "ARC-Challenge", "split": "test"},
                                "metrics": [{"type": "acc_norm", "value": 0.5512}]}]
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["name"] == "Llama 2 7B" and "model_name" not in meta


def test_a_model_name_the_model_index_does_not_have_is_kept(tmp_path):
    # Nekochu/Luminia-13B-v3 (tests/card_shapes/ORIGINS.txt): `model_name: Luminia 13B v3` beside a model-index named
    # Luminia-13B-v3: both names stay, each where the card has it (the model_name was lost)
    got = import_card(tmp_path, shape("model_name_beside_index_named_otherwise"))
    assert got.data["model"]["model_index_name"] == "Luminia-13B-v3"
    assert got.data["model"]["metadata"] == {"model_creator": "Nekochu", "model_name": "Luminia 13B v3"}
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model_name"] == "Luminia 13B v3" and meta["model-index"][0]["name"] == "Luminia-13B-v3"
    # one that is the model-index's name is that name, written once
    got = import_card(tmp_path, shape("model_name_beside_index_named_otherwise").replace("Luminia 13B v3",
                                                                                       "Luminia-13B-v3"))
    assert "model_name" not in got.data["model"]["metadata"]
    meta, _ = rerender(tmp_path, got.data)
    assert "model_name" not in meta and meta["model-index"][0]["name"] == "Luminia-13B-v3"


def test_a_model_index_task_args_is_kept(tmp_path):
    # Helsinki-NLP's OPUS-MT cards (tests/card_shapes/ORIGINS.txt: opus-mt-tc-big-tr-en): `task.args: tur-eng` in each
    # result, beside dataset.args; the Hub keeps it, and it was left out with a warning
    text = shape("opus_mt_tc_task_args")
    got = import_card(tmp_path, text, "Helsinki-NLP/opus-mt-tc-big-tr-en")
    assert not [w for w in warned(got) if "model-index" in w[1]]
    assert [e["task"] for e in got.data["evaluations"]] == [
        {"name": "Translation tur-eng", "type": "translation", "args": "tur-eng"}] * 2
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model-index"] == original_meta(text)["model-index"]
    # one that is neither a string nor a mapping is left out, saying where
    got = import_card(tmp_path, text.replace("args: tur-eng\n    dataset:", "args: 7\n    dataset:", 1))
    assert ("wrong-type", "model-index[0].results[0].task.args") in warned(got)
    assert "args" not in got.data["evaluations"][0]["task"]


def test_a_model_index_metric_args_string_is_kept(tmp_path):
    # MLRS/BERTu (tests/card_shapes/ORIGINS.txt: metric_args_string): two accuracies told apart by `args: upos` and
    # `args: xpos`, which the Hub takes (a metric's args are a string or a mapping); they were left out with a
    # warning asking for a mapping, and the card written back lost them
    text = shape("metric_args_string")
    got = import_card(tmp_path, text, "acme/tiny-maltese-bert")
    assert not [w for w in warned(got) if "model-index" in w[1]]
    assert [[m.get("args") for m in e["metrics"]] for e in got.data["evaluations"]] == [["upos", "xpos"], ["span"]]
    meta, _ = rerender(tmp_path, got.data)
    assert meta["model-index"] == original_meta(text)["model-index"]
    # args that are neither a string nor a mapping are left out, saying where
    got = import_card(tmp_path, text.replace("args: upos", "args: 7"), "acme/tiny-maltese-bert")
    assert ("wrong-type", "model-index[0].results[0].metrics[0].args") in warned(got)
    assert "args" not in got.data["evaluations"][0]["metrics"][0]


def test_a_number_as_a_metadata_key_is_imported_as_its_text_not_as_damaged_metadata(tmp_path):
    """A card whose metadata keys a mapping by a number (`id2label: {0: negative}`), which the Hub takes, was taken
    for damaged metadata and "rebuilt": the title became `false`, the rest of the block the summary. The key is
    read as the Hub reads it, as text, with a warning, and written back quoted."""
    got = import_card(tmp_path, "---\nlicense: mit\nid2label:\n  0: negative\n  1: positive\n---\n\n# A model\n\nText.\n")
    assert got.data["model"]["metadata"] == {"id2label": {"0": "negative", "1": "positive"}}
    assert got.data["model"]["name"] == "A model" and got.data["model"]["summary"] == "Text."
    codes = [w.code for w in got.warnings]
    assert codes.count("non-string-key") == 2 and "repaired-frontmatter" not in codes
    meta, _ = rerender(tmp_path, got.data)
    assert meta["id2label"] == {"0": "negative", "1": "positive"}


def test_a_results_table_cell_edited_away_from_the_model_index_is_taken_and_named(tmp_path):
    """A person corrects a number of our results table on the Hub, not the model-index it was rendered from (as
    publish54's driver did over 52 real cards, deepset/tinyroberta-squad2's "Exact Match" among them): the conflict's
    documented fix, importing the card again, gave records holding the model-index's number, so the block stayed a
    conflict on every re-import. The import takes the table's number, naming the cell and the number it replaces,
    and the card rendered from it shows it in both; an unedited card of ours says nothing of it."""
    records = tmp_path / "records.yaml"
    records.write_text(MINIMAL, encoding="utf-8")
    ours = render_card(records)
    card = tmp_path / "README.md"
    card.write_text(ours, encoding="utf-8")
    assert not [w for w in ingest(sources=[card]).warnings if w.code == "scores-disagree"]
    row = re.search(r"^\| GSM8K .*\| 45\.56 \|.*$", ours, re.M)
    assert row is not None
    card.write_text(ours.replace(row.group(0), row.group(0).replace("45.56", "45.65")), encoding="utf-8")
    got = ingest(sources=[card])
    [warning] = [w for w in got.warnings if w.code == "scores-disagree"]
    assert warning.path == "model-index" and "shows 45.65 for GSM8K" in warning.message
    assert "gave 45.56" in warning.message and "take the table's 45.65" in warning.message
    assert "45.56 was right" in warning.fix
    meta, _ = rerender(tmp_path, got.data)
    values = [m["value"] for r in meta["model-index"][0]["results"] for m in r["metrics"]]
    assert 45.65 in values and 45.56 not in values


def test_a_results_table_cell_edited_in_an_evaluation_block_kept_as_text_is_taken_and_named(tmp_path):
    """rogemma's layout: our evaluation block holds the folded results table over the card's own sub-sections, and
    the import keeps the whole section as text. A cell a person edited there stayed in that text while the records
    kept the model-index's number: the card rendered from them was invalid (its table and model-index disagreeing),
    and nothing said why at the import. The table's number is taken, named, and the card is valid."""
    golden = (SHAPES.parent / "golden" / "rogemma2-9b-instruct-dpo.md").read_text(encoding="utf-8")
    assert golden.count("|  6.77 |") == 1
    card = tmp_path / "README.md"
    card.write_text(golden.replace("|  6.77 |", "|  6.99 |"), encoding="utf-8")
    got = ingest(sources=[card])
    [warning] = [w for w in got.warnings if w.code == "scores-disagree"]
    assert "shows 6.99 for RoMT-Bench (Score), where the model-index gave 6.77" in warning.message
    records = tmp_path / "records.yaml"
    records.write_text(dump(got.data), encoding="utf-8")
    out = tmp_path / "out" / "README.md"
    out.parent.mkdir()
    out.write_text(render_card(records), encoding="utf-8")
    assert validate_card(out).ok
    assert "value: 6.99" in out.read_text(encoding="utf-8")
    card.write_text(golden, encoding="utf-8")
    assert not [w for w in ingest(sources=[card]).warnings if w.code == "scores-disagree"]


@pytest.mark.parametrize(("written", "read"), [('"MIT"', "mit"), ("\n- Apache-2.0\n- mit", ["apache-2.0", "mit"])])
def test_a_license_written_in_capitals_is_the_hubs_lower_case_id(tmp_path, written, read):
    """QCRI/PropagandaTechniquesAnalysis-en-BERT's `license: "MIT"` (2020, before the Hub checked metadata): the
    import left it out as no Hub id, so the adopted card lost the model's license. Its lower case is the Hub's id:
    read as that, with a warning naming both."""
    got = import_card(tmp_path, f"---\nlanguage: en\nlicense: {written}\n---\n\n# A model\n\nText.\n")
    assert got.data["model"]["license"] == read
    [warning] = [w for w in got.warnings if w.path == "license"]
    was = "'MIT'" if read == "mit" else "'Apache-2.0'"
    assert warning.code == "unknown-license" and f"{was} is not a Hub license id" in warning.message
    assert f"read as {was.lower()}" in warning.message
    meta, _ = rerender(tmp_path, got.data)
    assert meta["license"] == read


def test_headings_of_html_only_in_a_row_go_to_the_text_before_them(tmp_path):
    """Headings of HTML only (an anchor) read in a row are added to the summary, or to the section before, at once:
    with the same text as one by one (an image after a heading shown is no header image)."""
    from generator.sources.card import read_card

    card = tmp_path / "README.md"
    card.write_text('## <a name="a"></a>\n\n![logo](https://example.org/logo.png)\n\n## <a name="b"></a>\nfirst\n\n\n'
                    '## <a name="c"></a>\n\n\nsecond\n\n## Usage\n\nuse it\n\n## <a name="d"></a>\nthird\n\n'
                    '## <a name="e"></a>\nfourth\n', encoding="utf-8")
    data = read_card(card).data
    model, sections = data["model"], data["sections"]
    assert "image" not in model
    assert model["summary"] == ('## <a name="a"></a>\n\n![logo](https://example.org/logo.png)\n\n## <a name="b"></a>\n\n'
                                'first\n\n## <a name="c"></a>\n\nsecond')
    assert [s["content"] for s in sections] == ['use it\n\n## <a name="d"></a>\n\nthird\n\n## <a name="e"></a>\n\nfourth']


def test_a_header_of_many_chunks_is_joined_once():
    """2,000 headings of HTML only over no title, each with 1,000 characters: the summary, joined once (added to one by
    one, the text so far was copied at each: quadratic), is their text in order."""
    from generator.sources.card import _Importer
    from generator.sources.common import Ingested

    importer = _Importer(Path("README.md"), "", Ingested("README.md", "card", {"model": {}}))
    chunks = [[f'## <a name="s{n}"></a>', "", "x" * 1_000] for n in range(2_000)]
    importer.header(*chunks)
    assert importer.data["model"]["summary"] == "\n\n".join("\n".join(chunk) for chunk in chunks)


def test_sub_sections_under_trl_training_procedure_are_joined_once():
    """2,000 sub-sections of 1,000 characters under TRL's "## Training procedure" (its comment slot: GOLD's "###
    Status"): kept in it, joined once (added one by one, the text so far was copied for each: quadratic); the text is
    the same, each part's trailing newlines stripped as they were."""
    from generator.sources.card import TRAINING_HEADING, _nest_under_training

    def section(n: int, level: int, title: str, content: str) -> dict[str, Any]:
        return {"title": title, "shown": title, "content": content, "level": level, "position": "uses",
                "after_lists": False, "at": n}

    free = [section(0, 2, TRAINING_HEADING, "\nintro")] + [
        section(n, 3, f"Part {n}", "x" * 1_000 + "\n" * (n % 3) if n % 4 else "") for n in range(1, 2_001)]
    expected = free[0]["content"]
    for sec in free[1:301]:  # one by one, as the sub-sections were nested
        expected = (expected + f"\n\n### {sec['shown']}\n\n{sec['content']}").strip("\n")
    _nest_under_training(free)
    assert len(free) == 1 and free[0]["content"].startswith(expected + "\n\n### Part 301\n\n")
    assert free[0]["content"].endswith("### Part 1999\n\n" + "x" * 1_000 + "\n\n### Part 2000")
    assert free[0]["content"].count("\n\n### Part ") == 2_000 and "\n\n\n" not in free[0]["content"]


def test_headings_merged_into_the_section_before_keep_their_text_in_order(tmp_path):
    """Headings with a link merged into the section before, and a heading of HTML only between them: the section's
    text as they were added one by one (now held and joined once)."""
    from generator.sources.card import read_card

    card = tmp_path / "README.md"
    card.write_text('# Title\n\n## Intro\n\nhello\n\n## [part 1](https://example.org/1)\none\n\n## <a name="x"></a>\n\n\n'
                    'anchor text\n\n\n## [part 2](https://example.org/2)\ntwo\n\n## Usage\n\nuse it\n', encoding="utf-8")
    sections = read_card(card).data["sections"]
    assert [s["content"] for s in sections] == [
        'hello\n\n## [part 1](https://example.org/1)\n\none\n\n## <a name="x"></a>\n\nanchor text\n\n'
        '## [part 2](https://example.org/2)\n\ntwo', "use it"]


def test_text_held_for_a_section_is_joined_once():
    """2,000 pieces of 1,000 characters held for one section (headings merged into it): joined once, as one by one
    they read (a blank line between; a heading of HTML only strips the blank lines at the ends)."""
    from generator.sources.card import _hold, _settle

    free = [{"title": "Intro", "content": "hello"}]
    pieces = [(f"## [part {n}](https://example.org/{n})", False) if n % 2 else ("x" * 1_000 + "\n", n % 4 == 0)
              for n in range(2_000)]
    for piece in pieces:
        _hold(free[-1], piece)
    _settle(free)
    expected = "hello"
    for text, strip in pieces[:200]:  # one by one, as the import added them
        expected = (expected + "\n\n" + text).strip("\n") if strip else "\n\n".join(t for t in (expected, text) if t)
    assert free[0]["content"].startswith(expected) and "more" not in free[0]
    assert free[0]["content"].count("\n\n") == 2_000


def test_many_sub_sections_are_nested_in_their_section_in_one_join():
    """2,000 sub-sections of 1,000 characters under one section: nested in it as markdown, their text joined once
    (added one by one, the section's text so far was copied at each), in order."""
    from generator.sources.card_nest import nest_sections

    def section(n: int, level: int, content: str) -> dict[str, Any]:
        return {"title": f"Part {n}", "shown": f"Part {n}", "content": content, "position": "uses", "level": level,
                "bare": not content, "after_lists": False, "block": None}

    free = [section(0, 2, "intro")] + [section(n, 3, "x" * 1_000 if n % 3 else "") for n in range(1, 2_001)]
    nested = nest_sections(free)
    expected = "intro"
    for sec in free[1:301]:  # one by one, as the sections were nested
        expected = (expected + f"\n\n### {sec['shown']}\n\n{sec['content']}").strip("\n")
    assert len(nested) == 1 and nested[0]["content"].startswith(expected + "\n\n### Part 301\n\n")
    assert nested[0]["content"].endswith("### Part 2000\n\n" + "x" * 1_000)
    assert nested[0]["content"].count("\n\n### Part ") == 2_000


def test_trainer_index_unset_config_and_split_keep_the_result(tmp_path):
    # transformers' Trainer writes `config: null` and `split: None` for an eval set of no known config: the result
    # (the card's only score) was left out as `None must be a string`
    text = (SHAPES / "trainer_index_config_null.md").read_text()
    got = import_card(tmp_path, text, "org/whisper-tiny-xx")
    assert ("placeholder-value", "model-index[0].results[0].dataset.config") in warned(got)
    [evaluation] = got.data["evaluations"]
    assert evaluation["dataset"] == {"id": "org/speech-set", "args": "xx"}
    assert [(m["type"], m["value"]) for m in evaluation["metrics"]] == [("wer", 0.3121894631)]
    meta, _ = rerender(tmp_path, got.data)
    [result] = meta["model-index"][0]["results"]
    assert result["dataset"] == {"name": "org/speech-set xx", "type": "org/speech-set", "args": "xx"}
    assert result["metrics"][0]["value"] == 0.3121894631


def test_a_results_cell_with_an_escaped_underscore_reads_as_its_metric(tmp_path):
    """A person escaping an underscore CommonMark does not need escaped (`acc\\_norm`, which the Hub shows as acc_norm)
    in the card's results table: the cell is still the metric acc_norm, whose stderr the table gives (before: the
    Stderr column was not matched to it, and the stderr was lost)."""
    records = tmp_path / "records.yaml"
    records.write_text("model: {repo_id: acme/tiny, license: mit, pipeline_tag: text-generation}\nevaluations:\n"
                       "- benchmark: arc\n  dataset: {id: allenai/ai2_arc}\n  metrics:\n"
                       "  - {type: acc_norm, value: 0.5, stderr: 0.01}\n", encoding="utf-8")
    text = render_card(records)
    assert "| acc_norm |" in text
    card = tmp_path / "README.md"
    card.write_text(text.replace("| acc_norm |", "| acc\\_norm |"), encoding="utf-8")
    (evaluation,) = ingest([card]).data["evaluations"]
    assert evaluation["metrics"] == [{"type": "acc_norm", "value": 0.5, "stderr": 0.01}]


def test_a_model_index_written_alone_without_fences_is_read_as_card_metadata(tmp_path):
    # BigScience's mdmeta.txt (card_shapes/ORIGINS.txt): BLOOM's model-index alone, as json_to_markdown.py wrote it;
    # it was "not a format the generator reads" (.txt), "has none of the keys of ..." (.yaml), and with --format card
    # "damaged ... rebuilt", with model.name: false, which untitles the card of every source merged with it
    from generator.sources.readers import detect_format

    text = (SHAPES / "bigscience_mdmeta_bare_model_index.txt").read_text(encoding="utf-8")
    for name in ("mdmeta.txt", "mdmeta.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert detect_format(path) == "card"
        got = ingest(sources=[path], repo_id="org/bloom")
        assert warned(got) == [("bare-frontmatter", "")]
        assert "name" not in got.data["model"] and got.data["model"]["model_index_name"] == "bloom"
        assert "card_source" not in got.data["model"]  # no README the Hub holds: publish adopts none
        assert [(e["dataset"]["id"], [(m["type"], m["value"]) for m in e["metrics"]])
                for e in got.data["evaluations"]] == [("arc_challenge", [("acc", 0.4112)]),
                                                      ("openai_humaneval", [("pass@1", 0.1552)])]
        meta, body = rerender(tmp_path, got.data)
        assert meta["model-index"][0]["results"][1]["metrics"][0]["value"] == 0.1552
        assert "# bloom" in strip_markers(body)
    # a text file of other words, or a YAML mapping of other keys, is none
    (tmp_path / "notes.txt").write_text("Note: beta\n", encoding="utf-8")
    with pytest.raises(GeneratorError):
        detect_format(tmp_path / "notes.txt")


def test_an_unquoted_all_digit_revision_is_left_out_and_the_score_kept(tmp_path):
    # YAML reads `revision: 0123456` as the number 123456; the whole result, score and all, was left out ("must be
    # a string"); records that hold such a revision are still refused (test_lm_eval's eval_results tests)
    result = ("  - task:\n      type: text-classification\n    dataset:\n      name: {name}\n      type: {name}\n"
              "      revision: {revision}\n    metrics:\n    - type: accuracy\n      value: {value}\n")
    text = ("---\nlicense: mit\nmodel-index:\n- name: m\n  results:\n"
            + result.format(name="glue", revision="0123456", value=0.9)
            + result.format(name="imdb", revision='"0a1b2c3"', value=0.8)
            + result.format(name="boolq", revision="1e5", value=0.7) + "---\n# m\n")
    got = import_card(tmp_path, text)
    assert [w for w in got.warnings if w.code == "wrong-type"] == [got.warnings[0]]
    assert warned(got)[0] == ("wrong-type", "model-index[0].results[0].dataset.revision")
    assert "model-index[0].results[2].dataset.revision" in got.warnings[0].message and "quote" in got.warnings[0].fix
    assert [(e["dataset"], e["metrics"][0]["value"]) for e in got.data["evaluations"]] == [
        ({"id": "glue"}, 0.9), ({"id": "imdb", "revision": "0a1b2c3"}, 0.8), ({"id": "boolq"}, 0.7)]


def test_spacy_huggingface_hub_0_0_3s_metrics_nested_in_tasks_are_read(tmp_path):
    # radbrt/nb_nocy_trf (card_shapes/ORIGINS.txt): spacy-huggingface-hub 0.0.1-0.0.3 wrote `tasks: {name, type,
    # metrics}`; every result was left out ("metrics: must be a non-empty list"), and with them all 9 scores
    got = import_card(tmp_path, shape("spacy_hf_hub_0.0.3_nested_tasks"))
    assert warned(got)[:2] == [("legacy-model-index", "model-index[0].results[0].tasks"),
                               ("missing-field", "model-index[0].results[0].dataset")]
    assert "model-index[0].results[1].tasks" in got.warnings[0].message
    assert [(e["task"], e["dataset"], [(m["type"], m["value"]) for m in e["metrics"]])
            for e in got.data["evaluations"]] == [
        ({"type": "token-classification", "name": "NER"}, False,
         [("precision", 0.9012), ("recall", 0.9034), ("f_score", 0.9023)]),
        ({"type": "token-classification", "name": "POS"}, False, [("accuracy", 0.9876)])]
    meta, _ = rerender(tmp_path, got.data)
    assert [r["task"]["name"] for r in meta["model-index"][0]["results"]] == ["NER", "POS"]
    assert "tasks" not in meta["model-index"][0]["results"][0]


def test_text_escaped_against_emphasis_reads_back_as_written(tmp_path):
    """A title, a hyperparameter's name and value, a library and a section title whose underscores CommonMark would
    read as emphasis (`__main__.Args` showed "main" in bold) are written escaped, and the card's import reads them back as
    the record strings: before, an escaped title was taken for markup (the model's name was lost, the title kept in
    the summary's text), a hyperparameter list with an escaped name stayed text (all its values were lost), and so did
    the framework versions."""
    records = tmp_path / "records.yaml"
    records.write_text("model: {repo_id: acme/tiny, license: mit, pipeline_tag: text-generation, name: __main__.Args}\n"
                       "training:\n  hyperparameters: {learning_rate: 1.0e-05, __seed__: _x_}\n"
                       "  framework_versions: {Transformers: 4.44.2, _private_lib_: 1.0.0}\n"
                       "sections:\n- {title: _Notes_, content: Some text.}\n", encoding="utf-8")
    text = render_card(records)
    assert "# \\_\\_main\\_\\_.Args\n" in text and "- \\_\\_seed\\_\\_: \\_x\\_\n" in text
    assert "- learning_rate: 1e-05\n" in text and "## \\_Notes\\_\n" in text and "- \\_private_lib\\_ 1.0.0\n" in text
    data = import_card(tmp_path, text).data
    assert data["model"]["name"] == "__main__.Args"
    assert data["training"]["hyperparameters"] == {"learning_rate": 1e-05, "__seed__": "_x_"}
    assert [section["title"] for section in data["sections"]] == ["_Notes_"]
    assert data["training"]["framework_versions"] == {"Transformers": "4.44.2", "_private_lib_": "1.0.0"}
    again = tmp_path / "again.yaml"
    again.write_text(dump(data), encoding="utf-8")
    assert render_card(again) == text
