"""Models sentence-transformers and SetFit save, and the cards they write (generator.sources.sentence_models), read
from real folders and cards (tests/trainer_shapes/ORIGINS.txt, tests/card_shapes/ORIGINS.txt)."""

from __future__ import annotations

import importlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.sources.readers import detect_format
from generator.sources.trainer import read_trainer_dir

TESTS = Path(__file__).resolve().parent
SHAPES = TESTS / "trainer_shapes"


def test_a_setfit_model_whose_card_lost_its_metadata_is_a_setfit_classifier() -> None:
    """SergiFuster/dailynoteclassifier-setfit-v1.5-16-shot (SetFit 1.1.0, sentence-transformers 3.3.1): its author cut
    the metadata off SetFit's card, so config.json's BertModel named a plain transformers model with no task; its
    config_setfit.json says SetFit, whose card tags text-classification."""
    model = read_trainer_dir(SHAPES / "setfit_no_frontmatter_1.1").data["model"]
    assert (model["library_name"], model["pipeline_tag"]) == ("setfit", "text-classification")
    assert model["base_model"] == "BAAI/bge-small-en-v1.5"


def test_a_sentence_transformer_saved_without_a_card_is_one() -> None:
    """A SentenceTransformer sentence-transformers 5.1.2 saved (Gustavo-Bicaletto/P.I.6's semantic matcher, its card
    left out): config_sentence_transformers.json's model_type, not config.json's XLMRobertaModel, says what it is;
    its version is the card's Sentence Transformers version."""
    read = read_trainer_dir(SHAPES / "sentence_transformer_no_card_5.1").data
    assert (read["model"]["library_name"], read["model"]["pipeline_tag"]) == ("sentence-transformers",
                                                                              "sentence-similarity")
    assert read["training"]["framework_versions"]["Sentence Transformers"] == "5.1.2"


@pytest.mark.parametrize(("card", "library", "pipeline"), [
    ("st5_cross_encoder_untitled.md", "sentence-transformers", "text-ranking"),
    ("setfit_1.1_st5_dutch_labels.md", "setfit", "text-classification"),
])
def test_a_run_committed_as_its_tools_card_alone_is_read(tmp_path: Path, card: str, library: str,
                                                         pipeline: str) -> None:
    """A CrossEncoder's card (sentence-transformers 5.2.2) and a SetFit 1.1.3 card, each the one file of a folder:
    read as the run's README, as a Trainer's card is (they were refused: no file a Trainer writes)."""
    shutil.copy(TESTS / "card_shapes" / card, tmp_path / "README.md")
    assert detect_format(tmp_path) == "trainer"
    model = read_trainer_dir(tmp_path).data["model"]
    assert (model["library_name"], model["pipeline_tag"]) == (library, pipeline)


def test_a_sentence_transformers_2_card_saved_without_a_model_name_gets_the_repo_id() -> None:
    """Saim5000/my-awesome-setfit-model's card, which sentence-transformers 2.x's save() wrote without a model_name:
    its title, code and benchmark link keep the template's {MODEL_NAME}. With a repo id the card names and loads that
    repo, as save_to_hub writes it; without one the code is kept as written and both placeholders are said."""
    from generator import build_card, ingest

    card = TESTS / "card_shapes" / "st2_setfit_model_name_unfilled.md"
    text = build_card(sources=[card], repo_id="acme/setfit-v2").text
    assert "{MODEL_NAME}" not in text
    assert "model = SentenceTransformer('acme/setfit-v2')" in text and "seb.sbert.net?model_name=acme/setfit-v2" in text
    assert "\n# setfit-v2\n" in text
    alone = ingest(sources=[card])
    assert alone.data["model"]["name"] is False
    assert "SentenceTransformer('{MODEL_NAME}')" in "".join(s["content"] for s in alone.data["sections"])
    said = [(w.file, w.message) for w in alone.warnings if w.code == "placeholder-value"]
    assert "sentence-transformers 2.x's card template" in said[0][1]
    assert [where for where, _ in said[1:]] == ["Usage (Sentence-Transformers) section", "Evaluation Results section"]


