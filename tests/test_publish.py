"""Publishing against the local Hub (tests/hubserver) with the real huggingface_hub client."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, MINIMAL
from huggingface_hub import HfApi

from generator import __version__
from generator.card.managed import strip_markers
from generator.io.yamlio import dump
from generator.markdown.frontmatter import split_card
from generator.publish.publish import publish_card, publish_cards
from generator.publish.session import RetryPolicy
from generator.render.card import render_card
from generator.sources.pipeline import ingest
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

REPO = "alice/tiny-dpo"
RECORDS = MINIMAL.replace("dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test}",
                          "dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test, task_id: arc_challenge}")


@pytest.fixture
def fast():
    """A retry policy that records its sleeps instead of sleeping."""
    sleeps: list[float] = []
    return sleeps, RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=sleeps.append)


@pytest.fixture
def records(write):
    return write("records/records.yaml", RECORDS)


def publish(hub, source, repo=REPO, **kw):
    kw.setdefault("policy", RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None))
    return publish_card(source, repo, endpoint=hub.endpoint, token=hub.token, **kw)


def readme(hub, repo=REPO, revision="main") -> str:
    return hub.read_file(repo, "README.md", revision=revision).decode()


def test_first_publish_creates_repo_and_one_commit(local_hub, records):
    result = publish(local_hub, records)
    assert result.status == "committed", result.message
    assert local_hub.commit_count(REPO) == 1
    files = local_hub.files(REPO)
    assert set(files) - {".gitattributes"} == {"README.md", ".eval_results/arc_challenge.yaml"}
    entries = yaml.safe_load(files[".eval_results/arc_challenge.yaml"])
    assert entries == [{"dataset": {"id": "allenai/ai2_arc", "task_id": "arc_challenge"}, "value": 58.45}]
    commit = local_hub.commits(REPO)[0]
    assert f"modelcard-generator {__version__}" in commit.title and "Add model card" in commit.title
    assert result.commit_url and commit.oid in result.commit_url
    meta, _ = split_card(readme(local_hub), "README.md")
    assert meta["model-index"][0]["results"][0]["metrics"][0]["value"] == 58.45
    assert readme(local_hub) == render_card(records)  # byte for byte what `modelcard render` writes


def test_unchanged_card_makes_no_commit_in_one_request(local_hub, records):
    publish(local_hub, records)
    local_hub.reset_counters()
    result = publish(local_hub, records)
    assert result.status == "unchanged"
    assert local_hub.commit_count(REPO) == 0  # counted since reset_counters()
    assert len(local_hub.requests) <= 2, local_hub.requests


def test_changed_card_is_one_commit_within_five_requests(local_hub, records, write):
    """Five requests to commit, and once it landed, one to look for our open pull requests it makes stale (the open
    pull requests: the token's user is asked only when one is titled as ours)."""
    publish(local_hub, records)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    local_hub.reset_counters()
    result = publish(local_hub, records)
    assert result.status == "committed" and local_hub.commit_count(REPO) == 1  # since reset_counters()
    assert len(local_hub.requests) <= 6, local_hub.requests
    assert [path.split("?")[0] for _, path in local_hub.requests[-1:]] == [f"/api/models/{REPO}/discussions"]
    assert "| 59.01 |" in readme(local_hub).replace("  ", " ")
    assert "Update model card" in local_hub.commits(REPO)[0].title


def test_a_hub_that_does_not_list_pull_requests_does_not_fail_a_commit_that_landed(local_hub, records, write):
    """After a commit, our open pull requests are looked for (to close the stale ones); a repo whose discussions are
    turned off answers 403 there: the card is committed, and the report says what was not done."""
    publish(local_hub, records)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    local_hub.fail_next(status=403, kind="discussions", body={"error": "Discussions are disabled for this repo"})
    result = publish(local_hub, records)
    assert result.status == "committed" and "59.01" in readme(local_hub), result.message
    assert result.message == "our open pull requests were not looked for (the Hub answered HTTP 403)", result.message


def test_dry_run_shows_a_diff_and_publishes_nothing(local_hub, records, write):
    publish(local_hub, records)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records, dry_run=True)
    assert result.status == "dry-run"
    assert "-      value: 58.45" in result.diff and "+      value: 59.01" in result.diff
    assert "--- a/README.md" in result.diff
    assert local_hub.commit_count(REPO) == 1


def test_dry_run_shows_a_changed_eval_results_file_as_the_change_it_is(local_hub, records, write):
    """An `.eval_results` file the Hub has was shown as new (every line added, from nothing), not as the change the
    publish then made to it: the dry run's diff was not what was pushed."""
    publish(local_hub, records)
    path = ".eval_results/arc_challenge.yaml"
    before = local_hub.read_file(REPO, path).decode()
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    dry = publish(local_hub, records, dry_run=True)
    assert publish(local_hub, records).status == "committed"
    after = local_hub.read_file(REPO, path).decode()
    assert "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}",
                                        f"b/{path}")) in dry.diff
    removed = [line for line in dry.diff.split(f"+++ b/{path}\n")[1].splitlines() if line.startswith("-")]
    assert removed and all("58.45" in line or "value" not in line for line in removed), dry.diff


def test_dry_run_on_a_missing_repo_creates_nothing(local_hub, records):
    result = publish(local_hub, records, dry_run=True)
    assert result.status == "dry-run" and "would be created" in result.message
    assert local_hub.commit_count(REPO) == 0


def test_hand_edits_outside_generated_blocks_survive(local_hub, records, write):
    publish(local_hub, records)
    meta, body = split_card(readme(local_hub), "README.md")
    body = body.replace("<!-- modelcard-generator:end details -->",
                        "<!-- modelcard-generator:end details -->\n\n## Notes from the team\n\nHand-written.\n")
    meta["widget"] = [{"text": "Hello"}]
    edited = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="Hand edit")
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records)
    assert result.status == "committed", result.message
    text = readme(local_hub)
    assert "## Notes from the team\n\nHand-written." in text
    assert text.index("Hand-written.") > text.index("## Model details")
    meta, _ = split_card(text, "README.md")
    assert meta["widget"] == [{"text": "Hello"}] and list(meta)[-1] == "widget"  # where the person put it
    assert "59.01" in text
    commits = local_hub.commit_count(REPO)  # and not moved on the next publish either: no commit at all
    assert publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits


