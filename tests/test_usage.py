"""The card's "Quick start": generated from pipeline_tag, library_name and base_model_relation, or set by the records."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import pytest
from conftest import EXAMPLES, ROOT, missing

from generator import build_card, load_records, render_card
from generator.errors import RecordsError

FIXTURES = ROOT / "tests" / "fixtures"


def card(write, model: str, extra: str = "") -> str:
    return render_card(load_records(write("r.yaml", "model:\n  repo_id: acme/m\n" + model + extra)))


def quick_start(text: str) -> str:
    if "## Quick start" not in text:
        return ""
    return text.split("## Quick start", 1)[1].split("<!-- modelcard-generator:end uses", 1)[0]


def printed_by(section: str, local: dict[str, object]) -> str:
    """What the Quick start's code in ``section`` prints when run here, each repo id of ``local`` loaded from its
    folder."""
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    for repo_id, folder in local.items():
        code = code.replace(json.dumps(repo_id), json.dumps(str(folder)))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "quick_start", "exec"), {})  # noqa: S102
    return printed.getvalue()


_ACCELERATE = ('The code below places the model with device_map="auto", which transformers does only with accelerate '
               'installed:\n\n```bash\npip install accelerate\n```\n\n')


def test_text_generation_with_transformers_gets_a_pipeline_chat_example(write):
    """The pipeline places the model with device_map="auto", which raises ValueError without accelerate (a plain
    `pip install transformers torch` has none): the install line says so."""
    section = quick_start(card(write, "  pipeline_tag: text-generation\n  library_name: transformers\n"))
    assert 'pipeline("text-generation", model="acme/m"' in section
    assert 'messages = [{"role": "user", "content": ' in section
    assert section.strip().startswith(_ACCELERATE + "```python\n") and section.count("```") == 4


def test_records_naming_no_repo_get_no_generated_quick_start_but_keep_their_own(write):
    """The generated code loads the model by its repo id: without one there is none to show."""
    text = render_card(load_records(write("r.yaml", "model:\n  name: My Model\n  pipeline_tag: text-generation\n"
                                                     "  library_name: transformers\n")))
    assert "# My Model" in text and "Quick start" not in text and "- name: My Model\n" in text
    own = render_card(load_records(write("o.yaml", "model:\n  name: My Model\n  usage: Run `my-model`.\n")))
    assert "Run `my-model`." in quick_start(own)


def test_an_adapter_loads_onto_its_base_model(write):
    section = quick_start(card(write, "  base_model: org/base\n  base_model_relation: adapter\n"
                                      "  library_name: peft\n  pipeline_tag: text-generation\n"))
    assert 'AutoModelForCausalLM.from_pretrained("org/base"' in section
    assert 'PeftModel.from_pretrained(base_model, "acme/m")' in section


def test_an_adapter_without_a_known_base_uses_its_own_config(write):
    section = quick_start(card(write, "  library_name: peft\n  pipeline_tag: text-generation\n"))
    assert 'AutoPeftModelForCausalLM.from_pretrained("acme/m"' in section


@pytest.mark.parametrize("tag", ["summarization", "translation"])
def test_a_seq2seq_adapter_loads_its_base_with_the_seq2seq_class(write, tag):
    """transformers' text2text-generation, summarization and translation pipelines load AutoModelForSeq2SeqLM."""
    section = quick_start(card(write, f"  base_model: google/flan-t5-base\n  library_name: peft\n  pipeline_tag: {tag}\n"))
    assert 'base_model = AutoModelForSeq2SeqLM.from_pretrained("google/flan-t5-base"' in section
    assert "CausalLM" not in section and "apply_chat_template" not in section
    assert "print(tokenizer.decode(output[0], skip_special_tokens=True))" in section
    # a summarizer is given a passage to summarize, a translator the question to translate
    assert ("The tower is 324 metres" in section) == (tag == "summarization")
    assert ("What is the capital of France?" in section) == (tag == "translation")


def test_an_adapter_that_names_no_task_gets_no_guessed_loader(write):
    """An adapter's card with no pipeline_tag does not say what its base is: of google/flan-t5-base (T5),
    bert-base-cased or openai/whisper-large-v2, none loads with AutoModelForCausalLM; no Quick start then."""
    assert quick_start(card(write, "  base_model: google/flan-t5-base\n  library_name: peft\n")) == ""


def test_an_encoder_decoder_architecture_gets_no_causal_text_generation(write):
    """config.json's T5ForConditionalGeneration (records' details.Architecture) under the Hub's folded text-generation:
    transformers' text-generation pipeline loads AutoModelForCausalLM, which T5 is not: the model loads with
    AutoModelForSeq2SeqLM, and an adapter loads its base so."""
    model = "  pipeline_tag: text-generation\n  details:\n    Architecture: T5ForConditionalGeneration\n"
    full = quick_start(card(write, model + "  library_name: transformers\n"))
    assert 'model = AutoModelForSeq2SeqLM.from_pretrained("acme/m", device_map="auto")\n' in full
    assert "pipeline" not in full and "CausalLM" not in full
    assert "AutoModelForSeq2SeqLM" in quick_start(card(write, "  pipeline_tag: summarization\n"
                                                              "  library_name: transformers\n"))
    section = quick_start(card(write, model + "  library_name: peft\n  base_model: google/flan-t5-base\n"))
    assert "AutoModelForSeq2SeqLM" in section and "CausalLM" not in section


@pytest.mark.parametrize("model", [
    "  library_name: gguf\n  base_model: org/base\n  base_model_relation: quantized\n",
    "  tags: [gguf]\n",
])
def test_a_gguf_quantization_runs_with_llama_cpp(write, model):
    section = quick_start(card(write, model))
    assert "llama-cli -hf acme/m\n" in section
    assert "```bash" in section


@pytest.mark.parametrize("tag", ["text-to-image", "feature-extraction", "sentence-similarity"])
def test_a_gguf_of_another_task_than_text_generation_gets_no_llama_cli(write, tag):
    """second-state/stable-diffusion-3-medium-GGUF (cards53's fresh cards) is run by stable-diffusion.cpp, an
    embedding model's GGUF by llama.cpp's embedding tool: `llama-cli -hf` would run neither, so no Quick start."""
    assert quick_start(card(write, f"  library_name: gguf\n  pipeline_tag: {tag}\n")) == ""
    assert "llama-cli" in quick_start(card(write, "  library_name: gguf\n  pipeline_tag: text-generation\n"))


def test_a_text_classifier_gets_a_pipeline_example(write):
    section = quick_start(card(write, "  pipeline_tag: text-classification\n  library_name: transformers\n"))
    assert 'classifier = pipeline("text-classification", model="acme/m", device_map="auto")\n' in section
    assert 'print(output["label"], output["score"])' in section and "function_to_apply" not in section


def test_a_reward_model_of_a_trl_run_gets_its_raw_score(tmp_path, write):
    """TRL's reward trainer saves an AutoModelForSequenceClassification with one label, whose logit is the reward:
    pipeline("text-classification") with its sigmoid turned off, for a run of any TRL release; a reward adapter (PEFT,
    SEQ_CLS: the one-label score head saved with it) loads onto its base as that classifier, with num_labels=1, which
    RewardTrainer always gives."""
    versions = FIXTURES / "versions" / "trainer"
    for run in ("trl-0.19.1-reward", "trl-1.16.0-reward"):
        section = quick_start(build_card(trainer_dir=versions / run, repo_id="acme/rm",
                                         output=tmp_path / f"{run}.md").text)
        assert 'rewarder = pipeline("text-classification", model="acme/rm", device_map="auto")\n' in section, run
        assert 'output = rewarder("The capital of France is Paris.", function_to_apply="none")[0]\n' in section
    # a reward adapter whose base no file names: PEFT loads the one its adapter_config.json names (the fixture's own
    # run, whose config names a local folder, gets none: tests/test_trainer.py)
    adapter = card(write, "  pipeline_tag: text-classification\n  library_name: peft\n  tags: [reward-trainer]\n")
    assert "AutoPeftModelForSequenceClassification.from_pretrained(\"acme/m\", num_labels=1" in quick_start(adapter)