@pytest.mark.parametrize(("card", "loads"), [
    ("st5_sentence_transformer_trained.md", 'SentenceTransformer("acme/model")'),
    ("st5_cross_encoder_untitled.md", 'CrossEncoder("acme/model")'),
    ("setfit_1.1_st5_dutch_labels.md", 'SetFitModel.from_pretrained("acme/model")'),
])
def test_the_card_of_a_model_saved_not_pushed_loads_the_repo_it_is_built_for(tmp_path: Path, card: str,
                                                                             loads: str) -> None:
    """sentence-transformers 5.x's SentenceTransformer and CrossEncoder cards and SetFit 1.1's, written by save (its
    model_id unset): the run's card, built with a repo id, loads that repo where the tool's placeholder id stood."""
    from generator import build_card

    shutil.copy(TESTS / "card_shapes" / card, tmp_path / "README.md")
    text = build_card(trainer_dir=tmp_path, repo_id="acme/model").text
    assert loads in text
    assert "_model_id\"" not in text


# --- the Quick start run: tiny models the libraries save, offline ------------------------------------------------------

def _library_or_skip(module: str, package: str) -> Any:
    """``module`` imported (torch with it), or the test skipped (failed where CI requires them) without it."""
    from conftest import missing
    from test_usage_tasks import _torch_or_skip

    _torch_or_skip()
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"{package} is not installed (pip install {package})", "MODELCARD_REQUIRE_TORCH")


def _saved(tmp_path: Path, kind: str) -> Path:
    """A tiny model of ``kind`` the library saved (its README, the card it writes, beside its files)."""
    from test_usage_tasks import _bert, _torch_or_skip

    _torch_or_skip()  # before torch is imported: skipped without it (failed where CI requires it)
    import torch

    torch.manual_seed(0)
    base, model = tmp_path / "base", tmp_path / "model"
    base.mkdir()
    if kind == "CrossEncoder":
        _bert(base, "BertForSequenceClassification", num_labels=1)
        _library_or_skip("sentence_transformers", "sentence-transformers").CrossEncoder(str(base)).save(str(model))
    elif kind in ("SentenceTransformer", "SparseEncoder", "MultiVectorEncoder"):
        _bert(base, "BertForMaskedLM" if kind == "SparseEncoder" else "BertModel")  # (SPLADE's pooling: MLM logits)
        library = _library_or_skip("sentence_transformers", "sentence-transformers")
        getattr(library, kind)(str(base)).save(str(model))
    else:
        _bert(base, "BertModel")
        setfit = _library_or_skip("setfit", "setfit")
        classifier = setfit.SetFitModel.from_pretrained(str(base), labels=["negative", "positive"])
        texts = ["my name is wolfgang", "i live in berlin", "the phone", "a problem with the phone"]
        classifier.model_head.fit(classifier.encode(texts), [1, 1, 0, 0])
        classifier.save_pretrained(str(model))
    return model


@pytest.mark.parametrize(("kind", "tag"), [
    ("SentenceTransformer", "sentence-similarity"),
    ("CrossEncoder", "text-ranking"),
    ("SetFit", "text-classification"),
    ("SparseEncoder", "feature-extraction"),
    ("MultiVectorEncoder", "feature-extraction"),
])
def test_the_quick_start_runs_a_model_the_library_saved(tmp_path: Path, kind: str, tag: str) -> None:
    """A SentenceTransformer, a CrossEncoder, a SparseEncoder, a MultiVectorEncoder and a SetFit model as the
    libraries save them: with the card they wrote, the card keeps its own code, loading the repo, and gets no second
    Quick start; without it, the card's Quick start is the library's, and runs the model (a SparseEncoder and a
    MultiVectorEncoder got none: the tags their cards give, which tell their feature-extraction apart, are the
    class's)."""
    from test_usage_tasks import _printed, code_of

    from generator import build_card
    from generator.card.usage import quick_start

    model = _saved(tmp_path, kind)
    library = "setfit" if kind == "SetFit" else "sentence-transformers"
    text = build_card(trainer_dir=model, repo_id="acme/m").text
    assert f"library_name: {library}\n" in text and f"pipeline_tag: {tag}\n" in text
    assert "## Quick start" not in text
    # (SetFit 1.2 names a model saved in the temp dir by its path's last two folders, pytest's tmp_path/model: the
    # repo id is written in its place as in place of a placeholder)
    assert '"acme/m"' in text and "_model_id\"" not in text and f'"{tmp_path.name}/model"' not in text
    (model / "README.md").unlink()
    text = build_card(trainer_dir=model, repo_id="acme/m").text
    tags = {"SparseEncoder": ["sparse-encoder"], "MultiVectorEncoder": ["multi-vector"]}.get(kind, [])
    shown = quick_start("acme/m", tag, library, None, tags=tags)
    assert shown and f"## Quick start\n\n{shown}\n" in text
    printed = _printed(code_of(shown).replace('"acme/m"', json.dumps(str(model))), f"<Quick start of {kind}>")
    if kind == "SentenceTransformer":
        assert printed.startswith("(3, 32)\ntensor([[1.0000,")
    elif kind == "SparseEncoder":
        assert printed.startswith("torch.Size([3, 27])\ntensor([["), printed  # (a sparse tensor over the vocabulary)
    elif kind == "MultiVectorEncoder":
        assert re.fullmatch(r"tensor\(\[\[(-?\d+\.\d+,? *){3}\]\]\)\n", printed), printed
    elif kind == "CrossEncoder":
        assert re.fullmatch(r"(0\.\d\d  [01]\n){2}", printed), printed
    else:
        assert re.fullmatch(r"\[('(negative|positive)',? ?){3}\]\n", printed), printed


