"""A card's frontmatter -> the records' model metadata and evaluations (the card importer's first half).

Keys the records hold under model are kept as they are, others go to model.metadata. Consumed
rather than kept: ``model_name`` when it is the model-index's name (huggingface_hub's name for the model-index name,
which TRL writes; kept as its own key otherwise), TRL's placeholder ``licence: license`` (dropped with a warning), and the legacy
``model_index`` of transformers 4.7 to 4.9 (read as model-index, with a warning). The model-index's results become
evaluations in card_index_import.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional

from generator.card.model_index import index_entries, index_name, upgrade_legacy_index, zero_ended_values
from generator.errors import some_of
from generator.markdown.frontmatter import is_missing_cell
from generator.records.hubrules import REMOVED_PIPELINE_TAGS, check_metadata
from generator.records.model import FRONTMATTER_KEYS
from generator.resources import hub_list
from generator.sources.base_path import local_base_warning, unloadable_base
from generator.sources.card_index_import import IndexImport
from generator.sources.card_languages import read_language_names
from generator.sources.common import HUB_ID, Ingested, as_list
from generator.sources.trainer_args_state import transformers_release
from generator.sources.trainer_model import base_model_tags, local_adapter_base, model_id

LIST_KEYS = ("datasets", "tags")
# Keys the records keep as one string, which a card may give as a list of one (`library_name: [keras]`).
STRING_KEYS = ("license_name", "license_link", "library_name", "pipeline_tag")
# A problem's path at a top-level key or one item of it: "language", "base_model[1]".
TOP_PATH = re.compile(r"^([^\[.]+)(?:\[(\d+)\])?$")
_GONE = object()  # a value take_not_finite leaves out


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
    _license_case(meta, result, at)
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


def _license_case(meta: dict[str, Any], result: Ingested, at: str) -> None:
    """A license written in capitals whose lower case is the Hub's id (QCRI's `license: "MIT"` of 2020) is that id,
    with a warning: left out, the adopted card lost the model's license, a fact the card stated."""
    value = meta.get("license")
    written = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    read = [lic.lower() if isinstance(lic, str) and lic not in hub_list("licenses") and
            lic.lower() in hub_list("licenses") else lic for lic in written]
    if read == written:
        return
    meta["license"] = read[0] if isinstance(value, str) else read
    was = [repr(x) for x, y in zip(written, read) if x != y]
    now = [repr(y) for x, y in zip(written, read) if x != y]
    result.warn(f"{at}: license" if at else "license", f"{some_of(was)} is not a Hub license id (the Hub's are lower "
                f"case); read as {some_of(now)}", "nothing to do: the card is rendered with it", code="unknown-license")


class _MetadataImport:
    def __init__(self, meta: dict[str, Any], result: Ingested, written: dict[str, str]):
        self.meta = meta
        self.written = written  # model-index metric path -> its value as written, where that ends in a zero
        self.result = result
        self.data = result.data
        self.legacy = False  # the model-index was read from a legacy model_index
        self.quick = False  # an adapter of a local base: its warning says the card gets no Quick start

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
        self.take_not_finite(meta)
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
        if "model-index" in meta:
            reader = IndexImport(self.result, self.written, self.legacy)
            evaluations = reader.evaluations(meta["model-index"], model.get("pipeline_tag"))
            if evaluations:
                self.data["evaluations"] = evaluations
        self.data["model"] = model

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

    def take_not_finite(self, meta: dict[str, Any]) -> None:
        """Leave out a NaN or infinity outside the model-index (whose reader keeps a NaN as text) and a tabular widget's
        missing cells (which the records keep), with a warning each: the Hub keeps and shows it, but the records
        refuse it, so the records the import wrote could not be rendered. A mapping or list emptied so goes too."""
        def kept(value: Any, path: str) -> Any:
            if isinstance(value, float) and not math.isfinite(value) and not is_missing_cell("$." + path):
                self.result.warn(path, f"{value!r} is not a finite number, which the records need; left out",
                                 "write the number, or leave the value out", code="not-finite")
                return _GONE
            if isinstance(value, dict):
                mapping = {k: kept(v, f"{path}.{k}") for k, v in value.items()}
                mapping = {k: v for k, v in mapping.items() if v is not _GONE}
                return _GONE if value and not mapping else mapping
            if isinstance(value, list):
                items = [kept(v, f"{path}[{i}]") for i, v in enumerate(value)]
                items = [v for v in items if v is not _GONE]
                return _GONE if value and not items else items
            return value

        for key in [k for k in meta if k != "model-index"]:
            value = kept(meta[key], key)
            if value is _GONE:
                del meta[key]
            else:
                meta[key] = value

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

def import_metadata(meta: dict[str, Any], result: Ingested, text: str = "") -> None:
    """Put the card's metadata into ``result.data`` as model and evaluations, warning about what is left out;
    ``text``: the card, whose model-index values written with zeros after their last digit keep them."""
    _MetadataImport(meta, result, zero_ended_values(text) if text else {}).metadata()


def train_split_left_out(evaluations: list[Any], transformers: Any, result: Ingested) -> None:
    """Leaves out the dataset split of the model-index of a Trainer's card that transformers 4.21-4.25 wrote
    (``transformers``: the version its "Framework versions" list): TrainingSummary.from_trainer took the dataset's
    config and split from ``train_dataset`` (PR #20506 took the eval dataset's from 4.26 on), so a card of the
    evaluation's results says ``split: train`` (dmcheon/ner_for_jd: conll2003's 3,250 validation examples)."""
    release = transformers_release(transformers)
    if release is None or not (4, 21, 0) <= release < (4, 26, 0):
        return
    splits = [e["dataset"].pop("split") for e in evaluations
              if isinstance(e, dict) and isinstance(e.get("dataset"), dict) and "split" in e["dataset"]]
    if splits:
        result.warn("README.md", f"the model-index's dataset split ({', '.join(sorted(set(map(str, splits))))}) is "
                    f"the training set's: transformers {transformers} wrote it from train_dataset, while the metrics "
                    "are of the evaluation; left out", "set the split the evaluation scored in your records "
                    "(evaluations[].dataset.split)", code="train-split-in-index")
