"""The card's plots: training curves and comparisons with baselines, as PNG and SVG assets.

Which plots a record set gets is decided from data alone (:func:`plan`): a curve needs a
metric logged at two steps or more, a comparison chart needs the model's own row and at
least one baseline with a number for the same benchmark. Drawing (:func:`generator.render.drawing.draw`) needs
matplotlib, the optional extra ``modelcard-generator[plots]``; it is imported only there,
so rendering without plots never loads it.

Output is byte-stable for a given matplotlib: the Agg and SVG backends, matplotlib's own
default style with fixed rcParams (whatever the user's matplotlibrc says), the DejaVu Sans
font bundled with matplotlib drawn as paths, a fixed SVG hash salt, and no date, creator
or software version written into the files.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from generator.errors import PlotsUnavailable, Problem, UsageError, counted
from generator.io.files import atomic_write
from generator.io.images import inside
from generator.records.methods import is_timing, trainer_key
from generator.records.model import Comparison, Records, Training
from generator.records.numbers import sort_key
from generator.render.tables import number_cell

ASSETS = "assets"
INSTALL = "pip install 'modelcard-generator[plots]'"
MIN_POINTS = 2  # a curve needs two points

# Logged values that are bookkeeping, not curves of the method.
_SKIPPED = {"epoch", "step", "loss", "learning_rate", "grad_norm", "num_tokens", "total_flos", "samples",
            "num_input_tokens_seen"}
_NAMES = {
    "rewards": "Rewards", "rewards/accuracies": "Reward accuracy", "logps": "Log-probabilities",
    "logits": "Logits", "entropy": "Entropy", "mean_token_accuracy": "Mean token accuracy",
    "kl": "KL divergence", "reward": "Reward", "reward_std": "Reward standard deviation", "accuracy": "Accuracy",
    "perplexity": "Perplexity", "completions": "Completions", "nll_loss": "NLL loss", "log_odds_ratio": "Log odds ratio",
    "log_odds_chosen": "Log odds of chosen",
}
_FIRST = ("rewards", "rewards/accuracies", "logps", "logits")  # charts of preference methods, in this order
_MEMBER_ORDER = ("chosen", "rejected", "margins")
_MEMBER_COLOURS = {"chosen": "#1b9e77", "rejected": "#d95f02", "margins": "#7570b3"}  # Dark2: colour-blind safe
_PALETTE = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#546e7a")
_SPLIT_LABEL = {"train": "training", "eval": "validation"}



@dataclass(frozen=True)
class Series:
    """One curve: a metric on training or validation data against step (or epoch)."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    split: str = "train"  # "train" or "eval"
    colour: str = _PALETTE[0]


@dataclass(frozen=True)
class Bars:
    """One model's bars in a comparison chart, one value per benchmark (None: not reported)."""

    label: str
    values: tuple[Optional[float], ...]
    texts: tuple[str, ...]
    ours: bool = False


@dataclass(frozen=True)
class Chart:
    """One plot of the card: what it shows, where it goes, and its alt text."""

    name: str  # file stem under assets/
    title: str
    alt: str
    section: str  # "training" or "comparison"
    position: int = 0  # for comparisons: the index in records.comparisons
    xlabel: str = ""
    ylabel: str = ""
    lines: tuple[Series, ...] = ()
    benchmarks: tuple[str, ...] = ()
    bars: tuple[Bars, ...] = ()
    shared_axis: bool = True  # bars: one axis for every benchmark, else one panel each

    @property
    def path(self) -> str:
        """The PNG the card embeds, relative to the card."""
        return f"{ASSETS}/{self.name}.png"

    @property
    def files(self) -> tuple[str, str]:
        return (f"{ASSETS}/{self.name}.png", f"{ASSETS}/{self.name}.svg")


@dataclass(frozen=True)
class TrainingLog:
    """Logged values against step (or epoch): ``(key, split, ((x, y), ...))`` in first-logged order.

    Keys are the trainer's, without ``eval_``: ``loss``, ``learning_rate``, ``rewards/chosen``.
    """

    x_label: str
    series: tuple[tuple[str, str, tuple[tuple[float, float], ...]], ...] = ()

    def get(self, key: str, split: str) -> tuple[tuple[float, float], ...]:
        return next((points for k, s, points in self.series if k == key and s == split), ())


