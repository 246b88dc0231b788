"""Compile every rule's patterns once (PhraseMatcher, Matcher, regex, rapidfuzz) and run them in one pass."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from clausecheck.engine import prefilter, regex_twin
from clausecheck.engine.clause_text import STEM, WORD, ClauseText, Hit, stem
from clausecheck.engine.prefilter import Literals, has_nested_quantifier, literals, parse_tree
from clausecheck.model import Rule

log = logging.getLogger(__name__)
ROLES = ("any", "all", "near", "unless")
# Attributes that need a trained pipeline: a blank tokenizer leaves them empty, so patterns never match.
_MODEL_ATTRS = {"POS", "TAG", "MORPH", "DEP", "LEMMA", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START"}


@dataclass(frozen=True)
class _Fast:
    """A case-insensitive regex's case-sensitive twin for lower-cased text (same matches, several times faster),
    and a search for the strings its matches start with, to skip the text before the first of them."""

    twin: re.Pattern[str]
    start: re.Pattern[str] | None

    @classmethod
    def of(cls, source: str, tree: Any) -> _Fast | None:
        """The fast form of a regex (``tree``: its parse, if made), or None when it has none."""
        twin = regex_twin.lowered(source, tree)
        if twin is None:
            return None
        starts = prefilter.first_literals(prefilter.sub_items(tree) if tree is not None else source)
        return cls(twin, prefilter.starter(starts) if starts else None)

    def spans(self, lowered: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """What ``finditer`` of the original regex over text[lo:hi] finds, from the lower-cased text."""
        if self.start is not None:
            first = self.start.search(lowered, lo, hi)
            if first is None:
                return []
            lo = first.start()  # no match starts earlier, so finditer from here finds the same matches
        return [m.span() for m in self.twin.finditer(lowered, lo, hi)]


@dataclass(frozen=True)
class _Pending:
    """A regex whose fast form is built on first use: most regexes of a single review never run (their gate
    words are absent), and building every twin at load cost ~0.2 s CPU of each cold start."""

    source: str
    tree: Any  # re's parse of source (prefilter.parse_tree), shared, not modified
    built: dict[str, _Fast | None] = field(default_factory=dict, compare=False)  # shared by a PatternSet

    def resolve(self) -> _Fast | None:
        """The fast form, built once per source for all of a PatternSet's rules (rules share regexes)."""
        if self.source not in self.built:
            self.built[self.source] = _Fast.of(self.source, self.tree)
        return self.built[self.source]


