"""generator.integrations: the transformers TrainerCallback, driven with real transformers objects.

The runs' TrainingArguments are rebuilt from the fixtures' own training_args.bin (the fields the Trainer ran
with) and their TrainerState from the fixtures' trainer_state.json, with ``TrainerState.load_from_json``.
The end-to-end tests train a real (tiny, randomly initialised) model with a real Trainer, and with TRL's SFTTrainer
and GRPOTrainer: they need torch, accelerate, peft and trl, which the test extra does not pull in (see .ci/run, which
installs torch 2.13.0 CPU with them and sets MODELCARD_REQUIRE_TORCH=1 so that a missing one fails instead of
skipping).
"""

from __future__ import annotations

import ast
import dataclasses
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import missing
from transformers import TrainerControl, TrainerState, TrainingArguments  # the test extra installs transformers

from generator import build_card
from generator.errors import InputError, RecordsError, UsageError
from generator.integrations import ModelCardCallback
from generator.markdown.frontmatter import split_card
from generator.sources.training_args import read_training_args
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
REPO = "acme/tiny-run"


def _as_argument(value):
    """A saved field as TrainingArguments takes it: an object saved as data (accelerator_config) as its dict."""
    if isinstance(value, dict):
        return {k: _as_argument(v) for k, v in value.items() if k != "__class__"}
    return value


def live_args(run: str, output_dir: Path, **changes) -> TrainingArguments:
    """A real TrainingArguments with the fields the fixture's run saved in its training_args.bin."""
    saved = read_training_args(FIXTURES / run / "training_args.bin").fields
    init = {f.name: f.default for f in dataclasses.fields(TrainingArguments) if f.init}
    # transformers 5 saves some fields as None (fsdp) that 4.x does not take: those keep 4.x's default
    kwargs = {k: _as_argument(v) for k, v in saved.items() if k in init and (v is not None or init[k] is None)}
    kwargs.update(output_dir=str(output_dir), **changes)
    return TrainingArguments(**kwargs)


def live_state(run: str) -> TrainerState:
    """TrainerState.load_from_json, less the fields this transformers' TrainerState does not have (the fixtures
    were saved by 5.x; 4.x's has no best_global_step, for one)."""
    saved = json.loads((FIXTURES / run / "trainer_state.json").read_text(encoding="utf-8"))
    known = {f.name for f in dataclasses.fields(TrainerState)}
    return TrainerState(**{k: v for k, v in saved.items() if k in known})


def output_dir_of(run: str, tmp_path: Path, files=("README.md", "config.json")) -> Path:
    """An output_dir as it stands when training ends: the model not saved yet, the trainer's README (TRL writes
    one at each checkpoint) and a config; the run's numbers are only in the live objects. It is named as the run's
    was (the README's default title is that name)."""
    out = tmp_path / "out" / run
    out.mkdir(parents=True)
    for name in files:
        if (FIXTURES / run / name).exists():
            shutil.copyfile(FIXTURES / run / name, out / name)
    return out


def fixture_tokenizer(folder: Path):
    """A fixture's tokenizer. transformers 5 saved them as "TokenizersBackend", a class 4.x's AutoTokenizer does not
    know; PreTrainedTokenizerFast reads them in both (in 5.x it is that class)."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast.from_pretrained(str(folder))


def live_facts(tmp_path: Path, trl: bool = False) -> Path:
    """The facts of the Trainer's own card that only the live process knows, which no saved file holds: the framework
    versions its "Framework versions" lists (TRL's card puts TRL first), as this test process has them. A records
    file: ``build --trainer-dir`` on the saved folder with it gives the callback's card."""
    import datasets
    import tokenizers
    import transformers

    versions = {}
    if trl:
        import trl as trl_module
        versions["TRL"] = trl_module.__version__
    versions["Transformers"] = transformers.__version__
    try:
        import torch
        versions["PyTorch"] = str(torch.__version__)  # a TorchVersion, a str subclass
    except ImportError:
        pass
    versions.update(Datasets=datasets.__version__, Tokenizers=tokenizers.__version__)
    path = tmp_path / "live-facts.yaml"
    path.write_text(yaml.safe_dump({"training": {"framework_versions": versions}}, sort_keys=False), encoding="utf-8")
    return path


def end(callback: ModelCardCallback, args: TrainingArguments, state: TrainerState, **kwargs: Any) -> None:
    """What Trainer.train does with a callback: train begin (with an empty state), then train end (``kwargs``: what
    else the Trainer passes its callbacks, its tokenizer as ``processing_class``)."""
    callback.on_train_begin(args, TrainerState(), TrainerControl(), **kwargs)
    callback.on_train_end(args, state, TrainerControl(), **kwargs)


# ---------------------------------------------------------------------------- transformers stays out of generator


def test_only_integrations_imports_transformers():
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("transformers", "torch", "trl") for n in names):
                found.append(str(path.relative_to(ROOT)))
    assert sorted(set(found)) == ["generator/integrations/__init__.py", "generator/integrations/live.py",
                                  "generator/integrations/run_files.py"]


