"""lm-evaluation-harness results JSON -> evaluations, for both shapes the harness has written.

* 0.4 (``results``, ``configs``, ``versions``, ``n-shot``; ``group_subtasks`` from 0.4.2): a task's Hub dataset,
  config and split come from its config (``dataset_path``, ``dataset_name``, ``test_split`` else
  ``validation_split``), its few-shot count from ``n-shot``.
* 0.4.0 and 0.4.1 write no ``group_subtasks``: a group's tasks come from their indented aliases. Their ``versions``
  hold placeholders (0.4.0's ``"Yaml"`` for a task, ``"N/A"`` for a group), which are not versions and are left out;
  0.4.1 writes a task's as a float (``1.0``), read as 1.
* A wrapper script's JSON holding lm-eval's ``results`` alone is read too (its top-level ``num_fewshot``, if any, is the
  run's few-shot count), and that mapping saved alone as the whole file: its ``metric,filter`` keys say so.
* BigScience's fork (promptsource prompts, 2022-23): ``results`` is a list of one entry per task and prompt
  (``task_name``, ``prompt_name``, metrics, the prompt's ``dataset_path``/``dataset_name``), ``table_results`` the
  same keyed ``task+prompt`` (some files hold it alone); each prompt is a task named ``task (prompt)``.
* oumi's lm_harness backend splits the harness's output in two files of its run folder: ``task_result.json`` (0.1.8+;
  ``platform_results.json`` from 0.1.1-alpha to 0.1.7) holds ``results`` and ``groups`` with oumi's ``start_time`` and
  ``duration_sec``, ``backend_config.json`` (``platform_task_config.json``) the rest (``configs``, ``versions``,
  ``n-shot``, ``config``); oumi's main of late December 2024 wrote the same two as ``lm_harness_<time>_results.json``
  (with ``completion_time``) and ``lm_harness_<time>_task_config.json`` in the output folder itself. The results file
  is read with the other beside it, as the one file the harness would have written. oumi before 0.1.1 (0.1-alpha)
  saved each task's entry of ``results`` alone, with its ``elapsed_time_sec``, as ``eval.<task>.json``: read as that
  task's results (the task named by the file, else by the entry's ``alias``).
* 0.3 (``results``, ``versions``, ``config``): no task configs. Datasets come from the bundled table of common tasks
  (generator/data/eval_tasks.yaml), the few-shot count from ``config.num_fewshot``.

Each task becomes one evaluation, of task type text-generation (the harness scores language models); each
``metric,filter`` key one metric with its ``_stderr``, a filter other than ``none`` naming it
(``exact_match (strict-match)``). Values are kept exactly as the harness wrote them (fractions, not percentages);
one that is not finite (the harness writes NaN and Infinity) is left out with a warning. The tasks of a group
become that group's detail table, and the group's own aggregate (weighted by the harness) an evaluation of its own,
which stands for its tasks in model-index when they share one Hub dataset. A result with no Hub dataset stays in the
tables, out of model-index, and a warning says why.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem, counted, some_of
from generator.records.citations import older_citation
from generator.records.model import AGGREGATE, NOTES_PARTS
from generator.sources.common import (
    Ingested,
    benchmark_label,
    examples_at_most,
    examples_scored,
    finite,
    one_result_per_dataset,
    read_json_object,
)
from generator.sources.lm_eval_bigscience import from_prompts, prompt_entries
from generator.sources.lm_eval_datasets import (
    SKIP_KEYS,
    Told,
    cut_counts,
    is_int,
    leaves,
    limit_alone,
    metric_key,
    not_indexed_warnings,
    own_name,
    task_datasets,
)
from generator.sources.lm_eval_model import foreign_keys, generation_note, model_record, run_notes
from generator.sources.lm_eval_oumi import one_task, one_task_results, with_oumi_config

TASK_TYPE = "text-generation"
# --predict_only: lm-eval swaps every task's metrics for `bypass`, whose aggregation returns 999 (api/metrics.py)
PREDICT_ONLY = "bypass"
PREDICT_ONLY_TEXT = ("lm-eval's placeholder 999 (metric bypass), not a score: a --predict_only run writes the model's "
                     "outputs to samples_<task>_<date>.jsonl and scores nothing")
PREDICT_ONLY_FIX = "run the tasks again without --predict_only, or score the samples and write the scores in records"
OBJECT_KEYS = ("groups", "group_subtasks", "configs", "versions", "n-shot", "higher_is_better", "n-samples", "config")
# metrics lm-eval scores lower-is-better (0.3 files do not say so; 0.4 files have higher_is_better)
# (crows_pairs, on the harness's master after 0.3.0: likelihood_difference and pct_stereotype)
LOWER_IS_BETTER = {"perplexity", "ppl", "word_perplexity", "byte_perplexity", "bits_per_byte", "ter",
                   "likelihood_difference", "pct_stereotype"}
# The Open LLM Leaderboard v2 (2024-25) ran lm-eval's `leaderboard` group; its cards name the six benchmarks so (the
# "Open LLM Leaderboard Evaluation Results" section it wrote into model cards). It never gave its subtasks other names:
# its details datasets (open-llm-leaderboard/<org>__<model>-details: config names, "Latest results") and the tables
# cards copy from lm-eval call them leaderboard_bbh_boolean_expressions, ..., so the card keeps those names
# The leaderboard v2's details datasets (open-llm-leaderboard/<org>__<model>-details) show a run's results in their card
# ("Latest results") as {"all": {<every entry>}, <every entry again>}
LATEST_ALL = "all"
LEADERBOARD_V2_NAMES = {"leaderboard_ifeval": "IFEval", "leaderboard_bbh": "BBH", "leaderboard_math_hard": "MATH Lvl 5",
                        "leaderboard_gpqa": "GPQA", "leaderboard_musr": "MuSR", "leaderboard_mmlu_pro": "MMLU-PRO"}


def _task_shaped(values: Any) -> bool:
    """A results entry as lm-eval 0.4 writes it: an ``alias``, or a ``metric,filter`` key."""
    return isinstance(values, dict) and ("alias" in values or any("," in str(k) for k in values))


def bare_results(data: dict[str, Any]) -> bool:
    """lm-eval's ``results`` mapping saved alone (a script's ``json.dump(out["results"])``): every entry task-shaped;
    also as the Open LLM Leaderboard v2's details datasets show it ("Latest results" in their cards), with an ``all``
    entry holding every entry again."""
    return "results" not in data and bool(data) and all(
        _task_shaped(v) or k == LATEST_ALL and _all_entries(v) for k, v in data.items())


def _all_entries(values: Any) -> bool:
    return isinstance(values, dict) and bool(values) and all(_task_shaped(v) for v in values.values())


def _bare_results(data: dict[str, Any]) -> dict[str, Any]:
    """A :func:`bare_results` mapping as the ``results`` of a whole file: the entries of ``all`` that the others do not
    repeat, then the others."""
    found = data.get(LATEST_ALL)
    nested: dict[str, Any] = found if isinstance(found, dict) and _all_entries(found) else {}
    return {"results": {**nested, **{k: v for k, v in data.items() if not (k == LATEST_ALL and nested)}}}


def results_alone(data: dict[str, Any]) -> bool:
    """``{"results": {task: {metric: number, metric_stderr: number}}}`` and nothing else: what the harness's evaluator
    of 2021 returned (stderr twins from 45fefe9f, before versions came with 105fa974), saved under ``results`` by a
    script (BigScience's Tr1-13B-harness-eval.json). Every value a number, every ``X_stderr`` beside its ``X``."""
    results = data.get("results")
    if set(data) != {"results"} or not isinstance(results, dict) or not results:
        return False
    twins = False
    for values in results.values():
        if not isinstance(values, dict) or not values or not all(_is_number(v) for v in values.values()):
            return False
        for key in values:
            if str(key).endswith("_stderr"):
                if str(key)[:-len("_stderr")] not in values:
                    return False
                twins = True
    return twins


def has_run_keys(data: dict[str, Any]) -> bool:
    """lm-eval's keys besides ``results`` (0.3 and 0.4), which say whose file it is: ``versions``, ``n-shot`` or
    ``configs`` (mappings), or ``config``, the run's settings, which always name the model (``model``,
    ``model_args``). Another tool's ``config`` (a probe's ``model_id``, promptfoo's ``providers``) is not one."""
    if any(isinstance(data.get(key), dict) for key in ("versions", "n-shot", "configs")):
        return True
    config = data.get("config")
    return isinstance(config, dict) and ("model" in config or "model_args" in config)


def looks_like_lm_eval(data: dict[str, Any]) -> bool:
    """An lm-eval results file; also its ``results`` inside another tool's JSON, or alone (the 0.4 key shape says so)."""
    results = data.get("results")
    if bare_results(data) or one_task(data) or prompt_entries(data) is not None:
        return True
    if not isinstance(results, dict) or "config_general" in data:
        return False
    return has_run_keys(data) or results_alone(data) or (
        bool(results) and all(_task_shaped(v) for v in results.values()))


def _split_key(key: str) -> tuple[str, Optional[str]]:
    metric, _, filt = key.partition(",")
    return metric, (filt or None)


def _is_count(value: Any) -> bool:
    return is_int(value) and value >= 0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def evaluation_id(text: str) -> str:
    """``text`` as an evaluation id (letters, digits and ``_.:/-``)."""
    return re.sub(r"[^A-Za-z0-9_.:/-]", "_", text).lstrip("_.:/-") or "task"


def _hierarchy(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each group's tasks and subgroups: ``group_subtasks`` (0.4.2+), else the indented aliases of 0.4.0 and 0.4.1.

    Those versions write a group's entries right after it, their alias indented one level deeper
    (``mmlu``, `` - humanities``, ``  - formal_logic``).
    """
    listed = data.get("group_subtasks")
    if isinstance(listed, dict):
        return {group: [t for t in tasks if isinstance(t, str)] for group, tasks in listed.items()
                if isinstance(tasks, list) and tasks}
    children: dict[str, list[str]] = {}
    stack: list[str] = []  # the last entry seen at each depth
    for task, values in data["results"].items():
        alias = values.get("alias") if isinstance(values, dict) else None
        indent = re.match(r"( *)- ", alias) if isinstance(alias, str) else None
        depth = len(indent.group(1)) if indent else 0
        if depth > len(stack):
            return {}  # not the nesting these versions write
        del stack[depth:]
        if stack:
            children.setdefault(stack[-1], []).append(task)
        stack.append(task)
    return children


def _metrics(task: str, values: dict[str, Any], data: dict[str, Any], result: Ingested,
             where: str) -> list[dict[str, Any]]:
    metrics = []
    higher = (data.get("higher_is_better") or {}).get(task)
    higher = higher if isinstance(higher, dict) else {}
    for key, value in values.items():
        metric_name, filt = _split_key(key)
        if not metric_key(key) or metric_name == PREDICT_ONLY:
            continue
        number = finite(value, result, f"{where}[{key!r}]", required=False)
        if number is None:
            continue
        metric: dict[str, Any] = {"type": metric_name, "value": number}
        if filt and filt != "none":
            metric["name"] = f"{metric_name} ({filt})"
        stderr_key = f"{metric_name}_stderr,{filt}" if filt else f"{metric_name}_stderr"
        stderr = finite(values.get(stderr_key), result, f"{where}[{stderr_key!r}]", required=False)
        if stderr is not None and stderr >= 0:
            metric["stderr"] = stderr
        lower = higher.get(metric_name) is False if isinstance(higher.get(metric_name), bool) \
            else metric_name in LOWER_IS_BETTER
        if lower:
            metric["higher_is_better"] = False
        metrics.append(metric)
    return metrics


def _shots(task: str, data: dict[str, Any], config: dict[str, Any], tasks: list[str]) -> Optional[int]:
    if tasks:  # a group: its tasks' count when they share one (0.4.0 to 0.4.2 wrote 0 for a group of 5-shot tasks)
        counts = [(data.get("n-shot") or {}).get(t) for t in tasks]
        if all(_is_count(c) for c in counts) and len(set(counts)) == 1:
            return counts[0]
    shots = (data.get("n-shot") or {}).get(task, config.get("num_fewshot"))
    if _is_count(shots):
        return shots
    if "configs" in data:
        return None
    # 0.3: one count for the whole run; a wrapper script's JSON ({model, tasks, num_fewshot, results}) says it on top
    run = (data.get("config") or {}).get("num_fewshot") if "config" in data else data.get("num_fewshot")
    if isinstance(run, list):
        return _listed_shots(task, run, data)
    return run if _is_count(run) else None


def _listed_shots(task: str, counts: list[Any], data: dict[str, Any]) -> Optional[int]:
    """A task's count in the jp-stable fork's ``--num_fewshot 3,3,2,...`` (one a task): its evaluator gives the i-th
    count to the i-th task it runs, and fills ``versions`` in that same loop, so ``versions`` keeps their order
    (``results`` does not: it lists the tasks by request type). None unless the file's tasks and counts agree."""
    versions = data.get("versions")
    if not isinstance(versions, dict) or set(versions) != set(data["results"]) or len(counts) != len(versions) \
            or not all(_is_count(c) for c in counts):
        return None
    return counts[list(versions).index(task)] if task in versions else None


def _version(value: Any) -> Any:
    """A task's version; None for the placeholders 0.4.0 and 0.4.1 wrote ("Yaml" for YAML tasks in 0.4.0, "N/A" for
    groups).
    A whole number written as a string is that number: from 0.4.12 a group's version is its metadata's as a string
    ("1.0"), where 0.4.9 to 0.4.11 wrote the float 1.0 for the same group; both are version 1. Other strings stay
    as written ("0.10" is not 0.1)."""
    if isinstance(value, str) and value.strip() in ("", "Yaml", "N/A", "None"):
        return None
    whole = re.fullmatch(r"(\d+)(\.0+)?", value.strip()) if isinstance(value, str) else None
    if whole:
        return int(whole.group(1))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return str(value)
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def _id_names(tasks: list[str]) -> dict[str, str]:
    """The name each entry's evaluation id (and a group's name) is made of: its own name (``tiny_arith_mc`` for
    lm-eval 0.5's ``tiny_suite::tiny_arith_mc``), so that one task run by 0.4 and by 0.5 is one evaluation, and a
    later run of it replaces an earlier one (and a group defined inside another, 0.5's ``mmlu_generative::stem``, is
    ``stem`` as in 0.4). 0.5 qualifies a group's task because a group may change its tasks' settings (``include``
    defaults, per-task overrides: lm_eval/tasks/_factory.py), so two groups of one run can hold ``arc_easy`` set up
    differently: a name more than one entry of the file shares keeps its qualified form."""
    own = {task: own_name(task) for task in tasks}
    counts = Counter(own.values())
    return {task: name if counts[name] == 1 else task for task, name in own.items()}


def _evaluation(task: str, values: dict[str, Any], data: dict[str, Any], children: dict[str, list[str]],
                dataset: dict[str, Any], result: Ingested, where: str, id_name: str) -> Optional[dict[str, Any]]:
    """One task's (or group aggregate's) evaluation, its id made of ``id_name``; None when it has no finite
    number."""
    metrics = _metrics(task, values, data, result, where)
    if not metrics:
        return None
    config = (data.get("configs") or {}).get(task)
    shots = _shots(task, data, config if isinstance(config, dict) else {}, leaves(task, children))
    name = LEADERBOARD_V2_NAMES.get(own_name(task)) or str(values.get("alias") or task).strip(" -") or task
    evaluation: dict[str, Any] = {"id": evaluation_id(id_name),
                                  "benchmark": benchmark_label(name, shots, _scored_part(task, data, children))}
    if shots is not None:  # runs of the same task with other shot counts are other evaluations
        evaluation["id"] = evaluation_id(f"{id_name}:{shots}-shot")
    if task in children:
        evaluation["benchmark"] += AGGREGATE
    evaluation["task"] = {"type": TASK_TYPE}
    if dataset:
        evaluation["dataset"] = dataset
    if shots is not None:
        evaluation["few_shot"] = shots
    version = _version((data.get("versions") or {}).get(task))
    if version is not None:
        evaluation["version"] = version
    evaluation["metrics"] = metrics
    notes = NOTES_PARTS.join(filter(None, (run_notes(data), generation_note(data, leaves(task, children) or [task]))))
    if notes:
        evaluation["notes"] = notes
    return evaluation


def _scored_part(task: str, data: dict[str, Any], children: dict[str, list[str]]) -> str:
    """What part of its split a run cut by --limit scored of ``task``, for its label: the table shows the score beside
    it, as the card must (model-index lists no such score). "" when the run scored it whole. n-samples (0.4.1+) says
    which tasks were cut; 0.4.0 wrote only the limit."""
    if isinstance(data.get("n-samples"), dict):
        if task in children:
            return "some of its tasks cut by --limit" if any(cut_counts(t, data) for t in leaves(task, children)) \
                else ""
        cut = cut_counts(task, data)
        return examples_scored(*cut) if cut else ""
    limit = limit_alone(data)
    return "" if limit is None else examples_at_most(limit)


def read_lm_eval(path: Path) -> Ingested:
    """One lm-evaluation-harness results file as record data."""
    data = with_oumi_config(path, read_json_object(path, str(path)))
    if bare_results(data):
        data = _bare_results(data)
    elif one_task(data):
        data = one_task_results(path, data)
    prompts = prompt_entries(data)
    return lm_eval_results(path, data if prompts is None else from_prompts(data, prompts), prompts is not None)


def lm_eval_results(path: Path, data: dict[str, Any], prompts: bool = False) -> Ingested:
    """The results lm-eval wrote (``data``, of the file at ``path``; ``prompts``: BigScience's, read from its
    prompts) as record data."""
    if not looks_like_lm_eval(data):
        raise InputError([Problem(str(path), "$", "is not an lm-evaluation-harness results file "
                                  "(no results/versions/n-shot keys)", "pass results_*.json from --output_path",
                                  code="unrecognized-format")])
    result = Ingested(str(path), "lm-eval", {})
    foreign_keys(data, result)
    for key in OBJECT_KEYS:  # a key of another shape than the harness writes is named, and read as absent
        if key in data and not isinstance(data[key], (dict, type(None))):
            result.warn(f"$.{key}", f"is {type(data[key]).__name__}, not an object as lm-eval writes it; ignored",
                        "pass the file lm-eval wrote", code="wrong-type")
            del data[key]
    # 0.3 metric keys have no ",filter" part; a task name in both versions may not mean the same data (triviaqa)
    legacy = "configs" not in data and "n-shot" not in data and not any(
        isinstance(v, dict) and any("," in str(k) for k in v) for v in data["results"].values())
    children = _hierarchy(data)
    parent = {task: group for group, tasks in children.items() for task in tasks}
    entries = [(task, values, f"$.results[{task!r}]") for task, values in data["results"].items()]
    found_groups = data.get("groups")
    groups_only: dict[str, Any] = found_groups if isinstance(found_groups, dict) else {}
    entries += [(g, v, f"$.groups[{g!r}]") for g, v in groups_only.items() if g not in data["results"]]
    sections = ("bigscience",) if prompts else ("lm_eval_0_3", "lm_eval_jp") if legacy else ("lm_eval",)
    datasets, reasons, fixes = task_datasets(data, {t for t, _, _ in entries}, children, sections)

    made: list[tuple[str, dict[str, Any]]] = []
    told: list[Told] = []  # each task and group kept out of model-index
    id_names = _id_names(list(dict.fromkeys([task for task, _, _ in entries] + list(children))))
    group_names = {g: LEADERBOARD_V2_NAMES.get(own_name(g), id_names[g]) for g in children}  # as the card names them
    for task, values, where in entries:
        if not isinstance(values, dict):
            result.warn(where, "is not an object; skipped", code="wrong-type")
            continue
        evaluation = _evaluation(task, values, data, children, datasets.get(task, {}), result, where,
                                 id_names[task])
        if evaluation is None:
            if task not in children and _predicted(values):
                result.warn(where, f"holds {PREDICT_ONLY_TEXT}; skipped", PREDICT_ONLY_FIX, code="no-results")
            elif task not in children:  # a group without an aggregate has no numbers of its own
                _warn_no_metric(values, where, result)
            continue
        if task in parent:
            evaluation["group"] = group_names[parent[task]]
        if reasons.get(task):
            evaluation["model_index"] = False
            told.append((task, where, fixes.get(task, ""), evaluation["id"]))
        made.append((task, evaluation))
    for where, message, fix in not_indexed_warnings(told, reasons, children, data):
        result.warn(where, message, fix, code="not-in-model-index")
    _represented_by_groups(made, parent)
    wheres = {task: where for task, _, where in entries}
    one_result_per_dataset([(wheres[t], e) for t, e in made], result)
    result.entries = {e["id"]: wheres[t] for t, e in made}
    evaluations = [e for _, e in made]
    if not evaluations:
        if any(isinstance(v, dict) and v and all(isinstance(m, dict) for m in v.values())
               for v in data["results"].values()):
            # BigScience's merge of several runs (evaluation/results/tr11/*/bslmeval.json): task -> run date -> metrics
            raise InputError([Problem(str(path), "$.results", "holds each task's metrics under further keys (such "
                                      "as the date of each run merged into the file), not the metrics of one run as "
                                      "lm-evaluation-harness writes them", "pass the results file of one run, as the "
                                      "harness wrote it", code="no-results")])
        if any(_listed(v) for v in data["results"].values()):
            # EleutherAI/pythia's term-frequency runs keep every example's score
            raise InputError([Problem(str(path), "$.results", "holds each task's metrics as lists of numbers (a score "
                                      "an example), not the one score of each metric a run gives",
                                      "pass the file of the run's aggregated results, or write the scores you mean "
                                      "as evaluations in a records file", code="no-results")])
        if any(_predicted(v) for v in data["results"].values()):
            raise InputError([Problem(str(path), "$.results", f"holds, for every task, {PREDICT_ONLY_TEXT}",
                                      PREDICT_ONLY_FIX, code="no-results")])
        raise InputError([Problem(str(path), "$.results", f"holds no finite numeric results ({_why_none(data)})",
                                  "pass a completed run's file", code="no-results")])
    result.data["evaluations"] = evaluations
    groups = [{"name": g, "show_average": False} for g in group_names.values()
              if any(e.get("group") == g for e in evaluations)]
    if groups:
        result.data["groups"] = groups
    scored = "" if isinstance(data.get("n-samples"), dict) else _scored_part("", data, {})
    if scored:
        result.warn("$.config.limit", f"the run scored {scored} of each task, maybe not whole "
                    "splits (this file does not say which tasks were cut): the card's tables say so beside each "
                    "score, and model-index lists none of them", "run again without --limit for scores of whole "
                    "splits", code="limited-run")
    if legacy and not prompts:  # 0.3 and before asked for the harness's 2021 entry, not the current one
        result.data["citations"] = [older_citation("lm-eval")]
    model = model_record(data, result)
    if model:
        result.data["model"] = model
    return result


def _why_none(data: dict[str, Any]) -> str:
    """What a file's results hold instead of scores: its values that are no finite number (NaN, Infinity, text)."""
    odd = [f"{task}'s {key} is {value!r}" for task, values in data["results"].items() if isinstance(values, dict)
           for key, value in values.items() if metric_key(key) and value is not None
           and not (_is_number(value) and math.isfinite(value))]
    if odd:
        return some_of(odd)
    return "no task in it has a metric" if data["results"] else "it is empty"


def _predicted(values: Any) -> bool:
    """A task's entry of a ``--predict_only`` run: its metric is lm-eval's ``bypass`` placeholder."""
    return isinstance(values, dict) and any(_split_key(str(k))[0] == PREDICT_ONLY for k in values)


def _warn_no_metric(values: dict[str, Any], where: str, result: Ingested) -> None:
    """Why a task's entry gave no metric: per-example lists, its tasks' entries nested in it, or no finite number."""
    nested = [k for k, v in values.items() if k not in SKIP_KEYS and isinstance(v, dict)]
    if _listed(values):
        result.warn(where, "holds its metrics as lists of numbers (a score an example), not scores; skipped",
                    code="no-results")
    elif nested and len(nested) == len([k for k in values if k not in SKIP_KEYS]):
        result.warn(where, f"holds the results of {counted(len(nested), 'task')} nested in it "
                    f"({some_of([repr(k) for k in nested])}), not metrics of its own; skipped",
                    "pass the results file lm-eval wrote: it lists each task and group as an entry of results",
                    code="no-results")
    else:
        result.warn(where, "has no finite numeric metric; skipped", code="no-results")


def _listed(values: Any) -> bool:
    """A task's entry whose metrics are lists of numbers (a score an example) instead of scores."""
    return isinstance(values, dict) and any(
        isinstance(v, list) and v and all(_is_number(x) for x in v) for k, v in values.items() if k not in SKIP_KEYS)


def _represented_by_groups(made: list[tuple[str, dict[str, Any]]], parent: dict[str, str]) -> None:
    """Keep out of model-index the tasks of a group whose own aggregate is in it: it stands for them."""
    indexed = {task for task, e in made if "id" in e.get("dataset", {}) and e.get("model_index", True)}
    for task, evaluation in made:
        up, seen = parent.get(task), {task}
        while up is not None and up not in seen:
            if up in indexed:
                evaluation["model_index"] = False
                break
            seen.add(up)
            up = parent.get(up)
