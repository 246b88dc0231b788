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

from typing import Any

from clausecheck.engine import regex_twin
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
_CATEGORIES = {"CATEGORY_SPACE": _SPACE, "CATEGORY_NOT_SPACE": _ASCII - _SPACE, "CATEGORY_DIGIT": _DIGIT,
               "CATEGORY_NOT_DIGIT": _ASCII - _DIGIT, "CATEGORY_WORD": _WORD, "CATEGORY_NOT_WORD": _ASCII - _WORD}
_NON_ASCII = (0x80, 0x10FFFF)
_RE2_MAX_REPEAT = 1000  # RE2 rejects a larger count
_UNBOUNDED = 1 << 30
# A repeat that may run over letters and spaces for more than this many characters ("[^.;]{0,400}",
# "(?:\w+\s+){0,6}") is made unbounded: RE2 unrolls a bounded repeat, and hundreds of copies make a large program.
_LONG = 12


def translate(tree: Any) -> str | None:
    """An RE2 pattern matching (on lower-cased text) wherever the relaxed twin of the regex parsed as ``tree``
    matches, or None when there is none (back-references, atomic groups, flags the twin refuses...)."""
    stripped = regex_twin.without_assertions(sub_items(tree))
    items = regex_twin.lower_items(stripped) if stripped is not None else None
    if items is None:
        return None
    try:
        return "".join(_pattern(op, av) for op, av in items)
    except _Untranslatable:
        return None


def screen(tree: Any) -> Any | None:
    """The compiled RE2 screen of a regex (see ``translate``; ``tree``: its parse), or None when it has none."""
    if _re2 is None or not AVAILABLE or tree is None:
        return None
    pattern = translate(tree)
    if pattern is None:
        return None
    compiled = _re2._re2.RE2(pattern.encode("utf-8"), _options())
    return compiled if compiled.ok() else None


def first(screen: Any, data: bytes, lo: int, hi: int) -> int:
    """Where the screen's first match in ``data[lo:hi]`` starts (no twin match starts before it), or -1."""
    return screen.Match(_UNANCHORED, data, lo, hi)[0][0]  # type: ignore[no-any-return]


def _options() -> Any:
    global _OPTIONS
    if _OPTIONS is None:
        _OPTIONS = _re2.Options()
        _OPTIONS.log_errors = False  # a pattern RE2 refuses is simply not screened
        _OPTIONS.never_capture = True  # only whether and where a match starts is read
    return _OPTIONS


_OPTIONS: Any = None
_UNANCHORED = _re2._Anchor.UNANCHORED if _re2 is not None else None


class _Untranslatable(Exception):
    """A parse item the translation does not know."""


def _crossing(av: Any) -> bool:
    """True for a repeat that may run long over both letters and spaces (see _LONG)."""
    low, high, sub = av
    space, letter, longest = _reach(sub_items(sub))
    if not (space and letter):
        return False
    total = _UNBOUNDED if high == MAXREPEAT else high * longest
    return total > _LONG


def _reach(items: list[Any]) -> tuple[bool, bool, int]:
    """Whether the items may consume a space, a letter, and their longest match (capped at _UNBOUNDED)."""
    space = letter = False
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"):
            codes, negated = _members(op, av)
            space = space or ((0x20 in codes) != negated)
            letter = letter or any((c in codes) != negated for c in range(0x61, 0x7B))
            total += 1
            continue
        if name == "SUBPATTERN":
            found = _reach(sub_items(av[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = _reach(sub_items(av[2]))
            found = (*inner[:2], _UNBOUNDED if av[1] == MAXREPEAT else min(_UNBOUNDED, av[1] * inner[2]))
        elif name == "BRANCH":
            branches = [_reach(sub_items(b)) for b in av[1]]
            found = (any(b[0] for b in branches), any(b[1] for b in branches), max(b[2] for b in branches))
        else:
            raise _Untranslatable(name)
        space, letter, total = space or found[0], letter or found[1], min(_UNBOUNDED, total + found[2])
    return space, letter, total


def _members(op: Any, av: Any) -> tuple[set[int], bool]:
    """The ASCII characters a one-character item names, and whether it matches all but those."""
    name = str(op)
    if name == "LITERAL":
        return {av}, False
    if name == "NOT_LITERAL":
        return {av}, True
    if name == "ANY":
        return set(), True
    negated, codes, _, _ = _class_parts([(op, av)] if name == "CATEGORY" else av)
    return codes, negated


def _pattern(op: Any, av: Any) -> str:
    """The RE2 form of one item (a superset, see _class)."""
    name = str(op)
    if name == "LITERAL":
        return _char(av)
    if name == "NOT_LITERAL":
        return f"[^{_char(av)}]"
    if name == "ANY":
        return "(?s:.)"  # "." without DOTALL lacks only "\n": a superset either way
    if name == "IN":
        return _class(av)
    if name == "CATEGORY":
        return _class([(op, av)])
    if name == "SUBPATTERN":
        return "(?:" + "".join(_pattern(o, a) for o, a in sub_items(av[-1])) + ")"
    if name in ("MAX_REPEAT", "MIN_REPEAT"):  # laziness changes which match, not whether one exists
        low, high, sub = av
        body = "(?:" + "".join(_pattern(o, a) for o, a in sub_items(sub)) + ")"
        low = min(low, _RE2_MAX_REPEAT)
        if high == MAXREPEAT or high > _RE2_MAX_REPEAT or _crossing(av):  # a long gap: unbounded keeps it small
            return f"{body}{{{low},}}"
        return f"{body}{{{low},{high}}}"
    if name == "BRANCH":
        return "(?:" + "|".join("".join(_pattern(o, a) for o, a in sub_items(b)) for b in av[1]) + ")"
    raise _Untranslatable(name)


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


def _class(members: list[Any]) -> str:
    """An RE2 class holding at least the characters the re class holds (text already lower-cased).

    Negated: the complement of an ASCII-exact subset (non-ASCII members of a category left out). Plain: a
    category's ASCII part and every non-ASCII character. A superset either way."""
    negated, codes, ranges, wide = _class_parts(members)
    if wide and not negated:
        ranges = [_NON_ASCII]
    parts = [_char(c) for c in sorted(codes)] + [f"{_char(a)}-{_char(b)}" if a < b else _char(a) for a, b in ranges]
    if not parts:
        return "[^\\x{0}-\\x{10ffff}]" if not negated else "(?s:.)"
    return f"[{'^' if negated else ''}{''.join(parts)}]"


