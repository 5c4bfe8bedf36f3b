"""lighteval results JSON -> evaluations.

Task keys are ``suite|task|fewshot`` (up to 0.12, and the Open LLM Leaderboard's ``harness|arc:challenge|25``) or
``task|fewshot`` (0.13+); the few-shot count comes from the key. A task's Hub dataset, config and split come from its
``config_tasks`` entry (``hf_repo``, ``hf_subset``, a single ``evaluation_splits``), else from the bundled table of
common tasks (generator/data/eval_tasks.yaml). Every evaluation has task type text-generation. Metrics carry a
``_stderr`` twin, which lighteval writes as NaN when undefined; a value that is not finite is left out with a
warning. The ``all`` entry and ``:_average`` entries are lighteval's own means and are kept out of the per-task
evaluations. A result with no Hub dataset, of a task whose ``hf_filter`` keeps part of its split, or of a run cut by
``--max-samples`` (``config_general.max_samples``; a task whose ``effective_num_docs`` reached its
``original_num_docs`` was scored whole), stays in the tables, out of model-index, and a warning says why. The run's
setup (backend, dtype, sampling, system prompt: run_notes) is each evaluation's notes, said under the results table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem
from generator.records.model import NOTES_PARTS
from generator.sources.common import (
    HUB_ID,
    Ingested,
    benchmark_label,
    eval_task_table,
    examples_at_most,
    examples_scored,
    finite,
    hub_dataset_id,
    is_number,
    local_model_title,
    one_result_per_dataset,
    read_json_object,
)
from generator.sources.lm_eval import TASK_TYPE, evaluation_id
from generator.sources.lm_eval_model import API_CHAT, CHAT_APPLIED
from generator.sources.trainer_readme import model_id

# a task key as lighteval up to 0.12 wrote it (lm-eval never puts "|" in a task name)
TASK_KEY = re.compile(r"^[^|,]+\|[^|,]+\|\d+$")
# The Open LLM Leaderboard v1 (2023-24) ran lm-eval 0.3 tasks through lighteval's `harness` suite; its cards named
# them so (e.g. "AI2 Reasoning Challenge (25-Shot)"), and its MMLU score is the mean `acc` of the 57
# hendrycksTest-<subject> tasks, which here become the group "MMLU" (the card's group average is that mean).
LEADERBOARD_V1_NAMES = {"arc:challenge": "AI2 Reasoning Challenge", "hellaswag": "HellaSwag",
                        "truthfulqa:mc": "TruthfulQA", "winogrande": "Winogrande", "gsm8k": "GSM8k", "drop": "DROP"}
MMLU_PREFIX = "hendrycksTest-"


def looks_like_lighteval(data: dict[str, Any]) -> bool:
    """``config_general`` and ``results``; or (the Open LLM Leaderboard's files of mid-2023, ``config`` and
    ``task_config`` instead) ``results`` whose keys are all ``suite|task|fewshot`` but ``all``; or that mapping
    alone."""
    results = data.get("results")
    if bare_results(data):
        return True
    if not isinstance(results, dict):
        return False
    if isinstance(data.get("config_general"), dict):
        return True
    return _task_keys(results)


def _task_keys(results: dict[str, Any]) -> bool:
    keys = [k for k in results if k != "all"]
    return bool(keys) and all(TASK_KEY.match(k) and isinstance(results[k], dict) for k in keys)


def bare_results(data: dict[str, Any]) -> bool:
    """The ``results`` mapping alone, as the leaderboard's dataset cards show it ("Latest results", copied into model
    cards and saved as JSON): ``all`` and ``suite|task|fewshot`` keys only."""
    return "results" not in data and "config_general" not in data and _task_keys(data)


def _parse_key(key: str) -> tuple[str, str, Optional[int]]:
    """(suite, task, fewshot) from a lighteval task key."""
    parts = key.split("|")
    if len(parts) >= 3 and parts[2].isdecimal():  # (isdigit takes '²', which int refuses)
        return parts[0], parts[1], int(parts[2])
    if len(parts) == 2 and parts[1].isdecimal():
        return "", parts[0], int(parts[1])
    if len(parts) == 2:
        return parts[0], parts[1], None
    return "", key, None


def _dataset(config: Any, suite: str, task: str) -> tuple[dict[str, Any], str]:
    """A task's dataset, and why it has no Hub id ("" when it has one). A config whose ``hf_repo`` is null or empty
    (scripts converting another tool's scores to lighteval's file write ``"hf_repo": null``) names no dataset: the
    task's is looked up as for a file of no task configs."""
    if isinstance(config, dict) and isinstance(config.get("hf_repo"), str) and config["hf_repo"]:
        repo = config.get("hf_repo")
        dataset: dict[str, Any] = {}
        if hub_dataset_id(repo):
            dataset["id"] = repo
        subset = config.get("hf_subset")
        if isinstance(subset, str) and subset not in ("", "default"):
            dataset["config"] = subset
        splits = config.get("evaluation_splits")
        if isinstance(splits, list) and len(splits) == 1 and isinstance(splits[0], str):
            dataset["split"] = splits[0]
        if isinstance(config.get("hf_revision"), str) and config["hf_revision"]:
            dataset["revision"] = config["hf_revision"]
        if "id" in dataset:
            return dataset, ""
        return dataset, f"its hf_repo {repo!r} is not a Hub dataset id (a local folder?)"
    # the Open LLM Leaderboard's harness suite ran lm-eval 0.3 tasks (hendrycksTest-<subject>)
    for section in ("lighteval", "lm_eval_0_3") if suite == "harness" else ("lighteval",):
        entry = eval_task_table(section).get(task)
        if entry:
            dataset = {"id": entry[0]}
            if entry[1] and entry[1] != "default":
                dataset["config"] = entry[1]
            if entry[2]:
                dataset["split"] = entry[2]
            return dataset, ""
    return {}, "the file does not name its dataset, and the task is not in the bundled table of common tasks"


