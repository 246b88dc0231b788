"""Turn matches into Findings: excerpt, highlights, location, explanation, severity escalation, fingerprints."""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

from clausecheck.engine import fingerprint
from clausecheck.model import Clause, Document, Facts, Finding, FindingKind, Rule, Severity
from clausecheck.policy import Policy

MAX_EXCERPT = 600
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq,
    "!=": operator.ne,
}
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"“])|\n\s*\n")


def excerpt_bounds(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end), cut to at most MAX_EXCERPT characters around the match."""
    lo, hi = sentence
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo <= MAX_EXCERPT:
        return lo, hi
    centre = (start + end) // 2
    lo2 = max(lo, min(centre - MAX_EXCERPT // 2, hi - MAX_EXCERPT))
    hi2 = min(hi, lo2 + MAX_EXCERPT)
    # Cut at word boundaries so the quote never starts or ends mid-word.
    while lo2 > lo and lo2 < start and not text[lo2 - 1].isspace():
        lo2 += 1
    while hi2 < hi and hi2 > end and not text[hi2].isspace():
        hi2 -= 1
    return lo2, hi2


def sentence_around(text: str, start: int, end: int, limit: tuple[int, int] | None = None) -> tuple[int, int]:
    """Cheap sentence bounds around an offset, for evidence spans that were not tokenised."""
    lo_limit, hi_limit = limit or (0, len(text))
    lo = lo_limit
    for m in _SENTENCE_END.finditer(text, max(lo_limit, start - 2000), start):
        lo = m.end()
    nxt = _SENTENCE_END.search(text, end, min(hi_limit, end + 2000))
    return lo, nxt.start() if nxt else min(hi_limit, end + 2000)


def clause_at(clauses: Sequence[Clause], offset: int) -> Clause | None:
    """The innermost clause holding ``offset``."""
    best = None
    for clause in clauses:
        if clause.span.start <= offset < clause.span.end and (
                best is None or clause.span.end - clause.span.start <= best.span.end - best.span.start):
            best = clause
    return best


def make(rule: Rule, kind: FindingKind, severity: Severity, document: Document, clause: Clause | None,
         match: tuple[int, int] | None, sentence: tuple[int, int] | None, explanation: str) -> Finding:
    """One finding (fingerprint filled in later, once occurrences are known)."""
    excerpt, span, highlights = "", None, ()
    if match is not None and sentence is not None:
        lo, hi = excerpt_bounds(document.text, sentence, *match)
        excerpt = document.text[lo:hi]
        span = document.span(lo, hi)
        highlights = ((max(0, match[0] - lo), min(hi, match[1]) - lo),)
    anchor = span.start if span else (clause.span.start if clause else 0)
    labels = () if kind is FindingKind.MISSING else rule.labels
    return Finding(
        rule_id=rule.id, title=rule.title, severity=Severity.INFO if kind is FindingKind.INFO else severity,
        kind=kind, pillar=rule.pillar, labels=labels, excerpt=excerpt, span=span,
        section=clause.number if clause else None, heading=clause.heading if clause else None,
        line=document.line_at(anchor), highlights=highlights, explanation=explanation,
        recommendation=rule.recommendation,
    )


def holds(condition: dict[str, Any], facts: Facts, policy: Policy) -> tuple[bool, Any, Any]:
    """(condition true?, fact value, compared value); a missing fact never holds."""
    value = getattr(facts, condition["fact"], None)
    if condition["op"] == "unset":
        return value is None, None, None
    target = getattr(policy, condition["policy"]) if "policy" in condition else condition.get("value")
    if value is None or target is None:
        return False, value, target
    try:
        return bool(_OPS[condition["op"]](value, target)), value, target
    except TypeError:
        return False, value, target


def escalate(rule: Rule, facts: Facts, policy: Policy) -> tuple[Severity, str]:
    """Rule severity raised by any escalation condition that holds, with the reason."""
    severity, reasons = rule.severity, []
    for item in rule.match.get("_escalate", []):
        ok, value, target = holds(item["when"], facts, policy)
        if ok and Severity(item["severity"]) > severity:
            severity = Severity(item["severity"])
        if ok:
            when = item["when"]
            reasons.append(f"{when['fact']} not stated" if when["op"] == "unset"
                           else f"{when['fact']} is {_show(value)} ({when['op']} {_show(target)})")
    return severity, ("; ".join(reasons))


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def finalise(findings: list[Finding], display_path: str) -> tuple[Finding, ...]:
    """Deterministic order (position, then rule id) and fingerprints with occurrence indexes."""
    def position(f: Finding) -> tuple[int, int, str, int]:
        start = f.span.start if f.span else -1
        return (f.line or 0, start, f.rule_id, f.highlights[0][0] if f.highlights else 0)

    ordered = sorted(findings, key=position)
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in ordered:
        key = (f.rule_id, fingerprint.normalise(f.excerpt))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(dataclasses.replace(f, fingerprint=fingerprint.compute(f.rule_id, display_path, f.excerpt,
                                                                           occurrence)))
    return tuple(out)


def keep_required(rules: Sequence[Rule], per_rule: list[list[Finding]]) -> list[list[Finding]]:
    """Per rule (parallel lists), its findings, or none when its ``requires`` names no rule with a finding
    other than "missing" in the same document.

    A required rule counts only with its own findings kept, so chains resolve in order; the loader refused
    cycles. A condition naming only rules that do not run (disabled by configuration) is not applied."""
    at = {r.id: i for i, r in enumerate(rules)}
    kept: dict[str, bool] = {}

    def present(rule_id: str) -> bool:
        return keep(rule_id) and any(f.kind is not FindingKind.MISSING for f in per_rule[at[rule_id]])

    def keep(rule_id: str) -> bool:
        if rule_id not in kept:
            kept[rule_id] = True  # provisional: a cycle (refused at load) cannot recurse forever
            needs = [r for r in rules[at[rule_id]].match.get("_requires_rules", ()) if r in at]
            kept[rule_id] = not needs or any(present(r) for r in needs)
        return kept[rule_id]

    return [found if keep(r.id) else [] for r, found in zip(rules, per_rule, strict=True)]
