"""Cut the regions between accepted clause starts into clauses: paragraphs, size limits, preamble, page numbers.

The third pass of ``segment``: each region runs from one accepted boundary to the next; it is cut further at
paragraph breaks (and, for walls of text, at sentence ends) so a clause stays a readable unit, continuation
paragraphs stay with their numbered clause up to MERGE_MAX, bare page numbers are left out, and what comes
before the operative clauses becomes preamble.
"""

from __future__ import annotations

import bisect
import re
from operator import attrgetter
from typing import NamedTuple

from clausecheck.segment_headings import defined_term_at, heading_like
from clausecheck.segment_outline import Boundary
from clausecheck.segment_paragraphs import HARD_MAX, limit, paragraphs, trim

MERGE_MAX = 2500  # unnumbered continuation paragraphs stay with their numbered clause up to this size

_SPACE = re.compile(r"\s*")
_START = attrgetter("start")
# a paragraph that is only a page number ("12", "- 12 -", "Page 3 of 9", "Page -5-"): left out of every clause
_PAGE_NUMBER = re.compile(
    r"(?i)[ \t]*[-–—]?[ \t]*(?:page[ \t]*)?[-–—]?[ \t]*\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*[-–—]?[ \t]*"
)
# a character _PAGE_NUMBER can start with (a superset: blanks, dashes, "p"/"P" of "page", any digit, any non-ASCII)
_PAGE_NUMBER_FIRST = frozenset(" \t-–—pP0123456789")
_RECITALS = re.compile(r"(?i)\b(?:recitals?|background|parties|witnesseth|whereas|preamble|premises)\b")

_NUMBER_PREFIX = re.compile(
    r"^[\s#*_]*(?:(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex"
    r"|APPENDIX|Appendix)\s+)?(?:[\dIVXivxA-Z]{1,7}(?:\.\d+)*\.?|\([A-Za-z0-9]{1,4}\))?[\s:.–—-]*"
)
# the same without "^", to match in place at a paragraph's start (it has no lookbehind: pos/endpos = a slice)
_NUMBER_PREFIX_AT = re.compile(_NUMBER_PREFIX.pattern[1:])


class _Piece(NamedTuple):  # immutable; a NamedTuple because one is built for every clause
    start: int
    end: int
    number: str | None
    heading: str | None
    level: int
    kind: str

def pieces(text: str, boundaries: list[Boundary], breaks: list[int]) -> list[_Piece]:
    """Regions between boundaries, cut at paragraph breaks and size limits."""
    pieces: list[_Piece] = []
    size = len(text)
    content_start = _SPACE.match(text).end()
    first_numbered = _operative_start(boundaries, size)
    if not boundaries or boundaries[0].start > content_start:
        head_end = boundaries[0].start if boundaries else size
        preamble = Boundary(start=content_start, number=None, heading=None, level=0, kind="preamble")
        pieces.extend(_region(text, preamble, content_start, head_end, breaks, always_split=True))
    append, extend, count = pieces.append, pieces.extend, len(breaks)
    for i, boundary in enumerate(boundaries):
        start = boundary.start
        end = boundaries[i + 1].start if i + 1 < len(boundaries) else size
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        # most regions are one paragraph short enough to stay whole: _region's answer without its call
        after = bisect.bisect_right(breaks, start)  # the first paragraph break after the region's start
        if end - start <= HARD_MAX and not text[start].isspace() and (after == count or breaks[after] >= end):
            if not _page_number(text, start, end):
                append(_Piece(start, end, boundary.number, boundary.heading, boundary.level, boundary.kind))
            continue
        always = boundary.kind in ("heading", "preamble") or start < first_numbered
        extend(_paragraph_pieces(text, boundary, start, end, breaks, always))
    # pieces are in order: only those before the operative start can turn into preamble
    before = bisect.bisect_left(pieces, first_numbered, key=_START)
    for i in range(before):
        if pieces[i].kind in ("paragraph", "section"):
            pieces[i] = _as_preamble(pieces[i])
    return pieces


def _operative_start(boundaries: list[Boundary], default: int) -> int:
    """Where the operative clauses begin: the first decimal section or article; in a contract numbered
    only "I." / "1)" / "(a)", the first such number that is not a recital or a party."""
    for boundary in boundaries:
        if boundary.style in ("dec", "article", "schedule"):
            return boundary.start
    for boundary in boundaries:
        if boundary.kind == "section" and boundary.level == 0 and not (
                boundary.heading and _RECITALS.search(boundary.heading)):
            return boundary.start
    return default


