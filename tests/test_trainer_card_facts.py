"""A run folder's own files read against the card the trainer wrote into it (generator.sources.trainer,
trainer_results, trainer_model), with folders cut down from real runs (tests/trainer_shapes/ORIGINS.txt)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import build_card
from generator.errors import InputError
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
    assert not {"Global step", "Saved at", "Epochs", "Total FLOs"} & set(training.get("statistics") or {})
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


def test_the_training_data_a_llamafactory_card_names_is_listed(tmp_path: Path) -> None:
    """LLaMA-Factory passes its dataset_info.json names to the Trainer's card ("on the alpaca_gpt4_zh, the identity and
    the adgen_local datasets.", transformers 4.57, no `datasets` key): no Hub ids, so they were dropped and the card
    named no training data; they are listed as the run names them."""
    from generator.sources.trainer_intro import RUN_DATA

    run = SHAPES / "llamafactory_dataset_names_4.57"
    read = read_trainer_dir(run)
    model = read.data["model"]
    assert model["details"][RUN_DATA] == "alpaca_gpt4_zh, identity, adgen_local" and "datasets" not in model
    (warned,) = [w for w in read.warnings if "training data" in w.message]
    assert warned.code == "dataset-not-named" and "'alpaca_gpt4_zh', 'identity', 'adgen_local'" in warned.message
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert "- **Training data (as the run names it):** alpaca_gpt4_zh, identity, adgen_local\n" in card


def test_a_dataset_scripts_name_in_the_frontmatter_is_listed(tmp_path: Path) -> None:
    """transformers 4.20's card of a run on a dataset script (`datasets: [becasv2]`, "on the becasv2 dataset"): the
    name is no Hub id and was left out with a warning; it is listed once, and the card still validates."""
    from generator.check.validate import validate_card
    from generator.sources.trainer_intro import RUN_DATA

    run = SHAPES / "script_dataset_name_4.20"
    model = read_trainer_dir(run).data["model"]
    assert model["details"] == {RUN_DATA: "becasv2"} and "datasets" not in model
    build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md")
    assert validate_card(tmp_path / "README.md").ok


def test_an_axolotl_cards_data_file_is_no_hub_dataset() -> None:
    """axolotl's card names its datasets' paths (`datasets: [data_train/fine_tune_dataset_clean.jsonl]`): an org/name
    shape, which went to the card's `datasets` and linked a Hub page that is not there; a data file's path is the run's
    name for its data."""
    from generator.sources.trainer_intro import RUN_DATA

    model = read_trainer_dir(SHAPES / "axolotl_index_name_path_0.10").data["model"]
    assert "datasets" not in model
    assert model["details"][RUN_DATA] == "data_train/fine_tune_dataset_clean.jsonl"


def test_datasets_2_2s_image_folder_builder_names_no_data() -> None:
    """transformers 4.19 with datasets 2.2 names the ImageFolder builder as the data (`datasets: [image_folder]`, "on the
    image_folder dataset", AykeeSalazar/vc-bantai-vit-withoutAMBI): a file loader's name, as `imagefolder` is since."""
    from generator.sources.trainer_intro import RUN_DATA

    read = read_trainer_dir(SHAPES / "image_folder_builder_4.19")
    assert RUN_DATA not in read.data["model"].get("details", {})
    assert [w.message for w in read.warnings if w.code == "not-a-hub-id"] == [
        "datasets 'image_folder' of the trainer's card is not a Hub dataset id; left out"]


def test_the_intro_names_no_data_of_its_own_beside_hub_datasets_or_none() -> None:
    """The intro's "wmt16 ro-en" is the display name of the Hub dataset the frontmatter names (wmt16); "the None
    dataset" (transformers 4.57, no dataset given) names none."""
    from generator.sources.trainer_intro import RUN_DATA

    model = read_trainer_dir(SHAPES / "translation_trainer_card_4.25").data["model"]
    assert model["datasets"] == ["wmt16"] and RUN_DATA not in model.get("details", {})
    versions = SHAPES.parent / "fixtures" / "versions" / "trainer" / "transformers-4.57.1"
    assert RUN_DATA not in read_trainer_dir(versions).data["model"].get("details", {})


def test_a_trainer_card_whose_metadata_block_is_never_closed_is_read_as_the_importer_reads_it(tmp_path: Path) -> None:
    """A transformers 4.20 card whose closing `---` a person overwrote (Duplets/distilbert-base-uncased-finetuned-
    squad): the run's reader skipped the whole README as unreadable, so the card lost its hyperparameters, results and
    framework versions; it is read as the card importer reads it (no metadata, the body as text), with its warning."""
    read = read_trainer_dir(SHAPES / "unclosed_frontmatter_4.20")
    assert not [w for w in read.warnings if w.code == "unreadable-file"]
    (unclosed,) = [w for w in read.warnings if w.code == "unclosed-frontmatter"]
    assert unclosed.path == "README.md line 1"
    training = read.data["training"]
    assert training["hyperparameters"]["learning_rate"] == 2e-05
    assert training["framework_versions"]["Transformers"] == "4.20.1"
    card = build_card(trainer_dir=SHAPES / "unclosed_frontmatter_4.20", repo_id="me/x",
                      output=tmp_path / "README.md").text
    assert "| 0.7441        | 3.0   | 16599 | 1.1487          |" in card and "- Loss: 1.1487" in card


def test_a_persons_sections_above_the_trainers_title_are_on_the_card_once(tmp_path: Path) -> None:
    """lightblue/suzume-llama-3-8B-multilingual (axolotl 0.4.0, transformers 4.38.2): the authors' "# Suzume" and then
    "# How to use", "# Evaluation scores" and "# Training data" above axolotl's title. Every one of those was both the
    card's summary (the text above the title) and a section of its own; the summary keeps the title the card importer
    takes ("# Suzume" and its text), the others are sections, each once."""
    run = SHAPES / "axolotl_sections_above_title_0.4"
    read = read_trainer_dir(run).data
    assert read["model"]["summary"].startswith("<p align=\"center\">") and "# How to use" not in read["model"]["summary"]
    assert {"How to use", "Evaluation scores", "Training data"} <= {s["title"] for s in read["sections"]}
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    for said in ("The easiest way to use this model on your own computer is to use the [GGUF version",
                 "We have fine-tuned Llama 3 on almost 90,000 multilingual conversations"):
        assert card.count(said) == 1


def test_a_hyperparameter_list_under_a_capitalized_heading_is_the_cards(tmp_path: Path) -> None:
    """MBZUAI/LaMini-Flan-T5-248M's authors kept the Trainer's list under "### Training Hyperparameters" (capital H): the
    run's reader looked for transformers' own spelling only, so the list, which the card writes from the run, was on
    neither the records nor the card."""
    run = SHAPES / "capitalized_hyperparameters_heading"
    hyper = read_trainer_dir(run).data["training"]["hyperparameters"]
    assert (hyper["learning_rate"], hyper["total_train_batch_size"], hyper["num_epochs"]) == (0.0005, 512, 5)
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert "- learning_rate: 0.0005\n" in card and "- total_train_batch_size: 512\n" in card


def test_a_persons_copy_of_the_eval_list_in_a_section_of_their_own_is_on_the_card_once(tmp_path: Path) -> None:
    """HuggingFaceH4/zephyr-7b-gemma-v0.1 (transformers 4.39 dev) moved the Trainer's "It achieves the following results"
    list under its "## Training and evaluation data": the run's reader took it for the run's final results and the card
    wrote it again after the hyperparameters, beside the section that keeps it. It stays the section's text, once."""
    run = SHAPES / "eval_list_in_own_section_4.39"
    assert "eval_results" not in read_trainer_dir(run).data["training"]
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert card.count("It achieves the following results on the evaluation set:") == 1
    section = card.split("## Training and evaluation data", 1)[1].split("\n## ", 1)[0]
    assert "- Rewards/accuracies: 0.7188\n" in section and "- Loss: 0.4695\n" in section


def test_what_a_person_wrote_on_after_the_trainers_intro_sentence_is_kept(tmp_path: Path) -> None:
    """allenai/led-base-16384-ms2 (transformers 4.21 dev) wrote on after the Trainer's intro sentence on its line ("...
    on the [MS^2](...) dataset. The model received as input ..."), and Emanuel/bertweet-emotion-base (4.12) put the "It
    achieves the following results" list's opening there: the whole line was dropped as the Trainer's, with the
    authors' sentences, the paper and leaderboard links, and the final results of the second card."""
    read = read_trainer_dir(SHAPES / "intro_line_continued_4.21").data
    summary = read["model"]["summary"]
    assert summary.startswith("The model received as input the background section") and "fine-tuned version" not in summary
    card = build_card(trainer_dir=SHAPES / "intro_line_continued_4.21", repo_id="me/x",
                      output=tmp_path / "README.md").text
    assert "(https://arxiv.org/abs/2104.06486)" in card and "(https://leaderboard.allenai.org/mslr-ms2/submissions/public)" in card
    results = read_trainer_dir(SHAPES / "intro_line_eval_list_4.12").data["training"]["eval_results"]
    assert results == {"Loss": 0.1172, "Accuracy": 0.945}


def test_a_persons_readme_beside_the_run_gives_its_bibtex_and_versions_once(tmp_path: Path) -> None:
    """A README no Trainer wrote is kept whole as the card's text, BibTeX and listed versions with it: the run's
    reading does not read them into the card's Citation block and "Framework versions" list again (KZ-Shi/LLaMA-E's
    project README, Raiff1982/TheAi's filled-in template of a LoRA with its versions under "## Model Card
    Contact"). The run's own PEFT version stays."""
    card = build_card(trainer_dir=SHAPES / "project_readme_bibtex_adapter_2023", output=tmp_path / "a.md").text
    assert card.count("@article{shi2023llama") == 1
    assert "If you find our work helpful" in card and "Cite PEFT as:" in card
    card = build_card(trainer_dir=SHAPES / "person_readme_citation_versions_peft_0.18",
                      output=tmp_path / "b.md").text
    assert card.count("@software{codette2025") == 1
    assert card.count("- PyTorch 2.0+") == 1 and card.count("- Python 3.10+") == 1
    training = card.split("## Training procedure", 1)[1].split("## Evaluation", 1)[0]
    assert "- PEFT 0.18.0" in training and "PyTorch 2.0+" not in training


def test_peft_0_5s_own_card_is_no_persons_text(tmp_path: Path) -> None:
    """PEFT 0.3-0.5's own README of an adapter ("## Training procedure", its bitsandbytes config, "### Framework
    versions" and a "- PEFT x" per save; Institute-of-BDKE-CQJTU/BridgeGPT, ImpactLabASU/LLMOpen) was kept as a
    person's text above the card's own "## Training procedure": the card has one, its quantization config told under
    it once and the PEFT version listed once."""
    card = build_card(trainer_dir=SHAPES / "peft_own_card_0.5", output=tmp_path / "a.md").text
    assert card.count("## Training procedure") == 1 and card.count("- PEFT 0.5.0") == 1
    card = build_card(trainer_dir=SHAPES / "peft_own_card_quantized_0.5", output=tmp_path / "b.md").text
    assert card.count("## Training procedure") == 1 and card.count("- PEFT 0.5.0") == 1
    assert card.count("quantization config was used during training:\n- quant_method: bitsandbytes\n") == 1
    training = card.split("## Training procedure", 1)[1]
    assert training.index("- bnb_4bit_quant_type: nf4") < training.index("### Training hyperparameters")


def test_a_persons_title_under_an_image_titles_the_card_once(tmp_path: Path) -> None:
    """A person's README whose `#` title comes under an image (gopu-inc/agentV1) is kept whole as the card's text,
    title and all: the run's name for the model, read from that title, is not written again above the image."""
    card = build_card(trainer_dir=SHAPES / "person_readme_image_above_title_4.57", output=tmp_path / "a.md").text
    title = "# 🤖 agentV1 — Modèle d’Intelligence Artificielle Avancée"
    assert card.count(title) == 1
    assert card.index('<img width="1024"') < card.index(title)


def test_a_no_trainer_examples_all_results_json_gives_its_evaluation() -> None:
    """transformers' *_no_trainer.py examples (accelerate, no Trainer) write all_results.json as eval_<metric> of
    their last evaluation, with no eval_runtime or eval_loss (Andrearussano22/Progetto_MNNLP's POS tagger, from
    run_ner_no_trainer.py): no evaluation was read from it, and nothing was said. Its metrics are the evaluation set's,
    exact; TRL's train summary of eval_* keys beside train_runtime stays out (eval_sets)."""
    read = read_trainer_dir(SHAPES / "no_trainer_example_all_results")
    assert read.data["training"]["eval_results"] == {"Precision": 0.987315588576092, "Recall": 0.9871941622549721,
                                                     "F1": 0.9871387074594963, "Accuracy": 0.9871941622549721}
    assert not [w for w in read.warnings if w.code == "foreign-results"]
    card = build_card(trainer_dir=SHAPES / "no_trainer_example_all_results", repo_id="acme/pos").text
    assert "It achieves the following results on the evaluation set:\n- Precision: 0.9873\n" in card


def test_another_tools_all_results_json_is_said_to_be_left_out(tmp_path: Path) -> None:
    """An all_results.json no Trainer wrote (Tron404/BScThesis: a table's columns as lists) gave the card nothing and
    nobody was told: now a warning names it. Alone in the folder it is refused, as another tool's trainer_state.json
    is (an empty card titled after the folder was written: DexplovateCode/WheezeDetectionAI's outputs/)."""
    with pytest.raises(InputError) as refused:
        read_trainer_dir(SHAPES / "foreign_all_results_table")
    assert [(p.file.endswith("foreign_all_results_table"), p.path, p.code) for p in refused.value.problems] == [
        (True, "all_results.json", "foreign-results")]
    run = tmp_path / "run"
    shutil.copytree(SHAPES / "foreign_all_results_table", run)
    shutil.copy2(SHAPES / "hand_made_eval_results" / "eval_results.json", run)
    (run / "config.json").write_text('{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}')
    read = read_trainer_dir(run)
    warned = [w for w in read.warnings if w.code == "foreign-results"]
    assert [w.path for w in warned] == ["eval_results.json", "all_results.json"]
    assert "another tool's file" in warned[0].message and "eval_results" not in read.data.get("training", {})


def test_a_hand_made_eval_results_json_of_named_metrics_is_said_to_be_left_out() -> None:
    """A hand-made eval_results.json of its own metric names, some with an underscore (DexplovateCode/WheezeDetectionAI:
    accuracy, macro_f1, auc_roc), passed for save_metrics' (a split's prefix before the underscore) and its numbers
    were left out without a word; now it is another tool's file, said so."""
    with pytest.raises(InputError) as refused:
        read_trainer_dir(SHAPES / "hand_made_eval_results")
    assert [(p.path, p.code) for p in refused.value.problems] == [("eval_results.json", "foreign-results")]


def _headings(card: str) -> list[str]:
    from generator.markdown.fences import scan_lines
    from generator.markdown.headings import atx_heading

    found = [atx_heading(line) for line, fence, comment in scan_lines(card.split("\n")) if fence is None and not comment]
    return [" ".join(h.title.split()).casefold() for h in found if h is not None]


def test_a_persons_section_titled_as_a_generated_one_comes_under_that_one_heading(tmp_path: Path) -> None:
    """A person's "## Quick Start" (running their script), "## Model Details" (a table) and "## Citation" (their
    paper's BibTeX) beside a run (DreamVu/Cosmos-Reason2-2B-Retail-Grocery-EgoExo): one heading each, their text whole
    under it, then the generated text it lacks (the adapter's base, the Quick start loading the repo, PEFT's and
    LoRA's entries); and the card imported renders as it was."""
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    out = tmp_path / "README.md"
    card = build_card(trainer_dir=SHAPES / "person_readme_same_headings_peft_0.18", repo_id="org/model",
                      output=out).text
    headings = _headings(card)
    for title in ("quick start", "model details", "citation"):
        assert headings.count(title) == 1, title
    details = card.split("## Model details\n", 1)[1].split("\n## ", 1)[0]
    assert "| **Adapter Size** | 67MB |" in details and "- **Adapter of:**" in details
    assert details.index("| **Base Model** |") < details.index("- **Adapter of:**")
    quick = card.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    assert "python inference.py --video path/to/clip.mp4" in quick and 'model.load_adapter("org/model")' in quick
    cited = card.split("## Citation\n", 1)[1]
    assert cited.index("@misc{dreamvu2026prism") < cited.index("Cite PEFT as:") < cited.index("Cite LoRA as:")
    assert card.count("@misc{dreamvu2026prism") == 1
    assert render(records_from_data(ingest(sources=[out]).data)).text == card


def test_a_persons_citation_text_beside_the_generated_entries_reads_back(tmp_path: Path) -> None:
    """Raiff1982/TheAi's "## Citation" (BibTeX between its "**BibTeX:**" and "**APA:**" lines) comes under the one
    Citation heading, before PEFT's entries; imported again, their text stays theirs (not split into a citation and
    text in another order), and the card renders as it was."""
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    out = tmp_path / "README.md"
    card = build_card(trainer_dir=SHAPES / "person_readme_citation_versions_peft_0.18", output=out).text
    assert _headings(card).count("citation") == 1
    cited = card.split("## Citation\n", 1)[1]
    assert cited.index("**BibTeX:**") < cited.index("@software{codette2025") < cited.index("**APA:**") < \
        cited.index("Cite PEFT as:")
    assert render(records_from_data(ingest(sources=[out]).data)).text == card


def test_a_persons_section_without_sub_headings_joins_the_one_heading_at_any_level(tmp_path: Path) -> None:
    """KZ-Shi/LLaMA-E's project README has its paper's BibTeX under a "### Citation" of its own (no heading under
    it): with the card's "## Citation" of PEFT's and LoRA's entries it read as two Citation sections. Their text,
    having no headings that another level would reorder, comes under the one heading, whole, first."""
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    out = tmp_path / "README.md"
    card = build_card(trainer_dir=SHAPES / "project_readme_bibtex_adapter_2023", output=out).text
    assert _headings(card).count("citation") == 1
    cited = card.split("## Citation\n", 1)[1]
    assert cited.index("If you find our work helpful") < cited.index("@article{shi2023llama") < \
        cited.index("Cite PEFT as:")
    assert render(records_from_data(ingest(sources=[out]).data)).text == card


def test_a_model_index_result_the_final_results_list_gives_is_said_once(tmp_path: Path) -> None:
    """transformers 4.35's card of a run_clm.py run (Yali-F/gpt-llama-text-gen) writes the final accuracy to
    model-index and in its "It achieves the following results on the evaluation set" list: the card built from the
    folder keeps it in model-index and the list, without an "Evaluation" table saying it again (as the card imported
    alone says it once: card_once.shown_results)."""
    read = read_trainer_dir(SHAPES / "trainer_card_index_listed_4.35")
    assert [e.get("table") for e in read.data["evaluations"]] == [False]
    card = build_card(trainer_dir=SHAPES / "trainer_card_index_listed_4.35", output=tmp_path / "README.md").text
    assert "value: 0.41395812968393614" in card and "- Accuracy: 0.4140\n" in card
    assert "## Evaluation" not in card and card.count("0.4140") == 1


def test_a_persons_section_with_sub_headings_at_another_level_joins_with_them_moved(tmp_path: Path) -> None:
    """Tanya-garg10's README has a "## Training Results" over its own "### Win Rate Improvement" table, beside the
    card's "### Training results" of the run's log: one heading, their sub-heading moved one level down with it
    (`####`, under the one heading as it was under theirs), after the card's table and final results (which would
    otherwise read as under their sub-heading); and the card imported renders as it was."""
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    out = tmp_path / "README.md"
    card = build_card(trainer_dir=SHAPES / "person_readme_results_subheadings_adapter", output=out).text
    assert _headings(card).count("training results") == 1
    results = card.split("\n### Training results\n", 1)[1].split("\n### ", 1)[0]
    assert results.index("| Training Loss |") < results.index("- Loss: 0.6858") < \
        results.index("\n#### Win Rate Improvement\n") < results.index("| Dataset Win Rate | 40% | 61% |")
    assert "## Training Results" not in card
    assert render(records_from_data(ingest(sources=[out]).data)).text == card


def test_a_persons_framework_versions_the_card_lists_are_said_once(tmp_path: Path) -> None:
    """hazemzidan4545's adapter README ends with "## Framework Versions" listing "- PEFT 0.18.1", the version the card
    lists under its "### Framework versions": the one list, once (a section adding a line of its own stays: the
    card's import reads the list back only as the card writes it)."""
    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    out = tmp_path / "README.md"
    card = build_card(trainer_dir=SHAPES / "person_readme_framework_versions_peft_0.18.1", output=out).text
    assert _headings(card).count("framework versions") == 1
    assert card.count("- PEFT 0.18.1") == 1
    assert render(records_from_data(ingest(sources=[out]).data)).text == card


def test_a_persons_training_hyperparameters_come_under_the_one_heading_before_the_runs(tmp_path: Path) -> None:
    """NijatZeynalov's README (mT5-based-azerbaijani-news-summarize) has a "## Training hyperparameters" of its own
    (their sentence and list) beside the card's "### Training hyperparameters" of training_args.bin: one heading, their
    text whole under it, then the run's list; the card's import reads the run's list as data and their text as their
    section again, so it renders as it was."""
    import shutil

    from generator.records.loader import records_from_data
    from generator.render.card import render
    from generator.sources.pipeline import ingest

    run = tmp_path / "run"
    shutil.copytree(SHAPES / "mt5_summarization_4.26", run)
    shutil.copy(SHAPES / "person_readme_hyperparameters_mt5_4.26" / "README.md", run / "README.md")
    out = tmp_path / "README.md"
    card = build_card(trainer_dir=run, output=out).text
    assert _headings(card).count("training hyperparameters") == 1
    listed = card.split("\n### Training hyperparameters\n", 1)[1].split("\n### ", 1)[0]
    assert listed.index("took almost 12 hours") < listed.index("- total_train_batch_size: 64") < \
        listed.index("\nThe following hyperparameters were used during training:\n") < \
        listed.index("- total_train_batch_size: 32")
    again = ingest(sources=[out]).data
    assert dict(again["training"]["hyperparameters"])["total_train_batch_size"] == 32
    assert render(records_from_data(again)).text == card


def _index_splits(got) -> list:
    return [e["dataset"].get("split") for e in got.data.get("evaluations", []) if isinstance(e.get("dataset"), dict)]


@pytest.mark.parametrize("path", [SHAPES / "summarization_trainer_card_4.25",
                                  SHAPES / "summarization_trainer_card_4.25" / "README.md"], ids=["run", "card"])
def test_the_train_split_transformers_4_21_to_4_25_wrote_into_model_index_is_left_out(path):
    """transformers 4.21-4.25's TrainingSummary.from_trainer took the model-index dataset's split from train_dataset
    (PR #20506 took the eval dataset's from 4.26 on), so a card of the evaluation's results says `split: train`:
    dmcheon/ner_for_jd outputs/README.md (4.24.0) scores conll2003's 3,250 validation examples under `split: train`,
    Kyjac/t5-small-samsum (4.25.1) likewise. The card wrote that split back into its model-index."""
    from generator.sources.readers import read_source

    got = read_trainer_dir(path) if path.is_dir() else read_source(path)
    assert _index_splits(got) == [None]
    warned = [w for w in got.warnings if w.code == "train-split-in-index"]
    assert len(warned) == 1 and "transformers 4.25.1" in warned[0].message
    built = build_card(trainer_dir=path, repo_id="acme/t5-samsum") if path.is_dir() else \
        build_card(sources=(path,), repo_id="acme/t5-samsum")
    assert "split:" not in built.text.split("\n---\n")[0]


@pytest.mark.parametrize("name, split", [("trainer_card_index_listed_4.35", "validation"),
                                         ("whisper_common_voice_4.26", "test"), ("intro_line_eval_list_4.12", "test")])
def test_the_model_index_split_of_other_releases_is_kept(name, split):
    got = read_trainer_dir(SHAPES / name)
    assert split in _index_splits(got) and not [w for w in got.warnings if w.code == "train-split-in-index"]


def test_the_config_a_trainers_intro_names_after_the_dataset_id_is_kept(tmp_path: Path) -> None:
    """run_clm's card says "on the wikitext wikitext-2-raw-v1 dataset" (``dataset=f"{name} {config}"``) and lists
    `datasets: [wikitext]`: the config, said nowhere else when the card has no model-index results, was lost; it is
    the dataset's part in Model details' Training data."""
    run = SHAPES / "dataset_config_in_intro_5.25"
    model = read_trainer_dir(run).data["model"]
    assert model["datasets"] == ["wikitext"] and model["dataset_details"] == {"wikitext": "config wikitext-2-raw-v1"}
    card = build_card(trainer_dir=run, repo_id="me/x", output=tmp_path / "README.md").text
    assert ("- **Training data:** [wikitext](https://huggingface.co/datasets/wikitext) (config wikitext-2-raw-v1)\n"
            in card)
