"""The Trainer output reader: any log history, and training_args.bin read as data, never loaded.

Expected values come from the fixtures' own files (trainer_state.json, and training_args.bin as
``pickletools`` disassembles it), never from constants: the numbers depend on the CPU that made them.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import pickletools
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator import build_card, ingest, validate_card
from generator.errors import InputError
from generator.markdown.frontmatter import split_card
from generator.markdown.tables import parse_tables
from generator.records.loader import records_from_data
from generator.records.methods import split_eval_set
from generator.render.card import render
from generator.sources.base_path import local_base
from generator.sources.hyperparameters import hyperparameters
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_log import eval_sets
from generator.sources.trainer_method import config_method
from generator.sources.trainer_model import model_id
from generator.sources.trainer_state import search_trial
from generator.sources.training_args import read_training_args

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RUNS = ["trainer_sft", "trl_sft", "trl_dpo", "peft_lora", "trainer_multi_eval"]
NOT_RESULTS = ("Runtime", "Per Second", "Samples", "Flos", "Jit", "Preparation Time")


def state_of(run: str) -> dict:
    return json.loads((FIXTURES / run / "trainer_state.json").read_text())


def write_state(folder: Path, history: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trainer_state.json").write_text(json.dumps({"log_history": history, "global_step": 30}))
    return folder


# ---------------------------------------------------------------------------- log history: two eval sets


def test_two_eval_sets_give_one_table_with_columns_per_set():
    history = state_of("trainer_multi_eval")["log_history"]
    end = next(i for i, e in enumerate(history) if "train_runtime" in e)
    expected: list[dict[str, Any]] = []
    for i, entry in enumerate(history[:end]):
        sets = [s for s in ("a", "b") if f"eval_{s}_loss" in entry]
        if not sets:
            continue
        if not expected or expected[-1]["step"] != entry["step"]:
            losses = [e["loss"] for e in history[:i] if "loss" in e]
            expected.append({"training_loss": losses[-1], "epoch": entry["epoch"], "step": entry["step"],
                             "metrics": {}})
        for s in sets:
            expected[-1]["metrics"][f"Validation Loss ({s})"] = entry[f"eval_{s}_loss"]
            expected[-1]["metrics"][f"Accuracy ({s})"] = entry[f"eval_{s}_accuracy"]
    assert len(expected) == 3
    rows = read_trainer_dir(FIXTURES / "trainer_multi_eval").data["training"]["results"]
    assert rows == expected  # no plain validation_loss: there is no plain eval set
    assert [list(r["metrics"]) for r in rows] == [["Validation Loss (a)", "Accuracy (a)", "Validation Loss (b)",
                                                   "Accuracy (b)"]] * 3


def test_two_eval_sets_in_the_card_table_are_exact():
    history = state_of("trainer_multi_eval")["log_history"]
    end = next(i for i, e in enumerate(history) if "train_runtime" in e)
    card = build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id="acme/tiny").text
    table = next(t for t in parse_tables(card) if t.header and t.header[0] == "Training Loss")
    header = list(table.header)
    assert header[:3] == ["Training Loss", "Epoch", "Step"]
    assert [h for h in header if "(" in h] == ["Validation Loss (a)", "Accuracy (a)", "Validation Loss (b)",
                                               "Accuracy (b)"]
    steps = sorted({e["step"] for e in history[:end] if "eval_a_loss" in e})
    assert len(table.rows) == len(steps) == 3
    for row, step in zip(table.rows, steps):
        cells = dict(zip(header, row))
        assert int(cells["Step"]) == step
        for entry in (e for e in history[:end] if e.get("step") == step):
            for s in ("a", "b"):
                if f"eval_{s}_loss" in entry:
                    # shown at 4 decimals: within half a unit of the last one
                    assert float(cells[f"Validation Loss ({s})"]) == pytest.approx(entry[f"eval_{s}_loss"], abs=5e-5)
                    assert float(cells[f"Accuracy ({s})"]) == pytest.approx(entry[f"eval_{s}_accuracy"], abs=5e-5)
    assert "Validation Loss" not in header  # no plain eval set: no empty column


def test_final_results_are_listed_per_eval_set():
    history = state_of("trainer_multi_eval")["log_history"]
    last = {s: [e for e in history if f"eval_{s}_loss" in e][-1] for s in ("a", "b")}
    summary = read_trainer_dir(FIXTURES / "trainer_multi_eval").data["training"]["eval_results"]
    assert summary == {"Accuracy (a)": last["a"]["eval_a_accuracy"], "Loss (a)": last["a"]["eval_a_loss"],
                       "Accuracy (b)": last["b"]["eval_b_accuracy"], "Loss (b)": last["b"]["eval_b_loss"]}
    card = build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id="acme/tiny").text
    listed = card.split("It achieves the following results on the evaluation set:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split(":")[0] for line in listed.splitlines()] == [f"- {k}" for k in summary]


def test_final_results_are_of_one_evaluation_not_the_logs_last_beside_the_files(tmp_path):
    """TRL 0.29's GRPO returns only the loss from trainer.evaluate(), which the script saves as eval_results.json;
    its log's last evaluation (step 30) scored its sampled completions otherwise: the card lists the final
    evaluation's loss alone, saying it is another evaluation than the table's, never the step-30 reward beside it."""
    run = FIXTURES / "versions" / "trainer" / "trl-0.29.1-grpo"
    saved = json.loads((run / "eval_results.json").read_text())
    training = read_trainer_dir(run).data["training"]
    assert training["eval_results"] == {"Loss": saved["eval_loss"]}
    assert training["eval_results_of"] == "evaluated after training, apart from the evaluations during training above"
    assert training["results"][-1]["step"] == 30 and training["results"][-1]["validation_loss"] != saved["eval_loss"]
    card = build_card(trainer_dir=run, repo_id="acme/grpo", output=tmp_path / "c.md").text
    listed = card.split("It achieves the following results on the evaluation set (evaluated after training, apart "
                        "from the evaluations during training above):\n", 1)[1].split("\n\n", 1)[0]
    assert listed == "- Loss: 3.692e-05"
    assert validate_card(tmp_path / "c.md").ok


def test_final_results_of_the_best_checkpoint_say_so():
    """load_best_model_at_end: eval_results.json is the best checkpoint's evaluation after training, not the log's last
    (step 300); without training_args.bin, the best checkpoint's own evaluation in the log (same values) tells."""
    read = read_trainer_dir(SHAPES / "best_checkpoint_evaluated_4.26")
    training = read.data["training"]
    assert training["eval_results"] == {"Loss": 0.51, "Wer": 24.5}
    assert training["eval_results_of"] == "the best checkpoint, step 200, evaluated after training"
    assert [r["step"] for r in training["results"]] == [100, 200, 300]


def test_final_results_that_disagree_with_the_logs_evaluation_after_training_are_the_logs_alone(tmp_path):
    """The log has an evaluation after training (trainer_multi_eval: trainer.evaluate() before save_state) and
    eval_results.json another (an earlier run's, or another evaluate() call's, with an F1 the log's has not): the card
    lists the log's evaluation only, never the file's F1 beside it, and says so."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_multi_eval", run)
    for name in ("eval_results.json", "all_results.json"):
        saved = json.loads((run / name).read_text())
        saved.update(eval_a_loss=saved["eval_a_loss"] + 1, eval_a_f1=0.25)
        (run / name).write_text(json.dumps(saved))
    read = read_trainer_dir(run)
    assert read.data["training"]["eval_results"] == read_trainer_dir(FIXTURES / "trainer_multi_eval").data[
        "training"]["eval_results"]
    (warned,) = [w for w in read.warnings if w.code == "conflicting-values"]
    assert warned.path == "eval_results.json" and "$.eval_a_loss is" in warned.message and "(eval_a_f1) are of that other" in warned.message


def test_final_results_that_agree_with_the_logs_last_evaluation_keep_its_other_metrics():
    """TRL 0.29's DPO: eval_results.json holds the loss of the final model, which the log's last evaluation (the same
    model, the same data) gave too: its rewards, which evaluate() does not return, are that evaluation's as well."""
    run = FIXTURES / "versions" / "trainer" / "trl-0.29.1-dpo"
    training = read_trainer_dir(run).data["training"]
    assert "eval_results_of" not in training
    assert training["eval_results"]["Loss"] == json.loads((run / "eval_results.json").read_text())["eval_loss"]
    assert "Rewards/margins" in training["eval_results"]


@pytest.mark.parametrize("run", RUNS)
def test_result_lists_leave_out_timings_and_counts(run):
    training = read_trainer_dir(FIXTURES / run).data["training"]
    names = list(training["eval_results"]) + [k for r in training.get("results", []) for k in r.get("metrics", {})]
    assert names and not [n for n in names if any(word in n for word in NOT_RESULTS)]


@pytest.mark.parametrize("run", ["trl-0.29.1-sft-eval-sets", "trl-1.16.0-sft-eval-sets"])
def test_trls_metrics_of_each_eval_set_are_that_sets(run, tmp_path):
    """TRL's SFTTrainer given two eval sets (make_trainer_versions.py --only sets) logs each set's evaluation with
    what it gathered (eval_entropy, eval_mean_token_accuracy, eval_num_tokens) without the set's name, and TRL 1.16's
    eval_results.json holds them once, the last set's, beside both sets' losses: each entry's are its set's (one row a
    step, a column a set), and the file's, which name no set, are not listed as the whole evaluation's. They made two
    rows a step, each set's accuracy in one unnamed column, and 'Entropy' in the final results."""
    folder = FIXTURES / "versions" / "trainer" / run
    training = read_trainer_dir(folder).data["training"]
    history = state_of(f"versions/trainer/{run}")["log_history"]
    evals = [e for e in history if "eval_first_loss" in e or "eval_second_loss" in e]
    assert [r["step"] for r in training["results"]] == [10, 20, 30]
    last = training["results"][-1]
    assert last["metrics"]["Mean Token Accuracy (first)"] == evals[-2]["eval_mean_token_accuracy"]
    assert last["metrics"]["Mean Token Accuracy (second)"] == evals[-1]["eval_mean_token_accuracy"]
    assert not [name for name in training["eval_results"] if "(" not in name]
    assert training["eval_results"]["Entropy (second)"] == evals[-1]["eval_entropy"]
    build_card(trainer_dir=folder, repo_id="acme/sets", output=tmp_path / "c.md")
    assert validate_card(tmp_path / "c.md").ok


@pytest.mark.parametrize("run", ["trl-0.29.1-sft-eval-sets", "trl-1.16.0-sft-eval-sets", "trl_sft", "trl_dpo"])
def test_final_results_list_each_sets_loss_first(run):
    """The final results list each eval set's together, its loss first, as transformers' evaluate() returns them and
    its own card lists them, then its key metrics (DPO's reward accuracy and margin before its logits): trainer_state.json
    and the results files save the keys sorted, which put TRL's Entropy and Logits/chosen before the loss, and the
    second set's loss last, after its other metrics."""
    folder = FIXTURES / run if (FIXTURES / run).is_dir() else FIXTURES / "versions" / "trainer" / run
    listed = list(read_trainer_dir(folder).data["training"]["eval_results"])
    sets = list(dict.fromkeys(split_eval_set(label)[1] for label in listed))
    assert sets in ([None], ["first", "second"])
    for name in sets:
        labels = [label for label in listed if split_eval_set(label)[1] == name]
        assert labels[0] == ("Loss" if name is None else f"Loss ({name})") and len(labels) > 1
        assert listed.index(labels[-1]) - listed.index(labels[0]) == len(labels) - 1  # each set's together
    if run == "trl_dpo":
        assert listed[:4] == ["Loss", "Entropy", "Rewards/accuracies", "Rewards/margins"]
        assert listed.index("Rewards/rejected") < listed.index("Logits/chosen")


