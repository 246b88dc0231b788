"""Fact readers that skip sentences answer exactly as the plain readers that read every sentence."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import quantities as qty
from clausecheck.engine import prefilter
from clausecheck.engine.facts import index as index_module
from clausecheck.engine.facts import renewal, term, text
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.model import Document


def _reference_effective_date(sents):
    """The Effective Date as first written: the dates of every sentence read, in order."""
    dated, fallback = [], (None, None)
    for s in sents:
        dates = qty.find_dates(s.text)
        dated.append((s, dates))
        for d in dates:
            before, after = s.text[max(0, d.start - 60):d.start], s.text[d.end:d.end + 60]
            if term._EFFECTIVE_AFTER.match(after) or term._DEFINED_EFFECTIVE.search(before):
                return d.value, s
            if fallback[0] is None and term._EFFECTIVE_CUE.search(before[-30:]) and s.start < 6000:
                fallback = (d.value, s)
    if fallback[0] is None:
        for s, dates in dated:
            if s.start < 3000 and term._AGREEMENT_WORDS.search(s.text) and dates:
                return dates[0].value, s
    return fallback


DATED = [
    "This Agreement is made as of January 5, 2020 between Acme and ModelCo.",
    'The "Effective Date" of this Agreement is 1 March 2021.',
    "Dated 2/3/2019.",
    "This Agreement (the \"Commencement Date\" being 4 May 2018) is binding.",
    "The Agreement is dated as of June 1, 2017 and entered into by the parties.",
    "Invoices issued on 7/8/2016 are payable in thirty days.",
    "The EFFECTıVE DATE of the amendment is 9 September 2015.",  # dotless i: literal tests cannot see the word
    "The commencement of services was delayed; the Effective Date shall be 10 October 2014.",
]
FILLER = ["The parties agree to cooperate in good faith. " * 20, "Nothing here.", "Section 4 is reserved for 1999."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATED + FILLER), max_size=40))
def test_effective_date_reads_as_every_sentence(parts: list[str]) -> None:
    sents, at = [], 0
    for part in parts:
        sents.append(text.Sentence(at, at + len(part), part))
        at += len(part) + 1
    expected = _reference_effective_date(sents)
    assert term._effective_date(sents) == expected
    assert term._effective_date(sents, SentenceIndex(sents)) == expected
    document = Document(path="x.txt", format="txt", text=" ".join(parts), sha256="")
    split = text.split(document)  # a SentenceList: starts and texts read without making Sentence objects
    assert term._effective_date(split) == _reference_effective_date(list(split))


def test_effective_date_beyond_the_top_only_when_named() -> None:
    filler = text.Sentence(0, 7000, "x" * 7000)
    made = text.Sentence(7001, 7060, DATED[0])
    named = text.Sentence(7100, 7150, DATED[1])
    assert term._effective_date([filler, made]) == (None, None)
    assert term._effective_date([filler, made, named]) == (date(2021, 3, 1), named)
    dotless = text.Sentence(7200, 7260, DATED[6])
    assert term._effective_date([filler, made, dotless]) == (date(2015, 9, 9), dotless)


WORDS = st.sampled_from(["term", "Terminated", "terminate", "the", "agreement", "notice", "prior", "ſ", "K", "renew",
                         "non-renewal", ".", " ", "end"])
SENTENCES = st.lists(st.lists(WORDS, max_size=8).map(" ".join), max_size=30)
LITERALS = ["term", "terminat", "terminated", "renew", "renewal", "end", "notice", "prior"]


def _plain_having(texts: list[str], ids: list[int], literal: str) -> list[int]:
    return [i for i in ids if prefilter.foldable(texts[i]) and literal in texts[i].lower()]


@settings(max_examples=300, deadline=None)
@given(SENTENCES, st.permutations(LITERALS))
def test_having_from_a_known_substring_is_a_scan(texts: list[str], order: list[str]) -> None:
    sents = [text.Sentence(i, i + 1, t) for i, t in enumerate(texts)]
    for cost in (0, 10**9):  # narrowing always (a bounded find per sentence costs nothing) or never
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(index_module, "_PER_SENTENCE", cost)
            index = SentenceIndex(sents)
            for literal in order:  # in every order: known shorter literals narrow the later look-ups
                assert index.having(literal) == _plain_having(texts, index.ids, literal), literal


@settings(max_examples=300, deadline=None)
@given(SENTENCES, st.lists(st.sampled_from([("term",), ("notice", "prior"), ("renew", "end"), ("terminated",)]),
                           min_size=1, max_size=3), st.permutations(LITERALS))
def test_where_narrows_later_factors_exactly(texts, factors, known) -> None:
    sents = [text.Sentence(i, i + 1, t) for i, t in enumerate(texts)]
    unsafe = {i for i, t in enumerate(texts) if not prefilter.foldable(t)}
    expected = [i for i, t in enumerate(texts)
                if i in unsafe or all(any(a in t.lower() for a in factor) for factor in factors)]
    for cost in (0, 10**9):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(index_module, "_PER_SENTENCE", cost)
            index = SentenceIndex(sents)
            for literal in known[:3]:
                index.having(literal)  # some literals known beforehand, some not
            assert index.where(prefilter.Literals(tuple(factors))) == expected


def test_may_hold_duration_sees_digits_of_any_script() -> None:
    arabic = "January 1, \u0662\u0660\u0662\u0667"  # a year in Arabic-Indic digits: \d and int() read it
    assert qty.find_dates(arabic) and qty.may_hold_duration(arabic)
    assert qty.may_hold_duration("Signed 1/2") and not qty.may_hold_duration("Section 4.2 of the Agreement")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["renew", "Renewal", "non-renewal", "nonrenewal", "The", "this", "Term", "terms",
                                 "rolls", "rolled", "fails", "a", "an", "x", "_", "ſ", "K", " ", "-", "é"]),
                max_size=12).map("".join))
def test_cues_with_a_leading_word_boundary_match_as_their_pattern(source: str) -> None:
    """Their branches run as case-sensitive twins whose leading \\b regex_twin moves behind the first letters."""
    for cue in (renewal._RENEW_CUE, term._TERM_SUBJECT):
        assert cue.found(source) is (cue.rx.search(source) is not None)
        first = cue.first(source)
        expected = cue.rx.search(source)
        assert (first.span(), first.string) == (expected.span(), source) if expected else first is None
