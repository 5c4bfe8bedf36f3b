"""The markdown pieces of a card's body the card importer reads: sections split at headings (outside code and
HTML comments), fences left open closed, tables (a training log's among them), fact lists, transformers' "It achieves" list,
numbers as the records hold them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from generator.card.managed import BEGIN, META
from generator.markdown.fences import fenced_blocks, scan_lines
from generator.markdown.safety import escaped_html
from generator.markdown.tables import table_runs
from generator.sources.common import Ingested

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
END_MARK = re.compile(r"^<!-- modelcard-generator:end (\w+) -->$")
FACT = re.compile(r"^[-*]\s+\*\*(.+?):\*\*\s*(.*)$")
# Where a fence left open is closed: before a heading of level 2 or deeper that follows a blank line
# (a `# ...` line is more likely a comment in the code than the card's next part).
CLOSING_HEADING = re.compile(r"^#{2,6}\s+\S")
LIST_ITEM = re.compile(r"^[-*]\s+(.*)$")


def close_fences(lines: list[str]) -> tuple[list[str], list[tuple[int, Optional[int], str]]]:
    """``lines`` with every code fence left open closed at the end of its section, and what was closed:
    (line of the opening fence, line of the heading it was closed before or None for the end), both in ``lines``."""
    out = list(lines)
    closed: list[tuple[int, Optional[int], str]] = []
    while True:
        blocks = fenced_blocks(out)
        if not blocks or blocks[-1].end is not None:
            return out, closed
        block = blocks[-1]
        heading = next((n for n in range(block.start + 2, len(out))
                        if CLOSING_HEADING.match(out[n]) and not out[n - 1].strip()), None)
        end = len(out) if heading is None else heading
        while end > block.start + 1 and not out[end - 1].strip():
            end -= 1
        out.insert(end, block.fence.marker)
        # every earlier insertion lies before this block: count them out to give the lines of ``lines``
        closed.append((block.start - len(closed), None if heading is None else heading - len(closed),
                       block.fence.marker))



def closed_body(body: str, text: str, result: Ingested) -> str:
    """The body with fences left open closed (see close_fences), each reported at its line of the card."""
    original = body.split("\n")
    lines, closed = close_fences(original)
    if not closed:
        return body
    offset = text[: len(text) - len(body)].count("\n") + 1 if text.endswith(body) else None
    for start, heading, marker in closed:
        where = f"line {start + offset}" if offset is not None else f"body line {start + 1}"
        at = "at the end of the card" if heading is None else f"before the heading {original[heading].strip()!r}"
        result.warn(where, f"opens a {marker} code fence that is never closed; it is closed {at}",
                    f"close it with a {marker} line in the card", code="unclosed-fence")
    return "\n".join(lines)


# The headings of the Trainer's training lists.
TRAINER_TITLES = ("training hyperparameters", "training results", "framework versions")


@dataclass
class _Section:
    level: int  # 0 for text before the first heading
    title: str
    lines: list[str] = field(default_factory=list)
    block: Optional[str] = None  # the generator's block the heading sits in, for cards it made

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")


def _sections(body: str) -> list[_Section]:
    """Split the body at headings (outside fenced code), noting the generator block of each."""
    out = [_Section(0, "")]
    block: Optional[str] = None
    # a heading in an HTML comment block stays in it (sentence-transformers and SetFit cards comment out sections)
    for line, fence, comment in scan_lines(body.splitlines()):
        stripped = line.strip()
        if fence is None and not comment:
            marker = BEGIN.match(stripped)
            if marker or END_MARK.match(stripped) or META.match(stripped):
                block = marker.group(1) if marker else None
                continue
            match = HEADING.match(line)
            if match and match.group(2):
                out.append(_Section(len(match.group(1)), match.group(2), block=block))
                continue
        out[-1].lines.append(line)
    return out


def _scalar(text: str) -> Any:
    """A list value as the records would hold it: numbers that print back the same, else the text."""
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return text
    return number if repr(number) == text else text


def _setting(text: str) -> Any:
    """A setting (a hyperparameter) as the card wrote it: a number the renderer would write otherwise (``3.0``,
    which a setting shows as ``3``) stays the card's text."""
    from generator.records.numbers import exact

    value = _scalar(text)
    return text.strip() if isinstance(value, float) and exact(value) != text.strip() else value


