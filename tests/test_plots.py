"""Plots (--plots): which records get which plots, byte-stable files, the card's image links,
the missing-matplotlib message, and publishing the plots in the card's own commit."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, GOLDEN, MINIMAL, ROOT

from generator import load_records, render_card, validate_card
from generator.cli.main import main
from generator.errors import UsageError
from generator.publish.publish import _message, git_blob_sha, publish_card
from generator.publish.remote import Remote
from generator.publish.session import RetryPolicy
from generator.render.build import build_card
from generator.render.card import render
from generator.render.drawing import draw
from generator.render.plots import Bars, Chart, history_log, plan
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

pytest.importorskip("matplotlib")

FIXTURES = ROOT / "tests" / "fixtures"

# example -> the plots its card gets. The others have no training log of two points or more
# and no comparison with a row for the model itself (gguf's and wukong's comparisons are in the
# original card they embed, which gets no plots). sppo's row for the model is not marked self
# but links to the model's own repo, which makes it "ours".
EXAMPLE_PLOTS = {
    "gemma-2-9b-it-dpo-gguf": [],
    "gemma-2-9b-it-sppo-iter2": ["comparison_alpacaeval_leaderboard_evaluation"],
    "gemma-wukong-2b": [],
    "rogemma2-9b-instruct-dpo": ["comparison_academic_benchmarks", "comparison_downstream_tasks_laroseda_and_wmt",
                                 "comparison_downstream_tasks_xquad_and_sts", "comparison_mt_bench",
                                 "comparison_roculturabench"],
    "zephyr-7b-gemma-v0.1": ["comparison_performance_mt_bench_and_ifeval",
                             "comparison_performance_agieval_gpt4all_truthfulqa"],
}
DPO_PLOTS = ["training_loss", "learning_rate", "training_rewards", "training_rewards_accuracies", "training_logps",
             "training_logits", "training_entropy", "training_mean_token_accuracy"]
TRAINER_PLOTS = {
    "trl_dpo": DPO_PLOTS,
    "trainer_sft": ["training_loss", "learning_rate", "training_accuracy"],
    "trl_sft": ["training_loss", "learning_rate", "training_entropy", "training_mean_token_accuracy"],
}
TRAINING_RECORDS = MINIMAL + """\
training:
  method: dpo
  results:
    - {training_loss: 0.69, epoch: 0.5, step: 100, validation_loss: 0.68,
       metrics: {Rewards/chosen: -0.1, Rewards/rejected: -0.2, Rewards/margins: 0.1, Rewards/accuracies: 0.55}}
    - {training_loss: 0.61, epoch: 1.0, step: 200, validation_loss: 0.63,
       metrics: {Rewards/chosen: -0.3, Rewards/rejected: -0.6, Rewards/margins: 0.3, Rewards/accuracies: 0.66}}
    - {training_loss: 0.55, epoch: 1.5, step: 300, validation_loss: 0.60,
       metrics: {Rewards/chosen: -0.4, Rewards/rejected: -0.9, Rewards/margins: 0.5, Rewards/accuracies: 0.71}}
comparisons:
  - title: Compared with the base model
    columns: [{label: ARC, from: {evaluation: arc}}, {label: GSM8K, from: {evaluation: gsm8k}}]
    rows:
      - {self: true}
      - {model: acme/tiny-sft, scores: {ARC: 55.1, GSM8K: 40.2}}
