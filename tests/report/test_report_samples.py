"""Every sample contract through the real pipeline: JSON valid against the published schema, SARIF valid."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import jsonschema
import pytest

from clausecheck.model import Facts, Report
from clausecheck.report import REPORTERS, get, json_

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*") if p.suffix in (".txt", ".docx", ".pdf", ".md"))
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"


def test_schema_lists_exactly_the_facts_fields() -> None:
    facts = json_.schema()["$defs"]["facts"]
    assert set(facts["properties"]) == {f.name for f in dataclasses.fields(Facts)}
    assert set(facts["required"]) == set(facts["properties"])


@pytest.fixture(scope="module")
def sample_report() -> Report:
    if not SAMPLES:
        pytest.skip("no samples/ in this checkout")
    from clausecheck import engine, pipeline
    from clausecheck.policy import Policy

    policy = Policy()
    ruleset = engine.load_ruleset(policy)
    results = tuple(pipeline.review(path, policy, ruleset=ruleset, display_path=f"samples/{path.name}")
                    for path in SAMPLES)
    return Report(tool_version="0.1.0", rules_version=ruleset.digest, rules=ruleset.rules, results=results,
                  generated_at="2026-01-15T10:00:00+00:00", fail_on=policy.fail_on)


def test_sample_json_is_schema_valid_and_round_trips(sample_report: Report) -> None:
    validator = jsonschema.Draft202012Validator(json_.schema(), format_checker=jsonschema.FormatChecker())
    scan = json_.to_dict(sample_report, "scan")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(scan)]
    assert errors == []
    for result in sample_report.results:
        validator.validate(json_.to_dict(dataclasses.replace(sample_report, results=(result,)), "review"))
    assert json_.to_dict(json_.from_dict(scan), "scan") == scan


def test_sample_sarif_is_schema_valid_and_anchored(sample_report: Report) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    out = io.StringIO()
    get("sarif")(sample_report, out, repo_root=ROOT)
    log = json.loads(out.getvalue())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    results = log["runs"][0]["results"]
    assert results, "the lock-in samples must produce alerts"
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] >= 1
        assert location["artifactLocation"]["uri"].startswith("samples/")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_the_samples(fmt: str, sample_report: Report) -> None:
    out = io.StringIO()
    get(fmt)(sample_report, out, mode="scan", color=False, repo_root=ROOT)
    assert len(out.getvalue()) > 200