def _number(text: str) -> Optional[float]:
    """A number however it is written (92.8200 -> 92.82): for values whose text is not kept."""
    value = _scalar(text)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _table(lines: list[str]) -> Optional[tuple[list[str], list[list[str]]]]:
    rows = [line.strip() for line in lines if line.strip().startswith("|")]
    if len(rows) < 2 or not re.fullmatch(r"\|?[\s:|-]+\|?", rows[1]):
        return None

    def cells(row: str) -> list[str]:
        row = row.strip().strip("|")
        return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]

    return cells(rows[0]), [cells(r) for r in rows[2:]]


def _plain(text: str) -> str:
    """The text a heading or label shows: emphasis and backslash escapes gone, character references
    (``&gt;``, ``&amp;``, which the renderer writes for ``>`` and ``&``) read as the characters they show."""
    text = re.sub(r"\*\*(.*?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)\*(.*?)\*(?!\w)", r"\1", text)
    return _references(re.sub(r"\\([\\`*_\[\]|<>])", r"\1", text)).strip()


# A character reference as CommonMark reads one: named or numeric, always with its semicolon.
REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _references(text: str) -> str:
    """``text`` with its character references as the characters they show (an unknown name stays as it is)."""
    return REFERENCE.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


def _unescape(text: str) -> str:
    """The record string behind a table cell or list item (the inverse of tables.escape_text)."""
    return _references(re.sub(r"\\([\\`*\[\]|])", r"\1", text.strip()))


def _facts(lines: list[str]) -> Optional[list[tuple[str, str]]]:
    """`- **Label:** value` items, when they are all the section holds before any other text."""
    facts = []
    for line in lines:
        match = FACT.match(line.strip())
        if match:
            facts.append((_unescape(match.group(1)), match.group(2).strip()))
        elif line.strip():
            break
    return facts


# Where a card names its own Hub repo: the Open LLM Leaderboard's links to its results (the bot writes them with
# the repo id), usage code loading the model by id, a link to the model's page.
_ID = r"([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*?)"
LEADERBOARD_ID = re.compile(r"open_llm_leaderboard\?query=" + _ID + r"(?=[\s)\"'&#]|$)"
                            r"|open-llm-leaderboard/details_([A-Za-z0-9][\w.-]*?)__([A-Za-z0-9][\w.-]*?)(?=[\s)\"'/#]|$)")
CODE_ID = re.compile(r"(?:from_pretrained\(\s*|SentenceTransformer\(\s*|\b(?:model|model_id|model_name|model_path|"
                     r"repo_id|model_name_or_path)\s*=\s*)[\"']" + _ID + r"[\"']"
                     r"|(?:-hf(?:-repo)?|huggingface-cli download|hf download)\s+" + _ID + r"(?=[\s:]|$)"
                     # the model's page, not a file of it (another repo's LICENSE)
                     r"|https://huggingface\.co/(?!datasets/|spaces/|docs/|papers/|blog/)" + _ID + r"(?=[\s)\]\"'#?]|$)")


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def repo_id_in(text: str, names: list[str], others: list[str]) -> Optional[str]:
    """The Hub repo id a card states for itself, or None: the one id the Open LLM Leaderboard's links name, else
    the one id its usage code loads or its links point to whose name is the model's (one of ``names``, the card's
    title or model-index name, compared without case or punctuation), ``others`` (its base models, datasets) never."""
    taken = {o.lower() for o in others}
    board = {(m.group(1) or f"{m.group(2)}/{m.group(3)}") for m in LEADERBOARD_ID.finditer(text)}
    board = {b for b in board if b.lower() not in taken}
    if len(board) == 1:
        return board.pop()
    wanted = {_squashed(n) for n in names if _squashed(n)}
    found = {next(g for g in m.groups() if g) for m in CODE_ID.finditer(text)}
    found = {f for f in found if f.lower() not in taken and _squashed(f.split("/")[1]) in wanted}
    return sorted(found)[0] if len({f.lower() for f in found}) == 1 else None


