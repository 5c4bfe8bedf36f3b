"""Cards a tool wrote (TRL, GGUF-my-repo, ...), imported and rendered back: every fact and the author's text kept,
and nothing the tool wrote said twice by what the renderer writes itself. Shapes: card_shapes/ORIGINS.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_card_import import SHAPES, import_card, rerender, shape

from generator import ingest
from generator.card.usage_import import shows_usage
from generator.records.loader import load_records
from generator.render.card import render


def test_trl_quick_start_is_not_followed_by_a_generated_one(tmp_path):
    """TRL 0.27's card of a PEFT DPO run (SteveHong1901/reasoning): the renderer's PEFT adapter Quick start came after
    TRL's own as a second `## Quick start`. TRL's loads model="None" (the run had no hub_model_id), which cannot run:
    it is left out, with a warning, for the generated one, which loads the repo; there is one Quick start."""
    got = import_card(tmp_path, shape("trl_quick_start_not_pushed"))
    assert "usage" not in got.data["model"]
    assert [w.path for w in got.warnings if w.code == "placeholder-value" and "None" in w.message] == \
        ["Quick start section"]
    _, body = rerender(tmp_path, got.data)
    assert body.count("## Quick start") == 1
    assert 'model="None"' not in body and 'PeftModel.from_pretrained(base_model, "org/model")' in body


def test_trl_quick_start_of_no_model_with_a_persons_words_is_kept_with_a_warning(tmp_path):
    """The same Quick start with a sentence of its author's stays as written: only a warning says it cannot run."""
    text = shape("trl_quick_start_not_pushed").replace("## Quick start\n", "## Quick start\n\nRun it on a GPU.\n", 1)
    got = import_card(tmp_path, text)
    assert got.data["model"]["usage"] is False
    assert [w.message.endswith("kept as written") for w in got.warnings if w.code == "placeholder-value"
            and "None" in w.message] == [True]
    _, body = rerender(tmp_path, got.data)
    assert body.count("## Quick start") == 1 and 'model="None"' in body and "Run it on a GPU." in body


def test_trl_card_of_no_model_without_a_pipeline_tag_gets_the_generated_quick_start(tmp_path):
    """TRL 0.24's card of an SFT run without hub_model_id (sbbaik/sentilight_llm): its Quick start loads model="None"
    and is left out, the warning saying the generated one, loading the repo, took its place; but the card names no
    pipeline_tag (TRL writes one only for an adapter), so none was generated and the card lost its Quick start. Its
    `trl` tag and TRL's own code, pipeline("text-generation"), say how to run it: that Quick start, loading the repo."""
    got = import_card(tmp_path, shape("trl_0.24_sft_model_none_no_pipeline_tag"), "acme/sentilight")
    [warning] = [w for w in got.warnings if w.code == "placeholder-value" and "None" in w.message]
    assert "the generated Quick start, which loads its repo" in warning.message
    assert "usage" not in got.data["model"] and "pipeline_tag" not in got.data["model"]
    metadata, body = rerender(tmp_path, got.data)
    assert "pipeline_tag" not in metadata
    assert body.count("## Quick start") == 1 and 'model="None"' not in body
    assert 'pipeline("text-generation", model="acme/sentilight"' in body


# TRL 0.12.2's and 0.15.2's own output folders (tests/fixtures/versions/trainer, written by those releases)
TRL_RUNS = Path(__file__).resolve().parent / "fixtures" / "versions" / "trainer"


@pytest.mark.parametrize("run, method", [("trl-0.12.2-sft", "sft"), ("trl-0.12.2-dpo", "dpo"),
                                         ("trl-0.15.2-grpo", "grpo")])
def test_trl_0_12_card_of_no_model_gets_trls_push_tags_and_its_quick_start(tmp_path, run, method):
    """TRL 0.12-0.15's card of a run it saved but did not push names no `trl` tag (transformers' Trainer.push_to_hub
    adds the trainer's `_tag_names`, `trl` and its method, only to a card it pushes) and no pipeline_tag; its Quick
    start loads model="None". It was left out with nothing in its place: the card lost its Quick start. It gets the
    tags TRL gives the card it pushes, and with them the Quick start TRL's own code runs, loading the repo."""
    got = import_card(tmp_path, (TRL_RUNS / run / "README.md").read_text(encoding="utf-8"), "acme/tiny")
    assert got.data["model"]["tags"] == ["generated_from_trainer", "trl", method]
    [warning] = [w for w in got.warnings if w.path == "Quick start section"]
    assert warning.message.endswith(f"the generated Quick start, which loads its repo, and the tags TRL gives a card it "
                                    f"pushes (trl, {method})")
    metadata, body = rerender(tmp_path, got.data)
    assert "pipeline_tag" not in metadata and metadata["tags"] == ["generated_from_trainer", "trl", method]
    assert body.count("## Quick start") == 1 and 'pipeline("text-generation", model="acme/tiny"' in body


