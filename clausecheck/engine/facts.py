"""Key terms of a contract as values: term, renewal, notice, exits, commitments, portability.

Each fact is read from one sentence; the evidence dict maps the fact name to that sentence's span so
threshold findings can quote it. Months are 30 days when converting notice periods (see quantities).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from clausecheck import quantities as qty
from clausecheck.engine import prefilter
from clausecheck.engine.language import is_heading
from clausecheck.model import Clause, Document, Facts, Span
from clausecheck.quantities import Quantity

I = re.IGNORECASE


class _Gated:
    """A cue regex run only where the literals that every match needs occur: same answers, far fewer scans."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx, self.gate = rx, prefilter.literals(rx.pattern)

    def search(self, text: str) -> re.Match[str] | None:
        """``rx.search(text)``, skipped when it cannot match (engine.prefilter.literals)."""
        lowered = _lowered(text)
        if self.gate is not None and lowered is not None and not self.gate.may_match(lowered):
            return None
        return self.rx.search(text)


@functools.lru_cache(maxsize=4096)
def _lowered(text: str) -> str | None:
    """The lower-cased sentence, shared by every cue; None when case-folding defeats literal tests."""
    return None if prefilter.UNSAFE.search(text) else text.lower()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document: offsets into document.text, its text and its clause heading."""

    start: int
    end: int
    text: str
    heading: str = ""


_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in ("Inc", "Ltd", "Co", "Corp", "No", "Nos", "Sec", "St", "Mr", "Ms", "Mrs", "Dr", "e.g", "i.e", "U.S", "vs", "Art", "p", "pp", "cf", "approx"))
# the punctuation test comes first so that most positions fail at once
_BOUNDARY = re.compile(rf"(?<=[.!?;]){_ABBREV}[\"”’)]?\s+(?=[\"“(]?[A-Z0-9(])|(?<=[.!?;][\"”’)])\s+(?=[\"“(]?[A-Z0-9(])|\n[ \t]*\n\s*")


def sentences(document: Document, clauses: Sequence[Clause] = ()) -> list[Sentence]:
    """Split the document into sentences (and blank-line separated blocks), each tagged with its clause heading."""
    text = document.text
    heads = sorted((c.span.start, c.span.end, (c.heading or "").lower()) for c in clauses)
    # A bare heading line ("2. COMMENCEMENT AND DURATION") ends a sentence even without a full stop, so the
    # term sentence below it is quoted on its own (DOCX and PDF put a single line break there).
    cuts = sorted(c.span.end for c in clauses if c.kind == "heading" or is_heading(c.text, c.heading))
    out: list[Sentence] = []
    pos = 0
    h = -1  # the last clause starting at or before the sentence
    for m in [*_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        for piece_start, piece_end in _split_at(pos, end, cuts):
            chunk = text[piece_start:piece_end]
            if chunk.strip():
                start = piece_start + len(chunk) - len(chunk.lstrip())
                while h + 1 < len(heads) and heads[h + 1][0] <= start:
                    h += 1
                out.append(Sentence(start, piece_end, " ".join(chunk.split()), _heading_at(heads, h, start)))
        pos = m.end() if m else len(text)
    return out


def _split_at(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """[start, end) cut at every offset of ``cuts`` strictly inside it."""
    pieces = []
    for cut in cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]:
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _heading_at(heads: list[tuple[int, int, str]], h: int, start: int) -> str:
    """Heading of the innermost clause holding ``start``: the latest-starting one that still covers it."""
    for i in range(h, max(-1, h - 8), -1):
        if heads[i][1] > start and heads[i][2]:
            return heads[i][2]
    return ""


# ---------------------------------------------------------------- effective date
_EFFECTIVE_CUE = re.compile(
    r"(?:effective|dated|made|entered\s+into|executed|commenc\w*|begin\w*|start\w*)"
    r"(?:\s+(?:and\s+entered\s+into|as\s+of|on|from|this|the|at|of|date|is))*\s*$", I)
_EFFECTIVE_AFTER = re.compile(r"^\s*\(?[^)]{0,25}?[\"“]?(?:Effective|Commencement)\s+Date", I)
_DEFINED_EFFECTIVE = re.compile(r"[\"“]?(?:Effective|Commencement)\s+Date[\"”]?\s*(?:of\s+(?:this|the)\s+\w+\s+)?(?:(?:shall\s+)?means?\s*:?\s*(?:the\s+)?|:\s*|is\s+|(?:shall|will)\s+be\s+)$", I)
_AGREEMENT_WORDS = re.compile(r"\b(?:agreement|contract|dated|made|entered|effective|between|executed)\b", I)


def _effective_date(sents: list[Sentence]) -> tuple[date | None, Sentence | None]:
    """The Effective Date: a date named as such, else the date the agreement is made or dated."""
    fallback: tuple[date | None, Sentence | None] = (None, None)
    for s in sents:
        for d in qty.find_dates(s.text):
            before, after = s.text[max(0, d.start - 60):d.start], s.text[d.end:d.end + 60]
            if _EFFECTIVE_AFTER.match(after) or _DEFINED_EFFECTIVE.search(before):
                return d.value, s  # type: ignore[return-value]
            if fallback[0] is None and _EFFECTIVE_CUE.search(before[-30:]) and s.start < 6000:
                fallback = (d.value, s)  # type: ignore[assignment]
    if fallback[0] is None and sents:
        head = [s for s in sents if s.start < 3000 and _AGREEMENT_WORDS.search(s.text)]  # not a filing stamp
        for s in head:
            dates = qty.find_dates(s.text)
            if dates:
                return dates[0].value, s  # type: ignore[return-value]
    return fallback


# ---------------------------------------------------------------- duration helpers
_NOTICE_BEFORE = re.compile(r"(?:notice|notif\w*|within|prior|written|upon|by\s+giving|later\s+than|less\s+than|least|minimum\s+of|after\s+(?:receipt|the\s+date))[\s\w,()]{0,20}$", I)
_NOTICE_AFTER = re.compile(r"^\W{0,3}\s*(?:'s\s+|’s\s+|s'\s+|s’\s+)?(?:prior|advance|written|notice|in\s+advance|before|notification|of\s+(?:notice|the\s+receipt))", I)


def _is_notice(text: str, q: Quantity) -> bool:
    """True when a duration reads as a notice period ("at least ninety (90) days prior to", "30 days' notice")."""
    return bool(_NOTICE_BEFORE.search(text[max(0, q.start - 40):q.start]) or _NOTICE_AFTER.match(text[q.end:q.end + 30]))


def _durations(text: str) -> list[Quantity]:
    return [q for q in qty.find_quantities(text) if q.kind == "duration"]


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


# ---------------------------------------------------------------- initial term
_TERM_CUE = _Gated(re.compile(r"\b(?:term|agreement|contract|period|expir\w*|termination\s+date)\b", I))
# the sentence is about how long the agreement lasts
_TERM_SUBJECT = _Gated(re.compile(
    r"\b(?:initial|minimum)\s+(?:\w+\s+)?(?:term|period)\b|\bterm\s+of\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)|^(?:\W*\w+\W+){0,6}?[\"“]?term[\"”]?\s+(?:\([^)]*\)\s+)?(?:shall|will|is|means|of)\b"
    r"|\b(?:this|the)\s+(?:\w+\s+){0,2}(?:agreement|contract)\s+(?:\([^)]*\)\s+)?[^.;]{0,60}?\b(?:shall|will|is|to)\s+(?:\w+\s+){0,3}?(?:commence|continue|remain|expire|terminate|end|begin"
    r"|take\s+effect|come\s+into|be\s+(?:effective|in\s+effect|for|valid)|become\s+effective|effective|have\s+a\s+(?:term|duration))"
    r"|\b(?:continue|remain)\s+in\s+(?:full\s+)?(?:force|effect)|\bfor\s+a\s+term\s+of\b|\bduration\s+of\s+(?:this|the)|\b(?:effective|valid)\s+(?:term|period)\b", I))
_OTHER_DEFINITION = _Gated(re.compile(r"^\W*(?:\d+(?:\.\d+)*\s+)?[\"“](?!(?:initial\s+)?term\b|expiration\s+date|contract\s+period|term\s+of|(?:intended\s+|scheduled\s+)?end\s+of\s+(?:the\s+)?term|termination\s+date)[^\"”]{1,40}[\"”]\s+(?:shall\s+)?means?", I))
_END_DEFINITION = _Gated(re.compile(r"[\"“]?(?:expiration|termination|end|expiry)\s+date[\"”]?\s*(?:shall\s+)?(?:means?|:|is)\s", I))
_END_NAMED = re.compile(r"\W{0,3}\(?(?:the\s+)?[\"“](?:expiration|termination|end|expiry)\s+date", I)
_DURATION_CONTEXT = re.compile(r"(?:\bfor|\bof|\bbe|\bis|\buntil|\bthrough|\bperiod|\bterm|\bcontinue|\bremain|\bextend|\bexpire|\bend(?:ing)?|\beffect|\bvalid|\bduration|\bafter|\blast)[\W\w]{0,30}$", I)
_RENEW_CUT = re.compile(r"\brenew\w*|\bsuccessive\b|\bfurther\s+(?:\w+\s+)?(?:periods?|terms?)\b|\broll(?:s|ed)?\s+over|\badditional\s+(?:\w+\s+){0,3}?(?:periods?|terms?|years?)\b|\bextension\s+(?:period|term)|\byear[\s-]to[\s-]year|\bautomatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continu)|\b(?:be|is)\s+extended\s+(?:for|by)|\bextended\s+(?:term|period)", I)
_END_DATE_CUE = re.compile(r"(?:until|through|thru|to|ending|end|ends|expire[sd]?|expiring|terminate[sd]?|terminating|concluding|conclude|later\s+of|earlier\s+of)[\s\w(),:]{0,14}$", I)
_START_DATE_CUE = re.compile(r"(?:commenc\w*|begin\w*|start\w*|effective|from|as\s+of|dated)[\s\w,]{0,12}$", I)
_NOT_AGREEMENT_TERM = _Gated(re.compile(r"\b(?:warranty|payment|patent|license\s+term|lease|employment|confidential\w*|non-?compet\w*|exclusivity\s+period|royalt\w*|survive)", I))


def _term_candidates(text: str, effective: date | None) -> list[tuple[int, int, float]]:
    """(start, end, months) candidates for the initial term in one sentence, in text order."""
    cut = _RENEW_CUT.search(text)
    head = text[: cut.start()] if cut and cut.start() > 25 else text
    found: list[tuple[int, int, float]] = []
    for q in _durations(head):
        months = qty.to_months(q)
        before, after = head[max(0, q.start - 40):q.start], head[q.end:q.end + 50]
        anniversary = "anniversar" in q.text.lower() or "year" in q.text.lower() and "end" in q.text.lower()
        if q.unit in ("day", "business_day", "week") and months < 5.5 or (_is_notice(head, q) and not anniversary):
            continue
        if anniversary:
            found.append((q.start, q.end, months))
            continue
        if re.search(r"\b(?:first|last|final|remaining|next|each|every|per|any|such|one\s+or\s+more|within|than|least|additional)\s+$", before, I):
            continue
        if re.match(r"\s*(?:\w+\s+){0,2}(?:after|following|prior|before|thereafter)\s+(?:the\s+|such\s+|any\s+)?(?:expiration|termination|end|expiry|date\s+of\s+(?:termination|expiration))", after, I):
            continue
        if not _DURATION_CONTEXT.search(before) and not re.match(r"\W*(?:from|after|following|commencing|beginning|starting|thereafter|\()", after, I):
            continue
        found.append((q.start, q.end, months))
    ends, start_date = [], None
    for d in qty.find_dates(head):
        before = head[max(0, d.start - 30):d.start]
        if _END_DATE_CUE.search(before) or _END_DEFINITION.search(head[max(0, d.start - 40):d.start]) or _END_NAMED.match(head[d.end:d.end + 40]):
            ends.append(d)
        elif start_date is None and _START_DATE_CUE.search(before):
            start_date = d.value
    base = start_date or effective
    for d in ends:
        if base is not None:
            months = qty.months_between(base, d.value)  # type: ignore[arg-type]
            if 0 < months <= 600:
                found.append((d.start, d.end, float(months)))
    return sorted(found)


def _term_start(text: str) -> date | None:
    """The date a term sentence says the term starts ("commencing on the 1st day of September 2004")."""
    for d in qty.find_dates(text):
        before = text[max(0, d.start - 30):d.start]
        if _START_DATE_CUE.search(before) and not _END_DATE_CUE.search(before):
            return d.value  # type: ignore[return-value]
    return None


def _term_score(s: Sentence) -> int:
    """How surely a sentence states the agreement's own initial term."""
    score = 0
    if _TERM_SUBJECT.search(s.text):
        score += 3
    if re.search(r"\b(?:initial|minimum)\s+(?:\w+\s+)?(?:term|period)\b|[\"“](?:initial\s+)?term[\"”]", s.text, I):
        score += 2
    if re.search(r"\bterm\b|\bduration\b|\bperiod\b", s.heading):
        score += 2
    if _END_DEFINITION.search(s.text):
        score += 3
    if _OTHER_DEFINITION.search(s.text) or _NOT_AGREEMENT_TERM.search(s.text):
        score -= 3
    if re.search(r"\bduring\s+the\s+term\b|\bsurviv", s.text, I):
        score -= 2
    if re.search(r"\b(?:pay|paid|payable|installments?|invoice[sd]?)\b", s.text, I):
        score -= 1
    return score


