"""Cold start: `modelcard render` and `modelcard validate` as whole processes vs importing huggingface_hub
and an empty interpreter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import EXAMPLES, Target, machine, median_time, ms, summary, table  # noqa: E402

GOAL_MS = 200
EXAMPLE = "zephyr-7b-gemma-v0.1"


def main() -> list[Target]:
    work = tempfile.mkdtemp()
    out, card = os.path.join(work, "README.md"), os.path.join(work, "card", "README.md")
    os.makedirs(os.path.dirname(card))
    example = os.path.join(EXAMPLES, EXAMPLE)
    cli = shutil.which("modelcard")
    base = [cli] if cli else [sys.executable, "-m", "generator"]
    subprocess.run(base + ["render", example, "-o", card], check=True, capture_output=True)
    render_label, validate_label = f"modelcard render examples/{EXAMPLE}", "modelcard validate README.md (that card)"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import huggingface_hub'": [sys.executable, "-c", "import huggingface_hub"],
        render_label: base + ["render", example, "-o", out],
        validate_label: base + ["validate", card],
    }
    # As an installed package runs: pip writes the bytecode (__pycache__) at install. Here each command's first
    # (warm-up) run writes it into a private folder, so PYTHONDONTWRITEBYTECODE or a fresh checkout does not
    # time compiling the modules' source at every start, and nothing is written next to the sources.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = os.path.join(work, "pycache")
    rows = []
    times = {}
    for label, cmd in commands.items():
        times[label] = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True, env=env), repeat=9)
        rows.append([label, ms(times[label])])
    shutil.rmtree(work, ignore_errors=True)
    print(table("Cold start (whole process, median of 9, bytecode cached as after an install)", ["command", "wall time"],
                rows))
    hub = times["python -c 'import huggingface_hub'"]
    return [Target(f"cold start, {label}", f"<= {GOAL_MS} ms", f"import huggingface_hub {ms(hub)}",
                   ms(times[label]), f"{times[label] / hub:.1f}x the import", times[label] * 1000 <= GOAL_MS)
            for label in (render_label, validate_label)]


if __name__ == "__main__":
    print(machine())
    print(summary(main()))
