"""The local Hub (tests/hubserver) against the REAL huggingface_hub client.

Every test drives ``HfApi`` / ``hf_hub_download`` over HTTP on 127.0.0.1 and then checks the
server's state (or what the client reads back), so a fake that merely "doesn't crash" fails.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest
import yaml
from huggingface_hub import (
    CommitOperationAdd,
    CommitOperationDelete,
    HfApi,
    hf_hub_download,
)
from huggingface_hub import constants as hf_constants
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import _http as hf_http

from generator.publish.http import stack
from tests.hubserver import CommitAttempt, LocalHub
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

REPO = "alice/card-demo"
README_V1 = b"---\nlicense: mit\nbase_model: acme/base\ntags:\n- demo\n---\n# Demo\n\nFirst version.\n"
README_V2 = b"---\nlicense: apache-2.0\nbase_model: acme/base\n---\n# Demo\n\nSecond version.\n"
EVAL_YAML = b"- dataset:\n    id: allenai/ai2_arc\n    task_id: arc_challenge\n  value: 58.45\n"
HEX40 = re.compile(r"^[0-9a-f]{40}$")
# What the client raises for a dropped connection and a timeout: httpx2's (2.x), httpx's (1.x) or requests' (0.x).
TRANSPORT_ERRORS, TIMEOUT_ERRORS = stack().transport_errors(), stack().timeout_errors()
# huggingface_hub 0.x retries less: preupload not at all, and its http_backoff (paginated GETs) 5xx only, without
# reading Retry-After or RateLimit. These tests pin the retries of 1.x and later.
RETRIES_OF_1X = pytest.mark.skipif(stack().name == "requests", reason="huggingface_hub 0.x retries neither preupload "
                                   "nor 429, and reads no Retry-After: these tests pin the retries of 1.x and later")


@pytest.fixture
def api(local_hub) -> HfApi:
    return HfApi(endpoint=local_hub.endpoint, token=local_hub.token)


@pytest.fixture
def repo(local_hub, api) -> str:
    api.create_repo(REPO)
    local_hub.reset_counters()
    return REPO


def _commit_v1(api: HfApi, repo_id: str = REPO, **kwargs):
    return api.create_commit(
        repo_id,
        [CommitOperationAdd("README.md", README_V1), CommitOperationAdd(".eval_results/x.yaml", EVAL_YAML)],
        commit_message="Add card", commit_description="generated", **kwargs)


@pytest.fixture
def recorded_sleeps(monkeypatch) -> list[float]:
    """Record (and skip) the client's retry waits: huggingface_hub.utils._http calls time.sleep."""
    sleeps: list[float] = []

    class _Time:
        def __getattr__(self, name):
            return getattr(time, name)

        @staticmethod
        def sleep(seconds: float) -> None:
            sleeps.append(seconds)

    monkeypatch.setattr(hf_http, "time", _Time())
    return sleeps


# ---------------------------------------------------------------------------------------------
# Wiring and identity
# ---------------------------------------------------------------------------------------------
def test_fixture_points_every_client_entry_at_the_local_hub(local_hub, tmp_path):
    import huggingface_hub.hf_api as hf_api_module

    assert local_hub.endpoint.startswith("http://127.0.0.1:")
    assert hf_constants.ENDPOINT == local_hub.endpoint
    assert HfApi().endpoint == local_hub.endpoint
    assert hf_api_module.api.endpoint == local_hub.endpoint
    assert hf_constants.HUGGINGFACE_CO_URL_TEMPLATE.startswith(local_hub.endpoint + "/")
    assert hf_constants.HF_HUB_CACHE.startswith(str(tmp_path))
    assert hf_constants.HF_HUB_DISABLE_TELEMETRY and getattr(hf_constants, "HF_HUB_DISABLE_XET", True)  # Xet: 0.30+

    # module-level function with no endpoint argument, no token: goes to the local hub
    local_hub.create_repo("alice/public")
    path = hf_hub_download("alice/public", ".gitattributes", token=False)
    assert path.startswith(str(tmp_path))
    assert local_hub.count("resolve") == 2  # HEAD + GET, both here
    assert local_hub.count("agent-harnesses") == 0  # telemetry is off


def test_whoami_for_both_users_and_a_read_token(local_hub):
    me = HfApi(endpoint=local_hub.endpoint, token=local_hub.token).whoami()
    assert me["name"] == "alice" and [o["name"] for o in me["orgs"]] == ["acme"]
    assert me["auth"]["accessToken"]["role"] == "write"
    assert HfApi(endpoint=local_hub.endpoint, token=local_hub.other_token).whoami()["name"] == "bob"
    assert local_hub.api(local_hub.read_token).whoami()["auth"]["accessToken"]["role"] == "read"
    assert local_hub.requests == [("GET", "/api/whoami-v2")] * 3


