"""A compiled rule's executable parts (its regexes, their fast twins, fuzzy phrases) and how they find hits.

The regex forms (Fast, Pending, Compiling) live in ``regex_forms`` and are re-exported here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from clausecheck import regex_twin
from clausecheck.engine import regex_set
from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.engine.prefilter import Literals
from clausecheck.engine.regex_forms import Compiling, Fast, Pending
from clausecheck.model import Rule


@dataclass
class CompiledRule:
    """A rule's executable parts; built once per RuleSet."""

    rule: Rule
    index: int
    gate: frozenset[str] | None  # None: no cheap keyword gate, the rule sees every clause
    # (role, pattern index, the regex (compiled on first use, see Compiling; per sentence: BySentence), gate)
    regexes: list[tuple[str, int, re.Pattern[str] | Compiling | BySentence, Literals | None]] = field(
        default_factory=list)
    fuzzies: list[tuple[str, int, str, float]] = field(default_factory=list)
    spacy_roles: set[str] = field(default_factory=set)
    any_needs_doc: bool = False  # an any-pattern (spaCy, fuzzy, anchored regex) is found only on the tokenised clause
    # The any-regexes with "^"/"$" (indexes into ``regexes``): run per sentence, so only on a tokenised clause;
    # each with its relaxed twin (see regex_twin.relaxed), built on first use, None when it has none.
    by_sentence: dict[int, re.Pattern[str] | Pending | None] = field(default_factory=dict)
    any_regex_only: bool = True  # every any-pattern is a regex: anchored ones can be ruled out before tokenising
    # Without an explicit or word gate: each any-regex's literals; the rule runs where one of them may match.
    gate_literals: tuple[Literals, ...] | None = None
    # Parallel to ``regexes``: the fast form of each (see Fast), None where only the original is exact.
    fast: list[Fast | Pending | None] = field(default_factory=list)
    parsed: list[list[Any] | None] = field(default_factory=list)  # parallel to ``regexes``: each one's parse
    # The any-regexes (indexes into ``regexes``) by a word key every match of theirs needs, those without one,
    # and each one's other needed key sets: a clause lacking the keys is never searched (see prefilter.stem_factors).
    by_key: dict[str, list[int]] = field(default_factory=dict)
    keyless: list[int] = field(default_factory=list)
    needs: dict[int, tuple[frozenset[str], ...]] = field(default_factory=dict)
    # Each indexed any-regex's literal prefilter without the factors its needed keys already prove present.
    any_gates: dict[int, Literals | None] = field(default_factory=dict)
    # For a rule whose any-patterns are all phrases or gated token patterns: per pattern, the key sets a clause
    # must meet for it to match (a phrase needs each of its long words, not just its longest); None otherwise.
    doc_needs: tuple[tuple[frozenset[str], ...], ...] | None = None
    # ``any_hits`` for safe clauses as bit tests (see clause_text.WordBits), set by rule_patterns.plan: per any-regex
    # (not anchored, in order) its index k, the WordBits masks a clause must meet (its indexed key set, its
    # other needed key sets, its alphanumeric literal factors), its other literal factors and its phrase factors
    # (engine.phrases, tested on ClauseText.spaced) (None: none; until first needed, a rule_patterns._LazyPhrases
    # with the same ``may_match_in``, which then puts the factors in its place).
    plan: tuple[tuple[int, tuple[int, ...], Literals | None, Any], ...] | None = None
    # ``gate`` as a WordBits mask, when it is the rule's whole word gate (no gate_literals); and ``doc_needs``.
    gate_mask: int | None = None
    needs_masks: tuple[tuple[int, ...], ...] | None = None
    # The context every hit needs (set by rule_patterns.context_gates), as indexes into ``regexes``: the
    # near-regexes, one of which must be able to match (None: no such test), and the all-regexes, each of which must.
    near_needed: tuple[int, ...] | None = None
    all_needed: tuple[int, ...] = ()

    def any_hits(self, clause: ClauseText) -> list[Hit]:
        """The any-regex hits in a whole clause, as ``PatternSet.role_hits(self, "any", clause, 0, end, ())``."""
        if not clause.safe:  # words of a text with an UNSAFE character may miss what re.IGNORECASE matches
            end = len(clause.text)
            hits = []
            for role, i, regex, gate in self.regexes:
                if role == "any" and not isinstance(regex, BySentence) and clause.may_match(gate, 0, end):
                    hits.extend(Hit("any", i, a, b) for a, b in regex_spans(regex, clause.text, 0, end, ()) if b > a)
            return hits
        words = clause.words
        keys = words.intersection(self.by_key)
        if not keys and not self.keyless:  # the common case: none of the rule's regexes can match here
            return []
        chosen = set(self.keyless)
        for key in keys:
            chosen.update(self.by_key[key])
        lowered, seen, end = clause.lowered, clause.seen, len(clause.text)
        hits = []
        for k in sorted(chosen):
            if not has_all(self.needs[k], words):
                continue
            gate = self.any_gates[k]
            if gate is not None and not gate.may_match_in(lowered, seen):
                continue
            _, i, regex, _ = self.regexes[k]
            fast = self.fast_at(k)
            if fast is None:
                found = list(regex_spans(regex, clause.text, 0, end, ()))
            else:  # rules share regexes: each one scans a clause once
                found = clause.found.get(id(fast))
                if found is None:
                    found = clause.found[id(fast)] = fast.spans(lowered, 0, end, clause.data)
            hits.extend(Hit("any", i, start, stop) for start, stop in found if stop > start)
        return hits

    def planned_hits(self, clause: ClauseText, present: int) -> list[Hit]:
        """``any_hits`` of a safe clause whose WordBits bits are ``present``, by ``plan``."""
        hits: list[Hit] = []
        for k in self.planned_entries(clause, present):
            hits.extend(self._regex_hits(k, clause))
        return hits

    def planned_entries(self, clause: ClauseText, present: int) -> list[int]:
        """The any-regexes (indexes k) of ``plan`` that a safe clause with WordBits bits ``present`` may match."""
        if self.plan is None:  # rule_patterns.plan sets it when a PatternSet compiles: no hits would be wrong
            raise ValueError(f"rule {self.rule.id} has no selection plan: compile it through a PatternSet")
        entries: list[int] = []
        for k, masks, rest, spaced in self.plan:
            for mask in masks:
                if not mask & present:
                    break
            else:
                if (rest is None or rest.may_match_in(clause.lowered, clause.seen)) and (
                        spaced is None or spaced.may_match_in(clause.spaced, clause.seen_spaced)):
                    entries.append(k)
        return entries

    def _regex_hits(self, k: int, clause: ClauseText) -> list[Hit]:
        """The hits of any-regex k over a whole safe clause (each regex scans a clause once)."""
        _, i, regex, _ = self.regexes[k]
        fast = self.fast_at(k)
        if fast is None:
            found: list[tuple[int, int]] | None = list(regex_spans(regex, clause.text, 0, len(clause.text), ()))
        else:
            found = clause.found.get(id(fast))
            if found is None:
                found = clause.found[id(fast)] = fast.spans(clause.lowered, 0, len(clause.text), clause.data)
        return [Hit("any", i, start, stop) for start, stop in found or () if stop > start]

    def sentences_may_match(self, clause: ClauseText) -> bool:
        """False only when no anchored any-regex can match in any sentence of the clause (see ``by_sentence``)."""
        if not clause.safe:  # the relaxed twin reads the lower-cased text
            return bool(self.by_sentence)
        for k, relaxed in self.by_sentence.items():
            gate = self.regexes[k][3]
            if gate is not None and not gate.may_match_in(clause.lowered, clause.seen):
                continue
            if isinstance(relaxed, Pending):
                relaxed = self.by_sentence[k] = regex_twin.relaxed(relaxed.source)  # rare: no shared parse
            if relaxed is None or relaxed.search(clause.lowered) is not None:
                return True
        return False

    def fast_at(self, k: int) -> Fast | None:
        """The fast form of ``regexes[k]``, built the first time it is asked for."""
        fast = self.fast[k]
        if isinstance(fast, Pending):
            fast = self.fast[k] = fast.resolve()
        return fast

    def wanted(self, clause: ClauseText) -> bool:
        """False only when none of the rule's any-patterns can match in the clause."""
        if self.gate is not None and not self.gate.isdisjoint(clause.words):
            return True
        if self.gate_literals is not None:
            end = len(clause.text)
            return any(clause.may_match(g, 0, end) for g in self.gate_literals)
        return self.gate is None

    def context_may_match(self, clause: ClauseText, screens: bool = True) -> bool:
        """False only when no hit of the rule in the clause can find the near- or all-pattern it needs (tested by
        the regexes' literals, then, if ``screens``, by their RE2 screens)."""
        if not clause.safe:
            return True
        for k in self.all_needed:
            if not self._may_match(k, clause, screens):
                return False
        if self.near_needed is None:
            return True
        for k in self.near_needed:
            if self._may_match(k, clause, screens):
                return True
        return False

    def _may_match(self, k: int, clause: ClauseText, screens: bool) -> bool:
        """False only when ``regexes[k]`` matches nowhere inside a safe clause (in no window of it, whatever the
        context): its literals are absent, or its RE2 screen, which ignores assertions, finds nothing."""
        gate = self.regexes[k][3]
        if gate is not None and not gate.may_match_in(clause.lowered, clause.seen):
            return False
        fast = self.fast_at(k) if screens else None
        if fast is None or fast.screen is None or clause.data is None:
            return True
        found = clause.screened.get(id(fast))
        if found is None:
            found = clause.screened[id(fast)] = regex_set.first(fast.screen, clause.data, 0, len(clause.data)) >= 0
        return found


