"""Engine language handling (issue 3): token windows, negation scope, unless scope, passive actors, headings."""

from __future__ import annotations

import re

import pytest

from clausecheck import nlp
from clausecheck.engine import check, language, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.policy import Policy

ROLES = {"provider": "provider", "customer": "customer"}
RULESET = load_ruleset(Policy())


def tokens(text: str):
    doc = nlp.get()(text)
    doc.user_data["cc_text"] = text
    return doc


def negated(text: str, word: str) -> bool:
    doc = tokens(text)
    at = text.index(word)
    sentence = next(s for s in language.sentence_bounds(doc) if s[0] <= at < s[1])
    return language.is_negated(doc, at, sentence)


def kinds(text: str, rule_id: str) -> list[str]:
    document, clauses = document_for(text)
    outcome = check(document, clauses, RULESET, Policy(), display_path="c.txt")
    return [f.kind.value for f in outcome.findings if f.rule_id == rule_id]


# 1. Windows count words, not the line breaks a PDF leaves inside a sentence.
def test_pdf_line_breaks_do_not_push_shall_not_out_of_the_modal_window():
    flat = "Customer shall not, during the Term or any renewal of it, purchase comparable services from others."
    broken = flat.replace(" ", "\n", 6)
    assert negated(flat, "purchase") is True
    assert negated(broken, "purchase") is True
    wide = flat.replace(" ", " \n\n ")
    assert negated(wide, "purchase") is True


def test_line_breaks_do_not_change_the_short_negation_window():
    text = "Provider grants a licence that is not, in any respect whatsoever, exclusive."
    assert negated(text, "exclusive") is True
    assert negated(text.replace(" ", "\n  "), "exclusive") is True


def test_near_within_counts_words_not_line_breaks():
    assert language.token_distance(tokens("a \n\n b \n c"), 0, 4) == 2  # tokens: a, "\\n\\n ", b, "\\n ", c


# 2. A negator governs only its own clause part.
@pytest.mark.parametrize("text,word", [
    ("Reserved units are non-cancellable, so you will be charged for them even if you terminate.", "charged"),
    ("Fees are not refundable; Customer shall purchase all units from Provider.", "purchase"),
    ("The licence is non-transferable, and Customer shall purchase all units from Provider.", "purchase"),
    ("Provider has no liability, but Customer must purchase its whole requirements from Provider.", "purchase"),
])
def test_a_negator_in_an_earlier_clause_part_does_not_negate_the_hit(text, word):
    assert negated(text, word) is False


@pytest.mark.parametrize("text,word", [
    ("Customer shall not, and shall not permit any third party to, purchase such services.", "purchase"),
    ("The licence is non-exclusive.", "exclusive"),
    ("Customer may not terminate this Agreement for convenience.", "terminate"),
])
def test_a_negator_in_the_same_clause_part_still_negates(text, word):
    assert negated(text, word) is True


# "non-" is a prefix of one word: it negates that word, not the next adjective or the rest of the sentence.
@pytest.mark.parametrize("text,word,expected", [
    ("Licensor grants a non-transferable, exclusive right to distribute the Products.", "exclusive", False),
    ("Licensor grants a non-sublicensable, non-transferable, exclusive licence.", "exclusive", False),
    ("The distributorship changes from a non-exclusive to an exclusive distributorship.", "an exclusive", False),
    ("Fees are non-refundable upon termination and Customer shall remain liable for them.", "remain", False),
    ("Licensor grants a non-exclusive right to distribute the Products.", "exclusive", True),
    ("Licensor grants a transferable, non-exclusive licence.", "exclusive", True),
    ("Licensor grants a non exclusive right.", "exclusive", True),  # unhyphenated "non" still negates
])
def test_non_negates_only_the_word_it_is_joined_to(text, word, expected):
    assert negated(text, word) is expected


def test_an_exclusive_grant_after_another_non_adjective_is_found():
    text = "Licensor hereby grants to Distributor a non-transferable, exclusive right to sell the Products."
    assert kinds(text, "exclusivity.exclusive-rights")


# 3. "unless" reaches only the enumerated item (or ";"-part) holding the hit.
def test_items_split_an_enumeration_and_keep_the_lead_in():
    text = "Provider may terminate (i) on notice, or (ii) at once if Customer is insolvent."
    lead, parts = language.items(text, (0, len(text)))
    assert text[slice(*lead)] == "Provider may terminate "
    assert [text[a:b] for a, b in parts] == ["(i) on notice, or ", "(ii) at once if Customer is insolvent."]
    plain = "Provider may terminate on notice; Customer may not."
    lead, parts = language.items(plain, (0, len(plain)))
    assert lead is None
    assert [plain[a:b] for a, b in parts] == ["Provider may terminate on notice;", " Customer may not."]


