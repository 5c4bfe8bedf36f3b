"""Publishing over real card shapes on the local Hub: the person's README is adopted, their later edits outside the
generated blocks survive byte for byte, a new score lands in README, model-index and `.eval_results`, the dry run's
diff is what is then pushed, and an edit inside a block is a conflict (the round trip session 33's hubmerge driver
run.py made over 332 real cards of 2020-2026; these are shapes cut from them, origins in each folder's ORIGINS.txt)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml
from huggingface_hub import CommitOperationAdd, HfApi

from generator import __version__, ingest
from generator.card.frontmatter import frontmatter_comments
from generator.card.managed import split_body
from generator.check.validate import validate_card
from generator.io.files import git_blob_sha
from generator.io.yamlio import dump
from generator.markdown.frontmatter import head_comments, key_texts, split_card
from generator.publish.publish import exit_code, publish_card
from generator.publish.session import RetryPolicy
from generator.render.card import render_card
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

REPO = "alice/real-shape"
TESTS = Path(__file__).parent
KEYS = "extra_gated_heading: Acknowledge the license  # typed by hand\nhm_note: 'see: widget'\n"
SECTION = ("## Notes from the team\n\nAsk Bob before retraining.  \n\n\n| split | note |\n|---|---|\n"
           "| test | kept   as typed |\n")
TOP = "> Typed above everything by hand.\n"
SCORE = {"id": "new", "benchmark": "New Bench", "task": {"type": "text-generation"},
         "dataset": {"id": "acme/new-bench", "split": "test", "task_id": "new_bench"},
         "metrics": [{"type": "accuracy", "value": 71.23}]}


def _publish(hub, source, **kw):
    policy = RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None)
    return publish_card(source, REPO, endpoint=hub.endpoint, token=hub.token, policy=policy, **kw)


def _readme(hub) -> str:
    return hub.read_file(REPO, "README.md").decode()


def _unified(old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/README.md", "b/README.md"))


def _add_score(records) -> None:
    """A new score (SCORE) in the records file."""
    data = yaml.safe_load(records.read_text())
    data.setdefault("evaluations", []).append(SCORE)
    records.write_text(dump(data))


def _publish_new_score(local_hub, records) -> str:
    """Publish the records with a new score: a commit; the README after it."""
    _add_score(records)
    assert _publish(local_hub, records).status == "committed"
    return _readme(local_hub)


@pytest.mark.parametrize("shape,variant", [
    ("card_shapes/no_frontmatter.md", ""),
    ("card_shapes/open_llm_leaderboard_bot_as_written.md", ""),
    ("card_shapes/dpo_hyperparameters_intro.md", "crlf"),
    ("card_shapes/html_outside_allow_list.md", "bom"),
    ("card_shapes/trainer_float_epochs.md", ""),
    ("hub_shapes/frontmatter_only.md", ""),
])
def test_publishing_over_a_real_card_keeps_what_a_person_wrote(local_hub, tmp_path, shape, variant):
    original = (TESTS / shape).read_text(encoding="utf-8")
    if variant == "crlf":
        original = original.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if variant == "bom" else b"") + original.encode("utf-8")
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": data}, author="bob", message="Our card")
    (tmp_path / "README.md").write_bytes(data)
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))

    adopted = _publish(local_hub, records)  # (1) the person's README is adopted
    assert adopted.status == "committed" and "adopted README.md" in adopted.message, adopted.message
    _is_rendered_with_their_html(_readme(local_hub), render_card(records), original)

    text = _readme(local_hub)  # (2) a person edits on the Hub: keys, text above the blocks, a section between two
    if not text.startswith("---\n"):  # a card of no metadata is published with none: the person writes a block
        text = "---\n---\n" + text
    close = text.index("\n---\n", 3) + 1
    end = re.search(r"^<!-- modelcard-generator:end \w+ -->\n", text, re.M)
    assert end is not None
    edited = text[:close] + KEYS + "---\n" + TOP + "\n" + text[close + 4:end.end()] + "\n" + SECTION + text[end.end():]
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Hand edit")

    _add_score(records)  # (3) a new score in the records
    dry = _publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and "conflicts" not in dry.message, dry.message
    assert _publish(local_hub, records, create_pr=True).status == "pr"
    assert _readme(local_hub) == edited  # the pull request left main alone
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "committed"
    assert local_hub.commit_count(REPO) == commits + 1
    after = _readme(local_hub)
    assert _unified(edited, after) in dry.diff  # what the dry run showed is what was pushed
    for kept in (KEYS, TOP, SECTION):
        assert kept in after
    meta, body = split_card(after, "README.md")
    assert "71.23" in body and "71.23" in str(meta["model-index"])
    assert yaml.safe_load(local_hub.read_file(REPO, ".eval_results/new_bench.yaml"))[0]["value"] == 71.23
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits + 1

    cell = re.search(r"\| *71\.23 *\|", after)  # (4) an edit inside a block: a conflict, nothing pushed
    assert cell is not None
    inside = after[:cell.start()] + cell.group(0).replace("71.23", "71.24") + after[cell.end():]
    local_hub.commit_files(REPO, {"README.md": inside}, author="bob", message="Fix a number")
    commits = local_hub.commit_count(REPO)
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and exit_code([conflict]) == 4
    assert local_hub.commit_count(REPO) == commits and _readme(local_hub) == inside


def _is_rendered_with_their_html(readme: str, rendered: str, original: str) -> None:
    """The adopted README is the card rendered from the import, but for the lines of the person's card whose HTML the
    rendered card writes as text (`&lt;iframe`): those stand as the person wrote them, in blocks sealed as written
    (the bodies compared: the frontmatter keeps the person's texts of its keys)."""
    got, want = (split_card(text, "README.md")[1].split("\n") for text in (readme, rendered))
    theirs = set(original.replace("\r\n", "\n").split("\n"))
    assert len(got) == len(want)
    for line, as_rendered in zip(got, want):
        if line != as_rendered:
            begin = "<!-- modelcard-generator:begin "
            assert line in theirs and "&lt;" in as_rendered or line.startswith(begin) and as_rendered.startswith(begin)


def _imported_card_on_hub(local_hub, tmp_path):
    """A card of ours (dpo_hyperparameters_intro) on the Hub, imported into records.yaml: the records' path."""
    original = (TESTS / "card_shapes/dpo_hyperparameters_intro.md").read_text(encoding="utf-8")
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": original}, author="bob", message="Our card")
    (tmp_path / "README.md").write_text(original)
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    return records


def test_a_readme_saved_on_windows_keeps_its_bytes_where_the_merge_does_not_change_them(local_hub, tmp_path):
    """A person re-saves our card on the Hub with CRLF line endings, adds a section three blank lines below a
    block, and a BOM: an unchanged card makes no commit (the merge wrote the whole file back with LF), a new score
    changes only the lines it changes (the person's lines keep CRLF, their blank lines stay three: the merge put
    one), and the dry run's old README is the Hub's, BOM included (it was shown without it)."""
    records = _imported_card_on_hub(local_hub, tmp_path)
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    end = re.search(r"^<!-- modelcard-generator:end \w+ -->\n", text, re.M)
    assert end is not None
    edited = (text[:end.end()] + "\n\n\n" + SECTION + "\n\n" + text[end.end():].lstrip("\n")).replace("\n", "\r\n")
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Saved on Windows")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits

    data = yaml.safe_load(records.read_text())  # a new score: the lines it changes, nothing else
    data.setdefault("evaluations", []).append(yaml.safe_load(dump(SCORE)))  # a copy: its value changes below
    records.write_text(dump(data))
    assert _publish(local_hub, records).status == "committed"
    after = _readme(local_hub)
    assert "71.23" in after and "\r\n\r\n\r\n" + SECTION.replace("\n", "\r\n") in after
    assert "\n" not in after.replace("\r\n", ""), "a line lost its CRLF"
    assert _publish(local_hub, records).status == "unchanged"

    local_hub.commit_files(REPO, {"README.md": "\ufeff" + after}, author="bob", message="BOM")
    data["evaluations"][-1]["metrics"][0]["value"] = 72.5
    records.write_text(dump(data))
    dry = _publish(local_hub, records, dry_run=True)
    assert _publish(local_hub, records).status == "committed"
    assert dry.diff.startswith(_unified("\ufeff" + after, _readme(local_hub))), dry.diff[:300]


def test_a_persons_blank_lines_around_the_body_and_the_files_majority_ending_are_kept(local_hub, tmp_path):
    """A person leaves three blank lines between the frontmatter and the body (or none), ends their own section with
    a single newline before the metadata marker, and saves the file with mixed endings, most CRLF: a new score
    keeps those newlines byte for byte (they were evened to one blank line each) and its new lines end as most of
    the file's lines do (they were LF once any line was LF)."""
    records = _imported_card_on_hub(local_hub, tmp_path)
    data = yaml.safe_load(records.read_text())
    data.setdefault("evaluations", []).append(yaml.safe_load(dump(SCORE)))  # a copy: SCORE stays as it is
    records.write_text(dump(data))
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    close = text.index("\n---\n", 3) + 5
    marker = text.index("<!-- modelcard-generator:metadata ")
    for n, lead in enumerate(("\n\n\n", "")):
        edited = text[:close] + lead + text[close:marker].strip("\n") + "\n\n" + SECTION + text[marker:]
        edited = edited.replace("\n", "\r\n").replace("\r\n", "\n", 2)  # two LF lines, the rest CRLF
        local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Saved by hand")
        data["evaluations"][-1]["metrics"][0]["value"] = 73.5 + n
        records.write_text(dump(data))
        assert _publish(local_hub, records).status == "committed"
        after = _readme(local_hub)
        assert str(73.5 + n) in after
        body_start = after.index("\r\n---\r\n", 3) + 7
        rest = after[body_start:]
        assert rest[:len(rest) - len(rest.lstrip("\r\n"))].replace("\r\n", "\n") == lead, repr(rest[:20])
        assert SECTION.replace("\n", "\r\n") + "<!-- modelcard-generator:metadata " in after
        assert after.replace("\r\n", "").count("\n") <= 2, "new lines took LF in a file of CRLF lines"
        text = after.replace("\r\n", "\n")
        close = text.index("\n---\n", 3) + 5
        marker = text.index("<!-- modelcard-generator:metadata ")


SHAPES = TESTS / "publish_shapes"
EXAMPLE = TESTS.parent / "examples" / "gemma-wukong-2b"


def _person_card_on_hub(local_hub, tmp_path, shape: str) -> tuple[str, Path]:
    """A real card on the Hub as a person's commit, and records ingested from it: (its text, the records' path)."""
    original = (SHAPES / shape).read_text(encoding="utf-8")
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": original}, author="bob", message="Our card")
    (tmp_path / "README.md").write_text(original, encoding="utf-8")
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    return original, records


@pytest.mark.parametrize("shape", ["trainer_4.17_xlsr_key_after_model_index.md", "mteb_nan_in_model_index_trimmed.md"])
def test_a_key_a_person_adds_after_model_index_stays_there_and_makes_no_commit(local_hub, tmp_path, shape):
    """A person adds a key at the end of the frontmatter (after model-index) and a section: publishing the same
    records makes no commit (the key was moved before model-index, a commit of nothing but their layout, on every
    card of the publish39 driver's 2,315), and a new score leaves the key where they put it."""
    _, records = _person_card_on_hub(local_hub, tmp_path, shape)
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    close = text.index("\n---\n", 3) + 1
    end = re.search(r"^<!-- modelcard-generator:end \w+ -->\n", text, re.M)
    assert end is not None
    edited = text[:close] + KEYS + text[close:end.end()] + "\n" + SECTION + text[end.end():]
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Hand edit")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged"
    assert local_hub.commit_count(REPO) == commits and _readme(local_hub) == edited

    after = _publish_new_score(local_hub, records)
    assert KEYS + "---\n" in after and SECTION in after and "71.23" in after
    assert list(split_card(after, "README.md", finite=False)[0] or {})[-2:] == ["extra_gated_heading", "hm_note"]


def test_a_persons_card_of_metadata_alone_is_not_overwritten_by_another_card(local_hub, tmp_path):
    """A README of frontmatter alone (`language: fr`, `license: mit`, 2021): another card's records published over it
    would have replaced `license` with theirs, silently (45 of the driver's 2,339 cards had a value replaced): a
    conflict naming the key and its value on the Hub, in the dry run too; the card imported from it is adopted."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "frontmatter_only_language_license.md")
    dry = _publish(local_hub, EXAMPLE, dry_run=True)
    result = _publish(local_hub, EXAMPLE)
    assert result.status == "conflict" and exit_code([result]) == 4
    for said in (dry.message, result.message):
        assert "not written by modelcard-generator" in said and "license (mit there)" in said, said
    assert _readme(local_hub) == original
    assert _publish(local_hub, EXAMPLE, create_pr=True).status == "conflict" and not local_hub.pull_requests(REPO)
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and "adopted README.md" in adopted.message, adopted.message
    meta = split_card(_readme(local_hub), "README.md")[0] or {}
    assert meta["license"] == "mit" and meta["language"] in ("fr", ["fr"])


@pytest.mark.parametrize("shape,said", [
    ("sapbert_2021_unclosed_frontmatter.md", "cannot be read as a card (line 1: opens a frontmatter block"),
    ("mteb_nan_in_model_index_trimmed.md", "not written by modelcard-generator; publishing would replace its text"),
])
def test_a_hub_readme_the_card_reader_refuses_is_a_conflict_not_a_failure(local_hub, tmp_path, shape, said):
    """A README whose frontmatter is never closed (SapBERT's, 2021: the Hub shows it as text) or whose model-index
    holds `.nan` (jina-embeddings-v3's: the Hub serves it): publishing over it failed as if the Hub had ("publishing
    failed: CardError ... publish again", exit 3). Now another card is refused as a conflict that says why, and the
    card imported from it is adopted."""
    original, records = _person_card_on_hub(local_hub, tmp_path, shape)
    result = _publish(local_hub, EXAMPLE)
    assert result.status == "conflict" and said in result.message, result.message
    assert _readme(local_hub) == original
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and "adopted README.md" in adopted.message, adopted.message
    assert _publish(local_hub, records).status == "unchanged"


def test_a_comment_a_person_types_under_a_key_of_ours_survives(local_hub, tmp_path):
    """A person types a YAML comment under `language` (a key the generator writes) on the Hub: publishing the same
    records dropped it, in a commit (every one of the publish39 driver's cards), as did a new score; the key's text
    is now kept as the Hub has it while its value is the one the records give."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    comment = "# French only: the Belgian split is in the next version\n"
    edited = text.replace("language:\n- fr\n", "language:\n- fr\n" + comment, 1)
    assert edited != text
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="A comment")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits

    after = _publish_new_score(local_hub, records)
    assert "language:\n- fr\n" + comment in after and "71.23" in after


def test_text_a_person_appends_at_the_end_of_the_readme_stays_there(local_hub, tmp_path):
    """A person appends a paragraph at the very end of the README, below the metadata marker (where the Hub's
    editor leaves them): publishing the same records moved the marker below it, a commit of nothing but the layout
    (every card of the publish39 driver); now nothing is committed, and a new score rewrites the marker in place."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "frontmatter_only_language_license.md")
    assert _publish(local_hub, records).status == "committed"
    tail = "\nUpdate 2022-03: use the v2 checkpoint instead.\n"
    edited = _readme(local_hub) + tail
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Appended")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits

    after = _publish_new_score(local_hub, records)
    assert after.endswith(" -->\n" + tail) and "71.23" in after and after.count("modelcard-generator:metadata") == 1
    assert _publish(local_hub, records).status == "unchanged"


def test_another_card_over_a_persons_readme_names_what_it_would_replace(local_hub, tmp_path):
    """The conflict of publishing over a README a person wrote says how much text it holds and its sections' headings
    (it said only "publishing would replace its text"), in the dry run too."""
    original, _ = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    said = ("publishing would replace its text (49 lines; sections 'Model description', 'Training procedure', "
            "'Training hyperparameters', 'Training results' and 2 more)")
    for result in (_publish(local_hub, EXAMPLE, dry_run=True), _publish(local_hub, EXAMPLE)):
        assert said in result.message, result.message
    assert _readme(local_hub) == original


@pytest.mark.parametrize("shape", ["trainer_4.17_xlsr_key_after_model_index.md", "frontmatter_only_language_license.md",
                                   "speechbrain_2021_keys_the_import_leaves_out.md"])
def test_the_dry_run_of_a_conflict_shows_what_force_then_writes(local_hub, tmp_path, shape):
    """Another card's records over a person's README: a conflict, whose dry run showed a merge nothing commits (the
    person's keys kept, which --force then replaced: 1,681 of 2,378 such real cards, publish40's driver). It shows
    what --force writes, byte for byte, and says so; nothing is committed by either dry run."""
    original, _ = _person_card_on_hub(local_hub, tmp_path, shape)
    commits = local_hub.commit_count(REPO, source=None)
    dry, forced_dry = _publish(local_hub, EXAMPLE, dry_run=True), _publish(local_hub, EXAMPLE, dry_run=True, force=True)
    assert "conflicts: README.md on the Hub was not written by modelcard-generator" in dry.message
    assert "(the diff is what publishing with --force would write)" in dry.message
    assert _readme(local_hub) == original and local_hub.commit_count(REPO, source=None) == commits
    assert _publish(local_hub, EXAMPLE).status == "conflict"
    forced = _publish(local_hub, EXAMPLE, force=True)
    assert forced.status == "committed"
    written = {path: local_hub.read_file(REPO, path).decode() for path in forced.files}
    landed = "".join(difflib.unified_diff(original.splitlines(True), written.pop("README.md").splitlines(True),
                                          "a/README.md", "b/README.md"))
    landed += "".join(difflib.unified_diff([], text.splitlines(True), f"a/{path}", f"b/{path}")
                      for path, text in written.items())
    assert dry.diff == forced_dry.diff == landed
    assert dry.files == forced.files


def test_adopting_a_readme_keeps_its_keys_the_hub_takes_and_names_the_others(local_hub, tmp_path):
    """Adoption replaces the person's README with the card rendered from its import; the keys the import left out
    went with it (46 of 2,397 real cards, publish40's driver), named at publish time since publish39. A key the Hub
    takes as it is (the empty thumbnail) is the person's and stays, as written, not owned by the card; one the Hub
    rejects (a dataset that is no Hub id: the import warned) is still named, in the dry run too."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "speechbrain_2021_keys_the_import_leaves_out.md")
    said = "it does not carry the README's key datasets, which the import left out"
    dry = _publish(local_hub, records, dry_run=True)
    assert "would adopt README.md" in dry.message and said in dry.message, dry.message
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and said in adopted.message, adopted.message
    text = _readme(local_hub)
    meta = split_card(text, "README.md")[0] or {}
    assert "thumbnail" in meta and meta["thumbnail"] is None and "datasets" not in meta
    assert meta["license"] == "apache-2.0" and list(meta)[:2] == ["language", "thumbnail"]  # where it was
    assert "\nthumbnail:\n" in text and ",thumbnail" not in text.rsplit("keys=", 1)[1]  # the person's, not ours
    assert "+thumbnail:" not in dry.diff and "-thumbnail:" not in dry.diff
    assert _publish(local_hub, records).status == "unchanged"


def test_adopting_a_mergekit_readme_keeps_its_empty_base_model(local_hub, tmp_path):
    """mergekit's `base_model: []` (a merge of local models), which the import leaves out: the Hub takes it as it is
    (it holds such READMEs: tests/hubserver/cardcheck.py), so the adoption keeps it where the person had it, not
    owned by the card; it left it out and said so while the local Hub refused it."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "mergekit_empty_base_model.md")
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed", adopted.message
    assert "does not carry" not in adopted.message
    text = _readme(local_hub)
    assert text.startswith("---\nbase_model: []\n") and original.startswith("---\nbase_model: []\n")
    assert "base_model" not in text.rsplit("keys=", 1)[1]
    assert _publish(local_hub, records).status == "unchanged"


@pytest.mark.parametrize("shape", ["trainer_4.17_xlsr_key_after_model_index.md",
                                   "xlsr_event_2022_frontmatter_opening_twice.md"])
def test_a_comment_a_person_types_above_the_first_key_survives(local_hub, tmp_path, shape):
    """A person's comment on the frontmatter's first line, above every key (publish39 thought it lost, untested):
    the same records make no commit, and a new score keeps it where it was. A README opening `---` twice (the Hub
    reads the block from the second, a YAML document start) was adopted as it opened, so the comment put the
    metadata after a closing `---` and every publish after reported it edited on the Hub (publish42's driver): the
    adopted block opens once, and reads as the person's did."""
    original, records = _person_card_on_hub(local_hub, tmp_path, shape)
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    assert not text.startswith("---\n---\n") and split_card(text, "README.md")[0] == split_card(original, "o")[0]
    comment = "# Metadata reviewed by the data team, 2022-03\n"
    assert text.startswith("---\n")
    local_hub.commit_files(REPO, {"README.md": "---\n" + comment + text[4:]}, author="bob", message="A comment")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits
    after = _publish_new_score(local_hub, records)
    assert after.startswith("---\n" + comment) and "71.23" in after


@pytest.mark.parametrize("shape,html", [("huggingtweets_2020_link_stylesheet.md", '<link rel="stylesheet" href="https://'),
                                        ("speechbrain_2021_keys_the_import_leaves_out.md", '<iframe src="https://ghbtns'),
                                        ("nn_pruning_2021_script_after_two_blank_lines.md", '<script src="/echarlaix/')])
def test_adopting_a_readme_keeps_the_persons_html_as_they_wrote_it(local_hub, tmp_path, shape, html):
    """The card rendered from a README's import writes the HTML the safety policy does not pass as text (a
    stylesheet link, a GitHub star button's iframe); adoption pushed that card, so the person's own HTML showed as
    text on their card (26 of publish40's 2,400 real cards). Their lines now stand as they wrote them, through
    adoption and every publish after (nn_pruning's too, two blank lines above it where the import writes one); text
    the records add is still held to the policy."""
    original, records = _person_card_on_hub(local_hub, tmp_path, shape)
    assert "&lt;" + html[1:] in render_card(records)  # the policy applies to what the records hold
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and "adopted README.md" in adopted.message, adopted.message
    text = _readme(local_hub)
    assert html in text and "&lt;" not in text
    _is_rendered_with_their_html(text, render_card(records), original)
    assert _publish(local_hub, records).status == "unchanged"  # its blocks sealed as written: no edit, no commit

    data = yaml.safe_load(records.read_text())  # records that add HTML of their own: that is held to the policy
    added = '<iframe src="https://example.org/poll"></iframe> <link rel="stylesheet" href="https://example.org/a.css">'
    data.setdefault("sections", []).append({"title": "Poll", "content": added})
    data.setdefault("evaluations", []).append(SCORE)
    records.write_text(dump(data))
    dry = _publish(local_hub, records, dry_run=True)
    assert _publish(local_hub, records).status == "committed"
    after = _readme(local_hub)
    assert html in after and "71.23" in after
    assert '&lt;iframe src="https://example.org/poll">&lt;/iframe> &lt;link rel="stylesheet"' in after
    assert _unified(text, after) in dry.diff
    assert _publish(local_hub, records).status == "unchanged"


@pytest.mark.parametrize("shape,keys", [("langame_2021_inline_comments_from_the_template.md", ["language", "license"]),
                                        ("xlsr_event_2022_comments_in_model_index.md", ["model-index"]),
                                        ("template_2021_comments_on_lines_the_generator_reorders.md",
                                         ["tags", "model-index"]),
                                        ("lighteval_2024_comment_lines_inside_model_index.md", ["model-index"]),
                                        ("widget_2022_quoted_text_lines_at_column_0.md", ["language", "license"])])
def test_adopting_a_readme_keeps_the_comments_of_its_frontmatter(local_hub, tmp_path, shape, keys):
    """Adoption wrote the card's frontmatter anew: the comments of the person's (the README template's `# Example:`
    after a value, the speech event's inside model-index) were dropped. The keys the card writes with the values the
    person's copy holds keep the person's text; a key the records change keeps the comments around it, and those
    ending a line of its value after the line that says the same (model-index with a new score), wherever the
    generator writes that line, and the comment lines inside its value above the line after them."""
    original, records = _person_card_on_hub(local_hub, tmp_path, shape)
    typed = key_texts(original)
    assert all("#" in typed[key] for key in keys)
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    for key in keys:
        assert typed[key] in text
    assert _publish(local_hub, records).status == "unchanged"
    after = _publish_new_score(local_hub, records)  # model-index changes: every comment stays by its line
    for key in keys:
        for comment in re.findall(r"[ \t]#.*", typed[key]):
            assert comment + "\n" in after, comment
        if key != "model-index":
            assert typed[key] in after
    for line, below in re.findall(r"^( *#.*)\n *(.*)\n", typed.get("model-index", ""), re.M):
        assert re.search(rf"^ *{re.escape(line.strip())}\n *{re.escape(below.strip())}\n", after, re.M), line


def test_the_comments_over_an_empty_metadata_block_stay_above_the_first_key(local_hub, tmp_path):
    """huggingface_hub's card template (a README of 2024): comments over `{}`, no key. Adoption wrote the card as
    rendered and dropped them, silently (2 of the 239 real cards with frontmatter comments of publish41's list); they
    now stand above the first key written, through a new score too, and nothing is said dropped."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "hub_template_2024_comments_over_empty_metadata.md")
    head = head_comments(original)
    assert head.count("\n") == 2 and not key_texts(original)
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and "comment" not in adopted.message, adopted.message
    assert _readme(local_hub).startswith("---\n" + head)
    assert _publish(local_hub, records).status == "unchanged"
    assert _publish_new_score(local_hub, records).startswith("---\n" + head)


def test_dropping_the_comments_on_values_the_import_leaves_out_is_said(local_hub, tmp_path):
    """The README template's `# Example: fr` after `- {en}` (a language the import leaves out, a flow mapping) and
    `# Example: audio` after `- {fill-mask}` (a tag it leaves out) go with their values: the dry run and the publish
    now say so, naming them (8 of the 239 real cards with frontmatter comments lost one at adoption, silently)."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "template_2021_comments_on_values_the_import_drops.md")
    dry = _publish(local_hub, records, dry_run=True)
    result = _publish(local_hub, records)
    assert result.status == "committed"
    said = "2 comments of the README's metadata, on values the import left out: `# Example: fr`, `# Example: audio`"
    assert "would drop " + said in dry.message and "dropped " + said in result.message, (dry.message, result.message)
    assert "# Example" not in _readme(local_hub)
    _add_score(records)
    again = _publish(local_hub, records)  # nothing more to drop
    assert again.status == "committed" and "README's metadata" not in again.message, again.message


def _publish_as(hub, token, records, **kw):
    policy = RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None)
    return publish_card(records, REPO, endpoint=hub.endpoint, token=token, policy=policy, create_pr=True, **kw)


def _score(records, value) -> None:
    """The records' new score (SCORE) set to ``value``."""
    data = yaml.safe_load(records.read_text())
    data["evaluations"] = [e for e in data.get("evaluations", []) if e.get("id") != "new"]
    data["evaluations"].append({**SCORE, "metrics": [{"type": "accuracy", "value": value}]})
    records.write_text(dump(data))


def test_a_colleagues_pull_request_titled_as_ours_is_not_pushed_to(local_hub, tmp_path):
    """Ours is the open pull request the token's user opened (the Hub's discussion author), not any titled as the
    generator titles its commits: bob's own run opened one on alice's adopted real card, and alice's run with other
    scores pushed to it (200 of 200 real cards of the publish42 driver). She opens her own, and pushes to it after."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    assert _publish(local_hub, records).status == "committed"
    main = local_hub.files(REPO)
    _score(records, 64.5)
    bobs = _publish_as(local_hub, local_hub.other_token, records)
    assert bobs.status == "pr" and bobs.pr_url.endswith("/discussions/1"), bobs.message
    _score(records, 71.23)
    assert "the open pull request" not in _publish_as(local_hub, local_hub.token, records, dry_run=True).message
    alices = _publish_as(local_hub, local_hub.token, records)
    assert alices.status == "pr" and alices.pr_url.endswith("/discussions/2"), alices.message
    assert len(local_hub.pull_requests(REPO)[0].commits) == 1  # bob's as he left it
    assert "64.5" in local_hub.read_file(REPO, "README.md", "refs/pr/1").decode()
    _score(records, 72.0)
    dry = _publish_as(local_hub, local_hub.token, records, dry_run=True)
    assert dry.message.endswith("; the open pull request #2 would be pushed to (an earlier run opened it)")
    again = _publish_as(local_hub, local_hub.token, records)
    assert again.pr_url == alices.pr_url and "pushed to the open pull request #2" in again.message
    assert "72.0" in local_hub.read_file(REPO, "README.md", "refs/pr/2").decode()
    assert [d.author for d in local_hub.pull_requests(REPO)] == ["bob", "alice"] and local_hub.files(REPO) == main
    local_hub.reset_counters()
    _publish_as(local_hub, local_hub.token, records)
    assert sum(r.kind == "whoami" for r in local_hub.request_log) == 1


def test_records_back_to_the_branch_close_our_stale_pull_request(local_hub, tmp_path):
    """The records go back to what main holds (a score withdrawn): the pull request an earlier run opened proposes
    a stale change, which a reviewer could still merge; it stayed open (200 of 200 real cards of the publish42
    driver). It is closed with a comment saying why (the dry run says it would be); a colleague's is left alone, and
    so is one of ours someone else pushed to, which the report names."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    assert _publish(local_hub, records).status == "committed"
    main, adopted = local_hub.files(REPO), records.read_text()
    _score(records, 71.23)
    assert _publish_as(local_hub, local_hub.token, records).pr_url.endswith("/discussions/1")
    _score(records, 64.5)
    assert _publish_as(local_hub, local_hub.other_token, records).pr_url.endswith("/discussions/2")
    records.write_text(adopted)
    dry = _publish_as(local_hub, local_hub.token, records, dry_run=True)
    said = "the open pull request #1, which an earlier run opened: `main` already holds this card"
    assert dry.message == "no change; would close " + said
    back = _publish_as(local_hub, local_hub.token, records)
    assert back.status == "unchanged" and back.message == "closed " + said
    mine, bobs = local_hub.pull_requests(REPO)
    assert (mine.status, bobs.status) == ("closed", "open") and local_hub.files(REPO) == main
    comment = mine.events[-1]
    assert comment["author"]["name"] == "alice" and "already holds the card the records give now" in str(comment)
    assert _publish_as(local_hub, local_hub.token, records).message == ""  # nothing more to close

    _score(records, 80.0)
    assert _publish_as(local_hub, local_hub.token, records).pr_url.endswith("/discussions/3")
    local_hub.commit_files(REPO, {"NOTES.md": "checked by hand"}, branch="refs/pr/3", author="bob")
    records.write_text(adopted)
    kept = _publish_as(local_hub, local_hub.token, records)
    assert kept.message == ("left open the pull request #3 (also pushed to by bob), which an earlier run opened: "
                            "`main` already holds this card (close it on the Hub once the others' commits in it are "
                            "not needed)")
    assert local_hub.pull_requests(REPO)[2].status == "open"



def test_a_plain_publish_closes_the_pull_request_of_ours_it_makes_stale(local_hub, tmp_path):
    """A pipeline opened a pull request of a new score on a real adopted card; a later plain publish of those records
    lands the change on main. The pull request then proposes nothing main lacks and stayed open (a plain publish
    never looked at pull requests). It is closed with a comment once the commit landed, as PR mode closes its stale
    ones (the dry run says it would be); a colleague's stays open, and a publish that commits nothing asks nothing."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    assert _publish(local_hub, records).status == "committed"
    _score(records, 71.23)
    assert _publish_as(local_hub, local_hub.token, records).pr_url.endswith("/discussions/1")
    assert _publish_as(local_hub, local_hub.other_token, records).pr_url.endswith("/discussions/2")
    said = "the open pull request #1, which an earlier run opened: `main` already holds this card"
    dry = _publish(local_hub, records, dry_run=True)
    assert dry.message == "would change .eval_results/new_bench.yaml, README.md; would close " + said, dry.message
    commits = local_hub.commit_count(REPO)
    landed = _publish(local_hub, records)
    assert landed.status == "committed" and landed.message == "closed " + said, landed.message
    assert local_hub.commit_count(REPO) == commits + 1 and "71.23" in _readme(local_hub)
    mine, bobs = local_hub.pull_requests(REPO)
    assert (mine.status, bobs.status) == ("closed", "open")
    assert "already holds the card the records give now" in str(mine.events[-1])
    local_hub.reset_counters()
    assert _publish(local_hub, records).status == "unchanged" and not local_hub.count(path_contains="/discussions")


def test_a_pr_mode_run_closes_our_older_duplicate_pull_requests(local_hub, tmp_path):
    """Before session 41 every PR-mode run opened a pull request of its own: a card could have several of ours open,
    titled as the generator titles its commits, each with another score. A run now pushes to the newest and closes
    the older ones as superseded by it, saying so (the dry run too); they stayed open."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    assert _publish(local_hub, records).status == "committed"
    api = HfApi(endpoint=local_hub.endpoint, token=local_hub.token)
    title = f"Update model card (modelcard-generator {__version__})"
    for score in ("64.5", "66.0"):  # as such runs opened them, through the Hub's API
        readme = _readme(local_hub).replace("---\n", f"---\nold_run: '{score}'\n", 1)
        api.create_commit(REPO, operations=[CommitOperationAdd("README.md", readme.encode())], commit_message=title,
                          create_pr=True)
    _score(records, 71.23)
    dry = _publish_as(local_hub, local_hub.token, records, dry_run=True)
    said = "the open pull request #1, which an earlier run opened: #2 holds this card's change"
    assert dry.message.endswith("; the open pull request #2 would be pushed to (an earlier run opened it); "
                                "would close " + said), dry.message
    run = _publish_as(local_hub, local_hub.token, records)
    assert run.status == "pr" and run.pr_url.endswith("/discussions/2") and run.message.endswith("; closed " + said)
    older, newer = local_hub.pull_requests(REPO)
    assert (older.status, newer.status) == ("closed", "open") and "71.23" in local_hub.read_file(
        REPO, "README.md", "refs/pr/2").decode()
    assert "the pull request #2 holds this card's change now" in str(older.events[-1])
    again = _publish_as(local_hub, local_hub.token, records)
    assert again.message == "the open pull request #2 already holds this change", again.message


def test_hash_lines_of_a_quoted_value_over_several_lines_are_no_comments(local_hub, tmp_path):
    """TheBloke's `prompt_template` is a quoted value over several lines with `### Instruction:` lines in it: the
    report of an adoption and of a new score said it dropped them as comments of the person's metadata (each such
    line reads as a comment alone). They are the value's text: the comments are the ones YAML reads."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "thebloke_2023_prompt_template_quoted_over_lines.md")
    assert "\n  ### Instruction:\n" in original and frontmatter_comments(original) == []
    adopted = _publish(local_hub, records)
    assert adopted.status == "committed" and "comment" not in adopted.message, adopted.message
    text = _readme(local_hub)
    assert frontmatter_comments(text) == []
    assert split_card(text, "README.md")[0]["prompt_template"] == split_card(original, "o")[0]["prompt_template"]


def test_a_tag_a_person_adds_to_our_tags_on_the_hub_stays_without_a_conflict(local_hub, tmp_path):
    """The XLS-R event's cards (2022) got `hf-asr-leaderboard` added to their tags on the Hub after the Trainer wrote
    them (98 of 129 real edits of Trainer cards, publish50's driver): over our card, a conflict (exit 4) on the next
    publish. The person's tag now stays where they put it, with a new score and with tags the records change; the
    third publish makes no commit; a tag they remove, or a value they change, is still a conflict."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_tag_added_on_the_hub.md")
    _add_score(records)  # a name and a result in model-index, which the Hub requires of one
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    after = (SHAPES / "xlsr_event_2022_tag_added_on_the_hub.after.md").read_text(encoding="utf-8")
    theirs = after[after.index("tags:\n"):after.index("datasets:\n")]  # added, the list sorted (the Hub's script)
    ours = text[text.index("tags:\n"):text.index("datasets:\n")]
    assert "hf-asr-leaderboard" in theirs and "hf-asr-leaderboard" not in ours and theirs != ours
    edited = text.replace(ours, theirs, 1)
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    commits = local_hub.commit_count(REPO)
    assert _publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits

    _score(records, 71.5)
    dry = _publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and "conflicts" not in dry.message, dry.message
    assert _publish(local_hub, records).status == "committed"
    new = _readme(local_hub)
    assert _unified(edited, new) in dry.diff and "71.5" in new
    assert theirs in new
    assert _publish(local_hub, records).status == "unchanged"

    data = yaml.safe_load(records.read_text())  # the records add a tag: theirs is kept after ours
    data["model"]["tags"] = [*data["model"]["tags"], "speech"]
    records.write_text(dump(data))
    assert _publish(local_hub, records).status == "committed"
    tags = split_card(_readme(local_hub), "README.md")[0]["tags"]
    assert tags[-2:] == ["speech", "hf-asr-leaderboard"] and _publish(local_hub, records).status == "unchanged"

    removed = _readme(local_hub).replace("- common_voice\n", "", 1)  # a tag of ours removed: a conflict
    local_hub.commit_files(REPO, {"README.md": removed}, author="bob", message="Hand edit")
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "tags" in conflict.message and _readme(local_hub) == removed


def test_metadata_the_hub_refuses_is_said_with_the_hubs_reasons(local_hub, tmp_path):
    """Metadata the Hub refuses where the offline check passed it (a rule of the Hub's newer than ours): the publish
    said 'publishing failed: ValueError: Invalid metadata in README.md.' and 'report it'; it now gives the Hub's
    reason and a fix. (publish50 met it adopting a 2022 Trainer card whose model-index name is '', which the check
    now refuses itself: see the next test.)"""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_tag_added_on_the_hub.md")
    local_hub.yaml_rules.append(lambda meta, repo_type: ['"language[0]" "tr" is not allowed here']
                                if meta.get("language") == ["tr"] else [])
    result = _publish(local_hub, records)
    assert result.status == "failed" and '"language[0]" "tr" is not allowed here' in result.message, result.message
    assert "report it" not in result.message and result.problems[0].code == "hub-refused"


def test_a_model_index_of_an_empty_name_is_not_kept_by_the_adoption(local_hub, tmp_path):
    """A Trainer card of 2022 with `model-index: [{name: '', results: []}]` (7 of publish50's 1,169 real cards):
    the Hub refuses a push of it ("model-index[0].name" is not allowed to be empty, quoted in transformers PR
    #20496), and the adoption kept the person's model-index as a key the import left out, so the publish failed. The
    adoption leaves it out and says so, as any key the Hub refuses; the person's other keys stay."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_tag_added_on_the_hub.md")
    result = _publish(local_hub, records)
    assert result.status == "committed", result.message
    assert "model-index" in result.message, result.message
    meta = split_card(_readme(local_hub), "README.md")[0]
    assert "model-index" not in meta
    assert meta["tags"] == split_card(original, "README.md")[0]["tags"] and meta["datasets"] == ["common_voice"]


def test_an_edit_inside_a_block_imported_into_the_records_is_no_longer_a_conflict(local_hub, tmp_path):
    """A person fills the Trainer's 'More information needed' on the Hub, inside a block of ours: a conflict, whose
    fix is to move the edit into the records. Importing the Hub's README again did so, and the next publish was the
    same conflict (the block still did not match the digest it was written with), as was every one of publish50's
    driver's 149 real edits so followed: only --force went on. A block, or metadata, edited on the Hub that the records
    now give as the Hub holds it is no conflict; the new score lands and the person's text stays."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_tag_added_on_the_hub.md")
    data = yaml.safe_load(records.read_text())  # a score of no `.eval_results` file (one the import does not carry)
    plain = {**SCORE, "dataset": {"id": "acme/new-bench", "split": "test"}}
    records.write_text(dump({**data, "evaluations": [plain]}))
    assert _publish(local_hub, records).status == "committed"
    text = _readme(local_hub)
    filled = "Common Voice 8.0 Turkish: train and validation for training, test for evaluation."
    edited = text.replace("## Training and evaluation data\n\nMore information needed\n",
                          f"## Training and evaluation data\n\n{filled}\n", 1)
    assert edited != text
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Update README.md")
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "'uses'" in conflict.message

    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    sealed = _publish(local_hub, records)  # the block sealed anew over the person's text
    assert sealed.status == "committed" and filled in _readme(local_hub), sealed.message
    assert _publish(local_hub, records).status == "unchanged"
    data = yaml.safe_load(records.read_text())
    records.write_text(dump({**data, "evaluations": [{**plain, "metrics": [{"type": "accuracy", "value": 72.5}]}]}))
    assert _publish(local_hub, records).status == "committed"
    after = _readme(local_hub)
    assert filled in after and "72.5" in after and "71.23" not in after
    assert _publish(local_hub, records).status == "unchanged"


@pytest.mark.parametrize("cell, typed", [("| 0.7473   |", "| 0.74731   |"), ("| 0.7768   |", "| 0.777   |")])
def test_a_trainer_table_cell_edited_without_aligning_its_column_imported_again_is_no_conflict(local_hub, tmp_path,
                                                                                            cell, typed):
    """A person corrects a number of the Trainer's results table on the Hub, inside our training block, as one does
    in the Hub's editor: the cell made longer or shorter, its column not aligned again. The documented fix, importing
    the Hub's README again, gave records holding their number, whose table the renderer pads to the widest cell: the
    block differed from the Hub's in the padding of its rows and stayed a conflict on every re-import (publish54's
    driver: 19 of 71 real cards so edited, philschmid/flan-t5-base-samsum's and nateraw/food's among them). The
    table stays as they typed it, no conflict, and the next publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.9_results_table.md")
    assert _publish(local_hub, records).status == "committed"
    ours = _readme(local_hub)
    assert ours.count(cell) == 1
    edited = ours.replace(cell, typed)
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "'training' section" in conflict.message, conflict.message

    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    result = _publish(local_hub, records)
    assert result.status in ("committed", "unchanged"), result.message
    final = _readme(local_hub)
    table = edited[edited.index("| Training Loss"):edited.index("### Framework versions")]
    assert table in final and final.count(typed) == 1
    assert _publish(local_hub, records).status == "unchanged"


def _imported_again(local_hub, tmp_path: Path, records: Path, edited: str):
    """A person's edit of our card on the Hub (``edited``, committed as the Hub's editor does), then the documented fix
    of a conflict: the Hub's README imported again into ``records``, a score added, published (committed)."""
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    (tmp_path / "README.md").write_text(edited, encoding="utf-8")
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    _add_score(records)
    result = _publish(local_hub, records)
    assert result.status == "committed", result.message
    return result


def _hub_edit(local_hub, text: str, key: str, value, before_the_check: bool = False) -> str:
    """A person's edit of ``key`` on the Hub, as huggingface_hub's metadata_update writes it (the frontmatter dumped
    again by PyYAML, keys in order): the README committed (``before_the_check``: as the Hub took it before it checked
    the value, which it refuses now)."""
    close = text.index("\n---\n", 3)
    meta = yaml.safe_load(text[4:close])
    meta[key] = value
    edited = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + text[close + 1:]
    if before_the_check:
        local_hub.commit_files(REPO, {"README.md": edited}, message="Update README.md")
    else:
        HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
            path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    return edited


def test_a_result_a_person_adds_on_the_hub_imported_again_is_no_conflict(local_hub, tmp_path):
    """AlexN/xls-r-300m-fr's author added a result to model-index on the Hub (the Test Data WER, 2022 -> 2023): over
    our card a conflict, whose fix is to import the Hub's README again. The records then held the person's result and
    a new score of the pipeline's, so model-index differed from the Hub's and the digest could not say who changed
    what: a conflict again, 61-69 of publish50's driver's pairs, only --force went on. The import of a card of ours
    records its blob (card_source.read): while the Hub holds that very README the records hold its metadata, and
    publish writes theirs over it. Edited on the Hub once more, it is a conflict again."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_result_added_on_the_hub.md")
    _add_score(records)
    assert _publish(local_hub, records).status == "committed"
    after = (SHAPES / "xlsr_event_2022_result_added_on_the_hub.after.md").read_text(encoding="utf-8")
    added = split_card(after, "README.md")[0]["model-index"][0]["results"][2]
    assert added["dataset"]["name"] == "Robust Speech Event - Test Data"
    index = split_card(_readme(local_hub), "README.md")[0]["model-index"]
    edited = _hub_edit(local_hub, _readme(local_hub), "model-index",
                       [{**index[0], "results": [*index[0]["results"], added]}])
    _score(records, 72.5)
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "(model-index)" in conflict.message, conflict.message

    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    data = ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data
    assert data["model"]["card_source"]["read"] == git_blob_sha(edited.encode())
    records.write_text(dump(data))
    _score(records, 73.5)  # and the pipeline's new score
    done = _publish(local_hub, records)
    assert done.status == "committed", done.message
    results = split_card(_readme(local_hub), "README.md")[0]["model-index"][0]["results"]
    assert added in results and 73.5 in [m["value"] for r in results for m in r["metrics"]]
    # their result as they spelt it (`name` first), not in the generator's order of keys: a diff of their layout
    theirs = "    - name: Test WER\n      type: wer\n      value: 38.86\n"
    assert theirs in edited and theirs in _readme(local_hub)
    assert _publish(local_hub, records).status == "unchanged"

    tags = split_card(_readme(local_hub), "README.md")[0]["tags"]  # edited after the import: a conflict again,
    _hub_edit(local_hub, _readme(local_hub), "tags", [t for t in tags if t != "robust-speech-event"])
    _score(records, 74.5)  # which names the key the person edited, not model-index, which the records changed
    again = _publish(local_hub, records)
    assert again.status == "conflict" and "(tags)" in again.message, again.message


def test_a_list_of_ours_a_person_writes_as_its_one_string_stays_as_they_wrote_it(local_hub, tmp_path):
    """papluca/xlm-roberta-base-language-detection's person typed `datasets: papluca/language-identification` (2024),
    a string, which the Hub reads as that one dataset. Over our `datasets:` list (written by hand, the shape of
    theirs) it was an edit of our metadata: a conflict on the next score; and re-imported, the records' one-item
    list was written back over their line (publish50's driver's one false loss). A string of a list key of ours is
    that list: no conflict, and their line stays while the records give that one item."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_result_added_on_the_hub.md")
    _add_score(records)
    assert _publish(local_hub, records).status == "committed"
    listed = "datasets:\n- mozilla-foundation/common_voice_8_0\n"
    typed = "datasets: mozilla-foundation/common_voice_8_0\n"
    assert listed in _readme(local_hub)
    edited = _readme(local_hub).replace(listed, typed, 1)
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    assert _publish(local_hub, records).status == "unchanged"
    _score(records, 72.5)
    done = _publish(local_hub, records)
    assert done.status == "committed", done.message
    assert typed in _readme(local_hub) and "72.5" in _readme(local_hub)
    assert _publish(local_hub, records).status == "unchanged"
    (tmp_path / "README.md").write_text(_readme(local_hub), encoding="utf-8")  # imported again, with its file
    (tmp_path / ".eval_results").mkdir()
    (tmp_path / ".eval_results" / "new_bench.yaml").write_bytes(local_hub.read_file(REPO, ".eval_results/new_bench.yaml"))
    data = ingest(sources=[tmp_path / "README.md", tmp_path / ".eval_results"], repo_id=REPO).data
    assert data["model"]["datasets"] == ["mozilla-foundation/common_voice_8_0"]
    records.write_text(dump(data))
    assert _publish(local_hub, records).status == "unchanged"


def test_a_score_huggingface_hub_spelt_anew_stays_as_the_hub_has_it(local_hub, tmp_path):
    """huggingface_hub's metadata_update writes the whole frontmatter again, Plim/test_lm's `value: 5.60` as 5.6; a
    later score of the records' rewrote model-index and put 5.60 back, a line of the diff that changed nothing
    (harveenchadha/hindi_model_with_lm_vakyansh's 17.40 in publish50's pairs)."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "trainer_4.17_xlsr_key_after_model_index.md")
    _add_score(records)
    assert _publish(local_hub, records).status == "committed" and "value: 5.60\n" in _readme(local_hub)
    meta = split_card(_readme(local_hub), "README.md")[0]
    edited = _hub_edit(local_hub, _readme(local_hub), "tags", [*meta["tags"], "hf-asr-leaderboard"])
    assert "value: 5.6\n" in edited
    _score(records, 72.5)
    done = _publish(local_hub, records)
    assert done.status == "committed" and "72.5" in _readme(local_hub), done.message
    assert "value: 5.6\n" in _readme(local_hub) and "value: 5.60" not in _readme(local_hub)
    assert _publish(local_hub, records).status == "unchanged"


def test_a_card_imported_again_without_an_item_it_held_stays_a_conflict(local_hub, tmp_path):
    """The lift of a metadata conflict after a re-import holds only while the records hold every item of the Hub's
    metadata: the import leaves out, with a warning, a language code the Hub's rules refuse (google/canine-c's
    `- ud` among its languages, 2024; written by hand here, the shape of theirs), which publishing the records
    would have dropped (32 cards of publish50's driver over its other 920 pairs lost a person's item so): a conflict
    still, the Hub's README left as it is. (The Hub refuses `ud` now: the edits are committed as it took them then.)"""
    _, records = _person_card_on_hub(local_hub, tmp_path, "xlsr_event_2022_result_added_on_the_hub.md")
    _add_score(records)
    assert _publish(local_hub, records).status == "committed"
    edited = _hub_edit(local_hub, _readme(local_hub), "language", ["fr", "ud"], before_the_check=True)
    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    data = ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data
    assert data["model"]["language"] == ["fr"] and data["model"]["card_source"]["read"] == git_blob_sha(edited.encode())
    records.write_text(dump(data))
    _score(records, 73.5)
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "(language)" in conflict.message, conflict.message
    assert _readme(local_hub) == edited
    # nor a key the import leaves out whole: nb-bert-base-ner's `language: no` (Norwegian, to the Hub's YAML 1.2),
    # which PyYAML reads as false
    edited = _hub_edit(local_hub, edited, "language", False, before_the_check=True)
    (tmp_path / "README.md").write_text(edited, encoding="utf-8")
    data = ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data
    assert "language" not in data["model"]
    records.write_text(dump(data))
    _score(records, 74.5)
    assert _publish(local_hub, records).status == "conflict" and _readme(local_hub) == edited


def test_a_persons_own_key_the_hub_refuses_now_is_said_before_the_push(local_hub, tmp_path):
    """pdelobelle/robbert-v2-dutch-ner's `datasets` (2024) names `oscar (NL)`, prose the Hub refuses now. Added as the
    person's own key to our card while the Hub took it, it is kept by the merge, and the next publish was refused by
    the Hub at the push (`hub-refused`, after reading the repo and sending the README). The plan says it first: the
    key, the value, the rule and the fix, in the dry run too; nothing is sent, forced or not. Fixed on the Hub, the
    card publishes with the person's key kept."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "frontmatter_only_language_license.md")
    _add_score(records)
    assert _publish(local_hub, records).status == "committed"
    theirs = split_card((SHAPES / "robbert_2024_prose_dataset_in_own_key.md").read_text(encoding="utf-8"),
                        "README.md")[0]["datasets"]
    assert "datasets" not in split_card(_readme(local_hub), "README.md")[0]
    edited = _hub_edit(local_hub, _readme(local_hub), "datasets", theirs, before_the_check=True)
    tip = local_hub.tip(REPO)
    _score(records, 81.5)

    dry = _publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and "the Hub would refuse the push" in dry.message, dry.message
    assert "datasets[1]" in dry.message and "'oscar (NL)'" in dry.message and "dataset's id" in dry.message
    local_hub.reset_counters()
    for force in (False, True):
        result = _publish(local_hub, records, force=force)
        assert result.status == "conflict" and exit_code([result]) == 4, result.message
        [problem] = result.problems
        assert (problem.code, problem.path) == ("hub-refused", "datasets[1]"), problem
        assert "oscar (NL)" in problem.message and "on the Hub" in problem.fix
    assert local_hub.counts()["validate-yaml"] == 0 and local_hub.tip(REPO) == tip and _readme(local_hub) == edited

    fixed = _hub_edit(local_hub, edited, "datasets", [d for d in theirs if d != "oscar (NL)"])  # the fix, on the Hub
    assert _publish(local_hub, records).status == "committed"
    assert split_card(_readme(local_hub), "README.md")[0]["datasets"] == ["oscar", "dbrd", "lassy-ud",
                                                                          "europarl-mono", "conll2002"]
    assert "81.5" in _readme(local_hub) and _readme(local_hub) != fixed


@pytest.mark.parametrize("shape, start, end, kept", [
    ("pythia_2023_lines_ending_in_a_space", "The *Pythia", "checkpoints per model", " \n"),
    ("speechbrain_2021_iframe_in_our_header", "# ", " Recognition with ECAPA", "<iframe src="),
])
def test_a_persons_text_imported_again_is_no_conflict_and_stays_as_typed(local_hub, tmp_path, shape, start, end,
                                                                          kept):
    """EleutherAI's Pythia cards (2023) end their lines with a space; their author's edit on the Hub (a link added to
    the first paragraph) landed inside our header block. The documented fix, importing the Hub's README again, gave
    records whose text is theirs without the spaces, so the block stayed a conflict (99 of 152 blocks still in
    conflict after a re-import, publish52's driver over 920 real pairs, differ in nothing else). So did SpeechBrain's
    (2021) title edited in a block holding their `<iframe>`, which the import holds as text (`&lt;iframe`) and
    publishing writes as they typed it. The block is no conflict and stays as the person typed it (``kept``); the
    next publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, f"{shape}.md")
    assert _publish(local_hub, records).status == "committed"
    ours = _readme(local_hub)
    after = (SHAPES / f"{shape}.after.md").read_text(encoding="utf-8")
    first, then = (text[text.index(start):text.index(end)] for text in (ours, after))
    assert first != then and kept in after
    edited = ours.replace(first, then, 1)
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    _add_score(records)
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "'header' section" in conflict.message, conflict.message

    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    data = ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data
    records.write_text(dump(data))
    _add_score(records)
    result = _publish(local_hub, records)
    assert result.status == "committed", result.message
    assert then in _readme(local_hub) and "New Bench" in _readme(local_hub)
    assert _readme(local_hub).count(kept) == edited.count(kept) > 0
    assert _publish(local_hub, records).status == "unchanged"


@pytest.mark.parametrize("gap", ["\n", ""])
def test_a_title_a_person_adds_in_our_header_keeps_the_next_blocks_text_in_them(local_hub, tmp_path, gap):
    """NYTK's card (2021) with its author's corrected title ("model" -> "Model") added under ours in our header
    block, as a person's edit on the Hub: the documented fix, importing the Hub's README again, read the second `#`
    title as a section holding every section after it, our "Model details" and uses blocks' text too, which the
    records then wrote in the header block: the header, details and uses blocks stayed in conflict (publish52's
    driver: the cause of 26 of the blocks in conflict after a re-import). Each block's text comes back in its block:
    no conflict, the person's text as typed, and the next publish makes no commit. So with the title typed right
    under ours (``gap`` ""): the records write a blank line between two headings, which the block on the Hub lacks
    (the blank lines the records give differ from a person's in 21 of the blocks in conflict)."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "nytk_2021_second_title_in_our_header.md")
    assert _publish(local_hub, records).status == "committed"
    ours = _readme(local_hub)
    title = "# Hungarian Sentence-level Sentiment Analysis model with XLM-RoBERTa\n"
    edited = ours.replace(title, title + gap + "# Hungarian Sentence-level Sentiment Analysis Model with XLM-RoBERTa\n", 1)
    assert edited != ours and "## Limitations" in edited
    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    assert "New Bench" in final
    body = {p.name: p.content for p in split_body(split_card(final, "README.md")[1]) if p.kind == "block"}
    hub = {p.name: p.content for p in split_body(split_card(edited, "README.md")[1]) if p.kind == "block"}
    assert "Model with XLM-RoBERTa" in body["header"] and "## Limitations" in body["uses"]
    assert {name: body[name] for name in hub if name != "evaluation"} == \
        {name: text for name, text in hub.items() if name != "evaluation"}
    assert _publish(local_hub, records).status == "unchanged"


NOTE = ("**Note**: there is a better V2 version of this model which has been fine-tuned longer with 16 hours of more "
        "data: [Finnish-NLP/wav2vec2-xlsr-1b-finnish-lm-v2](https://huggingface.co/Finnish-NLP/wav2vec2-xlsr-1b-"
        "finnish-lm-v2)\n")


@pytest.mark.parametrize("typed", [NOTE, "\n## Newer version\n\n" + NOTE])
def test_a_persons_text_between_our_blocks_imported_again_is_written_once_where_they_put_it(local_hub, tmp_path,
                                                                                              typed):
    """aapot's note on the newer model (2022), typed by its author on the Hub between our header and "Model details"
    blocks, with or without a heading of its own: the documented fix of a conflict, importing the Hub's README
    again, gave records holding the note, which the renderer writes in a block; the merge kept it where the person
    typed it too: the note twice on the Hub (and, with its heading, moved into the uses block). It is written once,
    where they typed it (at the end of the header block, just before "Model details"), and the next publish makes
    no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "nytk_2021_second_title_in_our_header.md")
    assert _publish(local_hub, records).status == "committed"
    end = "<!-- modelcard-generator:end header -->\n"
    edited = _readme(local_hub).replace(end, end + typed, 1)
    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    assert "New Bench" in final and final.count("there is a better V2 version") == 1
    assert final.index("Labels: 1, 2") < final.index(typed.strip()) < final.index("## Model details")
    assert _publish(local_hub, records).status == "unchanged"


