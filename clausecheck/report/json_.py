"""JSON report: the versioned, schema-published source of every other view (and of shard merges).

``review`` mode prints one document object; ``scan`` mode wraps the per-document objects in ``results`` and
adds ``skipped``. Keys are sorted and list order is the Report's own, so the same Report gives byte-identical
JSON apart from ``generated_at``. ``from_dict`` reads it back into a Report.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, TextIO

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
from clausecheck.report import views

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
TOOL_NAME = "clausecheck"


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of this output."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def render(report: Report, out: TextIO, *, mode: str | None = None, **_options: Any) -> None:
    """Write the JSON report; ``mode`` is ``review`` (one document) or ``scan`` (default when not one)."""
    out.write(dumps(to_dict(report, mode)))


def dumps(data: dict[str, Any]) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 kept readable, final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def to_dict(report: Report, mode: str | None = None) -> dict[str, Any]:
    """The report as JSON-ready data; review mode needs exactly one readable document."""
    mode = mode or ("review" if len(report.results) == 1 and not report.skipped else "scan")
    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "fail_on": report.fail_on.value if report.fail_on else "never",
        "tool": {"name": TOOL_NAME, "version": report.tool_version, "rules_version": report.rules_version,
                 "rules": [_rule(r) for r in report.rules]},
    }
    if mode == "review":
        if len(report.results) != 1:
            raise ValueError(f"review JSON needs exactly one document, the report has {len(report.results)}")
        return {**head, **document_dict(report.results[0], report.fail_on)}
    if mode != "scan":
        raise ValueError(f"unknown JSON mode {mode!r}: use 'review' or 'scan'")
    return {**head, "results": [document_dict(r, report.fail_on) for r in report.results],
            "skipped": [{"path": s.path, "error": s.error} for s in report.skipped],
            "summary": {"verdict": views.overall_verdict(report), "documents": len(report.results),
                        "skipped": len(report.skipped)}}


def document_dict(result: DocumentResult, fail_on: Severity | None) -> dict[str, Any]:
    """One document's object: document, facts, findings, parties, warnings and a derived summary."""
    return {
        "document": {"path": result.path, "format": result.format, "sha256": result.sha256,
                     "pages": result.pages, "clause_count": result.clause_count,
                     "unread_pages": list(result.unread_pages)},
        "facts": _facts(result.facts),
        "findings": [_finding(f, fail_on) for f in result.findings],
        "parties": [{"name": name, "role": role} for name, role in result.parties],
        "warnings": list(result.warnings),
        "summary": {
            "verdict": views.verdict(result, fail_on),
            "counts": views.counts(result.findings),
            "suppressed": sum(1 for f in result.findings if not views.is_active(f)),
            "pillars": views.pillar_statuses(result),
        },
    }


def _facts(facts: Facts) -> dict[str, Any]:
    data = dataclasses.asdict(facts)
    data["export_formats"] = list(facts.export_formats)
    return data


def _rule(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "pillar": rule.pillar.value, "kind": rule.kind.value,
            "severity": rule.severity.value, "rationale": rule.rationale,
            "recommendation": rule.recommendation,
            "labels": list(rule.labels), "references": list(rule.references), "checklist": rule.checklist}


def _finding(finding: Finding, fail_on: Severity | None) -> dict[str, Any]:
    span = finding.span
    return {
        "rule_id": finding.rule_id, "title": finding.title, "severity": finding.severity.value,
        "kind": finding.kind.value, "pillar": finding.pillar.value, "labels": list(finding.labels),
        "excerpt": finding.excerpt, "heading": finding.heading,
        "location": {"page": span.page if span else None, "section": finding.section,
                     "start": span.start if span else None, "end": span.end if span else None,
                     "line": finding.line},
        "highlights": [[start, end] for start, end in finding.highlights],
        "explanation": finding.explanation, "recommendation": finding.recommendation,
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppression is not None, "suppression": finding.suppression,
        "gating": views.gating(finding, fail_on),
    }


def from_dict(data: dict[str, Any]) -> Report:
    """Read a review or scan JSON object back into a Report (derived fields are ignored)."""
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"unsupported schema_version {version!r} (this clausecheck reads {SCHEMA_VERSION})")
    tool = data["tool"]
    documents = data.get("results", [data])
    fail_on = data.get("fail_on", "high")
    return Report(
        tool_version=tool["version"], rules_version=tool["rules_version"],
        rules=tuple(_read_rule(r) for r in tool.get("rules", [])),
        results=tuple(_read_document(d) for d in documents),
        skipped=tuple(Skipped(path=s["path"], error=s["error"]) for s in data.get("skipped", [])),
        generated_at=data.get("generated_at"),
        fail_on=None if fail_on == "never" else Severity(fail_on),
    )


def _read_rule(data: dict[str, Any]) -> Rule:
    return Rule(id=data["id"], title=data["title"], pillar=Pillar(data["pillar"]),
                kind=RuleKind(data["kind"]),
                severity=Severity(data["severity"]), rationale=data["rationale"],
                recommendation=data["recommendation"], labels=tuple(data.get("labels", ())),
                references=tuple(data.get("references", ())), checklist=data.get("checklist"))


def _read_document(data: dict[str, Any]) -> DocumentResult:
    doc = data["document"]
    facts = dict(data["facts"])
    facts["export_formats"] = tuple(facts.get("export_formats") or ())
    known = {f.name for f in dataclasses.fields(Facts)}
    return DocumentResult(
        path=doc["path"], format=doc["format"], sha256=doc["sha256"], pages=doc["pages"],
        clause_count=doc.get("clause_count", 0),
        facts=Facts(**{k: v for k, v in facts.items() if k in known}),
        findings=tuple(_read_finding(f) for f in data["findings"]),
        warnings=tuple(data.get("warnings", ())),
        parties=tuple((p["name"], p["role"]) for p in data.get("parties", ())),
        unread_pages=tuple(doc.get("unread_pages", ())),
    )


def _read_finding(data: dict[str, Any]) -> Finding:
    loc = data["location"]
    span = None
    if loc.get("start") is not None and loc.get("end") is not None:
        span = Span(start=loc["start"], end=loc["end"], page=loc.get("page"))
    return Finding(
        rule_id=data["rule_id"], title=data["title"], severity=Severity(data["severity"]),
        kind=FindingKind(data["kind"]), pillar=Pillar(data["pillar"]), labels=tuple(data.get("labels", ())),
        excerpt=data.get("excerpt", ""), span=span, section=loc.get("section"), heading=data.get("heading"),
        line=loc.get("line"), highlights=tuple((s, e) for s, e in data.get("highlights", ())),
        explanation=data.get("explanation", ""), recommendation=data.get("recommendation", ""),
        fingerprint=data.get("fingerprint", ""), suppression=data.get("suppression"),
    )
