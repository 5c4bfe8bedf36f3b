"""Merge record data from several sources into one record set.

Sources are merged in order; hand-written records come last and win. When two
sources give different values for the same field, the disagreement is reported:
a hand-written value replacing a tool's is a warning (the person decided); two
tools disagreeing on a number is an error (nobody decided which is right).
A recipe (what was asked for) comes after the tools' outputs (what ran) and before
hand-written records: where it disagrees with a tool, the tool's value is kept and
the disagreement is a warning naming both.
Lists of plain values (tags, datasets) are united; evaluations are matched by id
(or benchmark and few-shot), their metrics by type and name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.io.data import json_path
from generator.records.numbers import HALF_UP_OR_FLOAT, decimals_of, shows
from generator.sources.eval_results import labelled_with_notes
from generator.sources.hyperparameters import card_optimizer, same_setting

MAPPING_SECTIONS = ("model", "training", "original")
KEYED_LISTS = {"groups": "name", "leaderboards": "source"}
VERSIONS = ["training", "framework_versions"]
# What a card shows rounded (at most 4 decimals, as transformers' card does) of the values a run's files hold exactly:
# settings (a learning rate of 2e-05 is not one of 2.4e-05) are not among them.
SHOWN_ROUNDED = (["training", "results"], ["training", "eval_results"], ["training", "statistics"])


def library(name: Any) -> str:
    """A framework version's library as two sources spelling it differently name it: the Trainer's card writes
    `- Pytorch 2.5.1`, which the Trainer reader records as PyTorch and the card importer as written; records the
    card importer wrote before it read TRL's `- TRL: 0.12.1` as TRL (and training.versions_colon) hold `TRL:`."""
    return str(name).strip().rstrip(":").strip().lower()


@dataclass(frozen=True)
class Part:
    source: str
    data: dict[str, Any]
    hand_written: bool = False
    recipe: bool = False  # a training recipe: below the tools' output (what ran), above nothing; hand-written wins
    files: dict[str, str] = dataclasses.field(default_factory=dict)  # of a folder: evaluation id -> its results file


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _says_the_same(old: Any, new: Any, name: Any = None) -> bool:
    """Whether a recipe's value says what an imported card's text of it says: 5 and the card's '5.0', or an optimizer
    in the card's wording (transformers to 4.43 at least: "Adam with betas=..." for any Adam variant; by 4.48 "Use X ...";
    an optimizer other than Adam without the betas TrainingArguments hands Lion, which a recipe's line shows: the
    card's "lion_8bit" for the recipe's "lion_8bit with betas=(0.9,0.999)"). ``name``: the value's key."""
    if isinstance(old, str) and _is_number(new):
        try:
            return float(old) == new
        except ValueError:
            return False
    if not (isinstance(old, str) and isinstance(new, str)):
        return False
    if name == "lora_target_modules" and new == "all-linear":
        return True  # PEFT's shorthand, which adapter_config.json saves as the linear layers it chose (RoleInstructor)
    if name == "optimizer" and " with " not in old and same_setting("optimizer", card_optimizer(old), new):
        return True  # a card's optimizer without betas: the recipe's, its betas aside
    if old.startswith("Adam with ") and "adam" in new.lower():  # transformers to 4.43 at least wrote Adam for every optim
        return old.partition(" with ")[2] == new.partition(" with ")[2]
    return old.startswith("Use ") and card_optimizer(old) == new


def _shown_alike(old: Any, new: Any) -> bool:
    """Whether two tools' values are one result, one of them as a card shows the other, rounded half up or by
    Python's round (``shows``): a run's trainer_state.json log (0.30747494101524353) and its card's "Training results"
    table (0.3075) read together, a cell's ``text`` aside (how the card wrote it: `1.0`, `0.0500`)."""
    if _is_number(old) and _is_number(new):
        return old == new or shows(new, old, ties=HALF_UP_OR_FLOAT) or shows(old, new, ties=HALF_UP_OR_FLOAT)
    if isinstance(old, dict) and isinstance(new, dict):
        shared = set(old) & set(new)
        return not (set(old) ^ set(new)) - {"text"} and all(_shown_alike(old[k], new[k]) for k in shared - {"text"})
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_shown_alike(a, b) for a, b in zip(old, new))
    return bool(old == new)


def _shown_score(path: list) -> bool:
    """Whether ``path`` is a score a card's results table shows rounded, which its import reads as shown: a stderr
    (model-index has no place for it), or the value of a result model-index does not hold."""
    return len(path) == 5 and path[0] == "evaluations" and path[2] == "metrics" and path[4] in ("stderr", "value")


