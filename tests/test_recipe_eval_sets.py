"""A recipe that names the run's eval set (TRL's dataset_name, dataset_config, dataset_test_split with eval_strategy)
maps it as --eval-set would, end to end through `modelcard build` on the real run fixtures
(sources/recipe_eval_sets.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli.main import main
from generator.sources.recipe import read_recipe
from generator.sources.recipe_eval_sets import trl_eval_set

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SHAPES = HERE / "recipe_shapes"
OPEN_R1 = SHAPES / "open-r1-2025-grpo-eval-test-split.yaml"  # real: MATH-lighteval, config default, no test split
REPO = "acme/tiny-run"


def build(tmp_path: Path, capsys: pytest.CaptureFixture, run: Path, recipe: Path, *extra: str) -> tuple[list, str]:
    out = tmp_path / "README.md"
    assert main(["build", "--trainer-dir", str(run), "--recipe", str(recipe), "--repo-id", REPO, "-o", str(out),
                 *extra]) == 0
    err = capsys.readouterr().err
    assert main(["validate", "--strict", str(out)]) == 0
    return yaml.safe_load(out.read_text().split("---\n")[1])["model-index"][0]["results"], err


def test_the_recipes_dataset_and_default_test_split_name_the_runs_eval_set(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trl_sft", OPEN_R1)
    final = json.loads((FIXTURES / "trl_sft" / "eval_results.json").read_text())
    assert results == [{"task": {"type": "text-generation"},
                        "dataset": {"name": "DigitalLearningGmbH/MATH-lighteval",
                                    "type": "DigitalLearningGmbH/MATH-lighteval", "config": "default", "split": "test"},
                        "metrics": [{"type": "mean_token_accuracy", "value": final["eval_mean_token_accuracy"],
                                     "name": "Mean Token Accuracy"}]}]
    said = [line for line in err.splitlines() if "names the run's eval set" in line]
    assert len(said) == 1 and "eval=DigitalLearningGmbH/MATH-lighteval:default:test" in said[0]
    assert "dataset_test_split left to its default (test)" in said[0] and "eval_strategy steps" in said[0]


def test_an_eval_set_given_wins_over_the_recipes(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trl_sft", OPEN_R1, "--eval-set", "acme/other:hard:validation")
    assert [r["dataset"] for r in results] == [{"name": "acme/other", "type": "acme/other", "config": "hard",
                                                "split": "validation"}]
    assert "names the run's eval set" not in err and "eval-set" not in err.replace("--eval-set", "")


def test_a_local_dataset_maps_nothing_and_says_which_option_to_write(tmp_path, capsys):
    # the real TRL 1.16 run of the recipe (dataset_name ./sft-data): its eval set is no Hub dataset
    results, err = build(tmp_path, capsys, FIXTURES / "recipe_runs" / "trl-1.16.0-sft" / "output",
                         SHAPES / "trl-1.16-sft-cli-lora.yaml")
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "./sft-data is no Hub dataset" in said[0]
    assert "--eval-set eval=ORG/NAME:CONFIG:SPLIT" in said[0]


def test_a_run_with_named_sets_is_not_the_one_set_the_script_evaluates(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trl_sft_best_multi_eval", OPEN_R1)
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "does not name the Hub dataset" in said[0] and "not the one set" in said[0]


def test_a_recipe_alone_maps_nothing(tmp_path, capsys):
    out = tmp_path / "README.md"
    assert main(["build", "--recipe", str(OPEN_R1), "--repo-id", REPO, "-o", str(out)]) == 0
    assert "eval set" not in capsys.readouterr().err
    assert yaml.safe_load(out.read_text().split("---\n")[1])["model-index"][0]["results"] == []



def _changed_recipe(tmp_path, recipe, change):
    """The real recipe with ``change`` (a key given None is removed), and what its reader says of the eval set."""
    data = {**yaml.safe_load(recipe.read_text()), **change}
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return data, read_recipe(path).eval_set

@pytest.mark.parametrize("change, keys, why", [
    ({"eval_strategy": "no"}, "eval_strategy", "it sets eval_strategy no: the run's evaluation was turned on elsewhere"),
    ({"eval_strategy": None}, "eval_strategy", "it sets no eval_strategy: the run's evaluation was turned on elsewhere"),
    ({"dataset_test_split": "validation"}, "dataset_name, dataset_config, dataset_test_split, eval_strategy steps",
     None),
    ({"dataset_config": None}, "dataset_name, dataset_test_split left to its default (test), eval_strategy steps",
     None),
    ({"dataset_config": None, "dataset_configs": ["all"]}, "dataset_configs", "alignment-handbook's key"),
    ({"dataset_mixture": {"datasets": [{"id": "a/b"}], "test_split_size": 0.1}}, "dataset_mixture.test_split_size",
     "holds that share of the training data out"),
    ({"dataset_mixture": {"datasets": [{"id": "a/b"}]}}, "dataset_mixture", "makes no test split"),
    ({"datasets": [{"path": "DigitalLearningGmbH/MATH-lighteval"}]}, "datasets", "makes no test split"),
    ({"datasets": [{"path": "DigitalLearningGmbH/MATH-lighteval"}], "test_split_size": 0.05}, "test_split_size",
     "(TRL's train_test_split)"),
])
def test_what_the_recipe_says_of_the_eval_set(tmp_path, change, keys, why):
    data, found = _changed_recipe(tmp_path, OPEN_R1, change)
    assert found is not None and ", ".join(found.keys) == keys
    assert trl_eval_set(data, ["DigitalLearningGmbH/MATH-lighteval"]) == found
    assert (found.why is None) == (why is None) and (why is None or why in found.why)
    if why is None:
        assert found.entry == {"dataset": "DigitalLearningGmbH/MATH-lighteval",
                               **({"config": "default"} if "dataset_config" in data else {}),
                               "split": data.get("dataset_test_split", "test")}


@pytest.mark.parametrize("recipe_as", ["source", "--recipe"])
def test_ingest_keeps_the_recipes_eval_set_in_the_records(tmp_path, capsys, recipe_as):
    out = tmp_path / "records.yaml"
    passed = [str(OPEN_R1)] if recipe_as == "source" else ["--recipe", str(OPEN_R1)]
    assert main(["ingest", str(FIXTURES / "trl_sft"), *passed, "--repo-id", REPO, "-o", str(out)]) == 0
    assert sum("names the run's eval set" in line for line in capsys.readouterr().err.splitlines()) == 1
    assert yaml.safe_load(out.read_text())["training"]["eval_sets"] == {
        "eval": {"dataset": "DigitalLearningGmbH/MATH-lighteval", "config": "default", "split": "test"}}


HANDBOOK = SHAPES / "alignment-handbook-2024-dpo-mixer-one-dataset.yaml"  # real: one mixer dataset, test_prefs


def test_a_handbook_mixer_of_one_dataset_names_its_test_split(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trl_dpo", HANDBOOK)
    assert [r["dataset"] for r in results] == [{"name": "HuggingFaceH4/orca_dpo_pairs",
                                                "type": "HuggingFaceH4/orca_dpo_pairs", "split": "test_prefs"}]
    final = json.loads((FIXTURES / "trl_dpo" / "eval_results.json").read_text())
    assert {m["type"]: m["value"] for m in results[0]["metrics"]}["rewards/accuracies"] == \
        final["eval_rewards/accuracies"]
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "eval=HuggingFaceH4/orca_dpo_pairs::test_prefs" in said[0]
    assert "(from dataset_mixer, dataset_splits, evaluation_strategy steps)" in said[0]


def _says(found, keys, why, entry):
    """What a recipe says of the run's eval set: nothing (``keys`` None), or its keys, why it maps none, the set."""
    if keys is None:
        assert found is None
        return
    assert found is not None and ", ".join(found.keys) == keys
    assert (found.why is None) == (why is None) and (why is None or why in found.why)
    assert found.entry == entry


