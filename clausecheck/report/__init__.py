"""Reporters: one module per format, each ``render(report, out, **options)``, a pure function of a Report.

``REPORTERS`` maps a format name to ``"module:function"`` so that the CLI can list formats without importing
rich or jinja2; ``get(name)`` imports the one that is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TextIO

from clausecheck.errors import ConfigError

REPORTERS: dict[str, str] = {
    "terminal": "clausecheck.report.terminal:render",
    "json": "clausecheck.report.json_:render",
    "html": "clausecheck.report.html:render",
    "sarif": "clausecheck.report.sarif:render",
    "markdown": "clausecheck.report.markdown:render",
    "junit": "clausecheck.report.junit:render",
    "gitlab": "clausecheck.report.gitlab:render",
}

Renderer = Callable[..., None]


def get(name: str) -> Renderer:
    """The ``render(report, out, **options)`` function of format ``name`` (imported on first use)."""
    try:
        target = REPORTERS[name]
    except KeyError:
        raise ConfigError(f"unknown report format {name!r}",
                          hint="choose one of " + ", ".join(REPORTERS)) from None
    module_name, _, function = target.partition(":")
    found: Renderer = getattr(importlib.import_module(module_name), function)
    return found


def render(name: str, report: Any, out: TextIO, **options: Any) -> None:
    """Render ``report`` in format ``name`` to ``out``."""
    get(name)(report, out, **options)


__all__ = ["REPORTERS", "get", "render"]
