"""Shapes of real evaluation-result files (tests/eval_shapes/, see ORIGINS.txt there) read as the tools meant them."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from generator import build_card, ingest
from generator.check.validate import validate_card
from generator.cli.main import main
from generator.errors import GeneratorError, InputError, UsageError
from generator.sources.readers import read_source

SHAPES = Path(__file__).resolve().parent / "eval_shapes"


def ingest_data(data: dict) -> list[dict]:
    """The evaluations read from ``data`` saved as a results file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        return read_source(path).data["evaluations"]


def _evaluations(name: str) -> dict[str, dict]:
    return {e["id"]: e for e in read_source(SHAPES / name).data["evaluations"]}


def test_a_group_written_as_0_shot_takes_the_count_its_tasks_share():
    evaluations = _evaluations("lm_eval_0.4.2_group_n_shot_zero.json")
    assert sorted(evaluations) == ["mmlu:5-shot", "mmlu_formal_logic:5-shot", "mmlu_humanities:5-shot",
                                   "mmlu_philosophy:5-shot"]
    assert evaluations["mmlu:5-shot"]["benchmark"] == "mmlu (5-shot), aggregate"
    assert evaluations["mmlu:5-shot"]["few_shot"] == 5
    assert evaluations["mmlu:5-shot"]["metrics"][0]["value"] == 0.61


def test_two_tasks_on_one_dataset_split_put_only_the_first_in_model_index(tmp_path):
    got = read_source(SHAPES / "lm_eval_0.3_two_tasks_one_dataset.json")
    indexed = [e["id"] for e in got.data["evaluations"] if e.get("model_index", True)]
    assert indexed == ["lambada_openai_cloze:0-shot"]
    assert [(w.path, w.code) for w in got.warnings] == [("$.results['lambada_openai']", "not-in-model-index")]
    assert "lambada_openai_cloze:0-shot" in got.warnings[0].message
    records = tmp_path / "card.yaml"
    records.write_text("model:\n  repo_id: acme/tiny-lm\n  license: apache-2.0\n")
    card = tmp_path / "README.md"
    assert main(["build", "--eval", str(SHAPES / "lm_eval_0.3_two_tasks_one_dataset.json"), "--records", str(records),
                 "-o", str(card)]) == 0
    report = validate_card(card)
    assert report.ok and not report.warnings, [str(p) for p in report.problems]


def test_a_file_naming_a_local_model_titles_the_card_with_its_folders_name(tmp_path, capsys):
    """lm-eval run on a local folder (`pretrained=/gpfs/...`): the records name the model by that folder, as a
    Trainer's card is titled after its output_dir, and hold no repo id (saying so), not the placeholder one."""
    data = json.loads((SHAPES / "lm_eval_0.3_two_tasks_one_dataset.json").read_text())
    data["config"]["model_args"] = "pretrained=/gpfs/projects/models/tiny-lm,use_accelerate=True"
    results = tmp_path / "results.json"
    results.write_text(json.dumps(data))
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(results), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text())["model"] == {"name": "tiny-lm"}
    err = capsys.readouterr().err
    assert "$.model.name: no source names the model: the card is titled 'tiny-lm', the name of the local folder the " \
        "results name the model scored by" in err
    assert "$.model.repo_id: no source names the model's Hub repo id" in err
    assert main(["render", str(out), "-o", str(tmp_path / "from_records.md")]) == 0
    assert main(["build", "--eval", str(results), "-o", str(tmp_path / "README.md")]) == 0
    assert "\n# tiny-lm\n" in (tmp_path / "README.md").read_text()
    assert (tmp_path / "README.md").read_text() == (tmp_path / "from_records.md").read_text()


def test_a_real_vllm_run_of_a_local_checkpoint_is_named_by_its_folder(tmp_path):
    """lm-eval 0.4.9.2's file of a vLLM run on /scratch/.../nl2foam_sft_0__8__1765350318 (model_args a mapping,
    model_name ""): built without a repo id, the card is titled with the folder's name (it was refused, naming
    nothing); a repo id given names it; two local models' results name neither."""
    path = SHAPES / "lm_eval_0.4.9_vllm_local_model.json"
    got = build_card(evals=[path])
    assert "\n# nl2foam_sft_0__8__1765350318\n" in got.text
    assert [w.code for w in got.warnings if w.code in ("title-from-folder", "no-repo-id")] == \
        ["title-from-folder", "no-repo-id"]
    assert "\n# sft\n" in build_card(evals=[path], repo_id="acme/sft").text
    other = json.loads(path.read_text())
    other["config"]["model_args"]["pretrained"] = "/scratch/hieu/nl2foam_sft_1/outputs/run"
    (tmp_path / "other.json").write_text(json.dumps(other))
    with pytest.raises(InputError) as refused:  # passed one by one: refused as two models, as their folder is
        build_card(evals=[path, tmp_path / "other.json"])
    assert refused.value.problems[0].code == "several-models"
    shutil.copy(path, tmp_path / "results_first.json")  # their folder: two models (model_name "" named none)
    with pytest.raises(InputError) as refused:
        build_card(evals=[tmp_path])
    assert refused.value.problems[0].code == "several-models"


def test_a_model_name_that_is_a_file_titles_nothing():
    """A steered run (lm-eval's sae_steered_beta model class, after 0.4.7): model_name is the CSV of steering vectors
    it was given, /home/.../examples/dog_steer.csv. A file names no model: no title, so without a repo id the build
    is refused as for any file naming no model (it was titled dog_steer.csv)."""
    path = SHAPES / "lm_eval_0.4_steered_csv_model.json"
    assert json.loads(path.read_text())["model_name"].endswith("/examples/dog_steer.csv")
    with pytest.raises(UsageError, match="no source names the model's Hub repo id or its name"):
        build_card(evals=[path])
    assert "\n# dog-steer\n" in build_card(evals=[path], repo_id="acme/dog-steer").text


@pytest.mark.parametrize("name, title", [
    # lm-eval 0.4.3's run of a PEFT adapter saved per epoch (real file): the run's folder names it
    ("lm_eval_0.4.3_epoch_folder_model.json", "gsm8k_8shot_pursue_numq_1000_r16_lr1e-6"),
    # Pythia's checkpoints, one folder a training step (pretrained=/fsx/pythia/step143000; hand-written shape)
    ("lm_eval_0.3_crows_pairs.json", "pythia"),
])
def test_a_step_or_epoch_folder_titles_the_card_with_the_folder_above(name, title):
    got = build_card(evals=[SHAPES / name])
    assert f"\n# {title}\n" in got.text
    (told,) = [w for w in got.warnings if w.code == "title-from-folder"]
    assert f"titled {title!r}, the name of the local folder the results name the model scored by (of the run's, " \
        "for a checkpoint, step or epoch folder in it)" in told.message
    assert [w.code for w in got.warnings if w.code in ("title-from-folder", "no-repo-id")] == \
        ["title-from-folder", "no-repo-id"]


# the fork's wino_bias_type1_pro: DATASET_PATH, DATASET_NAME and the split evaluation_docs() reads (test_docs())
WINO_BIAS = {"id": "wino_bias", "config": "type1_pro", "split": "test"}


def test_bigscience_fork_prompt_results_are_one_evaluation_a_prompt():
    got = read_source(SHAPES / "lm_eval_bigscience_prompts.json")
    assert got.format == "lm-eval"
    evaluations = got.data["evaluations"]
    assert [(e["benchmark"], e["few_shot"], e["dataset"], e["metrics"]) for e in evaluations] == [
        ("wino_bias_type1_pro (What does p stand for) (0-shot)", 0, WINO_BIAS,
         [{"type": "em", "value": 0.08, "stderr": 0.0135}]),
        ("wino_bias_type1_pro (refers_to) (0-shot)", 0, WINO_BIAS, [{"type": "em", "value": 0.03, "stderr": 0.009}])]
    assert evaluations[0]["version"] == 0


def test_bigscience_fork_entries_of_one_prompt_a_metric_each_are_one_evaluation_with_every_metric():
    [evaluation] = read_source(SHAPES / "lm_eval_bigscience_metric_per_entry.json").data["evaluations"]
    assert evaluation["metrics"] == [{"type": "acc", "value": 0.36, "stderr": 0.0048},
                                     {"type": "acc_norm", "value": 0.34, "stderr": 0.0047}]
    assert evaluation["dataset"]["id"] == "glue" and evaluation["few_shot"] == 0


def test_bigscience_fork_table_results_alone_are_read_too(tmp_path):
    data = json.loads((SHAPES / "lm_eval_bigscience_prompts.json").read_text())
    alone = tmp_path / "eval_results.json"
    alone.write_text(json.dumps({"model_args": data["config"]["model_args"], "table_results": data["table_results"]}))
    got = read_source(alone)
    assert [(e["benchmark"], e["metrics"][0]["value"], e["dataset"]) for e in got.data["evaluations"]] == [
        ("wino_bias_type1_pro (What does p stand for)", 0.08, WINO_BIAS), ("wino_bias_type1_pro (refers_to)", 0.03,
                                                                          WINO_BIAS)]
    # the first prompt stands for the task in model-index (the Hub merges results of one dataset split into one)
    assert [e.get("model_index", True) for e in got.data["evaluations"]] == [True, False]
    assert [w.code for w in got.warnings] == ["not-in-model-index"]


def test_bigscience_fork_tasks_not_of_the_table_keep_the_files_dataset_without_a_split(tmp_path):
    data = json.loads((SHAPES / "lm_eval_bigscience_prompts.json").read_text())
    for entry in data["results"]:
        entry["dataset_path"] = "uclanlp/wino_bias"  # not the fork's dataset: its split is not known
    data["results"][1]["task_name"] = "my_task"
    del data["results"][1]["dataset_path"]
    path = tmp_path / "eval_results.json"
    path.write_text(json.dumps(data))
    got = read_source(path)
    assert [e.get("dataset") for e in got.data["evaluations"]] == [{"id": "uclanlp/wino_bias", "config": "type1_pro"},
                                                                   None]
    assert [w.message.split(": ", 1)[1] for w in got.warnings] == [
        "the file names no dataset for it, and the task is not one of BigScience's fork's tasks the bundled table knows"]


def _refusal(path: Path, tmp_path: Path, capsys: Any) -> str:
    """What `modelcard ingest` prints refusing ``path`` (exit 1)."""
    assert main(["ingest", str(path), "-o", str(tmp_path / "records.yaml")]) == 1
    return capsys.readouterr().err


def _paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every key and list index path of ``data``, parents before their children."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


WRONG = (None, [], {}, "x", 1, True, [1, 2], {"a": {"b": 1}})
NOT_JSON = {"lm_eval_results_cut_short.json"}  # a file cut short: nothing to mutate


@pytest.mark.parametrize("name", sorted(p.name for p in SHAPES.iterdir() if p.suffix in (".json", ".yaml") and
                                        p.name not in NOT_JSON))
def test_any_value_of_any_shape_wrongly_typed_is_read_or_refused_never_a_crash(name, tmp_path):
    dump = json.dumps if name.endswith(".json") else yaml.safe_dump
    data = yaml.safe_load((SHAPES / name).read_text())
    target = tmp_path / name
    for path in _paths(data):
        for wrong in WRONG:
            mutant = copy.deepcopy(data)
            parent = mutant
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = wrong
            target.write_text(dump(mutant))
            try:
                read_source(target)
            except GeneratorError:
                pass
            except Exception as exc:  # pragma: no cover - the failure this test looks for
                pytest.fail(f"{name} with {'.'.join(map(str, path))} = {wrong!r}: {exc!r}")


def test_eval_results_entries_with_notes_read_as_their_own_evaluations():
    evaluations = read_source(SHAPES / "eval_results_hle_notes.yaml").data["evaluations"]
    assert [(e["benchmark"], e["date"], e["metrics"][0]["value"]) for e in evaluations] == [
        ("cais/hle (hle, No tools)", "2026-05-23", 5.2), ("cais/hle (hle, With search tools)", "2026-05-24", 9.8)]


def test_eval_results_notes_label_a_task_scored_once_only_in_the_setup_line():
    """CH3NDev's ai2_arc.yaml (real): ARC-Easy and ARC-Challenge, each scored once, with one long note. The labels
    were `ai2_arc (ARC-Easy, Backbone: Qwen/Qwen3.5-2B, Adapter…)`, the Setup line under the table saying the notes
    again; a label shows notes only where they tell apart two scores of one task (test above)."""
    got = read_source(SHAPES / "eval_results_ai2_arc_two_tasks.yaml")
    assert [e["benchmark"] for e in got.data["evaluations"]] == ["ai2_arc (ARC-Easy)", "ai2_arc (ARC-Challenge)"]
    assert all(e["notes"].startswith("Backbone: Qwen/Qwen3.5-2B, Adapter: ") for e in got.data["evaluations"])
    text = build_card(evals=[SHAPES / "eval_results_ai2_arc_two_tasks.yaml"], repo_id="acme/m").text
    assert "| ai2_arc (ARC-Easy) " in text and "Adapter…" not in text
    assert "\nSetup: Backbone: Qwen/Qwen3.5-2B, Adapter: Dual-Loop Cognitive Controller Layer 11 hook (D=2048), " \
        "zero-token latent deliberation\n" in text


def test_eval_results_wrongly_typed_values_are_refused_at_once_with_their_paths(tmp_path):
    entries = yaml.safe_load((SHAPES / "eval_results_hle_notes.yaml").read_text())
    entries[0]["date"] = ["2026-05-23"]
    entries[1]["dataset"]["task_id"] = {"name": "hle"}
    entries[1]["notes"] = ["With search tools"]
    entries[1]["source"]["name"] = 3
    bad = tmp_path / "hle.yaml"
    bad.write_text(yaml.safe_dump(entries))
    with pytest.raises(InputError) as raised:
        read_source(bad)
    assert [(p.file, p.path, p.code) for p in raised.value.problems] == [
        (str(bad), "$[0].date", "wrong-type"), (str(bad), "$[1].dataset.task_id", "wrong-type"),
        (str(bad), "$[1].notes", "wrong-type"), (str(bad), "$[1].source.name", "wrong-type")]
    entries[1] = {**entries[0], "date": "May 2026", "source": {"url": "N/A"}}
    bad.write_text(yaml.safe_dump(entries[1:]))
    with pytest.raises(InputError) as raised:
        read_source(bad)
    assert [(p.path, p.code) for p in raised.value.problems] == [("$[0].date", "wrong-type"),
                                                                  ("$[0].source.url", "wrong-type")]
    assert "YYYY-MM-DD" in raised.value.problems[0].fix


def test_a_negative_shot_count_is_no_count():
    data = json.loads((SHAPES / "lm_eval_0.4.2_group_n_shot_zero.json").read_text())
    data["n-shot"] = {task: -1 for task in data["n-shot"]}
    for config in data["configs"].values():
        config["num_fewshot"] = -1
    got = ingest_data(data)
    assert [e.get("few_shot") for e in got] == [None] * 4
    assert all("shot" not in e["id"] for e in got)


@pytest.mark.parametrize("results, shown", [([["arc_easy", 0.5]], "a list"), ("see table", "'see table'")])
def test_an_lm_eval_file_whose_results_are_not_a_mapping_is_refused_naming_results(tmp_path, results, shown):
    """Recognised by lm-eval's other keys (versions, config), the file is refused at $.results, not as an unknown
    format."""
    data = json.loads((SHAPES / "lm_eval_0.3_two_tasks_one_dataset.json").read_text())
    data["results"] = results
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        read_source(path)
    problem = caught.value.problems[0]
    assert (problem.path, problem.code) == ("$.results", "wrong-type")
    assert problem.message.startswith(f"is {shown}, not a mapping of task -> metrics")


