"""How contracts write quantities: number words and digits, ordinals, units, currencies, dates and ranges.

The grammar only: these patterns and the values of their parts. quantities scans texts with them (around
cheap triggers) and turns matches into normalised Quantity values.
"""

from __future__ import annotations

import re
from datetime import date

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WORD = rf"(?:{_alt([*_UNITS, *_TENS, *_SCALES])})"
_FIRST_WORD = rf"(?:{_alt([*_UNITS, *_TENS])})"  # a bare "million" or "hundred" is no number
# "twenty-four", "one hundred and twenty", "Thirty Six"; the lookahead stops "one" matching inside "onerous"
NUM_WORDS = rf"(?:{_FIRST_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*)(?![a-z])"
NUM_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# words, digits, or both: "thirty-six (36)", "36", "thirty six"; the digits win when both are given
NUMBER = (rf"(?:(?P<w>{NUM_WORDS})\s*\(\s*(?P<d>{NUM_DIGITS})\s*\)|(?P<d3>{NUM_DIGITS})\s*\(\s*{NUM_WORDS}\s*\)"
          rf"|(?P<d2>{NUM_DIGITS})(?![\d,])|(?P<w2>{NUM_WORDS}))")  # "thirty (30)", "3 (three)", "30", "thirty"
ORD_WORD = rf"(?:{_alt(list(ORDINALS))})"
_SUFFIX = r"(?:s\s?t|n\s?d|r\s?d|t\s?h)"  # "5t h": PDF text layers split ordinal suffixes
ORDINAL = rf"(?:(?P<ow>{ORD_WORD})(?:\s*\(\s*\d+\s?{_SUFFIX}?\s*\))?|(?P<od>\d+)(?:st|nd|rd|th))"
MONTH_NAME = rf"(?:{_alt(list(_MONTHS))})\.?"


def words_to_number(text: str) -> int | None:
    """Value of a number written in English words ("twenty-four", "one hundred and ten"); None if not one."""
    total = current = 0
    seen = False
    for tok in re.split(r"[\s-]+", text.lower().strip()):
        if not tok or tok == "and":
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in _SCALES:
            total += max(current, 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_value(match: re.Match[str]) -> float | None:
    """Value of a NUMBER match (groups w/d/d2/d3/w2): digits when present, else the words."""
    digits = match.group("d") or match.group("d2") or match.group("d3")
    if digits:
        return float(digits.replace(",", ""))
    words = match.group("w") or match.group("w2")
    value = words_to_number(words) if words else None
    return float(value) if value is not None else None


def ordinal_value(match: re.Match[str]) -> int | None:
    """Value of an ORDINAL match ("third", "3rd", "third (3rd)")."""
    if match.group("od"):
        return int(match.group("od"))
    word = match.group("ow")
    return ORDINALS.get(word.lower()) if word else None


_UNIT_RE = (r"(?P<unit>(?:(?P<qual>calendar|business|working)[\s-]+|(?:contract|agreement|lease|license|fiscal)[\s-]+)?"
            r"(?:days?|weeks?|months?|years?|yrs?\.?|mos?\.?)(?:'s|'|’s|’)?)(?![a-z])")
DURATION_RE = re.compile(
    rf"(?<![\w.])(?:(?P<article>an?)\s+(?=[a-z]+[\s-]+(?:year|month|week|day)))?{NUMBER}(?:\s*\(\s*\d+\s*\))?[\s-]*"
    rf"(?:(?:full|consecutive|complete|whole)\s+)?{_UNIT_RE}",
    re.IGNORECASE,
)
HALF_YEAR_RE = re.compile(r"\b(?:half\s+a\s+year|(?:a|one)[\s-]+half[\s-]+year|six-month)\b", re.IGNORECASE)
ANNIVERSARY_RE = re.compile(
    rf"\b(?:the\s+)?(?:{ORDINAL}|{NUMBER}[\s-]*(?:years?|yr)(?:'s)?)\s+anniversary\b"
    rf"|\b(?:end|expiration|expiry|conclusion|last\s+day)\s+of\s+(?:the\s+)?"
    rf"(?:{ORDINAL.replace('ow', 'ow2').replace('od', 'od2')}\s+(?:full\s+)?(?:contract|agreement|license|lease)\s+year"
    rf"|(?:contract\s+)?year\s+(?P<yn>\d{{1,2}}))\b",
    re.IGNORECASE,
)


def unit_name(raw: str, qual: str | None) -> str:
    """The unit of a DURATION_RE match's unit words: day|business_day|week|month|year."""
    raw = raw.lower()
    if qual and qual.lower() in ("business", "working"):
        return "business_day"
    for prefix, name in (("d", "day"), ("w", "week"), ("mo", "month"), ("y", "year")):
        base = raw.split()[-1].split("-")[-1]
        if base.startswith(prefix):
            return name
    return "day"


PERCENT_RE = re.compile(
    rf"(?<![\w.])(?:{NUM_WORDS})?\s*(?:per\s*cent(?:um)?|percent)?\s*\(\s*(?P<pd>\d+(?:\.\d+)?)\s*%\s*\)"
    rf"|(?<![\w.])(?P<pn>{NUM_DIGITS})\s*(?:%|\s*per\s*cent(?:um)?\b|\s*percent\b)"
    rf"|(?<![\w.])(?P<pw>{NUM_WORDS})\s+(?:per\s*cent(?:um)?|percent)\b",
    re.IGNORECASE,
)


CURRENCY_PREFIX = {
    "us$": "USD", "usd": "USD", "$": "USD", "u.s.$": "USD", "eur": "EUR", "€": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "chf": "CHF", "cad": "CAD", "c$": "CAD", "aud": "AUD", "a$": "AUD",
    "rmb": "CNY", "cny": "CNY", "inr": "INR",
}
_CURRENCY_SUFFIX = {
    "dollar": "USD", "usd": "USD", "euro": "EUR", "eur": "EUR", "pound": "GBP", "gbp": "GBP",
    "yen": "JPY", "francs": "CHF", "chf": "CHF", "cad": "CAD", "aud": "AUD",
}
MAGNITUDE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}
_MAG_RE = r"(?:\s*(?P<mag>thousand|million|billion|mm|mn|bn|m|k)\b)?"
MONEY_RE = re.compile(
    rf"(?P<cur>US\$|U\.S\.\$|C\$|A\$|\$|€|£|¥|\b(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|RMB|CNY|INR)\b)\s?"
    rf"(?P<amt>{NUM_DIGITS}){_MAG_RE}"
    rf"|(?<![\w.$€£])(?P<amt2>{NUM_DIGITS}){_MAG_RE.replace('mag', 'mag2')}\s*"
    r"(?P<suf>(?:U\.?S\.?\s+)?dollars?|euros?|pounds?(?:\s+sterling)?|yen|USD|EUR|GBP|JPY|CHF|CAD|AUD)\b"
    rf"|(?<![\w.])(?P<wamt>{NUM_WORDS})\s+(?P<suf2>(?:U\.?S\.?\s+)?dollars?|euros?|pounds?(?:\s+sterling)?)\b",
    re.IGNORECASE,
)


