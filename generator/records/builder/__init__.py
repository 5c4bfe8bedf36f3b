"""Build :class:`Records` from schema-valid data, reporting every inconsistency at once.

:func:`build_records` takes schema-valid data (with section files and the original
record set already read by the loader) and returns :class:`Records`, or raises
RecordsError listing every inconsistency: duplicate ids, dangling references,
score keys that name no column, a reported average that is not the mean.

Each part has its module (model, evaluations with groups and leaderboards, comparisons,
training with the other free text); all note problems on one shared :class:`Collector`,
in the order build_records calls them.
"""

from __future__ import annotations

from typing import Optional

from generator.errors import RecordsError
from generator.markdown.safety import clean_markdown
from generator.records.builder.base import Collector, Locate, free_text
from generator.records.builder.comparisons import build_comparisons
from generator.records.builder.eval_sets import build_set_evaluations
from generator.records.builder.evaluations import build_evaluations, build_groups, build_leaderboards
from generator.records.builder.model import build_model
from generator.records.builder.training import build_training, check_texts
from generator.records.model import Citation, Original, Records, Section


def build_records(data: dict, source: str, locate: Locate, citations: tuple[Citation, ...] = (),
                  sections: tuple[Section, ...] = (), original: Optional[Original] = None) -> Records:
    """Resolve schema-valid record data into :class:`Records`, reporting every inconsistency at once."""
    ctx = Collector(data, locate)
    model = build_model(ctx)
    evaluations = build_evaluations(ctx, model)
    groups = build_groups(ctx, evaluations)
    leaderboards = build_leaderboards(ctx, evaluations)
    comparisons = build_comparisons(ctx, model, evaluations, groups)
    training = build_training(ctx)
    evaluations += build_set_evaluations(ctx, model, training, evaluations)
    check_texts(ctx)
    for i, section in enumerate(sections):
        free_text(ctx, ["sections", i, "content" if "content" in data["sections"][i] else "file"], section.content)
    if ctx.problems:
        raise RecordsError(ctx.problems)
    sections = tuple(Section(s.title, clean_markdown(s.content), s.position, s.level) for s in sections)
    citations = tuple(Citation(c.entries, clean_markdown(c.label), c.level) for c in citations)
    if original is not None and original.card_body:
        original = Original(original.heading, original.records, clean_markdown(original.card_body),
                            original.inherit_metadata, original.card_metadata)
    return Records(source=source, model=model, training=training, evaluations=evaluations, groups=groups,
                   leaderboards=leaderboards, comparisons=comparisons, citations=citations, sections=sections,
                   original=original, warnings=tuple(ctx.warnings))


__all__ = ["Collector", "Locate", "build_records"]
