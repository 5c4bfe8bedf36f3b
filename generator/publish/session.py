"""One card's conversation with the Hub: which failures are worth retrying, backoff with jitter within
a time budget (honouring a usable Retry-After, for the whole batch), a timeout on every request, the
Hub's own error text with what to do about it, and the token scrubbed from every error text.

Timeouts: huggingface_hub's HTTP clients have none (``timeout=None``), so a Hub that never answers
would hang a publish for ever. :func:`install_request_hook` wraps the client factory (generator.publish.http,
for whichever HTTP stack the installed huggingface_hub uses) so that every request asks first; while a
:class:`Session` is active in the current thread, each request gets the time left of the card's budget
(at most ``RetryPolicy.request_timeout``), and the card stops once the budget is spent or the batch was
interrupted. Outside a publish requests are left as the client made them.
"""

from __future__ import annotations

import functools
import math
import random
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from generator.errors import Problem, PublishError, counted
from generator.publish import RETRY_BUDGET
from generator.publish.http import stack


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for 5xx, 429 and connection errors: exponential with jitter, bounded in total time."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 20.0
    deadline: float = RETRY_BUDGET  # seconds for one card, all requests and retries included
    sleep: Callable[[float], None] = time.sleep
    request_timeout: float = 30.0  # seconds one request may take (never more than what is left of the deadline)


class Stopped(Exception):
    """A card's request was not sent: its budget is spent or its batch was interrupted.

    Raised from inside the HTTP client (the request hook), so it is not one of the transport
    errors huggingface_hub retries on its own; :meth:`Session.call` turns it into the card's result.
    """


class BudgetSpent(Stopped):
    """The card's time budget (``RetryPolicy.deadline``) is spent."""


class Interrupted(Stopped):
    """The batch was interrupted (Ctrl-C): no new request is started."""


class Batch:
    """What the cards of one ``publish_cards`` call share: a pause asked for by the Hub (429 /
    Retry-After holds back every card, not only the one that met it), the interruption flag and
    the token's user (the Hub rate-limits whoami hard: asked once a batch)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resume_at = 0.0  # time.monotonic() before which no card starts a request
        self.interrupted = threading.Event()
        self._users_lock = threading.Lock()
        self._users: dict[str, str] = {}  # token -> its user's name

    def user(self, token: str, ask: Callable[[], str]) -> str:
        """The name of ``token``'s user: ``ask()`` the first time, then remembered (a failure is not)."""
        with self._users_lock:  # held while asking: the batch's other cards wait for this one answer
            if token not in self._users:
                self._users[token] = ask()
            return self._users[token]

    def pause(self, seconds: float) -> float:
        """Hold every card back for ``seconds``; the time the pause ends (time.monotonic())."""
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)
            return self._resume_at

    def wait(self, sleep: Callable[[float], None], honoured: float = 0.0) -> float:
        """Sleep out a pause the Hub asked for, unless it ends by ``honoured`` (a pause this card
        already slept out, e.g. in its own backoff); the end of the pause now honoured."""
        resume_at = self._resume_at
        delay = resume_at - time.monotonic()
        if delay > 0 and resume_at > honoured:
            sleep(delay)
            return resume_at
        return honoured


@functools.lru_cache(maxsize=None)  # once per process: a failed import searches sys.path again on every call
def _transport_errors() -> tuple[type[BaseException], ...]:
    return (ConnectionError, TimeoutError, *stack().transport_errors())


@functools.lru_cache(maxsize=None)
def _timeout_errors() -> tuple[type[BaseException], ...]:
    return (TimeoutError, *stack().timeout_errors())


def http_status(exc: BaseException) -> Optional[int]:
    """The HTTP status of a failed request, or None (a transport error)."""
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _retry_after(exc: BaseException) -> Optional[float]:
    """The delay a Retry-After header asks for, in seconds; None when absent or not a usable number
    (negative, NaN, infinite or an HTTP date: the backoff decides then)."""
    response = getattr(exc, "response", None)
    value = getattr(response, "headers", {}).get("Retry-After") if response is not None else None
    try:
        delay = float(value) if value is not None else None
    except ValueError:
        return None
    return delay if delay is not None and math.isfinite(delay) and delay >= 0 else None


def _name_not_resolved(exc: BaseException) -> bool:
    """Whether the failure is a host name that does not resolve (socket.gaierror anywhere in its chain)."""
    seen: set[int] = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, socket.gaierror):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _ambient_token() -> Optional[str]:
    from huggingface_hub import get_token

    try:
        return get_token()
    except Exception:  # noqa: BLE001 - an unreadable token file: nothing to scrub
        return None


