"""axolotl configs (``axolotl train config.yml``, 0.3 to 0.18): ``base_model``, ``datasets: [{path, type, split,
name, data_files}]``, ``rl`` for preference and RL training, ``adapter: lora|qlora`` with its ``lora_*`` settings,
``micro_batch_size`` x ``gradient_accumulation_steps``, ``num_epochs``, ``optimizer``, ``lr_scheduler``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.io.data import json_path
from generator.sources.common import FILE_LOADERS, Ingested, hub_dataset_url
from generator.sources.hyperparameters import optimizer_defaults
from generator.sources.recipe_eval_sets import axolotl_eval_set
from generator.sources.recipe_fields import DORA, RSLORA, Recipe, shown_setting

# Any of these beside base_model makes a file an axolotl config.
AXOLOTL_KEYS = frozenset({"datasets", "micro_batch_size", "sequence_len", "adapter", "num_epochs", "rl",
                          "pretraining_dataset", "lora_r", "gradient_accumulation_steps"})
# axolotl key -> the TrainingArguments / TRL config field it sets (AxolotlTrainingArguments, HFRLTrainerBuilder);
# deprecated names too (dpo_beta; noisy_embedding_alpha, NEFTune's alpha to 0.3, which 0.4 on move to neftune_noise_alpha).
NUMBERS = {"learning_rate": "learning_rate", "num_epochs": "num_train_epochs", "warmup_ratio": "warmup_ratio",
           "warmup_steps": "warmup_steps", "weight_decay": "weight_decay", "max_grad_norm": "max_grad_norm",
           "adam_beta1": "adam_beta1", "adam_beta2": "adam_beta2", "adam_epsilon": "adam_epsilon",
           "rl_beta": "beta", "dpo_beta": "beta", "orpo_alpha": "beta", "simpo_gamma": "simpo_gamma",
           "cpo_alpha": "cpo_alpha", "kto_desirable_weight": "desirable_weight",
           "kto_undesirable_weight": "undesirable_weight", "dpo_label_smoothing": "label_smoothing",
           "rpo_alpha": "rpo_alpha", "lora_alpha": "", "lora_dropout": "",
           "noisy_embedding_alpha": "neftune_noise_alpha", "neftune_noise_alpha": "neftune_noise_alpha",
           "center_rewards_coefficient": "center_rewards_coefficient"}
INTEGERS = {"micro_batch_size": "per_device_train_batch_size", "eval_batch_size": "per_device_eval_batch_size",
            "gradient_accumulation_steps": "gradient_accumulation_steps", "max_steps": "max_steps", "seed": "seed",
            "sequence_len": "max_length", "batch_size": "", "lora_r": ""}
TEXTS = {"optimizer": "optim", "lr_scheduler": "lr_scheduler_type", "deepspeed": "deepspeed"}
# Settings a card's records have no field for (axolotl's config schema), and what each does, named in a not-kept
# warning.
UNKEPT = {"train_on_inputs": "loss on the prompts too",
          "cosine_min_lr_ratio": "the cosine schedule decays to that share of the peak learning rate",
          "cosine_constant_lr_ratio": "the learning rate held at its minimum from that share of the steps",
          "gptq": "the base model loaded GPTQ-quantized", "qat": "quantization-aware training",
          # axolotl 0.1-0.2 loaded a GPTQ checkpoint with alpaca_lora_4bit (gptq_model_v1: GPTQ_V2 below);
          # load_4bit is gptq's name before 0.1, which later releases refuse
          "gptq_groupsize": "the GPTQ checkpoint's quantization group size, axolotl 0.1 to 0.2",
          "load_4bit": "the base model loaded GPTQ-quantized: gptq's name before axolotl 0.1, refused since",
          "unfrozen_parameters": "only the parameters matching these patterns trained",
          "relora_steps": "ReLoRA: the LoRA merged and restarted every that many steps",
          "lisa_n_layers": "LISA: that many layers trained at a time",
          "lr_quadratic_warmup": "the warmup quadratic, not linear",
          "rope_scaling": "the RoPE scaling of the model's config, a key of model_config after 0.3",
          "peft_use_dora": DORA, "peft_use_rslora": RSLORA,
          "qalora_group_size": "QA-LoRA: the adapter's inputs pooled in groups of that size",
          "jagged_restart_steps": "the learning rate (and ReLoRA's adapter) restarted every that many steps"}
# axolotl 0.1-0.2 (and before, under load_4bit) passed gptq_model_v1 to alpaca_lora_4bit's loader as is_v1_model, True
# when not given (utils/models.py): false loads a checkpoint of GPTQ-for-LLaMa's later format
GPTQ_V2 = "the GPTQ checkpoint of GPTQ-for-LLaMa's later format, not v1, which axolotl 0.1 to 0.2 assumed when not given"
# Techniques switched on by a flag, with the prefix of their settings (named with them).
FAMILIES = (("relora", "relora_", "ReLoRA: the LoRA merged into the model and restarted"),
            ("use_eaft", "eaft_", "EAFT: the entropy-aware focal training loss"))
# rl -> (method as trainer_method names TRL's config class, loss_type it sets): IPO is DPOTrainer's loss_type, SimPO
# CPOTrainer's.
RL_METHODS = {"dpo": ("dpo", None), "ipo": ("dpo", "ipo"), "orpo": ("orpo", None), "kto": ("kto", None),
              "simpo": ("cpo", "simpo"), "grpo": ("grpo", None)}
# Settings of the method axolotl passes through under ``trl:`` (TRL config fields, named as TRL names them).
TRL_NUMBERS = ("beta", "num_generations", "max_completion_length", "temperature", "epsilon", "epsilon_high",
               "num_iterations")
TRL_READ = frozenset(TRL_NUMBERS + ("loss_type", "scale_rewards", "importance_sampling_level", "reward_funcs"))
# TrainingArguments' names axolotl has its own key for: its config model (pydantic, since 0.4) drops them unread.
# key -> (axolotl's key, what the run used when that is not given either, the fix when not the same value there).
NOT_AXOLOTL = {"lr_scheduler_type": ("lr_scheduler", "cosine, its default", ""),
               "adam_eps": ("adam_epsilon", "1e-08, TrainingArguments' default", ""),
               "lr": ("learning_rate", "none given in the recipe", ""),
               "optim": ("optimizer", "its default, adamw_torch_fused in recent versions", ""),
               "eta_min": ("cosine_min_lr_ratio", "none given: the cosine schedule decays to 0",
                           "write cosine_min_lr_ratio: the minimum as a share of learning_rate")}
# axolotl's gradient checkpointing that also offloads the activations it keeps, and where to.
OFFLOAD = {"offload": "CPU memory", "offload_disk": "disk"}
# LoRA adapters (qalora: LoRA with quantization-aware pooling, as axolotl's pull request #3013 of Aug 2025 reads it, in
# no release to 0.18).
LORA_ADAPTERS = ("lora", "qlora", "qalora")


def looks_like_axolotl(data: dict[str, Any]) -> bool:
    """base_model (left empty in templates a launcher fills in) beside axolotl's own keys."""
    return "base_model" in data and isinstance(data["base_model"], (str, type(None))) and \
        bool(AXOLOTL_KEYS & set(data)) and not isinstance(data.get("model"), dict)


