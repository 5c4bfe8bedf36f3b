"""What every recipe reader shares: typed access to a recipe's keys, Hub ids for its model and datasets, and the
records its facts become (:class:`Recipe`).

A recipe's values are what the team asked for, not what ran: readers collect every wrongly typed value as a
problem naming the key and the fix (all of a file's at once), and turn the rest into the same records and
hyperparameter names that a Trainer's ``training_args.bin`` gives (sources/hyperparameters.py), so the two can be
compared when both are read.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any, Optional, Union

from generator.errors import InputError, Problem
from generator.io.data import json_path
from generator.records.hubrules import check_metadata
from generator.sources.common import DATA_FILES, Ingested, hub_dataset_id, hub_id, is_number
from generator.sources.hyperparameters import hyperparameters
from generator.sources.recipe_keys import ReadKeys, tool_words, unread_said
from generator.sources.recipe_paths import local_dataset, run_folders
from generator.sources.recipe_values import shown_setting, unfilled
from generator.sources.trainer_readme import model_id

Number = Union[int, float]
# Keys a recipe states no world size for: their totals depend on how many processes the launcher started.
_TOTALS = ("total_train_batch_size", "total_eval_batch_size")
_TOP_KEY = re.compile(r"^\$\.|[.\[].*$")  # $.datasets[1].path -> datasets
# What LoRA's variants do, as each tool's not-kept warning names them (TRL/open-instruct, axolotl, LLaMA-Factory).
DORA = "DoRA, weight-decomposed LoRA"
RSLORA = "rank-stabilized LoRA scaling"


def _where(key: Union[str, list]) -> str:
    return json_path(key if isinstance(key, list) else [key])


def _refused(key: str, value: str) -> bool:
    """Whether the Hub's rules (records/hubrules.py) refuse ``value`` as a model's ``key`` id."""
    return bool(check_metadata({key: value if key != "datasets" else [value]}))


# The Adam optimizer's settings, which the card shows in its optimizer line; settings the card shows one of.
_ADAM = ("adam_beta1", "adam_beta2", "adam_epsilon")
_CLASHES = {"bf16": ("fp16",), "fp16": ("bf16",)}


class _Probe(ReadKeys):
    """Arguments that also notes the names asked for by ``in``."""

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return super().__contains__(key)


@functools.lru_cache(maxsize=None)
def _shown_args() -> frozenset[str]:
    """Every training argument the card's hyperparameters are made from (those of an Adam optimizer's line included):
    a recipe value read into one of them that the hyperparameters do not show was dropped, not used."""
    probe = _Probe({"optim": "adamw_torch", "adam_beta1": 0.9, "adam_beta2": 0.999})
    hyperparameters(probe)
    return frozenset(probe.read)


class Recipe:
    """One recipe being read: typed getters that note wrong types, and the records being built."""

    def __init__(self, path: Path, data: dict[str, Any], tool: str) -> None:
        self.path, self.tool = path, tool
        self.data = data if isinstance(data, ReadKeys) else ReadKeys(data)  # which keys the reader looked up
        self.used: set[str] = set()  # keys a reader took from a copy of the data (TRL's aliases)
        self.aliases: dict[str, str] = {}  # a key the reader reads under another name (open-instruct's num_epochs)
        self.result = Ingested(str(path), "recipe", {})
        self.problems: list[Problem] = []
        self.model: dict[str, Any] = {}
        self.args: dict[str, Any] = {}  # TrainingArguments-named values, for hyperparameters()
        self.extra: dict[str, Any] = {}  # the adapter, reward functions: listed after transformers' hyperparameters
        self.datasets: list[str] = []
        self.world: Optional[int] = None  # processes, when the recipe names them
        # (where, dataset, ("config x", "weight 0.5"), its splits): model.dataset_details
        self.details: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []
        self.unkept: list[tuple[str, str]] = []  # (where, "max_samples 1000 (what it does)"): no records field
        self.declared: set[str] = set()  # paths the recipe says are Hub datasets (LLaMA-Factory's hf_hub_url)

    # ------------------------------------------------------------------ typed values
    def wrong(self, key: Union[str, list], value: Any, expected: str, fix: str) -> None:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        self.problems.append(Problem(str(self.path), _where(key), f"is {shown}, expected {expected}", fix,
                                     code="wrong-type"))

    def variable(self, where: Union[str, list], value: Any) -> bool:
        """Whether ``value`` is a variable its launch script fills in; it is then left out with a warning."""
        said = unfilled(value)
        if said is not None:
            self.result.warn(_where(where), *said, code="unfilled-variable")
        return said is not None

    def numbers(self, floats: dict[str, str], integers: dict[str, str]) -> dict[str, Number]:
        """The numbers of two tables (recipe key -> training-argument name, '' for the same name) that the recipe
        sets, under their training-argument names; a wrongly typed one is a problem."""
        args: dict[str, Number] = {}
        for table, integer in ((floats, False), (integers, True)):
            for key, name in table.items():
                value = self.number(key, integer=integer)
                if value is not None:
                    args[name or key] = value
                    if name and name != key:
                        self.aliases[key] = name
        return args

    def number(self, key: str, integer: bool = False, value: Any = None, where: Optional[list] = None) -> Optional[Number]:
        """A number (or a numeric string such as ``5e-7``, as YAML 1.1 loaders keep it); None when absent."""
        value = self.data.get(key) if value is None and where is None else value
        if value is None or self.variable(where or key, value):
            return None
        if isinstance(value, str) and len(value) < 40:
            try:
                parsed = float(value.strip())
                value = int(parsed) if parsed.is_integer() and integer else parsed
            except ValueError:
                pass
        if is_number(value) and (not integer or float(value).is_integer()):
            return int(value) if integer else value
        kind = "a whole number" if integer else "a number"
        self.wrong(where or key, value, kind, f"write {key} as {kind}, e.g. {'8' if integer else '2.0e-5'}")
        return None

    def text(self, key: str, value: Any = None, where: Optional[list] = None) -> Optional[str]:
        value = self.data.get(key) if value is None and where is None else value
        if value is None or value == "" or self.variable(where or key, value):
            return None
        if isinstance(value, str):
            return value
        self.wrong(where or key, value, "a string", f"write {key} as a string")
        return None

    def flag(self, key: str, value: Any = None) -> Optional[bool]:
        """True/False; None when absent (or ``auto``, which the tool resolves on the machine it runs on)."""
        value = self.data.get(key) if value is None else value
        if value is None or isinstance(value, bool) or self.variable(key, value):
            return value if isinstance(value, bool) else None
        if isinstance(value, str) and value.lower() in ("true", "false", "auto"):
            return None if value.lower() == "auto" else value.lower() == "true"
        self.wrong(key, value, "true or false", f"write {key}: true or {key}: false")
        return None

    def texts(self, key: str, value: Any = None, split: str = "") -> Optional[list[str]]:
        """A list of strings, or one string (split at ``split`` when given, as LLaMA-Factory's lists are written)."""
        value = self.data.get(key) if value is None else value
        if value is None or value == "" or value == [] or self.variable(key, value):
            return None
        if isinstance(value, str):
            return [v.strip() for v in value.split(split)] if split else [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.wrong(key, value, "a string or a list of strings", f"write {key} as a list of names")
        return None

    def missing(self, where: list, what: str, fix: str) -> None:
        self.problems.append(Problem(str(self.path), _where(where), what, fix, code="missing-field"))

    # ------------------------------------------------------------------ records
    def base_model(self, key: str) -> None:
        value = self.text(key)
        if value is None:
            return
        base = model_id(value, [Path(), *run_folders(self.path)])  # (a folder where the run may have started: local)
        if base and not _refused("base_model", base):
            self.model["base_model"] = base
        else:
            self.result.warn(_where(key), f"{value!r} is a local path, not a Hub model id", "set model.base_model in your "
                             "records to the Hub id of the model trained from", code="not-a-hub-id")

    def dataset(self, value: Any, where: list, local_fix: str = "") -> None:
        """A training dataset the recipe names: a Hub id joins model.datasets, anything else is named in a warning."""
        if not isinstance(value, str) or not value or self.variable(where, value):
            return
        if (found := self.hub_dataset(value, refused=True)) and _refused("datasets", found):
            self.result.warn(_where(where), f"{value!r} is not a valid Hub dataset id (over 96 characters, or '..')",
                             "set model.datasets in your records to the dataset's real Hub id", code="not-a-hub-id")
        elif found:
            self.datasets += [] if found in self.datasets else [found]
        else:
            why = local_dataset(value, self.path, value not in self.declared) if hub_dataset_id(value) else None
            self.result.warn(_where(where), f"{value!r} is not a Hub dataset id (a local file or folder, or a name the "
                             "tool resolves itself)" if not why else f"{value!r} is not listed as a Hub dataset, as it "
                             f"may be a local folder: the tool loads a path that exists where the run started, else "
                             f"the Hub dataset of that id, and {why}", local_fix or "set model.datasets in your "
                             "records to the Hub ids of the data used, if it is on the Hub", code="not-a-hub-id")

    def hub_dataset(self, value: Any, refused: bool = False) -> Optional[str]:
        """The Hub dataset id ``value`` names as loaded: none for a local file, folder or data file (recipe_paths); one
        refused if asked."""
        found = hub_dataset_id(value) if isinstance(value, str) and not value.lower().endswith(DATA_FILES) else None
        local = found and local_dataset(value, self.path, value not in self.declared) is not None
        return None if local or found and not refused and _refused("datasets", found) else found

    def dataset_detail(self, name: Any, where: list, config: Any = None, split: Any = None,
                       weight: Any = None, mixed: Optional[str] = None, files: Any = None) -> None:
        """A dataset's config, splits and mixture weight as the recipe names them (the defaults, no config,
        ``default`` and a weight of 1, unsaid), for model.dataset_details. A whole number over 1 is the number of
        examples taken (open-instruct's dataset_mixer: ``326154``; alignment-handbook's are fractions); ``mixed``
        says how the tool mixed it with the others (LLaMA-Factory's interleaving); ``files``: the data_files of the
        Hub dataset loaded, the part of it trained on."""
        if not isinstance(name, str) or not name:
            return
        said = [f"config {config}" for config in [config] if isinstance(config, str) and config not in ("", "default")]
        if isinstance(config, dict):  # load_dataset's keyword arguments (open-r1: data_files beside dataset_name: json)
            said += [f"{key} {shown_setting(value)}" for key, value in config.items() if value not in (None, "", [], {})]
        if isinstance(weight, int) and not isinstance(weight, bool) and weight > 1:
            said.append(f"{weight:,} examples")  # open-instruct: a whole number is a count, a decimal a fraction
        elif is_number(weight) and weight != 1:
            said.append(f"weight {weight}")
        if mixed:
            said.append(mixed)
        if files not in (None, "", []) and self.hub_dataset(name):
            said.append(f"data_files {shown_setting(files)}")
        splits = [split] if isinstance(split, str) else split if isinstance(split, list) else []
        self.details.append((_where(where), name, tuple(said), tuple(s for s in splits if isinstance(s, str) and s)))

    def repo_id(self, key: str) -> None:
        """The repo the run pushes to (``key``): model.repo_id when it names its organization, else the card's title
        (when nothing else names the model), as the Trainer titles its card when pushing under the logged-in user."""
        value = self.text(key)
        if value is None:
            return
        if hub_id(value, folders=()) and not _refused("base_model", value):  # (a push target: never loaded from disk)
            self.model["repo_id"] = value
        elif "/" not in value:
            self.result.title = value
            self.result.warn(_where(key), f"{value!r} has no namespace (the tool pushes it under the logged-in "
                             "user or organization)", "pass --repo-id ORG/NAME or set model.repo_id",
                             code="not-a-hub-id")
        else:
            self.result.warn(_where(key), f"{value!r} is not a valid Hub repo id (ORG/NAME of letters, digits, "
                             "'-', '_' and '.', at most 96 characters each): the tool cannot push to it",
                             "pass --repo-id ORG/NAME or set model.repo_id", code="not-a-hub-id")

    def hub_organization(self) -> bool:
        """transformers 4's ``push_to_hub_organization`` (gone in 5), which TrainingArguments turns into the repo
        ``ORG/<push_to_hub_model_id>``, else ``ORG/<output_dir's last folder>``, whatever hub_model_id says;
        whether the recipe gives one (hub_model_id is then not used)."""
        org = self.text("push_to_hub_organization")
        if org is None:
            return False
        named, out = self.data.get("push_to_hub_model_id"), self.data.get("output_dir")
        name = named if isinstance(named, str) and named else \
            Path(out).name if isinstance(out, str) and unfilled(out) is None else ""
        repo = f"{org}/{name}"
        if name and hub_id(repo, folders=()) and not _refused("base_model", repo):
            self.model["repo_id"] = repo
            if isinstance(self.data.get("hub_model_id"), str) and self.data["hub_model_id"]:
                self.result.warn("$.hub_model_id", f"is not used: transformers 4 pushes to {repo} (from "
                                 "push_to_hub_organization) whatever hub_model_id says, so it is not kept",
                                 "leave hub_model_id out, or pass --repo-id ORG/NAME if the model is elsewhere",
                                 code="not-used")
            return True
        self.result.warn(_where("push_to_hub_organization"), f"{org!r} is the organization the run pushed to, under "
                         "the name of its output_dir, which the recipe does not give as a folder name (its launch "
                         "script may fill it in)", f"pass --repo-id {org}/NAME or set model.repo_id",
                         code="not-a-hub-id")
        return True

    def adapter(self, kind: str, r: Optional[Number], alpha: Optional[Number], dropout: Optional[Number],
                targets: Optional[list[str]], bits: Optional[int] = None) -> None:
        """A LoRA run: the adapter's relation, library and tags, and its settings named as adapter_config.json's."""
        model = self.model
        if "base_model" in model:
            model["base_model_relation"] = "adapter"
        model["library_name"] = "peft"
        tags = model.setdefault("tags", [])
        tags += [t for t in ("lora", "qlora" if kind == "qlora" or bits == 4 else "") if t and t not in tags]
        facts = self.extra
        facts["peft_type"] = "LORA"
        for name, value in (("lora_r", r), ("lora_alpha", alpha), ("lora_dropout", dropout)):
            if value is not None:
                facts[name] = value
        if targets:
            facts["lora_target_modules"] = ", ".join(sorted(targets)) if len(targets) > 1 else targets[0]
        if bits in (4, 8):
            facts[f"load_in_{bits}bit"] = True

    def other_adapter(self, where: str, kind: str, said: list[str]) -> None:
        """A PEFT adapter other than LoRA (LLaMA-Factory's OFT, axolotl's llama-adapter): an adapter of the
        base model, the method and ``said`` settings named not kept, records holding LoRA's settings only."""
        if "base_model" in self.model:
            self.model["base_model_relation"] = "adapter"
        self.model["library_name"] = "peft"
        self.not_kept(where, f"{where} {kind} (a PEFT adapter other than LoRA, whose settings records keep LoRA's only" +
                      (": " + ", ".join(said) if said else "") + ")")

    def settings(self, table: dict[str, str]) -> None:
        """The settings of ``table`` (key -> what it does) the recipe gives, for the warning that says the records
        have no field for them; a false flag or a 0 is the tool's default, which did nothing."""
        for key, what in table.items():
            value = self.data.get(key)
            if value is None or value == "" or value is False or is_number(value) and value == 0 or \
                    self.variable(key, value):
                continue
            self.not_kept(key, f"{key} {shown_setting(value)} ({what})")

    def unused_lora(self, keys: tuple[str, ...], why: str, fix: str) -> None:
        """LoRA settings a run without an adapter leaves unused (``why``), named in one not-used warning."""
        said = [key for key in keys if self.data.get(key) not in (None, "", [], False)]
        if said:
            self.result.warn(_where(said[0]), f"{', '.join(said)} {'is' if len(said) == 1 else 'are'} set, but {why}, "
                             "so the recipe trains no LoRA adapter and they are not kept", fix, code="not-used")

    def not_kept(self, where: Union[str, list], said: str) -> None:
        """A setting the records have no field for, named with what it does in the recipe's not-kept warning."""
        self.unkept.append((_where(where), said))

    def family(self, flag: str, prefix: str, what: str) -> None:
        """A training technique switched on by ``flag`` (LLaMA-Factory's ``use_galore``) with its ``prefix``
        settings, for the same warning; its settings without the flag were not used."""
        if self.flag(flag) is not True:
            return
        said = [f"{key} {shown_setting(value)}" for key, value in self.data.items()
                if key.startswith(prefix) and value is not None and value != ""]
        self.not_kept(flag, f"{flag} true ({what}" + (": " + ", ".join(said) if said else "") + ")")

    def _not_finite(self, value: Any, where: list) -> None:
        """An infinite or NaN value the readers took no number from (a key no reader reads, or a setting records
        cannot show): named, since records hold finite numbers only."""
        if isinstance(value, dict):
            for key, item in value.items():
                self._not_finite(item, where + [key])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._not_finite(item, where + [i])
        elif isinstance(value, float) and not math.isfinite(value):
            path = _where(where)
            if not any(w.path == path for w in self.result.warnings):
                self.result.warn(path, f"is {value}, a value records cannot hold (they keep finite numbers only), "
                                 "so it is not kept", "write a finite number, or leave the setting out",
                                 code="not-finite")

    def use(self, *keys: str) -> None:
        """Keys the reader took into the records from a copy of the data."""
        self.used.update(keys)

    def _hyperparameters(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.world and self.world > 1:
            args = {**args, "distributed_state": {"distributed_type": "MULTI_GPU", "num_processes": self.world}}
        hyper = hyperparameters(args)
        if not self.world:
            for key in _TOTALS:
                hyper.pop(key, None)
        return hyper

    def _unread(self, hyper: dict[str, Any]) -> None:
        """The keys the recipe sets (not to false, 0 or empty: the tools' defaults) that reached no record and no
        warning: named as settings the tool knows that records have no field for, or as keys unknown to it."""
        steps, epochs = self.args.get("max_steps"), self.args.get("num_train_epochs")
        said = next((key for key in ("num_train_epochs", "num_epochs") if key in self.data), None)
        if isinstance(steps, (int, float)) and is_number(steps) and steps > 0 and epochs is not None and said:
            self.result.warn(_where(said), f"is not used: max_steps {steps} ends the run (transformers' Trainer "
                             "trains that many steps whatever the epochs), so it is not kept",
                             f"leave {said} out, or set max_steps: -1 to train by epochs", code="not-used")
        named = {_TOP_KEY.sub("", w.path) for w in self.result.warnings}
        text = " ".join(w.message for w in self.result.warnings)
        left, dropped = [], []
        for key, value in self.data.items():
            if isinstance(key, str) and key not in named and self.variable(key, value):
                continue  # a variable read as a mapping or a list (axolotl's runpod `fsdp_config: ${FSDP_CONFIG}`)
            if not isinstance(key, str) or value is None or value is False or value in ("", [], {}) or \
                    is_number(value) and value == 0 or key in named or self.aliases.get(key, key) in self.extra or \
                    re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", text):
                continue
            name = self.aliases.get(key, key)
            if name == "gradient_accumulation_steps" and value == 1 or name == "max_steps" and is_number(value) and \
                    value < 0:
                continue  # no accumulation, training by epochs: as a card without the line says
            if name in self.args and self._hyperparameters({k: v for k, v in self.args.items()
                                                              if k not in (key, name)}) != hyper:
                continue
            if key in self.data.read or key in self.used:
                if name in _shown_args():
                    dropped.append(key)  # read into the arguments, but the card's hyperparameters do not show it
                continue
            left.append(key)
        self._dropped(dropped)
        known, unknown = unread_said(self.tool, left)
        if known:
            self.result.warn(_where(known[0]), "sets what records have no field for, so it is not kept: " +
                             ", ".join(known) + f" (known to {tool_words(self.tool, True)}: how the run is launched, logged, "
                             "saved or evaluated, or details of it a card does not show)",
                             "name it in the card's text (model.summary or a section) if readers need it",
                             code="unkept-settings")
        if unknown:
            one = len(unknown) == 1
            self.result.warn(_where(unknown[0]), f"{', '.join(unknown)} {'is' if one else 'are'} unknown to "
                             f"{tool_words(self.tool, False)} (a fork's or a script's own setting, or a misspelling): what "
                             f"{'it' if one else 'they'} did is not known, so {'it is' if one else 'they are'} not "
                             "kept", "check the spelling against the tool's documentation; name the setting in the "
                             "card's text (model.summary or a section) if the run used it", code="unknown-setting")

    def _dropped(self, keys: list[str]) -> None:
        """Keys read into the training arguments whose values the card's hyperparameters do not show: named, with
        why, in a not-kept warning (read is not used: only what reaches the records or a warning is)."""
        if not keys:
            return
        one = len(keys) == 1
        said = ", ".join(f"{key} {shown_setting(self.data[key])}" for key in keys)
        if all(self.aliases.get(key, key) in _ADAM for key in keys) and not self.args.get("optim"):
            why = ("the card shows an Adam optimizer's betas and epsilon in its optimizer line, and the recipe names no "
                   "optimizer (optim): the run used its trainer's default one")
            fix = "set optim in the recipe, or name the optimizer with these settings in the card's text"
        elif all(self.aliases.get(key, key) in _ADAM for key in keys):
            why = (f"the run's optimizer ({shown_setting(self.args.get('optim'))}) does not take "
                   f"{'it' if one else 'them'} (transformers hands adam_beta1/2 and adam_epsilon to an Adam optimizer, "
                   "and the betas alone to Lion)")
            fix = "leave out the setting the run did not use"
        else:
            why = ("the card's hyperparameters do not show " + ("it" if one else "them") + " beside the recipe's other "
                   "settings (" + ", ".join(f"{k} {shown_setting(v)}" for k, v in self.args.items()
                                            if k in _CLASHES.get(self.aliases.get(keys[0], keys[0]), ())) + ")")
            fix = "leave out the setting the run did not use, or name it in the card's text"
        self.result.warn(_where(keys[0]), f"{said} {'is' if one else 'are'} read, but {why}, so "
                         f"{'it is' if one else 'they are'} not kept", fix, code="not-kept")

    def _dataset_details(self) -> None:
        """The datasets' configs, splits and weights as model.dataset_details, by the Hub id each is of: the splits of
        entries saying the same of one dataset listed together (alignment-handbook's entries of one dataset at
        train_prefs and test_prefs), nothing for a dataset read whole at its train split; those of a dataset that is no
        Hub id of the recipe's named in a not-kept warning."""
        groups: dict[str, dict[tuple[str, ...], list[str]]] = {}
        where_of: dict[str, str] = {}
        for where, name, said, splits in self.details:
            dataset = self.hub_dataset(name) or name
            where_of.setdefault(dataset, where)
            listed = groups.setdefault(dataset, {}).setdefault(said, [])
            listed += [split for split in splits if split not in listed]
        shown: dict[str, str] = {}
        for dataset, by_said in groups.items():
            trained = all(splits in ([], ["train"]) for splits in by_said.values())  # its train split: unsaid
            parts = [", ".join([*said] + ([("splits " if len(splits) > 1 else "split ") + ", ".join(splits)]
                                          if splits and not trained else [])) for said, splits in by_said.items()]
            if any(parts):  # beside other parts, an entry at the defaults is of the dataset's default config
                shown[dataset] = "; ".join(part or "config default" for part in parts)
        if any(dataset in self.datasets for dataset in shown):
            self.model["dataset_details"] = {dataset: shown[dataset] for dataset in self.datasets if dataset in shown}
        unkept = [(where_of[dataset], f"{dataset}: {said}") for dataset, said in shown.items()
                  if dataset not in self.datasets]
        if unkept:
            self.result.warn(unkept[0][0], "the recipe names the configs, splits or weights of datasets that are no "
                             "Hub dataset of its list (" + "; ".join(said for _, said in unkept) + "), which are not "
                             "kept: a card's training data names Hub datasets only", "name them in the card's text "
                             "(model.summary or a section) if readers need them", code="not-kept")

    def tag(self, name: str) -> None:
        tags = self.model.setdefault("tags", [])
        if name not in tags:
            tags.append(name)

    def finish(self, method: Optional[str]) -> Ingested:
        """The records; every wrong type at once as an error when there is any."""
        if self.problems:  # in the order of the file's keys
            order = {key: i for i, key in enumerate(self.data)}
            raise InputError(sorted(self.problems, key=lambda p: order.get(_TOP_KEY.sub("", p.path), -1)))
        self._not_finite(self.data, [])
        if self.model.get("base_model") and self.model.get("base_model") == self.model.get("repo_id"):
            # open-r1 and SmolLM3 recipes go on training one revision of the repo they push another to
            revision = self.data.get("model_revision")
            shown = f" (at its revision {revision})" if isinstance(revision, str) and revision else ""
            self.result.warn("$.model_name_or_path", f"is the repo the run pushes to{shown}: it trained on from a "
                             "revision of the model itself, which base_model cannot name (the Hub reads it as the "
                             "model's own id), so it is left out", "set model.base_model in your records to the model "
                             "that revision was trained from, if readers need it", code="self-base-model")
            del self.model["base_model"]
            self.model.pop("base_model_relation", None)
        if self.datasets:
            self.model["datasets"] = self.datasets
        self._dataset_details()
        if self.unkept:
            self.result.warn(self.unkept[0][0], "sets what records have no field for, so it is not kept: " +
                             "; ".join(said for _, said in self.unkept), "name it in the card's text "
                             "(model.summary or a section) if readers need it", code="not-kept")
        if self.model.get("tags") == []:
            del self.model["tags"]
        hyper = self._hyperparameters(dict(self.args))
        self._unread(hyper)
        for key, value in self.extra.items():
            if not (isinstance(value, float) and not math.isfinite(value)):
                hyper.setdefault(key, value)
        training: dict[str, Any] = {}
        if method:
            training["method"] = method
        if hyper:
            training["hyperparameters"] = hyper
        if self.model:
            self.result.data["model"] = self.model
        if training:
            self.result.data["training"] = training
        return self.result


__all__ = ["Recipe", "shown_setting"]
