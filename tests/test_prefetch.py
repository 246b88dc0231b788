"""The reader of a parallel scan: what it spools is exactly what the pool would read, and what it cannot do
well is left to the pool (same outcomes with or without it, in order, crashes included)."""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausecheck import ingest, isolation_worker, parallel, pipeline, prefetch, segment
from clausecheck.discover import Target
from clausecheck.errors import IngestError
from clausecheck.model import Document, Skipped
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

_LINES = ["1. Term", "1.1 The Initial Term is thirty-six (36) months.", "(a) renewal", "(ii) notice",
          "ARTICLE IV", "Section 5.2 Exclusivity.", "SCHEDULE B", '"Services" means the services.',
          "WHEREAS the parties wish to agree;", "", "   ", "Customer shall pay all fees — “net 30”.",
          "12. Non-Competition", "(A) Provider shall", "Exhibit C. Customer may export its data.", "ﬁnal ﬂow"]


def _document(text: str, fmt: str = "txt", pages: tuple[int, ...] = (0,)) -> Document:
    return Document(path="<x>", format=fmt, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    page_starts=pages)


@given(st.lists(st.sampled_from(_LINES) | st.text(max_size=40), max_size=40))
def test_clause_rows_rebuild_the_segmenters_clauses(lines: list[str]) -> None:
    document = _document("\n".join(lines))
    clauses = segment.split(document)
    rows = prefetch.clause_rows(document, clauses)
    assert rows is not None
    assert prefetch.clauses_from(document, rows) == clauses


def test_clause_rows_keep_pages() -> None:
    text = "1. Term\nThe term is one year.\n\n2. Exit\nCustomer may terminate on notice.\n"
    document = _document(text, fmt="pdf", pages=(0, text.index("2. Exit")))
    clauses = segment.split(document)
    assert {c.span.page for c in clauses} == {1, 2}
    assert prefetch.clauses_from(document, prefetch.clause_rows(document, clauses) or []) == clauses


def test_clause_rows_refuse_a_clause_that_is_not_its_span() -> None:
    document = _document("1. Term\nThe term is one year.\n")
    clause = segment.split(document)[0]
    from dataclasses import replace

    assert prefetch.clause_rows(document, [replace(clause, text=clause.text + "x")]) is None


def _targets(paths: list[Path]) -> list[Target]:
    return [Target(path=p, rel=p.name) for p in paths]


