"""Records -> README.md text: frontmatter from data, body from Jinja templates.

The default templates are trusted and compiled once. A user template (``--template``)
extends them and runs in a bounded, read-only sandbox (:mod:`generator.render.sandbox`),
so it can reshape the card but cannot reach Python internals, the file system or the
network, change the records, nor hang or bloat a render. Both environments are made in
:mod:`generator.render.environment`, with the same options and filters.
"""

from __future__ import annotations

import os
from collections import ChainMap
from dataclasses import dataclass, field
from itertools import repeat
from operator import is_
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

import jinja2
import jinja2.runtime

from generator.card.eval_results import eval_results_files, written_blobs
from generator.card.frontmatter import frontmatter_block, metadata
from generator.card.managed import begin_marker, end_marker, finish_body, seal_blocks
from generator.card.usage import GENERATION_HEADING, GENERATION_INTRO, generation_defaults, usage
from generator.card.usage import HEADING as USAGE_HEADING
from generator.errors import Problem, RecordsError, TemplateError
from generator.io.data import gc_paused
from generator.io.files import atomic_write, utf8_size
from generator.markdown.escapes import escape_item
from generator.markdown.fences import Unread, collapse_code, fence_for
from generator.records.hubrules import MAX_CARD_BYTES, RELATION_LABELS, check_metadata
from generator.records.loader import load_records
from generator.records.methods import METHODS, paper
from generator.records.model import (
    COMMIT,
    FACT_KEYS,
    FRONTMATTER_KEYS,
    Citation,
    Records,
    dataset_files_url,
)
from generator.render.environment import default_env, user_env
from generator.render.evaluation_setup import evaluation_setup
from generator.render.joined import joined_sections, joined_text
from generator.render.precompiled import TEMPLATE as DEFAULT_TEMPLATE
from generator.render.tables import CardTables, card_tables, escape_text, link
from generator.render.template_errors import template_error

if TYPE_CHECKING:  # pragma: no cover
    from generator.records.model import Training
    from generator.render.plots import Chart, TrainingLog


@dataclass(frozen=True)
class RenderedCard:
    """A rendered card: its metadata, its full text, the tables it shows, and its plot files
    (``assets/<name>.png`` / ``.svg`` -> bytes, relative to the card; empty without plots)."""

    metadata: dict
    text: str
    tables: tuple
    assets: dict[str, bytes] = field(default_factory=dict)
    body: str = ""  # the text after the frontmatter block and its blank line
    warnings: tuple[Problem, ...] = ()  # e.g. plots asked for and none drawn
    # what check_metadata found in ``metadata`` when it was rendered (warnings: errors refuse the card), so the
    # check of a card rendered in this process does not check the same mapping again; None: not known
    metadata_problems: Optional[tuple[Problem, ...]] = field(default=None, compare=False)
    size: Optional[int] = field(default=None, compare=False)  # of ``text`` in UTF-8, as rendered; None: not known
    # the `.eval_results` files the records write (path -> YAML text), whose blobs ``text``'s metadata marker records
    eval_results: dict[str, str] = field(default_factory=dict, compare=False)

    def write(self, output: Union[str, os.PathLike]) -> tuple[str, ...]:
        """Write the plot files next to ``output``, then the card; the paths written, card last."""
        written: tuple[str, ...] = ()
        if self.assets:
            from generator.render.plots import write_assets

            written = write_assets(self.assets, output)
        atomic_write(Path(output), self.text)
        return written + (str(output),)


MAX_OUTPUT_BYTES = MAX_CARD_BYTES


def _details(records: Records) -> list[tuple[str, str]]:
    m = records.model
    items = [(label, value) for label, value in m.details]
    have = {label.lower() for label, _ in items}
    if not m.facts:
        return items  # an imported card's own "Model details" section says them
    listed = m.facts if isinstance(m.facts, tuple) else FACT_KEYS  # the facts the card does not state itself

    def add(label: str, value: str, key: str) -> None:
        if value and label.lower() not in have and key in listed:
            items.append((label, value))

    licenses = [m.license] if isinstance(m.license, str) else list(m.license or ())
    if licenses == ["other"] and m.license_name:
        add("License", link(m.license_name, m.license_link) if m.license_link else escape_text(m.license_name),
            "license")
    else:
        add("License", ", ".join(escape_text(x) for x in licenses), "license")
    languages = [m.language] if isinstance(m.language, str) else list(m.language or ())
    add("Language(s)", ", ".join(escape_text(x) for x in languages), "language")
    add(RELATION_LABELS.get(m.base_model_relation or "", "Base model"),
        ", ".join(link(b, f"https://huggingface.co/{b}") for b in m.base_models), "base_model")
    revisions, parts = dict(m.dataset_revisions), dict(m.dataset_details)
    add("Training data", _training_data_fact(m.datasets, revisions, parts), "datasets")
    return items


