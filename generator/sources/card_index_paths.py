"""The paths of a card's model-index as generator/records/hubrules.py reports its problems, and what a problem at
one leaves out of the card's import (generator/sources/card_metadata.py)."""

from __future__ import annotations

import re
from typing import Optional

from generator.errors import close_matches

# A model-index path as hubrules reports it: entry, its name or results, a result, a part of it, a metric, a field.
INDEX_PATH = re.compile(r"^model-index(?:\[(\d+)\](?:\.(name|results)"
                        r"(?:\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?)?)?)?)?$")
# The path of a result's missing dataset, which the Hub takes (spaCy's cards): the result is kept without one.
NO_DATASET = re.compile(r"^model-index\[\d+\]\.results\[\d+\]\.dataset$")
# The path of a result's missing task type (transformers 4.7 to 4.9 wrote none when its Trainer knew no task): the
# result is kept, its task the card's pipeline_tag, else shown by the results table and left out of model-index.
NO_TASK_TYPE = re.compile(r"^model-index\[\d+\]\.results\[\d+\]\.task\.type$")
# Likewise a dataset named without its type (KBLab/wav2vec2-base-voxpopuli-sv-swedish's NST Swedish ASR Database).
NO_DATASET_TYPE = re.compile(r"^model-index\[(\d+)\]\.results\[(\d+)\]\.dataset\.type$")
# The fields of each part of a model-index result that the records keep, in the order they write them.
INDEX_FIELDS = {"entry": ("name", "results"), "result": ("task", "dataset", "metrics", "source"),
                "task": ("type", "name", "args"), "dataset": ("name", "type", "config", "split", "revision", "args"),
                "metric": ("type", "value", "name", "config", "args", "verified"), "source": ("name", "url")}




def left_out_by(path: str) -> tuple[Optional[tuple], str]:
    """What a problem at ``path`` of the model-index leaves out of the import: (key, in words); no key keeps it."""
    match = INDEX_PATH.match(path)
    i, part, j, field, k, sub = match.groups() if match else (None,) * 6
    if i is None:
        return (), "the model-index is left out"
    if part is None:
        return (int(i),), "this entry is left out"
    if part == "name":
        return None, "the name is left out"
    if j is None:
        return (int(i), "results"), "this entry's results are left out"
    if field == "metrics" and k is not None:
        return (int(i), int(j), int(k)), "this metric is left out"
    if field == "source":
        return (int(i), int(j), "source"), "this source is left out"
    if field == "dataset" and sub == "name":
        return None, "the dataset type is written as its name"
    return (int(i), int(j)), "this result is left out"


def unknown_fix(key: str, part: str) -> str:
    """The fix for a field of a model-index ``part`` that it does not have: the field it misspells (ibm-granite's
    code models' `veriefied: false`), else the fields it has (the Hub's verifyToken is said apart: hub_proofs)."""
    near = close_matches(str(key), INDEX_FIELDS[part], n=1, cutoff=0.8)
    if near:
        return f"spell it {near[0]}, if that is what it says"
    return f"remove it: a model-index {part} has {', '.join(INDEX_FIELDS[part])}"


def named_without_type(index: list, path: str) -> bool:
    """Whether ``path`` is the missing type of a result's dataset that has a name (which names the evaluation)."""
    match = NO_DATASET_TYPE.match(path)
    if not match:
        return False
    dataset = index[int(match.group(1))]["results"][int(match.group(2))]["dataset"]
    name = dataset.get("name")
    return dataset.get("type") is None and isinstance(name, str) and bool(name.strip())
