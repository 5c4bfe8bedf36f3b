"""The parts of a card the generator owns, marked so a re-publish keeps what people wrote.

The body's blocks are wrapped in HTML comments carrying a digest of their content:

    <!-- modelcard-generator:begin evaluation sha256=1a2b3c4d5e6f7a8b -->
    ...
    <!-- modelcard-generator:end evaluation -->

and the card ends with the digest of the frontmatter keys the generator wrote:

    <!-- modelcard-generator:metadata sha256=... keys=license,tags,model-index -->

(with ``adopts=<git blob>`` before ``keys`` when the records were imported from a README the generator did not
write: that README may be replaced by this card while the Hub still holds it, unchanged, see publish's adoption;
and ``evals=<name>:<blob>,...`` after it, each `.eval_results` file the card's records write with the first 16
hex digits of its git blob, which the Hub's file listing gives: a file that no longer matches was edited on the Hub,
one the listing lacks was deleted there, see :func:`file_conflicts` and :func:`deleted_files`; ``evals=none`` when
the records write no file, so that a card of ours that wrote none is told from one written before the record;
then ``blocks=<name>,...``, the blocks the card's records produce: one the list names that the Hub's body lacks was
deleted by a person and stays deleted, see :func:`deleted_blocks`; a card written before the list has none).

On the Hub a person may add text between blocks, or metadata keys of their own;
:func:`generator.card.merge.merge_card` keeps both. A block or owned key whose content no longer matches
its digest was edited by hand: that is reported as a conflict instead of being
overwritten (unless forced).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Any, Collection, Iterable, Mapping, Optional, Sequence, Union
from urllib.parse import quote, unquote

from generator.frozen import dataclass
from generator.io.data import lazy_pattern
from generator.markdown.fences import Unread, collapse_blank_lines, leaves_fence_open

PREFIX = "modelcard-generator"


def _line_start(literal: str, rest: str) -> re.Pattern[str]:
    """``^literal rest`` (re.M) written as ``literal``, then a lookbehind that is the ``^``: re then looks for the
    literal first, instead of trying the pattern at every line start (about 10x faster over a card's body)."""
    lit = re.escape(literal)
    return lazy_pattern(lit + r"(?<![^\n]" + lit + ")" + rest, re.M)


_BEGIN_RAW = lazy_pattern(r"<!-- " + PREFIX + r":begin (\w+) -->")
BEGIN = _line_start("<!-- " + PREFIX + ":begin ", r"(\w+) sha256=([0-9a-f]{16}) -->$")
END = "<!-- " + PREFIX + ":end {name} -->"
_END_ANY = _line_start("<!-- " + PREFIX + ":end ", r"(\w+) -->$")
# the keys are read up to the end of the comment: a key may hold spaces ("base model")
META = _line_start("<!-- " + PREFIX + ":metadata sha256=",
                   r"(?P<digest>[0-9a-f]{16})(?: adopts=(?P<adopts>[0-9a-f]{40}))?(?: evals=(?P<evals>[^ ]+))?"
                   r"(?: blocks=(?P<blocks>\w+(?:,\w+)*))? keys=(?P<keys>.*?) -->\s*$")
FOLDER = ".eval_results"  # the folder of the files ``evals=`` names (generator.card.eval_results writes them)
NO_FILES = "none"  # ``evals=none``: the card writes no `.eval_results` file
META_START = "<!-- " + PREFIX + ":metadata sha256="  # what every match of META holds
BEGIN_START = "<!-- " + PREFIX + ":begin "  # what every match of BEGIN holds


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def begin_marker(name: str) -> str:
    """What the template emits; :func:`seal` adds the digest."""
    return f"<!-- {PREFIX}:begin {name} -->"


def end_marker(name: str) -> str:
    return END.format(name=name)


def _on_own_line(body: str, start: int, stop: int) -> bool:
    """Whether ``body[start:stop]`` is a whole line of ``body``."""
    return (start == 0 or body[start - 1] == "\n") and (stop == len(body) or body[stop] == "\n")


def seal(body: str, collapsed: bool = False, unread: Optional[Unread] = None) -> str:
    """Add content digests to block markers; drop blocks that rendered empty. ``collapsed``: ``body`` is
    :func:`collapse_blank_lines`' output (as the renderer's is); ``unread``: what :func:`collapse_code` gave with that
    output, which then answers whether a block leaves a code fence open for blocks on lines of their own from the
    first on (a block's end marker on a line the pass read outside code: no fence is open there; tested)."""
    return seal_blocks(body, collapsed, unread)[0]


def seal_blocks(body: str, collapsed: bool = False, unread: Optional[Unread] = None
                ) -> tuple[str, Optional[list[str]]]:
    """:func:`seal`'s text, and the names of its blocks (:func:`block_names` of it, what ``blocks=`` lists) where
    sealing proved no block stands inside a code fence of the text around it; else None (scan the text for them)."""
    out: list[str] = []
    pos = 0
    # the sealed blocks, each after the newlines between it and the block before (or the start)
    sealed: list[tuple[int, str]] = []
    names: list[str] = []
    simple = collapsed  # only newlines outside the blocks, and no block leaves a code fence open
    gap = 0
    line = counted = 0  # the line of body[counted]
    for match in _BEGIN_RAW.finditer(body):
        name = match.group(1)
        marker = end_marker(name)
        end = body.find(marker, match.end())
        if end < 0:
            continue
        between = body[pos:match.start()]
        out.append(between)
        content = body[match.end():end].strip("\n")
        if simple:
            simple = not between.strip("\n")
            if simple and ("``" in content or "~~" in content):
                if unread is not None and match.start() >= pos and _on_own_line(body, match.start(), match.end()) \
                        and _on_own_line(body, end, end + len(marker)):
                    line += body.count("\n", counted, end)
                    counted = end
                    if any(first <= line < stop for first, stop in unread):
                        unread = None  # read with a fence open, or passed over: the scan says, from here on
                        simple = not leaves_fence_open(content)
                else:
                    unread = None
                    simple = not leaves_fence_open(content)
            gap += len(between)
        if content.strip():
            block = f"<!-- {PREFIX}:begin {name} sha256={digest(content)} -->\n{content}\n{marker}\n"
            out.append(block)
            sealed.append((gap, block))
            names.append(name)
            gap = 0
        pos = end + len(marker)
    out.append(body[pos:])
    if simple and sealed and not body[pos:].strip("\n"):
        # the collapsed blocks as they are (their text is already collapsed, and each starts outside any fence or
        # comment), at most one blank line between two: what collapse_blank_lines makes of the whole (tested)
        return (sealed[0][1] + "".join(("\n" if gap else "") + block for gap, block in sealed[1:]),
                list(dict.fromkeys(names)))
    return collapse_blank_lines("".join(out)), None


# the keys the generator always writes as lists, of which the Hub reads a string as the one item (`datasets: org/x`,
# as papluca's person typed it): a string there is that list, so a person's spelling of it is no edit
LISTED = frozenset({"datasets", "tags"})


def as_listed(key: str, value: Any) -> Any:
    """``value`` of ``key`` as the generator's data: a string of a LISTED key as the one-item list the Hub reads."""
    return [value] if key in LISTED and isinstance(value, str) else value


def metadata_digest(meta: dict[str, Any], keys: list[str]) -> str:
    return digest(_DIGEST_JSON.encode({k: as_listed(k, meta.get(k)) for k in keys}))


def _as_read(value: Any) -> Any:
    """A value json cannot write, as the card read back holds it: a Decimal (a model-index score written with the
    zeros its card wrote, 57.50) as the float it reads as, so the digest of the metadata written is the one of the
    metadata read; anything else as its text."""
    return float(value) if isinstance(value, Decimal) else str(value)


# json.dumps(..., sort_keys=True, ensure_ascii=False, default=_as_read), the same text: one encoder (dumps makes one a
# call), and no check for cycles, which metadata read from a card or built from records (trees) cannot hold; a
# twelfth of the digest's instructions (rogemma's model-index of 71 results, 1.42 -> 1.25 M)
_DIGEST_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_as_read, check_circular=False)


