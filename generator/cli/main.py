"""The `modelcard` command. Each subcommand parses, calls one public function, prints.

Exit codes: 0 success; 1 invalid input (records, card, template); 2 usage error;
3 and 4 publish failures and conflicts; 70 internal error (a bug: please report it).
They are defined, with what a pipeline can do on each, in :mod:`generator.errors`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from pathlib import Path
from typing import Optional, Sequence

from generator import __version__
from generator.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    GeneratorError,
    Problem,
    UsageError,
)

_INVALID_CHOICE = re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>'.*?'|\S+) \(choose from (?P<choices>.*)\)$")


def _did_you_mean(word: str, candidates: Sequence[str]) -> Optional[str]:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _count(n: int, word: str) -> str:
    """``1 error``, ``2 errors``: a count with its noun (regular plurals only)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError (exit 2, code bad-arguments), with a did-you-mean for a mistyped
    command, option or choice."""

    _argv: Sequence[str] = ()

    def parse_args(self, args=None, namespace=None):
        self._argv = list(sys.argv[1:] if args is None else args)
        return super().parse_args(args, namespace)

    def _subcommands(self) -> dict[str, argparse.ArgumentParser]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def _usage_error(self, message: str, fix: str = "") -> None:
        raise UsageError([Problem(self.prog, "", message, fix or f"run `{self.prog} --help`", code="bad-arguments")])

    def error(self, message: str) -> None:  # type: ignore[override]
        choice = _INVALID_CHOICE.match(message)
        if choice:
            value = choice["value"].strip("'")
            choices = re.findall(r"'([^']*)'", choice["choices"]) or [c.strip() for c in choice["choices"].split(",")]
            guess = _did_you_mean(value, choices)
            what = "unknown command" if choice["arg"] == "COMMAND" else f"{choice['arg']}: unknown value"
            fix = f"did you mean {guess!r}?" if guess else "use one of: " + ", ".join(choices)
            self._usage_error(f"{what} {value!r}", fix)
        if message.startswith("unrecognized arguments: "):
            subcommands = self._subcommands()
            parser: argparse.ArgumentParser = next((subcommands[a] for a in self._argv if a in subcommands), self)
            options = [o for action in parser._actions for o in action.option_strings]
            for token in message[len("unrecognized arguments: "):].split():
                guess = _did_you_mean(token.split("=", 1)[0], options) if token.startswith("-") else None
                if guess:
                    self._usage_error(f"unknown option {token.split('=', 1)[0]!r}", f"did you mean {guess!r}?")
        self._usage_error(message)


# Options several subcommands share, declared once (in the style of sqlite-utils' shared option
# decorators): each adds the same argparse action wherever it is used; only the help may differ.

def _output_option(parser: argparse.ArgumentParser, help: str = "write the card here (default: standard output)",
                   default: Optional[str] = None) -> None:
    """``-o/--output``: where to write the result."""
    parser.add_argument("-o", "--output", default=default, help=help)


def _template_option(parser: argparse.ArgumentParser, help: str = "Jinja template extending modelcard.md.j2") -> None:
    """``--template``: a user template, rendered in the sandbox."""
    parser.add_argument("--template", help=help)


def _json_option(parser: argparse.ArgumentParser, help: str = "print a JSON result") -> None:
    """``--json``: answer with JSON on standard output instead of text."""
    parser.add_argument("--json", action="store_true", help=help)


def _plots_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--plots``: embed the record set's plots (needs matplotlib)."""
    parser.add_argument("--plots", action="store_true", help=help)


def _repo_id_option(parser: argparse.ArgumentParser, help: str = "the model's Hub repo id") -> None:
    """``--repo-id``: the model's repo on the Hub."""
    parser.add_argument("--repo-id", help=help)


def _trainer_dir_option(parser: argparse.ArgumentParser, help: str = "transformers / TRL output_dir") -> None:
    """``--trainer-dir``: a Trainer's output folder to read."""
    parser.add_argument("--trainer-dir", help=help)


