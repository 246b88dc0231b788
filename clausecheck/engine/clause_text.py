"""A clause prepared once for every rule: its text, lower-cased form, gate words; and a pattern hit inside it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from clausecheck.engine.prefilter import Literals, foldable, trie

WORD = re.compile(r"[a-z0-9]+")
STEM = 5
# The same words as WORD, captured only up to their gate key (first STEM characters): one C-level findall.
_KEY = re.compile(rf"([a-z0-9]{{1,{STEM}}})[a-z0-9]*")


@dataclass(frozen=True)
class Hit:
    """One pattern match inside a clause: which role it plays and its character offsets in the clause."""

    role: str
    pattern: int
    start: int
    end: int


@dataclass(frozen=True)
class ClauseText:
    """A clause's text with its lower-case form and gate words, computed once and shared by every rule."""

    text: str
    lowered: str
    safe: bool  # False when a character defeats the literal prefilter (see prefilter.UNSAFE)
    # Which gate literals the whole text holds, filled as rules ask (see Literals.may_match_in).
    seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # Spans of the regexes searched over the whole text so far, by id of their fast form (rules share regexes).
    found: dict[int, list[tuple[int, int]]] = field(default_factory=dict, compare=False, repr=False)
    # The text's bits in each WordBits asked so far, by id of the WordBits (see WordBits.of).
    bits: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    # Whether each RE2 screen asked so far finds something in the whole text, by id of the regex's fast form.
    screened: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)
    # Which phrases (see rule_patterns.phrases) ``spaced`` holds, filled as rules ask.
    seen_spaced: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> ClauseText:
        """Prepare ``text`` for gating."""
        lowered = text.lower()
        return cls(text, lowered, foldable(text))

    @cached_property
    def words(self) -> frozenset[str]:
        """The gate keys (see ``stem``) of the text's words (rule selection reads them as WordBits instead)."""
        return frozenset(_KEY.findall(self.lowered))

    @cached_property
    def data(self) -> bytes | None:
        """The lower-cased text as bytes when it is ASCII (then byte and character offsets agree), else None:
        what RE2 screens read (see regex_set)."""
        return self.lowered.encode("ascii") if self.text.isascii() else None

    @cached_property
    def chunks(self) -> list[str]:
        """The lower-cased text split at whitespace (every word lies inside one chunk)."""
        return self.lowered.split()

    @cached_property
    def spaced(self) -> str:
        """The lower-cased text with each run of whitespace made one space, none at its ends (``\\s`` and
        ``str.split`` agree on what whitespace is)."""
        return " ".join(self.chunks)

    def may_match(self, gate: Literals | None, lo: int, hi: int) -> bool:
        """False only when a regex with literal prefilter ``gate`` cannot match in text[lo:hi]."""
        if gate is None or not self.safe:
            return True
        if lo == 0 and hi >= len(self.lowered):
            return gate.may_match_in(self.lowered, self.seen)
        return gate.may_match(self.lowered, lo, hi)


class WordBits:
    """One bit per word key and per alphanumeric literal a rule pack tests, and a text's bits: the OR of its
    distinct words' bits, each word's computed once per process (and each whitespace-free chunk's: splitting
    at whitespace is several times cheaper than finding words with a regex).

    A key is in ``ClauseText.words`` exactly when its bit is set. A literal of letters and digits only lies
    inside one run of them, so inside one whitespace-free chunk: the lower-cased text holds it exactly when one
    of its chunks does, and its bit is set. One dictionary look-up per distinct chunk replaces a scan of the
    whole text per literal and rule.
    """

    # Chunks remembered at most (a hostile text of random words must not grow the memory without end), and the
    # longest one remembered: a long run (a base64 image, a table rule) never comes back, so caching it only holds
    # memory for the life of the process.
    LIMIT = 200_000
    LONGEST = 64

    def __init__(self, keys: Iterable[str], literals: Iterable[str]) -> None:
        self.keys: dict[str, int] = {}
        for key in keys:
            self.keys.setdefault(key, 1 << len(self.keys))
        self.literals: dict[str, int] = {}
        for literal in literals:
            if WORD.fullmatch(literal) and literal not in self.literals:
                self.literals[literal] = 1 << (len(self.keys) + len(self.literals))
        # At each position the longest literal starting there; the literals starting there are its prefixes.
        ordered = sorted(self.literals)
        # the trie's source compiled once, inside the lookahead (compiling it alone first doubled the cost)
        self._finder = re.compile(f"(?=({trie(ordered)}))") if ordered else None
        # each literal's bits with those of the literals it starts with: one look-up per prefix, not a test of
        # every other literal (that was quadratic: a user rule naming thousands of vendors took seconds to load)
        self._prefixes = {literal: reduce(or_, (self.literals.get(literal[:i], 0) for i in range(1, len(literal) + 1)),
                                          0) for literal in ordered}
        self._chunks: dict[str, int] = {}

    def mask(self, keys: Iterable[str]) -> int:
        """The bits of some word keys (each must be one of this WordBits' keys)."""
        return reduce(or_, (self.keys[key] for key in keys), 0)

    def literal_mask(self, strings: Iterable[str]) -> int | None:
        """The bits of some literals, or None when one of them is not a literal of this WordBits."""
        bits = 0
        for string in strings:
            bit = self.literals.get(string)
            if bit is None:
                return None
            bits |= bit
        return bits

    def of(self, clause: ClauseText) -> int:
        """The clause's bits (remembered in the clause)."""
        found = clause.bits.get(id(self))
        if found is None:
            chunks = self._chunks
            found = 0
            for chunk in set(clause.chunks):
                bits = chunks.get(chunk)
                if bits is None:
                    bits = self.chunk(chunk)
                found |= bits
            clause.bits[id(self)] = found
        return found

    def chunk(self, chunk: str) -> int:
        """The bits of a run of non-whitespace characters: its words' keys and the literals inside it."""
        bits = 0
        keys = self.keys
        for word in WORD.findall(chunk):
            bits |= keys.get(word[:STEM], 0)
        if self._finder is not None:
            prefixes = self._prefixes
            for literal in self._finder.findall(chunk):
                bits |= prefixes[literal]
        if len(chunk) <= self.LONGEST and len(self._chunks) < self.LIMIT:
            self._chunks[chunk] = bits
        return bits


def stem(word: str) -> str:
    """Gate key of a word: its first five letters, so "renew", "renewal" and "renewed" share one key."""
    return word[:STEM]
