"""The engine's reading of a sentence (issue 4, session 5): a hyphen-broken "non-", conditions read by their main
clause, mutual rights that are no one-sided discretion. Each feature in both directions: the shapes that must
change and the look-alikes that must not."""

from __future__ import annotations

import pytest

from clausecheck import nlp
from clausecheck.engine import language


def _negated(text: str, word: str) -> bool:
    """As the checker reads it: line breaks tokenised as blanks, the clause text with them kept."""
    doc = nlp.get().make_doc(text.replace("\n", " "))
    doc.user_data["cc_text"] = text
    at = text.index(word)
    return language.is_negated(doc, at, (0, len(text)))


# "non-" then a line break (a PDF or a typed wrap): the tokenizer keeps "non-" as one token.
@pytest.mark.parametrize("text", [
    "Licensor grants a non-\nexclusive licence to distribute the Products.",
    "Licensor grants a non- exclusive licence to distribute the Products.",
    "Licensor grants a non-\n  exclusive licence to distribute the Products.",
    "The licence is transferable and non-\nexclusive.",
])
def test_a_line_broken_non_negates_the_word_it_joins(text: str) -> None:
    assert _negated(text, "exclusive")


@pytest.mark.parametrize("text", [
    "Licensor grants a non-\ntransferable, exclusive licence to distribute the Products.",
    "Licensor grants a non- \nsublicensable exclusive licence to distribute the Products.",
    "Distributor shall buy non-\nperishable goods exclusively from Supplier.",
])
def test_a_line_broken_non_joined_to_another_word_leaves_the_hit_alone(text: str) -> None:
    assert not _negated(text, "exclusive")


# A discretion both parties hold is the customer's right too: no one-sided "discretionary" weakness.
@pytest.mark.parametrize("text", [
    "Either Party may, in its sole discretion, terminate this Agreement on thirty (30) days' written notice.",
    "Each party may at its option terminate this Agreement for convenience.",
    "Either party may, at its own option, request an export of the Customer Data.",
])
def test_a_mutual_discretion_is_no_weakness(text: str) -> None:
    assert "discretionary" not in language.weaknesses(text)


@pytest.mark.parametrize("text", [
    "Provider may, in its sole discretion, allow Customer to terminate this Agreement.",
    "Neither party may, in its sole discretion, assign this Agreement; exports are at its sole discretion.",
    "Either Party may, in its sole discretion, terminate; Provider reserves the right to suspend the Services.",
    "Provider may export the data at its option, and either party may, at its option, terminate.",
])
def test_a_one_sided_discretion_beside_or_instead_of_a_mutual_one_is_still_weak(text: str) -> None:
    assert "discretionary" in language.weaknesses(text)


def test_a_mutual_termination_right_in_sole_discretion_is_present_not_weak() -> None:
    from clausecheck.engine import check, load_ruleset
    from clausecheck.engine.examples import document_for
    from clausecheck.policy import Policy

    text = ("Either Party may, in its sole discretion, terminate this Agreement for convenience on thirty (30) days' "
            "written notice to the other Party.")
    document, clauses = document_for(text)
    outcome = check(document, clauses, load_ruleset(Policy()), Policy(), display_path="c.txt")
    assert [f.kind.value for f in outcome.findings if f.rule_id == "exit.termination-for-convenience"] == ["info"]


# A bare heading names a topic; it neither binds nor grants (the checker skips it).
@pytest.mark.parametrize("text,heading", [
    ("2.3 Non-Competition; Non-Solicitation.", None),  # topics joined by ";"
    ("(vi) Employment; Noncompetition; Nondisclosure.", None),
    ("11.4 Payment of Monies Due; Liquidated Damages 26", None),  # a table of contents' line
    ("20.G.    COVENANT NOT TO COMPETE.", "20.G. COVENANT NOT TO COMPETE."),  # the segmenter's own heading
])
def test_headings_with_joined_topics_or_odd_numbers_are_headings(text: str, heading: str | None) -> None:
    assert language.is_heading(text, heading)


@pytest.mark.parametrize("text", [
    "Term. This Agreement commences on the Effective Date.",
    "Exclusivity. Customer shall purchase all Products from Provider.",
    "Customer shall purchase exclusively from Provider; Provider shall supply.",
    "Minimum Purchases: 1,000 Units per Quarter.",
    "Non-Compete. During the Term, Distributor shall not sell competing products.",
    # an order form's title-case terms: a comma continues a body, so these are read, not skipped as headings
    "2. Renewal Term - Automatic Renewal, Successive 12 Month Terms",
    "3. Renewal\nAutomatically Renews For Successive 12 Month Terms, Unless Cancelled",
    "Exclusivity - Provider Exclusive Supplier of AI Models, Worldwide",
])
def test_a_heading_followed_by_its_body_is_no_bare_heading(text: str) -> None:
    assert not language.is_heading(text)


# Numbering with a letter after the first number ("20.G.", "4.b)") is numbering; a word after the dot is not.
@pytest.mark.parametrize("text", ["20.G. Covenant Not to Compete.", "4.b) Exclusivity; Minimum Purchases",
                                  "I.A. Definitions", "12.3.1 Term"])
def test_numbering_with_a_letter_part_is_stripped_from_a_heading(text: str) -> None:
    assert language.is_heading(text)


@pytest.mark.parametrize("text", ["20.G. Customer shall not compete with Provider.", "12.Term. This Agreement renews.",
                                  "2.A. The initial term is five years."])
def test_lettered_numbering_before_a_body_is_no_bare_heading(text: str) -> None:
    assert not language.is_heading(text)
