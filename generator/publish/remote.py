"""What a Hub repo holds, as publish reads it: one repo_info call (blob ids, LFS/Xet sha256s), and the README
only when publish needs its text. The one home of what publish, plan and prs read of the Hub: :class:`Remote`
(:func:`read_remote`), whether a file :func:`holds` a content, a repo's :func:`lfs_shas`, a file's bytes or text at
a revision (:func:`download`, :func:`download_text`) and a content as it is committed (:func:`as_bytes`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union

from generator.card.managed import FOLDER
from generator.errors import GeneratorError
from generator.io.files import git_blob_sha
from generator.io.yamlio import parse_yaml
from generator.publish.http import stack
from generator.publish.session import Session

README = "README.md"
Content = Union[str, bytes]  # text files (README, .eval_results) or binary ones (plots)


def as_bytes(content: Content) -> bytes:
    """``content`` as it is committed: a text as UTF-8."""
    return content if isinstance(content, bytes) else content.encode("utf-8")


def holds(blobs: dict[str, str], lfs: dict[str, str], path: str, content: Content) -> bool:
    """Whether the Hub's copy of ``path`` is ``content``: same git blob, or (for a file the Hub
    stored in LFS / Xet, whose blob is a pointer) the same sha256."""
    data = as_bytes(content)
    if blobs.get(path) == git_blob_sha(data):
        return True
    return path in lfs and lfs[path] == hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Remote:
    """A branch of a Hub repo as publish read it."""

    sha: Optional[str]  # None: the repo does not exist yet
    blobs: dict[str, str]  # path -> git blob id
    readme: Optional[str]
    lfs: dict[str, str] = field(default_factory=dict)  # path -> sha256, for files stored in LFS / Xet

    def holds(self, path: str, content: Content) -> bool:
        return holds(self.blobs, self.lfs, path, content)


def read_remote(session: Session, repo_id: str, repo_type: str, revision: Optional[str], need_readme: bool,
                readme_blob: str) -> Remote:
    """``revision`` (None: main) of the repo: sha None when the repo does not exist, ``new-branch:<main's sha>`` when
    the branch does not; the README's text when ``need_readme`` or its blob is not ``readme_blob``."""
    # from utils, which has them in every release: huggingface_hub.errors has them only since 0.25
    from huggingface_hub.utils import RepositoryNotFoundError, RevisionNotFoundError

    try:
        info = session.call(lambda: session.api.repo_info(repo_id, repo_type=repo_type, revision=revision,
                                                          files_metadata=True), "read repo state")
    except RepositoryNotFoundError:
        return Remote(None, {}, None)
    except RevisionNotFoundError:
        if revision is None:
            raise
        info = session.call(lambda: session.api.repo_info(repo_id, repo_type=repo_type, files_metadata=True),
                            "read repo state")
        return Remote(None if info is None else "new-branch:" + info.sha, {}, None)
    blobs = {s.rfilename: (getattr(s, "blob_id", None) or "") for s in (info.siblings or [])}
    lfs = lfs_shas(info)
    readme = None
    if README in blobs and (need_readme or blobs[README] != readme_blob):
        readme = session.call(lambda: download_text(session.api, repo_id, README, repo_type, info.sha), "read README.md")
    # a file the Hub stores in LFS/Xet (a repo tracking `*.yaml` or `*.md` so) is listed by its pointer's git blob;
    # the README's record (evals=), the records' eval_results_blob and adoption compare the content's: the blob of
    # the file itself, downloaded (README.md is, whenever its listed blob is not the card's; a `.eval_results` file
    # is small)
    for path in sorted(lfs):
        if path == README and readme is not None:
            blobs[path] = git_blob_sha(readme.encode("utf-8"))
        elif path.startswith(FOLDER + "/"):
            blobs[path] = git_blob_sha(_read_file(session, repo_id, path, repo_type, info.sha))
    return Remote(info.sha, blobs, readme, lfs)


