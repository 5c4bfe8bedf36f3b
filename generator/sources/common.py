"""What every source reader returns, and small helpers they share."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, Optional, Sequence, Union
from urllib.parse import unquote

from generator.errors import InputError, Problem
from generator.io.files import load_data_file, present
from generator.records.hubrules import merge_identity
from generator.records.model import name_shots
from generator.resources import PACKAGE_DIR, hub_list
from generator.sources.training_args import LFS_POINTER, lfs_pointer_problem

# (a name of at most 96 characters, as huggingface_hub's validate_repo_id; the namespace as long at most, which a path
# check of a longer string would fail on: OSError "File name too long")
HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
# `datasets` loaders for local files: a dataset_path naming one of these is not a Hub dataset (`image_folder`: the
# ImageFolder builder's name in datasets 2.0-2.2, which transformers' cards of then name as their dataset)
FILE_LOADERS = frozenset({"json", "csv", "parquet", "text", "arrow", "pandas", "imagefolder", "audiofolder",
                          "videofolder", "webdataset", "xml", "hdf5", "sql", "generator", "spark", "conll", "lance",
                          "image_folder"})
# Suffixes of a data file: a path ending in one (`data/train.jsonl`) names a local file, not a Hub dataset
DATA_FILES = (".json", ".jsonl", ".csv", ".tsv", ".parquet", ".arrow", ".txt", ".zip", ".gz")


@dataclass(frozen=True)
class RecipeEvalSet:
    """What a recipe says of the run's one eval set: its Hub dataset (``entry``, as ``training.eval_sets`` holds it),
    or ``why`` it names none with certainty; ``keys``: the recipe's keys that say so (each with what it says, when
    that is more than its value), the first the warning's field path. ``by_set``: what it says of each set a run
    names by a name the recipe gives (LLaMA-Factory's eval_dataset names, each its own set with
    eval_on_each_dataset), for a run whose sets are so named."""

    keys: tuple[str, ...]
    entry: Optional[dict[str, str]] = None
    why: Optional[str] = None
    by_set: tuple[tuple[str, "RecipeEvalSet"], ...] = ()


@dataclass
class Ingested:
    """Record data read from one source, in the shape of schemas/records.schema.json."""

    source: str  # the file or folder read
    format: str
    data: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    # The name the tool gave the model (a Trainer's output_dir name, which titles the card it writes): the card's
    # title only when no source names the model or its repo.
    title: Optional[str] = None
    # Of a results file: each evaluation's id -> the path of the entry it was read from ($.results['task']), which
    # the warnings about it name; a folder's reader drops them when a later run replaces that evaluation
    entries: dict[str, str] = field(default_factory=dict)
    # Of a folder of results files: each evaluation's id -> the file of the run it was read from
    files: dict[str, str] = field(default_factory=dict)
    # Of a run folder: its README read as a card, when no Trainer or TRL wrote it and the run's reading does not hold
    # its text (a person's card: ``readme-not-read``), which the pipeline reads with the run (pipeline._person_card)
    person_card: Optional[Ingested] = None
    # Of a recipe: the Hub dataset it says the run's eval set is, or why it cannot say
    # (sources/recipe_eval_sets.py), which the pipeline maps when the run has that one set
    eval_set: Optional[RecipeEvalSet] = None
    # Of a run folder: its adapter names its base by a local path alone (PEFT would load the base from there, which
    # only the machine that trained it has): no Quick start unless the records name the base (pipeline._ingest)
    local_base: bool = False
    # Of a run folder: no tokenizer anywhere in it (no tokenizer_config.json, tokenizer.json or chat template file),
    # so nothing says whether the model chats: the pipeline decides from its base's name (trainer_model.chat_base)
    no_tokenizer: bool = False
    # Of a run folder: the Auto classes config.json's auto_map loads the model's own code with, from
    # a module saved beside it or another repo's (trainer_config.remote_auto_classes; merged_usage.remote_code picks one)
    remote_autos: tuple[str, ...] = ()
    # Of a run folder: the pip packages the model's own code saved beside config.json imports beyond transformers and
    # torch (remote_imports.remote_packages; merged_usage.remote_code names them where it picks an Auto class)
    remote_packages: tuple[str, ...] = ()
    # Of a run folder: the config.json (its path in the folder) that transformers 5 saved without _name_or_path, the
    # base model it was loaded from (trainer_config.unnamed_base_warnings: said when no other source names the base)
    base_unsaved: Optional[str] = None
    # Of a SetFit model saved in the temp dir: the id SetFit wrote into its card's code, the folder's last two path
    # parts (sentence_models.save_path_id), no Hub id: the pipeline replaces it by the repo id, as a placeholder
    save_path_id: Optional[str] = None
    # Of a run folder: the results its README's model-index gave with no task (transformers 4.6's card) and the
    # warnings saying they stay out of model-index, until the run's pipeline_tag, read after the README from config.json,
    # names their task (trainer_readme.untasked_results)
    untasked: tuple[list[dict[str, Any]], list[Problem]] = field(default_factory=lambda: ([], []))

    def warn(self, path: str, message: str, fix: str = "", *, code: str) -> None:
        self.warnings.append(Problem(self.source, path, message, fix, severity="warning", code=code))


def read_json_object(path: Path, label: Optional[str] = None,
                     fix: str = "pass the results file the tool wrote") -> dict[str, Any]:
    """A JSON file that must hold an object (NaN in tool output is tolerated and reported by callers); ``fix``: the
    refusal's fix when it holds something else."""
    name = label or str(path)
    data = _load_lenient(path, name)
    if not isinstance(data, dict):
        raise InputError([Problem(name, "$", f"top level is a {type(data).__name__}, expected an object", fix,
                                  code="not-a-mapping")])
    return data