def read_axolotl_recipe(path: Path, data: dict[str, Any]) -> Ingested:
    recipe = Recipe(path, data, "axolotl")
    recipe.tag("axolotl")
    args: dict[str, Any] = dict(recipe.numbers(NUMBERS, INTEGERS))
    for key, name in TEXTS.items():
        text = recipe.text(key)
        if text:
            args[name] = text
            recipe.aliases[key] = name
    for key in ("bf16", "fp16"):
        if recipe.flag(key):
            args[key] = True
        elif isinstance(data.get(key), str) and data[key].strip().lower() == "auto":
            recipe.not_kept(key, f"{key} auto ({key} mixed precision if the GPU supports it, decided on the machine "
                            "that ran it)")
    if isinstance(data.get("lr_scheduler_kwargs"), dict):  # passed to TrainingArguments as it is
        args["lr_scheduler_kwargs"] = data["lr_scheduler_kwargs"]
    if recipe.flag("dpo_use_weighting"):  # DPOConfig's use_weighting
        args["use_weighting"] = True
    for key, (own, fallback, fix) in NOT_AXOLOTL.items():
        if data.get(key) is not None and data.get(key) != "":
            used = shown_setting(data[own]) if data.get(own) is not None else fallback
            recipe.result.warn(f"$.{key}", f"is not an axolotl key (axolotl's is {own}): axolotl drops it unread "
                               f"and the run used {own} ({used}), so it is not kept",
                               fix or f"write {own}: {shown_setting(data[key])} for that value",
                               code="not-read-by-tool")
    packing = recipe.flag("sample_packing")  # axolotl's multipack: SFTConfig's packing
    if packing is not None:
        args["packing"] = packing
    packed = recipe.number("max_packed_sequence_len", integer=True)
    if packed and not packing:  # to 0.3: examples packed into sequences of min(it, sequence_len) tokens
        args["packing"] = True  # (ConstantLengthDataset; 0.3 refuses it beside sample_packing, 0.4 on refuse it)
        length = args.get("max_length")
        args["max_length"] = min(packed, length) if isinstance(length, int) else packed
    elif packed:
        recipe.result.warn("$.max_packed_sequence_len", f"is set ({packed}) beside sample_packing, which axolotl 0.3 "
                           "refuses (set only one of them) and 0.4 on refuse it in any config (no longer supported), "
                           "so it is not kept", "leave max_packed_sequence_len out: sample_packing packs to "
                           "sequence_len", code="not-used")
    fsdp = recipe.texts("fsdp") if data.get("fsdp") else None  # TrainingArguments' fsdp options (0.3 to 0.9)
    if fsdp:
        args["fsdp"] = fsdp
    recipe.settings(UNKEPT)
    if recipe.flag("gptq_model_v1") is False and (recipe.flag("gptq") or recipe.flag("load_4bit")):
        # (a false flag is most often the default, left unsaid: not this one, whose default was true)
        recipe.not_kept("gptq_model_v1", f"gptq_model_v1 false ({GPTQ_V2})")
    for flag, prefix, what in FAMILIES:
        recipe.family(flag, prefix, what)
    _diffusion(recipe, data)
    _fsdp_config(recipe, data)
    checkpointing = data.get("gradient_checkpointing")
    if checkpointing is True or isinstance(checkpointing, str) and checkpointing.lower() not in ("", "false"):
        args["gradient_checkpointing"] = True
        if isinstance(checkpointing, str) and checkpointing.lower() in OFFLOAD:
            recipe.not_kept("gradient_checkpointing", f"gradient_checkpointing {checkpointing} (gradient checkpointing "
                            f"with the checkpointed activations offloaded to {OFFLOAD[checkpointing.lower()]})")
    if "gradient_accumulation_steps" not in args and "batch_size" in args and args.get("per_device_train_batch_size"):
        args["gradient_accumulation_steps"] = args["batch_size"] // args["per_device_train_batch_size"]
    optimizer_defaults(args)
    recipe.base_model("base_model")
    _datasets(recipe, data)
    recipe.repo_id("hub_model_id")
    if recipe.text("chat_template"):
        recipe.model["chat_template"] = True
    method = _method(recipe, data, args)
    adapter = recipe.text("adapter")
    if adapter in LORA_ADAPTERS:
        targets = ["all-linear"] if recipe.flag("lora_target_linear") else recipe.texts("lora_target_modules")
        bits = 4 if recipe.flag("load_in_4bit") else 8 if recipe.flag("load_in_8bit") else None
        recipe.adapter(adapter, args.get("lora_r"), args.get("lora_alpha"), args.get("lora_dropout"), targets, bits)
    else:  # examples keep their LoRA settings with `adapter:` left empty for a full fine-tune
        if adapter is not None:  # llama-adapter (0.3 to 0.18: LLaMA-Adapter's prompts, settings under peft_adapter)
            settings = data.get("peft_adapter")
            recipe.other_adapter("adapter", adapter, [f"peft_adapter.{k} {shown_setting(v)}" for k, v in
                                                      (settings.items() if isinstance(settings, dict) else ())
                                                      if v not in (None, "")])
        recipe.unused_lora(("lora_r", "lora_alpha", "lora_dropout", "lora_target_modules", "lora_target_linear"),
                           f"the adapter is {adapter}, not LoRA" if adapter else
                           "no adapter is (axolotl trains the whole model without one)",
                           "set adapter: lora (or qlora) if the run trained a LoRA adapter")
    recipe.args = {k: v for k, v in args.items() if k not in ("batch_size", "lora_r", "lora_alpha", "lora_dropout")}
    result = recipe.finish(method)
    result.eval_set = axolotl_eval_set(data, recipe.hub_dataset)
    return result


