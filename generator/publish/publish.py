"""Publish cards to the Hub through huggingface_hub's HfApi: one commit per card.

For each card: render and validate locally first (an invalid card never leaves the
machine); read the repo state once; merge with what is on the Hub (keeping text and
metadata a person added, refusing to overwrite their edits inside generated parts, or
an `.eval_results` file a person edited or wrote, unless forced); skip when nothing changed; commit README.md, the `.eval_results`
files and, with ``plots``, the plot files (``assets/*.png``, ``*.svg``) with ``parent_commit``
set to the state read, re-reading and re-merging when
someone pushed in between. Network faults are retried with backoff and jitter,
bounded in time; a commit whose answer was lost is looked for before it is retried,
so a card is published exactly once or reported failed.
"""

from __future__ import annotations

import difflib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Optional, Sequence, Union

from generator import __version__
from generator.card.eval_results import ingested_files
from generator.card.managed import read_marker, written_files
from generator.check.tables import check_tables_against_index
from generator.errors import (
    EXIT_CONFLICT,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_PUBLISH_FAILED,
    GeneratorError,
    Problem,
    PublishError,
    UsageError,
)
from generator.io.files import git_blob_sha, read_text
from generator.io.images import read_image
from generator.markdown.frontmatter import is_card_path, split_card
from generator.publish import JOBS
from generator.publish.plan import Card, Plan, as_held, comments_note, dropped_note, kept_note, plan
from generator.publish.prs import close_stale, open_pr, operations_onto, our_prs, stale_note, stale_prs
from generator.publish.remote import (
    README,
    Content,
    Remote,
    as_bytes,
    download_text,
    ever_held,
    read_remote,
    same_data_as_read,
)
from generator.publish.session import Batch, Interrupted, RetryPolicy, Session, http_status, install_request_hook
from generator.publish.targets import repo_ids_for
from generator.records.hubrules import check_metadata
from generator.records.loader import load_records
from generator.render.card import card_text, render

PathLike = Union[str, os.PathLike]
_ASSET_LINK = re.compile(r"!\[(?:\\.|[^\]\\\n])*\]\((assets/[A-Za-z0-9._-]+\.(?:png|svg))\)")

# What happened to a card: the first four are successes (see PublishResult.ok).
PublishStatus = Literal["committed", "pr", "unchanged", "dry-run", "conflict", "invalid", "failed", "interrupted"]
_OK_STATUSES: frozenset[str] = frozenset({"committed", "pr", "unchanged", "dry-run"})
# Cards in flight at once: enough to overlap the Hub's ~50-100 ms round trips (a new card takes five
# requests); a 429 pauses them all (session.Batch), so the Hub's rate limit still holds.


@dataclass(frozen=True)
class PublishResult:
    """What happened to one card."""

    source: str
    repo_id: str
    status: PublishStatus
    commit_url: Optional[str] = None
    pr_url: Optional[str] = None
    diff: str = ""
    message: str = ""
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status in _OK_STATUSES

    def as_dict(self) -> dict[str, Any]:
        out = {"source": self.source, "repo_id": self.repo_id, "status": self.status, "ok": self.ok}
        # a failure's message is its problems' text: reported once, as problems
        for key in ("commit_url", "pr_url") + (() if self.problems else ("message",)):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.files:
            out["files"] = list(self.files)
        if self.diff:
            out["diff"] = self.diff
        if self.problems:
            out["problems"] = [p.as_dict() for p in self.problems]
        return out


def _linked_assets(source: Path, body: str) -> dict[str, Content]:
    """The plot files a README links to (``assets/...``), read from beside it: regular files inside
    its folder that really are PNG / SVG images (generator.io.images), never what a link leads to."""
    out: dict[str, Content] = {}
    problems: list[Problem] = []
    for name in dict.fromkeys(_ASSET_LINK.findall(body)):
        svg = name[:-4] + ".svg" if name.endswith(".png") else None  # the vector copy render --plots writes
        for path in (name, svg):
            if path is None:
                continue
            try:
                data = read_image(source.parent, path)
            except GeneratorError as exc:
                problems += exc.problems
                continue
            if data is not None:
                out[path] = data
            elif path == name:
                problems.append(Problem(str(source), "", f"links {name}, which is not beside it", "render the card "
                                        "again with --plots -o, or publish the record set", code="missing-asset"))
    if problems:
        raise GeneratorError(problems)
    return dict(sorted(out.items()))