def has_all(needs: tuple[frozenset[str], ...], words: frozenset[str]) -> bool:
    """True when ``words`` meets every key set of ``needs`` (a loop: a generator per regex costs more here)."""
    for keys in needs:
        if keys.isdisjoint(words):
            return False
    return True


class BySentence:
    """A regex with "^"/"$" anchors, run with each sentence (trailing space cut) as the whole string."""

    __slots__ = ("regex",)

    def __init__(self, regex: re.Pattern[str] | Compiling) -> None:
        self.regex = regex


def regex_spans(regex: re.Pattern[str] | Compiling | BySentence, text: str, lo: int, hi: int,
           sentences: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """Character spans of a regex's matches in text[lo:hi] (per sentence for an anchored regex)."""
    if not isinstance(regex, BySentence):
        return (m.span() for m in regex.finditer(text, lo, hi))
    spans = []
    for a, b in sentences or [(lo, hi)]:
        piece = text[a:b].rstrip()
        a += len(piece) - len(piece.lstrip())  # a sentence may open on a line-break token
        spans.extend((a + m.start(), a + m.end()) for m in regex.regex.finditer(piece.lstrip()))
    return spans


def fuzzy_hits(role: str, i: int, phrase: str, score: float, lowered: str,
           sentences: Sequence[tuple[int, int]]) -> list[Hit]:
    from rapidfuzz import fuzz

    hits = []
    for start, end in sentences:
        aligned = fuzz.partial_ratio_alignment(phrase, lowered[start:end], score_cutoff=score)
        if aligned is not None and aligned.dest_end > aligned.dest_start:
            hits.append(Hit(role, i, start + aligned.dest_start, start + aligned.dest_end))
    return hits


def token_bounds(doc: Any) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token (spaCy Span objects are costly to create per match)."""
    from spacy.attrs import IDX, LENGTH

    array = doc.to_array([IDX, LENGTH]).tolist()
    return [a for a, _ in array], [a + n for a, n in array]


__all__ = ["BySentence", "CompiledRule", "Compiling", "Fast", "Pending", "fuzzy_hits", "has_all", "regex_spans",
           "token_bounds"]
