"""trainer_state.json held against the training arguments read beside it (generator.sources.trainer_args_state).

The end-to-end cases read the fixtures' real trainer_state.json and training_args.bin (tests/fixtures/trainer_sft),
with the state changed as a later run in the same output_dir, or the batch-size search, writes it. Real folders that
showed each case: ChisomOkwor/homework4-vlm homework/vlm_sft (training_args.bin of a short later run, 0.05 epochs,
beside checkpoint-2700's state of the 1-epoch run that logged up to epoch 0.256) and best_checkpoint/checkpoint-2700
(a run resumed with per_device_train_batch_size 2 from a checkpoint of a batch-4 run, save_steps 50 -> 25).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from generator import build_card
from generator.sources.common import Ingested
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_args_state import check_state_args

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _run(tmp_path: Path, **state_changes: Any) -> Path:
    """trainer_sft's files (its real trainer_state.json and training_args.bin), the state changed as given."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    state = json.loads((run / "trainer_state.json").read_text())
    state.update(state_changes)
    (run / "trainer_state.json").write_text(json.dumps(state))
    return run


def test_the_real_pair_agrees_and_says_nothing():
    read = read_trainer_dir(FIXTURES / "trainer_sft")
    assert not [w for w in read.warnings if w.code in ("conflicting-values", "found-batch-size")]


def test_arguments_of_another_run_give_way_to_the_state_on_what_it_holds(tmp_path):
    """max_steps 60 in the state (the run whose log it is), 30 in training_args.bin (an earlier run's): the card lists
    training_steps 60 and the state's batch size, and a warning names both files and values."""
    run = _run(tmp_path, max_steps=60, train_batch_size=4)
    read = read_trainer_dir(run)
    hyper = read.data["training"]["hyperparameters"]
    assert hyper["training_steps"] == 60 and hyper["train_batch_size"] == 4
    warned = [w for w in read.warnings if w.code == "conflicting-values" and w.path == "training_args.bin"]
    assert len(warned) == 2
    assert "max_steps 60" in warned[0].message and "holds 30" in warned[0].message
    card = build_card(trainer_dir=run, output=tmp_path / "card.md").text
    assert "- training_steps: 60\n" in card and "- train_batch_size: 4\n" in card


def test_a_resumed_run_keeps_the_arguments_batch_size_and_says_so(tmp_path):
    """Same run length, another batch size in the state: a run resumed from a checkpoint of a run with another batch
    size (the Trainer keeps the first size in the state): the arguments' size, which the run went on with, is kept."""
    read = read_trainer_dir(_run(tmp_path, train_batch_size=16))
    assert read.data["training"]["hyperparameters"]["train_batch_size"] == 8
    (warned,) = [w for w in read.warnings if w.code == "conflicting-values"]
    assert "resumed" in warned.message and "16" in warned.message


def _set_version(run: Path, version: str) -> None:
    """The run's transformers version (config.json, generation_config.json and the README's Framework versions), as
    another release writes it, or none at all (``""``: as a PEFT adapter's folder without config.json)."""
    config = json.loads((run / "config.json").read_text())
    generation = run / "generation_config.json"
    decoding = json.loads(generation.read_text()) if generation.exists() else None
    readme = (run / "README.md").read_text()
    if version:
        config["transformers_version"] = version
        readme = readme.replace("- Transformers 5.23.0", f"- Transformers {version}")
    else:
        del config["transformers_version"]
        readme = readme.replace("- Transformers 5.23.0\n", "")
    if decoding is not None:
        decoding.pop("transformers_version", None)
        decoding.update({"transformers_version": version} if version else {})
        generation.write_text(json.dumps(decoding))
    (run / "config.json").write_text(json.dumps(config))
    (run / "README.md").write_text(readme)