def test_importing_every_other_module_loads_no_transformers():
    code = ("import pkgutil, importlib, sys, generator\n"  # walk_packages would import generator.integrations
            "def walk(path, prefix):\n"
            "    for m in pkgutil.iter_modules(path, prefix):\n"
            "        if not m.name.startswith('generator.integrations') and not m.name.endswith('__main__'):\n"
            "            module = importlib.import_module(m.name)\n"
            "            if m.ispkg:\n"
            "                walk(module.__path__, m.name + '.')\n"
            "walk(generator.__path__, 'generator.')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('transformers', 'torch')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------------------- the card: as `build --trainer-dir`


@pytest.mark.parametrize("run", ["trainer_sft", "trainer_multi_eval"])
def test_card_at_train_end_is_what_build_gives_for_the_run(run, tmp_path):
    # the model's configuration as the output_dir holds it (generation_config.json: its decoding defaults too)
    out = output_dir_of(run, tmp_path, files=("README.md", "config.json", "generation_config.json"))
    args, state = live_args(run, out), live_state(run)
    callback = ModelCardCallback(repo_id=REPO)
    # the tokenizer the run saved, which the Trainer passes its callbacks (its chat template decides the Quick start)
    saved = (FIXTURES / run / "tokenizer_config.json").is_file()
    end(callback, args, state, **({"processing_class": fixture_tokenizer(FIXTURES / run)} if saved else {}))
    assert callback.error is None
    live = (out / "README.md").read_text(encoding="utf-8")
    # run_clm.py (trainer_sft's script) evaluates again after train() and saves the perplexity with those results
    # (eval_results.json, all_results.json), and adds train_samples / eval_samples to the metrics train() and
    # evaluate() return before it saves them, which build reads; the callback's card is of train end, before that:
    # the folder is built as it stood then
    folder = tmp_path / "saved"
    shutil.copytree(FIXTURES / run, folder)
    for name in ("train_results.json", "eval_results.json", "all_results.json"):
        if (folder / name).is_file():
            saved_results = json.loads((folder / name).read_text(encoding="utf-8"))
            for key in ("perplexity", "train_samples", "eval_samples"):
                saved_results.pop(key, None)
            (folder / name).write_text(json.dumps(saved_results, indent=4), encoding="utf-8")
    built = build_card(trainer_dir=folder, repo_id=REPO)
    # Same hyperparameters (rebuilt from the live TrainingArguments), same training-results table, same results.
    assert callback.result is not None
    ours, theirs = callback.result.records.training, built.records.training
    assert ours is not None and theirs is not None
    assert ours.hyperparameters == theirs.hyperparameters and len(ours.hyperparameters) >= 9
    assert ours.results == theirs.results and ours.results
    assert ours.eval_results == theirs.eval_results and ours.eval_results
    # The same card. These runs used disable_tqdm=True, whose PrinterCallback pops total_flos from the
    # end-of-training metrics before the script's save_metrics("train", ...) wrote train_results.json (transformers
    # before 4.40 leaves it out of them anyway): the saved folder's total is trainer_state.json's.
    flos = next(e["total_flos"] for e in state.log_history if "train_runtime" in e)
    assert f"- **Total FLOs:** {int(flos)}\n" in live
    assert "total_flos" not in json.loads((FIXTURES / run / "train_results.json").read_text())
    assert live == built.text


def test_card_from_the_live_objects_alone(tmp_path):
    """Nothing in output_dir yet: hyperparameters and tables still come out whole."""
    out = tmp_path / "out"
    args, state = live_args("trainer_multi_eval", out), live_state("trainer_multi_eval")
    callback = ModelCardCallback(repo_id=REPO)
    end(callback, args, state)
    built = build_card(trainer_dir=FIXTURES / "trainer_multi_eval", repo_id=REPO)
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "| Validation Loss (a) |" in text and "| Validation Loss (b) |" in text
    assert callback.result is not None and callback.result.records.training is not None
    assert callback.result.records.training.hyperparameters == built.records.training.hyperparameters


@pytest.mark.parametrize("template, expected", [
    (None, 'generator("The capital of France is"'),
    ("{% for m in messages %}{{ m['content'] }}{% endfor %}", 'messages = [{"role": "user"'),
])
def test_the_live_tokenizer_decides_the_quick_start(tmp_path, template, expected):
    """The Trainer passes its callbacks the tokenizer (``processing_class``): the callback saves it as the Trainer
    would, so a base model's tokenizer without a chat template gets a plain prompt in the Quick start, exactly as
    ``build`` gives once the script has saved it."""
    out = output_dir_of("trainer_sft", tmp_path)
    args, state = live_args("trainer_sft", out), live_state("trainer_sft")
    tokenizer = fixture_tokenizer(FIXTURES / "trainer_sft")
    tokenizer.chat_template = template
    callback = ModelCardCallback(repo_id=REPO)
    callback.on_train_begin(args, TrainerState(), TrainerControl(), processing_class=tokenizer)
    callback.on_train_end(args, state, TrainerControl(), processing_class=tokenizer)
    assert callback.error is None
    live = (out / "README.md").read_text(encoding="utf-8")
    quick_start = live.split("## Quick start", 1)[1].split("<!-- modelcard-generator:end uses", 1)[0]
    assert expected in quick_start

    saved = tmp_path / "saved"  # the script saves the run and its tokenizer; build on that folder agrees
    shutil.copytree(FIXTURES / "trainer_sft", saved, ignore=shutil.ignore_patterns(
        "checkpoint-*", "tokenizer*", "chat_template.*", "special_tokens_map.json", "README.md"))
    tokenizer.save_pretrained(saved)
    assert callback.result is not None
    built = build_card(trainer_dir=saved, repo_id=REPO).records.model
    assert callback.result.records.model.chat_template == built.chat_template == (template is not None)


def test_a_tokenizer_that_cannot_be_saved_costs_only_the_chat_template_fact(tmp_path, caplog):
    class Unsavable:
        def save_pretrained(self, folder):
            raise RuntimeError("custom processor")

    out = tmp_path / "out"
    args, state = live_args("trainer_sft", out), live_state("trainer_sft")
    callback = ModelCardCallback(repo_id=REPO)
    with caplog.at_level(logging.WARNING, logger="generator.integrations"):
        callback.on_train_end(args, state, TrainerControl(), processing_class=Unsavable())
    assert callback.error is None and (out / "README.md").is_file()
    assert "the tokenizer could not be saved (RuntimeError: custom processor)" in caplog.text


def test_records_files_are_merged_and_win(tmp_path):
    out = output_dir_of("trainer_sft", tmp_path)
    records = tmp_path / "card.yaml"
    records.write_text(f"model:\n  repo_id: {REPO}\n  license: apache-2.0\n  summary: A tiny test model.\n"
                       "training:\n  hyperparameters: {seed: 7}\n", encoding="utf-8")
    callback = ModelCardCallback(records=str(records))
    end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    meta, body = split_card((out / "README.md").read_text(encoding="utf-8"), "README.md")
    assert meta["license"] == "apache-2.0" and "A tiny test model." in body
    assert "- seed: 7\n" in body
    assert any(w.code == "overridden-value" for w in callback.result.warnings)  # 7 against the run's 42


def test_repo_id_from_hub_model_id_and_output_name(tmp_path):
    out = output_dir_of("trainer_sft", tmp_path)
    callback = ModelCardCallback(output="MODEL_CARD.md")
    end(callback, live_args("trainer_sft", out, hub_model_id="acme/from-args"), live_state("trainer_sft"))
    meta, _ = split_card((out / "MODEL_CARD.md").read_text(encoding="utf-8"), "MODEL_CARD.md")
    assert meta["model-index"][0]["name"] == "acme/from-args"
    assert (out / "README.md").read_bytes() == (FIXTURES / "trainer_sft" / "README.md").read_bytes()


def test_trainer_readme_in_output_dir_is_read_but_not_a_card_of_ours(tmp_path):
    out = output_dir_of("trainer_sft", tmp_path)
    shutil.copyfile(FIXTURES / "trl_dpo" / "README.md", out / "README.md")  # as TRL writes it at each checkpoint
    args, state = live_args("trainer_sft", out), live_state("trainer_sft")
    records = tmp_path / "card.yaml"
    records.write_text(f"model:\n  repo_id: {REPO}\n  tags: [from-records]\n", encoding="utf-8")
    end(ModelCardCallback(repo_id=REPO, records=records), args, state)
    meta, _ = split_card((out / "README.md").read_text(encoding="utf-8"), "README.md")
    trl_meta, _ = split_card((FIXTURES / "trl_dpo" / "README.md").read_text(encoding="utf-8"), "README.md")
    assert set(trl_meta["tags"]) <= set(meta["tags"]) and "from-records" in meta["tags"]
    # Training again: the README is now our card, which is not taken for the trainer's own.
    end(ModelCardCallback(repo_id=REPO), args, state)
    meta, _ = split_card((out / "README.md").read_text(encoding="utf-8"), "README.md")
    assert "from-records" not in meta.get("tags", []) and "dpo" not in meta.get("tags", [])


def test_a_persons_readme_in_output_dir_is_read_as_the_card_it_is(tmp_path):
    """Tanisha-anshu/OpenAi-Whisper-small-Braj: the author's own README in the run's folder. The callback builds from
    a temporary folder holding a copy of it; the card it writes over output_dir/README.md keeps the author's text and
    adopts the file (what publish replaces), as `build --trainer-dir` on the saved folder does."""
    out = output_dir_of("trainer_sft", tmp_path)
    readme = Path(__file__).resolve().parent / "trainer_shapes" / "project_readme_beside_run_4.44" / "README.md"
    shutil.copyfile(readme, out / "README.md")
    callback = ModelCardCallback(repo_id=REPO)
    end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    assert callback.error is None and "readme-not-read" not in [w.code for w in callback.result.warnings]
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "This repository contains the relevant scripts of a fine-tuned Whisper models for Braj language" in text
    assert "adopts=" in text and "- learning_rate: " in text  # the file adopted; the run's facts as before


def test_arguments_that_do_not_pickle_fall_back_to_to_dict(tmp_path, caplog):
    out = output_dir_of("trainer_sft", tmp_path)
    args = live_args("trainer_sft", out)
    args.report_hook = lambda: None  # something a script hung on its arguments; pickle refuses a lambda
    callback = ModelCardCallback(repo_id=REPO)
    with caplog.at_level(logging.WARNING, logger="generator.integrations"):
        end(callback, args, live_state("trainer_sft"))
    assert "could not be pickled" in caplog.text
    built = build_card(trainer_dir=FIXTURES / "trainer_sft", repo_id=REPO)
    assert callback.result.records.training.hyperparameters == built.records.training.hyperparameters


def test_plots_from_the_live_log(tmp_path):
    out = output_dir_of("trainer_multi_eval", tmp_path)
    callback = ModelCardCallback(repo_id=REPO, plots=True)
    end(callback, live_args("trainer_multi_eval", out), live_state("trainer_multi_eval"))
    assert callback.result is not None and callback.result.assets
    text = (out / "README.md").read_text(encoding="utf-8")
    for asset in callback.result.assets:
        path = Path(asset)
        assert path.is_file() and path.parent == out / "assets"
    assert any(f"](assets/{Path(a).name})" in text for a in callback.result.assets)


# ---------------------------------------------------------------------------- errors: early, and never at the end


def test_bad_records_file_is_refused_when_the_callback_is_made(tmp_path):
    bad = tmp_path / "card.yaml"
    bad.write_text("model:\n  licence: mit\n", encoding="utf-8")
    with pytest.raises(RecordsError) as caught:
        ModelCardCallback(repo_id=REPO, records=bad)
    assert caught.value.problems[0].file == str(bad) and "licence" in str(caught.value)
    with pytest.raises(InputError):
        ModelCardCallback(repo_id=REPO, records=tmp_path / "missing.yaml")


def test_records_that_cannot_make_a_card_are_refused_when_training_begins(tmp_path):
    out = tmp_path / "out"
    records = tmp_path / "card.yaml"
    records.write_text("comparisons:\n  - title: Against the base\n    columns: [{label: ARC, from: {evaluation: arc}}]\n"
                       "    rows: [{self: true}]\n", encoding="utf-8")
    callback = ModelCardCallback(repo_id=REPO, records=records)  # schema-valid on its own
    with pytest.raises(RecordsError) as caught:
        callback.on_train_begin(live_args("trainer_sft", out), TrainerState(), TrainerControl())
    assert "arc" in str(caught.value)
    assert not out.exists() or not any(out.iterdir())


def test_no_repo_id_anywhere_gives_the_card_the_output_dirs_name_as_the_trainer_does(tmp_path):
    """The Trainer titles its card with the output_dir's name when not pushing: so does the callback, without the
    Quick start (which loads the model by its repo id), and a warning says so."""
    out = tmp_path / "my-run"
    callback = ModelCardCallback()
    callback.on_train_begin(live_args("trainer_sft", out), TrainerState(), TrainerControl())
    end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "\n# my-run\n" in text and "- name: my-run\n" in text and "Quick start" not in text
    assert "no-repo-id" in [w.code for w in callback.result.warnings]


def test_a_card_that_fails_at_the_end_is_logged_not_raised(tmp_path, caplog):
    out = tmp_path / "out"
    state = live_state("trainer_sft")
    last = max(i for i, entry in enumerate(state.log_history) if "loss" in entry)
    state.log_history[last]["loss"] = float("nan")  # the loss the run ends on: it diverged (an error; a NaN loss
    state.log_history[last]["grad_norm"] = 1.0  # followed by a finite one is left out with a warning)
    callback = ModelCardCallback(repo_id=REPO)
    with caplog.at_level(logging.ERROR, logger="generator.integrations"):
        end(callback, live_args("trainer_sft", out), state)  # does not raise: the script goes on to save_model
    assert callback.error is not None and callback.error.problems[0].code == "not-finite"
    # the problem names the file of the folder the live state stands for, not the temporary one it was written to
    assert callback.error.problems[0].file == str(out / "trainer_state.json") and f"log_history[{last}].loss" in callback.error.problems[0].path
    assert "no model card written" in caplog.text and not (out / "README.md").exists()


def test_only_the_main_process_writes(tmp_path):
    out = tmp_path / "out"
    state = live_state("trainer_sft")
    state.is_world_process_zero = False
    callback = ModelCardCallback(repo_id=REPO)
    end(callback, live_args("trainer_sft", out), state)
    assert callback.result is None and not (out / "README.md").exists()


def test_warnings_name_the_output_dir(tmp_path):
    out = tmp_path / "out"
    state = live_state("trainer_sft")
    state.log_history[0]["grad_norm"] = float("inf")  # an fp16 overflow step: skipped with a warning
    callback = ModelCardCallback(repo_id=REPO)
    end(callback, live_args("trainer_sft", out), state)
    warning = next(w for w in callback.result.warnings if w.code == "non-finite-grad-norm")
    assert warning.file == str(out / "trainer_state.json")  # the file of output_dir the live log stands for


def test_a_records_value_replacing_the_runs_names_the_output_dir_not_the_temporary_folder(tmp_path):
    records = tmp_path / "card.yaml"
    records.write_text(yaml.safe_dump({"training": {"hyperparameters": {"learning_rate": 1.0}}}), encoding="utf-8")
    out = tmp_path / "out"
    callback = ModelCardCallback(repo_id=REPO, records=records)
    end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    assert callback.result is not None
    warning = next(w for w in callback.result.warnings if w.path == "$.training.hyperparameters.learning_rate")
    assert warning.message == f"1.0 replaces 0.003 from {out}" and "modelcard-run-" not in str(warning)


# ---------------------------------------------------------------------------- publishing


def test_publish_after_writing(tmp_path, local_hub):
    out = output_dir_of("trainer_sft", tmp_path)
    callback = ModelCardCallback(repo_id="alice/tiny-run", publish=True,
                                 publish_options={"endpoint": local_hub.endpoint, "token": local_hub.token})
    end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    assert callback.published is not None and callback.published.status == "committed", callback.published
    assert local_hub.read_file("alice/tiny-run", "README.md").decode() == (out / "README.md").read_text()


def test_publishing_a_run_that_names_no_repo_is_refused_before_training(tmp_path):
    """Records may name no repo (the card then has no Quick start), but publishing needs one: said at the start."""
    out = output_dir_of("trainer_sft", tmp_path)
    records = tmp_path / "card.yaml"
    records.write_text("model:\n  name: Tiny run\n", encoding="utf-8")
    args = live_args("trainer_sft", out)
    assert args.hub_model_id is None
    ModelCardCallback(records=records).on_init_end(args, live_state("trainer_sft"), TrainerControl())
    with pytest.raises(UsageError, match="nothing names the model's Hub repo") as caught:
        ModelCardCallback(records=records, publish=True).on_init_end(args, live_state("trainer_sft"), TrainerControl())
    assert caught.value.problems[0].code == "no-repo-id"


# ---------------------------------------------------------------------------- a real Trainer, end to end


def _torch_or_skip(peft: bool = False) -> None:
    try:
        import torch  # noqa: F401
        import accelerate  # noqa: F401  # isort: skip  (torch is the one to name when both are missing)
        if peft:
            import peft  # noqa: F401
    except ImportError as exc:
        missing(f"{exc.name} is not installed; the end-to-end Trainer and TRL tests need torch, accelerate, peft "
                "and trl (pip install torch==2.13.0 accelerate peft trl==1.16.0)", "MODELCARD_REQUIRE_TORCH")


def _tiny_run(tmp_path: Path):
    """The fixtures' tiny base model, randomly initialised, its tokenizer, and 24 tokenized lines."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    base = FIXTURES / "base_model"
    tok = fixture_tokenizer(base)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(str(base)))
    texts = [f"Question: What is {a} plus {b}?\nAnswer: {a + b}{tok.eos_token}" for a in range(6) for b in range(4)]
    return model, tok, [dict(tok(text, truncation=True, max_length=32)) for text in texts]


def test_real_trainer_add_callback_writes_the_card_build_gives(tmp_path):
    """``trainer.add_callback(ModelCardCallback(...))`` in a real training script with two eval sets; after the
    script saves as run_clm.py does, ``build --trainer-dir`` on its output_dir gives the same card."""
    _torch_or_skip()
    from transformers import DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    out = tmp_path / "out"
    records = tmp_path / "card.yaml"
    records.write_text(yaml.safe_dump({"model": {"repo_id": REPO, "license": "mit", "base_model": "acme/tiny-base"}}), encoding="utf-8")
    args = TrainingArguments(output_dir=str(out), max_steps=6, per_device_train_batch_size=4,
                             per_device_eval_batch_size=4, learning_rate=3e-3, lr_scheduler_type="cosine",
                             warmup_steps=1, logging_steps=2, eval_strategy="steps", eval_steps=3, save_strategy="no",
                             seed=1, report_to="none", use_cpu=True)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:16], eval_dataset={"a": rows[16:20], "b": rows[20:]},
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok)
    callback = ModelCardCallback(records=records)
    trainer.add_callback(callback)
    train_result = trainer.train()
    assert callback.error is None and callback.result is not None
    live = (out / "README.md").read_text(encoding="utf-8")
    assert "| Validation Loss (a) | Validation Loss (b) |" in live and "- training_steps: 6\n" in live
    assert split_card(live, "README.md")[0]["license"] == "mit"
    # transformers' own card lists these four (TrainingSummary.to_model_card); the saved folder holds only the first
    assert re.findall(r"^- (\w+) \S+$", live.split("### Framework versions")[1], flags=re.M) == \
        ["Transformers", "PyTorch", "Datasets", "Tokenizers"]

    trainer.save_model()
    trainer.save_metrics("train", train_result.metrics)
    trainer.save_state()
    shutil.copytree(out, tmp_path / "saved", ignore=shutil.ignore_patterns("README.md"))
    assert live == build_card(trainer_dir=tmp_path / "saved", records=[live_facts(tmp_path), records],
                              repo_id=REPO).text

    # A final evaluation after training: write_card again, and the card is what build gives once it is saved.
    metrics = trainer.evaluate()
    again = callback.write_card(trainer.args, trainer.state, trainer.model).text
    assert callback.result.records.training is not None  # the card's results are that evaluation's
    assert dict(callback.result.records.training.eval_results) == {"Loss (a)": metrics["eval_a_loss"],
                                                                   "Loss (b)": metrics["eval_b_loss"]}
    trainer.save_metrics("eval", metrics)
    trainer.save_state()
    shutil.copytree(out, tmp_path / "evaluated", ignore=shutil.ignore_patterns("README.md"))
    assert again == build_card(trainer_dir=tmp_path / "evaluated", records=[live_facts(tmp_path), records],
                               repo_id=REPO).text
    assert (out / "README.md").read_text(encoding="utf-8") == again


def test_a_run_inside_a_hugging_face_job_is_tagged_and_names_its_hardware(tmp_path, monkeypatch):
    """transformers 5.x's card tags a run inside a Hugging Face Job hf_jobs and names its hardware (HF_JOB_ID,
    HF_JOB_FLAVOR): the live process knows them; build reads them from the card transformers writes."""
    _torch_or_skip()
    from transformers import Trainer

    monkeypatch.setenv("HF_JOB_ID", "6a1b2c3d")
    monkeypatch.setenv("HF_JOB_FLAVOR", "a10g-small")
    model, tok, rows = _tiny_run(tmp_path)
    out = tmp_path / "out"
    args = TrainingArguments(output_dir=str(out), max_steps=1, save_strategy="no", report_to="none", use_cpu=True)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:4], processing_class=tok)
    live = ModelCardCallback(repo_id=REPO).write_card(trainer.args, trainer.state, trainer.model, tok)
    assert "hf_jobs" in split_card(live.text, "README.md")[0]["tags"]
    assert "- **Hardware:** Hugging Face Jobs, a10g-small\n" in live.text
    trainer.save_model()
    trainer.create_model_card()  # transformers' own card, over ours
    if "Hugging Face Jobs" not in (out / "README.md").read_text(encoding="utf-8"):
        return  # a transformers before hf_jobs_flavor (not in 5.18)
    built = build_card(trainer_dir=out, repo_id=REPO)
    assert "hf_jobs" in (built.records.model.tags or ())
    assert built.records.training is not None and built.records.training.hardware == "Hugging Face Jobs, a10g-small"
    assert "Hugging Face Jobs" not in built.records.training.description  # read as the hardware, not kept as text


def test_real_trainer_with_a_lora_adapter(tmp_path):
    """A PEFT model: the adapter's configuration (as save_model writes adapter_config.json) gives the LoRA settings.
    Its tokenizer has no chat template (a base model's): the Trainer hands it to the callback, and the Quick start
    completes a plain prompt, as build gives once save_model has saved that tokenizer."""
    _torch_or_skip(peft=True)
    from peft import LoraConfig, get_peft_model
    from transformers import DataCollatorForLanguageModeling, Trainer

    model, tok, rows = _tiny_run(tmp_path)
    tok.chat_template = None
    model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                                             task_type="CAUSAL_LM"))
    out = tmp_path / "out"
    args = TrainingArguments(output_dir=str(out), max_steps=4, per_device_train_batch_size=4, logging_steps=2,
                             save_strategy="no", report_to="none", use_cpu=True)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:16],
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok)
    # the base is the fixtures' local folder, as the adapter saves it: the records name its Hub id, without which the
    # card has no Quick start (PEFT would load the base from that path)
    records = tmp_path / "card.yaml"
    records.write_text(yaml.safe_dump({"model": {"repo_id": REPO, "base_model": "acme/tiny-base"}}), encoding="utf-8")
    callback = ModelCardCallback(records=records)
    trainer.add_callback(callback)
    train_result = trainer.train()
    live = (out / "README.md").read_text(encoding="utf-8")
    assert "- lora_r: 4\n" in live and "- lora_target_modules: q_proj, v_proj\n" in live
    assert 'PeftModel.from_pretrained(base_model, "acme/tiny-run")' in live
    assert split_card(live, "README.md")[0]["library_name"] == "peft"
    assert 'tokenizer("The capital of France is"' in live and "apply_chat_template" not in live
    trainer.save_model()  # adapter_config.json, no config.json
    trainer.save_metrics("train", train_result.metrics)
    trainer.save_state()
    shutil.copytree(out, tmp_path / "saved", ignore=shutil.ignore_patterns("README.md"))
    assert not (tmp_path / "saved" / "config.json").exists()
    assert live == build_card(trainer_dir=tmp_path / "saved", records=[live_facts(tmp_path), records]).text

    # No evaluation during training (run_clm.py's do_eval): trainer.evaluate() after it, then write_card as the
    # README says; the card has that evaluation's results, as build gives once the script saved them.
    assert "It achieves the following results" not in live
    metrics = trainer.evaluate(eval_dataset=rows[16:])
    again = callback.write_card(trainer.args, trainer.state, trainer.model, tok)
    assert again.records.training is not None and dict(again.records.training.eval_results) == \
        {"Loss": metrics["eval_loss"]}
    assert f"- Loss: {metrics['eval_loss']:.4f}\n" in again.text
    trainer.save_metrics("eval", metrics)
    trainer.save_state()
    shutil.copytree(out, tmp_path / "evaluated", ignore=shutil.ignore_patterns("README.md"))
    assert again.text == build_card(trainer_dir=tmp_path / "evaluated", records=[live_facts(tmp_path), records]).text


# ---------------------------------------------------------------------------- a real TRL trainer, end to end


def _trl_or_skip() -> None:
    _torch_or_skip()
    try:
        import trl  # noqa: F401
    except ImportError as exc:
        missing(f"{exc.name} is not installed; the end-to-end TRL tests need it (pip install trl==1.16.0)",
                "MODELCARD_REQUIRE_TORCH")


def _saved_as_a_trl_script_leaves_it(trainer, train_result, out: Path, dest: Path) -> Path:
    """The folder a TRL script leaves without the callback: TRL's README (its create_model_card, as TRL writes it at
    each checkpoint; the callback's own attached wrapper left out), the model, the train metrics and the state;
    copied to ``dest``."""
    type(trainer).create_model_card(trainer, model_name=out.name)
    trainer.save_model()
    trainer.save_metrics("train", train_result.metrics)
    trainer.save_state()
    shutil.copytree(out, dest, ignore=shutil.ignore_patterns("checkpoint-*"))
    return dest


def test_real_trl_sft_trainer_with_the_callback_writes_the_card_build_gives(tmp_path):
    """SFTTrainer with its SFTConfig, given the callback at construction (callbacks=[...]). TRL writes its own README
    into output_dir when it saves the last checkpoint, before training ends: the card reads it (tags, TRL's citation,
    framework versions) and replaces it; the method and max_length come from the live SFTConfig."""
    _trl_or_skip()
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    model, tok, _ = _tiny_run(tmp_path)
    texts = [f"Question: What is {a} plus {b}?\nAnswer: {a + b}" for a in range(6) for b in range(4)]
    data = Dataset.from_dict({"text": texts})
    out = tmp_path / "out"
    args = SFTConfig(output_dir=str(out), max_steps=4, per_device_train_batch_size=4, per_device_eval_batch_size=4,
                     learning_rate=3e-3, logging_steps=2, eval_strategy="steps", eval_steps=2, save_strategy="steps",
                     save_steps=4, max_length=32, seed=1, report_to="none", use_cpu=True)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = SFTTrainer(model=model, args=args, train_dataset=data.select(range(16)),
                         eval_dataset=data.select(range(16, 24)), processing_class=tok, callbacks=[callback])
    train_result = trainer.train()
    assert callback.error is None and callback.result is not None
    live = (out / "README.md").read_text(encoding="utf-8")
    meta, body = split_card(live, "README.md")
    assert {"trl", "sft"} <= set(meta["tags"]) and "<!-- modelcard-generator:begin" in live
    assert "- max_length: 32\n" in body and "Supervised fine-tuning (SFT)" in body
    assert "Cite TRL as:" in body and re.search(r"^- TRL \S+$", body, flags=re.M)
    assert "Mean Token Accuracy" in body  # SFTTrainer's own eval metric, in the training-results table
    saved = _saved_as_a_trl_script_leaves_it(trainer, train_result, out, tmp_path / "saved")
    assert "modelcard-generator" not in (saved / "README.md").read_text(encoding="utf-8")  # TRL's own again
    assert live == build_card(trainer_dir=saved, repo_id=REPO).text


def test_a_trl_run_that_saved_no_readme_lists_trl_first_as_trls_card_does(tmp_path):
    """TRL writes its README only when it saves a checkpoint: with save_strategy="no" output_dir has none, and the
    TRL version comes from the live process, first, as TRL's own card lists it."""
    _trl_or_skip()
    import trl
    from trl import SFTConfig

    out = tmp_path / "out"
    args = SFTConfig(output_dir=str(out), max_steps=4, save_strategy="no", report_to="none", use_cpu=True)
    callback = ModelCardCallback(repo_id=REPO)
    end(callback, args, live_state("trainer_sft"))
    assert callback.error is None and callback.result is not None and callback.result.records.training is not None
    versions = dict(callback.result.records.training.framework_versions)
    assert list(versions)[:2] == ["TRL", "Transformers"] and versions["TRL"] == trl.__version__
    assert f"### Framework versions\n\n- TRL {trl.__version__}\n- Transformers " in \
        (out / "README.md").read_text(encoding="utf-8")


def test_versions_a_readme_in_output_dir_lists_are_kept_as_build_shows_them(tmp_path, caplog):
    """A README an earlier process wrote into output_dir (here the fixture's, by transformers 5.23.0) names the
    versions that process had: the card keeps them, as build --trainer-dir on that folder does, without a warning;
    what it does not list comes from the live process."""
    import tokenizers

    out = output_dir_of("trainer_sft", tmp_path, files=("README.md",))
    readme = (out / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(readme.replace("- Tokenizers 0.23.3\n", ""), encoding="utf-8")
    callback = ModelCardCallback(repo_id=REPO)
    with caplog.at_level(logging.WARNING, logger="generator.integrations"):
        end(callback, live_args("trainer_sft", out), live_state("trainer_sft"))
    assert callback.result is not None and callback.result.records.training is not None
    versions = dict(callback.result.records.training.framework_versions)
    assert versions["Transformers"] == "5.23.0" and versions["Tokenizers"] == tokenizers.__version__
    assert "framework_versions" not in caplog.text


def answer_reward(completions, answer, **kwargs):
    """A rule-based GRPO reward: 1.0 when the completion starts with the right answer."""
    return [1.0 if str(c).strip().startswith(a) else 0.0 for c, a in zip(completions, answer)]


def test_real_trl_grpo_trainer_with_the_callback_writes_the_card_build_gives(tmp_path):
    """GRPOTrainer (a reference model with beta > 0, generation, a reward function): the card names GRPO and its
    reward function, lists num_generations, and is what build gives for the folder a GRPO script leaves."""
    _trl_or_skip()
    from datasets import Dataset
    from transformers import AutoModelForCausalLM
    from trl import GRPOConfig, GRPOTrainer

    model, tok, _ = _tiny_run(tmp_path)
    model.save_pretrained(str(tmp_path / "init"))  # GRPO loads its reference model from the model's own path
    model = AutoModelForCausalLM.from_pretrained(str(tmp_path / "init"))
    rows = [(f"Question: What is {a} plus {b}?\nAnswer: ", str(a + b)) for a in range(4) for b in range(4)]
    data = Dataset.from_dict({"prompt": [p for p, _ in rows], "answer": [a for _, a in rows]})
    out = tmp_path / "out"
    # transformers 5.24 renamed gradient_checkpointing (a deprecated alias until v6)
    renamed = "activation_checkpointing" in GRPOConfig.__dataclass_fields__
    no_checkpointing = {"activation_checkpointing" if renamed else "gradient_checkpointing": False}
    args = GRPOConfig(output_dir=str(out), max_steps=2, per_device_train_batch_size=4, per_device_eval_batch_size=4,
                      num_generations=2, max_completion_length=4, beta=0.04, learning_rate=1e-3, logging_steps=1,
                      eval_strategy="steps", eval_steps=2, save_strategy="steps", save_steps=2, seed=1,
                      report_to="none", use_cpu=True, bf16=False, **no_checkpointing)
    callback = ModelCardCallback(repo_id=REPO)
    trainer = GRPOTrainer(model=model, reward_funcs=[answer_reward], args=args, train_dataset=data.select(range(8)),
                          eval_dataset=data.select(range(8, 12)), processing_class=tok, callbacks=[callback])
    train_result = trainer.train()
    assert callback.error is None and callback.result is not None
    live = (out / "README.md").read_text(encoding="utf-8")
    meta, body = split_card(live, "README.md")
    assert "grpo" in meta["tags"] and "Group Relative Policy Optimization (GRPO)" in body
    assert "- num_generations: 2\n" in body and "- beta: 0.04\n" in body and "- reward_funcs: answer_reward\n" in body
    assert "@article{shao2024deepseekmath," in body
    saved = _saved_as_a_trl_script_leaves_it(trainer, train_result, out, tmp_path / "saved")
    assert live == build_card(trainer_dir=saved, repo_id=REPO).text


def test_trls_tags_written_from_a_set_are_read_in_its_trainers_order(tmp_path):
    """TRL 0.19+ writes its card's tags after generated_from_trainer from a set: the README a real TRL 1.16 SFT run
    wrote under PYTHONHASHSEED=2 says `sft, trl`, under other seeds `trl, sft`. The card (the callback's, which reads
    the README TRL writes at a checkpoint, and build's) took that order, run to run another; it is TRL's trainers'
    own (``_tag_names``: trl, sft) whatever the seed."""
    shape = Path(__file__).resolve().parent / "trainer_shapes" / "trl_1.16_tags_set_order"
    assert split_card((shape / "README.md").read_text(encoding="utf-8"), "README.md")[0]["tags"] == [
        "generated_from_trainer", "sft", "trl"]
    built = build_card(trainer_dir=shape, repo_id=REPO)
    assert list(built.records.model.tags or ())[:3] == ["generated_from_trainer", "trl", "sft"]
    flipped = tmp_path / "run"
    flipped.mkdir()
    text = (shape / "README.md").read_text(encoding="utf-8").replace("- sft\n- trl\n", "- trl\n- sft\n")
    (flipped / "README.md").write_text(text, encoding="utf-8")
    again = build_card(trainer_dir=flipped, repo_id=REPO)
    assert again.records.model.tags == built.records.model.tags  # the card's text differs only in the README's hash
    assert split_card(again.text, "README.md")[0] == split_card(built.text, "README.md")[0]


@pytest.mark.parametrize("env,tagged,hardware", [
    # what a Hugging Face Job sets (hub-docs jobs-configuration.md "Built-in environment variables")
    ({"JOB_ID": "699d874f1aad19adb8aaeadc", "ACCELERATOR": "a10g-small", "CPU_CORES": "4", "MEMORY": "15Gi"}, True,
     "Hugging Face Jobs, a10g-small"),
    ({"JOB_ID": "699d874f1aad19adb8aaeadc", "ACCELERATOR": "none", "CPU_CORES": "2", "MEMORY": "16Gi"}, True, None),
    ({"JOB_ID": "4242"}, False, None),  # Sun Grid Engine's JOB_ID: no Job
    ({"HF_JOB_ID": "6a1b2c3d", "HF_JOB_FLAVOR": "a100-large"}, True, "Hugging Face Jobs, a100-large"),  # transformers'
])
def test_a_run_in_a_hugging_face_job_is_told_by_the_variables_a_job_sets(tmp_path, monkeypatch, env, tagged, hardware):
    """A Hugging Face Job sets JOB_ID, ACCELERATOR, CPU_CORES and MEMORY (hub-docs, huggingface_hub's jobs guide);
    the callback read only transformers 5.x's HF_JOB_ID and HF_JOB_FLAVOR, which no Job is documented to set: a
    transformers run in a Job had no hf_jobs tag and no hardware. JOB_ID alone (a grid engine's) is no Job."""
    from generator.integrations.live import write_live_facts

    for name in ("JOB_ID", "ACCELERATOR", "CPU_CORES", "MEMORY", "HF_JOB_ID", "HF_JOB_FLAVOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), report_to="none")
    run = tmp_path / "run"
    run.mkdir()
    live = json.loads(write_live_facts(run, args, run).read_text(encoding="utf-8"))
    assert ("hf_jobs" in live.get("model", {}).get("tags", [])) is tagged
    assert live["training"].get("hardware") == hardware


def test_trls_tags_from_a_set_are_in_an_order_of_their_own_and_the_given_order_is_kept(tmp_path):
    """TRL 0.19+ writes every tag after generated_from_trainer from a set, a person's among them
    (``push_to_hub(tags=["zeta-notes", "alpha-run"])``): the card kept them in the set's order, another run to run.
    Read from the saved folder they are sorted (one card whatever the hash seed); in the live process, in the order
    the trainer's create_model_card was given (the callback sees it: tags_given). A card of TRL before 0.19, which
    kept them as given, is read as it is."""
    from generator.sources.trainer_method import tags_given

    shape = Path(__file__).resolve().parent / "trainer_shapes" / "trl_1.16_tags_set_order"
    text = (shape / "README.md").read_text(encoding="utf-8")
    orders = ("- zeta-notes\n- sft\n- alpha-run\n- trl\n", "- alpha-run\n- trl\n- zeta-notes\n- sft\n")
    cards = []
    for n, order in enumerate(orders):
        run = tmp_path / f"run{n}"
        run.mkdir()
        (run / "README.md").write_text(text.replace("- sft\n- trl\n", order), encoding="utf-8")
        built = build_card(trainer_dir=run, repo_id=REPO)
        assert list(built.records.model.tags or ())[:5] == ["generated_from_trainer", "trl", "sft", "alpha-run",
                                                          "zeta-notes"]
        cards.append(split_card(built.text, "README.md")[0])
        with tags_given(["zeta-notes", "alpha-run", "trl", "sft"]):
            live = build_card(trainer_dir=run, repo_id=REPO)
        assert list(live.records.model.tags or ())[:5] == ["generated_from_trainer", "trl", "sft", "zeta-notes",
                                                         "alpha-run"]
    assert cards[0] == cards[1]
    old = tmp_path / "trl-0.18"
    old.mkdir()
    (old / "README.md").write_text(text.replace("- sft\n- trl\n", orders[0]).replace("- TRL: 1.16.0", "- TRL: 0.18.1"),
                                   encoding="utf-8")
    assert list(build_card(trainer_dir=old, repo_id=REPO).records.model.tags or ())[:5] == [
        "generated_from_trainer", "trl", "sft", "zeta-notes", "alpha-run"]


# ---------------------------------------------------------------------------- the eval sets' Hub datasets


def test_eval_datasets_make_each_sets_results_a_model_index_result_as_build_does(tmp_path):
    run = "trainer_best_multi_eval"
    out = output_dir_of(run, tmp_path)  # its config.json: the model's task (pipeline_tag), each result's
    args, state = live_args(run, out), live_state(run)
    callback = ModelCardCallback(repo_id=REPO, eval_datasets={"a": "acme/set-a::validation", "b": "acme/set-b"})
    end(callback, args, state)
    assert callback.error is None and callback.result is not None
    built = build_card(trainer_dir=FIXTURES / run, repo_id=REPO, eval_sets=["a=acme/set-a::validation",
                                                                             "b=acme/set-b"])
    assert callback.result.records.evaluations == built.records.evaluations
    assert [e.dataset_id for e in built.records.evaluations] == ["acme/set-a", "acme/set-b"]
    assert "type: acme/set-a" in (out / "README.md").read_text(encoding="utf-8")


def test_bad_eval_datasets_are_refused_when_the_callback_is_made():
    with pytest.raises(UsageError) as caught:
        ModelCardCallback(repo_id=REPO, eval_datasets={"a": "acme/set:x:y:z"})
    assert caught.value.problems[0].code == "bad-eval-set"


def test_the_live_eval_sets_name_their_hub_datasets():
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import eval_set_datasets

    info = datasets.DatasetInfo(builder_name="gsm8k", config_name="main")
    scored = datasets.Dataset.from_dict({"question": ["1+1?"]}, info=info, split="test")
    local = datasets.Dataset.from_dict({"question": ["2+2?"]})  # made in memory: names no dataset
    assert eval_set_datasets({"math": scored, "mine": local}) == {
        "math": {"dataset": "gsm8k", "config": "main", "split": "test"}}
    assert eval_set_datasets(scored) == {"eval": {"dataset": "gsm8k", "config": "main", "split": "test"}}
    assert eval_set_datasets(None) == {}


DATASETS_SHAPES = Path(__file__).resolve().parent / "datasets_shapes"
SHA = "0123456789abcdef0123456789abcdef01234567"  # the commit the shapes' files were read at


@pytest.mark.parametrize("version, named", [("3.6.0", True), ("4.8.4", True), ("4.8.5", False)])
def test_a_hub_dataset_a_file_builder_loaded_is_named_by_the_files_it_read(version, named):
    """The dataset_info.json real ``datasets`` releases wrote for a Hub dataset's test split loaded by the parquet
    builder (tests/datasets_shapes/ORIGINS.txt): 2.14 to 4.8.4 keep the hf://datasets/ORG/NAME@REV files it read, which
    name the set's Hub dataset; 4.8.5 on keep none, and the set names nothing (no guess from its snake-cased name).
    Kept through the map a trainer tokenizes it with."""
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import eval_set_datasets, hub_dataset, unnamed_source

    info = datasets.DatasetInfo.from_directory(str(DATASETS_SHAPES / version))
    data = datasets.Dataset.from_dict({"text": ["1+1=2", "2+2=4"]}, info=info, split="test")
    data = data.map(lambda row: {"length": len(row["text"])})
    assert eval_set_datasets({"a": data}) == (  # the commit of the files' hf://datasets/ORG/NAME@SHA/ path too
        {"a": {"dataset": "acme/Set-A", "config": "default", "split": "test", "revision": SHA}} if named else {})
    assert hub_dataset(data) == ("acme/Set-A" if named else None)
    assert unnamed_source(data) is None  # its dataset_name is the builder's: nothing to say it is named by


def _streamed_from_the_local_hub(local_hub, monkeypatch, tmp_path):
    """``datasets`` pointed at the local Hub (tests/hubserver), holding the dataset repo acme/Set-A (parquet files of a
    test and a validation split, as the Hub's own parquet layout names them); returns (datasets, the repo's commit)."""
    datasets = pytest.importorskip("datasets")
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from huggingface_hub import CommitOperationAdd

    def parquet(rows: list[str]) -> bytes:
        out = io.BytesIO()
        pq.write_table(pa.table({"text": rows}), out)
        return out.getvalue()

    api = local_hub.api(token=local_hub.token)
    api.create_repo("acme/Set-A", repo_type="dataset")
    commit = api.create_commit("acme/Set-A", repo_type="dataset", commit_message="data", operations=[
        CommitOperationAdd("data/test-00000-of-00001.parquet", parquet(["1+1=2", "2+2=4"])),
        CommitOperationAdd("data/validation-00000-of-00001.parquet", parquet(["3+3=6"]))]).oid
    # datasets reads its endpoint and caches once, at import (as huggingface_hub, which the fixture points)
    monkeypatch.setattr(datasets.config, "HF_ENDPOINT", local_hub.endpoint)
    monkeypatch.setattr(datasets.config, "HUB_DATASETS_URL", local_hub.endpoint +
                        "/datasets/{repo_id}/resolve/{revision}/{path}")
    for name in ("HF_DATASETS_CACHE", "HF_MODULES_CACHE"):
        monkeypatch.setattr(datasets.config, name, tmp_path / name)
    return datasets, commit


def test_a_streamed_eval_set_is_named_by_the_hub_repo_it_streams(tmp_path, local_hub, monkeypatch):
    """A set ``load_dataset("acme/Set-A", streaming=True)`` gives (an IterableDataset, which downloads nothing and keeps
    no file list) is named by the repo the Hub loader gave its builder, at the commit of the files it streams, through
    the map, shuffle and take a script puts it through; a local folder's stream, or two streams interleaved, name
    none."""
    datasets, commit = _streamed_from_the_local_hub(local_hub, monkeypatch, tmp_path)
    from generator.integrations.live import eval_set_datasets, hub_dataset, unnamed_source

    test = datasets.load_dataset("acme/Set-A", split="test", streaming=True)
    assert isinstance(test, datasets.IterableDataset) and list(test) == [{"text": "1+1=2"}, {"text": "2+2=4"}]
    tokenized = test.map(lambda row: {"length": len(row["text"])}).shuffle(seed=0, buffer_size=4).take(2)
    entry = {"dataset": "acme/Set-A", "config": "default", "split": "test", "revision": commit}
    assert eval_set_datasets({"a": tokenized}) == {"a": entry} and eval_set_datasets(test) == {"eval": entry}
    assert hub_dataset(tokenized) == "acme/Set-A" and unnamed_source(tokenized) is None
    # a file builder given the repo's hf:// files: the files name it
    files = datasets.load_dataset("parquet", split="test", streaming=True, data_files={
        "test": f"hf://datasets/acme/Set-A@{commit}/data/test-00000-of-00001.parquet"})
    assert eval_set_datasets(files) == {"eval": entry}
    folder = tmp_path / "Local-Set"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "test-00000-of-00001.parquet").write_bytes(local_hub.read_file(
        "acme/Set-A", "data/test-00000-of-00001.parquet", repo_type="dataset") or b"")
    local = datasets.load_dataset(str(folder), split="test", streaming=True)
    assert list(local) == list(test) and hub_dataset(local) is None and eval_set_datasets(local) == {}
    # interleaved with a local stream, the Hub repo is one source of several (the only one with a token to keep)
    mixed = datasets.interleave_datasets([test, local])
    assert list(mixed._token_per_repo_id) == ["acme/Set-A"] and hub_dataset(mixed) is None
    assert eval_set_datasets({"a": datasets.concatenate_datasets([test, local])}) == {}


@pytest.mark.parametrize("builder, files", [
    ("json", {"/tmp/tmpoyrkz5kb/Org-Data/test.jsonl": {"num_bytes": 9, "checksum": None}}),  # datasets 3.6.0's
    ("parquet", {"hf://datasets/acme/a@0123abc/t.parquet": {}, "hf://datasets/acme/b@0123abc/t.parquet": {}}),
    ("parquet", {"hf://datasets/acme/a@0123abc/t.parquet": {}, "/data/t.parquet": {}}),
    ("parquet", {"hf://datasets/acme/a/t.parquet": {}}),  # no revision: where the repo id ends is the Hub's to say
    ("my_script", {"hf://datasets/acme/a@0123abc/t.parquet": {}}),  # a script's downloads may be another's data
])
def test_files_of_no_one_hub_dataset_name_none(builder, files):
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import hub_dataset

    info = datasets.DatasetInfo(builder_name=builder, config_name="default", download_checksums=files)
    assert hub_dataset(datasets.Dataset.from_dict({"text": ["x"]}, info=info, split="test")) is None


@pytest.mark.parametrize("files, revision", [
    ({f"hf://datasets/acme/a@{SHA}/t.parquet": {}, f"hf://datasets/acme/a@{SHA}/v.parquet": {}}, SHA),
    ({f"https://huggingface.co/datasets/acme/a/resolve/{SHA}/t.json": {}}, SHA),
    ({"hf://datasets/acme/a@main/t.parquet": {}}, None),  # a branch: a version that moves
    ({"hf://datasets/acme/a@refs%2Fconvert%2Fparquet/t.parquet": {}}, None),
    ({f"hf://datasets/acme/a@{SHA}/t.parquet": {}, f"hf://datasets/acme/a@{SHA[::-1]}/v.parquet": {}}, None),
    ({"hf://datasets/acme/a@" + "1" * 40 + "/t.parquet": {}}, None),  # all digits: the Hub refuses it
])
def test_a_live_eval_sets_revision_is_the_one_commit_its_files_were_read_at(files, revision):
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import eval_set_datasets

    info = datasets.DatasetInfo(builder_name="parquet", config_name="default", download_checksums=files)
    found = eval_set_datasets(datasets.Dataset.from_dict({"text": ["x"]}, info=info, split="test"))
    assert found == {"eval": {"dataset": "acme/a", "config": "default", "split": "test",
                              **({"revision": revision} if revision else {})}}


def test_a_live_eval_set_datasets_names_by_its_repos_name_only_is_told_apart():
    """``datasets`` 4.8.5 and 5.x keep no file list: a Hub dataset loaded without a script keeps only its name
    snake-cased (``info.dataset_name``, hand-made here as those releases write it for ``load_dataset("acme/Set-D")``),
    no Hub id; a set made in memory or read from a file by path keeps none."""
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import eval_set_datasets, unnamed_eval_sets

    info = datasets.DatasetInfo.from_directory(str(DATASETS_SHAPES / "4.8.5"))
    info.dataset_name = "set-d"
    hub = datasets.Dataset.from_dict({"text": ["1+1=2"]}, info=info, split="test")
    local = datasets.Dataset.from_dict({"text": ["2+2=4"]})
    by_path = datasets.Dataset.from_dict({"text": ["x"]}, info=datasets.DatasetInfo.from_directory(
        str(DATASETS_SHAPES / "4.8.5")), split="test")
    assert unnamed_eval_sets({"d": hub, "mine": local, "file": by_path}) == {"d": "set-d"}
    assert unnamed_eval_sets(hub) == {"eval": "set-d"} and eval_set_datasets(hub) == {}
    assert unnamed_eval_sets(None) == {}


def test_a_hub_file_url_names_its_dataset_canonical_ones_too():
    datasets = pytest.importorskip("datasets")
    from generator.integrations.live import hub_dataset

    for url, named in (("https://huggingface.co/datasets/acme/a/resolve/main/data/t.json", "acme/a"),
                       ("hf://datasets/gsm8k@refs%2Fconvert%2Fparquet/main/test/0000.parquet", "gsm8k"),
                       ("hf://datasets/not-canonical@main/t.json", None)):
        info = datasets.DatasetInfo(builder_name="json", download_checksums={url: {}})
        assert hub_dataset(datasets.Dataset.from_dict({"text": ["x"]}, info=info)) == named, url


def test_real_trainer_attached_maps_its_eval_sets_hub_datasets(tmp_path):
    """A real Trainer with three eval sets scored by compute_metrics: set ``a`` is a ``datasets.Dataset`` loaded under
    a Hub id (as a canonical dataset's loading script names its builder, ``gsm8k``), read from the live Trainer with its
    config and split; set ``b``, a plain list, is given with ``eval_datasets``; set ``c`` carries the info datasets
    4.8.4 wrote for a Hub dataset the parquet builder loaded, named by the files it read. Each set's final results are its
    model-index result, with the values the live log holds."""
    _torch_or_skip()
    import datasets
    from transformers import DataCollatorForLanguageModeling, Trainer

    def predicted(logits, labels):
        return logits.argmax(dim=-1)

    def accuracy(preds):
        labels, tokens = preds.label_ids[:, 1:], preds.predictions[:, :-1]
        kept = labels != -100
        return {"accuracy": float((tokens[kept] == labels[kept]).mean())}

    model, tok, rows = _tiny_run(tmp_path)
    out = tmp_path / "out"
    scored = datasets.Dataset.from_list(rows[16:20], info=datasets.DatasetInfo(builder_name="gsm8k",
                                                                               config_name="main"), split="test")
    # set c: a Hub dataset the parquet builder loaded, as datasets 4.8.4 keeps it (named by the files it read), its
    # rows tokenized (the features a map gives)
    info = datasets.DatasetInfo.from_directory(str(DATASETS_SHAPES / "4.8.4"))
    info.features = None
    hub = datasets.Dataset.from_list(rows[:4], info=info, split="test")
    # set u: a Hub dataset as datasets 4.8.5 and 5.x keep it, its name snake-cased and no files (hand-made: see
    # test_a_live_eval_set_datasets_names_by_its_repos_name_only_is_told_apart)
    info = datasets.DatasetInfo.from_directory(str(DATASETS_SHAPES / "4.8.5"))
    info.features, info.dataset_name = None, "set-d"
    unnamed = datasets.Dataset.from_list(rows[4:8], info=info, split="test")
    args = TrainingArguments(output_dir=str(out), max_steps=4, per_device_train_batch_size=4,
                             per_device_eval_batch_size=4, eval_strategy="steps", eval_steps=2, save_strategy="no",
                             seed=1, report_to="none", use_cpu=True)
    trainer = Trainer(model=model, args=args, train_dataset=rows[:16], eval_dataset={"a": scored, "b": rows[20:], "c": hub,
                                                                                 "u": unnamed},
                      data_collator=DataCollatorForLanguageModeling(tok, mlm=False), processing_class=tok,
                      compute_metrics=accuracy, preprocess_logits_for_metrics=predicted)
    with pytest.raises(UsageError) as caught:  # a set the trainer has not: refused before training
        ModelCardCallback(repo_id=REPO, eval_datasets={"d": "acme/set-d"}).attach(trainer)
    assert [(p.code, p.path) for p in caught.value.problems] == [("unknown-eval-set", "eval_datasets['d']")]
    callback = ModelCardCallback(repo_id=REPO, eval_datasets={"b": "acme/set-b::validation"}).attach(trainer)
    trainer.train()
    assert callback.error is None and callback.result is not None
    last = {name: [e for e in trainer.state.log_history if f"eval_{name}_accuracy" in e][-1][f"eval_{name}_accuracy"]
            for name in "abcu"}
    results = split_card((out / "README.md").read_text(encoding="utf-8"), "README.md")[0]["model-index"][0]["results"]
    assert [(r["dataset"], r["metrics"]) for r in results] == [
        ({"name": "a", "type": "gsm8k", "config": "main", "split": "test"},
         [{"type": "accuracy", "value": last["a"], "name": "Accuracy"}]),
        ({"name": "b", "type": "acme/set-b", "split": "validation"},
         [{"type": "accuracy", "value": last["b"], "name": "Accuracy"}]),
        ({"name": "c", "type": "acme/Set-A", "config": "default", "split": "test", "revision": SHA},
         [{"type": "accuracy", "value": last["c"], "name": "Accuracy"}])]
    # set u names no Hub dataset for certain: said once, with the eval_datasets= to write
    said = [w for w in callback.result.warnings if w.code == "eval-set-not-named"]
    assert [(w.path, "`set-d`" in w.message, "eval_datasets={'u': " in w.fix) for w in said] == [
        ("$.training.eval_sets.u", True, True)]
    given = ModelCardCallback(repo_id=REPO, eval_datasets={"u": "acme/Set-D::test"}).attach(trainer)
    result = given.build(trainer.args, trainer.state, trainer.model)
    assert not [w for w in result.warnings if w.code == "eval-set-not-named"]
    assert [e.dataset_id for e in result.records.evaluations] == ["gsm8k", "acme/Set-A", "acme/Set-D"]


def test_the_records_eval_sets_win_over_those_read_from_the_live_trainer(tmp_path):
    """The Hub datasets read from the live eval sets are live facts, which the author's records override (and the
    callback's own eval_datasets override both), as every other live fact."""
    run = "trainer_best_multi_eval"
    out = output_dir_of(run, tmp_path)
    records = tmp_path / "card.yaml"
    records.write_text("training:\n  eval_sets:\n    a: {dataset: acme/from-records}\n", encoding="utf-8")
    callback = ModelCardCallback(repo_id=REPO, records=records, eval_datasets={"b": "acme/given"})
    callback._eval_read = {"a": {"dataset": "gsm8k", "split": "test"}, "b": {"dataset": "gsm8k"}}  # as attach reads
    end(callback, live_args(run, out), live_state(run))
    assert callback.error is None and callback.result is not None
    assert [e.dataset_id for e in callback.result.records.evaluations] == ["acme/from-records", "acme/given"]
    callback = ModelCardCallback(repo_id=REPO)
    callback._eval_read = {"a": {"dataset": "gsm8k", "split": "test"}}
    end(callback, live_args(run, out), live_state(run))
    assert callback.result is not None
    assert [(e.dataset_id, e.dataset_split) for e in callback.result.records.evaluations] == [("gsm8k", "test")]
