"""Sentences of a contract: where they end, and which clause heading each one sits under."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar, overload

from clausecheck.engine.language import is_heading
from clausecheck.model import Clause, Document

T = TypeVar("T")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document: offsets into document.text, its text and its clause heading."""

    start: int
    end: int
    text: str
    heading: str = ""


# a full stop after one of these abbreviations ends no sentence (plain words; _not_after escapes them)
ABBREVIATIONS = ("Inc", "Ltd", "Co", "Corp", "No", "Nos", "Sec", "St", "Mr", "Ms", "Mrs", "Dr", "e.g", "i.e", "U.S",
                 "vs", "Art", "p", "pp", "cf", "approx")


def _not_after(words: Sequence[str]) -> str:
    """Lookbehinds refusing a position right after any of ``words`` (plain text) + "." (each a whole word).

    One lookbehind per word length, its words as alternatives (a lookbehind needs a fixed width): the same
    positions as one lookbehind per word, and five tests at each "." instead of twenty-one.
    """
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return "".join(rf"(?<!\b(?:{'|'.join(map(re.escape, group))})\.)" for _, group in sorted(by_length.items()))


_ABBREV = _not_after(ABBREVIATIONS)
# the punctuation test comes first so that most positions fail at once
_BOUNDARY = re.compile(rf"(?<=[.!?;]){_ABBREV}[\"”’)]?\s+(?=[\"“(]?[A-Z0-9(])|(?<=[.!?;][\"”’)])\s+(?=[\"“(]?[A-Z0-9(])"
                       r"|\n[ \t]*\n\s*")


# Where a _BOUNDARY match can start: after sentence punctuation (and a closing quote) before whitespace, or at a
# blank line. Each is found by a literal-led regex (fast) and _BOUNDARY is tried only there; see _boundaries.
_AFTER_STOP = tuple(re.compile(re.escape(p) + r"[\"”’)]?(?=\s)") for p in ".;!?")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of ``_BOUNDARY.finditer(text)``'s matches, about 3x faster.

    Every match starts right after [.!?;] (then an optional closing quote, then whitespace), right after such a
    quote, or at a blank line, and each consumes a whole run of whitespace; so trying ``_BOUNDARY.match`` at those
    candidates, in order and past the previous match, gives finditer's matches (tests/engine/test_facts_speed.py).
    """
    tries: list[int] = []
    for rx, stop in zip(_AFTER_STOP, ".;!?", strict=True):
        if stop in text:
            for c in rx.finditer(text):
                at = c.start()
                tries.append(at + 1)
                if c.end() - at == 2:
                    tries.append(at + 2)
    tries.extend(m.start() for m in _BLANK_LINE.finditer(text))
    tries.sort()
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    match = _BOUNDARY.match
    for at in tries:
        if at >= pos:
            m = match(text, at)
            if m:
                pos = m.end()
                starts.append(at)
                ends.append(pos)
    return starts, ends


class _Lazy(Sequence[T]):
    """A sequence whose i-th item is made by ``_make(i)`` the first time it is read, then kept."""

    def __init__(self, length: int) -> None:
        self._made: list[T | None] = [None] * length

    def __len__(self) -> int:
        return len(self._made)

    def _make(self, i: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._made)))]
        made = self._made[i]
        if made is None:
            made = self._made[i] = self._make(i)
        return made


class SentenceList(_Lazy[Sentence]):
    """The sentences of a document, kept as parallel lists; each Sentence is made the first time it is read.

    ``texts`` is lazy too: most sentences hold no cue of any reader, and their whitespace-collapsed text was
    most of the splitting cost. ``source`` is the document text the offsets point into (SentenceIndex scans it).
    """

    def __init__(self, starts: list[int], ends: list[int], source: str, heads: list[tuple[int, int, str]]) -> None:
        super().__init__(len(starts))
        self.starts, self.ends, self.source = starts, ends, source
        self.texts = _Texts(source, starts, ends)
        self._heads = heads
        self._head_starts = [head[0] for head in heads]

    def heading_of(self, i: int) -> str:
        """``self[i].heading``, without making the Sentence."""
        made = self._made[i]
        if made is not None:
            return made.heading
        start = self.starts[i]
        # the last clause starting at or before the sentence, then the innermost one still covering it
        return _heading_at(self._heads, bisect.bisect_right(self._head_starts, start) - 1, start)

    def _make(self, i: int) -> Sentence:
        return Sentence(self.starts[i], self.ends[i], self.texts[i], self.heading_of(i))


class _Texts(_Lazy[str]):
    """Each sentence's text (its words joined by single spaces), made when first read and kept."""

    def __init__(self, source: str, starts: list[int], ends: list[int]) -> None:
        super().__init__(len(starts))
        self._source, self._starts, self._ends = source, starts, ends

    def _make(self, i: int) -> str:
        return " ".join(self._source[self._starts[i]:self._ends[i]].split())