def test_the_reader_spools_what_the_normal_path_reads(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    paths = [SAMPLES / "mixed.txt", missing, SAMPLES / "lockin-heavy.docx", empty, SAMPLES / "clean.pdf"]
    reader = prefetch.Reader(_targets(paths), Policy())
    try:
        reader.wait()
        done = reader.stop()
        assert sorted(done) == [0, 2, 4]  # unreadable files are left to the pool, which reports them
        assert all(s.grew >= 0 for s in done.values())
        for index, spooled in done.items():
            record = prefetch.take(spooled.path)
            assert record is not None
            document, clauses, _ = record
            expected = ingest.load(paths[index])
            assert document == expected
            assert clauses == segment.split(expected)
            assert not spooled.path.exists()  # taken: removed from the spool
        with pytest.raises(IngestError):  # the pool reads it again and reports this error itself
            ingest.load(empty)
    finally:
        reader.close()
    assert not reader.folder.exists()


def test_stop_ignores_a_record_being_written(tmp_path: Path) -> None:
    reader = prefetch.Reader([], Policy())
    try:
        reader.wait()
        (reader.folder / "3.part").write_bytes(b"half")
        (reader.folder / "2.4096").write_bytes(b"x")
        done = reader.stop()
        assert list(done) == [2] and done[2].grew == 4096
        assert prefetch.take(done[2].path) is None  # not a record: the pool reads that contract itself
    finally:
        reader.close()


def test_records_read_near_the_memory_room_are_left_to_the_pool(tmp_path: Path) -> None:
    small, big = prefetch.Spooled(tmp_path / "a", 10 << 20), prefetch.Spooled(tmp_path / "b", 1900 << 20)
    assert prefetch.usable({0: small, 1: big}, Policy(memory_limit_mb=2048)) == {0: small.path}
    assert prefetch.usable({0: small, 1: big}, Policy(memory_limit_mb=0)) == {0: small.path, 1: big.path}


@pytest.mark.parametrize("name", ["mixed.txt", "lockin-heavy.pdf", "clean.docx"])
def test_reviewing_a_spooled_contract_is_the_pipelines_review(name: str) -> None:
    path, policy = SAMPLES / name, Policy()
    document = ingest.load(path)
    target = Target(path=path, rel=f"contracts/{name}")
    got = prefetch.review(target, policy, document, segment.split(document))
    assert got == pipeline.review(path, policy, display_path=target.rel)


def _spy_on_spooled_reviews(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Wait for the reader before the pool starts (so it has spooled all it can), and note each contract a
    pool worker reviewed from the spool (workers are forks: they inherit the patch and append to the file)."""
    stop, review = prefetch.Reader.stop, prefetch.review

    def waiting_stop(self: prefetch.Reader) -> dict[int, prefetch.Spooled]:
        self.wait()
        return stop(self)

    def noted_review(target: Target, *args: object) -> object:
        with log.open("a") as handle:
            handle.write(target.rel + "\n")
        return review(target, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(prefetch.Reader, "stop", waiting_stop)
    monkeypatch.setattr(prefetch, "review", noted_review)


def test_a_parallel_scan_reviews_spooled_contracts_as_the_serial_one(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.txt").write_text("")
    paths = [SAMPLES / "mixed.txt", tmp_path / "empty.txt", SAMPLES / "clean.txt", SAMPLES / "lockin-heavy.pdf",
             tmp_path / "missing.txt"]
    targets, policy = _targets(paths), Policy()
    serial = parallel.review_all(targets, policy, jobs=1)
    log = tmp_path / "spooled.log"
    _spy_on_spooled_reviews(monkeypatch, log)
    assert parallel.review_all(targets, policy, jobs=2) == serial
    assert sorted(log.read_text().split()) == ["clean.txt", "lockin-heavy.pdf", "mixed.txt"]
    assert [type(o) for o in serial] == [type(serial[0]), Skipped, type(serial[0]), type(serial[0]), Skipped]


def test_a_reader_that_crashes_costs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A contract that kills the reader is read again by the pool (whose parse worker crashes on it too and
    reports it); contracts after it in pool order are read by the pool, those before come from the spool."""
    paths = [SAMPLES / "mixed.txt", SAMPLES / "clean.txt", SAMPLES / "lockin-heavy.txt"]
    targets, policy = _targets(paths), Policy()
    crash_on = SAMPLES / "mixed.txt"  # the smallest: read last in pool order (biggest first)
    real = ingest.load

    def load(path: Path, **options: object) -> Document:
        if Path(path) == crash_on:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "load", load)
    isolation_worker.close_all()  # this process's parse worker is forked again, with the patched loader
    serial = parallel.review_all(targets, policy, jobs=1)
    assert isinstance(serial[0], Skipped) and "crashed" in serial[0].error
    log = tmp_path / "spooled.log"
    _spy_on_spooled_reviews(monkeypatch, log)
    assert parallel.review_all(targets, policy, jobs=2) == serial
    assert sorted(log.read_text().split()) == ["clean.txt", "lockin-heavy.txt"]


def test_custom_reviewers_and_in_process_parsing_get_no_reader(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    monkeypatch.setattr(prefetch.Reader, "__init__", lambda self, *a: started.append(1))
    targets = _targets([SAMPLES / "clean.txt", SAMPLES / "mixed.txt"])
    parallel.review_all(targets, Policy(isolate=False), jobs=2)
    parallel.review_all(targets, Policy(), jobs=2, review=_plain_review)
    parallel.review_all(targets, Policy(), jobs=1)
    assert started == []


def _plain_review(target: Target, policy: Policy) -> object:
    return pipeline.review(target.path, policy, display_path=target.rel)


def test_a_reader_whose_scan_was_killed_deletes_its_spool_and_exits() -> None:
    """A scan killed outright (SIGKILL, no clean-up) must not leave the reader spooling into /tmp."""
    import time

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the short-lived "scan": starts a reader on many contracts and dies
        os.close(read)
        reader = prefetch.Reader(_targets([SAMPLES / "lockin-heavy.pdf"] * 500), Policy())
        os.write(write, str(reader.folder).encode())
        os._exit(0)
    os.close(write)
    folder = Path(os.read(read, 4096).decode())
    os.close(read)
    os.waitpid(pid, 0)
    deadline = time.monotonic() + 30
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not folder.exists()


def test_a_broken_rule_pack_still_fails_a_parallel_scan_before_any_review(tmp_path: Path) -> None:
    """Without the cache the rule pack is compiled after the reader started: the scan still exits 2, reviews
    nothing, and leaves no spool behind."""
    import subprocess
    import sys

    contracts, rules, scratch = tmp_path / "contracts", tmp_path / "rules", tmp_path / "tmp"
    for folder in (contracts, rules, scratch):
        folder.mkdir()
    for name in ("clean.txt", "mixed.txt", "lockin-heavy.txt"):
        (contracts / name).write_bytes((SAMPLES / name).read_bytes())
    (rules / "bad.yaml").write_text("id: custom.bad\nnonsense: 1\n")
    env = {**os.environ, "TMPDIR": str(scratch), "CLAUSECHECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "clausecheck", "scan", str(contracts), "-j", "2", "--no-cache",
                           "--rules", str(rules), "-f", "json", "-o", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "bad.yaml" in done.stderr
    assert not (tmp_path / "r.json").exists()
    assert list(scratch.iterdir()) == []
