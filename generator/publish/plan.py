"""What publishing one card writes over the Hub's copy, and what stands in the way: the merge with the Hub's
README, its adoption, and the `.eval_results` files a person edited, wrote or deleted there."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Collection, Mapping, Optional, Sequence

from generator.card.frontmatter import frontmatter_comments, key_text, reads_as, with_comments
from generator.card.managed import (
    FOLDER,
    Conflict,
    as_listed,
    block_names,
    deleted_blocks,
    deleted_files,
    file_conflicts,
    read_marker,
    resealed,
    with_written_blob,
    written_files,
)
from generator.card.merge import FOREIGN_METADATA, in_hub_order, keep_line_endings, merge_card
from generator.card.model_index import index_results
from generator.errors import GeneratorError, Problem, some_of
from generator.io.files import git_blob_sha
from generator.markdown.frontmatter import head_comments, key_texts, split_card
from generator.markdown.safety import kept_as_written
from generator.publish.remote import README, Content, Remote
from generator.records.hubrules import check_metadata
from generator.records.model import CONSUMED_KEYS
from generator.render.card import card_text


@dataclass(frozen=True)
class Card:
    """What publishing one source would write, before merging with the Hub's copy."""

    meta: dict[str, Any]
    body: str
    text: str  # card_text(meta, body)
    extra: dict[str, Content]  # `.eval_results` files and, with plots, the plot files (bytes)
    # model.card_source, or a rendered README's adopts=: the git blob of the README the records were imported from
    source_blob: Optional[str] = None
    # the `.eval_results` files the records were read from -> the git blob each was read at (None: not recorded)
    ingested: Mapping[str, Optional[str]] = field(default_factory=dict)
    # model.card_read_blob: the git blob of the card of ours the records were imported from (see :func:`_holds`)
    read_blob: Optional[str] = None


def as_held(card: Card, kept: Mapping[str, str]) -> Card:
    """``card`` writing each of the `.eval_results` files ``kept`` (path -> the Hub's text of the data it gives:
    generator.publish.remote.same_data_as_read) as the Hub holds it, its README recording that file's blob."""
    if not kept:
        return card
    text, body = card.text, card.body
    for path, held in kept.items():
        blob = git_blob_sha(held.encode("utf-8"))
        text, body = with_written_blob(text, path, blob), with_written_blob(body, path, blob)
    return replace(card, text=text, body=body, extra={**card.extra, **kept})


_FOREIGN = ("body", FOREIGN_METADATA)  # the conflicts of a README a person wrote, which adoption lifts


def _adopt(remote: Remote, card: Card, conflicts: list[Conflict]) -> tuple[list[Conflict], bool]:
    """A README the generator did not write (the "body" conflict) is adopted, not a conflict, when the
    records were imported from that very file: model.card_source holds the blob the Hub has now. So is such a
    README of metadata alone, which no "body" conflict marks: merged, it came back without the imported card's
    adoption marker, so the card pushed was not the card rendered."""
    if card.source_blob is None:
        return conflicts, False
    others = [c for c in conflicts if c.where not in _FOREIGN]
    now = remote.blobs.get(README, "")
    if now == card.source_blob:
        return others, not others
    if len(others) == len(conflicts):  # the Hub's README is ours (or none): merged as usual
        return conflicts, False
    changed = Conflict("body", f"README.md on the Hub changed since the records were imported from it (blob "
                               f"{card.source_blob[:7]} then, {now[:7]} now): download it, run `modelcard ingest "
                               "README.md` on it again and publish the new records")
    return [changed, *others], False


