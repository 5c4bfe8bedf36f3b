"""The pipeline step: read what a run left on disk, merge it with hand-written
records, and render the card in one call.

    from generator import build_card
    result = build_card(trainer_dir="out", recipe="recipe.yaml", evals=["results.json"], records=["card.yaml"],
                        repo_id="org/model", output="out/README.md")
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from generator.errors import Problem
from generator.records.loader import records_from_data
from generator.records.model import Records
from generator.render.card import render
from generator.sources.eval_sets import EvalSets
from generator.sources.pipeline import ingest

PathLike = Union[str, os.PathLike]


@dataclass(frozen=True)
class BuildResult:
    text: str
    records: Records
    warnings: tuple[Problem, ...] = field(default=())
    output: Optional[str] = None
    assets: tuple[str, ...] = ()  # plot files written next to the output


def _trainer_log(trainer_dir: Optional[PathLike], checkpoint: Optional[str]) -> Any:
    """The Trainer's full log history (learning rate and every logged step), for the plots."""
    if trainer_dir is None:
        return None
    from generator.render.plots import history_log
    from generator.sources.common import read_json_object
    from generator.sources.trainer import asked_checkpoint

    path = Path(trainer_dir) / (asked_checkpoint(Path(trainer_dir), checkpoint) if checkpoint else "") / \
        "trainer_state.json"
    if not path.is_file():
        return None
    log = history_log(read_json_object(path, str(path)).get("log_history"))
    return log if log.series else None


def build_card(trainer_dir: Optional[PathLike] = None, evals: Sequence[PathLike] = (), records: Sequence[PathLike] = (),
               repo_id: Optional[str] = None, output: Optional[PathLike] = None, template: Optional[PathLike] = None,
               sources: Sequence[PathLike] = (), checkpoint: Optional[str] = None,
               formats: Optional[dict[str, str]] = None, plots: bool = False,
               recipe: Optional[PathLike] = None, eval_sets: Optional[EvalSets] = None) -> BuildResult:
    """Ingest, merge, validate and render; write ``output`` atomically when given.

    ``plots=True`` (which needs ``output``) embeds the plots and writes them to ``assets/``
    next to the output; with a Trainer folder the curves come from its full log history. ``recipe`` is the
    training config the run was started with (TRL / alignment-handbook, axolotl, LLaMA-Factory); what the
    Trainer folder says ran wins over it, and hand-written records over both. ``eval_sets`` names the Hub dataset of
    each eval set of the run, so that its final results become a model-index result: ``{"a": "org/name:config:split"}``
    (``{"a": {"dataset": "org/name", "split": "test"}}``, records' ``training.eval_sets``), or ``["org/name"]`` for
    a run's one eval set, as ``build --eval-set`` takes them.
    """
    if plots:
        from generator.render.plots import require_matplotlib, require_plots_output

        require_plots_output(output, "build_card")
        require_matplotlib()
    got = ingest(sources=sources, records=records, trainer_dir=trainer_dir, evals=evals, formats=formats,
                 repo_id=repo_id, checkpoint=checkpoint, recipe=recipe, eval_sets=eval_sets)
    base = Path(records[0]).parent if records else Path(".")
    loaded = records_from_data(got.data, name="merged records (" + ", ".join(got.sources) + ")", base_dir=base)
    card = render(loaded, template, plots=plots, log=_trainer_log(trainer_dir, checkpoint) if plots else None)
    assets: tuple[str, ...] = ()
    if output is not None:
        assets = card.write(output)[:-1]
    said = {(w.code, w.path, w.message) for w in got.warnings}  # what the records say again (no-index-metric): once
    warnings = tuple(got.warnings) + tuple(w for w in card.warnings if (w.code, w.path, w.message) not in said)
    return BuildResult(card.text, loaded, warnings, str(output) if output is not None else None, assets)
