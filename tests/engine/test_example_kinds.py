"""A risk rule's flag example may expect an info finding: the clause is found but binds the other party."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.engine import examples, load_ruleset
from clausecheck.errors import RuleError
from clausecheck.policy import Policy

RULE = """\
id: t.minimum
title: Minimum purchase
pillar: commercial
kind: {kind}
severity: medium
binds: customer
rationale: Because.
recommendation: Do this.
match:
  any:
    - regex: '\\bpurchase\\s+at\\s+least\\b'
examples:
  flag:
    - {{text: "{flag}", kind: {expected}}}
  pass: ["Customer may purchase any quantity."]
"""


def results(tmp_path: Path, flag: str, expected: str, kind: str = "risk") -> list[examples.ExampleResult]:
    (tmp_path / "r.yaml").write_text(RULE.format(flag=flag, expected=expected, kind=kind), encoding="utf-8")
    return examples.run(load_ruleset(Policy(), dirs=[str(tmp_path)], shipped=False))


def test_info_example_passes_when_the_clause_binds_the_other_party(tmp_path: Path) -> None:
    result = results(tmp_path, "Provider shall purchase at least 100 units from Customer each year.", "info")[0]
    assert result.ok, result.detail


def test_info_example_fails_on_a_risk_finding(tmp_path: Path) -> None:
    result = results(tmp_path, "Customer shall purchase at least 100 units each year.", "info")[0]
    assert not result.ok
    assert result.detail == "expected an info finding only, got ['risk']"


def test_info_example_fails_when_nothing_is_found(tmp_path: Path) -> None:
    result = results(tmp_path, "Provider shall deliver the units within ten days.", "info")[0]
    assert not result.ok
    assert result.detail == "expected an info finding only, got none"


@pytest.mark.parametrize(("kind", "expected", "message"), [
    ("protection", "info", "examples.flag[0].kind: 'info' is for risk rules"),
    ("risk", "weak", "examples.flag[0].kind: only protection rules expect a 'weak' finding"),
])
def test_kind_must_fit_the_rule(tmp_path: Path, kind: str, expected: str, message: str) -> None:
    with pytest.raises(RuleError) as info:
        results(tmp_path, "Customer shall purchase at least 100 units.", expected, kind)
    assert any(message in p for p in info.value.problems), info.value.problems
