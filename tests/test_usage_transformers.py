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
from generator.card.usage import quick_start
from generator.card.usage_transformers import QUANTIZERS, TRANSFORMERS, adapter_release, pinned, quant_method

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"
CARDS = Path(__file__).resolve().parent / "card_shapes"
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
    ("acme/model-4bit-awq", True, None, "pip install peft gptqmodel"),  # (peft brings accelerate)
    ("acme/model-4bit-awq", True, "<5", 'pip install "transformers<5" peft autoawq'),  # (4.x's AWQ quantizer's)
    ("Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4", True, ">=5", 'pip install "transformers>=5" peft optimum gptqmodel'),
    ("acme/gptqlike-model", True, None, None),  # not a word of its name
    ("unsloth/mistral-7b-bnb-4bit", False, None, None),  # the code does not load it
])
def test_one_install_line_says_every_package_the_quick_start_needs(base, loaded, release, line):
    section = f'```python\nfrom peft import PeftModel\nfrom_pretrained("{base if loaded else "acme/other"}")\n```'
    got = pinned(section, release, [base])
    assert (got == section) if line is None else (f"```bash\n{line}\n```" in got and got.endswith(section))


def _round_trip(tmp_path: Path, text: str, repo_id: str) -> str:
    """The card ``text`` imported (its README in ``tmp_path``) and rendered again."""
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    again = ingest([tmp_path / "README.md"], repo_id=repo_id)
    (tmp_path / "records.yaml").write_text(yaml.safe_dump(again.data, sort_keys=False), encoding="utf-8")
    return render_card(load_records(tmp_path / "records.yaml"))


@pytest.mark.parametrize("folder, words, line", [
    ("gptq_model_config_4.30", "GPTQ (as its config.json's quantization_config says), which transformers loads only "
                               "with optimum and gptqmodel installed. The code below places the model with "
                               "device_map=\"auto\", which transformers does only with accelerate installed",
     "optimum gptqmodel accelerate"),
    ("bnb_4bit_model_5.25", "bitsandbytes (as its config.json's quantization_config says), which transformers loads "
                            "only with bitsandbytes and accelerate installed", "bitsandbytes accelerate"),
])
def test_a_model_stored_quantized_says_what_its_quantizer_needs(tmp_path, folder, words, line):
    """A model folder whose config.json has a quantization_config (TheBloke's GPTQ Llama 2; a tiny Llama saved by
    transformers 5.25 loaded in 4 bits by bitsandbytes): its Quick start loads the repo, which transformers loads only
    with the quantizer's packages (transformers' quantizers' validate_environment): it opens with that install line
    (accelerate too: a pipeline of a plain `pip install transformers` has none), and the card imported again renders
    the same."""
    got = build_card(trainer_dir=SHAPES / folder, repo_id="acme/q")
    quick = _quick_start(got.text)
    assert quick.startswith(f"This model is stored quantized by {words}:\n\n```bash\npip install {line}\n```\n\n"
                            "```python\nfrom transformers import pipeline\n"), quick
    assert _round_trip(tmp_path, got.text, "acme/q") == got.text


def test_a_card_of_a_quantization_named_so_says_what_its_quantizer_needs(tmp_path):
    """solidrust's AWQ repos' cards (5 of the card pools' 1,150) show no code and name no base model: the Quick start
    generated for one loads the repo, which transformers 5 loads only with gptqmodel and accelerate installed, as its
    name says; rendered again, the card is the same."""
    repo = "solidrust/rho-math-7b-v0.1-AWQ"
    (tmp_path / "in").mkdir()
    records = ingest([CARDS / "solidrust_awq_quantization.md"], repo_id=repo)
    (tmp_path / "in" / "r.yaml").write_text(yaml.safe_dump(records.data, sort_keys=False), encoding="utf-8")
    text = render_card(load_records(tmp_path / "in" / "r.yaml"))
    assert _quick_start(text).startswith(
        "This model is stored quantized by AWQ (as its name says), which transformers 5 loads only with gptqmodel and "
        "accelerate installed (transformers 4 with autoawq in place of gptqmodel):\n\n```bash\npip install gptqmodel accelerate\n```\n\n```python\n")
    assert _round_trip(tmp_path, text, repo) == text


