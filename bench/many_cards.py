"""Checking many cards: `modelcard validate` over 1,000 README files in one call vs a huggingface_hub loop.

The cards are the five examples rendered once and written 200 times each, every copy made distinct
(its own model name in the title line and a closing comment), so nothing one card's check memoises
is the whole of another's. Baseline, what a script with the hub client does per file:
``ModelCard.load(path)`` and ``card.data.eval_results``. Both run as whole processes (imports
included), median of a few runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import EXAMPLES, Target, machine, paired_median_times, summary, table  # noqa: E402

CARDS = 1_000
GOAL = 10
HUB_LOOP = """
import sys
from huggingface_hub import ModelCard
results = 0
for path in sys.argv[1:]:
    card = ModelCard.load(path)
    results += len(card.data.eval_results or [])
print(results)
"""


def write_cards(folder: str, n: int = CARDS) -> list[str]:
    from generator.records.loader import load_records
    from generator.render.card import render

    names = sorted(n for n in os.listdir(EXAMPLES) if os.path.isdir(os.path.join(EXAMPLES, n)))
    texts = [render(load_records(os.path.join(EXAMPLES, name))).text for name in names]
    paths = []
    for i in range(n):
        text = texts[i % len(texts)].rstrip("\n") + f"\n\n<!-- copy {i} of a card for the batch check -->\n"
        path = os.path.join(folder, f"card-{i:04d}", "README.md")
        os.makedirs(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    return paths


def main() -> list[Target]:
    folder = tempfile.mkdtemp(prefix="bench-cards-")
    try:
        paths = write_cards(folder)
        cli = shutil.which("modelcard")
        ours_cmd = ([cli] if cli else [sys.executable, "-m", "generator"]) + ["validate", *paths]
        hub_cmd = [sys.executable, "-c", HUB_LOOP, *paths]
        subprocess.run(ours_cmd, check=True, capture_output=True)  # every card must pass
        hub, ours = paired_median_times(lambda: subprocess.run(hub_cmd, check=True, capture_output=True),
                                        lambda: subprocess.run(ours_cmd, check=True, capture_output=True), repeat=3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(table(f"Checking {CARDS:,} card files in one process (whole process, median of 3)",
                ["run", "wall time", "per card"],
                [["huggingface_hub: ModelCard.load + data.eval_results per file", f"{hub:.2f} s",
                  f"{hub / CARDS * 1000:.2f} ms"],
                 [f"modelcard validate (the {CARDS:,} paths in one call)", f"{ours:.2f} s",
                  f"{ours / CARDS * 1000:.2f} ms"]]))
    return [Target(f"modelcard validate, {CARDS:,} cards in one call", f">= {GOAL}x", f"{hub:.2f} s",
                   f"{ours:.2f} s", f"{hub / ours:.1f}x", hub / ours >= GOAL)]


if __name__ == "__main__":
    print(machine())
    print(summary(main()))
