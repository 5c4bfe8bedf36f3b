"""Output folders of older transformers / TRL releases, and the shapes real folders of many ages showed.

The versioned folders under tests/fixtures/versions/trainer/ are real output (tests/fixtures/make_trainer_versions.py,
one venv per release). Expected values come from their own files: the README the tool wrote, and training_args.bin
as ``pickletools`` disassembles it. The other tests rebuild, in tmp_path and on a copy of a fixture, shapes seen in
real output folders of public runs (each test says in which tool's output); no public file is copied here.
"""

from __future__ import annotations

import json
import math
import pickletools
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator import build_card, ingest, validate_card
from generator.sources.hyperparameters import card_hyperparameters, hyperparameters
from generator.sources.readers import detect_format
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_logfiles import trl_08_keys
from generator.sources.trainer_method import config_method
from generator.sources.training_args import read_training_args

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = FIXTURES / "versions" / "trainer"
VERSIONED = sorted(p.name for p in VERSIONS.glob("*") if (p / "training_args.bin").exists())


def shown(name: str, *keys: str) -> dict[str, Any]:
    """What pickletools shows right after each key of the versioned folder's training_args.bin: a scalar, or for an
    enum (``GLOBAL SchedulerType; 'cosine'; TUPLE1; REDUCE``) its value. An oracle independent of the reader."""
    with zipfile.ZipFile(VERSIONS / name / "training_args.bin") as archive:
        data = archive.read(next(n for n in archive.namelist() if n.endswith("/data.pkl")))
    memo: dict[int, Any] = {}
    ops: list[tuple[str, Any]] = []
    for op, arg, _ in pickletools.genops(data):
        if op.name in ("BINPUT", "LONG_BINPUT"):
            memo[arg] = ops[-1]
        elif op.name in ("BINGET", "LONG_BINGET"):
            ops.append(memo[arg])
        else:
            ops.append((op.name, arg))
    out: dict[str, Any] = {}
    for key in keys:
        at = next((i for i, (op, arg) in enumerate(ops) if op.endswith("UNICODE") and arg == key), None)
        if at is None:
            continue
        op, arg = ops[at + 1]
        if op in ("GLOBAL", "STACK_GLOBAL"):
            op, arg = ops[at + 2]
        out[key] = {"NEWTRUE": True, "NEWFALSE": False, "NONE": None}.get(op, arg)
    return out


def copy_run(name: str, dest: Path, *, base: Path = VERSIONS, drop: tuple[str, ...] = ()) -> Path:
    shutil.copytree(base / name, dest, ignore=shutil.ignore_patterns("checkpoint-*", *drop))
    return dest


def test_the_versioned_folders_cover_old_releases():
    versions = {name: json.loads((VERSIONS / name / "VERSIONS.json").read_text()) for name in VERSIONED}
    transformers = {v["transformers"] for v in versions.values()}
    assert any(t.startswith("4.2") for t in transformers) and any(t.startswith("4.3") for t in transformers)
    assert len(transformers) >= 3
    assert any(name.startswith("trl-0.") and name.endswith("-dpo") for name in versions)


@pytest.mark.parametrize("name", VERSIONED)
def test_a_versioned_folder_builds_a_card_that_passes_validate_strict(tmp_path, name):
    out = tmp_path / "README.md"
    built = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}", output=out)
    assert out.read_text(encoding="utf-8") == built.text
    report = validate_card(out)
    assert report.ok and not report.warnings, [str(p) for p in report.problems + report.warnings]  # --strict
    assert "## Training results" in built.text and "### Framework versions" in built.text


@pytest.mark.parametrize("name", VERSIONED)
def test_a_versioned_folders_hyperparameters_come_from_its_training_args_bin(tmp_path, name):
    """Without the README, the .bin alone gives every hyperparameter the tool's README lists, with its value."""
    pickled = shown(name, "learning_rate", "seed", "max_steps", "lr_scheduler_type", "optim", "adam_beta1", "beta",
                    "total_episodes")
    hyper = read_trainer_dir(copy_run(name, tmp_path / "run", drop=("README.md",))).data["training"]["hyperparameters"]
    assert hyper["learning_rate"] == pickled["learning_rate"] and hyper["seed"] == pickled["seed"]
    if "total_episodes" in pickled:  # TRL 0.x's PPO ignores max_steps and trains total_episodes
        assert hyper["total_episodes"] == pickled["total_episodes"] and "training_steps" not in hyper
    else:
        assert hyper["training_steps"] == pickled["max_steps"]
    assert hyper["lr_scheduler_type"] == pickled["lr_scheduler_type"] == "cosine"
    assert hyper["optimizer"].startswith(f"{pickled['optim']} with betas=({pickled['adam_beta1']},")
    if name.endswith("-dpo") and "beta" in pickled:  # TRL 0.8+: DPOConfig carries beta; before, the trainer did
        assert hyper["beta"] == pickled["beta"]
    listed = card_hyperparameters((VERSIONS / name / "README.md").read_text(encoding="utf-8"))
    for key, value in listed.items():
        if key == "optimizer":
            assert hyper[key] == value or value.startswith("Adam with ") and hyper[key].endswith(value[4:]), key
        else:
            assert hyper[key] == value, key


def test_the_method_of_an_old_trl_run_comes_from_its_config_class_or_its_log():
    """TRL 0.12's README tags only generated_from_trainer: DPOConfig (ORPOConfig, KTOConfig) names the method; TRL 0.7
    had no DPOConfig (TrainingArguments is pickled), and its log's rewards/margins name it."""
    for name in VERSIONED:
        method = name.split("-", 2)[-1]  # trl-<version>-<method>
        if name.startswith("trl-") and method in ("dpo", "orpo", "kto"):
            assert ingest(trainer_dir=VERSIONS / name, repo_id="acme/x").data["training"]["method"] == method, name


# The runs of TRL's other trainers (tests/fixtures/make_trl_methods.py): folder suffix -> (method, paper id or None,
# hyperparameters the method's config gives, read from the pickle).
METHOD_RUNS = {"grpo": ("grpo", "2402.03300", ("beta", "num_generations", "max_completion_length", "loss_type")),
               "rloo": ("rloo", "2402.14740", ("beta", "num_generations", "max_completion_length")),
               "reward": ("reward", None, ("max_length",)), "reward-peft": ("reward", None, ("max_length",)),
               "cpo": ("cpo", "2401.08417", ("beta", "loss_type", "cpo_alpha", "max_length")),
               "gkd": ("gkd", "2306.13649", ("beta", "lmbda", "max_new_tokens", "temperature")),
               "distillation": ("distillation", "2306.13649", ("beta", "max_completion_length")),
               "bco": ("bco", "2404.04656", ("beta", "max_length", "max_prompt_length")),
               "prm": ("prm", None, ("max_length", "max_prompt_length", "max_completion_length")),
               "online-dpo": ("online-dpo", "2402.04792", ("beta", "max_new_tokens", "temperature"))}
METHOD_FOLDERS = sorted(name for name in VERSIONED if name.startswith("trl-") and name.split("-", 2)[2] in METHOD_RUNS)


def test_the_other_trl_trainers_were_run():
    methods = {name.split("-", 2)[2] for name in METHOD_FOLDERS}
    assert {"grpo", "rloo", "reward", "reward-peft", "cpo", "gkd", "distillation", "online-dpo"} <= methods
    assert sum(name.endswith("-grpo") for name in METHOD_FOLDERS) >= 2  # GRPO on an older release too
    assert {"trl-0.19.1-bco", "trl-0.19.1-prm", "trl-0.19.1-reward", "trl-0.19.1-cpo", "trl-0.19.1-gkd"} <= set(
        METHOD_FOLDERS)  # TRL 0.x's own trainers and templates
    # GRPO's first card (TRL 0.15: no method tag, the old citation) and the last TRL 0.x (0.29: the @software citation,
    # the Trackio badge in the template, rm_model_card.md's Quick start)
    assert {"trl-0.15.2-grpo", "trl-0.29.1-grpo", "trl-0.29.1-reward"} <= set(METHOD_FOLDERS)
    assert {"trl-0.15.2-sft", "trl-0.15.2-dpo", "trl-0.29.1-sft", "trl-0.29.1-dpo"} <= set(VERSIONED)


