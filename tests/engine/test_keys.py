"""Session-5 engine features ("keys"): a heading's quote carries its body, and the opt-in rule keys of this session.

Each test checks small texts with a pack written here and asserts which rule fires on which text and what the
finding quotes; the look-alikes that must not change are tested beside the shapes that must.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.errors import RuleError
from clausecheck.policy import Policy

HEAD = """\
id: {id}
title: Test rule
pillar: exclusivity
kind: {kind}
severity: medium
rationale: Because.
recommendation: Do this.
"""
EXAMPLES = """\
examples:
  flag: ["{flag}"]
  pass: ["{passing}"]
"""


def pack(tmp_path: Path, *rules: tuple[str, str], kind: str = "risk", extra: str = "") -> Path:
    """A rule pack of (id, match YAML) rules (examples are placeholders: these tests check texts directly)."""
    folder = tmp_path / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    for rule_id, match in rules:
        text = (HEAD.format(id=rule_id, kind=kind) + textwrap.dedent(extra) + textwrap.dedent(match)
                + EXAMPLES.format(flag="x", passing="y"))
        (folder / f"{rule_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def findings(folder: Path, text: str):
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document, clauses = document_for(text)
    return check(document, clauses, ruleset, Policy(), display_path="c.txt").findings


def problems_of(folder: Path) -> tuple[str, ...]:
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    return info.value.problems


EXCLUSIVE = """\
match:
  any: [{regex: '\\bexclusiv\\w*|\\bnot\\s+to\\s+compete\\b'}]
"""


# --- a heading's quote carries the first body sentence -------------------------------------------------------

@pytest.mark.parametrize("heading", ["12.1 Exclusivity.", "4.2 Covenant Not to Compete.", "(b) Exclusive Dealing."])
def test_a_hit_in_a_heading_quotes_the_heading_and_its_first_body_sentence(tmp_path: Path, heading: str) -> None:
    body = "Customer shall buy the Services only from Provider during the Term."
    found = findings(pack(tmp_path, ("t.excl", EXCLUSIVE)), f"{heading} {body} Each party bears its own costs.")
    assert [f.excerpt for f in found] == [f"{heading} {body}"]
    start, end = found[0].highlights[0]
    assert found[0].excerpt[start:end].lower() in ("exclusivity", "not to compete", "exclusive")
    assert found[0].span.start == 0 and found[0].span.end == len(heading) + 1 + len(body)


def test_an_operative_sentence_is_quoted_alone(tmp_path: Path) -> None:
    text = "Customer shall buy the Services exclusively from Provider. Each party bears its own costs."
    found = findings(pack(tmp_path, ("t.excl", EXCLUSIVE)), text)
    assert [f.excerpt for f in found] == ["Customer shall buy the Services exclusively from Provider."]


def test_a_heading_followed_by_another_heading_is_a_table_of_contents_quoted_alone(tmp_path: Path) -> None:
    text = "5.8 Exclusivity with Respect to the Territory. 5.9 In-License Agreements. 5.10 Notices."
    found = findings(pack(tmp_path, ("t.excl", EXCLUSIVE)), text)
    assert [f.excerpt for f in found] == ["5.8 Exclusivity with Respect to the Territory."]


def test_a_heading_ending_its_clause_is_quoted_alone(tmp_path: Path) -> None:
    text = "Customer shall pay the fees. 12.1 Exclusivity."
    found = findings(pack(tmp_path, ("t.excl", EXCLUSIVE)), text)
    assert [f.excerpt for f in found] == ["12.1 Exclusivity."]


def test_a_protection_found_on_its_heading_quotes_the_grant(tmp_path: Path) -> None:
    match = """\
    match:
      any: [{regex: '\\bonnx\\b'}]
    """
    text = "6.3 ONNX Export. Provider shall deliver each model in ONNX format within ten days, at no charge."
    found = findings(pack(tmp_path, ("t.onnx", match), kind="protection"), text)
    assert [(f.kind.value, f.excerpt) for f in found] == [("info", text)]
