"""Where a run's files are read from: a file at the top of the output folder that stands in for itself (a Git LFS
pointer, an empty file) gives way to the last checkpoint's real copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from generator.errors import Problem
from generator.sources.common import Ingested, read_json_object
from generator.sources.trainer_autotrain import AUTOTRAIN_PARAMS
from generator.sources.trainer_swift import SWIFT2_ARGS
from generator.sources.training_args import LFS_POINTER, empty_file_problem, lfs_pointer_problem


def stand_in(path: Path) -> str:
    """What stands in for the run's file at ``path``: "a Git LFS pointer" (a clone without its LFS content), "empty"
    (committed with nothing in it, as a placeholder or by a failed upload), or "" when it is the file itself or
    there is none."""
    if not path.is_file():
        return ""
    with path.open("rb") as file:
        head = file.read(len(LFS_POINTER))
    return "a Git LFS pointer" if head == LFS_POINTER else "empty" if not head else ""


def stand_in_problem(path: Path, kind: str, lost: str, label: str = "") -> Problem:
    """The warning for the run's file at ``path`` that :func:`stand_in` names ``kind``, ``lost`` saying what the card
    does without it; ``label``: the file as the warning names it (default: its name)."""
    if kind == "empty":
        return empty_file_problem(label or path.name, path.name, lost)
    return lfs_pointer_problem(label or path.name, path.name, lost)


# The files a saved tokenizer or its chat template leaves (save_pretrained of every transformers version writes
# tokenizer_config.json; chat_template.jinja / .json since 4.43-4.50)
TOKENIZER_FILES = ("tokenizer_config.json", "tokenizer.json", "chat_template.jinja", "chat_template.json")


def run_label(path: Path, result: Ingested) -> str:
    """The run's file at ``path`` as a warning of ``result`` (read from the run's folder) names it: its path in the
    folder, ``checkpoint-60/training_args.bin`` for a checkpoint's copy read in the top's place."""
    try:
        return path.relative_to(result.source).as_posix()
    except ValueError:
        return path.name


def run_file_folder(folder: Path, checkpoint: Optional[str], name: str, result: Ingested) -> Path:
    """The folder to read the run's file ``name`` from: the top's, else (missing there) the checkpoint's. A top file
    that stands in for itself (a Git LFS pointer, an empty file) gives way to the checkpoint's real copy, with a
    warning naming both files; when the copy is a stand-in too, the top's is read (and named as one)."""
    top = folder / name
    kind = stand_in(top)  # each a file opened: asked once
    if top.exists() and not kind or not checkpoint:
        return folder
    copy = folder / checkpoint / name
    if not top.exists():
        return folder / checkpoint
    if copy.is_file() and not stand_in(copy):
        pointer = kind != "empty"
        result.warn(name, f"is {kind}, not the file itself; read {checkpoint}/{name}, the copy the last "
                    "checkpoint holds, instead", (f"run `git lfs pull` to fetch the real {name}" if pointer else
                                                  f"commit the real {name}") + " if the run went on after that "
                    "checkpoint", code="lfs-pointer-fallback" if pointer else "empty-file-fallback")
        return folder / checkpoint
    return folder


def read_run_json(path: Path, result: Ingested, empty: bool = True) -> dict[str, Any]:
    """A JSON file of the run; empty, with a warning, when it is a stand-in for itself: a Git LFS pointer (a clone
    without its LFS content, of a repository that keeps its JSON files in LFS too) or (``empty``) an empty file;
    without ``empty``, an empty file is refused by read_json_object (empty-file) for the caller to report."""
    kind = stand_in(path)
    if kind and (empty or kind != "empty"):
        problem = stand_in_problem(path, kind, "what it holds is left out of the card", run_label(path, result))
        result.warn(problem.file, problem.message, problem.fix, code=problem.code)
        return {}
    writer = {SWIFT2_ARGS: "ms-swift", AUTOTRAIN_PARAMS: "AutoTrain"}.get(path.name, "transformers")
    return read_json_object(path, str(path), f"{writer} writes {path.name} as an object: this one is another "
                            "tool's file (or a hand-made one); move it out of the run's folder")
