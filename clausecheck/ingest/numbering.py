"""Word automatic list numbering (numbering.xml), rendered so that "1.1", "(a)" and "(iv)" survive.

python-docx does not compute list labels: they live in numbering.xml as level definitions (format,
template such as "%1.%2" or "(%3)", start value) and Word counts paragraphs as it lays them out. This
module replays that count in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
_MAX_LINKS = 8  # numStyleLink / basedOn chains are short; a cycle must not loop forever
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def roman(number: int) -> str:
    """Lower-case Roman numeral (Word falls back to decimal at 0 and below)."""
    if number <= 0:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def letter(number: int) -> str:
    """Word's lowerLetter: a..z, then aa..zz, aaa.. (the letter repeats, it does not carry)."""
    if number <= 0:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    """Render ``number`` in a Word numFmt (decimal, lowerLetter, upperRoman, ...)."""
    match fmt:
        case "lowerLetter":
            return letter(number)
        case "upperLetter":
            return letter(number).upper()
        case "lowerRoman":
            return roman(number)
        case "upperRoman":
            return roman(number).upper()
        case "decimalZero":
            return f"{number:02d}"
        case "ordinal":
            suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
            return f"{number}{suffix}"
        case "none":
            return ""
        case _:  # decimal and the rarer formats (cardinalText, decimalEnclosedCircle...): digits are faithful
            return str(number)


@dataclass(frozen=True, kw_only=True)
class Level:
    """One level of a list definition."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # restart after this (1-based) level; 0 = never; None = after any higher
    legal: bool = False  # isLgl: show every level as decimal
    style: str | None = None  # paragraph style bound to this level


def _level(element: Any) -> Level:
    return Level(
        fmt=_val(element, f"{W}numFmt") or "decimal",
        text=_val(element, f"{W}lvlText") or "",
        start=_int(_val(element, f"{W}start"), 0 if element.find(f"{W}start") is not None else 1),
        restart=_int(_val(element, f"{W}lvlRestart"), -1)
        if element.find(f"{W}lvlRestart") is not None
        else None,
        legal=element.find(f"{W}isLgl") is not None and _val(element, f"{W}isLgl") not in ("0", "false"),
        style=_val(element, f"{W}pStyle"),
    )


class ListNumbering:
    """Counts numbered paragraphs in document order and renders each one's label."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}  # abstractNumId -> style carrying the real list
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            key = abstract.get(f"{W}abstractNumId", "")
            self._abstracts[key] = {
                _int(lvl.get(f"{W}ilvl"), 0): _level(lvl) for lvl in abstract.iter(f"{W}lvl")
            }
            link = _val(abstract, f"{W}numStyleLink")
            if link:
                self._style_links[key] = link
        for num in root.iter(f"{W}num"):
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                if override.find(f"{W}startOverride") is not None:
                    starts[ilvl] = _int(_val(override, f"{W}startOverride"), 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self._nums[num.get(f"{W}numId", "")] = (_val(num, f"{W}abstractNumId") or "", starts, levels)

    def _read_styles(self, root: Any) -> None:
        for style in root.iter(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            self._styles[style.get(f"{W}styleId", "")] = (
                _val(num_pr, f"{W}numId"),
                _val(num_pr, f"{W}ilvl"),
                _val(style, f"{W}basedOn"),
            )

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        for _ in range(_MAX_LINKS):
            if style is None or style not in self._styles:
                break
            num_id, ilvl, based_on = self._styles[style]
            if num_id is not None:
                return num_id, ilvl
            style = based_on
        return None, None

    def _abstract_for(self, num_id: str) -> str | None:
        abstract = self._nums.get(num_id, ("", {}, {}))[0]
        for _ in range(_MAX_LINKS):
            link = self._style_links.get(abstract)
            if link is None:
                return abstract if abstract in self._abstracts else None
            linked_num, _ = self._style_numbering(link)
            if linked_num is None or linked_num not in self._nums:
                return None
            abstract = self._nums[linked_num][0]
        return None

    def label(self, paragraph: Any) -> str | None:
        """The rendered list label of a w:p (advancing the count), or None when it is not numbered."""
        p_pr = paragraph.find(f"{W}pPr")
        style = _val(p_pr, f"{W}pStyle")
        num_id, ilvl = _val(p_pr, f"{W}numPr/{W}numId"), _val(p_pr, f"{W}numPr/{W}ilvl")
        if num_id is None:
            num_id, style_ilvl = self._style_numbering(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        abstract = self._abstract_for(num_id)
        if abstract is None:
            return None
        levels = {**self._abstracts[abstract], **self._nums[num_id][2]}
        if ilvl is None:  # a heading style bound to a level of a multi-level list
            ilvl = next((str(k) for k, lvl in levels.items() if style and lvl.style == style), "0")
        return self._advance(num_id, abstract, _int(ilvl, 0), levels)

    def _advance(self, num_id: str, abstract: str, level: int, levels: dict[int, Level]) -> str | None:
        starts = self._nums[num_id][1]
        # Lists sharing a definition continue one count in Word unless an instance restarts it.
        key = f"num:{num_id}" if starts else f"abstract:{abstract}"
        counts = self._counters.setdefault(key, {})

        def start(k: int) -> int:
            return starts.get(k, levels.get(k, Level()).start)

        counts[level] = counts[level] + 1 if level in counts else start(level)
        for deeper in [k for k in counts if k > level]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and level < restart):
                del counts[deeper]
        current = levels.get(level)
        if current is None or not current.text:
            return None
        if current.fmt == "bullet":
            return "•"

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            fmt = "decimal" if current.legal else levels.get(k, Level()).fmt
            return format_number(counts.get(k, start(k)), fmt)

        return _PLACEHOLDER.sub(render, current.text).strip() or None
