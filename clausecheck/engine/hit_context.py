"""A rule's hits in one clause by role, the context ones searched only where an any-hit needs them."""

from __future__ import annotations

from collections.abc import Sequence

from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.engine.compiled_rule import CompiledRule


class HitContext:
    """A rule's hits in one clause by role: the any-hits given, and each context role's regex/fuzzy hits, searched
    on first use and only where they can matter (most any-hits fail near or all before unless is looked at)."""

    def __init__(self, compiled: CompiledRule, view: ClauseText, sentences: Sequence[tuple[int, int]],
                 hits: list[Hit]) -> None:
        self.compiled, self.view, self.sentences, self.given = compiled, view, sentences, hits
        self.searched = ({r for r, _, _, _ in compiled.regexes} | {r for r, _, _, _ in compiled.fuzzies}) - {"any"}
        self.roles: dict[str, list[Hit]] = {}
        self._near_span: list[tuple[int, int]] | None = None

    def of(self, role: str) -> list[Hit]:
        """The hits of one role (the given ones of that role, then the ones searched for it)."""
        found = self.roles.get(role)
        if found is None:
            found = self.roles[role] = [h for h in self.given if h.role == role] + self._search(role)
        return found

    def every(self) -> list[Hit]:
        """The hits of every role."""
        return [h for role in {h.role for h in self.given} | self.searched for h in self.of(role)]

    def _search(self, role: str) -> list[Hit]:
        from clausecheck.engine.matchers import PatternSet

        if role not in self.searched:
            return []
        compiled, view = self.compiled, self.view
        # A pattern's own exceptions (role "except<i>") matter, like unless, only in a hit's sentence.
        if (role in ("near", "unless") and not compiled.rule.match.get("within")) or role.startswith("except"):
            if self._near_span is None:
                starts = [h.start for h in self.given if h.role == "any"]
                self._near_span = [s for s in self.sentences if any(s[0] <= x < s[1] for x in starts)]
            return [h for lo, hi in self._near_span
                    for h in PatternSet.role_hits(compiled, role, view, lo, hi, self.sentences)]
        return PatternSet.role_hits(compiled, role, view, 0, len(view.text), self.sentences)