# A training dataset's part of several groups (a config's splits at one weight, "; " between them) is shown as a list
# under the dataset, a group an item, when they are more than this many or the part longer than _PART_LINE characters
# (SmolLM3's SFT mixture: 25 splits of smoltalk2 at 5 weights, one line of 1,191 characters); the card import reads
# the list back as the part (records.model.folded_training_data)
_PART_GROUPS = 3
_PART_LINE = 120


def _training_data_fact(datasets: Sequence[str], revisions: dict[str, str], parts: dict[str, str]) -> str:
    """The Training data fact: each dataset (_training_data), on one line, or with a long part (_PART_GROUPS) the
    dataset's groups as a nested list: under the dataset alone, under each dataset's own item where there are
    several."""
    long = {d for d in datasets if "; " in (parts.get(d) or "") and
            (parts[d].count("; ") >= _PART_GROUPS or len(parts[d]) > _PART_LINE) and
            all(group and group == group.strip() for group in parts[d].split("; "))}  # each an item read back
    if not long:
        return ", ".join(_training_data(d, revisions.get(d), parts.get(d)) for d in datasets)

    def groups(dataset: str, indent: str) -> str:
        return ":" + "".join(f"\n{indent}- {escape_item(group)}" for group in parts[dataset].split("; "))

    if len(datasets) == 1:
        return _training_data(datasets[0], revisions.get(datasets[0])) + groups(datasets[0], "  ")
    return "".join(f"\n  - {_training_data(d, revisions.get(d))}{groups(d, '    ')}" if d in long else
                   f"\n  - {_training_data(d, revisions.get(d), parts.get(d))}" for d in datasets)


def _training_data(dataset: str, revision: Optional[str], part: Optional[str] = None) -> str:
    """A training dataset linked to its Hub page, the part of it the run read in parentheses, then the revision it
    read, linked to its files there (a commit shown by its first 7 digits, as the Hub shows one)."""
    named = link(dataset, f"https://huggingface.co/datasets/{dataset}")
    if part:
        named += f" ({escape_text(part)})"
    if not revision:
        return named
    shown = revision[:7] if COMMIT.fullmatch(revision) else revision
    return f"{named} at {link(shown, dataset_files_url(dataset, revision))}"


def _original_body(records: Records, level: int) -> tuple[str, bool]:
    """The body of the original card ``records`` embeds, and whether it is the renderer's own collapsed text ending
    outside any fence or comment (rendered from the original's records here), which the pass over the whole card
    can then take as it is."""
    original = records.original
    if original is None:
        return "", False
    if original.records is not None:
        return _render_body(original.records, level=level + 1)[:2]
    return (original.card_body or "").strip("\n"), False


def _citation_fence(citation: Citation) -> str:
    """The fence of a citation's BibTeX block: longer than any backtick run in its entries."""
    entries = citation.entries
    return fence_for(entries[0].text if len(entries) == 1 else "\n".join(entry.text for entry in entries))


def _hyperparameters_title(training: Optional[Training]) -> str:
    """The title of the heading over the hyperparameters: the card's own where it had one (training's
    hyperparameters_heading), else the Trainer's."""
    return training.hyperparameters_heading if training and training.hyperparameters_heading \
        else "Training hyperparameters"


def _version_lines(training: Training) -> tuple[str, ...]:
    """The "Framework versions" list's lines: `- Transformers 4.46.0`, as TRL's card writes them `- TRL: 0.24.0`
    (``versions_colon``; PEFT's line as PEFT adds it)."""
    colon = training.versions_colon
    return tuple(f"- {escape_item(name)}{':' if colon and name != 'PEFT' else ''} {escape_text(version)}"
                 for name, version in training.framework_versions)


def _no_marker(name: str) -> str:
    """An embedded original card's blocks are not marked: they are the text of the block that holds it."""
    return ""


