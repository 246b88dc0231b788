"""JSON report: golden files, schema validity, determinism and a lossless round trip."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import jsonschema
import pytest

from clausecheck.model import FindingKind, Severity
from clausecheck.report import get, json_


def _render(report, **options) -> str:
    out = io.StringIO()
    get("json")(report, out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_review_golden_and_valid(review_report, golden, validator) -> None:
    text = _render(review_report, mode="review")
    golden("review.json", text)
    data = json.loads(text)
    validator.validate(data)
    assert data["schema_version"] == "1.0"
    assert data["document"] == {"path": "contracts/nimbus-msa.pdf", "format": "pdf", "sha256": "a" * 64,
                                "pages": 12, "clause_count": 64, "unread_pages": []}
    first = data["findings"][0]
    assert first["rule_id"] == "term.initial-term"
    end = 5120 + len(first["excerpt"])
    assert first["location"] == {"page": 2, "section": "3.1", "start": 5120, "end": end,
                                 "line": 41}
    assert first["excerpt"][first["highlights"][0][0]:first["highlights"][0][1]] == "thirty-six (36) months"
    assert data["facts"]["initial_term_months"] == 36 and data["facts"]["export_formats"] == ["CSV", "JSON"]
    assert data["summary"]["verdict"] == "fail"
    assert data["summary"]["counts"] == {"critical": 1, "high": 3, "medium": 2, "low": 0, "info": 1}


def test_issue3_field_names_are_all_present(review_report) -> None:
    data = json_.to_dict(review_report, "review")
    assert {"schema_version", "document", "facts", "findings"} <= data.keys()
    for finding in data["findings"]:
        assert {"rule_id", "title", "severity", "kind", "pillar", "labels", "excerpt", "location",
                "explanation",
                "recommendation", "fingerprint"} <= finding.keys()
        assert set(finding["location"]) == {"page", "section", "start", "end", "line"}


def test_scan_golden_and_valid(scan_report, golden, validator) -> None:
    text = _render(scan_report, mode="scan")
    golden("scan.json", text)
    data = json.loads(text)
    validator.validate(data)
    assert [r["document"]["path"] for r in data["results"]] == ["contracts/nimbus-msa.pdf",
                                                                "contracts/Acme & Sons order form.txt"]
    assert data["skipped"] == [{"path": "contracts/scanned.pdf",
                                "error": "no text layer (scanned image?) (run OCR first)"}]


def test_suppressed_finding_stays_visible(review_report) -> None:
    findings = json_.to_dict(review_report, "review")["findings"]
    suppressed = [f for f in findings if f["suppressed"]]
    assert [(f["rule_id"], f["suppression"], f["gating"]) for f in suppressed] == [
        ("commercial.price-change", "waiver: accepted by procurement until 2026-12-31", False)]


def test_output_is_deterministic_apart_from_generated_at(scan_report) -> None:
    first = _render(scan_report, mode="scan")
    later = _render(replace(scan_report, generated_at="2027-05-05T00:00:00+00:00"), mode="scan")
    assert first == _render(scan_report, mode="scan")
    assert first.replace("2026-01-15T10:00:00+00:00", "X") == later.replace("2027-05-05T00:00:00+00:00", "X")


def test_round_trip_scan_and_review(scan_report, review_report) -> None:
    for report, mode in ((scan_report, "scan"), (review_report, "review")):
        data = json.loads(_render(report, mode=mode))
        back = json_.from_dict(data)
        assert back == report
        assert json_.to_dict(back, mode) == data


def test_round_trip_keeps_never_gate_and_missing_spans(scan_report) -> None:
    report = replace(scan_report, fail_on=None)
    back = json_.from_dict(json_.to_dict(report, "scan"))
    assert back.fail_on is None
    missing = [f for f in back.results[0].findings if f.kind is FindingKind.MISSING]
    assert [f.span for f in missing] == [None, None]


def test_review_mode_needs_one_document(scan_report) -> None:
    with pytest.raises(ValueError, match="exactly one document"):
        json_.to_dict(scan_report, "review")


def test_hostile_text_is_valid_json(hostile_report, validator) -> None:
    data = json.loads(_render(hostile_report, mode="scan"))
    validator.validate(data)
    assert "<script>window.__pwned=1</script>" in data["results"][0]["findings"][0]["excerpt"]


def test_schema_rejects_renamed_field(review_report, validator) -> None:
    data = json_.to_dict(review_report, "review")
    data["findings"][0]["rule"] = data["findings"][0].pop("rule_id")
    assert not validator.is_valid(data)
    data = json_.to_dict(review_report, "review")
    data["findings"][0]["severity"] = "severe"
    assert not validator.is_valid(data)


def test_gating_follows_fail_on(review_report) -> None:
    low_gate = json_.to_dict(replace(review_report, fail_on=Severity.MEDIUM), "review")
    assert sum(f["gating"] for f in low_gate["findings"]) == 6
    assert low_gate["summary"]["verdict"] == "fail"
    never = json_.to_dict(replace(review_report, fail_on=None), "review")
    assert never["fail_on"] == "never" and not any(f["gating"] for f in never["findings"])
    assert never["summary"]["verdict"] == "review"


def test_from_dict_refuses_other_major_versions(review_report) -> None:
    data = json_.to_dict(review_report, "review")
    assert json_.from_dict({**data, "schema_version": "1.7"}) == review_report  # minor versions add fields
    for bad in ("2.0", None):
        with pytest.raises(ValueError, match="unsupported schema_version"):
            json_.from_dict({**data, "schema_version": bad})
