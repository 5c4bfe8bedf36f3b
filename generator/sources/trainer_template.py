"""huggingface_hub's model card template, which PEFT's own card of an adapter fills: a README no Trainer wrote whose
lines are the template's, its fields left at their defaults, says nothing a card of the run loses.

PEFT fills the template of the huggingface_hub installed when the adapter was saved, so a card of 2023 holds the
lines of a template of then (0.13's "### How to Get Started with the Model", 0.10-0.11's table of contents), not of
the client installed now. The lines of every release's template are bundled (generator/data/
hub_card_template_lines.json), so the answer does not depend on the installed client (or on its being installed);
regenerate them from a clone of huggingface/huggingface_hub when a release changes the template:

    python -m generator.sources.trainer_template PATH/TO/huggingface_hub/.git
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import lru_cache
from typing import Optional, Sequence

from generator.markdown.fences import without_comments
from generator.resources import PACKAGE_DIR

DATA = PACKAGE_DIR / "data" / "hub_card_template_lines.json"
TEMPLATE = "src/huggingface_hub/templates/modelcard_template.md"


def card_template_lines(text: str) -> list[str]:
    """The lines of a model card template as a card filled from it with every field at its default shows them
    (``[More Information Needed]``; a field defaulting to "" leaves no line), without its comments and Jinja
    statements."""
    text = without_comments(text)
    text = re.sub(r"\{\{[^}]*?default\(\"([^\"]*)\", true\)\s*\}\}", r"\1", text)  # a field at its default
    return [line.strip() for line in text.splitlines() if line.strip() and "{%" not in line]


@lru_cache(maxsize=1)
def template_lines() -> frozenset[str]:
    """The lines of huggingface_hub's model card template of every release (templates/modelcard_template.md, which
    PEFT's own card fills), each field at its default."""
    return frozenset(json.loads(DATA.read_text(encoding="utf-8"))["lines"])


def template_title(title: str) -> bool:
    """Whether ``title`` (a card's `#` title, as plain text) is the template's own left at its default, "Model Card for
    Model ID" (its model_id unset, as PEFT fills it for an adapter): a placeholder, not the model's name."""
    return title.startswith("Model Card for ") and f"# {title}" in template_lines()


def unfilled_sections(sections: Sequence[tuple[int, str, str]]) -> set[int]:
    """The indexes of the sections ``(level, title, text)`` of a card (level 0: the text above its first heading, never
    one) that are huggingface_hub's template left unfilled, each with every section under it: its heading and each
    line of its text (HTML comments aside) a line of the template at its defaults. A section holding a line of the
    author's, or over one that does, is not (lgc-FINANCE/DeepClima-R1: the author's text above PEFT's card of the
    adapter, its template unfilled)."""
    template = template_lines()
    blank = [level > 0 and f"{'#' * level} {title.strip()}" in template and
             all(line.strip() in template for line in without_comments(text).splitlines()
                 if line.strip())
             for level, title, text in sections]
    # PEFT appends its own `### Framework versions` to the card (PeftModel.create_or_update_model_card), under the
    # template's last section: the card's framework versions, read as such, not an author's section under it
    peft = [level == 3 and title.strip() == "Framework versions" for level, title, _ in sections]
    unfilled = set()
    for n, (level, _, _) in enumerate(sections):
        end = next((m for m in range(n + 1, len(sections)) if sections[m][0] <= level), len(sections))
        if blank[n] and all(blank[m] or peft[m] for m in range(n + 1, end)):
            unfilled.add(n)
    return unfilled


# PEFT 0.3-0.5's own card of an adapter (PeftModel.create_or_update_model_card, before PEFT filled the Hub's template):
# below `library_name: peft`, a "## Training procedure" holding the bitsandbytes config of a quantized model and a
# "### Framework versions" of "- PEFT x", each again at every save (Institute-of-BDKE-CQJTU/BridgeGPT's lora_model_dic)
PEFT_QUANTIZATION = "The following `bitsandbytes` quantization config was used during training:"
_PEFT_LINE = re.compile(r"^(?:## Training procedure|### Framework versions|- PEFT \S+)$")


def peft_own_card(body: str) -> Optional[str]:
    """None unless ``body`` (a README's, below its metadata) is PEFT 0.3-0.5's own card, every line one PEFT wrote; then
    its bitsandbytes config as PEFT introduced it (the first of those repeated), "" when it has none."""
    configs: list[list[str]] = []
    listing = False  # inside a config's list
    for line in body.splitlines():
        text = line.strip()
        if text == PEFT_QUANTIZATION:
            configs.append([text])
        elif listing and text.startswith("- ") and ": " in text:
            configs[-1].append(text)
        elif text and not _PEFT_LINE.match(text):
            return None
        listing = bool(text) and (text == PEFT_QUANTIZATION or listing and text.startswith("- ") and ": " in text)
    return "\n".join(configs[0]) if configs else "" if re.search(r"^- PEFT ", body, re.M) else None


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


def build(git_dir: str) -> dict:
    """The bundled data from a huggingface_hub git directory: the template of each release tag (vX.Y.Z) and of the
    default branch's head, the releases each distinct template shipped in, and the union of their lines in the order
    they first appear."""
    tags = [tag for tag in _git(git_dir, "tag").split() if re.fullmatch(r"v\d+\.\d+\.\d+", tag)]
    tags.sort(key=lambda tag: tuple(int(part) for part in tag[1:].split(".")))
    shipped: dict[str, list[str]] = {}
    for tag in tags + ["HEAD"]:
        blob = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "-q", "--verify", f"{tag}:{TEMPLATE}"],
                              capture_output=True, text=True).stdout.strip()
        if blob:
            shipped.setdefault(blob, []).append(tag)
    lines: dict[str, None] = {}
    for blob in shipped:
        lines.update(dict.fromkeys(card_template_lines(_git(git_dir, "cat-file", "blob", blob))))
    head = _git(git_dir, "log", "-1", "--format=%H %cs", "HEAD").split()
    return {"about": f"Lines of huggingface/huggingface_hub's {TEMPLATE} (each field at its default) of every "
                     f"release, to {head[0][:10]} ({head[1]}); made by python -m generator.sources.trainer_template",
            "templates": {blob[:10]: f"{len(released)} releases, {released[0]} to {released[-1]}"
                          for blob, released in shipped.items()},
            "lines": list(lines)}


if __name__ == "__main__":
    DATA.write_text(json.dumps(build(sys.argv[1]), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {DATA}")
