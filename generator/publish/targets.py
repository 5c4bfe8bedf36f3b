"""Which Hub repo each card is published to: --repo-id, --repo-id-template, a mapping file, or the
repo a source names itself (a record set's model.repo_id, a card's model-index name)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from generator.card.model_index import index_name
from generator.errors import Problem, UsageError
from generator.io.files import read_text
from generator.markdown.frontmatter import is_card_path, split_card
from generator.records.hubrules import namespaced_id
from generator.records.loader import load_records


def _own_repo_id(source: str) -> str:
    """The repo id a source names itself: model.repo_id of records, the model-index name of a card."""
    path = Path(source)
    if is_card_path(path) and path.is_file():
        meta, _ = split_card(read_text(path, source), source)
        name = index_name(meta)
        if name and namespaced_id(name):
            return name
        raise UsageError([Problem(source, "model-index[0].name", "names no Hub repo to publish to",
                                  "pass --repo-id ORG/NAME", code="no-repo-id")])
    own = load_records(path).model.repo_id
    if own is None:
        raise UsageError([Problem(source, "$.model.repo_id", "the records name no Hub repo to publish to",
                                  "pass --repo-id ORG/NAME, or set model.repo_id in the records", code="no-repo-id")])
    return own


def repo_ids_for(sources: Sequence[str], repo_id: Optional[str], template: Optional[str],
                 mapping: Optional[dict[str, str]]) -> list[tuple[str, str]]:
    """Pair every source with its repo id, from --repo-id, --repo-id-template or a mapping; with none
    of them, from each source itself (a record set's model.repo_id, a card's model-index name)."""
    given = sum(x is not None for x in (repo_id, template, mapping))
    if given == 0:
        return [(s, _own_repo_id(s)) for s in sources]
    if given != 1:
        raise UsageError([Problem("publish", "", "needs exactly one of --repo-id, --repo-id-template, --mapping",
                                  "e.g. --repo-id-template 'org/{name}' for several cards", code="needs-one-of")])
    if repo_id is not None:
        if len(sources) != 1:
            raise UsageError([Problem("publish", "--repo-id", f"one repo id for {len(sources)} cards",
                                      "use --repo-id-template 'org/{name}' or --mapping FILE",
                                      code="one-repo-for-many-cards")])
        return [(sources[0], repo_id)]
    if mapping is not None:
        missing = [s for s in sources if s not in mapping]
        if missing:
            raise UsageError([Problem("publish", "--mapping", f"no repo id for {', '.join(missing)}",
                                      "add them to the mapping file", code="no-repo-id")])
        return [(s, mapping[s]) for s in sources]
    out = []
    for s in sources:
        path = Path(s)
        name = path.parent.name if is_card_path(path) else (path.name if path.is_dir() else path.stem)
        try:
            out.append((s, template.format(name=name)))  # type: ignore[union-attr]
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise UsageError([Problem("publish", "--repo-id-template", f"cannot fill {template!r}: {exc}",
                                      "use {name} for the card's folder name", code="bad-repo-id-template")]) from None
    return out
