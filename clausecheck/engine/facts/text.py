"""Sentences of a contract and the helpers every fact reader shares: gated cues, notice periods, party roles."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload
from datetime import date

from clausecheck import quantities as qty
from clausecheck.engine import prefilter
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.language import is_heading
from clausecheck.model import Clause, Document
from clausecheck.quantities import Quantity

I = re.IGNORECASE

class _Gated:
    """A cue regex run only where the literals that every match needs occur: same answers, far fewer scans."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx, self.gate = rx, prefilter.literals(rx.pattern)
        # the gate's factors, each reduced to the literals that contain no other of its literals
        self._factors = tuple(tuple(a for a in f if not any(b != a and b in a for b in f)) for f in self.gate.factors) if self.gate else ()
        self._branches: list[_Gated] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """``rx.search(text)``, skipped when it cannot match (engine.prefilter.literals)."""
        lowered = _lowered(text)
        if self.gate is not None and lowered is not None and not self.gate.may_match(lowered):
            return None
        return self.rx.search(text)

    def may(self, lowered: str | None) -> bool:
        """False when the lower-cased text (None: unsafe, see _lowered) lacks literals every match needs."""
        if lowered is None:
            return True
        for factor in self._factors:  # plain loops: this runs per sentence and cue
            for literal in factor:
                if literal in lowered:
                    break
            else:
                return False
        return True

    def found(self, text: str, lowered: str | None | bool = False) -> bool:
        """``bool(rx.search(text))``: whether any top-level branch matches, each gated on its own literals.

        The gate of the whole pattern keeps only the best literal of each branch; a branch alone requires all
        of its own, so most branches are skipped without running a regex. ``lowered`` is ``_lowered(text)``
        when the caller has it.
        """
        if lowered is False:
            lowered = _lowered(text)
        for branch in self._split():
            if branch.may(lowered) and branch.rx.search(text):  # type: ignore[arg-type]
                return True
        return False

    def found_at(self, index: SentenceIndex, i: int) -> bool:
        """``found(index.sents[i].text)``, each branch's literals looked up in ``index`` for all sentences at once.

        Cheaper than ``found`` where the index has already scanned for those literals (a reader's own cue).
        """
        sets = index.memo(self, lambda: [(b.rx, set(b.candidates(index))) for b in self._split()])
        text = index.sents[i].text
        for rx, may in sets:
            if i in may and rx.search(text):
                return True
        return False

    def _split(self) -> list[_Gated]:
        """The top-level branches of the regex, each gated on its own literals (itself when it has one)."""
        if self._branches is None:
            parts = _top_branches(self.rx.pattern)
            self._branches = [self] if len(parts) < 2 else [_Gated(re.compile(p, self.rx.flags)) for p in parts]
        return self._branches

    def candidates(self, index: SentenceIndex) -> list[int]:
        """Indices, in order, of the sentences of ``index`` where the regex may match (run it there)."""
        return index.where(self.gate)


def _top_branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regex ("a|b(c|d)" -> ["a", "b(c|d)"]); one item when it has none.

    A pattern matches somewhere iff one of its alternatives does, unless they share a backreference (none of
    the cue patterns use one; such a pattern is kept whole).
    """
    if re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]+\)", pattern):
        return [pattern]
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # "[]...]" and "[^]...]": a leading "]" is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@functools.lru_cache(maxsize=4096)
def _lowered(text: str) -> str | None:
    """The lower-cased sentence, shared by every cue; None when case-folding defeats literal tests."""
    return None if not text.isascii() and prefilter.UNSAFE.search(text) else text.lower()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document: offsets into document.text, its text and its clause heading."""

    start: int
    end: int
    text: str
    heading: str = ""


_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in ("Inc", "Ltd", "Co", "Corp", "No", "Nos", "Sec", "St", "Mr", "Ms", "Mrs", "Dr", "e.g", "i.e", "U.S", "vs", "Art", "p", "pp", "cf", "approx"))
# the punctuation test comes first so that most positions fail at once
_BOUNDARY = re.compile(rf"(?<=[.!?;]){_ABBREV}[\"”’)]?\s+(?=[\"“(]?[A-Z0-9(])|(?<=[.!?;][\"”’)])\s+(?=[\"“(]?[A-Z0-9(])|\n[ \t]*\n\s*")


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
    for rx, stop in zip(_AFTER_STOP, ".;!?"):
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


class SentenceList(Sequence[Sentence]):
    """The sentences of a document, kept as parallel lists; each Sentence is made the first time it is read."""

    def __init__(self, starts: list[int], ends: list[int], texts: list[str], clause_at: list[int],
                 heads: list[tuple[int, int, str]]) -> None:
        self.starts, self.ends, self.texts = starts, ends, texts
        self._clause_at, self._heads = clause_at, heads  # the last clause starting at or before each sentence
        self._made: list[Sentence | None] = [None] * len(texts)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.texts)))]
        made = self._made[i]
        if made is None:
            start = self.starts[i]
            made = self._made[i] = Sentence(start, self.ends[i], self.texts[i], _heading_at(self._heads, self._clause_at[i], start))
        return made


