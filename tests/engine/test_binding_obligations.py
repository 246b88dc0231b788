"""Whose obligation a hit names when the sentence's subject is someone else.

A condition stating a party's failure to perform ("If Customer fails to purchase at least ...") names that party's
own unmet obligation, whatever the main clause then lets the other party do; a negated relieving verb ("shall not
relieve Customer of its obligation to ...") leaves the obligation with its object. Look-alikes keep their reading:
an event the main clause bears ("If Provider terminates ..., Customer shall pay"), a hit in the main clause, a
release that frees the party, an obligation after the condition is over.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from binding_probe import bound, kinds
from test_features import fired, pack

COMMIT = "commercial.minimum-commitment"


@pytest.mark.parametrize(("text", "word"), [
    ("If the Customer fails to order at least 2,000 cases in a Contract Year, the Seller may end the Customer's "
     "exclusivity.", "order"),
    ("Should Customer fail to purchase the minimum volume in any quarter, Provider may raise its unit prices.",
     "purchase"),
    ("In the event that the Customer does not achieve the minimum annual spend, the Provider may cancel any "
     "discount.", "achieve"),
    ("Where Customer neglects to buy at least fifty seats, Vendor shall invoice the difference.", "buy"),
])
def test_a_failing_condition_binds_its_own_subject(text: str, word: str) -> None:
    assert bound(text, word) == "customer"


@pytest.mark.parametrize(("text", "word", "party"), [
    # the condition names an event the main clause's party bears
    ("If Provider terminates this Agreement for cause, the Customer shall pay Provider the Exit Amount.", "pay",
     "customer"),
    # a hit in the main clause after the condition is over
    ("If Provider fails to deliver on time, Customer shall nonetheless purchase at least 100 units.", "purchase",
     "customer"),
    ("If Customer fails to pay any invoice, Provider may suspend the Services.", "suspend", "provider"),
    # a condition that is no failure
    ("If Customer orders more than 500 units, Provider shall ship them within ten days.", "ship", "provider"),
])
def test_other_conditions_keep_their_reading(text: str, word: str, party: str) -> None:
    assert bound(text, word) == party


def test_a_failing_condition_makes_a_customer_commitment_a_risk_not_information() -> None:
    text = "If Customer fails to purchase at least 10,000 units in any year, Provider may terminate this Agreement."
    assert kinds(text, COMMIT) == ["risk"]
    provider = "If Provider fails to deliver at least 10,000 units in any year, Customer may terminate this Agreement."
    assert kinds(provider, COMMIT) in ([], ["info"])  # the provider's own commitment binds no buyer


@pytest.mark.parametrize("text", [
    "Termination of this Agreement by Provider shall not relieve Customer of its obligation to purchase at least "
    "1,000 units in each Contract Year.",
    "Expiry of the Order that the Supplier may cause shall not relieve the Customer of its minimum purchase "
    "obligations.",
])
def test_a_negated_relief_binds_its_object(text: str) -> None:
    assert kinds(text, COMMIT) == ["risk"]


def test_a_release_that_frees_the_party_keeps_the_subject_bound() -> None:
    text = "Provider shall release Customer from any obligation to purchase at least 1,000 units."
    assert kinds(text, COMMIT) == ["info"]
    assert bound(text, "purchase") == "provider"


def test_relief_across_a_semicolon_does_not_reach_the_hit() -> None:
    text = ("Provider shall not release Customer from the audit duties; Provider shall purchase at least 1,000 units "
            "of the Customer's output.")
    assert bound(text, "purchase at least") == "provider"


PURCHASE = ("t.buy", "binds: customer\nmatch:\n  any: [{regex: '\\bpurchase\\s+at\\s+least\\b'}]\n",
            "Customer shall purchase at least 5 units.", "Customer may buy units.")


@pytest.mark.parametrize("text", [
    "Termination shall not relieve the Customer of its obligation to purchase at least 400 units each year.",
    "Nothing in this Agreement releases the Customer from its duty to purchase at least 400 units each year.",
    "Any suspension will not discharge Customer from the requirement to purchase at least 400 units each year.",
])
def test_a_denied_relief_does_not_negate_the_obligation_it_keeps(tmp_path: Path, text: str) -> None:
    assert fired(pack(tmp_path, PURCHASE), text) == [("t.buy", "purchase at least")]


@pytest.mark.parametrize("text", [
    "The Customer is not required to purchase at least 400 units each year.",
    "Nothing in this Agreement obliges the Customer to purchase at least 400 units each year.",
    # the relief is granted (no negator), then a later negator still governs the obligation
    "Provider releases Customer from the audit duties and Customer need not purchase at least 400 units.",
])
def test_other_negations_still_negate(tmp_path: Path, text: str) -> None:
    assert fired(pack(tmp_path, PURCHASE), text) == []


TRAIN = ("t.train", "binds: provider\nmatch:\n  any: [{regex: '\\btrain\\s+(?:any\\s+)?models?\\b'}]\n",
         "Provider may use the data to train models.", "Provider may keep the data.")


def test_a_passive_denied_relief_keeps_the_obligation(tmp_path: Path) -> None:
    text = "The Customer shall not be relieved of its obligation to purchase at least 400 units each year."
    assert fired(pack(tmp_path, PURCHASE), text) == [("t.buy", "purchase at least")]


@pytest.mark.parametrize("text", [
    "Provider shall not permit the release of Customer Data from its systems to train any model.",
    "Provider shall not, by any release of prompts from the sandbox, train models on Customer Data.",
])
def test_release_as_a_noun_is_no_relief_and_the_negator_still_governs(tmp_path: Path, text: str) -> None:
    assert fired(pack(tmp_path, TRAIN), text) == []
