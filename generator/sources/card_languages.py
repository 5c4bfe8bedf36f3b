"""A card's languages named in words, as 2019-2020 cards wrote them (`language: german`, DeepPavlov's `- russian`),
read as the ISO 639 codes the Hub's list holds: the card importer left each out, the card's language lost with it."""

from __future__ import annotations

from typing import Any

from generator.resources import hub_list, language_code_of
from generator.sources.common import Ingested


def _a_code(item: str) -> bool:
    """`ewe`, `lao`, `twi`, `ido` name languages and are ISO 639-3 codes too: such an item stays as written."""
    return item in hub_list("languages_iso639_1") or item in hub_list("languages_iso639_3")


def read_language_names(meta: dict[str, Any], result: Ingested) -> None:
    """Each item of ``meta``'s language that is no code the Hub knows but a language's name becomes that language's
    code, with a warning at its path, unless the card lists that code too (what the Hub refuses is left to
    take_refused, which leaves it out)."""
    value = meta.get("language")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    codes = []
    for i, item in enumerate(items):
        code = language_code_of(item) if isinstance(item, str) and not _a_code(item) else None
        if code is None or code in items or code in codes:  # `[thai, th]`: the name is left out as the Hub refuses it
            codes.append(item)
            continue
        codes.append(code)
        result.warn("language" if isinstance(value, str) else f"language[{i}]",
                    f"{item!r} names a language, where the Hub takes ISO 639 codes; read as {code!r}",
                    f"nothing to do: the card is rendered with {code!r}", code="language-name")
    if codes != items:
        meta["language"] = codes[0] if isinstance(value, str) else codes