def sentences(document: Document, clauses: Sequence[Clause] = ()) -> list[Sentence]:
    """Split the document into sentences (and blank-line separated blocks), each tagged with its clause heading."""
    return list(split(document, clauses))


def split(document: Document, clauses: Sequence[Clause] = ()) -> SentenceList:
    """``sentences(document, clauses)`` as a SentenceList (the Sentence objects are made when read)."""
    text = document.text
    gap_starts, gap_ends = _boundaries(text)
    heads = sorted((c.span.start, c.span.end, (c.heading or "").lower()) for c in clauses)
    cuts = _heading_cuts(clauses, gap_starts, gap_ends, len(text))
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    clause_at: list[int] = []
    pos = 0
    h = -1  # the last clause starting at or before the sentence
    k = 0  # the first cut after pos
    ncuts, nheads = len(cuts), len(heads)
    for end, after in zip([*gap_starts, len(text)], [*gap_ends, len(text)]):
        while k < ncuts and cuts[k] <= pos:
            k += 1
        pieces = [(pos, end)] if k == ncuts or cuts[k] >= end else _split_at(pos, end, cuts)
        for piece_start, piece_end in pieces:
            chunk = text[piece_start:piece_end]
            words = chunk.split()
            if words:  # str.split and str.strip agree on what is whitespace
                start = piece_start + len(chunk) - len(chunk.lstrip())
                while h + 1 < nheads and heads[h + 1][0] <= start:
                    h += 1
                starts.append(start)
                ends.append(piece_end)
                texts.append(" ".join(words))
                clause_at.append(h)
        pos = after
    return SentenceList(starts, ends, texts, clause_at, heads)


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


def _split_at(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """[start, end) cut at every offset of ``cuts`` strictly inside it."""
    pieces = []
    for cut in cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]:
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _heading_at(heads: list[tuple[int, int, str]], h: int, start: int) -> str:
    """Heading of the innermost clause holding ``start``: the latest-starting one that still covers it."""
    for i in range(h, max(-1, h - 8), -1):
        if heads[i][1] > start and heads[i][2]:
            return heads[i][2]
    return ""


# ---------------------------------------------------------------- duration helpers
_NOTICE_BEFORE = re.compile(r"(?:notice|notif\w*|within|prior|written|upon|by\s+giving|later\s+than|less\s+than|least|minimum\s+of|after\s+(?:receipt|the\s+date))[\s\w,()]{0,20}$", I)
_NOTICE_AFTER = re.compile(r"^\W{0,3}\s*(?:'s\s+|’s\s+|s'\s+|s’\s+)?(?:prior|advance|written|notice|in\s+advance|before|notification|of\s+(?:notice|the\s+receipt))", I)


def _is_notice(text: str, q: Quantity) -> bool:
    """True when a duration reads as a notice period ("at least ninety (90) days prior to", "30 days' notice")."""
    return bool(_NOTICE_BEFORE.search(text[max(0, q.start - 40):q.start]) or _NOTICE_AFTER.match(text[q.end:q.end + 30]))


def _durations(text: str) -> list[Quantity]:
    return [q for q in qty.find_quantities(text) if q.kind == "duration"]


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


def _notice_days(text: str, *, strict: bool = False) -> int | None:
    """The first notice period in ``text``; ``strict`` drops cure and response windows ("within 60 days after")."""
    for q in _durations(text):
        if strict and (re.search(r"\bwithin\s+(?:a\s+period\s+of\s+)?$", text[max(0, q.start - 25):q.start], I)
                       or re.match(r"\W*\s*(?:after|following|from|of\s+(?:the\s+)?receipt)\b", text[q.end:q.end + 20], I)):
            continue
        if _is_notice(text, q):
            return qty.to_days(q)
    return None


_GENERIC_ROLES = {"customer": "customer", "client": "customer", "licensee": "customer", "buyer": "customer",
                  "subscriber": "customer", "you": "customer", "provider": "provider", "vendor": "provider",
                  "supplier": "provider", "licensor": "provider", "we": "provider", "seller": "provider"}


def _role_before(text: str, pos: int, roles: dict[str, str]) -> str | None:
    """Role of the party named closest before ``pos`` ("Customer may ...", "either Party may ...")."""
    window = text[max(0, pos - 80):pos]
    low = window.lower()
    best: tuple[int, str] | None = None
    for m in re.finditer(r"\b(?:either|each|any)\s+(?:party|of\s+the\s+parties)\b|\bboth\s+parties\b|\bthe\s+parties\b", low):
        best = (m.end(), "either")
    for name, role in [*roles.items(), *_GENERIC_ROLES.items()]:
        for m in re.finditer(rf"\b{re.escape(name)}\b", low):
            if best is None or m.end() > best[0]:
                best = (m.end(), role if role in ("customer", "provider") else "other")
    return best[1] if best else None

