"""Split a Document into clauses: numbered sections, headings, definitions, preamble and plain paragraphs.

Regex only (no spaCy), and linear in the text: the 304 CUAD texts (15.5 MB) segment in ~0.8 CPU-s. Hot paths
avoid per-character regex scans and copies of long (flattened) lines; tests/test_segment_fast.py checks each
against the plain computation it replaces. Three passes:
1. ``segment_markers`` finds candidate numbers, heading lines and definitions;
2. ``segment_outline`` keeps the numbers that run in sequence and gives each its full number and heading;
3. here, each clause's region is cut further at paragraph breaks (and, for walls of text, at sentence ends)
   so a clause stays a readable unit: the rule engine judges one clause at a time.
Every clause's text is exactly ``document.text[span.start:span.end]``; clauses are in order and never overlap.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from operator import attrgetter, itemgetter
from typing import NamedTuple

from clausecheck.model import Clause, Document, Span
from clausecheck.segment_markers import (
    Marker,
    defined_term_at,
    find_lines,
    find_markers,
    heading_like,
    inline_heading_at,
    rest_start,
)
from clausecheck.segment_outline import Boundary, Outline, may_open
from clausecheck.segment_paragraphs import HARD_MAX, Line, limit, line_flags, paragraphs, trim

__all__ = ["HARD_MAX", "outline", "split"]

MERGE_MAX = 2500  # unnumbered continuation paragraphs stay with their numbered clause up to this size

_SPACE = re.compile(r"\s*")
_START = attrgetter("start")
_LINE_TEXT = itemgetter(2)
_SENTENCE_PUNCTUATION = tuple('.:;!?"”')
_CLAUSE_END = tuple('.:;,!?"”)')
# a paragraph that is only a page number ("12", "- 12 -", "Page 3 of 9", "Page -5-"): left out of every clause
_PAGE_NUMBER = re.compile(
    r"(?i)[ \t]*[-–—]?[ \t]*(?:page[ \t]*)?[-–—]?[ \t]*\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*[-–—]?[ \t]*"
)
# a character _PAGE_NUMBER can start with (a superset: blanks, dashes, "p"/"P" of "page", any digit, any non-ASCII)
_PAGE_NUMBER_FIRST = frozenset(" \t-–—pP0123456789")
_SCHEDULE_LINE = re.compile(
    r"(?:SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum)"
    r"[ \t]+[A-Z0-9]{1,3}\b[ \t]*(?:[-–—:.][ \t]*\S.{0,80})?$"
)
_RECITALS = re.compile(r"(?i)\b(?:recitals?|background|parties|witnesseth|whereas|preamble|premises)\b")
_TOC_LINE = re.compile(r"[A-Z][^.\n]{0,80}?(?:[ \t]*\.{2,}[ \t]*|[ \t]+)\d{1,3}[ \t]*")
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


def split(document: Document) -> list[Clause]:
    """Split ``document`` into clauses in reading order, each with number, heading, level, kind and span."""
    text = document.text
    lines = find_lines(text)
    paragraph_starts, wrapped = line_flags(text, lines, document.format)
    boundaries = _outline(text, lines, paragraph_starts, wrapped)
    breaks = [line[0] for line, flag in zip(lines[1:], paragraph_starts[1:], strict=True) if flag]
    pieces = _pieces(text, boundaries, breaks)
    page_at = document.page_at  # what document.span does, without a call per clause
    return [
        Clause(index=i, number=number, heading=heading, span=Span(start=start, end=end, page=page_at(start)),
               text=text[start:end], level=level, kind=kind)
        for i, (start, end, number, heading, level, kind) in enumerate(pieces)  # unpacked: no attribute reads
    ]


def outline(text: str, fmt: str = "txt") -> list[Boundary]:
    """Accepted clause starts of ``text`` in order (numbered sections, heading lines, definitions)."""
    lines = find_lines(text)
    return _outline(text, lines, *line_flags(text, lines, fmt))


def _outline(text: str, lines: list[Line], paragraph_starts: list[bool], wrapped: list[bool]) -> list[Boundary]:
    markers = list(filter(may_open, find_markers(text)))
    state = Outline()
    # a line repeated on page after page is a running header left in the text, not a section heading
    counts = Counter(map(_LINE_TEXT, lines))
    furniture = frozenset(line for line, n in counts.items() if n >= 3)
    cursor, consumed_until = 0, -1
    for index, (line_start, line_end, _line) in enumerate(lines):
        in_line: list[Marker] = []
        while cursor < len(markers) and markers[cursor].start < line_end:
            if markers[cursor].start >= line_start:
                in_line.append(markers[cursor])
            cursor += 1
        if line_start <= consumed_until:
            continue  # this line was the heading of a number on the line above
        if in_line and in_line[0].start == line_start:
            first = in_line.pop(0)
            if wrapped[index] or (not first.strong and not paragraph_starts[index]
                                  and not lines[index - 1][2].rstrip().endswith(_CLAUSE_END)):
                # a line inside a sentence ("... the greater of\n(a) the Fees"): not a clause start
                first = first._replace(hard=False, sentence=False)
            accepted, heading_end = _try_marker(state, text, first, lines, index, line_end)
            if accepted:
                consumed_until = heading_end if heading_end is not None else consumed_until
            else:
                _try_line(state, text, lines, index, paragraph_starts, furniture)
        else:
            _try_line(state, text, lines, index, paragraph_starts, furniture)
        for marker in in_line:
            _try_marker(state, text, marker, lines, index, line_end)
    return state.boundaries


def _try_marker(state: Outline, text: str, marker: Marker, lines: list[tuple[int, int, str]], index: int,
                line_end: int) -> tuple[bool, int | None]:
    """Offer one marker to the outline with its heading or defined term; returns (accepted, heading line end)."""
    # the rest of the line is read in place (pos/endpos), never copied: a flattened filing may hold a whole
    # contract on one line, and copying it once per number made segmentation quadratic in the line's length
    rest = rest_start(text, marker.end, line_end)
    if marker.style == "schedule" and not _schedule_ok(state, marker, text, line_end):
        return False, None
    # a table-of-contents line ends in its page number (or blanks after it): test that before the regex
    if (marker.hard and rest < line_end and "A" <= text[rest] <= "Z" and _toc_tail(text[line_end - 1])
            and _TOC_LINE.fullmatch(text, rest, line_end)):
        return False, None  # "2.1. Grant of rights ..... 4": a table-of-contents entry, not the section
    term = defined_term_at(text, rest, line_end)
    if term:
        return state.numbered(marker, term, "definition"), None
    heading_end = None
    heading = inline_heading_at(text, rest, line_end) if rest < line_end else None
    if rest == line_end and marker.hard and index + 1 < len(lines):
        next_start, _next_end, next_line = lines[index + 1]
        if heading_like(next_line) and "\n\n" not in text[line_end:next_start].replace(" ", ""):
            heading, heading_end = next_line.strip().rstrip(":").strip(), next_start
    return state.numbered(marker, heading, "section"), heading_end


def _toc_tail(char: str) -> bool:
    """Can a _TOC_LINE match end with ``char``? Its last character is a digit (``\\d``) or a blank."""
    return char.isdigit() or char in " \t"


def _schedule_ok(state: Outline, marker: Marker, text: str, line_end: int) -> bool:
    """A schedule title stands alone ("SCHEDULE A - ORDER FORM"), unlike "Exhibit A attached hereto sets ...".

    It follows the end of a sentence or paragraph (a wrapped line "...set out in\nExhibit C. The ..." does
    not); "Exhibit 10.1" before any numbered section is the filing's exhibit label, not a schedule.
    """
    if "." in marker.raw and (
            state.last_dec is None and state.last_article == 0 or int(marker.raw.split(".")[0]) >= 10):
        return False  # "Exhibit 10.39": a filing's exhibit label, not a schedule of the contract
    if _next_or_previous_line_is_schedule(text, marker.start, line_end):
        return False  # a list of schedules ("Exhibit B: Security", "Exhibit C: Change Plan", ...)
    window = max(0, marker.start - 2000)
    gap_start = window + len(text[window:marker.start].rstrip())
    ends_block = gap_start == 0 or text.count("\n", gap_start, marker.start) >= 2
    if not ends_block and text[gap_start - 1] not in ".:;)\"”’*_0123456789":
        return False
    rest = text[marker.end:line_end].strip().lstrip("-–—:.").strip()
    if not rest:
        return True
    return heading_like(re.split(r"[ \t]{2,}", rest, maxsplit=1)[0])


def _next_or_previous_line_is_schedule(text: str, start: int, line_end: int) -> bool:
    previous_end = len(text[max(0, start - 400):start].rstrip()) + max(0, start - 400)
    previous = text[text.rfind("\n", 0, previous_end) + 1:previous_end].strip()
    following = text[line_end:line_end + 400].lstrip()
    following = following[:following.find("\n")] if "\n" in following else following
    return bool(_SCHEDULE_LINE.match(previous) or _SCHEDULE_LINE.match(following))


def _try_line(state: Outline, text: str, lines: list[Line], index: int, paragraph_starts: list[bool],
              furniture: frozenset[str]) -> None:
    """An unnumbered line: a definition paragraph or a heading on its own line, or nothing special."""
    start, end, line = lines[index]
    starts_paragraph = paragraph_starts[index]
    if not starts_paragraph and index and not lines[index - 1][2].rstrip().endswith(_SENTENCE_PUNCTUATION):
        return  # a wrapped line in the middle of a paragraph
    term = defined_term_at(text, start, end)  # the line, read in place
    if term:
        state.definition(start, term)
        return
    if not starts_paragraph or index + 1 == len(lines) or lines[index + 1][2][0].islower():
        return  # a heading stands alone and is followed by something that does not continue it
    if _long_line(line):
        return  # most lines: far too long for a heading, told without the copies below
    title = _title(line)  # Markdown "## Term" / "**Term**"
    if heading_like(title) and line not in furniture:
        state.heading_line(start, title.rstrip(":").strip())


def _title(line: str) -> str:
    """A line as a heading candidate: Markdown "#" and "*"/"_" emphasis and surrounding blanks removed."""
    return line.lstrip("#").strip().strip("*_").strip()


def _long_line(line: str) -> bool:
    """True when ``heading_like(_title(line))`` is surely False because the title is too long.

    A line that opens with neither a blank nor "#*_" loses only a tail of blanks, "*" and "_" to _title, so
    when its character 91 is none of those (nor ":"), the title keeps it, and heading_like refuses a title
    whose character 91 is not blank or ":".
    """
    return (len(line) > 91 and not line[0].isspace() and line[0] not in "#*_" and not line[91].isspace()
            and line[91] not in ":*_")


def _pieces(text: str, boundaries: list[Boundary], breaks: list[int]) -> list[_Piece]:
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
