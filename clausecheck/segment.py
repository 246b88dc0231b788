"""Split a Document into clauses: numbered sections, headings, definitions, preamble and plain paragraphs.

Regex only (no spaCy), and linear in the text: the 304 CUAD texts (15.5 MB) segment in ~0.8 CPU-s. Hot paths
avoid per-character regex scans and copies of long (flattened) lines; tests/test_segment_fast.py checks each
against the plain computation it replaces. Three passes:
1. ``segment_markers`` finds candidate numbers and lines, ``segment_headings`` reads headings and definitions;
2. ``segment_outline`` keeps the numbers that run in sequence and gives each its full number and heading;
3. ``segment_pieces`` cuts each clause's region further at paragraph breaks (and, for walls of text, at
   sentence ends) so a clause stays a readable unit: the rule engine judges one clause at a time.
Every clause's text is exactly ``document.text[span.start:span.end]``; clauses are in order and never overlap.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter

from clausecheck.model import Clause, Document, Span
from clausecheck.segment_headings import defined_term_at, heading_like, inline_heading_at
from clausecheck.segment_markers import Marker, find_lines, find_markers, rest_start
from clausecheck.segment_outline import Boundary, Outline, may_open
from clausecheck.segment_paragraphs import HARD_MAX, Line, line_flags
from clausecheck.segment_pieces import pieces

__all__ = ["HARD_MAX", "outline", "split"]

_LINE_TEXT = itemgetter(2)
_SENTENCE_PUNCTUATION = tuple('.:;!?"”')
_CLAUSE_END = tuple('.:;,!?"”)')
_SCHEDULE_LINE = re.compile(
    r"(?:SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum)"
    r"[ \t]+[A-Z0-9]{1,3}\b[ \t]*(?:[-–—:.][ \t]*\S.{0,80})?$"
)
_TOC_LINE = re.compile(r"[A-Z][^.\n]{0,80}?(?:[ \t]*\.{2,}[ \t]*|[ \t]+)\d{1,3}[ \t]*")


def split(document: Document) -> list[Clause]:
    """Split ``document`` into clauses in reading order, each with number, heading, level, kind and span."""
    text = document.text
    lines = find_lines(text)
    paragraph_starts, wrapped = line_flags(text, lines, document.format)
    boundaries = _outline(text, lines, paragraph_starts, wrapped)
    breaks = [line[0] for line, flag in zip(lines[1:], paragraph_starts[1:], strict=True) if flag]
    cut = pieces(text, boundaries, breaks)
    page_at = document.page_at  # what document.span does, without a call per clause
    return [
        Clause(index=i, number=number, heading=heading, span=Span(start=start, end=end, page=page_at(start)),
               text=text[start:end], level=level, kind=kind)
        for i, (start, end, number, heading, level, kind) in enumerate(cut)  # unpacked: no attribute reads
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


