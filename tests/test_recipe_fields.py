"""A recipe's values one by one (sources/recipe_fields.py): wrong types refused all at once, repeated keys, Hub ids,
variables a launch script fills in, and what the records cannot hold (a dataset's config, split or weight) named.

The shapes are files we wrote (tests/recipe_shapes/, each named in its ORIGINS.txt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build_card, ingest
from generator.errors import InputError
from generator.sources.readers import read_source

SHAPES = Path(__file__).resolve().parent / "recipe_shapes"


def read(name: str):
    got = read_source(SHAPES / name)
    assert got.format == "recipe"
    return got.data.get("model", {}), got.data.get("training", {}), got.warnings


def said(got) -> list:
    """The warnings but the one a recipe naming no training method gets (these small recipes name none)."""
    return [w for w in got.warnings if w.code != "no-method"]


def _not_kept(got) -> list[str]:
    """What each `not-kept` warning says after its file and path."""
    return [w.message.split(": ", 1)[1] for w in got.warnings if w.code == "not-kept"]


def test_every_wrong_type_of_a_recipe_is_reported_at_once(write):
    path = write("bad.yml", "base_model: acme/tiny\nlearning_rate: fast\nmicro_batch_size: 2.5\n"
                            "datasets:\n  - path: acme/a\n  - type: alpaca\n  - just-a-string\nadapter: lora\n"
                            "lora_r: [8]\n")
    with pytest.raises(InputError) as info:
        read_source(path)
    got = [(p.path, p.code) for p in info.value.problems]
    assert got == [("$.learning_rate", "wrong-type"), ("$.micro_batch_size", "wrong-type"),  # in the file's order
                   ("$.datasets[1].path", "missing-field"), ("$.datasets[2]", "wrong-type"), ("$.lora_r", "wrong-type")]
    assert all(p.file == str(path) and p.fix for p in info.value.problems)


@pytest.mark.parametrize("text, where", [
    ("model_name_or_path: a/b\ndataset_mixer: [a/c]\nlearning_rate: 1e-5\n", "$.dataset_mixer"),
    ("model_name_or_path: a/b\ndataset_mixture:\n  datasets:\n  - config: x\n", "$.dataset_mixture.datasets[0].id"),
    ("model_name_or_path: a/b\nnum_epochs: three\nuse_lora: true\n", "$.num_epochs"),
    ("model_name_or_path: a/b\nstage: sft\ndataset: [1, 2]\n", "$.dataset"),
    ("base_model: a/b\ndatasets: acme/x\n", "$.datasets"),
    ("base_model: a/b\nrl: dpo\ntrl: 0.1\n", "$.trl"),
    ("model: a/b\ntrain_dataset: x.yaml\nmicro_batch_size: 1\npeft_config:\n  name: lora\n  r: eight\n",
     "$.peft_config.r"),
])
def test_each_tools_wrong_shapes_name_the_field(write, text, where):
    with pytest.raises(InputError) as info:
        read_source(write("r.yaml", text))
    assert [p.path for p in info.value.problems] == [where]


def test_a_repeated_key_is_read_as_the_tools_read_it_and_named(write):
    """open-r1 and open-instruct recipes repeat keys (``do_eval``, ``packing``, ``checkpointing_steps``); TrlParser and
    the other tools load them with PyYAML, where the last one wins."""
    path = write("config_demo.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-5\npacking: false\n"
                                     "num_train_epochs: 1\npacking: true\n")
    got = read_source(path)
    assert got.data["training"]["hyperparameters"]["packing"] is True
    assert [(w.path, w.code, w.severity) for w in got.warnings] == [("line 5", "duplicate-key", "warning")]
    assert "'packing'" in got.warnings[0].message


def test_a_records_file_with_a_repeated_key_is_still_refused(write):
    path = write("records.yaml", "model:\n  repo_id: a/b\n  repo_id: a/c\n")
    with pytest.raises(InputError) as info:
        ingest(sources=[path])
    assert [(p.path, p.code) for p in info.value.problems] == [("line 3, column 3", "duplicate-key")]


def test_a_canonical_model_without_a_namespace_is_a_base_model(write):
    """alignment-handbook's gpt2-nl recipe starts from ``gpt2``: a Hub id the Hub still redirects."""
    got = read_source(write("r.yaml", "model_name_or_path: gpt2\nlearning_rate: 1.0e-5\n"))
    assert got.data["model"]["base_model"] == "gpt2" and said(got) == []


