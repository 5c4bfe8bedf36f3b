"""A card's frontmatter -> the records' model metadata and evaluations (the card importer's first half).

Keys the records hold under model are kept as they are, others go to model.metadata. Consumed
rather than kept: ``model_name`` when it is the model-index's name (huggingface_hub's name for the model-index name,
which TRL writes; kept as its own key otherwise), TRL's placeholder ``licence: license`` (dropped with a warning), and the legacy
``model_index`` of transformers 4.7 to 4.9 (read as model-index, with a warning). What of the
model-index the Hub would refuse or the records cannot hold is left out with a warning at its path; a result
without the task or dataset type the Hub needs is kept (its task the card's pipeline_tag, else out of model-index:
``model_index: false``, shown by the results table).
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional

from generator.card.model_index import index_entries, index_name, upgrade_legacy_index, zero_ended_values
from generator.records.hubrules import REMOVED_PIPELINE_TAGS, as_in, beside_a_score, check_metadata
from generator.records.model import FRONTMATTER_KEYS
from generator.records.numbers import YAML_NAN, decimals_of, no_number_code, shown_number, text_value, written_decimals
from generator.records.schema import validate
from generator.sources.base_path import local_base_warning, unloadable_base
from generator.sources.card_index_paths import (
    INDEX_FIELDS,
    NO_DATASET,
    NO_TASK_TYPE,
    left_out_by,
    named_without_type,
    unknown_fix,
)
from generator.sources.card_languages import read_language_names
from generator.sources.common import HUB_ID, Ingested, as_list, is_number
from generator.sources.trainer_model import base_model_tags, local_adapter_base, model_id

LIST_KEYS = ("datasets", "tags")
# Keys the records keep as one string, which a card may give as a list of one (`library_name: [keras]`).
STRING_KEYS = ("license_name", "license_link", "library_name", "pipeline_tag")
# A metric value written as text: "85.2%", "85.2", " 70 % ".
# A problem's path at a top-level key or one item of it: "language", "base_model[1]".
TOP_PATH = re.compile(r"^([^\[.]+)(?:\[(\d+)\])?$")
MAX_WRITTEN = 10  # the most decimals a metric's records keep (evaluation.schema.json's metrics[].decimals)


def take_refused(meta: dict[str, Any], result: Ingested, quick: bool = False, at: str = "") -> None:
    """Leave out of ``meta`` what the Hub refuses (an empty key, an unknown license or language, a local path
    as base_model...), which the records could not render, with a warning each; a pipeline tag the Hub
    removed becomes text-generation, as the Hub itself reads it. ``at``: the file read, which the warnings' paths
    name before the key's (a Trainer's README.md; a card's own keys go without)."""
    tag = meta.get("pipeline_tag")
    if isinstance(tag, str) and tag in REMOVED_PIPELINE_TAGS:
        meta["pipeline_tag"] = "text-generation"
        also = ""
        if tag == "conversational":
            tags = as_list(meta.get("tags"))
            meta["tags"] = tags + [tag] if tag not in tags else tags
            also = " with the tag conversational"
        result.warn(f"{at}: pipeline_tag" if at else "pipeline_tag", f"{tag!r} was removed from the Hub; read as "
                    f"text-generation{also}", "nothing to do: the card is rendered with it", code="removed-pipeline-tag")
    items: dict[str, set[int]] = {}
    # what the records could not render (authoring: a pipeline tag the Hub does not list) is left out
    for problem in check_metadata({k: v for k, v in meta.items() if k != "model-index"}, authoring=True):
        match = TOP_PATH.match(problem.path)
        if problem.severity != "error" or not match or match.group(1) not in meta:
            continue
        key, index = match.group(1), match.group(2)
        if index is not None and isinstance(meta[key], list) and int(index) < len(meta[key]):
            items.setdefault(key, set()).add(int(index))
            what = "this item is left out"
        else:
            items[key] = set(range(len(meta[key]))) if isinstance(meta[key], list) else set()
            what = "the key is left out"
        path = f"{at}: {problem.path}" if at else problem.path
        if problem.path == "base_model" and problem.code == "not-a-hub-id":
            local_base_warning(result, path, f"{problem.message}; {what}", quick, problem.fix)
        else:
            result.warn(path, f"{problem.message}; {what}", problem.fix, code=problem.code)
    for key, indexes in items.items():
        value = meta[key]
        kept = [v for i, v in enumerate(value) if i not in indexes] if isinstance(value, list) else []
        if kept:
            meta[key] = kept
        else:
            del meta[key]


