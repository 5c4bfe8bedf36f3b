"""A card's languages written as the Hub no longer takes them, read as the ISO 639 codes they mean, where the card
importer left each out and the card lost its language with it: a language named in words, as 2019-2020 cards wrote
it (`language: german`, DeepPavlov's `- russian`), a code ISO withdrew or never had (`jp`, `iw`). (A tag with a
region or script subtag, `nb-NO`, is still left out here; the Trainer's README reader bares it: _bare_languages.)"""

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


def read_language_names(meta: dict[str, Any], result: Ingested) -> None:
    """Each item of ``meta``'s language that means one code the Hub takes becomes that code, with a warning at its
    path, unless the card lists that code too (what the Hub refuses is left to take_refused, which leaves it out)."""
    value = meta.get("language")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    codes = []
    for i, item in enumerate(items):
        code, what = _code_meant(item) if isinstance(item, str) else (None, "")
        if code is None or code in items or code in codes:  # `[thai, th]`: the name is left out as the Hub refuses it
            codes.append(item)
            continue
        codes.append(code)
        result.warn("language" if isinstance(value, str) else f"language[{i}]", f"{item!r} {what}; read as {code!r}",
                    f"nothing to do: the card is rendered with {code!r}", code="language-read-as-code")
    if codes != items:
        meta["language"] = codes[0] if isinstance(value, str) else codes
