"""The model part: the checks of the model mapping, and the :class:`Model` it resolves to."""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.markdown.safety import clean_markdown
from generator.records.builder.base import Collector, as_items, as_tuple, free_text
from generator.records.model import GENERATED_KEYS, Model


def build_model(ctx: Collector) -> Model:
    """The model: its Hub name, metadata keys, license link, free text and base model checked."""
    m = ctx.data["model"]
    repo_id = m.get("repo_id")
    if repo_id is not None and (".." in repo_id or repo_id.endswith((".git", "."))):
        ctx.problem(["model", "repo_id"], f"{repo_id!r} is not a name the Hub accepts ('..', a trailing '.' or "
                    "'.git')", "use letters, digits, '-', '_' and single dots", code="not-a-hub-id")
    for key in m.get("metadata") or {}:
        if key in GENERATED_KEYS:
            ctx.problem(["model", "metadata", key], f"repeats {key!r}, which the generator writes itself",
                        f"set it as model.{key}" if key != "model-index" else "describe results as evaluations",
                        code="generated-key")
    link = m.get("license_link")
    if isinstance(link, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", link) and not re.match(r"^https?://", link):
        ctx.problem(["model", "license_link"], f"{link!r} is neither an https URL nor a file in the repo",
                    "use https://... or a path such as LICENSE", code="bad-link")
    if m.get("summary"):
        free_text(ctx, ["model", "summary"], m["summary"])
    if isinstance(m.get("usage"), str):
        free_text(ctx, ["model", "usage"], m["usage"])
    for label, value in (m.get("details") or {}).items():
        free_text(ctx, ["model", "details", label], value)
    bases = [m["base_model"]] if isinstance(m.get("base_model"), str) else m.get("base_model") or []
    if repo_id is not None and repo_id in bases:
        ctx.problem(["model", "base_model"], f"names the model itself ({repo_id!r})",
                    "base_model is the model this one was trained or derived from", code="self-reference")
    image = m.get("image") or {}
    return Model(
        repo_id=repo_id,
        # name false: a card imported without a title renders without one
        name="" if m.get("name") is False else m.get("name") or (repo_id or "/").split("/", 1)[1],
        # model_index_name false: a card imported without a model-index renders without an empty one
        model_index_name=None if m.get("model_index_name") is False else
        m.get("model_index_name") or repo_id or m.get("name") or "",
        summary=clean_markdown(m.get("summary", "")),
        image_url=image.get("url", ""),
        image_alt=image.get("alt"),
        base_model=as_tuple(m.get("base_model")),
        base_model_relation=m.get("base_model_relation"),
        license=as_tuple(m.get("license")),
        license_name=m.get("license_name"),
        license_link=m.get("license_link"),
        language=as_tuple(m.get("language")),
        datasets=tuple(m.get("datasets", ())),
        dataset_revisions=_by_dataset(ctx, m, "dataset_revisions", "at that revision"),
        dataset_details=_by_dataset(ctx, m, "dataset_details", "with that part"),
        tags=tuple(dict.fromkeys(m.get("tags", ()))),
        pipeline_tag=m.get("pipeline_tag"),
        library_name=m.get("library_name"),
        metadata=as_items(m.get("metadata")),
        # A fact is one list item: its markdown is kept on one line so it cannot end the list, and cleaned as that line
        # (cleaned first, `\t [a](javascript:...)` was indented code, left as it was, then a link in the item)
        details=tuple((k, clean_markdown(" ".join(v.split()))) for k, v in (m.get("details") or {}).items()),
        links=as_items(m.get("links")),
        usage=clean_markdown(m["usage"]) if isinstance(m.get("usage"), str) else m.get("usage", True),
        facts=tuple(m["facts"]) if isinstance(m.get("facts"), list) else m.get("facts", True),
        chat_template=m.get("chat_template", True),
        generation=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in (m.get("generation") or {}).items()),
        card_source_blob=(m.get("card_source") or {}).get("blob"),
        card_read_blob=(m.get("card_source") or {}).get("read"),
    )


def _by_dataset(ctx: Collector, m: dict, key: str, shown: str) -> tuple[tuple[str, str], ...]:
    """The training datasets' revisions or parts (``key``), each of a dataset ``datasets`` names (the line that shows
    them); one of none is left out with a warning (a live run's revision beside the records' own list of datasets,
    which wins)."""
    given = m.get(key) or {}
    datasets = list(m.get("datasets") or ())
    for name in given:
        if name not in datasets:
            ctx.warnings.append(Problem(*ctx.locate(["model", key, name]), "is no dataset of model.datasets, so no "
                                        f"training data is shown {shown}", f"add {name} to model.datasets, or key "
                                        f"it by one of its ids: {', '.join(datasets) or '(none)'}",
                                        severity="warning", code="unknown-dataset"))
    return tuple((name, " ".join(str(value).split())) for name, value in given.items() if name in datasets)
