"""Derived views shared by every reporter: verdict, counts, pillar scorecard, checklist, quotes, locations.

Reporters stay pure functions of a Report; everything they show that is not a raw field is computed here once,
so the terminal, HTML, Markdown and JSON never disagree about a verdict or a pillar status.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from clausecheck.model import DocumentResult, Finding, FindingKind, Pillar, Report, RuleKind, Severity

SEVERITIES_DESC: tuple[Severity, ...] = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
                                         Severity.INFO)
SCORECARD_PILLARS: tuple[tuple[Pillar, str], ...] = (
    (Pillar.TERM, "Initial term & renewal"),
    (Pillar.EXCLUSIVITY, "Exclusivity & minimum share"),
    (Pillar.PORTABILITY, "Portability"),
    (Pillar.EXIT, "Exit"),
)
VERDICT_LABELS = {"fail": "Red flags", "review": "Needs review", "pass": "No red flags"}
STATUS_LABELS = {"pass": "Pass", "weak": "Weak", "fail": "Fail"}
# Text symbols next to every status so meaning never depends on colour alone.
STATUS_ICONS = {"pass": "\u2714", "weak": "\u25d0", "fail": "\u2716"}
CHECK_ICONS = {"present": "\u2714", "weak": "\u25d0", "missing": "\u2716"}
_KIND_ORDER = {FindingKind.MISSING: 0, FindingKind.RISK: 1, FindingKind.WEAK: 2, FindingKind.INFO: 3}
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a form feed or escape still separates words
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")  # zero-width and bidi controls


@dataclass(frozen=True, kw_only=True)
class PillarScore:
    """One row of the four-pillar scorecard."""

    pillar: str
    label: str
    status: str  # pass | weak | fail
    why: str
    worst: Finding | None = None  # the finding the "why" names, for links


@dataclass(frozen=True, kw_only=True)
class CheckItem:
    """One line of the missing-protections checklist."""

    rule_id: str
    label: str
    status: str  # present | weak | missing
    suppressed: bool = False


@dataclass(frozen=True, kw_only=True)
class Segment:
    """A piece of a quote; ``mark`` is True for words the rule matched."""

    text: str
    mark: bool


def clean(text: str) -> str:
    """Drop control and bidi-override characters: contract text must not drive a terminal or reorder text."""
    return _INVISIBLE.sub("", _CONTROL.sub(" ", unicodedata.normalize("NFC", text.replace("\t", " "))))


def one_line(text: str) -> str:
    """``clean`` and collapse all whitespace to single spaces."""
    return " ".join(clean(text.replace("\n", " ")).split())


def hidden_info(findings: tuple[Finding, ...] | list[Finding], show_info: bool) -> int:
    """How many info findings a view leaves out."""
    return 0 if show_info else sum(1 for f in findings if f.kind is FindingKind.INFO)


def is_active(finding: Finding) -> bool:
    """A finding that counts: not suppressed by a baseline or waiver."""
    return finding.suppression is None


def visible(findings: tuple[Finding, ...] | list[Finding], show_info: bool) -> list[Finding]:
    """Findings to display, most severe first; info findings only when asked for."""
    shown = [f for f in findings if show_info or f.kind is not FindingKind.INFO]
    return sort_findings(shown)


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Most severe first, then by kind, then in document order (missing findings last), then rule id."""
    return sorted(findings, key=lambda f: (-f.severity.rank, _KIND_ORDER[f.kind],
                                           f.span.start if f.span else 1 << 62, f.rule_id))


