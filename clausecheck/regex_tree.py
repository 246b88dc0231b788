"""Reading regexes with re's own parser: the parse tree, its items, and the regex safety check.

The parser is private to ``re`` and moved in Python 3.11. Below both the engine and quantities (regex_twin
reads parses with it); engine.prefilter re-exports these names, and the engine modules that walk regexes
(phrases, rule_patterns, regex_set) import them from there.
"""

from __future__ import annotations

from typing import Any

try:  # Python 3.11+: the regex parser moved under re._parser
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def sub_items(sub: Any) -> list[Any]:
    """The items of a parsed (sub)pattern, not to be modified: a SubPattern's own list (``list(sub)`` would call
    its Python ``__getitem__`` once per item, most of the cost of walking a rule pack's parses)."""
    data = getattr(sub, "data", None)
    return data if isinstance(data, list) else list(sub)


def _letter(item: Any) -> str:
    """The lower-case ASCII character a literal (or a class like [Ee]) matches, else ""."""
    op, av = item
    if str(op) == "LITERAL" and av < 128:
        return chr(av).lower()
    if str(op) == "IN" and av and all(str(o) == "LITERAL" and v < 128 for o, v in av):
        chars = {chr(v).lower() for _, v in av}
        return chars.pop() if len(chars) == 1 else ""
    return ""


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

