"""Facts read from contract language: exact values for many phrasings, evidence spans, derived dates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from clausecheck.engine.facts import extract, sentences
from clausecheck.model import Clause, Document, Facts, Span

ROLES = {"customer": "customer", "provider": "provider", "acme": "customer", "modelco": "provider"}
PREAMBLE = ('This Master Services Agreement is entered into as of January 1, 2027 (the "Effective Date") '
            'by and between Acme Corp. ("Customer") and ModelCo Inc. ("Provider").\n\n')


def facts_of(
    body: str, *, preamble: str = PREAMBLE, roles: dict[str, str] | None = None
) -> tuple[Facts, dict[str, Span], str]:
    text = preamble + body
    document = Document(path="c.txt", format="txt", text=text, sha256="")
    clause = Clause(index=0, number=None, heading=None, span=Span(start=0, end=len(text)), text=text)
    facts, evidence = extract(document, [clause], ROLES if roles is None else roles, None)
    return facts, evidence, text


@pytest.mark.parametrize(
    ("body", "months"),
    [
        ("The initial term of this Agreement shall be thirty-six (36) months.", 36),
        ("This Agreement shall remain in force for a period of three (3) years from the Effective Date.", 36),
        ("This Agreement will commence on the Effective Date and continue until the third anniversary of the Effective "
         "Date.", 36),
        ("The Term shall commence on the Effective Date and shall expire on December 31, 2029.", 36),
        ('The term of this Agreement is from January 1, 2027 through December 31, 2028 (the "Initial Term").', 24),
        (("This Agreement shall continue for an initial term of twelve (12) months, and shall thereafter renew for "
          "successive one-year terms."), 12),
        ("The Subscription Term will be one year commencing on the Effective Date.", 12),
        ("This Licence shall continue in force for a period of two years and shall then renew for further periods of "
         "five years.", 24),
        ('"Expiration Date" means June 30, 2028.', 18),
        ("This agreement is for a term of ten (10) years.", 120),
    ],
)
def test_initial_term(body: str, months: int) -> None:
    facts, evidence, text = facts_of(body)
    assert facts.initial_term_months == months
    span = evidence["initial_term_months"]
    assert text[span.start:span.end] == body


def test_initial_term_ignores_post_term_covenants_and_notice() -> None:
    body = ("Provider shall not solicit Customer's employees during the term of this Agreement and for a period of two "
            "(2) years thereafter. The initial term of this Agreement shall be one (1) year. Either party may "
            "terminate this Agreement upon ninety (90) days' written notice prior to the expiration of the term.")
    assert facts_of(body)[0].initial_term_months == 12


def test_effective_date() -> None:
    assert facts_of("Nothing else.")[0].effective_date == "2027-01-01"
    facts = facts_of("Nothing.", preamble="THIS AGREEMENT is made this 1st day of March, 2026 between Acme and "
                                          "ModelCo.\n\n")[0]
    assert facts.effective_date == "2026-03-01"
    facts = facts_of("Nothing.", preamble='"Effective Date" means 15 April 2025.\n\n')[0]
    assert facts.effective_date == "2025-04-15"


@pytest.mark.parametrize(
    ("body", "auto", "term", "notice", "elected"),
    [
        (("This Agreement shall automatically renew for successive one-year terms unless either party gives notice of "
          "non-renewal at least ninety (90) days prior to the end of the then-current "
          "term."), True, 12, 90, "automatic"),
        (("Thereafter the Agreement will be renewed automatically for additional periods of twelve months unless "
          "Customer gives three months' notice before the expiry of the then current "
          "term."), True, 12, 90, "automatic"),
        (("After the Initial Term, this Agreement shall continue on a month-to-month basis until terminated by either "
          "party upon thirty (30) days prior written notice."), True, 1, 30, "automatic"),
        (("Customer may, at its sole option, renew this Agreement for one additional period of two (2) years by giving "
          "written notice not less than sixty (60) days prior to the expiration of the Initial "
          "Term."), False, 24, 60, "customer"),
        ("Provider may elect to extend the term of this Agreement for a further twelve (12) month "
         "period.", False, 12, None,
         "provider"),
        ("The term may be extended for an additional year upon the mutual written agreement of the "
         "parties.", False, 12, None,
         "mutual"),
        (("The Agreement shall be renewed automatically for successive 5-year terms. Either party may give notice of "
          "non-renewal not later than six (6) months before the end of the current term."), True, 60, 180, "automatic"),
    ],
)
def test_renewal(body: str, auto: bool, term: int | None, notice: int | None, elected: str) -> None:
    facts = facts_of("The initial term of this Agreement is three (3) years. " + body)[0]
    assert (facts.auto_renewal, facts.renewal_term_months, facts.renewal_notice_days, facts.renewal_elected_by) == (
        auto, term, notice, elected)


def test_no_renewal_clause() -> None:
    facts = facts_of("The initial term of this Agreement is three (3) years.")[0]
    assert (facts.auto_renewal, facts.renewal_term_months, facts.renewal_notice_days) == (None, None, None)


def test_notice_deadline_derived_from_term_and_notice() -> None:
    body = ("The initial term of this Agreement shall be thirty-six (36) months. This Agreement shall automatically "
            "renew for successive twelve-month periods unless either party gives written notice of non-renewal at "
            "least ninety (90) days prior to the end of the then-current term.")
    facts, evidence, text = facts_of(body)
    assert facts.notice_deadline == "2029-10-03"  # 2030-01-01 minus 90 days
    assert facts.notice_deadline_months == 33.0
    assert facts.earliest_exit_months == 36
    assert "ninety (90) days" in text[evidence["notice_deadline"].start:evidence["notice_deadline"].end]


@pytest.mark.parametrize(
    ("body", "who", "notice", "exit_months"),
    [
        ("Customer may terminate this Agreement for convenience upon thirty (30) days' written notice to Provider.",
         "customer", 30, 1),
        ("Either party may terminate this Agreement at any time without cause on sixty (60) days' prior written "
         "notice.",
         "either", 60, 2),
        ("Provider may terminate this Agreement for any reason upon ninety (90) days' notice.", "provider", 90, 36),
        ("Acme may terminate this Agreement for its convenience on three months' notice.", "customer", 90, 3),
        (("ModelCo may terminate the Agreement without cause upon 30 days notice. Customer may terminate this "
          "Agreement for convenience upon 45 days notice."), "either", 45, 2),
    ],
)
def test_termination_for_convenience(body: str, who: str, notice: int, exit_months: int) -> None:
    facts = facts_of("The initial term of this Agreement is three (3) years. " + body)[0]
    assert (facts.termination_for_convenience_by, facts.termination_for_convenience_notice_days) == (who, notice)
    assert facts.earliest_exit_months == exit_months


def test_termination_fee_keeps_the_customer_in_for_the_term() -> None:
    body = ("The initial term of this Agreement is three (3) years. Customer may terminate this Agreement for "
            "convenience upon thirty (30) days' notice, provided that Customer shall pay an early termination fee "
            "equal to the fees for the remainder of the Initial Term.")
    facts = facts_of(body)[0]
    assert facts.termination_fee is True
    assert facts.earliest_exit_months == 36


def test_termination_without_penalty() -> None:
    body = "Customer may terminate this Agreement for convenience at any time without penalty upon 30 days' notice."
    facts = facts_of(body)[0]
    assert (facts.termination_fee, facts.termination_for_convenience_by) == (False, "customer")


def test_termination_for_cause_is_not_convenience() -> None:
    body = ("Either party may terminate this Agreement for cause if the other party materially breaches it and fails "
            "to cure.")
    assert facts_of(body)[0].termination_for_convenience_by is None


@pytest.mark.parametrize(
    ("body", "amount", "currency", "period"),
    [
        ("Customer shall make a minimum annual commitment of USD 1,200,000.", 1_200_000, "USD", 12),
        ("Customer commits to spend no less than $1.2 million per year on the Services.", 1_200_000, "USD", 12),
        ("The Minimum Monthly Fee is EUR 50,000.", 50_000, "EUR", 1),
        ("Customer shall purchase a minimum quarterly volume of £250,000 of tokens.", 250_000, "GBP", 3),
    ],
)
def test_minimum_commitment(body: str, amount: float, currency: str, period: int) -> None:
    facts = facts_of(body)[0]
    assert (facts.minimum_commitment_amount, facts.minimum_commitment_currency,
            facts.minimum_commitment_period_months) == (amount, currency, period)


def test_insurance_minimums_are_not_commitments() -> None:
    body = "Provider shall maintain general liability insurance in a minimum amount of $2,000,000 per occurrence."
    assert facts_of(body)[0].minimum_commitment_amount is None


def test_commitment_amount_is_the_one_after_the_commitment_words() -> None:
    body = "Fees are $20 per hour, subject to a minimum annual commitment of USD 80,000."
    facts = facts_of(body)[0]
    assert (facts.minimum_commitment_amount, facts.minimum_commitment_period_months) == (80_000, 12)


def test_no_minimum_commitment_stated() -> None:
    facts = facts_of("Customer has no minimum commitment and pays $0.002 per 1,000 tokens.")[0]
    assert facts.minimum_commitment_amount is None


@pytest.mark.parametrize(
    ("body", "share"),
    [
        ("Customer shall route no less than seventy percent (70%) of its inference requests to Provider.", 70),
        ("Customer agrees to direct at least 80 per cent of its total AI traffic to the Platform.", 80),
        ("Acme shall purchase a minimum of 60% of its requirements for language models from ModelCo.", 60),
    ],
)
def test_minimum_share(body: str, share: float) -> None:
    assert facts_of(body)[0].minimum_share_percent == share


def test_percent_without_share_object_is_not_a_share() -> None:
    facts = facts_of("Provider shall maintain availability of at least 99.9% each month.")[0]
    assert facts.minimum_share_percent is None


@pytest.mark.parametrize(
    ("body", "discount"),
    [
        ("In consideration of the commitment, Provider grants Customer a discount of 30% off list prices.", 30),
        ("Customer shall receive a twenty-five percent (25%) discount on all usage fees.", 25),
    ],
)
def test_discount(body: str, discount: float) -> None:
    assert facts_of(body)[0].discount_percent == discount


def test_export_formats_and_deadline() -> None:
    body = ("Upon request, Provider shall export all fine-tuned model weights in ONNX and safetensors formats and all "
            "Customer Data in CSV or JSONL within thirty (30) days.")
    facts, evidence, text = facts_of(body)
    assert facts.export_formats == ("ONNX", "safetensors", "CSV", "JSONL")
    assert facts.export_deadline_days == 30
    assert text[evidence["export_formats"].start:evidence["export_formats"].end] == body


def test_format_words_outside_export_context_are_ignored() -> None:
    assert facts_of("The parties shall meet monthly to discuss the JSON API roadmap.")[0].export_formats == ()


@pytest.mark.parametrize(
    ("body", "days", "cost"),
    [
        ("Provider shall provide transition assistance for ninety (90) days after termination at no additional "
         "charge.", 90, "free"),
        ("Provider will provide reasonable transition services for up to six (6) months at its then-current "
         "rates.", 180, "fee"),
        ("For a period of 60 days following expiry, the Supplier shall provide exit assistance free of "
         "charge.", 60, "free"),
        ("Provider shall provide transition assistance for a fee to be agreed.", None, "fee"),
    ],
)
def test_transition_assistance(body: str, days: int | None, cost: str) -> None:
    facts = facts_of(body)[0]
    assert (facts.transition_assistance_days, facts.transition_assistance_cost) == (days, cost)


def test_empty_document() -> None:
    facts, evidence, _ = facts_of("", preamble="")
    assert facts == Facts()
    assert evidence == {}


def test_evidence_spans_are_document_offsets_and_pages() -> None:
    text = "Page one.\n\nThe initial term of this Agreement shall be twenty-four (24) months."
    document = Document(path="c.pdf", format="pdf", text=text, sha256="", page_starts=(0, 11))
    facts, evidence = extract(document, [], {}, None)
    assert facts.initial_term_months == 24
    span = evidence["initial_term_months"]
    assert (span.start, span.end, span.page) == (11, len(text), 2)


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Acme Inc. Shall pay per Sec. 4 of the U.S. rules. The term is one year.\n\nSection 2 follows"
    document = Document(path="c.txt", format="txt", text=text, sha256="")
    found = sentences(document)
    assert [s.text for s in found] == ["Acme Inc. Shall pay per Sec. 4 of the U.S. rules.", "The term is one year.",
                                       "Section 2 follows"]
    for s in found:
        assert text[s.start:s.end] == s.text


CUAD_LABELS = Path(__file__).resolve().parents[3] / "shared" / "cuad-dev" / "labels.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not CUAD_LABELS.exists(), reason="CUAD dev set not present")
def test_extraction_accuracy_on_cuad_dev() -> None:
    """Measured 111/121, 61/65, 84/93 (benchmarks/extraction_accuracy.py); asserted a few points lower."""
    spec = importlib.util.spec_from_file_location(
        "extraction_accuracy", Path(__file__).resolve().parents[2] / "benchmarks" / "extraction_accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    term, notice, renewal = module.measure(CUAD_LABELS)
    assert (term.total, notice.total, renewal.total) == (121, 65, 93)
    assert term.rate >= 0.89
    assert notice.rate >= 0.90
    assert renewal.rate >= 0.87


@pytest.mark.parametrize(
    "body",
    [
        "This Agreement shall not renew automatically. Customer may elect to renew it for one further year by written "
        "notice.",
        ("There shall be no automatic renewal of this Agreement; Customer may, at its option, extend the term for a "
         "further twelve (12) months."),
    ],
)
def test_negated_automatic_renewal_leaves_the_customer_option(body: str) -> None:
    facts = facts_of("The initial term of this Agreement is one (1) year. " + body)[0]
    assert (facts.auto_renewal, facts.renewal_elected_by, facts.renewal_term_months) == (False, "customer", 12)
    assert facts.notice_deadline is None


@pytest.mark.parametrize(
    "body",
    [
        "Customer may not terminate this Agreement for convenience.",
        "Neither party may terminate this Agreement for convenience during the Initial Term.",
        "Headings are for convenience only and do not affect interpretation.",
        "Customer shall not be entitled to terminate this Agreement without cause.",
    ],
)
def test_no_termination_for_convenience(body: str) -> None:
    assert facts_of(body)[0].termination_for_convenience_by is None


def test_fee_free_exit_is_not_a_termination_fee() -> None:
    body = ("Customer may terminate this Agreement for convenience on thirty (30) days' notice, without penalty and "
            "without payment of any early termination fee.")
    facts = facts_of(body)[0]
    assert (facts.termination_fee, facts.earliest_exit_months) == (False, 1)


def test_paid_transition_with_rates_wording() -> None:
    body = ("Provider may provide reasonable transition assistance, which shall be charged at Provider's then-current "
            "professional services rates.")
    assert facts_of(body)[0].transition_assistance_cost == "fee"


def test_export_deadline_prefers_the_exit_export_and_skips_notice_periods() -> None:
    body = ("Provider shall give at least six (6) months' notice before it deprecates a model available for export. "
            "Provider shall deliver each Fine-Tuned Model in ONNX format within ten (10) business days of request. "
            "Upon termination, Provider shall export all Customer Data in CSV within thirty (30) days.")
    facts = facts_of(body)[0]
    assert facts.export_deadline_days == 30
    assert facts.export_formats == ("ONNX", "CSV")


def test_initial_subscription_term_and_equal_length_renewals() -> None:
    body = ("The initial Subscription Term will be two years from the Effective Date and will automatically renew for "
            "renewal terms of equal length unless either party gives 45 days' written notice before the end of the "
            "then-current Subscription Term.")
    facts = facts_of(body)[0]
    assert (facts.initial_term_months, facts.renewal_term_months, facts.renewal_notice_days) == (24, 24, 45)
    assert facts.notice_deadline == "2028-11-17"  # 2029-01-01 minus 45 days


def test_convenience_words_before_the_verb() -> None:
    body = "At any time and for any reason, on 15 days' notice, either party may terminate this Agreement."
    facts = facts_of(body)[0]
    assert (facts.termination_for_convenience_by, facts.termination_for_convenience_notice_days) == ("either", 15)


@pytest.mark.parametrize(
    "body",
    [
        "If Customer terminates early, Customer shall pay all Fees that would have been payable for the remainder of "
        "the Term.",
        "Termination by Customer shall not relieve Customer of any minimum commitment stated in an Order Form.",
        ("Reserved capacity is non-cancellable and Customer will be charged for the duration of the term even if it "
         "terminates this Agreement."),
    ],
)
def test_commitments_that_survive_termination_count_as_a_fee(body: str) -> None:
    assert facts_of(body)[0].termination_fee is True


def test_transition_for_prepayment_is_paid() -> None:
    body = "Provider will provide exit assistance for three (3) months, provided that Customer prepays for it monthly."
    facts = facts_of(body)[0]
    assert (facts.transition_assistance_days, facts.transition_assistance_cost) == (90, "fee")


def test_a_payment_window_after_termination_is_not_a_renewal_notice() -> None:
    body = ("If Customer terminates before the end of the Term, Customer shall pay within thirty (30) days after "
            "termination all accrued charges.")
    assert facts_of(body)[0].renewal_notice_days is None


@pytest.mark.parametrize(
    ("body", "who", "notice"),
    [
        ("Either party may terminate this Agreement upon ninety (90) days' prior written notice to the other "
         "party.", "either", 90),
        ("This Agreement may be terminated by Customer, without cause, upon at least thirty (30) days written notice.",
         "customer", 30),
        ("This Agreement may be cancelled at any time without cause by either party upon sixty (60) days "
         "notice.", "either", 60),
        ("Thereafter it shall continue until terminated by either party upon not less than one month's written notice.",
         "either", 30),
        ("Provider shall have the right to terminate this Agreement at any time upon fourteen (14) days' "
         "notice.", "provider", 14),
    ],
)
def test_termination_on_notice_alone(body: str, who: str, notice: int) -> None:
    facts = facts_of(body)[0]
    assert (facts.termination_for_convenience_by, facts.termination_for_convenience_notice_days) == (who, notice)


@pytest.mark.parametrize(
    "body",
    [
        "If this Agreement is terminated for any reason, Provider shall return all Customer Data.",
        "Either party may terminate this Agreement upon thirty (30) days' written notice if the other party breaches "
        "it.",
        "Either party may terminate this Agreement at any time by written notice if the other party becomes insolvent.",
        "The parties may terminate this Agreement at any time by written agreement.",
        "Either party may terminate this Agreement with written notice to the other party as follows:",
        "In the event this Agreement is terminated by either party for any reason whatsoever, fees accrued remain "
        "payable.",
    ],
)
def test_consequences_and_causes_are_not_convenience_rights(body: str) -> None:
    assert facts_of(body)[0].termination_for_convenience_by is None


def test_cure_period_next_to_renewal_is_not_the_renewal_notice() -> None:
    body = ("This Agreement shall automatically renew for another one (1) year unless either party objects. A party "
            "may terminate this Agreement if the other party fails to cure a breach within sixty (60) days after "
            "receiving written notice of it.")
    facts = facts_of("The initial term of this Agreement is one (1) year. " + body)[0]
    assert (facts.renewal_term_months, facts.renewal_notice_days) == (12, None)


def test_notice_in_the_sentence_before_the_renewal() -> None:
    body = ("A party wishing to end this Agreement shall give notice no less than forty-five (45) days before the end "
            "of the term. Absent such notice, the term shall be automatically renewed for another two (2) years.")
    facts = facts_of("The initial term of this Agreement is one (1) year. " + body)[0]
    assert (facts.renewal_term_months, facts.renewal_notice_days) == (24, 45)


@pytest.mark.parametrize(
    ("body", "exit_months"),
    [
        (("Customer may terminate this Agreement for convenience at any time after the first Contract Year on ninety "
          "(90) days' notice."), 15),
        (("Customer may terminate this Agreement for convenience at any time after the first twelve (12) months on "
          "thirty (30) days' notice."), 13),
        (("Following the second anniversary of the Effective Date, Customer may terminate this Agreement for "
          "convenience upon sixty (60) days' notice."), 26),
        ("Following the Initial Term, Customer may terminate this Agreement without cause on one month's notice.", 36),
    ],
)
def test_earliest_exit_waits_for_a_lock_up(body: str, exit_months: int) -> None:
    facts = facts_of("The initial term of this Agreement is three (3) years. " + body)[0]
    assert facts.earliest_exit_months == exit_months


@pytest.mark.parametrize(
    ("preamble", "expected"),
    [
        (("Source: ACME CORP, 10-K, 12/2/2019\n\nTHIS AGREEMENT is made on the 5th day of June, 2018 between Acme and "
          "ModelCo.\n\n"), "2018-06-05"),
        ("Filed 03/01/2021\n\nThe effective date of this Agreement shall be July 1, 2020.\n\n", "2020-07-01"),
        ('"Commencement Date" means: 1st January 2013.\n\n', "2013-01-01"),
        ("This Agreement is made as of the 6t h day of March, 2006 (the \"Effective Date\").\n\n", "2006-03-06"),
    ],
)
def test_effective_date_phrasings(preamble: str, expected: str) -> None:
    assert facts_of("Nothing else.", preamble=preamble)[0].effective_date == expected


def test_term_start_date_wins_for_term_arithmetic() -> None:
    body = ("The term of this Agreement shall begin on January 1, 2028 and continue for an initial period of two (2) "
            "years. This Agreement shall automatically renew for successive one-year periods unless either party gives "
            "notice of non-renewal at least sixty (60) days prior to the end of the then-current term.")
    facts = facts_of(body)[0]
    assert (facts.effective_date, facts.initial_term_months) == ("2028-01-01", 24)
    assert facts.notice_deadline == "2029-11-02"  # 2030-01-01 minus 60 days


@pytest.mark.parametrize(
    ("body", "term", "notice"),
    [
        (("This Agreement shall be tacitly renewed for successive periods of one year unless terminated by either "
          "party by registered letter at least three (3) months before its expiry."), 12, 90),
        (("Following the Initial Term, the Agreement shall roll over on a rolling twelve-month basis until either "
          "party gives not less than ninety days' notice."), 12, 90),
        (("Unless either party serves notice to terminate not later than 90 days before the end of the Initial Term, "
          "this Agreement shall continue for further periods of 12 months."), 12, 90),
        (("The Subscription Term renews automatically for further six (6) month periods unless cancelled at least 30 "
          "days before renewal."), 6, 30),
    ],
)
def test_british_and_civil_law_renewal_wording(body: str, term: int, notice: int) -> None:
    facts = facts_of("The Minimum Term of this Agreement is thirty-six (36) months. " + body)[0]
    assert facts.initial_term_months == 36
    assert (facts.auto_renewal, facts.renewal_term_months, facts.renewal_notice_days) == (True, term, notice)


def test_rolling_billing_is_not_a_renewal() -> None:
    body = "Provider may deduct its costs from revenues on a rolling monthly basis during the Term."
    assert facts_of(body)[0].auto_renewal is None


@pytest.mark.parametrize(
    "body",
    [
        "The royalty payable shall be reduced to 12% if the product is discontinued.",
        "The purchase price shall be reduced by ten percent (10%) if closing is delayed.",
        "The underwriting discount will equal 5.25% of the aggregate purchase price.",
        "Provider may increase its prices by up to 5% per year.",
    ],
)
def test_percentages_that_are_not_price_discounts(body: str) -> None:
    assert facts_of(body)[0].discount_percent is None


def test_format_names_outside_an_export_are_ignored() -> None:
    body = '"Software" means computer programs in source code, object code, XML or other human readable form.'
    assert facts_of(body)[0].export_formats == ()


def test_exit_evidence_quotes_the_clause_that_decides_it() -> None:
    term = "The initial term of this Agreement is three (3) years."
    paid = " Customer may terminate this Agreement for convenience on 30 days' notice and pay an early termination fee."
    facts, evidence, text = facts_of(term + paid)
    assert facts.earliest_exit_months == 36
    assert text[evidence["earliest_exit_months"].start:evidence["earliest_exit_months"].end] == term
    free = " Customer may terminate this Agreement for convenience on 30 days' notice."
    facts, evidence, text = facts_of(term + free)
    assert facts.earliest_exit_months == 1
    assert text[evidence["earliest_exit_months"].start:evidence["earliest_exit_months"].end] == free.strip()


def test_the_closest_party_before_the_verb_holds_the_right() -> None:
    body = "Without prejudice to either party's other rights, Customer may terminate this Agreement for convenience."
    assert facts_of(body)[0].termination_for_convenience_by == "customer"


def test_sentences_take_the_innermost_clause_heading() -> None:
    text = "ARTICLE 3 TERM\n\n3.1 Duration. The initial term is two years.\n\n4. FEES\n\nFees are due monthly."
    document = Document(path="c.txt", format="txt", text=text, sha256="")
    art = Clause(index=0, number="Article 3", heading="Term", span=Span(start=0, end=60), text=text[:60])
    sub = Clause(index=1, number="3.1", heading="Duration", span=Span(start=16, end=60), text=text[16:60])
    fees = Clause(index=2, number="4", heading="Fees", span=Span(start=60, end=len(text)), text=text[60:])
    found = {s.text: s.heading for s in sentences(document, [art, sub, fees])}
    assert found["3.1 Duration."] == "duration"
    assert found["Fees are due monthly."] == "fees"


@pytest.mark.parametrize(
    "body",
    [
        "Each insurance policy shall require thirty (30) days' prior notice to Customer of cancellation or "
        "non-renewal.",
        "Provider may change its charges at the end of the then-current term upon 30 days prior written notice.",
    ],
)
def test_notices_about_other_things_are_not_renewal_notices(body: str) -> None:
    facts = facts_of("The initial term of this Agreement is one (1) year. " + body)[0]
    assert facts.renewal_notice_days is None
