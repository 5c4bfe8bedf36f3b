"""Merging a card the generator renders over the copy the Hub holds: a person's text between blocks and their
metadata keys kept, a block or owned key edited on the Hub reported as a conflict (see :mod:`generator.card.managed`
for the markers), and the Hub's line endings kept where the merge does not change a line."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import combinations, takewhile
from typing import Any, Collection, Optional, Union

from generator.card.managed import (
    BEGIN_START,
    META,
    META_START,
    PREFIX,
    Conflict,
    Marker,
    Piece,
    as_listed,
    block_gaps,
    digest,
    end_marker,
    metadata_digest,
    owned_metadata,
    read_marker,
    split_body,
)
from generator.errors import counted, some_of
from generator.io.data import lazy_pattern
from generator.markdown.fences import leaves_fence_open, scan_lines
from generator.markdown.headings import atx_heading
from generator.markdown.safety import clean_markdown
from generator.records.hubrules import check_metadata

# the conflict of metadata values a person's README of metadata alone holds (a card of theirs, like a "body" conflict)
FOREIGN_METADATA = "metadata:foreign"


def merge_card(remote: Optional[tuple[dict, str]], new: tuple[dict, str],
               marker: Union[Marker, None, str] = "read",
               deleted: Collection[str] = ()) -> tuple[dict, str, list[Conflict]]:
    """Our new (metadata, body) over what the Hub has; returns merged (metadata, body) and conflicts. ``marker``:
    the Hub's body's metadata marker when the caller read it already (:func:`read_marker`); ``deleted``: our blocks
    a person deleted on the Hub (:func:`generator.card.managed.deleted_blocks`), left out, the blank lines the
    deletion left kept.

    Remote text between blocks stays after the block it followed; remote metadata keys the generator does not own
    stay; every key stays where the Hub's copy has it (a person may have moved one, or added one after model-index),
    a key the Hub's copy lacks goes after the key our card writes before it (:func:`in_hub_order`).
    """
    new_meta, new_body = new
    if remote is None:
        return new_meta, new_body, []
    remote_meta, remote_body = remote
    conflicts: list[Conflict] = []
    owned = owned_metadata(read_marker(remote_body) if isinstance(marker, str) else marker)
    remote_body, tail = _after_marker(remote_body)
    remote_pieces = split_body(remote_body)
    # ours: a body with our blocks, or with our metadata marker alone (a card of metadata only, such as one rendered
    # from an empty README, where a person may add the first text)
    ours = owned is not None or any(p.kind == "block" for p in remote_pieces)
    if not ours and remote_body.strip():
        conflicts.append(Conflict("body", "README.md on the Hub was not written by modelcard-generator; "
                                          f"publishing would replace its text ({_replaced(remote_body)})"))
    new_pieces = split_body(new_body)
    # a block edited on the Hub is no conflict when the records now give what it holds (the person's edit imported);
    # where they give it but for the spaces at the ends of its lines or its blank lines, which the import does not
    # keep, the Hub's text of the block stays, word for word and space for space (see :func:`_spacing_alone`)
    now = {p.name: p for p in new_pieces if p.kind == "block"}
    held = _held(remote_pieces, new_pieces)
    hub_blocks = {p.name: p.content for p in remote_pieces if p.kind == "block"}
    # (the blocks written as the records give them: not one kept as the Hub has it, nor one a person deleted)
    blocks = [(_lines(p.content), _lines(hub_blocks.get(name, ""))) for name, p in now.items()
              if name not in held and name not in deleted] if ours else []
    if tail and _imported(tail.partition("\n")[2], blocks):
        tail = ""  # the person's text after the marker, in the records now: written once, in the last block
    for piece in remote_pieces:
        mine = now.get(piece.name) if piece.kind == "block" else None
        if piece.edited and piece.name not in held and (mine is None or mine.digest != digest(piece.content)):
            conflicts.append(Conflict(f"body:{piece.name}", f"the '{piece.name}' section was edited on the Hub "
                                                            "after the generator wrote it"))
    previously_owned: list[str] = []
    added: dict[str, list] = {}
    if owned is not None:
        want, previously_owned = owned
        added = _items_added(remote_meta, new_meta, previously_owned, want)
        if not added and metadata_digest(remote_meta, previously_owned) != want:
            changed = [k for k in previously_owned if k in remote_meta and k not in new_meta or
                       k in new_meta and as_listed(k, remote_meta.get(k)) != new_meta.get(k)]
            if changed:  # else the records now give what the Hub holds (the person's edit imported)
                conflicts.append(Conflict("metadata", "metadata the generator wrote was edited on the Hub "
                                          f"({', '.join(_edited(remote_meta, new_meta, previously_owned, want, changed))})"))
    elif remote_meta:
        differing = [k for k in new_meta if k in remote_meta and remote_meta[k] != new_meta[k]]
        if differing and ours:
            conflicts.append(Conflict("metadata", "metadata keys differ from what the generator writes: "
                                      + ", ".join(differing)))
        elif differing and not remote_body.strip():
            # a README of metadata alone that a person wrote: its text is not replaced, but these values would be
            conflicts.append(Conflict(FOREIGN_METADATA, "README.md on the Hub was not written by modelcard-generator; "
                                      "publishing would replace the values of its metadata keys "
                                      + ", ".join(f"{k} ({_shown(remote_meta[k])} there)" for k in differing)))
    # metadata: ours, then the person's own keys (not ones we used to own and dropped), model-index last
    merged_meta = {k: v for k, v in new_meta.items() if k != "model-index"}
    for key, value in remote_meta.items():
        if key not in new_meta and key not in previously_owned:
            merged_meta[key] = value
    for key, items in added.items():  # a person's items added to a list of ours: kept (the digest stays of ours)
        hub = remote_meta[key]  # ours as it was: the Hub's list as it is, in their order
        merged_meta[key] = hub if sorted(x for x in hub if x not in items) == sorted(new_meta[key]) \
            else new_meta[key] + items
    if "model-index" in new_meta:  # what the records give as the Hub has it spelt, in the person's order of keys
        merged_meta["model-index"] = _spelt_as(new_meta["model-index"], remote_meta.get("model-index")) if ours \
            else new_meta["model-index"]
    if ours:
        merged_meta = in_hub_order(merged_meta, remote_meta)
    # body: our blocks in our order; remote free text after the block it followed
    new_names = [p.name for p in new_pieces if p.kind == "block"]
    anchored: dict[str, list[Piece]] = {}
    before_first: list[Piece] = []
    anchor: Optional[str] = None
    for piece in remote_pieces:
        if piece.kind == "block":
            if piece.name in new_names:
                anchor = piece.name
            continue
        if not ours:
            continue  # a foreign card: reported above; replaced only when forced
        if _imported(piece.content, blocks):
            continue  # the records hold it now, in a block: kept there, not written twice
        if anchor is None:
            before_first.append(piece)
        else:
            anchored.setdefault(anchor, []).append(piece)
    parts: list[Piece] = before_first[:]
    # the newlines between two of our blocks the Hub's copy holds side by side: a person's spacing there is kept
    # (normalising it committed a change to nothing but their layout), so are those a deleted block left
    gaps = block_gaps(remote_body) if ours else {}
    previous = ""  # the block of ours just placed, when nothing came after it
    for piece in new_pieces:
        if piece.kind == "block":
            if piece.name in deleted:
                continue
            lead = gaps.get((previous, piece.name), "") if previous else ""
            content = held.get(piece.name, piece.content)
            sealed = digest(content) if piece.name in held else piece.digest
            parts.append(Piece("ours", f"<!-- {PREFIX}:begin {piece.name} sha256={sealed} -->\n{content}\n"
                                       f"{end_marker(piece.name)}", lead=lead))
            found = anchored.get(piece.name, [])
            parts.extend(found)
            previous = "" if found else piece.name
        else:
            parts.append(Piece("ours", piece.content))
            previous = ""
    if previous and parts and parts[-1].kind == "ours" and (previous, "") in gaps:  # the newlines before the marker
        last = parts[-1]
        parts[-1] = Piece("ours", last.content, lead=last.lead, trail=gaps[(previous, "")])
    return merged_meta, _joined([p for p in parts if p.content.strip()]) + tail, conflicts


def _held(hub: list[Piece], new: list[Piece]) -> dict[str, str]:
    """The blocks whose text on the Hub stays as it is there, re-sealed, though the records' differs: name -> the
    Hub's text. Each block whose text the records give but for spacing (:func:`_spacing_alone`), and two blocks
    side by side (in both) whose joined text the records give but for spacing, the line where one ends and the
    next begins elsewhere: a person's text at the start of a block, before its first heading, which the import
    reads as the end of the section before it, in the block before (NYTK's "Labels" line over the uses block's
    "## Limitations" came back in "Model details")."""
    now = {p.name: p for p in new if p.kind == "block"}
    lines = {name: _unspaced(p.content) for name, p in now.items()}  # once: the Hub may repeat a block
    # (never a block that leaves a code fence open on the Hub: the markers after it are code there, and the records
    # imported them as text; ufal/robeczech-base's "How to Get Started" fence, closed below the marker, came back
    # as a second evaluation block)
    held = {p.name: p.content for p in hub if p.kind == "block" and p.name in now and not leaves_fence_open(p.content)
            and now[p.name].digest != digest(p.content) and _same_lines(p.content, lines[p.name])}
    order = [p.name for p in new if p.kind == "block"]
    shown = [p for p in hub if p.kind == "block" or p.content.strip()]
    for first, second in zip(shown, shown[1:]):
        if first.kind != "block" or second.kind != "block" or first.name not in now or second.name not in now:
            continue
        if order.index(second.name) != order.index(first.name) + 1 or {first.name, second.name} <= set(held):
            continue
        differ = any(now[p.name].digest != digest(p.content) for p in (first, second)) and \
            not leaves_fence_open(first.content + "\n\n" + second.content) and not leaves_fence_open(first.content)
        if differ and _same_lines(first.content + "\n\n" + second.content, lines[first.name] + lines[second.name]):
            held[first.name], held[second.name] = first.content, second.content
    # a block and the person's text after it on the Hub (up to the next block) whose joined text the records give
    # for that block but for spacing: the import read their text as the end of the block before it (a paragraph
    # typed below the header block came back in the summary), and kept there it was a conflict when they had also
    # edited the block, and their text twice on the Hub when not
    for n, piece in enumerate(hub):
        if piece.kind != "block" or piece.name not in now or piece.name in held or \
                now[piece.name].digest == digest(piece.content):
            continue
        theirs = "\n\n".join(p.content for p in takewhile(lambda p: p.kind != "block", hub[n + 1:]))
        joined = piece.content + "\n\n" + theirs
        if theirs.strip() and not leaves_fence_open(piece.content) and not leaves_fence_open(joined) and \
                _same_lines(joined, lines[piece.name]):
            held[piece.name] = piece.content
    return held


def _spacing_alone(hub: str, ours: str) -> bool:
    """Whether a block's text on the Hub and the records' differ in nothing but spaces and tabs at the ends of lines
    and blank lines: a person's text the import gives back without them (EleutherAI's Pythia cards end 97 lines with
    a space), or with a blank line the person did not type (between a `---` line and a heading, or two headings:
    the records write one before each of their sections' headings). The Hub's is kept: two spaces at a line's end
    are a line break to Markdown, and a blank line may end a paragraph. So is
    the Hub's HTML the records hold as text (SpeechBrain's `<iframe>`, imported as `&lt;iframe`), which publishing
    writes as the person typed it anyway (:func:`generator.markdown.safety.kept_as_written`)."""
    return _same_lines(hub, _unspaced(ours))


def _same_lines(hub: str, unspaced: list[str]) -> bool:
    """:func:`_spacing_alone` of the Hub's text and the records' :func:`_unspaced` lines."""
    return _unspaced(hub) == unspaced or "<" in hub and _unspaced(clean_markdown(hub)) == unspaced


MOST_PARTS = 500  # the sections of a person's text :func:`_imported` looks for in the records' blocks, at most


def _imported(text: str, blocks: list[tuple[str, str]]) -> bool:
    """Whether a person's ``text`` between our blocks on the Hub (or below the marker) is, line for line (but for the
    spaces at the ends of lines and blank lines), in blocks the records give whose copies on the Hub lack it
    (``blocks``: each block's :func:`_lines` in the records', then on the Hub), each of its sections (from one
    heading to the next) whole in one block: the records imported it from the Hub's README (the documented fix of a
    conflict), and the renderer writes it in those blocks (a Trainer card below the marker: its title in the
    header, the rest in the last block). It was kept there and again where the person typed it: twice on the Hub."""
    variants = [text] + ([clean_markdown(text)] if "<" in text else [])
    for variant in variants:
        runs = {run for run in map(_lines, _parts(variant)) if run.strip()}
        if len(runs) > MOST_PARTS:
            return False  # each is looked for in the blocks: kept, as typed, rather than read at length
        if runs and all(any(run in mine and run not in theirs for mine, theirs in blocks) for run in runs):
            return True
    return False


def _parts(text: str) -> list[str]:
    """``text`` cut before each line that opens a heading (outside code fences)."""
    lines = text.split("\n")
    cuts = [n for n, (line, fence, comment) in enumerate(scan_lines(lines))
            if n and fence is None and not comment and atx_heading(line) is not None]
    return ["\n".join(lines[a:b]) for a, b in zip([0, *cuts], [*cuts, len(lines)])]


def _lines(text: str) -> str:
    """:func:`_unspaced`'s lines of ``text``, each between newlines (a run of them is found as whole lines)."""
    return "\n" + "\n".join(_unspaced(text)) + "\n"


