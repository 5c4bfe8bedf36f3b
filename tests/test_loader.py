import pytest
from conftest import MINIMAL

from generator import load_records
from generator.errors import InputError, RecordsError


def messages(exc_info) -> list[str]:
    return [str(p) for p in exc_info.value.problems]


def test_minimal_records_load(write):
    records = load_records(write("records.yaml", MINIMAL))
    assert records.model.repo_id == "acme/tiny-dpo"
    assert records.model.name == "tiny-dpo"
    assert [e.benchmark for e in records.evaluations] == ["ARC Challenge", "GSM8K"]
    assert records.evaluations[1].task_type == "text-generation"  # defaults to pipeline_tag
    assert records.evaluations[0].dataset_args == {"num_few_shot": 25}


def test_every_schema_error_is_reported_at_once(write):
    path = write("records.yaml", """\
model:
  repo_id: acme/x
  licence: mit
evaluations:
  - benchmark: A
    metrics:
      - {type: acc, value: 'abc'}
  - benchmark: B
    metrics:
      - {type: acc, value: "58.4"}
      - {value: 3}
""")
    with pytest.raises(RecordsError) as exc:
        load_records(path)
    text = "\n".join(messages(exc))
    assert "records.yaml: $.model.licence: unknown key 'licence' (fix: did you mean 'license'?)" in text
    assert "$.evaluations[0].metrics[0].value: \"abc\" is not a number" in text
    assert "$.evaluations[1].metrics[0].value" in text and "without quotes" in text
    assert "$.evaluations[1].metrics[1]: missing required key 'type'" in text
    assert len(exc.value.problems) == 4


def test_folder_merges_lists_and_names_the_file(write, tmp_path):
    write("set/01-model.yaml", "model: {repo_id: acme/x, pipeline_tag: text-generation}\n")
    write("set/02-evals.yaml", "evaluations:\n  - {benchmark: A, dataset: {id: a/b}, metrics: [{type: acc, value: 1}]}\n")
    write("set/03-more.yaml", "evaluations:\n  - {benchmark: B, dataset: {id: a/c}, metrics: [{type: acc, valu: 2}]}\n")
    with pytest.raises(RecordsError) as exc:
        load_records(tmp_path / "set")
    text = "\n".join(messages(exc))
    assert "03-more.yaml: $.evaluations[0].metrics[0].valu: unknown key 'valu' (fix: did you mean 'value'?)" in text


def test_mapping_key_in_two_files(write, tmp_path):
    write("set/a.yaml", "model: {repo_id: acme/x}\n")
    write("set/b.yaml", "model: {repo_id: acme/y}\n")
    with pytest.raises(InputError, match="also defined in"):
        load_records(tmp_path / "set")


def test_empty_and_non_mapping_files(write):
    with pytest.raises(InputError, match="is empty"):
        load_records(write("empty.yaml", ""))
    with pytest.raises(InputError, match="expected a mapping"):
        load_records(write("list.yaml", "- a\n- b\n"))


def test_yaml_1_2_scalars_as_the_hub_reads_them(write):
    records = load_records(write("r.yaml", "model: {repo_id: acme/x, language: [en, no]}\n"))
    assert records.model.language == ("en", "no")  # Norwegian, as on the Hub: not the boolean false
    with pytest.raises(RecordsError) as exc:
        load_records(write("r.yaml", "model: {repo_id: acme/x}\nevaluations:\n  - {benchmark: b, model_index: yes,"
                                     " metrics: [{type: acc, value: 58:45}]}\n"))
    text = "\n".join(messages(exc))
    assert '$.evaluations[0].model_index: "yes" is not true or false' in text
    assert '$.evaluations[0].metrics[0].value: "58:45" is not a number' in text


def test_section_file_is_read_relative_to_records(write):
    write("notes/uses.md", "Use it **well**.\n")
    path = write("r.yaml", "model: {repo_id: acme/x}\nsections:\n  - {title: Uses, file: notes/uses.md}\n")
    assert load_records(path).sections[0].content == "Use it **well**."


def test_missing_section_file(write):
    path = write("r.yaml", "model: {repo_id: acme/x}\nsections:\n  - {title: Uses, file: nope.md}\n")
    with pytest.raises(InputError) as exc:
        load_records(path)
    assert "$.sections[0].file" in messages(exc)[0] and "no such file" in messages(exc)[0]


def test_original_that_refers_to_itself(write):
    path = write("r.yaml", "model: {repo_id: acme/x}\noriginal: {records: r.yaml}\n")
    with pytest.raises(RecordsError, match="refer back to themselves"):
        load_records(path)
