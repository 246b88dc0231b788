"""The shared pipeline (clausecheck.nlp) tokenises and splits sentences exactly as ``spacy.blank("en")`` does, but
for its one addition: a reference stop ("Exhibit C. Customer ...") ends a sentence."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import IS_PUNCT, LIKE_NUM, LOWER, NORM, ORTH, SHAPE, SPACY

from clausecheck import nlp

ROOT = Path(__file__).resolve().parents[1]
CUAD = ROOT.parent / "shared" / "cuad-dev" / "contracts"
_ATTRS = [ORTH, LOWER, NORM, SHAPE, IS_PUNCT, LIKE_NUM, SPACY]


@functools.cache
def _reference() -> spacy.language.Language:
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    nlp.get()  # registers the component
    reference.add_pipe("reference_stops")
    return reference


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return _reference()


def _same(pipeline: spacy.language.Language, reference: spacy.language.Language, text: str) -> None:
    ours, theirs = pipeline(text), reference(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [t.idx for t in ours] == [t.idx for t in theirs]
    for attr in _ATTRS:  # hashes of the same strings in two vocabularies: compare the strings behind them
        assert [ours.vocab.strings[h] if attr in (ORTH, LOWER, NORM, SHAPE) else h for h in
                ours.to_array([attr]).ravel().tolist()] == \
               [theirs.vocab.strings[h] if attr in (ORTH, LOWER, NORM, SHAPE) else h for h in
                theirs.to_array([attr]).ravel().tolist()], attr
    assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in theirs]
    assert nlp.sentence_starts(pipeline.make_doc(text)) == [s.start for s in theirs.sents]


def test_the_pipeline_is_blank_english_with_a_sentencizer() -> None:
    pipeline = nlp.get()
    assert pipeline.lang == "en" and pipeline.pipe_names == ["sentencizer", "reference_stops"]
    assert pipeline.max_length >= 10**8
    assert nlp.get() is pipeline  # built once per process


def test_tricky_text_tokenises_as_blank_english(blank: spacy.language.Language) -> None:
    text = ("U.S. Customer's fees (USD 1,200,000.00) e.g. don't can't 3-year 10% vs. Inc. Ltd. co-op "
            "https://x.example/a?b=1 a@b.io 9:30am 36-month “quoted” — dash… ellipsis.\n\n(a) item; (ii) x.Y "
            "Sec. 4.2(b)(iii) 12th 2nd $5k 5km ¼ ½ naïve Straße ÅNGSTRÖM 'Tis y'all o'clock ’em")
    _same(nlp.get(), blank, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9.,;:!?'\"()-–—$%/@&* \n\t’“”e.g.Inc.U.S.")), max_size=200))
def test_generated_text_tokenises_as_blank_english(text: str) -> None:
    _same(nlp.get(), _reference(), text)


@pytest.mark.skipif(not CUAD.is_dir(), reason="dev corpus not present")
def test_dev_contracts_tokenise_as_blank_english(blank: spacy.language.Language) -> None:
    for path in sorted(CUAD.glob("*.txt"))[::50]:
        _same(nlp.get(), blank, path.read_text(encoding="utf-8")[:30_000])


@pytest.mark.parametrize("text,second", [
    ("Fees are set out in Exhibit C. Customer shall pay them.", "Customer shall pay them."),
    ("Listed in Schedule B.  The Supplier shall ship.", " The Supplier shall ship."),  # the blank token opens it
    ("See Sections A. B. and C. The Parties agree.", "B. and C. The Parties agree."),
    ("as described in Appendix D. Either party may terminate.", "Either party may terminate."),
])
def test_a_reference_stop_ends_a_sentence(text: str, second: str) -> None:
    doc = nlp.get()(text)
    assert [s.text for s in doc.sents] == [text[:-len(second)].rstrip(" "), second]
    assert nlp.sentence_starts(nlp.get().make_doc(text)) == [s.start for s in doc.sents]


@pytest.mark.parametrize("text", [
    "John F. Kennedy shall sign.",  # an initial, no reference word
    "the U.S. Customer shall pay.",
    "Exhibit A. of the Agreement lists the fees.",  # a lower-case word after the stop
    "Exhibit A.Customer shall pay.",  # no blank: one token
    "Exhibit 4. Customer shall pay.",  # a number: the sentencizer's own full stop (one cut, as before)
    "Section 4(a). Customer shall pay.",
    "Plan A. The Customer shall pay.",  # not a reference word
])
def test_look_alikes_of_a_reference_stop_are_read_as_before(text: str) -> None:
    ours, theirs = nlp.get()(text), _plain()(text)
    assert [s.start for s in ours.sents] == [s.start for s in theirs.sents]


@functools.cache
def _plain() -> spacy.language.Language:
    plain = spacy.blank("en")
    plain.add_pipe("sentencizer")
    return plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", ".", "!", "?", "…", "。", " ", "  ", "\n", "(", ")", '"', ",", "Exhibit ",
                                 "Schedule ", "C.", " A. ", "Inc.", "U.S.", "The", "-", "3.5"]), max_size=80))
def test_the_long_text_path_finds_the_loops_starts(pieces: list[str]) -> None:
    """sentence_starts reads a long Doc with one binary search for all marks: the same starts as its loop."""
    doc = nlp.get().make_doc("".join(pieces))  # at most 80 pieces: sentence_starts takes its loop
    if len(doc):
        assert nlp._starts_of_long(doc) == nlp.sentence_starts(doc)


@pytest.mark.skipif(not CUAD.is_dir(), reason="dev corpus not present")
def test_long_dev_contracts_take_the_long_text_path(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [nlp.get().make_doc(path.read_text(encoding="utf-8")) for path in sorted(CUAD.glob("*.txt"))[::40]]
    long = [nlp.sentence_starts(doc) for doc in docs]
    monkeypatch.setattr(nlp, "_VECTOR_TOKENS", 10**9)  # every Doc through the loop
    assert [nlp.sentence_starts(doc) for doc in docs] == long
