"""benchmarks/vendor_accuracy.py as a module, loaded once, and the probes both vendor clause sets' tests use."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _load() -> Any:
    if "vendor_accuracy" in sys.modules:
        return sys.modules["vendor_accuracy"]
    spec = importlib.util.spec_from_file_location("vendor_accuracy", ROOT / "benchmarks" / "vendor_accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["vendor_accuracy"] = module
    spec.loader.exec_module(module)
    return module


bench = _load()


def lookalikes(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(clause id, label) for every ``negative_of:<label>`` tag: clauses that must not raise that label's risk."""
    return [(r["id"], tag.split(":", 1)[1]) for r in records for tag in r["labels"] if tag.startswith("negative_of:")]


def wrong_values(results: dict[str, Any]) -> list[Any]:
    """The value checks where a number read from a clause differs from the one the clause states."""
    return [row for row in bench.value_checks(list(results.values())) if row[3] is not None
            and not bench.agrees(row[2], row[3])]


def assert_well_formed(records: list[dict[str, Any]], count: int, source: str) -> None:
    """Each record has exactly the set's fields, a source matching ``source`` (a regex), known labels and plain
    text (no Markdown emphasis or links left from the copied page); ids are unique and there are ``count``."""
    import re

    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == count
    pattern = re.compile(source)
    known = set(bench.LABEL_RULES) | {f"negative_of:{k}" for k in bench.LABEL_RULES}
    for record in records:
        assert set(record) == {"id", "source", "vendor", "labels", "values", "text"}, record["id"]
        assert pattern.match(record["source"]), record["id"]
        assert set(record["labels"]) <= known, record["id"]
        assert "**" not in record["text"] and "](" not in record["text"], record["id"]