def test_a_variable_the_launch_script_fills_in_is_left_out_with_a_warning_not_refused():
    model, training, warnings = read("llamafactory-0.9.4-peft-variables.yaml")
    assert {(w.path, w.code) for w in warnings} == {("$.seed", "unfilled-variable"),
                                                    ("$.model_name_or_path", "unfilled-variable"),
                                                    ("$.dataset", "unfilled-variable"),
                                                    ("$.output_dir", "unfilled-variable"),
                                                    ("$.trust_remote_code", "unkept-settings")}
    assert "base_model" not in model and "datasets" not in model
    hyper = training["hyperparameters"]
    assert "seed" not in hyper and hyper["learning_rate"] == 1e-4 and hyper["lora_r"] == 8


def test_an_id_the_hub_would_refuse_is_named_not_used(write):
    """open-instruct's tulu3 preview mixes name a dataset whose id is over the Hub's 96 characters."""
    long_id = "acme/" + "mixture-with-subset-" * 5
    got = read_source(write("r.yaml", f"model_name_or_path: a/b\nlearning_rate: 1.0e-5\ndataset_mixer:\n"
                                      f"  {long_id}: 1.0\n  acme/ok: 0.5\n"))
    assert got.data["model"]["datasets"] == ["acme/ok"]
    assert [(w.path, w.code) for w in said(got) if w.code != "not-kept"] == [(f"$.dataset_mixer[\"{long_id}\"]",
                                                                                "not-a-hub-id")]
    build_card(sources=[got.source], repo_id="acme/x")  # the card passes the Hub's rules


@pytest.mark.parametrize("text, parts", [
    ("dataset_name: acme/math\ndataset_config: main\ndataset_train_split: train_sft\n",
     {"acme/math": "config main, split train_sft"}),
    ("dataset_name: acme/math\ndataset_configs:\n- all\n", {"acme/math": "config all"}),
    ("dataset_mixer_list: [acme/a, 1.0, acme/b, 0.3]\ndataset_mixer_list_splits: [train]\n", {"acme/b": "weight 0.3"}),
    ("datasets:\n- path: acme/a\n  name: all\n  split: train\n- path: acme/b\n", {"acme/a": "config all"}),
    # open-instruct's tulu3 preview mixes (configs/train_configs/sft/tulu3_8b_preview_mix_v3.2.yaml): examples taken
    ("dataset_mixer:\n  acme/a: 326154\n  acme/b: 1.0\n", {"acme/a": "326,154 examples"}),
    # alignment-handbook's dataset_splits are of each mixer dataset; those with "test" in them are its eval set
    ("dataset_mixer:\n  acme/a: 0.5\n  acme/b: 1.0\ndataset_splits: [train_prefs, test_prefs]\n",
     {"acme/a": "weight 0.5, split train_prefs", "acme/b": "split train_prefs"}),
    # alignment-handbook 2025: entries of one dataset at two splits, the same otherwise, are one part of it
    ("dataset_mixture:\n  datasets:\n  - {id: acme/a, config: default, split: train_prefs, weight: 1.0}\n"
     "  - {id: acme/a, config: default, split: test_prefs, weight: 1.0}\n  - {id: acme/b, split: train}\n"
     "  - {id: acme/c, config: x, split: a}\n  - {id: acme/c, config: x, split: b, weight: 0.5}\n",
     {"acme/a": "splits train_prefs, test_prefs", "acme/c": "config x, split a; config x, weight 0.5, split b"}),
])
def test_dataset_configs_splits_and_weights_are_kept_by_dataset_and_shown_in_the_training_data(write, text, parts):
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-5\n" + text))
    assert got.data["model"]["dataset_details"] == parts and said(got) == []
    card = build_card(sources=[got.source], repo_id="acme/x").text
    line = next(line for line in card.splitlines() if line.startswith("- **Training data:**"))
    assert all(f"](https://huggingface.co/datasets/{d}) ({part})" in line for d, part in parts.items())


def test_an_axolotl_datasets_config_and_split_are_kept(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\ndatasets:\n  - path: acme/a\n    "
                                     "name: en\n    split: train[:10%]\n    type: alpaca\n  - path: acme/b\n"
                                     "    split: train\n"))
    assert got.warnings == [] and got.data["model"]["dataset_details"] == {"acme/a": "config en, split train[:10%]"}


def test_the_config_of_a_dataset_that_is_no_hub_dataset_is_named_not_kept(write, tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "x.json").write_text("{}", encoding="utf-8")
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\ndatasets:\n  - path: local/x.json\n"
                                     "    name: en\n  - path: acme/b\n    split: test\n"))
    assert got.data["model"]["dataset_details"] == {"acme/b": "split test"}
    kept = [w for w in got.warnings if w.code == "not-kept"]
    assert [(w.path, w.message.split(" (", 1)[1].split(")")[0]) for w in kept] == [("$.datasets[0]",
                                                                                    "local/x.json: config en")]


