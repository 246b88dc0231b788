"""An RE2 twin of a rule regex that tells, in one linear pass, that the regex cannot match in a clause.

Most scans of a rule regex that get past the literal prefilters still find nothing (about 86% of the ~87,000
over the dev corpus), and Python's backtracking ``re`` is slow to say so on a clause of a thousand characters.
Google's RE2 (``google-re2``, BSD, maintained by Google) answers "any match in these bytes?" with a DFA in linear
time. Each regex that has a twin (``regex_twin.lowered``) gets an RE2 screen: a SUPERSET of its relaxed twin
(assertions dropped as ``regex_twin.relaxed`` does; classes widened where re's Unicode classes and RE2's ASCII
ones may differ; long word-crossing repeats unbounded), so "the screen finds nothing in text[lo:hi]" proves "the
twin finds nothing there", and no twin match starts before the screen's first one. The Python regex still
finds every span, so no result changes; the screen only skips scans and the text before the first possible match.

One RE2 set of all regexes (one pass per clause, as hoped) was measured first and dropped: with hundreds of
patterns holding word gaps its automaton's states explode (6.8 CPU-s to warm up over the dev corpus, 12 s when
its cache thrashes, against 1.4 s for all the scans it would save). Hyperscan compiled the same set in 2.4 s.

Without the module (no wheel for the platform) or for a pattern it cannot take, the regex is scanned as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clausecheck import regex_twin
from clausecheck.engine.prefilter import sub_items

try:  # Python 3.11+: the regex parser moved under re._parser
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

try:
    import re2 as _re2  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - the plain path is tested by turning AVAILABLE off
    _re2 = None

AVAILABLE = _re2 is not None  # read when a regex's fast form is built; tests turn it off to run the plain path

# The ASCII characters each of re's categories holds (re's Unicode classes agree with these on ASCII; "\s" also
# holds \x0b and \x1c-\x1f, which RE2's "\s" lacks). A non-ASCII character may fall on either side.
_SPACE = frozenset([*range(0x09, 0x0E), *range(0x1C, 0x21)])
_DIGIT = frozenset(range(0x30, 0x3A))
_WORD = frozenset([*_DIGIT, *range(0x41, 0x5B), *range(0x61, 0x7B), 0x5F])
_ASCII = frozenset(range(128))
_LETTERS = frozenset(range(0x61, 0x7B))
_CATEGORIES = {"CATEGORY_SPACE": _SPACE, "CATEGORY_NOT_SPACE": _ASCII - _SPACE, "CATEGORY_DIGIT": _DIGIT,
               "CATEGORY_NOT_DIGIT": _ASCII - _DIGIT, "CATEGORY_WORD": _WORD, "CATEGORY_NOT_WORD": _ASCII - _WORD}
_NON_ASCII = (0x80, 0x10FFFF)
_RE2_MAX_REPEAT = 1000  # RE2 rejects a larger count
_UNBOUNDED = 1 << 30
# A repeat that may run over letters and spaces for more than this many characters ("[^.;]{0,400}",
# "(?:\w+\s+){0,6}") is made unbounded: RE2 unrolls a bounded repeat, and hundreds of copies make a large program.
_LONG = 12
# Each screen's memory (its program and DFA cache; RE2's default is 8 MiB): hundreds of screens must stay small
# even on a hostile text. The dev corpus runs as fast with 512 KiB as with 8 MiB; a full cache falls back to
# RE2's slower NFA, never to a wrong answer.
MAX_MEM = 512 << 10


def translate(tree: Any) -> str | None:
    """An RE2 pattern matching (on lower-cased text) wherever the relaxed twin of the regex parsed as ``tree``
    matches, or None when there is none (back-references, atomic groups, flags the twin refuses...)."""
    stripped = regex_twin.without_assertions(sub_items(tree))
    items = regex_twin.lower_items(stripped) if stripped is not None else None
    if items is None:
        return None
    try:
        return _sequence(items).pattern
    except _Untranslatable:
        return None


def screen(tree: Any) -> Any | None:
    """The compiled RE2 screen of a regex (see ``translate``; ``tree``: its parse), or None when it has none."""
    if _re2 is None or not AVAILABLE or tree is None:
        return None
    try:
        pattern = translate(tree)
        if pattern is None:
            return None
        compiled = _re2._re2.RE2(pattern.encode("utf-8"), _options())
    except Exception:  # noqa: BLE001 - a regex too deep to walk, or a changed module: no screen, scanned as before
        return None
    return compiled if compiled.ok() else None


def first(screen: Any, data: bytes, lo: int, hi: int) -> int:
    """Where the screen's first match in ``data[lo:hi]`` starts (no twin match starts before it), or -1.

    ``lo`` and ``hi`` are read as ``finditer`` reads them (clamped to the text); RE2 itself refuses an end past
    the text and would answer "no match"."""
    hi = min(hi, len(data))
    if lo > hi:
        return -1
    return screen.Match(_UNANCHORED, data, lo, hi)[0][0]  # type: ignore[no-any-return]


def _options() -> Any:
    global _OPTIONS
    if _OPTIONS is None:
        _OPTIONS = _re2.Options()
        _OPTIONS.log_errors = False  # a pattern RE2 refuses is simply not screened
        _OPTIONS.never_capture = True  # only whether and where a match starts is read
        _OPTIONS.max_mem = MAX_MEM
    return _OPTIONS


_OPTIONS: Any = None
_UNANCHORED = _re2._Anchor.UNANCHORED if _re2 is not None else None


class _Untranslatable(Exception):
    """A parse item the translation does not know."""


@dataclass(frozen=True)
class _Part:
    """An item's RE2 form, whether it may consume a space and a letter, and its longest match (capped)."""

    pattern: str
    space: bool
    letter: bool
    longest: int


