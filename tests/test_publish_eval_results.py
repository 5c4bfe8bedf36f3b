"""Publishing over `.eval_results` files on the Hub, on the local Hub with the real huggingface_hub client: the
card's metadata marker records what the generator wrote to each file (``evals=<name>:<blob>``), so a person's edit
to one of them, or a person's own file where the records would write one, is a conflict, not overwritten silently
(hubmerge33's round trip over 332 real Hub cards: 331 lost the edit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL

from generator.io.files import git_blob_sha
from generator.io.yamlio import dump
from generator.publish.publish import exit_code, publish_card
from generator.publish.session import RetryPolicy
from generator.render.card import render_card
from generator.sources.pipeline import ingest
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

REPO = "alice/tiny-dpo"
ARC = ".eval_results/arc_challenge.yaml"
GSM = ".eval_results/gsm8k.yaml"
RECORDS = MINIMAL.replace("dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test}",
                          "dataset: {id: allenai/ai2_arc, config: ARC-Challenge, split: test, task_id: arc_challenge}")
WITH_GSM = RECORDS.replace("dataset: {id: openai/gsm8k, config: main, split: test}",
                           "dataset: {id: openai/gsm8k, config: main, split: test, task_id: gsm8k}")
NOTE = "  notes: run with the chat template, by hand\n"


@pytest.fixture
def records(write):
    return write("records/records.yaml", RECORDS)


def publish(hub, source, **kw):
    kw.setdefault("policy", RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None))
    return publish_card(source, REPO, endpoint=hub.endpoint, token=hub.token, **kw)


def readme(hub) -> str:
    return hub.read_file(REPO, "README.md").decode()


def recorded(hub) -> dict[str, str]:
    """The `evals=` of the Hub's README: file name -> 16 hex digits of its blob."""
    found = re.search(r" evals=(\S+) ", readme(hub))
    return dict(item.split(":") for item in found.group(1).split(",")) if found else {}


def test_the_card_records_the_blob_of_each_eval_results_file_it_writes(local_hub, records, write):
    assert publish(local_hub, records).status == "committed"
    assert recorded(local_hub) == {"arc_challenge.yaml": git_blob_sha(local_hub.read_file(REPO, ARC))[:16]}
    assert readme(local_hub) == render_card(records)  # the record is part of the rendered card, not added on publish
    write("records/records.yaml", WITH_GSM.replace("58.45", "59.01"))
    assert publish(local_hub, records).status == "committed"
    assert recorded(local_hub) == {name.split("/")[1]: git_blob_sha(local_hub.read_file(REPO, name))[:16]
                                   for name in (ARC, GSM)}


def test_a_persons_edit_to_our_eval_results_file_is_a_conflict(local_hub, records, write):
    """Was overwritten without a word on every one of hubmerge33's 331 real cards."""
    publish(local_hub, records)
    edited = local_hub.read_file(REPO, ARC).decode() + NOTE
    local_hub.commit_files(REPO, {ARC: edited}, author="bob", message="Note")
    write("records/records.yaml", RECORDS.replace("45.56", "46.01"))  # README changes, the file would go back
    local_hub.reset_counters()
    result = publish(local_hub, records)
    assert result.status == "conflict" and exit_code([result]) == 4
    assert f"{ARC} was edited on the Hub after the generator wrote it" in result.message
    assert local_hub.commit_count(REPO) == 0 and local_hub.read_file(REPO, ARC).decode() == edited
    assert len(local_hub.requests) <= 2, local_hub.requests  # the file list and the README: no download of the file
    dry = publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and f"conflicts: {ARC} was edited" in dry.message and NOTE.strip() in dry.diff
    forced = publish(local_hub, records, force=True)
    assert forced.status == "committed" and NOTE.strip() not in local_hub.read_file(REPO, ARC).decode()
    assert publish(local_hub, records).status == "unchanged"


def test_an_edit_that_leaves_the_file_as_we_write_it_is_no_conflict(local_hub, records, write):
    publish(local_hub, records)
    ours = local_hub.read_file(REPO, ARC).decode()
    local_hub.commit_files(REPO, {ARC: ours + NOTE}, author="bob")
    local_hub.commit_files(REPO, {ARC: ours}, author="bob")  # and back
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    assert publish(local_hub, records).status == "committed"


