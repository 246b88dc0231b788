"""The persistent parse worker keeps every promise of the one-fork-per-document boundary, document after document."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from clausecheck import ingest, isolation, isolation_worker
from clausecheck.errors import IngestError
from clausecheck.model import Document
from clausecheck.policy import Policy

pytestmark = pytest.mark.skipif(not isolation.fork_available(), reason="needs fork (Linux)")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _doc(path: str | Path, text: str) -> Document:
    return Document(path=str(path), format="txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def _hostile_loader(path, *, pdf_engine, policy):
    """Behaves according to the file name: crash, hang, hog memory, or read the file."""
    name = Path(path).name
    if name.startswith("segv"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hang"):
        while True:
            time.sleep(0.05)
    if name.startswith("hog"):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    if name.startswith("pid"):
        return _doc(path, str(os.getpid()))
    return _doc(path, Path(path).read_text(encoding="utf-8"))


@pytest.fixture
def slot():
    made = isolation_worker.WorkerSlot(_hostile_loader)
    yield made
    made.close()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"1. Term. {name} renews automatically.\n", encoding="utf-8")
    return tmp_path


def test_one_worker_serves_many_documents(slot, files: Path) -> None:
    texts = [slot.load(files / n, Policy()).text for n in ("a.txt", "b.txt", "c.txt")]
    assert texts == [f"1. Term. {n} renews automatically.\n" for n in ("a.txt", "b.txt", "c.txt")]
    first = int(slot.load(files / "pid1", Policy()).text)
    assert first != os.getpid() and first == slot.pid()
    assert int(slot.load(files / "pid2", Policy()).text) == first  # the same process, not a fork per file


def test_default_worker_gives_what_ingest_gives(tmp_path: Path) -> None:
    paths = [SAMPLES / "lockin-heavy.pdf", SAMPLES / "lockin-heavy.txt", *sorted(SAMPLES.glob("*.docx"))[:1]]
    for path in paths:
        assert isolation.load_isolated(path, Policy()) == ingest.load(path)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary\x00")
    with pytest.raises(IngestError) as info:
        isolation.load_isolated(tmp_path / "bad.txt", Policy())
    assert info.value.message == "is not a text file (it contains NUL bytes)"
    assert info.value.path == str(tmp_path / "bad.txt")


def test_crash_is_reported_and_the_worker_replaced(slot, files: Path) -> None:
    with pytest.raises(IngestError) as info:
        slot.load(files / "segv.txt", Policy())  # first document of a fresh worker: its verdict stands
    assert info.value.message == "the parser crashed: killed by SIGSEGV"
    assert info.value.path == str(files / "segv.txt")
    assert slot.pid() is None
    assert slot.load(files / "a.txt", Policy()).text.startswith("1. Term. a.txt")


def test_crash_in_a_used_worker_is_judged_by_a_fresh_child(slot, files: Path) -> None:
    slot.load(files / "a.txt", Policy())
    used = slot.pid()
    with pytest.raises(IngestError, match="killed by SIGSEGV"):
        slot.load(files / "segv.txt", Policy())
    assert slot.pid() is None and isolation._try_wait(used) is None  # dead and reaped


def test_failure_only_a_used_worker_shows_is_not_reported(files: Path) -> None:
    served = {"n": 0}  # lives in each process: the worker's copy counts its documents

    def loader(path, *, pdf_engine, policy):
        served["n"] += 1
        if served["n"] > 1:  # state left by an earlier document breaks the worker
            os.kill(os.getpid(), signal.SIGSEGV)
        return _doc(path, str(os.getpid()))

    slot = isolation_worker.WorkerSlot(loader)
    try:
        worker_pid = int(slot.load(files / "a.txt", Policy()).text)
        retried = int(slot.load(files / "b.txt", Policy()).text)  # re-parsed in a fresh one-off child
        assert retried not in (worker_pid, os.getpid())
    finally:
        slot.close()


def test_hang_is_killed_at_the_timeout_and_the_next_document_works(slot, files: Path) -> None:
    slot.load(files / "a.txt", Policy())
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        slot.load(files / "hang.txt", Policy(timeout_seconds=0.5))
    assert info.value.message == "parsing took longer than 0.5 s"
    assert time.monotonic() - started < 3.0  # not retried: a hostile file costs one timeout
    assert slot.pid() is None
    assert slot.load(files / "b.txt", Policy()).text.startswith("1. Term. b.txt")


def test_memory_cap_holds_for_every_document(slot, files: Path) -> None:
    policy = Policy(memory_limit_mb=512)
    for name in ("a.txt", "b.txt"):
        slot.load(files / name, policy)
    with pytest.raises(IngestError) as info:  # a used worker: confirmed by a fresh child, same verdict
        slot.load(files / "hog.txt", policy)
    assert info.value.message == "exceeded the memory limit (512 MB)"
    with pytest.raises(IngestError, match="exceeded the memory limit"):  # a fresh worker's own verdict
        slot.load(files / "hog.txt", policy)
    assert slot.load(files / "c.txt", policy).text.startswith("1. Term. c.txt")


def test_another_memory_limit_gets_another_worker(slot, files: Path) -> None:
    first = int(slot.load(files / "pid", Policy()).text)
    second = int(slot.load(files / "pid", Policy(memory_limit_mb=1024)).text)
    assert first != second
    assert int(slot.load(files / "pid", Policy(memory_limit_mb=1024)).text) == second


def test_worker_killed_from_outside_while_idle_is_replaced(slot, files: Path) -> None:
    first = int(slot.load(files / "pid", Policy()).text)
    os.kill(first, signal.SIGKILL)
    time.sleep(0.1)
    assert int(slot.load(files / "pid", Policy()).text) not in (first, os.getpid())


def test_policy_reaches_the_loader_per_document(files: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        return _doc(path, f"{pdf_engine}|{policy.max_pages}")

    slot = isolation_worker.WorkerSlot(loader)
    try:
        assert slot.load(files / "a.txt", replace(Policy(), pdf_engine="pypdf", max_pages=7)).text == "pypdf|7"
        assert slot.load(files / "a.txt", replace(Policy(), max_pages=9)).text == "auto|9"
    finally:
        slot.close()


def test_parser_output_is_logged_per_document(files: Path, capfd, caplog) -> None:
    def loader(path, *, pdf_engine, policy):
        os.write(2, f"noise about {Path(path).name}\n".encode())
        return _doc(path, "ok")

    slot = isolation_worker.WorkerSlot(loader)
    try:
        with caplog.at_level("DEBUG", logger="clausecheck.isolation_worker"):
            slot.load(files / "a.txt", Policy())
            slot.load(files / "b.txt", Policy())
    finally:
        slot.close()
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    logged = [r.getMessage() for r in caplog.records]
    assert any("a.txt" in m and "noise about a.txt" in m and "b.txt:" not in m for m in logged)
    assert any(m.startswith(f"parser output for {files / 'b.txt'}") and "noise about a.txt" not in m
               for m in logged)


def test_threads_share_the_boundary_safely(slot, files: Path) -> None:
    results: dict[int, str] = {}

    def work(i: int) -> None:
        name = "segv.txt" if i % 3 == 0 else ("a.txt", "b.txt", "c.txt")[i % 3]
        try:
            results[i] = slot.load(files / name, Policy(timeout_seconds=20)).text
        except IngestError as exc:
            results[i] = exc.message

    threads = [threading.Thread(target=work, args=(i,)) for i in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i in range(9):
        expected = "the parser crashed: killed by SIGSEGV" if i % 3 == 0 else f"1. Term. {'abc'[i % 3]}.txt"
        assert results[i].startswith(expected)


def _child_loads(path: str, queue) -> None:
    queue.put(isolation.load_isolated(path, Policy()).text)


def test_forked_process_gets_its_own_worker(files: Path) -> None:
    isolation.load_isolated(files / "a.txt", Policy())  # the parent's worker exists
    parent_worker = isolation_worker._DEFAULT.pid()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child_loads, args=(str(files / "b.txt"), queue))
    child.start()
    assert queue.get(timeout=30).startswith("1. Term. b.txt")
    child.join(30)
    assert child.exitcode == 0
    assert isolation_worker._DEFAULT.pid() == parent_worker  # untouched by the child
    assert isolation.load_isolated(files / "c.txt", Policy()).text.startswith("1. Term. c.txt")


def test_closing_ends_the_worker(slot, files: Path) -> None:
    slot.load(files / "a.txt", Policy())
    pid = slot.pid()
    slot.close()
    deadline = time.monotonic() + 5
    while isolation._try_wait(pid) is isolation._RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)
    assert isolation._try_wait(pid) in (None, 0)
    isolation._UNREAPED.discard(pid)


def test_a_policy_sent_once_serves_until_another_comes(files: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        return _doc(path, f"{pdf_engine}|{policy.max_pages}")

    slot = isolation_worker.WorkerSlot(loader)
    first, second = replace(Policy(), max_pages=7), replace(Policy(), pdf_engine="pypdf", max_pages=9)
    try:
        seen = [slot.load(files / "a.txt", policy).text for policy in (first, first, second, second, first)]
        os.kill(slot.pid(), signal.SIGKILL)  # its replacement must be sent the policy again
        time.sleep(0.1)
        seen.append(slot.load(files / "a.txt", first).text)
    finally:
        slot.close()
    assert seen == ["auto|7", "auto|7", "pypdf|9", "pypdf|9", "auto|7", "auto|7"]