def test_a_persons_metadata_keys_survive_every_later_publish(local_hub, records, write):
    """The merged card's metadata marker names only the keys the generator wrote: it named the person's keys too,
    so the next publish took them for keys the generator used to write and dropped them (found publishing over
    Qwen/Qwen2.5-Coder-1.5B-Instruct's README and 312 other real cards, session 33's hubmerge corpus, not committed)."""
    publish(local_hub, records)
    text = readme(local_hub).replace("---\n", "---\nextra_gated_heading: Acknowledge the license\n", 1)
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Gate it")
    for value in ("59.01", "59.02", "59.03"):
        write("records/records.yaml", RECORDS.replace("58.45", value))
        assert publish(local_hub, records).status == "committed"
        meta, body = split_card(readme(local_hub), "README.md")
        assert meta["extra_gated_heading"] == "Acknowledge the license", value
        assert "extra_gated_heading" not in body.rsplit("keys=", 1)[1]  # still the person's, not ours
    assert publish(local_hub, records).status == "unchanged"


PERSONS_KEYS = """\
extra_gated_heading: Acknowledge the license  # typed by hand
extra_gated_fields:
  Company: text
  'I agree to use this model for non-commercial use ONLY': checkbox
widget:
- text: "Hello, my dog is cute"
  example_title: Dog   # a comment under a key is the key's too
"""


def test_a_persons_metadata_keys_come_back_as_they_wrote_them(local_hub, records, write):
    """A person's keys are written back as they typed them (comments, quoting, layout: their text, byte for byte),
    not re-serialised (the comment was dropped and the quoting changed in all 320 real cards published over)."""
    publish(local_hub, records)
    text = readme(local_hub).replace("---\n", "---\n" + PERSONS_KEYS, 1)
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Gate it")
    for value in ("59.01", "59.02"):
        write("records/records.yaml", RECORDS.replace("58.45", value))
        assert publish(local_hub, records).status == "committed"
        assert PERSONS_KEYS in readme(local_hub), value


def test_a_persons_keys_that_would_not_read_back_are_written_anew(local_hub, records, write):
    """Text that would not read back as the same metadata beside ours (an alias to an anchor of a key the
    generator rewrites, its value changed by the records) is written as the generator writes it: the value survives,
    the spelling does not. While the key keeps its value, the person's spelling of it stays, anchor and all."""
    publish(local_hub, records)
    text = readme(local_hub).replace("license: apache-2.0", "license: &lic apache-2.0\nlicense_note: *lic", 1)
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Alias")
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records, force=True)  # the anchor is an edit of a key we own
    assert result.status == "committed", result.message
    assert "license: &lic apache-2.0\nlicense_note: *lic\n" in readme(local_hub)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01").replace("license: apache-2.0", "license: mit"))
    result = publish(local_hub, records, force=True)
    assert result.status == "committed", result.message
    meta, _ = split_card(readme(local_hub), "README.md")
    assert meta["license"] == "mit" and meta["license_note"] == "apache-2.0" and "*lic" not in readme(local_hub)


def test_a_persons_comments_on_our_keys_stay_when_the_records_change_their_values(local_hub, records, write):
    """Comments a person types on keys of ours (above the block, after a value on its line, under a key, between
    model-index and its items) stay next to the new value when the records change it (they were dropped: the
    comment under tags on all 1,548 of 2,397 real cards adopted on the local Hub that had tags, the one under
    model-index on all of them, the one above the block on the 949 whose first key changed: publish40's driver, not
    committed)."""
    publish(local_hub, records)
    text = readme(local_hub)
    text = text.replace("---\n", "---\n# reviewed by Bob, 2026\n", 1).replace(
        "license: apache-2.0\n", "license: apache-2.0  # the code's\n# the weights' too\n\n").replace(
        "model-index:\n", "model-index:\n# scores checked by hand\n")
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Notes")
    commits = local_hub.commit_count(REPO)
    assert publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits
    write("records/records.yaml", RECORDS.replace("58.45", "59.01").replace("license: apache-2.0", "license: mit")
          .replace("language: [en]", "language: [en, fr]"))
    dry = publish(local_hub, records, dry_run=True)
    assert publish(local_hub, records).status == "committed"
    after = readme(local_hub)
    assert after.startswith("---\n# reviewed by Bob, 2026\nlanguage:\n- en\n- fr\nlicense: mit  # the code's\n"
                            "# the weights' too\n\n")
    assert "model-index:\n# scores checked by hand\n- name: " in after and "59.01" in after
    assert split_card(after, "README.md")[0]["license"] == "mit"
    assert dry.diff.startswith("".join(difflib.unified_diff(text.splitlines(True), after.splitlines(True),
                                                            "a/README.md", "b/README.md")))
    assert publish(local_hub, records).status == "unchanged"


def test_hand_edits_saved_with_windows_line_ends_survive(local_hub, records, write):
    publish(local_hub, records)
    text = readme(local_hub).replace("<!-- modelcard-generator:end details -->",
                                     "<!-- modelcard-generator:end details -->\n\n## Notes from the team\n\nHand-written.\n")
    text = text.replace("---\n", "---\ninference: false\n", 1)
    local_hub.commit_files(REPO, {"README.md": text.replace("\n", "\r\n")}, author="bob", message="Edit on Windows")
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records)
    assert result.status == "committed", result.message  # not "README.md on the Hub was not written by ..."
    text = readme(local_hub)  # the file's CRLF kept, on the lines changed too (publish34: written back with LF)
    assert "## Notes from the team\r\n\r\nHand-written." in text and "59.01" in text
    assert "\n" not in text.replace("\r\n", "") and split_card(text, "README.md")[0]["inference"] is False


def test_edit_inside_a_generated_block_is_reported_not_overwritten(local_hub, records, write):
    publish(local_hub, records)
    edited = readme(local_hub).replace("# tiny-dpo", "# Tiny DPO, renamed by hand")
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob")
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records)
    assert result.status == "conflict" and "'header' section was edited" in result.message
    assert readme(local_hub) == edited
    forced = publish(local_hub, records, force=True)
    assert forced.status == "committed" and "# tiny-dpo" in readme(local_hub)