def _filtered(config: Any, dataset: dict[str, Any]) -> str:
    """Why a task's numbers are not its split's when its ``hf_filter`` (the function lighteval applies to the dataset
    with ``dataset.filter``, written by its name, ``<lambda>`` for a lambda) keeps part of it ("" without one)."""
    found = config.get("hf_filter") if isinstance(config, dict) else None
    if not isinstance(found, str) or not found.strip():
        return ""
    shown = ", ".join(str(dataset[k]) for k in ("config", "split") if dataset.get(k))
    return (f"it scores only the examples its hf_filter {found!r} keeps of {dataset['id']}"
            + (f" ({shown})" if shown else "") + ", not the whole split")


def _scored_part(run: Any, config: Any) -> str:
    """What part of its split a run cut by --max-samples scored of a task, for its label, where the card's tables
    show its score ("" when it scored it whole): its config's counts, else the limit."""
    limit = run.get("max_samples") if isinstance(run, dict) else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return ""
    found = [config.get(k) if isinstance(config, dict) else None for k in ("effective_num_docs", "original_num_docs")]
    counts = [c for c in found if isinstance(c, int) and not isinstance(c, bool) and c >= 0]
    if len(counts) == 2:  # whole when the split had no more examples than the limit
        return examples_scored(*counts) if counts[0] < counts[1] else ""
    return examples_at_most(limit)


def _cut(run: Any) -> str:
    """Why the numbers of a task --max-samples cut (its _scored_part said so) are not its split's."""
    return (f"the run scored {examples_at_most(run['max_samples'])} of each task (max_samples), so its "
            "numbers are not the split's")


def _metrics(key: str, values: dict[str, Any], result: Ingested) -> list[dict[str, Any]]:
    metrics = []
    for name, value in values.items():
        if name.endswith("_stderr"):
            continue
        number = finite(value, result, f"$.results[{key!r}][{name!r}]", required=False)
        if number is None:
            continue
        metric: dict[str, Any] = {"type": name, "value": number}
        stderr = finite(values.get(f"{name}_stderr"), result, f"$.results[{key!r}][{name + '_stderr'!r}]",
                        required=False)
        if stderr is not None and stderr >= 0:
            metric["stderr"] = stderr
        metrics.append(metric)
    return metrics


def _only_task_repeated(results: dict[str, Any]) -> bool:
    """Whether ``results`` holds one task besides ``all``, and ``all`` gives each of its numbers the task's value."""
    tasks = [key for key in results if key != "all"]
    mean, task = results["all"], results[tasks[0]] if len(tasks) == 1 else None
    return isinstance(task, dict) and all(task.get(name) == value or value != value and task.get(name) != task.get(name)
                                          for name, value in mean.items() if is_number(value))  # NaN as NaN


def read_lighteval(path: Path) -> Ingested:
    """One lighteval results file as record data."""
    return lighteval_results(path, read_json_object(path, str(path)))


