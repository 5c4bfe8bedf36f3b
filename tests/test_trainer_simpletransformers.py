"""Simple Transformers' arguments in a run folder (generator.sources.trainer_simpletransformers), from real folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).parent / "trainer_shapes"


def test_simple_transformers_arguments_are_listed_under_transformers_names():
    """A Simple Transformers ClassificationModel's training_args.bin (torch.save of its ClassificationArgs, transformers
    4.25.1) names its batch sizes, optimizer and scheduler in its own words: the card listed none of them. Its warmup is
    its steps (no file says how many steps the run ran, of which the ratio would have made them)."""
    hyper = read_trainer_dir(SHAPES / "simpletransformers_0.6x_classification_4.25").data["training"]["hyperparameters"]
    assert hyper == {"learning_rate": 4e-05, "train_batch_size": 8, "eval_batch_size": 8,
                     "optimizer": "AdamW with betas=(0.9,0.999) and epsilon=1e-08", "lr_scheduler_type": "linear",
                     "lr_scheduler_warmup_steps": 480, "num_epochs": 3,
                     "max_grad_norm": 1.0, "max_seq_length": 128}


def test_simple_transformers_model_args_json_alone_gives_the_hyperparameters(tmp_path):
    """A Simple Transformers model committed with model_args.json and no training_args.bin (transformers 4.2.1): the
    card had no hyperparameters. Another tool's model_args.json is not read as arguments."""
    read = read_trainer_dir(SHAPES / "simpletransformers_model_args_only_4.2")
    hyper = read.data["training"]["hyperparameters"]
    assert (hyper["train_batch_size"], hyper["optimizer"], hyper["lr_scheduler_type"]) == (8, "AdamW", "linear")
    (tmp_path / "config.json").write_text((SHAPES / "simpletransformers_model_args_only_4.2" / "config.json").read_text())
    (tmp_path / "model_args.json").write_text('{"dim": 512, "n_layers": 8, "learning_rate": 0.1}')
    assert "hyperparameters" not in read_trainer_dir(tmp_path).data.get("training", {})


PROGRESS = SHAPES / "simpletransformers_progress_scores_4.6"  # ORIGINS.txt: Myanapavan9624/Text_summarization


def _warmup(folder: Path) -> dict[str, object]:
    hyper = read_trainer_dir(folder).data["training"]["hyperparameters"]
    return {key: value for key, value in hyper.items() if "warmup" in key}


def test_a_warmup_made_of_the_ratio_over_the_runs_steps_is_listed_as_the_ratio():
    """warmup_steps 85 = ceil(1,406 x 0.06), its training_progress_scores.csv ending at step 1,406: Simple
    Transformers computed the steps from the ratio it was given; the card listed both. Its best_model/ reads the file
    beside it."""
    assert _warmup(PROGRESS) == {"lr_scheduler_warmup_ratio": 0.06}
    assert _warmup(PROGRESS / "best_model") == {"lr_scheduler_warmup_ratio": 0.06}


def test_a_warmup_over_a_run_of_unknown_or_other_length_is_listed_as_its_steps(tmp_path):
    """No file says how many steps the run ran, or a run stopped before the steps the ratio was taken of: the steps
    are what its schedule ran, given or made of the ratio."""
    assert _warmup(SHAPES / "simpletransformers_model_args_only_4.2") == {"lr_scheduler_warmup_steps": 4763}
    run = tmp_path / "run"
    shutil.copytree(PROGRESS, run)
    scores = run / "training_progress_scores.csv"
    scores.write_text("".join(scores.read_text().splitlines(keepends=True)[:-1]))  # the last row, step 1406, cut
    assert _warmup(run) == {"lr_scheduler_warmup_steps": 85}


def test_a_runs_max_steps_is_its_length(tmp_path):
    """max_steps set: its total, of which the ratio made the steps (ceil(79,368 x 0.06) = 4,763)."""
    for file in ("config.json", "model_args.json"):
        shutil.copy(SHAPES / "simpletransformers_model_args_only_4.2" / file, tmp_path / file)
    args = json.loads((tmp_path / "model_args.json").read_text())
    (tmp_path / "model_args.json").write_text(json.dumps({**args, "max_steps": 79368}))
    assert _warmup(tmp_path) == {"lr_scheduler_warmup_ratio": 0.06}


def test_a_step_that_is_no_decimal_number_is_no_step(tmp_path):
    """A last row's global_step of '²' (str.isdigit takes it, int refuses it) stopped the build with an internal error;
    it says no step, as any other text does."""
    run = tmp_path / "run"
    shutil.copytree(PROGRESS, run)
    scores = run / "training_progress_scores.csv"
    lines = scores.read_text().splitlines(keepends=True)
    scores.write_text("".join(lines[:-1]) + "²" + lines[-1][lines[-1].index(","):])
    assert _warmup(run) == {"lr_scheduler_warmup_steps": 85}
