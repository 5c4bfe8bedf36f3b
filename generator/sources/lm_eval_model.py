"""The model an lm-evaluation-harness results file scored, as record data: its Hub repo id and base model; and the
setup it was scored with, as the evaluations' notes (run_notes, generation_note).

HFLM's ``pretrained=`` names the model, or with ``peft=`` (an adapter) or ``delta=`` (weights added to it) the base the
one scored loads onto; lm-eval 0.4.3+ writes that name as ``model_name`` and the Hub's commit of each as
``model_sha`` (``peft_sha``, ``delta_sha``), "" when its Hub lookup failed: no repo of that name (a local folder),
or any other error (offline, rate-limited; HFLM.get_model_info, 0.4.3 to 0.4.13). ``model_revision`` (default
``main``), ``model_source`` (the ``--model`` type) and ``model_name`` (``pretrained=`` as given) are written for a
local folder alike, so they tell nothing more. vLLM's ``lora_local_path=``
(0.4.3+) is a LoRA adapter's folder served on ``pretrained=``: the adapter is the model scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.errors import some_of
from generator.records.model import NOTES_PARTS
from generator.sources.common import HUB_ID, Ingested, local_model_title, local_path, run_name
from generator.sources.trainer_readme import model_id

# What loads onto ``pretrained=`` (the base), its relation to the base, and the ``config`` key of its Hub commit:
# HFLM's peft= and delta=; vLLM's lora_local_path= (a local folder, whose commit no one writes)
ADDED = (("peft", "adapter", "peft_sha"), ("delta", "finetune", "delta_sha"), ("lora_local_path", "adapter", ""))
# The top-level keys lm-evaluation-harness writes (0.2 to 0.4.13: evaluator.py's results, its evaluation tracker's
# general config, main.py's config), and BigScience's fork's table_results
HARNESS_KEYS = frozenset((
    "results", "versions", "config", "configs", "groups", "group_subtasks", "n-shot", "higher_is_better", "n-samples",
    "samples", "git_hash", "date", "pretty_env_info", "transformers_version", "upper_git_hash", "lm_eval_version",
    "model_source", "model_name", "model_name_sanitized", "system_instruction", "system_instruction_sha",
    "fewshot_as_multiturn", "chat_template", "chat_template_sha", "start_time", "end_time",
    "total_evaluation_time_seconds", "task_hashes", "tokenizer_pad_token", "tokenizer_eos_token", "tokenizer_bos_token",
    "eot_token_id", "max_length", "table_results"))


def foreign_keys(data: dict[str, Any], result: Ingested) -> None:
    """A warning naming the keys beside lm-eval's that the harness does not write (a fork's or a script's), which are
    not read: they may say the model scored is not the one the file names (ljaljushkin's fork, 0.3: the experts it
    pruned, `num_experts_to_prune`, and its nf4 quantization, `experiment_config`), which the card would not say."""
    others = [str(key) for key in data if key not in HARNESS_KEYS]
    if others:
        result.warn("$", f"holds keys lm-evaluation-harness does not write ({some_of(others)}: a fork's or a "
                    "script's), not read; if they say the model scored was changed (pruned, quantized, an adapter "
                    "loaded), the card does not say so", "say what was scored in your records (the evaluations' "
                    "notes, or the model and its base_model)", code="unread-keys")


def model_record(data: dict[str, Any], result: Ingested) -> dict[str, Any]:
    """``model.repo_id``, ``base_model`` and ``base_model_relation`` as the file names them. A name lm-eval found no
    Hub repo of is not taken where it is a folder here, and taken otherwise; either way with a warning on
    ``result``."""
    name, base, relation = scored_model(data)
    model: dict[str, Any] = {}
    scored_key, base_key = _sha_keys(data)
    checks: list[tuple[Optional[str], Optional[str], str]] = [(name, scored_key, "repo_id"), (base, base_key, "base_model")]
    for value, sha_key, field in checks:
        not_found = _not_found_on_hub(data, value, sha_key)
        if not_found and _local_folder(str(value), result.source):
            result.warn(f"$.config.{sha_key}", f"is empty: lm-eval found no Hub repo {value!r} when the run scored it, "
                        f"and {value!r} is a folder here: a local folder, not taken as the model's {field}",
                        f"set model.{field} in your records to the Hub repo id" + (
                            " (or pass --repo-id ORG/NAME)" if field == "repo_id" else ""), code="not-a-hub-id")
            continue
        if not_found:
            result.warn(f"$.config.{sha_key}", f"is empty: lm-eval writes it so whenever its Hub lookup of {value!r} "
                        "failed (offline, rate-limited, or a local folder of that name); as no such folder is here, "
                        f"{value!r}, of the Hub id form, is taken as the model's {field}",
                        "if it was a local folder, " + ("pass --repo-id ORG/NAME (or set model.repo_id in your "
                                                        "records) naming the model's Hub repo" if field == "repo_id"
                                                        else "set model.base_model in your records to the base's Hub "
                                                        "repo id"),
                        code="unverified-hub-id" if field == "repo_id" else "unverified-base-id")
        if value and (field == "base_model" or HUB_ID.match(value)):  # scored_model checked the base's id
            model[field] = value
    if "base_model" in model and relation:
        model["base_model_relation"] = relation
    else:
        model.pop("base_model", None)
    _warn_local_base(data, base, result)
    if "repo_id" not in model:  # (an org/name lm-eval found no Hub repo of is a local folder too)
        result.title = local_model_title(name) or (run_name(name) if name and HUB_ID.match(name) else None)
    return model


def _warn_local_base(data: dict[str, Any], base: Optional[str], result: Ingested) -> None:
    """A warning where an adapter or delta weights (peft=, delta=, lora_local_path=) were scored on a ``pretrained=``
    that names no Hub model (a local folder, /models/llama-3-8b): the card cannot name the base the weights need."""
    found = data.get("config")
    args = (found.get("model_args") if isinstance(found, dict) else None) or ""
    added = next((key for key, _, _ in ADDED if model_arg(args, key)), None)
    pretrained = model_arg(args, "pretrained")
    if added and pretrained and base is None:
        result.warn("$.config.model_args", f"loads the {added}= weights scored on pretrained={pretrained!r}, which "
                    "is no Hub model id (a local folder): the card names no base_model for them",
                    "set model.base_model (and model.base_model_relation) in your records to the base's Hub repo id",
                    code="not-a-hub-id")


def scored_model(data: dict[str, Any]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """The model a results file scored, its base model's Hub id and their relation. HFLM's ``peft=`` (an adapter,
    0.4.0+ and the 0.3 line's hf-causal-experimental) and ``delta=`` (weights added to the base, 0.4.1+) load onto
    ``pretrained=``, the base: the adapter or delta is the model scored, as lm-eval 0.4.3+ names it (``model_name``)."""
    found = data.get("config")
    args = found.get("model_args") if isinstance(found, dict) else None
    args = args or ""
    pretrained = model_arg(args, "pretrained")
    for key, relation, _ in ADDED:
        added = model_arg(args, key)
        if added:
            base = model_id(pretrained)
            return added, base, relation if base else None
    name = data.get("model_name")
    return (name if isinstance(name, str) and name else pretrained), None, None


def _sha_keys(data: dict[str, Any]) -> tuple[str, Optional[str]]:
    """The ``config`` keys of the Hub commits of the model scored and of its base (None without one): lm-eval
    0.4.3+'s HFLM writes the commit the Hub has of what it loads as ``model_sha`` (``peft_sha``, ``delta_sha`` for an
    adapter or delta weights on ``pretrained=``), and "" when the Hub has no such repo, as for a local ``out/ckpt``."""
    found = data.get("config")
    args = (found.get("model_args") if isinstance(found, dict) else None) or ""
    added = next((sha for key, _, sha in ADDED if model_arg(args, key)), None)
    return (added, "model_sha") if added is not None else ("model_sha", None)


def _not_found_on_hub(data: dict[str, Any], name: Optional[str], key: Optional[str]) -> bool:
    """Whether ``name`` looks like a Hub id but the file's ``config[key]`` says the Hub had no such repo."""
    found = data.get("config")
    return bool(name and key and HUB_ID.match(name) and isinstance(found, dict) and found.get(key) == "")