# axolotl's diffusion plugin's settings written at the top (0.12), before its `diffusion:` mapping and diffusion_* names.
DIFFUSION_KEYS = ("noise_schedule", "min_mask_ratio", "max_mask_ratio", "num_diffusion_steps", "eps",
                  "importance_weighting", "mask_token_id")


def _diffusion(recipe: Recipe, data: dict[str, Any]) -> None:
    """axolotl's diffusion plugin (0.12+) trains a masked diffusion language model, not next-token prediction: the
    plugin is named with its settings as not kept (the method stays the datasets' sft or pretraining)."""
    plugins = data.get("plugins")
    found = [p for p in plugins if isinstance(p, str) and "diffusion" in p.lower()] if isinstance(plugins, list) else []
    if not found:
        if plugins:  # Liger kernels, Cut Cross Entropy, integrations: how the run computed, not what it trained
            recipe.not_kept("plugins", f"plugins {shown_setting(plugins)} (axolotl plugins the run loaded: kernels, "
                            "the loss's computation or integrations)")
        return
    nested = data.get("diffusion")
    said = [f"{k} {shown_setting(v)}" for k, v in (nested.items() if isinstance(nested, dict) else ())
            if v is not None and v != ""]
    said += [f"{k} {shown_setting(v)}" for k, v in data.items() if (k in DIFFUSION_KEYS or k.startswith("diffusion_"))
             and v is not None and v != ""]
    recipe.not_kept("plugins", f"plugins {found[0]} (trained as a masked diffusion language model, not by next-token "
                    "prediction" + (": " + ", ".join(said) if said else "") + ")")


