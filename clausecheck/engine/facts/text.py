"""The helpers every fact reader shares: gated cues, notice periods, party roles (sentences: see splitter)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date

from clausecheck import quantities as qty
from clausecheck import regex_twin
from clausecheck.engine import prefilter
from clausecheck.engine.facts.index import SentenceIndex, merged
from clausecheck.engine.facts.splitter import (  # noqa: F401 - the readers and the package import them from here
    _ABBREV,
    _BOUNDARY,
    Sentence,
    _boundaries,
    _heading_at,
    sentences,
    split,
)
from clausecheck.quantities import Quantity

# a branch as found() runs it: its literal factors, its regex's search, and its lower-case twin's search
_Step = tuple[tuple[tuple[str, ...], ...], Callable[[str], "re.Match[str] | None"],
              Callable[[str], "re.Match[str] | None"] | None]
_TWIN_FLAGS = re.IGNORECASE | re.UNICODE  # a twin only for plain case-insensitive patterns


class _Gated:
    """A cue regex run only where the literals that every match needs occur: same answers, far fewer scans."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx, self.gate = rx, prefilter.literals(rx.pattern)
        # the gate's factors, each reduced to the literals that contain no other of its literals
        self._reduced = prefilter.Literals(tuple(tuple(a for a in f if not any(b != a and b in a for b in f))
                                                 for f in self.gate.factors) if self.gate else ())
        self._branches: list[_Gated] | None = None
        self._plan: list[_Step] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """``rx.search(text)``, skipped when it cannot match (engine.prefilter.literals)."""
        lowered = _lowered(text)
        if self.gate is not None and lowered is not None and not self.gate.may_match(lowered):
            return None
        return self.rx.search(text)

    def may(self, lowered: str | None) -> bool:
        """False when the lower-cased text (None: unsafe, see _lowered) lacks literals every match needs."""
        return lowered is None or self._reduced.may_match(lowered)

    def found(self, text: str, lowered: str | None | bool = False) -> bool:
        """``bool(rx.search(text))``: whether any top-level branch matches, each gated on its own literals.

        The gate of the whole pattern keeps only the best literal of each branch; a branch alone requires all
        of its own, so most branches are skipped without running a regex. ``lowered`` is ``_lowered(text)``
        when the caller has it.
        """
        if lowered is False:
            lowered = _lowered(text)
        plan = self._plan if self._plan is not None else self._make_plan()
        if lowered is None:  # unsafe text: no literal test is exact, every branch runs
            return any(search(text) for _, search, _ in plan)
        # a branch runs its regex only when each of its factors has a literal in the text, and then its
        # case-sensitive twin on the lower-cased text when it has one (regex_twin: same matches, faster)
        holds = prefilter.holds
        for factors, search, twin in plan:
            if holds(factors, lowered) and (twin(lowered) if twin is not None else search(text)):
                return True
        return False

    def first(self, text: str, lowered: str | None | bool = False) -> re.Match[str] | None:
        """A match with the span of ``rx.search(text)``: the earliest of the branches' (the first branch on a tie).

        At each position the alternation tries its branches in order, so its leftmost match is the branch match
        that starts first; branches that cannot match are skipped on their literals (the cues have no groups).
        """
        if lowered is False:
            lowered = _lowered(text)
        plan = self._plan if self._plan is not None else self._make_plan()
        best, best_search = None, None
        for factors, search, twin in plan:
            if lowered is not None and not prefilter.holds(factors, lowered):
                continue  # a factor without any of its literals in the text: the branch cannot match
            m = twin(lowered) if twin is not None and lowered is not None else search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best, best_search = m, search
        if best is None or best.string is text:
            return best
        return best_search(text)  # type: ignore[misc]  # the branch's own match (same span), on the text itself

    def found_at(self, index: SentenceIndex, i: int) -> bool:
        """``found(index.sents[i].text)``, each branch's literals looked up in ``index`` for all sentences at once.

        Cheaper than ``found`` where the index has already scanned for those literals (a reader's own cue).
        """
        sets = index.memo(self, lambda: [(step, set(b.candidates(index)))
                                         for b, step in zip(self._split(), self._steps(), strict=True)])
        text = index.texts[i]
        lowered = _lowered(text)
        for (_, search, twin), may in sets:
            if i in may and (twin(lowered) if twin is not None and lowered is not None else search(text)):
                return True
        return False

    def _make_plan(self) -> list[_Step]:
        """Per top-level branch: its reduced literal factors, its regex's search, its twin's search (or None)."""
        plan = []
        for b in self._split():
            twin = regex_twin.lowered(b.rx.pattern) if b.rx.flags == _TWIN_FLAGS else None
            plan.append((b._reduced.factors, b.rx.search, twin.search if twin is not None else None))
        self._plan = plan
        return plan

    def _steps(self) -> list[_Step]:
        return self._plan if self._plan is not None else self._make_plan()

    def _split(self) -> list[_Gated]:
        """The top-level branches of the regex, each gated on its own literals (itself when it has one)."""
        if self._branches is None:
            parts = _top_branches(self.rx.pattern)
            self._branches = ([self] if parts == [self.rx.pattern] else
                              [_Gated(re.compile(p, self.rx.flags)) for p in parts])
        return self._branches

    def candidates(self, index: SentenceIndex) -> list[int]:
        """Indices, in order, of the sentences of ``index`` where the regex may match (run it there).

        The union of its branches' candidates: a branch needs all of its literal factors (a sentence with
        "terminate" but none of "convenience", "without", "reason", "time" cannot match the first branch of
        _TFC), where the whole pattern's gate keeps only one factor common to all branches.
        """
        branches = self._split()
        if len(branches) < 2:  # memo: keyed by this object, cheaper to hash than the gate's literals
            return index.memo((self, "candidates"), lambda: index.where(self.gate))  # type: ignore[no-any-return]
        return index.memo((self, "candidates"),  # type: ignore[no-any-return]
                          lambda: merged(*(b.candidates(index) for b in branches)))


