"""The hand-made Report every reporter is golden-tested on (no engine involved), and a hostile variant.

Imported by name (``report_fixtures``) rather than from ``conftest`` so that other test folders' conftest
files can never shadow it.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from clausecheck.model import (
    DocumentResult,
    Facts,
    Finding,
    FindingKind,
    Pillar,
    Report,
    Rule,
    RuleKind,
    Severity,
    Skipped,
    Span,
)

GENERATED_AT = "2026-01-15T10:00:00+00:00"


def _rule(id: str, title: str, pillar: Pillar, kind: RuleKind, severity: Severity,
          checklist: str | None = None,
          labels: tuple[str, ...] = ()) -> Rule:
    return Rule(id=id, title=title, pillar=pillar, kind=kind, severity=severity, labels=labels,
                rationale=f"Why {title.lower()} matters to the buyer.",
                recommendation=f"Replace with: \"{title} - buyer-friendly wording.\"", checklist=checklist,
                references=("EU Data Act art. 25",) if pillar is Pillar.PORTABILITY else ())


RULES = (
    _rule("term.initial-term", "Initial term longer than policy", Pillar.TERM, RuleKind.THRESHOLD,
          Severity.HIGH, labels=("cuad:Renewal Term",)),
    _rule("term.auto-renewal", "Automatic renewal", Pillar.TERM, RuleKind.RISK, Severity.MEDIUM,
          labels=("cuad:Renewal Term", "cuad:Notice Period To Terminate Renewal")),
    _rule("exclusivity.minimum-share", "Minimum share of traffic routed to one provider", Pillar.EXCLUSIVITY,
          RuleKind.RISK, Severity.CRITICAL, labels=("cuad:Minimum Commitment", "cuad:Exclusivity")),
    _rule("exclusivity.provider-exclusive", "Exclusivity binding only the provider", Pillar.EXCLUSIVITY,
          RuleKind.RISK, Severity.INFO, labels=("cuad:Exclusivity",)),
    _rule("portability.onnx-export", "Model export in ONNX", Pillar.PORTABILITY, RuleKind.PROTECTION,
          Severity.HIGH, checklist="ONNX export of models"),
    _rule("portability.data-export", "On-demand export of customer data", Pillar.PORTABILITY,
          RuleKind.PROTECTION, Severity.MEDIUM, checklist="Customer data export on demand"),
    _rule("exit.termination-for-convenience", "Customer may terminate for convenience", Pillar.EXIT,
          RuleKind.PROTECTION, Severity.HIGH, checklist="Termination for convenience",
          labels=("cuad:Termination For Convenience",)),
    _rule("exit.transition-assistance", "Free transition assistance", Pillar.EXIT, RuleKind.PROTECTION,
          Severity.MEDIUM, checklist="Transition assistance at no extra charge"),
    _rule("commercial.price-change", "Unilateral price changes", Pillar.COMMERCIAL, RuleKind.RISK,
          Severity.LOW, labels=("cuad:Price Restrictions",)),
)
_BY_ID = {r.id: r for r in RULES}


def finding(rule_id: str, excerpt: str, *, words: tuple[str, ...] = (), start: int | None = None,
            page: int | None = None, section: str | None = None, heading: str | None = None,
            line: int | None = None, kind: FindingKind | None = None, severity: Severity | None = None,
            suppression: str | None = None, occurrence: int = 0) -> Finding:
    """A Finding for a rule of RULES; ``words`` are highlighted where they first occur in the excerpt."""
    rule = _BY_ID[rule_id]
    highlights = tuple((excerpt.index(w), excerpt.index(w) + len(w)) for w in words)
    default_kind = {RuleKind.PROTECTION: FindingKind.MISSING}.get(rule.kind, FindingKind.RISK)
    if rule.severity is Severity.INFO:
        default_kind = FindingKind.INFO
    return Finding(
        rule_id=rule_id, title=rule.title, severity=severity or rule.severity, kind=kind or default_kind,
        pillar=rule.pillar, labels=rule.labels, excerpt=excerpt,
        span=None if start is None else Span(start=start, end=start + len(excerpt), page=page),
        section=section, heading=heading, line=line, highlights=highlights,
        explanation=rule.rationale, recommendation=rule.recommendation,
        fingerprint=_fp(rule_id, excerpt, occurrence), suppression=suppression)


def _fp(rule_id: str, excerpt: str, occurrence: int) -> str:
    return hashlib.sha256(f"{rule_id}\0{excerpt}".encode()).hexdigest()[:20] + f":{occurrence}"


def nimbus_result() -> DocumentResult:
    """A 12-page PDF MSA: risk, missing, weak, info and one waived finding."""
    findings = (
        finding("term.initial-term",
                "This Agreement shall continue in force for an initial term of thirty-six "
                "(36) months (the \"Initial Term\").", words=("thirty-six (36) months",), start=5120, page=2,
                section="3.1", heading="Initial Term", line=41),
        finding("term.auto-renewal",
                "Upon expiry of the Initial Term, this Agreement shall automatically renew "
                "for successive twelve (12) month periods unless either Party gives written notice at least "
                "ninety (90) days before the end of the then-current term.",
                words=("automatically renew", "ninety (90) days"), start=5301, page=2, section="3.2",
                heading="Automatic Renewal", line=43),
        finding("exclusivity.minimum-share", "Customer shall route no less than seventy percent (70%) of its "
                "Inference Requests to Provider during each Contract Year.",
                words=("route no less than seventy percent (70%)",), start=9022, page=4, section="5.1",
                heading="Minimum Share", line=77),
        finding("exclusivity.provider-exclusive",
                "Provider shall not offer the Retail Assistant to any other "
                "retailer in the United Kingdom.", words=("shall not offer",), start=9500, page=4,
                section="5.3", heading="Provider Exclusivity", line=81),
        finding("portability.onnx-export", "", section="2.2", line=33),
        finding("portability.data-export", "Provider may, at its sole discretion, provide Customer with an "
                "export of Customer Data in a format chosen by Provider.",
                words=("at its sole discretion",), start=14010, page=6, section="11.2",
                heading="Data Export", line=120, kind=FindingKind.WEAK),
        finding("exit.termination-for-convenience", ""),
        finding("commercial.price-change", "Provider may change the Fees at any time on thirty (30) days' "
                "notice.", words=("change the Fees at any time",), start=7700, page=3, section="4.4",
                heading="Price Changes", line=60,
                suppression="waiver: accepted by procurement until 2026-12-31"),
    )
    facts = Facts(effective_date="2026-03-01", initial_term_months=36, auto_renewal=True,
                  renewal_term_months=12,
                  renewal_elected_by="automatic", renewal_notice_days=90, termination_fee=True,
                  minimum_commitment_amount=1200000.0, minimum_commitment_currency="USD",
                  minimum_commitment_period_months=12, minimum_share_percent=70.0, discount_percent=30.0,
                  export_formats=("CSV", "JSON"), earliest_exit_months=36, notice_deadline="2028-12-01",
                  notice_deadline_months=33.0)
    return DocumentResult(path="contracts/nimbus-msa.pdf", format="pdf", sha256="a" * 64, pages=12,
                          facts=facts,
                          findings=findings, clause_count=64, warnings=("page 7: running header removed",),
                          parties=(("customer", "customer"), ("provider", "provider")))


def acme_result() -> DocumentResult:
    """A one-page order form whose file name needs escaping; mostly protections."""
    findings = (
        finding("term.auto-renewal", "The Subscription renews automatically for one (1) year terms.",
                words=("renews automatically",), start=800, section="6", heading="Renewal", line=12,
                severity=Severity.LOW),
        finding("portability.data-export", "On request Acme will export Customer Data in CSV within 30 days "
                "for a fee of $5,000 | per export.", words=("for a fee",), start=1200, section="7.1",
                heading="Export", line=18, kind=FindingKind.WEAK),
        finding("exit.transition-assistance", "", line=1),
    )
    facts = Facts(initial_term_months=12, auto_renewal=True, renewal_term_months=12, renewal_notice_days=30,
                  termination_for_convenience_by="customer", termination_for_convenience_notice_days=30,
                  export_formats=("CSV",), export_deadline_days=30, transition_assistance_cost="fee",
                  earliest_exit_months=1, notice_deadline_months=11.0)
    return DocumentResult(path="contracts/Acme & Sons order form.txt", format="txt", sha256="b" * 64, pages=1,
                          facts=facts, findings=findings, clause_count=14,
                          parties=(("acme", "provider"), ("subscriber", "customer")))


def make_report() -> Report:
    """Two documents with risk/missing/weak/info findings, one suppressed finding, one unreadable file."""
    return Report(tool_version="0.1.0", rules_version="rules-3f2a9c", rules=RULES,
                  results=(nimbus_result(), acme_result()),
                  skipped=(Skipped(path="contracts/scanned.pdf",
                                   error="no text layer (scanned image?) (run OCR first)"),),
                  generated_at=GENERATED_AT, fail_on=Severity.HIGH)


PAYLOADS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "[click](javascript:window.__pwned=3)",
    "javascript:alert(1)",
    "\"'><svg onload=window.__pwned=4>",
    "{{ 7*7 }} [bold red]markup[/] @admin $x$ | pipe `tick`",
)


def make_hostile_report() -> Report:
    """Every text field a contract or file name controls stuffed with markup payloads."""
    text = " ".join(PAYLOADS)
    base = make_report()
    bad = "contracts/<img src=x onerror=window.__pwned=5>\"'.txt"
    findings = tuple(replace(f, excerpt=f"Customer shall route {text} exclusively.",
                             highlights=((9, 14),), heading=PAYLOADS[4], section=PAYLOADS[0])
                     for f in base.results[0].findings)
    result = replace(base.results[0], path=bad, findings=findings,
                     warnings=(PAYLOADS[1],), parties=((PAYLOADS[0], "customer"),),
                     facts=replace(base.results[0].facts, export_formats=(PAYLOADS[1], PAYLOADS[2])))
    return replace(base, results=(result,), skipped=(Skipped(path=PAYLOADS[4], error=PAYLOADS[0]),))
