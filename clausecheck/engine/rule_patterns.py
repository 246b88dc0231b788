"""What a rule's patterns need, read once when a rule pack compiles: roles, word-key indexes, anchors, gates."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from clausecheck.engine import prefilter
from clausecheck.engine.clause_text import WORD, ClauseText, WordBits, stem
from clausecheck.engine.compiled_rule import BySentence, CompiledRule, Compiling
from clausecheck.engine.phrases import phrases
from clausecheck.engine.prefilter import Literals
from clausecheck.model import Rule

ROLES = ("any", "all", "near", "unless")
# Attributes that need a trained pipeline: a blank tokenizer leaves them empty, so patterns never match.
_MODEL_ATTRS = {"POS", "TAG", "MORPH", "DEP", "LEMMA", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START"}


@contextmanager
def collector_paused() -> Iterator[None]:
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


def index_keys(compiled: CompiledRule, stems: dict[int, list[frozenset[str]]]) -> None:
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


def uses_anchors(items: list[Any]) -> bool:
    """True when a parsed regex uses "^" or "$" (AT_BEGINNING / AT_END, in groups and lookarounds too)."""
    for op, av in items:
        name = str(op)
        if name == "AT":
            if str(av) in ("AT_BEGINNING", "AT_END"):
                return True
            continue
        if name == "SUBPATTERN":
            subs = [av[-1]]
        elif name in prefilter.REPEATS:
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
        if any(uses_anchors(prefilter.sub_items(sub)) for sub in subs):
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


def _first(regex: re.Pattern[str] | Compiling | BySentence, text: str) -> re.Match[str] | None:
    return (regex.regex if isinstance(regex, BySentence) else regex).search(text)


def pattern_groups(rule: Rule) -> list[tuple[str, list[Any]]]:
    """(role, patterns) pairs of a rule: match.any/all/near/unless, each protection requirement (role ``req<i>``,
    or ``none<i>`` for one met by absence), and role ``except<i>`` for the own exceptions of any-pattern i
    (``match.any[i].unless``)."""
    groups = [(role, list(rule.match.get(role, []))) for role in ROLES]
    groups += [(f"except{i}", list(p["unless"])) for i, p in enumerate(groups[0][1])
               if isinstance(p, dict) and p.get("unless")]
    requires = rule.match.get("_requires", [])
    for i, requirement in enumerate(requires):
        if isinstance(requirement, dict):  # role req<i>: met when a pattern occurs; none<i>: when none does
            role = f"req{i}" if "any" in requirement else f"none{i}"
            groups.append((role, list(requirement.get("any") or requirement.get("none") or [])))
    return groups


def field_name(role: str) -> str:
    if role.startswith("except"):
        return f"match.any[{role[6:]}].unless"
    if role.startswith("none"):
        return f"protection.requires[{role[4:]}].none"
    return f"protection.requires[{role[3:]}].any" if role.startswith("req") else f"match.{role}"


def token_gate(tokens: list[dict[str, Any]]) -> frozenset[str] | None:
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


def model_attrs(tokens: Any) -> str | None:
    for spec in tokens if isinstance(tokens, list) else []:
        for attr in spec if isinstance(spec, dict) else []:
            if str(attr).upper() in _MODEL_ATTRS:
                return str(attr)
    return None


def first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def plan(compiled: Sequence[CompiledRule]) -> WordBits:
    """Set each rule's ``plan`` (its any-regexes' word gates as WordBits masks) and return the WordBits."""
    keys = sorted({key for c in compiled for key in c.by_key} |
                  {key for c in compiled for needs in c.needs.values() for keys in needs for key in keys} |
                  {key for c in compiled for key in c.gate or ()} |
                  {key for c in compiled for needs in c.doc_needs or () for keys in needs for key in keys})
    literals = sorted({s for c in compiled for g in c.any_gates.values() if g is not None
                       for factor in g.factors for s in factor})
    bits = WordBits(keys, literals)
    found: dict[int, Literals | None] = {}  # phrase factors by id of a parse (rules share regexes)
    for c in compiled:
        plan = []
        for k in sorted([*c.keyless, *{k for ks in c.by_key.values() for k in ks}]):
            first = [key for key, indexed in c.by_key.items() if k in indexed]
            masks = [bits.mask(first)] if first else []
            masks += [bits.mask(keys) for keys in c.needs[k]]
            rest = []
            gate = c.any_gates[k]
            for factor in gate.factors if gate is not None else ():
                mask = bits.literal_mask(factor)
                if mask is None:
                    rest.append(factor)
                else:
                    masks.append(mask)
            parsed = c.parsed[k]
            plan.append((k, tuple(masks), Literals(tuple(rest)) if rest else None,
                         _LazyPhrases(c, len(plan), parsed, found) if parsed is not None else None))
        c.plan = tuple(plan)
        c.gate_mask = bits.mask(c.gate) if c.gate is not None and c.gate_literals is None else None
        c.needs_masks = None if c.doc_needs is None else tuple(tuple(bits.mask(keys) for keys in needs)
                                                                for needs in c.doc_needs)
    return bits


class _LazyPhrases:
    """A plan entry's phrase factors (``engine.phrases``), read from the regex's parse the first time a clause
    passes the entry's word masks: a single review reaches few of them, and reading all ~300 parses cost about
    a fifth of every cold start. Then the entry holds the factors themselves (or None), as if read at load."""

    __slots__ = ("compiled", "at", "parsed", "found")

    def __init__(self, compiled: CompiledRule, at: int, parsed: list[Any], found: dict[int, Literals | None]):
        self.compiled, self.at, self.parsed, self.found = compiled, at, parsed, found

    def resolve(self) -> Literals | None:
        """The factors as a Literals (None: none), put in place of this in the rule's plan."""
        key = id(self.parsed)  # the parse lives as long as the PatternSet, so its id stays its own
        if key not in self.found:
            spaced = tuple(phrases(self.parsed))
            self.found[key] = Literals(spaced) if spaced else None
        real = self.found[key]
        plan = self.compiled.plan or ()
        if self.at < len(plan) and plan[self.at][3] is self:
            k, masks, rest, _ = plan[self.at]
            self.compiled.plan = (*plan[:self.at], (k, masks, rest, real), *plan[self.at + 1:])
        return real

    def may_match_in(self, spaced: str, seen: dict[str, bool]) -> bool:
        """``Literals.may_match_in`` of the factors, read now."""
        real = self.resolve()
        return real is None or real.may_match_in(spaced, seen)