def _unspaced(text: str) -> list[str]:
    """``text``'s lines without spaces or tabs at their ends, and without its blank lines; a table's rows without
    the padding of their cells (:func:`_unpadded`)."""
    return [_unpadded(line) if line[:1] in "| " and "|" in line else line
            for line in (line.rstrip(" \t") for line in text.split("\n")) if line]


_CELL_EDGE = lazy_pattern(r"[ \t]*\|[ \t]*")
_DASHES = lazy_pattern(r"-+")


def _unpadded(line: str) -> str:
    """A table row without the spaces around its cells, and a delimiter row with one dash a column: the renderer
    pads each column to its widest cell, and a person who edits a cell on the Hub seldom aligns the column again
    (a Trainer results table with a number made longer: the records, imported from it, pad the whole column)."""
    if not line.lstrip().startswith("|"):
        return line
    row = _CELL_EDGE.sub("|", line.strip())
    return _DASHES.sub("-", row) if not row.strip("|:-") else row


def _items_added(remote: dict, new: dict, owned: list[str], want: str) -> dict[str, list]:
    """The items a person added on the Hub to lists of strings the generator wrote (tags, datasets, language), or the
    order they put them in, when that is the only edit of its keys: without their items the Hub's values, in the
    Hub's order or in ours, match the digest the generator left. Key -> the items added (none for a list they
    reordered), in the Hub's order; {} for any other edit, or none."""
    added: dict[str, list] = {}
    theirs, ours_order = dict(remote), dict(remote)
    for key in owned:
        hub, ours = remote.get(key), new.get(key)
        if not (isinstance(hub, list) and isinstance(ours, list) and hub != ours
                and all(isinstance(x, str) for x in hub)):
            continue
        added[key] = [x for x in hub if x not in ours]
        if len(added[key]) == len(hub) or any(p.severity == "error" for p in check_metadata({key: added[key]})):
            return {}  # (an item the Hub's rules refuse, `datasets: [oscar (NL)]`, is not published: a conflict)
        theirs[key] = [x for x in hub if x in ours]
        ours_order[key] = [x for x in ours if x in hub]
    return added if added and want in (metadata_digest(theirs, owned), metadata_digest(ours_order, owned)) else {}