def _top_branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regex ("a|b(c|d)" -> ["a", "b(c|d)"]); one item when it has none.

    A pattern matches somewhere iff one of its alternatives does, unless they share a backreference (none of
    the cue patterns use one; such a pattern is kept whole).
    """
    if re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]+\)", pattern):
        return [pattern]
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # "[]...]" and "[^]...]": a leading "]" is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@functools.lru_cache(maxsize=4096)
def _lowered(text: str) -> str | None:
    """The lower-cased sentence, shared by every cue; None when case-folding defeats literal tests."""
    return text.lower() if prefilter.foldable(text) else None


# ---------------------------------------------------------------- duration helpers
_NOTICE_BEFORE = re.compile(r"(?:notice|notif\w*|within|prior|written|upon|by\s+giving|later\s+than|less\s+than|least"
                            r"|minimum\s+of|after\s+(?:receipt|the\s+date))[\s\w,()]{0,20}$", re.I)
_NOTICE_AFTER = re.compile(r"^\W{0,3}\s*(?:'s\s+|’s\s+|s'\s+|s’\s+)?"
                           r"(?:prior|advance|written|notice|in\s+advance|before|notification"
                           r"|of\s+(?:notice|the\s+receipt))", re.I)


def _is_notice(text: str, q: Quantity) -> bool:
    """True when a duration reads as a notice period ("at least ninety (90) days prior to", "30 days' notice")."""
    return bool(_NOTICE_BEFORE.search(text[max(0, q.start - 40):q.start])
                or _NOTICE_AFTER.match(text[q.end:q.end + 30]))


def _durations(text: str) -> list[Quantity]:
    return qty.find_duration_quantities(text)  # == the duration items of qty.find_quantities(text)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


def _notice_days(text: str, *, strict: bool = False) -> int | None:
    """The first notice period in ``text``; ``strict`` drops cure and response windows ("within 60 days after")."""
    for q in _durations(text):
        if strict and (re.search(r"\bwithin\s+(?:a\s+period\s+of\s+)?$", text[max(0, q.start - 25):q.start], re.I)
                       or re.match(r"\W*\s*(?:after|following|from"
                                   r"|of\s+(?:the\s+)?receipt)\b", text[q.end:q.end + 20], re.I)):
            continue
        if _is_notice(text, q):
            return qty.to_days(q)
    return None


_GENERIC_ROLES = {"customer": "customer", "client": "customer", "licensee": "customer", "buyer": "customer",
                  "subscriber": "customer", "you": "customer", "provider": "provider", "vendor": "provider",
                  "supplier": "provider", "licensor": "provider", "we": "provider", "seller": "provider"}


def _role_before(text: str, pos: int, roles: dict[str, str]) -> str | None:
    """Role of the party named closest before ``pos`` ("Customer may ...", "either Party may ...")."""
    window = text[max(0, pos - 80):pos]
    low = window.lower()
    best: tuple[int, str] | None = None
    for m in re.finditer(r"\b(?:either|each|any)\s+(?:party|of\s+the\s+parties)\b|\bboth\s+parties\b"
                         r"|\bthe\s+parties\b", low):
        best = (m.end(), "either")
    for name, role in [*roles.items(), *_GENERIC_ROLES.items()]:
        for m in re.finditer(rf"\b{re.escape(name)}\b", low):
            if best is None or m.end() > best[0]:
                best = (m.end(), role if role in ("customer", "provider") else "other")
    return best[1] if best else None