def _own_file_then(local_hub, records, write, path, dataset, task, records_text):
    """A person commits their own score file at ``path``; then the records come to write that file: publishing is a
    conflict naming it, and the person's file stays as they wrote it."""
    own = f"- dataset:\n    id: {dataset}\n    task_id: {task}\n  value: 52.0\n  notes: my own run\n"
    local_hub.commit_files(REPO, {path: own}, author="bob", message="My score")
    write("records/records.yaml", records_text)
    result = publish(local_hub, records)
    assert result.status == "conflict" and f"{path} on the Hub was not written by modelcard-generator" in \
        result.message, result.message
    assert local_hub.read_file(REPO, path).decode() == own


def test_a_persons_own_file_where_the_records_write_one_is_a_conflict(local_hub, records, write):
    publish(local_hub, records)
    _own_file_then(local_hub, records, write, GSM, "openai/gsm8k", "gsm8k", WITH_GSM)
    assert publish(local_hub, records, force=True).status == "committed"
    assert "my own run" not in local_hub.read_file(REPO, GSM).decode()


def test_an_imported_readme_is_adopted_but_a_file_beside_it_not_read_is_a_conflict(local_hub, write, tmp_path):
    """The person's README and their own `.eval_results/arc_challenge.yaml`: records ingested from the README alone
    (with the task id the model-index does not carry added by hand) would replace the file."""
    card = render_card(write("first/records.yaml", RECORDS.replace("acme/tiny-dpo", REPO)))
    person = re.sub(r"<!-- modelcard-generator:[^\n]*-->\n", "", card)  # a README of the person's own
    own = "- dataset:\n    id: allenai/ai2_arc\n    task_id: arc_challenge\n  value: 60.5\n  notes: by hand\n"
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": person, ARC: own}, author="bob")
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "README.md").write_text(person)
    data = ingest(sources=[tmp_path / "hub" / "README.md"], repo_id=REPO).data
    data["evaluations"][0]["dataset"]["task_id"] = "arc_challenge"  # the model-index names none: added by hand
    readme_only = write("a/records.yaml", dump(data))
    result = publish(local_hub, readme_only)
    assert result.status == "conflict" and f"{ARC} on the Hub was not written" in result.message, result.message
    assert "README.md" not in result.message  # the README itself is adopted
    assert local_hub.read_file(REPO, ARC).decode() == own  # (files read into the records are published: see
    # test_publish.py's test_a_repos_eval_results_ingested_and_published_stay_the_files_they_were)


def test_a_card_published_before_the_record_still_publishes_and_then_records(local_hub, records, write):
    """A card of ours without `evals=` (every card published before it) names no file: the files at its paths
    are taken as the generator's, as before, and overwritten; the card pushed records them from then on."""
    publish(local_hub, records)
    old = re.sub(r" evals=\S+", "", readme(local_hub))
    local_hub.commit_files(REPO, {"README.md": old}, author="bob", message="As an older version wrote it")
    assert recorded(local_hub) == {}
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    assert publish(local_hub, records).status == "committed"
    assert recorded(local_hub) == {"arc_challenge.yaml": git_blob_sha(local_hub.read_file(REPO, ARC))[:16]}


def test_a_merged_readme_and_a_published_readme_keep_the_record(local_hub, records, write):
    """The person's text beside the blocks is merged in: the card pushed still records the files; a README
    rendered from the records and published as it is keeps its record too."""
    publish(local_hub, records)
    edited = readme(local_hub).replace("<!-- modelcard-generator:end details -->",
                                       "<!-- modelcard-generator:end details -->\n\n## Team notes\n\nAsk Bob.\n")
    local_hub.commit_files(REPO, {"README.md": edited}, author="bob")
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))
    assert publish(local_hub, records).status == "committed"
    assert "Ask Bob." in readme(local_hub)
    assert recorded(local_hub) == {"arc_challenge.yaml": git_blob_sha(local_hub.read_file(REPO, ARC))[:16]}
    rendered = write("card/README.md", render_card(records))
    assert publish(local_hub, rendered, repo_type="model").status in ("committed", "unchanged")
    assert " evals=arc_challenge.yaml:" in readme(local_hub)