def _sequence(items: list[Any]) -> _Part:
    """The RE2 form of a sequence of items, read bottom-up in one walk (see _Part)."""
    parts = [_part(op, av) for op, av in items]
    return _Part("".join(p.pattern for p in parts), any(p.space for p in parts), any(p.letter for p in parts),
                 min(_UNBOUNDED, sum(p.longest for p in parts)))


def _part(op: Any, av: Any) -> _Part:
    """The RE2 form of one item (a superset, see _class)."""
    name = str(op)
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"):
        if name == "LITERAL":  # most items: no set to build
            return _Part(_char(av), av == 0x20, 0x61 <= av <= 0x7A, 1)
        negated, codes, pattern = _one_char(name, op, av)
        letter = not _LETTERS <= codes if negated else not _LETTERS.isdisjoint(codes)
        return _Part(pattern, (0x20 in codes) != negated, letter, 1)
    if name == "SUBPATTERN":
        inner = _sequence(sub_items(av[-1]))
        return _Part(f"(?:{inner.pattern})", inner.space, inner.letter, inner.longest)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):  # laziness changes which match, not whether one exists
        low, high, sub = av
        inner = _sequence(sub_items(sub))
        longest = _UNBOUNDED if high == MAXREPEAT else min(_UNBOUNDED, high * inner.longest)
        # A long gap over words and spaces, unbounded: RE2 unrolls a bounded repeat into as many copies.
        gap = inner.space and inner.letter and longest > _LONG
        low = min(low, _RE2_MAX_REPEAT)
        count = f"{{{low},}}" if high == MAXREPEAT or high > _RE2_MAX_REPEAT or gap else f"{{{low},{high}}}"
        return _Part(f"(?:{inner.pattern}){count}", inner.space, inner.letter, longest)
    if name == "BRANCH":
        branches = [_sequence(sub_items(b)) for b in av[1]]
        return _Part("(?:" + "|".join(b.pattern for b in branches) + ")", any(b.space for b in branches),
                     any(b.letter for b in branches), max(b.longest for b in branches))
    raise _Untranslatable(name)


def _one_char(name: str, op: Any, av: Any) -> tuple[bool, set[int], str]:
    """(whether it matches all but the listed, the ASCII characters listed, RE2 form) of a one-character item."""
    if name == "LITERAL":
        return False, {av}, _char(av)
    if name == "NOT_LITERAL":
        return True, {av}, f"[^{_char(av)}]"
    if name == "ANY":
        return True, set(), "(?s:.)"  # "." without DOTALL lacks only "\n": a superset either way
    key = (name, av if name == "CATEGORY" else tuple(av))  # classes repeat ("\\s", "\\w"): each built once
    found = _CLASSES.get(key)
    if found is None:
        negated, codes, ranges, wide = _class_parts([(op, av)] if name == "CATEGORY" else av)
        found = _CLASSES[key] = negated, codes, _class(negated, codes, ranges, wide)
    return found


_CLASSES: dict[Any, tuple[bool, set[int], str]] = {}


def _char(code: int) -> str:
    return chr(code) if code < 128 and chr(code).isalnum() else f"\\x{{{code:x}}}"


def _class_parts(members: list[Any]) -> tuple[bool, set[int], list[tuple[int, int]], bool]:
    """(negated, its ASCII characters, its non-ASCII ranges, whether it names a category) of a class."""
    negated = bool(members) and str(members[0][0]) == "NEGATE"
    codes: set[int] = set()
    ranges: list[tuple[int, int]] = []
    wide = False
    for op, av in members[1:] if negated else members:
        name = str(op)
        if name == "LITERAL":
            codes.add(av) if av < 128 else ranges.append((av, av))
        elif name == "RANGE":
            codes.update(range(av[0], min(av[1], 127) + 1))
            if av[1] >= 128:
                ranges.append((max(av[0], 128), av[1]))
        elif name == "CATEGORY":
            codes.update(_CATEGORIES[str(av)])
            wide = True  # a non-ASCII character may belong to the category
        else:
            raise _Untranslatable(name)
    return negated, codes, ranges, wide


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted character codes as (first, last) runs of consecutive codes."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


def _class(negated: bool, codes: set[int], ranges: list[tuple[int, int]], wide: bool) -> str:
    """An RE2 class holding at least the characters the re class (see _class_parts) holds, on lower-cased text.

    Negated: the complement of an ASCII-exact subset (non-ASCII members of a category left out). Plain: a
    category's ASCII part and every non-ASCII character. A superset either way."""
    if wide and not negated:
        ranges = [_NON_ASCII]
    parts = [f"{_char(a)}-{_char(b)}" if a < b else _char(a) for a, b in [*_runs(sorted(codes)), *ranges]]
    if not parts:
        return "[^\\x{0}-\\x{10ffff}]" if not negated else "(?s:.)"
    return f"[{'^' if negated else ''}{''.join(parts)}]"