def lighteval_results(path: Path, data: dict[str, Any]) -> Ingested:
    """A lighteval results file's data (the file at ``path``, or the results table lighteval printed: its
    lighteval_printed reading) as record data."""
    if bare_results(data):
        data = {"results": data}
    if not looks_like_lighteval(data):
        raise InputError([Problem(str(path), "$", "is not a lighteval results file (no config_general/results)",
                                  "pass results_*.json from lighteval's output_dir/results/",
                                  code="unrecognized-format")])
    result = Ingested(str(path), "lighteval", {})
    # mid-2023 files (the Open LLM Leaderboard's) named config_general "config" and config_tasks "task_config"
    found_configs = data.get("config_tasks", data.get("task_config"))
    found_versions = data.get("versions")
    configs: dict[str, Any] = found_configs if isinstance(found_configs, dict) else {}
    versions: dict[str, Any] = found_versions if isinstance(found_versions, dict) else {}
    run = data.get("config_general", data.get("config"))
    evaluations: list[dict[str, Any]] = []
    wheres: list[str] = []
    means = [key for key, values in data["results"].items() if (key == "all" or ":_average" in key)
             and isinstance(values, dict) and any(is_number(v) for v in values.values())]
    if means == ["all"] and _only_task_repeated(data["results"]):
        means = []  # a one-task file's `all` is that task's scores again: nothing is left out
    if means:
        shown = " and ".join(repr(key) for key in means[:3]) + (", ..." if len(means) > 3 else "")
        # runs at several shot counts in one folder each have an `all`: the shots tell their warnings apart
        counts = {key.rsplit("|", 1)[-1] for key in data["results"] if key != "all" and ":_average" not in key}
        over = f"the file's tasks at {counts.pop()} shots" if len(counts) == 1 else "tasks of the file"
        result.warn("$.results", f"{shown} {'is' if len(means) == 1 else 'are'} lighteval's own "
                    f"mean{'' if len(means) == 1 else 's'} of each metric over {over}, not a benchmark's "
                    "score; left out (the card shows each task, and a "
                    "group's average of its tasks)", code="aggregate-left-out")
    notes = run_notes(run)  # the run's, the same for each of its evaluations
    for key, values in data["results"].items():
        if key == "all" or ":_average" in key or not isinstance(values, dict):
            continue
        where = f"$.results[{key!r}]"
        metrics = _metrics(key, values, result)
        if not metrics:
            result.warn(where, "has no finite numeric metric; skipped", code="no-results")
            continue
        suite, task, shots = _parse_key(key)
        name = task if not suite else f"{suite}|{task}"
        group = None
        if suite == "harness" and task.startswith(MMLU_PREFIX):
            name, group = f"MMLU {task[len(MMLU_PREFIX):]}", "MMLU" if shots is None else f"MMLU ({shots}-shot)"
        elif suite == "harness":
            name = LEADERBOARD_V1_NAMES.get(task, name)
        config = configs.get(key) or configs.get(f"{suite}|{task}")
        scored = _scored_part(run, config)
        evaluation: dict[str, Any] = {"id": evaluation_id(key.replace("|", ":")),
                                      "benchmark": benchmark_label(name, shots, scored), "task": {"type": TASK_TYPE}}
        dataset, why = _dataset(config, suite, task)
        fix = f"to list it, add an evaluation with id {evaluation['id']!r}, dataset.id and model_index: true to your " \
            "records"
        if not why and _filtered(config, dataset):
            why, fix = _filtered(config, dataset), (
                "keep it in the tables; to list a score in model-index, name in your records a Hub dataset holding "
                "just the examples it scored, never the whole split's")
        elif not why and scored:
            why, fix = _cut(run), "run the task again without --max-samples to list it in model-index"
        if dataset:
            evaluation["dataset"] = dataset
        if shots is not None:
            evaluation["few_shot"] = shots
        version = versions.get(key)
        if isinstance(version, (int, str)) and not isinstance(version, bool):
            evaluation["version"] = version
        evaluation["metrics"] = metrics
        if notes:
            evaluation["notes"] = notes
        if group:
            evaluation["group"] = group
        if why:
            evaluation["model_index"] = False
            result.warn(where, f"is shown in the card's tables but not in model-index: {why}", fix,
                        code="not-in-model-index")
        evaluations.append(evaluation)
        wheres.append(where)
    if not evaluations:
        raise InputError([Problem(str(path), "$.results", "holds no finite numeric task results",
                                  "pass a completed run's file", code="no-results")])
    one_result_per_dataset(list(zip(wheres, evaluations)), result)
    result.entries = {e["id"]: where for where, e in zip(wheres, evaluations)}
    result.data["evaluations"] = evaluations
    groups = sorted({e["group"] for e in evaluations if "group" in e})
    if groups:
        result.data["groups"] = [{"name": g, "average_of": ["acc"]} for g in groups]
    model_name = run_model(run)
    model: dict[str, Any] = {}
    if model_name and HUB_ID.match(model_name):
        model["repo_id"] = model_name
    result.title = local_model_title(model_name)  # a local folder's name titles the card when nothing names it
    # an adapter's or delta weights' run (AdapterModelConfig, DeltaModelConfig): model_name is the adapter, loaded onto
    # base_model; the dump does not say which of the two, so no relation is claimed
    found = run.get("model_config") if isinstance(run, dict) else None
    base = model_id(found.get("base_model")) if isinstance(found, dict) else None
    if base and base != model_name:
        model["base_model"] = base
    if model:
        result.data["model"] = model
    return result