def metadata_marker(meta: dict[str, Any], adopts: Optional[str] = None, owned: Optional[list[str]] = None,
                    files: Optional[Mapping[str, str]] = None, blocks: Sequence[str] = (),
                    ours: Optional[dict[str, Any]] = None) -> str:
    """The closing marker: the digest of the keys the generator wrote (``owned``, default every key of ``meta``),
    ``files``, the `.eval_results` files it writes (path -> git blob, of which 16 hex digits are kept; {}:
    ``evals=none``; None: no ``evals=``, as a card written before the record has none), and ``blocks``, the names
    of the blocks the records produce (none: no ``blocks=``). The digest is of ``ours``, the values the records
    give, where a merge keeps items a person added to a list of them (default ``meta``)."""
    keys = list(meta) if owned is None else [k for k in owned if k in meta]
    adopted = f" adopts={adopts}" if adopts else ""
    if files:  # names percent-encoded: a file read from the Hub may be named with spaces or commas
        adopted += " evals=" + ",".join(f"{quote(path[len(FOLDER) + 1:], safe='')}:{blob[:16]}"
                                        for path, blob in sorted(files.items()))
    elif files is not None:  # no file written (a name is never bare: `none` is `none:<blob>` as a file)
        adopted += f" evals={NO_FILES}"
    if blocks:
        adopted += " blocks=" + ",".join(blocks)
    digested = meta if ours is None else ours
    return f"<!-- {PREFIX}:metadata sha256={metadata_digest(digested, keys)}{adopted} keys={','.join(keys)} -->\n"


