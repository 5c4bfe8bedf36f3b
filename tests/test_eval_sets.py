"""The Hub dataset of each eval set of a run (training.eval_sets; build --eval-set; build_card(eval_sets=...)): each
mapped set's final results become a model-index result, on the real multi-eval-set fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator import build_card
from generator.check.validate import validate_card
from generator.cli.main import main
from generator.errors import RecordsError, UsageError
from generator.records.builder.eval_sets import metric_type, results_by_set
from generator.records.loader import load_records, records_from_data
from generator.render.card import render
from generator.sources.pipeline import ingest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO = "acme/tiny-run"
SETS = {"a": "acme/set-a::validation", "b": {"dataset": "acme/set-b", "config": "hard", "split": "test",
                                             "name": "Set B"}}


def index_results(text: str) -> list[dict]:
    return yaml.safe_load(text.split("---\n")[1])["model-index"][0]["results"]


def set_results(run: str, name: str) -> dict[str, float]:
    """The card's final results of eval set ``name``, by their names, without the set's (``Accuracy (a)``)."""
    built = build_card(trainer_dir=FIXTURES / run, repo_id=REPO)
    assert built.records.training is not None
    return {label[:-len(f" ({name})")]: value for label, value in built.records.training.eval_results
            if label.endswith(f" ({name})")}


@pytest.mark.parametrize("run", ["trainer_best_multi_eval", "trainer_multi_eval", "trl_sft_best_multi_eval",
                                 "trl_dpo_best_multi_eval", "peft_lora_best_multi_eval"])
def test_each_mapped_set_is_a_model_index_result_with_the_runs_values(run, tmp_path):
    out = tmp_path / "README.md"
    built = build_card(trainer_dir=FIXTURES / run, repo_id=REPO, eval_sets=SETS, output=out)
    results = index_results(built.text)
    assert [r["dataset"] for r in results] == [
        {"name": "a", "type": "acme/set-a", "split": "validation"},
        {"name": "Set B", "type": "acme/set-b", "config": "hard", "split": "test"}]
    assert all(r["task"] == {"type": "text-generation"} for r in results)
    for name, result in zip("ab", results):
        # no model-index metric: the loss, as transformers' card; TRL's token count and raw outputs
        expected = {label: value for label, value in set_results(run, name).items()
                    if label not in ("Loss", "Num Tokens", "Entropy") and not label.startswith(("Logits/", "Logps/"))}
        assert expected and {m["name"]: m["value"] for m in result["metrics"]} == expected
        assert all(m["type"] == m["name"].lower().replace(" ", "_") for m in result["metrics"])
    report = validate_card(out)
    assert report.ok and not report.problems, report.problems


def test_the_values_are_the_run_files_exact_values():
    built = build_card(trainer_dir=FIXTURES / "trainer_best_multi_eval", repo_id=REPO, eval_sets=SETS)
    saved = json.loads((FIXTURES / "trainer_best_multi_eval" / "all_results.json").read_text(encoding="utf-8"))
    results = index_results(built.text)
    assert [r["metrics"] for r in results] == [
        [{"type": "accuracy", "value": saved["eval_a_accuracy"], "name": "Accuracy"}],
        [{"type": "accuracy", "value": saved["eval_b_accuracy"], "name": "Accuracy"}]]
    # the card lists each once, in its final results list, not again in an Evaluation table
    assert "- Accuracy (a): 0.5521\n" in built.text and "- Accuracy (b): 0.5795\n" in built.text
    assert "## Evaluation" not in built.text


def test_a_sets_args_and_task_name_are_written_as_transformers_writes_them():
    """transformers' create_model_index writes ``dataset.args`` (the set's config name) and ``task.name`` (Text
    Generation for text-generation): given in the records, a mapped set's result writes them too."""
    sets = {"a": {"dataset": "acme/set-a", "config": "main", "args": "main",
                  "task": {"name": "Text Generation"}},
            "b": {"dataset": "acme/set-b", "args": {"num_few_shot": 0}, "task": {"type": "question-answering"}}}
    built = build_card(trainer_dir=FIXTURES / "trainer_best_multi_eval", repo_id=REPO, eval_sets=sets)
    assert [(r["task"], r["dataset"]) for r in index_results(built.text)] == [
        ({"type": "text-generation", "name": "Text Generation"},
         {"name": "a", "type": "acme/set-a", "config": "main", "args": "main"}),
        ({"type": "question-answering"}, {"name": "b", "type": "acme/set-b", "args": {"num_few_shot": 0}})]


