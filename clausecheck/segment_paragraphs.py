"""Where paragraphs begin, whatever the format wrote for a paragraph break.

Word paragraphs arrive one per line; plain-text files mostly separate paragraphs with blank lines, though some
put one paragraph per (long) line; PDF text is wrapped at the page width with no blank lines at all, so a
paragraph ends where a line ends a sentence well short of the right margin, or a line is short (a heading).
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics

from clausecheck.segment_headings import heading_like

HARD_MAX = 4000  # no clause longer than this when the text offers any place to cut
TARGET = 2000  # size aimed at when a wall of text has to be cut
_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.;:!?])|(?<=[.;:!?][\"'”’)\]]))\s+(?=[\"“(\[]?[A-Z0-9])")
_WHITESPACE = re.compile(r"\s+")

Line = tuple[int, int, str]  # (start, end, text) of a non-blank line, indentation stripped

_SENTENCE_END = tuple('.:;!?"”)')
_CLAUSE_END = tuple('.:;,!?"”)')


def layout(text: str, lines: list[Line], fmt: str) -> str:
    """How this document marks paragraphs: "line" (one per line), "blank" (blank lines) or "wrapped"."""
    return _layout(lines, fmt, _blanks(text, lines))


def _layout(lines: list[Line], fmt: str, blank: list[bool]) -> str:
    if fmt == "docx":
        return "line"
    if fmt == "pdf" or not lines:
        return "wrapped"
    if sum(blank) >= 0.3 * len(lines):
        return "blank"
    if statistics.median(end - start for start, end, _ in lines) > 200:
        return "line"
    return "wrapped"


def _blanks(text: str, lines: list[Line]) -> list[bool]:
    """For each line: is there a blank line above it?"""
    return [False] + [text.count("\n", lines[i - 1][1], lines[i][0]) >= 2 for i in range(1, len(lines))]


def starts(text: str, lines: list[Line], fmt: str) -> list[bool]:
    """For each line: does a new paragraph begin there?"""
    return line_flags(text, lines, fmt)[0]


def continuations(text: str, lines: list[Line], fmt: str) -> list[bool]:
    """For each line: is it the wrapped continuation of a sentence on the line above?

    True when the line above reaches the right margin without ending a clause, so a "(a)" or "4.2" at the
    start of this line sits inside that sentence ("... the greater of\n(a) the Fees ...").
    """
    return line_flags(text, lines, fmt)[1]


def line_flags(text: str, lines: list[Line], fmt: str) -> tuple[list[bool], list[bool]]:
    """``starts`` and ``continuations`` at once: they share the layout, the width and each line's tests."""
    count = len(lines)
    blank = _blanks(text, lines)
    mode = _layout(lines, fmt, blank)
    paragraph, wrapped = [True] * count, [False] * count
    if mode == "line" or not lines:
        return paragraph, wrapped
    lengths = sorted(end - start for start, end, _ in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    for i in range(1, count):
        if blank[i]:
            continue
        previous = lines[i - 1][2].rstrip()
        wrapped[i] = (len(previous) >= 0.7 * width and not previous.endswith(_CLAUSE_END)
                      and not heading_like(previous))
        if mode == "blank":
            paragraph[i] = False
            continue
        short = len(previous) < 0.5 * width
        ends_sentence = previous.endswith(_SENTENCE_END) and (
            len(previous) < 0.85 * width or heading_like(lines[i][2]))  # "... receipt.\nGOVERNING LAW"
        if short and not ends_sentence and len(lines[i][2].rstrip()) < 0.5 * width:
            paragraph[i] = False  # a run of short lines is one block: a signature, an address, a table row
            continue
        paragraph[i] = short or ends_sentence
    return paragraph, wrapped


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude surrounding whitespace (any Unicode space, e.g. U+2028)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, start: int, end: int, breaks: list[int]) -> list[tuple[int, int]]:
    """[start, end) cut where paragraphs begin, each piece trimmed of surrounding whitespace."""
    low, high = bisect.bisect_right(breaks, start), bisect.bisect_left(breaks, end)
    if low == high:  # one paragraph, the common case (trim inlined)
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return [(a, b) if a < b else (start, end)]
    cuts = [start] + breaks[low:high] + [end]
    spans = [trim(text, a, b) for a, b in itertools.pairwise(cuts)]
    return [(a, b) for a, b in spans if a < b] or [(start, end)]


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """[start, end) cut at every match of ``pattern``; separators left out."""
    spans, cursor = [], start
    for match in pattern.finditer(text, start, end):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans or [(start, end)]


def limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than HARD_MAX at line breaks, then sentence ends, then spaces, into ~TARGET chunks."""
    if end - start <= HARD_MAX:
        return [(start, end)]
    for pattern in (_LINE_BREAK, _SENTENCE_BREAK, _WHITESPACE):
        chunks = _greedy(text, start, end, pattern)
        if len(chunks) > 1:
            return [c for s, e in chunks for c in limit(text, s, e)]
    return [(s, min(s + TARGET, end)) for s in range(start, end, TARGET)]  # one endless token: cut anyway


def _greedy(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Join pieces cut at ``pattern`` back together while they stay under TARGET characters."""
    pieces = _cut(text, start, end, pattern)
    chunks: list[tuple[int, int]] = []
    for s, e in pieces:
        if chunks and e - chunks[-1][0] <= TARGET:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((s, e))
    return chunks