def test_a_run_resumed_under_transformers_4_lists_the_checkpoints_batch_size(tmp_path):
    """transformers 4.36-4.57's train() takes the checkpoint's train_batch_size when resuming whatever the arguments
    say: the arguments' 8 never ran, the state's 16 did (ChisomOkwor/homework4-vlm best_checkpoint/checkpoint-2700:
    per_device_train_batch_size 2 in training_args.bin, 4 in the state of the checkpoint it resumed from)."""
    run = _run(tmp_path, train_batch_size=16)
    _set_version(run, "4.57.1")
    read = read_trainer_dir(run)
    assert read.data["training"]["hyperparameters"]["train_batch_size"] == 16
    (warned,) = [w for w in read.warnings if w.code == "conflicting-values"]
    assert "transformers 4.57.1 resumes with the checkpoint's batch size" in warned.message


def test_a_run_resumed_without_a_transformers_version_gives_both_readings(tmp_path):
    run = _run(tmp_path, train_batch_size=16)
    _set_version(run, "")
    read = read_trainer_dir(run)
    assert read.data["training"]["hyperparameters"]["train_batch_size"] == 8
    (warned,) = [w for w in read.warnings if w.code == "conflicting-values"]
    assert "4.37.0 to 5.1.0" in warned.message and "(16)" in warned.message


def test_a_state_of_a_dataparallel_run_agrees_with_the_per_device_size():
    """DataParallel (n_gpu 2): the state's train_batch_size is the device's size times the GPUs: no resume, no warning."""
    hyper, warnings = _check({"train_batch_size": 16, "max_steps": 30}, {"max_steps": 30, "_n_gpu": 2},
                             {"train_batch_size": 8, "training_steps": 30})
    assert hyper["train_batch_size"] == 8 and not warnings


def test_the_warnings_name_the_file_the_arguments_came_from(tmp_path):
    """Arguments dumped as training_args.json (no training_args.bin): the conflicting-values warning names the JSON
    file, where it said training_args.bin, which the folder does not have."""
    from generator.sources.training_args import read_training_args

    run = _run(tmp_path, max_steps=60)
    fields = read_training_args(run / "training_args.bin", "training_args.bin").fields
    (run / "training_args.json").write_text(json.dumps(fields, default=str))
    (run / "training_args.bin").unlink()
    shutil.rmtree(run / "checkpoint-30")
    read = read_trainer_dir(run)
    warned = [w for w in read.warnings if w.code == "conflicting-values"]
    assert warned and all(w.path == "training_args.json" for w in warned)
    assert "but training_args.json holds 30" in warned[0].message
    assert not any("training_args.bin holds" in w.message for w in warned)


def _check(state: dict[str, Any], args: dict[str, Any], hyper: dict[str, Any],
           transformers: str = "") -> tuple[dict[str, Any], list[Any]]:
    result = Ingested("run", "trainer", {"training": {"framework_versions": {"Transformers": transformers}}}
                      if transformers else {})
    check_state_args(state, args, hyper, result)
    return hyper, result.warnings


def test_a_log_past_the_arguments_epochs_is_of_another_run():
    """homework4-vlm's shape: the arguments ask 0.05 epochs (ceil 1, as the state's num_train_epochs), but the log
    reaches epoch 0.256: the state's num_epochs is listed, in the place of the arguments'."""
    state = {"num_train_epochs": 1, "epoch": 0.255863539445629, "global_step": 2700, "max_steps": 10553}
    hyper, warned = _check(state,
                           {"num_train_epochs": 0.05, "max_steps": -1},
                           {"learning_rate": 1e-4, "num_epochs": 0.05, "max_grad_norm": 1.0})
    assert list(hyper) == ["learning_rate", "num_epochs", "max_grad_norm"] and hyper["num_epochs"] == 1
    assert [w.code for w in warned] == ["conflicting-values"] and "reaches epoch 0.2558" in warned[0].message