@dataclass(frozen=True)
class Marker:
    """What a card's metadata marker says: the digest of the keys the generator wrote and those ``keys``, the README
    the records were imported from (``adopts``) and the `.eval_results` files written (``files``, see
    :func:`written_files`)."""

    digest: str
    keys: tuple[str, ...]
    adopts: Optional[str] = None
    files: Optional[dict[str, str]] = None
    blocks: Optional[tuple[str, ...]] = None  # the blocks the records produced (None: a card without the list)


def read_marker(body: Optional[str]) -> Optional[Marker]:
    """The metadata marker of a card's body (or whole text), read once; None when it has none (not the generator's
    card, or no card)."""
    match = META.search(body) if body and META_START in body else None
    if match is None:
        return None
    files: Optional[dict[str, str]] = None
    if match.group("evals") is not None:
        files = {}
        for item in match.group("evals").split(","):
            name, _, blob = item.rpartition(":")
            if name and re.fullmatch(r"[0-9a-f]{16}", blob):
                files[f"{FOLDER}/{unquote(name)}"] = blob
    listed = match.group("blocks")
    return Marker(match.group("digest"), tuple(k for k in match.group("keys").split(",") if k),
                  match.group("adopts"), files, tuple(listed.split(",")) if listed else None)


def adopted_blob(body: str) -> Optional[str]:
    """The git blob of the README a card's records were imported from, as its metadata marker names it."""
    marker = read_marker(body)
    return marker.adopts if marker else None


def written_files(body: Optional[str]) -> Optional[dict[str, str]]:
    """The `.eval_results` files a card's metadata marker says the generator wrote (path -> 16 hex digits of the
    git blob); {} for ``evals=none`` (it wrote none), None for a card without the record: a marker without
    ``evals=`` (written before the record) or no marker (not the generator's, or no card; see :func:`is_ours`)."""
    marker = read_marker(body)
    return marker.files if marker else None


def with_written_blob(text: str, path: str, blob: str) -> str:
    """``text`` (a card, or its body) whose metadata marker records ``path``, an `.eval_results` file the card writes,
    at ``blob``: the file published as the Hub holds it (generator.publish.publish keeps a person's spelling of the
    data the records give)."""
    name = re.escape(quote(path[len(FOLDER) + 1:], safe=""))
    found = re.compile(rf"(<!-- {PREFIX}:metadata [^\n]*? evals=(?:[^ \n]*,)?{name}:)[0-9a-f]{{16}}")
    return found.sub(lambda m: m.group(1) + blob[:16], text, count=1)


def is_ours(body: Optional[str]) -> bool:
    """Whether a card's body ends with the generator's metadata marker."""
    return read_marker(body) is not None


def deleted_files(marker: Optional[Marker], hub: Collection[str], paths: Iterable[str]) -> list[str]:
    """The ``paths`` (`.eval_results` files publishing would write) that the Hub's README's marker (``marker``)
    records as written by the generator and that the Hub no longer holds (``hub``: its file list): deleted there,
    or never uploaded (a README published as rendered by session-33 code recorded files it did not carry); publish
    tells the two apart by the Hub's history (generator.publish.remote.ever_held)."""
    record = marker.files if marker else None
    return sorted(p for p in paths if record and p in record and p not in hub)