@dataclass(frozen=True)
class Plan:
    changed: dict[str, Content]  # path -> text or bytes, each file to write
    conflicts: list[str]  # with the Hub's copy ([] when forced)
    adopted: bool  # the Hub's README is adopted (see :func:`_adopt`)
    kept: list[str] = field(default_factory=list)  # `.eval_results` files a person deleted, not written again
    dropped: list[str] = field(default_factory=list)  # keys of the adopted README the card does not carry
    kept_blocks: list[str] = field(default_factory=list)  # blocks of ours a person deleted, left deleted
    # comments of the Hub's README's metadata that README.md as written does not hold: they sat on values it drops
    dropped_comments: list[str] = field(default_factory=list)
    # a person's metadata on the Hub that the Hub refuses now, which README.md as written keeps: nothing is pushed
    refused: list[Problem] = field(default_factory=list)
    # values of the adopted README the card writes otherwise: "key: theirs -> ours" (the import changed them, saying
    # so then: a pipeline tag the Hub removed, read as text-generation)
    replaced: list[str] = field(default_factory=list)


def plan(remote: Remote, card: Card, force: bool,
         held: Optional[Callable[[list[str]], Collection[str]]] = None) -> Plan:
    """What to write over the Hub's copy, and what stands in the way. ``held``: of the `.eval_results` files the
    Hub's README records and the Hub lacks, those it held at an earlier commit (a person deleted them; the others
    were never uploaded: a README published by session-33 code as rendered recorded files it did not carry). Without
    it, every such file is taken as deleted by a person."""
    # a README saved on Windows (CRLF) keeps its blocks and hand edits: the merge reads lines as the Hub does
    hub_text = None if remote.readme is None else remote.readme.lstrip("\ufeff")
    text = None if hub_text is None else hub_text.replace("\r\n", "\n").replace("\r", "\n")
    unread: list[Conflict] = []
    try:  # NaN kept: the Hub takes a card whose model-index holds one (`.nan`)
        remote_card = split_card(text, README, finite=False) if text is not None else None
    except GeneratorError as exc:  # a frontmatter the Hub reads as text (never closed) or not at all
        remote_card = None
        why = exc.problems[0]
        unread.append(Conflict("body", "README.md on the Hub cannot be read as a card ("
                               + (f"{why.path}: " if why.path else "") + f"{why.message}); "
                                       "publishing would replace it: fix it on the Hub, or import it and publish "
                                       "the records"))
    # the Hub's README's metadata marker, read once: the keys and `.eval_results` files it records
    marker = read_marker(remote_card[1]) if remote_card else None
    # the blocks the records produce, as the card's marker lists them; one the Hub's README lists and lacks was
    # deleted by a person there and stays deleted unless forced
    own = read_marker(card.text)
    listed = list(own.blocks or ()) if own else block_names(card.body)
    gone_blocks = [] if force or not remote_card else [n for n in deleted_blocks(marker, remote_card[1])
                                                       if n in listed]
    merged_meta, merged_body, conflicts = merge_card(
        (remote_card[0] or {}, remote_card[1]) if remote_card else None, (card.meta, card.body), marker, gone_blocks)
    conflicts = unread + conflicts
    if card.read_blob is not None and remote.blobs.get(README) == card.read_blob and remote_card \
            and _holds((remote_card[0] or {}), card.meta, marker.keys if marker else ()):
        conflicts = [c for c in conflicts if c.where != "metadata"]  # the records hold the person's edit
    conflicts, adopted = _adopt(remote, card, conflicts)
    if adopted or force and any(c.where == "body" for c in conflicts):
        # replaced by our card, which holds what the importer read (adopted), or over a README we did not write;
        # forced over edits of our blocks or keys, the merge puts ours back and keeps the person's other text and keys
        merged_meta, merged_body = card.meta, card.body
    merged = not adopted and (merged_meta is not card.meta or merged_body is not card.body)
    if text:  # the person's HTML where it stands on the Hub stays theirs, in their text the records now hold
        kept_html = kept_as_written(text, merged_body)
        if kept_html is not merged_body:
            merged_body = resealed(kept_html)
    adopted_meta = (remote_card[0] if remote_card else None) or {}
    kept_keys = _kept_keys(card.meta, adopted_meta) if adopted else []
    if adopted:  # with the adopted README's own keys the import left out, the Hub takes as they are, and every key
        # where the person had it, with the comments they typed around it (written below)
        merged_meta = in_hub_order({**card.meta, **{k: adopted_meta[k] for k in kept_keys}}, adopted_meta)
    # what the Hub's README records the generator wrote there (the README as rendered when the Hub's is that very
    # file and was not downloaded)
    if text is None and README in remote.blobs:
        marker = read_marker(card.text)
    # an `.eval_results` file the generator wrote that a person deleted stays deleted unless forced; one the Hub
    # never held (recorded, not uploaded) is written
    wanted = written_files(card.body)
    gone = deleted_files(marker, remote.blobs, wanted or ())
    if gone and held is not None:
        was = held(gone)
        gone = [p for p in gone if p in was]
    kept = [] if force else [p for p in gone if p in card.extra]
    record = _record(remote, card, wanted, gone)
    # the person's comment on the whole block, above its first key (or over a block of none: the huggingface_hub
    # template's `{}`), stays above the first key written, whichever that is
    head = head_comments(text or "")
    if merged_meta is card.meta and merged_body is card.body and record == wanted and not (adopted and adopted_meta) \
            and not head:
        readme = card.text  # nothing merged in: the card as rendered
    else:
        # the person's keys stay theirs, and as they wrote them (comments, quoting); so does a key of ours whose value
        # is what the Hub holds (a comment a person typed under it, which writing the key anew dropped)
        hub_meta = (remote_card[0] or {}) if remote_card else {}
        written: dict[str, str] = {}
        for key, typed in key_texts(text or "").items():
            if key not in merged_meta:
                continue
            if key not in card.meta or key in hub_meta and (as_listed(key, hub_meta[key]) == merged_meta[key]
                                                            or hub_meta[key] == reads_as(key, merged_meta[key])):
                written[key] = typed
            else:  # a key of ours the records change: its new value, the person's comments around it kept
                commented = with_comments(key, merged_meta[key], typed)
                if commented is not None:
                    written[key] = commented
        first = next(iter(merged_meta), None)
        if head and first is not None and not any(typed.startswith(head) for typed in written.values()):
            written[first] = head + written.get(first, key_text(first, merged_meta[first]))
        # the person's blank lines after the frontmatter and before the marker stay as they are on the Hub
        lead = remote_card[1][:len(remote_card[1]) - len(remote_card[1].lstrip("\n"))] \
            if merged and remote_card and remote_card[0] else None
        readme = card_text(merged_meta, merged_body, card.source_blob,  # the card's adopts=, as rendered
                           owned=list(card.meta) if merged or adopted else None, written=written, files=record,
                           lead=lead, blocks=listed, ours=card.meta)
        if head and first is None:  # no key to stand above (a card of no metadata): over `{}`, as the person had it
            readme = f"---\n{head}{{}}\n---\n" + ("\n" if lead is None else "") + readme
        if merged and hub_text:  # the person's lines keep their endings (a README saved on Windows)
            readme = keep_line_endings(hub_text, readme)
    files: dict[str, Content] = {README: readme, **{p: c for p, c in card.extra.items() if p not in kept}}
    changed = {path: content for path, content in files.items() if not remote.holds(path, content)}
    # an `.eval_results` file the Hub holds, which a person edited or wrote
    conflicts += file_conflicts(marker, remote.blobs, [p for p in changed if p.startswith(FOLDER + "/")],
                                card.ingested)
    dropped = [str(k) for k in (remote_card[0] or {}) if k not in card.meta and k not in kept_keys] \
        if adopted and remote_card else []
    lost = _lost_comments(text, changed.get(README)) if text and "#" in text else []
    refused = refused_metadata(merged_meta, card.meta) if README in changed else []
    replaced = _replaced((remote_card[0] or {}) if adopted and remote_card else {}, card.meta)
    return Plan(changed, [] if force else [c.message for c in conflicts], adopted and not force, kept, dropped,
                gone_blocks, lost, refused, replaced)


