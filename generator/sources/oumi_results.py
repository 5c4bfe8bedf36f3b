"""oumi's results of its evaluation backends other than lm_harness -> evaluations: AlpacaEval and custom evaluations.

oumi (0.1.1+) saves an evaluation in a run folder ``<backend>_<start time>/``: the scores in ``task_result.json``
(``platform_results.json`` up to 0.1.7) with oumi's ``start_time`` and ``duration_sec``, the backend's settings in
``backend_config.json`` (``platform_task_config.json``), the task's in ``task_params.json`` (``evaluation_backend``;
``evaluation_platform`` up to 0.1.7), the model's in ``model_params.json``. The lm_harness backend's files are
lm-eval's (generator.sources.lm_eval); the others hold scores by oumi's own names:

* AlpacaEval (``alpaca_eval``): the alpaca_eval package's leaderboard row of the model (``win_rate``,
  ``standard_error``, ``n_total``, ``discrete_win_rate``, ``length_controlled_winrate``, ``lc_standard_error``,
  percentages, and counts), under ``results["alpaca_eval"]`` (0.1.8+) or as ``results`` itself (0.1.1 to 0.1.7). The
  model's answers to tatsu-lab/alpaca_eval's 805 instructions are judged against a baseline's by the annotator the
  backend's settings name; AlpacaEval 2.0's score is the length-controlled win rate, 1.0's the win rate
  (``IS_ALPACA_EVAL_2``, task_params' ``version``). A run of fewer instructions (``num_samples``, the backend's
  ``max_instances``) stays out of model-index, with a warning.
* A custom evaluation (``custom``, or any other backend): the mapping the registered function returned, under its
  task's name; each number in it is a metric (in a mapping inside it, named ``outer.inner``). oumi does not say what
  data the function scored, so the result stays out of model-index, with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem, counted, some_of
from generator.sources.common import Ingested, finite, is_number, read_json_object
from generator.sources.lm_eval import TASK_TYPE, evaluation_id, looks_like_lm_eval, read_lm_eval
from generator.sources.lm_eval_oumi import OUMI_SPLIT, with_oumi_config
from generator.sources.trainer_model import model_id

ALPACA_EVAL = "alpaca_eval"
ALPACA_EVAL_DATASET = {"id": "tatsu-lab/alpaca_eval", "config": "alpaca_eval", "split": "eval"}
ALPACA_EVAL_SIZE = 805  # instructions in that split
# the row's scores, each with its standard error: length-controlled first for 2.0 (what its leaderboard ranks by)
ALPACA_EVAL_METRICS = (("length_controlled_winrate", "lc_standard_error"), ("win_rate", "standard_error"),
                       ("discrete_win_rate", None))
ALPACA_EVAL_ROW = {"win_rate", "length_controlled_winrate", "n_total"}  # keys that say a mapping is that row


def oumi_backend(path: Path, data: dict[str, Any]) -> Optional[str]:
    """The backend (``alpaca_eval``, ``custom``...) of an oumi results file of a backend other than lm_harness (scores
    under ``results`` by oumi's own names, with its ``start_time`` and ``duration_sec``), as its ``task_params.json``
    beside it names it (up to 0.1.7 ``evaluation_platform``), else the run folder's name; "" when neither says; None
    for any other file."""
    results = data.get("results")
    if path.name not in OUMI_SPLIT or not isinstance(results, dict) or looks_like_lm_eval(data) or \
            not {"start_time", "duration_sec"} & data.keys():
        return None
    params = _beside(path, "task_params.json")
    backend = params.get("evaluation_backend") or params.get("evaluation_platform")
    if not isinstance(backend, str) or not backend:
        backend = path.parent.name.rsplit("_", 2)[0] if re.search(r"_\d{8}_\d{6}$", path.parent.name) else ""
    return backend


def read_lm_eval_or_oumi(path: Path) -> Ingested:
    """An lm-eval results file, or oumi's of another backend (the name of oumi's results file says which to look at)."""
    if path.name in OUMI_SPLIT:
        data = with_oumi_config(path, read_json_object(path, str(path)))
        backend = oumi_backend(path, data)
        if backend is not None:
            return read_oumi_results(path, data, backend)
    return read_lm_eval(path)


def read_oumi_results(path: Path, data: dict[str, Any], backend: str) -> Ingested:
    """One oumi results file of ``backend`` (see :func:`oumi_backend`; ``data`` joined with its backend's settings)
    as record data."""
    result = Ingested(str(path), "oumi", {})
    params = _beside(path, "task_params.json")
    results = data["results"]
    row = results.get(ALPACA_EVAL) if isinstance(results.get(ALPACA_EVAL), dict) else results
    if backend == ALPACA_EVAL or (not backend and ALPACA_EVAL_ROW & row.keys()):
        where = "$.results" + (f"[{ALPACA_EVAL!r}]" if row is not results else "")
        evaluations = [_alpaca_eval(row, data, params, result, where)]
    else:
        evaluations = [_custom(task, values, backend, result) for task, values in results.items()]
    found = [e for e in evaluations if e is not None]
    if not found:
        raise InputError([Problem(str(path), "$.results", f"holds no finite numeric result of oumi's "
                                  f"{backend or 'evaluation'} ({some_of([repr(k) for k in results], 3) or 'empty'})",
                                  "pass a completed run's task_result.json", code="no-results")])
    result.data["evaluations"] = found
    model = _model(_beside(path, "model_params.json"))
    if model:
        result.data["model"] = model
    return result


def oumi_model(path: Path) -> Optional[str]:
    """The model an oumi run scored as its ``model_params.json`` names it (an adapter, else ``model_name``), for the
    results file of an oumi run folder; None for any other file, or when it names none."""
    if path.name not in OUMI_SPLIT:
        return None
    params = _beside(path, "model_params.json")
    found = [params.get(key) for key in ("adapter_model", "model_name")]
    return next((name for name in found if isinstance(name, str) and name), None)


def _beside(path: Path, name: str) -> dict[str, Any]:
    """A JSON object oumi saved beside the results file ({} when it is missing or no object)."""
    try:
        return read_json_object(path.parent / name)
    except InputError:
        return {}


def _alpaca_eval(row: dict[str, Any], data: dict[str, Any], params: dict[str, Any], result: Ingested,
                 where: str) -> Optional[dict[str, Any]]:
    two = data.get("IS_ALPACA_EVAL_2")
    asked = params.get("version")
    second = str(two) == "True" if str(two) in ("True", "False") else asked == 2.0 if is_number(asked) else None
    order = ALPACA_EVAL_METRICS if second is not False else ALPACA_EVAL_METRICS[1::-1] + ALPACA_EVAL_METRICS[2:]
    metrics = []
    for name, stderr_key in order:
        value = finite(row.get(name), result, f"{where}[{name!r}]", required=False)
        if value is None:
            continue
        metric: dict[str, Any] = {"type": name, "value": value}
        stderr = finite(row.get(stderr_key), result, f"{where}[{stderr_key!r}]", required=False) \
            if stderr_key else None
        if stderr is not None and stderr >= 0:
            metric["stderr"] = stderr
        metrics.append(metric)
    if not metrics:
        return None
    version = "" if second is None else " 2.0" if second else " 1.0"
    evaluation: dict[str, Any] = {"id": ALPACA_EVAL + version.replace(" ", "_"), "benchmark": "AlpacaEval" + version,
                                  "task": {"type": TASK_TYPE}, "dataset": dict(ALPACA_EVAL_DATASET), "metrics": metrics}
    judge = data.get("annotators_config")
    if isinstance(judge, str) and judge:
        evaluation["notes"] = f"oumi's alpaca_eval backend; judged by the annotator {judge} against its baseline"
    total, limit = row.get("n_total"), data.get("max_instances", params.get("num_samples"))
    judged = total if isinstance(total, int) and not isinstance(total, bool) else \
        limit if isinstance(limit, int) and not isinstance(limit, bool) else None
    if judged is not None and judged < ALPACA_EVAL_SIZE:
        evaluation["model_index"] = False
        result.warn(where, f"is shown in the card's tables but not in model-index: it judged "
                    f"{counted(judged, 'answer')}, not the {ALPACA_EVAL_SIZE} instructions of AlpacaEval's eval "
                    "split (num_samples)", "run it again without num_samples to list it in model-index",
                    code="not-in-model-index")
    return evaluation


def _custom(task: str, values: Any, backend: str, result: Ingested) -> Optional[dict[str, Any]]:
    """A custom evaluation's result: the numbers of the mapping its function returned, those of a mapping inside it
    named ``outer.inner`` (a number alone: the task's)."""
    where = f"$.results[{task!r}]"
    metrics = []
    for name, value, at in _numbers(values, where) if isinstance(values, dict) else [(task, values, where)]:
        number = finite(value, result, at, required=False)
        if number is not None:
            metrics.append({"type": name, "value": number})
    if not metrics:
        result.warn(where, "has no finite numeric metric; skipped", code="no-results")
        return None
    result.warn(where, f"is shown in the card's tables but not in model-index: oumi's {backend or 'custom'} "
                "evaluation does not say what data it scored", f"to list it, add an evaluation with id "
                f"{evaluation_id(task)!r}, dataset.id and model_index: true to your records", code="not-in-model-index")
    return {"id": evaluation_id(task), "benchmark": task, "task": {"type": TASK_TYPE}, "metrics": metrics,
            "model_index": False}


def _numbers(values: dict[str, Any], where: str, prefix: str = "") -> list[tuple[str, Any, str]]:
    """Each value of ``values`` but mappings, and those of the mappings in it, with its dotted name and path."""
    found = []
    for key, value in values.items():
        at = f"{where}[{key!r}]"
        if isinstance(value, dict):
            found += _numbers(value, at, f"{prefix}{key}.")
        else:
            found.append((f"{prefix}{key}", value, at))
    return found


def _model(params: dict[str, Any]) -> dict[str, Any]:
    """The model oumi's ``model_params.json`` names: ``model_name``, or an ``adapter_model`` loaded onto it."""
    name, adapter = model_id(params.get("model_name")), params.get("adapter_model")
    if isinstance(adapter, str) and adapter:
        scored = model_id(adapter)
        return {} if not scored else {"repo_id": scored, "base_model": name, "base_model_relation": "adapter"} \
            if name else {"repo_id": scored}
    return {"repo_id": name} if name else {}