def test_an_adapter_of_a_gptq_base_says_what_its_quantizer_needs(tmp_path):
    """A PEFT adapter of TheBloke/MetaMath-Mistral-7B-GPTQ (huggingface_hub's template card): its Quick start loads
    that base, stored quantized by GPTQ, so it opens with peft, optimum and gptqmodel (peft brings accelerate)."""
    repo = "themanas021/Mistral-MetaMath-camel_math01"
    records = ingest([CARDS / "peft_adapter_of_gptq_base.md"], repo_id=repo)
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(records.data, sort_keys=False), encoding="utf-8")
    text = render_card(load_records(tmp_path / "r.yaml"))
    quick = _quick_start(text)
    assert quick.startswith("The base model, TheBloke/MetaMath-Mistral-7B-GPTQ, is stored quantized by GPTQ (as its "
                            "name says), which transformers loads only with optimum and gptqmodel installed:\n\n"
                            "```bash\npip install peft optimum gptqmodel\n```\n\n"), quick
    assert 'AutoModelForCausalLM.from_pretrained("TheBloke/MetaMath-Mistral-7B-GPTQ"' in quick


@pytest.mark.parametrize("config, method", [
    ({"quant_method": "gptq", "bits": 4}, "gptq"),
    ({"load_in_8bit": True, "llm_int8_threshold": 6.0}, "bitsandbytes"),  # 4.2x's, with no quant_method
    ({"bits": 4}, "yes"), ("4bit", "yes"),
])
def test_the_quant_method_is_read_as_transformers_reads_it(config, method):
    assert quant_method(config) == method


def test_every_quantizer_known_is_one_of_the_installed_transformers():
    """QUANTIZERS names only quant_methods transformers knows (its AUTO_QUANTIZER_MAPPING, with bitsandbytes' one
    name for its 4- and 8-bit quantizers)."""
    pytest.importorskip("torch")
    from transformers.quantizers.auto import AUTO_QUANTIZER_MAPPING
    known = {name.split("_4bit")[0].split("_8bit")[0] for name in AUTO_QUANTIZER_MAPPING}
    assert set(QUANTIZERS) <= known, set(QUANTIZERS) - known


def test_a_model_whose_tokenizer_needs_a_package_transformers_lacks_says_to_install_it(tmp_path):
    """A real Flaubert classifier: transformers has only FlaubertTokenizer for it, which imports sacremoses (its
    pipeline raised ImportError without it), so the Quick start opens with that install line; the card imported
    again renders the same."""
    got = build_card(trainer_dir=SHAPES / "flaubert_classifier_4.20", repo_id="acme/fl")
    assert _quick_start(got.text).startswith(
        "This model's tokenizer, FlaubertTokenizer (as its tokenizer_config.json says), needs sacremoses, "
        "which transformers does not install. The code below places the model with device_map=\"auto\", which "
        "transformers does only with accelerate installed:\n\n```bash\npip install sacremoses accelerate\n```\n\n```python\n")
    assert _round_trip(tmp_path, got.text, "acme/fl") == got.text


@pytest.mark.parametrize("architecture, package", [
    ("MarianMTModel", "sentencepiece"), ("Speech2TextForConditionalGeneration", "sentencepiece"),
    ("XLMWithLMHeadModel", "sacremoses"), ("BioGptForCausalLM", "sacremoses"), ("FSMTForConditionalGeneration", "sacremoses"),
    ("XLMRobertaForSequenceClassification", None), ("M2M100ForConditionalGeneration", None),  # NLLB's is a fast one
    ("MarianTokenizer", None), ("SiglipModel", "sentencepiece"), (None, None),
])
def test_the_tokenizers_package_is_told_by_the_architecture(architecture, package):
    from generator.card.usage_transformers import tokenizer_package
    assert tokenizer_package(architecture) == package


@pytest.mark.parametrize("architecture, tokenizer_class, package", [
    ("M2M100ForConditionalGeneration", "M2M100Tokenizer", "sentencepiece"),
    ("M2M100ForConditionalGeneration", "NllbTokenizer", None),
    ("MarianMTModel", "PreTrainedTokenizerFast", None),  # a tokenizer.json: no sentencepiece
    ("BertForSequenceClassification", "XLMTokenizer", "sacremoses"),
    ("SiglipModel", "GemmaTokenizer", None),  # SigLIP 2's
])
def test_the_saved_tokenizer_class_decides_the_package(architecture, tokenizer_class, package):
    """AutoTokenizer loads tokenizer_config.json's tokenizer_class whatever the architecture: it decides."""
    from generator.card.usage_transformers import tokenizer_package
    assert tokenizer_package(architecture, tokenizer_class) == package


