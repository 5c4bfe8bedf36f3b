"""Scale: N evaluation results (generated records) -> load + render + validate; time and peak memory."""

from __future__ import annotations

import os
import sys
import tempfile
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import clear_result_caches, machine, median_time, ms, table  # noqa: E402

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
    from generator.check.validate import validate_card

    clear_result_caches()
    validate_card(folder)  # load the records, render the card, check it


TRACED_UP_TO = 10_000  # beyond this, peak memory is the growth of a child process's resident set


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _timed_in_child(folder: str) -> tuple[float, int]:
    """(seconds, peak RSS growth in bytes) of one run in a forked child, measured without tracemalloc."""
    import resource
    import time

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run once, report, exit
        try:
            before = _rss()
            start = time.perf_counter()
            run(folder)
            elapsed = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            os.write(write, f"{elapsed} {peak - before}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        answer = f.read()
    os.waitpid(pid, 0)
    elapsed, growth = answer.split()
    return float(elapsed), int(growth)


def main(sizes=(100, 1_000, 10_000, 100_000)) -> dict[int, float]:
    import generator.check.validate
    import generator.io.data
    import generator.io.files
    import generator.io.yamlio
    import generator.render.card

    # 100,000 results make a ~26 MB card with a 21 MB frontmatter: the generator refuses to
    # write it (the Hub rejects READMEs over 10 MiB) or read it back (input limits). The
    # limits are lifted here only, to measure how the work grows.
    generator.render.card.MAX_CARD_BYTES = generator.check.validate.MAX_CARD_BYTES = 1 << 40
    generator.io.files.MAX_FILE_BYTES = 1 << 30
    generator.io.yamlio.MAX_ITEMS_PER_FILE = generator.io.data.MAX_NODES = 1 << 40
    rows = []
    per = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_records(folder, n)
            if n > TRACED_UP_TO:
                repeat = 1  # ~35 s; and tracemalloc would make a second run ~2.5x slower still
                elapsed, growth = _timed_in_child(folder)
                memory = f"{growth / 2**20:.0f} MiB (RSS growth)"
            else:
                repeat = 5 if n <= 1_000 else 3
                elapsed = median_time(lambda: run(folder), repeat=repeat, warmup=1 if n <= 1_000 else 0)
                tracemalloc.start()
                run(folder)
                memory = f"{tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB"
                tracemalloc.stop()
        per[n] = elapsed / n
        rows.append([f"{n:,}", repeat, ms(elapsed), f"{elapsed / n * 1e6:.1f} µs", memory])
    flat = max(per.values()) / min(per.values())
    print(table("Scale: load + render + validate N evaluation results", ["results", "runs", "median time", "per result",
                                                                          "peak memory"], rows))
    if sizes[-1] > TRACED_UP_TO:
        print(f"(above {TRACED_UP_TO:,} results: one run in a forked child; its memory is how much its resident set "
              "grew, which includes what the allocator keeps, so it reads higher than tracemalloc's peak)")
    print(f"time per result varies by {flat:.2f}x from {sizes[0]:,} to {sizes[-1]:,} results (target: within 2x); "
          f"10,000 results in {per[10_000] * 10_000:.2f} s (target: 1 s)" if 10_000 in per else "")
    print("(cards over 10 MiB are refused by `modelcard render`; the limit is lifted for this measurement)\n")
    return per


if __name__ == "__main__":
    print(machine())
    main()
