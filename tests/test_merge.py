import json
from pathlib import Path

import pytest
import yaml

from generator.sources.merge import Part, merge_parts


def test_hand_written_wins_with_a_warning():
    tool = Part("trainer", {"model": {"base_model": "a/b", "tags": ["trl"]},
                            "training": {"hyperparameters": {"learning_rate": 5e-7}}})
    hand = Part("card.yaml", {"model": {"base_model": "a/c", "tags": ["dpo"]}}, hand_written=True)
    data, problems = merge_parts([hand, tool])  # order given does not matter: hand-written goes last
    assert data["model"] == {"base_model": "a/c", "tags": ["trl", "dpo"]}
    assert [p.severity for p in problems] == ["warning"]
    assert "replaces 'a/b' from trainer" in problems[0].message


def test_two_tools_disagreeing_on_a_number_is_an_error():
    one = Part("run1/results.json", {"evaluations": [{"id": "arc", "benchmark": "arc", "metrics": [{"type": "acc", "value": 0.5}]}]})
    two = Part("run2/results.json", {"evaluations": [{"id": "arc", "benchmark": "arc", "metrics": [{"type": "acc", "value": 0.6}]}]})
    data, problems = merge_parts([one, two])
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].path == "$.evaluations[0].metrics[0].value"
    assert "0.6 disagrees with 0.5 from run1/results.json" in errors[0].message


def test_metrics_of_the_same_evaluation_combine():
    lm = Part("lm.json", {"evaluations": [{"id": "arc", "benchmark": "arc", "metrics": [{"type": "acc", "value": 0.5, "stderr": 0.01}]}]})
    hand = Part("r.yaml", {"evaluations": [{"id": "arc", "benchmark": "ARC", "dataset": {"id": "allenai/ai2_arc"},
                                            "metrics": [{"type": "acc", "value": 0.5, "name": "accuracy"}]}]}, hand_written=True)
    data, problems = merge_parts([lm, hand])
    assert data["evaluations"] == [{"id": "arc", "benchmark": "ARC", "dataset": {"id": "allenai/ai2_arc"},
                                    "metrics": [{"type": "acc", "value": 0.5, "stderr": 0.01, "name": "accuracy"}]}]
    assert [p.path for p in problems] == ["$.evaluations[0].benchmark"]


def test_results_within_one_source_stay_apart():
    card = Part("README.md", {"evaluations": [{"benchmark": "X", "metrics": [{"type": "a", "value": 1}]},
                                              {"benchmark": "X", "metrics": [{"type": "b", "value": 2}]}]})
    data, _ = merge_parts([card])
    assert len(data["evaluations"]) == 2


def test_a_hand_written_value_takes_the_place_of_a_cards_text_too():
    """An RL card's `251.30 +/- 20.60` is its value's text: a hand-written value replaces both, and one that
    agrees keeps it."""
    card = Part("README.md", {"evaluations": [
        {"benchmark": "LunarLander-v2", "metrics": [{"type": "mean_reward", "value": 251.3, "text": "251.30 +/- 20.60"}]},
        {"benchmark": "CartPole-v1", "metrics": [{"type": "mean_reward", "value": 500.0, "text": "500.00 +/- 0.00"}]}]})
    hand = Part("r.yaml", {"evaluations": [{"benchmark": "LunarLander-v2", "metrics": [{"type": "mean_reward",
                                                                                      "value": 260.1}]},
                                           {"benchmark": "CartPole-v1", "metrics": [{"type": "mean_reward",
                                                                                   "value": 500}]}]}, hand_written=True)
    data, problems = merge_parts([card, hand])
    assert [e["metrics"] for e in data["evaluations"]] == [
        [{"type": "mean_reward", "value": 260.1}], [{"type": "mean_reward", "value": 500.0, "text": "500.00 +/- 0.00"}]]
    assert [(p.path, p.code) for p in problems] == [("$.evaluations[0].metrics[0].value", "overridden-value")]


def test_a_one_item_list_of_the_same_value_is_no_conflict():
    # Anitha1406/English_To_Colloquial_Telugu_Translation_model: the person's card says base_model as a one-item list,
    # the run's config.json the same id: "['facebook/nllb-200-distilled-600M'] disagrees with 'facebook/...'"
    run = Part("run", {"model": {"base_model": "facebook/nllb-200-distilled-600M"}})
    card = Part("run/README.md", {"model": {"base_model": ["facebook/nllb-200-distilled-600M"]}})
    for parts in ([run, card], [card, run]):
        data, problems = merge_parts(parts)
        assert problems == [] and data["model"]["base_model"] in ("facebook/nllb-200-distilled-600M",
                                                                 ["facebook/nllb-200-distilled-600M"])
    other = Part("run/README.md", {"model": {"base_model": ["facebook/nllb-200-1.3B"]}})
    assert [p.code for p in merge_parts([run, other])[1]] == ["conflicting-values"]


