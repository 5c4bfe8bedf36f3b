"""lm-evaluation-harness and lighteval results to model-index, on real results files.

tests/fixtures/lm_eval/results/ holds the tiny local runs (their tasks read local JSON files), and
tests/fixtures/lm_eval/published/ real files from the harness's own repository (see its README.md): the 0.3
format, Hub datasets with and without a namespace, filters, a group over Hub datasets, Infinity and NaN. Tests that
change a real file say so in their name and docstring (shape tests).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import ingest
from generator.check.validate import validate_card
from generator.records.loader import records_from_data
from generator.render.card import render_card
from generator.sources.common import eval_task_table, hub_dataset_id
from generator.sources.lighteval import read_lighteval
from generator.sources.lm_eval import read_lm_eval

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lm_eval"
PUBLISHED = FIXTURES / "published"
LOCAL_RUNS = sorted((FIXTURES / "results").glob("*/results_*.json"))
V03_COMMON = PUBLISHED / "v0.3" / "bloom-560m_common_sense_reasoning_0-shot.json"
V03_GSM8K = PUBLISHED / "v0.3" / "bloom-560m_gsm8k_8-shot.json"
V03_MMLU = PUBLISHED / "v0.3" / "llama-7B_mmlu_5-shot.json"
V03_QA = PUBLISHED / "v0.3" / "bloom-560m_question_answering_0-shot.json"
V03_LAMBADA = PUBLISHED / "v0.3" / "bloom-560m_lambada_openai_0-shot.json"
GSM8K = next((PUBLISHED / "v0.4" / "meta-llama__Meta-Llama-3-8B-Instruct").glob("results_*.json"))
MAMBA = next((PUBLISHED / "v0.4" / "state-spaces__mamba2-370m").glob("results_*.json"))
NON_FINITE = next((PUBLISHED / "v0.4" / "gpt-4o-mini").glob("results_*.json"))
ALL_FILES = sorted(PUBLISHED.rglob("*.json")) + LOCAL_RUNS
# the filter fixture of the local runs: tiny_arith_gen with strict-match and flexible-extract
FILTERS = next(p for p in LOCAL_RUNS if "tiny_arith_gen" in json.loads(p.read_text())["results"])


def card(tmp_path: Path, *paths: Path, repo_id: str = "acme/m") -> tuple[dict, Path]:
    """Ingest, render and write a card; return its frontmatter and path."""
    records = records_from_data(ingest(evals=list(paths), repo_id=repo_id).data)
    out = tmp_path / "README.md"
    text = render_card(records, output=out)
    return yaml.safe_load(text.split("---\n")[1]), out


def index_results(meta: dict) -> dict[str, dict]:
    return {r["dataset"]["name"]: r for r in meta["model-index"][0]["results"]}


def by_id(data: dict) -> dict[str, dict]:
    return {e["id"]: e for e in data["evaluations"]}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_real_file_renders_and_passes_the_card_check(path, tmp_path):
    meta, out = card(tmp_path, path)
    report = validate_card(out)
    assert report.ok, [str(p) for p in report.errors]
    for result in meta["model-index"][0]["results"]:
        assert result["task"]["type"] == "text-generation"
        assert hub_dataset_id(result["dataset"]["type"])


def test_04_canonical_dataset_config_split_shots_and_filters(tmp_path):
    data = json.loads(GSM8K.read_text())
    values = data["results"]["gsm8k_cot_llama"]
    meta, _ = card(tmp_path, GSM8K)
    (result,) = meta["model-index"][0]["results"]
    assert result["task"] == {"type": "text-generation"}
    assert result["dataset"] == {"name": "gsm8k_cot_llama (5-shot)", "type": "gsm8k", "config": "main",
                                 "split": "test", "args": {"num_few_shot": 5}}
    assert data["configs"]["gsm8k_cot_llama"]["dataset_path"] == "gsm8k"  # no namespace, as the file says
    assert result["metrics"] == [
        {"type": "exact_match", "value": values["exact_match,strict-match"], "name": "exact_match (strict-match)"},
        {"type": "exact_match", "value": values["exact_match,flexible-extract"],
         "name": "exact_match (flexible-extract)"}]
    assert meta["model-index"][0]["name"] == "acme/m"
    assert read_lm_eval(GSM8K).data["model"] == {"repo_id": "meta-llama/Meta-Llama-3-8B-Instruct"}


def test_filter_variants_of_a_local_run_are_separate_named_metrics():
    values = json.loads(FILTERS.read_text())["results"]["tiny_arith_gen"]
    (evaluation,) = [e for e in read_lm_eval(FILTERS).data["evaluations"] if e["id"].startswith("tiny_arith_gen")]
    assert [(m["type"], m["name"], m["stderr"]) for m in evaluation["metrics"]] == [
        ("exact_match", "exact_match (strict-match)", values["exact_match_stderr,strict-match"]),
        ("exact_match", "exact_match (flexible-extract)", values["exact_match_stderr,flexible-extract"])]


@pytest.mark.parametrize("path", LOCAL_RUNS, ids=lambda p: p.name)
def test_local_data_stays_in_the_tables_and_the_warning_says_why(path, tmp_path):
    got = read_lm_eval(path)
    assert got.data["evaluations"] and all(e["model_index"] is False for e in got.data["evaluations"])
    why = {w.path: w.message for w in got.warnings if w.code == "not-in-model-index"}
    assert all(w.severity == "warning" and w.file == str(path) for w in got.warnings)
    for task, config in json.loads(path.read_text())["configs"].items():
        assert config["dataset_path"] == "json"
        assert "local files read with the 'json' loader" in why[f"$.results[{task!r}]"]
    meta, _ = card(tmp_path, path)
    assert meta["model-index"][0]["results"] == []


def test_03_tasks_get_their_dataset_from_the_bundled_table(tmp_path):
    data = json.loads(V03_COMMON.read_text())
    assert "configs" not in data and "n-shot" not in data and data["config"]["num_fewshot"] == 0
    got = read_lm_eval(V03_COMMON)
    assert got.data["model"] == {"repo_id": "bigscience/bloom-560m"}
    assert not got.warnings  # every task of this run is in the table
    meta, _ = card(tmp_path, V03_COMMON)
    results = index_results(meta)
    assert len(results) == len(data["results"]) == 12
    expected = {
        "arc_challenge": {"type": "allenai/ai2_arc", "config": "ARC-Challenge", "split": "test"},
        "arc_easy": {"type": "allenai/ai2_arc", "config": "ARC-Easy", "split": "test"},
        "hellaswag": {"type": "Rowan/hellaswag", "split": "validation"},
        "winogrande": {"type": "allenai/winogrande", "config": "winogrande_xl", "split": "validation"},
        "boolq": {"type": "aps/super_glue", "config": "boolq", "split": "validation"},
        "openbookqa": {"type": "allenai/openbookqa", "config": "main", "split": "test"},
        "piqa": {"type": "baber/piqa", "split": "validation"},
        "copa": {"type": "aps/super_glue", "config": "copa", "split": "validation"},
    }
    for task, dataset in expected.items():
        result = results[f"{task} (0-shot)"]
        assert {k: v for k, v in result["dataset"].items() if k not in ("name", "args")} == dataset, task
        assert result["dataset"]["args"] == {"num_few_shot": 0}
        assert result["task"] == {"type": "text-generation"}
        assert [m["value"] for m in result["metrics"]] == [v for k, v in data["results"][task].items()
                                                            if not k.endswith("_stderr")]


def test_03_gsm8k_and_mmlu_subjects(tmp_path):
    (gsm8k,) = read_lm_eval(V03_GSM8K).data["evaluations"]
    assert gsm8k["dataset"] == {"id": "openai/gsm8k", "config": "main", "split": "test"}
    assert gsm8k["few_shot"] == 8 and gsm8k["id"] == "gsm8k:8-shot"
    mmlu = read_lm_eval(V03_MMLU)
    assert len(mmlu.data["evaluations"]) == 57 and "model" not in mmlu.data  # pretrained= is a local path
    for e in mmlu.data["evaluations"]:
        subject = e["id"].split(":")[0].split("-", 1)[1]
        assert e["dataset"] == {"id": "cais/mmlu", "config": subject, "split": "test"} and e["few_shot"] == 5
    meta, _ = card(tmp_path, V03_MMLU)
    assert len(meta["model-index"][0]["results"]) == 57


def test_03_task_missing_from_the_table_stays_in_the_tables_and_the_warning_says_why(tmp_path):
    got = read_lm_eval(V03_QA)
    evaluations = by_id(got.data)
    # 0.3.0's triviaqa read its own copy of the data, which the Hub does not have: not in the table
    assert evaluations["triviaqa:0-shot"]["model_index"] is False and "dataset" not in evaluations["triviaqa:0-shot"]
    (warning,) = got.warnings
    assert (warning.code, warning.path, warning.file) == ("not-in-model-index", "$.results['triviaqa']", str(V03_QA))
    assert "not in the bundled table of common tasks" in warning.message
    truthfulqa = evaluations["truthfulqa_mc:0-shot"]
    assert truthfulqa["dataset"] == {"id": "truthfulqa/truthful_qa", "config": "multiple_choice", "split": "validation"}
    assert [m["type"] for m in truthfulqa["metrics"]] == ["mc1", "mc2"]
    assert evaluations["squad2:0-shot"]["dataset"] == {"id": "squad_v2", "split": "validation"}  # canonical id
    meta, out = card(tmp_path, V03_QA)
    assert "triviaqa (0-shot)" not in index_results(meta) and "| triviaqa (0-shot)" in out.read_text()
    assert len(index_results(meta)) == len(json.loads(V03_QA.read_text())["results"]) - 1


def test_03_perplexity_is_lower_is_better():
    for e in read_lm_eval(V03_LAMBADA).data["evaluations"]:
        assert e["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
        assert [(m["type"], m.get("higher_is_better", True)) for m in e["metrics"]] == [("ppl", False), ("acc", True)]


def test_04_canonical_ids_are_kept_and_the_group_aggregate_stands_for_its_tasks(tmp_path):
    data = json.loads(MAMBA.read_text())
    got = read_lm_eval(MAMBA)
    evaluations = by_id(got.data)
    assert evaluations["hellaswag:0-shot"]["dataset"] == {"id": "hellaswag", "split": "validation"}
    assert evaluations["winogrande:0-shot"]["dataset"] == {"id": "winogrande", "config": "winogrande_xl",
                                                           "split": "validation"}
    assert evaluations["lambada_openai:0-shot"]["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
    perplexity = evaluations["lambada_openai:0-shot"]["metrics"][0]
    assert perplexity["type"] == "perplexity" and perplexity["higher_is_better"] is False
    glue = evaluations["glue:0-shot"]
    assert glue["benchmark"] == "glue (0-shot), aggregate" and glue["dataset"] == {"id": "glue"}
    assert "model_index" not in glue and "group" not in glue
    subtasks = data["group_subtasks"]["glue"]
    for task in subtasks:
        e = evaluations[f"{task}:0-shot"]
        assert e["group"] == "glue" and e["model_index"] is False and e["dataset"]["id"] == "glue"
    assert not got.warnings  # represented by the aggregate: nothing to warn about
    assert got.data["groups"] == [{"name": "glue", "show_average": False}]
    meta, out = card(tmp_path, MAMBA)
    results = index_results(meta)
    assert set(results) == {f"{t} (0-shot)" for t in data["results"] if t not in subtasks + ["glue"]} | {
        "glue (0-shot), aggregate"}
    assert results["glue (0-shot), aggregate"]["dataset"]["type"] == "glue"
    assert "| cola" in out.read_text()  # the subtasks stay in the group's table


def test_04_0_aliases_give_the_groups_when_group_subtasks_is_missing(tmp_path):
    """Shape test on a real 0.4 file: lm-eval 0.4.0 and 0.4.1 wrote no group_subtasks, only indented aliases."""
    data = json.loads(MAMBA.read_text())
    del data["group_subtasks"]
    older = tmp_path / "results_older.json"
    older.write_text(json.dumps(data))
    assert read_lm_eval(older).data == read_lm_eval(MAMBA).data


def test_tasks_cut_by_limit_stay_out_of_model_index(tmp_path):
    """Shape test on a real 0.4 file: n-samples saying --limit scored 100 of hellaswag's 10042 examples."""
    data = json.loads(MAMBA.read_text())
    data["n-samples"]["hellaswag"] = {"original": 10042, "effective": 100}
    data["n-samples"]["cola"] = {"original": 1043, "effective": 100}
    cut = tmp_path / "results_cut.json"
    cut.write_text(json.dumps(data))
    got = read_lm_eval(cut)
    evaluations = by_id(got.data)
    assert evaluations["hellaswag:0-shot"]["model_index"] is False
    assert evaluations["glue:0-shot"]["model_index"] is False  # its cola was cut too
    assert evaluations["cola:0-shot"]["model_index"] is False
    assert evaluations["mnli:0-shot"].get("model_index", True) is True  # no longer represented by glue
    why = {w.path: w.message for w in got.warnings if w.code == "not-in-model-index"}
    assert "scored 100 of the 10042 examples" in why["$.results['hellaswag']"]
    assert "--limit" in why["$.results['glue']"]


