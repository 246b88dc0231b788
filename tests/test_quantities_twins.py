"""quantities runs case-sensitive twins of its regexes on lower-cased text: the same quantities as the originals."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import quantities as qty
from clausecheck import quantity_scan

_WORDS = ["Thirty-Six", "(36)", "MONTHS", "Months", "months", "Year", "YEARS", "3", "yrs.", "Business", "Days", "day",
          "Seventy", "percent", "Per Cent", "%", "(70%)", "USD", "usd", "$1.5", "Million", "Dollars", "EUR", "500,000",
          "£10,000", "Pounds Sterling", "Third", "Anniversary", "End of Contract Year 2", "a", "One", "Half", "Year",
          "six-month", "January", "1st", "2027", "12/31/2029", "through", "and", "Twenty", "Four", "ſ", "K", "İ", "é",
          ",", ".", " ", "\n", "the", "Term"]
_TEXTS = st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)
_FINDERS = [qty.find_durations, qty.find_percents, qty.find_money, qty.find_dates, qty.find_quantities,
            qty.find_duration_quantities, qty.parse_date]


def _without_twins(finder, text: str):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quantity_scan, "_twin", lambda rx: None)
        quantity_scan._windows.cache_clear()
        return finder(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_twins_find_the_same_quantities(text: str) -> None:
    for finder in _FINDERS:
        assert finder(text) == _without_twins(finder, text), finder.__name__


def test_twins_exist_and_keep_the_written_text() -> None:
    for rx in (qty.DURATION_RE, qty.PERCENT_RE, qty.MONEY_RE, qty.ANNIVERSARY_RE):
        assert quantity_scan._twin(rx) is not None, rx.pattern[:40]
    text = "For Thirty-Six (36) MONTHS at Seventy Percent (70%), USD 1.5 Million, until the Third Anniversary."
    found = qty.find_quantities(text)
    assert [q.text for q in found] == ["Thirty-Six (36) MONTHS", "Seventy Percent (70%)", "USD 1.5 Million",
                                       "the Third Anniversary"]
    assert found == _without_twins(qty.find_quantities, text)


# Quantities sit below the engine (the engine's facts read them), and so do the regex helpers both use; an
# import of the engine from any of these, even inside a function, would point the dependency the wrong way.
_BELOW_THE_ENGINE = ("quantities", "quantity_grammar", "quantity_scan", "regex_twin", "regex_tree")


def _imported(tree: ast.Module) -> set[str]:
    """Every module an import statement anywhere in ``tree`` names ("from clausecheck import x" as clausecheck.x)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_quantities_and_their_regex_helpers_import_nothing_from_the_engine() -> None:
    package = Path(qty.__file__).parent
    imports = {name: _imported(ast.parse((package / f"{name}.py").read_text(encoding="utf-8")))
               for name in _BELOW_THE_ENGINE}
    assert "clausecheck.regex_twin" in imports["quantity_scan"]  # the walk sees module-level imports
    for name, imported in imports.items():
        assert [m for m in imported if m.startswith("clausecheck.engine")] == [], name


def test_finding_quantities_with_twins_loads_no_engine_module() -> None:
    text = "For Thirty-Six (36) MONTHS at Seventy Percent (70%), USD 1.5 Million."
    code = ("import sys\nfrom clausecheck import quantities, quantity_scan\n"
            f"found = quantities.find_quantities({text!r})\n"
            "assert len(found) == 3 and quantity_scan._twin(quantities.DURATION_RE) is not None\n"
            "print(sorted(m for m in sys.modules if m.startswith('clausecheck.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stdout.strip())
    assert "clausecheck.regex_twin" in loaded  # the twins ran (the assertion above) from below the engine
    assert [m for m in loaded if m.startswith("clausecheck.engine")] == []
