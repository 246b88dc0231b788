"""A persistent parse worker: one forked child, limits set once, parses document after document over a pipe.

Forking a child per document costs ~15 ms of CPU once the parent holds the rule pack and spaCy (page tables
copied at the fork, copy-on-write faults and address-space teardown in the child): more than reading and
normalising a typical contract. The worker keeps the promise of ``isolation`` at the same boundary:

- the memory cap (RLIMIT_AS) is set when it starts and holds for every document it reads;
- the parent times every document and kills the worker at the timeout; the next document gets a new one;
- a worker that crashes, runs out of memory or exits is replaced. Such a failure on a worker that had
  already read other documents is not trusted (left-over state, a fragmented heap): that document is parsed
  again in a fresh one-off child (``isolation._call_in_child``), so the verdict is the one a fresh process
  gives, as before. A timeout is not retried (it would double the wait on a hostile file).

One worker per process and loader (a forked process forgets its parent's: see ``_forget_after_fork``). It reads
one document at a time; a thread that finds it busy parses in a one-off child rather than wait. Threads are
safe because nothing a child inherits can be caught half-way: the worker's pipe end and output file are
closed under ``isolation._FORK_LOCK``, which every fork holds, and a child forgets them touching only
lock-free objects (a buffered file's lock, held by a parent thread at the fork, used to hang the child).
What travels over the pipe, and the loop the worker runs, are ``isolation_protocol``'s.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from clausecheck import isolation, isolation_child, isolation_protocol
from clausecheck.errors import IngestError
from clausecheck.model import Document
from clausecheck.policy import Policy

log = logging.getLogger(__name__)

_SLOTS: weakref.WeakSet[WorkerSlot] = weakref.WeakSet()
# Every worker whose parent-side descriptors are open, changed only under isolation._FORK_LOCK: a forked child
# closes exactly these. (Walking the slots missed a worker between its fork and its slot's assignment, and
# one dropped from its slot but not yet closed: a child forked then kept its pipe end, so the worker never saw
# EOF and waiting for it blocked until that child exited.)
_OPEN: set[_Worker] = set()


class _Worker:
    """One forked parse worker: its pid, the parent's end of its pipe and the file its output goes to."""

    def __init__(self, loader: isolation.Loader, memory_limit_mb: int) -> None:
        self.memory_limit_mb = memory_limit_mb
        self.policy: Policy | None = None  # the policy the worker holds: sent again only when it changes
        self.served = 0
        self.reaped = False  # once waited for, its pid may belong to another process: never signal it again
        self.status: int | None = None
        for stream in (sys.stdout, sys.stderr):  # buffered output would be flushed again by the child
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        with isolation._FORK_LOCK:  # no other fork copies the child's end while it is open here
            self.chatter = isolation_child.scratch_fd()  # a raw descriptor: see forget_in_child
            self.conn, child_end = multiprocessing.Pipe(duplex=True)
            self.pid = os.fork()
            if self.pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
                self.conn.close()
                isolation_protocol.serve(child_end, loader, memory_limit_mb, self.chatter)
            child_end.close()
            _OPEN.add(self)

    def exchange(self, path: str | Path, policy: Policy, timeout: float) -> isolation_protocol.Answer | None:
        """Send one document, wait for (message, retiring); None when the worker died; raises on timeout."""
        isolation_protocol.send_request(self.conn, path, None if policy is self.policy else policy)
        self.policy = policy
        if not self.conn.poll(timeout):
            self.kill()
            raise IngestError(f"parsing took longer than {timeout:g} s",
                              hint="raise timeout_seconds if the file is legitimate", path=str(path))
        answer = isolation_protocol.receive_answer(self.conn)
        if answer is not None:
            self.served += 1
        return answer

    def log_chatter(self, path: str | Path) -> None:
        """Log (at debug) what the parsers printed for the last document (the worker truncates it before each)."""
        fd = self.chatter
        size = os.fstat(fd).st_size
        if size:  # pread: the offset is shared with the worker's fds 1 and 2 and must not move
            text = os.pread(fd, min(size, isolation._CHATTER_BYTES), 0).decode("utf-8", "replace").strip()
            if text:
                log.debug("parser output for %s:\n%s", path, text)

    def exit_status(self) -> int | None:
        """Wait for the (dead or exiting) worker; its exit code, negative for a signal (idempotent)."""
        self.close_files()
        if not self.reaped:
            self.status, self.reaped = isolation._wait(self.pid), True
        return self.status

    def kill(self) -> None:
        """Kill and reap the worker (idempotent: a reaped pid may already be another process's)."""
        self.close_files()
        if not self.reaped:
            isolation._kill(self.pid)
            self.reaped = True

    def cpu_seconds(self) -> float:
        """CPU seconds the worker has used so far (its process CPU clock); 0 once it is gone."""
        try:
            return time.clock_gettime(((~self.pid) << 3) | 2)  # Linux CPUCLOCK_SCHED of another process
        except OSError:
            return 0.0

    def close_files(self) -> None:
        """Close the parent's pipe end and output file (idempotent)."""
        # Under the fork lock: a fork by another thread halfway through these closes would leave the child
        # holding descriptor numbers that the parent has already freed (and may have reused).
        with isolation._FORK_LOCK:
            self.forget_in_child()
            _OPEN.discard(self)

    def forget_in_child(self) -> None:
        """Close this worker's descriptors without taking any lock (the only thing a forked child may do).

        Only lock-free objects are touched: a Connection closes its descriptor directly and the output file
        is a bare descriptor (a buffered file's close takes its internal lock, which another thread of the
        parent may have held at the fork: the child then blocked forever).
        """
        self.conn.close()
        if self.chatter >= 0:
            os.close(self.chatter)
            self.chatter = -1


