"""Run every benchmark, print its table, then every target of issue 16: python bench/run.py"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cold_start  # noqa: E402
import many_cards  # noqa: E402
import per_card  # noqa: E402
import scale  # noqa: E402
from common import Target, machine, summary  # noqa: E402


def _publish() -> list[Target]:
    """Target 5 (batch publishing at Hub latency) comes from bench/publish.py: its main() returns
    Target rows when it measures that target; anything else leaves a pointer to its tables."""
    try:
        import publish  # (needs the test suite's local Hub)
    except ImportError as exc:
        print(f"(publishing benchmark skipped: {exc})")
        return [Target("batch publish (bench/publish.py)", "see issue 16", "-", "skipped", "-", None)]
    got = publish.main()
    rows = [t for t in (got or []) if isinstance(t, Target)]
    return rows or [Target("batch publish (bench/publish.py)", "see its tables above", "-", "-", "-", None)]


def main() -> None:
    print(machine())
    print()
    targets = per_card.main()
    targets += scale.main()
    targets += cold_start.main()
    targets += many_cards.main()
    targets += _publish()
    print(machine())
    print(summary(targets))


if __name__ == "__main__":
    main()