def file_conflicts(marker: Optional[Marker], hub: Mapping[str, str], paths: Iterable[str],
                   ingested: Optional[Mapping[str, Optional[str]]] = None) -> list[Conflict]:
    """The conflicts of replacing ``paths`` (files besides README.md that publishing would change) that the Hub
    holds (``hub``: path -> git blob of the content), given ``marker``, the Hub's README's (what it records the
    generator wrote, :func:`written_files`): a recorded file whose blob differs was edited on the Hub; a file not
    recorded is a person's own unless the records were read from it (``ingested``: path -> the git blob it was read
    at, None for records that did not record it) and it is still that blob -- or unless the Hub's card is the
    generator's from before the record (no ``evals=``: its files are taken as the generator's, as they were)."""
    record = marker.files if marker else None
    older = record is None and marker is not None
    ingested = ingested or {}
    out: list[Conflict] = []
    for path in sorted(paths):
        now = hub.get(path)
        if now is None:
            continue
        if record and path in record:
            if not now.startswith(record[path]):
                out.append(Conflict(f"file:{path}", f"{path} was edited on the Hub after the generator wrote it"))
        elif path in ingested:
            read = ingested[path]
            if read and now != read:
                out.append(Conflict(f"file:{path}", f"{path} was edited on the Hub after it was read into the records "
                                                    f"(blob {read[:7]} then, {now[:7]} now): download it and ingest "
                                                    "it again"))
        elif not older:
            out.append(Conflict(f"file:{path}", f"{path} on the Hub was not written by modelcard-generator "
                                                "(nor read into the records); publishing would replace it"))
    return out


@dataclass(frozen=True)
class Piece:
    kind: str  # "text" or "block"
    content: str
    name: str = ""
    digest: str = ""
    # a text piece's newlines before and after it, as the body holds them (a merge keeps a person's blank lines)
    lead: str = ""
    trail: str = ""

    @property
    def edited(self) -> bool:
        return self.kind == "block" and digest(self.content) != self.digest


@dataclass(frozen=True)
class Block:
    """One generated block of a card's body, where it is, and whether its content still matches its digest."""

    name: str
    content: str
    digest: str
    line: int  # of the begin marker, counted from 1 at the start of the text scanned
    end_line: int  # of the end marker

    @property
    def edited(self) -> bool:
        return digest(self.content) != self.digest


@dataclass(frozen=True)
class _Span:
    start: int  # of the begin marker
    stop: int  # after the end marker
    name: str
    digest: str
    content: str


def _scan(body: str) -> list[_Span]:
    """Each sealed block of ``body`` in order; a begin marker without its end marker is just text."""
    spans: list[_Span] = []
    pos = 0
    for match in BEGIN.finditer(body):
        if match.start() < pos:
            continue
        name = match.group(1)
        marker = end_marker(name)
        end = body.find(marker, match.end())
        if end < 0:
            continue
        pos = end + len(marker)
        spans.append(_Span(match.start(), pos, name, match.group(2), body[match.end():end].strip("\n")))
    return spans


def blocks(text: str) -> list[Block]:
    """The sealed blocks of a card's body (or of a whole card), with their line numbers in ``text``."""
    out: list[Block] = []
    line, counted = 1, 0
    for span in _scan(text):
        line += text.count("\n", counted, span.start)
        counted = span.start
        out.append(Block(span.name, span.content, span.digest, line, line + text.count("\n", span.start, span.stop)))
    return out


def block_names(body: str) -> list[str]:
    """The names of the sealed blocks of ``body``, in order, each once: what ``blocks=`` lists."""
    return list(dict.fromkeys(span.name for span in _scan(body)))


def resealed(body: str) -> str:
    """``body`` with each sealed block's digest that of the content it holds now: a block publishing writes otherwise
    than it was rendered (a person's HTML kept as written, generator.markdown.safety.kept_as_written) is sealed as
    written, so the next publish does not take it for a person's edit."""
    out: list[str] = []
    pos = 0
    for span in _scan(body):
        now = digest(span.content)
        if now != span.digest:
            at = body.index(" sha256=", span.start) + len(" sha256=")
            out += [body[pos:at], now]
            pos = at + len(now)
    return "".join(out) + body[pos:] if out else body


def deleted_blocks(marker: Optional[Marker], body: str) -> list[str]:
    """The blocks the Hub's README's marker (``marker``) lists that its body (``body``) no longer has a marker of
    (neither begin nor end: a block a person cut in half is a broken edit, not a deletion): a person deleted them
    on the Hub, and they stay deleted. [] for a card whose marker has no list (written before it)."""
    if marker is None or not marker.blocks:
        return []
    present = {m.group(1) for m in BEGIN.finditer(body)} | {m.group(1) for m in _END_ANY.finditer(body)}
    present |= {m.group(1) for m in _BEGIN_RAW.finditer(body)}
    return [name for name in marker.blocks if name not in present]


