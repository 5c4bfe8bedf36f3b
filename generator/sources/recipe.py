"""Training recipes -> model and training records: which tool's config a file is (:func:`recipe_kind`), and its reader.

A recipe is the config a team commits beside its run. It names what training_args.bin does not (the dataset
mixture, the Hub id, the adapter, the method), but it is what was asked for, not what ran: the pipeline ranks it
below a Trainer's output folder (sources/pipeline.py). Read here:

* ``trl``: HfArgumentParser configs (TRL's CLI, alignment-handbook, open-r1, open-instruct): recipe_trl.py;
* ``axolotl``: axolotl's config: recipe_axolotl.py;
* ``llama-factory`` and ``llama-factory-v1``: LLaMA-Factory's training config, and its v1 engine's:
  recipe_llamafactory.py.

An accelerate or DeepSpeed config, a records file or an evaluation file is none of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple, Optional

from generator.errors import InputError, Problem, close_matches
from generator.io.files import load_data_file, read_text
from generator.io.yamlio import parse_yaml
from generator.markdown.frontmatter import is_card_path
from generator.records.schema import schema
from generator.sources.common import Ingested, hub_dataset_id
from generator.sources.recipe_axolotl import looks_like_axolotl, read_axolotl_recipe
from generator.sources.recipe_keys import ReadKeys
from generator.sources.recipe_llamafactory import (
    looks_like_llamafactory,
    looks_like_llamafactory_v1,
    read_llamafactory_recipe,
    read_llamafactory_v1_recipe,
)
from generator.sources.recipe_trl import MIXTURE_KEYS, TRAINING_KEYS, read_trl_recipe

# Each kind recipe_kind names, and its reader.
READERS = {"trl": read_trl_recipe, "axolotl": read_axolotl_recipe, "llama-factory": read_llamafactory_recipe,
           "llama-factory-v1": read_llamafactory_v1_recipe}


def recipe_kind(data: Any) -> Optional[str]:
    """Which tool's training config ``data`` (a parsed YAML/JSON file) is, or None for anything else."""
    if not isinstance(data, dict) or isinstance(data.get("model"), dict):  # records have a model mapping
        return None
    if "stage" in data and "model_name_or_path" in data or "finetuning_type" in data:
        # LLaMA-Factory (the model may be left to the command line, the stage to its default); a prediction run is no
        # training config
        return "llama-factory" if looks_like_llamafactory(data) else None
    if looks_like_llamafactory_v1(data):
        return "llama-factory-v1"
    if looks_like_axolotl(data):
        return "axolotl"
    if GENERATION_KEYS & set(data):
        return None  # a script's data generation or filtering config, with a model and dataset_name too
    if isinstance(data.get("model_name_or_path"), str) and TRAINING_KEYS & set(data):
        return "trl"
    if data.get("model_name_or_path") is None and MIXTURE_KEYS & set(data) and \
            TRAINING_KEYS - MIXTURE_KEYS - {"output_dir"} & set(data):
        # open-instruct's configs and alignment-handbook forks' that leave the model to the command line (a setting of
        # the training beside the data: an environment's config with a dataset_name and an output_dir is none)
        return "trl"
    return None


# Keys of configs that run a model over a dataset to make or filter data (open-r1's pass-rate filtering), not to train.
GENERATION_KEYS = frozenset({"pass_rate_min", "pass_rate_max", "output_dataset_name", "low_reward_threshold",
                             "high_reward_threshold"})
