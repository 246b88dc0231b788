"""JUnit XML: one test suite per document, one test case per (rule, document).

A case fails when the document has an open finding of that rule at or above the report's fail-on severity;
findings below the gate are listed in ``system-out``; a case whose findings are all suppressed is skipped;
an unreadable document is a suite with one errored case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

from clausecheck.model import DocumentResult, FindingKind, Report
from clausecheck.report import views

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """XML 1.0 cannot carry most control characters even escaped; contract text may contain them."""
    return _XML_INVALID.sub("\ufffd", value)


def render(report: Report, out: TextIO, *, show_info: bool = False, **_options: Any) -> None:
    """Write the JUnit XML document."""
    root = ET.Element("testsuites", {"name": "clausecheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for doc in report.results:
        suite = _suite(report, doc, show_info)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for skipped in report.skipped:
        suite = ET.SubElement(root, "testsuite", {"name": _text(skipped.path), "tests": "1", "failures": "0",
                                                  "errors": "1", "skipped": "0"})
        case = ET.SubElement(suite, "testcase", {"classname": _text(skipped.path), "name": "read document"})
        ET.SubElement(case, "error", {"message": _text(skipped.error), "type": "unreadable"})
        totals["tests"] += 1
        totals["errors"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")


def _suite(report: Report, doc: DocumentResult, show_info: bool) -> ET.Element:
    suite = ET.Element("testsuite", {"name": _text(doc.path)})
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    rule_ids = [rule.id for rule in report.rules]
    rule_ids += sorted({f.rule_id for f in doc.findings} - set(rule_ids))
    for rule_id in rule_ids:
        findings = [f for f in doc.findings if f.rule_id == rule_id
                    and (show_info or f.kind is not FindingKind.INFO)]
        case = ET.SubElement(suite, "testcase", {"classname": _text(doc.path), "name": rule_id})
        counts["tests"] += 1
        gating = [f for f in findings if views.gating(f, report.fail_on)]
        if gating:
            counts["failures"] += 1
            worst = views.sort_findings(gating)[0]
            message = _text(f"{worst.title} ({worst.severity.value})")
            failure = ET.SubElement(case, "failure", {"message": message,
                                                      "type": worst.severity.value})
            failure.text = _text("\n".join(_describe(f) for f in gating))
        elif findings and all(not views.is_active(f) for f in findings):
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", {"message": _text("suppressed: " + "; ".join(
                sorted({f.suppression or "" for f in findings})))})
        elif findings:
            out = ET.SubElement(case, "system-out")
            out.text = _text("\n".join(_describe(f) for f in findings if views.is_active(f)))
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite


def _describe(finding: Any) -> str:
    quote = views.one_line(finding.excerpt)
    return (f"[{finding.severity.value}] {finding.title} ({finding.kind.value}), {views.location(finding)}"
            + (f": \"{quote}\"" if quote else ""))