@pytest.mark.parametrize("name", METHOD_FOLDERS)
def test_a_trl_method_run_is_named_cited_and_lists_its_settings(name):
    """GRPO is GRPO (not KTO, whose marker kl it logs too), a reward model is one; the method's paper is linked and
    cited, and the settings its config carries are listed with the values the pickle holds."""
    method, paper_id, keys = METHOD_RUNS[name.split("-", 2)[2]]
    built = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}")
    training = built.records.training
    assert training is not None and training.method == method
    hyper = dict(training.hyperparameters)
    pickled = shown(name, *keys)
    for key in keys:
        if isinstance(pickled.get(key), (int, float, str)):
            assert hyper[key] == pickled[key], key
    if paper_id:
        assert f"(https://huggingface.co/papers/{paper_id})" in built.text
        assert built.text.count("```bibtex") >= 2  # the method's paper and TRL
    if method in ("grpo", "rloo"):  # the reward function the run script gave, named by the log
        assert "- reward_funcs: answer_reward\n" in built.text


@pytest.mark.parametrize("name", [n for n in VERSIONED if n.startswith("trl-")])
def test_trls_method_sentence_is_the_method_line_said_once(name):
    """TRL's "This model was trained with X, a method introduced in [paper](...)." is what the card's Method line says
    with the paper: not kept beside it as the training description. TRL before 0.16 tags no method (trl-0.12.2-dpo,
    trl-0.15.2-grpo: the config class names it after the README is read); TRL 1.16 names "Online DPO" in two words."""
    built = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}")
    method_line = next((line for line in built.text.splitlines() if line.startswith("- **Method:**")), "")
    if "https://huggingface.co/papers/" in method_line:
        assert "This model was trained with" not in built.text


def test_a_persons_text_after_trls_method_sentence_stays(tmp_path):
    """Only TRL's sentence goes (trl-0.15.2-grpo, whose README tags no method): a person's words under "## Training
    procedure" stay the training description."""
    run = copy_run("trl-0.15.2-grpo", tmp_path / "run")
    readme = run / "README.md"
    text = readme.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.startswith("This model was trained with GRPO"))
    readme.write_text(text.replace(sentence, sentence + "\n\nRewarded for the right answer only."), encoding="utf-8")
    training = read_trainer_dir(run).data["training"]
    assert training["method"] == "grpo" and training["description"] == "Rewarded for the right answer only."


def test_a_persons_sentence_like_trls_stays(tmp_path):
    """TRL's sentence names a method in one word, or in up to three before its paper ("Online DPO"): a person's "This
    model was trained with LoRA adapters." under TRL's "## Training procedure" (trl-0.29.1-sft) is theirs."""
    run = copy_run("trl-0.29.1-sft", tmp_path / "run")
    readme = run / "README.md"
    text = readme.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.startswith("This model was trained with SFT"))
    readme.write_text(text.replace(sentence, sentence + "\n\nThis model was trained with LoRA adapters."),
                      encoding="utf-8")
    assert read_trainer_dir(run).data["training"]["description"] == "This model was trained with LoRA adapters."


def test_a_reward_model_is_a_text_classification_model():
    """A reward model, full or a LoRA adapter (task_type SEQ_CLS, as TRL's RewardTrainer with peft_config saves it),
    scores text: text-classification, and no Quick start that would generate text with it."""
    names = [n for n in METHOD_FOLDERS if n.endswith(("-reward", "-reward-peft"))]
    assert any(n.endswith("-reward-peft") for n in names)
    for name in names:
        built = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}")
        assert "pipeline_tag: text-classification\n" in built.text
        assert "- **Method:** Reward modeling\n" in built.text
        assert "generate(" not in built.text and "text-generation" not in built.text


# ---------------------------------------------------------------------------- shapes seen in real folders


def test_enums_pickled_by_name_read_as_their_values(tmp_path):
    """Shape seen in transformers 4.5x output pickled under Python 3.12+, which pickles str enums by name:
    getattr(OptimizerNames, 'PAGED_ADAMW_8BIT'). The value is the name in lower case for transformers' enums;
    accelerate's DistributedType keeps its name ('NO' is its value)."""
    def by_name(module: str, cls: str, member: str) -> bytes:
        raw = member.encode()
        return (b"cbuiltins\ngetattr\n" + f"c{module}\n{cls}\n".encode() + b"X" + struct.pack("<I", len(raw)) + raw
                + b"\x86R")

    def field(key: str, value: bytes) -> bytes:
        return b"X" + struct.pack("<I", len(key)) + key.encode() + value

    data = (b"\x80\x02ctransformers.training_args\nTrainingArguments\n)\x81}("
            + field("optim", by_name("transformers.training_args", "OptimizerNames", "PAGED_ADAMW_8BIT"))
            + field("lr_scheduler_type", by_name("transformers.trainer_utils", "SchedulerType", "LINEAR"))
            + field("kind", by_name("accelerate.utils.dataclasses", "DistributedType", "NO"))
            + b"ub.")
    (tmp_path / "training_args.bin").write_bytes(data)
    fields = read_training_args(tmp_path / "training_args.bin").fields
    assert fields == {"optim": "paged_adamw_8bit", "lr_scheduler_type": "linear", "kind": "NO"}


ARGS_VERSIONS = FIXTURES / "versions" / "args"