def _decimals(value: Any) -> int:
    """The decimals all the numbers of ``value`` are written with: which of two values alike is the exact one."""
    if _is_number(value):
        return decimals_of(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return sum(_decimals(item) for item in items)


class _Merger:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.origin: dict[str, tuple[str, bool]] = {}  # json path -> (source, hand_written)

    def conflict(self, path: list, old: Any, new: Any, part: Part) -> None:
        where = json_path(path)
        first, first_hand = "another source", False
        for n in range(len(path), -1, -1):  # the value may have arrived inside a parent mapping
            if json_path(path[:n]) in self.origin:
                first, first_hand = self.origin[json_path(path[:n])]
                break
        if part.hand_written:
            self.problems.append(Problem(part.source, where, f"{_show(new)} replaces {_show(old)} from {first}",
                                         "nothing to do if the hand-written value is right", severity="warning",
                                         code="overridden-value"))
        elif part.recipe:
            self.problems.append(Problem(part.source, where, f"the recipe's {_show(new)} disagrees with {_show(old)} "
                                         f"from {first}, which is what ran; keeping {_show(old)}",
                                         "check the recipe is the one this run used, or set the value in your records",
                                         severity="warning", code="conflicting-values"))
        elif _is_number(old) and _is_number(new) and not first_hand:
            # two sources scoring one evaluation: results of two models, a card's and a run's (one model's results
            # passed together are read as runs: eval_passed.runs_passed)
            fix = ("pass only the results you mean (a card describes one model; the results of one model's runs "
                   "passed together are read as runs, a rerun's numbers replacing the earlier run's), or set the "
                   "value in your records"
                   if path[:1] == ["evaluations"] else "check which run is meant, or set the value in your records")
            self.problems.append(Problem(part.source, where, f"{_show(new)} disagrees with {_show(old)} from {first}",
                                         fix, code="conflicting-values"))
        else:
            self.problems.append(Problem(part.source, where, f"{_show(new)} disagrees with {_show(old)} from {first}; "
                                         f"keeping {_show(old)}", "set the value in your records",
                                         severity="warning", code="conflicting-values"))

    def value(self, path: list, old: Any, new: Any, part: Part) -> Any:
        """Merge ``new`` over ``old`` at ``path``."""
        where = json_path(path)
        if old is None:
            self.origin[where] = (part.source, part.hand_written)
            return new
        if isinstance(old, dict) and isinstance(new, dict):
            out = dict(old)
            for key, value in new.items():
                if path == VERSIONS:  # one library once, under the name the first source spelt it with
                    key = next((k for k in old if library(k) == library(key)), key)
                out[key] = self.value(path + [key], old.get(key), value, part)
            return out
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, (str, int, float)) for v in old + new):
            return old + [v for v in new if v not in old]
        if old == new and type(old) is type(new):
            return old
        if [old] == new or old == [new]:  # a one-item list of the value (Anitha1406/English_To_Colloquial_Telugu_
            return old  # Translation_model's card: base_model [facebook/nllb-200-distilled-600M], its config's name)
        if _is_number(old) and _is_number(new) and old == new:
            return old
        if _is_number(old) != _is_number(new) and (_says_the_same(old, new) or _says_the_same(new, old)):
            return old  # the card importer's '2.0', as the card wrote it, and the Trainer reader's 2.0 of one README
        name = path[-1] if path else None
        if part.recipe and _says_the_same(old, new, name):
            return old
        if not part.hand_written and (_says_the_same(new, old, name) or _says_the_same(old, new, name)):
            return old  # a card's wording of what a tool read (the card importer's transformers 5 optimizer line, the
            # Trainer reader's adamw_torch of the same README: `ingest OUT OUT/README.md`)
        if (path[:2] in SHOWN_ROUNDED or _shown_score(path)) and not part.hand_written and not part.recipe and \
                _shown_alike(old, new):
            return old if _decimals(old) >= _decimals(new) else new  # the exact value, the other its rounding
        self.conflict(path, old, new, part)
        if part.hand_written:
            self.origin[where] = (part.source, True)
            return new
        return old

    def evaluations(self, old: list, new: list, part: Part) -> list:
        def key(e: dict) -> tuple:
            return ("id", e["id"]) if "id" in e else ("benchmark", e.get("benchmark"), e.get("few_shot"))

        def shown(e: dict, dataset: bool = True) -> tuple:
            """An evaluation as a card shows it, which a card's import gives without its id: its label, shots and
            dataset (none for a result model-index does not hold, whose import has only its rows)."""
            found = e.get("dataset")
            data: dict = found if isinstance(found, dict) else {}
            args: dict = data["args"] if isinstance(data.get("args"), dict) else {}
            where = tuple(data.get(k) for k in ("id", "config", "split")) if dataset else ()
            return e.get("benchmark"), e.get("few_shot", args.get("num_few_shot")), *where

        out = [dict(e) for e in old]
        index = {key(e): i for i, e in enumerate(out)}  # only earlier sources: one source's own results stay apart
        shown_at = {shown(e, "dataset" in e): i for i, e in enumerate(out) if "id" not in e}
        for e in new:
            k = key(e)
            older = labelled_with_notes(e)  # an `.eval_results` score as older cards label it, with its notes
            alikes = [shown(e), shown(e, False)] + ([shown({**e, "benchmark": older}, False)] if older else [])
            relabel = False
            for n, alike in enumerate(alikes if k not in index and "id" in e else []):
                if alike in shown_at:  # the tool's result an imported card shows
                    index[k] = shown_at.pop(alike)
                    relabel = n == 2  # the card's older label gives way to the reader's
                    break
            if k not in index:
                self.origin[json_path(["evaluations", len(out)])] = (part.source, part.hand_written)
                out.append(e)
                continue
            i = index[k]
            at = ["evaluations", i]
            merged = dict(out[i])
            if relabel:
                merged["benchmark"] = e["benchmark"]
            for field, value in e.items():
                if field == "metrics":
                    merged["metrics"] = self.metrics(at + ["metrics"], merged.get("metrics", []), value, part)
                else:
                    merged[field] = self.value(at + [field], merged.get(field), value, part)
            out[i] = merged
        return out

    def metrics(self, path: list, old: list, new: list, part: Part) -> list:
        out = [dict(m) for m in old]
        earlier = len(out)
        for m in new:
            # the same metric: same type, and the same name where both sources name it; or the type of a result's
            # row an imported card shows, its label (exact_match (get-answer), a filter's metric's name)
            i = next((i for i in range(earlier) if out[i].get("type") == m.get("type")
                      and (out[i].get("name") == m.get("name") or None in (out[i].get("name"), m.get("name")))), None)
            if i is None and m.get("name"):
                i = next((i for i in range(earlier) if "name" not in out[i] and out[i].get("type") == m["name"]), None)
                if i is not None:
                    out[i]["type"] = m["type"]  # the tool's type, the label its name
            if i is None:
                self.origin[json_path(path + [len(out)])] = (part.source, part.hand_written)
                out.append(m)
                continue
            merged = dict(out[i])
            if "values" in m or "values" in merged:
                out[i] = self.whole_value(path + [i], merged, m, part)
                continue
            for field, value in m.items():
                merged[field] = self.value(path + [i, field], merged.get(field), value, part)
            if "text" not in m and merged.get("value") is not out[i].get("value"):
                merged.pop("text", None)  # the text an earlier source wrote its value as (`251.30 +/- 20.60`) goes with it
            out[i] = merged
        return out

    def whole_value(self, path: list, old: dict, new: dict, part: Part) -> dict:
        """A metric one source gives a list or mapping as its value (``values``, MTEB's v_measures): its value is
        whole, the earlier source's kept or (hand-written) replaced, never united with another list, nor a score
        (value, text) left beside it."""
        merged = {k: v for k, v in old.items() if k not in _ONE_VALUE}
        for field, value in new.items():
            if field not in _ONE_VALUE:
                merged[field] = self.value(path + [field], merged.get(field), value, part)
        mine = {k: old[k] for k in _ONE_VALUE if k in old}
        theirs = {k: new[k] for k in _ONE_VALUE if k in new}
        if mine and theirs and mine != theirs:
            self.conflict(path + ["value"], _value(mine), _value(theirs), part)
        return {**merged, **(theirs if theirs and (part.hand_written or not mine) else mine)}

    def keyed(self, name: str, old: list, new: list, part: Part) -> list:
        field = KEYED_LISTS[name]
        out = [dict(x) for x in old]
        index = {x.get(field): i for i, x in enumerate(out)}
        for x in new:
            k = x.get(field)
            if k in index:
                out[index[k]] = self.value([name, index[k]], out[index[k]], x, part)
            else:
                index[k] = len(out)
                out.append(x)
        return out


def merge_parts(parts: list[Part]) -> tuple[dict[str, Any], list[Problem]]:
    """One record set from several sources (machine sources first, hand-written last)."""
    merger = _Merger()
    merged: dict[str, Any] = {}
    ordered = [p for p in parts if not p.hand_written and not p.recipe] + [p for p in parts if p.recipe] + \
        [p for p in parts if p.hand_written]
    for part in ordered:
        for key, value in part.data.items():
            if key == "evaluations" and isinstance(value, list):
                merged[key] = merger.evaluations(merged.get(key, []), value, part)
            elif key in KEYED_LISTS and isinstance(value, list):
                merged[key] = merger.keyed(key, merged.get(key, []), value, part)
            elif isinstance(value, list):
                merged[key] = merged.get(key, []) + value
            else:
                merged[key] = merger.value([key], merged.get(key), value, part)
    return merged, merger.problems


# A metric's value and what goes with it: its number, the text it is written as, its error and decimals, or instead
# a list or mapping (values)
_ONE_VALUE = ("value", "text", "stderr", "decimals", "values")


def _value(fields: dict) -> Any:
    """A metric's value as its card writes it, from the fields of _ONE_VALUE it has."""
    return fields.get("values", fields.get("text", fields.get("value")))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
