"""GitLab Code Quality report: a JSON list of issues, one per open (unsuppressed) finding.

GitLab has no notion of suppression, so baselined or waived findings are left out; info findings too unless
``show_info``. Lines are extracted-text lines (>= 1), as in SARIF.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from clausecheck.model import FindingKind, Report, Severity
from clausecheck.report import views
from clausecheck.report.sarif import repo_path

SEVERITIES = {Severity.INFO: "info", Severity.LOW: "minor", Severity.MEDIUM: "major",
              Severity.HIGH: "critical", Severity.CRITICAL: "blocker"}


def render(report: Report, out: TextIO, *, repo_root: str | Path | None = None, show_info: bool = False,
           **_options: Any) -> None:
    """Write the Code Quality JSON array."""
    out.write(json.dumps(to_issues(report, repo_root=repo_root, show_info=show_info), indent=2,
                         ensure_ascii=False) + "\n")


def to_issues(report: Report, *, repo_root: str | Path | None = None,
              show_info: bool = False) -> list[dict[str, Any]]:
    """The Code Quality issues as data."""
    issues = []
    for doc in report.results:
        path, _ = repo_path(doc.path, repo_root)
        for finding in doc.findings:
            if not views.is_active(finding) or (finding.kind is FindingKind.INFO and not show_info):
                continue
            quote = views.one_line(finding.excerpt)
            where = f": \"{quote[:160]}\"" if quote else " (not found in the contract)"
            description = finding.title + where
            issues.append({
                "type": "issue",
                "description": description,
                "check_name": finding.rule_id,
                "fingerprint": finding.fingerprint or f"{finding.rule_id}:{path}:{finding.line or 1}",
                "severity": SEVERITIES[finding.severity],
                "categories": ["Bug Risk"],
                "content": {"body": f"{views.one_line(finding.explanation)}\n\n"
                                    f"Ask for: {views.one_line(finding.recommendation)}"},
                "location": {"path": path, "lines": {"begin": max(1, finding.line or 1)}},
            })
    return issues
