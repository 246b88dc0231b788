"""A party named before a short aside still binds: "The Provider, in its sole discretion, may terminate ..."."""

from __future__ import annotations

import pytest

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.policy import Policy

RULE = "exit.provider-termination-for-convenience"


def kinds(text: str) -> list[str]:
    document, clauses = document_for(text)
    outcome = check(document, clauses, load_ruleset(Policy()), Policy(), display_path="c.txt")
    return [f.kind.value for f in outcome.findings if f.rule_id == RULE]


@pytest.mark.parametrize("text", [
    "The Provider, in its sole discretion, may terminate this Agreement for convenience upon thirty days' notice.",
    "Provider, at its option, may terminate this Agreement at any time upon thirty days' written notice.",
    "The Provider may, in its sole discretion, terminate this Agreement for convenience upon thirty days' notice.",
])
def test_provider_right_to_walk_away_is_a_risk_with_or_without_an_aside(text: str) -> None:
    assert kinds(text) == ["risk"]


def test_the_customer_behind_an_aside_is_still_the_customer() -> None:
    text = "Customer, at its option, may terminate this Agreement at any time upon thirty days' written notice."
    assert kinds(text) == ["info"]  # found, but the customer's own right: never a provider risk


def test_parties_paired_by_on_the_one_hand_bind_both() -> None:
    """", on the other," is no aside: the sentence gives both parties the right, so it is no provider risk."""
    text = ("Provider, on the one hand, and Customer, on the other, may terminate this Agreement upon thirty days' "
            "written notice.")
    assert kinds(text) == ["info"]
