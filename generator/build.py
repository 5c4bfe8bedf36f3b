"""The pipeline step: read what a run left on disk, merge it with hand-written
records, and render the card in one call.

    from generator import build_card
    result = build_card(trainer_dir="out", evals=["results.json"], records=["card.yaml"],
                        repo_id="org/model", output="out/README.md")
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from .errors import Problem, RecordsError, UsageError
from .loader import records_from_data
from .merge import Part, merge_parts
from .model import Records
from .render import render
from .schema import validate
from .sources import read_source

PathLike = Union[str, os.PathLike]


@dataclass(frozen=True)
class IngestResult:
    """Merged record data, ready to be edited, validated or rendered."""

    data: dict[str, Any]
    warnings: tuple[Problem, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    text: str
    records: Records
    warnings: tuple[Problem, ...] = field(default=())
    output: Optional[str] = None
    assets: tuple[str, ...] = ()  # plot files written next to the output


def _check_hand_written(part: Part) -> list[Problem]:
    """Schema errors of a hand-written file on its own (a partial record set: model may be elsewhere)."""
    problems = validate("records", part.data)
    return [Problem(part.source, p.path, p.message, p.fix) for p in problems
            if not (p.path == "$" and "'model'" in p.message)]


def ingest(sources: Sequence[PathLike] = (), records: Sequence[PathLike] = (), trainer_dir: Optional[PathLike] = None,
           evals: Sequence[PathLike] = (), formats: Optional[dict[str, str]] = None,
           repo_id: Optional[str] = None, checkpoint: Optional[str] = None) -> IngestResult:
    """Read tool outputs and hand-written records and merge them (hand-written wins)."""
    formats = formats or {}
    parts: list[Part] = []
    warnings: list[Problem] = []
    if trainer_dir is not None:
        from .sources.trainer import read_trainer_dir

        got = read_trainer_dir(Path(trainer_dir), checkpoint=checkpoint)
        parts.append(Part(got.source, got.data))
        warnings += got.warnings
    for path in list(sources) + list(evals):
        got = read_source(Path(path), formats.get(str(path)))
        parts.append(Part(got.source, got.data, hand_written=got.format == "records"))
        warnings += got.warnings
    for path in records:
        got = read_source(Path(path), "records")
        parts.append(Part(got.source, got.data, hand_written=True))
    if not parts:
        raise UsageError([Problem("build", "", "nothing to read", "pass --trainer-dir, --eval or --records")])
    problems = [p for part in parts if part.hand_written for p in _check_hand_written(part)]
    if problems:
        raise RecordsError(problems)
    data, merge_problems = merge_parts(parts)
    if repo_id:
        data["model"] = {"repo_id": repo_id, **{k: v for k, v in data.get("model", {}).items() if k != "repo_id"}}
    errors = [p for p in merge_problems if p.severity == "error"]
    if errors:
        raise RecordsError(errors)
    if "repo_id" not in data.get("model", {}):
        raise UsageError([Problem("build", "$.model.repo_id", "no source names the model's Hub repo id",
                                  "pass --repo-id ORG/NAME or set model.repo_id in your records")])
    ordered = {k: data[k] for k in ("model", "training", "evaluations", "groups", "leaderboards", "comparisons",
                                    "citations", "sections", "original") if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return IngestResult(ordered, tuple(warnings + merge_problems), tuple(p.source for p in parts))


def _trainer_log(trainer_dir: Optional[PathLike], checkpoint: Optional[str]) -> Any:
    """The Trainer's full log history (learning rate and every logged step), for the plots."""
    if trainer_dir is None:
        return None
    from .plots import history_log
    from .sources.common import read_json_object

    path = Path(trainer_dir) / (checkpoint or "") / "trainer_state.json"
    if not path.is_file():
        return None
    log = history_log(read_json_object(path, str(path)).get("log_history"))
    return log if log.series else None


def build_card(trainer_dir: Optional[PathLike] = None, evals: Sequence[PathLike] = (), records: Sequence[PathLike] = (),
               repo_id: Optional[str] = None, output: Optional[PathLike] = None, template: Optional[PathLike] = None,
               sources: Sequence[PathLike] = (), checkpoint: Optional[str] = None,
               formats: Optional[dict[str, str]] = None, plots: bool = False) -> BuildResult:
    """Ingest, merge, validate and render; write ``output`` atomically when given.

    ``plots=True`` (which needs ``output``) embeds the plots and writes them to ``assets/``
    next to the output; with a Trainer folder the curves come from its full log history.
    """
    if plots and output is None:
        raise UsageError([Problem("build", "--plots", "plots are files written next to the card, so they need "
                                  "an output path", "pass -o path/README.md (output= in Python)")])
    if plots:
        from .plots import require_matplotlib

        require_matplotlib()
    got = ingest(sources=sources, records=records, trainer_dir=trainer_dir, evals=evals, formats=formats,
                 repo_id=repo_id, checkpoint=checkpoint)
    base = Path(records[0]).parent if records else Path(".")
    loaded = records_from_data(got.data, name="merged records (" + ", ".join(got.sources) + ")", base_dir=base)
    card = render(loaded, template, plots=plots, log=_trainer_log(trainer_dir, checkpoint) if plots else None)
    assets: tuple[str, ...] = ()
    if output is not None:
        assets = card.write(output)[:-1]
    return BuildResult(card.text, loaded, got.warnings, str(output) if output is not None else None, assets)
