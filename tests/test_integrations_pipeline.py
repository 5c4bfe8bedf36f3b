"""The callback in a real pipeline's order of calls: what the Trainer writes after it, what it must not lose.

Each test runs the real transformers Trainer on the fixtures' tiny model (seconds on CPU) and is skipped without
torch, as the end-to-end tests of tests/test_integrations.py are.
"""

from __future__ import annotations

import re
from pathlib import Path

from transformers import TrainingArguments

from generator.integrations import ModelCardCallback
from generator.markdown.frontmatter import split_card
from tests.test_integrations import REPO, _tiny_run, _torch_or_skip, _trl_or_skip

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


def test_added_with_add_callback_the_callback_attaches_itself_when_training_begins(tmp_path):
    """The way scripts add it (``add_callback``, ``callbacks=[...]``), without ``attach``: the Trainer's
    ``create_model_card()``, the last line of transformers' example scripts, wrote its README over the card (the
    card was lost in every such script). The callback attaches itself when training begins: the card stays, with
    what create_model_card was given."""
    _torch_or_skip()
    callback = ModelCardCallback(repo_id=REPO)
    trainer = _trainer(tmp_path, callback, attach=False)
    trainer.train()
    trainer.save_model()
    trainer.create_model_card(dataset_tags="acme/tiny-data", dataset="acme/tiny-data", finetuned_from="acme/tiny-base")
    text = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert MARKER in text and text == callback.result.text
    meta, _ = split_card(text, "README.md")
    assert meta["base_model"] == "acme/tiny-base" and meta["datasets"] == ["acme/tiny-data"]
    assert trainer.callback_handler.callbacks.count(callback) == 1


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


# ---------------------------------------------------------------------------- load_best_model_at_end

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


def test_with_load_best_model_at_end_the_results_are_the_best_checkpoints(tmp_path):
    """The model saved is the best checkpoint's (checkpoint-4 here), not the last step's: the card's results are
    its evaluation during training; they were the last evaluation's, of weights the run threw away."""
    from generator.sources.trainer import read_trainer_dir

    folder = SHAPES / "best_checkpoint_5.25"
    training = read_trainer_dir(folder).data["training"]
    assert training["eval_results"] == {"Loss (a)": 5.485199928283691, "Loss (b)": 5.496166229248047}
    assert training["statistics"]["Best checkpoint"] == "checkpoint-4"
    assert training["eval_results_of"] == "the best checkpoint, step 4"  # not the table's last row: said
    assert [row["step"] for row in training["results"]] == [4, 8, 12]  # the table keeps every evaluation


def test_without_load_best_model_at_end_the_results_are_the_last_evaluations(tmp_path):
    import json
    import shutil

    from generator.sources.trainer import read_trainer_dir

    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "best_checkpoint_5.25", folder)
    args = json.loads((folder / "training_args.json").read_text(encoding="utf-8"))
    (folder / "training_args.json").write_text(json.dumps({**args, "load_best_model_at_end": False}),
                                               encoding="utf-8")
    training = read_trainer_dir(folder).data["training"]
    assert training["eval_results"] == {"Loss (a)": 5.043856620788574, "Loss (b)": 5.078824996948242}
    assert "eval_results_of" not in training


def test_an_evaluation_after_training_still_wins_over_the_best_checkpoints(tmp_path):
    import json
    import shutil

    from generator.sources.trainer import read_trainer_dir

    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "best_checkpoint_5.25", folder)
    state = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
    state["log_history"] += [{"epoch": 1.5, "eval_a_loss": 5.4851, "step": 12},
                             {"epoch": 1.5, "eval_b_loss": 5.4961, "step": 12}]
    (folder / "trainer_state.json").write_text(json.dumps(state), encoding="utf-8")
    training = read_trainer_dir(folder).data["training"]
    assert training["eval_results"] == {"Loss (a)": 5.4851, "Loss (b)": 5.4961}
    # of the best checkpoint (loaded at the end), not of the table's last row, step 12: said, as when the same
    # evaluation is read from eval_results.json (a script that saves the state before evaluating)
    assert training["eval_results_of"] == "the best checkpoint, step 4, evaluated after training"


