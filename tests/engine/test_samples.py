"""End to end on the sample contracts: the exact set of non-info findings, each with a quoted fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.pipeline import review
from clausecheck.policy import Policy

SAMPLES = Path(__file__).parents[2] / "samples"

# rule id -> (kind, a fragment that one of its findings quotes; None for "missing", which quotes nothing)
LOCKIN_HEAVY = {
    "term.initial-term-over-policy": ("risk", "initial term of thirty-six (36) months"),
    "term.auto-renewal": ("risk", "shall automatically renew for successive twelve (12) month periods"),
    "term.renewal-notice-over-policy": ("risk", "at least ninety (90) days before the end"),
    "term.renewal-at-customer-election": ("missing", None),
    "exclusivity.exclusive-provider": ("risk", "Customer shall use Provider as its exclusive provider"),
    "exclusivity.requirements-contract": ("risk", "no less than seventy percent (70%) of its Inference Requests"),
    "exclusivity.output-restrictions": ("risk", "results of any benchmark"),
    "commercial.minimum-commitment": ("risk", "USD 1,200,000"),
    "commercial.shortfall-fee": ("risk", "take-or-pay obligation"),
    "commercial.unilateral-price-change": ("risk", "Provider may change its prices"),
    "commercial.model-deprecation": ("risk", "deprecate or discontinue any Provider Model"),
    "commercial.training-on-customer-data": ("risk", "to train, develop and improve Provider Models"),
    "exit.early-termination-fee": ("risk", "an early termination fee equal to all Fees"),
    "exit.liquidated-damages": ("risk", "as liquidated damages and not as a penalty"),
    "exit.termination-for-convenience": ("missing", None),
    "exit.termination-data-export": ("missing", None),
    "exit.transition-assistance": ("weak", "charged at Provider's then-current professional services rates"),
    "portability.data-export": ("weak", "in a format determined by Provider"),
    "portability.vague-portability": ("risk", "in a format determined by Provider"),
    "portability.onnx-export": ("missing", None),
    "portability.fine-tuned-weights-export": ("missing", None),
    "portability.mcp-api": ("missing", None),
}
MIXED = {
    "term.initial-term-over-policy": ("risk", "twenty-four (24) months"),
    "commercial.minimum-commitment": ("risk", "commits to spend not less than"),
    "commercial.shortfall-fee": ("risk", "shortfall against the commitment shall be invoiced"),
    "commercial.unilateral-price-change": ("risk", "may increase the list prices"),
    "commercial.model-deprecation": ("risk", "may update the Provider Models from time to time"),
    "exit.early-termination-fee": ("risk", "a termination charge equal to the Charges"),
    "exit.termination-for-convenience": ("weak", "terminate this agreement for convenience"),
    "exit.termination-data-export": ("weak", "return the Customer Data in JSON format"),
    "exit.transition-assistance": ("weak", "exit and transition assistance"),
    "portability.onnx-export": ("weak", "sole discretion, agree to make a Fine-Tuned Model available in ONNX"),
    "portability.fine-tuned-weights-export": ("missing", None),
}


def _review(name: str):
    return review(SAMPLES / f"{name}.txt", Policy(), display_path=f"samples/{name}.txt")


@pytest.mark.parametrize(("name", "expected"), [("lockin-heavy", LOCKIN_HEAVY), ("mixed", MIXED)])
def test_sample_gives_exactly_the_expected_findings(name, expected):
    result = _review(name)
    flagged = [f for f in result.findings if f.kind.value != "info"]
    assert {f.rule_id: f.kind.value for f in flagged} == {k: v[0] for k, v in expected.items()}
    for rule_id, (_, fragment) in expected.items():
        mine = [f for f in flagged if f.rule_id == rule_id]
        if fragment is None:
            assert all(f.span is None and f.line for f in mine)
        else:
            assert any(fragment in " ".join(f.excerpt.split()) for f in mine), (rule_id, [f.excerpt for f in mine])


def test_clean_sample_has_only_info_findings_and_lists_its_protections():
    result = _review("clean")
    assert [f.rule_id for f in result.findings if f.kind.value != "info"] == []
    present = {f.rule_id for f in result.findings}
    assert {"exit.termination-for-convenience", "exit.transition-assistance", "exit.termination-data-export",
            "portability.onnx-export", "portability.fine-tuned-weights-export", "portability.data-export",
            "portability.mcp-api", "term.renewal-at-customer-election"} <= present