# ---------------------------------------------------------------------------- training logs


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


class _Collect:
    def __init__(self) -> None:
        self.points: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def add(self, key: str, split: str, x: Optional[float], y: Any) -> None:
        value = _number(y)
        if x is not None and value is not None:
            self.points.setdefault((key, split), []).append((x, value))

    def log(self, x_label: str) -> TrainingLog:
        return TrainingLog(x_label, tuple((k, s, tuple(p)) for (k, s), p in self.points.items()))


def training_log(training: Optional[Training]) -> TrainingLog:
    """The curves the records' training-results rows hold (values at each evaluation)."""
    rows = training.results if training is not None else ()
    if rows and all(r.step is not None for r in rows):
        x_label, xs = "step", [float(r.step) for r in rows]  # type: ignore[arg-type]
    elif rows and all(r.epoch is not None for r in rows):
        x_label, xs = "epoch", [float(r.epoch) for r in rows]  # type: ignore[arg-type]
    else:
        return TrainingLog("step")
    out = _Collect()
    for x, row in zip(xs, rows):
        out.add("loss", "train", x, row.training_loss)
        out.add("loss", "eval", x, row.validation_loss)
        for label, value in row.metrics:
            out.add(trainer_key(label), "eval", x, value)
    return out.log(x_label)


def history_log(history: Any) -> TrainingLog:
    """The curves of a Trainer's ``trainer_state.json`` ``log_history``: every logged value against step.

    Entries after the end-of-training summary (a later ``trainer.evaluate()``) are left out.
    """
    out = _Collect()
    if not isinstance(history, list):
        return out.log("step")
    for entry in history:
        if not isinstance(entry, dict):
            continue
        if "train_runtime" in entry:
            break
        step = entry.get("step")
        if isinstance(step, bool) or not isinstance(step, int):
            continue
        for key, value in entry.items():
            if key in ("step", "epoch"):
                continue
            split = "eval" if key.startswith("eval_") else "train"
            out.add(key[5:] if split == "eval" else key, split, float(step), value)
    return out.log("step")


# ---------------------------------------------------------------------------- planning


def _slug(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if len(slug) > limit:  # cut at a word boundary when there is one
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("_")] if "_" in cut else slug[:limit]
    return slug or "chart"


def _splits_text(splits: set[str]) -> str:
    if splits == {"train", "eval"}:
        return " (training and validation)"
    return " (validation)" if splits == {"eval"} else " (training)"


def _group_of(key: str) -> str:
    prefix, slash, member = key.partition("/")
    if not slash or "accurac" in member:
        return key
    return prefix


