"""SARIF 2.1.0: schema-valid, and shaped the way GitHub code scanning accepts it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from clausecheck.report import get, sarif

# A copy of the OASIS SARIF 2.1.0 JSON schema, kept with the tests so CI needs no network or shared folder.
SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def _render(report, **options) -> dict:
    out = io.StringIO()
    get("sarif")(report, out, **options)
    return json.loads(out.getvalue())


def test_golden_and_schema_valid(scan_report, golden, validator) -> None:
    out = io.StringIO()
    sarif.render(scan_report, out)
    golden("report.sarif", out.getvalue())
    validator.validate(json.loads(out.getvalue()))


def test_hostile_report_is_schema_valid(hostile_report, validator) -> None:
    validator.validate(_render(hostile_report))


def test_rules_carry_everything_github_needs(scan_report) -> None:
    run = _render(scan_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in scan_report.rules]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert "security-severity" not in rule.get("properties", {})
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["exclusivity.minimum-share"] == "error" and levels["term.auto-renewal"] == "warning"
    assert levels["commercial.price-change"] == "note"


def test_results_are_anchored_and_fingerprinted(scan_report) -> None:
    run = _render(scan_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    # info findings are not alerts: 8 nimbus findings minus 1 info, plus 3 acme findings
    assert len(results) == 10
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] >= 1
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert result["partialFingerprints"]["primaryLocationLineHash"].count(":") == 1
        assert "security-severity" not in result.get("properties", {})
    by_rule = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r
               for r in results}
    tfc = by_rule[("contracts/nimbus-msa.pdf", "exit.termination-for-convenience")]
    assert tfc["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    onnx = by_rule[("contracts/nimbus-msa.pdf", "portability.onnx-export")]
    assert onnx["locations"][0]["physicalLocation"]["region"]["startLine"] == 33
    term = by_rule[("contracts/nimbus-msa.pdf", "term.initial-term")]
    assert term["level"] == "error"
    assert term["properties"]["page"] == 2 and term["properties"]["section"] == "3.1"
    assert term["properties"]["pillar"] == "term" and term["properties"]["kind"] == "risk"
    assert ("contracts/Acme%20%26%20Sons%20order%20form.txt", "term.auto-renewal") in by_rule
    assert by_rule[("contracts/Acme%20%26%20Sons%20order%20form.txt", "term.auto-renewal")]["level"] == "note"


def test_suppressed_findings_carry_suppressions(scan_report) -> None:
    results = _render(scan_report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("commercial.price-change",
         [{"kind": "external", "justification": "waiver: accepted by procurement until 2026-12-31"}])]


def test_unreadable_document_is_a_failed_execution_notification(scan_report) -> None:
    invocation = _render(scan_report)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1 and "contracts/scanned.pdf" in errors[0]["message"]["text"]
    clean = _render(replace(scan_report, skipped=()))["runs"][0]["invocations"][0]
    assert clean["executionSuccessful"] is True


def test_show_info_includes_info_findings(scan_report) -> None:
    results = _render(scan_report, show_info=True)["runs"][0]["results"]
    assert len(results) == 11
    assert [r["level"] for r in results if r["ruleId"] == "exclusivity.provider-exclusive"] == ["note"]


def test_uris_relative_to_repo_root(tmp_path, scan_report) -> None:
    doc = tmp_path / "legal" / "vendor a.pdf"
    report = replace(scan_report, results=(replace(scan_report.results[0], path=str(doc)),), skipped=())
    result = _render(report, repo_root=tmp_path)["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "legal/vendor%20a.pdf"
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    outside = _render(report, repo_root=tmp_path / "elsewhere")["runs"][0]["results"][0]
    uri = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file:///") and "uriBaseId" not in uri


def test_finding_of_unlisted_rule_is_still_described(scan_report, validator) -> None:
    report = replace(scan_report, rules=scan_report.rules[1:])
    log = _render(report)
    validator.validate(log)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "term.initial-term" in ids
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
