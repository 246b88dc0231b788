"""``protection.requires[i].none``: a named requirement met when none of its patterns occurs in the clause.

A protection granted in a clause that also says the opposite of the requirement (the fees of the rest of the term
stay due) is weak, naming the requirement; look-alikes that deny the charge keep it present. A rule without the key
reads as before, and the schema and loader report a requirement with both or neither of ``any`` and ``none``.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.engine.schema import RULE_SCHEMA
from clausecheck.errors import RuleError
from clausecheck.policy import Policy

RULE = """\
id: t.exit
title: Customer may leave
pillar: exit
kind: protection
severity: high
rationale: Because.
recommendation: Do this.
match:
  any: [{regex: '\\bmay\\s+(?:cancel|terminate)\\b'}]
protection:
  grantee: customer
  requires:
%s
examples:
  flag: [{text: "Nothing about leaving.", kind: missing}]
  pass: ["The Customer may terminate this Agreement on notice."]
"""
NONE = """\
    - name: release from the remaining fees
      none:
        - regex: '\\b(?:fees|charges)\\s+(?:\\w+\\s+){0,3}?(?:remainder|rest)\\s+of\\s+the\\s+term\\b[^.]{0,30}?\\bdue'
        - phrase: remain liable for the committed spend
"""


def _pack(tmp_path: Path, requires: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.exit.yaml").write_text(RULE % requires, encoding="utf-8")
    return folder


def _verdict(folder: Path, text: str) -> tuple[str, str]:
    """(kind, explanation) of the rule's one finding on a one-clause document."""
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document, clauses = document_for(text)
    findings = check(document, clauses, ruleset, Policy(), display_path="c.txt").findings
    assert [f.rule_id for f in findings] == ["t.exit"]
    return findings[0].kind.value, findings[0].explanation


@pytest.mark.parametrize("text", [
    "The Subscriber may cancel at any time, but all fees for the remainder of the term become due at once.",
    "Customer may terminate on notice; the charges for the rest of the term shall be due on the termination date.",
    "The Client may cancel this order; it shall then remain liable for the committed spend.",
])
def test_a_clause_holding_a_none_pattern_makes_the_protection_weak(tmp_path: Path, text: str) -> None:
    kind, why = _verdict(_pack(tmp_path, NONE), text)
    assert kind == "weak"
    assert "no release from the remaining fees" in why


@pytest.mark.parametrize("text", [
    "The Customer may terminate this Agreement on sixty days' notice.",
    "The Customer may cancel at any time and owes nothing for the remainder of the subscription.",
    "Customer may terminate on notice and is released from the fees of any later period.",
])
def test_a_clause_without_any_none_pattern_keeps_the_protection_present(tmp_path: Path, text: str) -> None:
    kind, _ = _verdict(_pack(tmp_path, NONE), text)
    assert kind == "info"


def test_the_none_patterns_count_anywhere_in_the_clause_not_only_in_the_granting_sentence(tmp_path: Path) -> None:
    text = ("The Customer may terminate this Agreement on thirty days' notice. On such termination all fees for the "
            "remainder of the term become due.")
    assert _verdict(_pack(tmp_path, NONE), text)[0] == "weak"


def test_an_any_requirement_still_needs_its_pattern(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "    - name: a refund\n      any: [{phrase: pro rata refund}]\n")
    assert _verdict(folder, "The Customer may terminate on notice and receives a pro rata refund.")[0] == "info"
    kind, why = _verdict(folder, "The Customer may terminate on notice.")
    assert (kind, "no a refund" in why) == ("weak", True)


ONE_OF = "protection.requires[0]: give exactly one of 'any' or 'none'"


@pytest.mark.parametrize(("requires", "problem"), [
    ("    - name: both\n      any: [x]\n      none: [y]\n", ONE_OF),
    ("    - name: neither\n", ONE_OF),
    ("    - name: empty\n      none: []\n", "protection.requires[0].none: needs at least 1 item(s)"),
    ("    - name: bad\n      none: [{regex: '(unclosed'}]\n", "protection.requires[0].none[0].regex: invalid regular"),
])
def test_requirement_problems_name_file_and_field(tmp_path: Path, requires: str, problem: str) -> None:
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(_pack(tmp_path, requires))], shipped=False)
    assert any(p.startswith(f"pack/t.exit.yaml: {problem}") for p in info.value.problems), info.value.problems


def test_the_published_schema_accepts_a_none_requirement(tmp_path: Path) -> None:
    data = yaml.safe_load((_pack(tmp_path, NONE) / "t.exit.yaml").read_text("utf-8"))
    assert list(jsonschema.Draft202012Validator(RULE_SCHEMA).iter_errors(data)) == []
    data["protection"]["requires"][0]["never"] = ["x"]
    assert list(jsonschema.Draft202012Validator(RULE_SCHEMA).iter_errors(data)) != []


def test_the_shipped_termination_for_convenience_rule_reads_the_remaining_fees_as_a_none_requirement() -> None:
    ruleset = load_ruleset(Policy())
    rule = next(r for r in ruleset.rules if r.id == "exit.termination-for-convenience")
    requirement = rule.match["_requires"][0]
    assert set(requirement) == {"name", "none"}
    assert not any(r"\A" in p["regex"] for p in requirement["none"])  # no zero-width workaround left
