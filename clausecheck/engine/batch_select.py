"""Rule selection for all of a document's clauses at once: ``select_many`` answers as ``PatternSet.select`` per
clause, minus the context-gated rules (below), but runs each regex over all the clauses that need it in a row.

Per clause, the rules' regexes ran interleaved (clause 1: regexes a, b, c; clause 2: a, c, d...), so each RE2
screen's DFA and each twin's compiled code had left the CPU caches before their next use: over the dev corpus
the ~90,000 screen calls took 0.7-0.9 CPU-s in the run against 0.3 s replayed grouped by screen. Here the word
and literal tests run first for every clause, then each regex scans its clauses in a row, then the hits are put
together in the order ``select`` gives them. Every test is a pure function of the clause, so the order in which
they run changes no result (tests/engine/test_batch_select.py compares both on random and real texts).

One test ``select`` lacks: a rule whose every hit needs a near-pattern (or all-patterns) that cannot match
anywhere in the clause (``CompiledRule.context_may_match``) is left out, as ``checker._evaluate`` would drop all
its hits; over the dev corpus that halves the rules evaluated and the clauses cut into sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.engine.compiled_rule import CompiledRule, Fast, regex_spans

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.engine.matchers import PatternSet

Selection = tuple[list[CompiledRule], dict[int, list[Hit]]]
# One clause's rules in ``select`` order: (rule, None) wanted without early hits, (rule, any-regex indexes k) to
# be wanted if those regexes hit.
_Slots = list[tuple[CompiledRule, list[int] | None]]


def select_many(patterns: PatternSet, views: Sequence[ClauseText], rules: Sequence[CompiledRule]) -> list[Selection]:
    """``[patterns.select(view, rules) for view in views]`` minus the rules whose context cannot match in a clause
    (``CompiledRule.context_may_match``), each regex scanning its clauses in a row."""
    plain: dict[int, Selection] = {}
    slots: list[_Slots | None] = []
    queue: dict[int, tuple[Fast, list[ClauseText]]] = {}  # by id of a regex's fast form: it and its clauses
    for at, view in enumerate(views):
        if not view.safe:
            plain[at] = patterns._select_plain(view, rules)
            slots.append(None)
            continue
        slots.append(_slots(patterns, view, rules, queue))
    for fast, clauses in queue.values():
        for view in clauses:  # each regex over its clauses in a row, while its automaton is still in the caches
            if id(fast) not in view.found:
                view.found[id(fast)] = fast.spans(view.lowered, 0, len(view.text), view.data)
    return [plain[at] if own is None else _assemble(own, view)
            for at, (view, own) in enumerate(zip(views, slots, strict=True))]


def _slots(patterns: PatternSet, view: ClauseText, rules: Sequence[CompiledRule],
           queue: dict[int, tuple[Fast, list[ClauseText]]]) -> _Slots:
    """``select``'s tests short of running regexes: the rules of one safe clause, and its regexes queued."""
    present = patterns.bits.of(view)
    own: _Slots = []
    for compiled in rules:
        mask = compiled.gate_mask
        if mask is not None:
            if not mask & present:
                continue
        elif not compiled.wanted(view):
            continue
        if compiled.any_needs_doc and not compiled.any_regex_only:
            needs = compiled.needs_masks
            if (needs is None or any(all(m & present for m in n) for n in needs)) and \
                    compiled.context_may_match(view):
                own.append((compiled, None))
            continue
        if compiled.by_sentence and compiled.sentences_may_match(view):
            if compiled.context_may_match(view):
                own.append((compiled, None))
            continue
        entries = compiled.planned_entries(view, present)
        # The context's literals only: its screens run after the any-regexes, which find nothing in most clauses.
        if entries and compiled.context_may_match(view, screens=False):
            own.append((compiled, entries))
            for k in entries:
                fast = compiled.fast_at(k)
                if fast is not None:
                    queue.setdefault(id(fast), (fast, []))[1].append(view)
    return own


def _assemble(own: _Slots, view: ClauseText) -> Selection:
    """The clause's wanted rules and early hits, from the spans the queued scans left in ``view.found``."""
    wanted: list[CompiledRule] = []
    early: dict[int, list[Hit]] = {}
    for compiled, entries in own:
        if entries is None:
            wanted.append(compiled)
            continue
        hits: list[Hit] = []
        for k in entries:
            _, i, regex, _ = compiled.regexes[k]
            fast = compiled.fast_at(k)
            found = view.found[id(fast)] if fast is not None else regex_spans(regex, view.text, 0, len(view.text), ())
            hits.extend(Hit("any", i, start, stop) for start, stop in found if stop > start)
        if hits and compiled.context_may_match(view):
            wanted.append(compiled)
            early[compiled.index] = hits
    return wanted, early
