"""Cold start: `modelcard render` as a whole process vs importing huggingface_hub vs an empty interpreter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import EXAMPLES, machine, median_time, ms, table  # noqa: E402


def main() -> float:
    out = os.path.join(tempfile.mkdtemp(), "README.md")
    example = os.path.join(EXAMPLES, "zephyr-7b-gemma-v0.1")
    cli = shutil.which("modelcard")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import huggingface_hub'": [sys.executable, "-c", "import huggingface_hub"],
        "modelcard render examples/zephyr-7b-gemma-v0.1": ([cli] if cli else [sys.executable, "-m", "generator"])
        + ["render", example, "-o", out],
    }
    rows = []
    times = {}
    for label, cmd in commands.items():
        times[label] = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat=7)
        rows.append([label, ms(times[label])])
    print(table("Cold start (whole process, median of 7)", ["command", "wall time"], rows))
    render = times["modelcard render examples/zephyr-7b-gemma-v0.1"]
    print(f"render is {render / times['python -c pass']:.1f}x an empty interpreter and "
          f"{render / times[next(iter(list(times)[1:2]))]:.2f}x importing huggingface_hub (target: <= 300 ms)\n")
    return render


if __name__ == "__main__":
    print(machine())
    main()
