"""Document-wide rule selection (engine.batch_select) and context gates (CompiledRule.context_may_match) change no
result: select_many is select per clause minus the rules whose near/all context cannot match, and such a rule
would have yielded no candidate there."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from outcome_probe import ROOT, RULESET, outcomes, sample_paths

from clausecheck.engine import batch_select
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.compiled_rule import CompiledRule
from clausecheck.engine.matchers import PatternSet

_PATTERNS: PatternSet = RULESET._patterns
_GATED = [c for c in _PATTERNS.compiled if c.near_needed is not None or c.all_needed]
# Words of the shipped rules' any-, near- and all-patterns, with noise and characters that defeat the prefilters.
_VOCAB = ["shall", "not", "terminate", "termination", "expiration", "export", "data", "customer", "provider",
          "return", "deliver", "format", "days", "within", "thirty", "(30)", "following", "upon", "fee", "fees",
          "early", "renew", "renewal", "non-renewal", "notice", "written", "prior", "model", "deprecat",
          "deprecation", "version", "retire", "requirements", "purchase", "all", "of", "its", "transition",
          "assistance", "weights", "fine-tuned", "survive", "obligations", "the", "at", "least", "İ", "\u212a", "é"]
_SEPS = [" ", "  ", "\n", ", ", "; ", ". ", "-", "", "(a) ", "\t"]
_TEXTS = st.lists(st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_SEPS)), max_size=45).map(
    lambda pieces: "".join(word + sep for word, sep in pieces))


def _expected(views: list[ClauseText], rules: list[CompiledRule]) -> list[tuple[list[int], dict]]:
    """select per clause (fresh views), without the rules whose context cannot match (safe clauses only)."""
    out = []
    for view in views:
        fresh = ClauseText.of(view.text)
        wanted, early = _PATTERNS.select(fresh, rules)
        if fresh.safe:
            kept = [c for c in wanted if c.context_may_match(fresh)]
            early = {i: h for i, h in early.items() if i in {c.index for c in kept}}
            wanted = kept
        out.append(([c.index for c in wanted], early))
    return out


def _same(texts: list[str]) -> None:
    rules = list(_PATTERNS.compiled)
    views = [ClauseText.of(t) for t in texts]
    got = [([c.index for c in w], e) for w, e in batch_select.select_many(_PATTERNS, views, rules)]
    assert got == _expected(views, rules), texts


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=6))
def test_select_many_is_select_per_clause_minus_impossible_contexts(texts: list[str]) -> None:
    _same(texts)


def test_select_many_on_the_rule_examples_and_samples() -> None:
    texts = [e.text for c in _PATTERNS.compiled for e in c.rule.examples]
    samples = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))
    texts += [s for s in re.split(r"\n\s*\n", samples) if s.strip()]
    texts += [t.upper() for t in texts[:40]] + ["Kelvin \u212a shall terminate"]
    _same(texts)
    selected = batch_select.select_many(_PATTERNS, [ClauseText.of(t) for t in texts], _PATTERNS.compiled)
    assert sum(bool(early) for _, early in selected) > 50  # the comparison is made where the regexes hit


def _windows(text: str, rng: random.Random) -> list[tuple[int, int]]:
    cuts = sorted({0, len(text), *(rng.randrange(len(text) + 1) for _ in range(4))})
    return list(itertools.pairwise(cuts)) + [(0, len(text))]


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.randoms(use_true_random=False))
def test_an_impossible_context_matches_in_no_window(text: str, rng: random.Random) -> None:
    """context_may_match is False only when no near-regex (or some all-regex) matches in any part of the clause,
    whatever the window the checker searches (a sentence, the clause)."""
    view = ClauseText.of(text)
    for compiled in _GATED:
        if compiled.context_may_match(view):
            continue
        for lo, hi in _windows(text, rng):
            sentences = [(lo, hi)]
            near = PatternSet.role_hits(compiled, "near", ClauseText.of(text), lo, hi, sentences)
            present = {h.pattern for h in PatternSet.role_hits(compiled, "all", ClauseText.of(text), lo, hi, sentences)}
            assert not near or len(present) < len(compiled.rule.match.get("all") or ()), (compiled.rule.id, lo, hi)


def test_context_gates_are_read_from_the_shipped_rules() -> None:
    assert len(_GATED) >= 5
    for compiled in _GATED:
        assert not compiled.rule.match.get("across_items")
        for k in (compiled.near_needed or ()) + compiled.all_needed:
            assert compiled.regexes[k][0] in ("near", "all")
    near = _GATED[0]
    assert not near.context_may_match(ClauseText.of("Nothing of the kind at all."))


def test_context_gates_change_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sample_paths(50)

    gated = outcomes(paths)
    monkeypatch.setattr(CompiledRule, "context_may_match", lambda self, clause, screens=True: True)
    assert outcomes(paths) == gated
    assert sum(len(found) > 1 for found in gated) >= 3


def test_the_gate_is_proven_for_every_match_key_the_schema_has() -> None:
    # A new match key may let near/all context come from outside the clause: decide in rule_patterns whether the
    # gate still holds for it, then add it to GATE_PROVEN_KEYS (across_items turns the gate off by itself).
    from clausecheck.engine import rule_patterns, schema

    keys = set(schema.RULE_SCHEMA["properties"]["match"]["properties"])
    assert keys == rule_patterns.GATE_PROVEN_KEYS | {"across_items"}


def test_a_rule_with_a_match_key_the_gate_does_not_know_is_never_gated() -> None:
    import dataclasses

    gated = next(c for c in _GATED if c.near_needed)
    assert PatternSet([gated.rule]).compiled[0].near_needed  # the same rule as shipped is gated
    unknown = dataclasses.replace(gated.rule, match={**gated.rule.match, "context_from_heading": True})
    compiled = PatternSet([unknown]).compiled[0]
    assert compiled.near_needed is None and compiled.all_needed == ()
    assert compiled.context_may_match(ClauseText.of("Nothing of the kind at all."))