def _as_saved(value: Any) -> Any:
    """The reader's data as make_args_versions.py writes torch.load's: no class names, NaN/inf as JSON strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {str(k): _as_saved(v) for k, v in value.items() if k != "__class__"}
    if isinstance(value, list):
        return [_as_saved(v) for v in value]
    return value


@pytest.mark.parametrize("made", sorted(str(p.parent.relative_to(ARGS_VERSIONS))
                                        for p in ARGS_VERSIONS.glob("*/*/training_args.bin")))
def test_training_args_of_each_release_read_as_torch_load_gives_them(made):
    """training_args.bin of transformers 4.5-5.25 and TRL 0.8-1.16 configs with non-default values of every kind
    (tests/fixtures/make_args_versions.py): enums, dicts, the dataclasses and objects the arguments hold
    (AcceleratorConfig, accelerate's PartialState, HfTrainerDeepSpeedConfig), lists, a Path, inf and NaN. The reader,
    which imports and runs nothing, gives every field as torch.load(weights_only=False) gave it in that release."""
    saved = json.loads((ARGS_VERSIONS / made / "torch_load.json").read_text(encoding="utf-8"))
    args = read_training_args(ARGS_VERSIONS / made / "training_args.bin")
    assert args.cls == saved["class"]
    assert _as_saved(args.fields) == saved["fields"]
    listed = hyperparameters(args.fields)
    # (releases before optim, 4.17, ran AdamW unless adafactor=True, which is not set here)
    assert listed["optimizer"].startswith("adafactor" if "optim" in args.fields else "Adam with betas=(0.9,0.98)")
    assert listed["lr_scheduler_type"] == "cosine_with_restarts"
    assert listed["train_batch_size"] == 4 and listed["total_train_batch_size"] == 32 and listed["seed"] == 7


def test_max_grad_norm_inf_is_said_as_no_clipping(tmp_path):
    """max_grad_norm=inf (the made releases' arguments all set it): the gradient's norm is logged but never clipped.
    A number records cannot hold, it was left off the card with no word; it is said as text."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    shutil.copy(ARGS_VERSIONS / "transformers-4.57.6" / "TrainingArguments" / "training_args.bin", run)
    assert read_training_args(run / "training_args.bin").fields["max_grad_norm"] == math.inf
    card = tmp_path / "README.md"
    card.write_text(build_card(trainer_dir=run, repo_id="acme/m").text, encoding="utf-8")
    assert "\n- max_grad_norm: inf (no clipping)\n" in card.read_text(encoding="utf-8")
    assert validate_card(card).ok
    assert hyperparameters({"max_grad_norm": "inf"})["max_grad_norm"] == "inf (no clipping)"  # a recipe's YAML
    assert hyperparameters({"max_grad_norm": 0.5})["max_grad_norm"] == 0.5


@pytest.mark.parametrize(("cls", "member", "value"), [
    ("OptimizerNames", "PAGED_ADAMW", "paged_adamw_32bit"), ("OptimizerNames", "ADAMW_BNB", "adamw_bnb_8bit"),
    ("OptimizerNames", "LION", "lion_32bit"), ("OptimizerNames", "RMSPROP_8BIT", "rmsprop_bnb_8bit"),
    ("SchedulerType", "REDUCE_ON_PLATEAU", "reduce_lr_on_plateau")])
def test_enum_members_pickled_by_name_whose_value_is_not_their_name(tmp_path, cls, member, value):
    """The members of transformers' OptimizerNames and SchedulerType whose value is not their name in lower case
    (in every release from 4.5 to 5.25): pickled by name, as above, they are read as the value the run was given
    (the QLoRA recipe's optim paged_adamw_32bit), not as 'paged_adamw', which no release accepts."""
    raw, key = member.encode(), ("optim" if cls == "OptimizerNames" else "lr_scheduler_type").encode()
    data = (b"\x80\x02ctransformers.training_args\nTrainingArguments\n)\x81}(X" + struct.pack("<I", len(key)) + key
            + b"cbuiltins\ngetattr\n" + f"ctransformers.training_args\n{cls}\n".encode()
            + b"X" + struct.pack("<I", len(raw)) + raw + b"\x86Rub.")
    (tmp_path / "training_args.bin").write_bytes(data)
    fields = read_training_args(tmp_path / "training_args.bin").fields
    assert fields == {key.decode(): value}
    listed = hyperparameters({**fields, "learning_rate": 2e-4})
    assert str(listed["optimizer" if cls == "OptimizerNames" else "lr_scheduler_type"]).startswith(value)


def test_a_git_lfs_pointer_is_named_and_the_readme_gives_the_hyperparameters(tmp_path):
    """Shape seen in repositories of transformers 4.25-4.26 Whisper runs cloned without their LFS content: a pointer
    where training_args.bin should be."""
    run = copy_run("transformers-4.36.2", tmp_path / "run")
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32 + "\nsize 4027\n"
    (run / "training_args.bin").write_text(pointer)
    result = build_card(trainer_dir=run, repo_id="acme/run")
    warned = [w for w in result.warnings if w.code in ("lfs-pointer", "unreadable-training-args")]
    assert [w.code for w in warned] == ["lfs-pointer"]  # a pointer is no damaged file: the JSON pointers' code
    assert "Git LFS pointer" in warned[0].message and "git lfs pull" in warned[0].fix
    listed = card_hyperparameters((run / "README.md").read_text(encoding="utf-8"))
    assert {"learning_rate", "seed", "optimizer", "training_steps"} <= set(listed)
    for key, value in listed.items():
        assert f"- {key}: {value}\n" in result.text, key


def test_the_evaluation_after_training_wins_over_the_last_one_during_training(tmp_path):
    """Shape seen in transformers 4.25-4.26 output with load_best_model_at_end: the final evaluate()
    (eval_results.json, the README's results) is of the best checkpoint, not of the last one the log history
    evaluated during training."""
    run = copy_run("transformers-4.46.3", tmp_path / "run")
    state = json.loads((run / "trainer_state.json").read_text())
    end = next(i for i, e in enumerate(state["log_history"]) if "train_runtime" in e)
    assert not any("eval_loss" in e for e in state["log_history"][end:])  # saved before the final evaluation
    last_loss = [e["eval_loss"] for e in state["log_history"] if "eval_loss" in e][-1]
    best = round(last_loss / 2, 6)
    for name in ("eval_results.json", "all_results.json"):
        results = json.loads((run / name).read_text())
        (run / name).write_text(json.dumps({**results, "eval_loss": best}))
    got = ingest(trainer_dir=run, repo_id="acme/run")
    assert got.data["training"]["eval_results"]["Loss"] == best
    assert not [w for w in got.warnings if w.code == "conflicting-values"]
    # logged after training, the same evaluation as eval_results.json: the log's value stays, and a mismatch is told
    state["log_history"].append({"eval_loss": last_loss, "eval_runtime": 0.1, "epoch": 3.0, "step": 30})
    (run / "trainer_state.json").write_text(json.dumps(state))
    got = ingest(trainer_dir=run, repo_id="acme/run")
    assert got.data["training"]["eval_results"]["Loss"] == last_loss
    assert [w for w in got.warnings if w.code == "conflicting-values"]


@pytest.mark.parametrize("architecture, model_type, expected", [
    ("WhisperForConditionalGeneration", "whisper", "automatic-speech-recognition"),
    ("T5ForConditionalGeneration", "t5", "text-generation"),  # the Hub folded text2text-generation into it
    ("MT5ForConditionalGeneration", "mt5", "text-generation"),
    ("Idefics3ForConditionalGeneration", "idefics3", "image-text-to-text"),
    ("GPT2LMHeadModel", "gpt2", "text-generation"),
    ("DistilBertForSequenceClassification", "distilbert", "text-classification"),
    ("Wav2Vec2ForCTC", "wav2vec2", "automatic-speech-recognition"),
])
def test_the_pipeline_of_a_config_is_one_the_hub_accepts(tmp_path, architecture, model_type, expected):
    run = copy_run("transformers-4.30.2", tmp_path / "run", drop=("README.md",))
    config = json.loads((run / "config.json").read_text())
    (run / "config.json").write_text(json.dumps({**config, "architectures": [architecture], "model_type": model_type}))
    out = tmp_path / "README.md"
    build_card(trainer_dir=run, repo_id="acme/run", output=out)
    assert f"pipeline_tag: {expected}\n" in out.read_text()
    assert validate_card(out).ok


def test_a_removed_pipeline_tag_in_an_old_card_becomes_text_generation(tmp_path):
    run = copy_run("transformers-4.30.2", tmp_path / "run")
    readme = (run / "README.md").read_text(encoding="utf-8")
    (run / "README.md").write_text(readme.replace("---\ntags:", "---\npipeline_tag: text2text-generation\ntags:", 1),
                                   encoding="utf-8")
    result = build_card(trainer_dir=run, repo_id="acme/run")
    assert "pipeline_tag: text-generation\n" in result.text
    assert [w for w in result.warnings if w.code == "removed-pipeline-tag"]


def test_canonical_model_ids_without_a_namespace_are_base_models(tmp_path):
    """Older runs name their base model as the Hub did before 2023 (``distilbert-base-uncased``): in
    adapter_config.json, and in the body of transformers' card, which had no base_model key then."""
    run = copy_run("peft_lora", tmp_path / "run", base=FIXTURES)
    adapter = json.loads((run / "adapter_config.json").read_text())
    adapter["base_model_name_or_path"] = "distilbert-base-uncased"
    (run / "adapter_config.json").write_text(json.dumps(adapter))
    assert ingest(trainer_dir=run, repo_id="acme/run").data["model"]["base_model"] == "distilbert-base-uncased"
    old = copy_run("transformers-4.30.2", tmp_path / "old")
    readme = (old / "README.md").read_text(encoding="utf-8")
    assert "This model is a fine-tuned version of" not in readme  # a local base model: "trained from scratch"
    readme = readme.replace("This model was trained from scratch", "This model is a fine-tuned version of "
                            "[gpt2](https://huggingface.co/gpt2)")
    (old / "README.md").write_text(readme, encoding="utf-8")
    assert ingest(trainer_dir=old, repo_id="acme/run").data["model"]["base_model"] == "gpt2"
    (old / "README.md").write_text(readme.replace("[gpt2](https://huggingface.co/gpt2)", "[output](https://huggingface"
                                                  ".co/output)"), encoding="utf-8")
    assert "base_model" not in ingest(trainer_dir=old, repo_id="acme/run").data["model"]  # not a known model


def test_the_model_index_results_of_the_trainer_card_are_kept(tmp_path):
    """transformers writes the final evaluation into model-index when it knows the dataset (e.g. Whisper runs)."""
    run = copy_run("transformers-4.30.2", tmp_path / "run")
    readme = (run / "README.md").read_text(encoding="utf-8")
    index = ("model-index:\n- name: transformers-4.30.2\n  results:\n  - task:\n      name: Automatic Speech "
             "Recognition\n      type: automatic-speech-recognition\n    dataset:\n      name: Common Voice 11.0\n"
             "      type: mozilla-foundation/common_voice_11_0\n      config: hi\n      split: test\n    metrics:\n"
             "    - name: Wer\n      type: wer\n      value: 32.0113\n")
    assert "model-index:\n- name: transformers-4.30.2\n  results: []\n" in readme
    (run / "README.md").write_text(readme.replace("model-index:\n- name: transformers-4.30.2\n  results: []\n", index),
                                   encoding="utf-8")
    out = tmp_path / "README.md"
    build_card(trainer_dir=run, repo_id="acme/run", output=out)
    text = out.read_text()
    assert "type: mozilla-foundation/common_voice_11_0" in text and "value: 32.0113" in text
    assert validate_card(out).ok


@pytest.mark.parametrize("keys, method", [
    (("loss", "reward", "reward_std", "kl", "frac_reward_zero_std", "completions/mean_length"), "grpo"),
    (("loss", "rewards/margins", "rewards/chosen", "log_odds_ratio", "log_odds_chosen", "nll_loss"), "orpo"),
    (("loss", "rewards/margins", "rewards/chosen", "odds_ratio_loss", "sft_loss"), "orpo"),
    (("loss", "kl", "rewards/chosen_sum", "logps/chosen_sum"), "kto"),
    (("loss", "rewards/margins", "rewards/chosen", "logps/chosen"), "dpo"),
    # TRL 0.19's online trainers (their stats keys in trl/trainer/*_trainer.py)
    (("loss", "objective/kl", "objective/scores_margin", "rewards/margins", "val/contain_eos_token", "beta"),
     "online-dpo"),
    (("loss", "loss/dpo", "loss/xpo", "objective/scores_margin", "rewards/margins", "alpha", "beta"), "xpo"),
    (("loss", "loss/kl", "loss/score", "mixture_coef", "rewards/margins", "rewards/probabilities"), "nash-md"),
    (("objective/kl", "objective/rlhf_reward", "policy/approxkl_avg", "loss/policy_avg", "loss/value_avg"), "ppo"),
    (("objective/kl", "objective/rlhf_reward", "policy/approxkl_avg", "loss/policy_avg"), "rloo"),
])
def test_the_method_is_named_by_the_most_specific_log_key(tmp_path, keys, method):
    """Shapes seen in TRL 0.2x GRPO output (which logs kl when beta > 0), TRL ORPO and LLaMA-Factory ORPO output
    (which log rewards/margins as DPO does), TRL KTO and DPO output, and TRL 0.19's Online DPO, XPO, Nash-MD, PPO and
    PPO-style RLOO, with no README or arguments to say more."""
    history = [{**{key: 0.5 for key in keys}, "epoch": 1.0, "step": 10}]
    (tmp_path / "trainer_state.json").write_text(json.dumps({"log_history": history, "global_step": 10}))
    assert ingest(trainer_dir=tmp_path, repo_id="acme/run").data["training"]["method"] == method


@pytest.mark.parametrize("cls, method", [
    ("trl.trainer.orpo_config.ORPOConfig", "orpo"), ("trl.trainer.kto_config.KTOConfig", "kto"),
    ("trl.trainer.grpo_config.GRPOConfig", "grpo"), ("trl.trainer.reward_config.RewardConfig", "reward"),
    ("trl.trainer.rloo_config.RLOOConfig", "rloo"), ("trl.experimental.cpo.cpo_config.CPOConfig", "cpo"),
    # TRL 1.x experimental trainers, and 0.x ones whose class name is not their tag (online-dpo, nash-md)
    ("trl.experimental.online_dpo.online_dpo_config.OnlineDPOConfig", "online-dpo"),
    ("trl.trainer.nash_md_config.NashMDConfig", "nash-md"), ("trl.experimental.gkd.gkd_config.GKDConfig", "gkd"),
    ("trl.trainer.distillation_config.DistillationConfig", "distillation"), ("trl.trainer.prm_config.PRMConfig", "prm"),
    ("trl.trainer.bco_config.BCOConfig", "bco"), ("trl.trainer.xpo_config.XPOConfig", "xpo"),
    ("unsloth_compiled_cache.UnslothSFTTrainer.UnslothSFTConfig", "sft"),  # shape seen in Unsloth + TRL 0.2x output
    ("UnslothDPOTrainer.UnslothDPOConfig", "dpo"),
    ("transformers.training_args_seq2seq.Seq2SeqTrainingArguments", None), ("__main__.TrainingArguments", None),
    ("mylib.UnslothSFTConfig", None),
])
def test_the_config_class_names_the_method(cls, method):
    assert config_method(cls) == method


def test_a_transformers_4_7_card_with_model_index_and_a_canonical_dataset(tmp_path):
    """Shape seen in transformers 4.7-4.9 output: the legacy ``model_index`` key with one ``metric`` per result,
    and a dataset without a namespace (``glue``)."""
    run = copy_run("transformers-4.30.2", tmp_path / "run")
    readme = (run / "README.md").read_text(encoding="utf-8")
    legacy = ("datasets:\n- glue\nmodel_index:\n- name: transformers-4.30.2\n  results:\n  - task:\n      name: Text "
              "Classification\n      type: text-classification\n    dataset:\n      name: glue\n      type: glue\n"
              "      args: sst2\n    metric:\n      name: Accuracy\n      type: accuracy\n      value: 0.9106\n")
    old = "model-index:\n- name: transformers-4.30.2\n  results: []\n"
    assert old in readme
    (run / "README.md").write_text(readme.replace(old, legacy), encoding="utf-8")
    out = tmp_path / "README.md"
    result = build_card(trainer_dir=run, repo_id="acme/run", output=out)
    text = out.read_text()
    assert "datasets:\n- glue\n" in text and "model_index" not in text
    assert "type: glue" in text and "value: 0.9106" in text
    assert [w for w in result.warnings if w.code == "legacy-model-index"]
    assert validate_card(out).ok


def test_a_folder_with_only_the_readme_and_checkpoints_reads_the_last_checkpoint(tmp_path):
    """Shape seen in TRL 0.20 PPO and 0.23 GRPO output kept in git: the top holds TRL's README, and the state, the
    arguments and the config are in checkpoint-N/ only (the last one by step, checkpoint-150 after checkpoint-15)."""
    run = tmp_path / "trainer_output"
    source = VERSIONS / "trl-0.19.1-sft"
    run.mkdir()
    shutil.copy(source / "README.md", run / "README.md")
    layout = {15: ("trainer_state.json",), 150: ("trainer_state.json", "training_args.bin", "config.json")}
    for step, files in layout.items():
        (run / f"checkpoint-{step}").mkdir()
        for name in files:
            shutil.copy(source / (f"checkpoint-30/{name}" if name == "trainer_state.json" else name),
                        run / f"checkpoint-{step}" / name)
    assert detect_format(run) == "trainer"
    got = ingest(sources=[run], repo_id="acme/run")
    warned = [w for w in got.warnings if w.code == "state-in-checkpoint"]
    assert len(warned) == 1 and "checkpoint-150" in warned[0].message
    assert got.data["training"]["method"] == "sft" and got.data["training"]["results"]
    assert got.data["training"]["hyperparameters"]["learning_rate"] == shown("trl-0.19.1-sft", "learning_rate")[
        "learning_rate"]
    assert got.data["model"]["details"]["Architecture"] == "LlamaForCausalLM"
    out = tmp_path / "README.md"
    build_card(trainer_dir=run, repo_id="acme/run", output=out)
    assert validate_card(out).ok


def test_trl_is_cited_once_when_an_older_card_cites_it_under_its_older_key():
    for name in ("trl-0.12.2-sft", "trl-0.19.1-dpo"):
        readme = (VERSIONS / name / "README.md").read_text(encoding="utf-8")
        assert "@misc{vonwerra2022trl," in readme
        text = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}").text
        assert text.count("@misc{vonwerra2022trl,") == 1 and "vonwerra2020trl" not in text
        assert text.count("Cite TRL as:") == 1


@pytest.mark.parametrize("folder", [f"versions/trainer/{name}" for name in VERSIONED]
                         + ["trainer_sft", "trainer_multi_eval", "trl_sft", "trl_dpo", "peft_lora"])
def test_a_readme_of_the_same_run_agrees_with_its_training_args(folder):
    """The tools' own README and training_args.bin of one run list the same hyperparameters (older releases name
    the optimizer's class, "Adam with betas=...", where ours names the argument): no conflicting-values warning."""
    got = read_trainer_dir(FIXTURES / folder)
    assert [w.message for w in got.warnings if w.code == "conflicting-values"] == []


def test_a_readme_from_another_run_is_reported(tmp_path):
    """Seen in a public repo: an output folder whose README a later run wrote (other epochs, batch size and
    optimizer than its training_args.bin). The arguments win, and the difference is named."""
    run = tmp_path / "run"
    shutil.copytree(FIXTURES / "trainer_sft", run)
    readme = run / "README.md"
    readme.write_text(readme.read_text().replace("- learning_rate: 0.003", "- learning_rate: 0.0005"))
    got = read_trainer_dir(run)
    (warning,) = [w for w in got.warnings if w.code == "conflicting-values"]
    assert warning.path == "README.md" and "learning_rate (0.0005 there, 0.003 in training_args.bin)" in warning.message
    assert got.data["training"]["hyperparameters"]["learning_rate"] == 0.003


def test_a_card_of_ours_in_the_folder_reads_as_the_same_run(tmp_path):
    """The callback (or an earlier build) leaves our card as output_dir/README.md; building again from the folder
    gives the same card, and its hyperparameters list (``gradient_checkpointing: true``, as our cards write a
    boolean) agrees with training_args.bin: no conflicting-values warning."""
    run = copy_run("trl_dpo", tmp_path / "run", base=FIXTURES)
    first = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "- gradient_checkpointing: true\n" in first
    (run / "README.md").write_text(first, encoding="utf-8")
    again = build_card(trainer_dir=run, repo_id="acme/run")
    assert again.text == first
    assert [w.message for w in again.warnings if w.code == "conflicting-values"] == []


def test_a_process_reward_model_is_token_classification_and_cites_its_paper():
    """TRL 0.19's PRMTrainer card names no paper link ("This model was trained with PRM."), but cites the paper: the
    card links and cites it, and a LlamaForTokenClassification is token-classification."""
    (name,) = [n for n in METHOD_FOLDERS if n.endswith("-prm")][:1]
    assert "This model was trained with PRM.\n" in (VERSIONS / name / "README.md").read_text(encoding="utf-8")
    text = build_card(trainer_dir=VERSIONS / name, repo_id=f"acme/{name}").text
    assert "pipeline_tag: token-classification\n" in text
    assert "(https://huggingface.co/papers/2211.14275)" in text and text.count("@article{uesato2022solving,") == 1


def test_simpo_gamma_is_listed_only_with_the_simpo_loss():
    """CPOConfig holds simpo_gamma (0.5) whatever its loss_type; it is a setting of the run only with loss_type simpo
    (CPO-SimPO), which also cites SimPO."""
    from generator.sources.hyperparameters import hyperparameters

    (name,) = [n for n in METHOD_FOLDERS if n.endswith("-cpo")][:1]
    fields = read_training_args(VERSIONS / name / "training_args.bin").fields
    assert fields["loss_type"] == "sigmoid" and fields["simpo_gamma"] == 0.5
    assert "simpo_gamma" not in hyperparameters(fields)
    assert hyperparameters({**fields, "loss_type": "simpo"})["simpo_gamma"] == 0.5


def test_a_warmup_ratio_copied_into_warmup_steps_is_listed_once():
    """transformers 5.0-5.14 copy warmup_ratio into warmup_steps (a float < 1 meaning a ratio): a real Unsloth GRPO
    run's arguments hold both as 0.1; the card lists the setting once, as the ratio the user gave. Steps given beside a
    ratio (transformers 4.x, where steps win) are both listed."""
    from generator.sources.hyperparameters import hyperparameters
    from tests.test_trainer import SHAPES

    fields = read_training_args(SHAPES / "warmup_ratio_copied_5.x" / "training_args.bin").fields
    assert fields["warmup_ratio"] == 0.1 and fields["warmup_steps"] == 0.1
    listed = hyperparameters(fields)
    assert listed["lr_scheduler_warmup_ratio"] == 0.1 and "lr_scheduler_warmup_steps" not in listed
    both = hyperparameters({**fields, "warmup_steps": 100})
    assert both["lr_scheduler_warmup_ratio"] == 0.1 and both["lr_scheduler_warmup_steps"] == 100


def test_a_warmup_steps_below_one_of_transformers_5_15_is_listed_as_the_ratio_it_is():
    """transformers 5.15+ has no warmup_ratio: a warmup_steps below 1 is the share of the training steps warmed up
    (get_warmup_steps), which the card listed as steps. transformers 5.25.0's own pickle of warmup_steps=0.05: listed
    as the ratio; whole steps stay steps."""
    from generator.sources.hyperparameters import hyperparameters
    from tests.test_trainer import SHAPES

    fields = read_training_args(SHAPES / "warmup_steps_ratio_5.25" / "training_args.bin").fields
    assert fields["warmup_steps"] == 0.05 and "warmup_ratio" not in fields
    listed = hyperparameters(fields)
    assert listed["lr_scheduler_warmup_ratio"] == 0.05 and "lr_scheduler_warmup_steps" not in listed
    assert hyperparameters({**fields, "warmup_steps": 10})["lr_scheduler_warmup_steps"] == 10


@pytest.mark.parametrize("shape, ratio", [("llamafactory_lora_5.2", 0.1), ("vlm_trainer_readme_only_5.8", 0.03)])
def test_a_warmup_steps_below_one_of_a_transformers_5_card_is_listed_as_the_ratio_it_is(tmp_path, shape, ratio):
    """transformers 5.x reads a warmup_steps below 1 as a share of the training steps (training_args.py's
    get_warmup_steps; 5.15 drops warmup_ratio) and its card lists it as `lr_scheduler_warmup_steps: 0.1`, which our
    card listed as steps. Real 5.2 and 5.8 cards, read with their folder and imported alone: listed as the ratio."""
    from tests.test_trainer import SHAPES

    readme = SHAPES / shape / "README.md"
    assert card_hyperparameters(readme.read_text(encoding="utf-8"))["lr_scheduler_warmup_ratio"] == ratio
    for got in (read_trainer_dir(SHAPES / shape), ingest(sources=[readme], repo_id="acme/lora")):
        listed = got.data["training"]["hyperparameters"]
        assert listed["lr_scheduler_warmup_ratio"] == ratio and "lr_scheduler_warmup_steps" not in listed
    card = build_card(sources=[readme], repo_id="acme/lora").text
    assert f"- lr_scheduler_warmup_ratio: {ratio}\n" in card and "lr_scheduler_warmup_steps" not in card


@pytest.mark.parametrize("keys, listed", [
    # TRL 0.14-0.16 GRPO (trl/trainer/grpo_trainer.py: self._metrics[f"rewards/{reward_func_name}"], a reward model
    # named by the last part of its path)
    (("loss", "completion_length", "rewards/accuracy_reward", "rewards/Skywork-Reward-V2", "reward", "reward_std",
      "kl"), "accuracy_reward, Skywork-Reward-V2"),
    # TRL 0.17+ GRPO / RLOO: a mean and a std per function
    (("loss", "rewards/format_reward/mean", "rewards/format_reward/std", "rewards/accuracy_reward/mean", "reward",
      "reward_std"), "format_reward, accuracy_reward"),
    (("loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies"), None),  # DPO: no functions
])
def test_the_reward_functions_of_a_grpo_log_are_listed(tmp_path, keys, listed):
    history = [{**{key: 0.5 for key in keys}, "epoch": 1.0, "step": 10}]
    (tmp_path / "trainer_state.json").write_text(json.dumps({"log_history": history, "global_step": 10}))
    hyper = ingest(trainer_dir=tmp_path, repo_id="acme/run").data["training"].get("hyperparameters", {})
    assert hyper.get("reward_funcs") == listed


def test_total_flos_comes_from_the_state_when_the_train_metrics_lack_it():
    """transformers 4.36 leaves total_flos out of train()'s metrics (so out of train_results.json), as PrinterCallback
    does with disable_tqdm=True: the total is trainer_state.json's, which the live callback's card shows too. A
    state's 0 is the default of a trainer that counts no FLOs (TRL's DPO), not a total."""
    run = VERSIONS / "transformers-4.36.2"
    assert "total_flos" not in json.loads((run / "train_results.json").read_text())
    flos = json.loads((run / "trainer_state.json").read_text())["total_flos"]
    assert f"- **Total FLOs:** {int(flos)}\n" in build_card(trainer_dir=run, repo_id="acme/run").text
    dpo = VERSIONS / "trl-0.19.1-dpo"
    assert json.loads((dpo / "trainer_state.json").read_text())["total_flos"] == 0
    assert "Total FLOs" not in build_card(trainer_dir=dpo, repo_id="acme/run").text


@pytest.mark.parametrize("name", ["transformers-4.30.2", "transformers-4.46.3", "transformers-5.24.0"])
def test_a_folder_without_the_trainers_readme_is_a_transformers_model_as_that_readme_says(name, tmp_path):
    """The Trainer's own card says library_name: transformers; without it (the ModelCardCallback's folder, a run
    saved without create_model_card) config.json says the same, and the card gets its Quick start."""
    run = copy_run(name, tmp_path / "run", drop=("README.md",))
    assert read_trainer_dir(run).data["model"]["library_name"] == "transformers"
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "library_name: transformers\n" in text and 'pipeline("text-generation", model="acme/run"' in text


@pytest.mark.parametrize("name", [n for n in VERSIONED if n.startswith("transformers-")])
def test_a_trainer_run_without_its_readme_lists_the_metrics_that_readme_lists(name, tmp_path):
    """The Trainer's card lists the final results named as transformers' METRIC_TAGS in its `metrics:` metadata; a run
    saved without that card lost them. The README the Trainer wrote is the oracle."""
    import yaml

    meta = yaml.safe_load((VERSIONS / name / "README.md").read_text().split("---\n")[1])
    assert meta.get("metrics")  # each of these runs scored accuracy
    run = copy_run(name, tmp_path / "run", drop=("README.md",))
    assert read_trainer_dir(run).data["model"]["metadata"]["metrics"] == meta["metrics"]
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "\nmetrics:\n" + "".join(f"- {m}\n" for m in meta["metrics"]) in text


@pytest.mark.parametrize(("title", "want"), [("My Given Name", "My Given Name"), (None, "run")])
def test_a_name_given_to_the_trainers_card_titles_it_beside_a_repo_id(title, want, tmp_path):
    """create_model_card(model_name="Whisper Small Hi - Sanchit Gandhi"), as the Whisper fine-tuning blog does, titles
    the Trainer's card; `build --repo-id` titled ours after the repo all the same. A name no default (the
    output_dir's, training_args.bin says which) is the person's and stays the title; the default gives way to the
    repo's name, as the Trainer's push titles its card."""
    run = copy_run("transformers-5.24.0", tmp_path / "run")
    if title:
        readme = run / "README.md"
        readme.write_text(readme.read_text().replace("- name: transformers-5.24.0\n", f"- name: {title}\n")
                          .replace("# transformers-5.24.0\n", f"# {title}\n"))
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert f"\n# {want}\n" in text and "- name: acme/run\n" in text


@pytest.mark.parametrize(("name", "method", "trl_key"), [("trl-0.19.1-dpo", "dpo", "rafailov2023direct"),
                                                   ("trl-1.16.0-grpo", "grpo", "shao2024deepseekmath"),
                                                   ("trl-1.16.0-reward", "reward-trainer", None)])
def test_a_trl_run_without_its_readme_is_tagged_and_cites_trl_as_trls_card_does(name, method, trl_key, tmp_path):
    """TRL's trainers tag the model they train ``trl`` and the method (``_tag_names``; push_to_hub writes them) and
    TRL's card cites TRL: a run saved without that card (training_args.bin holding TRL's config class) lost both."""
    run = copy_run(name, tmp_path / "run", drop=("README.md",))
    assert read_trainer_dir(run).data["model"]["tags"] == ["trl", method]
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert f"tags:\n- trl\n- {method}\n" in text and "@software{vonwerra2020trl," in text
    assert trl_key is None or f"{{{trl_key},\n" in text
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert validate_card(tmp_path / "README.md").ok


@pytest.mark.parametrize(("name", "pipeline"), [("txt_results_ner_3.0", "token-classification"),
                                              ("txt_results_xnli_2.x", "text-classification"),
                                              ("script_namespace_args_2020", "text-generation")])
def test_a_config_saved_before_transformers_4_without_its_version_is_still_a_transformers_model(name, pipeline):
    """transformers 2.x-3.x wrote config.json without transformers_version (1kaushikr/resume-ner's run_ner.py of 3.0,
    DigitalCompanion/mBERT's run_xnli.py, a run_language_modeling.py GPT-2 of 2020): its architecture, one of
    transformers' classes, and model_type say it is transformers' all the same, and the card gets library_name and
    the Quick start, which it lacked."""
    run = Path(__file__).parent / "trainer_shapes" / name
    assert "transformers_version" not in json.loads((run / "config.json").read_text(encoding="utf-8"))
    assert read_trainer_dir(run).data["model"]["library_name"] == "transformers"
    text = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "library_name: transformers\n" in text and f'pipeline("{pipeline}", model="acme/run"' in text


def test_a_config_without_a_version_naming_a_class_of_its_own_code_names_no_library(tmp_path):
    """A config.json without transformers_version whose architecture is none of transformers' classes may be any
    code's: no library_name is guessed for it."""
    config = json.loads((Path(__file__).parent / "trainer_shapes" / "txt_results_ner_3.0" / "config.json").read_text())
    (tmp_path / "config.json").write_text(json.dumps({**config, "architectures": ["MyTagger"]}), encoding="utf-8")
    assert "library_name" not in read_trainer_dir(tmp_path).data["model"]


def test_a_trl_0x_ppo_run_shows_its_log_and_its_own_settings_not_max_steps():
    """TRL 0.19's PPOTrainer (gone from TRL 1.x) logs no "loss" but loss/policy_avg and loss/value_avg, objective/kl
    and objective/rlhf_reward, with lr, episode and eps (episodes per second); it trains total_episodes and ignores
    max_steps (30 in its PPOConfig here, 8 steps run). Its own README has no results and no hyperparameters."""
    run = VERSIONS / "trl-0.19.1-ppo"
    state = json.loads((run / "trainer_state.json").read_text())
    assert state["global_step"] == 8 and not any("loss" in entry for entry in state["log_history"])
    training = read_trainer_dir(run).data["training"]
    assert training["method"] == "ppo"
    hyper = training["hyperparameters"]
    assert hyper["total_episodes"] == 64 and hyper["num_ppo_epochs"] == 2 and hyper["response_length"] == 8
    assert hyper["kl_coef"] == 0.05 and hyper["missing_eos_penalty"] == 1.0
    assert "training_steps" not in hyper and "num_epochs" not in hyper
    rows = training["results"]
    assert [row["step"] for row in rows] == list(range(1, 9))
    assert rows[-1]["metrics"]["Loss/policy Avg"] == state["log_history"][-1]["loss/policy_avg"]
    assert rows[-1]["metrics"]["Objective/kl"] == state["log_history"][-1]["objective/kl"]
    assert not {"Lr", "Eps", "Episode"} & set(rows[0]["metrics"])


def test_a_ppo_log_shows_its_rewards_kl_and_losses_without_a_no_log_column(tmp_path):
    """PPO logs no training loss: the key table leaves out a "Training Loss" column that would say "No log" on every
    row and shows PPO's own key values (objective/kl, objective/rlhf_reward, loss/policy_avg, ...), not its first
    columns; the folded whole log keeps every column, the check holds both, and the card reads back whole."""
    from generator.io.yamlio import dump
    from generator.markdown.tables import parse_tables

    run = VERSIONS / "trl-0.19.1-ppo"
    card = build_card(trainer_dir=run, repo_id="acme/ppo").text
    key, whole = [t for t in parse_tables(card) if "Step" in t.header]
    assert key.header == ("Epoch", "Step", "Loss/policy Avg", "Loss/value Avg", "Objective/entropy", "Objective/kl",
                          "Objective/rlhf Reward", "Objective/scores")
    assert whole.header[0] == "Training Loss" and {row[0] for row in whole.rows} == {"No log"}
    (tmp_path / "README.md").write_text(card)
    back = ingest([tmp_path / "README.md"]).data["training"]["results"]
    assert [len(row["metrics"]) for row in back] == [14] * 8 and all(row["training_loss"] is None for row in back)
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest([run], repo_id="acme/ppo").data))
    report = validate_card(records)
    assert report.ok and report.tables_checked == 2, report.problems