def _card_files(source: Path, template: Optional[PathLike], plots: bool = False) -> Card:
    """The card of a record set or README, validated; raises on invalid input."""
    if is_card_path(source) and source.is_file():
        text = read_text(source, str(source))
        meta, body = split_card(text, str(source))
        if meta is None:
            raise GeneratorError([Problem(str(source), "", "has no YAML frontmatter",
                                          "start the card with --- metadata ---", code="no-frontmatter")])
        problems = [Problem(str(source), p.path, p.message, p.fix, code=p.code)
                    for p in check_metadata(meta) if p.severity == "error"]
        problems += check_tables_against_index(meta, body, str(source))[0]
        if problems:
            raise GeneratorError(problems)
        marker = read_marker(body)
        adopts = marker.adopts if marker else None  # a card rendered from records imported from the Hub's README
        listed = marker.blocks if marker else None  # the blocks its records produced, a person's deletions too
        return Card(meta, body, card_text(meta, body, adopts, files=written_files(body), blocks=listed),
                     _linked_assets(source, body) if plots else {}, adopts)
    records = load_records(source)
    card = render(records, template, plots=plots)
    from generator.check.tables import check_rendered_tables, rendered_tables

    problems = check_rendered_tables(records, card, card.body, rendered_tables(card, blank_lines=0))[0]
    if problems:
        raise GeneratorError(problems)
    return Card(card.metadata, card.body, card.text, {**card.eval_results, **card.assets},
                 records.model.card_source_blob, ingested_files(records), records.model.card_read_blob)


def _unified(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))


def publish_card(source: PathLike, repo_id: str, *, token: Optional[str] = None, endpoint: Optional[str] = None,
                 create_pr: bool = False, revision: Optional[str] = None, private: Optional[bool] = None,
                 repo_type: str = "model", dry_run: bool = False, force: bool = False,
                 template: Optional[PathLike] = None, commit_message: Optional[str] = None,
                 policy: Optional[RetryPolicy] = None, api: Any = None, plots: bool = False,
                 batch: Optional[Batch] = None) -> PublishResult:
    """Publish one record set or README.md to ``repo_id``; see the module doc for the guarantees.

    With ``plots`` the card embeds its plots and their files go in the same commit (for a
    README.md: the ``assets/`` files it links to, read from beside it); needs matplotlib.
    Every request is timed out within the policy's budget (``RetryPolicy.request_timeout``,
    ``deadline``). ``batch`` is what the cards of one :func:`publish_cards` call share.
    """
    source = Path(source)
    name = str(source)
    try:
        card = _card_files(source, template, plots)
    except GeneratorError as exc:
        return PublishResult(name, repo_id, "invalid", message="; ".join(str(p) for p in exc.problems[:3]),
                             problems=tuple(exc.problems))
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi(endpoint=endpoint, token=token)
    session = Session(api, policy or RetryPolicy(), token or getattr(api, "token", None), batch)
    try:
        with session.active():
            return _publish(session, name, repo_id, card, create_pr=create_pr, revision=revision,
                            private=private, repo_type=repo_type, dry_run=dry_run, force=force,
                            commit_message=commit_message)
    except PublishError as exc:
        return PublishResult(name, repo_id, "failed", message=str(exc.problems[0]), problems=tuple(exc.problems))
    except Interrupted as exc:
        problem = session.failure(exc, session.step)
        return PublishResult(name, repo_id, "interrupted", message=str(problem), problems=(problem,))
    except Exception as exc:  # noqa: BLE001 - the Hub said no (401, 403, 404 on a branch...): report, do not crash
        problem = session.failure(exc, session.step)
        return PublishResult(name, repo_id, "failed", message=str(problem), problems=(problem,))


