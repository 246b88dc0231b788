"""Renewal: automatic or on election, its length, who elects it, and the notice that stops it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from clausecheck import quantities as qty
from clausecheck.engine.facts.exit import _TRANSITION
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.facts.text import (
    Sentence,
    _durations,
    _Gated,
    _is_notice,
    _lowered,
    _notice_days,
    _role_before,
)

# ---------------------------------------------------------------- renewal
_RENEW_CUE = _Gated(re.compile(r"\brenew|\bnon-?renewal|\bextend|\bextension\b|\bsuccessive\b|\bevergreen\b"
                               r"|\broll(?:s|ed|ing)?\b|\bfurther\s+(?:\w+\s+)?(?:periods?|terms?)\b"
                               r"|\b(?:year|month)[\s-]to[\s-](?:year|month)\b|\bautomatic", re.I))
_AUTO = re.compile(
    r"automatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continu|roll)"
    r"|(?:renew\w*|extend\w*|continue\w*)\s+(?:\w+\s+){0,2}automatically"
    r"|(?:shall|will)\s+(?:automatically\s+)?(?:renew\w*|be\s+(?:\w+ly\s+)?(?:renewed|extended))\s+"
    r"(?:\w+\s+){0,3}?for\s+(?:an?\s+)?"
    r"(?:successive|additional|consecutive|further|subsequent|another|one|like"
    r"|\w+[\s-]+(?:\(\d+\)[\s-]+)?(?:year|month)|\d+[\s-]+(?:year|month))"
    r"|\bautomatic\s+(?:\w+[\s-]+){0,4}?(?:renewal|extension)s?\b"
    r"|(?:continue|renew)\w*\s+(?:\w+\s+){0,3}?(?:from\s+)?(?:year|month)[\s-]to[\s-](?:year|month)|\bevergreen\b"
    r"|\bauto[\s-]?renew"
    r"|\btacit(?:ly)?\s+(?:be\s+)?renew|\btacit\s+renewal"
    r"|\b(?:agreement|contract|term|subscription|order)\b[^.;]{0,80}?\b"
    r"(?:roll(?:s|ed)?\s+over|on\s+a\s+rolling\s+(?:[\w-]+\s+)?basis)"
    r"|(?:shall|will)\s+(?:automatically\s+)?continue\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+)?"
    r"(?:thereafter\s+)?for\s+(?:further|successive|additional|subsequent|consecutive)\s+(?:[\w()-]+\s+){0,3}?"
    r"(?:periods?|terms?)", re.I)
_NO_AUTO = re.compile(r"\b(?:shall|will|does|do|may)\s+not\s+(?:be\s+)?(?:automatically\s+)?"
                      r"(?:renew|extend|roll\s+over)|\bno\s+(?:automatic|tacit)\s+(?:renewal|extension)"
                      r"|\bwithout\s+(?:any\s+)?automatic\s+renewal"
                      r"|\bnot\s+(?:be\s+)?(?:subject\s+to\s+)?automatic(?:ally)?\s+(?:renew|extend)", re.I)
_AUTO_UNLESS = re.compile(r"\bunless\b.{0,200}\b"
                          r"(?:not\s+to\s+renew|non-?renewal|terminat\w*|cancel\w*"
                          r"|not\s+(?:to\s+)?(?:extend|continue))", re.I)
_MAY_RENEW = re.compile(r"\bmay\b[^.;]{0,150}?\b(?:renew|extend)|\boption\b[^.;]{0,90}?\bto\s+(?:renew|extend)"
                        r"|\bright\s+to\s+(?:\w+\s+)?(?:renew|extend)"
                        r"|\b(?:renew|extend)\w*\s+(?:only\s+)?(?:upon|by|with)\s+(?:the\s+)?"
                        r"(?:mutual|written\s+agreement|consent)|\brenewable\b|\bmay\s+be\s+(?:renewed|extended)"
                        r"|\belect(?:s|ion)?\s+to\s+(?:renew|extend)", re.I)
_MUTUAL = re.compile(r"\bmutual(?:ly)?\b"
                     r"|\b(?:written\s+)?(?:agreement|consent)\s+of\s+(?:both|the|each)\s+(?:parties|party)"
                     r"|\bparties\s+(?:may|shall)\s+(?:\w+\s+){0,2}agree|\bby\s+(?:written\s+)?amendment"
                     r"|\bboth\s+parties\s+(?:agree|consent)", re.I)
_EVERGREEN = _Gated(re.compile(
    r"(?:thereafter|after\s+(?:that|the\s+initial\s+term)|indefinitely).{0,80}\buntil\s+terminated"
    r"|(?:continue|remain)[^.;]{0,50}\buntil\s+(?:terminated|cancell?ed)\s+by\s+(?:either|any|each)\s+party", re.I))
_PERIOD_WORDS = ((re.compile(r"\b(?:annual(?:ly)?|yearly|year[\s-]to[\s-]year"
                             r"|(?:an|one|another)\s+(?:additional\s+|further\s+)?year)\b", re.I), 12),
                 (re.compile(r"\bmonth[\s-]to[\s-]month|\b(?:an|one|another)\s+(?:additional\s+)?month\b", re.I), 1))
_NOTICE_CTX = _Gated(re.compile(r"notice|notif|notify|prior\s+to|in\s+advance|before\s+the\s+(?:end|expir)", re.I))
# notices about other things: insurance policies, breaches, negotiations, price changes
_NOT_RENEWAL_NOTICE = re.compile(r"\binsur|\bpolic(?:y|ies)\b|\bcoverage\b|(?<!than\s)\bbreach|\bfails?\b|\bfailure\b"
                                 r"|\bdefault|\bnegotiat|\bchange\s+of\s+control"
                                 r"|\b(?:charges|prices|fees|rates)\b", re.I)
_STOP_WORDS = _Gated(re.compile(r"terminat|renew|cancel|expir|extend|continu|\bend\b", re.I))

# the same regexes, gated for the sentences that cannot match them (text._Gated)
_AUTO_CUE, _NO_AUTO_CUE, _NOT_RENEWAL_NOTICE_CUE = _Gated(_AUTO), _Gated(_NO_AUTO), _Gated(_NOT_RENEWAL_NOTICE)
_SHALL_RENEW = re.compile(r"\b(?:shall|will)\s+(?:be\s+)?(?:\w+ly\s+)?(?:renew|extend)", re.I)
_EVERGREEN_TAIL = re.compile(r"thereafter|after\s+(?:that|the|such)|indefinitely|following\s+the", re.I)


_SAME_LENGTH = re.compile(r"\b(?:equal|same|like|identical)\s+(?:length|duration|period)"
                          r"|\bperiods?\s+(?:of\s+time\s+)?equal\s+to\s+(?:the\s+|your\s+)?"
                          r"(?:initial|preceding|original|then)"
                          r"|\bsame\s+duration\s+(?:as|of)\s+the\s+(?:immediately\s+)?(?:initial|preceding)", re.I)
SAME_AS_INITIAL = -1  # renewal term "of equal length": resolved against the initial term in extract()


def _renewal_term(text: str) -> int | None:
    """Renewal length in months (SAME_AS_INITIAL when renewals mirror the initial term)."""
    cue = _RENEW_CUE.first(text)
    tail = text[cue.start():] if cue else text
    if _SAME_LENGTH.search(tail):
        return SAME_AS_INITIAL
    for q in _durations(tail):
        if _is_notice(tail, q) or (q.unit in ("day", "business_day", "week") and qty.to_months(q) < 0.9):
            continue
        if re.search(r"(?:initial|first|original)\s+(?:\w+\s+)?$", tail[max(0, q.start - 20):q.start], re.I):
            continue
        return round(qty.to_months(q))
    for rx, months in _PERIOD_WORDS:
        if rx.search(tail):
            return months
    return None


_RENEW_OBJECT = re.compile(r"^\w*\s+(?:\w+\s+){0,3}?"
                           r"(?:agreement|term|contract|franchise|licen[cs]e|order|subscription|period)s?\b"
                           r"|^\w*\s+(?:\w+\s+){0,2}?for\s+(?:an?\s+|up\s+to\s+)?"
                           r"(?:additional|successive|further|renewal|subsequent|another|one|\w+\s+\(\d+\)|\d+)"
                           r"|^(?:able|d)?\s+(?:for|on|upon|by|only|at|under)\b|^\s*$", re.I)


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
    if _MUTUAL.search(text) or re.search(r"\beither\s+party|\bboth\s+parties"
                                         r"|\bthe\s+parties\s+may", text[max(0, m.start() - 60):m.end()], re.I):
        return "mutual"
    role = _role_before(text, m.start() + 3, roles)
    return "mutual" if role is None else role if role in ("customer", "provider") else None


_NOTICE_SENT = _Gated(re.compile(
    r"non-?renewal|not\s+to\s+(?:renew|extend)"
    r"|(?:prior\s+to|before|in\s+advance\s+of)\s+(?:the\s+)?"
    r"(?:end|expir\w*|conclusion|beginning|start|commencement|anniversary)"
    r"|(?:end|expiration)\s+of\s+(?:the\s+|any\s+|such\s+|each\s+|said\s+)?"
    r"(?:initial|then|current|renewal|extended|applicable)", re.I))


@dataclass
class _Renewal:
    """Renewal facts while they are being read (mutable; folded into Facts by extract)."""

    auto: bool | None = None
    term: int | None = None
    elected_by: str | None = None
    notice: int | None = None
    spans: dict[str, Sentence] = field(default_factory=dict)


def _renewal(sents: Sequence[Sentence], roles: dict[str, str], index: SentenceIndex | None = None) -> _Renewal:
    """Automatic renewal, renewal length, whose election, and the notice needed to stop it."""
    index = index or SentenceIndex(sents)
    r = _Renewal()
    main: int | None = None
    negated = False  # "This Agreement shall not renew automatically."
    may_evergreen = set(_EVERGREEN.candidates(index))
    may_renew = set(_RENEW_CUE.candidates(index))
    texts = index.texts  # a Sentence is made only for the sentences a fact is read from
    for i in sorted(may_evergreen | may_renew):
        text = texts[i]
        low = _lowered(text)
        evergreen = i in may_evergreen and _EVERGREEN.found(text, low)
        if len(text) > 2000 or not evergreen and not (i in may_renew and _RENEW_CUE.found(text, low)):
            continue
        auto = _AUTO_CUE.found(text, low) or (bool(_SHALL_RENEW.search(text)) and bool(_AUTO_UNLESS.search(text)))
        # "continues thereafter until terminated": an evergreen tail after the initial term renews itself
        auto = auto or bool(evergreen and _EVERGREEN_TAIL.search(text))
        if _NO_AUTO_CUE.found(text, low):
            auto, negated = False, True
        option = None if auto else _renewal_option(text)
        elected = _elected_by(text, roles) if option else None
        if not auto and option is None and not evergreen:
            continue
        if main is None or (auto and not r.auto):  # the first grant; an automatic renewal outranks an option
            main = i
            r.auto = True if auto else (False if option else None)
            r.elected_by = "automatic" if auto else elected
            r.spans["auto_renewal"] = r.spans["renewal_elected_by"] = sents[i]
        if r.term is None:
            r.term = _renewal_term(text)
            if r.term is not None:
                r.spans["renewal_term_months"] = sents[i]
        if r.auto and r.term is not None:
            break
    if r.auto is None and negated:
        r.auto = False
    if main is not None:  # the notice sits in the renewal sentence or next to it, given "prior to" the end
        near = [sents[main], *sents[main + 1:main + 3], *sents[max(0, main - 1):main]]
        for t in near:
            if t is sents[main] or (_NOTICE_CTX.found(t.text) and _STOP_WORDS.found(t.text)
                                    and not _NOT_RENEWAL_NOTICE_CUE.found(t.text)):
                days = _notice_days(t.text, strict=t is not sents[main])
                if days is not None:
                    r.notice = days
                    r.spans["renewal_notice_days"] = t
                    break
    if r.notice is None:  # "notice of non-renewal ... prior to the end of the then-current term" on its own
        # few sentences speak of notice: the other cues are tested in each of them, not looked up in the document
        for i in _NOTICE_CTX.candidates(index):
            text = texts[i]
            low = _lowered(text)
            if (_NOTICE_CTX.found(text, low) and _STOP_WORDS.found(text, low) and _NOTICE_SENT.found(text, low)
                    and not _TRANSITION.found(text, low) and not _NOT_RENEWAL_NOTICE_CUE.found(text, low)):
                days = _notice_days(text, strict=True)
                if days is not None:
                    r.notice = days
                    r.spans["renewal_notice_days"] = sents[i]
                    break
    return r

