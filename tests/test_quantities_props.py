"""Property tests for quantities: never raises, round trips, words and digits agree."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.quantities import find_dates, find_durations, find_quantities, parse_date, to_days, to_months

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """English words for 1..999 in the styles contracts use ("twenty-four", "one hundred and twenty")."""
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        words = _UNITS[rest] if rest < 20 else _TENS[rest // 10] + (f"-{_UNITS[rest % 10]}" if rest % 10 else "")
        parts.append(("and " if hundreds else "") + words)
    return " ".join(parts)


legalish = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCDEFG0123456789,.;:()%$€£-/'\"\n")))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), legalish))
def test_never_raises_and_offsets_hold(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        if q.kind == "duration":
            assert to_days(q) >= 0 and to_months(q) >= 0
    parse_date(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["days", "calendar days", "day"]))
def test_n_days_round_trip(n: int, unit: str) -> None:
    found = find_durations(f"upon {n} {unit} notice")
    assert [to_days(q) for q in found] == [n]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["months", "month", "years", "weeks"]))
def test_words_and_digits_agree(n: int, unit: str) -> None:
    words = find_durations(f"for {spell(n)} {unit} from the Effective Date")
    both = find_durations(f"for {spell(n)} ({n}) {unit} from the Effective Date")
    digits = find_durations(f"for {n} {unit} from the Effective Date")
    assert [q.value for q in words] == [q.value for q in both] == [q.value for q in digits] == [float(n)]
    assert to_months(words[0]) == to_months(both[0]) == to_months(digits[0])


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip(day: date) -> None:
    month = day.strftime("%B")
    for text in (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat(),
                 f"{day.month:02d}/{day.day:02d}/{day.year}"):
        assert [q.value for q in find_dates(f"effective as of {text}.")] == [day]


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 1, 1)), st.integers(min_value=1, max_value=120))
def test_date_range_months(start: date, months: int) -> None:
    y, m = divmod(start.month - 1 + months, 12)
    end = date(start.year + y, m + 1, 1) - timedelta(days=1)  # last day of the period
    begin = date(start.year, start.month, 1)
    text = f"from {begin:%B} {begin.day}, {begin.year} through {end:%B} {end.day}, {end.year}"
    ranges = [q for q in find_quantities(text) if q.kind == "duration"]
    assert [to_months(q) for q in ranges] == [months]
