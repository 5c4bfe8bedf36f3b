import pytest
from conftest import MINIMAL

from generator import load_records
from generator.errors import RecordsError


def errors_of(write, text: str) -> str:
    with pytest.raises(RecordsError) as exc:
        load_records(write("r.yaml", text))
    return "\n".join(str(p) for p in exc.value.problems)


def test_records_are_frozen(write):
    records = load_records(write("r.yaml", MINIMAL))
    with pytest.raises(AttributeError):
        records.model.repo_id = "other/name"  # type: ignore[misc]


def test_base_model_naming_itself(write):
    text = errors_of(write, "model: {repo_id: acme/x, base_model: acme/x}\n")
    assert "$.model.base_model: names the model itself" in text


def test_indexed_evaluation_needs_dataset_id(write):
    text = errors_of(write, "model: {repo_id: acme/x, pipeline_tag: text-generation}\n"
                            "evaluations: [{benchmark: A, metrics: [{type: acc, value: 1}]}]\n")
    assert "$.evaluations[0].dataset: has no dataset id" in text
    assert "set dataset: false for a result naming none" in text


def test_an_evaluation_with_dataset_false_is_indexed_without_one(write):
    """spaCy's cards' shape (card_shapes/spacy_results_without_dataset.md): a model-index result with no dataset."""
    from generator.card.model_index import model_index

    records = load_records(write("r.yaml", "model: {repo_id: acme/x, pipeline_tag: token-classification}\n"
                                           "evaluations: [{benchmark: NER, task: {name: NER}, dataset: false, "
                                           "metrics: [{type: f_score, value: 0.88}]}]\n"))
    assert model_index(records)[0]["results"] == [
        {"task": {"type": "token-classification", "name": "NER"}, "metrics": [{"type": "f_score", "value": 0.88}]}]
    assert "dataset: true" not in errors_of(write, "model: {repo_id: acme/x, pipeline_tag: text-generation}\n"
                                                   "evaluations: [{benchmark: A, dataset: true, "
                                                   "metrics: [{type: acc, value: 1}]}]\n")  # refused: only false


RL_MODEL = "model: {repo_id: acme/ppo-LunarLander-v2, pipeline_tag: reinforcement-learning}\n"


def test_a_metric_text_is_written_to_model_index_as_it_is(write):
    """stable-baselines3's `mean_reward` as its cards write it: the mean as the value, the text beside it."""
    from generator.card.model_index import model_index

    records = load_records(write("r.yaml", RL_MODEL + "evaluations: [{benchmark: LunarLander-v2, dataset: {id: "
                                 "LunarLander-v2}, metrics: [{type: mean_reward, value: 251.3, text: "
                                 "'251.30 +/- 20.60'}]}]\n"))
    assert records.evaluations[0].metrics[0].value == 251.3
    assert model_index(records)[0]["results"][0]["metrics"] == [{"type": "mean_reward", "value": "251.30 +/- 20.60"}]


def test_a_metric_text_must_show_its_value_in_a_form_a_card_writes(write):
    text = errors_of(write, RL_MODEL + """evaluations:
- benchmark: LunarLander-v2
  dataset: {id: LunarLander-v2}
  metrics:
  - {type: mean_reward, value: 251.3, text: '251.3%'}
  - {type: median_reward, value: 251.3, text: '250.00 +/- 20.60'}
  - {type: max_reward, value: 300, text: '300 ± 0'}
""")
    assert [line.split("/r.yaml: ", 1)[1] for line in text.splitlines()] == [
        "$.evaluations[0].metrics[0].text: '251.3%' is not a mean ± spread "
        "(fix: write the value as the card shows it, e.g. '251.3 +/- 1.5', or leave text out)",
        "$.evaluations[0].metrics[1].text: '250.00 +/- 20.60' shows 250.00, but the value is 251.3 "
        "(fix: make value the text's first number, 250.0)"]