def _edited(remote: dict, new: dict, owned: list[str], want: str, changed: list[str]) -> list[str]:
    """Of the ``changed`` keys (the Hub's value is not the records'), those a person edited on the Hub: the fewest
    whose values the records give make the Hub's metadata the one the generator wrote (its digest, ``want``): the
    others the records changed since. All of them when no such keys are found (a key both changed)."""
    for size in range(1, min(len(changed), 6) + 1):
        for keys in combinations(changed, size):
            then = dict(remote)
            for key in keys:
                if key in new:
                    then[key] = new[key]
                else:
                    then.pop(key, None)
            if metadata_digest(then, owned) == want:
                return list(keys)
    return changed


def _spelt_as(new: Any, hub: Any) -> Any:
    """``new`` (model-index as the records give it) with each mapping's keys in the order the Hub's matching one has
    them: a result the records give unchanged is written as the Hub holds it, not in the generator's order of
    keys (a diff of nothing but the person's layout), and a score as the Hub spells it where it reads as the same
    number (5.60 written 5.6 by huggingface_hub's metadata_update). Items of a list match an equal item, else the one
    at their place."""
    if isinstance(new, Decimal) and isinstance(hub, float) and float(new) == hub:
        return hub
    if isinstance(new, dict) and isinstance(hub, dict):
        order = [k for k in hub if k in new] + [k for k in new if k not in hub]
        return {k: _spelt_as(new[k], hub.get(k)) for k in order}
    if isinstance(new, list) and isinstance(hub, list):
        at = [hub[i] if i < len(hub) else None for i in range(len(new))]
        return [_spelt_as(item, at[i] if at[i] == item else next((h for h in hub if h == item), at[i]))
                for i, item in enumerate(new)]
    return new


