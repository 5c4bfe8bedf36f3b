"""The results table lighteval prints at the end of a run (``make_results_table``: lm-eval 0.3's Markdown by
pytablewriter, the same function from 0.1 to 0.13), kept from its output (``lighteval ... | tee eval.log``) where the
person has no results file, read as the results it shows.

* The header is ``|Task|Version|Metric|Value| |Stderr|``. A task's first row names it and its version; its other
  metrics' rows leave both empty. Each value and stderr is printed ``%.4f``.
* A task is printed by its key with each ``|`` made ``:`` (``generate_final_dict``): ``community:toy:arith:3`` for
  ``community|toy:arith|3`` (a suite first, up to 0.12), ``gsm8k:0`` for 0.13's ``gsm8k|0``. The ``all`` and
  ``:_average`` rows are lighteval's own means, left out as its results file's are.
* No setting is printed: the model and each task's config (its dataset comes from the bundled table of common tasks)
  are not in the table. The log names the model where it keeps the line lighteval logs after the table, in every
  release, when it writes the results file (EvaluationTracker.save: ``Saving results to
  <output_dir>/results/<model_name>/results_<date>.json``, 0.1 to 0.3 adding `` and `` the copy under details/):
  the folders between the last ``results/`` and the file are the run's model_name, a Hub id or a local path (its
  ``/`` made ``_`` up to 0.8, its leading ``/`` left out from 0.11, as tests/fixtures/versions/evals show; 0.9 and
  0.10 wrote into the model's own folder, no ``results/``), read as a results file's model_name is.
  A run cut by ``--max-samples`` says so at its start, in every release (``--max_samples WAS
  SET. THESE NUMBERS ARE ONLY PARTIAL ...``): where the log keeps that line, its results stay out of model-index.

The table becomes the results file's ``results`` and ``versions``, read by the results file's own reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from generator.sources.common import Ingested
from generator.sources.lighteval import lighteval_results
from generator.sources.lm_eval_printed import (
    ROUNDED,
    cell_value,
    check_row,
    one_run,
    read_at_lines,
    refused_table,
    tables_in,
)

# lighteval's suites (tasks/registry.py DEFAULT_SUITES, 0.1 to 0.12; 0.11's multilingual): a printed key's first part
# when it names one; 0.13's keys have none
SUITES = ("helm", "bigbench", "harness", "leaderboard", "lighteval", "original", "extended", "custom", "community",
          "test", "multilingual")

# what lighteval logs at the start of a run cut by --max-samples (0.1 to 0.13)
CUT = "--max_samples WAS SET. THESE NUMBERS ARE ONLY PARTIAL"
PART = "part of the examples"  # what such a run scored of each task, as its label says it (the limit is not logged)
# the results file the run wrote, as lighteval logs it after the table (0.1 to 0.13)
SAVED = re.compile(r"Saving results to (\S+)/results_[0-9T:.-]+\.json")


def saved_model(text: str) -> Optional[tuple[str, str]]:
    """The results file the log says the run wrote and the model_name its path holds, where one such line names one
    model (None else)."""
    found = {(m.group(0)[len("Saving results to "):], ("/" + m.group(1)).rsplit("/results/", 1)[-1])
             for m in SAVED.finditer(text) if "/results/" in "/" + m.group(1)}
    models = {model for _, model in found}
    if len(models) != 1 or not next(iter(models)).strip("/"):
        return None
    return sorted(found)[0]


def lighteval_key(printed: str) -> str:
    """The results file's key of a task as lighteval printed it: ``suite:task:shots`` -> ``suite|task|shots`` (the
    task may hold ``:``, as ``arc:challenge``), ``task:shots`` -> ``task|shots``; ``all`` as it is."""
    parts = printed.split(":")
    if len(parts) < 2 or not parts[-1].isdecimal():
        return printed
    if len(parts) > 2 and parts[0] in SUITES:
        return f"{parts[0]}|{':'.join(parts[1:-1])}|{parts[-1]}"
    return f"{':'.join(parts[:-1])}|{parts[-1]}"


def printed_lighteval_results(path: Path, text: str,
                              saved: Optional[tuple[str, str]]) -> tuple[dict[str, Any], dict[str, int]]:
    """The results file lighteval's table in ``text`` (the file at ``path``) was printed from, as its reader takes
    it, and the line of each task (``$.results['key']``); refused (file, line, fix) if the text holds the tables of
    several runs or a row the header does not fit. ``saved``: the text's :func:`saved_model`."""
    table = one_run(path, [t for t in tables_in(text.splitlines()) if t.kind == "Task"], "lighteval")
    column = {name: n for n, name in enumerate(table.columns) if name}
    results: dict[str, dict[str, Any]] = {}
    versions: dict[str, Any] = {}
    where: dict[str, int] = {}
    task = None
    for line, cells in table.rows:
        check_row(path, table, line, cells, "lighteval")
        named = cells[column["Task"]].strip()
        if named:
            task = lighteval_key(named)
            if task in results:
                raise refused_table(path, line, f"names task {named!r} again (first at line "
                                    f"{where[f'$.results[{task!r}]']})", "pass the table as lighteval printed it")
            results[task], where[f"$.results[{task!r}]"] = {}, line
            version = cell_value(cells[column["Version"]])
            if version != "":
                versions[task] = version
        if task is None:
            raise refused_table(path, line, "is a row with no task before it", "pass the table as lighteval printed it")
        metric = cells[column["Metric"]].strip()
        results[task][metric] = cell_value(cells[column["Value"]])
        if cells[column["Stderr"]].strip():
            results[task][f"{metric}_stderr"] = cell_value(cells[column["Stderr"]])
    return {"config_general": {"model_name": saved[1]} if saved else {}, "results": results, "versions": versions}, \
        where


def read_printed_lighteval(path: Path, text: str) -> Ingested:
    """lighteval's printed table in ``text`` (the file at ``path``) as record data, with the warning that its scores
    are as printed and its settings unknown."""
    saved = saved_model(text)
    result = read_at_lines(path, *printed_lighteval_results(path, text, saved), lighteval_results)
    cut = text.find(CUT)
    if cut >= 0:
        for evaluation in result.data["evaluations"]:  # the label says the part, as a file's limit does
            label = evaluation["benchmark"]
            evaluation["benchmark"] = f"{label[:-1]}, {PART})" if label.endswith(")") else f"{label} ({PART})"
            evaluation["model_index"] = False
        result.warn(f"line {text.count(chr(10), 0, cut) + 1}", "says the run was cut by --max_samples: each task's "
                    "numbers are of part of its split, not the split's; shown in the card's tables but not in "
                    "model-index", "run the tasks again without --max-samples to list them in model-index",
                    code="not-in-model-index")
    result.warn("", "is the results table lighteval printed, read as the run's results: each score and stderr as "
                "printed (rounded to 4 decimals), each task's dataset from the bundled table of common tasks; the "
                "table names " + ("neither the model nor the run's settings (whether --max-samples cut it)"
                                  if saved is None else "no setting of the run (whether --max-samples cut it); the "
                                  f"model is the one of the results file the log says it wrote, {saved[1]!r}"),
                "pass the results file lighteval writes with --output-dir (" + (saved[0] if saved else
                "results/<model>/results_<date>.json") + ") for the scores in full, each task's dataset and the run's "
                "settings", code=ROUNDED)
    return result