def test_a_lighteval_run_cut_by_max_samples_stays_out_of_model_index():
    """lighteval --max-samples N scores N examples of each task: not the split's numbers, so not in model-index."""
    got = read_source(SHAPES / "lighteval_0.13_max_samples.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert sorted(evaluations) == ["anli:r1:0", "squad_v2:0"]
    assert all(e["model_index"] is False for e in evaluations.values())
    assert evaluations["squad_v2:0"]["metrics"] == [{"type": "em", "value": 0.5, "stderr": 0.5}]
    assert sorted((w.path, w.code) for w in got.warnings) == [("$.results", "aggregate-left-out"),
                                                              ("$.results['anli:r1|0']", "not-in-model-index"),
                                                              ("$.results['squad_v2|0']", "not-in-model-index")]
    assert all("max_samples" in w.message and "at most 2 examples" in w.message for w in got.warnings[1:])
    # the card's tables show these scores: their labels say what part of the split they are of
    assert evaluations["squad_v2:0"]["benchmark"] == "squad_v2 (0-shot, at most 2 examples)"


def test_a_lighteval_task_whose_split_is_under_max_samples_is_whole():
    """A split smaller than max_samples was scored whole (effective_num_docs == original_num_docs, lighteval 0.5-0.8)."""
    data = json.loads((SHAPES / "lighteval_0.13_max_samples.json").read_text())
    data["config_tasks"]["anli:r1|0"].update(original_num_docs=2, effective_num_docs=2)
    data["config_tasks"]["squad_v2|0"].update(original_num_docs=11873, effective_num_docs=2)
    indexed = {e["id"]: (e.get("model_index", True), e["benchmark"]) for e in ingest_data(data)}
    assert indexed == {"squad_v2:0": (False, "squad_v2 (0-shot, 2 of 11,873 examples)"),
                       "anli:r1:0": (True, "anli:r1 (0-shot)")}


def test_crows_pairs_of_the_0_3_line_reach_model_index_on_their_dataset_lower_being_better(tmp_path):
    """The whole-split crows_pairs tasks are indexed on their Hub dataset; a per-bias-type task scores part of it."""
    got = read_source(SHAPES / "lm_eval_0.3_crows_pairs.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    english, french = evaluations["crows_pairs_english:0-shot"], evaluations["crows_pairs_french:0-shot"]
    assert english["dataset"] == {"id": "jannalu/crows_pairs_multilingual", "config": "english", "split": "test"}
    assert french["dataset"] == {"id": "jannalu/crows_pairs_multilingual", "config": "french", "split": "test"}
    assert english.get("model_index", True) and french.get("model_index", True)
    assert english["metrics"] == [
        {"type": "likelihood_difference", "value": 3.5, "stderr": 0.25, "higher_is_better": False},
        {"type": "pct_stereotype", "value": 0.625, "stderr": 0.0125, "higher_is_better": False}]
    for subset in ("crows_pairs_french_autre:0-shot", "crows_pairs_english_age:0-shot"):
        assert evaluations[subset]["model_index"] is False and "dataset" not in evaluations[subset]
    assert sorted((w.path, w.message) for w in got.warnings) == [
        ("$.results['crows_pairs_english_age']", "is shown in the card's tables but not in model-index: it scores "
         "only the age sentences of crows_pairs_english's data, not a whole split"),
        ("$.results['crows_pairs_french_autre']", "is shown in the card's tables but not in model-index: it scores "
         "only the autre sentences of crows_pairs_french's data, not a whole split")]
    card = tmp_path / "README.md"
    assert main(["build", "--eval", str(SHAPES / "lm_eval_0.3_crows_pairs.json"), "--repo-id", "acme/tiny-lm",
                 "-o", str(card)]) == 0
    index = yaml.safe_load(card.read_text().split("---")[1])["model-index"][0]["results"]
    assert sorted((r["dataset"]["type"], r["dataset"].get("config")) for r in index) == [
        ("allenai/ai2_arc", "ARC-Easy"), ("jannalu/crows_pairs_multilingual", "english"),
        ("jannalu/crows_pairs_multilingual", "french")]


def test_a_wrapper_scripts_num_fewshot_is_the_runs_few_shot_count():
    evaluations = _evaluations("lm_eval_wrapper_num_fewshot.json")
    assert sorted(evaluations) == ["arc_easy:5-shot", "lambada_openai:5-shot"]
    assert {e["few_shot"] for e in evaluations.values()} == {5}
    assert evaluations["arc_easy:5-shot"]["benchmark"] == "arc_easy (5-shot)"
    assert evaluations["lambada_openai:5-shot"]["metrics"][0] == {
        "type": "perplexity", "value": 12.5, "stderr": 0.5, "higher_is_better": False}


def test_a_group_aggregate_pooling_unlike_metrics_stays_out_of_model_index(tmp_path):
    """lm-eval 0.4.0-0.4.3 pooled each metric over the group's tasks that have it: glue's acc, f1 and mcc are no score
    of GLUE; the card's table keeps the aggregate, model-index lists each task on its own config instead."""
    got = read_source(SHAPES / "lm_eval_wrapper_glue_pooled.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["glue:0-shot"]["model_index"] is False
    assert evaluations["glue:0-shot"]["dataset"] == {"id": "nyu-mll/glue", "split": "validation"}
    assert all(evaluations[f"{t}:0-shot"].get("model_index", True) for t in ("cola", "mrpc", "rte"))
    assert [(w.path, w.code, w.message) for w in got.warnings if w.code == "not-in-model-index"] == [
        ("$.results['glue']", "not-in-model-index", "is shown in the card's tables but not in model-index: its "
         "aggregate pools each metric over only the tasks that have it (acc over 2 of its 3 tasks (mrpc, rte), f1 "
         "over 1 (mrpc), mcc over 1 (cola)), a mean of unlike scores: no score of nyu-mll/glue as a whole")]
    card = tmp_path / "README.md"
    assert main(["build", "--eval", str(SHAPES / "lm_eval_wrapper_glue_pooled.json"), "--repo-id", "acme/tiny-lm",
                 "-o", str(card)]) == 0
    index = yaml.safe_load(card.read_text().split("---")[1])["model-index"][0]["results"]
    assert [(r["dataset"]["type"], r["dataset"].get("config"), [m["type"] for m in r["metrics"]]) for r in index] == [
        ("nyu-mll/glue", "cola", ["mcc"]), ("nyu-mll/glue", "mrpc", ["acc", "f1"]), ("nyu-mll/glue", "rte", ["acc"])]
    assert "| glue (0-shot), aggregate | acc" in card.read_text()
    assert validate_card(card).ok


def test_agieval_of_the_nous_suites_fork_reaches_model_index_on_the_dataset_it_loaded():
    evaluations = _evaluations("lm_eval_0.3_nous_agieval.json")
    assert evaluations["agieval_aqua_rat:0-shot"]["dataset"] == {"id": "dmayhem93/agieval-aqua-rat", "split": "test"}
    assert evaluations["agieval_sat_en_without_passage:0-shot"]["dataset"] == {
        "id": "dmayhem93/agieval-sat-en-without-passage", "split": "test"}
    assert all(e.get("model_index", True) for e in evaluations.values())


def test_one_crows_pairs_bias_type_run_alone_is_not_indexed_as_its_whole_split():
    """lm-eval 0.4 writes the task's process_docs (a filter to one bias type) into its config, beside the whole
    split's dataset_path, dataset_name and test_split."""
    got = read_source(SHAPES / "lm_eval_0.4.5_crows_pairs_subtask.json")
    [evaluation] = got.data["evaluations"]
    assert evaluation["dataset"] == {"id": "BigScienceBiasEval/crows_pairs_multilingual", "config": "english",
                                     "split": "test"}
    assert evaluation["model_index"] is False
    assert [(w.path, w.message) for w in got.warnings] == [(
        "$.results['crows_pairs_english_age']", "is shown in the card's tables but not in model-index: it scores only "
        "the age sentences of BigScienceBiasEval/crows_pairs_multilingual (english, test), not the whole split")]


def test_the_fix_for_a_task_scoring_part_of_its_split_never_invites_naming_the_whole_split():
    """A subset's score is not the split's: the fix says to run the whole task or name a dataset of just that part."""
    got = read_source(SHAPES / "lm_eval_0.4.5_crows_pairs_subtask.json")
    assert [w.fix for w in got.warnings] == [
        "keep it in the tables; to list a score in model-index, run crows_pairs_english, which scores the whole split, "
        "or name in your records a Hub dataset holding just the examples it scored, never the whole split's"]
    math = read_source(SHAPES / "lm_eval_0.4.8_leaderboard_math_hard.json")
    fixes = {w.path: w.fix for w in math.warnings}
    assert fixes == {"$.results['leaderboard_math_hard']": (
        "keep it in the tables; to list a score in model-index, name in your records a Hub dataset holding just the "
        "examples it scored, never the whole split's")}


def test_the_fix_for_a_run_cut_by_limit_or_max_samples_is_to_run_it_whole():
    data = json.loads((SHAPES / "lm_eval_0.4.5_crows_pairs_subtask.json").read_text())
    data["results"]["arc_easy"] = {"alias": "arc_easy", "acc,none": 0.5, "acc_stderr,none": 0.1}
    data["configs"]["arc_easy"] = {"dataset_path": "allenai/ai2_arc", "dataset_name": "ARC-Easy", "test_split": "test"}
    data["n-samples"]["arc_easy"] = {"original": 2376, "effective": 10}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        got = read_source(path)
    assert {w.path: w.fix for w in got.warnings}["$.results['arc_easy']"] == (
        "run the task again without --limit to list it in model-index")
    light = read_source(SHAPES / "lighteval_0.13_max_samples.json")
    assert {w.fix for w in light.warnings if w.code == "not-in-model-index"} == {
        "run the task again without --max-samples to list it in model-index"}


def test_the_leaderboards_math_hard_scores_level_5_only_so_neither_it_nor_its_tasks_are_indexed(tmp_path):
    got = read_source(SHAPES / "lm_eval_0.4.8_leaderboard_math_hard.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert sorted(evaluations) == ["leaderboard_math_algebra_hard:4-shot", "leaderboard_math_geometry_hard:4-shot",
                                   "leaderboard_math_hard:4-shot"]
    assert not any(e.get("model_index", True) for e in evaluations.values())
    assert evaluations["leaderboard_math_hard:4-shot"]["benchmark"] == "MATH Lvl 5 (4-shot), aggregate"
    # one warning: the group's names its tasks, and says what part the first scores (mattdepaolis/llm-evaluation's
    # Qwen3-8B run gave 8 of 15 warnings for math_hard and its 7 tasks)
    assert [(w.path, w.message) for w in got.warnings] == [(
        "$.results['leaderboard_math_hard']", "is shown in the card's tables but not in model-index (nor are 2 tasks "
        "under it, for this reason): all of its tasks score only part of their split (leaderboard_math_algebra_hard, "
        "leaderboard_math_geometry_hard); leaderboard_math_algebra_hard, for one: it scores only the Level 5 problems "
        "of DigitalLearningGmbH/MATH-lighteval (algebra, test), not the whole split")]
    # a task's own filtering process_docs says so too, when the bundled table does not know the task
    data = json.loads((SHAPES / "lm_eval_0.4.8_leaderboard_math_hard.json").read_text())
    for old in ("leaderboard_math_algebra_hard", "leaderboard_math_geometry_hard"):
        for key in ("results", "configs", "n-shot", "versions", "n-samples", "higher_is_better"):
            data[key][old.replace("leaderboard_", "my_")] = data[key].pop(old)
    data["group_subtasks"]["leaderboard_math_hard"] = ["my_math_algebra_hard", "my_math_geometry_hard"]
    mine = {e["id"]: e.get("model_index", True) for e in ingest_data(data)}
    assert mine == {"leaderboard_math_hard:4-shot": False, "my_math_algebra_hard:4-shot": False,
                    "my_math_geometry_hard:4-shot": False}
    # lm-eval before 0.4.8 read lighteval/MATH-Hard, Level 5 problems only, whole: its process_docs does not filter
    data = json.loads((SHAPES / "lm_eval_0.4.8_leaderboard_math_hard.json").read_text())
    for config in data["configs"].values():
        config.update(dataset_path="lighteval/MATH-Hard",
                      process_docs=config["process_docs"].replace('.filter(lambda x: x["level"] == "Level 5")', ""))
    whole = {e["id"]: (e["dataset"], e.get("model_index", True)) for e in ingest_data(data)}
    assert whole == {"leaderboard_math_hard:4-shot": ({"id": "lighteval/MATH-Hard", "split": "test"}, True),
                     "leaderboard_math_algebra_hard:4-shot": (
                         {"id": "lighteval/MATH-Hard", "config": "algebra", "split": "test"}, False),
                     "leaderboard_math_geometry_hard:4-shot": (
                         {"id": "lighteval/MATH-Hard", "config": "geometry", "split": "test"}, False)}


@pytest.mark.parametrize("group", ["", "mmlu_pro::"], ids=["0.4", "0.5"])
def test_mmlu_pros_subjects_each_score_part_of_its_split_and_together_the_whole(group):
    """lm-eval 0.5 keys a group's task as `<group>::<task>` everywhere (the 0.5.0.dev1 fixtures' tiny_suite::
    tiny_arith_mc; lm_eval/tasks/_factory.py): the subjects are still known as parts of MMLU-Pro's split. Before,
    `mmlu_pro::mmlu_pro_law` went into model-index as the whole split's score."""
    data = json.loads((SHAPES / "lm_eval_0.4.8_leaderboard_math_hard.json").read_text())
    renamed = {"leaderboard_math_hard": "mmlu_pro", "leaderboard_math_algebra_hard": f"{group}mmlu_pro_law",
               "leaderboard_math_geometry_hard": f"{group}mmlu_pro_computer_science"}
    for key in ("results", "configs", "n-shot", "versions", "n-samples", "higher_is_better"):
        data[key] = {renamed.get(k, k): v for k, v in data[key].items()}
    data["group_subtasks"] = {"mmlu_pro": [f"{group}mmlu_pro_law", f"{group}mmlu_pro_computer_science"]}
    for task, config in data["configs"].items():  # lm-eval writes str() of a functools.partial, which has no source
        subject = task.removeprefix(group).replace("mmlu_pro_", "").replace("_", " ")
        config.update(dataset_path="TIGER-Lab/MMLU-Pro",
                      process_docs=f"functools.partial(<function process_docs at 0x7f3a2c1b5e10>, subject='{subject}')")
        del config["dataset_name"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        got = read_source(path)
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert evaluations["mmlu_pro:4-shot"]["dataset"] == {"id": "TIGER-Lab/MMLU-Pro", "split": "test"}
    assert evaluations["mmlu_pro:4-shot"].get("model_index", True)
    assert evaluations["mmlu_pro_law:4-shot"]["model_index"] is False  # by its own name in both
    assert {w.path: w.message.split(": ", 1)[1] for w in got.warnings} == {
        f"$.results['{group}mmlu_pro_law']": "it scores only the law questions of TIGER-Lab/MMLU-Pro (test), not the "
        "whole split",
        f"$.results['{group}mmlu_pro_computer_science']": "it scores only the computer science questions of "
        "TIGER-Lab/MMLU-Pro (test), not the whole split"}
    assert {w.fix for w in got.warnings} == {
        "keep it in the tables; to list a score in model-index, run mmlu_pro, which scores the whole split, or name in "
        "your records a Hub dataset holding just the examples it scored, never the whole split's"}


def test_the_0_3_lines_bigbench_tasks_are_kept_out_of_model_index_for_their_local_data():
    got = read_source(SHAPES / "lm_eval_0.3_nous_bigbench.json")
    assert [e.get("model_index", True) for e in got.data["evaluations"]] == [False, False]
    assert {w.message.split(": ", 1)[1] for w in got.warnings} == {
        "its data are the local JSON files the harness fork's bigbench tasks read, not a Hub dataset"}


def test_a_task_name_wider_than_48_characters_keeps_the_results_tables_raw_markdown_aligned(tmp_path):
    """saucam/Nereus-7B's bigbench_tracking_shuffled_objects_seven_objects (0-shot) is 56 characters: its row stuck out
    of the results table, whose columns were padded to at most 48."""
    out = tmp_path / "README.md"
    assert main(["build", "--eval", str(SHAPES / "lm_eval_0.3_nous_bigbench_long_task.json"), "-o", str(out)]) == 0
    rows = [line for line in out.read_text().splitlines() if line.startswith("| ")]
    assert any("bigbench_tracking_shuffled_objects_seven_objects (0-shot) |" in line for line in rows)
    assert len({len(line) for line in rows}) == 1


def test_the_0_3_lines_multilingual_tasks_reach_model_index_on_their_datasets():
    got = read_source(SHAPES / "lm_eval_0.3_xcopa_xnli.json")
    assert not got.warnings
    assert {e["id"]: e["dataset"] for e in got.data["evaluations"]} == {
        "xcopa_id:0-shot": {"id": "cambridgeltl/xcopa", "config": "id", "split": "test"},
        "xcopa_qu:0-shot": {"id": "cambridgeltl/xcopa", "config": "qu", "split": "test"},
        "xnli_sw:0-shot": {"id": "facebook/xnli", "config": "sw", "split": "test"},
        "pawsx_ja:0-shot": {"id": "google-research-datasets/paws-x", "config": "ja", "split": "test"},
        "xstory_cloze_eu:0-shot": {"id": "juletxara/xstory_cloze", "config": "eu", "split": "eval"},
        "xwinograd_pt:0-shot": {"id": "Muennighoff/xwinograd", "config": "pt", "split": "test"}}


def test_another_tools_results_naming_its_model_are_refused_as_a_format_not_read(tmp_path, capsys):
    """sayf_eval's file has a `model` key, which once made it a records file refused key by key."""
    path = SHAPES / "sayf_eval_results.json"
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(path), "-o", str(out)]) == 1
    assert main(["build", "--eval", str(path), "--repo-id", "acme/x", "-o", str(tmp_path / "README.md")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {path}: $: is the results of sayf_eval 0.1.0 (its sayf_eval_version), not an "
                   "evaluation results file the generator reads: it reads "
                   "lm-evaluation-harness results (results with versions, configs or n-shot), lighteval results "
                   "(config_general and results) and the Hub's .eval_results/*.yaml (fix: write the scores as "
                   "evaluations in a records file (modelcard init writes one to start from) and pass it with "
                   "--records)"] * 2
    assert not out.exists() and not (tmp_path / "README.md").exists()


def test_a_leaderboard_v1_file_of_mid_2023_names_its_model_in_model_args(tmp_path):
    """The leaderboard's 2023 files have `config` (not config_general) with the repo id alone as model_args."""
    path = SHAPES / "lighteval_leaderboard_v1_2023_config.json"
    got = read_source(path)
    assert got.format == "lighteval" and got.data["model"] == {"repo_id": "acme/tiny-lm"}
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert {i: (e["benchmark"], e["dataset"], e["few_shot"]) for i, e in evaluations.items()} == {
        "harness:arc:challenge:25": ("AI2 Reasoning Challenge (25-shot)",
                                     {"id": "allenai/ai2_arc", "config": "ARC-Challenge", "split": "test"}, 25),
        "harness:hellaswag:10": ("HellaSwag (10-shot)", {"id": "Rowan/hellaswag", "split": "validation"}, 10),
        "harness:hendrycksTest-abstract_algebra:5": (
            "MMLU abstract_algebra (5-shot)", {"id": "cais/mmlu", "config": "abstract_algebra", "split": "test"}, 5),
        "harness:hendrycksTest-virology:5": (
            "MMLU virology (5-shot)", {"id": "cais/mmlu", "config": "virology", "split": "test"}, 5),
        "harness:truthfulqa:mc:0": ("TruthfulQA (0-shot)",
                                    {"id": "truthfulqa/truthful_qa", "config": "multiple_choice", "split": "validation"},
                                    0)}
    assert [(w.path, w.code) for w in got.warnings] == [("$.results", "aggregate-left-out")]
    assert got.warnings[0].message.startswith("'all' is lighteval's own mean of each metric over tasks of the file")
    # the folder the leaderboard kept it in: one model, read by the same name
    folder = tmp_path / "acme" / "tiny-lm"
    folder.mkdir(parents=True)
    (folder / "results_2023-07-19T10:00:00.000000.json").write_text(path.read_text())
    (folder / "results_2023-08-02T10:00:00.000000.json").write_text(path.read_text().replace("acme/tiny-lm", "acme/x"))
    with pytest.raises(InputError) as caught:
        read_source(tmp_path)
    # both in one folder: each model's file is named, and no folder is offered as the fix
    assert caught.value.problems[0].message == (
        "holds the results of 2 models: acme/tiny-lm (acme/tiny-lm/results_2023-07-19T10:00:00.000000.json); "
        "acme/x (acme/tiny-lm/results_2023-08-02T10:00:00.000000.json)")
    assert caught.value.problems[0].fix == ("pass the results folder (or files) of one model, or --repo-id naming one "
                                            "of them: a card describes one model")
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(path), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text())["model"] == {"repo_id": "acme/tiny-lm"}



def _run_scoring(run: str, model: str) -> tuple[Path, dict]:
    """A real lm-eval 0.4.8 results file of the fixtures' ``run`` (run1, run2) and its data, as a run scoring ``model``
    (a Hub id or a local path) would have written it."""
    [source] = (Path(__file__).resolve().parent / "fixtures" / "versions" / "evals" / "lm-eval-0.4.8" / run).glob(
        "*/results_*.json")
    data = json.loads(source.read_text())
    data["model_name"], data["config"]["model_args"] = model, f"pretrained={model},dtype=float32"
    return source, data


def test_a_folder_of_several_models_results_is_read_for_the_model_repo_id_names(tmp_path, capsys):
    """lm-eval's --output_path shared by two models' runs (one a local copy of the Hub repo, as real runs name
    /data/public_models/huggingface/<org>/<name>): --repo-id naming one reads its runs alone, saying so."""
    for model, run in (("/data/models/acme/tiny-llama", "run1"), ("acme/other", "run2")):
        source, data = _run_scoring(run, model)
        folder = tmp_path / "out" / model.strip("/").replace("/", "__")
        folder.mkdir(parents=True)
        (folder / source.name).write_text(json.dumps(data))
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(tmp_path / "out"), "--repo-id", "acme/tiny-llama", "-o", str(out)]) == 0
    assert "warning: " + str(tmp_path / "out") + ": holds the results of 2 models: only those of /data/models/acme/" \
        "tiny-llama, the model given (acme/tiny-llama), are read; the runs of 1 other model are left out (acme/other)" \
        in capsys.readouterr().err
    records = yaml.safe_load(out.read_text())
    assert records["model"]["repo_id"] == "acme/tiny-llama"
    assert sorted(e["id"] for e in records["evaluations"]) == ["tiny_arith_mc:0-shot", "tiny_compare_mc:0-shot",
                                                              "tiny_suite:0-shot"]  # run1 alone: no tiny_arith_gen
    assert main(["ingest", str(tmp_path / "out"), "--repo-id", "acme/nobody", "-o", str(out), "--force"]) == 1
    assert "acme/other (acme__other/); the model given, acme/nobody, is none of them (fix: pass the results folder " \
        "(or files) of one model, e.g. " in capsys.readouterr().err


