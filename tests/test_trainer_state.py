"""trainer_state.json read alone (no training arguments): generator.sources.trainer_state."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import build_card
from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).parent / "trainer_shapes"


@pytest.mark.parametrize(("folder", "steps"), [
    ("seq_cls_adapter_bias_all_peft_0.15", 1200),  # AguLeon/LoRA_RoBERTa_AGNews: 0.32 epochs of num_train_epochs 1
    ("state_only_4.29/output", 40),  # Fujump/qlora: 40 steps, 2.43 epochs of num_train_epochs 3
    ("streaming_state_only_4.26", 15000),  # a streamed dataset: num_train_epochs sys.maxsize
])
def test_a_run_given_max_steps_lists_its_steps_not_the_epochs_the_state_rounds_up(folder, steps, tmp_path):
    """A state read without training_args.bin: the Trainer sets num_train_epochs to the epochs max_steps spans,
    rounded up (sys.maxsize over a dataset of no length), so the card said `num_epochs: 1` of a run of 0.32 epochs
    and `num_epochs: 9223372036854775807` of a streamed one. A run that reached max_steps half an epoch or more short
    of them was given max_steps: its card says training_steps, as the Trainer's does."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / folder, run)
    (run / "README.md").unlink(missing_ok=True)  # the checkpoint's PEFT card lists no hyperparameters anyway
    state = json.loads((run / "trainer_state.json").read_text(encoding="utf-8"))
    assert state["global_step"] == state["max_steps"] == steps and state["epoch"] <= state["num_train_epochs"] - 0.5
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert hyper["training_steps"] == steps and "num_epochs" not in hyper
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert f"- training_steps: {steps}\n" in text and "num_epochs" not in text