def read_json_value(path: Path, label: Optional[str] = None) -> Any:
    """A JSON (or YAML) file's value, whatever its top level (NaN tolerated, as in read_json_object)."""
    return _load_lenient(path, label or str(path))


def lfs_pointer(path: Path, name: Optional[str] = None) -> Problem:
    """The refusal of a file that is a Git LFS pointer (a repo keeping its results in LFS, cloned without them)."""
    return lfs_pointer_problem(name or str(path), path.name, "there is nothing in it to read")


def is_lfs_pointer(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(LFS_POINTER)) == LFS_POINTER
    except OSError:
        return False


def _load_lenient(path: Path, name: str) -> Any:
    """Tool output may carry NaN for undefined stderr (lighteval); read it and let readers decide."""
    import json

    from generator.io.files import JSONTooDeep, loads_json, read_text

    text = read_text(path, name)
    if not text.strip():  # a run that did not finish, or a copy without the file's content
        raise InputError([Problem(name, "", "is empty" if not text else "holds only white space",
                                  "re-run the tool, or pass the file it wrote with its content", code="empty-file")])
    if text.startswith(LFS_POINTER.decode()):
        raise InputError([lfs_pointer(path, name)])
    if path.suffix.lower() != ".json":
        return load_data_file(path, name)
    try:
        return loads_json(text)
    except JSONTooDeep:  # Python's json nests a call per array or object: 50,000 '[' was 'internal error'
        raise InputError([Problem(name, "", "nesting is too deep: no tool writes its results nested so",
                                  "pass the file the tool wrote", code="too-deep")]) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) and text.lstrip()[:1] in "[{":  # it ends inside its content: cut short
            last = text.rstrip().splitlines()[-1].strip()
            last = last if len(last) <= 40 else "..." + last[-40:]
            raise InputError([Problem(name, where, f"invalid JSON: the file ends inside its content, after {last!r}",
                                      "the file is truncated: its writer stopped there (a script's json.dump stops at a "
                                      "value JSON cannot hold, such as a torch dtype, unless given default=str) or "
                                      "the copy is incomplete; write it again, or pass the file the tool wrote",
                                      code="json-syntax")]) from None
        raise InputError([Problem(name, where, f"invalid JSON: {exc.msg}",
                                  "the file is truncated or not JSON; re-run the tool or pass the right file",
                                  code="json-syntax")]) from None