def test_results_files_of_several_models_passed_one_by_one_are_refused_as_their_folder_is(tmp_path, capsys):
    """Two results files of two Hub models passed as files, not as their folder (mattdepaolis/llm-evaluation
    results/ at 8af4830: results_gemma-2b_hf_gsm8k_20250530_115057.json and results_DialoGPT-medium_hf_arc_easy_
    20250530_140104.json, lm-eval 0.4.8): their scores were merged into one card, the second model's with only a
    warning that its repo id disagrees. They are refused now, as their folder is; --repo-id reads one model's."""
    files = []
    for model, run in (("acme/tiny-llama", "run1"), ("acme/other", "run2")):
        source, data = _run_scoring(run, model)
        data["config"]["model_sha"] = "0123456789abcdef0123456789abcdef01234567"  # the Hub has it (invented)
        files.append(tmp_path / f"{run}.json")
        files[-1].write_text(json.dumps(data))
    out = tmp_path / "records.yaml"
    assert main(["ingest", *map(str, files), "-o", str(out)]) == 1
    assert f"error: ingest: the results passed are of 2 models: acme/tiny-llama ({files[0]}); acme/other " \
        f"({files[1]}) (fix: pass the results of one model, or --repo-id naming one of them" in capsys.readouterr().err
    assert main(["ingest", *map(str, files), "--repo-id", "acme/tiny-llama", "-o", str(out)]) == 0
    assert f"warning: ingest: the results passed are of 2 models: only those of acme/tiny-llama, the model given " \
        f"(acme/tiny-llama), are read; 1 source of other models left out ({files[1]})" in capsys.readouterr().err
    records = yaml.safe_load(out.read_text())
    assert records["model"]["repo_id"] == "acme/tiny-llama"
    assert sorted(e["id"] for e in records["evaluations"]) == ["tiny_arith_mc:0-shot", "tiny_compare_mc:0-shot",
                                                              "tiny_suite:0-shot"]  # run1 alone: no tiny_arith_gen
    # one model's runs, one of them naming a local copy (no Hub id): read together, as before
    data = json.loads(files[1].read_text())
    data["model_name"], data["config"]["model_args"] = "/data/ckpt", "pretrained=/data/ckpt,dtype=float32"
    files[1].write_text(json.dumps(data))
    assert main(["ingest", *map(str, files), "-o", str(out), "--force"]) == 0


def test_two_local_checkpoints_results_passed_one_by_one_are_refused_as_their_folder_is(tmp_path, capsys):
    """Two checkpoints of one run scored from their local folders (`pretrained=/data/run/checkpoint-500`, and
    checkpoint-1000 on other tasks), their files passed one by one: they were read as one model's scores, where their
    folder is refused as two models'. Both are refused now, naming each model's file; --repo-id naming one (a local
    copy's path `.../org/name`) reads its runs alone, in both forms."""
    files = []
    for model, run in (("/data/run/checkpoint-500", "run1"), ("/data/acme/tiny-ckpt", "run2")):
        source, data = _run_scoring(run, model)
        for key in ("results", "configs", "versions", "n-shot", "higher_is_better", "n-samples"):
            if run == "run2":  # run1 scored it too: the two runs share no task
                data[key].pop("tiny_compare_mc", None)
        files.append(tmp_path / "out" / run / source.name)
        files[-1].parent.mkdir(parents=True)
        files[-1].write_text(json.dumps(data))
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(tmp_path / "out"), "-o", str(out)]) == 1
    assert "holds the results of 2 models: /data/acme/tiny-ckpt (run2/); /data/run/checkpoint-500 (run1/)" \
        in capsys.readouterr().err
    assert main(["ingest", *map(str, files), "-o", str(out)]) == 1
    assert f"error: ingest: the results passed are of 2 models: /data/run/checkpoint-500 ({files[0]}); " \
        f"/data/acme/tiny-ckpt ({files[1]}) (fix: pass the results of one model, or --repo-id naming one of them" \
        in capsys.readouterr().err
    assert not out.exists()
    read = []
    for passed in ([str(tmp_path / "out")], list(map(str, files))):
        assert main(["ingest", *passed, "--repo-id", "acme/tiny-ckpt", "-o", str(out), "--force"]) == 0
        assert "only those of /data/acme/tiny-ckpt, the model given (acme/tiny-ckpt), are read" \
            in capsys.readouterr().err
        read.append(sorted(e["id"] for e in yaml.safe_load(out.read_text())["evaluations"]))
    assert read == [["tiny_arith_gen:3-shot"]] * 2


def test_one_local_folder_spelt_several_ways_is_one_model_two_folders_of_one_name_stay_two(tmp_path, capsys,
                                                                                           monkeypatch):
    """One checkpoint scored three times, lm-eval run from the pipeline's folder with `pretrained=./out/m`, its
    absolute path with a trailing slash, and a symlink to it: the files passed one by one, and their folder, were
    refused as three models. They are one model now (the folder is here). Two folders of one name that are not here
    (`./checkpoint-500` and `/runs/b/checkpoint-500`, two runs' checkpoints) stay two models."""
    (tmp_path / "out" / "m").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "out" / "m")
    monkeypatch.chdir(tmp_path)
    def written(models: tuple[str, ...]) -> list[Path]:
        files = []
        for model, run in zip(models, ("run1", "run2", "run1")):
            source, data = _run_scoring(run, model)
            files.append(tmp_path / "evals" / f"r{len(files)}" / source.name)
            files[-1].parent.mkdir(parents=True)
            files[-1].write_text(json.dumps(data))
        return files
    out = tmp_path / "records.yaml"
    files = written(("./out/m", f"{tmp_path}/out/m/", f"{tmp_path}/link"))
    read = []
    for passed in ([str(tmp_path / "evals")], list(map(str, files))):
        assert main(["ingest", *passed, "-o", str(out), "--force"]) == 0
        assert "models" not in capsys.readouterr().err
        read.append(sorted(e["id"] for e in yaml.safe_load(out.read_text())["evaluations"]))
    assert read[0] == read[1] and "tiny_arith_gen:3-shot" in read[0] and "tiny_suite:0-shot" in read[0]
    shutil.rmtree(tmp_path / "evals")
    files = written(("./checkpoint-500", "/runs/b/checkpoint-500/"))
    for passed in ([str(tmp_path / "evals")], list(map(str, files))):
        assert main(["ingest", *passed, "-o", str(out), "--force"]) == 1
        assert "of 2 models: ./checkpoint-500 (" in capsys.readouterr().err


