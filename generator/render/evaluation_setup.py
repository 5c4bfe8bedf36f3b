"""The lines under the card's results table that say how its results were scored (the evaluations' notes).

"Setup: <notes>" says once the notes every evaluation the Evaluation tables show shares (an lm-eval run's harness
version, backend and dtype); "Setup of <benchmarks>: <rest>" each different rest, with the benchmarks it is of (a
folder of runs, one of them with --apply_chat_template), a group's name standing for its tasks, its aggregate and the
groups nested in it where all of them share that rest (the 7 subtasks of the leaderboard's MATH Lvl 5, sampled with
--gen_kwargs; `tiny_suite` for its aggregate and tasks run with --apply_chat_template). The card import reads them
back (sources.card_data).
"""

from __future__ import annotations

from typing import Optional

from generator.records.model import NOTES_PARTS, Evaluation, Records, group_members


def evaluation_setup(records: Records) -> tuple[Optional[str], tuple[tuple[str, str], ...]]:
    """The shared Setup line's notes (None where there is none) and each (``a; b``, rest) of the Setup of lines.
    Notes are ``; ``-separated parts (as the readers join them): what they share is the parts they all begin with, so
    that the shared line and a rest joined again are the notes as written. Notes of several lines are not said (the
    records keep them)."""
    shown = [*records.ungrouped_evaluations, *(e for group in records.groups for e in group.tasks)]
    notes = {e.notes for e in shown}
    if len(notes) == 1:
        setup = notes.pop()
        return (setup if setup and "\n" not in setup else None), ()
    said = [e for e in shown if e.notes and "\n" not in e.notes]
    parts = [e.notes.split(NOTES_PARTS) for e in said if e.notes]
    shared: list[str] = []
    if len(said) == len(shown):
        for at, part in enumerate(parts[0] if parts else []):
            if any(len(other) <= at or other[at] != part for other in parts):
                break
            shared.append(part)
    rests: dict[str, list[str]] = {}
    rest_of: dict[int, str] = {}  # evaluation index -> its rest
    for evaluation, its in zip(said, parts):
        rest = NOTES_PARTS.join(its[len(shared):])
        if not rest:
            continue
        rest_of[evaluation.index] = rest
        names = rests.setdefault(rest, [])
        if evaluation.benchmark not in names:
            names.append(evaluation.benchmark)
    _groups_named(records, shown, rest_of, rests)
    return NOTES_PARTS.join(shared) or None, tuple((NOTES_PARTS.join(names), rest) for rest, names in rests.items())


def _groups_named(records: Records, shown: list[Evaluation], rest_of: dict[int, str],
                  rests: dict[str, list[str]]) -> None:
    """In ``rests``' lists, a group's name in the place of the results it stands for (records.model.group_members:
    its tasks, its own aggregate, a group nested in it) where all of them have that one rest: unless the name is a
    benchmark's the tables show or holds the lists' separator, or a task's label is also that of a result outside the
    group (the import gives them, by the name, the rest). A group holding others first, which then need no name."""
    labels = {e.benchmark for e in shown}
    pairs = [(e.benchmark, e.group) for e in shown]
    covered = {group.name: [shown[n] for n in group_members(group.name, pairs)] for group in records.groups}
    for group in sorted(records.groups, key=lambda g: -len(covered[g.name])):
        found = {rest_of.get(e.index) for e in covered[group.name]}
        inside = {e.index for e in covered[group.name]}
        names = list(dict.fromkeys(e.benchmark for e in covered[group.name]))
        named_apart = group.name in labels or NOTES_PARTS in group.name
        if len(found) != 1 or None in found or len(names) < 2 or named_apart or any(
                e.benchmark in names and e.index not in inside for e in shown):
            continue
        listed = rests[found.pop() or ""]
        if not all(name in listed for name in names):
            continue  # a group holding this one is named already
        at = min(listed.index(name) for name in names)
        listed[at:] = [group.name, *(name for name in listed[at:] if name not in names)]