def test_many_eval_sets_keep_every_sets_loss_in_the_key_table(tmp_path):
    """Six eval sets (aigoncharov/trainer_state_viz's sample state: eval_dataset as a dict): 15 columns, more than the
    key table shows. Every set's validation loss stays in it, and a metric of the sets (accuracy) is shown for all of
    them or folded away with the whole log: the key table had cut the columns after the twelfth, leaving g5 out."""
    card = build_card(trainer_dir=SHAPES / "six_eval_sets_4.5x", repo_id="acme/six", output=tmp_path / "c.md").text
    key = card.split("### Training results\n\n", 1)[1].split("\n", 1)[0]
    assert [c.strip() for c in key.strip("|").split("|")] == \
        ["Training Loss", "Epoch", "Step"] + [f"Validation Loss (g{g})" for g in range(6)]
    folded = card.split("<summary>", 1)[1]
    assert all(f"Accuracy (g{g})" in folded for g in range(6))
    listed = card.split("It achieves the following results on the evaluation set:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split(":")[0] for line in listed.splitlines() if line.startswith("- ")] == \
        [f"- {metric} (g{g})" for g in range(6) for metric in ("Loss", "Accuracy")]  # every set's, its loss first
    assert validate_card(tmp_path / "c.md").ok


def test_eval_sets_split_keys_by_set_and_drop_timings():
    assert eval_sets({"eval_loss": 1.0, "eval_nll_loss": 2.0, "eval_runtime": 0.1, "epoch": 1}) == \
        {"": {"loss": 1.0, "nll_loss": 2.0}}  # ORPO's nll_loss is a metric, not an eval set
    assert eval_sets({"eval_my_set_loss": 1.0, "eval_my_set_f1": 0.5, "eval_my_set_runtime": 0.1,
                      "eval_my_set_samples_per_second": 3.0, "eval_my_set_jit_compilation_time": 0.2}) == \
        {"my_set": {"loss": 1.0, "f1": 0.5}}
    assert eval_sets({"eval_a_loss": 1.0, "eval_a_samples": 24, "eval_b_loss": 2.0, "eval_b_samples": 8}) == \
        {"a": {"loss": 1.0}, "b": {"loss": 2.0}}  # eval_results.json without timings: sets found by loss
    assert eval_sets({"loss": 1.0, "grad_norm": 0.5, "step": 5}) == {}
    # TRL ORPO's log() adds its stored eval metrics to the train summary (which train_results.json saves): no eval
    # set "nll", no evaluation at all
    assert eval_sets({"train_loss": 1.2, "train_runtime": 9.0, "eval_nll_loss": 2.0, "eval_log_odds_ratio": -0.7,
                      "eval_rewards/chosen": -0.4, "epoch": 1}) == {}
    assert eval_sets({"eval_accuracy": 0.5, "eval_runtime": 0.1, "eval_samples_per_second": 9.0}) == \
        {"": {"accuracy": 0.5}}  # an evaluation without a loss is still one


def test_trl_preference_metrics_left_in_the_train_summary_are_no_eval_set(tmp_path):
    """An ORPO run saved without a final evaluation: train_results.json holds the eval metrics TRL's log() added to the
    train summary; they are not final results, and eval_nll_loss names no eval set "nll"."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "versions" / "trainer" / "trl-0.24.0-orpo", run,
                    ignore=shutil.ignore_patterns("checkpoint-*", "eval_results.json", "all_results.json", "README.md"))
    summary = json.loads((run / "train_results.json").read_text())
    stray = {"eval_nll_loss": 3.4433, "eval_log_odds_ratio": -0.6966, "eval_rewards/chosen": -0.4143}
    (run / "train_results.json").write_text(json.dumps({**summary, **stray}))
    training = read_trainer_dir(run).data["training"]
    assert not any("(nll)" in name for name in training.get("eval_results", {}))
    assert training["eval_results"]["Loss"] == read_trainer_dir(FIXTURES / "versions" / "trainer" /
                                                                "trl-0.24.0-orpo").data["training"]["eval_results"]["Loss"]


def test_evaluation_without_a_loss_still_makes_a_row(tmp_path):
    run = write_state(tmp_path / "run", [
        {"loss": 2.0, "grad_norm": 1.0, "step": 5, "epoch": 0.5},
        {"eval_accuracy": 0.25, "eval_runtime": 0.1, "eval_samples_per_second": 9.0, "step": 5, "epoch": 0.5},
    ])
    training = read_trainer_dir(run).data["training"]
    assert training["results"] == [{"training_loss": 2.0, "epoch": 0.5, "step": 5, "metrics": {"Accuracy": 0.25}}]
    assert training["eval_results"] == {"Accuracy": 0.25}


def test_a_set_evaluated_twice_at_one_step_gives_two_rows(tmp_path):
    run = write_state(tmp_path / "run", [
        {"loss": 2.0, "step": 5, "epoch": 0.5},
        {"eval_loss": 1.5, "eval_runtime": 0.1, "step": 5, "epoch": 0.5},
        {"eval_loss": 1.4, "eval_runtime": 0.1, "step": 5, "epoch": 0.5},
    ])
    rows = read_trainer_dir(run).data["training"]["results"]
    assert [r["validation_loss"] for r in rows] == [1.5, 1.4]


# ---------------------------------------------------------------------------- log history: no evaluation


def test_a_run_logged_without_evaluation_shows_its_training_log(tmp_path):
    """trl_dpo's real log with its evaluations taken out (a run with eval_strategy="no"): the table holds the training
    log entries, each with its loss and the metrics DPO logs, exactly; no empty Validation Loss column."""
    history = [e for e in state_of("trl_dpo")["log_history"] if not any(k.startswith("eval_") for k in e)]
    run = write_state(tmp_path / "run", history)
    logged = [e for e in history if "loss" in e and "train_runtime" not in e]
    assert 1 < len(logged) <= 10
    rows = read_trainer_dir(run).data["training"]["results"]
    assert [r["step"] for r in rows] == [e["step"] for e in logged]
    for row, entry in zip(rows, logged):
        assert row["training_loss"] == entry["loss"] and row["epoch"] == entry["epoch"]
        assert row["metrics"]["Rewards/margins"] == entry["rewards/margins"]
        assert not {"Learning Rate", "Grad Norm", "Loss"} & set(row["metrics"])
    text = build_card(trainer_dir=run, repo_id="acme/no-eval").text
    table = next(t for t in parse_tables(text) if t.header and t.header[0] == "Training Loss")
    header = list(table.header)
    assert header[:4] == ["Training Loss", "Epoch", "Step", "Entropy"] and "Validation Loss" not in header
    assert [float(row[header.index("Rewards/margins")]) for row in table.rows] == pytest.approx(
        [e["rewards/margins"] for e in logged], abs=5e-5)


def test_a_training_log_table_reads_back_from_the_card(tmp_path):
    """The card of a run trained without an eval set (real TRL 1.16 Online DPO output): its table, which has no
    Validation Loss column, is imported back as rows holding the numbers it shows, and is stable from then on."""
    import yaml

    from generator import render_card
    from generator.records.loader import load_records

    def imported(text: str, name: str) -> dict:
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(text, encoding="utf-8")
        return ingest(sources=[tmp_path / name / "README.md"]).data

    def rendered(data: dict, name: str) -> str:
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return render_card(load_records(tmp_path / f"{name}.yaml"))

    built = build_card(trainer_dir=FIXTURES / "versions" / "trainer" / "trl-1.16.0-online-dpo", repo_id="acme/odpo")
    data = imported(built.text, "first")
    rows = data["training"]["results"]
    assert len(rows) == 6 and all("validation_loss" not in r for r in rows)
    assert rows[-1]["training_loss"] == 0.6873 and rows[-1]["metrics"]["Objective/kl"] == 1.445
    once = rendered(data, "once")
    assert "| Training Loss | Epoch | Step | Beta |" in once
    assert rendered(imported(once, "second"), "twice") == once


def test_a_long_training_log_is_sampled_evenly_keeping_the_first_and_last_entries(tmp_path):
    history = [{"loss": 1.0 / step, "grad_norm": 1.0, "learning_rate": 1e-5, "epoch": step / 100, "step": step,
                "rewards/std": float("nan") if step == 100 else 0.5} for step in range(1, 101)]
    history.append({"train_runtime": 10.0, "train_loss": 0.5, "epoch": 1.0, "step": 100})
    rows = read_trainer_dir(write_state(tmp_path / "run", history)).data["training"]["results"]
    assert [r["step"] for r in rows] == [1, 12, 23, 34, 45, 56, 67, 78, 89, 100]
    assert rows[0]["metrics"] == {"Rewards/std": 0.5} and "metrics" not in rows[-1]  # NaN: the cell stays empty


def test_a_non_finite_training_loss_in_a_log_without_evaluation_is_an_error(tmp_path):
    run = write_state(tmp_path / "run", [{"loss": 2.0, "step": 5}, {"loss": float("inf"), "step": 10}])
    with pytest.raises(InputError) as info:
        read_trainer_dir(run)
    assert info.value.problems[0].path == "$.log_history[1].loss"


# ---------------------------------------------------------------------------- log history: NaN grad norms


def test_nan_grad_norm_rows_are_skipped_with_a_warning(tmp_path):
    state = state_of("trl_dpo")
    history = state["log_history"]
    first_eval = next(i for i, e in enumerate(history) if "eval_loss" in e)
    before = max(i for i in range(first_eval) if "loss" in history[i])  # mid-run: the run goes on fine
    history[before].update(grad_norm=float("nan"), loss=float("nan"))
    last_train = max(i for i, e in enumerate(history) if "loss" in e)  # an overflow step at the end, loss fine
    history[last_train]["grad_norm"] = float("inf")
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trl_dpo", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    (run / "trainer_state.json").write_text(json.dumps(state))
    result = read_trainer_dir(run)
    problems = [w for w in result.warnings if w.code == "non-finite-grad-norm"]
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert problems[0].path == f"$.log_history[{before}].grad_norm"
    assert "2 training log entries" in problems[0].message
    rows = result.data["training"]["results"]
    assert rows[0]["training_loss"] == [e["loss"] for e in history[:before] if "loss" in e][-1]
    assert rows[-1]["training_loss"] == [e["loss"] for e in history[:last_train] if "loss" in e][-1]


def test_a_run_that_ends_in_nan_is_still_an_error(tmp_path):
    run = write_state(tmp_path / "run", [
        {"loss": 2.0, "grad_norm": 1.0, "step": 5},
        {"loss": float("nan"), "grad_norm": float("nan"), "step": 10},
        {"eval_loss": 1.0, "eval_runtime": 0.1, "step": 10},
    ])
    with pytest.raises(InputError) as exc:
        read_trainer_dir(run)
    assert exc.value.problems[0].code == "not-finite" and exc.value.problems[0].path == "$.log_history[1].loss"
    # the file the path is in, not the folder: 'run: $.log_history[1].loss' named no file holding that field
    assert exc.value.problems[0].file == str(run / "trainer_state.json")


def test_a_log_read_from_a_checkpoint_is_named_by_its_file(tmp_path):
    """A run kept as checkpoint-N/ folders is read from the last one: what its log holds names that file."""
    run = tmp_path / "run"
    write_state(run / "checkpoint-10", [{"loss": 2.0, "step": 5}, {"loss": float("nan"), "step": 10}])
    with pytest.raises(InputError) as exc:
        read_trainer_dir(run)
    assert exc.value.problems[0].file == str(run / "checkpoint-10" / "trainer_state.json")


def test_nan_and_infinite_values_of_a_log_are_left_out_with_one_warning():
    """ORPO's smoke-test log (AMindToThink/interpretable-fine-tuning): every eval_* metric but the accuracy NaN, an
    Infinity loss with a finite grad_norm followed by a finite loss. The folder is read (it was refused on the first
    NaN): the cells are left empty, the final results list only what is a number, and one warning names every field
    with its steps and that the final evaluation's loss is not finite."""
    read = read_trainer_dir(SHAPES / "orpo_nan_evaluation")
    training = read.data["training"]
    assert [(r["step"], r["training_loss"], "validation_loss" in r) for r in training["results"]] == \
        [(1, None, False), (2, None, False)]  # step 1's loss: its grad_norm is NaN (an overflow step); step 2's: inf
    assert training["eval_results"] == {"Rewards/accuracies": 0.0}
    (warned,) = [w for w in read.warnings if w.code == "not-finite"]
    assert warned.path == "$.log_history[1].eval_log_odds_chosen" and warned.severity == "warning"
    assert warned.file == str(SHAPES / "orpo_nan_evaluation" / "trainer_state.json")
    assert "eval_loss, eval_nll_loss (steps 1, 2)" in warned.message and "; loss (step 2)" in warned.message
    assert "eval_log_odds_chosen, eval_log_odds_ratio, eval_logits/chosen, eval_logits/rejected, eval_logps/chosen, " \
        "eval_logps/rejected, eval_rewards/chosen, eval_rewards/margins, eval_rewards/rejected (step 1)" in warned.message
    assert "The final evaluation's loss is not finite" in warned.message


def test_non_finite_values_of_a_results_file_are_named(tmp_path):
    run = write_state(tmp_path / "run", [{"loss": 2.0, "step": 5}, {"eval_loss": 1.5, "eval_runtime": 0.1, "step": 5},
                                         {"train_runtime": 1.0, "train_loss": 2.0, "step": 5}])
    (run / "all_results.json").write_text('{"train_loss": NaN, "eval_loss": 1.5, "eval_accuracy": Infinity}')
    read = read_trainer_dir(run)
    (warned,) = [w for w in read.warnings if w.code == "not-finite"]
    assert warned.path == "all_results.json" and "$.train_loss, $.eval_accuracy are not a finite" in warned.message
    assert read.data["training"]["eval_results"] == {"Loss": 1.5}


# ---------------------------------------------------------------------------- training_args.bin, as pickletools sees it


def pickle_bytes(run: str) -> bytes:
    with zipfile.ZipFile(FIXTURES / run / "training_args.bin") as archive:
        return archive.read(next(n for n in archive.namelist() if n.endswith("/data.pkl")))


def disassembled(data: bytes) -> dict[str, Any]:
    """The top-level fields of a TrainingArguments pickle, read off pickletools' opcode stream.

    An oracle independent of the reader under test: the state dict is the first MARK after the first
    EMPTY_DICT, and within it keys and values alternate. A value is a scalar opcode or memo reference,
    ``GLOBAL; <value>; TUPLE1; REDUCE`` (an enum: its value), or a list; a nested object
    (``GLOBAL; EMPTY_TUPLE; NEWOBJ ... BUILD``) shows as ``"<object>"``.
    """
    memo: dict[int, tuple[str, Any]] = {}
    ops: list[tuple[str, Any]] = []
    for op, arg, _ in pickletools.genops(data):
        if op.name in ("BINPUT", "LONG_BINPUT"):
            memo[arg] = ops[-1]
        elif op.name in ("BINGET", "LONG_BINGET"):
            ops.append(memo[arg])
        elif op.name == "REDUCE" and ops[-3][0] == "GLOBAL" and ops[-1][0] == "TUPLE1":
            ops[-3:] = [("ENUM", ops[-2][1])]  # Enum(value) -> value
        else:
            ops.append((op.name, arg))
    constants = {"NEWTRUE": True, "NEWFALSE": False, "NONE": None, "EMPTY_LIST": [], "EMPTY_TUPLE": ()}
    consume_mark = {"SETITEMS", "APPENDS", "TUPLE", "LIST", "DICT"}

    def scalar(op: tuple[str, Any]) -> Any:
        assert op[0] not in ("GLOBAL", "MARK", "REDUCE", "BUILD", "NEWOBJ"), op
        return constants[op[0]] if op[0] in constants else op[1]

    def value(pos: int) -> tuple[Any, int]:
        name = ops[pos][0]
        if name == "GLOBAL" and ops[pos + 1][0] == "EMPTY_TUPLE" and ops[pos + 2][0] == "NEWOBJ":
            depth = 0
            while not (ops[pos][0] == "BUILD" and depth == 0):
                depth += (ops[pos][0] == "MARK") - (ops[pos][0] in consume_mark)
                pos += 1
            return "<object>", pos + 1
        if name == "ENUM":
            return ops[pos][1], pos + 1
        if name == "EMPTY_LIST" and ops[pos + 2][0] == "APPEND":
            return [scalar(ops[pos + 1])], pos + 3
        if name == "EMPTY_LIST" and ops[pos + 1][0] == "MARK":
            end = next(i for i in range(pos, len(ops)) if ops[i][0] == "APPENDS")
            return [scalar(op) for op in ops[pos + 2:end]], end + 1
        return scalar(ops[pos]), pos + 1

    pos = next(i for i, (name, _) in enumerate(ops) if name == "EMPTY_DICT") + 1
    assert ops[pos][0] == "MARK"
    pos += 1
    fields: dict[str, Any] = {}
    while ops[pos][0] != "SETITEMS":
        key = scalar(ops[pos])
        fields[key], pos = value(pos + 1)
    assert ops[pos + 1][0] == "BUILD" and ops[pos + 2][0] == "STOP"
    return fields


COMMON = ("learning_rate", "per_device_train_batch_size", "per_device_eval_batch_size", "seed", "data_seed",
          "gradient_accumulation_steps", "optim", "adam_beta1", "adam_beta2", "adam_epsilon", "lr_scheduler_type",
          "warmup_steps", "max_steps", "num_train_epochs", "weight_decay", "max_grad_norm", "bf16", "fp16",
          "gradient_checkpointing", "label_smoothing_factor", "eval_strategy", "save_strategy", "hub_model_id")
METHOD = {"trl_sft": ("max_length", "packing", "completion_only_loss"), "peft_lora": ("max_length", "packing"),
          "trl_dpo": ("beta", "loss_type", "max_length", "label_smoothing", "sync_ref_model")}
TRAINING_ARG_RUNS = ["trainer_sft", "trl_sft", "trl_dpo", "peft_lora", "trainer_multi_eval"]


@pytest.mark.parametrize("run", TRAINING_ARG_RUNS)
def test_training_args_fields_equal_what_pickletools_shows(run):
    shown = disassembled(pickle_bytes(run))
    got = read_training_args(FIXTURES / run / "training_args.bin")
    assert got.cls.rsplit(".", 1)[-1] in ("TrainingArguments", "SFTConfig", "DPOConfig")
    keys = COMMON + METHOD.get(run, ())
    assert len(keys) >= 12
    for key in keys:
        assert got.fields[key] == shown[key], key
    scalars = {k: v for k, v in shown.items() if v != "<object>"}
    assert len(scalars) > 100
    assert {k: got.fields[k] for k in scalars} == scalars  # every top-level scalar, enum and list field
    assert got.fields["distributed_state"]["distributed_type"] == "NO"
    assert got.fields["_setup_devices"] == "cpu"  # torch.device('cpu'), rebuilt without torch


@pytest.mark.parametrize("run", TRAINING_ARG_RUNS)
def test_card_hyperparameters_come_from_training_args_bin(run):
    shown = disassembled(pickle_bytes(run))
    hyper = read_trainer_dir(FIXTURES / run).data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == shown["learning_rate"]
    assert hyper["train_batch_size"] == shown["per_device_train_batch_size"]  # no GPU: times max(1, 0)
    assert hyper["eval_batch_size"] == shown["per_device_eval_batch_size"]
    assert hyper["seed"] == shown["seed"]
    assert hyper["optimizer"] == (f"{shown['optim']} with betas=({shown['adam_beta1']},{shown['adam_beta2']}) "
                                  f"and epsilon={shown['adam_epsilon']}")
    assert hyper["lr_scheduler_type"] == shown["lr_scheduler_type"]
    assert hyper["lr_scheduler_warmup_steps"] == shown["warmup_steps"]
    assert hyper["training_steps"] == shown["max_steps"] and "num_epochs" not in hyper
    assert hyper["max_grad_norm"] == shown["max_grad_norm"]
    assert ("mixed_precision_training" in hyper) == (shown["bf16"] or shown["fp16"])
    assert ("gradient_accumulation_steps" in hyper) == (shown["gradient_accumulation_steps"] > 1)
    assert "distributed_type" not in hyper and "num_devices" not in hyper and "total_train_batch_size" not in hyper
    if run == "trl_dpo":
        assert hyper["beta"] == shown["beta"] == 0.1
        assert hyper["loss_type"] == ", ".join(shown["loss_type"]) and hyper["max_length"] == shown["max_length"]
    if run in ("trl_sft", "peft_lora"):
        assert hyper["max_length"] == shown["max_length"] and hyper["packing"] is shown["packing"]
    if run == "peft_lora":
        config = json.loads((FIXTURES / run / "adapter_config.json").read_text())
        assert hyper["lora_r"] == config["r"] and hyper["lora_alpha"] == config["lora_alpha"]


def test_transformers_hyperparameters_are_all_in_our_list():
    """Every hyperparameter transformers' own card lists, with the same value (optimizer text aside)."""
    for run in ("trainer_sft", "trainer_multi_eval"):
        readme = (FIXTURES / run / "README.md").read_text()
        block = readme.split("The following hyperparameters were used during training:\n", 1)[1].split("\n\n")[0]
        theirs = dict(line[2:].split(": ", 1) for line in block.splitlines())
        ours = read_trainer_dir(FIXTURES / run).data["training"]["hyperparameters"]
        for key, value in theirs.items():
            assert key in ours, key
            if key != "optimizer":
                assert str(ours[key]) == value, key


def test_hyperparameters_of_a_distributed_run():
    args = {"learning_rate": 2e-5, "per_device_train_batch_size": 8, "per_device_eval_batch_size": 4, "seed": 1,
            "gradient_accumulation_steps": 2, "optim": "sgd", "optim_args": "momentum=0.9",
            "lr_scheduler_type": "linear", "warmup_steps": 0, "max_steps": -1, "num_train_epochs": 2.0,
            "fp16": True, "bf16": False, "label_smoothing_factor": 0.1, "fsdp": ["full_shard", "auto_wrap"],
            "_n_gpu": 1, "distributed_state": {"distributed_type": "MULTI_GPU", "num_processes": 4}}
    assert hyperparameters(args) == {
        "learning_rate": 2e-5, "train_batch_size": 8, "eval_batch_size": 4, "seed": 1,
        "distributed_type": "multi-GPU", "num_devices": 4, "gradient_accumulation_steps": 2,
        "total_train_batch_size": 64, "total_eval_batch_size": 16, "optimizer": "sgd and optimizer_args=momentum=0.9",
        "lr_scheduler_type": "linear", "num_epochs": 2.0, "mixed_precision_training": "Native AMP",
        "label_smoothing_factor": 0.1, "fsdp": "full_shard, auto_wrap"}


def test_json_training_args_are_still_read(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run, ignore=shutil.ignore_patterns("checkpoint-*", "*.bin"))
    (run / "training_args.json").write_text(json.dumps({"learning_rate": 5e-7, "per_device_train_batch_size": 4,
                                                        "gradient_accumulation_steps": 4, "max_steps": -1,
                                                        "num_train_epochs": 3, "lr_scheduler_type": "cosine"}))
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == 5e-7 and hyper["total_train_batch_size"] == 16 and hyper["num_epochs"] == 3


def test_bin_wins_over_a_json_dump_that_disagrees(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trl_dpo", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    (run / "training_args.json").write_text('{"hub_model_id": "acme/tiny-dpo", "learning_rate": 5e-07}')
    result = read_trainer_dir(run)
    assert result.data["training"]["hyperparameters"]["learning_rate"] == disassembled(pickle_bytes("trl_dpo"))[
        "learning_rate"]
    assert result.data["model"]["repo_id"] == "acme/tiny-dpo"  # the .bin has hub_model_id None
    assert [w.code for w in result.warnings if "learning_rate" in w.message] == ["conflicting-values"]


def test_hub_model_id_is_the_repo_id_whatever_folder_of_that_name_is_here(tmp_path, monkeypatch):
    """hub_model_id names the repo the Trainer pushed to, never a path it read: a folder of that name where we run (an
    output_dir named as the repo, acme/tiny-dpo) made it 'a local path' and the records held no repo id."""
    run = tmp_path / "acme" / "tiny-dpo"
    shutil.copytree(FIXTURES / "trl_dpo", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    (run / "training_args.json").write_text('{"hub_model_id": "acme/tiny-dpo"}')
    monkeypatch.chdir(tmp_path)
    assert read_trainer_dir(Path("acme/tiny-dpo")).data["model"]["repo_id"] == "acme/tiny-dpo"


def test_a_json_dump_of_what_the_launch_set_is_no_disagreement_on_what_it_leaves_out(tmp_path):
    """Firefly's train_args.json (a real one, tests/trainer_shapes/ORIGINS.txt) holds the settings the launch gave, not
    the device count or Adam's betas: read alone it makes the total batch size one process's (128) and the optimizer
    line betas-less, which warned that training_args.bin (2 processes: 256) disagreed on both. A value it does state
    otherwise is still a disagreement."""
    run = Path(__file__).resolve().parent / "trainer_shapes" / "firefly_train_args_2024"
    result = read_trainer_dir(run)
    hyper = result.data["training"]["hyperparameters"]
    assert hyper["total_train_batch_size"] == 256 and hyper["optimizer"].startswith("paged_adamw_32bit with betas")
    assert [w for w in result.warnings if w.code == "conflicting-values"] == []
    shutil.copytree(run, tmp_path / "run")
    dumped = json.loads((run / "train_args.json").read_text())
    (tmp_path / "run" / "train_args.json").write_text(json.dumps({**dumped, "gradient_accumulation_steps": 8}))
    (warned,) = [w for w in read_trainer_dir(tmp_path / "run").warnings if w.code == "conflicting-values"]
    assert warned.message.startswith("gradient_accumulation_steps, total_train_batch_size differ from training_args")


# ---------------------------------------------------------------------------- other pickle shapes


def test_bare_pickle_and_legacy_torch_save_are_read(tmp_path):
    data = pickle_bytes("trl_dpo")
    zipped = read_training_args(FIXTURES / "trl_dpo" / "training_args.bin")
    bare = tmp_path / "bare.bin"
    bare.write_bytes(data)
    assert read_training_args(bare) == zipped
    legacy = tmp_path / "legacy.bin"  # torch.save(..., _use_new_zipfile_serialization=False)
    legacy.write_bytes(pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(1001, protocol=2)
                       + pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2) + data
                       + pickle.dumps([], protocol=2))
    assert read_training_args(legacy) == zipped
    plain = tmp_path / "dict.bin"
    plain.write_bytes(pickle.dumps({"learning_rate": 0.5, "betas": (0.9, 0.99), "tags": {"x"}}, protocol=4))
    assert read_training_args(plain).fields == {"learning_rate": 0.5, "betas": [0.9, 0.99], "tags": ["x"]}


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_every_pickle_protocol_is_read_without_importing_the_class(tmp_path, monkeypatch, protocol):
    module = type(sys)("fake_transformers_args")

    class TrainingArguments:
        def __init__(self) -> None:
            self.learning_rate, self.seed, self.optim = 0.5, 3, "sgd"

    TrainingArguments.__module__ = module.__name__
    TrainingArguments.__qualname__ = "TrainingArguments"
    module.TrainingArguments = TrainingArguments
    monkeypatch.setitem(sys.modules, module.__name__, module)
    data = pickle.dumps(TrainingArguments(), protocol=protocol)
    monkeypatch.delitem(sys.modules, module.__name__)
    path = tmp_path / "training_args.bin"
    path.write_bytes(data)
    got = read_training_args(path)
    assert got == type(got)(cls="fake_transformers_args.TrainingArguments",
                            fields={"learning_rate": 0.5, "seed": 3, "optim": "sgd"})
    assert module.__name__ not in sys.modules


def _global(module: str, name: str, *args: str) -> bytes:
    """Protocol-2 opcodes for ``module.name(*args)``."""
    out = b"\x80\x02c" + f"{module}\n{name}\n".encode() + b"("
    for arg in args:
        raw = arg.encode()
        out += b"X" + struct.pack("<I", len(raw)) + raw
    return out + b"tR"


def _args_pickle(value: bytes) -> bytes:
    """A TrainingArguments-shaped pickle whose ``report_to`` field is ``value`` (opcodes without PROTO/STOP)."""
    head = b"\x80\x02ctransformers.training_args\nTrainingArguments\n)\x81}(X\r\x00\x00\x00learning_rate"
    return head + struct.pack(">Bd", ord("G"), 0.001) + b"X\t\x00\x00\x00report_to" + value[2:] + b"ub."


def test_unknown_globals_are_rebuilt_as_data_and_nothing_is_imported(tmp_path, monkeypatch):
    marker = tmp_path / "imported"
    (tmp_path / "sideeffect_mod.py").write_text(f"open({str(marker)!r}, 'w').close()\ndef run(*a): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path = tmp_path / "training_args.bin"
    path.write_bytes(_args_pickle(_global("sideeffect_mod", "run", "x")))
    got = read_training_args(path)
    assert got.cls == "transformers.training_args.TrainingArguments" and got.fields["learning_rate"] == 0.001
    assert got.fields["report_to"] == {"__call__": "sideeffect_mod.run", "args": ["x"]}
    assert not marker.exists() and "sideeffect_mod" not in sys.modules


class _Evil:
    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        import os

        return (os.system, (self.command,))


@pytest.mark.parametrize("wrap", ["bare", "torch-zip", "inside-args"])
def test_a_pickle_that_would_run_a_command_is_refused(tmp_path, wrap):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Evil(f"touch {marker}"), protocol=2)
    assert b"system" in payload
    path = tmp_path / "training_args.bin"
    if wrap == "bare":
        path.write_bytes(pickle.dumps(_Evil(f"touch {marker}")))  # default protocol: STACK_GLOBAL
    elif wrap == "torch-zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("training_args/data.pkl", payload)
            archive.writestr("training_args/version", "3\n")
    else:
        path.write_bytes(_args_pickle(payload[:-1]))
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    problem = exc.value.problems[0]
    assert problem.code == "unsafe-pickle" and problem.file == str(path) and str(path) in str(exc.value)
    assert "system" in problem.message
    assert not marker.exists()
    # the card is refused too: the folder holds a file that runs a command when loaded
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    shutil.copy(path, run / "training_args.bin")
    with pytest.raises(InputError) as exc:
        ingest(trainer_dir=run, repo_id="a/b")
    assert exc.value.problems[0].code == "unsafe-pickle" and "training_args.bin" in exc.value.problems[0].file
    assert not marker.exists()


@pytest.mark.parametrize("module, name", [("builtins", "eval"), ("__builtin__", "exec"), ("subprocess", "Popen"),
                                          ("subprocess", "check_output"), ("posix", "system"), ("nt", "system"),
                                          ("os", "execv"), ("builtins", "__import__"), ("importlib", "import_module"),
                                          ("builtins", "getattr_not_allowed"), ("torch.hub", "load")])
def test_code_running_globals_are_refused(tmp_path, module, name):
    path = tmp_path / "training_args.bin"
    path.write_bytes(_args_pickle(_global(module, name, "print(1)")))
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    assert exc.value.problems[0].code == "unsafe-pickle" and f".{name}" in exc.value.problems[0].message


def test_extension_codes_are_refused(tmp_path):
    """EXT opcodes are answered from a process-wide cache of real objects, past find_class."""
    import collections
    import copyreg

    copyreg.add_extension("collections", "OrderedDict", 0x7A)
    try:
        data = pickle.dumps(collections.OrderedDict, protocol=2)
        assert pickle.loads(data) is collections.OrderedDict  # the cache now holds the real class
    finally:
        copyreg.remove_extension("collections", "OrderedDict", 0x7A)
    assert b"\x82\x7a" in data  # EXT1 0x7A
    path = tmp_path / "training_args.bin"
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    assert exc.value.problems[0].code == "unsafe-pickle"


def test_objects_of_unknown_classes_keep_their_state(tmp_path):
    path = tmp_path / "training_args.bin"
    # transformers.X(1) then BUILD {"k": 2}: a __reduce__ with args and state
    path.write_bytes(_args_pickle(b"\x80\x02ctransformers\nX\nK\x01\x85R}X\x01\x00\x00\x00kK\x02sb"))
    assert read_training_args(path).fields["report_to"] == {"__call__": "transformers.X", "args": [1],
                                                            "state": {"k": 2}}


def test_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "training_args.bin"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as exc:
        read_training_args(fifo)
    assert exc.value.problems[0].code == "unreadable-training-args"


def test_oversized_values_are_not_kept(tmp_path):
    path = tmp_path / "training_args.bin"
    path.write_bytes(pickle.dumps({"seed": 10 ** 400, "run_name": "x" * 200_000, "learning_rate": 0.1}, protocol=2))
    fields = read_training_args(path).fields
    assert fields["seed"].startswith("<int of") and fields["run_name"] == "<string of 200000 characters>"
    assert hyperparameters(fields) == {"learning_rate": 0.1}


# ---------------------------------------------------------------------------- damaged training_args.bin


def _zipped(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("training_args/data.pkl", data)
    return out.getvalue()


DAMAGE = {
    "truncated-zip": lambda raw: raw[: len(raw) // 2],
    "garbage": lambda raw: b"\x00garbage\xff" * 50,
    # (an empty file is not damaged but empty: test_an_empty_training_args_bin_with_no_copy_elsewhere_is_said_to_be_empty)
    "truncated-pickle": lambda raw: pickle_bytes("trl_dpo")[:1000],
    "zip-with-truncated-pickle": lambda raw: _zipped(pickle_bytes("trl_dpo")[:-40]),
    "not-training-args": lambda raw: pickle.dumps([1, 2, 3], protocol=2),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_training_args_bin_is_a_warning_not_a_blocker(tmp_path, kind):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trl_dpo", run, ignore=shutil.ignore_patterns("checkpoint-*"))
    raw = (run / "training_args.bin").read_bytes()
    (run / "training_args.bin").write_bytes(DAMAGE[kind](raw))
    with pytest.raises(InputError) as exc:
        read_training_args(run / "training_args.bin")
    assert exc.value.problems[0].code == "unreadable-training-args"
    result = build_card(trainer_dir=run, repo_id="acme/tiny")
    warned = [w for w in result.warnings if w.code == "unreadable-training-args"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "- train_batch_size: 8" in result.text  # from trainer_state.json
    assert "learning_rate" not in result.text


def test_a_pickle_bomb_is_damaged_not_a_hang(tmp_path):
    # 40 lists, each holding the previous one 10 times: 10**40 values if expanded
    data = b"\x80\x02]q\x00"  # EMPTY_LIST, BINPUT 0
    for level in range(1, 41):
        data += b"(" + (b"h" + bytes([level - 1])) * 10 + b"lq" + bytes([level])  # MARK, 10x BINGET, LIST, BINPUT
    path = tmp_path / "training_args.bin"
    path.write_bytes(data + b".")
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    assert exc.value.problems[0].code == "unreadable-training-args"


def test_deep_nesting_is_refused_before_it_can_crash_the_interpreter(tmp_path):
    # a tuple nested two million deep as a dict key: hashing it overflows the C stack (a segfault)
    path = tmp_path / "training_args.bin"
    path.write_bytes(b"\x80\x02})" + b"\x85" * 2_000_000 + b"K\x01s.")
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    assert exc.value.problems[0].code == "unreadable-training-args" and "nest" in exc.value.problems[0].message


def test_too_many_distinct_globals_are_damaged(tmp_path):
    path = tmp_path / "training_args.bin"
    path.write_bytes(b"\x80\x02(" + b"".join(f"cm{i}\nC\n".encode() for i in range(3000)) + b"l.")
    with pytest.raises(InputError) as exc:
        read_training_args(path)
    assert exc.value.problems[0].code == "unreadable-training-args"


# ---------------------------------------------------------------------------- the command line


def test_build_from_the_dpo_run_renders_and_validates(tmp_path):
    out = tmp_path / "out" / "README.md"
    out.parent.mkdir()
    run = [sys.executable, "-m", "generator"]
    built = subprocess.run(run + ["build", "--trainer-dir", str(FIXTURES / "trl_dpo"), "--repo-id", "org/m",
                                  "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    text = out.read_text()
    shown = disassembled(pickle_bytes("trl_dpo"))
    assert f"- beta: {shown['beta']}\n" in text and f"- learning_rate: {shown['learning_rate']}\n" in text
    assert "| Rewards/chosen" in text
    checked = subprocess.run(run + ["validate", str(out)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_best_metric_is_named_by_the_arguments_metric_for_best_model(tmp_path):
    """trainer_state.json's best_metric is the value of the arguments' metric_for_best_model ("loss" is read by the
    Trainer as eval_loss): the card names it; without the arguments it stays "Best metric"."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    state = state_of("trainer_sft")
    state.update(best_metric=0.75, best_model_checkpoint=str(run / "checkpoint-30"))
    (run / "trainer_state.json").write_text(json.dumps(state))
    (run / "training_args.json").write_text(json.dumps({"metric_for_best_model": "loss"}))
    stats = read_trainer_dir(run).data["training"]["statistics"]
    assert stats["Best metric (eval_loss)"] == 0.75 and "Best metric" not in stats
    assert stats["Best checkpoint"] == "checkpoint-30"
    (run / "training_args.json").write_text(json.dumps({"metric_for_best_model": "eval_accuracy"}))
    assert read_trainer_dir(run).data["training"]["statistics"]["Best metric (eval_accuracy)"] == 0.75
    (run / "training_args.json").unlink()
    (run / "training_args.bin").unlink()
    assert read_trainer_dir(run).data["training"]["statistics"]["Best metric"] == 0.75


@pytest.mark.parametrize("drop_old_name", [False, True])
def test_activation_checkpointing_is_shown_as_gradient_checkpointing(drop_old_name):
    """transformers 5.24 pickles ``activation_checkpointing`` beside its deprecated alias ``gradient_checkpointing``
    (removed in v6): a run with it on lists ``gradient_checkpointing: true`` under either spelling."""
    fields = dict(read_training_args(FIXTURES / "versions/trainer/transformers-5.24.0/training_args.bin").fields)
    assert fields["activation_checkpointing"] is False and fields["gradient_checkpointing"] is False
    assert "gradient_checkpointing" not in hyperparameters(fields)
    fields["activation_checkpointing"] = True
    if drop_old_name:
        del fields["gradient_checkpointing"]
    else:
        fields["gradient_checkpointing"] = True  # 5.24 mirrors the new name into the old one
    assert hyperparameters(fields)["gradient_checkpointing"] is True


# ---------------------------------------------------------------------------- the trainer's README without the log

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


def test_a_folder_holding_only_the_trainers_readme_is_read_from_it(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    training = read_trainer_dir(folder).data["training"]
    assert training["results"] == [
        {"training_loss": None, "epoch": 1.0, "step": 25, "validation_loss": 0.5312, "metrics": {"Accuracy": 0.75},
         "text": {"epoch": "1.0", "Accuracy": "0.7500"}},  # the cells as the Trainer wrote them
        {"training_loss": 0.5821, "epoch": 2.0, "step": 50, "validation_loss": 0.4187, "metrics": {"Accuracy": 0.8125},
         "text": {"epoch": "2.0"}}]
    assert training["eval_results"] == {"Loss": 0.4187, "Accuracy": 0.8125}
    assert training["hyperparameters"]["learning_rate"] == 2e-05
    assert training["framework_versions"]["Transformers"] == "4.16.2"
    (folder / "README.md").write_text("# My model\n\nSome text.\n")  # no Trainer wrote this one: still refused
    with pytest.raises(InputError) as caught:
        read_trainer_dir(folder)
    assert caught.value.problems[0].code == "no-trainer-files"


@pytest.mark.parametrize("tags, kept", [("3", None), (".nan", None), ("{a: 1}", None), ("true", None),
                                         ("generated_from_trainer", ["generated_from_trainer"])])
def test_a_trainers_readme_whose_tags_are_no_list_is_read(tmp_path, tags, kept):
    """`tags: 3` in the trainer's README (a hand edit) stopped the build with an internal error (TypeError: 'int' object
    is not iterable), and one tag written as a string was read as its letters: the tags are read as a card's are
    (sources.common.as_list), one string a list of it, anything else left out with the card import's warning."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("tags:\n- generated_from_trainer\n", f"tags: {tags}\n", 1))
    got = read_trainer_dir(folder)
    assert got.data["model"].get("tags") == kept
    assert [w.path for w in got.warnings if "must be a list of strings" in w.message] == ([] if kept else ["README.md: tags"])


def test_a_checkpoint_folder_whose_step_is_no_decimal_number_is_not_one(tmp_path):
    """`checkpoint-²` (str.isdigit takes '²', int refuses it) stopped the build with an internal error; only
    checkpoint-N folders of decimal digits are checkpoints (trainer_log.checkpoint_step, their one reader)."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    (folder / "checkpoint-²").mkdir()
    (folder / "checkpoint-²" / "trainer_state.json").write_text('{"log_history": [], "global_step": 2}')
    got = read_trainer_dir(folder)
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 2e-05
    assert not [w for w in got.warnings if "checkpoint" in w.message]


def test_a_readme_only_runs_table_of_nan_validation_losses_is_kept_as_the_trainer_wrote_it(tmp_path):
    # a diverged run's card: "nan" in the Validation Loss column, which the records cannot hold (the card importer
    # keeps such a table as text); the final list's nan loss is named in a warning
    read = read_trainer_dir(SHAPES / "diverged_readme_only_4.19")
    assert "results" not in read.data["training"]
    assert read.data["training"]["eval_results"] == {"Bleu": 0.0003, "Gen Len": 412.0}
    assert [(w.path, w.code, w.message) for w in read.warnings] == [
        ("README.md", "not-finite", "the final result 'Loss' is 'nan', not a finite number; left out")]
    card = build_card(trainer_dir=SHAPES / "diverged_readme_only_4.19", repo_id="acme/run", output=tmp_path / "c.md")
    assert "| No log        | 3.0   | 60   | nan             | 0.0003 | 412.0   |\n" in card.text
    report = validate_card(tmp_path / "c.md")
    assert report.ok and not report.warnings, [str(p) for p in report.problems + report.warnings]


def test_a_readme_only_runs_two_results_tables_stay_two_tables(tmp_path):
    folder = SHAPES / "two_results_tables_readme_only_4.21"
    [section] = [s for s in read_trainer_dir(folder).data["sections"] if s["title"] == "Training results"]
    first, second = section["content"].split("\n\n")
    assert first.startswith("| Training Loss | Epoch | Step  | Cls loss |") and first.count("\n") == 4
    assert second.startswith("| Training Loss | Epoch | Step  | Validation Loss |") and second.count("\n") == 5
    card = build_card(trainer_dir=folder, repo_id="acme/run", output=tmp_path / "c.md")
    assert "|\n\n| Training Loss | Epoch | Step  | Validation Loss |" in card.text


def test_the_readmes_results_fill_in_only_what_the_log_does_not_give(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    (folder / "all_results.json").write_text(json.dumps({"eval_loss": 0.4, "eval_accuracy": 0.81, "epoch": 2.0}))
    training = read_trainer_dir(folder).data["training"]
    assert training["eval_results"] == {"Loss": 0.4, "Accuracy": 0.81}  # the run's own file wins
    assert [row["step"] for row in training["results"]] == [25, 50]  # no log: the README's table
    write_state(folder, [{"loss": 0.7, "step": 10, "epoch": 0.4}, {"eval_loss": 0.6, "step": 10, "epoch": 0.4}])
    training = read_trainer_dir(folder).data["training"]
    assert [row["step"] for row in training["results"]] == [10]  # the log wins over the README


def test_build_from_the_trainers_readme_alone_keeps_its_table_and_validates(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    build_card(trainer_dir=folder, repo_id="acme/tiny-sentiment", output=tmp_path / "card.md")
    text = (tmp_path / "card.md").read_text()
    assert "| No log        | 1.0   | 25   | 0.5312          | 0.7500   |" in text  # as the Trainer wrote it
    assert "- Accuracy: 0.8125" in text and "base_model: distilbert-base-uncased" in text
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--strict", str(tmp_path / "card.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_keras_callback_card_gives_its_epoch_table_and_tensorflow_version(tmp_path):
    training = read_trainer_dir(SHAPES / "keras_callback_4.21").data["training"]
    assert training["framework_versions"]["TensorFlow"] == "2.8.2"
    assert training["results"] == [{"training_loss": 3.5, "validation_loss": 3.25, "epoch": 0},
                                   {"training_loss": 2.8125, "validation_loss": 3.0625, "epoch": 1}]
    build_card(trainer_dir=SHAPES / "keras_callback_4.21", repo_id="acme/tiny-keras", output=tmp_path / "card.md")
    text = (tmp_path / "card.md").read_text()
    assert "| 2.8125        | 1     | -    | 3.0625          |" in text and "- TensorFlow 2.8.2" in text


POINTER = ("version https://git-lfs.github.com/spec/v1\n"
           "oid sha256:d4d4d14262c9f0e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819\nsize 1834\n")


def test_a_json_file_kept_in_git_lfs_is_named_and_the_rest_is_read(tmp_path):
    # a repository whose .gitattributes puts *.json in LFS, cloned without its LFS content
    (tmp_path / "trainer_state.json").write_text(POINTER)
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                                                      "transformers_version": "4.46.3"}))
    read = read_trainer_dir(tmp_path)
    assert [(w.path, w.code) for w in read.warnings] == [("trainer_state.json", "lfs-pointer"),
                                                         ("", "title-from-folder")]
    assert read.data["training"]["framework_versions"] == {"Transformers": "4.46.3"}


def test_a_training_args_bin_that_is_an_lfs_pointer_has_the_pointer_code_not_the_damaged_one(tmp_path):
    (tmp_path / "training_args.bin").write_text(POINTER)
    with pytest.raises(InputError) as caught:
        read_training_args(tmp_path / "training_args.bin", "run/training_args.bin")
    assert [(p.file, p.code) for p in caught.value.problems] == [("run/training_args.bin", "lfs-pointer")]
    assert "git lfs pull" in caught.value.problems[0].fix
    (tmp_path / "training_args.bin").write_bytes(b"version 2 of nothing")  # damaged, not a pointer
    with pytest.raises(InputError) as caught:
        read_training_args(tmp_path / "training_args.bin")
    assert [p.code for p in caught.value.problems] == ["unreadable-training-args"]


def test_top_files_that_are_lfs_pointers_fall_back_to_the_last_checkpoints_copies(tmp_path):
    # a Hub repo cloned without its LFS content, whose checkpoint-N/ files were committed as plain git objects
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    real = read_trainer_dir(FIXTURES / "trainer_sft").data["training"]
    step = json.loads((run / "trainer_state.json").read_text())["global_step"]
    checkpoint = run / f"checkpoint-{step}"
    checkpoint.mkdir(exist_ok=True)
    for name in ("trainer_state.json", "training_args.bin"):
        shutil.copy(run / name, checkpoint / name)
        (run / name).write_text(POINTER)
    read = read_trainer_dir(run)
    fallbacks = [w for w in read.warnings if w.code == "lfs-pointer-fallback"]
    assert sorted(w.path for w in fallbacks) == ["trainer_state.json", "training_args.bin"]
    assert all(f"checkpoint-{step}/{w.path}" in w.message and "Git LFS pointer" in w.message for w in fallbacks)
    assert not [w for w in read.warnings if w.code in ("lfs-pointer", "state-in-checkpoint")]
    training = read.data["training"]
    assert training["hyperparameters"] == real["hyperparameters"] and training["results"] == real["results"]
    # a copy that is a pointer too: the top's pointer is named, as before
    (checkpoint / "training_args.bin").write_text(POINTER)
    read = read_trainer_dir(run)
    assert [w.path for w in read.warnings if w.code == "lfs-pointer-fallback"] == ["trainer_state.json"]
    assert [w.path for w in read.warnings if w.code == "lfs-pointer"] == ["training_args.bin"]


def test_emptied_top_files_fall_back_to_the_last_checkpoints_copies(tmp_path):
    """Priestley72/CN-HSD models/LoRA-epoch8-best (a LLaMA-Factory run, transformers 4.52): trainer_state.json,
    training_args.bin, all_results.json and train_results.json committed at 0 bytes beside real checkpoint-N/ copies.
    The card was refused (trainer_state.json: invalid JSON); now each empty file is named, the checkpoint's copies
    read, and the empty results files left out."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    real = read_trainer_dir(FIXTURES / "trainer_sft").data["training"]
    checkpoint = run / f"checkpoint-{json.loads((run / 'trainer_state.json').read_text())['global_step']}"
    for name in ("trainer_state.json", "training_args.bin"):
        shutil.copy(run / name, checkpoint / name)
    for name in ("trainer_state.json", "training_args.bin", "all_results.json", "train_results.json"):
        (run / name).write_bytes(b"")
    read = read_trainer_dir(run)
    assert sorted(w.path for w in read.warnings if w.code == "empty-file-fallback") == ["trainer_state.json",
                                                                                      "training_args.bin"]
    assert sorted(w.path for w in read.warnings if w.code == "empty-file") == ["all_results.json",
                                                                             "train_results.json"]
    training = read.data["training"]
    assert training["hyperparameters"] == real["hyperparameters"] and training["results"] == real["results"]
    shutil.rmtree(checkpoint)  # no copy to read: the empty arguments are named as empty, as the results files are
    assert sorted(w.path for w in read_trainer_dir(run).warnings if w.code == "empty-file") == [
        "all_results.json", "train_results.json", "trainer_state.json", "training_args.bin"]


def test_an_empty_training_args_bin_with_no_copy_elsewhere_is_said_to_be_empty(tmp_path):
    """brokolifha/Comment-Analysis-Using-Transformer-Models committed its run as checkpoints whose training_args.bin is
    0 bytes: said to be empty (0 bytes), as the run's other empty files are, where it was 'not a readable torch.save
    pickle (ValueError: no pickle in it)'; the card is built from the state."""
    read = read_trainer_dir(SHAPES / "empty_args_in_checkpoint_4.47")
    said = [w for w in read.warnings if w.path == "checkpoint-1470/training_args.bin"]
    assert [(w.code, w.message) for w in said] == [("empty-file", "is empty (0 bytes), not the file itself")]
    assert said[0].fix == ("commit the real training_args.bin, or remove the empty file; until then hyperparameters "
                           "are taken from the other files")
    assert read.data["training"]["hyperparameters"] == {"train_batch_size": 16, "num_epochs": 5}  # the state's
    built = build_card(trainer_dir=SHAPES / "empty_args_in_checkpoint_4.47", output=tmp_path / "README.md")
    assert [w.severity for w in built.warnings if w.code == "empty-file"] == ["warning"]
    assert "| 0.7018          |" in built.text and validate_card(tmp_path / "README.md").ok


def test_a_checkpoints_file_read_in_the_tops_place_is_named_by_its_path_in_the_run():
    """A run committed as checkpoint-500/ alone, its training_args.bin a Git LFS pointer: the warning names
    checkpoint-500/training_args.bin, the file read, not a training_args.bin the folder does not hold."""
    read = read_trainer_dir(SHAPES / "args_pointer_in_checkpoint")
    assert [w.path for w in read.warnings if w.code == "lfs-pointer"] == ["checkpoint-500/training_args.bin"]
    assert read.data["model"]["details"]["Architecture"] == "T5ForConditionalGeneration"


def test_a_folder_of_lfs_pointers_only_is_refused_naming_each(tmp_path):
    for name in ("trainer_state.json", "config.json", "tokenizer_config.json", "training_args.bin"):
        (tmp_path / name).write_text(POINTER)
    with pytest.raises(InputError) as caught:
        read_trainer_dir(tmp_path)
    assert sorted(p.path for p in caught.value.problems) == ["config.json", "tokenizer_config.json",
                                                             "trainer_state.json", "training_args.bin"]
    assert all(p.severity == "error" and "git lfs pull" in p.fix for p in caught.value.problems)


def test_a_language_with_a_region_subtag_becomes_its_bare_code_and_builds(tmp_path):
    read = read_trainer_dir(SHAPES / "whisper_common_voice_4.26")
    model = read.data["model"]
    assert model["language"] == ["sv"] and model["metadata"]["language_bcp47"] == ["sv-SE"]
    assert [(w.code, w.path) for w in read.warnings if w.code.startswith("language")] == [
        ("language-read-as-code", "README.md")]  # as the card importer reads it: sources/card_languages.py
    build_card(trainer_dir=SHAPES / "whisper_common_voice_4.26", repo_id="acme/whisper-tiny-sv",
               output=tmp_path / "card.md")  # before: refused, the Hub rejects sv-SE in language
    assert "language:\n- sv\n" in (tmp_path / "card.md").read_text()


def test_a_language_pair_in_the_trainers_card_is_read_as_both_languages(tmp_path):
    """The Trainer's README reader bared `en-de` (a translation run's two languages) to `en`; it reads languages as the
    card importer does. Hand-edited: the real whisper_common_voice_4.26 README with its `sv-SE` replaced by a pair."""
    text = (SHAPES / "whisper_common_voice_4.26" / "README.md").read_text()
    (tmp_path / "README.md").write_text(text.replace("language:\n- sv-SE\n", "language:\n- en-de\n", 1))
    read = read_trainer_dir(tmp_path)
    assert read.data["model"]["language"] == ["en", "de"]
    assert "language_bcp47" not in read.data["model"].get("metadata", {})
    assert [(w.code, w.path) for w in read.warnings if w.code.startswith("language")] == [
        ("language-read-as-code", "README.md")]


def test_ingest_detects_a_folder_holding_only_the_trainers_readme_as_a_trainer_run():
    data = ingest(sources=[SHAPES / "readme_only_4.16"], repo_id="acme/tiny-sentiment").data
    assert data["training"]["eval_results"] == {"Loss": 0.4187, "Accuracy": 0.8125}
    assert len(data["training"]["results"]) == 2


def test_trl_quick_start_names_the_repo_and_pipeline_only_when_the_run_does_not(tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.15_readme_only", folder)
    model = read_trainer_dir(folder).data["model"]
    assert (model["repo_id"], model["pipeline_tag"]) == ("acme/smol-orpo", "text-generation")
    # a reward model: TRL's card has the same Quick start, config.json says what the model is
    (folder / "config.json").write_text(json.dumps({"architectures": ["LlamaForSequenceClassification"]}))
    assert read_trainer_dir(folder).data["model"]["pipeline_tag"] == "text-classification"


def test_trl_reward_quick_start_is_trls_own_not_a_persons_section(tmp_path):
    """TRL 0.24+'s reward card (rm_model_card.md) scores a text with `rewarder = pipeline(model=...)`: its repo id is
    read, no text-generation pipeline is made up, and the example is kept as TRL wrote it (the card generates no
    Quick start for a classifier); one of a run not pushed (model="None", AimeeAyat/ATML-PA5 and
    taehyun-me/NLP-2025-project) is dropped. Both were copied into the card as a person's "Quick start" section, the
    broken model="None" one included."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.25_reward_readme_only", folder)
    read = read_trainer_dir(folder).data
    assert read["model"]["repo_id"] == "acme/tiny-qwen-rm" and read["model"]["pipeline_tag"] == "text-classification"
    assert 'rewarder = pipeline(model="acme/tiny-qwen-rm"' in read["model"]["usage"] and "sections" not in read
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert card.count("## Quick start") == 1 and card.count("rewarder = pipeline(") == 1
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace('model="acme/tiny-qwen-rm"', 'model="None"'))
    (folder / "config.json").write_text(json.dumps({"architectures": ["Qwen3ForSequenceClassification"]}))
    read = read_trainer_dir(folder).data
    assert "usage" not in read["model"] and "sections" not in read and "repo_id" not in read["model"]
    card = build_card(trainer_dir=folder, repo_id="acme/rm", output=tmp_path / "card.md").text
    assert 'model="None"' not in card and read["model"]["pipeline_tag"] == "text-classification"


def test_a_trl_reward_card_alone_is_a_text_classifier_and_gets_the_reward_quick_start(tmp_path):
    """TRL 0.29's reward card of a run not pushed (rm_model_card.md, `rewarder = pipeline(model="None", ...)`),
    committed alone: its frontmatter names no pipeline, and with no config.json the card had neither a pipeline tag
    nor a Quick start (TRL's, naming model "None", is dropped), worse than TRL's own. RewardTrainer trains a sequence
    classifier (one label, the reward): its `reward-trainer` tag says text-classification, and the card scores a text
    as TRL's does, with the card's repo id."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.29_reward_readme_only", folder)
    read = read_trainer_dir(folder).data
    assert (read["model"]["pipeline_tag"], read["training"]["method"]) == ("text-classification", "reward")
    card = build_card(trainer_dir=folder, repo_id="acme/rm", output=tmp_path / "card.md").text
    assert "\npipeline_tag: text-classification\n" in card and 'model="None"' not in card
    assert 'rewarder = pipeline("text-classification", model="acme/rm"' in card
    assert 'function_to_apply="none"' in card and card.count("## Quick start") == 1
    # a pipeline the card names is kept
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("licence: license\n", "licence: license\npipeline_tag: "
                                                 "token-classification\n"))
    assert read_trainer_dir(folder).data["model"]["pipeline_tag"] == "token-classification"


def test_a_trl_adapter_card_naming_no_task_gets_the_quick_start_its_method_says(tmp_path):
    """TRL 0.22.2's SFT card of a LoRA of google/functiongemma-270m-it (library_name peft, no pipeline_tag: the
    adapter was saved without task_type, so PEFT wrote none) and TRL 0.25.1's RewardTrainer LoRA card, each committed
    alone and not pushed (model="None"): read as a card, or as a run folder's only file, neither got a Quick start,
    the first said "its metadata name no task". TRL's own Quick start says text-generation (an SFT adapter loads
    onto its base as a causal LM), the reward-trainer tag a one-label sequence classifier."""
    sft = SHAPES / "trl_0.22_sft_peft_no_task_readme_only" / "README.md"
    reward = SHAPES / "trl_0.25_reward_peft_readme_only" / "README.md"
    for shape, loader in ((sft, 'base_model = AutoModelForCausalLM.from_pretrained("google/functiongemma-270m-it", '
                                'device_map="auto")\nmodel = PeftModel.from_pretrained(base_model, "acme/lora")\n'),
                          (reward, 'base_model = AutoModelForSequenceClassification.from_pretrained('
                                   '"google/gemma-3-1b-it", num_labels=1, device_map="auto")\n')):
        folder = tmp_path / shape.parent.name
        folder.mkdir()
        shutil.copy(shape, folder / "README.md")
        for got in (build_card(sources=[shape], repo_id="acme/lora"), build_card(trainer_dir=folder, repo_id="acme/lora")):
            assert got.text.count("## Quick start") == 1 and loader in got.text and 'model="None"' not in got.text
            assert not [w for w in got.warnings if "name no task" in w.message]
    card = build_card(sources=[sft], repo_id="acme/lora").text
    assert "\npipeline_tag: text-generation\n" in card.split("\n---\n", 1)[0]


def test_a_trl_reward_adapter_card_alone_gets_the_quick_start_of_a_reward_adapter(tmp_path):
    """TRL 0.25.1's reward card of a LoRA of google/gemma-3-1b-it (library_name peft, not pushed: model="None"),
    committed alone: the card had no Quick start (TRL's, broken, dropped; a classifier adapter got none). A reward
    adapter loads onto its base as AutoModelForSequenceClassification with one label and scores a text; the card
    reads back with the same Quick start."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.25_reward_peft_readme_only", folder)
    card = build_card(trainer_dir=folder, repo_id="acme/rm", output=tmp_path / "README.md").text
    section = card.split("## Quick start", 1)[1].split("<!--", 1)[0]
    assert "\npipeline_tag: text-classification\n" in card and 'model="None"' not in card
    assert ('base_model = AutoModelForSequenceClassification.from_pretrained("google/gemma-3-1b-it", num_labels=1, '
            'device_map="auto")\nmodel = PeftModel.from_pretrained(base_model, "acme/rm")\n') in section
    assert "print(model(**inputs).logits[0, 0].item())" in section
    again = build_card(sources=[tmp_path / "README.md"], repo_id="acme/rm").text
    assert again.split("## Quick start", 1)[1].split("<!--", 1)[0] == section
    # TRL 1.16's reward LoRA (fixtures) of a base loaded from a local folder: AutoPeftModel would load the base from
    # the path its config names, which only the machine that trained it has: no Quick start until the base is named
    run = FIXTURES / "versions" / "trainer" / "trl-1.16.0-reward-peft"
    assert "## Quick start" not in build_card(trainer_dir=run, repo_id="acme/rm").text
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  base_model: google/gemma-3-1b-it\n")
    card = build_card(trainer_dir=run, records=[records], repo_id="acme/rm", output=tmp_path / "peft.md").text
    section = card.split("## Quick start", 1)[1].split("<!--", 1)[0]
    assert ('base_model = AutoModelForSequenceClassification.from_pretrained("google/gemma-3-1b-it", num_labels=1, '
            'device_map="auto")\n') in section and "print(model(**inputs).logits[0, 0].item())" in section
    again = build_card(sources=[tmp_path / "peft.md"], repo_id="acme/rm").text
    assert again.split("## Quick start", 1)[1].split("<!--", 1)[0] == section


def test_a_trl_card_alone_whose_base_model_is_a_local_folder_says_it_is_left_out(tmp_path):
    """TRL 1.10's KTO card of a LoRA of /root/models/Qwen3.8-27B, committed alone: its base_model (and PEFT's tag of
    it) is a local folder, no Hub model; the base was left out without a word (the tag's warning defers to the
    base_model's, and only adapter_config.json's was given). Now one not-a-hub-id warning names it; beside
    adapter_config.json naming the same path, only the adapter's is given, as before. KTO is named and cited."""
    shape = SHAPES / "trl_1.10_kto_local_base_readme_only"
    read = read_trainer_dir(shape)
    assert "base_model" not in read.data["model"] and read.data["training"]["method"] == "kto"
    assert not any(t.startswith("base_model:") for t in read.data["model"]["tags"])
    assert [(w.path, w.message) for w in ingest(trainer_dir=shape).warnings if w.code == "not-a-hub-id"] == [
        ("$.base_model", "'/root/models/Qwen3.8-27B' is a local path, not a Hub id: the trainer's card names it as its "
                         "base model; left out; unless the records name the base's Hub id, the card has no Quick "
                         "start, as PEFT would load the base from that path")]
    card = build_card(trainer_dir=shape, repo_id="acme/kto").text
    assert "/root/models" not in card and "Cite KTO as:" in card and "@article{ethayarajh2024kto," in card
    assert "## Quick start" not in card
    folder = tmp_path / "run"
    shutil.copytree(shape, folder)
    (folder / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "/root/models/Qwen3.8-27B",
                                                            "peft_type": "LORA", "task_type": "CAUSAL_LM"}))
    assert [w.path for w in read_trainer_dir(folder).warnings if w.code == "not-a-hub-id"] == [
        "$.base_model_name_or_path"]


def test_a_trl_card_alone_naming_a_local_base_only_in_peft_s_tag_gets_no_quick_start(tmp_path):
    """TRL 0.26's card of an OPSD LoRA, committed without adapter_config.json: `base_model: ''` and PEFT's tag
    base_model:adapter:/root/autodl-tmp/... name the base by a local path alone. Its AutoPeftModel Quick start would
    load the base from that path, as an adapter_config.json naming a local base would: none, as for that file, with
    the same warning, until the records name the base's Hub id."""
    shape = SHAPES / "trl_0.26_opsd_local_base_tag_readme_only"
    read = read_trainer_dir(shape)
    assert read.local_base and "base_model" not in read.data["model"]
    (warned,) = [w for w in ingest(trainer_dir=shape).warnings if w.code == "not-a-hub-id"]
    assert warned.message.startswith("tag 'base_model:adapter:/root/autodl-tmp/models/Qwen2.5-VL-3B-Instruct' of ")
    assert "unless the records name the base's Hub id, the card has no Quick start" in warned.message
    assert "remove its model.usage: false too" in warned.fix
    assert "## Quick start" not in build_card(trainer_dir=shape, repo_id="acme/opsd").text
    assert ingest(trainer_dir=shape, repo_id="acme/opsd").data["model"]["usage"] is False
    records = tmp_path / "records.yaml"
    records.write_text("model:\n  base_model: Qwen/Qwen2.5-VL-3B-Instruct\n")
    card = build_card(trainer_dir=shape, records=[records], repo_id="acme/opsd").text
    assert "## Quick start" in card and '"Qwen/Qwen2.5-VL-3B-Instruct"' in card


def test_a_trainer_card_dataset_that_is_no_hub_id_is_named_not_dropped_silently(tmp_path):
    """transformers' card names the `datasets` argument it was given: `imagefolder` or a local folder is not a Hub
    id the datasets key may hold; it is left out with a warning naming it (15 of 281 real trainer cards)."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "readme_only_4.16", folder)
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("license: apache-2.0\n", "license: apache-2.0\ndatasets:\n"
                                                 "- imagefolder\n- acme/reviews\n"))
    got = read_trainer_dir(folder)
    assert got.data["model"]["datasets"] == ["acme/reviews"]
    assert [(w.code, w.message) for w in got.warnings if w.code == "not-a-hub-id"] == [
        ("not-a-hub-id", "datasets 'imagefolder' of the trainer's card is not a Hub dataset id; left out")]


def test_a_run_that_names_nothing_is_titled_with_its_folders_name_as_the_trainer_titles_its_card(tmp_path):
    # trainer_state.json and all_results.json alone (no training_args.bin, config.json or README): the Trainer would
    # title its card after the output_dir, which is the folder read; a checkpoint-N folder is named after its run
    card = build_card(trainer_dir=SHAPES / "state_only_4.29" / "output", output=tmp_path / "c.md")
    assert "\n# output\n" in card.text and "- **Train loss:** 2.125" in card.text
    assert ("title-from-folder", "no-repo-id") == tuple(w.code for w in card.warnings
                                                        if w.code in ("title-from-folder", "no-repo-id"))
    assert validate_card(tmp_path / "c.md").ok
    named = build_card(trainer_dir=SHAPES / "state_only_4.29" / "output", repo_id="acme/qlora",
                       output=tmp_path / "named.md")  # --repo-id names it: no warning of a title it does not get
    assert "\n# qlora\n" in named.text and "title-from-folder" not in [w.code for w in named.warnings]
    run = tmp_path / "qlora-run"
    shutil.copytree(SHAPES / "state_only_4.29" / "output", run / "checkpoint-40")
    assert read_trainer_dir(run / "checkpoint-40").title == "qlora-run"
    assert read_trainer_dir(run).title == "qlora-run"


def test_a_run_saved_on_windows_is_titled_with_its_output_dirs_last_folder(tmp_path):
    # CJIMHER/VISUAL_TRANSFORMER_PROYECT: training_args.bin of a run on Windows (Google Drive mounted as G:) holds
    # output_dir 'G:\\\\Mi unidad\\\\output'; read as a POSIX path it is one name, and the card was titled with it
    for output_dir, title in (("G:\\\\Mi unidad\\\\output", "output"), ("C:/runs/vit-beans", "vit-beans"),
                              ("/content/drive/MyDrive/vit", "vit")):
        run = tmp_path / f"run-{title}"  # not the title: the folder's name titles a run whose files name none
        shutil.copytree(SHAPES / "state_only_4.29" / "output", run)
        raw = output_dir.encode()
        (run / "training_args.bin").write_bytes(
            b"\x80\x02ctransformers.training_args\nTrainingArguments\n)\x81}(X\n\x00\x00\x00output_dir"
            + b"X" + struct.pack("<I", len(raw)) + raw + b"ub.")
        assert read_trainer_dir(run / ".").title == title


def test_a_trainer_card_whose_metadata_names_no_model_is_titled_with_its_heading(tmp_path):
    # transformers 4.9-4.10 wrote model_index (no hyphen), which names the model only in a legacy key; TRL's
    # "Model Card for X" heading names X, PEFT's unfilled "Model Card for Model ID" names nothing
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "model_index_2021", folder)
    assert read_trainer_dir(folder).title == "tiny-bert-finetuned-cola"
    card = build_card(trainer_dir=folder, output=tmp_path / "c.md")
    assert "\n# tiny-bert-finetuned-cola\n" in card.text and "| 0.3125        | 2" in card.text
    text = (folder / "README.md").read_text()
    (folder / "README.md").write_text(text.replace("# tiny-bert-finetuned-cola", "# Model Card for tiny-sft"))
    assert read_trainer_dir(folder).title == "tiny-sft"
    (folder / "README.md").write_text(text.replace("# tiny-bert-finetuned-cola", "# Model Card for Model ID"))
    assert read_trainer_dir(folder).title == "run"  # the folder's name, as above
    # its spaces as the heading shows them (unsloth's `# Uploaded  model`): one name in the title and the model-index
    (folder / "README.md").write_text(text.replace("# tiny-bert-finetuned-cola", "# Uploaded  model"))
    assert read_trainer_dir(folder).title == "Uploaded model"
    card = build_card(trainer_dir=folder, output=tmp_path / "c.md")
    assert "\n# Uploaded model\n" in card.text and "- name: Uploaded model\n" in card.text


def test_a_filled_in_section_ends_at_the_trainers_own_headings_even_when_deeper(tmp_path):
    # the card's author deleted "## Training procedure": "Intended uses & limitations" used to run on to the end,
    # so the card showed the hyperparameters, results and versions twice
    read = read_trainer_dir(SHAPES / "edited_sections_4.34")
    assert read.data["sections"] == [
        {"title": "Model description", "content": "A small test of a new base model.", "position": "summary"},
        {"title": "Intended uses & limitations", "content": "For roleplay.", "position": "uses"},
        # the author's own "# Prompt Template Structure", a section of its own as the card importer reads it
        {"title": "Prompt Template Structure", "content": "```\nUSER: What is 4x8?\nASSISTANT:\n```", "position": "uses"}]
    card = build_card(trainer_dir=SHAPES / "edited_sections_4.34", output=tmp_path / "c.md")
    assert card.text.count("### Training hyperparameters") == 1 and card.text.count("- Transformers 4.34") == 1
    assert validate_card(tmp_path / "c.md").ok


def test_a_readme_of_an_earlier_run_does_not_tag_the_card_with_its_method(tmp_path):
    # an output_dir reused (samyakshrestha/grpo-verified-reasoner outputs/, TRL 0.24): an SFT run's README (tags
    # sft) beside a GRPO run's files (training_args.bin holds
    # GRPOConfig); the card said "Method: GRPO" under the tag sft
    run = tmp_path / "outputs"
    shutil.copytree(FIXTURES / "versions" / "trainer" / "trl-0.19.1-grpo", run)
    sft = (FIXTURES / "versions" / "trainer" / "trl-0.19.1-sft" / "README.md").read_text()
    (run / "README.md").write_text(sft.replace("trl-0.19.1-sft", "outputs"))
    read = read_trainer_dir(run)
    assert read.data["training"]["method"] == "grpo"
    assert "sft" not in read.data["model"]["tags"] and "grpo" in read.data["model"]["tags"]
    assert [w.path for w in read.warnings if w.code == "conflicting-values" and "GRPOConfig" in w.message] == [
        "README.md"]
    for fixture in ("trl-0.19.1-gkd", "trl-0.19.1-reward", "trl-1.16.0-distillation", "trl-0.19.1-prm"):
        read = read_trainer_dir(FIXTURES / "versions" / "trainer" / fixture)  # its own README: tags kept
        assert not [w for w in read.warnings if "GRPOConfig" in w.message or "earlier run" in w.message], fixture


def test_text_a_person_added_under_the_title_is_the_cards_summary(tmp_path):
    # the Trainer's own sentences are written by the card itself; an edited "It achieves the following results:"
    # list the Trainer's wording does not match, and the author's sentence, were lost
    read = read_trainer_dir(SHAPES / "edited_intro_4.12")
    assert read.data["model"]["summary"] == ("It achieves the following results:\n- Loss: 1.5625\n- Rouge1: 34.125\n\n"
                                             "The model was trained to compare two tokenizers.")
    card = build_card(trainer_dir=SHAPES / "edited_intro_4.12", output=tmp_path / "c.md")
    assert "- Rouge1: 34.125\n\nThe model was trained to compare two tokenizers.\n" in card.text
    assert validate_card(tmp_path / "c.md").ok
    # the Trainer's own card has nothing else under its title: no summary
    assert "summary" not in read_trainer_dir(SHAPES / "readme_only_4.16").data["model"]


def test_metric_columns_and_final_results_keep_the_order_the_trainers_readme_shows(tmp_path):
    """trainer_state.json is saved with sorted keys (accuracy, combined_score, f1, loss); the Trainer's own card keeps
    the logged order, and so does ours when the README is there (and in the records ingest writes)."""
    folder = SHAPES / "glue_logged_order_4.11"
    build_card(trainer_dir=folder, repo_id="acme/tiny-qqp", output=tmp_path / "card.md")
    text = (tmp_path / "card.md").read_text()
    assert "| Training Loss | Epoch | Step | Validation Loss | Accuracy | F1     | Combined Score |" in text
    listed = [line.split(":")[0] for line in text.split("It achieves the following results")[1].splitlines()[1:5]]
    assert listed == ["- Loss", "- Accuracy", "- F1", "- Combined Score"]
    data = ingest(sources=[folder], repo_id="acme/tiny-qqp").data
    assert list(data["training"]["results"][0]["metrics"]) == ["Accuracy", "F1", "Combined Score"]
    assert list(data["training"]["eval_results"]) == ["Loss", "Accuracy", "F1", "Combined Score"]
    # without the README, the state's (alphabetical) order
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(folder / "trainer_state.json", bare)
    training = read_trainer_dir(bare).data["training"]
    assert list(training["results"][0]["metrics"]) == ["Accuracy", "Combined Score", "F1"]



def test_llamafactory_placeholder_license_is_left_out_and_the_card_passes_strict(tmp_path):
    """LLaMA-Factory has the Trainer write `license: other` into every card (its placeholder, passed to keep
    transformers from asking the Hub for the base model's license): it names no license, so the card goes without
    one, build says why, and validate --strict passes the card build wrote (it failed 5 real runs: RoleInstructor
    x3, Priestley72/CN-HSD, chandlerzuo/rlhf_recsys)."""
    result = build_card(trainer_dir=SHAPES / "llamafactory_license_other_4.51", repo_id="acme/tiny-lora",
                        output=tmp_path / "card.md")
    (warned,) = [w for w in result.warnings if w.code == "placeholder-license"]
    assert "model.license" in warned.fix
    assert not [w for w in result.warnings if w.code == "missing-license-name"]
    assert "\nlicense:" not in tmp_path.joinpath("card.md").read_text().split("\n---", 1)[0]
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--strict", str(tmp_path / "card.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_license_other_without_a_name_is_warned_at_build_with_the_fix(tmp_path):
    """A Trainer's card saying `license: other` alone (transformers copies the base model's license tag from the Hub:
    GowthamNats/MicrosoftPhi1_5_finetuned-, microsoft/phi-1_5's `other`) states a license: kept, and since validate
    --strict fails a card without license_name, build says so with the fix. The shape without LLaMA-Factory's tag."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "llamafactory_license_other_4.51", folder)
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("- llama-factory\n", ""))
    result = build_card(trainer_dir=folder, repo_id="acme/tiny-lora", output=tmp_path / "card.md")
    (warned,) = [w for w in result.warnings if w.code == "missing-license-name"]
    assert "license_name" in warned.fix and "license_link" in warned.fix
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--strict", str(tmp_path / "card.md")],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "license_name" in proc.stdout + proc.stderr


def test_license_name_and_link_of_the_trainer_card_are_the_models(tmp_path):
    """A trainer card naming its license (`license: other`, license_name, license_link: alignment-handbook's zephyr
    gemma runs) builds, with both keys on the card, instead of being refused as metadata repeating the card's keys."""
    card = tmp_path / "card.md"
    build_card(trainer_dir=SHAPES / "license_name_dpo_4.36", output=card)
    text = card.read_text()
    assert "license_name: gemma-terms-of-use\n" in text and "license_link: https://ai.google.dev/gemma/terms\n" in text
    report = validate_card(card)
    assert report.ok and not report.warnings, [str(p) for p in report.problems]


def test_every_framework_version_line_of_the_trainer_card_is_kept(tmp_path):
    """Framework lines beyond the Trainer's own (Evaluate, Pytorch lightning) stay on the card."""
    versions = read_trainer_dir(SHAPES / "license_name_dpo_4.36").data["training"]["framework_versions"]
    assert versions == {"Transformers": "4.36.2", "PyTorch": "2.1.2+cu121", "Datasets": "2.14.6",
                        "Tokenizers": "0.15.1", "Evaluate": "0.4.1", "Pytorch lightning": "2.0.9"}


def test_a_persons_preface_and_own_title_of_the_trainer_card_are_kept(tmp_path):
    """Text a person wrote above the Trainer's `#` title is the card's summary too, and a title they renamed titles
    the card while model-index keeps the Trainer's name; a fence left open hides nothing the Trainer wrote."""
    card = tmp_path / "card.md"
    build_card(trainer_dir=SHAPES / "edited_title_preface_4.24", output=card)
    text = card.read_text()
    assert "\n# Tiny BERT review classifier\n" in text and "- name: tiny-bert-cls\n" in text
    assert "Trained for the course project; see below for the prompt." in text
    assert "| No log        | 2.0   | 20   | 0.4123          | 0.9062   |" in text and "- Accuracy: 0.9062" in text


def test_a_title_a_person_renamed_after_deleting_the_trainers_intro_titles_the_card(tmp_path):
    """The Trainer's "generated automatically" comment, then a title its author renamed, with the intro sentence under
    it deleted (cognitivecomputations' dolphin-2.9-llama3-8b card: model-index says "out"): that title titles the card,
    model-index keeps the Trainer's name."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "edited_title_preface_4.24", folder)
    readme = folder / "README.md"
    text = readme.read_text()
    head, rest = text.split("# Tiny BERT review classifier\n", 1)
    rest = "\n".join(line for line in rest.splitlines() if not line.startswith("This model is a fine-tuned version"))
    note = ("<!-- This model card has been generated automatically according to the information the Trainer had access "
            "to. You\nshould probably proofread and complete it, then remove this comment. -->\n\n")
    readme.write_text(head + note + "# Tiny BERT review classifier\n" + rest + "\n")
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert "\n# Tiny BERT review classifier\n" in card and "- name: tiny-bert-cls\n" in card


def test_a_renamed_title_the_card_opens_with_titles_it_without_the_trainers_comment_or_intro(tmp_path):
    """The comment deleted as well as the intro sentence: the `#` heading the body opens with is the author's title (4
    Hub Trainer cards of the 2024 crawl titled by their model-index name "out"), model-index keeps the Trainer's."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "edited_title_preface_4.24", folder)
    readme = folder / "README.md"
    head, rest = readme.read_text().split("# Tiny BERT review classifier\n", 1)
    front = head.split("\n---\n", 1)[0] + "\n---\n\n"  # the preface above the title deleted too
    rest = "\n".join(line for line in rest.splitlines() if not line.startswith("This model is a fine-tuned version"))
    readme.write_text(front + "# Tiny BERT review classifier\n" + rest + "\n")
    read = read_trainer_dir(folder)
    assert read.title == "Tiny BERT review classifier"
    assert read.data["model"]["model_index_name"] == "tiny-bert-cls"
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert "\n# Tiny BERT review classifier\n" in card and "- name: tiny-bert-cls\n" in card
    (folder / "README.md").write_text(front + "Some words first.\n\n# Tiny BERT review classifier\n" + rest + "\n")
    assert read_trainer_dir(folder).title == "tiny-bert-cls"  # a heading after text: no title said so


def test_the_adapter_of_a_run_whose_top_kept_only_the_log_is_read_from_its_last_checkpoint():
    """A top holding trainer_state.json alone beside checkpoint-N/ folders: the last checkpoint's adapter_config.json
    (the same at every save) gives the base model and the LoRA settings, with a warning naming where they came from."""
    read = read_trainer_dir(SHAPES / "state_top_adapter_in_checkpoint_4.57")
    assert read.data["model"]["base_model"] == "acme/tiny-gemma-it" and read.data["model"]["library_name"] == "peft"
    assert read.data["training"]["hyperparameters"]["lora_r"] == 16
    (warned,) = [w for w in read.warnings if w.code == "files-in-checkpoint"]
    assert "adapter_config.json" in warned.message and "checkpoint-6" in warned.message


@pytest.mark.parametrize("run, checkpoint", [("peft_card_in_checkpoint_0.14", "checkpoint-60"),
                                               ("st_card_in_checkpoint_5.5", "checkpoint-959")])
def test_a_run_committed_as_its_last_checkpoint_reads_the_card_saved_in_it(run, checkpoint):
    """A run folder holding its last checkpoint alone: the README saved in that checkpoint (PEFT's card of the adapter,
    sentence-transformers' card) is the run's, as the top's would be: its framework versions and text are kept."""
    read = read_trainer_dir(SHAPES / run)
    (warned,) = [w for w in read.warnings if w.code == "state-in-checkpoint"]
    assert checkpoint in warned.message
    alone = read_trainer_dir(SHAPES / run / checkpoint)
    assert read.data["training"]["framework_versions"] == alone.data["training"]["framework_versions"]
    assert read.title == alone.title and read.data["model"] == alone.data["model"]


def test_a_checkpoints_peft_card_gives_the_peft_version():
    read = read_trainer_dir(SHAPES / "peft_card_in_checkpoint_0.14")
    assert read.data["training"]["framework_versions"]["PEFT"] == "0.14.0"


def test_a_peft_dev_installs_version_is_listed_as_its_card_lists_it(tmp_path):
    """PEFT 0.18+ writes a dev install's peft_version as '<version>@<commit>' (PeftConfig._get_peft_version), and its
    card '- PEFT <version>' (__version__): the two read as two installs, a conflicting-values warning, and a run
    without the card listed 'PEFT 0.18.1.dev0@1a2b3c4'. Both list the version as PEFT's card does, silently."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "peft_card_in_checkpoint_0.14", run)
    card = run / "checkpoint-60" / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("- PEFT 0.14.0", "- PEFT 0.18.1.dev0"), encoding="utf-8")
    config = run / "checkpoint-60" / "adapter_config.json"
    config.write_text(json.dumps({**json.loads(config.read_text(encoding="utf-8")),
                                  "peft_version": "0.18.1.dev0@1a2b3c4"}), encoding="utf-8")
    read = read_trainer_dir(run)
    assert read.data["training"]["framework_versions"]["PEFT"] == "0.18.1.dev0"
    assert not [w for w in read.warnings if w.code == "conflicting-values"]
    card.unlink()
    assert read_trainer_dir(run).data["training"]["framework_versions"]["PEFT"] == "0.18.1.dev0"


def test_a_checkpoints_sentence_transformers_card_gives_its_text(tmp_path):
    card = build_card(trainer_dir=SHAPES / "st_card_in_checkpoint_5.5", output=tmp_path / "README.md").text
    assert "\n# SentenceTransformer based on BAAI/bge-m3\n" in card and "- Sentence Transformers 5.5.1\n" in card
    assert "pipeline_tag: sentence-similarity\n" in card and validate_card(tmp_path / "README.md").ok


def test_a_persons_readme_in_the_checkpoint_of_a_run_committed_as_it_is_read_as_their_card(tmp_path):
    """The checkpoint's README is a person's (their note under PEFT's metadata): read with the run as the top's would
    be, its text kept, not refused as a README missing at the top."""
    card = build_card(trainer_dir=SHAPES / "person_readme_in_checkpoint", output=tmp_path / "README.md").text
    assert "\nNote: as the model was trained on proprietary data, the weights could not be included" in card
    assert "| 0.9199        | 0.008 | 25   |" in card and validate_card(tmp_path / "README.md").ok


def test_a_test_splits_predict_results_are_listed_on_the_test_set_after_the_evaluations(tmp_path):
    """predict_results.json (save_metrics("predict", ...) of a Seq2SeqTrainer script with do_predict): the test
    split's results, named as set `test`'s, listed under their own words after the evaluation set's ("on the test
    set", as transformers' "on the evaluation set"; they were listed there as `Sacrebleu (predict)`); timings and
    counts left out. Our card read back gives them as they were."""
    read = read_trainer_dir(SHAPES / "predict_results_seq2seq").data["training"]["eval_results"]
    assert read == {"Gen Len": 22.4026, "Loss": 1.6596273183822632, "Sacrebleu": 88.9326,
                    "Loss (test)": 1.653468132019043, "Sacrebleu (test)": 89.0658, "Gen Len (test)": 22.6392}
    card = build_card(trainer_dir=SHAPES / "predict_results_seq2seq", output=tmp_path / "README.md").text
    assert ("It achieves the following results on the evaluation set:\n- Loss: 1.6596\n- Gen Len: 22.4026\n"
            "- Sacrebleu: 88.9326\n\nIt achieves the following results on the test set:\n- Loss: 1.6535\n"
            "- Sacrebleu: 89.0658\n- Gen Len: 22.6392\n") in card and "(predict)" not in card
    assert validate_card(tmp_path / "README.md").ok
    again = ingest(sources=[tmp_path / "README.md"]).data["training"]
    assert again["eval_results"] == {**read, "Loss": 1.6596, "Loss (test)": 1.6535}  # the card's rounded losses
    assert build_card(sources=[tmp_path / "README.md"], output=tmp_path / "again.md").text == card


def test_llamafactorys_predict_folder_gives_its_scores(tmp_path):
    """LLaMA-Factory's do_predict folder (predict_results.json, its log of steps): its BLEU and ROUGE scores, where the
    card came out empty and nothing was said; the test set's, with no evaluation set's before them."""
    read = read_trainer_dir(SHAPES / "llamafactory_predict_folder").data["training"]["eval_results"]
    assert read == {"Bleu-4 (test)": 1.9650988095238098, "Rouge-1 (test)": 17.57235615079365,
                    "Rouge-2 (test)": 5.540133333333334, "Rouge-l (test)": 6.35102876984127}
    card = build_card(trainer_dir=SHAPES / "llamafactory_predict_folder", output=tmp_path / "README.md").text
    assert "It achieves the following results on the test set:\n- Bleu-4: 1.9651\n- Rouge-1: 17.5724\n" in card
    assert "on the evaluation set" not in card and validate_card(tmp_path / "README.md").ok


def test_a_final_result_the_trainer_wrote_as_a_metrics_dict_is_read(tmp_path):
    """`- Rouge: {'rouge1': 0.58, ...}` in the "It achieves" list is one result a key (Rouge1, Rouge2, RougeL), and
    `- Meteor: {'meteor': 0.55}` is Meteor; the card shows them and its check passes."""
    read = read_trainer_dir(SHAPES / "dict_results_4.25").data["training"]["eval_results"]
    assert read == {"Loss": 1.2345, "Rouge1": 0.5803386608353808, "Rouge2": 0.3939141514072567,
                    "RougeL": 0.5438629663406402, "Meteor": 0.5500546034636025}
    card = tmp_path / "card.md"
    build_card(trainer_dir=SHAPES / "dict_results_4.25", output=card)
    assert "- Rouge1: 0.5803\n" in card.read_text() and "- Meteor: 0.5501\n" in card.read_text()
    report = validate_card(card)
    assert report.ok and not report.warnings, [str(p) for p in report.problems]


def test_a_final_results_dict_of_no_name_is_read_as_the_trainer_names_its_metrics(tmp_path):
    """`- {'exact_match': 60.30, 'f1': 77.01}` in a real Trainer card's "It achieves" list (MMG's squad_es run, beside
    `- Loss: 1.5325`): dropped without a word before; each key as the Trainer names a metric (Exact Match, F1), exact,
    and the card read back gives them again."""
    read = read_trainer_dir(SHAPES / "dict_results_item_readme").data["training"]["eval_results"]
    assert read == {"Loss": 1.5325, "Exact Match": 60.30274361400189, "F1": 77.01962587890856}
    card = tmp_path / "README.md"
    built = build_card(trainer_dir=SHAPES / "dict_results_item_readme", repo_id="acme/squad-es", output=card)
    assert "- Loss: 1.5325\n- Exact Match: 60.3027\n- F1: 77.0196\n" in built.text
    assert validate_card(card).ok
    again = ingest(sources=[card], repo_id="acme/squad-es").data["training"]["eval_results"]
    assert again == {"Loss": 1.5325, "Exact Match": 60.3027, "F1": 77.0196}


@pytest.mark.parametrize("run, name", [("bleu_precisions_list_4.10", "Bleu-precisions"),
                                       ("confusion_matrix_list_4.25", "Mtrix")])
def test_a_final_result_the_trainer_wrote_as_a_list_of_numbers_is_listed_as_written(tmp_path, run, name):
    """`- Bleu-precisions: [90.11, 80.34, ...]` (sacrebleu's n-gram precisions) and `- Mtrix: [[0, 1, 2, 3], [0, 31, 0,
    0, 0], ...]` (a confusion matrix) in a real Trainer card's "It achieves" list: left out of the card before (31 of
    32 such items of 29 real cards now kept); kept in training.eval_results and listed as the Trainer wrote them, and
    read back alike when the card is imported."""
    written = next(line for line in (SHAPES / run / "README.md").read_text().splitlines() if line.startswith(f"- {name}:"))
    read = read_trainer_dir(SHAPES / run).data["training"]["eval_results"]
    assert read[name] == json.loads(written.split(": ", 1)[1]) and isinstance(read[name], list)
    card = tmp_path / "README.md"
    built = build_card(trainer_dir=SHAPES / run, output=card)
    assert f"\n{written}\n" in built.text
    report = validate_card(card)
    assert report.ok, [str(p) for p in report.problems]
    again = ingest(sources=[card]).data["training"]["eval_results"]
    assert again[name] == read[name]


def test_a_final_result_that_is_a_classification_report_is_listed_as_the_card_wrote_it(tmp_path):
    """JoshuaRubin/bert-base-uncased-finetuned-math_punctuation's Trainer card lists `- Cls Report: {'EMPTY':
    {'precision': ..., 'support': 92149}, ..., 'accuracy': ..., 'macro avg': {...}, ...}`, sklearn's
    classification_report a compute_metrics returned (a mapping of mappings), between its Loss and Precision: it was
    left out of the card. It is kept, as the mapping it is, listed in its place as the card wrote it; the card checks,
    and is read back alike when imported."""
    run = SHAPES / "cls_report_dict_readme_4.25"
    written = next(line for line in (run / "README.md").read_text().splitlines() if line.startswith("- Cls Report: "))
    read = read_trainer_dir(run).data["training"]
    report = read["eval_results"]["Cls Report"]
    assert report["accuracy"] == 0.9639556468824761 and report["EMPTY"]["support"] == 92149
    assert list(read["eval_results"]) == ["Loss", "Cls Report", "Precision", "Recall", "F Score", "Auc"]
    card = tmp_path / "README.md"
    built = build_card(trainer_dir=run, output=card)
    assert f"\n- Loss: 0.1688\n{written}\n- Precision: 0.8035\n" in built.text
    assert validate_card(card).ok
    again = ingest(sources=[card]).data
    assert again["training"]["eval_results"]["Cls Report"] == report
    assert render(records_from_data(again)).text == built.text


def test_a_final_result_numpy_printed_is_a_list_of_numbers_listed_as_written(tmp_path):
    """`- F1: [0.99143577 0.99156328]` (a compute_metrics returning numpy's array of per-class F1, printed without
    commas; CalamitousVisibility/enron-spam-checker-10000) was left out of the card: it is the list of numbers
    [0.99143577, 0.99156328], listed as the Trainer wrote it, and read back alike when the card is imported."""
    run = SHAPES / "numpy_list_result_4.22"
    read = read_trainer_dir(run).data["training"]
    assert read["eval_results"]["F1"] == [0.99143577, 0.99156328]
    assert read["eval_results_text"]["F1"] == "[0.99143577 0.99156328]"
    card = tmp_path / "README.md"
    built = build_card(trainer_dir=run, output=card)
    assert "\n- F1: [0.99143577 0.99156328]\n" in built.text
    assert validate_card(card).ok
    again = ingest(sources=[card]).data
    assert again["training"]["eval_results"]["F1"] == [0.99143577, 0.99156328]
    assert render(records_from_data(again)).text == built.text


def test_a_list_of_numbers_a_run_logs_with_its_evaluation_is_a_final_result():
    """eleanorgit/socialIssuesClassifier (transformers 4.20): each evaluation logs `eval_thresholds`, the per-label
    thresholds its compute_metrics chose, a list beside its scores; transformers' card lists it (`- Thresholds: [...]`),
    and so does ours (left out before)."""
    state = json.loads((SHAPES / "thresholds_list_state_4.20" / "trainer_state.json").read_text())
    logged = [e["eval_thresholds"] for e in state["log_history"] if "eval_thresholds" in e][-1]
    read = read_trainer_dir(SHAPES / "thresholds_list_state_4.20").data["training"]
    assert read["eval_results"]["Thresholds"] == logged
    assert all("Thresholds" not in row.get("metrics", {}) for row in read["results"])  # no table column of lists
    text = build_card(trainer_dir=SHAPES / "thresholds_list_state_4.20").text
    assert f"\n- Thresholds: {json.dumps(logged)}\n" in text


def test_a_list_a_run_logs_with_each_evaluation_is_said_to_be_left_out_of_the_table():
    """eleanorgit/socialIssuesClassifier's `eval_thresholds`, a list of 9 numbers at each of its 4 evaluations:
    transformers' table writes the whole list in each row's cell, ours (a number a cell) leaves the column out; a
    warning says so, once, naming the first entry that logs it and where its value is shown instead."""
    built = build_card(trainer_dir=SHAPES / "thresholds_list_state_4.20")
    (warned,) = [w for w in built.warnings if w.code == "list-not-in-table"]
    assert warned.file.endswith("trainer_state.json") and warned.path == "$.log_history[1].eval_thresholds"
    assert "leaves out" in warned.message and "as Thresholds" in warned.message
    assert "| Thresholds" not in built.text and "\n- Thresholds: [" in built.text


def test_an_edited_keras_callback_card_committed_alone_is_a_trainer_card(tmp_path):
    """A Keras callback's card whose hyperparameters list a person deleted is still what transformers wrote (its tag
    and comment say so): build reads it instead of refusing the folder as holding no Trainer file."""
    card = tmp_path / "card.md"
    build_card(trainer_dir=SHAPES / "keras_edited_3.5", output=card)
    text = card.read_text()
    assert "\n# tiny-gpt2-lt\n" in text and "- TensorFlow 2.4.1\n" in text
    assert "A small gpt2 model trained on Lithuanian news for a course." in text


def test_an_adapter_saved_to_a_sub_folder_beside_trls_readme_is_read(tmp_path):
    """alexchilton/CAS_NLP_MODULE4_GRPO: TRL's README at the top, the LoRA adapter in final_adapter/ (with the
    training_args.bin the Trainer saves beside a model): read, named in a warning; never when the top holds a model,
    nor when several sub-folders hold one."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.27_adapter_subfolder", run)
    read = read_trainer_dir(run)
    model, hyper = read.data["model"], read.data["training"]["hyperparameters"]
    assert (model["base_model_relation"], model["library_name"], hyper["lora_r"]) == ("adapter", "peft", 32)
    assert [(w.code, w.path) for w in read.warnings] == [("adapter-in-subfolder", "final_adapter/adapter_config.json")]
    shutil.copy2(FIXTURES / "peft_lora" / "training_args.bin", run / "final_adapter")
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == disassembled(pickle_bytes("peft_lora"))["learning_rate"] and hyper["lora_r"] == 32
    shutil.copytree(run / "final_adapter", run / "sft_adapter")
    read = read_trainer_dir(run)
    assert "lora_r" not in read.data["training"].get("hyperparameters", {})
    assert [(w.code, w.message) for w in read.warnings] == [
        ("ambiguous-adapter", "no model at the top of the run, and several sub-folders hold an adapter "
                              "(final_adapter/, sft_adapter/): none is read")]
    shutil.rmtree(run / "sft_adapter")
    shutil.copy2(FIXTURES / "trl_sft" / "config.json", run)
    read = read_trainer_dir(run)  # (config.json of another run: its transformers version is the README's no more)
    assert read.data["model"].get("library_name") != "peft" and \
        not [w for w in read.warnings if "Framework versions" not in w.message]


def test_a_base_loaded_from_huggingface_hubs_cache_is_named_by_its_hub_id(tmp_path):
    """Amber-slp/mias: PEFT's card and adapter_config.json name the base by the path LLaMA-Factory loaded it from,
    huggingface_hub's cache (models--deepseek-ai--deepseek-llm-7b-base/snapshots/<commit>): the card named no base
    model (a not-a-hub-id warning) and kept PEFT's base_model:adapter: tag with the training machine's path."""
    read = read_trainer_dir(SHAPES / "peft_hub_cache_base_0.17")
    model = read.data["model"]
    assert (model["base_model"], model["base_model_relation"]) == ("deepseek-ai/deepseek-llm-7b-base", "adapter")
    assert model["tags"][0] == "base_model:adapter:deepseek-ai/deepseek-llm-7b-base"
    assert "not-a-hub-id" not in [w.code for w in read.warnings]
    card = build_card(trainer_dir=SHAPES / "peft_hub_cache_base_0.17", repo_id="acme/mechanism").text
    assert "/home/Pzxp" not in card and "base_model: deepseek-ai/deepseek-llm-7b-base\n" in card
    # a cache path of no id (a name with '--' is no Hub id), or no commit: a local path, named once
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "peft_hub_cache_base_0.17", run)
    for path in ("/h/hub/models--a--b--c/snapshots/" + "7" * 40, "/h/hub/models--org--name/refs/main"):
        for name in ("README.md", "adapter_config.json"):
            text = (SHAPES / "peft_hub_cache_base_0.17" / name).read_text()
            (run / name).write_text(text.replace("/home/Pzxp/work/huggingface/hub/models--deepseek-ai--deepseek-llm-7b-"
                                                 "base/snapshots/7683fea62db869066ddaff6a41d032262c490d4f", path))
        read = read_trainer_dir(run)
        assert "base_model" not in read.data["model"] and not any(t.startswith("base_model:")
                                                                  for t in read.data["model"]["tags"])
        assert [w.path for w in read.warnings if w.code == "not-a-hub-id"] == ["$.base_model_name_or_path"]
    # a recipe naming the base by that path (the id model_id reads from the path, not the path, is the base_model)
    recipe = tmp_path / "sft.yaml"
    recipe.write_text("model_name_or_path: /root/.cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B/snapshots/"
                      + "0" * 40 + "\nlearning_rate: 1.0e-5\ndataset_name: trl-lib/Capybara\n")
    assert ingest(recipe=recipe, repo_id="acme/run").data["model"]["base_model"] == "Qwen/Qwen2.5-0.5B"


def test_a_base_model_tag_naming_another_local_path_is_left_out_saying_so(tmp_path):
    """PEFT's tag names the path the base was loaded from; one naming a path the card's base_model does not (an
    edited card) is named in its own warning; one naming a Hub id is kept."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "peft_hub_cache_base_0.17", run)
    text = (run / "README.md").read_text()
    (run / "README.md").write_text(text.replace("- llama-factory\n", "- base_model:/data/base\n- base_model:finetune:gpt2"
                                                "\n- llama-factory\n"))
    read = read_trainer_dir(run)
    assert read.data["model"]["tags"][:2] == ["base_model:adapter:deepseek-ai/deepseek-llm-7b-base",
                                              "base_model:finetune:gpt2"]
    (warned,) = [w for w in read.warnings if w.code == "not-a-hub-id"]
    assert warned.path == "README.md" and "'base_model:/data/base'" in warned.message


def test_an_adapter_whose_base_the_readme_names_otherwise_keeps_its_own_saying_so():
    """JapanMarketing-Dev/pdfme-fineturning: adapter_config.json's base is Qwen3-VL-8B-Instruct, the README's
    base_model Qwen3-VL-32B-Instruct; the adapter's was kept without a word."""
    read = read_trainer_dir(SHAPES / "adapter_base_unlike_card_peft_0.18")
    assert read.data["model"]["base_model"] == "Qwen/Qwen3-VL-8B-Instruct"
    (warned,) = [w for w in read.warnings if w.code == "conflicting-values"]
    assert warned.path == "$.base_model_name_or_path" and warned.severity == "warning"
    assert "'Qwen/Qwen3-VL-8B-Instruct'" in warned.message and "'Qwen/Qwen3-VL-32B-Instruct'" in warned.message


def test_a_relative_path_that_reads_as_a_hub_id_but_names_a_hub_page_is_a_local_path():
    """RoleInstructor/RoleInstructor: LLaMA-Factory loaded its base from models/Qwen2_5-3b-Instruct, a folder beside
    where it ran; the card named it as the base model, linked to https://huggingface.co/models/Qwen2_5-3b-Instruct
    (the Hub's model list: no account can be named models, datasets or spaces)."""
    read = read_trainer_dir(SHAPES / "llamafactory_relative_base_4.51")
    assert "base_model" not in read.data["model"]
    assert [(w.path, w.code) for w in read.warnings if w.code == "not-a-hub-id"] == [
        ("$.base_model_name_or_path", "not-a-hub-id")]
    assert model_id("models/Qwen2_5-3b-Instruct") is None and model_id("datasets/x") is None
    assert model_id("Qwen/Qwen2.5-3B-Instruct") == "Qwen/Qwen2.5-3B-Instruct"


def test_a_readme_no_trainer_wrote_is_not_adopted_when_the_card_drops_its_text():
    """Tanisha-anshu/OpenAi-Whisper-small-Braj: the run's folder holds the author's own README (notes on the scripts),
    of which the card reads nothing; it was adopted all the same (model.card_source), so publish would have replaced
    it on the Hub, the author's text lost, without a conflict. Now it is named and left to publish as a conflict.
    PEFT's card (P-Zande/nlp-team-4), the Hub's template left unfilled, is adopted as before: nothing of it is lost."""
    read = read_trainer_dir(SHAPES / "project_readme_beside_run_4.44")
    assert "card_source" not in read.data["model"]
    (warned,) = [w for w in read.warnings if w.code == "readme-not-read"]
    assert warned.path == "README.md" and "'This repository contains the relevant scripts" in warned.message
    assert "modelcard ingest OUT OUT/README.md" in warned.fix
    read = read_trainer_dir(SHAPES / "peft_template_card_0.10")
    assert read.data["model"]["card_source"]["blob"] and "readme-not-read" not in [w.code for w in read.warnings]
    assert read.data["model"]["base_model"] == "google/gemma-2b"


def _peft_card_run(tmp_path, old, new):
    """tmp_path/run: the PEFT run folder of peft_template_card_0.10 (copied once), its README with ``old`` made
    ``new``."""
    run = tmp_path / "run"
    if not run.exists():
        shutil.copytree(SHAPES / "peft_template_card_0.10", run)
    text = (SHAPES / "peft_template_card_0.10" / "README.md").read_text()
    (run / "README.md").write_text(text.replace(old, new))
    return run


def test_a_readme_no_trainer_wrote_whose_text_the_card_holds_is_adopted(tmp_path):
    """A person's README the card holds all of (its transformers free-text sections, its summary) is adopted; a line
    of their own added to PEFT's template is not."""
    run = _peft_card_run(tmp_path, "<!-- Provide a quick summary of what the model is/does. -->",
                         "A LoRA adapter for question answering.")
    read = read_trainer_dir(run)
    assert read.data["model"]["summary"] == "A LoRA adapter for question answering."
    assert "card_source" in read.data["model"]
    run = _peft_card_run(tmp_path, "### Recommendations\n", "### Recommendations\n\nDo not use it on patients.\n")
    read = read_trainer_dir(run)
    assert "card_source" not in read.data["model"] and "readme-not-read" in [w.code for w in read.warnings]


def test_a_trainer_log_saved_as_train_results_is_read_as_the_log(tmp_path):
    """sag-27/BART_fine-tuned_H2H2024: train_results.json holds trainer.state.log_history (a list), no
    trainer_state.json: it is the run's log (table, final results, step and epoch) and its train summary the train
    results, with a warning naming what the file is, instead of refusing the folder as "top level is a list"."""
    read = read_trainer_dir(SHAPES / "log_as_train_results_4.41")
    training = read.data["training"]
    assert [row["step"] for row in training["results"]] == [1000, 2000]
    assert training["eval_results"] == {"Loss": 1.031, "Rouge1": 0.1154}
    assert training["statistics"] == {"Global step": 2000, "Epochs": 2.0, "Train loss": 1.1475,
                                      "Total FLOs": 7735802662748160.0}
    assert training["training_time"] == "1.94 h"
    assert [w.path for w in read.warnings if w.code == "log-as-results"] == ["train_results.json"]
    # beside trainer_state.json, the state's log is the one read; the list still gives the train summary
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "log_as_train_results_4.41", run)
    (run / "trainer_state.json").write_text(json.dumps({"log_history": [{"epoch": 1.0, "step": 7, "loss": 2.0}],
                                                        "global_step": 7, "epoch": 1.0}))
    read = read_trainer_dir(run)
    assert read.data["training"]["statistics"]["Global step"] == 7
    assert read.data["training"]["statistics"]["Train loss"] == 1.1475
    assert "trainer_state.json's log is read instead" in \
        next(w.message for w in read.warnings if w.code == "log-as-results")
    card = tmp_path / "card.md"
    build_card(trainer_dir=SHAPES / "log_as_train_results_4.41", output=card)
    assert "| 1.0367        | 2     | 2000 | 1.031           | 0.1154 |" in card.read_text()


def test_the_readmes_framework_versions_are_one_list_the_files_do_not_overwrite(tmp_path):
    """deadkali-hat/Sargent_Bit: the README lists Transformers 4.35.0.dev0 with its PyTorch, Datasets and
    Tokenizers; config.json was saved by 4.35.0. The card lists the README's whole (config.json's version replaced
    its Transformers line, mixing two installs), and a warning names the disagreement; a file still gives a framework
    the README does not name (PEFT from adapter_config.json)."""
    read = read_trainer_dir(SHAPES / "versions_readme_vs_config_4.35")
    assert read.data["training"]["framework_versions"] == {"Transformers": "4.35.0.dev0", "PyTorch": "2.0.1+cu118",
                                                           "Datasets": "2.12.0", "Tokenizers": "0.14.0"}
    warned = [w for w in read.warnings if w.code == "conflicting-values" and w.path == "config.json"]
    assert len(warned) == 1 and "4.35.0.dev0" in warned[0].message and "is 4.35.0," in warned[0].message
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "versions_readme_vs_config_4.35", run)
    (run / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": 8, "peft_version": "0.13.2",
                                                         "base_model_name_or_path": "HuggingFaceH4/zephyr-7b-beta"}))
    versions = read_trainer_dir(run).data["training"]["framework_versions"]
    assert versions["PEFT"] == "0.13.2" and versions["Transformers"] == "4.35.0.dev0"


def test_a_scripts_own_config_naming_a_dataset_is_named_in_a_warning(tmp_path):
    """SteveHong1901/reasoning: models/dpo-clean/config.yaml is the script's nested config, no recipe format read,
    naming the run's dataset (data.dataset_name: openai/gsm8k) that no other file names: a warning says the card
    does not take it from there. A config naming no Hub dataset (docker-compose, LlamaBoard's dataset_dir) says
    nothing, nor does the folder without the file."""
    got = ingest(trainer_dir=SHAPES / "script_config_dataset_5.0", repo_id="acme/dpo-clean")
    warned = [w for w in got.warnings if w.code == "unread-config"]
    assert [(Path(w.file).name, w.path) for w in warned] == [("config.yaml", "$.data.dataset_name")]
    assert "openai/gsm8k" in warned[0].message and "datasets" not in got.data.get("model", {})
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "script_config_dataset_5.0", run)
    (run / "config.yaml").write_text("train:\n  dataset_dir: LLaMA-Factory/data\n  dataset: [alpaca_en_demo]\n"
                                     "services:\n  web:\n    image: app\n")
    assert not [w for w in ingest(trainer_dir=run, repo_id="acme/dpo-clean").warnings if w.code == "unread-config"]


def test_peft_template_lines_are_every_hub_releases_not_the_installed_clients(tmp_path):
    """PEFT fills the model card template of the huggingface_hub installed when the adapter was saved: a card of the
    0.13 client (2023) has "### How to Get Started with the Model", where later templates have "##". The lines of
    every release's template are bundled: such a card is adopted whatever client is installed, and without one; the
    installed client's template is among them (else regenerate: python -m generator.sources.trainer_template)."""
    import huggingface_hub

    from generator.sources.trainer_template import card_template_lines, template_lines

    installed = Path(huggingface_hub.__file__).parent / "templates" / "modelcard_template.md"
    assert set(card_template_lines(installed.read_text(encoding="utf-8"))) <= template_lines()
    assert {"### How to Get Started with the Model", "## How to Get Started with the Model",
            "- **Developed by:** [More Information Needed]"} <= template_lines()
    run = _peft_card_run(tmp_path, "## How to Get Started with the Model", "### How to Get Started with the Model")
    read = read_trainer_dir(run)
    assert "card_source" in read.data["model"] and "readme-not-read" not in [w.code for w in read.warnings]
    blocked = ("import sys; sys.modules['huggingface_hub'] = None\n"
               "from generator.sources.trainer_template import template_lines\n"
               "print(len(template_lines()))")
    out = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, check=True).stdout
    assert int(out) == len(template_lines())


def test_a_results_file_of_another_tool_in_the_run_folder_is_refused_saying_whose_it_is():
    """anirudhakulkarni/refinement's train_results.json is a list of its own (a ResNet per entry, no step: not the
    Trainer's log dumped, which is read as the log): refused, the fix saying transformers writes that file as an
    object and to move this one out of the folder, not 'pass the results file the tool wrote'."""
    with pytest.raises(InputError) as raised:
        read_trainer_dir(SHAPES / "list_results_not_trainer")
    (problem,) = raised.value.problems
    assert problem.code == "not-a-mapping" and problem.file.endswith("train_results.json")
    assert "transformers writes train_results.json as an object" in problem.fix
    assert "move it out of the run's folder" in problem.fix


def test_a_person_readme_the_run_adopts_keeps_its_title_when_a_repo_id_is_given():
    """JapanMarketing-Dev/pdfme-fineturning's README (cut to what the run's reading holds, so it is adopted: publish
    replaces it on the Hub) is titled "PDFme Form Field Detection": held only as the card's title, a repo id given
    (`build --trainer-dir OUT --repo-id a/b`) titled the card "b", and publishing would have lost the person's title."""
    folder = SHAPES / "adapter_base_unlike_card_peft_0.18"
    read = ingest(trainer_dir=folder, repo_id="a/b")
    assert "card_source" in read.data["model"] and read.data["model"]["name"] == "PDFme Form Field Detection"
    card = build_card(trainer_dir=folder, repo_id="a/b")
    assert "\n# PDFme Form Field Detection\n" in card.text and "\n# b\n" not in card.text


def test_peft_templates_unfilled_title_does_not_title_the_card(tmp_path):
    """Gayaz2000/Unsloth-DPOTrainer: PEFT 0.15's card of a LoRA, a person's facts filled into the template's list
    (read as their card with the run) under its "# Model Card for Model ID", which names no model: the repo id given
    titles the card, and the person's text stays."""
    folder = SHAPES / "peft_template_filled_0.15"
    assert "\n# Model Card for Model ID\n" in (folder / "README.md").read_text()
    card = build_card(trainer_dir=folder, repo_id="me/dpo", output=tmp_path / "README.md").text
    assert "\n# dpo\n" in card and "Model Card for Model ID" not in card
    assert "- **Developed by:** [Gayaz Shaik]" in card
    assert validate_card(tmp_path / "README.md").ok


def test_lists_kept_under_a_persons_section_get_a_heading_when_the_quick_start_would_come_before_them(tmp_path):
    """The same card: its "### Framework versions" follows the filled "### Model Description" once the unfilled
    template sections between are left out (training.heading false: the lists stay under the person's section); that
    section is written above the Quick start, so with a repo id the lists came out after the Quick start's code, under
    it, with no heading of their own. They get the Trainer's "## Training procedure" then; without a Quick start (no
    repo id) they still follow the person's section."""
    folder = SHAPES / "peft_template_filled_0.15"
    card = build_card(trainer_dir=folder, repo_id="me/dpo", output=tmp_path / "a.md").text
    headings = [line for line in card.splitlines() if line.startswith("#")]
    assert headings.index("## Training procedure") == headings.index("## Quick start") + 1
    assert headings[headings.index("## Training procedure") + 1] == "### Training hyperparameters"
    bare = build_card(trainer_dir=folder, output=tmp_path / "b.md").text
    headings = [line for line in bare.splitlines() if line.startswith("#")]
    assert "## Quick start" not in headings and "## Training procedure" not in headings
    assert headings[headings.index("### Model Description") + 1] == "### Training hyperparameters"


def test_generation_configs_transformers_version_names_the_version_no_other_file_names(tmp_path):
    """NukumizuKazuhiko/ab-verifier-qwen2.5-0.5b: a run saved without config.json, its generation_config.json the
    one file naming the install (transformers 5.8.0, written by save_pretrained as config.json's is); the card listed
    no framework version. A version another file names first is kept (config.json and the README are read before)."""
    folder = SHAPES / "generation_version_only_5.8"
    versions = read_trainer_dir(folder).data["training"]["framework_versions"]
    assert versions == {"Transformers": "5.8.0"}
    run = tmp_path / "run"
    shutil.copytree(folder, run)
    (run / "config.json").write_text(json.dumps({"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
                                                 "transformers_version": "5.7.0"}))
    read = read_trainer_dir(run)
    assert read.data["training"]["framework_versions"] == {"Transformers": "5.7.0"}
    assert not [w for w in read.warnings if w.code == "conflicting-values"]


def test_the_input_tokens_the_trainer_counted_are_a_statistic_of_the_card(tmp_path):
    """aa-n/Qwen3_Lora: LLaMA-Factory runs with include_num_input_tokens_seen, and train() saves the count
    (num_input_tokens_seen: 24689312) in train_results.json and the state; the card dropped it. The results file's
    count is the card's, the state's stands in without one (TRL's GRPO counts tokens in the state alone), and the
    state's default 0 (nothing counted) is no count."""
    folder = SHAPES / "tokens_seen_llamafactory_4.51"
    assert read_trainer_dir(folder).data["training"]["statistics"]["Input tokens seen"] == 24689312
    run = tmp_path / "run"
    run.mkdir()
    state = json.loads((folder / "trainer_state.json").read_text())
    (run / "trainer_state.json").write_text(json.dumps(state))
    assert read_trainer_dir(run).data["training"]["statistics"]["Input tokens seen"] == 24689312
    state["num_input_tokens_seen"] = 0
    (run / "trainer_state.json").write_text(json.dumps(state))
    assert "Input tokens seen" not in read_trainer_dir(run).data["training"]["statistics"]
    card = build_card(trainer_dir=folder, repo_id="a/b", output=tmp_path / "card.md").text
    assert "- **Input tokens seen:** 24689312\n" in card


def test_a_base_model_in_modelscopes_cache_is_named_by_its_modelscope_id_not_taken_for_the_hubs():
    """Zhan-BHU/IELTS_ESSAY_GPT: the adapter's base is /root/.cache/modelscope/hub/models/qwen/Qwen3-4B-Instruct-2507,
    ModelScope's model qwen/Qwen3-4B-Instruct-2507, whose id is ModelScope's (its owners are its own: qwen, not the
    Hub's Qwen): no base_model, and the warning names the ModelScope model, where it said only "a local path". Its
    cache writes a name's dots as ___ (Qwen2___5-7B-Instruct is qwen/Qwen2.5-7B-Instruct)."""
    read = read_trainer_dir(SHAPES / "modelscope_cache_base_peft_0.18")
    assert "base_model" not in read.data["model"]
    (warned,) = [w for w in read.warnings if w.code == "not-a-hub-id"]
    assert "ModelScope's cache of its model qwen/Qwen3-4B-Instruct-2507" in warned.message
    assert "Hub id of the model trained from" in warned.fix
    assert "ModelScope's cache of its model qwen/Qwen2.5-7B-Instruct," in local_base(
        "/root/.cache/modelscope/hub/qwen/Qwen2___5-7B-Instruct")  # the layout before ModelScope 1.2x
    assert local_base("/dev/shm/Qwen/Qwen3-14B") == "'/dev/shm/Qwen/Qwen3-14B' is a local path, not a Hub id"
    # ModelScope's download into a cache_dir of one's own (DNFYII/Control-QA-System, on Kaggle): its ___ tells it
    assert "is a ModelScope download of its model Qwen/Qwen2.5-1.5B-Instruct, not" in local_base(
        "/kaggle/input/qwen25-15b-weights/qwen_files/Qwen/Qwen2___5-1___5B-Instruct")


def test_a_kaggle_models_path_as_the_base_is_named_as_kaggles_model():
    """SinghArindam/MediQueryBot's adapter card names its base /kaggle/input/gemma-3/transformers/gemma-3-1b-it/1,
    Kaggle Models' gemma-3 as a notebook mounts it: the warning said only "a local path". It now names Kaggle's model,
    variation and version (no Hub id is guessed: Kaggle's names follow no rule of the Hub's), and its owner in the
    layout that names one. A dataset mounted on Kaggle is still a local path."""
    read = read_trainer_dir(SHAPES / "kaggle_models_base_peft_0.14")
    (warned,) = [w for w in read.warnings if w.code == "not-a-hub-id"]
    assert "base_model" not in read.data["model"] and "Kaggle Models' copy of its model gemma-3 " in warned.message
    said = local_base("/kaggle/input/gemma-3/transformers/gemma-3-1b-it/1")
    assert said.startswith("'/kaggle/input/gemma-3/transformers/gemma-3-1b-it/1' is Kaggle Models' copy of its model "
                           "gemma-3 (transformers variation gemma-3-1b-it, version 1) in a Kaggle notebook, not a Hub id")
    # the layout naming the owner, as a README says where to attach Gemma, and a folder within the version
    assert "model google/gemma (transformers variation 2b-it, version 2)" in local_base(
        "/kaggle/input/models/google/gemma/transformers/2b-it/2")
    assert "model srg9000/all-minilm-l6-v2 (transformers variation default, version 1)" in local_base(
        "/kaggle/input/models/srg9000/all-minilm-l6-v2/transformers/default/1/all-MiniLM-L6-v2")
    kept = "/kaggle/input/datasets/tasfiahmrinmoyee/gemma3-1b-model/gemma-3-1b-it"  # (runs48's tasfiahmrinmoyee)
    assert local_base(kept) == f"{kept!r} is a local path, not a Hub id"


def test_ms_swift_args_json_gives_its_version_and_base_model_and_not_its_inference_arguments(tmp_path):
    # lgc-FINANCE/DeepClima-R1 (ms-swift 4.0.0.dev0 LoRA checkpoint): args.json listed swift's inference temperature
    # and max_new_tokens as training hyperparameters of an SFT run, its swift version was not read, and the model the
    # run asked for was not named beside the adapter's ModelScope download path
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "swift_checkpoint_4.0", run)
    got = read_trainer_dir(run)
    hyper = got.data["training"]["hyperparameters"]
    assert hyper["max_length"] == 1024 and "temperature" not in hyper and "max_new_tokens" not in hyper
    assert got.data["training"]["framework_versions"] == {"PEFT": "0.18.1", "ms-swift": "4.0.0.dev0"}
    assert "base_model" not in got.data["model"]  # use_hf false: ModelScope's id, named, not used
    assert [w.message for w in got.warnings if w.code == "not-a-hub-id"][0].startswith(
        "names 'Qwen/Qwen3-0.6B', the model swift downloaded from ModelScope")
    (run / "README.md").write_text("---\nbase_model: Qwen/Qwen3-0.6B\n---\n\n# qwen3-sft\n\nA test model.\n")
    named = read_trainer_dir(run)  # a README naming the base: swift's ModelScope id goes unsaid
    assert named.data["model"]["base_model"] == "Qwen/Qwen3-0.6B"
    assert not [w for w in named.warnings if w.code == "not-a-hub-id"]
    (run / "README.md").unlink()
    args = json.loads((run / "args.json").read_text())
    (run / "args.json").write_text(json.dumps({**args, "use_hf": True, "rlhf_type": "grpo"}))
    got = read_trainer_dir(run)
    assert got.data["model"]["base_model"] == "Qwen/Qwen3-0.6B"
    assert got.data["model"]["base_model_relation"] == "adapter"
    assert not [w for w in got.warnings if w.code == "not-a-hub-id"]  # the download path: the base is named
    assert got.data["training"]["hyperparameters"]["temperature"] == 0  # GRPO generates with it
    assert config_method("swift.rlhf_trainers.arguments.DPOConfig") == "dpo"
    assert config_method("swift.trainers.rlhf_arguments.GRPOConfig") == "grpo"
    assert config_method("swift.trainers.arguments.Seq2SeqTrainingArguments") is None


def test_llamafactory_trainer_log_is_the_log_of_a_run_kept_without_trainer_state(tmp_path):
    # xueh88401-web/qwen2.5-7b-medical-finetune: all_results.json and LLaMA-Factory's trainer_log.jsonl, no
    # trainer_state.json: the card had no training results table though the run's log was in the folder
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "llamafactory_trainer_log_0.9", run)
    with (run / "trainer_log.jsonl").open("a") as log:  # a resumed run logs step 40 again; a write cut short
        log.write('{"current_steps": 40, "total_steps": 40, "loss": 1.25, "lr": 1e-06, "epoch": 2.0}\n{"current_')
    got = read_trainer_dir(run)
    rows = got.data["training"]["results"]
    assert [(row["step"], row["training_loss"], row["validation_loss"]) for row in rows] == [
        (20, 2.0, 1.75), (40, 1.25, 1.5)]
    assert got.data["training"]["statistics"]["Global step"] == 40
    assert [w.code for w in got.warnings if w.file.endswith("run")].count("state-from-tool-log") == 1
    # beside trainer_state.json, LLaMA-Factory's log (a projection of its log_history) is not read
    shutil.copy(SHAPES / "state_only_4.29" / "output" / "trainer_state.json", run)
    assert not [w for w in read_trainer_dir(run).warnings if w.code == "state-from-tool-log"]
    # its v1 engine writes the whole entry with step and total_steps; a predict run's log is progress alone
    (run / "trainer_state.json").unlink()
    (run / "trainer_log.jsonl").write_text('{"loss": 2.5, "grad_norm": 1.5, "step": 5, "total_steps": 5}\n')
    assert read_trainer_dir(run).data["training"]["results"][0]["training_loss"] == 2.5
    (run / "trainer_log.jsonl").write_text('{"current_steps": 5, "total_steps": 250, "percentage": 2.0}\n')
    assert "results" not in read_trainer_dir(run).data.get("training", {})


def test_a_folder_of_llamafactory_log_alone_is_a_run(tmp_path):
    # rameyjm7/SFT-Training-LLM: LLaMA-Factory's trainer_log.jsonl beside the project's README (no frontmatter), no
    # other file of the run: refused as holding none of a Trainer's files, though its log is read as the run's
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "llamafactory_log_only_0.9", run)
    got = read_trainer_dir(run)
    rows = got.data["training"]["results"]
    assert [(row["step"], row["training_loss"]) for row in rows] == [(10, 0.8547), (20, 0.7463), (6560, 0.3716)]
    assert "state-from-tool-log" in [w.code for w in got.warnings]
    (run / "trainer_log.jsonl").unlink()  # the project's README alone is still no run
    with pytest.raises(InputError) as refused:
        read_trainer_dir(run)
    assert refused.value.problems[0].code == "no-trainer-files"


def test_peft_template_under_a_persons_text_in_a_run_says_nothing(tmp_path):
    # lgc-FINANCE/DeepClima-R1: the author's text above PEFT's card, huggingface_hub's template unfilled: the card kept
    # every template section ([More Information Needed] 40 times) and wrote "### Framework versions" twice, PEFT's
    # (kept as text after the template's "Training Hyperparameters") and the run's
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "swift_checkpoint_4.0", run)
    readme = (SHAPES / "peft_template_under_author_text_0.18" / "README.md").read_text(encoding="utf-8")
    (run / "README.md").write_text(readme, encoding="utf-8")
    card = build_card(trainer_dir=run, repo_id="acme/clima", output=tmp_path / "c.md").text
    assert "More Information Needed" not in card and "## Model Card Contact" not in card
    assert card.count("### Framework versions") == 1 and card.count("- PEFT 0.18.1") == 1
    assert "### 1. 逻辑推理增强：基于 R1 架构的语义理解力" in card and "**优点描述**" in card
    # a template section holding the author's line is kept as written, with the headings over it; its unfilled
    # siblings are not
    (run / "README.md").write_text(readme.replace("### Direct Use\n", "### Direct Use\n\nClassify news text.\n"),
                                   encoding="utf-8")
    card = build_card(trainer_dir=run, repo_id="acme/clima", output=tmp_path / "c.md").text
    assert "## Uses\n" in card and "### Direct Use\n" in card and "Classify news text." in card
    assert "### Out-of-Scope Use" not in card and card.count("More Information Needed") == 1
    # a card imported by hand (modelcard ingest README.md) is the card a person published: kept as written
    from generator.sources.card import read_card

    assert "[More Information Needed]" in str(read_card(run / "README.md").data["sections"])


def test_swift_2_sft_args_are_the_runs_arguments(tmp_path):
    # ms-swift 1.x-2.x writes its SftArguments as sft_args.json (no swift version, its own names for the batch sizes
    # and the LoRA dropout, the model as model_id_or_path): a folder holding it was refused, and beside training_args.json
    # it was not read
    run = tmp_path / "v0-20240128-024328"
    shutil.copytree(SHAPES / "swift_sft_args_2024", run)
    got = read_trainer_dir(run)
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["train_batch_size"], hyper["total_train_batch_size"], hyper["learning_rate"]) == (1, 16, 0.0001)
    assert "temperature" not in hyper and "max_new_tokens" not in hyper  # swift's inference arguments
    assert got.title == "qwen-1_8b"  # its output_dir's, less swift's version folder
    (warned,) = [w for w in got.warnings if w.code == "not-a-hub-id" and "model_id_or_path" in w.path]
    assert warned.path == "sft_args.json: $.model_id_or_path" and "'qwen/Qwen-1_8B'" in warned.message
    assert "base_model" not in got.data.get("model", {})
    # the Trainer's own training_args.json beside it wins
    (run / "training_args.json").write_text(json.dumps({"per_device_train_batch_size": 2, "learning_rate": 2e-4}))
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert (hyper["train_batch_size"], hyper["learning_rate"], hyper["gradient_accumulation_steps"]) == (2, 2e-4, 16)


def test_swift_2_lora_settings_and_datasets(tmp_path):
    # the same sft_args.json (sft_type lora): its LoRA settings were not read (nor its dataset, a name of swift's
    # registry), and the optimizer line said "epsilon=None" for the adam_epsilon it does not hold
    run = tmp_path / "v0-20240128-024328"
    shutil.copytree(SHAPES / "swift_sft_args_2024", run)
    got = read_trainer_dir(run)
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["peft_type"], hyper["lora_r"], hyper["lora_alpha"], hyper["lora_dropout"]) == ("LORA", 8, 32, 0.05)
    assert hyper["lora_target_modules"] == "c_attn" and "lora" in got.data["model"]["tags"]
    assert hyper["optimizer"] == "adamw_torch with betas=(0.9,0.999)"
    (warned,) = [w for w in got.warnings if w.path == "sft_args.json: $.dataset"]
    assert "'jd-sentiment-zh'" in warned.message and "datasets" not in got.data["model"]
    # the adapter the run saved says what was trained
    (run / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": 16, "lora_alpha": 32,
                                                          "base_model_name_or_path": "Qwen/Qwen-1_8B"}))
    assert read_trainer_dir(run).data["training"]["hyperparameters"]["lora_r"] == 16
    # a full fine-tune names no adapter
    args = json.loads((run / "sft_args.json").read_text())
    (run / "adapter_config.json").unlink()
    (run / "sft_args.json").write_text(json.dumps({**args, "sft_type": "full"}))
    got = read_trainer_dir(run)
    assert "lora_r" not in got.data["training"]["hyperparameters"] and "lora" not in got.data.get("model", {}).get("tags", [])


def test_a_swift_2_sft_args_that_is_no_object_is_refused_naming_swift(tmp_path):
    # the fix named transformers as the writer of sft_args.json, which ms-swift writes
    (tmp_path / "sft_args.json").write_text("[1, 2]")
    with pytest.raises(InputError) as caught:
        read_trainer_dir(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file.endswith("sft_args.json") and problem.path == "$"
    assert problem.fix.startswith("ms-swift writes sft_args.json as an object"), problem.fix


def test_an_unsloth_readme_beside_its_run_comes_back_once(tmp_path):
    # DeveloperZeeshu/Nano_R1-model: the author's "### Model Description" above Unsloth's card came twice (the run's
    # reading of the README took it as transformers' free-text section, the card's reading of it again) and Unsloth's
    # "# Uploaded  model" both titled the card and stayed a section of its text
    card = build_card(trainer_dir=SHAPES / "unsloth_readme_above_title_4.49", output=tmp_path / "c.md").text
    assert card.count("Model Description") == 1 and card.count("- **Developed by:** Jeesan Abbas") == 1
    assert card.count("# Uploaded model") == 1 and card.count("trained 2x faster with [Unsloth]") == 1
    assert card.count("unsloth%20made%20with%20love.png") == 1  # the badge, the author's choice, kept
    assert card.index("### Model Description") < card.index("# Uploaded model")  # the README's order


def test_an_unsloth_readme_under_a_persons_text_keeps_its_place_above_the_quick_start(tmp_path):
    # DeveloperZeeshu/Nano_R1-model: Unsloth's "# Uploaded  model" (its title, under the author's "### Model
    # Description") was read as a section of the usage block, and written inside the generated Quick start's block,
    # after its code; it is the card's title displaced, kept under the title with the text above it, as the README has
    run = SHAPES / "unsloth_readme_above_title_4.49"
    card = build_card(trainer_dir=run, repo_id="a/b", output=tmp_path / "c.md").text
    header = card[card.index("begin header"):card.index("end header")]
    uses = card[card.index("begin uses"):card.index("end uses")]
    assert "# Uploaded model" in header and "trained 2x faster with [Unsloth]" in header
    assert "Uploaded model" not in uses and "## Quick start" in uses
    assert header.index("### Model Description") < header.index("# Uploaded model")
    sections = ingest(trainer_dir=run, repo_id="a/b").data["sections"]
    assert [(s["title"], s["position"]) for s in sections] == [("Model Description", "summary"),
                                                               ("Uploaded model", "summary")]
    again = tmp_path / "again" / "README.md"
    again.parent.mkdir()
    again.write_text(card)
    back = build_card(sources=[again], repo_id="a/b").text  # read back: the same header and usage blocks
    assert back[back.index("begin header"):back.index("end uses")].replace(
        back[back.index("begin details"):back.index("end details")], "") == \
        card[card.index("begin header"):card.index("end uses")].replace(
            card[card.index("begin details"):card.index("end details")], "")


def test_an_unsloth_readme_passed_as_a_card_too_comes_back_once(tmp_path):
    # the same README passed as a source beside its run (`ingest OUT OUT/README.md`): read by the card importer, not
    # as the person's card found beside the run, its sections still came twice (runs35's report)
    run = SHAPES / "unsloth_readme_above_title_4.49"
    beside = build_card(trainer_dir=run, output=tmp_path / "a.md").text
    card = build_card(sources=[run, run / "README.md"], output=tmp_path / "b.md").text
    assert card.count("Model Description") == 1 and card.count("# Uploaded model") == 1
    assert card == beside


def test_the_runs_readme_is_opened_once_by_its_reading(monkeypatch):
    # closing33: a person's README beside a run was opened 4 times a build (read, is_trainer_card, the card
    # importer's blob twice): whether a Trainer wrote it is told from the text already read
    import generator.sources.trainer_readme as trainer_readme

    def opened(path):
        raise AssertionError(f"{path} opened again")

    monkeypatch.setattr(trainer_readme, "is_trainer_card", opened)
    read = read_trainer_dir(SHAPES / "person_card_beside_adapter_peft_0.18")
    assert [w.code for w in read.warnings].count("readme-not-read") == 1
    assert "readme-not-read" not in [w.code for w in read_trainer_dir(SHAPES / "trl_1.16_tags_set_order").warnings]


def test_a_swift_runs_version_folder_is_titled_with_the_output_dir_given_to_swift(tmp_path):
    # ms-swift puts each run in <output_dir>/v<N>-<YYYYMMDD>-<HHMMSS> (add_version): lgc-FINANCE/DeepClima-R1's card
    # was titled v0-20260124-040114, from its args' output_dir and from its folder alike
    run = tmp_path / "qwen3-sft" / "v0-20260101-000000"
    shutil.copytree(SHAPES / "swift_checkpoint_4.0", run / "checkpoint-20")
    shutil.copy(run / "checkpoint-20" / "args.json", run)
    assert read_trainer_dir(run).title == "output"  # args.json's output_dir: /data/output/v0-20260101-000000
    for args in (run / "args.json", run / "checkpoint-20" / "args.json"):
        args.unlink()
    assert read_trainer_dir(run).title == "qwen3-sft"  # the folder's
    assert read_trainer_dir(run / "checkpoint-20").title == "qwen3-sft"


def test_a_transformers_4_4_run_reads_without_its_memory_metrics_or_warnings_said_twice():
    """philschmid/bart-large-cnn-samsum as committed from SageMaker (transformers 4.4.2): its results files hold what
    TrainerMemoryTracker measured (eval_mem_gpu_peaked_delta, ..., on by default in 4.4-4.5), which the final results
    listed as "Mem Gpu Peaked Delta: 980464128"; they are no results, and the Trainer's card (from the log) never shows
    them. Its person's README, read with the run, had each of its metadata warnings said twice (the run's reading and
    the card's of the same frontmatter). The log of 4.4 (a train summary entry with total_flos, no train_loss) reads
    as a table row and the run's totals."""
    run = SHAPES / "sagemaker_memory_metrics_4.4"
    got = ingest(sources=[run])
    training = got.data["training"]
    assert training["eval_results"] == {"Gen Len": 59.9829, "Loss": 1.3891159296035767, "Rouge1": 42.621,
                                        "Rouge2": 21.9825, "Rougel": 33.034, "Rougelsum": 39.6783,
                                        # test_results.json (trainer.predict's test_*), its memory metrics left out
                                        "Gen Len (test)": 60.0757, "Loss (test)": 1.4224162101745605,
                                        "Rouge1 (test)": 41.3174, "Rouge2 (test)": 20.8716, "Rougel (test)": 32.1337,
                                        "Rougelsum (test)": 38.4149}
    assert training["results"] == [{"training_loss": 1.2342, "epoch": 2.16, "step": 500}]
    assert training["statistics"]["Total FLOs"] == 3.5424926764630016e+16 and training["training_time"] == "363.7 s"
    said = [(w.code, w.path, w.message) for w in got.warnings]
    assert len(said) == len(set(said))
    assert sum(bool(m.get("verify_token")) for e in got.data["evaluations"] for m in e["metrics"]) == 6  # the Hub's
    assert got.data["model"]["repo_id"] == "philschmid/bart-large-cnn-samsum"


@pytest.mark.parametrize("folder, exact, shown", [
    ("sagemaker_json_indented_4.6", 3.5467769063407616e+16, "3.55e+16"),  # transformers 4.6 logs a float
    ("simcse_state_4.2", 542156885943840, "5.42e+14"),  # 4.2 an int
])
def test_total_flos_are_shown_by_their_magnitude_and_kept_exact(folder, exact, shown):
    """Real trainer_state.json files: the card's Training procedure list showed a float count as Python's repr
    (3.5467769063407616e+16) and an int digit by digit; both are read by their magnitude. The records keep it exact."""
    got = ingest(trainer_dir=SHAPES / folder, repo_id="acme/run")
    assert got.data["training"]["statistics"]["Total FLOs"] == exact
    text = build_card(trainer_dir=SHAPES / folder, repo_id="acme/run").text
    assert f"\n- **Total FLOs:** {shown}\n" in text and repr(exact) not in text


@pytest.mark.parametrize("folder", ["sagemaker_memory_metrics_4.4", "sagemaker_json_indented_4.6"])
def test_a_sagemaker_cards_json_hyperparameters_stand_in_for_unreadable_training_arguments(tmp_path, folder):
    """The Hugging Face SageMaker notebooks' card lists the estimator's hyperparameters (the arguments SageMaker gave
    run_summarization.py) as JSON under "## Hyperparameters": fenced as json (philschmid/bart-large-cnn-samsum, via
    rnpcs's mirror) or indented (NealKapadia/text-summarizer). With training_args.bin a Git LFS pointer in both, the
    card listed num_epochs alone (from the log); the JSON names the rest, as it does with none saved. The card, which
    keeps the README's text, says them once: in that JSON, which holds more (the dataset, the base model), not again
    in a generated list."""
    got = read_trainer_dir(SHAPES / folder)
    assert got.data["training"]["hyperparameters"] == {
        "learning_rate": 5e-05, "train_batch_size": 4, "eval_batch_size": 4, "seed": 7, "num_epochs": 3,
        "mixed_precision_training": "Native AMP"}
    assert "hyperparameters" not in ingest(sources=[SHAPES / folder]).data["training"]
    card = build_card(trainer_dir=SHAPES / folder, repo_id="acme/run").text
    assert card.count('"learning_rate": 5e-05') == 1 and "Training hyperparameters" not in card
    run = tmp_path / "run"
    shutil.copytree(SHAPES / folder, run)
    (run / "training_args.bin").unlink()
    assert read_trainer_dir(run).data["training"]["hyperparameters"]["seed"] == 7
    text = (run / "README.md").read_text()
    (run / "README.md").write_text(text.replace('"seed": 7', '"seed": 7,,'))  # no JSON: nothing read from it
    assert "seed" not in read_trainer_dir(run).data["training"].get("hyperparameters", {})
    assert "- num_epochs: 3" in build_card(trainer_dir=run, repo_id="acme/run").text  # (from the log: said once)
    # arguments that say more than the JSON (a training_args.json with the scheduler): the list keeps what it lacks
    (run / "README.md").write_text(text)
    (run / "training_args.json").write_text(json.dumps({
        "learning_rate": 5e-05, "per_device_train_batch_size": 4, "per_device_eval_batch_size": 4, "seed": 7,
        "num_train_epochs": 3, "fp16": True, "lr_scheduler_type": "cosine", "warmup_steps": 100}))
    card = build_card(trainer_dir=run, repo_id="acme/run").text
    listed = card.split("### Training hyperparameters", 1)[1].split("\n\n###", 1)[0]
    assert "- lr_scheduler_type: cosine" in listed and "- lr_scheduler_warmup_steps: 100" in listed
    assert "learning_rate" not in listed and "seed" not in listed


def test_an_example_scripts_own_arguments_name_the_base_and_batch_size():
    """dylan-slack/Finetuning-DP-Language-Models brown_gpt2_output/ (October 2020): transformers' run_language_modeling.py
    of before the Trainer saved its argparse arguments as training_args.bin (a legacy torch pickle of an
    argparse.Namespace). They name the model trained from (model_name_or_path: gpt2) and the batch sizes by the
    per_gpu_* names of transformers 2.x-3.x, which the card lost: no base model, no train or eval batch size."""
    got = ingest(sources=[SHAPES / "script_namespace_args_2020"])
    assert got.data["model"]["base_model"] == "gpt2"
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["train_batch_size"], hyper["eval_batch_size"], hyper["learning_rate"]) == (1, 4, 5e-05)


def test_a_dpo_checkpoint_of_the_trl_0_7_era_reads_without_loss():
    """SeanGormann/llm_recovery checkpoint-1000/ (PEFT 0.9.0, early 2024): TRL's DPOTrainer of then took plain
    TrainingArguments, so training_args.bin says nothing of DPO; the log's rewards/chosen, logps/rejected, ... keys
    do. The checkpoint, committed alone with PEFT's unfilled card, reads as the DPO run it is, its whole log kept."""
    run = SHAPES / "dpo_training_arguments_peft_0.9"
    got = ingest(sources=[run])
    training = got.data["training"]
    assert training["method"] == "dpo"
    state = json.loads((run / "trainer_state.json").read_text(encoding="utf-8"))
    logged = [e for e in state["log_history"] if "loss" in e]
    assert len(training["results"]) == min(10, len(logged))
    first = training["results"][0]
    assert first["metrics"]["Rewards/chosen"] == logged[0]["rewards/chosen"] and first["training_loss"] == 0.6691
    hyper = training["hyperparameters"]
    assert hyper["optimizer"].startswith("paged_adamw_32bit") and hyper["total_train_batch_size"] == 6
    assert got.data["model"]["base_model"] == "google/gemma-2b-it"
    assert [w.code for w in got.warnings] == ["no-repo-id"]


def test_a_transformers_4_2_run_kept_without_results_files_gets_its_time_and_optimizer():
    """Clound-Computing/2021290246 (transformers 4.2.1): the run's train time is only in the log's train summary
    (train_results.txt is the example script's text, no train_results.json), and its training_args.bin predates
    `optim`. The card had no training time and no optimizer; the time is read from the log's summary, and the
    optimizer is the Adam line transformers' card of those versions wrote from adam_beta1/2 and adam_epsilon."""
    read = read_trainer_dir(SHAPES / "simcse_state_4.2").data
    assert read["training"]["training_time"] == "20.2 s"
    assert read["training"]["hyperparameters"]["optimizer"] == "Adam with betas=(0.9,0.999) and epsilon=1e-08"
    assert "Train loss" not in read["training"]["statistics"]  # 4.2's summary logs none
    assert read["training"]["framework_versions"] == {"Transformers": "4.2.1"}


def test_a_run_kept_as_its_trainer_state_alone_shows_the_train_summary_of_its_log():
    """Francis-xsc/BERT_Weibo_Rumor (transformers 4.24.0.dev0): trainer_state.json and config.json, no results files:
    the log's train summary entry (train_loss 0.3071, train_runtime 5938.5 s) was left out of the card, which
    showed neither; they are what save_metrics("train") would have written."""
    read = read_trainer_dir(SHAPES / "state_with_config_4.24").data
    stats = read["training"]["statistics"]
    assert stats["Train loss"] == 0.3071320072440214 and stats["Total FLOs"] == 1.18478524985856e+17
    assert read["training"]["training_time"] == "1.65 h"


def test_trls_old_ppo_card_of_a_value_head_model_is_read_as_trls_own():
    """TRL's PPOTrainer card (MODEL_CARD_TEMPLATE of TRL 0.1-0.11: "# TRL Model", "This is a [TRL language model]...
    fine-tuned with reinforcement learning", a "## Usage" of the text-generation pipeline and
    AutoModelForCausalLMWithValueHead), here with PEFT's frontmatter: no Trainer or TRL card to the reader, so a
    folder of it alone was refused (no-trainer-files). Now the method is PPO (the template's sentence: TRL 0.4-0.6 and
    PEFT's rewrite tag none), the placeholder title names nothing, the pipeline is text-generation, and TRL's Usage
    gives way to the card's Quick start; its repo id is read when it is one (a save path is not)."""
    read = read_trainer_dir(SHAPES / "trl_ppo_value_head_peft_0.10")
    model = read.data["model"]
    assert (read.data["training"]["method"], model["pipeline_tag"]) == ("ppo", "text-generation")
    assert model["repo_id"] == "Alpha-Romeo/gemma-2b-it-rlhf-kociemba" and "sections" not in read.data
    assert read.title is None and "title-from-folder" not in [w.code for w in read.warnings]
    card = build_card(trainer_dir=SHAPES / "trl_ppo_value_head_peft_0.10").text
    assert "# TRL Model" not in card and "AutoModelForCausalLMWithValueHead" not in card
    assert 'model = PeftModel.from_pretrained(base_model, "Alpha-Romeo/gemma-2b-it-rlhf-kociemba")' in card
    assert "- **Method:** Proximal Policy Optimization (PPO)" in card
    other = read_trainer_dir(SHAPES / "trl_ppo_value_head_peft_0.17")
    assert other.data["training"]["method"] == "ppo" and "repo_id" not in other.data["model"]
    assert other.title == "trl_ppo_value_head_peft_0.17" and "sections" not in other.data


def test_trls_old_ppo_config_saved_as_config_json_gives_the_runs_hyperparameters():
    """TRL 0.x's PPOTrainer (before 0.12) saves its PPOConfig as config.json (huggingface_hub's ModelHubMixin) beside
    the adapter: no model's config, so its settings were lost without a word. Now they are the run's hyperparameters
    (transformers' names where it shares them, then PPO's own), and a warning names the fields TRL fills with its
    defaults whatever the run used (query_dataset imdb, the reward model), which are not read."""
    read = read_trainer_dir(SHAPES / "trl_ppo_config_json_2024")
    hyper = read.data["training"]["hyperparameters"]
    assert (hyper["learning_rate"], hyper["seed"], hyper["batch_size"], hyper["mini_batch_size"]) == (1.41e-05, 0, 1, 1)
    assert (hyper["ppo_epochs"], hyper["init_kl_coef"], hyper["target"], hyper["horizon"]) == (4, 0.2, 6, 10000)
    assert hyper["cliprange"] == 0.2 and "target_kl" not in hyper and "steps" not in hyper  # early_stopping false
    assert read.data["training"]["method"] == "ppo" and "datasets" not in read.data["model"]
    assert read.data["model"]["base_model"] == "google/gemma-2b-it" and "details" not in read.data["model"]
    said = [w for w in read.warnings if w.path == "config.json"]
    assert [w.code for w in said] == ["not-kept"] and "query_dataset 'imdb'" in said[0].message
    card = build_card(trainer_dir=SHAPES / "trl_ppo_config_json_2024").text
    assert "- learning_rate: 1.41e-05\n- batch_size: 1\n- mini_batch_size: 1\n- seed: 0\n" in card
    assert "- ppo_epochs: 4\n" in card and "imdb" not in card


@pytest.mark.parametrize(("run", "task"), [("trl-0.19.1-prm", "token-classification"),
                                           ("trl-0.19.1-reward", "text-classification")])
def test_a_trl_prm_or_reward_card_alone_names_the_classifier_it_trained(tmp_path, run, task):
    """The README TRL 0.19.1 wrote for a PRMTrainer (AutoModelForTokenClassification) or RewardTrainer
    (AutoModelForSequenceClassification) run, kept alone: its Quick start is every TRL card's text-generation pipeline
    (model="None"), which made the card text-generation with a chat Quick start; its `prm` / `reward-trainer` tag
    says the classifier, as config.json (left out here) does."""
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(FIXTURES / "versions" / "trainer" / run / "README.md", folder / "README.md")
    assert read_trainer_dir(folder).data["model"]["pipeline_tag"] == task
    card = build_card(trainer_dir=folder, repo_id="acme/rm").text
    assert f"\npipeline_tag: {task}\n" in card and '"text-generation"' not in card
    with_config = read_trainer_dir(FIXTURES / "versions" / "trainer" / run).data["model"]
    assert with_config["pipeline_tag"] == task



def test_a_run_readme_whose_metadata_sits_below_a_note_is_read_as_its_metadata(tmp_path):
    """syGOAT/Mistral-v0.2-Translator-bf16: LLaMA-Factory wrote the card, a person put a note above its `---`. The
    Hub reads no metadata from it, and build showed the YAML as text in the header; the run's card now takes its
    base model and tags (LLaMA-Factory's placeholder license left out, as always), keeps the note, and says so."""
    run = tmp_path / "run"
    run.mkdir()
    shutil.copy(Path(__file__).parent / "card_shapes" / "llamafactory_note_above_frontmatter.md", run / "README.md")
    card = build_card(trainer_dir=run, repo_id="acme/translator", output=tmp_path / "README.md")
    assert "frontmatter-not-at-top" in [w.code for w in card.warnings]
    assert "base_model: mistralai/Mistral-7B-Instruct-v0.2\n" in card.text and "- llama-factory\n" in card.text
    header = card.text.split("<!-- modelcard-generator:end header", 1)[0]
    assert "**Note: Please see" in header and "library_name: peft\ntags:" not in header.split("---", 2)[2]
    assert validate_card(tmp_path / "README.md").ok


def test_the_trainers_model_preparation_time_is_no_result_of_a_readme_only_run():
    """Karthik-MP/hugging_face_translations (the course's Marian run, transformers 4.46, committed without
    trainer_state.json): the Trainer's "It achieves" list holds "Model Preparation Time: 0.0069" (a timing transformers
    4.45 on logs with each evaluation, which its own card does not leave out); the card's final results are the loss
    and BLEU, as they are when the run's log is read."""
    run = SHAPES / "marian_course_kde4_4.46"
    assert "- Model Preparation Time: 0.0069" in (run / "README.md").read_text(encoding="utf-8")
    built = build_card(trainer_dir=run, repo_id="acme/opus-mt")
    assert built.records.training is not None
    assert [name for name, _ in built.records.training.eval_results] == ["Loss", "Bleu"]
    assert "Model Preparation Time" not in built.text and "- Bleu: 52.9020\n" in built.text


@pytest.mark.parametrize("run", ["bleu_precisions_list_4.10", "confusion_matrix_list_4.25"])
def test_a_results_table_of_text_cells_stays_in_its_place_under_its_heading(tmp_path, run):
    """A Trainer card's "### Training results" table whose cells the records cannot hold (a list per row: BLEU's
    precisions, a confusion matrix) is kept as the Trainer wrote it; it came after "### Framework versions" under a
    "## Training results" of its own (50 of 52 such real cards). It stays where the Trainer put it, under its `###`
    heading, before the final results and the versions, and the card imported renders as it was."""
    card = tmp_path / "README.md"
    text = build_card(trainer_dir=SHAPES / run, output=card).text
    assert "\n## Training results" not in text and text.count("### Training results") == 1
    assert text.index("### Training hyperparameters") < text.index("### Training results") < \
        text.index("It achieves the following results") < text.index("### Framework versions")
    results = text.split("### Training results", 1)[1].split("It achieves", 1)[0]
    assert "| Training Loss | Epoch | Step |" in results and "[" in results
    assert render(records_from_data(ingest(sources=[card]).data)).text == text


def test_a_language_the_hub_refuses_in_the_trainers_card_is_left_out_not_the_run(tmp_path):
    """run_speech_recognition_ctc.py writes the dataset's config name as the language (`default`, a local copy of a
    Common Voice set): the merged records refused the whole build; the item is left out, saying so, as the card
    importer leaves it out of a card."""
    read = read_trainer_dir(SHAPES / "ctc_language_default_4.36")
    assert "language" not in read.data["model"]
    assert [(w.code, w.path) for w in read.warnings if "language" in w.path] == [
        ("unknown-language", "README.md: language[0]")]
    build_card(trainer_dir=SHAPES / "ctc_language_default_4.36", repo_id="acme/wav2vec2-ctc",
               output=tmp_path / "card.md")
    text = (tmp_path / "card.md").read_text()
    assert "language:" not in text and "- Wer: 0.6323\n" in text


def test_a_transformers_5_run_whose_files_name_no_base_says_so_unless_the_records_do(tmp_path):
    """transformers 5 saves config.json without _name_or_path (a real 5.25 run: no file of its output_dir names the
    model it loaded): the card names no base model, and a warning says why and how to give it."""
    shape = SHAPES / "base_unsaved_config_5.25"
    got = build_card(trainer_dir=shape, repo_id="acme/tiny-ft")
    said = [w for w in got.warnings if w.code == "base-model-unnamed"]
    assert [(w.path, w.severity) for w in said] == [("config.json", "warning")]
    assert "model.base_model" in said[0].fix and not got.records.model.base_model and "base_model" not in got.text
    records = tmp_path / "r.yaml"
    records.write_text("model:\n  base_model: acme/tiny-base\n", encoding="utf-8")
    named = build_card(trainer_dir=shape, records=[records], repo_id="acme/tiny-ft")
    assert not [w for w in named.warnings if w.code == "base-model-unnamed"]
    assert "base_model: acme/tiny-base\n" in named.text
    # 4.49 and before wrote _name_or_path; left out there (its default "", a model built from a config) it says nothing
    older = tmp_path / "run"
    older.mkdir()
    config = json.loads((shape / "config.json").read_text(encoding="utf-8"))
    (older / "config.json").write_text(json.dumps({**config, "transformers_version": "4.49.0"}), encoding="utf-8")
    assert not [w for w in build_card(trainer_dir=older, repo_id="acme/tiny-ft").warnings
                if w.code == "base-model-unnamed"]


@pytest.mark.parametrize("run", ["transformers-4.52.4", "transformers-4.57.1", "trl-0.24.0-sft"])
def test_a_transformers_4_50_or_later_run_whose_files_name_no_base_says_so(run):
    """transformers 4.50.0's to_diff_dict, not 5.0's, first deleted _name_or_path from config.json: real 4.52.4 and
    4.57.1 runs of a model loaded from a folder (their READMEs name no base, as the folder is local) saved none, and
    the card named no base model without a word; the 4.46.3 and 4.49.0 runs' config.json keep the folder's path."""
    said = [w for w in build_card(trainer_dir=FIXTURES / "versions" / "trainer" / run, repo_id="acme/tiny-ft").warnings
            if w.code == "base-model-unnamed"]
    assert [w.path for w in said] == ["config.json"] and "4.50 and later" in said[0].message
    for kept in ("transformers-4.46.3", "trl-0.15.2-sft"):
        assert "_name_or_path" in json.loads((FIXTURES / "versions" / "trainer" / kept / "config.json").read_text())
        assert not [w for w in build_card(trainer_dir=FIXTURES / "versions" / "trainer" / kept,
                                          repo_id="acme/tiny-ft").warnings if w.code == "base-model-unnamed"]


def test_a_metadata_block_a_person_put_on_top_of_trls_is_read_with_it(tmp_path):
    """A `license:` block stacked on TRL's metadata block (ORIGINS.txt): TRL's block was read as body text, under the
    card's title, its trl / sft tags lost; both are read, the first block's keys winning, with a warning."""
    read = read_trainer_dir(SHAPES / "stacked_frontmatter_trl_0.19")
    model = read.data["model"]
    assert model["license"] == "apache-2.0" and {"trl", "sft"} <= set(model["tags"])
    assert [(w.code, w.path) for w in read.warnings if w.code == "stacked-frontmatter"] == [
        ("stacked-frontmatter", "README.md frontmatter")]
    built = build_card(trainer_dir=SHAPES / "stacked_frontmatter_trl_0.19", repo_id="acme/qwen7b-alpaca")
    assert "library_name: peft\n" in built.text and "model_name:" not in built.text
    assert built.text.count("\n---\n") == 1  # the frontmatter's end alone: no block left in the body


def test_an_encoder_decoder_models_base_is_the_model_both_halves_were_loaded_from(tmp_path):
    """A bert2bert (ORIGINS.txt): config.json names its base only in the encoder's and the decoder's sub-configs."""
    shape = SHAPES / "bert2bert_halves_base_4.35"
    assert read_trainer_dir(shape).data["model"]["base_model"] == "gaunernst/bert-tiny-uncased"
    config = json.loads((shape / "config.json").read_text(encoding="utf-8"))
    config["decoder"]["_name_or_path"] = "openai-community/gpt2"  # two models: neither is the base
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    assert "base_model" not in read_trainer_dir(tmp_path).data["model"]


def test_a_folder_whose_run_is_below_it_is_refused_naming_that_folder(tmp_path):
    """The repository's top passed for its run (Fujump/qlora keeps it in output/, WELCOME-project/disfluency-tool in
    model/), or a hyperparameter search's output_dir, whose trials are run-0/, run-1/ ... each holding its checkpoints:
    the refusal said to pass the Trainer's output_dir, which the user thought they had; it names the folders below
    that hold a run."""
    with pytest.raises(InputError) as caught:
        read_trainer_dir(SHAPES / "state_only_4.29")
    problem = caught.value.problems[0]
    assert problem.code == "no-trainer-files" and "; output/ below it holds them" in problem.message
    assert problem.fix == "pass that folder (the run's output_dir) instead"
    search = tmp_path / "hp_search"
    for trial in range(7):
        shutil.copytree(SHAPES / "state_only_4.29" / "output", search / f"run-{trial}" / "checkpoint-40")
    (search / "runs").mkdir()  # the TensorBoard logs' folder, no run
    with pytest.raises(InputError) as caught:
        read_trainer_dir(search)
    problem = caught.value.problems[0]
    assert "; run-0/, run-1/, run-2/, run-3/, run-4/ and 2 more below it hold them" in problem.message
    assert problem.fix == "pass one of those folders (each a run's output_dir) instead"
    assert read_trainer_dir(search / "run-3").title == "run-3"  # each trial reads as the run it is
    with pytest.raises(InputError) as caught:
        read_trainer_dir(search / "runs")
    assert "below it" not in caught.value.problems[0].message


def test_the_early_stopping_a_run_had_is_among_its_hyperparameters_and_said_when_it_stopped_the_run(tmp_path):
    """transformers 4.38+ saves the state of an EarlyStoppingCallback in trainer_state.json (stateful_callbacks): its
    patience and threshold are settings of the run the card left out; a count of evaluations without improvement
    that had reached the patience before the last planned step says the callback stopped the run, which the card
    showed only as a global step below training_steps."""
    training = read_trainer_dir(SHAPES / "early_stopping_4.51").data["training"]
    assert training["hyperparameters"]["early_stopping_patience"] == 2
    assert training["hyperparameters"]["early_stopping_threshold"] == 0.001
    assert "Early stopping" not in training["statistics"]  # counter 0, the run went its 1588 steps

    state = json.loads((SHAPES / "early_stopping_4.51" / "trainer_state.json").read_text(encoding="utf-8"))
    state["stateful_callbacks"]["EarlyStoppingCallback"]["attributes"]["early_stopping_patience_counter"] = 2
    state["global_step"], state["max_steps"] = 794, 2382  # stopped after its first epoch of three
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    training = read_trainer_dir(folder).data["training"]
    assert training["statistics"]["Early stopping"] == "stopped at step 794 of 2382"
    assert "- **Early stopping:** stopped at step 794 of 2382\n" in build_card(trainer_dir=folder, repo_id="a/b").text


def test_a_transformers_4_6_cards_untasked_results_take_the_runs_pipeline_tag(tmp_path):
    # transformers 4.6's card: its model-index results name a dataset and metrics, no task (the Hub needs one)
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "untasked_index_4.6", folder)
    card = build_card(trainer_dir=folder, repo_id="acme/mrpc", output=tmp_path / "c.md")
    meta, _ = split_card(card.text, "c.md")
    index = meta["model-index"][0]["results"]
    assert [(r["task"]["type"], r["dataset"]["type"], [(m["type"], m["value"]) for m in r["metrics"]])
            for r in index] == [("text-classification", "glue", [("accuracy", 0.8603), ("f1", 0.9018)])]
    said = [w for w in card.warnings if w.path.endswith(".task.type")]
    assert [w.message for w in said] == ["is missing, which the Hub needs; read as the card's pipeline_tag, "
                                         "'text-classification', which the card's model-index will name"]
    report = validate_card(tmp_path / "c.md")
    assert report.ok, [str(p) for p in report.problems]
    (folder / "config.json").unlink()  # the README alone names no task: the results stay out of model-index
    evaluation = read_trainer_dir(folder).data["evaluations"][0]
    assert evaluation["model_index"] is False and "task" not in evaluation


def test_trl_0_13s_saved_card_names_its_method_in_its_trainer_line_alone(tmp_path):
    # TRL 0.12-0.18 tag a card they save (not push) generated_from_trainer alone: "This model was trained with DPO,
    # a method introduced in [...]" names the method, which the card's Method line says with its paper
    folder = SHAPES / "trl_0.13_dpo_comet_readme_only"
    read = read_trainer_dir(folder)
    assert read.data["training"]["method"] == "dpo" and "description" not in read.data["training"]
    assert read.data["model"]["links"] == {"Weights & Biases run": "https://wandb.ai/acme/dpo/runs/abc123",
                                           "Comet run": "https://www.comet.com/acme/dpo/abc123"}
    card = build_card(trainer_dir=folder, repo_id="acme/Qwen2.5-0.5B-DPO", output=tmp_path / "c.md").text
    assert "- **Method:** Direct Preference Optimization (DPO), introduced in [" in card
    assert "This model was trained with DPO" not in card
    run = tmp_path / "run"  # a person's line of the same words names no method TRL has a trainer for
    shutil.copytree(folder, run)
    text = (run / "README.md").read_text(encoding="utf-8")
    (run / "README.md").write_text(text.replace("trained with DPO, a method", "trained with LoRA adapters, a method"),
                                   encoding="utf-8")
    assert "method" not in read_trainer_dir(run).data["training"]


def test_trl_0_16s_saved_reward_card_is_a_classifiers(tmp_path):
    # TRL 0.16's card of a reward model is the language model's (a text-generation Quick start), tagged with no
    # method when saved: its line "This model was trained with Reward." says it is a sequence classifier
    folder = SHAPES / "trl_0.16_reward_lm_card_readme_only"
    data = read_trainer_dir(folder).data
    assert (data["training"]["method"], data["model"]["pipeline_tag"]) == ("reward", "text-classification")
    built = build_card(trainer_dir=folder, repo_id="acme/Qwen2.5-0.5B-RM", output=tmp_path / "c.md")
    assert "pipeline_tag: text-classification" in built.text and 'pipeline("text-generation"' not in built.text
    assert validate_card(tmp_path / "c.md").ok


def test_a_state_saved_before_training_ended_says_so(tmp_path):
    """A checkpoint's trainer_state.json at the top of a real repo (step 50 of 66, no summary of train() in its log):
    the card said 'Global step: 50' beside 'num_epochs: 3' and nothing of the 16 steps it has no record of; it says
    the state is of step 50 of 66, saved before training ended. A run that ended (its summary logged) says nothing."""
    folder = SHAPES / "checkpoint_state_at_top_4.38"
    stats = read_trainer_dir(folder).data["training"]["statistics"]
    assert stats["Saved at"] == "step 50 of 66, before training ended (the training log on this card ends there)"
    text = build_card(trainer_dir=folder, repo_id="a/b").text
    assert "- **Saved at:** step 50 of 66, before training ended (the training log on this card ends there)\n" in text
    state = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
    state["log_history"].append({"epoch": 2.9, "step": 50, "train_runtime": 70.5, "train_loss": 0.3})
    (tmp_path / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    assert "Saved at" not in read_trainer_dir(tmp_path).data["training"]["statistics"]  # ended (stopped) at 50


def test_of_two_runs_into_one_output_dir_the_checkpoint_read_is_the_top_runs():
    """Two TRL CLI runs into one output_dir (6 steps, then 2): the top holds the second's model and arguments and no
    trainer_state.json, and the last checkpoint, checkpoint-6, is the first run's. The card gave the first run's
    steps and results beside the second's learning rate (with a warning that they disagree); it reads the second's
    checkpoint-2, whose training_args.bin is the top's."""
    result = read_trainer_dir(SHAPES / "two_runs_one_output_dir_trl_1.16")
    training = result.data["training"]
    assert training["statistics"]["Global step"] == 2 and training["hyperparameters"]["training_steps"] == 2
    assert training["hyperparameters"]["learning_rate"] == 0.003
    warning = next(w for w in result.warnings if w.code == "state-in-checkpoint")
    assert "read checkpoint-2, the last checkpoint of the run whose training_args.bin is at the top (checkpoint-6 " \
           "holds another run's)" in warning.message
    assert not [w for w in result.warnings if "another run in the same output_dir" in w.message]

def test_a_cpu_run_of_two_processes_is_not_called_multi_gpu():
    """accelerate's MULTI_CPU state (a real 2-process CPU run of transformers 5.25) is multi-CPU, not transformers'
    multi-GPU; a GPU run's, and the other accelerators', name their devices."""
    hyper = read_trainer_dir(SHAPES / "ddp_cpu_two_processes_5.25").data["training"]["hyperparameters"]
    assert hyper["distributed_type"] == "multi-CPU" and hyper["num_devices"] == 2
    state = {"distributed_type": "MULTI_GPU", "num_processes": 2, "device": "cuda:0"}
    assert hyperparameters({"distributed_state": state})["distributed_type"] == "multi-GPU"
    for kind, device, named in (("MULTI_XPU", "xpu:0", "multi-XPU"), ("DEEPSPEED", "cuda:0", "multi-GPU"),
                                ("FSDP", "cpu", "multi-CPU"), ("XLA", "xla:0", "tpu")):
        state = {"distributed_type": kind, "num_processes": 2, "device": device}
        assert hyperparameters({"distributed_state": state})["distributed_type"] == named, kind


def test_a_hyperparameter_search_trial_says_what_the_search_chose():
    """A trial's folder of a real Trainer.hyperparameter_search (optuna, transformers 5.25): the card says it is one
    trial and which settings the search chose, in the search space's order; a run that is no trial says nothing."""
    stats = read_trainer_dir(SHAPES / "hp_search_trial_optuna_5.25" / "run-1").data["training"]["statistics"]
    assert stats["Hyperparameter search"] == ("one trial of the Trainer's hyperparameter search, which chose "
                                              "learning_rate=0.0026921349855760523, per_device_train_batch_size=2")
    assert search_trial({"is_hyper_param_search": True, "trial_name": "trial-3", "trial_params": {"seed": 7}}) == \
        "one trial (trial-3) of the Trainer's hyperparameter search, which chose seed=7"
    assert search_trial({"is_hyper_param_search": False, "trial_params": None}) is None


def test_a_state_short_of_the_planned_last_step_says_the_steps_planned(tmp_path):
    """A real run asked for 15 epochs (645 steps) whose state ends at step 130, its log without train()'s summary: the
    card says it was saved before training ended; the same state with the summary (a run a callback stopped, or an
    early stopping before transformers 4.38, which saves no callback state) gives the planned steps beside the
    global step; a run that reached them (or says it stopped early, as EarlyStoppingCallback's state does) neither."""
    shape = SHAPES / "stopped_before_planned_state_only_4.36"
    stats = read_trainer_dir(shape).data["training"]["statistics"]
    assert stats["Global step"] == 130 and "Planned steps" not in stats
    assert stats["Saved at"].startswith("step 130 of 645, before training ended")
    ended = tmp_path / "ended"
    shutil.copytree(shape, ended)
    state = json.loads((ended / "trainer_state.json").read_text())
    state["log_history"].append({"epoch": state["epoch"], "step": 130, "train_runtime": 60.0, "train_loss": 0.5})
    (ended / "trainer_state.json").write_text(json.dumps(state))
    stats = read_trainer_dir(ended).data["training"]["statistics"]
    assert list(stats)[:3] == ["Global step", "Planned steps", "Epochs"] and stats["Planned steps"] == 645
    assert "Saved at" not in stats
    stats = read_trainer_dir(SHAPES / "hp_search_trial_optuna_5.25" / "run-1").data["training"]["statistics"]
    assert stats["Global step"] == 4 and "Planned steps" not in stats and "Saved at" not in stats


def test_the_perplexity_run_clm_and_run_mlm_save_is_the_eval_sets():
    """transformers' run_clm.py / run_mlm.py save_metrics("eval") with a `perplexity` of no split prefix (a real
    run's files): it is the eval set's final result, with its loss and accuracy, where it was dropped without a word."""
    result = read_trainer_dir(SHAPES / "run_clm_perplexity_results_4.23")
    results = result.data["training"]["eval_results"]
    assert results["Perplexity"] == 1.3460141996134376 and results["Loss"] == 0.2971477806568146
    assert results["Accuracy"] == 0.9415884935138386


def test_a_misnamed_checkpoint_beside_the_last_one_is_named_in_the_warning(tmp_path):
    """huyjaky/ocr-models keeps checkpoint-40/ and cheeckpoint-80/ (Dope4ever/MBTI chechpoint-170/, ...): a folder
    renamed by hand is not read as a checkpoint (it may be another run's), but the warning that says checkpoint-40
    was read as the last one names it and how to read it, where it said nothing of it."""
    state = SHAPES / "hp_search_trial_optuna_5.25" / "run-1" / "checkpoint-4" / "trainer_state.json"
    for name in ("checkpoint-40", "cheeckpoint-80", "checkpoint_90", "runs-2"):
        (tmp_path / name).mkdir()
        shutil.copy(state, tmp_path / name / "trainer_state.json")
    warned = [w for w in read_trainer_dir(tmp_path).warnings if w.code == "state-in-checkpoint"]
    assert len(warned) == 1 and "read checkpoint-40, the last checkpoint" in warned[0].message
    assert "cheeckpoint-80/, checkpoint_90/ look like checkpoints misnamed, not read" in warned[0].message
    assert "--checkpoint checkpoint_90" in warned[0].fix
    assert read_trainer_dir(tmp_path, checkpoint="cheeckpoint-80").data["training"]["statistics"]["Global step"] == 4

def test_a_transformers_4_9_readme_alone_gives_every_metric_its_model_index_meant(tmp_path):
    """transformers 4.7-4.9 kept the last of a result's metrics in model_index (card_shapes'
    transformers_4.8_model_index.md, F1 of accuracy and f1): a README-only run folder's model-index has both, the
    Accuracy from the card's "It achieves" list, in the card's `metrics` order, as the card import reads it."""
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(FIXTURES.parent / "card_shapes" / "transformers_4.8_model_index.md", folder / "README.md")
    card = build_card(trainer_dir=folder, repo_id="acme/mrpc", output=tmp_path / "c.md")
    [result] = split_card(card.text, "card")[0]["model-index"][0]["results"]
    assert [(m["type"], m["value"]) for m in result["metrics"]] == [("accuracy", 0.8603), ("f1", 0.901)]
    # a card whose list lacks a metric the `metrics` list names is left as it is
    (folder / "README.md").write_text((folder / "README.md").read_text().replace("- Accuracy: 0.8603\n", ""))
    card = build_card(trainer_dir=folder, repo_id="acme/mrpc", output=tmp_path / "c.md")
    [result] = split_card(card.text, "card")[0]["model-index"][0]["results"]
    assert [m["type"] for m in result["metrics"]] == ["f1"]


def test_a_persons_card_in_the_adapters_sub_folder_is_said_not_read(tmp_path):
    """williyam-m/hallucination-detector-gym: TRL 1.0's card at the top, the adapter in final/ with a card its authors
    wrote (license, language, their text): the card is built from the run's files and TRL's README, and a warning
    names final/README.md and how to read it with the run; PEFT's unfilled card in the sub-folder is no person's."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_1.0_person_card_in_subfolder", run)
    read = read_trainer_dir(run)
    said = [w for w in read.warnings if w.code == "subfolder-card-not-read"]
    assert [w.path for w in said] == ["final/README.md"]
    assert "'# Hallucination Detector Agent" in said[0].message and "OUT/final/README.md" in said[0].fix
    assert read.data["model"]["base_model"] == "Qwen/Qwen3-0.6B" and "license" not in read.data["model"]
    (run / "final" / "README.md").write_text((SHAPES / "trl_0.27_adapter_subfolder" / "README.md").read_text())
    assert not [w for w in read_trainer_dir(run).warnings if w.code == "subfolder-card-not-read"]  # TRL's own card
    peft = "---\nbase_model: Qwen/Qwen3-0.6B\nlibrary_name: peft\n---\n\n# Model Card for Model ID\n\n" \
        "<!-- Provide a quick summary of what the model is/does. -->\n\n\n\n## Model Details\n\n### Model Description\n"
    (run / "final" / "README.md").write_text(peft)
    assert not [w for w in read_trainer_dir(run).warnings if w.code == "subfolder-card-not-read"]  # PEFT's template


@pytest.mark.parametrize("model_type", [[], ["deberta-v2"], {"name": "deberta-v2"}])
def test_a_config_whose_model_type_is_no_string_gives_the_pipeline_its_architecture_does(tmp_path, model_type):
    """A config.json whose model_type is a list or mapping (llm-jp/Toxicity_Filter's, fuzzed) was an internal error
    (TypeError: unhashable, looking it up among the image-to-text pairs): the architecture alone tells the pipeline."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text(json.dumps({"architectures": ["DebertaV2ForSequenceClassification"],
                                                 "model_type": model_type}))
    got = ingest(sources=[], trainer_dir=run, repo_id="acme/run")
    assert got.data["model"]["pipeline_tag"] == "text-classification"


