"""JUnit XML and GitLab Code Quality: golden files and the gate semantics they encode."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from clausecheck.model import Severity
from clausecheck.report import get


def _render(name: str, report, **options) -> str:
    out = io.StringIO()
    get(name)(report, out, **options)
    return out.getvalue()


def test_junit_golden_and_cases(scan_report, golden) -> None:
    text = _render("junit", scan_report)
    golden("junit.xml", text)
    root = ET.fromstring(text)
    assert root.get("tests") == "19" and root.get("failures") == "4" and root.get("errors") == "1"
    nimbus = root.find("testsuite[@name='contracts/nimbus-msa.pdf']")
    failed = sorted(c.get("name") for c in nimbus.iter("testcase") if c.find("failure") is not None)
    assert failed == ["exclusivity.minimum-share", "exit.termination-for-convenience",
                      "portability.onnx-export",
                      "term.initial-term"]
    skipped = [c.get("name") for c in nimbus.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["commercial.price-change"]
    unreadable = root.find("testsuite[@name='contracts/scanned.pdf']/testcase/error")
    assert unreadable.get("message").startswith("no text layer")


def test_junit_gate_follows_fail_on(scan_report) -> None:
    root = ET.fromstring(_render("junit", replace(scan_report, fail_on=Severity.MEDIUM)))
    assert root.get("failures") == "8"
    root = ET.fromstring(_render("junit", replace(scan_report, fail_on=None)))
    assert root.get("failures") == "0"


def test_junit_survives_control_characters(hostile_report) -> None:
    doc = hostile_report.results[0]
    finding = replace(doc.findings[0], excerpt="bad \x00\x08 bytes \x1b[31m")
    report = replace(hostile_report, results=(replace(doc, findings=(finding,)),))
    root = ET.fromstring(_render("junit", report))
    assert "<script>" in root.find("testsuite").get("name") or "<img" in root.find("testsuite").get("name")


def test_gitlab_golden_and_fields(scan_report, golden) -> None:
    text = _render("gitlab", scan_report)
    golden("gitlab.json", text)
    issues = json.loads(text)
    assert len(issues) == 9  # 11 findings minus the info one and the suppressed one
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severities = {(i["location"]["path"], i["check_name"]): i["severity"] for i in issues}
    assert severities[("contracts/nimbus-msa.pdf", "exclusivity.minimum-share")] == "blocker"
    assert severities[("contracts/Acme & Sons order form.txt", "term.auto-renewal")] == "minor"
    assert "commercial.price-change" not in {i["check_name"] for i in issues}
