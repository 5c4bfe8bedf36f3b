"""Training arguments (from training_args.bin or a JSON dump) -> the hyperparameters a card lists.

The list follows transformers' own ``extract_hyperparameters_from_trainer`` (its order and
names), plus the post-training method's settings that TRL configs carry.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Mapping, Optional

from generator.io.files import loads_json
from generator.sources.common import Ingested, is_number


def _text(value: Any) -> Optional[str]:
    """An enum value, string, or list of them (or of numbers) as card text; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, (list, tuple)) and value and all(is_number(v) and not isinstance(v, bool) for v in value):
        return ", ".join(str(v) for v in value)  # GRPO's reward_weights
    return None


def _world(args: Mapping[str, Any]) -> tuple[Optional[str], int, int]:
    """(distributed type as transformers' card names it, number of processes, GPUs per process)."""
    gpus = args.get("_n_gpu")
    n_gpu = gpus if isinstance(gpus, (int, float)) and is_number(gpus) else 0
    state = args.get("distributed_state")
    if not isinstance(state, dict):
        return (None, 1, int(n_gpu))
    kind = state.get("distributed_type")
    count = state.get("num_processes")
    processes = count if isinstance(count, (int, float)) and is_number(count) else 1
    if kind == "XLA":
        distributed: Optional[str] = "tpu"
    elif isinstance(kind, str) and kind != "NO":
        distributed = _devices(kind, state.get("device"))
    else:
        distributed = None
    return (distributed, int(processes), int(n_gpu))


def _devices(kind: str, device: Any) -> str:
    """The distributed type of a run of several processes, named by the devices they ran on: accelerate's MULTI_CPU
    (or DeepSpeed / FSDP on a "cpu" device) is "multi-CPU", MULTI_XPU / MULTI_NPU / ... "multi-XPU" / "multi-NPU"
    / ..., the rest "multi-GPU". transformers' card says "multi-GPU" for every ParallelMode.DISTRIBUTED run, so a
    CPU run of 2 processes (torchrun, accelerate launch --cpu) claimed GPUs it never had."""
    if kind == "MULTI_CPU" or isinstance(device, str) and device.split(":")[0] == "cpu":
        return "multi-CPU"
    if kind.startswith("MULTI_") and kind != "MULTI_GPU" and kind[6:].isalpha():
        return "multi-" + kind[6:]
    return "multi-GPU"


# The method's own settings (TRL configs), listed after transformers' ones when the arguments have them.
# (key, when): "set" lists any value but None/""; "true" only True; "nonzero" numbers other than 0; "simpo" only with
# loss_type simpo (CPOConfig holds a simpo_gamma whatever its loss); "not-token" all but GRPO's default "token".
METHOD_KEYS = (
    ("beta", "set"), ("loss_type", "set"), ("loss_weights", "set"), ("label_smoothing", "nonzero"),
    ("rpo_alpha", "set"), ("reference_free", "true"), ("simpo_gamma", "simpo"), ("cpo_alpha", "nonzero"),
    ("desirable_weight", "set"), ("undesirable_weight", "set"), ("num_generations", "set"),
    ("num_iterations", "set"), ("epsilon", "set"), ("epsilon_high", "set"), ("delta", "set"), ("temperature", "set"),
    ("scale_rewards", "set"), ("reward_weights", "set"), ("mask_truncated_completions", "true"),
    ("center_rewards_coefficient", "set"), ("lmbda", "set"), ("seq_kd", "true"), ("max_new_tokens", "set"),
    ("max_length", "set"), ("max_prompt_length", "set"), ("max_completion_length", "set"),
    ("max_seq_length", "set"), ("max_target_length", "set"), ("truncation_mode", "set"), ("packing", "bool"),
    ("packing_strategy", "packing"), ("padding_free", "true"), ("completion_only_loss", "true"),
    ("assistant_only_loss", "true"), ("neftune_noise_alpha", "set"), ("precompute_ref_log_probs", "true"),
    ("sync_ref_model", "true"), ("ref_model_mixup_alpha", "sync"), ("ref_model_sync_steps", "sync"),
    ("use_weighting", "true"), ("ld_alpha", "set"), ("importance_sampling_level", "not-token"),
    # TRL 0.x's PPOConfig (and OnPolicyConfig, which the RLOO before 0.22 shares)
    ("num_ppo_epochs", "set"), ("num_mini_batches", "set"), ("response_length", "set"), ("kl_coef", "set"),
    ("cliprange", "set"), ("vf_coef", "set"), ("cliprange_value", "set"), ("gamma", "set"), ("lam", "set"),
    ("whiten_rewards", "true"), ("rloo_k", "set"), ("missing_eos_penalty", "set"),
)