def test_trl_prm_card_of_no_model_gets_the_process_reward_quick_start(tmp_path):
    """TRL 0.19.1's card of a PRMTrainer run not pushed (tags prm, trl; no pipeline_tag), imported alone: its Quick start
    of model="None" (every TRL card's text-generation pipeline, which cannot load a token classifier) was left out
    and none was generated, the reward model's card getting its own (tag reward-trainer). It gets the process reward
    model's, which scores each step."""
    got = import_card(tmp_path, (TRL_RUNS / "trl-0.19.1-prm" / "README.md").read_text(encoding="utf-8"), "acme/prm")
    [warning] = [w for w in got.warnings if w.path == "Quick start section"]
    assert warning.message.endswith("the generated Quick start, which loads its repo")
    _, body = rerender(tmp_path, got.data)
    assert 'AutoModelForTokenClassification.from_pretrained("acme/prm"' in body and '"text-generation"' not in body


def test_a_quick_start_of_no_model_that_none_replaces_is_said_to_be_gone(tmp_path):
    """TRL 0.20's card of a PPO run's PEFT adapter with no hub_model_id names neither a pipeline_tag nor `trl`: nothing
    says how to run it, and the warning said the generated Quick start took the place of TRL's; it says none does, and
    how to get one (TRL's push tags are a full transformers model's: this card's library is peft)."""
    got = import_card(tmp_path, shape("trl_0.20_ppo_peft_model_none_no_pipeline_tag"), "acme/ppo")
    [warning] = [w for w in got.warnings if w.code == "placeholder-value" and "None" in w.message]
    assert "no generated one either" in warning.message and "model.pipeline_tag" in warning.fix
    assert "trl" not in got.data["model"]["tags"]
    _, body = rerender(tmp_path, got.data)
    assert "## Quick start" not in body


def test_trl_datasets_written_as_one_string_is_read_as_its_list_without_a_warning(tmp_path):
    """TRL writes `datasets: knoveleng/open-rs` (generate_model_card's ModelCardData(datasets=dataset_name)): the card
    the user did not write got "write datasets as a list". Read as the one-item list it means, said nothing; a card
    not TRL's (no `licence: license`) so written is still told."""
    text = shape("trl_0.16dev_grpo_datasets_string")
    got = import_card(tmp_path, text, "acme/open-rs")
    assert got.data["model"]["datasets"] == ["knoveleng/open-rs"]
    assert not [w for w in got.warnings if w.code == "not-a-list"]
    other = import_card(tmp_path, text.replace("licence: license\n", "", 1), "acme/open-rs")
    assert [w.path for w in other.warnings if w.code == "not-a-list"] == ["datasets"]


@pytest.mark.parametrize("name, base", [("trl_0.13_sft_smolvlm_full_model", "HuggingFaceTB/SmolVLM-Instruct"),
                                        ("trl_0.12_sft_qwen2_vl_full_model", "Qwen/Qwen2-VL-7B-Instruct")])
def test_trl_card_of_a_full_vision_language_model_is_image_text_to_text(tmp_path, name, base):
    """TRL's card of a full model names no pipeline_tag, its `trl` tag saying text-generation (card.usage.trl_generative):
    the vision-language rule (vision_language.vision_language_of_base) passed over it, so a fine-tune of SmolVLM or
    Qwen2-VL was left to the Hub's guess and, without its own Quick start, got the text-generation one. It is
    image-text-to-text, with the rule's warning, and the generated Quick start is the image-text-to-text one."""
    text = shape(name)
    got = import_card(tmp_path, text, None)
    assert got.data["model"]["pipeline_tag"] == "image-text-to-text"
    assert [w.code for w in got.warnings if base in w.message] == ["vision-language-base"]
    # TRL's card of such a run not pushed: its Quick start loads model="None" and the generated one takes its place
    unpushed = re.sub(r'model="[^"]+/[^"]+"', 'model="None"', text, count=1)
    got = import_card(tmp_path, unpushed, "acme/vlm")
    _, body = rerender(tmp_path, got.data)
    assert 'pipeline("image-text-to-text", model="acme/vlm"' in body and '"text-generation"' not in body


def test_an_adapter_card_with_an_empty_base_model_has_the_base_its_adapter_tag_names(tmp_path):
    """LLaMA-Factory's card of a Qwen2.5-VL LoRA writes `base_model: ''` (which the Hub rejects: left out) beside PEFT's
    tag base_model:adapter:Qwen/Qwen2.5-VL-3B-Instruct: the card named no base, so the vision-language rule passed it
    over and its Quick start was AutoPeftModelForCausalLM, which loads no Qwen2.5-VL. The tag names the base: read as
    it, with a warning; the card is image-text-to-text and its Quick start loads the base's vision-language class."""
    got = import_card(tmp_path, shape("llamafactory_qwen2.5_vl_lora_empty_base_model"), "acme/food")
    assert got.data["model"]["base_model"] == "Qwen/Qwen2.5-VL-3B-Instruct"
    assert got.data["model"]["pipeline_tag"] == "image-text-to-text"
    [warning] = [w for w in got.warnings if w.path == "base_model"]
    assert warning.code == "empty-value" and "base_model:adapter:Qwen/Qwen2.5-VL-3B-Instruct" in warning.message
    metadata, body = rerender(tmp_path, got.data)
    assert metadata["base_model"] == "Qwen/Qwen2.5-VL-3B-Instruct"
    assert 'AutoModelForImageTextToText.from_pretrained("Qwen/Qwen2.5-VL-3B-Instruct"' in body
    assert "AutoPeftModelForCausalLM" not in body


