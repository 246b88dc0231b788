"""Fact readers that skip sentences answer exactly as the plain readers that read every sentence."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import quantities as qty
from clausecheck.engine.facts import term, text
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