def sentences(document: Document, clauses: Sequence[Clause] = ()) -> list[Sentence]:
    """Split the document into sentences (and blank-line separated blocks), each tagged with its clause heading."""
    return list(split(document, clauses))


def split(document: Document, clauses: Sequence[Clause] = ()) -> SentenceList:
    """``sentences(document, clauses)`` as a SentenceList (the Sentence objects and texts are made when read)."""
    text = document.text
    gap_starts, gap_ends = _boundaries(text)
    heads = sorted((c.span.start, c.span.end, (c.heading or "").lower()) for c in clauses)
    cuts = _heading_cuts(clauses, gap_starts, gap_ends, len(text))
    # The pieces run from the end of each gap (or the text's start) to the next gap, also cut at every heading
    # end strictly inside them; cuts elsewhere (in a gap, on a piece's edge) cut nothing.
    piece_starts, piece_ends = [0, *gap_ends], [*gap_starts, len(text)]
    if cuts:
        inside = []
        for cut in cuts:
            j = bisect.bisect_right(piece_starts, cut) - 1  # the piece starting at or before the cut
            if j >= 0 and piece_starts[j] < cut < piece_ends[j]:
                inside.append(cut)
        if inside:
            piece_starts = sorted([*piece_starts, *inside])
            piece_ends = sorted([*piece_ends, *inside])
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    for start, end in zip(piece_starts, piece_ends, strict=True):
        if start < end and not text[start].isspace():  # nearly always: a gap takes all the whitespace
            starts.append(start)
            ends.append(end)
        else:  # a sentence starts at its first non-space character; a piece of whitespace only is none
            rest = len(text[start:end].lstrip()) if start < n else 0
            if rest:
                starts.append(end - rest)
                ends.append(end)
    return SentenceList(starts, ends, text, heads)


def _heading_cuts(clauses: Sequence[Clause], gap_starts: list[int], gap_ends: list[int], length: int) -> list[int]:
    """Ends of the bare headings that fall inside a sentence, in order: there they end the sentence.

    A bare heading line ("2. COMMENCEMENT AND DURATION") ends a sentence even without a full stop, so the
    term sentence below it is quoted on its own (DOCX and PDF put a single line break there). A clause end
    in the whitespace between two sentences cuts nothing, so only the others are tested for being a heading.
    """
    cuts = []
    for c in clauses:
        at = c.span.end
        j = bisect.bisect_right(gap_ends, at)  # the sentence text around ``at`` runs from gap_ends[j - 1]
        inside = (gap_ends[j - 1] if j else 0) < at < (gap_starts[j] if j < len(gap_starts) else length)
        if inside and (c.kind == "heading" or is_heading(c.text, c.heading)):
            cuts.append(at)
    return sorted(cuts)


def _heading_at(heads: list[tuple[int, int, str]], h: int, start: int) -> str:
    """Heading of the innermost clause holding ``start``: the latest-starting one that still covers it."""
    for i in range(h, max(-1, h - 8), -1):
        if heads[i][1] > start and heads[i][2]:
            return heads[i][2]
    return ""
