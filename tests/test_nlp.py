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
    """spacy.blank("en") and its sentencizer, without our component: the reference stops come from ``_oracle``."""
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    return reference


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return _reference()


_REFS = {w + s for w in ("exhibit", "schedule", "annex", "appendix", "attachment", "article", "section", "part",
                         "paragraph", "clause", "addendum", "item") for s in ("", "s")}
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letter_stop(token) -> bool:
    return len(token.text) == 2 and token.text[0] in _UPPER and token.text[1] == "."


def _spaced(doc, i: int) -> bool:
    """Whitespace right after token i (its trailing space or a whitespace token)."""
    return bool(doc[i].whitespace_) or (i + 1 < len(doc) and doc[i + 1].is_space)


def _tail(token) -> str:
    """The token's last run of word characters, lower-cased ('U.S.Exhibit' ends in the word 'exhibit')."""
    text = token.lower_
    end = len(text)
    while end and (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return text[end:]


def _word(doc, i: int, step: int) -> int | None:
    """The index of the next token from i in direction ``step`` that is not whitespace, or None."""
    i += step
    while 0 <= i < len(doc) and doc[i].is_space:
        i += step
    return i if 0 <= i < len(doc) else None


def _carries_the_list_on(text: str, at: int) -> bool:
    """Whether the capital letter at ``at`` is a letter stop that goes on to a list's ',', ';', '&', 'and', 'or'
    or next letter stop ('B. and C.', 'B. C. and D.'), not a label opening text ('F. Upon termination')."""
    if text[at + 1:at + 2] != ".":
        return False
    rest = text[at + 2:]
    word = rest.lstrip()
    if word[:1] in (",", ";", "&"):
        return True
    for conj in ("and", "or"):
        if word.startswith(conj) and not (word[len(conj):len(conj) + 1].isalnum() or word[len(conj):][:1] == "_"):
            return True
    return (rest[:1].isspace() and word[:1] in _UPPER and word[1:2] == "."
            and (len(word) == 2 or word[2].isspace()))


def _is_reference_stop(doc, i: int) -> bool:
    """Written apart from clausecheck.nlp, token by token: 'C.' after a reference word, or after the 'and'/'or'
    closing a list of letters the reference word opens, before a capitalised word that does not carry the list on."""
    after = _word(doc, i, 1)
    if not _letter_stop(doc[i]) or not _spaced(doc, i) or after is None or doc[after].text[0] not in _UPPER:
        return False
    if _carries_the_list_on(doc.text, doc[after].idx):
        return False
    before = _word(doc, i, -1)
    if before is None or not _spaced(doc, before):
        return False
    if _tail(doc[before]) in _REFS:
        return True
    if _tail(doc[before]) not in ("and", "or") and doc[before].text != "&":
        return False
    j = _word(doc, before, -1)  # back over the list: letters (each after a blank), commas and semicolons
    if j is None or not _spaced(doc, j):
        return False
    while j is not None and (doc[j].text in (",", ";") or (len(doc[j].text) == 1 and doc[j].text in _UPPER)
                             or _letter_stop(doc[j])):
        k = _word(doc, j, -1)
        if doc[j].text not in (",", ";") and (k is None or not _spaced(doc, k)):
            return False
        j = k
    return j is not None and _tail(doc[j]) in _REFS


def _oracle(doc) -> list[int]:
    """The plain sentencizer's starts plus one after each reference stop: its first non-punctuation token."""
    starts = {s.start for s in doc.sents} if len(doc) else set()
    for i in range(len(doc)):
        if _is_reference_stop(doc, i):
            j = i + 1
            while j < len(doc) and doc[j].is_punct:
                j += 1
            if j < len(doc):
                starts.add(j)
    return sorted(starts)


def _same(pipeline: spacy.language.Language, reference: spacy.language.Language, text: str) -> None:
    ours, theirs = pipeline(text), reference(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [t.idx for t in ours] == [t.idx for t in theirs]
    for attr in _ATTRS:  # hashes of the same strings in two vocabularies: compare the strings behind them
        assert [ours.vocab.strings[h] if attr in (ORTH, LOWER, NORM, SHAPE) else h for h in
                ours.to_array([attr]).ravel().tolist()] == \
               [theirs.vocab.strings[h] if attr in (ORTH, LOWER, NORM, SHAPE) else h for h in
                theirs.to_array([attr]).ravel().tolist()], attr
    expected = _oracle(theirs)
    assert [s.start for s in ours.sents] == expected if len(ours) else not expected
    assert nlp.sentence_starts(pipeline.make_doc(text)) == expected
    cuts = nlp.sentence_cuts([text])[0]
    if cuts is not None:  # the third implementation, where it can tell
        assert cuts == [theirs[i].idx for i in expected[1:]]


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
    ("See Sections A. B. and C. The Parties agree.", "The Parties agree."),  # a list ends at its last letter
    ("Fees are listed in Exhibits A, B and C. Customer shall pay them.", "Customer shall pay them."),
    ("Fees are in Exhibit C. U.S. law governs them.", "U.S. law governs them."),  # 'U.S.' is no letter of a list
    ("as specified on Schedule A.   F. Upon termination, BNL shall return the software.",  # F. labels an item
     "  F. Upon termination, BNL shall return the software."),
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
    "Items A. B. and C. are excluded.",  # a list of letters goes on: no stop after any of them
])
def test_look_alikes_of_a_reference_stop_are_read_as_before(text: str) -> None:
    ours, theirs = nlp.get()(text), _plain()(text)
    assert [s.start for s in ours.sents] == [s.start for s in theirs.sents]


@functools.cache
def _plain() -> spacy.language.Language:
    plain = spacy.blank("en")
    plain.add_pipe("sentencizer")
    return plain


_PIECES = ["a", "Z", ".", "!", "?", "…", "。", " ", "  ", "\n", "(", ")", '"', ",", "Exhibit ", "Schedule ", "C.",
           " A. ", "Inc.", "U.S.", "The", "-", "3.5", "Exhibit C. The", "Items A. B. and C. are", " and ", " or ",
           "Sections ", "B.", ", ", "F. Upon"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_the_long_text_path_finds_the_loops_starts(pieces: list[str]) -> None:
    """sentence_starts reads a long Doc with one binary search for all marks: the same starts as its loop and as
    the oracle, on short texts forced down the long path."""
    text = "".join(pieces)
    doc = nlp.get().make_doc(text)  # at most 80 pieces: sentence_starts takes its loop
    if len(doc):
        assert nlp._starts_of_long(doc) == nlp.sentence_starts(doc) == _oracle(_reference()(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_generated_references_split_as_the_oracle(pieces: list[str]) -> None:
    """The component, both paths of sentence_starts and sentence_cuts against the independent oracle."""
    _same(nlp.get(), _reference(), "".join(pieces))


@pytest.mark.skipif(not CUAD.is_dir(), reason="dev corpus not present")
def test_long_dev_contracts_take_the_long_text_path(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [nlp.get().make_doc(path.read_text(encoding="utf-8")) for path in sorted(CUAD.glob("*.txt"))[::40]]
    long = [nlp.sentence_starts(doc) for doc in docs]
    monkeypatch.setattr(nlp, "_VECTOR_TOKENS", 10**9)  # every Doc through the loop
    assert [nlp.sentence_starts(doc) for doc in docs] == long
