"""Hugging Face AutoTrain's files: its README's template parts (below), and its training_params.json, the
parameters of an ``autotrain llm`` / ``text-classification`` / ... run (its pydantic params' JSON, written by
AutoTrainParams.save at the top of the project folder, beside the Trainer's files; the token taken out), read as the
run's dump of its training arguments under the Trainer's names, and for what the Trainer's files do not say: the
model trained from (``model``), the data (``data_path``: a Hub dataset id, or the ``<project>/autotrain-data`` folder
AutoTrain made of uploaded files), the repo it pushed to (``repo_id`` before 0.7, else ``username/project_name``),
the TRL trainer (``trainer``) and the quantization of a PEFT run. Its other tasks' files (DreamBooth's:
``image_path``, ``prompt``) are no transformers run."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from generator.sources.common import Ingested, hub_id, title_metric
from generator.sources.trainer_intro import hub_data
from generator.sources.trainer_model import model_id

AUTOTRAIN_PARAMS = "training_params.json"

# AutoTrain's names of the Trainer's arguments (every task's params, 0.6-0.8)
_NAMES = (("lr", "learning_rate"), ("epochs", "num_train_epochs"), ("batch_size", "per_device_train_batch_size"),
          ("gradient_accumulation", "gradient_accumulation_steps"), ("optimizer", "optim"),
          ("scheduler", "lr_scheduler_type"), ("warmup_ratio", "warmup_ratio"), ("weight_decay", "weight_decay"),
          ("max_grad_norm", "max_grad_norm"), ("seed", "seed"), ("max_seq_length", "max_seq_length"))
# Its LLM params hold the DPO/ORPO settings whatever the trainer (defaults for SFT): settings of those two alone
_PREFERENCE = (("dpo_beta", "beta"), ("max_prompt_length", "max_prompt_length"),
               ("max_completion_length", "max_completion_length"))
# ``trainer`` -> the method (``default`` / ``generic``: causal language modelling, no TRL method)
_METHODS = {"sft": "sft", "dpo": "dpo", "orpo": "orpo", "reward": "reward"}
_LOCAL_DATA = "autotrain-data"  # the folder AutoTrain writes the data it was given to, in the project's folder


def is_autotrain_params(data: Mapping[str, Any]) -> bool:
    """Whether a training_params.json holds AutoTrain's params of a run on text or tabular data (its
    ``project_name`` and ``data_path``: DreamBooth's, a diffusers run, has ``image_path``)."""
    return isinstance(data.get("project_name"), str) and "data_path" in data and "model" in data


def is_dreambooth_params(data: Mapping[str, Any]) -> bool:
    """Whether a training_params.json holds AutoTrain's DreamBooth params (a diffusers run on images and a prompt)."""
    return isinstance(data.get("project_name"), str) and "image_path" in data and "prompt" in data


def autotrain_args(params: Mapping[str, Any], result: Ingested, name: str = AUTOTRAIN_PARAMS,
                   readme: str = "") -> dict[str, Any]:
    """The training arguments of AutoTrain's params ``params`` (file ``name``) under the Trainer's names (a
    training_args.bin beside them wins where both are); the base model, datasets, repo id, method and a PEFT run's
    quantization (``load_in_4bit`` / ``load_in_8bit``, for the caller to list after the Trainer's) into the records,
    each where no file read before named it. ``readme``: the folder's README.md, whose own repo id under the same
    user (a repo renamed after the push: ydideh810/CosmoSpeak-) is left to win over username/project_name."""
    args = {new: params[old] for old, new in _NAMES if params.get(old) is not None}
    trainer = params.get("trainer")
    method = _METHODS.get(trainer) if isinstance(trainer, str) else None
    if method in ("dpo", "orpo"):
        args.update({new: params[old] for old, new in _PREFERENCE if params.get(old) is not None})
    precision = params.get("mixed_precision")
    if precision in ("fp16", "bf16"):
        args[precision] = True
    elif params.get("fp16") is True:  # 0.6's flag
        args["fp16"] = True
    model = result.data.setdefault("model", {})
    base = model_id(params.get("model"))
    if base:
        model.setdefault("base_model", base)
    _datasets(params.get("data_path"), name, result)
    repo = _repo_id(params, readme)
    if repo and "repo_id" not in model:
        model["repo_id"] = repo
        if not hub_id(params.get("repo_id"), folders=()):
            result.warn(f"{name}: $.username", f"names no repo_id: the model's repo id {repo!r} is the one AutoTrain "
                        "pushes to (username/project_name)", "pass --repo-id ORG/NAME if the model is elsewhere",
                        code="repo-id-from-autotrain")
    if method:
        result.data.setdefault("training", {}).setdefault("method", method)
    bits = _quantized_bits(params)
    if bits:
        args[f"load_in_{bits}bit"] = True
    return args


