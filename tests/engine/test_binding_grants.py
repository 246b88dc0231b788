"""Who a grant's complement binds ("you grant us a licence to use ..."), who acts after "how", and who acts on
a party's thing in a passive without an actor ("Your Content may be used ...")."""

from __future__ import annotations

import pytest
from binding_probe import bound, kinds


# 1. The verb of a granted right ("licence / right / permission to <verb>") is the grantee's action.
@pytest.mark.parametrize("text,word,role", [
    ("Where permitted, you grant us full rights to use any data you provide for product development.", "use any",
     "provider"),
    ("You grant us a worldwide, non-exclusive, royalty-free licence to use, copy and modify Your Content.", "use,",
     "provider"),
    ("You hereby grant to us permission to use your prompts to improve the Services.", "use your", "provider"),
    ("You give us permission to use your content for any purpose.", "use your", "provider"),
    ("You authorise us to use your content for any purpose.", "use your", "provider"),
    ("We grant you a right to export your data at any time.", "export", "customer"),
    ("Provider grants Customer a licence to use the Software.", "use the", "customer"),
    ("Provider allows Customer to export all Customer Data in a standard format.", "export", "customer"),
])
def test_the_grantee_acts_in_the_granted_right(text, word, role):
    assert bound(text, word) == role


# ... but a later clause with its own subject keeps that subject, and a grant without "to <verb>" grants no action.
@pytest.mark.parametrize("text,word,role", [
    ("You grant us a licence to host Your Content, and you shall have the right to terminate at any time.",
     "terminate", "customer"),
    ("You grant us a licence to host Your Content, and Provider shall have the right to terminate at any time.",
     "terminate", "provider"),
    ("Customer grants Provider a licence, and Customer shall purchase exclusively from Provider.", "exclusively",
     "customer"),
    ("You grant us a licence to host Your Content; you may export Your Content at any time.", "export", "customer"),
    # A grant the grantor only may make binds the grantor's choice (its discretion weakens a protection).
    ("Provider may, at its discretion, allow Customer to export its data at any time.", "export", "provider"),
    ("Provider may grant Customer the right to export Customer Data.", "export", "provider"),
])
def test_a_later_subject_keeps_its_own_clause(text, word, role):
    assert bound(text, word) == role


# 2. "how we use": the party after "how" does what the verb says, not the document that explains it.
@pytest.mark.parametrize("text,word,role", [
    ("This Policy explains how we use your data to improve our models.", "use your", "provider"),
    ("The Privacy Policy describes how you can export your data.", "export", "customer"),
])
def test_the_party_after_how_is_the_actor(text, word, role):
    assert bound(text, word) == role


# 3. A passive on one party's thing with no actor named is the other party's act; the owner is not the subject.
@pytest.mark.parametrize("text,word,role", [
    ("Your Content may be used as described in our Privacy Policy.", "used", "provider"),
    ("Customer Data will be deleted thirty days after termination.", "deleted", "provider"),
    ("Provider Materials shall be returned within ten days of termination.", "returned", "customer"),
    # Look-alikes: a named actor wins, a thing's non-passive predicate binds its owner, a party acting keeps it.
    ("Your inputs may be used by us to improve our models.", "used", "provider"),
    ("Customer Data may be exported by Customer at any time.", "exported", "customer"),
    ("If a Customer Application is competitive with Provider, Provider may suspend it.", "competitive", "customer"),
    ("Customer shall ensure that Provider Materials are returned within ten days.", "returned", "customer"),
])
def test_a_passive_on_a_partys_thing_is_the_other_partys_act(text, word, role):
    assert bound(text, word) == role


def test_a_grant_to_train_is_a_training_risk_and_a_grant_to_the_customer_is_not():
    assert kinds("Where available, you may use the Service without an account; when doing so, you grant us full "
                 "rights to use any data you provide for product development and model training purposes.",
                 "commercial.training-on-customer-data") == ["risk"]
    assert kinds("The Privacy Policy explains how we use your interactions with the assistant to improve our models.",
                 "commercial.training-on-customer-data") == ["risk"]
    assert kinds("Customer Data may be used to improve the Services and train our models.",
                 "commercial.training-on-customer-data") == ["risk"]
    # The customer using its own data to improve its own models is found but binds no provider: info only.
    assert kinds("We grant you a licence to use our models, and you may use your prompts to improve your "
                 "own products.", "commercial.training-on-customer-data") == ["info"]
    assert kinds("Provider grants Customer a licence to use Customer Data to improve its own models.",
                 "commercial.training-on-customer-data") == ["info"]


# 4. A lead-in ending in "that" makes each item a clause of its own, whose subject may follow the hit; a lead-in
# that ends in its verb ("Provider shall:") still governs the start of its items.
@pytest.mark.parametrize("text,word,role", [
    ("Provider may terminate, provided that: (i) any such termination by Customer shall not relieve Customer from "
     "any minimum commitments; and (ii) Provider refunds prepaid fees.", "termination by Customer", "customer"),
    ("Provider shall: (a) exclusively supply the goods, and Customer shall pay for them; and (b) host the data.",
     "exclusively", "provider"),
])
def test_an_item_after_that_has_its_own_subject(text, word, role):
    assert bound(text, word) == role


# 5. A party opening an "if"/"when" clause with an inflected verb is that clause's subject ("If Customer reduces
# its minimum commitment, Provider may remove discounts": the commitment is the customer's).
@pytest.mark.parametrize("text,word,role", [
    ("If Customer reduces its minimum commitment, Provider may remove discounts.", "minimum", "customer"),
    ("When Provider terminates this Agreement for convenience, it shall refund prepaid fees.", "convenience",
     "provider"),
    # Look-alikes: a possessive or a defined term opens no clause; the main clause's subject keeps its own hits.
    ("If Customer Data is lost, Provider shall restore it from backups.", "restore", "provider"),
    ("If Customer's usage exceeds the minimum commitment, Provider may charge overage fees.", "overage", "provider"),
    ("If the fees increase, Customer may terminate for convenience.", "convenience", "customer"),
    # A hit that starts at the condition's own verb names the event; the main clause says who bears it.
    ("If Provider terminates this Agreement for cause, the Customer shall pay Provider the Exit Amount.",
     "terminates", "customer"),
])
def test_a_party_opening_an_if_clause_is_its_subject(text, word, role):
    assert bound(text, word) == role


def test_a_commitment_the_customer_reduces_is_the_customers():
    assert kinds("If Customer reduces its license count or minimum commitment, Provider may adjust or remove "
                 "discounts offered to Customer.", "commercial.minimum-commitment") == ["risk"]
