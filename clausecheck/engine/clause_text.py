"""A clause prepared once for every rule: its text, lower-cased form, gate words; and a pattern hit inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clausecheck.engine.prefilter import Literals, foldable

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
    words: frozenset[str]
    safe: bool  # False when a character defeats the literal prefilter (see prefilter.UNSAFE)
    # Which gate literals the whole text holds, filled as rules ask (see Literals.may_match_in).
    seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # Spans of the regexes searched over the whole text so far, by id of their fast form (rules share regexes).
    found: dict[int, list[tuple[int, int]]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> ClauseText:
        """Prepare ``text`` for gating."""
        lowered = text.lower()
        return cls(text, lowered, frozenset(_KEY.findall(lowered)), foldable(text))

    def may_match(self, gate: Literals | None, lo: int, hi: int) -> bool:
        """False only when a regex with literal prefilter ``gate`` cannot match in text[lo:hi]."""
        if gate is None or not self.safe:
            return True
        if lo == 0 and hi >= len(self.lowered):
            return gate.may_match_in(self.lowered, self.seen)
        return gate.may_match(self.lowered, lo, hi)


def stem(word: str) -> str:
    """Gate key of a word: its first five letters, so "renew", "renewal" and "renewed" share one key."""
    return word[:STEM]
