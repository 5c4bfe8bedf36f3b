"""The `modelcard` command. Each subcommand parses, calls one public function, prints.

Exit codes: 0 success; 1 invalid input (records, card, template); 2 usage error;
70 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, GeneratorError, Problem, UsageError

EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError([Problem(self.prog, "", message, f"run `{self.prog} --help`")])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="modelcard", description="Build, check and publish Hugging Face model cards from records.")
    parser.add_argument("--version", action="version", version=f"modelcard-generator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    render = sub.add_parser("render", help="render a record set into README.md",
                            description="Render a record set (a YAML/JSON file or a folder of them) into a model card.")
    render.add_argument("records", help="records file or folder")
    render.add_argument("-o", "--output", help="write the card here (default: standard output)")
    render.add_argument("--template", help="Jinja template extending modelcard.md.j2 (runs sandboxed)")
    render.add_argument("--json", action="store_true", help="print a JSON result instead of text")

    validate = sub.add_parser("validate", help="check cards or record sets offline",
                              description="Check README.md cards or record sets against the Hub's metadata rules "
                                          "and check every table value against its record and model-index entry.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="README.md file, records file or records folder")
    validate.add_argument("--template", help="template to render record sets with")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--json", action="store_true", help="print a JSON report")
    return parser


def _print_problems(problems: Sequence[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        print(str(p) if p.severity != "error" else f"error: {p}", file=stream)


def cmd_render(args: argparse.Namespace) -> int:
    from .render import render_card
    from .textio import atomic_write

    if args.output and Path(args.output).is_dir():
        raise UsageError([Problem(args.output, "", "is a directory", "give the path of the README.md to write")])
    text = render_card(args.records, template=args.template)
    if args.output:
        atomic_write(Path(args.output), text)
    if args.json:
        result = {"ok": True, "records": args.records, "output": args.output, "bytes": len(text.encode("utf-8"))}
        if not args.output:
            result["card"] = text
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif not args.output:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .check import validate_card

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
            print(f"{path}: {status} ({len(report.errors)} errors, {len(report.warnings)} warnings; "
                  f"{report.values_checked} table values checked in {report.tables_checked} tables)",
                  file=sys.stderr if bad else sys.stdout)
    if args.json:
        print(json.dumps({"ok": not failed, "cards": reports}, ensure_ascii=False, indent=2))
    return EXIT_INVALID if failed else EXIT_OK


COMMANDS = {"render": cmd_render, "validate": cmd_validate}


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
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug, not the user's mistake: say so without a wall of traceback
        if os.environ.get("MODELCARD_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set MODELCARD_DEBUG=1 for details; please report this)",
              file=sys.stderr)
        return EXIT_INTERNAL
