"""Options shared by the whole suite."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the reporters' golden files instead of comparing against them")


def _hypothesis_profiles() -> None:
    """Property tests draw the same examples on every run (a red CI run is a bug, never a dice roll);
    `HYPOTHESIS_PROFILE=explore pytest ...` draws fresh random examples to hunt for new counterexamples."""
    import os

    from hypothesis import settings

    settings.register_profile("deterministic", derandomize=True, deadline=None)  # timing is not what they test
    settings.register_profile("explore", derandomize=False, max_examples=500)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


_hypothesis_profiles()


@pytest.fixture(autouse=True)
def _collector_stays_unfrozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """gate.run freezes the heap once the rule pack is built (right for one CLI run); in the test process that
    would exempt everything alive then from collection for the rest of the session. test_gate_heap records it."""
    import gc

    monkeypatch.setattr(gc, "freeze", lambda: None)
