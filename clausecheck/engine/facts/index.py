"""Which sentences of a document may hold a cue, found for all sentences at once instead of one by one.

Every fact reader walks the sentences looking for a few cue words; most sentences hold none of them. The
index answers "which sentences contain this literal" for all sentences at once, so a reader visits only its
candidate sentences, in order, and runs its exact regexes there. Over a SentenceList (the document's own
sentences) it reads the lower-cased document itself, each sentence from its start to the next one's, and
finds literals with facts.grams; over other sentences (a list) it joins their lower-cased texts with NUL and
scans that with ``str.find``. Like engine.prefilter it may only ever rule sentences out: a sentence it
returns still has to pass the reader's own test, so the facts read are the same.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from clausecheck import quantities as qty
from clausecheck.engine import prefilter
from clausecheck.engine.facts import grams

if TYPE_CHECKING:
    from clausecheck.engine.facts.splitter import Sentence

_PER_SENTENCE = 500  # a bounded find in one sentence costs about as much as scanning this many characters
_SEP = "\x00"  # joins the sentences: no literal or cue pattern of the readers contains or consumes it


class SentenceIndex:
    """The lower-cased sentences of one document, joined, with cached look-ups of the sentences holding a literal."""

    def __init__(self, sents: Sequence[Sentence], *, exact: bool = False) -> None:
        self.sents = sents
        self.ids = list(range(len(sents)))
        all_texts = getattr(sents, "texts", None)  # a SentenceList's, without making its Sentence objects
        # every sentence's text by index: readers test texts and make a Sentence only for the one they keep
        self.texts: Sequence[str] = [s.text for s in sents] if all_texts is None else all_texts
        self._cache: dict[object, Any] = {}
        self._hits: dict[str, list[int]] = {}  # literal -> its having() answer, for narrower look-ups
        self.unsafe: list[int] = []
        self.starts: list[int]  # where each sentence starts in ``joined``
        source = getattr(sents, "source", None)  # a SentenceList's document text
        if not exact and source is not None and prefilter.foldable(source) and \
                not _cut_in_a_word(source, sents.starts):  # type: ignore[attr-defined]
            self._raw(sents, source)
        else:
            self._joined(list(self.texts))

    def _raw(self, sents: Sequence[Sentence], source: str) -> None:
        """Scan the lower-cased document itself, each sentence from its start to the next one's.

        Collapsing whitespace changes no run of other characters, and a sentence's span holds all of its words;
        between two sentences lie only whitespace and at most one closing quote (splitter._BOUNDARY). So a
        literal without whitespace or quotes is in a sentence's text iff it is in that stretch of the document
        (``_plain``): the texts of the sentences no cue names are never made, nor joined.
        """
        self.joined = source.lower()  # the same length: the text is foldable
        self.starts = list(sents.starts)  # type: ignore[attr-defined]
        self.raw = True
        self._grams: grams.Grams | None = None  # made at the first scan

    def _joined(self, texts: list[str]) -> None:
        """Scan the lower-cased texts of the sentences, joined with NUL."""
        self.raw = False
        joined = _SEP.join(texts)
        # A few characters fold to ASCII only under re.IGNORECASE or change length when lower-cased; a
        # sentence holding one is always a candidate (as _Gated never gates it) and is left out of the scan.
        if not prefilter.foldable(joined):
            self.unsafe = [i for i, t in zip(self.ids, texts, strict=True) if not prefilter.foldable(t)]
            texts = [t if prefilter.foldable(t) else "" for t in texts]
            joined = _SEP.join(texts)
        self.joined = joined.lower()
        if len(self.joined) != len(joined):  # never for safe text; kept exact anyway: offsets of the lowered parts
            texts = [t.lower() for t in texts]
            self.joined = _SEP.join(texts)
        self.starts = []
        at = 0
        for t in texts:
            self.starts.append(at)
            at += len(t) + 1

    def _exact(self) -> SentenceIndex:
        """This index scanning the joined sentence texts: for what the document itself may not answer exactly."""
        return self.memo(_exact_key, lambda: SentenceIndex(self.sents, exact=True))

    def memo(self, key: object, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per index and key (for look-ups built from this index's own)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def having(self, literal: str) -> list[int]:
        """Indices of the sentences whose lower-cased text contains ``literal`` (unsafe ones not included)."""
        found = self._hits.get(literal)
        if found is None and self.raw and not _plain(literal):
            found = self._hits[literal] = self._exact().having(literal)
        if found is None:
            # A sentence holding the literal holds each of its substrings: when one of those is already looked
            # up and rare, only its sentences are searched, not the whole document again.
            base = min((self._hits[part] for part in _parts(literal) if part in self._hits), key=len, default=None)
            found = self._within(literal, base) if base is not None and self._few(base) else self._scan(literal)
            self._hits[literal] = found
        return found

    def _costly(self, literal: str) -> bool:
        """Whether ``having(literal)`` would scan the whole document (it is not known, nor any rare part of it)."""
        hits = self._hits
        if literal in hits:
            return False
        for part in _parts(literal):
            if part in hits and self._few(hits[part]):
                return False
        return True

    def _few(self, ids: Collection[int]) -> bool:
        """Whether searching these sentences one by one is cheaper than one scan of the whole document."""
        return len(ids) * _PER_SENTENCE < len(self.joined)

    def _within(self, literal: str, ids: Sequence[int]) -> list[int]:
        """The sentences of ``ids`` (safe ones, in order) whose lower-cased text contains ``literal``."""
        find, starts, n = self.joined.find, self.starts, len(self.starts)
        out = []
        for i in ids:
            if find(literal, starts[i], starts[i + 1] if i + 1 < n else len(self.joined)) >= 0:
                out.append(i)
        return out

    def _scan(self, literal: str) -> list[int]:
        """``having(literal)`` by one pass over the document (one hit per sentence is enough)."""
        if self.raw and grams.AVAILABLE:  # the document's four-byte words: a few compares, not a scan
            if self._grams is None:
                self._grams = grams.Grams(self.joined)
            offsets = self._grams.positions(literal)
            if offsets is not None:
                return grams.sentences_at(self.starts, offsets, self._starts_vector)
        found: list[int] = []
        find, starts, ids = self.joined.find, self.starts, self.ids
        last = len(starts) - 1
        at = find(literal)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            found.append(ids[k])
            if k == last:
                break
            at = find(literal, starts[k + 1])  # the next sentence
        return found

    def _starts_vector(self) -> Any:
        """The sentence starts as a numpy array (made once)."""
        return self.memo(_vector_key, lambda: grams.np.array(self.starts))

    def where(self, gate: prefilter.Literals | None, shortest: int = 3) -> list[int]:
        """Indices, in order, of the sentences where a regex with these required literals may match.

        A factor with a literal shorter than ``shortest`` ("of", "to": in nearly every sentence) is not looked up:
        its scan would rule out nothing.
        """
        if gate is None:
            return self.ids
        found = self._cache.get((gate, shortest))
        if found is None:
            chosen: set[int] | None = None
            factors = [f for f in map(_minimal, gate.factors) if min(map(len, f)) >= shortest]
            # the factor with the fewest literals not looked up yet goes first: the others are then only
            # looked for in its sentences (the intersection is the same in any order)
            if len(factors) > 1:
                factors.sort(key=lambda f: sum(map(self._costly, f)))
            for literals in factors:
                if chosen is None or all(lit in self._hits for lit in literals) or not self._few(chosen):
                    hits = set(self.unsafe)
                    for literal in literals:
                        hits.update(self.having(literal))
                    chosen = hits if chosen is None else chosen & hits
                else:  # few sentences left: look for this factor in them only
                    safe = sorted(chosen.difference(self.unsafe))
                    chosen = set(self.unsafe).intersection(chosen)
                    for literal in literals:
                        chosen.update(self._within(literal, safe) if not self.raw or _plain(literal)
                                      else sorted(set(self.having(literal)).intersection(safe)))
                if not chosen:
                    break
            found = self.ids if chosen is None else sorted(chosen)
            self._cache[gate, shortest] = found
        return found

    def any_of(self, *literals: str) -> list[int]:
        """Indices, in order, of the sentences holding at least one of ``literals`` (lower-case), plus unsafe ones."""
        return self.where(prefilter.Literals((literals,)), shortest=1)

    def iter_matching(self, rx: re.Pattern[str]) -> Iterator[int]:
        """``matching(rx)``, scanning only as far as the caller reads (a reader that stops early saves the rest)."""
        if self.unsafe or rx in self._cache or self.raw and rx not in _RAW_SAFE:
            yield from self.matching(rx)
            return
        starts, ids, last = self.starts, self.ids, -1
        for m in rx.finditer(self.joined):
            k = bisect_right(starts, m.start()) - 1
            if k != last:
                last = k
                yield ids[k]

    def matching(self, rx: re.Pattern[str]) -> list[int]:
        """Indices, in order, of the sentences where ``rx`` (lower-case, never matching NUL) finds a match."""
        found = self._cache.get(rx)
        if found is None and self.raw and rx not in _RAW_SAFE:
            found = self._cache[rx] = self._exact().matching(rx)
        if found is None:
            starts, ids = self.starts, self.ids
            hits = {ids[bisect_right(starts, m.start()) - 1] for m in rx.finditer(self.joined)}
            found = sorted(hits.union(self.unsafe))
            self._cache[rx] = found
        return found


_QUOTES = frozenset("\"”’)")  # a closing quote may sit between two sentences (splitter._BOUNDARY)
_exact_key, _vector_key = object(), object()
# regexes a raw index runs on the document itself: their matches hold no whitespace and no closing quote
_RAW_SAFE = frozenset({qty.DATE_HINT})


def _cut_in_a_word(source: str, starts: Sequence[int]) -> bool:
    """Whether a sentence starts right after a character that is neither blank nor a closing quote: a heading
    cut inside a run of characters ("TERM 1|2345"), where a match in the document could run from one sentence
    into the next and hide the next one's own, or a ``\\b`` differ from the sentence text's (then the raw
    index's promise, "between two sentences only whitespace and at most one closing quote", would not hold)."""
    return any(k and not source[k - 1].isspace() and source[k - 1] not in _QUOTES for k in starts)


def _plain(literal: str) -> bool:
    """Whether ``literal`` holds neither whitespace nor a closing quote: then a raw index finds it exactly."""
    return literal.split() == [literal] and _QUOTES.isdisjoint(literal)


# every literal looked up so far (in any index) -> the others it contains, kept as literals are first seen
_PARTS: dict[str, list[str]] = {}
# Threads reviewing at once add literals while others read: adding iterates the dict, so it is serialised. A
# reader may see a list without its newest entry; parts only narrow a search, so that changes no result.
_PARTS_LOCK = threading.Lock()


def _parts(literal: str) -> list[str]:
    """The literals seen so far that occur inside ``literal`` ("term" in "terminated")."""
    parts = _PARTS.get(literal)
    if parts is None:
        with _PARTS_LOCK:
            parts = _PARTS.get(literal)
            if parts is None:
                parts = [known for known in _PARTS if known in literal]
                for known, inside in _PARTS.items():
                    if literal in known and known != literal:
                        inside.append(literal)
                _PARTS[literal] = parts
    return parts


@functools.lru_cache(maxsize=1024)
def _minimal(factor: tuple[str, ...]) -> list[str]:
    """The literals of a factor that contain no other of its literals ("renew" covers "renewal")."""
    return [a for a in factor if not any(b != a and b in a for b in factor)]


def merged(*lists: list[int]) -> list[int]:
    """The sorted union of index lists."""
    return sorted(set().union(*lists))