def _publish(session: Session, name: str, repo_id: str, card: Card, *, create_pr: bool, revision: Optional[str],
             private: Optional[bool], repo_type: str, dry_run: bool, force: bool,
             commit_message: Optional[str]) -> PublishResult:
    from huggingface_hub import CommitOperationAdd

    readme_blob = git_blob_sha(card.text.encode("utf-8"))
    lost_answers = 0  # commits whose answer never came: they may have landed
    stale = 0
    while True:
        remote = read_remote(session, repo_id, repo_type, revision, need_readme=False, readme_blob=readme_blob)

        def held(paths: list[str]) -> set[str]:
            return ever_held(session, repo_id, repo_type, revision, paths)

        # a person's `.eval_results` file read into the records, whose data they give unchanged, stays as spelt
        now = as_held(card, same_data_as_read(session, repo_id, repo_type, remote, card.extra, card.ingested))
        planned = plan(remote, now, force, held)
        changed, conflicts, adopted = planned.changed, planned.conflicts, planned.adopted
        # on a branch the Hub has, our pull requests an earlier run left open are looked for: in PR mode to push to
        # one, and once a plain publish commits, to close them (the branch holds the card they would change)
        on_branch = remote.sha is not None and not remote.sha.startswith("new-branch:")
        prs = create_pr and on_branch
        message = commit_message or _message(changed, remote)
        if dry_run:  # a text file the Hub has (an `.eval_results` file) is shown as changed from its text there
            # over conflicts only --force commits: the diff shown is what it would write, not a merge none makes
            shown = plan(remote, now, True, held) if conflicts else planned
            dry = _dry_run(name, repo_id, remote, shown.changed, conflicts, adopted,
                           _old_texts(session, repo_id, repo_type, remote, shown.changed), _kept(shown, done=False),
                           dropped_note(planned.dropped, planned.replaced), _refused_note(planned))
            if not conflicts and (prs or on_branch and not create_pr and changed):
                said = _dry_pr_notes(session, repo_id, repo_type, message, revision, changed if prs and changed else None)
                dry = replace(dry, message="; ".join(n for n in (dry.message, said) if n))
            return dry
        kept = _kept(planned)
        if conflicts:
            return PublishResult(name, repo_id, "conflict", message="; ".join(conflicts) + " (publish with --force "
                                 "to overwrite, or move the edits into your records)" + _refused_note(planned))
        if planned.refused:  # the Hub would refuse the push, forced or not: nothing is pushed
            return PublishResult(name, repo_id, "conflict", message="; ".join(map(str, planned.refused)),
                                 problems=tuple(planned.refused))
        if not changed:
            if lost_answers:  # our commit landed although its answer was lost
                return PublishResult(name, repo_id, "committed", files=(),
                                     commit_url=f"{session.api.endpoint}/{repo_id}/commit/{remote.sha}",
                                     message="commit confirmed after a lost answer")
            outdated = stale_prs(session, our_prs(session, repo_id, repo_type, message, revision)) if prs else []
            closed = close_stale(session, repo_id, repo_type, outdated, revision) if outdated else ""
            return PublishResult(name, repo_id, "unchanged", message="; ".join(n for n in (closed, kept) if n))
        ours = None  # a pipeline run again opens no second pull request: it finds the one it opened before
        # our open pull requests, read once for the one to push to and the stale ones to close
        found: Optional[list[tuple[Any, Any]]] = None
        if prs:
            found = our_prs(session, repo_id, repo_type, message, revision)
            ours = open_pr(session, repo_id, repo_type, found, changed)
            if ours is not None and ours.holds:
                said = "pull request confirmed after a lost answer" if lost_answers else \
                    f"the open pull request #{ours.num} already holds this change"
                return PublishResult(name, repo_id, "pr", pr_url=ours.url, files=tuple(sorted(changed)),
                                     message="; ".join(n for n in (said, _close_others(
                                         session, repo_id, repo_type, message, revision, ours.num, found)) if n))
        if remote.sha is None:
            session.call(lambda: session.api.create_repo(repo_id, repo_type=repo_type, private=private, exist_ok=True),
                         "create repo")
        new_branch = bool(remote.sha and remote.sha.startswith("new-branch:"))
        if new_branch:
            session.call(lambda: session.api.create_branch(repo_id, branch=revision, repo_type=repo_type,
                                                           exist_ok=True), "create branch")
        parent = None if remote.sha is None or new_branch else remote.sha
        if ours is not None:  # pushed to the pull request an earlier run left open, as the branch would change
            operations = operations_onto(session, repo_id, repo_type, ours, remote, changed)
            target: dict[str, Any] = {"revision": ours.ref, "parent_commit": ours.sha}
        else:
            operations = [CommitOperationAdd(path_in_repo=path, path_or_fileobj=as_bytes(content))
                          for path, content in sorted(changed.items())]
            target = {"revision": revision, "create_pr": create_pr, "parent_commit": parent}
        session.step = "commit"
        session.wait_turn()
        try:
            info = session.api.create_commit(repo_id, operations=operations, commit_message=message,
                                             repo_type=repo_type, **target)
        except Exception as exc:  # noqa: BLE001 - sorted below
            if http_status(exc) == 412:  # someone committed between our read and our write
                stale += 1
                if stale > 3:
                    raise PublishError([Problem("hub", "commit", "the branch kept moving while we published",
                                                "publish again when the other writer is done",
                                                code="branch-kept-moving")]) from None
                continue
            if not session.transient(exc):
                raise
            lost_answers += 1  # it may or may not have landed: re-read before trying again
            session.backoff(lost_answers, exc, "commit")
            continue
        note = (f"adopted README.md (blob {card.source_blob[:7]}), which the records were imported from: "
                "replaced by the rendered card" + dropped_note(planned.dropped, planned.replaced)) \
            if adopted and card.source_blob else ""
        if ours is not None:
            note = "; ".join(n for n in (f"pushed to the open pull request #{ours.num}, which an earlier run opened "
                                         "(one pull request a card: merge or close it to open another)", note) if n)
            closed = _close_others(session, repo_id, repo_type, message, revision, ours.num, found)
            return PublishResult(name, repo_id, "pr", commit_url=getattr(info, "commit_url", None), pr_url=ours.url,
                                 files=tuple(sorted(changed)), message="; ".join(n for n in (note, kept, closed) if n))
        # the branch holds the card now: our pull requests into it an earlier run left open are stale
        closed = _close_others(session, repo_id, repo_type, message, revision, None) if on_branch and not create_pr \
            else ""
        return _committed(info, name, repo_id, changed, create_pr, "; ".join(n for n in (note, kept, closed) if n))


