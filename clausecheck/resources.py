"""The one place that finds the shipped rule pack and templates, installed or editable."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Directory of shipped data ``name`` ("rules" or "templates").

    In a wheel the folders are force-included as ``clausecheck/_data/<name>``; in an editable install or
    a source checkout they sit at the repository root next to the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"clausecheck data folder {name!r} is missing from the installation")
