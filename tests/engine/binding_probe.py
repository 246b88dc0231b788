"""Shared probes of the binding tests: who a sentence binds at a word, and the kinds of one rule's findings."""

from __future__ import annotations

from clausecheck import nlp
from clausecheck.engine import check, language, load_ruleset, parties
from clausecheck.engine.examples import document_for
from clausecheck.policy import Policy

ROLES = parties.role_map({}, ["Customer"])  # generic names, pronouns ("we"/"us" provider, "you" customer)
RULESET = load_ruleset(Policy())


def bound(text: str, word: str) -> str | None:
    """The party the sentence holding ``word`` binds (language.bound_party at the word's first occurrence)."""
    doc = nlp.get()(text)
    doc.user_data["cc_text"] = text
    at = text.index(word)
    sentence = next(s for s in language.sentence_bounds(doc) if s[0] <= at < s[1])
    return language.bound_party(doc, ROLES, at, sentence)


def kinds(text: str, rule_id: str) -> list[str]:
    """The kinds (risk, info, ...) of ``rule_id``'s findings on ``text`` reviewed as a one-clause document."""
    document, clauses = document_for(text)
    outcome = check(document, clauses, RULESET, Policy(), display_path="c.txt")
    return [f.kind.value for f in outcome.findings if f.rule_id == rule_id]
