"""Recipes read by transformers' HfArgumentParser: TRL's CLI configs (``trl sft|dpo|grpo --config x.yaml``, TrlParser),
alignment-handbook's recipes (2023-24 ``dataset_mixer`` dicts, 2025 ``dataset_mixture``), open-r1's and
open-instruct's. Their keys are TrainingArguments / TRL config fields, plus the script's model and data arguments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.sources.common import Ingested
from generator.sources.hyperparameters import optimizer_defaults
from generator.sources.recipe_eval_sets import trl_eval_set
from generator.sources.recipe_fields import DORA, RSLORA, Recipe
from generator.sources.recipe_values import shown_setting
from generator.sources.trainer_method import METHOD_TAGS

# The datasets of a run, as the HfArgumentParser recipes name them.
MIXTURE_KEYS = frozenset({"dataset_mixer", "dataset_mixture", "dataset_name", "dataset_mixer_list"})
# Keys that make a file with model_name_or_path a training config (an inference or eval config has none of them).
TRAINING_KEYS = MIXTURE_KEYS | frozenset({"learning_rate",
                           "num_train_epochs", "num_epochs", "per_device_train_batch_size", "output_dir", "max_steps",
                           "gradient_accumulation_steps", "use_peft", "beta", "reward_funcs"})
NUMBERS = ("learning_rate", "num_train_epochs", "warmup_ratio", "warmup_steps", "weight_decay", "max_grad_norm",
           "adam_beta1", "adam_beta2", "adam_epsilon", "beta", "label_smoothing_factor", "lora_alpha", "lora_dropout")
INTEGERS = ("per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps", "max_steps",
            "seed", "lora_r", "num_generations", "num_processes")
TEXTS = ("optim", "lr_scheduler_type")
# open-instruct's names for TrainingArguments / TRL fields.
ALIASES = {"num_epochs": "num_train_epochs", "dpo_beta": "beta", "dpo_loss_type": "loss_type", "lora_rank": "lora_r",
           "use_lora": "use_peft"}
_WORD = re.compile(r"[A-Za-z]+")
# Folder and file words that name a method without being a TRL tag: alignment-handbook's `cpt` recipes
# (recipes/gpt2-nl/cpt/, run by its scripts/run_cpt.py) and `continued_pretraining` folder.
_PATH_WORDS = {"cpt": "pretraining", "pretraining": "pretraining"}
# Fields only SFTConfig (and GKDConfig, which extends it) has, or open-instruct's finetune.py among its scripts:
# a recipe setting one is given to the SFT script. TRL's CLI examples name the command in a comment only
# (`trl sft --config example_config.yaml`).
SFT_KEYS = ("dataset_text_field", "max_seq_length", "packing", "packing_strategy", "completion_only_loss",
            "assistant_only_loss", "eval_packing")
# TRL config and ModelConfig settings records have no field for, and what each does, named in a not-kept warning
# (LoRA's variants only with use_peft; open-instruct's SimPO margin only with its simpo loss).
UNKEPT = {"disable_dropout": "dropout turned off in the model trained and its reference model",
          "max_train_samples": "the training set cut to that many examples",
          "load_balancing_loss": "the MoE router's load balancing loss added"}
LORA_UNKEPT = {"use_dora": DORA, "use_rslora": RSLORA}
SIMPO_UNKEPT = {"gamma_beta_ratio": "SimPO: the target reward margin, as a share of beta",
                "dpo_gamma_beta_ratio": "SimPO: the target reward margin, as a share of beta"}
# The accelerate configs TRL ships (trl/accelerate_configs/, 0.18 to 1.9) that its CLI's accelerate_config names, and
# how each distributes the run; any other value is a path to the user's own accelerate config file.
ACCELERATE_CONFIGS = {"single_gpu": "one process, not distributed", "multi_gpu": "data parallel (DDP)",
                      "fsdp1": "PyTorch FSDP, version 1", "fsdp2": "PyTorch FSDP, version 2",
                      "zero1": "DeepSpeed ZeRO stage 1", "zero2": "DeepSpeed ZeRO stage 2",
                      "zero3": "DeepSpeed ZeRO stage 3"}
# GKDConfig's own fields (it extends SFTConfig).
GKD_KEYS = ("lmbda", "seq_kd", "teacher_model_name_or_path")


def path_method(path: Path) -> Optional[str]:
    """The method the recipe's folder or file name states (``recipes/zephyr-7b-beta/dpo/config_full.yaml``,
    ``tulu3_dpo_8b.yaml``): the nearest word that is a TRL method tag (or alignment-handbook's ``cpt``)."""
    for part in reversed(path.parts[-3:]):
        words = [w.lower() for w in _WORD.findall(Path(part).stem if part == path.name else part)]
        found = [_PATH_WORDS.get(w, w) for w in words if w in METHOD_TAGS and w not in ("reward-trainer",)
                 or w in _PATH_WORDS]
        if found:
            return found[-1]
    return None


def read_trl_recipe(path: Path, data: dict[str, Any]) -> Ingested:
    recipe = Recipe(path, data, "trl")
    values = dict(data)
    for alias, name in ALIASES.items():
        if alias in values and name not in values:
            values[name] = values[alias]
            recipe.aliases[alias] = name
    for key in NUMBERS + INTEGERS:
        if key in values:
            values[key] = recipe.number(key, integer=key in INTEGERS, value=values[key], where=[_named(data, key)])
    for key in TEXTS:
        if key in values:
            values[key] = recipe.text(key, value=values[key], where=[key])
    peft = recipe.flag("use_peft", values.get("use_peft"))
    recipe.base_model("model_name_or_path")
    _datasets(recipe, data)
    if not recipe.hub_organization():  # transformers 4 names the repo from it, whatever hub_model_id says
        recipe.repo_id("hub_model_id")
    if isinstance(data.get("chat_template"), str) and data["chat_template"]:
        recipe.model["chat_template"] = True
    if peft:
        # open-instruct's use_qlora loads the model in 4 bits (nf4) for its LoRA
        bits = 4 if recipe.flag("load_in_4bit") or recipe.flag("use_qlora") else \
            8 if recipe.flag("load_in_8bit") else None
        recipe.adapter("lora", values.get("lora_r"), values.get("lora_alpha"), values.get("lora_dropout"),
                       recipe.texts("lora_target_modules"), bits)
    else:
        recipe.unused_lora(("lora_r", "lora_rank", "lora_alpha", "lora_dropout", "lora_target_modules", "use_qlora") +
                           tuple(LORA_UNKEPT),
                           f"{_named(data, 'use_peft')} is not true (the scripts train a LoRA adapter only then, "
                           "unless the command line turns it on)",
                           f"set {_named(data, 'use_peft')}: true if the run trained a LoRA adapter")
    if isinstance(data.get("disable_dropout"), bool):  # DPOConfig's default is true, GRPOConfig's false: either said
        recipe.not_kept("disable_dropout", f"disable_dropout {shown_setting(data['disable_dropout'])} (dropout "
                        f"{'turned off' if data['disable_dropout'] else 'left on'} in the model trained and its "
                        "reference model)")
    else:
        recipe.settings(UNKEPT)
    if peft:
        recipe.settings(LORA_UNKEPT)
    if recipe.flag("load_balancing_loss") and data.get("load_balancing_weight") is not None:
        recipe.not_kept("load_balancing_weight", f"load_balancing_weight {data['load_balancing_weight']} (its weight)")
    if recipe.text("reduce_loss") == "sum":  # open-instruct's finetune.py; "mean" is its default
        recipe.not_kept("reduce_loss", "reduce_loss sum (the loss summed over the tokens, not averaged)")
    # SimPO's own recipes (princeton-nlp/SimPO's SimPOConfig: gamma_beta_ratio, its loss_type sigmoid or hinge)
    simpo = "gamma_beta_ratio" in data and not str(values.get("loss_type", "")).startswith(("dpo", "simpo"))
    if simpo or str(values.get("loss_type", "")).startswith("simpo"):
        recipe.settings(SIMPO_UNKEPT)
    reward_funcs = recipe.texts("reward_funcs")
    if reward_funcs:  # as the trainer folder names them (from its log)
        recipe.extra["reward_funcs"] = ", ".join(reward_funcs)
    _launch(recipe)
    recipe.world = values.get("num_processes")
    recipe.use("use_peft", "use_lora", "num_processes")
    optimizer_defaults(values)
    recipe.args = {k: v for k, v in values.items() if k not in ("lora_r", "lora_alpha", "lora_dropout")}
    method = path_method(path)
    if method is None and (reward_funcs or values.get("num_generations") is not None):
        method = "grpo"
    if method is None and simpo:
        method = "simpo"
    if method is None and (values.get("beta") is not None or str(values.get("loss_type", "")).startswith("dpo")):
        method = "dpo"
    if method is None and any(key in data for key in GKD_KEYS):
        method = "gkd"
    if method is None and any(key in data for key in SFT_KEYS):
        method = "sft"
    result = recipe.finish(method)
    result.eval_set = trl_eval_set(data, recipe.datasets)
    if method is None:
        result.warn("$", "names no training method: the script the recipe is given to decides it (`trl sft` or "
                    "`trl dpo --config`, open-r1's sft.py or grpo.py), and none of its fields belongs to one method "
                    "only", "set training.method in your records (sft, dpo, grpo...)", code="no-method")
    return result


def _launch(recipe: Recipe) -> None:
    """TRL's CLI (0.18+) launches the run with accelerate, by the recipe's ``accelerate_config``: one of the configs TRL
    ships, or an accelerate config file; named, with how it distributes the run, as not kept."""
    launch = recipe.text("accelerate_config")
    if launch:
        what = f"TRL's {launch} accelerate config: {ACCELERATE_CONFIGS[launch]}" if launch in ACCELERATE_CONFIGS \
            else "the accelerate config file"
        recipe.not_kept("accelerate_config", f"accelerate_config {launch} (the run launched by TRL's CLI with {what})")


def _named(data: dict[str, Any], key: str) -> str:
    """The key as the file writes it (an open-instruct alias) for messages."""
    return next((alias for alias, name in ALIASES.items() if name == key and alias in data and key not in data), key)


def _datasets(recipe: Recipe, data: dict[str, Any]) -> None:
    mixer = data.get("dataset_mixer")  # alignment-handbook 2023-24, open-instruct: {id: weight}
    if mixer is not None:
        if isinstance(mixer, dict):
            configs = data.get("dataset_configs")  # alignment-handbook: one per mixer entry, in its order
            splits = data.get("dataset_splits")  # of every mixer dataset: those with "train" in them train the model
            # (mix_datasets; those with "test" are its eval set)
            splits = [s for s in splits if isinstance(s, str) and "train" in s] if isinstance(splits, list) else splits
            for i, (name, weight) in enumerate(mixer.items()):
                recipe.dataset(name, ["dataset_mixer", name])
                recipe.dataset_detail(name, ["dataset_configs", i] if isinstance(configs, list) and i < len(configs)
                                      else ["dataset_mixer", name],
                                      config=configs[i] if isinstance(configs, list) and i < len(configs) else None,
                                      weight=weight, split=splits)
        else:
            recipe.wrong("dataset_mixer", mixer, "a mapping of dataset id to weight",
                         "write dataset_mixer as `org/name: 1.0` lines")
    listed = data.get("dataset_mixer_list")  # open-instruct: [id, weight, id, weight, ...]
    if isinstance(listed, list):
        for i in range(0, len(listed), 2):
            recipe.dataset(listed[i], ["dataset_mixer_list", i])
            recipe.dataset_detail(listed[i], ["dataset_mixer_list", i], weight=listed[i + 1] if i + 1 < len(listed)
                                  else None, split=data.get("dataset_mixer_list_splits"))
    elif listed is not None:
        recipe.wrong("dataset_mixer_list", listed, "a list of dataset ids and weights",
                     "write dataset_mixer_list as [org/name, 1.0, ...]")
    mixture = data.get("dataset_mixture")  # alignment-handbook 2025: {datasets: [{id, config, split, ...}]}
    if mixture is not None:
        entries = mixture.get("datasets") if isinstance(mixture, dict) else None
        if isinstance(entries, list):
            _entries(recipe, entries, ["dataset_mixture", "datasets"], "id")
        else:
            recipe.wrong(["dataset_mixture", "datasets"] if isinstance(mixture, dict) else "dataset_mixture",
                         entries if isinstance(mixture, dict) else mixture, "a list of datasets",
                         "write dataset_mixture.datasets as a list of `- id: org/name` entries")
    entries = data.get("datasets")  # TRL's DatasetMixtureConfig: [{path, name, split, ...}]
    if entries is not None:
        if isinstance(entries, list):
            _entries(recipe, entries, ["datasets"], "path")
        else:
            recipe.wrong("datasets", entries, "a list of datasets", "write datasets as a list of `- path: org/name`")
    listed = data.get("dataset_name")
    if isinstance(listed, list) and listed and all(isinstance(each, str) for each in listed):
        # a fork's script that loads several (HfArgumentParser does not check the type: TRL's own scripts fail on a
        # list, a fork's ran with it), the alignment-handbook-style dataset_configs beside them
        for i, each in enumerate(listed):
            recipe.dataset(each, ["dataset_name", i])
        return
    name = recipe.text("dataset_name")
    if name:
        recipe.dataset(name, ["dataset_name"])
        configs = data.get("dataset_configs")  # open-r1's first recipes: a one-item list beside dataset_name
        config = data.get("dataset_config") or (configs[0] if isinstance(configs, list) and len(configs) == 1 else None)
        recipe.dataset_detail(name, ["dataset_config" if data.get("dataset_config") else "dataset_configs"
                                     if config else "dataset_train_split"],
                              config=config, split=data.get("dataset_train_split"))


def _entries(recipe: Recipe, entries: list, where: list, key: str) -> None:
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            recipe.wrong(where + [i], entry, f"a mapping with {key}", f"write each entry as `- {key}: org/name`")
        elif not isinstance(entry.get(key), str) or not entry[key]:
            recipe.missing(where + [i, key], f"the dataset has no {key}", f"add `{key}: org/name` to the entry")
        else:
            recipe.dataset(entry[key], where + [i, key])
            recipe.dataset_detail(entry[key], where + [i], config=entry.get("config", entry.get("name")),
                                  split=entry.get("split"), weight=entry.get("weight"), files=entry.get("data_files"))


__all__ = ["GKD_KEYS", "MIXTURE_KEYS", "SFT_KEYS", "TRAINING_KEYS", "path_method", "read_trl_recipe"]