def _context(records: Records, level: int, tables: CardTables, charts: Sequence["Chart"] = (),
             original_body: str = "") -> dict[str, Any]:
    training = records.training
    original = records.original
    details = _details(records)
    usage_text = usage(records.model)
    citation_level = next((c.level for c in records.citations if c.level), 2)
    versions = _version_lines(training) if training else ()
    hyperparameters_title = _hyperparameters_title(training)
    setup, setups = evaluation_setup(records)
    joined = joined_sections(records, {"model details": 2 if details or records.model.links else 0,
                                       USAGE_HEADING.casefold(): 2 if usage_text else 0,
                                       "citation": citation_level if records.citations else 0,
                                       # in the training block's results place, which lists under it make written
                                       "training results": 3 if training and (
                                           tables.training or training.results_heading or training.hyperparameters
                                           or training.eval_results or training.framework_versions) else 0,
                                       hyperparameters_title.casefold(): 3 if training
                                       and training.hyperparameters else 0,
                                       "framework versions": 3 if versions else 0},
                             {"framework versions": frozenset(versions)}) if records.sections else {}
    held = {id(s) for sections in joined.values() for s, _ in sections}
    return {
        "model": records.model,
        "records": records,
        "details": details,
        "training": training,
        "hyperparameters_title": hyperparameters_title,
        "version_lines": versions,
        "training_table": tables.training,
        "training_log_table": tables.training_log,
        "results_table": tables.results,
        "comparisons": list(tables.comparisons),
        "groups": list(tables.groups),
        "evaluation_setup": setup,
        "evaluation_setups": setups,  # (benchmarks, what their setup adds to evaluation_setup)
        "leaderboards": list(tables.leaderboards),
        "citations": records.citations,
        # the Citation heading's level: the first a citation gives (an imported card's `# Citation`), else `##`
        "citation_level": citation_level,
        "original": original,
        "original_body": original_body,
        "sections_at": (lambda position: tuple(s for s in records.sections_at(position) if id(s) not in held))
        if held else records.sections_at,
        "placed": {s.position for s in records.sections},  # (a position none has asks no macro call)
        "joining": bool(joined),  # (the template asks for joined text only then: a card without any renders as fast)
        "joined": lambda title, before=True, list_follows=False: joined_text(joined, title, before, list_follows),
        "h": lambda n: "#" * min(n + level, 6),
        "begin": begin_marker if level == 0 else _no_marker,
        "end": end_marker if level == 0 else _no_marker,
        "method_name": lambda method: METHODS.get(method.lower(), escape_text(method)),
        "method_paper": paper,
        "usage": usage_text,
        "usage_heading": USAGE_HEADING,
        "generation": generation_defaults(records.model),
        "generation_heading": GENERATION_HEADING,
        "generation_intro": GENERATION_INTRO,
        "fence_for": fence_for,
        "citation_fence": _citation_fence,
        "plots_in": lambda section, position=0: [c for c in charts if c.section == section
                                                 and (section != "comparison" or c.position == position)],
    }


def _too_large(name: str) -> TemplateError:
    return TemplateError([Problem(name, "", f"the card would be over {MAX_OUTPUT_BYTES} bytes; the Hub rejects "
                                  "README files over 10 MiB", "shorten the records or the template's output",
                                  code="too-large")])


def _joined(chunks: Iterable[str], name: str, kept: Optional[str] = None) -> tuple[str, Optional[tuple[int, int]]]:
    """The default template's output, refused when it is over :data:`MAX_OUTPUT_BYTES` (a trusted template's output
    grows with its records only, so it is measured once, joined); and, when the text ``kept`` (not blank, ending in a
    line break) is one of its chunks (that very string) on lines of its own, the (first, stop) indices of its lines.
    The chunks are taken and looked at by C loops (list, map): a Python loop over a card's few hundred chunks was a
    fiftieth of its render."""
    out = list(chunks)
    text = "".join(out)
    if len(text) > MAX_OUTPUT_BYTES:
        raise _too_large(name)
    if kept is None:
        return text, None
    try:
        index = list(map(is_, out, repeat(kept))).index(True)
    except ValueError:
        return text, None
    at = sum(map(len, out[:index]))
    if at > 0 and text[at - 1] != "\n":
        return text, None
    first = text.count("\n", 0, at)
    return text, (first, first + kept.count("\n"))


