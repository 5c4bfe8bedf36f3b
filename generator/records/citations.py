"""BibTeX citations, parsed and validated with bibtexparser, deduplicated by key.

Entries are kept as their authors wrote them (the raw text of each entry) so a
card cites exactly what the records say; parsing is there to reject malformed
BibTeX with a clear message and to find duplicates.

A bundled library (generator/data/citations.bib) holds the methods and libraries a
training pipeline uses; :func:`used_citations` picks the ones a record set says it used.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterable

from generator.errors import CitationError, Problem
from generator.io.data import lazy_pattern
from generator.records import bibfast
from generator.records.methods import LIBRARIES, LOSS_PAPERS, paper
from generator.records.model import Citation, CitationEntry
from generator.resources import PACKAGE_DIR

LIBRARY_PATH = PACKAGE_DIR / "data" / "citations.bib"
OLDER_PATH = PACKAGE_DIR / "data" / "citations_older.bib"  # as older releases of a tool asked to be cited
_KEY = lazy_pattern(r"@\s*\w+\s*\{\s*([^,\s]+)\s*,")

Locate = Callable[[list], "tuple[str, str]"]


def _parse(text: str) -> tuple[Any, list[str]]:
    fast = bibfast.read(text)  # plain, well-formed entries (most citations), read as bibtexparser reads them
    if fast is not None:
        return fast, []
    import logging  # with bibtexparser: only citations bibfast does not read pay for them

    import bibtexparser

    class _Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(" ".join(record.getMessage().split()))

    logger = logging.getLogger("bibtexparser")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
    return library, handler.messages


def _normal(entry: Any) -> tuple:
    return (entry.entry_type.lower(), tuple(sorted((f.key.lower(), " ".join(str(f.value).split())) for f in entry.fields)))


def _normal_of(entry: Any) -> tuple:
    """What two entries under one key are compared by: their type and fields, normalised (() without fields)."""
    return _normal(entry) if hasattr(entry, "fields") else ()


def _as_written(text: str, raw: str) -> str:
    """An entry's text as ``text`` holds it: its raw text (which starts at its @) with its first line's indentation,
    as a card's fence may indent every line of it (ali-vilab/text-to-video-ms-1.7b)."""
    raw = raw.strip()
    at = text.find(raw)
    indent = text[text.rfind("\n", 0, at) + 1:at] if at > 0 else ""
    return indent + raw if indent.strip(" \t") == "" else raw


def _spaced(text: str, entries: list[CitationEntry]) -> tuple[CitationEntry, ...]:
    """``entries``, each marked whether ``text`` has a blank line between it and the next: a card's fence may write
    them back to back, and a blank line put between them changed the card's citation on the way back."""
    out, at = [], 0
    for entry, following in zip(entries, entries[1:]):
        start = text.find(entry.text.strip(), at)
        at = start + len(entry.text.strip()) if start >= 0 else at
        nxt = text.find(following.text.strip(), at)
        if start >= 0 and nxt >= 0 and text[at:nxt].count("\n") < 2:
            entry = CitationEntry(key=entry.key, text=entry.text, spaced=False)
        out.append(entry)
    return tuple(out + entries[-1:])