def test_trained_from_scratch_is_the_trainers_sentence_a_persons_text_beside_it_is_kept(tmp_path):
    """transformers writes "This model was trained from scratch on ..." whenever no Hub id named the model it started
    from (4.30.2's run on a local tiny-llama/): the Trainer's sentence, not the card's summary, whatever names the
    base (config.json's local _name_or_path, a LoRA adapter's local base, nothing at all); text a person wrote under
    it is the summary."""
    run = copy_run("transformers-4.30.2", tmp_path / "run")
    assert "This model was trained from scratch on the None dataset." in (run / "README.md").read_text()
    assert "summary" not in ingest(trainer_dir=run, repo_id="acme/run").data["model"]
    readme = (run / "README.md").read_text().replace(
        "on the None dataset.\n", "on the None dataset.\nA tiny model for tests.\n")
    (run / "README.md").write_text(readme)
    config = json.loads((run / "config.json").read_text())
    del config["_name_or_path"]
    (run / "config.json").write_text(json.dumps(config))
    assert ingest(trainer_dir=run, repo_id="acme/run").data["model"]["summary"] == "A tiny model for tests."
    adapter = {"base_model_name_or_path": "/data/models/tiny-llama", "peft_type": "LORA", "r": 4,
               "task_type": "CAUSAL_LM"}
    (run / "adapter_config.json").write_text(json.dumps(adapter))
    read = ingest(trainer_dir=run, repo_id="acme/run")
    assert read.data["model"]["summary"] == "A tiny model for tests."
    assert [w.code for w in read.warnings].count("not-a-hub-id") == 1  # the local base, named once


