"""generator.publish.http: the adapter for the installed huggingface_hub's HTTP stack, against the local Hub.

The suite runs with huggingface_hub 2.x (httpx2) and, in .ci/run's second leg, 0.x (requests): each test here
runs through whichever adapter the installed client gets.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from huggingface_hub import hf_hub_url, utils
from huggingface_hub.utils import build_hf_headers

from generator.publish.http import HttpxStack, RequestsStack, stack, stack_for
from generator.publish.session import RetryPolicy, Session
from tests.hubserver.fixtures import local_hub, local_hub_server  # noqa: F401

REPO = "alice/http"


def test_the_stack_is_chosen_by_what_the_client_has_not_its_version():
    assert isinstance(stack_for(SimpleNamespace(__version__="1.0.0")), RequestsStack)  # no set_client_factory: 0.x's
    assert isinstance(stack_for(SimpleNamespace(__version__="0.1", set_client_factory=print)), HttpxStack)
    assert isinstance(stack(), HttpxStack) == hasattr(utils, "set_client_factory")


def test_a_request_inside_a_publish_gets_the_cards_timeout_and_none_outside(local_hub):
    local_hub.create_repo(REPO)
    api = local_hub.api()
    session = Session(api, RetryPolicy(request_timeout=0.3), local_hub.token)
    local_hub.slow_next(2.0, kind="repo-info")
    start = time.monotonic()
    with session.active(), pytest.raises(stack().timeout_errors()):
        api.model_info(REPO)
    assert time.monotonic() - start < 1.5 and session.last_timeout == pytest.approx(0.3)
    local_hub.slow_next(0.5, kind="repo-info")  # outside a publish the client's own (no) timeout holds
    assert api.model_info(REPO).sha == local_hub.tip(REPO)


def test_a_request_after_the_budget_is_spent_is_never_sent(local_hub):
    local_hub.create_repo(REPO)
    api = local_hub.api()
    session = Session(api, RetryPolicy(deadline=0.0), local_hub.token)
    local_hub.reset_counters()
    with session.active(), pytest.raises(Exception, match="retry budget of 0 s is spent"):
        api.model_info(REPO)
    assert local_hub.requests == []


def test_get_follows_the_hubs_redirect_and_reads_the_reason(local_hub):
    local_hub.create_repo(REPO)
    local_hub.commit_files(REPO, {"README.md": "# hello\n"})
    local_hub.redirect_resolve = True  # 307 to /api/resolve-cache/..., as the real Hub answers
    headers = build_hf_headers(token=local_hub.token)
    response = stack().get(hf_hub_url(REPO, "README.md", endpoint=local_hub.endpoint), headers)
    assert (response.status_code, response.content) == (200, b"# hello\n")
    assert [r.status for r in local_hub.request_log if "resolve" in r.kind] == [307, 200]
    missing = stack().get(hf_hub_url(REPO, "nope.md", endpoint=local_hub.endpoint), headers)
    assert missing.status_code == 404 and stack().reason(missing) == "Not Found"
