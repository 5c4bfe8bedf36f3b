"""The transformers release an adapter's Quick start needs (generator/card/usage_transformers.py): transformers 5
renamed the layers of ViT-like models, so an adapter naming them one way loads under that release only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from test_usage_tasks import _inputs, _lora_saved, _printed, _ready_to_run, _vit, code_of

from generator import build_card, ingest, load_records, render_card
from generator.card.usage_transformers import TRANSFORMERS, adapter_release, pinned

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"
VIT_4X = SHAPES / "vit_adapter_query_value_peft_0.6"  # ORIGINS.txt: shahrishabh7/peft-lora-image-classification
INSTALL_4X = '```bash\npip install "transformers<5" peft\n```'


def _quick_start(text: str) -> str:
    return text.split("## Quick start\n\n", 1)[1].split("<!-- modelcard-generator:end uses", 1)[0]


def test_a_real_vit_adapter_of_transformers_4_names_says_it_loads_under_4_only(tmp_path, write):
    """PEFT's image classification guide's LoRA of google/vit-base-patch16-224-in21k (target_modules value, query:
    ViT's 4.x names) raises NoMatchingPeftModuleError under transformers 5: its card says so in its details, and its
    Quick start opens with the install line of a 4.x release; the card imported again renders the same."""
    got = build_card(trainer_dir=VIT_4X, repo_id="acme/vit", output=tmp_path / "README.md")
    model = got.records.model
    assert dict(model.details)[TRANSFORMERS] == "<5" and dict(model.details)["Number of labels"] == "101"
    assert "- **Loads with transformers:** <5\n" in got.text
    section = _quick_start(got.text)
    assert section.startswith("This adapter names its base model's layers as transformers 4 does: transformers 5 "
                              f"renamed them, and PEFT finds none of them to load it onto there. Install a 4.x "
                              f"release:\n\n{INSTALL_4X}\n\nThis is a PEFT adapter: load it onto its base model, "
                              "google/vit-base-patch16-224-in21k, with the 101 labels")
    data = ingest(sources=[tmp_path / "README.md"], repo_id="acme/vit").data
    assert "usage" not in data["model"] and data["model"]["details"][TRANSFORMERS] == "<5"
    again = render_card(load_records(write("again.yaml", yaml.safe_dump(data, sort_keys=False))))
    assert _quick_start(again) == section


@pytest.mark.parametrize("model_type, targets, keys, release", [
    ("vit", ["value", "query"], [], "<5"),
    ("vit", ["attention.query", "classifier"], [], "<5"),  # a dotted entry; a module both releases name
    ("swin", "^.*\\.(query|value)$", [], "<5"),  # a regex, by the names it spells
    ("segformer", ["dense1", "dense2"], [], "<5"),
    ("vit", ["q_proj", "v_proj"], [], ">=5"),
    ("dinov2", ["gate_proj"], [], ">=5"),
    # "all-linear" names none: the saved weights' keys say which layers it adapted
    ("vit", "all-linear", ["base_model.model.vit.encoder.layer.0.attention.attention.query.lora_A.weight"], "<5"),
    ("vit", "all-linear", ["base_model.model.vit.layers.0.attention.q_proj.lora_magnitude_vector"], ">=5"),
    ("vit", "all-linear", [], None),
    ("vit", ["classifier"], ["base_model.model.classifier.weight"], None),  # a head saved whole: the same in both
    ("vit", ["query", "q_proj"], [], None),  # both releases' names: no guess
    ("bert", ["query", "value"], [], None),  # BERT kept its names
    (None, ["query"], [], None),
])
def test_the_release_is_told_by_the_names_the_adapter_gives_its_bases_layers(model_type, targets, keys, release):
    assert adapter_release(model_type, targets, keys) == release


def test_a_weights_key_counts_only_by_the_module_it_adapts():
    """``query`` as the name of something else than the adapted module (a path above it) says nothing."""
    assert adapter_release("vit", None, ["base_model.model.query.encoder.q_proj.lora_A.weight"]) == ">=5"


@pytest.mark.parametrize("section, release", [
    ("```python\nprint(1)\n```", None), ("```python\nprint(1)\n```", "4.x"),
    ("Run it with llama.cpp:\n\n```bash\nllama-cli -hf acme/m\n```", "<5"), ("", "<5"),
])
def test_no_install_line_without_a_release_or_python_code(section, release):
    assert pinned(section, release) == section


def test_a_release_of_5_opens_with_its_own_install_line():
    got = pinned("```python\nprint(1)\n```", ">=5")
    assert got.endswith('Install transformers 5 or later:\n\n```bash\npip install "transformers>=5" peft\n```\n\n'
                        "```python\nprint(1)\n```")


def test_the_quick_start_of_an_adapter_of_the_installed_release_says_so_and_runs(tmp_path):
    """A LoRA of a tiny ViT classifier made by the installed transformers (its query / value or q_proj / v_proj): the
    card says the release whose names it uses, which is the installed one, and its Quick start runs under it."""
    _ready_to_run("image-classification")
    import peft
    import torch
    import transformers

    torch.manual_seed(0)
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    base.mkdir()
    _vit(base, "ViTForImageClassification", num_labels=5)
    wrapped = transformers.AutoModelForImageClassification.from_pretrained(base, num_labels=3,
                                                                           ignore_mismatched_sizes=True)
    names = {name.rsplit(".", 1)[-1] for name, _ in wrapped.named_modules()}
    five = {"q_proj", "v_proj"} <= names
    config = _lora_saved(peft, wrapped, adapter, ["q_proj", "v_proj"] if five else ["query", "value"], ["classifier"])
    config["base_model_name_or_path"] = "org/base"
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    assert five == (int(transformers.__version__.split(".")[0]) >= 5)
    got = build_card(trainer_dir=adapter, repo_id="acme/m")
    release = ">=5" if five else "<5"
    assert dict(got.records.model.details)[TRANSFORMERS] == release
    section = _quick_start(got.text)
    assert f'```bash\npip install "transformers{release}" peft\n```' in section
    code = code_of(re.search(r"```python\n.*?\n```", section, re.S).group(0))
    code = code.replace('"acme/m"', json.dumps(str(adapter))).replace('"org/base"', json.dumps(str(base)))
    for url, local in _inputs(tmp_path).items():
        code = code.replace(json.dumps(url), json.dumps(str(local)))
    out = _printed(code, "<Quick start of a ViT adapter of the installed release>")
    assert re.fullmatch(r"(LABEL_[0-2] 0\.\d+\n){3}", out), out


def test_an_adapter_of_a_base_stored_quantized_by_bitsandbytes_says_to_install_it(tmp_path):
    """A real Unsloth LoRA of unsloth/llama-3.2-1b-instruct-unsloth-bnb-4bit (10 of 61 real adapter runs of sessions
    46-48 have such a base): from_pretrained of that base raises ImportError without bitsandbytes, so the Quick start
    opens with the install line that has it, and the card imported again renders the same."""
    got = build_card(trainer_dir=SHAPES / "unsloth_bnb_4bit_base_adapter", repo_id="acme/med",
                     output=tmp_path / "README.md")
    quick = _quick_start(got.text)
    assert quick.startswith("The base model, unsloth/llama-3.2-1b-instruct-unsloth-bnb-4bit, is stored quantized by "
                            "bitsandbytes (as its name says), which transformers loads only with that package "
                            "installed:\n\n```bash\npip install peft bitsandbytes\n```\n\n")
    assert 'AutoModelForCausalLM.from_pretrained("unsloth/llama-3.2-1b-instruct-unsloth-bnb-4bit"' in quick
    again = ingest([tmp_path / "README.md"], repo_id="acme/med")
    (tmp_path / "records.yaml").write_text(yaml.safe_dump(again.data, sort_keys=False), encoding="utf-8")
    assert render_card(load_records(tmp_path / "records.yaml")) == got.text


@pytest.mark.parametrize("base, loaded, release, line", [
    ("unsloth/mistral-7b-bnb-4bit", True, "<5", 'pip install "transformers<5" peft bitsandbytes'),
    ("acme/model-bnb-8bit", True, None, "pip install peft bitsandbytes"),
    ("acme/model-4bit-awq", True, None, None),  # quantized otherwise: no bitsandbytes
    ("unsloth/mistral-7b-bnb-4bit", False, None, None),  # the code does not load it
])
def test_one_install_line_says_every_package_the_quick_start_needs(base, loaded, release, line):
    section = f'```python\nfrom_pretrained("{base if loaded else "acme/other"}")\n```'
    got = pinned(section, release, [base])
    assert (got == section) if line is None else (f"```bash\n{line}\n```" in got and got.endswith(section))