def _datasets(path: Any, name: str, result: Ingested) -> None:
    """``data_path``: a Hub dataset id is the model's data; AutoTrain's own copy of uploaded files
    (``<project>/autotrain-data``) or a local path is named in a warning."""
    data = hub_data(path) if isinstance(path, str) and not path.endswith("/" + _LOCAL_DATA) else None
    if data:
        model = result.data.setdefault("model", {})
        if data not in model.setdefault("datasets", []):
            model["datasets"].append(data)
    elif isinstance(path, str) and path.strip() and not result.data.get("model", {}).get("datasets"):
        shown = path if len(path) <= 80 else path[:77] + "..."
        result.warn(f"{name}: $.data_path", f"names {shown!r}, "
                    + ("the folder AutoTrain copied the uploaded data to" if path.endswith(_LOCAL_DATA) else
                       "no Hub dataset") + ": the card names no training data",
                    "set model.datasets in your records to the Hub ids of the data the model was trained on",
                    code="not-a-hub-id")


def _repo_id(params: Mapping[str, Any], readme: str) -> Optional[str]:
    """The repo the run pushed to: ``repo_id`` (AutoTrain 0.6), else ``username/project_name`` (0.7+), when
    ``push_to_hub`` and ``readme`` names no other repo of that user."""
    given = hub_id(params.get("repo_id"), folders=())  # (repos pushed to, never paths read)
    if given:
        return given
    user, project = params.get("username"), params.get("project_name")
    if params.get("push_to_hub") is not True or not isinstance(user, str) or not isinstance(project, str):
        return None
    repo = hub_id(f"{user}/{project}", folders=())
    named = {m.lower() for m in re.findall(re.escape(user) + r"/([\w.-]{1,96})", readme[:_README_READ], re.I)}
    return repo if repo and not named - {project.lower()} else None


_README_READ = 200_000  # the README's characters looked at for a repo id of its own


def _quantized_bits(params: Mapping[str, Any]) -> Optional[int]:
    """4 or 8 when the run trained a PEFT adapter on the base model loaded in that many bits (``quantization`` int4 /
    int8; 0.6's ``use_int4`` / ``use_int8``); AutoTrain ignores the setting without PEFT."""
    if params.get("peft") is not True and params.get("use_peft") is not True:
        return None
    quantization = params.get("quantization")
    if quantization in ("int4", "int8"):
        return int(quantization[3])
    return 4 if params.get("use_int4") is True else 8 if params.get("use_int8") is True else None


# AutoTrain's README (its MODEL_CARD templates, 0.6-0.8): this title over the tool's line or "- Problem type: X", a
# "# Usage" of code loading "PATH_TO_THIS_REPO" (the LLM trainers'), and, of its classifiers and seq2seq, a
# "## Validation Metrics" of the final evaluation's ``name: value`` lines (its eval_ keys less the prefix)
AUTOTRAIN_TITLE = "Model Trained Using AutoTrain"  # names no model: the template's, the same for every run
_TITLE = f"# {AUTOTRAIN_TITLE}"
_USAGE = 'model_path = "PATH_TO_THIS_REPO"'


def is_autotrain_card(text: str) -> bool:
    """Whether a README (``text``: its head) is AutoTrain's card: its first heading is the template's title, or its
    "# Usage" over the template's code (lexcsam/CProj-GPT's README, that Usage alone). A person's card that took
    AutoTrain's text in below a title of its own (ydideh810/CosmoSpeak-) is theirs."""
    body = text.lstrip("\ufeff")
    if body.startswith("---"):
        end = body.find("\n---", 3)
        body = body[end + 4:] if end > 0 else body
    first = next((line.strip() for line in body.splitlines()[:400] if line.lstrip().startswith("#")), "")
    return first == _TITLE or first == "# Usage" and is_autotrain_usage(body[:8192])


_METRIC_LINE = re.compile(r"([A-Za-z_][\w .-]{0,80}):[ \t]*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")


def is_autotrain_usage(text: str) -> bool:
    """Whether a "Usage" section is AutoTrain's template, its code loading the placeholder "PATH_TO_THIS_REPO"."""
    return _USAGE in text


def autotrain_metrics(text: str) -> Optional[dict[str, float]]:
    """The numbers of AutoTrain's "Validation Metrics" section ``text`` (only ``name: value`` lines, blank lines
    between), by name; None for any other text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = [_METRIC_LINE.fullmatch(line) for line in lines[:500]]
    if not lines or len(lines) > 500 or not all(found):
        return None
    return {m.group(1).strip(): float(m.group(2)) for m in found if m}


def autotrain_results(text: str) -> Optional[dict[str, float]]:
    """The run's final results of AutoTrain's "Validation Metrics" section ``text``, named as the Trainer names its
    eval_ keys (f1_macro: F1 Macro), as the run's log names them in the training results' columns; None for any
    other text."""
    metrics = autotrain_metrics(text)
    return None if metrics is None else {title_metric(f"eval_{name}"): value for name, value in metrics.items()}