def test_a_list_or_mapping_value_is_the_metrics_whole_value(write):
    """values (MTEB's v_measures) is written to model-index as it is, in its place; no score beside it, and a group
    or leaderboard that would average it says it has none."""
    from generator.card.model_index import model_index

    records = load_records(write("r.yaml", """model: {repo_id: acme/x, pipeline_tag: sentence-similarity}
evaluations:
- benchmark: MTEB C
  dataset: {id: mteb/c}
  metrics:
  - {type: v_measure, value: 40.1}
  - {type: v_measures, values: [0.4, 0.41]}
"""))
    assert model_index(records)[0]["results"][0]["metrics"] == [{"type": "v_measure", "value": 40.1},
                                                                {"type": "v_measures", "value": [0.4, 0.41]}]
    text = errors_of(write, """model: {repo_id: acme/x, pipeline_tag: sentence-similarity}
evaluations:
- benchmark: MTEB C
  dataset: {id: mteb/c}
  metrics:
  - {type: v_measures, values: [0.4], value: 0.4, stderr: 0.01}
- benchmark: MTEB D
  dataset: {id: mteb/d}
  group: G
  source: {name: LB, url: 'https://x.org'}
  metrics:
  - {type: rouge, values: {rouge1_f1: 54.95}}
groups: [{name: G}]
leaderboards: [{source: LB}]
""")
    assert [line.split("/r.yaml: ", 1)[1] for line in text.splitlines()] == [
        "$.evaluations[0].metrics[0].value: is given beside values, a list or mapping that is the metric's whole "
        "value (fix: leave value out, or values out (a metric has one value: a score, or a list or mapping))",
        "$.evaluations[0].metrics[0].stderr: is given beside values, a list or mapping that is the metric's whole "
        "value (fix: leave stderr out, or values out (a metric has one value: a score, or a list or mapping))",
        "$.groups[0]: averages a mapping, which is no number (fix: give the metric's value, or leave the evaluation "
        "out of the group)",
        "$.leaderboards[0]: 'MTEB D' has no number (a mapping) (fix: give its value, or leave the leaderboard out)"]


def test_dangling_references_with_suggestions(write):
    text = errors_of(write, MINIMAL + """\
comparisons:
  - title: T
    columns:
      - {label: ARC, from: {evaluation: arcc}}
      - {label: GSM, from: {evaluation: gsm8k, metric: accuracy}}
    rows:
      - {self: true}
      - {model: other/model, scores: {ARK: 50}}
""")
    assert "$.comparisons[0].columns[0].from.evaluation: no evaluation has id 'arcc' (fix: did you mean 'arc'?)" in text
    assert "evaluation 'gsm8k' has no metric 'accuracy'" in text
    assert "$.comparisons[0].rows[1].scores.ARK: 'ARK' is not a column of this table (fix: did you mean 'ARC'?)" in text


def test_reported_leaderboard_average_is_checked(write):
    base = MINIMAL.replace("value: 45.56}", "value: 45.56}\n    source: {name: LB, url: 'https://x.org'}")
    base = base.replace("stderr: 1.44}", "stderr: 1.44}\n    source: {name: LB, url: 'https://x.org'}")
    ok = load_records(write("r.yaml", base + "leaderboards: [{source: LB, average: 52.01}]\n"))
    assert ok.leaderboards[0].average == 52.01  # mean is 52.005: within the reported precision
    text = errors_of(write, base + "leaderboards: [{source: LB, average: 53}]\n")
    assert "$.leaderboards[0].average: 53 is not the mean of its 2 values (52.0050)" in text
    computed = load_records(write("r.yaml", base + "leaderboards: [{source: LB}]\n"))
    assert str(computed.leaderboards[0].average) == "52.01"  # half-up, not banker's rounding


def test_group_average_uses_first_listed_metric(write):
    records = load_records(write("r.yaml", """\
model: {repo_id: acme/x}
groups: [{name: Suite, average_of: [acc_norm, acc]}]
evaluations:
  - {benchmark: t1, group: Suite, model_index: false, metrics: [{type: acc, value: 10}, {type: acc_norm, value: 20}]}
  - {benchmark: t2, group: Suite, model_index: false, metrics: [{type: acc, value: 31}]}
"""))
    assert str(records.groups[0].average) == "25.50"


