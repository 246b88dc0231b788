"""A negator inside an if- or unless-clause governs that clause, not the main clause after its comma (issue 4)."""

from __future__ import annotations

import pytest
from binding_probe import kinds

from clausecheck import nlp
from clausecheck.engine import language


def negated(text: str, word: str) -> bool:
    """language.is_negated at the first occurrence of ``word``."""
    doc = nlp.get()(text)
    doc.user_data["cc_text"] = text
    at = text.index(word)
    sentence = next(s for s in language.sentence_bounds(doc) if s[0] <= at < s[1])
    return language.is_negated(doc, at, sentence)


@pytest.mark.parametrize(("text", "word"), [
    ("If your plan is not a trial offer, we may change the price of the Services at any time.", "change"),
    ("Unless Customer does not renew, Provider may increase the fees on each renewal.", "increase"),
    ("Where the Licensee has not objected within ten days, the Licensor shall apply the new rates.", "apply"),
    ("If no Order Form is signed, Acme Cloud will charge the list price for all usage.", "charge"),
    ("If the parties do not agree on a price, either party may terminate this Agreement.", "terminate"),
    ("Once the pilot is not extended, they must purchase a subscription for the Services.", "purchase"),
])
def test_a_negator_in_a_conditional_clause_does_not_reach_the_main_clause(text: str, word: str) -> None:
    assert negated(text, word) is False


@pytest.mark.parametrize(("text", "word"), [
    # the negated main clause comes first; the commas hold a condition or an adverb, no new subject
    ("Provider shall not, if Customer so requests, change the price of the Services.", "change"),
    ("Provider shall not, without Customer's prior written consent, increase the fees.", "increase"),
    ("Customer shall not, directly or indirectly, purchase similar services from third parties.", "purchase"),
    ("Customer may not, during the Term, use any other provider of inference services.", "use"),
    # the main clause after the comma carries its own negation
    ("If the Services are unavailable, Provider may not increase the fees for that month.", "increase"),
    # a negator in the same part as the word, after the comma
    ("If Customer so requests, Provider shall not change the price of the Services.", "change"),
])
def test_a_negation_of_the_main_clause_still_governs_it(text: str, word: str) -> None:
    assert negated(text, word) is True


def test_a_price_change_after_a_negated_condition_is_found() -> None:
    text = "If your plan is not a trial offer, we may change the price of the Services at any time."
    assert kinds(text, "commercial.unilateral-price-change") == ["risk"]
    assert kinds("Provider shall not, if Customer so requests, change the price of the Services.",
                 "commercial.unilateral-price-change") == []
