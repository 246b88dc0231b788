"""Opt-in rule keys: a pattern's own ``unless`` and the ``near_scope``/``all_scope`` co-occurrence scopes.

Each test loads a small pack written here, checks text with and without the key, and asserts which rule fires
on which text; a rule that does not use a key must behave exactly as before it existed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from clausecheck.engine import check, load_ruleset
from clausecheck.engine.examples import document_for
from clausecheck.engine.schema import RULE_SCHEMA
from clausecheck.errors import RuleError
from clausecheck.policy import Policy

HEAD = """\
id: {id}
title: Test rule
pillar: exclusivity
kind: risk
severity: medium
rationale: Because.
recommendation: Do this.
"""
EXAMPLES = """\
examples:
  flag: ["{flag}"]
  pass: ["{passing}"]
"""


def pack(tmp_path: Path, *rules: tuple[str, str, str, str]) -> Path:
    """A rule pack of (id, match YAML, flag example, pass example) rules."""
    folder = tmp_path / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    for rule_id, match, flag, passing in rules:
        text = HEAD.format(id=rule_id) + textwrap.dedent(match) + EXAMPLES.format(flag=flag, passing=passing)
        (folder / f"{rule_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def fired(folder: Path, text: str) -> list[tuple[str, str]]:
    """(rule id, matched text; kind for a protection) of every finding on a one-clause document."""
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    document, clauses = document_for(text)
    outcome = check(document, clauses, ruleset, Policy(), display_path="c.txt")
    return [(f.rule_id, f.excerpt[slice(*f.highlights[0])] if f.highlights else f.kind.value)
            for f in outcome.findings]


def problems_of(tmp_path: Path, match: str) -> tuple[str, ...]:
    folder = pack(tmp_path, ("t.bad", match, "x", "y"))
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    return info.value.problems


# ------------------------------------------------------------------ 1. a pattern's own unless

EXCLUSIVE = r"""
match:
  any:
    - regex: '\bexclusive(?:ly)?\b'
      unless: [{regex: '\bexclusive\s+of\b'}]{scope}
    - phrase: sole provider
"""
RULE_WIDE = r"""
match:
  any:
    - regex: '\bexclusive(?:ly)?\b'
    - phrase: sole provider
  unless: [{regex: '\bexclusive\s+of\b'}]
