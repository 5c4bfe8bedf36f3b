"""In-memory model of the Hub: users, repos, immutable commits, branches, tags, PRs and discussions.

Nothing here knows about HTTP. The request handler in ``server.py`` maps requests onto these
objects; tests can also read and change the state directly through ``LocalHub``.

A commit is an immutable snapshot (parent, title, message, author, date, files). Its id is the
sha1 of a git-like serialisation of those fields, so it is 40 lowercase hex and content-derived.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Mapping

HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX_PREFIX = re.compile(r"^[0-9a-f]{4,40}$")
REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
REPO_TYPES = ("model", "dataset", "space", "kernel")

# What the Hub puts in a new repo's first commit (its standard LFS patterns).
DEFAULT_GITATTRIBUTES = """\
*.7z filter=lfs diff=lfs merge=lfs -text
*.arrow filter=lfs diff=lfs merge=lfs -text
*.bin filter=lfs diff=lfs merge=lfs -text
*.bz2 filter=lfs diff=lfs merge=lfs -text
*.ckpt filter=lfs diff=lfs merge=lfs -text
*.ftz filter=lfs diff=lfs merge=lfs -text
*.gz filter=lfs diff=lfs merge=lfs -text
*.h5 filter=lfs diff=lfs merge=lfs -text
*.joblib filter=lfs diff=lfs merge=lfs -text
*.lfs.* filter=lfs diff=lfs merge=lfs -text
*.mlmodel filter=lfs diff=lfs merge=lfs -text
*.model filter=lfs diff=lfs merge=lfs -text
*.msgpack filter=lfs diff=lfs merge=lfs -text
*.npy filter=lfs diff=lfs merge=lfs -text
*.npz filter=lfs diff=lfs merge=lfs -text
*.onnx filter=lfs diff=lfs merge=lfs -text
*.ot filter=lfs diff=lfs merge=lfs -text
*.parquet filter=lfs diff=lfs merge=lfs -text
*.pb filter=lfs diff=lfs merge=lfs -text
*.pickle filter=lfs diff=lfs merge=lfs -text
*.pkl filter=lfs diff=lfs merge=lfs -text
*.pt filter=lfs diff=lfs merge=lfs -text
*.pth filter=lfs diff=lfs merge=lfs -text
*.rar filter=lfs diff=lfs merge=lfs -text
*.safetensors filter=lfs diff=lfs merge=lfs -text
saved_model/**/* filter=lfs diff=lfs merge=lfs -text
*.tar.* filter=lfs diff=lfs merge=lfs -text
*.tar filter=lfs diff=lfs merge=lfs -text
*.tflite filter=lfs diff=lfs merge=lfs -text
*.tgz filter=lfs diff=lfs merge=lfs -text
*.wasm filter=lfs diff=lfs merge=lfs -text
*.xz filter=lfs diff=lfs merge=lfs -text
*.zip filter=lfs diff=lfs merge=lfs -text
*.zst filter=lfs diff=lfs merge=lfs -text
*tfevents* filter=lfs diff=lfs merge=lfs -text
"""


def utcnow() -> datetime:
    """Now, UTC, truncated to milliseconds: what the Hub's dates carry, so state == what clients parse."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def iso(dt: datetime) -> str:
    """The Hub's datetime format: milliseconds and a trailing Z (the client rejects +00:00)."""
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def git_blob_sha1(data: bytes) -> str:
    """git's blob id, which is what huggingface_hub computes for regular files (utils.sha.git_hash)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _lfs_patterns(files: Mapping[str, bytes]) -> list[str]:
    """The patterns of the commit's .gitattributes that store files in LFS (``filter=lfs``)."""
    out = []
    for line in files.get(".gitattributes", b"").decode("utf-8", "replace").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#") and "filter=lfs" in parts[1:]:
            out.append(parts[0])
    return out


