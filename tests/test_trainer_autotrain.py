"""AutoTrain's training_params.json in a run's folder (generator.sources.trainer_autotrain)."""

import json
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).parent / "trainer_shapes"


def _copy(tmp_path: Path, shape: str) -> Path:
    run = tmp_path / "run"
    shutil.copytree(SHAPES / shape, run)
    return run


def test_autotrain_params_stand_in_for_an_lfs_training_args_bin(tmp_path):
    # Roy2231/Kazbrekker: training_args.bin is a Git LFS pointer; the card listed no learning rate, seed, optimizer,
    # scheduler, warmup or max_grad_norm, which AutoTrain's params hold under its own names
    got = read_trainer_dir(_copy(tmp_path, "autotrain_text_classification_0.8"))
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["learning_rate"], hyper["train_batch_size"], hyper["seed"], hyper["num_epochs"]) == (5e-05, 8, 42, 3)
    assert (hyper["optimizer"], hyper["lr_scheduler_type"], hyper["lr_scheduler_warmup_ratio"]) == \
        ("adamw_torch", "linear", 0.1)
    assert hyper["max_grad_norm"] == 1.0 and hyper["max_seq_length"] == 128
    assert "mixed_precision_training" not in hyper  # mixed_precision null
    model = got.data["model"]
    assert model["base_model"] == "google-bert/bert-base-uncased"
    # pushed to username/project_name (no repo_id in 0.7+'s params), said in a warning
    assert model["repo_id"] == "roy2231/Kazbrekker"
    assert [w.path for w in got.warnings if w.code == "repo-id-from-autotrain"] == ["training_params.json: $.username"]
    # the data: AutoTrain's own copy of uploaded files, no Hub dataset
    (warned,) = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert warned.path == "training_params.json: $.data_path" and "'Kazbrekker/autotrain-data'" in warned.message
    assert "datasets" not in model
    assert "method" not in got.data["training"]  # a classifier: no TRL trainer


def test_autotrain_orpo_method_quantization_and_the_readmes_own_repo(tmp_path):
    # ydideh810/CosmoSpeak-: `autotrain llm --trainer orpo`, PEFT on an int4 base; the card had no method and no
    # hyperparameters. Its README names the model yd915/CosmoSpeak: username/project_name (yd915/AstroBot3) is not
    # taken over it
    got = read_trainer_dir(_copy(tmp_path, "autotrain_orpo_lfs_args_0.8"))
    training = got.data["training"]
    assert training["method"] == "orpo"
    hyper = training["hyperparameters"]
    assert (hyper["learning_rate"], hyper["gradient_accumulation_steps"], hyper["mixed_precision_training"]) == \
        (3e-05, 4, "Native AMP")
    assert (hyper["beta"], hyper["max_prompt_length"]) == (0.1, 128)  # ORPO's own settings
    assert hyper["load_in_4bit"] is True and list(hyper).index("load_in_4bit") > list(hyper).index("learning_rate")
    assert got.data["model"].get("repo_id") != "yd915/AstroBot3"
    assert not [w for w in got.warnings if w.code == "repo-id-from-autotrain"]
    # without that README, AutoTrain's push target is the repo
    (tmp_path / "run" / "README.md").unlink()
    assert read_trainer_dir(tmp_path / "run").data["model"]["repo_id"] == "yd915/AstroBot3"


def test_autotrain_sft_settings_are_not_listed_as_a_preference_runs(tmp_path):
    # AutoTrain's LLM params hold dpo_beta and max_prompt_length whatever the trainer: an SFT run's card does not list
    # them; 0.6's repo_id, use_peft / use_int4 and data_path of a Hub dataset
    got = read_trainer_dir(_copy(tmp_path, "autotrain_sft_repo_id_0.6"))
    assert got.data["training"]["method"] == "sft"
    hyper = got.data["training"]["hyperparameters"]
    assert "beta" not in hyper and "max_prompt_length" not in hyper
    assert hyper["load_in_4bit"] is True and hyper["mixed_precision_training"] == "Native AMP"  # fp16: true
    model = got.data["model"]
    assert model["repo_id"] == "arhamk/llama2-finance-sft" and model["datasets"] == ["AdiOO7/llama-2-finance"]
    assert not [w for w in got.warnings if w.code in ("repo-id-from-autotrain", "not-a-hub-id")]
    params = json.loads((tmp_path / "run" / "training_params.json").read_text())
    (tmp_path / "run" / "training_params.json").write_text(json.dumps({**params, "trainer": "dpo", "use_peft": False}))
    hyper = read_trainer_dir(tmp_path / "run").data["training"]["hyperparameters"]
    assert hyper.get("beta") is None  # 0.6 named it no dpo_beta
    assert "load_in_4bit" not in hyper  # no PEFT: AutoTrain does not quantize


