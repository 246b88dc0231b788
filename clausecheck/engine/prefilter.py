"""Cheap, exact prefilters: literal text that every match of a regex must contain, and regex safety checks.

A prefilter may only ever say "cannot match here"; it never changes what a pattern finds. Rules run their
regexes over every clause, so skipping the clauses that lack a regex's required words is most of the
engine's speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+: the regex parser moved under re._parser
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
# The only non-ASCII characters that re.IGNORECASE equates with an ASCII letter, and the only one whose
# str.lower() changes length; a text holding one is never prefiltered (see tests/engine/test_prefilter.py).
UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")


def foldable(text: str) -> bool:
    """True when literal tests on ``text.lower()`` are exact: the text holds no UNSAFE character."""
    return text.isascii() or not UNSAFE.search(text)  # isascii() is O(1); ASCII holds no UNSAFE character


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


def _letter(item: Any) -> str:
    """The lower-case ASCII character a literal (or a class like [Ee]) matches, else ""."""
    op, av = item
    if str(op) == "LITERAL" and av < 128:
        return chr(av).lower()
    if str(op) == "IN" and av and all(str(o) == "LITERAL" and v < 128 for o, v in av):
        chars = {chr(v).lower() for _, v in av}
        return chars.pop() if len(chars) == 1 else ""
    return ""


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


def stem_factors(source: str | list[Any]) -> list[frozenset[str]]:
    """Sets of word keys (a word's first five letters, see clause_text.stem), one per part every match of a
    (case-insensitive) regex holds: a text whose words have no key of some set cannot match.

    Only a literal that starts a word (after ``\\b``, a space or punctuation) and has five letters or ends the
    word gives keys; other parts are left out, so the answer is always safe and often empty.
    """
    parsed = parse(source) if isinstance(source, str) else source
    return [frozenset(f) for f in _stem_sequence(parsed, False, False)] if parsed is not None else []


def _stem_sequence(items: list[Any], bounded: bool, ended: bool) -> list[list[str]]:
    """Key sets of a sequence; ``bounded``: a word starts here, ``ended``: what follows the sequence ends a word."""
    factors: list[list[str]] = []
    at = 0
    while at < len(items):
        if _letter(items[at]):
            run = []
            while at < len(items) and _letter(items[at]):
                run.append(_letter(items[at]))
                at += 1
            word = _stem_of("".join(run), _word_end(items[at]) if at < len(items) else ended) if bounded else None
            if word:
                factors.append([word])
            bounded = run[-1] not in _ALNUM and _separator(items[at - 1])
            continue
        op, av = items[at]
        name = str(op)
        at += 1
        if name == "AT":
            bounded = bounded or str(av) == "AT_BOUNDARY"
            continue
        if name in ("ASSERT", "ASSERT_NOT"):
            continue
        after = _word_end(items[at]) if at < len(items) else ended
        if name == "SUBPATTERN":
            factors.extend(_stem_sequence(sub_items(av[-1]), bounded, after))
        elif name in REPEATS and av[0] >= 1:
            factors.extend(_stem_sequence(sub_items(av[2]), bounded, after and av[1] == 1))
        elif name in REPEATS and bounded and _ends_apart(sub_items(av[2])):
            continue  # "(?:\\w+\\s+){0,6}?": absent, or ending in a separator, a word starts after it either way
        elif name == "BRANCH":
            options: list[str] = []
            for branch in av[1]:
                found = _stem_sequence(sub_items(branch), bounded, after)
                if not found:
                    options = []
                    break
                options.extend(found[0])
            if options:
                factors.append(sorted(set(options)))
        bounded = _separator(items[at - 1])
    return factors


def _stem_of(literal: str, ends_word: bool) -> str | None:
    """The key of the word a literal starts, if that word is sure to be found: five letters, or the whole word."""
    piece = re.match(r"[a-z0-9]*", literal).group()  # type: ignore[union-attr]
    if len(piece) >= 5:
        return piece[:5]
    if piece and (len(piece) < len(literal) or ends_word):
        return piece
    return None


def _ends_apart(items: list[Any]) -> bool:
    """True when a sequence always ends with a separator (so a word may start right after it)."""
    return bool(items) and _separator(items[-1])


def _word_end(item: Any) -> bool:
    """True when the item (after a literal) proves the word ended: ``\\b`` or a separator."""
    op, av = item
    return (str(op) == "AT" and str(av) == "AT_BOUNDARY") or _separator(item)


def _separator(item: Any) -> bool:
    """True when every character the item consumes (at least one) is neither a-z nor 0-9 in any case."""
    op, av = item
    name = str(op)
    if name == "LITERAL":
        return not chr(av).isalnum() and chr(av).lower() not in _ALNUM
    if name == "IN":
        return bool(av) and all(str(o) == "CATEGORY" and str(v) == "CATEGORY_SPACE" or
                                str(o) == "LITERAL" and _separator((o, v)) for o, v in av)
    if name in REPEATS:
        return av[0] >= 1 and all(_separator(sub) for sub in av[2]) and len(av[2]) == 1
    return False


def sub_items(sub: Any) -> list[Any]:
    """The items of a parsed (sub)pattern, not to be modified: a SubPattern's own list (``list(sub)`` would call
    its Python ``__getitem__`` once per item, most of the cost of walking a rule pack's parses)."""
    data = getattr(sub, "data", None)
    return data if isinstance(data, list) else list(sub)


def parse(source: str) -> list[Any] | None:
    """The parsed regex (re's own parser), or None when it does not parse."""
    tree = parse_tree(source)
    return None if tree is None else list(tree.data)


def parse_tree(source: str) -> Any | None:
    """re's own parse of a regex (a SubPattern, which regex_twin can compile), or None when it does not parse."""
    try:
        return _sre_parse.parse(source)
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


def has_nested_quantifier(source: str | list[Any]) -> bool:
    """True when an unbounded repeat contains another repeat, the shape of catastrophic backtracking."""
    parsed = parse(source) if isinstance(source, str) else source
    return parsed is not None and _nested(parsed, inside=False)


def _nested(items: list[Any], inside: bool) -> bool:
    for op, av in items:
        name = str(op)
        if name in REPEATS:
            _low, high, sub = av
            if inside and high > 1:
                return True
            if _nested(sub_items(sub), inside or high == MAXREPEAT):
                return True
        elif name == "SUBPATTERN":
            if _nested(sub_items(av[-1]), inside):
                return True
        elif name == "BRANCH":
            if any(_nested(sub_items(branch), inside) for branch in av[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT") and _nested(sub_items(av[1]), inside):
            return True
    return False


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


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
