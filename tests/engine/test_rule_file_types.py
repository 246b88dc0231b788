"""Wrongly typed keys in a rule file are reported as problems with file and field, never as a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.engine import load_ruleset
from clausecheck.errors import RuleError
from clausecheck.policy import Policy

HEAD = """\
id: ID
title: T
pillar: exit
kind: risk
severity: low
rationale: R.
recommendation: R.
"""
BROKEN = "match:\n  any: [{regexp: x}]\nexamples: {flag: [x], pass: [y]}\n"  # misspelt key: the file is unreadable
BODY = """\
match:
  any: [{regex: 'x'}]
examples: {flag: ["x"], pass: ["y"]}
"""


def problems(tmp_path: Path, **files: str) -> tuple[str, ...]:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(tmp_path)], shipped=False)
    return info.value.problems


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD + "requires: 5\n" + BODY, "requires: expected array, got integer"),
    (HEAD + "requires: true\n" + BODY, "requires: expected array, got boolean"),
    (HEAD + "match:\n  any: 5\nexamples: {flag: [x], pass: [y]}\n", "match.any: expected array, got integer"),
    (HEAD + "escalate: 5\n" + BODY, "escalate: expected array, got integer"),
    (HEAD + "match:\n  any: [{regex: x}]\nexamples: 5\n", "examples: expected object, got integer"),
    (HEAD + "match:\n  any: [{unless: [{regex: x}]}]\nexamples: {flag: [x], pass: [y]}\n",
     "match.any[0]: needs one of fuzzy, phrase, regex, tokens"),
    (HEAD + "match:\n  any: [{regex: x}]\nexamples: {flag: [x], pass: [{text: y, kind: info}]}\n",
     "examples.pass[0].kind: only flag examples expect a finding kind"),
    (HEAD + "match:\n  any: [{regex: 'a{4294967296}'}]\nexamples: {flag: [x], pass: [y]}\n",
     "match.any[0].regex: invalid regular expression: the repetition number is too large"),
])
def test_wrong_types_are_problems_not_crashes(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(tmp_path, r=text.replace("ID", "t.a"))
    assert f"{tmp_path.name}/r.yaml: {expected}" in found, found


def test_a_requires_cycle_is_reported_with_a_broken_file(tmp_path: Path) -> None:
    found = problems(tmp_path,
                     a=HEAD.replace("ID", "t.c") + "requires: [t.d]\n" + BODY,
                     b=HEAD.replace("ID", "t.d") + "requires: [t.c]\n" + BODY,
                     broken=HEAD.replace("ID", "t.e") + BROKEN)
    assert any("broken.yaml: match.any[0]: unknown key 'regexp'" in p for p in found), found
    assert any("requires: cycle t.c -> t.d -> t.c" in p for p in found), found


def test_an_unknown_required_id_is_not_claimed_while_a_file_is_broken(tmp_path: Path) -> None:
    found = problems(tmp_path,
                     a=HEAD.replace("ID", "t.c") + "requires: [t.e]\n" + BODY,
                     broken=HEAD.replace("ID", "t.e") + BROKEN)
    assert not any("unknown rule id" in p for p in found), found