@pytest.mark.parametrize("name", ["trl-0.15.2-grpo", "trl-0.19.1-grpo", "trl-0.29.1-grpo", "trl-1.16.0-grpo",
                                  "trl-1.16.0-rloo"])
def test_a_grpo_or_rloo_card_heads_with_the_reward_reached_not_its_loss(name, tmp_path):
    """A GRPO / RLOO loss is ~0 by construction (advantages centred on each group's mean: trl#3452, "watch `reward`
    instead"): the card's headline is the reward of the last training log entry, labelled as such with its step,
    not train()'s mean loss (-0.0014 for TRL 1.16's GRPO); the loss stays in the results table. The card reads back
    and checks whole."""
    from generator.io.yamlio import dump

    run = VERSIONS / name
    history = json.loads((run / "trainer_state.json").read_text())["log_history"]
    last = [e for e in history if "reward" in e and "train_runtime" not in e][-1]
    label = f"Train reward (last log, step {last['step']})"
    assert "train_loss" in json.loads((run / "all_results.json").read_text())
    card = build_card(trainer_dir=run, repo_id="acme/rl").text
    assert f"- **{label}:** {last['reward']:g}\n" in card and "Train loss" not in card
    assert "| Training Loss |" in card
    (tmp_path / "README.md").write_text(card)
    assert ingest([tmp_path / "README.md"]).data["training"]["statistics"][label] == last["reward"]
    (tmp_path / "records.yaml").write_text(dump(ingest([run], repo_id="acme/rl").data))
    report = validate_card(tmp_path / "records.yaml")
    assert report.ok, report.problems