@pytest.mark.parametrize("model", [
    "",
    "  pipeline_tag: text-generation\n",  # no library: which code would run it is not known
    "  pipeline_tag: text-to-audio\n  library_name: transformers\n",  # no architecture: which model is not known
    "  pipeline_tag: text-classification\n  library_name: peft\n",
])
def test_no_section_when_no_way_is_known(write, model):
    assert "## Quick start" not in card(write, model)


def test_records_switch_it_off(write):
    text = card(write, "  pipeline_tag: text-generation\n  library_name: transformers\n  usage: false\n")
    assert "## Quick start" not in text


def test_records_replace_it(write):
    text = card(write, "  pipeline_tag: text-generation\n  library_name: transformers\n"
                       "  usage: |\n    Serve it with `vllm serve acme/m`.\n")
    assert quick_start(text).strip() == "Serve it with `vllm serve acme/m`."
    assert "pipeline(" not in text


@pytest.mark.parametrize("value", ["3", "''", "[a]"])
def test_a_usage_that_is_neither_switch_nor_text_is_refused(write, value):
    with pytest.raises(RecordsError, match=r"model\.usage"):
        card(write, f"  usage: {value}\n")


def test_a_built_peft_folder_gets_adapter_loading(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(FIXTURES / "peft_lora", folder, ignore=shutil.ignore_patterns("checkpoint-*"))
    # the fixture's adapter_config.json names the local folder of the tiny base it was made with: no Quick start
    assert "## Quick start" not in build_card(trainer_dir=folder, repo_id="acme/adapter").text
    config = folder / "adapter_config.json"
    config.write_text(config.read_text().replace('"/tmp/mcg-fixtures-work/tiny-llama"', '"acme/tiny-llama"'))
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/adapter").text)
    assert "from peft import" in section and '"acme/adapter"' in section and '"acme/tiny-llama"' in section


def test_examples_with_their_own_usage_section_get_no_second_one():
    text = render_card(EXAMPLES / "rogemma2-9b-instruct-dpo")
    assert "## How to get started with the model" in text
    assert "## Quick start" not in text


@pytest.mark.parametrize("usage, imported", [
    ("", None),  # generated: imported as nothing, generated again
    ("  usage: false\n", False),
    ("  usage: Serve it with `vllm serve acme/m`.\n", "Serve it with `vllm serve acme/m`."),
])
def test_an_imported_card_renders_its_quick_start_back(write, tmp_path, usage, imported):
    from generator import ingest

    text = card(write, "  pipeline_tag: text-generation\n  library_name: transformers\n", usage)
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert data["model"].get("usage") == imported
    assert "sections" not in data
    assert render_card(load_records(write("again.yaml", __import__("yaml").safe_dump(data)))) == text


@pytest.mark.parametrize("model, code", [
    ("  pipeline_tag: text-generation\n  library_name: transformers\n",
     'output = generator("The capital of France is", max_new_tokens=32, return_full_text=False)[0]\n'),
    ("  base_model: org/base\n  base_model_relation: adapter\n  library_name: peft\n  pipeline_tag: text-generation\n",
     'inputs = tokenizer("The capital of France is", return_tensors="pt").to(model.device)\n'),
])
def test_a_tokenizer_without_a_chat_template_gets_a_plain_prompt(write, model, code):
    section = quick_start(card(write, model + "  chat_template: false\n"))
    assert code in section
    assert "messages" not in section and "apply_chat_template" not in section


def _run_with_tokenizer(tmp_path, template):
    """trainer_sft's folder with its tokenizer saved again by transformers, holding ``template`` as its chat template
    (None: the tokenizer a base model's run saves, which has none)."""
    from transformers import AutoTokenizer

    folder = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", folder, ignore=shutil.ignore_patterns(
        "checkpoint-*", "tokenizer*", "chat_template.*", "special_tokens_map.json"))
    tokenizer = AutoTokenizer.from_pretrained(FIXTURES / "trainer_sft")
    tokenizer.chat_template = template
    tokenizer.save_pretrained(folder)
    return folder


def test_a_run_whose_tokenizer_has_no_chat_template_gets_a_plain_prompt(tmp_path):
    folder = _run_with_tokenizer(tmp_path, None)
    assert not (folder / "chat_template.jinja").exists()
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/base-run").text)
    assert 'generator("The capital of France is"' in section and "messages" not in section


def test_a_run_whose_tokenizer_has_a_chat_template_gets_a_chat_message(tmp_path):
    folder = _run_with_tokenizer(tmp_path, "{% for m in messages %}{{ m['content'] }}{% endfor %}")
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/chat-run").text)
    assert 'messages = [{"role": "user"' in section


def test_a_template_inside_an_older_tokenizer_config_counts(tmp_path):
    """Before transformers wrote chat_template.jinja, the template was a key of tokenizer_config.json."""
    import json

    folder = _run_with_tokenizer(tmp_path, None)
    config = json.loads((folder / "tokenizer_config.json").read_text())
    (folder / "tokenizer_config.json").write_text(json.dumps({**config, "chat_template": "{{ messages }}"}))
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/old-run").text)
    assert 'messages = [{"role": "user"' in section


def test_an_imported_plain_prompt_quick_start_reads_back_as_no_chat_template(write, tmp_path):
    from generator import ingest

    text = card(write, "  pipeline_tag: text-generation\n  library_name: transformers\n  chat_template: false\n")
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert data["model"].get("chat_template") is False and "usage" not in data["model"]
    assert render_card(load_records(write("again.yaml", __import__("yaml").safe_dump(data)))) == text


def test_a_seq2seq_adapter_run_loads_with_the_seq2seq_classes(tmp_path, write):
    """3L0L0/FLAN-T5-Motivation-Model: a LoRA of google/flan-t5-base (PEFT 0.18.1, `task_type: SEQ_2_SEQ_LM`) saved
    without config.json. The Hub folded text2text-generation into text-generation, so the pipeline tag no longer
    says the base is an encoder-decoder: the card loaded it with AutoModelForCausalLM, which T5 is not. The adapter's
    task type says it (listed under Model details), and the card reads back with the same Quick start."""
    run = ROOT / "tests" / "trainer_shapes" / "seq2seq_adapter_peft_0.18"
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    section = quick_start(built.text)
    assert 'base_model = AutoModelForSeq2SeqLM.from_pretrained("google/flan-t5-base"' in section
    assert "CausalLM" not in section and "apply_chat_template" not in section
    assert "- **PEFT task type:** SEQ_2_SEQ_LM" in built.text
    again = build_card(sources=[tmp_path / "README.md"], repo_id="acme/m")
    assert quick_start(again.text) == section
    causal = card(write, "  base_model: org/base\n  library_name: peft\n  pipeline_tag: text-generation\n"
                         "  details:\n    PEFT task type: CAUSAL_LM\n")
    assert "AutoModelForCausalLM" in quick_start(causal)