"""
BOTH = "All fees are exclusive of applicable taxes, and Customer shall use Provider as its sole provider."


def _own(tmp_path: Path, scope: str = "") -> Path:
    match = EXCLUSIVE.replace("{scope}", f"\n      unless_scope: {scope}" if scope else "")
    return pack(tmp_path, ("t.own", match, "Customer shall buy exclusively from Provider.", "A licence."))


def test_own_unless_drops_only_its_patterns_hits(tmp_path: Path):
    own = _own(tmp_path)
    assert fired(own, "All fees are exclusive of applicable taxes.") == []
    assert fired(own, "Customer shall buy its AI services exclusively from Provider.") == [("t.own", "exclusively")]
    assert fired(own, BOTH) == [("t.own", "sole provider")]
    bare = pack(tmp_path / "bare", ("t.bare", EXCLUSIVE.replace("      unless: [{regex: '\\bexclusive\\s+of\\b'}]"
                                                                 "{scope}\n", ""), "Exclusively.", "A licence."))
    assert fired(bare, "All fees are exclusive of applicable taxes.") == [("t.bare", "exclusive")]


def test_rule_wide_unless_kills_the_other_phrasing_too(tmp_path: Path):
    wide = pack(tmp_path, ("t.wide", RULE_WIDE, "Customer shall buy exclusively from Provider.", "A licence."))
    assert fired(wide, BOTH) == []  # what the per-pattern key exists to avoid
    assert fired(wide, "Customer shall use Provider as its sole provider.") == [("t.wide", "sole provider")]


def test_own_unless_reaches_only_its_item_by_default(tmp_path: Path):
    text = "Customer shall (i) buy exclusively from Provider, and (ii) pay all fees exclusive of VAT."
    assert fired(_own(tmp_path), text) == [("t.own", "exclusively")]
    assert fired(_own(tmp_path / "s", "sentence"), text) == []


def test_own_unless_in_the_lead_in_governs_every_item(tmp_path: Path):
    text = ("With all prices exclusive of taxes, Customer shall (i) buy exclusively from Provider, and "
            "(ii) report usage monthly.")
    assert fired(_own(tmp_path), text) == []


def test_own_unless_scope_part_splits_at_semicolons(tmp_path: Path):
    text = "Customer shall buy exclusively from Provider; all fees are exclusive of applicable taxes."
    assert fired(_own(tmp_path), text) == []  # item (default): a sentence without items is one part
    assert fired(_own(tmp_path / "p", "part"), text) == [("t.own", "exclusively")]


def test_own_unless_stays_in_its_sentence(tmp_path: Path):
    text = "All fees are exclusive of applicable taxes. Customer shall buy its models exclusively from Provider."
    assert fired(_own(tmp_path), text) == [("t.own", "exclusively")]


def test_own_unless_on_phrase_token_and_fuzzy_patterns(tmp_path: Path):
    match = r"""
    match:
      any:
        - phrase: preferred supplier
          unless: [{regex: '\bnot\s+(?:a|the)\s+preferred\b'}]
        - tokens: [{LOWER: only}, {LOWER: {IN: [vendor, supplier]}}]
          unless: [{phrase: "other than"}]
        - fuzzy: single source of supply
          score: 90
          unless: [{tokens: [{LOWER: may}, {LOWER: also}]}]
    """
    folder = pack(tmp_path, ("t.forms", match, "Provider is the preferred supplier.", "A licence."))
    assert fired(folder, "Provider shall be Customer's preferred supplier.") == [("t.forms", "preferred supplier")]
    assert fired(folder, "Provider is not a preferred supplier of Customer.") == []
    assert fired(folder, "Provider shall be the only vendor of hosting.") == [("t.forms", "only vendor")]
    assert fired(folder, "Provider shall be the only vendor other than Acme.") == []
    assert fired(folder, "Provider shall be the single source of supply.") == [("t.forms", "single source of supply")]
    assert fired(folder, "Provider shall be a single source of supply; Customer may also buy elsewhere.") == []
    # One pattern's exception does not reach the others: "other than" excepts only the token pattern.
    assert fired(folder, "Provider shall be the preferred supplier other than for hardware.") == [
        ("t.forms", "preferred supplier")]


def test_own_unless_is_reported_with_file_and_field(tmp_path: Path):
    found = problems_of(tmp_path, """
    match:
      any:
        - regex: 'exclusive'
          unless: [{regex: 'non-(exclusive'}, {regexx: 'x'}]
          unless_scope: clause
        - regex: 'sole'
          unless_scope: part
        - phrase: preferred
          unless: []
      near:
        - phrase: buy
          unless: [x]
    """)
    assert "pack/t.bad.yaml: match.any[0].unless[1]: unknown key 'regexx' (expected one of " \
           "fuzzy, phrase, regex, tokens)" in found
    assert any(p.startswith("pack/t.bad.yaml: match.any[0].unless_scope: 'clause' is not one of item, part, "
                            "sentence") for p in found)
    assert "pack/t.bad.yaml: match.any[1].unless_scope: needs match.any[1].unless" in found
    assert "pack/t.bad.yaml: match.any[2].unless: needs at least 1 item(s)" in found
    assert "pack/t.bad.yaml: match.near[0]: unknown key 'unless'" in found


def test_a_misspelt_pattern_key_is_named_even_after_an_unless(tmp_path: Path):
    found = problems_of(tmp_path, """
    match:
      any:
        - unless: [x]
          regexp: 'exclusive'
    """)
    assert found == ("pack/t.bad.yaml: match.any[0]: unknown key 'regexp' (expected one of fuzzy, phrase, regex, "
                     "tokens)",)


def test_an_invalid_own_unless_pattern_names_its_field(tmp_path: Path):
    found = problems_of(tmp_path, """
    match:
      any:
        - phrase: sole provider
        - regex: 'exclusive'
          unless: ['fine', {regex: 'non-(exclusive'}, {tokens: [{POS: ADJ}]}]
    """)
    assert any(p.startswith("pack/t.bad.yaml: match.any[1].unless[1].regex: invalid regular expression")
               for p in found), found
    assert any(p.startswith("pack/t.bad.yaml: match.any[1].unless[2].tokens: attribute POS needs a trained")
               for p in found), found


# ------------------------------------------------------------------ 2. near_scope and all_scope

NEAR = r"""
match:
  any:
    - regex: '\bminimum\b'
  near: [purchase, {regex: '\bbuy\b'}]{scope}
