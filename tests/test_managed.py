import re

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.card import managed
from generator.card.managed import (
    blocks,
    edited_metadata_keys,
    finish_body,
    read_marker,
    resealed,
    seal,
    split_body,
    strip_markers,
    unpaired_markers,
)
from generator.card.merge import _spacing_alone, merge_card

BODY = seal("<!-- modelcard-generator:begin header -->\n# Title\n<!-- modelcard-generator:end header -->\n"
            "<!-- modelcard-generator:begin evaluation -->\n| a | b |\n<!-- modelcard-generator:end evaluation -->\n"
            "<!-- modelcard-generator:begin training -->\n\n<!-- modelcard-generator:end training -->\n")
META = {"license": "mit", "tags": ["x"], "model-index": [{"name": "m", "results": []}]}


def test_seal_adds_digests_and_drops_empty_blocks():
    pieces = split_body(BODY)
    assert [(p.kind, p.name) for p in pieces] == [("block", "header"), ("block", "evaluation")]
    assert not any(p.edited for p in pieces)


def test_text_added_on_the_hub_survives_and_stays_in_place():
    remote_body = finish_body(BODY.replace("<!-- modelcard-generator:end header -->",
                                           "<!-- modelcard-generator:end header -->\n\nA note from a person."), META)
    remote_meta = dict(META, widget=[{"text": "hi"}])
    new_body = finish_body(BODY.replace("| a | b |", "| a | c |"), META)
    meta, body, conflicts = merge_card((remote_meta, remote_body), (META, new_body))
    assert conflicts == []
    assert list(meta) == ["license", "tags", "model-index", "widget"]  # where the person added it
    assert body.index("A note from a person.") < body.index("| a |")
    assert "# Title" in body


def test_keys_stay_in_the_hubs_order_and_a_new_key_goes_after_the_one_before_it():
    """A person's key after model-index, and a key of ours they moved, stay put (moving them back committed a
    change to nothing but their layout on every publish); a key our card gains goes after the key before it."""
    remote_meta = {"tags": ["x"], "license": "mit", "model-index": META["model-index"], "widget": [{"text": "hi"}]}
    remote_body = finish_body(BODY, META)
    meta, _, conflicts = merge_card((remote_meta, remote_body), (META, remote_body))
    assert conflicts == [] and list(meta) == list(remote_meta)
    new_meta = {"license": "mit", "base_model": "org/base", "tags": ["x"], "model-index": META["model-index"]}
    meta, _, _ = merge_card((remote_meta, remote_body), (new_meta, finish_body(BODY, new_meta)))
    assert list(meta) == ["tags", "license", "base_model", "model-index", "widget"]


def test_edits_inside_a_managed_block_are_conflicts():
    remote_body = finish_body(BODY.replace("# Title", "# Title, edited"), META)
    _, _, conflicts = merge_card((META, remote_body), (META, finish_body(BODY, META)))
    assert [c.where for c in conflicts] == ["body:header"]


def test_edited_owned_metadata_is_a_conflict():
    remote_body = finish_body(BODY, META)
    _, _, conflicts = merge_card((dict(META, license="apache-2.0"), remote_body), (META, remote_body))
    assert [c.where for c in conflicts] == ["metadata"] and "license" in conflicts[0].message


def test_items_a_person_adds_to_a_list_of_ours_are_kept_and_other_edits_are_conflicts():
    """Tags a person added on the Hub (publish_shapes/xlsr_event_2022_tag_added_on_the_hub.md: the list sorted too)
    stay where they put them, and after ours when the records change the list; the digest stays of ours. A tag of ours
    removed, or another key edited with it, is a conflict as before."""
    meta = dict(META, tags=["x", "b"])
    remote_body = finish_body(BODY, meta)
    hub = dict(meta, tags=["a", "b", "x"])
    merged, _, conflicts = merge_card((hub, remote_body), (meta, remote_body))
    assert conflicts == [] and merged["tags"] == ["a", "b", "x"]
    new = dict(meta, tags=["x", "b", "y"])
    merged, _, conflicts = merge_card((hub, remote_body), (new, finish_body(BODY, new)))
    assert conflicts == [] and merged["tags"] == ["x", "b", "y", "a"]
    assert managed.metadata_marker(merged, ours=new) == managed.metadata_marker(new)
    for edited in (dict(meta, tags=["a", "x"]), dict(hub, license="apache-2.0"), dict(meta, tags=["a", "c"])):
        _, _, conflicts = merge_card((edited, remote_body), (meta, remote_body))
        assert [c.where for c in conflicts] == ["metadata"], edited


def test_an_item_a_person_adds_that_the_hubs_rules_refuse_is_a_conflict():
    """An item a person adds on the Hub to a list of ours that the Hub's rules refuse (`oscar (NL)`, no Hub dataset id,
    as pdelobelle/robbert-v2-dutch-ner's card of 2024 lists it) is not kept as an added item, which would publish a
    card `validate` refuses, as the adoption keeps no key the Hub refuses: a conflict, as any edit of a key of ours
    was; an id added is kept."""
    meta = dict(META, datasets=["oscar"])
    remote_body = finish_body(BODY, meta)
    _, _, conflicts = merge_card((dict(meta, datasets=["oscar", "oscar (NL)"]), remote_body), (meta, remote_body))
    assert [c.where for c in conflicts] == ["metadata"] and "datasets" in conflicts[0].message
    merged, _, conflicts = merge_card((dict(meta, datasets=["oscar", "org/dutch"]), remote_body), (meta, remote_body))
    assert conflicts == [] and merged["datasets"] == ["oscar", "org/dutch"]