def hub_message(exc: BaseException) -> str:
    """What the Hub itself said about a failed request: huggingface_hub's ``server_message`` (the
    X-Error-Message header and the body's "error"), else those two read from the response; "" if none."""
    message = getattr(exc, "server_message", None)
    if message:
        return " ".join(str(message).split())
    response = getattr(exc, "response", None)
    if response is None:
        return ""
    found = response.headers.get("X-Error-Message") or ""
    if not found:
        try:
            body = response.json()
            found = body.get("error", "") if isinstance(body, dict) else ""
        except Exception:  # noqa: BLE001 - not JSON, or not read: no message
            found = ""
    return " ".join(str(found).split())


# What to do about a Hub refusal, by HTTP status: (problem code, what it means, the fix).
_ADVICE: dict[int, tuple[str, str, str]] = {
    401: ("hub-unauthorized", "the Hub did not accept the token",
          "log in again (`hf auth login`) or set HF_TOKEN to a valid token from https://huggingface.co/settings/tokens"),
    403: ("hub-forbidden", "the token may not write to this repo (a read-only token, or no write access to its "
          "namespace)", "make a token with write access at https://huggingface.co/settings/tokens (or ask the "
          "namespace's admins for write access), or publish with --create-pr"),
    404: ("hub-not-found", "the Hub has no such repo, branch or namespace",
          "check the repo id (ORG/NAME) and --revision; create the repo on the Hub if your token cannot"),
    429: ("hub-rate-limited", "the Hub is rate limiting these requests",
          "wait a few minutes and publish again, or publish with a lower --jobs"),
}