def test_unless_in_another_enumerated_item_does_not_kill_the_hit():
    rule = "exit.provider-termination-for-convenience"
    text = ("This Agreement may be terminated by Provider (i) upon thirty (30) days' written notice, or (ii) "
            "immediately if Customer becomes insolvent.")
    assert kinds(text, rule) == ["risk"]
    only_for_cause = ("Provider may terminate this Agreement upon thirty (30) days' written notice if Customer "
                      "becomes insolvent.")
    assert kinds(only_for_cause, rule) == []


def test_unless_in_the_lead_in_governs_every_item():
    rule = "exit.provider-termination-for-convenience"
    text = ("If Customer breaches this Agreement, Provider may terminate it (i) upon thirty (30) days' written notice, "
            "or (ii) immediately upon written notice where the breach cannot be cured.")
    assert kinds(text, rule) == []


def test_unless_within_limits_the_exception_to_nearby_tokens():
    from clausecheck.engine.checker import _excepted
    from clausecheck.engine.clause_text import Hit

    text = "Provider may terminate on notice at any time, and the agreement survives if a dispute arises."
    doc = tokens(text)
    hit = Hit("any", 0, text.index("terminate"), text.index("terminate") + 9)
    unless = Hit("unless", 0, text.index("if"), text.index("if") + 2)
    sentence = (0, len(text))
    assert _excepted(doc, hit, [hit, unless], sentence, None) is True
    assert _excepted(doc, hit, [hit, unless], sentence, 5) is False
    assert _excepted(doc, hit, [hit, unless], sentence, 15) is True


def test_schema_accepts_unless_within():
    from clausecheck.engine import schema

    assert schema.RULE_SCHEMA["properties"]["match"]["properties"]["unless_within"]["type"] == "integer"
    assert any("unless_within" in p for p in schema.validate({"match": {"any": ["x"], "unless_within": 0}}))


# 4. Passive voice: "by <party>" names the actor.
@pytest.mark.parametrize("text,word,role", [
    ("This Agreement may be terminated by Provider upon notice.", "terminated", "provider"),
    ("This Agreement may be terminated by the Customer at any time for convenience.", "convenience", "customer"),
    ("This Agreement may be terminated by either party upon ninety days' notice.", "terminated", "mutual"),
    ("The renewal is exercisable by Customer by written notice.", "renewal", "customer"),
])
def test_the_party_after_by_is_the_actor_of_a_passive_verb(text, word, role):
    doc = tokens(text)
    assert language.bound_party(doc, ROLES, text.index(word), (0, len(text))) == role


def test_an_active_subject_after_the_passive_phrase_still_wins():
    text = "Fees are set by Provider, and Customer shall purchase all units exclusively from Provider."
    doc = tokens(text)
    assert language.bound_party(doc, ROLES, text.index("exclusively"), (0, len(text))) == "customer"


def test_passive_termination_by_provider_is_a_provider_right():
    assert kinds("This Agreement may be terminated by Provider upon thirty (30) days' written notice.",
                 "exit.provider-termination-for-convenience") == ["risk"]


# 6. A bare heading is a topic, not a term.
@pytest.mark.parametrize("text,heading", [
    ("4. EXCLUSIVITY AND VOLUME COMMITMENTS", True), ("12.3 Term.", True), ("Section 4.2 Exclusivity", True),
    ("Exclusivity and Volume Commitments", True), ("Customer shall buy exclusively from Provider.", False),
    ("THE SERVICES ARE PROVIDED AS IS", False), ("Term. This Agreement renews each year.", False),
])
def test_is_heading(text, heading):
    assert language.is_heading(text) is heading


def test_a_heading_only_clause_gives_no_risk_finding():
    assert kinds("7. NON-COMPETITION", "exclusivity.non-compete") == []
    assert kinds("7. Non-Competition. Customer shall not compete with Provider in the Territory during the Term.",
                 "exclusivity.non-compete") == ["risk"]
    # Nor does a heading grant a protection.
    assert kinds("3.4 Termination for Convenience", "exit.termination-for-convenience") == ["missing"]
    assert kinds("4. EXCLUSIVITY AND VOLUME COMMITMENTS", "exclusivity.exclusive-provider") == []
    assert kinds("4. EXCLUSIVITY\nCustomer shall purchase all of its requirements of AI services exclusively "
                 "from Provider.", "exclusivity.exclusive-provider") == ["risk"]


