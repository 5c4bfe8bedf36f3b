"""Shared by the bench scripts: the machine header, repeated timing, and tables."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Optional, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")


@dataclass(frozen=True)
class Target:
    """One target of issue 16 as measured in this run, for run.py's summary."""

    name: str
    goal: str
    baseline: str
    ours: str
    ratio: str
    met: Optional[bool]  # None: not measured in this run

    def row(self) -> list[str]:
        return [self.name, self.goal, self.baseline, self.ours, self.ratio,
                "-" if self.met is None else "met" if self.met else "missed"]


def summary(targets: Sequence[Target]) -> str:
    return table("Targets (issue 16)", ["target", "goal", "baseline", "ours", "ratio", "met"],
                 [t.row() for t in targets])


def machine() -> str:
    versions = []
    for dist in ("modelcard-generator", "huggingface-hub", "pyyaml", "jinja2", "jsonschema", "jsonschema-rs"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"# {platform.platform()} | {os.cpu_count()} CPUs | load {load:.2f} | Python {platform.python_version()}\n"
            f"# " + ", ".join(versions))


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in seconds over ``repeat`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_median_times(first: Callable[[], object], second: Callable[[], object], repeat: int = 9,
                        warmup: int = 1) -> tuple[float, float]:
    """Median wall times of two paths, run alternately so that a change in machine load
    during the measurement weighs on both sides alike (a baseline timed first and ours
    after moved a ratio by up to 40% on a shared VM). Each run starts after a full
    collection, so that neither pays for collecting the garbage the other left."""
    for _ in range(warmup):
        first()
        second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for fn, times in ((first, a), (second, b)):
            gc.collect()  # the other path's garbage is collected now, not inside this one's timing
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [f"## {title}", ""]
    lines.append("| " + " | ".join(h.ljust(w) for h, w in zip(cells[0], widths)) + " |")
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    for row in cells[1:]:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths)) + " |")
    return "\n".join(lines) + "\n"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def clear_result_caches() -> None:
    """Forget what the checker memoises across calls (parsed card bodies, cell texts), so a
    repeated run over the same card does all its work, as a new card would. Compiled
    templates and schemas stay cached: every process compiles them once."""
    from generator.markdown import tables

    tables._parse_body_tables.cache_clear()
    tables._cell_text.cache_clear()


def without_result_caches() -> None:
    """Turn the checker's memos off for this process: a batch of copies of the same cards
    would hit them where distinct cards would not."""
    from generator.markdown import tables

    for name in ("_parse_body_tables", "_cell_text"):
        memo = getattr(tables, name)
        setattr(tables, name, getattr(memo, "__wrapped__", memo))
