"""The facts of the Trainer's own card that only the live run knows, on the callback's card: the dataset the training
set was loaded as, the tags the model carries, and no sentence of the Trainer's that the records contradict.

Each test runs the real transformers Trainer (or TRL's SFTTrainer) on the fixtures' tiny model, and compares with
the card transformers or TRL write for the same run (``create_model_card``). Skipped without torch, as the end-to-end
tests of tests/test_integrations.py are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from transformers import TrainingArguments

from generator.integrations import ModelCardCallback
from generator.markdown.frontmatter import split_card
from tests.test_integrations import REPO, _tiny_run, _torch_or_skip, _trl_or_skip


def _sft_run(tmp_path: Path, steps: int) -> tuple:
    """The tiny model, its tokenizer, an addition data set and SFTConfig of ``steps`` steps that saves nothing."""
    from datasets import Dataset
    from trl import SFTConfig

    model, tok, _ = _tiny_run(tmp_path)
    data = Dataset.from_dict({"text": [f"Question: What is {a} plus {b}?\nAnswer: {a + b}" for a in range(4)
                                       for b in range(4)]})
    length = {"max_length" if "max_length" in SFTConfig.__dataclass_fields__ else "max_seq_length": 32}
    args = SFTConfig(output_dir=str(tmp_path / "out"), max_steps=steps, per_device_train_batch_size=4,
                     save_strategy="no", report_to="none", use_cpu=True, **length)
    return model, tok, data, args


def _rows(tmp_path: Path, loaded_as: str):
    """The tiny run's tokenized lines as a ``datasets.Dataset`` loaded as ``loaded_as``: "script" as
    ``load_dataset("gsm8k", "main")`` gave it while gsm8k had its loading script (its builder named gsm8k), "json"
    by ``load_dataset("json", data_files=...)`` (how a Hub dataset without a script loads too: a file builder),
    "dict" by ``Dataset.from_dict`` (no builder at all)."""
    from datasets import Dataset, DatasetInfo, load_dataset

    model, tok, rows = _tiny_run(tmp_path)
    columns = {key: [row[key] for row in rows] for key in rows[0]}
    if loaded_as in ("json", "folder"):
        folder = tmp_path / "OpenHermes-2.5" if loaded_as == "folder" else tmp_path
        folder.mkdir(exist_ok=True)
        path = folder / "train.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        data = load_dataset(*(("json",) if loaded_as == "json" else ()), str(folder) if loaded_as == "folder" else None,
                            data_files=str(path) if loaded_as == "json" else None, split="train",
                            cache_dir=str(tmp_path / "cache"))
    else:
        data = Dataset.from_dict(columns)
        if loaded_as == "script":
            data = Dataset(data.data, info=DatasetInfo(builder_name="gsm8k", config_name="main"), split="train")
    return model, tok, data


def _trainer(tmp_path: Path, data, model, tok, **trainer_kwargs):
    from transformers import DataCollatorForLanguageModeling, Trainer

    model.config._name_or_path = "acme/tiny-base"  # what from_pretrained("acme/tiny-base") sets
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                             save_strategy="no", report_to="none", use_cpu=True)
    return Trainer(model=model, args=args, train_dataset=data, processing_class=tok,
                   data_collator=DataCollatorForLanguageModeling(tok, mlm=False), **trainer_kwargs)


def _meta(tmp_path: Path) -> dict:
    return split_card((tmp_path / "out" / "README.md").read_text(encoding="utf-8"), "README.md")[0]


@pytest.mark.parametrize("loaded_as, datasets", [("script", ["gsm8k"]), ("json", None), ("dict", None)])
def test_the_dataset_the_training_set_was_loaded_as_is_the_cards_as_in_the_trainers(tmp_path, loaded_as, datasets):
    """transformers' card names the dataset from the live ``datasets.Dataset`` (its builder_name) when none is
    given; the callback's card did not name it at all. It names the same, and, where transformers' card names a file
    builder (left out by it too) or "the None dataset" (from_dict), nothing."""
    _torch_or_skip()
    model, tok, data = _rows(tmp_path, loaded_as)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, data, model, tok, callbacks=[callback])
    trainer.train()
    assert callback.error is None
    assert _meta(tmp_path).get("datasets") == datasets
    assert callback.result is not None and list(callback.result.records.model.datasets) == (datasets or [])
    assert not [w for w in callback.result.warnings if w.code == "dataset-not-named"]  # nothing was named
    trainer.create_model_card()  # the Trainer's own card, for the same run
    assert _meta(tmp_path).get("datasets") == datasets


def test_the_config_and_split_of_the_training_set_are_shown_with_its_dataset(tmp_path):
    """A training set loaded at a config and a slice of a split (``load_dataset(..., "en", split="train[:50%]")``;
    ``datasets`` keeps both through map, shuffle and select) is listed under Training data with them
    (model.dataset_details), read back alike; a whole default training set says neither."""
    _torch_or_skip()
    from datasets import Dataset, DatasetInfo

    from generator.integrations.live import dataset_part
    from generator.sources.pipeline import ingest

    model, tok, rows = _tiny_run(tmp_path)
    info = DatasetInfo.from_directory(str(Path(__file__).resolve().parent / "datasets_shapes" / "4.8.4"))
    info.features, info.config_name = None, "en"
    data = Dataset.from_dict({key: [row[key] for row in rows] for key in rows[0]}, info=info, split="train[:50%]")
    assert dataset_part(data.shuffle(seed=0).select(range(2))) == "config en, split train[:50%]"
    whole = DatasetInfo.from_directory(str(Path(__file__).resolve().parent / "datasets_shapes" / "4.8.4"))
    whole.features = None
    assert whole.config_name == "default"
    assert dataset_part(Dataset.from_dict({key: [row[key] for row in rows] for key in rows[0]}, info=whole,
                                          split="train")) is None
    callback = ModelCardCallback(repo_id=REPO)
    _trainer(tmp_path, data, model, tok, callbacks=[callback]).train()
    assert callback.error is None and callback.result is not None
    assert callback.result.records.model.dataset_details == (("acme/Set-A", "config en, split train[:50%]"),)
    card = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "- **Training data:** [acme/Set-A](https://huggingface.co/datasets/acme/Set-A) (config en, split " \
        "train\\[:50%\\]) at [0123456](" in card
    assert ingest([tmp_path / "out" / "README.md"]).data["model"]["dataset_details"] == {
        "acme/Set-A": "config en, split train[:50%]"}


def test_the_commit_the_training_set_was_read_at_is_shown_with_its_dataset(tmp_path):
    """A training set read from a Hub dataset's files (the dataset_info.json real ``datasets`` 4.8.4 wrote for the files
    of hf://datasets/acme/Set-A@SHA/, tests/datasets_shapes) is listed under Model details' Training data at that
    commit, which the Hub's ``datasets:`` list (ids alone) has no place for; the card read back keeps it."""
    _torch_or_skip()
    from datasets import Dataset, DatasetInfo

    from generator.sources.pipeline import ingest

    sha = "0123456789abcdef0123456789abcdef01234567"  # the shapes' commit
    model, tok, rows = _tiny_run(tmp_path)
    info = DatasetInfo.from_directory(str(Path(__file__).resolve().parent / "datasets_shapes" / "4.8.4"))
    info.features = None  # the tokenized rows' own (the file's are the raw text column's)
    data = Dataset.from_dict({key: [row[key] for row in rows] for key in rows[0]}, info=info, split="train")
    callback = ModelCardCallback(repo_id=REPO)
    _trainer(tmp_path, data, model, tok, callbacks=[callback]).train()
    assert callback.error is None and callback.result is not None
    assert callback.result.records.model.dataset_revisions == (("acme/Set-A", sha),)
    card = tmp_path / "out" / "README.md"
    assert "- **Training data:** [acme/Set-A](https://huggingface.co/datasets/acme/Set-A) at [0123456](https://" \
        f"huggingface.co/datasets/acme/Set-A/tree/{sha})\n" in card.read_text(encoding="utf-8")
    assert _meta(tmp_path)["datasets"] == ["acme/Set-A"]
    read = ingest([card]).data["model"]
    assert read["dataset_revisions"] == {"acme/Set-A": sha}
    assert "Training data" not in read.get("details", {})  # the derived fact, not the card's own wording of it