def test_forcing_over_an_edited_block_keeps_the_persons_other_edits(local_hub, records, write):
    """--force overwrites the edited block, not the section and keys the person added beside it (it replaced the
    whole README with the rendered card; found on all 332 real cards of session 33's hubmerge corpus, not committed)."""
    publish(local_hub, records)
    edited = readme(local_hub).replace("# tiny-dpo", "# Tiny DPO, renamed by hand").replace(
        "<!-- modelcard-generator:end details -->", "<!-- modelcard-generator:end details -->\n\n## Team notes\n\n"
        "Ask Bob.\n").replace("---\n", "---\ninference: false  # by hand\n", 1)
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob")
    assert publish(local_hub, records).status == "conflict"
    assert publish(local_hub, records, force=True).status == "committed"
    text = readme(local_hub)
    assert "# tiny-dpo" in text and "renamed by hand" not in text
    assert "## Team notes\n\nAsk Bob.\n" in text and "inference: false  # by hand\n" in text
    assert publish(local_hub, records).status == "unchanged"


def _delete_block(text: str, name: str, left: str = "") -> str:
    """``text`` with block ``name`` deleted as a person does in the Hub's editor: its lines selected and cut, the
    blank lines around it left (and ``left``, newlines more)."""
    begin = text.index(f"<!-- modelcard-generator:begin {name} ")
    end = text.index(f"<!-- modelcard-generator:end {name} -->\n") + len(f"<!-- modelcard-generator:end {name} -->\n")
    return text[:begin] + left + text[end:]


def test_a_block_a_person_deleted_on_the_hub_stays_deleted(local_hub, records, write, monkeypatch):
    """The closing marker lists the blocks the records produce (blocks=): one it lists that the Hub's body lacks was
    deleted by a person, and is not put back, whether the records changed it or not (it came back on every publish:
    found by publish39 over 2,400 real cards); deleting its name from the list, or --force, brings it back."""
    publish(local_hub, records)
    edited = _delete_block(readme(local_hub), "details")
    assert "\n\n\n<!-- modelcard-generator:begin evaluation " in edited  # the blank lines the cut left
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob", message="No details, please")
    commits = local_hub.commit_count(REPO)
    same = publish(local_hub, records)  # the same records: nothing to write, no commit
    assert same.status == "unchanged" and "kept deleted: details" in same.message
    assert local_hub.commit_count(REPO) == commits and readme(local_hub) == edited
    write("records/records.yaml", RECORDS.replace("58.45", "59.01").replace("license: apache-2.0", "license: mit"))
    dry = publish(local_hub, records, dry_run=True)
    assert "kept deleted: details" in dry.message and "## Model details" not in dry.diff and "+| ARC" in dry.diff
    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    cli = subprocess.run([sys.executable, "-m", "generator", "publish", str(records), "--repo-id", REPO,
                          "--dry-run"], capture_output=True, text=True)
    assert cli.returncode == 0 and "kept deleted: details" in cli.stdout, cli.stdout + cli.stderr
    pr = publish(local_hub, records, create_pr=True)
    assert pr.status == "pr" and "kept deleted: details" in pr.message
    changed = publish(local_hub, records)  # the records changed the deleted block too: still deleted
    assert changed.status == "committed" and "kept deleted: details" in changed.message
    text = readme(local_hub)
    assert "## Model details" not in text and "59.01" in text and "license: mit" in text
    assert "\n\n\n<!-- modelcard-generator:begin evaluation " in text and "blocks=header,details,evaluation " in text
    commits = local_hub.commit_count(REPO)
    assert publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits
    # the person takes the name out of the list: the block is new again, and written
    local_hub.commit_files(REPO, {"README.md": text.replace("blocks=header,details,", "blocks=header,")}, author="bob")
    back = publish(local_hub, records)
    assert back.status == "committed" and "kept deleted" not in back.message
    assert "## Model details" in readme(local_hub) and "blocks=header,details,evaluation " in readme(local_hub)
    # or --force writes it again
    local_hub.commit_files(REPO, {"README.md": _delete_block(readme(local_hub), "details")}, author="bob")
    assert publish(local_hub, records).status == "unchanged"
    forced = publish(local_hub, records, force=True)
    assert forced.status == "committed" and "kept deleted" not in forced.message
    assert "## Model details" in readme(local_hub)


@pytest.mark.parametrize("name", ["header", "details", "evaluation", "header,details,evaluation"])
@pytest.mark.parametrize("left", ["", "\n\n"])
def test_deleting_any_block_on_the_hub_makes_no_commit_for_the_same_records(local_hub, records, name, left):
    """First, middle or last block, or every one, cut with the blank lines around it left, or more: the merge writes
    the Hub's README byte for byte, so publishing the same records again commits nothing (a card left with no block
    gained two newlines before its marker on every publish: 155 of 597 real cards imported from the Hub, cards38b and
    check38, whose one block was deleted; /work/realfiles/deleted39/driver.py, not committed)."""
    publish(local_hub, records)
    edited = readme(local_hub)
    for one in name.split(","):
        edited = _delete_block(edited, one, left)
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob")
    commits = local_hub.commit_count(REPO)
    result = publish(local_hub, records)
    assert result.status == "unchanged" and f"kept deleted: {name.replace(',', ', ')} (" in result.message
    assert local_hub.commit_count(REPO) == commits and readme(local_hub) == edited


def test_a_persons_spacing_between_our_blocks_makes_no_commit_and_stays(local_hub, records, write):
    """Blank lines a person adds between two of our blocks and before the closing marker, or takes out: publishing
    the same records commits nothing, new records keep that spacing (it was normalised, one commit of nothing but
    layout, on all 1,600 of 2,397 real cards adopted on the local Hub that had two blocks side by side: publish40's
    driver, not committed)."""
    publish(local_hub, records)
    text = readme(local_hub)
    spaced = text.replace("<!-- modelcard-generator:end header -->\n\n",
                          "<!-- modelcard-generator:end header -->\n\n\n\n")
    spaced = spaced.replace("<!-- modelcard-generator:end details -->\n\n", "<!-- modelcard-generator:end details -->\n")
    spaced = spaced.replace("\n\n<!-- modelcard-generator:metadata", "\n\n\n<!-- modelcard-generator:metadata")
    assert spaced.count("\n\n\n") == 2
    local_hub.commit_files(REPO, {"README.md": spaced}, author="bob", message="Room to breathe")
    commits = local_hub.commit_count(REPO)
    assert publish(local_hub, records).status == "unchanged" and local_hub.commit_count(REPO) == commits
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    dry = publish(local_hub, records, dry_run=True)
    assert publish(local_hub, records).status == "committed"
    after = readme(local_hub)
    assert "59.01" in after and after.count("\n\n\n") == 2
    assert "<!-- modelcard-generator:end details -->\n<!-- modelcard-generator:begin evaluation " in after
    assert dry.diff.startswith("".join(difflib.unified_diff(spaced.splitlines(True), after.splitlines(True),
                                                            "a/README.md", "b/README.md")) + "--- a/.eval_results/")


