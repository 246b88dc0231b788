"""Compile every rule's patterns once (PhraseMatcher, Matcher, regex, rapidfuzz) and run them in one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from clausecheck.model import Rule

try:  # Python 3.11+: the regex parser moved under re._parser
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

ROLES = ("any", "all", "near", "unless")
_WORD = re.compile(r"[a-z0-9]+")
# Attributes that need a trained pipeline: a blank tokenizer leaves them empty, so patterns never match.
_MODEL_ATTRS = {"POS", "TAG", "MORPH", "DEP", "LEMMA", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_STEM = 5


@dataclass(frozen=True)
class Hit:
    """One pattern match inside a clause: which role it plays and its character offsets in the clause."""

    role: str
    pattern: int
    start: int
    end: int


@dataclass
class CompiledRule:
    """A rule's executable parts; built once per RuleSet."""

    rule: Rule
    index: int
    gate: frozenset[str] | None  # None: no cheap keyword gate, the rule sees every clause
    regexes: list[tuple[str, int, re.Pattern[str]]] = field(default_factory=list)
    fuzzies: list[tuple[str, int, str, float]] = field(default_factory=list)
    spacy_roles: set[str] = field(default_factory=set)


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
        for index, rule in enumerate(rules):
            self.compiled.append(self._compile(index, rule))

    def _compile(self, index: int, rule: Rule) -> CompiledRule:
        problems = self.problems.setdefault(rule.source or rule.id, [])
        compiled = CompiledRule(rule=rule, index=index, gate=None)
        gates: list[frozenset[str] | None] = []
        for role, patterns in pattern_groups(rule):
            for i, pattern in enumerate(patterns):
                where = f"{_field(role)}[{i}]"
                gate = self._add(compiled, role, i, pattern, where, problems)
                if role == "any":
                    gates.append(gate)
        explicit = rule.match.get("gate")
        if explicit:
            compiled.gate = frozenset(stem(w.lower()) for w in explicit)
        elif gates and all(g is not None for g in gates):
            compiled.gate = frozenset(stem(w) for g in gates if g is not None for w in g)
        return compiled

    def _add(self, compiled: CompiledRule, role: str, i: int, pattern: Any, where: str,
             problems: list[str]) -> frozenset[str] | None:
        key = f"{compiled.index}|{role}|{i}"
        if isinstance(pattern, str) or "phrase" in pattern:
            text = pattern if isinstance(pattern, str) else pattern["phrase"]
            doc = self.nlp.make_doc(text)
            self.phrases.add(key, [doc])
            compiled.spacy_roles.add(role)
            words = [t.lower_ for t in doc if _WORD.fullmatch(t.lower_)]
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
            try:
                compiled_re = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                problems.append(f"{where}.regex: invalid regular expression: {exc}")
                return None
            if has_nested_quantifier(source):
                problems.append(f"{where}.regex: nested quantifiers like (a+)+ can backtrack catastrophically")
                return None
            compiled.regexes.append((role, i, compiled_re))
            return None
        compiled.fuzzies.append((role, i, pattern["fuzzy"].lower(), float(pattern.get("score", 90))))
        return None

    def hits(self, doc: Any, text: str, candidates: Iterable[CompiledRule],
             sentences: Sequence[tuple[int, int]]) -> dict[int, list[Hit]]:
        """Hits per rule index for one tokenised clause, restricted to the candidate rules."""
        wanted = {c.index: c for c in candidates}
        found: dict[int, list[Hit]] = {i: [] for i in wanted}
        if any(c.spacy_roles for c in wanted.values()):
            strings = self.nlp.vocab.strings
            for match_id, start, end in [*self.phrases(doc), *self.tokens(doc)]:
                index, role, pattern = strings[match_id].split("|")
                if int(index) in wanted:
                    span = doc[start:end]
                    found[int(index)].append(Hit(role, int(pattern), span.start_char, span.end_char))
        for compiled in wanted.values():
            found[compiled.index].extend(self.role_hits(compiled, "any", text, 0, len(text), sentences))
        for hits in found.values():
            hits.sort(key=lambda h: (h.start, h.end, h.role, h.pattern))
        return found

    @staticmethod
    def role_hits(compiled: CompiledRule, role: str, text: str, lo: int, hi: int,
                  sentences: Sequence[tuple[int, int]]) -> list[Hit]:
        """Regex and fuzzy hits of one role inside text[lo:hi]; context roles run only where an any-hit is."""
        hits = [Hit(r, i, m.start(), m.end()) for r, i, regex in compiled.regexes if r == role
                for m in regex.finditer(text, lo, hi) if m.end() > m.start()]
        inside = [(max(a, lo), min(b, hi)) for a, b in sentences if a < hi and b > lo]
        for r, i, phrase, score in compiled.fuzzies:
            if r == role:
                hits.extend(_fuzzy(r, i, phrase, score, text, inside))
        return hits


def pattern_groups(rule: Rule) -> list[tuple[str, list[Any]]]:
    """(role, patterns) pairs of a rule: match.any/all/near/unless and each protection requirement."""
    groups = [(role, list(rule.match.get(role, []))) for role in ROLES]
    requires = rule.match.get("_requires", [])
    for i, requirement in enumerate(requires):
        if isinstance(requirement, dict):
            groups.append((f"req{i}", list(requirement["any"])))
    return groups


def _field(role: str) -> str:
    return f"protection.requires[{role[3:]}].any" if role.startswith("req") else f"match.{role}"


def _fuzzy(role: str, i: int, phrase: str, score: float, text: str,
           sentences: Sequence[tuple[int, int]]) -> list[Hit]:
    from rapidfuzz import fuzz

    hits = []
    lowered = text.lower()
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
            if values and all(isinstance(v, str) and _WORD.fullmatch(v.lower()) for v in values):
                return frozenset(v.lower() for v in values)
    return None


def _model_attrs(tokens: Any) -> str | None:
    for spec in tokens if isinstance(tokens, list) else []:
        for attr in spec if isinstance(spec, dict) else []:
            if str(attr).upper() in _MODEL_ATTRS:
                return str(attr)
    return None


def has_nested_quantifier(source: str) -> bool:
    """True when an unbounded repeat contains another repeat, the shape of catastrophic backtracking."""
    try:
        parsed = _sre_parse.parse(source)
    except Exception:  # noqa: BLE001 - re.compile already reported it
        return False
    return _nested(list(parsed), inside=False)


def _nested(items: list[Any], inside: bool) -> bool:
    for op, av in items:
        name = str(op)
        if name in _REPEATS:
            low, high, sub = av
            if inside and high > 1:
                return True
            if _nested(list(sub), inside or high == MAXREPEAT):
                return True
        elif name == "SUBPATTERN":
            if _nested(list(av[-1]), inside):
                return True
        elif name == "BRANCH":
            if any(_nested(list(branch), inside) for branch in av[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _nested(list(av[1]), inside):
                return True
    return False


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def stem(word: str) -> str:
    """Gate key of a word: its first five letters, so "renew", "renewal" and "renewed" share one key."""
    return word[:_STEM]


def clause_words(text: str) -> set[str]:
    """The gate keys of the words of a text (see ``stem``)."""
    return {stem(w) for w in _WORD.findall(text.lower())}