def _initial_term(sents: list[Sentence], effective: date | None) -> tuple[int | None, Sentence | None]:
    """Initial term in months from the best-scoring term sentence (earliest wins ties)."""
    best: tuple[int, float, Sentence] | None = None
    for s in sents:
        if len(s.text) > 1500 or not _TERM_CUE.search(s.text):
            continue
        score = _term_score(s)
        if score < 1 or (best is not None and score <= best[0]):
            continue
        cands = _term_candidates(s.text, effective)
        if cands:
            best = (score, cands[0][2], s)
    if best is None:
        return None, None
    return round(best[1]), best[2]


# ---------------------------------------------------------------- renewal
_RENEW_CUE = _Gated(re.compile(r"\brenew|\bnon-?renewal|\bextend|\bextension\b|\bsuccessive\b|\bevergreen\b|\broll(?:s|ed|ing)?\b|\bfurther\s+(?:\w+\s+)?(?:periods?|terms?)\b|\b(?:year|month)[\s-]to[\s-](?:year|month)\b|\bautomatic", I))
_AUTO = re.compile(
    r"automatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continu|roll)|(?:renew\w*|extend\w*|continue\w*)\s+(?:\w+\s+){0,2}automatically"
    r"|(?:shall|will)\s+(?:automatically\s+)?(?:renew\w*|be\s+(?:\w+ly\s+)?(?:renewed|extended))\s+(?:\w+\s+){0,3}?for\s+(?:an?\s+)?(?:successive|additional|consecutive|further|subsequent|another|one|like|\w+[\s-]+(?:\(\d+\)[\s-]+)?(?:year|month)|\d+[\s-]+(?:year|month))"
    r"|\bautomatic\s+(?:\w+[\s-]+){0,4}?(?:renewal|extension)s?\b"
    r"|(?:continue|renew)\w*\s+(?:\w+\s+){0,3}?(?:from\s+)?(?:year|month)[\s-]to[\s-](?:year|month)|\bevergreen\b|\bauto[\s-]?renew"
    r"|\btacit(?:ly)?\s+(?:be\s+)?renew|\btacit\s+renewal|\b(?:agreement|contract|term|subscription|order)\b[^.;]{0,80}?\b(?:roll(?:s|ed)?\s+over|on\s+a\s+rolling\s+(?:[\w-]+\s+)?basis)"
    r"|(?:shall|will)\s+(?:automatically\s+)?continue\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+)?(?:thereafter\s+)?for\s+(?:further|successive|additional|subsequent|consecutive)\s+(?:[\w()-]+\s+){0,3}?(?:periods?|terms?)", I)
