"""The engine's reading of a sentence (issue 4, session 5): a hyphen-broken "non-", conditions read by their main
clause, mutual rights that are no one-sided discretion. Each feature in both directions: the shapes that must
change and the look-alikes that must not."""

from __future__ import annotations

import pytest

from clausecheck import nlp
from clausecheck.engine import language


def _negated(text: str, word: str) -> bool:
    """As the checker reads it: line breaks tokenised as blanks, the clause text with them kept."""
    doc = nlp.get().make_doc(text.replace("\n", " "))
    doc.user_data["cc_text"] = text
    at = text.index(word)
    return language.is_negated(doc, at, (0, len(text)))


# "non-" then a line break (a PDF or a typed wrap): the tokenizer keeps "non-" as one token.
@pytest.mark.parametrize("text", [
    "Licensor grants a non-\nexclusive licence to distribute the Products.",
    "Licensor grants a non- exclusive licence to distribute the Products.",
    "Licensor grants a non-\n  exclusive licence to distribute the Products.",
    "The licence is transferable and non-\nexclusive.",
])
def test_a_line_broken_non_negates_the_word_it_joins(text: str) -> None:
    assert _negated(text, "exclusive")


@pytest.mark.parametrize("text", [
    "Licensor grants a non-\ntransferable, exclusive licence to distribute the Products.",
    "Licensor grants a non- \nsublicensable exclusive licence to distribute the Products.",
    "Distributor shall buy non-\nperishable goods exclusively from Supplier.",
])
def test_a_line_broken_non_joined_to_another_word_leaves_the_hit_alone(text: str) -> None:
    assert not _negated(text, "exclusive")
