"""The forms a rule regex runs in: its fast twin for lower-cased text (with start search and RE2 screen), built on
first use, and the original compiled from its parse on first use."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from clausecheck import regex_twin
from clausecheck.engine import prefilter, regex_set


@dataclass(frozen=True)
class Fast:
    """A case-insensitive regex's case-sensitive twin for lower-cased text (same matches, several times faster),
    a search for the strings its matches start with, to skip the text before the first of them, and its RE2
    screen (see regex_set), which rules out most scans of an ASCII text in one linear pass."""

    twin: re.Pattern[str]
    start: re.Pattern[str] | None
    screen: Any = None  # None: no screen (no RE2, or a pattern it cannot stand for)

    @classmethod
    def of(cls, source: str, tree: Any) -> Fast | None:
        """The fast form of a regex (``tree``: its parse, if made), or None when it has none."""
        twin = regex_twin.lowered(source, tree)
        if twin is None:
            return None
        starts = prefilter.first_literals(prefilter.sub_items(tree) if tree is not None else source)
        tree = tree if tree is not None else prefilter.parse_tree(source)
        return cls(twin, prefilter.starter(starts) if starts else None, regex_set.screen(tree))

    def spans(self, lowered: str, lo: int, hi: int, data: bytes | None = None) -> list[tuple[int, int]]:
        """What ``finditer`` of the original regex over text[lo:hi] finds, from the lower-cased text (and its
        UTF-8 bytes when it is ASCII: ``ClauseText.data``, so that byte and character offsets agree)."""
        if data is not None and self.screen is not None:
            lo = regex_set.first(self.screen, data, lo, hi)
            if lo < 0:
                return []
        if self.start is not None:
            first = self.start.search(lowered, lo, hi)
            if first is None:
                return []
            lo = first.start()  # no match starts earlier, so finditer from here finds the same matches
        return [m.span() for m in self.twin.finditer(lowered, lo, hi)]


@dataclass(frozen=True)
class Pending:
    """A regex whose fast form is built on first use: most regexes of a single review never run (their gate
    words are absent), and building every twin at load cost ~0.2 s CPU of each cold start."""

    source: str
    tree: Any  # re's parse of source (prefilter.parse_tree), shared, not modified
    built: dict[str, Fast | None] = field(default_factory=dict, compare=False)  # shared by a PatternSet

    def resolve(self) -> Fast | None:
        """The fast form, built once per source for all of a PatternSet's rules (rules share regexes)."""
        if self.source not in self.built:
            self.built[self.source] = Fast.of(self.source, self.tree)
        return self.built[self.source]


class Compiling:
    """A rule regex (re.IGNORECASE) compiled from its parse the first time it runs: safe clauses are searched by
    its twin (Fast), so a single review needs few originals, and compiling all ~450 cost ~0.07 CPU-s of each
    cold start. Shared by the rules holding the same source; only what the engine calls of a Pattern."""

    __slots__ = ("source", "tree", "_regex")

    def __init__(self, source: str, tree: Any) -> None:
        self.source, self.tree = source, tree  # tree: re's parse of source, shared, not modified
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern, ``re.compile(source, re.IGNORECASE)``."""
        if self._regex is None:
            self._regex = regex_twin.compile_tree(self.source, self.tree, re.IGNORECASE)
        return self._regex

    @property
    def pattern(self) -> str:
        """The source, as ``re.Pattern.pattern``."""
        return self.source

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``."""
        return (self._regex or self.regex).finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.search``."""
        return (self._regex or self.regex).search(text, pos, endpos)