def refused_metadata(merged: Mapping[str, Any], ours: Mapping[str, Any]) -> list[Problem]:
    """The errors of the Hub's rules (:func:`check_metadata`) in the metadata the README written keeps from the Hub's
    copy: a person's key, or their value of a key of ours, that the Hub took before it checked such values and refuses
    now (pdelobelle's `datasets: ['oscar (NL)']`, 2022). Its push would be refused, forced or not: said before it, with
    the value, the rule and the fix. A value PyYAML reads as no string where the Hub's YAML 1.2 reads one (`no`) is
    not judged. Ours (the rendered card, checked already) and model-index (the records' results) are not."""
    problems = []
    for key, value in merged.items():
        if key == "model-index" and key in ours or key in ours and ours[key] == value:
            continue
        for problem in check_metadata({key: value}):
            if problem.severity == "error" and not _yaml11(value, problem.path):
                problems.append(Problem(f"{README} on the Hub", problem.path, f"{problem.message}: the Hub refuses "
                                        "this value, which a person wrote there before it checked such values, and "
                                        "publishing keeps it, so the Hub would refuse the push",
                                        f"{problem.fix}, in {README} on the Hub (or delete the value there), then "
                                        "publish again", code="hub-refused"))
    return problems


def _yaml11(value: Any, path: str) -> bool:
    """Whether the value at ``path`` (``key`` or ``key[i]``) is a bool: YAML 1.1's `no`, `yes`, `on`, `off`, which the
    Hub's YAML 1.2 reads as strings (nb-bert-base-ner's `language: no`, Norwegian)."""
    if "[" in path and isinstance(value, list):
        index = path[path.index("[") + 1:path.index("]")]
        value = value[int(index)] if index.isdigit() and int(index) < len(value) else None
    return isinstance(value, bool)


