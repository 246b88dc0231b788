"""Word-key prefilter: the word keys (clause_text.stem) that every match of a regex needs, per required part.

Like the literal factors in prefilter, a key set may only ever say "cannot match here": a clause whose words have
no key of some set is never searched.
"""

from __future__ import annotations

import re
from typing import Any

from clausecheck.regex_tree import REPEATS, _letter, parse, sub_items


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


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
