"""Problem codes: every problem names its kind with a stable kebab-case code.

The human output (``str(problem)``) never shows the code; ``--json`` (``as_dict``) does.
The guard below reads the whole package's source, so a new ``Problem(...)`` without a code
fails here before any user or pipeline meets it.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest
from conftest import MINIMAL

from generator import errors
from generator.cli.main import main
from generator.errors import GeneratorError, Problem
from generator.records.schema import validate

PACKAGE = Path(errors.__file__).resolve().parent
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Helpers that build a Problem from their arguments: their calls must pass code= too
# (hubrules' _err/_warn, Ingested.warn, the records builder's Collector.problem).
HELPERS = {"_err", "_warn", "warn", "problem"}
NOT_HELPERS = {"warnings", "logging", "logger", "log"}  # warnings.warn(...), logger.warn(...)
ERROR_CLASSES = {name for name, obj in vars(errors).items()
                 if inspect.isclass(obj) and issubclass(obj, GeneratorError)}


# ---------------------------------------------------------------------------- the Problem itself


def test_code_is_the_last_field_so_positional_calls_keep_working():
    p = Problem("r.yaml", "$.model", "unknown key 'x'", "remove it", "warning")
    assert p.code == "" and p.severity == "warning"
    assert Problem("r.yaml", "$.model", "m", "f", "error", "unknown-key").code == "unknown-key"


def test_as_dict_has_the_code_and_the_other_keys_in_their_order():
    p = Problem("r.yaml", "$.model.x", "unknown key 'x'", "remove it", code="unknown-key")
    assert p.as_dict() == {"code": "unknown-key", "file": "r.yaml", "path": "$.model.x",
                           "message": "unknown key 'x'", "fix": "remove it", "severity": "error"}
    assert [k for k in p.as_dict() if k != "code"] == ["file", "path", "message", "fix", "severity"]


@pytest.mark.parametrize("problem, text", [
    (Problem("r.yaml", "$.model.x", "unknown key 'x'", "remove it", code="unknown-key"),
     "r.yaml: $.model.x: unknown key 'x' (fix: remove it)"),
    (Problem("README.md", "", "is empty", severity="warning", code="empty-value"), "warning: README.md: is empty"),
    (Problem("a\x1bb", "", "bad\nline", code="x"), "a\\x1bb: bad\\nline"),
])
def test_str_never_shows_the_code(problem, text):
    assert str(problem) == text
    assert str(problem) == str(Problem(problem.file, problem.path, problem.message, problem.fix, problem.severity))


def test_an_error_made_from_a_message_takes_a_code():
    exc = GeneratorError("something broke", code="something-broke")
    assert [p.code for p in exc.problems] == ["something-broke"]
    assert str(exc) == ": something broke"
    assert GeneratorError("plain").problems[0].code == ""


# ---------------------------------------------------------------------------- the guard


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _name(func: ast.expr) -> tuple[str, str]:
    """(name called, name of what it is called on) of ``f(...)`` / ``x.f(...)``."""
    if isinstance(func, ast.Name):
        return func.id, ""
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return func.attr, owner
    return "", ""


def _needs_code(call: ast.Call) -> bool:
    name, owner = _name(call.func)
    if name == "Problem" or name in ERROR_CLASSES and call.args and (
            isinstance(call.args[0], ast.JoinedStr)
            or isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
        return True  # Problem(...), or SomeError("message") which makes one
    return name in HELPERS and owner not in NOT_HELPERS


def _code_problem(call: ast.Call) -> str:
    """What is wrong with the code= of one call, or ""."""
    code = next((k.value for k in call.keywords if k.arg == "code"), None)
    if code is None:
        if any(k.arg is None for k in call.keywords):
            return ""  # **kwargs: cannot tell statically
        return "has no code= keyword"
    if isinstance(code, ast.Constant):
        if isinstance(code.value, str) and KEBAB.match(code.value):
            return ""
        return f"code={code.value!r} is not a kebab-case string"
    if isinstance(code, ast.JoinedStr):
        return "code= is an f-string; codes are fixed identifiers"
    return ""  # an expression: p.code, a variable, a parameter


def _missing_codes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _needs_code(node):
            trouble = _code_problem(node)
            if trouble:
                out.append(f"{_relative(path)}:{node.lineno}: {_name(node.func)[0]}(...) {trouble}")
    return out


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_problem_has_a_code():
    assert len(SOURCES) > 50
    missing = [m for p in SOURCES for m in _missing_codes(p)]
    assert not missing, "give these a code= (see generator/errors.py):\n" + "\n".join(missing)


def test_the_guard_sees_what_it_should():
    def check(source: str) -> list[str]:
        calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and _needs_code(n)]
        return [_code_problem(c) for c in calls]

    assert check('Problem("f", "", "m", code="no-such-file")') == [""]
    assert check('Problem(name, where, f"{p.file}: {p.message}", p.fix, code=p.code)') == [""]
    assert check('Problem("f", "", "m")') == ["has no code= keyword"]
    assert check('Problem("f", "", "m", code="No_Such")') == ["code='No_Such' is not a kebab-case string"]
    assert check('Problem("f", "", "m", code="")') == ["code='' is not a kebab-case string"]
    assert check('_err("license", "m", "f")') == ["has no code= keyword"]
    assert check('result.warn("$", "m")') == ["has no code= keyword"]
    assert check('ctx.problem(["model"], "m", "f")') == ["has no code= keyword"]
    assert check('ctx.problem(["model"], "m", "f", code="duplicate-id")') == [""]
    assert check('warnings.warn("m")') == []
    assert check('UsageError("m")') == ["has no code= keyword"]
    assert check('UsageError([Problem("f", "", "m", code="x")])') == [""]


# ---------------------------------------------------------------------------- schema errors: a code per validator


@pytest.mark.parametrize("data, code, path", [
    ({"model": {"repo_id": "a/b", "licence": "mit"}}, "unknown-key", "$.model.licence"),  # additionalProperties
    ({"model": {}}, "missing-field", "$.model"),  # required
    ({"model": {"repo_id": 1}}, "wrong-type", "$.model.repo_id"),  # type
    ({"model": {"repo_id": "a/b"}, "sections": [{"title": "T", "content": "x", "position": "nowhere"}]},
     "not-allowed-value", "$.sections[0].position"),  # enum
    ({"model": {"repo_id": "a b c"}}, "bad-format", "$.model.repo_id"),  # pattern
    ({"model": {"repo_id": "a/b"}, "evaluations": [{"benchmark": "", "metrics": [{"type": "acc", "value": 1}]}]},
     "empty-value", "$.evaluations[0].benchmark"),  # minLength
    ({"model": {"repo_id": "a/b"}, "evaluations": [{"benchmark": "x", "few_shot": -1,
                                                    "metrics": [{"type": "acc", "value": 1}]}]},
     "out-of-range", "$.evaluations[0].few_shot"),  # minimum
    ({"model": {"repo_id": "a/" + "b" * 200}}, "too-long", "$.model.repo_id"),  # maxLength
    ({"model": {"repo_id": "a/b"}, "original": {"records": "x", "card": "y"}}, "needs-one-of", "$.original"),  # oneOf
])
def test_schema_errors_have_a_code_per_validator(data, code, path):
    assert [(p.code, p.path) for p in validate("records", data)] == [(code, path)]


# ---------------------------------------------------------------------------- --json carries the codes


def _json_problems(capsys, args: list[str]) -> list[dict]:
    assert main(args + ["--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    if "cards" in report:
        return [p for card in report["cards"] for p in card["problems"]]
    return report["problems"]


def test_json_unknown_key_in_records(write, capsys):
    records = write("r.yaml", MINIMAL.replace("model:\n", "model:\n  licence: mit\n", 1))
    problems = _json_problems(capsys, ["render", str(records)])
    assert [(p["code"], p["path"]) for p in problems] == [("unknown-key", "$.model.licence")]
    assert list(problems[0]) == ["code", "file", "path", "message", "fix", "severity"]


def test_a_rewrapped_problem_keeps_its_code(write, monkeypatch):
    """A section file that cannot be read is reported at the records key naming it, with the reader's code."""
    from generator.errors import InputError
    from generator.records import loader

    def unreadable(path, name):
        raise InputError([Problem(name, "line 2", "is not UTF-8", "save it as UTF-8", code="not-utf8")])

    write("usage.md", "Use it.\n")
    records = write("r.yaml", MINIMAL + "sections:\n  - {title: Usage, file: usage.md}\n")
    monkeypatch.setattr(loader, "read_text", unreadable)
    with pytest.raises(InputError) as caught:
        loader.load_records(records)
    [problem] = caught.value.problems
    assert (problem.code, problem.path) == ("not-utf8", "$.sections[0].file")
    assert problem.message.endswith("usage.md: is not UTF-8")


