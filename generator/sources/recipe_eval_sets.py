"""The Hub dataset a recipe says the run's eval set is, mapped as ``--eval-set`` maps one (training.eval_sets) when the
run has that one set and nothing else maps it.

TRL's scripts (``trl sft|dpo|grpo --config``, its examples/scripts, open-r1's sft.py and grpo.py) load
``load_dataset(dataset_name, name=dataset_config)`` and, when ``eval_strategy`` is not ``no``, evaluate on
``dataset[dataset_test_split]``, ``test`` by default (ScriptArguments, TRL 0.12 to 1.16; open-r1's
ScriptArguments). alignment-handbook's (2023-24) evaluate on the test splits of their ``dataset_mixer``'s datasets,
axolotl on its ``test_datasets``, LLaMA-Factory on its ``eval_dataset`` (read by its reader, through the
dataset_info.json its ``dataset`` names are resolved in).
A recipe that says so of one Hub dataset names the eval set with certainty; several datasets, a local one, or a
mixture (whose test split is made of several, or held out of the training data) name none.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Optional

from generator.errors import Problem
from generator.records.builder.eval_sets import UNNAMED, is_score, metric_type, results_by_set
from generator.records.numbers import HALF_UP_OR_FLOAT, shows
from generator.sources.common import RecipeEvalSet, is_number

# TRL's ScriptArguments.dataset_test_split default (and open-r1's)
TRL_TEST_SPLIT = "test"
# axolotl's eval split of a test_datasets entry without one (sft.py: ``dataset[split]``, split "test"; 0.4 to 0.18)
AXOLOTL_TEST_SPLIT = "test"
# a split's name, not a slice of one (``train[:100]``) nor a split expression (``train+test``)
_SPLIT = re.compile(r"[\w.-]+")
# the keys a TRL recipe names several datasets or a mixture with (alignment-handbook, open-instruct, TRL's own)
_MIXTURES = ("dataset_mixer", "dataset_mixture", "dataset_mixer_list", "datasets")


def trl_eval_set(data: dict[str, Any], hub_datasets: list[str]) -> RecipeEvalSet:
    """What a TRL-read recipe ``data`` says of the run's eval set (``hub_datasets``: the Hub datasets its reader took
    from it); without ``eval_strategy`` (or ``no``) it names none, the run's evaluation being turned on elsewhere.
    Plain lookups: the keys stay as the reader's unread-key warning found them."""
    strategy = dict.get(data, "eval_strategy", dict.get(data, "evaluation_strategy"))
    strategy_key = "evaluation_strategy" if "evaluation_strategy" in data and "eval_strategy" not in data else \
        "eval_strategy"
    if not isinstance(strategy, str) or strategy.lower() == "no":  # said only of a run that evaluated
        said = f"it sets {strategy_key} {strategy}" if isinstance(strategy, str) else "it sets no eval_strategy"
        return RecipeEvalSet((strategy_key,), why=f"{said}: the run's evaluation was turned on elsewhere (on the "
                             "command line), which may have named other data too")
    mixtures = [key for key in _MIXTURES if dict.get(data, key)]
    name = dict.get(data, "dataset_name")
    if mixtures == ["dataset_mixer"] and not name:
        return _mixer_eval_set(data, hub_datasets, f"{strategy_key} {strategy}")
    if mixtures in (["datasets"], ["dataset_mixture"]):
        return _mixture_eval_set(data, mixtures[0])
    if mixtures:
        return RecipeEvalSet((mixtures[0],), why=f"its eval data is made by the script from {mixtures[0]} (several "
                             "datasets' test splits, or a part held out of the training data), not one Hub dataset's "
                             "split")
    if isinstance(name, list) and name:
        return RecipeEvalSet(("dataset_name",), why=f"its dataset_name lists {len(name)} datasets, which a fork's "
                             "script loads itself: which of their splits it evaluated on is not known")
    if not isinstance(name, str) or not name:
        return RecipeEvalSet((strategy_key,), why=f"it sets {strategy_key} {strategy} but names no dataset_name")
    if name not in hub_datasets:
        return RecipeEvalSet(("dataset_name",), why=f"its dataset_name {name} is no Hub dataset (a local one)")
    entry = {"dataset": name}
    keys = ["dataset_name"]
    config = dict.get(data, "dataset_config")
    if config is None and dict.get(data, "dataset_configs") is not None:
        # alignment-handbook's mixer key, left in open-r1's first recipes: which config their scripts loaded is unsure
        return RecipeEvalSet(("dataset_configs",), why="its dataset_configs is alignment-handbook's key for a mixer's "
                             "datasets, not the dataset_config TRL's scripts load dataset_name with")
    if config is not None:
        if not isinstance(config, str) or not config:  # open-r1's load_dataset keywords (data_files) among them
            return RecipeEvalSet(("dataset_config",), why=f"its dataset_config {config!r} is no config name")
        entry["config"], keys = config, keys + ["dataset_config"]
    split = dict.get(data, "dataset_test_split")
    if split is None:
        split, said = TRL_TEST_SPLIT, f"dataset_test_split left to its default ({TRL_TEST_SPLIT})"
    elif isinstance(split, str) and split:
        said = "dataset_test_split"
    else:
        return RecipeEvalSet(("dataset_test_split",), why=f"its dataset_test_split {split!r} is no split name")
    entry["split"] = split
    return RecipeEvalSet((*keys, said, f"{strategy_key} {strategy}"), entry=entry)


