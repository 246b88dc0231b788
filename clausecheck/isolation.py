"""Parse a document in a forked child process, so a hang, a crash or a memory blow-up costs one file, not the run.

Parsers of untrusted PDFs and DOCX do not promise never to hang or crash (pypdf keeps shipping fixes for crafted
files; pdfium is native code). Like Apache Tika, clausecheck makes its promise at a process boundary instead:
the child gets a wall-time limit and an address-space cap, and every way it can fail comes back to the parent
as an ``IngestError`` (exit 3) with a one-line reason.

A plain ``os.fork`` is used (not ``spawn``, not ``multiprocessing.Process``): the child inherits the
already-imported parsers, and it also works inside daemonic pool workers, which ``multiprocessing`` forbids
to have children. Documents read with the default loader go to one persistent forked worker
(``isolation_worker``: same limits, same errors, replaced whenever it fails), because a fork per document cost
more CPU than reading the document; ``call_isolated``, custom loaders and a thread that finds the worker busy
fork a child per call. What runs inside the child is ``isolation_child``. Where fork is unavailable (Windows,
and macOS where forking after native libraries load is unsafe) the parse runs in-process with the same error
mapping but without limits.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from clausecheck import isolation_child
from clausecheck.errors import ClausecheckError, IngestError
from clausecheck.model import Document
from clausecheck.policy import Policy

log = logging.getLogger(__name__)

Loader = Callable[..., Document]
T = TypeVar("T")

_RUNNING = object()  # _try_wait's answer for a child that has not exited yet
# Held by every fork of this process (an at-fork hook takes it, see the end of the module) and by whoever
# creates or closes a pipe end that must not leak into another child. So a fork never happens halfway
# through such a close (a child would otherwise "close" a descriptor number its parent has just reused for
# the forking thread's own pipe), and a child's write end is never inherited by a sibling (which would
# keep the parent from seeing EOF when that child dies). Re-entrant: our own forks already hold it.
_FORK_LOCK = threading.RLock()
_CHATTER_BYTES = 64 * 1024
_UNREAPED: set[int] = set()  # children that answered and are exiting


def isolation_enabled(policy: Policy) -> bool:
    """True unless the policy turns isolation off (``isolate = false``, to debug a parser in-process)."""
    return bool(policy.isolate)


def fork_available() -> bool:
    """True where documents can be parsed in a forked child with limits."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def load_isolated(path: str | Path, policy: Policy | None = None, *, loader: Loader | None = None) -> Document:
    """Load ``path`` with ``clausecheck.ingest.load`` in a child process under the policy's time and memory limits.

    The default loader runs in this process's persistent parse worker (``isolation_worker``: one fork for
    many documents, the same limits and errors); a thread that finds the worker busy with another thread's
    document, and a given ``loader``, run in a child forked for this call.
    """
    policy = policy or Policy()
    if loader is None and isolation_enabled(policy) and fork_available():
        from clausecheck import isolation_worker

        return isolation_worker.load(path, policy)
    load = loader or _default_loader()
    chosen = policy

    def work() -> Document:
        return load(path, pdf_engine=chosen.pdf_engine, policy=chosen)

    return call_isolated(work, path=path, policy=policy)


def call_isolated(work: Callable[[], T], *, path: str | Path, policy: Policy, what: str = "parsing") -> T:
    """Run ``work()`` for the document at ``path`` in a forked child under the policy's limits; its result.

    Every failure comes back as an IngestError about ``path``: a ClausecheckError raised by ``work`` unchanged,
    anything else mapped (timeout, crash signal, memory limit, other exception). ``what`` names the work in
    the timeout message. The result must pickle.
    """
    if not (isolation_enabled(policy) and fork_available()):
        return _call_in_process(work, path, policy)
    return _call_in_child(work, path, policy, what)


def _default_loader() -> Loader:
    from clausecheck import ingest

    return ingest.load


def _call_in_process(work: Callable[[], T], path: str | Path, policy: Policy) -> T:
    try:
        return work()
    except ClausecheckError:
        raise
    except MemoryError:
        raise _memory_error(path, policy) from None
    except Exception as exc:  # noqa: BLE001 - any parser failure is an unreadable document, not a crash
        raise _other_error(path, type(exc).__name__, str(exc)) from None


def _call_in_child(work: Callable[[], T], path: str | Path, policy: Policy, what: str) -> T:
    started = time.monotonic()
    with tempfile.TemporaryFile() as chatter:
        receiver, pid = _fork_child(work, policy, chatter.fileno())
        try:
            message = _receive(receiver, pid, policy.timeout_seconds, path, what)
        finally:
            receiver.close()
        status = _reap(pid, answered=message is not None)
        _log_chatter(chatter, path)
    log.debug("%s %s in a child took %.3f s", what, path, time.monotonic() - started)
    return _unpack(message, status, path, policy)  # type: ignore[no-any-return]


