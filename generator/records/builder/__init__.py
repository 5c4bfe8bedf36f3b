"""Build :class:`Records` from schema-valid data, reporting every inconsistency at once.

:func:`build_records` takes schema-valid data (with section files and the original
record set already read by the loader) and returns :class:`Records`, or raises
RecordsError listing every inconsistency: duplicate ids, dangling references,
score keys that name no column, a reported average that is not the mean.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Any, Callable, Optional, Union

from generator.errors import Problem, RecordsError
from generator.markdown.fences import unclosed_fence
from generator.markdown.safety import clean_markdown
from generator.records.model import (
    GENERATED_KEYS,
    Citation,
    Column,
    Comparison,
    Evaluation,
    Group,
    Leaderboard,
    Metric,
    Model,
    Original,
    Records,
    Ref,
    Row,
    Score,
    Section,
    Training,
    TrainingRow,
)
from generator.records.numbers import Number, agrees_with_mean, mean, round_half_up

Locate = Callable[[list], "tuple[str, str]"]


def _tuple(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    return value


def _items(mapping: Optional[dict]) -> tuple:
    return tuple((mapping or {}).items())


class _Builder:
    def __init__(self, data: dict, source: str, locate: Locate):
        self.data = data
        self.source = source
        self.locate = locate
        self.problems: list[Problem] = []

    def problem(self, parts: list, message: str, fix: str = "") -> None:
        file, path = self.locate(parts)
        self.problems.append(Problem(file, path, message, fix))

    # -- model
    def free_text(self, parts: list, text: str) -> None:
        """Markdown a person wrote must not swallow the rest of the card."""
        fence = unclosed_fence(text)
        if fence is not None:
            self.problem(parts, f"opens a {fence.marker} code fence that is never closed, which would swallow the "
                         "rest of the card", f"close it with a {fence.marker} line")
        if text.count("<!--") > text.count("-->"):
            self.problem(parts, "opens an HTML comment (<!--) that is never closed, hiding the rest of the card",
                         "close it with -->, or remove it")

    def model(self) -> Model:
        m = self.data["model"]
        repo_id = m["repo_id"]
        if ".." in repo_id or repo_id.endswith((".git", ".")):
            self.problem(["model", "repo_id"], f"{repo_id!r} is not a name the Hub accepts ('..', a trailing '.' or "
                         "'.git')", "use letters, digits, '-', '_' and single dots")
        for key in m.get("metadata") or {}:
            if key in GENERATED_KEYS or key == "model_name":
                self.problem(["model", "metadata", key], f"repeats {key!r}, which the generator writes itself",
                             f"set it as model.{key}" if key in GENERATED_KEYS and key != "model-index"
                             else "describe results as evaluations")
        link = m.get("license_link")
        if isinstance(link, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", link) and not re.match(r"^https?://", link):
            self.problem(["model", "license_link"], f"{link!r} is neither an https URL nor a file in the repo",
                         "use https://... or a path such as LICENSE")
        if m.get("summary"):
            self.free_text(["model", "summary"], m["summary"])
        for label, value in (m.get("details") or {}).items():
            self.free_text(["model", "details", label], value)
        if repo_id in ([m["base_model"]] if isinstance(m.get("base_model"), str) else m.get("base_model") or []):
            self.problem(["model", "base_model"], f"names the model itself ({repo_id!r})",
                         "base_model is the model this one was trained or derived from")
        image = m.get("image") or {}
        return Model(
            repo_id=repo_id,
            name=m.get("name") or repo_id.split("/", 1)[1],
            model_index_name=m.get("model_index_name") or repo_id,
            summary=clean_markdown(m.get("summary", "")),
            image_url=image.get("url", ""),
            image_alt=image.get("alt", ""),
            base_model=_tuple(m.get("base_model")),
            base_model_relation=m.get("base_model_relation"),
            license=_tuple(m.get("license")),
            license_name=m.get("license_name"),
            license_link=m.get("license_link"),
            language=_tuple(m.get("language")),
            datasets=tuple(m.get("datasets", ())),
            tags=tuple(dict.fromkeys(m.get("tags", ()))),
            pipeline_tag=m.get("pipeline_tag"),
            library_name=m.get("library_name"),
            metadata=_items(m.get("metadata")),
            # A fact is one list item: its markdown is kept on one line so it cannot end the list.
            details=tuple((k, " ".join(clean_markdown(v).split())) for k, v in (m.get("details") or {}).items()),
            links=_items(m.get("links")),
        )

    # -- evaluations
    def evaluations(self, model: Model) -> tuple[Evaluation, ...]:
        out = []
        ids: dict[str, int] = {}
        for i, e in enumerate(self.data.get("evaluations", [])):
            at = ["evaluations", i]
            if "id" in e:
                if e["id"] in ids:
                    self.problem(at + ["id"], f"id {e['id']!r} is already used by evaluation {ids[e['id']]}",
                                 "give every evaluation its own id")
                ids.setdefault(e["id"], i)
            task = e.get("task", {})
            dataset = e.get("dataset", {})
            indexed = e.get("model_index", True)
            task_type = task.get("type") or model.pipeline_tag
            if indexed and not task_type:
                self.problem(at, "has no task type", "add task.type, or model.pipeline_tag as the default")
            if indexed and "id" not in dataset:
                self.problem(at + ["dataset"], "has no dataset id, which model-index requires",
                             "add dataset.id (the Hub dataset id), or set model_index: false")
            args = dict(dataset.get("args", {}))
            if "few_shot" in e:
                if "num_few_shot" in args and args["num_few_shot"] != e["few_shot"]:
                    self.problem(at + ["few_shot"], f"{e['few_shot']} disagrees with dataset.args.num_few_shot "
                                 f"{args['num_few_shot']}", "keep one of them")
                args["num_few_shot"] = e["few_shot"]
            names = set()
            metrics = []
            for j, m in enumerate(e["metrics"]):
                key = m.get("name", m["type"])
                if key in names:
                    self.problem(at + ["metrics", j], f"metric {key!r} appears twice in this evaluation",
                                 "give each metric its own name")
                names.add(key)
                metrics.append(Metric(type=m["type"], value=m["value"], name=m.get("name"), stderr=m.get("stderr"),
                                      higher_is_better=m.get("higher_is_better", True), config=m.get("config"),
                                      args=m.get("args"), verified=m.get("verified")))
            source = e.get("source", {})
            out.append(Evaluation(
                index=i, benchmark=e["benchmark"], metrics=tuple(metrics), id=e.get("id"),
                task_type=task_type, task_name=task.get("name"), dataset_id=dataset.get("id"),
                dataset_config=dataset.get("config"), dataset_split=dataset.get("split"),
                dataset_revision=dataset.get("revision"), dataset_args=args or None, few_shot=e.get("few_shot"),
                dataset_task_id=dataset.get("task_id"), date=e.get("date"), notes=e.get("notes"),
                source_name=source.get("name"), source_url=source.get("url"), group=e.get("group"),
                version=e.get("version"), model_index=indexed,
            ))
        return tuple(out)

    def groups(self, evaluations: tuple[Evaluation, ...]) -> tuple[Group, ...]:
        declared = self.data.get("groups", [])
        names = [g["name"] for g in declared]
        for e in evaluations:
            if e.group is not None and e.group not in names:
                guess = difflib.get_close_matches(e.group, names, n=1)
                self.problem(["evaluations", e.index, "group"], f"group {e.group!r} is not declared in groups",
                             f"did you mean {guess[0]!r}?" if guess else f"add {{name: {e.group}}} to groups")
        out = []
        for i, g in enumerate(declared):
            if names.index(g["name"]) != i:
                self.problem(["groups", i, "name"], f"group {g['name']!r} is declared twice", "keep one")
                continue
            tasks = tuple(e for e in evaluations if e.group == g["name"])
            if not tasks:
                self.problem(["groups", i], f"group {g['name']!r} has no evaluations",
                             f"set group: {g['name']} on its evaluations, or remove the group")
                continue
            averaged = []
            for e in tasks:
                order = g.get("average_of")
                metric = next((m for key in order for m in e.metrics if m.type == key), None) if order else e.metrics[0]
                if metric is None:
                    self.problem(["evaluations", e.index, "metrics"],
                                 f"has none of the metrics group {g['name']!r} averages ({', '.join(order)})",
                                 "add one of them, or extend the group's average_of")
                    continue
                averaged.append(metric)
            decimals = g.get("decimals")
            if averaged:
                out.append(Group(name=g["name"], tasks=tasks, averaged=tuple(averaged), decimals=decimals,
                                 average=round_half_up(mean(m.value for m in averaged), 2 if decimals is None else decimals),
                                 show_average=g.get("show_average", True)))
        return tuple(out)

    def leaderboards(self, evaluations: tuple[Evaluation, ...]) -> tuple[Leaderboard, ...]:
        out = []
        sources = sorted({e.source_name for e in evaluations if e.source_name})
        for i, lb in enumerate(self.data.get("leaderboards", [])):
            members = tuple(e for e in evaluations if e.source_name == lb["source"])
            if not members:
                guess = difflib.get_close_matches(lb["source"], sources, n=1)
                self.problem(["leaderboards", i, "source"], f"no evaluation has source.name {lb['source']!r}",
                             f"did you mean {guess[0]!r}?" if guess else "match the source.name of its evaluations")
                continue
            computed = mean(e.metrics[0].value for e in members)
            average: Union[Number, Decimal] = round_half_up(computed, 2)
            if "average" in lb:
                average = lb["average"]
                if not agrees_with_mean(average, [e.metrics[0].value for e in members])[0]:
                    self.problem(["leaderboards", i, "average"],
                                 f"{average} is not the mean of its {len(members)} values ({computed:.4f})",
                                 "correct the reported average or the values, or leave average out to compute it")
            out.append(Leaderboard(source=lb["source"], title=lb.get("title", f"{lb['source']} Evaluation Results"),
                                   evaluations=members, average=average,
                                   average_label=lb.get("average_label", "Average"), url=lb.get("url"),
                                   details_url=lb.get("details_url")))
        return tuple(out)

    # -- comparisons
    def _column_ref(self, at: list, spec: dict, evaluations: tuple[Evaluation, ...],
                    groups: tuple[Group, ...]) -> Optional[Ref]:
        if "group" in spec:
            if "evaluation" in spec or "metric" in spec:
                self.problem(at, "names both a group and an evaluation", "keep one")
            names = [g.name for g in groups]
            if spec["group"] not in names:
                guess = difflib.get_close_matches(spec["group"], names, n=1)
                self.problem(at + ["group"], f"no group named {spec['group']!r}",
                             f"did you mean {guess[0]!r}?" if guess else "declare it in groups")
                return None
            return Ref(group=spec["group"])
        if "evaluation" not in spec:
            self.problem(at, "needs an evaluation or a group", "add evaluation: <id> or group: <name>")
            return None
        by_id = {e.id: e for e in evaluations if e.id}
        ev = by_id.get(spec["evaluation"])
        if ev is None:
            guess = difflib.get_close_matches(spec["evaluation"], list(by_id), n=1)
            known = ", ".join(repr(x) for x in sorted(by_id)) or "none yet: give the evaluation an id"
            self.problem(at + ["evaluation"], f"no evaluation has id {spec['evaluation']!r}",
                         f"did you mean {guess[0]!r}?" if guess else f"use one of: {known}")
            return None
        metric = ev.metric(spec.get("metric"))
        if metric is None:
            labels = [m.label for m in ev.metrics]
            self.problem(at + ["metric"], f"evaluation {ev.id!r} has no metric {spec['metric']!r}",
                         "use one of: " + ", ".join(labels))
            return None
        return Ref(evaluation=ev.index, metric=ev.metrics.index(metric))

    def resolve(self, ref: Ref, evaluations: tuple[Evaluation, ...], groups: tuple[Group, ...]) -> Any:
        if ref.group is not None:
            return next(g.average for g in groups if g.name == ref.group)
        return evaluations[ref.evaluation].metrics[ref.metric].value  # type: ignore[index]

    def comparisons(self, model: Model, evaluations: tuple[Evaluation, ...],
                    groups: tuple[Group, ...]) -> tuple[Comparison, ...]:
        out = []
        for i, c in enumerate(self.data.get("comparisons", [])):
            at = ["comparisons", i]
            labels = [col["label"] for col in c["columns"]]
            columns = []
            for j, col in enumerate(c["columns"]):
                if labels.index(col["label"]) != j:
                    self.problem(at + ["columns", j, "label"], f"column {col['label']!r} appears twice",
                                 "give each column its own label")
                ref = self._column_ref(at + ["columns", j, "from"], col["from"], evaluations, groups) if "from" in col else None
                columns.append(Column(label=col["label"], higher_is_better=col.get("higher_is_better", True),
                                      in_average=col.get("average", True), ref=ref,
                                      decimals=col.get("decimals"), url=col.get("url")))
            rows = []
            selves = 0
            for k, r in enumerate(c["rows"]):
                rat = at + ["rows", k]
                is_self = r.get("self", False)
                selves += is_self
                if not is_self and "model" not in r and "label" not in r:
                    self.problem(rat, "names no model", "add model: <hub id>, label, or self: true")
                scores = r.get("scores", {})
                for key in scores:
                    if key not in labels:
                        guess = difflib.get_close_matches(key, labels, n=1)
                        self.problem(rat + ["scores", key], f"{key!r} is not a column of this table",
                                     f"did you mean {guess[0]!r}?" if guess else "use a column label: " + ", ".join(labels))
                values: list[Score] = []
                refs: list[Optional[Ref]] = []
                for col in columns:
                    value = scores.get(col.label)
                    ref = col.ref if is_self else None
                    if ref is not None:
                        if col.label in scores:
                            self.problem(rat + ["scores", col.label],
                                         "is given twice: the column takes this model's value from its evaluations",
                                         "remove the score from the row")
                        value = self.resolve(ref, evaluations, groups)
                    values.append(value)
                    refs.append(ref)
                if is_self:
                    label = r.get("label", model.name)
                    url = r.get("url") or f"https://huggingface.co/{r.get('model', model.repo_id)}"
                else:
                    label = r.get("label") or r.get("model", "")
                    url = r.get("url") or (f"https://huggingface.co/{r['model']}" if "model" in r else None)
                rows.append(Row(label=label, scores=tuple(values), is_self=is_self, url=url, refs=tuple(refs)))
            if selves > 1:
                self.problem(at + ["rows"], "has more than one self row", "keep one row with self: true")
            if any(col.ref for col in columns) and not selves:
                self.problem(at + ["rows"], "has columns taking values from evaluations but no self row",
                             "add a row with self: true")
            out.append(Comparison(title=c["title"], columns=tuple(columns), rows=tuple(rows),
                                  description=clean_markdown(c.get("description", "")),
                                  bold_best=c.get("bold_best", True),
                                  average=c.get("average", False), average_label=c.get("average_label", "Average"),
                                  transpose=c.get("transpose", False), decimals=c.get("decimals"),
                                  url=c.get("url")))
        return tuple(out)

    def texts(self) -> None:
        """Free markdown outside the model mapping."""
        t = self.data.get("training") or {}
        if t.get("description"):
            self.free_text(["training", "description"], t["description"])
        for i, c in enumerate(self.data.get("comparisons", [])):
            if c.get("description"):
                self.free_text(["comparisons", i, "description"], c["description"])
        for i, c in enumerate(self.data.get("citations", [])):
            if c.get("label"):
                self.free_text(["citations", i, "label"], c["label"])

    def training(self) -> Optional[Training]:
        t = self.data.get("training")
        if t is None:
            return None
        rows = tuple(TrainingRow(training_loss=r.get("training_loss"), epoch=r.get("epoch"), step=r.get("step"),
                                 validation_loss=r.get("validation_loss"), metrics=_items(r.get("metrics")))
                     for r in t.get("results", []))
        return Training(method=t.get("method"), description=clean_markdown(t.get("description", "")),
                        hyperparameters=_items(t.get("hyperparameters")), eval_results=_items(t.get("eval_results")),
                        statistics=_items(t.get("statistics")),
                        results=rows, hardware=t.get("hardware"), training_time=t.get("training_time"),
                        framework_versions=_items(t.get("framework_versions")))


def build_records(data: dict, source: str, locate: Locate, citations: tuple[Citation, ...] = (),
                  sections: tuple[Section, ...] = (), original: Optional[Original] = None) -> Records:
    """Resolve schema-valid record data into :class:`Records`, reporting every inconsistency at once."""
    b = _Builder(data, source, locate)
    model = b.model()
    evaluations = b.evaluations(model)
    groups = b.groups(evaluations)
    leaderboards = b.leaderboards(evaluations)
    comparisons = b.comparisons(model, evaluations, groups)
    training = b.training()
    b.texts()
    for i, section in enumerate(sections):
        b.free_text(["sections", i, "content" if "content" in data["sections"][i] else "file"], section.content)
    if b.problems:
        raise RecordsError(b.problems)
    sections = tuple(Section(s.title, clean_markdown(s.content), s.position) for s in sections)
    citations = tuple(Citation(c.entries, clean_markdown(c.label)) for c in citations)
    if original is not None and original.card_body:
        original = Original(original.heading, original.records, clean_markdown(original.card_body),
                            original.inherit_metadata, original.card_metadata)
    return Records(source=source, model=model, training=training, evaluations=evaluations, groups=groups,
                   leaderboards=leaderboards, comparisons=comparisons, citations=citations, sections=sections,
                   original=original)


__all__ = ["build_records"]