def test_bad_token_is_401_in_the_hub_shape(local_hub, repo):
    bad = HfApi(endpoint=local_hub.endpoint, token="hf_not_a_real_token")
    with pytest.raises(Exception, match="Invalid user token") as exc:  # 0.x: requests' HTTPError, not HfHubHTTPError
        bad.whoami()
    assert exc.value.response.status_code == 401

    # On repo routes it stays a plain 401 (not RepositoryNotFoundError): the Hub's message says why.
    with pytest.raises(HfHubHTTPError) as exc:
        bad.model_info(repo)
    assert exc.value.response.status_code == 401
    assert not isinstance(exc.value, RepositoryNotFoundError)
    assert exc.value.response.headers["X-Error-Message"] == "Invalid credentials in Authorization header"
    assert "Invalid credentials in Authorization header" in str(exc.value)

    with pytest.raises(HfHubHTTPError) as exc:
        bad.create_commit(repo, [CommitOperationAdd("a.txt", b"a")], commit_message="nope")
    assert exc.value.response.status_code == 401
    assert local_hub.commit_count() == 0 and len(local_hub.commits(repo)) == 1


# ---------------------------------------------------------------------------------------------
# Repos
# ---------------------------------------------------------------------------------------------
def test_create_repo_then_409_and_exist_ok(local_hub, api):
    url = api.create_repo(REPO)
    assert url == f"{local_hub.endpoint}/{REPO}" and url.repo_id == REPO and url.repo_type == "model"
    history = local_hub.commits(REPO)
    assert [c.title for c in history] == ["initial commit"]
    assert list(history[0].files) == [".gitattributes"]
    assert b"*.safetensors filter=lfs" in history[0].files[".gitattributes"]

    with pytest.raises(HfHubHTTPError) as exc:
        api.create_repo(REPO)
    assert exc.value.response.status_code == 409
    assert "You already created this model repo" in str(exc.value)

    again = api.create_repo(REPO, exist_ok=True)
    assert again.repo_id == REPO
    assert local_hub.tip(REPO) == history[0].oid  # nothing recreated
    assert local_hub.count("create-repo") == 3

    with pytest.raises(HfHubHTTPError) as exc:  # alice cannot create in bob's namespace
        api.create_repo("bob/not-yours")
    assert exc.value.response.status_code == 403
    assert local_hub.state.get_repo("model", "bob/not-yours") is None

    api.create_repo("acme/org-model")  # ...but can in her org
    assert local_hub.repo("acme/org-model").namespace == "acme"


def test_private_repo_is_invisible_to_others(local_hub, api):
    api.create_repo("alice/secret", private=True)
    assert api.model_info("alice/secret").private is True
    bob = local_hub.api(local_hub.other_token)
    with pytest.raises(RepositoryNotFoundError) as exc:
        bob.model_info("alice/secret")
    assert exc.value.response.status_code == 404
    with pytest.raises(RepositoryNotFoundError) as exc:
        local_hub.api(False).model_info("alice/secret")  # anonymous: the Hub answers 401 + RepoNotFound
    assert exc.value.response.status_code == 401
    with pytest.raises(RepositoryNotFoundError):
        bob.hf_hub_download("alice/secret", ".gitattributes")
    with pytest.raises(RepositoryNotFoundError):
        bob.create_commit("alice/secret", [CommitOperationAdd("x", b"x")], commit_message="x", create_pr=True)
    assert local_hub.pull_requests("alice/secret") == [] and local_hub.commit_count() == 0


# ---------------------------------------------------------------------------------------------
# Commits, downloads, repo info
# ---------------------------------------------------------------------------------------------
def test_commit_then_download_at_commit_and_main(local_hub, api, repo):
    info = _commit_v1(api)
    assert HEX40.match(info.oid) and info.oid == local_hub.tip(repo)
    assert info.commit_url == f"{local_hub.endpoint}/{repo}/commit/{info.oid}"
    assert info.pr_url is None
    assert [k for k, _ in local_hub.counts().most_common()] and local_hub.counts() == {
        "validate-yaml": 1, "preupload": 1, "commit": 1}

    for revision in (info.oid, "main"):
        readme = api.hf_hub_download(repo, "README.md", revision=revision)
        evals = hf_hub_download(repo, ".eval_results/x.yaml", revision=revision)
        with open(readme, "rb") as f1, open(evals, "rb") as f2:
            assert (f1.read(), f2.read()) == (README_V1, EVAL_YAML)
    assert f"/snapshots/{info.oid}/" in readme

    # A commit is an immutable snapshot: a later commit does not change what the old one serves.
    second = api.create_commit(repo, [CommitOperationAdd("README.md", README_V2),
                                      CommitOperationDelete(".eval_results/x.yaml")], commit_message="v2")
    assert second.oid != info.oid
    with open(api.hf_hub_download(repo, "README.md", revision=info.oid), "rb") as f:
        assert f.read() == README_V1
    with open(api.hf_hub_download(repo, "README.md"), "rb") as f:
        assert f.read() == README_V2
    assert local_hub.files(repo, info.oid).keys() == {".gitattributes", "README.md", ".eval_results/x.yaml"}
    assert local_hub.files(repo).keys() == {".gitattributes", "README.md"}
    assert local_hub.commits(repo)[0].parent == info.oid
    assert local_hub.commit_count(repo) == 2