def test_a_card_published_before_the_block_list_gets_a_deleted_block_back_as_before(local_hub, records):
    """A card whose marker lists no blocks (every card published before blocks=) cannot tell a deleted block from a
    new one: the block is written again, as it always was, and the marker gains the list."""
    publish(local_hub, records)
    old = re.sub(r" blocks=\S+", "", _delete_block(readme(local_hub), "details"))
    local_hub.commit_files(REPO, {"README.md": old}, author="bob")
    result = publish(local_hub, records)
    assert result.status == "committed" and "kept deleted" not in result.message
    assert readme(local_hub) == render_card(records)


def test_concurrent_commit_is_remerged_not_lost(local_hub, records, write):
    publish(local_hub, records)
    other = readme(local_hub).replace("<!-- modelcard-generator:end header -->",
                                      "<!-- modelcard-generator:end header -->\n\nAdded by bob meanwhile.")
    local_hub.concurrent_commit_next(REPO, {"README.md": other, "notes.txt": "bob's file"})
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records)
    assert result.status == "committed", result.message
    text = readme(local_hub)
    assert "Added by bob meanwhile." in text and "59.01" in text
    assert local_hub.read_file(REPO, "notes.txt") == b"bob's file"
    assert local_hub.commit_count(REPO, source=None) == 3  # ours, bob's, ours again


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(local_hub, records, fast, status):
    sleeps, policy = fast
    local_hub.fail_next(2, status=status, kind="repo-info")
    result = publish(local_hub, records, policy=policy)
    assert result.status == "committed", result.message
    assert len(sleeps) == 2 and local_hub.commit_count(REPO) == 1


def test_429_honours_retry_after(local_hub, records, fast):
    sleeps, policy = fast
    local_hub.fail_next(1, status=429, retry_after=7, kind="repo-info")
    result = publish(local_hub, records, policy=policy)
    assert result.status == "committed" and sleeps == [7.0]


def test_retries_are_bounded(local_hub, records, fast):
    sleeps, policy = fast
    local_hub.fail_next(50, status=503, kind="repo-info")
    result = publish(local_hub, records, policy=policy)
    assert result.status == "failed" and "gave up after 6 attempts" in result.message
    assert [p["code"] for p in result.as_dict()["problems"]] == ["hub-unavailable"]  # what --json shows
    assert local_hub.commit_count(REPO) == 0


@pytest.mark.parametrize("after_apply", [True, False])
def test_dropped_connection_mid_commit_publishes_exactly_once(local_hub, records, fast, after_apply):
    _, policy = fast
    publish(local_hub, records)
    records.write_text(RECORDS.replace("58.45", "59.01"))
    local_hub.drop_connection_next(1, path_contains="/commit/", after_apply=after_apply)
    result = publish(local_hub, records, policy=policy)
    assert result.status == "committed", result.message
    assert local_hub.commit_count(REPO) == 2  # the first publish and exactly one more
    assert "59.01" in readme(local_hub)


def test_dropped_connection_while_opening_a_pr_opens_one_pr(local_hub, records, fast):
    _, policy = fast
    publish(local_hub, records)
    records.write_text(RECORDS.replace("58.45", "59.01"))
    local_hub.drop_connection_next(1, path_contains="/commit/", after_apply=True)
    result = publish(local_hub, records, policy=policy, create_pr=True)
    assert result.status == "pr", result.message
    assert len(local_hub.pull_requests(REPO)) == 1


def test_create_pr_leaves_main_alone(local_hub, records, write):
    publish(local_hub, records)
    main_before = readme(local_hub)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records, create_pr=True)
    assert result.status == "pr" and result.pr_url and result.pr_url.endswith("/discussions/1")
    assert readme(local_hub) == main_before
    assert "59.01" in readme(local_hub, revision="refs/pr/1")


def test_create_pr_twice_with_the_same_change_opens_one_pr(local_hub, records, write):
    """A pipeline run again (a retried job) opened a second pull request of the same change (hubmerge33): it finds the
    one it opened, which holds the change, and says so (the dry run too)."""
    publish(local_hub, records)
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    first = publish(local_hub, records, create_pr=True)
    again = publish(local_hub, records, create_pr=True)
    assert again.status == "pr" and again.pr_url == first.pr_url, again.message
    assert "the open pull request #1 already holds this change" in again.message
    assert publish(local_hub, records, create_pr=True, dry_run=True).message.endswith(again.message)
    assert len(local_hub.pull_requests(REPO)) == 1


def test_a_pipeline_run_again_pushes_to_the_pull_request_it_left_open(local_hub, records, write):
    """A pipeline whose pull request is still open runs again with new scores: it opened a second pull request beside
    the first, whose scores were then stale (merging both conflicts). It pushes to the one it opened instead: its
    files become what the new run writes over main, a score file only the earlier run wrote deleted from it; main
    is left alone. Once that pull request is merged or closed, the next run opens another."""
    publish(local_hub, records)
    main = local_hub.files(REPO)
    data = yaml.safe_load(RECORDS.replace("58.45", "59.01"))
    extra = {"id": "new", "benchmark": "New Bench", "task": {"type": "text-generation"},
             "dataset": {"id": "acme/new-bench", "split": "test", "task_id": "new_bench"},
             "metrics": [{"type": "accuracy", "value": 71.23}]}
    write("records/records.yaml", dump({**data, "evaluations": data["evaluations"] + [extra]}))
    first = publish(local_hub, records, create_pr=True)
    assert ".eval_results/new_bench.yaml" in local_hub.files(REPO, "refs/pr/1")
    write("records/records.yaml", RECORDS.replace("58.45", "60.12"))  # the next run: another score, no new_bench
    dry = publish(local_hub, records, create_pr=True, dry_run=True)
    assert dry.message.endswith("; the open pull request #1 would be pushed to (an earlier run opened it)")
    again = publish(local_hub, records, create_pr=True)
    assert again.status == "pr" and again.pr_url == first.pr_url, again.message
    assert "pushed to the open pull request #1, which an earlier run opened" in again.message
    assert len(local_hub.pull_requests(REPO)) == 1 and local_hub.files(REPO) == main
    on_pr = local_hub.files(REPO, "refs/pr/1")
    assert set(on_pr) == set(main) and "60.12" in on_pr["README.md"].decode() and "59.01" not in str(on_pr)
    assert publish(local_hub, records, create_pr=True).message.endswith("#1 already holds this change")
    HfApi(endpoint=local_hub.endpoint, token=local_hub.token).change_discussion_status(REPO, 1, "closed")
    write("records/records.yaml", RECORDS.replace("58.45", "61.5"))
    assert publish(local_hub, records, create_pr=True).pr_url.endswith("/discussions/2")
    assert "60.12" in readme(local_hub, revision="refs/pr/1")  # the closed one as it was