def test_an_edit_the_records_now_give_is_no_conflict():
    """A block, or a key of ours, edited on the Hub: a conflict while the records give something else; none once
    they give what the Hub holds (the edit imported into them), which publishing then seals as ours."""
    edited_body = seal(re.sub(r" sha256=[0-9a-f]{16}", "", BODY).replace("# Title", "# Title, edited"))
    hub_body = finish_body(BODY, META).replace("# Title", "# Title, edited")
    hub_meta = dict(META, license="apache-2.0")
    _, _, conflicts = merge_card((hub_meta, hub_body), (META, finish_body(BODY, META)))
    assert [c.where for c in conflicts] == ["body:header", "metadata"]
    _, body, conflicts = merge_card((hub_meta, hub_body), (hub_meta, finish_body(edited_body, hub_meta)))
    assert conflicts == [] and not any(p.edited for p in split_body(body))


def test_a_foreign_card_is_a_conflict():
    _, _, conflicts = merge_card(({"license": "mit"}, "# Hand written\n\nText.\n"), (META, finish_body(BODY, META)))
    assert [c.where for c in conflicts] == ["body"]


def test_text_a_person_adds_to_a_card_of_metadata_only_is_kept():
    """A card with no block, only our metadata marker (rendered from an empty README: alina1997/de_en_translation's
    is 0 bytes): a person's first text there is theirs to keep, not a card someone else wrote."""
    meta = {"model-index": [{"name": "acme/m", "results": []}]}
    ours = finish_body("", meta)
    remote_body = ours.replace("<!--", "## Usage\n\nAsk Bob.\n\n<!--", 1)
    merged_meta, body, conflicts = merge_card((meta, remote_body), (meta, ours))
    assert conflicts == [] and "## Usage\n\nAsk Bob." in body and merged_meta == meta


def test_resealed_seals_each_block_as_it_now_reads_and_nothing_else():
    """A block whose lines publishing writes otherwise than rendered (a person's HTML kept as written) is sealed as
    written; the text around the blocks and the other blocks' markers are left as they are."""
    body = "Person's line.\n\n" + BODY
    assert resealed(body) is body
    written = body.replace("| a | b |", "| a | <b>b</b> |")
    again = resealed(written)
    assert [p.edited for p in split_body(written)] == [False, False, True]
    assert not any(p.edited for p in split_body(again))
    assert again.replace(split_body(again)[2].digest, split_body(body)[2].digest) == written
    assert again.split("\n")[:5] == written.split("\n")[:5]


def test_strip_markers():
    assert "modelcard-generator" not in strip_markers(finish_body(BODY, META))


def test_blocks_know_their_lines_and_whether_they_were_edited():
    text = "intro\n\n" + BODY
    found = blocks(text)
    assert [(b.name, b.line, b.end_line, b.edited) for b in found] == [("header", 3, 5, False),
                                                                      ("evaluation", 7, 9, False)]
    edited = blocks(text.replace("| a | b |", "| a | B |"))
    assert [b.name for b in edited if b.edited] == ["evaluation"]
    assert [(b.name, b.content) for b in found] == [(p.name, p.content) for p in split_body(BODY)]


def test_a_marker_whose_partner_is_gone_is_unpaired():
    assert unpaired_markers(BODY) == []
    no_end = BODY.replace("<!-- modelcard-generator:end header -->\n", "")
    assert unpaired_markers(no_end) == [("begin", "header", 1)]
    no_begin = BODY.split("\n", 1)[1]
    assert unpaired_markers(no_begin) == [("end", "header", 2)]


def test_edited_metadata_keys():
    body = finish_body(BODY, META)
    assert edited_metadata_keys(META, body) is None
    assert edited_metadata_keys(dict(META, license="apache-2.0"), body) == ["license", "tags", "model-index"]
    assert edited_metadata_keys(dict(META, widget=[]), body) is None  # a key of the person's own
    assert edited_metadata_keys(META, BODY) is None  # no marker: nothing to compare


