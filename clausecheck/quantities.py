"""Durations, dates, percentages and money in contract language, normalised to values.

Normalisation (documented once, used everywhere): a month is 30 days, a year 12 months or 365 days,
a week 7 days, a business (working) day 7/5 of a calendar day. Two-digit years pivot like strptime:
00-68 -> 20xx, 69-99 -> 19xx.

The patterns themselves (number words, units, currencies, dates) live in quantity_grammar; quantity_scan
finds their matches around cheap trigger words; this module turns each match into a Quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from clausecheck.quantity_grammar import (  # noqa: F401 - the grammar's public names stay importable from here
    ANNIVERSARY_RE,
    CURRENCY_PREFIX,
    DATE_RE,
    DURATION_RE,
    HALF_YEAR_RE,
    MAGNITUDE,
    MONEY_RE,
    MONTH_NAME,
    NUM_DIGITS,
    NUM_WORDS,
    NUMBER,
    ORDINAL,
    ORDINALS,
    PERCENT_RE,
    RANGE_RE,
    date_from_match,
    number_value,
    ordinal_value,
    suffix_currency,
    unit_name,
    words_to_number,
)
from clausecheck.quantity_scan import (  # noqa: F401 - may_hold_* and DATE_HINT stay importable from here
    ANNIVERSARY_TRIGGER,
    DATE_HINT,
    DATE_TRIGGER,
    DURATION_TRIGGER,
    HALF_TRIGGER,
    MONEY_TRIGGER,
    PERCENT_TRIGGER,
    may_hold_duration,
    may_hold_duration_lowered,
    scan,
)


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """A normalised amount found in text: kind duration|percent|money|date; start/end are offsets in that text."""

    kind: str
    value: float | date
    unit: str  # duration: day|business_day|week|month|year; percent: %; money: ISO code; date: date
    start: int
    end: int
    text: str


def find_durations(text: str) -> list[Quantity]:
    """Durations: "thirty-six (36) months", "3 yrs", "a two-year term", "90 calendar days", "third anniversary"."""
    out: list[Quantity] = []
    for m in scan(DURATION_RE, text, DURATION_TRIGGER, 120, 25):
        value = number_value(m)
        if value is None:
            continue
        out.append(Quantity(kind="duration", value=value, unit=unit_name(m.group("unit"), m.group("qual")),
                            start=m.start(), end=m.end(), text=text[m.start():m.end()]))
    for m in scan(HALF_YEAR_RE, text, HALF_TRIGGER, 20, 20):
        if not any(q.start <= m.start() < q.end for q in out):
            out.append(Quantity(kind="duration", value=6.0, unit="month", start=m.start(), end=m.end(),
                                text=text[m.start():m.end()]))
    for m in scan(ANNIVERSARY_RE, text, ANNIVERSARY_TRIGGER, 120, 15):
        if m.group("yn") or m.group("ow2") or m.group("od2"):  # "end of Year 3", "end of the fifth Contract Year"
            n = int(m.group("yn") or m.group("od2") or ORDINALS[m.group("ow2").lower()])
        else:
            n = ordinal_value(m) if (m.group("ow") or m.group("od")) else number_value(m)
        if not n:
            continue
        # the anniversary phrase supersedes the bare "four (4) year" inside "four (4) year anniversary"
        out = [q for q in out if not (m.start() <= q.start < m.end())]
        out.append(Quantity(kind="duration", value=float(n) * 12, unit="month", start=m.start(), end=m.end(),
                            text=text[m.start():m.end()]))
    return _join_compounds(text, sorted(out, key=lambda q: q.start))


def _join_compounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """"one (1) year and six (6) months" is one duration of 18 months."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.unit == "year" and q.unit == "month"
                and re.fullmatch(r"\s*,?\s*(?:and|plus)\s+", text[prev.end:q.start])):
            months = float(prev.value) * 12 + float(q.value)  # type: ignore[arg-type]
            out[-1] = Quantity(kind="duration", value=months, unit="month", start=prev.start, end=q.end,
                               text=text[prev.start:q.end])
            continue
        out.append(q)
    return out


def find_percents(text: str) -> list[Quantity]:
    """Percentages: "seventy percent (70%)", "25 per cent", "30%"."""
    out: list[Quantity] = []
    for m in scan(PERCENT_RE, text, PERCENT_TRIGGER, 120, 40):
        raw = m.group("pd") or m.group("pn")
        value = float(raw.replace(",", "")) if raw else words_to_number(m.group("pw") or "")
        if value is None:
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        out.append(Quantity(kind="percent", value=float(value), unit="%", start=start, end=m.end(),
                            text=text[start:m.end()]))
    return out