# What a config beside a recipe is, by keys only it has (checked in order): named when it is passed as a source.
_OTHER_CONFIGS = (
    (tuple(sorted(GENERATION_KEYS)), "a data generation or filtering config (open-r1's pass-rate filtering)"),
    # training configs of tools the generator does not read
    (("actor_rollout_ref", "reward_fn_key"),
     "a verl config (its trainer's Hydra config, or its data part), which the generator does not read"),
    (("data_stages",), "a nanotron config (its pre-training runs: SmolLM's), which the generator does not read"),
    (("rlhf_type", "train_type", "tuner_type", "model_author"),
     "an ms-swift config (`swift sft|rlhf --config`), which the generator does not read"),
    (("exp_manager",), "a NeMo config, which the generator does not read"),
    (("steps_per_report", "steps_per_eval", "val_batches", "lora_layers", "fine_tune_type", "lora_parameters"),
     "an MLX-LM config (`mlx_lm.lora --config`), which the generator does not read"),
    (("compute_environment", "distributed_type"), "an accelerate config (`accelerate launch --config_file`)"),
    # train_batch_size alone is no DeepSpeed config's mark: verl's data config has it too
    (("zero_optimization", "train_micro_batch_size_per_gpu"), "a DeepSpeed config"),
    (("merge_method", "slices"), "a mergekit merge config"),
    (("export_dir",), "a LLaMA-Factory export (merge) config"),
    # before LLaMA-Factory's `task`: lm-eval's task YAMLs name theirs too
    (("doc_to_text", "doc_to_target", "doc_to_choice", "output_type", "metric_list", "aggregate_metric_list",
      "task_alias", "group_alias"),
     "an lm-evaluation-harness task definition (lm_eval writes its results to results_*.json under "
     "--output_path)"),
    (("infer_backend", "adapter_name_or_path", "template", "do_predict", "task"),
     "a LLaMA-Factory inference, prediction or evaluation config"),
)


# What other_config says of data with no key any reader knows (a script's own JSON, a unit test's case file)
NO_KNOWN_KEYS = "a file with none of the keys of a training recipe, of records or of evaluation results"


def other_config(data: Any) -> Optional[str]:
    """What a mapping that is neither a recipe nor records is (an accelerate, DeepSpeed, mergekit, or a tool's
    inference config: none names what a training run asked for), or None when it may be records."""
    if not isinstance(data, dict) or recipe_kind(data) is not None:
        return None
    record_keys = schema("records")["properties"]
    known = sum(key in record_keys and _fits(key, data[key]) for key in data)
    if known and (known * 2 >= len(data) or len(data) - known < 3):
        return None  # records, perhaps with a mistyped key: their own check names it
    for keys, what in _OTHER_CONFIGS:
        if any(key in data for key in keys):
            return what
    if any(isinstance(value, dict) and ("_component_" in value or "_path_" in value) for value in data.values()):
        # torchtune names each part's class in _component_ (_path_ in its 2024 alpha)
        return "a torchtune config (`tune run RECIPE --config`), which the generator does not read"
    if "_target_" in data or any(isinstance(value, dict) and "_target_" in value for value in data.values()):
        return ("a Hydra config (`_target_` names the class it builds: verl's and NeMo's trainer parts are so "
                "configured), which the generator does not read")
    defaults = data.get("defaults")
    if isinstance(defaults, list) and "_self_" in defaults:
        # Hydra's defaults list: the config is composed with the files it names, which hold what it leaves out
        named = ", ".join(str(item) for item in defaults if item != "_self_")
        return (f"a Hydra config composed with the configs its defaults list names ({named}), which hold what it "
                "leaves out (the composed one Hydra saved with the run is .hydra/config.yaml in its output folder)")
    if isinstance(data.get("peft_config"), dict) and "export_dir" in data["peft_config"]:
        return "a LLaMA-Factory v1 export (merge) config"
    if any(key in record_keys for key in data):
        # another tool's config that has a `model` or `training` section (torchtune, verl, scripts' own)
        unknown = sorted(key for key in data if key not in record_keys)[:5]
        if unknown:
            return "another tool's config (it has keys records do not: " + ", ".join(unknown) + ")"
        shapes = [what for key in data for what in [_unfit(key, data[key])] if what]
        return "another tool's file, with keys of records in another shape (" + "; ".join(shapes[:3]) + ")"
    if MIXTURE_KEYS & set(data):  # a script's generation, labelling or environment config (atropos, TRL's 2024
        # summarization relabelling): the data it works on, but nothing the training is set with
        return ("a config naming a dataset but no training setting (a learning rate, epochs, batch size, steps or a "
                "method's setting): a data generation, labelling or environment config")
    return NO_KNOWN_KEYS


