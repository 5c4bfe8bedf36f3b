"""Which Hub dataset, config and split each task and group of an lm-evaluation-harness results file scored, and why
one that scored none (or only part of its split) stays out of model-index."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Optional

from generator.errors import counted, some_of
from generator.sources.common import (
    FILE_LOADERS,
    eval_task_subsets,
    eval_task_table,
    examples_at_most,
    examples_scored,
    hub_dataset_id,
    hub_dataset_url,
    no_hub_dataset,
    unsure_dataset,
)

NO_HUB, PART, LIMIT, POOLED = "no-hub-dataset", "part-of-split", "limit", "pooled"  # kinds of Reason


@dataclass(frozen=True)
class Reason:
    """Why a task or group stays out of model-index (none when ``text`` is empty). ``kind``: NO_HUB (its data are no
    Hub dataset, or not one its group's tasks share), PART (it scores a subset of its split), LIMIT (--limit cut it;
    a task also NO_HUB or PART keeps that kind, with ``cut``), POOLED (a group's aggregate of unlike metrics).
    ``shared``: the reason as tasks share it, without their own particulars (their own dataset_path, what --limit
    left of each)."""
    text: str = ""
    kind: str = ""
    shared: str = ""
    cut: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)

    def and_cut(self, cut: Reason) -> Reason:
        """This reason, and --limit's ``cut`` too."""
        return replace(self, text=f"{self.text}, and {cut.text}", shared=f"{self.shared}, and {cut.shared}", cut=True)


def _no_hub(text: str, shared: str = "") -> Reason:
    return Reason(text, NO_HUB, shared or text)


# keys of a results entry that are no metric
SKIP_KEYS = {"alias", "name", "sample_len", "sample_count", "samples", " "}
# A task config's process_docs (its source, as 0.4 writes it into `configs`) that drops examples of its split
FILTERING = re.compile(r"\.filter\(|\bfilter_\w*\(")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def leaves(group: str, children: dict[str, list[str]], groups: bool = False) -> list[str]:
    """The tasks under a group, through its subgroups (and those subgroups, with ``groups``)."""
    out: list[str] = []
    todo, seen = list(children.get(group, [])), {group}
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name in children:
            todo[:0] = children[name]
        if groups or name not in children:
            out.append(name)
    return out


def own_name(task: str) -> str:
    """A task's own name, by which the bundled tables know it: lm-eval 0.5 keys a group's task (in results, configs,
    n-shot, ...) by its qualified name ``<group>::<task>`` (lm_eval/tasks/_factory.py, 0.5.0.dev1), where 0.4 wrote
    ``<task>``."""
    return task.rsplit("::", 1)[-1]


def _table_dataset(task: str, sections: tuple[str, ...]) -> Optional[dict[str, Any]]:
    for section in sections:
        entry = eval_task_table(section).get(own_name(task))
        if entry:
            dataset_id, config, split = entry
            found: dict[str, Any] = {"id": dataset_id}
            if config and config != "default":
                found["config"] = config
            if split:
                found["split"] = split
            return found
    return None


def _task_dataset(task: str, config: dict[str, Any], sections: tuple[str, ...]) -> tuple[dict[str, Any], Reason]:
    """A task's dataset, and why it has no Hub id (none when it has one)."""
    if "dataset_path" not in config:
        if isinstance(config.get("custom_dataset"), str):  # 0.4.5+: a function of the task's YAML builds its data
            return {}, _no_hub("its data come from its own custom_dataset function, not from a Hub dataset the file "
                               "names")
        found = _table_dataset(task, sections)
        if found:
            return found, Reason()
        if "bigscience" in sections:  # the fork's known tasks got their dataset_path in prompt_config
            return {}, _no_hub("the file names no dataset for it, and the task is not one of BigScience's fork's "
                               "tasks the bundled table knows")
        if config:
            return {}, _no_hub("its config names no dataset_path, and the task is not in the bundled table of common "
                               "tasks")
        if task.startswith("bigbench_") and "lm_eval_0_3" in sections:
            return {}, _no_hub("its data are the local JSON files the harness fork's bigbench tasks read, not a Hub "
                               "dataset")
        source = no_hub_dataset(task) if "lm_eval_0_3" in sections else None
        if source:
            return {}, _no_hub(f"its data are {source}, not a Hub dataset")
        unsure = unsure_dataset(task) if "lm_eval_jp" in sections else None
        if unsure:
            return {}, _no_hub(unsure)
        return {}, _no_hub("the file does not name its dataset, and the task is not in the bundled table of common "
                           "tasks")
    path = config.get("dataset_path")
    dataset: dict[str, Any] = {}
    if hub_dataset_id(path):
        dataset["id"] = path
    name = config.get("dataset_name")
    if isinstance(name, str) and name and name != "default":
        dataset["config"] = name
    split = config.get("test_split") or config.get("validation_split")
    if isinstance(split, str) and split:
        dataset["split"] = split
    kwargs = config.get("dataset_kwargs")
    if isinstance(kwargs, dict) and isinstance(kwargs.get("revision"), str):
        dataset["revision"] = kwargs["revision"]
    if "id" in dataset:
        return dataset, Reason()
    if isinstance(path, str) and path in FILE_LOADERS:
        hub = _hub_files(kwargs.get("data_files") if isinstance(kwargs, dict) else None)
        if hub is None:
            return dataset, _no_hub(f"its data are local files read with the {path!r} loader, not a Hub dataset")
        found = _table_dataset(task, sections)
        if found and found.get("id") == hub[0]:  # the files of the dataset the task loads by id in other releases
            return found, Reason()
        return dataset, _no_hub(f"its data are files of the Hub dataset {hub[0]} ({hub[1]}) read with the {path!r} "
                                "loader, not one of its configs")
    return dataset, _no_hub(f"its dataset_path {path!r} {_NOT_HUB}", f"its dataset_path {_NOT_HUB}")


def _hub_files(data_files: Any) -> Optional[tuple[str, str]]:
    """(dataset id, first file) when every file of a task's data_files is a Hub dataset's, one dataset's, given as
    ``hf://datasets/ORG/NAME/...`` (lm-eval 0.4.13's arithmetic, prost and wnli tasks), else None."""
    files = data_files.values() if isinstance(data_files, dict) else [data_files]
    paths = [p for f in files for p in (f if isinstance(f, list) else [f])]
    found = {hub[0] if hub and hub[2] else None for hub in map(hub_dataset_url, paths)}
    if len(found) != 1 or None in found:
        return None
    return str(found.pop()), str(paths[0])


_NOT_HUB = "is not a Hub dataset id"  # a task's dataset_path that names no Hub dataset: a reason whatever the path


def _part(task: str, config: dict[str, Any], dataset: dict[str, Any]) -> str:
    """Why a task's numbers are not its split's when it scores part of it ("" when it scores the whole split): one
    whose process_docs filters, as the file shows its source; without that source, a task of the bundled table's
    subsets (a crows_pairs bias type, an MMLU-Pro subject, the leaderboard's Level 5 MATH). The source wins: the
    leaderboard's MATH tasks once read lighteval/MATH-Hard, Level 5 only, whole."""
    whole, part = eval_task_subsets().get(own_name(task)) or ("", "")
    docs = config.get("process_docs")
    if isinstance(docs, str) and docs.lstrip().startswith("def "):
        part = (part or "the examples its process_docs keeps (a filter)") if FILTERING.search(docs) else ""
    if not part:
        return ""
    if "id" in dataset:
        shown = ", ".join(str(dataset[k]) for k in ("config", "split") if dataset.get(k))
        return f"it scores only {part} of {dataset['id']}" + (f" ({shown})" if shown else "") + ", not the whole split"
    return f"it scores only {part} of {whole or task}'s data, not a whole split"


def cut_counts(task: str, data: dict[str, Any]) -> Optional[tuple[int, int]]:
    """(scored, in its split) of a task --limit cut, as n-samples (0.4.1+) says; None when it scored it whole."""
    samples = data.get("n-samples")
    counts = samples.get(task) if isinstance(samples, dict) else None
    if isinstance(counts, dict) and is_int(counts.get("effective")) and is_int(counts.get("original")) \
            and counts["effective"] < counts["original"]:
        return counts["effective"], counts["original"]
    return None


def limit_alone(data: dict[str, Any]) -> Optional[float]:
    """The --limit of a run whose file gives it alone (0.4.0's files, a printed table's settings line), without the
    n-samples (0.4.1+) that say which tasks it cut; None for a run without one."""
    run = data.get("config")
    limit = run.get("limit") if isinstance(run, dict) and not isinstance(data.get("n-samples"), dict) else None
    return limit if isinstance(limit, (int, float)) and not isinstance(limit, bool) and not limit <= 0 else None


def _truncated(task: str, data: dict[str, Any]) -> Reason:
    """Why a task's numbers are not its split's when --limit cut it (none when it did not). A file without n-samples
    (0.4.0's, a printed table's settings line) gives the limit alone: a task it may have cut is not claimed for the
    whole split either (EleutherAI's logs of --limit 1000 runs scored 1,000 of arc_challenge's 1,172)."""
    cut = cut_counts(task, data)
    if cut is not None:
        return Reason(f"it scored {examples_scored(*cut)} of its split (--limit), so its numbers are not the split's",
                      LIMIT, "it scored only part of its split (--limit)")
    limit = limit_alone(data)
    if limit is not None:
        return Reason(f"it scored {examples_at_most(limit)} of its split (--limit; the file does not say which "
                      "tasks that cut), so its numbers may not be the split's", LIMIT,
                      "it may have scored only part of its split (--limit)")
    return Reason()


PART_GROUP = "of its tasks score only part of their split"  # a group's reason, when they do


def _group_dataset(group: str, children: dict[str, list[str]], datasets: dict[str, dict[str, Any]],
                   reasons: dict[str, Reason], parts: set[str],
                   data: dict[str, Any]) -> tuple[dict[str, Any], Reason]:
    """A group's dataset: the one Hub dataset all its tasks use (with their config and split when shared). Tasks that
    each score a part of one split (MMLU-Pro's subjects) make a group that scores that whole split."""
    tasks = leaves(group, children)
    found = [datasets.get(task, {}) for task in tasks]
    if not found:
        return {}, _no_hub("it is a group none of whose tasks the file holds")
    missing = [task for task, d in zip(tasks, found) if "id" not in d]
    if missing:
        return {}, _no_hub(f"it is a group whose tasks do not all have a Hub dataset ({some_of(missing)} "
                           + ("has" if len(missing) == 1 else "have") + " none)")
    ids = {d["id"] for d in found}
    if len(ids) > 1:
        shown = ", ".join(sorted(ids)[:3]) + (", ..." if len(ids) > 3 else "")
        return {}, _no_hub(f"it is a group over {len(ids)} Hub datasets ({shown})")
    cut = [task for task in tasks if reasons.get(task)]
    if cut and not (set(cut) <= parts and len(tasks) == len(cut) and all(d == found[0] for d in found)):
        which = [task for task in cut if task in parts] or cut
        if set(cut) & parts:
            how = "all" if len(which) == len(tasks) else "some"
            text = f"{how} {PART_GROUP} ({some_of(which)})"
            return {}, Reason(text, PART, text)
        how = f"all {len(tasks)} of its tasks" if len(which) == len(tasks) else f"{len(which)} of its {len(tasks)} tasks"
        span = _cut_span(which, data)  # (none where the file gives the limit alone: they may have)
        text = f"{how} {'scored' if span else 'may have scored'} only part of their split (--limit: " \
            f"{span}{some_of(which)})"
        return {}, Reason(text, LIMIT, text)
    dataset: dict[str, Any] = {"id": ids.pop()}
    for key in ("config", "split", "revision"):
        values = {d.get(key) for d in found}
        if len(values) == 1 and None not in values:
            dataset[key] = values.pop()
    pooled = _pooled_over_part(group, tasks, data)
    text = f"{pooled}: no score of {dataset['id']} as a whole" if pooled else ""
    return dataset, Reason(text, POOLED, text) if text else Reason()


def metric_key(key: str) -> bool:
    """Whether ``key`` of a results entry names a metric (``metric,filter``): no alias or sample count, no stderr."""
    return key not in SKIP_KEYS and "_stderr" not in key


def _metric_keys(values: Any) -> list[str]:
    """The ``metric,filter`` keys of a results entry that hold a number (its stderrs left out)."""
    return [str(k) for k, v in values.items() if metric_key(str(k))
            and isinstance(v, (int, float)) and not isinstance(v, bool)] if isinstance(values, dict) else []


def _pooled_over_part(group: str, tasks: list[str], data: dict[str, Any]) -> str:
    """Why a group's aggregate is a mean of unlike scores ("" when it is not): a metric of it that only some of its
    tasks have. lm-eval 0.4.0 to 0.4.3 gave every group each metric any of its tasks had, pooled over those tasks
    alone (evaluator.py: glue's acc over 8 of its 9 tasks, f1 over mrpc and qqp, mcc cola's alone); 0.4.4 made glue
    a tag, with no aggregate, and a group's aggregate_metric_list pools its metrics the same way."""
    found = data.get("results", {}).get(group)
    values = found if isinstance(found, dict) else (data.get("groups") or {}).get(group)
    entries = [data["results"][t] for t in tasks if isinstance(data.get("results", {}).get(t), dict)]
    partial: list[str] = []
    for key in _metric_keys(values):
        having = [t for t in tasks if key in _metric_keys(data["results"].get(t))]
        if entries and len(having) < len(entries):
            metric, _, filt = key.partition(",")
            name = f"{metric} ({filt})" if filt and filt != "none" else metric
            partial.append(f"{name} over {len(having)}" + ("" if partial else f" of its {len(entries)} tasks")
                           + (f" ({some_of(having)})" if 0 < len(having) <= MANY_CUT else ""))
    if not partial:
        return ""
    return f"{POOLED_WHY} ({', '.join(partial)}), a mean of unlike scores"


POOLED_WHY = "its aggregate pools each metric over only the tasks that have it"  # (POOLED: its Reason's kind)
POOLED_FIX = ("model-index lists its tasks' own scores instead; to list a score of the group, compute one over all "
              "its tasks and add it to your records")


def _part_fix(task: str) -> str:
    """What to do about a task that scores part of its split (model-index lists scores of whole splits)."""
    whole = (eval_task_subsets().get(own_name(task)) or ("", ""))[0]
    scored = any(whole in eval_task_table(section) for section in ("lm_eval", "lm_eval_0_3", "lighteval"))
    return ("keep it in the tables; to list a score in model-index, " + (f"run {whole}, which scores the whole split, "
            "or " if scored else "") + "name in your records a Hub dataset holding just the examples it scored, "
            "never the whole split's")


LIMIT_FIX = "run the task again without --limit to list it in model-index"


def task_datasets(data: dict[str, Any], names: set[str], children: dict[str, list[str]],
              sections: tuple[str, ...]) -> tuple[dict[str, dict[str, Any]], dict[str, Reason], dict[str, str]]:
    """Every task's and group's dataset, why each without a Hub dataset (or cut by --limit) is not indexed, and the
    fix for those that have a Hub dataset but do not score its whole split."""
    found_configs = data.get("configs")
    configs: dict[str, Any] = found_configs if isinstance(found_configs, dict) else {}
    datasets: dict[str, dict[str, Any]] = {}
    reasons: dict[str, Reason] = {}
    fixes: dict[str, str] = {}
    parts: set[str] = set()
    for task in names | set(configs):
        if task not in children:
            found = configs.get(task)
            config = found if isinstance(found, dict) else {}
            datasets[task], reasons[task] = _task_dataset(task, config, sections)
            part, cut = _part(task, config, datasets[task]), _truncated(task, data)
            if part:
                parts.add(task)
                reasons[task], fixes[task] = Reason(part, PART, part), _part_fix(task)
            elif not reasons[task] and cut:
                reasons[task], fixes[task] = cut, LIMIT_FIX
            if cut and reasons[task] != cut:  # told too, or the card's numbers of a cut run pass for the split's
                reasons[task] = reasons[task].and_cut(cut)
    for group in children:
        datasets[group], reasons[group] = _group_dataset(group, children, datasets, reasons, parts, data)
        kind = reasons[group].kind
        if kind in (LIMIT, PART, POOLED):
            fixes[group] = LIMIT_FIX if kind == LIMIT else _part_fix(group) if kind == PART else POOLED_FIX
    return datasets, reasons, fixes


def _cut_span(tasks: list[str], data: dict[str, Any]) -> str:
    """``3 to 5 of 100 to 1,534 examples each; ``: what --limit left of the tasks' splits ("" where n-samples does not
    say)."""
    cuts = [cut for cut in (cut_counts(task, data) for task in tasks) if cut]
    if not cuts:
        return ""
    scored, whole = sorted({c[0] for c in cuts}), sorted({c[1] for c in cuts})
    return " of ".join(f"{v[0]:,}" if len(v) == 1 else f"{v[0]:,} to {v[-1]:,}" for v in (scored, whole)) + \
        " examples each; "


NOT_INDEXED = "is shown in the card's tables but not in model-index"
MANY_CUT = 3  # more tasks --limit cut than a warning names: told in one


def index_fix(evaluation_id: str, several: bool = False) -> str:
    """What to do to list in model-index a task kept out for want of a Hub dataset (one of ``several``)."""
    return (f"to list one, add an evaluation with its id, as {evaluation_id!r}" if several else
            f"to list it, add an evaluation with id {evaluation_id!r}") + \
        ", dataset.id and model_index: true to your records"


Told = tuple[str, str, str, str]  # a task kept out of model-index: (task, path, its fix or "" for index_fix's, its id)


def not_indexed_warnings(told: list[Told], reasons: dict[str, Reason], children: dict[str, list[str]],
                         data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The warnings (path, message, fix) of the tasks and groups kept out of model-index, ``told`` in order. Those
    --limit alone keeps out are told once: with the topmost group of them that holds them (its aggregate's warning
    counts them), the others, more than MANY_CUT, in one warning of ``$.results`` (a --limit run of a large suite
    gave one warning a task: 180 of kmmlu's)."""
    limited = [task for task, _, _, _ in told if reasons[task].kind == LIMIT]
    under = {group: set(leaves(group, children, groups=True)) for group in limited if group in children}
    tops = [g for g in under if not any(g in under[other] for other in under if other != g)]
    folded = {m: top for top in tops for m in limited if m in under[top]}
    folded.update(_folded_parts(told, reasons, children))
    rest = [task for task in limited if task not in folded and task not in under]
    alike = _alike(told, reasons, children, set(folded) | set(rest) | set(under))
    out = []
    for task, where, given, evaluation_id in told:
        fix = given or index_fix(evaluation_id)
        if task in alike:
            if task == alike[task][0]:
                shared, text = reasons[task].shared, reasons[task].text
                one = f"; {task}, for one: {text}" if shared != text else ""
                out.append((where, f"{NOT_INDEXED}, nor are {counted(len(alike[task]) - 1, 'other task')} "
                            f"({some_of(alike[task][1:])}), each for this reason: {shared}{one}",
                            given or index_fix(evaluation_id, several=True)))
            continue
        if task in folded or len(rest) > MANY_CUT and task in rest:
            if len(rest) > MANY_CUT and task == rest[0]:
                out.append(("$.results", f"{counted(len(rest), 'task')} are shown in the card's tables but not in "
                            f"model-index: each scored only part of its split (--limit: {_cut_span(rest, data)}"
                            f"{some_of(rest)})", fix))
            continue
        members = [m for m in folded if folded[m] == task]
        groups = sum(1 for m in members if m in children)
        nor = " and ".join(counted(n, kind) for n, kind in ((groups, "group"), (len(members) - groups, "task")) if n)
        tasks = [m for m in members if m not in children]
        # a part-of-split reason differs a task (its subset): the first task's says what part, for the rest
        one = f"; {tasks[0]}, for one: {reasons[tasks[0]].text}" if tasks and reasons[task].kind == PART else ""
        out.append((where, f"{NOT_INDEXED} (nor are {nor} under it, for this reason): {reasons[task].text}{one}"
                    if members else f"{NOT_INDEXED}: {reasons[task].text}", fix))
    return out


def _alike(told: list[Told], reasons: dict[str, Reason], children: dict[str, list[str]],
           said: set[str]) -> dict[str, list[str]]:
    """The tasks outside any group kept out of model-index for one reason, more than MANY_CUT of them, that no other
    warning tells (``said``), each -> all of them in order: told in one warning (a 0.3 suite's 19 bigbench tasks read
    local JSON files: 19 warnings saying so)."""
    grouped = {task for tasks in children.values() for task in tasks} | set(children)
    by_reason: dict[str, list[str]] = {}
    for task, _, _, _ in told:
        if task not in grouped and task not in said and reasons[task].kind == NO_HUB:
            by_reason.setdefault(reasons[task].shared, []).append(task)
    return {task: tasks for tasks in by_reason.values() if len(tasks) > MANY_CUT for task in tasks}


def _folded_parts(told: list[Told], reasons: dict[str, Reason],
                  children: dict[str, list[str]]) -> dict[str, str]:
    """The tasks and subgroups kept out of model-index for scoring part of their split (and --limit too, if it cut
    them) that a group kept out for that reason, with the same fix, already names: each -> the topmost such group
    (the leaderboard's math_hard: 7 Level 5 subsets, 7 warnings more that the group's said)."""
    fixes = {task: fix for task, _, fix, _ in told}
    under = {group: [m for m in leaves(group, children, groups=True) if fixes.get(m) == fixes[group]]
             for group in fixes if group in children and reasons[group].kind == PART}  # (in the file's order)
    tops = [g for g in under if not any(g in under[other] for other in under if other != g)]
    return {m: top for top in tops for m in under[top]}