def test_hub_rules_name_their_codes():
    from generator.records.hubrules import check_metadata

    meta = {"license": "apache2", "language": ["en", "pt-BR", "xx1", "roa"], "pipeline_tag": "conversational",
            "base_model": "not a hub id", "base_model_relation": "fork", "library_name": "transformerz", "tags": 7,
            "model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d"},
                                                       "metrics": [{"type": "acc", "value": 1, "verified": True}]}]}]}
    assert [(p.path, p.code) for p in check_metadata(meta)] == [
        ("license", "unknown-license"),
        ("language[1]", "language-subtag"),
        ("language[2]", "unknown-language"),
        ("language[3]", "unlisted-language"),
        ("base_model", "not-a-hub-id"),
        ("base_model_relation", "not-allowed-value"),
        ("pipeline_tag", "removed-pipeline-tag"),
        ("library_name", "unknown-library"),
        ("tags", "wrong-type"),
        ("model-index[0].results[0].dataset.name", "missing-field"),
        ("model-index[0].results[0].metrics[0].verified", "set-by-hub"),
    ]


def test_json_validate_names_the_code_of_each_card_problem(write, capsys):
    card = write("README.md", "---\nlicense: apache2\nlanguage: [en, roa]\n---\n\n# Tiny\n")
    problems = _json_problems(capsys, ["validate", str(card)])
    assert [(p["code"], p["severity"]) for p in problems] == [("unknown-license", "error"),
                                                              ("unlisted-language", "warning")]
    assert list(problems[0]) == ["code", "file", "path", "message", "fix", "severity"]


