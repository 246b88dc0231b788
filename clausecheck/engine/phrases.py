"""Phrase factors of a regex: strings, some with spaces, one of which every match holds once its text is
lower-cased and each run of whitespace made one space (``ClauseText.spaced``).

A cheap, exact "cannot match here" test before a regex scans a clause (see ``CompiledRule.plan``): the word
gates see "shall" and "not" anywhere in a clause, a phrase factor needs "shall not".
"""

from __future__ import annotations

from collections.abc import Iterator
from re._constants import LITERAL as _LITERAL  # type: ignore[import-not-found]
from typing import Any

from clausecheck.engine import prefilter

# Strings an exact part may have at most (a product of branches grows fast): beyond, the part is cut there.
_MAX_PHRASES = 64
# Strings a phrase factor may have at most: each is searched for in the text, the factor is dropped beyond.
_MAX_FACTOR = 8


def phrases(items: list[Any]) -> list[tuple[str, ...]]:
    """Factors of a (case-insensitive) regex over its text lower-cased with each run of whitespace made one
    space (``ClauseText.spaced``): every match holds, for each factor, one of its strings there.

    Like ``prefilter.literals``, but a whitespace item (``\\s+``, ``\\s``, a space) between exact parts is read
    as the one space it becomes, so "shall\\s+not" gives "shall not", and branches of exact parts multiply
    ("(?:may|shall)\\s+not" gives "may not", "shall not"). Only factors holding a space are returned.
    """
    found = {_minimal(f) for f in _phrase_sequence(items, {})}
    useful = [f for f in found if any(" " in s for s in f) and min(map(len, f)) >= 4 and len(f) <= _MAX_FACTOR]
    return sorted(useful, key=lambda f: (-min(map(len, f)), len(f), f))


def _minimal(factor: tuple[str, ...]) -> tuple[str, ...]:
    """The factor without the strings that hold another of its strings (a text holding them holds that one)."""
    return tuple(s for s in factor if not any(t != s and t in s for t in factor))


# Each item's exact strings, by id of the item, for one call of ``phrases`` (its parse is alive meanwhile):
# nested parts are asked for again at each level.
_Memo = dict[int, "set[str] | None"]


def _phrase_sequence(items: list[Any], memo: _Memo) -> list[tuple[str, ...]]:
    factors: list[tuple[str, ...]] = []
    chunk: set[str] | None = None
    for item, exact in _exacts(items, memo):
        if exact is not None:
            joined = _product(chunk, exact) if chunk is not None else exact
            if joined is None:  # too many: what is joined so far is a factor of its own
                factors.extend(_flushed(chunk))
                joined = exact
            chunk = joined
            continue
        factors.extend(_flushed(chunk))
        chunk = None
        factors.extend(_phrase_item(item, memo))
    factors.extend(_flushed(chunk))
    return factors


def _exacts(items: list[Any], memo: _Memo) -> Iterator[tuple[Any, set[str] | None]]:
    """Each item with its exact strings, a run of ASCII literals as one item (None) with its one string.

    Joining a run's characters one product at a time gave the same one string per string before it (a product
    with one string never has too many), at a set per character: most of a rule pack's regex items."""
    run: list[str] = []
    for item in items:
        op, av = item
        if op is _LITERAL and av < 128:
            char = " " if chr(av).isspace() else chr(av).lower()
            if not (char == " " and run and run[-1] == " "):  # two blanks in a row read as one space
                run.append(char)
            continue
        if run:
            yield None, {"".join(run)}
            run = []
        yield item, _exact(item, memo)
    if run:
        yield None, {"".join(run)}


def _flushed(chunk: set[str] | None) -> list[tuple[str, ...]]:
    """The factor an exact run gives (its strings without the spaces at their ends), if it never matches ""."""
    if not chunk:
        return []
    strings = {s.strip(" ") for s in chunk}
    return [] if "" in strings else [tuple(sorted(strings))]


def _product(left: set[str], right: set[str]) -> set[str] | None:
    """Every string of ``left`` followed by one of ``right`` (their spaces meeting as one), None if too many."""
    if len(left) * len(right) > _MAX_PHRASES:
        return None
    # Each string has no two spaces in a row: only where two meet can a second one appear.
    return {a + b[1:] if a[-1:] == " " and b[:1] == " " else a + b for a in left for b in right}


def _phrase_item(item: Any, memo: _Memo) -> list[tuple[str, ...]]:
    """Factors of an item that is not exact: its required parts."""
    op, av = item
    name = str(op)
    if name == "SUBPATTERN":
        return _phrase_sequence(prefilter.sub_items(av[-1]), memo)
    if name in prefilter.REPEATS and av[0] >= 1:
        return _phrase_sequence(prefilter.sub_items(av[2]), memo)
    if name == "BRANCH":
        options: list[str] = []
        for branch in av[1]:
            found = _phrase_sequence(prefilter.sub_items(branch), memo)
            if not found:
                return []
            best: tuple[str, ...] = max(found, key=_selective)
            options.extend(best)
        return [tuple(sorted(set(options)))] if len(set(options)) <= _MAX_PHRASES else []
    return []


def _selective(factor: tuple[str, ...]) -> tuple[int, int]:
    """How selective a factor looks: its shortest string's length, then fewer strings."""
    return min(map(len, factor)), -len(factor)


def _exact(item: Any, memo: _Memo) -> set[str] | None:
    """Every string (lower-cased, whitespace as one space) the item can match, or None when not few and known."""
    if id(item) not in memo:
        memo[id(item)] = _exact_item(item, memo)
    return memo[id(item)]


def _exact_item(item: Any, memo: _Memo) -> set[str] | None:
    op, av = item
    name = str(op)
    if name == "LITERAL":
        return None if av >= 128 else {" " if chr(av).isspace() else chr(av).lower()}
    if name == "IN":
        return _exact_class(av)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return {""}  # zero-width
    if name == "SUBPATTERN":
        return _exact_sequence(prefilter.sub_items(av[-1]), memo) if not av[1] and not av[2] else None
    if name == "BRANCH":
        found: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(prefilter.sub_items(branch), memo)
            if strings is None:
                return None
            found |= strings
        return found if len(found) <= _MAX_PHRASES else None
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, sub = av
        strings = _exact_sequence(prefilter.sub_items(sub), memo)
        if strings is None:
            return None
        if strings == {" "}:  # whitespace repeated: one space, or nothing when it may be absent
            return {" "} if low >= 1 else {"", " "}
        if (low, high) == (1, 1):
            return strings
        return {"", *strings} if (low, high) == (0, 1) else None
    return None


def _exact_class(members: list[Any]) -> set[str] | None:
    """The strings a character class matches: few ASCII characters, or whitespace (one space)."""
    found: set[str] = set()
    for op, av in members:
        name = str(op)
        if name == "LITERAL" and av < 128:
            found.add(" " if chr(av).isspace() else chr(av).lower())
        elif name == "CATEGORY" and str(av) == "CATEGORY_SPACE":
            found.add(" ")
        else:  # NEGATE, ranges, \w, \d, non-ASCII: too many or not exact
            return None
    return found or None


def _exact_sequence(items: list[Any], memo: _Memo) -> set[str] | None:
    strings: set[str] | None = {""}
    for _, exact in _exacts(items, memo):
        if exact is None or strings is None:
            return None
        strings = _product(strings, exact)
    return strings
