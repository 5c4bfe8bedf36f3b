"""What only the live process knows of a run, which no file a Trainer saves holds: the framework versions, the tags
the model carries, the Hub datasets the training set and the eval sets were loaded as, and a Hugging Face Job's tag
and hardware (:func:`write_live_facts`, read as a records file the author's records override)."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Collection, Optional

from transformers import TrainingArguments
from transformers import __version__ as transformers_version
from transformers.utils import is_datasets_available, is_tokenizers_available, is_torch_available

from generator.errors import GeneratorError
from generator.records.builder.eval_sets import UNNAMED
from generator.records.model import COMMIT
from generator.sources.common import FILE_LOADERS, Ingested, hub_dataset_id, hub_dataset_url
from generator.sources.trainer import read_trainer_dir
from generator.sources.trainer_readme import jobs_hardware, read_trainer_card

LIVE_FACTS = "live-run.json"  # the live process's facts, written beside the run's files and read as records


def _trl_of(args: TrainingArguments) -> Any:
    """The trl module, when the trainer's arguments are a TRL config (a TRL trainer, which writes TRL's card)."""
    return sys.modules.get("trl") if type(args).__module__.split(".")[0] == "trl" else None


def _framework_versions(args: TrainingArguments) -> dict[str, str]:
    """The "Framework versions" the Trainer's own card lists, as this process has them: transformers'
    ``TrainingSummary.to_model_card`` (4.x and 5.x alike) writes Transformers, then Pytorch, Datasets and Tokenizers
    when each is installed; TRL's card (its trainers' arguments are a TRL config) puts TRL first. A saved run has
    none of them but Transformers (config.json's ``transformers_version``) until a README that lists them is saved."""
    versions: dict[str, str] = {}
    trl = _trl_of(args)
    if isinstance(getattr(trl, "__version__", None), str):
        versions["TRL"] = trl.__version__
    versions["Transformers"] = transformers_version
    for name, module, available in (("PyTorch", "torch", is_torch_available), ("Datasets", "datasets",
                                     is_datasets_available), ("Tokenizers", "tokenizers", is_tokenizers_available)):
        version = getattr(importlib.import_module(module), "__version__", None) if available() else None
        if isinstance(version, str):
            versions[name] = str(version)  # torch.__version__ is a TorchVersion, as the card writes it
    return versions


# What a Hugging Face Job sets inside its container: hub-docs' jobs-configuration.md "Built-in environment variables"
# (62b4de04, 2026-02-24) and huggingface_hub's guides/jobs.md name JOB_ID, ACCELERATOR (the hardware: `a10g-small`,
# `none` or empty without one), CPU_CORES and MEMORY. JOB_ID alone is also Sun Grid Engine's (and others'); all four
# together are a Job's. transformers 5.x's card reads HF_JOB_ID and HF_JOB_FLAVOR instead, which neither document.
JOBS_VARIABLES = ("JOB_ID", "ACCELERATOR", "CPU_CORES", "MEMORY")


def _in_a_job(args: TrainingArguments) -> bool:
    """Whether the run is inside a Hugging Face Job, which the card tags ``hf_jobs``. A TRL run (its arguments a TRL
    config) as TRL's card tells it, which the build reads: when ``JOB_ID`` is set, from TRL 0.22 (huggingface/trl
    26442abff; 1.16's BaseTrainer), never before. Another run when transformers 5.x's card would say so (``HF_JOB_ID``)
    or when the variables a Job sets are all set (:data:`JOBS_VARIABLES`: transformers' card, reading variables the
    Hub does not document, tags no run in a Job the Hub documents)."""
    trl = _trl_of(args)
    if trl is None:
        return "HF_JOB_ID" in os.environ or all(name in os.environ for name in JOBS_VARIABLES)
    version = getattr(trl, "__version__", "")
    release = tuple(int(part) for part in version.split(".")[:2] if part.isdigit()) if isinstance(version, str) else ()
    return release >= (0, 22) and "JOB_ID" in os.environ


def _job_flavor() -> Optional[str]:
    """The hardware of the Job the run is in: transformers' ``HF_JOB_FLAVOR``, else the Job's ``ACCELERATOR`` (none
    for a Job without one, whose CPU flavor no variable names)."""
    flavor = os.environ.get("HF_JOB_FLAVOR") or os.environ.get("ACCELERATOR", "")
    return flavor if flavor.strip() and flavor.strip().lower() != "none" else None


def _live_set(data: Any) -> Any:
    """The ``datasets.Dataset`` or ``IterableDataset`` a training set is (in a DataLoader, an IterableDatasetShard)."""
    if is_datasets_available():
        from datasets import Dataset, IterableDataset

        for _ in range(3):  # DataLoader -> IterableDatasetShard -> the dataset
            if isinstance(data, (Dataset, IterableDataset)):
                return data
            data = getattr(data, "dataset", None)
    return None


def _files_of(info: Any) -> Optional[tuple[str, set[str]]]:
    """The Hub dataset every file a file builder (``json``, ``parquet``: how ``load_dataset("org/name")`` loads a
    Hub dataset without a script) read is of, when all are one's, with the revisions the files were read at:
    ``datasets`` 2.14 to 4.8.4 keep the URL of each file downloaded in ``info.download_checksums`` (its size; the
    checksum with ``verification_mode="all_checks"``), in the dataset_info.json of the cache too. None otherwise: a
    local file; files of several repos; a loading script, whose downloads may be another dataset's; ``datasets`` 4.8.5
    and 5.x, which keep them only under ``datasets-cli test`` (huggingface/datasets#8128)."""
    files = getattr(info, "download_checksums", None)
    if getattr(info, "builder_name", None) not in FILE_LOADERS or not isinstance(files, dict):
        return None
    return _hub_files(files)


def _hub_files(urls: Any) -> Optional[tuple[str, set[str]]]:
    """(the one Hub dataset, the revisions) of the file ``urls`` (common.hub_dataset_url's, each naming its revision),
    when every one is of one Hub dataset; None for none, or any other."""
    repos, revisions = set(), set()
    for url in urls if isinstance(urls, (dict, list, tuple)) else ():
        found = hub_dataset_url(url)  # (hf://datasets/ORG/NAME@REVISION/PATH, as datasets names the files it reads)
        if found is None or found[1] is None or found[2] is None:
            return None  # a file of no Hub dataset among them
        repos.add(found[0])
        revisions.add(found[1])
    return (repos.pop(), revisions) if len(repos) == 1 else None


def _stream_source(live: Any) -> Any:
    """The examples iterable a streamed set's examples come from, under the map, shuffle, take ... iterables the set
    went through (each wraps one: ``ex_iterable``); None for examples of several sources (interleaved, concatenated:
    ``ex_iterables``), which may be other datasets' or local files; one source in such a wrapper is that source
    (``datasets`` 5.0's buffered shuffle puts the set's examples in a CyclingMultiSourcesExamplesIterable of one)."""
    iterable = getattr(live, "_ex_iterable", None)
    for _ in range(64):
        sources = getattr(iterable, "ex_iterables", None)
        inner = sources[0] if isinstance(sources, list) and len(sources) == 1 else getattr(iterable, "ex_iterable", None)
        if iterable is None or sources is not None and inner is None:
            return None
        if inner is None:
            return iterable
        iterable = inner
    return None


def _streamed(live: Any) -> Optional[tuple[str, set[str]]]:
    """(Hub id, revisions) of a streamed set (``IterableDataset``, ``load_dataset(.., streaming=True)``), which
    downloads nothing, so keeps no file list: the Hub repo the Hub loader gave its builder, which ``datasets`` 2.x to
    5.x keep as the one key of the set's ``_token_per_repo_id`` (the token to read that repo's files with, through
    every map, shuffle, take; a local set none), with the revisions of the files its file builder streams when they
    are that repo's (the source's ``files``: ``hf://datasets/ORG/NAME@SHA/...``; a list in 4.x and 5.x, one 2.x and
    3.x fill as they iterate); else the one Hub dataset every file of a file builder given a Hub dataset's files is
    of. None for a stream of several sources (:func:`_stream_source`), whose keys are every Hub source's."""
    source, repos = _stream_source(live), getattr(live, "_token_per_repo_id", None)
    if source is None or not isinstance(repos, dict) or len(repos) > 1:
        return None
    kwargs = getattr(source, "kwargs", None)
    streams = kwargs.get("files") if isinstance(kwargs, dict) else None
    files = _hub_files(streams) if getattr(live.info, "builder_name", None) in FILE_LOADERS else None
    if not repos:
        return files
    dataset = hub_dataset_id(next(iter(repos)))
    return (dataset, files[1] if files and files[0] == dataset else set()) if dataset else None


def _revision(revisions: set[str]) -> Optional[str]:
    """The one commit the files of a Hub dataset (:func:`_files_of`) were read at (the Hub loader's base path
    ``hf://datasets/ORG/NAME@SHA/``), for model-index ``dataset.revision``; None for a branch or ref (``main``,
    ``refs/convert/parquet``: versions that move) or files of several commits."""
    rev = next(iter(revisions)) if len(revisions) == 1 else None
    return rev if rev and COMMIT.fullmatch(rev) and not rev.isdigit() else None  # the Hub refuses an all-digit one


def _hub_source(live: Any) -> tuple[Optional[str], Optional[str]]:
    """(Hub id, commit) of the live set ``live`` (see :func:`hub_dataset`): its script's name when that is a Hub id,
    else the one Hub dataset its files are of, or a streamed set's (:func:`_streamed`), with the commit they were
    read at."""
    named = hub_dataset_id(getattr(live.info, "builder_name", None))
    files = None if named else _files_of(live.info) or _streamed(live)
    return (named, None) if named else (files[0], _revision(files[1])) if files else (None, None)


def dataset_part(data: Any) -> Optional[str]:
    """The part of its Hub dataset a live set is, in the words of ``model.dataset_details``: its config (unless the
    ``default`` one) and split (unless ``train``), as ``datasets`` keeps them through map, filter, shuffle and select
    (``info.config_name``; ``split``, a slice as loaded: ``train[:10%]``); None for the whole default training set."""
    live = _live_set(data)
    if live is None:
        return None
    config, split = getattr(live.info, "config_name", None), getattr(live, "split", None)
    said = [f"config {config}"] if isinstance(config, str) and config not in ("", "default") else []
    said += [f"split {split}"] if split is not None and str(split) not in ("", "train") else []
    return ", ".join(said) or None


def hub_source(data: Any) -> tuple[Optional[str], Optional[str]]:
    """(:func:`hub_dataset`, the commit its files were read at when they name one: :func:`_revision`) of a live set."""
    found = _live_set(data)
    return (None, None) if found is None else _hub_source(found)


def hub_dataset(data: Any) -> Optional[str]:
    """The Hub dataset a live training or eval set was loaded from, when ``datasets`` says it for certain. A
    ``datasets.Dataset`` or ``IterableDataset`` carries the ``builder_name`` it was loaded with, which transformers'
    ``TrainingSummary.from_trainer`` (4.x and 5.x) names: a Hub id when a loading script gave it (a canonical dataset:
    ``gsm8k``). A Hub dataset without a script loads with a file builder (``json``, ``parquet``) that keeps only its
    name snake-cased (``info.dataset_name``; the namespace in the cache folder, ``org___name``), no id; the files it
    read name it (:func:`_files_of`) in ``datasets`` 2.14 to 4.8.4, and a streamed set the repo it streams
    (:func:`_streamed`) in every release. ``Dataset.from_dict`` (None, which transformers' card writes as "the None
    dataset"), a local file or folder, or a script named otherwise names none, and the card
    names no dataset rather than a guess (:func:`unnamed_source`)."""
    return hub_source(data)[0]


def eval_set_datasets(eval_dataset: Any) -> dict[str, dict[str, str]]:
    """The Hub dataset each live eval set names (:func:`hub_dataset`), with its config and split as transformers'
    ``TrainingSummary.from_trainer`` takes them (``config_name``, ``split``), by the set's name (``eval_dataset={"a":
    ..}``; ``eval`` for the one unnamed set: :data:`~generator.records.builder.eval_sets.UNNAMED`), and the commit
    its files were read at when they name it (:func:`_revision`). A set named by no Hub id is left out."""
    found: dict[str, dict[str, str]] = {}
    for name, data in _sets(eval_dataset).items():
        live = _live_set(data)
        dataset, revision = (None, None) if live is None else _hub_source(live)
        if dataset:
            entry = {"dataset": dataset}
            for key, value in (("config", getattr(live.info, "config_name", None)), ("split", live.split),
                               ("revision", revision)):
                if value is not None and str(value):
                    entry[key] = str(value)
            found[name] = entry
    return found


def _sets(eval_dataset: Any) -> dict[str, Any]:
    """A Trainer's ``eval_dataset`` by set name (``eval`` for one unnamed set), names that are no string left out."""
    sets = eval_dataset if isinstance(eval_dataset, dict) else {} if eval_dataset is None else {UNNAMED: eval_dataset}
    return {name: data for name, data in sets.items() if isinstance(name, str)}


def unnamed_eval_sets(eval_dataset: Any) -> dict[str, str]:
    """By eval set (as :func:`eval_set_datasets` names them), the snake-cased name of the Hub repo or folder
    ``datasets`` keeps of a set when that is all it keeps (:func:`unnamed_source`): with ``datasets`` 4.8.5 and 5.x,
    which keep no file list, every Hub dataset loaded without a script."""
    return {name: found for name, data in _sets(eval_dataset).items() if (found := unnamed_source(data))}


def unnamed_source(data: Any) -> Optional[str]:
    """The name ``datasets`` keeps of the Hub repo or folder a file loader read the training set from, when that is
    all it keeps. ``datasets`` 2.14 to 5.x load a Hub dataset without a script (``load_dataset("trl-lib/Capybara")``)
    with a file builder given the repo id, but keep only ``info.dataset_name``, the name snake-cased (``capybara``;
    ``OpenHermes-2.5``: ``open_hermes-2.5``), and the namespace in a cache folder (``trl-lib___capybara``), which
    tell no Hub id; 2.14 to 4.8.4 keep the files it read too, which do (:func:`hub_dataset`). When none is told,
    :meth:`ModelCardCallback.build` says so if the card names no dataset. None for a file given by path or a set made
    in memory."""
    info = getattr(_live_set(data), "info", None)
    name, builder = getattr(info, "dataset_name", None), getattr(info, "builder_name", None)
    return name if isinstance(name, str) and name != builder and hub_dataset(data) is None else None


def _model_tags(model: Any) -> list[str]:
    """The tags the model carries (``add_model_tags``), which ``Trainer.push_to_hub`` adds to the card it uploads:
    TRL's trainers add theirs (``trl``, ``sft``, ``dpo``, ...: ``_tag_names``) when they are made, Unsloth its own."""
    tags = getattr(model, "model_tags", None) if model is not None else None
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, (list, tuple)) else []


