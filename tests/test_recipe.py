"""Training recipes as a source: detection, the records each tool's shape gives, precedence against what ran, run
folders holding a recipe, and the configs beside recipes (a recipe's values one by one: test_recipe_fields.py).

The shapes are files we wrote (tests/recipe_shapes/, each named in its ORIGINS.txt); tests/fixtures/recipe_runs/ holds
the real output of ``trl sft --config recipe_shapes/trl-1.16-sft-cli-lora.yaml`` with TRL 1.16.0 and 0.19.1
(tests/fixtures/make_recipe_run.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import build_card, ingest
from generator.errors import InputError
from generator.sources.readers import detect_format, read_source
from generator.sources.recipe import recipe_kind, run_recipe
from generator.sources.recipe_eval_sets import trl_eval_set
from generator.sources.training_args import read_training_args

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "recipe_shapes"
RUNS = sorted((HERE / "fixtures" / "recipe_runs").iterdir())
RUN = HERE / "fixtures" / "recipe_runs" / "trl-1.16.0-sft"
RUN_RECIPE = SHAPES / "trl-1.16-sft-cli-lora.yaml"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def read(name: str):
    got = read_source(SHAPES / name)
    assert got.format == "recipe"
    return got.data.get("model", {}), got.data.get("training", {}), got.warnings


def unkept(warnings) -> list[str]:
    """The keys the `unkept-settings` warning names (settings the tool knows that records have no field for)."""
    return [key for w in warnings if w.code == "unkept-settings"
            for key in w.message.split("not kept: ", 1)[1].split(" (known to ")[0].split(", ")]

# ---------------------------------------------------------------------------- the shape files themselves


def test_every_shape_file_is_named_in_origins():
    named = {line.split(" — ")[0] for line in (SHAPES / "ORIGINS.txt").read_text().splitlines()
             if line and not line.startswith("#")}
    assert named == {p.name for p in SHAPES.iterdir() if p.name != "ORIGINS.txt"}


# ---------------------------------------------------------------------------- detection


@pytest.mark.parametrize("name, kind", [
    ("trl-1.16-sft-cli-lora.yaml", "trl"),
    ("alignment-handbook-2023-dpo-lora.yaml", "trl"),
    ("alignment-handbook-2025-sft-mixture.yaml", "trl"),
    ("open-r1-grpo.yaml", "trl"),
    ("open-instruct-dpo.yaml", "trl"),
    ("axolotl-0.3-qlora.yml", "axolotl"),
    ("axolotl-0.12-dpo-lora.yaml", "axolotl"),
    ("axolotl-0.18-grpo.yaml", "axolotl"),
    ("axolotl-0.8-simpo.yaml", "axolotl"),
    ("llamafactory-0.9-lora-dpo.yaml", "llama-factory"),
    ("llamafactory-0.7-orpo.yaml", "llama-factory"),
    ("llamafactory-0.9.5-v1-lora-dpo.yaml", "llama-factory-v1"),
])
def test_each_tools_recipe_is_detected_as_its_kind(name, kind):
    assert detect_format(SHAPES / name) == "recipe"
    assert recipe_kind(yaml.safe_load((SHAPES / name).read_text())) == kind


@pytest.mark.parametrize("name, what", [
    ("accelerate-deepspeed-zero3.yaml", "an accelerate config"),
    ("deepspeed-zero2.json", "a DeepSpeed config"),
    ("llamafactory-0.9-predict.yaml", "a LLaMA-Factory inference, prediction or evaluation config"),
    ("llamafactory-0.9-inference.yaml", "a LLaMA-Factory inference, prediction or evaluation config"),
    ("llamafactory-0.9-eval-repeated-key.yaml", "a LLaMA-Factory inference, prediction or evaluation config"),
    ("llamafactory-0.9-merge-lora.yaml", "a LLaMA-Factory export (merge) config"),
    ("mergekit-slerp.yaml", "a mergekit merge config"),
    ("open-r1-pass-rate-filter.yaml", "a data generation or filtering config (open-r1's pass-rate filtering)"),
    ("llamafactory-0.9.5-v1-export-lora.yaml", "a LLaMA-Factory v1 export (merge) config"),
    ("wandb-0.17-run-config.yaml", "a Weights & Biases run config"),
    ("script-config-model-training-sections.yaml", "another tool's config (it has keys records do not: data, stage)"),
    ("torchtune-lora-dpo.yaml", "a torchtune config (`tune run RECIPE --config`)"),
    ("ms-swift-3-sft-lora.yaml", "an ms-swift config (`swift sft|rlhf --config`)"),
    ("verl-0.4-grpo-trainer.yaml", "a verl config (its trainer's Hydra config, or its data part)"),
    ("verl-0.5-data-part.yaml", "a verl config (its trainer's Hydra config, or its data part)"),  # not DeepSpeed's
    ("nanotron-smollm1-pretraining.yaml", "a nanotron config (its pre-training runs: SmolLM's)"),
    ("mlx-lm-lora-config.yaml", "an MLX-LM config (`mlx_lm.lora --config`)"),
    ("atropos-environment-dataset-output-dir.yaml", "a config naming a dataset but no training setting"),
    ("prometheus-alert-rules.yaml", "another tool's file, with keys of records in another shape (groups[0] holds "
     "rules, which records' groups do not)"),
    ("knowledge-base-sections.yaml", "another tool's file, with keys of records in another shape (sections[0] holds "
     "id, text, which records' sections do not)"),
    ("angelslim-ptq-model-section.yaml", "another tool's config (it has keys records do not: compression, global)"),
    ("torchtune-2024-alpha-path.yaml", "a torchtune config (`tune run RECIPE --config`)"),
    ("verl-hydra-actor-part.yaml", "a Hydra config (`_target_` names the class it builds"),
    # it said "has none of the keys of a training recipe": the model and data are in the base it is composed with
    ("hydra-2025-grpo-defaults-list.yaml", "a Hydra config composed with the configs its defaults list names (base)"),
])
def test_a_config_beside_recipes_passed_as_a_source_is_named_not_refused_as_records(name, what):
    """Not a bad records file (unknown keys, a repeated key): one problem saying what the file is."""
    with pytest.raises(InputError) as caught:
        ingest(sources=[SHAPES / name], repo_id="acme/x")
    assert [(p.code, p.path) for p in caught.value.problems] == [("unrecognized-format", "$")]
    assert caught.value.problems[0].message.startswith(f"is {what}")
    assert "not a training recipe, records or evaluation results" in caught.value.problems[0].message
    assert "ingest reads a Trainer output folder" in caught.value.problems[0].fix
    done = cli("ingest", str(SHAPES / name))
    assert done.returncode == 1 and "Traceback" not in done.stderr and what in done.stderr


@pytest.mark.parametrize("name", ["tiny_arith_gen.yaml", "tiny_suite.yaml"])
def test_an_lm_eval_task_definition_is_named_not_taken_for_a_llamafactory_config(name):
    """lm-eval's task YAMLs (a task's, and a group's with `task:` as its list) name a `task` as LLaMA-Factory's
    evaluation configs do: the message says which file the results are."""
    task_file = HERE / "fixtures" / "lm_eval" / "tasks" / name
    with pytest.raises(InputError) as caught:
        build_card(evals=[task_file])
    [problem] = caught.value.problems
    assert problem.code == "unrecognized-format"
    assert problem.message.startswith("is an lm-evaluation-harness task definition (lm_eval writes its results to "
                                      "results_*.json under --output_path)")
    assert "LLaMA-Factory" not in problem.message


@pytest.mark.parametrize("name, text", [
    # lighteval's metric unit-test cases (tests/unit/metrics/test_cases/*.json) and a project script's own JSON
    ("case.json", '{"name": "exact match", "metric_class": "exact_match", "test_cases": []}'),
    ("settings.yaml", "foo: 1\nbar: [2]\n"),
])
def test_a_file_with_no_key_any_reader_knows_says_so_once(tmp_path, name, text):
    """Not "is a config ..., not a training recipe, records or evaluation results": what it lacks, said once."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ingest(sources=[tmp_path / name], repo_id="acme/x")
    [problem] = caught.value.problems
    assert (problem.code, problem.path) == ("unrecognized-format", "$")
    assert problem.message == "has none of the keys of a training recipe, of records or of evaluation results"
    assert "ingest reads a Trainer output folder" in problem.fix


def test_open_instructs_recipe_without_a_model_is_a_recipe():
    model, training, _ = read("open-instruct-dpo-no-model.yaml")
    assert model == {"datasets": ["acme/preference-mix"]}
    assert training["method"] == "dpo"
    assert training["hyperparameters"]["beta"] == 5 and training["hyperparameters"]["learning_rate"] == 5e-7


@pytest.mark.parametrize("name", ["accelerate-deepspeed-zero3.yaml", "deepspeed-zero2.json",
                                  "llamafactory-0.9-predict.yaml", "llamafactory-0.9-inference.yaml",
                                  "llamafactory-0.9-eval-repeated-key.yaml", "llamafactory-0.9-merge-lora.yaml",
                                  "mergekit-slerp.yaml", "torchtune-lora-dpo.yaml", "open-r1-pass-rate-filter.yaml",
                                  "llamafactory-0.9.5-v1-export-lora.yaml", "ms-swift-3-sft-lora.yaml",
                                  "verl-0.4-grpo-trainer.yaml"])
def test_configs_beside_recipes_are_not_taken_for_one(name):
    assert recipe_kind(yaml.safe_load((SHAPES / name).read_text())) is None
    try:
        assert detect_format(SHAPES / name) != "recipe"
    except InputError as exc:
        assert {p.code for p in exc.problems} == {"unrecognized-format"}


def test_records_and_eval_files_are_not_recipes():
    records = {"model": {"repo_id": "a/b", "base_model": "a/c"}, "training": {"hyperparameters": {"learning_rate": 1}}}
    assert recipe_kind(records) is None
    # a records file that happens to hold recipe-like keys under its model mapping is still records
    assert recipe_kind({"model": {"repo_id": "a/b"}, "base_model": "x/y", "datasets": []}) is None
    assert recipe_kind({"results": {"arc": {"acc": 0.5}}, "config": {"model_args": "pretrained=a/b"}}) is None
    assert recipe_kind({"model_name_or_path": "a/b", "template": "llama3"}) is None  # inference: no training key


