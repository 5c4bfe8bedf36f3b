"""What a person added to a Trainer's or TRL's README (generator.sources.trainer_sections), on shape files of real
cards (tests/trainer_shapes/ORIGINS.txt)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build_card, ingest
from generator.sources.trainer import read_trainer_dir

SHAPES = Path(__file__).resolve().parent / "trainer_shapes"


def test_what_a_person_added_to_a_trl_card_is_kept_once(tmp_path):
    """Text under "## Training procedure", sections a person added and BibTeX in a plain fence, read by the card
    importer; TRL's own Quick start, badge, method line and "Cite TRL as:" are not copied as text."""
    folder = SHAPES / "trl_0.12_edited"
    read = read_trainer_dir(folder).data
    assert read["training"]["description"] == "We trained for one epoch on two GPUs, with packing."
    assert [(s["title"], s["content"]) for s in read["sections"]] == [
        ("Usage", "Use the chat template and sample at temperature 0.7."),
        ("References", "- The recipe follows [the alignment handbook](https://github.com/huggingface/alignment-handbook).")]
    assert [c["bibtex"].split(",")[0] for c in read["citations"]] == ["@misc{vonwerra2022trl", "@article{doe2024tiny"]
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    for once in ("We trained for one epoch", "## Usage\n", "## References\n", "@article{doe2024tiny,",
                 "@misc{vonwerra2022trl,", "https://wandb.ai/acme/tiny-sft/runs/abc123"):
        assert card.count(once) == 1, once
    assert "## Citations\n" not in card and card.count("Cite TRL as:") == 1 and "device=\"cuda\"" not in card
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--strict", str(tmp_path / "card.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_trainers_title_under_a_persons_own_heading_is_not_copied_as_a_section(tmp_path):
    """A person's "# Disclaimer" above the Trainer's title makes that title a second top heading to the card importer;
    its text is the Trainer's intro and "It achieves" list, which the card writes itself: not a section of its own."""
    read = read_trainer_dir(SHAPES / "axolotl_preface_4.36").data
    assert "acme/tiny-qa" not in [s["title"] for s in read.get("sections", [])]
    card = build_card(trainer_dir=SHAPES / "axolotl_preface_4.36", output=tmp_path / "card.md").text
    assert card.count("It achieves the following results") == 1
    # the person's section above the Trainer's title, and axolotl's badge and config there, are the card's summary
    assert read["model"]["summary"].startswith("# Disclaimer: Test Content\n\nThis model answers test questions only.")
    assert card.count("This model answers test questions only.") == 1 and card.count("See axolotl config") == 1
    assert "generated automatically" not in read["model"]["summary"]


def test_a_trl_quick_start_a_person_added_to_replaces_the_generated_one(tmp_path):
    """TRL's Quick start as TRL wrote it gives way to the card's own; with a person's words added, it is the card's
    usage (model.usage), shown once, instead of being dropped."""
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.12_edited", folder)
    readme = folder / "README.md"
    readme.write_text(readme.read_text().replace("print(output[\"generated_text\"])\n```\n",
                                                 "print(output[\"generated_text\"])\n```\n\nOr run notebook.ipynb.\n"))
    model = read_trainer_dir(folder).data["model"]
    assert model["usage"].endswith("```\n\nOr run notebook.ipynb.") and "acme/tiny-chat-sft" in model["usage"]
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert card.count("## Quick start") == 1 and card.count("Or run notebook.ipynb.") == 1


