"""A clause whose rules' any-hits are all known before tokenising is tokenised only when a hit passes the
text-only tests; its sentences come from nlp.sentence_cuts. Results are those of tokenising every clause."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from outcome_probe import POLICY, ROOT, RULESET, outcomes, sample_paths

from clausecheck import nlp, segment
from clausecheck.engine import check
from clausecheck.engine.clause_tokens import ClauseTokens
from clausecheck.ingest import load
from clausecheck.model import RuleKind


def test_lazy_tokenising_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sample_paths(60)
    lazy = outcomes(paths)
    # None for every clause: each is tokenised up front and its sentences read from the Doc, as before.
    monkeypatch.setattr(nlp, "sentence_cuts", lambda texts: [None] * len(texts))
    assert outcomes(paths) == lazy
    assert any(len(found) > 1 for found in lazy)  # findings were compared, not just empty tuples


def test_clauses_whose_hits_fail_text_only_tests_are_not_tokenised(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    whole, around = ClauseTokens.doc.fget, ClauseTokens.around

    def counting(self: ClauseTokens):  # type: ignore[no-untyped-def]
        made.append(self.text)
        return whole(self)

    def counting_around(self: ClauseTokens, sentence: tuple[int, int]):  # type: ignore[no-untyped-def]
        made.append(self.text)
        return around(self, sentence)

    monkeypatch.setattr(ClauseTokens, "doc", property(counting))
    monkeypatch.setattr(ClauseTokens, "around", counting_around)
    path = ROOT / "samples" / "lockin-heavy.txt"
    document = load(path)
    clauses = segment.split(document)
    outcome = check(document, clauses, RULESET, POLICY, display_path=path.name)
    assert len(set(made)) < len([c for c in clauses if c.kind != "definition"])  # not every clause...
    # ...but every clause a matched finding (risk, weak, info) quotes: accepting a hit needs its tokens.
    # (Threshold findings quote the facts' evidence, not a hit.)
    matched = {r.id for r in RULESET.rules if r.kind is not RuleKind.THRESHOLD}
    quoted = {c.text for f in outcome.findings if f.span is not None and f.kind.value != "missing"
              and f.rule_id in matched
              for c in clauses if c.span.start <= f.span.start < c.span.end}
    assert quoted and quoted <= set(made)


_WORDS = ["Provider", "Customer", "Acme", "Corp", "you", "may", "shall", "not", "no", "never", "terminate", "be",
          "terminated", "by", "either", "party", "the", "parties", "grants", "a", "licence", ",", ";", ".", "!", "?",
          "(a)", "(ii)", "except", "unless", "less", "than", "Inc.", "non-exclusive", "'s", "’s", "“", "”", ")", "(",
          "at", "its", "sole", "discretion", "Nothing", "herein", "on", "one", "hand", "other",
          # special cases spaCy matches across one " " (":p", "'s", "°c") overlapping ones it applies ("p.")
          "Form:", "p.Customer", "p.", "s.", "°", "c.Provider", "'"]
_GAPS = [" ", " ", " ", "", "  ", "\n", " \n ", "\t"]
_ROLES = {"provider": "provider", "customer": "customer", "acme corp": "provider", "acme": "provider",
          "you": "customer", "the parties": "mutual"}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=50))
def test_a_sentence_window_reads_as_the_whole_clause(pieces: list[tuple[str, str]]) -> None:
    """Negation, binding and permissive subjects of every character of every sentence are the same on the
    sentence's window Doc as on the whole clause's Doc."""
    from clausecheck.engine import language

    text = "".join(word + gap for word, gap in pieces)
    tokens = ClauseTokens(nlp.get().tokenizer, text.replace("\n", " "), text)
    whole = nlp.get().tokenizer(text.replace("\n", " "))
    whole.user_data["cc_text"] = text
    for sentence in language.sentence_bounds(whole):
        window = tokens.around(sentence)
        for char in range(sentence[0], sentence[1]):
            assert language.is_negated(window, char, sentence) == language.is_negated(whole, char, sentence)
            assert language.bound_party(window, _ROLES, char, sentence) == \
                language.bound_party(whole, _ROLES, char, sentence)
            assert language.permissive_subject(window, _ROLES, char, sentence) == \
                language.permissive_subject(whole, _ROLES, char, sentence)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=40))
def test_a_sentence_window_has_the_whole_clauses_tokens_in_the_sentence(pieces: list[tuple[str, str]]) -> None:
    """Every token of a sentence is the whole clause's token at that offset, also where a tokenizer special case
    could span the " " before the window's first chunk ("Form: p.Customer": the whole text splits "p." there)."""
    from clausecheck.engine import language

    text = "".join(word + gap for word, gap in pieces).replace("\n", " ")
    tokens = ClauseTokens(nlp.get().tokenizer, text, text)
    whole = nlp.get().tokenizer(text)
    for sentence in language.sentence_bounds(whole):
        window = tokens.around(sentence)
        inside = [(t.idx, t.text) for t in whole if sentence[0] <= t.idx < sentence[1]]
        assert [(t.idx, t.text) for t in window if sentence[0] <= t.idx < sentence[1]] == inside, text


def test_a_window_after_a_special_case_across_one_blank_is_the_whole_doc() -> None:
    text = "Licensor grants rights under Order Form: p.Customer shall not buy elsewhere."
    tokens = ClauseTokens(nlp.get().tokenizer, text, text)
    assert tokens.around((text.index("Customer"), len(text))) is tokens.doc