def test_a_last_step_past_a_fraction_of_an_epoch_agrees():
    """AMindToThink/interpretable-fine-tuning src/training/results/checkpoint-1 (TRL ORPO): 0.0625 epochs asked of
    6.25 steps an epoch is one step, which logs epoch 0.16: the same run, no warning."""
    hyper, warned = _check({"num_train_epochs": 1, "epoch": 0.16, "global_step": 1, "max_steps": 1},
                           {"num_train_epochs": 0.0625, "max_steps": -1}, {"num_epochs": 0.0625})
    assert hyper == {"num_epochs": 0.0625} and not warned


def test_epochs_the_trainer_rounded_up_agree():
    """2.5 epochs asked: the Trainer's state says 3 (ceil), and its log ends at 2.5."""
    hyper, warned = _check({"num_train_epochs": 3, "epoch": 2.5}, {"num_train_epochs": 2.5, "max_steps": -1},
                           {"num_epochs": 2.5})
    assert hyper == {"num_epochs": 2.5} and not warned


def test_the_batch_size_auto_find_batch_size_found_is_listed():
    """auto_find_batch_size halved 16 to 4: the state's size ran; the total follows it; transformers' own card lists
    the arguments' 16."""
    hyper, warned = _check({"train_batch_size": 4, "max_steps": 100},
                           {"auto_find_batch_size": True, "max_steps": 100},
                           {"train_batch_size": 16, "gradient_accumulation_steps": 2, "total_train_batch_size": 32})
    assert hyper == {"train_batch_size": 4, "gradient_accumulation_steps": 2, "total_train_batch_size": 8}
    assert [w.code for w in warned] == ["found-batch-size"]


def test_on_policy_trainers_counting_episodes_are_left_alone():
    """TRL 0.x's PPO sets the state's epochs from total_episodes (0.8 here, trl-0.19.1-ppo)."""
    hyper, warned = _check({"num_train_epochs": 0.8, "max_steps": 8}, {"total_episodes": 64, "max_steps": 30},
                           {"total_episodes": 64})
    assert hyper == {"total_episodes": 64} and not warned


RESUMED = {"train_batch_size": 16, "max_steps": 30}  # the checkpoint's state: a batch-16 run
ASKED = {"train_batch_size": 8, "training_steps": 30}  # the resumed run's arguments: batch 8


def _resumed(version: str, **args: Any) -> int:
    """The batch size the card lists for a run resumed under transformers ``version`` with ``args``."""
    hyper, warned = _check(dict(RESUMED), {"max_steps": 30, **args}, dict(ASKED), version)
    assert [w.code for w in warned] == ["conflicting-values"] and f"transformers {version} resumes" in warned[0].message
    return int(hyper["train_batch_size"])


def test_the_resume_batch_size_rule_follows_each_release():
    """Each boundary as the releases' trainer.py has it: 4.35.2 writes and reads no train_batch_size in the state;
    4.36.0 (PR #27568) restores the checkpoint's, but only where the Trainer loads the checkpoint itself (not under
    DeepSpeed or FSDP) up to 4.36.2; 4.37.0 to 5.1.0 in every run; 5.2.0 (PR #43770) only with auto_find_batch_size."""
    assert _resumed("4.35.2") == 8
    assert _resumed("4.36.0") == 16 and _resumed("4.36.2") == 16
    assert _resumed("4.36.2", deepspeed="ds_z2.json") == 8 and _resumed("4.36.2", fsdp="full_shard auto_wrap") == 8
    assert _resumed("4.37.0", deepspeed="ds_z2.json") == 16 and _resumed("4.37.0", fsdp="full_shard") == 16
    assert _resumed("5.0.0") == 16 and _resumed("5.1.0") == 16
    assert _resumed("5.2.0") == 8 and _resumed("5.23.0") == 8


def test_transformers_5_2_restores_the_size_auto_find_batch_size_kept():
    """5.2.0 on restore the checkpoint's size with auto_find_batch_size (the size the search found before the
    resume, larger than the arguments' here): it ran."""
    assert _resumed("5.2.0", auto_find_batch_size=True) == 16

