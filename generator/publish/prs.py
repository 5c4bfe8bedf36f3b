"""Pull request mode (``--create-pr``): one open pull request a card. A pipeline run again finds the pull request
an earlier run opened and left open (the token's user its author): it already holds the change (reported, nothing
pushed), or it is pushed to (its files made what publishing now writes over the branch), instead of a second pull
request opening beside it; when the records give what the branch holds again, it is closed as stale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from generator import __version__
from generator.publish.remote import Content, Remote, as_bytes, download, holds, lfs_shas
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


def our_prs(session: Session, repo_id: str, repo_type: str, title: str,
            branch: Optional[str]) -> list[tuple[Any, Any]]:
    """The open pull requests into ``branch`` (None: main) an earlier run opened, newest first, each with its details:
    opened by the token's user (the Hub's ``author``: a colleague's pull request of the same title is theirs) and
    titled ``title``, or as the generator titles its commits when ``title`` is one such. Read once a publish, for
    :func:`open_pr` and :func:`stale_prs` both."""
    return list(_ours(session, repo_id, repo_type, title, branch))


def _ours(session: Session, repo_id: str, repo_type: str, title: str,
          branch: Optional[str]) -> Iterator[tuple[Any, Any]]:
    ours = _OURS.search(title)
    discussions = session.call(lambda: list(session.api.get_repo_discussions(
        repo_id, repo_type=repo_type, discussion_type="pull_request", discussion_status="open")),
        "list pull requests")
    titled = [pr for pr in discussions if pr.title == title or (ours and _OURS.search(pr.title))]
    # who the token's user is only when a pull request is titled as ours: most repositories have none open, and a
    # publish then asks one request, not two
    user = session.user() if titled else None
    if user is None:  # none titled as ours, or no token: no pull request is ours
        return
    for pr in sorted(titled, key=lambda d: -d.num):
        if pr.author != user:
            continue

        def details(num: int = pr.num) -> Any:
            return session.api.get_discussion_details(repo_id, num, repo_type=repo_type)

        found = session.call(details, "read pull request")
        if (found.target_branch or "").removeprefix("refs/heads/") == (branch or "main"):
            yield pr, found


def open_pr(session: Session, repo_id: str, repo_type: str, ours: list[tuple[Any, Any]],
            changed: dict[str, Content]) -> Optional[OpenPr]:
    """Of our open pull requests (``ours``: :func:`our_prs`), newest first: the first whose files hold ``changed``,
    else the newest (None: none)."""
    newest: Optional[OpenPr] = None
    for pr, _ in ours:
        ref: str = pr.git_reference

        def read_pr(ref: str = ref) -> Any:
            return session.api.repo_info(repo_id, repo_type=repo_type, revision=ref, files_metadata=True)

        info = session.call(read_pr, "read pull request")
        blobs = {s.rfilename: (getattr(s, "blob_id", None) or "") for s in (info.siblings or [])}
        lfs = lfs_shas(info)
        found = OpenPr(pr.num, pr.url, ref, info.sha, all(holds(blobs, lfs, p, c) for p, c in changed.items()),
                       blobs)
        if found.holds:
            return found
        newest = newest or found
    return newest


@dataclass(frozen=True)
class StalePr:
    """An open pull request of ours whose change the records no longer make: the branch already holds the card."""

    num: int
    url: str
    others: tuple[str, ...]  # who else pushed to it (then it is left open: their work is in it)


def stale_prs(session: Session, ours: list[tuple[Any, Any]]) -> list[StalePr]:
    """Our open pull requests (``ours``: :func:`our_prs`) as stale ones, when the records give what their branch
    holds, each with who else pushed to it."""
    user = session.user() if ours else None  # (asked by our_prs already when it found one: remembered)
    return [StalePr(pr.num, pr.url, tuple(sorted({e.author for e in details.events
                                                   if e.type == "commit" and e.author != user})))
            for pr, details in ours]


def close_stale(session: Session, repo_id: str, repo_type: str, stale: list[StalePr], branch: Optional[str],
                instead: Optional[int] = None) -> str:
    """Close each stale pull request only we pushed to, with a comment saying why: ``branch`` holds the card the
    records give now, or (``instead``) our pull request of that number holds its change; what the report says."""
    why = (f"the pull request #{instead} holds this card's change now (one pull request a card)" if instead else
           f"`{branch or 'main'}` already holds the card the records give now")
    comment = (f"Closed by modelcard-generator {__version__}: {why}, so this pull request's change is stale. A later "
               "run opens a new pull request when the records change.")
    for pr in stale:
        if not pr.others:
            def close(num: int = pr.num) -> Any:
                return session.api.change_discussion_status(repo_id, num, "closed", comment=comment,
                                                            repo_type=repo_type)

            session.call(close, "close pull request")
    return stale_note(stale, branch, done=True, instead=instead)


def stale_note(stale: list[StalePr], branch: Optional[str], done: bool, instead: Optional[int] = None) -> str:
    """What a publish (``done``) or a dry run says of our stale open pull requests: closed, or left open because
    someone else pushed to them. ``instead``: the number of our pull request that holds the change now."""
    def listed(prs: list[StalePr]) -> str:
        return f"pull request{'s' if len(prs) > 1 else ''} " + ", ".join(
            f"#{pr.num}" + (f" (also pushed to by {', '.join(pr.others)})" if pr.others else "") for pr in prs)

    closed, left = [pr for pr in stale if not pr.others], [pr for pr in stale if pr.others]
    held = f"#{instead} holds this card's change" if instead else f"`{branch or 'main'}` already holds this card"
    notes = [f"{'closed' if done else 'would close'} the open {listed(closed)}, which an earlier run opened: {held}"
             ] if closed else []
    if left:
        notes.append(f"{'left' if done else 'would leave'} open the {listed(left)}, which an earlier run opened: "
                     f"{held} (close it on the Hub once the others' commits in it are not needed)")
    return "; ".join(notes)


def operations_onto(session: Session, repo_id: str, repo_type: str, pr: OpenPr, remote: Remote,
                    changed: dict[str, Content]) -> list[Any]:
    """The commit that makes ``pr``'s files the branch's (``remote``) with ``changed`` written over them: ``changed``,
    and each other file the pull request changed put back as the branch has it (a score an earlier run wrote that
    this one no longer changes), or deleted where the branch lacks it."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    operations: list[Any] = [CommitOperationAdd(path_in_repo=path, path_or_fileobj=as_bytes(content))
                             for path, content in sorted(changed.items())]
    for path in sorted(set(pr.blobs) | set(remote.blobs)):
        if path in changed or pr.blobs.get(path) == remote.blobs.get(path):
            continue
        if path not in remote.blobs:
            operations.append(CommitOperationDelete(path_in_repo=path))
        else:
            def read(path: str = path) -> bytes:
                return download(session.api, repo_id, path, repo_type, remote.sha or "")

            operations.append(CommitOperationAdd(path_in_repo=path, path_or_fileobj=session.call(read, f"read {path}")))
    return operations
