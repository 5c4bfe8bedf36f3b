"""`modelcard init`: a commented records file to start from.

Every field of the records schema appears with its schema ``description`` as a comment
(so the comments never drift from the schema). The required values hold placeholders
marked ``change me``, which the loader refuses (code ``placeholder``) until they are
replaced; apart from them the file as written is valid, and so is each example
uncommented. Optional fields are commented out with an example value, and with a Trainer
folder the fields read from it (through :func:`generator.build.ingest`) are written
uncommented.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import Any, Optional, Union

from generator.errors import GeneratorError, Problem, UsageError
from generator.io.yamlio import dump, reads_as_non_string
from generator.records.placeholders import PLACEHOLDER_LICENSE, PLACEHOLDER_REPO_ID
from generator.records.schemas_export import bundled_schema, resolve_ref

PathLike = Union[str, os.PathLike]

WIDTH = 100
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./+-]*")

# Values a written file needs; they stay uncommented, marked `change me`, when no source gives them.
PLACEHOLDERS: dict[str, tuple[Any, str]] = {
    "model.repo_id": (PLACEHOLDER_REPO_ID, "change me: your model's Hub repo id"),
    "model.license": (PLACEHOLDER_LICENSE, "change me: your model's license, e.g. apache-2.0"),
}

# Example values of the commented-out fields, by path (`[]` stands for a list item). Fields
# without one get a value made from their schema; the tests check every example is valid.
EXAMPLES: dict[str, Any] = {
    "model.name": "Your Model",
    "model.model_index_name": PLACEHOLDER_REPO_ID,
    "model.summary": "A short description of the model: what it is for and how it was made.\n",
    "model.image.url": "https://example.com/banner.png",
    "model.image.alt": "Banner of the model",
    "model.base_model": "your-org/your-base-model",
    "model.license_name": "your-license",
    "model.license_link": "LICENSE",
    "model.language": ["en"],
    "model.datasets": ["your-org/your-dataset"],
    "model.dataset_revisions": {"your-org/your-dataset": "v1.0"},
    "model.dataset_details": {"your-org/your-dataset": "split train_prefs"},
    "model.tags": ["trl", "sft"],
    "model.pipeline_tag": "text-generation",
    "model.library_name": "transformers",
    "model.metadata": {"new_version": "your-org/your-model-v2"},
    "model.generation": {"do_sample": True, "temperature": 0.6, "top_p": 0.9, "eos_token_id": [128001, 128009]},
    "model.details": {"Developed by": "Your Organization", "Model type": "Causal language model"},
    "model.links": {"Repository": "https://github.com/your-org/your-repo"},
    "model.card_source.blob": "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",  # written by `modelcard ingest`, not by hand
    "model.card_source.read": "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",  # the same
    "training.method": "sft",
    "training.description": "Fine-tuned on your-org/your-dataset for three epochs.\n",
    "training.hyperparameters": {"learning_rate": 2.0e-05, "train_batch_size": 8, "num_epochs": 3},
    "training.eval_results": {"Loss": 0.69, "Accuracy": 0.81},
    "training.eval_results_of": "the best checkpoint, step 200, evaluated after training",
    "training.eval_sets": {"eval": {"dataset": "your-org/your-eval-dataset", "split": "validation",
                                    "task": {"type": "text-generation", "name": "Text Generation"}}},
    "training.statistics": {"Global step": 250, "Best checkpoint": "checkpoint-200"},
    "training.heading": "Training procedure",
    "training.hyperparameters_heading": "Training hyperparameters",
    "training.own_arguments.class": "llava.train.train.TrainingArguments",
    "training.own_arguments.values": {"lora_r": 128, "model_max_length": 2048},
    "training.results_intro": "The table below shows the evaluations during training:",
    "training.results_heading": False,
    "training.versions_colon": False,
    "training.results[].training_loss": 0.69,
    "training.results[].epoch": 1.0,
    "training.results[].step": 100,
    "training.results[].validation_loss": 0.68,
    "training.results[].metrics": {"Rewards/accuracies": 0.61},
    "training.hardware": "8x H100 80GB",
    "training.training_time": "about 2 hours",
    "training.framework_versions": {"Transformers": "4.46.0", "PyTorch": "2.5.0", "TRL": "0.12.0"},
    "training.decimals": 4,
    "evaluations[].id": "arc",
    "evaluations[].benchmark": "AI2 Reasoning Challenge (25-Shot)",
    "evaluations[].task.type": "text-generation",
    "evaluations[].task.name": "Text Generation",
    "evaluations[].dataset.id": "allenai/ai2_arc",
    "evaluations[].dataset.config": "ARC-Challenge",
    "evaluations[].dataset.split": "test",
    "evaluations[].dataset.revision": "main",
    "evaluations[].dataset.args": {"max_length": 2048},
    "evaluations[].dataset.task_id": "arc_challenge",
    "evaluations[].few_shot": 25,
    "evaluations[].metrics[].type": "acc_norm",
    "evaluations[].metrics[].name": "normalized accuracy",
    "evaluations[].metrics[].value": 41.3,
    "evaluations[].metrics[].text": "41.3 ± 1.2",
    "evaluations[].metrics[].stderr": 1.4,
    "evaluations[].metrics[].higher_is_better": True,
    "evaluations[].metrics[].config": "default",
    "evaluations[].metrics[].args": {"batch_size": 8},
    "evaluations[].metrics[].verified": False,
    "evaluations[].metrics[].verify_token": "eyJhbGciOiJFZERTQSJ9.invented.signature",
    "evaluations[].metrics[].decimals": 2,
    "evaluations[].metrics[].values": [0.41, 0.4, 0.43],
    "evaluations[].source.name": "Open LLM Leaderboard",
    "evaluations[].source.url": "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    "evaluations[].source.user": "alice",
    "evaluations[].source.org": "open-llm-leaderboard",
    "evaluations[].group": "Reasoning",
    "evaluations[].version": 1,
    "evaluations[].model_index": True,
    "evaluations[].date": "2024-05-01",
    "evaluations[].notes": "lm-evaluation-harness v0.4.2, batch size 8.",
    "evaluations[].verify_token": "eyJhbGciOiJFZERTQSJ9.invented.signature",
    "evaluations[].eval_results_file": "arc_challenge.yaml",
    "evaluations[].eval_results_blob": "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",  # written by `modelcard ingest`
    "evaluations[].decimals": 2,
    "groups[].name": "Reasoning",
    "groups[].average_of": ["acc_norm", "acc"],
    "groups[].decimals": 2,
    "groups[].show_average": True,
    "leaderboards[].source": "Open LLM Leaderboard",
    "leaderboards[].title": "Open LLM Leaderboard Evaluation Results",
    "leaderboards[].url": "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    "leaderboards[].details_url": "https://huggingface.co/datasets/open-llm-leaderboard/details",
    "leaderboards[].details_period": True,
    "leaderboards[].level": 2,
    "leaderboards[].average": 41.3,
    "leaderboards[].average_label": "Average",
    "leaderboards[].average_decimals": 2,
    "comparisons[].title": "Compared with the base model",
    "comparisons[].description": "Scores of the base model as reported on its card.",
    "comparisons[].columns[].label": "ARC",
    "comparisons[].columns[].from.evaluation": "arc",
    "comparisons[].columns[].from.metric": "acc_norm",
    "comparisons[].columns[].from.group": "Reasoning",
    "comparisons[].columns[].higher_is_better": True,
    "comparisons[].columns[].average": True,
    "comparisons[].columns[].decimals": 1,
    "comparisons[].columns[].url": "https://arxiv.org/abs/1803.05457",
    "comparisons[].rows[].self": True,
    "comparisons[].rows[].model": "your-org/your-base-model",
    "comparisons[].rows[].label": "Base model",
    "comparisons[].rows[].url": "https://huggingface.co/your-org/your-base-model",
    "comparisons[].rows[].scores": {"ARC": 39.9},
    "comparisons[].bold_best": True,
    "comparisons[].average": False,
    "comparisons[].average_label": "Average",
    "comparisons[].transpose": False,
    "comparisons[].decimals": 2,
    "comparisons[].url": "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    "citations[].bibtex": "@article{rafailov2023dpo,\n  title={Direct Preference Optimization},\n  year={2023}\n}\n",
    "citations[].label": "DPO paper:",
    "sections[].title": "Intended uses",
    "sections[].content": "What the model is for, and what it is not for.\n",
    "sections[].file": "intended-uses.md",
    "sections[].position": "uses",
    "sections[].level": 2,
    "original.records": "original",
    "original.card": "original/README.md",
    "original.heading": "Original model card",
    "original.inherit_metadata": False,
}

# The keys each example list item shows (default: one item with every key).
ITEM_KEYS: dict[str, list[list[str]]] = {
    "comparisons[].rows": [["self"], ["model", "label", "url", "scores"]],
}

# Fields that exclude another one: shown commented out even inside an example, with what they replace.
EXCLUSIVE: dict[str, str] = {
    "comparisons[].columns[].from.group": "evaluation and metric",
    "evaluations[].metrics[].values": "value, text, stderr and decimals",
}

# Fields that need another example, or that a card leaves to the Hub: commented out even inside an example,
# so that each example uncommented alone is valid; the note says when to uncomment them.
NESTED: dict[str, str] = {
    "evaluations[].group": "Uncomment with the groups example. ",
    "evaluations[].metrics[].verified": "",
    "evaluations[].metrics[].verify_token": "",
    "evaluations[].metrics[].decimals": "",
    "evaluations[].verify_token": "",
    "evaluations[].eval_results_blob": "",
    "comparisons[].columns[].from": "Uncomment with the evaluations example. ",
}

# Examples that only make sense with another one: their note says which.
WITH: dict[str, str] = {
    "model.base_model_relation": "Uncomment with base_model. ",
    "model.dataset_revisions": "Uncomment with datasets. ",
    "model.dataset_details": "Uncomment with datasets. ",
    "groups": "Uncomment with the evaluations example and its group: line. ",
    "leaderboards": "Uncomment with the evaluations example. ",
}


def _is_object(node: dict) -> bool:
    return isinstance(node, dict) and "properties" in node


def _fallback(node: dict) -> Any:
    """An example value made from a schema, for a field without one in EXAMPLES."""
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind is None and node.get("oneOf"):
        return _fallback(node["oneOf"][0])
    return {"boolean": False, "integer": node.get("minimum", 0), "number": 0.0, "object": {}, "array": [],
            "string": "..." if node.get("minLength") else ""}.get(kind or "string", "")


def _literal_ok(text: str) -> bool:
    lines = text.rstrip("\n").split("\n")
    return ("\n" in text.rstrip("\n") or text.endswith("\n")) and not text.endswith("\n\n") and \
        all(ch.isprintable() or ch == "\n" for ch in text) and not lines[0].startswith(" ") and \
        all(line == line.rstrip() for line in lines) and bool(lines[0])


def _flow_list(value: Any) -> Optional[str]:
    """A short list of plain words as ``[a, b]``; None for anything else."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and _PLAIN.fullmatch(v) and
                                                            not reads_as_non_string(v) for v in value):
        return None
    text = "[" + ", ".join(value) + "]"
    return text if len(text) <= 60 else None