def test_a_run_of_its_epochs_lists_them(tmp_path):
    """A run that reached the state's num_train_epochs (10 epochs, 9.9966 counted: an epoch's last batches short of a
    gradient accumulation) was given them: num_epochs, as before."""
    state = {"global_step": 27990, "max_steps": 27990, "epoch": 9.996606536881586, "num_train_epochs": 10,
             "log_history": [{"loss": 0.0361, "epoch": 9.9966, "step": 27990}]}
    (tmp_path / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    hyper = read_trainer_dir(tmp_path).data["training"]["hyperparameters"]
    assert hyper["num_epochs"] == 10 and "training_steps" not in hyper


@pytest.mark.parametrize(("folder", "metric"), [("thresholds_list_state_4.20", "eval_f1"),  # eleanorgit/socialIssuesClassifier
                                                 ("streaming_state_only_4.26", "eval_wer")])
def test_the_best_metric_is_named_by_the_log_when_no_arguments_name_it(folder, metric):
    """Without the arguments' metric_for_best_model (training_args.bin a Git LFS pointer, or left out) the card said
    "Best metric: 0.7391" of nothing; the log holds that value under one eval_* key at the best checkpoint's step,
    which names it."""
    state = json.loads((SHAPES / folder / "trainer_state.json").read_text(encoding="utf-8"))
    stats = read_trainer_dir(SHAPES / folder).data["training"]["statistics"]
    assert stats[f"Best metric ({metric})"] == state["best_metric"] and "Best metric" not in stats


def test_a_best_metric_two_keys_hold_at_that_step_stays_unnamed(tmp_path):
    """Two metrics of the same value at the best checkpoint's step: either may be it, and the card names none."""
    state = {"best_metric": 0.5, "best_model_checkpoint": "out/checkpoint-10", "global_step": 10,
             "log_history": [{"eval_loss": 0.5, "eval_accuracy": 0.5, "epoch": 1.0, "step": 10}]}
    (tmp_path / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    assert read_trainer_dir(tmp_path).data["training"]["statistics"]["Best metric"] == 0.5


def test_a_llamafactory_log_that_ends_before_its_total_steps_says_where_the_run_stopped(tmp_path):
    """hykun1989/360-LLaMA-Factory-grpo: trainer_log.jsonl alone, its last line a training entry at step 202 of
    total_steps 5100 (the run stopped there). The card said 'Global step: 202' as of a finished run; a finished
    run's log (rameyjm7/SFT-Training-LLM's step 6565 of 6566, then train()'s summary line) says no such thing."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "llamafactory_log_stopped_short_0.9", run)
    stats = read_trainer_dir(run).data["training"]["statistics"]
    assert stats["Global step"] == 202
    assert stats["Saved at"].startswith("step 202 of 5100, before training ended")
    assert "Planned steps" not in stats  # said once, by 'Saved at'
    finished = tmp_path / "finished"
    shutil.copytree(SHAPES / "llamafactory_log_only_0.9", finished)
    assert "Saved at" not in read_trainer_dir(finished).data["training"]["statistics"]
    lines = (run / "trainer_log.jsonl").read_text(encoding="utf-8")  # train()'s summary line after the last entry
    (run / "trainer_log.jsonl").write_text(lines + '{"current_steps": 202, "total_steps": 5100, "epoch": 0.3957, '
                                           '"percentage": 3.96, "elapsed_time": "2:30:49", "remaining_time": "0"}\n',
                                           encoding="utf-8")
    assert "Saved at" not in read_trainer_dir(run).data["training"]["statistics"]


def test_eval_numbers_of_no_evaluation_in_a_results_file_are_said_left_out(tmp_path):
    """JackXfmax/PaddleOCR_VL_1.5_Fine_Tuning: a hand-written all_results.json, its own script's eval_* numbers
    (exact match rate 0.52) beside train()'s metrics but no eval_loss nor eval_runtime: no evaluation save_metrics
    writes, so not the card's results, and they were dropped without a word."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "hand_written_all_results_eval_keys", run)
    got = read_trainer_dir(run)
    assert "eval_results" not in got.data["training"]
    assert got.data["training"]["statistics"]["Train loss"] == 0.056  # train()'s metrics are read
    warned = [w for w in got.warnings if w.code == "eval-without-set"]
    assert len(warned) == 1 and warned[0].path == "all_results.json"
    assert "$.eval_exact_match_rate" in warned[0].message and "records" in warned[0].fix
    data = json.loads((run / "all_results.json").read_text(encoding="utf-8"))
    (run / "all_results.json").write_text(json.dumps({**data, "eval_runtime": 12.0}), encoding="utf-8")
    got = read_trainer_dir(run)  # with a runtime it is an evaluation: its numbers are the card's, nothing to say
    assert got.data["training"]["eval_results"]["Exact Match Rate"] == 0.52
    assert not [w for w in got.warnings if w.code == "eval-without-set"]


def test_a_best_checkpoint_saved_on_windows_is_named_by_its_folder(tmp_path):
    """Jaypee34/Sentiment-Analysis-for-Customer-Feedback: best_model_checkpoint './results\\\\checkpoint-2445', the
    path of a Windows machine: the card said 'Best checkpoint: results\\\\checkpoint-2445' (8 of ~330 real run folders
    of sessions 46-49), where a POSIX path gives the folder's name alone."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "windows_best_checkpoint_state", run)
    assert read_trainer_dir(run).data["training"]["statistics"]["Best checkpoint"] == "checkpoint-2445"
    state = json.loads((run / "trainer_state.json").read_text(encoding="utf-8"))
    state["best_model_checkpoint"] = "/home/me/results/checkpoint-2445"
    (run / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    assert read_trainer_dir(run).data["training"]["statistics"]["Best checkpoint"] == "checkpoint-2445"


def test_another_tools_trainer_state_is_said_so_and_alone_is_refused(tmp_path):
    """JamalJane/Jarvis: an agent's counters saved as trainer_state.json, none of TrainerState's keys. It was read as
    a Trainer's state with no log history ('was the run interrupted?'), and alone it gave an empty card."""
    from generator.errors import InputError

    run = tmp_path / "run"
    shutil.copytree(SHAPES / "foreign_trainer_state", run)
    with pytest.raises(InputError) as refused:
        read_trainer_dir(run)
    assert [p.code for p in refused.value.problems] == ["foreign-state"]
    (run / "README.md").write_text("# Jarvis\n\nA desktop assistant.\n", encoding="utf-8")
    got = read_trainer_dir(run)  # the folder's README is still the card's text
    codes = [w.code for w in got.warnings]
    assert "foreign-state" in codes and "no-log-history" not in codes
    assert "training" not in got.data
    # KosKis1/LogShort: notes of which nothing is read into the records, kept as the card's text: still a card
    (run / "README.md").write_text("## Setup\n\n```bash\npip install -r requirements.txt\n```\n", encoding="utf-8")
    got = read_trainer_dir(run)
    assert got.data == {} and "readme-not-read" in [w.code for w in got.warnings]


def test_a_train_summary_of_zero_flos_is_no_total(tmp_path):
    """TRL's GRPO (All4Nothing/MMHERC) leaves the Trainer no input_ids to count FLOs by: its train summary, and so
    all_results.json and train_results.json, say total_flos 0.0, which the card does not give as the run's total (as
    it does not the state's 0); the run's other statistics stay."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "grpo_zero_flos_trl_0.16", run)
    assert json.loads((run / "all_results.json").read_text())["total_flos"] == 0
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "Total FLOs" not in text
    assert "- **Training time:** 4.54 h\n" in text and "- **Global step:** 250\n" in text


def test_the_sizes_an_example_script_saves_are_the_cards(tmp_path):
    """transformers' run_qa.py saves train_samples and eval_samples beside its results (vdyma/eureqa: 131,958 and
    12,171 tokenized features of SQuAD v2): the card says them, not a result, and reads them back."""
    from generator import ingest

    text = build_card(trainer_dir=SHAPES / "run_qa_samples_4.44", repo_id="acme/qa").text
    assert "- **Train samples:** 131958\n" in text and "- **Eval samples:** 12171\n" in text
    assert "| 12171" not in text and "Samples |" not in text  # no results column of them
    card = tmp_path / "README.md"
    card.write_text(text)
    stats = ingest(sources=[card], repo_id="acme/qa").data["training"]["statistics"]
    assert stats["Train samples"] == 131958 and stats["Eval samples"] == 12171


def test_swifts_run_summary_is_the_log_where_the_state_is_a_checkpoints(tmp_path):
    """lgc-FINANCE/DeepClima-R1 keeps checkpoint-400's trainer_state.json beside swift's logging.jsonl, which ends with
    the summary of the whole run: its log to step 438 (the last evaluation, train()'s summary), not the state's,
    is the card's, said in a warning, with its datasets' sizes; without the summary the state is read as before."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "swift_logging_summary_4.0", run)
    card = build_card(trainer_dir=run, repo_id="acme/run")
    text = card.text
    assert "- **Global step:** 438\n" in text and "| 0.1548        | 1      | 438  | 0.1294          | 0.9464    |" in text
    assert "- **Train samples:** 6994\n- **Eval samples:** 1986\n" in text and "- **Train loss:** 0.2842\n" in text
    assert "- **Total FLOs:** 9.16e+16\n" in text and "before training ended" not in text
    [said] = [w for w in card.warnings if w.code == "state-from-tool-log"]
    assert said.path == "trainer_state.json" and "step 400" in said.message and "438" in said.message
    (run / "logging.jsonl").write_text("".join((run / "logging.jsonl").read_text().splitlines(True)[:-1]))
    text = build_card(trainer_dir=run, repo_id="acme/run").text  # a run that has not ended: no summary
    assert "- **Global step:** 400\n" in text and "Train samples" not in text


def test_swifts_run_summary_alone_is_the_runs_state(tmp_path):
    """swift's output folder keeps trainer_state.json only in its checkpoint-N/ folders: with the summary's log, a
    folder of logging.jsonl and the adapter's files is the run's."""
    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(SHAPES / "swift_logging_summary_4.0" / "logging.jsonl", run)
    shutil.copy(SHAPES / "swift_checkpoint_4.0" / "adapter_config.json", run)
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "- **Global step:** 438\n" in text and "- **Best checkpoint:** checkpoint-400\n" in text
