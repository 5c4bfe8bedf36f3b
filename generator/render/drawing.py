"""Drawing the charts :func:`generator.render.plots.plan` chose, with matplotlib, as PNG and SVG.

matplotlib (the optional extra ``modelcard-generator[plots]``) is imported only inside :func:`draw`.
Output is byte-stable for a given matplotlib: the Agg and SVG backends, matplotlib's own default style
with fixed rcParams (whatever the user's matplotlibrc says), the DejaVu Sans font bundled with matplotlib
drawn as paths, a fixed SVG hash salt, and no date, creator or software version written into the files.
"""

from __future__ import annotations

import math
import textwrap
import threading
from typing import Any, Sequence

from generator.render.plots import Bars, Chart, require_matplotlib

_OURS = "#e4572e"
_BASELINES = ("#4c78a8", "#9ecae9", "#72b7b2", "#b0b0b0", "#54a24b", "#b279a2", "#eeca3b", "#9e765f")
_LOCK = threading.Lock()  # rcParams are global: one figure at a time (publish renders cards in threads)


def _rc() -> dict[str, Any]:
    return {
        "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 10,
        "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10, "legend.fontsize": 9,
        "xtick.labelsize": 9, "ytick.labelsize": 9, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.alpha": 0.35, "grid.linewidth": 0.6, "axes.axisbelow": True,
        "axes.formatter.useoffset": False, "axes.formatter.limits": (-3, 5), "axes.formatter.use_mathtext": True,
        "figure.dpi": 100, "savefig.dpi": 150, "figure.facecolor": "white", "savefig.facecolor": "white",
        "savefig.edgecolor": "white", "savefig.transparent": False, "savefig.bbox": None,
        "svg.fonttype": "path", "svg.hashsalt": "modelcard-generator", "svg.image_inline": True,
        "path.simplify": True, "text.usetex": False, "text.hinting": "default", "text.antialiased": True,
        "lines.linewidth": 1.8, "lines.markersize": 5,
    }


def _text(text: str, width: int = 0) -> str:
    """Record text as matplotlib shows it literally: no mathtext, wrapped when asked."""
    text = " ".join(str(text).split()).replace("$", r"\$")
    if not width or len(text) <= width:
        return text
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def _draw_lines(fig: Any, chart: Chart) -> None:
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    for s in chart.lines:
        single = len(s.x) == 1
        ax.plot(s.x, s.y, label=_text(s.label), color=s.colour, linestyle="--" if s.split == "eval" else "-",
                marker="o" if s.split == "eval" or single else None, markersize=4 if s.split == "eval" else 5)
    ax.set_title(_text(chart.title), loc="left")
    ax.set_xlabel(_text(chart.xlabel))
    ax.set_ylabel(_text(chart.ylabel))
    if chart.xlabel == "Step":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))
    if len(chart.lines) > 2:  # below the axes: never over a curve
        labels = [_text(s.label) for s in chart.lines]
        paired = len({s.split for s in chart.lines}) == 2  # training / validation of each metric in one column
        ncols = _legend_columns(labels, fig.get_figwidth(), even=paired)
        fig.legend(loc="outside lower center", ncols=ncols, frameon=False)
    elif len(chart.lines) > 1 or chart.lines[0].split == "eval":
        ax.legend(frameon=False, loc="best")


def _colours(chart: Chart) -> list[str]:
    out, n = [], 0
    for b in chart.bars:
        if b.ours:
            out.append(_OURS)
        else:
            out.append(_BASELINES[n % len(_BASELINES)])
            n += 1
    return out


def _legend_columns(labels: Sequence[str], width: float, even: bool = False) -> int:
    """As many legend columns (up to 4) as fit the figure's width, full rows preferred (``even``: required).

    matplotlib fills columns top to bottom, the first ones one entry longer when the count does not divide."""
    sizes = [0.075 * len(label) + 0.55 for label in labels]  # inches at 9 pt, with the colour patch
    n = len(labels)

    def fits(ncols: int) -> bool:
        lengths = [n // ncols + (1 if i < n % ncols else 0) for i in range(ncols)]
        starts = [sum(lengths[:i]) for i in range(ncols)]
        return sum(max(sizes[a:a + k]) for a, k in zip(starts, lengths)) <= width - 0.3

    candidates = range(min(n, 4), 1, -1)
    best = next((c for c in candidates if n % c == 0 and fits(c)), None)  # full rows read best
    if best is None and not even:
        best = next((c for c in candidates if fits(c)), None)
    return best or 1


def _legend(fig: Any, bars: Sequence[Bars], handles: list) -> None:
    labels = [_text(b.label + (" (this model)" if b.ours else "")) for b in bars]
    ncols = _legend_columns(labels, fig.get_figwidth())
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols, frameon=False)


def _bar_labels(ax: Any, container: Any, texts: Sequence[str], size: float) -> None:
    ax.bar_label(container, labels=list(texts), padding=2, fontsize=size)