def _key(key: str) -> str:
    """``key`` as YAML writes it (quoted when it has to be)."""
    return dump({key: None}).rstrip("\n")[: -len(": null")]


def _value_lines(key: str, value: Any, indent: int, note: str = "") -> list[str]:
    """``key: value`` as YAML lines at ``indent`` (multi-line strings as literal blocks)."""
    pad = " " * indent
    if isinstance(value, str) and _literal_ok(value):
        head = f"{pad}{_key(key)}: {'|' if value.endswith(chr(10)) else '|-'}"
        return [head + (f"  # {note}" if note else "")] + \
            [(pad + "  " + line) if line else "" for line in value.rstrip("\n").split("\n")]
    flow = _flow_list(value)
    lines = [f"{pad}{_key(key)}: {flow}"] if flow else \
        [pad + line for line in dump({key: value}).rstrip("\n").split("\n")]
    if note:
        lines[0] += f"  # {note}"
    return lines


def _comment(lines: list[str], column: int) -> list[str]:
    """Comment lines out by putting ``# `` at ``column`` (what an editor's toggle-comment undoes)."""
    return [(line[:column] + "# " + line[column:]) if line.strip() else " " * column + "#" for line in lines]


def _described(node: dict, root: dict) -> str:
    text = node.get("description", "")
    if node.get("type") == "array" or "items" in node:
        item = resolve_ref(root, node.get("items", {}))
        if item.get("description") and item.get("description") != text:
            text = f"{text} Each item: {item['description']}".strip()
    if "enum" in node:
        text += " One of: " + ", ".join(str(v) for v in node["enum"]) + "."
    return text