def find_money(text: str) -> list[Quantity]:
    """Money with a currency: "USD 1,200,000", "$1.2 million", "EUR 500,000", "£10,000", "one million dollars"."""
    out: list[Quantity] = []
    for m in scan(MONEY_RE, text, MONEY_TRIGGER, 120, 45):
        if m.group("cur"):
            value = float(m.group("amt").replace(",", ""))
            mag = m.group("mag")
            unit = CURRENCY_PREFIX.get(m.group("cur").lower(), "USD")
        elif m.group("amt2"):
            value = float(m.group("amt2").replace(",", ""))
            mag = m.group("mag2")
            unit = suffix_currency(m.group("suf"))
        else:
            words = words_to_number(m.group("wamt"))
            if words is None:
                continue
            value, mag, unit = float(words), None, suffix_currency(m.group("suf2"))
        if mag:
            value *= MAGNITUDE[mag.lower()]
        if out and re.fullmatch(r"\s*\(\s*", text[out[-1].end:m.start()]) and m.group("cur"):
            # "Five Hundred Thousand Dollars ($500,000)": one amount written twice; the digits win
            close = text.find(")", m.end(), m.end() + 3)
            end = close + 1 if close >= 0 else m.end()
            prev = out.pop()
            out.append(Quantity(kind="money", value=value, unit=prev.unit, start=prev.start, end=end,
                                text=text[prev.start:end]))
            continue
        out.append(Quantity(kind="money", value=value, unit=unit, start=m.start(), end=m.end(),
                            text=text[m.start():m.end()]))
    return out


def months_between(start: date, end: date) -> int:
    """Whole months from start to end, rounded to the nearest month (a month = 30.4375 days on average).

    "January 1, 2027 through December 31, 2029" is 36 months: an end date on the last day of a
    period counts the period as complete.
    """
    return round((end - start).days / 30.4375)


def parse_date(text: str) -> date | None:
    """The first date in ``text`` ("January 1, 2027", "1st day of January, 2027", "2027-01-01", "01/01/2027")."""
    for m in scan(DATE_RE, text, DATE_TRIGGER, 40, 40):
        found = date_from_match(m)
        if found is not None:
            return found
    return None


def find_dates(text: str) -> list[Quantity]:
    """Every valid date in ``text`` as a Quantity of kind "date" whose value is a datetime.date."""
    out: list[Quantity] = []
    for m in scan(DATE_RE, text, DATE_TRIGGER, 40, 40):
        found = date_from_match(m)
        if found is not None:
            out.append(Quantity(kind="date", value=found, unit="date", start=m.start(), end=m.end(),
                                text=text[m.start():m.end()]))
    return out


def find_date_ranges(text: str, dates: list[Quantity] | None = None) -> list[Quantity]:
    """"from January 1, 2027 through December 31, 2029" -> a duration in whole months (36)."""
    dates = find_dates(text) if dates is None else dates
    out: list[Quantity] = []
    for first, second in pairwise(dates):
        between = text[first.end:second.start]
        if len(between) > 40 or not RANGE_RE.match(between):
            continue
        assert isinstance(first.value, date) and isinstance(second.value, date)
        months = months_between(first.value, second.value)
        if months > 0:
            out.append(Quantity(kind="duration", value=float(months), unit="month", start=first.start,
                                end=second.end, text=text[first.start:second.end]))
    return out


def find_duration_quantities(text: str) -> list[Quantity]:
    """The durations of ``find_quantities(text)`` (date ranges included), in its order, without its other scans."""
    if not may_hold_duration(text):
        return []
    found = [*find_durations(text), *find_date_ranges(text)]
    return sorted(found, key=lambda q: (q.start, q.end))


def find_quantities(text: str) -> list[Quantity]:
    """All durations (incl. anniversaries and date ranges), percentages, money and dates, in text order."""
    dates = find_dates(text)
    found = [*find_durations(text), *find_date_ranges(text, dates), *find_percents(text), *find_money(text), *dates]
    return sorted(found, key=lambda q: (q.start, q.end))


_DAYS_PER = {"day": 1.0, "business_day": 7 / 5, "week": 7.0, "month": 30.0, "year": 365.0}
_MONTHS_PER = {"day": 1 / 30, "business_day": 7 / 150, "week": 7 / 30, "month": 1.0, "year": 12.0}


def to_days(q: Quantity) -> int:
    """A duration in calendar days (month = 30 days, year = 365, business day = 7/5), rounded."""
    if q.kind != "duration" or not isinstance(q.value, float | int):
        raise ValueError(f"not a duration: {q.text!r}")
    return round(q.value * _DAYS_PER[q.unit])


def to_months(q: Quantity) -> float:
    """A duration in months (month = 30 days, year = 12 months)."""
    if q.kind != "duration" or not isinstance(q.value, float | int):
        raise ValueError(f"not a duration: {q.text!r}")
    return q.value * _MONTHS_PER[q.unit]