def _local_folder(name: str, source: str) -> bool:
    """Whether ``name`` (an ``org/name`` lm-eval found no Hub repo of) is a folder here, from where we run or beside
    the results file: lm-eval's HFLM hands ``pretrained`` to transformers as given, which loads a folder of that name
    before it asks the Hub, so the run scored it."""
    return local_path(name, (Path(), Path(source).parent), folder_only=True)


def model_arg(model_args: Any, key: str) -> Optional[str]:
    if isinstance(model_args, dict):
        value = model_args.get(key)
        return value if isinstance(value, str) else None
    for part in str(model_args).split(","):
        name, _, value = part.partition("=")
        if name.strip() == key:
            return value.strip()
    return None


def backend_note(data: dict[str, Any]) -> str:
    """Which of the harness's model types (``--model``: hf, vllm, sglang, openvino, local-completions; 0.3's hf-causal)
    scored the model, with its precision where ``model_args`` sets it (``dtype``, ``torch_dtype``, ``load_in_8bit``,
    ``load_in_4bit``): what a reader needs to score it alike ("" where the file names no model type)."""
    found = data.get("config")
    kind = found.get("model") if isinstance(found, dict) else None
    if not isinstance(kind, str) or not kind.strip():
        return ""
    args = found.get("model_args") if isinstance(found, dict) else None
    dtype = model_arg(args, "dtype") or model_arg(args, "torch_dtype")
    precision = f", dtype {dtype}" if dtype and dtype != "auto" else ""
    for bits in ("8", "4"):
        flag = args.get(f"load_in_{bits}bit") if isinstance(args, dict) else model_arg(args, f"load_in_{bits}bit")
        if flag is True or str(flag).lower() == "true":
            precision = f", loaded in {bits}-bit"
    return f"backend {kind.strip()}{precision}"


