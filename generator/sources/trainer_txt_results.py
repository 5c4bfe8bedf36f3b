"""The results transformers' example scripts wrote as text, before the Trainer's ``save_metrics`` wrote
*_results.json (transformers 4.3): ``key = value`` lines, read as that JSON is read (generator.sources.trainer).

- 2.x scripts before the Trainer (run_glue.py, run_language_modeling.py, run_ner.py, run_xnli.py) write
  ``eval_results.txt`` with the metrics unprefixed (``acc = 0.71``, ``loss = ..``, ``precision = ..``), the
  language-modeling perplexity a torch repr: ``perplexity = tensor(40.0013)``;
- the 2.9-4.2 Trainer scripts write ``eval_results_<task>.txt`` (``eval_results_sst-2.txt``, ``eval_results_mnli.txt``
  and ``eval_results_mnli-mm.txt``, ``eval_results_ner.txt``, ``eval_results_lm.txt``, ``eval_results_clm.txt``) or
  ``eval_results.txt`` with what ``evaluate()`` returned (``eval_loss = ..``, ``epoch = 3.0``) or the perplexity alone,
  and 4.0-4.2 ``train_results.txt`` with the train metrics (``train_runtime = 20.155``).

``test_results*.txt`` (a test split's metrics, or run_glue's ``index<TAB>prediction`` lines) is not read, as
test_results.json is not."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Union

from generator.sources.common import Ingested
from generator.sources.trainer_log import warn_non_finite

_EVAL_FILE = re.compile(r"eval_results(?:_(?P<set>[\w.-]+))?\.txt")
TRAIN_FILE = "train_results.txt"
_LINE = re.compile(r"(?P<key>[A-Za-z_][^\s=,]*)\s*=\s*(?P<value>\S.*?)\s*")
_PAIR_START = re.compile(r"[,\t]\s*[A-Za-z_][^\s=,]*\s*=")
# torch's repr of a 0-d tensor: tensor(40.0013), tensor(1.3153, device='cuda:0'), tensor(nan)
_TENSOR = re.compile(r"tensor\((?P<number>[^,()]+)(?:,[^()]*(?:\([^()]*\)[^()]*)*)?\)")
# Metrics of the run itself, not of the evaluation, which an unprefixed 2.x file does not hold: kept unprefixed
_RUN_KEYS = ("epoch", "total_flos", "global_step", "step")


def txt_results(folder: Path, result: Ingested) -> dict[str, Any]:
    """The metrics of ``folder``'s results text files, keyed as *_results.json keys them: an unprefixed 2.x file's
    ``acc`` as ``eval_acc``; with more than one ``eval_results_<set>.txt`` (run_glue's MNLI: ``mnli`` and
    ``mnli-mm``), each file's ``eval_loss`` as ``eval_<set>_loss``, the eval sets a Trainer logs. A line that is not
    ``key = number`` is left out with a warning."""
    files = sorted(p for p in folder.glob("*.txt") if p.is_file() and (_EVAL_FILE.fullmatch(p.name)
                                                                        or p.name == TRAIN_FILE))
    named = [p for p in files if (m := _EVAL_FILE.fullmatch(p.name)) and m.group("set")]
    merged: dict[str, Any] = {}
    for path in files:
        metrics = _read(path, result)
        if path.name != TRAIN_FILE:
            # 2.x: the metrics unprefixed; a fork's eval_loss beside its acc (rjzevallos/pos_quechua); Google BERT's
            # run_classifier.py (TensorFlow) writes eval_accuracy, eval_loss and their loss again as `loss`
            metrics = {key if key in _RUN_KEYS or key.startswith(("eval_", "train_")) else f"eval_{key}": value
                       for key, value in metrics.items() if key.startswith("eval_") or f"eval_{key}" not in metrics}
            found = _EVAL_FILE.fullmatch(path.name)
            eval_set = found.group("set") if found and len(named) > 1 else None
            if eval_set:
                metrics = {f"eval_{eval_set}_{key[5:]}" if key.startswith("eval_") else key: value
                           for key, value in metrics.items()}
        for key, value in metrics.items():
            merged.setdefault(key, value)
    return merged


def txt_eval_set(metrics: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The one eval set of results files that hold no loss (``eval_acc``, ``eval_perplexity`` alone), which
    generator.sources.trainer_log.eval_sets, given any results, does not take for an evaluation: every ``eval_*``
    key of an eval_results*.txt is of the evaluation the file is named after."""
    found = {key[5:]: value for key, value in metrics.items() if key.startswith("eval_")}
    return {"": found} if found else {}


def _read(path: Path, result: Ingested) -> dict[str, Union[int, float]]:
    """``path``'s ``key = number`` lines; a key written twice keeps its last value (a script that appends a line per
    epoch: Jaswanth-Batturi/GPT-2-Article-Summarizer's ``time = .., perplexity = tensor(8.8135), epoch = 1``, several
    pairs to a line). A value that is text (a timestamp; seqeval's classification report, written over the lines below
    its ``report: =``) is left out, with the lines it runs over."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        result.warn(path.name, f"cannot be read ({exc.strerror or exc}); left out", "check the file's permissions",
                    code="unreadable-file")
        return {}
    metrics: dict[str, Union[int, float]] = {}
    unread: list[str] = []
    texts: list[str] = []
    in_text = False  # the lines after a text value are the rest of it
    for line in text.splitlines():
        pairs = [_LINE.fullmatch(part) for part in _pairs(line.strip())]
        if not line.strip() or not all(pairs):
            if line.strip() and not in_text:
                unread.append(line.strip())
            continue
        for pair in filter(None, pairs):
            key, value = pair.group("key"), _number(pair.group("value"))
            in_text = value is None
            if value is not None:
                metrics[key] = value
            elif key not in texts:
                texts.append(key)
    warn_non_finite(path.name, metrics, result)
    if texts:
        result.warn(path.name, f"{', '.join('$.' + key for key in texts)} {'is' if len(texts) == 1 else 'are'} text, "
                    "not a number: left out of the card's results", "keep only the metrics' `name = value` lines in "
                    "the file", code="not-a-number")
    if unread:
        shown = "; ".join(repr(line[:60]) for line in unread[:3]) + (f" and {len(unread) - 3} more"
                                                                       if len(unread) > 3 else "")
        what = "its lines are" if not metrics else f"{len(unread)} of its lines {'is' if len(unread) == 1 else 'are'}"
        result.warn(path.name, f"{what} not `key = number` as transformers' example scripts write them ({shown}): "
                    "left out of the card's results", "write the results as `name = value` lines, or move the file "
                    "out of the run's folder", code="unread-results-line")
    return metrics


def _pairs(line: str) -> list[str]:
    """The ``key = value`` pairs of a line, split at the commas (or tabs: yeoooo/AI_Aiffel's
    ``Loss = nan<TAB>Accuracy = 0.000000``) before a ``key =`` outside parentheses (a tensor's
    ``tensor(1.3, device='cuda:0')`` is one value)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(line):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",\t" and depth == 0 and _PAIR_START.match(line, i):
            parts.append(line[start:i].strip())
            start = i + 1
    return parts + [line[start:].strip()]


def _number(text: str) -> Union[int, float, None]:
    """A value as the scripts write it: ``str()`` of a Python or numpy number, or of a 0-d torch tensor; None for
    anything else. A NaN or infinity reads as a float, for the results reader's not-finite warning."""
    tensor = _TENSOR.fullmatch(text)
    text = tensor.group("number").strip() if tensor else text
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return None
