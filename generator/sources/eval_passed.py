"""Results passed one by one (``--eval a.json --eval b.json``, ``--eval run1/ --eval run2/``): those of the model the
card is for (:func:`one_model_passed`), files that score one evaluation again read as runs, as their folder is
(:func:`runs_passed`), and a run that scored nothing passed over beside runs that scored (:func:`scored_nothing`,
eval_folder.passed_over).
One folder's runs: eval_folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Sequence, Union

from generator.errors import InputError, Problem, counted, some_of
from generator.sources.common import Ingested, read_json_object
from generator.sources.eval_folder import chosen_models, file_runs, folder_named, read_runs, results_files
from generator.sources.lighteval import looks_like_lighteval
from generator.sources.lm_eval import looks_like_lm_eval
from generator.sources.oumi_results import oumi_backend

RESULT_FORMATS = ("lm-eval", "lighteval", "oumi")


def scored_nothing(path: Path, refused: InputError) -> bool:
    """Whether ``refused``, the refusal of a file passed (``--eval run.json``), is of an lm-eval, lighteval or oumi
    results file whose run scored nothing (``no-results``): beside files of runs that scored, it is passed over with a
    warning, as in their folder (:func:`passed_over`); alone, or beside no other run, it stays refused."""
    if not path.is_file() or not refused.problems or any(p.code != "no-results" for p in refused.problems):
        return False
    try:
        data = read_json_object(path)
    except InputError:
        return False
    return looks_like_lighteval(data) or looks_like_lm_eval(data) or oumi_backend(path, data) is not None


def one_model_passed(passed: list[Ingested], repo_id: Optional[str]) -> tuple[list[Ingested], list[Problem]]:
    """Of the results passed one by one (files, folders), those of one model, and the warning saying which were left
    out: results naming two Hub models are refused as a folder holding them is (a card describes one model), unless
    ``repo_id`` names one of them: then the others are left out. Results naming no Hub model (a local path) stay
    beside those naming one (a local copy of it, as the user passed them together); of two local models and no Hub
    one (two checkpoints' runs), the card names neither, and they are refused (or chosen) as their folder is."""
    named: dict[str, list[Ingested]] = {}
    local: dict[str, list[Ingested]] = {}  # results naming the model scored by a local path alone
    spelt: dict[str, str] = {}  # each local folder named (:func:`folder_named`): its first spelling
    for got in passed:
        model = got.data.get("model", {}).get("repo_id") if got.format in RESULT_FORMATS else None
        if isinstance(model, str):
            named.setdefault(model, []).append(got)
        elif got.format in RESULT_FORMATS:
            for path in _scored_locally(got):
                runs = local.setdefault(spelt.setdefault(folder_named(path), path), [])
                runs += [got] if all(got is not r for r in runs) else []
    if not named:  # two local models (checkpoint-500, checkpoint-1000): the card names neither, as their folder
        named = local
    if len(named) < 2:
        return passed, []
    chosen = chosen_models(list(named), repo_id)
    shown = "; ".join(f"{m} ({some_of([g.source for g in named[m]], 2)})" for m in list(named)[:4]) + (
        f"; and {len(named) - 4} more" if len(named) > 4 else "")
    if not chosen:
        given = f"; the model given, {repo_id}, is none of them" if repo_id else ""
        raise InputError([Problem("ingest", "", f"the results passed are of {len(named)} models: {shown}{given}",
                                  "pass the results of one model, or --repo-id naming one of them: a card describes "
                                  "one model", code="several-models")])
    others = [g for m, runs in named.items() if m not in chosen for g in runs
              if not any(g is c for n in chosen for c in named[n])]
    if not others:  # each a copy of the model given
        return passed, []
    told = Problem("ingest", "", f"the results passed are of {len(named)} models: only those of "
                   f"{some_of(chosen)}, the model given ({repo_id}), are read; {counted(len(others), 'source')} of "
                   f"other models left out ({some_of([g.source for g in others])})",
                   "pass the results of the model you mean if it is another", severity="warning", code="several-models")
    return [g for g in passed if all(g is not o for o in others)], [told]


def _scored_locally(got: Ingested) -> list[str]:
    """The local paths the runs of a results file or folder read (``got``, naming no Hub model) name the model scored
    by, as their folder's reader tells models apart (:func:`read_runs`)."""
    source = Path(got.source)
    files = results_files(source) if source.is_dir() else [source] if source.suffix.lower() == ".json" and \
        source.is_file() else []  # not lm-eval's printed table (no results file)
    used = set(got.files.values())
    return sorted({model for _, name, model, _, _ in file_runs(files) if model and (not used or name in used)})


def runs_passed(paths: Sequence[Union[str, "os.PathLike[str]"]], read: list[Optional[Ingested]],
                kept: list[Ingested]) -> tuple[list[Optional[Ingested]], list[Ingested]]:
    """Results files and output folders passed one by one (``--eval a.json --eval b.json``, ``--eval run1/ --eval
    run2/``; ``read``: each path's reading, ``kept``: those of the model the card is for) that score one evaluation
    again are read together as runs, as one folder holding all their files is (a rerun's numbers replace the earlier
    run's, a run with the chat template and one without are both kept), where their numbers disagreed, an error:
    each set of them linked by evaluations they share, unless their files name two models scored (two local models:
    the card names neither, as their folder is refused). The one reading takes the first one's place; ``read`` and
    ``kept`` as they are then."""
    linked: list[tuple[set[str], list[int]]] = []  # the evaluation ids of each set of paths, and the paths
    for n, one in enumerate(read):
        if one is None or one.format not in RESULT_FORMATS or all(one is not k for k in kept) or \
                not (Path(paths[n]).is_dir() or Path(paths[n]).suffix.lower() == ".json" and Path(paths[n]).is_file()):
            continue
        ids = {e["id"] for e in one.data.get("evaluations", [])}
        joined = [group for group in linked if group[0] & ids]
        linked = [group for group in linked if not group[0] & ids]
        linked.append((ids.union(*(i for i, _ in joined)), sorted([n, *(m for _, at in joined for m in at)])))
    read = list(read)
    for _, at in linked:
        files = [f for n in at for f in (results_files(Path(paths[n])) if Path(paths[n]).is_dir() else [Path(paths[n])])]
        runs = file_runs(list(dict.fromkeys(files))) if len(at) > 1 else []
        if len({model for _, _, model, _, _ in runs if model}) > 1 or not runs:
            continue
        got = read_runs(runs)
        gone = [read[n] for n in at]
        kept = [k for k in kept if all(k is not g for g in gone)] + [got]
        read = [got if n == at[0] else None if n in at else r for n, r in enumerate(read)]
    return read, kept