def _after_marker(body: str) -> tuple[str, str]:
    """``body`` up to its metadata marker, and the marker's line with the text a person added after it (at the end
    of the README, where the Hub's editor leaves them; no block of ours there): that text stays after the marker,
    which :func:`finish_body` then rewrites in place. ("", all of it) for a body without such text."""
    if META_START not in body:
        return body, ""
    match = META.search(body)
    if match is None or not body[match.end():].strip() or BEGIN_START in body[match.end():]:
        return body, ""
    return body[:match.start()], body[match.start():]


def _replaced(body: str) -> str:
    """What of a person's README publishing would replace, as a conflict names it: its lines of text and the
    headings of its sections (outside code and comments), the first four."""
    lines = body.split("\n")
    heads = []
    for line, fence, comment in scan_lines(lines):
        heading = atx_heading(line) if fence is None and not comment else None
        if heading and heading.title:
            heads.append(f"'{heading.title}'")
    said = counted(sum(1 for line in lines if line.strip()), "line")
    if heads:
        said += f"; {'section' if len(heads) == 1 else 'sections'} " + some_of(heads, 4)
    return said


def _shown(value: object) -> str:
    """A metadata value as a conflict names it: its first 40 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def in_hub_order(merged: dict, hub: dict) -> dict:
    """``merged``'s keys in the order the Hub's copy has them, each key it lacks after the key before it in
    ``merged`` (first when none is): a person's key added after model-index, or a key they moved, is not moved back
    on every publish, which would commit a change to nothing but their layout."""
    order = [k for k in hub if k in merged]
    if len(order) == len(merged) and order == list(merged):
        return merged
    placed = set(order)
    previous: Optional[str] = None
    for key in merged:
        if key not in placed:
            order.insert(order.index(previous) + 1 if previous is not None else 0, key)
            placed.add(key)
        previous = key
    return {k: merged[k] for k in order}


def _joined(parts: list[Piece]) -> str:
    """The merged body: one blank line between two of our parts; around a person's text, the newlines they left there
    (at least one: a marker stays on a line of its own)."""
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            before = parts[i - 1]
            gap = part.lead if part.kind == "text" else before.trail if before.kind == "text" else part.lead or "\n\n"
            out.append(gap or "\n")
        out.append(part.content.strip("\n"))
    last = parts[-1] if parts else None
    # then the newlines before the metadata marker: the person's after their text, else the blank line we leave
    return "".join(out) + (last.trail if last is not None and last.trail else "\n\n")


_LINE = lazy_pattern(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line with its ending, as the Hub reads lines


def keep_line_endings(old: str, new: str) -> str:
    """``new`` (a merge's text, lines ending in ``\n``) with each line it keeps of ``old`` (the Hub's text, which a
    person may have saved with ``\r\n``) ending as it does there, and each other line as most of ``old``'s lines
    end (:func:`majority_ending`): the merge reads lines as the Hub does and changes no more bytes than it changes
    lines."""
    if "\r" not in old:
        return new
    import difflib  # here: render and validate do not need it (test_api)

    olds = _LINE.findall(old)
    news = _LINE.findall(new)
    old_bare = [line.rstrip("\r\n") for line in olds]
    new_bare = [line.rstrip("\n") for line in news]
    ending = majority_ending(olds)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_bare, new_bare, autojunk=False)
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            line = new_bare[j1 + k]
            if not news[j1 + k].endswith("\n"):
                out.append(line)  # the text's last line, without an ending
            elif tag == "equal":
                out.append(line + (olds[i1 + k][len(old_bare[i1 + k]):] or "\n"))
            else:
                out.append(line + ending)
    return "".join(out)


def majority_ending(lines: list[str]) -> str:
    """The line ending most of ``lines`` (each with its ending) end with; ``\n`` on a tie or when none has one."""
    counts = {"\n": 0, "\r\n": 0, "\r": 0}
    for line in lines:
        ending = "\r\n" if line.endswith("\r\n") else line[-1:]
        if ending in counts:
            counts[ending] += 1
    return max(counts, key=lambda e: (counts[e], e == "\n"))
