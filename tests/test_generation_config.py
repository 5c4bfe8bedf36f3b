"""generation_config.json: the decoding defaults a run's model ships reach the records and the card, and come back
from the card (shapes in tests/trainer_shapes/ORIGINS.txt)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import build_card, ingest, load_records, render_card
from generator.errors import RecordsError
from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"
LLAMA = {"max_length": 131072, "do_sample": True, "temperature": 0.6, "top_p": 0.9, "pad_token_id": 128004,
         "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009]}


def uses(card: str) -> str:
    return card.split("<!-- modelcard-generator:begin uses", 1)[1].split("<!-- modelcard-generator:end uses", 1)[0]


def test_the_sampling_defaults_are_read_and_listed_under_the_quick_start(tmp_path):
    read = read_trainer_dir(SHAPES / "generation_sampling_4.57")
    assert read.data["model"]["generation"] == LLAMA
    assert list(read.data["model"]["generation"]) == list(LLAMA)  # lengths, strategy, logits, then token ids
    assert [w.code for w in read.warnings] == ["title-from-folder"]  # a bare run folder: nothing else to say
    card = build_card(SHAPES / "generation_sampling_4.57", repo_id="acme/llama-sft").text
    section = uses(card)
    assert section.index("## Quick start") < section.index("### Generation defaults")
    assert section.split("### Generation defaults", 1)[1].strip().splitlines()[2:] == [
        "- max_length: 131072", "- do_sample: true", "- temperature: 0.6", "- top_p: 0.9", "- pad_token_id: 128004",
        "- bos_token_id: 128000", "- eos_token_id: `[128001, 128008, 128009]`"]
    # the card reads back to the same records, and renders the same
    (tmp_path / "README.md").write_text(card)
    back = ingest([tmp_path / "README.md"]).data
    assert back["model"]["generation"] == LLAMA
    (tmp_path / "records.yaml").write_text(json.dumps(back))
    assert render_card(load_records(tmp_path / "records.yaml")) == card


def test_without_a_quick_start_the_defaults_are_a_section_of_their_own(tmp_path):
    card = build_card(SHAPES / "generation_sampling_4.57").text  # no repo id: no generated Quick start
    assert "Quick start" not in card and "\n## Generation defaults\n" in uses(card)
    (tmp_path / "README.md").write_text(card)
    assert ingest([tmp_path / "README.md"]).data["model"]["generation"] == LLAMA


def test_whisper_keeps_its_token_ids_and_length_not_its_language_tables():
    generation = read_trainer_dir(SHAPES / "generation_whisper_4.45").data["model"]["generation"]
    assert generation == {"max_length": 448, "pad_token_id": 50257, "bos_token_id": 50257, "eos_token_id": 50257,
                          "decoder_start_token_id": 50258}


def test_an_empty_generation_config_is_a_warning_and_the_card_goes_without_it():
    read = read_trainer_dir(SHAPES / "generation_empty_4.45")
    assert "generation" not in read.data.get("model", {})
    [warning] = [w for w in read.warnings if w.path == "generation_config.json"]
    assert warning.code == "empty-file" and "generation defaults are left out" in warning.message
    assert "Generation defaults" not in build_card(SHAPES / "generation_empty_4.45").text


def test_a_value_records_cannot_hold_is_named_and_left_out(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "generation_sampling_4.57", run)
    config = json.loads((run / "generation_config.json").read_text())
    (run / "generation_config.json").write_text(json.dumps({**config, "top_k": {"x": 1}, "stop_strings": ["User:"],
                                                            "min_p": None}))
    read = read_trainer_dir(run)
    assert read.data["model"]["generation"]["stop_strings"] == ["User:"] and "min_p" not in read.data["model"]["generation"]
    [warning] = [w for w in read.warnings if w.path == "generation_config.json"]
    assert warning.code == "wrong-type" and warning.message.startswith("top_k: ")
    assert "top_k" not in read.data["model"]["generation"]


def test_texts_and_lists_are_code_and_read_back_as_written(write, tmp_path):
    records = write("r.yaml", "model:\n  repo_id: acme/m\n  generation:\n    cache_implementation: hybrid\n"
                              "    stop_strings: ['</s>', 'a`b']\n    top_k: 64\n")
    card = render_card(load_records(records))
    assert "- cache_implementation: `hybrid`\n- stop_strings: ``[\"</s>\", \"a`b\"]``\n- top_k: 64\n" in card
    (tmp_path / "README.md").write_text(card)
    assert ingest([tmp_path / "README.md"]).data["model"]["generation"] == {
        "cache_implementation": "hybrid", "stop_strings": ["</s>", "a`b"], "top_k": 64}


@pytest.mark.parametrize("value", ["{x: 1}", "[]", "[1, a]", "''"])
def test_records_refuse_a_generation_value_that_is_no_setting(write, value):
    with pytest.raises(RecordsError) as caught:
        load_records(write("r.yaml", f"model:\n  repo_id: acme/m\n  generation:\n    top_k: {value}\n"))
    assert [p.path for p in caught.value.problems] == ["$.model.generation.top_k"]