_LOOKS_LIKE_KEY = re.compile(r"[a-z_][a-z0-9_-]*:( |$)")  # how a commented-out example's first line starts


class _Writer:
    def __init__(self, root: dict, uncomment: bool = False):
        self.root = root
        self.uncomment = uncomment  # for tests: every example written active

    def comment(self, lines: list[str], column: int) -> list[str]:
        return lines if self.uncomment else _comment(lines, column)

    def describe(self, node: dict, indent: int, prefix: str = "") -> list[str]:
        text = prefix + _described(node, self.root)
        wrapped = textwrap.wrap(text, width=max(40, WIDTH - indent - 2), break_long_words=False,
                                break_on_hyphens=False)
        for i in range(1, len(wrapped)):
            if _LOOKS_LIKE_KEY.match(wrapped[i]) and " " in wrapped[i - 1]:
                # a description line starting `word:` would read as an example to uncomment: carry a word down
                wrapped[i - 1], word = wrapped[i - 1].rsplit(" ", 1)
                wrapped[i] = f"{word} {wrapped[i]}"
        return [" " * indent + "# " + line for line in wrapped]

    def exclusive(self, node: dict) -> dict[str, str]:
        """Keys of ``node`` that exclude another (the later options of a oneOf of required keys)."""
        out = {}
        options = [o.get("required", []) for o in node.get("oneOf", []) if isinstance(o, dict)]
        for keys in options[1:]:
            for key in keys:
                out[key] = " and ".join(options[0])
        return out

    def fields(self, node: dict, path: str, data: Optional[dict], indent: int, example: bool,
               only: Optional[list[str]] = None) -> list[str]:
        """The lines of an object's fields: found in ``data`` (active), placeholders, or examples."""
        lines: list[str] = []
        required = set(node.get("required", []))
        exclusive = self.exclusive(node)
        for key, raw in node.get("properties", {}).items():
            if only is not None and key not in only:
                continue
            sub = resolve_ref(self.root, raw)
            here = f"{path}.{key}" if path else key
            replaces = exclusive.get(key) or EXCLUSIVE.get(here)
            prefix = ("Required. " if key in required else "") + (f"Instead of {replaces}: " if replaces else "") \
                + NESTED.get(here, "") + WITH.get(here, "")
            if indent == 0 and lines:
                lines.append("")
            if data is not None and key in data:
                lines += self.describe(sub, indent, prefix)
                value = data[key]
                if _is_object(sub) and isinstance(value, dict):
                    lines.append(" " * indent + f"{_key(key)}:")
                    lines += self.fields(sub, here, value, indent + 2, example=False)
                else:
                    lines += _value_lines(key, value, indent)
                continue
            if not example and here in PLACEHOLDERS:
                value, note = PLACEHOLDERS[here]
                lines += self.describe(sub, indent, prefix)
                lines += _value_lines(key, value, indent, note)
                continue
            if replaces and self.uncomment:
                continue  # an alternative: the example shows the first option
            shown = self.example(key, sub, here, indent)
            lines += self.describe(sub, indent, prefix)
            lines += self.comment(shown, indent) if (not example or replaces or here in NESTED) else shown
        if data is not None:  # keys the schema does not know (the loader will say so): kept as read
            for key, value in data.items():
                if key not in node.get("properties", {}):
                    lines += _value_lines(key, value, indent)
        return lines

    def example(self, key: str, node: dict, path: str, indent: int) -> list[str]:
        """``key`` with an example value, every nested field described."""
        pad = " " * indent
        if _is_object(node):
            return [f"{pad}{_key(key)}:"] + self.fields(node, path, None, indent + 2, example=True)
        item = resolve_ref(self.root, node.get("items", {}))
        if _is_object(item):
            lines = [f"{pad}{_key(key)}:"]
            for keys in ITEM_KEYS.get(path, [list(item["properties"])]):
                body = self.fields(item, path + "[]", None, indent + 4, example=True, only=keys)
                first = next(i for i, line in enumerate(body) if line[indent + 4] != "#")
                body[first] = pad + "  - " + body[first][indent + 4:]
                lines += body
            return lines
        return _value_lines(key, EXAMPLES[path] if path in EXAMPLES else _fallback(node), indent)

    def document(self, data: dict, header: list[str]) -> str:
        lines = header + [""] + self.fields(self.root, "", data, 0, example=False)
        return "\n".join(line.rstrip() for line in lines) + "\n"


