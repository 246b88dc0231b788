"""Run each rule's own flag/pass examples: the test suite and `clausecheck rules test` both use this."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clausecheck.engine import language
from clausecheck.model import Clause, Document, Example, Finding, FindingKind, Rule, RuleKind
from clausecheck.policy import Policy

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.engine import RuleSet


@dataclass(frozen=True)
class ExampleResult:
    """One example's outcome: ``ok`` when the rule behaved as the example says."""

    rule_id: str
    name: str  # e.g. "term.auto-renewal::flag[0]"
    example: Example
    ok: bool
    detail: str


def document_for(text: str) -> tuple[Document, list[Clause]]:
    """A one-clause in-memory document holding an example text.

    An example whose first line is a bare heading ("12. Non-Competition" then a line break) is a clause under that
    heading, as the segmenter reads a section: the line is the clause's heading and stays in its text, so an example
    is read exactly as the same text in a real document."""
    doc = Document(path="<example>", format="txt", text=text,
                   sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    first, newline, rest = text.partition("\n")
    heading = first.strip() if newline and rest.strip() and first.strip() and language.is_heading(first) else None
    return doc, [Clause(index=0, number=None, heading=heading, span=doc.span(0, len(text)), text=text)]


def findings_for(rule: Rule, text: str, ruleset: RuleSet, policy: Policy) -> list[Finding]:
    """The findings ``rule`` produces on ``text`` (other rules' findings dropped)."""
    from clausecheck.engine import check

    document, clauses = document_for(text)
    outcome = check(document, clauses, ruleset, policy, display_path="<example>")
    return [f for f in outcome.findings if f.rule_id == rule.id]


def flagged(rule: Rule, found: list[Finding]) -> list[Finding]:
    """The findings that count as "flagged": risk, weak or missing; for info-severity rules, info findings."""
    if rule.kind is RuleKind.RISK and rule.severity.value == "info":
        return found
    return [f for f in found if f.kind is not FindingKind.INFO]


def run_one(rule: Rule, index: int, example: Example, ruleset: RuleSet, policy: Policy) -> ExampleResult:
    """Check one example of ``rule``."""
    name = f"{rule.id}::{'flag' if example.flag else 'pass'}[{index}]"
    found = findings_for(rule, example.text, ruleset, policy)
    hits = flagged(rule, found)
    kinds = sorted({f.kind.value for f in hits})
    if example.flag and example.kind == "info":  # found, but binding the other party: info and no risk
        got = sorted({f.kind.value for f in found})
        ok = got == ["info"]
        detail = f"expected an info finding only, got {got or 'none'}"
    elif example.flag:
        expected = example.kind or ("risk" if rule.kind is not RuleKind.PROTECTION else None)
        if rule.kind is RuleKind.RISK and rule.severity.value == "info":
            expected = "info"
        ok = bool(hits) and (expected is None or expected in kinds)
        detail = f"expected a {expected or 'missing/weak'} finding, got {kinds or 'none'}"
    else:
        ok = not hits
        detail = f"expected no finding, got {kinds} ({hits[0].explanation[:120]})" if hits else "no finding"
    return ExampleResult(rule_id=rule.id, name=name, example=example, ok=ok, detail=detail)


def run(ruleset: RuleSet, policy: Policy | None = None, only: Collection[str] | None = None) -> list[ExampleResult]:
    """Every example of every rule in ``ruleset`` (of the rules whose ids are in ``only``, when given)."""
    policy = policy or Policy()
    results = []
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        counters = {True: 0, False: 0}
        for example in rule.examples:
            results.append(run_one(rule, counters[example.flag], example, ruleset, policy))
            counters[example.flag] += 1
    return results