def _mixture_eval_set(data: dict[str, Any], key: str) -> RecipeEvalSet:
    """What TRL's ``datasets`` (DatasetMixtureConfig, TRL 0.22+, its ``test_split_size`` beside it) or
    alignment-handbook's ``dataset_mixture`` (2025, ``test_split_size`` inside) says of the eval set: ``get_dataset``
    concatenates every entry, each at its own split, into ``train``, and makes a ``test`` split only by holding
    ``test_split_size`` of it out; the scripts evaluate on ``test``, no Hub dataset's split either way (TRL's
    datasets win over a dataset_name beside them)."""
    nested = dict.get(data, key) if key == "dataset_mixture" else data
    found = held_out(nested, "test_split_size", "TRL" if key == "datasets" else "alignment-handbook",
                     f"{key}.test_split_size" if key == "dataset_mixture" else None) if isinstance(nested, dict) else None
    return found or RecipeEvalSet((key,), why=f"its {key} mixture makes no test split (get_dataset puts every "
                                  "entry, at its own split, into train; a test split is held out of it only with "
                                  "test_split_size), so the run's eval set is none the recipe names")


def _mixer_eval_set(data: dict[str, Any], hub_datasets: list[str], strategy: str) -> RecipeEvalSet:
    """What alignment-handbook's ``dataset_mixer`` (2023-24) says of the eval set: its scripts evaluate on
    ``raw_datasets["test"]``, every ``dataset_splits`` split with ``test`` in its name (not ``train``) of every mixer
    dataset, whole (mix_datasets: splits ``train``, ``test`` by default; ``dataset_configs`` in the mixer's order).
    One Hub dataset with one such split names the set."""
    mixer = dict.get(data, "dataset_mixer")
    if not isinstance(mixer, dict) or len(mixer) != 1:
        return RecipeEvalSet(("dataset_mixer",), why="its dataset_mixer's test splits of several datasets are one eval "
                             "set, not one Hub dataset's split")
    name = str(next(iter(mixer)))
    if name not in hub_datasets:
        return RecipeEvalSet(("dataset_mixer",), why=f"its dataset_mixer's {name} is no Hub dataset (a local one)")
    splits = dict.get(data, "dataset_splits")
    said = "dataset_splits" if splits is not None else "dataset_splits left to its default (train, test)"
    splits = ["train", "test"] if splits is None else splits if isinstance(splits, list) else [splits]
    tests = [split for split in splits if isinstance(split, str) and "train" not in split and "test" in split]
    if len(tests) != 1:
        return RecipeEvalSet(("dataset_splits",), why=f"its dataset_splits hold {len(tests)} test splits")
    entry, keys = {"dataset": name}, ["dataset_mixer", said]
    configs = dict.get(data, "dataset_configs")
    if isinstance(configs, list) and configs and configs[0] is not None:
        if not isinstance(configs[0], str) or not configs[0]:
            return RecipeEvalSet(("dataset_configs",), why=f"its dataset_configs {configs[0]!r} is no config name")
        entry["config"], keys = configs[0], keys + ["dataset_configs"]
    entry["split"] = tests[0]
    return RecipeEvalSet((*keys, strategy), entry=entry)


