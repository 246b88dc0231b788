"""Where literals occur in a document, found with a few vector operations instead of one text scan each.

The facts readers look up some fifty cue literals per document, each once over the whole lower-cased text;
``str.find`` walks it at about 2 GB/s, which made those scans a quarter of fact extraction. Here the text is
read once as bytes (numpy, which spaCy already loads): one table look-up per offset keeps the offsets whose
two bytes begin some literal looked up before (about a tenth of them), with the four bytes there as one
integer. A literal then is a compare over those few: its first four bytes, then its next four, and so on.
A literal whose first two bytes are new is compared over every offset once, and its bytes join the table
for the documents after.

Only for literals of ASCII characters other than "?" (a character beyond Latin-1 is read as "?", so each
character stays one byte and offsets stay those of the text); ``positions`` answers None for the others,
and callers then scan the text. Without numpy the module is not used.
"""

from __future__ import annotations

import functools
import threading
from bisect import bisect_right
from typing import Any

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with spaCy; without it the index scans texts instead
    np = None  # type: ignore[assignment]

AVAILABLE = np is not None
_PAD = b"\x00\x00\x00"  # so that every offset has four bytes; no literal holds NUL
_FULL = 0xFFFFFFFF
_MANY = 48  # offsets from which sentences_at maps them with numpy rather than one by one
# the two-byte beginnings of the literals looked up so far, as a table over all 65536 pairs; replaced (never
# changed in place) when one is added, so a Grams keeps the one it was built with while threads add others
_STARTS: Any = np.zeros(1 << 16, dtype=bool) if AVAILABLE else None
_STARTS_LOCK = threading.Lock()


class Grams:
    """The bytes of one text, and the offsets (with their four bytes) where a known literal may begin."""

    def __init__(self, text: str) -> None:
        self.text, self.length = text, len(text)
        n = self.length
        self.bytes = a = np.frombuffer(text.encode("latin-1", "replace") + _PAD, dtype=np.uint8)
        self.table = _STARTS
        # little-endian: the first byte is the lowest, so a literal's first two bytes are the pair's low byte
        pairs = a[:n].astype(np.uint16) | (a[1:n + 1].astype(np.uint16) << 8)
        self.pairs = pairs
        self.at = np.flatnonzero(self.table[pairs])
        self.words = self._words(self.at)

    def _words(self, at: Any) -> Any:
        """The four bytes at each of the offsets ``at``, as integers."""
        a = self.bytes
        return (a[at].astype(np.uint32) | (a[at + 1].astype(np.uint32) << 8)
                | (a[at + 2].astype(np.uint32) << 16) | (a[at + 3].astype(np.uint32) << 24))

    def positions(self, literal: str) -> list[int] | None:
        """Sorted offsets where ``literal`` occurs, or None when it is not one this can look up."""
        plan = _plan(literal)
        if plan is None:
            return None
        code, mask, rest = plan
        pair = code & 0xFFFF
        if len(literal) >= 2 and self.table[pair]:
            words = self.words
            keep = (words == code) if mask == _FULL else ((words & mask) == code)
            at = self.at[keep]
        else:  # a beginning not looked up before (or a one-character literal): compare at every offset
            _learn(literal)
            if len(literal) >= 2:
                at = np.flatnonzero(self.pairs == pair)
            else:
                at = np.flatnonzero(self.bytes[:self.length] == code)
            if len(literal) > 2 and len(at):
                words = self._words(at)
                at = at[(words if mask == _FULL else words & mask) == code]
        if not rest:
            return at.tolist()  # type: ignore[no-any-return]
        starts = self.text.startswith  # the rest of the literal, at the few offsets left
        return [p for p in at.tolist() if starts(literal, p)]


def _learn(literal: str) -> None:
    """Add the literal's first two bytes to the table the next documents are read with."""
    global _STARTS
    if len(literal) < 2:
        return
    pair = int.from_bytes(literal[:2].encode("ascii"), "little")
    with _STARTS_LOCK:
        if not _STARTS[pair]:
            table = _STARTS.copy()
            table[pair] = True
            _STARTS = table


@functools.lru_cache(maxsize=4096)
def _plan(literal: str) -> tuple[int, int, bool] | None:
    """The literal's first four bytes as an integer, their mask, and whether it is longer; None if not usable."""
    if not literal or not literal.isascii() or "?" in literal or "\x00" in literal:
        return None
    head = literal[:4].encode("ascii")
    return int.from_bytes(head, "little"), (1 << (8 * len(head))) - 1, len(literal) > 4


def sentences_at(starts: list[int], at: list[int], vector: Any = None) -> list[int]:
    """The distinct sentences (indices into ``starts``, sorted offsets) holding the sorted offsets ``at``.

    ``vector`` returns ``starts`` as a numpy array: many offsets ("agreement", "term") are mapped with it at once.
    """
    if vector is not None and len(at) > _MANY:
        k = np.searchsorted(vector(), at, side="right") - 1
        k = k[np.concatenate(([True], k[1:] != k[:-1]))]
        return k[k >= 0].tolist()  # type: ignore[no-any-return]
    out: list[int] = []
    n = len(starts)
    end = 0  # where the sentence after the last one found starts: offsets below it are in that one still
    for offset in at:
        if offset < end:
            continue
        at_or_before = bisect_right(starts, offset) - 1
        if at_or_before >= 0:  # before the first sentence: only whitespace is there, kept exact anyway
            out.append(at_or_before)
            end = starts[at_or_before + 1] if at_or_before + 1 < n else 1 << 62
    return out