@pytest.mark.parametrize("typed", [NOTE, "\n## Newer version\n\n" + NOTE])
def test_a_persons_text_after_a_block_they_also_edited_imported_again_is_no_conflict(local_hub, tmp_path, typed):
    """The same note typed below our header block, whose text the person also edited on the Hub (their corrected
    labels line, NYTK's "Labels: 1, 2" -> "Labels: 1 (negative), 2 (positive)"): a conflict, whose documented fix is
    to import the Hub's README again. The records then held the edited block with the note at its end, where the
    import reads a person's text after a block; as the block on the Hub lacks the note, the block stayed a conflict
    on every re-import (publish54's driver: 289 of 425 real cards, a paragraph typed below the header and a line of
    the header edited). The block and the note stay as the person typed them, no conflict, written once; the next
    publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "nytk_2021_second_title_in_our_header.md")
    assert _publish(local_hub, records).status == "committed"
    end = "<!-- modelcard-generator:end header -->\n"
    edited = _readme(local_hub).replace(end, end + typed, 1).replace("Labels: 1, 2", "Labels: 1 (negative), 2 "
                                                                                     "(positive)", 1)
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "'header' section" in conflict.message, conflict.message

    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    assert "New Bench" in final and final.count("there is a better V2 version") == 1
    assert final.count("Labels: 1 (negative), 2 (positive)") == 1
    marker = re.compile(r"<!-- modelcard-generator:begin header sha256=\w+ -->")
    final_head, edited_head = (text[marker.search(text).end():text.index("## Model details")] for text in (final, edited))
    assert final_head == edited_head  # as they typed it
    assert _publish(local_hub, records).status == "unchanged"


ETHICS = ("# Ethical Considerations and Limitations\nbert-base-uncased-mrpc can produce factually incorrect output, "
          "and should not be relied on to produce factually accurate information.\n")


def test_a_persons_text_below_the_marker_imported_again_is_written_once(local_hub, tmp_path):
    """Intel's "Ethical Considerations" section (bert-base-uncased-mrpc, 2023), appended by a person below our
    metadata marker, where the Hub's editor leaves them: imported again (the documented fix of a conflict), the
    records write it at the end of the last block, and the merge kept it below the marker too: the section twice on
    the Hub (Intel's 49 lines twice in publish52's driver). It is written once; the next publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "nytk_2021_second_title_in_our_header.md")
    assert _publish(local_hub, records).status == "committed"
    edited = _readme(local_hub) + "\n" + ETHICS
    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    assert "New Bench" in final and final.count("should not be relied on") == 1
    assert final.index("## Citation") < final.index("should not be relied on")
    assert _publish(local_hub, records).status == "unchanged"


