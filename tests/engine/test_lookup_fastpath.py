"""Fast lookups in the checker and gate words: same answers as the plain forms they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.engine import checker
from clausecheck.engine.matchers import _WORD, ClauseText, stem

_TEXT = st.text(alphabet=st.sampled_from("abcXYZ019 .,-\n\u0130éß"), max_size=80)


@st.composite
def _sentences(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Contiguous sentence bounds as language.sentence_bounds gives them (possibly with empty ones)."""
    cuts = sorted(draw(st.lists(st.integers(0, 200), max_size=8)))
    end = draw(st.integers(cuts[-1] if cuts else 0, 220))
    bounds = [0, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


@settings(max_examples=300, deadline=None)
@given(_sentences(), st.integers(-5, 240))
def test_sentence_bisect_matches_linear_scan(sentences: list[tuple[int, int]], char: int) -> None:
    assert checker._sentence(sentences, char) == checker._sentence_scan(sentences, char)


def test_sentence_lookup_examples() -> None:
    sentences = [(0, 10), (10, 10), (10, 25), (25, 40)]
    assert checker._sentence(sentences, 0) == (0, 10)
    assert checker._sentence(sentences, 9) == (0, 10)
    assert checker._sentence(sentences, 10) == (10, 25)  # the empty sentence holds nothing
    assert checker._sentence(sentences, 39) == (25, 40)
    assert checker._sentence(sentences, 40) == (25, 40)  # past the end: the last sentence, as before
    assert checker._sentence(sentences, -1) == (25, 40)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_gate_words_are_the_stems_of_every_word(text: str) -> None:
    expected = frozenset(stem(w) for w in _WORD.findall(text.lower()))
    assert ClauseText.of(text).words == expected


def test_gate_words_example() -> None:
    assert ClauseText.of("Renewal renewed, RE-NEW 2024x").words == {"renew", "re", "new", "2024x"}