def test_ingest_problems_name_their_codes(write):
    from generator.errors import InputError, RecordsError
    from generator.sources.lm_eval import read_lm_eval
    from generator.sources.pipeline import ingest

    hand = write("mine.yaml", "model:\n  repo_id: acme/tiny\n  licence: mit\n")
    with pytest.raises(RecordsError) as caught:
        ingest(records=[hand])
    assert [(p.file, p.code) for p in caught.value.problems] == [(str(hand), "unknown-key")]  # re-wrapped, same code
    other = write("results.json", '{"hello": "world"}')
    with pytest.raises(InputError) as caught:
        read_lm_eval(other)
    assert [p.code for p in caught.value.problems] == ["unrecognized-format"]


# ---------------------------------------------------------------------------- reading files: a code per way it fails


@pytest.mark.parametrize("name, content, code", [
    ("r.yaml", b"model:\n  repo_id: caf\xe9\n", "not-utf8"),
    ("r.yaml", b"model: {repo_id: a/b}\x00\n", "not-text"),
    ("r.yaml", "model: [1\n", "yaml-syntax"),
    ("r.yaml", "model: 1\nmodel: 2\n", "duplicate-key"),
    ("r.yaml", "1: x\n", "non-string-key"),
    ("r.yaml", "model: !!python/object:os.system x\n", "unsupported-yaml-tag"),
    ("r.yaml", "value: .nan\n", "not-finite"),
    ("r.yaml", "value: " + "9" * 200 + "\n", "too-large"),
    ("r.json", '{"model": 1,}', "json-syntax"),
    ("r.json", '{"model": 1, "model": 2}', "duplicate-key"),
    ("r.json", '{"value": NaN}', "not-finite"),
    ("r.json", "[" * 100 + "]" * 100, "too-deep"),
])
def test_reading_a_data_file_names_the_code(write, name, content, code):
    from generator.errors import InputError
    from generator.io.files import load_data_file

    with pytest.raises(InputError) as caught:
        load_data_file(write(name, content))
    assert [p.code for p in caught.value.problems] == [code]