def test_a_recipe_passed_as_recipe_that_is_none_says_so(write):
    path = write("acc.yaml", (SHAPES / "accelerate-deepspeed-zero3.yaml").read_text())
    with pytest.raises(InputError) as info:
        ingest(recipe=path, repo_id="a/b")
    assert [p.code for p in info.value.problems] == ["unrecognized-format"]
    assert "not a training recipe" in info.value.problems[0].message


def test_a_recipe_line_without_a_space_after_its_colon_is_named_by_its_own_line():
    """`report_to:wandb` (a real LLaMA-Factory recipe, line 26) is no `key: value`, which neither libyaml nor the
    tool reads: libyaml stops two lines on, at `### train`, which the refusal named as the line to fix."""
    with pytest.raises(InputError) as info:
        ingest(recipe=SHAPES / "llamafactory-key-without-space.yaml", repo_id="a/b")
    (problem,) = info.value.problems
    assert problem.code == "yaml-syntax" and problem.path == "line 26, column 1"
    assert problem.fix == "write each line of a mapping as `key: value`, a space after the colon"


# ---------------------------------------------------------------------------- records per shape


def test_alignment_handbook_2023_mixer_lora_dpo():
    model, training, warnings = read("alignment-handbook-2023-dpo-lora.yaml")
    assert model["base_model"] == "acme/tiny-sft-lora" and model["base_model_relation"] == "adapter"
    assert model["datasets"] == ["acme/tiny-prefs", "acme/more-prefs"]
    assert model["library_name"] == "peft" and "lora" in model["tags"] and model["chat_template"] is True
    assert "repo_id" not in model  # hub_model_id without a namespace: named in a warning instead
    assert [(w.path, w.code) for w in warnings] == [("$.hub_model_id", "not-a-hub-id"),
                                                    ("$.torch_dtype", "unkept-settings")]
    # the mixer's weight, and its dataset_splits' train split (test_prefs is the eval set), of each dataset
    assert model["dataset_details"] == {"acme/tiny-prefs": "split train_prefs",
                                        "acme/more-prefs": "weight 0.5, split train_prefs"}
    assert unkept(warnings) == ["torch_dtype", "preprocessing_num_workers", "do_eval", "evaluation_strategy",
                                "output_dir", "push_to_hub", "save_strategy"]
    assert training["method"] == "dpo"
    hp = training["hyperparameters"]
    assert hp["learning_rate"] == 5e-7 and hp["train_batch_size"] == 2 and hp["eval_batch_size"] == 4
    assert hp["gradient_accumulation_steps"] == 8 and hp["num_epochs"] == 2 and hp["beta"] == 0.05
    assert hp["optimizer"] == "rmsprop" and hp["lr_scheduler_warmup_ratio"] == 0.1
    assert (hp["lora_r"], hp["lora_alpha"], hp["lora_dropout"]) == (32, 8, 0.05)
    assert hp["lora_target_modules"] == "q_proj, v_proj" and hp["peft_type"] == "LORA"
    # the world size is not in the recipe: no total batch size is made up
    assert "total_train_batch_size" not in hp and "num_devices" not in hp


def test_load_datasets_arguments_beside_a_builder_name_are_named_not_dropped(tmp_path):
    """open-r1's `dataset_name: json` with `dataset_config: {data_files: ...}` (recipes/Qwen2.5-1.5B-Instruct/grpo/
    config_traffic.yaml, 2025-10): the local files were lost without a word; they are named with what is not kept."""
    recipe = tmp_path / "config_traffic.yaml"
    recipe.write_text("model_name_or_path: Qwen/Qwen2.5-1.5B-Instruct\ndataset_name: json\ndataset_config:\n"
                      "  data_files:\n    train: data/traffic_train.jsonl\n    test: data/traffic_test.jsonl\n"
                      "learning_rate: 1.0e-06\nnum_train_epochs: 1\n", encoding="utf-8")
    warnings = read_source(recipe).warnings
    [kept] = [w for w in warnings if w.code == "not-kept"]
    assert kept.path == "$.dataset_config"
    assert "(json: data_files {train: data/traffic_train.jsonl, test: data/traffic_test.jsonl})" in kept.message


def test_alignment_handbook_2025_mixture_keeps_each_id_once():
    model, training, warnings = read("alignment-handbook-2025-sft-mixture.yaml")
    assert model["datasets"] == ["acme/chat-mix", "acme/code-chat"] and model["repo_id"] == "acme/tiny-sft"
    # what model.datasets cannot hold, the config of acme/chat-mix and the mixture's weights, model.dataset_details has
    assert [(w.path, w.code) for w in warnings] == [("$.model_revision", "unkept-settings")]
    assert unkept(warnings) == ["model_revision", "torch_dtype", "dataset_num_proc", "report_to"]  # max_steps -1
    assert model["dataset_details"] == {"acme/chat-mix": "config default; config reasoning, weight 0.5",
                                        "acme/code-chat": "weight 0.25"}
    hp = training["hyperparameters"]
    assert hp["lr_scheduler_type"] == "cosine_with_min_lr" and hp["lr_scheduler_kwargs"] == '{"min_lr_rate": 0.1}'
    assert hp["optimizer"] == "adamw_torch with betas=(0.9,0.999) and epsilon=1e-08"
    assert hp["packing"] is True and hp["packing_strategy"] == "ffd" and hp["assistant_only_loss"] is True
    assert hp["num_epochs"] == 3 and "training_steps" not in hp  # max_steps: -1 means epochs
    assert training["method"] == "sft"  # from the file's name


@pytest.mark.parametrize("where, method", [("recipes/tiny/dpo/config_full.yaml", "dpo"),
                                           ("configs/tulu3_orpo_8b.yaml", "orpo"), ("run/config.yaml", None)])
def test_a_trl_recipes_method_comes_from_its_folder_or_file_name(write, where, method):
    got = read_source(write(where, "model_name_or_path: a/b\nlearning_rate: 1.0e-5\n"))
    assert got.data["training"].get("method") == method


def test_open_r1_grpo_names_reward_functions_and_its_world_size():
    model, training, _ = read("open-r1-grpo.yaml")
    assert training["method"] == "grpo" and model["datasets"] == ["acme/math-prompts"]
    hp = training["hyperparameters"]
    assert hp["reward_funcs"] == "accuracy, format" and hp["reward_weights"] == "1.0, 0.5"
    assert hp["num_generations"] == 7 and hp["beta"] == 0.04
    assert hp["num_devices"] == 7 and hp["total_train_batch_size"] == 2 * 7 * 8  # num_processes names the world


def test_open_instruct_names():
    model, training, _ = read("open-instruct-dpo.yaml")
    assert model == {"base_model": "acme/tiny-sft", "datasets": ["acme/preference-mix"]}  # use_lora: false
    assert training["method"] == "dpo"
    hp = training["hyperparameters"]
    assert hp["num_epochs"] == 1 and hp["beta"] == 5 and hp["loss_type"] == "dpo_norm"


def test_axolotl_0_3_qlora():
    model, training, warnings = read("axolotl-0.3-qlora.yml")
    assert model["base_model"] == "acme/tiny-llama" and model["datasets"] == ["acme/alpaca-tiny"]
    assert {"axolotl", "lora", "qlora"} <= set(model["tags"]) and model["base_model_relation"] == "adapter"
    assert [(w.path, w.code) for w in warnings] == [("$.datasets[1].data_files", "not-a-hub-id"),
                                                    ("$.base_model_config", "unkept-settings")]
    assert unkept(warnings) == ["base_model_config", "model_type", "tokenizer_type", "dataset_prepared_path",
                                "val_set_size", "output_dir"]
    assert training["method"] == "sft"
    hp = training["hyperparameters"]
    assert hp["train_batch_size"] == 2 and hp["gradient_accumulation_steps"] == 4  # micro_batch_size is per device
    assert hp["num_epochs"] == 3 and hp["lr_scheduler_type"] == "cosine" and hp["lr_scheduler_warmup_steps"] == 10
    assert hp["optimizer"].startswith("paged_adamw_32bit") and hp["max_length"] == 2048
    assert hp["lora_target_modules"] == "all-linear" and hp["load_in_4bit"] is True
    assert hp["mixed_precision_training"] == "Native AMP (bf16)"


def test_axolotl_dpo_lora():
    model, training, warnings = read("axolotl-0.12-dpo-lora.yaml")
    assert model["repo_id"] == "acme/tiny-instruct-dpo" and model["chat_template"] is True
    assert model["datasets"] == ["acme/dpo-messages"] and "qlora" not in model["tags"]
    assert training["method"] == "dpo"
    hp = training["hyperparameters"]
    assert hp["beta"] == 0.1 and hp["learning_rate"] == 2e-4 and hp["seed"] == 7 and hp["load_in_8bit"] is True
    # "offload" is on, and more than on: where the activations went is said, records have no field for it
    assert hp["gradient_checkpointing"] is True
    # bf16: auto is decided on the machine that ran it: said, not read as either
    assert [(w.path, w.code, w.message.split(": ", 1)[1]) for w in warnings if w.code == "not-kept"] == [
        ("$.bf16", "not-kept", "bf16 auto (bf16 mixed precision if the GPU supports it, decided on the machine that "
         "ran it); gradient_checkpointing offload (gradient checkpointing with the checkpointed activations offloaded "
         "to CPU memory)")]
    assert unkept(warnings) == ["model_type", "tokenizer_type", "val_set_size", "output_dir"]
    assert "mixed_precision_training" not in hp  # bf16: auto is decided on the machine that ran it
    assert hp["lora_target_modules"] == "q_proj, v_proj" and (hp["lora_r"], hp["lora_alpha"]) == (16, 32)


def test_axolotl_grpo_reads_its_trl_settings():
    model, training, _ = read("axolotl-0.18-grpo.yaml")
    assert training["method"] == "grpo" and "peft" != model.get("library_name")
    hp = training["hyperparameters"]
    assert hp["beta"] == 0.001 and hp["num_generations"] == 4 and hp["max_completion_length"] == 256
    assert hp["reward_funcs"] == "rewards.accuracy_reward, rewards.format_reward"
    assert hp["training_steps"] == 100 and "num_epochs" not in hp


def test_axolotl_simpo_is_cpo_with_the_simpo_loss_and_batch_size_gives_accumulation():
    _, training, _ = read("axolotl-0.8-simpo.yaml")
    assert training["method"] == "cpo"
    hp = training["hyperparameters"]
    assert hp["loss_type"] == "simpo" and hp["simpo_gamma"] == 0.5 and hp["beta"] == 2.0
    assert "cpo_alpha" not in hp  # 0 is CPO's "off", as hyperparameters.py lists it
    assert hp["train_batch_size"] == 1 and hp["gradient_accumulation_steps"] == 8


