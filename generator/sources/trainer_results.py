"""The results a trainer's README gives a run folder whose own files lack them (generator.sources.trainer_readme
reads the README once): its "Training results" table and "It achieves the following results" list, the order it shows
their metrics in, the rows of a Keras callback's table, and the card's later log over a checkpoint's earlier one."""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.sources.common import Ingested, hub_id
from generator.sources.trainer_intro import after_intro
from generator.sources.trainer_method import method_tag, trl_pipeline
from generator.sources.trainer_readme import TrainerReadme
from generator.sources.trainer_sections import QUICK_START


def card_fallbacks(readme: TrainerReadme, result: Ingested, state_from: Optional[str] = None,
                   ended_later: bool = False) -> None:
    """What the trainer card gives that the run's own files did not: the "Training results" table and "It achieves
    the following results" list, as the card importer reads them, for a folder committed without its
    trainer_state.json (``trainer.save_model`` and ``push_to_hub`` do not write one); TRL's Quick start's repo id
    and text-generation pipeline, for a folder without training_args.bin or config.json.

    ``state_from`` names the checkpoint whose trainer_state.json stood in for the top's missing one: when the card
    at the top (written at the end of the run) logs later steps than that checkpoint, the checkpoint's log is an
    earlier moment of the run, and the card's table and final results are the run's. ``ended_later``: the checkpoint
    asked for was saved before the run's last step, so the card's table and final results, of the end, are not its."""
    from generator.sources.card_results_list import eval_summary, eval_summary_text
    from generator.sources.card_text import _sections, _table

    training = result.data.setdefault("training", {})
    if not readme.trainer:
        return
    text = readme.text
    quick = QUICK_START.search(text)
    model = result.data.setdefault("model", {})
    if quick and hub_id(quick.group("repo")):
        model.setdefault("repo_id", quick.group("repo"))
    # the method, when the card's tags name none (TRL 0.12-0.18's line "This model was trained with Reward."): a reward
    # or PRM model is a classifier, which TRL's Quick start of those releases runs as text-generation all the same
    method = training.get("method")
    named = [method_tag(method)] if isinstance(method, str) else []
    task = trl_pipeline([t for t in model.get("tags") or [] if isinstance(t, str)] + named,
                        bool(quick and quick.group("task")))
    if task and model.get("library_name") in (None, "transformers", "peft"):  # a PEFT adapter's, after adapter_config's
        model.setdefault("pipeline_tag", task)
    _logged_order(text, training)
    if readme.read is None or ended_later:  # a broken card: read_trainer_card has said so
        return
    read = readme.read.get("training", {})
    if state_from:
        _stale_checkpoint(read, training, state_from, result)
    if "results" in training and "eval_results" in training:
        return
    section = next((s for s in _sections(text) if s.title == "Training results"), None)
    table = _table(section.lines) if section else None
    results = read.get("results") or _keras_results(table)
    if results and "results" not in training:
        training["results"] = results
    elif "results" not in training and section is not None and table is not None:
        # a table the records cannot hold (nan losses, per-label dicts): shown as the trainer wrote it; a second
        # table of the section (GItaf/gpt2-gpt2-TF-weight1-epoch15's resumed run, its columns in another order) stays
        # a table of its own, not rows of the first, and so does the text between them (StivenLancheros/
        # mBERT-base-cased-NER-CONLL's "Conll2003:" and "Conll2002:" over theirs)
        rows = [line.strip() if line.strip().startswith("|") else line.rstrip() for line in section.lines]
        kept = re.sub(r"\n{3,}", "\n\n", "\n".join(rows)).strip("\n")
        training.pop("results_intro", None)  # a person's text over the table: kept with it, in the section
        result.data.setdefault("sections", []).append({"title": "Training results", "content": kept,
                                                       "position": "training", "level": section.level})
    if "eval_results" not in training:  # the list follows the card's title, which the card importer keeps as text;
        # a person's copy of it in a section of their own, under a `##` heading, stays text there (HuggingFaceH4/
        # zephyr-7b-gemma-v0.1's under "## Training and evaluation data"): read as the run's, it was on the card twice
        lines = [after_intro(line) for section in _sections(text) if section.level <= 1 for line in section.lines]
        found = eval_summary(lines)
        if not found and readme.autotrain and read.get("eval_results"):
            # AutoTrain's list of the final evaluation, read by the card importer (trainer_autotrain.autotrain_results)
            training["eval_results"] = read["eval_results"]
        if found:
            # transformers (4.45 on) lists the model's preparation time there too, a timing the run's log gives and
            # the card leaves out as it does every timing (Karthik-MP/hugging_face_translations' Marian run)
            training["eval_results"] = {k: v for k, v in found[2].items() if not _timing(k)}
            written = {k: v for k, v in eval_summary_text(lines, found).items() if not _timing(k)}
            if written:
                training["eval_results_text"] = written
            for line in lines[found[0] + 1:found[1]]:
                item = _NON_FINITE_ITEM.match(line.strip())
                if item:
                    result.warn("README.md", f"the final result {item.group(1)!r} is {item.group(2)!r}, not a finite "
                                "number; left out", "check the run that produced it (a diverged loss?)",
                                code="not-finite")


