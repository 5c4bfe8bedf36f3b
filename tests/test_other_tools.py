"""Other evaluation tools' text files (generator/sources/other_tools.py): refused naming the tool, nothing written.
The shapes are in tests/eval_shapes (ORIGINS.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main

SHAPES = Path(__file__).resolve().parent / "eval_shapes"
READ = ("not an evaluation results file the generator reads: it reads lm-evaluation-harness results (results with "
        "versions, configs or n-shot), lighteval results (config_general and results) and the Hub's "
        ".eval_results/*.yaml (fix: write the scores as evaluations in a records file (modelcard init writes one to "
        "start from) and pass it with --records)")
OPENCOMPASS = ("OpenCompass's summary (summary_<time>.csv, .txt or .md; {}): each dataset's score as OpenCompass "
               "names its configs, which names no Hub dataset or split")


@pytest.mark.parametrize("name, what", [
    ("opencompass_summary.txt", OPENCOMPASS.format("model 'tiny-chat-7b'")),
    ("opencompass_summary.csv", OPENCOMPASS.format("models 'tiny-chat-7b', 'tiny-base-7b'")),
    ("opencompass_summary.md", OPENCOMPASS.format("model 'tiny-chat-7b'")),
    ("alpaca_eval_leaderboard.csv", "alpaca_eval's leaderboard.csv (model 'tiny-chat-7b'): win rates against its "
                                    "reference outputs, which name neither the AlpacaEval version nor the annotator "
                                    "(the folder it is in does)"),
    ("ifeval_eval_results_strict.jsonl", "the per-example output of IFEval's evaluation_main (google-research "
                                         "instruction_following_eval: eval_results_strict.jsonl or "
                                         "eval_results_loose.jsonl): each prompt's verdicts, not the accuracies it "
                                         "prints"),
    ("mt_bench_gpt-4_single.jsonl", "MT-Bench's judgments (FastChat llm_judge's model_judgment/*.jsonl; model "
                                    "'tiny-chat-7b'): each question's score from the judge, not the averages "
                                    "show_result.py prints"),
])
def test_another_tools_text_file_is_refused_naming_the_tool(name, what, tmp_path, capsys):
    """These were refused as "is not a format the generator reads (fix: pass --format ...)", a fix that cannot work,
    and OpenCompass's summary .md was read as a card: `build --eval` wrote a card whose body was its table, its scores
    in no evaluation."""
    path = SHAPES / name
    assert main(["ingest", str(path), "-o", str(tmp_path / "records.yaml")]) == 1
    assert capsys.readouterr().err == f"error: {path}: is {what}, {READ}\n"
    assert main(["build", "--eval", str(path), "--repo-id", "acme/tiny-chat-7b", "-o", str(tmp_path / "README.md")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {path}: is {what}")
    assert not (tmp_path / "records.yaml").exists() and not (tmp_path / "README.md").exists()


def test_a_card_holding_an_opencompass_table_is_still_a_card(tmp_path):
    """Model cards paste OpenCompass's table under their own heading: such a README is read as a card."""
    card = tmp_path / "README.md"
    card.write_text("# Tiny Chat 7B\n\nScores from OpenCompass:\n\n" + (SHAPES / "opencompass_summary.md").read_text())
    assert main(["ingest", str(card), "--repo-id", "acme/tiny-chat-7b", "-o", str(tmp_path / "records.yaml")]) == 0