@pytest.mark.parametrize("text, where, fix", [
    ("model_name_or_path: a/b\nlearning_rate: 1e-5\nlr_scheduler_type: .inf\n", "$.lr_scheduler_type",
     "write lr_scheduler_type as a string"),
    ("model_name_or_path: a/b\nlearning_rate: .nan\n", "$.learning_rate", "write learning_rate as a number"),
    ("base_model: a/b\nmicro_batch_size: 2\nlr_scheduler: .inf\n", "$.lr_scheduler", "write lr_scheduler as a string"),
    ("stage: sft\nmodel_name_or_path: a/b\noptim: -.inf\n", "$.optim", "write optim as a string"),
])
def test_an_infinite_or_nan_value_gets_the_fix_of_its_field(write, text, where, fix):
    path = write("recipe.yaml", text)
    with pytest.raises(InputError) as info:
        read_source(path)
    assert [(p.path, p.code) for p in info.value.problems] == [(where, "wrong-type")]
    assert info.value.problems[0].fix.startswith(fix)


def test_llamafactory_settings_records_have_no_field_for_are_named_with_what_they_do():
    model, training, warnings = read("llamafactory-0.9-galore-full.yaml")
    said = [w for w in warnings if w.code == "not-kept"]
    assert len(said) == 1 and said[0].path == "$.max_samples"
    assert said[0].message.endswith(
        "max_samples 1000 (each dataset cut to that many examples); val_size 0.1 (that share or number of the "
        "examples held out for evaluation); pure_bf16 true (weights trained in bf16 without mixed precision); "
        "use_galore true (GaLore: gradients projected to low rank: galore_layerwise true, galore_target "
        "mlp,self_attn, galore_rank 128, galore_scale 2.0)")  # badam_* without use_badam: not used, not named
    assert model["repo_id"] == "acme-lab/galore"  # transformers 4: push_to_hub_organization/<output_dir's name>


@pytest.mark.parametrize("extra, repo", [
    ("output_dir: ${OUTPUT_DIR}\n", None), ("output_dir: out/run-1\nhub_model_id: mine\n", "acme-lab/run-1"),
    ("output_dir: out/run-1\npush_to_hub_model_id: tuned\n", "acme-lab/tuned"),
])
def test_push_to_hub_organization_names_the_repo_as_transformers_4_did(write, extra, repo):
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-5\npush_to_hub_organization: "
                                      "acme-lab\n" + extra))
    assert got.data["model"].get("repo_id") == repo
    # transformers 4 pushes to ORG/<push_to_hub_model_id or output_dir's name>: a hub_model_id beside it is not used
    assert [w.code for w in got.warnings if w.path.startswith(("$.hub_model_id", "$.push_to"))] == \
        (["not-used"] if "\nhub_model_id:" in "\n" + extra else [] if repo else ["not-a-hub-id"])


def test_axolotl_settings_records_have_no_field_for_are_named_with_what_they_do():
    _, training, warnings = read("axolotl-0.13-qat-fsdp2.yaml")
    said = [w for w in warnings if w.code == "not-kept"]
    assert len(said) == 1
    assert said[0].message.endswith(
        "train_on_inputs true (loss on the prompts too); cosine_min_lr_ratio 1.0 (the cosine schedule decays to that "
        "share of the peak learning rate); qat {activation_dtype: int8, weight_dtype: int4, group_size: 32} "
        "(quantization-aware training); fsdp_version 2 (the model sharded with PyTorch FSDP2); fsdp_config "
        "{fsdp_offload_params: false, fsdp_reshard_after_forward: true} (the settings it is sharded with)")  # the version once
    assert training["hyperparameters"]["fsdp"] == "full_shard, auto_wrap"


def test_an_axolotl_fsdp_config_without_the_option_list_and_gptq_are_named(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\ngptq: true\nfsdp_version: 2\n"
                                     "fsdp_config:\n  reshard_after_forward: true\n"))
    said = [w for w in got.warnings if w.code == "not-kept"]
    assert said[0].message.endswith("gptq true (the base model loaded GPTQ-quantized); fsdp_version 2 (the model "
                                    "sharded with PyTorch FSDP2); fsdp_config {reshard_after_forward: true} (the "
                                    "settings it is sharded with)")


def test_llamafactory_neat_packing_is_packing(write):
    got = read_source(write("r.yaml", "stage: sft\nmodel_name_or_path: a/b\nneat_packing: true\n"))
    assert got.data["training"]["hyperparameters"]["packing"] is True
    assert _not_kept(got) == [
        "neat_packing true (packed without attention across the packed examples)"]