def test_revision_branch_and_private_repo(local_hub, records):
    result = publish(local_hub, records, private=True)
    assert result.status == "committed"
    assert local_hub.repo(REPO).private
    records.write_text(RECORDS.replace("58.45", "59.01"))
    result = publish(local_hub, records, revision="v2")
    assert result.status == "committed", result.message
    assert "59.01" in readme(local_hub, revision="v2") and "58.45" in readme(local_hub)


def test_invalid_card_is_never_sent(local_hub, write):
    bad = write("bad.yaml", "model: {repo_id: alice/x, license: not-a-license}\n")
    result = publish(local_hub, bad)
    assert result.status == "invalid" and "not a Hub license id" in result.message
    assert [p["code"] for p in result.as_dict()["problems"]] == ["unknown-license"]
    assert local_hub.requests == []


@pytest.mark.parametrize("text, code", [
    ("---\nlicense: apache2\n---\n\n# Tiny\n", "unknown-license"),  # a Hub rule's problem keeps its code
    ("# Tiny\n", "no-frontmatter"),
])
def test_invalid_readme_is_never_sent(local_hub, write, text, code):
    result = publish(local_hub, write("card/README.md", text))
    assert result.status == "invalid"
    assert [p["code"] for p in result.as_dict()["problems"]] == [code]
    assert local_hub.requests == []


def test_bad_token_fails_without_leaking_it(local_hub, records):
    token = "hf_" + "s3cr3t" * 6
    result = publish_card(records, REPO, endpoint=local_hub.endpoint, token=token,
                          policy=RetryPolicy(sleep=lambda s: None))
    assert result.status == "failed"
    assert token not in json.dumps(result.as_dict())


def test_batch_of_the_five_examples_in_one_call(local_hub):
    items = [(EXAMPLES / name, f"alice/{name}") for name in sorted(p.name for p in EXAMPLES.iterdir())]
    results = publish_cards(items, jobs=3, endpoint=local_hub.endpoint, token=local_hub.token, progress=False,
                            policy=RetryPolicy(sleep=lambda s: None))
    assert [r.status for r in results] == ["committed"] * 5
    for (_path, repo), result in zip(items, results):
        assert local_hub.commit_count(repo) == 1
        assert result.repo_id == repo
        published = strip_markers(readme(local_hub, repo))
        assert published.startswith("---\n")
    again = publish_cards(items, jobs=3, endpoint=local_hub.endpoint, token=local_hub.token, progress=False)
    assert [r.status for r in again] == ["unchanged"] * 5


