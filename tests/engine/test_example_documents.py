"""A rule example is read as the same text in a real document: an example with a heading line is a section.

Review found examples.document_for stripping the heading line from the clause text while the segmenter keeps it,
so a pass example ('12. Non-Competition' over a body binding only the provider) passed as an example and was
flagged as a document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clausecheck.engine import load_ruleset
from clausecheck.engine.examples import document_for, findings_for, flagged
from clausecheck.policy import Policy

POLICY = Policy()
RULESET = load_ruleset(POLICY)
HEADED = [(rule, example) for rule in RULESET.rules for example in rule.examples
          if document_for(example.text)[1][0].heading is not None]


def test_the_shipped_pack_has_heading_examples_of_both_kinds() -> None:
    assert {example.flag for _, example in HEADED} == {True, False}


@pytest.mark.parametrize(("rule", "example"), HEADED, ids=[f"{r.id}:{e.text[:30]}" for r, e in HEADED])
def test_a_heading_example_is_judged_as_the_same_section_of_a_document(tmp_path: Path, rule, example) -> None:
    from clausecheck.pipeline import review

    path = tmp_path / "doc.txt"
    number = int(re.match(r"\d+", example.text).group())  # the segmenter reads sections numbered in sequence
    path.write_text(f"SERVICES AGREEMENT\n\n{number - 1}. Fees\nCustomer shall pay the fees.\n\n{example.text}\n\n"
                    f"{number + 1}. Notices\nNotices shall be in writing.\n", encoding="utf-8")
    result = review(path, POLICY, ruleset=RULESET, display_path="doc.txt")
    from clausecheck.ingest import load
    from clausecheck.segment import split

    [section] = [c for c in split(load(path)) if c.text.startswith(example.text.partition("\n")[0])]
    assert section.heading is not None  # the premise: the document reads the example as a section too
    in_document = flagged(rule, [f for f in result.findings if f.rule_id == rule.id])
    as_example = flagged(rule, findings_for(rule, example.text, RULESET, POLICY))
    assert bool(in_document) == bool(as_example) == example.flag


def test_an_example_heading_line_stays_in_the_clause_text_as_the_segmenter_keeps_it() -> None:
    text = "21.A Restrictive Covenants\nThe Customer shall not sell rival services."
    document, [clause] = document_for(text)
    assert clause.heading == "21.A Restrictive Covenants"
    assert clause.text == text and document.text[clause.span.start:clause.span.end] == text
    _, [plain] = document_for("The Customer shall not sell\nrival services.")  # a wrapped line is no heading
    assert plain.heading is None and plain.text == "The Customer shall not sell\nrival services."
