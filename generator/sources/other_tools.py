"""Other evaluation tools' text files (CSV, tables, JSON lines), named by their shape so that their refusal says
which tool wrote them: OpenCompass's summary, alpaca_eval's leaderboard.csv, and the per-example output of IFEval's
and MT-Bench's reference scripts. The readers read none of them (see readers.other_tool for JSON objects)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Optional

from generator.errors import some_of
from generator.io.files import loads_json
from generator.sources.eval_logs import RECORDS_FIX

SUFFIXES = (".csv", ".txt", ".md", ".log", ".jsonl", ".json")
# OpenCompass's summarizer writes summary_<time>.{csv,txt,md}: a table `dataset version metric mode <model>...`, as
# CSV, as tabulate's plain text (the .txt, after the time it ran) or as a Markdown table
OPENCOMPASS_HEADER = re.compile(r"^\|?\s*dataset\s*[|,\s]\s*version\s*[|,\s]\s*metric\s*[|,\s]\s*mode\s*(?:[|,\s]|$)")
STAMP_LINE = re.compile(r"^\d{8}_\d{6}$")
# alpaca_eval's leaderboard.csv (its column order changed across releases): a row a model, the index unnamed
ALPACA_COLUMNS = {"win_rate", "standard_error", "n_total"}


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(8192).decode("utf-8", "replace")
    except OSError:
        return ""


def _opencompass(lines: list[str]) -> Optional[tuple[str, str]]:
    """OpenCompass's summary: its header within the first lines (after the time the .txt starts with)."""
    for number, line in enumerate(lines[:4]):
        if OPENCOMPASS_HEADER.match(line):
            models = [cell.strip() for cell in re.split(r"\s*\|\s*|,|\s{2,}", line.strip().strip("|"))[4:]
                      if cell.strip()]
            shown = f"; model{'s' if len(models) > 1 else ''} {some_of([repr(m) for m in models])}" if models else ""
            return (f"OpenCompass's summary (summary_<time>.csv, .txt or .md{shown}): each dataset's score as "
                    "OpenCompass names its configs, which names no Hub dataset or split", RECORDS_FIX)
        if number == 0 and not STAMP_LINE.match(line):
            return None
    return None


def _alpaca_eval(head: str) -> Optional[tuple[str, str]]:
    rows = list(csv.reader(head.splitlines()[:6]))
    if not rows or not ALPACA_COLUMNS <= set(rows[0]):
        return None
    models = [row[0] for row in rows[1:] if row and row[0]]
    shown = f" (model{'s' if len(models) > 1 else ''} {some_of([repr(m) for m in models])})" if models else ""
    return (f"alpaca_eval's leaderboard.csv{shown}: win rates against its reference outputs, which name neither the "
            "AlpacaEval version nor the annotator (the folder it is in does)", RECORDS_FIX)


def _first_record(head: str) -> dict[str, Any]:
    """The first line's JSON object ({} for any other line)."""
    try:
        found = loads_json(head.split("\n", 1)[0])
    except ValueError:  # (too deep too: JSONTooDeep)
        return {}
    return found if isinstance(found, dict) else {}


def other_tool_text(path: Path) -> Optional[tuple[str, str]]:
    """What another evaluation tool's text file is and the fix; None for any other file."""
    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        return None
    head = _head(path)
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    if not lines:
        return None
    found = _opencompass(lines) or (_alpaca_eval(head) if path.suffix.lower() == ".csv" else None)
    if found or path.suffix.lower() not in (".jsonl", ".json"):
        return found
    record = _first_record(head)
    if {"instruction_id_list", "follow_all_instructions", "follow_instruction_list"} <= record.keys():
        return ("the per-example output of IFEval's evaluation_main (google-research instruction_following_eval: "
                "eval_results_strict.jsonl or eval_results_loose.jsonl): each prompt's verdicts, not the accuracies "
                "it prints", RECORDS_FIX)
    if {"question_id", "judge", "score", "turn"} <= record.keys():
        return (f"MT-Bench's judgments (FastChat llm_judge's model_judgment/*.jsonl; model {record.get('model')!r}): "
                "each question's score from the judge, not the averages show_result.py prints", RECORDS_FIX)
    return None
