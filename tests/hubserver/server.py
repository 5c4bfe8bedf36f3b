"""A local, in-memory Hugging Face Hub that the real ``huggingface_hub`` client can talk to over HTTP.

Start it with ``LocalHub().start()`` (or the ``local_hub`` pytest fixture in ``fixtures.py``); it
listens on 127.0.0.1 on a free port, in a daemon thread, and serves the part of the Hub API that
``huggingface_hub`` 2.x uses for repos, commits, downloads, refs and pull requests.

Besides the HTTP API, ``LocalHub`` offers:

* state helpers: ``create_repo``, ``commit_files``, ``read_file``, ``files``, ``tip``, ``commits``,
  ``pull_requests``, ``repo`` (server-side, no HTTP, not counted as requests);
* counters: ``requests`` (list of ``(method, path)``), ``request_log`` (richer records),
  ``count(...)``, ``counts()``, ``commit_count(...)``, ``commit_log``, ``reset_counters()``;
* fault injection: ``fail_next``, ``slow_next``, ``hang_next``, ``drop_connection_next``, ``on_before_commit``,
  ``concurrent_commit_next``, ``clear_faults``;
* ``latency``: seconds every request waits before it is served (``LocalHub(latency=0.05)`` or
  ``hub.latency = 0.05``), as a distant Hub's round trip does.

Routes are matched on the raw (still percent-encoded) path; each segment is unquoted on its own,
so ``refs%2Fpr%2F1`` is one revision segment, as on the real Hub.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import json
import math
import re
import threading
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Mapping
from urllib.parse import parse_qs, quote, unquote

from . import cardcheck
from .state import (
    Commit,
    Discussion,
    HubError,
    HubState,
    Repo,
    apply_operations,
    git_blob_sha1,
    iso,
    lfs_info,
    revision_not_found,
    stored_blob,
    tree_sha1,
    utcnow,
)

PLURALS = {"models": "model", "datasets": "dataset", "spaces": "space", "kernels": "kernel"}
URL_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/", "kernel": "kernels/"}
INVALID_CREDENTIALS = "Invalid credentials in Authorization header"
STALE_PARENT = "The branch was updated since you opened this page. Please refresh and try again."
DISCUSSIONS_PAGE_SIZE = 50

DEFAULT_USER, DEFAULT_TOKEN = "alice", "hf_local_alice_write_token"
OTHER_USER, OTHER_TOKEN = "bob", "hf_local_bob_write_token"
READ_TOKEN = "hf_local_alice_read_token"
DEFAULT_ORG = "acme"


# ------------------------------------------------------------------------------------------------
# Records and fault rules
# ------------------------------------------------------------------------------------------------
@dataclass
class RequestRecord:
    method: str
    path: str  # raw path, without the query string
    query: str
    kind: str  # route name: "commit", "preupload", "resolve", "repo-info", ... or "unknown"
    user: str | None = None
    status: int | None = None  # None when the connection was dropped without a response
    fault: str | None = None  # "fail", "drop", "slow" when a fault rule fired


@dataclass
class FaultRule:
    action: str  # "fail" | "drop" | "slow"
    remaining: int
    path_contains: str | None = None
    method: str | None = None
    kind: str | None = None
    status: int = 500
    retry_after: int | str | None = None
    ratelimit_reset: int | None = None
    body: Any = None
    seconds: float = 0.0  # math.inf: until the hub is reset or its faults cleared
    after_apply: bool = False

    def matches(self, method: str, path: str, kind: str) -> bool:
        return (self.remaining > 0
                and (self.method is None or self.method.upper() == method)
                and (self.path_contains is None or self.path_contains in path)
                and (self.kind is None or self.kind == kind))


@dataclass
class CommitAttempt:
    """What a commit POST is about to do; passed to ``on_before_commit`` callbacks."""

    repo_id: str
    repo_type: str
    revision: str
    parent_commit: str | None
    create_pr: bool
    user: str
    summary: str
    description: str
    operations: list[tuple[str, str, bytes | None]]  # (kind, path, content)

    @property
    def paths(self) -> list[str]:
        return [path for _, path, _ in self.operations]


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> "Response":
        h = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, h, json.dumps(data).encode())


def error_response(err: HubError) -> Response:
    body = {"error": err.message} if err.body is None else err.body
    headers = dict(err.headers)
    headers["X-Error-Message"] = err.message
    if err.code:
        headers["X-Error-Code"] = err.code
    return Response.json(body, err.status, headers)


# ------------------------------------------------------------------------------------------------
# Request context
# ------------------------------------------------------------------------------------------------
class Ctx:
    def __init__(self, hub: "LocalHub", method: str, path: str, query: str, headers, body: bytes):
        self.hub = hub
        self.method = method
        self.path = path
        self.query = parse_qs(query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.user: str | None = None
        self.role: str | None = None
        self.token = None

    def authenticate(self) -> None:
        """A bad token is a 401 on any route, as on the Hub; no token means anonymous."""
        auth = self.headers.get("Authorization")
        if not auth:
            return
        scheme, _, value = auth.partition(" ")
        token = self.hub.state.tokens.get(value.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise HubError(401, INVALID_CREDENTIALS)
        self.user, self.role, self.token = token.user, token.role, token

    def require_user(self) -> str:
        if self.user is None:
            raise HubError(401, "Invalid username or password.")
        return self.user

    def require_write(self, repo: Repo) -> str:
        user = self.require_user()
        if self.role != "write" or not self.hub.state.can_write_namespace(user, repo.namespace):
            raise HubError(403, f"You don't have write access to {repo.id}. "
                                "Open a pull request instead (create_pr=1).")
        return user

    def flag(self, name: str) -> bool:
        values = self.query.get(name) or []
        return bool(values) and values[-1].lower() in ("1", "true", "yes")

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default

    def json_body(self) -> Any:
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError:
            raise HubError(400, "Invalid JSON body") from None


# ------------------------------------------------------------------------------------------------
# HTTP plumbing
# ------------------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LocalHub/1.0"
    disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms Nagle/delayed-ACK stalls on keep-alive
    wbufsize = 64 * 1024  # headers and body leave in one write (flushed in send())
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr logging
        pass

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        self.server.hub._serve(self)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def send(self, response: Response, request_id: str) -> None:
        try:
            self.send_response(response.status)
            headers = {"X-Request-Id": request_id, **response.headers}
            if "Content-Length" not in headers:
                headers["Content-Length"] = str(len(response.body))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD" and response.body:
                self.wfile.write(response.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout): nothing to do
            self.close_connection = True

    def drop(self) -> None:
        """Close the socket without sending a single byte of response."""
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    hub: "LocalHub"

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # socket-level noise from clients that went away


# ------------------------------------------------------------------------------------------------
# The hub
# ------------------------------------------------------------------------------------------------
class LocalHub:
    """In-memory Hub + HTTP server on 127.0.0.1. See the module docstring."""

    user = DEFAULT_USER
    token = DEFAULT_TOKEN
    other_user = OTHER_USER
    other_token = OTHER_TOKEN
    read_token = READ_TOKEN
    org = DEFAULT_ORG

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0):
        self._host, self._port = host, port
        self._default_latency = latency
        self._wake = threading.Event()  # set to release every waiting request (reset, clear_faults)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._meta_lock = threading.Lock()
        self.state = HubState()
        self.redirect_resolve = False
        self.commits_page_size = 50
        self.yaml_rules: list[cardcheck.Rule] = []
        self.strict = True
        self.reset()

    # ---- lifecycle -----------------------------------------------------------------------------
    def start(self) -> "LocalHub":
        if self._server is None:
            self._server = _Server((self._host, self._port), _Handler)
            self._server.hub = self
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="local-hub", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "LocalHub":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "LocalHub is not started"
        return self._server.server_address[1]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, token: str | bool | None = None, **kwargs: Any):
        """A real ``HfApi`` pointed at this hub, with ``token`` (default: the main user's token)."""
        from huggingface_hub import HfApi

        return HfApi(endpoint=self.endpoint, token=self.token if token is None else token, **kwargs)

    def delete_user(self, name: str) -> None:
        """Delete ``name``'s account: their tokens stop working, and the Hub lists their discussions without an author."""
        with self.state.lock:
            self.state.users.pop(name)
            for token in [t for t, v in self.state.tokens.items() if v.user == name]:
                del self.state.tokens[token]

    def reset(self) -> None:
        """Forget every repo, counter, fault and hook; recreate the default users (cheap).
        ``latency`` goes back to the constructor's; requests still waiting are released."""
        with self._meta_lock:
            self._generation = getattr(self, "_generation", 0) + 1
            self._release_waiting()
            self.latency = self._default_latency
            self.state = HubState()
            self.state.add_user(DEFAULT_USER, DEFAULT_TOKEN, fullname="Alice Local", orgs=(DEFAULT_ORG,))
            self.state.add_token(READ_TOKEN, DEFAULT_USER, role="read")
            self.state.add_user(OTHER_USER, OTHER_TOKEN, fullname="Bob Local")
            self.requests: list[tuple[str, str]] = []
            self.request_log: list[RequestRecord] = []
            self.unhandled: list[tuple[str, str]] = []
            self.server_errors: list[str] = []
            self._faults: list[FaultRule] = []
            self._before_commit: list[tuple[Callable[["LocalHub", CommitAttempt], Any], bool]] = []
            self.redirect_resolve = False
            self.commits_page_size = 50
            self.yaml_rules = []
            self.strict = True

    def reset_counters(self) -> None:
        with self._meta_lock:
            self.requests.clear()
            self.request_log.clear()
            self.state.commit_log.clear()

    def problems(self) -> list[str]:
        """Requests the hub could not serve: unknown routes (when ``strict``) and server-side crashes."""
        out = [f"server error: {tb}" for tb in self.server_errors]
        if self.strict:
            out += [f"unhandled route: {m} {p}" for m, p in self.unhandled]
        return out

    # ---- counters ------------------------------------------------------------------------------
    def count(self, kind: str | None = None, *, method: str | None = None, path_contains: str | None = None) -> int:
        """Number of requests recorded since the last reset, filtered by route kind / method / path."""
        return sum(1 for r in list(self.request_log)
                   if (kind is None or r.kind == kind)
                   and (method is None or r.method == method.upper())
                   and (path_contains is None or path_contains in r.path))

    def counts(self) -> Counter:
        """``Counter`` of route kinds, e.g. ``{"preupload": 1, "commit": 1}``."""
        return Counter(r.kind for r in list(self.request_log))

    @property
    def commit_log(self):
        return self.state.commit_log

    def commit_count(self, repo_id: str | None = None, *, source: str | None = "api") -> int:
        """Commits created since the last reset: by the commit API (default), by helpers, or both (None)."""
        return sum(1 for e in self.state.commit_log
                   if (repo_id is None or e.repo_id.lower() == repo_id.lower())
                   and (source is None or e.source == source))

    # ---- fault injection -----------------------------------------------------------------------
    def fail_next(self, n: int = 1, status: int = 500, *, retry_after: int | str | None = None,
                  ratelimit_reset: int | None = None, path_contains: str | None = None,
                  method: str | None = None, kind: str | None = None, body: Any = None) -> FaultRule:
        """Answer the next ``n`` matching requests with ``status`` instead of serving them.

        Route kinds: whoami, create-repo, delete-repo, settings, validate-yaml, repo-info, preupload,
        commit, commits, refs, tree, paths-info, branch, tag, discussions, discussion,
        discussion-change, resolve, resolve-cache, agent-harnesses, unknown.

        ``retry_after`` adds ``Retry-After: <value>``; ``ratelimit_reset`` adds the Hub's
        ``RateLimit: "api";r=0;t=<reset>`` header (the client then waits reset+1 s on a 429).
        The request is not applied. Matching is on the raw path (``path_contains``), the HTTP
        ``method`` and the route ``kind`` (e.g. "commit", "preupload", "resolve", "repo-info").
        """
        rule = FaultRule("fail", n, path_contains, method, kind, status=status, retry_after=retry_after,
                         ratelimit_reset=ratelimit_reset, body=body)
        with self._meta_lock:
            self._faults.append(rule)
        return rule

    def slow_next(self, seconds: float, n: int = 1, *, path_contains: str | None = None,
                  method: str | None = None, kind: str | None = None) -> FaultRule:
        """Delay the next ``n`` matching requests by ``seconds`` before serving them normally
        (cut short by ``reset`` or ``clear_faults``, after which the request is dropped)."""
        rule = FaultRule("slow", n, path_contains, method, kind, seconds=seconds)
        with self._meta_lock:
            self._faults.append(rule)
        return rule

    def hang_next(self, n: int = 1, *, path_contains: str | None = None, method: str | None = None,
                  kind: str | None = None) -> FaultRule:
        """A Hub that never answers: the next ``n`` matching requests get no response, the
        connection staying open, until ``reset`` or ``clear_faults`` (then it is closed)."""
        return self.slow_next(math.inf, n, path_contains=path_contains, method=method, kind=kind)

    def _release_waiting(self) -> None:
        self._wake.set()
        self._wake = threading.Event()

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` (math.inf: for ever); False when released early by reset / clear_faults."""
        wake = self._wake
        return not wake.wait(None if math.isinf(seconds) else seconds)

    def drop_connection_next(self, n: int = 1, *, path_contains: str | None = "/commit/",
                             method: str | None = None, kind: str | None = None,
                             after_apply: bool = False) -> FaultRule:
        """Close the connection of the next ``n`` matching requests without any response.

        With ``after_apply=True`` the request is fully served first (a commit IS created), then the
        response is lost: the case an exactly-once publisher must handle.
        """
        rule = FaultRule("drop", n, path_contains, method, kind, after_apply=after_apply)
        with self._meta_lock:
            self._faults.append(rule)
        return rule

    def clear_faults(self) -> None:
        with self._meta_lock:
            self._release_waiting()
            self._faults.clear()
            self._before_commit.clear()

    def on_before_commit(self, callback: Callable[["LocalHub", CommitAttempt], Any], *, once: bool = False) -> None:
        """Call ``callback(hub, attempt)`` in every commit POST after it is parsed and authorised,
        before its parent check and before it is applied. The callback may change the hub (e.g.
        ``hub.commit_files(...)``) to simulate a concurrent writer; raising HubError rejects the commit."""
        with self._meta_lock:
            self._before_commit.append((callback, once))

    def concurrent_commit_next(self, repo_id: str, files: Mapping[str, bytes | str | None], *,
                               branch: str = "main", author: str | None = None,
                               message: str = "Concurrent edit", repo_type: str = "model") -> None:
        """On the next commit POST to ``repo_id``, someone else (default: the other user) first commits
        ``files`` (None deletes) to ``branch``; a ``parentCommit`` read before is then stale."""
        def _hook(hub: "LocalHub", attempt: CommitAttempt) -> bool:
            if attempt.repo_id.lower() != repo_id.lower() or attempt.repo_type != repo_type:
                return False
            hub.commit_files(repo_id, files, branch=branch, author=author or OTHER_USER, message=message,
                             repo_type=repo_type)
            return True

        with self._meta_lock:
            self._before_commit.append((_hook, True))

    def _take_fault(self, action: str, method: str, path: str, kind: str) -> FaultRule | None:
        with self._meta_lock:
            for rule in self._faults:
                if rule.action == action and rule.matches(method, path, kind):
                    rule.remaining -= 1
                    return rule
        return None

    def _run_before_commit(self, attempt: CommitAttempt) -> None:
        with self._meta_lock:
            hooks = list(self._before_commit)
        for entry in hooks:
            callback, once = entry
            fired = callback(self, attempt)
            if once and fired is not False:
                with self._meta_lock:
                    if entry in self._before_commit:
                        self._before_commit.remove(entry)

    # ---- state helpers (server side, no HTTP) --------------------------------------------------
    def repo(self, repo_id: str, repo_type: str = "model") -> Repo:
        repo = self.state.get_repo(repo_type, repo_id)
        if repo is None:
            raise KeyError(f"no {repo_type} repo {repo_id}")
        return repo

    def create_repo(self, repo_id: str, *, private: bool = False, repo_type: str = "model",
                    author: str | None = None) -> Repo:
        return self.state.create_repo(repo_type, repo_id, private=private, author=author or repo_id.split("/")[0])

    def commit_files(self, repo_id: str, files: Mapping[str, bytes | str | None], *, message: str = "Update files",
                     description: str = "", author: str | None = None, branch: str = "main",
                     repo_type: str = "model") -> Commit:
        """Commit ``files`` (path -> content; None deletes) on top of ``branch``, as ``author``."""
        with self.state.lock:
            repo = self.repo(repo_id, repo_type)
            ref = repo.writable_ref(branch)
            tip = repo.ref_tip(ref)
            ops = [("deletedFile", p, None) if c is None else ("file", p, c.encode() if isinstance(c, str) else c)
                   for p, c in files.items()]
            new_files = apply_operations(repo.commits[tip].files, ops)
            commit = repo.add_commit(parent=tip, files=new_files, title=message, message=description,
                                     author=author or repo.namespace)
            repo.set_ref(ref, commit.oid)
            if ref[0] == "pr":
                repo.discussions[ref[1]].add_commit_event(commit)  # type: ignore[index]
            self.state.log_commit(repo, commit.oid, branch, commit.author, "server")
            return commit

    def tip(self, repo_id: str, branch: str = "main", repo_type: str = "model") -> str:
        return self.repo(repo_id, repo_type).resolve(branch)

    def files(self, repo_id: str, revision: str = "main", repo_type: str = "model") -> dict[str, bytes]:
        repo = self.repo(repo_id, repo_type)
        return dict(repo.commits[repo.resolve(revision)].files)

    def read_file(self, repo_id: str, path: str, revision: str = "main", repo_type: str = "model") -> bytes | None:
        return self.files(repo_id, revision, repo_type).get(path)

    def commits(self, repo_id: str, revision: str = "main", repo_type: str = "model") -> list[Commit]:
        """History of ``revision`` (first parents), newest first; the last one is "initial commit"."""
        repo = self.repo(repo_id, repo_type)
        return repo.history(repo.resolve(revision))

    def pull_requests(self, repo_id: str, repo_type: str = "model") -> list[Discussion]:
        repo = self.repo(repo_id, repo_type)
        return [d for _, d in sorted(repo.discussions.items()) if d.is_pull_request]

    def url(self, repo: Repo, *parts: str) -> str:
        return "/".join([self.endpoint, URL_PREFIX[repo.type] + repo.id, *parts])

    # ---- request entry point -------------------------------------------------------------------
    def _serve(self, h: _Handler) -> None:
        method = h.command
        raw_path, _, query = h.path.partition("?")
        body = h._read_body()
        request_id = h.headers.get("X-Amzn-Trace-Id") or h.headers.get("X-Request-Id") or str(uuid.uuid4())
        kind, handler, args = self._route(method, raw_path)
        record = RequestRecord(method, raw_path, query, kind)
        with self._meta_lock:
            self.requests.append((method, raw_path))
            self.request_log.append(record)

        generation = self._generation
        if self.latency > 0 and not self._wait(self.latency):
            h.drop()  # reset meanwhile: this request's test is over
            return
        slow = self._take_fault("slow", method, raw_path, kind)
        if slow is not None:
            record.fault = "slow"
            if not self._wait(slow.seconds) or generation != self._generation:  # released, or reset meanwhile
                h.drop()
                return

        fail = self._take_fault("fail", method, raw_path, kind)
        if fail is not None:
            record.fault, record.status = "fail", fail.status
            h.send(self._fault_response(fail), request_id)
            return
        drop = self._take_fault("drop", method, raw_path, kind)
        if drop is not None and not drop.after_apply:
            record.fault = "drop"
            h.drop()
            return

        ctx = Ctx(self, method, raw_path, query, h.headers, body)
        try:
            if handler is None:  # a route this fake does not implement: fail loudly (see problems())
                with self._meta_lock:
                    self.unhandled.append((method, raw_path))
                raise HubError(404, "Not Found")
            ctx.authenticate()
            record.user = ctx.user
            response = handler(ctx, *args)
        except HubError as err:
            response = error_response(err)
        except Exception:  # a bug in the fake, or a callback that crashed: visible to the test
            tb = traceback.format_exc()
            with self._meta_lock:
                self.server_errors.append(f"{method} {raw_path}\n{tb}")
            response = error_response(HubError(500, "Internal Error - We're working hard to fix this as soon "
                                                    "as possible!"))
        if drop is not None:  # after_apply: the work is done, the answer is lost
            record.fault = "drop"
            h.drop()
            return
        record.status = response.status
        h.send(response, request_id)

    def _fault_response(self, rule: FaultRule) -> Response:
        headers: dict[str, str] = {}
        if rule.retry_after is not None:
            headers["Retry-After"] = str(rule.retry_after)
        if rule.ratelimit_reset is not None:
            headers["RateLimit"] = f'"api";r=0;t={rule.ratelimit_reset}'
            headers["RateLimit-Policy"] = '"fixed window";"api";q=500;w=300'
        if rule.body is not None:
            if isinstance(rule.body, (bytes, str)):
                data = rule.body.encode() if isinstance(rule.body, str) else rule.body
                return Response(rule.status, {"Content-Type": "text/plain", **headers}, data)
            return Response.json(rule.body, rule.status, headers)
        message = {429: "Too Many Requests", 500: "Internal Error", 502: "Bad Gateway",
                   503: "Service Unavailable", 504: "Gateway Timeout"}.get(rule.status, "Injected error")
        return Response.json({"error": message}, rule.status, headers)

    # ---- routing -------------------------------------------------------------------------------
    def _route(self, method: str, raw_path: str) -> tuple[str, Callable | None, tuple]:
        parts = [unquote(p) for p in raw_path.split("/")[1:]]
        if parts and parts[-1] == "" and len(parts) > 1:
            parts = parts[:-1]
        n = len(parts)
        if n >= 2 and parts[0] == "api":
            head = parts[1]
            if n == 2 and head == "whoami-v2" and method == "GET":
                return "whoami", self._h_whoami, ()
            if n == 2 and head == "agent-harnesses":
                return "agent-harnesses", self._h_not_found, ()
            if n == 2 and head == "validate-yaml" and method == "POST":
                return "validate-yaml", self._h_validate_yaml, ()
            if n == 3 and head == "repos" and parts[2] == "create" and method == "POST":
                return "create-repo", self._h_create_repo, ()
            if n == 3 and head == "repos" and parts[2] == "delete" and method == "DELETE":
                return "delete-repo", self._h_delete_repo, ()
            if head == "resolve-cache" and n >= 7 and parts[2] in PLURALS and method in ("GET", "HEAD"):
                rtype, repo_id = PLURALS[parts[2]], f"{parts[3]}/{parts[4]}"
                return "resolve-cache", self._h_resolve, (rtype, repo_id, parts[5], "/".join(parts[6:]), True)
            if head in PLURALS and n >= 4:
                return self._route_repo_api(method, PLURALS[head], f"{parts[2]}/{parts[3]}", parts[4:])
            return "unknown", None, ()
        # /[datasets|spaces|kernels/]{ns}/{name}/resolve/{rev}/{path}
        offset, rtype = (1, PLURALS[parts[0]]) if n and parts[0] in ("datasets", "spaces", "kernels") else (0, "model")
        if n >= offset + 5 and parts[offset + 2] == "resolve" and method in ("GET", "HEAD"):
            repo_id = f"{parts[offset]}/{parts[offset + 1]}"
            rev, rest = self._split_rev(parts[offset + 3:])
            return "resolve", self._h_resolve, (rtype, repo_id, rev, "/".join(rest), False)
        return "unknown", None, ()

    @staticmethod
    def _split_rev(segments: list[str]) -> tuple[str, list[str]]:
        """First segment is the revision; tolerate an unencoded refs/pr/N, refs/heads/x, refs/tags/x."""
        if len(segments) >= 3 and segments[0] == "refs" and segments[1] in ("pr", "heads", "tags"):
            return "/".join(segments[:3]), segments[3:]
        return segments[0], segments[1:]

    def _route_repo_api(self, method: str, rtype: str, repo_id: str, rest: list[str]):
        n = len(rest)
        sub = rest[0] if rest else None
        joined = "/".join(rest[1:])
        if n == 0 and method == "GET":
            return "repo-info", self._h_repo_info, (rtype, repo_id, None)
        if sub == "revision" and n >= 2 and method == "GET":
            return "repo-info", self._h_repo_info, (rtype, repo_id, joined)
        if sub == "preupload" and n >= 2 and method == "POST":
            return "preupload", self._h_preupload, (rtype, repo_id, joined)
        if sub == "commit" and n >= 2 and method == "POST":
            return "commit", self._h_commit, (rtype, repo_id, joined)
        if sub == "commits" and n >= 2 and method == "GET":
            return "commits", self._h_commits, (rtype, repo_id, joined)
        if sub == "refs" and n == 1 and method == "GET":
            return "refs", self._h_refs, (rtype, repo_id)
        if sub == "tree" and n >= 2 and method == "GET":
            rev, path = self._split_rev(rest[1:])
            return "tree", self._h_tree, (rtype, repo_id, rev, "/".join(path))
        if sub == "paths-info" and n >= 2 and method == "POST":
            return "paths-info", self._h_paths_info, (rtype, repo_id, joined)
        if sub == "branch" and n >= 2 and method in ("POST", "DELETE"):
            return "branch", self._h_branch, (rtype, repo_id, joined)
        if sub == "tag" and n >= 2 and method in ("POST", "DELETE"):
            return "tag", self._h_tag, (rtype, repo_id, joined)
        if sub == "discussions" and n == 1 and method in ("GET", "POST"):
            return "discussions", self._h_discussions, (rtype, repo_id)
        if sub == "discussions" and n == 2 and method == "GET" and rest[1].isdigit():
            return "discussion", self._h_discussion, (rtype, repo_id, int(rest[1]))
        if sub == "discussions" and n == 3 and method == "POST" and rest[1].isdigit() \
                and rest[2] in ("comment", "status", "title", "merge"):
            return "discussion-change", self._h_discussion_change, (rtype, repo_id, int(rest[1]), rest[2])
        if sub == "settings" and n == 1 and method == "PUT":
            return "settings", self._h_settings, (rtype, repo_id)
        return "unknown", None, ()

    # ---- handlers: account & repos -------------------------------------------------------------
    def _h_not_found(self, ctx: Ctx) -> Response:
        raise HubError(404, "Not Found")

    def _h_whoami(self, ctx: Ctx) -> Response:
        if ctx.user is None:
            raise HubError(401, INVALID_CREDENTIALS)
        user, token = self.state.users[ctx.user], ctx.token
        return Response.json({
            "type": "user", "id": hashlib.sha1(user.name.encode()).hexdigest()[:24], "name": user.name,
            "fullname": user.fullname, "email": f"{user.name}@example.invalid", "emailVerified": True,
            "canPay": False, "isPro": False, "periodEnd": None,
            "avatarUrl": f"/avatars/{user.name}.svg",
            "orgs": [{"type": "org", "name": org, "fullname": org.title(), "roleInOrg": "admin",
                      "isEnterprise": False} for org in user.orgs],
            "auth": {"type": "access_token",
                     "accessToken": {"displayName": token.display_name, "role": token.role,
                                     "createdAt": iso(utcnow())}},
        })

    def _h_create_repo(self, ctx: Ctx) -> Response:
        user = ctx.require_user()
        payload = ctx.json_body()
        name = payload.get("name")
        namespace = payload.get("organization") or user
        rtype = payload.get("type") or "model"
        if rtype not in URL_PREFIX:
            raise HubError(400, f"Invalid repo type: {rtype}")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}", name) \
                or "--" in name or ".." in name or name.endswith(".git"):
            raise HubError(400, f"Invalid repo name: {name!r}")
        if ctx.role != "write" or not self.state.can_write_namespace(user, namespace):
            raise HubError(403, f'You don\'t have the rights to create a {rtype} under the namespace "{namespace}"')
        visibility = payload.get("visibility")
        private = visibility == "private" if visibility is not None else bool(payload.get("private", False))
        repo_id = f"{namespace}/{name}"
        url = f"{self.endpoint}/{URL_PREFIX[rtype]}{repo_id}"
        try:
            repo = self.state.create_repo(rtype, repo_id, private=private, author=user)
        except HubError as err:
            if err.status == 409:
                existing = self.state.get_repo(rtype, repo_id)
                url = self.url(existing) if existing else url
                raise HubError(409, f"You already created this {rtype} repo", body={
                    "error": f"You already created this {rtype} repo", "url": url}) from None
            raise
        return Response.json({"url": self.url(repo), "name": repo.id, "id": repo.opaque_id})

    def _h_delete_repo(self, ctx: Ctx) -> Response:
        payload = ctx.json_body()
        namespace = payload.get("organization") or ctx.require_user()
        rtype = payload.get("type") or "model"
        repo = self.state.visible_repo(rtype, f"{namespace}/{payload.get('name')}", ctx.user)
        ctx.require_write(repo)
        self.state.delete_repo(rtype, repo.id)
        return Response.json({})

    def _h_settings(self, ctx: Ctx, rtype: str, repo_id: str) -> Response:
        repo = self.state.visible_repo(rtype, repo_id, ctx.user)
        ctx.require_write(repo)
        payload = ctx.json_body()
        with self.state.lock:
            if "private" in payload:
                repo.private = bool(payload["private"])
            if payload.get("visibility") in ("private", "public"):
                repo.private = payload["visibility"] == "private"
        return Response.json({})

    def _h_validate_yaml(self, ctx: Ctx) -> Response:
        payload = ctx.json_body()
        content = payload.get("content")
        if not isinstance(content, str):
            raise HubError(400, '"content" is required', body={"errors": [{"message": '"content" is required'}],
                                                              "warnings": []})
        errors, warnings = cardcheck.validate(content, payload.get("repoType") or "model", self.yaml_rules)
        body = {"errors": [{"message": m} for m in errors], "warnings": [{"message": m} for m in warnings]}
        return Response.json(body, 400 if errors else 200)

    # ---- handlers: repo info, refs, commits, tree ----------------------------------------------
    def _card(self, commit: Commit) -> dict | None:
        return cardcheck.card_data(commit.files.get("README.md"))

    def _h_repo_info(self, ctx: Ctx, rtype: str, repo_id: str, rev: str | None) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            oid = repo.resolve(rev or "main")
            commit = repo.commits[oid]
        card = self._card(commit)
        blobs = ctx.flag("blobs")
        siblings = []
        for path in sorted(commit.files):
            entry: dict[str, Any] = {"rfilename": path}
            if blobs:
                lfs = lfs_info(commit.files, path)
                entry.update(size=len(commit.files[path]),
                             blobId=git_blob_sha1(lfs["pointer"] if lfs else commit.files[path]))
                if lfs:
                    entry["lfs"] = {"size": lfs["size"], "sha256": lfs["sha256"], "pointerSize": len(lfs["pointer"])}
            siblings.append(entry)
        tags: list[str] = []
        if card:
            card_tags = card.get("tags")
            tags += [t for t in (card_tags if isinstance(card_tags, list) else [card_tags] if card_tags else [])
                     if isinstance(t, str)]
            if isinstance(card.get("library_name"), str):
                tags.append(card["library_name"])
            licenses = card.get("license")
            for lic in licenses if isinstance(licenses, list) else [licenses] if licenses else []:
                tags.append(f"license:{lic}")
        tags.append("region:us")
        info: dict[str, Any] = {
            "_id": repo.opaque_id, "id": repo.id, "author": repo.namespace, "sha": oid,
            "lastModified": iso(commit.date), "createdAt": iso(repo.created_at), "private": repo.private,
            "disabled": False, "gated": False, "downloads": 0, "likes": 0, "tags": tags,
            "siblings": siblings, "usedStorage": sum(len(d) for d in commit.files.values()),
        }
        if rtype == "model":
            info["modelId"] = repo.id
            info["library_name"] = card.get("library_name") if card else None
            info["pipeline_tag"] = card.get("pipeline_tag") if card else None
            if card and "model-index" in card:
                info["model-index"] = card["model-index"]
        if card is not None:
            info["cardData"] = card
        expand = (ctx.query.get("expand") or []) + (ctx.query.get("expand[]") or [])
        if expand:
            info = {k: v for k, v in info.items() if k in ("_id", "id") or k in expand}
        return Response.json(info)

    def _h_refs(self, ctx: Ctx, rtype: str, repo_id: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            body: dict[str, Any] = {
                "branches": [{"name": b, "ref": f"refs/heads/{b}", "targetCommit": oid}
                             for b, oid in repo.branches.items()],
                "converts": [],
                "tags": [{"name": t, "ref": f"refs/tags/{t}", "targetCommit": oid} for t, oid in repo.tags.items()],
            }
            if ctx.flag("include_prs"):
                body["pullRequests"] = [{"name": f"refs/pr/{n}", "ref": f"refs/pr/{n}", "targetCommit": oid}
                                        for n, oid in sorted(repo.pr_refs.items())]
        return Response.json(body)

    def _h_commits(self, ctx: Ctx, rtype: str, repo_id: str, rev: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            history = repo.history(repo.resolve(rev))
        page = int(ctx.param("p", "0") or 0)
        size = max(1, self.commits_page_size)
        chunk = history[page * size:(page + 1) * size]
        formatted = "formatted" in (ctx.query.get("expand[]") or []) + (ctx.query.get("expand") or [])
        items = []
        for c in chunk:
            item: dict[str, Any] = {"id": c.oid, "title": c.title, "message": c.message,
                                    "authors": [{"user": c.author, "avatar": f"{self.endpoint}/avatars/{c.author}.svg"}],
                                    "date": iso(c.date)}
            if formatted:
                item["formatted"] = {"title": _html_escape(c.title), "message": _html_escape(c.message)}
            items.append(item)
        headers = {}
        if (page + 1) * size < len(history):
            headers["Link"] = f'<{self.endpoint}{ctx.path}?p={page + 1}>; rel="next"'
        return Response.json(items, headers=headers)

    def _tree_entries(self, commit: Commit, path: str, recursive: bool) -> list[dict]:
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        files = {p: d for p, d in commit.files.items() if p.startswith(prefix)}
        dirs: dict[str, dict[str, str]] = {}
        entries = []
        for p in files:
            rel = p[len(prefix):]
            parts = rel.split("/")
            for i in range(1, len(parts)):
                d = prefix + "/".join(parts[:i])
                if recursive or i == 1:
                    dirs.setdefault(d, {})
            for d in dirs:
                if p.startswith(d + "/"):
                    dirs[d][p] = stored_blob(commit.files, p)
            if recursive or len(parts) == 1:
                entries.append(self._file_entry(commit, p))
        dir_entries = [{"type": "directory", "oid": tree_sha1(content), "size": 0, "path": d}
                       for d, content in sorted(dirs.items())]
        return dir_entries + sorted(entries, key=lambda e: e["path"])

    @staticmethod
    def _file_entry(commit: Commit, path: str) -> dict:
        """A file's tree (and paths-info) entry: for a file an LFS rule stores, the pointer's blob as ``oid`` and
        ``lfs: {oid: sha256, size, pointerSize}``."""
        data = commit.files[path]
        lfs = lfs_info(commit.files, path)
        entry: dict[str, Any] = {"type": "file", "oid": git_blob_sha1(lfs["pointer"] if lfs else data),
                                 "size": len(data), "path": path}
        if lfs:
            entry["lfs"] = {"oid": lfs["sha256"], "size": lfs["size"], "pointerSize": len(lfs["pointer"])}
        return entry

    def _h_tree(self, ctx: Ctx, rtype: str, repo_id: str, rev: str, path: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            oid = repo.resolve(rev)
            commit = repo.commits[oid]
        path = path.strip("/")
        if path and not any(p.startswith(path + "/") for p in commit.files):
            raise HubError(404, f"Entry not found: {path}", "EntryNotFound", headers={"X-Repo-Commit": oid})
        return Response.json(self._tree_entries(commit, path, ctx.flag("recursive")))

    def _h_paths_info(self, ctx: Ctx, rtype: str, repo_id: str, rev: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            commit = repo.commits[repo.resolve(rev)]
        ctype = ctx.headers.get("Content-Type", "")
        if "json" in ctype:
            paths = ctx.json_body().get("paths", [])
        else:
            paths = parse_qs(ctx.body.decode(), keep_blank_values=True).get("paths", [])
        out = []
        for p in paths:
            p = p.strip("/")
            if p in commit.files:
                out.append(self._file_entry(commit, p))
            elif any(f.startswith(p + "/") for f in commit.files):
                content = {f: stored_blob(commit.files, f) for f in commit.files if f.startswith(p + "/")}
                out.append({"type": "directory", "oid": tree_sha1(content), "size": 0, "path": p})
        return Response.json(out)

    # ---- handlers: downloads -------------------------------------------------------------------
    def _h_resolve(self, ctx: Ctx, rtype: str, repo_id: str, rev: str, path: str, from_cache: bool) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            oid = repo.resolve(rev)
            commit = repo.commits[oid]
        data = commit.files.get(path)
        if data is None:
            raise HubError(404, "Entry not found", "EntryNotFound", headers={"X-Repo-Commit": oid})
        etag = f'"{git_blob_sha1(data)}"'
        if self.redirect_resolve and not from_cache:
            # What the real Hub does for regular files: a relative 307 to the resolve cache.
            location = f"/api/resolve-cache/{rtype}s/{repo.id}/{oid}/{quote(path)}"
            return Response(307, {"Location": location, "X-Repo-Commit": oid, "ETag": etag,
                                  "Content-Type": "text/plain; charset=utf-8"}, b"")
        headers = {"ETag": etag, "X-Repo-Commit": oid, "Accept-Ranges": "bytes",
                   "Content-Type": "application/octet-stream",
                   "Content-Disposition": f'inline; filename="{path.rsplit("/", 1)[-1]}"'}
        range_header = ctx.headers.get("Range")
        if range_header and ctx.method == "GET":
            m = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", range_header)
            total = len(data)
            if m and (m.group(1) or m.group(2)):
                if m.group(1):
                    start = int(m.group(1))
                    end = min(int(m.group(2)), total - 1) if m.group(2) else total - 1
                else:
                    start, end = max(total - int(m.group(2)), 0), total - 1
                if start >= total or start > end:
                    return Response(416, {**headers, "Content-Range": f"bytes */{total}"}, b"")
                headers["Content-Range"] = f"bytes {start}-{end}/{total}"
                return Response(206, headers, data[start:end + 1])
        return Response(200, headers, data)

    # ---- handlers: writes ----------------------------------------------------------------------
    def _h_preupload(self, ctx: Ctx, rtype: str, repo_id: str, rev: str) -> Response:
        create_pr = ctx.flag("create_pr")
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            ctx.require_user()
            if create_pr:
                self._require_pr_rights(ctx)
                if rev not in repo.branches:
                    raise revision_not_found(rev)
                base = repo.commits[repo.branches[rev]]
            else:
                ref = repo.writable_ref(rev)
                self._require_ref_write(ctx, repo, ref)
                base = repo.commits[repo.ref_tip(ref)]
        payload = ctx.json_body()
        files = payload.get("files")
        if not isinstance(files, list):
            raise HubError(400, '"files" is required')
        answer = []
        for f in files:
            path = f.get("path") if isinstance(f, dict) else None
            if not isinstance(path, str):
                raise HubError(400, '"files[].path" is required')
            existing = base.files.get(path)
            lfs = lfs_info(base.files, path)  # the remote oid: the sha256 of a file stored in LFS, else its git blob
            answer.append({"path": path, "uploadMode": "regular", "shouldIgnore": False,
                           "oid": None if existing is None else lfs["sha256"] if lfs else git_blob_sha1(existing)})
        return Response.json({"files": answer, "commitOid": base.oid})

    @staticmethod
    def _require_pr_rights(ctx: Ctx) -> str:
        """Anyone who can see a repo may open a PR on it, with a write token."""
        user = ctx.require_user()
        if ctx.role != "write":
            raise HubError(403, "A write token is needed to open a pull request")
        return user

    def _require_ref_write(self, ctx: Ctx, repo: Repo, ref: tuple[str, object]) -> str:
        user = ctx.require_user()
        if ref[0] == "pr" and ctx.role == "write":
            pr = repo.discussions[ref[1]]  # type: ignore[index]
            if pr.author == user:
                return user
        return ctx.require_write(repo)

    def _parse_ndjson(self, body: bytes) -> tuple[dict, list[tuple[str, str, bytes | None]]]:
        lines = [line for line in body.split(b"\n") if line.strip()]
        if not lines:
            raise HubError(400, "Empty commit payload")
        items = []
        for line in lines:
            try:
                items.append(json.loads(line))
            except ValueError:
                raise HubError(400, "Invalid ndjson line in commit payload") from None
        if not isinstance(items[0], dict) or items[0].get("key") != "header":
            raise HubError(400, "The first line of the payload must be the header")
        header = items[0].get("value") or {}
        if not isinstance(header.get("summary"), str) or not header["summary"].strip():
            raise HubError(400, '"summary" is required')
        ops: list[tuple[str, str, bytes | None]] = []
        for item in items[1:]:
            key, value = item.get("key"), item.get("value") or {}
            path = value.get("path")
            if key not in ("file", "deletedFile", "deletedFolder", "lfsFile"):
                raise HubError(400, f"Add a line with the key `lfsFile`, `file` or `deletedFile` (got {key!r})")
            if not isinstance(path, str) or not path.strip("/"):
                raise HubError(400, f"Missing path for {key}")
            if path.startswith("/") or any(part in ("..", ".") for part in re.split(r"[\\/]", path)) \
                    or path.split("/")[0] == ".git":
                raise HubError(422, f"Invalid path: {path}")
            if key == "lfsFile":
                raise HubError(400, f"LFS object {value.get('oid')} for {path} was never uploaded "
                                    "(this local Hub only accepts regular files)")
            if key == "file":
                content = value.get("content", "")
                if value.get("encoding", "utf-8") == "base64":
                    try:
                        data = base64.b64decode(content, validate=True)
                    except (binascii.Error, ValueError):
                        raise HubError(400, f"Invalid base64 content for {path}") from None
                else:
                    data = content.encode()
                ops.append(("file", path, data))
            else:
                ops.append((key, path, None))
        return header, ops

    def _h_commit(self, ctx: Ctx, rtype: str, repo_id: str, rev: str) -> Response:
        create_pr = ctx.flag("create_pr")
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            user = ctx.require_user()
            if create_pr:
                self._require_pr_rights(ctx)
                if rev not in repo.branches:  # PRs target branches only (an oid or refs/pr/N is not one)
                    raise revision_not_found(rev)
            else:
                self._require_ref_write(ctx, repo, repo.writable_ref(rev))
        header, ops = self._parse_ndjson(ctx.body)
        parent = header.get("parentCommit")
        attempt = CommitAttempt(repo.id, rtype, rev, parent, create_pr, user, header["summary"],
                                header.get("description") or "", ops)
        self._run_before_commit(attempt)

        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)  # the hook may have changed things
            pr_url = None
            if create_pr:
                if rev not in repo.branches:
                    raise revision_not_found(rev)
                if parent is not None:
                    base = repo.find_commit(str(parent))
                    if base is None:
                        raise HubError(412, f"Invalid parent commit: {parent}")
                else:
                    base = repo.branches[rev]
                files = apply_operations(repo.commits[base].files, ops)
                commit = repo.add_commit(parent=base, files=files, title=attempt.summary,
                                         message=attempt.description, author=user)
                num = repo.next_discussion_num()
                pr = Discussion(num=num, title=attempt.summary, author=user, created_at=utcnow(),
                                is_pull_request=True, status="open", description=attempt.description,
                                base_branch=rev, base_commit=base)
                pr.add_comment(user, attempt.description, pr.created_at)
                pr.add_commit_event(commit)
                repo.discussions[num] = pr
                repo.pr_refs[num] = commit.oid
                ref_name = f"refs/pr/{num}"
                pr_url = self.url(repo, "discussions", str(num))
            else:
                ref = repo.writable_ref(rev)
                tip = repo.ref_tip(ref)
                if parent is not None and not tip.startswith(str(parent).lower()):
                    raise HubError(412, STALE_PARENT)
                files = apply_operations(repo.commits[tip].files, ops)
                commit = repo.add_commit(parent=tip, files=files, title=attempt.summary,
                                         message=attempt.description, author=user)
                repo.set_ref(ref, commit.oid)
                if ref[0] == "pr":
                    repo.discussions[ref[1]].add_commit_event(commit)  # type: ignore[index]
                ref_name = rev
            self.state.log_commit(repo, commit.oid, ref_name, user, "api")
        return Response.json({"success": True, "commitOid": commit.oid, "commitUrl": self.url(repo, "commit", commit.oid),
                              "hookOutput": "", "pullRequestUrl": pr_url})

    def _h_branch(self, ctx: Ctx, rtype: str, repo_id: str, branch: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            ctx.require_write(repo)
            if ctx.method == "DELETE":
                if branch == "main":
                    raise HubError(403, "Cannot delete the default branch")
                if branch not in repo.branches:
                    raise revision_not_found(branch)
                del repo.branches[branch]
                return Response.json({})
            if not branch or branch.startswith("refs/") or re.search(r"[\s~^:?*\[\\]|\.\.|//", branch):
                raise HubError(400, f"Invalid branch name: {branch}")
            if branch in repo.branches:
                raise HubError(409, "Reference already exists")
            start = ctx.json_body().get("startingPoint")
            repo.branches[branch] = repo.resolve(start) if start else repo.branches["main"]
        return Response.json({})

    def _h_tag(self, ctx: Ctx, rtype: str, repo_id: str, target: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            ctx.require_write(repo)
            if ctx.method == "DELETE":
                if target not in repo.tags:
                    raise revision_not_found(target)
                del repo.tags[target]
                return Response.json({})
            tag = ctx.json_body().get("tag")
            if not isinstance(tag, str) or not tag:
                raise HubError(400, '"tag" is required')
            if tag in repo.tags:
                raise HubError(409, "Tag already exists")
            repo.tags[tag] = repo.resolve(target)
        return Response.json({})

    # ---- handlers: discussions -----------------------------------------------------------------
    def _author_json(self, name: str, repo: Repo | None = None) -> dict | None:
        """A discussion's or an event's ``author`` as the Hub gives it (an event's also says the user's standing in
        the repo); None for a deleted account, whose discussions the Hub lists without one (huggingface_hub then
        reads the author as "deleted")."""
        user = self.state.users.get(name)
        if user is None:
            return None
        out: dict[str, Any] = {"avatarUrl": f"/avatars/{name}.svg", "fullname": user.fullname, "name": name,
                               "type": "user", "isPro": False, "isHf": False, "isMod": False}
        if repo is not None:
            out["isOwner"] = name == repo.namespace
            out["isOrgMember"] = name in self.state.orgs.get(repo.namespace, ())
        return out

    def _discussion_json(self, repo: Repo, d: Discussion) -> dict:
        author = self._author_json(d.author)
        return {"num": d.num, **({"author": author} if author else {}), "repo": {"name": repo.id, "type": repo.type},
                "title": d.title, "status": d.status, "createdAt": iso(d.created_at),
                "isPullRequest": d.is_pull_request,
                "numComments": sum(1 for e in d.events if e["type"] == "comment"), "pinned": False, "topReactions": []}

    def _h_discussions(self, ctx: Ctx, rtype: str, repo_id: str) -> Response:
        if ctx.method == "POST":
            with self.state.lock:
                repo = self.state.visible_repo(rtype, repo_id, ctx.user)
                user = self._require_pr_rights(ctx)
                payload = ctx.json_body()
                title = str(payload.get("title") or "").strip()
                if not 3 <= len(title) <= 200:
                    raise HubError(400, '"title" length must be between 3 and 200 characters')
                num = repo.next_discussion_num()
                is_pr = bool(payload.get("pullRequest"))
                d = Discussion(num=num, title=title, author=user, created_at=utcnow(), is_pull_request=is_pr,
                               status="draft" if is_pr else "open", description=str(payload.get("description") or ""))
                d.add_comment(user, d.description, d.created_at)
                if is_pr:
                    d.base_branch, d.base_commit = "main", repo.branches["main"]
                    repo.pr_refs[num] = repo.branches["main"]
                repo.discussions[num] = d
                return Response.json({"num": num, "pullRequest": is_pr, "url": self.url(repo, "discussions", str(num)),
                                      "id": f"{num:024x}"})
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            items = sorted(repo.discussions.values(), key=lambda d: -d.num)
        dtype = ctx.param("type", "all")
        status = ctx.param("status", "all")
        author = ctx.param("author")
        if dtype == "pull_request":
            items = [d for d in items if d.is_pull_request]
        elif dtype == "discussion":
            items = [d for d in items if not d.is_pull_request]
        if status == "open":
            items = [d for d in items if d.status in ("open", "draft")]
        elif status == "closed":
            items = [d for d in items if d.status in ("closed", "merged")]
        if author:
            items = [d for d in items if d.author == author]
        page = int(ctx.param("p", "0") or 0)
        start = page * DISCUSSIONS_PAGE_SIZE
        chunk = items[start:start + DISCUSSIONS_PAGE_SIZE]
        return Response.json({"discussions": [self._discussion_json(repo, d) for d in chunk], "count": len(items),
                              "start": start,
                              "numClosedDiscussions": sum(1 for d in items if d.status in ("closed", "merged"))})

    def _h_discussion(self, ctx: Ctx, rtype: str, repo_id: str, num: int) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            d = repo.discussions.get(num)
            if d is None:
                raise HubError(404, "Discussion not found")
            body = self._discussion_json(repo, d)
            body["events"] = []
            for event in d.events:
                author = self._author_json(event["author"]["name"], repo)
                body["events"].append({k: v for k, v in event.items() if k != "author"} | (
                    {"author": author} if author else {}))
            if d.is_pull_request:
                changes: dict[str, Any] = {"base": f"refs/heads/{d.base_branch}"}
                if d.merge_commit:
                    changes["mergeCommitId"] = d.merge_commit
                body["changes"] = changes
                body["filesWithConflicts"] = []
                if ctx.flag("diff"):
                    base_files = repo.commits[d.base_commit].files if d.base_commit else {}
                    body["diff"] = _git_diff(base_files, repo.commits[repo.pr_refs[num]].files)
        return Response.json(body)

    def _h_discussion_change(self, ctx: Ctx, rtype: str, repo_id: str, num: int, action: str) -> Response:
        with self.state.lock:
            repo = self.state.visible_repo(rtype, repo_id, ctx.user)
            user = ctx.require_user()
            d = repo.discussions.get(num)
            if d is None:
                raise HubError(404, "Discussion not found")
            payload = ctx.json_body() or {}
            is_writer = ctx.role == "write" and self.state.can_write_namespace(user, repo.namespace)
            if action == "comment":
                text = str(payload.get("comment") or "").strip()
                if not text:
                    raise HubError(400, '"comment" is not allowed to be empty')
                return Response.json({"newMessage": d.add_comment(user, text)})
            if not (is_writer or (action != "merge" and d.author == user)):
                raise HubError(403, "You don't have the rights to change this discussion")
            if action == "title":
                new = str(payload.get("title") or "").strip()
                if not 3 <= len(new) <= 200:
                    raise HubError(400, '"title" length must be between 3 and 200 characters')
                event = d.add_event("title-change", user, {"from": d.title, "to": new})
                d.title = new
                return Response.json({"newTitle": event})
            if action == "status":
                new = payload.get("status")
                if new not in ("open", "closed"):
                    raise HubError(400, '"status" must be one of [open, closed]')
                if d.status == "merged":
                    raise HubError(400, "A merged pull request cannot change status")
                d.status = new
                event = d.add_event("status-change", user, {"status": new})
                if payload.get("comment"):
                    d.add_comment(user, str(payload["comment"]))
                return Response.json({"newStatus": event})
            # merge: apply what the PR changed since its base onto the base branch tip, as one commit
            if not d.is_pull_request or d.status in ("merged", "closed"):
                raise HubError(400, "Only an open pull request can be merged")
            base_files = repo.commits[d.base_commit].files if d.base_commit else {}
            head_files = repo.commits[repo.pr_refs[num]].files
            tip = repo.branches[d.base_branch]  # type: ignore[index]
            target = dict(repo.commits[tip].files)
            changed = {p for p in set(base_files) | set(head_files) if base_files.get(p) != head_files.get(p)}
            conflicts = sorted(p for p in changed if target.get(p) != base_files.get(p)
                               and target.get(p) != head_files.get(p))
            if conflicts:
                raise HubError(409, f"This pull request has conflicts: {', '.join(conflicts)}")
            for p in changed:
                if p in head_files:
                    target[p] = head_files[p]
                else:
                    target.pop(p, None)
            commit = repo.add_commit(parent=tip, files=target, title=d.title, message=d.description, author=user)
            repo.branches[d.base_branch] = commit.oid  # type: ignore[index]
            d.status, d.merge_commit = "merged", commit.oid
            d.add_event("status-change", user, {"status": "merged"})
            if payload.get("comment"):
                d.add_comment(user, str(payload["comment"]))
            self.state.log_commit(repo, commit.oid, str(d.base_branch), user, "api")
            return Response.json({})


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _git_diff(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> str:
    out: list[str] = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        out.append(f"diff --git a/{path} b/{path}\n")
        a_lines = a.decode("utf-8", "replace").splitlines(keepends=True) if a is not None else []
        b_lines = b.decode("utf-8", "replace").splitlines(keepends=True) if b is not None else []
        out.extend(difflib.unified_diff(a_lines, b_lines, f"a/{path}" if a is not None else "/dev/null",
                                        f"b/{path}" if b is not None else "/dev/null"))
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
    return "".join(out)