def run_model(run: Any) -> Optional[str]:
    """The model a run names: ``model_name``, or in the Open LLM Leaderboard's mid-2023 files (``config``) the repo id
    alone in ``model_args``, as the leaderboard's own reader took it."""
    if not isinstance(run, dict):
        return None
    for key in ("model_name", "model_args"):
        value = run.get(key)
        if isinstance(value, str) and value and "=" not in value:
            return value
    return None


def chat_used(run: Any) -> Optional[bool]:
    """Whether the run's prompts went through the model's chat template, as 0.11+'s model config says it: the endpoint
    backends always send chat messages (their model classes build the prompt manager with use_chat_template=True), as
    does a vision-language model (VLMTransformersModelConfig: ``use_fast_image_processor``); accelerate, vllm and sglang
    apply the tokenizer's template by ``override_chat_template`` (true: applied, false: not). None where the file does
    not say: null, lighteval's default (applied when the tokenizer has one), and lighteval 0.3-0.10, which log no model
    config."""
    found = run.get("model_config") if isinstance(run, dict) else None
    config: dict[str, Any] = found if isinstance(found, dict) else {}
    backend = _backend(config)
    if backend is not None and backend.startswith("endpoint") or "use_fast_image_processor" in config:
        return True
    override = config.get("override_chat_template")
    return override if isinstance(override, bool) else None


def _chat_note(backend: Optional[str], run: dict[str, Any]) -> str:
    """What :func:`chat_used` says, in the run's notes; a run on lighteval's default, by the tokenizer, says so."""
    used = chat_used(run)
    if used:
        return API_CHAT if backend is not None and backend.startswith("endpoint") else CHAT_APPLIED
    config = run.get("model_config")
    if used is None and backend in ("accelerate", "vllm", "sglang") and isinstance(config, dict) and \
            "override_chat_template" in config and config["override_chat_template"] is None:
        return f"{CHAT_APPLIED} if the tokenizer has one (lighteval's default)"
    return ""


def _backend(config: dict[str, Any]) -> Optional[str]:
    """The backend a 0.11+ model config is of (BACKEND_FIELDS)."""
    return next((name for field, name in BACKEND_FIELDS if field in config), None)


# lighteval 0.11+ dumps the backend's model config without its class: a field only that config has names the backend,
# as its command line does (`lighteval vllm`, `lighteval endpoint litellm`, ...); TransformersModelConfig is
# `lighteval accelerate`'s (VLMTransformersModelConfig has model_parallel too)
BACKEND_FIELDS = (("gpu_memory_utilization", "vllm"), ("mem_fraction_static", "sglang"),
                  ("concurrent_requests", "endpoint litellm"), ("org_to_bill", "endpoint inference-providers"),
                  ("endpoint_name", "endpoint inference-endpoint"), ("inference_server_address", "endpoint tgi"),
                  ("model_definition_file_path", "custom"), ("model_parallel", "accelerate"))
SAMPLING = ("temperature", "top_p", "top_k", "min_p", "max_new_tokens")


def run_notes(run: Any) -> str:
    """The run's setup that changes its scores, as the evaluation's notes (the card says them under its results
    table, as it does an lm-eval run's): the backend that scored the model (0.11+, by its ``model_config``'s fields),
    with the API provider and the dtype; the sampling settings that are not lighteval's greedy default; whether the
    prompts went through the chat template (_chat_note); the system prompt. lighteval 0.3-0.10 name no backend: their
    ``model_dtype`` and ``generation_parameters`` are said."""
    if not isinstance(run, dict):
        return ""
    found = run.get("model_config")
    config: dict[str, Any] = found if isinstance(found, dict) else {}
    parts = []
    backend = _backend(config)
    provider = config.get("provider") if isinstance(config.get("provider"), str) else None
    dtype = config.get("dtype") if backend else run.get("model_dtype")
    said = [f"backend {backend}"] if backend else []
    said += [f"provider {provider}"] if backend and provider else []
    if isinstance(dtype, str) and dtype.strip() and dtype != "auto":
        said.append(f"dtype {dtype.removeprefix('torch.')}")
    if said:
        parts.append(", ".join(said))
    found = config.get("generation_parameters", run.get("generation_parameters"))
    sampling = found if isinstance(found, dict) else {}
    shown = [f"{key} {sampling[key]}" for key in SAMPLING
             if is_number(sampling.get(key)) and not (key == "temperature" and sampling[key] == 0)]
    if shown:
        parts.append(", ".join(shown))
    chat = _chat_note(backend, run)
    if chat:
        parts.append(chat)
    prompt = config.get("system_prompt")
    if isinstance(prompt, str) and prompt.strip():
        parts.append(f"system prompt: {prompt.strip()!r}")
    return NOTES_PARTS.join(["lighteval"] + parts) if parts else ""
