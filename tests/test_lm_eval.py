"""lm-evaluation-harness and lighteval results to model-index, on results files the tools wrote.

tests/fixtures/lm_eval/results/ holds the tiny local runs of lm-eval 0.4.13 (make_fixtures.py), and
tests/fixtures/versions/evals/<tool>-<version>/ the same tiny tasks run by older releases (make_eval_versions.py).
Shapes that no local run can produce (Hub datasets, the 0.3 format's common tasks, the 57 MMLU subjects, Infinity
and NaN from an API model) are built inline, each test saying which real shape it reproduces; its numbers are made up.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ingest
from generator.check.validate import validate_card
from generator.errors import InputError
from generator.io.files import git_blob_sha
from generator.records.loader import records_from_data
from generator.render.card import render_card
from generator.sources.common import eval_task_table, hub_dataset_id
from generator.sources.eval_folder import read_eval_folder
from generator.sources.lighteval import read_lighteval
from generator.sources.lm_eval import LEADERBOARD_V2_NAMES, OBJECT_KEYS, SKIP_KEYS, read_lm_eval

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lm_eval"
VERSIONS = FIXTURES.parent / "versions" / "evals"
LOCAL_RUNS = sorted((FIXTURES / "results").glob("*/results_*.json"))
# every results file an lm-eval release wrote: results.json up to 0.4.2, results_<timestamp>.json from 0.4.3
VERSIONED = sorted(p for p in VERSIONS.glob("lm-eval-*/**/results*.json"))
LM_EVAL_FILES = VERSIONED + LOCAL_RUNS
# the filter fixture of the local runs: tiny_arith_gen with strict-match and flexible-extract
FILTERS = next(p for p in LOCAL_RUNS if "tiny_arith_gen" in json.loads(p.read_text())["results"])


def release(path: Path) -> str:
    """The lm-eval release that wrote a fixture."""
    if path in LOCAL_RUNS:
        return "0.4.13"
    return path.relative_to(VERSIONS).parts[0].removeprefix("lm-eval-")


def write(tmp_path: Path, data: dict, name: str = "results.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2))
    return path


def v03(results: dict[str, dict], num_fewshot: int, pretrained: str = "bigscience/bloom-560m") -> dict:
    """An lm-eval 0.3 results file (main.py's json.dumps of simple_evaluate): results, versions, config only."""
    return {"results": results, "versions": {task: 0 for task in results},
            "config": {"model": "hf-causal-experimental", "model_args": f"pretrained={pretrained}",
                       "num_fewshot": num_fewshot, "batch_size": "auto", "device": "cuda", "no_cache": True,
                       "limit": None, "bootstrap_iters": 100000, "description_dict": {}}}


def v04(results: dict[str, dict], configs: dict[str, dict], shots: int, groups: dict[str, list[str]] | None = None,
        pretrained: str = "org/model", **extra: Any) -> dict:
    """An lm-eval 0.4.3+ results file, the keys in the order the harness writes them."""
    groups = groups or {}
    leaves = [t for t in results if t not in groups]
    data: dict[str, Any] = {
        "results": results,
        "groups": {g: results[g] for g in groups},
        "group_subtasks": {**groups, **{t: [] for t in leaves if not any(t in s for s in groups.values())}},
        "configs": {t: {"task": t, "num_fewshot": shots, **configs[t]} for t in leaves},
        "versions": {**{t: 1.0 for t in leaves}, **{g: "N/A" for g in groups}},
        "n-shot": {t: shots for t in leaves},
        "higher_is_better": {t: {m.split(",")[0]: True for m in results[t] if "," in m and "_stderr" not in m}
                             for t in results},
        "n-samples": {t: {"original": 100, "effective": 100} for t in leaves},
        "config": {"model": "hf", "model_args": f"pretrained={pretrained}", "batch_size": "auto", "limit": None},
        "git_hash": "0000000", "date": 1719000000.0, "lm_eval_version": "0.4.3",
        "model_name": pretrained, "model_name_sanitized": pretrained.replace("/", "__"),
    }
    data.update(extra)
    return data


def metrics_of(values: dict[str, Any]) -> list[tuple[str, Any]]:
    """(key, value) of every finite number the harness wrote for a task, stderrs and counts left out."""
    return [(k, v) for k, v in values.items() if k not in SKIP_KEYS and "_stderr" not in k
            and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


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


# ------------------------------------------------------------------------------------- every release's own files

@pytest.mark.parametrize("path", LM_EVAL_FILES, ids=lambda p: f"{release(p)}-{p.name}")
def test_every_versioned_file_gives_every_metric_with_its_value_shots_and_split(path):
    """Each number lm-eval wrote is one metric with exactly that value; few-shot count and split as in the file."""
    data = json.loads(path.read_text())
    got = read_lm_eval(path)
    evaluations = {e["id"].rsplit(":", 1)[0]: e for e in got.data["evaluations"]}
    entries = {**data.get("groups", {}), **data["results"]}
    own = {t: t.rsplit("::", 1)[-1] for t in entries}  # an id goes by the task's own name (0.5: `<group>::<task>`)
    assert set(evaluations) == {own[t] for t, v in entries.items() if metrics_of(v)}
    for task, values in entries.items():
        e = evaluations[own[task]]
        expected = metrics_of(values)
        assert [(m["type"], m["value"]) for m in e["metrics"]] == [(k.split(",")[0], v) for k, v in expected]
        for m, (key, _) in zip(e["metrics"], expected):
            metric, _, filt = key.partition(",")
            assert m.get("name") == (f"{metric} ({filt})" if filt not in ("", "none") else None)
            stderr = values.get(f"{metric}_stderr,{filt}")
            assert m.get("stderr") == (stderr if isinstance(stderr, float) else None)
        # from 0.4.3 a group has no n-shot entry of its own: its tasks' count, which they share here
        shots = data["n-shot"].get(task, data["n-shot"].get((data.get("group_subtasks", {}).get(task) or [""])[0]))
        assert e["few_shot"] == shots and e["id"] == f"{own[task]}:{shots}-shot"
        if task in data["configs"]:
            assert e["dataset"] == {"split": data["configs"][task]["test_split"]}
        version = data["versions"].get(task)  # 0.4.2 lists no group
        # 0.4.0 wrote "Yaml" for a YAML task's version and "N/A" for a group's: not versions; 0.4.12 a group's as the
        # string "1.0", the number 0.4.10 wrote as 1.0
        assert e.get("version") == (None if version in (None, "Yaml", "N/A") else
                                    float(version) if isinstance(version, str) else version)
        assert "Yaml" not in str(e) and "N/A" not in str(e)


@pytest.mark.parametrize("path", LM_EVAL_FILES, ids=lambda p: f"{release(p)}-{p.name}")
def test_every_versioned_file_renders_and_passes_the_card_check(path, tmp_path):
    meta, out = card(tmp_path, path)
    report = validate_card(out)
    assert report.ok, [str(p) for p in report.errors]
    assert meta["model-index"][0]["results"] == []  # local data: nothing for model-index
    text = out.read_text()
    for task, values in json.loads(path.read_text())["results"].items():
        assert f"| {task} (" in text or f"| {values['alias'].strip(' -')} (" in text


def test_releases_covered_by_the_fixtures():
    assert {release(p) for p in VERSIONED} >= {"0.4.0", "0.4.1", "0.4.2", "0.4.3", "0.4.4", "0.4.5", "0.4.7", "0.4.8",
                                                   "0.4.9", "0.4.9.1", "0.4.9.2",
                                                   "0.4.10", "0.4.11", "0.4.12", "0.5.0.dev1"}
    for path in VERSIONED:
        installed = json.loads((VERSIONS / f"lm-eval-{release(path)}" / "VERSIONS.json").read_text())
        assert installed["lm_eval"] == release(path)


def test_0_4_12_entries_with_name_and_sample_len_and_a_group_version_as_a_string():
    """0.4.12's refactored evaluator writes `name` and `sample_len` in every entry, the group after its tasks and
    repeated under `groups`, a `sample_count` mapping in the group, the group in `n-shot`, and the group's version as
    a string ("1.0") where 0.4.10 wrote the float 1.0: the same evaluations, the group's version 1 both ways."""
    def run1(version: str) -> tuple[dict, dict[str, dict]]:
        path = next((VERSIONS / f"lm-eval-{version}" / "run1").glob("*/results_*.json"))
        return json.loads(path.read_text()), by_id(read_lm_eval(path).data)

    old, old_evals = run1("0.4.10")
    new, new_evals = run1("0.4.12")
    assert old["versions"]["tiny_suite"] == 1.0 and new["versions"]["tiny_suite"] == "1.0"
    assert {"name", "sample_len"} <= set(new["results"]["tiny_arith_mc"]) and "sample_count" in new["groups"]["tiny_suite"]
    assert list(new["results"])[-1] == "tiny_suite" and new["n-shot"]["tiny_suite"] == 0
    assert set(new_evals) == set(old_evals) == {"tiny_suite:0-shot", "tiny_arith_mc:0-shot", "tiny_compare_mc:0-shot"}
    for key, e in new_evals.items():  # the metrics in the order each release wrote them (0.4.10's group: acc_norm first)
        def same(evaluation: dict) -> dict:
            return {**{k: v for k, v in evaluation.items() if k != "notes"},
                    "metrics": sorted(evaluation["metrics"], key=lambda m: m["type"])}
        assert same(e) == same(old_evals[key])
    assert new_evals["tiny_suite:0-shot"]["version"] == 1


@pytest.mark.parametrize("version", ["0.4.0", "0.4.1"])
def test_0_4_0_results_json_has_groups_without_group_subtasks_and_aliases_give_the_tree(version):
    """0.4.0 and 0.4.1 wrote <output_path>/results.json with `groups` but no `group_subtasks`: the aliases give the
    tree. 0.4.0's task versions are the placeholder "Yaml", 0.4.1's the tasks' metadata versions as floats."""
    paths = sorted((VERSIONS / f"lm-eval-{version}").rglob("results.json"))
    assert paths
    for path in paths:
        data = json.loads(path.read_text())
        assert "group_subtasks" not in data and "tiny_suite" in data["groups"]
        assert not {"date", "n-samples", "higher_is_better", "lm_eval_version"} & set(data)
        tasks = {"0.4.0": ("Yaml", "Yaml"), "0.4.1": (1.0, 2.0)}[version]
        assert data["versions"] == {"tiny_arith_mc": tasks[0], "tiny_compare_mc": tasks[1], "tiny_suite": "N/A"}
        got = read_lm_eval(path)
        evaluations = by_id(got.data)
        shots = data["n-shot"]["tiny_suite"]
        limit = data["config"].get("limit")
        cut = f", at most {limit:g} examples" if limit else ""  # no n-samples: each task may have been cut
        assert evaluations[f"tiny_suite:{shots}-shot"]["benchmark"] == f"tiny_suite ({shots}-shot{cut}), aggregate"
        for task in ("tiny_arith_mc", "tiny_compare_mc"):
            assert data["results"][task]["alias"] == f" - {task}"
            e = evaluations[f"{task}:{shots}-shot"]
            assert e["group"] == "tiny_suite" and e.get("version") == (None if version == "0.4.0" else
                                                                       int(data["versions"][task]))
        assert got.data["groups"] == [{"name": "tiny_suite", "show_average": False}]


def test_a_limit_without_n_samples_is_a_warning_and_n_samples_say_which_tasks_were_cut():
    """0.4.0 wrote only config.limit, so the card must say the run may not cover whole splits; later releases
    also write n-samples, whose counts say which tasks were cut (tested on Hub data below)."""
    limited = [p for p in VERSIONED if json.loads(p.read_text())["config"].get("limit")]
    assert {release(p) for p in limited} >= {"0.4.0", "0.4.2", "0.4.5"}
    for path in limited:
        data = json.loads(path.read_text())
        warned = [w for w in read_lm_eval(path).warnings if w.code == "limited-run"]
        labels = {e["id"]: e["benchmark"] for e in read_lm_eval(path).data["evaluations"]}
        if "n-samples" in data:
            assert not warned and any(c["effective"] < c["original"] for c in data["n-samples"].values())
            for task, c in data["n-samples"].items():  # the table says which scores are of part of a split
                label = next(label for id_, label in labels.items() if id_.split(":")[0] == task)
                assert (f"{c['effective']:,} of {c['original']:,} examples" in label) is (c["effective"] <
                                                                                         c["original"])
        else:
            (warning,) = warned
            assert warning.path == "$.config.limit" and f"at most {data['config']['limit']:g} examples" in \
                warning.message
            assert all(f"at most {data['config']['limit']:g} examples)" in label for label in labels.values())


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


# ------------------------------------------------------------------------- shapes no local run can produce (inline)

GSM8K_COT = {"gsm8k_cot_llama": {"alias": "gsm8k_cot_llama", "exact_match,strict-match": 0.7581,
                                 "exact_match_stderr,strict-match": 0.0118, "exact_match,flexible-extract": 0.8211,
                                 "exact_match_stderr,flexible-extract": 0.0106}}


def test_04_canonical_dataset_config_split_shots_and_filters(tmp_path):
    """Shape of lm-eval 0.4.3's gsm8k_cot_llama on vLLM: the canonical id `gsm8k` (no namespace), config main, two
    filters with different values."""
    path = write(tmp_path, v04(GSM8K_COT, {"gsm8k_cot_llama": {"dataset_path": "gsm8k", "dataset_name": "main",
                                                               "test_split": "test", "fewshot_split": "train"}},
                               shots=5, pretrained="meta-llama/Meta-Llama-3-8B-Instruct"))
    meta, _ = card(tmp_path, path)
    (result,) = meta["model-index"][0]["results"]
    assert result["task"] == {"type": "text-generation"}
    assert result["dataset"] == {"name": "gsm8k_cot_llama (5-shot)", "type": "gsm8k", "config": "main",
                                 "split": "test", "args": {"num_few_shot": 5}}
    values = GSM8K_COT["gsm8k_cot_llama"]
    assert result["metrics"] == [
        {"type": "exact_match", "value": values["exact_match,strict-match"], "name": "exact_match (strict-match)"},
        {"type": "exact_match", "value": values["exact_match,flexible-extract"],
         "name": "exact_match (flexible-extract)"}]
    assert meta["model-index"][0]["name"] == "acme/m"
    assert read_lm_eval(path).data["model"] == {"repo_id": "meta-llama/Meta-Llama-3-8B-Instruct"}


COMMON_03 = ["arc_challenge", "arc_easy", "boolq", "copa", "hellaswag", "openbookqa", "piqa", "winogrande"]


def common_03(num_fewshot: int = 0) -> dict:
    """Shape of lm-eval 0.3.0's bloom-560m common_sense_reasoning file (acc/acc_norm, no dataset names)."""
    results = {}
    for i, task in enumerate(COMMON_03):
        results[task] = {"acc": 0.3 + i / 100, "acc_stderr": 0.01 + i / 1000}
        if task not in ("boolq", "copa", "winogrande"):
            results[task] |= {"acc_norm": 0.4 + i / 100, "acc_norm_stderr": 0.02}
    return v03(results, num_fewshot)


def test_03_tasks_get_their_dataset_from_the_bundled_table(tmp_path):
    data = common_03()
    path = write(tmp_path, data)
    got = read_lm_eval(path)
    assert got.data["model"] == {"repo_id": "bigscience/bloom-560m"}
    assert not got.warnings  # every task of this run is in the table
    meta, _ = card(tmp_path, path)
    results = index_results(meta)
    assert len(results) == len(data["results"])
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
    """Shapes of 0.3.0's gsm8k 8-shot file and its 57 hendrycksTest-<subject> tasks, 5-shot, from a local path."""
    gsm8k = write(tmp_path, v03({"gsm8k": {"acc": 0.0053, "acc_stderr": 0.002}}, 8), "gsm8k.json")
    (e,) = read_lm_eval(gsm8k).data["evaluations"]
    assert e["dataset"] == {"id": "openai/gsm8k", "config": "main", "split": "test"}
    assert e["few_shot"] == 8 and e["id"] == "gsm8k:8-shot"
    subjects = sorted(t for t in eval_task_table("lm_eval_0_3") if t.startswith("hendrycksTest-"))
    assert len(subjects) == 57
    mmlu_path = write(tmp_path, v03({t: {"acc": 0.25, "acc_stderr": 0.04, "acc_norm": 0.26, "acc_norm_stderr": 0.04}
                                     for t in subjects}, 5, pretrained="/data/llama/7B"), "mmlu.json")
    mmlu = read_lm_eval(mmlu_path)
    assert len(mmlu.data["evaluations"]) == 57 and "model" not in mmlu.data  # pretrained= is a local path
    for e in mmlu.data["evaluations"]:
        subject = e["id"].split(":")[0].split("-", 1)[1]
        assert e["dataset"] == {"id": "cais/mmlu", "config": subject, "split": "test"} and e["few_shot"] == 5
    meta, _ = card(tmp_path, mmlu_path)
    assert len(meta["model-index"][0]["results"]) == 57


def test_03_tasks_whose_data_no_hub_dataset_holds_say_where_their_data_come_from(tmp_path):
    """0.3.0's arithmetic (the GPT-3 repository's files), pile_* (the Pile's test set) and sacrebleu's translation
    test sets, each read by the harness itself; a task 0.3.0 did not have keeps the generic reason."""
    path = write(tmp_path, v03({"arithmetic_2da": {"acc": 0.1, "acc_stderr": 0.01},
                                "pile_arxiv": {"word_perplexity": 30.5, "byte_perplexity": 1.9, "bits_per_byte": 0.9},
                                "wmt20-en-de": {"bleu": 2.1, "chrf": 0.2, "ter": 1.1},
                                "num_reasoning_arithmetic_addition_94": {"acc": 0.3, "acc_stderr": 0.06},
                                "my_task": {"acc": 0.5}}, 0))
    why = {w.path: w.message.split(": ", 1)[1] for w in read_lm_eval(path).warnings}
    assert why == {
        "$.results['arithmetic_2da']": "its data are the arithmetic JSONL files of github.com/openai/gpt-3 (data/), "
        "which lm-eval 0.3 downloads with its own loading script, not a Hub dataset",
        "$.results['pile_arxiv']": "its data are the Pile's test set, which lm-eval 0.3 downloads from eaidata.bmk.sh "
        "with its own loading script, not a Hub dataset",
        "$.results['wmt20-en-de']": "its data are the wmt20 test set sacrebleu downloads for lm-eval 0.3's translation "
        "tasks, not a Hub dataset",
        # EleutherAI/pythia evals/term-freq-temp/: its case study's own tasks, run with 0.3
        "$.results['num_reasoning_arithmetic_addition_94']": "its data are the examples the loading scripts of "
        "EleutherAI/pythia's term-frequency case study generate (case-studies/term_frequency), not a Hub dataset",
        "$.results['my_task']": "the file does not name its dataset, and the task is not in the bundled table of "
        "common tasks"}


def test_many_tasks_kept_out_for_one_reason_are_told_in_one_warning(tmp_path):
    """A Nous suite's 0.3 bigbench file (saucam/model_evals Nereus-7B/nous/bigbench.json, teknium1/LLM-Benchmark-Logs'
    logs) gave 18 warnings, one a task, each saying its data are the fork's local JSON files: more than three tasks
    kept out for one reason are told in one warning, at the first, naming the others; a task of another reason keeps
    its own."""
    names = ["bigbench_causal_judgement", "bigbench_navigate", "bigbench_snarks", "bigbench_ruin_names"]
    path = write(tmp_path, v03({**{name: {"multiple_choice_grade": 0.5, "multiple_choice_grade_stderr": 0.03}
                                   for name in names}, "my_task": {"acc": 0.5}}, 0))
    got = read_lm_eval(path)
    assert [(w.code, w.path) for w in got.warnings] == [("not-in-model-index", "$.results['bigbench_causal_judgement']"),
                                                        ("not-in-model-index", "$.results['my_task']")]
    told = got.warnings[0]
    assert "nor are 3 other tasks (bigbench_navigate, bigbench_snarks, bigbench_ruin_names), each for this reason: " \
        "its data are the local JSON files the harness fork's bigbench tasks read" in told.message
    assert "as 'bigbench_causal_judgement:0-shot'" in told.fix
    assert all(e["model_index"] is False for e in got.data["evaluations"])
    three = write(tmp_path, v03({name: {"multiple_choice_grade": 0.5} for name in names[:3]}, 0), "three.json")
    assert len(read_lm_eval(three).warnings) == 3  # up to three, a warning each


def test_03_task_missing_from_the_table_stays_in_the_tables_and_the_warning_says_why(tmp_path):
    """Shape of 0.3.0's question_answering file: truthfulqa_mc (mc1, mc2), squad2 and triviaqa."""
    path = write(tmp_path, v03({"truthfulqa_mc": {"mc1": 0.24, "mc1_stderr": 0.01, "mc2": 0.42, "mc2_stderr": 0.01},
                                "squad2": {"exact": 1.5, "f1": 4.2, "HasAns_exact": 2.9, "NoAns_exact": 0.1},
                                "triviaqa": {"acc": 0.004, "acc_stderr": 0.0006}}, 0))
    got = read_lm_eval(path)
    evaluations = by_id(got.data)
    # 0.3.0's triviaqa read its own copy of the data, which the Hub does not have: not in the table
    assert evaluations["triviaqa:0-shot"]["model_index"] is False and "dataset" not in evaluations["triviaqa:0-shot"]
    (warning,) = got.warnings
    assert (warning.code, warning.path, warning.file) == ("not-in-model-index", "$.results['triviaqa']", str(path))
    assert warning.message.endswith("its data are the unfiltered TriviaQA archive lm-eval 0.3 downloads from "
                                    "eaidata.bmk.sh with its own loading script (0.4's triviaqa reads another copy), "
                                    "not a Hub dataset")
    truthfulqa = evaluations["truthfulqa_mc:0-shot"]
    assert truthfulqa["dataset"] == {"id": "truthfulqa/truthful_qa", "config": "multiple_choice", "split": "validation"}
    assert [m["type"] for m in truthfulqa["metrics"]] == ["mc1", "mc2"]
    assert evaluations["squad2:0-shot"]["dataset"] == {"id": "squad_v2", "split": "validation"}  # canonical id
    meta, out = card(tmp_path, path)
    assert "triviaqa (0-shot)" not in index_results(meta) and "| triviaqa (0-shot)" in out.read_text()
    assert len(index_results(meta)) == 2


def test_03_perplexity_is_lower_is_better(tmp_path):
    """Shape of 0.3.0's lambada_openai file: ppl first (0.3 files do not say it is lower-is-better), then acc."""
    path = write(tmp_path, v03({"lambada_openai": {"ppl": 28.8, "ppl_stderr": 1.1, "acc": 0.34, "acc_stderr": 0.007}},
                               0))
    for e in read_lm_eval(path).data["evaluations"]:
        assert e["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
        assert [(m["type"], m.get("higher_is_better", True)) for m in e["metrics"]] == [("ppl", False), ("acc", True)]


GLUE = ["cola", "mnli", "mrpc", "qnli", "qqp", "rte", "sst2", "wnli"]


def glue_04() -> dict:
    """Shape of an lm-eval 0.4.3 run (mamba2-370m): canonical ids hellaswag and winogrande, the namespaced
    EleutherAI/lambada_openai (config `default`), perplexity, and the group glue in groups and group_subtasks, its
    subtasks' aliases indented (` - cola`)."""
    results: dict[str, dict] = {"glue": {"acc,none": 0.42, "acc_stderr,none": 0.002, "alias": "glue"}}
    results |= {t: {"alias": f" - {t}", "acc,none": 0.4 + i / 100, "acc_stderr,none": 0.01}
                for i, t in enumerate(GLUE)}
    results |= {
        "hellaswag": {"alias": "hellaswag", "acc,none": 0.35, "acc_stderr,none": 0.005, "acc_norm,none": 0.42,
                      "acc_norm_stderr,none": 0.005},
        "lambada_openai": {"alias": "lambada_openai", "perplexity,none": 10.2, "perplexity_stderr,none": 0.3,
                           "acc,none": 0.47, "acc_stderr,none": 0.007},
        "winogrande": {"alias": "winogrande", "acc,none": 0.55, "acc_stderr,none": 0.014}}
    configs = {t: {"dataset_path": "glue", "dataset_name": t, "validation_split": "validation"} for t in GLUE}
    configs |= {"hellaswag": {"dataset_path": "hellaswag", "validation_split": "validation"},
                "lambada_openai": {"dataset_path": "EleutherAI/lambada_openai", "dataset_name": "default",
                                   "test_split": "test"},
                "winogrande": {"dataset_path": "winogrande", "dataset_name": "winogrande_xl",
                               "validation_split": "validation"}}
    data = v04(results, configs, shots=0, groups={"glue": GLUE}, pretrained="state-spaces/mamba2-370m")
    data["higher_is_better"]["lambada_openai"]["perplexity"] = False
    return data


def test_04_canonical_ids_are_kept_and_the_group_aggregate_stands_for_its_tasks(tmp_path):
    data = glue_04()
    path = write(tmp_path, data)
    got = read_lm_eval(path)
    evaluations = by_id(got.data)
    assert evaluations["hellaswag:0-shot"]["dataset"] == {"id": "hellaswag", "split": "validation"}
    assert evaluations["winogrande:0-shot"]["dataset"] == {"id": "winogrande", "config": "winogrande_xl",
                                                           "split": "validation"}
    assert evaluations["lambada_openai:0-shot"]["dataset"] == {"id": "EleutherAI/lambada_openai", "split": "test"}
    perplexity = evaluations["lambada_openai:0-shot"]["metrics"][0]
    assert perplexity["type"] == "perplexity" and perplexity["higher_is_better"] is False
    glue = evaluations["glue:0-shot"]
    assert glue["benchmark"] == "glue (0-shot), aggregate" and glue["dataset"] == {"id": "glue", "split": "validation"}
    assert "model_index" not in glue and "group" not in glue and "version" not in glue  # versions["glue"] is N/A
    for task in GLUE:
        e = evaluations[f"{task}:0-shot"]
        assert e["group"] == "glue" and e["model_index"] is False and e["dataset"]["id"] == "glue"
    assert not got.warnings  # represented by the aggregate: nothing to warn about
    assert got.data["groups"] == [{"name": "glue", "show_average": False}]
    meta, out = card(tmp_path, path)
    results = index_results(meta)
    assert set(results) == {"hellaswag (0-shot)", "lambada_openai (0-shot)", "winogrande (0-shot)",
                            "glue (0-shot), aggregate"}
    assert results["glue (0-shot), aggregate"]["dataset"]["type"] == "glue"
    assert "| cola" in out.read_text()  # the subtasks stay in the group's table


def test_04_a_group_aggregate_of_unlike_metrics_leaves_model_index_to_its_tasks(tmp_path):
    """lm-eval 0.4.0-0.4.3 gave a group every metric of its tasks, each pooled over the tasks that have it: the real
    glue group (EleutherAI's results/state-spaces__mamba2-1.3b, 2025) has cola's mcc alone as its mcc, mrpc's and
    qqp's f1 as its f1. Such an aggregate is no score of the dataset: its tasks go to model-index instead."""
    data = glue_04()
    data["results"]["cola"] = {"alias": " - cola", "mcc,none": 0.02, "mcc_stderr,none": 0.03}
    data["results"]["mrpc"] |= {"f1,none": 0.6, "f1_stderr,none": 0.02}
    data["results"]["glue"] |= {"mcc,none": 0.02, "mcc_stderr,none": 0.03, "f1,none": 0.6, "f1_stderr,none": 0.02}
    got = read_lm_eval(write(tmp_path, data))
    evaluations = by_id(got.data)
    assert evaluations["glue:0-shot"]["model_index"] is False
    assert all(evaluations[f"{task}:0-shot"].get("model_index", True) for task in GLUE)
    [warning] = got.warnings
    assert warning.path == "$.results['glue']" and warning.code == "not-in-model-index"
    assert "(acc over 7 of its 8 tasks, mcc over 1 (cola), f1 over 1 (mrpc))" in warning.message
    meta, out = card(tmp_path, write(tmp_path, data))
    results = index_results(meta)
    assert "glue (0-shot), aggregate" not in results and results["cola (0-shot)"]["dataset"]["config"] == "cola"
    assert "| glue (0-shot), aggregate | acc" in out.read_text()


def test_04_0_aliases_give_the_groups_when_group_subtasks_is_missing(tmp_path):
    """lm-eval 0.4.0 and 0.4.1 wrote no group_subtasks, only indented aliases."""
    data = glue_04()
    with_tree = write(tmp_path, data, "with.json")
    del data["group_subtasks"]
    assert read_lm_eval(write(tmp_path, data, "without.json")).data == read_lm_eval(with_tree).data


def test_tasks_cut_by_limit_stay_out_of_model_index(tmp_path):
    """n-samples saying --limit scored 100 of hellaswag's 10042 examples (and of cola's 1043)."""
    data = glue_04()
    data["n-samples"]["hellaswag"] = {"original": 10042, "effective": 100}
    data["n-samples"]["cola"] = {"original": 1043, "effective": 100}
    got = read_lm_eval(write(tmp_path, data))
    evaluations = by_id(got.data)
    assert evaluations["hellaswag:0-shot"]["model_index"] is False
    assert evaluations["glue:0-shot"]["model_index"] is False  # its cola was cut too
    assert evaluations["cola:0-shot"]["model_index"] is False
    assert evaluations["mnli:0-shot"].get("model_index", True) is True  # no longer represented by glue
    why = {w.path: w.message for w in got.warnings if w.code == "not-in-model-index"}
    assert "scored 100 of 10,042 examples of its split" in why["$.results['hellaswag']"]  # as its label says it
    assert "--limit" in why["$.results['glue']"]


def test_tasks_a_limit_may_have_cut_stay_out_of_model_index_where_the_file_does_not_say_which(tmp_path):
    """0.4.0's files, and a printed table's settings line, give --limit alone (no n-samples): EleutherAI's logs of
    --limit 1000 runs scored 1,000 of arc_challenge's 1,172. No task is claimed for its whole split in model-index;
    each says why, a group saying its tasks may have been cut."""
    data = glue_04()
    del data["n-samples"]
    data["config"]["limit"] = 1000
    got = read_lm_eval(write(tmp_path, data))
    evaluations = by_id(got.data)
    assert all(e.get("model_index") is False for e in evaluations.values())
    assert evaluations["hellaswag:0-shot"]["benchmark"] == "hellaswag (0-shot, at most 1,000 examples)"
    why = {w.path: w.message for w in got.warnings if w.code == "not-in-model-index"}
    assert "it scored at most 1,000 examples of its split (--limit; the file does not say which tasks that cut)" \
        in why["$.results['hellaswag']"]
    assert "may have scored only part of their split (--limit" in why["$.results['glue']"]
    [limited] = [w for w in got.warnings if w.code == "limited-run"]
    assert "model-index lists none of them" in limited.message
    data["config"]["limit"] = None  # the same run without a limit: in model-index
    assert by_id(read_lm_eval(write(tmp_path, data)).data)["hellaswag:0-shot"].get("model_index", True) is True


def test_results_of_lm_eval_inside_another_tools_json_are_read(tmp_path):
    """Shape seen in a wrapper script's output around lm-eval 0.4.3: `results` with "metric,filter" keys and
    indented aliases, but none of the harness's other keys (its own `model`, `tasks`, `num_fewshot` instead)."""
    data = glue_04()
    wrapped = write(tmp_path, {"model": "/workspace/rwkv7", "tasks": ["glue"], "num_fewshot": 0,
                               "results": data["results"]})
    got = ingest(evals=[wrapped], repo_id="a/b")  # detected as lm-eval, not taken for a records file
    evaluations = by_id(got.data)  # its top-level num_fewshot is the run's count
    assert evaluations["mnli:0-shot"]["group"] == "glue"
    assert evaluations["mnli:0-shot"]["few_shot"] == 0
    assert evaluations["mnli:0-shot"]["metrics"][0]["value"] == data["results"]["mnli"]["acc,none"]
    # "metric,filter" keys are 0.4's: its task names are looked up in the 0.4 table, not the 0.3 one (no sst2)
    assert "sst2" not in eval_task_table("lm_eval_0_3")
    dataset, config, split = eval_task_table("lm_eval")["sst2"]
    assert evaluations["sst2:0-shot"]["dataset"] == {"id": dataset, "config": config, "split": split}
    assert not [w for w in got.warnings if w.code == "not-in-model-index"]


def test_non_finite_values_are_warnings_and_the_rest_is_kept(tmp_path):
    """Shape of lm-eval 0.4.8 on an API model (gpt-4o-mini): `"mae,none": Infinity`, `"mae_stderr,none": NaN`,
    a filter xml-extract, and a limit of 1000 that cut nothing (n-samples)."""
    results = {"polymer_tg_prediction": {"alias": "polymer_tg_prediction", "mae,none": float("inf"),
                                         "mae_stderr,none": float("nan")},
               "pxrd_lattice_prediction": {"alias": "pxrd_lattice_prediction", "mae,none": 1.93,
                                           "mae_stderr,none": 0.21},
               "mof_water_stability": {"alias": "mof_water_stability", "exact_match,xml-extract": 0.6,
                                       "exact_match_stderr,xml-extract": 0.04}}
    configs = {t: {"dataset_path": f"iamthomaspruyn/{t.replace('_', '-')}", "test_split": "train"} for t in results}
    data = v04(results, configs, shots=0, pretrained="gpt-4o-mini", lm_eval_version="0.4.8")
    data["config"]["limit"] = 1000.0
    data["higher_is_better"]["polymer_tg_prediction"]["mae"] = False
    data["higher_is_better"]["pxrd_lattice_prediction"]["mae"] = False
    path = write(tmp_path, data)
    assert '"mae,none": Infinity' in path.read_text() and '"mae_stderr,none": NaN' in path.read_text()
    result = ingest(evals=[path], repo_id="acme/m")
    warnings = [w for w in result.warnings if w.code == "not-finite"]
    assert [(w.file, w.path, w.severity) for w in warnings] == [
        (str(path), "$.results['polymer_tg_prediction']['mae,none']", "warning")]
    assert {e["id"] for e in result.data["evaluations"]} == {"pxrd_lattice_prediction:0-shot",
                                                             "mof_water_stability:0-shot"}
    lattice = by_id(result.data)["pxrd_lattice_prediction:0-shot"]
    assert lattice["metrics"] == [{"type": "mae", "value": 1.93, "stderr": 0.21, "higher_is_better": False}]
    assert by_id(result.data)["mof_water_stability:0-shot"]["metrics"][0]["name"] == "exact_match (xml-extract)"
    assert not [w for w in result.warnings if w.code == "limited-run"]  # limit 1000 cut nothing (n-samples)
    meta, out = card(tmp_path, path)
    assert validate_card(out).ok and len(meta["model-index"][0]["results"]) == 2


def test_stderr_n_a_is_left_out_without_a_warning(tmp_path):
    """Shape of lm-eval 0.4.9+ for a corpus-level metric (macro_f1): `"macro_f1_stderr,none": "N/A"`."""
    results = {"negotiationtom_intention": {"name": "negotiationtom_intention", "alias": "negotiationtom_intention",
                                            "sample_len": 20, "macro_f1,none": 0.2524, "macro_f1_stderr,none": "N/A",
                                            "exact_match,none": 0.2, "exact_match_stderr,none": 0.0918}}
    path = write(tmp_path, v04(results, {"negotiationtom_intention": {"dataset_path": "org/negotiationtom",
                                                                      "test_split": "test"}}, shots=0))
    got = read_lm_eval(path)
    (e,) = got.data["evaluations"]
    assert e["metrics"] == [{"type": "macro_f1", "value": 0.2524},
                            {"type": "exact_match", "value": 0.2, "stderr": 0.0918}]
    assert not got.warnings


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
    """Shape of the API-model run above cut down to its one task whose values are all non-finite."""
    results = {"polymer_tg_prediction": {"alias": "polymer_tg_prediction", "mae,none": float("inf"),
                                         "mae_stderr,none": float("nan")}}
    only = write(tmp_path, v04(results, {"polymer_tg_prediction": {"dataset_path": "org/polymer", "test_split": "x"}},
                               shots=0), "results_only.json")
    result = run_cli("build", "--eval", str(only), "--repo-id", "org/m", cwd=tmp_path)
    assert result.returncode == 1 and "holds no finite numeric results" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "README.md").exists()


@pytest.mark.parametrize("shape", ["0.3", "0.4"])
def test_end_to_end_build(shape, tmp_path):
    """0.3: the common-sense file and a gsm8k 8-shot file together; 0.4: the gsm8k_cot_llama file."""
    if shape == "0.3":
        files = [write(tmp_path, common_03(), "common.json"),
                 write(tmp_path, v03({"gsm8k": {"acc": 0.0053, "acc_stderr": 0.002}}, 8), "gsm8k.json")]
    else:
        files = [write(tmp_path, v04(GSM8K_COT, {"gsm8k_cot_llama": {"dataset_path": "gsm8k", "dataset_name": "main",
                                                                     "test_split": "test"}}, shots=5))]
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
    assert [(w.code, w.path) for w in got.warnings] == [("aggregate-left-out", "$.results")] + [
        ("not-in-model-index", f"$.results[{k!r}]") for k in tasks]
    means = " and ".join(repr(k) for k in data["results"] if k == "all" or ":_average" in k)
    shots = {k.rsplit("|", 1)[-1] for k in tasks}
    over = f"the file's tasks at {min(shots)} shots" if len(shots) == 1 else "tasks of the file"
    assert got.warnings[0].message == (f"{means} are lighteval's own means of each metric over {over}, not "
                                       "a benchmark's score; left out (the card shows each task, and a group's "
                                       "average of its tasks)")
    assert all("hf_repo 'data' is not a Hub dataset id" in w.message for w in got.warnings[1:])
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
    assert [w.code for w in got.warnings] == ["aggregate-left-out"]
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


def leaderboard_v1(early: bool) -> dict:
    """An Open LLM Leaderboard v1 results file (open-llm-leaderboard-old/results, 2023-24): lighteval's harness suite
    running lm-eval 0.3 tasks; the leaderboard's six benchmarks, two of the 57 MMLU subjects and lighteval's ``all``
    mean. Files of mid-2023 have ``config``/``task_config``, later ones ``config_general``/``config_tasks`` and
    ``summary_*``. Numbers made up."""
    results = {
        "harness|arc:challenge|25": {"acc": 0.5, "acc_stderr": 0.0146, "acc_norm": 0.5486, "acc_norm_stderr": 0.0145},
        "harness|hellaswag|10": {"acc": 0.5553, "acc_stderr": 0.005, "acc_norm": 0.7634, "acc_norm_stderr": 0.0042},
        "harness|hendrycksTest-abstract_algebra|5": {"acc": 0.35, "acc_stderr": 0.0479, "acc_norm": 0.35,
                                                     "acc_norm_stderr": 0.0479},
        "harness|hendrycksTest-anatomy|5": {"acc": 0.6148, "acc_stderr": 0.042, "acc_norm": 0.6148,
                                            "acc_norm_stderr": 0.042},
        "harness|truthfulqa:mc|0": {"mc1": 0.2889, "mc1_stderr": 0.0159, "mc2": 0.4284, "mc2_stderr": 0.0143},
        "harness|winogrande|5": {"acc": 0.7127, "acc_stderr": 0.0127},
        "harness|gsm8k|5": {"acc": 0.1213, "acc_stderr": 0.009},
        "all": {"acc": 0.48, "acc_stderr": 0.03, "mc1": 0.2889, "mc2": 0.4284},
    }
    run = {"model_name": "org/model", "model_sha": "8443055", "model_dtype": "torch.float16", "lighteval_sha": "494ee12",
           "num_few_shot_default": 0, "num_fewshot_seeds": 1, "override_batch_size": 1, "max_samples": None}
    tasks = {k.rsplit("|", 1)[0]: "LM Harness task" for k in results if k != "all"}
    versions = {**{k: 0 for k in results if k != "all"}, "all": 0}
    if early:
        return {"results": results, "versions": versions, "config": run, "task_config": tasks}
    return {"config_general": {**run, "job_id": "", "model_size": "15.08 GB"}, "results": results,
            "versions": versions, "config_tasks": tasks,
            "summary_tasks": {k: {"truncated": 0, "non_truncated": 1172} for k in tasks}, "summary_general": {}}


@pytest.mark.parametrize("early", [True, False], ids=["config-task_config", "config_general"])
def test_open_llm_leaderboard_v1_files_read_with_the_leaderboards_names(tmp_path, early):
    """Both v1 layouts are lighteval files: before, the mid-2023 one (no config_general) was read as lm-eval 0.3, with
    ``harness|arc:challenge|25`` as a task name, no few-shot count, no dataset, and ``all`` as a benchmark."""
    from generator.sources.readers import detect_format

    path = write(tmp_path, leaderboard_v1(early))
    assert detect_format(path) == "lighteval"
    got = ingest(evals=[path])
    data = got.data
    assert data["model"]["repo_id"] == "org/model"
    e = by_id(data)
    assert sorted(e) == sorted(k.replace("|", ":") for k in leaderboard_v1(early)["results"] if k != "all")
    assert [(x["benchmark"], x["few_shot"], x["dataset"]["id"]) for x in data["evaluations"]] == [
        ("AI2 Reasoning Challenge (25-shot)", 25, "allenai/ai2_arc"), ("HellaSwag (10-shot)", 10, "Rowan/hellaswag"),
        ("MMLU abstract_algebra (5-shot)", 5, "cais/mmlu"), ("MMLU anatomy (5-shot)", 5, "cais/mmlu"),
        ("TruthfulQA (0-shot)", 0, "truthfulqa/truthful_qa"), ("Winogrande (5-shot)", 5, "allenai/winogrande"),
        ("GSM8k (5-shot)", 5, "openai/gsm8k")]
    assert e["harness:truthfulqa:mc:0"]["metrics"] == [{"type": "mc1", "value": 0.2889, "stderr": 0.0159},
                                                      {"type": "mc2", "value": 0.4284, "stderr": 0.0143}]
    assert e["harness:hendrycksTest-anatomy:5"]["group"] == "MMLU (5-shot)"
    assert data["groups"] == [{"name": "MMLU (5-shot)", "average_of": ["acc"]}]
    meta, out = card(tmp_path, path)
    text = out.read_text()
    # the leaderboard's MMLU: the mean acc of the subjects
    assert f"Average: {(0.35 + 0.6148) / 2:.2f}" in text
    report = validate_card(out)
    assert "| all" not in text and report.ok and not report.warnings  # as validate --strict
    assert index_results(meta)["AI2 Reasoning Challenge (25-shot)"]["metrics"][1] == {"type": "acc_norm",
                                                                                     "value": 0.5486}


def leaderboard_v2() -> dict:
    """An Open LLM Leaderboard v2 results file (open-llm-leaderboard/results, 2024-25; lm-eval's `leaderboard` group):
    the group ``leaderboard`` with lm-eval's mean of every metric, its subgroups leaderboard_bbh/_gpqa/_math_hard/
    _musr with their own aggregates, leaderboard_ifeval and leaderboard_mmlu_pro as plain tasks, ``"N/A"`` for the
    ifeval instance-level stderrs, few-shot counts per task (BBH 3, MATH 4, MMLU-PRO 5). Two subtasks per subgroup
    instead of all; numbers made up."""
    sub = {"leaderboard_bbh": ["leaderboard_bbh_boolean_expressions", "leaderboard_bbh_navigate"],
           "leaderboard_gpqa": ["leaderboard_gpqa_diamond", "leaderboard_gpqa_main"],
           "leaderboard_math_hard": ["leaderboard_math_algebra_hard", "leaderboard_math_geometry_hard"],
           "leaderboard_musr": ["leaderboard_musr_murder_mysteries", "leaderboard_musr_team_allocation"]}
    metric = {"bbh": "acc_norm", "gpqa": "acc_norm", "math": "exact_match", "musr": "acc_norm"}
    shots = {"bbh": 3, "gpqa": 0, "math": 4, "musr": 0, "ifeval": 0, "mmlu": 5}
    results: dict[str, dict] = {"leaderboard": {"acc,none": 0.1185, "acc_stderr,none": 0.0028, "acc_norm,none": 0.29,
                                                "acc_norm_stderr,none": 0.0046, "exact_match,none": 0.0023,
                                                "exact_match_stderr,none": 0.0013, "alias": "leaderboard"}}
    configs: dict[str, dict] = {}
    for i, (group, tasks) in enumerate(sub.items()):
        kind = group.split("_")[1]
        results[group] = {f"{metric[kind]},none": 0.25 + i / 10, f"{metric[kind]}_stderr,none": 0.01,
                          "alias": f" - {group}"}
        for j, task in enumerate(tasks):
            results[task] = {f"{metric[kind]},none": 0.2 + i / 10 + j / 100, f"{metric[kind]}_stderr,none": 0.02,
                             "alias": f"  - {task}"}
    results["leaderboard_ifeval"] = {"prompt_level_strict_acc,none": 0.1257, "prompt_level_strict_acc_stderr,none": 0.0143,
                                     "inst_level_strict_acc,none": 0.2374, "inst_level_strict_acc_stderr,none": "N/A",
                                     "alias": " - leaderboard_ifeval"}
    results["leaderboard_mmlu_pro"] = {"acc,none": 0.112, "acc_stderr,none": 0.0029, "alias": " - leaderboard_mmlu_pro"}
    datasets = {"bbh": "SaylorTwift/bbh", "gpqa": "Idavidrein/gpqa", "math": "lighteval/MATH-Hard",
                "musr": "TAUR-Lab/MuSR", "ifeval": "wis-k/instruction-following-eval", "mmlu": "TIGER-Lab/MMLU-Pro"}
    leaves = [t for t in results if t != "leaderboard" and t not in sub]
    for task in leaves:
        kind = task.split("_")[1]
        configs[task] = {"dataset_path": datasets[kind], "test_split": "test"}
    data = v04(results, configs, 0, {"leaderboard": [*sub, "leaderboard_ifeval", "leaderboard_mmlu_pro"], **sub},
               pretrained="EleutherAI/pythia-160m")
    for task in leaves:
        data["configs"][task]["num_fewshot"] = data["n-shot"][task] = shots[task.split("_")[1]]
    return data


def test_open_llm_leaderboard_v2_file_gives_the_six_benchmarks_under_the_leaderboards_names(tmp_path):
    """Each number exact with its few-shot count; the subgroups' aggregates named as the leaderboard's cards name
    them (IFEval, BBH, MATH Lvl 5, GPQA, MuSR, MMLU-PRO) and standing for their subtasks in model-index; the mixed
    mean ``leaderboard`` stays out of model-index; an ``"N/A"`` stderr is no stderr."""
    data = leaderboard_v2()
    path = write(tmp_path, data)
    got = read_lm_eval(path)
    e = {ev["id"].rsplit(":", 1)[0]: ev for ev in got.data["evaluations"]}
    assert set(e) == set(data["results"])
    for task, values in data["results"].items():
        assert [(m["type"], m["value"]) for m in e[task]["metrics"]] == [
            (k.split(",")[0], v) for k, v in metrics_of(values)]
    benchmarks = {t: e[t]["benchmark"] for t in LEADERBOARD_V2_NAMES}
    assert benchmarks == {"leaderboard_ifeval": "IFEval (0-shot)", "leaderboard_bbh": "BBH (3-shot), aggregate",
                          "leaderboard_math_hard": "MATH Lvl 5 (4-shot), aggregate",
                          "leaderboard_gpqa": "GPQA (0-shot), aggregate", "leaderboard_musr": "MuSR (0-shot), aggregate",
                          "leaderboard_mmlu_pro": "MMLU-PRO (5-shot)"}
    assert e["leaderboard_ifeval"]["metrics"][1] == {"type": "inst_level_strict_acc", "value": 0.2374}
    assert e["leaderboard_bbh_navigate"]["group"] == "BBH" and e["leaderboard_bbh"]["group"] == "leaderboard"
    assert e["leaderboard_bbh_navigate"]["model_index"] is False and e["leaderboard"]["model_index"] is False
    meta, out = card(tmp_path, path)
    assert sorted(index_results(meta)) == sorted(v for k, v in benchmarks.items())
    assert index_results(meta)["BBH (3-shot), aggregate"]["dataset"]["type"] == "SaylorTwift/bbh"
    report = validate_card(out)
    assert report.ok and not report.warnings


def test_open_llm_leaderboard_v2_run_by_lm_eval_0_5_keeps_the_leaderboards_names(tmp_path):
    """lm-eval 0.5 keys a group's task by its qualified name `<group>::<task>` in results, configs, n-shot, versions
    and group_subtasks (lm_eval/tasks/_factory.py at v0.5.0.dev1; the 0.5.0.dev1 fixtures' `tiny_suite::tiny_arith_mc`),
    a registered subgroup (leaderboard_bbh) by its own name. Before, IFEval and MMLU-PRO lost the leaderboard's names
    and model-index listed `leaderboard_ifeval (0-shot)`."""
    data = leaderboard_v2()
    qualified = {t: f"{g}::{t}" for g, tasks in data["group_subtasks"].items() for t in tasks
                 if t not in data["group_subtasks"]}
    for key in ("results", "configs", "versions", "n-shot", "higher_is_better", "n-samples"):
        data[key] = {qualified.get(k, k): v for k, v in data[key].items()}
    data["group_subtasks"] = {g: [qualified.get(t, t) for t in tasks] for g, tasks in data["group_subtasks"].items()}
    got = read_lm_eval(write(tmp_path, data))
    e = {ev["id"].rsplit(":", 1)[0]: ev for ev in got.data["evaluations"]}  # ids by the tasks' own names
    assert e["leaderboard_ifeval"]["benchmark"] == "IFEval (0-shot)"
    assert e["leaderboard_mmlu_pro"]["benchmark"] == "MMLU-PRO (5-shot)"
    assert e["leaderboard_bbh_navigate"]["group"] == "BBH"
    assert e["leaderboard_bbh_navigate"]["benchmark"] == "leaderboard_bbh_navigate (3-shot)"
    meta, _ = card(tmp_path, write(tmp_path, data))
    assert sorted(index_results(meta)) == ["BBH (3-shot), aggregate", "GPQA (0-shot), aggregate", "IFEval (0-shot)",
                                           "MATH Lvl 5 (4-shot), aggregate", "MMLU-PRO (5-shot)",
                                           "MuSR (0-shot), aggregate"]


def _run1(version: str) -> Path:
    return next((VERSIONS / f"lm-eval-{version}" / "run1").glob("*/results_*.json"))


def test_a_task_run_by_lm_eval_0_4_and_0_5_is_one_evaluation(tmp_path):
    """The same group run by lm-eval 0.4.12 and then 0.5.0.dev1 into one --output_path (the two releases' run1
    fixtures, the model path made the same, as one model's folder has it): 0.5 keys the group's tasks
    `tiny_suite::tiny_arith_mc`, 0.4 `tiny_arith_mc`; each task is one evaluation, the later run's. Before, the ids
    kept the qualified name and the card listed both runs' tiny_arith_mc and tiny_compare_mc."""
    old, new = json.loads(_run1("0.4.12").read_text()), json.loads(_run1("0.5.0.dev1").read_text())
    old["model_name"], old["config"]["model_args"] = new["model_name"], new["config"]["model_args"]
    out = tmp_path / "out" / "model"
    out.mkdir(parents=True)
    (out / _run1("0.4.12").name).write_text(json.dumps(old))
    later = out / _run1("0.5.0.dev1").name
    later.write_text(json.dumps(new))
    assert "tiny_suite::tiny_arith_mc" in new["results"] and "tiny_arith_mc" in old["results"]
    assert set(by_id(read_lm_eval(later).data)) == {"tiny_suite:0-shot", "tiny_arith_mc:0-shot",
                                                    "tiny_compare_mc:0-shot"}
    got = ingest(evals=[out.parent], repo_id="acme/m")
    evals = by_id(got.data)
    assert set(evals) == {"tiny_suite:0-shot", "tiny_arith_mc:0-shot", "tiny_compare_mc:0-shot"}
    assert evals["tiny_arith_mc:0-shot"]["metrics"][0]["value"] == new["results"]["tiny_suite::tiny_arith_mc"][
        "acc,none"]
    assert all("lm-evaluation-harness 0.5.0.dev1" in e["notes"] for e in evals.values())
    assert [w.file for w in got.warnings if w.code == "superseded-run"] == [str(later)]


def test_a_group_defined_inside_another_by_lm_eval_0_5_goes_by_its_own_name(tmp_path):
    """lm-eval 0.5 names a group defined inline in another's task list `<parent>::<group>` and its tasks
    `<parent>::<group>::<task>` (lm_eval/tasks/_factory.py at v0.5.0.dev1: mmlu_generative's inline `stem`, 0.4's
    group `stem`): the 0.5.0.dev1 run1 fixture with tiny_suite so nested gives 0.4.12's ids and group name. Before,
    the card's group was `outer::tiny_suite`."""
    data = json.loads(_run1("0.5.0.dev1").read_text())

    def nested(name: str) -> str:
        return f"outer::{name}" if name.startswith("tiny_suite") else name

    for key in ("results", "groups", "configs", "versions", "n-shot", "higher_is_better", "n-samples"):
        data[key] = {nested(k): v for k, v in data[key].items()}
    data["group_subtasks"] = {nested(g): [nested(t) for t in ts] for g, ts in data["group_subtasks"].items()}
    assert "outer::tiny_suite::tiny_arith_mc" in data["results"]
    got = read_lm_eval(write(tmp_path, data)).data
    old = read_lm_eval(_run1("0.4.12")).data
    assert set(by_id(got)) == set(by_id(old)) == {"tiny_suite:0-shot", "tiny_arith_mc:0-shot", "tiny_compare_mc:0-shot"}
    assert got["groups"] == old["groups"] == [{"name": "tiny_suite", "show_average": False}]
    assert {e.get("group") for e in got["evaluations"]} == {None, "tiny_suite"}


def test_a_task_two_groups_of_one_run_hold_keeps_its_qualified_id(tmp_path):
    """lm-eval 0.5 qualifies a group's task because a group may set its tasks up its own way (`include` defaults,
    per-task overrides in its task list: lm_eval/tasks/_factory.py at v0.5.0.dev1), so two groups of one run can
    hold tiny_arith_mc with other settings: those two stay two evaluations, each by its qualified name; the file's
    other tasks go by their own names."""
    data = json.loads(_run1("0.5.0.dev1").read_text())
    other = {**data["results"]["tiny_suite::tiny_arith_mc"], "acc,none": 0.5, "name": "other_suite::tiny_arith_mc"}
    data["results"]["other_suite::tiny_arith_mc"] = other
    data["group_subtasks"]["other_suite"] = ["other_suite::tiny_arith_mc"]
    for key in ("n-shot", "versions", "configs", "higher_is_better", "n-samples"):
        data[key]["other_suite::tiny_arith_mc"] = data[key]["tiny_suite::tiny_arith_mc"]
    evals = by_id(read_lm_eval(write(tmp_path, data)).data)
    assert set(evals) == {"tiny_suite:0-shot", "tiny_suite::tiny_arith_mc:0-shot", "other_suite::tiny_arith_mc:0-shot",
                          "tiny_compare_mc:0-shot"}
    assert evals["other_suite::tiny_arith_mc:0-shot"]["metrics"][0]["value"] == 0.5


def test_results_saved_alone_are_read_for_both_tools(tmp_path):
    """Two shapes of a results mapping saved as the whole file: lm-eval's ``results`` (a script's
    ``json.dump(out["results"])``, seen in a public repo's results/ folder: task entries with ``alias`` and
    ``metric,filter`` keys, a group first) and the Open LLM Leaderboard v1 "Latest results" block (``all`` and
    ``harness|task|fewshot`` keys), which cards copied. Before, both were 'not a format the generator reads'."""
    from generator.sources.readers import detect_format

    lm = write(tmp_path, {"glue": {"acc,none": 0.4012, "acc_stderr,none": 0.0019, "alias": "glue"},
                          "mnli": {"acc,none": 0.3843, "acc_stderr,none": 0.0049, "alias": " - mnli"},
                          "rte": {"acc,none": 0.5271, "acc_stderr,none": 0.03, "alias": " - rte"}}, "lm.json")
    assert detect_format(lm) == "lm-eval"
    got = read_lm_eval(lm)
    assert [(e["id"], e["metrics"][0]["value"], e.get("group")) for e in got.data["evaluations"]] == [
        ("glue", 0.4012, None), ("mnli", 0.3843, "glue"), ("rte", 0.5271, "glue")]
    board = write(tmp_path, {k: v for k, v in leaderboard_v1(False)["results"].items()}, "board.json")
    assert detect_format(board) == "lighteval"
    full = read_lighteval(write(tmp_path, leaderboard_v1(False), "full.json")).data["evaluations"]
    # the same evaluations as the whole file gives, less the versions and the setup (notes) the block does not carry
    assert read_lighteval(board).data["evaluations"] == [{k: v for k, v in e.items() if k not in ("version", "notes")}
                                                         for e in full]
    for path in (lm, board):
        report = validate_card(card(tmp_path, path)[1])
        assert report.ok, report.problems


def test_lighteval_config_with_a_canonical_hub_dataset(tmp_path):
    """Shape test on a real lighteval file: its config_tasks naming a canonical Hub dataset instead of a folder."""
    data = json.loads(LIGHTEVAL[-1].read_text())
    configs = {k: dict(v, hf_repo="ai2_arc", hf_subset="ARC-Easy") for k, v in data["config_tasks"].items()}
    path = lighteval_renamed(tmp_path, {}, configs)
    evaluations = read_lighteval(path).data["evaluations"]
    assert all(e["dataset"] == {"id": "ai2_arc", "config": "ARC-Easy", "split": "test"} for e in evaluations)
    # every task on that one dataset split: the first stands in model-index, the Hub would merge the others into it
    assert [e.get("model_index", True) for e in evaluations] == [True] + [False] * (len(evaluations) - 1)


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


# ----------------------------------------------------------------------------- older lighteval releases' own files

LIGHTEVAL_VERSIONED = sorted(VERSIONS.glob("lighteval-*/**/results_*.json"))


@pytest.mark.parametrize("path", LIGHTEVAL_VERSIONED, ids=lambda p: f"{p.relative_to(VERSIONS).parts[0]}-{p.name}")
def test_lighteval_versioned_file_gives_every_metric_with_its_value_and_shots(path, tmp_path):
    """Up to 0.12.0 keys were suite|task|fewshot (`community|toy:arith|3`), config_tasks keyed suite|task up to 0.10
    and by the same suite|task|fewshot from 0.11; 0.12.2 dropped the suite as 0.13 has it (`toy:arith|3`)."""
    data = json.loads(path.read_text())
    got = read_lighteval(path)
    tasks = [k for k in data["results"] if k != "all" and ":_average" not in k]
    suite = path.relative_to(VERSIONS).parts[0] not in ("lighteval-0.12.2",)
    assert tasks and all(len(k.split("|")) == (3 if suite else 2) for k in tasks)
    assert [e["id"] for e in got.data["evaluations"]] == [k.replace("|", ":") for k in tasks]
    for key, e in zip(tasks, got.data["evaluations"]):
        values = data["results"][key]
        assert [(m["type"], m["value"], m.get("stderr")) for m in e["metrics"]] == [
            (name, v, values.get(f"{name}_stderr")) for name, v in values.items() if not name.endswith("_stderr")]
        assert e["few_shot"] == int(key.split("|")[-1]) and e["benchmark"].endswith(f" ({e['few_shot']}-shot)")
        config = data["config_tasks"].get(key) or data["config_tasks"][key.rsplit("|", 1)[0]]
        assert e["dataset"] == {"config": config["hf_subset"], "split": config["evaluation_splits"][0]}
    meta, out = card(tmp_path, path)
    report = validate_card(out)
    assert meta["model-index"][0]["results"] == [] and report.ok and not report.warnings  # as validate --strict


def test_lighteval_releases_covered_by_the_fixtures():
    releases = {p.relative_to(VERSIONS).parts[0].removeprefix("lighteval-") for p in LIGHTEVAL_VERSIONED}
    assert releases >= {"0.1.1", "0.2.0", "0.3.0", "0.5.0", "0.6.2", "0.7.0", "0.8.1", "0.9.2", "0.10.0", "0.11.0", "0.12.0", "0.12.2"}
    for release_ in releases:
        installed = json.loads((VERSIONS / f"lighteval-{release_}" / "VERSIONS.json").read_text())
        assert installed["lighteval"] == release_


# ------------------------------------------------------------------------------- a tool's whole output folder

OUTPUT_FOLDERS = sorted(VERSIONS.glob("*-*/")) + [FIXTURES / "results", FIXTURES.parent / "lighteval" / "output"]


@pytest.mark.parametrize("folder", OUTPUT_FOLDERS, ids=lambda p: p.name if p.parent == VERSIONS else p.parent.name)
def test_an_output_folder_gives_every_run_in_it(folder, tmp_path):
    """A tool's output folder as the tool left it (--output_path of several runs: results.json per run folder up to
    lm-eval 0.4.2, <model>/results_<timestamp>.json later, lighteval's results/<model>/): every run's evaluations,
    exactly as each file gives them. Before, the folder was refused, or read as a records folder."""
    from generator.sources.readers import detect_format, read_source

    # lighteval up to 0.3 also writes each results file into details/<model>/ (the copy its Hub upload took)
    files = sorted(p for p in folder.rglob("*.json") if p.name != "VERSIONS.json" and
                   "details" not in p.relative_to(folder).parts[:-1])
    tool = "lighteval" if "lighteval" in str(folder) else "lm-eval"
    assert detect_format(folder) == tool
    expected = [e for path in files for e in read_source(path).data["evaluations"]]
    got = read_source(folder)
    assert sorted(json.dumps(e, sort_keys=True) for e in got.data["evaluations"]) == sorted(
        json.dumps(e, sort_keys=True) for e in expected)
    assert not [w for w in got.warnings if w.code == "superseded-run"]
    built = run_cli("build", "--eval", str(folder), "--repo-id", "org/m", "-o", str(tmp_path / "README.md"),
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert validate_card(tmp_path / "README.md").ok


@pytest.mark.parametrize("folder", OUTPUT_FOLDERS, ids=lambda p: p.name if p.parent == VERSIONS else p.parent.name)
def test_the_warnings_of_an_output_folder_read_apart(folder):
    """Runs of one task at two shot counts (each lm-eval release's run1 at 0 shots, run2 at 5) gave each its own
    warning about that task, alike word for word but for the file: each now names its shot count."""
    from generator.sources.readers import read_source

    got = read_source(folder)
    said = [(w.path, w.message) for w in got.warnings]
    assert len(said) == len(set(said))
    if folder.name == "lm-eval-0.4.0":
        told = {(Path(w.file).parent.name, w.message.split(",")[0]) for w in got.warnings
                if w.path == "$.results['tiny_suite']"}
        assert told == {("run1", "at 0 shots"), ("run2", "at 5 shots")}
        # run2's --limit 20, which 0.4.0's file gives alone, says its tasks apart from run1's
        [limited] = [w.message for w in got.warnings if w.path == "$.results['tiny_arith_mc']" and
                     Path(w.file).parent.name == "run2"]
        assert limited.endswith("and it scored at most 20 examples of its split (--limit; the file does not say "
                                "which tasks that cut), so its numbers may not be the split's")


@pytest.mark.parametrize("folder", OUTPUT_FOLDERS, ids=lambda p: p.name if p.parent == VERSIONS else p.parent.name)
def test_a_folder_of_runs_set_up_apart_says_each_runs_setup_and_reads_it_back(folder, tmp_path):
    """Each lm-eval release's run3 applied the chat template (--apply_chat_template --fewshot_as_multiturn), its
    runs 1 and 2 did not: the card said no setup at all (the Setup line was written only for notes every evaluation
    shared), so neither the backend and dtype nor the chat template of any run. Now the shared part is said once and
    each benchmark's rest on a line of its own, which the card's import reads back into each evaluation's notes."""
    from generator.sources.readers import read_source

    notes = {e["benchmark"]: e.get("notes") for e in read_source(folder).data["evaluations"]}
    built = run_cli("build", "--eval", str(folder), "--repo-id", "org/m", "-o", str(tmp_path / "README.md"),
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    card = (tmp_path / "README.md").read_text()
    shared = next((line for line in card.splitlines() if line.startswith("Setup: ")), "")
    for benchmark, said in notes.items():
        if said and "chat template applied" in said:  # on its own line, or (lighteval: every run's) the shared one
            assert "chat template applied" in shared or any(
                line.startswith("Setup of ") and benchmark in line and "chat template applied" in line
                for line in card.splitlines())
    again = run_cli("ingest", str(tmp_path / "README.md"), "-o", str(tmp_path / "again.yaml"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    read = yaml.safe_load((tmp_path / "again.yaml").read_text())["evaluations"]
    assert {e["benchmark"]: e.get("notes") for e in read} == notes


def _rerun(tmp_path: Path, tasks: list[str]) -> tuple[Path, Path, Path, dict]:
    """The real local runs copied to tmp_path/out, with the first run saved again as a later run (a later timestamp
    in its name and its `date`) in which each of `tasks` scored acc 0.975, as a re-run gives: (out, first, later,
    the later run's data)."""
    out = tmp_path / "out"
    shutil.copytree(FIXTURES / "results", out)
    model = next(out.iterdir())
    first = sorted(model.glob("results_*.json"))[0]
    data = json.loads(first.read_text())
    data["date"] += 86400
    for task in tasks:
        data["results"][task]["acc,none"] = 0.975
    later = model / "results_2030-01-01T00-00-00.000000.json"
    later.write_text(json.dumps(data))
    return out, first, later, data


def test_a_later_run_of_the_same_task_wins_and_samples_are_not_read(tmp_path):
    """Shape test on the real local runs: the 0-shot run copied as a later run (a later timestamp in its name and
    its `date`, one number changed, as a re-run gives), and a --log_samples file beside them."""
    out, first, later, data = _rerun(tmp_path, ["tiny_arith_mc"])
    (later.parent / "samples_tiny_arith_mc_2030-01-01T00-00-00.000000.jsonl").write_text('{"doc_id": 0}\n')
    got = ingest(evals=[out], repo_id="acme/m")
    assert by_id(got.data)["tiny_arith_mc:0-shot"]["metrics"][0] == {
        "type": "acc", "value": 0.975, "stderr": data["results"]["tiny_arith_mc"]["acc_stderr,none"]}
    assert len(got.data["evaluations"]) == len({e["id"] for e in got.data["evaluations"]})
    superseded = [w for w in got.warnings if w.code == "superseded-run"]
    assert [(w.file, w.severity) for w in superseded] == [(str(later), "warning")]
    assert str(first) in superseded[0].message and "tiny_arith_mc:0-shot" in superseded[0].message


def test_a_rerun_is_told_once_naming_what_it_replaced(tmp_path):
    """A later run scoring again several results of an earlier one (a re-run of a whole suite, as in
    csabakecskemeti/lm_eval_results's two leaderboard runs of one model): one warning naming the two runs, how many
    results the later one replaced and which, not one a result."""
    results = json.loads(sorted(next((FIXTURES / "results").iterdir()).glob("results_*.json"))[0].read_text())
    changed = [t for t in results["results"] if "acc,none" in results["results"][t]][:2]
    out, first, later, _ = _rerun(tmp_path, changed)
    got = ingest(evals=[out], repo_id="acme/m")
    assert [(w.file, w.message) for w in got.warnings if w.code == "superseded-run"] == [(str(later), (
        f"scores again 2 results of the earlier run {first} ('{changed[0]}:0-shot', '{changed[1]}:0-shot'); this "
        "later run's numbers are used"))]


def test_a_run_of_no_scores_in_a_folder_is_passed_over_saying_so(tmp_path):
    """A --predict_only run (tests/eval_shapes/lm_eval_0.4.9_predict_only.json) beside a scored run in one
    --output_path: the scored run is read, the other named with why; alone, the folder is refused with that why."""
    out = tmp_path / "out"
    shutil.copytree(FIXTURES / "results", out)
    model = next(out.iterdir())
    predicted = json.loads((Path(__file__).parent / "eval_shapes" / "lm_eval_0.4.9_predict_only.json").read_text())
    predicted["model_name"] = json.loads(sorted(model.glob("results_*.json"))[0].read_text())["model_name"]
    later = model / "results_2030-01-01T00-00-00.000000.json"
    later.write_text(json.dumps(predicted))
    got = ingest(evals=[out], repo_id="acme/m")
    assert got.data["evaluations"] and not any(e["id"].startswith("gsm8k") for e in got.data["evaluations"])
    told = [w for w in got.warnings if w.code == "no-results"]
    assert [(w.file, w.severity) for w in told] == [(str(later), "warning")]
    assert told[0].message.startswith("holds, for every task, lm-eval's placeholder 999") and told[0].message.endswith(
        "; this run is passed over, the folder's other runs are read")
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / later.name).write_text(later.read_text())
    with pytest.raises(InputError) as caught:
        ingest(evals=[alone], repo_id="acme/m")
    assert [(p.file, p.code) for p in caught.value.problems] == [(str(alone / later.name), "no-results")]


def test_a_run_of_no_scores_passed_as_a_file_beside_scored_ones_is_passed_over_as_in_its_folder(tmp_path):
    """A --predict_only results file (tests/eval_shapes/lm_eval_0.4.9_predict_only.json) passed one by one with a
    scored run's file (`--eval a.json --eval b.json`): read as their folder is, the run that scored nothing passed
    over with the folder's warning; passed with no scored run beside it, it stays refused."""
    scored = sorted((FIXTURES / "results").glob("*/results_*.json"))[0]
    predicted = json.loads((Path(__file__).parent / "eval_shapes" / "lm_eval_0.4.9_predict_only.json").read_text())
    predicted["model_name"] = json.loads(scored.read_text())["model_name"]
    later = tmp_path / "results_2030-01-01T00-00-00.000000.json"
    later.write_text(json.dumps(predicted))
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(scored, folder / scored.name)
    shutil.copy(later, folder / later.name)
    got = ingest(evals=[scored, later], repo_id="acme/m")
    assert got.data["evaluations"] == ingest(evals=[folder], repo_id="acme/m").data["evaluations"]
    told = [w for w in got.warnings if w.code == "no-results"]
    assert [(w.file, w.severity) for w in told] == [(str(later), "warning")]
    assert told[0].message.startswith("holds, for every task, lm-eval's placeholder 999") and told[0].message.endswith(
        "; this run is passed over, the other files' runs are read")
    for alone in ([later], [later, later]):
        with pytest.raises(InputError) as caught:
            ingest(evals=alone, repo_id="acme/m")
        assert {(p.file, p.code, p.severity) for p in caught.value.problems} == {(str(later), "no-results", "error")}


# ------------------------------------------------------------------------------------- the Hub's .eval_results

def eval_results_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_eval_results_variants_of_one_benchmark_task_get_their_own_ids_and_build(tmp_path):
    """The Hub's convention: variants of a benchmark in separate files (`hle.yaml`, `hle_with_tools.yaml` with
    notes), entries as huggingface_hub's eval_result_entries_to_yaml writes them. A score names no task type or
    metric, so it stays out of model-index: before, `build --eval .eval_results` failed on both."""
    folder = eval_results_folder(tmp_path, {
        "hle.yaml": "- dataset:\n    id: cais/hle\n    task_id: hle\n    revision: '0123456'\n  value: 20.9\n"
                    "  date: '2025-01-15'\n  source:\n    url: https://huggingface.co/spaces/org/logs\n"
                    "    name: Eval traces\n    user: someone\n",
        "hle_with_tools.yaml": "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 25.1\n  notes: With tools\n",
    })
    got = ingest(evals=[folder], repo_id="acme/m")
    plain, tools = got.data["evaluations"]
    assert plain == {"id": "cais/hle:hle", "benchmark": "cais/hle (hle)",
                     "dataset": {"id": "cais/hle", "task_id": "hle", "revision": "0123456"},
                     "metrics": [{"type": "score", "value": 20.9}], "model_index": False, "date": "2025-01-15",
                     "source": {"url": "https://huggingface.co/spaces/org/logs", "name": "Eval traces",
                                "user": "someone"}, "eval_results_file": "hle.yaml",
                     # the blob it was read at: publish replaces only that very file (test_publish_eval_results)
                     "eval_results_blob": git_blob_sha((folder / "hle.yaml").read_bytes())}
    assert tools["id"] == "cais/hle:hle:hle_with_tools" and tools["benchmark"] == "cais/hle (hle, With tools)"
    assert tools["notes"] == "With tools" and tools["metrics"] == [{"type": "score", "value": 25.1}]
    built = run_cli("build", "--eval", ".eval_results", "--repo-id", "org/m", "-o", "README.md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    text = (tmp_path / "README.md").read_text()
    assert "| cais/hle (hle, With tools) |" in text and "25.1" in text
    assert validate_card(tmp_path / "README.md").ok


def test_eval_results_are_written_back_to_the_files_they_came_from(tmp_path):
    """Publishing what was ingested from `.eval_results/` writes each score to the file the Hub's convention names
    (and the repo had): the task id, a variant (notes) in its own file; the entries read back the same."""
    from generator.card.eval_results import eval_results_files
    from generator.records.loader import load_records

    files = {"hle.yaml": "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 20.9\n",
             "hle_with_tools.yaml": "- dataset:\n    id: cais/hle\n    task_id: hle\n  value: 25.1\n"
                                    "  notes: With tools\n",
             "gpqa_diamond.yaml": "- dataset:\n    id: Idavidrein/gpqa\n    task_id: gpqa_diamond\n  value: 0.41\n"}
    folder = eval_results_folder(tmp_path, files)
    result = run_cli("ingest", ".eval_results", "--repo-id", "org/m", "-o", "records.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = eval_results_files(load_records(tmp_path / "records.yaml"))
    assert sorted(written) == sorted(f".eval_results/{name}" for name in files)
    for name, text in files.items():
        assert yaml.safe_load(written[f".eval_results/{name}"]) == yaml.safe_load(text), name
    assert folder.is_dir()


def test_two_datasets_with_one_task_id_get_the_dataset_in_their_file_names(tmp_path):
    """Records naming no `.eval_results` file of their own (written by hand, not read from one)."""
    from generator.card.eval_results import eval_results_files
    from generator.records.loader import load_records

    (tmp_path / "r.yaml").write_text(
        "model: {repo_id: org/m, pipeline_tag: text-generation}\nevaluations:\n"
        "- {benchmark: A, dataset: {id: org1/bench, task_id: default}, metrics: [{type: acc, value: 1.5}]}\n"
        "- {benchmark: B, dataset: {id: org2/other-bench, task_id: default}, metrics: [{type: acc, value: 2.5}]}\n")
    assert sorted(eval_results_files(load_records(tmp_path / "r.yaml"))) == [
        ".eval_results/bench_default.yaml", ".eval_results/other-bench_default.yaml"]


def test_eval_results_as_the_hub_api_returns_them(tmp_path):
    """parse_eval_result_entries reads items wrapped as {data: ...} and skips those carrying `error` (a file the
    Hub's validation refused)."""
    path = tmp_path / "scores.yaml"
    path.write_text("- data:\n    dataset: {id: Idavidrein/gpqa, task_id: gpqa_diamond}\n    value: 0.412\n"
                    "- filename: .eval_results/bad.yaml\n  error: 'dataset.task_id: required'\n")
    got = ingest(evals=[path], repo_id="acme/m")
    (e,) = got.data["evaluations"]
    assert e["dataset"] == {"id": "Idavidrein/gpqa", "task_id": "gpqa_diamond"} and e["metrics"][0]["value"] == 0.412
    assert [(w.code, w.path) for w in got.warnings] == [("hub-refused", "$[1]")]


def test_the_hub_apis_eval_results_saved_as_json_skip_the_scores_of_open_pull_requests(tmp_path):
    """model_info(expand=["evalResults"]) lists each score as {filename, verified, data, pullRequest} (huggingface_hub's
    tests/test_eval_results.py): saved as JSON it was refused ("top level is a list, expected an object"), and a
    score an open pull request proposes (pullRequest: 44, community-provided) was read as the repo's own, which
    publishing then wrote into the repo's .eval_results/ without the pull request."""
    items = [{"filename": ".eval_results/gsm8k.yaml", "verified": False, "pullRequest": 44, "data": {
        "dataset": {"id": "openai/gsm8k", "task_id": "main"}, "value": 86.2, "date": "2024-04-22",
        "source": {"url": "https://hf.co/papers/2404.14219", "name": "Phi-3 Technical Report"}}},
        {"filename": ".eval_results/gpqa.yaml", "verified": True, "pullRequest": None,
         "data": {"dataset": {"id": "Idavidrein/gpqa", "task_id": "gpqa_diamond"}, "value": 0.412}}]
    path = tmp_path / "eval_results.json"
    path.write_text(json.dumps(items))
    got = ingest(evals=[path], repo_id="microsoft/Phi-3-mini-4k-instruct")
    assert [(e["id"], e["eval_results_file"]) for e in got.data["evaluations"]] == [
        ("Idavidrein/gpqa:gpqa_diamond", "gpqa.yaml")]
    [told] = [w for w in got.warnings if w.code == "community-score"]
    assert (told.path, told.severity) == ("$[0].pullRequest", "warning") and "pull request #44" in told.message


def test_a_scripts_json_list_with_an_error_key_is_no_eval_results(tmp_path):
    """FaisalFehad/llm_eval_harness's all_results.json, a script's list of runs each with `"error": null`, was taken
    for the Hub API's list of refused files once such a JSON list was read, and refused as holding no entries."""
    path = tmp_path / "all_results.json"
    path.write_text(json.dumps([{"name": "v12_1_1.5B", "error": None, "hybrid": {"model_only": {"accuracy_pct": 78.4}}}]))
    with pytest.raises(InputError) as caught:
        ingest(evals=[path], repo_id="acme/m")
    assert [p.code for p in caught.value.problems] == ["not-a-mapping"]


def test_the_warnings_of_an_eval_results_folders_entries_name_their_file(tmp_path):
    """A warning of one entry (a key records do not keep, a file the Hub refused, a pull request's score) named the
    folder and `$[1]`, not which of its files."""
    folder = eval_results_folder(tmp_path, {
        "a.yaml": "- dataset: {id: cais/hle, task_id: hle}\n  value: 1\n",
        "b.yaml": "- dataset: {id: cais/hle, task_id: hle}\n  value: 2\n  notes: x\n"
                  "- dataset: {id: cais/hle, task_id: hle2}\n  value: 2\n  judge: gpt-4o\n"
                  "- {filename: .eval_results/c.yaml, error: 'dataset.task_id: required'}\n"
                  "- {pullRequest: 3, data: {dataset: {id: cais/hle, task_id: hle3}, value: 3}}\n"})
    got = ingest(evals=[folder], repo_id="acme/m")
    assert [(w.file, w.path, w.code) for w in got.warnings] == [
        (str(folder / "b.yaml"), "$[1]", "not-kept"), (str(folder / "b.yaml"), "$[2]", "hub-refused"),
        (str(folder / "b.yaml"), "$[3].pullRequest", "community-score")]


@pytest.mark.parametrize("text, path, message", [
    ("- dataset: {id: cais/hle, task_id: hle}\n  value: high\n", "$[0].value", "is 'high', not a number"),
    ("- dataset: {id: '', task_id: hle}\n  value: 1\n", "$[0].dataset", "needs a dataset.id and a dataset.task_id"),
    ("- dataset: {id: cais/hle, task_id: hle}\n  value: 1\n  source: {name: logs}\n", "$[0].source", "has no url"),
    ("- dataset: {id: cais/hle, task_id: hle}\n  value: 1\n  source: https://x.org/logs\n", "$[0].source",
     "is 'https://x.org/logs', not a mapping with url"),
])
def test_bad_eval_results_entries_name_the_file_and_field(text, path, message, tmp_path):
    folder = eval_results_folder(tmp_path, {"hle.yaml": text})
    result = run_cli("ingest", ".eval_results", "--json", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["path"]) == (str(folder.relative_to(tmp_path) / "hle.yaml"), path)
    assert message in problem["message"]


def test_entries_without_a_task_id_are_named_one_by_one_by_ingest_as_by_validate(tmp_path):
    """hub-docs' first eval_results spec (3a34c0fe, 2025-12) named the task by `dataset.config` and `split`; task_id is
    required since 2026-01-23 (e3f7624a) and huggingface_hub reads it alone. ingest named the whole file "not a list
    of .eval_results entries"; it names each entry, as validate does, and the config that may be the task id."""
    folder = eval_results_folder(tmp_path, {"gpqa.yaml": (
        "- dataset:\n    id: Idavidrein/gpqa\n    config: gpqa_diamond\n    split: train\n  value: 0.412\n"
        "- dataset: {id: cais/hle, task_id: hle}\n  value: 20.9\n"
        "- dataset: {id: cais/hle}\n  value: 22.1\n- 7\n")})
    result = run_cli("ingest", ".eval_results", "--json", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    told = [(p["path"], p["message"], p["fix"]) for p in json.loads(result.stdout)["problems"]]
    assert told == [
        ("$[0].dataset", "needs a dataset.task_id, which the Hub requires since 2026-01-23 (it names config: "
         "gpqa_diamond, split: train: the format's first draft named the task so; the Hub reads task_id alone)",
         "add task_id: the benchmark's task, as its eval.yaml names it (its tasks[].id: "
         "https://huggingface.co/datasets/Idavidrein/gpqa/blob/main/eval.yaml); often the dataset config: task_id: "
         "gpqa_diamond"),
        ("$[2].dataset", "needs a dataset.task_id, which the Hub requires since 2026-01-23",
         "add task_id: the benchmark's task, as its eval.yaml names it (its tasks[].id: "
         "https://huggingface.co/datasets/cais/hle/blob/main/eval.yaml)"),
        ("$[3]", "is 7, not an entry", "write dataset:, value: and the other keys of an entry")]
    assert [(p.path, p.message, p.fix) for p in validate_card(folder / "gpqa.yaml").problems] == told


def test_eval_results_hold_a_metric_texts_number(tmp_path):
    """The `.eval_results` format takes one number (hub_rules; huggingface_hub's docs: "A single number"): a metric
    written as text there is its number, and an entry written as text is refused with that number as the fix."""
    from generator.card.eval_results import eval_result_entries
    from generator.records.loader import load_records

    (tmp_path / "r.yaml").write_text("model: {repo_id: acme/m}\nevaluations:\n- benchmark: HLE\n  model_index: false\n"
                                     "  dataset: {id: cais/hle, task_id: hle}\n"
                                     "  metrics: [{type: accuracy, value: 20.9, text: 20.90 ± 1.20}]\n")
    assert eval_result_entries(load_records(tmp_path / "r.yaml")) == {
        ".eval_results/hle.yaml": [{"dataset": {"id": "cais/hle", "task_id": "hle"}, "value": 20.9}]}
    eval_results_folder(tmp_path, {"hle.yaml": "- dataset: {id: cais/hle, task_id: hle}\n  value: 20.90 ± 1.20\n"})
    result = run_cli("ingest", ".eval_results", "--json", cwd=tmp_path)
    (problem,) = json.loads(result.stdout)["problems"]
    assert result.returncode == 1 and problem["path"] == "$[0].value"
    assert problem["fix"] == "write the score as the number 20.90: the format holds one number, no text"


@pytest.mark.parametrize("key", OBJECT_KEYS)
@pytest.mark.parametrize("value", ["x", 5, ["a"]])
def test_a_key_of_another_shape_is_named_and_the_rest_is_read(key, value, tmp_path):
    """Not a shape lm-eval writes: each of its object keys as a string, number or list. Before, AttributeError."""
    data = json.loads(LOCAL_RUNS[0].read_text())
    data[key] = value
    got = read_lm_eval(write(tmp_path, data))
    assert [(w.code, w.path) for w in got.warnings if w.code == "wrong-type"] == [("wrong-type", f"$.{key}")]
    assert got.data["evaluations"]


def test_odd_per_task_entries_give_no_traceback(tmp_path):
    data = glue_04()
    data["higher_is_better"]["cola"] = "yes"
    data["n-shot"]["mnli"] = [5]
    got = read_lm_eval(write(tmp_path, data))
    evaluations = by_id(got.data)
    assert "glue" in evaluations  # the group's shot count is unknown now: its tasks do not share a whole number
    assert evaluations["cola:0-shot"]["metrics"][0] == {"type": "acc", "value": data["results"]["cola"]["acc,none"],
                                                        "stderr": data["results"]["cola"]["acc_stderr,none"]}


def test_a_rerun_drops_the_earlier_runs_warnings_of_what_it_replaced(tmp_path):
    """A task's warnings come from the run the card shows: the earlier run's about a task a later run scored again
    are left out (mattdepaolis/llm-evaluation's three --limit runs of Qwen3-8B told each of 44 tasks three times);
    its warnings about the tasks it alone scored stay."""
    results = json.loads(sorted(next((FIXTURES / "results").iterdir()).glob("results_*.json"))[0].read_text())
    changed = [t for t in results["results"] if "acc,none" in results["results"][t]][:1]
    out, first, later, _ = _rerun(tmp_path, changed)
    alone = ingest(evals=[sorted(next(out.iterdir()).glob("results_*.json"))[0]], repo_id="acme/m")
    about = [w.path for w in alone.warnings if w.path.startswith("$.results[")]
    assert f"$.results[{changed[0]!r}]" in about
    got = ingest(evals=[out], repo_id="acme/m")
    told = [(w.file, w.path) for w in got.warnings if w.path.startswith("$.results[")]
    assert (str(first), f"$.results[{changed[0]!r}]") not in told
    assert (str(later), f"$.results[{changed[0]!r}]") in told
    assert len(told) == len(set(told))


def test_a_later_limit_run_does_not_replace_the_whole_split_score(tmp_path):
    """A quick --limit run after the full one (the same task and shots, a later date): the card keeps the full run's
    score, which model-index lists, and says why the later numbers are not used; the later run's own warnings (its
    cut task) are left out with it. Shape: tests/eval_shapes/lm_eval_0.4.3_chat_template.json (gsm8k on its Hub
    dataset), saved again as lm-eval writes a --limit 10 run (config.limit, n-samples' effective count)."""
    model = tmp_path / "out" / "acme__tiny-chat"
    model.mkdir(parents=True)
    full = json.loads((Path(__file__).parent / "eval_shapes" / "lm_eval_0.4.3_chat_template.json").read_text())
    first = model / "results_2024-08-21T04-25-22.744205.json"
    first.write_text(json.dumps(full))
    cut = json.loads(json.dumps(full))
    cut["date"] += 86400
    cut["config"]["limit"] = 10.0
    cut["n-samples"]["gsm8k"]["effective"] = 10
    cut["results"]["gsm8k"]["exact_match,strict-match"] = 0.4
    later = model / "results_2024-08-22T04-25-22.744205.json"
    later.write_text(json.dumps(cut))
    got = ingest(evals=[tmp_path / "out"], repo_id="acme/tiny-chat")
    [evaluation] = got.data["evaluations"]
    assert evaluation["metrics"][0]["value"] == 0.25 and evaluation.get("model_index", True)
    assert [(w.file, w.code) for w in got.warnings if w.file in (str(first), str(later))] == [
        (str(later), "partial-rerun")]
    told = next(w.message for w in got.warnings if w.code == "partial-rerun")
    assert str(first) in told and "'gsm8k:8-shot'" in told and "it scored 10 of 1,319 examples" in told
    cut["date"] -= 2 * 86400  # the limited run first: the full run after it replaces it
    later.write_text(json.dumps(cut))
    got = ingest(evals=[tmp_path / "out"], repo_id="acme/tiny-chat")
    assert got.data["evaluations"][0]["metrics"][0]["value"] == 0.25
    assert [w.code for w in got.warnings if w.code in ("partial-rerun", "superseded-run")] == ["superseded-run"]


def test_runs_that_do_not_say_when_they_ran_are_not_called_earlier_and_later(tmp_path):
    """lm-eval 0.3 files hold no date and their names no timestamp (EleutherAI/lm-evaluation-harness results/llama/
    llama-7B/: drop 0-shot scored by both llama-7B_mathematical_reasoning_0-shot.json and
    llama-7B_reading_comprehension_0-shot.json, em 0.0427 and 0.0359): which is later is not known, and the warning
    says the file used is the later by path, not the later run."""
    shape = json.loads((Path(__file__).parent / "eval_shapes" / "lm_eval_0.3_two_tasks_one_dataset.json").read_text())
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "bloom_a_0-shot.json").write_text(json.dumps(shape))
    task = next(iter(shape["results"]))
    metric = next(k for k in shape["results"][task] if not k.endswith("_stderr"))
    shape["results"][task][metric] = 0.123
    (folder / "bloom_b_0-shot.json").write_text(json.dumps(shape))
    got = ingest(evals=[folder], repo_id="acme/m")
    [told] = [w for w in got.warnings if w.code == "superseded-run"]
    assert told.file == str(folder / "bloom_b_0-shot.json") and str(folder / "bloom_a_0-shot.json") in told.message
    assert "neither file says when its run ended" in told.message and "earlier run" not in told.message
    assert "other one" in told.fix
    # both numbers, as the one used may be the wrong one
    assert told.message.endswith("are used ('lambada_openai_cloze:0-shot' ppl 0.123 here, 6000.5 there)")


def _undated_pair(tmp_path: Path, change: Any) -> tuple[Path, Path, Any]:
    """Two undated lm-eval 0.3 runs of the same tasks (a_0-shot.json first by path, then b_0-shot.json, whose
    ``lambada_openai_cloze`` ppl is 0.123), ``change(first, second)`` applied to the two files' data; the folder read."""
    shape = json.loads((Path(__file__).parent / "eval_shapes" / "lm_eval_0.3_two_tasks_one_dataset.json").read_text())
    other = json.loads(json.dumps(shape))
    other["results"]["lambada_openai_cloze"]["ppl"] = 0.123
    change(shape, other)
    folder = tmp_path / "results"
    folder.mkdir(parents=True)
    (folder / "a_0-shot.json").write_text(json.dumps(shape))
    (folder / "b_0-shot.json").write_text(json.dumps(other))
    return folder / "a_0-shot.json", folder / "b_0-shot.json", ingest(evals=[folder], repo_id="acme/m")


def _ppl(got: Any) -> float:
    [cloze] = [e for e in got.data["evaluations"] if e["id"] == "lambada_openai_cloze:0-shot"]
    return next(m["value"] for m in cloze["metrics"] if m["type"] == "ppl")


def test_of_two_undated_runs_the_one_of_the_newer_task_version_is_used_whatever_the_paths(tmp_path):
    """Two lm-eval 0.3 runs of a task, no date in either (EleutherAI/lm-evaluation-harness results/llama/llama-13B/:
    boolq 0-shot in both llama-13B_common_sense_reasoning_0-shot.json and llama-13B_superglue_0-shot.json): the run of
    the task's newer version ran on the newer harness, so its numbers are used even when it comes first by path."""
    def newer_first(first: dict, second: dict) -> None:
        first["versions"]["lambada_openai_cloze"] = 1
    first, second, got = _undated_pair(tmp_path, newer_first)
    assert _ppl(got) == 6000.5
    [told] = [w for w in got.warnings if w.code == "superseded-run"]
    assert told.file == str(second) and str(first) in told.message
    assert "that file's numbers, the task's newer version (1, not 0), are used" in told.message
    assert told.message.endswith("('lambada_openai_cloze:0-shot' ppl 0.123 here, 6000.5 there)")
    # the warnings of the run not used about that task are left out (it is not shown)
    assert not [w for w in got.warnings if w.file == str(second) and "lambada_openai_cloze" in w.path]


def test_of_two_undated_runs_the_one_of_the_newer_harness_config_is_used(tmp_path):
    """lm-eval 0.3's master of 2023 added ``batch_sizes`` to the config 0.3.0 writes (lm_eval/evaluator.py before
    1b9833dd5): of two undated runs, the one whose config has it ran on the newer harness."""
    def newer_config_first(first: dict, second: dict) -> None:
        first["config"]["batch_sizes"] = [64]
    _, second, got = _undated_pair(tmp_path, newer_config_first)
    assert _ppl(got) == 6000.5
    [told] = [w for w in got.warnings if w.code == "superseded-run"]
    assert told.file == str(second) and "that file's numbers, of a newer harness (its config has batch_sizes, " \
        "which the other lacks), are used" in told.message
    _, _, got = _undated_pair(tmp_path / "same", lambda first, second: None)
    assert _ppl(got) == 0.123  # nothing tells them apart: the later by path, saying so
    assert "this file's numbers, the later by path, are used" in next(
        w.message for w in got.warnings if w.code == "superseded-run")


def test_an_undated_lm_eval_0_4_run_is_newer_than_an_undated_0_3_run_of_the_task(tmp_path):
    """lm-eval 0.4.0 and 0.4.1 write no date either (tests/fixtures/versions/evals/lm-eval-0.4.0, the harness's own
    output): beside a 0.3 run of the same task and shots, the 0.4 file's numbers are used, whichever comes first."""
    harness = Path(__file__).parent / "fixtures" / "versions" / "evals" / "lm-eval-0.4.0" / "run1" / "results.json"
    data = json.loads(harness.read_text())
    old = {"results": {"tiny_arith_mc": {"acc": 0.111, "acc_stderr": 0.01}}, "versions": {"tiny_arith_mc": 0},
           "config": {"model": "hf-causal-experimental", "model_args": data["config"]["model_args"], "num_fewshot": 0,
                      "batch_size": 8, "device": "cpu", "no_cache": True, "limit": None, "bootstrap_iters": 100000,
                      "description_dict": {}}}
    for name_04, name_03 in (("a.json", "b.json"), ("b.json", "a.json")):
        folder = tmp_path / name_04 / "out"
        folder.mkdir(parents=True)
        (folder / name_04).write_text(json.dumps(data))
        (folder / name_03).write_text(json.dumps(old))
        got = read_eval_folder(folder)
        [arith] = [e for e in got.data["evaluations"] if e["id"] == "tiny_arith_mc:0-shot"]
        assert arith["metrics"][0]["value"] == 0.325
        [told] = [w for w in got.warnings if w.code == "superseded-run"]
        assert "written by lm-eval 0.4 (configs, n-shot), the other by 0.3" in told.message


@pytest.mark.parametrize("folder", ["lm-eval-0.4.3", "lighteval-0.12.2"])
def test_an_output_folder_of_a_local_model_titles_the_card_with_its_name(folder):
    """lm-eval 0.4.3's --output_path and lighteval 0.12.2's --output-dir of runs on a local tiny-llama folder
    (pretrained=/tmp/.../tiny-llama, lighteval's model_name that path): the card is titled tiny-llama
    (read_eval_folder keeps the run's title), as a single results file of it is; built without a repo id it was
    refused, naming nothing."""
    from generator import build_card

    got = build_card(evals=[VERSIONS / folder])
    assert "\n# tiny-llama\n" in got.text
    assert [w.code for w in got.warnings if w.code in ("title-from-folder", "no-repo-id")] == \
        ["title-from-folder", "no-repo-id"]


def test_a_forks_own_keys_are_named_not_passed_over():
    """ljaljushkin's fork of lm-eval 0.3 writes beside the harness's keys how it changed the model it scored (the
    experts it pruned, its nf4 quantization): read silently, the card gave the scores as the named model's. A real
    file (eval_shapes/ORIGINS.txt); 196 of 1,886 real files hold such keys (forks' and scripts')."""
    path = Path(__file__).parent / "eval_shapes" / "lm_eval_0.3_stderr_trailing_zero.json"
    [said] = [w for w in read_lm_eval(path).warnings if w.code == "unread-keys"]
    assert (said.file, said.path) == (str(path), "$")
    assert said.message.startswith("holds keys lm-evaluation-harness does not write (time, num_experts_to_prune, "
                                   "total_num_experts and 1 more: a fork's or a script's), not read")
    assert said.fix.startswith("say what was scored in your records")


def test_a_task_whose_name_says_its_shot_count_is_not_labelled_with_it_again(tmp_path):
    """araag2/lm-evaluation-harness's tasks are named `MedNLI_0-shot`, run 0-shot: the label was
    `MedNLI_0-shot (0-shot)`. The name is kept and says the count; a count it does not say is still added, and the
    card's import reads the count back (the model-index's num_few_shot confirms it) for the same card."""
    results = {"MedNLI_0-shot": {"alias": "MedNLI_0-shot", "acc,none": 0.76, "acc_stderr,none": 0.01},
               "mmlu_5shot": {"alias": "mmlu_5shot", "acc,none": 0.5, "acc_stderr,none": 0.02},
               "gsm8k_cot": {"alias": "gsm8k_cot", "acc,none": 0.3, "acc_stderr,none": 0.02}}
    data = v04(results, {t: {} for t in results}, 0)
    labels = sorted(e["benchmark"] for e in ingest(evals=[write(tmp_path, data)], repo_id="acme/m").data["evaluations"])
    assert labels == ["MedNLI_0-shot", "gsm8k_cot (0-shot)", "mmlu_5shot (0-shot)"]
    meta, out = card(tmp_path, write(tmp_path, data))
    text = out.read_text(encoding="utf-8")
    assert "| MedNLI_0-shot " in text and "Shots" not in text
    imported = ingest(sources=[out]).data
    assert {e["benchmark"]: e.get("few_shot") for e in imported["evaluations"]} == {
        "MedNLI_0-shot": 0, "mmlu_5shot (0-shot)": 0, "gsm8k_cot (0-shot)": 0}
    again = tmp_path / "again.md"
    assert render_card(records_from_data(imported), output=again) == text
