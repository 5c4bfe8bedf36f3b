"""The HTTP stack under huggingface_hub, the one place that knows which one it is.

huggingface_hub 1.x and 2.x send every request through one shared httpx client (``httpx`` in 1.x, ``httpx2``
in 2.x) built by the factory given to ``set_client_factory``; 0.x (what transformers 4.x and TRL 0.x run
with) sends it through a ``requests.Session`` per thread built by the factory given to
``configure_http_backend``. :func:`stack` picks the adapter by which of the two functions the installed
client has (never by its version string); the rest of the package asks the adapter for the errors of a
failed transport, the reason phrase of a response, a GET, and a request timeout set on every request.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable, Optional

# What the publishing session says about the next request: its timeout in seconds, or None to leave the
# request as the client made it (no publish is active in this thread). It may raise to stop the request.
TimeoutFor = Callable[[], Optional[float]]

_INSTALL_LOCK = threading.Lock()
_MARK = "_modelcard_timeouts"  # set on a factory that already wraps its clients


def _imported(*names: str) -> list[Any]:
    modules = []
    for name in names:
        try:
            modules.append(__import__(name))
        except ImportError:
            continue
    return modules


class HttpxStack:
    """huggingface_hub >= 1.0: httpx / httpx2 clients from ``set_client_factory``; a request event hook
    sets each request's timeout."""

    name = "httpx"

    def transport_errors(self) -> tuple[type[BaseException], ...]:
        return tuple(m.TransportError for m in _imported("httpx2", "httpx"))

    def timeout_errors(self) -> tuple[type[BaseException], ...]:
        return tuple(m.TimeoutException for m in _imported("httpx2", "httpx"))

    def reason(self, response: Any) -> str:
        return str(getattr(response, "reason_phrase", "") or "")

    def get(self, url: str, headers: dict[str, str]) -> Any:
        from huggingface_hub.utils import get_session

        return get_session().get(url, headers=headers, follow_redirects=True)

    def install(self, timeout_for: TimeoutFor) -> None:
        from huggingface_hub.utils import _http, set_client_factory

        def wrap(previous: Callable[[], Any]) -> Callable[[], Any]:
            def on_request(request: Any) -> None:
                seconds = timeout_for()
                if seconds is not None:
                    request.extensions = {**request.extensions, "timeout": {
                        "connect": seconds, "read": seconds, "write": seconds, "pool": seconds}}

            def factory() -> Any:
                client = previous()
                hooks = client.event_hooks
                client.event_hooks = {**hooks, "request": [*hooks.get("request", []), on_request]}
                return client

            return factory

        _install(_http, "_GLOBAL_CLIENT_FACTORY", getattr(_http, "default_client_factory", None), wrap,
                 set_client_factory)


class RequestsStack:
    """huggingface_hub 0.x: a ``requests.Session`` per thread from ``configure_http_backend``; each
    session's ``send`` (every request, redirects included) gets its timeout."""

    name = "requests"

    def transport_errors(self) -> tuple[type[BaseException], ...]:
        import requests

        # the errors huggingface_hub 0.x's own http_backoff retries on
        return (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)

    def timeout_errors(self) -> tuple[type[BaseException], ...]:
        import requests

        return (requests.Timeout,)

    def reason(self, response: Any) -> str:
        return str(getattr(response, "reason", "") or "")

    def get(self, url: str, headers: dict[str, str]) -> Any:
        from huggingface_hub.utils import get_session

        session: Any = get_session()  # a requests.Session here (mypy reads the installed 1.x / 2.x as httpx's Client)
        return session.get(url, headers=headers, allow_redirects=True)

    def install(self, timeout_for: TimeoutFor) -> None:
        import huggingface_hub
        from huggingface_hub.utils import _http

        def wrap(previous: Callable[[], Any]) -> Callable[[], Any]:
            def factory() -> Any:
                session = previous()
                send = session.send

                def timed_send(request: Any, **kwargs: Any) -> Any:
                    seconds = timeout_for()
                    if seconds is not None:
                        kwargs["timeout"] = seconds
                    return send(request, **kwargs)

                session.send = timed_send  # the instance's send: Session.request and redirects call self.send
                return session

            return factory

        _install(_http, "_GLOBAL_BACKEND_FACTORY", getattr(_http, "_default_backend_factory", None), wrap,
                 huggingface_hub.configure_http_backend)


def _install(module: Any, attribute: str, default: Any, wrap: Callable[[Callable[[], Any]], Callable[[], Any]],
             setter: Callable[[Callable[[], Any]], None]) -> None:
    """Wrap the factory in ``module.attribute`` (once; again if someone set another factory since)."""
    if getattr(getattr(module, attribute, None), _MARK, False):
        return
    with _INSTALL_LOCK:
        previous = getattr(module, attribute, default)
        if getattr(previous, _MARK, False):
            return
        factory = wrap(previous)
        setattr(factory, _MARK, True)
        setter(factory)


def stack_for(utils: Any) -> HttpxStack | RequestsStack:
    """The adapter for a huggingface_hub whose ``utils`` module is given: httpx's if it has ``set_client_factory``
    (1.0 and later), else requests' (0.x)."""
    return HttpxStack() if hasattr(utils, "set_client_factory") else RequestsStack()


@functools.lru_cache(maxsize=None)
def stack() -> HttpxStack | RequestsStack:
    """The adapter for the installed huggingface_hub."""
    from huggingface_hub import utils

    return stack_for(utils)
