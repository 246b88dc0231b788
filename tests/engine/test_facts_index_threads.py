"""The facts index's shared table of literal parts may be filled by several reviewing threads at once."""

from __future__ import annotations

import sys
import threading

import pytest

from clausecheck.engine.facts import index


def test_parts_are_added_safely_from_many_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "_PARTS", {})
    errors: list[BaseException] = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race showed in 3 of 4 threads

    def add(k: int) -> None:
        try:
            for j in range(2000):
                index._parts(f"lit{k}x{j}")
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever a thread raised
            errors.append(exc)

    try:
        threads = [threading.Thread(target=add, args=(k,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert errors == []
    # Every literal recorded once, with the parts seen before it: one thread adds "lit1x1", later "lit1x10".
    assert len(index._PARTS) == 8000
    assert "lit1x1" in index._PARTS["lit1x10"]
    assert "lit1x10" in index._PARTS["lit1x100"]