def test_trl_training_procedure_with_a_persons_sub_sections_is_the_training_blocks(tmp_path):
    """TRL 0.27's card of a GOLD run whose author wrote "### Status", "### Key changes (so far)" and "### Trial and
    error notes" under "## Training procedure", above TRL's "### Framework versions": that section was kept as a
    person's section in the uses block, and the training block began at "### Framework versions" under no heading of
    its own. It is the Trainer's heading with its text (sub-sections and all) the training description, as one without
    sub-sections is: the card's text is unchanged, in the training block, and the card is a fixed point."""
    got = import_card(tmp_path, shape("trl_0.27_gold_comment_subsections"), "acme/gold")
    description = got.data["training"]["description"]
    assert "### Status (2026-01-11)" in description and description.rstrip().endswith("This model was trained with GOLD.")
    assert "heading" not in got.data["training"]
    assert not [s for s in got.data.get("sections", []) if s["title"] == "Training procedure"]
    text = render(load_records(rerender_records(tmp_path, got.data))).text
    training = text.split("<!-- modelcard-generator:begin training", 1)[1]
    assert training.index("## Training procedure") < training.index("### Status (2026-01-11)") < \
        training.index("### Framework versions")
    card = tmp_path / "rendered.md"
    card.write_text(text, encoding="utf-8")
    again = ingest(sources=[card], repo_id="acme/gold").data
    assert render(load_records(rerender_records(tmp_path, again))).text == text


def test_trl_reward_card_of_no_model_gets_the_reward_quick_start(tmp_path):
    """TRL 1.1's card of a RewardTrainer run without hub_model_id: its Quick start loads model="None" and is left out
    for the generated one, but the card names no pipeline_tag, so none was generated: the reward model was left
    with no way to run it. Its reward-trainer tag says it is a sequence classifier: the reward's raw score."""
    got = import_card(tmp_path, shape("trl_1.1_reward_model_none"), "acme/Qwen3-4B_length")
    assert "usage" not in got.data["model"] and "pipeline_tag" not in got.data["model"]
    _, body = rerender(tmp_path, got.data)
    assert body.count("## Quick start") == 1 and 'model="None"' not in body
    assert 'pipeline("text-classification", model="acme/Qwen3-4B_length"' in body
    assert 'function_to_apply="none"' in body


def test_a_cards_own_quick_start_with_sub_sections_reads_back_as_its_own(tmp_path):
    """Zyphra/Zamba2-2.7B-instruct's own "## Quick start" over "### Prerequisites" and "### Inference", rendered first
    in the card's usage block, was read back as the generated Quick start, its sub-sections left as sections of their
    own: the second render lost its heading. It reads back as the card's section, and the card is a fixed point."""
    text = shape("own_quick_start_with_subsections")
    got = import_card(tmp_path, text)
    first = render(load_records(rerender_records(tmp_path, got.data))).text
    card = tmp_path / "rendered.md"
    card.write_text(first, encoding="utf-8")
    again = ingest(sources=[card], repo_id="org/model").data
    assert [s["title"] for s in again["sections"]][:2] == ["Quick start", "Performance"]
    assert render(load_records(rerender_records(tmp_path / "again", again))).text == first


def rerender_records(folder, data):
    from generator.io.yamlio import dump

    folder.mkdir(exist_ok=True)
    (folder / "records.yaml").write_text(dump(data), encoding="utf-8")
    return folder / "records.yaml"


def test_an_adapter_of_flan_t5_gets_no_causal_lm_quick_start(tmp_path):
    """PEFT 0.8's card of an adapter of google/flan-t5-base (mnenadoeloo/t5-base-chatbot), no pipeline_tag: the
    generated Quick start loaded T5 with AutoModelForCausalLM, which cannot; the card names no task, so none."""
    got = import_card(tmp_path, shape("peft_adapter_of_flan_t5"))
    _, body = rerender(tmp_path, got.data)
    assert "CausalLM" not in body and "## Quick start" not in body
    assert "- PEFT 0.8.2" in body


def test_an_axolotl_config_a_card_shows_without_the_trainers_lists_stays_as_shown(tmp_path):
    """pszemraj/Llama-3-6.3b-v0.1 shows its axolotl config but not the Trainer's hyperparameter list: the config made a
    "Training procedure" with a list the card never had, and its base_model (the pruned copy trained) was said to
    disagree with the metadata's (the original the author links). The config stays as shown, once, and the metadata's
    base model is the card's, with no warning."""
    text = shape("axolotl_config_card_without_trainer_lists")
    got = import_card(tmp_path, text)
    assert got.data["model"]["base_model"] == "meta-llama/Meta-Llama-3-8B"
    assert "hyperparameters" not in got.data.get("training", {})
    assert not [w for w in got.warnings if w.code in ("conflicting-values", "unkept-settings")]
    _, body = rerender(tmp_path, got.data)
    assert "Training procedure" not in body and "### Training hyperparameters" not in body
    config = text[text.index("```yaml"):text.index("</details>")]
    assert body.count(config) == 1 and body.count("base_model: pszemraj/llama-3-prune_8") == 1


