"""The case-sensitive twin of a case-insensitive regex, for searching lower-cased text.

Python's regex engine is several times faster without re.IGNORECASE; the engine lower-cases each clause
once and runs every rule regex's twin on it, and quantity_scan does the same for the quantity regexes. A twin
exists only where it provably finds the same spans, on a text that lower-cases safely (``foldable``). Below
both the engine and quantities: it imports nothing from clausecheck but regex_tree.
"""

from __future__ import annotations

# re's own parser and compiler (private, Python >= 3.11 as pyproject requires: earlier versions named them sre_*).
import _sre
import copy
import re
import re._compiler as _sre_compile  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
from collections.abc import Callable
from re._constants import (  # type: ignore[import-not-found]
    ASSERT_NOT,
    BRANCH,
    CATEGORY,
    CATEGORY_WORD,
    IN,
    MAX_REPEAT,
)
from re._constants import LITERAL as _LITERAL  # type: ignore[import-not-found]
from typing import Any

from clausecheck.regex_tree import REPEATS, sub_items

# The only non-ASCII characters that re.IGNORECASE equates with an ASCII letter, and the only one whose
# str.lower() changes length; a text holding one is never prefiltered (see tests/engine/test_prefilter.py).
UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")


def foldable(text: str) -> bool:
    """True when literal tests on ``text.lower()`` are exact: the text holds no UNSAFE character."""
    return text.isascii() or not UNSAFE.search(text)  # isascii() is O(1); ASCII holds no UNSAFE character


# A plain int: re's compiler tests the flags thousands of times per pattern, and RegexFlag's "&" is Python code
# (re.compile converts its flags the same way).
_IGNORECASE = int(re.IGNORECASE)


def compile_tree(source: str, tree: Any, flags: int) -> re.Pattern[str]:
    """``re.compile(source, flags)`` from re's parse of ``source`` (``prefilter.parse_tree``): the same pattern,
    without parsing it again (parsing is most of the cost of compiling a rule pack). Raises re.error alike."""
    flags = int(flags)
    code = _sre_compile._code(tree, flags)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in tree.state.groupdict.items():
        indexgroup[index] = name
    try:
        return _sre.compile(source, flags | tree.state.flags, code,  # type: ignore[no-any-return]
                            tree.state.groups - 1, tree.state.groupdict, tuple(indexgroup))
    except TypeError:  # another CPython whose private compile takes other arguments: the public way
        return re.compile(source, flags)


def lowered(source: str, tree: Any | None = None) -> re.Pattern[str] | None:
    """The case-sensitive twin of a case-insensitive regex for lower-cased text, or None when there is none.

    On ``text.lower()`` it matches exactly where the regex matches on ``text`` (same spans), provided the text
    holds no UNSAFE character; case-sensitive searching is several times faster. None for patterns that are
    not plain ASCII, refer back to groups, or turn case-sensitive (``(?-i:...)``) where the twin would differ.
    ``tree``: re's parse of ``source`` if already made (not modified).
    """
    try:
        tree = tree if tree is not None else _sre_parse.parse(source, 0)
        data = lower_items(tree.data)
        if data is None:
            return None
        state = copy.copy(tree.state)  # the tree may be shared: its own state keeps its flags
        state.flags &= ~_IGNORECASE
        return _sre_compile.compile(_sre_parse.SubPattern(state, _hoist_boundary(data, state)),  # type: ignore
                                    state.flags)
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
        stripped = without_assertions(parsed.data)
        data = lower_items(stripped) if stripped is not None else None
        if data is None:
            return None
        parsed.data = data
        parsed.state.flags &= ~_IGNORECASE
        return _sre_compile.compile(parsed, parsed.state.flags)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - no relaxed twin; the caller assumes a match is possible
        return None


def without_assertions(items: list[Any]) -> list[Any] | None:
    """The parsed items without AT, ASSERT and ASSERT_NOT; None for shapes where that is not a relaxation."""
    out = []
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN":
            inner = without_assertions(sub_items(av[-1]))
            if inner is None:
                return None
            out.append((op, (*av[:-1], _sre_parse.SubPattern(av[-1].state, inner))))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "BRANCH"):
            item = _rebuilt(op, av, without_assertions)
            if item is None:
                return None
            out.append(item)
        elif name in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"):
            out.append((op, av))
        else:  # ATOMIC_GROUP, POSSESSIVE_REPEAT, GROUPREF, GROUPREF_EXISTS, ...
            return None
    return out


