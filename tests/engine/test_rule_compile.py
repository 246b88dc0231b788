"""Compiling a rule pack faster (one parse per regex source, no collector pauses) builds the very same matchers."""

from __future__ import annotations

import gc
import re

import pytest

from clausecheck import regex_twin
from clausecheck.engine import load_ruleset, prefilter
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.matchers import PatternSet, collector_paused, pattern_groups, uses_anchors
from clausecheck.model import Rule
from clausecheck.policy import Policy

RULESET = load_ruleset(Policy())
TRICKY = [
    r"(?P<who>provider|customer)\s+shall", r"(?x) a \s+ b  # comment", r"(?i:Renew)\w*", r"(?<=no )penalty",
    r"(?<!\bwithin\s)\bup\s+to", r"(a)?(?(1)b|c)", r"(?>ab|a)c", r"a*+b", r"^term\b", r"(?:x|^)y", r"(?=.*$)z",
    r"(?!^)w", r"[^\W\d_]+", r"\Aa\Z", r"(?s:.)", r"[\w'’(),-]+", r"\bé\b",
]


def _sources() -> list[str]:
    out = []
    for compiled in RULESET._patterns.compiled:
        for _, patterns in pattern_groups(compiled.rule):
            out.extend(p["regex"] for p in patterns if isinstance(p, dict) and "regex" in p)
    return sorted(set(out)) + TRICKY


def _anchored_reference(items) -> bool:
    """The generic walk used before: any AT_BEGINNING / AT_END anywhere in the parse."""
    for item in items if isinstance(items, (list, tuple)) else ():
        if isinstance(item, tuple) and len(item) == 2 and str(item[0]) == "AT" and str(item[1]) in (
                "AT_BEGINNING", "AT_END"):
            return True
        if hasattr(item, "__iter__") and not isinstance(item, (str, bytes)) and _anchored_reference(list(item)):
            return True
        if hasattr(item, "data") and _anchored_reference(item.data):
            return True
    return False


@pytest.mark.parametrize("source", _sources())
def test_compiling_from_the_parse_gives_re_compiles_pattern(source):
    tree = prefilter.parse_tree(source)
    assert regex_twin.compile_tree(source, tree, re.IGNORECASE) == re.compile(source, re.IGNORECASE)
    # the parse is shared (twins, prefilters): compiling from it must leave it as it was
    assert repr(list(tree.data)) == repr(prefilter.parse(source)) and regex_twin.lowered(source, tree) == \
        regex_twin.lowered(source)
    assert uses_anchors(prefilter.parse(source)) == _anchored_reference(prefilter.parse(source))


@pytest.mark.parametrize("source", [r"(?<=a+)b", r"(?<=a|bc)d"])
def test_a_regex_re_cannot_compile_fails_alike(source):
    with pytest.raises(re.error):
        re.compile(source, re.IGNORECASE)
    with pytest.raises(re.error):
        regex_twin.compile_tree(source, prefilter.parse_tree(source), re.IGNORECASE)


def test_invalid_regexes_are_still_reported_at_load():
    patterns = PatternSet([_rule("test.bad", [{"regex": r"(?<=a+)b"}, {"regex": r"(unclosed"}])])
    problems = patterns.problems["test.bad"]
    assert len(problems) == 2 and all("invalid regular expression" in p for p in problems)


def _rule(rule_id: str, any_patterns: list, **match) -> Rule:
    rule = RULESET.rules[0]
    fields = {f: getattr(rule, f) for f in rule.__dataclass_fields__}
    return Rule(**{**fields, "id": rule_id, "source": None, "examples": (),
                   "match": {"any": any_patterns, "_binds": "any", "_requires": [], **match}})


def test_rules_sharing_a_regex_share_its_parse_and_its_twin_and_scan_a_clause_once():
    shared = r"\bshall\s+not\s+terminat\w*"
    patterns = PatternSet([_rule("test.one", [{"regex": shared}]), _rule("test.two", [{"regex": shared}])])
    one, two = patterns.compiled
    assert one.parsed[0] is two.parsed[0] and one.fast_at(0) is two.fast_at(0)
    view = ClauseText.of("Customer shall not terminate this Agreement. Provider SHALL NOT TERMINATE it either.")
    assert one.any_hits(view) == two.any_hits(view) == PatternSet.role_hits(one, "any", view, 0, len(view.text), ())
    assert len(view.found) == 1 and len(one.any_hits(view)) == 2


def test_literal_factors_proven_by_the_needed_keys_are_not_tested_again():
    patterns = PatternSet([_rule("test.keys", [{"regex": r"\bshall\s+not\s+terminat\w*"}])])
    compiled = patterns.compiled[0]
    # "shall" and "not" are whole words with keys of their own; "terminat" is longer than its key "termi"
    assert prefilter.literals(r"\bshall\s+not\s+terminat\w*").factors == (("terminat",), ("shall",), ("not",))
    assert compiled.any_gates[0].factors == (("terminat",),)
    assert compiled.any_hits(ClauseText.of("Customer shall not termite.")) == []


def test_sub_items_are_the_items_of_a_parse():
    tree = prefilter.parse_tree(r"(?:a|b)+c(d)")
    assert prefilter.sub_items(tree) == list(tree) and prefilter.sub_items(tree[0][1][2]) == list(tree[0][1][2])
    assert prefilter.sub_items([1, 2]) == [1, 2]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_compiling_and_left_as_it_was(enabled):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_compile_tree_falls_back_to_re_compile_when_the_private_compiler_differs(monkeypatch) -> None:
    """Another CPython whose private _sre.compile takes other arguments still gets the same patterns."""

    class Changed:
        @staticmethod
        def compile(*args: object) -> None:
            raise TypeError("compile() takes 7 positional arguments")

    monkeypatch.setattr(regex_twin, "_sre", Changed)
    for source in TRICKY:
        pattern = regex_twin.compile_tree(source, prefilter.parse_tree(source), re.IGNORECASE)
        assert pattern == re.compile(source, re.IGNORECASE)
