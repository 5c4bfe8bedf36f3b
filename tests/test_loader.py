import json
import os

import pytest
from conftest import MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load_records
from generator.errors import InputError, RecordsError
from generator.io import fastrecords, fastyaml


@pytest.fixture(autouse=True, params=["fast", "strict"])
def yaml_path(request, monkeypatch):
    """Every test here runs on both YAML paths: the fast readers (io/fastyaml.py, io/fastrecords.py) where they
    read the text, and the strict libyaml reader alone."""
    if request.param == "strict":
        monkeypatch.setattr(fastrecords, "read", lambda text, resolvers: (fastyaml.DECLINE, False))
    return request.param


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


FOUR_MISTAKES = """\
model:
  repo_id: acme/tiny-dpo
  base_model: acme/tiny-sft
  base_model_relation: finetuned
  license: apache2
  language: [english]
  pipeline_tag: text-gen
"""


def test_schema_and_hub_rule_errors_of_a_file_in_one_run(write):
    with pytest.raises(RecordsError) as caught:
        load_records(write("records.yaml", FOUR_MISTAKES))
    assert [(p.file.rsplit("/", 1)[-1], p.path, p.code) for p in caught.value.problems] == [
        ("records.yaml", "$.model.base_model_relation", "not-allowed-value"),
        ("records.yaml", "$.model.license", "unknown-license"),
        ("records.yaml", "$.model.language[0]", "unknown-language"),
        ("records.yaml", "$.model.pipeline_tag", "unknown-pipeline-tag"),
    ]


def test_a_place_the_schema_finds_wrong_is_not_reported_again_by_the_hub_rules(write):
    with pytest.raises(RecordsError) as caught:
        load_records(write("records.yaml", "model: {repo_id: acme/x, language: 5, license: [mit, 7], "
                           "metadata: {new_version: 'not an id'}}\n"))
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.model.language", "wrong-type"), ("$.model.license", "wrong-type"),
        ("$.model.metadata.new_version", "not-a-hub-id")]


def test_every_file_of_a_record_set_reports_its_errors_in_one_run(write, tmp_path):
    write("set/01-model.yaml", "model: {repo_id: acme/x, license: apache2}\n")
    write("set/02-evals.yaml", "evaluations:\n  - {benchmark: A, dataset: {id: a/b}, metrics: [{type: acc, value: 1, "
          "stederr: 0.1}]}\n")
    write("set/03-broken.yaml", "comparisons: [\n")
    write("set/04-broken.yaml", "groups:\n\t- name: A\n")
    with pytest.raises(InputError) as caught:
        load_records(tmp_path / "set")
    assert [p.file.rsplit("/", 1)[-1] for p in caught.value.problems] == ["03-broken.yaml", "04-broken.yaml"]
    (tmp_path / "set" / "03-broken.yaml").unlink()
    (tmp_path / "set" / "04-broken.yaml").unlink()
    with pytest.raises(RecordsError) as caught:
        load_records(tmp_path / "set")
    assert [(p.file.rsplit("/", 1)[-1], p.path, p.code) for p in caught.value.problems] == [
        ("01-model.yaml", "$.model.license", "unknown-license"),
        ("02-evals.yaml", "$.evaluations[0].metrics[0].stederr", "unknown-key")]


def test_once_the_schema_holds_hub_rules_citations_files_and_cross_checks_report_together(write):
    path = write("records.yaml", """\
model: {repo_id: acme/x, license: apache2, pipeline_tag: text-generation}
evaluations:
  - {id: a, benchmark: A, dataset: {id: a/b}, metrics: [{type: acc, value: 1}]}
comparisons:
  - {title: T, columns: [{label: A, from: {evaluation: b}}], rows: [{self: true}]}
citations:
  - bibtex: "@article{x, year={2023}}"
sections:
  - {title: Uses, file: missing.md}
""")
    with pytest.raises(RecordsError) as caught:
        load_records(path)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.model.license", "unknown-license"), ("$.citations[0].bibtex", "bibtex-no-title"),
        ("$.sections[0].file", "no-such-file"), ("$.comparisons[0].columns[0].from.evaluation", "dangling-reference")]


def test_a_column_naming_one_of_two_metrics_of_one_name_is_refused(write):
    # two metrics of one name in an evaluation are kept (a card's model-index has them), but a column cannot say which
    path = write("records.yaml", """\
model: {repo_id: acme/x, pipeline_tag: text-generation}
evaluations:
  - {id: a, benchmark: A, dataset: {id: a/b}, metrics: [{type: acc, value: 1}, {type: acc, value: 2}, {type: f1, value: 3}]}
comparisons:
  - {title: T, columns: [{label: A, from: {evaluation: a, metric: acc}}, {label: F, from: {evaluation: a, metric: f1}}],
     rows: [{self: true}]}
""")
    with pytest.raises(RecordsError) as caught:
        load_records(path)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.comparisons[0].columns[0].from.metric", "duplicate-name")]


