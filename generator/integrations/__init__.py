"""The in-process way: a transformers ``TrainerCallback`` that writes the model card when training ends.

    from generator.integrations import ModelCardCallback
    trainer.add_callback(ModelCardCallback(repo_id="org/model", records="card.yaml"))

This is the only package that imports transformers; ``import generator`` never loads it.

The callback has no reader of its own. When training ends it writes what the Trainer itself saves (:mod:`.run_files`),
from the live objects, into a private temporary folder: ``trainer_state.json`` (``TrainerState.save_to_json``),
``training_args.bin`` (the pickle of the live ``TrainingArguments``, the object ``torch.save`` writes, read back
by the same restricted unpickler as a saved run's), ``train_results.json`` (the end-of-training metrics, as
``save_metrics("train", ...)`` writes them), the model's ``config.json`` or ``adapter_config.json``, and the
tokenizer or processor as ``save_pretrained`` writes it (whether it has a chat template decides the card's Quick
start; with none passed, as for a run saved without one, whether the base model's name says it chats). Beside
them go the files ``output_dir`` already holds that the Trainer reader reads (the README TRL writes at each
checkpoint, a saved config). That folder goes to :func:`generator.render.build.build_card`, the call behind
``modelcard build --trainer-dir``, with the records files; the card is written to ``output_dir/README.md``.
What the Trainer's own card says that no saved file holds (the framework versions of the running process, the tags
the model carries, the Hub datasets the training and eval sets were loaded as) goes with them as a records file the author's
records override (:mod:`.live`'s :func:`write_live_facts`; a version the run's files give is theirs): ``build --trainer-dir`` on
the saved folder gives the same card given that file, or once a README that lists them is saved there.

Records are checked twice before any training step: when the callback is made (each file read and checked
against the schema) and when training begins (the whole card built once from the arguments, not written), so
a bad records file stops the script before hours of training rather than after.
"""

from __future__ import annotations

import copy
import functools
import inspect
import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

from generator.errors import GeneratorError, Problem, UsageError
from generator.io.data import json_path
from generator.io.files import load_data_file, read_once
from generator.records.builder.eval_sets import UNNAMED, results_by_set
from generator.render.build import BuildResult, build_card
from generator.sources.eval_sets import EvalSets, given_sets
from generator.sources.pipeline import ingest
from generator.sources.trainer_method import tags_given

try:
    from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("generator.integrations needs transformers: pip install 'modelcard-generator[transformers]'"
                      ) from exc

# after the check above: both import transformers
from generator.integrations.live import (  # noqa: E402
    LIVE_FACTS,
    dataset_part,
    eval_set_datasets,
    hub_source,
    unnamed_eval_sets,
    unnamed_source,
    write_live_facts,
)
from generator.integrations.run_files import write_run_files  # noqa: E402

__all__ = ["LIVE_FACTS", "ModelCardCallback", "write_live_facts", "write_run_files"]

PathLike = Union[str, "os.PathLike[str]"]
logger = logging.getLogger(__name__)