def test_undeclared_group(write):
    text = errors_of(write, "model: {repo_id: acme/x}\ngroups: [{name: AGIEval}]\n"
                            "evaluations: [{benchmark: t, group: AGIeval, model_index: false, metrics: [{type: acc, value: 1}]}]\n")
    assert "group 'AGIeval' is not declared in groups (fix: did you mean 'AGIEval'?)" in text


# ---------------------------------------------------------------------------- the builder's fast constructor

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.records.builder.base import make  # noqa: E402
from generator.records.model import Evaluation, Metric, Ref  # noqa: E402

_ANY = st.one_of(st.none(), st.integers(), st.text(max_size=3), st.booleans(), st.floats(allow_nan=False))


def _fields(cls, required):
    import dataclasses

    names = [f.name for f in dataclasses.fields(cls)]
    return st.fixed_dictionaries({n: _ANY for n in required},
                                  optional={n: _ANY for n in names if n not in required})


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.one_of(_fields(Evaluation, ("index", "benchmark", "metrics")).map(lambda kw: (Evaluation, kw)),
                 _fields(Metric, ("type", "value")).map(lambda kw: (Metric, kw)),
                 _fields(Ref, ()).map(lambda kw: (Ref, kw))))
def test_make_builds_what_the_dataclass_builds(case):
    """make(cls, **kw) is cls(**kw): equal, the same fields in the same order, as frozen, as hashable."""
    import dataclasses

    import pytest

    cls, kw = case
    made, built = make(cls, **kw), cls(**kw)
    assert type(made) is cls and made == built and list(vars(made).items()) == list(vars(built).items())
    assert repr(made) == repr(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.index = 0  # type: ignore[misc]
    try:
        hash(built)
    except TypeError:
        return
    assert hash(made) == hash(built)


def test_make_leaves_a_wrong_call_to_the_dataclass():
    import pytest

    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        make(Metric, type="acc", value=1, nope=2)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'value'"):
        make(Metric, type="acc")


_METRIC_KEYS = ("type", "value", "name", "stderr", "higher_is_better", "config", "args", "verified", "verify_token",
                "text", "decimals", "stderr_decimals", "values")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.fixed_dictionaries({"type": _ANY}, optional={k: _ANY for k in _METRIC_KEYS[1:]}),
       st.permutations(_METRIC_KEYS))
def test_a_metric_made_from_its_mapping_is_the_one_the_builder_made_field_by_field(m, order):
    """make_from(Metric, m), for a metric mapping in any key order, is the Metric the builder made from m.get of each
    field: equal, with the same field values in the same order."""
    from generator.records.builder.base import make_from

    m = {k: m[k] for k in order if k in m}
    made = make_from(Metric, m)
    built = Metric(type=m["type"], value=m.get("value"), name=m.get("name"), stderr=m.get("stderr"),
                   higher_is_better=m.get("higher_is_better", True), config=m.get("config"), args=m.get("args"),
                   verified=m.get("verified"), verify_token=m.get("verify_token"), text=m.get("text"),
                   decimals=m.get("decimals"),
                   stderr_decimals=m.get("stderr_decimals"), values=m.get("values"))
    assert made == built and list(vars(made).items()) == list(vars(built).items()) and repr(made) == repr(built)
    assert all(vars(made)[k] is v for k, v in m.items())


def test_the_builder_makes_metrics_from_their_mappings():
    from generator.records.builder import evaluations

    assert evaluations._METRIC_FIELDS == frozenset(_METRIC_KEYS)


@pytest.mark.parametrize("written, value, same", [
    ("0.4500", 0.45, True),  # the Trainer's padded value
    ("0.4500", 0.45004, True),  # its rounding to the decimals written
    ("0.0500", 0.0512, False),  # 0.05 at two decimals, but written with four: 0.0512 shows as 0.0512
    ("0.05", 0.0512, True),
    ("0.9062", 0.90625, True),  # Python's round, as transformers' card writes it
])
def test_a_final_result_text_is_held_to_its_value_at_the_decimals_it_is_written_with(write, written, value, same):
    text = (f"model: {{repo_id: acme/x}}\ntraining: {{eval_results: {{Loss: {value}}}, "
            f"eval_results_text: {{Loss: '{written}'}}}}\n")
    if same:
        assert load_records(write("r.yaml", text)).training.eval_results_text == (("Loss", written),)
    else:
        assert "does not read as Loss" in errors_of(write, text)