def test_a_recipes_all_linear_is_the_modules_peft_chose():
    # RoleInstructor/RoleInstructor, aa-n/Qwen3_Lora: the recipe's lora_target all-linear, adapter_config.json the
    # linear layers PEFT resolved it to: "the recipe's 'all-linear' disagrees with 'down_proj, gate_proj, ...'"
    run = Part("run", {"training": {"hyperparameters": {"lora_target_modules": "down_proj, gate_proj, q_proj"}}})
    recipe = Part("train.yaml", {"training": {"hyperparameters": {"lora_target_modules": "all-linear"}}}, recipe=True)
    data, problems = merge_parts([run, recipe])
    assert problems == [] and data["training"]["hyperparameters"]["lora_target_modules"] == "down_proj, gate_proj, q_proj"
    other = Part("train.yaml", {"training": {"hyperparameters": {"lora_target_modules": "q_proj"}}}, recipe=True)
    assert [p.code for p in merge_parts([run, other])[1]] == ["conflicting-values"]


def test_a_value_and_its_rounding_are_one_result_and_the_exact_value_is_kept():
    """A card shows a run's results rounded (at most 4 decimals; transformers' card with Python's round, so an exact
    binary tie goes to even: 0.90625 as 0.9062): the two are one result. Settings are not: 2e-05 is no learning rate
    of 2.4e-05."""
    run = Part("run", {"training": {"eval_results": {"Loss": 0.45190635323524475, "Accuracy": 0.90625},
                                    "hyperparameters": {"learning_rate": 2.4e-05}}})
    card = Part("README.md", {"training": {"eval_results": {"Loss": 0.4519, "Accuracy": 0.9062},
                                           "hyperparameters": {"learning_rate": 2e-05}}})
    for parts in ([run, card], [card, run]):
        data, problems = merge_parts(parts)
        assert data["training"]["eval_results"] == {"Loss": 0.45190635323524475, "Accuracy": 0.90625}
        assert [p.path for p in problems] == ["$.training.hyperparameters.learning_rate"]
    other = Part("README.md", {"training": {"eval_results": {"Loss": 0.4518}}})
    assert [p.severity for p in merge_parts([run, other])[1]] == ["error"]


def test_a_list_value_is_whole_never_united_with_another():
    """MTEB's v_measures (records' values): a card's list and a hand-written one are not united item by item (a list
    of tags would be); the person's replaces the card's with a warning, as a number would, and so does a score the
    person gives instead of it, which leaves no list beside it."""
    card = Part("README.md", {"evaluations": [
        {"benchmark": "MTEB C", "metrics": [{"type": "v_measures", "values": [0.4, 0.41]}]},
        {"benchmark": "MTEB D", "metrics": [{"type": "v_measures", "values": [0.5, 0.52]}]},
        {"benchmark": "MTEB E", "metrics": [{"type": "v_measures", "values": [0.6]}]}]})
    hand = Part("r.yaml", {"evaluations": [
        {"benchmark": "MTEB C", "metrics": [{"type": "v_measures", "values": [0.4, 0.42]}]},
        {"benchmark": "MTEB D", "metrics": [{"type": "v_measures", "value": 0.51}]},
        {"benchmark": "MTEB E", "metrics": [{"type": "v_measures", "values": [0.6], "name": "V-measures"}]}]},
        hand_written=True)
    data, problems = merge_parts([card, hand])
    assert [e["metrics"] for e in data["evaluations"]] == [
        [{"type": "v_measures", "values": [0.4, 0.42]}], [{"type": "v_measures", "value": 0.51}],
        [{"type": "v_measures", "name": "V-measures", "values": [0.6]}]]
    assert [(p.path, p.code) for p in problems] == [("$.evaluations[0].metrics[0].value", "overridden-value"),
                                                    ("$.evaluations[1].metrics[0].value", "overridden-value")]
    tool = Part("other.md", {"evaluations": [{"benchmark": "MTEB C", "metrics": [{"type": "v_measures",
                                                                                 "values": [0.3]}]}]})
    data, problems = merge_parts([card, tool])
    assert data["evaluations"][0]["metrics"] == [{"type": "v_measures", "values": [0.4, 0.41]}]
    assert [(p.path, p.severity) for p in problems] == [("$.evaluations[0].metrics[0].value", "warning")]


@pytest.mark.parametrize("name", ["lm_eval_0.4.11_gsm8k_5_shot.json", "lm_eval_0.4.9.1_openvino_limit.json",
                                  "lm_eval_0.3_stderr_trailing_zero.json"])
