"""Read and segment contracts ahead, on the core a parallel scan leaves idle while the parent sets up.

``scan -j N`` (N >= 2) spends its first second or so in one process: importing spaCy and compiling the rule
pack, which the forked pool workers then inherit. A second core idles meanwhile. The reader is a child forked
before that set-up (small, cheap to fork) that reads (``ingest.load``) and segments (``segment.split``) the
contracts in the order the pool will take them and spools each result to a file. When the pool starts, the
reader is stopped; a worker then reviews a spooled contract without its parse round trip and segmentation.

The reader is only a shortcut, never a judge: it runs under the same memory cap as a parse worker, and any
contract it could not read, read slowly, read near the memory limit, or had not finished is simply not
spooled, so the pool reads it as before (``isolation``'s limits and error messages decide). A spooled
contract's result is the one the normal path gives: the same ``Document`` and the same clauses, rebuilt from
their fields (a clause's text is its span of the document's text).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clausecheck import isolation, isolation_child
from clausecheck.discover import Target
from clausecheck.model import Clause, Document, DocumentResult, Span
from clausecheck.policy import Policy

log = logging.getLogger(__name__)

# A contract whose parse took more than this share of the timeout, or whose address space grew by more than
# this share of a parse worker's room, is left to the pool: near a limit, only the normal path may decide.
TIMEOUT_SHARE = 0.25
ROOM_SHARE = 0.5
_CLAUSE_FIELDS = tuple(f.name for f in dataclasses.fields(Clause) if f.name not in ("span", "text"))


@dataclasses.dataclass(frozen=True)
class Spooled:
    """One contract the reader finished: where its record is, and what reading it cost."""

    path: Path
    grew: int  # bytes the reader's address space may have grown by while reading it (upper bound)


class Reader:
    """A forked child reading and segmenting ``targets`` in order into a spool folder, until stopped."""

    def __init__(self, targets: Sequence[Target], policy: Policy) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="clausecheck-spool-"))
        self.policy = policy
        self.pid: int | None = None
        for stream in (sys.stdout, sys.stderr):  # buffered output would be flushed again by the child
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        parent = os.getpid()
        with isolation._FORK_LOCK:
            chatter = isolation_child.scratch_fd()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which leaves through os._exit
                _read_all(targets, policy, self.folder, chatter, parent)
            os.close(chatter)
        self.pid = pid

    def wait(self) -> None:
        """Wait until the reader has read everything (tests; a scan stops it instead)."""
        if self.pid is not None:
            isolation._wait(self.pid)
            self.pid = None

    def stop(self) -> dict[int, Spooled]:
        """Stop the reader now (what it is reading is dropped) and return what it finished, by position."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            isolation._wait(self.pid)
            self.pid = None
        done: dict[int, Spooled] = {}
        for entry in os.scandir(self.folder):
            name, _, grew = entry.name.partition(".")
            if grew.isdigit() and name.isdigit():  # finished records only (a partial one ends in .part)
                done[int(name)] = Spooled(Path(entry.path), int(grew))
        return done

    def close(self) -> None:
        """Stop the reader and delete the spool folder (idempotent)."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def usable(done: dict[int, Spooled], policy: Policy) -> dict[int, Path]:
    """The spooled records a pool worker may use: those read well inside the memory room it would have."""
    if policy.memory_limit_mb <= 0:
        return {i: s.path for i, s in done.items()}
    mapped = isolation_child.mapped_bytes()  # a pool worker and its parse worker are forks of this process
    room = max(policy.memory_limit_mb * 1024 * 1024, mapped + isolation_child.MIN_HEADROOM_BYTES) - mapped
    return {i: s.path for i, s in done.items() if s.grew < room * ROOM_SHARE}


def take(path: Path) -> tuple[Document, list[Clause], str] | None:
    """A spooled record as (document, clauses, parser output), removed from the spool; None if unreadable."""
    try:
        with path.open("rb") as handle:
            document, rows, chatter = pickle.load(handle)
        path.unlink()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    return document, clauses_from(document, rows), chatter


def review(target: Target, policy: Policy, document: Document, clauses: list[Clause]) -> DocumentResult:
    """``pipeline.review`` of an already read and segmented contract (the same result, field for field)."""
    from clausecheck import engine, pipeline

    return pipeline.review(target.path, policy, ruleset=engine.load_ruleset(policy), display_path=target.rel or None,
                           document=document, clauses=clauses)


def clause_rows(document: Document, clauses: Sequence[Clause]) -> list[tuple[Any, ...]] | None:
    """Clauses as plain tuples without their text (a slice of the document's); None if a text is not one."""
    rows = []
    for clause in clauses:
        span = clause.span
        if document.text[span.start:span.end] != clause.text:
            return None
        rows.append((span.start, span.end, span.page, *(getattr(clause, f) for f in _CLAUSE_FIELDS)))
    return rows


def clauses_from(document: Document, rows: Sequence[tuple[Any, ...]]) -> list[Clause]:
    """The clauses ``clause_rows`` described."""
    text = document.text
    return [Clause(span=Span(start=start, end=end, page=page), text=text[start:end],
                   **dict(zip(_CLAUSE_FIELDS, rest, strict=True)))
            for start, end, page, *rest in rows]


def _read_all(targets: Sequence[Target], policy: Policy, folder: Path, chatter: int,
              parent: int) -> None:  # pragma: no cover - runs in the forked reader
    """Body of the reader (in the child): spool every target it reads well, then exit."""
    code = 0
    try:
        isolation_child.enter_child(chatter, policy.memory_limit_mb)
        from clausecheck import ingest, segment

        for index, target in enumerate(targets):
            if os.getppid() != parent:  # the scan was killed: nobody will read or delete the spool
                shutil.rmtree(folder, ignore_errors=True)
                break
            os.ftruncate(chatter, 0)  # fds 1 and 2 share this offset: output starts at 0 again
            os.lseek(chatter, 0, os.SEEK_SET)
            before = isolation_child.mapped_bytes()
            started = time.monotonic()
            try:
                document = ingest.load(target.path, pdf_engine=policy.pdf_engine, policy=policy)
                slow = time.monotonic() - started > policy.timeout_seconds * TIMEOUT_SHARE
                rows = None if slow else clause_rows(document, segment.split(document))
            except Exception:  # noqa: BLE001 - MemoryError included: the pool reads it and reports why
                continue
            if rows is None:
                continue
            sys.stdout.flush()
            grew = max(0, _peak_bytes() - before)
            said = os.pread(chatter, isolation._CHATTER_BYTES, 0).decode("utf-8", "replace")
            part = folder / f"{index}.part"
            part.write_bytes(pickle.dumps((document, rows, said), pickle.HIGHEST_PROTOCOL))
            os.rename(part, folder / f"{index}.{grew}")
    except BaseException:  # noqa: BLE001 - e.g. KeyboardInterrupt: nothing to report, the pool reads on
        code = 1
    finally:
        isolation_child.leave(code)


def _peak_bytes() -> int:
    """Peak virtual size of this process so far (VmPeak), 0 when /proc is unavailable."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


__all__ = ["Reader", "Spooled", "clause_rows", "clauses_from", "review", "take", "usable"]