@pytest.mark.parametrize("name", ["trl-1.16.0-sft-eval-sets", "trl-0.19.1-dpo"])
def test_a_card_of_a_loss_that_means_something_keeps_it_as_its_headline(name):
    """SFT's and DPO's losses mean something (no ``reward`` / ``reward_std`` in their logs)."""
    run = VERSIONS / name
    loss = json.loads((run / "all_results.json").read_text())["train_loss"]
    assert read_trainer_dir(run).data["training"]["statistics"]["Train loss"] == loss
    card = build_card(trainer_dir=run, repo_id="acme/run").text
    assert "- **Train loss:** " in card and "Train reward" not in card


@pytest.mark.parametrize("name", ["trl-1.16.0-online-dpo", "trl-0.19.1-ppo"])
def test_an_online_dpo_or_ppo_card_heads_with_its_rlhf_reward(name):
    """Online DPO and TRL 0.x's PPO (and RLOO before 0.22) log ``objective/rlhf_reward``, score less KL penalty, the
    objective TRL's docs say should keep going up: it is the card's headline, as GRPO's reward is; Online DPO's loss,
    a DPO loss, stays beside it. These cards had no reward headline (runs34: closing33's "not done")."""
    run = VERSIONS / name
    history = json.loads((run / "trainer_state.json").read_text())["log_history"]
    last = [e for e in history if "objective/rlhf_reward" in e][-1]
    label, reward = f"Train reward (last log, step {last['step']})", last["objective/rlhf_reward"]
    stats = read_trainer_dir(run).data["training"]["statistics"]
    assert stats[label] == reward
    results = run / "all_results.json"
    assert ("Train loss" in stats) == results.exists()  # TRL 0.x's PPO saves no results
    card = build_card(trainer_dir=run, repo_id="acme/run").text
    assert f"- **{label}:** {reward:.4f}\n" in card  # rounded to 4 decimals, as every statistic


