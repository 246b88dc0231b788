"""The lawyers' free-text answers ("successive 1 year", "90 days") as comparable durations."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "half a": 0.5, "a": 1, "an": 1}
_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s*\)?\s*-?\s*(year|month|week|day)s?\b", re.IGNORECASE)
_MONTH_DAYS = 30.4375  # mean calendar month


@dataclass(frozen=True)
class Duration:
    """A length of time as the lawyers wrote it: value and unit (day|week|month|year)."""

    value: float
    unit: str


def parse_answer(answer: str | None) -> tuple[Duration, ...]:
    """The alternative durations an answer states ('successive 1 year' -> 1 year); () when blank,
    perpetual or redacted. Parts separated by ';' or ',' are alternatives; in each part the last
    number+unit counts ('2 successive 10 years' -> 10 years)."""
    if not answer or "perpetual" in answer.lower():
        return ()
    out: list[Duration] = []
    for part in re.split(r"[;,]", answer):
        found = list(_DURATION.finditer(part))
        if found:
            number, unit = found[-1].group(1).lower(), found[-1].group(2).lower()
            value = _NUMBER_WORDS[number] if number in _NUMBER_WORDS else float(number)
            out.append(Duration(float(value), unit))
    return tuple(out)


def to_months(duration: Duration) -> float | None:
    """Months in a duration; days and weeks only when within 3 days of a whole number of months."""
    if duration.unit == "year":
        return duration.value * 12
    if duration.unit == "month":
        return duration.value
    days = duration.value * (7 if duration.unit == "week" else 1)
    months = round(days / _MONTH_DAYS)
    return float(months) if months and abs(days - months * _MONTH_DAYS) <= 3 else None


def days_match(duration: Duration, days: int | None) -> bool:
    """Whether a predicted day count equals a duration: days and weeks exactly; N months anywhere from
    30*N - 3 to 30.4375*N + 3 days (30-day or calendar months, 3 days' slack); years as 12 months."""
    if days is None:
        return False
    if duration.unit in ("day", "week"):
        return days == duration.value * (7 if duration.unit == "week" else 1)
    months = duration.value * (12 if duration.unit == "year" else 1)
    return 30 * months - 3 <= days <= _MONTH_DAYS * months + 3


def months_match(duration: Duration, months: int | None) -> bool:
    """Whether a predicted whole-month count equals a duration (see ``to_months``)."""
    return months is not None and to_months(duration) == months
