"""generator.sources.card_files: a card of ours read with the `.eval_results` files it wrote."""

from __future__ import annotations

from conftest import MINIMAL

from generator.card.eval_results import eval_results_files
from generator.records.loader import load_records
from generator.render.card import render_card
from generator.sources.pipeline import ingest

RECORDS = MINIMAL.replace("dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test}",
                          "dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test, task_id: arc_challenge}")


def _download(write, tmp_path, edit=lambda text: text):
    """Our card and its `.eval_results` files as a download of the repo (the file passed through ``edit``)."""
    records = write("records/records.yaml", RECORDS)
    folder = tmp_path / "download"
    (folder / ".eval_results").mkdir(parents=True)
    (folder / "README.md").write_text(render_card(records), encoding="utf-8")
    for name, text in eval_results_files(load_records(records)).items():
        (folder / name).write_text(edit(text), encoding="utf-8")
    return folder


def test_the_files_score_is_the_cards_evaluation_which_keeps_its_task_id(write, tmp_path):
    folder = _download(write, tmp_path)
    got = ingest(sources=[folder / "README.md", folder / ".eval_results"], repo_id="acme/tiny-dpo")
    arc = [e for e in got.data["evaluations"] if e["dataset"]["id"] == "allenai/ai2_arc"]
    assert len(arc) == 1 and arc[0]["dataset"]["task_id"] == "arc_challenge"
    assert arc[0]["eval_results_file"] == "arc_challenge.yaml" and arc[0]["benchmark"] == "ARC Challenge"
    assert not [w for w in got.warnings if w.code in ("eval-results-not-read", "score-read-twice")]


def test_a_file_a_person_changed_is_not_the_cards_evaluation(write, tmp_path):
    """A score edited in the file on the Hub is not the one the card wrote: both are kept, as before."""
    folder = _download(write, tmp_path, lambda text: text.replace("58.45", "61.2"))
    got = ingest(sources=[folder / "README.md", folder / ".eval_results"], repo_id="acme/tiny-dpo")
    arc = [e for e in got.data["evaluations"] if e["dataset"]["id"] == "allenai/ai2_arc"]
    assert sorted(e["metrics"][0]["value"] for e in arc) == [58.45, 61.2]
    assert "task_id" not in next(e for e in arc if e["metrics"][0]["value"] == 58.45)["dataset"]


def test_the_card_alone_says_its_files_were_not_read(write, tmp_path):
    folder = _download(write, tmp_path)
    got = ingest(sources=[folder / "README.md"], repo_id="acme/tiny-dpo")
    [told] = [w for w in got.warnings if w.code == "eval-results-not-read"]
    assert "arc_challenge.yaml" in told.message and "modelcard ingest README.md .eval_results" in told.fix