def _curves(log: TrainingLog) -> list[Chart]:
    x_name = log.x_label
    charts: list[Chart] = []
    loss = [(s, log.get("loss", s)) for s in ("train", "eval") if log.get("loss", s)]
    if any(len(points) >= MIN_POINTS for _, points in loss):
        names = {"train": "Training loss", "eval": "Validation loss"}
        lines = tuple(Series(names[s], tuple(x for x, _ in p), tuple(y for _, y in p), s,
                             _PALETTE[0] if s == "train" else _PALETTE[1]) for s, p in loss)
        what = " and ".join(n.split()[0].lower() for n in (names[s] for s, _ in loss))
        alt = f"{what[0].upper()}{what[1:]} loss against {x_name}"
        charts.append(Chart("training_loss", "Loss", alt, "training", xlabel=x_name.capitalize(), ylabel="Loss",
                            lines=lines))
    lr = log.get("learning_rate", "train")
    if len(lr) >= MIN_POINTS:
        charts.append(Chart("learning_rate", "Learning rate", f"Learning rate against {x_name}", "training",
                            xlabel=x_name.capitalize(), ylabel="Learning rate",
                            lines=(Series("Learning rate", tuple(x for x, _ in lr), tuple(y for _, y in lr)),)))
    groups: dict[str, list[str]] = {}
    for key, _, _ in log.series:
        if key in _SKIPPED or key.startswith("train_") or is_timing(key):
            continue
        group_keys = groups.setdefault(_group_of(key), [])
        if key not in group_keys:
            group_keys.append(key)
    order = sorted(groups, key=lambda g: (_FIRST.index(g) if g in _FIRST else len(_FIRST), g))
    for group in order:
        keys = groups[group]
        if len(keys) > 1:  # members of one prefix: chosen, rejected, margins first
            keys = sorted(keys, key=lambda k: (_MEMBER_ORDER.index(k.split("/")[-1])
                                               if k.split("/")[-1] in _MEMBER_ORDER else len(_MEMBER_ORDER), k))
        found = [(k, s, log.get(k, s)) for k in keys for s in ("train", "eval") if log.get(k, s)]
        if not any(len(points) >= MIN_POINTS for _, _, points in found):
            continue
        name = _NAMES.get(group) or group.replace("/", " ").replace("_", " ").capitalize()
        grouped = group != keys[0]  # keys under a prefix, labelled by their member name
        series = []
        for k, s, points in found:
            member = k.split("/")[-1] if grouped else ""
            index = keys.index(k)
            colour = _MEMBER_COLOURS.get(member) or _PALETTE[index % len(_PALETTE)]
            if not grouped and s == "eval" and any(sp == "train" for _, sp, _ in found):
                colour = _PALETTE[1]
            caption = (f"{member.replace('_', ' ')} ({_SPLIT_LABEL[s]})" if member else _SPLIT_LABEL[s].capitalize())
            series.append(Series(caption, tuple(x for x, _ in points), tuple(y for _, y in points), s, colour))
        members = ", ".join(dict.fromkeys(k.split("/")[-1].replace("_", " ") for k, _, _ in found)) if grouped else ""
        alt = f"{name}{f' ({members})' if members else ''} against {x_name}{_splits_text({s for _, s, _ in found})}"
        charts.append(Chart(f"training_{_slug(group)}", name, alt, "training", xlabel=x_name.capitalize(),
                            ylabel=name, lines=tuple(series)))
    return charts


def _comparison_chart(c: Comparison, position: int, name: str, repo_id: Optional[str]) -> Optional[Chart]:
    # ours: the row marked self, else the row linking to the model's own repo
    own_url = f"https://huggingface.co/{repo_id}" if repo_id else None
    ours = next((r for r in c.rows if r.is_self), None) or next((r for r in c.rows if own_url and r.url == own_url),
                                                                 None)
    others = [r for r in c.rows if r is not ours]
    if ours is None or not others:
        return None
    keep = [j for j, _ in enumerate(c.columns)
            if sort_key(ours.scores[j]) is not None and any(sort_key(r.scores[j]) is not None for r in others)]
    if not keep:
        return None
    rows = [ours] + others
    bars = []
    for row in rows:
        values, texts = [], []
        for j in keep:
            col = c.columns[j]
            value = sort_key(row.scores[j])
            values.append(value)
            decimals = col.decimals if col.decimals is not None else c.decimals
            texts.append("" if value is None else number_cell(row.scores[j], decimals).text)  # as the table shows it
        bars.append(Bars(row.label, tuple(values), tuple(texts), row is ours))
    benchmarks = tuple(c.columns[j].label + ("" if c.columns[j].higher_is_better else " (lower is better)")
                       for j in keep)
    # One axis for all benchmarks when their scales are alike; else (MT-Bench 0-10 next to IFEval 0-100,
    # a fraction such as 159/160 next to scores) one panel each, every panel with its own axis.
    scales = [max(abs(v) for b in bars if (v := b.values[i]) is not None) for i in range(len(keep))]
    fractions = any(isinstance(row.scores[j], str) and sort_key(row.scores[j]) is not None for row in rows for j in keep)
    shared = not fractions and min(scales) > 0 and max(scales) / min(scales) <= 5
    baselines = [r.label for r in others]
    named = baselines[0] if len(baselines) == 1 else ", ".join(baselines[:-1]) + " and " + baselines[-1]
    alt = f"Bar chart: {ours.label} against {named} on {c.title}, one group of bars per benchmark"
    return Chart(name, c.title, alt, "comparison", position=position, ylabel="Score", benchmarks=benchmarks,
                 bars=tuple(bars), shared_axis=shared)