def test_a_vision_language_adapter_run_gets_the_processor_and_image_text_to_text_class(tmp_path):
    """JapanMarketing-Dev/pdfme-fineturning: TRL's SFT of Qwen/Qwen3-VL-8B-Instruct (PEFT 0.18.0, task_type CAUSAL_LM)
    saved the processor with the adapter (processor_config.json, its image processor Qwen2VLImageProcessorFast). The
    card said text-generation and loaded the base with AutoModelForCausalLM, and asked it a text alone; it is an
    image-text-to-text model, loaded with AutoModelForImageTextToText and asked through its processor about an image.
    The card reads back with the same Quick start."""
    run = ROOT / "tests" / "trainer_shapes" / "vlm_adapter_processor_peft_0.18"
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    assert "\npipeline_tag: image-text-to-text\n" in built.text
    section = quick_start(built.text)
    assert 'model = AutoModelForImageTextToText.from_pretrained("Qwen/Qwen3-VL-8B-Instruct"' in section
    assert 'processor = AutoProcessor.from_pretrained("acme/m")' in section and '{"type": "image", "url": ' in section
    assert "CausalLM" not in section
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/m").text) == section


@pytest.mark.parametrize("shape", ["vlm_adapter_visual_regex_peft", "vlm_adapter_visual_blocks_peft",
                                   "vlm_adapter_qkv_leaf_peft"])
def test_a_vision_language_adapter_saved_without_its_processor_is_told_by_the_modules_it_names(tmp_path, shape):
    """Viviana-dev/sciVQA's LoRAs of Qwen/Qwen2.5-VL-7B-Instruct, committed as adapter_config.json alone (task_type
    CAUSAL_LM, no processor file): target_modules names Qwen2.5-VL's vision tower `visual`, to leave it out
    (`^(?!.*visual)...`, as LLaMA-Factory writes it) or to adapt its blocks, or its blocks' fused attention layer
    `qkv` by leaf name (no transformers text model has a Linear of that name). The card said text-generation and loaded
    the base with AutoModelForCausalLM; it is image-text-to-text, and the processor is the base model's (the Model
    details say so under "Processor from"), none being saved with the adapter. The card reads back with the same Quick start."""
    run = ROOT / "tests" / "trainer_shapes" / shape
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    assert "\npipeline_tag: image-text-to-text\n" in built.text
    assert "- **Processor from:** Qwen/Qwen2.5-VL-7B-Instruct\n" in built.text
    section = quick_start(built.text)
    assert 'model = AutoModelForImageTextToText.from_pretrained("Qwen/Qwen2.5-VL-7B-Instruct"' in section
    assert 'processor = AutoProcessor.from_pretrained("Qwen/Qwen2.5-VL-7B-Instruct")' in section
    assert "CausalLM" not in section
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/m").text) == section
    # the same adapter targeting the language model's layers by name names no vision module: text-generation, unless
    # the base's name says it (Qwen2.5-VL does: vision_language.vision_language_base), so here a base it does not name
    folder = tmp_path / "text"
    folder.mkdir()
    config = json.loads((run / "adapter_config.json").read_text())
    config["target_modules"] = ["q_proj", "v_proj"]
    config["base_model_name_or_path"] = "acme/base"
    (folder / "adapter_config.json").write_text(json.dumps(config))
    text = build_card(trainer_dir=folder, repo_id="acme/m").text
    assert "\npipeline_tag: text-generation\n" in text and "Processor" not in text


VLM_4_51 = ROOT / "tests" / "trainer_shapes" / "vlm_adapter_llamafactory_4.51"  # ORIGINS.txt: gr-peng/FinTechathon


def test_a_vision_language_adapter_loads_through_transformers_load_adapter(tmp_path):
    """A real LLaMA-Factory LoRA of Qwen/Qwen2.5-VL-3B-Instruct saved by transformers 4.51.3: its Quick start loads
    it with transformers' load_adapter, which maps a VLM's layer names of before 4.52, and installs peft, which that
    needs and no import of the code names; the card reads back the same."""
    built = build_card(trainer_dir=VLM_4_51, repo_id="acme/vl", output=tmp_path / "README.md")
    assert "\npipeline_tag: image-text-to-text\n" in built.text
    section = quick_start(built.text)
    assert section.strip().startswith("The code below loads the adapter through transformers' load_adapter, which needs peft, "
                              "which transformers does not install:\n\n```bash\npip install peft\n```\n\n")
    assert 'model = AutoModelForImageTextToText.from_pretrained("Qwen/Qwen2.5-VL-3B-Instruct", device_map="auto")\n' \
        'model.load_adapter("acme/vl")' in section
    assert "PeftModel" not in section
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/vl").text) == section


def test_the_vision_language_adapter_code_loads_the_weights_of_one_saved_before_4_52(tmp_path):
    """A tiny Qwen2.5-VL's LoRA with the layer names transformers 4.51 gave (model.layers.N, not
    model.language_model.layers.N): the card's loading code puts its saved weights into the model, where
    PeftModel.from_pretrained (the code before) left them out with a warning."""
    pytest.importorskip("peft")
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from peft import LoraConfig, get_peft_model
    from safetensors.torch import load_file, save_file
    torch.manual_seed(0)
    config = transformers.Qwen2_5_VLConfig(
        text_config={"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1,
                     "intermediate_size": 37, "vocab_size": 200, "bos_token_id": 0, "eos_token_id": 1,
                     "rope_scaling": {"type": "mrope", "mrope_section": [2, 2, 4]}},
        vision_config={"depth": 1, "hidden_size": 16, "intermediate_size": 20, "num_heads": 2, "out_hidden_size": 32,
                       "fullatt_block_indexes": [0]})
    model = transformers.Qwen2_5_VLForConditionalGeneration(config)
    model.save_pretrained(tmp_path / "base")
    adapter = json.loads((VLM_4_51 / "adapter_config.json").read_text())
    lora = get_peft_model(model, LoraConfig(r=4, target_modules=["layers.1.mlp.up_proj", "q_proj"], init_lora_weights=False))
    run = tmp_path / "run"
    lora.save_pretrained(run)
    saved = load_file(run / "adapter_model.safetensors")
    old = {k.replace(".language_model.layers.", ".layers."): v for k, v in saved.items()}  # 4.51's names
    assert old != saved
    save_file(old, run / "adapter_model.safetensors")
    (run / "adapter_config.json").write_text(json.dumps({
        **adapter, "r": 4, "target_modules": ["layers.1.mlp.up_proj", "q_proj"], "init_lora_weights": False}))
    (run / "README.md").write_text((VLM_4_51 / "README.md").read_text())
    section = quick_start(build_card(trainer_dir=run, repo_id="acme/vl").text)
    code = section.split("```python\n", 1)[1].split("processor = ", 1)[0]
    for name, local in (("Qwen/Qwen2.5-VL-3B-Instruct", tmp_path / "base"), ("acme/vl", run)):
        code = code.replace(json.dumps(name), json.dumps(str(local)))
    scope: dict[str, object] = {}
    exec(compile(code, "quick_start", "exec"), scope)  # noqa: S102
    weights = dict(scope["model"].named_parameters())  # type: ignore[attr-defined]
    key = "base_model.model.model.language_model.layers.1.mlp.up_proj.lora_B.weight"
    loaded = [name for name in weights if "layers.1.mlp.up_proj.lora_B" in name]
    assert len(loaded) == 1 and torch.equal(weights[loaded[0]].detach(), saved[key])