DEEP = "[" * 100_000  # nesting past Python's JSON decoder (its recursion limit): a fuzzed results file


@pytest.mark.parametrize("folder, name, argv", [
    (False, "results.json", ["build", "--eval", "{path}", "--repo-id", "a/b"]),
    (True, "trainer_state.json", ["build", "--trainer-dir", "{folder}"]),
    (True, "config.json", ["build", "--trainer-dir", "{folder}"]),
    (True, "adapter_config.json", ["build", "--trainer-dir", "{folder}"]),
    (True, "trainer_log.jsonl", ["build", "--trainer-dir", "{folder}"]),
])
def test_other_tools_json_nested_too_deep_is_refused_or_passed_over_not_an_internal_error(tmp_path, capsys, folder,
                                                                                         name, argv):
    """Each reader of another tool's JSON decoded it with json.loads, whose RecursionError on 100,000 `[` was an
    internal error (exit 70). Now it is the reader's refusal (too-deep, naming the file) or the file passed over with
    the run's other files, as a syntax error is."""
    run = tmp_path / "run"
    run.mkdir()
    if folder and name != "trainer_state.json":
        (run / "trainer_state.json").write_text(json.dumps({"log_history": [{"loss": 1.0, "step": 1}], "global_step": 1}))
    (run / name).write_text(DEEP)
    out = tmp_path / "README.md"
    rc = main([a.format(path=run / name, folder=run) for a in argv] + ["-o", str(out)])
    err = capsys.readouterr().err
    assert rc in (0, 1) and "internal error" not in err and "Traceback" not in err
    if rc:
        assert "too deep" in err and name in err and not out.exists()


def test_a_number_as_a_mapping_key_is_valid_yaml_whose_fix_is_to_quote_it(write):
    from generator.errors import InputError
    from generator.io.files import load_data_file

    with pytest.raises(InputError) as caught:
        load_data_file(write("r.yaml", "rules:\n  15: x\n"))
    (problem,) = caught.value.problems
    assert problem.message == "mapping key 15 is not a string" and "quote the key" in problem.fix
    assert "syntax" not in problem.fix


def test_reading_a_missing_file_or_a_folder_names_the_code(tmp_path):
    from generator.errors import InputError
    from generator.io.files import read_text

    for path, code in ((tmp_path / "nope.yaml", "no-such-file"), (tmp_path, "is-a-directory")):
        with pytest.raises(InputError) as caught:
            read_text(path)
        assert [p.code for p in caught.value.problems] == [code]


def test_json_unreadable_records(write, capsys):
    records = write("r.yaml", b"model:\n  repo_id: acme/tiny\n  details: {Developed by: Soci\xe9t\xe9}\n")
    problems = _json_problems(capsys, ["render", str(records)])
    assert [(p["code"], p["path"]) for p in problems] == [("not-utf8", "line 3")]


# ---------------------------------------------------------------------------- the records builder