_PLAIN = {  # the markers as plain line-anchored expressions: the module's are written to be searched faster
    "BEGIN": r"^<!-- modelcard-generator:begin (\w+) sha256=([0-9a-f]{16}) -->$",
    "_END_ANY": r"^<!-- modelcard-generator:end (\w+) -->$",
    "META": r"^<!-- modelcard-generator:metadata sha256=([0-9a-f]{16})(?: adopts=([0-9a-f]{40}))?(?: evals=([^ ]+))?"
            r"(?: blocks=(\w+(?:,\w+)*))? keys=(.*?) -->\s*$",
}
_PIECES = ["<!-- modelcard-generator:begin x sha256=0123456789abcdef -->", "<!-- modelcard-generator:end x -->",
           "<!-- modelcard-generator:metadata sha256=0123456789abcdef keys=a,b -->", "\n", "\r\n", "\r", " ", "a",
           "<!-- modelcard-generator:metadata sha256=0123456789abcdef adopts=" + "ab" * 20 + " keys=a -->",
           "<!-- modelcard-generator:metadata sha256=0123456789abcdef evals=a.yaml:0123456789abcdef keys=a -->",
           "<!-- modelcard-generator:metadata sha256=0123456789abcdef evals=none blocks=x,y keys=a b -->",
           "<!-- modelcard-generator:metadata sha256=0123456789abcdef blocks=x keys=blocks=y -->",
           "<!-- modelcard-generator:end ", "-->", "\n\n  \n", "é"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
@settings(max_examples=400, deadline=None)
def test_markers_are_found_where_the_line_anchored_expressions_find_them(parts):
    """BEGIN, the end markers and META match exactly what `^...$` under re.M matches: at the start of the
    text or after a line feed only (not after a carriage return or mid-line), with the same groups."""
    text = "".join(parts)
    for name, plain in _PLAIN.items():
        ours, expected = getattr(managed, name), re.compile(plain, re.M)
        assert [(m.span(), m.groups()) for m in ours.finditer(text)] == \
            [(m.span(), m.groups()) for m in expected.finditer(text)], (name, text)
        assert bool(ours.match(text)) == bool(expected.match(text))
        assert ours.sub("", text) == expected.sub("", text)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["text", "\n", "\n\n", "<!-- modelcard-generator:metadata sha256=0123456789abcdef keys=a -->",
                                 "<!-- modelcard-generator:metadata sha256=", "0123456789abcdef keys=b,c -->", " ", "x"]),
                max_size=12).map("".join))
def test_finish_body_replaces_a_marker_as_the_pattern_alone_did(body):
    """finish_body looks for the marker's fixed start before running META over the body; one blank line before the
    marker, or the blank lines a person left there (more than one); none in a body of nothing but blank lines (the
    marker is then the card's first line, or follows the frontmatter's one blank line)."""
    from generator.card.managed import META as MARKER
    from generator.card.managed import metadata_marker

    meta = {"license": "mit"}
    first = MARKER.search(body)
    if first is not None and body[first.end():].strip() and MARKER.search(body, first.end()) is None:
        return  # a person's text after the one marker: see the test below
    text = MARKER.sub("", body)
    gap = len(text) - len(text.rstrip("\n"))
    lead = "\n" * max(gap, 2) if text.strip("\n") else ""
    assert finish_body(body, meta) == text.rstrip("\n") + lead + metadata_marker(meta)


def test_finish_body_keeps_a_persons_text_after_the_marker_after_it():
    """Text a person appended at the end of the README, after the marker: the new marker takes the old one's line and
    the text stays below it, byte for byte (moving the marker below it committed a change to nothing but the layout).
    """
    from generator.card.managed import metadata_marker

    meta = {"license": "mit"}
    old = "<!-- modelcard-generator:metadata sha256=0123456789abcdef keys=a -->\n"
    for tail in ("\nAppended  by hand.\n", "Right below.", "\n\n\nThree blank lines, no newline at the end"):
        body = "# Title\n\n" + old + tail
        assert finish_body(body, meta) == "# Title\n\n" + metadata_marker(meta) + tail
        assert finish_body(body, meta, exact=True) == "# Title\n\n" + metadata_marker(meta) + tail
    twice = "# Title\n\n" + old + "Between.\n\n" + old  # two markers: the last one holds
    done = finish_body(twice, meta)
    assert done.endswith("Between.\n\n" + metadata_marker(meta)) and done.count("modelcard-generator:metadata") == 1


_SEAL_LINES = ["<!-- modelcard-generator:begin a -->", "<!-- modelcard-generator:end a -->",
               "<!-- modelcard-generator:begin b -->", "<!-- modelcard-generator:end b -->",
               "<!-- modelcard-generator:begin c -->", "<!-- modelcard-generator:end c -->",
               "text", "text  ", "", " ", "  ", "```", "```bibtex", "````", "~~~", "<!--", "-->", "<!-- x -->",
               "    indented", "| a | b |", "x <!-- modelcard-generator:begin a --> y",
               "<!-- modelcard-generator:end a --> z"]


_BLOCKS = st.lists(st.tuples(st.sampled_from("abc"), st.lists(st.sampled_from(_SEAL_LINES[6:20]), max_size=8),
                             st.integers(0, 3)), max_size=6)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(_BLOCKS, st.lists(st.sampled_from(_SEAL_LINES), max_size=30).map("\n".join), st.booleans())
def test_sealing_a_collapsed_body_skips_no_collapse_it_needs(blocks, lines, around):
    """The renderer's body is collapse_blank_lines' output: sealed, its blocks need no second pass over the whole
    text unless text outside them or a fence left open says so; the result is the same either way."""
    from generator.markdown.fences import collapse_blank_lines

    text = "".join(f"<!-- modelcard-generator:begin {name} -->\n" + "\n".join(content) +
                   f"\n<!-- modelcard-generator:end {name} -->" + "\n" * gap for name, content, gap in blocks)
    body = collapse_blank_lines(text + lines if around else text)
    assert seal(body, collapsed=True) == seal(body)


_INNER = st.lists(st.sampled_from(_SEAL_LINES), max_size=10).map("\n".join)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(_BLOCKS, st.lists(st.sampled_from(_SEAL_LINES), max_size=30).map("\n".join), st.booleans(), _INNER,
       st.integers(0, 5), st.sampled_from(["a", "b", "c"]))