def test_a_filled_in_section_keeps_none_of_the_trainers_own_headings_after_it(tmp_path):
    """With no "## Training procedure", "### Training results" and "### Framework versions" follow the hyperparameters
    the card importer reads as data, so it keeps them as sections of their own after the section a person filled in
    before them (not nested in it); the Trainer's table and versions are the card's own, so each is shown once, and
    the person's "### Loss graphs" after them is kept as a section of its own."""
    folder = SHAPES / "dpo_no_procedure_heading_4.35"
    sections = read_trainer_dir(folder).data["sections"]
    data = next(s for s in sections if s["title"] == "Training and evaluation data")
    assert data["content"].endswith("- Rewards/accuracies: 0.7812") and "|" not in data["content"]
    assert [s["content"] for s in sections if s["title"] == "Loss graphs"] == [
        "![Train loss](https://example.com/train-loss.png)"]
    assert not any("Framework versions" in s["title"] + s["content"] for s in sections)
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert card.count("| 0.625 ") == 1


def test_a_persons_sentence_over_the_trainers_table_stays_over_it(tmp_path):
    """deadkali-hat/Sargent_Bit's "The table below shows the full set of DPO training metrics:" above the Trainer's
    results table was dropped (the table is written again from trainer_state.json); it stays between the heading and
    the table, and a card made so comes back the same when imported (training.results_intro); without the run's log,
    over the README's table read as the run's rows."""
    from generator import ingest, load_records, render_card
    from generator.io.yamlio import dump

    intro = "The table below shows the full set of DPO training metrics:"
    assert f"### Training results\n\n{intro}\n\n| Training Loss |" in build_card(
        trainer_dir=SHAPES / "dpo_no_procedure_heading_4.35").text
    folder = SHAPES / "dpo_results_intro_4.35"
    assert read_trainer_dir(folder).data["training"]["results_intro"] == intro
    card = build_card(trainer_dir=folder, output=tmp_path / "README.md").text
    assert card.count(intro) == 1
    assert f"### Training results\n\n{intro}\n\n| Training Loss |" in card and "| 0.4908 " in card
    data = ingest(sources=[tmp_path / "README.md"]).data
    assert data["training"]["results_intro"] == intro and "sections" not in data or not any(
        intro in s["content"] for s in data["sections"])
    (tmp_path / "again.yaml").write_text(dump(data), encoding="utf-8")
    again = render_card(load_records(tmp_path / "again.yaml"))
    table = card[card.index("### Training results"):card.index("It achieves the following")]
    assert table in again and again.count(intro) == 1


@pytest.mark.parametrize("fence", ["```", "```latex"])
def test_bibtex_a_person_fenced_otherwise_under_citation_is_cited_under_one_heading(tmp_path, fence):
    """A person's "## Citation" with its BibTeX in a bare or ```latex fence beside TRL's own citations: cited, with
    the person's line introducing it as its label, under the card's one Citation heading (the card importer keeps
    such a fence as text, which put a second "## Citation" before the card's own)."""

    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "trl_0.12_edited", folder)
    readme = folder / "README.md"
    text = readme.read_text(encoding="utf-8")
    own = text[text.index("## Citation\n"):]
    readme.write_text(text.replace(own, own.replace("## Citation\n\n```\n", "## Citation\n\nIf you use this model, "
                                                   f"please cite:\n\n{fence}\n")), encoding="utf-8")
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert card.count("## Citation") == 1 and card.count("@article{doe2024tiny,") == 1
    assert "If you use this model, please cite:\n\n```bibtex\n@article{doe2024tiny," in card


def test_a_persons_heading_after_the_trainers_lists_keeps_its_place_after_them(tmp_path):
    """A heading holding a code span between the Trainer's results table and its framework versions ("### Fast usage
    with HF `pipelines`") was nested in "## Training procedure", whose text the card shows above the lists: it is a
    section of its own after them, titled as it shows (its code span kept: cards33), and the text under "## Training
    procedure" stays above."""
    folder = SHAPES / "usage_after_lists_4.11"
    read = read_trainer_dir(folder).data
    assert read["training"]["description"] == "TBA"
    usage = next(s for s in read["sections"] if s["title"] == "Fast usage with HF `pipelines`")
    assert usage["position"] == "training" and usage["content"].startswith("```python\nfrom transformers import")
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert card.index("TBA") < card.index("### Training results") < card.index("## Fast usage with HF `pipelines`\n")
    assert card.count("classifier = pipeline(") == 1
    # a person's line after the framework versions list is theirs, kept after it (the training's closing text)
    assert read["training"]["framework_versions"]["Tokenizers"] == "0.10.3"
    assert read["training"]["closing"] == "Created by: [Acme](https://acme.example.com/)"
    assert card.count("Created by: [Acme](https://acme.example.com/)") == 1
    assert card.index("- Tokenizers 0.10.3\n") < card.index("Created by: [Acme](https://acme.example.com/)")