class Session:
    """One card's conversation with the Hub: retries, timing, timeouts and token scrubbing."""

    def __init__(self, api: Any, policy: RetryPolicy, token: Optional[str], batch: Optional[Batch] = None):
        self.api = api
        self.policy = policy
        # The token the client really sends: given, or else HF_TOKEN or the saved login, which
        # huggingface_hub finds on its own -- an error echoing it must not print it either way.
        self.token = token or _ambient_token()
        self.batch = batch or Batch()
        self.started = time.monotonic()
        self.last_timeout = policy.request_timeout  # the timeout the last request was given
        self.step = "publish"  # what the card is doing, for the report of a failure
        self.honoured = 0.0  # the end of the last batch pause this card slept out itself
        self.transport = _transport_errors()
        self.timeouts = _timeout_errors()

    # ---- timing -----------------------------------------------------------------------------
    def left(self) -> float:
        """Seconds left of the card's budget."""
        return self.policy.deadline - (time.monotonic() - self.started)

    def request_timeout(self) -> float:
        """The timeout of the next request; raises Stopped when none may be sent."""
        if self.batch.interrupted.is_set():
            raise Interrupted("interrupted before this request")
        left = self.left()
        if left <= 0:
            raise BudgetSpent(f"the retry budget of {self.policy.deadline:g} s is spent")
        self.last_timeout = min(self.policy.request_timeout, left)
        return self.last_timeout

    @contextmanager
    def active(self) -> Iterator["Session"]:
        """Make this session the one whose budget times the requests of the current thread."""
        install_request_hook()
        previous = getattr(_CURRENT, "session", None)
        _CURRENT.session = self
        try:
            yield self
        finally:
            _CURRENT.session = previous

    # ---- failures ---------------------------------------------------------------------------
    def transient(self, exc: BaseException) -> bool:
        if isinstance(exc, Stopped) or _name_not_resolved(exc):  # retrying cannot help
            return False
        status = http_status(exc)
        return isinstance(exc, self.transport) or status == 429 or (status is not None and status >= 500)

    def backoff(self, attempt: int, exc: BaseException, what: str) -> None:
        """Sleep before retry number ``attempt``, or give up when the budget is spent."""
        delay = _retry_after(exc)
        if delay is not None or http_status(exc) == 429:  # every card holds back, this one in its backoff
            self.honoured = self.batch.pause(delay if delay is not None else self.policy.base_delay)
        if delay is None:
            delay = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
            delay *= 0.5 + random.random()  # jitter: a batch does not retry in lockstep
        if attempt >= self.policy.max_attempts or delay >= self.left():
            raise PublishError([self._gave_up(attempt, exc, what)]) from None
        self.policy.sleep(delay)

    def _gave_up(self, attempt: int, exc: BaseException, what: str) -> Problem:
        if isinstance(exc, self.timeouts):
            return Problem("hub", what, f"the Hub did not answer within {self.last_timeout:.3g} s "
                           f"({counted(attempt, 'attempt')}): {self.scrub(exc)}",
                           "check the Hub's status and your network, then publish again (--retry-budget gives "
                           "a card more time)", code="hub-timeout")
        status = http_status(exc)
        if status in _ADVICE:
            return self.failure(exc, what, attempts=attempt)
        return Problem("hub", what, f"gave up after {counted(attempt, 'attempt')}: {self.describe(exc)}",
                       "check the Hub's status and your network, then publish again", code="hub-unavailable")

    def failure(self, exc: BaseException, what: str, attempts: int = 0) -> Problem:
        """The Problem a final failure of ``what`` reports: the status, the Hub's message, what to do."""
        if isinstance(exc, BudgetSpent):
            return Problem("hub", what, f"stopped: {exc} (the Hub answered too slowly)",
                           "check the Hub's status and your network, then publish again (--retry-budget gives "
                           "a card more time)", code="hub-timeout")
        if isinstance(exc, Interrupted):
            return Problem("hub", what, "interrupted before this card was published", "publish again",
                           code="interrupted")
        status = http_status(exc)
        tried = f" (after {counted(attempts, 'attempt')})" if attempts > 1 else ""
        if status in _ADVICE:
            code, meaning, fix = _ADVICE[status]
            return Problem("hub", what, f"{meaning}{tried}: {self.describe(exc)}", fix, code=code)
        if status is not None:
            return Problem("hub", what, f"the Hub refused the request{tried}: {self.describe(exc)}",
                           "fix what the Hub's message names, then publish again", code="hub-refused")
        cause = exc.__cause__
        if isinstance(exc, ValueError) and cause is not None and http_status(cause) == 400:
            # huggingface_hub's check of the README's metadata before a commit: the Hub's reasons, each on a line
            said = "; ".join(line.strip("- ").strip() for line in str(exc).splitlines()[1:] if line.strip())
            return Problem("hub", what, f"the Hub refused the metadata of README.md: {self._redact(said)[:300]}",
                           "fix what the Hub names in the records (or the card), then publish again",
                           code="hub-refused")
        if _name_not_resolved(exc):
            return Problem("hub", what, f"the Hub's host name does not resolve: {self.scrub(exc)}",
                           "check HF_ENDPOINT and your network or DNS settings", code="hub-unreachable")
        if isinstance(exc, self.transport):
            return Problem("hub", what, f"the request failed: {self.scrub(exc)}",
                           "check the Hub's status and your network, then publish again", code="hub-unavailable")
        return Problem("hub", what, f"publishing failed: {self.scrub(exc)}", "publish again; if it fails the same "
                       "way, report it with the output of MODELCARD_DEBUG=1", code="publish-failed")

    def describe(self, exc: BaseException) -> str:
        """``HTTP 403 Forbidden: <the Hub's message> (request id ...)``, or the error's first line."""
        status = http_status(exc)
        if status is None:
            return self.scrub(exc)
        reason = stack().reason(getattr(exc, "response", None))
        text = f"HTTP {status}" + (f" {reason}" if reason else "")
        message = hub_message(exc)
        text += f": {message}" if message else f" ({self.scrub(exc)})"
        request_id = getattr(exc, "request_id", None)
        if request_id:
            text += f" (request id {request_id})"
        return self._redact(text)[:500]

    def user(self) -> Optional[str]:
        """The name of the token's user (whoami), None without a token: who opened a pull request of ours."""
        if not self.token:
            return None
        token = self.token
        return self.batch.user(token, lambda: str(self.call(lambda: self.api.whoami(token=token)["name"],
                                                            "read the token's user")))

    def wait_turn(self) -> None:
        """Before a request: sleep out a pause the Hub asked of the batch."""
        self.honoured = self.batch.wait(self.policy.sleep, self.honoured)

    def call(self, fn: Callable[[], Any], what: str) -> Any:
        """Run a read (or an idempotent write) with retries on transient failures."""
        attempt = 0
        self.step = what
        while True:
            self.wait_turn()
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - sorted into transient / final below
                if not self.transient(exc):
                    raise
                attempt += 1
                self.backoff(attempt, exc, what)

    def _redact(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text

    def scrub(self, exc: BaseException) -> str:
        return self._redact(f"{type(exc).__name__}: {exc}".splitlines()[0])[:300]


# ---------------------------------------------------------------------------- request timeouts

_CURRENT = threading.local()  # .session: the Session publishing in this thread, if any


def _timeout_for_request() -> Optional[float]:
    """The timeout of a request about to be sent: the active session's (see the module doc), or None
    outside a publish."""
    session: Optional[Session] = getattr(_CURRENT, "session", None)
    return None if session is None else session.request_timeout()


def install_request_hook() -> None:
    """Make huggingface_hub's HTTP clients time every request by :func:`_timeout_for_request`."""
    stack().install(_timeout_for_request)
