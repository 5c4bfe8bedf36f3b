"""A model sentence-transformers or SetFit saved into a run's folder, and the cards they write -> records.

sentence-transformers saves ``config_sentence_transformers.json`` (its version, the similarity function and, from
v5, the model's class as ``model_type``: SentenceTransformer or SparseEncoder) beside ``modules.json``; a CrossEncoder
(v4 on) is a transformers classifier whose ``config.json`` holds a ``sentence_transformers`` object. SetFit saves its
Sentence Transformer body with its head's ``model_head.pkl`` (never read) and (1.0 on) ``config_setfit.json`` beside
it. Each writes its own README on saving. The library and pipeline tag are those their own cards give (``model_card.py`` of
each: a SentenceTransformer is sentence-similarity, a SparseEncoder feature-extraction, a CrossEncoder text-ranking
with one label and text-classification with more, a SetFit model text-classification); config.json's architecture
alone (a BertModel) says a plain transformers model.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from generator.errors import InputError, Problem
from generator.sources.common import Ingested, read_json_object
from generator.sources.trainer_model import ST_CONFIG, file_version

if TYPE_CHECKING:
    from generator.sources.trainer_readme import TrainerReadme

SETFIT_CONFIG = "config_setfit.json"
# SetFit's classification head (setfit/modeling.py MODEL_HEAD_NAME, 0.x on), saved beside its body: before 1.0 the one
# file of a folder that says SetFit (0.x saves no config_setfit.json; its body's config_sentence_transformers.json may
# be left uncommitted, as in argilla-io/argilla's tmp/)
SETFIT_HEAD = "model_head.pkl"
# The sentence each tool's card opens with (sentence-transformers v2's and v3-v6's, its Cross Encoder's (v4), Sparse
# Encoder's (v5) and Multi-Vector Encoder's (v6), these two named by their model_type: "SPLADE Sparse Encoder", ...;
# SetFit's 1.0 on and its 0.x MODEL_CARD_TEMPLATE's), and SetFit's tag: a README holding one is the card the tool wrote
# when it saved the model.
CARD_MARKS = ("This is a [sentence-transformers](https://www.SBERT.net) model",
              "](https://www.sbert.net/docs/cross_encoder/usage/usage.html) model",
              "](https://www.sbert.net/docs/sparse_encoder/usage/usage.html) model",
              "](https://www.sbert.net/docs/multi_vector_encoder/usage/usage.html) model",
              "This is a [SetFit](https://github.com/huggingface/setfit) model",
              "This is a [SetFit model](https://github.com/huggingface/setfit)", "generated_from_setfit_trainer")
# config_sentence_transformers.json's model_type -> the pipeline tag the class's card gives (CrossEncoder: _ranker)
_PIPELINES = {"SentenceTransformer": "sentence-similarity", "SparseEncoder": "feature-extraction",
              "MultiVectorEncoder": "feature-extraction"}
# The tags a SparseEncoder's and a MultiVectorEncoder's card give (their model_card.py's defaults), which tell their
# feature-extraction apart (the Quick start's class, card.usage_sentence), for a model saved without its card
_TAGS = {"SparseEncoder": ["sentence-transformers", "sparse-encoder", "sparse"],
         "MultiVectorEncoder": ["sentence-transformers", "multi-vector", "colbert", "late-interaction"]}


def is_library_card(path: Path) -> bool:
    """Whether ``path`` is a README.md sentence-transformers or SetFit wrote (its marks in the first 64 KiB): a run
    committed as that card alone is read as the run's, as a Trainer's card is."""
    if not path.is_file():
        return False
    with path.open("rb") as file:
        head = file.read(65536).decode("utf-8", "replace")
    return any(mark in head for mark in CARD_MARKS)


def _config(path: Path, result: Ingested) -> dict[str, Any]:
    """``path``'s JSON object, or {} (with a warning) when it holds none: the model is then read from its other
    files."""
    try:
        return read_json_object(path, str(path), f"sentence-transformers and SetFit write {path.name} as an object")
    except InputError as exc:
        problem = exc.problems[0]
        result.warn(path.name, problem.message, problem.fix, code=problem.code)
        return {}


def read_sentence_model(folder: Path, result: Ingested) -> None:
    """The library, pipeline tag and Sentence Transformers version of a model sentence-transformers or SetFit saved
    in ``folder``; read before config.json, whose architecture would name a transformers model, and after the
    README, whose metadata (the tool's own card's) is kept where it says otherwise."""
    model = result.data.setdefault("model", {})
    st_config = _config(folder / ST_CONFIG, result) if (folder / ST_CONFIG).is_file() else None
    try:  # one that is no JSON object is config.json's reader's to report
        config = read_json_object(folder / "config.json") if (folder / "config.json").is_file() else {}
    except InputError:
        config = {}
    own = config.get("sentence_transformers")  # a CrossEncoder of v4-v5: no config_sentence_transformers.json
    pipeline: Optional[str]
    if (folder / SETFIT_CONFIG).is_file() or (folder / SETFIT_HEAD).is_file():
        library, pipeline = "setfit", "text-classification"
    elif st_config is not None:
        kind = st_config.get("model_type", "SentenceTransformer")
        library, pipeline = "sentence-transformers", _ranker(config) if kind == "CrossEncoder" else _PIPELINES.get(kind)
        tags = model.setdefault("tags", []) if kind in _TAGS else []
        tags.extend(tag for tag in _TAGS.get(kind, []) if tag not in tags)
    elif isinstance(own, dict):
        library, pipeline = "sentence-transformers", _ranker(config)
    else:
        return
    model.setdefault("library_name", library)
    if library == "setfit":
        _save_path_id(folder, result)
    if pipeline:  # a class of a later release than these (its tag not guessed)
        model.setdefault("pipeline_tag", pipeline)
    versions = (st_config or {}).get("__version__")
    if isinstance(versions, dict) and isinstance(versions.get("sentence_transformers"), str):
        file_version(result, "Sentence Transformers", versions["sentence_transformers"], ST_CONFIG,
                     "__version__.sentence_transformers")
    elif isinstance(own, dict) and isinstance(own.get("version"), str):
        file_version(result, "Sentence Transformers", own["version"], "config.json", "sentence_transformers.version")


def _save_path_id(folder: Path, result: Ingested) -> None:
    """SetFit names a model in its card by the path it was saved to: 0.x by that path as given (``save_pretrained(
    "tmp")``: `# tmp`, `SetFitModel.from_pretrained("tmp")`), 1.2 by its last two parts when saved into the temp dir
    (`from_pretrained("run/setfit")`, meant for push_to_hub, which saves to <tmp>/<repo id>): a model saved so for other
    use gets a card loading a Hub id that is no such thing. Such an id is kept as ``result.save_path_id`` (the
    pipeline writes the repo id in its place, as for a placeholder) and not read as the repo id (the card read with
    the run took it so)."""
    card = result.person_card  # the card SetFit wrote, read with the run
    if card is None:
        return
    resolved = folder.resolve()
    code = "\n".join(str(section.get("content", "")) for section in card.data.get("sections") or []
                     if isinstance(section, dict))
    saved = next((path for path in _SETFIT_LOADS.findall(code) if path.rstrip("/") == folder.name or (
        path.startswith(("/", "./", "../", "~")) and path.rstrip("/").endswith(f"/{folder.name}"))), None)
    if saved is None:
        two = "/".join(resolved.parts[-2:])
        if Path(tempfile.gettempdir()).resolve() not in resolved.parents or len(resolved.parts) < 3 or \
                f'"{two}"' not in code:
            return
        saved = two
    result.save_path_id = saved
    model = card.data.get("model") or {}
    if model.get("repo_id") == saved:
        del model["repo_id"]
        card.warnings = [w for w in card.warnings if w.code != "repo-id-from-card"]


# The model SetFit's card loads (its template's usage code, 0.x on)
_SETFIT_LOADS = re.compile(r'SetFitModel\.from_pretrained\("([^"\n]+)"\)')


def _ranker(config: dict[str, Any]) -> str:
    """A CrossEncoder's pipeline tag, by the labels of its config.json (as its card's: text-ranking for one score)."""
    labels = config.get("id2label")
    count = len(labels) if isinstance(labels, dict) and labels else config.get("num_labels", 1)
    return "text-ranking" if count == 1 else "text-classification"


# The model id the tools' cards load when the model was saved without one: sentence-transformers 3-6's (each class its
# own) and SetFit's, in quotes; 2.x's template variable, in its code and its benchmark link, which its save() leaves
# when given no model_name. Each tool writes the repo id there when it pushes the model to the Hub
# (model_card_data.set_model_id; 2.x's save_to_hub saves with the repo id as model_name).
MODEL_ID_PLACEHOLDER = re.compile(r"""(["'])(sentence_transformers_model_id|cross_encoder_model_id|"""
                                  r"""sparse_encoder_model_id|multi_vector_encoder_model_id|setfit_model_id)\1"""
                                  r"""|(?<!\$)(\{MODEL_NAME\})""")  # (a shell's ${MODEL_NAME} is none)
# sentence-transformers 2.x's card title, left as its template wrote it by the same save()
V2_TITLE = "{MODEL_NAME}"


def fill_model_ids(data: dict[str, Any], saved: Optional[str] = None) -> list[Problem]:
    """The tool's placeholder model id in the usage code of a card's sections (``SentenceTransformer(
    "sentence_transformers_model_id")`` of a model saved, not pushed), and SetFit's id of a model saved in the temp dir
    (``saved``: _save_path_id), replaced by the records' repo id, as the tool writes it when it pushes; without a repo
    id, kept as written and said (the warnings returned)."""
    repo = data.get("model", {}).get("repo_id")
    if repo and saved is not None and data["model"].get("name") == saved:
        del data["model"]["name"]  # SetFit 0.x's title, the same path: the repo titles the card
    pattern = MODEL_ID_PLACEHOLDER if saved is None else \
        re.compile(f"{MODEL_ID_PLACEHOLDER.pattern}|(\"){re.escape(saved)}\"")
    # `{MODEL_NAME}` in a card sentence-transformers did not write is the person's own (a Python f-string's variable in
    # nisten/Biggie-SmoLlm-0.15B-Base's training script, `f"Initializing {MODEL_NAME} ..."`), unless it is a whole
    # string literal, as 2.x's code writes it: `SentenceTransformer('{MODEL_NAME}')`
    v2 = _sentence_transformers_card(data)

    def is_placeholder(found: re.Match[str]) -> bool:
        if v2 or found.group(3) is None:
            return True
        text, start = found.string, found.start()
        quote = text[start - 1:start] if start else ""  # and no f, r or b before it: an f-string's is a variable
        return quote in ("'", '"') and text[found.end():found.end() + 1] == quote and \
            not text[max(start - 2, 0):start - 1].isalpha()

    said = []
    for section in data.get("sections") or []:  # a sub-heading's text is in its parent's (card_nest)
        content = section.get("content") if isinstance(section, dict) else None
        found = next((m for m in pattern.finditer(content) if is_placeholder(m)), None) if isinstance(content, str) \
            else None
        if found is None or not isinstance(content, str):
            continue
        if repo:
            section["content"] = pattern.sub(lambda m: f"{_quote(m)}{repo}{_quote(m)}" if is_placeholder(m) else m.group(0),
                                             content)
        else:
            placeholder = found.group(2) or found.group(3)
            what = ("the placeholder sentence-transformers or SetFit writes for a model saved without its Hub repo id"
                    if placeholder else "the path SetFit saved the model to (its last two folders in the temp dir), "
                    "which it writes as the model id: no Hub id")
            said.append(Problem(f"{section.get('title', '')} section", "", f"names the model "
                                f"{placeholder or saved!r}, {what}; kept as written",
                                "pass --repo-id ORG/NAME (or set model.repo_id) to write the repo id in its place",
                                severity="warning", code="placeholder-value"))
    return said


def _sentence_transformers_card(data: dict[str, Any]) -> bool:
    """Whether the records are of a card sentence-transformers wrote (its library or tag, or its card's opening line
    in the summary or a section), whose 2.x template leaves `{MODEL_NAME}` for the model id."""
    model = data.get("model") or {}
    tags = model.get("tags")
    texts = [model.get("summary"), *(s.get("content") for s in data.get("sections") or [] if isinstance(s, dict))]
    return model.get("library_name") == "sentence-transformers" or isinstance(tags, list) and \
        "sentence-transformers" in tags or any(isinstance(text, str) and CARD_MARKS[0] in text for text in texts)


def _quote(found: re.Match[str]) -> str:
    """The quote around a model id found by fill_model_ids' pattern (none around 2.x's {MODEL_NAME})."""
    return next((group for group in (found.group(1), *found.groups()[3:]) if group), "")


def said_by_library_card(readme: TrainerReadme, result: Ingested) -> None:
    """What the run's reading took from the card SetFit or a CrossEncoder wrote (no Trainer's card: the pipeline
    keeps its whole text as the person's card, pipeline._person_card) left out where that text says it: its
    "Framework Versions" (and a file's version of a library it lists the same), its BibTeX and its "Training
    Hyperparameters" list (the run's arguments when all came from it). Written again from the records, each came
    twice (serdarcaglar/primary-school-math-question's card: both lists and the Citation)."""
    from generator.sources.trainer_readme import listed_versions

    if readme.trainer or result.person_card is None or not any(mark in readme.text[:65536] for mark in CARD_MARKS):
        return
    training = result.data.get("training", {})
    versions = training.get("framework_versions") or {}
    for name, version in listed_versions(readme.text):
        if versions.get(name) == version:
            del versions[name]
    hyperparameters = training.get("hyperparameters") or {}
    if hyperparameters and all(k in readme.hyperparameters and readme.hyperparameters[k] == v
                               for k, v in hyperparameters.items()):
        del training["hyperparameters"]
    citations = [c for c in result.data.get("citations", []) if c["bibtex"] not in readme.text]
    if citations:
        result.data["citations"] = citations
    else:
        result.data.pop("citations", None)


_TOOL_LOG_LINES = ("<details><summary>Click to expand</summary>", "</details>",
                   "* The bold row denotes the saved checkpoint.")


def logs_said_by_run(result: Ingested) -> None:
    """sentence-transformers' "### Training Logs" (its card's, in the run's reading) left out where the run's training
    results show each evaluation it shows: the card's "Training results" table, from the same log, holds every
    evaluator metric (the tool's log table its primary one) and each evaluation's loss; the tool's adds the training
    loss logged between evaluations, which trainer_state.json keeps. Said twice before, the fuller one is kept. One
    holding more than the tool writes there (a person's text), or a value the results do not show, is kept."""
    from generator.markdown.fences import scan_lines
    from generator.markdown.headings import atx_heading
    from generator.markdown.tables import parse_tables
    from generator.records.numbers import read_number, shows

    rows = (result.data.get("training") or {}).get("results") or []
    shown = {row["step"]: [row.get("validation_loss"), *(row.get("metrics") or {}).values()] for row in rows
             if isinstance(row, dict) and isinstance(row.get("step"), int)}
    for section in result.data.get("sections") or [] if shown else []:
        content = section.get("content") if isinstance(section, dict) else None
        if not isinstance(content, str) or "### Training Logs" not in content:
            continue
        lines = content.split("\n")
        start = end = None
        for i, (line, fence, comment) in enumerate(scan_lines(lines)):
            heading = atx_heading(line) if fence is None and not comment else None
            if heading is not None and start is not None and heading.level <= 3:
                end = i
                break
            if heading is not None and heading.level == 3 and heading.title.strip() == "Training Logs":
                start = i
        if start is None:
            continue
        part = lines[start + 1:len(lines) if end is None else end]
        tables = parse_tables("\n".join(part))
        if len(tables) != 1 or tables[0].header[:3] != ("Epoch", "Step", "Training Loss") or any(
                line.strip() and not line.lstrip().startswith("|") and line.strip() not in _TOOL_LOG_LINES
                for line in part):
            continue
        if all(not cell.strip() or cell.strip() == "-" or any(shows(read_number(cell), value) for value in
                                                               shown.get(read_number(row[1]), []))
               for row in tables[0].rows for cell in row[3:]):
            section["content"] = "\n".join(lines[:start] + lines[len(lines) if end is None else end:]).strip("\n")
