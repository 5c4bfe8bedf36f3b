"""LLaMA-Factory training configs (``llamafactory-cli train x.yaml``, 0.7 to 0.9): ``stage: pt|sft|rm|ppo|dpo|kto``
(``orpo`` in 0.7), ``finetuning_type: lora|full|freeze`` (lora when left out) with ``lora_rank``/``lora_alpha``/
``lora_target`` (8, twice the rank and all when left out),
``dataset`` as comma-separated names from the project's data/dataset_info.json (Hub ids with ``dataset_dir: ONLINE``),
``pref_beta``/``pref_loss`` (``dpo_beta``/``dpo_loss`` before 0.8), and Seq2SeqTrainingArguments fields. Also the v1
engine's configs (examples/v1/ since 0.9.5): ``model``, ``peft_config``/``quant_config``/``optim_config`` mappings,
``train_dataset`` (a Hub id or a dataset list file), ``micro_batch_size``/``global_batch_size``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError
from generator.io.files import load_data_file, present
from generator.sources.common import Ingested, RecipeEvalSet
from generator.sources.hyperparameters import optimizer_defaults
from generator.sources.recipe_eval_sets import held_out
from generator.sources.recipe_fields import DORA, RSLORA, Number, Recipe
from generator.sources.recipe_paths import run_folders
from generator.sources.recipe_trl import TRAINING_KEYS, path_method
from generator.sources.recipe_values import shown_setting, unfilled

NUMBERS = ("learning_rate", "num_train_epochs", "warmup_ratio", "warmup_steps", "weight_decay", "max_grad_norm",
           "adam_beta1", "adam_beta2", "adam_epsilon", "lora_alpha", "lora_dropout", "pref_beta", "dpo_beta",
           "orpo_beta", "simpo_gamma", "kto_chosen_weight", "kto_rejected_weight", "label_smoothing_factor",
           "neftune_noise_alpha")
INTEGERS = ("per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps", "max_steps",
            "seed", "lora_rank", "cutoff_len", "quantization_bit")
# LLaMA-Factory key -> the TRL config field of the same meaning (sources/hyperparameters.py METHOD_KEYS).
RENAMED = {"pref_beta": "beta", "dpo_beta": "beta", "orpo_beta": "beta", "kto_chosen_weight": "desirable_weight",
           "kto_rejected_weight": "undesirable_weight", "cutoff_len": "max_length"}
# stage -> method, as trainer_method / methods.py name them; a DPO stage's pref_loss may name another method.
STAGES = {"pt": "pretraining", "sft": "sft", "rm": "reward", "ppo": "ppo", "dpo": "dpo", "kto": "kto", "orpo": "orpo"}
# Settings a card's records have no field for (LLaMA-Factory's DataArguments and FinetuningArguments), and what each
# does, named in a not-kept warning.
UNKEPT = {"max_samples": "each dataset cut to that many examples",
          "val_size": "that share or number of the examples held out for evaluation",
          "pure_bf16": "weights trained in bf16 without mixed precision",
          "neat_packing": "packed without attention across the packed examples",
          "train_on_prompt": "loss on the prompts too", "use_dora": DORA,
          "use_rslora": RSLORA,
          "loraplus_lr_ratio": "LoRA+: the B matrices learn that many times faster than the A matrices",
          "adapter_name_or_path": "training goes on from that adapter", "rope_scaling": "the RoPE scaling used",
          "use_llama_pro": "LLaMA Pro: blocks added and trained",
          "pissa_init": "LoRA initialized by PiSSA, from the weights' principal singular vectors",
          "pref_ftx": "the SFT loss added to the preference loss with that weight",
          "dpo_ftx": "the SFT loss added to the preference loss with that weight",
          "kto_ftx": "the SFT loss added to the KTO loss with that weight",
          "pref_bco_weight": "BCO's loss added to the preference loss with that weight",
          "use_adam_mini": "the Adam-mini optimizer, in place of optim", "use_muon": "the Muon optimizer, in place of "
          "optim", "use_dft_loss": "the DFT loss: each token's loss scaled by its probability",
          "fp8": "FP8 mixed precision", "mixture_of_depths": "the model converted to mixture-of-depths (MoD), or a MoD "
          "model loaded", "freeze_language_model": "the language model frozen (multimodal training)",
          "train_mm_proj_only": "only the multimodal projector trained"}
# LLaMA-Factory's flags that are on by default: named when the recipe turns one off.
UNKEPT_OFF = {"freeze_vision_tower": "the vision tower trained too (multimodal training)",
              "freeze_multi_modal_projector": "the multimodal projector trained too (multimodal training)"}
# finetuning_type: freeze's settings (unused by LoRA and full runs).
FREEZE = {"freeze_trainable_layers": "the number of last layers trained (first, if negative)",
          "freeze_trainable_modules": "the modules trained in those layers",
          "freeze_extra_modules": "modules trained besides those layers",
          # their names before 0.7.1, which examples of May 2024 still wrote
          "num_layer_trainable": "the number of last layers trained (first, if negative)",
          "name_module_trainable": "the modules trained in those layers"}
# Techniques switched on by a flag, with the prefix of their settings.
FAMILIES = (("use_galore", "galore_", "GaLore: gradients projected to low rank"),
            ("use_asft_loss", "asft_", "the ASFT loss"), ("use_eaft_loss", "eaft_", "the EAFT loss"),
            ("use_apollo", "apollo_", "APOLLO: an approximated, low-rank-scaled AdamW"),
            ("use_badam", "badam_", "BAdam: Adam on one block of layers at a time"))
DATASET_FIX = ("LLaMA-Factory resolves dataset names through its data/dataset_info.json: set model.datasets in your "
               "records to the Hub ids they load (their hf_hub_url), if they are on the Hub")


def looks_like_llamafactory(data: dict[str, Any]) -> bool:
    """A training config: a stage, a model (or none, left to the command line: ``llamafactory-cli train x.yaml
    model_name_or_path=...``), and not a prediction run (``do_predict`` without ``do_train``). The stage may be left
    to its default, sft (FinetuningArguments' ``stage``), in a config that says it trains (``do_train`` or a setting
    of the training) with a finetuning_type, a key only LLaMA-Factory has; its inference, evaluation and export
    configs name one too, but no training."""
    model = data.get("model_name_or_path")
    staged = "stage" in data or "finetuning_type" in data and not {"export_dir", "infer_backend"} & set(data) and \
        (data.get("do_train") is True or bool(TRAINING_KEYS & set(data)))
    blank = model is None or unfilled(model) is not None  # left to the command line, or a template's blank
    return (isinstance(model, str) or blank and "finetuning_type" in data) and staged and \
        not (data.get("do_predict") is True and data.get("do_train") is not True)


def looks_like_llamafactory_v1(data: dict[str, Any]) -> bool:
    """The v1 engine's training config: ``model`` is the model's id (records hold a mapping there)."""
    return isinstance(data.get("model"), str) and "train_dataset" in data and "micro_batch_size" in data


def read_llamafactory_recipe(path: Path, data: dict[str, Any]) -> Ingested:
    recipe = Recipe(path, data, "llama-factory")
    recipe.tag("llama-factory")
    args: dict[str, Any] = {}
    for key in NUMBERS + INTEGERS:
        value = recipe.number(key, integer=key in INTEGERS)
        if value is not None:
            args[RENAMED.get(key, key)] = value
            if key in RENAMED:
                recipe.aliases[key] = RENAMED[key]
    for key in ("optim", "lr_scheduler_type", "deepspeed"):
        text = recipe.text(key)
        if text:
            args[key] = text
    for key in ("bf16", "fp16", "gradient_checkpointing"):
        if recipe.flag(key):
            args[key] = True
    if isinstance(data.get("lr_scheduler_kwargs"), dict):  # Seq2SeqTrainingArguments' own, passed through
        args["lr_scheduler_kwargs"] = data["lr_scheduler_kwargs"]
    packing = recipe.flag("packing")  # the web UI writes it always, false unless asked
    if recipe.flag("neat_packing"):  # DataArguments turns packing on with it
        packing = True
    if packing is not None:
        args["packing"] = packing
    recipe.settings(UNKEPT)
    for key, what in UNKEPT_OFF.items():
        if recipe.flag(key) is False:
            recipe.not_kept(key, f"{key} false ({what})")
    tuning = recipe.text("finetuning_type")
    if tuning == "freeze":  # named with its settings, or alone: LLaMA-Factory's defaults still train some layers only
        said = [f"{key} {shown_setting(data[key])} ({what})" for key, what in FREEZE.items()
                if data.get(key) not in (None, "", [], False)]
        recipe.not_kept("finetuning_type", "finetuning_type freeze (only some of the model's layers trained" +
                        (": " + "; ".join(said) if said else "") + ")")
    else:
        said = [key for key in FREEZE if data.get(key) not in (None, "", [], False)]
        if said:
            one = len(said) == 1
            recipe.result.warn(f"$.{said[0]}", f"{', '.join(said)} {'is' if one else 'are'} set, but finetuning_type "
                               f"is {tuning or 'lora, its default'}: LLaMA-Factory uses {'it' if one else 'them'} in a "
                               f"freeze run only, so {'it is' if one else 'they are'} not kept",
                               "set finetuning_type: freeze if the run trained some layers only", code="not-used")
    for flag, prefix, what in FAMILIES:
        recipe.family(flag, prefix, what)
    optimizer_defaults(args)
    recipe.base_model("model_name_or_path")
    if not recipe.hub_organization():  # transformers 4 names the repo from it, whatever hub_model_id says
        recipe.repo_id("hub_model_id")
    _template(recipe)
    _datasets(recipe)
    method = _method(recipe, args)
    kind = recipe.text("finetuning_type") or (None if "finetuning_type" in data else "lora")  # its default
    if kind not in (None, "lora", "full", "freeze"):  # OFT (0.9.4+) and forks' other PEFT methods: an adapter
        recipe.other_adapter("finetuning_type", kind, [f"{key} {shown_setting(value)}" for key, value in data.items()
                             if (key.startswith(f"{kind}_") or key == "quantization_bit") and value not in (None, "")])
    if kind == "lora":  # LoraArguments' defaults (0.6 to 0.9): rank 8, alpha twice the rank, every linear module
        targets = recipe.texts("lora_target", split=",") or ["all"]
        targets = ["all-linear"] if targets == ["all"] else targets
        bits = args.get("quantization_bit")
        quantizer = recipe.text("quantization_method")  # bitsandbytes (0.8.3-0.9.1), bnb (0.9.2+) by default
        if bits is not None and quantizer not in (None, "bitsandbytes", "bnb"):  # HQQ or EETQ: no load_in_*bit
            recipe.not_kept("quantization_method", f"quantization_method {quantizer} with quantization_bit {bits} "
                            f"(the base model quantized on the fly by {quantizer.upper()}, not loaded by bitsandbytes "
                            "as load_in_4bit/load_in_8bit say)")
            bits = None
        rank = args.get("lora_rank", 8)
        recipe.adapter("qlora" if bits == 4 else "lora", rank, args.get("lora_alpha") or rank * 2,
                       args.get("lora_dropout"), targets, bits if bits in (4, 8) else None)
    recipe.args = {k: v for k, v in args.items() if k not in ("lora_rank", "lora_alpha", "lora_dropout",
                                                               "quantization_bit")}
    return recipe.finish(method)


def _method(recipe: Recipe, args: dict[str, Any]) -> Optional[str]:
    stage = recipe.text("stage") or ("sft" if "stage" not in recipe.data else None)  # LLaMA-Factory's default
    method = STAGES.get(stage, stage) if stage else None
    loss = recipe.text("pref_loss") or recipe.text("dpo_loss")
    if method == "dpo" and loss == "orpo":
        return "orpo"  # LLaMA-Factory's DPO trainer with the odds-ratio loss, which it logs as ORPO's
    if method == "dpo" and loss:
        args["loss_type"] = loss
    elif loss and stage:  # LLaMA-Board writes the DPO stage's pref_loss into a KTO run's training_args.yaml too
        key = "pref_loss" if recipe.text("pref_loss") else "dpo_loss"
        recipe.result.warn(f"$.{key}", f"is not used: {key} {loss} is the loss of LLaMA-Factory's DPO stage, which "
                           f"alone reads it; stage {stage} trains with its own loss, so it is not kept",
                           f"leave {key} out, or set stage: dpo if the run was a DPO one", code="not-used")
    return method


V1_NUMBERS = {"learning_rate": "learning_rate", "num_train_epochs": "num_train_epochs",
              "max_grad_norm": "max_grad_norm", "pref_beta": "beta", "simpo_gamma": "simpo_gamma",
              "dpo_label_smoothing": "label_smoothing", "ld_alpha": "ld_alpha"}
V1_INTEGERS = {"micro_batch_size": "per_device_train_batch_size", "max_steps": "max_steps", "seed": "seed",
               "cutoff_len": "max_length", "global_batch_size": ""}


def read_llamafactory_v1_recipe(path: Path, data: dict[str, Any]) -> Ingested:
    recipe = Recipe(path, data, "llama-factory")
    recipe.tag("llama-factory")
    args: dict[str, Any] = dict(recipe.numbers(V1_NUMBERS, V1_INTEGERS))
    for key in ("bf16", "fp16"):
        if recipe.flag(key):
            args[key] = True
    if recipe.flag("enable_activation_checkpointing"):
        args["gradient_checkpointing"] = True
    plugins = {key: _plugin(recipe, key) for key in ("peft_config", "quant_config", "optim_config",
                                                     "lr_scheduler_config")}
    optim = dict(plugins["optim_config"])
    if optim.get("wd") is not None:  # the Muon plugin's weight decay (its own name; v1 has no weight_decay)
        decay = recipe.number("wd", value=optim.pop("wd"), where=["optim_config", "wd"])
        if decay is not None:
            args["weight_decay"] = decay
    lr = optim.pop("lr", None)
    if lr is not None and lr != args.get("learning_rate"):  # v1 sets it to learning_rate, warning at start
        recipe.result.warn("$.optim_config.lr", f"is {shown_setting(lr)}, but LLaMA-Factory v1 overrides the "
                           "optimizer's lr with learning_rate (" + (shown_setting(args["learning_rate"]) if
                           "learning_rate" in args else "its default") + "), which the run used, so it is not kept",
                           "set learning_rate to the value, and leave lr out of optim_config", code="not-read-by-tool")
    plugins["optim_config"] = optim
    for key, name in (("optim_config", "optim"), ("lr_scheduler_config", "lr_scheduler_type")):
        if isinstance(plugins[key].get("name"), str):
            args[name] = plugins[key]["name"]
        said = [f"{k} {shown_setting(v)}" for k, v in plugins[key].items() if k != "name" and v not in (None, "")]
        if said:  # the optimizer's or schedule's own settings (Muon's momentum, ns_steps...)
            recipe.not_kept(key, f"{key} {', '.join(said)} (the " + ("optimizer's" if key == "optim_config" else
                            "learning-rate schedule's") + " own settings)")
    recipe.base_model("model")
    _template(recipe)
    _v1_datasets(recipe)
    loss = recipe.text("pref_loss")
    # the command (`sft`, `dpo`, `rm`) picks the trainer; a reward model is the one loaded as a classifier
    method = path_method(path) or ("dpo" if loss or "beta" in args else
                                    "reward" if recipe.text("model_class") == "cls" else None)
    if method is None:
        # v1's `train` and `sft` commands run its SFT trainer; `dpo` wants preference pairs, `rm` a cls model
        method = "sft"
        recipe.result.warn("$", "names no training method: LLaMA-Factory v1 takes it from the command "
                           "(`llamafactory-cli train` or `sft` run SFT, `dpo` and `rm` the others), and the recipe has "
                           "no preference setting (pref_beta, pref_loss) nor a reward model (model_class: cls), so it "
                           "is read as sft", "set training.method in your records if the run used "
                           "`llamafactory-cli dpo` or `rm`", code="no-method")
    if method == "dpo" and loss == "orpo":
        method = "orpo"
    elif method == "dpo" and loss:
        args["loss_type"] = loss
    peft = plugins["peft_config"]
    bits = _v1_bits(recipe, plugins["quant_config"])
    if peft.get("name") == "lora":
        targets = recipe.texts("target_modules", peft.get("target_modules"), split=",")
        recipe.adapter("qlora" if bits == 4 else "lora",
                       recipe.number("r", integer=True, value=peft.get("r"), where=["peft_config", "r"]),
                       recipe.number("lora_alpha", value=peft.get("lora_alpha"), where=["peft_config", "lora_alpha"]),
                       recipe.number("lora_dropout", value=peft.get("lora_dropout"),
                                     where=["peft_config", "lora_dropout"]),
                       ["all-linear"] if targets == ["all"] else targets, int(bits) if bits in (4, 8) else None)
    elif peft:  # freeze (some layers trained) or another PEFT method: records keep LoRA's settings only
        recipe.not_kept("peft_config", f"peft_config {shown_setting(peft)} (" + ("only some layers trained"
                        if peft.get("name") == "freeze" else "a PEFT method other than LoRA") + ")")
    if bits is not None and peft.get("name") != "lora":
        recipe.not_kept("quant_config", f"quant_config {shown_setting(plugins['quant_config'])} (the base model "
                        "loaded quantized)")
    total = args.pop("global_batch_size", None)
    recipe.args = args
    result = recipe.finish(method)
    if total is not None:  # the v1 engine's global batch is the total, whatever the world size
        result.data.setdefault("training", {}).setdefault("hyperparameters", {})["total_train_batch_size"] = total
    return result


# dataset_dir's value (0.6.2 on) under which the dataset names are Hub ids, loaded as they are; REMOTE:<id> (0.8.3 on)
# reads the dataset_info.json of that Hub dataset repo.
ONLINE, REMOTE = "ONLINE", "REMOTE:"


def _datasets(recipe: Recipe) -> None:
    """The training datasets: names of entries in the dataset_info.json in ``dataset_dir`` (default ``data``), or, with
    dataset_dir ONLINE, each the Hub id loaded (get_dataset_list; ModelScope's or Modelers' when the machine set
    USE_MODELSCOPE_HUB / USE_OPENMIND_HUB, which no config says). An entry's ``hf_hub_url`` is the Hub id it loads,
    read from the dataset_info.json beside the recipe (:func:`_dataset_info`), as the project committed them together.
    The eval datasets are resolved alike (:func:`_eval_set`)."""
    names = [name for name in recipe.texts("dataset", split=",") or [] if name]
    where = recipe.text("dataset_dir") if names or recipe.data.get("eval_dataset") else None
    mixed = _interleaved(recipe, names)
    if where == ONLINE:
        for name in names:
            recipe.dataset(name, ["dataset"], "set model.datasets in your records to the Hub ids of the data used")
            hub = recipe.hub_dataset(name) if mixed[name] else None
            if hub:
                recipe.dataset_detail(hub, ["dataset"], mixed=mixed.pop(name))
        _mix_unkept(recipe, mixed)
        recipe.result.eval_set = _eval_set(recipe, None, "")
        return
    # a dataset_dir the launch script fills in (${DATA_DIR}) is named unfilled: no file is the run's registry
    given = recipe.data.get("dataset_dir")
    found = _dataset_info(recipe.path, where or "data") if where or given is None else None
    info = f"the Hub dataset {where[len(REMOTE):]}'s dataset_info.json" if where and where.startswith(REMOTE) else \
        str(found[0]) if found else f"{where or (given if isinstance(given, str) else 'data')}/dataset_info.json"
    recipe.result.eval_set = _eval_set(recipe, found[1] if found else {}, info)
    for name in names:
        entry = found[1].get(name) if found else None
        hub = entry.get("hf_hub_url") if isinstance(entry, dict) else None
        if isinstance(entry, dict) and isinstance(hub, str) and hub:
            recipe.declared.add(hub)  # (hf_hub_url: the Hub's, as the entry says, unless the path is here)
            recipe.dataset(hub, ["dataset"], DATASET_FIX)
            recipe.dataset_detail(hub, ["dataset"], config=entry.get("subset"), split=entry.get("split"),
                                  mixed=mixed.pop(name, None))
            continue
        what = next((f" for {label} {entry[key]!r}" for key, label in _ENTRY_KINDS if isinstance(entry, dict) and
                     isinstance(entry.get(key), str)), "")
        said = f"has no entry in {info} (dataset_dir; the run's copy had one)" if found and entry is None else \
            f"is a name in {info} (dataset_dir){what}"
        recipe.result.warn("$.dataset", f"{name!r} {said}, not a Hub dataset id", DATASET_FIX, code="not-a-hub-id")
    _mix_unkept(recipe, mixed)


def _interleaved(recipe: Recipe, names: list[str]) -> dict[str, Optional[str]]:
    """How each training dataset was mixed when LLaMA-Factory interleaves them (mix_strategy interleave_under /
    interleave_over: interleave_datasets with interleave_probs, in the order of ``dataset``, stopping when the first /
    every dataset is exhausted); none for concat, its default, or probabilities it refuses for their count."""
    strategy = recipe.text("mix_strategy")
    if strategy not in ("interleave_under", "interleave_over") or len(names) < 2:
        return {name: None for name in names}
    probs = recipe.data.get("interleave_probs")
    probs = probs.split(",") if isinstance(probs, str) else probs if isinstance(probs, list) else [None] * len(names)
    if len(probs) != len(names):  # DataArguments refuses the run
        recipe.not_kept("interleave_probs", f"interleave_probs {shown_setting(recipe.data['interleave_probs'])} "
                        f"({len(probs)} probabilities for {len(names)} datasets, which LLaMA-Factory refuses)")
        return {name: None for name in names}
    how = "undersampling" if strategy == "interleave_under" else "oversampling"
    return {name: "interleaved" + (f" with probability {str(p).strip()}" if p is not None else "") + f", {how}"
            for name, p in zip(names, probs)}


def _mix_unkept(recipe: Recipe, left: dict[str, Optional[str]]) -> None:
    """The interleaving of datasets no detail holds (not Hub datasets), named in the not-kept warning."""
    said = [f"{name} {how}" for name, how in left.items() if how]
    if said:
        recipe.not_kept("mix_strategy", f"mix_strategy {recipe.data['mix_strategy']}: " + "; ".join(said))


def _eval_set(recipe: Recipe, registry: Optional[dict[str, Any]], info: str) -> Optional[RecipeEvalSet]:
    """What ``eval_dataset`` (0.8.3+) says of the run's eval sets: its names, resolved as ``dataset``'s (``registry``:
    the dataset_info.json's entries, None for dataset_dir ONLINE, where each name is a Hub id), each loaded at its
    entry's ``split``, ``train`` by default (DatasetAttr), ``subset`` its config. Merged into one unnamed set
    (0.8.3 to 0.9.1; 0.9.3+ by default), or each its own set named by its name (``_get_merged_dataset``'s dict:
    0.9.3+ with ``eval_on_each_dataset``, 0.9.2 whenever the run does not predict), logged as ``eval_<name>_loss``:
    ``by_set``. Plain lookups, as the reader's unread-key warning found them."""
    value = dict.get(recipe.data, "eval_dataset")
    names = [n.strip() for n in value.split(",")] if isinstance(value, str) else value if isinstance(value, list) \
        else []
    names = [n for n in names if isinstance(n, str) and n]
    if not names:
        return held_out(recipe.data, "val_size", "LLaMA-Factory")
    by_set = tuple((name, _named_set(recipe, registry, info, name)) for name in dict.fromkeys(names))
    if len(names) == 1:
        return RecipeEvalSet(by_set[0][1].keys, by_set[0][1].entry, by_set[0][1].why, by_set)
    if dict.get(recipe.data, "eval_on_each_dataset") is True:
        return RecipeEvalSet(("eval_on_each_dataset",), why="with eval_on_each_dataset each eval set is named by its "
                             "dataset's name in eval_dataset, not the one unnamed set", by_set=by_set)
    return RecipeEvalSet(("eval_dataset",), why=f"its eval_dataset names {len(names)} datasets, which LLaMA-Factory "
                         "merges into one eval set", by_set=by_set)


def _named_set(recipe: Recipe, registry: Optional[dict[str, Any]], info: str, name: str) -> RecipeEvalSet:
    """What eval_dataset's ``name`` says of its set (see :func:`_eval_set`)."""
    split, keys = "train", ["eval_dataset"]
    if "$" in name:  # ${EVAL_DATASET}: the launch script's
        return RecipeEvalSet(("eval_dataset",), why=f"its eval_dataset {name!r} is a variable its launch script fills "
                             "in")
    entry = registry.get(name) if registry else None
    hub = recipe.hub_dataset(name) if registry is None else entry.get("hf_hub_url") if isinstance(entry, dict) \
        else None
    if registry is not None and isinstance(hub, str):
        recipe.declared.add(hub)
    if registry is None:
        keys.append("dataset_dir ONLINE (the name a Hub id, at its train split)")
    elif not isinstance(entry, dict) or not isinstance(hub, str) or not recipe.hub_dataset(hub):
        what = f"is a name in {info}" + ("" if info.startswith("the Hub") else ", not beside the recipe") \
            if not registry else "has no entry in " + info if entry is None else f"is {info}'s entry of no Hub dataset"
        return RecipeEvalSet(("eval_dataset",), why=f"its eval_dataset {name!r} {what}")
    else:
        split = entry.get("split") or split
        keys.append(f"{info}'s {name}: hf_hub_url" + (", subset" if entry.get("subset") else "") +
                    (", split" if entry.get("split") else ", split left to its default (train)"))
    if not hub:
        return RecipeEvalSet(("eval_dataset",), why=f"its eval_dataset {name!r} is no Hub dataset id")
    found = {"dataset": str(recipe.hub_dataset(hub)), **({"config": entry["subset"]} if isinstance(entry, dict) and
                                                         isinstance(entry.get("subset"), str) else {})}
    return RecipeEvalSet(tuple(keys), entry={**found, "split": str(split)})


# What a dataset_info.json entry without hf_hub_url loads, by the key LLaMA-Factory reads it from.
_ENTRY_KINDS = (("ms_hub_url", "ModelScope's dataset"), ("om_hub_url", "Modelers' dataset"),
                ("script_url", "the loading script"), ("cloud_file_name", "the cloud file"),
                ("file_name", "the local file"))


def _v1_datasets(recipe: Recipe) -> None:
    """The v1 engine's ``train_dataset``: a Hub id, or a YAML file listing the datasets (``{name: {path, source,
    split}}``; a ``source`` other than hf_hub, its default, is a loader plugin's: local files), read when it sits beside
    the recipe, else named (``org/name/file.yaml`` is such a list on the Hub: DataEngine._get_dataset_info). An hf_hub
    entry's path goes to datasets' load_dataset (0.9.4 to now), which loads a folder of that name where the run started,
    else the Hub dataset: one whose source is hf_hub only by default is read as any tool's path (a ``data/...`` one
    may be local), one saying ``source: hf_hub`` as LLaMA-Factory's hf_hub_url (the Hub's, unless the path is here)."""
    dataset = recipe.text("train_dataset")
    if not dataset:
        return
    if not dataset.endswith(".yaml"):  # (DataEngine reads a .yaml alone as a list; a .json or .yml is a data file)
        recipe.dataset(dataset, ["train_dataset"])
        return
    found = _beside(recipe.path, dataset)
    if found is None:
        recipe.result.warn("$.train_dataset", f"{dataset!r} is a file listing the datasets, not a Hub dataset id",
                           "set model.datasets in your records to the Hub ids it lists (their path)",
                           code="not-a-hub-id")
        return
    fix = "set model.datasets in your records to the Hub ids of the data used, if it is on the Hub"
    for name, entry in found[1].items():
        where = ["train_dataset"]  # a string: the file's entries are named in the messages
        hub = entry.get("path") if isinstance(entry, dict) and entry.get("source", "hf_hub") == "hf_hub" else None
        if isinstance(entry, dict) and isinstance(hub, str) and hub:
            if entry.get("source") == "hf_hub":  # said, as hf_hub_url says it: only a path here overrides it
                recipe.declared.add(hub)
            recipe.dataset(hub, where, fix)
            recipe.dataset_detail(hub, where, split=entry.get("split"))
        else:
            local = entry.get("path") if isinstance(entry, dict) else None
            recipe.result.warn("$.train_dataset", f"{name!r} is listed in {found[0]}" + (f" as {local!r}, a local file"
                               if isinstance(local, str) else "") + ", not a Hub dataset id", fix, code="not-a-hub-id")


def _beside(recipe: Path, name: str) -> Optional[tuple[Path, dict[str, Any]]]:
    """The mapping in file ``name`` that sits beside the recipe: ``name`` absolute, or relative to one of the folders
    the run may have started in (:func:`run_folders`)."""
    paths = [Path(name)] if Path(name).is_absolute() else [folder / name for folder in run_folders(recipe)]
    for path in paths:
        if present(path, file=True):
            try:
                data = load_data_file(path, str(path))
            except InputError:
                return None  # not readable: the names are named, unresolved
            # a mapping of entries only: datasets' save_to_disk writes a dataset_info.json of its own (features, ...)
            return (path, data) if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()) else None
    return None


