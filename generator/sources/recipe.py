"""alignment-handbook / TRL recipe YAML (TrlParser config) -> model and training records."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.errors import InputError, Problem
from generator.io.files import load_data_file
from generator.sources.common import Ingested, hub_id
from generator.sources.hyperparameters import hyperparameters

RECIPE_KEYS = {"model_name_or_path", "dataset_mixer", "dataset_mixture", "dataset_name", "learning_rate",
               "num_train_epochs", "per_device_train_batch_size", "output_dir"}
METHOD_BY_KEY = (("beta", "dpo"),)


def looks_like_recipe(data: Any) -> bool:
    return isinstance(data, dict) and "model_name_or_path" in data and len(RECIPE_KEYS & set(data)) >= 2


def read_recipe(path: Path) -> Ingested:
    data = load_data_file(path, str(path))
    if not looks_like_recipe(data):
        raise InputError([Problem(str(path), "$", "is not a training recipe (needs model_name_or_path and "
                                  "training keys such as learning_rate)", "pass the recipe YAML the run used",
                                  code="unrecognized-format")])
    result = Ingested(str(path), "recipe", {})
    model: dict[str, Any] = {}
    base = hub_id(data.get("model_name_or_path"))
    if base:
        model["base_model"] = base
    elif data.get("model_name_or_path"):
        result.warn("$.model_name_or_path", f"{data['model_name_or_path']!r} is not a Hub id", "set model.base_model",
                    code="not-a-hub-id")
    datasets: list[str] = []
    mixture = data.get("dataset_mixture")
    if isinstance(mixture, dict) and isinstance(mixture.get("datasets"), list):
        datasets += [d["id"] for d in mixture["datasets"] if isinstance(d, dict) and hub_id(d.get("id"))]
    mixer = data.get("dataset_mixer")
    if isinstance(mixer, dict):
        datasets += [k for k in mixer if hub_id(k)]
    if hub_id(data.get("dataset_name")):
        datasets.append(data["dataset_name"])
    if datasets:
        model["datasets"] = list(dict.fromkeys(datasets))
    hub_model = data.get("hub_model_id")
    if isinstance(hub_model, str) and hub_id(hub_model):
        model["repo_id"] = hub_model
    if model:
        result.data["model"] = model
    training: dict[str, Any] = {"hyperparameters": hyperparameters(data)}
    method: Optional[str] = next((m for part in path.parts for m in ("sft", "dpo", "orpo", "kto", "grpo", "simpo")
                                  if part == m), None)
    if method is None:
        method = next((m for key, m in METHOD_BY_KEY if key in data), None)
    if method:
        training["method"] = method
    result.data["training"] = training
    return result