def test_the_sets_results_follow_the_runs_order_of_sets():
    """However the sets were given (the callback merges the live sets, the records' and its own), their results keep
    the run's order."""
    built = build_card(trainer_dir=FIXTURES / "trainer_best_multi_eval", repo_id=REPO,
                       eval_sets={"b": "acme/set-b", "a": "acme/set-a"})
    assert [r["dataset"]["name"] for r in index_results(built.text)] == ["a", "b"]


def test_an_unmapped_set_stays_as_it_is():
    plain = build_card(trainer_dir=FIXTURES / "trainer_best_multi_eval", repo_id=REPO)
    assert index_results(plain.text) == []
    built = build_card(trainer_dir=FIXTURES / "trainer_best_multi_eval", repo_id=REPO,
                       eval_sets=["b=acme/set-b"])
    assert [r["dataset"]["name"] for r in index_results(built.text)] == ["b"]
    assert built.records.training == plain.records.training  # its final results and table unchanged


def test_the_runs_one_unnamed_set_maps_without_a_name():
    saved = json.loads((FIXTURES / "trainer_sft" / "all_results.json").read_text(encoding="utf-8"))
    built = build_card(trainer_dir=FIXTURES / "trainer_sft", repo_id=REPO, eval_sets=["acme/set:default:test"])
    [result] = index_results(built.text)
    assert result["dataset"] == {"name": "acme/set", "type": "acme/set", "config": "default", "split": "test"}
    assert result["metrics"] == [{"type": "accuracy", "value": saved["eval_accuracy"], "name": "Accuracy"},
                                 {"type": "perplexity", "value": saved["perplexity"], "name": "Perplexity"}]
    # the records name it `eval`, the Trainer's prefix of an unnamed set's metrics
    got = ingest(trainer_dir=FIXTURES / "trainer_sft", repo_id=REPO, eval_sets={"eval": "acme/set"})
    assert got.data["training"]["eval_sets"] == {"eval": {"dataset": "acme/set"}}


def test_a_set_given_without_a_name_in_a_run_of_two_is_refused():
    with pytest.raises(UsageError) as caught:
        build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id=REPO, eval_sets=["acme/set"])
    [problem] = caught.value.problems
    assert problem.code == "ambiguous-eval-set" and "--eval-set a=acme/set" in problem.fix


def test_an_unknown_set_names_its_field_and_the_runs_sets():
    with pytest.raises(RecordsError) as caught:
        build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id=REPO, eval_sets={"c": "acme/set"})
    [problem] = caught.value.problems
    assert (problem.code, problem.path) == ("unknown-eval-set", "$.training.eval_sets.c")
    assert "its sets: a, b" in problem.message


@pytest.mark.parametrize("given, path", [
    (["a=acme/set:x:y:z"], "--eval-set"),
    (["a=acme set"], "--eval-set"),
    (["a=acme/set@"], "--eval-set"),
    (["a=acme/set@v1@v2"], "--eval-set"),
    (["a=acme/set:x@v1"], "--eval-set"),
    ({"a": "b=acme/set"}, "eval_sets['a']"),
])
def test_a_bad_option_is_refused(given, path):
    with pytest.raises(UsageError) as caught:
        build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id=REPO, eval_sets=given)
    assert [(p.code, p.path) for p in caught.value.problems] == [("bad-eval-set", path)]