def test_llamafactory_freeze_settings_are_named_only_for_a_freeze_run(write):
    text = "stage: sft\nmodel_name_or_path: a/b\nfreeze_trainable_layers: 2\nadapter_name_or_path: out/lora\n"
    said = {kind: [w.message.split(": ", 1)[1] for w in read_source(write(f"{kind}.yaml", text + f"finetuning_type: "
                                                                          f"{kind}\n")).warnings if w.code == "not-kept"]
            for kind in ("freeze", "lora")}
    assert said == {"freeze": ["adapter_name_or_path out/lora (training goes on from that adapter); finetuning_type "
                               "freeze (only some of the model's layers trained: freeze_trainable_layers 2 (the number "
                               "of last layers trained (first, if negative)))"],
                    "lora": ["adapter_name_or_path out/lora (training goes on from that adapter)"]}


def test_axolotl_relora_and_unfrozen_parameters_are_named(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\nunfrozen_parameters:\n- ^lm_head.weight$\n"
                                     "relora_steps: 150\n"))
    assert _not_kept(got) == [
        "unfrozen_parameters [^lm_head.weight$] (only the parameters matching these patterns trained); relora_steps "
        "150 (ReLoRA: the LoRA merged and restarted every that many steps)"]


def test_a_llamafactory_oft_run_is_an_adapter_whose_settings_are_named(write):
    got = read_source(write("r.yaml", "stage: sft\nmodel_name_or_path: a/b\nfinetuning_type: oft\noft_block_size: 32\n"
                                      "oft_target: all\n"))
    assert (got.data["model"]["base_model_relation"], got.data["model"]["library_name"]) == ("adapter", "peft")
    assert _not_kept(got) == [
        "finetuning_type oft (a PEFT adapter other than LoRA, whose settings records keep LoRA's only: "
        "oft_block_size 32, oft_target all)"]


def test_axolotls_lr_scheduler_type_is_named_as_the_key_axolotl_drops():
    _, training, warnings = read("axolotl-0.3-lr-scheduler-type.yml")
    assert "lr_scheduler_type" not in training["hyperparameters"]
    assert [(w.path, w.code, w.message) for w in warnings if w.code == "not-read-by-tool"] == [
        ("$.lr_scheduler_type", "not-read-by-tool", "is not an axolotl key (axolotl's is lr_scheduler): axolotl drops "
         "it unread and the run used lr_scheduler (cosine, its default), so it is not kept"),
        ("$.adam_eps", "not-read-by-tool", "is not an axolotl key (axolotl's is adam_epsilon): axolotl drops it unread "
         "and the run used adam_epsilon (1e-08, TrainingArguments' default), so it is not kept")]


def test_an_axolotl_qalora_adapter_is_a_lora_adapter_with_its_group_size_named():
    model, training, warnings = read("axolotl-pr3013-2025-qalora.yml")
    hyper = training["hyperparameters"]
    assert (hyper["peft_type"], hyper["lora_r"], hyper["lora_alpha"], hyper["lora_dropout"]) == ("LORA", 32, 16, 0.05)
    assert model["base_model_relation"] == "adapter" and model["library_name"] == "peft"
    assert [w.message.split(": ", 1)[1] for w in warnings if w.code == "not-kept"] == [
        "qalora_group_size 16 (QA-LoRA: the adapter's inputs pooled in groups of that size)"]


def test_a_template_whose_flags_are_variables_too_is_read_with_each_named_not_refused():
    model, training, warnings = read("axolotl-runpod-template-variables.yaml")
    assert {w.path for w in warnings if w.code == "unfilled-variable"} == {
        "$.base_model", "$.datasets[0].path", "$.bf16", "$.fp16", "$.sample_packing", "$.micro_batch_size",
        "$.learning_rate", "$.lr_scheduler_kwargs", "$.fsdp_config"}  # the last two read as mappings
    assert "hyperparameters" not in training and "base_model" not in model


def test_a_templates_blanks_are_named_unfilled_not_read_as_a_repo_or_a_local_dataset():
    # axolotl 0.10+ examples/orpheus/finetune.yml: `<your-...>` blanks; its special tokens are no blanks
    model, _, warnings = read("axolotl-0.10-orpheus-template-blanks.yml")
    assert [(w.path, w.message.split(",")[0]) for w in warnings if w.code == "unfilled-variable"] == [
        ("$.datasets[0].path", "is '<your-hf-dataset-id>'"), ("$.hub_model_id", "is '<your-hub-model-id>'")]
    assert "repo_id" not in model and "datasets" not in model and not [w for w in warnings if w.code == "not-a-hub-id"]
    assert model["base_model"] == "canopylabs/orpheus-3b-0.1-pretrained"


