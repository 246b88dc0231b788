"""A rule's accepted matches -> its findings: one per clause, sentence or document, risk or info by who is
bound; a protection present, weak or missing; a threshold on the document's facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.engine import findings as build
from clausecheck.engine.matchers import CompiledRule
from clausecheck.model import Clause, Document, Facts, Finding, FindingKind, RuleKind, Span
from clausecheck.policy import Policy

_HEADING_CHARS = 40


@dataclass(frozen=True)
class Candidate:
    """A rule's accepted match: absolute offsets, its sentence, who it binds and (protections) its weaknesses."""

    compiled: CompiledRule
    clause: Clause
    start: int
    end: int
    sentence: tuple[int, int]
    bound: str | None
    weak: tuple[str, ...] = ()
    quote: tuple[int, int] | None = None  # what the excerpt quotes when not the sentence (a heading + its body)

    @property
    def evidence(self) -> tuple[int, int]:
        """The absolute span the finding's excerpt quotes: the sentence, or a heading with its first body sentence."""
        return self.quote or self.sentence


def _unit(candidate: Candidate, scope: str) -> tuple[int, ...]:
    if scope == "document":
        return ()
    if scope == "sentence":
        return (candidate.sentence[0],)
    return (candidate.clause.span.start,)


def rule_findings(compiled: CompiledRule, candidates: list[Candidate], document: Document,
                  clauses: Sequence[Clause], facts: Facts, evidence: dict[str, Span],
                  policy: Policy) -> list[Finding]:
    """One rule's findings in a document from its accepted matches (risk, info, weak, missing or threshold)."""
    rule = compiled.rule
    if rule.kind is RuleKind.THRESHOLD:
        return _threshold(compiled, document, clauses, facts, evidence, policy)
    if rule.kind is RuleKind.PROTECTION:
        return _protection(compiled, candidates, document, clauses, facts, policy)
    severity, why = build.escalate(rule, facts, policy)
    binds = rule.match.get("_binds", "any")
    chosen: dict[tuple[int, ...], tuple[bool, Candidate]] = {}
    for cand in candidates:
        other = {"customer": "provider", "provider": "customer"}.get(binds)
        # A provider's right (price change, walking away) needs the provider as the one acting; unknown -> info.
        info = severity.value == "info" or (other is not None and cand.bound == other) or (
            binds == "provider" and cand.bound is None)
        key = _unit(cand, rule.match.get("scope", "clause"))
        # Prefer a risk over an info reading, and an operative sentence over a bare heading ("3.2 Renewal.").
        rank = (info, cand.sentence[1] - cand.sentence[0] < _HEADING_CHARS)
        if key not in chosen or rank < (chosen[key][0], chosen[key][1].sentence[1] - chosen[key][1].sentence[0]
                                        < _HEADING_CHARS):
            chosen[key] = (info, cand)
    out = []
    for info, cand in chosen.values():
        explanation = rule.rationale
        if info and binds in ("customer", "provider") and severity.value != "info":
            explanation = f"Found, but it binds the {cand.bound}, not the {binds}: no lock-in risk. {rule.rationale}"
        elif why:
            explanation = f"{rule.rationale} Worse here: {why}."
        out.append(build.make(rule, FindingKind.INFO if info else FindingKind.RISK, severity, document,
                              cand.clause, (cand.start, cand.end), cand.evidence, explanation))
    return out


def _protection(compiled: CompiledRule, candidates: list[Candidate], document: Document,
                clauses: Sequence[Clause], facts: Facts, policy: Policy) -> list[Finding]:
    rule = compiled.rule
    severity, _ = build.escalate(rule, facts, policy)
    grantee_only = rule.match.get("_grantee") == "customer"
    granted = [c for c in candidates if not grantee_only or c.bound not in ("provider", "other")]
    strong = [c for c in granted if not c.weak]
    if strong:
        c = strong[0]
        return [build.make(rule, FindingKind.INFO, severity, document, c.clause, (c.start, c.end), c.evidence,
                           f"Present: {rule.title}.")]
    if granted:
        c = granted[0]
        reasons = ", ".join(c.weak)
        return [build.make(rule, FindingKind.WEAK, severity, document, c.clause, (c.start, c.end), c.evidence,
                           f"Present only in weak form ({reasons}). {rule.rationale}")]
    out = [_missing(compiled, document, clauses, severity)]
    for c in candidates[:1]:  # the clause type exists, granted to someone else: list it as info
        out.append(build.make(rule, FindingKind.INFO, severity, document, c.clause, (c.start, c.end), c.evidence,
                              f"Found, but granted to the {c.bound or 'other party'}, not the customer."))
    return out


def _missing(compiled: CompiledRule, document: Document, clauses: Sequence[Clause], severity: Any) -> Finding:
    rule = compiled.rule
    anchors = [a.lower() for a in rule.match.get("_anchor", [])]
    home = None
    headings, openings = _lowered(clauses)
    for word in anchors:  # anchor words in priority order; headings first, then clause openings
        home = next((c for c, heading in headings if word in heading), None) or next(
            (c for c, opening in openings if word in opening), None)
        if home:
            break
    return build.make(rule, FindingKind.MISSING, severity, document, home, None, None,
                      f"Not found: {rule.checklist or rule.title}. {rule.rationale}")


_Lowered = tuple[list[tuple[Clause, str]], list[tuple[Clause, str]]]
# The last document's clauses with their lower-cased headings and openings, one tuple (swapped whole, so a
# thread never reads another document's half).
_last: tuple[Sequence[Clause] | None, _Lowered] = (None, ([], []))


def _lowered(clauses: Sequence[Clause]) -> _Lowered:
    """Clauses with their lower-cased heading (those that have one) and opening, made once per document: every
    missing protection looks for its anchor words in them."""
    global _last
    last = _last
    if last[0] is not clauses:
        last = _last = (clauses, ([(c, c.heading.lower()) for c in clauses if c.heading],
                                  [(c, c.text[:200].lower()) for c in clauses]))
    return last[1]


def _threshold(compiled: CompiledRule, document: Document, clauses: Sequence[Clause], facts: Facts,
               evidence: dict[str, Span], policy: Policy) -> list[Finding]:
    rule = compiled.rule
    condition = rule.match["_threshold"]
    ok, value, target = build.holds(condition, facts, policy)
    if not ok:
        return []
    severity, why = build.escalate(rule, facts, policy)
    span = evidence.get(condition["fact"])
    explanation = f"{rule.rationale} Found: {condition['fact']} = {value} (policy: {condition['op']} {target} " \
                  f"flags)." + (f" Worse here: {why}." if why else "")
    if span is None:
        return [build.make(rule, FindingKind.RISK, severity, document, None, None, None, explanation)]
    clause = build.clause_at(clauses, span.start)
    limit = (clause.span.start, clause.span.end) if clause else None
    sentence = build.sentence_around(document.text, span.start, span.end, limit)
    return [build.make(rule, FindingKind.RISK, severity, document, clause, (span.start, span.end), sentence,
                       explanation)]