def test_an_offline_run_of_the_hub_id_and_a_local_copys_run_are_both_the_model_repo_id_names(tmp_path, capsys):
    """lm-eval run offline on `acme/m` (config.model_sha "": no Hub id taken) and on its local copy `/data/acme/m`:
    --repo-id acme/m names both, and both forms read both runs. They were refused as "the model given, acme/m, is
    none of them" (the folder; the files one by one were read together)."""
    files = []
    for model, run in (("acme/m", "run1"), ("/data/acme/m", "run2")):
        source, data = _run_scoring(run, model)
        data["config"]["model_sha"] = ""
        files.append(tmp_path / "out" / run / source.name)
        files[-1].parent.mkdir(parents=True)
        files[-1].write_text(json.dumps(data))
    read = []
    for passed in ([str(tmp_path / "out")], list(map(str, files))):
        out = tmp_path / "records.yaml"
        assert main(["ingest", *passed, "--repo-id", "acme/m", "-o", str(out), "--force"]) == 0
        err = capsys.readouterr().err
        assert "holds the results of 2 models" not in err and "the results passed are of" not in err
        read.append(sorted(e["id"] for e in yaml.safe_load(out.read_text())["evaluations"]))
    assert read[0] == read[1] and "tiny_arith_gen:3-shot" in read[0] and "tiny_suite:0-shot" in read[0]


@pytest.mark.parametrize("version", ["0.4.3+", "0.4.0-0.4.2"])
def test_a_run_on_a_peft_adapter_names_the_adapter_as_the_model_and_pretrained_as_its_base(version):
    """HFLM's peft= loads the adapter onto pretrained=, the base; before 0.4.3 the file has no model_name."""
    data = json.loads((SHAPES / "lm_eval_0.4.5_peft_adapter.json").read_text())
    if version == "0.4.0-0.4.2":
        for key in ("model_name", "model_name_sanitized", "model_source", "date", "lm_eval_version"):
            del data[key]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        model = read_source(path).data["model"]
    assert model == {"repo_id": "acme/base-7b-lora", "base_model": "acme/base-7b", "base_model_relation": "adapter"}


def test_a_run_on_a_local_adapter_or_delta_weights_never_takes_the_base_for_the_model():
    data = json.loads((SHAPES / "lm_eval_0.4.5_peft_adapter.json").read_text())
    del data["model_name"]
    data["config"]["model_args"] = "pretrained=acme/base-7b,peft=/home/me/out/checkpoint-500,dtype=bfloat16"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        assert read_source(path).data["model"] == {"base_model": "acme/base-7b", "base_model_relation": "adapter"}
        data["config"]["model_args"] = "pretrained=acme/base-7b,delta=acme/base-7b-delta"
        path.write_text(json.dumps(data))
        assert read_source(path).data["model"] == {"repo_id": "acme/base-7b-delta", "base_model": "acme/base-7b",
                                                   "base_model_relation": "finetune"}


def test_an_adapter_scored_on_a_local_base_says_the_card_names_no_base():
    """A LoRA trained on a base downloaded to a folder and scored as `--model_args pretrained=/models/base,peft=out`
    (lm-eval 0.4.13 wrote it so on the tiny model): the card had no base_model, and no warning said why."""
    data = json.loads((SHAPES / "lm_eval_0.4.5_peft_adapter.json").read_text())
    data["config"]["model_args"] = "pretrained=/models/base-7b,peft=acme/base-7b-lora,dtype=bfloat16"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        got = read_source(path)
    assert got.data["model"] == {"repo_id": "acme/base-7b-lora"}
    [told] = [w for w in got.warnings if w.code == "not-a-hub-id"]
    assert (told.path, told.message) == ("$.config.model_args", "loads the peft= weights scored on "
                                         "pretrained='/models/base-7b', which is no Hub model id (a local folder): "
                                         "the card names no base_model for them")
    assert not [w for w in read_source(SHAPES / "lm_eval_0.4.5_peft_adapter.json").warnings
                if w.code == "not-a-hub-id"]


def test_the_japanese_forks_tasks_reach_model_index_on_the_datasets_its_task_classes_load():
    got = read_source(SHAPES / "lm_eval_0.3_jp_stable.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert {k: (e.get("dataset"), e.get("model_index", True)) for k, e in evaluations.items()} == {
        "jcommonsenseqa-1.1-0.2:3-shot": ({"id": "shunk031/JGLUE", "config": "JCommonsenseQA", "split": "validation"},
                                          True),
        "jnli-1.1-0.2:3-shot": ({"id": "shunk031/JGLUE", "config": "JNLI", "split": "validation"}, True),
        "xwinograd_ja:0-shot": (None, False),
        "jsquad-1.1-0.2:2-shot": ({"id": "shunk031/JGLUE", "config": "JSQuAD", "split": "validation"}, True),
        # MGSM's DATASET_PATH and DATASET_NAME, and the test split of the GradeSchoolMath8K it derives from
        "mgsm-1.0-0.3:5-shot": ({"id": "juletxara/mgsm", "config": "ja", "split": "test"}, True)}
    # one count a task, given in the order of `versions`, not of `results` (which would give xwinograd_ja 2 shots)
    assert {k: e["few_shot"] for k, e in evaluations.items()} == {
        "jcommonsenseqa-1.1-0.2:3-shot": 3, "jnli-1.1-0.2:3-shot": 3, "xwinograd_ja:0-shot": 0,
        "jsquad-1.1-0.2:2-shot": 2, "mgsm-1.0-0.3:5-shot": 5}
    # the fork's xwinograd_ja loaded juletxara/xwinograd, then polm-stability/xwinograd-ja: the warning says so
    assert [(w.path, w.message) for w in got.warnings] == [(
        "$.results['xwinograd_ja']", "is shown in the card's tables but not in model-index: the jp-stable fork's "
        "xwinograd_ja read juletxara/xwinograd (jp) until its commit 3595a09 of 2023-10-06, when that dataset was "
        "deleted, and polm-stability/xwinograd-ja after it, and the file does not say which commit ran it")]
    # some of the fork's committed files were edited by hand: `results` and `versions` name different tasks
    data = json.loads((SHAPES / "lm_eval_0.3_jp_stable.json").read_text())
    data["versions"]["jsquad-1.2-0.2"] = data["versions"].pop("jsquad-1.1-0.2")
    assert not any("few_shot" in e for e in ingest_data(data))
    data = json.loads((SHAPES / "lm_eval_0.3_jp_stable.json").read_text())
    data["config"]["num_fewshot"] = [3, 3, 2, 0]
    assert not any("few_shot" in e for e in ingest_data(data))


def test_the_japanese_forks_jcola_branch_task_reaches_model_index_on_jglue():
    """kumapo/lm-evaluation-harness's jcola branch (1297c49, 2023-10-10) named its task jcola-0.1-0.1 (PROMPT_VERSION
    0.1, renumbered 0.0 before the merge); its 18 models/*/result.jcola.json files score it, with mcc, on CoLA's
    validation_docs of shunk031/JGLUE JCoLA."""
    data = json.loads((SHAPES / "lm_eval_0.3_jp_stable.json").read_text())
    for key in ("results", "versions"):
        data[key]["jcola-0.1-0.1"] = data[key].pop("jnli-1.1-0.2")
    data["results"]["jcola-0.1-0.1"] = {"mcc": 0.0183, "mcc_stderr": 0.0346}
    [jcola] = [e for e in ingest_data(data) if e["id"].startswith("jcola")]
    assert jcola["dataset"] == {"id": "shunk031/JGLUE", "config": "JCoLA", "split": "validation"}
    assert jcola.get("model_index", True)