def _dry_pr_notes(session: Session, repo_id: str, repo_type: str, message: str, revision: Optional[str],
                  changed: Optional[dict[str, Content]]) -> str:
    """What a dry run says of our open pull requests: in PR mode with a change (``changed``), what the publish would do
    with the one an earlier run left open and the others it would close; else (None: a plain publish that commits, a
    PR-mode one with nothing to change) the stale ones it would close."""
    mine = our_prs(session, repo_id, repo_type, message, revision)
    if changed is None:
        outdated = stale_prs(session, mine)
        return stale_note(outdated, revision, done=False) if outdated else ""
    ours = open_pr(session, repo_id, repo_type, mine, changed)
    if ours is None:
        return ""
    said = "already holds this change" if ours.holds else "would be pushed to (an earlier run opened it)"
    others = [pr for pr in stale_prs(session, mine) if pr.num != ours.num]
    return "; ".join(n for n in (f"the open pull request #{ours.num} {said}",
                                 others and stale_note(others, revision, done=False, instead=ours.num)) if n)


def _close_others(session: Session, repo_id: str, repo_type: str, message: str, revision: Optional[str],
                  keep: Optional[int], found: Optional[list[tuple[Any, Any]]] = None) -> str:
    """Close our open pull requests into ``revision`` (``found``: as read before the commit; None: read now) but
    #``keep`` (None: all), stale now that the branch or #``keep`` holds the card; what the report says of them.
    After the commit landed, a Hub that does not list or close them (discussions turned off) is said, not a
    failure."""
    try:
        ours = found if found is not None else our_prs(session, repo_id, repo_type, message, revision)
        stale = [pr for pr in stale_prs(session, ours) if pr.num != keep]
        return close_stale(session, repo_id, repo_type, stale, revision, instead=keep) if stale else ""
    except Interrupted:
        raise
    except Exception as exc:  # noqa: BLE001 - the commit stands; the report says what was not done
        status = http_status(exc)
        return "our open pull requests were not looked for (" + (f"the Hub answered HTTP {status}" if status else
                                                                 type(exc).__name__) + ")"


