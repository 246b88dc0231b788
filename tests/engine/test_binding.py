"""Who a sentence binds: enumerated items with their own actor, and passives naming their actor after "by"."""

from __future__ import annotations

import pytest

from clausecheck import nlp
from clausecheck.engine import check, language, load_ruleset, parties
from clausecheck.engine.examples import document_for
from clausecheck.policy import Policy

ROLES = parties.role_map({}, ["Customer"])  # generic names, pronouns ("we"/"us" provider, "you" customer)
RULESET = load_ruleset(Policy())


def bound(text: str, word: str) -> str | None:
    doc = nlp.get()(text)
    doc.user_data["cc_text"] = text
    at = text.index(word)
    sentence = next(s for s in language.sentence_bounds(doc) if s[0] <= at < s[1])
    return language.bound_party(doc, ROLES, at, sentence)


def kinds(text: str, rule_id: str) -> list[str]:
    document, clauses = document_for(text)
    outcome = check(document, clauses, RULESET, Policy(), display_path="c.txt")
    return [f.kind.value for f in outcome.findings if f.rule_id == rule_id]


LEAD_PROVIDER = ("Provider may terminate this Agreement at any time, provided that: (i) Customer remains liable for "
                 "the minimum commitment; and (ii) Provider refunds prepaid fees.")


# 1. An enumerated item that names its own actor binds that actor, not the lead-in's subject.
@pytest.mark.parametrize("text,word,role", [
    (LEAD_PROVIDER, "minimum", "customer"),
    (LEAD_PROVIDER, "refunds", "provider"),
    ("If either party terminates, then: (a) Customer remains responsible for all minimum commitments; and (b) the "
     "licence ends.", "minimum", "customer"),
    ("Provider shall: (a) host the Services; and (b) the Customer remains liable for minimum fees.", "minimum",
     "customer"),
    ("Upon termination by either Party: (i) any such termination by Customer shall not relieve Customer from any "
     "minimum commitments; (ii) Provider shall delete data.", "minimum", "customer"),
    ("Upon termination: (a) all fees shall be paid by Customer within ten days; and (b) the licence ends.", "fees",
     "customer"),
    ("Customer shall, at its option: (a) either party may terminate this Agreement for convenience; or (b) renew it.",
     "convenience", "mutual"),
])
def test_an_item_with_its_own_actor_binds_that_actor(text, word, role):
    assert bound(text, word) == role


# ... and an item without one, or whose opening party is an object, leaves the lead-in's subject in charge.
@pytest.mark.parametrize("text,word,role", [
    ("Provider shall: (a) host the Services; and (b) keep backups for thirty days.", "backups", "provider"),
    ("Customer shall: (a) purchase all AI services exclusively from Provider; and (b) pay the fees.", "exclusively",
     "customer"),
    ("Provider shall deliver: (a) Customer, upon request, a copy of all data; and (b) the weights.", "copy",
     "provider"),
    ("Provider shall deliver the following: (a) Customer Data export files; and (b) the weights.", "export",
     "provider"),
    ("Customer shall pay (i) the minimum commitment and (ii) all Provider expenses.", "minimum", "customer"),
    ("Either party may terminate this Agreement for convenience on thirty days' notice.", "convenience", "mutual"),
])
def test_an_item_without_its_own_actor_keeps_the_lead_in(text, word, role):
    assert bound(text, word) == role


def test_a_customer_commitment_in_an_item_under_a_provider_lead_in_is_a_risk():
    assert kinds(LEAD_PROVIDER.replace("minimum commitment", "minimum annual commitment set out in the Order Form"),
                 "commercial.minimum-commitment") == ["risk"]
