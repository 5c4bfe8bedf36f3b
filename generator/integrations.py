"""The in-process way: a transformers ``TrainerCallback`` that writes the model card when training ends.

    from generator.integrations import ModelCardCallback
    trainer.add_callback(ModelCardCallback(repo_id="org/model", records="card.yaml"))

This is the only module that imports transformers; ``import generator`` never loads it.

The callback has no reader of its own. When training ends it writes what the Trainer itself saves,
from the live objects, into a private temporary folder: ``trainer_state.json`` (``TrainerState.save_to_json``),
``training_args.bin`` (the pickle of the live ``TrainingArguments``, the object ``torch.save`` writes, read back
by the same restricted unpickler as a saved run's), ``train_results.json`` (the end-of-training metrics, as
``save_metrics("train", ...)`` writes them), the model's ``config.json`` or ``adapter_config.json``, and the
tokenizer or processor as ``save_pretrained`` writes it (whether it has a chat template decides the card's Quick
start). Beside
them go the files ``output_dir`` already holds that the Trainer reader reads (the README TRL writes at each
checkpoint, a saved config). That folder goes to :func:`generator.render.build.build_card`, the call behind
``modelcard build --trainer-dir``, with the records files; the card is written to ``output_dir/README.md``.
What the Trainer's own card says that no saved file holds (the framework versions of the running process, the tags
the model carries, the Hub dataset the training set was loaded as) goes with them as a records file the author's
records override (:func:`write_live_facts`; a version the run's files give is theirs): ``build --trainer-dir`` on
the saved folder gives the same card given that file, or once a README that lists them is saved there.

Records are checked twice before any training step: when the callback is made (each file read and checked
against the schema) and when training begins (the whole card built once from the arguments, not written), so
a bad records file stops the script before hours of training rather than after.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Collection, Mapping, Optional, Sequence, Union

from generator.errors import GeneratorError, Problem, UsageError
from generator.io.files import read_once
from generator.render.build import BuildResult, build_card
from generator.sources.common import Ingested, hub_dataset_id
from generator.sources.pipeline import ingest
from generator.sources.trainer import ARGS_BIN, read_trainer_dir
from generator.sources.trainer_readme import jobs_hardware, read_trainer_card

try:
    from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments
    from transformers import __version__ as transformers_version
    from transformers.utils import is_datasets_available, is_tokenizers_available, is_torch_available
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("generator.integrations needs transformers: pip install 'modelcard-generator[transformers]'"
                      ) from exc

PathLike = Union[str, "os.PathLike[str]"]
logger = logging.getLogger(__name__)

# Files of output_dir the Trainer reader reads that hold no number of this run (those come from the live
# objects, and a copy left in output_dir by an earlier run would be stale): TRL's README, a saved config.
_FOLDER_FILES = ("README.md", "config.json", "adapter_config.json", "generation_config.json")
_OUR_MARKER = "<!-- modelcard-generator:begin"
LIVE_FACTS = "live-run.json"  # the live process's facts, written beside the run's files and read as records


def _paths(value: Union[PathLike, Sequence[PathLike], None]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (os.fspath(value),)
    return tuple(os.fspath(v) for v in value)


def _save_model_config(model: Any, folder: Path) -> set[str]:
    """What ``Trainer.save_model`` writes of the model's configuration: adapter_config.json for a PEFT model,
    else config.json and, for a model that generates, generation_config.json. Returns the file names written."""
    peft_configs = getattr(model, "peft_config", None)
    if isinstance(peft_configs, Mapping) and peft_configs:
        active = getattr(model, "active_adapter", None)
        name = active if isinstance(active, str) and active in peft_configs else next(iter(peft_configs))
        peft_configs[name].save_pretrained(str(folder))
        path = folder / "adapter_config.json"
        saved = json.loads(path.read_text(encoding="utf-8"))
        kept = _keep_name_or_path(peft_configs[name], saved, "base_model_name_or_path")
        if kept != saved:
            path.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return {"adapter_config.json"}
    config = getattr(model, "config", None)
    if config is not None and hasattr(config, "to_json_string"):
        # what config.to_json_file writes, less the two things save_pretrained does otherwise, written once
        saved = _saved_architecture(model, _keep_name_or_path(config, json.loads(config.to_json_string())))
        (folder / "config.json").write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        generation = getattr(model, "generation_config", None)  # save_pretrained writes it for a model that generates
        can_generate = getattr(model, "can_generate", None)
        if generation is not None and hasattr(generation, "save_pretrained") and callable(can_generate) \
                and can_generate():
            generation.save_pretrained(str(folder))
            return {"config.json", "generation_config.json"}
        return {"config.json"}
    return set()


def _saved_architecture(model: Any, saved: dict[str, Any]) -> dict[str, Any]:
    """The ``architectures`` ``save_pretrained`` writes: the class of the model being saved (4.x and 5.x set
    ``config.architectures = [model.__class__.__name__]``, 5.x less an ``FSDP`` prefix), not the live config's, which
    is the checkpoint's it was loaded from. A classifier loaded from a causal LM
    (``AutoModelForSequenceClassification.from_pretrained``, as for a reward model) still had ``LlamaForCausalLM``
    there, and the card said text-generation where the saved run, and transformers' card (its task from the model's
    class), say text-classification; a model made ``from_config`` had none, and the card no pipeline_tag."""
    return {**saved, "architectures": [type(model).__name__.removeprefix("FSDP")]}


def _keep_name_or_path(config: Any, saved: dict[str, Any], key: str = "_name_or_path") -> dict[str, Any]:
    """Put back the model's ``_name_or_path`` (what ``from_pretrained`` was given) when the saved config lacks it
    (``key``: an adapter's ``base_model_name_or_path``, which PEFT writes as given, a local folder too).

    transformers 5 no longer writes it into config.json, where 4.x did and where the Trainer reader takes the base
    model from; the Trainer's own card takes it from the live config (``finetuned_from``, unless it names a local
    folder), so without it the callback's card lost the ``base_model`` transformers' and TRL's cards give. A local
    folder that is an earlier stage's output stands for the repo that run names (:func:`_repo_of_run`)."""
    given = getattr(config, key, None)
    if not isinstance(given, str) or not given:
        return saved
    name = _repo_of_run(Path(given)) if os.path.isdir(given) else given
    if name and saved.get(key) in (None, given) and saved.get(key) != name:  # 4.x wrote the path it was given
        return {**saved, key: name}
    return saved