HEADER = """\
Records of one model, for `modelcard render records.yaml -o README.md`
(or `modelcard build --records records.yaml ...`). Written by `modelcard init`.
Replace the values marked `change me`. Optional fields are commented out with an
example value: uncomment the ones you need (remove one `# ` from each line of the
block) and delete the rest. A field left out is left out of the card.
Every field is described in docs/records.md of modelcard-generator. For completion
and checking in your editor: `modelcard schema --bundle -o records.schema.json`, then
make this the first line of the file:
  # yaml-language-server: $schema=records.schema.json"""


def scaffold_text(trainer_dir: Optional[PathLike] = None, repo_id: Optional[str] = None,
                  uncomment: bool = False) -> str:
    """The text ``init_records`` writes (``uncomment=True``: every example active, for tests)."""
    data: dict[str, Any] = {"model": {"repo_id": repo_id} if repo_id else {}}
    header = HEADER.split("\n")
    if trainer_dir is not None:
        from generator.sources.pipeline import ingest

        try:
            got = ingest(trainer_dir=trainer_dir, repo_id=repo_id)
        except UsageError as exc:  # the run does not name its Hub repo (no hub_model_id): use the placeholder
            if repo_id or not any(p.path == "$.model.repo_id" for p in exc.problems):
                raise
            got = ingest(trainer_dir=trainer_dir, repo_id=PLACEHOLDER_REPO_ID)
            got.data["model"].pop("repo_id")
        data = dict(got.data)
        data.setdefault("model", {})
        header += ["", f"Prefilled from the Trainer output folder {os.fspath(trainer_dir)}: the fields read from it "
                   "are uncommented; check them, the card shows them as written here."]
        header += [str(problem) for problem in got.warnings]
    root = bundled_schema("records")
    head = [("# " + line).rstrip() for text in header
            for line in (textwrap.wrap(text, WIDTH - 2, break_long_words=False, break_on_hyphens=False)
                         if len(text) > WIDTH - 2 else [text])]
    return _Writer(root, uncomment).document(data, head)


