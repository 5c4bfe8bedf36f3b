"""The Trainer's lists under their `###` headings, as the card importer reads them into training data: the
hyperparameters ("The following hyperparameters were used during training:") and the framework versions (the
Trainer's `- Transformers 4.46.1`, TRL's `- TRL: 0.24.0`). A list of another shape is None: it stays text."""

from __future__ import annotations

import re
from typing import Any, Optional

from generator.sources.card_text import LIST_ITEM, _setting, _unescape
from generator.sources.hyperparameters import optimizer_args_joined, warmup_as_ratio

# A hyperparameter's name in a list of them (`- learning_rate: 2e-05`).
HYPERPARAMETER = re.compile(r"^[A-Za-z_][\w .\-/]*$")
HYPERPARAMETERS_INTRO = "The following hyperparameters were used during training:"  # transformers' Trainer writes it
# A version as the Trainer writes it (4.26.0.dev0, 2.0.1+cu118)
VERSION = re.compile(r"v?\d[\w.+\-]*")


def hyperparameter_list(lines: list[str]) -> Optional[dict[str, Any]]:
    """The Trainer's hyperparameter list under its intro line, by name; None for any other list."""
    listed = optimizer_args_joined(lines)
    items = [LIST_ITEM.match(line.strip()) for line in listed if line.strip()]
    pairs = [m.group(1).split(":", 1) for m in items if m and ":" in m.group(1)]
    intro = [line for line in listed if line.strip() and not LIST_ITEM.match(line.strip())]
    # not a `- **Label:** value` fact list; a name as the renderer escapes it (`\\_\\_main\\_\\_.x`) is the name it shows
    named = all(HYPERPARAMETER.match(_unescape(k)) for k, _ in pairs)
    # the renderer writes the Trainer's intro line: another one ("... during DPO training:") stays text, and so
    # does a list without it: SetFit 1.x's `### Training Hyperparameters` under its "## Training Details",
    # which read as data moved under the renderer's "## Training procedure", an intro line written over it
    standard = [line.strip() for line in intro] == [HYPERPARAMETERS_INTRO]
    once = len({k.strip() for k, _ in pairs}) == len(pairs)  # a name listed twice (Luminia): text, not a dict
    if pairs and named and once and len(pairs) == sum(1 for m in items if m) and standard:
        return warmup_as_ratio({_unescape(k): _setting(_unescape(v)) for k, v in pairs})
    return None


def framework_versions(lines: list[str]) -> Optional[tuple[dict[str, str], bool]]:
    """The Trainer's or TRL's framework versions, by library, and whether they are written with TRL's colon; None for
    a list of another shape."""
    items = [LIST_ITEM.match(line.strip()) for line in lines if line.strip()]
    versions, colons = {}, set()
    for m in items:
        if m:
            name, _, version = _unescape(m.group(1)).rpartition(" ")  # (`- my\\_lib\\_ 1.0`: my_lib_)
            # TRL's `- TRL: 0.24.0`: the library is TRL, the colon its style; PEFT adds its own line to
            # TRL's list as PEFT writes it, `- PEFT 0.17.1` (a TRL card of an adapter: TRL 0.23)
            if name != "PEFT":
                colons.add(None if name == "PEFT:" else name.endswith(":"))
            name = name.removesuffix(":").rstrip()
            # Salesforce's xLAM card lists `- Transformers 4.46.1 (or later)`, which stays text
            # ("Transformers 4.46.1 (or": "later)")
            if name and VERSION.fullmatch(version):
                versions[name] = version
    # (a list mixing the two styles stays text, as written)
    if versions and len(versions) == len(items) and len(colons) <= 1 and None not in colons:
        return versions, colons == {True}
    return None