def _fsdp_config(recipe: Recipe, data: dict[str, Any]) -> None:
    """axolotl 0.10+'s FSDP2 (``fsdp_version: 2``, at the top or in fsdp_config) and the fsdp_config settings (beside
    the option list the card shows, or without one): named as not kept."""
    given = data.get("fsdp_config")
    config: dict[str, Any] = given if isinstance(given, dict) else {}
    where, version = next(((w, v) for w, v in ((["fsdp_version"], data.get("fsdp_version")),
                                               (["fsdp_config", "fsdp_version"], config.get("fsdp_version")),
                                               (["fsdp_config", "version"], config.get("version")))
                           if v is not None), ([], None))
    if version is not None and not recipe.variable(where, version):
        recipe.not_kept(where, f"fsdp_version {shown_setting(version)} (the model sharded with PyTorch FSDP{version})")
    if version is not None and where[0] == "fsdp_config":  # named once, as the version
        config = {k: v for k, v in config.items() if k != where[1]}
    if config:  # beside the option list the card shows (0.3 to 0.9) too: its settings are not among them
        recipe.not_kept(["fsdp_config"], f"fsdp_config {shown_setting(config)} (the settings it is sharded with)")


def _method(recipe: Recipe, data: dict[str, Any], args: dict[str, Any]) -> Optional[str]:
    rl = recipe.text("rl")
    trl = data.get("trl")
    if isinstance(trl, dict):
        for key in TRL_NUMBERS:
            value = recipe.number(key, integer=key.startswith(("num_", "max_")), value=trl.get(key),
                                  where=["trl", key])
            if value is not None:
                args.setdefault(key, value)
        for key in ("loss_type", "scale_rewards", "importance_sampling_level"):
            if isinstance(trl.get(key), (str, bool)):
                args.setdefault(key, trl[key])
        passed = [f"{key} {shown_setting(value)}" for key, value in trl.items() if key not in TRL_READ and
                  value not in (None, "", False, [], {})]
        if passed:
            recipe.not_kept(["trl"], "trl: " + ", ".join(passed) + " (TRL settings axolotl passes to its trainer)")
        funcs = recipe.texts("reward_funcs", trl.get("reward_funcs"))
        if funcs:  # as the trainer folder names them (from its log)
            recipe.extra["reward_funcs"] = ", ".join(funcs)
    elif trl is not None:
        recipe.wrong("trl", trl, "a mapping of TRL settings", "write trl: as a mapping, e.g. `beta: 0.1`")
    if rl:
        method, loss = RL_METHODS.get(rl.lower(), (rl.lower(), None))
        if loss:
            args.setdefault("loss_type", loss)
        return method
    if data.get("reward_model") is True:
        return "reward"
    if data.get("process_reward_model") is True:
        return "prm"
    return "pretraining" if data.get("pretraining_dataset") and not data.get("datasets") else "sft"


