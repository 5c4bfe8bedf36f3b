"""The results transformers' example scripts (2.x-4.2) wrote as `key = value` text: generator.sources.trainer_txt_results,
read by generator.sources.trainer as the *_results.json files are."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import build_card, ingest
from generator.sources.common import Ingested
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_txt_results import txt_results

SHAPES = Path(__file__).parent / "trainer_shapes"


def _read(name: str) -> tuple[dict, Ingested]:
    result = Ingested(name, "trainer", {})
    return txt_results(SHAPES / name, result), result


def test_a_2x_scripts_unprefixed_results_are_the_runs_final_results():
    """DigitalCompanion/mBERT (April 2020): run_xnli.py of before the Trainer wrote `acc = 0.71...` to
    eval_results.txt, which no reader took: the card had no results. Now they are the evaluation's."""
    read = read_trainer_dir(SHAPES / "txt_results_xnli_2.x")
    assert read.data["training"]["eval_results"] == {"Acc": 0.7111776447105789}
    assert [w.code for w in read.warnings] == ["title-from-folder"]  # nothing about the results
    card = build_card(trainer_dir=SHAPES / "txt_results_xnli_2.x").text
    assert "It achieves the following results on the evaluation set:\n- Acc: 0.7112\n" in card


def test_a_3x_trainer_scripts_eval_results_txt_reads_as_eval_results_json():
    """1kaushikr/resume-ner (July 2020): run_ner.py of transformers 3.0 wrote evaluate()'s metrics as text, eval_loss
    and the rest prefixed, epoch beside them; read as eval_results.json is, the epoch left out of the results."""
    read = read_trainer_dir(SHAPES / "txt_results_ner_3.0")
    assert read.data["training"]["eval_results"] == {
        "Loss": 0.1279961036801895, "Precision": 0.6976456009913259, "Recall": 0.7567204301075269,
        "F1": 0.7259832366215345}


def test_a_perplexity_written_as_a_torch_tensor_is_its_number():
    """dylan-slack/Finetuning-DP-Language-Models (October 2020): run_language_modeling.py of before the Trainer wrote
    `perplexity = tensor(40.0013)`, twice; the card showed no result."""
    got = ingest(sources=[SHAPES / "script_namespace_args_2020"])
    assert got.data["training"]["eval_results"] == {"Perplexity": 40.0013}


def test_the_trainer_glue_scripts_file_named_after_its_task():
    """LoriRongrong/contrastive-xlnet: run_glue.py of transformers 3.0 names the file after the task."""
    metrics, result = _read("txt_results_glue_3.0")
    assert metrics == {"eval_loss": 0.4485582448200348, "eval_acc": 0.8337155963302753, "epoch": 1.0}
    assert result.warnings == []


def test_mnlis_two_files_are_two_eval_sets(tmp_path: Path):
    """run_glue.py of 3.x writes MNLI's matched and mismatched evaluations as eval_results_mnli.txt and
    eval_results_mnli-mm.txt: two eval sets, as a Trainer given two logs them (eval_mnli_loss, eval_mnli-mm_loss).
    No real pair was found: the real SST-2 file of txt_results_glue_3.0 stands in for both, under their names."""
    for name in ("eval_results_mnli.txt", "eval_results_mnli-mm.txt"):
        shutil.copy(SHAPES / "txt_results_glue_3.0" / "eval_results_sst-2.txt", tmp_path / name)
    (tmp_path / "config.json").write_text('{"model_type": "xlnet"}', encoding="utf-8")
    results = read_trainer_dir(tmp_path).data["training"]["eval_results"]
    assert results == {"Loss (mnli)": 0.4485582448200348, "Acc (mnli)": 0.8337155963302753,
                       "Loss (mnli-mm)": 0.4485582448200348, "Acc (mnli-mm)": 0.8337155963302753}