def test_warnings_of_a_record_set_name_the_record_path(write):
    from generator.check.validate import validate_card

    path = write("records.yaml", """\
model: {repo_id: acme/x, language: [en, roa], pipeline_tag: text-generation, library_name: transformerz}
evaluations:
  - {benchmark: A, model_index: false, dataset: {id: a/b}, metrics: [{type: acc, value: 1}]}
  - {benchmark: B, dataset: {id: a/b}, metrics: [{type: acc, value: 1, verified: true}]}
  - {benchmark: C, dataset: {id: a/b}, metrics: [{type: acc, value: 2}]}
""")
    report = validate_card(path)
    assert report.ok
    assert [(p.path, p.code) for p in report.warnings] == [
        ("$.model.language[1]", "unlisted-language"), ("$.model.library_name", "unknown-library"),
        ("$.evaluations[1].metrics[0].verified (model-index[0].results[0].metrics[0].verified)", "set-by-hub"),
        ("$.evaluations[2] (model-index[0].results[1])", "duplicate-result")]


@pytest.mark.skipif(os.sep != "/", reason="the shortcut is taken where paths are POSIX")
@given(st.lists(st.sampled_from(["a", "b", "..", ".", "", "x y", "records.yaml", "..a", ".b"]), min_size=1, max_size=8),
       st.booleans())
@settings(max_examples=400)
def test_a_records_path_is_named_as_relpath_names_it(parts, absolute):
    """A path is named in messages relative to the current folder (os.path.relpath, or the path as given when that
    climbs two folders up); a relative path that stays inside the current folder is worked out lexically, without
    relpath's look at the current folder: the same names."""
    from pathlib import Path

    from generator.records.loader import _display

    text = ("/" if absolute else "") + "/".join(parts)
    if not text:
        return
    path = Path(text)
    rel = os.path.relpath(path)
    assert _display(path) == (rel if not rel.startswith(".." + os.sep + "..") else str(path))


@pytest.mark.parametrize("metric, code, path", [({"type": "acc"}, "missing-field", "$.evaluations[0].metrics[0]"),
                                                ({"type": "acc", "text": "12.5 +/- 1.0"}, "missing-field",
                                                 "$.evaluations[0].metrics[0].value"),
                                                ({"type": "acc", "text": "45.3%"}, "missing-field",
                                                 "$.evaluations[0].metrics[0].value"),
                                                ({"type": "acc", "text": " 45.3"}, "missing-field",
                                                 "$.evaluations[0].metrics[0].value")])
def test_a_metric_needs_a_value_unless_its_text_is_no_number(write, metric, code, path):
    from generator.errors import GeneratorError
    from generator.records.loader import load_records

    records = write("r.yaml", "model: {repo_id: org/m, pipeline_tag: text-classification}\nevaluations:\n  - {benchmark: B, dataset: {id: a/b}, metrics: ["
                    + json.dumps(metric) + "]}\n")
    with pytest.raises(GeneratorError) as caught:
        load_records(records)
    assert [(p.code, p.path) for p in caught.value.problems] == [(code, path)]


def test_each_path_is_looked_at_once(monkeypatch):
    """A record set's folder and each of its files are stat-ed once (every stat is a system call, dear on a VM):
    the listing gives each entry's kind, and the reader's own stat is the file's only one. Links still followed:
    see test_bad_inputs' symlink cases."""
    from collections import Counter

    from conftest import EXAMPLES

    folder = EXAMPLES / "gemma-2-9b-it-dpo-gguf"  # a folder whose original is a folder of records too
    load_records(folder)
    seen: Counter = Counter()
    real_stat = os.stat

    def counting_stat(path, *args, **kwargs):
        seen[os.fspath(path)] += 1
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting_stat)
    load_records(folder)
    files = [str(folder / "records.yaml"), str(folder / "original" / "records.yaml")]
    assert {f: seen[f] for f in files} == {f: 1 for f in files}
    assert seen[str(folder)] == 1
    # the original's folder: one stat says it is there and a folder (its path named resolved: lstat-ed part by part)
    assert sum(n for path, n in seen.items() if path.endswith(os.sep + "original")) == 1