def _new_context(tmpl: jinja2.Template, context: dict[str, Any]) -> jinja2.runtime.Context:
    """``tmpl.new_context(context)``: the same context, its parent the template's globals and then ``context``, with
    the globals (a ChainMap of the template's and the environment's) read into a dict once, where Jinja iterates the
    ChainMap key by key twice, for the parent and for the set of their keys (a twentieth of a gguf card's render)."""
    chain = tmpl.globals
    if type(chain) is not ChainMap:  # pragma: no cover - Jinja's own way for globals of any other kind
        return tmpl.new_context(context)
    globals_: dict[str, Any] = {}
    for mapping in reversed(chain.maps):  # as ChainMap reads them: the first map that holds a key gives its value
        globals_.update(mapping)
    env = tmpl.environment
    return env.context_class(env, {**globals_, **context}, tmpl.name, tmpl.blocks, globals=globals_)


def _generate(tmpl: jinja2.Template, context: dict[str, Any], name: str, kept: Optional[str] = None
              ) -> tuple[str, Optional[tuple[int, int]]]:
    """``tmpl.generate(**context)`` joined, within :data:`MAX_OUTPUT_BYTES`, and where the chunk ``kept`` is in it
    (see _joined). The template's context is emptied afterwards: a top-level macro (``free_sections``) holds the
    context that holds it, a cycle that would keep the records alive until the cyclic collector ran (and made each of
    its runs rescan them)."""
    ctx = _new_context(tmpl, context)
    try:
        return _joined(tmpl.root_render_func(ctx), name, kept)
    except TemplateError:
        raise
    except Exception:  # noqa: BLE001 - as Template.generate: the traceback rewritten to template lines
        tmpl.environment.handle_exception()
    finally:
        ctx.vars.clear()


def render_body(records: Records, template: Union[str, os.PathLike, None] = None, level: int = 0,
                tables: Optional[CardTables] = None, charts: Sequence["Chart"] = ()) -> str:
    """The markdown body of the card (no frontmatter); ``charts`` are the plots it embeds."""
    return _render_body(records, template, level, tables, charts)[0]


def _render_body(records: Records, template: Union[str, os.PathLike, None] = None, level: int = 0,
                 tables: Optional[CardTables] = None, charts: Sequence["Chart"] = ()) -> tuple[str, bool, Unread]:
    """render_body's text, whether it ends outside any code fence or comment, and the lines the blank-line pass did
    not read outside code (see collapse_code)."""
    tables = tables if tables is not None else card_tables(records)
    name = str(template) if template is not None else DEFAULT_TEMPLATE
    original_body, collapsed = _original_body(records, level)
    kept = None
    try:
        if template is None:
            env = default_env()
            tmpl = env.get_template(DEFAULT_TEMPLATE)
            # the original's body rendered here is collapsed already: the pass below goes over it in one step
            text, kept = _generate(tmpl, _context(records, level, tables, charts, original_body), name,
                                   original_body if collapsed and len(original_body) > 1 else None)
        else:  # joined here, not by _generate or _joined: a runaway user template's failure, raised with its context
            # emptied or through one more frame, spent a second in the kernel
            env, entry = user_env(Path(template))
            tmpl = env.get_template(entry)
            chunks = []
            size = 0
            for chunk in tmpl.generate(**_context(records, level, tables, charts, original_body)):
                size += len(chunk)
                if size > MAX_OUTPUT_BYTES:
                    raise _too_large(name)
                chunks.append(chunk)
            text = "".join(chunks)
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template's failure is the template's problem, never a crash
        if template is None and not isinstance(exc, (jinja2.TemplateError, RecursionError)):
            raise
        raise template_error(exc, name) from None
    return collapse_code(text, kept)


