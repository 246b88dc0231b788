"""The Effective Date and the initial term of the agreement, in months."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from clausecheck import quantities as qty
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.facts.text import Sentence, _durations, _Gated, _is_notice, _lowered

# ---------------------------------------------------------------- effective date
_EFFECTIVE_CUE = re.compile(
    r"(?:effective|dated|made|entered\s+into|executed|commenc\w*|begin\w*|start\w*)"
    r"(?:\s+(?:and\s+entered\s+into|as\s+of|on|from|this|the|at|of|date|is))*\s*$", re.I)
_EFFECTIVE_AFTER = re.compile(r"^\s*\(?[^)]{0,25}?[\"“]?(?:Effective|Commencement)\s+Date", re.I)
_DEFINED_EFFECTIVE = re.compile(r"[\"“]?(?:Effective|Commencement)\s+Date[\"”]?\s*(?:of\s+(?:this|the)\s+\w+\s+)?"
                                r"(?:(?:shall\s+)?means?\s*:?\s*(?:the\s+)?|:\s*|is\s+|(?:shall|will)\s+be\s+)$", re.I)
_AGREEMENT_WORDS = re.compile(r"\b(?:agreement|contract|dated|made|entered|effective|between|executed)\b", re.I)


_DATE_HINT = qty.DATE_HINT
_FALLBACK_ZONE = 6000  # a date the agreement is "made" or "dated" on counts only this near the top
# every match of _EFFECTIVE_AFTER and of _DEFINED_EFFECTIVE holds one of these words
_NAMED_EFFECTIVE = ("effective", "commencement")


def _dated(sents: Sequence[Sentence], index: SentenceIndex) -> Iterator[int]:
    """Indices, in order, of the sentences whose dates _effective_date may use.

    Near the top, every sentence holding a date (the others hold none). Beyond _FALLBACK_ZONE a date can only
    be one named as the Effective or Commencement Date, so only sentences with those words are read there:
    the document is not scanned for digits to its end, nor every dated sentence parsed.
    """
    starts = getattr(sents, "starts", None)  # a SentenceList's, without making its Sentence objects
    start_of = starts.__getitem__ if starts is not None else (lambda i: sents[i].start)
    for i in index.iter_matching(_DATE_HINT):
        if start_of(i) >= _FALLBACK_ZONE:
            break
        yield i
    texts = getattr(sents, "texts", None)
    for i in index.any_of(*_NAMED_EFFECTIVE):  # unsafe sentences (see SentenceIndex) included
        if start_of(i) >= _FALLBACK_ZONE and _DATE_HINT.search(texts[i] if texts is not None else sents[i].text):
            yield i


def _effective_date(
    sents: Sequence[Sentence], index: SentenceIndex | None = None
) -> tuple[date | None, Sentence | None]:
    """The Effective Date: a date named as such, else the date the agreement is made or dated."""
    dated: list[tuple[Sentence, list[qty.Quantity]]] = []
    fallback: tuple[date | None, Sentence | None] = (None, None)
    for i in _dated(sents, index or SentenceIndex(sents)):
        s = sents[i]
        dated.append((s, qty.find_dates(s.text)))
        for d in dated[-1][1]:
            before, after = s.text[max(0, d.start - 60):d.start], s.text[d.end:d.end + 60]
            if _EFFECTIVE_AFTER.match(after) or _DEFINED_EFFECTIVE.search(before):
                return d.value, s  # type: ignore[return-value]
            if fallback[0] is None and _EFFECTIVE_CUE.search(before[-30:]) and s.start < _FALLBACK_ZONE:
                fallback = (d.value, s)  # type: ignore[assignment]
    if fallback[0] is None:
        # not a filing stamp
        head = [(s, dates) for s, dates in dated if s.start < 3000 and _AGREEMENT_WORDS.search(s.text)]
        for s, dates in head:
            if dates:
                return dates[0].value, s  # type: ignore[return-value]
    return fallback



# ---------------------------------------------------------------- initial term
_TERM_CUE = _Gated(re.compile(r"\b(?:term|agreement|contract|period|expir\w*|termination\s+date)\b", re.I))
# the sentence is about how long the agreement lasts
_TERM_SUBJECT = _Gated(re.compile(
    r"\b(?:initial|minimum)\s+(?:\w+\s+)?(?:term|period)\b"
    r"|\bterm\s+of\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)"
    r"|^(?:\W*\w+\W+){0,6}?[\"“]?term[\"”]?\s+(?:\([^)]*\)\s+)?(?:shall|will|is|means|of)\b"
    r"|\b(?:this|the)\s+(?:\w+\s+){0,2}(?:agreement|contract)\s+(?:\([^)]*\)\s+)?[^.;]{0,60}?\b(?:shall|will|is|to)\s+"
    r"(?:\w+\s+){0,3}?(?:commence|continue|remain|expire|terminate|end|begin"
    r"|take\s+effect|come\s+into|be\s+(?:effective|in\s+effect|for|valid)|become\s+effective|effective"
    r"|have\s+a\s+(?:term|duration))"
    r"|\b(?:continue|remain)\s+in\s+(?:full\s+)?(?:force|effect)|\bfor\s+a\s+term\s+of\b|\bduration\s+of\s+(?:this|the)"
    r"|\b(?:effective|valid)\s+(?:term|period)\b", re.I))
_OTHER_DEFINITION = _Gated(re.compile(r"^\W*(?:\d+(?:\.\d+)*\s+)?[\"“]"
                                      r"(?!(?:initial\s+)?term\b|expiration\s+date|contract\s+period|term\s+of"
                                      r"|(?:intended\s+|scheduled\s+)?end\s+of\s+(?:the\s+)?term"
                                      r"|termination\s+date)[^\"”]{1,40}[\"”]\s+(?:shall\s+)?means?", re.I))
_END_DEFINITION = _Gated(re.compile(r"[\"“]?(?:expiration|termination|end|expiry)\s+date[\"”]?\s*(?:shall\s+)?"
                                    r"(?:means?|:|is)\s", re.I))
_END_NAMED = re.compile(r"\W{0,3}\(?(?:the\s+)?[\"“](?:expiration|termination|end|expiry)\s+date", re.I)
_DURATION_CONTEXT = re.compile(r"(?:\bfor|\bof|\bbe|\bis|\buntil|\bthrough|\bperiod|\bterm|\bcontinue|\bremain|\bextend"
                               r"|\bexpire|\bend(?:ing)?|\beffect|\bvalid|\bduration|\bafter"
                               r"|\blast)[\W\w]{0,30}$", re.I)
_RENEW_CUT = re.compile(r"\brenew\w*|\bsuccessive\b|\bfurther\s+(?:\w+\s+)?(?:periods?|terms?)\b|\broll(?:s|ed)?\s+over"
                        r"|\badditional\s+(?:\w+\s+){0,3}?(?:periods?|terms?|years?)\b|\bextension\s+(?:period|term)"
                        r"|\byear[\s-]to[\s-]year|\bautomatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continu)"
                        r"|\b(?:be|is)\s+extended\s+(?:for|by)|\bextended\s+(?:term|period)", re.I)
_END_DATE_CUE = re.compile(r"(?:until|through|thru|to|ending|end|ends|expire[sd]?|expiring|terminate[sd]?|terminating"
                           r"|concluding|conclude|later\s+of|earlier\s+of)[\s\w(),:]{0,14}$", re.I)
_START_DATE_CUE = re.compile(r"(?:commenc\w*|begin\w*|start\w*|effective|from|as\s+of|dated)[\s\w,]{0,12}$", re.I)
_NOT_AGREEMENT_TERM = _Gated(re.compile(r"\b(?:warranty|payment|patent|license\s+term|lease|employment|confidential\w*"
                                        r"|non-?compet\w*|exclusivity\s+period|royalt\w*|survive)", re.I))


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
        if re.search(r"\b(?:first|last|final|remaining|next|each|every|per|any|such|one\s+or\s+more|within|than|least"
                     r"|additional)\s+$", before, re.I):
            continue
        if re.match(r"\s*(?:\w+\s+){0,2}(?:after|following|prior|before|thereafter)\s+(?:the\s+|such\s+|any\s+)?"
                    r"(?:expiration|termination|end|expiry|date\s+of\s+(?:termination|expiration))", after, re.I):
            continue
        if not _DURATION_CONTEXT.search(before) and not re.match(r"\W*(?:from|after|following|commencing|beginning"
                                                                 r"|starting|thereafter|\()", after, re.I):
            continue
        found.append((q.start, q.end, months))
    ends, start_date = [], None
    for d in qty.find_dates(head):
        before = head[max(0, d.start - 30):d.start]
        if (_END_DATE_CUE.search(before) or _END_DEFINITION.search(head[max(0, d.start - 40):d.start])
                or _END_NAMED.match(head[d.end:d.end + 40])):
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


_INITIAL_TERM = _Gated(re.compile(r"\b(?:initial|minimum)\s+(?:\w+\s+)?(?:term|period)\b"
                                  r"|[\"“](?:initial\s+)?term[\"”]", re.I))
_TERM_HEADING = re.compile(r"\bterm\b|\bduration\b|\bperiod\b")  # headings are lower-cased
_DURING_TERM = _Gated(re.compile(r"\bduring\s+the\s+term\b|\bsurviv", re.I))
_PAYMENT = _Gated(re.compile(r"\b(?:pay|paid|payable|installments?|invoice[sd]?)\b", re.I))


def _term_score(s: Sentence, floor: int | None = None) -> int | None:
    """How surely a sentence states the agreement's own initial term; None once it surely falls below ``floor``.

    The costly test (is the sentence about the term at all, +3) runs last and only when its 3 points could
    still lift the score to ``floor``: the caller wants only scores that beat the best so far.
    """
    low = _lowered(s.text)
    score = 0
    if _TERM_HEADING.search(s.heading):
        score += 2
    if _INITIAL_TERM.found(s.text, low):
        score += 2
    if _END_DEFINITION.found(s.text, low):
        score += 3
    if floor is not None and score + 3 < floor:
        return None
    if _OTHER_DEFINITION.found(s.text, low) or _NOT_AGREEMENT_TERM.found(s.text, low):
        score -= 3
    if _DURING_TERM.found(s.text, low):
        score -= 2
    if _PAYMENT.found(s.text, low):
        score -= 1
    if floor is not None and score + 3 < floor:
        return None
    if _TERM_SUBJECT.found(s.text, low):
        score += 3
    return None if floor is not None and score < floor else score


def _initial_term(sents: Sequence[Sentence], effective: date | None,
                  index: SentenceIndex | None = None) -> tuple[int | None, Sentence | None]:
    """Initial term in months from the best-scoring term sentence (earliest wins ties)."""
    texts = getattr(sents, "texts", None) or [s.text for s in sents]  # a SentenceList's: no Sentence made
    heading_of = getattr(sents, "heading_of", None) or (lambda i: sents[i].heading)
    # A sentence without a duration or a date yields no term candidate (_term_candidates reads only those, and
    # they sit in the head only if in the whole text), so it can never be the answer: drop it before scoring.
    index = index or SentenceIndex(sents)
    if index.raw:  # the sentence's stretch of the lower-cased document holds the same words: no text is made
        low, starts, ends = index.joined, sents.starts, sents.ends  # type: ignore[attr-defined]
        cues = [i for i in _TERM_CUE.candidates(index) if qty.may_hold_duration_lowered(low[starts[i]:ends[i]])
                and (ends[i] - starts[i] <= 1500 or len(texts[i]) <= 1500)]
    else:
        cues = [i for i in _TERM_CUE.candidates(index) if len(texts[i]) <= 1500 and qty.may_hold_duration(texts[i])]
    # The answer is the earliest of the top-scoring sentences that name a term, whatever order they are
    # scored in. Sentences under a "Term" heading go first: they usually score highest, and the score to beat
    # then rules out most other sentences after a few cheap tests (_term_score's floor).
    under_term = [bool(_TERM_HEADING.search(heading_of(i))) for i in cues]
    headed = [i for i, yes in zip(cues, under_term, strict=True) if yes]
    rest = [i for i, yes in zip(cues, under_term, strict=True) if not yes] if headed else cues
    best: tuple[int, int, float] | None = None  # score, sentence index, months
    for i in (*headed, *rest):
        s = sents[i]
        floor = 1 if best is None else best[0] + (i > best[1])  # an earlier sentence wins a tie
        score = _term_score(s, floor)  # cheaper than the cue: test it first
        if score is None or not _TERM_CUE.rx.search(s.text):
            continue
        cands = _term_candidates(s.text, effective)
        if cands:
            best = (score, i, cands[0][2])
    if best is None:
        return None, None
    return round(best[2]), sents[best[1]]