def test_cli_batch_reports_each_card_and_exit_codes(local_hub, records, write, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    bad = write("bad/records.yaml", "model: {repo_id: alice/bad, license: nope}\n")
    cmd = [sys.executable, "-m", "generator", "publish", str(records.parent), str(bad.parent),
           "--repo-id-template", "alice/{name}", "--json"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [c["status"] for c in report["cards"]] == ["committed", "invalid"]
    assert [p["code"] for p in report["cards"][1]["problems"]] == ["unknown-license"]
    assert local_hub.commit_count("alice/records") == 1 and local_hub.commit_count("alice/bad") == 0
    assert local_hub.token not in result.stdout + result.stderr
    local_hub.fail_next(100, status=503, kind="repo-info")
    records.write_text(RECORDS.replace("58.45", "59.01"))
    result = subprocess.run(cmd[:-1] + ["--jobs", "1", "--retry-budget", "1"], capture_output=True, text=True)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "failed" in result.stderr and "Traceback" not in result.stderr


def test_cli_dry_run_prints_the_diff(local_hub, records, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    result = subprocess.run([sys.executable, "-m", "generator", "publish", str(records), "--repo-id", REPO,
                             "--dry-run"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "+++ b/README.md" in result.stdout and "dry run" in result.stdout
    assert local_hub.commit_count(REPO) == 0


@pytest.mark.parametrize("header, expected", [("3", 3.0), ("0", 0.0), ("-1", None), ("nan", None), ("inf", None),
                                              ("Wed, 21 Oct 2026 07:28:00 GMT", None), (None, None)])
def test_retry_after_takes_only_a_usable_delay(header, expected):
    """A hostile or odd Retry-After (-1, nan) once crashed the retry loop; now the backoff decides."""
    from types import SimpleNamespace

    from generator.publish.session import _retry_after

    headers = {} if header is None else {"Retry-After": header}
    assert _retry_after(SimpleNamespace(response=SimpleNamespace(headers=headers))) == expected


@pytest.mark.parametrize("source", ["argument", "HF_TOKEN", "saved login"])
def test_token_is_scrubbed_whatever_its_source(monkeypatch, tmp_path, source):
    """A Hub error that echoes the Authorization header never prints the token, however it was given."""
    from types import SimpleNamespace

    from generator.publish.session import RetryPolicy, Session

    secret = "hf_" + "s3cr3t" * 5
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_TOKEN_PATH", str(tmp_path / "token"))
    given = secret if source == "argument" else None
    if source == "HF_TOKEN":
        monkeypatch.setenv("HF_TOKEN", secret)
    elif source == "saved login":
        (tmp_path / "token").write_text(secret)
        import huggingface_hub.constants as constants

        monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    session = Session(SimpleNamespace(token=None), RetryPolicy(), given)
    text = session.scrub(RuntimeError(f"401 Client Error: headers {{'authorization': 'Bearer {secret}'}}"))
    assert secret not in text and "***" in text


def test_a_name_that_does_not_resolve_is_not_retried():
    """DNS failures were retried six times over 17 s; a host name that does not resolve fails at once."""
    import socket
    from types import SimpleNamespace

    from generator.publish.session import RetryPolicy, Session

    session = Session(SimpleNamespace(token=None), RetryPolicy(), "hf_x")
    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise ConnectionError("[Errno -2] Name or service not known") from inner
    except ConnectionError as exc:
        assert not session.transient(exc)
    assert session.transient(ConnectionResetError("reset by peer"))


def test_sources_name_their_own_repo_without_flags(tmp_path):
    """`publish records.yaml` takes model.repo_id; a card its model-index name; a card naming none asks for one."""
    from generator.errors import UsageError
    from generator.publish.publish import repo_ids_for

    records = tmp_path / "records.yaml"
    records.write_text("model: {repo_id: acme/tiny-dpo, license: mit}\n")
    card = tmp_path / "card" / "README.md"
    card.parent.mkdir()
    card.write_text("---\nlicense: mit\nmodel-index:\n- name: acme/from-card\n  results: []\n---\n\n# Tiny\n")
    assert repo_ids_for([str(records), str(card)], None, None, None) == [(str(records), "acme/tiny-dpo"),
                                                                         (str(card), "acme/from-card")]
    card.write_text("---\nlicense: mit\n---\n\n# Tiny\n")
    with pytest.raises(UsageError) as caught:
        repo_ids_for([str(card)], None, None, None)
    assert [p.code for p in caught.value.problems] == ["no-repo-id"]


# ---------------------------------------------------------------------------- a Hub that does not answer (15.13)

@pytest.mark.parametrize("kind", ["repo-info", "preupload", "commit"])
def test_a_hub_that_never_answers_fails_within_the_budget(local_hub, records, kind):
    """No response at all: each request is timed out within the card's budget, then the card fails."""
    local_hub.hang_next(1000, kind=kind)
    result = publish(local_hub, records, policy=RetryPolicy(base_delay=0.01, deadline=2))
    assert result.status == "failed", result.message
    assert [p["code"] for p in result.as_dict()["problems"]] == ["hub-timeout"]
    assert "budget" in result.message or "did not answer within" in result.message
    assert local_hub.commit_count(REPO) == 0


def test_a_200_second_answer_is_not_waited_out(local_hub, records):
    """Were it waited out, the publish would succeed after 200 s: it fails at the budget instead."""
    local_hub.slow_next(200, kind="repo-info")
    result = publish(local_hub, records, policy=RetryPolicy(base_delay=0.01, deadline=2))
    assert result.status == "failed" and re.search(r"did not answer within [0-9.]+ s", result.message), result.message
    assert local_hub.commit_count(REPO) == 0


def test_cli_on_a_hanging_hub_exits_3_with_one_message(local_hub, records, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    local_hub.hang_next(1000, kind="repo-info")
    result = subprocess.run([sys.executable, "-m", "generator", "publish", str(records), "--repo-id", REPO,
                             "--retry-budget", "2"], capture_output=True, text=True)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("did not answer within") == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# ---------------------------------------------------------------------------- what the Hub said (15.15, 15.4)

@pytest.mark.parametrize("status, code, fix", [
    (401, "hub-unauthorized", "hf auth login"),
    (403, "hub-forbidden", "write access"),
    (404, "hub-not-found", "check the repo id"),
    (429, "hub-rate-limited", "--jobs"),
    (422, "hub-refused", "the Hub's message"),
])
def test_a_hub_refusal_shows_status_the_hubs_message_and_what_to_do(local_hub, records, fast, status, code, fix):
    _, policy = fast
    local_hub.fail_next(100, status=status, kind="commit", body={"error": "words the Hub chose"})
    result = publish(local_hub, records, policy=policy)
    assert result.status == "failed"
    [problem] = result.as_dict()["problems"]
    assert problem["code"] == code
    assert f"HTTP {status}" in problem["message"] and "words the Hub chose" in problem["message"]
    assert fix in problem["fix"]
    assert "message" not in result.as_dict()  # the failure is reported once, as its problem


def test_a_read_only_token_is_explained(local_hub, records):
    result = publish_card(records, REPO, endpoint=local_hub.endpoint, token=local_hub.read_token,
                          policy=RetryPolicy(sleep=lambda s: None))
    assert result.status == "failed"
    [problem] = result.problems
    assert problem.code == "hub-forbidden" and "HTTP 403" in problem.message
    assert "You don't have the rights to create a model" in problem.message  # the Hub's own words, whole
    assert "write access" in problem.fix and "--create-pr" in problem.fix


@pytest.mark.parametrize("as_json", [False, True])
def test_cli_prints_each_error_once(local_hub, records, monkeypatch, as_json):
    monkeypatch.setenv("HF_TOKEN", local_hub.read_token)
    cmd = [sys.executable, "-m", "generator", "publish", str(records), "--repo-id", REPO] + (["--json"] * as_json)
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 3, result.stdout + result.stderr
    words = "You don't have the rights to create a model"
    assert (result.stdout + result.stderr).count(words) == 1, result.stdout + result.stderr
    assert words in (result.stdout if as_json else result.stderr)
    assert local_hub.read_token not in result.stdout + result.stderr


def test_a_429_holds_back_the_whole_batch(local_hub, write, fast):
    """The Hub's Retry-After is honoured by every card of the batch, not only the one that met it."""
    sleeps, policy = fast
    first = write("a/records.yaml", RECORDS.replace("alice/tiny-dpo", "alice/a"))
    second = write("b/records.yaml", RECORDS.replace("alice/tiny-dpo", "alice/b"))
    local_hub.fail_next(1, status=429, retry_after=7, kind="repo-info", path_contains="alice/a")
    results = publish_cards([(first, "alice/a"), (second, "alice/b")], jobs=1, endpoint=local_hub.endpoint,
                            token=local_hub.token, progress=False, policy=policy)
    assert [r.status for r in results] == ["committed", "committed"]
    assert sleeps[0] == 7.0  # the card that met the 429
    assert len(sleeps) == 2 and 0 < sleeps[1] <= 7.0  # the next card waits out what is left of the pause


# ---------------------------------------------------------------------------- Ctrl-C mid-batch (15.15)

def test_interrupted_json_publish_still_reports_what_was_committed(local_hub, write, monkeypatch):
    import signal
    import time

    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    sources = [write(f"{name}/records.yaml", RECORDS.replace("alice/tiny-dpo", f"alice/{name}")).parent
               for name in ("one", "two", "three")]
    local_hub.slow_next(5, kind="repo-info", path_contains="alice/two")  # card two is in flight when Ctrl-C comes
    # Ctrl-C in a terminal: the child gets SIGINT's default action even when this test runs where SIGINT is ignored
    # (a shell starts background jobs with SIGINT ignored, and a process keeps that across exec), as .ci/run may be.
    process = subprocess.Popen([sys.executable, "-m", "generator", "publish", *map(str, sources),
                                "--repo-id-template", "alice/{name}", "--jobs", "1", "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while not any("alice/two" in r.path for r in list(local_hub.request_log)) and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    report = json.loads(stdout)
    assert report["exit_code"] == 130 and not report["ok"]
    assert [c["status"] for c in report["cards"]] == ["committed", "interrupted", "interrupted"]
    assert report["cards"][0]["commit_url"]
    assert [p["code"] for p in report["cards"][2]["problems"]] == ["interrupted"]
    assert local_hub.commit_count("alice/one") == 1 and local_hub.commit_count("alice/three") == 0
    assert local_hub.commit_count("alice/two") == 0
    assert "Traceback" not in stderr


# ---------------------------------------------------------------------------- what --plots uploads (15.12)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n'
CARD = "---\nlicense: mit\n---\n\n# Tiny\n\n![Training loss](assets/loss.png)\n"


def _asset_card(tmp_path, make):
    card = tmp_path / "card" / "README.md"
    (card.parent / "assets").mkdir(parents=True)
    card.write_text(CARD)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    make(card.parent / "assets", tmp_path / "secret" / "id_rsa")
    return card


def test_readme_plots_upload_the_real_images_beside_it(local_hub, tmp_path):
    def make(assets, _secret):
        (assets / "loss.png").write_bytes(PNG)
        (assets / "loss.svg").write_bytes(SVG)

    result = publish(local_hub, _asset_card(tmp_path, make), plots=True)
    assert result.status == "committed", result.message
    assert local_hub.files(REPO)["assets/loss.png"] == PNG and local_hub.files(REPO)["assets/loss.svg"] == SVG


@pytest.mark.parametrize("case, code", [
    ("file symlink to a key", "asset-outside-folder"),
    ("assets folder symlink", "asset-outside-folder"),
    ("png that is a key", "not-an-image"),
    ("svg that is html", "not-an-image"),
    ("svg with entities", "not-an-image"),
    ("svg symlink to a key", "asset-outside-folder"),
    ("fifo", "not-a-regular-file"),
])
def test_readme_plots_never_upload_what_a_link_leads_to(local_hub, tmp_path, case, code):
    def make(assets, secret):
        if case == "file symlink to a key":
            os.symlink(secret, assets / "loss.png")
        elif case == "assets folder symlink":
            assets.rmdir()
            (secret.parent / "loss.png").write_bytes(PNG)
            os.symlink(secret.parent, assets)
        elif case == "png that is a key":
            (assets / "loss.png").write_bytes(secret.read_bytes())
        elif case == "fifo":
            os.mkfifo(assets / "loss.png")
        else:
            (assets / "loss.png").write_bytes(PNG)
            if case == "svg that is html":
                (assets / "loss.svg").write_text("<html><svg></svg></html>")
            elif case == "svg with entities":
                (assets / "loss.svg").write_text('<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]><svg>&a;</svg>')
            else:
                os.symlink(secret, assets / "loss.svg")

    result = publish(local_hub, _asset_card(tmp_path, make), plots=True)
    assert result.status == "invalid", result.message
    assert code in [p.code for p in result.problems]
    assert local_hub.requests == []  # nothing sent, not even a read


# ---------------------------------------------------------------------------- adopting a README we imported

FOREIGN = """---
license: apache-2.0
language: en
widget:
- text: Hello there
extra_gated_prompt: Tell us who you are
---
# Tiny DPO

A small model our team trained by hand.

## Intended uses

Chatting about tiny things.

## Team notes

Ask Bob before retraining.
"""


def _imported(local_hub, write, text=FOREIGN):
    """The team's README on the Hub, and records ingested from that very file."""
    from generator import ingest
    from generator.io.yamlio import dump

    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": text}, author="bob", message="Our card")
    card = write("hub/README.md", text)
    data = ingest(sources=[card], repo_id=REPO).data
    return write("imported/records.yaml", dump(data))


@pytest.mark.parametrize("ends", ["\n", "\r\n"])
def test_a_readme_imported_from_the_hub_is_adopted(local_hub, write, ends):
    records = _imported(local_hub, write, FOREIGN.replace("\n", ends))  # the blob of the bytes, CRLF and all
    result = publish(local_hub, records)
    assert result.status == "committed", result.message
    assert "adopted README.md" in result.message
    text = readme(local_hub)
    rendered = render_card(records)
    assert text.split("\n---\n", 1)[1] == rendered.split("\n---\n", 1)[1]  # the body as rendered
    meta, body = split_card(text, "README.md")
    assert meta == split_card(rendered, "README.md")[0]  # the metadata too, its keys where the person had them
    assert list(meta)[:4] == ["license", "language", "widget", "extra_gated_prompt"]
    assert meta["widget"] == [{"text": "Hello there"}] and meta["extra_gated_prompt"] == "Tell us who you are"
    assert meta["license"] == "apache-2.0" and "card_source" not in text
    for kept in ("A small model our team trained by hand.", "## Intended uses", "Chatting about tiny things.",
                 "## Team notes", "Ask Bob before retraining."):
        assert kept in body, kept
    assert publish(local_hub, records).status == "unchanged"  # ours now: later publishes merge as usual


def test_a_readme_of_metadata_alone_is_adopted_as_rendered(local_hub, write):
    """A README with no body (bryce-hoehn/Qwen3.5-18B-REAP-A3B-Coding's shape) raises no "not written by the
    generator" conflict, so it was merged rather than adopted: the card pushed lacked the rendered card's
    adoption marker and was not what `render` writes."""
    shape = (Path(__file__).parent / "hub_shapes" / "frontmatter_only.md").read_text()
    records = _imported(local_hub, write, shape)
    result = publish(local_hub, records)
    assert result.status == "committed" and "adopted README.md" in result.message, result.message
    text, rendered = readme(local_hub), render_card(records)
    assert text.split("\n---\n", 1)[1] == rendered.split("\n---\n", 1)[1]  # the body as rendered, marker and all
    meta = split_card(text, "README.md")[0] or {}
    assert meta == split_card(rendered, "README.md")[0] and list(meta)[:4] == list(yaml.safe_load(shape[4:-4]))[:4]
    assert publish(local_hub, records).status == "unchanged"


def test_a_card_rendered_from_imported_records_carries_the_adoption(local_hub, write):
    """`render` of records imported from the Hub's README, then `publish README.md` (not the records): the card's
    metadata marker names the imported README's blob, so the README is adopted as the records would adopt it;
    the same card once the Hub's README was edited is a conflict."""
    from generator import validate_card

    records = _imported(local_hub, write)
    blob = yaml.safe_load(records.read_text())["model"]["card_source"]["blob"]
    card = write("out/README.md", render_card(records))
    assert f"adopts={blob} evals=none " in card.read_text() and validate_card(card).ok
    _adopted_unless_edited(local_hub, card, FOREIGN, FOREIGN.replace("Ask Bob", "Ask Carol"))
    assert publish(local_hub, card).status == "unchanged"


def _adopted_unless_edited(local_hub, card, original: str, edited: str) -> None:
    """The Hub's README edited since ``card``'s records read it: a conflict; put back as it was: adopted."""
    local_hub.commit_files(REPO, {"README.md": edited}, author="carol", message="Edit")
    result = publish(local_hub, card)
    assert result.status == "conflict" and "changed since the records were imported from it" in result.message
    local_hub.commit_files(REPO, {"README.md": original}, author="carol", message="Revert")
    result = publish(local_hub, card)
    assert result.status == "committed" and "adopted README.md" in result.message, result.message
    assert_adopted_as(readme(local_hub), card.read_text())


def assert_adopted_as(text: str, rendered: str) -> None:
    """An adopted README is the card rendered from its import, its frontmatter's keys where the person had them (and
    written as they wrote them when the card gives them their values: their comments)."""
    assert text.split("\n---\n", 1)[1] == rendered.split("\n---\n", 1)[1]  # the body, its metadata marker too
    assert split_card(text, "README.md")[0] == split_card(rendered, "README.md")[0]


@pytest.mark.parametrize("run", ["trl-0.19.1-dpo", "transformers-4.57.1"])
def test_the_readme_a_trainer_pushed_is_adopted(local_hub, tmp_path, run):
    """The pipeline's usual order: the Trainer's push_to_hub uploads the README it wrote, then the card built from
    that output folder is published. The Hub's README is the very file the card was built from, so it is adopted,
    not reported as a README someone else wrote; once edited on the Hub it is a conflict again."""
    import shutil

    from generator import build_card

    folder = tmp_path / run
    shutil.copytree(Path(__file__).parent / "fixtures" / "versions" / "trainer" / run, folder)
    pushed = (folder / "README.md").read_text(encoding="utf-8")
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": pushed}, author="alice", message="End of training")
    card = tmp_path / "card.md"
    card.write_text(build_card(trainer_dir=folder, repo_id=REPO).text, encoding="utf-8")
    _adopted_unless_edited(local_hub, card, pushed, pushed + "\nAsk Bob before retraining.\n")


def test_a_readme_edited_after_the_import_is_a_conflict(local_hub, write):
    records = _imported(local_hub, write)
    edited = FOREIGN.replace("Ask Bob", "Ask Carol")
    local_hub.commit_files(REPO, {"README.md": edited}, author="carol", message="Edit")
    result = publish(local_hub, records)
    assert result.status == "conflict"
    assert "changed since the records were imported from it" in result.message
    assert "modelcard ingest" in result.message
    assert readme(local_hub) == edited and local_hub.commit_count(REPO) == 0


def test_records_without_the_proof_keep_the_conflict(local_hub, write):
    from generator.io.yamlio import dump

    records = _imported(local_hub, write)
    data = yaml.safe_load(records.read_text())
    del data["model"]["card_source"]
    records.write_text(dump(data))
    result = publish(local_hub, records)
    assert result.status == "conflict" and "was not written by modelcard-generator" in result.message
    assert readme(local_hub) == FOREIGN and local_hub.commit_count(REPO) == 0


def test_dry_run_shows_the_adoption(local_hub, write, monkeypatch):
    records = _imported(local_hub, write)
    result = publish(local_hub, records, dry_run=True)
    assert result.status == "dry-run" and "would adopt README.md" in result.message
    assert "conflicts" not in result.message and "+<!-- modelcard-generator:begin header" in result.diff
    assert local_hub.commit_count(REPO) == 0
    monkeypatch.setenv("HF_TOKEN", local_hub.token)
    cli = subprocess.run([sys.executable, "-m", "generator", "publish", str(records), "--repo-id", REPO,
                          "--dry-run"], capture_output=True, text=True)
    assert cli.returncode == 0 and "would adopt README.md" in cli.stdout, cli.stderr


def test_a_repos_eval_results_ingested_and_published_stay_the_files_they_were(local_hub, tmp_path):
    """`.eval_results` files named otherwise than after their task (gpqa.yaml holding GPQA's `diamond` task, as
    Vedika-advanced-AI's repos name it; hle.yaml holding variants with notes) go back to their own names, with the
    keys huggingface_hub writes (source.user, verifyToken): one file each on the Hub, not a copy beside it."""
    shapes = Path(__file__).parent / "eval_shapes"
    originals = {".eval_results/gpqa.yaml": (shapes / "eval_results_community_long_notes.yaml").read_text(),
                 ".eval_results/hle.yaml": (shapes / "eval_results_hle_notes.yaml").read_text()}
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, originals, author="bob", message="Add evaluation results")
    folder = tmp_path / "download" / ".eval_results"
    folder.mkdir(parents=True)
    for name, data in local_hub.files(REPO).items():
        if name.startswith(".eval_results/"):
            (folder / name.split("/")[1]).write_bytes(data)
    records = tmp_path / "records.yaml"
    got = ingest(sources=[folder], repo_id=REPO)
    records.write_text(dump({**got.data, "model": {**got.data["model"], "license": "mit"}}))
    result = publish(local_hub, records)
    assert result.status == "committed", result.message
    files = local_hub.files(REPO)
    assert sorted(name for name in files if name.startswith(".eval_results/")) == sorted(originals)
    for name, text in originals.items():  # the data the records give unchanged: each file as the person spelt it
        assert files[name].decode() == text, name


def test_publish_uses_the_plans_public_names():
    """publish.py imported plan.py's private names (_Card, _plan, _kept_note): each is public now."""
    import ast

    import generator.publish.publish as publish_module

    tree = ast.parse(Path(publish_module.__file__).read_text())
    private = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "generator.publish.plan"
               for a in n.names if a.name.startswith("_")]
    assert private == []
