"""The JSON Schemas: valid draft 2020-12, every field described, examples conform."""

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.records.schema import KINDS, schema


def walk(node, path="$"):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}.{name}", sub
            yield from walk(sub, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from walk(node[key], f"{path}[]")
        for name, sub in (node.get("$defs") or {}).items():
            yield from walk(sub, f"{path}#{name}")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_and_every_field_is_described(kind):
    Draft202012Validator.check_schema(schema(kind))
    undescribed = [path for path, sub in walk(schema(kind)) if "description" not in sub and "$ref" not in sub]
    assert undescribed == []


def test_records_schema_names_every_kind():
    refs = json.dumps(schema("records"))
    for kind in KINDS:
        if kind != "records":
            assert f"{kind}.schema.json" in refs


@pytest.mark.parametrize("value, fix, score_fix", [
    ("45.3%", "write the number without the % sign: 45.3 (a percentage; say so in the metric's name, e.g. "
              "`accuracy (%)`) or the fraction 0.453", None),
    # a metric can keep the text beside its number (an RL card's mean ± standard deviation); a comparison's score not
    ("45.3 ± 1.2", "write the value as the number 45.3, and keep the text as the card shows it in text: '45.3 ± 1.2' "
                   "(a mean ± standard deviation, as RL cards write it), or its uncertainty as stderr: 1.2 when it is "
                   "a standard error", "write the value as the number 45.3 and its uncertainty as stderr: 1.2"),
    ("45.3+/-1.2", "write the value as the number 45.3, and keep the text as the card shows it in text: '45.3+/-1.2' "
                   "(a mean ± standard deviation, as RL cards write it), or its uncertainty as stderr: 1.2 when it is "
                   "a standard error", "write the value as the number 45.3 and its uncertainty as stderr: 1.2"),
    ("58.45", "write the number without quotes", None),
    ("abc", "write a number, e.g. 58.45", None),
    # MoritzLaurer/DeBERTa-v3-large-mnli-fever-anli-ling-wanli's model-index (Wenxin-Jiang/CS577-NLP, _train/): `'0,912'`
    ("0,912", "write the number with a decimal point: 0.912", None),
    ("1,500", "write the number with a decimal point (1.500) or without the thousands separator (1500)", None),
    ("", "write a number, e.g. 58.45", None),
])
def test_a_value_written_as_text_gets_advice_for_its_shape(value, fix, score_fix):
    from generator.records.schema import validate

    metric = {"benchmark": "A", "metrics": [{"type": "acc", "value": value}]}
    problems = validate("evaluation", metric)
    assert [(p.path, p.code, p.fix) for p in problems] == [("$.metrics[0].value", "wrong-type", fix)]
    score = {"title": "T", "columns": [{"label": "A"}], "rows": [{"label": "x", "scores": {"A": value}}]}
    [problem] = validate("comparison", score)
    assert problem.fix.startswith(score_fix or fix)



def test_jsonschema_rs_loads_without_email_utils_and_holds_what_a_plain_import_holds():
    """The records validator's extension gets a stand-in email.utils while it loads: a render imports no
    email.utils, the extension's build metadata is the plain import's, and email.utils is the real one later."""
    code = ("import sys, generator; generator.render_card(sys.argv[1]);"
            "assert 'jsonschema_rs' in sys.modules and 'email.utils' not in sys.modules, 'email.utils loaded';"
            "import email.utils, jsonschema_rs.jsonschema_rs as ext;"
            "assert email.utils.formatdate(0, usegmt=True) == 'Thu, 01 Jan 1970 00:00:00 GMT';"
            "print(repr(ext.__build__))")
    ours = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "zephyr-7b-gemma-v0.1")],
                          capture_output=True, text=True)
    assert ours.returncode == 0, ours.stdout + ours.stderr
    plain = subprocess.run([sys.executable, "-c", "import jsonschema_rs.jsonschema_rs as e; print(repr(e.__build__))"],
                           capture_output=True, text=True, check=True)
    assert ours.stdout == plain.stdout and "datetime.datetime(" in ours.stdout


def test_jsonschema_rs_imports_plainly_once_email_utils_is_loaded_or_threads_run():
    for setup in ("import email.utils", "import threading, time; threading.Thread(target=time.sleep, args=(1,)).start()"):
        code = (setup + "; import generator.records.schema as s, sys; s._import_jsonschema_rs();"
                "assert not getattr(sys.modules['email.utils'], '_modelcard_stand_in', False)")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo")


def _outcome(parse, text):
    try:
        return repr(parse(text))
    except Exception as exc:  # noqa: BLE001 - the two must fail alike
        return type(exc).__name__ + str(exc)


@settings(max_examples=500, deadline=None)
@given(day=st.sampled_from(_DAYS + ("Xyz",)), date=st.integers(0, 39), month=st.sampled_from(_MONTH_NAMES),
       year=st.integers(0, 9999), hms=st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
       sign=st.sampled_from("+-"), zone=st.integers(0, 9999), edit=st.one_of(st.none(), st.tuples(
           st.integers(0, 40), st.sampled_from(["", " ", "0", "9", ":", ",", "x", "\u0661"]))))
def test_the_stand_in_parses_dates_as_email_utils(day, date, month, year, hms, sign, zone, edit):
    from email.utils import parsedate_to_datetime

    from generator.records.schema import _parsedate_to_datetime

    text = f"{day}, {date:02d} {month} {year:04d} {hms[0]:02d}:{hms[1]:02d}:{hms[2]:02d} {sign}{zone:04d}"
    if edit is not None:
        text = text[:edit[0]] + edit[1] + text[edit[0] + 1:]
    assert _outcome(_parsedate_to_datetime, text) == _outcome(parsedate_to_datetime, text)


def test_a_metric_value_that_is_a_list_or_mapping_goes_under_values():
    """MTEB's v_measures (`value: [...]` in model-index) is the records' `values`; a list written as value, or one
    score as values, says where it goes."""
    from generator.records.schema import validate

    assert validate("evaluation", {"benchmark": "C", "metrics": [{"type": "v_measures", "values": [0.4, 0.41]},
                                                                 {"type": "rouge", "values": {"rouge1_f1": 54.95}},
                                                                 {"type": "wer", "values": []}]}) == []
    problems = validate("evaluation", {"benchmark": "C", "metrics": [{"type": "v_measures", "value": [0.4, 0.41]},
                                                                     {"type": "v_measure", "values": 40.1}]})
    assert [(p.path, p.code, p.message, p.fix) for p in problems] == [
        ("$.metrics[0].value", "wrong-type", "[0.4, 0.41] is not a number",
         "write it as values: a list is kept there, and written to model-index as it is"),
        ("$.metrics[1].values", "wrong-type", "40.1 is not a list or a mapping",
         "write a single score as value (or as text, one written as text); values holds a list or mapping")]