_NO_AUTO = re.compile(r"\b(?:shall|will|does|do|may)\s+not\s+(?:be\s+)?(?:automatically\s+)?(?:renew|extend|roll\s+over)|\bno\s+(?:automatic|tacit)\s+(?:renewal|extension)"
                      r"|\bwithout\s+(?:any\s+)?automatic\s+renewal|\bnot\s+(?:be\s+)?(?:subject\s+to\s+)?automatic(?:ally)?\s+(?:renew|extend)", I)
_AUTO_UNLESS = re.compile(r"\bunless\b.{0,200}\b(?:not\s+to\s+renew|non-?renewal|terminat\w*|cancel\w*|not\s+(?:to\s+)?(?:extend|continue))", I)
_MAY_RENEW = re.compile(r"\bmay\b[^.;]{0,150}?\b(?:renew|extend)|\boption\b[^.;]{0,90}?\bto\s+(?:renew|extend)|\bright\s+to\s+(?:\w+\s+)?(?:renew|extend)"
                        r"|\b(?:renew|extend)\w*\s+(?:only\s+)?(?:upon|by|with)\s+(?:the\s+)?(?:mutual|written\s+agreement|consent)|\brenewable\b|\bmay\s+be\s+(?:renewed|extended)|\belect(?:s|ion)?\s+to\s+(?:renew|extend)", I)
_MUTUAL = re.compile(r"\bmutual(?:ly)?\b|\b(?:written\s+)?(?:agreement|consent)\s+of\s+(?:both|the|each)\s+(?:parties|party)|\bparties\s+(?:may|shall)\s+(?:\w+\s+){0,2}agree|\bby\s+(?:written\s+)?amendment|\bboth\s+parties\s+(?:agree|consent)", I)
_EVERGREEN = _Gated(re.compile(r"(?:thereafter|after\s+(?:that|the\s+initial\s+term)|indefinitely).{0,80}\buntil\s+terminated|(?:continue|remain)[^.;]{0,50}\buntil\s+(?:terminated|cancell?ed)\s+by\s+(?:either|any|each)\s+party", I))
_PERIOD_WORDS = ((re.compile(r"\b(?:annual(?:ly)?|yearly|year[\s-]to[\s-]year|(?:an|one|another)\s+(?:additional\s+|further\s+)?year)\b", I), 12),
                 (re.compile(r"\bmonth[\s-]to[\s-]month|\b(?:an|one|another)\s+(?:additional\s+)?month\b", I), 1))
_NOTICE_CTX = _Gated(re.compile(r"notice|notif|notify|prior\s+to|in\s+advance|before\s+the\s+(?:end|expir)", I))
# notices about other things: insurance policies, breaches, negotiations, price changes
_NOT_RENEWAL_NOTICE = re.compile(r"\binsur|\bpolic(?:y|ies)\b|\bcoverage\b|(?<!than\s)\bbreach|\bfails?\b|\bfailure\b|\bdefault|\bnegotiat|\bchange\s+of\s+control"
                                 r"|\b(?:charges|prices|fees|rates)\b", I)
