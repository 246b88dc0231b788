"""Self-contained HTML report for legal: summary, four-pillar scorecard, findings with quotes, checklist.

One file, inline CSS, no external requests, readable with JavaScript off. The only script (optional
filtering) is allowed by its sha256 in the Content-Security-Policy, so nothing injected could run even if
escaping failed. All contract text goes through jinja2 autoescaping; nothing user-controlled is marked safe.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from typing import Any, TextIO

from clausecheck.model import DocumentResult, Finding, Report
from clausecheck.report import terms, views
from clausecheck.report.templating import html_environment

SEVERITY_ICONS = {"critical": "\u203c", "high": "\u25b2", "medium": "\u25c6", "low": "\u25bd",
                  "info": "\u2139"}
SEVERITY_SHORT = {"critical": "Crit.", "high": "High", "medium": "Med.", "low": "Low", "info": "Info"}
VERDICT_ICONS = {"fail": "\u2716", "review": "\u25d0", "pass": "\u2714"}
KIND_LABELS = {"risk": "Risk clause", "missing": "Missing protection", "weak": "Weak protection",
               "info": "Clause type (no risk)"}


@functools.cache
def _script() -> tuple[str, str]:
    """The filter script and its CSP hash source."""
    from clausecheck.resources import data_dir

    text = (data_dir("templates") / "report_filter.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


def content_security_policy() -> str:
    """The CSP of every report: nothing external, inline styles, and only our own script by hash."""
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src {_script()[1]}; base-uri 'none'; form-action 'none'")


def render(report: Report, out: TextIO, *, show_info: bool = False, mode: str | None = None,
           **_options: Any) -> None:
    """Write the HTML report; several documents (or ``mode="scan"``) open with a portfolio table."""
    from markupsafe import Markup

    multi = mode == "scan" or (mode != "review" and (len(report.results) != 1 or bool(report.skipped)))
    template = html_environment().get_template("report.html.j2")
    documents = [_document(report, result, i, show_info) for i, result in enumerate(report.results, start=1)]
    verdict = views.overall_verdict(report)
    out.write(template.render(
        csp=Markup(content_security_policy()),  # our constants and a base64 hash only
        script=Markup(_script()[0]),  # shipped with the package; the only value marked safe
        multi=multi, documents=documents, any_findings=any(d["findings"] for d in documents),
        skipped=report.skipped, show_info=show_info,
        title=("Contract portfolio review" if multi else
               f"Contract review: {documents[0]['name'] if documents else 'no document'}"),
        verdict=verdict, verdict_label=views.VERDICT_LABELS[verdict], verdict_icon=VERDICT_ICONS[verdict],
        generated_at=report.generated_at or "not recorded", tool_version=report.tool_version,
        rules_version=views.short_version(report.rules_version),
        fail_on=report.fail_on.value if report.fail_on else "never",
        pillar_labels=[label for _, label in views.SCORECARD_PILLARS],
        pillar_short=["Term", "Exclusivity", "Portability", "Exit"],
        severities=[s.value for s in views.SEVERITIES_DESC if show_info or s.value != "info"],
        severity_icons=SEVERITY_ICONS, severity_short=SEVERITY_SHORT, status_icons=views.STATUS_ICONS,
        status_labels=views.STATUS_LABELS, check_icons=views.CHECK_ICONS,
    ))


def _document(report: Report, result: DocumentResult, index: int, show_info: bool) -> dict[str, Any]:
    verdict = views.verdict(result, report.fail_on)
    counts = views.counts(result.findings)
    exit_text, notice_text = terms.exit_summary(result.facts)
    findings = views.visible(result.findings, show_info)
    anchors = {id(f): f"d{index}-f{n}" for n, f in enumerate(findings, start=1)}  # scorecard -> finding links
    gating = sum(1 for f in result.findings if views.gating(f, report.fail_on))
    return {
        "anchor": f"doc-{index}", "index": index, "path": views.one_line(result.path),
        "name": views.one_line(result.path.replace("\\", "/").rsplit("/", 1)[-1]),
        "format": result.format, "sha256": result.sha256, "pages": result.pages,
        "clause_count": result.clause_count,
        "verdict": verdict, "verdict_label": views.VERDICT_LABELS[verdict],
        "verdict_icon": VERDICT_ICONS[verdict],
        "gating": gating, "counts": [(k, v) for k, v in counts.items() if show_info or k != "info"],
        "suppressed": sum(1 for f in result.findings if not views.is_active(f)),
        "exit_text": exit_text, "notice_text": notice_text, "exit_short": terms.short_exit(result.facts),
        "scorecard": [(row, anchors.get(id(row.worst))) for row in views.scorecard(result)],
        "key_terms": terms.key_terms(result.facts),
        "findings": [_finding(f, index, n) for n, f in enumerate(findings, start=1)],
        "hidden_info": views.hidden_info(result.findings, show_info),
        "checklist": views.checklist(report, result),
        "warnings": [views.one_line(w) for w in result.warnings],
        "parties": [(views.one_line(name), role) for name, role in result.parties],
    }


def _finding(finding: Finding, doc_index: int, index: int) -> dict[str, Any]:
    return {
        "anchor": f"d{doc_index}-f{index}", "rule_id": finding.rule_id,
        "title": views.one_line(finding.title), "severity": finding.severity.value,
        "kind": finding.kind.value, "kind_label": KIND_LABELS[finding.kind.value],
        "pillar": finding.pillar.value, "labels": list(finding.labels), "location": views.location(finding),
        "segments": views.segments(finding), "explanation": views.one_line(finding.explanation),
        "recommendation": views.clean(finding.recommendation).strip(), "fingerprint": finding.fingerprint,
        "suppressed": finding.suppression is not None, "suppression": finding.suppression or "",
    }