def test_a_scripts_dumped_arguments_name_the_model_it_loaded():
    """Lawliet19189/LongAnswer-QA's args.json is its script's arguments, the model's with the Trainer's: its
    model_name_or_path is the base model, as an argparse.Namespace's in training_args.bin is."""
    got = read_trainer_dir(SHAPES / "script_args_json_longformer", repo_id="acme/qa")
    assert got.data["model"]["base_model"] == "allenai/longformer-base-4096"
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 0.0001


def test_another_programs_args_json_alone_is_refused_naming_it(tmp_path):
    """Kerasam12/DocVQA's args.json holds its project's settings, none of any training tool's arguments: said so, and
    a folder with nothing else is refused (it gave an empty card without a word)."""
    with pytest.raises(InputError) as raised:
        read_trainer_dir(SHAPES / "project_args_json_docvqa", repo_id="acme/x")
    [problem] = raised.value.problems
    assert problem.code == "foreign-args" and problem.path == "args.json" and "MAX_LEN_STR" in problem.message
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "project_args_json_docvqa", run)
    (run / "all_results.json").write_text('{"epoch": 1.0, "train_loss": 0.5}')
    got = read_trainer_dir(run, repo_id="acme/x")
    assert [w.code for w in got.warnings if w.path == "args.json"] == ["foreign-args"]
    assert got.data["training"]["statistics"]["Train loss"] == 0.5