def chat_applied(data: dict[str, Any]) -> bool:
    """Whether the run's prompts went through a chat template (``--apply_chat_template``, 0.4.3+): ``chat_template``
    holds the template then ("" for an API model, whose provider applies its own), null without it."""
    template = data.get("chat_template")
    return template is True or isinstance(template, str)


# lm-eval's seeds (config keys, 0.4.3+) in the order ``--seed a,b,c,d`` takes them, and their defaults (lm_eval
# defaults.py: DEFAULT_RANDOM_SEED, DEFAULT_OTHER_SEED)
SEEDS = (("random_seed", 0), ("numpy_seed", 1234), ("torch_seed", 1234), ("fewshot_seed", 1234))


def seed_note(data: dict[str, Any]) -> str:
    """The run's ``--seed`` where it was not the default (``0,1234,1234,1234``): ``seed 42`` where one value set all
    four, else the four as the argument takes them (``seed 0,None,8,52``; None: left unset). The few-shot seed picks
    the examples each prompt shows, the others sampling and shuffling: another seed is another score. "" where the
    file writes no seeds (before 0.4.3) or the defaults."""
    found = data.get("config")
    if not isinstance(found, dict) or not all(key in found for key, _ in SEEDS):
        return ""
    values = [found[key] for key, _ in SEEDS]
    if not all(v is None or isinstance(v, int) and not isinstance(v, bool) for v in values) or \
            values == [default for _, default in SEEDS]:
        return ""
    return "seed " + (str(values[0]) if len(set(values)) == 1 else ",".join(str(v) for v in values))


# How a run's prompts reached the model, in its notes (lm-eval's and lighteval's)
CHAT_APPLIED = "chat template applied"
API_CHAT = "chat messages sent to the API, which applies its own chat template"


def run_notes(data: dict[str, Any]) -> str:
    """The run's setup that changes its scores, as the evaluation's notes (the card says them under its results
    table): the harness version, the model type and precision that scored it (backend_note), and (0.4.3+) whether the
    prompts went through the model's chat template (``chat_template`` holds it then; "" for an API model, whose
    provider applies its own), with the few-shot examples as turns of the chat, the system instruction, and a --seed
    other than the default (seed_note)."""
    parts = []
    if isinstance(data.get("lm_eval_version"), str):
        parts.append(f"lm-evaluation-harness {data['lm_eval_version']}")
    parts.append(backend_note(data))
    template = data.get("chat_template")  # "" from an API model, which has no tokenizer
    if chat_applied(data):
        parts.append((CHAT_APPLIED if template is True or str(template).strip() else API_CHAT)
                     + (", few-shot examples as chat turns" if data.get("fewshot_as_multiturn") is True else ""))
    instruction = data.get("system_instruction")
    if isinstance(instruction, str) and instruction.strip():
        parts.append(f"system instruction: {instruction.strip()!r}")
    parts.append(seed_note(data))
    return NOTES_PARTS.join(part for part in parts if part)


def generation_note(data: dict[str, Any], tasks: list[str]) -> str:
    """What ``--gen_kwargs`` set for the generation of ``tasks`` (one task, or a group's tasks), as the run's
    ``config.gen_kwargs`` holds it (the argument parsed into a mapping; ``{}`` or null when not given; a part without
    a value, as the pieces of a list the parser split at its commas, its key alone): ``gen_kwargs
    temperature=0.7,do_sample=True``, which changes a generated answer's score (sampling, a shorter max_gen_toks).
    lm-eval applies it to generate_until tasks only: "" for tasks its ``configs`` say are of another output type."""
    found = data.get("config")
    kwargs = found.get("gen_kwargs") if isinstance(found, dict) else None
    pairs = [f"{key}={value}" if value != "" else str(key) for key, value in kwargs.items()] \
        if isinstance(kwargs, dict) else []
    configs = data.get("configs")
    kinds = [c.get("output_type") for c in (configs.get(t) for t in tasks) if isinstance(c, dict)] \
        if isinstance(configs, dict) else []
    if not pairs or kinds and "generate_until" not in kinds:
        return ""
    return "gen_kwargs " + ",".join(pairs)