def test_trl_gspo_is_named_as_grpo_config_names_it_and_dropout_and_dora_are_named_not_kept():
    _, training, warnings = read("trl-0.2x-grpo-gspo-cli.yaml")
    hyper = training["hyperparameters"]
    assert training["method"] == "grpo" and hyper["importance_sampling_level"] == "sequence"
    assert (hyper["epsilon"], hyper["epsilon_high"], hyper["beta"]) == (3e-4, 4e-4, 0.0)
    assert [w.message.split(": ", 1)[1] for w in warnings if w.code == "not-kept"] == [
        "disable_dropout true (dropout turned off in the model trained and its reference model); use_dora true "
        "(DoRA, weight-decomposed LoRA)"]


@pytest.mark.parametrize("extra, said", [
    ("disable_dropout: false\n", "disable_dropout false (dropout left on in the model trained and its reference "
                                 "model)"),
    ("loss_type: simpo\ngamma_beta_ratio: 0.5\n", "gamma_beta_ratio 0.5 (SimPO: the target reward margin, as a "
                                                  "share of beta)"),
    ("use_dora: true\n", None),  # DoRA without use_peft: no adapter, not used
])
def test_trl_settings_records_have_no_field_for_are_named(write, extra, said):
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nlearning_rate: 1.0e-6\nbeta: 0.1\n" + extra))
    assert _not_kept(got) == ([said] if said else [])


def test_axolotls_dpo_use_weighting_is_dpo_configs_use_weighting(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\nrl: dpo\ndpo_use_weighting: true\n"))
    assert got.data["training"]["hyperparameters"]["use_weighting"] is True


@pytest.mark.parametrize("text, where", [
    ("model_name_or_path: a/b\nlearning_rate: 1.0e-5\nsave_steps: .inf\n", "$.save_steps"),
    ("base_model: a/b\nmicro_batch_size: 2\nlr_scheduler_kwargs:\n  min_lr: -.inf\n", "$.lr_scheduler_kwargs.min_lr"),
    ("stage: sft\nmodel_name_or_path: a/b\nlogging_steps: .nan\n", "$.logging_steps"),
])
def test_an_infinite_value_in_a_key_no_reader_reads_is_named(write, text, where):
    got = read_source(write("r.yaml", text))
    assert [(w.path, w.code) for w in got.warnings if w.code == "not-finite"] == [(where, "not-finite")]


@pytest.mark.parametrize("text", [
    "stage: sft\nmodel_name_or_path: a/b\nfinetuning_type: full\nneftune_noise_alpha: 5\nlr_scheduler_type: "
    "cosine_with_min_lr\nlr_scheduler_kwargs:\n  min_lr_rate: 0.1\n",
    "base_model: a/b\nmicro_batch_size: 2\nneftune_noise_alpha: 5\nlr_scheduler: cosine_with_min_lr\n"
    "lr_scheduler_kwargs:\n  min_lr_rate: 0.1\n",
])
def test_neftune_and_the_schedulers_kwargs_are_named_as_training_arguments_names_them(write, text):
    hyper = read_source(write("r.yaml", text)).data["training"]["hyperparameters"]
    assert (hyper["neftune_noise_alpha"], hyper["lr_scheduler_kwargs"]) == (5, '{"min_lr_rate": 0.1}')


def test_llamafactorys_2025_optimizers_losses_and_multimodal_freezing_are_named(write):
    got = read_source(write("r.yaml", "stage: dpo\nmodel_name_or_path: a/b\nfinetuning_type: full\npref_ftx: 0.5\n"
                                      "use_muon: true\nuse_asft_loss: true\nasft_alpha: 0.2\nfreeze_vision_tower: "
                                      "false\nfreeze_multi_modal_projector: true\n"))
    assert _not_kept(got) == [
        "pref_ftx 0.5 (the SFT loss added to the preference loss with that weight); use_muon true (the Muon optimizer, "
        "in place of optim); freeze_vision_tower false (the vision tower trained too (multimodal training)); "
        "use_asft_loss true (the ASFT loss: asft_alpha 0.2)"]


def test_open_instructs_use_qlora_is_a_4_bit_lora(write):
    got = read_source(write("tulu2_7b_qlora.yaml", "model_name_or_path: a/b\ndataset_name: a/c\nuse_lora: true\n"
                                                   "use_qlora: true\nlora_rank: 64\nlearning_rate: 1.0e-4\n"))
    assert got.data["training"]["hyperparameters"]["load_in_4bit"] is True and "qlora" in got.data["model"]["tags"]


def test_open_instructs_loss_sum_sample_cut_and_load_balancing_are_named(write):
    got = read_source(write("tulu3_8b_sft.yaml", "model_name_or_path: a/b\ndataset_mixer_list: [a/c, 1.0]\n"
                                                 "learning_rate: 5.0e-6\nreduce_loss: sum\nmax_train_samples: 1000\n"
                                                 "load_balancing_loss: true\nload_balancing_weight: 0.5\n"))
    assert _not_kept(got) == [
        "max_train_samples 1000 (the training set cut to that many examples); load_balancing_loss true (the MoE "
        "router's load balancing loss added); load_balancing_weight 0.5 (its weight); reduce_loss sum (the loss summed "
        "over the tokens, not averaged)"]


def test_axolotls_relora_eaft_and_keys_it_drops_are_named(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\nlearning_rate: 2.0e-5\nrelora: true\n"
                                     "relora_prune_ratio: 0.9\njagged_restart_steps: 150\nuse_eaft: true\neaft_k: 20\n"
                                     "eta_min: 7.0e-7\n"))
    assert _not_kept(got) == [
        "jagged_restart_steps 150 (the learning rate (and ReLoRA's adapter) restarted every that many steps); relora "
        "true (ReLoRA: the LoRA merged into the model and restarted: relora_prune_ratio 0.9); use_eaft true (EAFT: the "
        "entropy-aware focal training loss: eaft_k 20)"]
    assert [(w.path, w.fix) for w in got.warnings if w.code == "not-read-by-tool"] == [
        ("$.eta_min", "write cosine_min_lr_ratio: the minimum as a share of learning_rate")]


