"""The case-sensitive twin of a case-insensitive regex, for searching lower-cased text.

Python's regex engine is several times faster without re.IGNORECASE; the engine lower-cases each clause
once and runs every rule regex's twin on it. A twin exists only where it provably finds the same spans.
"""

from __future__ import annotations

import _sre
import re
from typing import Any

from clausecheck.engine.prefilter import _REPEATS

try:  # Python 3.11+: the regex parser and compiler moved under re._parser / re._compiler
    import re._compiler as _sre_compile  # type: ignore[import-not-found]
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import LITERAL as _LITERAL  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import LITERAL as _LITERAL  # type: ignore[no-redef]


def lowered(source: str) -> re.Pattern[str] | None:
    """The case-sensitive twin of a case-insensitive regex for lower-cased text, or None when there is none.

    On ``text.lower()`` it matches exactly where the regex matches on ``text`` (same spans), provided the text
    holds no UNSAFE character; case-sensitive searching is several times faster. None for patterns that are
    not plain ASCII, refer back to groups, or turn case-sensitive (``(?-i:...)``) where the twin would differ.
    """
    try:
        parsed = _sre_parse.parse(source, 0)
        data = _lower_items(list(parsed))
        if data is None:
            return None
        parsed.data = data
        parsed.state.flags &= ~re.IGNORECASE
        return _sre_compile.compile(parsed, parsed.state.flags)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - no twin; the caller keeps the original
        return None


def relaxed(source: str) -> re.Pattern[str] | None:
    """A twin (see ``lowered``) of ``source`` without its zero-width assertions, or None when there is none.

    Wherever ``source`` matches inside any slice of a text (a sentence, for an anchored regex), the relaxed
    twin matches the same characters of the lower-cased whole text: anchors, ``\\b`` and lookarounds only ever
    reject a path, so without them every path that matched still matches. A cheap, exact "cannot match here"
    before a clause is tokenised for its sentences. None where dropping them could reject a path instead:
    atomic groups and possessive repeats commit to a path an assertion used to steer, back-references may read
    a group set inside a lookaround.
    """
    try:
        parsed = _sre_parse.parse(source, 0)
        stripped = _without_assertions(list(parsed))
        data = _lower_items(stripped) if stripped is not None else None
        if data is None:
            return None
        parsed.data = data
        parsed.state.flags &= ~re.IGNORECASE
        return _sre_compile.compile(parsed, parsed.state.flags)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - no relaxed twin; the caller assumes a match is possible
        return None


def _without_assertions(items: list[Any]) -> list[Any] | None:
    """The parsed items without AT, ASSERT and ASSERT_NOT; None for shapes where that is not a relaxation."""
    out = []
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN":
            inner = _without_assertions(list(av[-1]))
            if inner is None:
                return None
            out.append((op, (*av[:-1], _sre_parse.SubPattern(av[-1].state, inner))))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = _without_assertions(list(av[2]))
            if inner is None:
                return None
            out.append((op, (av[0], av[1], _sre_parse.SubPattern(av[2].state, inner))))
        elif name == "BRANCH":
            branches = [_without_assertions(list(b)) for b in av[1]]
            if any(b is None for b in branches):
                return None
            out.append((op, (av[0], [_sre_parse.SubPattern(b0.state, b)
                                     for b0, b in zip(av[1], branches, strict=True)])))
        elif name in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"):
            out.append((op, av))
        else:  # ATOMIC_GROUP, POSSESSIVE_REPEAT, GROUPREF, GROUPREF_EXISTS, ...
            return None
    return out


def _lower_items(items: list[Any]) -> list[Any] | None:
    out = []
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            if av >= 128 and _cased(av):
                return None
            out.append((op, ord(chr(av).lower())))
        elif name == "IN":
            members = _lower_class(av)
            if members is None:
                return None
            out.append((op, members))
        elif name in ("ANY", "AT", "CATEGORY"):
            out.append((op, av))
        elif name == "SUBPATTERN":
            group, add, delete, sub = av
            if (add | delete) & ~re.IGNORECASE & ~re.UNICODE or delete & re.IGNORECASE:
                return None  # (?-i:...) is stricter on the original text; (?s) etc. are kept simple
            inner = _lower_items(list(sub))
            if inner is None:
                return None
            out.append((op, (group, 0, 0, _sre_parse.SubPattern(sub.state, inner))))
        elif name in _REPEATS:
            inner = _lower_items(list(av[2]))
            if inner is None:
                return None
            out.append((op, (av[0], av[1], _sre_parse.SubPattern(av[2].state, inner))))
        elif name == "BRANCH":
            branches = [_lower_items(list(b)) for b in av[1]]
            if any(b is None for b in branches):
                return None
            twins = [_sre_parse.SubPattern(b0.state, b) for b0, b in zip(av[1], branches, strict=True)]
            out.append((op, (av[0], twins)))
        elif name in ("ASSERT", "ASSERT_NOT"):
            inner = _lower_items(list(av[1]))
            if inner is None:
                return None
            out.append((op, (av[0], _sre_parse.SubPattern(av[1].state, inner))))
        else:  # GROUPREF, ATOMIC_GROUP, ...: not worth the risk
            return None
    return out


def _cased(code: int) -> bool:
    """True when re.IGNORECASE may equate the character with another one (or lower() changes it)."""
    char = chr(code)
    return char.lower() != char or char.upper() != char or bool(_sre.unicode_iscased(code))


def _lower_class(members: list[Any]) -> list[Any] | None:
    """A character class for lower-cased text: ASCII letters and ranges lower-cased, categories kept."""
    out: list[Any] = []
    for op, av in members:
        name = str(op)
        if name == "LITERAL":
            if av >= 128 and _cased(av):
                return None
            out.append((op, ord(chr(av).lower())))
        elif name == "RANGE":
            lo, hi = av
            if hi >= 128 and any(_cased(c) for c in range(max(lo, 128), hi + 1)):
                return None
            if lo >= 128:
                out.append((op, av))
                continue
            out.extend((_LITERAL, c) for c in sorted({ord(chr(c).lower()) for c in range(lo, min(hi, 127) + 1)}))
            if hi >= 128:
                out.append((op, (128, hi)))
        elif name in ("CATEGORY", "NEGATE"):
            out.append((op, av))
        else:
            return None
    return out