def test_model_info_sha_siblings_carddata(local_hub, api, repo):
    initial = local_hub.tip(repo)
    empty = api.model_info(repo)
    assert empty.sha == initial and empty.card_data is None
    assert [s.rfilename for s in empty.siblings] == [".gitattributes"]

    info = _commit_v1(api)
    mi = api.model_info(repo)
    assert mi.id == repo and mi.sha == info.oid and mi.private is False
    assert sorted(s.rfilename for s in mi.siblings) == [".eval_results/x.yaml", ".gitattributes", "README.md"]
    assert mi.card_data.license == "mit" and mi.card_data.base_model == "acme/base"
    assert mi.card_data.tags == ["demo"]
    assert mi.last_modified == local_hub.commits(repo)[0].date

    old = api.model_info(repo, revision=initial)  # /revision/{sha}
    assert old.sha == initial and old.card_data is None

    blobs = api.model_info(repo, files_metadata=True)
    sizes = {s.rfilename: (s.size, s.blob_id) for s in blobs.siblings}
    from huggingface_hub.utils.sha import git_hash

    assert sizes["README.md"] == (len(README_V1), git_hash(README_V1))


def test_list_repo_commits_newest_first(local_hub, api, repo):
    first = _commit_v1(api)
    second = api.upload_file(path_or_fileobj=README_V2, path_in_repo="README.md", repo_id=repo,
                             commit_message="Update card", commit_description="details")
    commits = api.list_repo_commits(repo)
    assert [c.commit_id for c in commits] == [second.oid, first.oid, local_hub.commits(repo)[-1].oid]
    assert [c.title for c in commits] == ["Update card", "Add card", "initial commit"]
    assert commits[0].message == "details" and commits[0].authors == ["alice"]
    assert commits[0].created_at >= commits[1].created_at

    # paginated like the Hub (Link: rel="next"), and the client follows it
    local_hub.commits_page_size = 2
    local_hub.reset_counters()
    assert [c.commit_id for c in api.list_repo_commits(repo)] == [c.commit_id for c in commits]
    assert local_hub.count("commits") == 2
    assert [c.commit_id for c in api.list_repo_commits(repo, revision=first.oid)] == [
        c.commit_id for c in commits[1:]]


def test_revisions_resolve_by_branch_tag_pr_and_oid_prefix(local_hub, api, repo):
    info = _commit_v1(api)
    api.create_tag(repo, tag="v1", revision=info.oid)
    for rev in ("main", "refs/heads/main", "v1", info.oid, info.oid[:7]):
        assert api.model_info(repo, revision=rev).sha == info.oid, rev
    assert api.revision_exists(repo, "v1") and not api.revision_exists(repo, "nope")


def test_create_branch_and_commit_to_it(local_hub, api, repo):
    base = _commit_v1(api)
    api.create_branch(repo, branch="dev")
    refs = api.list_repo_refs(repo)
    assert {b.name: b.target_commit for b in refs.branches} == {"main": base.oid, "dev": base.oid}
    assert refs.pull_requests is None and refs.converts == [] and refs.tags == []

    on_dev = api.upload_file(path_or_fileobj=b"dev only", path_in_repo="dev.txt", repo_id=repo, revision="dev")
    assert local_hub.tip(repo, "dev") == on_dev.oid and local_hub.tip(repo, "main") == base.oid
    assert api.file_exists(repo, "dev.txt", revision="dev") and not api.file_exists(repo, "dev.txt")

    with pytest.raises(HfHubHTTPError) as exc:
        api.create_branch(repo, branch="dev")
    assert exc.value.response.status_code == 409
    api.create_branch(repo, branch="dev", exist_ok=True)
    api.create_branch(repo, branch="from-initial", revision=local_hub.commits(repo)[-1].oid)
    assert local_hub.tip(repo, "from-initial") == local_hub.commits(repo)[-1].oid


# ---------------------------------------------------------------------------------------------
# parent_commit, concurrency
# ---------------------------------------------------------------------------------------------
def test_stale_parent_commit_is_412(local_hub, api, repo):
    parent = api.model_info(repo).sha
    api.upload_file(path_or_fileobj=b"meanwhile", path_in_repo="other.txt", repo_id=repo)
    with pytest.raises(HfHubHTTPError) as exc:
        _commit_v1(api, parent_commit=parent)
    assert exc.value.response.status_code == 412
    assert "The branch was updated since you opened this page. Please refresh and try again." in str(exc.value)
    assert "README.md" not in local_hub.files(repo) and local_hub.commit_count(repo) == 1

    # the current tip (also as a prefix) is accepted
    tip = api.model_info(repo).sha
    ok = _commit_v1(api, parent_commit=tip[:12])
    assert local_hub.commits(repo)[0].oid == ok.oid and local_hub.commits(repo)[0].parent == tip


def test_concurrent_commit_makes_our_parent_stale(local_hub, api, repo):
    parent = api.model_info(repo).sha  # our read
    local_hub.concurrent_commit_next(repo, {"README.md": b"---\nlicense: mit\n---\nBob was here\n"})
    with pytest.raises(HfHubHTTPError) as exc:
        _commit_v1(api, parent_commit=parent)  # our write
    assert exc.value.response.status_code == 412
    latest = local_hub.commits(repo)[0]
    assert latest.author == "bob" and latest.parent == parent
    assert local_hub.read_file(repo, "README.md") == b"---\nlicense: mit\n---\nBob was here\n"
    assert ".eval_results/x.yaml" not in local_hub.files(repo)
    assert local_hub.commit_count(repo) == 0 and local_hub.commit_count(repo, source="server") == 1

    # the hook fired once; without parent_commit a writer silently lands on top of the other commit
    local_hub.concurrent_commit_next(repo, {"bob.txt": "from bob"})
    ours = _commit_v1(api)
    history = local_hub.commits(repo)
    assert history[0].oid == ours.oid and history[1].author == "bob" and history[1].title == "Concurrent edit"
    assert local_hub.read_file(repo, "bob.txt") == b"from bob"
    assert local_hub.read_file(repo, "README.md") == README_V1