def test_a_card_titled_with_axolotls_output_dir_is_titled_as_its_run(tmp_path):
    """axolotl titles the card of a run pushed nowhere with its output_dir (`# workspace/lora/axolotl-output/
    ner_tiny_r8`, a FinLoRA card); the run's folder gives the title `ner_tiny_r8`, and so does the card imported."""
    from pathlib import Path

    readme = Path(__file__).parent / "trainer_shapes" / "axolotl_output_dir_title_0.9" / "README.md"
    got = import_card(tmp_path, readme.read_text(encoding="utf-8"))
    _, body = rerender(tmp_path, got.data)
    assert "\n# ner_tiny_r8\n" in body and "# workspace/" not in body
    again = import_card(tmp_path, body)
    assert rerender(tmp_path, again.data)[1] == body


def test_gguf_my_repo_use_with_llama_cpp_is_its_quick_start(tmp_path):
    """GGUF-my-repo's card (Wusul/granite-20b-code-instruct-Q5_K_M-GGUF) shows llama.cpp under `## Use with
    llama.cpp`: no generated Quick start after it (a transformers pipeline, from its copied `library_name`)."""
    got = import_card(tmp_path, shape("gguf_my_repo_use_with_llama_cpp"))
    _, body = rerender(tmp_path, got.data)
    assert "## Quick start" not in body and "from transformers import pipeline" not in body
    assert body.count("## Use with llama.cpp") == 1 and "llama-server --hf-repo" in body


def test_a_usage_heading_without_code_leaves_the_generated_quick_start():
    """huggingface_hub's template's "How to Get Started with the Model", left as its placeholder, shows no code."""
    placeholder = [{"title": "How to Get Started with the Model",
                    "content": "Use the code below to get started with the model.\n\n[More Information Needed]"}]
    assert not shows_usage({}, placeholder)
    filled = [{"title": "Model description", "content": "Text.\n\n### How to use\n\n```python\nload()\n```"}]
    assert shows_usage({}, filled)
    # code under a later section of the same level is that section's, not the usage heading's
    later = [{"title": "Model description", "content": "Text.\n\n### Usage\n\nSee below.\n\n### Data\n\n```\nx\n```"}]
    assert not shows_usage({}, later)
    # nor is a heading inside a fence one
    fenced = [{"title": "Prompt", "content": "```\n# Usage\n```\n\n```\ncode\n```"}]
    assert not shows_usage({}, fenced)


def test_gguf_my_repo_and_mlx_repos_get_no_transformers_quick_start():
    """GGUF-my-repo keeps the original's `library_name: transformers` and tags its repo `gguf-my-repo`, `llama-cpp`
    (Wusul/granite-20b-code-instruct-Q5_K_M-GGUF); mlx-lm's conversions keep it too and are tagged `mlx`
    (mlx-community/granite-34b-code-base-8bit, mlx-community/Pearl-7B): transformers' pipeline loads neither."""
    from generator.card.usage import quick_start

    gguf = quick_start("Wusul/granite-20b-code-instruct-Q5_K_M", "text-generation", "transformers", None, (),
                       ["code", "llama-cpp", "gguf-my-repo"])
    assert gguf.startswith("Run it with [llama.cpp]") and "llama-cli -hf Wusul/granite" in gguf
    assert quick_start("mlx-community/granite-34b-code-base-8bit", "text-generation", "transformers", None, (),
                       ["code", "granite", "mlx"]) == ""
    assert quick_start("org/m", "text-generation", "mlx", None, ()) == ""
    assert "pipeline(" in quick_start("org/m", "text-generation", "transformers", None, (), ["code"])


def test_a_persons_training_heading_over_the_lists_is_their_heading(tmp_path):
    """AndyChiang/cdgp-csg-bert-dgen's "## Training" (its text) over "### Training hyperparameters", read as data:
    written back as the card has them, not with a generated "## Training procedure" between the two."""
    got = import_card(tmp_path, shape("person_training_heading_over_hyperparameters"))
    training = got.data["training"]
    assert training["heading"] == "Training"
    assert training["description"].startswith("We use a special way to fine-tune model")
    _, body = rerender(tmp_path, got.data)
    assert "Training procedure" not in body
    assert body.index("## Training\n") < body.index("Answer-Relating") < body.index("### Training hyperparameters") \
        < body.index("## Testing")


def test_the_trainers_list_under_a_renamed_heading_keeps_that_heading(tmp_path):
    """fgaim/tiroberta-sentiment (transformers 4.10, 2021): the Trainer's list and intro line under its author's
    `### Hyperparameters`, read as data, came back as `### Training hyperparameters`; its author's `### Results` holds
    the Trainer's final results, which stay text there (read as data too, they were written twice)."""
    text = shape("trainer_hyperparameters_renamed")
    got = import_card(tmp_path, text)
    training = got.data["training"]
    assert training["hyperparameters_heading"] == "Hyperparameters" and training["hyperparameters"]["seed"] == 42
    assert "eval_results" not in training
    _, body = rerender(tmp_path, got.data)
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert [h for h in headings if h != "## Model details"] == [line for line in text.splitlines() if line.startswith("#")]
    assert body.count("It achieves the following results on the evaluation set:") == 1
    assert body.index("### Results") < body.index("- Loss: 0.6796") < body.index("### Framework versions")
    plain = import_card(tmp_path, text.replace("### Hyperparameters", "### Training hyperparameters"))
    assert "hyperparameters_heading" not in plain.data["training"]