def suffix_currency(raw: str) -> str:
    """The ISO code of a currency written after the amount ("dollars", "pounds sterling"); USD by default."""
    for word in raw.lower().replace(".", "").split():
        code = _CURRENCY_SUFFIX.get(word) or _CURRENCY_SUFFIX.get(word.rstrip("s"))
        if code:
            return code
    return "USD"


_DAY = r"(?P<{0}>\d{{1,2}})(?:s\s?t|n\s?d|r\s?d|t\s?h)?"  # "6t h": split suffixes from PDF text layers
DATE_RE = re.compile(
    rf"\b(?P<mon1>{MONTH_NAME})\s*{_DAY.format('d1')}(?!\d)\s*,?\s*(?P<y1>\d{{4}})\b"
    rf"|\b(?:{_DAY.format('d2')}|(?P<dw>{ORD_WORD}))\s+(?:day\s+of\s+|of\s+)?(?P<mon2>{MONTH_NAME})\s*,?\s*"
    rf"(?P<y2>\d{{4}})\b"
    r"|\b(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})\b"
    r"|(?<![\d/.-])(?P<m4>\d{1,2})(?P<sep>[/-])(?P<d4>\d{1,2})(?P=sep)(?P<y4>\d{4}|\d{2})(?![\d/])",
    re.IGNORECASE,
)


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:  # strptime's pivot
        year += 2000 if year < 69 else 1900
    return year


def date_from_match(m: re.Match[str]) -> date | None:
    """The date a DATE_RE match denotes, or None when it names no real day."""
    try:
        if m.group("mon1"):
            return date(int(m.group("y1")), _MONTHS[m.group("mon1").lower().rstrip(".")], int(m.group("d1")))
        if m.group("mon2"):
            day = int(m.group("d2")) if m.group("d2") else ORDINALS[m.group("dw").lower()]
            return date(int(m.group("y2")), _MONTHS[m.group("mon2").lower().rstrip(".")], day)
        if m.group("y3"):
            return date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        return date(_year(m.group("y4")), int(m.group("m4")), int(m.group("d4")))
    except (ValueError, KeyError):
        return None


RANGE_RE = re.compile(r"\s*(?:,\s*)?(?:through(?:\s+to)?|thru|to|until|till|-|–"
                       r"|and\s+(?:ending|expiring|concluding)(?:\s+on)?)\s*(?:and\s+including\s+)?$", re.IGNORECASE)