def test_the_callback_at_train_end_gives_the_best_checkpoints_results(tmp_path):
    """A real run with two eval sets and load_best_model_at_end, its best checkpoint the first (greater_is_better
    on a loss): the card written when training ends reports that checkpoint's evaluation, which the final
    trainer.evaluate() of the loaded model then repeats."""
    _torch_or_skip()
    from transformers import DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=6, per_device_train_batch_size=4,
                             per_device_eval_batch_size=4, learning_rate=3e-3, logging_steps=2, eval_strategy="steps",
                             eval_steps=2, save_strategy="steps", save_steps=2, load_best_model_at_end=True,
                             metric_for_best_model="eval_a_loss", greater_is_better=True, seed=1, report_to="none",
                             use_cpu=True)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:16], eval_dataset={"a": rows[16:20], "b": rows[20:]},
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok,
                      callbacks=[callback])
    trainer.train()
    assert trainer.state.best_model_checkpoint.endswith("checkpoint-2")
    first = {k: v for entry in trainer.state.log_history if entry.get("step") == 2 for k, v in entry.items()
             if k.startswith("eval_") and k.endswith("_loss")}
    assert callback.result is not None
    assert dict(callback.result.records.training.eval_results) == {"Loss (a)": first["eval_a_loss"],
                                                                  "Loss (b)": first["eval_b_loss"]}
    final = trainer.evaluate()  # the loaded best model: the same losses
    assert abs(final["eval_a_loss"] - first["eval_a_loss"]) < 1e-4


def test_a_trl_script_with_two_eval_sets_and_the_best_checkpoint_gets_the_card_build_gives(tmp_path):
    """SFTTrainer with two eval sets and load_best_model_at_end (the best: the first evaluation, greater_is_better on
    a loss), the callback attached, in a TRL script's order: save the state, evaluate the loaded best model, write
    TRL's card (which the attached callback replaces, reading the live log: it has that evaluation). build on the
    saved folder (whose log has not: eval_results.json has it) gives the same card: the same final results, each
    set's together, said to be the best checkpoint's evaluated after training (they were listed in another order,
    and said to be of step 2 alone, by build)."""
    from tests.test_integrations import _trl_or_skip

    _trl_or_skip()
    import shutil

    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    from generator import build_card

    model, tok, _ = _tiny_run(tmp_path)
    rows = [(f"Question: What is {a} plus {b}?", str(a + b)) for a in range(6) for b in range(4)]
    data = Dataset.from_dict({"prompt": [[{"role": "user", "content": p}] for p, _ in rows],
                              "completion": [[{"role": "assistant", "content": c}] for _, c in rows]})
    out = tmp_path / "out"
    args = SFTConfig(output_dir=str(out), max_steps=6, per_device_train_batch_size=4, per_device_eval_batch_size=4,
                     learning_rate=3e-3, logging_steps=2, eval_strategy="steps", eval_steps=2, save_strategy="steps",
                     save_steps=2, load_best_model_at_end=True, metric_for_best_model="a_loss",
                     greater_is_better=True, max_length=32, seed=1, report_to="none", use_cpu=True)
    trainer = SFTTrainer(model=model, args=args, train_dataset=data.select(range(16)),
                         eval_dataset={"a": data.select(range(16, 20)), "b": data.select(range(20, 24))},
                         processing_class=tok)
    callback = ModelCardCallback(repo_id=REPO).attach(trainer)
    train_result = trainer.train()
    assert trainer.state.best_model_checkpoint.endswith("checkpoint-2")
    trainer.save_metrics("train", train_result.metrics)
    trainer.save_state()
    trainer.save_model()
    trainer.save_metrics("eval", trainer.evaluate())
    trainer.create_model_card(model_name=out.name)
    assert callback.error is None
    live = (out / "README.md").read_text(encoding="utf-8")
    assert "on the evaluation set (the best checkpoint, step 2, evaluated after training):\n- Loss (a): " in live
    listed = live.split("evaluated after training):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    sets = [line.rpartition(" (")[2].split(")")[0] for line in listed]
    assert sets == sorted(sets) and set(sets) == {"a", "b"}
    type(trainer).create_model_card(trainer, model_name=out.name)  # TRL's own README, as the script leaves it
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, ignore=shutil.ignore_patterns("checkpoint-*"))
    assert "modelcard-generator" not in (saved / "README.md").read_text(encoding="utf-8")
    # (TRL's num_tokens, its count of training tokens, which it logs with each evaluation, is no result: the log's
    # evaluation after training has the run's total, the saved log step 2's, eval_results.json the total once)
    assert live == build_card(trainer_dir=saved, repo_id=REPO).text