def test_a_task_whose_data_its_custom_dataset_function_builds_says_so():
    """lm-eval 0.4.5+ writes a task's custom_dataset (the function's source) into its config instead of dataset_path,
    as in EleutherAI/lm-evaluation-harness all-results-original/results_2025-*.json (a pull request's branch)."""
    data = json.loads((SHAPES / "lm_eval_0.4.5_peft_adapter.json").read_text())
    data["configs"]["arc_easy"] = {"task": "arc_easy", "test_split": "validation", "custom_dataset":
                                   "def load_dataset(**kwargs):\n    return {\"validation\": build()}\n"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        got = read_source(path)
    assert [w.message.split(": ", 1)[1] for w in got.warnings] == [
        "its data come from its own custom_dataset function, not from a Hub dataset the file names"]


def test_a_merge_of_runs_keyed_by_date_is_refused_saying_what_it_holds(tmp_path, capsys):
    """bigscience-workshop/bigscience evaluation/results/tr11/bloom/bslmeval.json (commit 4635fe35) merges runs of the
    BigScience fork: each task's metrics under the date of its run."""
    path = tmp_path / "bslmeval.json"
    path.write_text(json.dumps({"results": {"arc_easy": {"2022-07-07-20-56-53": {"acc": 0.72, "acc_stderr": 0.009}}},
                                "versions": {"arc_easy": 0}}))
    assert "holds each task's metrics under further keys (such as the date of each run merged into the file)" in \
        _refusal(path, tmp_path, capsys)
    assert not (tmp_path / "records.yaml").exists()


def test_a_lighteval_run_on_an_adapter_names_its_base_model():
    """lighteval's AdapterModelConfig (and DeltaModelConfig) load model_name onto base_model; config_general keeps the
    model config (lighteval/models/transformers/adapter_model.py, 0.10+)."""
    data = json.loads((SHAPES / "lighteval_0.13_max_samples.json").read_text())
    data["config_general"]["model_name"] = "acme/base-7b-lora"
    data["config_general"]["model_config"] = {"model_name": "acme/base-7b-lora", "base_model": "acme/base-7b",
                                              "dtype": "float16"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        assert read_source(path).data["model"] == {"repo_id": "acme/base-7b-lora", "base_model": "acme/base-7b"}


@pytest.mark.parametrize("name, what", [("probe_results_config.json", ""),
                                        ("promptfoo_results.json", "a promptfoo export (`promptfoo eval -o`; eval "
                                                                   "'eval-7-2025-01-01T00:00:00'): ")])
def test_another_tools_results_with_a_config_key_are_not_taken_for_lm_eval(name, what, tmp_path, capsys):
    """A `config` that names no model run (a probe's model_id, promptfoo's providers) is not lm-eval's: such files
    were read as lm-eval 0.3 results, their layers and stats becoming evaluations. promptfoo's export before
    metadata.promptfooVersion is named by its evalId, results.stats and shareableUrl."""
    path = SHAPES / name
    err = _refusal(path, tmp_path, capsys)
    assert err.startswith(f"error: {path}: $: is {what}")
    assert "not an evaluation results file the generator reads" in err
    assert not (tmp_path / "records.yaml").exists()


def test_a_file_whose_results_and_config_are_not_objects_is_not_called_an_lm_eval_file(tmp_path, capsys):
    """A tokenizer's vocab.json can hold the tokens "results" and "config": it is no results file of any tool."""
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps({"results": 8074, "config": 4125, "the": 1}))
    assert _refusal(path, tmp_path, capsys).startswith(f"error: {path}: $: is not an evaluation results file the generator")


def test_bigscience_flores_perplexity_tasks_get_the_language_config_and_the_dev_split():
    """The fork named its flores_101 perplexity tasks gsarti/flores_101_<lang> (2022-05 to 07) and scored each on
    the dev split of that language's config; the files name no dataset for them."""
    evaluations = _evaluations("lm_eval_bigscience_flores_ppl.json")
    assert {i: (e["dataset"], e.get("model_index", True), [m["value"] for m in e["metrics"]])
            for i, e in evaluations.items()} == {
        "gsarti/flores_101_kor_null:0-shot": ({"id": "gsarti/flores_101", "config": "kor", "split": "dev"}, True,
                                              [120.5, 3.5, 1.8]),
        "gsarti/flores_101_swh_null:0-shot": ({"id": "gsarti/flores_101", "config": "swh", "split": "dev"}, True,
                                              [310.25, 2.75, 1.46])}


def test_the_harness_lambada_task_of_2021_22_is_openais_lambada_test_set():
    """Until 2022-11 the harness's `lambada` read OpenAI's lambada_test.jsonl (then it became lambada_openai)."""
    evaluations = _evaluations("lm_eval_0.3_neox_lambada.json")
    assert evaluations["lambada:0-shot"]["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
    assert evaluations["lambada:0-shot"].get("model_index", True)
    assert [(m["type"], m["value"], m.get("higher_is_better", True)) for m in evaluations["lambada:0-shot"]["metrics"]
            ] == [("ppl", 7.25, False), ("acc", 0.57, True)]
    # and its lambada_mt_<lang> (then lambada_openai_mt_<lang>), as the harness's tests/testdata/lambada_mt_fr-v0-res.json
    data = json.loads((SHAPES / "lm_eval_0.3_neox_lambada.json").read_text())
    data["results"] = {"lambada_mt_fr": data["results"]["lambada"]}
    data["versions"] = {"lambada_mt_fr": 0}
    assert [e["dataset"] for e in ingest_data(data)] == [{"id": "EleutherAI/lambada_openai", "config": "fr", "split": "test"}]


def _not_looked_up(tmp_path: Path, model_args: str) -> tuple[dict[str, Any], Path]:
    """lm-eval 0.4.5's PEFT-run shape (its data, and the file written) rewritten as a run of ``model_args``, the
    model's name from its pretrained=, whose Hub look-up failed (model_sha "")."""
    data = json.loads((SHAPES / "lm_eval_0.4.5_peft_adapter.json").read_text())
    data["config"]["model_args"] = model_args
    data["model_name"] = model_args.split(",")[0].removeprefix("pretrained=")
    data["config"]["model_sha"] = ""
    del data["config"]["peft_sha"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    return data, path


def test_a_local_folder_named_like_a_repo_id_is_not_taken_when_lm_eval_found_no_such_hub_repo(tmp_path):
    """`pretrained=out/ckpt` looks like a repo id; lm-eval 0.4.3+'s model_sha (peft_sha for an adapter) is "" when
    its Hub lookup failed, a sha when it did not: where a folder of that name is beside the results file (or where we
    run), the run scored that folder."""
    data, path = _not_looked_up(tmp_path, "pretrained=out/ckpt,dtype=bfloat16")
    (tmp_path / "out" / "ckpt").mkdir(parents=True)
    (tmp_path / "out" / "lora").mkdir()
    got = read_source(path)
    assert "model" not in got.data
    assert [(w.path, w.code, w.message) for w in got.warnings if w.code == "not-a-hub-id"] == [(
        "$.config.model_sha", "not-a-hub-id", "is empty: lm-eval found no Hub repo 'out/ckpt' when the run scored it, "
        "and 'out/ckpt' is a folder here: a local folder, not taken as the model's repo_id")]
    # an adapter in a local folder on a Hub base: the adapter is not taken, its base is
    data["config"]["model_args"] = "pretrained=acme/base-7b,peft=out/lora"
    data["model_name"] = "out/lora"
    data["config"].update(model_sha="5d6b1a8e0c3f4b2a9e7d6c5b4a3f2e1d0c9b8a7f", peft_sha="")
    path.write_text(json.dumps(data))
    got = read_source(path)
    assert got.data["model"] == {"base_model": "acme/base-7b", "base_model_relation": "adapter"}
    assert [w.path for w in got.warnings if w.code == "not-a-hub-id"] == ["$.config.peft_sha"]


def test_a_hub_id_lm_eval_could_not_look_up_is_taken_with_a_warning(tmp_path):
    """lm-eval's get_model_sha (0.4.3 to 0.4.13) returns "" on any error of the Hub call, offline or rate-limited
    too: EleutherAI/lm-evaluation-harness results/truthfulqa_gen_neo125_2025-05-31T13-51-32.759677.json scored
    `pretrained=EleutherAI/gpt-neo-125M` (model_revision main, model_source hf) with model_sha "", its rerun 40
    minutes later with the sha. A name of the Hub id form that is no folder here is the Hub id, saying why and how
    to override; an absolute or ./ path stays local (its folder's name titles the card)."""
    data, path = _not_looked_up(tmp_path, "pretrained=acme/tiny-lm,device=cpu")
    got = read_source(path)
    assert got.data["model"] == {"repo_id": "acme/tiny-lm"}
    assert [(w.path, w.message, w.fix) for w in got.warnings if w.code == "unverified-hub-id"] == [(
        "$.config.model_sha", "is empty: lm-eval writes it so whenever its Hub lookup of 'acme/tiny-lm' failed "
        "(offline, rate-limited, or a local folder of that name); as no such folder is here, 'acme/tiny-lm', of the "
        "Hub id form, is taken as the model's repo_id", "if it was a local folder, pass --repo-id ORG/NAME (or set "
        "model.repo_id in your records) naming the model's Hub repo")]
    assert not [w for w in got.warnings if w.code == "not-a-hub-id"]
    for local in ("./acme/tiny-lm", "/scratch/acme/tiny-lm"):
        data["config"]["model_args"] = f"pretrained={local},device=cpu"
        data["model_name"] = local
        path.write_text(json.dumps(data))
        got = read_source(path)
        assert "model" not in got.data and got.title == "tiny-lm"
        assert not [w for w in got.warnings if w.code == "unverified-hub-id"]


def test_a_repo_id_given_quiets_the_warning_on_a_hub_id_lm_eval_could_not_look_up(tmp_path):
    """--repo-id names the model: the file's name taken for want of a look-up no longer matters (left56a's leftover:
    the warning still asked for --repo-id when it was given)."""
    _, path = _not_looked_up(tmp_path, "pretrained=acme/tiny-lm,device=cpu")
    assert [w.code for w in ingest([path]).warnings if w.code == "unverified-hub-id"] == ["unverified-hub-id"]
    given = ingest([path], repo_id="acme/tiny-lm")
    assert given.data["model"]["repo_id"] == "acme/tiny-lm"
    assert not [w for w in given.warnings if w.code.startswith("unverified-")]


def test_the_harness_results_of_2021_saved_alone_are_read_as_the_0_3_line(tmp_path):
    """{"results": {task: {metric, metric_stderr}}} with no versions or config: the 2021 evaluator's output, kept
    by a script; each score reaches the records, on the datasets the 0.3 line's table knows."""
    path = SHAPES / "lm_eval_2021_results_alone.json"
    assert main(["ingest", str(path), "-o", str(tmp_path / "records.yaml")]) == 0
    evaluations = {e["id"]: e for e in yaml.safe_load((tmp_path / "records.yaml").read_text())["evaluations"]}
    assert {i: [(m["type"], m["value"]) for m in e["metrics"]] for i, e in evaluations.items()} == {
        "lambada": [("ppl", 5.1), ("acc", 0.63)], "hellaswag": [("acc", 0.54), ("acc_norm", 0.71)],
        "mc_taco": [("em", 0.12), ("f1", 0.48)],
        "wikitext": [("bits_per_byte", 0.78), ("byte_perplexity", 1.72), ("word_perplexity", 14.5)]}
    assert evaluations["lambada"]["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
    assert not any("few_shot" in e for e in evaluations.values())


def test_a_file_of_per_example_scores_is_refused_saying_so(tmp_path, capsys):
    path = SHAPES / "lm_eval_0.3_pythia_per_example.json"
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: $.results: holds each task's metrics as lists of numbers (a score an example), not the one "
        "score of each metric a run gives (fix: pass the file of the run's aggregated results, or write the scores "
        "you mean as evaluations in a records file)\n")
    data = json.loads(path.read_text())
    data["results"]["lambada"] = {"acc": 0.5, "acc_stderr": 0.01}
    data["versions"]["lambada"] = 0
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data))
    assert [w.message for w in read_source(path).warnings if w.code == "no-results"] == [
        "holds its metrics as lists of numbers (a score an example), not scores; skipped"]


def test_a_lighteval_task_whose_hf_filter_keeps_part_of_its_split_stays_out_of_model_index():
    got = read_source(SHAPES / "lighteval_0.11_hf_filter.json")
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert {i: (e["dataset"], e.get("model_index", True)) for i, e in evaluations.items()} == {
        "community:exam-en:0": ({"id": "acme/law-exam", "config": "mcq_4_choices", "split": "test"}, False),
        "community:exam-all:0": ({"id": "acme/law-exam", "config": "mcq_4_choices", "split": "test"}, True)}
    assert [(w.path, w.message) for w in got.warnings if w.code == "not-in-model-index"] == [(
        "$.results['community|exam-en|0']", "is shown in the card's tables but not in model-index: it scores only the "
        "examples its hf_filter '<lambda>' keeps of acme/law-exam (mcq_4_choices, test), not the whole split")]


@pytest.mark.parametrize("name, text, what", [
    ("results_2024-06-01T10-00-00.json", "", "is empty"),  # a run that did not finish; a snapshot without the file
    ("results.json", "\n  \n", "holds only white space"),
])
def test_an_empty_results_file_is_refused_saying_it_is_empty(tmp_path, capsys, name, text, what):
    """Not "invalid JSON: Expecting value at line 1, column 1" (10 files of evals30's corpus)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: {what} (fix: re-run the tool, or pass the file it wrote with its content)\n")
    assert not (tmp_path / "records.yaml").exists()


def test_an_empty_bigscience_agg_file_is_refused_saying_what_it_is(tmp_path, capsys):
    path = SHAPES / "lm_eval_bigscience_agg_empty.json"
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: $.results: is an empty list: this is the aggregated results file (agg.<run>.json) of "
        "BigScience's lm-evaluation-harness fork, and its run scored no task and prompt (the fork skips a task without "
        "validation or test documents), so it holds no scores (fix: pass the agg file of a run that scored its tasks, "
        "or run the evaluation again)\n")
    assert not (tmp_path / "records.yaml").exists()


def test_a_predict_only_run_is_refused_and_its_placeholder_never_taken_for_a_score(tmp_path, capsys):
    """--predict_only: lm-eval's bypass metric, whose 999 is no score; a task of it beside scored tasks is skipped."""
    path = SHAPES / "lm_eval_0.4.9_predict_only.json"
    err = _refusal(path, tmp_path, capsys)
    text = ("lm-eval's placeholder 999 (metric bypass), not a score: a --predict_only run writes the model's outputs to "
            "samples_<task>_<date>.jsonl and scores nothing")
    fix = "run the tasks again without --predict_only, or score the samples and write the scores in records"
    assert err == f"error: {path}: $.results: holds, for every task, {text} (fix: {fix})\n"
    data = json.loads(path.read_text())
    data["results"]["arc_easy"] = {"alias": "arc_easy", "acc,none": 0.5, "acc_stderr,none": 0.01}
    mixed = tmp_path / "results.json"
    mixed.write_text(json.dumps(data))
    got = read_source(mixed)
    assert [(e["id"], e["metrics"]) for e in got.data["evaluations"]] == [
        ("arc_easy", [{"type": "acc", "value": 0.5, "stderr": 0.01}])]
    assert [(w.path, w.message, w.fix) for w in got.warnings if w.code == "no-results"] == [
        ("$.results['gsm8k']", f"holds {text}; skipped", fix)]


def test_a_file_of_no_finite_score_is_refused_naming_the_values(tmp_path, capsys):
    """A custom task whose mean absolute error is Infinity (its parse of an answer failed): the refusal names it."""
    path = SHAPES / "lm_eval_0.4.8_infinite_mae.json"
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: $.results: holds no finite numeric results (polymer_density's mae,none is inf) (fix: pass a "
        "completed run's file)\n")
    data = json.loads(path.read_text())
    data["results"]["polymer_density"] = {"alias": "polymer_density"}
    with pytest.raises(InputError, match=r"holds no finite numeric results \(no task in it has a metric\)"):
        ingest_data(data)


def test_an_inspect_ai_log_is_refused_naming_what_it_is(tmp_path, capsys):
    path = SHAPES / "inspect_ai_eval_log.json"
    assert _refusal(path, tmp_path, capsys).startswith(
        f"error: {path}: $: is an Inspect AI evaluation log (task 'inspect_evals/tiny_mcq', model 'hf/acme/tiny-chat'; "
        "its scores are under results.scores), not an evaluation results file the generator reads: it reads ")


def test_bigscience_scores_through_training_are_refused_saying_what_they_are(tmp_path, capsys):
    path = SHAPES / "bigscience_checkpoints_agg.json"
    assert _refusal(path, tmp_path, capsys).startswith(
        f"error: {path}: $: is BigScience's scores of checkpoints through training (tokens and checkpoints, each metric "
        "in results a list of one score a checkpoint), not an evaluation results file the generator reads: it reads ")


def test_eval_results_long_notes_are_cut_in_the_label_and_source_user_and_verify_token_kept(tmp_path):
    got = read_source(SHAPES / "eval_results_community_long_notes.yaml")
    first, second = got.data["evaluations"]
    assert first["benchmark"] == "Idavidrein/gpqa (diamond, Q4, CTX=16384, thinking mode ON…)"
    assert first["notes"].endswith("6 no-answer, 0 errors")  # kept whole
    assert first["source"]["user"] == "some-user" and second["verify_token"] == "invented-token"
    assert second["benchmark"] == "Idavidrein/gpqa (diamond, No tools)"
    assert got.warnings == []
    unknown = tmp_path / "gpqa.yaml"  # a key huggingface_hub's EvalResultEntry has no field for either
    unknown.write_text((SHAPES / "eval_results_community_long_notes.yaml").read_text().replace(
        "  notes: No tools", "  notes: No tools\n  judge: gpt-4o"))
    [warning] = read_source(unknown).warnings
    assert (warning.path, warning.code) == ("$[1]", "not-kept")
    assert warning.message.startswith("has judge, which records have no field for, so it is not kept")


def test_a_group_entry_holding_its_tasks_nested_is_skipped_saying_so():
    got = read_source(SHAPES / "lm_eval_leaderboard_testconfig_nested.json")
    assert [e["id"] for e in got.data["evaluations"]] == ["leaderboard_mmlu_pro"]
    [skipped] = [w for w in got.warnings if w.code == "no-results"]
    assert skipped.path == "$.results['leaderboard_gpqa']"
    assert skipped.message.startswith("holds the results of 3 tasks nested in it ('leaderboard_gpqa', "
                                      "'leaderboard_gpqa_diamond', 'leaderboard_gpqa_main'), not metrics of its own")


def test_a_chat_template_run_says_so_in_its_notes():
    [evaluation] = read_source(SHAPES / "lm_eval_0.4.3_chat_template.json").data["evaluations"]
    assert evaluation["notes"] == ("backend hf; chat template applied, few-shot examples as chat turns; "
                                   "system instruction: 'You are a careful math tutor.'")
    data = json.loads((SHAPES / "lm_eval_0.4.3_chat_template.json").read_text())
    data.update(chat_template=None, system_instruction=None, lm_eval_version="0.4.8")
    assert [e["notes"] for e in ingest_data(data)] == ["lm-evaluation-harness 0.4.8; backend hf"]
    data.update(chat_template="", fewshot_as_multiturn=False)  # an API chat model (openai-chat-completions)
    assert [e["notes"] for e in ingest_data(data)] == ["lm-evaluation-harness 0.4.8; backend hf; chat messages sent "
                                                       "to the API, which applies its own chat template"]


def test_the_generation_settings_a_run_set_with_gen_kwargs_are_in_the_notes_of_its_generated_tasks():
    """--gen_kwargs changes a generated answer's score (sampling at temperature 0.7, a shorter max_gen_toks), and the
    card said nothing of it. lm-eval applies it to generate_until tasks only (evaluator.py): a multiple-choice task
    of the same run (the openvino run's hellaswag, real; its gen_kwargs a list split at its commas) has no such note."""
    [sampled] = read_source(SHAPES / "lm_eval_0.4.13_gen_kwargs_sampling.json").data["evaluations"]
    assert sampled["notes"] == ("lm-evaluation-harness 0.4.13; backend hf, dtype float32; "
                                "gen_kwargs temperature=0.7,do_sample=True,max_gen_toks=8")
    [cot] = read_source(SHAPES / "lm_eval_0.4.3_epoch_folder_model.json").data["evaluations"]
    assert cot["notes"].endswith("; gen_kwargs max_gen_toks=512")
    [choice] = read_source(SHAPES / "lm_eval_0.4.9.1_openvino_limit.json").data["evaluations"]
    assert choice["notes"] == "lm-evaluation-harness 0.4.9.1; backend openvino"
    data = json.loads((SHAPES / "lm_eval_0.4.9.1_openvino_limit.json").read_text())
    data["configs"]["hellaswag"]["output_type"] = "generate_until"
    assert [e["notes"] for e in ingest_data(data)] == ["lm-evaluation-harness 0.4.9.1; backend openvino; gen_kwargs "
                                                       "temperature=0.6,top_p=0.9,eos_token_id=[128001,128008,128009],"
                                                       "do_sample=True"]  # the argument as given, joined again


def test_a_per_example_log_passed_for_the_scores_is_refused_naming_its_results_file(tmp_path):
    """lm-eval's samples_<task>_<date>.jsonl (--log_samples) and lighteval's details_<task>_<date>.parquet, passed
    instead of the run's results file: what they are, and the results file of the same run beside them."""
    stamp = "2026-07-08T16-04-34.219874"
    run = tmp_path / "lm" / "acme__tiny-chat"
    run.mkdir(parents=True)
    (run / f"results_{stamp}.json").write_text((SHAPES / "lm_eval_0.4.3_chat_template.json").read_text())
    samples = run / f"samples_gsm8k_{stamp}.jsonl"
    samples.write_text('{"doc_id": 0, "doc": {"question": "1+1?"}, "target": "2", "exact_match": 1.0}\n')
    details = tmp_path / "le" / "details" / "acme" / "tiny-chat" / stamp / f"details_anli:r1|0_{stamp}.parquet"
    details.parent.mkdir(parents=True)
    details.write_bytes(b"PAR1\x00\x00PAR1")
    results = tmp_path / "le" / "results" / "acme" / "tiny-chat" / f"results_{stamp}.json"
    results.parent.mkdir(parents=True)
    results.write_text((SHAPES / "lighteval_0.13_max_samples.json").read_text())
    for path, tool, task, beside in ((samples, "lm-evaluation-harness", "gsm8k", run / f"results_{stamp}.json"),
                                     (details, "lighteval", "anli:r1|0", results)):
        with pytest.raises(InputError) as caught:
            read_source(path)
        [problem] = caught.value.problems
        assert (problem.file, problem.code) == (str(path), "unrecognized-format")
        assert problem.message.startswith(f"is {tool}'s per-example log of task {task!r}")
        assert problem.fix.startswith(f"pass the results file of that run, {beside}")
    with pytest.raises(InputError) as caught:  # the run's details folder alone
        read_source(details.parent)
    assert caught.value.problems[0].message.startswith(
        f"holds per-example logs and no results file: {details.name} is lighteval's per-example log")
    assert read_source(run).data["evaluations"][0]["id"] == "gsm8k:8-shot"  # beside its results, the log is not read


@pytest.mark.parametrize("name, task, how, results", [
    ("lm_eval_2023_jsonl_log/pretrained=EleutherAI__pythia-2.8b_winogrande.jsonl", "winogrande",
     "JSON lines of examples, as --log_samples writes them", "w.json"),
    ("lm_eval_0.4.1_log_samples/pretrained____work__realfiles__evals40__work__tiny-llama,dtype__float32_tiny_arith_mc"
     ".jsonl", "tiny_arith_mc", "a JSON array of examples, as --log_samples writes <model_args>_<task>.jsonl up to 0.4.2",
     "results.json"),
    ("lm_eval_vllm_lora_samples/lm_eval_humaneval_results_samples.json", "humaneval",
     "the examples of each task, as simple_evaluate returns them in its samples", "lm_eval_humaneval_results.json"),
])
def test_lm_evals_per_example_logs_not_named_samples_are_refused_naming_the_task_and_the_results_beside(
        name, task, how, results, tmp_path):
    """Before samples_<task>_<date>.jsonl (0.4.3), --log_samples wrote <model_args>_<task>.jsonl: JSON lines in 2023's
    pre-0.4 code, an indented JSON array in 0.4.0-0.4.2; a script may save simple_evaluate's samples as one JSON."""
    path = SHAPES / name
    with pytest.raises(InputError) as caught:
        read_source(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.code) == (str(path), "unrecognized-format")
    assert problem.message == (f"is lm-evaluation-harness's per-example log of task {task!r} ({how}): each example's "
                               "output and score, not the run's scores")
    assert problem.fix == f"pass the results file of that run, {path.parent / results}, which holds its scores"
    assert read_source(path.parent).data["evaluations"]  # the folder is read for its results; the log is left alone
    alone = tmp_path / path.name  # without its results file the task is named only where the log names it
    shutil.copy(path, alone)
    with pytest.raises(InputError) as caught:
        read_source(alone)
    [problem] = caught.value.problems
    named = f" of task {task!r}" if name.endswith("_samples.json") else ""
    assert problem.message.startswith(f"is lm-evaluation-harness's per-example log{named} ({how}):")
    assert problem.fix.startswith("pass the results file of that run (results_<date>.json; results.json up to "
                                  "lm-eval 0.4.2), or the output folder holding it")
    if alone.suffix == ".jsonl":  # a folder of such logs alone: named as such
        with pytest.raises(InputError) as caught:
            read_source(tmp_path)
        assert caught.value.problems[0].message.startswith(
            f"holds per-example logs and no results file: {alone.name} is lm-evaluation-harness's per-example log")


def test_a_git_lfs_pointer_standing_for_results_is_refused_saying_to_fetch_the_content(tmp_path):
    """huggingface/lighteval keeps `*.json` in LFS: a clone without that content holds 3-line pointers, whether passed
    as a results file, in a tool's output folder or as a `.eval_results/*.yaml`."""
    pointer = SHAPES / "lighteval_harness_metrics_lfs_pointer.json"
    results = tmp_path / "out" / "results" / "acme" / "tiny" / "results_2024-05-04T10-00-00.json"
    scores = tmp_path / "repo" / ".eval_results" / "gsm8k.yaml"
    for path in (results, scores):
        path.parent.mkdir(parents=True)
        shutil.copy(pointer, path)
    for passed, where in ((pointer, pointer), (results, results), (scores, scores), (scores.parent, scores)):
        with pytest.raises(InputError) as caught:
            read_source(passed)
        [problem] = caught.value.problems
        assert (problem.file, problem.code) == (str(where), "lfs-pointer")
        assert problem.message == ("is a Git LFS pointer, not the file itself (the repository was cloned without its "
                                   "LFS content)")
        assert problem.fix.startswith(f"run `git lfs pull` to fetch the real {where.name}")
    with pytest.raises(InputError) as caught:
        read_source(tmp_path / "out")
    [problem] = caught.value.problems
    assert (problem.code, problem.message) == ("lfs-pointer", "holds Git LFS pointers, not the files themselves (1 "
                                               "file, such as results/acme/tiny/results_2024-05-04T10-00-00.json): the "
                                               "repository was cloned without its LFS content")


def test_a_results_file_cut_short_says_where_it_ends_and_why():
    """A script that saves simple_evaluate's result with a plain json.dump stops at config.model_dtype (a torch dtype
    JSON cannot hold), leaving the file half written; it was "truncated or not JSON" at some line and column."""
    path = SHAPES / "lm_eval_results_cut_short.json"
    with pytest.raises(InputError) as caught:
        read_source(path)
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == ("line 70, column 20", "json-syntax")
    assert problem.message == "invalid JSON: the file ends inside its content, after '\"model_dtype\":'"
    assert problem.fix.startswith("the file is truncated: its writer stopped there (a script's json.dump stops at a "
                                  "value JSON cannot hold, such as a torch dtype, unless given default=str)")
    one_line = json.dumps({"results": {"arc_easy": {"acc,none": 0.5}}, "configs": {"arc_easy": {}}})[:-1]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder) / "results.json"
        tmp.write_text(one_line)
        with pytest.raises(InputError) as caught:
            read_source(tmp)
    assert caught.value.problems[0].message == f"invalid JSON: the file ends inside its content, after '...{one_line[-40:]}'"


