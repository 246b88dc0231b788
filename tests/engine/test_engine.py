"""Engine behaviour: acceptance cases, who is bound, findings' shape, policy selection, fingerprints."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from clausecheck.engine import check, fingerprint, load_ruleset, parties
from clausecheck.engine.examples import document_for
from clausecheck.errors import ConfigError
from clausecheck.model import FindingKind, Severity
from clausecheck.policy import Policy

RULESET = load_ruleset(Policy())


def paragraphs(text: str):
    """A document whose clauses are its blank-line separated paragraphs."""
    import re

    from clausecheck.model import Clause

    document, _ = document_for(text)
    clauses = [Clause(index=i, number=None, heading=None, span=document.span(m.start(), m.end()), text=m.group())
               for i, m in enumerate(re.finditer(r"\S(?:.|\n(?!\n))*", text))]
    return document, clauses


def findings(text: str, rule_id: str, policy: Policy | None = None, ruleset=RULESET):
    document, clauses = paragraphs(text)
    outcome = check(document, clauses, ruleset, policy or Policy(), display_path="c.txt")
    return [f for f in outcome.findings if f.rule_id == rule_id]


def kinds(text: str, rule_id: str) -> list[str]:
    return [f.kind.value for f in findings(text, rule_id)]


def test_data_export_except_fine_tuned_models_does_not_satisfy_weights_export():
    assert kinds("Provider will export Customer Data, except fine-tuned models.",
                 "portability.fine-tuned-weights-export") == ["missing"]


def test_discretionary_onnx_export_is_weak_and_says_why():
    [finding] = findings("Provider may, at its sole discretion, provide an ONNX export.", "portability.onnx-export")
    assert finding.kind is FindingKind.WEAK
    assert "discretionary" in finding.explanation
    assert finding.excerpt[slice(*finding.highlights[0])] == "ONNX"


def test_mcp_mentioned_only_in_a_definition_is_not_a_grant():
    text = '"MCP" means the Model Context Protocol, an open standard for connecting models to tools.'
    assert kinds(text, "portability.mcp-api") == ["missing"]
    granted = text + " Provider shall provide Customer with an MCP-compliant API throughout the Term."
    assert kinds(granted, "portability.mcp-api") == ["info"]


def test_exclusivity_binding_only_the_provider_is_info_with_labels():
    [finding] = findings("Provider shall not use any other suppliers for the hosting of Customer's models.",
                         "exclusivity.exclusive-provider")
    assert (finding.kind, finding.severity) == (FindingKind.INFO, Severity.INFO)
    assert finding.labels == ("cuad:Exclusivity",)
    [risk] = findings("Customer shall not use any other model providers.", "exclusivity.exclusive-provider")
    assert (risk.kind, risk.severity) == (FindingKind.RISK, Severity.HIGH)


def test_defined_party_names_decide_who_is_bound():
    text = ('This Agreement is made between Nimbus AI Inc. ("Nimbus") and Acme Ltd. ("Client").\n\n'
            "Client shall not procure any other AI providers during the Term.\n\n"
            "Nimbus shall not use any other suppliers.")
    found = findings(text, "exclusivity.exclusive-provider")
    assert [(f.kind.value, f.excerpt.split()[0]) for f in found] == [("risk", "Client"), ("info", "Nimbus")]


def test_parties_find_reads_the_preamble():
    document, clauses = document_for(
        'MASTER AGREEMENT between OpenModel, Inc., a Delaware corporation ("OpenModel"), and Larkspur Ltd. '
        '(hereinafter referred to as the "Customer"). This Agreement (the "Agreement") starts today.\n'
        'WHEREAS the parties wish to contract; "Services" means the hosted models.')
    assert parties.find(document, clauses, Policy().buyer_names) == {"openmodel": "provider", "customer": "customer"}


def test_customer_termination_for_convenience_is_info_and_provider_only_is_missing():
    assert kinds("Customer may terminate this Agreement for convenience on thirty days' notice.",
                 "exit.termination-for-convenience") == ["info"]
    assert kinds("Customer may not terminate this Agreement for convenience.",
                 "exit.termination-for-convenience") == ["missing"]


def test_minimum_commitment_without_a_discount_escalates():
    [finding] = findings("Customer commits to a minimum annual spend of USD 500,000.", "commercial.minimum-commitment")
    assert finding.severity is Severity.HIGH
    assert "discount_percent not stated" in finding.explanation


def test_threshold_quotes_its_evidence():
    text = "This Agreement shall continue for an initial term of thirty-six (36) months from the Effective Date."
    [finding] = findings(text, "term.initial-term-over-policy")
    assert finding.severity is Severity.CRITICAL
    assert "thirty-six (36) months" in finding.excerpt
    assert "initial_term_months = 36" in finding.explanation
    assert findings(text, "term.initial-term-over-policy", Policy(max_initial_term_months=36)) == []


def test_finding_location_excerpt_and_fingerprint():
    text = "Intro line.\n\n4.1 Customer shall use Provider as its exclusive provider of model services."
    [finding] = findings(text, "exclusivity.exclusive-provider")
    assert finding.line == 3
    assert text[finding.span.start:finding.span.end] == finding.excerpt
    assert finding.excerpt[slice(*finding.highlights[0])] == "its exclusive provider"
    assert finding.fingerprint == fingerprint.compute("exclusivity.exclusive-provider", "c.txt", finding.excerpt, 0)


def test_fingerprint_ignores_case_punctuation_and_spacing():
    a = fingerprint.compute("x.y", "docs/a.pdf", "Customer  shall, use\nProvider.", 0)
    assert a == fingerprint.compute("x.y", "docs/a.pdf", "customer shall use provider", 0)
    assert len(a.split(":")[0]) == 20 and a.endswith(":0")
    assert a != fingerprint.compute("x.y", "docs/b.pdf", "customer shall use provider", 0)


def test_repeated_identical_text_gets_increasing_occurrences():
    text = ("Customer shall not use any other model providers.\n\n"
            "Customer shall not use any other model providers.")
    prints = [f.fingerprint for f in findings(text, "exclusivity.exclusive-provider")]
    assert [p.split(":")[1] for p in prints] == ["0", "1"]


def test_findings_are_ordered_by_position_then_rule_id():
    document, clauses = document_for(Path(__file__).parents[2].joinpath("samples", "lockin-heavy.txt")
                                     .read_text("utf-8"))
    outcome = check(document, clauses, RULESET, Policy(), display_path="x.txt")
    keys = [(f.line, f.span.start if f.span else -1, f.rule_id) for f in outcome.findings]
    assert keys == sorted(keys)


def test_policy_selection_and_severity_overrides():
    policy = Policy(disabled_rules=("term.auto-renewal",),
                    severity_overrides=(("exclusivity.exclusive-provider", Severity.CRITICAL),))
    ruleset = load_ruleset(policy)
    ids = {r.id for r in ruleset.rules}
    assert "term.auto-renewal" not in ids and "exclusivity.exclusive-provider" in ids
    [finding] = findings("Customer shall not use any other model providers.", "exclusivity.exclusive-provider",
                         policy, ruleset)
    assert finding.severity is Severity.CRITICAL
    only = load_ruleset(Policy(enabled_rules=("term.auto-renewal",)))
    assert [r.id for r in only.rules] == ["term.auto-renewal"]
    with pytest.raises(ConfigError, match="unknown rule id"):
        load_ruleset(Policy(disabled_rules=("no.such-rule",)))


def test_user_pack_overrides_a_shipped_rule_by_id(tmp_path: Path):
    from clausecheck.resources import data_dir

    source = (data_dir("rules") / "term" / "auto-renewal.yaml").read_text("utf-8")
    (tmp_path / "mine.yaml").write_text(source.replace("severity: medium", "severity: low"), "utf-8")
    ruleset = load_ruleset(Policy(rule_dirs=(str(tmp_path),)))
    [rule] = [r for r in ruleset.rules if r.id == "term.auto-renewal"]
    assert rule.severity is Severity.LOW and rule.source.endswith("mine.yaml")
    assert ruleset.digest != RULESET.digest
    assert load_ruleset(Policy()) is RULESET  # cached per process


def test_ruleset_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULESET.digest = "x"  # type: ignore[misc]