def _read_file(session: Session, repo_id: str, path: str, repo_type: str, revision: str) -> bytes:
    return session.call(lambda: download(session.api, repo_id, path, repo_type, revision), f"read {path}")


def lfs_shas(info: Any) -> dict[str, str]:
    """The sha256 of each file of ``info`` (a repo_info answer) the Hub stores in LFS / Xet."""
    out = {}
    for s in info.siblings or []:
        lfs = getattr(s, "lfs", None)
        sha = getattr(lfs, "sha256", None) if lfs is not None and not isinstance(lfs, dict) else (lfs or {}).get("sha256")
        if sha:
            out[s.rfilename] = sha
    return out


def download(api: Any, repo_id: str, filename: str, repo_type: str, revision: str) -> bytes:
    """One GET of a file at a revision, through huggingface_hub's own HTTP session (no cache dance)."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import build_hf_headers, hf_raise_for_status

    url = hf_hub_url(repo_id, filename, repo_type=repo_type, revision=revision, endpoint=api.endpoint)
    response = stack().get(url, build_hf_headers(token=api.token))
    hf_raise_for_status(response)
    return bytes(response.content)


def download_text(api: Any, repo_id: str, filename: str, repo_type: str, revision: str) -> str:
    """A text file at a revision (a BOM kept: a dry run shows the Hub's text as it is)."""
    return download(api, repo_id, filename, repo_type, revision).decode("utf-8")


def same_data_as_read(session: Session, repo_id: str, repo_type: str, remote: Remote, files: dict[str, Content],
                      ingested: Mapping[str, Optional[str]]) -> dict[str, str]:
    """Of the `.eval_results` ``files`` publishing would write, each the records were read from (``ingested``: path ->
    the blob read) that the Hub still holds as read and whose data the file written would give unchanged, only
    spelt otherwise (a person's quotes, key order or comments): path -> the Hub's text, which stays. One download
    for each such file whose text differs."""
    kept: dict[str, str] = {}
    for path, content in sorted(files.items()):
        read = ingested.get(path)
        if not read or remote.blobs.get(path) != read or not isinstance(content, str) or remote.holds(path, content):
            continue
        text = _read_file(session, repo_id, path, repo_type, str(remote.sha)).decode("utf-8")
        try:
            same = parse_yaml(text, path, finite=False) == parse_yaml(content, path, finite=False)
        except GeneratorError:  # (the Hub's copy is that read into the records: it parses)
            same = False
        if same:
            kept[path] = text
    return kept


HISTORY_LIMIT = 100  # commits looked through for a file recorded but missing, past which it counts as deleted


def ever_held(session: Session, repo_id: str, repo_type: str, revision: Optional[str], paths: list[str],
              limit: int = HISTORY_LIMIT) -> set[str]:
    """Of ``paths`` (files the Hub's README records and the Hub lacks now), those an earlier commit held: a person
    deleted them. The others were never uploaded (a README published by session-33 code straight from a rendered
    file recorded `.eval_results` files it did not carry). The Hub gives no history of one path: its commits, newest
    first, then the paths at each (paths-info), until every path is found; a path not found within ``limit`` commits
    counts as deleted (kept, as a person's deletion is: `--force` writes it)."""
    commits = session.call(lambda: session.api.list_repo_commits(repo_id, repo_type=repo_type, revision=revision),
                           "read the history of .eval_results")
    found: set[str] = set()

    def at(wanted: list[str], oid: str) -> Any:
        return session.call(lambda: session.api.get_paths_info(repo_id, wanted, repo_type=repo_type, revision=oid),
                            "read the history of .eval_results")

    for commit in commits[1:limit + 1]:  # the newest commit is the Hub's state now, which lacks them
        wanted = [p for p in paths if p not in found]
        found.update(entry.path for entry in at(wanted, commit.commit_id))
        if len(found) == len(paths):
            return found
    if len(commits) > limit + 1:
        return set(paths)
    return found
