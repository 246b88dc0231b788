"""facts.grams finds every offset where a literal occurs, as str.find would, whatever it has seen before."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.engine.facts import grams

pytestmark = pytest.mark.skipif(not grams.AVAILABLE, reason="numpy is not installed")

# letters the literals share, a "?" (what a character beyond Latin-1 is read as), Latin-1 and wider characters
TEXTS = st.lists(st.sampled_from(list("aert ?é\u00ff\u0130ſ€\x00\n") + ["term", "renew", "terminat"]), max_size=40).map(
    "".join)
LITERALS = st.lists(st.sampled_from(["t", "te", "ter", "term", "termi", "terminat", "renew", "ee", "?", "é", "er t",
                                     "aaaaaaaaa", "r", "\x00", ""]), min_size=1, max_size=6)


def _every(text: str, literal: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(literal, i)]


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=3), LITERALS)
def test_positions_are_every_occurrence(texts: list[str], literals: list[str]) -> None:
    for text in texts:  # later texts are read with the beginnings the earlier ones taught the table
        found = grams.Grams(text)
        for literal in literals:
            at = found.positions(literal)
            if at is None:
                assert not literal or not literal.isascii() or "?" in literal or "\x00" in literal
            else:
                assert at == _every(text, literal), (text, literal)


def test_a_new_beginning_is_learnt_for_the_next_texts() -> None:
    literal = "zqx-never-seen"
    assert not grams._STARTS[int.from_bytes(b"zq", "little")]
    assert grams.Grams("a zqx-never-seen b").positions(literal) == [2]  # compared at every offset, then learnt
    assert grams._STARTS[int.from_bytes(b"zq", "little")]
    later = grams.Grams("zqx-never-seen, zqx-never-seen; zq")
    assert later.positions(literal) == [0, 16]
    assert 0 in later.at.tolist() and 32 in later.at.tolist()  # the table now keeps the offsets starting "zq"


def test_sentences_at_maps_offsets_to_distinct_sentences() -> None:
    starts = [3, 10, 20]
    assert grams.sentences_at(starts, [0, 1, 4, 5, 9, 10, 25, 99]) == [0, 1, 2]
    assert grams.sentences_at(starts, [12, 19]) == [1]
    assert grams.sentences_at(starts, []) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 400), max_size=30, unique=True).map(sorted),
       st.lists(st.integers(0, 500), max_size=120).map(sorted))
def test_many_offsets_map_as_few_do(starts: list[int], offsets: list[int]) -> None:
    vector = grams.np.array(starts, dtype=grams.np.int64)
    one_by_one = grams.sentences_at(starts, offsets)
    assert one_by_one == sorted({max(i for i, s in enumerate(starts) if s <= at)
                                 for at in offsets if starts and at >= starts[0]})
    assert grams.sentences_at(starts, grams.np.array(offsets, dtype=grams.np.int64), lambda: vector) == one_by_one