def test_a_bad_dataset_id_is_refused_naming_its_field():
    with pytest.raises(UsageError) as caught:
        build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id=REPO, eval_sets={"a": "-acme/set"})
    assert [(p.code, p.path) for p in caught.value.problems] == [("not-a-hub-id", "$.training.eval_sets.a.dataset")]
    assert "'-acme/set' is not a Hub dataset id" in caught.value.problems[0].message


def test_a_set_of_only_a_loss_gives_no_result_and_a_warning(tmp_path):
    records = tmp_path / "records.yaml"
    records.write_text(yaml.safe_dump({"model": {"repo_id": REPO, "pipeline_tag": "text-classification"},
                                       "training": {"eval_results": {"Loss (a)": 0.5, "Loss (b)": 0.4,
                                                                     "F1 (b)": 0.75, "Rouge1 (b)": 0.25}}}),
                       encoding="utf-8")
    got = ingest(records=[records], eval_sets=["a=acme/a", "b=acme/b"])
    assert [(w.code, w.path) for w in got.warnings] == [("no-index-metric", "$.training.eval_sets.a")]
    loaded = records_from_data(got.data, name="records")
    [evaluation] = loaded.evaluations
    assert evaluation.task_type == "text-classification" and evaluation.dataset_id == "acme/b"
    assert [(m.type, m.name, m.value) for m in evaluation.metrics] == [("f1", "F1", 0.75), ("rouge", "Rouge1", 0.25)]


def test_a_set_of_only_a_loss_is_warned_of_once_on_every_path(tmp_path, capsys):
    """Hand-written records that map a set of a loss alone: ingest, build, render and validate each say it once
    (render and validate said nothing)."""
    records = tmp_path / "records.yaml"
    records.write_text(yaml.safe_dump({"model": {"repo_id": REPO, "pipeline_tag": "text-classification"},
                                       "training": {"eval_results": {"Loss (a)": 0.5, "F1 (b)": 0.75},
                                                    "eval_sets": {"a": {"dataset": "acme/a"},
                                                                  "b": {"dataset": "acme/b"}}}}), encoding="utf-8")
    out = tmp_path / "README.md"
    said = [("no-index-metric", "$.training.eval_sets.a")]
    assert [(w.code, w.path) for w in ingest(records=[records]).warnings] == said
    assert [(w.code, w.path) for w in build_card(records=[records], output=out).warnings] == said
    assert [(w.code, w.path) for w in validate_card(records).warnings] == said
    assert not validate_card(out).warnings  # the card written: its result is b's alone, a is in no records there
    assert [(w.code, w.path) for w in load_records(records).warnings] == said
    # (the file named as the loader names it: relative to the working directory where that is shorter)
    assert [(w.code, w.path, Path(w.file).resolve()) for w in render(load_records(records)).warnings] == \
        [(*said[0], records.resolve())]
    capsys.readouterr()
    for command in (["render", str(records)], ["validate", str(records)], ["build", "--records", str(records)]):
        assert main(command) == 0
        assert capsys.readouterr().err.count("eval set a has no final result model-index takes") == 1, command


def test_a_mapped_set_needs_the_models_task():
    data = {"model": {"repo_id": REPO}, "training": {"eval_results": {"Accuracy": 0.5},
                                                     "eval_sets": {"eval": {"dataset": "acme/a"}}}}
    with pytest.raises(RecordsError) as caught:
        records_from_data(data, name="records")
    assert [(p.code, p.path) for p in caught.value.problems] == [("missing-field", "$.training.eval_sets.eval")]


def test_before_any_evaluation_the_sets_are_kept_for_later():
    """The callback builds the card before training, when the run has no final results yet: no error."""
    data = {"model": {"repo_id": REPO}, "training": {"eval_sets": {"a": {"dataset": "acme/a"}}}}
    assert records_from_data(data, name="records").evaluations == ()


