"""The callback in a real pipeline's order of calls: what the Trainer writes after it, what it must not lose.

Each test runs the real transformers Trainer on the fixtures' tiny model (seconds on CPU) and is skipped without
torch, as the end-to-end tests of tests/test_integrations.py are.
"""

from __future__ import annotations

from pathlib import Path

from transformers import TrainingArguments

from generator.integrations import ModelCardCallback
from generator.markdown.frontmatter import split_card
from tests.test_integrations import REPO, _tiny_run, _torch_or_skip

MARKER = "<!-- modelcard-generator:begin"


def _trainer(tmp_path: Path, callback: ModelCardCallback, attach: bool, base: str = ""):
    from transformers import DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    if base:
        model.config._name_or_path = base  # what from_pretrained(base) sets: the Hub id it was given
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                             logging_steps=1, save_strategy="no", report_to="none", use_cpu=True)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:8],
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok)
    if attach:
        callback.attach(trainer)
    else:
        trainer.add_callback(callback)
    return trainer


def test_the_base_model_the_live_config_names_is_the_cards(tmp_path):
    """transformers 5 writes no ``_name_or_path`` into config.json; the Trainer's own card takes its ``base_model``
    from the live config (``finetuned_from``), and so does the callback's (it was lost: no base_model at all)."""
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=False, base="acme/tiny-base")
    trainer.train()
    meta, _ = split_card((tmp_path / "out" / "README.md").read_text(encoding="utf-8"), "README.md")
    assert meta["base_model"] == "acme/tiny-base"
    trainer.create_model_card()  # the Trainer's own card names the same base model
    meta, _ = split_card((tmp_path / "out" / "README.md").read_text(encoding="utf-8"), "README.md")
    assert meta["base_model"] == "acme/tiny-base"


def test_a_local_folder_the_model_was_loaded_from_is_no_base_model(tmp_path):
    """As the Trainer's card: a model loaded from a local folder names no base model (a path is no Hub id)."""
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=False, base=str(tmp_path))
    trainer.train()
    meta, _ = split_card((tmp_path / "out" / "README.md").read_text(encoding="utf-8"), "README.md")
    assert "base_model" not in meta


def test_the_trainers_create_model_card_no_longer_replaces_the_card_when_attached(tmp_path):
    """``trainer.create_model_card()`` (what ``push_to_hub`` calls before uploading output_dir) writes the Trainer's
    README over the callback's. Attached, the callback builds the card again from that README and writes it back:
    the facts given to create_model_card (datasets, base model, license, language) are in it."""
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=True)
    trainer.train()
    readme = tmp_path / "out" / "README.md"
    assert MARKER in readme.read_text(encoding="utf-8")
    trainer.create_model_card(dataset_tags="acme/tiny-data", dataset="acme/tiny-data",
                              finetuned_from="acme/tiny-base", license="mit", language="en")
    text = readme.read_text(encoding="utf-8")
    assert MARKER in text and text == callback.result.text
    meta, body = split_card(text, "README.md")
    assert meta["base_model"] == "acme/tiny-base" and meta["datasets"] == ["acme/tiny-data"]
    assert meta["license"] == "mit" and meta["language"] == ["en"]
    assert "generated_from_trainer" in meta["tags"] and "- training_steps: 2\n" in body


def test_without_attach_the_trainers_card_replaces_the_callbacks(tmp_path):
    """What attach is for: added with add_callback alone, the Trainer's own README wins the last write."""
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=False)
    trainer.train()
    trainer.create_model_card()
    assert MARKER not in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")


def test_attach_adds_the_callback_once(tmp_path):
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=True)
    callback.attach(trainer)
    assert trainer.callback_handler.callbacks.count(callback) == 1
    trainer.train()
    written = []
    callback.write_card = lambda *args, **kwargs: written.append(args)  # counts the builds, the card aside
    trainer.create_model_card()
    assert len(written) == 1