def test_a_real_grpo_log_without_results_files_heads_with_its_reward():
    """furixturi/fine-tune-experiments' TRL 0.16 GRPO checkpoint (a trainer_state.json alone, `rewards/<function>`
    keys): its reward, 0.1102 at step 110 (the last entry; 0.1375 at step 100), is the headline, beside the mean of
    the logs of its last tenth of steps (11 of 110: the logs at steps 100 and 110, each of 10 steps' batches)."""
    from tests.test_trainer import SHAPES

    state = json.loads((SHAPES / "grpo_log_0.16" / "trainer_state.json").read_text())
    tail = [e["reward"] for e in state["log_history"] if "reward" in e and e["step"] >= 100]
    stats = read_trainer_dir(SHAPES / "grpo_log_0.16").data["training"]["statistics"]
    assert list(stats)[-2:] == ["Train reward (mean of the last 2 logs, steps 100-110)",
                                "Train reward (last log, step 110)"]
    assert stats["Train reward (last log, step 110)"] == 0.11015625
    assert stats["Train reward (mean of the last 2 logs, steps 100-110)"] == math.fsum(tail) / 2


def test_a_reward_functions_name_keeps_the_capitals_it_is_logged_with():
    """A GRPO run whose reward function is a class, FinancePoisonReward, which TRL logs by its name
    (rewards/FinancePoisonReward/mean): its column was Rewards/financepoisonreward/mean, transformers' capitalize()
    copied onto a column its card never writes (a run's training log; TRL's card has no table). Named as logged now,
    in the table and its key columns alike; a name logged in lower case reads as transformers writes it, and an
    evaluation's columns of one (DPO's rewards/chosen, a Trainer card's own) are transformers' as before."""
    from generator.sources.trainer_log import summary_label, table_label
    from tests.test_trainer import SHAPES

    run = SHAPES / "grpo_reward_class_log"
    logged = json.loads((run / "trainer_state.json").read_text())["log_history"]
    assert "rewards/FinancePoisonReward/mean" in logged[-1]
    rows = read_trainer_dir(run).data["training"]["results"]
    assert rows[-1]["metrics"]["Rewards/FinancePoisonReward/mean"] == logged[-1]["rewards/FinancePoisonReward/mean"]
    assert rows[-1]["metrics"]["Completions/mean Terminated Length"] == logged[-1]["completions/mean_terminated_length"]
    card = build_card(trainer_dir=run, repo_id="acme/rl").text
    assert card.count("| Rewards/FinancePoisonReward/mean |") == 2  # the key columns' table and the whole log's
    assert "financepoisonreward" not in card
    # of an evaluation: only GRPO and RLOO log a reward function's score, each with TRL's card, which has no table
    assert summary_label("", "rewards/FinancePoisonReward/mean") == "Rewards/FinancePoisonReward/mean"
    assert table_label("b", "rewards/FinancePoisonReward/std") == "Rewards/FinancePoisonReward/std (b)"
    assert table_label("", "rewards/chosen") == "Rewards/chosen" and table_label("", "logps/chosen") == "Logps/chosen"