def test_a_file_a_person_deleted_stays_deleted_unless_forced(local_hub, records, write):
    """The Hub's README records what its push wrote: a recorded file the Hub lacks was deleted by a person, and
    publishing does not write it back without a word (it did, on the next change of the card)."""
    publish(local_hub, records)
    local_hub.commit_files(REPO, {ARC: None}, author="bob", message="Not this score")
    write("records/records.yaml", RECORDS.replace("45.56", "46.01"))  # the README changes, ARC's score not
    dry = publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and dry.files == ("README.md",), dry.files
    # one wording for what a person deleted and publishing keeps deleted, blocks and files alike, dry run and publish
    said = f"kept deleted: {ARC} (deleted on the Hub after the generator wrote it; to write it again, publish with --force)"
    assert said in dry.message, dry.message
    result = publish(local_hub, records)
    assert result.status == "committed" and result.files == ("README.md",) and said in result.message
    assert local_hub.read_file(REPO, ARC) is None and "46.01" in readme(local_hub)
    assert readme(local_hub) == render_card(records)  # still recorded: still deleted on the next publish
    again = publish(local_hub, records)
    assert again.status == "unchanged" and said in again.message
    forced = publish(local_hub, records, force=True)
    assert forced.status == "committed" and forced.files == (ARC,) and local_hub.read_file(REPO, ARC) is not None
    assert publish(local_hub, records).status == "unchanged"


def test_a_readme_published_without_its_files_records_none_of_them(local_hub, records, write):
    """A README rendered from records and published as it is carries no `.eval_results` file: the README pushed
    records none, so publishing the records after writes them (not taken for files a person deleted)."""
    rendered = write("card/README.md", render_card(records))
    assert " evals=arc_challenge.yaml:" in rendered.read_text()
    assert publish(local_hub, rendered).status == "committed"
    assert local_hub.read_file(REPO, ARC) is None and " evals=none " in readme(local_hub)
    result = publish(local_hub, records)
    assert result.status == "committed" and result.files == (ARC, "README.md") and "kept deleted" not in result.message
    assert readme(local_hub) == render_card(records) and publish(local_hub, rendered).status == "unchanged"


def test_a_card_that_wrote_no_file_says_so_and_a_persons_file_after_it_is_theirs(local_hub, write):
    """A card of ours whose records write no `.eval_results` file (`evals=none`) is told from one published before
    the record: a person's own file, added later where the records come to write one, is a conflict (it was taken
    for the generator's and overwritten)."""
    records = write("records/records.yaml", MINIMAL)
    assert publish(local_hub, records).status == "committed"
    assert " evals=none " in readme(local_hub) and local_hub.read_file(REPO, ARC) is None
    _own_file_then(local_hub, records, write, ARC, "allenai/ai2_arc", "arc_challenge", RECORDS)


def _persons_file_ingested(hub, tmp_path, shape: str, path: str):
    """A real `.eval_results` file (eval_shapes/``shape``) a person committed to the Hub at ``path``, downloaded and
    ingested: (its text, the ingest, the records' path)."""
    original = (Path(__file__).parent / "eval_shapes" / shape).read_text()
    hub.create_repo(REPO)
    hub.commit_files(REPO, {path: original}, author="bob", message="Add evaluation results")
    folder = tmp_path / "download" / ".eval_results"
    folder.mkdir(parents=True)
    (folder / path.split("/")[1]).write_bytes(hub.read_file(REPO, path))
    got = ingest(sources=[folder], repo_id=REPO)
    records = tmp_path / "records.yaml"
    records.write_text(dump({**got.data, "model": {**got.data["model"], "license": "mit"}}))
    return original, got, records


def test_a_file_read_into_the_records_and_edited_on_the_hub_after_is_a_conflict(local_hub, tmp_path):
    """The records keep the blob each `.eval_results` file was read at (eval_results_blob): publishing replaces
    that file while the Hub holds it at that blob, and an edit made on the Hub after the ingest is a conflict (it
    was overwritten: the file was trusted by its name alone). The file is a real one (Vedika-advanced-AI's
    gpqa.yaml, eval_shapes/ORIGINS.txt)."""
    gpqa = ".eval_results/gpqa.yaml"
    original, got, records = _persons_file_ingested(local_hub, tmp_path, "eval_results_community_long_notes.yaml", gpqa)
    blob = git_blob_sha(original.encode())
    assert {e["eval_results_blob"] for e in got.data["evaluations"]} == {blob}
    edited = original.rstrip("\n") + "\n# checked by hand\n"
    local_hub.commit_files(REPO, {gpqa: edited}, author="bob", message="Checked")
    local_hub.reset_counters()
    result = publish(local_hub, records)
    assert result.status == "conflict" and f"{gpqa} was edited on the Hub after it was read into the records " \
        f"(blob {blob[:7]} then, {git_blob_sha(edited.encode())[:7]} now)" in result.message, result.message
    assert local_hub.read_file(REPO, gpqa).decode() == edited and local_hub.commit_count(REPO) == 0
    local_hub.commit_files(REPO, {gpqa: original}, author="bob", message="Back")  # as read: replaced, as before
    assert publish(local_hub, records).status == "committed"