def test_a_revision_of_a_dataset_the_model_does_not_list_is_left_out_with_a_warning(write):
    """model.dataset_revisions is keyed by model.datasets' ids: a revision of another (a live run's beside records
    that list the data otherwise, which win) shows nothing, and says why."""
    records = load_records(write("r.yaml", "model: {repo_id: acme/x, datasets: [acme/a], dataset_revisions: "
                                           "{acme/a: v1.0, acme/b: 0123abc}}\n"))
    assert records.model.dataset_revisions == (("acme/a", "v1.0"),)
    [warning] = [w for w in records.warnings if w.code == "unknown-dataset"]
    assert warning.path == '$.model.dataset_revisions["acme/b"]'
    assert "is no dataset of model.datasets" in warning.message and "acme/a" in warning.fix


@pytest.mark.parametrize("part", ["split train_prefs, weight 0.5", "config en; config zh",
                                  "split train[:10%] (the first tenth), *not* [x](y) `z`"])
def test_the_part_of_a_dataset_the_run_read_is_shown_after_it_and_read_back_from_the_card(write, tmp_path, part):
    """model.dataset_details: the config, splits or mixture weight a recipe names, by the dataset (a recipe's
    `dataset_mixer: {acme/a: 0.5}` with `dataset_splits: [train_prefs]`); shown in parentheses after the dataset's
    link in Training data, before its revision, and read back alike from the card, markup and parentheses in it too;
    one of a dataset the model does not list is left out with a warning."""
    from generator import render_card
    from generator.sources.card import read_card

    records = load_records(write("r.yaml", "model:\n  repo_id: acme/x\n  datasets: [acme/a, acme/b]\n"
                                           f"  dataset_details: {{acme/a: {part!r}, acme/c: config x}}\n"
                                           "  dataset_revisions: {acme/a: v1.0}\n"))
    assert records.model.dataset_details == (("acme/a", part),)
    [warning] = [w for w in records.warnings if w.code == "unknown-dataset"]
    assert warning.path == '$.model.dataset_details["acme/c"]' and "acme/a, acme/b" in warning.fix
    text = render_card(records)
    line = next(line for line in text.splitlines() if line.startswith("- **Training data:**"))
    assert line.startswith("- **Training data:** [acme/a](https://huggingface.co/datasets/acme/a) (")
    assert line.endswith(") at [v1.0](https://huggingface.co/datasets/acme/a/tree/v1.0), "
                         "[acme/b](https://huggingface.co/datasets/acme/b)")
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    model = read_card(card).data["model"]
    assert model["dataset_details"] == {"acme/a": part} and model["dataset_revisions"] == {"acme/a": "v1.0"}
    assert model["datasets"] == ["acme/a", "acme/b"] and "details" not in model


def test_a_details_fact_is_cleaned_as_the_list_item_it_is(write):
    """A fact indented as code on its own (`\\t [a](javascript:...)`, found by test_properties' fixed point) is one
    line of a list item in the card: its link target is cleaned there too (it was written as it was, then cleaned to
    `#` when the card was imported and rendered again)."""
    from generator.render.card import render

    records = load_records(write("r.yaml", "model: {repo_id: acme/x, details: {Paper: \"\\t [a](javascript:alert(1))\","
                                           " Code: \"    [b](javascript:x) and text\"}}\n"))
    assert records.model.details == (("Paper", "[a](#)"), ("Code", "[b](#) and text"))
    assert "javascript:" not in render(records).text


LONG_PART = ("config SFT, splits everyday_no_think, systemchats_no_think, table_gpt_no_think; config SFT, weight 0.5, "
             "splits magpie_ultra_no_think, OpenHermes_2.5_no_think; config SFT, weight 0.02, split OpenThoughts3_think")