@dataclass
class CompiledRule:
    """A rule's executable parts; built once per RuleSet."""

    rule: Rule
    index: int
    gate: frozenset[str] | None  # None: no cheap keyword gate, the rule sees every clause
    regexes: list[tuple[str, int, re.Pattern[str], Literals | None]] = field(default_factory=list)
    fuzzies: list[tuple[str, int, str, float]] = field(default_factory=list)
    spacy_roles: set[str] = field(default_factory=set)
    any_needs_doc: bool = False  # an any-pattern (spaCy, fuzzy, anchored regex) is found only on the tokenised clause
    # The any-regexes with "^"/"$" (indexes into ``regexes``): run per sentence, so only on a tokenised clause;
    # each with its relaxed twin (see regex_twin.relaxed), built on first use, None when it has none.
    by_sentence: dict[int, re.Pattern[str] | _Pending | None] = field(default_factory=dict)
    any_regex_only: bool = True  # every any-pattern is a regex: anchored ones can be ruled out before tokenising
    # Without an explicit or word gate: each any-regex's literals; the rule runs where one of them may match.
    gate_literals: tuple[Literals, ...] | None = None
    # Parallel to ``regexes``: the fast form of each (see _Fast), None where only the original is exact.
    fast: list[_Fast | _Pending | None] = field(default_factory=list)
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

    def any_hits(self, clause: ClauseText) -> list[Hit]:
        """The any-regex hits in a whole clause, as ``PatternSet.role_hits(self, "any", clause, 0, end, ())``."""
        if not clause.safe:  # words of a text with an UNSAFE character may miss what re.IGNORECASE matches
            end = len(clause.text)
            hits = []
            for role, i, regex, gate in self.regexes:
                if role == "any" and not isinstance(regex, _BySentence) and clause.may_match(gate, 0, end):
                    hits.extend(Hit("any", i, a, b) for a, b in _spans(regex, clause.text, 0, end, ()) if b > a)
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
            if not _has_all(self.needs[k], words):
                continue
            gate = self.any_gates[k]
            if gate is not None and not gate.may_match_in(lowered, seen):
                continue
            _, i, regex, _ = self.regexes[k]
            fast = self.fast_at(k)
            if fast is None:
                found = list(_spans(regex, clause.text, 0, end, ()))
            else:  # rules share regexes: each one scans a clause once
                found = clause.found.get(id(fast))
                if found is None:
                    found = clause.found[id(fast)] = fast.spans(lowered, 0, end)
            hits.extend(Hit("any", i, start, stop) for start, stop in found if stop > start)
        return hits

    def sentences_may_match(self, clause: ClauseText) -> bool:
        """False only when no anchored any-regex can match in any sentence of the clause (see ``by_sentence``)."""
        if not clause.safe:  # the relaxed twin reads the lower-cased text
            return bool(self.by_sentence)
        for k, relaxed in self.by_sentence.items():
            gate = self.regexes[k][3]
            if gate is not None and not gate.may_match_in(clause.lowered, clause.seen):
                continue
            if isinstance(relaxed, _Pending):
                relaxed = self.by_sentence[k] = regex_twin.relaxed(relaxed.source)  # rare: no shared parse
            if relaxed is None or relaxed.search(clause.lowered) is not None:
                return True
        return False

    def fast_at(self, k: int) -> _Fast | None:
        """The fast form of ``regexes[k]``, built the first time it is asked for."""
        fast = self.fast[k]
        if isinstance(fast, _Pending):
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
        self._built: dict[str, _Fast | None] = {}  # the fast form of each regex source, shared by all rules
        # Rules share regexes: each source is parsed and analysed once (see _analyse, _index_keys).
        self._analysed: dict[str, tuple[Any, list[Any] | None, bool, Literals | None, bool]] = {}
        self._stems: dict[int, list[frozenset[str]]] = {}
        # Not errors: a rule whose own flag example is skipped by its gate words (see gate_misses).
        self.warnings: dict[str, list[str]] = {}
        with _collector_paused():
            for index, rule in enumerate(rules):
                self.compiled.append(self._compile(index, rule))
                missed = gate_misses(self.compiled[-1])
                if missed:
                    self.warnings[rule.source or rule.id] = missed
                    for message in missed:
                        log.warning("warning: %s: %s", rule.source or rule.id, message)

    def _compile(self, index: int, rule: Rule) -> CompiledRule:
        problems = self.problems.setdefault(rule.source or rule.id, [])
        compiled = CompiledRule(rule=rule, index=index, gate=None)
        gates: list[frozenset[str] | Literals | None] = []
        needs: list[tuple[frozenset[str], ...] | None] = []
        for role, patterns in pattern_groups(rule):
            for i, pattern in enumerate(patterns):
                where = f"{_field(role)}[{i}]"
                gate = self._add(compiled, role, i, pattern, where, problems)
                if role == "any":
                    gates.append(gate)
                    needs.append(self._needs(pattern, gate))
        compiled.any_regex_only = "any" not in compiled.spacy_roles and all(r != "any" for r, *_ in compiled.fuzzies)
        compiled.any_needs_doc = compiled.any_needs_doc or not compiled.any_regex_only
        _index_keys(compiled, self._stems)
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
            bad = _model_attrs(tokens)
            if bad:
                problems.append(f"{where}.tokens: attribute {bad} needs a trained pipeline; clausecheck "
                                "tokenises with a blank English pipeline (use LOWER, TEXT, IS_*, LIKE_NUM, REGEX)")
                return None
            try:
                self.tokens.add(key, [tokens])
            except Exception as exc:  # noqa: BLE001 - spaCy raises several types for bad patterns
                problems.append(f"{where}.tokens: invalid token pattern: {_first_line(exc)}")
                return None
            compiled.spacy_roles.add(role)
            return _token_gate(tokens)
        if "regex" in pattern:
            source = pattern["regex"]
            tree, parsed, nested, gate, anchored = self._analyse(source)
            try:  # from the parse already made: compiling a rule pack is mostly parsing its regexes
                compiled_re = regex_twin.compile_tree(source, tree, re.IGNORECASE) if tree is not None else \
                    re.compile(source, re.IGNORECASE)
            except (re.error, OverflowError) as exc:  # OverflowError: a repeat count beyond re's limit
                problems.append(f"{where}.regex: invalid regular expression: {exc}")
                return None
            if nested:
                problems.append(f"{where}.regex: nested quantifiers like (a+)+ can backtrack catastrophically")
                return None
            if anchored:
                # "^"/"$" mean the sentence's start/end: run on each sentence as its own string, after tokenising.
                compiled_re = _BySentence(compiled_re)
                if role == "any":
                    compiled.any_needs_doc = True
                    compiled.by_sentence[len(compiled.regexes)] = _Pending(source, tree)
            compiled.regexes.append((role, i, compiled_re, gate))
            compiled.parsed.append(parsed)
            compiled.fast.append(None if anchored else _Pending(source, tree, self._built))
            return gate
        compiled.fuzzies.append((role, i, pattern["fuzzy"].lower(), float(pattern.get("score", 90))))
        return None

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
                anchored = ('^' in source or '$' in source) and _anchored(parsed)
                found = (tree, parsed, has_nested_quantifier(parsed), literals(parsed), anchored)
            self._analysed[source] = found
        return found

    def select(self, clause: ClauseText, rules: Iterable[CompiledRule]) -> tuple[list[CompiledRule],
                                                                                 dict[int, list[Hit]]]:
        """Rules that can match in a clause, and the regex any-hits already found while deciding that.

        A rule whose any-patterns are all regexes matches nothing without a regex any-hit, so the clause
        needs tokenising only when one hits, or an anchored one's relaxed twin does (or a rule has spaCy or
        fuzzy any-patterns); no result changes.
        """
        wanted: list[CompiledRule] = []
        early: dict[int, list[Hit]] = {}
        words = clause.words
        for compiled in rules:
            gate = compiled.gate  # compiled.wanted(clause), its common case inlined: this runs per clause and rule
            if gate is not None and compiled.gate_literals is None:
                if gate.isdisjoint(words):
                    continue
            elif not compiled.wanted(clause):
                continue
            if compiled.any_needs_doc and not compiled.any_regex_only:
                if compiled.doc_needs is None or any(_has_all(n, words) for n in compiled.doc_needs):
                    wanted.append(compiled)
                continue
            if compiled.by_sentence and compiled.sentences_may_match(clause):
                wanted.append(compiled)  # its any-hits are found per sentence, once the clause is tokenised
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
                        starts = _token_bounds(doc)
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
            found = fast.spans(clause.lowered, lo, hi) if fast is not None and clause.safe else \
                _spans(regex, text, lo, hi, inside)
            hits.extend(Hit(r, i, start, end) for start, end in found if end > start)
        for r, i, phrase, score in compiled.fuzzies:
            if r == role:
                hits.extend(_fuzzy(r, i, phrase, score, clause.lowered, inside))
        return hits


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a rule pack compiles.

    Parsing ~400 regexes makes ~100,000 short-lived, acyclic objects (freed by reference counting alone); each
    collection they trigger also walks the spaCy objects already loaded: a quarter of the compile's CPU time.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _has_all(needs: tuple[frozenset[str], ...], words: frozenset[str]) -> bool:
    """True when ``words`` meets every key set of ``needs`` (a loop: a generator per regex costs more here)."""
    for keys in needs:
        if keys.isdisjoint(words):
            return False
    return True


