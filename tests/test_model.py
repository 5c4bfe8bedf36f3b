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
