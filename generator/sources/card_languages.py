"""A card's languages written as the Hub no longer takes them, read as the ISO 639 codes they mean, where the card
importer left each out and the card lost its language with it: a language named in words, as 2019-2020 cards wrote
it (`language: german`, DeepPavlov's `- russian`), several in one string (nlptown's `english, dutch, ...`, `- en,`),
a code ISO withdrew or never had (`jp`, `iw`). (A tag with a region or script subtag, `nb-NO`, is still left out
here; the Trainer's README reader bares it: trainer_readme._bare_languages.)"""

from __future__ import annotations

from typing import Any, Optional

from generator.records.hubrules import REPLACED_LANGUAGES, known_language
from generator.resources import language_code_of
from generator.sources.common import Ingested


def _code_meant(item: str) -> tuple[Optional[str], str]:
    """The code ``item`` means and how the warning says it, or None (`ewe`, `lao` are codes that are names too, and
    stay)."""
    if known_language(item):
        return None, ""
    if item in REPLACED_LANGUAGES:
        return REPLACED_LANGUAGES[item], "is no ISO 639 code (ISO withdrew it, or it never was one)"
    return language_code_of(item), "names a language, where the Hub takes ISO 639 codes"


def _listed(item: Any) -> Optional[list[str]]:
    """The languages of one item that lists them with commas, each a code or a language's name; else None."""
    if not isinstance(item, str) or "," not in item:
        return None
    parts = [part.strip() for part in item.split(",") if part.strip()]
    return parts if parts and all(known_language(part) or _code_meant(part)[0] for part in parts) else None


def read_language_names(meta: dict[str, Any], result: Ingested) -> None:
    """Each item of ``meta``'s language that means codes the Hub takes becomes those codes, with a warning at its
    path, unless the card lists the code already (what the Hub refuses is left to take_refused, which leaves it out)."""
    value = meta.get("language")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    codes: list[Any] = []
    for i, item in enumerate(items):
        listed = _listed(item)
        read, said = [], "lists its languages in one string, where the Hub takes a code an item" if listed else ""
        for part in listed or [item]:
            if listed and (part in read or part in codes):  # `en, en`
                continue
            code, what = _code_meant(part) if isinstance(part, str) else (None, "")
            if code is None or code in items or code in codes or code in read:  # `[thai, th]`: left out as refused
                read.append(part)
            else:
                read.append(code)
                said = said or what
        if said:
            result.warn("language" if isinstance(value, str) else f"language[{i}]",
                        f"{item!r} {said}; read as {', '.join(map(repr, read))}",
                        "nothing to do: the card is rendered with the codes", code="language-read-as-code")
        codes += read
    if codes != items:
        meta["language"] = codes[0] if isinstance(value, str) and len(codes) == 1 else codes
