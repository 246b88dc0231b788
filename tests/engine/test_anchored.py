"""Anchored any-regexes ("^"/"$" mean the sentence's bounds) keep a clause from tokenising where they cannot match.

A rule whose any-regex is anchored used to send every clause holding one of its gate words to the tokenizer;
now the regex without its zero-width assertions (regex_twin.relaxed) is searched first, and the clause is
tokenised only where it is found. These tests hold that shortcut to the slow path's exact answers.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausecheck import nlp, regex_twin
from clausecheck.engine import language, load_ruleset
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.matchers import BySentence, CompiledRule, PatternSet
from clausecheck.model import Rule
from clausecheck.policy import Policy

RULESET = load_ruleset(Policy())
SOURCES = [
    r"\bpenalt(?:y|ies)\s+for\s+(?:any\s+)?(?:breach|delay|late)\w*(?!\s*[.:]?\s*$)",
    r"^exclusiv\w*\.$",
    r"^(?:term|renewal)\b",
    r"(?<!non-)exclusive\s*$",
    r"\bfee\b(?=\s*\.)",
    r"(?<=\bno )penalty",
    r"\Aterm\b.*?\.\Z",
    r"^\s*(?:\(\w\)\s*)?shall(?!\s+not)",
    r"(?:^|;\s*)penalty(?:\s+for)?$",
]
WORDS = ["penalty", "Penalty", "penalties", "for", "breach", "Breach", "late", "delay", "term", "Term", "renewal",
         "exclusive", "Exclusivity", "non-exclusive", "fee", "no", "shall", "not", "any", "(a)", ".", ":", ";", ".",
         "\n", " ", "  ", "U.S.", "Inc.", "5.", "ſhall", "K"]
TEXTS = st.lists(st.sampled_from(WORDS), max_size=40).map(lambda ws: " ".join(ws).replace(" \n ", "\n"))


def _tokenised(text: str):
    doc = nlp.get().tokenizer(text.replace("\n", " "))  # as checker.run tokenises a clause
    doc.user_data["cc_text"] = text
    return doc


def _pieces(text: str) -> list[tuple[int, str]]:
    """Each sentence as regex_spans hands it to an anchored regex: (offset, stripped text)."""
    out = []
    for a, b in language.sentence_bounds(_tokenised(text)):
        piece = text[a:b].rstrip()
        out.append((a + len(piece) - len(piece.lstrip()), piece.lstrip()))
    return out


@pytest.mark.parametrize("source", SOURCES)
@given(text=TEXTS)
def test_relaxed_twin_matches_every_match_of_the_anchored_regex(source, text):
    regex, relaxed = re.compile(source, re.IGNORECASE), regex_twin.relaxed(source)
    assert relaxed is not None
    if not ClauseText.of(text).safe:  # never used there (see test_unsafe_text_is_always_tokenised)
        return
    lowered = text.lower()
    for offset, piece in _pieces(text):
        for m in regex.finditer(piece):
            # the same characters of the whole lower-cased clause, whatever its sentence bounds were
            assert relaxed.fullmatch(lowered, offset + m.start(), offset + m.end()), (piece, m.span())


@pytest.mark.parametrize("source", [
    r"(?>a(?=x)|ab)c",  # the atomic group commits to "a" once the lookahead is gone: "abc" would be missed
    r"a*+(?=b)",
    r"(a)x\1$",
    r"(?-i:^Term)",  # no twin at all
])
def test_no_relaxed_twin_where_dropping_assertions_could_reject(source):
    assert regex_twin.relaxed(source) is None


def test_dropping_an_atomic_groups_lookahead_would_miss_a_match():
    # why relaxed() refuses atomic groups: the assertion steered which branch the group committed to
    assert re.search(r"(?>a(?=x)|ab)c", "abc") and not re.search(r"(?>a|ab)c", "abc")


def _anchored_rule() -> CompiledRule:
    rule = RULESET.rules[0]
    fields = {f: getattr(rule, f) for f in rule.__dataclass_fields__}
    match = {"any": [{"regex": SOURCES[0]}, {"regex": r"\bliquidated\s+damages\b"}, {"regex": r"^term\b"}],
             "gate": ["penalty", "penalties", "breach", "liquidated", "term"], "_binds": "any", "_requires": []}
    return PatternSet([Rule(**{**fields, "id": "test.anchored", "match": match})]).compiled[0]


COMPILED = _anchored_rule()
PATTERNS = PatternSet([COMPILED.rule])


def _check_select(text: str) -> bool:
    """Assert select's answer for the anchored rule equals the tokenised path's; return whether it tokenises."""
    compiled = PATTERNS.compiled[0]
    view = ClauseText.of(text)
    wanted, early = PATTERNS.select(view, [compiled])
    truth = PatternSet.role_hits(compiled, "any", view, 0, len(text),
                                 language.sentence_bounds(_tokenised(text)))
    truth = sorted((h for h in truth if h.end > h.start), key=lambda h: (h.start, h.end, h.pattern))
    if not wanted:
        assert truth == [], text
        return False
    if compiled.index in early:  # found without tokenising: must be every hit
        assert sorted(early[compiled.index], key=lambda h: (h.start, h.end, h.pattern)) == truth, text
        return False
    return True


def test_an_anchored_regex_no_longer_makes_a_rule_tokenise_every_gated_clause():
    compiled = PATTERNS.compiled[0]
    assert compiled.any_needs_doc and compiled.any_regex_only and set(compiled.by_sentence) == {0, 2}
    # gate words present, but neither anchored regex can match: not tokenised
    assert not _check_select("Customer shall not breach this Agreement.")
    assert not _check_select("No penalty applies to a breach by either party.")
    # a necessary condition, not an exact one: "term" is found, so the clause is tokenised to see where it stands
    assert _check_select("The Term of this Agreement is five years.")
    # found by the unanchored regex alone: hits known without tokenising
    assert not _check_select("Customer shall pay liquidated damages.")
    # an anchored regex may match: tokenised, hits from the sentences
    assert _check_select("A penalty for late delivery of 2% applies.")
    assert _check_select("Payment is due. Term of this Agreement: five years.")


@given(text=TEXTS)
def test_select_gives_the_tokenised_paths_hits_on_tricky_text(text):
    _check_select(text)


def test_unsafe_text_is_always_tokenised():
    # "ſ" (long s) equals "s" under re.IGNORECASE: the lower-cased twins cannot be trusted on such text
    compiled = PATTERNS.compiled[0]
    assert compiled.sentences_may_match(ClauseText.of("Term ſhall end."))
    assert _check_select("Term ſhall end. A penalty for breach.")


def test_every_shipped_rule_that_needs_the_tokenised_clause_is_prefiltered_before_tokenising():
    # Guard: one rule without such a necessary condition sends every clause holding one of its gate words to the
    # tokenizer (16,164 clauses of the 304 CUAD contracts instead of 4,943, ~3 CPU-s). A test, not a load-time
    # warning: a rule pack author cannot act on it, the engine (or the rule's shape) has to change.
    for compiled in RULESET._patterns.compiled:
        if not compiled.any_needs_doc:
            continue
        if compiled.any_regex_only:
            anchored = [k for k, (role, _, regex, _) in enumerate(compiled.regexes)
                        if role == "any" and isinstance(regex, BySentence)]
            assert anchored and set(compiled.by_sentence) == set(anchored), compiled.rule.id
            assert all(regex_twin.relaxed(compiled.rule.match["any"][compiled.regexes[k][1]]["regex"]) is not None
                       for k in anchored), f"{compiled.rule.id}: an anchored any-regex has no relaxed twin"
        else:
            assert compiled.doc_needs is not None, f"{compiled.rule.id}: no key sets (doc_needs) to skip clauses"