def _dataset_info(recipe: Path, where: str) -> Optional[tuple[Path, dict[str, Any]]]:
    """The dataset_info.json in ``where`` LLaMA-Factory reads the names from, when it sits beside the recipe."""
    return None if where.startswith(REMOTE) else _beside(recipe, str(Path(where) / "dataset_info.json"))


def _template(recipe: Recipe) -> None:
    """LLaMA-Factory formats the data with its ``template``, and gives a tokenizer without a chat template its own."""
    if recipe.text("template"):
        recipe.model["chat_template"] = True


def _v1_bits(recipe: Recipe, quant: dict[str, Any]) -> Optional[Number]:
    """The bits the v1 engine loads the base model in: its quantization plugins (0.9.5 on, v1/plugins/model_plugins/
    quantization.py) are bnb, 4-bit when no quantization_bit is given, and auto, no quantization then; both load it
    with bitsandbytes. Another name is no plugin of it."""
    if not quant:
        return None
    bits = recipe.number("quantization_bit", integer=True, value=quant.get("quantization_bit"),
                         where=["quant_config", "quantization_bit"])
    name = quant.get("name")
    if name in ("bnb", "auto"):
        return 4 if bits is None and name == "bnb" else bits
    recipe.result.warn("$.quant_config.name", f"is {shown_setting(name)}, a quantization plugin LLaMA-Factory v1 "
                       "does not have (bnb and auto, both bitsandbytes), so how the base model was loaded is not "
                       "known and the quantization is not kept", "set name: bnb (or auto) if the run loaded it with "
                       "bitsandbytes, and name the method in the card's text otherwise", code="not-read-by-tool")
    return None


def _plugin(recipe: Recipe, key: str) -> dict[str, Any]:
    """A v1 plugin setting: a mapping with its ``name``."""
    value = recipe.data.get(key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    recipe.wrong(key, value, "a mapping with name", f"write {key} as a mapping, e.g. `name: ...`")
    return {}


__all__ = ["looks_like_llamafactory", "looks_like_llamafactory_v1", "read_llamafactory_recipe",
           "read_llamafactory_v1_recipe"]