def _holds(hub: Mapping[str, Any], ours: Mapping[str, Any], owned: Collection[str]) -> bool:
    """Whether the records (``ours``), imported from the card of ours the Hub holds (model.card_read_blob), hold
    every item of its metadata: then the conflict of its metadata a person edited is lifted, their edit being in
    the records (its blocks stay conflicts: the import may not give back a block's text word for word). Not when
    the import left an item out (a language code or a dataset the Hub's rules refuse, with a warning), which
    publishing would drop: every string of a list the generator owns, and every score (dataset, metric) of its
    model-index; and every key of those the generator wrote (``owned``) or a value no string (YAML's `language: no`,
    read as false)."""
    for key, value in hub.items():
        if key not in ours:
            if key in owned:
                return False
            continue
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            if not set(value) <= set(as_listed(key, ours[key]) if isinstance(ours[key], (list, str)) else ()):
                return False
        elif key == "model-index":
            if not _scores(value) <= _scores(ours[key]):
                return False
        elif not isinstance(value, str) and value != ours[key]:  # a value or item no string (`- no`, read as false)
            return False
    return True


def _scores(index: Any) -> set[tuple[str, str]]:
    """The (dataset, metric) pairs of a model-index, each as its json (what a result scores, whatever its value)."""
    out = set()
    for result in index_results({"model-index": index}):
        if not isinstance(result.raw, dict):
            continue
        dataset = json.dumps(result.raw.get("dataset"), sort_keys=True, default=str)  # (as written, mapping or not)
        for _, metric in result.metrics:
            out.add((dataset, json.dumps({k: v for k, v in metric.items() if k != "value"}, sort_keys=True,
                                         default=str)))
    return out


def _lost_comments(hub: str, readme: Optional[Content]) -> list[str]:
    """The comments of the Hub's README's metadata (``hub``) that ``readme`` (what publishing writes, None: nothing)
    does not hold, as many times as it holds fewer of them, in the order of ``hub``."""
    had = frontmatter_comments(hub) if isinstance(readme, str) else []
    if not had or not isinstance(readme, str):
        return []
    left = Counter(frontmatter_comments(readme))
    out = []
    for comment in had:
        if left[comment]:
            left[comment] -= 1
        else:
            out.append(comment)
    return out


def _kept_keys(ours: dict[str, Any], hub: dict[str, Any]) -> list[str]:
    """Of the keys of a README being adopted that the card rendered from its import does not carry, those the
    adoption keeps: each the Hub takes as it is (nothing or only warnings from its rules: SpeechBrain's empty
    `thumbnail`; mergekit's `base_model: []`, a merge of local models, which the Hub keeps and shows no base model
    for), not one the importer read into others (CONSUMED_KEYS: the card says what they said) nor one the Hub
    rejects (a language with a region subtag, a license that is no Hub id)."""
    return [key for key, value in hub.items() if key not in ours and key not in CONSUMED_KEYS
            and not any(p.severity == "error" for p in check_metadata({key: value}))]


