"""Run every benchmark and print its table: python bench/run.py"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cold_start  # noqa: E402
import per_card  # noqa: E402
import scale  # noqa: E402
from common import machine  # noqa: E402


def main() -> None:
    print(machine())
    print()
    per_card.main()
    scale.main()
    cold_start.main()
    try:
        import publish  # noqa: F401  (needs the test suite's local Hub)
    except ImportError as exc:
        print(f"(publishing benchmark skipped: {exc})")
    else:
        publish.main()


if __name__ == "__main__":
    main()