def test_results_by_set_and_metric_types():
    results = (("Loss (a)", 1), ("Mean Token Accuracy (a)", 0.5), ("Accuracy", 0.25), ("Rewards/chosen (my_set)", 2))
    assert results_by_set(results) == {"a": [("Loss", 1), ("Mean Token Accuracy", 0.5)], "eval": [("Accuracy", 0.25)],
                                       "my_set": [("Rewards/chosen", 2)]}
    assert [metric_type(n) for n in ("Accuracy", "Matthews Correlation", "Rouge1", "Mean Token Accuracy")] == [
        "accuracy", "matthews_correlation", "rouge", "mean_token_accuracy"]


def renamed_run(tmp_path: Path, names: dict[str, str]) -> Path:
    """trainer_best_multi_eval with its eval sets renamed (``eval_a_loss`` -> ``eval_my set_loss``), as a Trainer given
    ``eval_dataset={"my set": .., ...}`` logs them; its checkpoints and README left out."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_best_multi_eval", run, ignore=shutil.ignore_patterns("checkpoint-*", "README.md"))
    for name in ("trainer_state.json", "all_results.json", "eval_results.json"):
        text = (run / name).read_text(encoding="utf-8")
        for old, new in names.items():
            text = text.replace(f'"eval_{old}_', f'"eval_{new}_')
        (run / name).write_text(text, encoding="utf-8")
    return run


@pytest.mark.parametrize("names", [{"a": "my set", "b": "set_b"}, {"a": "x (1)", "b": "b (hard) v2"}])
def test_set_names_of_spaces_underscores_and_parentheses_reimport_exactly(tmp_path, names):
    """A set's name is read back from its labels (``Accuracy (my set)``) in the run's results and the card's; names
    with spaces or parentheses were read as the unnamed set's (``eval``) or cut (``1)``)."""
    run = renamed_run(tmp_path, names)
    saved = json.loads((run / "all_results.json").read_text(encoding="utf-8"))
    out = tmp_path / "README.md"
    mapped = {names["a"]: "acme/set-a", names["b"]: {"dataset": "acme/set-b", "split": "test"}}
    built = build_card(trainer_dir=run, repo_id=REPO, eval_sets=mapped, output=out)
    assert [(r["dataset"]["name"], r["metrics"][0]["value"]) for r in index_results(built.text)] == [
        (names["a"], saved[f"eval_{names['a']}_accuracy"]), (names["b"], saved[f"eval_{names['b']}_accuracy"])]
    first = ingest(sources=[out])
    assert list(results_by_set(tuple(first.data["training"]["eval_results"].items()))) == list(names.values())
    again = tmp_path / "again.md"
    again.write_text(render(records_from_data(first.data, name="records")).text, encoding="utf-8")
    assert ingest(sources=[again]).data == first.data  # the second import: identical
    # the card's own results are those sets' (the exact values its model-index holds, its list shows rounded): mapped
    # again on import, they are not written twice
    remapped = records_from_data(ingest(sources=[out], eval_sets=mapped).data, name="records")
    assert [(e.benchmark, e.metrics[0].value) for e in remapped.evaluations] == [
        (e.benchmark, e.metrics[0].value) for e in built.records.evaluations]
    code = main(["build", "--trainer-dir", str(run), "--repo-id", REPO, "--eval-set", f"{names['b']}=acme/set-b:test",
                 "-o", str(tmp_path / "cli.md")])
    assert code == 0 and [r["dataset"]["name"] for r in index_results((tmp_path / "cli.md").read_text())] == [names["b"]]


