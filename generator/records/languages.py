"""Language codes as the Hub's language key takes them (ISO 639-1 and 639-3, no region subtags) and what a code
the Hub refuses means, shared by the check (hubrules) and the readers (sources/card_languages)."""

from __future__ import annotations

import locale
import re
from typing import Optional

from generator.resources import hub_list

_SUBTAG = re.compile(r"^([a-z]{2,3})[-_][A-Za-z0-9]+")  # sv-SE, zh_CN: a region or script after the code


def bare_language(code: str) -> Optional[str]:
    """The language code of a tag with a region or script subtag (``sv-SE`` -> ``sv``), which the Hub's language
    key rejects; None for a tag without one (no code the Hub lists holds a - or _)."""
    match = _SUBTAG.match(code)
    return match.group(1) if match else None


def language_pair(tag: str) -> bool:
    """Whether a tag with a subtag names two languages (`en-de`, a translation model's; `hi-en`, code-mixed text) rather
    than one with its region, script or variant: the second part a language code in lower case that is no locale
    of the first (Python's locale table, from X11's locale.alias, knows `pt_br` and `zh_tw`, not `en_de`)."""
    bare = bare_language(tag)
    if not bare:
        return False
    second = re.split(r"[-_]", tag, maxsplit=1)[1]
    return (second.islower() and (known_language(second) or second in SPECIAL_LANGUAGES) and second != bare
            and f"{bare}_{second}" not in locale.locale_alias)


def tag_languages(tag: str) -> tuple[str, ...]:
    """The codes the Hub takes that a tag with a subtag means: a language with its region, script or variant (`sv-SE`,
    `zh_CN`, `sr_Latn`, `pt-br`) its bare code, a language pair both codes; () for a tag without a subtag or whose
    first part is no ISO 639 code (`ma-en`)."""
    bare = bare_language(tag)
    if not bare or not known_language(bare):
        return ()
    return (bare, re.split(r"[-_]", tag, maxsplit=1)[1]) if language_pair(tag) else (bare,)


# Codes ISO 639-1 withdrew (iw, in, ji: 1989; jw: 2001; mo: 2008; sh, deprecated since 2000), kept by cards that
# copy old tokenizers' lists (Whisper's jw, mT5's iw, MMS's sh), and codes that were never ISO: the code to use.
REPLACED_LANGUAGES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "hbs", "jp": "ja",
                      "zhs": "zh", "zht": "zh"}


# Special values huggingface_hub documents beside the ISO codes (ModelCardData.language, 2026), which the Hub's
# check takes: huggingface_hub#3862 (2026-02, after the Hub began to refuse non-ISO codes) asks for more "special
# values like `code`".
SPECIAL_LANGUAGES = ("code", "multilingual")


def known_language(code: str) -> bool:
    return code in hub_list("languages_iso639_1") or code in hub_list("languages_iso639_3")
