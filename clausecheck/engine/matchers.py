"""Compile every rule's patterns once (PhraseMatcher, Matcher, regex, rapidfuzz) and run them in one pass.

The per-rule parts live in ``compiled_rule``, the compile-time reading of patterns in ``rule_patterns``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from clausecheck import regex_twin
from clausecheck.engine.clause_text import STEM, WORD, ClauseText, Hit, stem
from clausecheck.engine.compiled_rule import (
    BySentence,
    CompiledRule,
    Compiling,
    Fast,
    Pending,
    fuzzy_hits,
    has_all,
    regex_spans,
    token_bounds,
)
from clausecheck.engine.prefilter import Literals, has_nested_quantifier, literals, parse_tree
from clausecheck.engine.rule_patterns import (
    ROLES,
    collector_paused,
    context_gates,
    field_name,
    first_line,
    gate_misses,
    index_keys,
    model_attrs,
    pattern_groups,
    plan,
    token_gate,
    uses_anchors,
)
from clausecheck.model import Rule

log = logging.getLogger(__name__)
__all__ = ["ROLES", "CompiledRule", "PatternSet", "gate_misses", "pattern_groups"]


class PatternSet:
    """All rules' patterns in one PhraseMatcher and one Matcher, plus regex and fuzzy lists."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        from clausecheck import nlp

        self.nlp = nlp.get()
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.tokens = Matcher(self.nlp.vocab, validate=True)
        self.compiled: list[CompiledRule] = []
        self.problems: dict[str, list[str]] = {}
        self._built: dict[str, Fast | None] = {}  # the fast form of each regex source, shared by all rules
        # Rules share regexes: each source is parsed and analysed once (see _analyse, index_keys).
        self._analysed: dict[str, tuple[Any, list[Any] | None, bool, Literals | None, bool]] = {}
        self._stems: dict[int, list[frozenset[str]]] = {}
        self._lazy: dict[str, Compiling] = {}  # each valid regex source, compiled when first run
        # Not errors: a rule whose own flag example is skipped by its gate words (see gate_misses).
        self.warnings: dict[str, list[str]] = {}
        with collector_paused():
            for index, rule in enumerate(rules):
                self.compiled.append(self._compile(index, rule))
                missed = gate_misses(self.compiled[-1])
                if missed:
                    self.warnings[rule.source or rule.id] = missed
                    for message in missed:
                        log.warning("warning: %s: %s", rule.source or rule.id, message)
            self.bits = plan(self.compiled)

    def _compile(self, index: int, rule: Rule) -> CompiledRule:
        problems = self.problems.setdefault(rule.source or rule.id, [])
        compiled = CompiledRule(rule=rule, index=index, gate=None)
        gates: list[frozenset[str] | Literals | None] = []
        needs: list[tuple[frozenset[str], ...] | None] = []
        for role, patterns in pattern_groups(rule):
            for i, pattern in enumerate(patterns):
                where = f"{field_name(role)}[{i}]"
                gate = self._add(compiled, role, i, pattern, where, problems)
                if role == "any":
                    gates.append(gate)
                    needs.append(self._needs(pattern, gate))
        compiled.any_regex_only = "any" not in compiled.spacy_roles and all(r != "any" for r, *_ in compiled.fuzzies)
        compiled.any_needs_doc = compiled.any_needs_doc or not compiled.any_regex_only
        index_keys(compiled, self._stems)
        context_gates(compiled)
        explicit = rule.match.get("gate")
        if needs and all(n is not None for n in needs) and not explicit:
            compiled.doc_needs = tuple(n for n in needs if n is not None)
        if explicit:
            compiled.gate = frozenset(stem(w.lower()) for w in explicit)
        elif gates and all(g is not None for g in gates):
            words = [w for g in gates if isinstance(g, frozenset) for w in g]
            compiled.gate = frozenset(stem(w) for w in words) if words else None
            literal = tuple(g for g in gates if isinstance(g, Literals))
            if literal:  # a word gate alone would wrongly skip clauses where only a regex matches
                compiled.gate_literals = literal
                compiled.gate = compiled.gate or frozenset()
        return compiled

    def _needs(self, pattern: Any, gate: frozenset[str] | Literals | None) -> tuple[frozenset[str], ...] | None:
        """The key sets every match of a phrase or token any-pattern needs (see CompiledRule.doc_needs).

        Besides its gate word, a phrase needs each of its purely alphabetic words of at least STEM letters:
        the tokenizer splits no such word out of a longer run of letters and digits (its exceptions and unit
        suffixes are shorter), so a clause whose text lacks the word's key cannot hold the phrase.
        """
        if not isinstance(gate, frozenset) or not gate or not isinstance(pattern, (str, dict)):
            return None
        if isinstance(pattern, dict) and "phrase" not in pattern and "tokens" not in pattern:
            return None
        keys = [frozenset(stem(w) for w in gate)]
        if isinstance(pattern, str) or "phrase" in pattern:
            text = pattern if isinstance(pattern, str) else pattern["phrase"]
            words = {t.lower_ for t in self.nlp.make_doc(text)}
            keys += [frozenset([stem(w)]) for w in sorted(words) if len(w) >= STEM and w.isascii() and w.isalpha()]
        return tuple(dict.fromkeys(keys))

    def _add(self, compiled: CompiledRule, role: str, i: int, pattern: Any, where: str,
             problems: list[str]) -> frozenset[str] | Literals | None:
        key = f"{compiled.index}|{role}|{i}"
        if isinstance(pattern, str) or "phrase" in pattern:
            text = pattern if isinstance(pattern, str) else pattern["phrase"]
            doc = self.nlp.make_doc(text)
            self.phrases.add(key, [doc])
            compiled.spacy_roles.add(role)
            words = [t.lower_ for t in doc if WORD.fullmatch(t.lower_)]
            return frozenset([max(words, key=len)]) if words else None
        if "tokens" in pattern:
            tokens = pattern["tokens"]
            bad = model_attrs(tokens)
            if bad:
                problems.append(f"{where}.tokens: attribute {bad} needs a trained pipeline; clausecheck "
                                "tokenises with a blank English pipeline (use LOWER, TEXT, IS_*, LIKE_NUM, REGEX)")
                return None
            try:
                self.tokens.add(key, [tokens])
            except Exception as exc:  # noqa: BLE001 - spaCy raises several types for bad patterns
                problems.append(f"{where}.tokens: invalid token pattern: {first_line(exc)}")
                return None
            compiled.spacy_roles.add(role)
            return token_gate(tokens)
        if "regex" in pattern:
            source = pattern["regex"]
            tree, parsed, nested, gate, anchored = self._analyse(source)
            try:  # from the parse already made: compiling a rule pack is mostly parsing its regexes
                compiled_re: re.Pattern[str] | Compiling = self._compiling(source, tree)
            except (re.error, OverflowError) as exc:  # OverflowError: a repeat count beyond re's limit
                problems.append(f"{where}.regex: invalid regular expression: {exc}")
                return None
            if nested:
                problems.append(f"{where}.regex: nested quantifiers like (a+)+ can backtrack catastrophically")
                return None
            if anchored:
                # "^"/"$" mean the sentence's start/end: run on each sentence as its own string, after tokenising.
                compiled_re = BySentence(compiled_re)
                if role == "any":
                    compiled.any_needs_doc = True
                    compiled.by_sentence[len(compiled.regexes)] = Pending(source, tree)
            compiled.regexes.append((role, i, compiled_re, gate))
            compiled.parsed.append(parsed)
            compiled.fast.append(None if anchored else Pending(source, tree, self._built))
            return gate
        compiled.fuzzies.append((role, i, pattern["fuzzy"].lower(), float(pattern.get("score", 90))))
        return None

    def _compiling(self, source: str, tree: Any) -> re.Pattern[str] | Compiling:
        """The regex, compiled on first use when its parse proves it valid (raises re.error now otherwise)."""
        if tree is None:
            return re.compile(source, re.IGNORECASE)  # raises: it does not parse
        if "(?<" in source:  # re checks a look-behind's width when compiling, not parsing: report it at load
            return regex_twin.compile_tree(source, tree, re.IGNORECASE)
        if source not in self._lazy:
            self._lazy[source] = Compiling(source, tree)
        return self._lazy[source]

    def _analyse(self, source: str) -> tuple[Any, list[Any] | None, bool, Literals | None, bool]:
        """A regex's parse (tree and items; None if invalid), whether it nests quantifiers, its literal
        prefilter, whether it is anchored."""
        found = self._analysed.get(source)
        if found is None:
            tree = parse_tree(source)  # once, to compile it and its twins, check its safety, find its prefilters
            if tree is None:
                found = (None, None, False, None, False)
            else:
                parsed = list(tree.data)
                # Only a regex holding '^' or '$' can be anchored; walking the parse of the other ~98% is wasted.
                anchored = ('^' in source or '$' in source) and uses_anchors(parsed)
                found = (tree, parsed, has_nested_quantifier(parsed), literals(parsed), anchored)
            self._analysed[source] = found
        return found

    def select(self, clause: ClauseText, rules: Iterable[CompiledRule]) -> tuple[list[CompiledRule],
                                                                                 dict[int, list[Hit]]]:
        """Rules that can match in a clause, and the regex any-hits already found while deciding that.

        The per-clause reference: the checker runs ``batch_select.select_many``, which answers as this does minus
        the context-gated rules (tests/engine/test_batch_select.py compares the two).

        A rule whose any-patterns are all regexes matches nothing without a regex any-hit, so the clause
        needs tokenising only when one hits, or an anchored one's relaxed twin does (or a rule has spaCy or
        fuzzy any-patterns); no result changes. Word gates are read as WordBits masks (``rule_patterns.plan``).
        """
        if not clause.safe:
            return self._select_plain(clause, rules)
        wanted: list[CompiledRule] = []
        early: dict[int, list[Hit]] = {}
        present = self.bits.of(clause)
        for compiled in rules:
            mask = compiled.gate_mask
            if mask is not None:
                if not mask & present:
                    continue
            elif not compiled.wanted(clause):
                continue
            if compiled.any_needs_doc and not compiled.any_regex_only:
                needs = compiled.needs_masks
                if needs is None or any(all(m & present for m in n) for n in needs):
                    wanted.append(compiled)
                continue
            if compiled.by_sentence and compiled.sentences_may_match(clause):
                wanted.append(compiled)  # its any-hits are found per sentence, once the clause is tokenised
                continue
            hits = compiled.planned_hits(clause, present)  # every rule of a PatternSet has its plan
            if hits:
                wanted.append(compiled)
                early[compiled.index] = hits
        return wanted, early

    @staticmethod
    def _select_plain(clause: ClauseText, rules: Iterable[CompiledRule]) -> tuple[list[CompiledRule],
                                                                                  dict[int, list[Hit]]]:
        """``select`` by each rule's own tests (for a text with an UNSAFE character, and the reference)."""
        wanted: list[CompiledRule] = []
        early: dict[int, list[Hit]] = {}
        words = clause.words
        for compiled in rules:
            if not compiled.wanted(clause):
                continue
            if compiled.any_needs_doc and not compiled.any_regex_only:
                if compiled.doc_needs is None or any(has_all(n, words) for n in compiled.doc_needs):
                    wanted.append(compiled)
                continue
            if compiled.by_sentence and compiled.sentences_may_match(clause):
                wanted.append(compiled)
                continue
            hits = compiled.any_hits(clause)
            if hits:
                wanted.append(compiled)
                early[compiled.index] = hits
        return wanted, early

    def hits(self, doc: Any, clause: ClauseText, candidates: Iterable[CompiledRule],
             sentences: Sequence[tuple[int, int]], early: dict[int, list[Hit]]) -> dict[int, list[Hit]]:
        """Hits per rule index for one tokenised clause, restricted to the candidate rules."""
        wanted = {c.index: c for c in candidates}
        found: dict[int, list[Hit]] = {i: [] for i in wanted}
        if any(c.spacy_roles for c in wanted.values()):
            strings = self.nlp.vocab.strings
            starts = None
            # An empty matcher is skipped: spaCy warns (W036) on every call to one without patterns.
            matches = [*(self.phrases(doc) if len(self.phrases) else ()),
                       *(self.tokens(doc) if len(self.tokens) else ())]
            for match_id, start, end in matches:
                index, role, pattern = strings[match_id].split("|")
                if int(index) in wanted:
                    if starts is None:
                        starts = token_bounds(doc)
                    found[int(index)].append(Hit(role, int(pattern), starts[0][start], starts[1][end - 1]))
        for compiled in wanted.values():
            known = early.get(compiled.index)
            found[compiled.index].extend(known if known is not None else
                                         self.role_hits(compiled, "any", clause, 0, len(clause.text), sentences))
        for hits in found.values():
            hits.sort(key=lambda h: (h.start, h.end, h.role, h.pattern))
        return found

    @staticmethod
    def role_hits(compiled: CompiledRule, role: str, clause: ClauseText, lo: int, hi: int,
                  sentences: Sequence[tuple[int, int]]) -> list[Hit]:
        """Regex and fuzzy hits of one role inside text[lo:hi]; context roles run only where an any-hit is."""
        text = clause.text
        inside = [(max(a, lo), min(b, hi)) for a, b in sentences if a < hi and b > lo]
        hits = []
        for k, (r, i, regex, gate) in enumerate(compiled.regexes):
            if r != role:
                continue
            if not clause.may_match(gate, lo, hi):
                continue
            fast = compiled.fast_at(k)
            found = fast.spans(clause.lowered, lo, hi, clause.data) if fast is not None and clause.safe else \
                regex_spans(regex, text, lo, hi, inside)
            hits.extend(Hit(r, i, start, end) for start, end in found if end > start)
        for r, i, phrase, score in compiled.fuzzies:
            if r == role:
                hits.extend(fuzzy_hits(r, i, phrase, score, clause.lowered, inside))
        return hits