@gc_paused()
def render(records: Records, template: Union[str, os.PathLike, None] = None, plots: bool = False,
           log: Optional["TrainingLog"] = None) -> RenderedCard:
    """Render records into a card, refusing metadata the Hub would reject.

    With ``plots`` the card embeds its plots (see :mod:`generator.plots`; needs matplotlib)
    and ``assets`` holds their files; ``log`` is a fuller training log than the records hold,
    e.g. a Trainer's log history.
    """
    charts: Sequence[Chart] = ()
    if plots:
        from generator.render.plots import plan, require_matplotlib

        require_matplotlib()
        charts = plan(records, log)
    meta = metadata(records)
    problems = check_metadata(meta, authoring=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RecordsError([Problem(records.source, _records_path(p.path), p.message, p.fix, code=p.code)
                            for p in errors])
    tables = card_tables(records)
    front = _front(meta)  # written before any template runs: the frontmatter is the data just checked
    body, _, unread = _render_body(records, template, tables=tables, charts=charts)
    eval_files = eval_results_files(records)
    sealed, names = seal_blocks(body, collapsed=True, unread=unread)
    body = finish_body(sealed, meta, records.model.card_source_blob, files=written_blobs(eval_files), blocks=names)
    text = front + body  # as card_text(meta, body), without finishing the body twice; one copy, not two
    size = utf8_size(text)
    if size > MAX_CARD_BYTES:
        raise RecordsError([Problem(records.source, "", f"the card would be {size} bytes; the Hub rejects README "
                                    "files over 10 MiB", "move bulk results to .eval_results or a linked dataset, "
                                    "or shorten long texts", code="too-large")])
    assets: dict[str, bytes] = {}
    if charts:
        from generator.render.drawing import draw_all

        assets = draw_all([c for c in charts if c.path in text])  # a user template may leave plots out
    warnings = records.warnings  # the records' own, which every card made of them is told
    if plots and not assets:
        from generator.render.plots import nothing_drawn

        warnings += (nothing_drawn(records, charts, log),)
    return RenderedCard(metadata=meta, text=text, tables=tuple(tables.all()), assets=assets, body=body,
                        warnings=warnings, metadata_problems=tuple(problems), size=size, eval_results=eval_files)


def card_text(meta: dict[str, Any], body: str, adopts: Optional[str] = None,
              owned: Optional[list[str]] = None, written: Optional[dict[str, str]] = None,
              files: Optional[dict[str, str]] = None, lead: Optional[str] = None,
              blocks: Optional[Sequence[str]] = None, ours: Optional[dict[str, Any]] = None) -> str:
    """A README's text: the frontmatter, one blank line (``lead``: the newlines a merged body keeps there, and the
    newlines it ends with before the marker, as the Hub's README has them), the body ending with its metadata marker (naming
    ``adopts``: see :func:`generator.card.managed.adopted_blob`, and the keys the generator wrote, ``owned``,
    default all of ``meta``: a card merged with the Hub's copy owns none of the keys a person added there, which
    ``written`` gives as the person wrote them: see :func:`generator.card.frontmatter.frontmatter_block`; and the
    `.eval_results` ``files`` written, path -> git blob: see :func:`generator.card.managed.written_files`; and the
    ``blocks`` the records produce, default those of ``body``: see :func:`generator.card.managed.deleted_blocks`; and
    ``ours``, the values the records give, which the digest is of: see :func:`generator.card.managed.metadata_marker`)."""
    if lead is None:
        return _front(meta, written) + finish_body(body.lstrip("\n"), meta, adopts, owned, files, blocks=blocks,
                                                   ours=ours)
    front = frontmatter_block(meta, written) if meta else ""
    return front + lead + finish_body(body.lstrip("\n"), meta, adopts, owned, files, exact=True, blocks=blocks,
                                      ours=ours)


def _front(meta: dict[str, Any], written: Optional[dict[str, str]] = None) -> str:
    """The frontmatter block and the blank line after it; none for no metadata at all (records of a card that had
    none: the Hub reads a card without a block as one with an empty block, and the card comes back as it was)."""
    return frontmatter_block(meta, written) + "\n" if meta else ""


def _records_path(frontmatter_path: str) -> str:
    """Where a frontmatter key comes from in the records."""
    if frontmatter_path.startswith("model-index"):
        return "$.evaluations (model-index: " + frontmatter_path + ")"
    key = frontmatter_path.split("[")[0].split(".")[0]
    if key in FRONTMATTER_KEYS:
        return "$.model." + frontmatter_path
    return "$.model.metadata." + frontmatter_path


def render_card(records: Union[Records, str, os.PathLike], template: Union[str, os.PathLike, None] = None,
                plots: bool = False, output: Union[str, os.PathLike, None] = None) -> str:
    """The README.md text for a record set (a path, or records from :func:`load_records`).

    With ``output`` the card is also written there; ``plots=True`` (which needs ``output``)
    embeds the plots and writes their files to ``assets/`` next to it.
    """
    if plots:
        from generator.render.plots import require_plots_output

        require_plots_output(output, "render_card")
    if not isinstance(records, Records):
        records = load_records(records)
    card = render(records, template, plots=plots)
    if output is not None:
        card.write(output)
    return card.text