def _as_preamble(piece: _Piece) -> _Piece:
    """Parties and recitals keep their own "(A)" numbers but are preamble, not operative sections."""
    number = piece.number if piece.kind == "section" else None
    return _Piece(start=piece.start, end=piece.end, number=number, heading=piece.heading, level=piece.level,
                  kind="preamble")


def _region(text: str, boundary: Boundary, start: int, end: int, breaks: list[int], *,
            always_split: bool) -> list[_Piece]:
    """One boundary's region as one or more pieces (trailing whitespace trimmed)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return []
    quick = _one_paragraph(text, boundary, start, end, breaks)
    return quick if quick is not None else _paragraph_pieces(text, boundary, start, end, breaks, always_split)


def _one_paragraph(text: str, boundary: Boundary, start: int, end: int, breaks: list[int]) -> list[_Piece] | None:
    """What _paragraph_pieces gives for a region that is one trimmed paragraph short enough to stay whole
    (most regions): the boundary's own piece, or none for a bare page number; None for any other region."""
    if (end - start > HARD_MAX or text[start].isspace() or text[end - 1].isspace()
            or bisect.bisect_right(breaks, start) != bisect.bisect_left(breaks, end)):
        return None
    if _page_number(text, start, end):
        return []
    return [_Piece(start, end, boundary.number, boundary.heading, boundary.level, boundary.kind)]


def _page_number(text: str, start: int, end: int) -> bool:
    """``_PAGE_NUMBER.fullmatch(text, start, end)``, answered without the regex for most paragraphs: those that
    start with a letter other than "p" ("Page 3"), i.e. with no character the pattern can start with."""
    first = text[start] if start < end else ""
    if first and first.isascii() and first not in _PAGE_NUMBER_FIRST:
        return False
    return _PAGE_NUMBER.fullmatch(text, start, end) is not None


def _paragraph_pieces(text: str, boundary: Boundary, start: int, end: int, breaks: list[int],
                      always_split: bool) -> list[_Piece]:
    """The general case of _region: paragraphs grouped, oversized groups cut, each piece typed."""
    spans = [(s, e) for s, e in paragraphs(text, start, end, breaks) if not _page_number(text, s, e)]
    if not spans:
        return []
    groups = spans if len(spans) == 1 else _groups(text, spans, always_split)  # most regions: one paragraph
    pieces: list[_Piece] = []
    number, heading, level, kind = boundary.number, boundary.heading, boundary.level, boundary.kind
    later_level = level + (1 if kind == "heading" else 0)
    for g, (s, e) in enumerate(groups):
        # paragraphs are trimmed already: only the cuts of an oversized group need it
        chunks = ((s, e),) if e - s <= HARD_MAX else [trim(text, a, b) for a, b in limit(text, s, e)]
        for cs, ce in chunks:
            if cs >= ce:
                continue
            if g == 0 and cs == start:
                pieces.append(_Piece(cs, ce, number, heading, level, kind))
                continue
            term = defined_term_at(text, cs, ce)
            pieces.append(_Piece(cs, ce, number, term or heading, later_level, "definition" if term else "paragraph"))
    return pieces


def _groups(text: str, spans: list[tuple[int, int]], always_split: bool) -> list[tuple[int, int]]:
    """Paragraphs joined while they continue one clause: not after a bare heading, not a definition."""
    groups: list[list[int]] = [[spans[0][0], spans[0][1]]]
    heading_only = _heading_only(text, *spans[0])
    for s, e in spans[1:]:
        current = groups[-1]
        separate = always_split or heading_only or defined_term_at(text, s, e) is not None
        if not separate and e - current[0] <= MERGE_MAX:
            current[1] = e
        else:
            groups.append([s, e])
    return [(s, e) for s, e in groups]


def _heading_only(text: str, start: int, end: int) -> bool:
    """``heading_like(_strip_number(text[start:end]))``; a trimmed paragraph of three lines or more is no
    heading (_strip_number gives ""), told by counting its newlines instead of copying and splitting it."""
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        newlines = text.count("\n", start, end)
        if newlines > 1:
            return False
        if not newlines:  # one line: _strip_number leaves text[rest:end]; is it too long for heading_like?
            rest = _NUMBER_PREFIX_AT.match(text, start, end).end()  # type: ignore[union-attr]
            at = rest + 91
            if at < end and not text[rest].isspace() and not text[at].isspace() and text[at] != ":":
                return False
    return heading_like(_strip_number(text[start:end]))


def _strip_number(paragraph: str) -> str:
    """A short paragraph (number line + heading line at most) without its leading number; "" otherwise."""
    lines = paragraph.strip().split("\n")
    if len(lines) > 2:
        return ""
    return _NUMBER_PREFIX.sub("", " ".join(line.strip() for line in lines), count=1)
