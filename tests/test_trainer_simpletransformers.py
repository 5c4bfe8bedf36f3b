"""Simple Transformers' arguments in a run folder (generator.sources.trainer_simpletransformers), from real folders."""

from __future__ import annotations

from pathlib import Path

from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).parent / "trainer_shapes"


def test_simple_transformers_arguments_are_listed_under_transformers_names():
    """A Simple Transformers ClassificationModel's training_args.bin (torch.save of its ClassificationArgs, transformers
    4.25.1) names its batch sizes, optimizer and scheduler in its own words: the card listed none of them."""
    hyper = read_trainer_dir(SHAPES / "simpletransformers_0.6x_classification_4.25").data["training"]["hyperparameters"]
    assert hyper == {"learning_rate": 4e-05, "train_batch_size": 8, "eval_batch_size": 8,
                     "optimizer": "AdamW with betas=(0.9,0.999) and epsilon=1e-08", "lr_scheduler_type": "linear",
                     "lr_scheduler_warmup_ratio": 0.06, "lr_scheduler_warmup_steps": 480, "num_epochs": 3,
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