def test_a_vllm_run_of_a_lora_folder_scored_the_adapter_not_its_base():
    """vLLM's lora_local_path= (lm-eval 0.4.3+) serves a LoRA adapter's folder on pretrained=, which is its base."""
    got = read_source(SHAPES / "lm_eval_vllm_lora_samples" / "lm_eval_humaneval_results.json")
    assert got.data["model"] == {"base_model": "meta-llama/Llama-2-7b-chat-hf", "base_model_relation": "adapter"}
    [evaluation] = got.data["evaluations"]
    assert (evaluation["id"], evaluation["metrics"][0]["value"]) == ("humaneval:0-shot", 0.0975609756097561)


@pytest.mark.parametrize("name, what", [
    ("mteb_1.18_result.json", "an MTEB result (task 'RuSciBenchGRNTIClassification', mteb 1.18.0)"),
    ("mteb_0.0.2_result.json", "an MTEB result (task 'SCIDOCS', mteb 0.0.2)"),
    ("mteb_2.6_result.json", "an MTEB result (task 'MasakhaNEWSClusteringP2P', mteb 2.6.7)"),
    ("mteb_model_meta.json", "MTEB's model_meta.json (the metadata of the model scored, beside its result files; it "
                             "holds no scores)"),
    ("evalscope_report.json", "an EvalScope report (model 'deepseek-reasoner', dataset 'ifeval', score 0.9062)"),
    ("every_eval_ever_record.json", "an Every Eval Ever record (schema '0.2.2', model 'anthropic/claude-opus-4'), "
                                    "which holds scores converted from another tool's output"),
    ("helm_run_spec.json", "HELM's run_spec.json (run 'mmlu:subject=philosophy,method=multiple_choice_joint,"
                           "model=openai_gpt2'): the settings of a HELM run, whose scores are in its stats.json"),
    ("helm_stats.json", "HELM's stats.json (3 statistics of a run, by name and split)"),
    ("promptfoo_0.120_export.json", "a promptfoo export (`promptfoo eval -o`; eval 'eval-Lpt-2026-04-15T16:09:37', "
                                    "promptfoo 0.120.25): the pass and fail counts of its test cases, by prompt and "
                                    "provider (results.prompts[].metrics), no benchmark's scores"),
    ("helm_per_instance_stats.json", "HELM's per_instance_stats.json (the statistics of 2 instances, by name and "
                                     "split)"),
    ("bigcode_evaluation_results.json", "bigcode-evaluation-harness's results (--metric_output_path; model "
                                        "'acme/tiny-coder', tasks 'humaneval', 'mbpp'): scores by task, such as "
                                        "pass@1, which name no dataset or split"),
])
def test_another_evaluation_tools_file_is_refused_naming_the_tool(name, what, tmp_path, capsys):
    """These were refused as "a config with none of the keys of a training recipe or of records" (MTEB: 349 of 350
    real result files, EvalScope reports, Every Eval Ever records, HELM run specs, bigcode-evaluation-harness's
    evaluation_results.json) or, HELM's statistics, as "top level is a list, expected an object"; a promptfoo export,
    as "not an evaluation results file", naming no tool."""
    path = SHAPES / name
    mteb_1 = "`mteb create_meta --results_folder <the folder of the model's result files> --output_path README.md`"
    mteb_2 = ("`mteb create-model-results --model-name <the model's name> --results-folder <the folder mteb run "
              "wrote, holding results/> --output-path README.md`")
    command = {"mteb_1.18_result.json": mteb_1, "mteb_0.0.2_result.json": mteb_1, "mteb_2.6_result.json": mteb_2,
               "mteb_model_meta.json": f"{mteb_2} (mteb 2) or {mteb_1} (mteb 1)"}.get(name)
    fix = (f"mteb writes a model's results as the model-index of a card: run {command} and pass that card; or "
           if command else "")
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: $: is {what}, not an evaluation results file the generator reads: it reads "
        "lm-evaluation-harness results (results with versions, configs or n-shot), lighteval results (config_general "
        "and results) and the Hub's .eval_results/*.yaml (fix: " + fix + "write the scores as evaluations in a "
        "records file (modelcard init writes one to start from) and pass it with --records)\n")


def test_a_folder_of_mteb_results_is_refused_naming_mteb(tmp_path, capsys):
    """mteb's output folder, results/<model>/<revision>/, holds a JSON file a task and model_meta.json."""
    folder = tmp_path / "results" / "intfloat__e5-small-v2" / "dca8b1a9dae0d4575df2bf423a5edb485a431236"
    folder.mkdir(parents=True)
    for name, saved in (("mteb_1.18_result.json", "RuSciBenchGRNTIClassification.json"),
                        ("mteb_model_meta.json", "model_meta.json")):
        (folder / saved).write_text((SHAPES / name).read_text())
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder}: holds another evaluation tool's files: RuSciBenchGRNTIClassification.json "
                          "is an MTEB result (task 'RuSciBenchGRNTIClassification', mteb 1.18.0), not an evaluation "
                          "results file the generator reads: ")
    assert "mteb create_meta --results_folder" in err and not out.exists()


def test_a_scripts_summary_naming_its_model_as_a_string_is_one_refusal_not_records_key_by_key(tmp_path, capsys):
    path = SHAPES / "script_summary_model_string.json"
    assert _refusal(path, tmp_path, capsys) == (
        f"error: {path}: $: is not an evaluation results file the generator reads, nor records: its model is a "
        "string, where records hold a mapping, and no other key is one records have ('timestamp', 'adapter', "
        "'checkpoint' and 4 more); it reads lm-evaluation-harness results (results with versions, configs or n-shot), "
        "lighteval results (config_general and results) and the Hub's .eval_results/*.yaml (fix: write the scores as "
        "evaluations in a records file (modelcard init writes one to start from) and pass it with --records)\n")
    records = tmp_path / "records.json"  # records whose model is wrongly a string are still read as records
    records.write_text(json.dumps({"model": "acme/x", "evaluations": []}))
    assert main(["ingest", str(records), "-o", str(tmp_path / "out.yaml")]) == 1
    assert "$.model: \"acme/x\" is not a mapping" in capsys.readouterr().err


def test_a_lighteval_rerun_keeps_only_the_warnings_of_the_run_shown(tmp_path):
    """Two lighteval 0.11 runs of one task (tests/eval_shapes/lighteval_rerun/, JoelNiklaus/evaluate-idk's two runs
    of lexam-en-idk on claude-sonnet-4.5): the card shows the later one; the earlier run's warnings (its task kept
    out of model-index) were of numbers the card does not show, and doubled the later run's. Each file holds one task,
    whose scores its 'all' repeats: nothing is left out, nothing said of it."""
    folder = SHAPES / "lighteval_rerun"
    runs = sorted(folder.rglob("results_*.json"))
    got = read_source(folder)
    [evaluation] = got.data["evaluations"]
    assert evaluation["metrics"][0] == {"type": "trad_score", "value": 0.7883683360258481,
                                        "stderr": 0.016430874264326358}
    assert sorted((w.file, w.code) for w in got.warnings) == [
        (str(runs[1]), "not-in-model-index"), (str(runs[1]), "superseded-run")]
    assert str(runs[0]) in next(w.message for w in got.warnings if w.code == "superseded-run")


def _gsm8k_twice(tmp_path: Path, entries: str) -> tuple[Any, str]:
    """lm-eval's gsm8k run (lm_eval_0.4.3_chat_template.json, exact_match 0.25 on openai/gsm8k) and a repo's
    .eval_results/gsm8k.yaml holding ``entries`` (the Hub's convention, as Vedika-advanced-AI/Aura-Gen-2.0's
    gsm8k.yaml writes it: dataset openai/gsm8k, task gsm8k, a percent value, source Model Card), built into one card."""
    from generator import ingest

    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "gsm8k.yaml").write_text(entries)
    got = ingest(evals=[SHAPES / "lm_eval_0.4.3_chat_template.json", folder], repo_id="acme/tiny-chat")
    card = tmp_path / "README.md"
    assert main(["build", "--eval", str(SHAPES / "lm_eval_0.4.3_chat_template.json"), str(folder), "--repo-id",
                 "acme/tiny-chat", "-o", str(card)]) == 0
    return got, card.read_text()


GSM8K_ENTRY = ("- dataset:\n    id: openai/gsm8k\n    task_id: gsm8k\n  source:\n    name: Model Card\n"
               "    url: https://huggingface.co/acme/tiny-chat\n  value: {value}\n")


def test_an_eval_results_score_a_results_file_gives_again_is_shown_once(tmp_path):
    got, card = _gsm8k_twice(tmp_path, GSM8K_ENTRY.format(value=25.0))
    assert [e["id"] for e in got.data["evaluations"]] == ["gsm8k:8-shot"]
    [told] = [w for w in got.warnings if w.code == "score-read-twice"]
    assert told.file == str(tmp_path / ".eval_results" / "gsm8k.yaml") and "'gsm8k:8-shot'" in told.message
    assert "openai/gsm8k (gsm8k)" not in card and card.count(" 0.25 |") == 1


def test_an_eval_results_file_with_other_scores_keeps_the_score_given_twice_saying_so(tmp_path):
    """Left out, the score would be missing from the file publishing writes back with the file's other score."""
    got, card = _gsm8k_twice(tmp_path, GSM8K_ENTRY.format(value=25.0) + GSM8K_ENTRY.format(value=31.2).replace(
        "  value", "  notes: maj@8\n  value"))
    assert len(got.data["evaluations"]) == 3
    [told] = [w for w in got.warnings if w.code == "score-read-twice"]
    assert "show it twice" in told.message and told.fix


def test_an_eval_results_score_of_another_number_is_another_score_saying_so(tmp_path):
    """The card shows both as two results of one benchmark: told, naming the two files (before, silently)."""
    got, card = _gsm8k_twice(tmp_path, GSM8K_ENTRY.format(value=96.06))
    assert len(got.data["evaluations"]) == 2 and not [w for w in got.warnings if w.code == "score-read-twice"]
    [told] = [w for w in got.warnings if w.code == "scores-disagree"]
    assert told.file == str(tmp_path / ".eval_results" / "gsm8k.yaml") and told.fix
    assert told.message.startswith(f"gives 96.06 on openai/gsm8k, where {SHAPES / 'lm_eval_0.4.3_chat_template.json'} "
                                   "gives exact_match 0.25 ('gsm8k:8-shot')")


