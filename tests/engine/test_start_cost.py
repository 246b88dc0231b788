"""What a rule pack defers from load to first use gives exactly what building it at load gave."""

from __future__ import annotations

import re

import pytest

from clausecheck.engine import load_ruleset
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.compiled_rule import BySentence, Compiling
from clausecheck.engine.matchers import PatternSet
from clausecheck.model import Rule
from clausecheck.policy import Policy

_RULES = load_ruleset(Policy()).rules


def _rule(rule_id: str, any_patterns: list) -> Rule:
    rule = _RULES[0]
    fields = {f: getattr(rule, f) for f in rule.__dataclass_fields__}
    return Rule(**{**fields, "id": rule_id, "source": None, "examples": (),
                   "match": {"any": any_patterns, "_binds": "any", "_requires": [], "gate": None}})


_SOURCES = [r"shall\s+not\s+terminate", r"(?P<who>provider|customer)\s+shall", r"(a)?(?(1)b|c)", r"\bİ\w+",
            r"^term\b", r"(\w+) \1", r"(?i:Renew)\w*"]


def test_a_valid_regex_is_compiled_on_first_use_and_matches_as_re_does() -> None:
    patterns = PatternSet([_rule("test.lazy", [{"regex": s} for s in _SOURCES])])
    assert patterns.problems["test.lazy"] == []
    regexes = [r for _, _, r, _ in patterns.compiled[0].regexes]
    lazy = [r.regex if isinstance(r, BySentence) else r for r in regexes]
    assert all(isinstance(r, Compiling) and r._regex is None for r in lazy)  # nothing compiled at load
    text = "Customer shall NOT terminate; term term. Renewal İstanbul the the ab c Provider shall"
    for source, regex in zip(_SOURCES, lazy, strict=True):
        plain = re.compile(source, re.IGNORECASE)
        assert regex.pattern == source
        assert [m.span() for m in regex.finditer(text, 3, 70)] == [m.span() for m in plain.finditer(text, 3, 70)]
        assert [m.span() for m in regex.finditer(text)] == [m.span() for m in plain.finditer(text)]
        found, expected = regex.search(text, 5), plain.search(text, 5)
        assert (found and found.span()) == (expected and expected.span())
        assert regex.regex == plain  # the same compiled pattern, kept
        assert regex.regex is regex.regex


def test_rules_sharing_a_source_share_its_compiled_regex() -> None:
    patterns = PatternSet([_rule(f"test.{n}", [{"regex": r"auto\w*\s+renew"}]) for n in "ab"])
    first, second = (c.regexes[0][2] for c in patterns.compiled)
    assert first is second
    hits = patterns.select(ClauseText.of("It renews: auto-renew no; AUTOMATIC  renewal yes."), patterns.compiled)[1]
    assert {i: [(h.start, h.end) for h in found] for i, found in hits.items()} == {0: [(26, 42)], 1: [(26, 42)]}


@pytest.mark.parametrize("source", [r"(?<=a+)b", r"(?<!ab|c)d", r"(unclosed", r"a{4294967296}"])
def test_what_re_rejects_is_still_a_problem_at_load(source: str) -> None:
    patterns = PatternSet([_rule("test.bad", [{"regex": source}])])
    assert [p.split(":")[0] for p in patterns.problems["test.bad"]] == ["match.any[0].regex"]
    assert "invalid regular expression" in patterns.problems["test.bad"][0]