_STOP_WORDS = _Gated(re.compile(r"terminat|renew|cancel|expir|extend|continu|\bend\b", I))


_SAME_LENGTH = re.compile(r"\b(?:equal|same|like|identical)\s+(?:length|duration|period)|\bperiods?\s+(?:of\s+time\s+)?equal\s+to\s+(?:the\s+|your\s+)?(?:initial|preceding|original|then)"
                          r"|\bsame\s+duration\s+(?:as|of)\s+the\s+(?:immediately\s+)?(?:initial|preceding)", I)
SAME_AS_INITIAL = -1  # renewal term "of equal length": resolved against the initial term in extract()


def _renewal_term(text: str) -> int | None:
    """Renewal length in months (SAME_AS_INITIAL when renewals mirror the initial term)."""
    cue = _RENEW_CUE.search(text)
    tail = text[cue.start():] if cue else text
    if _SAME_LENGTH.search(tail):
        return SAME_AS_INITIAL
    for q in _durations(tail):
        if _is_notice(tail, q) or (q.unit in ("day", "business_day", "week") and qty.to_months(q) < 0.9):
            continue
        if re.search(r"(?:initial|first|original)\s+(?:\w+\s+)?$", tail[max(0, q.start - 20):q.start], I):
            continue
        return round(qty.to_months(q))
    for rx, months in _PERIOD_WORDS:
        if rx.search(tail):
            return months
    return None


def _notice_days(text: str, *, strict: bool = False) -> int | None:
    """The first notice period in ``text``; ``strict`` drops cure and response windows ("within 60 days after")."""
    for q in _durations(text):
        if strict and (re.search(r"\bwithin\s+(?:a\s+period\s+of\s+)?$", text[max(0, q.start - 25):q.start], I)
                       or re.match(r"\W*\s*(?:after|following|from|of\s+(?:the\s+)?receipt)\b", text[q.end:q.end + 20], I)):
            continue
        if _is_notice(text, q):
            return qty.to_days(q)
    return None


_RENEW_OBJECT = re.compile(r"^\w*\s+(?:\w+\s+){0,3}?(?:agreement|term|contract|franchise|licen[cs]e|order|subscription|period)s?\b"
                           r"|^\w*\s+(?:\w+\s+){0,2}?for\s+(?:an?\s+|up\s+to\s+)?(?:additional|successive|further|renewal|subsequent|another|one|\w+\s+\(\d+\)|\d+)"
                           r"|^(?:able|d)?\s+(?:for|on|upon|by|only|at|under)\b|^\s*$", I)


def _renewal_option(text: str) -> re.Match[str] | None:
    """The words granting a renewal option ("Customer may renew this Agreement", "renewable for one year")."""
    for m in _MAY_RENEW.finditer(text):
        if _RENEW_OBJECT.search(text[m.end():m.end() + 60]):
            return m
    return None


def _elected_by(text: str, roles: dict[str, str]) -> str | None:
    """Whose election renews a non-automatic renewal: customer | provider | mutual | None (unknown party)."""
    m = _renewal_option(text)
    if not m:
        return None
    if _MUTUAL.search(text) or re.search(r"\beither\s+party|\bboth\s+parties|\bthe\s+parties\s+may", text[max(0, m.start() - 60):m.end()], I):
        return "mutual"
    role = _role_before(text, m.start() + 3, roles)
    return "mutual" if role is None else role if role in ("customer", "provider") else None


_GENERIC_ROLES = {"customer": "customer", "client": "customer", "licensee": "customer", "buyer": "customer",
                  "subscriber": "customer", "you": "customer", "provider": "provider", "vendor": "provider",
                  "supplier": "provider", "licensor": "provider", "we": "provider", "seller": "provider"}


def _role_before(text: str, pos: int, roles: dict[str, str]) -> str | None:
    """Role of the party named closest before ``pos`` ("Customer may ...", "either Party may ...")."""
    window = text[max(0, pos - 80):pos]
    low = window.lower()
    best: tuple[int, str] | None = None
    for m in re.finditer(r"\b(?:either|each|any)\s+(?:party|of\s+the\s+parties)\b|\bboth\s+parties\b|\bthe\s+parties\b", low):
        best = (m.end(), "either")
    for name, role in [*roles.items(), *_GENERIC_ROLES.items()]:
        for m in re.finditer(rf"\b{re.escape(name)}\b", low):
            if best is None or m.end() > best[0]:
                best = (m.end(), role if role in ("customer", "provider") else "other")
    return best[1] if best else None


_NOTICE_SENT = _Gated(re.compile(
    r"non-?renewal|not\s+to\s+(?:renew|extend)|(?:prior\s+to|before|in\s+advance\s+of)\s+(?:the\s+)?(?:end|expir\w*|conclusion|beginning|start|commencement|anniversary)"
    r"|(?:end|expiration)\s+of\s+(?:the\s+|any\s+|such\s+|each\s+|said\s+)?(?:initial|then|current|renewal|extended|applicable)", I))


@dataclass
class _Renewal:
    """Renewal facts while they are being read (mutable; folded into Facts by extract)."""

    auto: bool | None = None
    term: int | None = None
    elected_by: str | None = None
    notice: int | None = None
    spans: dict[str, Sentence] = field(default_factory=dict)


