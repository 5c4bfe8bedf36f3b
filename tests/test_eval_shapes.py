"""Shapes of real evaluation-result files (tests/eval_shapes/, see ORIGINS.txt there) read as the tools meant them."""

from __future__ import annotations

from pathlib import Path

from generator.sources.readers import read_source

SHAPES = Path(__file__).resolve().parent / "eval_shapes"


def _evaluations(name: str) -> dict[str, dict]:
    return {e["id"]: e for e in read_source(SHAPES / name).data["evaluations"]}


def test_a_group_written_as_0_shot_takes_the_count_its_tasks_share():
    evaluations = _evaluations("lm_eval_0.4.2_group_n_shot_zero.json")
    assert sorted(evaluations) == ["mmlu:5-shot", "mmlu_formal_logic:5-shot", "mmlu_humanities:5-shot",
                                   "mmlu_philosophy:5-shot"]
    assert evaluations["mmlu:5-shot"]["benchmark"] == "mmlu (5-shot), aggregate"
    assert evaluations["mmlu:5-shot"]["few_shot"] == 5
    assert evaluations["mmlu:5-shot"]["metrics"][0]["value"] == 0.61