# ---------------------------------------------------------------------------- a second stage of training


def test_a_second_stage_loaded_from_the_first_stages_output_dir_names_its_repo_as_base_model(tmp_path):
    """Stage 1 (an SFT run pushed as acme/tiny-sft: hub_model_id) saves to out1; stage 2 (DPO, here a second
    Trainer run) loads the model from that folder. The Trainer's card names no base model for a local folder; the
    callback's names the repo stage 1's run names (its arguments' hub_model_id, its card), the lineage the Hub
    shows. A stage 1 that names no repo: none, as on the Trainer's card."""
    _torch_or_skip()
    from transformers import AutoModelForCausalLM, DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    collator = DataCollatorForLanguageModeling(tok, mlm=False)
    cases = (("acme/tiny-sft", None, "acme/tiny-sft"),  # the repo its TrainingArguments push to
             (None, "acme/tiny-sft", "acme/tiny-sft"),  # the repo its card (the callback's) names
             (None, None, None))
    for n, (hub_model_id, card_repo_id, expected) in enumerate(cases):
        first = tmp_path / f"out1-{n}"
        args = TrainingArguments(output_dir=str(first), max_steps=1, per_device_train_batch_size=4,
                                 save_strategy="no", report_to="none", use_cpu=True, hub_model_id=hub_model_id)
        stage1 = Trainer(model=model, args=args, train_dataset=rows[:4], data_collator=collator)
        ModelCardCallback(repo_id=card_repo_id).attach(stage1)
        stage1.train()
        stage1.save_model()
        stage1.save_state()

        second = AutoModelForCausalLM.from_pretrained(str(first))
        assert second.config._name_or_path == str(first)
        args = TrainingArguments(output_dir=str(tmp_path / "out2"), max_steps=1, per_device_train_batch_size=4,
                                 save_strategy="no", report_to="none", use_cpu=True)
        callback = ModelCardCallback(repo_id="acme/tiny-dpo")
        Trainer(model=second, args=args, train_dataset=rows[4:8], data_collator=collator,
                callbacks=[callback]).train()
        assert callback.result.records.model.base_model == expected


def test_a_lora_stage_on_the_first_stages_output_dir_names_its_repo_as_base_model(tmp_path):
    """As above with PEFT: the adapter's base_model_name_or_path is the folder stage 2 loaded (adapter_config.json
    as PEFT saves it); the callback's card names the repo stage 1's run names, where it had only a 'local path'
    warning and no base model."""
    _torch_or_skip(peft=True)
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    collator = DataCollatorForLanguageModeling(tok, mlm=False)
    first = tmp_path / "out1"
    args = TrainingArguments(output_dir=str(first), max_steps=1, per_device_train_batch_size=4, save_strategy="no",
                             report_to="none", use_cpu=True, hub_model_id="acme/tiny-sft")
    stage1 = Trainer(model=model, args=args, train_dataset=rows[:4], data_collator=collator)
    stage1.train()
    stage1.save_model()
    stage1.save_state()

    lora = get_peft_model(AutoModelForCausalLM.from_pretrained(str(first)),
                          LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    assert lora.peft_config["default"].base_model_name_or_path == str(first)
    args = TrainingArguments(output_dir=str(tmp_path / "out2"), max_steps=1, per_device_train_batch_size=4,
                             save_strategy="no", report_to="none", use_cpu=True)
    callback = ModelCardCallback(repo_id="acme/tiny-lora")
    Trainer(model=lora, args=args, train_dataset=rows[4:8], data_collator=collator, callbacks=[callback]).train()
    model_records = callback.result.records.model
    assert model_records.base_model == "acme/tiny-sft" and model_records.base_model_relation == "adapter"


# ---------------------------------------------------------------------------- push_to_hub, on the local Hub

from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: E402,F401


def test_push_to_hub_uploads_the_attached_callbacks_card(tmp_path, local_hub, monkeypatch):  # noqa: F811
    """A script with push_to_hub=True ends with trainer.push_to_hub(), as transformers' examples do: it writes the
    Trainer's README and uploads output_dir. With the callback attached, the README on the Hub is this card, with
    what push_to_hub was given (its dataset tags)."""
    _torch_or_skip()
    import transformers.utils.hub
    from transformers import DataCollatorForLanguageModeling, Trainer

    # transformers 5 keeps one HfApi, with the endpoint of when it was made (an earlier test's): a new one here
    monkeypatch.setattr(transformers.utils.hub, "_hf_api", None, raising=False)

    model, tok, rows = _tiny_run(tmp_path)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                             logging_steps=1, save_strategy="no", report_to="none", use_cpu=True, push_to_hub=True,
                             hub_model_id="alice/tiny-run", hub_token=local_hub.token)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:8],
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok)
    callback = ModelCardCallback().attach(trainer)
    trainer.train()
    trainer.push_to_hub(dataset_tags="acme/tiny-data")
    on_hub = local_hub.read_file("alice/tiny-run", "README.md").decode()
    assert on_hub == (tmp_path / "out" / "README.md").read_text(encoding="utf-8") == callback.result.text
    meta, _ = split_card(on_hub, "README.md")
    assert MARKER in on_hub and meta["datasets"] == ["acme/tiny-data"]
    assert meta["model-index"][0]["name"] == "alice/tiny-run"


