"""Publishing: HTTP requests, commits and wall time against the test suite's local Hub.

The local Hub (tests/hubserver) runs in a child process on 127.0.0.1; huggingface_hub is pointed at
it the way the ``local_hub`` test fixture does it (HF_ENDPOINT and the client's import-time
constants), with the server's write token. Requests are counted the way tests/test_publish.py
counts them: ``len(hub.requests)`` after ``hub.reset_counters()``, commits with
``hub.commit_count()`` (commits made through the API).

1. One card (examples/zephyr-7b-gemma-v0.1, copied to a temp dir): first publish, the same card
   again, and again after a value in the records changed. Ours: ``publish_card``. Baseline, what a
   script using the hub client does: ``create_repo(exist_ok=True)`` + ``upload_file`` of the README
   our generator rendered (rendered beforehand, not timed) + ``metadata_update(..., overwrite=True)``.
2. 200 cards (the examples copied 40 times each, distinct repo ids): the same baseline in a
   sequential loop vs one ``publish_cards`` call (its default jobs, and jobs=1). Each side starts
   from an empty Hub. Then again with the local Hub's ``latency`` option at 50 ms per request
   (every request waits that long in the server, as on a distant Hub). Targets (issue 16, target 5):
   publish_cards with its default jobs >= 3x faster than the loop without latency, >= 15x at 50 ms.

Both the client and the server run in this one Python process, so they share the GIL: wall times
include the server's work, and threads (``jobs``) overlap only the waiting, not the Python work.
"""

from __future__ import annotations

import copy
import inspect
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import EXAMPLES, ROOT, Target, machine, ms, table, without_result_caches  # noqa: E402

if ROOT not in sys.path:
    sys.path.insert(1, ROOT)  # for tests.hubserver (tests/ is not a package: a namespace import from the root)

from tests.hubserver import LocalHub  # noqa: E402  (ImportError here: run.py skips this benchmark)
from tests.hubserver.fixtures import point_client_at  # noqa: E402  (needs pytest: pip install -e '.[test]')

EXAMPLE = "zephyr-7b-gemma-v0.1"
CHANGED_FILE, CHANGED_VALUE = "02-evaluations.yaml", "value: 58.45"  # ARC's acc_norm in the example
BATCH = 200
REPEAT = 3
LATENCY = 0.05  # seconds per request in the second batch run: closer to the real Hub than 0 (100+ ms from far away)
TARGETS = {0.0: 3.0, LATENCY: 15.0}  # issue 16, target 5: publish_cards vs the sequential loop, by latency


def _render(path: Path) -> tuple[str, dict]:
    """README text and its metadata as our generator renders them (the baseline uploads these)."""
    from generator.markdown.frontmatter import split_card
    from generator.records.loader import load_records
    from generator.render.card import render

    text = render(load_records(path)).text
    meta, _ = split_card(text, str(path))
    return text, meta or {}


def _baseline_one(api, repo_id: str, text: str, meta: dict, token: str) -> None:
    """What a script with plain huggingface_hub does per card."""
    from huggingface_hub import metadata_update

    api.create_repo(repo_id, exist_ok=True)
    api.upload_file(path_or_fileobj=text.encode("utf-8"), path_in_repo="README.md", repo_id=repo_id,
                    commit_message="Update model card")
    metadata_update(repo_id, meta, overwrite=True, token=token)


def _serve(conn) -> None:
    """Child process: run a LocalHub and answer the parent's questions about it."""
    hub = LocalHub().start()
    conn.send((hub.endpoint, hub.token))
    try:
        while True:
            command = conn.recv()
            if command == "stop":
                break
            if isinstance(command, tuple) and command[0] == "latency":  # every request waits this long
                hub.latency = command[1]
                conn.send(None)
            elif command == "counts":
                conn.send((len(hub.requests), hub.commit_count()))
            elif command == "problems":
                conn.send(hub.problems())
            else:
                getattr(hub, command)()
                conn.send(None)
    finally:
        hub.stop()