def _saved_training(run: Path, copied: Optional[Collection[str]]) -> dict[str, Any]:
    """The ``training`` the run's files give, for the versions and hardware they name: only the files copied from
    output_dir (``copied``, as :func:`write_run_files` returns them; None: not known) can name another process's. A
    README alone is read by the Trainer reader's README reader, within the build's :func:`read_once`, so the build
    reads the file from the memo; a config copied for want of a live model (its ``transformers_version``) takes the
    whole folder's reading. Nothing copied, nothing read: every other file there is this process's."""
    try:
        if copied is None or set(copied) & {"config.json", "adapter_config.json"}:
            return read_trainer_dir(run).data.get("training", {})
        if "README.md" not in copied:
            return {}
        result = Ingested(str(run), "trainer", {})
        read_trainer_card(run, result)
        return result.data.get("training", {})
    except GeneratorError:  # the build says why
        return {}


def write_live_facts(folder: Path, args: TrainingArguments, run: Path, model: Any = None,
                     dataset: Optional[str] = None, copied: Optional[Collection[str]] = None,
                     eval_sets: Optional[dict[str, dict[str, str]]] = None, revision: Optional[str] = None,
                     part: Optional[str] = None) -> Path:
    """Write into ``folder`` (as a records file, ``live-run.json``) what the Trainer's own card says of the run that
    only the live process knows, and no file a Trainer saves holds: the framework versions, the tags the model
    carries (:func:`_model_tags`), the Hub dataset the training set was loaded as (``dataset``, :func:`hub_dataset`)
    and the commit it was read at (``revision``: ``model.dataset_revisions``) and its part (``part``, :func:`dataset_part`:
    ``model.dataset_details``),
    the Hub dataset each eval set was loaded as (``eval_sets``, :func:`eval_set_datasets`: ``training.eval_sets``),
    and inside a Hugging Face Job (:func:`_in_a_job`) its ``hf_jobs`` tag and hardware (:func:`_job_flavor`). A
    version the run's files (``run``, as :func:`write_run_files` wrote them) give otherwise is left to
    them, as ``build --trainer-dir`` on that folder shows it: a README an earlier process wrote into output_dir (TRL's,
    a resumed run's) names the versions that process had (``copied``: :func:`_saved_training`). Returns the file's
    path."""
    training = _saved_training(run, copied)
    saved = training.get("framework_versions") or {}
    versions = {name: version for name, version in _framework_versions(args).items()
                if saved.get(name) in (None, version)}
    live: dict[str, Any] = {"training": {"framework_versions": versions, **({"eval_sets": eval_sets} if eval_sets
                                                                             else {})}}
    tags = _model_tags(model)
    if _in_a_job(args):  # inside a Hugging Face Job: the trainer's own card tags it; transformers' names its hardware
        tags += [] if "hf_jobs" in tags else ["hf_jobs"]
        flavor = _job_flavor()
        if flavor and not training.get("hardware"):
            live["training"]["hardware"] = jobs_hardware(flavor.strip())
    if tags or dataset:
        live["model"] = {**({"tags": tags} if tags else {}), **({"datasets": [dataset]} if dataset else {}),
                         **({"dataset_revisions": {dataset: revision}} if dataset and revision else {}),
                         **({"dataset_details": {dataset: part}} if dataset and part else {})}
    path = folder / LIVE_FACTS
    path.write_text(json.dumps(live, indent=2) + "\n", encoding="utf-8")
    return path