def test_records_builder_names_each_inconsistency(write):
    from generator.errors import RecordsError
    from generator.records.loader import load_records

    text = MINIMAL.replace("  base_model: acme/tiny-sft\n", "  base_model: acme/tiny-dpo\n  summary: \"```\\nx\"\n")
    text = text.replace("  - id: gsm8k\n", "  - id: arc\n    group: Reasoning\n")
    text += """\
leaderboards:
  - {source: Open LLM Leaderboard}
comparisons:
  - title: Against others
    columns:
      - {label: ARC, from: {evaluation: arcc}}
    rows:
      - {self: true}
sections:
  - {title: Notes, content: "<!-- hidden"}
"""
    with pytest.raises(RecordsError) as caught:
        load_records(write("r.yaml", text))
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.model.summary", "unclosed-fence"),
        ("$.model.base_model", "self-reference"),
        ("$.evaluations[1].id", "duplicate-id"),
        ("$.evaluations[1].group", "undeclared-group"),
        ("$.leaderboards[0].source", "dangling-reference"),
        ("$.comparisons[0].columns[0].from.evaluation", "dangling-reference"),
        ("$.sections[0].content", "unclosed-comment"),
    ]


# ---------------------------------------------------------------------------- templates: a code per way they fail


@pytest.mark.parametrize("block, code", [
    ("{{ model.name }", "template-syntax"),
    ("{{ model.parameters }}", "template-missing-field"),
    ("{{ ''.__class__.__mro__ }}", "template-sandbox"),
    ("{% for i in range(10 ** 9) %}x{% endfor %}", "template-over-limit"),
    ('{% include "nowhere.j2" %}', "template-not-found"),
    ("{{ 1 // 0 }}", "template-failed"),
])
def test_json_template_errors_name_their_code(write, capsys, block, code):
    records = write("r.yaml", MINIMAL)
    template = write("t.j2", '{% extends "modelcard.md.j2" %}\n{% block uses %}\n' + block + "\n{% endblock %}\n")
    problems = _json_problems(capsys, ["render", str(records), "--template", str(template)])
    assert [(p["code"], p["file"]) for p in problems] == [(code, str(template))]


def test_a_template_that_cannot_be_read_keeps_the_readers_code(write, tmp_path, capsys):
    records = write("r.yaml", MINIMAL)
    problems = _json_problems(capsys, ["render", str(records), "--template", str(tmp_path / "nope.j2")])
    assert [p["code"] for p in problems] == ["no-such-file"]
    assert problems[0]["message"].startswith("template failed: InputError: ")  # the human text is as it was


def test_json_render_keeps_the_code_of_a_hub_rule(write, capsys):
    records = write("r.yaml", MINIMAL.replace("license: apache-2.0", "license: apache2"))
    problems = _json_problems(capsys, ["render", str(records)])
    assert [(p["code"], p["path"]) for p in problems] == [("unknown-license", "$.model.license")]


# ---------------------------------------------------------------------------- the command line


def test_json_command_line_problems_name_their_code(write, tmp_path, capsys):
    records = write("r.yaml", MINIMAL)
    for args, code in ((["--bogus"], "bad-arguments"), (["-o", str(records)], "overwrites-input"),
                       (["-o", str(tmp_path)], "is-a-directory"), (["-o", str(tmp_path / "no" / "README.md")],
                                                                   "no-such-file")):
        assert main(["render", str(records), *args, "--json"]) == 2
        assert [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]] == [code]


@pytest.mark.parametrize("args, code", [
    ((["a"], "org/a", "org/{name}", None), "needs-one-of"),
    ((["a"], None, "org/{name.foo}", None), "bad-repo-id-template"),
    ((["a", "b"], "org/x", None, None), "one-repo-for-many-cards"),
    ((["a"], None, None, {"b": "org/b"}), "no-repo-id"),
    ((["a"], None, "org/{nmae}", None), "bad-repo-id-template"),
])
def test_publish_targets_name_their_code(args, code):
    from generator.errors import UsageError
    from generator.publish.publish import repo_ids_for

    with pytest.raises(UsageError) as caught:
        repo_ids_for(*args)
    assert [p.code for p in caught.value.problems] == [code]
