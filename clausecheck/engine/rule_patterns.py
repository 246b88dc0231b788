"""What a rule's patterns need, read once when a rule pack compiles: roles, word-key indexes, anchors, gates."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from clausecheck.engine import prefilter
from clausecheck.engine.clause_text import WORD, ClauseText, stem
from clausecheck.engine.compiled_rule import CompiledRule, _BySentence
from clausecheck.engine.prefilter import Literals
from clausecheck.model import Rule

ROLES = ("any", "all", "near", "unless")
# Attributes that need a trained pipeline: a blank tokenizer leaves them empty, so patterns never match.
_MODEL_ATTRS = {"POS", "TAG", "MORPH", "DEP", "LEMMA", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START"}


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


# Strings an exact part may have at most (a product of branches grows fast): beyond, the part is cut there.
_MAX_PHRASES = 64
# Strings a phrase factor may have at most: each is searched for in the text, the factor is dropped beyond.
_MAX_FACTOR = 8


def phrases(items: list[Any]) -> list[tuple[str, ...]]:
    """Factors of a (case-insensitive) regex over its text lower-cased with each run of whitespace made one
    space (``ClauseText.spaced``): every match holds, for each factor, one of its strings there.

    Like ``prefilter.literals``, but a whitespace item (``\\s+``, ``\\s``, a space) between exact parts is read
    as the one space it becomes, so "shall\\s+not" gives "shall not", and branches of exact parts multiply
    ("(?:may|shall)\\s+not" gives "may not", "shall not"). Only factors holding a space are returned.
    """
    found = {_minimal(f) for f in _phrase_sequence(items, {})}
    useful = [f for f in found if any(" " in s for s in f) and min(map(len, f)) >= 4 and len(f) <= _MAX_FACTOR]
    return sorted(useful, key=lambda f: (-min(map(len, f)), len(f), f))


def _minimal(factor: tuple[str, ...]) -> tuple[str, ...]:
    """The factor without the strings that hold another of its strings (a text holding them holds that one)."""
    return tuple(s for s in factor if not any(t != s and t in s for t in factor))


# Each item's exact strings, by id of the item, for one call of ``phrases`` (its parse is alive meanwhile):
# nested parts are asked for again at each level.
_Memo = dict[int, "set[str] | None"]


def _phrase_sequence(items: list[Any], memo: _Memo) -> list[tuple[str, ...]]:
    factors: list[tuple[str, ...]] = []
    chunk: set[str] | None = None
    for item in items:
        exact = _exact(item, memo)
        if exact is not None:
            joined = _product(chunk, exact) if chunk is not None else exact
            if joined is None:  # too many: what is joined so far is a factor of its own
                factors.extend(_flushed(chunk))
                joined = exact
            chunk = joined
            continue
        factors.extend(_flushed(chunk))
        chunk = None
        factors.extend(_phrase_item(item, memo))
    factors.extend(_flushed(chunk))
    return factors


def _flushed(chunk: set[str] | None) -> list[tuple[str, ...]]:
    """The factor an exact run gives (its strings without the spaces at their ends), if it never matches ""."""
    if not chunk:
        return []
    strings = {s.strip(" ") for s in chunk}
    return [] if "" in strings else [tuple(sorted(strings))]


def _product(left: set[str], right: set[str]) -> set[str] | None:
    """Every string of ``left`` followed by one of ``right`` (their spaces meeting as one), None if too many."""
    if len(left) * len(right) > _MAX_PHRASES:
        return None
    # Each string has no two spaces in a row: only where two meet can a second one appear.
    return {a + b[1:] if a[-1:] == " " and b[:1] == " " else a + b for a in left for b in right}


def _phrase_item(item: Any, memo: _Memo) -> list[tuple[str, ...]]:
    """Factors of an item that is not exact: its required parts."""
    op, av = item
    name = str(op)
    if name == "SUBPATTERN":
        return _phrase_sequence(prefilter.sub_items(av[-1]), memo)
    if name in prefilter._REPEATS and av[0] >= 1:
        return _phrase_sequence(prefilter.sub_items(av[2]), memo)
    if name == "BRANCH":
        options: list[str] = []
        for branch in av[1]:
            found = _phrase_sequence(prefilter.sub_items(branch), memo)
            if not found:
                return []
            options.extend(max(found, key=lambda f: (min(map(len, f)), -len(f))))
        return [tuple(sorted(set(options)))] if len(set(options)) <= _MAX_PHRASES else []
    return []


def _exact(item: Any, memo: _Memo) -> set[str] | None:
    """Every string (lower-cased, whitespace as one space) the item can match, or None when not few and known."""
    if id(item) not in memo:
        memo[id(item)] = _exact_item(item, memo)
    return memo[id(item)]


def _exact_item(item: Any, memo: _Memo) -> set[str] | None:
    op, av = item
    name = str(op)
    if name == "LITERAL":
        return None if av >= 128 else {" " if chr(av).isspace() else chr(av).lower()}
    if name == "IN":
        return _exact_class(av)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return {""}  # zero-width
    if name == "SUBPATTERN":
        return _exact_sequence(prefilter.sub_items(av[-1]), memo) if not av[1] and not av[2] else None
    if name == "BRANCH":
        found: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(prefilter.sub_items(branch), memo)
            if strings is None:
                return None
            found |= strings
        return found if len(found) <= _MAX_PHRASES else None
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, sub = av
        strings = _exact_sequence(prefilter.sub_items(sub), memo)
        if strings is None:
            return None
        if strings == {" "}:  # whitespace repeated: one space, or nothing when it may be absent
            return {" "} if low >= 1 else {"", " "}
        if (low, high) == (1, 1):
            return strings
        return {"", *strings} if (low, high) == (0, 1) else None
    return None


def _exact_class(members: list[Any]) -> set[str] | None:
    """The strings a character class matches: few ASCII characters, or whitespace (one space)."""
    found: set[str] = set()
    for op, av in members:
        name = str(op)
        if name == "LITERAL" and av < 128:
            found.add(" " if chr(av).isspace() else chr(av).lower())
        elif name == "CATEGORY" and str(av) == "CATEGORY_SPACE":
            found.add(" ")
        else:  # NEGATE, ranges, \w, \d, non-ASCII: too many or not exact
            return None
    return found or None


def _exact_sequence(items: list[Any], memo: _Memo) -> set[str] | None:
    strings: set[str] | None = {""}
    for item in items:
        exact = _exact(item, memo)
        if exact is None or strings is None:
            return None
        strings = _product(strings, exact)
    return strings