def _fork_child(work: Callable[[], Any], policy: Policy, chatter: int) -> tuple[Connection, int]:
    """Fork the parsing child; returns the parent's end of the result pipe and the child's pid."""
    # Buffered output would otherwise be flushed a second time by the child.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Under the lock no other thread forks while this child's write end is open in the parent, so no sibling
    # child inherits it and the parent reliably sees EOF when this child dies without answering.
    with _FORK_LOCK:
        receiver, sender = multiprocessing.Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
            receiver.close()
            isolation_child.child_main(sender, work, policy.memory_limit_mb, chatter)
        sender.close()
    return receiver, pid


def _log_chatter(chatter: Any, path: str | Path) -> None:
    """Log (at debug) what the parsers printed: stdout is the report and stderr is one error line."""
    chatter.seek(0)
    text = chatter.read(_CHATTER_BYTES).decode("utf-8", "replace").strip()
    if text:
        log.debug("parser output for %s:\n%s", path, text)


def _receive(receiver: Connection, pid: int, timeout: float, path: str | Path,
             what: str) -> tuple[Any, ...] | None:
    """The child's one message, or None when it died without sending one; raises on timeout."""
    if not receiver.poll(timeout):
        _kill(pid)
        raise IngestError(f"{what} took longer than {timeout:g} s",
                          hint="raise timeout_seconds if the file is legitimate", path=str(path))
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)


def _wait(pid: int) -> int | None:
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:
        return None


def _reap(pid: int, answered: bool) -> int | None:
    """Exit code of a child that died without answering (negative: killed by that signal).

    A child that answered is about to ``os._exit``; tearing down its address space takes ~5 ms, so it is
    reaped later (at the next parse) instead of being waited for now.
    """
    with _FORK_LOCK:
        for other in tuple(_UNREAPED):
            if _try_wait(other) is not _RUNNING:
                _UNREAPED.discard(other)
        if answered:
            if _try_wait(pid) is _RUNNING:
                _UNREAPED.add(pid)
            return None
    return _wait(pid)



def _try_wait(pid: int) -> object:
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status) if done else _RUNNING


def _unpack(message: tuple[Any, ...] | None, exitcode: int | None, path: str | Path, policy: Policy) -> Any:
    if message is None:
        raise _death_error(exitcode, path)
    kind = message[0]
    if kind == "ok":
        return message[1]
    if kind == "raise":
        raise _rebuild(message)
    if kind == "memory":
        raise _memory_error(path, policy)
    _, type_name, text = message
    raise _other_error(path, type_name, text)


def _rebuild(message: tuple[Any, ...]) -> ClausecheckError:
    """The child's ClausecheckError, unchanged; rebuilt from its fields if it does not unpickle."""
    _, pickled, is_ingest, text, hint, where = message
    try:
        exc = pickle.loads(pickled) if pickled is not None else None
    except Exception:  # noqa: BLE001 - a subclass whose __init__ does not fit pickle's protocol
        exc = None
    if isinstance(exc, ClausecheckError):
        return exc
    return (IngestError if is_ingest else ClausecheckError)(text, hint, path=where)


def _death_error(exitcode: int | None, path: str | Path) -> IngestError:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        cause = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return IngestError(f"the parser crashed: killed by {name}{cause}",
                           hint="the file is probably corrupt or hostile", path=str(path))
    return IngestError(f"the parser exited without a result (exit status {exitcode})",
                       hint="the file is probably corrupt or hostile", path=str(path))


def _memory_error(path: str | Path, policy: Policy) -> IngestError:
    return IngestError(f"exceeded the memory limit ({policy.memory_limit_mb} MB)",
                       hint="raise memory_limit_mb if the file is legitimate", path=str(path))


def _other_error(path: str | Path, type_name: str, text: str) -> IngestError:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    detail = f"{type_name}: {first_line}" if first_line else type_name
    return IngestError(f"could not parse: {detail[:300]}", path=str(path))


def _fork_lock_reinit() -> None:
    """In a new child: the lock its parent held for the fork is free (the child has one thread)."""
    _FORK_LOCK._at_fork_reinit()  # type: ignore[attr-defined]


os.register_at_fork(before=_FORK_LOCK.acquire, after_in_parent=_FORK_LOCK.release,
                    after_in_child=_fork_lock_reinit)

__all__ = ["call_isolated", "fork_available", "isolation_enabled", "load_isolated"]