"""


def _near(tmp_path: Path, scope: str = "") -> Path:
    match = NEAR.replace("{scope}", f"\n  near_scope: {scope}" if scope else "")
    return pack(tmp_path, ("t.near", match, "Customer shall purchase a minimum of 10 units.", "A licence."))


@pytest.mark.parametrize("scope", ["item", "part"])
def test_near_scope_keeps_near_words_to_the_hits_item(tmp_path: Path, scope: str):
    apart = ("Customer shall (a) purchase AI services from Provider, and (b) attend a minimum of two "
             "business reviews each year.")
    assert fired(_near(tmp_path), apart) == [("t.near", "minimum")]  # default: the sentence
    assert fired(_near(tmp_path / scope, scope), apart) == []
    together = "Customer shall (a) purchase a minimum of 100 licences, and (b) attend two reviews each year."
    assert fired(_near(tmp_path / scope, scope), together) == [("t.near", "minimum")]
    regex_near = "Customer shall (a) buy a minimum of 100 licences, and (b) attend two reviews each year."
    assert fired(_near(tmp_path / scope, scope), regex_near) == [("t.near", "minimum")]


def test_near_scope_counts_the_lead_in_and_a_lead_in_hit_reaches_every_item(tmp_path: Path):
    folder = _near(tmp_path, "item")
    lead_near = "Customer shall purchase, in each Contract Year: (a) a minimum of 100 licences; and (b) support."
    assert fired(folder, lead_near) == [("t.near", "minimum")]
    lead_hit = "The minimum commitment consists of: (a) the purchase of 100 licences; and (b) training fees."
    assert fired(folder, lead_hit) == [("t.near", "minimum")]


def test_near_scope_part_splits_a_sentence_without_items_at_semicolons(tmp_path: Path):
    text = "Customer shall purchase AI services from Provider; Customer shall attend a minimum of two reviews."
    assert fired(_near(tmp_path / "i", "item"), text) == [("t.near", "minimum")]
    assert fired(_near(tmp_path / "p", "part"), text) == []
    assert fired(_near(tmp_path / "s", "sentence"), text) == [("t.near", "minimum")]


def test_near_scope_and_within_both_apply(tmp_path: Path):
    match = NEAR.replace("{scope}", "\n  near_scope: item\n  within: 3")
    folder = pack(tmp_path, ("t.near", match, "Customer shall purchase a minimum of 10 units.", "A licence."))
    assert fired(folder, "Customer shall (a) purchase a minimum of 10 units, and (b) pay.") == [("t.near", "minimum")]
    far = "Customer shall (a) purchase AI services and training and support and a minimum of 10 units, and (b) pay."
    assert fired(folder, far) == []


ALL = r"""
match:
  any:
    - regex: '\bexclusiv\w*'
  all: [{regex: '\bcustomer\b'}, purchase]{scope}