def test_a_card_ingested_with_the_results_it_was_made_from_shows_each_result_once(tmp_path, name):
    """The update path, `ingest README.md results.json`: the card's import gives its results without the ids the
    tool's reader gives them, and every result came twice (in model-index too; 299 of 299 real files). They are one
    result: the card's label, shots and dataset (a cut run's: its label and shots) and, for a filter's metric, the
    card's label as its name; the card's rounded stderr is the file's exact one."""
    from generator.cli.main import main

    results = Path(__file__).resolve().parent / "eval_shapes" / name  # real lm-eval files
    assert main(["ingest", str(results), "--repo-id", "acme/model", "-o", str(tmp_path / "first.yaml")]) == 0
    assert main(["render", str(tmp_path / "first.yaml"), "-o", str(tmp_path / "first.md")]) == 0
    assert main(["ingest", str(tmp_path / "first.md"), str(results), "-o", str(tmp_path / "both.yaml")]) == 0
    first, both = (yaml.safe_load((tmp_path / f).read_text())["evaluations"] for f in ("first.yaml", "both.yaml"))
    assert len(both) == len(first) == 1 and len(both[0]["metrics"]) == len(first[0]["metrics"])
    assert [(m["type"], m.get("name"), m["stderr"]) for m in both[0]["metrics"]] == [
        (m["type"], m.get("name"), m["stderr"]) for m in first[0]["metrics"]]  # the file's exact stderr
    assert main(["render", str(tmp_path / "both.yaml"), "-o", str(tmp_path / "both.md")]) == 0
    assert (tmp_path / "both.md").read_text() == (tmp_path / "first.md").read_text()


def test_two_runs_of_one_evaluation_passed_as_files_are_read_as_their_folder(tmp_path, capsys):
    """Two real lm-eval runs of one model's hellaswag (`--limit 100`, then `--limit 500`) passed as two files, as a
    pipeline passes them: their numbers disagreed, an error, where the folder holding both reads them as runs (the
    later run's numbers, with a warning). evals49: they are read as that folder is, and give the same records; a
    folder and a file of another run of it still disagree, and the fix says how to pass them."""
    from generator.cli.main import main

    shapes = Path(__file__).resolve().parent / "eval_shapes"
    runs = [shapes / "lm_eval_0.4.9.1_openvino_limit.json", shapes / "lm_eval_0.4.9.1_openvino_limit_500.json"]
    out = tmp_path / "records.yaml"
    assert main(["ingest", *map(str, reversed(runs)), "--repo-id", "acme/model", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{runs[1]}: $.results: scores again 1 result of the earlier run {runs[0]} ('hellaswag:0-shot'); this " \
        "later run's numbers are used (fix: pass the results file you mean alone if it is the earlier one)" in err
    assert "disagrees" not in err
    folder = tmp_path / "runs"
    folder.mkdir()
    for i, run in enumerate(runs):  # named as lm-eval names its runs, in the order they ran
        (folder / f"results_2025-10-29T02-{11 + 7 * i}-00.json").write_bytes(run.read_bytes())
    assert main(["ingest", str(folder), "--repo-id", "acme/model", "-o", str(tmp_path / "folder.yaml")]) == 0
    assert yaml.safe_load(out.read_text())["evaluations"] == yaml.safe_load(
        (tmp_path / "folder.yaml").read_text())["evaluations"]
    assert yaml.safe_load(out.read_text())["evaluations"][0]["metrics"][0]["value"] == 0.302
    (folder / "results_2025-10-29T02-18-00.json").unlink()  # the folder of the first run, and the second's file
    out.unlink()
    assert main(["ingest", str(folder), str(runs[1]), "--repo-id", "acme/model", "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text())["evaluations"][0]["metrics"][0]["value"] == 0.302
    data = json.loads(runs[1].read_text())  # the second run of another local model: two models' numbers disagree
    data["model_name"] = data["config"]["model_args"] = "pretrained=C:\\models\\other_int4"
    (tmp_path / "other.json").write_text(json.dumps(data))
    out.unlink()
    assert main(["ingest", str(runs[0]), str(tmp_path / "other.json"), "--repo-id", "acme/model", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    # refused as their folder is (evals50): two local models, not one model's runs (it was the numbers' disagreement)
    assert "error: ingest: the results passed are of 2 models: C:\\Users\\Administrator\\Downloads" in err
    assert f"({tmp_path / 'other.json'}); the model given, acme/model, is none of them (fix: pass the results of one model, or " \
        "--repo-id naming one of them: a card describes one model)" in err
    assert not out.exists()


def test_a_card_of_eval_results_labelled_with_notes_read_with_its_files_shows_each_score_once():
    """A card the generator wrote before `.eval_results` labels left the notes of a task scored once out
    (tests/card_shapes/eval_results_card_labels_with_notes.md), read with the `.eval_results` file it shows
    (`ingest README.md .eval_results`): each row is matched to its score by the older label, and the reader's label
    is kept. Before, the new labels matched no row: every score was listed twice."""
    from generator.sources.pipeline import ingest

    tests = Path(__file__).parent
    got = ingest(sources=[tests / "card_shapes" / "eval_results_card_labels_with_notes.md",
                          tests / "eval_shapes" / "eval_results_ai2_arc_two_tasks.yaml"])
    assert [(e["benchmark"], e["metrics"][0]["value"]) for e in got.data["evaluations"]] == [
        ("ai2_arc (ARC-Easy)", 80.0), ("ai2_arc (ARC-Challenge)", 50.0)]
    assert not [w for w in got.warnings if w.code == "conflicting-values"]