def test_a_paligemma_fine_tune_is_asked_with_a_plain_prompt_beside_its_image(tmp_path, write):
    """A fine-tune of google/paligemma2-3b-pt-224 saved with its processor, whose tokenizer has no chat template (as
    google's PaliGemma repos): the pipeline's chat message raised ValueError "this processor does not have a chat
    template" under transformers 5.25; its processor puts the image's tokens before a plain prompt, as the Hub's card
    of PaliGemma 2 asks it. An adapter of a PaliGemma base is asked so too, a Qwen2-VL one with a chat message."""
    run = ROOT / "tests" / "trainer_shapes" / "paligemma2_finetune_4.57"
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    assert "\npipeline_tag: image-text-to-text\n" in built.text
    section = quick_start(built.text)
    assert ('output = pipe(images="https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/'
            'p-blog/candy.JPG", text="What animal is on the candy?", max_new_tokens=128, return_full_text=False)[0]\n'
            ) in section
    assert "messages" not in section and "apply_chat_template" not in section
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/m").text) == section
    adapter = quick_start(card(write, "  pipeline_tag: image-text-to-text\n  library_name: peft\n"
                                      "  base_model: google/paligemma2-3b-pt-224\n"))
    assert "from transformers.image_utils import load_image\n" in adapter
    assert 'inputs = processor(images=image, text="What animal is on the candy?", return_tensors="pt")' in adapter
    assert "apply_chat_template" not in adapter
    other = quick_start(card(write, "  pipeline_tag: image-text-to-text\n  library_name: peft\n"
                                    "  base_model: Qwen/Qwen2-VL-2B-Instruct\n"))
    assert "processor.apply_chat_template(messages" in other and "load_image" not in other


def test_a_florence_2_fine_tune_of_its_own_code_gets_no_image_text_to_text_pipeline(tmp_path):
    """A fine-tune of microsoft/Florence-2-large-ft keeps its auto_map (AutoModelForCausalLM -> the base repo's
    modeling_florence2) and its DaViT / florence2_language sub-configs: transformers 5.25 has a class of that name, whose
    config refuses them, so the image-text-to-text pipeline the card ran it with cannot load it. The card says the Auto
    class its own code loads with and has no Quick start, its code not known to run under transformers 5."""
    run = ROOT / "tests" / "trainer_shapes" / "florence2_remote_code_4.44"
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    assert "\npipeline_tag: image-text-to-text\n" in built.text
    assert "- **Remote code:** AutoModelForCausalLM" in built.text
    assert quick_start(built.text) == "" and 'pipeline("image-text-to-text"' not in built.text


def test_a_vision_language_model_answers_through_the_image_text_to_text_pipeline(write):
    """config.json's Qwen2VLForConditionalGeneration (and the other vision-language model types) is image-text-to-text:
    the Hub's transformers snippet for it, a chat message holding an image and a question; an adapter naming no one
    base model gets none (its processor and base class are unknown)."""
    section = quick_start(card(write, "  pipeline_tag: image-text-to-text\n  library_name: transformers\n"))
    assert 'pipe = pipeline("image-text-to-text", model="acme/m", device_map="auto")\n' in section
    assert "output = pipe(text=messages, max_new_tokens=128, return_full_text=False)[0]\n" in section
    assert quick_start(card(write, "  pipeline_tag: image-text-to-text\n  library_name: peft\n")) == ""
    # a vision-language adapter's processor: the model "Processor from" names when it is a Hub id, else the repo's
    adapter = "  pipeline_tag: image-text-to-text\n  library_name: peft\n  base_model: org/vl\n"
    named = quick_start(card(write, adapter + "  details:\n    Processor from: org/vl\n"))
    assert 'processor = AutoProcessor.from_pretrained("org/vl")\n' in named
    other = quick_start(card(write, adapter + "  details:\n    Processor from: an Intel Core i7\n"))
    assert 'processor = AutoProcessor.from_pretrained("acme/m")\n' in other


def test_a_seq2seq_run_gets_the_seq2seq_quick_start(tmp_path):
    """NijatZeynalov/mT5-based-azerbaijani-news-summarize (transformers 4.26, MT5ForConditionalGeneration): the card of
    the run had no Quick start (an encoder-decoder under text-generation got none); it loads with
    AutoModelForSeq2SeqLM, and the card reads back with it."""
    run = ROOT / "tests" / "trainer_shapes" / "mt5_summarization_4.26"
    built = build_card(trainer_dir=run, repo_id="acme/m", output=tmp_path / "README.md")
    section = quick_start(built.text)
    assert 'model = AutoModelForSeq2SeqLM.from_pretrained("acme/m", device_map="auto")\n' in section
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/m").text) == section


def test_a_process_reward_model_scores_each_step_as_prm_trainer_tokenized_it(tmp_path, write):
    """TRL's PRMTrainer saves an AutoModelForTokenClassification (two labels, 1: a correct step); TRL's own card
    shows a text-generation pipeline, which cannot load it, and this one showed none (pipeline tag
    token-classification). Its Quick start tokenizes a solution as PRMTrainer does (BOS, the prompt, each step
    followed by the separator's tokens) and reads each step's score on its last token. The code is valid Python, and,
    with torch, runs on a tiny random token classifier saved in the shape the run saves, printing a probability per
    step."""
    import ast
    import re

    run = FIXTURES / "versions" / "trainer" / "trl-0.19.1-prm"
    assert json.loads((run / "config.json").read_text())["architectures"] == ["LlamaForTokenClassification"]
    section = quick_start(build_card(trainer_dir=run, repo_id="acme/prm", output=tmp_path / "README.md").text)
    code = re.search(r"```python\n(.*?)\n```", section, re.S).group(1)
    ast.parse(code)
    assert 'AutoModelForTokenClassification.from_pretrained("acme/prm"' in code and "pipeline(" not in code
    # a token classifier that is no PRM (a tagger: NER, POS) is not run this way, but through its pipeline
    tagger = card(write, "  pipeline_tag: token-classification\n  library_name: transformers\n")
    assert 'pipeline("token-classification"' in tagger and "AutoModelForTokenClassification" not in tagger
    try:
        import torch
        from transformers import AutoConfig, AutoModelForTokenClassification, PreTrainedTokenizerFast
    except ImportError as exc:
        missing(f"{exc.name} is not installed: the Quick start is not run", "MODELCARD_REQUIRE_TORCH")
    base = FIXTURES / "base_model"
    torch.manual_seed(0)
    config = AutoConfig.from_pretrained(str(base), num_labels=2)
    model = AutoModelForTokenClassification.from_config(config)
    saved = tmp_path / "prm"
    model.save_pretrained(saved)
    PreTrainedTokenizerFast.from_pretrained(str(base)).save_pretrained(saved)
    lines = printed_by(section, {"acme/prm": saved}).splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == ["3 * 4 = 12", "2 + 12 = 14", "The answer is 14."]
    assert all(0 <= float(line.split()[0]) <= 1 for line in lines)



NO_TOKENIZER = ROOT / "tests" / "trainer_shapes" / "no_tokenizer_codegen_4.31"  # ORIGINS.txt: SmalltalkCodeGen


def test_a_run_saved_without_a_tokenizer_of_a_base_model_gets_a_plain_prompt():
    """A fine-tune of Salesforce/codegen-350M-mono committed with no tokenizer: nothing says it chats, and a chat
    message fails on codegen's tokenizer (no template); a plain prompt runs on it."""
    got = build_card(trainer_dir=NO_TOKENIZER, repo_id="acme/smalltalk")
    section = quick_start(got.text)
    assert got.records.model.base_model == "Salesforce/codegen-350M-mono"
    assert 'generator("The capital of France is"' in section and "messages" not in section


@pytest.mark.parametrize("base, chat", [("Qwen/Qwen2.5-0.5B-Instruct", True), ("google/gemma-2b-it", True),
                                        ("NousResearch/Llama-2-7b-chat-hf", True), ("openai-community/gpt2", False),
                                        ("bigscience/bloom-7b1", False)])
