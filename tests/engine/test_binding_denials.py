"""A party that denies something is the subject of the denial: "We do not promise ...", "Provider makes no
commitment ...", "we give no guarantee ..." (issue 4)."""

from __future__ import annotations

import pytest
from binding_probe import bound, kinds


@pytest.mark.parametrize(("text", "word", "role"), [
    ("We do not promise to export your fine-tuned model weights.", "export", "provider"),
    ("Provider makes no commitment to provide transition assistance.", "transition", "provider"),
    ("We give no guarantee to maintain any model version for any period.", "maintain", "provider"),
    ("Provider does not commit to maintain any model version.", "maintain", "provider"),
    ("Provider doesn't commit to maintain any model version.", "maintain", "provider"),
    ("Provider did not agree to keep the prices fixed.", "keep", "provider"),
    ("You do not need to route any traffic to us.", "route", "customer"),
    ("Customer makes no commitment to purchase any minimum volume.", "purchase", "customer"),
])
def test_a_denying_predicate_makes_its_party_the_subject(text: str, word: str, role: str) -> None:
    assert bound(text, word) == role


@pytest.mark.parametrize(("text", "word"), [
    # "gives"/"does"/"makes" without the negator next are not read as a subject's predicate
    ("Customer gives notice to Provider to maintain any model version.", "maintain"),
    ("Provider makes available an export tool to download the data.", "export"),
])
def test_the_same_verbs_without_a_negator_name_no_subject(text: str, word: str) -> None:
    assert bound(text, word) is None


def test_a_denial_inside_an_if_clause_binds_its_own_subject_there_and_leaves_the_main_clause_its_subject() -> None:
    """"If the Vendor does not make good the shortfall, the Customer may ...": what the if-clause says the vendor
    fails to do is the vendor's own obligation (see test_binding_obligations); the main clause keeps its subject."""
    text = ("If the Provider does not make good any shortfall within ten days, the Customer may withhold the next "
            "payment.")
    assert bound(text, "make good") == "provider"
    assert bound(text, "withhold") == "customer"
    assert kinds(text, "commercial.minimum-commitment") == ["info"]
    assert bound("Unless we do not renew the Order, you may cancel it at any time.", "cancel") == "customer"
