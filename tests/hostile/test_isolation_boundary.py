"""The process boundary itself: every way a parser can fail comes back as one IngestError, fast."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from clausecheck import isolation
from clausecheck.errors import ConfigError, IngestError
from clausecheck.model import Document
from clausecheck.policy import Policy

pytestmark = pytest.mark.skipif(not isolation.fork_available(), reason="needs fork (Linux)")


def _doc(path: str | Path, text: str) -> Document:
    return Document(path=str(path), format="txt", text=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(), warnings=("w",))


def _text_loader(path, *, pdf_engine, policy):
    return _doc(path, Path(path).read_text(encoding="utf-8"))


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "c.txt"
    path.write_text("1. Term. This Agreement renews automatically.\n", encoding="utf-8")
    return path


def test_document_comes_back_intact(contract: Path) -> None:
    doc = isolation.load_isolated(contract, Policy(), loader=_text_loader)
    assert doc == _doc(contract, contract.read_text(encoding="utf-8"))


def test_child_really_is_another_process(contract: Path) -> None:
    parent = os.getpid()

    def loader(path, *, pdf_engine, policy):
        return _doc(path, str(os.getpid()))

    assert int(isolation.load_isolated(contract, Policy(), loader=loader).text) != parent


def test_large_text_round_trips(tmp_path: Path) -> None:
    text = "x" * (30 * 1024 * 1024) + "end"  # far larger than a pipe buffer

    def loader(path, *, pdf_engine, policy):
        return _doc(path, text)

    doc = isolation.load_isolated(tmp_path / "big.txt", Policy(), loader=loader)
    assert len(doc.text) == len(text) and doc.text.endswith("end")


def test_segfault_in_child_is_unreadable_not_fatal(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        os.kill(os.getpid(), signal.SIGSEGV)

    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(), loader=loader)
    assert info.value.message == "the parser crashed: killed by SIGSEGV"
    assert info.value.path == str(contract)
    assert info.value.exit_code == 3


def test_sigkill_names_out_of_memory(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(IngestError, match=r"killed by SIGKILL \(out of memory\?\)"):
        isolation.load_isolated(contract, Policy(), loader=loader)


def test_hang_is_killed_at_the_timeout(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        while True:
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(timeout_seconds=1.0), loader=loader)
    elapsed = time.monotonic() - started
    assert info.value.message == "parsing took longer than 1 s"
    assert info.value.hint == "raise timeout_seconds if the file is legitimate"
    assert 0.9 < elapsed < 3.0


def test_busy_native_style_hang_ignoring_sigterm_is_killed(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            pass

    started = time.monotonic()
    with pytest.raises(IngestError, match="longer than 0.5 s"):
        isolation.load_isolated(contract, Policy(timeout_seconds=0.5), loader=loader)
    assert time.monotonic() - started < 3.0


def test_memory_bomb_hits_the_cap(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))

    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(memory_limit_mb=512), loader=loader)
    assert info.value.message == "exceeded the memory limit (512 MB)"
    assert info.value.hint == "raise memory_limit_mb if the file is legitimate"
    assert time.monotonic() - started < 10


def test_ingest_error_is_reraised_unchanged(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        raise IngestError("the PDF is encrypted", hint="ask for an unencrypted copy", path="shown/c.pdf")

    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(), loader=loader)
    assert (info.value.message, info.value.hint, info.value.path) == (
        "the PDF is encrypted", "ask for an unencrypted copy", "shown/c.pdf")


class _OddError(IngestError):
    """A subclass whose constructor does not fit pickle's protocol."""

    def __init__(self, reason: str, *, code: int) -> None:
        super().__init__(f"odd {reason}", hint=f"code {code}")


def test_unpicklable_ingest_error_subclass_keeps_its_fields(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        raise _OddError("zip", code=7)

    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(), loader=loader)
    assert (info.value.message, info.value.hint) == ("odd zip", "code 7")


def test_config_error_keeps_its_exit_code(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        raise ConfigError("unknown pdf engine 'x'")

    with pytest.raises(ConfigError, match="unknown pdf engine"):
        isolation.load_isolated(contract, Policy(), loader=loader)


@pytest.mark.parametrize("isolate", [True, False])
def test_other_exception_becomes_could_not_parse(contract: Path, isolate: bool) -> None:
    def loader(path, *, pdf_engine, policy):
        raise KeyError("/Root")

    policy = Policy(isolate=isolate)
    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, policy, loader=loader)
    assert info.value.message == "could not parse: KeyError: '/Root'"


