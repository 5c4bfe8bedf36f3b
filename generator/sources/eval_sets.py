"""The Hub dataset of each eval set of a run, as the user names it (``modelcard build --eval-set a=org/name``,
``build_card(eval_sets=...)``, the callback's ``eval_datasets=``), put into the records as ``training.eval_sets``:
no file a Trainer saves names it (``datasets`` records only ``json`` or ``parquet`` as the builder of a Hub dataset
without a script), so without it a run's final results reach no model-index (see
:mod:`generator.records.builder.eval_sets`)."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Sequence, Union
from urllib.parse import unquote

from generator.errors import Problem, UsageError
from generator.io.data import json_path
from generator.records.builder.eval_sets import UNNAMED, results_by_set, unscored_set
from generator.records.hubrules import check_repo_id

# a set's dataset as the option names it: DATASET[@REVISION][:CONFIG[:SPLIT]], after SET= when it names its set; by
# set, None (or "", as a user may write it) for the run's one set
EvalSets = Union[Mapping[Optional[str], Union[str, Mapping[str, str]]], Sequence[str]]
# (a set's name may hold spaces and parentheses, as eval_dataset's keys may: "my set=org/name" in one argument). The
# revision follows the id after @ as in the paths the Hub's file system reads (hf://datasets/ORG/NAME@REVISION/...,
# the revision there URL-quoted: refs%2Fconvert%2Fparquet) and huggingface_hub's repo@revision: a commit, tag or
# branch, a branch's slashes as they are or quoted; an @ after the id's is no config's or split's.
_SPEC = re.compile(r"(?:(?P<set>[^\s=](?:[^=]*[^\s=])?)=)?(?P<dataset>[^\s=:@]+)(?:@(?P<revision>[^\s=:@]+))?"
                   r"(?::(?P<config>[^\s=:@]*))?(?::(?P<split>[^\s=:@]+))?")
_FIX = "write SET=ORG/NAME[@REVISION][:CONFIG[:SPLIT]], e.g. --eval-set a=org/data:default:validation or " \
       "a=org/data@v1.0:default:validation (ORG/NAME alone for a run's one eval set)"


def _entry(text: str, where: str) -> tuple[Optional[str], dict[str, str]]:
    """(set or None for the run's one set, records entry) of ``SET=DATASET[@REVISION][:CONFIG[:SPLIT]]``."""
    found = _SPEC.fullmatch(text.strip())
    if found is None:
        raise UsageError([Problem(where, "--eval-set", f"{text!r} is not an eval set and its dataset", _FIX,
                                  code="bad-eval-set")])
    entry = {"dataset": found["dataset"]}
    entry.update((key, found[key]) for key in ("config", "split") if found[key])
    if found["revision"]:
        entry["revision"] = unquote(found["revision"])
    return found["set"], entry


def given_sets(eval_sets: EvalSets, where: str = "build") -> dict[Optional[str], dict[str, str]]:
    """``eval_sets`` as records entries by set (None: the run's one set). A mapping's values are an option's
    ``DATASET[@REVISION][:CONFIG[:SPLIT]]`` or a records entry (``{"dataset": .., "split": ..}``); a sequence holds options."""
    if isinstance(eval_sets, str):
        eval_sets = [eval_sets]
    out: dict[Optional[str], dict[str, str]] = {}
    if isinstance(eval_sets, Mapping):
        for name, value in eval_sets.items():
            if isinstance(value, Mapping):
                out[name or None] = dict(value)
            else:
                named, entry = _entry(str(value), where)
                if named is not None:
                    raise UsageError([Problem(where, f"eval_sets[{name!r}]", f"{value!r} names a set of its own",
                                              "give the dataset alone: ORG/NAME[@REVISION][:CONFIG[:SPLIT]]",
                                              code="bad-eval-set")])
                out[name or None] = entry
        return out
    for text in eval_sets:
        named, entry = _entry(text, where)
        if named in out:
            raise UsageError([Problem(where, "--eval-set", f"eval set {named or '(the one)'} is named twice",
                                      "give each eval set once", code="duplicate-name")])
        out[named] = entry
    return out


def add_eval_sets(data: dict[str, Any], eval_sets: EvalSets, where: str = "build") -> None:
    """Put ``eval_sets`` into ``data``'s ``training.eval_sets`` (over the records' own for the same set). A set given
    without a name is the run's one set: its one set of final results (named or not), else, before any evaluation,
    the unnamed set; a run of several sets must have the set named."""
    given = given_sets(eval_sets, where)
    if not given:
        return
    training = data.setdefault("training", {})
    sets = list(results_by_set(tuple((training.get("eval_results") or {}).items())))
    if None in given:
        if len(sets) > 1:
            raise UsageError([Problem(where, "--eval-set", f"{given[None]['dataset']} names no eval set, and the run "
                                      f"has {len(sets)} ({', '.join(sets)})", "name the set: --eval-set "
                                      f"{sets[0]}={given[None]['dataset']} (in Python, eval_sets={{'{sets[0]}': ...}})",
                                      code="ambiguous-eval-set")])
        given[sets[0] if sets else UNNAMED] = given.pop(None)
    found: list[Problem] = []
    for name, entry in given.items():
        check_repo_id(f"$.training.eval_sets.{name}.dataset", str(entry.get("dataset", "")), "dataset", found)
    if found:
        raise UsageError([Problem(where, p.path, p.message, p.fix, code=p.code) for p in found])
    training["eval_sets"] = {**(training.get("eval_sets") or {}), **given}


def unscored_sets(data: Mapping[str, Any]) -> list[Problem]:
    """The records' no-index-metric warnings (:func:`~generator.records.builder.eval_sets.unscored_set`) of record
    data not yet built (what ingest gives): one for each set ``training.eval_sets`` maps whose final results hold no
    score."""
    training = data.get("training") or {}
    sets = results_by_set(tuple((training.get("eval_results") or {}).items()))
    found = (unscored_set(name, sets[name], "ingest", json_path(["training", "eval_sets", name]))
             for name in (training.get("eval_sets") or {}) if name in sets)
    return [warning for warning in found if warning is not None]
