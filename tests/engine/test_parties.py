"""Who is the provider when click-through terms have no preamble: the name that acts as the subject of a modal."""

from __future__ import annotations

import re

import pytest

from clausecheck.engine import check, load_ruleset, parties
from clausecheck.engine.examples import document_for
from clausecheck.model import Clause
from clausecheck.policy import Policy

BUYERS = Policy().buyer_names


def one_clause(text: str) -> dict[str, str]:
    document, clauses = document_for(text)
    return parties.find(document, clauses, BUYERS)


def many_clauses(text: str) -> dict[str, str]:
    """A long document: each blank-line separated paragraph is a clause (so the short-document rule is off)."""
    document, _ = document_for(text)
    clauses = [Clause(index=i, number=None, heading=None, span=document.span(m.start(), m.end()), text=m.group())
               for i, m in enumerate(re.finditer(r"\S(?:.|\n(?!\n))*", text))]
    assert len(clauses) > 1 and len(text) > 1500
    return parties.find(document, clauses, BUYERS)


FILLER = "\n\n".join(f"{n}. Each party shall comply with applicable law in performing its obligations under clause {n}."
                     for n in range(10, 30))


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme may change the Fees at any time. Customer may terminate if it objects to any change.", {"acme": "provider"}),
    ("You agree that Nimbus may use your Content to train its models.", {"nimbus": "provider"}),
    ("In Nimbus’s sole discretion, Nimbus may change the functionality of the Services available to Customer.",
     {"nimbus": "provider"}),
    ("THE COMPANY RESERVES THE RIGHT TO DISCONTINUE ANY SERVICE AT ANY TIME WITHOUT NOTICE TO CUSTOMER.",
     {"the company": "provider"}),
    ("The Company may suspend access to the Client data at any time.", {"the company": "provider"}),
    ("Acme Cloud, at its discretion, may suspend your account.", {"acme cloud": "provider"}),
])
def test_the_acting_name_of_a_short_text_is_the_provider(text, expected):
    assert one_clause(text) == expected


@pytest.mark.parametrize("text", [
    # A defined term, a structural word or a common noun acting is no party.
    'The Services may change from time to time for you. "Platform" means the hosted service.',
    "Payment will be due within thirty days of the invoice date sent to Customer, and payment is final.",
    "Section 4 shall survive any termination of your subscription.",
    # Object of a preposition, not a subject: governing law.
    ("These terms are governed by the laws of the State of California. Courts in Delaware will hear disputes "
     "between you and us."),
    # A name qualified by a number or a possessive is a thing: "Chapter 19.100 RCW", "Customer's Nimbus Account".
    "Where this conflicts with Chapter 19.100 RCW may govern your franchise.",
    "Customer’s Nimbus Account may be suspended for unpaid Fees.",
    # Who the customer is is unknown, so the acting name may be the customer itself.
    "PK shall not promote any other Internet access provider and shall use DIDAX as its exclusive provider.",
    # Two names act equally often: no way to tell which is the vendor.
    "Acme may suspend the Services for Customer. Globex may audit Customer's use.",
    # A plural class of people is not the vendor.
    "Admins will verify new accounts opened by Customer.",
    # A generic provider word in use: that is the provider, a named third party is not.
    "Provider may change the Fees. Stripe will process your payments.",
    # Only promises: either side may be the one that "will" or "shall" do something.
    "Acme will process your data. Acme will not use your Content to train its models.",
    # All capitals: any word looks like a name, only "THE COMPANY" is trusted.
    "NOTICE WILL BE GIVEN TO CUSTOMER BY EMAIL.",
])
def test_no_provider_is_guessed_without_clear_evidence(text):
    assert "provider" not in one_clause(text).values()


def test_a_clause_number_before_the_name_does_not_hide_it():
    assert one_clause("2.6 Nimbus may change the Fees at any time on notice to you.") == {"nimbus": "provider"}


def test_a_long_document_needs_two_agreeing_mentions_and_an_acting_customer():
    once = "1. Acme may change the Fees on notice. Customer shall pay all invoices.\n\n" + FILLER
    twice = "1. Acme may change the Fees on notice. Acme will publish the new rates.\n\n2. Customer shall pay " \
            "all invoices.\n\n" + FILLER
    silent_customer = "1. Acme may change the Fees on notice. Acme will publish the new rates.\n\n" + FILLER
    assert many_clauses(once) == {}
    assert many_clauses(twice) == {"acme": "provider"}
    assert many_clauses(silent_customer) == {}  # nobody speaks of or to the customer: Acme may be the buyer


def test_a_passing_mention_of_a_longer_term_ending_in_a_buyer_word_is_no_customer():
    text = ("1. Globex will ship pagers to each Purchase Customer. Globex shall run the hotline.\n\n"
            "2. Each Purchase Customer will prepay its airtime.\n\n" + FILLER)
    assert many_clauses(text) == {}


def test_preamble_roles_are_never_overridden_and_block_guessing_in_long_documents():
    preamble = ('This Agreement is made between Initech Ltd ("Initech") and Globex Inc ("Globex").\n\n'
                "1. Acme may audit the books. Acme will report to both.\n\n2. Customer shall pay.\n\n")
    found = many_clauses(preamble + FILLER)
    assert found == {"initech": "other", "globex": "other"}


def test_a_preamble_provider_stops_inference():
    text = 'Services terms between Halcyon Ltd (the "Provider") and you. Acme may process your payments.'
    assert one_clause(text) == {"provider": "provider"}


def test_an_inferred_provider_makes_its_unilateral_rights_risks():
    ruleset = load_ruleset(Policy())
    document, clauses = document_for("Nimbus may change the Fees at any time by updating its price list. "
                                     "Customer will pay the changed Fees.")
    outcome = check(document, clauses, ruleset, Policy(), display_path="c.txt")
    assert outcome.parties == (("nimbus", "provider"),)
    kinds = [f.kind.value for f in outcome.findings if f.rule_id == "commercial.unilateral-price-change"]
    assert kinds == ["risk"]