def test_recursion_error_becomes_could_not_parse(contract: Path) -> None:
    def loader(path, *, pdf_engine, policy):
        def deeper(n: int) -> int:
            return deeper(n + 1) + 1
        return deeper(0)

    with pytest.raises(IngestError) as info:
        isolation.load_isolated(contract, Policy(), loader=loader)
    assert info.value.message.startswith("could not parse: RecursionError: maximum recursion depth")


def test_isolation_off_runs_in_process(contract: Path) -> None:
    parent = os.getpid()

    def loader(path, *, pdf_engine, policy):
        return _doc(path, str(os.getpid()))

    doc = isolation.load_isolated(contract, Policy(isolate=False), loader=loader)
    assert int(doc.text) == parent


def test_policy_options_reach_the_loader(contract: Path) -> None:
    seen: dict[str, object] = {}

    def loader(path, *, pdf_engine, policy):
        return _doc(path, f"{pdf_engine}|{policy.max_pages}")

    doc = isolation.load_isolated(contract, replace(Policy(), pdf_engine="pypdf", max_pages=7), loader=loader)
    assert doc.text == "pypdf|7" and not seen


def test_exited_children_are_reaped(contract: Path) -> None:
    # The cost of the boundary (a fork, ~5 ms) is measured by benchmarks/throughput.py, not asserted here.
    for _ in range(20):
        isolation.load_isolated(contract, Policy(), loader=_text_loader)
    time.sleep(0.2)
    isolation.load_isolated(contract, Policy(), loader=_text_loader)
    assert len(isolation._UNREAPED) <= 1  # exited children are reaped, not left as zombies


def test_concurrent_threads_each_get_their_own_answer(tmp_path: Path) -> None:
    # A crash in one thread's child must not be mistaken for (or hide) another's result.
    results: dict[int, object] = {}

    def loader(path, *, pdf_engine, policy):
        if Path(path).name.startswith("crash"):
            time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(0.1)
        return _doc(path, Path(path).name)

    def worker(i: int) -> None:
        name = f"crash{i}" if i % 2 else f"good{i}"
        try:
            results[i] = isolation.load_isolated(tmp_path / name, Policy(timeout_seconds=10), loader=loader).text
        except IngestError as exc:
            results[i] = exc.message

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 5
    for i in range(8):
        expected = "the parser crashed: killed by SIGSEGV" if i % 2 else f"good{i}"
        assert results[i] == expected


def test_parser_output_never_reaches_stdout_or_stderr(contract: Path, capfd: pytest.CaptureFixture[str],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    def loader(path, *, pdf_engine, policy):
        os.write(1, b"native stdout noise\n")
        os.write(2, b"native stderr noise\n")
        print("python print noise")
        return _doc(path, "ok")

    with caplog.at_level("DEBUG", logger="clausecheck.isolation"):
        doc = isolation.load_isolated(contract, Policy(), loader=loader)
    out, err = capfd.readouterr()
    assert doc.text == "ok" and out == "" and err == ""
    assert "native stderr noise" in caplog.text and "python print noise" in caplog.text


def test_call_isolated_runs_any_work_and_names_it_on_timeout(contract: Path) -> None:
    assert isolation.call_isolated(lambda: {"pid": os.getpid()}, path=contract, policy=Policy())["pid"] != os.getpid()
    with pytest.raises(IngestError) as info:
        isolation.call_isolated(lambda: time.sleep(30), path=contract, policy=Policy(timeout_seconds=0.3),
                                what="reviewing")
    assert info.value.message == "reviewing took longer than 0.3 s"


def test_without_fork_the_same_errors_come_back_in_process(contract: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "fork_available", lambda: False)

    def loader(path, *, pdf_engine, policy):
        if Path(path).suffix == ".txt":
            raise MemoryError
        return _doc(path, str(os.getpid()))

    with pytest.raises(IngestError, match="exceeded the memory limit"):
        isolation.load_isolated(contract, Policy(), loader=loader)
    assert int(isolation.load_isolated(contract.with_suffix(".md"), Policy(), loader=loader).text) == os.getpid()
