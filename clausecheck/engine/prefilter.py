"""Cheap, exact prefilters: literal text that every match of a regex must contain, and regex safety checks.

A prefilter may only ever say "cannot match here"; it never changes what a pattern finds. Rules run their
regexes over every clause, so skipping the clauses that lack a regex's required words is most of the
engine's speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+: the regex parser moved under re._parser
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
# The only non-ASCII characters that re.IGNORECASE equates with an ASCII letter, and the only one whose
# str.lower() changes length; a text holding one is never prefiltered (see tests/engine/test_prefilter.py).
UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class Literals:
    """Every match contains, for each factor, at least one of its lower-case ASCII strings."""

    factors: tuple[tuple[str, ...], ...]

    def may_match(self, lowered: str, lo: int = 0, hi: int | None = None) -> bool:
        """False only when ``lowered[lo:hi]`` lacks a factor, so the regex cannot match there."""
        if lo > 0 or (hi is not None and hi < len(lowered)):
            return all(any(lowered.find(s, lo, hi) >= 0 for s in factor) for factor in self.factors)
        for factor in self.factors:  # plain loops: this runs per clause and rule, generators cost more here
            for literal in factor:
                if literal in lowered:
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


def parse(source: str) -> list[Any] | None:
    """The parsed regex (re's own parser), or None when it does not parse."""
    try:
        return list(_sre_parse.parse(source))
    except Exception:  # noqa: BLE001 - the caller reports invalid regexes
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
        return _sequence(list(av[-1]))
    if name in _REPEATS:
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else []
    if name == "BRANCH":
        options: list[str] = []
        for branch in av[1]:
            best = _best(_sequence(list(branch)))
            if best is None:
                return []
            options.extend(best)
        return [tuple(dict.fromkeys(options))]
    return []


def _best(factors: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective factor: the longest shortest alternative."""
    usable = [f for f in factors if f and min(map(len, f)) >= 1]
    return max(usable, key=lambda f: (min(map(len, f)), -len(f))) if usable else None


def has_nested_quantifier(source: str | list[Any]) -> bool:
    """True when an unbounded repeat contains another repeat, the shape of catastrophic backtracking."""
    parsed = parse(source) if isinstance(source, str) else source
    return parsed is not None and _nested(parsed, inside=False)


def _nested(items: list[Any], inside: bool) -> bool:
    for op, av in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, sub = av
            if inside and high > 1:
                return True
            if _nested(list(sub), inside or high == MAXREPEAT):
                return True
        elif name == "SUBPATTERN":
            if _nested(list(av[-1]), inside):
                return True
        elif name == "BRANCH":
            if any(_nested(list(branch), inside) for branch in av[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT") and _nested(list(av[1]), inside):
            return True
    return False