def test_a_recipe_training_on_from_a_revision_of_the_repo_it_pushes_to_names_no_base_model(tmp_path):
    model, _, warnings = read("open-r1-grpo-same-repo-revision.yaml")
    assert model["repo_id"] == "acme/tiny-math-zero" and "base_model" not in model
    assert [(w.path, w.code) for w in warnings if w.code == "self-base-model"] == [
        ("$.model_name_or_path", "self-base-model")]
    assert "at its revision v01.00-step-000000310" in [w for w in warnings if w.code == "self-base-model"][0].message
    build_card(recipe=SHAPES / "open-r1-grpo-same-repo-revision.yaml", output=tmp_path / "README.md")


def test_axolotls_diffusion_plugin_is_named_with_its_settings(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\nplugins:\n- axolotl.integrations.diffusion."
                                     "DiffusionPlugin\ndiffusion:\n  noise_schedule: cosine\n  mask_token_id: 7\n"))
    assert _not_kept(got) == [
        "plugins axolotl.integrations.diffusion.DiffusionPlugin (trained as a masked diffusion language model, not by "
        "next-token prediction: noise_schedule cosine, mask_token_id 7)"]


def test_an_axolotl_reward_models_center_rewards_coefficient_is_reward_configs(write):
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\nreward_model: true\n"
                                     "center_rewards_coefficient: 0.01\n"))
    assert got.data["training"]["method"] == "reward"
    assert got.data["training"]["hyperparameters"]["center_rewards_coefficient"] == 0.01


def test_axolotls_optim_is_named_as_the_key_axolotl_drops(write):
    """axolotl 0.11 card (TinyLlama QLoRA, 2025): `optim: adamw_torch` where axolotl reads `optimizer`; the run used
    axolotl's default, adamw_torch_fused, as the card's Trainer part shows."""
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 1\noptim: adamw_torch\n"))
    assert "optimizer" not in got.data["training"].get("hyperparameters", {})
    assert [(w.path, w.message) for w in got.warnings if w.code == "not-read-by-tool"] == [
        ("$.optim", "is not an axolotl key (axolotl's is optimizer): axolotl drops it unread and the run used optimizer "
         "(its default, adamw_torch_fused in recent versions), so it is not kept")]


def test_simpos_own_recipe_is_simpo_not_dpo_and_names_its_margin(tmp_path):
    """gamma_beta_ratio is SimPOConfig's (princeton-nlp/SimPO), whose loss_type sigmoid is SimPO's own: the method is
    SimPO, wherever the file sits, and the margin is named as not kept."""
    path = tmp_path / "config_qlora.yaml"
    path.write_text((Path(__file__).parent / "recipe_shapes" / "simpo-2024-princeton-config.yaml").read_text())
    got = read_source(path)
    assert got.data["training"]["method"] == "simpo"
    assert (got.data["training"]["hyperparameters"]["beta"], got.data["training"]["hyperparameters"]["loss_type"]) == \
        (2.5, "sigmoid")
    assert _not_kept(got)[-1] == \
        "gamma_beta_ratio 0.55 (SimPO: the target reward margin, as a share of beta)"