@pytest.mark.parametrize("shape, line", [
    ("m2m100_small100_tokenizer_4.33", "pip install sentencepiece accelerate"),
    ("nllb_m2m100_tokenizer_4.31", "pip install accelerate"),
])
def test_an_m2m100_models_tokenizer_package_is_its_saved_tokenizers(tmp_path, shape, line):
    """Two real fine-tunes of M2M100ForConditionalGeneration: SMALL-100's saved M2M100Tokenizer needs sentencepiece
    (its Quick start raised ImportError without it), NLLB's NllbTokenizer is tokenizers-backed and needs none; the
    card names the class in its details, and imported again renders the same."""
    got = build_card(trainer_dir=SHAPES / shape, repo_id="acme/mt")
    section = _quick_start(got.text)
    assert f"\n```bash\n{line}\n```\n" in section
    if "small100" in shape:
        assert section.startswith("This model's tokenizer, M2M100Tokenizer (as its tokenizer_config.json says), needs "
                                  "sentencepiece, which transformers does not install.")
        assert "- **Tokenizer:** M2M100Tokenizer\n" in got.text
    else:
        assert "sentencepiece" not in section and "- **Tokenizer:**" not in got.text
    assert _round_trip(tmp_path, got.text, "acme/mt") == got.text


def test_the_tokenizers_package_joins_a_quantizers_in_one_line():
    section = '```python\nfrom transformers import pipeline\npipeline("translation", model="acme/m")\n```'
    got = pinned(section, None, (), ("acme/m", "bitsandbytes", "MarianMTModel", None, None, None))
    assert "\n```bash\npip install bitsandbytes accelerate sentencepiece\n```\n" in got
    assert "installed. Its tokenizer, as transformers loads it for a MarianMTModel, needs sentencepiece" in got
    assert pinned(section, None, (), ("acme/other", None, "MarianMTModel", None, None, None)) == section  # the code loads another


@pytest.mark.parametrize("tag, package", [("table-question-answering", '"pandas<3"'), ("video-classification", "av")])
def test_a_pipeline_reading_its_input_with_a_package_installs_it(tag, package):
    """transformers' table-question-answering pipeline imports pandas, its video-classification one PyAV (av):
    neither is a dependency of transformers, and without it the Quick start raised ImportError. Under transformers
    4.57 TAPAS' tokenizer raised TypeError with pandas 3 (run in a venv of 4.57.6: pandas 3.1.1 fails, 2.3.3 runs)."""
    section = pinned(quick_start("acme/m", tag, "transformers", None), None)
    assert section.startswith(f"The {tag} pipeline reads the ")
    assert f"```bash\npip install {package}\n```\n\n```python\n" in section


DETR_TIMM = Path(__file__).parent / "trainer_shapes" / "detr_panoptic_timm_backbone_4.44"  # ORIGINS: kgezhige/tvm_detr_layout


def test_a_model_with_a_timm_backbone_installs_timm():
    """A real DETR run's config.json (backbone resnet50, use_timm_backbone true): transformers builds the backbone
    through timm, which it does not install; the Quick start's install line had none."""
    text = build_card(trainer_dir=DETR_TIMM, repo_id="acme/m").text
    assert "- **Backbone (timm):** resnet50\n" in text
    section = _quick_start(text)
    assert section.startswith("This model's backbone, resnet50, is a timm model, which transformers builds only with "
                              "timm installed:\n\n```bash\npip install timm\n```\n\n```python\n")
    assert 'pipeline("image-segmentation", model="acme/m")' in section


def test_the_timm_backbone_as_transformers_4_and_5_save_it():
    from generator.card.usage_transformers import timm_backbone

    config = json.loads((DETR_TIMM / "config.json").read_text())
    assert timm_backbone(config) == "resnet50"
    # transformers 5 saves the backbone's config whole: a timm_backbone one is timm's, a ResNetConfig transformers' own
    assert timm_backbone({"backbone_config": {"model_type": "timm_backbone", "backbone": "resnet18"}}) == "resnet18"
    assert timm_backbone({"backbone": "resnet50", "use_timm_backbone": True,
                          "backbone_config": {"model_type": "resnet"}}) is None
    assert timm_backbone(dict(config, use_timm_backbone=False)) is None