def test_the_trainers_headings_keep_their_authors_case(tmp_path):
    """MBZUAI/LaMini-Flan-T5-248M's "## Training Procedure" / "### Training Hyperparameters" over the Trainer's list
    came back as "Training procedure" / "Training hyperparameters"; as written, on the first import and the second."""
    text = ("---\nlicense: cc-by-nc-4.0\n---\n# M\n\nText.\n\n## Training Procedure\n\nWe fine-tune it.\n\n"
            "### Training Hyperparameters\n\nThe following hyperparameters were used during training:\n- seed: 42\n")
    got = import_card(tmp_path, text)
    assert (got.data["training"]["heading"], got.data["training"]["hyperparameters_heading"]) == \
        ("Training Procedure", "Training Hyperparameters")
    _, body = rerender(tmp_path, got.data)
    assert "## Training Procedure\n\nWe fine-tune it.\n\n### Training Hyperparameters\n" in body
    again = import_card(tmp_path, body)
    assert {k: again.data["training"][k] for k in ("heading", "hyperparameters_heading")} == \
        {k: got.data["training"][k] for k in ("heading", "hyperparameters_heading")}


def test_a_title_with_underscores_inside_words_is_the_title(tmp_path):
    """SetFit/deberta-v3-large__sst2__train-16-0 (transformers 4.15): `__` inside a word is no emphasis, so the
    Trainer's `#` heading is the card's title; taken for markup, it was not, and the results list under it was
    written a second time below the training results."""
    text = shape("trainer_title_with_double_underscores")
    got = import_card(tmp_path, text)
    assert got.data["model"]["name"] == "deberta-v3-large__sst2__train-16-0"
    _, body = rerender(tmp_path, got.data)
    assert body.count("It achieves the following results on the evaluation set:") == 1
    assert "-->\n# deberta-v3-large__sst2__train-16-0\n\nThis model is" in body
    for markup in ("# __init__ and more", "# A **bold** name"):  # emphasis a browser shows: markdown in the text
        model = import_card(tmp_path, text.replace("# deberta-v3-large__sst2__train-16-0", markup)).data["model"]
        assert model["name"] is False and model["summary"].startswith(markup + "\n")


QUANTIZED = [  # (card shape, its Hub repo, the Quick start the imported card gets: "" none)
    ("thebloke_gguf_llama2_how_to_run", "TheBloke/Llama-2-7B-GGUF", ""),  # its "Example `llama.cpp` command"
    ("hugging_quants_awq_model_usage", "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4", ""),  # "Model Usage"
    ("bartowski_exl2_branches", "bartowski/Qwen2.5-14B-Instruct-1M-exl2", ""),  # no library: no known way to run it
    ("quantfactory_gguf_original_card_usage", "QuantFactory/Meta-Llama-3-8B-Instruct-GGUF", "llama-cli -hf"),
    ("mradermacher_static_quants", "mradermacher/Llama-3.2-3B-Instruct-uncensored-GGUF", "llama-cli -hf"),
    ("bartowski_gguf_imatrix", "bartowski/gemma-2-2b-it-GGUF", "llama-cli -hf"),
]


@pytest.mark.parametrize("name, repo_id, runs", QUANTIZED)
def test_a_quantized_copy_gets_the_quick_start_its_card_lacks(tmp_path, name, repo_id, runs):
    """Quantized re-uploads, imported with their repo id: one that shows in code how to run its files (TheBloke's
    "How to run from Python code", hugging-quants' "Model Usage") gets no second Quick start; a GGUF one that shows
    none (bartowski's download commands, mradermacher's links, QuantFactory's Original Model Card, whose code runs the
    original with transformers) gets llama.cpp's, after the card's header; none for EXL2 branches. The repo id decides:
    imported before the id was known, TheBloke's card got llama.cpp's as well as its own."""
    text = shape(name)
    got = import_card(tmp_path, text, repo_id)
    _, body = rerender(tmp_path, got.data)
    if runs:
        assert "usage" not in got.data["model"] and body.count("## Quick start") == 1
        assert f"{runs} {repo_id}" in body.split("## Quick start", 1)[1].split("\n#", 1)[0]
    else:
        assert "## Quick start" not in body
    original = body.find("# Original Model Card")
    assert original < 0 or body.index("## Quick start") < original < body.index("### Use with transformers")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        line for line in body.splitlines() if line.startswith("## ") and line not in ("## Quick start", "## Model details")]


