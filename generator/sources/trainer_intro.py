"""The sentence a transformers Trainer (or TRL) writes under its card's title, and what it names.

transformers' TrainingSummary writes "This model is a fine-tuned version of [BASE](https://huggingface.co/BASE) on the
X dataset." (or "... was trained from scratch on ...", "on an unknown dataset.", "on the A, the B and the C
datasets."), TRL "... of [BASE](...).\nIt has been trained using [TRL](https://github.com/huggingface/trl).". A person
may write on after it on the same line; the data it names may be no Hub dataset (a dataset script's name, a data file,
LLaMA-Factory's dataset_info.json names), which the card then lists by those names.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.sources.common import DATA_FILES, FILE_LOADERS, Ingested, hub_dataset_id

# transformers' intro sentence, naming the data the run was given (TrainingSummary's `dataset`; LLaMA-Factory passes
# its dataset_info.json names, axolotl its datasets' paths), and TRL's line after it
_INTRO = re.compile(r"^This model (?:is a fine-tuned version of \[[^\]\n]*\]\([^)\s]*\)|was trained from scratch)"
                    r"(?: on (?:the (?P<data>.+?) (?P<plural>datasets?)|an unknown dataset))?\.(?=\s|$)"
                    r"|^It has been trained using \[TRL\]\(https://github\.com/huggingface/trl\)\.")
# A name of the run's data kept as text: none that markdown would read as markup
_PLAIN_NAME = re.compile(r"^[^\s*\[\]<>|`\\][^*\[\]<>|`\\\n]*$")
# The model detail naming the training data by the run's names, which are no Hub dataset ids
RUN_DATA = "Training data (as the run names it)"


def after_intro(line: str) -> str:
    """``line`` without the intro sentence it opens with, when a person wrote on after it on the same line
    (allenai/led-base-16384-ms2: "... on the [MS^2](...) dataset. The model received as input ..."); else as it is."""
    found = _INTRO.match(line.strip())
    rest = line.strip()[found.end():].strip() if found else ""
    return rest or line


def hub_data(name: Any) -> Optional[str]:
    """``name`` if it is a Hub dataset id and not the path of a data file (axolotl's card names ``data/train.jsonl``)."""
    return hub_dataset_id(name) if isinstance(name, str) and not name.lower().endswith(DATA_FILES) else None


def run_data(meta: dict[str, Any], body: str, result: Ingested) -> None:
    """The training data the trainer's card names by no Hub dataset id, as a model detail: its ``datasets`` that are
    none, else its intro's names (beside that key they are the display names of its entries: "Common Voice 11.0"). A
    file loader's name (``json``, ``imagefolder``) or ``None`` names no data."""
    listed = meta.get("datasets")
    listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    names = [str(d).strip() for d in listed if not hub_data(d)]
    intro = next((found for line in body.splitlines() if (found := _INTRO.match(line.strip()))), None)
    if intro and intro.group("data") and not listed:
        said = intro.group("data")
        names += re.split(r", the | and the ", said) if intro.group("plural") == "datasets" else [said]
    kept = [n for n in dict.fromkeys(names) if n and n != "None" and n.lower() not in FILE_LOADERS
            and _PLAIN_NAME.match(n) and not n.startswith("[")]
    if kept:
        result.data.setdefault("model", {}).setdefault("details", {}).setdefault(RUN_DATA, ", ".join(kept))
        result.warn("README.md", f"the trainer's card names training data {', '.join(repr(n) for n in kept)} that "
                    f"its metadata does not give as Hub dataset ids: listed under Model details as \"{RUN_DATA}\", "
                    "not in the card's datasets", "if it is a Hub dataset, put its id (ORG/NAME) in model.datasets in "
                    "the records", code="dataset-not-named")
    others = [str(d) for d in listed if not hub_data(d) and str(d).strip() not in kept]
    if others:  # `imagefolder`, `json`: a file loader's name, which names no data
        result.warn("README.md", f"datasets {', '.join(repr(d) for d in others)} of the trainer's card "
                    f"{'is not a Hub dataset id' if len(others) == 1 else 'are not Hub dataset ids'}; left out",
                    "add the Hub id (org/name) of the data the model was trained on to model.datasets",
                    code="not-a-hub-id")
