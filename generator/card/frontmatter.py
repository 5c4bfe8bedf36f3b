"""The card's YAML frontmatter: built as data, written by yamlio.dump.

Key order is fixed (see FRONTMATTER_KEYS); keys from ``model.metadata`` follow in their
record order, and ``model-index`` comes last. Inside model-index, keys follow the
order huggingface_hub itself writes, so a round trip through it changes nothing.
"""

from __future__ import annotations

from typing import Any, Optional

from generator.card.model_index import model_index
from generator.io.yamlio import dump
from generator.records.model import FRONTMATTER_KEYS, Records


def _listify(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def own_metadata(records: Records) -> dict[str, Any]:
    """The metadata these records declare themselves, in FRONTMATTER_KEYS (no model-index)."""
    m = records.model
    values = {
        "language": _listify(m.language), "license": _listify(m.license), "license_name": m.license_name,
        "license_link": m.license_link, "library_name": m.library_name, "pipeline_tag": m.pipeline_tag,
        "base_model": _listify(m.base_model), "base_model_relation": m.base_model_relation,
        "datasets": list(m.datasets) or None, "tags": list(m.tags) or None,
    }
    out = {k: v for k, v in values.items() if v is not None}
    for key, value in m.metadata:
        out[key] = value
    return out


def _merge_inherited(inherited: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A derivative's metadata over its original's: lists gain items, scalars are replaced."""
    out = {k: v for k, v in inherited.items() if k != "model-index"}
    for key, value in own.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = value
    ordered = {k: out[k] for k in FRONTMATTER_KEYS if k in out}
    ordered.update((k, v) for k, v in out.items() if k not in ordered)
    return ordered


def metadata(records: Records) -> dict[str, Any]:
    """The full frontmatter mapping of the card."""
    own = own_metadata(records)
    index: Optional[list] = None
    original = records.original
    if original is not None and original.inherit_metadata:
        inherited = metadata(original.records) if original.records is not None else dict(original.card_metadata or {})
        own = _merge_inherited(inherited, own)
        if not records.indexed_evaluations and inherited.get("model-index"):
            index = inherited["model-index"]
    if index is None:
        index = model_index(records)
    own["model-index"] = index
    return own


def frontmatter_block(data: dict[str, Any]) -> str:
    return "---\n" + dump(data) + "---\n"