def test_on_before_commit_sees_the_parsed_commit(local_hub, api, repo):
    seen: list[CommitAttempt] = []
    local_hub.on_before_commit(lambda hub, attempt: seen.append(attempt), once=True)
    parent = local_hub.tip(repo)
    _commit_v1(api, parent_commit=parent)
    _commit_v1(api)  # no-op commit: the client sends none, and the hook was one-shot anyway
    assert len(seen) == 1
    attempt = seen[0]
    assert (attempt.repo_id, attempt.revision, attempt.parent_commit, attempt.create_pr, attempt.user) == (
        repo, "main", parent, False, "alice")
    assert attempt.summary == "Add card" and attempt.description == "generated"
    assert attempt.paths == ["README.md", ".eval_results/x.yaml"]
    assert dict((p, c) for _, p, c in attempt.operations)["README.md"] == README_V1


# ---------------------------------------------------------------------------------------------
# Pull requests
# ---------------------------------------------------------------------------------------------
def test_create_pr_opens_refs_pr_1(local_hub, api, repo):
    base = _commit_v1(api)
    pr = api.create_commit(repo, [CommitOperationAdd("README.md", README_V2)], commit_message="Propose v2",
                           create_pr=True)
    assert pr.pr_num == 1 and pr.pr_revision == "refs/pr/1"
    assert pr.pr_url == f"{local_hub.endpoint}/{repo}/discussions/1"
    assert local_hub.tip(repo) == base.oid  # main untouched
    assert local_hub.tip(repo, "refs/pr/1") == pr.oid
    assert local_hub.commits(repo, "refs/pr/1")[1].oid == base.oid
    assert any("create_pr=1" in r.query for r in local_hub.request_log if r.kind == "commit")

    discussions = list(api.get_repo_discussions(repo))
    assert [(d.num, d.title, d.is_pull_request, d.git_reference, d.author) for d in discussions] == [
        (1, "Propose v2", True, "refs/pr/1", "alice")]
    assert list(api.get_repo_discussions(repo, discussion_type="discussion")) == []

    with open(api.hf_hub_download(repo, "README.md", revision="refs/pr/1"), "rb") as f:
        assert f.read() == README_V2
    with open(api.hf_hub_download(repo, "README.md"), "rb") as f:
        assert f.read() == README_V1

    refs = api.list_repo_refs(repo, include_pull_requests=True)
    assert [(r.ref, r.target_commit) for r in refs.pull_requests] == [("refs/pr/1", pr.oid)]
    details = api.get_discussion_details(repo, 1)
    assert details.target_branch == "refs/heads/main" and details.conflicting_files == []
    assert [e.oid for e in details.events if e.type == "commit"] == [pr.oid]
    assert "-license: mit" in details.diff and "+license: apache-2.0" in details.diff

    # committing to refs/pr/1 appends to the PR
    more = api.upload_file(path_or_fileobj=b"extra", path_in_repo="extra.txt", repo_id=repo, revision="refs/pr/1")
    assert local_hub.tip(repo, "refs/pr/1") == more.oid and local_hub.tip(repo) == base.oid
    assert local_hub.pull_requests(repo)[0].commits == [pr.oid, more.oid]


def test_pull_request_by_someone_else_and_explicit_create_pull_request(local_hub, api, repo):
    bob = local_hub.api(local_hub.other_token)
    with pytest.raises(HfHubHTTPError) as exc:  # bob cannot write alice's main...
        bob.upload_file(path_or_fileobj=b"b", path_in_repo="b.txt", repo_id=repo)
    assert exc.value.response.status_code == 403
    proposal = bob.upload_file(path_or_fileobj=b"b", path_in_repo="b.txt", repo_id=repo, create_pr=True)
    assert proposal.pr_revision == "refs/pr/1"  # ...but can open a PR on it

    draft = api.create_pull_request(repo, title="Draft from the API")  # POST /discussions then GET ?diff=1
    assert (draft.num, draft.status, draft.git_reference, draft.is_pull_request) == (2, "draft", "refs/pr/2", True)
    assert local_hub.tip(repo, "refs/pr/2") == local_hub.tip(repo)  # starts at the base tip
    api.upload_file(path_or_fileobj=README_V2, path_in_repo="README.md", repo_id=repo, revision=draft.git_reference)
    assert local_hub.read_file(repo, "README.md", "refs/pr/2") == README_V2
    assert {d.author for d in api.get_repo_discussions(repo)} == {"alice", "bob"}
    assert [d.num for d in api.get_repo_discussions(repo, author="bob")] == [1]

    with pytest.raises(RevisionNotFoundError):  # PRs target branches only
        api.create_commit(repo, [CommitOperationAdd("c", b"c")], commit_message="c", create_pr=True,
                          revision=local_hub.tip(repo))


