"""The shared pipeline (clausecheck.nlp) tokenises and splits sentences exactly as ``spacy.blank("en")`` does."""

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
    assert pipeline.lang == "en" and pipeline.pipe_names == ["sentencizer"]
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