# 5. "^" and "$" anchor at the sentence, not at the clause.
def test_caret_matches_at_the_start_of_every_sentence_of_a_clause():
    from clausecheck.engine.clause_text import ClauseText
    from clausecheck.engine.matchers import PatternSet
    from clausecheck.model import Rule

    rule = RULESET.rules[0]
    anchored = Rule(**{**{f: getattr(rule, f) for f in rule.__dataclass_fields__},
                       "id": "test.anchored", "match": {"any": [{"regex": r"^exclusiv\w*\.$"}, {"regex": r"^term\b"}],
                                                        "_binds": "any", "_requires": []}})
    patterns = PatternSet([anchored])
    compiled = patterns.compiled[0]
    assert compiled.any_needs_doc  # sentences are known only once the clause is tokenised
    text = "Term. This Agreement lasts five years.\n  Exclusivity.  Provider is exclusive. Other terms apply."
    doc = tokens(text)
    sentences = language.sentence_bounds(doc)
    found = PatternSet.role_hits(compiled, "any", ClauseText.of(text), 0, len(text), sentences)
    assert sorted(text[h.start:h.end] for h in found) == ["Exclusivity.", "Term"]
    # "exclusive." ends a sentence but does not start one; the whole-clause reading found only "Term".
    assert [m.group() for m in re.finditer(r"^exclusiv\w*\.$", text, re.IGNORECASE)] == []


# 7. A flag example kept out by the rule's own gate words: warn and widen the gate, do not fail silently.
GATED = """id: test.gated
title: Gated
pillar: exclusivity
kind: risk
severity: medium
rationale: r
recommendation: r
match:
  gate: [exclusive]
  any:
    - regex: '\\bsole\\s+supplier\\b'
examples:
  flag:
    - "Provider is the sole supplier of AI services to Customer."
  pass:
    - "Customer may buy from anyone."
"""


def test_a_flag_example_missed_only_by_the_gate_warns_and_passes(tmp_path, caplog):
    from clausecheck.engine import examples

    (tmp_path / "gated.yaml").write_text(GATED, encoding="utf-8")
    with caplog.at_level("WARNING", logger="clausecheck.engine.matchers"):
        ruleset = load_ruleset(Policy(), dirs=[tmp_path], shipped=False)
    [[message]] = ruleset._patterns.warnings.values()
    assert message.startswith("examples.flag[0]: match.gate has none of this example's words")
    assert "'supplier'" in message
    assert any("examples.flag[0]" in r.getMessage() for r in caplog.records)
    assert [r.ok for r in examples.run(ruleset)] == [True, True]


def test_shipped_rules_have_no_gate_warnings():
    assert RULESET._patterns.warnings == {}


def test_a_sentence_number_and_a_quantity_in_brackets_open_no_item():
    text = ("(c) If fewer than twenty-five (25) representatives remain, Provider may terminate this Agreement by "
            "giving thirty (30) days' notice.")
    assert language.items(text, (0, len(text))) == (None, [(0, len(text))])
    assert kinds(text, "exit.provider-termination-for-convenience") == []
    numbered = ("(ii) Provider may terminate this Agreement immediately upon written notice to Customer (A) if "
                "Customer undergoes a change of control, or (B) if Customer becomes insolvent.")
    lead, parts = language.items(numbered, (0, len(numbered)))
    assert numbered[slice(*lead)].startswith("(ii) Provider may terminate") and len(parts) == 2
    assert kinds(numbered, "exit.provider-termination-for-convenience") == []


def test_unless_scope_sentence_restores_the_sentence_wide_exception():
    from clausecheck.engine.checker import _excepted
    from clausecheck.engine.clause_text import Hit

    text = "Provider may terminate (i) on thirty days' notice, or (ii) at once if Customer is insolvent."
    doc = tokens(text)
    hit = Hit("any", 0, text.index("on thirty"), text.index("on thirty") + 9)
    unless = Hit("unless", 0, text.index("if"), text.index("if") + 2)
    assert _excepted(doc, hit, [hit, unless], (0, len(text)), None) is False
    assert _excepted(doc, hit, [hit, unless], (0, len(text)), None, "sentence") is True


def test_semicolon_parts_split_only_with_unless_scope_part():
    from clausecheck.engine.checker import _excepted
    from clausecheck.engine.clause_text import Hit

    text = "Provider may terminate on thirty days' notice; Customer may terminate at once if Provider is insolvent."
    doc = tokens(text)
    hit = Hit("any", 0, text.index("terminate"), text.index("terminate") + 9)
    unless = Hit("unless", 0, text.index("if"), text.index("if") + 2)
    assert _excepted(doc, hit, [hit, unless], (0, len(text)), None) is True
    assert _excepted(doc, hit, [hit, unless], (0, len(text)), None, "part") is False


def test_pdf_line_breaks_give_the_same_findings_as_the_flat_text():
    flat = ("Customer shall not, during the Term of this Agreement, be obliged to purchase its requirements of AI "
            "services exclusively from Provider.")
    words = flat.split(" ")
    pdf_like = "\n".join(" ".join(words[i:i + 3]) for i in range(0, len(words), 3))  # word-counting windows: risk
    assert kinds(flat, "exclusivity.exclusive-provider") == kinds(pdf_like, "exclusivity.exclusive-provider") == []
    bound = "Customer shall purchase its AI services exclusively from Provider during the Term."
    assert kinds(bound.replace(" ", "\n", 3), "exclusivity.exclusive-provider") == ["risk"]