def test_a_run_saved_without_a_tokenizer_chats_when_its_base_name_says_so(tmp_path, base, chat):
    folder = tmp_path / "run"
    shutil.copytree(NO_TOKENIZER, folder)
    config = folder / "checkpoint-1300" / "config.json"
    config.write_text(config.read_text().replace("Salesforce/codegen-350M-mono", base))
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/run").text)
    assert ('messages = [{"role": "user"' in section) is chat
    assert ('generator("The capital of France is"' in section) is not chat


def test_a_records_chat_template_wins_over_a_run_without_a_tokenizer(write):
    records = write("r.yaml", "model:\n  chat_template: true\n")
    section = quick_start(build_card(trainer_dir=NO_TOKENIZER, records=[records], repo_id="acme/smalltalk").text)
    assert 'messages = [{"role": "user"' in section


def test_a_feature_extraction_adapter_gets_no_quick_start_and_a_warning_why():
    """akseljoonas/biotech-news-sentiment's FEATURE_EXTRACTION LoRA of NovaSearch/stella_en_400M_v5: no file says how
    the base pools its token states into an embedding (or that its code is its own), so no Quick start; the warning
    says why, where nothing was said."""
    got = build_card(trainer_dir=ROOT / "tests" / "trainer_shapes" / "feature_extraction_adapter_peft_0.15",
                     repo_id="acme/stella-lora")
    assert got.records.model.pipeline_tag == "feature-extraction" and "## Quick start" not in got.text
    said = [w for w in got.warnings if w.code == "feature-extraction-adapter"]
    assert len(said) == 1 and said[0].message.startswith("a FEATURE_EXTRACTION adapter: the card has no Quick start")
    assert "model.usage" in said[0].fix


def test_a_feature_extraction_adapter_with_records_usage_is_not_warned(write):
    records = write("r.yaml", "model:\n  usage: Load it with sentence-transformers.\n")
    got = build_card(trainer_dir=ROOT / "tests" / "trainer_shapes" / "feature_extraction_adapter_peft_0.15",
                     records=[records], repo_id="acme/stella-lora")
    assert "feature-extraction-adapter" not in [w.code for w in got.warnings]
    assert "Load it with sentence-transformers." in quick_start(got.text)


def test_an_adapter_of_cosmos_reason_is_a_vision_language_one():
    """DreamVu's LoRA of nvidia/Cosmos-Reason2-2B (Qwen3-VL), its target_modules the language model's alone and no
    processor saved: the base's name is the one word that it is image-text-to-text, and its processor the base's."""
    got = build_card(trainer_dir=ROOT / "tests" / "trainer_shapes" / "vlm_base_by_name_cosmos_peft_0.18",
                     repo_id="acme/cosmos-lora")
    section = quick_start(got.text)
    assert got.records.model.pipeline_tag == "image-text-to-text"
    assert 'AutoModelForImageTextToText.from_pretrained("nvidia/Cosmos-Reason2-2B"' in section
    assert 'processor = AutoProcessor.from_pretrained("nvidia/Cosmos-Reason2-2B")' in section
    assert "CausalLM" not in section


ADAPTER_NO_TOKENIZER = ROOT / "tests" / "trainer_shapes" / "adapter_no_tokenizer_peft_0.12"  # LaziestCactus/GPTLoRA


def test_an_adapter_saved_without_a_tokenizer_loads_its_base_models(tmp_path, write):
    """A LoRA of gpt2 committed with no tokenizer: AutoTokenizer of the adapter's repo finds none; the base model's
    is loaded, as the Model details say (Tokenizer from), and the card reads back with the same Quick start. Records
    alone that name the tokenizer's model render the same."""
    built = build_card(trainer_dir=ADAPTER_NO_TOKENIZER, repo_id="acme/gpt-lora", output=tmp_path / "README.md")
    section = quick_start(built.text)
    assert 'tokenizer = AutoTokenizer.from_pretrained("gpt2")' in section and '"acme/gpt-lora")\n' in section
    assert 'AutoTokenizer.from_pretrained("acme/gpt-lora")' not in section
    assert "gpt2, with the base model's tokenizer (the run saved none)." in section
    assert "- **Tokenizer from:** gpt2\n" in built.text
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/gpt-lora").text) == section
    records = ("  base_model: gpt2\n  library_name: peft\n  pipeline_tag: text-generation\n  chat_template: false\n"
               "  details:\n    Tokenizer from: gpt2\n")
    assert quick_start(card(write, records)) == section.replace("acme/gpt-lora", "acme/m")


def test_the_quick_start_of_an_adapter_saved_without_a_tokenizer_runs(tmp_path):
    """A LoRA of a tiny causal LM saved as PEFT saves it (adapter_config.json and its weights, no tokenizer): the card's
    code loads the base, the adapter onto it and the base's tokenizer, and generates."""
    try:
        import peft
        import torch
        import transformers
    except ImportError as exc:
        missing(f"{exc.name} is not installed: the Quick start is not run", "MODELCARD_REQUIRE_TORCH")
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(transformers.AutoConfig.from_pretrained(
        str(FIXTURES / "base_model")))
    base = tmp_path / "base"
    model.save_pretrained(base)
    transformers.AutoTokenizer.from_pretrained(str(FIXTURES / "base_model")).save_pretrained(base)
    lora = peft.LoraConfig(task_type="CAUSAL_LM", r=2, target_modules=["q_proj", "v_proj"])
    saved = tmp_path / "adapter"
    peft.get_peft_model(model, lora).save_pretrained(saved)
    config = json.loads((saved / "adapter_config.json").read_text())
    (saved / "adapter_config.json").write_text(json.dumps({**config, "base_model_name_or_path": "acme/base"}))
    section = quick_start(build_card(trainer_dir=saved, repo_id="acme/adapter").text)
    assert 'AutoTokenizer.from_pretrained("acme/base")' in section
    assert printed_by(section, {"acme/base": base, "acme/adapter": saved})


def test_a_full_model_saved_without_a_tokenizer_loads_its_base_models():
    """SmalltalkCodeGen's fine-tune of Salesforce/codegen-350M-mono, saved with no tokenizer: the pipeline is given
    the base's (pipeline would look for one in the model's repo), and the text before the code says why."""
    section = quick_start(build_card(trainer_dir=NO_TOKENIZER, repo_id="acme/smalltalk").text)
    assert 'pipeline("text-generation", model="acme/smalltalk", tokenizer="Salesforce/codegen-350M-mono", ' in section
    assert section.strip().startswith(_ACCELERATE + "Its tokenizer is its base model's, Salesforce/codegen-350M-mono, "
                                      "which the run")


def test_the_quick_start_of_a_model_saved_without_a_tokenizer_runs(tmp_path):
    """A tiny causal LM saved by save_pretrained alone (no tokenizer), its config naming its base: the card's
    pipeline is given the base's tokenizer, and generates."""
    try:
        import torch
        import transformers
    except ImportError as exc:
        missing(f"{exc.name} is not installed: the Quick start is not run", "MODELCARD_REQUIRE_TORCH")
    torch.manual_seed(0)
    base = tmp_path / "base"
    transformers.AutoTokenizer.from_pretrained(str(FIXTURES / "base_model")).save_pretrained(base)
    model = transformers.AutoModelForCausalLM.from_config(transformers.AutoConfig.from_pretrained(
        str(FIXTURES / "base_model")))
    saved = tmp_path / "run"
    model.save_pretrained(saved)
    config = json.loads((saved / "config.json").read_text())  # the base, as transformers 4.x writes _name_or_path
    (saved / "config.json").write_text(json.dumps({**config, "_name_or_path": "acme/base"}))
    section = quick_start(build_card(trainer_dir=saved, repo_id="acme/run").text)
    assert 'tokenizer="acme/base"' in section
    assert printed_by(section, {"acme/base": base, "acme/run": saved})


