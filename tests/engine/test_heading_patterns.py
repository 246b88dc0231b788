"""match.any[i].heading: what the loader accepts is what the checker can run, and a phrase matches its own text.

Defects found in review: a heading regex valid alone could fail once joined with the others (an inline global flag,
a group name used twice) and crash at check time; a blank phrase matched every heading; a phrase ending in
punctuation ('Non-Compete.') could never match.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.rule_checks import heading_regex
from clausecheck.errors import RuleError
from clausecheck.model import Clause, Document
from clausecheck.policy import Policy

RULE = """\
id: t.head
title: Test rule
pillar: exclusivity
kind: risk
severity: medium
rationale: Because.
recommendation: Do this.
match:
  any:
    - regex: '\\bshall\\s+not\\s+sell\\b'
      heading: {heading}
examples:
  flag: ["x"]
  pass: ["y"]
"""


def write(tmp_path: Path, heading: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "t.head.yaml").write_text(RULE.format(heading=heading), encoding="utf-8")
    return folder


def problems_of(folder: Path) -> tuple[str, ...]:
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    return info.value.problems


def hits_under(folder: Path, heading: str) -> list[str]:
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    text = "The Customer shall not sell rival services."
    document = Document(path="<t>", format="txt", text=text, sha256="0" * 64)
    clause = Clause(index=0, number="9.1", heading=heading, span=document.span(0, len(text)), text=text)
    return [f.rule_id for f in check(document, [clause], ruleset, Policy(), display_path="c.txt").findings]


@pytest.mark.parametrize(("heading", "why"), [
    ("[{regex: '(?i)non-?compet'}]", "global flags not at the start"),
    ("[{regex: '(?P<w>non-?compet)'}, {regex: '(?P<w>restrictive)'}]", "redefinition of group name"),
])
def test_heading_regexes_that_cannot_run_together_are_a_rule_error_at_load(tmp_path: Path, heading: str,
                                                                           why: str) -> None:
    [problem] = problems_of(write(tmp_path, heading))
    assert problem.startswith("pack/t.head.yaml: match.any[0].heading: invalid regular expression")
    assert why in problem and "\n" not in problem


def test_a_joined_heading_regex_error_exits_2_with_the_key_not_an_internal_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = write(tmp_path, "[{regex: '(?i)non-?compet'}]")
    doc = tmp_path / "doc.txt"
    doc.write_text("AGREEMENT\n\n12. Fees\nCustomer shall not sell rival products.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "clausecheck", "review", str(doc), "--rules", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "match.any[0].heading: invalid regular expression" in done.stderr + done.stdout
    assert "internal error" not in done.stderr + done.stdout


@pytest.mark.parametrize("heading", ["[' ']", "['non-compete', '  ']", '["\\t"]'])
def test_a_blank_heading_phrase_is_refused(tmp_path: Path, heading: str) -> None:
    problems = problems_of(write(tmp_path, heading))
    assert any(re.match(r"pack/t\.head\.yaml: match\.any\[0\]\.heading\[\d\]: a phrase needs a word", p)
               for p in problems), problems


@pytest.mark.parametrize(("phrase", "heading"), [
    ("Non-Compete.", "12. Non-Compete."),
    ("Restrictive Covenant(s)", "21.A Restrictive Covenant(s)"),
    ("(a) Exclusivity", "(a) Exclusivity and Minimums"),
])
def test_a_phrase_with_punctuation_at_its_edge_matches_its_own_text(tmp_path: Path, phrase: str, heading: str) -> None:
    folder = write(tmp_path, f"['{phrase}']")
    assert hits_under(folder, heading) == ["t.head"]
    assert hits_under(folder, "12. Fees") == []


@pytest.mark.parametrize(("phrase", "heading"), [
    ("Non-Compete.", "12. Non-Compete.s"),  # a word character right after the phrase
    ("exclusivity", "Nonexclusivity"),  # a word edge is still a word edge
    ("Restrictive Covenant(s)", "Restrictive Covenant(s)x"),
])
def test_a_phrase_does_not_match_inside_a_longer_word(tmp_path: Path, phrase: str, heading: str) -> None:
    assert hits_under(write(tmp_path, f"['{phrase}']"), heading) == []


def test_a_phrase_regex_is_the_phrase_with_any_spacing() -> None:
    compiled = re.compile(heading_regex(["Covenant not to  compete"]))
    assert compiled.search("4.2 COVENANT NOT\nTO COMPETE") is not None
    assert compiled.search("4.2 Covenants not to compete") is None
