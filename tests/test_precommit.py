"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit.

pre-commit installs the generator from a git repository into an environment of its own, as
it does for a user, once per module (about 5 s with local wheels; a first download from PyPI
takes longer).
The hook repository is a commit of the current working tree, untracked files included, so
the hooks under test are the ones on disk. (`pre-commit try-repo` is not used: it builds a
new environment in a throwaway store on every call, and leaves untracked files out of the
commit it makes of a dirty tree.)
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT

from generator.render.card import render_card

GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com"}


# Variables git sets for hooks and `rebase --exec`: inherited, they would point these commands
# at the repository running the suite instead of the throwaway one.
GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in GIT_LOCATION}
    return {**env, **GIT_ENV, **extra}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=cwd,
                            capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stderr
    return result.stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", cwd=path)
    git("config", "user.email", "test@example.com", cwd=path)
    git("config", "user.name", "test", cwd=path)
    return path


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding the working tree as it is now (tracked and untracked, not ignored)."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    repo = new_repo(tmp_path_factory.mktemp("hooks") / "modelcard-generator")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "working tree", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo).strip()


@pytest.fixture(scope="module")
def project(hook_repo, tmp_path_factory):
    """A user's repository using both hooks, with good and bad cards and records; run(hook, *files)."""
    repo, rev = hook_repo
    home = tmp_path_factory.mktemp("pre-commit-home")  # one store: the hook environment is built once
    work = new_repo(tmp_path_factory.mktemp("project") / "models")
    config = {"repos": [{"repo": str(repo), "rev": rev,
                         "hooks": [{"id": "modelcard-validate"}, {"id": "modelcard-validate-records"}]}]}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    good = render_card(EXAMPLES / "gemma-2-9b-it-sppo-iter2")
    (work / "good").mkdir()
    (work / "good" / "README.md").write_text(good)
    (work / "bad").mkdir()
    (work / "bad" / "README.md").write_text(good.replace("\nlicense: gemma\n", "\nlicense: not-a-license\n"))
    (work / "good" / "records.yaml").write_text("model:\n  repo_id: acme/tiny\n  license: apache-2.0\n")
    (work / "bad" / "records.yaml").write_text("model:\n  repo_id: acme/tiny\n  licence: apache-2.0\n")
    (work / "notes.yaml").write_text("not: records\n")  # not a records file name: no hook runs on it
    git("add", "-A", cwd=work)
    timings = []

    def run(hook: str, *files: str) -> subprocess.CompletedProcess:
        env = _env(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
        env.pop("VIRTUAL_ENV", None)
        start = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--files", *files], cwd=work,
                                capture_output=True, text=True, env=env, timeout=900)
        timings.append((hook, files, round(time.monotonic() - start, 1)))
        return result

    yield run
    print("\npre-commit runs (hook, files, seconds; the first builds the environment):", *timings, sep="\n  ")


def test_valid_card_passes(project):
    result = project("modelcard-validate", "good/README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "modelcard validate (model cards)" in result.stdout and "Passed" in result.stdout


def test_invalid_card_fails_with_the_generators_message(project):
    result = project("modelcard-validate", "good/README.md", "bad/README.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert ("bad/README.md: license: 'not-a-license' is not a Hub license id (fix: use an id from the Hub's "
            "license list") in result.stdout
    assert "bad/README.md: invalid" in result.stdout
    assert "good/README.md: ok" in result.stdout
    assert "Traceback" not in result.stdout


def test_valid_records_pass(project):
    result = project("modelcard-validate-records", "good/records.yaml", "notes.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_invalid_records_fail_with_the_generators_message(project):
    result = project("modelcard-validate-records", "bad/records.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad/records.yaml: $.model.licence: unknown key 'licence' (fix: did you mean 'license'?)" in result.stdout


def test_hooks_skip_files_they_do_not_match(project):
    result = project("modelcard-validate-records", "notes.yaml", "good/README.md")
    assert result.returncode == 0
    assert "(no files to check)Skipped" in result.stdout.replace(".", "")