def _repo_of_run(folder: Path) -> Optional[str]:
    """The Hub repo a local folder the model was loaded from names, when that folder is an earlier stage's output
    (an SFT run's ``output_dir`` a DPO stage starts from): what ``build --trainer-dir`` reads as its repo id
    (``hub_model_id``, the trainer's README). None for any other folder: the Trainer's own card then names no
    base model, and neither does this one."""
    if not (folder / "trainer_state.json").is_file() and not any(folder.glob("training_args.*")):
        return None
    try:
        repo_id = read_trainer_dir(folder).data.get("model", {}).get("repo_id")
    except GeneratorError:
        return None
    return repo_id if isinstance(repo_id, str) else None


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


def _in_a_job(args: TrainingArguments) -> bool:
    """Whether the card the trainer writes itself tags the run ``hf_jobs`` (inside a Hugging Face Job), as each tool
    tells it: transformers 5.x's card when ``HF_JOB_ID`` is set, TRL's (its trainers' own ``create_model_card``,
    whose arguments are a TRL config) when ``JOB_ID`` is, from TRL 0.22 (huggingface/trl 26442abff; 1.16's
    BaseTrainer), and never before."""
    trl = _trl_of(args)
    if trl is None:
        return "HF_JOB_ID" in os.environ
    version = getattr(trl, "__version__", "")
    release = tuple(int(part) for part in version.split(".")[:2] if part.isdigit()) if isinstance(version, str) else ()
    return release >= (0, 22) and "JOB_ID" in os.environ


def _live_set(data: Any) -> Any:
    """The ``datasets.Dataset`` or ``IterableDataset`` a training set is (in a DataLoader, an IterableDatasetShard)."""
    if is_datasets_available():
        from datasets import Dataset, IterableDataset

        for _ in range(3):  # DataLoader -> IterableDatasetShard -> the dataset
            if isinstance(data, (Dataset, IterableDataset)):
                return data
            data = getattr(data, "dataset", None)
    return None