def axolotl_eval_set(data: dict[str, Any], hub: Callable[[Any], Optional[str]]) -> Optional[RecipeEvalSet]:
    """What an axolotl config ``data`` says of the run's eval set: axolotl (0.4 to 0.18) evaluates on its
    ``test_datasets``, concatenated into one set, each entry loaded as the training ones are (``path``, ``name`` the
    config, ``revision``) and taken at its ``split``, ``test`` when none is given (sft.py; its preference-data loader
    picks a split of its own). ``hub``: the Hub dataset id a ``path`` names, None for a local one."""
    tests = dict.get(data, "test_datasets")
    if not isinstance(tests, list) or not tests:
        return held_out(data, "val_set_size", "axolotl")
    if len(tests) > 1:
        return RecipeEvalSet(("test_datasets",), why=f"its test_datasets names {len(tests)} datasets, which axolotl "
                             "evaluates as one set, not one Hub dataset's split")
    entry, at = tests[0], "test_datasets[0]"
    path = entry.get("path") if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or not hub(path) or entry.get("data_files") or \
            str(entry.get("ds_type") or "").lower() in ("json", "csv", "parquet", "text", "arrow"):
        what = f"{path!r}" + (" with its data_files" if isinstance(entry, dict) and entry.get("data_files") else "")
        return RecipeEvalSet((f"{at}.path",), why=f"its {at}.path {what} is no Hub dataset's split (a local file or "
                             "folder, or files of a dataset)")
    found, keys = {"dataset": str(hub(path))}, [f"{at}.path"]
    for key, field in (("name", "config"), ("split", "split"), ("revision", "revision")):
        value = entry.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or key == "split" and not _SPLIT.fullmatch(value):
            return RecipeEvalSet((f"{at}.{key}",), why=f"its {at}.{key} {value!r} is no {field} name" +
                                 (" (a slice or mixture of splits)" if key == "split" else ""))
        found[field], keys = value, keys + [f"{at}.{key}"]
    if "split" not in found:
        if dict.get(data, "rl"):
            return RecipeEvalSet((at,), why=f"its {at} gives no split, and axolotl's preference-data loader (rl: "
                                 f"{dict.get(data, 'rl')}) picks one by its version")
        found["split"], keys = AXOLOTL_TEST_SPLIT, keys + [f"{at}.split left to its default ({AXOLOTL_TEST_SPLIT})"]
    return RecipeEvalSet(tuple(keys), entry={k: found[k] for k in ("dataset", "config", "split", "revision")
                                             if k in found})


def held_out(data: dict[str, Any], key: str, tool: str, at: Optional[str] = None) -> Optional[RecipeEvalSet]:
    """A ``key`` (axolotl's val_set_size, LLaMA-Factory's val_size, a mixture's test_split_size: a share, or a count when
    over 1; ``at``: its path when nested) that holds part of
    the training data out for evaluation (``train_test_split``): the eval set is no Hub dataset's split. transformers'
    own card (TrainingSummary.from_trainer) names it by the dataset it was carved from, at that dataset's split
    (``Dataset.select`` keeps ``split``: ``train``), which a model-index result reads as results on that whole split.
    With ``streaming: true`` axolotl (0.13 on, since it streams SFT data) refuses val_set_size, and LLaMA-Factory a share
    (``Streaming mode should have an integer val size``), taking a count as the shuffled stream's first examples."""
    size: Any = dict.get(data, key)
    if not is_number(size) or size <= 0:
        return None
    streamed, said = dict.get(data, "streaming") is True, f"its {at or key} {size}"
    if streamed and (tool == "axolotl" or size < 1):
        return RecipeEvalSet((at or key,), why=f"{said} with streaming: true is refused by {tool} ("
                             + ("0.13 on: val_set_size is not supported with streaming datasets" if tool == "axolotl"
                                else "Streaming mode should have an integer val size") + "), so no run evaluated on "
                             "what this recipe says")
    held = f"the first {size} examples of the shuffled training stream out for evaluation ({tool}'s take, " \
        "streaming)" if streamed else f"{'that share' if size < 1 else 'that many'} of the training data out for " \
        f"evaluation ({tool}'s train_test_split)"
    return RecipeEvalSet((at or key,), why=f"{said} holds {held}, no Hub dataset's split; transformers' own card names "
                         "such a set by the split it was carved from (train), which model-index reads as results on "
                         "that whole split")


