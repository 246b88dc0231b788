"""clausecheck: find the clauses in an AI-vendor contract that lock the buyer in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.model import DocumentResult, Report


def review(path: Any, policy: Any = None) -> DocumentResult:
    """Review one contract and return its picklable DocumentResult (the Python API)."""
    from clausecheck.pipeline import review as _review

    return _review(path, policy)


def scan(paths: Any, policy: Any = None) -> Report:
    """Review several contracts and return a Report."""
    from clausecheck.pipeline import scan as _scan

    return _scan(paths, policy)