def test_a_hyperparameter_holding_a_link_stays_a_link(tmp_path):
    """A Trainer card whose optimizer line names "[8-bit Adam](url)" (robust-speech-event's bitsandbytes script) shows
    that link, not its brackets escaped; the card still passes --strict."""
    folder = SHAPES / "linked_optimizer_4.17"
    training = read_trainer_dir(folder).data["training"]
    assert training["hyperparameters"]["optimizer"].startswith("[8-bit Adam](https://")
    # the authors' paragraph after the Trainer's list and the base model's settings it lists are theirs: kept as text,
    # not read as training hyperparameters
    assert list(training["hyperparameters"]) == ["learning_rate", "train_batch_size", "seed", "optimizer", "num_epochs"]
    assert training["description"] == ("The pretrained `acme/tiny-xlsr` model was initialized with following "
                                       "hyperparameters:\n- attention_dropout: 0.094\n- layerdrop: 0.041")
    build_card(trainer_dir=folder, output=tmp_path / "card.md")
    card = (tmp_path / "card.md").read_text()
    assert "- optimizer: [8-bit Adam](https://github.com/facebookresearch/bitsandbytes) with betas=(0.9,0.999) and " \
           "epsilon=1e-08\n" in card
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--strict", str(tmp_path / "card.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_optimizer_other_than_adam_and_the_lines_after_it_are_read(tmp_path):
    """transformers writes lion_8bit as "Use lion_8bit and the args are:" and its arguments on the next line: the
    optimizer is read as named, the list goes on after it, and training_args.bin's Lion betas (which that line leaves
    out) are no conflict."""
    folder = SHAPES / "lion_optimizer_4.53"
    hyper = read_trainer_dir(folder).data["training"]["hyperparameters"]
    assert hyper["optimizer"] == "lion_8bit"
    assert hyper["lr_scheduler_type"] == "constant_with_warmup" and hyper["training_steps"] == 100
    run = tmp_path / "run"
    shutil.copytree(folder, run)
    (run / "training_args.json").write_text(json.dumps({
        "learning_rate": 1e-5, "per_device_train_batch_size": 2, "per_device_eval_batch_size": 2, "seed": 42,
        "optim": "lion_8bit", "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-8, "max_steps": 100,
        "lr_scheduler_type": "constant_with_warmup", "warmup_steps": 5}))
    read = read_trainer_dir(run)
    assert read.data["training"]["hyperparameters"]["optimizer"] == "lion_8bit with betas=(0.9,0.999)"
    assert not [w for w in read.warnings if w.code == "conflicting-values"]
    (run / "README.md").write_text((folder / "README.md").read_text().replace(
        "No additional optimizer arguments", "weight_decay=0.1"))
    read = read_trainer_dir(run)
    assert [w.message.split(": ", 1)[1] for w in read.warnings if w.code == "conflicting-values"] == [
        "optimizer (lion_8bit and optimizer_args=weight_decay=0.1 there, lion_8bit with betas=(0.9,0.999) in "
        "training_args.json); the arguments' values are kept"]  # the file they came from (no training_args.bin)


def test_the_optimizers_arguments_line_is_the_trainers_not_a_description():
    """"No additional optimizer arguments", the line transformers writes after "- optimizer: Use lion_8bit and the args
    are:", is the Trainer's: it and the list after it were taken for a person's text after the list, and became the
    training description (the card showed the end of the list twice)."""
    training = read_trainer_dir(SHAPES / "lion_optimizer_4.53").data["training"]
    assert "description" not in training


