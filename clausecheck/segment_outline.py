"""Decide which numbering markers are real clause starts, and give each its full number, level and heading.

The rule is the one a reader applies: a number counts when it continues the sequence around it (2.3 after
2.2, (b) after (a), 4. after 3.6). A line-start number followed by a capital is trusted a little further
(it may skip a few numbers lost to redaction); a number inside a line must be exactly the next one, which is
what keeps "$1.5 million", "section 3.2 above" and "(a) ... ; (b) ..." lists inside a sentence in place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

from clausecheck.segment_markers import Marker, roman_to_int

_MAX_HARD_SKIP = 3  # numbers a trusted line-start marker may skip (redactions, extraction losses)


class Boundary(NamedTuple):
    """An accepted clause start (immutable; a NamedTuple because one is built for nearly every clause)."""

    start: int
    number: str | None
    heading: str | None  # its own heading, else its nearest ancestor's
    level: int
    kind: str  # section | definition | schedule | heading
    style: str = ""  # numbering style that opened it: article | dec | schedule | alpha | roman | ... | "" (none)


@dataclass(slots=True)
class _Entry:
    style: str  # article | dec | schedule | heading | alpha | ALPHA | roman | ROMAN | digit
    value: tuple[int, ...] | int
    display: str | None
    heading: str | None


def _letter_value(token: str) -> int | None:
    if len(token) == 1 and token.isalpha():
        return ord(token.lower()) - ord("a") + 1
    if len(token) == 2 and token[0] == token[1] and token.isalpha():  # (aa) after (z)
        return 26 + ord(token[0].lower()) - ord("a") + 1
    return None


@functools.lru_cache(maxsize=1024)  # a handful of tokens ("a", "ii", "B") recur thousands of times
def _letter_styles(token: str) -> tuple[tuple[str, int], ...]:
    """Possible (style, value) readings of a bracketed or dotted token, most likely first."""
    if token.isdigit():
        return (("digit", int(token)),)
    upper = token.isupper()
    readings: list[tuple[str, int]] = []
    roman = roman_to_int(token)
    letter = _letter_value(token)
    if roman is not None:
        readings.append(("ROMAN" if upper else "roman", roman))
    if letter is not None:
        readings.append(("ALPHA" if upper else "alpha", letter))
    if len(token) == 1 and token.lower() not in "ivx":
        readings.reverse()  # (c), (d), (l), (m): letters long before they are roman numerals
    return tuple(readings)


def _opens_item(marker: Marker) -> bool:
    """A lettered item starts a clause at a line start, after a sentence, or after a colon when it starts
    with a capital or a quote ("as follows: (a) "Term" means ..."), never inside a running sentence."""
    return marker.hard or marker.sentence or (marker.colon and marker.strong)


def may_open(marker: Marker) -> bool:
    """False for a marker that ``Outline.numbered`` turns down whatever came before it (its own flags
    forbid it), so it need not be offered: a number inside a line that follows no sentence end or is not
    followed by a capital, or a lettered item in the middle of a sentence."""
    if marker.hard or marker.style in ("article", "schedule"):
        return True
    if marker.style == "dec":
        return marker.strong and (marker.sentence or marker.colon or marker.word)
    return _opens_item(marker)


class Outline:
    """Walks markers in document order, keeping the stack of open sections."""

    def __init__(self) -> None:
        self.stack: list[_Entry] = []
        self.last_dec: tuple[int, ...] | None = None
        self.dec_count = 0  # decimal numbers accepted since the last schedule
        self.last_article = 0
        self.pending_heading: str | None = None  # an unnumbered heading line above the current section
        self.boundaries: list[Boundary] = []
        self.operative = False  # a dec, article or schedule boundary was emitted (kept, not searched for)

    # ------------------------------------------------------------------ decisions
    def _dec_ok(self, value: tuple[int, ...], marker: Marker, headed: bool) -> bool:
        last = self.last_dec
        if max(value) > 200 or value[0] == 0:
            return False
        if last is None:
            return value[0] <= 2 or (marker.hard and marker.strong and value[0] <= 20)
        # a number inside a line must be the very next one, unless a heading follows it ("3. PRODUCT: ...")
        skip = _MAX_HARD_SKIP if marker.hard and marker.strong else (2 if headed else 1)
        if marker.word and len(value) < 2:
            return False
        if len(value) == len(last) + 1 and value[:-1] == last and 1 <= value[-1] <= skip:
            return True  # first child (4.1 after 4.), or a near one when the first was lost
        for depth in range(min(len(last), len(value))):
            if depth and value[depth - 1] != last[depth - 1]:
                break  # the numbers part above this depth
            step = value[depth] - last[depth]
            if 1 <= step <= skip and len(value) <= depth + 2 and value[depth + 1:] in ((), (1,)):
                return True  # next sibling at this depth (3.3 after 3.2.1), possibly with its first child
        # a trusted line-start "1." may restart numbering (a new exhibit or part); so may any "1." when only
        # one number was seen before it (a stray table-of-contents or cover-page line)
        restart = value in ((1,), (1, 1)) and marker.strong
        return restart and (marker.hard or self.dec_count == 1)

    def _letter_reading(self, token: str, marker: Marker) -> tuple[str, int] | None:
        readings = _letter_styles(token)
        for style, value in readings:
            for entry in reversed(self.stack):
                if entry.style == style:
                    step = value - entry.value  # type: ignore[operator]
                    limit = _MAX_HARD_SKIP if marker.hard and marker.strong else 1
                    if 1 <= step <= limit:
                        return style, value
                    break
        for style, value in readings:
            if value == 1 and _opens_item(marker) and style not in [e.style for e in self.stack]:
                return style, value
        return None

    # ------------------------------------------------------------------ stack handling
    def _pop_to(self, keep: callable) -> None:  # type: ignore[valid-type]
        while self.stack and not keep(self.stack[-1]):
            self.stack.pop()

    def _inherited_heading(self) -> str | None:
        for entry in reversed(self.stack):
            if entry.heading:
                return entry.heading
        return self.pending_heading

    def _parent_display(self) -> str | None:
        for entry in reversed(self.stack):
            if entry.display:
                return entry.display
        return None

    def _emit(self, marker: Marker, entry: _Entry, kind: str, own_heading: str | None) -> None:
        own_heading = " ".join(own_heading.split()) if own_heading else None
        heading = own_heading or self._inherited_heading()
        entry.heading = own_heading
        self.operative = self.operative or entry.style in ("dec", "article", "schedule")
        self.stack.append(entry)
        if own_heading and len(self.stack) == 1:
            self.pending_heading = None
        self.boundaries.append(Boundary(marker.start, entry.display, heading, len(self.stack) - 1, kind, entry.style))

    # ------------------------------------------------------------------ public steps
    def numbered(self, marker: Marker, own_heading: str | None, kind: str) -> bool:
        """Consider a numbering marker; return True when it was accepted as a clause start."""
        if marker.style == "schedule":
            if not self.operative:
                return False  # "APPENDIX C" / "ATTACHMENT A" above everything else: the filing's title
            self.stack.clear()
            self.last_dec, self.last_article, self.pending_heading, self.dec_count = None, 0, None, 0
            entry = _Entry(style="schedule", value=0, display=str(marker.value), heading=None)
            self._emit(marker, entry, "schedule", own_heading)
            return True
        if marker.style == "article":
            number = marker.value[0]  # type: ignore[index]
            if not (number == self.last_article + 1 or (marker.hard and number > self.last_article)):
                return False
            self.last_article = number
            self.last_dec = (number,)  # "4.1" under ARTICLE IV is its first section
            self._pop_to(lambda e: e.style == "schedule")
            entry = _Entry(style="article", value=number, display=f"Article {marker.raw}", heading=None)
            self._emit(marker, entry, kind, own_heading)
            return True
        if marker.style == "dec":
            value = marker.value  # type: ignore[assignment]
            if not (marker.strong or marker.hard) or not self._dec_ok(value, marker, own_heading is not None):  # type: ignore[arg-type]
                return False
            if not marker.hard and not (marker.strong and (marker.sentence or marker.colon or marker.word)):
                return False
            self.last_dec = value  # type: ignore[assignment]
            self.dec_count += 1
            stack, depth = self.stack, len(value)
            while stack and not (stack[-1].style in ("schedule", "article")  # _pop_to, inlined: the hot path
                                 or stack[-1].style == "dec" and len(stack[-1].value) < depth):  # type: ignore[arg-type]
                stack.pop()
            display = marker.raw.rstrip(".")
            if self.stack and self.stack[0].style == "schedule":  # "Schedule 2 para 1", not a second "1"
                display = f"{self.stack[0].display} para {display}"
            entry = _Entry("dec", value, display, None)
            self._emit(marker, entry, kind, own_heading)
            return True
        reading = self._letter_reading(marker.raw, marker)
        if reading is None or not _opens_item(marker):
            return False
        style, value = reading
        if any(e.style == style for e in self.stack):
            self._pop_to(lambda e: e.style == style)
            self.stack.pop()
        parent = self._parent_display()
        token = f"({marker.raw})"
        entry = _Entry(style=style, value=value, display=f"{parent}{token}" if parent else token, heading=None)
        self._emit(marker, entry, kind, own_heading)
        return True

    def heading_line(self, start: int, text: str) -> None:
        """An unnumbered heading on its own line: a clause of its own, and the heading of what follows."""
        self._pop_to(lambda e: e.style == "schedule")
        text = " ".join(text.split())
        self.pending_heading = text
        self.boundaries.append(Boundary(start=start, number=self._parent_display(), heading=text,
                                        level=len(self.stack), kind="heading"))

    def definition(self, start: int, term: str) -> None:
        """An unnumbered definition paragraph: belongs to the open section, headed by its defined term."""
        self._pop_to(lambda e: e.style in ("schedule", "article", "dec", "heading"))
        self.boundaries.append(Boundary(start=start, number=self._parent_display(), heading=term,
                                        level=len(self.stack), kind="definition"))
