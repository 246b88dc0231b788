"""nlp.sentence_cuts (tokenising only the chunks around sentence-final marks) finds exactly the sentence starts
that the sentencizer's rule finds on the whole tokenised text, or says it cannot tell (None)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import nlp

CUAD = Path(__file__).resolve().parents[1].parent / "shared" / "cuad-dev" / "contracts"
# Marks, closing punctuation that keeps a mark pending, every kind of blank, abbreviations, a non-ASCII mark.
_PIECES = ["a", "Z", "9", ".", "!", "?", ",", ";", ":", "'", '"', "(", ")", "-", "”", "’", "…", "。", "।", " ", "  ",
           "\t", "\n", "\r", "\xa0", "\u2009", "Inc.", "e.g.", "U.S.", "No.", "1.2", "etc.", "...", ".)", '."', "?!",
           ":)", "www.x.com", "Section", " (a) ",
           # special cases the tokenizer matches across one " " (":p", "'s", "°c") next to ones it applies ("p.")
           "°", "‘", "s.Customer", "p.Next", "c.", "d.", "p", "s", "(", "=", "Form:",
           # reference stops ("Exhibit C. Customer"): a reference word, a capital letter's full stop, a capital
           "Exhibit", "Schedules", "section", "C.", "A.", "Customer", " C. ", " Exhibit "]


def _reference(text: str) -> list[int]:
    pipeline = nlp.get()
    doc = pipeline.tokenizer(text)
    return [doc[i].idx for i in nlp.sentence_starts(doc) if i > 0]


def _check(texts: list[str]) -> int:
    """Assert every text's cuts are the reference's or None; the number of texts it could tell."""
    told = 0
    for text, cuts in zip(texts, nlp.sentence_cuts(texts), strict=True):
        if cuts is not None:
            assert cuts == _reference(text), text
            told += 1
    return told


def test_cuts_of_plain_sentences() -> None:
    texts = ["The term is one year. It renews! Does it? Yes.", "No mark at all", "", "   ", "Ends with a mark.  ",
             "Ends with a mark. ", "Go.  Now", "Go.\tNow", "Inc. is no end. (a) This is.", 'He said "stop." Then left.']
    assert nlp.sentence_cuts(texts) == [[22, 33, 42], [], [], [], [18], [], [4], [3], [17], [16]]
    assert _check(texts) == len(texts)


def test_cuts_after_reference_stops() -> None:
    texts = ["Fees are in Exhibit C. Customer shall pay.", "See Exhibit C. of the Agreement.", "Exhibit C.  Customer",
             "Per Schedule A. (b) Customer", "John F. Kennedy", "Exhibit\tC.\tThe end."]
    assert nlp.sentence_cuts(texts) == [[23], [], [11], [], [], [10]]  # a blank token opens the sentence
    assert _check(texts) == len(texts)


def test_a_mark_pending_before_an_untokenised_chunk_is_undecided() -> None:
    # '."' then "(" keep the mark pending past the one chunk after it: the next chunk was not tokenised.
    assert nlp.sentence_cuts(['It ends." ( Next one']) == [None]
    assert _reference('It ends." ( Next one') == [12]


@pytest.mark.parametrize("text,expected", [
    ("Order Form: p.Customer shall pay.", [14]),  # ":p" spans the " ": the whole text does not apply "p."
    ("Store at 25° c.Provider shall ship.", [15]),
    ("See clause 4. Notes: and p.Customer shall pay.", [14]),  # groups once joined by " " matched ": p" too
])
def test_a_special_case_across_a_group_edge_is_never_guessed(text: str, expected: list[int]) -> None:
    assert _reference(text) == expected
    assert nlp.sentence_cuts([text]) in ([expected], [None])
    assert _check([text, "Plain. Text.", text]) >= 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join), min_size=1, max_size=4))
def test_generated_texts_cut_as_the_whole_tokenised_text(texts: list[str]) -> None:
    _check(texts)


@pytest.mark.skipif(not CUAD.is_dir(), reason="dev corpus not present")
def test_dev_contracts_cut_as_the_whole_tokenised_text() -> None:
    paths = sorted(CUAD.glob("*.txt"))[::25]
    texts = [line.replace("\n", " ") for path in paths for line in path.read_text(encoding="utf-8").split("\n\n")]
    told = _check(texts)
    assert told >= 0.98 * len(texts)  # the rest are tokenised whole (a special case may span a group edge)


def test_batches_cut_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["The end. Next one.", "x", "", "Go.  Now", "A long text. It is! Or? Not.", "It ends.\" ( Next one"]
    whole = nlp.sentence_cuts(texts)
    monkeypatch.setattr(nlp, "_BATCH_CHARS", 10)  # about one text per batch
    assert nlp.sentence_cuts(texts) == whole == [[9], [], [], [4], [13, 20, 24], None]