def test_a_folder_of_git_lfs_pointers_readme_and_templates_too_is_refused(tmp_path):
    """Observer-18/nlp keeps every file in Git LFS: the README's pointer is no text of the card, a pointer is no chat
    template nor adapter, so nothing is read and the folder is refused, naming the pointers; beside a real results
    file the README's pointer is said, and not on the card."""
    with pytest.raises(InputError) as raised:
        read_trainer_dir(SHAPES / "lfs_pointers_llamaboard", repo_id="acme/x")
    assert {p.path for p in raised.value.problems} >= {"README.md", "trainer_state.json"}
    assert {p.code for p in raised.value.problems} == {"lfs-pointer"}
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "lfs_pointers_llamaboard", run)
    (run / "all_results.json").write_text('{"epoch": 1.0, "train_loss": 0.5}')
    card = build_card(trainer_dir=run, repo_id="acme/x")
    assert "git-lfs" not in card.text and "library_name: peft" not in card.text
    assert [w.code for w in card.warnings if w.path == "README.md"] == ["lfs-pointer"]


CHECKPOINT_ASKED = SHAPES / "checkpoint_asked_before_end_4.11"


def test_a_checkpoint_asked_for_before_the_end_gets_its_own_results_not_the_final_ones():
    """SwapnilupGrad/HugginFace keeps a run_glue output_dir pushed with hub_strategy all_checkpoints: the final
    all_results.json, eval_results.json, train_results.json and README (model-index) at the top, and checkpoint-22741,
    -45482 and -68223 (one each epoch). `build --checkpoint checkpoint-22741` described the checkpoint's log but gave
    the final evaluation (accuracy 0.9084, not the checkpoint's 0.8925), the final train loss and time, and the
    final model-index as that checkpoint's."""
    got = read_trainer_dir(CHECKPOINT_ASKED, checkpoint="checkpoint-20")
    training = got.data["training"]
    assert training["eval_results"] == {"Loss": 0.3317, "Accuracy": 0.8712, "F1": 0.8403}
    assert training["statistics"]["Global step"] == 20 and "Train loss" not in training["statistics"]
    assert "training_time" not in training and "evaluations" not in got.data
    warned = [w for w in got.warnings if w.code == "final-results-not-checkpoint"]
    assert len(warned) == 1 and "checkpoint-20 is step 20 of 60" in warned[0].message
    assert "all_results.json" in warned[0].message and "README.md gives of results (its model-index too)" in warned[0].message
    card = build_card(trainer_dir=CHECKPOINT_ASKED, checkpoint="checkpoint-20", repo_id="acme/qqp").text
    assert "0.8957" not in card and "- Accuracy: 0.8712" in card


