"""A card's model-index -> the records' evaluations (the card importer's, after its other keys: card_metadata).

What of the model-index the Hub would refuse or the records cannot hold is left out with a warning at its path (at
the legacy model_index's, when the card had that); a result without the task or dataset type the Hub needs is kept
(its task the card's pipeline_tag, else out of model-index: ``model_index: false``, shown by the results table).
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Optional

from generator.records.hubrules import as_in, beside_a_score, check_metadata
from generator.records.numbers import YAML_NAN, decimals_of, no_number_code, shown_number, text_value, written_decimals
from generator.records.schema import validate
from generator.sources.card_index_paths import (
    INDEX_FIELDS,
    NO_DATASET,
    NO_TASK_TYPE,
    left_out_by,
    named_without_type,
    unknown_fix,
)
from generator.sources.common import Ingested, is_number

MAX_WRITTEN = 10  # the most decimals a metric's records keep (evaluation.schema.json's metrics[].decimals)


class IndexImport:
    """The evaluations of one card's model-index, warning about what is left out."""

    def __init__(self, result: Ingested, written: dict[str, str], legacy: bool):
        self.result = result
        self.written = written  # model-index metric path -> its value as written, where that ends in a zero
        self.legacy = legacy  # the model-index was read from a legacy model_index
        self.not_scores: list[tuple[str, str]] = []  # (path, "list" or "dict") of the values kept so (said once)

    def evaluations(self, index: Any, pipeline_tag: Optional[str]) -> list[dict[str, Any]]:
        """The evaluations the records hold of ``index``; a result's missing task is ``pipeline_tag``'s."""
        results = self.index_results(index)
        evaluations = [e for e in (self.evaluation(where, r, pipeline_tag) for where, r in results) if e]
        self.kept_not_scores()
        return evaluations

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

    def index_results(self, index: Any) -> list[tuple[str, dict[str, Any]]]:
        """(path, result) of the model-index less what the Hub would refuse and the records cannot hold;
        each part left out is reported as a warning at its path."""
        left_out: set[tuple] = set()
        reported: set[str] = set()
        index = self.unset_dataset_fields(self.nested_tasks(index))
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

    def nested_tasks(self, index: Any) -> Any:
        """``index`` with each result written as spacy-huggingface-hub 0.0.1 to 0.0.3 (July 2021) wrote it,
        ``tasks: {name, type, metrics}``, read as the task and metrics the Hub reads (0.0.4 on writes them so),
        said once."""
        nested: list[str] = []

        def unnest(i: int, j: int, result: Any) -> Any:
            tasks = result.get("tasks") if isinstance(result, dict) else None
            if not isinstance(tasks, dict) or "metrics" not in tasks or {"task", "metrics"} & result.keys():
                return result
            nested.append(f"model-index[{i}].results[{j}].tasks")
            rest = {k: v for k, v in result.items() if k != "tasks"}
            return {"task": {k: v for k, v in tasks.items() if k != "metrics"}, **rest, "metrics": tasks["metrics"]}

        out = _each_result(index, unnest)
        if nested:
            self.warn_index(nested[0], f"holds the result's task and its metrics in one{as_in(nested[1:])}, as "
                            "spacy-huggingface-hub 0.0.1 to 0.0.3 wrote them, which the Hub does not read; read as "
                            "the result's task: and metrics:", "nothing to do: the card is rendered with task: and "
                            "metrics: apart, as spacy-huggingface-hub 0.0.4 on writes them", "legacy-model-index")
        return out

    def unset_dataset_fields(self, index: Any) -> Any:
        """``index`` without the results' ``config: null`` and ``split: None``, said once: transformers' Trainer
        (4.26 on) writes them for an eval set it knows no config or split of (one built in memory, or mapped), as
        the Whisper fine-tuning blog's cards have them; they name nothing, and the result is the card's all the same.
        So is a revision YAML read as a number (unquoted digits) left out, said once: it no longer names the commit."""
        unset: list[str] = []
        numbers: list[str] = []  # an unquoted all-digit commit: YAML reads `revision: 0123456` as the number 123456

        def without(i: int, j: int, result: Any) -> Any:
            dataset = result.get("dataset") if isinstance(result, dict) else None
            if not isinstance(dataset, dict):
                return result
            gone = [k for k in ("config", "split") if k in dataset and dataset[k] in (None, "None")]
            unset.extend(f"model-index[{i}].results[{j}].dataset.{k}" for k in gone)
            revision = dataset.get("revision")
            if isinstance(revision, (int, float)) and not isinstance(revision, bool):
                gone.append("revision")
                numbers.append(f"model-index[{i}].results[{j}].dataset.revision")
            return {**result, "dataset": {k: v for k, v in dataset.items() if k not in gone}} if gone else result

        out = _each_result(index, without)
        if unset:
            self.warn_index(unset[0], f"is unset (`null`, or `None` as text: what transformers' Trainer writes for an "
                            f"eval set of no known config or split){as_in(unset[1:])}; left out, the result kept",
                            "set the evaluation's dataset.config and dataset.split in your records if you know them",
                            "placeholder-value")
        if numbers:
            self.warn_index(numbers[0], f"is a number, not the commit it names{as_in(numbers[1:])}: YAML reads an "
                            "unquoted all-digit revision as an integer, which drops any leading zero; left out, the "
                            "result kept", "quote the revision in the card (revision: \"0123456\"), as the commit "
                            "is written", "wrong-type")
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
        """The metric without its ``args`` when they are neither a mapping nor a string (the Hub takes both, as for a
        task's or dataset's args: MLRS/BERTu's two accuracies `args: upos` and `args: xpos`), with a warning."""
        args = metric.get("args")
        if "args" in metric and not (isinstance(args, dict) or isinstance(args, str) and args):
            self.warn_index(f"{where}.args", f"{args!r} is neither a mapping nor a string; left out",
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


def _each_result(index: Any, change: Callable[[int, int, Any], Any]) -> Any:
    """``index`` (a card's model-index) with each entry's results, ``model-index[i].results[j]``, as
    ``change(i, j, result)`` gives them; an entry without a results list, or an index that is no list, as it is."""
    if not isinstance(index, list):
        return index
    out = []
    for i, entry in enumerate(index):
        results = entry.get("results") if isinstance(entry, dict) else None
        out.append({**entry, "results": [change(i, j, result) for j, result in enumerate(results)]}
                   if isinstance(results, list) else entry)
    return out