def test_a_training_args_bin_wins_over_autotrain_params(tmp_path):
    run = _copy(tmp_path, "autotrain_text_classification_0.8")
    (run / "training_args.bin").unlink()
    (run / "training_args.json").write_text(json.dumps({"learning_rate": 2e-5, "per_device_train_batch_size": 8}))
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == 2e-5 and hyper["seed"] == 42


def test_dreambooth_params_alone_are_refused_naming_the_file(tmp_path):
    # RAJU009F/GEN-AI: AutoTrain's DreamBooth params (an SDXL LoRA, a diffusers run) alone: refused, naming the file
    with pytest.raises(InputError) as caught:
        read_trainer_dir(_copy(tmp_path, "autotrain_dreambooth_0.7"))
    (problem,) = caught.value.problems
    assert problem.path == "training_params.json" and "DreamBooth" in problem.message and problem.fix


@pytest.mark.parametrize("text", ["[1, 2]", "{\"project_name\": \"x\"}", "\ufeff{\"a\": " * 3])
def test_bad_autotrain_params(tmp_path, text):
    # another tool's training_params.json (no object, no AutoTrain keys, broken JSON) beside a Trainer's config.json
    run = _copy(tmp_path, "autotrain_text_classification_0.8")
    (run / "training_params.json").write_text(text)
    try:
        got = read_trainer_dir(run)
    except InputError as exc:
        assert all(p.fix and "training_params.json" in p.file + p.path for p in exc.problems)
    else:
        assert [w for w in got.warnings if w.code == "foreign-args"]
        assert "learning_rate" not in got.data["training"].get("hyperparameters", {})


def test_a_repo_id_in_a_huge_readme_is_looked_for_in_bounded_text(tmp_path):
    # a README of 5.6 MB of "yd915/ " (no name after): the look for the README's own repo id reads a bounded head
    run = _copy(tmp_path, "autotrain_orpo_lfs_args_0.8")
    (run / "README.md").write_text("yd915/ " * 800_000)
    assert read_trainer_dir(run).data["model"]["repo_id"] == "yd915/AstroBot3"


def test_autotrain_readme_template_parts_are_the_tools(tmp_path):
    # maiharshrivastava/mistral-80k: AutoTrain's own README was read as a person's card, its "# Usage" (code loading
    # "PATH_TO_THIS_REPO") kept beside the card's Quick start and its title over the card
    from generator import build_card

    card = build_card(trainer_dir=_copy(tmp_path, "autotrain_llm_card_0.8"), output=tmp_path / "card.md").text
    assert "PATH_TO_THIS_REPO" not in card and card.count("## Quick start") == 1
    assert 'PeftModel.from_pretrained(base_model, "kairosoftai/mistral-80k")' in card
    assert "# Model Trained Using AutoTrain" not in card and "# mistral-80k" in card
    assert "This model was trained using AutoTrain." in card  # the tool's line says how it was trained
    assert "- load_in_4bit: true" in card and "- lr_scheduler_warmup_ratio: 0.1" in card


