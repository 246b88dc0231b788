"""Fixtures for the report tests, and ``--update-golden`` to rewrite tests/report/golden/*.

``pytest tests/report --update-golden`` (or ``CLAUSECHECK_UPDATE_GOLDEN=1 pytest``, which also works from the
repository root, where this conftest is loaded too late to add a command-line option).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from report_fixtures import make_hostile_report, make_report, nimbus_result

from clausecheck.model import Report

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption("--update-golden", action="store_true", default=False,
                         help="rewrite tests/report/golden/* from the current reporters")
    except ValueError:  # already added by a conftest closer to the root
        pass


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with golden file ``name`` (or rewrite it under --update-golden)."""
    try:
        update = bool(request.config.getoption("--update-golden"))
    except ValueError:
        update = False
    update = update or os.environ.get("CLAUSECHECK_UPDATE_GOLDEN") == "1"

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"missing golden file {path}; run pytest tests/report --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file; review, then --update-golden"

    return check


@pytest.fixture
def scan_report() -> Report:
    """The two-document report with one skipped file."""
    return make_report()


@pytest.fixture
def review_report() -> Report:
    """The first document alone, as ``clausecheck review`` builds it."""
    return replace(make_report(), results=(nimbus_result(),), skipped=())


@pytest.fixture
def hostile_report() -> Report:
    """A report whose contract text and file names carry XSS / markdown / markup payloads."""
    return make_hostile_report()