def test_a_sparse_encoder_card_showing_its_own_direct_use_gets_no_second_quick_start() -> None:
    """telepix/PIXIE-Splade-v1.0's card (card_shapes/ORIGINS.txt) runs its SparseEncoder under "## Direct Use
    (Inverted-Index Retrieval)", as sentence-transformers' template does under "### Direct Usage (Sentence
    Transformers)": a usage section of its own, so the Quick start its tags now allow (sparse-encoder) is not written
    a second time."""
    from generator import build_card
    from generator.card.usage import quick_start

    assert "SparseEncoder(" in quick_start("telepix/PIXIE-Splade-v1.0", "feature-extraction", "sentence-transformers",
                                           None, tags=["sparse-encoder"])
    text = build_card(sources=[TESTS / "card_shapes" / "st5_sparse_encoder_splade_person.md"],
                      repo_id="telepix/PIXIE-Splade-v1.0").text
    assert "- sparse-encoder\n" in text and "## Quick start" not in text
    assert text.count("model = SparseEncoder(") == 1


def test_setfits_save_path_in_its_cards_code_is_no_repo_id(tmp_path: Path) -> None:
    """SetFit 1.2 writes `SetFitModel.from_pretrained("<parent>/<folder>")` in the card of a model saved in the temp
    dir (for push_to_hub, which saves to <tmp>/<repo id>): built without a repo id, that path was read as the model's
    Hub id (its model-index name, a repo-id-from-card warning); it is a placeholder: said, kept, and no repo id."""
    from generator import build_card

    model = _saved(tmp_path, "SetFit")
    saved = f"{tmp_path.name}/model"
    assert f'SetFitModel.from_pretrained("{saved}")' in (model / "README.md").read_text()
    got = build_card(trainer_dir=model)
    assert f"- name: {saved}\n" not in got.text and f'from_pretrained("{saved}")' in got.text
    codes = [w.code for w in got.warnings]
    assert "repo-id-from-card" not in codes and "no-repo-id" in codes
    (said,) = [w for w in got.warnings if w.code == "placeholder-value"]
    assert repr(saved) in said.message and "no Hub id" in said.message


def test_a_sentence_transformers_run_gets_its_results_citations_and_evaluation_once(tmp_path: Path) -> None:
    """A SentenceTransformerTrainer run (sentence-transformers 6.3.0, made by the tool): its evaluator's metrics are
    model-index results and columns of the training results, its training arguments (a pickled
    SentenceTransformerTrainingArguments) its hyperparameters; its card's own "Evaluation" and "Citation" are kept,
    so the card does not write a second one (the BibTeX cited once, under one heading) and the card checks clean."""
    from generator import build_card
    from generator.check.validate import validate_card

    text = build_card(trainer_dir=SHAPES / "sentence_transformers_trainer_6.3", repo_id="acme/st",
                      output=tmp_path / "README.md").text
    assert "type: sts-dev" in text and "value: 0.14285714285714288" in text
    assert "| Sts-dev Spearman Cosine |" in text and "- learning_rate: 0.001\n" in text
    shown = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    headings = re.findall(r"^## (.*)$", re.sub(r"```.*?```", "", shown, flags=re.S), re.M)
    assert headings.count("Evaluation") == 1 and headings.count("Citation") == 1
    assert text.count("@inproceedings{reimers-2019-sentence-bert,") == 1 and text.count("@article{10531646,") == 1
    assert not validate_card(tmp_path / "README.md").problems