def _check_target(output: Path, force: bool) -> None:
    name = os.fspath(output)
    if output.is_dir():
        raise UsageError([Problem(name, "", "is a directory", "give the path of the records file to write, "
                                  "e.g. -o records.yaml", code="is-a-directory")])
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise UsageError([Problem(name, "", f"folder {str(output.parent)!r} does not exist", "create it first",
                                  code="no-such-file")])
    from generator.io.files import check_output_target

    check_output_target(output, "write to a regular file, or use -o - for standard output")
    if (output.exists() or output.is_symlink()) and not force:
        raise UsageError([Problem(name, "", "already exists", "pass --force to overwrite it, or write elsewhere "
                                  "with -o", code="file-exists")])


def init_records(output: Optional[PathLike] = "records.yaml", trainer_dir: Optional[PathLike] = None,
                 repo_id: Optional[str] = None, force: bool = False) -> str:
    """Write a commented records file to start from, and return its text.

    ``output=None`` writes nothing. An existing file is refused (UsageError) unless
    ``force``. With ``trainer_dir`` the fields a transformers / TRL output folder gives are
    filled in. The text is checked to load as records before anything is written.
    """
    from generator.io.files import atomic_write
    from generator.io.yamlio import parse_yaml
    from generator.records.loader import records_from_data
    from generator.records.schema import validate

    target = Path(output) if output is not None else None
    if target is not None:
        _check_target(target, force)
    if repo_id is not None:
        problems = validate("model", {"repo_id": repo_id})
        if problems:
            raise UsageError([Problem("--repo-id", "", f"{repo_id!r} is not a Hub repo id",
                                      "write it as ORG/NAME, e.g. acme/tiny-llama-dpo", code="not-a-hub-id")])
    text = scaffold_text(trainer_dir, repo_id)
    name = os.fspath(target) if target is not None else "records.yaml"
    try:
        records_from_data(parse_yaml(text, name), name=name, base_dir=target.parent if target is not None else ".")
    except GeneratorError as exc:  # the placeholders are there for the user to replace; anything else is not
        rest = [p for p in exc.problems if p.code != "placeholder"]
        if rest:
            raise type(exc)(rest) from None
    if target is not None:
        atomic_write(target, text)
    return text