def as_list(value: Any) -> list[Any]:
    """A card's list key (tags, datasets) as the card import reads it: one string a list of it, a list as it is, any
    other value (a number, a mapping, true: no list, which the Hub refuses) none."""
    return [value] if isinstance(value, str) else value if isinstance(value, list) else []


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def finite(value: Any, source: Ingested, path: str, required: bool = True) -> Optional[float]:
    """The value if it is a finite number, else None.

    A NaN or infinite result (a diverged loss, a broken metric) is an error: the run
    needs looking at before a card is published. Where tools write NaN for an
    undefined extra (lighteval's stderr of a single sample), pass ``required=False``
    and it is dropped with a warning.
    """
    if is_number(value):
        return value
    if isinstance(value, float):
        if required:
            raise InputError([Problem(source.source, path, f"is {value!r}, not a finite number",
                                      "check the run that produced it; a card cannot show it", code="not-finite")])
        source.warn(path, f"{value!r} is not a finite number; left out", "check the run that produced it",
                    code="not-finite")
    return None


def local_path(name: str, folders: Sequence[Path] = (Path(),), folder_only: bool = False) -> bool:
    """Whether ``name``, of the Hub id form (``org/name``), is a local path: a file or folder of that name is in one of
    ``folders`` (relative paths: from the working folder), those the run may have started in. Every tool loads such a
    path before it asks the Hub (transformers' from_pretrained and datasets' load_dataset: ``os.path.isdir`` /
    ``isfile``; axolotl: ``Path(path).exists()``; LLaMA-Factory v1: ``os.path.exists``), relative to where it ran.
    ``folder_only``: only a folder counts (a model a results file names, which transformers loaded from its folder)."""
    return any(present(folder / name) and (not folder_only or (folder / name).is_dir()) for folder in folders)


def hub_id(value: Any, folders: Sequence[Path] = (Path(),)) -> Optional[str]:
    """``value`` if it looks like a Hub repo id rather than a local path (:func:`local_path` in ``folders``; none for
    a repo pushed to, which no tool loads from disk)."""
    if isinstance(value, str) and HUB_ID.match(value) and not local_path(value, folders):
        return value
    return None


# A Hub dataset, or one of its files, named by a URL: hf://datasets/ORG/NAME[@REVISION][/PATH] (the Hub's file system,
# from which `datasets` reads data_files, 2.14 on, and the base path its Hub loader gives a dataset without a script)
# or https://huggingface.co/datasets/ORG/NAME[/resolve/REVISION/PATH] (the Hub's page, or its download URL of a file);
# the revision URL-quoted (refs%2Fconvert%2Fparquet); a canonical dataset has no ORG/
_HUB_DATASET_URL = re.compile(
    r"hf://datasets/(?P<hf>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?)(?:@(?P<rev>[^/]+))?(?:/(?P<file>[^/].*))?"
    r"|https://huggingface\.co/datasets/(?P<url>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?)"
    r"(?:/resolve/(?P<at>[^/]+)/(?P<path>[^/].*))?/?")