@pytest.mark.parametrize("records, warned", [(None, True), ({"model": {"datasets": ["teknium/OpenHermes-2.5"]}},
                                                                  False)])
def test_a_set_read_from_a_named_repo_or_folder_is_said_to_name_no_dataset(tmp_path, records, warned):
    """``load_dataset("teknium/OpenHermes-2.5")`` (no loading script) and ``load_dataset("./OpenHermes-2.5")`` load
    with a file builder (``json``, ``parquet``) that keeps only the name snake-cased (``open_hermes-2.5``), no Hub id:
    the card names no dataset, and said nothing of it. It says so, unless the records name the dataset; a file given
    by path (``load_dataset("json", data_files=...)``) keeps no name and is not warned about."""
    _torch_or_skip()
    model, tok, data = _rows(tmp_path, "folder")
    assert (data.info.builder_name, data.info.dataset_name) == ("json", "open_hermes-2.5")  # lossy: no id from it
    given = []
    if records is not None:
        (tmp_path / "card.yaml").write_text(yaml.safe_dump(records), encoding="utf-8")
        given = [str(tmp_path / "card.yaml")]
    callback = ModelCardCallback(repo_id=REPO, records=given)
    _trainer(tmp_path, data, model, tok, callbacks=[callback]).train()
    assert callback.error is None and callback.result is not None
    unnamed = [w for w in callback.result.warnings if w.code == "dataset-not-named"]
    assert [(w.path, "`open_hermes-2.5`" in w.message) for w in unnamed] == ([("model.datasets", True)] if warned else [])
    assert list(callback.result.records.model.datasets) == ([] if warned else ["teknium/OpenHermes-2.5"])