class _MetadataImport:
    def __init__(self, meta: dict[str, Any], result: Ingested, written: dict[str, str]):
        self.meta = meta
        self.written = written  # model-index metric path -> its value as written, where that ends in a zero
        self.result = result
        self.data = result.data
        self.legacy = False  # the model-index was read from a legacy model_index
        self.quick = False  # an adapter of a local base: its warning says the card gets no Quick start
        self.not_scores: list[tuple[str, str]] = []  # (path, "list" or "dict") of the values kept so (said once)

    def metadata(self) -> None:
        model: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        meta = dict(self.meta)
        model_name = self.take_model_name(meta)
        trl = meta.get("licence") == "license"  # TRL's card (generate_model_card's placeholder, in every one it writes)
        if trl:
            del meta["licence"]
            self.result.warn("licence", "is TRL's placeholder (`licence: license`), not a license; left out",
                             "set model.license to the model's license id, e.g. apache-2.0", code="placeholder-value")
        if "model_index" in meta:
            self.take_legacy_index(meta)
        if model_name is not None and model_name == index_name(meta):
            del meta["model_name"]  # it names the model-index, as huggingface_hub reads and writes it
        self.number_tags(meta)
        for key in LIST_KEYS:
            if isinstance(meta.get(key), str) and trl and key == "datasets":
                meta[key] = [meta[key]]  # TRL writes its dataset_name so (ModelCardData(datasets=dataset_name))
            elif isinstance(meta.get(key), str):
                self.result.warn(key, f"is one name, {meta[key]!r}, where the records keep a list; written back as "
                                 "a list of it", f"write {key} as a list", code="not-a-list")
                meta[key] = [meta[key]]
            values = meta.get(key)
            if isinstance(values, list) and all(isinstance(v, str) for v in values) and len(set(values)) < len(values):
                repeated = sorted({v for v in values if values.count(v) > 1})
                self.result.warn(key, f"repeats {', '.join(map(repr, repeated))}; the records keep each once, as the "
                                 "Hub shows them", f"list each of {key} once", code="duplicate-value")
                meta[key] = list(dict.fromkeys(values))
        for key in STRING_KEYS:
            value = meta.get(key)
            if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
                self.result.warn(key, f"is a list of one name, {value[0]!r}, where the records keep a string; read as "
                                 "it", f"write {key} as a string", code="not-a-string")
                meta[key] = value[0]
            elif isinstance(value, list):
                del meta[key]
                self.result.warn(key, f"is a list, {value!r}, where the Hub reads one string; left out",
                                 f"write {key} as one string", code="not-a-string")
            elif value is not None and not isinstance(value, str):
                # huggingface_hub's unfilled template, `library_name: {library_name}`, is a mapping in YAML
                del meta[key]
                self.result.warn(key, f"is {type(value).__name__} {value!r}, where the Hub reads one string; left out",
                                 f"write {key} as one string", code="not-a-string")
        self.cached_base(meta)
        self.tagged_base(meta)
        read_language_names(meta, self.result)
        self.take_refused(meta)
        for key, value in meta.items():
            if key == "model-index":
                continue
            if key in FRONTMATTER_KEYS:
                model[key] = value
            else:
                extra[key] = value
        if extra:
            model["metadata"] = extra
        entries = index_entries(meta)
        if entries > 1:
            self.result.warn("model-index", f"has {entries} entries; their results are merged into one",
                             "the Hub shows only one", code="multiple-model-index-entries")
        name = index_name(meta) or model_name
        if model_name is not None:
            model["name"] = model_name  # the card's first # heading, when it has one, is its title instead
        # a card whose model-index names no model, or that has none, is not given an empty one; a model_name
        # (huggingface_hub writes the model-index name so when there are no results) it does not name is kept as its
        # own key, which names the model-index when the card has evaluations and none else does (Model.index_name)
        model["model_index_name"] = index_name(meta) or False
        if name is not None and HUB_ID.match(name):
            model["repo_id"] = name
        results = self.index_results(meta["model-index"]) if "model-index" in meta else []
        evaluations = [e for e in (self.evaluation(where, r, model.get("pipeline_tag")) for where, r in results) if e]
        if evaluations:
            self.data["evaluations"] = evaluations
        self.kept_not_scores()
        self.data["model"] = model

    def kept_not_scores(self) -> None:
        """One warning for the card's metric values that are lists or mappings, kept as written (MTEB 1.12 wrote
        `v_measures: [...]` on each of up to 18 clustering results): the tables leave them out."""
        if not self.not_scores:
            return
        (first, kind), *others = self.not_scores
        self.warn_index(f"{first}.value", f"is a {kind}, not a score{as_in([where for where, _ in others])}: kept as "
                        "written in the card's model-index, which takes any value (values: in the records); the "
                        "tables, averages, plots and .eval_results leave it out, as it is no one score",
                        "nothing to do; to show a score, give the metric one number as its value", "not-a-number")

    def cached_base(self, meta: dict[str, Any]) -> None:
        """A base model named by its path in huggingface_hub's cache (TRL's and PEFT's card of a base loaded by that
        path) is read as the id it holds, with a warning; a base_model tag naming a path is read so too, or left out
        when the path is a local one (its base_model is left out by take_refused, saying so)."""
        base = meta.get("base_model")
        named = base if isinstance(base, str) else None  # as the card wrote it: its own tag names it so
        for i, value in enumerate(base if isinstance(base, list) else [base]):
            found = model_id(value) if isinstance(value, str) else None
            if found is None or found == value:
                continue
            where = "base_model" if not isinstance(base, list) else f"base_model[{i}]"
            self.result.warn(where, f"{value!r} is a path into huggingface_hub's cache; read as the model it holds, "
                             f"{found!r}", "name the base model by its Hub id", code="not-a-hub-id")
            if isinstance(base, list):
                base[i] = found
            else:
                meta["base_model"] = found
        # an adapter whose base only a local path names (PEFT's `base_model:adapter:/root/...` tag, a local base_model
        # of a peft card): no generated Quick start unless the records name the base, as for a run's adapter_config
        self.quick = local_adapter_base(meta) is not None and unloadable_base(self.result)
        tags = meta.get("tags")
        if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
            meta["tags"] = base_model_tags(tags, named, self.result, where="tags", quick=self.quick)

    def tagged_base(self, meta: dict[str, Any]) -> None:
        """An adapter's card with an empty base_model (LLaMA-Factory's of a Qwen2.5-VL LoRA: ``base_model: ''``) whose
        one ``base_model:adapter:`` tag names a Hub id (PEFT writes it from adapter_config.json's
        base_model_name_or_path) has that base, with a warning: its Quick start loads the base it was trained on, and
        a vision-language base makes the card image-text-to-text (vision_language.vision_language_of_base)."""
        tags = meta["tags"] if isinstance(meta.get("tags"), list) else []
        adapted = [t.split(":", 2)[2] for t in tags if isinstance(t, str) and t.startswith("base_model:adapter:")]
        if meta.get("base_model") not in ("", None) or meta.get("library_name") != "peft" or len(adapted) != 1 \
                or model_id(adapted[0]) != adapted[0]:
            return
        self.result.warn("base_model", f"is empty; read as {adapted[0]!r}, the base the card's tag "
                         f"base_model:adapter:{adapted[0]} names (PEFT writes it from adapter_config.json)",
                         f"write base_model: {adapted[0]}", code="empty-value")
        meta["base_model"] = adapted[0]

    def number_tags(self, meta: dict[str, Any]) -> None:
        """A tag YAML reads as a number (`- 2024`, a year) is the text the card wrote: kept as that string, written
        back quoted, with a warning (left out as no string, it was lost). A `- false` stays left out: its text may
        have been `no` (huggingface_hub's round trip of NbAiLab's cards)."""
        tags = meta.get("tags")
        if not isinstance(tags, list):
            return
        for i, tag in enumerate(tags):
            if isinstance(tag, (int, float)) and not isinstance(tag, bool) and math.isfinite(tag):
                tags[i] = str(tag)
                self.result.warn(f"tags[{i}]", f"{tag!r} is a number in YAML, a tag is text: read as {tags[i]!r}, "
                                 "written back quoted", f"quote it: - '{tags[i]}'", code="not-a-string")

    def take_model_name(self, meta: dict[str, Any]) -> Optional[str]:
        """huggingface_hub's ``model_name`` (TRL writes it): the model-index name, which the card writes so when it has no
        model-index."""
        if "model_name" not in meta:
            return None
        value = meta["model_name"]
        if isinstance(value, str) and value.strip():
            return value
        del meta["model_name"]
        self.result.warn("model_name", f"{value!r} is not a name; left out", "set model.name in the records",
                         code="wrong-type")
        return None

    def take_refused(self, meta: dict[str, Any]) -> None:
        """Leave out of ``meta`` what the Hub refuses (take_refused)."""
        take_refused(meta, self.result, self.quick)

    def take_legacy_index(self, meta: dict[str, Any]) -> None:
        """transformers 4.7 to 4.9 wrote ``model_index`` with one ``metric`` per result: read it as model-index."""
        legacy = meta.pop("model_index")
        if "model-index" in meta:
            self.result.warn("model_index", "is the legacy spelling of model-index, which the card also has; left out",
                             "remove it from the card", code="legacy-model-index")
            return
        meta["model-index"] = upgrade_legacy_index(legacy)
        self.legacy = True
        self.result.warn("model_index", "is the legacy key transformers 4.7 to 4.9 wrote; read as model-index, "
                         "each result's metric as its metrics list", "nothing to do: the card is rendered with "
                         "model-index", code="legacy-model-index")

    def index_results(self, index: Any) -> list[tuple[str, dict[str, Any]]]:
        """(path, result) of the model-index less what the Hub would refuse and the records cannot hold;
        each part left out is reported as a warning at its path."""
        left_out: set[tuple] = set()
        reported: set[str] = set()
        for problem in check_metadata({"model-index": index}):
            # the records need what huggingface_hub needs to load a result: a dataset too, which the Hub does not
            # (an entry's empty name, which the Hub refuses, is left out: the card's model-index is named anew)
            needed = problem.severity == "error" or problem.code == "missing-field"
            if not needed or problem.path in reported:
                continue
            reported.add(problem.path)
            if problem.code == "missing-field" and (NO_TASK_TYPE.match(problem.path) or
                                                    named_without_type(index, problem.path)):
                continue  # said by evaluation(), which knows whether the card's pipeline_tag gives the task
            if problem.severity == "warning" and NO_DATASET.match(problem.path):
                self.warn_index(problem.path, f"{problem.message}; kept with no dataset (dataset: false in the "
                                "records), as the card has it", problem.fix, problem.code)
                continue
            key, what = left_out_by(problem.path)
            if key is not None:
                left_out.add(key)
            self.warn_index(problem.path, f"{problem.message}; {what}", problem.fix, problem.code)
        if () in left_out:
            return []
        out = []
        for i, entry in enumerate(index):
            if (i,) in left_out or (i, "results") in left_out:
                continue
            self.known(f"model-index[{i}]", entry, "entry")  # an entry's own fields (a `description`) are reported
            for j, result in enumerate(entry["results"]):
                if (i, j) not in left_out:
                    kept = self.result_kept(f"model-index[{i}].results[{j}]", result, left_out, (i, j))
                    if kept is not None:
                        out.append((f"model-index[{i}].results[{j}]", kept))
        return out

    def result_kept(self, where: str, result: dict[str, Any], left_out: set[tuple], at: tuple) -> Optional[dict]:
        """A result with the fields and metrics the records cannot hold left out; None when no metric is left."""
        if "datasets" in result:
            self.datasets_list(where, result["datasets"], "dataset" in result)
        out = self.known(where, {k: v for k, v in result.items() if k != "datasets"}, "result")
        task = out.get("task")
        out["task"] = self.known(f"{where}.task", task, "task") if isinstance(task, dict) else {}
        if task is not None and not isinstance(task, dict):
            self.warn_index(f"{where}.task", f"{task!r} is not a mapping; left out", "write task: with type and name",
                            "wrong-type")
        if not isinstance(out.get("dataset"), dict):  # none (a result the Hub takes without one): dataset: false
            out["dataset"] = None
            if "dataset" in result and result["dataset"] is not None:
                self.warn_index(f"{where}.dataset", f"{result['dataset']!r} is not a mapping; this result is left "
                                "out", "write dataset: with type and name", "wrong-type")
                return None
        else:
            out["dataset"] = self.known(f"{where}.dataset", out["dataset"], "dataset")
        for part in ("task", "dataset"):  # Helsinki-NLP's OPUS-MT cards give task.args too: `args: tur-eng`
            held = out[part] or {}
            args = held.get("args")
            if "args" in held and not (isinstance(args, dict) or isinstance(args, str) and args):
                self.warn_index(f"{where}.{part}.args", f"{args!r} is neither a mapping nor a string; left out",
                                "write the arguments as a mapping", "wrong-type")
                del held["args"]
        if not isinstance(out.get("source"), dict) or at + ("source",) in left_out:
            out.pop("source", None)
        else:
            out["source"] = self.known(f"{where}.source", out["source"], "source")
        metrics = [(k, self.metric_kept(f"{where}.metrics[{k}]", metric, out["metrics"]))
                   for k, metric in enumerate(out["metrics"]) if at + (k,) not in left_out]
        # two metrics of one name (the Hub shows both) are both kept, in order
        out["metrics"] = [metric for _, metric in metrics if metric is not None]
        if not out["metrics"]:
            self.warn_index(f"{where}.metrics", "has no metric the records can hold; this result is left out",
                            "give each metric a type and a numeric value", "missing-field")
            return None
        return out

    def metric_kept(self, where: str, metric: dict[str, Any], metrics: list) -> Optional[dict[str, Any]]:
        """A metric as the records hold it (a finite number as its value), or None, with a warning; ``metrics``:
        its result's."""
        # `verified` is kept as the card writes it (the check warns when it claims what the Hub did not verify), and
        # so is the Hub's verifyToken proving it (autoevaluate's cards of 2022-23): the Hub shows the score verified
        verified, token = metric.get("verified"), metric.get("verifyToken")
        metric = {k: v for k, v in metric.items() if k != "verifyToken"}
        if token is not None and not (isinstance(token, str) and token.strip()):
            self.warn_index(f"{where}.verifyToken", f"{token!r} is not the Hub's token (a string); left out",
                            "nothing to do: the Hub writes it", "set-by-hub")
            token = None
        if "verified" in metric and not isinstance(verified, bool):
            metric = {k: v for k, v in metric.items() if k != "verified"}
            self.warn_index(f"{where}.verified", f"{verified!r} is not true or false; left out",
                            "nothing to do: the Hub shows its own", "set-by-hub")
        metric = self.known(where, metric, "metric")
        if token is not None:
            metric["verify_token"] = token
        if "name" in metric and not isinstance(metric["name"], str):
            if metric["name"] is not None:
                self.warn_index(f"{where}.name", f"{metric['name']!r} is not a string; left out, the metric is shown "
                                "by its type", "write the name as text", "wrong-type")
            metric = {k: v for k, v in metric.items() if k != "name"}
        value = metric["value"]
        if value is None:  # `value:` left empty, which the Hub takes (hubrules): no score the records can hold
            self.warn_index(f"{where}.value", "is empty; this metric is left out, as the records hold a number or "
                            "the text a card shows", "write the value, or leave the metric out", "empty-value")
            return None
        if isinstance(value, (list, dict)):  # MTEB 1.12's `v_measures: [...]`, a dict of scores: kept as written
            if not beside_a_score(value, metrics):  # said when it stands where a score should be, as the check says
                self.not_scores.append((where, type(value).__name__))
            return self.args_kept(where, {**{k: v for k, v in metric.items() if k != "value"}, "values": value})
        number = text_value(value) if isinstance(value, str) else None
        written = shown_number(value) if isinstance(value, str) and number is None else None
        if written is not None and not math.isfinite(float(written)):
            written = None  # `1e999`: kept as text below, as a value that is no number
        if number is not None and is_number(number):
            # "1528.00 +/- 875.81" (an RL card's mean reward): the records hold the mean and the text as written
            kept: dict[str, Any] = {}
            for key, item in metric.items():
                kept[key] = number if key == "value" else item
                if key == "value":
                    kept["text"] = value
            metric, value = kept, number
        elif written is not None:  # "85.2%", "85.2" or "1e-3": the number the card shows, kept in the model-index
            metric_text = value
            metric["value"] = value = int(written) if written.lstrip("+-").isdigit() else float(written)
            self.warn_index(f"{where}.value", f"{metric_text!r} is text; read as the number {value}, which the "
                            "card's model-index will hold", "write the value as a number", "number-as-text")
        if isinstance(value, float) and value != value or isinstance(value, str) and value.strip():
            # NaN (`.nan`, a diverged RL run's `nan +/- nan`) or a placeholder (`xx.xx`): the Hub takes any value, so
            # the records keep the text, which the tables and model-index show and no average or plot uses; YAML's
            # NaN as the card writes it, which the model-index written back holds again
            text = YAML_NAN if isinstance(value, float) else value
            self.warn_index(f"{where}.value", f"{value!r} is no number; kept as the text {text!r}, left out of "
                            "averages, plots and .eval_results", "write the number, if there is one",
                            no_number_code(text))
            return {**{k: v for k, v in metric.items() if k != "value"}, "text": text}
        if not is_number(value):
            code = "not-finite" if isinstance(value, float) else "not-a-number"
            self.warn_index(f"{where}.value", f"{value!r} is not a finite number, which the records need; "
                            "this metric is left out", "write the number, and any ± error as stderr", code)
            return None
        metric = self.args_kept(where, metric)
        as_written = self.written.get(where)
        decimals = written_decimals(as_written) if as_written is not None and float(as_written) == value else None
        if decimals is not None and isinstance(value, float) and decimals_of(value) < decimals <= MAX_WRITTEN:
            metric["decimals"] = decimals  # `value: 57.50`, read as 57.5: the model-index written back keeps 57.50
        return metric

    def args_kept(self, where: str, metric: dict[str, Any]) -> dict[str, Any]:
        """The metric without its ``args`` when they are no mapping, which the records need, with a warning."""
        if "args" in metric and not isinstance(metric["args"], dict):
            self.warn_index(f"{where}.args", f"{metric['args']!r} is not a mapping; left out",
                            "write the arguments as a mapping", "wrong-type")
            del metric["args"]
        return metric

    def known(self, where: str, mapping: dict[str, Any], part: str) -> dict[str, Any]:
        """The fields of ``mapping`` the records keep, in their order; every other field is reported."""
        fields = INDEX_FIELDS[part]
        for key in mapping:
            if key not in fields:
                self.warn_index(f"{where}.{key}", "is not a field the records keep; left out", unknown_fix(key, part),
                                "unsupported-field")
        return {key: mapping[key] for key in fields if key in mapping}

    def warn_index(self, path: str, message: str, fix: str, code: str) -> None:
        """A warning at a path of the card's model-index (of its legacy model_index, when that is what it had)."""
        if self.legacy:
            path = re.sub(r"\.metrics(\[0\])?(?=$|\.)", ".metric", "model_index" + path[len("model-index"):])
        self.result.warn(path, message, fix, code=code)

    def evaluation(self, where: str, result: dict[str, Any], pipeline_tag: Optional[str]
                   ) -> Optional[dict[str, Any]]:
        """The evaluation of one model-index result that passed the checks, or None if the records refuse it."""
        dataset = result["dataset"]
        task_type = result["task"].get("type")
        if not (isinstance(task_type, str) and task_type):
            self.no_task_type(where, pipeline_tag)
        typed = dataset is None or dataset.get("type") is not None
        if not typed:
            self.warn_index(f"{where}.dataset.type", "is missing, which the Hub needs; the result is kept, named by "
                            "the dataset's name, in the results table and left out of model-index (model_index: "
                            "false in the records)", "set the evaluation's dataset.id to the dataset's Hub id and "
                            "remove model_index: false", "missing-field")
        if dataset is None:  # named by its task, as the card shows it ("NER", "token-classification")
            task_name = result["task"].get("name")
            evaluation: dict[str, Any] = {"benchmark": task_name if isinstance(task_name, str) and task_name
                                          else result["task"].get("type"), "task": result["task"], "dataset": False}
        else:
            name = dataset.get("name")
            evaluation = {"benchmark": name if isinstance(name, str) and name else dataset["type"],
                          "task": result["task"]}
            rest = {k: v for k, v in dataset.items() if k not in ("name", "type")}
            if typed or rest:
                evaluation["dataset"] = {"id": dataset["type"], **rest} if typed else rest
        if not evaluation["task"]:
            del evaluation["task"]
        evaluation["metrics"] = result["metrics"]
        if not (isinstance(task_type, str) and task_type or pipeline_tag) or not typed:
            evaluation["model_index"] = False
        if "source" in result:
            evaluation["source"] = result["source"]
        problems = validate("evaluation", evaluation)
        for problem in problems:
            self.warn_index(where, f"cannot be held by the records ({problem.path[2:]} {problem.message}); "
                            "this result is left out", problem.fix, problem.code)
        return None if problems else evaluation

    def datasets_list(self, where: str, datasets: Any, has_dataset: bool) -> None:
        """Say that a result's ``datasets:`` (some 2021 cards list every set a score was measured on) is left out:
        the Hub's model-index and huggingface_hub's EvalResult give a result one ``dataset``."""
        items = datasets if isinstance(datasets, list) else [datasets]
        names = [str(d.get("type") or d.get("name")) if isinstance(d, dict) else str(d) for d in items]
        kept = "its dataset: is kept" if has_dataset else "the result is kept with no dataset (dataset: false)"
        self.warn_index(f"{where}.datasets", f"lists {', '.join(names)}: the Hub's model-index gives a result one "
                        f"dataset:, not a list; left out, {kept}", "give each dataset its own result with dataset: "
                        "type and name, and the metrics measured on it", "unsupported-field")

    def no_task_type(self, where: str, pipeline_tag: Optional[str]) -> None:
        """Say that a result names no task type (the Hub needs one) and what the records make of it."""
        self.warn_index(f"{where}.task.type", *untasked_wording(pipeline_tag), "missing-field")


def untasked_wording(pipeline_tag: Optional[str]) -> tuple[str, str]:
    """The message and fix of the warning about a model-index result with no task type, read with ``pipeline_tag``."""
    if pipeline_tag:
        return (f"is missing, which the Hub needs; read as the card's pipeline_tag, {pipeline_tag!r}, which the card's "
                "model-index will name", "nothing to do, if the result measures that task; else set the evaluation's "
                "task.type")
    return ("is missing, which the Hub needs, and the card has no pipeline_tag to take it from; the result is kept, in "
            "the results table and left out of model-index (model_index: false in the records)", "set the evaluation's "
            "task.type to the task it measures (e.g. text-classification) and remove model_index: false")


def import_metadata(meta: dict[str, Any], result: Ingested, text: str = "") -> None:
    """Put the card's metadata into ``result.data`` as model and evaluations, warning about what is left out;
    ``text``: the card, whose model-index values written with zeros after their last digit keep them."""
    _MetadataImport(meta, result, zero_ended_values(text) if text else {}).metadata()
