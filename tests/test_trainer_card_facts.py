"""A run folder's own files read against the card the trainer wrote into it (generator.sources.trainer,
trainer_results, trainer_model), with folders cut down from real runs (tests/trainer_shapes/ORIGINS.txt)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator import build_card
from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


def test_checkpoint_state_before_the_card_gives_way_to_the_card(tmp_path: Path) -> None:
    """A top without trainer_state.json whose last checkpoint (500 of 750 steps) is older than the README the Trainer
    wrote at the end (siddharthgadepalli/google_collab): the card's rows and final loss are the run's, not the
    checkpoint's step 250 evaluation and step count."""
    read = read_trainer_dir(SHAPES / "checkpoint_before_card_4.39")
    training = read.data["training"]
    assert [row["step"] for row in training["results"]] == [250, 500, 750]
    assert training["eval_results"] == {"Loss": 1.4794}
    assert not {"Global step", "Epochs", "Total FLOs"} & set(training.get("statistics") or {})
    warned = [w.message for w in read.warnings if "ends at step 500" in w.message]
    assert warned and "logs step 750" in warned[0]
    card = build_card(trainer_dir=SHAPES / "checkpoint_before_card_4.39", output=tmp_path / "README.md").text
    assert "| 2.6757        | 3.0   | 750  | 1.4794          |" in card and "- Loss: 1.4794" in card
    assert "Global step" not in card


def test_checkpoint_state_as_far_as_the_card_is_kept(tmp_path: Path) -> None:
    """The same folder with the card cut to the checkpoint's steps: the checkpoint's log stays the card's."""
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "checkpoint_before_card_4.39", run)
    text = (run / "README.md").read_text().replace("| 2.6757        | 3.0   | 750  | 1.4794          |\n", "")
    (run / "README.md").write_text(text)
    training = read_trainer_dir(run).data["training"]
    assert training["statistics"]["Global step"] == 500
    assert [row["step"] for row in training["results"]] == [250]


def test_an_adapter_sentence_transformers_saved_keeps_its_library(tmp_path: Path) -> None:
    """A LoRA adapter beside config_sentence_transformers.json (Offei-op/Multi-Health-Question-Answering-...'s
    bge-m3 adapter, sentence-transformers 5.5.1) loads with SentenceTransformer(), which applies the adapter: its card's
    library_name stays sentence-transformers (it was replaced by peft), the adapter's base and LoRA settings read."""
    folder = SHAPES / "sentence_transformers_adapter_5.9"
    model = read_trainer_dir(folder).data["model"]
    assert model["library_name"] == "sentence-transformers"
    assert model["base_model"] == "BAAI/bge-m3" and model["base_model_relation"] == "adapter"
    assert "lora" in model["tags"]
    run = tmp_path / "run"
    shutil.copytree(folder, run)
    (run / "config_sentence_transformers.json").unlink()
    assert read_trainer_dir(run).data["model"]["library_name"] == "peft"


def test_a_runs_readme_passed_as_a_source_is_read_as_the_one_found_there(tmp_path: Path) -> None:
    """`ingest OUT OUT/README.md` (lgc-FINANCE/DeepClima-R1's author text above PEFT's unfilled template card): the
    README passed beside its run folder is the run's own README and is read as the one found there, template sections
    left out; the records are those of `ingest OUT`. Passed alone it is the card a person published, kept as written."""
    from generator import ingest

    run = tmp_path / "run"
    shutil.copytree(SHAPES / "swift_checkpoint_4.0", run)
    readme = (SHAPES / "peft_template_under_author_text_0.18" / "README.md").read_text(encoding="utf-8")
    (run / "README.md").write_text(readme, encoding="utf-8")
    alone = ingest(sources=[run])
    for passed in ([run, run / "README.md"], [run / "README.md", run]):
        got = ingest(sources=passed)
        assert "More Information Needed" not in str(got.data)
        assert got.data == alone.data
    assert "[More Information Needed]" in str(ingest(sources=[run / "README.md"]).data)


