"""A model no source gives a Hub repo id: the name a tool would title its card with (generator/sources/naming.py), and
the one a recipe gives (generator/sources/recipe_fields.py Recipe.repo_id)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import UsageError
from generator.sources.pipeline import ingest
from generator.sources.recipe import read_recipe

HERE = Path(__file__).parent
SHAPES = HERE / "recipe_shapes"
RUN = HERE / "fixtures" / "versions" / "trainer" / "transformers-4.28.1"  # a bare run folder, titled by its name


@pytest.mark.parametrize("data, title", [
    ({"hub_model_id": "tiny-dpo-lora", "output_dir": "data/other"}, "tiny-dpo-lora"),  # TRL/Trainer: hub_model_id's
    ({"hub_model_id": "<your-hub-model-id>", "output_dir": "./outputs/lora-out/"}, None),  # a template's blank
    ({"hub_model_id": "${HUB_ID}"}, None),  # filled in by the launch
    ({"output_dir": "saves/tiny/lora/dpo"}, None), ({}, None),  # a template's folder most often: not taken
    # transformers 4 pushes to ORG/<output_dir's name> whatever hub_model_id says: a recipe without the name of that
    # folder names no title (before: titled tiny-dpo-lora, read again from hub_model_id after the reader ignored it)
    ({"hub_model_id": "tiny-dpo-lora", "push_to_hub_organization": "acme", "output_dir": "${OUT}"}, None),
    ({"hub_model_id": f"acme/{'x' * 97}"}, None),  # no repo the tool can push to (before: titled xxx...)
])
def test_recipe_title_is_the_trainers_name_for_the_model(data, title, tmp_path):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(yaml.safe_dump({"model_name_or_path": "acme/base", "dataset_name": "acme/data", **data}))
    got = read_recipe(recipe)
    assert got.title == title and "repo_id" not in got.data["model"]


def test_a_push_target_is_a_repo_id_whatever_folder_is_here(tmp_path, monkeypatch):
    # hub_model_id names the repo pushed to, never loaded: a folder of that name here (the run's output_dir, acme/tiny)
    # does not make it a local path (before: "'acme/tiny' has no namespace" and no repo id)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme" / "tiny").mkdir(parents=True)
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text("model_name_or_path: acme/base\ndataset_name: HuggingFaceH4/ultrachat_200k\nhub_model_id: acme/tiny\n"
                      "output_dir: acme/tiny\n")
    got = read_recipe(recipe)
    assert got.data["model"]["repo_id"] == "acme/tiny" and got.title is None
    assert not any(w.code == "not-a-hub-id" for w in got.warnings)


def test_a_llamafactory_v1_recipe_is_not_titled_by_a_key_v1_does_not_read(tmp_path):
    # LLaMA-Factory v1's TrainingArguments have no hub_model_id (its arg parser refuses unknown keys unless
    # ALLOW_EXTRA_KEYS): v1 pushes nothing under that name (before: titled tiny, read from hub_model_id regardless)
    recipe = tmp_path / "v1.yaml"
    recipe.write_text((SHAPES / "llamafactory-0.9.5-v1-lora-dpo.yaml").read_text() + "hub_model_id: tiny\n")
    assert read_recipe(recipe).title is None


def test_a_recipe_alone_titles_the_card_with_its_name_and_says_so():
    # before: `build --recipe` of an alignment-handbook recipe pushing to `hub_model_id: tiny-dpo-lora` stopped with
    # "no source names the model's Hub repo id or its name", though the Trainer titles its card tiny-dpo-lora
    got = ingest(recipe=SHAPES / "alignment-handbook-2023-dpo-lora.yaml")
    assert got.data["model"]["name"] == "tiny-dpo-lora" and "repo_id" not in got.data["model"]
    (told,) = [w for w in got.warnings if w.code == "title-from-recipe"]
    assert told.path == "$.model.name" and "'tiny-dpo-lora', the name the recipe's hub_model_id gives" in told.message
    assert "set model.name" in told.fix
    assert [w.code for w in got.warnings if w.code in ("title-from-recipe", "no-repo-id")] == \
        ["title-from-recipe", "no-repo-id"]


def test_a_recipe_naming_nothing_still_stops_build_and_ingest_holds_the_placeholder():
    recipe = SHAPES / "axolotl-2026-test-datasets-local.yaml"  # output_dir: $OUT, no hub_model_id
    with pytest.raises(UsageError) as caught:
        ingest(recipe=recipe)
    assert caught.value.problems[0].path == "$.model.repo_id"
    got = ingest(recipe=recipe, placeholder_repo_id="your-org/your-model")
    assert got.data["model"]["repo_id"] == "your-org/your-model" and "name" not in got.data["model"]


def test_a_run_or_a_repo_id_names_the_model_before_the_recipe():
    recipe = SHAPES / "alignment-handbook-2023-dpo-lora.yaml"
    run = ingest(trainer_dir=RUN, recipe=recipe)
    assert run.data["model"]["name"] == RUN.name  # the run's folder, which its own reader says
    assert not any(w.code == "title-from-recipe" for w in run.warnings)
    given = ingest(recipe=recipe, repo_id="acme/tiny-dpo-lora")
    assert given.data["model"]["repo_id"] == "acme/tiny-dpo-lora" and "name" not in given.data["model"]
    assert not any(w.code in ("title-from-recipe", "no-repo-id") for w in given.warnings)
