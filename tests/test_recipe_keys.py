"""Every key a recipe states reaches the records or a warning (sources/recipe_keys.py and Recipe's check of what its
reader left unread): a setting the tool knows that records have no field for, or a key unknown to the tool.

The shapes are files we wrote (tests/recipe_shapes/, each named in its ORIGINS.txt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sources import recipe_axolotl, recipe_llamafactory, recipe_trl
from generator.sources.readers import read_source
from generator.sources.recipe_keys import tool_keys

SHAPES = Path(__file__).resolve().parent / "recipe_shapes"


def _named(got, code: str) -> list[str]:
    """The keys the warning of ``code`` lists, in the file's order."""
    said = [w.message for w in got.warnings if w.code == code]
    if not said:
        return []
    listed = said[0].split("not kept: ", 1)[1] if code == "unkept-settings" else said[0]
    return listed.split(" (known to ")[0].split(" is unknown")[0].split(" are unknown")[0].split(", ")


@pytest.mark.parametrize("tool, tables", [
    ("trl", (recipe_trl.NUMBERS, recipe_trl.INTEGERS, recipe_trl.TEXTS, recipe_trl.SFT_KEYS, recipe_trl.GKD_KEYS)),
    ("axolotl", (recipe_axolotl.NUMBERS, recipe_axolotl.INTEGERS, recipe_axolotl.TEXTS, recipe_axolotl.UNKEPT)),
    ("llama-factory", (recipe_llamafactory.NUMBERS, recipe_llamafactory.INTEGERS, recipe_llamafactory.UNKEPT)),
])
def test_every_key_a_reader_reads_is_in_its_tools_key_list(tool, tables):
    missing = sorted(key for table in tables for key in table if key not in tool_keys(tool))
    # kto_ftx: LLaMA-Factory's between 0.7.1 and 0.8.0 only (May 17-26 2024, in no release); qalora_group_size: in
    # none of the axolotl releases the list is built from (the reader keeps it for configs that set it); TRL's
    # num_processes is accelerate launch's, read for the world size
    assert missing == {"trl": [], "axolotl": ["qalora_group_size"], "llama-factory": ["kto_ftx"]}[tool]


def test_the_key_lists_hold_each_tools_and_scripts_own_fields():
    assert {"dataset_mixer", "reward_funcs", "dataset_mixer_list", "per_device_train_batch_size", "use_peft",
            "logging_steps", "max_prompt_length"} <= tool_keys("trl")
    assert {"sequence_len", "sample_packing", "dataset_prepared_path", "val_set_size"} <= tool_keys("axolotl")
    assert {"finetuning_type", "template", "cutoff_len", "lora_target", "plot_loss"} <= tool_keys("llama-factory")


def test_accelerate_launchs_arguments_trls_cli_passes_it_are_known_launch_settings():
    # TRL's CLI (0.18+) hands the recipe's keys no config class has to `accelerate launch`
    got = read_source(SHAPES / "trl-1.x-cli-sft-accelerate-launch-args.yaml")
    assert _named(got, "unkept-settings") == ["num_machines", "main_process_port", "gpu_ids"]
    assert "accelerate launch" in next(w.message for w in got.warnings if w.code == "unkept-settings")
    assert not [w for w in got.warnings if w.code == "unknown-setting"]
    assert got.data["training"]["hyperparameters"]["num_devices"] == 4


def test_settings_the_tool_knows_and_keys_unknown_to_it_are_named_apart():
    got = read_source(SHAPES / "alignment-handbook-fork-2024-dummy-placeholders.yaml")
    assert _named(got, "unkept-settings") == ["torch_dtype"]  # output_dir: dummy is the launcher's
    assert _named(got, "unknown-setting") == ["objective_type"]
    unknown = next(w for w in got.warnings if w.code == "unknown-setting")
    assert unknown.path == "$.objective_type" and "a fork's or a script's own setting, or a misspelling" in \
        unknown.message


def test_a_grpo_recipes_passed_through_trl_settings_plugins_and_epochs_beside_max_steps_are_named():
    got = read_source(SHAPES / "axolotl-0.18-grpo.yaml")
    kept = [w.message.split("not kept: ", 1)[1] for w in got.warnings if w.code == "not-kept"]
    assert got.data["model"]["dataset_details"] == {"acme/math-prompts": "split train[:500]"}
    assert kept[0] == ("plugins [axolotl.integrations.liger.LigerPlugin] (axolotl plugins the run loaded: kernels, the "
                       "loss's computation or integrations); trl: use_vllm true, reward_weights [1.0, 0.2] (TRL "
                       "settings axolotl passes to its trainer)")
    assert [(w.path, w.code) for w in got.warnings if w.code == "not-used"] == [("$.num_epochs", "not-used")]
    assert _named(got, "unkept-settings") == ["liger_rms_norm", "output_dir"]
    assert got.data["training"]["hyperparameters"]["training_steps"] == 100


def test_a_freeze_setting_in_a_lora_run_is_named_not_used(write):
    got = read_source(write("r.yaml", "stage: sft\nmodel_name_or_path: a/b\nfinetuning_type: lora\n"
                                      "freeze_trainable_layers: 2\n"))
    assert [(w.path, w.code) for w in got.warnings if w.code == "not-used"] == [("$.freeze_trainable_layers",
                                                                                 "not-used")]
    assert "but finetuning_type is lora: LLaMA-Factory uses it in a freeze run only" in \
        next(w.message for w in got.warnings if w.code == "not-used")


