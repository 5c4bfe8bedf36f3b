"""A card's languages written as the Hub no longer takes them, read as the ISO 639 codes they mean, where the card
importer left each out and the card lost its language with it: a language named in words, as 2019-2020 cards wrote
it (`language: german`, DeepPavlov's `- russian`), several in one string (nlptown's `english, dutch, ...`, `- en,`),
a code ISO withdrew or never had (`jp`, `iw`), a tag with a region, script or variant subtag (`nb-NO`, a Common
Voice locale; `sr_Latn`), whose full tag stays in language_bcp47, or a pair of languages in one tag (`en-de`, a
translation model's). The card importer and the Trainer's README reader both read languages so."""

from __future__ import annotations

from typing import Any, Optional

from generator.records.languages import REPLACED_LANGUAGES, known_language, language_pair, tag_languages
from generator.resources import language_code_of
from generator.sources.common import Ingested


def _codes_meant(item: str) -> tuple[tuple[str, ...], str]:
    """The codes ``item`` means and how the warning says it, or () (`ewe`, `lao` are codes that are names too, and
    stay)."""
    if known_language(item):
        return (), ""
    if item in REPLACED_LANGUAGES:
        return (REPLACED_LANGUAGES[item],), "is no ISO 639 code (ISO withdrew it, or it never was one)"
    tagged = tag_languages(item)
    if tagged:
        return tagged, ("names two languages in one tag, where the Hub takes a code an item" if language_pair(item)
                        else "has a region, script or variant subtag, which the Hub's language key rejects (the full "
                        "tag is kept in language_bcp47)")
    named = language_code_of(item)
    return ((named,) if named else ()), "names a language, where the Hub takes ISO 639 codes"


def _listed(item: Any) -> Optional[list[str]]:
    """The languages of one item that lists them with commas, each a code or a language's name; else None."""
    if not isinstance(item, str) or "," not in item:
        return None
    parts = [part.strip() for part in item.split(",") if part.strip()]
    return parts if parts and all(known_language(part) or _codes_meant(part)[0] for part in parts) else None


def read_language_names(meta: dict[str, Any], result: Ingested, at: Optional[str] = None) -> None:
    """Each item of ``meta``'s language that means codes the Hub takes becomes those codes, with a warning at its
    path (or at ``at``, the file read), unless the card lists the code already (what the Hub refuses is left to
    take_refused, which leaves it out); a tag with a region subtag is kept whole in ``meta``'s language_bcp47."""
    value = meta.get("language")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    codes: list[Any] = []
    regional: list[str] = []
    for i, item in enumerate(items):
        listed = _listed(item)
        read: list[Any] = []  # what the item is read as, said in the warning
        said = "lists its languages in one string, where the Hub takes a code an item" if listed else ""
        for part in listed or [item]:
            meant, what = _codes_meant(part) if isinstance(part, str) else ((), "")
            said = said or (what if meant else "")
            regional += [part] if len(meant) == 1 and part not in regional and tag_languages(part) else []
            read += [code for code in meant or [part] if code not in read]  # `en, en`: once
        if said:
            result.warn(at or ("language" if isinstance(value, str) else f"language[{i}]"),
                        f"{item!r} {said}; read as {', '.join(map(repr, read))}",
                        "nothing to do: the card is rendered with the codes", code="language-read-as-code")
        # `[thai, th]`, `[ru, ru-RU]`: the language once
        codes += [code for code in read if code == item or (code not in codes and code not in items)]
    if codes != items:
        meta["language"] = codes[0] if isinstance(value, str) and len(codes) == 1 else codes
    if regional and not meta.get("language_bcp47"):
        meta["language_bcp47"] = regional