def _rebuilt(op: Any, av: Any, walk: Callable[[list[Any]], list[Any] | None]) -> tuple[Any, Any] | None:
    """A repeat or branch item with ``walk`` applied to what it holds; None when ``walk`` refuses a part."""
    if str(op) == "BRANCH":
        branches = [walk(sub_items(b)) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return op, (av[0], [_sre_parse.SubPattern(b0.state, b) for b0, b in zip(av[1], branches, strict=True)])
    inner = walk(sub_items(av[2]))
    return None if inner is None else (op, (av[0], av[1], _sre_parse.SubPattern(av[2].state, inner)))


def lower_items(items: list[Any]) -> list[Any] | None:
    """Parsed items for lower-cased text, case-sensitive (see ``lowered``); None where they would differ."""
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
            if (add | delete) & ~_IGNORECASE & ~int(re.UNICODE) or delete & _IGNORECASE:
                return None  # (?-i:...) is stricter on the original text; (?s) etc. are kept simple
            inner = lower_items(sub_items(sub))
            if inner is None:
                return None
            out.append((op, (group, 0, 0, _sre_parse.SubPattern(sub.state, inner))))
        elif name in REPEATS or name == "BRANCH":
            item = _rebuilt(op, av, lower_items)
            if item is None:
                return None
            out.append(item)
        elif name in ("ASSERT", "ASSERT_NOT"):
            inner = lower_items(sub_items(av[1]))
            if inner is None:
                return None
            out.append((op, (av[0], _sre_parse.SubPattern(av[1].state, inner))))
        else:  # GROUPREF, ATOMIC_GROUP, ...: not worth the risk
            return None
    return out


# Distributing "(?:a|b)c" into "ac|bc" copies "c" per alternative: beyond this many, the twin keeps its shape.
_MAX_ALTERNATIVES = 64


def _hoist_boundary(items: list[Any], state: Any) -> list[Any]:
    """The twin's items rewritten to open with literals, so that re scans for their first characters in C.

    re tries a pattern that opens with ``\\b`` at every position of the text; one that opens with a literal,
    or with a branch whose every alternative does, gets a prefix or first-character scan. Before a word
    character ``\\b`` means "no word character before it", which after reading n word characters is "not
    n + 1 word characters behind": ``\\bshall`` becomes ``shall(?<!\\w{6})`` (both read before ``pos``
    alike), and a leading branch nested in a branch, or an optional part, is distributed (``(?:a|b)c|d`` as
    ``ac|bc|d``, ``(?:a)?b`` as ``ab|b``: the same paths tried in the same order). Same matches, same spans.
    """
    if not items:
        return items
    op, av = items[0]
    if str(op) == "AT" and str(av) == "AT_BOUNDARY":
        pushed = _push_boundary(items[1:], state)
        return pushed if pushed is not None else items
    if str(op) == "BRANCH":  # "\\bfoo|\\bbar" the parser did not factor
        alternatives = _flatten([_hoist_boundary(sub_items(b), state) for b in av[1]])
        if alternatives is None:
            return items
        return [(op, (av[0], [_sre_parse.SubPattern(state, b) for b in alternatives])), *items[1:]]
    return items


def _push_boundary(items: list[Any], state: Any) -> list[Any] | None:
    """``items`` (which follow a ``\\b``) with the boundary pushed behind their leading word characters."""
    if not items:
        return None
    op, av = items[0]
    name = str(op)
    if name == "LITERAL" and _word(av):
        n = 1
        while n < len(items) and str(items[n][0]) == "LITERAL" and _word(items[n][1]):
            n += 1
        word = _sre_parse.SubPattern(state, [(IN, [(CATEGORY, CATEGORY_WORD)])])
        behind = _sre_parse.SubPattern(state, [(MAX_REPEAT, (n + 1, n + 1, word))])
        return [*items[:n], (ASSERT_NOT, (-1, behind)), *items[n:]]
    if name == "BRANCH":
        pushed = [_push_boundary(sub_items(b), state) for b in av[1]]
        alternatives = _flatten(pushed) if all(b is not None for b in pushed) else None
        if alternatives is None:
            return None
        return [(op, (av[0], [_sre_parse.SubPattern(state, b) for b in alternatives])), *items[1:]]
    if name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0 and av[1] == 1:  # "(?:x)?y" as "xy|y", "(?:x)??y" as "y|xy"
        taken, skipped = [*av[2], *items[1:]], list(items[1:])
        order = [taken, skipped] if name == "MAX_REPEAT" else [skipped, taken]
        return _push_boundary([(BRANCH, (None, [_sre_parse.SubPattern(state, o) for o in order]))], state)
    if name == "SUBPATTERN" and not av[1] and not av[2]:  # a capturing group: the boundary moves inside it
        inner = _push_boundary(sub_items(av[3]), state)
        if inner is None:
            return None
        return [(op, (av[0], 0, 0, _sre_parse.SubPattern(av[3].state, inner))), *items[1:]]
    return None


def _flatten(alternatives: list[Any]) -> list[list[Any]] | None:
    """Alternatives with each leading (non-capturing) branch distributed over the rest of its alternative."""
    out: list[list[Any]] = []
    for alternative in alternatives:
        if alternative and str(alternative[0][0]) == "BRANCH":
            inner = _flatten([[*sub, *alternative[1:]] for sub in alternative[0][1][1]])
            if inner is None:
                return None
            out.extend(inner)
        else:
            out.append(list(alternative))
        if len(out) > _MAX_ALTERNATIVES:
            return None
    return out


def _boundary() -> tuple[Any, Any]:
    """A parsed ``\\b``."""
    return _sre_parse.parse(r"\b").data[0]  # type: ignore[no-any-return]


def _word(code: int) -> bool:
    """True for an ASCII character that ``\\w`` (and so ``\\b``) counts as a word character."""
    return code < 128 and (chr(code).isalnum() or chr(code) == "_")


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
