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


# --- match.across_items: a lead-in's sentence runs on into its numbered sub-clauses -------------------------------

def numbered(*pieces: tuple[str, str]):
    """A document of numbered clauses (number, text), one per line, with their spans."""
    import hashlib

    from clausecheck.model import Clause, Document

    text = "\n".join(t for _, t in pieces)
    doc = Document(path="<t>", format="txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    clauses, at = [], 0
    for i, (number, piece) in enumerate(pieces):
        clauses.append(Clause(index=i, number=number, heading=None, span=doc.span(at, at + len(piece)), text=piece))
        at += len(piece) + 1
    return doc, clauses


AFTER_END = """\
match:
  any: [{regex: '\\bupon\\s+(?:the\\s+)?termination\\b'}]
  near: [{regex: '\\b(?:sell|inventory|transition)\\w*'}]
  unless: [{regex: '\\bconfidential\\w*'}]
"""
LEAD = ("10.4", "10.4 Upon termination of this Agreement:")
ITEMS = (("10.4(a)", "(a) all licences granted to Distributor end;"),
         ("10.4(b)", "(b) Distributor may sell its remaining inventory for ninety (90) days."))


def across_findings(tmp_path: Path, pieces, opt_in: bool = True) -> list[tuple[str | None, str]]:
    extra = "  across_items: true\n" if opt_in else ""
    rules = ("t.after", AFTER_END.replace("match:\n", "match:\n" + extra))
    folder = pack(tmp_path / ("on" if opt_in else "off"), rules)
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document, clauses = numbered(*pieces)
    found = check(document, clauses, ruleset, Policy(), display_path="c.txt").findings
    return [(f.section, f.excerpt[slice(*f.highlights[0])]) for f in found]


def test_a_lead_in_hit_finds_its_near_word_in_a_sub_clause(tmp_path: Path) -> None:
    assert across_findings(tmp_path, (LEAD, *ITEMS)) == [("10.4", "Upon termination")]


def test_without_the_key_a_lead_in_is_read_alone(tmp_path: Path) -> None:
    assert across_findings(tmp_path, (LEAD, *ITEMS), opt_in=False) == []


def test_a_sub_clause_with_an_exception_does_not_complete_the_lead_in(tmp_path: Path) -> None:
    items = (("10.4(a)", "(a) each party shall return the other's confidential information and sell nothing;"),)
    assert across_findings(tmp_path, (LEAD, *items)) == []
    assert across_findings(tmp_path, (LEAD, *items, ITEMS[1])) == [("10.4", "Upon termination")]


@pytest.mark.parametrize("lead", [
    ("10.4", "10.4 Upon termination of this Agreement, each party bears its own costs."),  # a full stop: no lead-in
    ("10.3", "10.3 Upon termination of this Agreement:"),  # the next clauses are not its sub-clauses
])
def test_look_alikes_of_a_lead_in_are_read_alone(tmp_path: Path, lead: tuple[str, str]) -> None:
    assert across_findings(tmp_path, (lead, *ITEMS)) == []


def test_a_hit_in_a_sub_clause_does_not_read_the_lead_in(tmp_path: Path) -> None:
    lead = ("7", "7 Distributor may sell Products in the Territory, subject to the following:")
    items = (("7(a)", "(a) upon termination the Distributor shall pay all amounts due;"),)
    assert across_findings(tmp_path, (lead, *items)) == []


def test_a_lead_in_sentence_before_the_last_one_does_not_run_on(tmp_path: Path) -> None:
    lead = ("10.4", "10.4 Upon termination the licences end. The following applies:")
    assert across_findings(tmp_path, (lead, *ITEMS)) == []


def test_all_patterns_missing_from_the_lead_in_are_found_in_one_sub_clause(tmp_path: Path) -> None:
    match = """\
    match:
      across_items: true
      any: [{regex: '\\bupon\\s+termination\\b'}]
      all: [{regex: '\\bsell\\b'}, {regex: '\\binventory\\b'}]
    """
    folder = pack(tmp_path, ("t.all", match))
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    split = (("10.4(a)", "(a) Distributor may sell Products it holds;"),
             ("10.4(b)", "(b) the inventory is returned."))
    for items, expected in ((ITEMS, 1), (split, 0)):  # both words in one sub-clause, not spread over two
        document, clauses = numbered(LEAD, *items)
        assert len(check(document, clauses, ruleset, Policy(), display_path="c.txt").findings) == expected


def test_across_items_must_be_a_boolean(tmp_path: Path) -> None:
    folder = pack(tmp_path, ("t.bad", "match:\n  across_items: items\n  any: [exclusive]\n"))
    assert any("match.across_items" in p and "expected boolean" in p for p in problems_of(folder))


def test_a_complete_lead_in_survives_while_one_sub_clause_carries_no_exception(tmp_path: Path) -> None:
    lead = ("10.4", "10.4 Upon termination the Distributor may sell its inventory, subject to the following:")
    guarded = ("10.4(a)", "(a) it keeps all confidential information secret;")
    assert across_findings(tmp_path, (lead, guarded)) == []  # every item an exception: the whole sentence is one
    assert across_findings(tmp_path, (lead, guarded, ITEMS[0])) == [("10.4", "Upon termination")]
    assert across_findings(tmp_path, (lead, guarded), opt_in=False) == [("10.4", "Upon termination")]


# --- match.any[i].heading: a pattern that counts only under some section headings ---------------------------------

HEADED = """\
match:
  any:
    - regex: '\\bshall\\s+not\\s+sell\\b'
      heading: [non-competition, {regex: '\\brestrictive\\s+covenants?\\b'}]
    - regex: '\\bcompet\\w*'
"""


def headed_findings(tmp_path: Path, heading: str | None, text: str) -> list[str]:
    from clausecheck.model import Clause, Document

    folder = pack(tmp_path, ("t.head", HEADED))
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document = Document(path="<t>", format="txt", text=text, sha256="0" * 64)
    clause = Clause(index=0, number="9.1", heading=heading, span=document.span(0, len(text)), text=text)
    found = check(document, [clause], ruleset, Policy(), display_path="c.txt").findings
    return [f.excerpt[slice(*f.highlights[0])] for f in found]


@pytest.mark.parametrize("heading", ["NON-COMPETITION", "Non-Competition by the Customer", "Restrictive Covenants"])
def test_a_headed_pattern_counts_under_its_heading(tmp_path: Path, heading: str) -> None:
    assert headed_findings(tmp_path, heading, "The Customer shall not sell rival services.") == ["shall not sell"]


@pytest.mark.parametrize("heading", [None, "Confidentiality", "Competition Law Compliance"])
def test_a_headed_pattern_does_not_count_elsewhere(tmp_path: Path, heading: str | None) -> None:
    assert headed_findings(tmp_path, heading, "The Customer shall not sell rival services.") == []


def test_the_rules_other_patterns_ignore_the_heading(tmp_path: Path) -> None:
    assert headed_findings(tmp_path, None, "The Customer competes with Provider in Europe.") == ["competes"]


def test_a_bad_heading_regex_is_a_rule_error_naming_the_key(tmp_path: Path) -> None:
    folder = pack(tmp_path, ("t.bad", "match:\n  any:\n    - regex: x\n      heading: [{regex: '(unclosed'}]\n"))
    problems = problems_of(folder)
    expected = "pack/t.bad.yaml: match.any[0].heading[0].regex: invalid regular expression"
    assert any(p.startswith(expected) for p in problems)


def test_an_empty_heading_list_is_refused(tmp_path: Path) -> None:
    folder = pack(tmp_path, ("t.bad", "match:\n  any:\n    - regex: x\n      heading: []\n"))
    assert any("match.any[0].heading: needs at least 1 item(s)" in p for p in problems_of(folder))


def test_a_heading_is_refused_outside_an_any_pattern(tmp_path: Path) -> None:
    """Only an any-pattern's mapping may carry a heading: a near-pattern's may not (a bare string carries no key)."""
    folder = pack(tmp_path, ("t.bad", "match:\n  any: [x]\n  near:\n    - regex: y\n      heading: [Exclusivity]\n"))
    assert any(p.startswith("pack/t.bad.yaml: match.near[0]") for p in problems_of(folder)), problems_of(folder)


def test_across_items_reads_phrase_near_patterns_in_sub_clauses(tmp_path: Path) -> None:
    match = """\
    match:
      across_items: true
      any: [{regex: '\\bupon\\s+termination\\b'}]
      near: [remaining inventory]
    """
    folder = pack(tmp_path, ("t.phrase", match))
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document, clauses = numbered(LEAD, *ITEMS)
    found = check(document, clauses, ruleset, Policy(), display_path="c.txt").findings
    assert [(f.rule_id, f.section) for f in found] == [("t.phrase", "10.4")]


ROOT = Path(__file__).resolve().parents[2]


def _describes_across_items_as_the_code_does(text: str) -> None:
    """Each behaviour the across-items tests above check is stated, and the old wrong claim is not."""
    words = " ".join(text.replace("`", "").split())
    assert "last sentence of the lead-in" in words  # test_a_lead_in_sentence_before_the_last_one_does_not_run_on
    assert "one sub-clause must supply all of them" in words  # ..._are_found_in_one_sub_clause
    assert "holds no unless-pattern" in words  # test_a_sub_clause_with_an_exception_does_not_complete_the_lead_in
    assert "lacks nothing still needs one sub-clause without an exception" in words  # ..._carries_no_exception
    assert "a sub-clause never reads the lead-in" in words  # test_a_hit_in_a_sub_clause_does_not_read_the_lead_in
    assert "also in the lead-in clause" not in words and "in every sub-clause" not in words


def test_the_new_keys_are_in_the_printed_schema_and_a_bad_value_exits_2(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    printed = subprocess.run([sys.executable, "-m", "clausecheck", "schema", "rule"], capture_output=True, text=True,
                             check=True).stdout
    schema = json.loads(printed)
    match = schema["properties"]["match"]["properties"]
    assert match["across_items"]["type"] == "boolean"
    _describes_across_items_as_the_code_does(match["across_items"]["description"])
    _describes_across_items_as_the_code_does((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    regex_pattern = next(o for o in match["any"]["items"]["oneOf"] if "regex" in o.get("properties", {}))
    assert "section" in regex_pattern["properties"]["heading"]["description"]
    folder = pack(tmp_path, ("t.bad", "match:\n  across_items: 1\n  any: [x]\n"))
    done = subprocess.run([sys.executable, "-m", "clausecheck", "rules", "test", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "pack/t.bad.yaml: match.across_items: expected boolean, got integer" in done.stdout + done.stderr
