"""What the Hub accepts in card metadata, checked offline.

Rules follow the Hub's documented and observed validation (license ids, ISO
language codes, repo ids, base_model_relation values, pipeline tags) and
huggingface_hub's own model-index parser, which is stricter than the server
(it needs task.type, dataset.type and dataset.name). Problems carry the
frontmatter path; the caller names the file.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.errors import Problem, close_matches, counted
from generator.io.data import gc_paused
from generator.records.hubshapes import NULLABLE_KEYS, check_shapes
from generator.records.languages import (
    REPLACED_LANGUAGES,
    SPECIAL_LANGUAGES,
    bare_language,
    known_language,
    language_pair,
)
from generator.records.numbers import finite_number
from generator.resources import hub_list, language_code_of

REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$")
# base_model_relation values, and how a card states each before its base models
RELATION_LABELS = {"adapter": "Adapter of", "merge": "Merged from", "quantized": "Quantized from",
                   "finetune": "Finetuned from"}
RELATIONS = tuple(RELATION_LABELS)
REMOVED_PIPELINE_TAGS = {"conversational": "text-generation with the tag conversational",
                         "text2text-generation": "text-generation"}
MAX_CARD_BYTES = 10 * 1024 * 1024


def _err(path: str, message: str, fix: str, *, code: str) -> Problem:
    return Problem("", path, message, fix, code=code)


def _warn(path: str, message: str, fix: str, *, code: str) -> Problem:
    return Problem("", path, message, fix, severity="warning", code=code)


def _strings(value: Any, path: str, problems: list[Problem], soft: bool = False) -> list[tuple[str, str]]:
    """(path, string) for a string-or-list field; type problems reported (an item that is no string: as a warning
    with ``soft``)."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, list) and value:
        out = []
        say, taken = (_warn, ": the Hub took such cards and shows no tag for it") if soft else (_err, "")
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append((f"{path}[{i}]", item))
            elif item is None:  # a `- ` left empty
                problems.append(say(f"{path}[{i}]", "is empty" + taken, "fill it in or remove the item",
                                    code="wrong-type"))
            else:  # `- false`, `- 2021`: YAML reads them as no string
                problems.append(say(f"{path}[{i}]", f"{item!r} is not a string" + taken, "quote it",
                                    code="wrong-type"))
        return out
    problems.append(_err(path, f"{value!r} is not a string or a list of strings", "write a string or a list",
                         code="wrong-type"))
    return []


def namespaced_id(value: Any) -> bool:
    """Whether ``value`` is a Hub id with its namespace, ``org/name`` (:data:`REPO_ID` also takes a legacy bare name)."""
    return isinstance(value, str) and "/" in value and bool(REPO_ID.match(value))


def check_repo_id(path: str, value: str, kind: str, problems: list[Problem]) -> None:
    """An error in ``problems`` unless ``value`` is a Hub ``kind`` id (namespace/name, or a legacy bare name)."""
    if not value.strip():
        problems.append(_err(path, "is empty", "leave the key out or name a Hub id", code="empty-value"))
    elif not REPO_ID.match(value) or ".." in value or len(value.rpartition("/")[2]) > 96:  # the name: 96 at most
        problems.append(_err(path, f"{value!r} is not a Hub {kind} id",
                             f"use the {kind}'s id on the Hub, namespace/name (no paths, spaces or prose)",
                             code="not-a-hub-id"))


LOCAL_USE_LANGUAGE = re.compile(r"q[a-t][a-z]")