def _kept(planned: Plan, done: bool = True) -> str:
    """What the report of a publish (``done``) or a dry run says of the blocks and `.eval_results` files a person
    deleted, kept deleted, and of the comments of the Hub's README's metadata dropped."""
    return "; ".join(n for n in (kept_note(planned.kept_blocks, planned.kept),
                                 comments_note(planned.dropped_comments, planned.adopted, done)) if n)


def _refused_note(planned: Plan) -> str:
    """What a conflict's message, or a dry run's, says of a person's metadata on the Hub that the Hub refuses now."""
    return "; the Hub would refuse the push: " + "; ".join(map(str, planned.refused)) if planned.refused else ""


def _old_texts(session: Session, repo_id: str, repo_type: str, remote: Remote,
               changed: dict[str, Content]) -> dict[str, str]:
    """The Hub's text of each changed text file it has besides README.md (an `.eval_results` file): one GET each."""
    sha = remote.sha or ""

    def read(path: str) -> str:
        return session.call(lambda: download_text(session.api, repo_id, path, repo_type, sha), f"read {path}")

    return {path: read(path) for path, content in changed.items()
            if path != README and not isinstance(content, bytes) and path in remote.blobs}


def _dry_run(name: str, repo_id: str, remote: Remote, changed: dict[str, Content], conflicts: list[str],
             adopted: bool = False, olds: Optional[dict[str, str]] = None, kept: str = "",
             dropped: str = "", refused: str = "") -> PublishResult:
    parts = []
    for path, content in changed.items():
        if isinstance(content, bytes):
            old = f"a/{path}" if path in remote.blobs else "/dev/null"
            parts.append(f"Binary files {old} and b/{path} differ\n")
            continue
        old = (remote.readme or "") if path == README else (olds or {}).get(path, "")
        parts.append(_unified(old, content, path))
    message = ("would change " + ", ".join(sorted(changed))) if changed else "no change"
    if remote.sha is None:
        message += " (the repo would be created)"
    if adopted:
        message += "; would adopt README.md, which the records were imported from (unchanged on the Hub since)" + dropped
    if kept:
        message += "; " + kept
    if conflicts:
        message += "; conflicts: " + "; ".join(conflicts) + " (the diff is what publishing with --force would write)"
    return PublishResult(name, repo_id, "dry-run", diff="".join(parts), files=tuple(sorted(changed)),
                         message=message + refused)


def _committed(info: Any, name: str, repo_id: str, changed: dict[str, Content], create_pr: bool,
               message: str = "") -> PublishResult:
    if create_pr:
        return PublishResult(name, repo_id, "pr", commit_url=getattr(info, "commit_url", None),
                             pr_url=getattr(info, "pr_url", None), files=tuple(sorted(changed)), message=message)
    return PublishResult(name, repo_id, "committed", commit_url=getattr(info, "commit_url", None),
                         files=tuple(sorted(changed)), message=message)