def counts(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    """Active findings per severity, every severity present (``critical`` ... ``info``)."""
    result = {s.value: 0 for s in SEVERITIES_DESC}
    for finding in findings:
        if is_active(finding):
            result[finding.severity.value] += 1
    return result


def gating(finding: Finding, fail_on: Severity | None) -> bool:
    """True when the finding alone would fail the build."""
    return fail_on is not None and is_active(finding) and finding.severity >= fail_on


def verdict(result: DocumentResult, fail_on: Severity | None) -> str:
    """``fail`` (gating findings), ``review`` (open findings below the gate) or ``pass``."""
    # the same test as the CI gate, so "Red flags" appears exactly when the document fails the build
    if any(gating(f, fail_on) for f in result.findings):
        return "fail"
    open_findings = [f for f in result.findings if is_active(f) and f.kind is not FindingKind.INFO]
    # pages that could not be read may hold the red flags: a partly read contract is never "pass"
    return "review" if open_findings or result.unread_pages else "pass"


def overall_verdict(report: Report) -> str:
    """The worst verdict over all documents; an unreadable document alone makes it ``review``."""
    verdicts = {verdict(r, report.fail_on) for r in report.results}
    for candidate in ("fail", "review"):
        if candidate in verdicts:
            return candidate
    return "review" if report.skipped else "pass"


def scorecard(result: DocumentResult) -> list[PillarScore]:
    """Pass / weak / fail for the four pillars with one line of why."""
    rows = []
    for pillar, label in SCORECARD_PILLARS:
        mine = [f for f in result.findings if f.pillar is pillar and f.kind is not FindingKind.INFO]
        active = sort_findings([f for f in mine if is_active(f)])
        accepted = len(mine) - len(active)
        if not active:
            why = "No open issues found"
            if accepted:
                why += f" ({accepted} accepted risk{'s' if accepted > 1 else ''})"
            rows.append(PillarScore(pillar=pillar.value, label=label, status="pass", why=why))
            continue
        worst = active[0]
        serious = worst.kind in (FindingKind.RISK, FindingKind.MISSING) and worst.severity >= Severity.MEDIUM
        why = one_line(worst.title)
        if len(active) > 1:
            why += f" (+{len(active) - 1} more)"
        status = "fail" if serious else "weak"
        rows.append(PillarScore(pillar=pillar.value, label=label, status=status, why=why, worst=worst))
    return rows


def checklist(report: Report, result: DocumentResult) -> list[CheckItem]:
    """Every protection rule that ran: present, weak or missing in this document."""
    items = []
    for rule in report.rules:
        if rule.kind is not RuleKind.PROTECTION:
            continue
        found = [f for f in result.findings if f.rule_id == rule.id and f.kind in (FindingKind.MISSING,
                                                                                    FindingKind.WEAK)]
        status = "present"
        if any(f.kind is FindingKind.MISSING for f in found):
            status = "missing"
        elif found:
            status = "weak"
        items.append(CheckItem(rule_id=rule.id, label=rule.checklist or rule.title, status=status,
                               suppressed=bool(found) and all(not is_active(f) for f in found)))
    return items


def segments(finding: Finding, limit: int | None = None) -> list[Segment]:
    """The excerpt cut into plain and highlighted pieces (overlapping highlights merged, bad ones dropped).

    With ``limit`` the quote is shortened around the first highlight to about ``limit`` characters.
    """
    text = finding.excerpt
    spans = sorted((max(0, s), min(len(text), e)) for s, e in finding.highlights if s < e and s < len(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    lo, hi = 0, len(text)
    if limit is not None and len(text) > limit:
        anchor = merged[0][0] if merged else 0
        lo = max(0, min(anchor - limit // 4, len(text) - limit))
        hi = lo + limit
        # Cut at word boundaries when one is close, so a shortened quote never ends mid-number.
        left, right = text.find(" ", lo), text.rfind(" ", lo, hi)
        lo = left + 1 if lo > 0 and 0 <= left < lo + 20 else lo
        hi = right if hi < len(text) and right > hi - 20 else hi
    pieces: list[Segment] = []
    cursor = lo
    for start, end in merged:
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            continue
        if start > cursor:
            pieces.append(Segment(text=text[cursor:start], mark=False))
        pieces.append(Segment(text=text[start:end], mark=True))
        cursor = end
    if cursor < hi:
        pieces.append(Segment(text=text[cursor:hi], mark=False))
    if lo > 0:
        pieces.insert(0, Segment(text="\u2026", mark=False))
    if hi < len(text):
        pieces.append(Segment(text="\u2026", mark=False))
    pieces = [Segment(text=_squash(p.text), mark=p.mark) for p in pieces]
    if pieces and not pieces[0].mark:
        pieces[0] = Segment(text=pieces[0].text.lstrip(), mark=False)
    if pieces and not pieces[-1].mark:
        pieces[-1] = Segment(text=pieces[-1].text.rstrip(), mark=False)
    return [p for p in pieces if p.text]


def _squash(text: str) -> str:
    return _SPACES.sub(" ", clean(text))


def location(finding: Finding) -> str:
    """Human location, e.g. ``page 3, section 4.2 (Term)``; ``not found in the contract`` when missing."""
    parts = []
    page = finding.span.page if finding.span else None
    if page is not None:
        parts.append(f"page {page}")
    if finding.section:
        parts.append(f"section {one_line(finding.section)}")
    text = ", ".join(parts)
    if finding.heading:
        text = f"{text} ({one_line(finding.heading)})" if text else one_line(finding.heading)
    if finding.kind is FindingKind.MISSING and finding.span is None:
        return "not found in the contract" + (f"; expected near {text}" if text else "")
    return text or f"line {finding.line or 1}"


def short_version(version: str) -> str:
    """A rule-pack digest shortened for display (the full value stays in JSON and SARIF)."""
    return version[:12] if len(version) > 16 and all(c in "0123456789abcdef" for c in version) else version


def pillar_statuses(result: DocumentResult) -> dict[str, str]:
    """pillar value -> pass | weak | fail, for portfolio tables."""
    return {row.pillar: row.status for row in scorecard(result)}