def test_llamafactory_lora_dpo_warns_about_dataset_info_names():
    model, training, warnings = read("llamafactory-0.9-lora-dpo.yaml")
    assert "datasets" not in model and model["repo_id"] == "acme/tiny-chat-dpo"
    assert {"llama-factory", "lora", "qlora"} <= set(model["tags"])
    named = [(w.path, w.code, w.message.split("'")[1]) for w in warnings if w.code == "not-a-hub-id"]
    assert named == [("$.dataset", "not-a-hub-id", "dpo_en_demo"), ("$.dataset", "not-a-hub-id", "my_prefs")]
    assert unkept(warnings) == ["do_train", "output_dir", "eval_strategy", "eval_steps"]
    assert [w.path for w in warnings if w.code == "not-kept"] == ["$.max_samples"]  # and val_size
    assert "dataset_info.json" in warnings[0].fix
    assert training["method"] == "dpo"
    hp = training["hyperparameters"]
    assert hp["beta"] == 0.1 and hp["loss_type"] == "sigmoid" and hp["max_length"] == 1024
    assert (hp["lora_r"], hp["lora_alpha"], hp["lora_target_modules"]) == (8, 16, "all-linear")
    assert hp["load_in_4bit"] is True and hp["num_epochs"] == 3.0


def test_llamafactory_online_dataset_dir_names_hub_ids():
    # dataset_dir ONLINE (0.6.2+): each name is the Hub id loaded, here in a YAML list (ashim-mahara/ART)
    model, _, warnings = read("llamafactory-0.9-online-dataset-list.yaml")
    assert model["datasets"] == ["tatsu-lab/alpaca"] and model["base_model"] == "Qwen/Qwen3-30B-A3B-Instruct-2507"
    assert not [w for w in warnings if w.code == "not-a-hub-id"] and "dataset_dir" not in unkept(warnings)


def test_llamafactory_remote_dataset_dir_names_the_hub_repo_of_its_dataset_info():
    # REMOTE:<id> (0.8.3+): the names are entries of that Hub dataset's dataset_info.json, no Hub ids themselves
    model, _, warnings = read("llamafactory-0.9.5-ray-remote-dataset-dir.yaml")
    assert "datasets" not in model
    named = [w.message for w in warnings if w.code == "not-a-hub-id"]
    assert named == [f"{name!r} is a name in the Hub dataset llamafactory/demo_data's dataset_info.json (dataset_dir), "
                     "not a Hub dataset id" for name in ("identity", "alpaca_en_demo")]


def test_llamafactory_names_resolve_through_the_dataset_info_json_committed_beside_the_recipe():
    # LLaMA-Factory's own examples beside its data/dataset_info.json (cut to the entries they name)
    repo = SHAPES / "llamafactory-0.9.5-repo-dataset-info"
    info = repo / "data" / "dataset_info.json"
    got = read_source(repo / "examples" / "ascend" / "qwen3vlmoe_full_sft_fsdp2.yaml")
    assert got.data["model"]["datasets"] == ["BUAADreamer/llava-en-zh-2k"]  # llava_1k_en, llava_1k_zh: its subsets
    assert got.data["model"]["dataset_details"] == {"BUAADreamer/llava-en-zh-2k": "config en; config zh"}
    got = read_source(repo / "examples" / "train_full" / "qwen3vl_full_sft.yaml")
    assert "datasets" not in got.data["model"]
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"] == [
        f"{name!r} is a name in {info} (dataset_dir) for the local file '{name}.json', not a Hub dataset id"
        for name in ("mllm_demo", "identity", "alpaca_en_demo")]


def test_llamafactory_names_missing_from_the_dataset_info_json_beside_it_are_named(write):
    info = write("data/dataset_info.json", '{"ultrachat_200k": {"hf_hub_url": "HuggingFaceH4/ultrachat_200k", '
                 '"split": "train_sft"}}')
    text = (SHAPES / "llamafactory-0.9-lora-dpo.yaml").read_text().replace("dpo_en_demo", "ultrachat_200k")
    got = read_source(write("run.yaml", text))
    assert got.data["model"]["datasets"] == ["HuggingFaceH4/ultrachat_200k"]
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"] == [
        f"'my_prefs' has no entry in {info} (dataset_dir; the run's copy had one), not a Hub dataset id"]
    assert got.data["model"]["dataset_details"] == {"HuggingFaceH4/ultrachat_200k": "split train_sft"}


def test_llamafactory_v1_dataset_list_beside_the_recipe_names_its_hub_datasets():
    repo = SHAPES / "llamafactory-0.9.5-v1-repo-dataset-list"
    got = read_source(repo / "examples" / "v1" / "train_lora" / "train_lora_dpo.yaml")
    assert got.data["model"]["datasets"] == ["HuggingFaceH4/orca_dpo_pairs"]  # data/v1_dpo_demo.yaml's one entry
    assert got.data["model"]["dataset_details"] == {"HuggingFaceH4/orca_dpo_pairs": "split train_prefs"}
    assert not [w for w in got.warnings if w.code == "not-a-hub-id"] and got.data["training"]["method"] == "dpo"
    got = read_source(repo / "examples" / "v1" / "train_lora" / "train_lora_sft.yaml")
    assert "datasets" not in got.data["model"]
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"] == [
        f"{name!r} is listed in {repo / 'data' / 'v1_sft_demo.yaml'} as 'data/{name}.json', a local file, not a Hub "
        "dataset id" for name in ("identity", "alpaca_en_demo")]