def _language(path: str, code: str, problems: list[Problem]) -> None:
    if known_language(code) or code in SPECIAL_LANGUAGES:
        return
    if code in hub_list("languages_not_listed"):
        # bloom's and mBERT's `roa`, `inc`, `gem`, MADLAD's `ber`: ISO 639-2 codes (collective ones), which the Hub's
        # check names ("an ISO 639-1, 639-2 or 639-3 code"), and retired 639-3 codes (NLLB's `ajp`)
        problems.append(_warn(path, f"{code!r} is an ISO 639-2 or retired ISO 639-3 code, which the Hub's language "
                              "list (huggingface.js) does not hold: the Hub's check names ISO 639-2 codes, but no "
                              "language page lists the model under it", "use the ISO 639-3 code of each language it "
                              "stands for", code="unlisted-language"))
        return
    if LOCAL_USE_LANGUAGE.fullmatch(code):
        # qaa-qtz: ISO 639-2 and 639-3 keep them for local use, so the Hub's check takes them (they are 639-2 codes),
        # but they mean only what their user agreed on: no language page, and no reader elsewhere, knows which
        problems.append(_warn(path, f"{code!r} is in ISO 639's range for local use (qaa-qtz): the Hub takes it, but "
                              "it names no language anyone else knows", "use the language's own ISO 639-3 code if it "
                              "has one, and say in the card which language it stands for", code="unlisted-language"))
        return
    bare = bare_language(code)
    if code in hub_list("languages_iso639_5"):
        problems.append(_err(path, f"{code!r} is an ISO 639-5 language-family code; the Hub takes ISO 639-1, 639-2 and "
                             "639-3 codes", "list the ISO 639-3 codes of the languages it stands for",
                             code="unknown-language"))
    elif code in REPLACED_LANGUAGES:
        problems.append(_err(path, f"{code!r} is not an ISO 639-1 or 639-3 language code (ISO withdrew it, or it was "
                             "never one)", f"use {REPLACED_LANGUAGES[code]!r}", code="unknown-language"))
    elif bare:
        # `en-de`, `ru-en`: a translation pair (opus-mt and WMT cards), two languages where the Hub takes one code each
        second = re.split(r"[-_]", code, maxsplit=1)[1]
        pair = language_pair(code)
        if not known_language(bare):  # `ma-en`: the first is no code either
            fix = f"{bare!r} is no ISO 639 code: give each language's ISO 639 code as an item of its own"
        elif pair:
            fix = (f"list {bare!r} and {second!r} as two items if it names a language pair, else use {bare!r} and put "
                   "the full tag in language_bcp47")
        else:
            fix = f"use the bare code {bare!r} and put the full tag in language_bcp47"
        problems.append(_err(path, f"{code!r} is not a bare language code: the Hub rejects a tag with a region, "
                             "script or variant subtag" + (", or two languages in one" if pair else ""), fix,
                             code="language-subtag"))
    else:
        named = language_code_of(code)
        problems.append(_err(path, f"{code!r} is not an ISO 639-1 or 639-3 language code",
                             f"use {named!r}, the code of the language it names" if named else
                             "use a code like en, fr, ro", code="unknown-language"))


def _result_dataset(at: str, dataset: Any, problems: list[Problem]) -> dict:
    """A model-index result's dataset (``at``: the result's path), its problems added to ``problems``; {} for none."""
    if not isinstance(dataset, dict):
        if dataset is not None:
            # `dataset: squad`: a dataset given, but not as the mapping the Hub types (as it types task and source,
            # whose wrong shapes are errors too); one left out the Hub takes (said by the caller)
            problems.append(_err(f"{at}.dataset", f"{dataset!r} is not a mapping", "write the dataset as type: (its "
                                 "Hub id) and name: under dataset:", code="wrong-type"))
        return {}
    for key in ("type", "name"):
        if not isinstance(dataset.get(key), str):
            problems.append(_err(f"{at}.dataset.{key}", "is required and must be a string", f"add dataset.{key}",
                                 code="missing-field"))
    for key in ("config", "split", "revision"):  # the Hub refuses a push of null too (transformers 4.26 on writes
        if key in dataset and not isinstance(dataset[key], str):  # `config: null`): "... must be a string"
            null = dataset[key] is None
            problems.append(_err(f"{at}.dataset.{key}", "is null, and must be a string" if null else
                                 f"{dataset[key]!r} must be a string", f"remove the line, or write the {key}" if null
                                 else "quote it", code="wrong-type"))
    return dataset