"""


def files_of(names: list[str]) -> set[str]:
    return {f"assets/{n}.{ext}" for n in names for ext in ("png", "svg")}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def zephyr_card():
    return render(load_records(EXAMPLES / "zephyr-7b-gemma-v0.1"), plots=True)


# ---------------------------------------------------------------------------- which plots


def test_every_example_is_listed():
    assert sorted(EXAMPLE_PLOTS) == EXAMPLE_NAMES


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_which_plots_each_example_gets(name):
    charts = plan(load_records(EXAMPLES / name))
    assert [c.name for c in charts] == EXAMPLE_PLOTS[name]
    assert all(c.section == "comparison" for c in charts)


@pytest.mark.parametrize("name", ["rogemma2-9b-instruct-dpo", "zephyr-7b-gemma-v0.1"])
def test_examples_with_baselines_write_and_embed_their_plots(name, tmp_path):
    out = tmp_path / "README.md"
    text = render_card(EXAMPLES / name, plots=True, output=out)
    written = {str(p.relative_to(tmp_path)) for p in (tmp_path / "assets").iterdir()}
    assert written == files_of(EXAMPLE_PLOTS[name])
    for stem in EXAMPLE_PLOTS[name]:
        assert f"](assets/{stem}.png)\n" in text
        assert (tmp_path / "assets" / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in (tmp_path / "assets" / f"{stem}.svg").read_bytes()[:400]
    report = validate_card(out)
    assert report.ok, [str(p) for p in report.errors]


@pytest.mark.parametrize("run", sorted(TRAINER_PLOTS))
def test_trainer_runs_get_their_training_curves(run, tmp_path):
    out = tmp_path / "README.md"
    result = build_card(trainer_dir=FIXTURES / run, repo_id="acme/tiny", output=out, plots=True)
    assert {str(Path(a).relative_to(tmp_path)) for a in result.assets} == files_of(TRAINER_PLOTS[run])
    assert "### Training curves" in result.text
    assert "![Training and validation loss against step](assets/training_loss.png)" in result.text
    assert "![Learning rate against step](assets/learning_rate.png)" in result.text
    report = validate_card(out)
    assert report.ok, [str(p) for p in report.errors]
    body = result.text
    assert body.index("It achieves the following results") < body.index("### Training curves") < \
        body.index("### Framework versions")
    if run == "trl_dpo":
        for line in ("![Rewards (chosen, rejected, margins) against step (training and validation)]"
                     "(assets/training_rewards.png)",
                     "![Reward accuracy against step (training and validation)](assets/training_rewards_accuracies.png)",
                     "![Log-probabilities (chosen, rejected) against step (training and validation)]"
                     "(assets/training_logps.png)"):
            assert line in body


def test_trainer_log_history_curves():
    state = json.loads((FIXTURES / "trl_dpo" / "trainer_state.json").read_text())
    log = history_log(state["log_history"])
    assert [x for x, _ in log.get("loss", "train")] == [5, 10, 15, 20, 25, 30]
    assert [x for x, _ in log.get("loss", "eval")] == [10, 20, 30]
    assert len(log.get("learning_rate", "train")) == 6
    assert log.get("rewards/margins", "eval")[0] == (10.0, state["log_history"][2]["eval_rewards/margins"])
    assert not log.get("train_loss", "train")  # the end-of-training summary is not a point
    charts = {c.name: c for c in plan(load_records(EXAMPLES / "zephyr-7b-gemma-v0.1"), log)}
    assert [n for n in charts if n.startswith(("training", "learning"))] == DPO_PLOTS
    assert [s.label for s in charts["training_rewards"].lines] == [
        "chosen (training)", "chosen (validation)", "rejected (training)", "rejected (validation)",
        "margins (training)", "margins (validation)"]
    assert "training_runtime" not in charts and "training_num_tokens" not in charts


def test_records_training_results_give_loss_and_method_curves(write, tmp_path):
    records = write("r.yaml", TRAINING_RECORDS)
    out = tmp_path / "card" / "README.md"
    out.parent.mkdir()
    text = render_card(records, plots=True, output=out)
    names = [c.name for c in plan(load_records(records))]
    assert names == ["training_loss", "training_rewards", "training_rewards_accuracies",
                     "comparison_compared_with_the_base_model"]  # no learning rate: the records do not hold it
    assert "![Rewards (chosen, rejected, margins) against step (validation)](assets/training_rewards.png)" in text
    assert ("![Bar chart: tiny-dpo against acme/tiny-sft on Compared with the base model, one group of bars per "
            "benchmark](assets/comparison_compared_with_the_base_model.png)") in text
    assert {p.name for p in (out.parent / "assets").iterdir()} == {Path(f).name for f in files_of(names)}
    assert validate_card(out).ok


def test_one_evaluation_is_not_a_curve(write):
    one = TRAINING_RECORDS.split("    - {training_loss: 0.61")[0]
    assert [c.name for c in plan(load_records(write("r.yaml", one)))] == []


def test_plots_that_draw_nothing_say_so_and_write_no_assets(write, tmp_path, capsys, monkeypatch):
    """One log row and no baseline: --plots warns (nothing-to-plot) instead of passing in silence."""
    monkeypatch.chdir(tmp_path)  # messages name a file by its path relative to here
    one = write("r.yaml", TRAINING_RECORDS.split("    - {training_loss: 0.61")[0])
    out = tmp_path / "card" / "README.md"
    out.parent.mkdir()
    capsys.readouterr()
    assert main(["render", str(one), "-o", str(out), "--plots"]) == 0
    err = capsys.readouterr().err
    assert "warning: r.yaml: $.training.results: --plots drew nothing: the training log has 1 step" in err
    assert [p.name for p in out.parent.iterdir()] == ["README.md"] and "assets/" not in out.read_text()
    assert main(["render", str(one), "-o", str(out), "--plots", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["assets"] == [] and [w["code"] for w in report["warnings"]] == ["nothing-to-plot"]
    built = build_card(records=[one], output=tmp_path / "built.md", plots=True)
    assert [w.code for w in built.warnings if w.code == "nothing-to-plot"] == ["nothing-to-plot"]
    assert not (tmp_path / "assets").exists()


def test_a_template_that_places_no_plot_says_so(write, tmp_path):
    template = write("t.md.j2", '{% extends "modelcard.md.j2" %}{% block training %}{% endblock %}'
                                 '{% block evaluation %}{% endblock %}')
    card = render(load_records(write("r.yaml", TRAINING_RECORDS)), template, plots=True)
    assert card.assets == {}
    assert [(w.code, w.severity) for w in card.warnings] == [("nothing-to-plot", "warning")]
    assert "the template embeds none of the card's" in card.warnings[0].message
    drawn = render(load_records(write("r.yaml", TRAINING_RECORDS)), plots=True)
    assert drawn.assets and drawn.warnings == ()


def test_without_plots_nothing_changes(tmp_path):
    for name in EXAMPLE_NAMES:
        card = render(load_records(EXAMPLES / name))
        assert card.assets == {}
        assert card.text == (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
        assert "assets/" not in card.text


# ---------------------------------------------------------------------------- bytes


def test_rendering_twice_gives_the_same_bytes(zephyr_card):
    again = render(load_records(EXAMPLES / "zephyr-7b-gemma-v0.1"), plots=True)
    assert again.assets == zephyr_card.assets and again.text == zephyr_card.text
    assert set(zephyr_card.assets) == files_of(EXAMPLE_PLOTS["zephyr-7b-gemma-v0.1"])


def test_same_bytes_in_another_process(zephyr_card):
    code = ("import hashlib, json, sys; from generator import load_records; from generator.render.card import render;"
            "card = render(load_records(sys.argv[1]), plots=True);"
            "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in card.assets.items()}))")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "zephyr-7b-gemma-v0.1")],
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {k: sha(v) for k, v in zephyr_card.assets.items()}


def test_files_carry_no_date_or_version(zephyr_card):
    import matplotlib

    for name, data in zephyr_card.assets.items():
        assert matplotlib.__version__.encode() not in data, name
        if name.endswith(".png"):
            assert b"Software" not in data and b"tIME" not in data
        else:
            assert b"<dc:date>" not in data and b"Matplotlib v" not in data
            assert b"<dc:title>Bar chart: zephyr-7b-gemma-v0.1 against" in data


def test_record_text_is_shown_literally():
    chart = Chart("x", "Costs in $ and $$", "alt", "comparison", benchmarks=("Score $x$", "B"),
                  bars=(Bars("ours $1", (1.0, 2.0), ("1", "2"), True), Bars("base_model", (2.0, 1.0), ("2", "1"))))
    files = draw(chart)
    assert b"<svg" in files["assets/x.svg"][:400] and files["assets/x.png"].startswith(b"\x89PNG")


# ---------------------------------------------------------------------------- command line


def test_plots_need_an_output_path(tmp_path, capsys):
    example = str(EXAMPLES / "zephyr-7b-gemma-v0.1")
    assert main(["render", example, "--plots"]) == 2
    assert "--plots: writes the plot files to assets/ next to the card, so it needs -o" in capsys.readouterr().err
    assert main(["build", "--records", example + "/01-model.yaml", "--plots"]) == 2
    with pytest.raises(UsageError):
        render_card(example, plots=True)
    with pytest.raises(UsageError):
        build_card(records=[example], plots=True)


def test_cli_render_and_build_with_plots(tmp_path, capsys):
    out = tmp_path / "README.md"
    assert main(["render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o", str(out), "--plots", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {str(Path(a).relative_to(tmp_path)) for a in report["assets"]} == files_of(
        EXAMPLE_PLOTS["zephyr-7b-gemma-v0.1"])
    built = tmp_path / "built" / "README.md"
    built.parent.mkdir()
    assert main(["build", "--trainer-dir", str(FIXTURES / "trainer_sft"), "--repo-id", "acme/tiny", "-o", str(built),
                 "--plots"]) == 0
    assert f"wrote 6 plot files to {built.parent / 'assets'}" in capsys.readouterr().err
    assert (built.parent / "assets" / "training_accuracy.png").is_file()


def test_missing_matplotlib_is_one_clear_line(tmp_path):
    out = tmp_path / "README.md"
    code = ("import sys; sys.modules['matplotlib'] = None; from generator.cli.main import main;"
            "sys.exit(main(sys.argv[1:]))")
    for args in (["render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o", str(out), "--plots"],
                 ["build", "--trainer-dir", str(FIXTURES / "trl_dpo"), "--repo-id", "a/b", "-o", str(out), "--plots"],
                 ["publish", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "--repo-id", "a/b", "--plots"]):
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert result.returncode == 2, result.stderr
        assert "plots need matplotlib: pip install 'modelcard-generator[plots]'" in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not out.exists() and not (tmp_path / "assets").exists()


def test_missing_matplotlib_in_the_api(monkeypatch, tmp_path):
    from generator.errors import PlotsUnavailable

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(PlotsUnavailable, match=r"plots need matplotlib: pip install 'modelcard-generator\[plots\]'"):
        render_card(EXAMPLES / "zephyr-7b-gemma-v0.1", plots=True, output=tmp_path / "README.md")
    assert render_card(EXAMPLES / "zephyr-7b-gemma-v0.1") == (GOLDEN / "zephyr-7b-gemma-v0.1.md").read_text()


def test_render_without_plots_does_not_import_matplotlib(tmp_path):
    code = ("import sys; from generator.cli.main import main; code = main(sys.argv[1:]);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy', 'PIL')];"
            "print(bad); sys.exit(code or (1 if bad else 0))")
    result = subprocess.run([sys.executable, "-c", code, "render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o",
                             str(tmp_path / "README.md")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------- publishing

REPO = "alice/zephyr"


def publish(hub, source, repo=REPO, **kw):
    kw.setdefault("policy", RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None))
    return publish_card(source, repo, endpoint=hub.endpoint, token=hub.token, **kw)


def test_publish_puts_card_and_plots_in_one_commit(local_hub, zephyr_card):
    source = EXAMPLES / "zephyr-7b-gemma-v0.1"
    result = publish(local_hub, source, plots=True)
    assert result.status == "committed", result.message
    assert local_hub.commit_count(REPO) == 1
    files = local_hub.files(REPO)
    assert set(zephyr_card.assets) <= set(files) and "README.md" in files
    for name, data in zephyr_card.assets.items():
        assert files[name] == data
    readme = files["README.md"].decode()
    assert "](assets/comparison_performance_mt_bench_and_ifeval.png)" in readme
    assert "Add model card and 4 plot files" in local_hub.commits(REPO)[0].title
    local_hub.reset_counters()
    again = publish(local_hub, source, plots=True)
    assert again.status == "unchanged", again.message
    assert local_hub.commit_count(REPO) == 0


def test_publish_dry_run_names_binary_files(local_hub):
    result = publish(local_hub, EXAMPLES / "zephyr-7b-gemma-v0.1", plots=True, dry_run=True)
    assert result.status == "dry-run"
    assert "Binary files /dev/null and b/assets/comparison_performance_mt_bench_and_ifeval.png differ" in result.diff
    assert "assets/comparison_performance_mt_bench_and_ifeval.svg" in result.files
    assert local_hub.commit_count(REPO) == 0


def test_publish_a_rendered_readme_with_its_plots(local_hub, tmp_path):
    out = tmp_path / "zephyr" / "README.md"
    out.parent.mkdir()
    assert main(["render", str(EXAMPLES / "zephyr-7b-gemma-v0.1"), "-o", str(out), "--plots"]) == 0
    result = publish(local_hub, out, plots=True)
    assert result.status == "committed", result.message
    files = local_hub.files(REPO)
    assert files["assets/comparison_performance_mt_bench_and_ifeval.svg"] == (
        out.parent / "assets" / "comparison_performance_mt_bench_and_ifeval.svg").read_bytes()
    assert publish(local_hub, out, plots=True).status == "unchanged"
    (out.parent / "assets" / "comparison_performance_mt_bench_and_ifeval.png").unlink()
    missing = publish(local_hub, out, plots=True)
    assert missing.status == "invalid" and "links assets/comparison_performance_mt_bench_and_ifeval.png" in \
        missing.message


def test_a_plot_the_hub_keeps_in_lfs_counts_as_unchanged():
    data = b"\x89PNG\r\n\x1a\n..."
    pointer = b"version https://git-lfs.github.com/spec/v1\n"
    remote = Remote("sha", {"assets/a.png": git_blob_sha(pointer)}, None, {"assets/a.png": sha(data)})
    assert remote.holds("assets/a.png", data)
    assert not remote.holds("assets/a.png", data + b"x")
    assert Remote("sha", {"README.md": git_blob_sha(b"text")}, None).holds("README.md", "text")


def test_commit_messages_count_plot_files():
    new = Remote(None, {}, None)
    old = Remote("sha", {"README.md": "x"}, None)
    assert _message({"README.md": "", ".eval_results/a.yaml": ""}, new).startswith(
        "Add model card and 1 .eval_results file (")
    assert _message({"README.md": "", ".eval_results/a.yaml": "", "assets/a.png": b"", "assets/a.svg": b""},
                    old).startswith("Update model card, 1 .eval_results file and 2 plot files (")
    assert _message({"assets/a.png": b""}, old).startswith("Update plots (")
    assert _message({".eval_results/a.yaml": "", "assets/a.png": b""}, old).startswith(
        "Update evaluation results and 1 plot file (")
