"""records/languages.py: what a language tag the Hub's language key rejects means, on tags of real cards (the
fresh45 / check38 samples: 53 distinct tags with a subtag among ~45,000 real cards)."""

import pytest

from generator.records.languages import language_pair, tag_languages


@pytest.mark.parametrize("tag, codes", [
    ("sv-SE", ("sv",)), ("nb-NO", ("nb",)), ("zh_CN", ("zh",)), ("en-US", ("en",)),  # a region
    ("pt-br", ("pt",)), ("zh-tw", ("zh",)),  # a locale in lower case, its region a language's code too
    ("sr_Latn", ("sr",)), ("zh-hans", ("zh",)), ("rm-sursilv", ("rm",)),  # a script, a variant
    ("en-de", ("en", "de")), ("ru-en", ("ru", "en")), ("hi-en", ("hi", "en")),  # two languages
    ("en-multilingual", ("en", "multilingual")),  # TransQuest's any-language models
    ("en", ()),  # no subtag
])
def test_a_tag_means_its_language_or_both_of_a_pair(tag, codes):
    assert tag_languages(tag) == codes
    assert language_pair(tag) == (len(codes) == 2)


def test_a_pair_whose_first_part_is_no_code_means_no_code_the_hub_takes():
    # Hate-speech-CNERG's `ma-en` (code-mixed Malayalam and English): a pair, read as nothing (the Hub check's fix
    # says `ma` is no ISO 639 code)
    assert language_pair("ma-en") and tag_languages("ma-en") == ()