def test_sealing_with_the_collapse_passs_unread_lines_is_sealing_without(blocks, lines, around, inner, at, where):
    """seal told by collapse_code which lines the blank-line pass read outside code (the renderer's body) seals as
    the open-fence scan of each block does: the same text, with and without an embedded text passed over as kept
    (the original's body, collapsed when it was rendered), markers on lines of their own or not."""
    from generator.markdown.fences import collapse_blank_lines, collapse_clean, collapse_code

    text = "".join(f"<!-- modelcard-generator:begin {name} -->\n" + "\n".join(content) +
                   f"\n<!-- modelcard-generator:end {name} -->" + "\n" * gap for name, content, gap in blocks)
    text = text + lines if around else text
    kept_text, clean = collapse_clean(inner)
    kept = None
    if clean and len(kept_text) > 1:  # as the renderer embeds it: on lines of its own, in a block or not
        embedded = f"<!-- modelcard-generator:begin {where} -->\n# Original\n\n"
        lines_before = text.split("\n")
        at = min(at, len(lines_before))
        before = "\n".join(lines_before[:at]) + ("\n" if at else "")
        after = "\n".join(lines_before[at:])
        text = before + embedded + kept_text + f"<!-- modelcard-generator:end {where} -->\n" + after
        first = before.count("\n") + embedded.count("\n")
        kept = (first, first + kept_text.count("\n"))
    body, _, unread = collapse_code(text, kept)
    assert body == collapse_blank_lines(text)
    assert seal(body, collapsed=True, unread=unread) == seal(body, collapsed=True) == seal(body)


def test_a_rendered_body_with_code_is_sealed_without_a_second_scan(monkeypatch):
    """A block holding code (an embedded original card's, a citation's BibTeX) is not scanned again for a fence left
    open: the blank-line pass over the body said where its fences are."""
    from generator.markdown import fences

    body, _, unread = fences.collapse_code(
        "<!-- modelcard-generator:begin a -->\n# T\n```bibtex\n@x{y,\n\n\n}\n```\n<!-- modelcard-generator:end a -->\n"
        "<!-- modelcard-generator:begin b -->\n~~~\n<!--\n~~~\n\n<!-- modelcard-generator:end b -->\n")
    want = seal(body)
    monkeypatch.setattr(managed, "leaves_fence_open", lambda text: 1 / 0)
    assert seal(body, collapsed=True, unread=unread) == want
    # a block ending inside a fence: the scan says so, and the whole body is collapsed again
    body, _, unread = fences.collapse_code("<!-- modelcard-generator:begin a -->\n```\nx\n"
                                           "<!-- modelcard-generator:end a -->\n\n\ny\n```\n")
    monkeypatch.undo()
    assert seal(body, collapsed=True, unread=unread) == seal(body)
    # an embedded text passed over as kept, a block's end marker in its code: the scan says, and two blank lines
    # in that code stay
    inner, clean = fences.collapse_clean("```\n<!-- modelcard-generator:end a -->\n\n\n"
                                         "<!-- modelcard-generator:begin b -->\n```")
    text = "<!-- modelcard-generator:begin a -->\n# Original\n\n" + inner + "<!-- modelcard-generator:end b -->\n"
    body, _, unread = fences.collapse_code(text, (3, 3 + inner.count("\n")))
    assert clean and unread == ((3, 9),) and body == fences.collapse_blank_lines(text)
    assert seal(body, collapsed=True, unread=unread) == seal(body)
    assert "end a -->\n\n\n" in seal(body)  # not one blank line, as between blocks outside code


def test_a_rendered_body_is_sealed_without_a_second_pass(monkeypatch):
    from generator.markdown import fences

    body = fences.collapse_blank_lines(
        "<!-- modelcard-generator:begin a -->\n# T\n\n\n<!-- modelcard-generator:end a -->\n"
        "<!-- modelcard-generator:begin b -->\n\n<!-- modelcard-generator:end b -->\n\n"
        "<!-- modelcard-generator:begin c -->\n```\nx\n```\n<!-- modelcard-generator:end c -->\n")
    want = seal(body)
    monkeypatch.setattr(managed, "collapse_blank_lines", lambda text: 1 / 0)
    assert seal(body, collapsed=True) == want


def test_the_eval_results_files_written_are_recorded_in_the_marker_and_read_back():
    """Any name the records may carry (a file read from the Hub: spaces, commas, colons) reads back as written;
    a card of ours that writes none says so (`evals=none`: {}), one written before the record and a card without
    the marker record nothing (None), and only the latter is not ours."""
    from generator.card.managed import metadata_marker, written_files

    files = {".eval_results/gpqa.yaml": "ab" * 20, ".eval_results/my run, 2: final.yml": "cd" * 20}
    body = "# Card\n\n" + metadata_marker({"license": "mit"}, adopts="ef" * 20, files=files)
    assert " evals=gpqa.yaml:abababababababab,my%20run%2C%202%3A%20final.yml:cdcdcdcdcdcdcdcd keys=license -->" in body
    assert written_files(body) == {name: blob[:16] for name, blob in files.items()}
    assert managed.adopted_blob(body) == "ef" * 20 and edited_metadata_keys({"license": "mit"}, body) is None
    assert strip_markers(body) == "# Card\n\n"
    none = finish_body("# Card\n", {"license": "mit"}, files={})
    assert none.endswith(" evals=none keys=license -->\n") and written_files(none) == {} and managed.is_ours(none)
    older = finish_body("# Card\n", {"license": "mit"})
    assert " evals=" not in older and written_files(older) is None and managed.is_ours(older)
    assert written_files("# Card\n") is None and written_files(None) is None and not managed.is_ours("# Card\n")
    files[".eval_results/none"] = "ef" * 20  # a file named as the word is written with its blob: never bare
    assert written_files(finish_body("# Card\n", {}, files=files)) == {name: blob[:16] for name, blob in files.items()}


