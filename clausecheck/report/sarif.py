"""SARIF 2.1.0 for GitHub code scanning: every rule described, every result anchored at a line >= 1.

Info findings (clause types that are no risk) are left out unless ``show_info``: they would become alerts.
Unreadable documents become tool execution notifications, and the run is marked unsuccessful.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from clausecheck.model import FindingKind, Report, Rule, Severity
from clausecheck.report import views

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}


def render(report: Report, out: TextIO, *, repo_root: str | Path | None = None, show_info: bool = False,
           **_options: Any) -> None:
    """Write one SARIF log with one run; ``repo_root`` makes artifact URIs repo-relative."""
    out.write(json.dumps(to_sarif(report, repo_root=repo_root, show_info=show_info), indent=2,
                         ensure_ascii=False) + "\n")


def repo_path(path: str, repo_root: str | Path | None) -> tuple[str, bool]:
    """(path, relative?): POSIX path relative to ``repo_root`` when the document is inside it."""
    candidate = Path(path)
    if repo_root is not None:
        root = Path(repo_root).resolve()
        try:
            absolute = candidate if candidate.is_absolute() else root / candidate
            candidate = absolute.resolve().relative_to(root)
        except ValueError:
            pass
    if candidate.is_absolute():
        return candidate.as_posix(), False
    return PurePosixPath(*candidate.parts).as_posix() if candidate.parts else ".", True


def artifact_uri(path: str, repo_root: str | Path | None) -> tuple[str, bool]:
    """(URI, relative?) for a document path: repo-relative and percent-encoded, else an absolute file URI."""
    rel, relative = repo_path(path, repo_root)
    if not relative:
        return Path(rel).as_uri(), False
    return quote(rel, safe="/"), True


def _location(uri: str, relative: bool) -> dict[str, Any]:
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def _rule(rule: Rule) -> dict[str, Any]:
    ask = rule.recommendation.strip()
    refs = "".join(f"\n- {ref}" for ref in rule.references)
    help_text = f"{rule.rationale}\n\nWhat to ask for: {ask}" + (f"\n\nReferences:{refs}" if refs else "")
    help_md = (f"{rule.rationale}\n\n**What to ask for:** {ask}" +
               (f"\n\n**References:**\n{refs.lstrip()}" if refs else ""))
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("-", ".").replace("_", ".").split(".")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": sorted({"contract", "lock-in", rule.pillar.value, *rule.labels}),
                       "pillar": rule.pillar.value, "kind": rule.kind.value, "severity": rule.severity.value},
    }


def _message(finding: Any) -> str:
    quote_text = views.one_line(finding.excerpt)
    if finding.kind is FindingKind.MISSING:
        head = f"{finding.title}: not found in the contract."
    elif finding.kind is FindingKind.WEAK:
        head = f"{finding.title}: present only in weak form: \"{quote_text[:200]}\""
    else:
        head = f"{finding.title}: \"{quote_text[:200]}\""
    ask = views.one_line(finding.recommendation)
    return f"{head} {views.one_line(finding.explanation)}" + (f" Ask for: {ask}" if ask else "")


def to_sarif(report: Report, *, repo_root: str | Path | None = None,
             show_info: bool = False) -> dict[str, Any]:
    """The SARIF log as data."""
    rules = list(report.rules)
    index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for doc in report.results:
        uri, relative = artifact_uri(doc.path, repo_root)
        artifact_index = len(artifacts)
        artifacts.append({"location": _location(uri, relative), "hashes": {"sha-256": doc.sha256},
                          "properties": {"format": doc.format, "pages": doc.pages}})
        for finding in doc.findings:
            if finding.kind is FindingKind.INFO and not show_info:
                continue
            if finding.rule_id not in index:  # a finding from a rule the report does not list: describe it
                index[finding.rule_id] = len(rules)
                rules.append(Rule(id=finding.rule_id, title=finding.title, pillar=finding.pillar,
                                  kind=_rule_kind(finding.kind), severity=finding.severity,
                                  rationale=finding.explanation, recommendation=finding.recommendation))
            results.append(_result(finding, index[finding.rule_id], uri, relative, artifact_index))
    invocation: dict[str, Any] = {"executionSuccessful": not report.skipped,
                                  "toolExecutionNotifications": _notifications(report, repo_root)}
    if report.generated_at:
        invocation["endTimeUtc"] = report.generated_at
    run = {
        "tool": {"driver": {"name": "clausecheck", "version": report.tool_version,
                            "semanticVersion": report.tool_version,
                            "properties": {"rulesVersion": report.rules_version},
                            "rules": [_rule(rule) for rule in rules]}},
        "invocations": [invocation],
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root"}}},
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _notifications(report: Report, repo_root: str | Path | None) -> list[dict[str, Any]]:
    """Unreadable documents as errors (GitHub then marks the run unsuccessful), reading notes as warnings."""
    def at(path: str) -> list[dict[str, Any]]:
        return [{"physicalLocation": {"artifactLocation": _location(*artifact_uri(path, repo_root))}}]

    notes = [{"level": "error", "message": {"text": f"could not read {s.path}: {s.error}"},
              "locations": at(s.path), "descriptor": {"id": "clausecheck.unreadable"}}
             for s in report.skipped]
    notes += [{"level": "warning", "message": {"text": f"{doc.path}: {warning}"}, "locations": at(doc.path)}
              for doc in report.results for warning in doc.warnings]
    return notes


def _rule_kind(kind: FindingKind) -> Any:
    from clausecheck.model import RuleKind

    return RuleKind.PROTECTION if kind in (FindingKind.MISSING, FindingKind.WEAK) else RuleKind.RISK


def _result(finding: Any, rule_index: int, uri: str, relative: bool, artifact_index: int) -> dict[str, Any]:
    start_line = max(1, finding.line or 1)
    region: dict[str, Any] = {"startLine": start_line}
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    page = finding.span.page if finding.span else None
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {**_location(uri, relative), "index": artifact_index},
            "region": region}}],
        "partialFingerprints": {"primaryLocationLineHash": finding.fingerprint or
                                f"{finding.rule_id}:{start_line}"},
        "properties": {key: value for key, value in (
            ("page", page), ("section", finding.section), ("heading", finding.heading),
            ("pillar", finding.pillar.value), ("kind", finding.kind.value),
            ("severity", finding.severity.value), ("labels", list(finding.labels))) if value is not None},
    }
    if finding.suppression is not None:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppression}]
    return result
