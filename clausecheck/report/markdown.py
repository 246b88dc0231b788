"""Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``: verdict, scorecard, top findings.

GitHub shows no code-scanning alerts on PDF/DOCX lines in the PR view, so this is the PR's main feedback.
Every value from a contract or a file name is escaped by the template environment (see ``templating``).
"""

from __future__ import annotations

from typing import Any, TextIO

from clausecheck.model import DocumentResult, Finding, Report
from clausecheck.report import views
from clausecheck.report.templating import MarkdownSafe, escape_markdown, markdown_environment

SEVERITY_ICONS = {"critical": "\u203c\ufe0f", "high": "\u274c", "medium": "\u26a0\ufe0f",
                  "low": "\u2139\ufe0f", "info": "\u2139\ufe0f"}
VERDICT_ICONS = {"fail": "\u274c", "review": "\u26a0\ufe0f", "pass": "\u2705"}
STATUS_TEXT = {"pass": "\u2705 pass", "weak": "\u26a0\ufe0f weak", "fail": "\u274c fail"}
MAX_CHARS = 60_000  # GitHub comments stop at 65,536 characters; the full lists are in the HTML / SARIF
# (table rows, listed findings) tried in turn until the summary fits in ``max_chars``
BUDGETS: tuple[tuple[int | None, int], ...] = ((None, 200), (100, 60), (40, 20), (15, 0))


def render(report: Report, out: TextIO, *, top: int = 10, show_info: bool = False, quote_chars: int = 160,
           max_chars: int = MAX_CHARS, **_options: Any) -> None:
    """Write the Markdown summary, shortened (never cut mid-table) to fit ``max_chars`` when it can."""
    template = markdown_environment().get_template("summary.md.j2")
    text = ""
    for rows, listed in BUDGETS:
        text = template.render(**context(report, top=top, show_info=show_info, quote_chars=quote_chars,
                                         max_rows=rows, max_listed=listed))
        if len(text) <= max_chars:
            break
    out.write(text)


def _quote(finding: Any, limit: int) -> MarkdownSafe:
    """The shortened quote, escaped, with the matched words in bold."""
    parts = []
    for piece in views.segments(finding, limit=limit):
        text = escape_markdown(piece.text)
        if piece.mark and text:
            text = f"**{text}**"
        # escape_markdown trims; keep the word boundaries between pieces
        before = " " if piece.text[:1].isspace() else ""
        after = " " if piece.text[-1:].isspace() else ""
        parts.append(before + text + after)
    return MarkdownSafe("".join(parts).strip())


def _item(report: Report, doc: Any, finding: Any, quote_chars: int) -> dict[str, Any]:
    quote = _quote(finding, quote_chars)
    return {"icon": MarkdownSafe(SEVERITY_ICONS[finding.severity.value]),
            "severity": finding.severity.value.upper(), "title": finding.title, "path": doc.path,
            "where": views.location(finding), "quote": quote, "kind": finding.kind.value,
            "suppression": finding.suppression, "gating": views.gating(finding, report.fail_on),
            "recommendation": views.one_line(finding.recommendation)}


def context(report: Report, *, top: int, show_info: bool, quote_chars: int, max_rows: int | None = None,
            max_listed: int = 200) -> dict[str, Any]:
    """The template's data: every string in it is escaped on output unless MarkdownSafe."""
    active: list[tuple[int, DocumentResult, Finding]] = []
    suppressed: list[tuple[int, DocumentResult, Finding]] = []
    for position, doc in enumerate(report.results):
        for finding in views.visible(doc.findings, show_info):
            (active if views.is_active(finding) else suppressed).append((position, doc, finding))
    active.sort(key=lambda item: (-item[2].severity.rank, item[0]))
    totals = {s.value: 0 for s in views.SEVERITIES_DESC}
    for doc in report.results:
        for key, value in views.counts(doc.findings).items():
            totals[key] += value
    if not show_info:
        totals.pop("info")
    verdict = views.overall_verdict(report)
    documents = [_document(report, doc) for doc in report.results]
    shown = documents
    if max_rows is not None and len(documents) > max_rows:
        # the contracts that need attention first, in report order, then the clean ones
        shown = sorted(documents, key=lambda d: d["status"] == "pass")  # stable: report order within groups
        shown = shown[:max_rows]
    rest = active[top:]
    missing = _missing(report)
    return {
        "verdict": views.VERDICT_LABELS[verdict], "verdict_icon": MarkdownSafe(VERDICT_ICONS[verdict]),
        "fail_on": report.fail_on.value if report.fail_on else "never",
        "totals": [(key, value) for key, value in totals.items() if value],
        "documents": shown, "documents_total": len(documents), "single": len(report.results) == 1,
        "pillar_labels": [label for _, label in views.SCORECARD_PILLARS],
        "top": [_item(report, d, f, quote_chars) for _, d, f in active[:top]],
        "rest": [_item(report, d, f, quote_chars) for _, d, f in rest[:max_listed]],
        "rest_total": len(rest), "rest_omitted": max(0, len(rest) - max_listed),
        "suppressed": [_item(report, d, f, quote_chars) for _, d, f in suppressed[:max_listed]],
        "suppressed_total": len(suppressed),
        "missing": missing[:max_rows] if max_rows is not None else missing, "missing_total": len(missing),
        "skipped": report.skipped,
        "tool_version": report.tool_version, "rules_version": views.short_version(report.rules_version),
    }


def _document(report: Report, doc: Any) -> dict[str, Any]:
    status = views.verdict(doc, report.fail_on)
    card = views.scorecard(doc)
    return {"path": doc.path, "status": status, "verdict": views.VERDICT_LABELS[status],
            "icon": MarkdownSafe(VERDICT_ICONS[status]), "counts": views.counts(doc.findings),
            "pillars": [MarkdownSafe(STATUS_TEXT[row.status]) for row in card],
            "scorecard": [{"label": row.label, "status": MarkdownSafe(STATUS_TEXT[row.status]),
                           "why": row.why} for row in card]}


def _missing(report: Report) -> list[dict[str, Any]]:
    rows = []
    for doc in report.results:
        items = [i for i in views.checklist(report, doc) if i.status != "present" and not i.suppressed]
        if items:
            rows.append({"path": doc.path, "checks": [{"label": i.label, "status": i.status} for i in items]})
    return rows