def test_file_conflicts_tell_an_edit_a_persons_own_file_and_an_older_card():
    from generator.card.managed import file_conflicts, finish_body, read_marker

    hub = {".eval_results/a.yaml": "1" * 40, ".eval_results/b.yaml": "2" * 40, ".eval_results/c.yaml": "3" * 40}
    paths = [".eval_results/a.yaml", ".eval_results/b.yaml", ".eval_results/new.yaml"]
    record = {".eval_results/a.yaml": "1" * 16, ".eval_results/b.yaml": "9" * 16}

    def told(record, ingested=None):
        readme = None if record is False else finish_body("# Card\n", {}, files=record)
        return [(c.where, c.message.split(" ", 2)[2][:13]) for c in file_conflicts(read_marker(readme), hub, paths,
                                                                                   ingested)]

    assert told(record) == [("file:.eval_results/b.yaml", "edited on the")]  # a: as written; new: not on the Hub
    assert told(record, {".eval_results/b.yaml": None}) == told(record)  # read into the records after it was edited
    assert told({".eval_results/c.yaml": "3" * 16}) == [("file:.eval_results/a.yaml", "the Hub was n"),
                                                      ("file:.eval_results/b.yaml", "the Hub was n")]
    assert told(False, {".eval_results/a.yaml": None}) == [("file:.eval_results/b.yaml", "the Hub was n")]
    assert told(None) == []  # a card of ours from before the record: its files are taken as ours
    # a card of ours that wrote none (`evals=none`): a file at a path the records write is a person's own
    assert told({}) == [("file:.eval_results/a.yaml", "the Hub was n"), ("file:.eval_results/b.yaml", "the Hub was n")]
    # read into the records at the blob the Hub still holds (a), or at another (b: edited on the Hub since)
    assert told(False, {".eval_results/a.yaml": "1" * 40, ".eval_results/b.yaml": "8" * 40}) == [
        ("file:.eval_results/b.yaml", "edited on the")]


def test_deleted_files_are_the_recorded_ones_the_hub_lacks():
    from generator.card.managed import deleted_files, finish_body, read_marker

    readme = finish_body("# Card\n", {}, files={".eval_results/a.yaml": "1" * 40, ".eval_results/b.yaml": "2" * 40})
    paths = [".eval_results/a.yaml", ".eval_results/b.yaml", ".eval_results/new.yaml"]
    assert deleted_files(read_marker(readme), {".eval_results/a.yaml"}, paths) == [".eval_results/b.yaml"]
    assert deleted_files(read_marker(finish_body("# Card\n", {})), set(), paths) == []  # older card: nothing recorded
    none = read_marker(finish_body("# Card\n", {}, files={}))
    assert deleted_files(none, set(), paths) == deleted_files(read_marker(None), set(), paths) == []


def test_the_marker_is_read_once_into_what_it_records():
    from generator.card.managed import Marker, finish_body, read_marker

    body = finish_body("# Card\n", {"license": "mit", "tags": ["a"]}, "b" * 40, files={".eval_results/a b.yaml": "1" * 40})
    assert read_marker(body) == Marker(read_marker(body).digest, ("license", "tags"), "b" * 40,
                                       {".eval_results/a b.yaml": "1" * 16})
    assert read_marker("# Card\n") is None and read_marker(finish_body("x\n", {})).files is None


def test_the_merge_keeps_a_persons_blank_lines_and_line_endings():
    """Around a person's text the merge keeps the newlines they left (it put one blank line), and their lines keep
    CRLF where the merge does not change them (keep_line_endings; publish end to end: test_publish_shapes)."""
    from generator.card.managed import metadata_marker
    from generator.card.merge import keep_line_endings, merge_card

    ours = seal("<!-- modelcard-generator:begin a -->\nA\n<!-- modelcard-generator:end a -->\n\n"
                "<!-- modelcard-generator:begin b -->\nB\n<!-- modelcard-generator:end b -->\n")
    ours = finish_body(ours, {"license": "mit"})
    a_end = "<!-- modelcard-generator:end a -->"
    hub = ours.replace(a_end, a_end + "\n\n\n\nMine.\n\n\n")
    new = ours.replace("\nB\n", "\nB2\n")
    _, body, conflicts = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, new))
    assert not conflicts and a_end + "\n\n\n\nMine.\n\n\n\n\n<!-- modelcard-generator:begin b " in body  # as on the Hub
    merged = finish_body(body, {"license": "mit"})
    crlf = keep_line_endings(hub.replace("\n", "\r\n"), merged)
    assert crlf == merged.replace("\n", "\r\n")  # every line ends as the file's do, the changed one too
    assert keep_line_endings(hub, merged) is merged
    mixed = hub.replace("Mine.\n", "Mine.\r\n")
    assert keep_line_endings(mixed, merged) == merged.replace("Mine.\n", "Mine.\r\n")
    # after the last block, before the metadata marker (a4afdb7798a6 of cards30, hubmerge33's sample): kept too
    b_end = "<!-- modelcard-generator:end b -->"
    hub = ours.replace(b_end, b_end + "\n\nLast words.\n\n")
    _, body, _ = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, new))
    assert finish_body(body, {"license": "mit"}).endswith(hub[hub.index("\nLast words."):])  # the Hub's bytes
    assert "Last words.\n\n\n\n" + metadata_marker({"license": "mit"}, blocks=["a", "b"]) in hub


