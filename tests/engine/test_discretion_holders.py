"""Whose discretion a sentence names: a protection the customer holds only at the provider's option is weak, while
the customer's own option or discretion is a right (checker drops "discretionary" only then)."""

from __future__ import annotations

import pytest
from binding_probe import ROLES, kinds

from clausecheck.engine import language


@pytest.mark.parametrize(("sentence", "holders"), [
    ("Customer may export its data in Provider's sole discretion.", {"provider"}),
    ("You may export your data at our option.", {"provider"}),
    ("Customer may terminate this Agreement if Vendor so elects.", {"provider"}),
    ("Customer may export its data at Customer's option.", {"customer"}),
    ("Customer may, at your sole and absolute discretion, export its data.", {"customer"}),
    ("Either party may, at its sole discretion, terminate this Agreement.", set()),  # "its": whose cannot be told
    ("The Escrow Agent may release the materials in Acme Holdings' discretion.", set()),  # an unknown name
])
def test_the_holder_of_a_discretion_is_read_from_its_possessor_or_its_verb(sentence: str, holders: set[str]) -> None:
    assert language.discretion_holders(sentence, ROLES) == holders


@pytest.mark.parametrize("sentence", [
    "Customer may export its data at any time in a machine-readable format, in Provider's sole discretion.",
    "You may export your data in CSV format at any time, at our option.",
])
def test_a_customer_right_held_at_the_providers_option_is_weak(sentence: str) -> None:
    assert kinds(sentence, "portability.data-export") == ["weak"]


def test_the_customers_own_discretion_does_not_weaken_its_right() -> None:
    own = "Customer may export its data at any time in a machine-readable format, at Customer's option."
    assert "weak" not in kinds(own, "portability.data-export")
