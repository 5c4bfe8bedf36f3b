"""One card's conversation with the Hub: which failures are worth retrying, backoff with jitter within
a time budget (honouring a usable Retry-After), and the token scrubbed from every error text."""

from __future__ import annotations

import math
import random
import socket
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from generator.errors import Problem, PublishError, counted


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for 5xx, 429 and connection errors: exponential with jitter, bounded in total time."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 20.0
    deadline: float = 120.0  # seconds for one card, all retries included
    sleep: Callable[[float], None] = time.sleep



def _transport_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    for name in ("httpx2", "httpx"):
        try:
            module = __import__(name)
            errors.append(module.TransportError)
        except (ImportError, AttributeError):
            continue
    return tuple(errors)


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


class Session:
    """One card's conversation with the Hub: retries, timing and token scrubbing."""

    def __init__(self, api: Any, policy: RetryPolicy, token: Optional[str]):
        self.api = api
        self.policy = policy
        # The token the client really sends: given, or else HF_TOKEN or the saved login, which
        # huggingface_hub finds on its own -- an error echoing it must not print it either way.
        self.token = token or _ambient_token()
        self.started = time.monotonic()
        self.transport = _transport_errors()

    def transient(self, exc: BaseException) -> bool:
        if _name_not_resolved(exc):  # a wrong or unreachable endpoint name: retrying cannot help
            return False
        status = http_status(exc)
        return isinstance(exc, self.transport) or status == 429 or (status is not None and status >= 500)

    def backoff(self, attempt: int, exc: BaseException, what: str) -> None:
        """Sleep before retry number ``attempt``, or give up when the budget is spent."""
        elapsed = time.monotonic() - self.started
        delay = _retry_after(exc)
        if delay is None:
            delay = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
            delay *= 0.5 + random.random()  # jitter: a batch does not retry in lockstep
        if attempt >= self.policy.max_attempts or elapsed + delay > self.policy.deadline:
            raise PublishError([Problem("hub", what, f"gave up after {counted(attempt, 'attempt')}: {self.scrub(exc)}",
                                        "check the Hub's status and your network, then publish again",
                                        code="hub-unavailable")]) from None
        self.policy.sleep(delay)

    def call(self, fn: Callable[[], Any], what: str) -> Any:
        """Run a read (or an idempotent write) with retries on transient failures."""
        attempt = 0
        while True:
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - sorted into transient / final below
                if not self.transient(exc):
                    raise
                attempt += 1
                self.backoff(attempt, exc, what)

    def scrub(self, exc: BaseException) -> str:
        text = f"{type(exc).__name__}: {exc}".splitlines()[0]
        if self.token:
            text = text.replace(self.token, "***")
        return text[:300]