def test_a_persons_text_after_the_marker_is_merged_after_it_whoever_reads_the_marker():
    """merge_card reads the Hub body's marker itself (the default) or is given it: either way the person's text
    after the marker stays after it, and the marker's keys are still ours: `tags`, which the new card drops, goes."""
    from generator.card.managed import read_marker

    hub = finish_body(BODY, META) + "\nAppended by hand.\n"
    new_meta = {k: v for k, v in META.items() if k != "tags"}
    for marker in ("read", read_marker(hub)):
        meta, body, conflicts = merge_card((META, hub), (new_meta, finish_body(BODY, new_meta)), marker)
        assert conflicts == [] and body.endswith(" -->\n\nAppended by hand.\n"), body[-120:]
        assert "tags" not in meta
        assert finish_body(body, new_meta, exact=True) == finish_body(hub, new_meta)


def _three_blocks() -> str:
    return seal("".join(f"<!-- modelcard-generator:begin {n} -->\n{n.upper()}\n<!-- modelcard-generator:end {n} -->\n\n"
                        for n in ("a", "b", "c")))


def test_the_marker_lists_the_blocks_the_records_produce_and_reads_them_back():
    """``blocks=`` names the sealed blocks, between ``evals=`` and ``keys=`` (which may hold spaces and run to the
    end); a card without blocks, or written before the list, has none."""
    from generator.card.managed import metadata_marker

    body = finish_body(_three_blocks(), {"license": "mit", "base model": "x"}, files={})
    assert body.endswith(" evals=none blocks=a,b,c keys=license,base model -->\n")
    assert read_marker(body).blocks == ("a", "b", "c") and read_marker(body).keys == ("license", "base model")
    assert " blocks=" not in finish_body("Text.\n", {"license": "mit"})
    old = "x\n\n" + metadata_marker({"license": "mit"})
    assert read_marker(old).blocks is None and read_marker(old).keys == ("license",)
    # a body listing a block it no longer holds (a person's deletion, kept) keeps the name it is given
    assert read_marker(finish_body("x\n", {}, blocks=["gone"])).blocks == ("gone",)
    # a merged body of nothing (its one block deleted): the newlines before the marker are the caller's lead
    assert finish_body("", {}, exact=True, blocks=["gone"]) == metadata_marker({}, blocks=["gone"])


def test_a_block_a_person_deleted_is_one_the_list_names_and_the_body_lacks():
    from generator.card.managed import deleted_blocks

    card = finish_body(_three_blocks(), {"license": "mit"})
    b = card[card.index("<!-- modelcard-generator:begin b"):card.index("<!-- modelcard-generator:end b -->") + 34]
    assert deleted_blocks(read_marker(card), card) == []
    assert deleted_blocks(read_marker(card), card.replace(b, "")) == ["b"]
    # half a block (its end marker cut) is a broken edit, reported as an unpaired marker, not a deletion
    assert deleted_blocks(read_marker(card), card.replace("<!-- modelcard-generator:end b -->", "")) == []
    old = card.replace(" blocks=a,b,c", "")  # a card published before the list: nothing is taken for deleted
    assert deleted_blocks(read_marker(old), old.replace(b, "")) == [] and deleted_blocks(None, "") == []


@pytest.mark.parametrize("name", ["a", "b", "c"])
@pytest.mark.parametrize("left", ["", "\n", "\n\n\n"])
def test_the_merge_leaves_a_deleted_block_out_with_the_blank_lines_the_deletion_left(name, left):
    """First, middle or last block deleted (the lines a person selected, leaving none, one or three more newlines):
    the merged card is the Hub's byte for byte, the records' new content for that block or not; the others update."""
    from generator.card.merge import merge_card

    card = finish_body(_three_blocks(), {"license": "mit"})
    begin = card.index(f"<!-- modelcard-generator:begin {name}")
    stop = card.index(f"<!-- modelcard-generator:end {name} -->\n") + len(f"<!-- modelcard-generator:end {name} -->\n")
    hub = card[:begin] + left + card[stop:]
    if name == "a":
        hub = hub.lstrip("\n")  # the body starts at its first line (its leading newlines are the frontmatter's gap)
    marker = read_marker(hub)
    for new in (card, card.replace(f"\n{name.upper()}\n", "\nNEW\n")):
        _, body, conflicts = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, new), marker, [name])
        assert not conflicts
        assert finish_body(body, {"license": "mit"}, exact=True, blocks=["a", "b", "c"]) == hub
    other = "c" if name != "c" else "a"
    changed = card.replace(f"\n{other.upper()}\n", "\nOTHER\n")
    _, body, _ = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, changed), marker, [name])
    assert "\nOTHER\n" in body and f"begin {name} " not in body
    # not named deleted (forced, or an old card): the block comes back, as before
    _, body, _ = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, card), marker)
    assert body == card[:card.index("<!-- modelcard-generator:metadata")]