def test_autotrain_validation_metrics_are_the_final_results(tmp_path):
    # Roy2231/Kazbrekker's README lists the final evaluation as "## Validation Metrics" of `name: value` lines: kept
    # as a person's section, they were on the card twice beside the run's (its checkpoint's trainer_state.json), and
    # with no state they were no results
    from generator import build_card

    card = build_card(trainer_dir=_copy(tmp_path, "autotrain_text_classification_0.8"), output=tmp_path / "card.md").text
    assert "## Validation Metrics" not in card and "f1_macro: 0.9216916996963803" not in card
    # named as the Trainer names them, as the columns of a run's log of the same metrics (eval_f1_macro: F1 Macro)
    assert "It achieves the following results on the evaluation set:\n- Loss: 0.3337\n- F1 Macro: 0.9217\n" in card
    got = read_trainer_dir(tmp_path / "run")
    assert got.data["training"]["eval_results"]["Accuracy"] == 0.9220727053625226
    # a person's section of that title that is not AutoTrain's list stays
    readme = tmp_path / "run" / "README.md"
    readme.write_text(readme.read_text().replace("loss: 0.33374306559562683", "The loss went down.", 1))
    card = build_card(trainer_dir=tmp_path / "run", output=tmp_path / "card2.md").text
    assert "## Validation Metrics" in card and "The loss went down." in card


def test_a_persons_validation_metrics_in_a_trainer_card_stay(tmp_path):
    """Only AutoTrain's card's "Validation Metrics" list is the tool's: in a transformers Trainer card, a person's
    section of that title, `name: number` lines (here numbers the run's trainer_state.json does not hold), was
    dropped as AutoTrain's, its numbers lost."""
    from generator import build_card

    run = tmp_path / "run"
    shutil.copytree(Path(__file__).parent / "fixtures" / "trainer_sft", run)
    readme = run / "README.md"
    readme.write_text(readme.read_text().replace("## Training procedure", "## Validation Metrics\n\nloss: 9.875\n\n"
                                                 "perplexity: 123.5\n\n## Training procedure", 1))
    card = build_card(trainer_dir=run, output=tmp_path / "card.md").text
    assert "## Validation Metrics" in card and "loss: 9.875" in card and "perplexity: 123.5" in card


def test_autotrain_usage_alone_and_a_persons_card_over_autotrains_text(tmp_path):
    # lexcsam/CProj-GPT's README is AutoTrain's "# Usage" alone: it was the card's title and text (its model-index
    # named "Usage") beside the Quick start
    from generator import build_card

    card = build_card(trainer_dir=_copy(tmp_path, "autotrain_usage_readme_0.7"), output=tmp_path / "card.md").text
    assert "PATH_TO_THIS_REPO" not in card and "name: Usage" not in card and "# cproj-gpt\n" in card
    assert 'pipeline("text-generation", model="lex117/cproj-gpt"' in card
    # ydideh810/CosmoSpeak-: a person's card (its own title first) that took AutoTrain's text in is theirs: kept, with
    # the Quick start of the repo it names
    card = build_card(trainer_dir=_copy(tmp_path / "b", "autotrain_orpo_lfs_args_0.8"), output=tmp_path / "c.md").text
    assert "# CosmoSpeak" in card and "## Model Summary" in card
    assert 'PeftModel.from_pretrained(base_model, "yd915/CosmoSpeak")' in card


def test_a_huge_username_is_no_repo_id(tmp_path):
    # a username of a million characters: username/project_name was checked as a local path and the build ended in
    # "internal error: OSError: File name too long"; a Hub id's parts are 96 characters at most
    run = _copy(tmp_path, "autotrain_text_classification_0.8")
    params = json.loads((run / "training_params.json").read_text())
    (run / "training_params.json").write_text(json.dumps({**params, "username": "u" * 1_000_000}))
    got = read_trainer_dir(run)
    assert "repo_id" not in got.data["model"]
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 5e-05


def test_a_folder_of_autotrain_params_alone_is_a_run_to_ingest_as_to_build(tmp_path):
    """chiaoyin23's folder is AutoTrain's params alone: `build --trainer-dir` read it, where `ingest FOLDER` took the
    params for another tool's recipe and refused the folder. Format detection now knows them, so both read the same;
    DreamBooth's params are refused by the trainer reader naming the file, and a JSON file of that name holding
    something else is no run."""
    from generator.sources.pipeline import ingest
    from generator.sources.readers import detect_format

    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(SHAPES / "autotrain_sft_repo_id_0.6" / "training_params.json", run)
    assert detect_format(run) == "trainer"
    got, read = ingest(sources=[run]).data, read_trainer_dir(run).data
    assert got["training"] == read["training"] and {k: got["model"][k] for k in read["model"]} == read["model"]
    shutil.copy(SHAPES / "autotrain_dreambooth_0.7" / "training_params.json", run)
    assert detect_format(run) == "trainer"
    (run / "training_params.json").write_text('{"lr": 1e-4}', encoding="utf-8")
    with pytest.raises(InputError, match="holds no training recipe, records or results"):
        detect_format(run)