def _fits(key: str, value: Any) -> bool:
    """Whether a top-level value has the shape records give its key: ``model`` and ``training`` are mappings at least
    half of whose keys are theirs (or typos of them): LLaMA-Factory v1 names the model there, scripts' own configs
    have ``training: {epochs: 3}``, a quantization tool's ``model: {name, model_path, device_map...}``;
    a list (``groups``, ``sections``...) holds mappings whose keys are its items' (or a typo of one): Prometheus
    alert rules' ``groups: [{name, rules}]`` or a knowledge base's ``sections: [{id, text}]`` are not records."""
    return _unfit(key, value) is None


def _unfit(key: str, value: Any) -> Optional[str]:
    """What makes a top-level value of a record key another shape than records give it (None when it fits)."""
    if key in ("model", "training"):
        props = list(schema(key)["properties"])
        if isinstance(value, dict) and (not value or 2 * sum(k in props or bool(close_matches(str(k), props, n=1))
                                                             for k in value) >= len(value)):
            return None
        return f"{key} is not a mapping of records' {key} keys"
    keys = _item_keys(key)
    if keys is None or value is None:
        return None
    if not isinstance(value, list):
        return f"{key} is not a list"
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            continue  # a wrong item of records: their own check names it
        odd = [k for k in item if k not in keys and not close_matches(str(k), keys, n=1)]
        if odd:
            return f"{key}[{i}] holds {', '.join(map(str, odd[:3]))}, which records' {key} do not"
    return None


def _item_keys(key: str) -> Optional[list[str]]:
    """The keys an item of a list-valued record key (``groups``, ``sections``...) has, by its schema."""
    items = schema("records")["properties"].get(key, {}).get("items", {})
    ref = items.get("$ref", "") if isinstance(items, dict) else ""
    if not ref:
        return None
    name, _, pointer = ref.partition("#")
    found: Any = schema(name.removesuffix(".schema.json"))
    for part in [p for p in pointer.split("/") if p]:
        found = found.get(part, {})
    return list(found.get("properties", {})) or None


def looks_like_recipe(data: Any) -> bool:
    return recipe_kind(data) is not None


# The config LLaMA-Factory's web UI saves into the run's output_dir.
SAVED_RECIPE = "training_args.yaml"


class Loaded(NamedTuple):
    """A recipe file parsed once, passed along to its reader: the parsed data and the keys it gives again (with their
    lines: the tools read recipes with PyYAML, whose last repeated key wins)."""

    path: Path
    data: Any
    repeated: list[tuple[str, int]]


def load_recipe(path: Path, text: Optional[str] = None) -> Loaded:
    """A recipe file parsed (a card axolotl wrote: the config it embeds, from ``text`` when the card was read)."""
    repeated: list[tuple[str, int]] = []
    # `.inf` / `.nan` reach the readers, whose typed getters say what each field takes
    data = _card_recipe(path, repeated, text) if is_card_path(path) else \
        load_data_file(path, str(path), duplicates=repeated, finite=False)
    return Loaded(path, data, repeated)


def data_files(folder: Path, json: bool = True) -> list[Path]:
    """A folder's YAML (then JSON) files that may be a recipe, records or results: not hidden ones, which are tools'
    own settings (the Hub's ``.huggingface.yml``, whose base_model and metrics are no recipe's)."""
    kinds = ("*.yaml", "*.yml", "*.json") if json else ("*.yaml", "*.yml")
    return [path for kind in kinds for path in sorted(folder.glob(kind)) if not path.name.startswith(".")]


def find_run_recipe(folder: Path) -> tuple[Optional[Loaded], list[Problem]]:
    """The recipe kept in a run's output folder, read as the run's recipe when no other is given: the web UI's
    ``training_args.yaml``, else the one YAML file at the top that is a training recipe (a config the team saved
    beside the run), else the config axolotl embeds in the README.md it writes there. Other YAML files (accelerate
    configs, LlamaBoard's own state) are no recipe and left alone; several recipes are named in a warning, and none is
    read. Each file is parsed once: the recipe found is handed on parsed."""
    found: list[Loaded] = []
    others: list[Loaded] = []
    for path in data_files(folder, json=False):
        try:
            loaded = load_recipe(path) if path.is_file() else None
        except InputError:
            continue  # not readable as a recipe: the trainer folder is read without it
        if loaded is not None:
            (found if recipe_kind(loaded.data) else others).append(loaded)
    saved = [loaded for loaded in found if loaded.path.name == SAVED_RECIPE]
    if saved or len(found) == 1:
        return (saved or found)[0], []
    if not found:
        embedded = _embedded(folder / README)
        return embedded, [] if embedded else [problem for other in others for problem in _unread_datasets(other)]
    return None, [Problem(str(folder), "", "holds several training recipes (" + ", ".join(f.path.name for f in found) +
                          "); none is read", "pass the one the run was started with as --recipe FILE",
                          severity="warning", code="ambiguous-recipe")]