def test_an_eval_results_score_beside_a_folder_of_another_number_names_the_run_file(tmp_path):
    """A results folder (lm-eval's --output_path: <model>/results_<time>.json) read beside the .eval_results file: the
    warning names the run's file, not the folder."""
    run = tmp_path / "out" / "acme__tiny-chat" / "results_2024-06-01T10-00-00.000000.json"
    run.parent.mkdir(parents=True)
    run.write_text((SHAPES / "lm_eval_0.4.3_chat_template.json").read_text())
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "gsm8k.yaml").write_text(GSM8K_ENTRY.format(value=96.06))
    from generator import ingest

    got = ingest(evals=[tmp_path / "out", folder], repo_id="acme/tiny-chat")
    [told] = [w for w in got.warnings if w.code == "scores-disagree"]
    assert f"where {run} gives exact_match 0.25" in told.message


def test_an_eval_results_score_is_compared_with_the_results_of_its_own_task(tmp_path):
    """Ch3nOff/dual-loop-controller's ai2_arc.yaml (ARC-Easy 80.0, ARC-Challenge 50.0) beside saucam/Nereus-7B's
    lm-eval arc_challenge run (allenai/ai2_arc, ARC-Challenge, acc 0.5887): the ARC-Challenge score disagrees with
    it, told; the ARC-Easy one is of another task of that dataset, not told."""
    from generator import ingest

    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "ai2_arc.yaml").write_text((SHAPES / "eval_results_ai2_arc_two_tasks.yaml").read_text())
    run = SHAPES / "lm_eval_two_shot_counts" / "openllm" / "arc.json"
    got = ingest(evals=[run, folder], repo_id="saucam/Nereus-7B")
    told = [w.message for w in got.warnings if w.code == "scores-disagree"]
    assert told == [f"gives 50.0 on ai2_arc, where {run} gives acc 0.5887372013651877 ('arc_challenge:25-shot') "
                    "for that benchmark dataset: the card shows both, as two results"]


def test_an_eval_results_score_is_shown_as_its_tasks_score_not_named_by_its_task_again(tmp_path):
    """An `.eval_results` entry names no metric (its value is the score of the benchmark task its eval.yaml scores):
    the results table's Metric column showed its task_id, which the Benchmark label already shows (Ch3nOff/
    dual-loop-controller: `piqa (default, ...) | default`, `ai2_arc (ARC-Easy, ...) | ARC-Easy`). It shows `score`."""
    from generator import build_card

    folder = tmp_path / ".eval_results"
    folder.mkdir()
    for name in ("eval_results_default_task_id.yaml", "eval_results_ai2_arc_two_tasks.yaml"):
        (folder / name).write_text((SHAPES / name).read_text())
    text = build_card(evals=[folder], repo_id="CH3NDev/dual-loop-qwen3.5-2b").text
    rows = [line for line in text.splitlines() if line.startswith("| ai2_arc (") or line.startswith("| piqa (")]
    assert [[cell.strip() for cell in row.split("|")[2:4]] for row in rows] == [
        ["score", "80.0"], ["score", "50.0"], ["score", "80.0"]]
    assert "| default " not in text and "| ARC-Easy " not in text


def test_an_eval_results_score_beside_a_cards_model_index_score_names_its_benchmark(tmp_path):
    """A card's model-index evaluations carry no id: comparing an `.eval_results` score with one raised KeyError
    ('id', an internal error; found by evalfiles33) where it should warn, naming the card and its benchmark."""
    from generator import ingest

    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "ai2_arc.yaml").write_text((SHAPES / "eval_results_ai2_arc_two_tasks.yaml").read_text())
    readme = tmp_path / "README.md"
    index = ("---\nlicense: apache-2.0\nmodel-index:\n- name: m\n  results:\n  - task:\n      type: text-generation\n"
             "    dataset:\n      name: AI2 ARC\n      type: allenai/ai2_arc\n      config: ARC-Challenge\n"
             "      split: test\n    metrics:\n    - type: acc\n      value: {value}\n---\n# m\n")
    readme.write_text(index.format(value=51.0))
    got = ingest([readme, folder], repo_id="acme/m")
    assert [w.message for w in got.warnings if w.code == "scores-disagree"] == [
        f"gives 50.0 on ai2_arc, where {readme} gives acc 51.0 ('AI2 ARC') for that benchmark dataset: the card "
        "shows both, as two results"]
    readme.write_text(index.format(value=50.0))
    got = ingest([readme, folder], repo_id="acme/m")
    [told] = [w.message for w in got.warnings if w.code == "score-read-twice"]
    assert told.startswith(f"gives 50.0 on ai2_arc, the score 'AI2 ARC' of {readme} (acc 50.0)")


def test_a_model_index_score_keeps_its_zeros_in_the_eval_results_file_written():
    """A card's model-index `value: 57.50` is imported as 57.5 with the metric's decimals (Helsinki-NLP's OPUS-MT
    cards write `0.50540`): the .eval_results file written for it says 57.50 too, where it said 57.5, and a value
    written with more decimals than those is written whole."""
    from generator.card.eval_results import eval_results_files
    from generator.records.loader import records_from_data

    def evaluation(value, metric_decimals, decimals=None):
        e = {"benchmark": "MMLU-Pro", "task": {"type": "text-generation"},
             "dataset": {"id": "TIGER-Lab/MMLU-Pro", "task_id": "mmlu_pro"},
             "metrics": [{"type": "acc", "value": value, "decimals": metric_decimals}]}
        return {**e, "decimals": decimals} if decimals is not None else e

    for value, metric_decimals, decimals, want in ((57.5, 2, None, "57.50"), (57.5, 2, 1, "57.50"),
                                                   (57.125, 2, None, "57.125")):
        records = records_from_data({"model": {"repo_id": "acme/m"},
                                     "evaluations": [evaluation(value, metric_decimals, decimals)]})
        assert f"\n  value: {want}\n" in eval_results_files(records)[".eval_results/mmlu_pro.yaml"]


def test_an_eval_results_value_keeps_the_zeros_its_file_wrote(tmp_path):
    """Ch3nOff/dual-loop-controller's macro_20_benchmarks.yaml writes `value: 57.50` and ai2_arc.yaml `80.0`: YAML reads
    57.5 and 80, and the card showed 57.5 and 80, and a file written back on publish `value: 57.5`. The decimals the
    file wrote are kept: shown, written back, and the precision a results file's score is matched at."""
    from generator import ingest
    from generator.card.eval_results import eval_results_files
    from generator.records.loader import records_from_data
    from generator.render.card import render_card

    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "macro.yaml").write_text((SHAPES / "eval_results_trailing_zero.yaml").read_text())
    (folder / "ai2_arc.yaml").write_text((SHAPES / "eval_results_ai2_arc_two_tasks.yaml").read_text())
    (folder / "hub_api.yaml").write_text("- data: {dataset: {id: org/b, task_id: t}, value: 0.4120}\n"
                                         "- {dataset: {id: org/c, task_id: t}, value: 0.412}\n"
                                         "- {dataset: {id: org/d, task_id: t}, value: 0.41234560}\n")
    got = ingest(evals=[folder], repo_id="CH3NDev/dual-loop-qwen3.5-2b")
    assert {e["id"]: e.get("decimals") for e in got.data["evaluations"]} == {
        "ai2_arc:ARC-Easy": 1, "ai2_arc:ARC-Challenge": 1, "org/b:t": 4, "org/c:t": None, "org/d:t": None,
        "AI-Evaluation/macro_reasoning_suite:20_benchmark_macro_suite": 2}
    records = records_from_data(got.data)
    rows = {line.split("|")[1].split(" (")[0].strip(): line.split("|")[3].strip()
            for line in render_card(records).splitlines() if line.startswith("| ") and "---" not in line}
    assert rows == {"Benchmark": "Value", "ai2_arc": "50.0", "AI-Evaluation/macro_reasoning_suite": "57.50",
                    "org/b": "0.4120", "org/c": "0.412", "org/d": "0.4123"}  # past 4 decimals, rounded as ever
    written = eval_results_files(records)
    assert "\n  value: 57.50\n" in written[".eval_results/macro.yaml"]
    assert "\n  value: 0.4120\n" in written[".eval_results/t.yaml"]  # the Hub API's entry names no file
    assert written[".eval_results/ai2_arc.yaml"].count("\n  value: ") == 2
    # 57.50 is 57.495-57.505%: a results file's 0.575 is that score, 0.5754 another
    for score, code in ((0.575, "score-read-twice"), (0.5754, "scores-disagree")):
        run = {"results": {"macro": {"acc,none": score}}, "versions": {"macro": 1}, "n-shot": {"macro": 0},
               "configs": {"macro": {"task": "macro", "dataset_path": "AI-Evaluation/macro_reasoning_suite",
                                     "test_split": "test"}}, "config": {"model_args": "pretrained=acme/m"}}
        (tmp_path / "results.json").write_text(json.dumps(run))
        got = ingest(evals=[tmp_path / "results.json", folder / "macro.yaml"], repo_id="acme/m")
        assert [w.code for w in got.warnings if w.code in ("score-read-twice", "scores-disagree")] == [code]


