"""A faithful local Hugging Face Hub for tests: the real huggingface_hub client talks to it over HTTP.

    from tests.hubserver import LocalHub            # the server
    from tests.hubserver.fixtures import local_hub  # the pytest fixture (import it into the test module)
"""

from .server import CommitAttempt, LocalHub, RequestRecord
from .state import Commit, Discussion, HubError

__all__ = ["Commit", "CommitAttempt", "Discussion", "HubError", "LocalHub", "RequestRecord"]