def lfs_info(files: Mapping[str, bytes], path: str) -> dict | None:
    """How the Hub stores ``path`` of a commit holding ``files`` when an LFS rule of its .gitattributes matches it
    (git's rule: a pattern without a slash matches the file name at any depth; ``**`` any folders): git keeps the
    LFS pointer, whose blob is what the listing's ``blobId``/``oid`` gives, with the content's sha256 beside it
    (``pointer``, ``sha256``, ``size``). None for a file stored as it is. This local Hub takes every upload as
    ``regular`` (preupload) and stores by the rule, where the real Hub has the client upload such a file through
    LFS/Xet: the stored state, which is what a client reads back, is the same."""
    patterns = _lfs_patterns(files)
    if not patterns or path not in files:
        return None
    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = name if "/" not in pattern.strip("/") else path
        if fnmatch.fnmatchcase(target, pattern.strip("/").replace("**/", "*")) or \
                fnmatch.fnmatchcase(target, pattern.strip("/")):
            data = files[path]
            sha = hashlib.sha256(data).hexdigest()
            pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {len(data)}\n".encode()
            return {"pointer": pointer, "sha256": sha, "size": len(data)}
    return None


def stored_blob(files: Mapping[str, bytes], path: str) -> str:
    """The git blob id the Hub lists for ``path``: of its LFS pointer when an LFS rule stores it so, else of it."""
    info = lfs_info(files, path)
    return git_blob_sha1(info["pointer"] if info else files[path])


def tree_sha1(entries: Mapping[str, str]) -> str:
    """A stable id for a set of (path -> blob id); not git's tree format, but content-derived."""
    h = hashlib.sha1(b"tree\0")
    for path in sorted(entries):
        h.update(path.encode() + b"\0" + entries[path].encode() + b"\n")
    return h.hexdigest()


class HubError(Exception):
    """An error answered in the Hub's shape: status, optional X-Error-Code, message, extra JSON."""

    def __init__(self, status: int, message: str, code: str | None = None, *, headers: dict | None = None,
                 body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})
        self.body = body


def repo_not_found(authenticated: bool = True) -> HubError:
    # Real Hub: 404 when authenticated, 401 when anonymous; always X-Error-Code: RepoNotFound.
    return HubError(404 if authenticated else 401, "Repository not found", "RepoNotFound")


def revision_not_found(rev: str) -> HubError:
    return HubError(404, f"Invalid rev id: {rev}", "RevisionNotFound")


@dataclass(frozen=True)
class User:
    name: str
    fullname: str
    orgs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Token:
    value: str
    user: str
    role: str = "write"  # "read" or "write"
    display_name: str = "local"


@dataclass(frozen=True)
class Commit:
    oid: str
    parents: tuple[str, ...]
    title: str
    message: str
    author: str
    date: datetime
    files: Mapping[str, bytes]  # read-only snapshot: path -> content

    @property
    def parent(self) -> str | None:
        return self.parents[0] if self.parents else None

    def blob_ids(self) -> dict[str, str]:
        return {path: git_blob_sha1(data) for path, data in self.files.items()}


@dataclass
class Discussion:
    num: int
    title: str
    author: str
    created_at: datetime
    is_pull_request: bool
    status: str  # "open" | "closed" | "merged" | "draft"
    description: str
    base_branch: str | None = None  # PRs: the branch they target
    base_commit: str | None = None  # PRs: the commit the PR ref started from
    commits: list[str] = field(default_factory=list)  # PRs: commits pushed to refs/pr/N
    merge_commit: str | None = None
    events: list[dict] = field(default_factory=list)  # the Hub's event dicts, oldest first

    def add_event(self, kind: str, author: str, data: dict, date: datetime | None = None) -> dict:
        date = date or utcnow()
        event = {"id": f"{self.num:08x}{len(self.events):08x}{int(date.timestamp()) & 0xFFFFFFFF:08x}",
                 "type": kind, "createdAt": iso(date), "author": {"name": author, "type": "user"}, "data": data}
        self.events.append(event)
        return event

    def add_comment(self, author: str, text: str, date: datetime | None = None) -> dict:
        return self.add_event("comment", author, {
            "edited": False, "hidden": False, "numEdits": 0, "editors": [author], "reactions": [],
            "identifiedLanguage": {"language": "en", "probability": 1.0},
            "latest": {"raw": text, "html": f"<p>{html.escape(text)}</p>", "updatedAt": iso(date or utcnow()),
                       "author": {"name": author}}}, date)

    def add_commit_event(self, commit: "Commit") -> dict:
        self.commits.append(commit.oid)
        return self.add_event("commit", commit.author, {"subject": commit.title, "oid": commit.oid}, commit.date)

    @property
    def git_reference(self) -> str | None:
        return f"refs/pr/{self.num}" if self.is_pull_request else None