def test_a_tokenizer_named_by_no_hub_id_is_not_loaded(write):
    records = "  pipeline_tag: fill-mask\n  library_name: transformers\n  details:\n    Tokenizer from: {}\n"
    assert 'tokenizer="org/bert"' in quick_start(card(write, records.format("org/bert")))
    mine = quick_start(card(write, records.format("my own tokenizer")))
    assert "tokenizer=" not in mine and "my own" not in mine


OWN_CODE = ROOT / "tests" / "trainer_shapes" / "own_code_architecture_4.46"  # ORIGINS.txt: anra8571/WikipediaLLM


def test_a_model_of_its_own_class_gets_no_quick_start_and_a_warning_why():
    """config.json names CustomBertForQuestionAnswering, no class of transformers, and no auto_map: its Auto class
    would build BertForQuestionAnswering, another head."""
    got = build_card(trainer_dir=OWN_CODE, repo_id="acme/wiki-qa")
    assert got.records.model.pipeline_tag == "question-answering"
    assert "## Quick start" not in got.text
    said = [w for w in got.warnings if w.code == "own-code-architecture"]
    assert [w.path for w in said] == ["checkpoint-500/config.json: $.architectures[0]"]
    assert said[0].message.startswith("CustomBertForQuestionAnswering is no class of transformers")
    assert "model.usage" in said[0].fix


def test_a_model_of_its_own_class_with_an_auto_map_says_it_runs_remote_code(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(OWN_CODE, folder)
    config = folder / "checkpoint-500" / "config.json"
    data = json.loads(config.read_text())
    config.write_text(json.dumps({**data, "auto_map": {"AutoModelForQuestionAnswering": "modeling.CustomBertForQuestionAnswering"}}))
    got = build_card(trainer_dir=folder, repo_id="acme/wiki-qa")
    assert "## Quick start" not in got.text
    assert any("auto_map loads with trust_remote_code=True" in w.message for w in got.warnings
               if w.code == "own-code-architecture")


REMOTE = ROOT / "tests" / "trainer_shapes" / "remote_code_chatglm_4.27"  # ORIGINS.txt: AriesChen-UPC/GeoLLM


def test_a_model_of_its_own_code_loads_through_its_auto_map_with_trust_remote_code(tmp_path):
    """A ChatGLM-6B fine-tune saved with its modeling_chatglm.py: config.json's auto_map has AutoModelForSeq2SeqLM
    load ChatGLMForConditionalGeneration from it. The card had no Quick start; it loads the model so with
    trust_remote_code=True and says it runs the repository's code (the Model details name the Auto class), and reads
    back with the same Quick start."""
    got = build_card(trainer_dir=REMOTE, repo_id="acme/geollm", output=tmp_path / "README.md")
    section = quick_start(got.text)
    assert section.strip().startswith(_ACCELERATE + "ChatGLMForConditionalGeneration is the model's own code, not a "
                                      "class of transformers: `trust_remote_code=True` has transformers download and run")
    assert 'model = AutoModelForSeq2SeqLM.from_pretrained("acme/geollm", trust_remote_code=True, ' in section
    assert 'tokenizer = AutoTokenizer.from_pretrained("acme/geollm", trust_remote_code=True)' in section
    assert "- **Remote code:** AutoModelForSeq2SeqLM\n" in got.text
    said = [w.message for w in got.warnings if w.code == "own-code-architecture"]
    assert len(said) == 1 and "the card's Quick start loads it so" in said[0]
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/geollm").text) == section


def test_a_model_of_its_own_code_installs_what_its_saved_code_imports(tmp_path):
    """GeoLLM's tokenization_chatglm.py, which tokenizer_config.json's auto_map names, imports icetk: transformers'
    check_imports raises ImportError without it. The Quick start installs it, the Model details say so, and the card
    imported again renders the same."""
    got = build_card(trainer_dir=REMOTE.with_name("remote_code_chatglm_tokenizer_4.27"), repo_id="acme/geollm",
                     output=tmp_path / "README.md")
    section = quick_start(got.text)
    assert section.strip().startswith("This model's own code imports icetk, which transformers does not install. The code "
                              "below places the model with device_map=\"auto\"")
    assert "\n```bash\npip install icetk accelerate\n```\n" in section
    assert "- **Remote code imports:** icetk\n" in got.text
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/geollm").text) == section


def test_the_packages_of_saved_code_are_read_as_transformers_checks_them(tmp_path):
    """As transformers' get_imports: top-level imports of the modules the auto_maps name and those they import
    relatively; none in a try block or under an is_..._available() test; no module of another repo; stdlib,
    transformers' and torch's own requirements left out; pip's name for an import's."""
    from generator.sources.remote_imports import remote_packages
    auto_map = {"AutoConfig": "configuration_x.XConfig", "AutoModel": "other/repo--modeling_y.Y",
                "AutoModelForCausalLM": "modeling_x.XForCausalLM"}
    (tmp_path / "config.json").write_text(json.dumps({"auto_map": auto_map}))
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"auto_map": {"AutoTokenizer": ["tok_x.XTok", None]}}))
    (tmp_path / "configuration_x.py").write_text("import json\nfrom transformers import PretrainedConfig\n")
    (tmp_path / "modeling_x.py").write_text(
        "import torch\nimport einops\nfrom .layers import Block\nfrom transformers.utils import is_flash_attn_2_available\n"
        "try:\n    import triton\nexcept ImportError:\n    triton = None\n"
        "if is_flash_attn_2_available():\n    import flash_attn\n")
    (tmp_path / "layers.py").write_text("import numpy as np\nfrom PIL import Image\nimport yaml\n")
    (tmp_path / "tok_x.py").write_text("import sentencepiece as spm\n")
    (tmp_path / "modeling_y.py").write_text("import never_read\n")
    assert remote_packages(tmp_path, auto_map) == ("einops", "pillow", "sentencepiece")


def test_a_model_of_its_own_code_without_its_module_saved_gets_no_quick_start(tmp_path):
    """The auto_map names modeling_chatglm, which the run did not save: loading the repo would find no such file."""
    folder = tmp_path / "run"
    shutil.copytree(REMOTE, folder)
    (folder / "modeling_chatglm.py").unlink()
    got = build_card(trainer_dir=folder, repo_id="acme/geollm")
    assert "## Quick start" not in got.text and "Remote code" not in got.text
    config = json.loads((folder / "config.json").read_text())
    config["auto_map"]["AutoModelForSeq2SeqLM"] = "THUDM/chatglm-6b--modeling_chatglm.ChatGLMForConditionalGeneration"
    (folder / "config.json").write_text(json.dumps(config))
    assert "AutoModelForSeq2SeqLM.from_pretrained(" in quick_start(build_card(trainer_dir=folder, repo_id="acme/g").text)