def test_non_finite_values_are_warnings_and_the_rest_is_kept(tmp_path):
    data = json.loads(NON_FINITE.read_text())
    assert data["results"]["polymer_tg_prediction"] == {"alias": "polymer_tg_prediction", "mae,none": float("inf"),
                                                        "mae_stderr,none": pytest.approx(float("nan"), nan_ok=True)}
    result = ingest(evals=[NON_FINITE], repo_id="acme/m")
    warnings = [w for w in result.warnings if w.code == "not-finite"]
    assert [(w.file, w.path, w.severity) for w in warnings] == [
        (str(NON_FINITE), "$.results['polymer_tg_prediction']['mae,none']", "warning")]
    ids = {e["id"] for e in result.data["evaluations"]}
    assert ids == {f"{t}:0-shot" for t in data["results"] if t != "polymer_tg_prediction"}
    lattice = by_id(result.data)["pxrd_lattice_prediction:0-shot"]
    assert lattice["metrics"] == [{"type": "mae", "value": data["results"]["pxrd_lattice_prediction"]["mae,none"],
                                   "stderr": data["results"]["pxrd_lattice_prediction"]["mae_stderr,none"],
                                   "higher_is_better": False}]
    assert by_id(result.data)["mof_water_stability:0-shot"]["metrics"][0]["name"] == "exact_match (xml-extract)"
    assert not [w for w in result.warnings if w.code == "limited-run"]  # limit 1000 cut nothing (n-samples)
    meta, out = card(tmp_path, NON_FINITE)
    assert validate_card(out).ok and len(meta["model-index"][0]["results"]) == 11


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_an_inf_through_the_cli_is_a_warning_and_exit_0(tmp_path):
    """Shape test on a local run: one value replaced by Infinity, as lm-eval writes it."""
    data = json.loads(FILTERS.read_text())
    data["results"]["tiny_compare_mc"]["acc,none"] = float("inf")
    broken = tmp_path / "results_inf.json"
    broken.write_text(json.dumps(data))
    assert '"acc,none": Infinity' in broken.read_text()
    (tmp_path / "out").mkdir()
    built = run_cli("build", "--eval", str(broken), "--repo-id", "org/m", "-o", "out/README.md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert f"warning: {broken}: $.results['tiny_compare_mc']['acc,none']: inf is not a finite number" in built.stderr
    text = (tmp_path / "out" / "README.md").read_text()
    assert "| acc_norm" in text and str(data["results"]["tiny_compare_mc"]["acc_norm,none"]) in text
    assert "| acc " not in text.split("tiny_compare_mc", 1)[1]
    as_json = run_cli("ingest", str(broken), "--repo-id", "org/m", "--json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    problems = json.loads(as_json.stdout)["warnings"]
    assert {"code": "not-finite", "severity": "warning", "file": str(broken),
            "path": "$.results['tiny_compare_mc']['acc,none']"}.items() <= next(
        p for p in problems if p["code"] == "not-finite").items()
    assert validate_card(tmp_path / "out" / "README.md").ok


def test_a_file_whose_every_value_is_non_finite_is_an_error(tmp_path):
    """Shape test: the real file cut down to its one task whose values are all non-finite."""
    data = json.loads(NON_FINITE.read_text())
    data["results"] = {"polymer_tg_prediction": data["results"]["polymer_tg_prediction"]}
    only = tmp_path / "results_only.json"
    only.write_text(json.dumps(data))
    result = run_cli("build", "--eval", str(only), "--repo-id", "org/m", cwd=tmp_path)
    assert result.returncode == 1 and "holds no finite numeric results" in result.stderr


@pytest.mark.parametrize("files", [[V03_COMMON, V03_GSM8K], [GSM8K]], ids=["0.3", "0.4"])
def test_end_to_end_build(files, tmp_path):
    for path in files:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "out").mkdir()
    built = run_cli("build", "--eval", *[p.name for p in files], "--repo-id", "org/m", "-o", "out/README.md",
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    assert validate_card(tmp_path / "out" / "README.md").ok
    meta = yaml.safe_load((tmp_path / "out" / "README.md").read_text().split("---\n")[1])
    results = meta["model-index"][0]["results"]
    assert meta["model-index"][0]["name"] == "org/m"
    assert len(results) == sum(len(json.loads(p.read_text())["results"]) for p in files)
    assert all(r["task"] == {"type": "text-generation"} and "num_few_shot" in r["dataset"]["args"] for r in results)


def test_bundled_table_entries_are_hub_datasets():
    for section in ("lm_eval", "lm_eval_0_3", "lighteval"):
        table = eval_task_table(section)
        assert len(table) > 150, section
        for task, (dataset, config, split) in table.items():
            assert hub_dataset_id(dataset) == dataset, (section, task)
            assert config is None or isinstance(config, str)
            assert split is None or isinstance(split, str)
    old = eval_task_table("lm_eval_0_3")
    assert old["truthfulqa_mc"] == ("truthfulqa/truthful_qa", "multiple_choice", "validation")
    assert old["hendrycksTest-abstract_algebra"] == ("cais/mmlu", "abstract_algebra", "test")
    assert old["lambada_openai"] == ("EleutherAI/lambada_openai", "default", "test")
    assert eval_task_table("lm_eval")["truthfulqa_mc2"] == ("truthfulqa/truthful_qa", "multiple_choice", "validation")


@pytest.mark.parametrize("value, expected", [
    ("gsm8k", "gsm8k"), ("ai2_arc", "ai2_arc"), ("allenai/ai2_arc", "allenai/ai2_arc"),
    ("json", None), ("csv", None), ("data", None), ("my_local_folder", None), ("", None), (None, None),
])
def test_hub_dataset_ids(value, expected):
    assert hub_dataset_id(value) == expected


# ---------------------------------------------------------------------------------------------------- lighteval

LIGHTEVAL = sorted((FIXTURES.parent / "lighteval" / "output" / "results").rglob("results_*.json"))


@pytest.mark.parametrize("path", LIGHTEVAL, ids=lambda p: p.name)
def test_lighteval_local_data_stays_in_the_tables_and_the_warning_says_why(path, tmp_path):
    data = json.loads(path.read_text())
    got = read_lighteval(path)
    tasks = [k for k in data["results"] if k != "all" and ":_average" not in k]
    assert [e["id"] for e in got.data["evaluations"]] == [k.replace("|", ":") for k in tasks]
    for key, e in zip(tasks, got.data["evaluations"]):
        config = data["config_tasks"][key]
        assert e["task"] == {"type": "text-generation"} and e["few_shot"] == int(key.split("|")[1])
        assert e["dataset"] == {"config": config["hf_subset"], "split": config["evaluation_splits"][0]}
        assert e["model_index"] is False
    assert [(w.code, w.path) for w in got.warnings] == [("not-in-model-index", f"$.results[{k!r}]") for k in tasks]
    assert all("hf_repo 'data' is not a Hub dataset id" in w.message for w in got.warnings)
    meta, out = card(tmp_path, path)
    assert meta["model-index"][0]["results"] == [] and validate_card(out).ok


def lighteval_renamed(tmp_path: Path, names: dict[str, str], config_tasks) -> Path:
    """The real 3-shot lighteval file with its task keys renamed (numbers as lighteval wrote them)."""
    data = json.loads(LIGHTEVAL[-1].read_text())
    data["results"] = {names.get(k, k): v for k, v in data["results"].items()}
    data["config_tasks"] = config_tasks
    path = tmp_path / "results_renamed.json"
    path.write_text(json.dumps(data))
    return path


def test_lighteval_tasks_without_configs_take_the_bundled_table(tmp_path):
    """Shape test on a real lighteval file: keys of leaderboard tasks, no config_tasks (as older files had)."""
    path = lighteval_renamed(tmp_path, {"toy:arith|3": "leaderboard|arc:challenge|25",
                                        "toy:compare|3": "lighteval|gsm8k|5"}, {})
    got = read_lighteval(path)
    arc, gsm8k = got.data["evaluations"]
    assert arc["dataset"] == {"id": "allenai/ai2_arc", "config": "ARC-Challenge", "split": "test"}
    assert arc["few_shot"] == 25 and arc["benchmark"] == "leaderboard|arc:challenge (25-shot)"
    assert gsm8k["dataset"] == {"id": "openai/gsm8k", "config": "main", "split": "test"} and gsm8k["few_shot"] == 5
    assert not got.warnings
    meta, out = card(tmp_path, path)
    results = index_results(meta)
    assert results["leaderboard|arc:challenge (25-shot)"]["dataset"] == {
        "name": "leaderboard|arc:challenge (25-shot)", "type": "allenai/ai2_arc", "config": "ARC-Challenge",
        "split": "test", "args": {"num_few_shot": 25}}
    assert validate_card(out).ok


def test_lighteval_open_llm_leaderboard_keys_and_config_strings(tmp_path):
    """Shape test: the Open LLM Leaderboard (v1) layout, harness| keys and config_tasks values that are strings."""
    path = lighteval_renamed(tmp_path, {"toy:arith|3": "harness|hendrycksTest-abstract_algebra|5",
                                        "toy:compare|3": "harness|truthfulqa:mc|0"},
                             {"harness|hendrycksTest-abstract_algebra": "LM Harness task",
                              "harness|truthfulqa:mc": "LM Harness task"})
    mmlu, truthfulqa = read_lighteval(path).data["evaluations"]
    assert mmlu["dataset"] == {"id": "cais/mmlu", "config": "abstract_algebra", "split": "test"}
    assert truthfulqa["dataset"] == {"id": "truthfulqa/truthful_qa", "config": "multiple_choice",
                                     "split": "validation"}
    assert validate_card(card(tmp_path, path)[1]).ok


def test_lighteval_config_with_a_canonical_hub_dataset(tmp_path):
    """Shape test on a real lighteval file: its config_tasks naming a canonical Hub dataset instead of a folder."""
    data = json.loads(LIGHTEVAL[-1].read_text())
    configs = {k: dict(v, hf_repo="ai2_arc", hf_subset="ARC-Easy") for k, v in data["config_tasks"].items()}
    path = lighteval_renamed(tmp_path, {}, configs)
    for e in read_lighteval(path).data["evaluations"]:
        assert e["dataset"] == {"id": "ai2_arc", "config": "ARC-Easy", "split": "test"} and "model_index" not in e


def test_lighteval_nan_is_a_warning_and_left_out(tmp_path):
    """Shape test on a real lighteval file: one value and one stderr NaN, as lighteval writes undefined ones."""
    data = json.loads(LIGHTEVAL[0].read_text())
    data["results"]["toy:arith|0"]["acc"] = float("nan")
    data["results"]["toy:compare|0"]["acc_norm_stderr"] = float("nan")
    path = tmp_path / "results_nan.json"
    path.write_text(json.dumps(data))
    assert '"acc": NaN' in path.read_text()
    (tmp_path / "out").mkdir()
    built = run_cli("build", "--eval", str(path), "--repo-id", "org/m", "-o", "out/README.md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    got = read_lighteval(path)
    assert [(w.path, w.severity) for w in got.warnings if w.code == "not-finite"] == [
        ("$.results['toy:arith|0']['acc']", "warning"), ("$.results['toy:compare|0']['acc_norm_stderr']", "warning")]
    arith, compare = got.data["evaluations"]
    assert [m["type"] for m in arith["metrics"]] == ["acc_norm"]
    assert compare["metrics"][1] == {"type": "acc_norm", "value": data["results"]["toy:compare|0"]["acc_norm"]}
    assert validate_card(tmp_path / "out" / "README.md").ok
