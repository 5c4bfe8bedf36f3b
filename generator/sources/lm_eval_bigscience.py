"""BigScience's lm-evaluation-harness fork (promptsource prompts, 2022-23) in the shape the 0.4 reader reads.

``results`` is a list of one entry per task and prompt (``task_name``, ``prompt_name``, metrics, the prompt's
``dataset_path``/``dataset_name``), ``table_results`` the same keyed ``task+prompt`` (some files hold it alone, without
datasets: the fork's own tasks' come from the bundled table, generator/data/eval_tasks.yaml ``bigscience``).
"""

from __future__ import annotations

from typing import Any, Optional

from generator.sources.common import eval_task_table


def prompt_entries(data: dict[str, Any]) -> Optional[dict[str, dict[str, Any]]]:
    """BigScience's fork: each task and prompt's results keyed ``task+prompt`` (None for another shape); entries of
    one task and prompt are merged, the first value of a key winning."""
    for entries in (data.get("results"), list((data.get("table_results") or {}).values())
                    if isinstance(data.get("table_results"), dict) else None):
        if isinstance(entries, list) and entries and all(
                isinstance(e, dict) and isinstance(e.get("task_name"), str) and isinstance(e.get("prompt_name"), str)
                for e in entries):
            merged: dict[str, dict[str, Any]] = {}
            for e in entries:  # some runs list a prompt once a metric (acc, then acc_norm): one task, all metrics
                entry = merged.setdefault(f"{e['task_name']}+{e['prompt_name']}", {})
                for key, value in e.items():
                    entry.setdefault(key, value)
            return merged
    return None


def from_prompts(data: dict[str, Any], prompts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A BigScience fork's file in the 0.4 shape: a task a prompt, its dataset as a config, the run's shot count."""
    found = data.get("config")
    run: dict[str, Any] = found if isinstance(found, dict) else {}
    shots = run.get("num_fewshot")
    counted = isinstance(shots, int) and not isinstance(shots, bool) and shots >= 0
    return {
        "results": {key: {"alias": f"{e['task_name']} ({e['prompt_name']})",
                          **{k: v for k, v in e.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}}
                    for key, e in prompts.items()},
        "configs": {key: prompt_config(e) for key, e in prompts.items()},
        "n-shot": {key: shots for key in prompts} if counted else {},
        "versions": data.get("versions") if isinstance(data.get("versions"), dict) else {},
        "config": run,
    }


def prompt_config(entry: dict[str, Any]) -> dict[str, Any]:
    """A BigScience fork's task as a 0.4 config: the entry's dataset_path and dataset_name, else (table_results
    alone) the fork's task's from the bundled table; the split the fork scores when the dataset is the table's."""
    config = {k: entry[k] for k in ("dataset_path", "dataset_name") if isinstance(entry.get(k), str)}
    known = eval_task_table("bigscience").get(entry["task_name"])
    if known is None:
        return config
    if "dataset_path" not in config:
        config = {"dataset_path": known[0], **({"dataset_name": known[1]} if known[1] else {})}
    if (config.get("dataset_path"), config.get("dataset_name")) == known[:2] and known[2]:
        config["test_split"] = known[2]
    return config