@pytest.mark.parametrize("change, keys, why, split", [
    ({}, "dataset_mixer, dataset_splits, evaluation_strategy steps", None, "test_prefs"),
    ({"dataset_splits": None}, "dataset_mixer, dataset_splits left to its default (train, test), evaluation_strategy "
     "steps", None, "test"),
    ({"dataset_splits": ["train_sft", "test_sft", "test_gen"]}, "dataset_splits", "2 test splits", None),
    ({"dataset_mixer": {"HuggingFaceH4/orca_dpo_pairs": 1.0, "HuggingFaceH4/ultrafeedback_binarized": 1.0}},
     "dataset_mixer", "several datasets", None),
    ({"evaluation_strategy": "no"}, "evaluation_strategy", "turned on elsewhere (on the command line)", None),
])
def test_what_a_handbook_mixer_says_of_the_eval_set(tmp_path, change, keys, why, split):
    _, found = _changed_recipe(tmp_path, HANDBOOK, change)
    _says(found, keys, why, None if split is None else {"dataset": "HuggingFaceH4/orca_dpo_pairs", "split": split})


AXOLOTL_LOCAL = SHAPES / "axolotl-2026-test-datasets-local.yaml"  # real: test_datasets a local jsonl, split train
AXOLOTL_HUB = SHAPES / "axolotl-2026-test-datasets-hub-handwritten.yaml"  # the same with Hub datasets (hand-written)