def _model_index(value: Any, problems: list[Problem]) -> None:
    if not isinstance(value, list):
        problems.append(_err("model-index", "is not a list", "write model-index as a list with one entry",
                             code="wrong-type"))
        return
    if len(value) > 1:
        problems.append(_warn("model-index", f"has {len(value)} entries; huggingface_hub keeps only the last name",
                              "put all results under one entry", code="multiple-model-index-entries"))
    for i, entry in enumerate(value):
        at = f"model-index[{i}]"
        if not isinstance(entry, dict):
            problems.append(_err(at, "is not a mapping", "write name: and results:", code="wrong-type"))
            continue
        if entry.get("name") == "":
            # transformers wrote `name: ''` for a Trainer whose output_dir was "./" (Maniac/wav2vec2-xls-r-urdu, 24
            # cards of 28,542 stored, from before the Hub checked metadata): the Hub now rejects the push with
            # `"model-index[0].name" is not allowed to be empty` (quoted in transformers PR #20496, which names the
            # model-index after the base model since 4.26)
            problems.append(_err(f"{at}.name", "is empty: the Hub refuses a README whose model-index names no model "
                                 "(\"is not allowed to be empty\")", "name the model (its repo id)",
                                 code="empty-value"))
        elif not isinstance(entry.get("name"), str):
            problems.append(_err(f"{at}.name", "is required and must be a string", "add the model's name",
                                 code="missing-field"))
        results = entry.get("results")
        if not isinstance(results, list):
            problems.append(_err(f"{at}.results", "is required and must be a list",
                                 "write results: [] when there are none", code="missing-field"))
            continue
        groups: dict[tuple, list[int]] = {}
        no_dataset: list[int] = []
        said_at = 0
        unverified: list[str] = []  # metrics claiming verified: true without a token, said once where the first is
        unverified_at = unverified_in = 0
        not_scores: list[tuple[str, str]] = []  # (metric, type) of values that are a list or mapping, likewise
        not_scores_at = not_scores_in = 0
        # whether huggingface_hub reads every result (see _loadable), found on the way: the keys it indexes
        loadable = True
        for j, result in enumerate(results):
            rat = f"{at}.results[{j}]"
            if not isinstance(result, dict):
                problems.append(_err(rat, "is not a mapping", "write task:, dataset:, metrics:", code="wrong-type"))
                loadable = False
                continue
            task = result.get("task")
            loadable = loadable and _indexed(result, task)
            if not isinstance(task, dict) or not isinstance(task.get("type"), str):
                problems.append(_err(f"{rat}.task.type", "is required and must be a string", "add the task type",
                                     code="missing-field"))
                task = {}
            dataset = result.get("dataset")
            if dataset is None:
                if not no_dataset:
                    said_at = len(problems)  # said once, where the first result without one is
                no_dataset.append(j)
            dataset = _result_dataset(rat, dataset, problems)
            metrics = result.get("metrics")
            if not isinstance(metrics, list) or not metrics:
                problems.append(_err(f"{rat}.metrics", "must be a non-empty list", "add the metrics measured",
                                     code="missing-field"))
                metrics = []
            for k, metric in enumerate(metrics):
                mat = f"{rat}.metrics[{k}]"
                if not isinstance(metric, dict):
                    problems.append(_err(mat, "is not a mapping", "write type: and value:", code="wrong-type"))
                    loadable = False
                    continue
                loadable = loadable and "type" in metric and "value" in metric
                if not isinstance(metric.get("type"), str):
                    problems.append(_err(f"{mat}.type", "is required and must be a string", "add the metric id",
                                         code="missing-field"))
                if "value" in metric and metric["value"] is None:
                    # `value:` left empty: the Hub's model-index types take any value (huggingface.js: `value:
                    # unknown`), but huggingface_hub drops a None when it writes the card back, leaving no value
                    problems.append(_warn(f"{mat}.value", "is empty: the Hub takes it and shows no score, but "
                                          "huggingface_hub leaves an empty value out when it rewrites the card, and "
                                          "the Hub refuses a metric without one", "write the value, or leave the "
                                          "metric out", code="empty-value"))
                elif isinstance(metric.get("value"), (list, dict)):
                    # huggingface.js types a value as `unknown`, the Hub took such cards and shows no score for them;
                    # MTEB 1.12's `v_measures: [...]` beside its `v_measure` is data kept on purpose: no warning
                    if beside_a_score(metric["value"], metrics):
                        continue
                    if not not_scores:
                        not_scores_at, not_scores_in = len(problems), j
                    not_scores.append((f"{rat[len(at) + 1:]}.metrics[{k}]", type(metric["value"]).__name__))
                elif "value" not in metric or isinstance(metric["value"], bool):
                    problems.append(_err(f"{mat}.value", "is required and must be a number or a string",
                                         "add the value", code="missing-field"))
                if "config" in metric and not isinstance(metric["config"], str):
                    problems.append(_err(f"{mat}.config", "must be a string", "quote it", code="wrong-type"))
                if metric.get("name") is not None and not isinstance(metric["name"], str):
                    problems.append(_warn(f"{mat}.name", f"{metric['name']!r} is not a string, as the Hub's "
                                          "model-index types have it", "write the name as text, or leave it out",
                                          code="wrong-type"))
                if metric.get("verified") is True and not metric.get("verifyToken"):
                    # `verified: false` is the documented default (hub-docs modelcard.md until 2023) and the Hub's
                    # evaluation service wrote `verified: true` with its verifyToken: only a claim without one is void
                    if not unverified:
                        unverified_at, unverified_in = len(problems), j
                    unverified.append(f"{rat[len(at) + 1:]}.metrics[{k}]")
            source = result.get("source")
            if source is not None and (not isinstance(source, dict) or not isinstance(source.get("url"), str)):
                problems.append(_err(f"{rat}.source.url", "is required when source is given", "add source.url",
                                     code="missing-field"))
            groups.setdefault(merge_identity(task.get("type"), dataset.get("type"), dataset), []).append(j)
        said: list[tuple[int, int, Problem]] = []  # (where, in which result, what): inserted where first found
        if unverified:  # one warning for the card's claims (AutoTrain's cards set it on each of 48 metrics)
            said.append((unverified_at, 2 * unverified_in + 1, _warn(
                f"{at}.{unverified[0]}.verified", "is true without a verifyToken" + as_in(unverified[1:]) + ": the Hub "
                "sets verified from the token its evaluation service signs, not from the card", "leave verified out",
                code="set-by-hub")))
        if not_scores:  # one warning for the model-index (MTEB 1.12 writes one on each of up to 18 clustering results)
            said.append((not_scores_at, 2 * not_scores_in + 1, _warn(
                f"{at}.{not_scores[0][0]}.value", f"is a {not_scores[0][1]}, not a score"
                + as_in([m for m, _ in not_scores[1:]]) + ": the Hub takes it and shows none",
                "write the metric's score as one number, or leave the metric out", code="not-a-number")))
        if no_dataset:  # the Hub takes results without one (spaCy's cards have none); huggingface_hub cannot load them
            said.append((said_at, 2 * no_dataset[0], _warn(f"{at}.results[{no_dataset[0]}].dataset", "is missing"
                + as_in([f"results[{j}]" for j in no_dataset[1:]], limit=None) + ": the Hub accepts such results, but "
                "huggingface_hub cannot load a model-index without it", "add dataset.type and dataset.name",
                code="missing-field")))
        for where, _, problem in sorted(said, key=lambda item: item[:2], reverse=True):  # a result's dataset first
            problems.insert(where, problem)
        if loadable:  # else huggingface_hub cannot load it, so never merges it
            problems += _merges(at, results, groups)