def plan(records: Records, log: Optional[TrainingLog] = None) -> tuple[Chart, ...]:
    """The charts a record set's card gets (``log``: a fuller training log than the records hold)."""
    charts = _curves(log if log is not None else training_log(records.training))
    used = {c.name for c in charts}
    for i, comparison in enumerate(records.comparisons):
        name = base = "comparison_" + _slug(comparison.title, 40)
        n = 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        chart = _comparison_chart(comparison, i, name, records.model.repo_id)
        if chart is not None:
            used.add(name)
            charts.append(chart)
    return tuple(charts)


def nothing_drawn(records: Records, charts: Sequence[Chart] = (), log: Optional[TrainingLog] = None) -> Problem:
    """The warning when ``--plots`` draws nothing: why, and what would give the card a plot."""
    fix = "log two steps or more, add a comparison with a baseline, or leave out --plots"
    if charts:  # a user template embeds none of them
        return Problem(records.source, "", f"--plots drew nothing: the template embeds none of the card's "
                       f"{counted(len(charts), 'plot')}", "place them with plots_in(...) in the template, or leave out "
                       "--plots", severity="warning", code="nothing-to-plot")
    steps = {x for _, _, points in (log or training_log(records.training)).series for x, _ in points}
    where = "$.training.results" if log is None and records.training is not None else ""
    return Problem(records.source, where, f"--plots drew nothing: the training log has {counted(len(steps), 'step')} "
                   f"(a curve needs a value logged at {MIN_POINTS} or more) and no comparison has the model's own row "
                   "beside a baseline's number for the same benchmark", fix, severity="warning",
                   code="nothing-to-plot")


def require_plots_output(output: Optional[os.PathLike | str], where: str, *, option: str = "plots",
                         needs: str = "an output path", fix: str = "pass output='path/README.md'") -> None:
    """The one rule for where plots go: their files are written to ``assets/`` next to the card, so
    asking for plots needs an ``output`` path. Raise :class:`UsageError` without one.

    ``where``, ``option``, ``needs`` and ``fix`` word the problem for the caller: the Python API
    (the defaults) or the command line (``--plots``, ``-o``).
    """
    if not output:
        raise UsageError([Problem(where, option, f"writes the plot files to {ASSETS}/ next to the card, so it needs "
                                  f"{needs}", fix, code="needs-output")])
    check_assets_folder(output)


def check_assets_folder(card_path: os.PathLike | str) -> None:
    """Refuse (UsageError) an ``assets`` beside the card that is not a folder, or that is a symbolic
    link leading out of the card's folder: the plot files would be written wherever it points."""
    folder = Path(card_path).parent
    assets = folder / ASSETS
    if not (assets.exists() or assets.is_symlink()):
        return
    if inside(folder, ASSETS) is None:
        raise UsageError([Problem(str(assets), "", "is a symbolic link leading outside the card's folder: the plot "
                                  "files would be written there", f"remove the link, or write the card (-o) where "
                                  f"{ASSETS}/ can be a plain folder", code="asset-outside-folder")])
    if not assets.is_dir():
        raise UsageError([Problem(str(assets), "", f"is not a folder: the plot files go in {ASSETS}/",
                                  "move the file away, or write the card (-o) elsewhere", code="not-a-directory")])


def require_matplotlib() -> None:
    """Raise :class:`PlotsUnavailable` (one clear line, no traceback) when matplotlib is missing. It is looked for,
    not imported: its import takes about half a second, which a command that then draws nothing (publishing a
    card's existing plots, or refusing bad input) would spend for nothing."""
    import importlib.util

    try:
        found = importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise PlotsUnavailable([Problem("--plots", "", f"plots need matplotlib: {INSTALL}",
                                        "or leave out --plots", code="missing-dependency")])


def write_assets(assets: Mapping[str, bytes], card_path: os.PathLike | str) -> tuple[str, ...]:
    """Write each asset next to the card (``assets/...`` beside ``card_path``), each whole or not at all."""
    folder = Path(card_path).parent
    check_assets_folder(card_path)
    written = []
    for name, data in sorted(assets.items()):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
        written.append(str(target))
    return tuple(written)


__all__ = ["ASSETS", "Bars", "Chart", "Series", "TrainingLog", "check_assets_folder",
           "history_log", "nothing_drawn", "plan", "require_matplotlib", "require_plots_output", "training_log",
           "write_assets"]