@pytest.mark.parametrize("text, said", [
    # axolotl's examples of 2023-24 (falcon/config-7b.yml, mpt-7b/config.yml): `adapter:` empty beside lora_* keys
    ("base_model: a/b\nmicro_batch_size: 2\nadapter:\nlora_r: 64\nlora_alpha: 32\n",
     "lora_r, lora_alpha are set, but no adapter is (axolotl trains the whole model without one)"),
    # an alignment-handbook fork's config_qlora.yaml without use_peft (2025); open-instruct's use_lora false
    ("model_name_or_path: a/b\nlearning_rate: 1.0e-5\nlora_r: 64\n", "lora_r is set, but use_peft is not true"),
    ("model_name_or_path: a/b\nlearning_rate: 1.0e-5\nuse_lora: false\nlora_rank: 8\n",
     "lora_rank is set, but use_lora is not true"),
])
def test_lora_settings_without_an_adapter_are_named_unused(write, text, said):
    got = read_source(write("r.yml" if "base_model" in text else "r.yaml", text))
    assert "peft_type" not in got.data["training"].get("hyperparameters", {})
    assert [w.message.startswith(said) for w in got.warnings if w.code == "not-used"] == [True]


def test_a_dummy_placeholder_the_launch_command_overrides_is_left_out_with_a_warning_not_refused():
    model, training, warnings = read("alignment-handbook-fork-2024-dummy-placeholders.yaml")
    placeholders = [w for w in warnings if w.code == "unfilled-variable"]
    assert [w.path for w in placeholders] == ["$.learning_rate", "$.beta", "$.model_name_or_path", "$.output_dir"]
    assert all("'dummy', a placeholder its launch command overrides" in w.message for w in placeholders)
    assert "base_model" not in model and model["datasets"] == ["acme/preference-pairs"]
    hyper = training["hyperparameters"]
    assert "learning_rate" not in hyper and "beta" not in hyper and hyper["num_epochs"] == 2


def test_a_value_read_but_not_shown_is_named_not_counted_as_used(write):
    # LLaMA-Factory's megatron_bridge example (2026): Adam betas without optim, which the optimizer line needs
    model, training, warnings = read("llamafactory-2026-megatron-bridge-adam-betas.yaml")
    assert "optimizer" not in training["hyperparameters"]
    dropped = [w for w in warnings if w.code == "not-kept" and w.path == "$.adam_beta1"]
    assert [w.message for w in dropped] == [
        "adam_beta1 0.9, adam_beta2 0.999 are read, but the card shows an Adam optimizer's betas and epsilon in its "
        "optimizer line, and the recipe names no optimizer (optim): the run used its trainer's default one, so they "
        "are not kept"]
    # axolotl's code-llama/7b example (2024-02): bf16 and fp16 both true, the card showing one precision
    got = read_source(write("r.yml", "base_model: a/b\nmicro_batch_size: 1\nbf16: true\nfp16: true\n"))
    assert got.data["training"]["hyperparameters"]["mixed_precision_training"] == "Native AMP"
    assert [w.message for w in got.warnings if w.code == "not-kept"] == [
        "bf16 true is read, but the card's hyperparameters do not show it beside the recipe's other settings "
        "(fp16 true), so it is not kept"]
    # an optimizer named: the betas are its line, no warning
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nstage: sft\noptim: adamw_torch\nadam_beta2: 0.95\n"))
    assert "betas=(0.9,0.95)" in got.data["training"]["hyperparameters"]["optimizer"]
    assert not [w for w in got.warnings if w.code == "not-kept"]