# What huggingface_hub takes from the first of the results it merges (eval_results_to_model_index);
# the metrics of all of them are kept, so results alike in these merge without loss.
_KEPT_FROM_FIRST = (("task", "name"), ("dataset", "name"), ("dataset", "args"), ("source", "url"), ("source", "name"))


def beside_a_score(value: Any, metrics: list) -> bool:
    """Whether a metric value that is a list or mapping is data kept beside a score, which needs no warning: numbers
    (MTEB 1.12's `v_measures`, the clustering's score on each fold) in a result whose other metrics give a score
    (its `v_measure`). An empty one, one of text or placeholders (`[18.55%]`, `{ wer_result_on_test }`), or the only
    values of a result (a Trainer card's rouge dict) stand where a score should be."""
    items = value.values() if isinstance(value, dict) else value
    if not items or not all(finite_number(item) for item in items):
        return False
    return any(isinstance(m, dict) and finite_number(m.get("value")) for m in metrics)


def as_in(others: list[str], limit: Optional[int] = 3) -> str:
    """' (as in a, b, c and 4 more)': the other places of a problem said once for a whole model-index."""
    if not others:
        return ""
    shown = others if limit is None else others[:limit]
    rest = len(others) - len(shown)
    return f" (as in {', '.join(shown)}" + (f" and {rest} more" if rest else "") + ")"