def _datasets(recipe: Recipe, data: dict[str, Any]) -> None:
    local = "set model.datasets in your records to the Hub ids of the data used, if it is on the Hub"
    revisions: dict[str, str] = {}
    for key in ("datasets", "pretraining_dataset"):
        entries = data.get(key)
        if entries is None:
            continue
        if isinstance(entries, str) and key == "pretraining_dataset":  # axolotl 0.3-0.4: one path
            recipe.dataset(entries, [key], local)
            continue
        if isinstance(entries, dict) and key == "pretraining_dataset":  # axolotl 0.4: one entry
            entries = [entries]
        if not isinstance(entries, list):
            recipe.wrong(key, entries, "a list of datasets", f"write {key} as a list of `- path: org/name` entries")
            continue
        if key == "pretraining_dataset" and len(entries) > 1:
            entries = _first_streamed(recipe, entries)
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and _hub_url(recipe, key, i, entry, revisions):
                continue
            if not isinstance(entry, dict):
                recipe.wrong([key, i], entry, "a mapping with path", "write each entry as `- path: org/name`")
            elif entry.get("data_files") and not entry.get("path"):  # `ds_type: json` + local data_files
                files = entry["data_files"]
                recipe.dataset(files if isinstance(files, str) else files[0] if isinstance(files, list) and files
                               and isinstance(files[0], str) else "data_files", [key, i, "data_files"], local)
            elif not isinstance(entry.get("path"), str) or not entry["path"]:
                recipe.missing([key, i, "path"], "the dataset has no path", "add `path: org/name` (a Hub dataset) "
                               "or the local file to the entry")
            elif entry.get("data_files") and entry["path"] in ("json", "csv", "parquet", "text", "arrow"):
                recipe.dataset(entry["data_files"] if isinstance(entry["data_files"], str) else entry["path"],
                               [key, i, "data_files"], local)
            else:
                recipe.dataset(entry["path"], [key, i, "path"], local)
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                recipe.dataset_detail(entry["path"], [key, i], config=entry.get("name"), split=entry.get("split"),
                                      files=entry.get("data_files"))
                if entry.get("revision") not in (None, ""):
                    _revision(recipe, key, entry["path"], entry["revision"], [key, i, "revision"], revisions)
    if revisions:
        recipe.model["dataset_revisions"] = revisions