def test_discussion_authors_as_the_hub_gives_them(local_hub, api, repo):
    """The Hub's discussion author is the user object its pages show (as in trufflehog's recorded replies of
    /api/models/{id}/discussions, June 2024: avatarUrl, fullname, name, type, isPro, isHf, isMod, and on an event
    isOwner and isOrgMember); a deleted account's discussions come without one, which huggingface_hub reads as
    "deleted" (its get_repo_discussions: ``discussion.get("author", {}).get("name", "deleted")``)."""
    _commit_v1(api)
    local_hub.api(local_hub.other_token).upload_file(path_or_fileobj=b"b", path_in_repo="b.txt", repo_id=repo,
                                                     create_pr=True)

    def raw(path: str, token: str | None = local_hub.token) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(f"{local_hub.endpoint}/api/models/{repo}/{path}", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    body = raw("discussions/1")
    assert body["author"] == {"avatarUrl": "/avatars/bob.svg", "fullname": "Bob Local", "name": "bob", "type": "user",
                              "isPro": False, "isHf": False, "isMod": False}
    assert body["events"][0]["author"] == {**body["author"], "isOwner": False, "isOrgMember": False}
    assert raw("discussions")["discussions"][0]["author"] == body["author"]
    local_hub.delete_user("bob")
    assert [d.author for d in api.get_repo_discussions(repo)] == ["deleted"]
    assert api.get_discussion_details(repo, 1).author == "deleted"
    assert "author" not in raw("discussions", None)["discussions"][0]


# ---------------------------------------------------------------------------------------------
# Not-found errors: the client's own exception types
# ---------------------------------------------------------------------------------------------
def test_not_found_errors_are_the_clients_types(local_hub, api, repo):
    _commit_v1(api)
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("alice/missing")
    with pytest.raises(RepositoryNotFoundError):
        api.hf_hub_download("alice/missing", "README.md")
    with pytest.raises(RepositoryNotFoundError, match="Creating a commit assumes that the repo already exists"):
        api.create_commit("alice/missing", [CommitOperationAdd("a", b"a")], commit_message="a")

    with pytest.raises(RevisionNotFoundError):
        api.model_info(repo, revision="no-such-branch")
    with pytest.raises(RevisionNotFoundError):
        api.hf_hub_download(repo, "README.md", revision="no-such-branch")
    with pytest.raises(RevisionNotFoundError):
        api.list_repo_commits(repo, revision="no-such-branch")

    with pytest.raises(EntryNotFoundError) as exc:
        api.hf_hub_download(repo, "nope.md")
    assert isinstance(exc.value, HfHubHTTPError) and exc.value.response.status_code == 404
    assert exc.value.response.headers["X-Repo-Commit"] == local_hub.tip(repo)
    assert not api.file_exists(repo, "nope.md") and api.file_exists(repo, "README.md")

    with pytest.raises(EntryNotFoundError, match="A file with this name doesn't exist"):
        api.create_commit(repo, [CommitOperationDelete("nope.md")], commit_message="rm")
    assert local_hub.commit_count(repo) == 1


# ---------------------------------------------------------------------------------------------
# validate-yaml
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("readme, message", [
    (b"---\nlicense: mit\nlicense: apache-2.0\n---\n", "duplicated mapping key"),
    (b"---\nlicense: not-a-license\n---\n", '"license" must be one of'),
    (b"---\nlicense: mit\nbase_model: ''\n---\n", '"base_model" is not allowed to be empty'),
    (b"---\nbase_model:\n- ''\n---\n", '"base_model" is not allowed to be empty'),
    (b"---\nmodel-index:\n- name: x\n---\n", '"model-index[0].results" is required'),
    (b"---\nmodel-index:\n- results: []\n---\n", '"model-index[0].name" is required'),
    (b"---\nlicense: [mit\n---\n", "Error parsing YAML metadata"),
    (b"---\ndatasets:\n- /var/hf/images/\n---\n", '"datasets[0]" with value "/var/hf/images/" is not valid'),
    (b"---\ndatasets: librispeech 960h\n---\n", '"datasets" with value "librispeech 960h" is not valid'),
    (b"---\nlanguage: noinfo\n---\n", '"language" with value "noinfo" is not valid. It must be an ISO 639-1, 639-2 '
                                       'or 639-3 code (two/three letters), or a special value like "code", "multilingual".'),
    (b"---\nlanguage:\n- en\n- jp\n---\n", '"language[1]" with value "jp" is not valid'),
    (b"---\nlanguage: es-ES\n---\n", '"language" with value "es-ES" is not valid'),
    (b"---\nlanguage: [zh-CN]\n---\n", '"language[0]" with value "zh-CN" is not valid'),
    (b"---\nlanguage: en_unnorm\n---\n", '"language" with value "en_unnorm" is not valid'),
    (b"---\nlanguage: English\n---\n", '"language" with value "English" is not valid'),
    (b"---\nlanguage: [sv, gmq]\n---\n", '"language[1]" with value "gmq" is not valid'),
    (b"---\nlanguage:\n---\n", '"language" does not match any of the allowed types'),
    (b"---\nlanguage: [en, null]\n---\n", '"language[1]" does not match any of the allowed types'),
], ids=["duplicate-key", "license", "empty-base-model", "empty-base-model-id", "no-results", "no-name", "broken-yaml",
        "dataset-path", "dataset-prose", "language-noinfo", "language-jp", "language-region", "language-region-list",
        "language-espnet", "language-name", "language-family", "language-null", "language-null-item"])
def test_invalid_card_metadata_is_rejected_before_any_upload(local_hub, api, repo, readme, message):
    with pytest.raises(ValueError, match="Invalid metadata in README.md") as exc:
        api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    assert message in str(exc.value)
    assert local_hub.counts() == {"validate-yaml": 1} and local_hub.commit_count() == 0


@pytest.mark.parametrize("language", ["en", "[fr, deu]", "ger", "roa", "mul", "code", "multilingual", "qtd", "no",
                                      '"no"', "[]"])
def test_language_codes_the_hub_takes_are_taken(local_hub, api, repo, language):
    """The Hub takes ISO 639-1, 639-2 (B codes such as `ger`, collective ones such as `roa`, which is a 639-5 family
    too) and 639-3 codes and its special values (its words: "It must be an ISO 639-1, 639-2 or 639-3 code
    (two/three letters), or a special value like "code", "multilingual""); 639-2's range for local use (`qtd`) is
    639-2 codes too; YAML 1.1's `no` is a string to the Hub. check_metadata takes each (`qtd` with a warning), so
    a publish that keeps a person's value is never stopped where the Hub would take it."""
    from generator.records.hubrules import check_metadata

    readme = f"---\nlanguage: {language}\n---\n".encode()
    api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    assert local_hub.read_file(repo, "README.md") == readme
    value = yaml.safe_load(readme.decode().strip("-\n"))["language"]
    value = "no" if value is False else value  # as the Hub's js-yaml reads it
    assert [p for p in check_metadata({"language": value}) if p.severity == "error"] == []


@pytest.mark.parametrize("language", ["noinfo", "jp", "es-ES", "[zh-CN]", "English", "[sv, gmq]", "", "[en, null]"])
def test_language_values_the_local_hub_refuses_check_metadata_refuses(local_hub, api, repo, language):
    """One rule in three places: what the local Hub refuses, check_metadata calls an error (so the pre-push check
    stops the publish before the Hub would)."""
    from generator.records.hubrules import check_metadata

    readme = f"---\nlanguage: {language}\n---\n".encode()
    with pytest.raises(ValueError, match="Invalid metadata in README.md"):
        api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    value = yaml.safe_load(readme.decode().strip("-\n"))["language"]
    assert [p for p in check_metadata({"language": value}) if p.severity == "error"]


def test_an_empty_base_model_list_is_taken_as_the_hub_takes_it(local_hub, api, repo):
    """mergekit's card of a merge of local models, `base_model: []`, is on the Hub (MarinaraSpaghetti/
    NemoMix-Unleashed-12B, tests/publish_shapes/ORIGINS.txt): the Hub took it, and so does the local Hub, as hubrules
    says (a warning: the Hub shows no base model)."""
    from generator.records.hubrules import check_metadata

    readme = (Path(__file__).parent / "publish_shapes" / "mergekit_empty_base_model.md").read_bytes()
    assert b"\nbase_model: []\n" in readme
    api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    assert local_hub.read_file(repo, "README.md") == readme
    assert [(p.severity, p.code) for p in check_metadata({"base_model": []})] == [("warning", "empty-value")]


def test_valid_and_missing_card_metadata(local_hub, api, repo):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.upload_file(path_or_fileobj=README_V1, path_in_repo="README.md", repo_id=repo)  # no warning
    with pytest.warns(UserWarning, match="empty or missing yaml metadata"):
        api.upload_file(path_or_fileobj=b"# no front matter\n", path_in_repo="README.md", repo_id=repo)
    assert local_hub.commit_count(repo) == 2
    local_hub.yaml_rules.append(lambda meta, repo_type: ["custom rule"] if "tags" not in meta else [])
    with pytest.raises(ValueError, match="custom rule"):
        api.upload_file(path_or_fileobj=README_V2, path_in_repo="README.md", repo_id=repo)


# ---------------------------------------------------------------------------------------------
# Counters
# ---------------------------------------------------------------------------------------------
def test_unchanged_content_makes_no_commit_and_counters_show_it(local_hub, api, repo):
    first = _commit_v1(api)
    local_hub.reset_counters()
    again = _commit_v1(api)  # same bytes: preupload returns matching oids, the client skips the commit
    assert again.oid == first.oid
    assert local_hub.commit_count() == 0
    assert local_hub.requests == [("POST", "/api/validate-yaml"), ("POST", f"/api/models/{repo}/preupload/main"),
                                  ("GET", f"/api/models/{repo}/revision/main")]
    assert local_hub.count() == 3 and local_hub.count("commit") == 0 and local_hub.count(method="POST") == 2


# ---------------------------------------------------------------------------------------------
# Fault injection and the client's real retry behaviour
# ---------------------------------------------------------------------------------------------
@RETRIES_OF_1X
def test_500_on_preupload_is_retried_by_the_client(local_hub, api, repo):
    local_hub.fail_next(1, 500, kind="preupload")
    start = time.monotonic()
    info = _commit_v1(api)  # preupload goes through http_backoff: waits 1 s, then succeeds
    assert time.monotonic() - start >= 0.9
    assert local_hub.count("preupload") == 2 and local_hub.count("commit") == 1
    assert [r.status for r in local_hub.request_log if r.kind == "preupload"] == [500, 200]
    assert local_hub.tip(repo) == info.oid


def test_5xx_on_commit_and_repo_info_is_not_retried(local_hub, api, repo, recorded_sleeps):
    local_hub.fail_next(1, 503, kind="commit")
    with pytest.raises(HfHubHTTPError) as exc:
        _commit_v1(api)
    assert exc.value.response.status_code == 503
    assert local_hub.count("commit") == 1 and local_hub.commit_count() == 0 and recorded_sleeps == []

    local_hub.fail_next(1, 502, path_contains=f"/api/models/{repo}", method="GET")
    with pytest.raises(HfHubHTTPError) as exc:
        api.model_info(repo)
    assert exc.value.response.status_code == 502 and recorded_sleeps == []
    assert api.model_info(repo).sha == local_hub.tip(repo)  # the fault was consumed


@RETRIES_OF_1X
def test_429_with_retry_after_and_ratelimit_headers(local_hub, api, repo, recorded_sleeps):
    # list_repo_commits is paginated -> http_backoff: Retry-After: 7 -> waits 8 s (recorded, not slept)
    local_hub.fail_next(2, 429, retry_after=7, kind="commits")
    assert len(api.list_repo_commits(repo)) == 1
    assert recorded_sleeps == [8.0, 8.0]
    assert [r.status for r in local_hub.request_log if r.kind == "commits"] == [429, 429, 200]

    # the Hub's RateLimit header (r=0;t=N) wins over Retry-After
    recorded_sleeps.clear()
    local_hub.fail_next(1, 429, retry_after=30, ratelimit_reset=3, kind="preupload")
    _commit_v1(api)
    assert recorded_sleeps == [4.0]

    # not retried: model_info -> HfHubHTTPError 429 with the header visible
    local_hub.fail_next(1, 429, retry_after=5, kind="repo-info")
    with pytest.raises(HfHubHTTPError) as exc:
        api.model_info(repo)
    assert exc.value.response.status_code == 429 and exc.value.response.headers["Retry-After"] == "5"


@RETRIES_OF_1X
def test_retry_after_applies_to_5xx_too_and_backoff_doubles(local_hub, api, repo, recorded_sleeps):
    local_hub.fail_next(1, 503, retry_after=2, kind="preupload")
    _commit_v1(api)
    assert recorded_sleeps == [3.0]  # Retry-After + 1, on a 503 (not only on 429)
    recorded_sleeps.clear()
    local_hub.fail_next(3, 500, kind="preupload")
    api.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt", repo_id=repo)
    assert recorded_sleeps == [1, 2, 4]
    assert local_hub.count("preupload") == 6 and local_hub.commit_count(repo) == 2


def test_download_survives_one_500_on_head(local_hub, api, repo):
    _commit_v1(api)
    local_hub.fail_next(1, 500, kind="resolve", method="HEAD")
    with open(api.hf_hub_download(repo, "README.md"), "rb") as f:
        assert f.read() == README_V1
    assert [(r.method, r.status) for r in local_hub.request_log if r.kind == "resolve"] == [
        ("HEAD", 500), ("HEAD", 200), ("GET", 200)]


def test_dropped_connection_before_apply(local_hub, api, repo):
    local_hub.drop_connection_next(path_contains="/commit/")
    with pytest.raises(TRANSPORT_ERRORS):  # RemoteProtocolError: server disconnected
        _commit_v1(api)
    assert local_hub.commit_count() == 0 and len(local_hub.commits(repo)) == 1
    assert [r.status for r in local_hub.request_log if r.kind == "commit"] == [None]


def test_dropped_connection_after_apply_keeps_the_commit(local_hub, api, repo):
    local_hub.drop_connection_next(path_contains="/commit/", after_apply=True)
    with pytest.raises(TRANSPORT_ERRORS):
        _commit_v1(api)
    # the client never saw an answer, yet the commit exists: a publisher must check before retrying
    assert local_hub.commit_count(repo) == 1
    assert api.list_repo_commits(repo)[0].title == "Add card"
    with open(api.hf_hub_download(repo, "README.md"), "rb") as f:
        assert f.read() == README_V1
    # ...and a blind retry now is a no-op in the client (same bytes) rather than a duplicate commit
    _commit_v1(api)
    assert local_hub.commit_count(repo) == 1


def test_slow_response_hits_the_client_timeout(local_hub, api, repo):
    local_hub.slow_next(0.6, kind="repo-info")
    with pytest.raises(TIMEOUT_ERRORS):
        api.model_info(repo, timeout=0.2)
    local_hub.slow_next(0.2, kind="repo-info")
    start = time.monotonic()
    assert api.model_info(repo, timeout=5).sha == local_hub.tip(repo)
    assert time.monotonic() - start >= 0.2


def test_latency_delays_every_request_and_hang_never_answers(local_hub, api, repo):
    local_hub.latency = 0.5
    with pytest.raises(TIMEOUT_ERRORS):
        api.model_info(repo, timeout=0.1)
    assert api.model_info(repo, timeout=30).sha == local_hub.tip(repo)
    local_hub.latency = 0.0
    local_hub.hang_next(kind="repo-info")
    with pytest.raises(TIMEOUT_ERRORS):
        api.model_info(repo, timeout=0.5)
    local_hub.clear_faults()  # releases the hung request
    assert api.model_info(repo, timeout=30).sha == local_hub.tip(repo)
    local_hub.reset()
    assert local_hub.latency == 0.0 and LocalHub(latency=0.05).latency == 0.05  # reset keeps the constructor's


def test_resolve_307_redirect_mode_like_the_real_hub(local_hub, api, repo):
    info = _commit_v1(api)
    local_hub.redirect_resolve = True
    with open(api.hf_hub_download(repo, ".eval_results/x.yaml"), "rb") as f:
        assert f.read() == EVAL_YAML
    kinds = [(r.method, r.kind, r.status) for r in local_hub.request_log if "resolve" in r.kind]
    assert kinds[0] == ("HEAD", "resolve", 307) and ("GET", "resolve-cache", 200) in kinds
    assert any(f"/{info.oid}/" in r.path for r in local_hub.request_log if r.kind == "resolve-cache")


def test_comment_close_and_merge_pull_requests(local_hub, api, repo):
    base = _commit_v1(api)
    first = api.create_commit(repo, [CommitOperationAdd("a.txt", b"a")], commit_message="Add a", create_pr=True)
    second = api.create_commit(repo, [CommitOperationAdd("README.md", README_V2),
                                      CommitOperationDelete(".eval_results/x.yaml")],
                               commit_message="Card v2", create_pr=True)
    comment = api.comment_discussion(repo, first.pr_num, "superseded")
    assert comment.content == "superseded" and comment.author == "alice"
    assert api.change_discussion_status(repo, first.pr_num, "closed").new_status == "closed"
    assert [d.num for d in api.get_repo_discussions(repo, discussion_status="open")] == [second.pr_num]
    assert [d.num for d in api.get_repo_discussions(repo, discussion_status="closed")] == [first.pr_num]

    local_hub.commit_files(repo, {"other.txt": "main moved on"})  # non-conflicting change on main
    api.merge_pull_request(repo, second.pr_num)
    details = api.get_discussion_details(repo, second.pr_num)
    assert details.status == "merged" and details.merge_commit_oid == local_hub.tip(repo)
    expected = {**local_hub.files(repo, base.oid), "README.md": README_V2, "other.txt": b"main moved on"}
    del expected[".eval_results/x.yaml"]
    assert local_hub.files(repo) == expected
    assert local_hub.commits(repo)[0].title == "Card v2" and local_hub.commit_count(repo) == 4
    assert [e.type for e in details.events] == ["comment", "commit", "status-change"]
    assert local_hub.read_file(repo, "a.txt") is None  # the closed PR never reached main


def test_unimplemented_routes_are_reported_not_faked(local_hub):
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{local_hub.endpoint}/api/models/alice/x/not-a-route")
    assert exc.value.code == 404
    assert local_hub.problems() == ["unhandled route: GET /api/models/alice/x/not-a-route"]
    local_hub.unhandled.clear()  # otherwise the fixture fails this test at teardown, as intended


def test_a_file_an_lfs_rule_matches_is_listed_as_the_hub_stores_it(local_hub, api):
    """A repo whose .gitattributes stores `*.yaml` in LFS (`git lfs track "*.yaml"`): the Hub's git keeps the LFS
    pointer, so repo_info's ``blob_id`` and the tree's ``blob_id`` are the pointer's git blob and ``lfs.sha256`` the
    content's (what huggingface_hub 2.4 gives for a small YAML file so stored); the file downloads as it is."""
    import hashlib

    from tests.hubserver.state import DEFAULT_GITATTRIBUTES, git_blob_sha1

    local_hub.create_repo("alice/lfs-yaml")
    data = b"- dataset: {id: cais/hle, task_id: hle}\n  value: 20.9\n"
    local_hub.commit_files("alice/lfs-yaml", {".gitattributes": DEFAULT_GITATTRIBUTES + "*.yaml filter=lfs diff=lfs "
                                              "merge=lfs -text\n", ".eval_results/hle.yaml": data, "a.md": "x"})
    sha = hashlib.sha256(data).hexdigest()
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {len(data)}\n".encode()
    siblings = {s.rfilename: s for s in api.repo_info("alice/lfs-yaml", files_metadata=True).siblings}
    hle = siblings[".eval_results/hle.yaml"]
    assert hle.blob_id == git_blob_sha1(pointer) != git_blob_sha1(data)
    assert hle.lfs.sha256 == sha and hle.lfs.size == len(data) and hle.size == len(data)
    assert siblings["a.md"].lfs is None and siblings["a.md"].blob_id == git_blob_sha1(b"x")
    tree = {f.path: f for f in api.list_repo_tree("alice/lfs-yaml", recursive=True) if hasattr(f, "lfs")}
    assert tree[".eval_results/hle.yaml"].blob_id == hle.blob_id and tree[".eval_results/hle.yaml"].lfs.sha256 == sha
    info = api.get_paths_info("alice/lfs-yaml", [".eval_results/hle.yaml"])
    assert info[0].blob_id == hle.blob_id and info[0].lfs.sha256 == sha
    assert local_hub.read_file("alice/lfs-yaml", ".eval_results/hle.yaml") == data
    path = api.hf_hub_download("alice/lfs-yaml", ".eval_results/hle.yaml")
    with open(path, "rb") as f:
        assert f.read() == data