def test_a_sentence_transformers_run_shows_its_training_log_once(tmp_path: Path) -> None:
    """The run of trainer_shapes/sentence_transformers_trainer_6.3: its card's "### Training Logs" (the evaluator's
    primary metric, and the training loss at each logging step) came beside the card's "### Training results" from
    the same trainer_state.json (each evaluation's loss and every metric of the evaluator): the fuller one, ours, is
    kept, the tool's "### Training Time" after it too. Hand-edited: a log whose evaluation value the results do not
    show (another run's card) is kept."""
    import shutil

    from generator import build_card

    text = build_card(trainer_dir=SHAPES / "sentence_transformers_trainer_6.3").text
    assert "### Training Logs" not in text and text.count("### Training results") == 1
    assert "### Training Time\n\n- **Training**: 6.0 seconds" in text
    assert "| 1.4895        | 2     | 12   | 2.8970          | 0.0959                 | 0.1429" in text
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "sentence_transformers_trainer_6.3", run)
    readme = run / "README.md"
    readme.write_text(readme.read_text().replace("| 2.9559          | 0.0857 ", "| 2.9559          | 0.0999 "))
    assert "### Training Logs" in build_card(trainer_dir=run).text


@pytest.mark.parametrize(("folder", "card", "versions", "lists"), [
    ("setfit_no_frontmatter_1.1", None, "- SetFit: 1.1.0\n- Sentence Transformers: 3.3.1\n- Transformers: 4.42.2\n", 1),
    (None, "setfit_own_evaluation_metrics.md", "- SetFit: 1.0.3\n- Sentence Transformers: 2.6.1\n", 1),
    (None, "st5_cross_encoder_untitled.md", "- Sentence Transformers: 5.2.2\n- Transformers: 5.2.0\n", 0),
])
def test_a_setfit_or_cross_encoder_card_of_the_run_says_its_lists_and_citation_once(
        tmp_path: Path, folder: str, card: str, versions: str, lists: int) -> None:
    """The cards SetFit (1.1.0, its files beside it: SergiFuster's; 1.0.3 alone: serdarcaglar's) and a CrossEncoder
    (sentence-transformers 5.2.2) write are no Trainer's: their text is kept whole, as a person's card read with the
    run. Its "Framework Versions", "Training Hyperparameters" and SetFit's BibTeX, which the run's reading took from
    the same text (and config files stating the same versions), were written again under a second heading of each."""
    from generator import build_card

    if card is not None:
        shutil.copy(TESTS / "card_shapes" / card, tmp_path / "README.md")
    text = build_card(trainer_dir=SHAPES / folder if folder else tmp_path, repo_id="acme/m").text
    shown = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    headings = [h.lower() for h in re.findall(r"^#+ (.*)$", re.sub(r"```.*?```", "", shown, flags=re.S), re.M)]
    assert headings.count("framework versions") == 1 and versions in text
    assert headings.count("citation") == 1
    assert headings.count("training hyperparameters") == lists
    assert text.count("@article{https://doi.org/10.48550/arxiv.2209.11055,") == lists


@pytest.mark.parametrize(("folder", "card", "base"), [
    (None, "st5_sentence_transformer_trained.md", "sentence-transformers/paraphrase-MiniLM-L6-v2"),
    ("sentence_transformers_adapter_5.9", None, "BAAI/bge-m3"),
])
def test_a_sentence_transformers_card_of_the_run_keeps_its_model_details_alone(
        tmp_path: Path, folder: str, card: str, base: str) -> None:
    """A SentenceTransformerTrainer's card (sentence-transformers 5.0.0, alone; 5.5.1's of a LoRA adapter, with its
    files) is the run's README, read as a Trainer's: its own "## Model Details", kept, states the base model. The
    card's generated "## Model details" list, the same facts again above it, is not written (model.facts, as the card
    importer reads such a card), and the base model is stated once, in the tool's words."""
    from generator import build_card

    if card is not None:
        shutil.copy(TESTS / "card_shapes" / card, tmp_path / "README.md")
    text = build_card(trainer_dir=SHAPES / folder if folder else tmp_path, repo_id="acme/m").text
    shown = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    headings = re.findall(r"^#+ (.*)$", re.sub(r"```.*?```", "", shown, flags=re.S), re.M)
    assert "Model details" not in headings and headings.count("Model Details") == 1
    assert shown.count(f"- **Base model:** [{base}](https://huggingface.co/{base})") == 1
    assert f"base_model: {base}\n" in text