def _index_keys(compiled: CompiledRule, stems: dict[int, list[frozenset[str]]]) -> None:
    """Index the rule's any-regexes by the word keys they need (their rarest-looking key set, longest keys).

    ``stems`` remembers each parse's stem factors (parses are shared by the rules of a PatternSet)."""
    for k, (role, _, _, _) in enumerate(compiled.regexes):
        if role != "any" or k in compiled.by_sentence:  # anchored: see CompiledRule.sentences_may_match
            continue
        parsed = compiled.parsed[k]  # parsed once when the rule was compiled
        needed = []
        if parsed is not None:
            if id(parsed) not in stems:
                stems[id(parsed)] = prefilter.stem_factors(parsed)
            needed = stems[id(parsed)]
        factors = sorted(needed, key=lambda f: (-min(map(len, f)), len(f)))
        if not factors:
            compiled.keyless.append(k)
            compiled.needs[k] = ()
            continue
        for key in factors[0]:
            compiled.by_key.setdefault(key, []).append(k)
        compiled.needs[k] = tuple(factors[1:])
    for k, (role, _, _, gate) in enumerate(compiled.regexes):
        if role == "any" and k not in compiled.by_sentence:  # any_hits meets one key of the indexed set, then needs
            first = frozenset(key for key, indexed in compiled.by_key.items() if k in indexed)
            compiled.any_gates[k] = _unproven(gate, (first, *compiled.needs[k]))