class WorkerSlot:
    """The persistent worker of one loader in this process, created on first use and replaced when it fails."""

    def __init__(self, loader: isolation.Loader | None = None) -> None:
        self._loader = loader
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        _SLOTS.add(self)

    def load(self, path: str | Path, policy: Policy) -> Document:
        """Parse ``path`` in the worker under the policy's limits; every failure is an IngestError."""
        loader = self._loader or isolation._default_loader()

        def work() -> Document:
            return loader(path, pdf_engine=policy.pdf_engine, policy=policy)

        # One document at a time: a thread that finds the worker busy parses in a one-off child instead of
        # waiting behind another thread's (perhaps hostile, slow) document.
        if not self._lock.acquire(blocking=False):
            return isolation._call_in_child(work, path, policy, "parsing")
        try:
            return self._load(path, policy, loader, work)
        finally:
            self._lock.release()

    def _load(self, path: str | Path, policy: Policy, loader: isolation.Loader, work: Any) -> Document:
        worker = self._ready(loader, policy)
        try:
            try:
                answer = worker.exchange(path, policy, policy.timeout_seconds)
            except BrokenPipeError:  # it died while idle (killed from outside): the document was never sent
                self._drop()
                worker = self._ready(loader, policy)
                answer = worker.exchange(path, policy, policy.timeout_seconds)
        except BaseException:  # timeout (already killed), Ctrl-C: its state is unknown, never reuse it
            self._drop(kill=True)
            raise
        worker.log_chatter(path)
        if answer is None or answer[0][0] == "memory":
            fresh = worker.served <= (0 if answer is None else 1)  # this document was its first
            status = worker.exit_status() if answer is None else None
            self._drop()  # a worker out of memory exits after its answer
            if not fresh:  # a used worker's failure is not trusted: a fresh child decides
                return isolation._call_in_child(work, path, policy, "parsing")
            if answer is None:
                raise isolation._death_error(status, path)
            raise isolation._memory_error(path, policy)
        message, retiring = answer
        if retiring:
            self._drop()
        return isolation._unpack(message, None, path, policy)  # type: ignore[no-any-return]

    def _ready(self, loader: isolation.Loader, policy: Policy) -> _Worker:
        worker = self._worker
        if worker is not None and worker.memory_limit_mb != policy.memory_limit_mb:
            self._drop()
            worker = None
        if worker is None:
            worker = self._worker = _Worker(loader, policy.memory_limit_mb)
        return worker

    def _drop(self, *, kill: bool = False) -> None:
        """Let the worker go: an idle one exits when its pipe closes and is reaped now (its CPU time then
        shows in RUSAGE_CHILDREN, as a one-off child's did); a busy one is killed."""
        worker, self._worker = self._worker, None
        if worker is not None and kill:
            worker.kill()
        elif worker is not None:
            worker.exit_status()

    def close(self) -> None:
        """Stop the worker (it exits when its pipe closes); safe to call more than once."""
        with self._lock:
            self._drop()

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the live worker (0 without one)."""
        return self._worker.cpu_seconds() if self._worker is not None else 0.0

    def pid(self) -> int | None:
        """The running worker's pid, None before the first document or after a failure."""
        return self._worker.pid if self._worker is not None else None

    def forget(self) -> None:
        """In a forked child: drop the parent's worker (its descriptors are closed through ``_OPEN``)."""
        self._lock = threading.Lock()
        self._worker = None


_DEFAULT = WorkerSlot()


def load(path: str | Path, policy: Policy) -> Document:
    """Parse ``path`` with ``ingest.load`` in this process's persistent worker."""
    return _DEFAULT.load(path, policy)


def live_cpu_seconds() -> float:
    """CPU seconds of this process's live parse workers, for benchmarks: add it to RUSAGE_SELF and
    RUSAGE_CHILDREN (a worker's time moves into the latter when it is reaped)."""
    return sum(slot.cpu_seconds() for slot in list(_SLOTS))


def close_all() -> None:
    """Stop every parse worker of this process and wait for it, so no zombie is left and its CPU time is
    accounted (run at exit; pool workers, which leave without atexit, call it from a finalizer)."""
    _close_all()


def _forget_after_fork() -> None:
    for slot in list(_SLOTS):
        slot.forget()
    for worker in list(_OPEN):  # the fork held _FORK_LOCK, so this set is complete and consistent here
        worker.forget_in_child()
    _OPEN.clear()


def _close_all() -> None:
    """At exit: stop every worker and wait for it, so no zombie is left and its CPU time is accounted."""
    for slot in list(_SLOTS):
        worker, slot._worker = slot._worker, None
        if worker is None:
            continue
        if slot._lock.acquire(blocking=False):  # idle: it exits as soon as its pipe closes
            worker.exit_status()
            slot._lock.release()
        else:  # another thread is still parsing with it; exiting must not wait for that
            worker.kill()
    for worker in list(_OPEN):  # one no slot holds any more (its slot was garbage-collected): let it exit
        worker.exit_status()
    with isolation._FORK_LOCK:
        for pid in tuple(isolation._UNREAPED):
            isolation._wait(pid)
            isolation._UNREAPED.discard(pid)


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(_close_all)

__all__ = ["WorkerSlot", "close_all", "live_cpu_seconds", "load"]