def _hub_dataset(data: Any) -> Optional[str]:
    """The Hub dataset a live training set names, as transformers' ``TrainingSummary.from_trainer`` (4.x and 5.x)
    names it: a ``datasets.Dataset`` or ``IterableDataset`` carries the ``builder_name`` it was loaded with. Only a
    Hub id is kept: a canonical dataset whose loading script gave its name (``gsm8k``); a file loader (``json``,
    ``parquet``: what a Hub dataset without a script loads as), ``Dataset.from_dict`` (None, which transformers' card
    writes as "the None dataset") or a script or folder named otherwise names none, and the card names no dataset
    rather than a guess (:func:`_unnamed_source`)."""
    found = _live_set(data)
    return hub_dataset_id(getattr(found.info, "builder_name", None)) if found is not None else None


def _unnamed_source(data: Any) -> Optional[str]:
    """The name ``datasets`` keeps of the Hub repo or folder a file loader read the training set from, when that is
    all it keeps. ``datasets`` 2.14 to 5.x load a Hub dataset without a script (``load_dataset("trl-lib/Capybara")``)
    with a file builder given the repo id, but keep only ``info.dataset_name``, the name snake-cased (``capybara``;
    ``OpenHermes-2.5``: ``open_hermes-2.5``), and the namespace in a cache folder (``trl-lib___capybara``); the
    ``hf://datasets/ORG/NAME@REV`` URLs go into ``download_checksums`` only with ``verification_mode="all_checks"``
    (from 5.0, only under ``datasets-cli test``). No Hub id can be told from that: :meth:`ModelCardCallback.build`
    says so when the card names no dataset. None for a file given by path or a set made in memory."""
    info = getattr(_live_set(data), "info", None)
    name, builder = getattr(info, "dataset_name", None), getattr(info, "builder_name", None)
    return name if isinstance(name, str) and name != builder and hub_dataset_id(builder) is None else None


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
                     dataset: Optional[str] = None, copied: Optional[Collection[str]] = None) -> Path:
    """Write into ``folder`` (as a records file, ``live-run.json``) what the Trainer's own card says of the run that
    only the live process knows, and no file a Trainer saves holds: the framework versions, the tags the model
    carries (:func:`_model_tags`), the Hub dataset the training set was loaded as (``dataset``, :func:`_hub_dataset`),
    and inside a Hugging Face Job (:func:`_in_a_job`; ``HF_JOB_FLAVOR``: transformers 5.x) its ``hf_jobs`` tag and
    hardware. A version the run's files (``run``, as :func:`write_run_files` wrote them) give otherwise is left to
    them, as ``build --trainer-dir`` on that folder shows it: a README an earlier process wrote into output_dir (TRL's,
    a resumed run's) names the versions that process had (``copied``: :func:`_saved_training`). Returns the file's
    path."""
    training = _saved_training(run, copied)
    saved = training.get("framework_versions") or {}
    versions = {name: version for name, version in _framework_versions(args).items()
                if saved.get(name) in (None, version)}
    live: dict[str, Any] = {"training": {"framework_versions": versions}}
    tags = _model_tags(model)
    if _in_a_job(args):  # inside a Hugging Face Job: the trainer's own card tags it; transformers' names its hardware
        tags += [] if "hf_jobs" in tags else ["hf_jobs"]
        if os.environ.get("HF_JOB_FLAVOR") and not training.get("hardware"):
            live["training"]["hardware"] = jobs_hardware(os.environ["HF_JOB_FLAVOR"])
    if tags or dataset:
        live["model"] = {**({"tags": tags} if tags else {}), **({"datasets": [dataset]} if dataset else {})}
    path = folder / LIVE_FACTS
    path.write_text(json.dumps(live, indent=2) + "\n", encoding="utf-8")
    return path


def _end_metrics(state: TrainerState) -> Optional[dict[str, Any]]:
    """The metrics ``Trainer.train`` returns (``train_loss``, ``train_runtime``, ...), from the log entry it made
    of them at the end of training; None before that entry exists."""
    for entry in reversed(state.log_history):
        if isinstance(entry, dict) and "train_runtime" in entry:
            return {k: v for k, v in entry.items() if k != "step"}
    return None