@dataclass
class Repo:
    type: str
    id: str  # canonical "ns/name"
    private: bool
    created_at: datetime
    author: str
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    pr_refs: dict[int, str] = field(default_factory=dict)  # N -> tip oid of refs/pr/N
    discussions: dict[int, Discussion] = field(default_factory=dict)
    opaque_id: str = ""

    @property
    def namespace(self) -> str:
        return self.id.split("/")[0]

    def next_discussion_num(self) -> int:
        return max(self.discussions, default=0) + 1

    # ---- revisions ---------------------------------------------------------------------------
    def resolve(self, rev: str) -> str:
        """Branch, tag, refs/heads/X, refs/tags/X, refs/pr/N, full oid or a unique hex prefix -> oid."""
        if rev in self.branches:
            return self.branches[rev]
        if rev in self.tags:
            return self.tags[rev]
        if rev.startswith("refs/heads/") and rev[len("refs/heads/"):] in self.branches:
            return self.branches[rev[len("refs/heads/"):]]
        if rev.startswith("refs/tags/") and rev[len("refs/tags/"):] in self.tags:
            return self.tags[rev[len("refs/tags/"):]]
        m = re.fullmatch(r"refs/pr/(\d+)", rev)
        if m and int(m.group(1)) in self.pr_refs:
            return self.pr_refs[int(m.group(1))]
        oid = self.find_commit(rev)
        if oid is not None:
            return oid
        raise revision_not_found(rev)

    def find_commit(self, prefix: str) -> str | None:
        prefix = prefix.lower()
        if not HEX_PREFIX.match(prefix):
            return None
        if prefix in self.commits:
            return prefix
        hits = [oid for oid in self.commits if oid.startswith(prefix)]
        return hits[0] if len(hits) == 1 else None

    def writable_ref(self, rev: str) -> tuple[str, object]:
        """A ref a commit can move: ("branch", name) or ("pr", N). Anything else is RevisionNotFound."""
        if rev.startswith("refs/heads/"):
            rev = rev[len("refs/heads/"):]
        if rev in self.branches:
            return "branch", rev
        m = re.fullmatch(r"refs/pr/(\d+)", rev)
        if m and int(m.group(1)) in self.pr_refs:
            return "pr", int(m.group(1))
        raise revision_not_found(rev)

    def ref_tip(self, ref: tuple[str, object]) -> str:
        kind, name = ref
        return self.branches[name] if kind == "branch" else self.pr_refs[name]  # type: ignore[index]

    def set_ref(self, ref: tuple[str, object], oid: str) -> None:
        kind, name = ref
        if kind == "branch":
            self.branches[name] = oid  # type: ignore[index]
        else:
            self.pr_refs[name] = oid  # type: ignore[index]

    def history(self, oid: str) -> list[Commit]:
        """First-parent history, newest first."""
        out = []
        cur: str | None = oid
        while cur is not None:
            commit = self.commits[cur]
            out.append(commit)
            cur = commit.parent
        return out

    def add_commit(self, *, parent: str | None, files: Mapping[str, bytes], title: str, message: str,
                   author: str, date: datetime | None = None) -> Commit:
        date = date or utcnow()
        parents = (parent,) if parent else ()
        body = "\n".join([
            f"tree {tree_sha1({p: git_blob_sha1(d) for p, d in files.items()})}",
            *(f"parent {p}" for p in parents),
            f"author {author} {iso(date)}",
            "",
            title,
            "",
            message,
        ]).encode()
        oid = hashlib.sha1(b"commit %d\0" % len(body) + body).hexdigest()
        commit = Commit(oid=oid, parents=parents, title=title, message=message, author=author, date=date,
                        files=MappingProxyType(dict(files)))
        self.commits.setdefault(oid, commit)
        return self.commits[oid]