def test_a_grpo_runs_step_time_is_its_training_time_not_a_logged_value():
    """TRL's GRPO (0.2x+) logs step_time, the seconds each step took, in every log entry: a timing, as transformers'
    speed_metrics (train_runtime, ..._per_second) are, which its card keeps out of the results table. It was a
    column of the folded table of logged values ("Step Time"); now out of the table and the charts, and, for a run
    saved without train_runtime (aaravarora01/agent-memory-redteam's checkpoint, 100 of 200 steps), its mean is the
    card's training time, said per step; a run with train_runtime keeps that as its training time."""
    from generator.render.plots import history_log, plan
    from tests.test_trainer import SHAPES

    run = SHAPES / "grpo_reward_class_log"
    history = json.loads((run / "trainer_state.json").read_text())["log_history"]
    logged = [e["step_time"] for e in history if "step_time" in e]
    assert len(logged) == 100
    training = read_trainer_dir(run).data["training"]
    assert not [r for r in training["results"] if any("Step Time" in k for k in r.get("metrics", {}))]
    assert training["training_time"] == f"{math.fsum(logged) / 100:.1f} s per step (the mean of the logged steps)"
    card = build_card(trainer_dir=run, repo_id="acme/rl").text
    assert "Step Time" not in card and "- **Training time:** 19.8 s per step (the mean of the logged steps)\n" in card
    charts = [c.name for c in plan(build_card(trainer_dir=run, repo_id="acme/rl").records, history_log(history))]
    assert "training_reward" in charts and "training_step_time" not in charts
    timed = VERSIONS / "trl-1.16.0-grpo"
    runtime = json.loads((timed / "all_results.json").read_text())["train_runtime"]
    assert read_trainer_dir(timed).data["training"]["training_time"] == f"{runtime:.1f} s"


def test_a_grpo_runs_evaluation_lists_its_reward_first_and_every_metric():
    """TRL 1.16's GRPO logs ~20 evaluation metrics (clip ratios, completion lengths ...), in key order the reward
    last: the card lists the reward, its spread, each reward function's mean, KL, entropy and completion length
    first, then the loss, then every other metric as logged, none left out."""
    from generator.records.methods import is_timing
    from generator.sources.trainer_log import NOT_RESULTS

    run = VERSIONS / "trl-1.16.0-grpo"
    saved = json.loads((run / "eval_results.json").read_text())  # the evaluation after training the card lists
    logged = [k for k in saved if k.startswith("eval_") and k[5:] not in NOT_RESULTS and not is_timing(k)]
    assert logged.index("eval_reward") > logged.index("eval_clip_ratio/high_max")
    results = list(read_trainer_dir(run).data["training"]["eval_results"])
    assert results[:7] == ["Reward", "Reward Std", "Rewards/answer Reward/mean", "Kl", "Entropy",
                           "Completions/mean Length", "Loss"]
    keys = ["eval_" + "_".join(r.lower().split()) for r in results]  # "Completions/mean Length": transformers' name
    assert sorted(keys) == sorted(logged)  # every metric, once
    assert keys[7:] == [k for k in logged if k in keys[7:]]  # the rest as logged
    card = build_card(trainer_dir=run, repo_id="acme/rl").text
    listed = card.split("It achieves the following results")[1].split("\n### ")[0]
    assert listed.index("- Reward: ") < listed.index("- Loss: ") < listed.index("- Clip Ratio/high Max: ")
    assert listed.count("\n- ") == len(results)


def test_trl_0_8_kto_metrics_logged_under_slashed_prefixes_are_its_results(tmp_path):
    """TRL 0.8.6's KTOTrainer (make_trainer_versions.py) logged its metrics as train/kl, eval/rewards/chosen, where 0.9
    and later log kl, eval_rewards/chosen: the card lost every KTO metric, from its table and its final results, with
    or without the README (which transformers wrote with a blank column and 'Eval/rewards/chosen'). They read as 0.9's."""
    run = VERSIONS / "trl-0.8.6-kto"
    log = json.loads((run / "trainer_state.json").read_text())["log_history"]
    assert any("eval/rewards/chosen" in e for e in log) and not any("eval_rewards/chosen" in e for e in log)
    final = json.loads((run / "eval_results.json").read_text())
    for folder in (run, copy_run("trl-0.8.6-kto", tmp_path / "run", drop=("README.md",))):
        training = read_trainer_dir(folder).data["training"]
        assert training["method"] == "kto"
        assert {name: training["eval_results"][name] for name in ("Kl", "Rewards/chosen", "Logps/rejected")} == {
            "Kl": final["eval/kl"], "Rewards/chosen": final["eval/rewards/chosen"],
            "Logps/rejected": final["eval/logps/rejected"]}
        assert training["results"][-1]["metrics"]["Rewards/margins"] == log[-2]["eval/rewards/margins"]


def test_only_trl_0_8_kto_metrics_lose_their_slashed_prefix():
    """The rename is TRL 0.8 KTO's metrics alone: another run's own `train/acc_0` (HangerYang/Star's log, a custom
    Trainer's) is the name it logged, which transformers' card shows as 'Train/acc 0', and stays so."""
    entry = {"train/acc_0": 0.5, "eval/bleu": 30.1, "train/kl": 0.1, "eval/rewards/margins": 0.2, "kl": 0.3}
    assert trl_08_keys(entry) == {"train/acc_0": 0.5, "eval/bleu": 30.1, "train/kl": 0.1,
                                  "eval_rewards/margins": 0.2, "kl": 0.3}
