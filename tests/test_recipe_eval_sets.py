"""A recipe that names the run's eval set (TRL's dataset_name, dataset_config, dataset_test_split with eval_strategy)
maps it as --eval-set would, end to end through `modelcard build` on the real run fixtures
(sources/recipe_eval_sets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.sources.recipe import read_recipe
from generator.sources.recipe_eval_sets import trl_eval_set

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "recipe_shapes"
OPEN_R1 = SHAPES / "open-r1-2025-grpo-eval-test-split.yaml"  # real: MATH-lighteval, config default, no test split


@pytest.mark.parametrize("change, keys, why", [
    ({"eval_strategy": "no"}, None, None),
    ({"dataset_test_split": "validation"}, "dataset_name, dataset_config, dataset_test_split, eval_strategy steps",
     None),
    ({"dataset_config": None}, "dataset_name, dataset_test_split left to its default (test), eval_strategy steps",
     None),
    ({"dataset_config": None, "dataset_configs": ["all"]}, "dataset_configs", "alignment-handbook's key"),
    ({"dataset_mixture": {"datasets": [{"id": "a/b"}], "test_split_size": 0.1}}, "dataset_mixture", "held out"),
])
def test_what_the_recipe_says_of_the_eval_set(tmp_path, change, keys, why):
    data = {**yaml.safe_load(OPEN_R1.read_text()), **change}
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    found = read_recipe(path).eval_set
    if keys is None:
        assert found is None and trl_eval_set(data, ["DigitalLearningGmbH/MATH-lighteval"]) is None
        return
    assert found is not None and found.keys == keys
    assert (found.why is None) == (why is None) and (why is None or why in found.why)
    if why is None:
        assert found.entry == {"dataset": "DigitalLearningGmbH/MATH-lighteval",
                               **({"config": "default"} if "dataset_config" in data else {}),
                               "split": data.get("dataset_test_split", "test")}