@dataclass
class CommitEvent:
    """One commit created (for counters): which repo, which ref, by whom, through which door."""

    repo_id: str
    repo_type: str
    oid: str
    ref: str
    author: str
    source: str  # "api" (a commit POST) or "server" (created by a test through LocalHub helpers)


class HubState:
    """All repos and users. Every mutation happens under ``lock`` (a re-entrant lock)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.orgs: dict[str, set[str]] = {}
        self.tokens: dict[str, Token] = {}
        self.repos: dict[tuple[str, str], Repo] = {}  # (type, lower-cased id) -> Repo
        self.commit_log: list[CommitEvent] = []
        self._counter = 0

    # ---- users -----------------------------------------------------------------------------
    def add_user(self, name: str, token: str, *, fullname: str | None = None, orgs: tuple[str, ...] = (),
                 role: str = "write") -> User:
        with self.lock:
            user = User(name=name, fullname=fullname or name.title(), orgs=tuple(orgs))
            self.users[name] = user
            for org in orgs:
                self.orgs.setdefault(org, set()).add(name)
            self.tokens[token] = Token(value=token, user=name, role=role)
            return user

    def add_token(self, token: str, user: str, role: str = "write") -> None:
        with self.lock:
            self.tokens[token] = Token(value=token, user=user, role=role)

    def can_write_namespace(self, user: str | None, namespace: str) -> bool:
        return user is not None and (user == namespace or user in self.orgs.get(namespace, set()))

    # ---- repos -----------------------------------------------------------------------------
    def get_repo(self, repo_type: str, repo_id: str) -> Repo | None:
        return self.repos.get((repo_type, repo_id.lower()))

    def visible_repo(self, repo_type: str, repo_id: str, user: str | None) -> Repo:
        """The repo if ``user`` may read it; RepoNotFound otherwise (private repos are invisible)."""
        repo = self.get_repo(repo_type, repo_id)
        if repo is None or (repo.private and not self.can_write_namespace(user, repo.namespace)):
            raise repo_not_found(authenticated=user is not None)
        return repo

    def create_repo(self, repo_type: str, repo_id: str, *, private: bool = False, author: str) -> Repo:
        with self.lock:
            if self.get_repo(repo_type, repo_id) is not None:
                raise HubError(409, f"You already created this {repo_type} repo")
            self._counter += 1
            now = utcnow()
            repo = Repo(type=repo_type, id=repo_id, private=private, created_at=now, author=author,
                        opaque_id=hashlib.sha1(f"{repo_type}/{repo_id}/{self._counter}".encode()).hexdigest()[:24])
            initial = repo.add_commit(parent=None, files={".gitattributes": DEFAULT_GITATTRIBUTES.encode()},
                                      title="initial commit", message="", author=author, date=now)
            repo.branches["main"] = initial.oid
            self.repos[(repo_type, repo_id.lower())] = repo
            return repo

    def delete_repo(self, repo_type: str, repo_id: str) -> None:
        with self.lock:
            self.repos.pop((repo_type, repo_id.lower()), None)

    def log_commit(self, repo: Repo, oid: str, ref: str, author: str, source: str) -> None:
        self.commit_log.append(CommitEvent(repo.id, repo.type, oid, ref, author, source))


def apply_operations(files: Mapping[str, bytes], operations: list[tuple[str, str, bytes | None]]) -> dict[str, bytes]:
    """Apply ("file", path, data) / ("deletedFile", path, None) / ("deletedFolder", path, None) in order.

    Raises HubError the way the Hub does: deleting a missing file is 404 EntryNotFound.
    """
    out = dict(files)
    for kind, path, data in operations:
        if kind == "file":
            out[path] = data  # type: ignore[assignment]
        elif kind == "deletedFile":
            if path not in out:
                raise HubError(404, f"A file with this name doesn't exist: {path}", "EntryNotFound")
            del out[path]
        elif kind == "deletedFolder":
            prefix = path.rstrip("/") + "/"
            doomed = [p for p in out if p.startswith(prefix)]
            if not doomed:
                raise HubError(404, f"A folder with this name doesn't exist: {path}", "EntryNotFound")
            for p in doomed:
                del out[p]
        else:  # pragma: no cover - guarded by the parser
            raise HubError(400, f"Unknown operation {kind}")
    return out