def test_a_text_value_and_the_lines_it_runs_over_are_left_out_with_a_warning():
    """liben2018/named_entity_recognition: seqeval's classification report written as `report: = ` and the report's
    lines under it; the metrics above it are read, the report is named in one warning (its lines in none)."""
    metrics, result = _read("txt_results_seqeval_report")
    assert metrics == {"eval_accuracy": 0.8918934720963545, "eval_f1": 0.6702840727736994,
                       "eval_precision": 0.6704980842911877, "eval_recall": 0.6700701978302489}
    assert [(w.code, w.message) for w in result.warnings] == [
        ("not-a-number", "$.report: is text, not a number: left out of the card's results")]


def test_a_line_per_epoch_of_several_pairs_keeps_the_last_epochs():
    """Jaswanth-Batturi/GPT-2-Article-Summarizer: `time = .., perplexity = tensor(8.8135), epoch = 1`, a line per
    epoch: the last line's values are the run's final ones; the timestamp is no metric."""
    metrics, result = _read("txt_results_per_epoch")
    assert metrics == {"eval_perplexity": 5.972, "epoch": 2}
    assert [w.code for w in result.warnings] == ["not-a-number"]


def test_unprefixed_metrics_beside_an_eval_loss_are_all_the_evaluations():
    """rjzevallos/pos_quechua: eval_loss beside acc, f1_score, precision, recall, which are the evaluation's too."""
    metrics, _ = _read("txt_results_mixed_prefix")
    assert metrics == {"eval_acc": 0.6911433172302738, "eval_loss": 2.2106546820426476,
                       "eval_f1_score": 0.3575317604355718, "eval_precision": 0.5898203592814372,
                       "eval_recall": 0.2565104166666667}


def test_a_file_of_no_key_value_lines_is_left_out_with_a_warning():
    """jeonyany/PhysicsNER: `****P = %s****0.93...` lines, a format string written unformatted: nothing is read, and
    the warning shows the lines."""
    metrics, result = _read("txt_results_unreadable")
    assert metrics == {}
    (warning,) = result.warnings
    assert warning.code == "unread-results-line" and warning.path == "eval_results.txt"
    assert warning.message.startswith("its lines are not `key = number`") and "P = %s" in warning.message


def test_tab_separated_pairs_and_a_nan_loss():
    """yeoooo/AI_Aiffel: `Loss = nan<TAB>Accuracy = 0.000000`: two pairs; the NaN left out with the results files'
    not-finite warning."""
    metrics, result = _read("txt_results_tab_pairs")
    assert metrics["eval_Accuracy"] == 0.0 and metrics["eval_Loss"] != metrics["eval_Loss"]
    assert [w.code for w in result.warnings] == ["not-finite"]


def test_train_results_txt_gives_the_train_metrics():
    """Clound-Computing/2021290246 (transformers 4.2.1): the example script's train_results.txt."""
    metrics, _ = _read("simcse_state_4.2")
    assert metrics == {"epoch": 5.0, "train_runtime": 20.155, "train_samples_per_second": 3.969}


def test_a_json_results_file_of_the_run_wins(tmp_path: Path):
    """A folder holding both (a run re-done with a newer transformers, which writes *_results.json): the JSON
    results are the card's, the text ones not mixed in; an unreadable JSON one (a Git LFS pointer) gives way."""
    shutil.copytree(SHAPES / "txt_results_ner_3.0", tmp_path / "run")
    (tmp_path / "run" / "eval_results.json").write_text('{"eval_loss": 0.25, "epoch": 3.0}', encoding="utf-8")
    assert read_trainer_dir(tmp_path / "run").data["training"]["eval_results"] == {"Loss": 0.25}
    (tmp_path / "run" / "eval_results.json").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:"
                                                       + "0" * 64 + "\nsize 120\n", encoding="utf-8")
    assert read_trainer_dir(tmp_path / "run").data["training"]["eval_results"]["Loss"] == 0.1279961036801895
