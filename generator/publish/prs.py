"""Pull request mode (``--create-pr``): one open pull request a card. A pipeline run again finds the pull request
an earlier run opened and left open: it already holds the change (reported, nothing pushed), or it is pushed to
(its files made what publishing now writes over the branch), instead of a second pull request opening beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from generator.publish.remote import Content, _bytes, _download, _holds, _lfs_shas, _Remote
from generator.publish.session import Session

# how the generator titles its commits (publish._message): a pull request so titled is one of its runs'
_OURS = re.compile(r" \(modelcard-generator [^()\s]+\)$")


@dataclass(frozen=True)
class OpenPr:
    """An open pull request an earlier run opened for this card."""

    num: int
    url: str
    ref: str  # refs/pr/N
    sha: str  # its head commit, the parent of a commit pushed to it
    holds: bool  # its files already hold the change
    blobs: dict[str, str]  # its files: path -> git blob


def open_pr(session: Session, repo_id: str, repo_type: str, title: str, changed: dict[str, Content],
            branch: Optional[str]) -> Optional[OpenPr]:
    """Of the open pull requests into ``branch`` (None: main) titled ``title``, or as the generator titles its commits
    when ``title`` is one such, newest first: the first whose files hold ``changed``, else the newest (None: none)."""
    ours = _OURS.search(title)
    discussions = session.call(lambda: list(session.api.get_repo_discussions(
        repo_id, repo_type=repo_type, discussion_type="pull_request", discussion_status="open")), "list pull requests")
    newest: Optional[OpenPr] = None
    for pr in sorted(discussions, key=lambda d: -d.num):
        if pr.title != title and not (ours and _OURS.search(pr.title)):
            continue
        ref: str = pr.git_reference

        def details(num: int = pr.num) -> Any:
            return session.api.get_discussion_details(repo_id, num, repo_type=repo_type)

        target = session.call(details, "read pull request").target_branch or ""
        if target.removeprefix("refs/heads/") != (branch or "main"):
            continue

        def read_pr(ref: str = ref) -> Any:
            return session.api.repo_info(repo_id, repo_type=repo_type, revision=ref, files_metadata=True)

        info = session.call(read_pr, "read pull request")
        blobs = {s.rfilename: (getattr(s, "blob_id", None) or "") for s in (info.siblings or [])}
        lfs = _lfs_shas(info)
        found = OpenPr(pr.num, pr.url, ref, info.sha, all(_holds(blobs, lfs, p, c) for p, c in changed.items()),
                       blobs)
        if found.holds:
            return found
        newest = newest or found
    return newest


def operations_onto(session: Session, repo_id: str, repo_type: str, pr: OpenPr, remote: _Remote,
                    changed: dict[str, Content]) -> list[Any]:
    """The commit that makes ``pr``'s files the branch's (``remote``) with ``changed`` written over them: ``changed``,
    and each other file the pull request changed put back as the branch has it (a score an earlier run wrote that
    this one no longer changes), or deleted where the branch lacks it."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    operations: list[Any] = [CommitOperationAdd(path_in_repo=path, path_or_fileobj=_bytes(content))
                             for path, content in sorted(changed.items())]
    for path in sorted(set(pr.blobs) | set(remote.blobs)):
        if path in changed or pr.blobs.get(path) == remote.blobs.get(path):
            continue
        if path not in remote.blobs:
            operations.append(CommitOperationDelete(path_in_repo=path))
        else:
            def read(path: str = path) -> bytes:
                return _download(session.api, repo_id, path, repo_type, remote.sha or "")

            operations.append(CommitOperationAdd(path_in_repo=path, path_or_fileobj=session.call(read, f"read {path}")))
    return operations
