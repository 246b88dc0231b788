"""The parse worker is signalled only while it is ours, and no forked child keeps its pipe end."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from clausecheck import isolation, isolation_worker
from clausecheck.errors import IngestError
from clausecheck.model import Document
from clausecheck.policy import Policy

pytestmark = pytest.mark.skipif(not isolation.fork_available(), reason="needs fork (Linux)")


def _loader(path, *, pdf_engine, policy):
    if Path(path).name.startswith("hang"):
        time.sleep(60)
    return Document(path=str(path), format="txt", text="x", sha256="0" * 64)


def test_a_timed_out_worker_is_killed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the kill at the timeout reaped it, its pid may be reused: dropping it must not signal it again."""
    (tmp_path / "hang.txt").write_text("x", encoding="utf-8")
    signalled: list[int] = []
    real_kill = os.kill
    monkeypatch.setattr(os, "kill", lambda pid, sig: (signalled.append(pid), real_kill(pid, sig))[1])
    slot = isolation_worker.WorkerSlot(_loader)
    try:
        with pytest.raises(IngestError, match="parsing took longer than 0.5 s"):
            slot.load(tmp_path / "hang.txt", Policy(timeout_seconds=0.5))
    finally:
        slot.close()
    assert len(signalled) == 1, signalled


def test_every_open_worker_is_forgotten_in_a_forked_child(tmp_path: Path) -> None:
    """A child closes the pipe ends of all open workers, held by a slot or not (one between its fork and its
    slot, or dropped but not yet closed, used to stay open in the child: the worker then never saw EOF)."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    slot = isolation_worker.WorkerSlot(_loader)
    slot.load(tmp_path / "a.txt", Policy())
    worker = slot._worker
    assert worker in isolation_worker._OPEN
    slot._worker = None  # as in the window where another thread has dropped it but not yet closed it
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child reports through its exit code
            os._exit(0 if worker.conn.closed and not isolation_worker._OPEN else 1)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    finally:
        worker.exit_status()
        slot.close()
    assert worker not in isolation_worker._OPEN