def test_a_lion_optimizer_shows_its_betas_and_names_the_epsilon_it_does_not_take(write):
    """axolotl 0.11 configs of public cards (Qwen2.5-0.5B-Instruct runs) set `optimizer: lion_8bit` alone: the run
    used TrainingArguments' betas, which transformers hands Lion; an adam_epsilon beside Lion, or any Adam setting
    beside sgd, is named as not taken."""
    got = read_source(write("a.yml", "base_model: a/b\nmicro_batch_size: 2\noptimizer: lion_8bit\n"))
    assert got.data["training"]["hyperparameters"]["optimizer"] == "lion_8bit with betas=(0.9,0.999)"
    got = read_source(write("r.yaml", "model_name_or_path: a/b\nstage: sft\noptim: paged_lion_32bit\n"
                                      "adam_beta2: 0.95\nadam_epsilon: 1.0e-6\n"))
    assert got.data["training"]["hyperparameters"]["optimizer"] == "paged_lion_32bit with betas=(0.9,0.95)"
    assert [w.message for w in got.warnings if w.code == "not-kept"] == [
        "adam_epsilon 1e-06 is read, but the run's optimizer (paged_lion_32bit) does not take it (transformers hands "
        "adam_beta1/2 and adam_epsilon to an Adam optimizer, and the betas alone to Lion), so it is not kept"]
    got = read_source(write("s.yaml", "model_name_or_path: a/b\nstage: sft\noptim: sgd\nadam_beta2: 0.95\n"))
    assert got.data["training"]["hyperparameters"]["optimizer"] == "sgd" and [w.message for w in got.warnings if w.code == "not-kept"] == [
        "adam_beta2 0.95 is read, but the run's optimizer (sgd) does not take it (transformers hands adam_beta1/2 and "
        "adam_epsilon to an Adam optimizer, and the betas alone to Lion), so it is not kept"]


def test_a_freeze_run_is_named_with_its_settings_of_any_release_or_none(tmp_path):
    # LLaMA-Factory's examples/extras/llama_pro/llama3_freeze_sft.yaml (May 2024): the settings' names before 0.7.1
    got = read_source(SHAPES / "llamafactory-0.7-freeze-llama-pro.yaml")
    assert _not_kept(got) == [
        "max_samples 1000 (each dataset cut to that many examples); use_llama_pro true (LLaMA Pro: blocks added and "
        "trained); finetuning_type freeze (only some of the model's layers trained: num_layer_trainable 8 (the number "
        "of last layers trained (first, if negative)); name_module_trainable all (the modules trained in those layers))"]
    assert "peft_type" not in got.data["training"]["hyperparameters"]
    path = tmp_path / "f.yaml"
    path.write_text("stage: sft\nmodel_name_or_path: a/b\nfinetuning_type: freeze\n")
    assert _not_kept(read_source(path)) == ["finetuning_type freeze (only some of the model's layers trained)"]


def test_another_peft_adapter_of_axolotl_is_an_adapter_named_with_its_settings(write):
    # axolotl's llama-adapter (0.3 to 0.18: LLaMA-Adapter's adaption prompts, peft_adapter.len/layers)
    got = read_source(write("a.yml", "base_model: acme/llama\nmicro_batch_size: 1\nadapter: llama-adapter\n"
                                     "peft_adapter:\n  layers: 30\n  len: 10\nlora_r: 8\n"))
    model = got.data["model"]
    assert (model["base_model_relation"], model["library_name"]) == ("adapter", "peft")
    assert _not_kept(got) == ["adapter llama-adapter (a PEFT adapter other than LoRA, whose settings records keep "
                              "LoRA's only: peft_adapter.layers 30, peft_adapter.len 10)"]
    assert [w.message for w in got.warnings if w.code == "not-used"] == [
        "lora_r is set, but the adapter is llama-adapter, not LoRA, so the recipe trains no LoRA adapter and they are "
        "not kept"]


def test_llamafactory_v1_muons_wd_is_the_weight_decay_and_its_lr_is_learning_rates(write):
    # examples/v1/train_full/train_full_muon.yaml (#10618, 2026-07): `wd` is the Muon plugin's weight decay
    got = read_source(SHAPES / "llamafactory-v1-2026-muon-wd.yaml")
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["optimizer"], hyper["weight_decay"], hyper["learning_rate"]) == ("muon", 0.1, 1e-5)
    assert _not_kept(got) == ["optim_config momentum 0.95, nesterov true, ns_steps 5, adamw_betas [0.9, 0.95], "
                              "adamw_eps 1e-08 (the optimizer's own settings)"]
    # the PR's first version set lr too: v1 overrides it with learning_rate (equal there; another value is named)
    text = (SHAPES / "llamafactory-v1-2026-muon-wd.yaml").read_text().replace("  wd: 0.1\n", "  lr: 3.0e-4\n")
    got = read_source(write("m.yaml", text))
    assert "weight_decay" not in got.data["training"]["hyperparameters"]
    assert [(w.path, w.code) for w in got.warnings if "lr" in w.path] == [("$.optim_config.lr", "not-read-by-tool")]
    assert read_source(write("n.yaml", text.replace("lr: 3.0e-4", "lr: 1.0e-5"))).data == \
        read_source(write("o.yaml", text.replace("  lr: 3.0e-4\n", ""))).data