def test_an_attached_callback_names_the_dataset_without_training(tmp_path):
    """``attach`` knows the trainer, so a card written before (or without) training names its training set too."""
    _torch_or_skip()
    model, tok, data = _rows(tmp_path, "script")
    trainer = _trainer(tmp_path, data, model, tok)
    callback = ModelCardCallback(repo_id=REPO).attach(trainer)
    result = callback.write_card(trainer.args, trainer.state, trainer.model, tok)
    assert result.records.model.datasets == ("gsm8k",)


def test_a_trl_run_that_saved_no_readme_has_the_tags_trl_gives_the_model(tmp_path):
    """TRL's trainers tag the model (``add_model_tags(self._tag_names)``: trl, sft), and ``push_to_hub`` puts those
    tags on the card it uploads, as TRL's own README lists them. With save_strategy="no" TRL wrote no README, and the
    callback's card had no tag at all."""
    _trl_or_skip()
    from trl import SFTTrainer

    model, tok, data, args = _sft_run(tmp_path, steps=2)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tok, callbacks=[callback])
    trainer.train()
    assert callback.error is None
    assert {"trl", "sft"} <= set(_meta(tmp_path)["tags"])
    assert {"trl", "sft"} <= set(trainer.model.model_tags)  # what push_to_hub adds to the card it uploads


def test_tags_a_script_adds_to_the_model_are_the_cards(tmp_path):
    """``model.add_model_tags([...])`` in a plain Trainer script: ``trainer.push_to_hub()`` tags the card with them."""
    _torch_or_skip()
    model, tok, data = _rows(tmp_path, "dict")
    model.add_model_tags(["arithmetic"])
    callback = ModelCardCallback(repo_id=REPO)
    _trainer(tmp_path, data, model, tok, callbacks=[callback]).train()
    assert "arithmetic" in _meta(tmp_path)["tags"]


