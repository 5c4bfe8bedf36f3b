import yaml
from conftest import MINIMAL

from generator import load_records
from generator.card.frontmatter import metadata
from generator.io.yamlio import dump
from generator.records.model import FRONTMATTER_KEYS as KEY_ORDER


def test_key_order_and_model_index_shape(write):
    meta = metadata(load_records(write("r.yaml", MINIMAL)))
    keys = list(meta)
    assert keys[-1] == "model-index"
    assert keys[:-1] == [k for k in KEY_ORDER if k in meta]
    result = meta["model-index"][0]["results"][0]
    assert meta["model-index"][0]["name"] == "acme/tiny-dpo"
    assert list(result) == ["task", "dataset", "metrics"]
    assert result["dataset"] == {"name": "ARC Challenge", "type": "allenai/ai2_arc", "config": "ARC-Challenge",
                                 "split": "test", "args": {"num_few_shot": 25}}
    assert result["metrics"] == [{"type": "acc_norm", "value": 58.45, "name": "normalized accuracy"}]


def test_no_evaluations_gives_empty_results(write):
    meta = metadata(load_records(write("r.yaml", "model: {repo_id: acme/x}\n")))
    assert meta["model-index"] == [{"name": "acme/x", "results": []}]


def test_pass_through_metadata_keeps_order(write):
    meta = metadata(load_records(write("r.yaml", "model:\n  repo_id: acme/x\n  metadata:\n    new_version: acme/y\n    inference: false\n")))
    assert list(meta)[-3:] == ["new_version", "inference", "model-index"]


def test_multiline_strings_cannot_close_the_frontmatter():
    text = dump({"a": "line one\n---\nb: injected", "c": "no"})
    assert "\n---" not in text
    assert yaml.safe_load(text) == {"a": "line one\n---\nb: injected", "c": "no"}


def test_inherited_metadata_merges_lists(write):
    write("orig/r.yaml", "model: {repo_id: org/base-dpo, base_model: org/base, tags: [a, b]}\n")
    path = write("r.yaml", "model: {repo_id: q/base-dpo-gguf, tags: [gguf, a]}\n"
                           "original: {records: orig, inherit_metadata: true}\n")
    meta = metadata(load_records(path))
    assert meta["base_model"] == "org/base"
    assert meta["tags"] == ["a", "b", "gguf"]
    assert meta["model-index"] == [{"name": "org/base-dpo", "results": []}]