def test_build_command_takes_repeated_eval_sets(tmp_path, capsys):
    out = tmp_path / "README.md"
    code = main(["build", "--trainer-dir", str(FIXTURES / "trainer_best_multi_eval"), "--repo-id", REPO,
                 "--eval-set", "a=acme/set-a::validation", "--eval-set", "b=acme/set-b:hard", "-o", str(out)])
    assert code == 0
    assert [r["dataset"] for r in index_results(out.read_text(encoding="utf-8"))] == [
        {"name": "a", "type": "acme/set-a", "split": "validation"},
        {"name": "b", "type": "acme/set-b", "config": "hard"}]
    assert main(["validate", str(out)]) == 0
    capsys.readouterr()
    code = main(["build", "--trainer-dir", str(FIXTURES / "trainer_best_multi_eval"), "--repo-id", REPO,
                 "--eval-set", "c=acme/set"])
    err = capsys.readouterr().err
    assert code == 1 and "$.training.eval_sets.c" in err and "Traceback" not in err


def test_a_revision_follows_the_id_as_in_the_hub_file_paths_datasets_reads(tmp_path, capsys):
    """ORG/NAME@REVISION, as the hf://datasets/ORG/NAME@REVISION/ path the Hub loader gave the files real datasets
    4.8.4 read (tests/datasets_shapes; the callback keeps that commit), a branch's slashes quoted there or not."""
    info = json.loads((HERE / "datasets_shapes" / "4.8.4" / "dataset_info.json").read_text())
    url = next(iter(info["download_checksums"]))
    assert url.startswith("hf://datasets/acme/Set-A@")
    repo_at = url[len("hf://datasets/"):].split("/data/")[0]  # acme/Set-A@<commit>
    out = tmp_path / "README.md"
    assert main(["build", "--trainer-dir", str(FIXTURES / "trainer_multi_eval"), "--repo-id", REPO, "--eval-set",
                 f"a={repo_at}:default:test", "--eval-set", "b=acme/set-b@refs%2Fconvert%2Fparquet::validation",
                 "-o", str(out)]) == 0
    assert [r["dataset"] for r in index_results(out.read_text(encoding="utf-8"))] == [
        {"name": "a", "type": "acme/Set-A", "config": "default", "split": "test", "revision": repo_at.split("@")[1]},
        {"name": "b", "type": "acme/set-b", "split": "validation", "revision": "refs/convert/parquet"}]
    assert main(["validate", "--strict", str(out)]) == 0
    records = tmp_path / "records.yaml"
    assert main(["ingest", str(FIXTURES / "trainer_multi_eval"), "--repo-id", REPO, "--eval-set",
                 "b=acme/set-b@refs/pr/3", "-o", str(records)]) == 0
    assert yaml.safe_load(records.read_text())["training"]["eval_sets"] == {
        "b": {"dataset": "acme/set-b", "revision": "refs/pr/3"}}


def test_ingest_command_writes_the_eval_sets_into_the_records(tmp_path):
    out = tmp_path / "records.yaml"
    assert main(["ingest", str(FIXTURES / "trainer_multi_eval"), "--repo-id", REPO, "--eval-set", "b=acme/set-b::test",
                 "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["training"]["eval_sets"] == {"b": {"dataset": "acme/set-b", "split": "test"}}
    [evaluation] = records_from_data(data, name="records").evaluations  # rendered from the records as they stand
    assert (evaluation.benchmark, evaluation.dataset_split) == ("b", "test")


# ---------------------------------------------------------------------------- real runs (tests/trainer_shapes)

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


def test_a_real_run_of_six_eval_sets_gives_six_results_of_each_sets_last_evaluation(tmp_path):
    """aigoncharov/trainer_state_viz's trainer_state.json: eval_dataset of six sets, g0 to g5 (ORIGINS.txt)."""
    folder = SHAPES / "six_eval_sets_4.5x"
    records = tmp_path / "card.yaml"
    records.write_text("model:\n  pipeline_tag: text-classification\n", encoding="utf-8")
    out = tmp_path / "README.md"
    sets = [f"g{i}=acme/groups:g{i}:test" for i in range(6)]
    built = build_card(trainer_dir=folder, records=[records], repo_id=REPO, eval_sets=sets, output=out)
    log = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))["log_history"]
    last = {i: [e for e in log if f"eval_g{i}_accuracy" in e][-1][f"eval_g{i}_accuracy"] for i in range(6)}
    assert [(r["dataset"]["config"], r["task"]["type"], r["metrics"]) for r in index_results(built.text)] == [
        (f"g{i}", "text-classification", [{"type": "accuracy", "value": last[i], "name": "Accuracy"}])
        for i in range(6)]
    assert validate_card(out).ok