def _run_length(args: Mapping[str, Any], epochs: Any) -> tuple[str, Any]:
    """How long the run was asked to train, as the card names it: training_steps (max_steps), num_epochs, or the
    total_episodes of TRL 0.x's on-policy trainers (PPO, RLOO before 0.22), which ignore max_steps."""
    if "total_episodes" in args:
        return ("total_episodes", args["total_episodes"]) if is_number(args["total_episodes"]) else \
            ("num_epochs", epochs)
    if is_number(args.get("max_steps")) and args["max_steps"] > 0:
        return "training_steps", args["max_steps"]
    return "num_epochs", epochs


# TrainingArguments' defaults of the settings an optimizer's line shows: Adam's betas and epsilon, Lion's betas.
ADAM_DEFAULTS = {"adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-08}


def optimizer_defaults(args: dict[str, Any]) -> None:
    """Fill in, in a recipe's arguments, the defaults of what its optimizer's line shows that the recipe leaves out
    (the Trainer runs with them: a recipe setting adam_beta2 alone ran with adam_beta1 0.9)."""
    optim = args.get("optim")
    named = optim.lower() if isinstance(optim, str) else ""
    for key in ADAM_DEFAULTS if "adam" in named else ("adam_beta1", "adam_beta2") if "lion" in named else ():
        args.setdefault(key, ADAM_DEFAULTS[key])


def _optimizer(args: Mapping[str, Any]) -> Optional[str]:
    """The optimizer line transformers' card writes for the training arguments ``args``, None when they name none."""
    optim = _text(args.get("optim"))
    if optim:
        text = optim
        betas = (args.get("adam_beta1"), args.get("adam_beta2"))
        if "adam" in optim.lower() and all(is_number(b) for b in betas):
            text += f" with betas=({betas[0]},{betas[1]})"
            # a dump without it (ms-swift 2.x's sft_args.json lists its own arguments) names no epsilon, not None
            text += f" and epsilon={args['adam_epsilon']}" if is_number(args.get("adam_epsilon")) else ""
        elif "lion" in optim.lower() and all(is_number(b) for b in betas):
            # transformers hands Lion (lion_32bit, lion_8bit, paged_lion_*) adam_beta1/2 as its betas, and no epsilon
            text += f" with betas=({betas[0]},{betas[1]})"
        optim_args = args.get("optim_args")
        if isinstance(optim_args, str) and optim_args:
            text += f" and optimizer_args={optim_args}"
        return text
    if "optim" not in args and "fp16_opt_level" in args and all(is_number(args.get(k)) for k in ADAM_DEFAULTS):
        # all of TrainingArguments (fp16_opt_level: no recipe's) before `optim` (transformers < 4.18): the Trainer ran
        # AdamW with these, or Adafactor when told (4.2+), as transformers' own card of those versions says
        return "Adafactor" if args.get("adafactor") is True else \
            f"Adam with betas=({args['adam_beta1']},{args['adam_beta2']}) and epsilon={args['adam_epsilon']}"
    return None


def hyperparameters(args: Mapping[str, Any]) -> dict[str, Any]:
    """The hyperparameters transformers' card lists, in its order and with its names, then the method's own.

    ``args`` are TrainingArguments fields: from :func:`read_training_args`, a JSON dump, or a recipe.
    """
    out: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            value = _text(value)
        if isinstance(value, float) and not math.isfinite(value):
            return
        if value is not None and value != "" and isinstance(value, (str, int, float, bool)):
            out[name] = value

    distributed, world, n_gpu = _world(args)
    # transformers 2.x-3.x: per_gpu_*, which 3.x's TrainingArguments still prefers to per_device_* when set (its
    # train_batch_size), and the example scripts' own argparse arguments name alone (dylan-slack/Finetuning-DP-...)
    per_train = args.get("per_gpu_train_batch_size") or args.get("per_device_train_batch_size")
    per_eval = args.get("per_gpu_eval_batch_size") or args.get("per_device_eval_batch_size")
    train_batch = per_train * max(1, n_gpu) if isinstance(per_train, (int, float)) and is_number(per_train) else None
    eval_batch = per_eval * max(1, n_gpu) if isinstance(per_eval, (int, float)) and is_number(per_eval) else None
    def number(key: str) -> Any:
        """A number, or a numeric string as a recipe's YAML may hold it (``5e-7``)."""
        value = args.get(key)
        if isinstance(value, str) and len(value) < 40:
            try:
                return value if math.isfinite(float(value)) else None
            except ValueError:
                return None
        return value if is_number(value) else None

    put("learning_rate", number("learning_rate"))
    put("train_batch_size", train_batch)
    put("eval_batch_size", eval_batch)
    put("seed", number("seed"))
    if is_number(args.get("data_seed")) and args.get("data_seed") != args.get("seed"):
        put("data_seed", args["data_seed"])
    put("distributed_type", distributed)
    if world > 1:
        put("num_devices", world)
    steps = args.get("gradient_accumulation_steps")
    accumulation = steps if isinstance(steps, (int, float)) and is_number(steps) else 1
    if accumulation > 1:
        put("gradient_accumulation_steps", accumulation)
    if train_batch is not None and train_batch * world * accumulation != train_batch:
        put("total_train_batch_size", train_batch * world * accumulation)
    if eval_batch is not None and eval_batch * world != eval_batch:
        put("total_eval_batch_size", eval_batch * world)
    put("optimizer", _optimizer(args))
    put("lr_scheduler_type", _text(args.get("lr_scheduler_type")))
    kwargs = args.get("lr_scheduler_kwargs")
    if isinstance(kwargs, dict) and kwargs:
        put("lr_scheduler_kwargs", json.dumps(kwargs, sort_keys=True, default=str))
    if is_number(args.get("warmup_ratio")) and args["warmup_ratio"] != 0:
        put("lr_scheduler_warmup_ratio", args["warmup_ratio"])
    # transformers 5.0-5.14 copy a given warmup_ratio into warmup_steps (a float < 1 there meaning a ratio; 5.15 drops
    # warmup_ratio): the setting is listed once, as the user gave it (joshsalako/telelogs' Unsloth GRPO run: both 0.1)
    copied = is_number(args.get("warmup_ratio")) and args.get("warmup_steps") == args["warmup_ratio"]
    if is_number(args.get("warmup_steps")) and args["warmup_steps"] != 0 and not copied:
        put("lr_scheduler_warmup_steps", args["warmup_steps"])
    put(*_run_length(args, number("num_train_epochs")))
    precision = "fp16" if args.get("fp16") is True else "bf16" if args.get("bf16") is True else \
        args.get("mixed_precision") if args.get("mixed_precision") in ("fp16", "bf16") else None
    # transformers' card says "Native AMP" for fp16 and nothing for bf16 (4.57, 5.18). bf16 with use_cpu (TRL 1.x's
    # default bf16=True) runs too: accelerate autocasts the forward to bfloat16 on CPU (seen in transformers 5.25,
    # accelerate 1.16, torch 2.13: torch.is_autocast_enabled("cpu") inside the model's forward)
    if precision:
        put("mixed_precision_training", "Native AMP" if precision == "fp16" else "Native AMP (bf16)")
    if is_number(args.get("label_smoothing_factor")) and args["label_smoothing_factor"] != 0:
        put("label_smoothing_factor", args["label_smoothing_factor"])
    if is_number(args.get("weight_decay")) and args["weight_decay"] != 0:
        put("weight_decay", args["weight_decay"])
    clip = args.get("max_grad_norm")
    # inf: the gradient's norm is computed and logged but never clipped (a number records cannot hold: said as text)
    unclipped = clip == math.inf or isinstance(clip, str) and clip.strip().lower() in ("inf", "infinity", "+inf")
    put("max_grad_norm", "inf (no clipping)" if unclipped else number("max_grad_norm"))
    # transformers 5.24 renamed it activation_checkpointing (the old name a deprecated alias, gone in v6)
    if args.get("gradient_checkpointing") is True or args.get("activation_checkpointing") is True:
        put("gradient_checkpointing", True)
    fsdp = args.get("fsdp")
    put("fsdp", _text(fsdp) if fsdp else None)
    deepspeed = args.get("deepspeed")
    if isinstance(deepspeed, str) and deepspeed:
        put("deepspeed", Path(deepspeed).name)
    elif isinstance(deepspeed, dict):
        zero = deepspeed.get("zero_optimization")
        stage = zero.get("stage") if isinstance(zero, dict) else None
        put("deepspeed", f"ZeRO stage {stage}" if stage is not None else "yes")
    for key, when in METHOD_KEYS:
        if key not in args:
            continue
        value = args[key]
        if when == "true" and value is not True:
            continue
        if when == "bool" and not isinstance(value, bool):
            continue
        if when == "nonzero" and not (is_number(value) and value != 0):
            continue
        if when == "packing" and args.get("packing") is not True:
            continue
        if when == "sync" and args.get("sync_ref_model") is not True:
            continue
        if when == "simpo" and args.get("loss_type") != "simpo":
            continue
        if when == "not-token" and value == "token":  # GRPOConfig's default; "sequence" is GSPO
            continue
        put(key, value)
    return warmup_as_ratio(out)



# TRL 0.x's PPOConfig before 0.12 (the PPOTrainer of trl.trainer.ppo_trainer, no TrainingArguments): its own names for
# the rollout batch, the optimisation minibatch and its KL control. (key, when) as METHOD_KEYS', "adaptive" only with
# adap_kl_ctrl, "early" only with early_stopping
LEGACY_PPO_KEYS = (
    ("batch_size", "set"), ("mini_batch_size", "set"), ("ppo_epochs", "set"), ("init_kl_coef", "set"),
    ("kl_penalty", "set"), ("adap_kl_ctrl", "bool"), ("target", "adaptive"), ("horizon", "adaptive"),
    ("early_stopping", "true"), ("target_kl", "early"), ("use_score_scaling", "true"), ("use_score_norm", "true"),
    ("score_clip", "set"),
)


def legacy_ppo_hyperparameters(config: Mapping[str, Any]) -> dict[str, Any]:
    """The hyperparameters of TRL 0.x's PPOConfig (before 0.12) as its PPOTrainer saved it: transformers' names where
    it shares them (learning_rate, seed, gradient_accumulation_steps), then its own; its batch sizes after the
    learning rate, where transformers' list has them."""
    shared, own = hyperparameters(config), {}
    for key, when in LEGACY_PPO_KEYS:
        value = config.get(key)
        if value is None or value == "" or isinstance(value, (dict, list)):
            continue
        if when == "bool" and not isinstance(value, bool) or when == "true" and value is not True:
            continue
        if when == "adaptive" and config.get("adap_kl_ctrl") is not True:
            continue
        if when == "early" and config.get("early_stopping") is not True:
            continue
        own[key] = value
    rate = {k: shared.pop(k) for k in ("learning_rate",) if k in shared}
    batches: dict[str, Any] = {k: own.pop(k) for k in ("batch_size", "mini_batch_size") if k in own}
    return {**rate, **batches, **shared, **own}


# A card's own list, read back: the hyperparameters transformers' Trainer wrote into its README.md

def warmup_as_ratio(listed: dict[str, Any]) -> dict[str, Any]:
    """``listed`` with a warmup_steps below 1 named as the ratio it is: transformers 5.x reads one as a share of the
    training steps (TrainingArguments.get_warmup_steps; 5.15 drops warmup_ratio, 5.0-5.14 copy it there) and its card
    lists it as lr_scheduler_warmup_steps (4.x took whole steps only). In place, unless a ratio is listed too."""
    steps = listed.get("lr_scheduler_warmup_steps")
    if not (isinstance(steps, float) and 0 < steps < 1) or "lr_scheduler_warmup_ratio" in listed:
        return listed
    return {"lr_scheduler_warmup_ratio" if k == "lr_scheduler_warmup_steps" else k: v for k, v in listed.items()}


def _value(text: str) -> Any:
    """A listed hyperparameter's value: a number when it reads as one (``3e-05``, ``16``), a boolean as our cards
    write one (``true``), else the text."""
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d{1,18}", text):
        return int(text)
    if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        number = float(text)
        return number if math.isfinite(number) else text
    return text


OPTIMIZER_ARGS = " and the args are:"  # transformers' optimizer line, its optim_args on the next line (4.4x+)


def card_hyperparameters(body: str) -> dict[str, Any]:
    """The ``- name: value`` list under the card's "Training hyperparameters" heading, as transformers writes it.

    The optimizer is spelt as our list spells it: ``Use OptimizerNames.ADAMW_TORCH with betas=...`` (transformers
    4.4x+) or ``Use adamw_torch with ...`` -> ``adamw_torch with ...``; older cards' ``Adam with betas=...`` stays.
    """
    match = re.search(r"^#+ Training hyperparameters\s*$(.*?)(?=^#+ |\Z)", body, flags=re.M | re.S | re.I)
    out: dict[str, Any] = {}
    # transformers 4.4x+ writes an optimizer other than Adam on two lines: one item, as the Hub shows it
    for line in optimizer_args_joined((match.group(1) if match else "").splitlines()):
        item = re.fullmatch(r"- ([A-Za-z][\w ]*?): (.+?)\s*", line)
        if not item:
            if out and line.strip():
                break  # a person's text after the list, and what it lists (the base model's own settings)
            continue
        name, text = item.group(1).strip(), item.group(2)
        out[name] = _value(card_optimizer(text) if name == "optimizer" else text)
    return warmup_as_ratio(out)


def json_hyperparameters(body: str) -> dict[str, Any]:
    """The JSON object under the card's "Hyperparameters" heading: the card template of the Hugging Face SageMaker
    notebooks (2021: "This model was trained using Amazon SageMaker and the new Hugging Face Deep Learning container")
    writes there the estimator's hyperparameters, which SageMaker passes the example script as its arguments
    (``json.dumps(hyperparameters, indent=4, sort_keys=True)``, fenced as json or indented: philschmid/bart-large-cnn-
    samsum). Empty when there is none, or it is no JSON object (a person's Python dict)."""
    match = re.search(r"^#{1,6} *Hyperparameters\s*$(.*?)(?=^#{1,6} |\Z)", body, flags=re.M | re.S | re.I)
    return json_object(match.group(1) if match else "")


def json_object(text: str) -> dict[str, Any]:
    """The JSON object a section's ``text`` is, alone (fenced as json, bare or indented), else empty."""
    text = text.strip()
    fenced = re.fullmatch(r"```(?:json)?[ \t]*\n(.*?)\n```", text, flags=re.S | re.I)
    try:
        found = loads_json(fenced.group(1) if fenced else text) if text else None
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def said_by_json(listed: dict[str, Any], sections: list[dict[str, Any]]) -> dict[str, Any]:
    """``listed`` (a run's hyperparameters) without those a card's "Hyperparameters" section, a JSON object of the
    arguments (the SageMaker notebooks' card: json_hyperparameters), states with the same value: kept whole as the
    card's text, it says them, and more (the dataset, the base model, the output folder)."""
    said: dict[str, Any] = {}
    for section in sections:
        if " ".join(str(section.get("title", "")).split()).casefold() == "hyperparameters":
            said.update(hyperparameters(json_object(str(section.get("content") or ""))))
    return {name: value for name, value in listed.items()
            if not (name in said and same_setting(name, said[name], value))}


def optimizer_args_joined(lines: list[str]) -> list[str]:
    """A card's lines with transformers' two-line optimizer item (``- optimizer: Use lion_8bit and the args are:``,
    then its optim_args) made one, as the Hub shows it: the second line continues the item's paragraph."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].rstrip().endswith(OPTIMIZER_ARGS) and line.strip() and not line.lstrip().startswith("- "):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def card_optimizer(text: str) -> str:
    """A card's optimizer as our list spells it (see :func:`card_hyperparameters`); transformers writes an optimizer
    other than Adam as ``Use lion_8bit and the args are:`` and its optim_args (or "No additional optimizer arguments")
    on the next line, without the betas it hands Lion: ``lion_8bit`` (``lion_8bit and optimizer_args=...``)."""
    text = text.replace(" and optimizer_args=No additional optimizer arguments", "")
    # the second line joined by a line break (as written) or a space (as the Hub shows it: optimizer_args_joined)
    text = re.sub(re.escape(OPTIMIZER_ARGS) + r"\s+No additional optimizer arguments$", "", text)
    text = re.sub(re.escape(OPTIMIZER_ARGS) + r"\s+", " and optimizer_args=", text)
    used = re.fullmatch(r"Use (?:OptimizerNames\.)?(\w+)(.*)", text)
    return used.group(1).lower() + used.group(2) if used else text


def _optimizer_setup(name: str, value: Any) -> Any:
    """What a README's optimizer line and ours share across transformers releases: older ones name the class
    ("Adam with betas=...") where newer ones name the argument ("adamw_torch with betas=...")."""
    if name == "optimizer" and isinstance(value, str) and " with " in value:
        return value.split(" with ", 1)[1]
    return value


def same_setting(name: str, card: Any, ours: Any) -> bool:
    """Whether a README's hyperparameter says what ours does; transformers' card names an optimizer other than Adam
    without the betas ours shows for Lion ("lion_8bit" for "lion_8bit with betas=(0.9,0.999)")."""
    if name == "optimizer" and isinstance(card, str) and isinstance(ours, str) and " with " not in card:
        return card == re.sub(r" with betas=\([^)]*\)", "", ours)
    return bool(_optimizer_setup(name, card) == _optimizer_setup(name, ours))


# transformers' card through 4.44 (modelcard.extract_hyperparameters_from_trainer) wrote this line for every optim
# but the old adafactor=True flag: it says the Adam settings of the arguments, not which optimizer ran (daniiiL97/
# global-generator3, 4.40.0.dev0: "Adam with betas=(0.9,0.999) and epsilon=1e-08" over optim adafactor)
_OLD_ADAM_LINE = re.compile(r"Adam with betas=\(([^,()]+),([^,()]+)\) and epsilon=(\S+)")


def _old_adam_line(card: Any, args: Mapping[str, Any]) -> bool:
    """Whether ``card``'s optimizer is the line transformers' older cards wrote whatever the optimizer, with the
    Adam settings of ``args`` (the training arguments read)."""
    found = _OLD_ADAM_LINE.fullmatch(card) if isinstance(card, str) else None
    if not found:
        return False
    try:
        written = [float(v) for v in found.groups()]
    except ValueError:
        return False
    held = [args.get(key, ADAM_DEFAULTS[key]) for key in ("adam_beta1", "adam_beta2", "adam_epsilon")]
    return all(is_number(h) and float(h) == w for h, w in zip(held, written))


def compare_card_hyperparameters(card: Mapping[str, Any], ours: Mapping[str, Any], result: Ingested,
                                  source: str = "training_args.bin", args: Optional[Mapping[str, Any]] = None) -> None:
    """A trainer README whose hyperparameters differ from the training arguments' (read from ``source``; ``args``,
    as read) is from another run (or was edited): the arguments the Trainer ran with are kept, and the difference is
    reported."""
    differ = [k for k in card if k in ours and not same_setting(k, card[k], ours[k])
              and not (k == "optimizer" and _old_adam_line(card[k], args or {}))]
    if differ:
        shown = ", ".join(f"{k} ({card[k]} there, {ours[k]} in {source})" for k in differ)
        result.warn("README.md", f"the trainer's README lists other hyperparameters than {source}, which is what "
                    f"the Trainer ran with: {shown}; the arguments' values are kept",
                    "the README may be from another run: remove it or save the run's own README",
                    code="conflicting-values")


__all__ = ["ADAM_DEFAULTS", "METHOD_KEYS", "OPTIMIZER_ARGS", "card_hyperparameters", "card_optimizer",
           "compare_card_hyperparameters", "hyperparameters", "optimizer_args_joined", "optimizer_defaults",
           "same_setting"]
