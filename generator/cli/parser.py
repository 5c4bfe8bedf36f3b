"""The `modelcard` argument parser: its subcommands, the options they share (declared once each, as
sqlite-utils does), and usage errors with a did-you-mean for a mistyped command, option or choice."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, Optional, Sequence

from generator import __version__
from generator.errors import Problem, UsageError, close_matches
from generator.io.data import lazy_pattern
from generator.publish import JOBS, RETRY_BUDGET

_INVALID_CHOICE = lazy_pattern(r"argument (?P<arg>\S+): invalid choice: (?P<value>'.*?'|\S+) \(choose from (?P<choices>.*)\)$")


def _did_you_mean(word: str, candidates: Sequence[str]) -> Optional[str]:
    close = close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


# What a path typed without its option means, for the subcommands that take none.
_PATH_OPTIONS = {
    "build": "pass a Trainer/TRL output folder as --trainer-dir {path} (results: --eval, hand-written records: "
             "--records, the recipe: --recipe, the card to write: -o)",
    "init": "write the records file with -o {path}; read a Trainer run with --trainer-dir {path}",
}


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
            tokens = message[len("unrecognized arguments: "):].split()
            for token in tokens:
                guess = _did_you_mean(token.split("=", 1)[0], options) if token.startswith("-") else None
                if guess:
                    self._usage_error(f"unknown option {token.split('=', 1)[0]!r}", f"did you mean {guess!r}?")
            if isinstance(parser, _Parser) and parser is not self:
                path = next((t for t in tokens if not t.startswith("-")), None)
                takes_paths = any(not a.option_strings for a in parser._actions)
                if path is not None and not takes_paths and parser.prog.split()[-1] in _PATH_OPTIONS:
                    parser._usage_error(f"takes no path argument, got {path!r}",
                                        _PATH_OPTIONS[parser.prog.split()[-1]].format(path=path))
                parser._usage_error(message)
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


def _recipe_option(parser: argparse.ArgumentParser) -> None:
    """``--recipe``: the training config the run was started with."""
    parser.add_argument("--recipe", metavar="FILE", help="the training recipe the run was started with (TRL / "
                        "alignment-handbook, axolotl or LLaMA-Factory YAML); the Trainer folder wins where they differ")


def _eval_set_option(parser: argparse.ArgumentParser) -> None:
    """``--eval-set``: the Hub dataset of an eval set of the run (records' training.eval_sets)."""
    parser.add_argument("--eval-set", action="append", default=[], metavar="[SET=]ORG/NAME[@REVISION][:CONFIG[:SPLIT]]",
                        help="the Hub dataset eval set SET of the run is (eval_dataset={SET: ...}; without SET=, the "
                             "run's one eval set), at REVISION (a commit, tag or branch) if given, so its final "
                             "results become a model-index result (repeatable)")


def _force_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--force``: overwrite what is there."""
    parser.add_argument("--force", action="store_true", help=help)


def _render(sub: Any) -> None:
    render = sub.add_parser("render", help="render a record set into README.md",
                            description="Render a record set (a YAML/JSON file or a folder of them) into a model card.")
    render.add_argument("records", help="records file or folder")
    _output_option(render)
    _template_option(render, "Jinja template extending modelcard.md.j2 (runs sandboxed)")
    _json_option(render, "print a JSON result instead of text")
    _plots_option(render, "embed plots of the training log and of the comparisons; writes them to assets/ next to "
                          "-o (needs matplotlib: pip install 'modelcard-generator[plots]')")


def _validate(sub: Any) -> None:
    validate = sub.add_parser("validate", help="check cards or record sets offline",
                              description="Check README.md cards or record sets against the Hub's metadata rules "
                                          "and check every table value against its record and model-index entry.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="README.md file, records file or records folder")
    _template_option(validate, "template to render record sets with")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _json_option(validate, "print a JSON report")


def _build(sub: Any) -> None:
    build = sub.add_parser("build", help="build a card from a Trainer run, eval results and records",
                           description="The pipeline step: read a Trainer output folder and evaluation results, "
                                       "merge them with hand-written records (hand-written wins), render the card.")
    _trainer_dir_option(build)
    build.add_argument("--checkpoint", help="read this checkpoint-N sub-folder of --trainer-dir (or N); the results "
                       "saved at the end of training are left out of an earlier checkpoint's card")
    _recipe_option(build)
    build.add_argument("--eval", action="extend", nargs="+", default=[], metavar="FILE",
                       help="lm-evaluation-harness / lighteval results or .eval_results (repeatable)")
    build.add_argument("--records", action="extend", nargs="+", default=[], metavar="FILE",
                       help="hand-written records file or folder (repeatable)")
    _eval_set_option(build)
    _repo_id_option(build, "the model's Hub repo id (overrides the sources)")
    _output_option(build)
    _template_option(build)
    _json_option(build)
    _plots_option(build, "embed plots of the training log and of the comparisons; writes them to assets/ next to "
                         "-o (needs matplotlib)")


def _ingest(sub: Any) -> None:
    ingest = sub.add_parser("ingest", help="merge tool outputs into a records file to edit",
                            description="Read tool outputs (format auto-detected) and write the merged records.")
    ingest.add_argument("sources", nargs="*", metavar="SOURCE", help="Trainer folder, results file, recipe, card, records")
    _recipe_option(ingest)
    _eval_set_option(ingest)
    _output_option(ingest, "write records YAML here; a folder (rec/) gets rec/records.yaml (default: standard output)")
    ingest.add_argument("--format", choices=["trainer", "lm-eval", "lighteval", "eval-results", "recipe", "records",
                                             "card"], help="format of every SOURCE (default: detect)")
    _repo_id_option(ingest)
    _json_option(ingest)
    _force_option(ingest, "overwrite -o if it exists (it may hold hand-edited records)")


def _schema(sub: Any) -> None:
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


def _init(sub: Any) -> None:
    init = sub.add_parser("init", help="write a commented records file to start from",
                          description="Write a records file listing every field with its description: required "
                                      "values hold placeholders marked `change me`, which render and validate refuse "
                                      "until you replace them; optional fields are commented out with example "
                                      "values, each valid once uncommented. With --trainer-dir the fields a "
                                      "Trainer run gives are filled in.")
    _output_option(init, "file to write (default: records.yaml; - for standard output)", default="records.yaml")
    _trainer_dir_option(init, "prefill from this transformers / TRL output_dir")
    _repo_id_option(init, "the model's Hub repo id (default: the run's, if it names one; else a placeholder)")
    _force_option(init, "overwrite the file if it exists")


def _publish(sub: Any) -> None:
    publish = sub.add_parser("publish", help="publish cards to the Hub (one commit per card)",
                             description="Render, validate and publish cards to the Hugging Face Hub, keeping "
                                         "edits people made on the Hub. Exit 3 when any card failed for Hub or "
                                         "network reasons, 1 when any was invalid, 4 on conflicts with Hub edits.")
    publish.add_argument("sources", nargs="+", metavar="RECORDS_OR_CARD", help="record sets or README.md files")
    _repo_id_option(publish, "target repo (one card)")
    publish.add_argument("--repo-id-template", help="target repos for several cards, e.g. 'org/{name}'")
    publish.add_argument("--mapping", help="YAML/JSON file mapping each source to its repo id")
    publish.add_argument("--create-pr", action="store_true",
                         help="open a pull request instead of pushing (a re-run pushes to the open pull request the "
                              "token's user opened before, and closes it once the records give what the branch "
                              "holds)")
    publish.add_argument("--revision", help="branch to commit to (default: main)")
    publish.add_argument("--private", action="store_true", help="create missing repos as private")
    publish.add_argument("--repo-type", default="model", choices=["model", "dataset", "space"])
    publish.add_argument("--dry-run", action="store_true", help="show the diff; publish nothing")
    _force_option(publish, "overwrite edits made on the Hub to generated parts")
    publish.add_argument("--jobs", type=int, default=JOBS, help=f"cards published at once (default {JOBS})")
    publish.add_argument("--token", help="Hub token (default: HF_TOKEN or the saved login)")
    _template_option(publish)
    publish.add_argument("--commit-message", help="commit message (default: says what changed)")
    publish.add_argument("--retry-budget", type=float, default=RETRY_BUDGET, metavar="SECONDS",
                         help="time one card may spend retrying 5xx/429/connection errors "
                              f"(default {RETRY_BUDGET:g})")
    _json_option(publish, "print one JSON report")
    _plots_option(publish, "embed plots and upload them (assets/*.png, *.svg) in the card's commit (needs matplotlib)")


def _preview(sub: Any) -> None:
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


# Each subcommand's parser, in the order `modelcard --help` lists them.
SUBCOMMANDS = {"render": _render, "validate": _validate, "build": _build, "ingest": _ingest, "schema": _schema,
               "init": _init, "publish": _publish, "preview": _preview}


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; given the ``command`` the arguments start with, only that one's (a
    command's arguments go wholly to its own parser: building the others, which argparse does slowly, would
    change nothing but the cold start). Any other first argument (an unknown command, --help, none) gets them all."""
    parser = _Parser(prog="modelcard", description="Build, check and publish Hugging Face model cards from records.")
    parser.add_argument("--version", action="version", version=f"modelcard-generator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, add in SUBCOMMANDS.items():
        if command not in SUBCOMMANDS or name == command:
            add(sub)
    return parser