def _unproven(gate: Literals | None, keysets: tuple[frozenset[str], ...]) -> Literals | None:
    """``gate`` without the factors that a clause meeting ``keysets`` surely holds.

    A clause with the key k has a word starting with k, so it holds every literal inside k: a factor with one
    of its strings inside every key of a set the clause meets needs no test.
    """
    if gate is None:
        return None
    left = tuple(f for f in gate.factors
                 if not any(keys and all(any(s in key for s in f) for key in keys) for keys in keysets))
    return Literals(left) if left else None


class _BySentence:
    """A regex with "^"/"$" anchors, run with each sentence (trailing space cut) as the whole string."""

    __slots__ = ("regex",)

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex


def _spans(regex: re.Pattern[str] | _BySentence, text: str, lo: int, hi: int,
           sentences: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """Character spans of a regex's matches in text[lo:hi] (per sentence for an anchored regex)."""
    if not isinstance(regex, _BySentence):
        return (m.span() for m in regex.finditer(text, lo, hi))
    spans = []
    for a, b in sentences or [(lo, hi)]:
        piece = text[a:b].rstrip()
        a += len(piece) - len(piece.lstrip())  # a sentence may open on a line-break token
        spans.extend((a + m.start(), a + m.end()) for m in regex.regex.finditer(piece.lstrip()))
    return spans


def _anchored(items: list[Any]) -> bool:
    """True when a parsed regex uses "^" or "$" (AT_BEGINNING / AT_END, in groups and lookarounds too)."""
    for op, av in items:
        name = str(op)
        if name == "AT":
            if str(av) in ("AT_BEGINNING", "AT_END"):
                return True
            continue
        if name == "SUBPATTERN":
            subs = [av[-1]]
        elif name in prefilter._REPEATS:
            subs = [av[2]]
        elif name == "BRANCH":
            subs = list(av[1])
        elif name in ("ASSERT", "ASSERT_NOT"):
            subs = [av[1]]
        elif name == "ATOMIC_GROUP":
            subs = [av]
        elif name == "GROUPREF_EXISTS":
            subs = [sub for sub in av[1:] if sub is not None]
        else:  # LITERAL, IN, ANY, CATEGORY, GROUPREF...: nothing inside
            continue
        if any(_anchored(prefilter.sub_items(sub)) for sub in subs):
            return True
    return False


def gate_misses(compiled: CompiledRule) -> list[str]:
    """Flag examples that an any-regex or phrase matches but the rule's ``gate:`` words keep from being checked.

    Such an example used to fail in ``rules test`` for a reason its author could not see: widen the gate by the
    longest matched word (so the example passes) and return one warning per example, naming the word to add.
    """
    explicit = compiled.rule.match.get("gate")
    if not explicit:
        return []
    out = []
    for i, example in enumerate(e for e in compiled.rule.examples if e.flag):
        view = ClauseText.of(example.text)
        if compiled.wanted(view):
            continue
        found = [m.group() for _, _, regex, _ in (r for r in compiled.regexes if r[0] == "any")
                 for m in [_first(regex, example.text)] if m is not None]
        found += [p if isinstance(p, str) else p["phrase"] for p in compiled.rule.match.get("any", [])
                  if (isinstance(p, str) or "phrase" in p)
                  and (p if isinstance(p, str) else p["phrase"]).lower() in view.lowered]
        words = [w for w in WORD.findall(found[0].lower())] if found else []
        if words:
            key = stem(max(words, key=len))
            # Widen the gate so the rule behaves as its author's example says; the warning asks to fix the file.
            compiled.gate = (compiled.gate or frozenset()) | {key}
            out.append(f"examples.flag[{i}]: match.gate has none of this example's words, so the rule would never "
                       f"see it although match.any matches {found[0]!r}; gate key {key!r} added for this run, add "
                       f"{max(words, key=len)!r} to match.gate")
    return out


def _first(regex: re.Pattern[str] | _BySentence, text: str) -> re.Match[str] | None:
    return (regex.regex if isinstance(regex, _BySentence) else regex).search(text)


def _token_bounds(doc: Any) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token (spaCy Span objects are costly to create per match)."""
    from spacy.attrs import IDX, LENGTH

    array = doc.to_array([IDX, LENGTH]).tolist()
    return [a for a, _ in array], [a + n for a, n in array]


def pattern_groups(rule: Rule) -> list[tuple[str, list[Any]]]:
    """(role, patterns) pairs of a rule: match.any/all/near/unless, each protection requirement, and role
    ``except<i>`` for the own exceptions of any-pattern i (``match.any[i].unless``)."""
    groups = [(role, list(rule.match.get(role, []))) for role in ROLES]
    groups += [(f"except{i}", list(p["unless"])) for i, p in enumerate(groups[0][1])
               if isinstance(p, dict) and p.get("unless")]
    requires = rule.match.get("_requires", [])
    for i, requirement in enumerate(requires):
        if isinstance(requirement, dict):
            groups.append((f"req{i}", list(requirement["any"])))
    return groups


def _field(role: str) -> str:
    if role.startswith("except"):
        return f"match.any[{role[6:]}].unless"
    return f"protection.requires[{role[3:]}].any" if role.startswith("req") else f"match.{role}"


def _fuzzy(role: str, i: int, phrase: str, score: float, lowered: str,
           sentences: Sequence[tuple[int, int]]) -> list[Hit]:
    from rapidfuzz import fuzz

    hits = []
    for start, end in sentences:
        aligned = fuzz.partial_ratio_alignment(phrase, lowered[start:end], score_cutoff=score)
        if aligned is not None and aligned.dest_end > aligned.dest_start:
            hits.append(Hit(role, i, start + aligned.dest_start, start + aligned.dest_end))
    return hits


def _token_gate(tokens: list[dict[str, Any]]) -> frozenset[str] | None:
    """Words of the first required literal token spec: a clause without any of them cannot match."""
    for spec in tokens:
        if spec.get("OP") in ("?", "*", "!"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = spec.get(attr)
            values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if values and all(isinstance(v, str) and WORD.fullmatch(v.lower()) for v in values):
                return frozenset(v.lower() for v in values)
    return None


def _model_attrs(tokens: Any) -> str | None:
    for spec in tokens if isinstance(tokens, list) else []:
        for attr in spec if isinstance(spec, dict) else []:
            if str(attr).upper() in _MODEL_ATTRS:
                return str(attr)
    return None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