def test_a_set_the_trainers_own_model_index_holds_is_not_written_twice():
    """transformers' card of a run that knew its dataset (whisper_common_voice_4.26) wrote its model-index: mapping
    its one set to that dataset changes nothing (and needs no pipeline_tag, which that card has not)."""
    folder = SHAPES / "whisper_common_voice_4.26"
    plain = build_card(trainer_dir=folder, repo_id=REPO)
    mapped = build_card(trainer_dir=folder, repo_id=REPO,
                        eval_sets=["mozilla-foundation/common_voice_11_0:sv-SE:test"])
    assert index_results(mapped.text) == index_results(plain.text) and len(index_results(plain.text)) == 1
    assert mapped.records.evaluations == plain.records.evaluations


def test_a_list_of_numbers_among_a_mapped_sets_results_is_its_metrics_values(tmp_path):
    """eleanorgit/socialIssuesClassifier's per-label thresholds (trainer_shapes/ORIGINS.txt), a final result that is a
    list: in the mapped set's model-index result as the metric's value, kept as it is (on one line), beside its
    scores; the check says nothing of it (data beside a score)."""
    out = tmp_path / "README.md"
    built = build_card(trainer_dir=SHAPES / "thresholds_list_state_4.20", repo_id=REPO,
                       eval_sets={"eval": "acme/issues"}, output=out)
    assert built.records.training is not None
    thresholds = dict(built.records.training.eval_results)["Thresholds"]
    (result,) = index_results(built.text)
    assert {"name": "Thresholds", "type": "thresholds", "value": thresholds} in result["metrics"]
    assert any(isinstance(m["value"], float) for m in result["metrics"])
    assert f"value: [{', '.join(map(str, thresholds))}]\n" in built.text
    report = validate_card(out)
    assert report.ok and not report.problems, report.problems


def test_a_mapped_sets_results_are_said_once(tmp_path):
    """eleanorgit/socialIssuesClassifier's run (trainer_shapes/ORIGINS.txt) with its eval set mapped to a dataset: its
    final results are listed once, under "It achieves the following results on the evaluation set" as transformers'
    card lists them, and written to model-index, not shown again in an "Evaluation" table (as a Trainer README's
    model-index result its list gives is not); the card checks, and its import renders as it was."""
    from generator.records.loader import records_from_data
    from generator.render.card import render

    out = tmp_path / "README.md"
    built = build_card(trainer_dir=SHAPES / "thresholds_list_state_4.20", repo_id=REPO,
                       eval_sets={"eval": "acme/issues"}, output=out)
    (result,) = index_results(built.text)
    assert {m["name"]: m["value"] for m in result["metrics"] if m["name"] != "Thresholds"} == {
        "Accuracy": 0.5892116182572614, "F1": 0.7391304347826086, "Roc Auc": 0.8325387755102039}
    body = built.text.split("\n---\n", 1)[1]
    assert "## Evaluation" not in body and "| acme/issues" not in body
    assert all(body.count(line) == 1 for line in ("- Accuracy: 0.5892\n", "- F1: 0.7391\n", "- Roc Auc: 0.8325\n"))
    report = validate_card(out)
    assert report.ok and not report.problems, report.problems
    assert render(records_from_data(ingest(sources=[out]).data)).text == built.text