def test_own_usage_headings():
    """The headings a card shows its own way to run the model under, as real cards word them."""
    for title in ("Usage", "2. Usage", "🚀 Quick Start - pip", "Model Usage", "How to run from Python code",
                  "Example `llama.cpp` command", "Inference code", "Running the model on a single GPU", "**Usage**"):
        assert shows_usage({}, [{"title": title, "level": 2, "content": "```python\nrun()\n```"}]), title
    for title in ("Prompt format", "Downloading using huggingface-cli", "Provided files"):
        assert not shows_usage({}, [{"title": title, "level": 2, "content": "```\nx\n```"}]), title
    # a quantized copy's original card runs the original model: its code does not count
    original = [{"title": "Original Model Card", "level": 1, "content": "## How to use\n\n```python\nrun()\n```"}]
    assert not shows_usage({}, original)


@pytest.mark.parametrize("name, heading", [
    ("leolm_use_in_transformers", "## Use in 🤗Transformers"),
    ("amberchat_loading_heading", "# Loading AmberChat"),
])
def test_a_cards_code_under_a_heading_of_its_own_words_gets_no_generated_quick_start(tmp_path, name, heading):
    """Real cards (card_shapes/ORIGINS.txt) that show how to run the model under a heading in their own words
    ("Use in 🤗Transformers", "Loading AmberChat"): imported, rendered back, they got a generated Quick start above
    their own pipeline / from_pretrained code, the model's loading said twice."""
    got = import_card(tmp_path, shape(name))
    _, body = rerender(tmp_path, got.data)
    assert "## Quick start" not in body
    assert body.count(heading) == 1
    for title in ("Transformers usage", "用法 (Usage)", "Load model", "Implementation Code", "Example of usage",
                  "Sentence Transformers", "Getting started", "Examples"):
        assert shows_usage({}, [{"title": title, "level": 2, "content": "```python\nrun()\n```"}]), title
    for title in ("Example Prompt Exchange", "GPU memory usage", "Downloading the model", "Loading the dataset"):
        assert not shows_usage({}, [{"title": title, "level": 2, "content": "```\nx\n```"}]), title


def test_a_cards_own_model_details_gets_no_second_generated_one(tmp_path):
    """PEFT's card (huggingface_hub's template, orYx-models/Mistral-7b-Lora-Medical-ChatSupport) has its own
    "## Model Details": the metadata's facts are not listed again under a generated "## Model details" above it
    (model.facts: false); they stay in the metadata. A card without one keeps the generated list."""
    got = import_card(tmp_path, shape("peft_template_model_details"))
    assert got.data["model"]["facts"] is False
    meta, body = rerender(tmp_path, got.data)
    assert meta["license"] == "apache-2.0" and meta["base_model"] == "TheBloke/Mistral-7B-Instruct-v0.2-GPTQ"
    assert body.lower().count("## model details") == 1 and "## Model Details" in body
    assert "- **License:** apache-2.0" not in body
    plain = import_card(tmp_path, "---\nlicense: mit\n---\n# M\n\n## Usage notes\n\nText.\n")
    assert "facts" not in plain.data["model"]
    assert "- **License:** mit" in rerender(tmp_path, plain.data)[1]


def test_a_cards_own_evaluation_section_gets_no_second_results_table(tmp_path):
    """SetFit's card (serdarcaglar/primary-school-math-question) shows its accuracy under its own "## Evaluation" /
    "### Metrics": the model-index result is not listed again in a generated "## Evaluation" table
    (evaluations[].table: false); it stays in the model-index."""
    got = import_card(tmp_path, shape("setfit_own_evaluation_metrics"))
    [evaluation] = got.data["evaluations"]
    assert evaluation["table"] is False
    meta, body = rerender(tmp_path, got.data)
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 1.0
    assert body.count("## Evaluation") == 1 and "### Metrics" in body and "| Unknown" not in body
    plain = import_card(tmp_path, shape("setfit_own_evaluation_metrics").replace("## Evaluation\n", "## Scores\n"))
    assert "table" not in plain.data["evaluations"][0]
    assert "| Unknown" in rerender(tmp_path, plain.data)[1]


def test_trls_framework_versions_name_the_library_and_keep_trls_colon(tmp_path):
    """TRL writes `- TRL: 1.6.0` (the Hub card of Jhoan12/math-ocr-normalizer-qwen2.5-0.5b-lora-v1, TRL 1.6.0): the
    library is TRL, not `TRL:` as the importer recorded it (so a TRL version did not count as TRL's, and merged
    with a run folder's TRL it was listed twice); the colon is kept as the card's style, PEFT's line as PEFT adds it,
    and a list mixing the two styles otherwise stays as written."""
    text = (SHAPES.parent / "trainer_shapes" / "trl_1.6_trackio_readme_only" / "README.md").read_text(encoding="utf-8")
    got = import_card(tmp_path, text)
    assert got.data["training"]["framework_versions"] == {
        "TRL": "1.6.0", "Transformers": "4.57.6", "Pytorch": "2.5.1+cu124", "Datasets": "5.0.0", "Tokenizers": "0.22.2"}
    _, body = rerender(tmp_path, got.data)
    assert "### Framework versions\n\n- TRL: 1.6.0\n- Transformers: 4.57.6\n- Pytorch: 2.5.1+cu124\n" in body
    # PEFT adds its line to TRL's list as PEFT writes it (a TRL 0.23 card of an adapter: `- PEFT 0.17.1` first)
    adapter = import_card(tmp_path, text.replace("- TRL: 1.6.0", "- PEFT 0.17.1\n- TRL: 1.6.0"))
    assert list(adapter.data["training"]["framework_versions"])[:2] == ["PEFT", "TRL"]
    _, body = rerender(tmp_path, adapter.data)
    assert "### Framework versions\n\n- PEFT 0.17.1\n- TRL: 1.6.0\n- Transformers: 4.57.6\n" in body
    mixed = import_card(tmp_path, text.replace("- Datasets: 5.0.0", "- Datasets 5.0.0"))
    assert "framework_versions" not in mixed.data.get("training", {})
    _, body = rerender(tmp_path, mixed.data)
    assert "- TRL: 1.6.0\n- Transformers: 4.57.6\n- Pytorch: 2.5.1+cu124\n- Datasets 5.0.0\n" in body