def test_the_trainers_trained_from_scratch_sentence_goes_where_the_records_name_a_base_model(tmp_path):
    """A model loaded from a local folder: the Trainer's own card says "This model was trained from scratch on the
    None dataset." (no Hub id to name, a Dataset.from_dict). Attached, the callback read that README and kept the
    sentence as the author's summary beside the base model the records give: the card said both."""
    _torch_or_skip()
    model, tok, data = _rows(tmp_path, "dict")
    records = tmp_path / "card.yaml"
    records.write_text(yaml.safe_dump({"model": {"base_model": "acme/tiny-base"}}), encoding="utf-8")
    trainer = _trainer(tmp_path, data, model, tok)
    model.config._name_or_path = str(tmp_path)  # from_pretrained of a local folder
    callback = ModelCardCallback(repo_id=REPO, records=records).attach(trainer)
    trainer.train()
    trainer.create_model_card()  # writes the Trainer's card, which the attached callback reads and replaces
    text = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert callback.error is None and "<!-- modelcard-generator:begin" in text
    assert split_card(text, "README.md")[0]["base_model"] == "acme/tiny-base"
    assert "trained from scratch" not in text and "None dataset" not in text


def test_no_saved_trainer_folder_gives_the_trainers_from_scratch_sentence_as_a_summary():
    """The same sentence in the fixtures' saved runs (transformers 4.28.1 to 5.24.0, TRL 0.7.11: each model loaded
    from a local folder) was every one of their cards' summary."""
    from generator import build_card

    fixtures = Path(__file__).resolve().parent / "fixtures"
    folders = sorted(p.parent for p in fixtures.rglob("README.md")
                     if "This model was trained from scratch on " in p.read_text(encoding="utf-8"))
    assert len(folders) >= 10
    for folder in folders:
        card = build_card(trainer_dir=folder, repo_id=REPO)
        assert "trained from scratch" not in card.text and not card.records.model.summary, folder


def test_a_classifier_loaded_from_a_causal_lm_is_the_cards_task_as_save_pretrained_names_it(tmp_path):
    """``AutoModelForSequenceClassification.from_pretrained`` of a causal LM (a reward model's start): the live config
    still lists the checkpoint's ``LlamaForCausalLM``, which ``save_pretrained`` replaces with the class it saves. The
    callback wrote the live config as it was, and its card said text-generation; the saved run, and transformers'
    card (its task from the model's class, TASK_MAPPING), say text-classification."""
    _torch_or_skip()
    from datasets import Dataset
    from transformers import AutoModelForSequenceClassification, Trainer

    causal, tok, rows = _tiny_run(tmp_path)
    causal.save_pretrained(str(tmp_path / "base"))
    model = AutoModelForSequenceClassification.from_pretrained(str(tmp_path / "base"), num_labels=2)
    model.config.pad_token_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    assert model.config.architectures == ["LlamaForCausalLM"]
    data = Dataset.from_dict({"input_ids": [r["input_ids"][:8] for r in rows],
                              "labels": [i % 2 for i in range(len(rows))]})
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                             per_device_eval_batch_size=4, eval_strategy="steps", eval_steps=2, save_strategy="no",
                             report_to="none", use_cpu=True)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = Trainer(model=model, args=args, train_dataset=data.select(range(16)),
                      eval_dataset=data.select(range(16, 24)), processing_class=tok, callbacks=[callback])
    trainer.train()
    assert callback.error is None
    text = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert _meta(tmp_path)["pipeline_tag"] == "text-classification"
    assert "- **Architecture:** LlamaForSequenceClassification\n" in text
    trainer.save_model()
    assert json.loads((tmp_path / "out" / "config.json").read_text(encoding="utf-8"))["architectures"] == \
        ["LlamaForSequenceClassification"]
    from generator import build_card

    built = build_card(trainer_dir=tmp_path / "out", repo_id=REPO)
    assert built.records.model.pipeline_tag == "text-classification"


_OPENED: list[str] = []  # the files opened for reading while a test listens (see _listen)
_LISTENING: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    if _LISTENING and event == "open" and isinstance(args[0], (str, os.PathLike)) and str(args[1] or "r")[0] == "r":
        _OPENED.append(os.fspath(args[0]))


def _listen() -> None:
    """Record every file Python opens for reading (sys.addaudithook: the interpreter's own "open" event; a hook
    cannot be removed, so it is added once and only records while listening)."""
    import sys

    if not _LISTENING:
        sys.addaudithook(_audit)
        _LISTENING.append(True)
    _OPENED.clear()


