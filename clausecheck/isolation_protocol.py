"""The parse worker's protocol: what goes over its pipe, and the loop that answers on the worker's side.

A request is ``(path, policy or None)``: the policy travels only when it differs from the one the worker
holds (a policy pickles to ~450 bytes and ~85 us both ways; a scan passes the same object every time). An
answer is ``(message, retiring)``: ``message`` is one of ``isolation_child``'s outcome messages and
``retiring`` says the worker exits after it (out of memory, too many documents, or a heap grown too far), so
the parent drops it. The lifecycle of the worker (forking, timeouts, replacing it) is ``isolation_worker``'s.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from clausecheck import isolation_child
from clausecheck.policy import Policy

# A worker whose address space grew this far above what it started with retires after its answer, so a
# slowly fragmenting heap never turns a later, legitimate document into a bogus memory-limit failure.
RETIRE_GROWTH_BYTES = 192 * 1024 * 1024
RETIRE_AFTER_DOCUMENTS = 2000

Answer = tuple[tuple[Any, ...], bool]


def send_request(conn: Connection, path: str | Path, policy: Policy | None) -> None:
    """Ask the worker to parse ``path``; ``policy`` None means "the one you already hold"."""
    conn.send((str(path), policy))


def receive_answer(conn: Connection) -> Answer | None:
    """The worker's ``(message, retiring)``, or None when it died without answering."""
    try:
        answer: Answer = conn.recv()
    except (EOFError, OSError):
        return None
    return answer


def serve(conn: Connection, loader: Any, memory_limit_mb: int, chatter: int) -> None:
    """Body of the worker: cap memory once, then answer requests until the pipe closes (never returns)."""
    code = 0
    try:
        isolation_child.enter_child(chatter, memory_limit_mb)
        started = isolation_child.mapped_bytes()
        policy: Policy | None = None  # the first request always carries one
        for count in range(1, RETIRE_AFTER_DOCUMENTS + 1):
            try:
                path, sent = conn.recv()
            except (EOFError, OSError):
                break
            os.ftruncate(chatter, 0)  # the parent reads the output of one document at a time
            os.lseek(chatter, 0, os.SEEK_SET)
            policy = sent if sent is not None else policy
            assert policy is not None
            message = isolation_child.run(functools.partial(loader, path, pdf_engine=policy.pdf_engine, policy=policy))
            sys.stdout.flush()
            retiring = (message[0] == "memory" or count == RETIRE_AFTER_DOCUMENTS
                        or isolation_child.mapped_bytes() - started > RETIRE_GROWTH_BYTES)
            answer(conn, message, retiring)
            if retiring:
                break
    except BaseException:  # noqa: BLE001 - e.g. KeyboardInterrupt: the parent sees a worker without answer
        code = 1
    finally:
        isolation_child.leave(code)


def answer(conn: Connection, message: tuple[Any, ...], retiring: bool) -> None:
    """Send one answer; a result too big or impossible to pickle becomes the matching error message."""
    try:
        conn.send((message, retiring))
    except MemoryError:
        conn.send((("memory",), True))
    except (pickle.PicklingError, TypeError, AttributeError):
        conn.send((("error", "PicklingError", "the result could not be sent back"), retiring))


__all__ = ["RETIRE_AFTER_DOCUMENTS", "RETIRE_GROWTH_BYTES", "answer", "receive_answer", "send_request", "serve"]
