"""Which sentences of a document may hold a cue, found for all sentences at once instead of one by one.

Every fact reader walks the sentences looking for a few cue words; most sentences hold none of them. The
index lower-cases the sentences once, joins them with NUL and answers "which sentences contain this literal"
with one ``str.find`` pass over the document, so a reader visits only its candidate sentences, in order, and
runs its exact regexes there. Like engine.prefilter it may only ever rule sentences out: a sentence it
returns still has to pass the reader's own test, so the facts read are the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from clausecheck.engine import prefilter

if TYPE_CHECKING:
    from clausecheck.engine.facts.text import Sentence

_SEP = "\x00"  # joins the sentences: no literal or cue pattern of the readers contains or consumes it


class SentenceIndex:
    """The lower-cased sentences of one document, joined, with cached look-ups of the sentences holding a literal."""

    def __init__(self, sents: Sequence[Sentence]) -> None:
        self.sents = sents
        texts = [s.text for s in sents]
        joined = _SEP.join(texts)
        # A few characters fold to ASCII only under re.IGNORECASE or change length when lower-cased; a
        # sentence holding one is always a candidate (as _Gated never gates it) and is left out of the scan.
        self.unsafe: list[int] = []
        if prefilter.UNSAFE.search(joined):
            self.unsafe = [i for i, t in enumerate(texts) if prefilter.UNSAFE.search(t)]
            texts = ["" if prefilter.UNSAFE.search(t) else t for t in texts]
            joined = _SEP.join(texts)
        self.joined = joined.lower()
        self.starts: list[int] = []
        at = 0
        for t in texts:
            self.starts.append(at)
            at += len(t) + 1
        self._cache: dict[object, list[int]] = {}

    def lowered(self, i: int) -> str:
        """Sentence ``i`` lower-cased ("" for an unsafe sentence: test it with its regex, never with literals)."""
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.joined)
        return self.joined[start:end]

    def having(self, literal: str) -> list[int]:
        """Indices of the sentences whose lower-cased text contains ``literal`` (unsafe ones not included)."""
        found = self._cache.get(literal)
        if found is None:
            found = []
            find, starts = self.joined.find, self.starts
            last = len(starts) - 1
            at = find(literal)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                found.append(i)
                if i == last:
                    break
                at = find(literal, starts[i + 1])  # the next sentence: one hit per sentence is enough
            self._cache[literal] = found
        return found

    def where(self, gate: prefilter.Literals | None) -> list[int]:
        """Indices, in order, of the sentences where a regex with these required literals may match."""
        if gate is None:
            return list(range(len(self.sents)))
        found = self._cache.get(gate)
        if found is None:
            chosen: set[int] | None = None
            for factor in gate.factors:
                hits = set(self.unsafe)
                for literal in _minimal(factor):
                    hits.update(self.having(literal))
                chosen = hits if chosen is None else chosen & hits
                if not chosen:
                    break
            found = sorted(chosen or ())
            self._cache[gate] = found
        return found

    def any_of(self, *literals: str) -> list[int]:
        """Indices, in order, of the sentences holding at least one of ``literals`` (lower-case), plus unsafe ones."""
        return self.where(prefilter.Literals((literals,)))

    def matching(self, rx: re.Pattern[str]) -> list[int]:
        """Indices, in order, of the sentences where ``rx`` (lower-case, never matching NUL) finds a match."""
        found = self._cache.get(rx)
        if found is None:
            starts = self.starts
            found = sorted({bisect_right(starts, m.start()) - 1 for m in rx.finditer(self.joined)}.union(self.unsafe))
            self._cache[rx] = found
        return found


def _minimal(factor: tuple[str, ...]) -> list[str]:
    """The literals of a factor that contain no other of its literals ("renew" covers "renewal")."""
    return [a for a in factor if not any(b != a and b in a for b in factor)]


def merged(*lists: list[int]) -> list[int]:
    """The sorted union of index lists."""
    return sorted(set().union(*lists))
