"""quantities runs case-sensitive twins of its regexes on lower-cased text: the same quantities as the originals."""

from __future__ import annotations

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