def test_a_recipes_lion_is_the_optimizer_the_card_names(tmp_path):
    """axolotl 0.11's config of a Lion run (optimizer: lion_8bit, which the recipe lists with the betas
    TrainingArguments hands Lion) beside the card transformers 4.53.1 wrote for it ("Use lion_8bit and the args are:",
    no betas): the same optimizer, no conflicting-values warning (a public card of an axolotl run on
    Qwen/Qwen2.5-0.5B-Instruct, its config embedded: find_string "optimizer: lion_8bit")."""
    from generator import ingest

    recipe = tmp_path / "ft.yml"
    recipe.write_text("base_model: acme/tiny-base\nmicro_batch_size: 2\nlearning_rate: 1e-5\nmax_steps: 100\n"
                      "optimizer: lion_8bit\nlr_scheduler: constant_with_warmup\nwarmup_steps: 5\n"
                      "datasets:\n  - path: data/train.jsonl\n    type: completion\n")
    got = ingest(trainer_dir=SHAPES / "lion_optimizer_4.53", recipe=recipe, repo_id="acme/lion")
    assert not [w for w in got.warnings if "optimizer" in w.path]
    assert got.data["training"]["hyperparameters"]["optimizer"] == "lion_8bit"


def test_a_recipes_lion_is_the_optimizer_an_imported_card_names(tmp_path):
    """The same card imported as a README (``modelcard ingest README.md --recipe``), whose list the importer reads
    as one item per line the Hub shows ("Use lion_8bit and the args are: No additional optimizer arguments"): the
    recipe's Lion is that optimizer, no conflicting-values warning."""
    from generator import ingest

    recipe = tmp_path / "ft.yml"
    recipe.write_text("base_model: acme/tiny-base\nmicro_batch_size: 2\nlearning_rate: 1e-5\nmax_steps: 100\n"
                      "optimizer: lion_8bit\nlr_scheduler: constant_with_warmup\nwarmup_steps: 5\n"
                      "datasets:\n  - path: data/train.jsonl\n    type: completion\n")
    card = tmp_path / "README.md"
    card.write_text((SHAPES / "lion_optimizer_4.53" / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    got = ingest(sources=[card], recipe=recipe, repo_id="acme/lion")
    assert not [w for w in got.warnings if "optimizer" in w.path]


def test_an_axolotl_card_titled_with_its_output_dir_path_is_titled_with_its_last_folder(tmp_path):
    # axolotl titles the card with cfg.output_dir.lstrip("./") (a FinLoRA card of axolotl 0.9.1:
    # "# workspace/FinLoRA/lora/axolotl-output/ner_llama_3_1_8b_fp16_r8"; its examples' ./outputs/lora-out gives
    # "outputs/lora-out", which reads as a Hub id): the card and its model-index take the last folder, as
    # transformers titles its own card
    folder = tmp_path / "run"
    shutil.copytree(SHAPES / "axolotl_output_dir_title_0.9", folder)
    assert read_trainer_dir(folder).title == "ner_tiny_r8"
    readme = folder / "README.md"
    text = readme.read_text()
    readme.write_text(text.replace("/workspace/lora/axolotl-output/ner_tiny_r8", "./outputs/lora-out")
                      .replace("workspace/lora/axolotl-output/ner_tiny_r8", "outputs/lora-out"))
    card = build_card(trainer_dir=folder, output=tmp_path / "card.md").text
    assert "\n# lora-out\n" in card and "- name: lora-out\n" in card
    # a title that is not the config's output_dir (a person's, or a pushed repo's id) stays
    readme.write_text(text.replace("# workspace/lora/axolotl-output/ner_tiny_r8", "# acme/ner-tiny"))
    assert read_trainer_dir(folder).title == "acme/ner-tiny"


@pytest.mark.parametrize("shape, names", [
    ("glue_logged_order_4.11", ["Transformers", "PyTorch", "Datasets", "Tokenizers"]),
    ("trl_1.6_trackio_readme_only", ["TRL", "Transformers", "PyTorch", "Datasets", "Tokenizers"])])
def test_a_run_folder_given_with_its_readme_lists_each_framework_once(tmp_path, shape, names):
    """`ingest OUT OUT/README.md`: the Trainer reader names the README's libraries as the renderer writes them
    (PyTorch, TRL), the card importer as the card spells them (the Trainer's `- Pytorch 1.9.0`, TRL 1.6's `- TRL:
    1.6.0` with its colon): the merge took them for other libraries, and the card listed Pytorch after PyTorch, and
    all five of TRL's twice."""
    folder = SHAPES / shape
    got = ingest(sources=[folder, folder / "README.md"], repo_id="acme/model")
    assert list(got.data["training"]["framework_versions"]) == names
    assert not any("framework_versions" in str(w) for w in got.warnings)
    records = tmp_path / "records.json"
    records.write_text(json.dumps(got.data), encoding="utf-8")
    card = build_card(records=[records], output=tmp_path / "card.md").text
    listed = card[card.index("### Framework versions\n"):].split("\n\n")[1].splitlines()
    assert [line.split()[1].rstrip(":") for line in listed if line.startswith("- ")] == names  # TRL's: `- TRL: 1.6.0`


def test_a_run_folder_given_with_its_readme_agrees_with_itself_on_a_number():
    """The card importer keeps `num_epochs: 2.0` as the card wrote it ('2.0'), the Trainer reader reads 2.0 from the
    same README: one file's one value was reported as two sources disagreeing."""
    folder = SHAPES / "glue_logged_order_4.11"
    got = ingest(sources=[folder, folder / "README.md"], repo_id="acme/model")
    assert not any("hyperparameters" in str(w) for w in got.warnings)
    assert got.data["training"]["hyperparameters"]["num_epochs"] == 2.0


def test_a_persons_section_after_trls_citations_stays_after_them(tmp_path):
    """A GRPO run's TRL 0.24 README to which the launch script appended "## Training Config" after TRL's
    "## Citations": read with its run, TRL's entries go to the card's Citation block, and the appended section landed in
    the training block, above them. It is written after the citations, where its author put it (the Citation block's
    own position, `citation`), and reads back so: the card is a fixed point."""
    folder = SHAPES / "trl_0.24_grpo_section_after_citations_readme_only"
    got = read_trainer_dir(folder)
    [config] = [s for s in got.data["sections"] if s["title"] == "Training Config"]
    assert config["position"] == "citation" and config["content"].startswith("Saved automatically from the GRPO")
    card = build_card(trainer_dir=folder, repo_id="acme/grpo").text
    assert card.index("## Citation\n") < card.index("@misc{vonwerra2022trl") < card.index("## Training Config\n") \
        < card.index("<!-- modelcard-generator:end citation -->")
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    assert build_card(sources=[tmp_path / "README.md"], repo_id="acme/grpo").text == card
    # a section its author adds below the published card's Citation block (outside the blocks) stays below it too:
    # it was moved above the Citation block (position end) where no section of the card followed the citations
    (tmp_path / "README.md").write_text(card + "\n## Contact\n\nOpen an issue.\n", encoding="utf-8")
    again = build_card(sources=[tmp_path / "README.md"], repo_id="acme/grpo").text
    assert again.index("@misc{vonwerra2022trl") < again.index("## Training Config\n") < again.index("## Contact\n")
    run = Path(__file__).resolve().parent / "fixtures" / "versions" / "trainer" / "trl-0.24.0-sft"
    card = build_card(trainer_dir=run, repo_id="acme/sft").text
    (tmp_path / "README.md").write_text(card + "\n## Contact\n\nOpen an issue.\n", encoding="utf-8")
    again = build_card(sources=[tmp_path / "README.md"], repo_id="acme/sft").text
    assert again.index("## Citation\n") < again.index("## Contact\n")


def test_a_run_folder_given_with_its_readme_agrees_with_itself_on_the_optimizer():
    """transformers 5's optimizer line (`Use OptimizerNames.ADAMW_TORCH with betas=... and optimizer_args=No
    additional optimizer arguments`), kept by the card importer as written and read by the Trainer reader as
    adamw_torch with its betas, is one optimizer: `ingest OUT OUT/README.md` warned that it disagreed with itself."""
    folder = SHAPES / "llamafactory_lora_5.2"
    got = ingest(sources=[folder, folder / "README.md"], repo_id="acme/model")
    assert not any("hyperparameters" in str(w) for w in got.warnings)
    assert got.data["training"]["hyperparameters"]["optimizer"] == "adamw_torch with betas=(0.9,0.999) and epsilon=1e-08"


def test_an_axolotl_output_dir_in_model_index_is_no_repo_id():
    """YGueguen16u/dsti-ml-final-project checkpoints/mixtral-finetuned/ (axolotl 0.10.0.dev0): axolotl has the Trainer
    write its card with model_name=cfg.output_dir.lstrip("./"), so model-index names `checkpoints/mixtral-finetuned`.
    Imported, the card took that path for its repo id (it reads as org/name) and kept it as its model-index name;
    it is named as the Trainer names its own card, by the output_dir's last folder, and names no repo."""
    card = SHAPES / "axolotl_index_name_path_0.10" / "README.md"
    model = ingest(sources=[card]).data["model"]
    assert "repo_id" not in model and model["model_index_name"] == "mixtral-finetuned"
    assert "- name: mixtral-finetuned\n" in build_card(sources=[card]).text


def test_a_run_folder_passed_as_a_source_is_named_as_with_trainer_dir():
    """`ingest OUT` named no model for that run (the placeholder repo id your-org/your-model, or no card at all
    with build), where `build --trainer-dir OUT` titles it with the name the run gives (here axolotl's output_dir's
    last folder): a folder source names it the same way."""
    run = SHAPES / "axolotl_index_name_path_0.10"
    for got in (ingest(sources=[run]), ingest(sources=[run, run / "README.md"]), ingest(trainer_dir=run)):
        assert got.data["model"]["name"] == "mixtral-finetuned" and "repo_id" not in got.data["model"]
    assert "- name: mixtral-finetuned\n" in build_card(sources=[run]).text


@pytest.mark.parametrize("run, closing", [
    ("closing_text_after_versions_4.10", "Created by: [Narrativa](https://www.narrativa.com/)"),
    ("whisper_readme_passed_4.25", "# Whisper_small_hi")])
def test_a_persons_text_after_the_framework_versions_stays_after_them(tmp_path, run, closing):
    """Narrativa's "Created by: ..." and Merlinmy/Whisper_small_hi's GitHub `# Whisper_small_hi` line follow the
    Trainer's "Framework versions" list, last in the card: they stay there (training.closing), where they came out
    under "## Training procedure", above the hyperparameters, as the training description (13 of 80 real Trainer cards
    with text after that list). The card read back keeps it there."""
    card = tmp_path / "README.md"
    built = build_card(trainer_dir=SHAPES / run, output=card)
    assert built.records.training is not None and built.records.training.closing.startswith(closing)
    assert built.records.training.description == ""
    text = built.text
    assert text.index("### Training hyperparameters") < text.index("- Tokenizers ") < text.index(f"\n{closing}")
    again = ingest(sources=[card])
    (tmp_path / "again").mkdir()
    second = build_card(records=[_records(tmp_path / "again", again.data)]).text
    assert second[second.index("### Framework versions"):] == text[text.index("### Framework versions"):]


def _records(folder: Path, data: dict) -> Path:
    from generator.io.yamlio import dump

    path = folder / "records.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path