def test_an_older_cards_adam_line_says_no_other_optimizer_ran() -> None:
    """transformers' card through 4.44 wrote "Adam with betas=... and epsilon=..." whatever the optim (daniiiL97/
    global-generator3, 4.40.0.dev0, optim adafactor in its training_args.bin): no README of another run, as long as
    the Adam settings are the arguments'."""
    from generator.sources.common import Ingested
    from generator.sources.hyperparameters import compare_card_hyperparameters, hyperparameters

    args = {"optim": "adafactor", "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-08, "learning_rate": 5e-5}
    ours = hyperparameters(args)
    assert ours["optimizer"] == "adafactor"
    result = Ingested("run", "trainer", {})
    compare_card_hyperparameters({"optimizer": "Adam with betas=(0.9,0.999) and epsilon=1e-08"}, ours, result,
                                 args=args)
    assert result.warnings == []
    compare_card_hyperparameters({"optimizer": "Adam with betas=(0.9,0.98) and epsilon=1e-08"}, ours, result,
                                 args=args)
    (warned,) = result.warnings
    assert warned.code == "conflicting-values" and "adafactor in training_args.bin" in warned.message


def test_training_args_bin_written_as_json_text_is_read(tmp_path: Path) -> None:
    """LLaMA-Factory's llmtuner (mid-2023) saved training_args.bin as the arguments' JSON text, not a torch.save
    pickle: its hyperparameters were left out with an 'is not a readable torch.save pickle' warning."""
    from generator.sources.training_args import read_training_args

    shape = SHAPES / "llamafactory_json_training_args_2023"
    read = read_training_args(shape / "training_args.bin")
    assert read.cls == "" and read.fields["learning_rate"] == 3e-05
    got = read_trainer_dir(shape)
    hyper = got.data["training"]["hyperparameters"]
    assert (hyper["learning_rate"], hyper["train_batch_size"], hyper["total_train_batch_size"]) == (3e-05, 4, 16)
    assert hyper["lr_scheduler_type"] == "cosine"
    assert not [w for w in got.warnings if w.code == "unreadable-training-args"]
    assert got.title == "2023-08-02-exam"  # its Windows output_dir's last folder
    # JSON that holds no arguments is still no training_args.bin
    (tmp_path / "training_args.bin").write_text('{"a": 1}')
    import pytest

    from generator.errors import InputError

    with pytest.raises(InputError):
        read_training_args(tmp_path / "training_args.bin")


def _pipeline_tag(folder: Path) -> object:
    return read_trainer_dir(folder).data.get("model", {}).get("pipeline_tag")


def test_a_seq2seq_run_whose_card_names_summarization_is_a_summarizer(tmp_path: Path) -> None:
    """philschmid's BART (BartForConditionalGeneration, transformers 4.4) whose README names no pipeline_tag but
    summarization as the task of every model-index result: the card says summarization, not the folded
    text-generation its architecture gives, and its Quick start still loads an AutoModelForSeq2SeqLM."""
    from generator.check.validate import validate_card

    run = SHAPES / "bart_summarization_index_4.4"
    assert _pipeline_tag(run) == "summarization"
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert "\npipeline_tag: summarization\n" in card and "AutoModelForSeq2SeqLM.from_pretrained(\"me/x\"" in card
    report = validate_card(tmp_path / "README.md")
    assert report.ok and not report.warnings


def test_the_trainer_card_of_run_summarization_or_run_translation_names_the_pipeline() -> None:
    """The cards transformers 4.25 wrote for run_summarization / run_translation (tasks= passed to the Trainer's
    card, written as each model-index result's task), committed alone: their task is the model's pipeline."""
    assert _pipeline_tag(SHAPES / "summarization_trainer_card_4.25") == "summarization"
    assert _pipeline_tag(SHAPES / "translation_trainer_card_4.25") == "translation"


def test_a_seq2seq_task_needs_a_seq2seq_model_and_one_task(tmp_path: Path) -> None:
    """A causal LM whose card's model-index is a summarization result stays text-generation; so does the BART when
    its results name two tasks or its README names text-generation itself, and an encoder-decoder whose files name
    no task (the mT5 run)."""
    causal = tmp_path / "causal"
    causal.mkdir()
    shutil.copy(SHAPES / "summarization_trainer_card_4.25" / "README.md", causal)
    shutil.copy(SHAPES / "generation_sampling_4.57" / "config.json", causal)
    assert _pipeline_tag(causal) == "text-generation"
    for old, new in (("      type: summarization\n      name: Summarization\n    dataset:\n      name: 'SAMSum",
                      "      type: text2text-generation\n    dataset:\n      name: 'SAMSum"),
                     ("language: en\n", "language: en\npipeline_tag: text-generation\n")):
        run = tmp_path / new.split()[1].rstrip(":")
        shutil.copytree(SHAPES / "bart_summarization_index_4.4", run)
        text = (run / "README.md").read_text()
        assert old in text
        (run / "README.md").write_text(text.replace(old, new, 1))
        assert _pipeline_tag(run) == "text-generation"
    assert _pipeline_tag(SHAPES / "mt5_summarization_4.26") == "text-generation"


def test_a_trainer_card_alone_names_its_models_head_by_its_model_index_task(tmp_path: Path) -> None:
    """transformers 4.10's card of the course's SQuAD run (Hoang/distilbert-base-uncased-finetuned-squad), committed
    alone: the Trainer wrote the task it inferred from DistilBertForQuestionAnswering as the model-index result's task,
    which the result left out (no metrics) no longer takes with it: the card's pipeline is question-answering."""
    run = SHAPES / "question_answering_readme_only_4.10"
    assert _pipeline_tag(run) == "question-answering"
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert "\npipeline_tag: question-answering\n" in card and "  results: []\n" in card


def test_a_head_task_gives_way_to_the_files_naming_the_model(tmp_path: Path) -> None:
    """The same card beside a config.json of an encoder-decoder (transformers' run_seq2seq_qa.py passes
    tasks="question-answering" for a T5) or of an architecture no pipeline is known for, or beside a causal LM's
    adapter: those files say what the model is, not the card's task."""
    for config in ({"architectures": ["T5ForConditionalGeneration"], "model_type": "t5"},
                   {"architectures": ["MyOwnModel"], "model_type": "mine"}):
        run = tmp_path / config["model_type"]
        shutil.copytree(SHAPES / "question_answering_readme_only_4.10", run)
        (run / "config.json").write_text(json.dumps(config))
        assert _pipeline_tag(run) == ("text-generation" if config["model_type"] == "t5" else None)
    run = tmp_path / "adapter"
    shutil.copytree(SHAPES / "question_answering_readme_only_4.10", run)
    (run / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "gpt2", "peft_type": "LORA"}))
    assert _pipeline_tag(run) is None  # an adapter of no task type PEFT names: no task said