def stated_repo_id(text: str, model: dict[str, Any], result: Ingested) -> None:
    """Set model.repo_id to the repo id the card gives for itself (see repo_id_in), with a warning saying so."""
    names = [n for n in (model.get("name"), model.get("model_index_name")) if isinstance(n, str)]
    others = [o for key in ("base_model", "datasets") for o in
              (model[key] if isinstance(model.get(key), list) else [model.get(key)]) if isinstance(o, str)]
    found = repo_id_in(text, names, others)
    if found is not None:
        model["repo_id"] = found
        result.warn("model.repo_id", f"read as {found!r}, the id the card's own links or usage code give the model",
                    "pass --repo-id ORG/NAME if that is not the model's repo", code="repo-id-from-card")


def training_table(lines: list[str]) -> Optional[tuple[list[str], list[list[str]]]]:
    """The widest table of a training results section whose header starts Training Loss | Epoch | Step (a wide
    log's table of key columns is followed by the whole log, folded in <details>); Validation Loss: not always."""
    found = None
    for _, run in table_runs("\n".join(lines)):
        table = _table(run)
        if table and table[0][:3] == ["Training Loss", "Epoch", "Step"] and (
                found is None or len(table[0]) > len(found[0])):
            found = table
    return found


def eval_summary(lines: list[str]) -> Optional[tuple[int, int, dict[str, Any]]]:
    """transformers' "It achieves the following results on the evaluation set:" list: where it starts and ends
    (the intro line to past its last item) and its numbers by name; None when ``lines`` have no such list of
    numbers."""
    for i, line in enumerate(lines):
        if line.strip().startswith("It achieves the following results on the evaluation set"):
            end = i + 1
            while end < len(lines) and (LIST_ITEM.match(lines[end].strip()) or not lines[end].strip() and end == i + 1):
                end += 1
            values = {}
            for item in lines[i + 1:end]:
                m = LIST_ITEM.match(item.strip()) if item.strip().startswith(("-", "*")) else None
                if m and ":" in m.group(1):
                    key, value = m.group(1).split(":", 1)
                    number = _number(value)
                    if number is not None:
                        values[key.strip()] = number
                    else:
                        values.update(_dict_item(key.strip(), value.strip()))
            if values:
                return i, end, values
    return None