@pytest.mark.parametrize("readme", [True, False])
def test_a_build_reads_the_runs_files_once(tmp_path, readme):
    """The callback wrote the run's files into a temporary folder and read them twice a build: once for the versions
    a README there lists (write_live_facts), once to build the card. Only a README copied from output_dir can name
    another process's versions: it alone is read first (the build takes its text from memory), and with none, nothing.
    Each of the run's files is now opened as often as ``build --trainer-dir`` on the same files opens it."""
    _torch_or_skip()
    from generator import build_card
    from generator.integrations import write_run_files
    from tests.test_integrations import live_args, live_state, output_dir_of

    model, _, _ = _tiny_run(tmp_path)
    out = output_dir_of("trainer_sft", tmp_path, files=("README.md",) if readme else ())
    callback = ModelCardCallback(repo_id=REPO)
    args, state = live_args("trainer_sft", out), live_state("trainer_sft")
    callback.build(args, state, model)  # imports (a build writes no card: output_dir keeps TRL's README)
    saved = tmp_path / "saved"
    saved.mkdir()
    write_run_files(saved, args, state, model, out)
    try:
        _listen()
        callback.build(args, state, model)
        live = [Path(p).name for p in _OPENED if "modelcard-run-" in p]
        _listen()
        build_card(trainer_dir=saved, repo_id=REPO)
        built = [Path(p).name for p in _OPENED if str(saved) in p]
    finally:
        _LISTENING.clear()
    for name in ("trainer_state.json", "training_args.bin", "config.json", "tokenizer_config.json"):
        assert live.count(name) == built.count(name), (name, live, built)
    # the README's text comes from memory the second time; the card importer still opens the file itself
    assert ("README.md" in live) == readme
    assert not readme or live.count("README.md") < 2 * built.count("README.md"), (live, built)


@pytest.mark.parametrize("variable", ["JOB_ID", "HF_JOB_ID"])
def test_a_trl_run_inside_a_hugging_face_job_is_tagged_as_trls_card_tags_it(tmp_path, monkeypatch, variable):
    """TRL 0.22+'s trainers write their own card (BaseTrainer.create_model_card in 1.16), tagged hf_jobs when
    ``JOB_ID`` is set; transformers 5.x's checks ``HF_JOB_ID``, which TRL's never reads. The callback tagged a TRL
    run by transformers' variable: hf_jobs where TRL's card has none, and none where TRL's has it."""
    _trl_or_skip()
    import trl
    from trl import SFTTrainer

    for name in ("JOB_ID", "HF_JOB_ID", "HF_JOB_FLAVOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "6a1b2c3d")
    model, tok, data, args = _sft_run(tmp_path, steps=1)
    trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tok)
    ours = ModelCardCallback(repo_id=REPO).write_card(trainer.args, trainer.state, trainer.model, tok)
    trainer.create_model_card()  # TRL's own card, over ours
    trls = "hf_jobs" in _meta(tmp_path)["tags"]
    assert trls is (variable == "JOB_ID" and tuple(map(int, trl.__version__.split(".")[:2])) >= (0, 22))
    assert ("hf_jobs" in (ours.records.model.tags or ())) is trls


def test_the_tags_a_trl_trainers_card_is_given_keep_the_order_given(tmp_path):
    """TRL 0.19+ writes the tags its create_model_card is given (``push_to_hub(tags=...)`` passes them on) from a
    set: the attached callback, which reads that README, put them in the set's order; it keeps the order given."""
    _trl_or_skip()
    import trl
    from trl import SFTTrainer

    if tuple(map(int, trl.__version__.split(".")[:2])) < (0, 19):
        pytest.skip("TRL before 0.19 keeps the tags as given")
    model, tok, data, args = _sft_run(tmp_path, steps=1)
    trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tok)
    callback = ModelCardCallback(repo_id=REPO).attach(trainer)
    trainer.train()
    given = ["zeta-notes", "alpha-run", "mid-tag"]
    trainer.create_model_card(tags=given)
    assert callback.error is None and callback.result is not None
    tags = [t for t in _meta(tmp_path)["tags"] if t in given]
    assert tags == given, _meta(tmp_path)["tags"]