def _renewal(sents: list[Sentence], roles: dict[str, str]) -> _Renewal:
    """Automatic renewal, renewal length, whose election, and the notice needed to stop it."""
    r = _Renewal()
    main: int | None = None
    negated = False  # "This Agreement shall not renew automatically."
    for i, s in enumerate(sents):
        evergreen = _EVERGREEN.search(s.text)
        if len(s.text) > 2000 or not evergreen and not _RENEW_CUE.search(s.text):
            continue
        auto = bool(_AUTO.search(s.text)) or (
            bool(re.search(r"\b(?:shall|will)\s+(?:be\s+)?(?:\w+ly\s+)?(?:renew|extend)", s.text, I)) and bool(_AUTO_UNLESS.search(s.text)))
        # "continues thereafter until terminated": an evergreen tail after the initial term renews itself
        auto = auto or bool(evergreen and re.search(r"thereafter|after\s+(?:that|the|such)|indefinitely|following\s+the", s.text, I))
        if _NO_AUTO.search(s.text):
            auto, negated = False, True
        option = None if auto else _renewal_option(s.text)
        elected = _elected_by(s.text, roles) if option else None
        if not auto and option is None and not evergreen:
            continue
        if main is None or (auto and not r.auto):  # the first grant; an automatic renewal outranks an option
            main = i
            r.auto = True if auto else (False if option else None)
            r.elected_by = "automatic" if auto else elected
            r.spans["auto_renewal"] = r.spans["renewal_elected_by"] = s
        if r.term is None:
            r.term = _renewal_term(s.text)
            if r.term is not None:
                r.spans["renewal_term_months"] = s
        if r.auto and r.term is not None:
            break
    if r.auto is None and negated:
        r.auto = False
    if main is not None:  # the notice sits in the renewal sentence or next to it, given "prior to" the end
        near = [sents[main], *sents[main + 1:main + 3], *sents[max(0, main - 1):main]]
        for t in near:
            if t is sents[main] or (_NOTICE_CTX.search(t.text) and _STOP_WORDS.search(t.text)
                                    and not _NOT_RENEWAL_NOTICE.search(t.text)):
                days = _notice_days(t.text, strict=t is not sents[main])
                if days is not None:
                    r.notice = days
                    r.spans["renewal_notice_days"] = t
                    break
    if r.notice is None:
        for t in sents:  # "notice of non-renewal ... prior to the end of the then-current term" on its own
            if (_NOTICE_CTX.search(t.text) and _NOTICE_SENT.search(t.text) and _STOP_WORDS.search(t.text)
                    and not _TRANSITION.search(t.text) and not _NOT_RENEWAL_NOTICE.search(t.text)):
                days = _notice_days(t.text, strict=True)
                if days is not None:
                    r.notice = days
                    r.spans["renewal_notice_days"] = t
                    break
    return r


# ---------------------------------------------------------------- termination for convenience
_VERB = r"\b(?:terminat(?:e|ed|ing)|cancel(?:l?ed|l?ing)?)\b"
_TFC = _Gated(re.compile(
    rf"{_VERB}[^.;]{{0,120}}?\b(?:for\s+(?:its\s+|their\s+|any\s+party['’]s\s+)?convenience|without\s+(?:any\s+)?cause|with\s+or\s+without\s+cause"
    r"|for\s+any\s+(?:or\s+no\s+)?reason|for\s+no\s+reason|at\s+any\s+time\s+(?:and\s+)?(?:for\s+any|without|upon|by|on|with|in\s+its))"
    rf"|\b(?:at\s+any\s+time|for\s+any\s+reason|for\s+convenience|without\s+cause|in\s+its\s+sole\s+discretion)\b[^.;]{{0,80}}?\b(?:may|can|shall\s+(?:have\s+the\s+right|be\s+entitled)\s+to)\s+(?:\w+\s+){{0,2}}?{_VERB}", I))
# "Either party may terminate this Agreement upon ninety (90) days' written notice": a right to leave on notice alone
_ON_NOTICE = _Gated(re.compile(
    rf"{_VERB}\s+(?:this|the|these|any|an|its)\s+(?:\w+\s+){{0,3}}?(?:agreement|contract|terms|order(?:\s+form)?|subscription|engagement)s?\b[^.;]{{0,80}}?"
    r"\b(?:upon|on|by\s+(?:giving|providing|delivering|serving)|with|after|following)\s+(?:the\s+)?(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+|a\s+minimum\s+of\s+)?"
    r"(?:\w+[\s-]+){0,3}?(?:\(\d+\)\s+)?(?:(?:calendar\s+)?(?:days?|weeks?|months?)['’]?s?\s+)?(?:prior\s+|advance\s+|previous\s+)?(?:written\s+)?notice"
    rf"|\buntil\s+{_VERB}\s+by\s+(?:either|any|each)\s+party\s+(?:upon|on|by|with)\b", I))
_MODAL = re.compile(r"\b(?:may|can|(?:shall|will)\s+(?:have\s+the\s+right|be\s+entitled)\s+to|reserves?\s+the\s+right\s+to|(?:is|are)\s+entitled\s+to|(?:has|have)\s+the\s+right\s+to"
                    r"|elects?\s+to|right\s+to|until)\b[^.;]{0,50}$", I)
_EXPLICIT = re.compile(r"convenience|without\s+(?:any\s+)?cause|for\s+(?:any\s+(?:or\s+no\s+)?|no\s+)reason(?!\s+other)", I)
_CAUSE = re.compile(r"\bin\s+accordance\s+with\b|\bas\s+follows\b|:\s*$|\bby\s+(?:mutual\s+)?(?:written\s+)?(?:agreement|consent)\b|\bif\b|\bin\s+the\s+event\b|\bbreach|\bdefault|\binsolv|\bbankrupt|\bfails?\b|\bfailure\b|\bfor\s+cause\b(?!\s+or)|\bcured?\b|\bchange\s+(?:of|in)\s+control"
                    r"|\bforce\s+majeure|\bviolat|\boccurrence|\bunless\b|\bwhere\b|\bshould\b|\bin\s+case\b", I)
_BY_EITHER = re.compile(r"^[^.;]{0,60}?\bby\s+(?:either|any|each)\s+(?:party|of\s+the\s+parties)\b", I)
_BY_NAME = re.compile(r"^[^.;]{0,60}?\bby\s+(?:the\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})")
_NEGATED = re.compile(r"\b(?:may|shall|will|can|must)\s+not\s+(?:\w+\s+)?$|\bcannot\s+(?:\w+\s+)?$|\bno\s+(?:right|party)\b[^.;]{0,30}$|\bnot\s+(?:be\s+)?(?:entitled|permitted)\s+to\s+$|\bneither\s+party\b[^.;]{0,30}$", I)
_FEE = re.compile(r"(?:pay|charged?|payable|owe)\b[^.;]{0,250}?\b(?:remain\w*|remainder|unsatisfied|balance|rest)\s+(?:of|during)\b|\bcharged\s+for\s+the\s+(?:duration|remainder|rest)|\bnon-?cancell?able\b|termination\s+(?:fee|charge|payment|penalty)|early\s+termination\s+(?:fee|charge|payment)|liquidated\s+damages|(?:remaining|remainder\s+of\s+the|unpaid)\s+(?:\w+\s+){0,3}?(?:fees|commitment|payments)|not\s+relieve\s+\w+\s+(?:from|of)\s+any\s+(?:minimum\s+)?(?:commitment|payment|fee)", I)
_NO_FEE = re.compile(r"without\s+(?:any\s+|the\s+)?(?:penalty|liability|charge|payment\s+of\s+any\s+(?:early\s+)?termination\s+(?:fee|charge|penalty)|(?:early\s+)?termination\s+(?:fee|charge|penalty))"
                     r"|\bno\s+(?:early\s+)?termination\s+(?:fee|charge|penalty)|\bfree\s+of\s+(?:any\s+)?(?:penalty|charge)", I)