def _message(changed: dict[str, Content], remote: Remote) -> str:
    verb = "Add" if remote.sha is None or README not in remote.blobs else "Update"
    evals = sum(1 for p in changed if p != README and not isinstance(changed[p], bytes))
    plots = sum(1 for p in changed if isinstance(changed[p], bytes))
    counts = [f"{n} {kind} file{'s' if n != 1 else ''}" for n, kind in ((evals, ".eval_results"), (plots, "plot")) if n]
    if README in changed:
        what = "model card"
    elif evals:
        what, counts = "evaluation results", counts[1:]
    else:
        what, counts = "plots", []
    detail = "" if not counts else (" and " + counts[0] if len(counts) == 1 else ", " + " and ".join(counts))
    return f"{verb} {what}{detail} (modelcard-generator {__version__})"


class PublishInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`publish_cards`: ``results`` says what happened to every card, those
    committed before the interruption included (the others are ``interrupted``)."""

    def __init__(self, results: list[PublishResult]):
        super().__init__("interrupted")
        self.results = results


def publish_cards(items: Sequence[tuple[PathLike, str]], *, jobs: int = JOBS, progress: Optional[bool] = None,
                  **options: Any) -> list[PublishResult]:
    """Publish many cards, ``jobs`` at a time; one card's failure does not stop the others.

    ``items`` are (record set or README, repo id) pairs; results come back in the same order.
    ``options`` are those of :func:`publish_card`. A 429 / Retry-After holds back every card of
    the batch, not only the one that met it. On KeyboardInterrupt no new request is started,
    the requests in flight finish, and :class:`PublishInterrupted` carries every card's result.
    """
    if jobs < 1:
        raise UsageError([Problem("publish", "--jobs", f"{jobs} is not a positive number", "use --jobs 1 or more",
                                  code="out-of-range")])
    if options.get("api") is None:
        from huggingface_hub import HfApi

        options["api"] = HfApi(endpoint=options.pop("endpoint", None), token=options.get("token"))
    options.setdefault("batch", Batch())
    install_request_hook()  # once, before the cards' threads use the shared client
    show = progress if progress is not None else os.isatty(2)
    bar = None
    if show and len(items) > 1:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(items), unit="card", desc="publishing", leave=False)

    def one(item: tuple[PathLike, str]) -> PublishResult:
        try:
            return publish_card(item[0], item[1], **options)
        finally:
            if bar is not None:
                bar.update(1)

    pool = ThreadPoolExecutor(max_workers=min(jobs, max(len(items), 1)))
    futures = [pool.submit(one, item) for item in items]
    try:
        return [future.result() for future in futures]
    except KeyboardInterrupt:
        options["batch"].interrupted.set()
        for future in futures:
            future.cancel()
        raise PublishInterrupted([_outcome(future, item) for future, item in zip(futures, items)]) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.close()


def _outcome(future: Any, item: tuple[PathLike, str]) -> PublishResult:
    """A card's result after an interruption: what it did, or that it never started."""
    if not future.cancelled():
        return future.result()  # waits for a request in flight; the card starts no other
    problem = Problem("hub", "publish", "interrupted before this card was published", "publish again",
                      code="interrupted")
    return PublishResult(str(item[0]), item[1], "interrupted", message=str(problem), problems=(problem,))


def exit_code(results: Sequence[PublishResult]) -> int:
    """130 when interrupted, 3 when any card failed for Hub or network reasons, 1 when any was invalid,
    4 on conflicts, else 0."""
    statuses = {r.status for r in results}
    if "interrupted" in statuses:
        return EXIT_INTERRUPTED
    if "failed" in statuses:
        return EXIT_PUBLISH_FAILED
    if "invalid" in statuses:
        return EXIT_INVALID
    if "conflict" in statuses:
        return EXIT_CONFLICT
    return EXIT_OK


__all__ = ["PublishInterrupted", "PublishResult", "exit_code", "publish_card", "publish_cards", "repo_ids_for"]
