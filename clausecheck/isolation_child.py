"""The inside of a forked parser process: its output redirected, its memory capped, its answer sent as one message.

Shared by the one-off child of ``isolation`` and the persistent worker of ``isolation_worker``. A message is a
tuple whose first item says what happened: ``("ok", result)``, ``("raise", pickled, is_ingest, message, hint,
path)`` for a ClausecheckError, ``("memory",)``, or ``("error", type_name, text)`` for any other exception.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import sys
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from clausecheck.errors import ClausecheckError, IngestError

# The child must always be able to start even when the parent already maps more than the cap (a bloated
# parent would otherwise fail every document with a bogus "memory limit" error).
MIN_HEADROOM_BYTES = 256 * 1024 * 1024


def enter_child(chatter: int, memory_limit_mb: int) -> None:
    """In a freshly forked parser process: send its output to ``chatter`` and cap its memory."""
    # Native libraries and pypdf's warnings write to fds 1 and 2; the parent logs them instead.
    os.dup2(chatter, 1)
    os.dup2(chatter, 2)
    sys.stdout = sys.stderr = open(  # noqa: SIM115 - used until os._exit
        chatter, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    # A native crash must surface as the parent's one-line error, not as a dump on the shared stderr.
    faulthandler.disable()
    cap_memory(memory_limit_mb)


def child_main(sender: Connection, work: Callable[[], Any], memory_limit_mb: int, chatter: int) -> None:
    """Body of a one-off child: cap memory, do the work, send exactly one message, exit without the parent's
    clean-up."""
    code = 0
    try:
        enter_child(chatter, memory_limit_mb)
        send(sender, run(work))
        sender.close()
    except BaseException:  # noqa: BLE001 - e.g. KeyboardInterrupt: the parent reports a child without answer
        code = 1
    finally:
        leave(code)


def leave(code: int) -> None:
    """Flush this child's output and exit at once (no atexit handlers or buffers inherited from the parent)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001, S110 - nothing useful to do while exiting
            pass
    os._exit(code)


def run(work: Callable[[], Any]) -> tuple[Any, ...]:
    """Do ``work`` and describe the outcome as a message (never raises for an ordinary exception)."""
    try:
        return ("ok", work())
    except ClausecheckError as exc:
        try:
            pickled: bytes | None = pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - rebuilt from its fields in the parent
            pickled = None
        return ("raise", pickled, isinstance(exc, IngestError), exc.message, exc.hint, exc.path)
    except MemoryError:
        return ("memory",)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as an unreadable document
        return ("error", type(exc).__name__, str(exc))


def send(sender: Connection, message: tuple[Any, ...]) -> None:
    """Send one message; a result that is too big or does not pickle becomes the matching error message."""
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("memory",))
    except (pickle.PicklingError, TypeError, AttributeError):
        sender.send(("error", "PicklingError", "the result could not be sent back"))


def cap_memory(limit_mb: int) -> None:
    """Cap the child's address space at ``limit_mb`` MB (never below what it inherited plus some headroom)."""
    if limit_mb <= 0:
        return
    wanted = max(limit_mb * 1024 * 1024, mapped_bytes() + MIN_HEADROOM_BYTES)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def scratch_fd() -> int:
    """A descriptor of an unnamed temporary file, for a forked child's parser output (the caller closes it)."""
    with tempfile.TemporaryFile(buffering=0) as handle:
        return os.dup(handle.fileno())


def mapped_bytes() -> int:
    """Current virtual size of this process (VmSize), 0 when /proc is unavailable."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


__all__ = ["cap_memory", "child_main", "enter_child", "leave", "mapped_bytes", "run", "scratch_fd", "send"]