# The keys a script's own config names its training data with (SteveHong1901/reasoning's data.dataset_name).
_DATASET_KEY = re.compile(r"(train_)?datasets?(_names?|_ids?|_name_or_path)?", re.I)


def _unread_datasets(loaded: Loaded, path: str = "$", data: Any = None) -> list[Problem]:
    """A warning for each Hub dataset a YAML file in a run's folder that is no recipe (a script's own config) names
    under a dataset key, at any depth: the card does not read it (none of its keys is a recipe's), and the data a run
    trained on is what a card most needs. A config naming none (accelerate's, docker-compose, cog, LlamaBoard's state:
    local dataset names only) says nothing."""
    data = loaded.data if data is None else data
    if path == "$" and (not isinstance(data, dict) or other_config(data) is None):
        return []  # not a mapping, or perhaps records (read only when given)
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    problems: list[Problem] = []
    for key, value in items:
        at = f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]"
        named = [v for v in (value if isinstance(value, list) else [value]) if hub_dataset_id(v)] \
            if isinstance(key, str) and _DATASET_KEY.fullmatch(key) else []
        if named:
            problems.append(Problem(str(loaded.path), at, f"names the dataset {', '.join(named)} but is no training "
                                    "recipe the generator reads (a script's own config?): the card does not take it "
                                    "from there", "if the run trained on it, set model.datasets in your records (or "
                                    "pass a TRL, axolotl or LLaMA-Factory recipe with --recipe)", severity="warning",
                                    code="unread-config"))
        elif isinstance(value, (dict, list)):
            problems += _unread_datasets(loaded, at, value)
    return problems


def run_recipe(folder: Path) -> tuple[Optional[Path], list[Problem]]:
    """The path of the recipe :func:`find_run_recipe` finds in a run's folder."""
    found, unsure = find_run_recipe(folder)
    return (found.path if found else None), unsure


README = "README.md"


def _embedded(card: Path) -> Optional[Loaded]:
    """The config a run folder's README.md embeds, when it is the card axolotl wrote, embedding a config it reads."""
    try:
        loaded = load_recipe(card) if card.is_file() else None
    except InputError:
        return None  # none embedded, or not read as the recipe: the card is still the trainer's README
    return loaded if loaded is not None and recipe_kind(loaded.data) == "axolotl" else None


def folder_kind(folder: Path) -> tuple[str, str]:
    """What the data files of a folder without Trainer output are: ``("recipe", "")`` for a training recipe with
    configs beside it (as in a run's output folder), ``("other", what)`` for configs only (what the first is),
    ``("records", "")`` for anything else, whose reading names its problems. Beside a recipe, files that are no
    mapping or not readable (a KTransformers rule list, an empty file) are left alone."""
    found, other, unread = False, "", False
    for path in data_files(folder):
        try:
            data = load_data_file(path, str(path), duplicates=[], finite=False)
        except InputError:
            unread = True  # beside a recipe, left alone as in a run's folder; else read as records, which says why
            continue
        what = other_config(data) if isinstance(data, dict) else "not a mapping"
        if recipe_kind(data):
            found = True
        elif what is None:
            return "records", ""
        else:
            other = other or f"{path.name} is {what}"
    return ("recipe", "") if found else ("other", other) if other and not unread else ("records", "")