def _replaced(theirs: Mapping[str, Any], ours: Mapping[str, Any]) -> list[str]:
    """The values of an adopted README the card writes otherwise, "key: theirs -> ours": a text, or items of a list
    of texts the card writes in their place (openai/whisper-*'s withdrawn language code `jw`, read as `jv`); a list
    the card adds to or orders otherwise is not one."""
    out = []
    for key, value in theirs.items():
        mine = ours.get(key)
        if isinstance(value, str) and isinstance(mine, str) and mine != value:
            out.append(f"{key}: {value} -> {mine}")
        elif isinstance(value, list) and isinstance(mine, list) and len(value) == len(mine) and \
                all(isinstance(x, str) for x in value + mine) and sorted(value) != sorted(mine):
            out += [f"{key}[{n}]: {a} -> {b}" for n, (a, b) in enumerate(zip(value, mine)) if a != b]
    return out


def _record(remote: Remote, card: Card, wanted: Optional[dict[str, str]],
            deleted: list[str]) -> Optional[dict[str, str]]:
    """The `.eval_results` files the README pushed records (``evals=``): of those the card records (``wanted``),
    each that is on the Hub after the push -- written with it, or held there as written -- or that a person deleted
    there (``deleted``: still recorded, so still not written again). A README published as it is (rendered from
    records whose files it names but does not carry) records no other file it does not leave on the Hub."""
    if not wanted:
        return wanted
    return {path: blob for path, blob in wanted.items() if path in card.extra or
            remote.blobs.get(path, "").startswith(blob) or path in deleted}


def dropped_note(dropped: list[str], replaced: Sequence[str] = ()) -> str:
    """What the report of an adoption says of the adopted README's metadata keys the rendered card does not carry
    (the importer left them out: `modelcard ingest` said why), and of the values it writes otherwise
    (``replaced``): a change of the adoption is never silent at publish, where the import's warning is not seen."""
    notes = []
    if dropped:
        notes.append(f"it does not carry the README's {'key' if len(dropped) == 1 else 'keys'} {some_of(dropped, 5)}, "
                     "which the import left out")
    if replaced:
        notes.append(f"it changes the README's {some_of(replaced, 5)}, as the import read "
                     f"{'it' if len(replaced) == 1 else 'them'}")
    return f" ({'; '.join(notes)})" if notes else ""


def comments_note(comments: list[str], adopted: bool, done: bool = True) -> str:
    """What the report of a publish (``done``) or a dry run says of the comments of the Hub's README's metadata that
    the README written drops: a person's comment is never lost silently."""
    if not comments:
        return ""
    one = len(comments) == 1
    why = "the import left out" if adopted else "the records change"
    shown = some_of([f"`{c}`" + (f" ({n} times)" if n > 1 else "") for c, n in Counter(comments).items()], 3)
    return (f"{'dropped' if done else 'would drop'} {'a comment' if one else f'{len(comments)} comments'} of the "
            f"README's metadata, on values {why}: {shown}")


def kept_note(blocks: list[str], files: list[str]) -> str:
    """What the report of a publish, and of a dry run, says of what a person deleted on the Hub after the generator
    wrote it (blocks of ours, `.eval_results` files), which publishing keeps deleted unless forced: one wording."""
    notes = []
    for names, again in ((blocks, "delete {} from blocks= in the card's closing modelcard-generator:metadata comment "
                                  "on the Hub, or publish with --force"), (files, "publish with --force")):
        if names:
            one = len(names) == 1
            notes.append(f"kept deleted: {', '.join(names)} (deleted on the Hub after the generator wrote "
                         f"{'it' if one else 'them'}; to write {'it' if one else 'them'} again, "
                         + again.format("its name" if one else "their names") + ")")
    return "; ".join(notes)