def _force_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--force``: overwrite what is there."""
    parser.add_argument("--force", action="store_true", help=help)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="modelcard", description="Build, check and publish Hugging Face model cards from records.")
    parser.add_argument("--version", action="version", version=f"modelcard-generator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    render = sub.add_parser("render", help="render a record set into README.md",
                            description="Render a record set (a YAML/JSON file or a folder of them) into a model card.")
    render.add_argument("records", help="records file or folder")
    _output_option(render)
    _template_option(render, "Jinja template extending modelcard.md.j2 (runs sandboxed)")
    _json_option(render, "print a JSON result instead of text")
    _plots_option(render, "embed plots of the training log and of the comparisons; writes them to assets/ next to "
                          "-o (needs matplotlib: pip install 'modelcard-generator[plots]')")

    validate = sub.add_parser("validate", help="check cards or record sets offline",
                              description="Check README.md cards or record sets against the Hub's metadata rules "
                                          "and check every table value against its record and model-index entry.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="README.md file, records file or records folder")
    _template_option(validate, "template to render record sets with")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _json_option(validate, "print a JSON report")
    build = sub.add_parser("build", help="build a card from a Trainer run, eval results and records",
                           description="The pipeline step: read a Trainer output folder and evaluation results, "
                                       "merge them with hand-written records (hand-written wins), render the card.")
    _trainer_dir_option(build)
    build.add_argument("--checkpoint", help="read this checkpoint-N sub-folder of --trainer-dir")
    build.add_argument("--eval", action="extend", nargs="+", default=[], metavar="FILE",
                       help="lm-evaluation-harness / lighteval results or .eval_results (repeatable)")
    build.add_argument("--records", action="extend", nargs="+", default=[], metavar="FILE",
                       help="hand-written records file or folder (repeatable)")
    _repo_id_option(build, "the model's Hub repo id (overrides the sources)")
    _output_option(build)
    _template_option(build)
    _json_option(build)
    _plots_option(build, "embed plots of the training log and of the comparisons; writes them to assets/ next to "
                         "-o (needs matplotlib)")

    ingest = sub.add_parser("ingest", help="merge tool outputs into a records file to edit",
                            description="Read tool outputs (format auto-detected) and write the merged records.")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="Trainer folder, results file, recipe, card, records")
    _output_option(ingest, "write records YAML here (default: standard output)")
    ingest.add_argument("--format", choices=["trainer", "lm-eval", "lighteval", "eval-results", "recipe", "records",
                                             "card"], help="format of every SOURCE (default: detect)")
    _repo_id_option(ingest)
    _json_option(ingest)
    _force_option(ingest, "overwrite -o if it exists (it may hold hand-edited records)")
    schema = sub.add_parser("schema", help="print the JSON Schema of records (for editors and other tools)",
                            description="Print the JSON Schema of a record kind. With --bundle the schemas it "
                                        "refers to are inlined under $defs: one self-contained file an editor can "
                                        "use (e.g. `# yaml-language-server: $schema=records.schema.json`).")
    schema.add_argument("kind", nargs="?", default="records", metavar="KIND",
                        help="records (default: the whole record set), model, training, evaluation, comparison, "
                             "citation or section")
    schema.add_argument("--bundle", action="store_true", help="inline the schemas it refers to")
    schema.add_argument("--list", action="store_true", help="list the kinds and what each describes")
    _output_option(schema, "write the schema here (default: standard output)")
    _force_option(schema, "overwrite -o even if it is not a JSON Schema")
    init = sub.add_parser("init", help="write a commented records file to start from",
                          description="Write a records file listing every field with its description: required "
                                      "values hold placeholders marked `change me`, optional fields are commented "
                                      "out. It renders as written. With --trainer-dir the fields a Trainer run "
                                      "gives are filled in.")
    _output_option(init, "file to write (default: records.yaml; - for standard output)", default="records.yaml")
    _trainer_dir_option(init, "prefill from this transformers / TRL output_dir")
    _repo_id_option(init, "the model's Hub repo id (default: the run's, if it names one; else a placeholder)")
    _force_option(init, "overwrite the file if it exists")
    publish = sub.add_parser("publish", help="publish cards to the Hub (one commit per card)",
                             description="Render, validate and publish cards to the Hugging Face Hub, keeping "
                                         "edits people made on the Hub. Exit 3 when any card failed for Hub or "
                                         "network reasons, 1 when any was invalid, 4 on conflicts with Hub edits.")
    publish.add_argument("sources", nargs="+", metavar="RECORDS_OR_CARD", help="record sets or README.md files")
    _repo_id_option(publish, "target repo (one card)")
    publish.add_argument("--repo-id-template", help="target repos for several cards, e.g. 'org/{name}'")
    publish.add_argument("--mapping", help="YAML/JSON file mapping each source to its repo id")
    publish.add_argument("--create-pr", action="store_true", help="open a pull request instead of pushing")
    publish.add_argument("--revision", help="branch to commit to (default: main)")
    publish.add_argument("--private", action="store_true", help="create missing repos as private")
    publish.add_argument("--repo-type", default="model", choices=["model", "dataset", "space"])
    publish.add_argument("--dry-run", action="store_true", help="show the diff; publish nothing")
    _force_option(publish, "overwrite edits made on the Hub to generated parts")
    publish.add_argument("--jobs", type=int, default=4, help="cards published at once (default 4)")
    publish.add_argument("--token", help="Hub token (default: HF_TOKEN or the saved login)")
    _template_option(publish)
    publish.add_argument("--commit-message", help="commit message (default: says what changed)")
    publish.add_argument("--retry-budget", type=float, default=120.0, metavar="SECONDS",
                         help="time one card may spend retrying 5xx/429/connection errors (default 120)")
    _json_option(publish, "print one JSON report")
    _plots_option(publish, "embed plots and upload them (assets/*.png, *.svg) in the card's commit (needs matplotlib)")
    preview = sub.add_parser("preview", help="show a card as one HTML page, laid out as on the Hub",
                             description="Render a record set, or read a README.md card, into one self-contained "
                                         "HTML page: the metadata in a side box, the body sanitized (no scripts), "
                                         "relative PNG/SVG images inlined.")
    preview.add_argument("source", metavar="RECORDS_OR_CARD", help="records file or folder, or a README.md card")
    _output_option(preview, "write the page here (default: standard output)")
    _template_option(preview, "Jinja template extending modelcard.md.j2 (record sets only)")
    preview.add_argument("--open", action="store_true",
                         help="open the page in a browser (without -o it is written to a temporary file)")
    _plots_option(preview, "draw the record set's plots into the page (needs matplotlib; no files are written)")
    _force_option(preview, "overwrite -o even if it is not an .html file")
    return parser


def _print_problems(problems: Sequence[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        print(str(p) if p.severity != "error" else f"error: {p}", file=stream)


def _check_output(output: Optional[str], inputs: Sequence[Optional[str]]) -> None:
    """Refuse, before any work, an output path that cannot be written or would clobber an input."""
    if not output:
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError([Problem(output, "", "is a directory", "give the path of the README.md to write",
                                  code="is-a-directory")])
    if not target.parent.is_dir():
        raise UsageError([Problem(output, "", f"folder {str(target.parent)!r} does not exist", "create it first",
                                  code="no-such-file")])
    from generator.io.files import check_output_target

    check_output_target(target, "write to a regular file, or leave out -o to write to standard output")
    resolved = target.resolve()
    for given in inputs:
        if not given:
            continue
        try:
            source = Path(given).resolve()
        except (OSError, RuntimeError):
            continue  # unreadable input: the loader reports it with a clear message
        if resolved == source or (source.is_dir() and source in resolved.parents and resolved.suffix.lower() in
                                  (".yaml", ".yml", ".json")):
            raise UsageError([Problem(output, "", f"would overwrite the input {given}",
                                      "write the card to another file, e.g. -o README.md", code="overwrites-input")])


def _refuse_overwrite(output: Optional[str], force: bool, kind: str = "", fits=None) -> None:
    """Refuse, before any work, to replace an existing file without --force, as init does.

    ``fits(path)`` says whether an existing file is of the kind the command writes (then it is
    replaced, as a re-run should); without ``fits`` every existing file needs --force.
    """
    if not output or force:
        return
    from generator.io.files import is_devnull

    target = Path(output)
    if not (target.exists() or target.is_symlink()) or target.is_dir() or is_devnull(target):
        return
    if fits is not None:
        try:
            if fits(target):
                return
        except (GeneratorError, OSError, ValueError):
            pass
    message = f"already exists and is not {kind}" if kind else "already exists"
    raise UsageError([Problem(output, "", message, "pass --force to overwrite it, or write elsewhere with -o",
                              code="file-exists")])


def _is_html(path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm")


def _is_json_schema(path: Path) -> bool:
    """A file `modelcard schema` wrote (a JSON object with "$schema"): one it may replace."""
    from generator.io.files import parse_json, read_text

    data = parse_json(read_text(path), str(path))
    return isinstance(data, dict) and "$schema" in data


def _report(args: argparse.Namespace, text: str, summary: dict, inline: tuple, warnings: Sequence[Problem] = (),
            wrote: Optional[str] = None) -> int:
    """How render, build and ingest answer: JSON (the content inline without -o), or the text / a 'wrote' line."""
    if args.json:
        out = {"ok": True, **summary}
        if not args.output:
            out[inline[0]] = inline[1]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    _print_problems(warnings)
    if args.output:
        print(wrote or f"wrote {args.output} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _check_plots(args: argparse.Namespace) -> None:
    """--plots writes image files next to the card: refuse it without -o, and say so when matplotlib is missing."""
    if not args.plots:
        return
    from generator.render.plots import require_matplotlib, require_plots_output

    require_plots_output(args.output, f"modelcard {args.command}", option="--plots", needs="-o",
                         fix="add -o path/README.md")
    from generator.io.files import is_devnull

    if is_devnull(Path(args.output)):
        raise UsageError([Problem(f"modelcard {args.command}", "--plots", "writes the plot files next to -o, and "
                                  f"{args.output} has no folder of its own", "add -o path/README.md",
                                  code="needs-output")])
    require_matplotlib()


def _wrote_assets(assets: Sequence[str]) -> None:
    if assets:
        print(f"wrote {_count(len(assets), 'plot file')} to {Path(assets[0]).parent}", file=sys.stderr)


def cmd_render(args: argparse.Namespace) -> int:
    from generator.records.loader import load_records
    from generator.render.card import render

    _check_output(args.output, [args.records, args.template])
    _check_plots(args)
    card = render(load_records(args.records), template=args.template, plots=args.plots)
    text = card.text
    assets = card.write(args.output)[:-1] if args.output else ()
    summary = {"records": args.records, "output": args.output, "bytes": len(text.encode("utf-8"))}
    if args.plots:
        summary["assets"] = list(assets)
    if not args.json:
        _wrote_assets(assets)
    return _report(args, text, summary, ("card", text))


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.check.validate import validate_card

    reports = []
    failed = False
    for path in args.paths:
        try:
            report = validate_card(path, template=args.template)
        except GeneratorError as exc:
            reports.append({"path": path, "ok": False, "problems": [p.as_dict() for p in exc.problems]})
            failed = True
            if not args.json:
                _print_problems(exc.problems)
                print(f"{path}: invalid", file=sys.stderr)
            continue
        bad = not report.ok or (args.strict and report.warnings)
        failed = failed or bool(bad)
        entry = report.as_dict()
        entry["ok"] = not bad
        reports.append(entry)
        if not args.json:
            _print_problems(report.problems)
            status = "invalid" if bad else "ok"
            print(f"{path}: {status} ({_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}; "
                  f"{_count(report.values_checked, 'table value')} checked in {_count(report.tables_checked, 'table')})",
                  file=sys.stderr if bad else sys.stdout)
    if args.json:
        print(json.dumps({"ok": not failed, "cards": reports}, ensure_ascii=False, indent=2))
    return EXIT_INVALID if failed else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from generator.render.build import build_card

    _check_output(args.output, [args.trainer_dir, args.template, *args.eval, *args.records])
    _check_plots(args)
    result = build_card(trainer_dir=args.trainer_dir, evals=args.eval, records=args.records, repo_id=args.repo_id,
                        output=args.output, template=args.template, checkpoint=args.checkpoint, plots=args.plots)
    summary = {"output": args.output, "warnings": [p.as_dict() for p in result.warnings]}
    if args.plots:
        summary["assets"] = list(result.assets)
    if not args.json:
        _wrote_assets(result.assets)
    return _report(args, result.text, summary, ("card", result.text), result.warnings)


def cmd_ingest(args: argparse.Namespace) -> int:
    from generator.io.files import atomic_write
    from generator.io.yamlio import dump
    from generator.sources.pipeline import ingest

    _check_output(args.output, list(args.sources))
    _refuse_overwrite(args.output, args.force)
    formats = {s: args.format for s in args.sources} if args.format else None
    result = ingest(sources=args.sources, formats=formats, repo_id=args.repo_id)
    header = "# Records merged by `modelcard ingest` from: " + ", ".join(result.sources) + "\n"
    text = header + dump(result.data)
    if args.output:
        atomic_write(Path(args.output), text)
    summary = {"output": args.output, "warnings": [p.as_dict() for p in result.warnings]}
    return _report(args, text, summary, ("records", result.data), result.warnings, wrote=f"wrote {args.output}")


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.io.files import atomic_write
    from generator.records.schemas_export import list_kinds, schema_text

    if args.list:
        sys.stdout.write(list_kinds())
        return EXIT_OK
    _check_output(args.output, [])
    _refuse_overwrite(args.output, args.force, "a JSON Schema", _is_json_schema)
    text = schema_text(args.kind, bundle=args.bundle)
    if args.output:
        atomic_write(Path(args.output), text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from generator.sources.scaffold import init_records

    to_stdout = args.output == "-"
    text = init_records(None if to_stdout else args.output, trainer_dir=args.trainer_dir, repo_id=args.repo_id,
                        force=args.force)
    if to_stdout:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}: edit it, then run `modelcard render {args.output} -o README.md`", file=sys.stderr)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from generator.io.files import load_data_file
    from generator.publish.publish import exit_code, publish_cards, repo_ids_for
    from generator.publish.session import RetryPolicy

    mapping = None
    if args.mapping:
        mapping = load_data_file(Path(args.mapping), args.mapping)
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise UsageError([Problem(args.mapping, "$", "must map each source path to a repo id",
                                      "write lines like `examples/foo: org/foo`", code="wrong-type")])
    items = repo_ids_for(args.sources, args.repo_id, args.repo_id_template, mapping)
    if args.plots:
        from generator.render.plots import require_matplotlib

        require_matplotlib()
    results = publish_cards(items, jobs=args.jobs, token=args.token, create_pr=args.create_pr, revision=args.revision,
                            private=args.private or None, repo_type=args.repo_type, dry_run=args.dry_run,
                            force=args.force, template=args.template, commit_message=args.commit_message,
                            policy=RetryPolicy(deadline=args.retry_budget), plots=args.plots)
    code = exit_code(results)
    if args.json:
        print(json.dumps({"ok": code == 0, "exit_code": code, "cards": [r.as_dict() for r in results]},
                         ensure_ascii=False, indent=2))
        return code
    for r in results:
        if r.status == "dry-run":
            sys.stdout.write(r.diff)
            print(f"{r.source} -> {r.repo_id}: dry run, {r.message}")
        elif r.ok:
            where = r.pr_url or r.commit_url or ""
            print(f"{r.source} -> {r.repo_id}: {r.status}" + (f" {where}" if where else ""))
        else:
            _print_problems(r.problems)
            print(f"{r.source} -> {r.repo_id}: {r.status}: {r.message}", file=sys.stderr)
    return code


def cmd_preview(args: argparse.Namespace) -> int:
    from generator.render.preview import open_in_browser, preview_card, write_preview

    _check_output(args.output, [args.source, args.template])
    _refuse_overwrite(args.output, args.force, "an HTML page (.html)", _is_html)
    page = preview_card(args.source, template=args.template, output=args.output, plots=args.plots)
    if not (args.output or args.open):
        sys.stdout.write(page)
        return EXIT_OK
    target = write_preview(page, args.output)
    print(f"wrote {target} ({len(page.encode('utf-8'))} bytes)", file=sys.stderr)
    if args.open and not open_in_browser(target):
        print(f"warning: no browser could be started; open {target.resolve().as_uri()} yourself", file=sys.stderr)
    return EXIT_OK


COMMANDS = {"publish": cmd_publish, "render": cmd_render, "validate": cmd_validate, "build": cmd_build, "ingest": cmd_ingest,
            "schema": cmd_schema, "init": cmd_init, "preview": cmd_preview}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    wants_json = "--json" in (argv if argv is not None else sys.argv[1:])
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except GeneratorError as exc:
        if wants_json:
            print(json.dumps({"ok": False, "exit_code": exc.exit_code,
                              "problems": [p.as_dict() for p in exc.problems]}, ensure_ascii=False, indent=2))
        else:
            _print_problems(exc.problems)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug, not the user's mistake: say so without a wall of traceback
        if os.environ.get("MODELCARD_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set MODELCARD_DEBUG=1 for details; please report this)",
              file=sys.stderr)
        return EXIT_INTERNAL
