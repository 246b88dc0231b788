"""Twins open with literals (a leading \\b moved behind them, leading branches distributed): same spans, faster.

re scans for a literal prefix or a set of first characters in C; a pattern opening with ``\\b``, a nested
branch or an optional part is tried at every position instead. regex_twin rewrites those openings; these tests
hold the rewritten twin to the original case-insensitive regex, from any start and end position.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausecheck import regex_twin

try:
    import re._compiler as _sre_compile  # type: ignore[import-not-found]
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

HEADS = [r"\b", "", r"\b(?:", r"(?:\b"]
FIRSTS = [r"shall", r"(?:shall|will|sh)", r"(?:(?:may|must)\s+not\s+)?", r"(shall|s)", r"(?:a|b(?:c|dd))",
          r"_x", r"\d+", r"(?:E|e1)", r"(?:not\s+)??no", r"(?:x\s+)?(?:y|zz)?", r"[a-c]", r"(?:\(a\)|a)"]
TAILS = [r"\s+not\b", r"\w*", r"(?=\s)", "", r"\b", r"(?:\s+to)?\s+\w+"]
ALPHABET = ["shall", "will", "sh", "may", "must", "not", "no", "to", "a", "b", "c", "dd", "x", "y", "zz", "_x", "1",
            "22", "é", "E", "É", "SHALL", "Not", " ", "  ", "\n", ".", "-", "(", ")", "_", "ſ"]


def _source(head: str, first: str, tail: str) -> str:
    body = head + first + tail
    return body + ")" if body.count("(") > body.count(")") else body


def _spans(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, lo, hi)]


@given(head=st.sampled_from(HEADS), first=st.sampled_from(FIRSTS), tail=st.sampled_from(TAILS),
       other=st.sampled_from(["", r"|\bzz\b", r"|(?:\bno|\bnot)\s+x", r"|\b(?:y)?x"]),
       words=st.lists(st.sampled_from(ALPHABET), max_size=30), cut=st.tuples(st.integers(0, 40), st.integers(0, 200)))
def test_rewritten_twin_finds_the_same_spans(head, first, tail, other, words, cut):
    source = _source(head, first, tail) + other
    regex, twin = re.compile(source, re.IGNORECASE), regex_twin.lowered(source)
    assert twin is not None, source
    text = "".join(words)
    if not text.isascii() and "ſ" in text:  # UNSAFE text never reaches a twin (see prefilter.foldable)
        return
    lo, hi = min(cut[0], len(text)), min(max(cut[0], cut[1]), len(text))
    assert _spans(twin, text.lower(), lo, hi) == _spans(regex, text, lo, hi), (source, text, lo, hi)


def _opening(source: str) -> str:
    """What re's compiler scans for ahead of trying the twin: "prefix", "charset" or "none"."""
    parsed = _sre_parse.parse(source, 0)
    parsed.data = regex_twin._hoist_boundary(regex_twin.lower_items(list(parsed)), parsed.state)
    flags = parsed.state.flags & ~re.IGNORECASE
    if _sre_compile._get_literal_prefix(parsed, flags)[0]:
        return "prefix"
    return "charset" if _sre_compile._get_charset_prefix(parsed, flags) else "none"


@pytest.mark.parametrize(("source", "opening"), [
    (r"\bexclusiv\w*", "prefix"),
    (r"\b(?:shall|will|may)\s+not", "charset"),
    (r"\b(?:shall|will|may|must|agrees?)\s+not\s+x|\bnot\s+to\s+y", "charset"),  # nested branch distributed
    (r"\b(?:(?:may|shall)\s+not\s+)?(?:deviat\w*|vary)", "charset"),  # optional head distributed
    (r"\b(term)\b", "prefix"),  # inside a capturing group
    (r"\b(?:\(\d+\)|\d+)\s+days", "none"),  # "(" is no word character: \b stays where it was
])
def test_twins_open_with_what_re_can_scan_for(source, opening):
    assert _opening(source) == opening


def test_a_huge_distribution_keeps_the_original_shape():
    # each optional part adds two alternatives, each copying the rest: 81 are too many to distribute
    source = r"\b" + "".join(rf"(?:a{i}|b{i})?" for i in range(40)) + "x"
    twin = regex_twin.lowered(source)
    assert twin is not None and _opening(source) == "none"
    assert _opening(r"\b" + "".join(rf"(?:a{i}|b{i})?" for i in range(8)) + "x") == "charset"  # 17: distributed
    text = "a1 b2x a1b2x b39x"
    assert _spans(twin, text, 0, len(text)) == _spans(re.compile(source, re.I), text, 0, len(text)) != []
