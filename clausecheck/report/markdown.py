"""Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``: verdict, scorecard, top findings.

GitHub shows no code-scanning alerts on PDF/DOCX lines in the PR view, so this is the PR's main feedback.
Every value from a contract or a file name is escaped by the template environment (see ``templating``).
"""

from __future__ import annotations

from typing import Any, TextIO

from clausecheck.model import FindingKind, Report
from clausecheck.report import views
from clausecheck.report.templating import MarkdownSafe, escape_markdown, markdown_environment

SEVERITY_ICONS = {"critical": "\u203c\ufe0f", "high": "\u274c", "medium": "\u26a0\ufe0f", "low": "\u2139\ufe0f",
                  "info": "\u2139\ufe0f"}
VERDICT_ICONS = {"fail": "\u274c", "review": "\u26a0\ufe0f", "pass": "\u2705"}
STATUS_TEXT = {"pass": "\u2705 pass", "weak": "\u26a0\ufe0f weak", "fail": "\u274c fail"}
MAX_LISTED = 200  # GitHub comments stop at 65,536 characters; the full list is in the HTML / SARIF


def render(report: Report, out: TextIO, *, top: int = 10, show_info: bool = False, quote_chars: int = 160,
           **_options: Any) -> None:
    """Write the Markdown summary."""
    template = markdown_environment().get_template("summary.md.j2")
    out.write(template.render(**context(report, top=top, show_info=show_info, quote_chars=quote_chars)))


def _quote(finding: Any, limit: int) -> MarkdownSafe:
    """The shortened quote, escaped, with the matched words in bold."""
    parts = []
    for piece in views.segments(finding, limit=limit):
        text = escape_markdown(piece.text)
        if piece.mark and text:
            text = f"**{text}**"
        # escape_markdown trims; keep the word boundaries between pieces
        parts.append((" " if piece.text[:1].isspace() else "") + text + (" " if piece.text[-1:].isspace() else ""))
    return MarkdownSafe("".join(parts).strip())


def _item(report: Report, doc: Any, finding: Any, quote_chars: int) -> dict[str, Any]:
    quote = _quote(finding, quote_chars)
    return {"icon": MarkdownSafe(SEVERITY_ICONS[finding.severity.value]),
            "severity": finding.severity.value.upper(), "title": finding.title, "path": doc.path,
            "where": views.location(finding), "quote": quote, "kind": finding.kind.value,
            "suppression": finding.suppression, "gating": views.gating(finding, report.fail_on),
            "recommendation": views.one_line(finding.recommendation)}


def context(report: Report, *, top: int, show_info: bool, quote_chars: int) -> dict[str, Any]:
    """The template's data: every string in it is escaped on output unless MarkdownSafe."""
    active, suppressed = [], []
    for doc in report.results:
        for finding in views.visible(doc.findings, show_info):
            (active if views.is_active(finding) else suppressed).append((doc, finding))
    active.sort(key=lambda pair: (-pair[1].severity.rank, report.results.index(pair[0])))
    totals = {s.value: 0 for s in views.SEVERITIES_DESC}
    for doc in report.results:
        for key, value in views.counts(doc.findings).items():
            totals[key] += value
    if not show_info:
        totals.pop("info")
    verdict = views.overall_verdict(report)
    documents = [{"path": doc.path, "verdict": views.VERDICT_LABELS[views.verdict(doc, report.fail_on)],
                  "icon": MarkdownSafe(VERDICT_ICONS[views.verdict(doc, report.fail_on)]),
                  "counts": views.counts(doc.findings),
                  "pillars": [MarkdownSafe(STATUS_TEXT[row.status]) for row in views.scorecard(doc)],
                  "scorecard": [{"label": row.label, "status": MarkdownSafe(STATUS_TEXT[row.status]),
                                 "why": row.why} for row in views.scorecard(doc)]}
                 for doc in report.results]
    rest = active[top:]
    return {
        "verdict": views.VERDICT_LABELS[verdict], "verdict_icon": MarkdownSafe(VERDICT_ICONS[verdict]),
        "fail_on": report.fail_on.value if report.fail_on else "never",
        "totals": [(key, value) for key, value in totals.items() if value],
        "documents": documents, "single": len(report.results) == 1,
        "pillar_labels": [label for _, label in views.SCORECARD_PILLARS],
        "top": [_item(report, d, f, quote_chars) for d, f in active[:top]],
        "rest": [_item(report, d, f, quote_chars) for d, f in rest[:MAX_LISTED]],
        "rest_total": len(rest), "rest_omitted": max(0, len(rest) - MAX_LISTED),
        "suppressed": [_item(report, d, f, quote_chars) for d, f in suppressed[:MAX_LISTED]],
        "missing": _missing(report),
        "skipped": report.skipped,
        "tool_version": report.tool_version, "rules_version": views.short_version(report.rules_version),
        "info_kind": FindingKind.INFO.value,
    }


def _missing(report: Report) -> list[dict[str, Any]]:
    rows = []
    for doc in report.results:
        items = [i for i in views.checklist(report, doc) if i.status != "present" and not i.suppressed]
        if items:
            rows.append({"path": doc.path, "checks": [{"label": i.label, "status": i.status} for i in items]})
    return rows