def _save_processing_class(processing_class: Any, folder: Path) -> None:
    """What ``Trainer._save`` writes of the tokenizer or processor (``processing_class.save_pretrained``)."""
    save = getattr(processing_class, "save_pretrained", None)
    if not callable(save):
        return
    try:
        save(str(folder))
    except Exception as exc:  # a custom processor's own failure must not cost the run its card
        logger.warning("modelcard: the tokenizer could not be saved (%s: %s); the card does not know whether it has "
                       "a chat template", type(exc).__name__, exc)


def write_run_files(folder: Path, args: TrainingArguments, state: TrainerState, model: Any = None,
                    output_dir: Optional[Path] = None, processing_class: Any = None) -> set[str]:
    """Write into ``folder`` the files a Trainer saves for this run, from the live objects (see the module doc).
    Returns the names of those copied from ``output_dir`` (an earlier process's), beside the ones written."""
    state.save_to_json(str(folder / "trainer_state.json"))
    try:
        (folder / ARGS_BIN).write_bytes(pickle.dumps(args, protocol=2))  # torch.save's default protocol
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # a script hung something unpicklable on them
        logger.warning("modelcard: the training arguments could not be pickled (%s); the card lists them from "
                       "TrainingArguments.to_dict(), without the distributed setup", exc)
        (folder / "training_args.json").write_text(args.to_json_string(), encoding="utf-8")
    metrics = _end_metrics(state)
    if metrics is not None:
        (folder / "train_results.json").write_text(json.dumps(metrics, indent=4, sort_keys=True), encoding="utf-8")
    written = _save_model_config(model, folder) if model is not None else set()
    if processing_class is not None:
        _save_processing_class(processing_class, folder)
    copied: set[str] = set()
    if output_dir is None:
        return copied
    for name in _FOLDER_FILES:
        source = output_dir / name
        if name in written or not source.is_file():
            continue
        if name == "README.md" and _OUR_MARKER in source.read_text(encoding="utf-8", errors="replace"):
            continue  # a card this generator wrote (an earlier run's): not the trainer's own
        if name != "README.md" and written & {"config.json", "adapter_config.json"}:
            continue  # the live model's configuration is this run's; a saved one may be an earlier run's
        shutil.copyfile(source, folder / name)
        copied.add(name)
    return copied