def _grantee(text: str, at: int, roles: dict[str, str]) -> str | None:
    """Who holds the termination right at ``at``: the subject before the verb or, in the passive, the "by X" after it."""
    passive = re.match(r"(?:terminated|cancell?ed)\b", text[at:at + 12], I)
    if passive:
        if _BY_EITHER.search(text[at:at + 120]):
            return "either"
        by = _BY_NAME.search(text[at:at + 120])
        if by:
            role = _role_before(by.group(1) + " ", len(by.group(1)) + 1, roles)
            return role or "other"
    role = _role_before(text, at, roles)
    if role is None and re.search(r"\b[A-Z][\w.&-]+\s+(?:may|shall|will|can|reserves|is\s+entitled)\b[^.;]{0,40}$", text[max(0, at - 80):at]):
        return "other"  # a named party whose role is unknown
    return role


_LOCKUP = re.compile(r"\b(?:after|following|from)\s+(?:the\s+)?(?:(?:end|expiry|expiration|expiration\s+or\s+termination)\s+of\s+the\s+)?"
                     r"(?:(?P<init>initial\s+term)\b|(?P<first>first|initial)\b|(?P<ann>[\w()]+\s+(?:\(\w+\)\s+)?anniversary))", I)


def _lockup_months(text: str, initial: int | None) -> int:
    """Months before a termination right may be used: "at any time after the first Contract Year" -> 12."""
    m = _LOCKUP.search(text)
    if not m:
        return 0
    if m.group("init"):
        return initial or 0
    if m.group("ann"):
        found = qty.find_durations(m.group(0))
        return round(qty.to_months(found[0])) if found else 0
    found = [q for q in qty.find_durations(text[m.start():m.end() + 40]) if q.start < 30]
    if found:
        return round(qty.to_months(found[0]))
    return 12 if re.match(r"\s*(?:contract\s+|calendar\s+|agreement\s+)?year", text[m.end():m.end() + 20], I) else 0


def _termination(sents: list[Sentence], roles: dict[str, str]) -> tuple[str | None, int | None, bool | None, dict[str, Sentence]]:
    """Who may terminate for convenience, on what notice, and whether a termination fee applies."""
    grants: dict[str, Sentence] = {}
    for s in sents:
        if len(s.text) > 2000:
            continue
        m = _TFC.search(s.text)
        if m is None or not _EXPLICIT.search(m.group(0)):
            m = m or _ON_NOTICE.search(s.text)
            if m is None or _CAUSE.search(s.text):
                continue  # "at any time" or "on notice" alone: a convenience right only when no cause is named
        verb = re.search(_VERB, m.group(0), I)
        at = m.start() + (verb.start() if verb else 0)
        if _NEGATED.search(s.text[max(0, at - 60):at]):
            continue  # "Customer may not terminate this Agreement for convenience"
        if not _MODAL.search(s.text[max(0, at - 80):at]) and not re.match(r"until", m.group(0), I):
            continue  # "if this Agreement is terminated for any reason": a consequence, not a right
        role = _grantee(s.text, at, roles)
        if role is not None:
            grants.setdefault(role, s)
    known = [r for r in grants if r != "other"]
    who = "either" if "either" in grants or {"customer", "provider"} <= set(grants) else next(iter(known), None)
    spans: dict[str, Sentence] = {}
    notice: int | None = None
    if who is not None:
        # the buyer's own exit matters most: prefer the sentence granting it to the customer
        s = grants.get("customer") or grants.get("either") or grants[who]
        spans["termination_for_convenience_by"] = s
        notice = _notice_days(s.text)
        if notice is not None:
            spans["termination_for_convenience_notice_days"] = s
    fee: bool | None = None
    for s in sents:
        if not re.search(r"terminat|cancel", s.text, I):
            continue
        # "without penalty and without payment of any early termination fee" states that there is none
        rest = _NO_FEE.sub(" ", s.text)
        if _FEE.search(rest):
            fee = True
            spans["termination_fee"] = s
            break
        if _NO_FEE.search(s.text) and (fee is None) and s is spans.get("termination_for_convenience_by"):
            fee = False
    return who, notice, fee, spans


# ---------------------------------------------------------------- commercial terms
_COMMIT = _Gated(re.compile(r"\bminimum\s+(?:\w+\s+){0,2}?(?:purchase|commitment|spend|order|fee|payment|revenue|volume|amount|billing|charge)s?"
                     r"|\bcommit(?:s|ted)?\s+to\s+(?:spend|purchase|pay|buy)|\btake[\s-]or[\s-]pay|\b(?:spend|volume|revenue)\s+commitment|\bshortfall", I))
_NOT_COMMITMENT = re.compile(r"\bno\s+minimum|\bnot\s+(?:be\s+)?(?:obligated|required)|\binsur\w*|\bcoverage\b|\bper\s+occurrence|\bnet\s+worth|\bcapital\b", I)
_PERIODS = ((re.compile(r"\bper\s+(?:month|calendar\s+month)|\bmonthly\b|\beach\s+(?:calendar\s+)?month", I), 1),
            (re.compile(r"\bper\s+(?:quarter|calendar\s+quarter)|\bquarterly\b|\beach\s+(?:calendar\s+)?quarter", I), 3),
            (re.compile(r"\bper\s+(?:year|annum|contract\s+year|calendar\s+year)|\bannual(?:ly)?\b|\byearly\b|\beach\s+(?:contract\s+|calendar\s+)?year", I), 12))
_SHARE = re.compile(r"(?:no\s+less\s+than|not\s+less\s+than|at\s+least|a\s+minimum\s+of|minimum\s+of|in\s+excess\s+of|more\s+than)\s*$", I)
_SHARE_OBJECT = re.compile(r"^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?of\s+(?:\w+['’]s\s+|its\s+|their\s+|the\s+|all\s+|total\s+|customer['’]s\s+)*(?:\w+\s+){0,3}?"
                           r"(?:requirements|traffic|requests|usage|volume|spend|spending|workloads?|purchases|needs|calls|tokens|inference|demand|queries|compute|business)", I)
