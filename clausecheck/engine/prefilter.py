"""Cheap, exact prefilters: literal text that every match of a regex must contain, and regex safety checks.

The safety check and the access to re's parser are in regex_tree, the word-key prefilter (stem_factors) in
stem_keys, which texts lower-case safely (foldable, UNSAFE) in regex_twin; their public names are re-exported here.

A prefilter may only ever say "cannot match here"; it never changes what a pattern finds. Rules run their
regexes over every clause, so skipping the clauses that lack a regex's required words is most of the
engine's speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.engine.stem_keys import stem_factors as stem_factors  # re-exported
from clausecheck.regex_tree import REPEATS, _letter, parse, sub_items
from clausecheck.regex_tree import has_nested_quantifier as has_nested_quantifier  # re-exported
from clausecheck.regex_tree import parse_tree as parse_tree  # re-exported
from clausecheck.regex_twin import UNSAFE as UNSAFE  # re-exported
from clausecheck.regex_twin import foldable as foldable  # re-exported


def holds(factors: tuple[tuple[str, ...], ...], lowered: str) -> bool:
    """Whether ``lowered`` holds a literal of every factor (plain loops: this runs per clause and rule, and
    per sentence and cue in facts; generators cost more here)."""
    for factor in factors:
        for literal in factor:
            if literal in lowered:
                break
        else:
            return False
    return True


@dataclass(frozen=True)
class Literals:
    """Every match contains, for each factor, at least one of its lower-case ASCII strings."""

    factors: tuple[tuple[str, ...], ...]

    def may_match(self, lowered: str, lo: int = 0, hi: int | None = None) -> bool:
        """False only when ``lowered[lo:hi]`` lacks a factor, so the regex cannot match there."""
        if lo > 0 or (hi is not None and hi < len(lowered)):
            return all(any(lowered.find(s, lo, hi) >= 0 for s in factor) for factor in self.factors)
        return holds(self.factors, lowered)


    def may_match_in(self, lowered: str, seen: dict[str, bool]) -> bool:
        """``may_match`` over all of ``lowered``, remembering in ``seen`` (one dict per text) which literals it
        holds: rules share literals ("shall", "not", "exclusiv"), and a long clause is scanned once for each."""
        for factor in self.factors:
            for literal in factor:
                found = seen.get(literal)
                if found is None:
                    found = seen[literal] = literal in lowered
                if found:
                    break
            else:
                return False
        return True


def literals(source: str | list[Any]) -> Literals | None:
    """The literal factors of a (case-insensitive) regex, or None when it has none worth testing.

    ``source`` is the pattern, or its parse (see ``parse``) so that a rule's regex is parsed once."""
    parsed = parse(source) if isinstance(source, str) else source
    if parsed is None:
        return None
    factors = [f for f in _sequence(parsed) if f and min(map(len, f)) >= 2]
    return Literals(tuple(sorted(factors, key=lambda f: -min(map(len, f))))) if factors else None


def first_literals(source: str | list[Any], shortest: int = 3) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of a (case-insensitive) regex starts with, or None.

    None when a match may start otherwise (a class, a dot, an empty match) or with a string shorter than
    ``shortest`` (found nearly everywhere): then the caller must search the whole text.
    """
    parsed = parse(source) if isinstance(source, str) else source
    found = _first_seq(parsed) if parsed is not None else None
    if found is None or found[1] or not found[0] or min(map(len, found[0])) < shortest:
        return None
    return tuple(sorted(set(found[0])))


def _first_seq(items: list[Any]) -> tuple[list[str], bool] | None:
    """(strings a match of the sequence may start with, whether it may be empty); None when unknown."""
    starts: list[str] = []
    for at, (op, av) in enumerate(items):
        if _letter((op, av)):
            run = []
            for item in items[at:]:
                if not _letter(item):
                    break
                run.append(_letter(item))
            return starts + ["".join(run)], False
        found = _first_item(str(op), av)
        if found is None:
            return None
        starts.extend(found[0])
        if not found[1]:
            return starts, False
    return starts, True


def _first_item(name: str, av: Any) -> tuple[list[str], bool] | None:
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return [], True  # zero-width: the match starts with what follows
    if name == "SUBPATTERN":
        return _first_seq(sub_items(av[-1]))
    if name in REPEATS:
        found = _first_seq(sub_items(av[2]))
        return None if found is None else (found[0], found[1] or av[0] == 0)
    if name == "BRANCH":
        starts: list[str] = []
        empty = False
        for branch in av[1]:
            found = _first_seq(sub_items(branch))
            if found is None:
                return None
            starts.extend(found[0])
            empty = empty or found[1]
        return starts, empty
    return None


def _sequence(items: list[Any]) -> list[tuple[str, ...]]:
    """Factors required by a sequence of regex items: its literal runs and its required sub-parts."""
    factors: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            factors.append(("".join(run),))
            run = []
        factors.extend(_item(name, av))
    if run:
        factors.append(("".join(run),))
    return factors


def _item(name: str, av: Any) -> list[tuple[str, ...]]:
    """Factors that one consuming item requires (zero-width assertions and optional parts require none)."""
    if name == "SUBPATTERN":
        return _sequence(sub_items(av[-1]))
    if name in REPEATS:
        low, _high, sub = av
        return _sequence(sub_items(sub)) if low >= 1 else []
    if name == "BRANCH":
        options: list[str] = []
        for branch in av[1]:
            best = _best(_sequence(sub_items(branch)))
            if best is None:
                return []
            options.extend(best)
        return [tuple(dict.fromkeys(options))]
    return []


def _best(factors: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective factor: the longest shortest alternative."""
    usable = [f for f in factors if f and min(map(len, f)) >= 1]
    return max(usable, key=lambda f: (min(map(len, f)), -len(f))) if usable else None


def starter(words: Iterable[str]) -> re.Pattern[str] | None:
    """A case-sensitive regex finding where one of ``words`` starts (for lower-cased text), or None if none."""
    ordered = sorted(set(words))
    return re.compile(trie(ordered)) if ordered else None


def trie(literals: Sequence[str]) -> str:
    """A regex matching, at a position, the longest of ``literals`` that starts there."""
    root: dict[str, Any] = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer literal first, then this one

    return build(root)