def own_module(tmp_path, name: str, text: str):
    """The module ``name`` of a model's own code (``text``), written in a folder of its own and imported, as a
    training script's is; torch and transformers must be installed (else the test is skipped, or fails on CI)."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        missing(f"{exc.name} is not installed: the Quick start is not run", "MODELCARD_REQUIRE_TORCH")
    import importlib
    import sys

    source = tmp_path / "src"
    source.mkdir()
    (source / f"{name}.py").write_text(text)
    sys.path.insert(0, str(source))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(source))


def test_the_remote_code_quick_start_runs_a_model_saved_with_its_own_class(tmp_path):
    """A causal LM of a class of its own, registered for its Auto classes and saved by save_pretrained (which writes
    the auto_map and copies its module beside the weights): the card's code loads it and generates."""
    tiny = own_module(tmp_path, "modeling_tiny",
                      "from transformers import LlamaConfig, LlamaForCausalLM\n\n\n"
                      "class TinyConfig(LlamaConfig):\n    model_type = \"tiny_remote\"\n\n\n"
                      "class TinyForCausalLM(LlamaForCausalLM):\n    config_class = TinyConfig\n")
    import torch
    import transformers
    base = FIXTURES / "base_model"
    settings = tiny.TinyConfig(**{k: v for k, v in json.loads((base / "config.json").read_text()).items()
                                  if k not in ("architectures", "model_type")})
    tiny.TinyConfig.register_for_auto_class()
    tiny.TinyForCausalLM.register_for_auto_class("AutoModelForCausalLM")
    torch.manual_seed(0)
    saved = tmp_path / "run"
    tiny.TinyForCausalLM(settings).save_pretrained(saved)
    transformers.AutoTokenizer.from_pretrained(str(base)).save_pretrained(saved)
    assert (saved / "modeling_tiny.py").is_file()
    section = quick_start(build_card(trainer_dir=saved, repo_id="acme/tiny").text)
    assert "AutoModelForCausalLM.from_pretrained(" in section
    assert printed_by(section, {"acme/tiny": saved}).strip()


def _saved_classifier(tmp_path, config_class, model_class, labels: int):
    """A tiny BERT-based text classifier of its own code (``model_class``, registered for
    AutoModelForSequenceClassification) saved with its module and a word-level tokenizer, as a run saves it."""
    import torch
    import transformers
    saved = tmp_path / "run"
    saved.mkdir()
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "capital", "of", "france", "is", "paris", "."]
    (saved / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    transformers.BertTokenizer(vocab_file=str(saved / "vocab.txt")).save_pretrained(saved)
    config_class.register_for_auto_class()
    model_class.register_for_auto_class("AutoModelForSequenceClassification")
    torch.manual_seed(0)
    model_class(config_class(vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                             intermediate_size=20, num_labels=labels)).save_pretrained(saved)
    return saved


def test_the_remote_code_quick_start_runs_a_text_classifier_saved_with_its_own_class(tmp_path, write):
    """A text classifier of a class of its own named as its author likes (the shape of a script that sets
    config.auto_map to {"AutoModelForSequenceClassification": "modeling_custom.HierarchicalClassifier"} and copies
    modeling_custom.py beside the weights): its auto_map says its task, where its name says none; the card's
    pipeline loads it with trust_remote_code=True, labels a sentence, and reads back the same. It had no Quick start."""
    custom = own_module(
        tmp_path, "modeling_custom",
        "import torch\nfrom transformers import BertConfig, BertModel, PreTrainedModel\n"
        "from transformers.modeling_outputs import SequenceClassifierOutput\n\n\n"
        "class CustomConfig(BertConfig):\n    model_type = \"custom_classifier\"\n\n\n"
        "class HierarchicalClassifier(PreTrainedModel):\n    config_class = CustomConfig\n\n"
        "    def __init__(self, config):\n        super().__init__(config)\n        self.bert = BertModel(config)\n"
        "        self.head = torch.nn.Linear(config.hidden_size, config.num_labels)\n        self.post_init()\n\n"
        "    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, **kwargs):\n"
        "        states = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state\n"
        "        return SequenceClassifierOutput(logits=self.head(states[:, 0]))\n")
    saved = _saved_classifier(tmp_path, custom.CustomConfig, custom.HierarchicalClassifier, 3)
    assert (saved / "modeling_custom.py").is_file()
    got = build_card(trainer_dir=saved, repo_id="acme/custom", output=tmp_path / "README.md")
    assert got.records.model.pipeline_tag == "text-classification"
    section = quick_start(got.text)
    assert section.strip().startswith("HierarchicalClassifier is the model's own code, not a class of transformers")
    assert 'pipeline("text-classification", model="acme/custom", trust_remote_code=True)' in section
    assert re.fullmatch(r"LABEL_[0-2] 0\.\d+\n", printed_by(section, {"acme/custom": saved}))
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/custom").text) == section


DNABERT = ROOT / "tests" / "trainer_shapes" / "dnabert2_auto_map_classifier_4.29"  # ORIGINS.txt: ShashankBommana


def test_a_classifier_whose_auto_map_names_its_own_class_for_transformers_name_runs_its_code(tmp_path):
    """A real DNABERT-2 fine-tune: config.json names BertForSequenceClassification, and its auto_map loads the class of
    that name from zhihan1996/DNABERT-2-117M's bert_layers, another model. Its pipeline, without
    trust_remote_code=True, loaded transformers' BERT with its encoder's weights random, silently; the card's now
    loads the model's own code and says why, and reads back the same."""
    got = build_card(trainer_dir=DNABERT, repo_id="acme/dna", output=tmp_path / "README.md")
    section = quick_start(got.text)
    assert section.strip().startswith("This BertForSequenceClassification is the model's own code, which config.json's "
                              "auto_map names, not transformers' class of that name")
    assert 'pipeline("text-classification", model="acme/dna", tokenizer="zhihan1996/DNABERT-2-117M", ' \
        'trust_remote_code=True)' in section  # (the shape holds no tokenizer: its base's)
    assert "- **Remote code:** AutoModelForSequenceClassification\n" in got.text
    assert not [w for w in got.warnings if w.code == "own-code-architecture"]
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/dna").text) == section


def test_a_text_generator_whose_auto_map_names_transformers_class_loads_transformers_own(tmp_path):
    """A Phi-3 fine-tune saved with microsoft/Phi-3-mini-4k-instruct's auto_map: the remote module is an older copy of
    the class transformers has, which loads its weights; its Quick start stays transformers' pipeline."""
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "architectures": ["Phi3ForCausalLM"], "model_type": "phi3", "transformers_version": "4.40.2",
        "_name_or_path": "microsoft/Phi-3-mini-4k-instruct",
        "auto_map": {"AutoConfig": "microsoft/Phi-3-mini-4k-instruct--configuration_phi3.Phi3Config",
                     "AutoModelForCausalLM": "microsoft/Phi-3-mini-4k-instruct--modeling_phi3.Phi3ForCausalLM"}}))
    section = quick_start(build_card(trainer_dir=folder, repo_id="acme/phi").text)
    assert 'pipeline("text-generation", model="acme/phi"' in section and "trust_remote_code" not in section


def test_the_quick_start_runs_a_classifier_whose_own_class_has_transformers_name(tmp_path, write):
    """The shape of DNABERT-2's: a class of its own code named BertForSequenceClassification, with weights that
    transformers' BERT does not have (a head of its own name), saved with its module beside: the card's pipeline
    loads the model's own class, whose head it then runs."""
    custom = own_module(
        tmp_path, "bert_layers",
        "import torch\nfrom transformers import BertConfig, BertModel, PreTrainedModel\n"
        "from transformers.modeling_outputs import SequenceClassifierOutput\n\n\n"
        "class DnaConfig(BertConfig):\n    model_type = \"bert\"\n\n\n"
        "class BertForSequenceClassification(PreTrainedModel):\n    config_class = DnaConfig\n\n"
        "    def __init__(self, config):\n        super().__init__(config)\n        self.bert = BertModel(config)\n"
        "        self.own_head = torch.nn.Linear(config.hidden_size, config.num_labels)\n        self.post_init()\n\n"
        "    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, **kwargs):\n"
        "        states = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state\n"
        "        return SequenceClassifierOutput(logits=self.own_head(states[:, 0]) * 0 + torch.tensor([9.0, 0.0]))\n")
    saved = _saved_classifier(tmp_path, custom.DnaConfig, custom.BertForSequenceClassification, 2)
    assert json.loads((saved / "config.json").read_text())["architectures"] == ["BertForSequenceClassification"]
    section = quick_start(build_card(trainer_dir=saved, repo_id="acme/dna").text)
    assert "trust_remote_code=True" in section
    assert re.fullmatch(r"LABEL_0 0\.99\d*\n", printed_by(section, {"acme/dna": saved}))