class _HubProcess:
    """A LocalHub in its own process, as a Hub is: its parsing and git work do not share
    this interpreter's GIL, so the client's concurrency is measured for what it is.
    Offers what the benchmark uses of LocalHub."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")  # forked before this process starts any thread
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        self.endpoint, self.token = self._conn.recv()

    def _ask(self, command: str):
        self._conn.send(command)
        return self._conn.recv()

    def reset(self) -> None:
        self._ask("reset")

    def reset_counters(self) -> None:
        self._ask("reset_counters")

    def latency(self, seconds: float) -> None:
        """Make every request wait ``seconds`` before it is served (until the next reset)."""
        self._ask(("latency", seconds))

    def counts(self) -> tuple[int, int]:
        return self._ask("counts")

    def problems(self) -> list[str]:
        return self._ask("problems")

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(timeout=10)


class _Measure:
    """Wall time, requests and commits of one call, counted from a fresh counter."""

    def __init__(self, hub: LocalHub):
        self.hub = hub

    def __call__(self, fn) -> tuple[float, int, int, object]:
        self.hub.reset_counters()
        start = time.perf_counter()
        out = fn()
        elapsed = time.perf_counter() - start
        requests, commits = self.hub.counts()
        return elapsed, requests, commits, out


def _expect(results, status: str, what: str) -> None:
    results = results if isinstance(results, list) else [results]
    bad = [r for r in results if r.status != status]
    if bad:
        raise RuntimeError(f"{what}: expected {status}, got {bad[0].status} for {bad[0].repo_id}: {bad[0].message}")


def _counts(samples: list[tuple[float, int, int, object]]) -> tuple[str, str, int, int]:
    """Requests and commits over the repetitions (one number when they agree, else min-max) and the max of each."""
    def span(values: list[int]) -> str:
        return str(values[0]) if min(values) == max(values) else f"{min(values)}-{max(values)}"

    requests, commits = [s[1] for s in samples], [s[2] for s in samples]
    return span(requests), span(commits), max(requests), max(commits)


def single_card(hub: LocalHub, work: Path) -> None:
    from huggingface_hub import HfApi

    from generator.publish.publish import publish_card

    token = hub.token
    api = HfApi(endpoint=hub.endpoint, token=token)
    source = work / "single" / EXAMPLE
    shutil.copytree(os.path.join(EXAMPLES, EXAMPLE), source)
    records_file = source / CHANGED_FILE
    original = records_file.read_text(encoding="utf-8")
    if CHANGED_VALUE not in original:
        raise RuntimeError(f"{CHANGED_FILE} of {EXAMPLE} no longer holds {CHANGED_VALUE!r}: update the benchmark")
    text, meta = _render(source)
    measure = _Measure(hub)

    def ours(repo_id: str):
        return publish_card(source, repo_id, endpoint=hub.endpoint, token=token)

    def theirs(repo_id: str, text: str, meta: dict):
        return _baseline_one(api, repo_id, text, copy.deepcopy(meta), token)

    # Warm up both paths (first HTTP connection, lazy imports) on repos that are not measured.
    _expect(ours("alice/warmup-ours"), "committed", "warm-up")
    _expect(ours("alice/warmup-ours"), "unchanged", "warm-up")
    theirs("alice/warmup-hub", text, meta)
    theirs("alice/warmup-hub", text, meta)

    rows = {}
    # (a) first publish: the repo does not exist yet (a new repo per repetition)
    o = [measure(lambda i=i: ours(f"alice/zephyr-ours-{i}")) for i in range(REPEAT)]
    h = [measure(lambda i=i: theirs(f"alice/zephyr-hub-{i}", text, meta)) for i in range(REPEAT)]
    for s in o:
        _expect(s[3], "committed", "first publish")
    rows["first publish (new repo)"] = (h, o, None)
    # (b) the same card again, unchanged
    o = [measure(lambda: ours("alice/zephyr-ours-0")) for _ in range(REPEAT)]
    h = [measure(lambda: theirs("alice/zephyr-hub-0", text, meta)) for _ in range(REPEAT)]
    for s in o:
        _expect(s[3], "unchanged", "unchanged publish")
    rows["same card again, unchanged"] = (h, o, (0, 2))
    # (c) a value in the records changed (a different value each repetition)
    o, h = [], []
    for i in range(REPEAT):
        records_file.write_text(original.replace(CHANGED_VALUE, f"value: {58.46 + i / 100:.2f}"), encoding="utf-8")
        changed_text, changed_meta = _render(source)  # the baseline's README, rendered beforehand
        o.append(measure(lambda: ours("alice/zephyr-ours-0")))
        h.append(measure(lambda: theirs("alice/zephyr-hub-0", changed_text, changed_meta)))
        _expect(o[-1][3], "committed", "changed publish")
    rows["after a change to the records"] = (h, o, (1, 5))
    records_file.write_text(original, encoding="utf-8")

    out = []
    for name, (h, o, target) in rows.items():
        h_req, h_com, _, _ = _counts(h)
        o_req, o_com, o_req_max, o_com_max = _counts(o)
        if target is None:
            goal, verdict = "-", "-"
        else:
            goal = f"{target[0]} commit{'s' if target[0] != 1 else ''}, <= {target[1]} requests"
            verdict = "met" if o_com_max == target[0] and o_req_max <= target[1] else "missed"
        out.append([name, h_req, h_com, ms(statistics.median(s[0] for s in h)),
                    o_req, o_com, ms(statistics.median(s[0] for s in o)), goal, verdict])
    print(table(f"Publishing one card ({EXAMPLE}) to the local Hub: create_repo + upload_file + metadata_update "
                f"vs modelcard-generator publish_card (requests and commits per publish, median time of {REPEAT})",
                ["publish", "hub requests", "hub commits", "huggingface_hub", "our requests", "our commits", "ours",
                 "target (ours)", "met"], out))


def batch(hub: LocalHub, work: Path, latency: float = 0.0) -> list[Target]:
    from huggingface_hub import HfApi

    from generator.publish.publish import publish_cards, repo_ids_for

    token = hub.token
    names = sorted(n for n in os.listdir(EXAMPLES) if os.path.isdir(os.path.join(EXAMPLES, n)))
    sources = []
    for i in range(BATCH):
        target = work / f"batch-{latency * 1000:.0f}ms" / f"card-{i:03d}-{names[i % len(names)]}"
        shutil.copytree(os.path.join(EXAMPLES, names[i % len(names)]), target)
        sources.append(str(target))
    # The baseline uploads what our generator renders; the copies of one example render the same
    # card, so render each example once (outside the timing) and deep-copy its metadata per card.
    rendered = {name: _render(Path(sources[k])) for k, name in enumerate(names)}
    default_jobs = inspect.signature(publish_cards).parameters["jobs"].default
    measure = _Measure(hub)

    def baseline():
        api = HfApi(endpoint=hub.endpoint, token=token)
        for repo_id, text, meta in plan:
            _baseline_one(api, repo_id, text, meta, token)

    def fresh() -> None:  # an empty Hub for each side
        hub.reset()
        if latency:
            hub.latency(latency)

    runs = []
    fresh()
    pairs = repo_ids_for(sources, None, "alice/hub-{name}", None)
    plan = [(repo_id, rendered[names[i % len(names)]][0], copy.deepcopy(rendered[names[i % len(names)]][1]))
            for i, (_, repo_id) in enumerate(pairs)]
    elapsed, requests, commits, _ = measure(baseline)
    runs.append(("huggingface_hub, sequential loop", 1, elapsed, requests, commits))

    for jobs in ((default_jobs,) if latency else (default_jobs, 1)):
        fresh()
        pairs = repo_ids_for(sources, None, f"alice/ours{jobs}-{{name}}", None)
        options = {} if jobs == default_jobs else {"jobs": jobs}
        elapsed, requests, commits, results = measure(
            lambda: publish_cards(pairs, endpoint=hub.endpoint, token=token, progress=False, **options))
        _expect(results, "committed", f"batch jobs={jobs}")
        label = f"ours, publish_cards (default jobs={jobs})" if jobs == default_jobs else f"ours, publish_cards jobs={jobs}"
        runs.append((label, jobs, elapsed, requests, commits))

    base = runs[0][2]
    goal = TARGETS[latency]
    rows, targets = [], []
    for label, jobs, elapsed, requests, commits in runs:
        ratio = base / elapsed
        if "default jobs" in label:
            where = f"at {latency * 1000:.0f} ms latency" if latency else "no latency"
            targets.append(Target(f"batch publish, {BATCH} cards, {where}", f">= {goal:g}x", f"{base:.2f} s",
                                  f"{elapsed:.2f} s", f"{ratio:.1f}x", ratio >= goal))
        # the target is publish_cards as called, with its default jobs; other rows are for comparison
        target = "met" if ratio >= goal else "missed"
        target = target if "default jobs" in label else "-"
        rows.append([label, jobs, f"{elapsed:.2f} s", ms(elapsed / BATCH), requests, commits,
                     f"{ratio:.1f}x", target])
    print(table(f"Publishing {BATCH} new cards (the {len(names)} examples x {BATCH // len(names)}) to the local Hub"
                + (f" with {latency * 1000:.0f} ms of latency per request" if latency else "") +
                ": create_repo + upload_file + metadata_update per card vs one publish_cards call (one run each; "
                f"target >= {goal:g}x faster)",
                ["run", "jobs", "wall", "per card", "requests", "commits", "ratio (hub/this)", f">= {goal:g}x"], rows))
    extra = runs[0][4] - BATCH
    if extra > 0:
        print(f"(the baseline made {extra} commits more than cards: metadata_update rewrote the model-index it "
              "had just uploaded, in the huggingface_hub layout)")
    if latency:
        print(f"(each request waits {latency * 1000:.0f} ms in the server before it is served, as a request to a "
              "distant Hub waits on the network: jobs overlap those waits; the baseline can make fewer requests than "
              "above because huggingface_hub's download cache, warm from that run, spares its README downloads)\n")
    else:
        print("(the local Hub runs in its own process on 127.0.0.1, so it answers in well under a millisecond of "
              "network time: the real Hub's latency, which jobs overlap, is in the next table)\n")
    return targets


def main() -> list[Target]:
    import pytest
    from huggingface_hub.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    # the baseline's upload_file warns "No files have been modified since last commit" when a card is unchanged
    hf_logging.set_verbosity_error()
    without_result_caches()  # the batch publishes 40 copies of each example: no memo hits distinct cards get
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    hub = _HubProcess()
    try:
        with pytest.MonkeyPatch.context() as patch:
            point_client_at(hub, patch, work / "hf_home")  # HF_ENDPOINT & co, as the local_hub fixture does
            patch.setenv("HF_TOKEN", hub.token)
            single_card(hub, work)
            targets = batch(hub, work) + batch(hub, work, latency=LATENCY)
        problems = hub.problems()
        if problems:
            raise RuntimeError("local hub problems:\n" + "\n".join(problems))
        return targets
    finally:
        hub.stop()
        hf_logging.set_verbosity(level)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(machine())
    print()
    main()
