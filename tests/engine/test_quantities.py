"""Exact values for durations, percentages, money and dates in the phrasings contracts use."""

from __future__ import annotations

from datetime import date

import pytest

from clausecheck.quantities import (
    Quantity,
    find_dates,
    find_durations,
    find_money,
    find_percents,
    find_quantities,
    months_between,
    parse_date,
    to_days,
    to_months,
    words_to_number,
)


def only(found: list[Quantity], kind: str) -> Quantity:
    hits = [q for q in found if q.kind == kind]
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "months"),
    [
        ("thirty-six (36) months", 36, "month", 36),
        ("3 yrs", 3, "year", 36),
        ("a two-year term", 2, "year", 24),
        ("a twelve-month period", 12, "month", 12),
        ("one (1) year", 1, "year", 12),
        ("eighteen months", 18, "month", 18),
        ("Twenty Four (24) Months", 24, "month", 24),
        ("twenty four months", 24, "month", 24),
        ("5-year terms", 5, "year", 60),
        ("ten (10) Contract Years", 10, "year", 120),
        ("twelve (12) full calendar months", 12, "month", 12),
        ("half a year", 6, "month", 6),
        ("3 (three) years", 3, "year", 36),
        ("one (1) year and six (6) months", 18, "month", 18),
    ],
)
def test_durations_in_months(text: str, value: float, unit: str, months: float) -> None:
    q = only(find_durations(f"for {text} from the Effective Date"), "duration")
    assert (q.value, q.unit, to_months(q)) == (value, unit, months)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ninety days", 90),
        ("90 calendar days", 90),
        ("ninety (90) days'", 90),
        ("six (6) weeks", 42),
        ("5 business days", 7),
        ("ten (10) working days", 14),
        ("three months'", 90),
        ("one hundred eighty (180) days", 180),
        ("one hundred and twenty days", 120),
        ("sixty (60) days", 60),
        ("1 year", 365),
    ],
)
def test_durations_in_days(text: str, days: int) -> None:
    q = only(find_durations(f"upon {text} notice"), "duration")
    assert to_days(q) == days


def test_digits_win_over_words_when_both_given() -> None:
    q = only(find_durations("thirty (60) days"), "duration")
    assert q.value == 60


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("until the third anniversary of the Effective Date", 36),
        ("until the 3rd anniversary of the Effective Date", 36),
        ("until the fifth (5th) anniversary", 60),
        ("until the four (4) year anniversary of the Effective Date", 48),
        ("until the end of the fifteenth (15th) Contract Year", 180),
        ("will end upon the end of Year 3.", 36),
    ],
)
def test_anniversaries(text: str, months: int) -> None:
    q = only(find_durations(text), "duration")
    assert (q.unit, to_months(q)) == ("month", months)
    assert "anniversary" in q.text or "Year" in q.text


def test_anniversary_replaces_its_inner_duration() -> None:
    found = find_durations("the four (4) year anniversary")
    assert [q.text for q in found] == ["the four (4) year anniversary"]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("from January 1, 2027 through December 31, 2029", 36),
        ("from 1 January 2027 to 31 December 2027", 12),
        ("commencing on March 1, 2020 and ending on February 28, 2025", 60),
        ("01/01/2027 - 12/31/2028", 24),
    ],
)
def test_date_ranges_become_durations(text: str, months: int) -> None:
    ranges = [q for q in find_quantities(text) if q.kind == "duration"]
    assert [to_months(q) for q in ranges] == [months]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 1, 2027", date(2027, 1, 1)),
        ("Jan. 1st, 2027", date(2027, 1, 1)),
        ("1 January 2027", date(2027, 1, 1)),
        ("1st day of January, 2027", date(2027, 1, 1)),
        ("this first day of May, 2006", date(2006, 5, 1)),
        ("2027-01-01", date(2027, 1, 1)),
        ("01/01/2027", date(2027, 1, 1)),
        ("12/31/98", date(1998, 12, 31)),
        ("2/10/14", date(2014, 2, 10)),
        ("September 13th, 2019", date(2019, 9, 13)),
        ("the 31st of December, 2020", date(2020, 12, 31)),
        ("Dec 31 2020", date(2020, 12, 31)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(f"dated as of {text} by and between") == expected
    assert [q.value for q in find_dates(text)] == [expected]


@pytest.mark.parametrize("text", ["February 30, 2027", "13/45/2027", "Section 1.2.3", "in May we", ""])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seventy percent (70%)", 70),
        ("25 per cent", 25),
        ("30%", 30),
        ("12.5 %", 12.5),
        ("forty-five percent", 45),
        ("fifteen per cent (15%)", 15),
    ],
)
def test_percents(text: str, value: float) -> None:
    q = only(find_percents(f"no less than {text} of its requirements"), "percent")
    assert (q.value, q.unit) == (value, "%")


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("USD 1,200,000", 1_200_000, "USD"),
        ("$1.2 million", 1_200_000, "USD"),
        ("US$250,000", 250_000, "USD"),
        ("EUR 500,000", 500_000, "EUR"),
        ("€2m", 2_000_000, "EUR"),
        ("£10,000", 10_000, "GBP"),
        ("one million dollars", 1_000_000, "USD"),
        ("Five Hundred Thousand Dollars ($500,000)", 500_000, "USD"),
        ("250,000 euros", 250_000, "EUR"),
        ("3 million USD", 3_000_000, "USD"),
        ("ten thousand pounds sterling", 10_000, "GBP"),
        ("Four and One-Half Million Dollars ($4,500,000)", 4_500_000, "USD"),
        ("One Million Dollars ($1,500,000)", 1_500_000, "USD"),
    ],
)
def test_money(text: str, value: float, currency: str) -> None:
    q = only(find_money(f"a minimum annual spend of {text} per year"), "money")
    assert (q.value, q.unit) == (value, currency)


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty-four", 24), ("one hundred and twenty", 120), ("Thirty Six", 36), ("two thousand", 2000),
     ("one million five hundred thousand", 1_500_000), ("seven", 7), ("onerous", None), ("", None)],
)
def test_words_to_number(text: str, value: int | None) -> None:
    assert words_to_number(text) == value


def test_a_bare_scale_word_is_not_a_number() -> None:
    assert find_money("millions of dollars") == []
    assert find_durations("hundred years") == []


def test_words_inside_other_words_are_not_numbers() -> None:
    assert find_durations("someone yearly tendays") == []
    assert find_quantities("Often, anyone may attend.") == []


def test_offsets_point_at_the_text() -> None:
    text = "Term: thirty-six (36) months; fee: USD 1,000; share: 70%; from 1 May 2026."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


def test_month_normalisation() -> None:
    assert months_between(date(2027, 1, 1), date(2029, 12, 31)) == 36
    assert months_between(date(2019, 11, 1), date(2020, 12, 31)) == 14
    assert months_between(date(2020, 3, 1), date(2025, 2, 28)) == 60


def test_conversions_refuse_non_durations() -> None:
    with pytest.raises(ValueError):
        to_days(only(find_percents("30%"), "percent"))
    with pytest.raises(ValueError):
        to_months(only(find_money("$5"), "money"))