def _draw_grouped(fig: Any, chart: Chart) -> None:
    ax = fig.add_subplot()
    n, groups = len(chart.bars), len(chart.benchmarks)
    width = 0.8 / n
    colours = _colours(chart)
    handles = []
    size = 7.5 if groups * n <= 24 else 6.5
    for i, b in enumerate(chart.bars):
        xs = [g - 0.4 + width * (i + 0.5) for g in range(groups)]
        heights = [v if v is not None else 0.0 for v in b.values]
        container = ax.bar(xs, heights, width * 0.92, color=colours[i], edgecolor="#333333" if b.ours else "none",
                           linewidth=0.8)
        _bar_labels(ax, container, [t if v is not None else "" for t, v in zip(b.texts, b.values)], size)
        handles.append(container)
    slot = fig.get_figwidth() * 0.9 / groups  # inches of axis per benchmark
    wrap = max(10, int(slot / 0.075))  # characters of 9 pt text that fit in it
    labels = [_text(label, wrap) for label in chart.benchmarks]
    if max(len(line) for label in labels for line in label.split("\n")) * 0.075 > slot * 0.95:
        ax.set_xticks(range(groups), [_text(label) for label in chart.benchmarks], rotation=35, ha="right",
                      rotation_mode="anchor")  # too many to fit side by side, even wrapped
    else:
        ax.set_xticks(range(groups), labels)
    ax.set_ylabel(_text(chart.ylabel))
    ax.grid(axis="x", visible=False)
    top = max((v for b in chart.bars for v in b.values if v is not None), default=1.0)
    bottom = min((v for b in chart.bars for v in b.values if v is not None), default=0.0)
    ax.set_ylim(min(0.0, bottom * 1.15), max(0.0, top) * 1.12 or 1.0)
    ax.set_title(_text(chart.title), loc="left")
    _legend(fig, chart.bars, handles)


def _draw_panels(fig: Any, chart: Chart) -> None:
    count = len(chart.benchmarks)
    cols = min(count, 4)
    rows = math.ceil(count / cols)
    axes = fig.subplots(rows, cols, squeeze=False)
    colours = _colours(chart)
    handles: list = []
    for k in range(rows * cols):
        ax = axes[k // cols][k % cols]
        if k >= count:
            ax.set_visible(False)
            continue
        shown = [(i, b) for i, b in enumerate(chart.bars) if b.values[k] is not None]
        for i, b in shown:
            container = ax.bar([i], [b.values[k]], 0.7, color=colours[i], edgecolor="#333333" if b.ours else "none",
                               linewidth=0.8)
            _bar_labels(ax, container, [b.texts[k]], 8)
            if len(handles) <= i:
                handles.extend([None] * (i + 1 - len(handles)))
            handles[i] = container
        values = [v for _, b in shown if (v := b.values[k]) is not None]
        top, bottom = max(values), min(values)
        ax.set_ylim(min(0.0, bottom * 1.18), max(0.0, top) * 1.18 or 1.0)
        ax.set_xlim(-0.6, len(chart.bars) - 0.4)
        ax.set_xticks([])
        ax.grid(axis="x", visible=False)
        ax.set_title(_text(chart.benchmarks[k], 28), fontsize=10, fontweight="normal")
    fig.suptitle(_text(chart.title), x=0.01, ha="left", fontsize=12, fontweight="bold")
    shown_bars = [b for i, b in enumerate(chart.bars) if i < len(handles) and handles[i] is not None]
    _legend(fig, shown_bars, [h for h in handles if h is not None])


def _size(chart: Chart) -> tuple[float, float]:
    if chart.lines:
        return (8.0, 4.5)
    if chart.shared_axis:
        return (max(8.0, min(14.0, 1.4 * len(chart.benchmarks) + 2.5)), 5.0)
    cols = min(len(chart.benchmarks), 4)
    rows = math.ceil(len(chart.benchmarks) / cols)
    return (max(6.0, 2.6 * cols + 0.6), 2.7 * rows + 1.4)


def draw(chart: Chart) -> dict[str, bytes]:
    """The chart as ``{"assets/<name>.png": ..., "assets/<name>.svg": ...}``, the same bytes every time."""
    require_matplotlib()
    import io

    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc: Any = _rc()  # matplotlib types its keys as a Literal of every rc name
    with _LOCK, matplotlib.style.context("default"), matplotlib.rc_context(rc):
        fig = Figure(figsize=_size(chart), layout="constrained")
        FigureCanvasAgg(fig)
        if chart.lines:
            _draw_lines(fig, chart)
        elif chart.shared_axis:
            _draw_grouped(fig, chart)
        else:
            _draw_panels(fig, chart)
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Title": chart.alt})
    png_name, svg_name = chart.files
    return {png_name: png.getvalue(), svg_name: svg.getvalue()}


def draw_all(charts: Sequence[Chart]) -> dict[str, bytes]:
    """Every chart's files, by path relative to the card, sorted."""
    out: dict[str, bytes] = {}
    for chart in charts:
        out.update(draw(chart))
    return dict(sorted(out.items()))


__all__ = ["draw", "draw_all"]