class ModelCardCallback(TrainerCallback):
    """Writes the model card into ``args.output_dir`` (``README.md``) when training ends, on the main process.

    ``records``: hand-written records files merged over what the run gives (hand-written values win).
    ``repo_id``: the model's Hub repo; else the records' ``model.repo_id``, else ``args.hub_model_id``.
    ``evals``: evaluation results files (lm-evaluation-harness, lighteval, ...) to add, as ``build --eval``.
    ``publish=True`` publishes the card after writing it (``publish_options`` go to ``publish_card``:
    ``token``, ``create_pr``, ``private``, ...). ``plots=True`` embeds training curves (needs matplotlib).

    Bad records raise a :class:`generator.errors.GeneratorError` here or when training begins. At the end of
    training nothing is raised (the script still saves the model): a card that cannot be built is logged and
    kept in ``error``; the last build is ``result``, the last publication ``published``.
    """

    def __init__(self, repo_id: Optional[str] = None, records: Union[PathLike, Sequence[PathLike], None] = None, *,
                 evals: Union[PathLike, Sequence[PathLike], None] = None, output: Optional[PathLike] = None,
                 template: Optional[PathLike] = None, plots: bool = False, publish: bool = False,
                 publish_options: Optional[Mapping[str, Any]] = None) -> None:
        self.repo_id = repo_id
        self.records = _paths(records)
        self.evals = _paths(evals)
        self.output = os.fspath(output) if output is not None else None
        self.template = os.fspath(template) if template is not None else None
        self.plots = plots
        self.publish = publish
        self.publish_options = dict(publish_options or {})
        self.result: Optional[BuildResult] = None
        self.error: Optional[GeneratorError] = None
        self.published: Any = None  # generator.publish.publish.PublishResult
        self._checked = False
        self._training = False  # between on_train_begin and on_train_end
        self._dataset: Optional[str] = None  # the Hub dataset the training set names (_hub_dataset)
        self._unnamed: Optional[str] = None  # or the snake-cased name of the repo or folder it was read from
        if plots:
            from generator.render.plots import require_matplotlib

            require_matplotlib()
        if self.records or self.evals:
            self._check_files()

    def _check_files(self) -> None:
        """Read the records and results files and check them against the schema; the repo id may come later."""
        try:
            ingest(records=self.records, evals=self.evals, repo_id=self.repo_id)
        except UsageError as exc:
            if any(p.code != "missing-field" or p.path != "$.model.repo_id" for p in exc.problems):
                raise

    def output_path(self, args: TrainingArguments) -> Path:
        """Where the card goes: ``output`` (relative to ``args.output_dir``), by default ``README.md``."""
        return _output_dir(args) / (self.output or "README.md")

    def build(self, args: TrainingArguments, state: TrainerState, model: Any = None,
              output: Optional[Path] = None, processing_class: Any = None) -> BuildResult:
        """Build the card from the live run (and write it to ``output`` when given); raises GeneratorError."""
        output_dir = _output_dir(args)
        with tempfile.TemporaryDirectory(prefix="modelcard-run-") as tmp:
            folder = Path(tmp)
            copied = write_run_files(folder, args, state, model, output_dir, processing_class)
            live = folder / "live"
            live.mkdir()
            with read_once():  # a README write_live_facts reads (the versions it lists), the build reads from memory
                facts = write_live_facts(live, args, folder, model, self._dataset, copied)
                records = (str(facts), *self.records)  # the author's records win over it
                try:
                    result = build_card(trainer_dir=folder, evals=self.evals, records=records, repo_id=self.repo_id,
                                        output=output, template=self.template,
                                        plots=self.plots and output is not None)
                except GeneratorError as exc:
                    raise type(exc)([_relocated(p, folder, output_dir) for p in exc.problems]) from None
        warnings = [_relocated(p, folder, output_dir) for p in result.warnings]
        if self._unnamed and not result.records.model.datasets:
            warnings.append(Problem("ModelCardCallback", "model.datasets", f"the training set was read from a dataset "
                                    f"`datasets` names only `{self._unnamed}` (a Hub repo's name snake-cased, or a "
                                    "folder's), not by its Hub id, so the card names no dataset", "if it is a Hub "
                                    "dataset, put its id (ORG/NAME) in model.datasets in the records",
                                    severity="warning", code="dataset-not-named"))
        return replace(result, warnings=tuple(warnings))

    def write_card(self, args: TrainingArguments, state: TrainerState, model: Any = None,
                   processing_class: Any = None) -> BuildResult:
        """Build and write the card now (and publish it when asked); raises GeneratorError.

        ``on_train_end`` calls it; call it again after a final ``trainer.evaluate()`` to add that evaluation:
        ``callback.write_card(trainer.args, trainer.state, trainer.model, trainer.processing_class)``.
        """
        output = self.output_path(args)
        output.parent.mkdir(parents=True, exist_ok=True)  # with save_strategy="no" nothing has made output_dir yet
        result = self.build(args, state, model, output, processing_class)
        for warning in result.warnings:
            logger.warning("modelcard: %s", warning)
        self.result, self.error = result, None
        logger.info("modelcard: wrote %s", result.output)
        if self.publish and result.output is not None:
            from generator.publish.publish import publish_card

            self.published = publish_card(result.output, self._publish_target(result), plots=self.plots,
                                          **self.publish_options)
            log = logger.info if self.published.ok else logger.error
            log("modelcard: publish %s: %s %s", self.published.repo_id, self.published.status,
                self.published.message or self.published.commit_url or "")
        return result

    def attach(self, trainer: Any) -> "ModelCardCallback":
        """Add the callback to ``trainer`` and keep the card when the Trainer writes its own README.

        ``trainer.create_model_card()`` (which ``trainer.push_to_hub()`` calls before it uploads ``output_dir``, and
        TRL's trainers at each checkpoint) writes the Trainer's card over ``output_dir/README.md``. Attached, the
        callback lets it, then builds the card again with that README read as the trainer's (the ``dataset``,
        ``finetuned_from``, ``license``, ``language`` and tags given to it) and writes it in its place: the folder
        ``push_to_hub`` uploads holds this card. A failure is logged, never raised, as at the end of training.
        During training (TRL's README at each checkpoint) nothing is built or published: the card written when
        training ends reads the last one.
        """
        if self not in trainer.callback_handler.callbacks:
            trainer.add_callback(self)
        self._dataset = _hub_dataset(getattr(trainer, "train_dataset", None))
        self._unnamed = _unnamed_source(getattr(trainer, "train_dataset", None))
        trainers_own = trainer.create_model_card
        if getattr(trainers_own, "modelcard_callback", None) is self:
            return self  # attached already: one card written per create_model_card

        @functools.wraps(trainers_own)
        def create_model_card(*args: Any, **kwargs: Any) -> Any:
            written = trainers_own(*args, **kwargs)
            if trainer.is_world_process_zero() and not self._training:  # TRL's at a checkpoint: on_train_end writes
                processing_class = getattr(trainer, "processing_class", None)
                self._write_logged(trainer.args, trainer.state, trainer.model,
                                   processing_class if processing_class is not None
                                   else getattr(trainer, "tokenizer", None))
            return written

        create_model_card.modelcard_callback = self  # type: ignore[attr-defined]
        trainer.create_model_card = create_model_card
        return self

    def _write_logged(self, args: TrainingArguments, state: TrainerState, model: Any, processing_class: Any) -> None:
        try:
            self.write_card(args, state, model, processing_class)
        except GeneratorError as exc:
            self.error = exc
            logger.error("modelcard: no model card written:\n%s", exc)

    def _publish_target(self, result: BuildResult) -> str:
        repo_id = result.records.model.repo_id
        if repo_id is None:
            raise UsageError([Problem("ModelCardCallback", "repo_id", "publish=True, but nothing names the model's "
                                      "Hub repo", "pass ModelCardCallback(repo_id=...), set model.repo_id in the "
                                      "records, or TrainingArguments(hub_model_id=...)", code="no-repo-id")])
        return repo_id

    def _check_run(self, args: TrainingArguments, state: TrainerState, model: Any) -> None:
        if not self._checked:  # the tokenizer is left out: it only changes the Quick start, never whether a card builds
            result = self.build(args, state, model)  # raises before the first step when the records cannot make a card
            if self.publish:
                self._publish_target(result)
            self._checked = True

    def on_init_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                    **kwargs: Any) -> None:
        """Given to ``Trainer(callbacks=[...])``: check that a card can be built, before anything else runs."""
        self._check_run(args, state, kwargs.get("model"))

    def on_train_begin(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                       **kwargs: Any) -> None:
        """Added with ``trainer.add_callback``: the same check, before the first training step. The training set
        (in the ``train_dataloader`` the Trainer hands its callbacks) names the card's dataset."""
        self._dataset = _hub_dataset(kwargs.get("train_dataloader")) or self._dataset
        self._unnamed = _unnamed_source(kwargs.get("train_dataloader")) or self._unnamed
        self._check_run(args, state, kwargs.get("model"))
        self._training = True

    def on_train_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                     **kwargs: Any) -> None:
        """Write (and publish) the card on the main process; a failure is logged, never raised."""
        self._training = False
        if state.is_world_process_zero:
            self._write_logged(args, state, kwargs.get("model"), _processing_class(kwargs))


def _processing_class(kwargs: Mapping[str, Any]) -> Any:
    """The tokenizer or processor the Trainer passes its callbacks (``tokenizer=`` before transformers 4.46)."""
    found = kwargs.get("processing_class")
    return found if found is not None else kwargs.get("tokenizer")


def _output_dir(args: TrainingArguments) -> Path:
    return Path(args.output_dir or "trainer_output")  # transformers 5's own default when none is given


def _relocated(problem: Problem, folder: Path, output_dir: Path) -> Problem:
    """A problem found in the temporary run folder, named after the output_dir file it stands for, in its file and in
    its text (a records value that replaces the run's names where the run's came from)."""
    def moved(text: str) -> str:
        return text.replace(str(folder), str(output_dir))

    return replace(problem, file=moved(problem.file), message=moved(problem.message), fix=moved(problem.fix))


__all__ = ["ModelCardCallback", "write_run_files"]