def _paths(value: Union[PathLike, Sequence[PathLike], None]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (os.fspath(value),)
    return tuple(os.fspath(v) for v in value)


class ModelCardCallback(TrainerCallback):
    """Writes the model card into ``args.output_dir`` (``README.md``) when training ends, on the main process.

    ``records``: hand-written records files merged over what the run gives (hand-written values win).
    ``repo_id``: the model's Hub repo; else the records' ``model.repo_id``, else ``args.hub_model_id``.
    ``evals``: evaluation results files (lm-evaluation-harness, lighteval, ...) to add, as ``build --eval``.
    ``eval_datasets``: the Hub dataset of each eval set (``{"a": "org/name", "b": "org/other@rev:config:split"}``, or
    ``"org/name"`` for the Trainer's one ``eval_dataset``), as ``build --eval-set``: each set's final results become a
    model-index result. Attached (:meth:`attach`, which training begins with), a set the Trainer's ``eval_dataset``
    loaded from a Hub dataset ``datasets`` names (a canonical one, ``gsm8k``; with ``datasets`` 2.14 to 4.8.4, one a
    file builder loaded, by the files it read: :func:`.live.hub_dataset`) is read from it, with its config and split,
    unless given here; a set given that the Trainer's ``eval_dataset`` has not is refused then, before training.
    ``publish=True`` publishes the card after writing it (``publish_options`` go to ``publish_card``:
    ``token``, ``create_pr``, ``private``, ...). ``plots=True`` embeds training curves (needs matplotlib).

    Bad records raise a :class:`generator.errors.GeneratorError` here or when training begins. At the end of
    training nothing is raised (the script still saves the model): a card that cannot be built is logged and
    kept in ``error``; the last build is ``result``, the last publication ``published``.
    """

    def __init__(self, repo_id: Optional[str] = None, records: Union[PathLike, Sequence[PathLike], None] = None, *,
                 evals: Union[PathLike, Sequence[PathLike], None] = None, output: Optional[PathLike] = None,
                 template: Optional[PathLike] = None, plots: bool = False, publish: bool = False,
                 publish_options: Optional[Mapping[str, Any]] = None,
                 eval_datasets: Optional[EvalSets] = None) -> None:
        self.repo_id = repo_id
        # checked now, before training; they win over the records', which win over those read from the live sets
        self.eval_datasets = given_sets(eval_datasets or {}, "ModelCardCallback")
        self._eval_read: dict[str, dict[str, str]] = {}  # the Hub datasets the live eval sets name (attach)
        self._eval_unnamed: dict[str, str] = {}  # or the snake-cased names of those read from a repo or folder
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
        self._processing_class: Any = None  # the tokenizer or processor last passed: a later write_card's default
        self._dataset: Optional[str] = None  # the Hub dataset the training set names (_hub_dataset)
        self._revision: Optional[str] = None  # and the commit its files were read at
        self._part: Optional[str] = None  # and the part of it the set is (its config and split: dataset_part)
        self._unnamed: Optional[str] = None  # or the snake-cased name of the repo or folder it was read from
        self._given: tuple[str, ...] = ()  # the tags the trainer's create_model_card was last given, in that order
        self._resumed_at: Optional[int] = None  # the step training began at: a checkpoint's it resumed from
        self._pushed_at: Optional[int] = None  # the step of the last card written for a push during training
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
            copied = write_run_files(folder, _resumed(args, self._resumed_at), state, model, output_dir,
                                     processing_class)
            live = folder / "live"
            live.mkdir()
            # a README write_live_facts reads (the versions it lists), the build reads from memory; TRL's tags as given
            with read_once(), tags_given(self._given):
                facts = write_live_facts(live, args, folder, model, self._dataset, copied, self._eval_read,
                                         self._revision, self._part)
                records = (str(facts), *self.records)  # the author's records win over it
                try:
                    result = build_card(trainer_dir=folder, evals=self.evals, records=records, repo_id=self.repo_id,
                                        output=output, template=self.template, eval_sets=self.eval_datasets,
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
        return replace(result, warnings=tuple(warnings + self._unnamed_eval_sets(result)))

    def _unnamed_eval_sets(self, result: BuildResult) -> list[Problem]:
        """A warning for each live eval set the run evaluated that ``datasets`` names only by its repo's or folder's
        name (:func:`~generator.integrations.live.unnamed_eval_sets`) and that nothing maps to its Hub dataset
        (``eval_datasets=``, the records' ``training.eval_sets``): its results reach no model-index."""
        training = result.records.training
        evaluated = results_by_set(training.eval_results) if training is not None else {}
        mapped = {name or UNNAMED for name in self.eval_datasets} | _records_sets(self.records)
        return [Problem("ModelCardCallback", json_path(["training", "eval_sets", name]), f"the eval set {name} was "
                        f"read from a dataset `datasets` names only `{source}` (a Hub repo's name snake-cased, or a "
                        "folder's), not by its Hub id, so its results reach no model-index", "if it is a Hub dataset, "
                        f"name it: ModelCardCallback(eval_datasets={{{name!r}: 'ORG/NAME:CONFIG:SPLIT'}})",
                        severity="warning", code="eval-set-not-named")
                for name, source in self._eval_unnamed.items() if name in evaluated and name not in mapped]

    def write_card(self, args: TrainingArguments, state: TrainerState, model: Any = None,
                   processing_class: Any = None) -> BuildResult:
        """Build and write the card now (and publish it when asked); raises GeneratorError.

        ``on_train_end`` calls it; call it again after a final ``trainer.evaluate()`` to add that evaluation:
        ``callback.write_card(trainer.args, trainer.state, trainer.model, trainer.processing_class)`` (without
        ``processing_class``, the one the Trainer passed at the end of training).
        """
        return self._write(args, state, model, processing_class, self.publish)

    def _write(self, args: TrainingArguments, state: TrainerState, model: Any, processing_class: Any,
               publish: bool) -> BuildResult:
        """:meth:`write_card`, publishing only when ``publish``."""
        if processing_class is None:
            processing_class = self._processing_class
        self._processing_class = processing_class
        output = self.output_path(args)
        output.parent.mkdir(parents=True, exist_ok=True)  # with save_strategy="no" nothing has made output_dir yet
        result = self.build(args, state, model, output, processing_class)
        for warning in result.warnings:
            logger.warning("modelcard: %s", warning)
        self.result, self.error = result, None
        logger.info("modelcard: wrote %s", result.output)
        if publish and result.output is not None:
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
        During training (TRL's README at each checkpoint) nothing is built or published, unless the Trainer
        uploads the checkpoint (``hub_strategy``: :meth:`_write_for_push`): the card written when training ends
        reads the last one. Training begins with it (:meth:`on_train_begin`), however the callback was
        added; called before, it refuses ``eval_datasets`` the trainer has no set of before anything else runs.
        """
        self._check_eval_sets(getattr(trainer, "eval_dataset", None))
        if self not in trainer.callback_handler.callbacks:
            trainer.add_callback(self)
        self._dataset, self._revision = hub_source(getattr(trainer, "train_dataset", None))
        self._part = dataset_part(getattr(trainer, "train_dataset", None))
        self._unnamed = unnamed_source(getattr(trainer, "train_dataset", None))
        self._eval_read = eval_set_datasets(getattr(trainer, "eval_dataset", None))
        self._eval_unnamed = unnamed_eval_sets(getattr(trainer, "eval_dataset", None))
        trainers_own = trainer.create_model_card
        if getattr(trainers_own, "modelcard_callback", None) is self:
            return self  # attached already: one card written per create_model_card

        @functools.wraps(trainers_own)
        def create_model_card(*args: Any, **kwargs: Any) -> Any:
            # its tags, third in both signatures (TRL's model_name, dataset_name, tags; transformers' language,
            # license, tags): TRL 0.19+ writes them from a set, the card keeps them in this order (tags_given)
            given = kwargs.get("tags", args[2] if len(args) > 2 else None)
            if given:
                self._given = (given,) if isinstance(given, str) else tuple(t for t in given if isinstance(t, str))
            written = trainers_own(*args, **kwargs)
            processing_class = getattr(trainer, "processing_class", None)
            if processing_class is None:
                processing_class = getattr(trainer, "tokenizer", None)
            if not trainer.is_world_process_zero():
                return written
            if not self._training:
                self._write_logged(trainer.args, trainer.state, trainer.model, processing_class)
            elif _pushes_checkpoints(trainer.args):  # TRL's, at a checkpoint the Trainer is about to push
                self._write_for_push(trainer.args, trainer.state, trainer.model, processing_class)
            return written

        create_model_card.modelcard_callback = self  # type: ignore[attr-defined]
        trainer.create_model_card = create_model_card
        return self

    def _check_eval_sets(self, eval_dataset: Any) -> None:
        """A set ``eval_datasets`` names that the trainer's ``eval_dataset`` has not, refused before training (the
        build finds it only once the run has final results)."""
        names = list(eval_dataset) if isinstance(eval_dataset, dict) else [] if eval_dataset is None else [UNNAMED]
        unknown = [name for name in self.eval_datasets if name is not None and name not in names]
        if names and unknown:
            raise UsageError([Problem("ModelCardCallback", f"eval_datasets[{name!r}]", "names no eval set of the "
                                      f"trainer's eval_dataset ({', '.join(map(str, names))})",
                                      "use the names of its eval sets (`eval` for one eval_dataset that is no dict)",
                                      code="unknown-eval-set") for name in unknown])

    def _write_logged(self, args: TrainingArguments, state: TrainerState, model: Any, processing_class: Any,
                      for_push: bool = False) -> None:
        try:
            if for_push:  # the Trainer's push uploads it: not published
                self._write(args, state, model, processing_class, publish=False)
            else:
                self.write_card(args, state, model, processing_class)
        except GeneratorError as exc:
            self.error = exc
            logger.error("modelcard: no model card written:\n%s", exc)

    def _write_for_push(self, args: TrainingArguments, state: TrainerState, model: Any, processing_class: Any) -> None:
        """The card of the run so far into output_dir, which the Trainer uploads at a checkpoint during training
        (``hub_strategy`` other than ``end``): the README the Hub shows then is this card, not the trainer's (TRL's,
        written at each checkpoint) or none. Once a step, only where the card is output_dir's README, never
        published (the Trainer's push uploads it; ``publish=True`` publishes the final card)."""
        if self.output_path(args) != _output_dir(args) / "README.md" or self._pushed_at == state.global_step:
            return
        self._pushed_at = state.global_step
        self._write_logged(args, state, model, processing_class, for_push=True)

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
        """The same check, before the first training step. The training set (in the ``train_dataloader`` the
        Trainer hands its callbacks) names the card's dataset. However it was added (``callbacks=[...]``,
        ``add_callback``), the callback attaches itself to the Trainer training now (:meth:`attach`): the
        ``create_model_card()`` that ``push_to_hub()``, ``save_model()`` with ``push_to_hub=True`` and the example
        scripts' last lines call wrote the Trainer's README over the card otherwise."""
        trainer = _calling_trainer(self)
        if trainer is not None:  # given as callbacks=[...] or with add_callback: attached, as attach() does
            self.attach(trainer)
        dataset, revision = hub_source(kwargs.get("train_dataloader"))
        if dataset:
            self._dataset, self._revision = dataset, revision
            self._part = dataset_part(kwargs.get("train_dataloader"))
        self._unnamed = unnamed_source(kwargs.get("train_dataloader")) or self._unnamed
        self._check_run(args, state, kwargs.get("model"))
        self._resumed_at = state.global_step if isinstance(state.global_step, int) and state.global_step > 0 else None
        self._pushed_at = None
        self._training = True

    def on_push_begin(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                      **kwargs: Any) -> None:
        """During training, before the Trainer uploads output_dir at a checkpoint (``hub_strategy`` every_save,
        checkpoint, all_checkpoints; transformers 5 calls this event there): the card of the run so far goes there
        first (:meth:`_write_for_push`). Under transformers 4, which has no such event, TRL's trainers get it when
        they write their README at the checkpoint (:meth:`attach`); a plain Trainer pushes no README then."""
        if self._training and state.is_world_process_zero:
            self._write_for_push(args, state, kwargs.get("model"), _processing_class(kwargs))

    def on_train_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                     **kwargs: Any) -> None:
        """Write (and publish) the card on the main process; a failure is logged, never raised."""
        self._training = False
        if state.is_world_process_zero:
            self._write_logged(args, state, kwargs.get("model"), _processing_class(kwargs))


def _calling_trainer(callback: ModelCardCallback) -> Any:
    """The Trainer whose callback handler calls ``callback`` now (found among the callers' frames: the handler
    passes its callbacks no Trainer), or None when no Trainer holding it is calling (a test's direct call)."""
    frame = inspect.currentframe()
    try:
        for _ in range(_FRAMES):
            frame = frame.f_back if frame is not None else None
            if frame is None:
                return None
            owner = frame.f_locals.get("self")
            handler = getattr(owner, "callback_handler", None)
            if any(c is callback for c in getattr(handler, "callbacks", ())) \
                    and callable(getattr(owner, "create_model_card", None)):
                return owner
        return None
    finally:
        del frame


_FRAMES = 12  # on_train_begin, CallbackHandler.call_event and on_train_begin, the Trainer's loop, with room to spare


def _pushes_checkpoints(args: TrainingArguments) -> bool:
    """Whether the Trainer uploads output_dir at each checkpoint (``push_to_hub`` with a ``hub_strategy`` but
    ``end``)."""
    strategy = getattr(args, "hub_strategy", "end")
    return bool(getattr(args, "push_to_hub", False)) and str(getattr(strategy, "value", strategy)) != "end"


def _resumed(args: TrainingArguments, step: Optional[int]) -> TrainingArguments:
    """The arguments as a run resumed at ``step`` saves them when its script passes the checkpoint on
    (``resume_from_checkpoint``, which ``trainer.train(resume_from_checkpoint=...)`` leaves unset): what the Trainer
    reader reads a resumed run by (:func:`generator.sources.trainer_state.resumed_run`)."""
    if step is None or (isinstance(args.resume_from_checkpoint, str) and args.resume_from_checkpoint):
        return args
    resumed = copy.copy(args)
    object.__setattr__(resumed, "resume_from_checkpoint", str(_output_dir(args) / f"checkpoint-{step}"))
    return resumed


def _processing_class(kwargs: Mapping[str, Any]) -> Any:
    """The tokenizer or processor the Trainer passes its callbacks (``tokenizer=`` before transformers 4.46)."""
    found = kwargs.get("processing_class")
    return found if found is not None else kwargs.get("tokenizer")


def _records_sets(records: Sequence[str]) -> set[str]:
    """The eval sets the records files map (``training.eval_sets``), which were read and checked already."""
    found: set[str] = set()
    for path in records:
        data = load_data_file(Path(path), path)
        training = data.get("training") if isinstance(data, dict) else None
        sets = training.get("eval_sets") if isinstance(training, dict) else None
        found.update(name for name in sets or () if isinstance(name, str))
    return found


def _output_dir(args: TrainingArguments) -> Path:
    return Path(args.output_dir or "trainer_output")  # transformers 5's own default when none is given


def _relocated(problem: Problem, folder: Path, output_dir: Path) -> Problem:
    """A problem found in the temporary run folder, named after the output_dir file it stands for, in its file and in
    its text (a records value that replaces the run's names where the run's came from)."""
    def moved(text: str) -> str:
        return text.replace(str(folder), str(output_dir))

    return replace(problem, file=moved(problem.file), message=moved(problem.message), fix=moved(problem.fix))


__all__ = ["ModelCardCallback", "write_run_files"]