def merge_identity(task_type: Any, dataset_id: Any, dataset: dict) -> tuple[str, ...]:
    """What huggingface_hub merges model-index results on when it rewrites a card (eval_results_to_model_index):
    the task type, the dataset's id (model-index's dataset.type) and its config, split and revision."""
    return (str(task_type), str(dataset_id), str(dataset.get("config")), str(dataset.get("split")),
            str(dataset.get("revision")))


def _indexed(result: dict, task: Any) -> bool:
    """_loadable's test of a result mapping but for its metrics (``task``: its task), which the caller tests as it
    goes through them."""
    dataset = result.get("dataset")
    return ("dataset" in result and "metrics" in result and isinstance(task, dict) and "type" in task
            and isinstance(dataset, dict) and "type" in dataset and "name" in dataset
            and isinstance(result["metrics"], list))


def _loadable(result: Any) -> bool:
    """Whether huggingface_hub reads this model-index result (model_index_to_eval_results indexes these keys, and
    a card any of whose results lacks one loads with no results at all)."""
    def has(part: Any, *keys: str) -> bool:
        return isinstance(part, dict) and all(key in part for key in keys)

    metrics = result.get("metrics") if isinstance(result, dict) else None
    return (has(result, "task", "dataset", "metrics") and has(result["task"], "type")
            and has(result["dataset"], "type", "name") and isinstance(metrics, list)
            and all(has(metric, "type", "value") for metric in metrics))


def _merges(at: str, results: list, groups: dict[tuple, list[int]]) -> list[Problem]:
    """One warning for the groups of results huggingface_hub would merge into one, losing what told them apart:
    said at the first, naming the others (an MTEB card, jinaai/jina-embeddings-v3, has 23 such groups)."""
    merged = []  # (first, the results losing something, the fields they lose)
    for members in groups.values():
        first = members[0]
        lost_by = {j: _lost_in_merge(results[first], results[j]) for j in members[1:]}
        losing = [j for j, fields in lost_by.items() if fields]
        if losing:  # else alike in all it keeps from the first: merged without loss (metrics are all kept)
            merged.append((first, losing, {field for j in losing for field in lost_by[j]}))
    if not merged:
        return []
    order = [f"{part}.{key}" for part, key in _KEPT_FROM_FIRST].index
    (first, losing, lost), more = merged[0], merged[1:]
    others = ", ".join(f"results[{j}]" for j in losing[1:])
    said = (f"shares task, dataset, config, split and revision with results[{first}]"
            + (f" (as do {others})" if others else "") + f" but not {', '.join(sorted(lost, key=order))}")
    if more:
        said += f"; so {'does' if len(more) == 1 else 'do'} {counted(len(more), 'more group')} of results" + as_in(
            [" and ".join(f"results[{j}]" for j in group) + f" with results[{head}]" for head, group, _ in more])
    everything = sorted(set().union(*(fields for _, _, fields in merged)), key=order)
    return [_warn(f"{at}.results[{losing[0]}]", said + ": huggingface_hub merges "
                  + ("each group" if more else "them") + " when it rewrites the card and keeps only "
                  + ("its first result's" if more else f"results[{first}]'s"),
                  "keep them apart by dataset.config (such as the language pair or subset), split or revision, or "
                  "give them the same " + " and ".join(everything), code="duplicate-result")]