def test_a_persons_line_opening_our_block_imported_again_is_no_conflict(local_hub, tmp_path):
    """NYTK's corrected labels line (2021, "Labels: 0 (negative), 1 (positive)"), typed by a person at the top of
    our uses block, above its first heading: the import reads a block's text before its first heading as the end of
    the section before it, which the records write in the block before ("Model details"). The two blocks, joined,
    are what the Hub holds, but each differed: both stayed in conflict after every re-import. They stay as the
    person typed them, no conflict, and the next publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "nytk_2021_second_title_in_our_header.md")
    assert _publish(local_hub, records).status == "committed"
    ours = _readme(local_hub)
    begin = re.search(r"<!-- modelcard-generator:begin uses sha256=\w+ -->\n", ours).group(0)
    edited = ours.replace(begin, begin + "  - Labels: 0 (negative), 1 (positive)\n\n", 1)
    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    blocks = {p.name: p.content for p in split_body(split_card(final, "README.md")[1]) if p.kind == "block"}
    assert blocks["uses"].startswith("  - Labels: 0 (negative), 1 (positive)\n\n## Limitations")
    assert "New Bench" in final and final.count("Labels: 0 (negative)") == 1
    assert _publish(local_hub, records).status == "unchanged"


def test_a_trainer_card_pasted_below_the_marker_imported_again_is_written_once(local_hub, tmp_path):
    """Zirk/wav2vec2-base-timit-demo-colab's Trainer card (transformers 4.11), pasted by a person below our metadata
    marker: imported again, the records write its title in the header block and its sections in the last block, and
    the merge kept the whole paste below the marker too (its 20 lines twice, publish52's driver). Each of its
    sections is in a block of the records, so it is written once; the next publish makes no commit."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "frontmatter_only_language_license.md")
    assert _publish(local_hub, records).status == "committed"
    pasted = (SHAPES / "trainer_4.11_card_pasted_below_our_marker.md").read_text(encoding="utf-8")
    edited = _readme(local_hub) + "\n" + pasted
    _imported_again(local_hub, tmp_path, records, edited)
    final = _readme(local_hub)
    assert "New Bench" in final and final.count("# wav2vec2-base-timit-demo-colab\n") == 1
    assert final.count("## Training and evaluation data") == 1 and final.count("- Transformers 4.11.3") == 1
    assert _publish(local_hub, records).status == "unchanged"


def test_a_results_table_number_edited_on_the_hub_is_taken_by_the_import_and_the_model_index_follows(local_hub,
                                                                                                   tmp_path):
    """A person corrects numbers of our results table on the Hub, not the model-index it was rendered from
    (publish54's driver, over deepset/tinyroberta-squad2's and intfloat/e5-*'s cards). The import of the Hub's README,
    the documented fix of the conflict, kept the model-index's numbers: the block stayed a conflict on every
    re-import. The visible table is the more recent intent: the records take its numbers (as written: 80.600 keeps
    its zeros), naming each with the number it replaces, the model-index follows, a verified score's verifyToken (a
    signature of the old number) goes, and the card is valid, published once, then unchanged."""
    _, records = _person_card_on_hub(local_hub, tmp_path, "deepset_2022_verified_scores.md")
    assert _publish(local_hub, records).status == "committed"
    ours = _readme(local_hub)
    # (74.8800: the number 74.8815 rounds to at two decimals, but not at the four the person wrote)
    # (87.20415: more decimals than the table shows by default, the column not aligned again)
    edited = ours.replace("| 71.4032 |", "| 71.5 |").replace("|  80.510 |", "|  80.600 |").replace(
        "| 74.8815 |", "| 74.8800 |").replace("|  87.204 |", "| 87.20415 |")
    assert edited.count("| 71.5 |") == 1 and edited.count("80.600") == 1 and edited.count("74.8800") == 1
    assert edited.count("| 87.20415 |") == 1
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).upload_file(
        path_or_fileobj=edited.encode(), path_in_repo="README.md", repo_id=REPO, commit_message="Update README.md")
    conflict = _publish(local_hub, records)
    assert conflict.status == "conflict" and "'evaluation' section" in conflict.message, conflict.message

    (tmp_path / "README.md").write_text(edited, encoding="utf-8")  # the fix: the Hub's README imported again
    got = ingest(sources=[tmp_path / "README.md"], repo_id=REPO)
    named = sorted(w.message for w in got.warnings if w.code == "scores-disagree")
    assert len(named) == 4 and "shows 71.5 for squad_v2 (Exact Match), where the model-index gave 71.4032" in named[0]
    assert "without the Hub's verifyToken" in named[0] and "shows 74.8800 for squad_v2 (F1)" in named[1]
    assert "shows 80.600 for squad (Exact Match)" in named[2] and "shows 87.20415 for squad (F1)" in named[3]
    records.write_text(dump(got.data))
    result = _publish(local_hub, records)
    assert result.status == "committed", result.message
    final = _readme(local_hub)
    meta = yaml.safe_load(final[4:final.index("\n---\n", 3)])
    squad_v2, squad = (r["metrics"][0] for r in meta["model-index"][0]["results"])
    assert squad_v2["value"] == 71.5 and "verifyToken" not in squad_v2 and "verified" not in squad_v2
    assert re.search(r"^      value: 80\.600$", final, re.M) and squad["value"] == 80.6
    assert re.search(r"^      value: 74\.8800$", final, re.M) and re.search(r"^      value: 87\.20415$", final, re.M)
    table = edited[edited.index("| Benchmark"):edited.index("<!-- modelcard-generator:end evaluation")]
    assert table in final and final.count("| 71.5 |") == 1
    card = tmp_path / "final" / "README.md"
    card.parent.mkdir()
    card.write_text(final, encoding="utf-8")
    assert validate_card(card).ok
    assert _publish(local_hub, records).status == "unchanged"


