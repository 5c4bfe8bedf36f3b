"""Whether a dataset a recipe names by a path of the ``org/name`` form is the Hub dataset of that id or a local file or
folder, as far as a card can know it.

Every tool decides it on the machine the run started on: a path that exists there is loaded from disk, else the Hub
dataset of that id (axolotl's ``Path(path).exists()`` before its Hub check, 0.1 to 0.18: utils/data.py, then
utils/data/shared.py's load_dataset_with_config; datasets' ``load_dataset``, which TRL, LLaMA-Factory and
open-instruct call with the name; LLaMA-Factory v1's DataEngine, ``os.path.exists``). Neither ``ds_type`` nor
``data_files`` tells it (axolotl reads ds_type only for a local, cloud or URL path, and data_files of a Hub dataset are
its files). A card knows only the folders here, those the run may have started in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from generator.io.files import present
from generator.sources.common import local_path

# The names projects give their own data folder (LLaMA-Factory's dataset_dir defaults to `data`): a path under one,
# found nowhere here (hgissbkh/translation-alignment's axolotl DPO recipe trains on `data/preference_data_...`, a
# folder its script writes and the repository does not hold), cannot be told from a Hub dataset of that namespace
DATA_FOLDERS = ("data", "dataset", "datasets")


def run_folders(recipe: Path) -> list[Path]:
    """The folders a run may have started in, against which the recipe's relative paths were read: the recipe's
    folder and its four parents (examples/train_lora/x.yaml in a checkout; LLaMA-Factory's web UI saves its
    saves/<model>/lora/<run>/training_args.yaml). A path found there is the local one the tools load first."""
    return [recipe.parent, *recipe.parent.parents][:5]


def local_dataset(value: str, recipe: Path, guess: bool = True) -> Optional[str]:
    """Why the path ``value``, a Hub dataset id in form, is taken for a local file or folder: "" when it is here (in
    the working folder or a run folder: the tools load it); the reason when it is not, but its first folder is here
    without it, or is named as a project's data folder (the card cannot tell; it lists no Hub dataset it cannot
    know of, and says so); None for the Hub dataset. ``guess`` False: the recipe declares it a Hub dataset
    (LLaMA-Factory's hf_hub_url), which only a path here overrides, as datasets' load_dataset would."""
    folders = [Path(), *run_folders(recipe)]
    if local_path(value, folders):
        return ""
    if not guess:
        return None
    first = value.split("/", 1)[0]
    beside = next((folder / first for folder in folders if present(folder / first) and (folder / first).is_dir()), None)
    if beside is not None:
        return (f"a folder {first}/ is beside the recipe ({beside}) without it (not committed, or written by a script "
                "before the run)")
    if first.lower() in DATA_FOLDERS:
        return (f"{first}/ is what a project names its own data folder; none is beside the recipe, so the card cannot "
                f"tell it from a Hub dataset of the namespace {first!r}")
    return None


__all__ = ["DATA_FOLDERS", "local_dataset", "run_folders"]