def test_dora_without_use_peft_is_named_not_used(write):
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-6\nbeta: 0.1\nuse_dora: true\n"))
    assert [(w.path, w.code) for w in got.warnings if w.code in ("not-used", "unkept-settings", "unknown-setting")] \
        == [("$.use_dora", "not-used")]


def test_a_v1_freeze_run_and_its_quantization_outside_lora_are_named(write):
    got = read_source(write("v1.yaml", "model: a/b\ntrain_dataset: acme/chat\nmicro_batch_size: 1\n"
                                       "peft_config:\n  name: freeze\n  freeze_trainable_layers: 2\n"
                                       "quant_config:\n  name: bnb\n  quantization_bit: 4\n"))
    kept = [w.message.split("not kept: ", 1)[1] for w in got.warnings if w.code == "not-kept"]
    assert kept == ["peft_config {name: freeze, freeze_trainable_layers: 2} (only some layers trained); quant_config "
                    "{name: bnb, quantization_bit: 4} (the base model loaded quantized)"]
    assert "library_name" not in got.data.get("model", {})


def test_an_oft_runs_quantization_is_named_with_its_settings(write):
    got = read_source(write("r.yaml", "stage: sft\nmodel_name_or_path: a/b\nfinetuning_type: oft\noft_rank: 8\n"
                                      "quantization_bit: 4\n"))
    kept = [w.message.split("not kept: ", 1)[1] for w in got.warnings if w.code == "not-kept"]
    assert kept == ["finetuning_type oft (a PEFT adapter other than LoRA, whose settings records keep LoRA's only: "
                    "oft_rank 8, quantization_bit 4)"]


def test_open_instructs_use_qlora_without_use_lora_is_named_not_used(write):
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-4\nuse_qlora: true\n"
                                      "dataset_mixer_list: [acme/chat, 1.0]\n"))
    assert [(w.path, w.code) for w in got.warnings if w.code == "not-used"] == [("$.use_qlora", "not-used")]


def test_a_v1_optimizers_own_settings_are_named(write):
    got = read_source(write("v1.yaml", "model: a/b\ntrain_dataset: acme/chat\nmicro_batch_size: 1\n"
                                       "optim_config:\n  name: muon\n  momentum: 0.95\n  ns_steps: 5\n"))
    assert got.data["training"]["hyperparameters"]["optimizer"] == "muon"
    kept = [w.message.split("not kept: ", 1)[1] for w in got.warnings if w.code == "not-kept"]
    assert kept == ["optim_config momentum 0.95, ns_steps 5 (the optimizer's own settings)"]


def test_the_warnings_say_a_key_is_known_to_some_release_and_unknown_to_every_one(write):
    """The key lists are unions over releases: axolotl's qat is in its schema from 0.10 on only, so a known key is
    known to at least one release, and an unknown key to none (the wording said "known to axolotl 0.3 to 0.18")."""
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\noutput_dir: out\nmy_own_knob: 3\n"))
    said = {w.code: w.message for w in got.warnings}
    assert "output_dir (known to axolotl's config schema and the options its code reads in at least one release of " \
           "axolotl 0.1 to 0.18: " in said["unkept-settings"]
    assert said["unknown-setting"].startswith("my_own_knob is unknown to axolotl's config schema and the options its "
                                              "code reads in every release of axolotl 0.1 to 0.18 (")


def test_axolotl_0_2_gptq_keys_are_axolotls_own(write):
    """axolotl 0.1-0.2 read gptq_groupsize and gptq_model_v1 to load a GPTQ checkpoint (alpaca_lora_4bit), and refused
    load_4bit, gptq's name before 0.1: all three were called unknown to axolotl, as the key lists started at 0.3."""
    got = read_source(SHAPES / "axolotl-0.2-gptq-lora.yml")
    assert not [w for w in got.warnings if w.code == "unknown-setting"]
    said = [w.message for w in got.warnings if w.code == "not-kept"]
    assert said and "gptq true (the base model loaded GPTQ-quantized); gptq_groupsize 128 (the GPTQ checkpoint's " \
                     "quantization group size, axolotl 0.1 to 0.2)" in said[0]
    # its `gptq_model_v1: false` went unsaid, as false flags are the tool's default: this one's default was true (v1)
    assert "gptq_model_v1 false (the GPTQ checkpoint of GPTQ-for-LLaMa's later format, not v1, which axolotl 0.1 to " \
           "0.2 assumed when not given)" in said[0]
    text = (SHAPES / "axolotl-0.2-gptq-lora.yml").read_text()
    assert "gptq_model_v1" not in "".join(w.message for w in read_source(write(
        "v1.yml", text.replace("gptq_model_v1: false", "gptq_model_v1: true"))).warnings)  # the default, unsaid
    assert "gptq_model_v1" not in "".join(w.message for w in read_source(write(
        "no-gptq.yml", text.replace("gptq: true", "gptq: false"))).warnings)  # no GPTQ checkpoint loaded: unused
    older = read_source(write("older.yml", text.replace("gptq: true", "load_4bit: true")))
    assert not [w for w in older.warnings if w.code == "unknown-setting"]
    said = [w.message for w in older.warnings if w.code == "not-kept"]
    assert said and "load_4bit true (the base model loaded GPTQ-quantized: gptq's name before axolotl 0.1, refused " \
                     "since)" in said[0]
