"""A card as one self-contained HTML page, laid out the way the Hub shows it.

``preview_card(source)`` takes a record set (rendered first) or an existing README.md
and returns the page: the metadata in a side box (license, base models, datasets,
languages, pipeline tag, library, tags, the model-index results as a table) and the
body rendered with markdown-it-py in a GFM-like configuration (raw HTML, tables,
strikethrough).

The body is untrusted. After rendering it goes through the nh3 (ammonia) sanitizer
with an allow-list: no script, style, iframe, object or embed elements, no event-handler
attributes, no ``javascript:`` / ``vbscript:`` URLs, and ``data:`` URLs only as PNG or
SVG image sources (scripts never run inside ``<img>``). Metadata values are escaped.
Relative PNG and SVG images found next to the card (or the page) are inlined as
``data:`` URIs, so the page stands alone; the page itself loads no script, style
sheet or font. The same input always gives the same bytes.
"""

from __future__ import annotations

import base64
import copy
import functools
import html
import os
import re
import tempfile
import urllib.parse
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

from generator.card.model_index import index_name, index_results
from generator.errors import Problem, UsageError
from generator.io.files import atomic_write, read_text
from generator.io.images import image_kind, inside
from generator.markdown.frontmatter import is_card_path, split_card
from generator.records.hubrules import RELATION_LABELS

PathLike = Union[str, "os.PathLike[str]"]

MAX_IMAGE_BYTES = 8 * 1024 * 1024  # one inlined image; a larger one stays a relative link
MAX_INLINED_BYTES = 32 * 1024 * 1024  # all inlined images of one page

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_IMAGE_DATA = re.compile(r"^data:image/(?:png|svg\+xml)[;,]", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "background", "longdesc"})

# Elements removed together with everything inside them (never in the allowed tags).
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "textarea", "select", "svg", "math", "title", "xmp",
})
_ALIGNED = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "img", "td", "th", "table")

