"""The gate freezes the heap once the rule pack is compiled, and only when it reviews something."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace

import pytest

from clausecheck import engine, gate
from clausecheck.config import Settings
from clausecheck.discover import Target
from clausecheck.model import DocumentResult, Facts
from clausecheck.policy import Policy


def _review(target: Target, policy: Policy) -> DocumentResult:
    return DocumentResult(path=target.rel, format="txt", sha256="x", pages=1, facts=Facts(), clause_count=1)


def test_heap_is_frozen_after_the_rules_are_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    pack = SimpleNamespace(rules=(), digest="d")  # compiling the real pack is not what this tests
    monkeypatch.setattr(engine, "load_ruleset", lambda policy: (events.append("rules"), pack)[1])
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))  # the test process keeps its collector
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a.txt").write_text("text a")
    settings = Settings(policy=Policy(), root=tmp_path, jobs=1)
    request = gate.Request(paths=(str(tmp_path),), use_baseline=False, use_waivers=False)
    gate.run(settings, request, review=_review)
    assert events[-2:] == ["rules", "freeze"] and events.count("freeze") == 1
    events.clear()
    gate.run(settings, request, review=_review)  # everything cached: nothing compiled, nothing frozen
    assert "freeze" not in events


def test_reviews_run_with_fewer_young_collections_and_the_threshold_comes_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, ...]] = []

    def review(target: Target, policy: Policy) -> DocumentResult:
        seen.append(gc.get_threshold())
        return _review(target, policy)

    pack = SimpleNamespace(rules=(), digest="d")
    monkeypatch.setattr(engine, "load_ruleset", lambda policy: pack)
    before = gc.get_threshold()
    monkeypatch.setattr(gc, "freeze", lambda: None)
    (tmp_path / "a.txt").write_text("text a")
    settings = Settings(policy=Policy(), root=tmp_path, jobs=1, cache=False)
    request = gate.Request(paths=(str(tmp_path),), use_baseline=False, use_waivers=False)
    gate.run(settings, request, review=review)
    assert seen == [(max(before[0], gate.YOUNG_THRESHOLD), *before[1:])]
    assert gc.get_threshold() == before


def test_a_collector_turned_off_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(0, before[1], before[2])
        with gate.fewer_collections():
            assert gc.get_threshold()[0] == 0
        gc.set_threshold(*before)
        with pytest.raises(RuntimeError):
            with gate.fewer_collections():
                assert gc.get_threshold()[0] == max(before[0], gate.YOUNG_THRESHOLD)
                raise RuntimeError("a review failed")
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)