def test_a_checkpoint_asked_for_has_its_trainer_state_read_once(monkeypatch):
    """`build --checkpoint` read the checkpoint's trainer_state.json twice: for its step, to know whether it was
    saved before the run's end, and again for its log."""
    import os
    import pathlib

    state = os.fspath(CHECKPOINT_ASKED / "checkpoint-20" / "trainer_state.json")
    opened: list[str] = []  # the reads of a whole file (generator.io.files reads with os.open; a look at a file's
    # head for a Git LFS pointer, trainer_files.stand_in, is no read of it)
    os_open, read_text, read_bytes = os.open, pathlib.Path.read_text, pathlib.Path.read_bytes

    def counted_os_open(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return os_open(path, *args, **kwargs)

    def counted(read):
        def reading(self, *args, **kwargs):
            opened.append(os.fspath(self))
            return read(self, *args, **kwargs)
        return reading

    monkeypatch.setattr(os, "open", counted_os_open)
    monkeypatch.setattr(pathlib.Path, "read_text", counted(read_text))
    monkeypatch.setattr(pathlib.Path, "read_bytes", counted(read_bytes))
    got = read_trainer_dir(CHECKPOINT_ASKED, checkpoint="checkpoint-20")
    assert got.data["training"]["statistics"]["Global step"] == 20
    assert [w for w in got.warnings if w.code == "final-results-not-checkpoint"]  # its step still known early
    assert opened.count(state) == 1


def test_a_checkpoint_asked_for_by_its_step_is_that_checkpoint_and_the_last_keeps_the_final_results():
    by_step = read_trainer_dir(CHECKPOINT_ASKED, checkpoint="20").data
    assert by_step == read_trainer_dir(CHECKPOINT_ASKED, checkpoint="checkpoint-20").data
    assert by_step == read_trainer_dir(CHECKPOINT_ASKED, checkpoint=str(CHECKPOINT_ASKED / "checkpoint-20")).data


def test_a_checkpoint_asked_for_by_its_path_from_the_working_folder_is_that_checkpoint(monkeypatch):
    """`build --trainer-dir out --checkpoint out/checkpoint-20`, as a shell completes the path: read as
    checkpoint-20 of out, where out/out/checkpoint-20 was looked for and the path refused."""
    monkeypatch.chdir(CHECKPOINT_ASKED.parent)
    name = CHECKPOINT_ASKED.name
    got = read_trainer_dir(Path(name), checkpoint=f"{name}/checkpoint-20").data
    assert got["training"]["statistics"]["Global step"] == 20
    last = read_trainer_dir(CHECKPOINT_ASKED, checkpoint="checkpoint-60")
    assert last.data["training"]["eval_results"]["Accuracy"] == 0.8957 and last.data["evaluations"]
    assert last.data["training"]["statistics"]["Train loss"] == 0.2974
    assert not [w for w in last.warnings if w.code == "final-results-not-checkpoint"]


@pytest.mark.parametrize("name", ["checkpoint-99", "99", "chekpoint-20"])
def test_a_checkpoint_the_folder_does_not_hold_is_refused_naming_those_it_holds(name):
    """`--checkpoint` naming no sub-folder (a typo, a step never saved) built the final model's card silently."""
    with pytest.raises(InputError) as raised:
        read_trainer_dir(CHECKPOINT_ASKED, checkpoint=name)
    (problem,) = raised.value.problems
    assert problem.code == "no-such-checkpoint" and "checkpoint-20, checkpoint-60" in problem.message


def test_a_checkpoint_asked_for_is_known_earlier_by_the_last_checkpoint_when_the_top_state_is_a_pointer(tmp_path):
    """A clone without its LFS content keeps trainer_state.json at the top as a pointer: the later checkpoint-60 says
    checkpoint-20 is not the run's end, whose results the top's files hold."""
    shutil.copytree(CHECKPOINT_ASKED, tmp_path / "run")
    (tmp_path / "run" / "trainer_state.json").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 2048\n")
    got = read_trainer_dir(tmp_path / "run", checkpoint="checkpoint-20")
    assert got.data["training"]["eval_results"]["Accuracy"] == 0.8712
    assert [w for w in got.warnings if w.code == "final-results-not-checkpoint"]


def test_a_checkpoint_asked_for_that_logged_no_evaluation_does_not_take_the_final_results_of_the_readme(tmp_path):
    """The trainer's README at the top lists the final evaluation ("It achieves ..."): a checkpoint whose own log
    holds no evaluation took that list as its results."""
    shutil.copytree(CHECKPOINT_ASKED, tmp_path / "run")
    state = tmp_path / "run" / "checkpoint-20" / "trainer_state.json"
    data = json.loads(state.read_text())
    data["log_history"] = [e for e in data["log_history"] if "eval_loss" not in e]
    state.write_text(json.dumps(data))
    got = read_trainer_dir(tmp_path / "run", checkpoint="checkpoint-20")
    assert "eval_results" not in got.data["training"] and "evaluations" not in got.data
    assert "0.8957" not in build_card(trainer_dir=tmp_path / "run", checkpoint="20", repo_id="acme/qqp").text


# LLaVA's own TrainingArguments (haotian-liu/LLaVA llava/train/train.py), subclassing transformers': the fields it adds
LLAVA_FIELDS = {"cache_dir": None, "freeze_mm_mlp_adapter": False, "mpt_attn_impl": "triton", "model_max_length": 2048,
                "double_quant": True, "quant_type": "nf4", "bits": 16, "lora_enable": True, "lora_r": 128,
                "lora_alpha": 256, "lora_dropout": 0.05, "lora_weight_path": "", "lora_bias": "none",
                "mm_projector_lr": 2e-05, "group_by_modality_length": True}


def _subclass_args(monkeypatch, module_name: str, fields: dict[str, Any]) -> bytes:
    """A training_args.bin of a script's own subclass of TrainingArguments: the fixture run's arguments and the
    subclass's ``fields``, pickled under the class ``module_name.TrainingArguments`` (as torch.save of LLaVA's
    does; runs55 made one of a `__main__` subclass with transformers 5.x)."""
    module = type(sys)(module_name)

    class TrainingArguments:
        pass

    TrainingArguments.__module__ = module_name
    TrainingArguments.__qualname__ = "TrainingArguments"
    module.TrainingArguments = TrainingArguments  # type: ignore[attr-defined]
    parts = module_name.split(".")
    with monkeypatch.context() as patch:  # (pickle imports the class's module and its parents to check it)
        for i in range(1, len(parts)):
            patch.setitem(sys.modules, ".".join(parts[:i]), type(sys)(".".join(parts[:i])))
        patch.setitem(sys.modules, module_name, module)
        args = TrainingArguments()
        args.__dict__.update({**read_training_args(FIXTURES / "trainer_sft" / "training_args.bin").fields, **fields})
        return pickle.dumps(args, protocol=2)


def test_a_scripts_own_training_arguments_subclass_lists_the_fields_it_adds(tmp_path, monkeypatch):
    """LLaVA's lora_r, model_max_length, mm_projector_lr, ...: neither transformers' card nor ours listed them.
    They are listed after the hyperparameters, under a heading naming the class, values exact; fields left None or
    "" are not; transformers' own fields (optim, which LLaVA's class redefines) are not repeated."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    (run / "training_args.bin").write_bytes(_subclass_args(monkeypatch, "llava.train.train", LLAVA_FIELDS))
    got = read_trainer_dir(run)
    assert got.data["training"]["own_arguments"] == {"class": "llava.train.train.TrainingArguments", "values": {
        "freeze_mm_mlp_adapter": False, "mpt_attn_impl": "triton", "model_max_length": 2048, "double_quant": True,
        "quant_type": "nf4", "bits": 16, "lora_enable": True, "lora_r": 128, "lora_alpha": 256, "lora_dropout": 0.05,
        "lora_bias": "none", "mm_projector_lr": 2e-05, "group_by_modality_length": True}}
    assert got.data["training"]["hyperparameters"] == read_trainer_dir(FIXTURES / "trainer_sft").data["training"][
        "hyperparameters"]
    out = tmp_path / "README.md"
    build_card(trainer_dir=run, repo_id="acme/llava-lora", output=out)
    text = out.read_text()
    assert "#### Arguments of `llava.train.train.TrainingArguments`\n\nThe run's arguments were of this subclass of " \
        "transformers' TrainingArguments, which adds:\n- freeze_mm_mlp_adapter: false\n" in text
    assert "- lora_r: 128\n" in text and "- mm_projector_lr: 2e-05\n" in text and "lora_weight_path" not in text
    assert text.index("### Training hyperparameters") < text.index("#### Arguments of") < text.index(
        "### Training results")
    assert validate_card(out).ok


@pytest.mark.parametrize("module_name", ["transformers.training_args", "trl.trainer.sft_config"])
def test_transformers_and_trl_classes_list_no_arguments_of_their_own(tmp_path, monkeypatch, module_name):
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    (run / "training_args.bin").write_bytes(_subclass_args(monkeypatch, module_name, {"made_up": 1}))
    assert "own_arguments" not in read_trainer_dir(run).data["training"]
