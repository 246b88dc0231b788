"""Lead-ins and their sub-clauses (``match.across_items``): a clause whose last sentence runs on into numbered
sub-clauses ("Upon termination, the parties shall have the following obligations:" then "(a) ...", "(b) ...") is
one sentence cut in pieces by the segmenter; a rule that opts in reads each sub-clause as the rest of the lead-in's
sentence when looking for its near and all patterns (and exceptions) for a hit in that sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.model import Clause

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.engine.matchers import CompiledRule, PatternSet

_SENTENCE_END = ".!?"
_CONTEXT = ("near", "all", "unless")


def groups(clauses: Sequence[Clause]) -> dict[int, tuple[Clause, tuple[Clause, ...]]]:
    """Lead-in clause index -> (lead-in, its sub-clauses).

    A lead-in is a numbered clause not ending with a full stop ("...:", "... or otherwise)") followed directly by
    clauses numbered as its own sub-clauses ("10.4" then "10.4(a)", "10.4(b)", "10.4(b)(i)")."""
    out: dict[int, tuple[Clause, tuple[Clause, ...]]] = {}
    for at, lead in enumerate(clauses):
        text = lead.text.rstrip()
        if not lead.number or not text or text[-1] in _SENTENCE_END:
            continue
        items = []
        for clause in clauses[at + 1:]:
            number = clause.number or ""
            if not (number.startswith(lead.number) and number[len(lead.number):len(lead.number) + 1] == "("):
                break
            items.append(clause)
        if items:
            out[lead.index] = (lead, tuple(items))
    return out


class Across:
    """One document's lead-ins, and the near, all and unless hits of a rule in their sub-clauses (found when needed)."""

    def __init__(self, patterns: PatternSet, clauses: Sequence[Clause]) -> None:
        self.patterns, self.groups = patterns, groups(clauses)
        self._found: dict[tuple[int, int], list[Hit]] = {}

    def runs_on(self, clause: Clause, text: str, sentence: tuple[int, int]) -> bool:
        """True when ``sentence`` is the last sentence of a lead-in, running on into its sub-clauses."""
        return clause.index in self.groups and not text[sentence[1]:].strip()

    def completes(self, compiled: CompiledRule, clause: Clause, need_near: bool, present: set[int] | None) -> bool:
        """True when one sub-clause of the lead-in ``clause``, read as the rest of its last sentence, holds no
        unless-pattern and supplies what a hit there lacks: a near-pattern if ``need_near``, the all-patterns not
        in ``present``. (A hit in the lead-in survives while one item carries no exception.)"""
        wanted = set(range(len(compiled.rule.match.get("all", ())))) - (present or set())
        for item in self.groups[clause.index][1]:
            hits = self._hits(compiled, item)
            if any(h.role == "unless" for h in hits):
                continue
            if need_near and not any(h.role == "near" for h in hits):
                continue
            if wanted <= {h.pattern for h in hits if h.role == "all"}:
                return True
        return False

    def _hits(self, compiled: CompiledRule, clause: Clause) -> list[Hit]:
        key = (compiled.index, clause.index)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = _context_hits(self.patterns, compiled, clause.text)
        return found


def _context_hits(patterns: PatternSet, compiled: CompiledRule, text: str) -> list[Hit]:
    """Every near, all and unless hit of ``compiled`` in ``text`` (spaCy patterns included)."""
    from clausecheck.engine.matchers import PatternSet

    view = ClauseText.of(text)
    whole = [(0, len(text))]
    doc: Any = None
    if any(role in compiled.spacy_roles for role in _CONTEXT):
        doc = patterns.nlp.tokenizer(text.replace("\n", " "))  # as the checker tokenises a clause
    found = [] if doc is None else [h for h in patterns.hits(doc, view, [compiled], whole, {compiled.index: []})[
        compiled.index] if h.role in _CONTEXT]
    for role in _CONTEXT:
        found.extend(PatternSet.role_hits(compiled, role, view, 0, len(text), whole))
    return found