def _block(text: str, name: str) -> str:
    begin = text.index(f"<!-- modelcard-generator:begin {name} ")
    return text[begin:text.index(f"<!-- modelcard-generator:end {name} -->", begin)]


@pytest.mark.parametrize("where", ["a", "b", "c"])
@pytest.mark.parametrize("gap", ["\n", "\n\n\n", "\n\n\n\n\n", "\n \n\n"])
def test_the_merge_keeps_the_newlines_a_person_left_between_two_blocks_and_before_the_marker(where, gap):
    """A person's spacing after one of our blocks (more blank lines, none, a line of spaces), where the next is ours
    too or the marker: kept byte for byte, with the records' new content or not (it was normalised to one blank
    line, a commit of nothing but their layout: 1,600 of 2,397 real cards, publish40's driver)."""
    card = finish_body(_three_blocks(), {"license": "mit"})
    end = f"<!-- modelcard-generator:end {where} -->\n"
    cut = card.index(end) + len(end)
    hub = card[:cut] + gap[1:] + card[cut + 1:]
    marker = read_marker(hub)
    for new in (card, card.replace("\nB\n", "\nNEW\n")):
        _, body, conflicts = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, new), marker)
        want = hub.replace(_block(card, "b"), _block(new, "b"))
        assert not conflicts and body == want[:want.index("<!-- modelcard-generator:metadata")]
    # a block the records add between two the Hub holds side by side: one blank line on each side of it
    more = card.replace("<!-- modelcard-generator:begin b ", seal("<!-- modelcard-generator:begin n -->\nN\n"
                                                                  "<!-- modelcard-generator:end n -->\n")
                        + "\n<!-- modelcard-generator:begin b ")
    _, body, _ = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, more), marker)
    assert "<!-- modelcard-generator:end a -->\n\n<!-- modelcard-generator:begin n " in body
    assert "<!-- modelcard-generator:end n -->\n\n<!-- modelcard-generator:begin b " in body


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_the_block_names_sealing_gives_are_those_the_sealed_text_holds(example):
    """render() lists the blocks (blocks=) from what seal_blocks sealed instead of scanning the sealed text again:
    the same names, in the same order, on every example (and None where sealing could not prove them)."""
    from generator.card.managed import block_names, seal_blocks
    from generator.records.loader import load_records
    from generator.render.card import _render_body

    body, _, unread = _render_body(load_records(EXAMPLES / example))
    sealed, names = seal_blocks(body, collapsed=True, unread=unread)
    assert names is not None and names == block_names(sealed) and len(names) >= 3
    assert seal_blocks("```\n" + body, collapsed=False)[1] is None  # blocks inside a fence someone opened: scanned


def test_the_metadata_digest_is_that_of_jsons_own_text():
    """metadata_digest's one encoder writes what json.dumps(sort_keys, ensure_ascii=False, default=_as_read) writes:
    every example card's metadata, and values json cannot write (a Decimal, a date) or writes escaped."""
    import datetime
    import json
    from decimal import Decimal
    from pathlib import Path

    from generator.card.managed import _as_read, digest, metadata_digest
    from generator.records.loader import load_records
    from generator.render.card import render

    examples = Path(__file__).resolve().parents[1] / "examples"
    metas = [render(load_records(example)).metadata for example in sorted(examples.iterdir())]
    metas.append({"b": [Decimal("57.50"), datetime.date(2024, 1, 15), "é \u2028 \"q\"", None, True, 1e16, -0.0],
                  "a": {"z": 1, "y": {"x": []}}, "c": "x"})
    for meta in metas:
        keys = list(meta)[::-1]
        assert metadata_digest(meta, keys) == digest(json.dumps({k: meta.get(k) for k in keys}, sort_keys=True,
                                                                ensure_ascii=False, default=_as_read))


@pytest.mark.parametrize("typed, kept", [
    ("Line one \nline two  \n\n\nLast\t", True),  # spaces at ends of lines (two: a line break), blank lines
    ("\nLine one\nline two\n\nLast\n", True),
    ("Line one\nline  two\n\nLast", False),  # a space inside a line is text
    ("Line one\nline two\n\nLast word", False),
    (" Line one\nline two\n\nLast", False),  # so is one at its start (indented code, a list's nesting)
])
def test_a_block_the_records_give_but_for_spaces_at_line_ends_keeps_the_persons_text(typed, kept):
    """A block a person edited on the Hub, whose text the records give back but for the spaces and tabs at the ends
    of its lines and the number of its blank lines (the import keeps neither: Pythia's lines end with a space), is
    no conflict and is written as the Hub holds it, sealed anew; any other difference stays a conflict."""
    card = finish_body(_three_blocks().replace("\nB\n", "\nLine one\nline two\n\nLast\n"), {"license": "mit"})
    hub = card.replace("\nLine one\nline two\n\nLast\n", f"\n{typed}\n")
    _, body, conflicts = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, card))
    assert (not conflicts) is kept, conflicts
    if kept:
        block = _block(body, "b")
        assert f"\n{typed.strip(chr(10))}\n" in block and not split_body(body)[1].edited
    # a huge line, many blank lines: read in linear time, a difference still found
    long = "x" * 1_000_000
    assert not _spacing_alone(long + " \n" * 20_000, long + "y")


