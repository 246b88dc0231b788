"""Parallel review: input order kept, unreadable files skipped, a crashing worker costs one document."""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from pathlib import Path

import pytest

from clausecheck.discover import Target
from clausecheck.errors import IngestError, RuleError
from clausecheck.model import DocumentResult, Facts, Skipped
from clausecheck.parallel import review_all
from clausecheck.policy import Policy


def fake_review(target: Target, policy: Policy) -> DocumentResult:
    text = target.path.read_text()
    if text.startswith("sleep"):
        time.sleep(float(text.split()[1]))
    if text == "unreadable":
        raise IngestError("no text layer", hint="OCR is not supported", path=str(target.path))
    if text == "rules broken":
        raise RuleError("2 problem(s) in rule files")
    if text == "bug":
        raise KeyError("boom")
    if text == "segfault":
        faulthandler.disable()  # pytest's handler would print the child's stack; the crash is the point
        os.kill(os.getpid(), signal.SIGSEGV)
    return DocumentResult(path=target.rel, format="txt", sha256="x", pages=1, facts=Facts(),
                          warnings=(f"pid {os.getpid()}",))


def targets(tmp_path: Path, texts: list[str]) -> list[Target]:
    out = []
    for i, text in enumerate(texts):
        path = tmp_path / f"doc{i:02}.txt"
        path.write_text(text)
        out.append(Target(path=path, rel=path.name))
    return out


def test_order_is_kept_across_workers(tmp_path: Path) -> None:
    items = targets(tmp_path, ["sleep 0.3", "sleep 0.01", "sleep 0.2", "sleep 0.0", "ok", "ok"])
    order: list[str] = []
    outcomes = review_all(items, Policy(), jobs=2, review=fake_review,
                          on_done=lambda done, total, t, o, cached: order.append(t.rel))
    assert [o.path for o in outcomes] == [t.rel for t in items]
    assert sorted(order) == [t.rel for t in items]
    assert len({o.warnings[0] for o in outcomes}) == 2  # two worker processes did the work
    assert all(o.warnings[0] != f"pid {os.getpid()}" for o in outcomes)


@pytest.mark.parametrize("jobs", [1, 2])
def test_unreadable_and_failing_documents_become_skipped(tmp_path: Path, jobs: int) -> None:
    items = targets(tmp_path, ["ok", "unreadable", "bug", "ok"])
    outcomes = review_all(items, Policy(), jobs=jobs, review=fake_review)
    assert [type(o).__name__ for o in outcomes] == ["DocumentResult", "Skipped", "Skipped", "DocumentResult"]
    assert outcomes[1] == Skipped(path="doc01.txt", error="no text layer (OCR is not supported)")
    assert outcomes[2].error == "internal error: KeyError: 'boom'"


def test_a_crashing_worker_loses_only_its_document(tmp_path: Path) -> None:
    items = targets(tmp_path, ["ok", "ok", "segfault", "ok", "ok", "ok"])
    outcomes = review_all(items, Policy(), jobs=2, review=fake_review)
    kinds = [type(o).__name__ for o in outcomes]
    assert kinds == ["DocumentResult"] * 2 + ["Skipped"] + ["DocumentResult"] * 3
    assert "crashed" in outcomes[2].error


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_wide_errors_abort_the_run(tmp_path: Path, jobs: int) -> None:
    items = targets(tmp_path, ["ok", "rules broken", "sleep 0.2", "ok"])
    with pytest.raises(RuleError, match="2 problem"):
        review_all(items, Policy(), jobs=jobs, review=fake_review)


def test_workers_run_concurrently(tmp_path: Path) -> None:
    # Sleeping needs no CPU, so this holds even on a saturated machine: 4 x 0.5 s on 2 workers ~ 1 s.
    items = targets(tmp_path, ["sleep 0.5"] * 4)
    started = time.perf_counter()
    review_all(items, Policy(), jobs=2, review=fake_review)
    assert time.perf_counter() - started < 1.8
