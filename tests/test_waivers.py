"""Waivers: validation (reason and expiry required), matching, expiry re-opening, unused reporting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clausecheck import waivers
from clausecheck.errors import ConfigError
from clausecheck.model import DocumentResult, Facts, Finding, FindingKind, Pillar, Severity

TODAY = date(2026, 11, 28)
GOOD = '''
[[waiver]]
rule = "term.*"
path = "contracts/acme/**"
reason = "Board accepted the 36-month term for a 40% discount"
approver = "jane@legal"
expires = 2027-03-31

[[waiver]]
rule = "exclusivity.minimum-share"
path = "contracts/beta.txt"
fingerprint = "bb:0"
reason = "Volume tier negotiated"
approver = "raj@procurement"
expires = "2026-11-27"
'''


def finding(rule: str, fp: str) -> Finding:
    return Finding(rule_id=rule, title=rule, severity=Severity.HIGH, kind=FindingKind.RISK,
                   pillar=Pillar.TERM, excerpt="x", fingerprint=fp)


def result(path: str, *findings: Finding) -> DocumentResult:
    return DocumentResult(path=path, format="txt", sha256="0" * 64, pages=1, facts=Facts(), findings=findings)


def load(tmp_path: Path, text: str, name: str = ".clausecheck-waivers.toml") -> list[waivers.Waiver]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return waivers.load(path)


def test_load_toml(tmp_path: Path) -> None:
    first, second = load(tmp_path, GOOD)
    assert (first.rule, first.path, first.approver, first.expires) == \
        ("term.*", "contracts/acme/**", "jane@legal", date(2027, 3, 31))
    assert second.fingerprint == "bb:0" and second.expires == date(2026, 11, 27)
    assert waivers.default_path(tmp_path) == tmp_path / ".clausecheck-waivers.toml"


def test_load_yaml(tmp_path: Path) -> None:
    text = ("waiver:\n  - rule: term.initial-term\n    path: '*.txt'\n    reason: ok\n"
            "    approver: me\n    expires: 2027-01-01\n")
    (only,) = load(tmp_path, text, name=".clausecheck-waivers.yaml")
    assert only.expires == date(2027, 1, 1) and only.path == "*.txt"


@pytest.mark.parametrize(("body", "needles"), [
    ('rule = "r"\npath = "*"\napprover = "a"\nexpires = 2027-01-01\n', ["waiver[0]: missing 'reason'"]),
    ('rule = "r"\npath = "*"\nreason = "  "\napprover = "a"\nexpires = 2027-01-01\n',
     ["waiver[0]: missing 'reason'"]),
    ('rule = "r"\npath = "*"\nreason = "x"\napprover = "a"\n', ["waiver[0]: missing 'expires'"]),
    ('rule = "r"\npath = "*"\nreason = "x"\napprover = "a"\nexpires = "next year"\n',
     ["'expires' must be a date"]),
    ('rule = "r"\npath = "*"\nreason = "x"\nexpires = 2027-01-01\nowner = "b"\n',
     ["waiver[0]: unknown key 'owner'", "waiver[0]: missing 'approver'"]),
])
def test_invalid_waivers_are_config_errors_naming_every_problem(tmp_path: Path, body: str,
                                                                 needles: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, "[[waiver]]\n" + body)
    for needle in needles:
        assert needle in str(info.value)
    assert info.value.exit_code == 2


def test_active_waiver_suppresses_expired_reopens(tmp_path: Path) -> None:
    ws = load(tmp_path, GOOD)
    results = [result("contracts/acme/msa.txt", finding("term.initial-term", "aa:0"),
                      finding("exclusivity.minimum-share", "ab:0")),
               result("contracts/beta.txt", finding("exclusivity.minimum-share", "bb:0"))]
    out = waivers.apply(results, ws, today=TODAY)
    acme, beta = out.results
    assert acme.findings[0].suppression == ("waiver: Board accepted the 36-month term for a 40% discount "
                                            "(approved by jane@legal, expires 2027-03-31)")
    assert acme.findings[1].suppression is None  # rule does not match
    assert beta.findings[0].suppression is None  # its waiver expired yesterday
    assert [w.index for w in out.expired] == [1] and out.reopened == 1
    assert out.unused == ()
    # the day before expiry the same waiver still holds (expires is the last valid day)
    held = waivers.apply(results, ws, today=date(2026, 11, 27))
    assert held.results[1].findings[0].suppression.startswith("waiver: Volume tier")
    assert held.expired == ()


def test_fingerprint_pins_one_finding(tmp_path: Path) -> None:
    ws = load(tmp_path, GOOD.replace("2026-11-27", "2030-01-01"))
    out = waivers.apply([result("contracts/beta.txt", finding("exclusivity.minimum-share", "bb:1"))], ws,
                        today=TODAY)
    assert out.results[0].findings[0].suppression is None
    assert [w.index for w in out.unused] == [0, 1]


def test_unused_in_a_partial_run_only_when_its_documents_were_scanned(tmp_path: Path) -> None:
    ws = load(tmp_path, GOOD.replace("2026-11-27", "2030-01-01"))
    scanned = [result("contracts/acme/msa.txt")]
    assert [w.index for w in waivers.apply(scanned, ws, today=TODAY, partial=True).unused] == [0]
    assert [w.index for w in waivers.apply(scanned, ws, today=TODAY, partial=False).unused] == [0, 1]