def block_gaps(body: str) -> dict[tuple[str, str], str]:
    """The newlines between each two sealed blocks of ``body`` that nothing else stands between, keyed by their
    names, and between the last block and the end ("" for the name), the metadata marker left out: where a block a
    person deleted stood, the merge keeps the blank lines the deletion left."""
    body = META.sub("", body)
    spans = _scan(body)
    out: dict[tuple[str, str], str] = {}
    for span, after in zip(spans, spans[1:]):
        if not body[span.stop:after.start].strip():
            out[(span.name, after.name)] = body[span.stop:after.start]
    if spans and not body[spans[-1].stop:].strip():
        out[(spans[-1].name, "")] = body[spans[-1].stop:]
    return out


def unpaired_markers(text: str) -> list[tuple[str, str, int]]:
    """("begin" or "end", block name, line) of each marker outside every block: its partner was removed,
    so what it marked can no longer be checked against its digest."""
    spans = _scan(text)
    found = [(m.start(), "begin", m.group(1)) for m in BEGIN.finditer(text)]
    found += [(m.start(), "end", m.group(1)) for m in _END_ANY.finditer(text)]
    return [(kind, name, text.count("\n", 0, at) + 1) for at, kind, name in sorted(found)
            if not any(s.start <= at < s.stop for s in spans)]


def split_body(body: str) -> list[Piece]:
    """The body as managed blocks and the free text around them (the metadata marker removed)."""
    body = META.sub("", body)
    pieces: list[Piece] = []
    pos = 0
    for span in _scan(body):
        if body[pos:span.start].strip():
            pieces.append(_text(body[pos:span.start]))
        pieces.append(Piece("block", span.content, span.name, span.digest))
        pos = span.stop
    if body[pos:].strip():
        pieces.append(_text(body[pos:]))
    return pieces


def _text(between: str) -> Piece:
    content = between.strip("\n")
    start = between.index(content)
    return Piece("text", content, lead=between[:start], trail=between[start + len(content):])


@dataclass(frozen=True)
class Conflict:
    where: str  # "body:<block>" or "metadata:<key>"
    message: str


def owned_metadata(marker: Optional[Marker]) -> Optional[tuple[str, list[str]]]:
    return None if marker is None else (marker.digest, list(marker.keys))


def edited_metadata_keys(meta: dict[str, Any], body: str) -> Optional[list[str]]:
    """The frontmatter keys the generator wrote, when they no longer match the digest it left; else None."""
    owned = owned_metadata(read_marker(body))
    if owned is None or metadata_digest(meta, owned[1]) == owned[0]:
        return None
    return owned[1]


def finish_body(body: str, meta: dict[str, Any], adopts: Optional[str] = None,
                owned: Optional[list[str]] = None, files: Optional[Mapping[str, str]] = None,
                exact: bool = False, blocks: Optional[Sequence[str]] = None,
                ours: Optional[dict[str, Any]] = None) -> str:
    """The body with its metadata marker last (naming ``adopts``, the blob of the README the records were
    imported from, the ``owned`` keys, the `.eval_results` ``files`` written and the ``blocks`` the records produce,
    default those of ``body``: see :func:`metadata_marker`), one
    blank line before it, or the blank lines a person left there (``exact``, a merged body: the newlines it ends
    with, even a single one); ``ours``: see :func:`metadata_marker`. A body whose one marker a person wrote text
    after (at the end of the README) gets the new marker in its place, the text after it as it is."""
    listed = block_names(body) if blocks is None else blocks
    if META_START in body:  # a marker to replace (scanning for META itself tries the pattern at every character)
        match = META.search(body)
        after = body[match.end():] if match is not None else ""
        if match is not None and after.strip() and META_START not in after:  # a person's text after it: kept there
            line_end = body.find("\n", match.start())
            rest = body[line_end + 1:] if line_end >= 0 else ""
            return body[:match.start()] + metadata_marker(meta, adopts, owned, files, listed, ours) + rest
        body = META.sub("", body)
    text = body.rstrip("\n")
    gap = len(body) - len(text)
    if not text:  # a body of nothing (a card imported from an empty README; a merged body whose one block a person
        # deleted, whose lead the caller kept): the marker alone, after the frontmatter's blank line or at the top
        return metadata_marker(meta, adopts, owned, files, listed, ours)
    return text + ("\n" * gap if gap > 2 or exact and gap else "\n\n") + metadata_marker(meta, adopts, owned, files,
                                                                                         listed, ours)


def strip_markers(text: Union[str, None]) -> str:
    """The card text with the generator's markers removed (for display and diffs of content)."""
    text = text or ""
    text = BEGIN.sub("", text)
    text = _END_ANY.sub("", text)
    return META.sub("", text)