def test_adopting_a_readme_whose_pipeline_tag_the_hub_removed_says_the_value_changes(local_hub, tmp_path):
    """MBZUAI/LaMini-Flan-T5-248M's `pipeline_tag: text2text-generation` (alpindale/goliath-120b's `conversational`),
    which the Hub removed: the import reads it as text-generation with a `removed-pipeline-tag` warning, but the
    adoption's report and its dry run, which name the keys the card drops, said nothing of the value it changes, and a
    publish from records imported earlier changed it silently."""
    original, records = _person_card_on_hub(local_hub, tmp_path, "lamini_2023_removed_pipeline_tag.md")
    assert [w.code for w in ingest(sources=[tmp_path / "README.md"], repo_id=REPO).warnings].count(
        "removed-pipeline-tag") == 1
    said = "it changes the README's pipeline_tag: text2text-generation -> text-generation"
    dry = _publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and said in dry.message, dry.message
    done = _publish(local_hub, records)
    assert done.status == "committed" and "adopted README.md" in done.message and said in done.message, done.message
    assert "pipeline_tag: text-generation\n" in _readme(local_hub)


def test_adopting_a_readme_with_a_withdrawn_language_code_says_the_item_changes(local_hub, tmp_path):
    """openai/whisper-*'s `language` list holds `jw`, a code ISO withdrew, which the import reads as `jv` with a
    warning: the adoption's report named nothing of it. It names the item; a list the card only adds to (a tag) or
    orders otherwise is no change of the README's values."""
    shape = (SHAPES / "lamini_2023_removed_pipeline_tag.md").read_text(encoding="utf-8")
    text = shape.replace("language:\n- en\n", "language:\n- en\n- jw\n- nl\n").replace(
        "pipeline_tag: text2text-generation\n", "pipeline_tag: text-generation\n")
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Their card")
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    records = tmp_path / "records.yaml"
    records.write_text(dump(ingest(sources=[tmp_path / "README.md"], repo_id=REPO).data))
    done = _publish(local_hub, records)
    assert done.status == "committed", done.message
    assert "it changes the README's language[1]: jw -> jv, as the import read it" in done.message, done.message
    assert "pipeline_tag" not in done.message and "tags" not in done.message
    assert "- jv\n- nl\n" in _readme(local_hub)
