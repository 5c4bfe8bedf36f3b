"""What a PEFT adapter's saved weights say without loading a tensor: each weight's name and shape (the JSON header of
adapter_model.safetensors, or PEFT's adapter_model.bin of before 0.6 read as data) and the label count of the
classifier head saved with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.io.files import loads_json
from generator.sources.training_args import tensor_shapes

ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_WEIGHTS_BIN = "adapter_model.bin"
# The head modules PEFT's PeftModelForSequenceClassification / ForTokenClassification save when its config names none
_HEAD_MODULES = ("classifier", "score")
_MAX_HEADER = 100_000_000  # the safetensors format's own limit on its JSON header


def saved_shapes(folder: Path) -> Optional[dict[str, Any]]:
    """Each weight the adapter saved and its shape: the JSON header of adapter_model.safetensors (no weights read), else
    the state dict of adapter_model.bin, as PEFT saved it before 0.6, read as data (training_args.tensor_shapes: no
    tensor loaded). None when there is none to read: no file, a Git LFS pointer, a cut-off or foreign file."""
    if not (folder / ADAPTER_WEIGHTS).is_file() and (folder / ADAPTER_WEIGHTS_BIN).is_file():
        return tensor_shapes(folder / ADAPTER_WEIGHTS_BIN)
    try:
        with (folder / ADAPTER_WEIGHTS).open("rb") as handle:
            size = int.from_bytes(handle.read(8), "little")
            header = loads_json(handle.read(size)) if 2 <= size <= _MAX_HEADER else None
    except (OSError, ValueError):  # (a header nested past Python's limit too: io.files.loads_json)
        return None
    if not isinstance(header, dict):
        return None
    return {key: tensor.get("shape") for key, tensor in header.items() if key != "__metadata__" and isinstance(tensor, dict)}


def head_labels(folder: Path, config: dict[str, Any]) -> Optional[int]:
    """The number of labels of the classifier head a SEQ_CLS / TOKEN_CLS adapter saved with it (PEFT saves the
    modules of ``modules_to_save``, classifier and score by default, whole), read from the JSON header of
    adapter_model.safetensors (its tensors' shapes; no weights read): the out features of the head's last linear
    layer, the one 2-D weight whose outputs no other layer of the saved head takes (RoBERTa's classifier.dense
    [768, 768] feeds classifier.out_proj [5, 768]: 5, paulohenriquecrs/RoBERTa_SEQ_CLS_LoRA_Portuguese; DistilBERT's
    pre_classifier, which PEFT's suffix match saves too, feeds classifier [2, 768]: Tashu014/lora-imdb-distilbert);
    PEFT's adapter_model.bin of before 0.6 read the same way. None when no weights can be read (absent, a Git LFS
    pointer) or the head's last layer is not one certain weight: the base would not load with a count that is a
    guess."""
    listed = config.get("modules_to_save")
    names = [name for name in listed if isinstance(name, str) and name] if isinstance(listed, list) else \
        list(_HEAD_MODULES) if listed is None else []
    saved = saved_shapes(folder)
    if saved is None or not names:
        return None
    weights = []
    for key, shape in saved.items():
        parts = key.split(".")
        # PEFT matches a module whose name ends with an entry (pre_classifier for classifier); with bias="all" it
        # also saves its wrapper's copies (modules_to_save.<name>, original_module), which are not the head's layers
        if parts[-1] != "weight" or "original_module" in parts or "modules_to_save" in parts or \
                any(part.startswith("lora_") for part in parts):
            continue
        head = any(".".join(parts[:end]).endswith(name) for name in names for end in range(1, len(parts)))
        if head and isinstance(shape, list) and len(shape) == 2 and all(isinstance(n, int) and n > 0 for n in shape):
            weights.append(shape)
    last = [shape for shape in weights if not any(shape[0] == other[1] for other in weights if other is not shape)]
    return last[0][0] if len(last) == 1 else None