def test_save_model_with_push_to_hub_uploads_the_card_of_a_callback_given_to_the_trainer(tmp_path, local_hub,  # noqa: F811
                                                                                      monkeypatch):
    """``callbacks=[ModelCardCallback()]`` and ``push_to_hub=True``: ``save_model()`` pushes output_dir (after
    create_model_card), as does ``push_to_hub()``; the Hub ended with the Trainer's README, it has the card."""
    _torch_or_skip()
    import transformers.utils.hub
    from transformers import DataCollatorForLanguageModeling, Trainer

    monkeypatch.setattr(transformers.utils.hub, "_hf_api", None, raising=False)
    model, tok, rows = _tiny_run(tmp_path)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=1, per_device_train_batch_size=4,
                             save_strategy="no", report_to="none", use_cpu=True, push_to_hub=True,
                             hub_model_id="alice/tiny-run", hub_token=local_hub.token)
    callback = ModelCardCallback()
    trainer = Trainer(model=model, args=args, train_dataset=rows[:4], processing_class=tok, callbacks=[callback],
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False))
    trainer.train()
    trainer.save_model()
    on_hub = local_hub.read_file("alice/tiny-run", "README.md").decode()
    assert MARKER in on_hub and on_hub == callback.result.text


class _Counting(ModelCardCallback):
    """The callback, counting the cards it writes (each a full build, and a publication with publish=True)."""

    writes = 0

    def write_card(self, *args, **kwargs):
        self.writes += 1
        return super().write_card(*args, **kwargs)


def test_trls_readme_at_each_checkpoint_builds_no_card_during_training(tmp_path):
    """TRL's trainers call create_model_card at each checkpoint save: attached, the callback leaves those to TRL
    (a build, and with publish=True a publication, at every checkpoint otherwise) and writes its card once, when
    training ends (reading TRL's last README: tests/test_integrations.py); a create_model_card after training
    writes it again."""
    _torch_or_skip()
    try:
        from datasets import Dataset
        from trl import SFTConfig, SFTTrainer
    except ImportError:
        import pytest

        pytest.skip("trl is not installed")
    model, tok, _ = _tiny_run(tmp_path)
    data = Dataset.from_dict({"text": [f"Question: What is {a} plus {b}?\nAnswer: {a + b}" for a in range(4)
                                       for b in range(2)]})
    out = tmp_path / "out"
    length = "max_length" if "max_length" in SFTConfig.__dataclass_fields__ else "max_seq_length"  # TRL < 0.20
    args = SFTConfig(output_dir=str(out), max_steps=2, per_device_train_batch_size=4, logging_steps=1,
                     save_strategy="steps", save_steps=1, report_to="none", use_cpu=True, **{length: 32})
    trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tok)
    callback = _Counting(repo_id=REPO).attach(trainer)
    trainer.train()
    assert (out / "checkpoint-1").is_dir() and callback.writes == 1
    text = (out / "README.md").read_text(encoding="utf-8")
    assert MARKER in text
    trainer.create_model_card(model_name="out")
    after = (out / "README.md").read_text(encoding="utf-8")
    assert callback.writes == 2 and MARKER in after and after == callback.result.text