def parse_citations(items: list[dict], locate: Locate) -> tuple[Citation, ...]:
    """Parse every citation record; report every malformed entry and conflicting key at once."""
    problems: list[Problem] = []
    seen: dict[str, tuple[Any, int]] = {}  # key -> (its first entry, its citation's index)
    out = []
    # the card writes one Citation heading, at the level its citations give: two levels are two answers
    levels = [(i, item["level"]) for i, item in enumerate(items) if item.get("level") is not None]
    for i, level in levels[1:]:
        if level != levels[0][1]:
            first = locate(["citations", levels[0][0], "level"])[1]
            problems.append(Problem(*locate(["citations", i, "level"]),
                                    f"is {level}, where {first} is {levels[0][1]}: the card writes one Citation heading, "
                                    "over every citation", f"give every citation the same level ({levels[0][1]}), or "
                                    "leave level out of all but one", code="citation-level-conflict"))
    for i, item in enumerate(items):
        library, messages = _parse(item["bibtex"])
        failed = list(library.failed_blocks)
        stray = [b for b in library.blocks if type(b).__name__ == "ImplicitComment" and b.comment.strip()]
        spot = ["citations", i, "bibtex"]  # located (file, path) only for a problem
        for block in failed:
            kind = type(block).__name__
            if kind == "DuplicateBlockKeyBlock":
                continue  # handled below with the other duplicates
            detail = next((m for m in messages if f"line {block.start_line + 1}" in m), messages[0] if messages else "")
            detail = detail.split("due to syntactical error in bibtex:")[-1].strip() or "cannot be parsed"
            problems.append(Problem(*locate(spot), f"BibTeX block at line {block.start_line + 1} is malformed: {detail}",
                                    "fix the entry so it reads @type{key, field = {value}, ...}",
                                    code="bibtex-syntax"))
        for block in stray:
            problems.append(Problem(*locate(spot), f"text outside any BibTeX entry at line {block.start_line + 1}: "
                                    f"{block.comment.strip()[:40]!r}", "keep only @type{key, ...} entries",
                                    code="bibtex-stray-text"))
        entries = []
        raw_dupes = [b for b in failed if type(b).__name__ == "DuplicateBlockKeyBlock"]
        for entry in list(library.entries) + [getattr(b, "ignore_error_block", None) or b for b in raw_dupes]:
            key = getattr(entry, "key", None)
            if not key:
                continue
            if not any(f.key.lower() == "title" for f in getattr(entry, "fields", [])):
                problems.append(Problem(*locate(spot), f"BibTeX entry {key!r} has no title", "add title = {...}",
                                        code="bibtex-no-title"))
            if key in seen:
                first, at = seen[key]
                if _normal_of(first) != _normal_of(entry):
                    where = ": ".join(locate(["citations", at, "bibtex"]))
                    problems.append(Problem(*locate(spot), f"BibTeX key {key!r} is used by two different entries "
                                            f"(first in {where})", "rename one key or remove the duplicate",
                                            code="bibtex-key-conflict"))
                continue
            seen[key] = (entry, i)
            entries.append(CitationEntry(key=key, text=_as_written(item["bibtex"], entry.raw)))
        if not library.entries and not failed and not stray:
            problems.append(Problem(*locate(spot), "holds no BibTeX entry", "write @type{key, title = {...}, ...}",
                                    code="bibtex-no-entries"))
        if entries:
            out.append(Citation(entries=_spaced(item["bibtex"], entries), label=item.get("label", ""),
                                level=item.get("level")))
    if problems:
        raise CitationError(problems)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def bundled_library() -> dict[str, str]:
    """The bundled BibTeX entries by key, each as its source wrote it."""
    library, _ = _parse(LIBRARY_PATH.read_text(encoding="utf-8"))
    return {entry.key: entry.raw.strip() for entry in library.entries}


@functools.lru_cache(maxsize=None)
def older_library() -> dict[str, str]:
    """The entries older releases of a tool asked for, by key, each as its source wrote it."""
    library, _ = _parse(OLDER_PATH.read_text(encoding="utf-8"))
    return {entry.key: entry.raw.strip() for entry in library.entries}


def older_citation(tool: str) -> dict[str, str]:
    """The citation record of ``tool`` (a LIBRARIES name) as its older release asked for it (lm-evaluation-harness
    0.3's 2021 entry): a reader of that release's output cites it, and used_citations then leaves out the current one,
    of the same key."""
    name, key = LIBRARIES[tool]
    return {"label": f"Cite {name} as:", "bibtex": older_library()[key]}


def older_release_cited(reads: list[dict[str, Any]], tool: str = "lm-eval") -> list[dict[str, str]]:
    """The citation ``tool``'s reads (each a read's data) give together: the older release's entry when every read
    is of that release (each cites it: older_citation); none when one is of a newer release, whose entry
    used_citations adds. lm-eval 0.3 and 0.4 results of one model are cited once, as the newest release read asks:
    both entries have the key eval-harness, which one .bib cannot hold twice."""
    older = older_citation(tool)
    return [older] if reads and all(older in (data.get("citations") or []) for data in reads) else []


