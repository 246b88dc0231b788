"""The speed-ups must never change a result: literal prefilters are sound, and the engine agrees without them."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from clausecheck import ingest, segment
from clausecheck.engine import check, load_ruleset, prefilter
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.matchers import pattern_groups
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
RULESET = load_ruleset(Policy())


@pytest.mark.parametrize(("source", "factors"), [
    (r"\bexclusiv(?:e|ity)\b", (("exclusiv",),)),
    (r"\b(?:sole|exclusive)\s+provider", (("provider",), ("sole", "exclusive"))),
    (r"(?:at\s+its\s+)?sole\s+discretion", (("discretion",), ("sole",))),
    (r"auto(?:matic(?:ally)?)?[\s-]+renew", (("renew",), ("auto",))),
])
def test_literal_factors_of_a_regex(source, factors):
    assert prefilter.literals(source).factors == factors


@pytest.mark.parametrize("source", [r"\d+\s*%", r"(?:ab|)c", r"x?y?", r"[a-z]{3,}", r"(?:renew|)a"])
def test_no_factor_when_a_match_needs_no_literal(source):
    assert prefilter.literals(source) is None


def test_optional_and_lookaround_literals_are_not_required():
    gate = prefilter.literals(r"(?<=Provider )shall(?: not)? terminate")
    assert gate.factors == ((" terminate",), ("shall",))
    assert gate.may_match("shall terminate")
    assert not gate.may_match("shall end it")


def test_unsafe_characters_are_exactly_those_ignorecase_equates_with_ascii():
    letters = [re.compile(re.escape(c), re.IGNORECASE) for c in string.ascii_letters + string.digits]
    text = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    equated = {m.group() for p in letters for m in p.finditer(text)}
    changes_length = {chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000 and len(chr(i).lower()) != 1}
    assert {c for c in text if prefilter.UNSAFE.match(c)} == equated | changes_length


def test_text_with_an_unsafe_character_is_never_prefiltered():
    gate = prefilter.literals(r"\bsole\b")
    view = ClauseText.of("The \u017fole provider.")  # long s: re.IGNORECASE matches it as "s"
    assert re.search(r"\bsole\b", view.text, re.IGNORECASE)
    assert view.may_match(gate, 0, len(view.text))


def _sample_sentences() -> list[str]:
    text = "\n".join((SAMPLES / name).read_text(encoding="utf-8") for name in ("lockin-heavy.txt", "mixed.txt"))
    return [s for s in re.split(r"(?<=[.;:])\s+|\n", text) if s.strip()]


def test_every_shipped_regex_that_matches_passes_its_prefilter():
    sentences = _sample_sentences()
    checked = 0
    for compiled in RULESET._patterns.compiled:
        for role, patterns in pattern_groups(compiled.rule):
            for pattern in patterns:
                if not isinstance(pattern, dict) or "regex" not in pattern:
                    continue
                regex, gate = re.compile(pattern["regex"], re.IGNORECASE), prefilter.literals(pattern["regex"])
                for sentence in sentences:
                    if regex.search(sentence):
                        checked += 1
                        assert gate is None or gate.may_match(sentence.lower()), (compiled.rule.id, role, sentence)
    assert checked > 50


@pytest.mark.parametrize("name", ["lockin-heavy.txt", "mixed.txt", "clean.txt"])
def test_findings_are_the_same_without_any_prefilter(name, monkeypatch):
    document = ingest.load(SAMPLES / name)
    clauses = segment.split(document)
    fast = check(document, clauses, RULESET, Policy(), display_path=name)
    monkeypatch.setattr(prefilter.Literals, "may_match", lambda self, lowered, lo=0, hi=None: True)
    # The engine before prefilters: every rule whose keyword gate passes sees the tokenised clause.
    monkeypatch.setattr(RULESET._patterns, "select", lambda view, rules: ([c for c in rules if c.wanted(view)], {}))
    for compiled in RULESET._patterns.compiled:  # and every regex as written, not its lower-case twin
        monkeypatch.setattr(compiled, "fast", [None] * len(compiled.fast))
    slow = check(document, clauses, RULESET, Policy(), display_path=name)
    assert fast.findings == slow.findings and fast.facts == slow.facts
    assert len(fast.findings) > 5


def test_gated_fact_cues_answer_exactly_as_their_regexes():
    from clausecheck.engine import facts

    cues = [value for value in vars(facts).values() if isinstance(value, facts._Gated)]
    sentences = _sample_sentences() + ["Ths Agreement ſhall automatically renew.", "TERMINATION FOR CONVENIENCE."]
    assert len(cues) >= 10
    hits = 0
    for cue in cues:
        for sentence in sentences:
            expected = cue.rx.search(sentence)
            got = cue.search(sentence)
            assert (got and got.span()) == (expected and expected.span()), (cue.rx.pattern[:60], sentence)
            hits += expected is not None
    assert hits > 30
