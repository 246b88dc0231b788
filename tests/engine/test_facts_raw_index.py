"""A SentenceIndex over a SentenceList scans the document itself: it finds what the joined sentence texts hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import quantities as qty
from clausecheck.engine import prefilter
from clausecheck.engine.facts import grams, text
from clausecheck.engine.facts.index import SentenceIndex, _cut_in_a_word, _plain
from clausecheck.model import Clause, Document, Span

# sentence ends, closing quotes, blank lines, other whitespace, heading-like lines, words with the literals
ALPHABET = st.sampled_from(list("aAeT.;!?\"”’)(“ \n\t\u00a0\u2003") + ["Inc.", "\n\n", " Term", " renew", " json",
                                                                      " lines", " 2027", "1/2", "TERM\n", "ſ", "K",
                                                                      "12", "345", "2020"])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)
LITERALS = ["term", "renew", "json lines", "e.", "a\"", ")", "2027", "t", "n", " "]


def _document(source: str, ends: list[int]) -> tuple[Document, list[Clause]]:
    document = Document(path="x.txt", format="txt", text=source, sha256="")
    clauses = [Clause(index=i, number=None, heading="Term", span=Span(start=0, end=min(end, len(source))),
                      text=source[:min(end, len(source))], kind="heading") for i, end in enumerate(ends)]
    return document, clauses


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.lists(st.integers(0, 60), max_size=3), st.permutations(LITERALS))
def test_raw_look_ups_hold_every_sentence_the_texts_hold(source: str, ends: list[int], order: list[str]) -> None:
    document, clauses = _document(source, ends)
    sents = text.split(document, clauses)
    for with_grams in (grams.AVAILABLE, False):  # the raw index finds literals with facts.grams or str.find
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(grams, "AVAILABLE", with_grams)
            raw, exact = SentenceIndex(sents), SentenceIndex(sents, exact=True)
            # a heading cut inside a word ("TERM 1|2345") leaves the document to the joined texts
            assert raw.raw is (prefilter.foldable(source) and not _cut_in_a_word(source, sents.starts))
            assert not exact.raw
            for literal in order:  # in every order: known literals narrow later look-ups
                assert raw.having(literal) == exact.having(literal), literal
            gate = prefilter.Literals((("term", "renew"), ("json lines", "2027")))
            assert set(exact.where(gate)) <= set(raw.where(gate))
            assert raw.matching(qty.DATE_HINT) == exact.matching(qty.DATE_HINT)
            assert list(raw.iter_matching(qty.DATE_HINT)) == raw.matching(qty.DATE_HINT)


@pytest.mark.parametrize("source,ends", [("TERM 12345", [6]), ("Term 1/2020", [6]),
                                         ("AGREEMENT\n\n" + "A" * 30 + "12345" + "B" * 20, [42])])
def test_a_date_hint_running_across_a_cut_in_a_word_hides_no_sentence(source: str, ends: list[int]) -> None:
    document, clauses = _document(source, ends)
    sents = text.split(document, clauses)
    assert SentenceIndex(sents).matching(qty.DATE_HINT) == SentenceIndex(sents, exact=True).matching(qty.DATE_HINT)


def test_literals_with_whitespace_or_quotes_are_looked_up_in_the_texts() -> None:
    source = "The data is exported as JSON\nLines.  The Term\u00a0renews on \"Renewal\") Date.\n\nNo json lines here"
    sents = text.split(Document(path="x.txt", format="txt", text=source, sha256=""))
    index = SentenceIndex(sents)
    assert index.raw
    assert [sents.texts[i] for i in index.having("json lines")] == ["The data is exported as JSON Lines.",
                                                                    "No json lines here"]
    assert index.having("term renews") == [1]
    assert index.having("renewal\")") == [1]
    assert index.having("renew") == [1]
    assert not _plain("a b") and not _plain("x)") and not _plain("") and _plain("terminat")