def test_a_run_early_stopping_stopped_says_so_with_its_patience(tmp_path):
    """EarlyStoppingCallback (patience 1, greater_is_better on a loss: the second evaluation is no better) stops a run
    planned for 20 steps at step 2: the card showed 'Global step: 2' beside 'training_steps: 20' and no word of
    early stopping; it names the patience and says the callback stopped the run, as build on the saved folder does."""
    _torch_or_skip()
    from transformers import DataCollatorForLanguageModeling, EarlyStoppingCallback, Trainer

    from generator import build_card

    model, tok, rows = _tiny_run(tmp_path)
    out = tmp_path / "out"
    args = TrainingArguments(output_dir=str(out), max_steps=20, per_device_train_batch_size=4, learning_rate=3e-3,
                             eval_strategy="steps", eval_steps=1, save_strategy="steps", save_steps=1,
                             load_best_model_at_end=True, metric_for_best_model="loss", greater_is_better=True,
                             report_to="none", use_cpu=True, seed=1)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:16], eval_dataset=rows[16:],
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok,
                      callbacks=[callback, EarlyStoppingCallback(early_stopping_patience=1)])
    trainer.train()
    assert trainer.state.global_step == 2
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "- **Early stopping:** stopped at step 2 of 20\n" in text and "- early_stopping_patience: 1\n" in text
    trainer.save_state()
    assert "- **Early stopping:** stopped at step 2 of 20\n" in build_card(trainer_dir=out, repo_id=REPO).text


class _StopAt(__import__("transformers").TrainerCallback):
    """Ends the script as a crash would, after the checkpoint of ``step`` is saved."""

    def __init__(self, step: int) -> None:
        self.step = step

    def on_save(self, args, state, control, **kwargs):
        if state.global_step == self.step:
            raise KeyboardInterrupt


def test_a_run_resumed_from_a_checkpoint_says_its_time_is_of_the_resumed_steps(tmp_path):
    """``trainer.train(resume_from_checkpoint=True)`` after a crash at step 2 of 4: train() times the steps after 2
    alone, and its train_loss is theirs (on transformers 4.x, their loss summed and divided by all 4 steps). The card
    said 'Training time' and 'Train loss' as the whole run's; it says whose the time is and leaves that loss out (the
    results table keeps every step), as build does for a run whose arguments name the checkpoint."""
    _torch_or_skip()
    from transformers import DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    out = tmp_path / "out"

    def trainer(model, callbacks):
        args = TrainingArguments(output_dir=str(out), max_steps=4, per_device_train_batch_size=4, logging_steps=1,
                                 save_strategy="steps", save_steps=2, report_to="none", use_cpu=True, seed=1)
        return Trainer(model=model, args=args, train_dataset=rows[:16], callbacks=callbacks, processing_class=tok,
                       data_collator=DataCollatorForLanguageModeling(tok, mlm=False))

    try:
        trainer(model, [_StopAt(2)]).train()
    except KeyboardInterrupt:
        pass
    callback = ModelCardCallback(repo_id=REPO)
    trainer(_tiny_run(tmp_path)[0], [callback]).train(resume_from_checkpoint=True)
    text = (out / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^- \*\*Training time:\*\* [\d.]+ s \(of the steps after step 2: the run resumed from "
                     r"checkpoint-2\)$", text, flags=re.M)
    assert "Train loss" not in text and "- **Global step:** 4\n" in text and "- training_steps: 4\n" in text
    assert [w.code for w in callback.result.warnings if w.code == "resumed-run"] == ["resumed-run"]


def _pushing_trl_run(tmp_path: Path, local_hub, monkeypatch, strategy: str, report_to: str = "none"):  # noqa: F811
    """A TRL SFT script of two steps that pushes to the local Hub with ``hub_strategy``, the callback given to it."""
    import transformers.utils.hub
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    monkeypatch.setattr(transformers.utils.hub, "_hf_api", None, raising=False)
    model, tok, _ = _tiny_run(tmp_path)
    data = Dataset.from_dict({"text": [f"Question: What is {a} plus {b}?\nAnswer: {a + b}" for a in range(4)
                                       for b in range(2)]})
    args = SFTConfig(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4, logging_steps=1,
                     save_strategy="steps", save_steps=1, report_to=report_to, use_cpu=True, max_length=32,
                     push_to_hub=True, hub_model_id="alice/tiny-run", hub_token=local_hub.token,
                     hub_strategy=strategy, hub_always_push=True)
    callback = ModelCardCallback()
    trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tok, callbacks=[callback])
    trainer.train()
    trainer.push_to_hub()
    return callback, [(c.title, c.files.get("README.md", b"").decode()) for c in local_hub.commits("alice/tiny-run")]


