"""Review many contracts across worker processes, in input order, never losing a result.

Workers are forked where the OS allows it, so each inherits the rule pack the parent already compiled
(loading it once per process at most); elsewhere each worker loads it once in its initializer. Unreadable
documents become ``Skipped``; a worker that dies (a native parser crash) costs only the document it was
reading: the others are retried one by one in fresh workers. While the parent compiles the rule pack, a
``prefetch.Reader`` reads and segments contracts ahead on the core that would otherwise idle.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from clausecheck.cache import Cache, file_sha256
from clausecheck.discover import Target
from clausecheck.errors import ClausecheckError, IngestError
from clausecheck.model import DocumentResult, Skipped
from clausecheck.policy import Policy

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.prefetch import Reader

log = logging.getLogger(__name__)

Outcome = DocumentResult | Skipped
Reviewer = Callable[[Target, Policy], DocumentResult]
# on_done(done, total, target, outcome, cached) - called in the parent, in completion order
Progress = Callable[[int, int, Target, Outcome, bool], None]

_worker_policy: Policy | None = None
_worker_review: Reviewer | None = None


def pipeline_review(target: Target, policy: Policy) -> DocumentResult:
    """The default reviewer: ``pipeline.review`` with this process's cached rule pack."""
    from clausecheck import engine, pipeline

    ruleset = engine.load_ruleset(policy)
    return pipeline.review(target.path, policy, ruleset=ruleset, display_path=target.rel)


def default_jobs() -> int:
    """Worker count when not configured: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def review_all(targets: Sequence[Target], policy: Policy, *, jobs: int = 1, cache: Cache | None = None,
               on_done: Progress | None = None, review: Reviewer = pipeline_review,
               prepare: Callable[[], object] | None = None) -> list[Outcome]:
    """Outcomes for ``targets`` in the same order; ``review`` must be a module-level (picklable) function.

    ``prepare`` runs once, before any worker starts, only when some document is not cached (the gate
    compiles the rule pack there, so forked workers inherit it and a fully cached run never builds it).
    """
    total = len(targets)
    outcomes: list[Outcome | None] = [None] * total
    keys: list[str | None] = [None] * total
    done = 0

    def finish(i: int, outcome: Outcome, cached: bool) -> None:
        nonlocal done
        outcomes[i] = outcome
        done += 1
        if cache is not None and not cached and keys[i] and isinstance(outcome, DocumentResult):
            cache.put(keys[i], outcome)  # type: ignore[arg-type]
        if on_done is not None:
            on_done(done, total, targets[i], outcome, cached)

    todo = []
    for i, target in enumerate(targets):
        if cache is not None:
            try:
                key = keys[i] = cache.key(file_sha256(target.path), target.rel)
            except OSError:
                key = None  # unreadable: let the reviewer report it properly
            hit = cache.get(key) if key else None
            if hit is not None:
                finish(i, hit, True)
                continue
        todo.append(i)
    if jobs <= 1 or len(todo) <= 1:
        if todo and prepare is not None:
            prepare()
        for i in todo:
            finish(i, _guarded(review, targets[i], policy), False)
        return [o for o in outcomes if o is not None]
    # Biggest files first: the long tail of one huge contract then overlaps with the small ones.
    order = sorted(todo, key=lambda i: -_size(targets[i]))
    # While this process sets up (prepare), a reader reads and segments contracts on the idle core.
    reader = _reader(order, targets, policy, review)
    try:
        if prepare is not None:
            prepare()
        spooled: dict[int, Path] = {}
        if reader is not None:
            from clausecheck import prefetch

            spooled = {order[k]: path for k, path in prefetch.usable(reader.stop(), policy).items()}
        _run_pool(order, targets, policy, jobs, review, finish, spooled)
    finally:
        if reader is not None:
            reader.close()
    return [o for o in outcomes if o is not None]


def _reader(order: list[int], targets: Sequence[Target], policy: Policy, review: Reviewer) -> Reader | None:
    """A ``prefetch.Reader`` over the contracts in pool order, where it can help; else None."""
    from clausecheck import isolation

    if review is not pipeline_review or not (isolation.isolation_enabled(policy) and isolation.fork_available()):
        return None  # a custom reviewer reads for itself; without isolation the parse stays in-process
    from clausecheck import prefetch

    return prefetch.Reader([targets[i] for i in order], policy)


def _run_pool(order: list[int], targets: Sequence[Target], policy: Policy, jobs: int, review: Reviewer,
              finish: Callable[[int, Outcome, bool], None], spooled: dict[int, Path]) -> None:
    crashed: list[int] = []
    with _executor(min(jobs, len(order)), policy, review) as pool:
        futures: dict[Future[Outcome], int] = {pool.submit(_work, targets[i], spooled.get(i)): i for i in order}
        try:
            for future in as_completed(futures):
                i = futures[future]
                try:
                    finish(i, future.result(), False)
                except BrokenProcessPool:
                    crashed.append(i)
        except BaseException:  # a rule error or Ctrl-C: do not wait for the queued documents
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    for i in sorted(crashed):  # retried alone, so one crashing document cannot take others down
        with _executor(1, policy, review) as pool:
            try:
                outcome = pool.submit(_work, targets[i]).result()
            except BrokenProcessPool:
                outcome = Skipped(path=targets[i].rel, error="the review process crashed while reading "
                                  "this document (a parser bug or the memory limit)")
        finish(i, outcome, False)


def _executor(workers: int, policy: Policy, review: Reviewer) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                               initargs=(policy, review))


def _init(policy: Policy, review: Reviewer) -> None:
    global _worker_policy, _worker_review
    _worker_policy, _worker_review = policy, review
    # A pool worker leaves through os._exit (no atexit): stop and reap its parse worker on the way out.
    from multiprocessing import util

    from clausecheck import isolation_worker

    util.Finalize(None, isolation_worker.close_all, exitpriority=10)
    if review is pipeline_review:
        from clausecheck import engine

        engine.load_ruleset(policy)  # once per worker (free when forked from a parent that loaded it)


def _work(target: Target, spooled: Path | None = None) -> Outcome:
    assert _worker_policy is not None and _worker_review is not None
    if spooled is not None and _worker_review is pipeline_review:
        from clausecheck import prefetch

        record = prefetch.take(spooled)
        if record is not None:  # read and segmented ahead by the reader
            document, clauses, said = record
            if said.strip():
                log.debug("parser output for %s:\n%s", target.path, said.strip())
            return _guarded(lambda t, p: prefetch.review(t, p, document, clauses), target, _worker_policy)
    return _guarded(_worker_review, target, _worker_policy)


def _guarded(review: Reviewer, target: Target, policy: Policy) -> Outcome:
    """Run one review; a document that cannot be read or reviewed becomes Skipped, never an abort."""
    try:
        return review(target, policy)
    except IngestError as exc:
        return Skipped(path=target.rel, error=exc.message + (f" ({exc.hint})" if exc.hint else ""))
    except (ClausecheckError, ImportError, SyntaxError):
        raise  # rule/config errors and a broken installation concern the whole run, not one file
    except (MemoryError, RecursionError) as exc:
        return Skipped(path=target.rel, error=f"could not review: {type(exc).__name__}")
    except Exception as exc:
        log.debug("review of %s failed", target.rel, exc_info=True)
        return Skipped(path=target.rel, error=f"internal error: {type(exc).__name__}: {exc}")


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0
