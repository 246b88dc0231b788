"""Who a sentence binds: enumerated items with their own actor, and passives naming their actor after "by"."""

from __future__ import annotations

import pytest
from binding_probe import bound, kinds

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


# 2. A passive names its actor after "by", also after coordinated participles and a short adjunct.
@pytest.mark.parametrize("text,word,role", [
    ("Your prompts may be used by us to improve and train our models.", "train", "provider"),
    ("Customer Data may be accessed by Provider for support.", "support", "provider"),
    ("Customer Data may be accessed and used by Provider to train models.", "train", "provider"),
    ("Customer Data may be accessed, used and disclosed by Provider to train models.", "train", "provider"),
    ("Customer Data may be copied and/or retained by us for training.", "training", "provider"),
    ("This Agreement may be terminated at any time by Provider for convenience.", "convenience", "provider"),
    ("The Order Form may be cancelled in whole or in part by Customer for convenience.", "convenience", "customer"),
    ("This Agreement may be terminated in writing by either party for convenience.", "convenience", "mutual"),
])
def test_the_party_after_by_is_the_actor_of_a_passive(text, word, role):
    assert bound(text, word) == role


# ... but "by" introducing a means, a time or a noun's agent names no actor of the verb.
@pytest.mark.parametrize("text,word,role", [
    ("Fees may be increased by notice to Customer.", "increased", None),
    ("Fees may be increased by 31 March each year.", "increased", None),
    # (A passive on one party's thing with no actor is the other party's act: "Provider Materials" -> customer.)
    ("Provider Materials may be deleted after termination by Provider.", "deleted", "customer"),
    ("Provider Materials may be deleted, and termination by Provider shall not affect accrued fees.", "deleted",
     "customer"),
    ("Fees are set by Provider, and Customer shall purchase all units exclusively from Provider.", "exclusively",
     "customer"),
])
def test_by_that_names_no_actor_of_the_passive_is_ignored(text, word, role):
    assert bound(text, word) == role


def test_a_provider_termination_right_in_a_passive_with_an_adjunct_is_a_provider_risk():
    assert kinds("This Agreement may be terminated at any time by Provider upon thirty (30) days' written notice.",
                 "exit.provider-termination-for-convenience") == ["risk"]


# 3. A hit before any subject: a mutual subject that comes before any named one binds both parties.
@pytest.mark.parametrize("text,word,role", [
    ("At any time upon thirty days' notice, either Party may terminate this Agreement and/or Provider may suspend "
     "the Services.", "notice", "mutual"),
    ("For convenience, the parties may terminate this Agreement on notice.", "convenience", "mutual"),
    ("For convenience, Provider may terminate this Agreement, and either party may renew it.", "convenience",
     "provider"),
    ("For convenience, either party's counsel and Provider may agree to end the pilot.", "convenience", "provider"),
])
def test_a_mutual_subject_after_the_hit_binds_both_unless_a_named_one_comes_first(text, word, role):
    assert bound(text, word) == role


def test_a_mutual_termination_right_after_its_notice_period_reads_as_in_the_active_order():
    fronted = ("At any time upon thirty (30) days' notice, either Party may terminate this Agreement and/or Provider "
               "may terminate Customer accounts.")
    plain = "Either party may terminate this Agreement at any time upon thirty (30) days' notice."
    # the customer's own right is found (not reported missing), as it is when the subject comes first
    assert kinds(fronted, "exit.termination-for-convenience") == kinds(plain, "exit.termination-for-convenience") \
        == ["info"]