# The config axolotl (0.3.x of Dec 2023 on, the same words to 0.18) adds to the Trainer's card it pushes:
# `<details><summary>See axolotl config</summary>`, the version line, then the config file as a yaml fence, then
# `</details>`, which people editing the card drop at times (cognitivecomputations/dolphin-2.9.2-qwen2-72b and its
# quantized copies): the fence's end closes the config.
AXOLOTL_CARD = re.compile(r"<details><summary>See axolotl config</summary>[ \t]*\n\s*axolotl version: `([^`\n]*)`"
                          r"[ \t]*\n```ya?ml[ \t]*\n(.*?)\n```[ \t]*(?:\n|\Z)", re.S)


def card_config(text: str) -> Optional[tuple[str, str, int]]:
    """The axolotl config a card written by axolotl embeds: (axolotl version, the YAML, its first line's number in
    the card), or None."""
    text = text.replace("\r\n", "\n")  # cards saved on Windows, as mirrors of the Hub keep some
    found = AXOLOTL_CARD.search(text)
    if not found:
        return None
    return found.group(1), found.group(2), text.count("\n", 0, found.start(2)) + 1


def _card_recipe(path: Path, repeated: list[tuple[str, int]], text: Optional[str] = None) -> Any:
    """The config an axolotl-written card embeds, parsed; a card without one is refused saying so."""
    found = card_config(read_text(path, str(path)) if text is None else text)
    if found is None:
        raise InputError([Problem(str(path), "", "is a model card holding no training recipe (axolotl's cards embed "
                                  "theirs under `See axolotl config`; this one has none)", "pass the recipe YAML the "
                                  "run was started with, or the card itself as a source to import it",
                                  code="unrecognized-format")])
    _, config, line = found
    return parse_yaml(config, str(path), first_line=line, finite=False, duplicates=repeated)


def read_card_recipe(path: Path) -> Optional[Ingested]:
    """The axolotl config a card imported as a source embeds, read as its recipe (None when it embeds none). A config
    that cannot be read is a warning: the card is still imported. The card is read once here."""
    text = read_text(path, str(path))
    if card_config(text) is None:
        return None
    try:
        return read_recipe(path, load_recipe(path, text))
    except InputError as exc:
        unread = Ingested(str(path), "recipe", {})
        for problem in exc.problems:
            unread.warn(problem.path, "the axolotl config the card embeds is not read: " + problem.message,
                        problem.fix, code=problem.code)
        return unread


def read_recipe(path: Path, loaded: Optional[Loaded] = None) -> Ingested:
    """A recipe's model and training records; every wrongly typed value of the file is reported at once. A folder:
    the recipe in it (:func:`find_run_recipe`); a card axolotl wrote: the config it embeds (:func:`card_config`).
    ``loaded``: the file already parsed (by :func:`load_recipe`), not parsed again."""
    if loaded is None and path.is_dir():
        loaded, unsure = find_run_recipe(path)
        unsure = [problem for problem in unsure if problem.code == "ambiguous-recipe"]
        if loaded is None:
            raise InputError([Problem(str(path), "", unsure[0].message if unsure else "holds no training recipe",
                                      "pass the recipe the run was started with as a file", code="ambiguous-recipe"
                                      if unsure else "unrecognized-format")])
    path, data, repeated = loaded or load_recipe(path)
    kind = recipe_kind(data)
    if kind is None:
        what = other_config(data)
        raise InputError([Problem(str(path), "$", (f"is {what}, " if what and what.startswith(("a ", "an ")) and
                                                   what != NO_KNOWN_KEYS else "is ") +
                                  "not a training recipe (a TRL / alignment-handbook config with model_name_or_path, "
                                  "an axolotl config with base_model, or a LLaMA-Factory config with stage)",
                                  "pass the recipe YAML the run was started with", code="unrecognized-format")])
    assert isinstance(data, dict)
    result = READERS[kind](path, ReadKeys(data))  # which keys the reader reads: the others are named
    for key, line in repeated:
        result.warn(f"line {line}", f"{key!r} is given again; the tools read the last value, and so is it here",
                    "remove the earlier one", code="duplicate-key")
    return result


__all__ = ["AXOLOTL_CARD", "NO_KNOWN_KEYS", "READERS", "SAVED_RECIPE", "Loaded", "card_config", "data_files",
           "find_run_recipe", "folder_kind", "load_recipe", "looks_like_recipe", "other_config", "read_card_recipe",
           "read_recipe", "recipe_kind", "run_recipe"]