"""


def _all(tmp_path: Path, scope: str = "") -> Path:
    match = ALL.replace("{scope}", f"\n  all_scope: {scope}" if scope else "")
    return pack(tmp_path, ("t.all", match, "Customer shall purchase exclusively from Provider.", "A licence."))


def test_all_scope_item_needs_every_all_pattern_in_the_hits_item(tmp_path: Path):
    apart = ("Provider shall (i) host the models exclusively in the EU, and (ii) let Customer purchase extra "
             "capacity.")
    assert fired(_all(tmp_path), apart) == [("t.all", "exclusively")]
    assert fired(_all(tmp_path / "s", "sentence"), apart) == [("t.all", "exclusively")]
    assert fired(_all(tmp_path / "i", "item"), apart) == []
    together = ("Provider shall (i) host the models in the EU, and (ii) let Customer purchase extra capacity "
                "exclusively through the portal.")
    assert fired(_all(tmp_path / "i", "item"), together) == [("t.all", "exclusively")]


def test_all_scope_sentence_narrows_all_without_changing_the_finding_scope(tmp_path: Path):
    text = "Customer may purchase support. Provider hosts the models exclusively in the EU."
    assert fired(_all(tmp_path), text) == [("t.all", "exclusively")]  # default: anywhere in the clause
    assert fired(_all(tmp_path / "s", "sentence"), text) == []


def test_scope_keys_without_their_patterns_are_reported(tmp_path: Path):
    found = problems_of(tmp_path, """
    match:
      any: [exclusive]
      near_scope: item
      all_scope: word
    """)
    assert "pack/t.bad.yaml: match.near_scope: needs match.near" in found
    assert any(p.startswith("pack/t.bad.yaml: match.all_scope: 'word' is not one of item, part, sentence")
               for p in found), found


# ------------------------------------------------------------------ documentation and the published schema

def test_new_keys_are_documented_and_validate_with_jsonschema(tmp_path: Path):
    import jsonschema
    import yaml

    match = RULE_SCHEMA["properties"]["match"]["properties"]
    assert "lead-in" in match["near_scope"]["description"] and "near_scope" in match["all_scope"]["description"]
    own = match["any"]["items"]["oneOf"][3]["properties"]
    assert "other any-patterns" in own["unless"]["description"]
    assert own["unless_scope"]["enum"] == ["item", "part", "sentence"]
    validator = jsonschema.Draft202012Validator(RULE_SCHEMA)
    folder = _own(tmp_path, "part")
    data = yaml.safe_load((folder / "t.own.yaml").read_text("utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["match"]["near"] = [{"phrase": "buy", "unless": ["x"]}]
    assert list(validator.iter_errors(data)) != []


# ------------------------------------------------------------------ 3. rule-level requires

COMMIT = ("t.commit", "match:\n  any: [{phrase: minimum commitment}]\n",
          "Customer shall meet the minimum commitment.", "A licence.")
SHORTFALL = "match:\n  any: [{phrase: shortfall payment}]\n"
BOTH_CLAUSES = "Customer shall meet the minimum commitment each year and shall pay any shortfall payment."
FLAG = "Customer shall meet the minimum commitment and pay any shortfall payment."


def test_requires_keeps_findings_only_where_a_required_rule_fired(tmp_path: Path):
    folder = pack(tmp_path, COMMIT, ("t.short", "requires: [t.commit]\n" + SHORTFALL, FLAG, "A licence."))
    assert fired(folder, "Customer shall pay a shortfall payment equal to the unmet amount.") == []
    assert fired(folder, BOTH_CLAUSES) == [("t.commit", "minimum commitment"), ("t.short", "shortfall payment")]
    alone = pack(tmp_path / "alone", COMMIT, ("t.short", SHORTFALL, FLAG, "A licence."))
    assert fired(alone, "Customer shall pay a shortfall payment equal to the unmet amount.") == [
        ("t.short", "shortfall payment")]


def test_requires_is_any_of_and_resolves_chains(tmp_path: Path):
    folder = pack(tmp_path,
                  ("t.a", "match:\n  any: [{phrase: alpha term}]\n", "The alpha term applies.", "A licence."),
                  ("t.b", "requires: [t.a]\nmatch:\n  any: [{phrase: beta term}]\n", "x", "y"),
                  ("t.c", "requires: [t.b]\nmatch:\n  any: [{phrase: gamma term}]\n", "x", "y"),
                  ("t.d", "requires: [t.a, t.c]\nmatch:\n  any: [{phrase: delta term}]\n", "x", "y"))
    assert [r for r, _ in fired(folder, "The beta term, gamma term and delta term apply.")] == []
    assert [r for r, _ in fired(folder, "The alpha term and delta term apply.")] == ["t.a", "t.d"]
    assert [r for r, _ in fired(folder, "The alpha term, beta term and gamma term apply.")] == ["t.a", "t.b", "t.c"]


def test_a_missing_protection_does_not_satisfy_requires(tmp_path: Path):
    protection = ("t.onnx", "kind: protection\nmatch:\n  any: [{phrase: ONNX format}]\n",
                  "Nothing about export.", "Provider shall export the model in ONNX format at no charge within "
                                           "30 days.")
    folder = pack(tmp_path, protection,
                  ("t.dep", "requires: [t.onnx]\nmatch:\n  any: [{phrase: export fee}]\n", "x", "y"))
    (folder / "t.onnx.yaml").write_text((folder / "t.onnx.yaml").read_text("utf-8").replace("kind: risk\n", ""),
                                        encoding="utf-8")
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    assert [r.kind.value for r in ruleset.rules] == ["risk", "protection"]
    assert fired(folder, "Customer shall pay an export fee.") == [("t.onnx", "missing")]
    granted = "Provider shall export the model in ONNX format within 30 days, subject to an export fee."
    assert fired(folder, granted) == [("t.dep", "export fee"), ("t.onnx", "ONNX format")]  # one sentence: by id


def test_requires_is_not_applied_when_every_required_rule_is_disabled(tmp_path: Path):
    folder = pack(tmp_path, COMMIT, ("t.short", "requires: [t.commit]\n" + SHORTFALL, FLAG, "A licence."))
    ruleset = load_ruleset(Policy(disabled_rules=("t.commit",)), dirs=[str(folder)], shipped=False)
    document, clauses = document_for("Customer shall pay a shortfall payment.")
    outcome = check(document, clauses, ruleset, Policy(disabled_rules=("t.commit",)), display_path="c.txt")
    assert [f.rule_id for f in outcome.findings] == ["t.short"]


def test_requires_examples_run_against_the_whole_pack(tmp_path: Path):
    from clausecheck.engine import examples

    folder = pack(tmp_path, COMMIT, ("t.short", "requires: [t.commit]\n" + SHORTFALL, FLAG,
                                     "Customer shall pay a shortfall payment."))
    ruleset = load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    assert [(r.name, r.ok) for r in examples.run(ruleset)] == [
        ("t.commit::flag[0]", True), ("t.commit::pass[0]", True),
        ("t.short::flag[0]", True), ("t.short::pass[0]", True)]


def test_requires_may_name_a_rule_of_another_pack(tmp_path: Path):
    folder = pack(tmp_path, ("t.short", "requires: [commercial.minimum-commitment]\n" + SHORTFALL, FLAG, "y"))
    ruleset = load_ruleset(Policy(), dirs=[str(folder)])
    assert {"t.short", "commercial.minimum-commitment"} <= {r.id for r in ruleset.rules}


def test_requires_problems_name_file_and_field(tmp_path: Path):
    folder = pack(tmp_path,
                  ("t.a", "requires: [t.b]\nmatch:\n  any: [alpha]\n", "x", "y"),
                  ("t.b", "requires: [t.c, t.nowhere]\nmatch:\n  any: [beta]\n", "x", "y"),
                  ("t.c", "requires: [t.a]\nmatch:\n  any: [gamma]\n", "x", "y"))
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(folder)], shipped=False)
    assert info.value.exit_code == 2
    assert info.value.problems == ("pack/t.b.yaml: requires[1]: unknown rule id 't.nowhere'",
                                   "pack/t.a.yaml: requires: cycle t.a -> t.b -> t.c -> t.a")
    found = problems_of(tmp_path / "self", "requires: [t.bad, Bad]\nmatch:\n  any: [alpha]\n")
    assert "pack/t.bad.yaml: requires[0]: a rule cannot require itself" in found
    assert any(p.startswith("pack/t.bad.yaml: requires[1]: 'Bad' does not match") for p in found), found


def test_requires_gates_a_threshold_rule(tmp_path: Path):
    renews = ("t.renews", "match:\n  any: [{phrase: renew automatically}]\n", "It shall renew automatically.", "No.")
    long_term = ("t.long", "kind: threshold\nrequires: [t.renews]\nthreshold: {fact: initial_term_months, op: '>', "
                 "value: 12}\n", "x", "y")
    folder = pack(tmp_path, renews, long_term)
    (folder / "t.long.yaml").write_text((folder / "t.long.yaml").read_text("utf-8").replace("kind: risk\n", ""),
                                        encoding="utf-8")
    term = "The initial term of this Agreement is thirty-six (36) months from the Effective Date."
    assert fired(folder, term) == []
    assert [r for r, _ in fired(folder, term + " Thereafter it shall renew automatically for one year.")] == [
        "t.long", "t.renews"]
    ungated = pack(tmp_path / "u", renews, (long_term[0], long_term[1].replace("requires: [t.renews]\n", ""),
                                            "x", "y"))
    (ungated / "t.long.yaml").write_text((ungated / "t.long.yaml").read_text("utf-8").replace("kind: risk\n", ""),
                                         encoding="utf-8")
    assert [r for r, _ in fired(ungated, term)] == ["t.long"]


def test_near_scope_ignores_a_negated_near_word_of_another_item(tmp_path: Path):
    text = ("Customer shall (a) not purchase any hardware from third parties, and (b) purchase a minimum of 100 "
            "licences each year.")
    assert fired(_near(tmp_path), text) == []  # the sentence reading lets item (a)'s "not purchase" negate (b)
    assert fired(_near(tmp_path / "i", "item"), text) == [("t.near", "minimum")]