def hub_dataset_url(value: Any) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(Hub dataset id, revision or None, file in it or None) of a URL naming a Hub dataset or one of its files
    (hf://datasets/ORG/NAME@REVISION/PATH, https://huggingface.co/datasets/ORG/NAME/resolve/REVISION/PATH), else
    None."""
    found = _HUB_DATASET_URL.fullmatch(value.strip()) if isinstance(value, str) else None
    dataset = hub_dataset_id(found["hf"] or found["url"]) if found else None
    if found is None or dataset is None:
        return None
    revision = found["rev"] or found["at"]
    return dataset, unquote(revision) if revision else None, found["file"] or found["path"]


def hub_dataset_id(value: Any) -> Optional[str]:
    """``value`` if it is a Hub dataset id: ``org/name``, or a canonical dataset without a namespace (``gsm8k``).

    Canonical ids are those in generator/data/hub_canonical_datasets.txt (the datasets whose loading scripts lived in
    huggingface/datasets until 2.6; no new dataset can be created without a namespace), so a local folder (``data``)
    or a file loader (``json``) is never taken for one.
    """
    if not isinstance(value, str):
        return None
    if HUB_ID.match(value) or (value in hub_list("canonical_datasets") and value not in FILE_LOADERS):
        return value
    return None


@functools.lru_cache(maxsize=None)
def _eval_tasks() -> dict[str, Any]:
    import yaml

    data = yaml.safe_load((PACKAGE_DIR / "data" / "eval_tasks.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=None)
def eval_task_table(section: str) -> dict[str, tuple[str, Optional[str], Optional[str]]]:
    """One section of generator/data/eval_tasks.yaml: task name -> (Hub dataset id, config, split)."""
    return {name: (entry[0], entry[1], entry[2]) for name, entry in (_eval_tasks().get(section) or {}).items()}


@functools.lru_cache(maxsize=None)
def eval_task_subsets() -> dict[str, tuple[str, str]]:
    """The ``subsets`` of generator/data/eval_tasks.yaml: task name -> (the task whose data it is part of, which part)."""
    return {name: (entry[0], entry[1]) for name, entry in (_eval_tasks().get("subsets") or {}).items()}


def no_hub_dataset(task: str) -> Optional[str]:
    """Where the data of an lm-eval 0.3 task that no Hub dataset holds come from (``no_hub_dataset`` of
    generator/data/eval_tasks.yaml; a key ending in ``*`` is a prefix), or None."""
    table = _eval_tasks().get("no_hub_dataset") or {}
    found = table.get(task)
    if found is None:
        found = next((text for key, text in table.items() if key.endswith("*") and task.startswith(key[:-1])), None)
    return found if isinstance(found, str) else None


def unsure_dataset(task: str) -> Optional[str]:
    """Why a results file cannot say which Hub dataset a task of the 0.3 line's forks read (``unsure_dataset`` of
    generator/data/eval_tasks.yaml: the fork changed it between commits, and the file does not name its commit), or
    None."""
    found = (_eval_tasks().get("unsure_dataset") or {}).get(task)
    return found if isinstance(found, str) else None


def one_result_per_dataset(evaluations: list[tuple[str, dict[str, Any]]], source: Ingested) -> None:
    """Keep out of model-index each (where, evaluation) whose task type, Hub dataset, config, split and revision an
    earlier indexed one has: huggingface_hub merges such results into one, under the first one's name."""
    first: dict[tuple[str, ...], str] = {}
    for where, evaluation in evaluations:
        dataset = evaluation.get("dataset") or {}
        if "id" not in dataset or not evaluation.get("model_index", True):
            continue
        key = merge_identity((evaluation.get("task") or {}).get("type"), dataset["id"], dataset)
        if key not in first:
            first[key] = evaluation["id"]
            continue
        evaluation["model_index"] = False
        source.warn(where, f"is shown in the card's tables but not in model-index: it has the Hub dataset, config and "
                    f"split of {first[key]!r}, and the Hub merges results alike into one",
                    f"to list it instead, set model_index: false on {first[key]!r} and add an evaluation with id "
                    f"{evaluation['id']!r} and model_index: true to your records", code="not-in-model-index")