def test_autotrain_validation_metrics_of_the_readme_alone_are_the_runs_final_results(tmp_path):
    # Roy2231/Kazbrekker's README imported alone (`modelcard ingest README.md`) kept its "Validation Metrics" as a
    # section of text (f1_macro: 0.92...), where the same README read with its run folder lists "F1 Macro"
    from generator.sources.card import read_card

    run = _copy(tmp_path, "autotrain_text_classification_0.8")
    alone = read_card(run / "README.md").data
    assert not [s for s in alone.get("sections", []) if s["title"] == "Validation Metrics"]
    with_run = read_trainer_dir(run).data["training"]["eval_results"]
    assert alone["training"]["eval_results"] == with_run
    assert list(with_run)[:3] == ["Loss", "F1 Macro", "F1 Micro"] and with_run["F1 Macro"] == 0.9216916996963803


def test_autotrain_readme_alone_is_untitled_and_keeps_no_template_usage(tmp_path):
    """AutoTrain's README imported alone (`modelcard ingest README.md`): its template title "Model Trained Using
    AutoTrain" (Roy2231/Kazbrekker, maiharshrivastava/mistral-80k) titled the card, and lexcsam/CProj-GPT's "# Usage"
    alone was the card's title (`model.name: Usage`) over the template's code loading "PATH_TO_THIS_REPO", kept as its
    text. Now the template's title names nothing (untitled with a warning, or titled by the repo id given) and its
    Usage is left out with a warning, as read with the run."""
    from generator import build_card
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.card import read_card
    from generator.sources.pipeline import ingest

    for shape in ("autotrain_text_classification_0.8", "autotrain_llm_card_0.8", "autotrain_usage_readme_0.7"):
        readme = _copy(tmp_path / shape, shape) / "README.md"
        got = read_card(readme)
        assert got.data["model"]["name"] is False, shape
        assert "PATH_TO_THIS_REPO" not in json.dumps(got.data), shape
        said = {w.code for w in got.warnings}
        assert "placeholder-value" in said and ("not-kept" in said) == (shape != "autotrain_text_classification_0.8")
        # the repo id is asked for once, by the ingest's no-repo-id warning
        assert [w.code for w in ingest(sources=[readme]).warnings if "--repo-id" in w.fix] == ["no-repo-id"], shape
        named = ingest(sources=[readme], repo_id="someone/my-model").data
        assert named["model"]["repo_id"] == "someone/my-model" and "name" not in named["model"], shape
        card = render(records_from_data(named)).text
        assert "# my-model\n" in card and "Model Trained Using AutoTrain" not in card and "# Usage" not in card
    # with its run but no repo id, the run's folder titles the card, as a Trainer's card is titled
    run = tmp_path / "autotrain_llm_card_0.8" / "run"
    (run / "training_params.json").unlink()
    card = build_card(trainer_dir=run, output=tmp_path / "card.md").text
    assert "Model Trained Using AutoTrain" not in card and "\n# run\n" in card
    # a person's title is theirs
    readme = tmp_path / "autotrain_text_classification_0.8" / "run" / "README.md"
    readme.write_text(readme.read_text().replace("# Model Trained Using AutoTrain", "# Kazbrekker sentiment"))
    assert read_card(readme).data["model"]["name"] == "Kazbrekker sentiment"


def test_the_repo_autotrain_pushed_to_is_the_repo_id_whatever_folder_of_that_name_is_here(tmp_path, monkeypatch):
    # repo_id (0.6) names the repo pushed to, never a path read: a folder of that name where we run made it 'a local
    # path' and the records held no repo id
    run = _copy(tmp_path, "autotrain_sft_repo_id_0.6")
    (tmp_path / "arhamk" / "llama2-finance-sft").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert read_trainer_dir(run).data["model"].get("repo_id") == "arhamk/llama2-finance-sft"