# a cut in the buyer's prices, not any percentage that is "reduced" (royalties, overheads, purchase prices)
_DISCOUNT = re.compile(r"\bdiscount\b(?:\s+(?:of|equal\s+to|at))?[^.;%]{0,30}$|\breduce\s+(?:the\s+|all\s+|its\s+)?(?:\w+\s+){0,2}?(?:prices?|fees|rates|charges)\b[^.;%]{0,40}\bby\s*$", I)
_DISCOUNT_AFTER = re.compile(r"\s*(?:\)\s*)?(?:discount|off\s+(?:the\s+|its\s+|all\s+)?(?:\w+\s+){0,2}?(?:list|standard|published|prices?|fees|rates)|price\s+reduction)", I)
_NOT_DISCOUNT = re.compile(r"\bunderwrit|\bdiscount\s+rate|\bdiscounted\s+cash|\b(?:prompt|early)\s+payment\s+discount|\broyalt", I)


def _commercial(sents: list[Sentence], initial: int | None) -> tuple[dict[str, object], dict[str, Sentence]]:
    """Minimum commitment (amount, currency, period), minimum share of traffic, discount."""
    facts: dict[str, object] = {}
    spans: dict[str, Sentence] = {}
    for s in sents:
        cue = _COMMIT.search(s.text) if "minimum_commitment_amount" not in facts else None
        if cue and not _NOT_COMMITMENT.search(s.text):
            money = qty.find_money(s.text)
            # the amount named after the commitment words, else the last one before them
            after = [q for q in money if q.start >= cue.start()]
            amount = after[0] if after else money[-1] if money else None
            if amount is not None:
                facts["minimum_commitment_amount"] = float(amount.value)  # type: ignore[arg-type]
                facts["minimum_commitment_currency"] = amount.unit
                period = next((months for rx, months in _PERIODS if rx.search(s.text)), None)
                if period is None and re.search(r"\b(?:initial\s+)?term\b", s.text, I):
                    period = initial
                facts["minimum_commitment_period_months"] = period
                spans["minimum_commitment_amount"] = spans["minimum_commitment_currency"] = s
                if period is not None:
                    spans["minimum_commitment_period_months"] = s
        percents = [q for q in qty.find_percents(s.text)] if "%" in s.text or "cent" in s.text.lower() else []
        for q in percents:
            if "minimum_share_percent" not in facts and (_SHARE.search(s.text[max(0, q.start - 30):q.start])
                                                        and _SHARE_OBJECT.match(s.text[q.end:q.end + 80])):
                facts["minimum_share_percent"] = float(q.value)  # type: ignore[arg-type]
                spans["minimum_share_percent"] = s
            if "discount_percent" not in facts and not _NOT_DISCOUNT.search(s.text) and (
                    _DISCOUNT.search(s.text[max(0, q.start - 80):q.start]) or _DISCOUNT_AFTER.match(s.text[q.end:q.end + 40])):
                facts["discount_percent"] = float(q.value)  # type: ignore[arg-type]
                spans["discount_percent"] = s
    return facts, spans


# ---------------------------------------------------------------- portability and exit
_FORMATS = {
    "onnx": "ONNX", "safetensors": "safetensors", "gguf": "GGUF", "ggml": "GGML", "csv": "CSV", "tsv": "TSV",
    "jsonl": "JSONL", "json lines": "JSONL", "ndjson": "JSONL", "json": "JSON", "parquet": "Parquet", "xml": "XML",
    "avro": "Avro", "orc": "ORC", "sql": "SQL", "hdf5": "HDF5", "pmml": "PMML", "torchscript": "TorchScript",
    "savedmodel": "SavedModel", "pytorch": "PyTorch", "yaml": "YAML", "xlsx": "XLSX",
}
_FORMAT_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in _FORMATS), key=len, reverse=True)) + r")\b", I)
_EXPORT_CUE = _Gated(re.compile(r"\bexport|\bportab|\breturn|\bdownload|\bretriev|\bdeliver|\btransfer|\bextract|\bmigrat|\bstandard\s+formats?\b", I))
_TRANSITION = _Gated(re.compile(r"\btransition(?:al)?\s+(?:assistance|services?|period|support|plan)|\bwind[\s-]?down|\bmigration\s+(?:assistance|services?|support)"
                         r"|\b(?:exit|termination|expiration|deconversion)(?:/\w+)?\s+(?:assistance|services?|plan)|\bassist\w*\s+(?:\w+\s+){1,3}?(?:to\s+)?(?:transition|migrat|transfer)", I))
_FREE = re.compile(r"\bat\s+no\s+(?:additional\s+|extra\s+|further\s+)?(?:charge|cost|fee|expense)|\bwithout\s+(?:additional\s+|further\s+|any\s+)?(?:charge|cost|fee)"
                   r"|\bfree\s+of\s+(?:charge|cost)|\bno\s+(?:additional\s+)?(?:charge|cost|fee)s?\b|\bat\s+(?:provider|vendor|supplier|licensor)['’]s\s+(?:sole\s+)?(?:cost|expense)", I)
_PAID = re.compile(r"\bprepa(?:y|ys|id)\b|then[\s-]current\s+(?:\w+\s+){0,3}?(?:rates?|fees?|prices?|charges?)|\bfor\s+a\s+(?:reasonable\s+)?fee|\bat\s+(?:customer|client|licensee)['’]s\s+(?:sole\s+)?(?:cost|expense)"
                   r"|\b(?:standard|applicable|prevailing|hourly|daily|time[\s-]and[\s-]materials?)\s+(?:\w+\s+){0,2}?rates|\badditional\s+(?:fees|charges)|\bmutually\s+agreed\s+(?:fees|rates|charges)"
                   r"|\b(?:shall|will)\s+(?:pay|reimburse)\s+(?:\w+\s+){0,2}for\s+(?:such|any|all)|\b(?:charged|chargeable|billable|invoiced)\b|\bsubject\s+to\s+(?:the\s+)?payment", I)


def _deadline_days(text: str) -> int | None:
    """The first "within N days" / "for up to N days" period that is not a notice period."""
    for q in _durations(text):
        if _NOTICE_AFTER.match(text[q.end:q.end + 30]):
            continue
        if re.search(r"(?:within|no\s+later\s+than|not\s+later\s+than|not\s+to\s+exceed|for\s+(?:a\s+period\s+of\s+)?(?:up\s+to\s+)?|during|up\s+to|period\s+of)\s*(?:\w+\s+)?$", text[max(0, q.start - 30):q.start], I):
            return qty.to_days(q)
    return None