def test_the_readme_a_trl_run_pushes_at_each_checkpoint_is_the_card(tmp_path, local_hub, monkeypatch):  # noqa: F811
    """``push_to_hub=True`` with ``hub_strategy="every_save"`` uploads output_dir at each checkpoint, just after TRL
    wrote its README there: the Hub showed TRL's card until the end of training. It shows the card of the run so far
    (its steps), and the last card is the one a run pushed only at its end gets (TRL's README read as ever)."""
    _torch_or_skip()
    _trl_or_skip()
    callback, commits = _pushing_trl_run(tmp_path, local_hub, monkeypatch, "every_save")
    during = [(title, text) for title, text in commits if title.startswith("Training in progress")]
    assert [title for title, _ in during] == ["Training in progress, step 2", "Training in progress, step 1"]
    assert all(MARKER in text for _, text in during)
    assert "- **Global step:** 1\n" in during[1][1] and "- **Global step:** 2\n" in during[0][1]
    assert "- **Saved at:** step 1 of 2, before training ended" in during[1][1]  # step 2: all of them
    assert commits[0][0] == "End of training" and commits[0][1] == callback.result.text
    _, at_end = _pushing_trl_run(tmp_path / "end", local_hub, monkeypatch, "end")
    assert _timeless(commits[0][1]) == _timeless(at_end[0][1])


def test_without_the_push_event_trls_checkpoint_readme_is_still_the_card(tmp_path, local_hub, monkeypatch):  # noqa: F811
    """transformers 4.x calls no ``on_push_begin`` before a checkpoint's upload: the card replaces TRL's README
    when TRL writes it at the checkpoint (``create_model_card``, attached), just before the Trainer pushes."""
    _torch_or_skip()
    _trl_or_skip()
    monkeypatch.setattr(ModelCardCallback, "on_push_begin", lambda self, *args, **kwargs: None)
    callback, commits = _pushing_trl_run(tmp_path, local_hub, monkeypatch, "checkpoint")
    during = [text for title, text in commits if title.startswith("Training in progress")]
    assert len(during) == 4 and all(MARKER in text for text in during)
    assert commits[0][1] == callback.result.text


def _timeless(card: str) -> str:
    """A card less its training time (and the digest of the block that holds it), which differ from run to run."""
    return re.sub(r"sha256=\w+ -->", "", re.sub(r"- \*\*Training time:\*\* .*\n", "", card))


def test_a_trainer_pushing_at_each_checkpoint_uploads_the_card_of_the_run_so_far(tmp_path, local_hub,  # noqa: F811
                                                                                  monkeypatch):
    """transformers 5 calls ``on_push_begin`` before each checkpoint's upload: a plain Trainer's pushes during
    training uploaded no README (the Hub showed no card until the end); they upload the card of the run so far."""
    _torch_or_skip()
    import transformers.utils.hub
    from transformers import DataCollatorForLanguageModeling, Trainer, TrainerCallback

    if not hasattr(TrainerCallback, "on_push_begin"):
        import pytest

        pytest.skip("transformers 4.x calls no on_push_begin (its Trainer pushes no README during training)")
    monkeypatch.setattr(transformers.utils.hub, "_hf_api", None, raising=False)
    model, tok, rows = _tiny_run(tmp_path)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                             logging_steps=1, save_strategy="steps", save_steps=1, report_to="none", use_cpu=True,
                             push_to_hub=True, hub_model_id="alice/tiny-run", hub_token=local_hub.token,
                             hub_strategy="all_checkpoints", hub_always_push=True)
    Trainer(model=model, args=args, train_dataset=rows[:8], processing_class=tok, callbacks=[ModelCardCallback()],
            data_collator=DataCollatorForLanguageModeling(tok, mlm=False)).train()
    pushed = {c.title: c.files.get("README.md", b"").decode() for c in local_hub.commits("alice/tiny-run")}
    assert MARKER in pushed["Training in progress, step 1"] and MARKER in pushed["Training in progress, step 2"]
    assert "- **Saved at:** step 1 of 2, before training ended" in pushed["Training in progress, step 1"]
