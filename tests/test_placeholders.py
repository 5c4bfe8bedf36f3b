"""Finding the placeholders `modelcard init` writes left in record data (records/placeholders.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.placeholders import PLACEHOLDER_VALUES, _any, _found, is_placeholder

_TEXTS = ["your-org/", "your-org", "/x", "your-license", "Your Model", "Your Organization", "Your", " Model", "\n",
          "a", "your-org/your-model", "Your Model ", "org/", "-"]
_text = st.lists(st.sampled_from(_TEXTS), max_size=3).map("".join)
_leaf = st.one_of(_text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
_data = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(_text, inner, max_size=4)), max_leaves=30)


def _walked(data) -> bool:
    """The full walk's answer: a placeholder found at some path."""
    hits: list = []
    _found(data, [], hits)
    return bool(hits)


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(_data)
def test_the_quick_look_finds_a_placeholder_exactly_when_the_full_walk_does(data):
    assert _any(data) == _walked(data)


def test_the_quick_look_on_placeholders_split_over_two_strings_and_in_keys():
    assert not _any(["your-org", "/x"])  # joined, they would read `your-org\n/x`
    assert not _any({"your-org/x": 1, "Your Model": 2})  # keys are names, not values
    assert _any({"a": [{"b": "see your-org/your-model"}]})
    assert all(_any([value]) and is_placeholder(value) for value in PLACEHOLDER_VALUES)
    assert _any("your-license") and not _any("your license") and not _any(3)
