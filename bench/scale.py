"""Scale: N evaluation results (generated records) -> load + render + validate; time and peak memory."""

from __future__ import annotations

import os
import sys
import tempfile
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import machine, median_time, ms, table  # noqa: E402

PER_FILE = 10_000


def write_records(folder: str, n: int) -> None:
    """A record set with n evaluations, split into files of at most PER_FILE evaluations."""
    import json

    with open(os.path.join(folder, "00-model.json"), "w") as f:
        json.dump({"model": {"repo_id": "bench/scale", "license": "apache-2.0", "pipeline_tag": "text-generation"}}, f)
    for start in range(0, n, PER_FILE):
        evaluations = [{"benchmark": f"bench_task_{i}", "dataset": {"id": f"bench/task-{i}", "split": "test"},
                        "few_shot": i % 26,
                        "metrics": [{"type": "acc", "value": round((i * 7919 % 10000) / 100, 2),
                                     "stderr": round((i % 97) / 100, 2)}]}
                       for i in range(start, min(start + PER_FILE, n))]
        with open(os.path.join(folder, f"{start // PER_FILE + 1:03d}-evals.json"), "w") as f:
            json.dump({"evaluations": evaluations}, f)


def run(folder: str) -> None:
    from generator.check import check_rendered_tables, check_tables_against_index
    from generator.cardfile import split_card
    from generator.hubrules import check_metadata
    from generator.loader import load_records
    from generator.render import render

    records = load_records(folder)
    card = render(records)
    meta, body = split_card(card.text, folder)
    check_metadata(meta)
    check_tables_against_index(meta, body, folder)
    check_rendered_tables(records, card, body)


def main(sizes=(100, 1_000, 10_000, 100_000)) -> dict[int, float]:
    import generator.check
    import generator.render
    import generator.textio

    # 100,000 results make a ~26 MB card with a 21 MB frontmatter: the generator refuses to
    # write it (the Hub rejects READMEs over 10 MiB) or read it back (input limits). The
    # limits are lifted here only, to measure how the work grows.
    generator.render.MAX_CARD_BYTES = generator.check.MAX_CARD_BYTES = 1 << 40
    generator.textio.MAX_FILE_BYTES = 1 << 30
    generator.textio.MAX_ITEMS_PER_FILE = generator.textio.MAX_NODES = 1 << 40
    rows = []
    per = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_records(folder, n)
            repeat = 5 if n <= 1_000 else 3 if n <= 10_000 else 1  # 100,000 once: it takes ~35 s
            elapsed = median_time(lambda: run(folder), repeat=repeat, warmup=1 if n <= 1_000 else 0)
            tracemalloc.start()
            run(folder)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        per[n] = elapsed / n
        rows.append([f"{n:,}", repeat, ms(elapsed), f"{elapsed / n * 1e6:.1f} µs", f"{peak / 2**20:.1f} MiB"])
    flat = max(per.values()) / min(per.values())
    print(table("Scale: load + render + validate N evaluation results", ["results", "runs", "median time", "per result",
                                                                          "peak memory (tracemalloc)"], rows))
    print(f"time per result varies by {flat:.2f}x from {sizes[0]:,} to {sizes[-1]:,} results (target: within 2x); "
          f"10,000 results in {per[10_000] * 10_000:.2f} s (target: 1 s)" if 10_000 in per else "")
    print("(cards over 10 MiB are refused by `modelcard render`; the limit is lifted for this measurement)\n")
    return per


if __name__ == "__main__":
    print(machine())
    main()