def test_trl_quick_start_of_no_model_in_a_real_card_gets_the_repos(tmp_path):
    """TRL 0.27.1 with transformers 5.3's card of an Unsloth SFT adapter pushed without hub_model_id (model="None"):
    the generated Quick start, loading the repo onto its base, in its place."""
    got = import_card(tmp_path, shape("trl_0.27_unsloth_model_none"), "acme/qwen3-sft")
    _, body = rerender(tmp_path, got.data)
    assert 'model="None"' not in body and body.count("## Quick start") == 1
    assert 'PeftModel.from_pretrained(base_model, "acme/qwen3-sft")' in body
    assert body.index("## Quick start") < body.index("## Training procedure")


def test_trainer_scores_are_shown_once(tmp_path):
    """transformers 4.15's card (albert-base-v2-finetuned-wnli): its model-index accuracy is the "It achieves the
    following results" list's; a generated Evaluation table listed it a second time."""
    got = import_card(tmp_path, shape("trainer_4.15_glue_wnli_scores"))
    [evaluation] = got.data["evaluations"]
    assert evaluation["table"] is False
    meta, body = rerender(tmp_path, got.data)
    assert "## Evaluation" not in body and body.count("0.5634") == 4  # the list's and the training table's three
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 0.5633802816901409


def test_trainer_scores_the_list_does_not_give_are_still_tabled(tmp_path):
    """A model-index metric the "It achieves" list does not give (or gives as another number) keeps its table: the
    robust speech event's cards (DrishtiSharma/wav2vec2-large-xls-r-300m-sl-with-LM-v1) list the eval set's Wer 0.2279
    over a model-index of test and dev sets."""
    got = import_card(tmp_path, shape("trainer_4.17_xlsr_event_other_sets"))
    assert [e.get("table") for e in got.data["evaluations"]] == [None, None, None]
    text = shape("trainer_4.17_ner_four_scores")
    got = import_card(tmp_path, text)
    assert got.data["evaluations"][0]["table"] is False  # all four listed, rounded to 4 decimals
    got = import_card(tmp_path, text.replace("- Recall: 0.1589", "- Recall: 0.1590"))
    assert "table" not in got.data["evaluations"][0]
    _, body = rerender(tmp_path, got.data)
    assert "## Evaluation" in body


def test_number_tags_are_kept_as_the_text_written(tmp_path):
    """Hand-written (card_shapes/number_tags.md): `- 2024` is a number in YAML; left out as no string, the tag was
    lost. It is kept as the text the card wrote, written back quoted, with a warning."""
    got = import_card(tmp_path, shape("number_tags"))
    assert got.data["model"]["tags"] == ["2024", "summarization", "1.5"]
    assert [(w.code, w.path) for w in got.warnings] == [("not-a-string", "tags[0]"), ("not-a-string", "tags[2]")]
    meta, _ = rerender(tmp_path, got.data)
    assert meta["tags"] == ["2024", "summarization", "1.5"]


def test_an_unfilled_peft_template_keeps_its_facts_in_the_metadata_alone(tmp_path):
    """PEFT 0.10's card (trainer_shapes/peft_template_card_0.10): huggingface_hub's template left unfilled, its
    "## Model Details" with "[More Information Needed]" for every fact. facts: false holds: the base model is in the
    metadata the Hub shows beside the card, and a generated list would be a second "Model details" over the template's
    (its own "Finetuned from model" line says nothing either way)."""
    from test_card_import import ROOT

    text = (ROOT / "tests" / "trainer_shapes" / "peft_template_card_0.10" / "README.md").read_text()
    got = import_card(tmp_path, text)
    assert got.data["model"]["facts"] is False and got.data["model"]["base_model"] == "google/gemma-2b"
    meta, body = rerender(tmp_path, got.data)
    assert meta["base_model"] == "google/gemma-2b"
    assert [line for line in body.splitlines() if line.lower() == "## model details"] == ["## Model Details"]


