"""The modelcard command as a pipeline sees it: exit codes, streams, --json, no tracebacks."""

import json
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES, MINIMAL

from generator import __version__
from generator.cli.main import main


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_render_to_stdout_and_file(write, tmp_path, capsys):
    records = write("r.yaml", MINIMAL)
    assert main(["render", str(records)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\n")
    target = tmp_path / "README.md"
    assert main(["render", str(records), "-o", str(target)]) == 0
    assert target.read_text() == out


def test_render_json(write, capsys):
    assert main(["render", str(write("r.yaml", MINIMAL)), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["card"].startswith("---\n")


def test_invalid_records_exit_1_without_traceback_and_write_nothing(write, tmp_path):
    records = write("r.yaml", "model: {repo_id: acme/x, license: nope}\n")
    target = tmp_path / "README.md"
    result = run("render", str(records), "-o", str(target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "r.yaml: $.model.license: 'nope' is not a Hub license id" in result.stderr
    assert not target.exists()


def test_invalid_records_json(write, capsys):
    assert main(["render", str(write("r.yaml", "model: {repo_id: 1}\n")), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert not result["ok"] and result["problems"][0]["path"] == "$.model.repo_id"


@pytest.mark.parametrize("args", [[], ["render"], ["frobnicate"], ["render", "x", "--bogus"]])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_path_exit_1():
    result = run("render", "no/such/records")
    assert result.returncode == 1 and "no such file or folder" in result.stderr


def test_validate_examples_and_a_broken_card(write, capsys):
    assert main(["validate", *(str(p) for p in sorted(EXAMPLES.iterdir()))]) == 0
    capsys.readouterr()
    card = write("README.md", "")
    assert main(["render", str(write("r.yaml", MINIMAL)), "-o", str(card)]) == 0
    bad = write("bad.md", card.read_text().replace("| 58.45 |", "| 1.00 |"))
    capsys.readouterr()
    assert main(["validate", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and "58.45" in report["cards"][0]["problems"][0]["message"]


def test_validate_strict_turns_warnings_into_failure(write):
    card = write("README.md", "")
    assert main(["render", str(write("r.yaml", MINIMAL)), "-o", str(card)]) == 0
    name = str(write("edited.md", card.read_text().replace("# tiny-dpo", "# Tiny DPO, renamed by hand")))
    assert main(["validate", name]) == 0  # a generated block edited by hand: a warning
    assert main(["validate", "--strict", name]) == 1


def test_output_to_a_fifo_is_refused_before_any_work(write, tmp_path):
    import os
    import stat

    records = write("r.yaml", MINIMAL)
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    for args in (["render", str(records)], ["schema"], ["ingest", str(records)], ["preview", str(records)],
                 ["init", "--force"]):
        result = run(*args, "-o", str(fifo))
        assert result.returncode == 2, (args, result.stderr)
        assert "out.md" in result.stderr and "not a regular file" in result.stderr, args
        assert "Traceback" not in result.stderr
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "-o - for standard output" in result.stderr  # init takes -o -
    json_run = run("render", str(records), "-o", str(fifo), "--json")
    assert json.loads(json_run.stdout)["problems"][0]["code"] == "not-a-regular-file"


def test_render_to_dev_null_keeps_it_a_device(write):
    import os
    import stat

    if not os.access(os.devnull, os.W_OK):
        pytest.skip("/dev/null is not writable here")
    result = run("render", str(write("r.yaml", MINIMAL)), "-o", os.devnull)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    plots = run("render", str(write("r.yaml", MINIMAL)), "-o", os.devnull, "--plots")
    assert plots.returncode == 2 and "no folder of its own" in plots.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_outputs_of_another_kind_need_force(write, tmp_path):
    records = write("r.yaml", MINIMAL)
    card = write("README.md", "---\nlicense: mit\n---\n# card\n")
    kept = card.read_bytes()
    refused = [run("preview", str(records), "-o", str(card)), run("schema", "-o", str(records)),
               run("ingest", str(write("a.json", "{}")), "-o", str(card), "--format", "records")]
    for result in refused:
        assert result.returncode == 2 and "already exists" in result.stderr and "--force" in result.stderr
    assert card.read_bytes() == kept and records.read_text() == MINIMAL
    # what a re-run writes over is its own kind: an .html page, a JSON Schema
    page = tmp_path / "card.html"
    schema = tmp_path / "records.schema.json"
    for _ in range(2):
        assert run("preview", str(records), "-o", str(page)).returncode == 0
        assert run("schema", "-o", str(schema)).returncode == 0
    # ...and --force overwrites anything
    assert run("preview", str(records), "-o", str(card), "--force").returncode == 0
    assert card.read_text().lstrip().lower().startswith("<!doctype html")
    other = write("notes.txt", "notes\n")
    assert run("schema", "-o", str(other), "--force").returncode == 0
    out = tmp_path / "merged.yaml"
    assert run("ingest", str(records), "-o", str(out)).returncode == 0
    assert run("ingest", str(records), "-o", str(out)).returncode == 2
    assert run("ingest", str(records), "-o", str(out), "--force").returncode == 0


@pytest.mark.parametrize("args, message", [
    (["rendr", "x"], "unknown command 'rendr' (fix: did you mean 'render'?)"),
    (["render", "x", "--tempalte", "t.j2"], "unknown option '--tempalte' (fix: did you mean '--template'?)"),
    (["validate", "--strct", "x"], "unknown option '--strct' (fix: did you mean '--strict'?)"),
    (["ingest", "x", "--format", "lm_eval"], "unknown value 'lm_eval' (fix: did you mean 'lm-eval'?)"),
    (["xyzzy"], "unknown command 'xyzzy' (fix: use one of: render, validate,"),
    (["build", "out"], "modelcard build: takes no path argument, got 'out' (fix: pass a Trainer/TRL output folder as "
                       "--trainer-dir out"),
    (["init", "records.yaml"], "modelcard init: takes no path argument, got 'records.yaml' (fix: write the records "
                               "file with -o records.yaml;"),
    (["render", "a", "b"], "modelcard render: unrecognized arguments: b (fix: run `modelcard render --help`)"),
])
def test_mistyped_command_or_option_gets_a_suggestion(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert main([*args, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["problems"][0]["code"] == "bad-arguments"


def test_validate_summary_counts_agree_in_number(write, tmp_path, capsys):
    from generator.errors import counted

    assert [counted(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert counted(1, "entry", "entries") == "1 entry" and counted(3, "entry", "entries") == "3 entries"
    card = tmp_path / "README.md"
    assert main(["render", str(write("r.yaml", MINIMAL)), "-o", str(card)]) == 0
    card.write_text(card.read_text().replace("license: apache-2.0", "license: nope", 1))
    capsys.readouterr()
    assert main(["validate", str(card)]) == 1
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert re.search(r"\(1 error, \d+ warnings?; \d+ table values? checked in \d+ tables?\)$", summary), summary
    assert not re.search(r"\b1 (errors|warnings|tables|table values)\b", summary), summary


ARGVS = [["render", "r.yaml", "-o", "README.md"], ["render"], ["render", "r.yaml", "--bogus"],
         ["render", "r.yaml", "--tempalte", "t.j2"], ["render", "--version"], ["render", "-h"], ["render", "--help"],
         ["validate", "a.md", "b.md", "--strict", "--json"], ["validate"], ["validate", "--strikt", "a.md"],
         ["publish", "s", "--repo-type", "modle"], ["publish", "s", "--jobs", "many"], ["publish", "-h"],
         ["schema", "--list"], ["schema", "model", "--bundle", "-o", "x.json"], ["init"], ["init", "--force", "-o", "-"],
         ["build", "--eval", "a.json", "b.json", "--records", "r.yaml"], ["preview", "x", "--open"],
         ["ingest", "a", "--format", "lm_eval"], ["ingest", "a", "b", "--format", "lm-eval", "--json"],
         ["render", "render"], ["validate", "render"]]


def _outcome(parser, argv, capsys):
    from generator.errors import UsageError

    try:
        result = ("args", vars(parser.parse_args(argv)))
    except UsageError as exc:
        result = ("usage", [str(p) for p in exc.problems])
    except SystemExit as exc:
        result = ("exit", exc.code)
    out = capsys.readouterr()
    return result, out.out, out.err


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_parser_of_the_given_command_alone_parses_as_the_whole_parser(argv, capsys):
    """main builds only the parser of the command its arguments start with (the cold start): it gives the same
    arguments, usage errors (with their did-you-mean) and help as the parser of every command."""
    from generator.cli.parser import SUBCOMMANDS, build_parser

    alone = build_parser(argv[0])
    assert list(alone._subcommands()) == [argv[0]] and argv[0] in SUBCOMMANDS
    assert _outcome(alone, argv, capsys) == _outcome(build_parser(), argv, capsys)


@pytest.mark.parametrize("argv", [[], ["-h"], ["--version"], ["rendr", "x"], ["--json", "render", "x"]], ids=repr)
def test_arguments_not_starting_with_a_command_get_every_command(argv):
    from generator.cli.parser import SUBCOMMANDS, build_parser

    assert list(build_parser(argv[0] if argv else None)._subcommands()) == list(SUBCOMMANDS)


def test_the_process_entry_point_imports_with_the_collector_paused_then_freezes_what_it_imported():
    """`modelcard` and `python -m generator` start through generator.cli.start: the command's module is imported with
    the cyclic collector paused and then frozen, and the collector is on while the command runs."""
    code = ("import gc, sys; from generator.cli import run; during = [];"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and during.append("
            "    hasattr(sys.modules.get('generator.cli.main'), 'main')));"
            "sys.argv = ['modelcard', 'schema', '--list'];"
            "print(run(), gc.isenabled(), gc.get_freeze_count() > 1000, all(during))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 True True True"
    pyproject = (EXAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'modelcard = "generator.cli:run"' in pyproject
    assert "sys.exit(start()())" in (EXAMPLES.parent / "generator" / "__main__.py").read_text(encoding="utf-8")


def test_ingest_into_a_folder_writes_records_yaml_there(write, tmp_path):
    """`-o rec/` (trailing slash, made when missing) or an existing folder: records.yaml inside it, never a file
    named `rec`; render then loads the folder."""
    records = write("r.yaml", MINIMAL)
    made = tmp_path / "rec"
    assert run("ingest", str(records), "-o", str(made) + "/").returncode == 0
    assert made.is_dir() and (made / "records.yaml").is_file()
    existing = tmp_path / "existing"
    existing.mkdir()
    result = run("ingest", str(records), "-o", str(existing))
    assert result.returncode == 0 and f"wrote {existing / 'records.yaml'}" in result.stderr
    assert (existing / "records.yaml").read_text() == (made / "records.yaml").read_text()
    assert run("render", str(made), "-o", str(tmp_path / "README.md")).returncode == 0
    again = run("ingest", str(records), "-o", str(made) + "/")
    assert again.returncode == 2 and "already exists" in again.stderr
    missing_parent = run("ingest", str(records), "-o", str(tmp_path / "no" / "rec") + "/")
    assert missing_parent.returncode == 2 and "does not exist" in missing_parent.stderr
    assert not (tmp_path / "no").exists()