def test_a_file_recorded_but_never_uploaded_is_written_and_one_deleted_before_a_readme_edit_is_not(local_hub, records,
                                                                                                  write):
    """Session-33 code published a README straight from a rendered file with its record of `.eval_results` files it
    never uploaded: the Hub's history tells such a file (no commit ever held it) from one a person deleted (an
    earlier commit held it), also when a person edited the README after either (it was taken for deleted: never
    written)."""
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": render_card(records)}, message="Upload README.md with huggingface_hub")
    assert f" evals={ARC.split('/')[1]}:" in readme(local_hub) and local_hub.read_file(REPO, ARC) is None
    local_hub.commit_files(REPO, {"README.md": readme(local_hub).replace(
        "<!-- modelcard-generator:end details -->", "<!-- modelcard-generator:end details -->\n\n## Team notes\n\nAsk Bob.\n")},
                           author="bob")
    write("records/records.yaml", RECORDS.replace("45.56", "46.01"))
    dry = publish(local_hub, records, dry_run=True)
    assert dry.status == "dry-run" and ARC in dry.files and "kept deleted" not in dry.message, dry.message
    result = publish(local_hub, records)
    assert result.status == "committed" and ARC in result.files and "kept deleted" not in result.message
    assert "Ask Bob." in readme(local_hub) and recorded(local_hub) == {
        "arc_challenge.yaml": git_blob_sha(local_hub.read_file(REPO, ARC))[:16]}
    # a person deletes it, then edits the README: an earlier commit held it, so it stays deleted
    local_hub.commit_files(REPO, {ARC: None}, author="bob", message="Not this score")
    local_hub.commit_files(REPO, {"README.md": readme(local_hub).replace("Ask Bob.", "Ask Carol.")}, author="bob")
    write("records/records.yaml", RECORDS.replace("45.56", "46.02"))
    result = publish(local_hub, records)
    assert result.status == "committed" and result.files == ("README.md",) and f"kept deleted: {ARC}" in result.message
    assert local_hub.read_file(REPO, ARC) is None and "Ask Carol." in readme(local_hub)


def test_a_file_missing_past_the_history_looked_through_counts_as_deleted(local_hub, records, write):
    """No commit within the limit looked through holds the file: it is taken as deleted (kept, --force writes it)
    rather than written over a person's deletion unseen."""
    from generator.publish.remote import ever_held
    from generator.publish.session import Session

    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": render_card(records)})
    for n in range(3):
        local_hub.commit_files(REPO, {f"notes{n}.txt": "x"})
    session = Session(local_hub.api(), RetryPolicy(base_delay=0.01, max_delay=0.05, deadline=30, sleep=lambda s: None),
                      local_hub.token)
    with session.active():
        assert ever_held(session, REPO, "model", None, [ARC]) == set()
        assert ever_held(session, REPO, "model", None, [ARC], limit=2) == {ARC}


LFS_YAML = "*.yaml filter=lfs diff=lfs merge=lfs -text\n"  # `git lfs track "*.yaml"`


def test_an_eval_results_file_the_hub_stores_in_lfs_is_compared_by_its_content(local_hub, records, write, tmp_path):
    """A repo that stores `*.yaml` in LFS: the Hub lists our `.eval_results` file by its LFS pointer's blob, not the
    content's that the README records (each publish after the first was a conflict, "edited on the Hub after the
    generator wrote it"), nor the one the records were read at (eval_results_blob: "edited after it was read").
    Compared by the content's blob, the file is replaced while it is as written or read, and a person's edit is
    still a conflict."""
    from tests.hubserver.state import DEFAULT_GITATTRIBUTES

    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {".gitattributes": DEFAULT_GITATTRIBUTES + LFS_YAML}, author="bob")
    assert publish(local_hub, records).status == "committed"
    (sibling,) = [s for s in local_hub.api().repo_info(REPO, files_metadata=True).siblings if s.rfilename == ARC]
    content = local_hub.read_file(REPO, ARC)
    assert sibling.lfs is not None and sibling.blob_id != git_blob_sha(content)  # the pointer's blob is listed
    assert recorded(local_hub) == {"arc_challenge.yaml": git_blob_sha(content)[:16]}  # the content's is recorded
    assert publish(local_hub, records).status == "unchanged"
    write("records/records.yaml", RECORDS.replace("58.45", "59.01"))  # ARC's own score: the file is replaced
    result = publish(local_hub, records)
    assert result.status == "committed" and ARC in result.files, result.message
    edited = local_hub.read_file(REPO, ARC).decode().rstrip("\n") + "\n# checked by hand\n"
    local_hub.commit_files(REPO, {ARC: edited}, author="bob", message="Checked")
    write("records/records.yaml", RECORDS.replace("58.45", "59.02"))
    result = publish(local_hub, records)
    assert result.status == "conflict" and f"{ARC} was edited on the Hub after the generator wrote it" in result.message

    # read into the records from the Hub (downloaded: the content), the Hub holding it in LFS: replaced, no conflict
    folder = tmp_path / "download" / ".eval_results"
    folder.mkdir(parents=True)
    (folder / "arc_challenge.yaml").write_bytes(local_hub.read_file(REPO, ARC))
    local_hub.commit_files(REPO, {"README.md": None}, author="bob")
    got = ingest(sources=[folder], repo_id=REPO)
    read = write("read/records.yaml", dump({**got.data, "model": {**got.data["model"], "license": "mit"}}))
    result = publish(local_hub, read)
    assert result.status == "committed" and "conflict" not in result.message, result.message