def _first_streamed(recipe: Recipe, entries: list) -> list:
    """pretraining_dataset's first entry: axolotl 0.4 to 0.18 stream cfg.pretraining_dataset[0] alone (utils/data.py,
    then utils/data/sft.py), so the others, which its schema accepts, are not trained on: said, not listed."""
    named = [entry.get("path") if isinstance(entry, dict) else entry for entry in entries[1:]]
    recipe.result.warn("$.pretraining_dataset[1]", f"is not used: axolotl streams the first pretraining_dataset entry "
                       f"alone (pretraining_dataset[0]), so {', '.join(repr(name) for name in named)} "
                       f"{'was' if len(named) == 1 else 'were'} not trained on and {'is' if len(named) == 1 else 'are'} "
                       "not listed", "keep only the dataset the run streamed, or train on the others under datasets",
                       code="not-used")
    return entries[:1]


def _hub_url(recipe: Recipe, key: str, i: int, entry: dict[str, Any], revisions: dict[str, str]) -> bool:
    """An entry naming a Hub dataset by its URL, as its path (``https://huggingface.co/datasets/ORG/NAME/resolve/
    REVISION/FILE``: axolotl 0.5 on loads an https:// path with load_dataset(ds_type, data_files=URL), the entry's own
    revision unused) or as the data_files a file loader reads (``path: json``, ``data_files: hf://datasets/ORG/NAME/
    FILE``, which datasets reads from the Hub): the Hub dataset, at the URL's revision, with the file as its
    data_files; whether it was one (else the caller reads the entry)."""
    path, files = entry.get("path"), entry.get("data_files")
    where, found = [key, i, "path"], hub_dataset_url(path)
    if found is None and isinstance(path, str) and path in FILE_LOADERS:
        where, found = [key, i, "data_files"], hub_dataset_url(files[0] if isinstance(files, list) and len(files) == 1
                                                                else files)
    if found is None:
        return False
    dataset, revision, file = found
    recipe.declared.add(dataset)  # (the Hub's, whatever folder is here: no tool reads a URL from disk)
    recipe.dataset(dataset, where)
    recipe.dataset_detail(dataset, [key, i], config=entry.get("name"), split=entry.get("split"), files=file)
    if revision:
        _revision(recipe, key, dataset, revision, where, revisions)
    return True


def _revision(recipe: Recipe, key: str, path: str, value: Any, where: list, revisions: dict[str, str]) -> None:
    """A datasets entry's ``revision`` (0.5 on, #1912: the commit, tag or branch of the Hub dataset loaded), as
    model.dataset_revisions by the dataset's id; axolotl ignores it for a local path. One dataset is at one revision in
    the records: another entry's other revision is said, not kept. A pretraining_dataset entry's (which its schema
    accepts, an SFTDataset's field) is said unused: axolotl 0.4 to 0.18 stream the first entry with
    load_dataset(path, name, split, data_files), no revision, so the run read the dataset as it was then."""
    revision = recipe.text("revision", value=value, where=where)
    dataset = recipe.hub_dataset(path)
    if revision is None or dataset is None:
        return
    if key == "pretraining_dataset" and where[-1] == "revision":
        recipe.result.warn(json_path(where), f"is {revision!r}, which axolotl does not pass when it streams "
                           f"pretraining_dataset (load_dataset(path, name, split, data_files) only): the run read "
                           f"{dataset} as it was then, at no revision the recipe can name, so it is not kept",
                           "set model.dataset_revisions in your records to the commit the run read, if you know it",
                           code="not-used")
        return
    if revisions.setdefault(dataset, revision) != revision:
        recipe.result.warn(json_path(where), f"is {revision!r}, where an entry before it loads {dataset} at "
                           f"{revisions[dataset]!r}: the records name one revision of a dataset, that one, so it is "
                           "not kept", "name both revisions in the card's text if the run read both", code="not-kept")


__all__ = ["looks_like_axolotl", "read_axolotl_recipe"]