def test_each_evaluators_metrics_are_of_the_eval_set_it_is_named_for() -> None:
    """sentence-transformers (3.x-6.x) runs its evaluators in the first eval set's evaluation only, each metric named
    by its evaluator (a run given eval_dataset={"sts-dev", "sts-test"} and evaluators of those names, 5.1.2): the
    sts-test evaluator's eval_sts-test_pearson_cosine, logged beside eval_sts-dev_loss, was read as a metric of
    sts-dev called "Sts-test Pearson Cosine"; the set's loss, in an entry of its own at the same step, is of the same
    evaluation: one row a step, and the final results hold each set's metrics."""
    training = read_trainer_dir(SHAPES / "sentence_transformers_two_sets_5.1").data["training"]
    assert [row["step"] for row in training["results"]] == [2, 4, 6, 8]
    assert not any("Sts-test" in label for row in training["results"] for label in row["metrics"])
    assert training["results"][0]["metrics"]["Pearson Cosine (sts-test)"] == 0.22266523160002458
    assert training["results"][0]["metrics"]["Validation Loss (sts-test)"] == 1.9555776119232178
    final = training["eval_results"]
    assert final["Pearson Cosine (sts-test)"] == 0.15858978529604198 and final["Loss (sts-test)"] == 1.9651414155960083
    assert final["Pearson Cosine (sts-dev)"] == -0.1889193000576947


def test_a_setfit_0x_model_and_its_card_are_setfits(tmp_path: Path) -> None:
    """argilla-io/argilla's tmp/ (SetFit 0.x: its card, config.json of a BertModel and model_head.pkl, no
    config_setfit.json, which 0.x never writes): SetFit's head file says SetFit, where config.json's BertModel named
    a transformers model (library_name: transformers, whose code loads no SetFit head); its card alone, SetFit 0.x's
    template ("This is a [SetFit model](...)"), is read as the run's README, as later SetFit cards are (it was
    refused: no file a Trainer writes)."""
    model = read_trainer_dir(SHAPES / "setfit_0.x_folder").data["model"]
    assert (model["library_name"], model["pipeline_tag"]) == ("setfit", "text-classification")
    shutil.copy(SHAPES / "setfit_0.x_folder" / "README.md", tmp_path / "README.md")
    assert detect_format(tmp_path) == "trainer"
    assert read_trainer_dir(tmp_path).data["model"]["pipeline_tag"] == "text-classification"


def test_setfit_0x_names_the_model_by_the_path_it_was_saved_to(tmp_path: Path) -> None:
    """SetFit 0.x titles its card and loads the model in its code by the path save_pretrained was given (argilla's
    `# tmp`, `SetFitModel.from_pretrained("tmp")`, saved to tmp/): built for a repo, that path was kept, code that
    loads nothing from the Hub; the repo id is written in its place, and titles the card. Without one, it is said."""
    from generator import build_card

    run = tmp_path / "tmp"
    shutil.copytree(SHAPES / "setfit_0.x_folder", run)
    text = build_card(trainer_dir=run, repo_id="acme/intent").text
    assert 'SetFitModel.from_pretrained("acme/intent")' in text and '"tmp"' not in text
    assert "\n# intent\n" in text and "\n# tmp\n" not in text
    alone = build_card(trainer_dir=run)
    assert 'from_pretrained("tmp")' in alone.text
    (said,) = [w for w in alone.warnings if w.code == "placeholder-value"]
    assert "'tmp'" in said.message and "no Hub id" in said.message


def test_a_shell_variable_named_model_name_is_no_placeholder():
    # sreech/finetune_textclass_genai's README runs `autotrain ... --model ${MODEL_NAME}`: the shell variable was taken
    # for sentence-transformers 2.x's {MODEL_NAME} placeholder, warned about, and with a repo id written over
    # (`--model $org/name`)
    from generator.sources.sentence_models import fill_model_ids

    code = "!autotrain llm --model ${MODEL_NAME} --data-path data/\nmodel = SentenceTransformer('{MODEL_NAME}')"
    data: dict[str, Any] = {"model": {"repo_id": "org/name"}, "sections": [{"title": "Usage", "content": code}]}
    assert fill_model_ids(data) == []
    assert data["sections"][0]["content"] == \
        "!autotrain llm --model ${MODEL_NAME} --data-path data/\nmodel = SentenceTransformer('org/name')"
    shell = {"model": {}, "sections": [{"title": "Usage", "content": "--model ${MODEL_NAME}"}]}
    assert fill_model_ids(shell) == []