def test_the_same_run_saved_as_transformers_class_keeps_its_quick_start(tmp_path):
    """Its checkpoint-189 was saved as BertForQuestionAnswering: transformers' own class, which the Quick start loads."""
    folder = tmp_path / "run"
    shutil.copytree(OWN_CODE, folder)
    config = folder / "checkpoint-500" / "config.json"
    config.write_text(config.read_text().replace("CustomBertForQuestionAnswering", "BertForQuestionAnswering"))
    got = build_card(trainer_dir=folder, repo_id="acme/wiki-qa")
    assert 'AutoModelForQuestionAnswering.from_pretrained("acme/wiki-qa")' in quick_start(got.text)
    assert not [w for w in got.warnings if w.code == "own-code-architecture"]


NO_HEAD = ROOT / "tests" / "trainer_shapes" / "classifier_adapter_no_head_peft_0.17"  # ORIGINS.txt: PHP-Vuln-Detection


def test_a_classifier_adapter_whose_head_size_is_unknown_says_why_it_has_no_quick_start():
    """Its weights hold LoRA matrices alone, no classifier: the count its base must be built with is in no file."""
    got = build_card(trainer_dir=NO_HEAD, repo_id="acme/php-vuln")
    assert got.records.model.pipeline_tag == "text-classification"
    assert "## Quick start" not in got.text
    said = [w for w in got.warnings if w.code == "unknown-head-size"]
    assert len(said) == 1 and "SEQ_CLS adapter" in said[0].message and "Number of labels" in said[0].fix


def test_a_classifier_adapter_without_its_weights_says_why_too(tmp_path):
    folder = tmp_path / "lora_model"
    shutil.copytree(NO_HEAD, folder, ignore=shutil.ignore_patterns("*.safetensors"))
    got = build_card(trainer_dir=folder, repo_id="acme/php-vuln")
    assert "## Quick start" not in got.text
    assert [w.code for w in got.warnings].count("unknown-head-size") == 1


def test_the_records_number_of_labels_gives_the_classifier_adapter_its_quick_start(write):
    records = write("r.yaml", "model:\n  details:\n    Number of labels: \"2\"\n")
    got = build_card(trainer_dir=NO_HEAD, records=[records], repo_id="acme/php-vuln")
    section = quick_start(got.text)
    assert 'AutoModelForSequenceClassification.from_pretrained("microsoft/codebert-base", num_labels=2' in section
    assert "unknown-head-size" not in [w.code for w in got.warnings]


PUSHED_VLM = ROOT / "tests" / "trainer_shapes" / "vlm_trl_0.13_pushed_readme_only" / "README.md"  # ORIGINS.txt


def test_trl_text_generation_quick_start_of_a_vision_language_model_is_replaced_by_the_generated_one():
    """TRL's card of a SmolVLM fine-tune: its pipeline("text-generation") cannot load the model; the card gets the
    image-text-to-text Quick start of its repo, a warning says so, and it reads back as generated."""
    got = build_card(sources=[PUSHED_VLM])
    section = quick_start(got.text)
    assert 'pipeline("image-text-to-text", model="shambhuDATA/smolvlm-instruct-trl-sft-PixMoPoints"' in section
    assert '"text-generation"' not in got.text.split("---", 2)[2]
    said = [w for w in got.warnings if w.code == "vision-language-base"]
    assert len(said) == 1 and 'TRL\'s pipeline("text-generation") cannot load the model' in said[0].message
    assert got.text.count("## Quick start") == 1


def test_a_persons_words_in_trl_quick_start_of_a_vision_language_model_keep_it_whole(tmp_path):
    text = PUSHED_VLM.read_text(encoding="utf-8").replace(
        "## Quick start\n\n", "## Quick start\n\nPoint at objects in an image with this model:\n\n", 1)
    card_path = tmp_path / "README.md"
    card_path.write_text(text, encoding="utf-8")
    got = build_card(sources=[card_path])
    section = quick_start(got.text)
    assert "Point at objects in an image" in section and 'pipeline("text-generation"' in section
    assert 'TRL\'s pipeline("text-generation")' not in " ".join(w.message for w in got.warnings)


def test_records_usage_keeps_trl_quick_start_of_a_vision_language_model(write):
    records = write("r.yaml", "model:\n  usage: false\n")
    got = build_card(sources=[PUSHED_VLM], records=[records])
    assert 'pipeline("image-text-to-text"' not in got.text


def test_the_list_of_transformers_classes_holds_every_class_the_installed_auto_classes_load():
    """generator/data/transformers_classes.txt decides that a config.json architecture is a class of the model's own
    code (no Quick start, an own-code-architecture warning): every class the installed transformers' Auto classes
    load (modeling_auto's MODEL_*_MAPPING_NAMES) must be in it, or a real model would lose its Quick start. It missed
    transformers 5.25.0's xLSTMForCausalLM and xLSTMModel."""
    modeling_auto = pytest.importorskip("transformers.models.auto.modeling_auto")
    from generator.resources import data_list

    known = set(data_list("transformers_classes"))
    loaded = {name for key, mapping in vars(modeling_auto).items()
              if key.startswith("MODEL_") and key.endswith("_MAPPING_NAMES") and isinstance(mapping, dict)
              for value in mapping.values() for name in ([value] if isinstance(value, str) else value)
              if isinstance(name, str)}
    assert loaded and sorted(loaded - known) == []


NO_PREPROCESSOR = ROOT / "tests" / "trainer_shapes" / "image_classifier_no_preprocessor_4.39"  # ORIGINS.txt: alittleO


def test_a_vision_model_saved_without_its_image_processor_loads_its_bases(tmp_path, write):
    """A ViT fine-tune of google/vit-base-patch16-224-in21k saved with no preprocessor_config.json: the pipeline
    would look for one in the model's repo; it is given the base's image processor, as the Model details say
    (Processor from), and the card reads back with the same Quick start. Records alone render the same."""
    built = build_card(trainer_dir=NO_PREPROCESSOR, repo_id="acme/fruit-vit", output=tmp_path / "README.md")
    section = quick_start(built.text)
    base = "google/vit-base-patch16-224-in21k"
    assert f'image_processor = AutoImageProcessor.from_pretrained("{base}")\n' in section
    assert 'pipeline("image-classification", model="acme/fruit-vit", image_processor=image_processor)\n' in section
    assert section.strip().startswith(f"Its image processor is its base model's, {base}, which the run did not save.\n\n")
    assert f"- **Processor from:** {base}\n" in built.text
    assert quick_start(build_card(sources=[tmp_path / "README.md"], repo_id="acme/fruit-vit").text) == section
    records = (f"  base_model: {base}\n  library_name: transformers\n  pipeline_tag: image-classification\n"
               f"  details:\n    Processor from: {base}\n")
    assert quick_start(card(write, records)) == section.replace("acme/fruit-vit", "acme/m")


def test_a_vision_model_saved_with_its_image_processor_loads_its_own(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(NO_PREPROCESSOR, run)
    (run / "checkpoint-10").mkdir()  # a checkpoint's copy counts, as with a tokenizer
    (run / "checkpoint-10" / "preprocessor_config.json").write_text('{"image_processor_type": "ViTImageProcessor"}')
    built = build_card(trainer_dir=run, repo_id="acme/fruit-vit")
    assert "Processor from" not in built.text
    assert 'pipeline("image-classification", model="acme/fruit-vit")\n' in quick_start(built.text)