_CSP = ("default-src 'none'; img-src data: https: http: file:; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class CardSource:
    """What a preview shows: the card's metadata (None: no frontmatter), its markdown body,
    a title, and the folders where its relative images are looked up."""

    metadata: Optional[dict]
    body: str
    title: str
    image_dirs: tuple[Path, ...] = ()
    images: Mapping[str, bytes] = field(default_factory=dict)  # relative path -> file, e.g. plots not yet written


# ---------------------------------------------------------------------------- reading


def load_source(source: PathLike, template: Optional[PathLike] = None, plots: bool = False) -> CardSource:
    """Read a card, or load and render a record set, into what a preview shows.

    With ``plots`` a record set's card embeds its plots, kept in memory for the page.
    Raises InputError / RecordsError / CardError / TemplateError for bad input, and
    UsageError for a template or plots asked of a card.
    """
    path = Path(source)
    name = str(source)
    if is_card_path(path):
        if template is not None:
            raise UsageError([Problem(name, "--template", "a template applies to record sets, not to a finished card",
                                      "leave out --template, or preview the record set instead",
                                      code="option-not-applicable")])
        if plots:
            raise UsageError([Problem(name, "--plots", "a finished card already links its plots, which are shown "
                                      "when they are beside it", "leave out --plots, or preview the record set",
                                      code="option-not-applicable")])
        metadata, body = split_card(read_text(path, name), name)
        title = index_name(metadata) or path.resolve().parent.name or path.stem
        return CardSource(metadata, body, title, (path.parent,))
    from generator.records.loader import load_records
    from generator.render.card import render

    records = load_records(path)
    card = render(records, template, plots=plots)
    folder = path if path.is_dir() else path.parent
    return CardSource(card.metadata, card.body, records.model.repo_id or records.model.name, (folder,), card.assets)


# ---------------------------------------------------------------------------- the body


@functools.lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _nh3() -> Any:
    try:
        import nh3
    except ImportError:  # a core dependency: only a broken install lacks it
        raise UsageError([Problem("modelcard preview", "", "the HTML sanitizer nh3 is not installed",
                                  "pip install nh3 (or reinstall modelcard-generator)",
                                  code="missing-dependency")]) from None
    return nh3


@functools.lru_cache(maxsize=1)
def _attributes() -> dict[str, set[str]]:
    nh3 = _nh3()
    allowed = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
    for tag in _ALIGNED:
        allowed.setdefault(tag, set()).add("align")
    for tag, names in {"img": {"title", "width", "height", "alt"}, "a": {"title"}, "details": {"open"},
                       "abbr": {"title"}, "th": {"colspan", "rowspan", "style"}, "td": {"colspan", "rowspan", "style"}}.items():
        allowed.setdefault(tag, set()).update(names)
    return allowed


class _Images:
    """Turns relative PNG / SVG image paths into data: URIs, inside the given folders only."""

    def __init__(self, folders: Sequence[Path], images: Optional[Mapping[str, bytes]] = None):
        self.folders = [f.resolve() for f in folders if str(f)]
        self.images = images or {}
        self.budget = MAX_INLINED_BYTES
        self.done: dict[str, Optional[str]] = {}

    def inline(self, src: str) -> Optional[str]:
        if src not in self.done:
            self.done[src] = self._inline(src)
        return self.done[src]

    def _inline(self, src: str) -> Optional[str]:
        relative = urllib.parse.unquote(src.split("#", 1)[0].split("?", 1)[0]).strip()
        if (not relative or _SCHEME.match(relative) or relative.startswith(("/", "\\")) or "\x00" in relative
                or Path(relative).suffix.lower() not in (".png", ".svg")):
            return None
        if relative in self.images:
            return self._uri(self.images[relative], Path(relative).suffix.lower())
        for folder in self.folders:
            try:
                target = inside(folder, relative)
                if target is None or not target.is_file():
                    continue
                size = target.stat().st_size
                if size > MAX_IMAGE_BYTES or size > self.budget:
                    return None
                with target.open("rb") as handle:
                    data = handle.read(MAX_IMAGE_BYTES + 1)
            except (OSError, RuntimeError, ValueError):
                continue
            return self._uri(data, target.suffix.lower())
        return None

    def _uri(self, data: bytes, suffix: str) -> Optional[str]:
        if len(data) > min(MAX_IMAGE_BYTES, self.budget):
            return None
        kind = image_kind(data, suffix)  # really the PNG / SVG its name says
        if kind is None:
            return None
        self.budget -= len(data)
        return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def sanitize_html(fragment: str, image_dirs: Sequence[PathLike] = (), images: Optional[Mapping[str, bytes]] = None
                  ) -> str:
    """An HTML fragment with everything that could run, load or hide code removed.

    Relative PNG / SVG images, from ``images`` (relative path -> bytes) or from files
    inside ``image_dirs``, are inlined as data: URIs.
    """
    nh3 = _nh3()
    inliner = _Images([Path(d) for d in image_dirs], images)

    def keep(tag: str, attribute: str, value: str) -> Optional[str]:
        if attribute not in _URL_ATTRIBUTES:
            return value
        url = value.strip()
        if url[:5].lower() == "data:":
            return url if tag == "img" and attribute == "src" and _IMAGE_DATA.match(url) else None
        if _SCHEME.match(url) and url.split(":", 1)[0].lower() not in ("http", "https", "mailto"):
            return None
        if tag == "img" and attribute == "src":
            return inliner.inline(url) or value
        return value

    return nh3.clean(fragment, attributes=_attributes(), clean_content_tags=set(_DROPPED_WITH_CONTENT),
                     url_schemes={"http", "https", "mailto", "data"}, attribute_filter=keep,
                     link_rel="noopener noreferrer nofollow", strip_comments=True,
                     filter_style_properties={"text-align"})  # markdown tables align columns with style


def body_html(body: str, image_dirs: Sequence[PathLike] = (), images: Optional[Mapping[str, bytes]] = None) -> str:
    """The card's markdown body as sanitized HTML, as the Hub would show it."""
    return sanitize_html(_markdown().render(body), image_dirs, images)


# ---------------------------------------------------------------------------- the side box


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _scalar(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _strings(value: Any) -> list[str]:
    """A metadata value that is a string or a list of strings, as a list (other shapes: nothing)."""
    items = value if isinstance(value, list) else [value]
    return [s for s in (_scalar(v) for v in items) if s is not None and s != ""]


def _hub_link(repo_id: str, kind: str = "") -> str:
    path = urllib.parse.quote(repo_id, safe="/-_.")
    prefix = f"{kind}/" if kind else ""
    return f'<a href="https://huggingface.co/{prefix}{path}" rel="noopener noreferrer nofollow">{_e(repo_id)}</a>'


def _http(url: Any) -> Optional[str]:
    return url if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _chips(values: Sequence[str], kind: str) -> str:
    return "".join(f'<span class="chip chip-{kind}">{_e(v)}</span>' for v in values)


def _license(meta: dict) -> str:
    licenses = _strings(meta.get("license"))
    name = _scalar(meta.get("license_name"))
    if licenses == ["other"] and name:
        link = _http(meta.get("license_link"))
        shown = (f'<a href="{_e(link)}" rel="noopener noreferrer nofollow">{_e(name)}</a>' if link else _e(name))
        return f"{shown} <span class=\"muted\">(other)</span>"
    return ", ".join(_e(x) for x in licenses)


def _results(meta: dict) -> list[tuple[str, str, str, str, str]]:
    """(task, dataset, metric, value, source link html) of every model-index result."""
    rows = []
    for result in index_results(meta):
        if not isinstance(result.raw, dict):
            continue
        task, dataset, source = result.task, result.dataset or {}, result.source
        task_text = _scalar(task.get("name")) or _scalar(task.get("type")) or ""
        data_text = _scalar(dataset.get("name")) or _scalar(dataset.get("type")) or ""
        extra = [x for x in (_scalar(dataset.get("config")), _scalar(dataset.get("split"))) if x]
        data_html = _e(data_text) + (f' <span class="muted">({_e(", ".join(extra))})</span>' if extra else "")
        url = _http(source.get("url"))
        source_html = (f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">'
                       f'{_e(_scalar(source.get("name")) or urllib.parse.urlsplit(url).netloc)}</a>') if url else ""
        for _, metric in result.metrics:
            label = _scalar(metric.get("name")) or _scalar(metric.get("type")) or ""
            value = _scalar(metric.get("value"))
            rows.append((_e(task_text), data_html, _e(label), _e(value if value is not None else ""), source_html))
    return rows


def side_box_html(meta: Optional[dict]) -> str:
    """The metadata box: every value escaped."""
    if meta is None:
        return ('<aside class="meta"><p class="warning">This card has no YAML metadata: the Hub shows it with '
                'a warning, and the model gets no license, tags or evaluation results.</p></aside>')
    parts: list[str] = []

    def section(heading: str, content: str) -> None:
        if content:
            parts.append(f'<section><h2>{_e(heading)}</h2>{content}</section>')

    section("License", _license(meta))
    relation = _scalar(meta.get("base_model_relation")) or ""
    bases = _strings(meta.get("base_model"))
    label = RELATION_LABELS.get(relation, "Base model" if len(bases) < 2 else "Base models")
    section(label, "<ul>" + "".join(f"<li>{_hub_link(b)}</li>" for b in bases) + "</ul>" if bases else "")
    datasets = _strings(meta.get("datasets"))
    section("Datasets used to train", "<ul>" + "".join(f"<li>{_hub_link(d, 'datasets')}</li>" for d in datasets)
            + "</ul>" if datasets else "")
    section("Languages", _chips(_strings(meta.get("language")), "language"))
    section("Pipeline tag", _chips(_strings(meta.get("pipeline_tag")), "pipeline"))
    section("Library", _chips(_strings(meta.get("library_name")), "library"))
    section("Tags", _chips(_strings(meta.get("tags")), "tag"))
    rows = _results(meta)
    if rows:
        body = "".join(f"<tr><td>{t}</td><td>{d}</td><td>{m}</td><td class=\"num\">{v}</td></tr>"
                       for t, d, m, v, _ in rows)
        sources = sorted({s for *_, s in rows if s})
        more = f'<p class="muted small">Sources: {", ".join(sources)}</p>' if sources else ""
        section("Evaluation results",
                '<div class="scroll"><table class="results"><colgroup><col class="c-task"><col class="c-data">'
                '<col class="c-metric"><col class="c-value"></colgroup><thead><tr><th>Task</th><th>Dataset</th><th>Metric</th>'
                f'<th>Value</th></tr></thead><tbody>{body}</tbody></table></div>{more}')
    if not parts:
        parts.append('<p class="muted">The metadata block is empty.</p>')
    return '<aside class="meta">' + "".join(parts) + "</aside>"


def _header_html(title: str, meta: Optional[dict]) -> str:
    meta = meta or {}
    chips = (_chips(_strings(meta.get("pipeline_tag")), "pipeline") + _chips(_strings(meta.get("library_name")),
             "library") + _chips(_strings(meta.get("language")), "language")
             + _chips([f"license: {x}" for x in _strings(meta.get("license"))], "license")
             + _chips(_strings(meta.get("tags")), "tag"))
    return (f'<header><div class="wrap"><h1 class="repo">{_e(title)}</h1>'
            + (f'<div class="chips">{chips}</div>' if chips else "") + "</div></header>")


# ---------------------------------------------------------------------------- the page

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:#1f2937;font:15px/1.65 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}
header{background:linear-gradient(to top,#f9fafb,#fff);border-bottom:1px solid #e5e7eb;padding:22px 0 16px}
.wrap{max-width:1280px;margin:0 auto;padding:0 28px}
h1.repo{margin:0 0 10px;font-size:20px;font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,
"Liberation Mono",monospace;color:#111827;word-break:break-all}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{display:inline-block;border:1px solid #e5e7eb;border-radius:6px;padding:0 8px;font-size:12.5px;line-height:22px;
background:#f9fafb;color:#374151;white-space:nowrap}
.chip-pipeline{background:#eef2ff;border-color:#c7d2fe;color:#3730a3}
.chip-library{background:#fff7ed;border-color:#fed7aa;color:#9a3412}
.chip-language{background:#ecfdf5;border-color:#a7f3d0;color:#065f46}
.chip-license{background:#f0f9ff;border-color:#bae6fd;color:#075985}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 420px;max-width:1280px;margin:0 auto;padding:0 28px}
main.card{min-width:0;padding:24px 32px 48px 0;border-right:1px solid #e5e7eb}
aside.meta{padding:24px 0 48px 24px;font-size:13.5px}
aside.meta section{margin-bottom:22px}
aside.meta h2{margin:0 0 8px;font-size:13px;font-weight:600;color:#6b7280;text-transform:none}
aside.meta ul{margin:0;padding-left:18px}
aside.meta .chip{margin:0 4px 4px 0}
aside.meta .scroll{overflow-x:auto;border:1px solid #e5e7eb;border-radius:8px}
table.results{border-collapse:collapse;width:100%;table-layout:fixed;font-size:12px;line-height:1.35}
table.results td{overflow-wrap:anywhere}
table.results col.c-task{width:22%}table.results col.c-data{width:38%}
table.results col.c-metric{width:24%}table.results col.c-value{width:16%}
table.results th,table.results td{padding:4px 6px;border-bottom:1px solid #f3f4f6;text-align:left;vertical-align:top}
table.results th{background:#f9fafb;color:#4b5563;font-weight:600}
table.results td.num{text-align:right;font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}
table.results tr:last-child td{border-bottom:0}
.muted{color:#6b7280}.small{font-size:12px}
.warning{background:#fffbeb;border:1px solid #fde68a;border-radius:8px;padding:10px 12px;color:#92400e}
.prose{overflow-wrap:break-word}
.prose h1,.prose h2,.prose h3,.prose h4,.prose h5,.prose h6{color:#111827;font-weight:600;line-height:1.3;
margin:1.6em 0 .6em}
.prose h1{font-size:1.9em;margin-top:.2em}.prose h2{font-size:1.45em;padding-bottom:.25em;border-bottom:1px solid #f3f4f6}
.prose h3{font-size:1.2em}.prose h4{font-size:1.05em}
.prose p,.prose ul,.prose ol,.prose blockquote,.prose pre,.prose table,.prose details{margin:0 0 1em}
.prose img{max-width:100%;height:auto}
.prose code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.875em;
background:#f3f4f6;border-radius:4px;padding:.1em .35em}
.prose pre{background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:12px 14px;overflow-x:auto;
line-height:1.5}
.prose pre code{background:none;padding:0;font-size:13px}
.prose blockquote{border-left:4px solid #e5e7eb;margin-left:0;padding:.1em 1em;color:#4b5563}
.prose table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;font-size:14px;line-height:1.45}
.prose th,.prose td{border:1px solid #e5e7eb;padding:6px 12px}
.prose th{background:#f9fafb;font-weight:600}
.prose tbody tr:nth-child(2n){background:#fafafa}
.prose details{border:1px solid #e5e7eb;border-radius:8px;padding:8px 12px}
.prose summary{cursor:pointer;font-weight:600}
.prose hr{border:0;border-top:1px solid #e5e7eb;margin:2em 0}
footer{border-top:1px solid #e5e7eb;color:#9ca3af;font-size:12px;padding:14px 28px;text-align:center}
@media (max-width:900px){.layout{grid-template-columns:minmax(0,1fr)}main.card{border-right:0;padding-right:0}
aside.meta{padding-left:0;border-top:1px solid #e5e7eb}}
"""


def page_html(card: CardSource) -> str:
    """The whole page for a card: header, body and side box, CSS inline, no script."""
    title = card.title or "Model card"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"modelcard-generator preview\">\n"
        f"<title>{_e(title)} - model card preview</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{_header_html(title, card.metadata)}\n"
        "<div class=\"layout\">\n"
        f"<main class=\"card prose\">\n{body_html(card.body, card.image_dirs, card.images)}</main>\n"
        f"{side_box_html(card.metadata)}\n"
        "</div>\n"
        "<footer>Preview made by modelcard-generator; the Hub's own rendering may differ in details.</footer>\n"
        "</body>\n</html>\n"
    )


def preview_card(source: PathLike, template: Optional[PathLike] = None, *, plots: bool = False) -> str:
    """The HTML preview of a record set (rendered with ``template``) or of a README.md card.

    Relative PNG / SVG images are inlined from inside the source's own folder only (never
    through a link leading out of it), when they really are PNG / SVG; with ``plots`` a record
    set's plots are drawn and inlined without writing any file (needs matplotlib); nothing is read
    from the folder the page is written to. Raises the GeneratorError subclasses for bad input.
    """
    return page_html(load_source(source, template, plots))


def write_preview(page: str, output: Optional[PathLike] = None) -> Path:
    """Write the page atomically to ``output``, or to a new temporary ``.html`` file; the path written."""
    if output is None:
        fd, name = tempfile.mkstemp(prefix="modelcard-preview-", suffix=".html")
        os.close(fd)
        target = Path(name)
    else:
        target = Path(output)
    atomic_write(target, page)
    return target


def open_in_browser(path: PathLike) -> bool:
    """Open a written page in the user's browser; False when no browser could be started."""
    try:
        return bool(webbrowser.open(Path(path).resolve().as_uri()))
    except webbrowser.Error:
        return False


__all__ = ["CardSource", "body_html", "load_source", "open_in_browser", "page_html", "preview_card",
           "sanitize_html", "side_box_html", "write_preview"]