# The match keys whose meaning context_gates was checked against (checker._evaluate reads near/all context only
# inside the clause). A rule using any other key gets no gate: a future key that lets context come from outside the
# clause (a heading, a previous clause) would otherwise lose findings silently. tests/engine/test_batch_select.py
# fails when the schema gains a key, so whoever adds one decides here whether the gate still holds.
GATE_PROVEN_KEYS = frozenset({"any", "near", "all", "gate", "within", "near_scope", "all_scope", "scope", "negation",
                              "unless", "unless_scope", "unless_within"})


def context_gates(compiled: CompiledRule) -> None:
    """Set ``near_needed`` and ``all_needed``: indexes into ``compiled.regexes`` of the near- and all-regexes every
    hit needs around it (CompiledRule.context_may_match tests their literals, then their RE2 screens).

    ``checker._evaluate`` drops a hit whose sentence (or clause) lacks a near-pattern, or an all-pattern, unless
    the rule reads across lead-ins (match.across_items); a regex that matches nowhere in a whole clause matches
    in no window of it, so such a clause yields no hit of the rule and need not be searched. Only regexes are read:
    a rule with a near-pattern of another kind (phrase, tokens, fuzzy) or without literals gets no near test, and a
    rule using a key outside GATE_PROVEN_KEYS gets no gate at all.
    """
    match = compiled.rule.match
    if match.get("across_items") or any(not k.startswith("_") and k not in GATE_PROVEN_KEYS for k in match):
        return
    at = {(role, i): k for k, (role, i, _, _) in enumerate(compiled.regexes) if role in ("near", "all")}
    near = [at.get(("near", i)) for i in range(len(match.get("near") or ()))]
    if near and all(k is not None for k in near):
        compiled.near_needed = tuple(k for k in near if k is not None)
    compiled.all_needed = tuple(k for i in range(len(match.get("all") or ())) if (k := at.get(("all", i))) is not None)