def test_trls_link_to_a_base_model_of_none_is_told(tmp_path):
    """TRL 1.8's card of a run whose base model was a local folder (read_file 57939832555, card_shapes/ORIGINS.txt)
    says "a fine-tuned version of [None](https://huggingface.co/None)": kept as written, with a warning."""
    text = shape("trl_0.19_grpo_wandb_peft").replace(
        "[allenai/Olmo-3-7B-Instruct-SFT](https://huggingface.co/allenai/Olmo-3-7B-Instruct-SFT).",
        "[None](https://huggingface.co/None).")
    got = import_card(tmp_path, text)
    assert [w.path for w in got.warnings if w.code == "placeholder-value"] == \
        ["licence", "model.summary", "Quick start section"]
    _, body = rerender(tmp_path, got.data)
    assert "a fine-tuned version of [None](https://huggingface.co/None)." in body


@pytest.mark.parametrize("name, facts", [("st5_sparse_encoder_splade_person", False),
                                         ("unsloth_blank_lines_after_open", ["language"])])
def test_a_cards_own_license_fact_is_not_listed_again(tmp_path, name, facts):
    """A card listing its license as a fact of its own (telepix/PIXIE-Splade-v1.0's "## Model Description", Unsloth's
    "# Uploaded  model" list) got a generated "## Model details" saying the license (and languages, base model) again.
    What its list does not state is listed: Unsloth's card names no language, and its metadata's `en` was said nowhere
    in its body (PIXIE's list states its languages too: nothing is listed)."""
    got = import_card(tmp_path, shape(name))
    assert got.data["model"]["facts"] == facts
    _, body = rerender(tmp_path, got.data)
    assert body.count("**License:** apache-2.0") == 1 and "\n- **Base model:**" not in body
    if facts:
        details = body.split("## Model details\n", 1)[1].split("<!--", 1)[0].strip()
        assert details == "- **Language(s):** en"
    else:
        assert "## Model details" not in body
    # huggingface_hub's template labels them so (Minej/bert-base-personality): stated, not listed again
    template = shape(name).replace("- **License:**", "- **Language(s) (NLP):** English\n- **License:**", 1)
    assert import_card(tmp_path, template).data["model"]["facts"] is False
    from generator.sources.card_once import stated_facts  # aaditya/Llama3-OpenBioLLM-8B's words for its base model

    assert stated_facts(["- **Fine-tuned from models:** [meta-llama/Meta-Llama-3-8B](meta-llama/Meta-Llama-3-8B)",
                         "- **Finetuned from model [optional]:** x"]) == {"base_model"}
    card = tmp_path / "rendered.md"  # a card rendered so reads back to the facts it lists
    card.write_text(render(load_records(tmp_path / "records.yaml")).text, encoding="utf-8")
    assert ingest(sources=[card], repo_id="org/model").data["model"].get("facts", True) == facts


@pytest.mark.parametrize("name, title", [
    ("diffusers_dreambooth_lora_note", "LoRA DreamBooth - abdd68/output"),
    ("diffusers_sdxl_lora_gallery", "SDXL LoRA DreamBooth - nworb-ucsb/claymore_LoRA"),
])
def test_diffusers_note_above_the_title_is_left_out_as_transformers_is(tmp_path, name, title):
    """diffusers' training scripts write transformers' note, of "the training script": it was kept above the title,
    the title then text under it (model.name false); it is left out with the trainer-note warning, the title the card's."""
    got = import_card(tmp_path, shape(name))
    assert [w.code for w in got.warnings if w.code == "trainer-note"] == ["trainer-note"]
    assert got.data["model"]["name"] == title
    _, body = rerender(tmp_path, got.data)
    assert "proofread" not in body and f"\n# {title}\n" in body


def test_a_cards_own_model_details_first_stay_before_the_quick_start(tmp_path):
    """Gayaz2000/Unsloth-DPOTrainer's README (trainer_shapes/ORIGINS.txt): PEFT's card, huggingface_hub's template with
    its "Model Details" list filled in by its author, was written inside the generated Quick start's block, after its
    code; it is the card's own description of the model, where the generated "Model details" stands, before usage."""
    import shutil

    from generator import build_card

    run = tmp_path / "run"
    shutil.copytree(SHAPES.parent / "trainer_shapes" / "peft_template_filled_details_0.15", run)
    card = build_card(trainer_dir=run, repo_id="me/dpo", output=tmp_path / "c.md").text
    details, uses = card.index("<!-- modelcard-generator:begin details"), card.index("<!-- modelcard-generator:begin uses")
    assert details < card.index("## Model Details") < card.index("- **Developed by:** [Gayaz Shaik]") < uses
    assert card.index("- **Model type:** [Llama3.2:1b]") < uses < card.index("## Quick start")
    got = import_card(tmp_path, (run / "README.md").read_text(encoding="utf-8"))  # a card published so, too
    assert [(s["title"], s["position"]) for s in got.data["sections"][:2]] == [("Model Details", "details"),
                                                                               ("Uses", "uses")]
    _, body = rerender(tmp_path, got.data)  # and read back: the card's section, not the generated list
    again = import_card(tmp_path, body)
    assert [(s["title"], s["position"]) for s in again.data["sections"][:2]] == [("Model Details", "details"),
                                                                                 ("Uses", "uses")]
    assert "links" not in again.data["model"] and "details" not in again.data["model"]