def _in_model_index(data: dict[str, Any], results: list[tuple[str, Any]]) -> bool:
    """Whether the records' evaluations (the model-index of the Trainer's own card, which transformers writes when it
    knows the eval set's dataset) hold each score of a set's final ``results``, as build_set_evaluations' check of a
    result held already reads them (the value, or one it shows as)."""
    scores = [(metric_type(label), value) for label, value in results if is_score(metric_type(label))]
    held = [(m.get("type"), m.get("value")) for e in data.get("evaluations") or () if isinstance(e, dict)
            for m in e.get("metrics") or () if isinstance(m, dict)]
    return bool(scores) and all(any(kind == typ and is_number(value) and is_number(given) and
                                    (given == value or shows(value, given, ties=HALF_UP_OR_FLOAT))
                                    for typ, given in held) for kind, value in scores)


def _option(entry: Mapping[str, str], name: str) -> str:
    """The ``--eval-set`` option naming set ``name`` ``entry``'s dataset."""
    revision = f"@{entry['revision']}" if entry.get("revision") else ""
    parts = [entry["dataset"] + revision, entry.get("config", ""), entry.get("split", "")]
    return f"{name}={':'.join(parts).rstrip(':')}"


def map_recipe_eval_set(data: dict[str, Any], found: RecipeEvalSet, source: str) -> list[Problem]:
    """Map the run's eval sets in ``data`` (merged records) to the Hub datasets the recipe at ``source`` names
    (``found``), as ``--eval-set`` would, and say so; or say why it cannot. The run's one unnamed set is the recipe's
    one set (``found.entry``); a run whose sets are named by the names the recipe gives its sets (``found.by_set``:
    LLaMA-Factory's eval_dataset names) has each mapped by its name. Nothing when the run has no eval results, or its
    sets are mapped already (``--eval-set``, the records, the live Trainer: they win), nor for a set whose results
    the records' model-index holds (the Trainer's own card's). A run of named sets is not the one unnamed set TRL's
    scripts and axolotl evaluate: nothing is mapped."""
    training = data.get("training") or {}
    by_set = results_by_set(tuple((training.get("eval_results") or {}).items()))
    mapped = training.get("eval_sets") or {}
    sets = [name for name in by_set if name not in mapped]
    named = dict(found.by_set)
    said = {UNNAMED: found} if sets == [UNNAMED] else {name: named.get(name) or RecipeEvalSet(
        found.keys[:1], why=f"its {found.keys[0]} names no set {name} (its sets: {', '.join(named)})")
        for name in sets} if named else {}
    maps = {name: told.entry for name, told in said.items() if told.entry is not None}
    if maps:
        data.setdefault("training", {})["eval_sets"] = {**mapped, **{name: dict(entry) for name, entry in maps.items()}}
    warnings = [Problem(source, "$." + told.keys[0], f"names the run's eval set: {_option(told.entry, name)} (from "
                        f"{', '.join(told.keys)}), whose final results are the model-index's, as if --eval-set had "
                        "been given", f"pass --eval-set {name}=ORG/NAME:CONFIG:SPLIT if the run evaluated on another "
                        "dataset", severity="warning", code="eval-set-from-recipe")
                for name, told in said.items() if told.entry is not None]
    unmapped = [name for name in sets if name not in maps and not _in_model_index(data, by_set[name])]
    if not said and unmapped:  # named sets of a recipe that evaluates one: one warning, the recipe's set suggested
        why = found.why or f"the run has the eval sets {', '.join(sets)}, not the one set TRL's scripts evaluate"
        option = _option(found.entry, sets[0]) if found.entry else sets[0] + "=ORG/NAME:CONFIG:SPLIT"
        return [_not_named(source, "$." + found.keys[0], "", why, option)]
    return warnings + [_not_named(source, "$." + said[name].keys[0], "" if name == UNNAMED else f" {name}",
                                  str(said[name].why), f"{name}=ORG/NAME:CONFIG:SPLIT") for name in unmapped]


def _not_named(source: str, at: str, name: str, why: str, option: str) -> Problem:
    return Problem(source, at, f"does not name the Hub dataset of the run's eval set{name} ({why}), so its results "
                   "reach no model-index", f"pass --eval-set {option} naming the Hub dataset the set is, if it is one",
                   severity="warning", code="eval-set-not-named")


__all__ = ["TRL_TEST_SPLIT", "axolotl_eval_set", "held_out", "map_recipe_eval_set", "trl_eval_set"]