def _stale_checkpoint(read: dict[str, Any], training: dict[str, Any], checkpoint: str, result: Ingested) -> None:
    """The log of ``checkpoint`` (read for a top without trainer_state.json) left out when the trainer's card logs
    a later step: its rows, final results and step counts are of a moment before the end (siddharthgadepalli/
    google_collab: checkpoint-500 of a 750-step run whose card shows steps 250, 500, 750 and the final loss)."""
    def last_step(rows: Any) -> Optional[int]:
        steps = [row.get("step") for row in rows or [] if isinstance(row, dict)]
        return max((s for s in steps if isinstance(s, int)), default=None)

    card_last = last_step(read.get("results"))
    stats = training.get("statistics") or {}
    state_last = stats.get("Global step")
    if not isinstance(state_last, int):
        state_last = last_step(training.get("results"))
    if card_last is None or state_last is None or card_last <= state_last:
        return
    for key in ("results", "eval_results"):
        training.pop(key, None)
    for key in ("Global step", "Planned steps", "Saved at", "Epochs", "Total FLOs", "Best metric", "Best checkpoint"):
        stats.pop(key, None)
    for key in [k for k in stats if k.startswith(("Best metric (", "Train reward ("))]:
        stats.pop(key)
    result.warn("README.md", f"{checkpoint}/trainer_state.json ends at step {state_last}, the trainer's README at the "
                f"top logs step {card_last}: the checkpoint is of an earlier moment of the run; the README's "
                "training results and final results are the card's", "save the final trainer_state.json at the top "
                "(trainer.save_state())", code="state-in-checkpoint")


def _logged_order(text: str, training: dict[str, Any]) -> None:
    """The metric columns of the training results and the final results in the order the trainer's README shows them.

    trainer_state.json and the *_results.json files are saved with sorted keys, so what they give is alphabetical;
    the Trainer's own card keeps the order the metrics were logged in (compute_metrics' order). A metric the README
    does not show keeps its place after those it does; without a README, the order stays alphabetical. A card this
    generator wrote (its key columns first, the whole log folded under them) leaves the order as it is."""
    from generator.card.managed import BEGIN
    from generator.sources.card_results_list import eval_summary
    from generator.sources.card_text import _sections, _table

    if BEGIN.search(text):
        return
    section = next((s for s in _sections(text) if s.title == "Training results"), None)
    table = _table(section.lines) if section else None
    if table:
        rank = {name: i for i, name in enumerate(table[0])}
        for row in training.get("results") or []:
            if isinstance(row.get("metrics"), dict):
                row["metrics"] = dict(sorted(row["metrics"].items(), key=lambda item: rank.get(item[0], len(rank))))
    found = eval_summary(text.splitlines())
    if found and isinstance(training.get("eval_results"), dict):
        rank = {name: i for i, name in enumerate(found[2])}
        training["eval_results"] = dict(sorted(training["eval_results"].items(),
                                               key=lambda item: rank.get(item[0], len(rank))))


def _timing(name: str) -> bool:
    """Whether a name of the Trainer's "It achieves" list ("Model Preparation Time") is a timing's."""
    from generator.records.methods import is_timing

    return is_timing(name.lower().replace(" ", "_"))


_NON_FINITE_ITEM = re.compile(r"^- (.+?): ([+-]?(?:nan|inf|infinity))\s*$", re.I)


# The columns of the table transformers' Keras callbacks write (KerasMetricCallback, PushToHubCallback: the Keras
# history's keys titled, "loss" as Train Loss, "val_*" as Validation *) that are the Trainer table's fixed ones.
_KERAS_COLUMNS = {"Train Loss": "training_loss", "Epoch": "epoch", "Validation Loss": "validation_loss"}


def _keras_results(table: Optional[tuple[list[str], list[list[str]]]]) -> list[dict[str, Any]]:
    """The "Training results" table (header, rows) of a card transformers' Keras callback wrote (a row per epoch,
    no step), as the Trainer table's rows; empty for any other table."""
    from generator.sources.card_text import _number

    if not table or "Train Loss" not in table[0] or "Epoch" not in table[0]:
        return []
    header, rows = table
    out = []
    for row in rows:
        entry: dict[str, Any] = {"training_loss": None}
        for name, cell in zip(header, row):
            number = _number(cell)
            if number is not None and name in _KERAS_COLUMNS:
                entry[_KERAS_COLUMNS[name]] = number
            elif number is not None:
                entry.setdefault("metrics", {})[name] = number
        out.append(entry)
    return out


# transformers' modelcard.METRIC_TAGS: the metrics whose names its card's `metrics:` metadata lists
_METRIC_TAGS = ("accuracy", "bleu", "f1", "matthews_correlation", "pearsonr", "precision", "recall", "rouge",
                "sacrebleu", "spearmanr", "wer")


def trainer_metric_tags(readme: TrainerReadme, result: Ingested) -> None:
    """The card's ``metrics:`` metadata as transformers' Trainer writes it into its own card
    (modelcard.infer_metric_tags_from_eval_results: each final result named as one of METRIC_TAGS, ``Rouge1`` as
    rouge), for a Trainer run saved without that card: read with it, the card's own list is kept. TRL's cards write
    none, and nor does the Trainer's for a dict of eval sets (it lists no final results of one)."""
    training = result.data.get("training") or {}
    model = result.data.get("model") or {}
    if readme.text or training.get("method") or "metrics" in (model.get("metadata") or {}):
        return
    tags: dict[str, None] = {}
    for name in training.get("eval_results") or {}:
        tag = str(name).lower().replace(" ", "_")
        if tag in _METRIC_TAGS or tag == "rouge1":
            tags["rouge" if tag == "rouge1" else tag] = None
    if tags:
        result.data.setdefault("model", {}).setdefault("metadata", {})["metrics"] = list(tags)