def is_bibtex(text: str) -> bool:
    """Whether ``text`` is one or more well-formed BibTeX entries, each with a title, and nothing else."""
    library, _ = _parse(text)
    stray = [b for b in library.blocks if type(b).__name__ == "ImplicitComment" and b.comment.strip()]
    return bool(library.entries) and not library.failed_blocks and not stray \
        and all("title" in {f.key.lower() for f in e.fields} for e in library.entries)


def cited_keys(items: Iterable[Any]) -> set[str]:
    """The BibTeX keys a list of citation records already cites (read without parsing)."""
    return {key for item in items if isinstance(item, dict) and isinstance(item.get("bibtex"), str)
            for key in _KEY.findall(item["bibtex"])}


# Older keys of a bundled entry, as cards of older releases cite it: TRL's cards before 0.2x wrote @misc{vonwerra2022trl},
# and its GRPO cards up to 0.19 at least @article{zhihong2024deepseekmath} (GRPOTrainer.create_model_card).
KEY_ALIASES = {"vonwerra2022trl": "vonwerra2020trl", "zhihong2024deepseekmath": "shao2024deepseekmath"}


def used_citations(data: dict[str, Any], tools: Iterable[str] = ()) -> list[dict[str, str]]:
    """Citation records, from the bundled library, for what record ``data`` says was used.

    The training method's paper, and that of a method its ``loss_type`` names (DPO's ``ipo``); TRL when the
    model is tagged ``trl`` or TRL's version is listed; PEFT for a PEFT model or adapter; LoRA and QLoRA when
    tagged (or LoRA is the adapter's type); Unsloth when tagged ``unsloth``, as its README asks ("You can cite
    the Unsloth repo as follows"); lm-evaluation-harness when ``tools`` (the formats read) hold
    ``lm-eval``. An entry whose key ``data`` already cites is left out, so a hand-written citation wins.
    Labels read as TRL's card writes them: ``Cite DPO as:``.
    """
    model: dict[str, Any] = data.get("model") or {}
    training: dict[str, Any] = data.get("training") or {}
    tags = {t.lower() for t in model.get("tags") or [] if isinstance(t, str)}
    versions = {str(k).lower() for k in training.get("framework_versions") or {}}
    hyper: dict[str, Any] = training.get("hyperparameters") or {}
    tools = set(tools)
    wanted: list[tuple[str, str]] = []
    method = paper(training.get("method"))
    if method:
        wanted.append((method.short, method.key))
    losses = hyper.get("loss_type")
    losses = re.split(r"[,\s]+", losses) if isinstance(losses, str) else losses if isinstance(losses, list) else []
    for loss in losses:
        variant = paper(LOSS_PAPERS.get(str(loss).lower()))  # DPO's loss_type="ipo" is IPO
        if variant and variant.key not in {key for _, key in wanted}:
            wanted.append((variant.short, variant.key))
    used = {
        "trl": "trl" in tags or "trl" in versions,
        "peft": model.get("library_name") == "peft" or "peft" in versions or "peft" in tags,
        "lora": "lora" in tags or str(hyper.get("peft_type", "")).upper() == "LORA",
        "qlora": "qlora" in tags,
        "unsloth": "unsloth" in tags,  # Unsloth's trainers and its model saving tag what they made `unsloth`
        "lm-eval": "lm-eval" in tools,
    }
    wanted += [LIBRARIES[name] for name, yes in used.items() if yes]
    have = cited_keys(data.get("citations") or [])
    have |= {KEY_ALIASES[key] for key in have if key in KEY_ALIASES}
    library = bundled_library()
    out = []
    for name, key in wanted:
        if key not in have:
            have.add(key)
            out.append({"label": f"Cite {name} as:", "bibtex": library[key]})
    return out