def _lost_in_merge(first: dict, later: dict) -> list[str]:
    """The fields of ``later`` that merging it into ``first`` would drop (those that differ)."""
    def get(result: dict, part: str, key: str) -> Any:
        section = result.get(part)
        return section.get(key) if isinstance(section, dict) else None

    return [f"{part}.{key}" for part, key in _KEPT_FROM_FIRST if get(first, part, key) != get(later, part, key)]


# Keys the Hub's metadata check types (observed rejections: `language:` left empty, `base_model: ""`, a license or
# model-index it cannot read); an empty value of any other key is kept by the Hub. `widget:` left empty is not among
# them: the Hub took such cards (Fujitsu/AugCode, carlosdanielhernandezmena's NeMo cards of 2022, their model-index
# checked at push), so it is a warning, as huggingface.js types widget as a list.
HUB_TYPED_KEYS = frozenset({"license", "license_name", "license_link", "language", "base_model", "base_model_relation",
                            "datasets", "pipeline_tag", "library_name", "new_version", "model-index"})


def _empty(key: str, value: Any, authoring: bool) -> Problem:
    """An empty value (None, "", []): an error where the Hub rejects it, else a warning (the Hub keeps the card)."""
    # an empty list passes the Hub's list types (mergekit's `base_model: []`); model-index needs an entry
    rejected = key in HUB_TYPED_KEYS and (value != [] or key == "model-index")
    what = "an empty list" if value == [] else "empty"
    if authoring or rejected:  # records leave out what would show nothing (an imported card's `tags: []`, `thumbnail:`)
        return _err(key, "is empty, which the Hub rejects" if rejected else
                    f"is {what}: the Hub keeps it but shows nothing for it", "leave the key out", code="empty-value")
    return _warn(key, f"is {what}: the Hub accepts the card and shows nothing for it", "fill it in or leave the key "
                 "out" + (" (mergekit writes base_model: [] when no merged model is a Hub id: list their Hub ids)"
                          if key == "base_model" else ""), code="empty-value")


def _library(library: str, problems: list[Problem]) -> None:
    """library_name is free-form on the Hub (cleanRL's `cleanrl`, CTranslate2's `ctranslate2` are not in its list and
    have no page or snippet there): only a near miss of a name it knows (a typo) is worth a warning."""
    if library in hub_list("pipeline_tags") and library != "other":  # the task written where the library goes
        problems.append(_warn("library_name", f"{library!r} is a pipeline tag (the model's task), not a library",
                              f"write pipeline_tag: {library}, and the library (transformers, diffusers...) here",
                              code="unknown-library"))
        return
    known = hub_list("library_names")
    folded = {name.lower(): name for name in known}
    near = folded.get(library.lower()) or next(iter(close_matches(library, known, n=1, cutoff=0.85)), None)
    # a known name and a version number is a library of its own (Meta's fairseq2 beside fairseq), and so is a name
    # that a known one extends by a word (tensorflow beside TensorFlowTTS's tensorflowtts, lightning beside
    # lightning-ir); a letter or two missing at the end (diffuser) is a typo
    if near is not None and not (library.startswith(near) and library[len(near):].isdigit()) and not (
            near.startswith(library.lower()) and len(near) - len(library) >= 3):
        problems.append(_warn("library_name", f"{library!r} is not a library the Hub knows", f"did you mean {near!r}?",
                              code="unknown-library"))