_DICT_ENTRY = re.compile(r"'([^'\\]{1,60})': ([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def _dict_item(name: str, value: str) -> dict[str, Any]:
    """An "It achieves" item the Trainer wrote as a metric's dict (``- Rouge: {'rouge1': 0.58, 'rouge2': 0.39}``,
    seqeval's ``- Per: {'precision': 0.88, ..., 'number': 49}``), as one number a key: ``Rouge1`` for a key that
    extends the item's name, the name alone for its one key (``- F1: {'f1': 0.83}``), else ``Per precision``."""
    if not (value.startswith("{") and value.endswith("}")) or len(value) > 2000:
        return {}
    entries = _DICT_ENTRY.findall(value)
    if not entries or len(entries) != value.count(": "):
        return {}
    out: dict[str, Any] = {}
    for key, number in entries:
        if key.lower() == name.lower():
            label = name
        elif key.lower().startswith(name.lower()):
            label = name + key[len(name):]
        else:
            label = f"{name} {key}"
        out[label] = _number(number)
    return out


def trainer_rows(header: list[str], rows: list[list[str]]) -> list[dict[str, Any]]:
    """The rows of a Trainer's "Training results" table (every cell a number, "No log" or empty) as the records'
    training results. The Trainer writes an epoch 1.0 and pads a rounded value to 4 decimals (0.0500): a cell
    written otherwise than its value shows by default is kept as written, in the row's text."""
    from generator.records.numbers import fmt

    first = 4 if header[3:4] == ["Validation Loss"] else 3
    results = []
    for row in rows:
        entry: dict[str, Any] = {"training_loss": None if row[0] == "No log" else _number(row[0])}
        for key, cell in zip(("epoch", "step", "validation_loss")[:first - 1], row[1:first]):
            value = _scalar(cell) if key == "step" else _number(cell)
            if isinstance(value, (int, float)):
                entry[key] = value
        extra = {header[i]: _number(row[i]) for i in range(first, min(len(header), len(row)))
                 if _number(row[i]) is not None}
        if extra:
            entry["metrics"] = extra
        cells = {"training_loss": row[0], "epoch": row[1], **({"validation_loss": row[3]} if first == 4 else {}),
                 **{header[i]: row[i] for i in range(first, min(len(header), len(row)))}}
        written = {}
        for key, cell in cells.items():
            value = entry.get(key, extra.get(key))
            if cell and isinstance(value, float) and fmt(value) != cell:
                written[key] = cell
        if written:
            entry["text"] = written
        results.append(entry)
    return results


def leaderboard_decimals(evaluations: list[dict[str, Any]], row: list[str]) -> None:
    """The bot writes every score with 2 decimals (30.90): the evaluation keeps them where its value shows
    otherwise (30.9), so the table shows the cell as written."""
    from generator.records.numbers import fmt

    cell = row[1].strip() if len(row) > 1 else ""
    if not re.fullmatch(r"-?\d+\.\d+", cell):
        return
    places = len(cell) - cell.index(".") - 1
    for e in evaluations:
        value = e["metrics"][0].get("value") if e.get("metrics") else None
        if isinstance(value, float) and "decimals" not in e and fmt(value) != cell and fmt(value, places) == cell:
            e["decimals"] = places


def split_citations(lines: list[str], fences: Optional[tuple[str, ...]] = ("bibtex",)
                    ) -> tuple[list[str], list[dict[str, str]]]:
    """(the other lines, the citations) of ``lines``: each fence of one of the languages ``fences`` (any fence when
    None: a trainer README's Citation section, fenced bare or as ```latex) holding BibTeX entries is a citation, with
    the line ending in ``:`` just before it as its label."""
    from generator.records.citations import is_bibtex

    out: list[str] = []
    citations: list[dict[str, str]] = []
    blocks = {b.start: b for b in fenced_blocks(lines)}
    i = 0
    while i < len(lines):
        fenced = blocks.get(i)
        if fenced is not None and fenced.end is not None:
            end = fenced.end
            block = "\n".join(lines[i + 1:end]).strip()
            # only the fence the renderer writes: a ```latex or bare one stays as the card wrote it; a malformed
            # entry stays in the text, as the card shows it
            if re.match(r"^@\w+\s*\{", block) and (fences is None or fenced.fence.info in fences) and is_bibtex(block):
                while out and not out[-1].strip():
                    out.pop()
                citation = {"bibtex": block + "\n"}
                if out and out[-1].strip().endswith(":") and not out[-1].lstrip().startswith(("-", "#", "|")):
                    citation["label"] = out.pop().strip()
                citations.append(citation)
                i = end + 1
                continue
        out.append(lines[i])
        i += 1
    return out, citations


COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)  # an HTML comment (one left open runs to the end)


def _visible(text: str) -> bool:
    """Whether markdown ``text`` shows anything (it is not blank or HTML comments alone)."""
    return bool(COMMENT.sub("", text).strip())


def warn_escaped_html(result: Ingested) -> None:
    """One warning naming the HTML of the card's text that the card is written back with as text (a tag outside the
    allow-list of generator.markdown.safety, or with an attribute that runs or positions) or inert (a link target of
    another scheme than http(s)/mailto): the card shows those as written, not as the Hub showed them."""
    model = result.data.get("model", {})
    training = result.data.get("training", {})
    texts = [model.get("summary"), model.get("usage"), training.get("description")]
    texts += [section.get("content") for section in result.data.get("sections", [])]
    found: list[str] = []
    for text in texts:
        for tag in escaped_html(text) if isinstance(text, str) else []:
            if tag not in found:
                found.append(tag)
    if found:
        result.warn("body", f"holds HTML the card is written back with as text or inert, not as the Hub shows it: "
                    f"{', '.join(found)}", "put it in a code span if it is meant to be read as written; else remove "
                    "it, or use HTML the generator passes (generator/markdown/safety.py)",
                    code="html-escaped")


def _before_bare_end(sections: list[_Section], n: int) -> bool:
    """Whether the card (or, in a card this generator made, the block) ends in headings over nothing after section
    ``n`` (Merlinmy/Whisper_small_hi's `# Whisper_small_hi` after the Trainer's "Framework versions"): a Trainer list
    there is kept as text, the headings after it, so they keep their place at the end (a heading over nothing after
    lists read as data would have no section of its own to end)."""
    end = n + 1
    while end < len(sections) and sections[end].block == sections[n].block and not sections[end].text.strip() and \
            _plain(sections[end].title).lower() not in TRAINER_TITLES:
        end += 1
    return end > n + 1 and (end == len(sections) or sections[n].block is not None and
                            sections[end].block != sections[n].block)
