"""parties.name_matches (a pattern tried only where a buyer word occurs) gives re.finditer's matches exactly."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.engine import parties

_WORDS = ["Customer", "CUSTOMER", "customers", "Client", "you", "You", "YOUR", "youth", "Licensee", "Sublicensee",
          "Purchase", "shall", "may", "Shall", "agrees", "will", ",", ", at its option,", ", you shall,", "mayor",
          ".", ";", "'s", "ſ", "K", "İ", "é", "the", "Provider", "\n", "  ", "Buyer", "buyerclient", "customerclient"]
_TEXTS = st.lists(st.sampled_from(_WORDS), max_size=40).map(lambda ws: "".join(
    w if i % 3 == 2 else w + " " for i, w in enumerate(ws)))
_BUYERS = st.sets(st.sampled_from(["customer", "client", "licensee", "buyer", "subscriber", "custom", "you",
                                   "Customer", "käufer", "ſtore"]), min_size=1, max_size=4)


def _pattern(words: list[str], short: bool) -> re.Pattern[str]:
    names = "|".join(re.escape(w) for w in words)
    after = r"" if short else r"(?:,[^,;.]{1,60},)?\s+(?i:may|will|shall|must|can|agrees?)\b"
    return re.compile(rf"\b(?i:{names})\b{after}")


@settings(max_examples=400, deadline=None)
@given(_TEXTS, _BUYERS, st.booleans())
def test_name_matches_are_finditers(text: str, buyers: set[str], short: bool) -> None:
    words = sorted(buyers | {"you"}, key=len, reverse=True)
    rx = _pattern(words, short)
    expected = [(m.start(), m.end(), m.group()) for m in rx.finditer(text)]
    assert [(m.start(), m.end(), m.group()) for m in parties.name_matches(rx, text, words)] == expected


def test_name_matches_skip_places_inside_a_match() -> None:
    # "Customer" matches up to the second "shall"; "you shall" inside that match is never tried
    rx = _pattern(["customer", "you"], short=False)
    text = "Customer, you shall, shall pay. You may"
    assert [m.group() for m in parties.name_matches(rx, text, ["customer", "you"])] == [
        "Customer, you shall, shall", "You may"]


def test_buyer_acts_reads_the_subject_of_a_modal() -> None:
    assert parties._buyer_acts("Purchase Customer shall pay. Customer may audit.", {"customer"}, short=False)
    assert not parties._buyer_acts("Purchase Customer shall pay.", {"customer"}, short=False)
    assert not parties._buyer_acts("the customer list", {"customer"}, short=False)