def _portability(sents: list[Sentence]) -> tuple[dict[str, object], dict[str, Sentence]]:
    """Export formats named, export deadline, transition assistance period and cost."""
    formats: list[str] = []
    exit_deadline = False
    facts: dict[str, object] = {}
    spans: dict[str, Sentence] = {}
    for s in sents:
        if _EXPORT_CUE.search(s.text):
            named = [_FORMATS[m.group(1).lower()] for m in _FORMAT_RE.finditer(s.text)
                     if m.group(1).isupper() or m.group(1).lower() in ("safetensors", "parquet", "json lines", "pytorch", "savedmodel", "torchscript")]
            if named:
                formats.extend(f for f in named if f not in formats)
                spans.setdefault("export_formats", s)
            on_exit = bool(re.search(r"terminat|expir|expiry|end\s+of\s+the\s+term", s.text, I))
            if (("export_deadline_days" not in facts or on_exit and not exit_deadline)
                    and re.search(r"\bexport|\bretriev|\bdownload|\breturn|\bdeliver", s.text, I)
                    and re.search(r"data|content|model|weights|adapter|configuration", s.text, I)):
                days = _deadline_days(s.text)
                if days is not None:  # the deadline on exit matters most; else the first on-demand one
                    facts["export_deadline_days"] = days
                    spans["export_deadline_days"] = s
                    exit_deadline = on_exit
        if _TRANSITION.search(s.text):
            if "transition_assistance_days" not in facts:
                days = _deadline_days(s.text)
                if days is not None:
                    facts["transition_assistance_days"] = days
                    spans["transition_assistance_days"] = s
            if "transition_assistance_cost" not in facts:
                cost = "fee" if _PAID.search(s.text) else "free" if _FREE.search(s.text) else None
                if cost:
                    facts["transition_assistance_cost"] = cost
                    spans["transition_assistance_cost"] = s
    facts["export_formats"] = tuple(formats)
    return facts, spans


# ---------------------------------------------------------------- assembly
def extract(document: Document, clauses: Sequence[Clause], roles: dict[str, str], policy: object = None) -> tuple[Facts, dict[str, Span]]:
    """Read the key terms of ``document``; returns the Facts and, per fact name, the span it was read from."""
    sents = sentences(document, clauses)
    roles = {k.lower(): v for k, v in roles.items()}
    found: dict[str, Sentence] = {}
    effective, eff_sent = _effective_date(sents)
    if eff_sent is not None:
        found["effective_date"] = eff_sent
    initial, term_sent = _initial_term(sents, effective)
    if term_sent is not None:
        found["initial_term_months"] = term_sent
        start = _term_start(term_sent.text)
        if start is not None and start != effective:
            # the term runs from the date it names ("shall begin on January 1, 2000"): that is the date
            # the notice deadline and the earliest exit count from
            effective = start
            found["effective_date"] = term_sent
    renewal = _renewal(sents, roles)
    found.update(renewal.spans)
    tfc_by, tfc_notice, fee, tfc_spans = _termination(sents, roles)
    found.update(tfc_spans)
    commercial, c_spans = _commercial(sents, initial)
    found.update(c_spans)
    portability, p_spans = _portability(sents)
    found.update(p_spans)
    free_exit = tfc_by in ("customer", "either") and fee is not True
    exit_months = initial
    if free_exit:
        exit_months = _exit_months(found["termination_for_convenience_by"].text, tfc_notice, initial)
    deadline, deadline_months = _notice_deadline(effective, initial, renewal)
    facts = Facts(
        effective_date=effective.isoformat() if effective else None,
        initial_term_months=initial,
        auto_renewal=renewal.auto,
        renewal_term_months=initial if renewal.term == SAME_AS_INITIAL else renewal.term,
        renewal_elected_by=renewal.elected_by,
        renewal_notice_days=renewal.notice,
        termination_for_convenience_by=tfc_by,
        termination_for_convenience_notice_days=tfc_notice,
        termination_fee=fee,
        minimum_commitment_amount=commercial.get("minimum_commitment_amount"),  # type: ignore[arg-type]
        minimum_commitment_currency=commercial.get("minimum_commitment_currency"),  # type: ignore[arg-type]
        minimum_commitment_period_months=commercial.get("minimum_commitment_period_months"),  # type: ignore[arg-type]
        minimum_share_percent=commercial.get("minimum_share_percent"),  # type: ignore[arg-type]
        discount_percent=commercial.get("discount_percent"),  # type: ignore[arg-type]
        export_formats=portability["export_formats"],  # type: ignore[arg-type]
        export_deadline_days=portability.get("export_deadline_days"),  # type: ignore[arg-type]
        transition_assistance_days=portability.get("transition_assistance_days"),  # type: ignore[arg-type]
        transition_assistance_cost=portability.get("transition_assistance_cost"),  # type: ignore[arg-type]
        earliest_exit_months=exit_months,
        notice_deadline=deadline,
        notice_deadline_months=deadline_months,
    )
    evidence = {name: document.span(s.start, s.end) for name, s in found.items()}
    exit_source = "termination_for_convenience_by" if free_exit else "initial_term_months"
    for derived, source in (("earliest_exit_months", exit_source), ("notice_deadline", "renewal_notice_days"),
                            ("notice_deadline_months", "renewal_notice_days")):
        if getattr(facts, derived) is not None and source in evidence:
            evidence[derived] = evidence[source]
    return facts, evidence


def _exit_months(grant: str, notice_days: int | None, initial: int | None) -> int:
    """Months from the effective date to a penalty-free exit: any lock-up, then the notice (rounded up)."""
    months = _lockup_months(grant, initial) + math.ceil((notice_days or 0) / 30)
    return min(months, initial) if initial is not None else months


def _notice_deadline(effective: date | None, initial: int | None, renewal: _Renewal) -> tuple[str | None, float | None]:
    """Date (ISO) and month by which notice must be served to stop an automatic renewal."""
    if initial is None or renewal.notice is None or renewal.auto is False:
        return None, None
    months = round(initial - renewal.notice / 30, 2)
    if effective is None:
        return None, months
    return (_add_months(effective, initial) - timedelta(days=renewal.notice)).isoformat(), months
