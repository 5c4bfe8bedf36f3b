"""pytest fixtures for the local Hub.

Use them by importing into a test module (or a conftest.py)::

    from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

``local_hub_server`` (session scope) runs one server thread for the whole session;
``local_hub`` (function scope) empties its state, counters and faults before each test (cheap: a
few dicts) and points huggingface_hub at it. See ``local_hub`` for exactly how.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

from .server import LocalHub


def point_client_at(hub: LocalHub, monkeypatch: pytest.MonkeyPatch, hf_home: Path) -> None:
    """Make the installed huggingface_hub talk to ``hub`` only, with an isolated cache and no token.

    huggingface_hub reads its environment once, at import, into ``huggingface_hub.constants`` and a
    few other module globals, so setting environment variables now is not enough for this process.
    This patches every such value (restored by ``monkeypatch``) and also sets the environment
    variables, so subprocesses started by the test (e.g. a CLI run) import the client already
    pointed at the hub.
    """
    import huggingface_hub.constants as constants
    import huggingface_hub.hf_api as hf_api
    import huggingface_hub.utils._http as hf_http

    endpoint = hub.endpoint
    hf_home = Path(hf_home)
    cache = hf_home / "hub"
    cache.mkdir(parents=True, exist_ok=True)

    # Environment: for subprocesses, and for the values the client reads on every call.
    env = {
        "HF_ENDPOINT": endpoint,
        "HF_HOME": str(hf_home),
        "HF_HUB_CACHE": str(cache),
        "HF_XET_CACHE": str(hf_home / "xet"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_XET": "1",
        "HF_HUB_DISABLE_UPDATE_CHECK": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_HUB_OFFLINE": "0",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    # No ambient credentials: tokens come from the test (HfApi(token=...) or hub.set_env_token()).
    for key in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE", "HUGGINGFACE_CO_STAGING",
                "HF_TOKEN_PATH", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(key, raising=False)
    proxied = any(k.lower().endswith("_proxy") and k.lower() != "no_proxy" and v for k, v in os.environ.items())
    no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    monkeypatch.setenv("NO_PROXY", no_proxy)
    monkeypatch.setenv("no_proxy", no_proxy)

    # Values captured at import time in huggingface_hub.constants.
    for name, value in {
        "ENDPOINT": endpoint,
        "HUGGINGFACE_CO_URL_TEMPLATE": endpoint + "/{repo_id}/resolve/{revision}/{filename}",
        "HF_URL_HOSTS": frozenset(getattr(constants, "HF_URL_HOSTS", frozenset()) | {"127.0.0.1"}),  # 1.x and later
        "HF_HOME": str(hf_home),
        "HF_HUB_CACHE": str(cache),
        "HUGGINGFACE_HUB_CACHE": str(cache),
        "HF_ASSETS_CACHE": str(hf_home / "assets"),
        "HUGGINGFACE_ASSETS_CACHE": str(hf_home / "assets"),
        "HF_XET_CACHE": str(hf_home / "xet"),
        "HF_TOKEN_PATH": str(hf_home / "token"),
        "HF_STORED_TOKENS_PATH": str(hf_home / "stored_tokens"),
        "AGENT_HARNESSES_PATH": str(hf_home / ".agent_harnesses.json"),
        "CHECK_FOR_UPDATE_DONE_PATH": str(hf_home / ".check_for_update_done"),
        "CHECK_FOR_SKILL_UPDATE_DONE_PATH": str(hf_home / ".check_for_skill_update_done"),
        "HF_HUB_OFFLINE": False,
        "HF_HUB_DISABLE_TELEMETRY": True,
        "HF_HUB_DISABLE_XET": True,
        "HF_HUB_DISABLE_UPDATE_CHECK": True,
    }.items():
        if hasattr(constants, name):
            # 0.x modules also keep copies made by `from .constants import NAME` (file_download's URL template)
            for module in [m for k, m in sys.modules.items() if k.startswith("huggingface_hub.") and m is not None]:
                if module is not constants and getattr(module, name, None) is getattr(constants, name):
                    monkeypatch.setattr(module, name, value)
            monkeypatch.setattr(constants, name, value)

    # Other module globals computed from ENDPOINT / HF_HOME at import (the redirect origins and the agent
    # registry exist since huggingface_hub 1.x; 0.x has neither).
    if hasattr(hf_http, "_HUB_ORIGINS"):
        monkeypatch.setattr(hf_http, "_HUB_ORIGINS", frozenset(hf_http._HUB_ORIGINS | {hf_http._url_origin(endpoint)}))
    monkeypatch.setattr(hf_api.api, "endpoint", endpoint)  # the HfApi behind huggingface_hub.create_commit & co
    try:
        from huggingface_hub.utils import _detect_agent

        monkeypatch.setattr(_detect_agent, "_registry", _detect_agent._EMPTY_REGISTRY, raising=False)
    except ImportError:
        pass
    try:
        from huggingface_hub.utils import _cache_assets, _cache_manager

        monkeypatch.setattr(_cache_manager, "HF_HUB_CACHE", str(cache))
        monkeypatch.setattr(_cache_assets, "HF_ASSETS_CACHE", str(hf_home / "assets"))
    except ImportError:  # pragma: no cover - layout of other client versions
        pass

    # The shared httpx client (0.x: the requests sessions) reads proxy settings once, when built: rebuild it if a
    # proxy is configured so that NO_PROXY=127.0.0.1 applies. (Without proxies it is kept: building one costs ~0.1 s.)
    if proxied:
        (getattr(hf_http, "close_session", None) or hf_http.reset_sessions)()


@pytest.fixture(scope="session")
def local_hub_server() -> Iterator[LocalHub]:
    """One LocalHub HTTP server (127.0.0.1, free port) for the whole session. Prefer ``local_hub``."""
    hub = LocalHub().start()
    try:
        yield hub
    finally:
        hub.stop()


@pytest.fixture
def local_hub(local_hub_server: LocalHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    """A fresh, empty local Hub that huggingface_hub in this process (and its subprocesses) talks to.

    Yields the ``LocalHub``: ``.endpoint`` (``http://127.0.0.1:PORT``), ``.token`` (user "alice",
    write, member of org "acme"), ``.other_token`` (user "bob", write: "someone else"),
    ``.read_token`` (alice, read-only), ``.state``, the counters and the fault-injection controls.

    Pointing ``HfApi`` at it -- any of these works inside a test that uses this fixture::

        api = HfApi(endpoint=local_hub.endpoint, token=local_hub.token)   # explicit (recommended)
        api = local_hub.api()                                              # same thing
        api = HfApi(token=local_hub.token)          # default endpoint is patched too
        huggingface_hub.hf_hub_download(...)        # module-level functions are patched too

    How: ``huggingface_hub.constants.ENDPOINT`` / ``HUGGINGFACE_CO_URL_TEMPLATE`` / ``HF_URL_HOSTS``,
    ``huggingface_hub.utils._http._HUB_ORIGINS`` and ``huggingface_hub.hf_api.api.endpoint`` (the
    instance behind ``huggingface_hub.create_commit`` & co) are monkeypatched; HF_ENDPOINT is set for
    subprocesses. An ``HfApi`` built *before* the fixture ran (e.g. at import time of the module
    under test) keeps its old endpoint: build it lazily or pass ``endpoint=``.

    Isolation: HF_HOME, the download cache, the token file and the agent-harness cache live in
    ``tmp_path/hf_home`` (per test); telemetry, Xet, update checks and progress bars are off;
    HF_TOKEN and friends are removed, so there is no implicit token unless the test sets one
    (``monkeypatch.setenv("HF_TOKEN", local_hub.token)``). If a proxy is configured, the shared httpx
    client is rebuilt so that NO_PROXY=127.0.0.1 takes effect.

    At teardown the test fails if the hub saw a request it does not implement (``local_hub.strict``)
    or crashed while serving one (``local_hub.server_errors``).
    """
    hub = local_hub_server
    hub.reset()
    point_client_at(hub, monkeypatch, tmp_path / "hf_home")
    yield hub
    problems = hub.problems()
    if problems:
        pytest.fail("local hub problems:\n" + "\n".join(problems), pytrace=False)
