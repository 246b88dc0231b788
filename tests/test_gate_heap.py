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