@pytest.mark.parametrize("datasets, shown", [
    ("[acme/a]", "- **Training data:** [acme/a](https://huggingface.co/datasets/acme/a) at "
                 "[v1.0](https://huggingface.co/datasets/acme/a/tree/v1.0):\n"
                 "  - config SFT, splits everyday_no_think, systemchats_no_think, table_gpt_no_think\n"
                 "  - config SFT, weight 0.5, splits magpie_ultra_no_think, OpenHermes_2.5_no_think\n"
                 "  - config SFT, weight 0.02, split OpenThoughts3_think\n"),
    ("[acme/b, acme/a]", "- **Training data:**\n"
                         "  - [acme/b](https://huggingface.co/datasets/acme/b) (split train)\n"
                         "  - [acme/a](https://huggingface.co/datasets/acme/a) at "
                         "[v1.0](https://huggingface.co/datasets/acme/a/tree/v1.0):\n"
                         "    - config SFT, splits everyday_no_think, systemchats_no_think, table_gpt_no_think\n"
                         "    - config SFT, weight 0.5, splits magpie_ultra_no_think, OpenHermes_2.5_no_think\n"
                         "    - config SFT, weight 0.02, split OpenThoughts3_think\n"),
])
def test_a_long_part_is_a_list_under_its_dataset_and_read_back(write, tmp_path, datasets, shown):
    """A mixture's part of more than 3 groups, or longer than 120 characters (SmolLM3's sft.yaml: 25 splits of smoltalk2 at
    5 weights, one Training data line of 1,191 characters) is a list under its dataset, a group an item; the card
    import folds it back into the same parts and revisions, and the card made again is the same."""
    from generator import render_card
    from generator.sources.card import read_card

    parts = {"acme/a": LONG_PART, "acme/b": "split train"}
    records = load_records(write("r.yaml", f"model:\n  repo_id: acme/x\n  datasets: {datasets}\n"
                                           f"  dataset_details: {parts!r}\n"
                                           "  dataset_revisions: {acme/a: v1.0}\n"))
    text = render_card(records)
    assert shown in text
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    model = read_card(card).data["model"]
    assert model["dataset_details"] == {d: parts[d] for d in datasets.strip("[]").split(", ")}
    assert model["dataset_revisions"] == {"acme/a": "v1.0"} and "details" not in model


@pytest.mark.parametrize("nested", [
    "- **Training data:**\n  - Alpaca\n  - Dolly\n",  # no dataset's link: a person's list
    "- **Training data:** [acme/a](https://huggingface.co/datasets/acme/a):\n  - config x\n    - deeper\n",
    "- **Training data:** [acme/a](https://huggingface.co/datasets/acme/a)\n  - no colon before it\n",
])
def test_a_persons_list_under_training_data_is_not_read_as_parts(tmp_path, nested):
    """Only the renderer's nesting is folded into parts: another list under the fact leaves the section the card's
    own text, as it was."""
    from generator.records.model import folded_training_data
    from generator.sources.card import read_card

    assert folded_training_data(nested.splitlines()) == nested.splitlines()
    card = tmp_path / "README.md"
    card.write_text(f"---\nlicense: mit\n---\n# x\n\n## Model details\n\n{nested}", encoding="utf-8")
    assert "dataset_details" not in read_card(card).data.get("model", {})


def test_folding_a_long_training_data_list_is_linear():
    """20,000 nested items under the fact, and 20,000 facts each with one: folded in one pass (no quadratic walk)."""
    from generator.records.model import folded_training_data

    link = "[acme/a](https://huggingface.co/datasets/acme/a)"
    lines = [f"- **Training data:** {link}:"] + ["  - config x"] * 20_000
    assert folded_training_data(lines) == [f"- **Training data:** {link} ({'; '.join(['config x'] * 20_000)})"]
    lines = [f"- **Training data:** {link}:", "  - split y"] * 20_000
    assert folded_training_data(lines) == [f"- **Training data:** {link} (split y)"] * 20_000