def test_a_model_repos_folder_is_refused_naming_its_card_and_its_eval_results_folder(tmp_path, capsys):
    """A clone of a Hub model repo (Vedika-advanced-AI/Vedika-4.1-flash at 13044fac: README.md and .eval_results/
    hle.yaml, ...) passed as a folder was refused as "a folder with no Trainer output, records or results in it":
    the refusal names what it is and the two sources to pass, which read."""
    repo = tmp_path / "Vedika-4.1-flash"
    (repo / ".eval_results").mkdir(parents=True)
    shutil.copy(SHAPES / "eval_results_hle_notes.yaml", repo / ".eval_results" / "hle.yaml")
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(repo), "-o", str(out)]) == 1
    assert f"is a model repo's folder: its scores are in .eval_results/ (the Hub's format) (fix: pass that folder: " \
        f"ingest {repo / '.eval_results'})" in capsys.readouterr().err
    (repo / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Vedika 4.1 Flash\n\nA model.\n")
    assert main(["ingest", str(repo), "-o", str(out)]) == 1
    assert f"and its card is README.md (fix: pass each as a source: ingest {repo / 'README.md'} " \
        f"{repo / '.eval_results'})" in capsys.readouterr().err
    assert main(["ingest", str(repo / "README.md"), str(repo / ".eval_results"), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text())["evaluations"]


def test_the_leaderboard_v2_latest_results_with_every_entry_again_under_all_are_read_once(tmp_path):
    """The Open LLM Leaderboard v2's "Latest results" (its details datasets' cards): lm-eval's results mapping with an
    ``all`` entry holding every entry again. Read as lm-eval's results, each entry once, with the leaderboard's
    benchmark names and its groups from the aliases; before, refused as no evaluation results at all."""
    path = SHAPES / "leaderboard_v2_latest_results.json"
    data = json.loads(path.read_text())
    assert set(data["all"]) == set(data) - {"all"}
    got = read_source(path)
    evaluations = {e["id"]: e for e in got.data["evaluations"]}
    assert list(evaluations) == [k for k in data if k != "all"]
    assert [evaluations[k]["benchmark"] for k in ("leaderboard_bbh", "leaderboard_ifeval", "leaderboard_musr")] == [
        "BBH, aggregate", "IFEval", "MuSR, aggregate"]
    assert evaluations["leaderboard_bbh_causal_judgement"]["group"] == "BBH"
    assert evaluations["leaderboard_musr_team_allocation"]["metrics"] == [
        {"type": "acc_norm", "value": 0.308, "stderr": 0.02925692860650181}]
    # ifeval's instance-level stderrs are "N/A": no stderr, no warning
    assert [m.get("stderr") for m in evaluations["leaderboard_ifeval"]["metrics"]] == [
        0.016096550188063007, None, 0.01637325731205799, None]
    # a mapping whose "all" holds something else is still no results file
    (tmp_path / "other.json").write_text(json.dumps({"all": {"score": 1}, **{k: data[k] for k in list(data)[1:3]}}))
    with pytest.raises(InputError):
        read_source(tmp_path / "other.json")


def test_a_task_cut_by_limit_is_said_alike_in_its_label_and_its_warning():
    """The label said `100 of 10,042 examples` and the warning `100 of the 10042 examples`: one number format."""
    got = read_source(SHAPES / "lm_eval_0.4.9.1_openvino_limit.json")  # a real run with --limit 100
    assert got.data["evaluations"][0]["benchmark"] == "hellaswag (0-shot, 100 of 10,042 examples)"
    why = next(w.message for w in got.warnings if w.code == "not-in-model-index")
    assert why.startswith("is shown in the card's tables but not in model-index: it scored 100 of 10,042 examples of "
                          "its split (--limit)"), why


def test_runs_of_one_task_with_and_without_the_chat_template_are_both_kept_told_apart(tmp_path):
    """lm-eval 0.4.13's own output folder of two runs of tiny_compare_mc at 2 shots, the second with
    --apply_chat_template --fewshot_as_multiturn: the second replaced the first ("scores again 1 result ... this later
    run's numbers are used"), though they are two evaluations a user ran on purpose. Both are kept, the one with the
    template labelled so, its notes saying how; the card says each setup, validates, and its import reads both back."""
    folder = SHAPES / "lm_eval_0.4.13_chat_and_plain"
    got = read_source(folder)
    by_id = {e["id"]: e for e in got.data["evaluations"]}
    assert sorted(by_id) == ["tiny_compare_mc:2-shot", "tiny_compare_mc:2-shot:chat"]
    assert by_id["tiny_compare_mc:2-shot:chat"]["benchmark"] == "tiny_compare_mc (2-shot, 10 of 30 examples), chat template"
    assert by_id["tiny_compare_mc:2-shot"]["benchmark"] == "tiny_compare_mc (2-shot, 10 of 30 examples)"
    assert [m["value"] for m in by_id["tiny_compare_mc:2-shot"]["metrics"]] == [0.5, 0.9]  # the run without it
    assert [m["value"] for m in by_id["tiny_compare_mc:2-shot:chat"]["metrics"]] == [0.1, 0.6]
    assert by_id["tiny_compare_mc:2-shot:chat"]["notes"].endswith("; chat template applied, few-shot examples as chat turns")
    assert "chat template" not in by_id["tiny_compare_mc:2-shot"]["notes"]
    assert not [w for w in got.warnings if w.code == "superseded-run"]
    assert {w.file for w in got.warnings if w.code == "not-in-model-index"} == set(got.files.values())  # each its own
    assert main(["build", "--eval", str(folder), "--repo-id", "acme/tiny", "-o", str(tmp_path / "README.md")]) == 0
    card = (tmp_path / "README.md").read_text()
    assert "\nSetup of tiny_compare_mc (2-shot, 10 of 30 examples), chat template: chat template applied, few-shot " \
        "examples as chat turns\n" in card
    assert validate_card(tmp_path / "README.md").ok
    assert main(["ingest", str(tmp_path / "README.md"), "-o", str(tmp_path / "again.yaml")]) == 0
    again = {e["benchmark"]: e.get("notes") for e in yaml.safe_load((tmp_path / "again.yaml").read_text())["evaluations"]}
    assert again == {e["benchmark"]: e["notes"] for e in by_id.values()}


def test_runs_with_and_without_the_chat_template_passed_as_files_are_read_as_their_folder(tmp_path, capsys):
    """The two lm-eval 0.4.13 runs above passed one by one (`--eval plain --eval chat`, as a pipeline passes each
    run's file): their numbers of one task and shot count disagreed, an error whose fix said to pass the folder. They
    are read as their folder is: both kept, the card the folder's, byte for byte."""
    folder = SHAPES / "lm_eval_0.4.13_chat_and_plain"
    plain, chat = sorted(folder.glob("*/results_*.json"))
    assert main(["build", "--eval", str(chat), "--eval", str(plain), "--repo-id", "acme/tiny",
                 "-o", str(tmp_path / "files.md")]) == 0
    assert "disagrees" not in capsys.readouterr().err
    assert main(["build", "--eval", str(folder), "--repo-id", "acme/tiny", "-o", str(tmp_path / "folder.md")]) == 0
    card = (tmp_path / "files.md").read_text()
    assert card == (tmp_path / "folder.md").read_text()
    assert "| tiny_compare_mc (2-shot, 10 of 30 examples), chat template | acc " in card
    runs = []  # each run's own --output_path folder, passed one by one
    for n, path in enumerate((plain, chat)):
        runs.append(tmp_path / f"run{n}" / path.parent.name)
        runs[-1].mkdir(parents=True)
        shutil.copy(path, runs[-1])
    assert main(["build", "--eval", str(runs[1].parent), "--eval", str(runs[0].parent), "--repo-id", "acme/tiny",
                 "-o", str(tmp_path / "folders.md")]) == 0
    assert (tmp_path / "folders.md").read_text() == card
    # beside them, a file of another model's run that shares no evaluation with them: read as before, on its own
    other = SHAPES / "lm_eval_0.4.11_gsm8k_5_shot.json"
    assert main(["build", "--eval", str(plain), "--eval", str(other), "--eval", str(chat), "--repo-id", "acme/tiny",
                 "-o", str(tmp_path / "three.md")]) == 0
    assert "disagrees" not in capsys.readouterr().err
    rows = [line.split("|")[1].strip() for line in (tmp_path / "three.md").read_text().splitlines()
            if line.startswith("| ") and not line.startswith("|  ") and "---" not in line][1:]
    assert rows == ["tiny_compare_mc (2-shot, 10 of 30 examples)",
                    "tiny_compare_mc (2-shot, 10 of 30 examples), chat template", "gsm8k (5-shot)"]

def test_a_later_run_with_the_chat_template_and_one_without_again_each_replace_their_like(tmp_path):
    """The chat run first and the plain one after (the template's evaluation renamed in its place), and a third run
    with the template: it replaces the earlier run with the template, not the one without."""
    run = tmp_path / "out" / "model"
    run.mkdir(parents=True)
    plain, chat = sorted((SHAPES / "lm_eval_0.4.13_chat_and_plain").glob("*/results_*.json"))
    shutil.copy(chat, run / "results_2026-12-07T00-00-00.000000.json")
    data = json.loads(plain.read_text())
    data["date"] += 3600
    (run / "results_2026-12-07T01-00-00.000000.json").write_text(json.dumps(data))
    data = json.loads(chat.read_text())
    data["date"] += 7200
    data["results"]["tiny_compare_mc"]["acc,none"] = 0.3
    (run / "results_2026-12-07T02-00-00.000000.json").write_text(json.dumps(data))
    got = read_source(tmp_path / "out")
    values = {e["id"]: e["metrics"][0]["value"] for e in got.data["evaluations"]}
    assert values == {"tiny_compare_mc:2-shot:chat": 0.3, "tiny_compare_mc:2-shot": 0.5}
    assert list(values)[0] == "tiny_compare_mc:2-shot:chat"  # in its first run's place
    [replaced] = [w for w in got.warnings if w.code == "superseded-run"]
    assert replaced.file.endswith("T02-00-00.000000.json") and "results_2026-12-07T00-00-00" in replaced.message


@pytest.mark.parametrize("shape, group", [("lm_eval_0.4.13_group_setup", "tiny_suite"),
                                          ("lm_eval_0.4.13_nested_setup", "tiny_nested")])
def test_a_groups_name_in_a_setup_line_stands_for_its_aggregate_and_nested_groups(tmp_path, shape, group):
    """lm-eval 0.4.13's runs of a group through the chat template beside a run without it: the line said "Setup of
    tiny_suite (1-shot, some of its tasks cut by --limit), aggregate; tiny_suite: chat template applied ...", the
    group's aggregate beside the group's name, and of a group holding another, "tiny_nested (...), aggregate;
    tiny_nested; tiny_suite". The group's name stands for its aggregate and the groups in it; the import gives each
    of them the notes the records hold."""
    folder = SHAPES / shape
    assert main(["build", "--eval", str(folder), "--repo-id", "acme/tiny", "-o", str(tmp_path / "README.md")]) == 0
    card = (tmp_path / "README.md").read_text()
    assert [line for line in card.splitlines() if line.startswith("Setup of")] == [
        f"Setup of {group}: chat template applied, few-shot examples as chat turns"]
    assert validate_card(tmp_path / "README.md").ok
    assert main(["ingest", str(tmp_path / "README.md"), "-o", str(tmp_path / "again.yaml")]) == 0
    again = {e["benchmark"]: e.get("notes") for e in yaml.safe_load((tmp_path / "again.yaml").read_text())["evaluations"]}
    assert again == {e["benchmark"]: e.get("notes") for e in read_source(folder).data["evaluations"]}

def test_a_seed_other_than_the_default_is_in_the_notes():
    """lm-eval 0.4.13 run with --seed 0,1234,1234,7 (the few-shot seed alone changed: other examples in each 2-shot
    prompt, another score): the card said the same setup as a default run's. The seeds as --seed takes them, one
    number where one set all four (--seed 42), nothing for the defaults or before 0.4.3 (no seeds written)."""
    [seeded] = read_source(SHAPES / "lm_eval_0.4.13_fewshot_seed.json").data["evaluations"]
    assert seeded["notes"] == "lm-evaluation-harness 0.4.13; backend hf, dtype float32; seed 0,1234,1234,7"
    data = json.loads((SHAPES / "lm_eval_0.4.13_fewshot_seed.json").read_text())
    data["config"].update(random_seed=42, numpy_seed=42, torch_seed=42, fewshot_seed=42)
    assert ingest_data(data)[0]["notes"].endswith(", dtype float32; seed 42")
    data["config"].update(numpy_seed=None)  # --seed 42,None,42,42: left unset
    assert ingest_data(data)[0]["notes"].endswith("; seed 42,None,42,42")
    data["config"].update(random_seed=0, numpy_seed=1234, torch_seed=1234, fewshot_seed=1234)
    assert ingest_data(data)[0]["notes"] == "lm-evaluation-harness 0.4.13; backend hf, dtype float32"


def test_a_setup_of_line_names_a_group_whose_tasks_all_share_it(tmp_path):
    """A leaderboard run sampled with --gen_kwargs (csabakecskemeti's DeepSeek-R1-Distill-Llama-8B run, trimmed):
    gen_kwargs applies to the generated tasks alone, IFEval and the 7 MATH-hard subtasks, whose line named all 8. It
    names the group, MATH Lvl 5, whose every task shares it; the import gives each task the notes again."""
    shape = SHAPES / "lm_eval_0.4_leaderboard_gen_kwargs_groups.json"
    assert main(["build", "--eval", str(shape), "--repo-id", "acme/m", "-o", str(tmp_path / "README.md")]) == 0
    card = (tmp_path / "README.md").read_text()
    assert "\nSetup of IFEval (0-shot); MATH Lvl 5: gen_kwargs temperature=0.6,top_p=0.95,do_sample=True\n" in card
    assert "leaderboard_math_algebra_hard (4-shot)" in card and "Setup of IFEval (0-shot); leaderboard" not in card
    notes = {e["benchmark"]: e.get("notes") for e in read_source(shape).data["evaluations"]}
    assert main(["ingest", str(tmp_path / "README.md"), "-o", str(tmp_path / "again.yaml")]) == 0
    again = yaml.safe_load((tmp_path / "again.yaml").read_text())["evaluations"]
    assert {e["benchmark"]: e.get("notes") for e in again} == notes
    assert sum("gen_kwargs" in (n or "") for n in notes.values()) == 8


def test_the_results_table_lm_eval_printed_alone_is_read_and_beside_its_results_file_refused(tmp_path, capsys):
    """lm-eval's printed results table saved from its output (a log captured with `| tee`, a Markdown file of the
    table alone, as zhy617/SMoE keeps them) passed with --eval: once refused, naming the results file to pass. Where
    the person has nothing else it is read (lm_eval_printed); with lm-eval's results file beside it, that file wins:
    the table is refused naming it. lighteval's printed table is read too (lighteval_printed); a card showing the table
    among its text stays a card."""
    out = tmp_path / "README.md"
    for name, line in (("lm_eval_0.4.4_printed_table.txt", 20), ("lm_eval_printed_table.md", 1)):
        alone = tmp_path / "alone" / name
        alone.parent.mkdir(exist_ok=True)
        shutil.copy(SHAPES / name, alone)
        assert main(["build", "--eval", str(alone), "--repo-id", "acme/m", "-o", str(out)]) == 0
        assert "is the results table lm-eval printed, read as the run's results" in capsys.readouterr().err
        assert out.exists()
        out.unlink()
        beside = tmp_path / name.replace(".", "_")
        (beside / "m").mkdir(parents=True)
        shutil.copy(SHAPES / name, beside / name)
        results = json.loads((SHAPES / "lm_eval_0.4.2_group_n_shot_zero.json").read_text())
        (beside / "other").mkdir()  # another run's results: not this table's
        (beside / "other" / "results_2024-04-01T10-00-00.json").write_text(json.dumps(results))
        results["results"]["arc_challenge" if name.endswith(".md") else "tiny_compare_mc"] = {"acc,none": 0.5}
        (beside / "m" / "results_2024-05-01T10-00-00.json").write_text(json.dumps(results))
        assert main(["build", "--eval", str(beside / name), "--repo-id", "acme/m", "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert f"error: {beside / name}: is the results table lm-evaluation-harness printed (at line {line}), " \
            "not the results file it writes: the table rounds each score to 4 decimals" in err
        assert f"(fix: pass {beside / 'm' / 'results_2024-05-01T10-00-00.json'}, the results file beside it" in err
        assert ("--format card" in err) == name.endswith(".md") and not out.exists()
    (tmp_path / "t.md").write_text((SHAPES / "lm_eval_printed_table.md").read_text())
    assert main(["ingest", str(tmp_path / "t.md"), "--format", "card", "-o", str(tmp_path / "r.yaml")]) == 0
    table = (SHAPES / "lm_eval_printed_table.md").read_text()
    card = tmp_path / "card.md"  # a card with the table in its text
    card.write_text("# My model\n\nFine-tuned from Qwen.\n\nIt was trained on our data for two epochs, with LoRA.\n"
                    "\n## Results\n\n" + "\n".join(table.splitlines()[:4]) + "\n\nMore in the paper.\n"
                    "\n## License\n\nApache 2.0\n")
    assert main(["ingest", str(card), "-o", str(tmp_path / "r.yaml"), "--force"]) == 0
    capsys.readouterr()
    for header, rows, tool in (  # lighteval's header is lm-eval 0.3's (its make_results_table)
            ("|      Task       |Version|Metric|Value |   |Stderr|", ["|all              |      |acc   |0.2500|±  |0.0300|",
                                                                  "|lighteval:arc:easy:0|      |acc   |0.2500|±  |0.0300|"],
             "lighteval"),):
        log = tmp_path / "eval.log"
        log.write_text("\n".join([header, "|---|---:|---|---:|---|---:|", *rows]) + "\n")
        assert main(["build", "--eval", str(log), "--repo-id", "acme/m", "-o", str(out)]) == 0
        assert f"is the results table {tool} printed, read as the run's results" in capsys.readouterr().err


def test_a_printed_tables_header_is_told_from_its_cells_once():
    """The header's pattern of lazily repeated cells backtracked for minutes over one line of thousands of cells that
    is no header (no Stderr cell last): the line is split once. The headers lm-eval 0.3/0.4 and lighteval print are
    still found, and a line that is not one is not."""
    from generator.sources.lm_eval_printed import table_header

    line = "|Tasks|Version|" + "Metric|" * 3000 + "Value|" * 3000 + "x|" * 3000
    assert table_header(line + "\n") is None
    for header in ("|Tasks|Version|Filter|n-shot|Metric| |Value| |Stderr|", "|Groups|Version|Filter|n-shot|Metric|"
                   "   |Value |   |Stderr|", "|  Task  |Version|Metric|Value |   |Stderr|"):
        found = table_header(f"log line\n{header}  \n|---|\n")
        assert found is not None and found.group(0).rstrip() == header
    for other in ("|Tasks|Version|Value|Metric| |Stderr|", "|Tasks|Version|Metric|Value|Stderr|n|"):
        assert table_header(other) is None


def test_many_tasks_on_local_loading_scripts_are_told_in_one_warning():
    """pfnet-research/japanese-lm-fin-harness's files gave five not-in-model-index warnings, one a task, each naming
    its own loading script as a dataset_path that is no Hub dataset id: one reason whatever the path, told once
    (more than three tasks kept out for one reason are folded into one warning), the first task's path named."""
    got = read_source(SHAPES / "lm_eval_0.4_local_loading_scripts.json")
    told = [w for w in got.warnings if w.code == "not-in-model-index"]
    assert [w.path for w in told] == ["$.results['security_sales_1']"]
    assert "nor are 4 other tasks (fp2, cpa_audit, cma_basics and 1 more), each for this reason: its dataset_path " \
        "is not a Hub dataset id; security_sales_1, for one: its dataset_path " \
        "'jlm_fin_eval/datasets/security_sales_1/security_sales_1.py' is not a Hub dataset id" in told[0].message
    assert "as 'security_sales_1:0-shot'" in told[0].fix
    assert len(got.data["evaluations"]) == 5 and all(e["model_index"] is False for e in got.data["evaluations"])


def test_many_tasks_on_local_loading_scripts_cut_by_limit_are_told_in_one_warning():
    """The same tasks run with --limit (n-samples, 0.4.1+, says what it cut): each is kept out both for its local
    dataset_path and for the cut; more than three such tasks fold into one warning too, which says both and what
    --limit left of the first (each used to get a warning of its own, their reasons naming their own paths and
    counts)."""
    data = json.loads((SHAPES / "lm_eval_0.4_local_loading_scripts.json").read_text())
    data["config"]["limit"] = 10.0
    data["n-samples"] = {task: {"original": 100 + i, "effective": 10} for i, task in enumerate(data["results"])}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.json"
        path.write_text(json.dumps(data))
        got = read_source(path)
    told = [w for w in got.warnings if w.code == "not-in-model-index"]
    assert [w.path for w in told] == ["$.results['security_sales_1']"]
    assert told[0].message == (
        "is shown in the card's tables but not in model-index, nor are 4 other tasks (fp2, cpa_audit, cma_basics and "
        "1 more), each for this reason: its dataset_path is not a Hub dataset id, and it scored only part of its "
        "split (--limit); security_sales_1, for one: its dataset_path "
        "'jlm_fin_eval/datasets/security_sales_1/security_sales_1.py' is not a Hub dataset id, and it scored 10 of "
        "100 examples of its split (--limit), so its numbers are not the split's")
    assert all(e["model_index"] is False for e in got.data["evaluations"])