@gc_paused()
def check_metadata(meta: dict[str, Any], *, authoring: bool = False) -> list[Problem]:
    """Every problem the Hub (or huggingface_hub) would have with this metadata. ``authoring``: metadata this tool
    writes from records, where a pipeline tag the Hub does not list (a typo, a removed task) is an error; on a card
    the Hub takes it, so it is a warning."""
    problems: list[Problem] = []
    soft = _err if authoring else _warn
    for key, value in meta.items():
        if value is None and key in NULLABLE_KEYS and not authoring:
            continue  # huggingface.js types these `string | null`: NeMo's and speechbrain's `thumbnail: null`
        if value is None or value == "" or value == []:
            problems.append(_empty(key, value, authoring))
    if meta.get("license") not in (None, "", []):  # an empty value is said once, above
        licenses = _strings(meta["license"], "license", problems)
        for path, lic in licenses:
            if lic not in hub_list("licenses"):
                problems.append(_err(path, f"{lic!r} is not a Hub license id",
                                     f"use {lic.lower()!r}: the Hub's license ids are lower case"
                                     if lic.lower() in hub_list("licenses") else
                                     "use an id from the Hub's license list, or `other` with license_name and license_link",
                                     code="unknown-license"))
        if any(lic == "other" for _, lic in licenses) and "license_name" not in meta:
            problems.append(_warn("license", "is `other` without license_name", "add license_name" + (
                "" if "license_link" in meta else " and license_link"), code="missing-license-name"))
    if meta.get("language") not in (None, "", []):
        for path, code in _strings(meta["language"], "language", problems):
            _language(path, code, problems)
    if meta.get("base_model") not in (None, "", []):  # said once, above (mergekit writes [] for local models)
        bases = _strings(meta["base_model"], "base_model", problems)
        for path, base in bases:
            check_repo_id(path, base, "model", problems)
        if meta.get("base_model_relation") == "merge" and len(bases) < 2:
            problems.append(_warn("base_model_relation", "is merge with a single base model", "list every merged model",
                                  code="single-merge-base"))
    relation = meta.get("base_model_relation")
    if relation is not None:
        if relation not in RELATIONS:
            problems.append(_err("base_model_relation", f"{relation!r} is not one of {', '.join(RELATIONS)}",
                                 "use adapter, merge, quantized or finetune", code="not-allowed-value"))
        if meta.get("base_model") is None:
            problems.append(_err("base_model_relation", "is set without base_model", "add base_model",
                                 code="relation-without-base-model"))
    if meta.get("datasets") not in (None, "", []):  # an empty value is said once, above
        for path, ds in _strings(meta["datasets"], "datasets", problems):
            check_repo_id(path, ds, "dataset", problems)
    if meta.get("new_version") not in (None, "", []):
        for path, nv in _strings(meta["new_version"], "new_version", problems):
            check_repo_id(path, nv, "model", problems)
    tag = meta.get("pipeline_tag")
    if tag is not None:
        if not isinstance(tag, str):
            problems.append(_err("pipeline_tag", f"{tag!r} is not a string", "use one pipeline tag",
                                 code="wrong-type"))
        # the Hub takes either (cards of 2021-2023 keep text2text-generation and conversational): it only
        # shows no task for them
        elif tag in REMOVED_PIPELINE_TAGS:
            problems.append(soft("pipeline_tag", f"{tag!r} was removed from the Hub", f"use {REMOVED_PIPELINE_TAGS[tag]}",
                                 code="removed-pipeline-tag"))
        elif tag not in hub_list("pipeline_tags"):
            problems.append(soft("pipeline_tag", f"{tag!r} is not a Hub pipeline tag",
                                 f"{tag!r} is a library: write library_name: {tag} and the model's task here"
                                 if tag in hub_list("library_names") else
                                 "use one of the Hub's tasks, e.g. text-generation",
                                 code="unknown-pipeline-tag"))
    library = meta.get("library_name")
    if isinstance(library, str) and library not in hub_list("library_names"):
        _library(library, problems)
    tags = meta.get("tags")
    if isinstance(tags, str) and tags and not authoring:
        # AutoNLP's cards (2021) write `tags: autonlp`: the Hub keeps the card, huggingface_hub reads it as [tags]
        problems.append(_warn("tags", f"is the string {tags!r}, not a list", f"write it as a list: tags: [{tags}]",
                              code="wrong-type"))
    elif isinstance(tags, list) and tags:
        # each item that is no string, by its path; tags are free-form and the Hub took NbAiLab's `- false` (a
        # huggingface_hub round trip of `- no`) in cards whose model-index it checked at push (2022): a warning
        _strings(tags, "tags", problems, soft=not authoring)
    elif tags not in (None, "", []):
        problems.append(_err("tags", "must be a list of strings", "write tags as a list", code="wrong-type"))
    if "model-index" in meta:
        _model_index(meta["model-index"], problems)
    check_shapes(meta, problems)
    return problems
