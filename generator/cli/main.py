"""The `modelcard` command. Each subcommand parses, calls one public function, prints.

Exit codes: 0 success; 1 invalid input (records, card, template); 2 usage error;
3 and 4 publish failures and conflicts; 70 internal error (a bug: please report it).
They are defined, with what a pipeline can do on each, in :mod:`generator.errors`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from generator.cli.parser import build_parser
from generator.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    GeneratorError,
    Problem,
    UsageError,
    counted,
)


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
        print(f"wrote {counted(len(assets), 'plot file')} to {Path(assets[0]).parent}", file=sys.stderr)


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
    if args.plots or card.warnings:
        summary["warnings"] = [p.as_dict() for p in card.warnings]
    if not args.json:
        _wrote_assets(assets)
    return _report(args, text, summary, ("card", text), card.warnings)


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.check.validate import validate_cards

    reports = []
    failed = False
    for path, report in validate_cards(args.paths, template=args.template, metadata=False):
        if isinstance(report, GeneratorError):
            exc = report
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
            print(f"{path}: {status} ({counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')}; "
                  f"{counted(report.values_checked, 'table value')} checked in {counted(report.tables_checked, 'table')})",
                  file=sys.stderr if bad else sys.stdout)
    if args.json:
        print(json.dumps({"ok": not failed, "cards": reports}, ensure_ascii=False, indent=2))
    return EXIT_INVALID if failed else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from generator.render.build import build_card

    _check_output(args.output, [args.trainer_dir, args.recipe, args.template, *args.eval, *args.records])
    _check_plots(args)
    result = build_card(trainer_dir=args.trainer_dir, evals=args.eval, records=args.records, repo_id=args.repo_id,
                        output=args.output, template=args.template, checkpoint=args.checkpoint, plots=args.plots,
                        recipe=args.recipe, eval_sets=args.eval_set)
    summary = {"output": args.output, "warnings": [p.as_dict() for p in result.warnings]}
    if args.plots:
        summary["assets"] = list(result.assets)
    if not args.json:
        _wrote_assets(result.assets)
    return _report(args, result.text, summary, ("card", result.text), result.warnings)


def _records_target(output: Optional[str]) -> Optional[str]:
    """Where ingest writes: ``-o rec/`` (a trailing slash) or an existing folder means records.yaml in that
    folder, the file a record-set folder is loaded from and ``init`` writes; the folder is made when missing."""
    if not output or not (output.endswith(("/", os.sep)) or Path(output).is_dir()):
        return output
    folder = Path(output)
    if not folder.is_dir():
        if not (folder.parent if str(folder.parent) else Path(".")).is_dir():
            raise UsageError([Problem(output, "", f"folder {str(folder.parent)!r} does not exist", "create it first",
                                      code="no-such-file")])
        if folder.exists() or folder.is_symlink():
            raise UsageError([Problem(output, "", "is not a folder", "give a folder, or the records file to write "
                                      "without a trailing slash", code="not-a-folder")])
        folder.mkdir()
    return os.path.join(output, "records.yaml") if output.endswith(("/", os.sep)) else str(folder / "records.yaml")


def cmd_ingest(args: argparse.Namespace) -> int:
    from generator.io.files import atomic_write
    from generator.io.yamlio import dump
    from generator.records.placeholders import PLACEHOLDER_REPO_ID
    from generator.sources.pipeline import ingest

    if not args.sources and not args.recipe:
        raise UsageError([Problem("ingest", "", "nothing to read", "pass a SOURCE (Trainer folder, results file, "
                                  "recipe, card, records) or --recipe FILE", code="no-input")])
    args.output = _records_target(args.output)
    _check_output(args.output, [*args.sources, args.recipe])
    _refuse_overwrite(args.output, args.force)
    formats = {s: args.format for s in args.sources} if args.format else None
    result = ingest(sources=args.sources, formats=formats, repo_id=args.repo_id, recipe=args.recipe,
                    placeholder_repo_id=PLACEHOLDER_REPO_ID, eval_sets=args.eval_set)
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
    from huggingface_hub.utils import logging as hf_logging

    from generator.io.files import load_data_file
    from generator.publish.publish import PublishInterrupted, exit_code, publish_cards, repo_ids_for
    from generator.publish.session import RetryPolicy

    mapping = None
    if args.mapping:
        mapping = load_data_file(Path(args.mapping), args.mapping)
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise UsageError([Problem(args.mapping, "$", "must map each source path to a repo id",
                                      "write lines like `examples/foo: org/foo`", code="wrong-type")])
    items = repo_ids_for(args.sources, args.repo_id, args.repo_id_template, mapping)
    hf_logging.set_verbosity_error()  # the client's own retry warnings: every failure is reported once, below
    if args.plots:
        from generator.render.plots import require_matplotlib

        require_matplotlib()
    try:
        results = publish_cards(items, jobs=args.jobs, token=args.token, create_pr=args.create_pr,
                                revision=args.revision, private=args.private or None, repo_type=args.repo_type,
                                dry_run=args.dry_run, force=args.force, template=args.template,
                                commit_message=args.commit_message, policy=RetryPolicy(deadline=args.retry_budget),
                                plots=args.plots)
    except PublishInterrupted as stop:  # Ctrl-C: still say what was committed
        results = stop.results
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
            print(f"{r.source} -> {r.repo_id}: {r.status}" + (f" {where}" if where else "")
                  + (f" ({r.message})" if r.message else ""))
        elif r.problems:  # each problem once, then the card's outcome
            _print_problems(r.problems)
            print(f"{r.source} -> {r.repo_id}: {r.status}", file=sys.stderr)
        else:
            print(f"{r.source} -> {r.repo_id}: {r.status}: {r.message}", file=sys.stderr)
    return code


def cmd_preview(args: argparse.Namespace) -> int:
    from generator.render.preview import open_in_browser, preview_card, write_preview

    _check_output(args.output, [args.source, args.template])
    _refuse_overwrite(args.output, args.force, "an HTML page (.html)", _is_html)
    page = preview_card(args.source, template=args.template, plots=args.plots)
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
    given = list(argv if argv is not None else sys.argv[1:])
    parser = build_parser(given[0] if given else None)
    wants_json = "--json" in given
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