def test_record_set_resolved_only_for_an_original(monkeypatch):
    """Links in a record set's path are followed (an lstat of each part) only when an original is compared with it."""
    from conftest import EXAMPLES

    folder = EXAMPLES / "rogemma2-9b-instruct-dpo"  # no original
    load_records(folder)
    looked_at: list = []
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda path, *a, **k: looked_at.append(path) or real_lstat(path, *a, **k))
    load_records(folder)
    monkeypatch.undo()
    assert looked_at == []


def test_a_named_file_resolves_as_pathlib_resolves_it(tmp_path):
    """An original's or a section's path under the resolved records folder: an lstat a part when it holds no '..'
    and no link, else resolved in full; the same path as (root / relative).resolve() either way."""
    from generator.records.loader import _resolve_under

    root = tmp_path.resolve()
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.md").write_text("x")
    (root / "link").symlink_to(root / "a")
    (root / "a" / "up").symlink_to("..")
    (root / "out").symlink_to("/")
    for relative in ["a", "a/b/f.md", "a/./b", "a//b", "link/b/f.md", "a/up/a", "a/../a/b", "missing/x", "a/missing",
                     "out", "out/tmp", "/etc", "a/b/f.md/", ".", ""]:
        assert _resolve_under(root, relative) == (root / relative).resolve(), relative


def test_a_named_file_is_inside_its_folder_as_pathlib_says(tmp_path, write):
    """_inside_folder answers as ``path == folder or folder in path.parents`` (a sibling whose name starts with the
    folder's is outside; the root holds everything); an original or a section file outside the folder is refused."""
    from pathlib import Path, PurePosixPath

    from generator.records.loader import _inside_folder

    for path, folder in [("/a/b", "/a/b"), ("/a/b/c", "/a/b"), ("/a/bc", "/a/b"), ("/a", "/a/b"), ("/x/y", "/"),
                         ("/", "/"), ("/a/b/c/d", "/a/b"), ("/ab", "/a"), ("/a/b", "/a/b/c")]:
        assert _inside_folder(Path(path), Path(folder)) == (
            PurePosixPath(path) == PurePosixPath(folder) or PurePosixPath(folder) in PurePosixPath(path).parents)
    (tmp_path / "set").mkdir()
    (tmp_path / "setx").mkdir()
    write("setx/records.yaml", "model: {repo_id: acme/base}\n")
    write("setx/s.md", "text\n")
    for records, spec in [("original", "{records: ../setx}"), ("sections", "[{title: T, file: ../setx/s.md}]")]:
        path = write(f"set/{records}.yaml", f"model: {{repo_id: acme/x}}\n{records}: {spec}\n")
        with pytest.raises(InputError) as exc:
            load_records(path)
        assert [p.code for p in exc.value.problems] == ["outside-folder"], records


def test_a_folders_record_files_are_its_records_suffixed_files_in_path_order(tmp_path):
    """record_files lists a folder's .yaml/.yml/.json files (any case) in the order of their paths, as sorting the
    paths pathlib makes of every entry did: names of every case and odd suffix, a folder named like a file."""
    from pathlib import Path

    from generator.records.loader import RECORD_SUFFIXES, record_files

    names = ["b.yaml", "A.yml", "a.json", "..yaml", "x.YAML", "notes.txt", "c.yaml.bak", "d.", "Z.Json", "_e.yaml",
             "10.yaml", "9.yaml", "é.yaml", "E.yaml", ".yaml", "f.yaml."]
    for name in names:
        (tmp_path / name).write_text("model: {repo_id: acme/x}\n")
    (tmp_path / "sub.yaml").mkdir()
    expected = [p for p in sorted(tmp_path / name for name in os.listdir(tmp_path))
                if p.suffix.lower() in RECORD_SUFFIXES and p.is_file()]
    assert record_files(tmp_path) == expected
    assert [p.name for p in expected][:3] == ["..yaml", "10.yaml", "9.yaml"]
    assert isinstance(expected[0], Path)


def test_a_path_is_named_as_relpath_names_it(tmp_path, monkeypatch):
    """Problems name a records path relative to the current folder (as os.path.relpath does, or whole when it is two
    folders up or more); an absolute path inside the current folder is named without relpath's walk."""
    from generator.records.loader import _display

    monkeypatch.chdir(tmp_path)
    cwd = os.getcwd()
    for text in [cwd + "/a.yaml", cwd + "/a/b", cwd + "//a", cwd + "/a/../b", cwd + "/./a", cwd + "/a/", cwd,
                 cwd + "x/y", os.path.dirname(cwd) + "/other", "/", "/elsewhere/x", "a/b", "../a", "./a"]:
        rel = os.path.relpath(text)
        assert _display(text) == (rel if not rel.startswith(".." + os.sep + "..") else text), text
