"""A "not" inside a condition: a breach it states, or a denial it makes.

An opening condition stating a party's failure to reach a measure ("If the Customer does not purchase at least ...",
"Should the Customer not meet the minimum ...") names the commitment it breaches: its "not" states the breach, so the
hit stands, bound to the failing party. A "not" inside a condition never negates a hit in the main clause after it
("If the Provider does not object, the Customer shall purchase ..."). Look-alikes keep their negation: a prohibition,
a requirement denied, a wish or an agreement denied, a promise not to act, a failure inside a denied liability, a
failure that names no measure ("If we do not train models on your prompts, ...").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from binding_probe import bound, kinds
from test_features import pack

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.policy import Policy

BUY = ("t.buy", "binds: customer\nmatch:\n  any: [{regex: '\\bpurchase\\s+at\\s+least\\b'}]\n",
       "Customer shall purchase at least 5 units.", "Customer may buy units.")
MINIMUM = ("t.min", "binds: customer\nmatch:\n  any: [{regex: '\\bminimum\\s+(?:purchase|order)\\s+commitment\\b'}]\n",
           "Customer shall meet the minimum purchase commitment.", "Customer may buy units.")
# a pattern that starts at the main clause's modal: the modal opens the main clause even when it is the hit
MODAL = ("t.modal", "binds: customer\nmatch:\n  any: [{regex: '\\b(?:shall|will)\\s+purchase\\b'}]\n",
         "Customer shall purchase units.", "Customer may buy units.")
TRAIN = ("t.train", "binds: provider\nmatch:\n  any: [{regex: '\\btrain\\s+(?:any\\s+)?models?\\b'}]\n",
         "Provider may use the data to train models.", "Provider may keep the data.")


def findings(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    """(matched text, kind) of every finding of the test pack on a one-clause document."""
    ruleset = load_ruleset(Policy(), dirs=[str(pack(tmp_path, BUY, MINIMUM, MODAL, TRAIN))], shipped=False)
    document, clauses = document_for(text)
    outcome = check(document, clauses, ruleset, Policy(), display_path="c.txt")
    return [(f.excerpt[slice(*f.highlights[0])], f.kind.value) for f in outcome.findings]


@pytest.mark.parametrize(("text", "party", "kind"), [
    ("If the Customer does not purchase at least 800 cartons in a quarter, the Vendor may end the rebate.",
     "customer", "risk"),
    ("Where the Customer did not purchase at least 800 cartons in the prior year, Vendor may raise its prices.",
     "customer", "risk"),
    ("(b) if Customer does not purchase at least 800 cartons in any year, Vendor may terminate.", "customer", "risk"),
    ("If the Customer will not purchase at least 800 cartons in a quarter, the Vendor may end the rebate.",
     "customer", "risk"),
    # the failing party is the provider: its own commitment, no risk to the buyer
    ("If the Provider does not purchase at least 800 cartons of Customer's output, Customer may terminate.",
     "provider", "info"),
])
def test_a_failure_to_perform_states_the_obligation(tmp_path: Path, text: str, party: str, kind: str) -> None:
    assert findings(tmp_path, text) == [("purchase at least", kind)]
    assert bound(text, "purchase at least") == party


@pytest.mark.parametrize("text", [
    "Should the Customer not meet the minimum purchase commitment in a Contract Year, the Vendor may invoice it.",
    "In the event that Customer has not met the minimum purchase commitment, Vendor may suspend deliveries.",
    "If you do not meet the minimum order commitment for two quarters, we may end your volume tier.",
    "Should Customer not purchase the minimum order commitment by June, Vendor may re-allocate the stock.",
])
def test_a_failure_to_meet_a_minimum_states_it(tmp_path: Path, text: str) -> None:
    assert [kind for _, kind in findings(tmp_path, text)] == ["risk"]
    assert bound(text, "minimum") == "customer"


@pytest.mark.parametrize("text", [
    "If the Provider does not object within ten days, the Customer shall purchase at least 800 cartons each quarter.",
    "If the Provider does not object, Customer shall purchase at least 800 cartons each quarter.",
    "Unless the Provider does not renew, the Customer will purchase at least 800 cartons each quarter.",
])
def test_a_condition_does_not_negate_the_main_clause(tmp_path: Path, text: str) -> None:
    modal = "will" if "will purchase" in text else "shall"
    assert sorted(findings(tmp_path, text)) == [("purchase at least", "risk"), (f"{modal} purchase", "risk")]


@pytest.mark.parametrize("text", [
    "Customer shall not purchase at least 800 cartons from any other vendor.",
    "Customer is not required to purchase at least 800 cartons in any quarter.",
    "If the Customer does not wish to purchase at least 800 cartons, it may lower its forecast.",
    "If the Customer does not agree to purchase at least 800 cartons, the Vendor may withdraw the quote.",
    "If Customer does not elect to purchase at least 800 cartons, the standard price list applies.",
    "The Customer shall not be liable if it does not purchase at least 800 cartons in a quarter.",
    "Customer will not, if the Vendor does not deliver on time, purchase at least 800 cartons.",
    "If Customer does not need to purchase at least 800 cartons, it shall tell the Vendor.",
    # a failing condition whose hit is not its own object
    "If the Vendor does not deliver on time, nothing obliges Customer to purchase at least 800 cartons.",
    # promises not to train, inside an if-clause
    "If the Provider breaches its promise not to train models on Customer Data, Customer may terminate.",
    "If the Provider does not use Customer Data to train any model, the Fees in Schedule 2 apply.",
    "If Provider has agreed not to train any model on Customer Data, it shall say so in the Order.",
    # a failure that names no measure: nothing says the act is owed
    "If the Provider does not train any model on Customer Data, the Customer may not receive model updates.",
    "If we do not train models on your prompts, some features may be unavailable.",
])
def test_other_negations_in_or_around_a_condition_still_negate(tmp_path: Path, text: str) -> None:
    assert findings(tmp_path, text) == []


def test_the_shipped_training_rule_keeps_a_failure_without_a_measure_negated() -> None:
    text = "If we do not train our models on your prompts, some features may be unavailable to you."
    assert kinds(text, "commercial.training-on-customer-data") == []


def test_the_shipped_commitment_rule_reads_a_failure_to_meet_its_minimum() -> None:
    rule = "commercial.minimum-commitment"
    assert kinds("Should the Customer not meet the minimum purchase commitment, the Supplier may terminate.",
                 rule) == ["risk"]
    assert kinds("If the Provider does not object, the Customer shall purchase at least 1,000 units each quarter.",
                 rule) == ["risk"]
    assert kinds("The Customer is not required to purchase at least 1,000 units each quarter.", rule) == []


def test_a_failing_condition_in_capitals_is_read_alike(tmp_path: Path) -> None:
    text = "IF THE CUSTOMER DOES NOT PURCHASE AT LEAST 800 CARTONS IN A QUARTER, THE VENDOR MAY END THE REBATE."
    assert findings(tmp_path, text) == [("PURCHASE AT LEAST", "risk")]