def benchmark_label(name: str, shots: Optional[int], scored: str = "") -> str:
    """An evaluation's label as the card's tables show it: its name, then its shot count and, for a run cut by
    --limit / --max-samples, the part of the split it scored (``scored``: "25 of 2,376 examples"). The card's
    results table and its import read the count back from it (records.model.label_shots), or from the name, when it
    ends with that count already (records.model.name_shots: ``MedNLI_0-shot``, not ``MedNLI_0-shot (0-shot)``)."""
    said = shots is None or name_shots(name) == shots
    setup = ([] if said else [f"{shots}-shot"]) + ([scored] if scored else [])
    return f"{name} ({', '.join(setup)})" if setup else name


def examples_scored(effective: int, original: int) -> str:
    """``25 of 2,376 examples``: the part of a split a cut run scored, as a label or a warning says it."""
    return f"{effective:,} of {original:,} examples"


def examples_at_most(limit: float) -> str:
    """``at most 1,000 examples``: the part of each split a run cut by a limit (--limit, --max-samples) scored, where
    the file does not say how much that was; lm-eval reads a limit under 1 as a fraction (``at most 10% of the
    examples``)."""
    if limit < 1:
        return f"at most {limit:.0%} of the examples"
    shown = f"{limit:,.0f}" if float(limit).is_integer() else f"{limit:,g}"
    return f"at most {shown} example" + ("" if limit == 1 else "s")


def title_metric(key: str) -> str:
    """transformers' column name for a logged eval metric: eval_rewards/chosen -> Rewards/chosen."""
    parts = key.split("_")
    return " ".join(part.capitalize() for part in parts[1:]) if parts[0] == "eval" else key


# The folders a run saves into below the folder it was given: the Trainer's checkpoints, ms-swift's version folder
# v<N>-<YYYYMMDD>-<HHMMSS> (swift.utils.add_version_to_work_dir; lgc-FINANCE/DeepClima-R1's v0-20260124-040114)
# and the step or epoch folders of pretraining suites and scripts (Pythia's /fsx/pythia/step143000 in lm-eval 0.3's
# model_args, prompt-pursuit's .../epoch_20, DeepSpeed's global_step1000)
_RUN_SUBFOLDER = re.compile(r"checkpoint-\d+|last-checkpoint|v\d+-\d{8}-\d{6}|(global_)?step[-_]?\d+|epoch[-_]?\d+")
# A file, not a model's folder: lm-eval's model_name is the path a custom model class was given (a steering
# vector's dog_steer.csv), which names no model. A closed list: a model folder's name has dots (Qwen1.5-0.5B)
_FILE = re.compile(r".+\.(csv|tsv|jsonl?|txt|ya?ml|py|sh|md|pkl|pickle|npy|npz|parquet|arrow|pt|pth|bin|safetensors|"
                   r"ckpt|gguf|ggml|onnx|h5|msgpack|zip|tar|gz)", re.IGNORECASE)


def run_name(path: Union[str, PurePath]) -> Optional[str]:
    """The name of the run or model a local ``path`` names, as the Trainer titles its card after its output_dir: its
    last folder's, or for a folder a run saves into (a checkpoint-N, a stepN) the run's; None for a file's path. A
    text is a Windows path when it reads as one (G:\\Mi unidad\\output, CJIMHER's output_dir)."""
    if isinstance(path, str):
        windows = "\\" in path or re.match(r"[A-Za-z]:/", path)
        path = (PureWindowsPath if windows else PurePath)(path)
    if _FILE.fullmatch(path.name):
        return None
    while _RUN_SUBFOLDER.fullmatch(path.name) and path.parent != path:
        path = path.parent
    return path.name or None


def local_model_title(name: Any) -> Optional[str]:
    """The title of a model an evaluation's results name by a local folder (lm-eval's ``pretrained=/scratch/.../my-
    model``, lighteval's model_name) rather than a Hub id: the folder's name (run_name), as the Trainer titles its
    card after its output_dir; the pipeline uses it when no source names the model, saying so."""
    return run_name(name) if isinstance(name, str) and ("/" in name or "\\" in name) and not HUB_ID.match(name) \
        else None