def test_a_card_of_ours_imported_with_its_eval_results_files_publishes_unchanged(local_hub, records, tmp_path):
    """A card of ours and the `.eval_results` files it wrote, downloaded and imported together (publish50: the README
    alone lost them, its marker coming back `evals=none`): the card's score and the file's are one evaluation, which
    keeps the file's task id, so the records publish nothing new (the marker said `evals=none`, and the file was left
    as another's); a new score over them updates the file the card wrote, no conflict. Imported alone, the README
    is said to have been published with files not read."""
    assert publish(local_hub, records).status == "committed"
    folder = tmp_path / "download"
    (folder / ".eval_results").mkdir(parents=True)
    (folder / "README.md").write_bytes(local_hub.read_file(REPO, "README.md"))
    (folder / ARC).write_bytes(local_hub.read_file(REPO, ARC))
    got = ingest(sources=[folder / "README.md", folder / ".eval_results"], repo_id=REPO)
    assert not [w for w in got.warnings if w.code in ("eval-results-not-read", "score-read-twice")], got.warnings
    again = tmp_path / "again.yaml"
    again.write_text(dump(got.data))
    assert publish(local_hub, again).status == "unchanged"
    again.write_text(again.read_text().replace("58.45", "59.01"))
    assert publish(local_hub, again).status == "committed"
    assert "value: 59.01" in local_hub.read_file(REPO, ARC).decode()
    alone = ingest(sources=[folder / "README.md"], repo_id=REPO)
    [told] = [w for w in alone.warnings if w.code == "eval-results-not-read"]
    assert "arc_challenge.yaml" in told.message and ".eval_results" in told.fix


def test_a_persons_file_read_into_the_records_and_given_unchanged_is_not_rewritten(local_hub, tmp_path):
    """A person's `.eval_results` files ingested and published with no change of their data were all committed
    again, spelt as the writer spells them (evals50: 22 of 25 real files of 17 folders, in quotes alone: Ch3nOff's
    `date: "2026-09-17"` became `'2026-09-17'`). A file the Hub still holds as read, whose data the records give
    unchanged, stays as the person spelt it, the README recording its blob; a later publish changes nothing, and a
    new score rewrites it, without a conflict. The file is a real one (CH3NDev's ai2_arc.yaml, eval_shapes)."""
    path = ".eval_results/ai2_arc.yaml"
    original, got, records = _persons_file_ingested(local_hub, tmp_path, "eval_results_ai2_arc_two_tasks.yaml", path)
    assert '"' in original  # (the writer quotes otherwise)
    assert publish(local_hub, records).status == "committed"
    assert local_hub.read_file(REPO, path).decode() == original
    assert recorded(local_hub) == {"ai2_arc.yaml": git_blob_sha(original.encode())[:16]}
    assert publish(local_hub, records).status == "unchanged"
    value = got.data["evaluations"][0]["metrics"][0]["value"]
    records.write_text(records.read_text().replace(f"value: {value}\n", "value: 12.5\n", 1))
    assert publish(local_hub, records).status == "committed"
    rewritten = local_hub.read_file(REPO, path).decode()
    assert "value: 12.5" in rewritten and recorded(local_hub)["ai2_arc.yaml"] == git_blob_sha(rewritten.encode())[:16]