def test_a_block_the_records_give_with_the_persons_html_as_text_keeps_their_html():
    """The import holds a person's HTML as text (`&lt;span`, stabilityai/stable-diffusion-2-inpainting's captions):
    their block on the Hub, the records giving it so, is no conflict and keeps their HTML as typed; HTML that is
    not theirs stays a conflict."""
    from generator.markdown.safety import clean_markdown

    html = '<span style="position: relative;bottom: 150px;">Face of a yellow cat</span>'
    assert clean_markdown(html) != html
    card = finish_body(_three_blocks().replace("\nB\n", f"\nIntro\n{clean_markdown(html)}\n"), {"license": "mit"})
    hub = card.replace(f"\nIntro\n{clean_markdown(html)}\n", f"\nIntro  \n{html}\n")
    _, body, conflicts = merge_card(({"license": "mit"}, hub), ({"license": "mit"}, card))
    assert not conflicts and f"\nIntro  \n{html}\n" in _block(body, "b")
    other = hub.replace("yellow cat", "black cat")
    assert merge_card(({"license": "mit"}, other), ({"license": "mit"}, card))[2]


def test_a_block_repeated_on_the_hub_is_compared_with_the_records_in_linear_work(monkeypatch):
    """A Hub body repeating one of our blocks 20,000 times (a person's paste gone wrong), the records' block long:
    each repeat was compared with the records' block read again, line by line (20,000 readings of it, a minute); the
    records' block is read once. Counted: the characters the comparison reads, a few times the two bodies."""
    import generator.card.merge as merge

    read = []
    unspaced = merge._unspaced
    monkeypatch.setattr(merge, "_unspaced", lambda text: read.append(len(text)) or unspaced(text))

    def block(name: str, content: str) -> str:
        return f"{managed.begin_marker(name)[:-4]} sha256={managed.digest(content)} -->\n{content}\n" \
               f"{managed.end_marker(name)}\n"

    new = block("header", "# T\n\nhello") + "\n" + block("uses", "## Uses\n\n" + "para\n\n" * 5000)
    hub = "".join(block("uses", "## Uses\n\nx") + "a line of theirs\n" for _ in range(20_000))
    _, body, conflicts = merge_card(({}, hub), ({}, new))
    assert not conflicts and body.count("a line of theirs") == 20_000
    assert sum(read) < 4 * (len(hub) + len(new))


def test_a_block_leaving_a_fence_open_on_the_hub_is_not_kept_as_the_hub_has_it():
    """ufal/robeczech-base's header block on the Hub opens a ```python fence its author closed below our metadata
    marker: the markers between are code there, and the records imported them as text (a second evaluation block).
    The block, though the records give it but for spacing, stays a conflict: kept as the Hub has it, the merge
    published that second block."""
    def block(name: str, content: str) -> str:
        return f"{managed.begin_marker(name)[:-4]} sha256={managed.digest(content)} -->\n{content}\n" \
               f"{managed.end_marker(name)}\n"

    ours = "# RobeCzech\n\n```python\nfrom transformers import AutoTokenizer"
    new = block("header", ours) + "\n" + block("details", "## D")
    hub = new.replace("# RobeCzech\n", "# RobeCzech  \n")  # (two spaces: a person's line break)
    _, _, conflicts = merge_card(({}, hub), ({}, new))
    assert [c.where for c in conflicts] == ["body:header"]
    closed = new.replace("AutoTokenizer\n", "AutoTokenizer\n```\n")  # the fence closed in the block: kept
    _, body, conflicts = merge_card(({}, closed.replace("# RobeCzech\n", "# RobeCzech  \n")), ({}, closed))
    assert not conflicts and "# RobeCzech  \n" in body


def test_a_paste_of_thousands_of_sections_below_the_marker_is_kept_as_typed():
    """A person's text below our marker that the records also give, in thousands of sections (a mutated README): each
    section was looked for in the records' blocks, each search reading a long block (30 s for 20,000); past
    merge.MOST_PARTS sections the text is kept as typed, as any text the records do not give; a few are still found
    (written once)."""
    from generator.card.merge import MOST_PARTS

    def block(name: str, content: str) -> str:
        return f"{managed.begin_marker(name)[:-4]} sha256={managed.digest(content)} -->\n{content}\n" \
               f"{managed.end_marker(name)}\n"

    def card(count: int) -> tuple[str, str]:
        parts = "".join(f"## Part {i}\n" for i in range(count))
        marker = "<!-- modelcard-generator:metadata sha256=0123456789abcdef keys=license -->\n"
        return block("header", "# T") + marker + parts, block("header", "# T\n\n" + "x\n" * 1000 + parts)

    hub, new = card(MOST_PARTS + 1)
    assert merge_card(({}, hub), ({}, new))[1].count("## Part 7\n") == 2  # kept, and the records' own
    hub, new = card(20)
    assert merge_card(({}, hub), ({}, new))[1].count("## Part 7\n") == 1