def test_axolotls_test_dataset_on_the_hub_names_the_runs_eval_set(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trainer_sft", AXOLOTL_HUB)
    final = json.loads((FIXTURES / "trainer_sft" / "eval_results.json").read_text())
    assert results == [{"task": {"type": "text-generation"},
                        "dataset": {"name": "HuggingFaceH4/ultrachat_200k", "type": "HuggingFaceH4/ultrachat_200k",
                                    "split": "test_sft"},
                        "metrics": [{"type": "accuracy", "value": final["eval_accuracy"], "name": "Accuracy"},
                                    {"type": "perplexity", "value": final["perplexity"], "name": "Perplexity"}]}]
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "$.test_datasets[0].path: names the run's eval set: " \
        "eval=HuggingFaceH4/ultrachat_200k::test_sft (from test_datasets[0].path, test_datasets[0].split)" in said[0]


def test_axolotls_local_test_dataset_maps_nothing_and_says_which_option_to_write(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trainer_sft", AXOLOTL_LOCAL)
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "'/workspace/data_sw/dev_smoke.jsonl' is no Hub dataset's split" in said[0]
    assert "--eval-set eval=ORG/NAME:CONFIG:SPLIT" in said[0]


_UC = "HuggingFaceH4/ultrachat_200k"


def _axolotl_test(**entry):
    return [{"path": _UC, "type": "chat_template", **entry}]


@pytest.mark.parametrize("change, keys, why, entry", [
    ({"test_datasets": _axolotl_test()}, "test_datasets[0].path, test_datasets[0].split left to its default (test)",
     None, {"dataset": _UC, "split": "test"}),
    ({"test_datasets": _axolotl_test(name="default", split="test_sft", revision="a1b2c3d")},
     "test_datasets[0].path, test_datasets[0].name, test_datasets[0].split, test_datasets[0].revision", None,
     {"dataset": _UC, "config": "default", "split": "test_sft", "revision": "a1b2c3d"}),
    ({"test_datasets": _axolotl_test(split="test_sft[:500]")}, "test_datasets[0].split", "a slice or mixture", None),
    ({"test_datasets": _axolotl_test(), "rl": "dpo"}, "test_datasets[0]", "picks one by its version", None),
    ({"test_datasets": _axolotl_test(data_files=["data/test-00000.parquet"])}, "test_datasets[0].path",
     "with its data_files", None),
    ({"test_datasets": _axolotl_test() * 2}, "test_datasets", "names 2 datasets", None),
    ({"test_datasets": None}, None, None, None),
])
def test_what_an_axolotl_config_says_of_the_eval_set(tmp_path, change, keys, why, entry):
    _says(_changed_recipe(tmp_path, AXOLOTL_HUB, change)[1], keys, why, entry)


def test_an_axolotl_eval_set_keeps_its_revision_in_the_model_index(tmp_path, capsys):
    data = yaml.safe_load(AXOLOTL_HUB.read_text())
    data["test_datasets"][0]["revision"] = "a1b2c3d"
    recipe = tmp_path / "config.yaml"
    recipe.write_text(yaml.safe_dump(data))
    results, err = build(tmp_path, capsys, FIXTURES / "trainer_sft", recipe)
    assert results[0]["dataset"] == {"name": _UC, "type": _UC, "split": "test_sft", "revision": "a1b2c3d"}
    assert f"names the run's eval set: eval={_UC}@a1b2c3d::test_sft (" in err  # the --eval-set it is the same as


LF_FORK = SHAPES / "llamafactory-pr8449-2025-eval-dataset-glue"  # real: eval_dataset mnli_eval, its dataset_info.json
LF_RECIPE = LF_FORK / "examples" / "peft" / "ia3" / "gemma-3-1b-it" / "train.yaml"


def test_llamafactorys_eval_dataset_resolved_through_dataset_info_names_the_runs_eval_set(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trainer_sft", LF_RECIPE)
    assert [r["dataset"] for r in results] == [{"name": "nyu-mll/glue", "type": "nyu-mll/glue", "config": "mnli",
                                                "split": "validation_mismatched"}]
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "$.eval_dataset: names the run's eval set: eval=nyu-mll/glue:mnli:validation_mismatched " \
        f"(from eval_dataset, {LF_FORK / 'data' / 'dataset_info.json'}'s mnli_eval: hf_hub_url, subset, split)" in said[0]


def _lf_changed(tmp_path, change, beside=True):
    """The real fork's recipe changed, in a copy of its checkout (``beside``: with its data/dataset_info.json)."""
    root = tmp_path / "checkout"
    recipe = root / "examples" / "train.yaml"
    recipe.parent.mkdir(parents=True)
    if beside:
        (root / "data").mkdir()
        info = json.loads((LF_FORK / "data" / "dataset_info.json").read_text())
        info["alpaca_en_demo"] = {"file_name": "alpaca_en_demo.json"}  # as LLaMA-Factory's own data/ holds it
        (root / "data" / "dataset_info.json").write_text(json.dumps(info))
    data = {**yaml.safe_load(LF_RECIPE.read_text()), **change}
    recipe.write_text(yaml.safe_dump({k: v for k, v in data.items() if v is not None}))
    return read_recipe(recipe).eval_set


@pytest.mark.parametrize("change, beside, keys, why, entry", [
    ({"dataset_dir": "ONLINE", "dataset": "nyu-mll/glue", "eval_dataset": "nyu-mll/glue"}, True,
     "eval_dataset, dataset_dir ONLINE (the name a Hub id, at its train split)", None,
     {"dataset": "nyu-mll/glue", "split": "train"}),
    ({"eval_dataset": "mnli_eval,mnli_test"}, True, "eval_dataset", "names 2 datasets", None),
    ({"eval_on_each_dataset": True, "eval_dataset": "mnli_eval,mnli_test"}, True, "eval_on_each_dataset",
     "named by its dataset's name", None),
    ({"eval_dataset": "alpaca_en_demo"}, True, "eval_dataset", "entry of no Hub dataset", None),
    ({"eval_dataset": "glue_mnli_eval"}, True, "eval_dataset", "has no entry in", None),
    ({"dataset_dir": "REMOTE:llamafactory/demo_data"}, True, "eval_dataset",
     "'mnli_eval' is a name in the Hub dataset llamafactory/demo_data's dataset_info.json", None),
    ({"eval_dataset": "${EVAL_DATASET}"}, True, "eval_dataset", "a variable its launch script fills in", None),
    ({}, False, "eval_dataset", "'mnli_eval' is a name in data/dataset_info.json, not beside the recipe",
     None),
    ({"eval_dataset": None}, True, None, None, None),
])
def test_what_a_llamafactory_recipe_says_of_the_eval_set(tmp_path, change, beside, keys, why, entry):
    _says(_lf_changed(tmp_path, change, beside), keys, why, entry)


def _lf_run(tmp_path, names):
    """A run whose eval sets LLaMA-Factory named by eval_dataset's ``names`` (eval_on_each_dataset; 0.9.2 whenever
    it did not predict): the fixture's sets a and b (one name: a alone) renamed, its README (of sets a and b) left out."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_multi_eval", run)
    (run / "README.md").unlink()
    for path in run.rglob("*.json"):
        data = json.loads(path.read_text())

        def rename(value):
            if isinstance(value, list):
                return [rename(item) for item in value]
            if not isinstance(value, dict):
                return value
            keys = {key: key.replace("eval_a_", f"eval_{names[0]}_", 1).replace("eval_b_", f"eval_{names[-1]}_", 1)
                    for key in value if len(names) > 1 or not key.startswith("eval_b_")}
            return {new: rename(value[old]) for old, new in keys.items()}
        path.write_text(json.dumps(rename(data)))
    return run


def test_llamafactory_sets_named_by_their_eval_dataset_names_are_each_mapped(tmp_path, capsys):
    """The real recipe's metric_for_best_model eval_mnli_eval_loss is the set its LLaMA-Factory named mnli_eval."""
    assert "metric_for_best_model: eval_mnli_eval_loss" in LF_RECIPE.read_text()
    results, err = build(tmp_path, capsys, _lf_run(tmp_path, ["mnli_eval"]), LF_RECIPE)
    assert [(r["dataset"]["name"], r["dataset"]["type"], r["dataset"]["config"], r["dataset"]["split"])
            for r in results] == [("mnli_eval", "nyu-mll/glue", "mnli", "validation_mismatched")]
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "names the run's eval set: mnli_eval=nyu-mll/glue:mnli:validation_mismatched" in said[0]


def test_each_eval_dataset_set_is_mapped_or_said_by_its_name(tmp_path, capsys):
    """eval_on_each_dataset (a key the real recipe leaves out, added): each set by its name; a local one said."""
    root = tmp_path / "checkout"
    shutil.copytree(LF_FORK, root)
    info = json.loads((root / "data" / "dataset_info.json").read_text())
    (root / "data" / "dataset_info.json").write_text(json.dumps({**info, "alpaca_en_demo": {
        "file_name": "alpaca_en_demo.json"}}))  # as LLaMA-Factory's own data/ holds it
    recipe = root / "examples" / "peft" / "ia3" / "gemma-3-1b-it" / "train.yaml"
    recipe.write_text(recipe.read_text().replace("eval_dataset: mnli_eval\n", "eval_dataset: mnli_eval,mnli_test\n"
                                                 "eval_on_each_dataset: true\n"))
    results, err = build(tmp_path, capsys, _lf_run(tmp_path, ["mnli_eval", "mnli_test"]), recipe)
    assert [(r["dataset"]["name"], r["dataset"]["split"]) for r in results] == [
        ("mnli_eval", "validation_mismatched"), ("mnli_test", "validation_matched")]
    assert sum("names the run's eval set: mnli_" in line for line in err.splitlines()) == 2
    recipe.write_text(recipe.read_text().replace("mnli_eval,mnli_test", "mnli_eval,alpaca_en_demo"))
    shutil.rmtree(tmp_path / "run")
    results, err = build(tmp_path, capsys, _lf_run(tmp_path, ["mnli_eval", "alpaca_en_demo"]), recipe)
    assert [r["dataset"]["name"] for r in results] == ["mnli_eval"]
    said = [line for line in err.splitlines() if "does not name" in line]
    assert len(said) == 1 and "of the run's eval set alpaca_en_demo (its eval_dataset 'alpaca_en_demo' is " \
        "dataset_info.json's entry of no Hub dataset)" in said[0].replace(str(root / "data") + "/", "")
    assert "--eval-set alpaca_en_demo=ORG/NAME:CONFIG:SPLIT" in said[0]


def test_a_set_named_otherwise_than_eval_dataset_names_is_said(tmp_path, capsys):
    results, err = build(tmp_path, capsys, _lf_run(tmp_path, ["mnli_eval", "other"]), LF_RECIPE)
    assert [r["dataset"]["name"] for r in results] == ["mnli_eval"]
    said = [line for line in err.splitlines() if "does not name" in line]
    assert len(said) == 1 and "eval set other (its eval_dataset names no set other (its sets: mnli_eval))" in said[0]


@pytest.mark.parametrize("recipe, key", [("axolotl-0.3-qlora.yml", "val_set_size 0.01"),
                                         ("llamafactory-0.9-galore-full.yaml", "val_size 0.1")])
def test_a_share_held_out_of_the_training_data_maps_nothing_and_says_why(tmp_path, capsys, recipe, key):
    # transformers' own card names such a set by the split it was carved from (Dataset.select keeps split: train)
    results, err = build(tmp_path, capsys, FIXTURES / "trainer_sft", SHAPES / recipe)
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and f"$.{key.split()[0]}: does not name the Hub dataset of the run's eval set (its {key} " \
        "holds that share of the training data out for evaluation" in said[0]
    assert "which model-index reads as results on that whole split" in said[0] and "--eval-set eval=" in said[0]


AXOLOTL_STREAMING = SHAPES / "axolotl-2025-streaming-sft-val-set-size.yaml"  # real: streaming with val_set_size 0.05


@pytest.mark.parametrize("recipe, change, why", [
    (AXOLOTL_STREAMING, {}, "its val_set_size 0.05 with streaming: true is refused by axolotl (0.13 on: val_set_size is "
     "not supported with streaming datasets)"),
    (SHAPES / "llamafactory-0.9-galore-full.yaml", {"streaming": True}, "its val_size 0.1 with streaming: true is "
     "refused by LLaMA-Factory (Streaming mode should have an integer val size)"),
    (SHAPES / "llamafactory-0.9-galore-full.yaml", {"streaming": True, "val_size": 500}, "its val_size 500 holds the "
     "first 500 examples of the shuffled training stream out for evaluation (LLaMA-Factory's take, streaming)"),
])
def test_a_streamed_run_holds_out_what_its_tool_takes_of_the_stream(tmp_path, recipe, change, why):
    """A share held out of a stream: axolotl refuses it, LLaMA-Factory too; a count LLaMA-Factory takes off the
    shuffled stream's head (split_dataset's take/skip), not train_test_split."""
    found = _changed_recipe(tmp_path, recipe, change)[1]
    assert found is not None and found.entry is None and found.why is not None and why in found.why


@pytest.mark.parametrize("recipe, change", [
    (OPEN_R1, {"dataset_streaming": True}),  # TRL's ScriptArguments: load_dataset(.., streaming=True)[test split]
    (AXOLOTL_HUB, {"streaming": True, "max_steps": 10}),  # test_datasets loaded as they are when streaming SFT
])
def test_a_streamed_hub_eval_set_is_the_same_split_of_the_same_dataset(tmp_path, recipe, change):
    """Streaming reads the same Hub dataset's split in the same order of keys: the set the recipe names is kept."""
    unstreamed = _changed_recipe(tmp_path, recipe, {})[1]
    streamed = _changed_recipe(tmp_path, recipe, change)[1]
    assert unstreamed is not None and unstreamed.entry is not None and streamed == unstreamed


def test_a_held_out_count_is_said_as_a_count(tmp_path):
    found = _changed_recipe(tmp_path, SHAPES / "axolotl-0.3-qlora.yml", {"val_set_size": 200})[1]
    assert found is not None and found.keys == ("val_set_size",) and "holds that many of the training" in found.why
    assert _changed_recipe(tmp_path, SHAPES / "axolotl-0.3-qlora.yml", {"val_set_size": 0})[1] is None


HANDBOOK_MIXTURE = SHAPES / "alignment-handbook-2025-dpo-mixture-held-out.yaml"  # real: test_split_size 2000


def test_a_handbook_mixtures_held_out_test_split_maps_nothing_and_says_why(tmp_path, capsys):
    results, err = build(tmp_path, capsys, FIXTURES / "trl_dpo", HANDBOOK_MIXTURE)
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "$.dataset_mixture.test_split_size: does not name the Hub dataset of the run's eval set " \
        "(its dataset_mixture.test_split_size 2000 holds that many of the training data out" in said[0]


def test_a_run_that_evaluated_without_the_recipes_eval_strategy_is_said_to_name_nothing(tmp_path, capsys):
    data = yaml.safe_load(OPEN_R1.read_text())
    del data["eval_strategy"]
    recipe = tmp_path / "config.yaml"
    recipe.write_text(yaml.safe_dump(data))
    results, err = build(tmp_path, capsys, FIXTURES / "trl_sft", recipe)
    assert results == []
    said = [line for line in err.splitlines() if "eval set" in line]
    assert len(said) == 1 and "(it sets no eval_strategy: the run's evaluation was turned on elsewhere" in said[0]
    # a run that did not evaluate: nothing said
    out = tmp_path / "alone.md"
    assert main(["build", "--recipe", str(recipe), "--repo-id", REPO, "-o", str(out)]) == 0
    assert "eval set" not in capsys.readouterr().err


@pytest.mark.parametrize("recipe, entry", [
    (AXOLOTL_HUB, {"dataset": _UC, "split": "test_sft"}),
    (LF_RECIPE, {"dataset": "nyu-mll/glue", "config": "mnli", "split": "validation_mismatched"})])
def test_ingest_keeps_an_axolotl_or_llamafactory_eval_set_in_the_records(tmp_path, capsys, recipe, entry):
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(FIXTURES / "trainer_sft"), "--recipe", str(recipe), "--repo-id", REPO, "-o",
                 str(out)]) == 0
    assert sum("names the run's eval set" in line for line in capsys.readouterr().err.splitlines()) == 1
    assert yaml.safe_load(out.read_text())["training"]["eval_sets"] == {"eval": entry}


def test_the_axolotl_config_embedded_in_the_runs_card_names_its_eval_set(tmp_path, capsys):
    """axolotl writes its config into the card it pushes (See axolotl config): a run folder whose README is that card
    maps its one eval set with no recipe given. The real card's config, a test_datasets entry added."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    card = (SHAPES / "axolotl-0.4-card-config.md").read_text()
    assert "    type: sharegpt\n" in card and "test_datasets" not in card
    (run / "README.md").write_text(card.replace("    type: sharegpt\n", "    type: sharegpt\ntest_datasets:\n"
                                                "  - path: acme/chat-pairs\n    type: sharegpt\n    split: validation\n",
                                                1))
    out = tmp_path / "README.md"
    assert main(["build", "--trainer-dir", str(run), "--repo-id", REPO, "-o", str(out)]) == 0
    assert sum("names the run's eval set: eval=acme/chat-pairs::validation" in line
               for line in capsys.readouterr().err.splitlines()) == 1
    assert main(["validate", "--strict", str(out)]) == 0
    results = yaml.safe_load(out.read_text().split("---\n")[1])["model-index"][0]["results"]
    assert [r["dataset"] for r in results] == [{"name": "acme/chat-pairs", "type": "acme/chat-pairs",
                                                "split": "validation"}]


def test_a_set_the_trainers_own_model_index_holds_is_not_said_to_reach_none(tmp_path, capsys):
    """transformers' card of a run whose eval set it knew (whisper_common_voice_4.26: wer on common_voice_11_0 sv-SE
    test) holds the set's results in its model-index: a recipe that names no Hub dataset of the set (here a local
    dataset_name, the real TRL 1.16 recipe's) says nothing, as the results reach the model-index all the same."""
    run = HERE / "trainer_shapes" / "whisper_common_voice_4.26"
    out = tmp_path / "README.md"
    assert main(["build", "--trainer-dir", str(run), "--recipe", str(SHAPES / "trl-1.16-sft-cli-lora.yaml"),
                 "--repo-id", REPO, "-o", str(out)]) == 0
    assert "eval set" not in capsys.readouterr().err
    results = yaml.safe_load(out.read_text().split("---\n")[1])["model-index"][0]["results"]
    assert [(r["dataset"]["type"], r["metrics"][0]["type"]) for r in results] == [
        ("mozilla-foundation/common_voice_11_0", "wer")]