def test_a_llamafactory_v1_list_entry_saying_source_hf_hub_is_the_hubs_as_hf_hub_url_is(write):
    """The v1 DataEngine (0.9.4 on) hands an hf_hub entry's path to datasets' load_dataset, its source hf_hub by
    default: one that says `source: hf_hub` declares it, as dataset_info.json's hf_hub_url does, so a `data/...` id is
    the Hub's (before: 'not listed as a Hub dataset, as it may be a local folder', as for one saying nothing, which
    stays so: load_dataset loads a folder of that name where the run started)."""
    write("data/v1_list.yaml", "said:\n  path: data/tiny-chat\n  source: hf_hub\n"
                               "unsaid:\n  path: data/tiny-prefs\n")
    text = (SHAPES / "llamafactory-0.9.5-v1-lora-dpo.yaml").read_text()
    got = read_source(write("run.yaml", re.sub(r"(?m)^train_dataset:.*$", "train_dataset: data/v1_list.yaml", text)))
    assert got.data["model"]["datasets"] == ["data/tiny-chat"]
    (said,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert "'data/tiny-prefs' is not listed as a Hub dataset, as it may be a local folder" in said.message


@pytest.mark.parametrize("name, old, key", [
    ("axolotl-0.12-dpo-lora.yaml", "acme/dpo-messages", "$.datasets[0].path"),
    ("alignment-handbook-2023-dpo-lora.yaml", "acme/tiny-prefs", '$.dataset_mixer["data/prefs"]'),
])
def test_a_dataset_path_found_beside_the_recipe_is_the_local_folder_the_tool_loads_not_a_hub_id(write, name, old, key):
    # axolotl and datasets.load_dataset load an existing local path before the Hub; the run started in the
    # recipe's folder or a parent, where a repository keeps its data folder
    write("data/prefs/train.jsonl", "{}\n")
    text = (SHAPES / name).read_text().replace(old, "data/prefs")
    got = read_source(write("configs/run.yaml", text))
    assert "data/prefs" not in got.data["model"].get("datasets", [])
    assert [w.path for w in got.warnings if w.code == "not-a-hub-id" and "'data/prefs'" in w.message] == [key]


def test_a_dataset_info_json_that_datasets_save_to_disk_wrote_is_not_llamafactorys(write):
    write("data/dataset_info.json", '{"builder_name": "json", "citation": "", "features": {"text": {"dtype": "string"}}}')
    got = read_source(write("run.yaml", (SHAPES / "llamafactory-0.9-lora-dpo.yaml").read_text()))
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"][0] == \
        "'dpo_en_demo' is a name in data/dataset_info.json (dataset_dir), not a Hub dataset id"


def test_a_dataset_dir_the_launch_script_fills_in_resolves_no_name(write):
    write("data/dataset_info.json", '{"ultrachat_200k": {"hf_hub_url": "HuggingFaceH4/ultrachat_200k"}}')
    text = (SHAPES / "llamafactory-0.9-lora-dpo.yaml").read_text().replace("dpo_en_demo", "ultrachat_200k")
    got = read_source(write("run.yaml", text + "dataset_dir: ${DATA_DIR}\n"))
    assert "datasets" not in got.data["model"]
    assert [w.path for w in got.warnings if w.code == "unfilled-variable"] == ["$.dataset_dir"]
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"][0] == \
        "'ultrachat_200k' is a name in ${DATA_DIR}/dataset_info.json (dataset_dir), not a Hub dataset id"


def test_llamafactory_0_7_orpo_full():
    model, training, _ = read("llamafactory-0.7-orpo.yaml")
    assert training["method"] == "orpo" and "library_name" not in model
    hp = training["hyperparameters"]
    assert hp["beta"] == 0.1 and hp["mixed_precision_training"] == "Native AMP"
    # transformers 5.x reads a warmup_steps under 1 as a ratio (hyperparameters.warmup_as_ratio): listed as one
    assert hp["lr_scheduler_warmup_ratio"] == 0.1 and "lr_scheduler_warmup_steps" not in hp


def test_llamafactory_config_that_leaves_the_stage_to_its_default_is_an_sft_run():
    """LLaMA-Factory's stage defaults to sft (FinetuningArguments), so a config may leave it out; such a config was
    read as a TRL recipe, its finetuning_type, lora_target, template and cutoff_len called unknown to TRL, no method
    named. It is LLaMA-Factory's SFT run, a LoRA; an inference config (finetuning_type, no training) stays none."""
    data = yaml.safe_load((SHAPES / "llamafactory-0.9-lora-sft-default-stage.yaml").read_text())
    assert "stage" not in data and recipe_kind(data) == "llama-factory"
    got = read_source(SHAPES / "llamafactory-0.9-lora-sft-default-stage.yaml")
    assert got.data["training"]["method"] == "sft" and "llama-factory" in got.data["model"]["tags"]
    assert got.data["training"]["hyperparameters"]["lora_target_modules"] == "all-linear"
    assert not [w for w in got.warnings if w.code in ("unknown-setting", "no-method")]
    assert recipe_kind(yaml.safe_load((SHAPES / "llamafactory-0.9-inference.yaml").read_text())) is None


def test_llamafactory_finetuning_type_left_out_is_lora():
    """LLaMA-Factory's FinetuningArguments default finetuning_type to lora (0.2 to 0.9), LoraArguments lora_rank to 8,
    lora_alpha to twice the rank and lora_target to all (0.6 to 0.9): a recipe that leaves finetuning_type out trains
    a LoRA adapter, with its own LoRA settings (a MiniCPM-V recipe in a user's doc) or those defaults (ReLoop's)."""
    model, training, _ = read("llamafactory-2026-doc-lora-keys-no-finetuning-type.yaml")
    hp = training["hyperparameters"]
    assert (hp["lora_r"], hp["lora_alpha"], hp["lora_dropout"], hp["lora_target_modules"]) == (64, 64, 0.05,
                                                                                               "all-linear")
    assert model["library_name"] == "peft" and model["base_model_relation"] == "adapter" and "lora" in model["tags"]
    model, training, _ = read("llamafactory-doc-no-finetuning-type.yaml")
    hp = training["hyperparameters"]
    assert (hp["peft_type"], hp["lora_r"], hp["lora_alpha"], hp["lora_target_modules"]) == ("LORA", 8, 16, "all-linear")
    assert "lora_dropout" not in hp and model["base_model"] == "Qwen/Qwen2.5-7B-Instruct"
    assert model["base_model_relation"] == "adapter"
    _, training, _ = read("llamafactory-0.9-lora-sft-default-stage.yaml")  # lora named, its rank left to the default
    assert (training["hyperparameters"]["lora_r"], training["hyperparameters"]["lora_alpha"]) == (8, 16)


def test_llamafactory_full_run_has_no_lora_defaults(write):
    text = (SHAPES / "llamafactory-doc-no-finetuning-type.yaml").read_text() + "finetuning_type: full\n"
    got = read_source(write("full.yaml", text))
    assert "lora_r" not in got.data["training"]["hyperparameters"] and "library_name" not in got.data["model"]


def test_llamafactory_v1_engine_config():
    model, training, warnings = read("llamafactory-0.9.5-v1-lora-dpo.yaml")
    assert model["base_model"] == "acme/tiny-chat" and "datasets" not in model
    assert [(w.path, w.code) for w in warnings] == [("$.train_dataset", "not-a-hub-id"),
                                                    ("$.model_class", "unkept-settings")]
    assert unkept(warnings) == ["model_class", "dist_config", "output_dir"]
    assert training["method"] == "dpo"  # from the file's name: v1 configs have no stage
    hp = training["hyperparameters"]
    assert hp["train_batch_size"] == 2 and hp["total_train_batch_size"] == 32 and hp["optimizer"] == "muon"
    assert hp["weight_decay"] == 0.1  # Muon's wd
    assert hp["beta"] == 0.2 and hp["loss_type"] == "sigmoid" and hp["training_steps"] == 10
    assert (hp["lora_r"], hp["lora_alpha"], hp["lora_target_modules"], hp["load_in_4bit"]) == (16, 32, "all-linear",
                                                                                             True)


def test_a_hub_datasets_data_files_are_its_detail(write):
    """axolotl's and TRL's dataset entries load a Hub dataset with data_files (one file of it trained on): the files
    are the dataset's detail; they were dropped, and the card named the whole dataset."""
    model, _, _ = read("axolotl-2023-hub-dataset-data-files.yml")
    assert model["datasets"] == ["acme/instruction-collection", "acme/long-documents"]
    assert model["dataset_details"] == {
        "acme/instruction-collection": "data_files [Chain-of-Thought/formatted_cot_data/gsm8k_train.json]"}
    trl = read_source(write("sft.yaml", "model_name_or_path: acme/tiny\nlearning_rate: 1.0e-5\ndatasets:\n"
                                        "  - path: acme/web\n    data_files: en/part-0.parquet\n    split: train\n"))
    assert trl.data["model"]["dataset_details"] == {"acme/web": "data_files en/part-0.parquet"}


def test_trl_fork_dataset_name_list_is_each_dataset():
    """A fork's GRPO script that loads a list of dataset_name: each Hub id is a dataset, each local folder warned, and
    the eval set left unnamed (which splits the script evaluated on is not known); the file was refused."""
    got = read_source(SHAPES / "trl-fork-2025-grpo-dataset-name-list.yaml")
    assert got.data["model"]["datasets"] == ["acme/ifeval-prompts"]
    assert [w.path for w in got.warnings if w.code == "not-a-hub-id"] == ["$.model_name_or_path", "$.dataset_name[1]"]
    assert got.data["training"]["method"] == "grpo"
    found = trl_eval_set(dict(yaml.safe_load((SHAPES / "trl-fork-2025-grpo-dataset-name-list.yaml").read_text())),
                         ["acme/ifeval-prompts"])
    assert found.entry is None and "its dataset_name lists 2 datasets" in found.why


def test_llamafactory_template_blanks_in_brackets_are_blanks():
    """`[your checkpoint directory, example: org/name]` is a template's blank YAML reads as a list: the config is a
    training recipe with its model, datasets and output left out and warned, not "an inference config"."""
    model, training, warnings = read("llamafactory-0.9-template-bracket-blanks.yaml")
    assert [w.path for w in warnings if w.code == "unfilled-variable"] == ["$.model_name_or_path", "$.dataset",
                                                                           "$.output_dir"]
    assert "base_model" not in model and "datasets" not in model
    assert training["method"] == "dpo" and training["hyperparameters"]["learning_rate"] == 5e-6


def test_llamafactory_v1_quant_config_by_its_plugin(write):
    """v1's quantization plugins (0.9.5 on): bnb loads the model in 4 bits when quantization_bit is not given, auto
    does not quantize then; a name that is no plugin is warned and its bits not kept. The reader took the bits from
    quantization_bit whatever the name (LLaMA-Factory's examples/v1/train_qlora/quantization.yaml layout)."""
    text = (SHAPES / "llamafactory-0.9.5-v1-lora-dpo.yaml").read_text()
    hp = lambda got: got.data["training"]["hyperparameters"]  # noqa: E731
    bnb = read_source(write("bnb.yaml", text.replace("  quantization_bit: 4\n", "")))
    assert hp(bnb)["load_in_4bit"] is True and "qlora" in bnb.data["model"]["tags"]
    auto = read_source(write("auto.yaml", text.replace("  name: bnb\n  quantization_bit: 4\n", "  name: auto\n")))
    assert "load_in_4bit" not in hp(auto) and "qlora" not in auto.data["model"]["tags"]
    assert not [w for w in auto.warnings if w.path.startswith("$.quant_config")]
    other = read_source(write("other.yaml", text.replace("name: bnb", "name: gptq")))
    assert "load_in_4bit" not in hp(other) and hp(other)["lora_r"] == 16
    said = [w for w in other.warnings if w.path == "$.quant_config.name"]
    assert said and said[0].code == "not-read-by-tool" and "is gptq, a quantization plugin" in said[0].message


def test_llamafactory_orpo_loss_on_the_dpo_stage_is_orpo(write):
    text = (SHAPES / "llamafactory-0.9-lora-dpo.yaml").read_text().replace("pref_loss: sigmoid", "pref_loss: orpo")
    got = read_source(write("orpo.yaml", text))
    assert got.data["training"]["method"] == "orpo" and "loss_type" not in got.data["training"]["hyperparameters"]


# ---------------------------------------------------------------------------- a real run and its recipe


def test_the_runs_are_there():
    assert [r.name for r in RUNS] == ["trl-0.19.1-sft", "trl-1.16.0-sft"]
    assert all(json.loads((r / "VERSIONS.json").read_text())["trl"] == r.name.split("-")[1] for r in RUNS)


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.name)
def test_the_recipe_run_agrees_with_its_training_args_bin(run):
    """The recipe TRL's CLI ran and the training_args.bin it left hold the same values, and merging them reports
    no disagreement."""
    recipe = yaml.safe_load(RUN_RECIPE.read_text())
    ran = read_training_args(run / "output" / "training_args.bin")
    assert ran.cls.endswith("SFTConfig")
    for key in ("learning_rate", "per_device_train_batch_size", "gradient_accumulation_steps", "max_steps", "seed",
                "warmup_steps", "weight_decay", "lr_scheduler_type", "hub_model_id", "max_length"):
        assert ran.fields[key] == recipe[key] or str(ran.fields[key]).endswith(recipe[key]), key
    result = ingest(trainer_dir=run / "output", recipe=RUN_RECIPE)
    assert not [w for w in result.warnings if w.code == "conflicting-values"]
    hp = result.data["training"]["hyperparameters"]
    assert hp["learning_rate"] == ran.fields["learning_rate"] and hp["training_steps"] == ran.fields["max_steps"]
    assert hp["train_batch_size"] == ran.fields["per_device_train_batch_size"]
    assert hp["total_train_batch_size"] == recipe["per_device_train_batch_size"] * recipe["gradient_accumulation_steps"]
    assert (hp["lora_r"], hp["lora_alpha"], hp["lora_dropout"]) == (recipe["lora_r"], recipe["lora_alpha"],
                                                                   recipe["lora_dropout"])
    assert result.data["model"]["repo_id"] == recipe["hub_model_id"] and result.data["training"]["method"] == "sft"


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.name)
def test_build_with_trainer_dir_and_recipe_passes_strict_validation(tmp_path, run):
    out = tmp_path / "README.md"
    done = cli("build", "--trainer-dir", str(run / "output"), "--recipe", str(RUN_RECIPE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    recipe = yaml.safe_load(RUN_RECIPE.read_text())
    assert f"- learning_rate: {recipe['learning_rate']:g}" in text and "- lora_r: 8" in text
    assert "- total_train_batch_size: 8" in text and "# tiny-recipe-sft" in text
    checked = cli("validate", "--strict", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    api = build_card(trainer_dir=run / "output", recipe=RUN_RECIPE)
    assert api.text == text  # CLI and API give the same card


def test_a_recipe_that_disagrees_with_what_ran_is_a_warning_naming_both(write):
    recipe = write("recipe.yaml", RUN_RECIPE.read_text().replace("learning_rate: 1.0e-2", "learning_rate: 3.0e-4")
                   .replace("lora_r: 8", "lora_r: 16"))
    result = ingest(trainer_dir=RUN / "output", recipe=recipe)
    found = {w.path: w for w in result.warnings if w.code == "conflicting-values"}
    assert set(found) == {"$.training.hyperparameters.learning_rate", "$.training.hyperparameters.lora_r"}
    lr = found["$.training.hyperparameters.learning_rate"]
    assert lr.severity == "warning" and lr.file == str(recipe)
    assert "0.0003" in lr.message and "0.01" in lr.message and str(RUN / "output") in lr.message
    assert result.data["training"]["hyperparameters"]["learning_rate"] == 0.01  # what ran is kept
    assert result.data["training"]["hyperparameters"]["lora_r"] == 8


def test_hand_written_records_win_over_the_trainer_and_the_recipe(write):
    records = write("card.yaml", "model:\n  repo_id: acme/hand\ntraining:\n  hyperparameters:\n"
                                 "    learning_rate: 0.5\n")
    result = ingest(trainer_dir=RUN / "output", recipe=RUN_RECIPE, records=[records])
    assert result.data["model"]["repo_id"] == "acme/hand"
    assert result.data["training"]["hyperparameters"]["learning_rate"] == 0.5
    assert {w.code for w in result.warnings if w.file == str(records)} == {"overridden-value"}


def test_ingest_with_nothing_to_read_says_what_to_pass():
    done = cli("ingest")
    assert done.returncode == 2 and "nothing to read" in done.stderr and "--recipe FILE" in done.stderr


def test_a_recipe_alone_is_ingested_and_cli_ingest_takes_recipe_too(tmp_path):
    alone = ingest(recipe=SHAPES / "axolotl-0.12-dpo-lora.yaml")
    assert alone.data["model"]["repo_id"] == "acme/tiny-instruct-dpo"
    out = tmp_path / "records.yaml"
    done = cli("ingest", "--recipe", str(SHAPES / "axolotl-0.12-dpo-lora.yaml"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    positional = cli("ingest", str(SHAPES / "axolotl-0.12-dpo-lora.yaml"), "--json")
    assert json.loads(positional.stdout)["records"] == yaml.safe_load(out.read_text()) == alone.data


# ---------------------------------------------------------------------------- run folders, and the configs beside recipes


def test_the_recipe_llamafactorys_web_ui_saves_in_the_output_dir_is_read(tmp_path):
    """LlamaBoard (LLaMA-Factory's web UI) writes the run's config to <output_dir>/training_args.yaml."""
    import shutil

    run = tmp_path / "saves"
    shutil.copytree(RUN / "output", run)
    shutil.copy2(SHAPES / "llamafactory-0.9-lora-dpo.yaml", run / "training_args.yaml")
    result = ingest(trainer_dir=run, repo_id="acme/x")
    assert str(run / "training_args.yaml") in result.sources
    assert "llama-factory" in result.data["model"]["tags"]
    assert result.data["training"]["hyperparameters"]["beta"] == 0.1
    assert result.data["training"]["method"] == "sft"  # what ran (the config class in training_args.bin) wins
    disagreeing = {w.path for w in result.warnings if w.code == "conflicting-values"}
    assert "$.training.method" in disagreeing and "$.training.hyperparameters.learning_rate" in disagreeing
    (run / "training_args.yaml").write_text("output_dir: saves\nlearning_rate: 0.1\n")  # not a recipe: left alone
    assert str(run / "training_args.yaml") not in ingest(trainer_dir=run, repo_id="acme/x").sources


def test_ingest_of_a_run_folder_reads_the_recipe_saved_in_it(tmp_path):
    """`modelcard ingest OUT` on a LlamaBoard run reads its training_args.yaml, as `build --trainer-dir OUT` does;
    the llamaboard_config.yaml saved beside it (the web UI's own state) is no recipe."""
    import shutil

    run = tmp_path / "saves"
    shutil.copytree(RUN / "output", run)
    shutil.copy2(SHAPES / "llamafactory-0.9-lora-dpo.yaml", run / "training_args.yaml")
    (run / "llamaboard_config.yaml").write_text("top.model_name: Tiny-Chat\ntrain.learning_rate: 5e-6\n")
    result = ingest(sources=[run], repo_id="acme/x")
    assert str(run / "training_args.yaml") in result.sources
    assert result.data["training"]["hyperparameters"]["beta"] == 0.1
    done = cli("ingest", str(run), "--json")
    assert done.returncode == 0, done.stderr
    assert "llama-factory" in json.loads(done.stdout)["records"]["model"]["tags"]
    given = ingest(sources=[run], recipe=SHAPES / "llamafactory-0.7-orpo.yaml", repo_id="acme/x")
    assert str(run / "training_args.yaml") not in given.sources  # a recipe given wins


def test_llamafactorys_web_ui_config_names_its_template_and_packing():
    model, training, _ = read("llamafactory-0.9-webui-training-args.yaml")
    assert model["chat_template"] is True  # the template LLaMA-Factory gives the tokenizer
    hp = training["hyperparameters"]
    assert hp["packing"] is False and hp["lora_dropout"] == 0 and hp["lora_r"] == 8
    assert hp["optimizer"] == "adamw_torch with betas=(0.9,0.999) and epsilon=1e-08" and training["method"] == "sft"


def test_axolotls_sample_packing_and_fsdp_are_named_as_trl_and_transformers_name_them():
    model, training, _ = read("axolotl-0.4-fsdp-packing.yml")
    hp = training["hyperparameters"]
    assert hp["packing"] is True and hp["fsdp"] == "full_shard, auto_wrap"
    assert hp["train_batch_size"] == 1 and hp["num_epochs"] == 1 and hp["lr_scheduler_warmup_steps"] == 10


def test_the_v1_engines_classifier_model_is_a_reward_model():
    model, training, _ = read("llamafactory-0.9.5-v1-lora-rm.yaml")
    assert training["method"] == "reward" and model["chat_template"] is True
    assert training["hyperparameters"]["lora_r"] == 16 and model["base_model_relation"] == "adapter"


def test_an_axolotl_dataset_given_by_local_data_files_without_a_path_is_named_not_refused():
    model, training, warnings = read("axolotl-0.4-dpo-data-files.yml")
    assert [(w.path, w.code) for w in warnings] == [("$.datasets[0].data_files", "not-a-hub-id"),
                                                    ("$.trust_remote_code", "unkept-settings")]
    assert "/data/prefs/short_dpo.jsonl" in warnings[0].message and "datasets" not in model
    assert training["method"] == "dpo" and training["hyperparameters"]["lora_r"] == 32


def test_another_tools_config_with_a_model_section_is_told_from_records_with_a_mistyped_key(write):
    """Only a mapping that is mostly not records (torchtune's, verl's, a script's own config) is told apart; records
    with a mistyped key stay records, whose check names the key."""
    with pytest.raises(InputError) as caught:
        detect_format(SHAPES / "torchtune-lora-dpo.yaml")
    assert [p.code for p in caught.value.problems] == ["unrecognized-format"]
    path = write("card.yaml", "model:\n  repo_id: acme/x\ntrainig:\n  method: sft\n")
    assert detect_format(path) == "records"


def test_a_llamafactory_config_leaving_the_model_to_the_command_line_is_a_recipe():
    assert recipe_kind(yaml.safe_load((SHAPES / "llamafactory-0.9-no-model.yaml").read_text())) == "llama-factory"
    model, training, _ = read("llamafactory-0.9-no-model.yaml")
    assert "base_model" not in model and training["method"] == "sft"
    assert training["hyperparameters"]["learning_rate"] == 1e-5 and training["hyperparameters"]["max_length"] == 20480


def test_a_run_folder_holding_its_recipe_under_any_name_reads_it_beside_configs_that_are_none(tmp_path):
    """A team keeps the axolotl / TRL config beside the run it started (`config.yml`), with an accelerate config."""
    import shutil

    run = tmp_path / "out"
    shutil.copytree(RUN / "output", run)
    shutil.copy2(SHAPES / "axolotl-0.12-dpo-lora.yaml", run / "config.yml")
    shutil.copy2(SHAPES / "accelerate-deepspeed-zero3.yaml", run / "accelerate.yaml")
    (run / "broken.yaml").write_text("a: [\n")
    for result in (ingest(sources=[run], repo_id="acme/x"), ingest(trainer_dir=run, repo_id="acme/x")):
        assert str(run / "config.yml") in result.sources and "axolotl" in result.data["model"]["tags"]
        assert not [w for w in result.warnings if w.code == "ambiguous-recipe"]
    shutil.copy2(SHAPES / "open-r1-grpo.yaml", run / "grpo.yaml")
    result = ingest(sources=[run], repo_id="acme/x")
    assert [(w.code, w.message) for w in result.warnings if w.code == "ambiguous-recipe"] == [
        ("ambiguous-recipe", "holds several training recipes (grpo.yaml, config.yml); none is read")]
    assert len(result.sources) == 1


def test_a_hidden_yaml_file_in_a_run_folder_is_no_recipe(tmp_path):
    """The Hub's `.huggingface.yml` committed in a Trainer's output folder (Anitha1406/English_To_Colloquial_Telugu_
    Translation_model: license, datasets, base_model, metrics) has a recipe's base_model: it is not read as the run's
    recipe (which refused the build), nor is a folder of hidden configs alone read as one."""
    import shutil

    run = tmp_path / "out"
    shutil.copytree(RUN / "output", run)
    (run / ".huggingface.yml").write_text('license: "apache-2.0"\ndatasets:\n  - "acme/pairs"\nbase_model: '
                                          '"acme/tiny-base"\npipeline_tag: "translation"\nmetrics:\n  - type: "bleu"\n'
                                          '    value: 43.12\n')
    assert run_recipe(run) == (None, [])
    result = ingest(trainer_dir=run, repo_id="acme/x")
    assert str(run / ".huggingface.yml") not in result.sources
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy2(run / ".huggingface.yml", alone)
    with pytest.raises(InputError) as caught:
        detect_format(alone)
    assert [p.code for p in caught.value.problems] == ["unrecognized-format"]


def test_a_folder_holding_a_recipe_and_configs_without_trainer_output_is_read_as_the_recipe(tmp_path):
    import shutil

    run = tmp_path / "run"
    run.mkdir()
    shutil.copy2(SHAPES / "accelerate-deepspeed-zero3.yaml", run / "accelerate.yaml")
    with pytest.raises(InputError) as caught:  # configs only: named, not refused as records with unknown keys
        ingest(sources=[run], repo_id="acme/x")
    assert [(p.code, p.message) for p in caught.value.problems] == [
        ("unrecognized-format", "holds no training recipe, records or results (accelerate.yaml is an accelerate "
                                "config (`accelerate launch --config_file`))")]
    shutil.copy2(SHAPES / "deepspeed-zero2.json", run / "ds.json")
    shutil.copy2(SHAPES / "axolotl-0.12-dpo-lora.yaml", run / "axolotl.yml")
    assert detect_format(run) == "recipe"
    result = ingest(sources=[run])
    assert str(run / "axolotl.yml") in result.sources and result.data["model"]["repo_id"] == "acme/tiny-instruct-dpo"
    shutil.copy2(SHAPES / "open-r1-grpo.yaml", run / "grpo.yaml")
    with pytest.raises(InputError) as caught:
        ingest(sources=[run], repo_id="acme/x")
    assert [p.code for p in caught.value.problems] == ["ambiguous-recipe"]


def test_a_folder_whose_recipe_repeats_a_key_is_read_as_the_recipe(tmp_path):
    """open-instruct's olmo2 DPO config names tokenizer_name twice, which its YAML loader takes."""
    import shutil

    shutil.copy2(SHAPES / "open-instruct-dpo-no-model.yaml", tmp_path / "dpo.yaml")
    assert detect_format(tmp_path) == "recipe"


def test_a_folder_holding_a_recipe_beside_a_list_an_empty_and_an_unreadable_yaml_reads_the_recipe(tmp_path):
    """LLaMA-Factory keeps KTransformers' rule lists (a top-level list, integer keys) beside its example configs."""
    import shutil

    shutil.copy2(SHAPES / "llamafactory-0.9-lora-dpo.yaml", tmp_path / "train.yaml")
    (tmp_path / "rules.yaml").write_text("- match:\n    name: lm_head\n")
    (tmp_path / "empty.yml").write_text("")
    (tmp_path / "gpus.yaml").write_text("devices:\n  0: cuda:0\n")
    assert detect_format(tmp_path) == "recipe"
    shutil.copy2(SHAPES / "accelerate-deepspeed-zero3.yaml", tmp_path / "train.yaml")  # no recipe left: as records
    with pytest.raises(InputError):
        ingest(sources=[tmp_path], repo_id="acme/x")


# ---------------------------------------------------------------------------- a recipe that names no method


def test_a_field_only_sftconfig_has_makes_a_trl_recipe_an_sft_one():
    _, training, warnings = read("trl-0.9-cli-example-text-field.yaml")
    assert training["method"] == "sft"
    assert not [w for w in warnings if w.code == "no-method"]


def test_a_trl_recipe_with_no_field_of_one_method_says_it_names_none():
    _, training, warnings = read("trl-0.14-cli-example-no-field-of-one-method.yaml")
    assert "method" not in training
    said = [w for w in warnings if w.code == "no-method"]
    assert len(said) == 1 and "training.method" in said[0].fix


@pytest.mark.parametrize("name, said", [
    ("trl-1.x-cli-grpo-accelerate-config.yaml", "accelerate_config zero2 (the run launched by TRL's CLI with TRL's "
                                                "zero2 accelerate config: DeepSpeed ZeRO stage 2)"),
    ("trl-1.x-cli-sft-accelerate-launch-args.yaml", "accelerate_config configs/my_zero3.yaml (the run launched by "
                                                    "TRL's CLI with the accelerate config file)"),
])
def test_trls_cli_accelerate_config_is_named_with_how_it_distributes_the_run(name, said):
    _, training, warnings = read(name)
    kept = [w for w in warnings if w.code == "not-kept" and w.path == "$.accelerate_config"]
    assert len(kept) == 1 and said in kept[0].message
    assert not [w for w in warnings if w.code == "unknown-setting"]
    assert name.startswith("trl-1.x-cli-sft") or training["method"] == "grpo"


def test_a_llamafactory_kto_runs_pref_loss_is_named_as_not_used():
    # LLaMA-Board writes the DPO stage's pref_loss for a KTO run too; the KTO trainer never reads it
    _, training, warnings = read("llamafactory-0.8-webui-kto-pref-loss.yaml")
    assert training["method"] == "kto" and "loss_type" not in training["hyperparameters"]
    said = [w for w in warnings if w.path == "$.pref_loss"]
    assert len(said) == 1 and said[0].code == "not-used" and "pref_loss kto_pair" in said[0].message


def test_an_alignment_handbook_cpt_recipe_is_pretraining():
    from generator.sources.recipe_trl import path_method

    assert path_method(Path("recipes/gpt2-nl/cpt/config_full.yaml")) == "pretraining"
    assert path_method(Path("recipes/gpt2-nl/continued_pretraining/config_full.yaml")) == "pretraining"


def test_a_llamafactory_v1_recipe_without_preference_or_reward_settings_is_sft_and_says_why():
    _, training, warnings = read("llamafactory-0.9.5-v1-full-fsdp2.yaml")
    assert training["method"] == "sft"
    said = [w for w in warnings if w.code == "no-method"]
    assert len(said) == 1 and "llamafactory-cli train" in said[0].message


def test_an_alignment_handbook_recipe_whose_model_is_left_empty_is_a_recipe():
    model, training, _ = read("alignment-handbook-fork-2024-dpo-empty-model.yaml")
    assert "base_model" not in model and model["datasets"] == ["acme/ultrafeedback"]
    assert training["method"] == "dpo" and training["hyperparameters"]["beta"] == 0.01


@pytest.mark.parametrize("name, what", [
    ("verl-0.4-grpo-trainer.yaml", "a verl config"), ("open-r1-pass-rate-filter.yaml", "a data generation"),
    ("accelerate-deepspeed-zero3.yaml", "an accelerate config"),
])
def test_a_config_passed_as_the_recipe_is_named_for_what_it_is(name, what):
    with pytest.raises(InputError) as caught:
        ingest(recipe=SHAPES / name, repo_id="acme/x")
    assert [(p.code, p.path) for p in caught.value.problems] == [("unrecognized-format", "$")]
    assert caught.value.problems[0].message.startswith(f"is {what}")
    assert "not a training recipe" in caught.value.problems[0].message


def test_an_axolotl_template_with_an_empty_model_is_a_recipe_refused_for_its_empty_dataset():
    path = SHAPES / "axolotl-template-empty-model.yaml"
    assert recipe_kind(yaml.safe_load(path.read_text())) == "axolotl"
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert [(p.code, p.path) for p in caught.value.problems] == [("missing-field", "$.datasets[0].path")]


def test_open_r1s_first_filtering_config_is_not_a_recipe():
    """open-r1 recipes/dataset_filtering/config_demo.yaml (Feb 2025) named its bounds low/high_reward_threshold."""
    assert recipe_kind({"model_name_or_path": "a/b", "dataset_name": "a/c", "num_generations": 4,
                        "reward_funcs": ["accuracy"], "low_reward_threshold": 0.2, "high_reward_threshold": 0.8}) is None


# ---------------------------------------------------------------------------- the config an axolotl card embeds


def test_an_ingest_reads_each_file_once(monkeypatch):
    """The card is imported and its embedded axolotl config read as the recipe from one read of the file."""
    import generator.io.files as files

    reads: list[str] = []
    real = files._read_text
    monkeypatch.setattr(files, "_read_text", lambda path, label=None: reads.append(str(path)) or real(path, label))
    ingest(sources=[SHAPES / "axolotl-0.4-card-config.md"], repo_id="acme/x")
    assert reads.count(str(SHAPES / "axolotl-0.4-card-config.md")) == 1


def test_the_axolotl_config_a_card_embeds_is_its_recipe_as_a_source_and_as_recipe(tmp_path):
    """`ingest card.md` imports the card and reads the config under `See axolotl config` as the run's recipe (what
    the card's Trainer part says wins); `--recipe card.md` reads that config alone."""
    got = ingest(sources=[SHAPES / "axolotl-0.4-card-config.md"], repo_id="acme/x")
    model, hp = got.data["model"], got.data["training"]["hyperparameters"]
    assert model["base_model"] == "acme/tiny-base" and model["datasets"] == ["acme/chat-pairs"]
    assert (hp["lora_r"], hp["lora_alpha"], hp["load_in_4bit"], hp["max_length"]) == (32, 16, True, 2048)
    assert hp["optimizer"] == "Adam with betas=(0.9,0.999) and epsilon=1e-08"  # the card's: what ran
    assert {"axolotl", "qlora"} <= set(model["tags"])
    assert any(p.path == "$.base_model" and "local path" in p.message for p in got.warnings)
    alone = ingest(recipe=SHAPES / "axolotl-0.4-card-config.md", repo_id="acme/x").data
    assert alone["training"]["hyperparameters"]["optimizer"].startswith("adamw_bnb_8bit")
    assert alone["training"]["hyperparameters"]["train_batch_size"] == 2
    crlf = tmp_path / "README.md"  # a card saved with Windows line ends
    crlf.write_bytes((SHAPES / "axolotl-0.4-card-config.md").read_bytes().replace(b"\n", b"\r\n"))
    assert ingest(recipe=crlf, repo_id="acme/x").data == alone


def test_a_card_without_an_axolotl_config_is_no_recipe_and_a_broken_one_is_a_warning(tmp_path):
    plain = tmp_path / "README.md"
    plain.write_text("---\nlicense: mit\n---\n# tiny\n\nA model.\n")
    with pytest.raises(InputError) as caught:
        ingest(recipe=plain, repo_id="acme/x")
    assert "holding no training recipe" in caught.value.problems[0].message
    broken = tmp_path / "broken.md"
    broken.write_text((SHAPES / "axolotl-0.4-card-config.md").read_text().replace("lora_r: 32", "lora_r: [32"))
    got = ingest(sources=[broken], repo_id="acme/x")
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 0.0002  # the card is still imported
    assert any("the axolotl config the card embeds is not read" in p.message for p in got.warnings)


def test_a_run_folder_whose_readme_axolotl_wrote_reads_the_config_it_embeds(tmp_path):
    (tmp_path / "README.md").write_bytes((SHAPES / "axolotl-0.4-card-config.md").read_bytes())
    (tmp_path / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": 32, "lora_alpha": 16,
                                                              "base_model_name_or_path": "acme/tiny-base"}))
    got = ingest(sources=[tmp_path], repo_id="acme/x")
    assert got.data["model"]["datasets"] == ["acme/chat-pairs"]  # only the embedded config names the dataset
    assert got.data["training"]["hyperparameters"]["max_length"] == 2048


def test_a_recipe_agrees_with_a_cards_text_of_the_same_value(tmp_path):
    """transformers 4.4x+ cards write `num_epochs: 5.0` and `optimizer: Use adamw_bnb_8bit with ... and
    optimizer_args=No additional optimizer arguments` (axolotl 0.7 card, 2025) for a recipe's 5 and adamw_bnb_8bit:
    no disagreement; a card's other optimizer is one."""
    text = (SHAPES / "axolotl-0.4-card-config.md").read_text().replace("- num_epochs: 1", "- num_epochs: 1.0")
    card = tmp_path / "README.md"
    card.write_text(text.replace("- optimizer: Adam with", "- optimizer: Use adamw_bnb_8bit with").replace(
        "epsilon=1e-08\n", "epsilon=1e-08 and optimizer_args=No additional optimizer arguments\n"))
    assert not [p for p in ingest(sources=[card], repo_id="acme/x").warnings if p.code == "conflicting-values"]
    card.write_text(text)  # transformers to 4.43 at least wrote Adam for any Adam variant
    assert not [p for p in ingest(sources=[card], repo_id="acme/x").warnings if p.code == "conflicting-values"]
    card.write_text(text.replace("- optimizer: Adam with", "- optimizer: SGD with"))
    assert [p.path for p in ingest(sources=[card], repo_id="acme/x").warnings if p.code == "conflicting-values"] == [
        "$.training.hyperparameters.optimizer"]


def test_an_axolotl_config_whose_details_block_the_author_left_unclosed_is_read():
    """cognitivecomputations/dolphin-2.9.2-qwen2-72b's card (and its quantized copies) dropped `</details>` after the
    config's fence: the fence's end closes the config; it was refused as a card holding no recipe."""
    got = ingest(recipe=SHAPES / "axolotl-0.4-card-unclosed-details.md", repo_id="acme/x").data
    assert got["model"]["base_model"] == "Qwen/Qwen2-72B"
    hp = got["training"]["hyperparameters"]
    assert (hp["learning_rate"], hp["gradient_accumulation_steps"], hp["num_epochs"]) == (1e-5, 8, 3)
    assert hp["optimizer"].startswith("paged_adamw_8bit")


def test_a_run_folders_recipe_and_a_cards_embedded_config_are_each_parsed_once(tmp_path, monkeypatch):
    """The recipe found in a run's folder is handed on parsed (it was parsed again to be read), and the config an
    imported card embeds is read from one reading of the card (read_card_recipe read it twice)."""
    import shutil

    import generator.sources.recipe as recipe_module

    parsed: list[str] = []
    read: list[str] = []
    load, text = recipe_module.load_data_file, recipe_module.read_text
    monkeypatch.setattr(recipe_module, "load_data_file", lambda path, *a, **k: parsed.append(path.name) or
                        load(path, *a, **k))
    monkeypatch.setattr(recipe_module, "read_text", lambda path, *a, **k: read.append(path.name) or text(path, *a, **k))
    run = tmp_path / "saves"
    shutil.copytree(RUN / "output", run)
    shutil.copy2(SHAPES / "llamafactory-0.9-lora-dpo.yaml", run / "training_args.yaml")
    assert ingest(trainer_dir=run, repo_id="acme/x").data["training"]["hyperparameters"]["beta"] == 0.1
    assert parsed.count("training_args.yaml") == 1
    got = ingest(sources=[SHAPES / "axolotl-0.4-card-config.md"], repo_id="acme/x")
    assert got.data["model"]["datasets"] == ["acme/chat-pairs"]  # the embedded config was read
    assert read.count("axolotl-0.4-card-config.md") == 1


@pytest.mark.parametrize("key, value", [("dataset_dir", "x" * 5000), ("dataset", "org/" + "x" * 5000),
                                        ("dataset_dir", "data\0dir")])
def test_a_name_no_file_can_have_is_read_as_no_file_beside_the_recipe(tmp_path, key, value):
    """A dataset_dir or dataset name too long for the system (ENAMETOOLONG) or holding a NUL, looked for beside the
    recipe (a fuzzed LLaMA-Factory recipe): pathlib raised on it, a traceback; it is simply no file there."""
    data = yaml.safe_load((SHAPES / "llamafactory-0.9-webui-training-args.yaml").read_text(encoding="utf-8"))
    data[key] = value
    recipe = tmp_path / "config.yaml"
    recipe.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert read_source(recipe).data["model"]


def test_llamafactory_hqq_or_eetq_quantization_is_not_bitsandbytes(write):
    """LLaMA-Factory's on-the-fly quantization by HQQ or EETQ (its otfq example's other choices) is no bitsandbytes
    load_in_4bit/8bit nor a QLoRA: named with its method and bits, the LoRA adapter kept; bitsandbytes (the
    default, `bnb` from 0.9.2) still reads as load_in_4bit."""
    model, training, warnings = read("llamafactory-0.9-otfq-hqq.yaml")
    hp = training["hyperparameters"]
    assert "load_in_4bit" not in hp and "qlora" not in model["tags"] and "lora" in model["tags"]
    assert (hp["peft_type"], hp["lora_r"], hp["lora_target_modules"]) == ("LORA", 8, "all-linear")
    said = [w.message for w in warnings if w.code == "not-kept"]
    assert len(said) == 1 and "quantization_method hqq with quantization_bit 4 (the base model quantized on the " \
        "fly by HQQ" in said[0]
    assert "quantization_method" not in unkept(warnings)
    text = (SHAPES / "llamafactory-0.9-otfq-hqq.yaml").read_text()
    eetq = read_source(write("eetq.yaml", text.replace("quantization_bit: 4\nquantization_method: hqq",
                                                       "quantization_bit: 8\nquantization_method: eetq")))
    assert "load_in_8bit" not in eetq.data["training"]["hyperparameters"]
    for name in ("bnb", "bitsandbytes"):
        got = read_source(write(f"{name}.yaml", text.replace("method: hqq", f"method: {name}")))
        assert got.data["training"]["hyperparameters"]["load_in_4bit"] is True and "qlora" in got.data["model"]["tags"]


def test_llamafactory_interleaved_datasets_keep_their_probabilities(write):
    """mix_strategy interleave_under/over samples each dataset with its interleave_probs (DataArguments, 0.6+): said in
    each Hub dataset's details, in the order of `dataset`, and in the not-kept warning for names that are no Hub ids;
    concat (the default) says nothing, and probabilities LLaMA-Factory refuses for their count are not spread."""
    text = (SHAPES / "llamafactory-0.9-online-dataset-list.yaml").read_text()
    two = text.replace("  - tatsu-lab/alpaca\n", "  - tatsu-lab/alpaca\n  - HuggingFaceH4/no_robots\n"
                       "mix_strategy: interleave_under\ninterleave_probs: 0.9, 0.1\n")
    got = read_source(write("online.yaml", two))
    assert got.data["model"]["dataset_details"] == {
        "tatsu-lab/alpaca": "interleaved with probability 0.9, undersampling",
        "HuggingFaceH4/no_robots": "interleaved with probability 0.1, undersampling"}
    assert not [w for w in got.warnings if w.code == "not-kept" and "mix_strategy" in w.message]
    assert not {"mix_strategy", "interleave_probs"} & set(unkept(got.warnings))
    local = read_source(write("local.yaml", two.replace("dataset_dir: ONLINE\n", "").replace("under", "over")))
    said = [w.message for w in local.warnings if w.code == "not-kept"]  # with max_samples'; at the first one's path
    assert said and "mix_strategy interleave_over: tatsu-lab/alpaca interleaved with probability 0.9, oversampling; " \
        "HuggingFaceH4/no_robots interleaved with probability 0.1, oversampling" in said[0]
    concat = read_source(write("concat.yaml", two.replace("interleave_under\ninterleave_probs: 0.9, 0.1", "concat")))
    assert "dataset_details" not in concat.data["model"]
    wrong = read_source(write("wrong.yaml", two.replace("0.9, 0.1", "0.9, 0.05, 0.05")))
    assert "dataset_details" not in wrong.data["model"]
    assert [w for w in wrong.warnings if w.code == "not-kept" and "3 probabilities for 2 datasets" in w.message]


def test_axolotl_2023_max_packed_sequence_len_is_packing_to_that_length(write):
    """axolotl to 0.3 packs into sequences of min(max_packed_sequence_len, sequence_len) tokens; beside sample_packing
    (refused by every release) it is named not used."""
    _, training, warnings = read("axolotl-2023-max-packed-sequence-len.yml")
    hp = training["hyperparameters"]
    assert (hp["packing"], hp["max_length"], hp["gradient_accumulation_steps"]) == (True, 1024, 4)
    assert "max_packed_sequence_len" not in unkept(warnings)
    text = (SHAPES / "axolotl-2023-max-packed-sequence-len.yml").read_text()
    longer = read_source(write("longer.yml", text.replace("max_packed_sequence_len: 1024", "max_packed_sequence_len: 4096")))
    assert longer.data["training"]["hyperparameters"]["max_length"] == 2048
    both = read_source(write("both.yml", text + "sample_packing: true\n"))
    assert both.data["training"]["hyperparameters"]["max_length"] == 2048
    assert [w.path for w in both.warnings if w.code == "not-used"] == ["$.max_packed_sequence_len"]


def test_axolotl_2023_deprecated_neftune_and_rope_scaling_keys(write):
    """axolotl 0.3's noisy_embedding_alpha is NEFTune's alpha (0.4 on move it to neftune_noise_alpha); its top-level
    rope_scaling set the model config's RoPE scaling: named with its value, no longer a launch detail."""
    text = (SHAPES / "axolotl-2023-max-packed-sequence-len.yml").read_text()
    got = read_source(write("neftune.yml", text + "noisy_embedding_alpha: 5\nrope_scaling:\n  type: linear\n"
                                                  "  factor: 2.0\n"))
    assert got.data["training"]["hyperparameters"]["neftune_noise_alpha"] == 5
    assert not {"noisy_embedding_alpha", "rope_scaling"} & set(unkept(got.warnings))
    said = [w.message for w in got.warnings if w.code == "not-kept"]
    assert said and "rope_scaling {type: linear, factor: 2.0} (the RoPE scaling of the model's config" in said[0]


def test_a_path_under_a_data_folder_is_not_listed_as_a_hub_dataset(write, tmp_path):
    """hgissbkh/translation-alignment's axolotl DPO recipe trains on `data/preference_data_...`, a folder its script
    writes: of the `org/name` form, it was listed as a Hub dataset. axolotl (0.1 to 0.18: `Path(path).exists()`
    before its Hub check) and datasets' load_dataset load a path that exists where the run started, else the Hub
    dataset of that id; a card knows only the folders here. A path under a project's data folder found nowhere here
    is not listed, and the warning says the card cannot tell; one whose first folder is beside the recipe without it
    is a path into that folder; an `org/name` of another namespace stays the Hub dataset."""
    model, _, warnings = read("axolotl-0.4-dpo-local-data-folder.yaml")
    assert model["datasets"] == ["acme/preference-pairs"]
    (said,) = [w for w in warnings if w.code == "not-a-hub-id"]
    assert said.path == "$.datasets[0].path" and "may be a local folder" in said.message
    assert "cannot tell it from a Hub dataset of the namespace 'data'" in said.message
    # another first folder, nowhere here: the Hub dataset of that id; beside the recipe, without the path (not
    # committed): a path into that folder
    text = (SHAPES / "axolotl-0.4-dpo-local-data-folder.yaml").read_text().replace("data/preference", "corpus/preference")
    recipe = write("run/recipe.yaml", text)
    got = read_source(recipe)
    assert got.data["model"]["datasets"] == ["corpus/preference_pairs_sampled_n20", "acme/preference-pairs"]
    (recipe.parent / "corpus").mkdir()
    got = read_source(recipe)
    assert got.data["model"]["datasets"] == ["acme/preference-pairs"]
    (said,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert f"a folder corpus/ is beside the recipe ({recipe.parent / 'corpus'}) without it" in said.message
    # the path itself there: the local folder the tool loads, as before
    (recipe.parent / "corpus" / "preference_pairs_sampled_n20").mkdir()
    got = read_source(recipe)
    assert got.data["model"]["datasets"] == ["acme/preference-pairs"]
    (said,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert "is not a Hub dataset id (a local file or folder" in said.message


def test_an_axolotl_datasets_revision_is_the_datasets_revision(write, tmp_path):
    """axolotl 0.5+ loads a Hub dataset entry at its `revision` (a commit, tag or branch; #1912): it was dropped, and
    the card named the dataset with no revision. It is model.dataset_revisions, by the dataset's id, which Model
    details' Training data links (the files at that revision); a local path's, which axolotl ignores, is not kept,
    nor a second revision of one dataset (said)."""
    model, _, _ = read("axolotl-0.5-dataset-revision.yaml")
    assert model["datasets"] == ["acme/alpaca-messages", "acme/chat-mix"]
    assert model["dataset_revisions"] == {"acme/alpaca-messages": "0123456789abcdef0123456789abcdef01234567",
                                          "acme/chat-mix": "v1.0"}
    card = build_card(recipe=SHAPES / "axolotl-0.5-dataset-revision.yaml", repo_id="acme/tiny-lora",
                      output=tmp_path / "README.md").text
    assert "[acme/chat-mix](https://huggingface.co/datasets/acme/chat-mix) at [v1.0](https://huggingface.co/" \
           "datasets/acme/chat-mix/tree/v1.0)" in card
    text = (SHAPES / "axolotl-0.5-dataset-revision.yaml").read_text()
    twice = read_source(write("twice.yaml", text.replace(
        "  - path: data/local_pairs.jsonl", "  - path: acme/chat-mix\n    type: chat_template\n    revision: v2.0\n"
                                            "  - path: data/local_pairs.jsonl")))
    assert twice.data["model"]["dataset_revisions"]["acme/chat-mix"] == "v1.0"
    (said,) = [w for w in twice.warnings if w.path == "$.datasets[2].revision"]
    assert said.code == "not-kept" and "'v2.0'" in said.message and "'v1.0'" in said.message
    with pytest.raises(InputError, match=r"\$\.datasets\[1\]\.revision: is 1\.5, expected a string"):
        read_source(write("typed.yaml", text.replace("revision: v1.0", "revision: 1.5")))


def test_a_llamafactory_hf_hub_url_is_the_hubs_whatever_its_namespace(write):
    """A dataset_info.json entry's hf_hub_url is the Hub dataset the recipe declares: a `data/...` id there stays
    listed (only a path here overrides it, as datasets' load_dataset would), where a `data/...` name under dataset_dir
    ONLINE, beside the project's own data/ folder, is a path into that folder (recipe_paths)."""
    write("data/dataset_info.json", '{"prefs": {"hf_hub_url": "data/prefs-v2", "ranking": true}}')
    text = (SHAPES / "llamafactory-0.9-lora-dpo.yaml").read_text().replace("dpo_en_demo,my_prefs", "prefs")
    got = read_source(write("run.yaml", text))
    assert got.data["model"]["datasets"] == ["data/prefs-v2"]
    online = read_source(write("online.yaml", text.replace("dataset: prefs\n", "dataset: data/prefs-v2\n"
                                                           "dataset_dir: ONLINE\n")))
    assert "datasets" not in online.data["model"]
    (said,) = [w for w in online.warnings if w.code == "not-a-hub-id"]
    assert "may be a local folder" in said.message and "a folder data/ is beside the recipe" in said.message


def test_an_axolotl_dataset_named_by_its_hub_url_is_that_hub_dataset(write):
    """axolotl 0.5+ loads an https:// path with load_dataset(ds_type, data_files=URL): the Hub's download URL of a
    file (/resolve/<revision>/<file>) is that dataset's file at that revision, and a page URL names the dataset. Both
    were read as local files (a not-a-hub-id warning, no dataset named); a file loader's data_files given as hf:// (as
    `datasets` reads the Hub's files) likewise."""
    model, _, warnings = read("axolotl-0.5-dataset-hub-urls.yaml")
    assert model["datasets"] == ["acme/alpaca-messages", "acme/chat-mix"]
    assert model["dataset_revisions"] == {"acme/alpaca-messages": "0123456789abcdef0123456789abcdef01234567"}
    assert not [w for w in warnings if w.code == "not-a-hub-id"]
    assert model["dataset_details"] == {"acme/alpaca-messages": "data_files data/train.jsonl"}
    text = (SHAPES / "axolotl-0.9-pretraining-dataset-revision.yaml").read_text()
    got = read_source(write("hf.yaml", text.replace("  - path: acme/web-text\n", "  - path: json\n    data_files: "
                                                    "hf://datasets/acme/web-text@refs%2Fconvert%2Fparquet/en/0.jsonl\n")
                            .replace("    revision: v2.0\n", "")))
    assert got.data["model"]["datasets"] == ["acme/web-text"]
    assert got.data["model"]["dataset_revisions"] == {"acme/web-text": "refs/convert/parquet"}


def test_an_axolotl_pretraining_dataset_revision_is_said_unused():
    """A pretraining_dataset entry's revision (its schema accepts SFTDataset's fields) is passed by no axolotl 0.4 to
    0.18, which streams the entry with load_dataset(path, name, split, data_files): it was ignored silently; now a
    not-used warning says so, and records name no revision of the dataset."""
    model, _, warnings = read("axolotl-0.9-pretraining-dataset-revision.yaml")
    assert model["datasets"] == ["acme/web-text"] and "dataset_revisions" not in model
    (said,) = [w for w in warnings if w.path == "$.pretraining_dataset[0].revision"]
    assert said.code == "not-used" and "'v2.0'" in said.message


def test_only_the_first_axolotl_pretraining_dataset_is_listed(write):
    """axolotl 0.4 to 0.18 stream pretraining_dataset[0] alone: a second entry (its schema takes a list) was listed
    as a training dataset the run never read; it is said unused, and not listed."""
    text = (SHAPES / "axolotl-0.9-pretraining-dataset-revision.yaml").read_text().replace(
        "    revision: v2.0\n", "  - path: acme/code-text\n    type: pretrain\n")
    got = read_source(write("two.yaml", text))
    assert got.data["model"]["datasets"] == ["acme/web-text"]
    (said,) = [w for w in got.warnings if w.path == "$.pretraining_dataset[1]"]
    assert said.code == "not-used" and "'acme/code-text' was not trained on" in said.message


def test_a_base_model_found_beside_the_recipe_is_the_local_folder_transformers_loads(write):
    """A base_model of the Hub id form that is a folder where the run may have started (the recipe's folder or a
    parent, as for its dataset paths) is the local model transformers loads first: it was taken for the Hub model
    checkpoints/tiny-base, as only the working folder was looked in."""
    text = (SHAPES / "axolotl-0.12-dpo-lora.yaml").read_text().replace("acme/tiny-instruct", "checkpoints/tiny-base")
    recipe = write("examples/dpo.yaml", text)
    assert read_source(recipe).data["model"]["base_model"] == "checkpoints/tiny-base"  # nothing of that name here
    (recipe.parent.parent / "checkpoints" / "tiny-base").mkdir(parents=True)
    got = read_source(recipe)
    assert "base_model" not in got.data["model"]
    (said,) = [w for w in got.warnings if w.path == "$.base_model"]
    assert said.code == "not-a-hub-id" and "'checkpoints/tiny-base' is a local path" in said.message


def test_a_llamafactory_v1_train_dataset_of_json_is_a_data_file_not_a_list(write):
    """The v1 DataEngine (0.9.4 on) reads train_dataset as a list of datasets only when it ends in .yaml; a .json that
    exists is a local data file (its `local` loader plugin). A .json mapping beside the recipe was read as a list and
    its entries listed as the Hub datasets trained on; it is a local file, named as one."""
    write("data/pairs.json", '{"a": {"path": "acme/prefs"}}')
    text = (SHAPES / "llamafactory-0.9.5-v1-lora-dpo.yaml").read_text()
    got = read_source(write("run.yaml", re.sub(r"(?m)^train_dataset:.*$", "train_dataset: data/pairs.json", text)))
    assert "datasets" not in got.data["model"]
    (said,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert said.path == "$.train_dataset" and "'data/pairs.json' is not a Hub dataset id (a local file" in said.message
