"""Commercial terms: minimum commitment (amount, currency, period), minimum traffic share, discount."""

from __future__ import annotations

import re
from collections.abc import Sequence

from clausecheck import quantities as qty
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.facts.text import Sentence, _Gated

# ---------------------------------------------------------------- commercial terms
_COMMIT = _Gated(re.compile(r"\bminimum\s+(?:\w+\s+){0,2}?"
                            r"(?:purchase|commitment|spend|order|fee|payment|revenue|volume|amount|billing|charge)s?"
                            r"|\bcommit(?:s|ted)?\s+to\s+(?:spend|purchase|pay|buy)|\btake[\s-]or[\s-]pay"
                            r"|\b(?:spend|volume|revenue)\s+commitment|\bshortfall", re.I))
_NOT_COMMITMENT = re.compile(r"\bno\s+minimum|\bnot\s+(?:be\s+)?(?:obligated|required)|\binsur\w*|\bcoverage\b"
                             r"|\bper\s+occurrence|\bnet\s+worth|\bcapital\b", re.I)
_PERIODS = ((re.compile(r"\bper\s+(?:month|calendar\s+month)|\bmonthly\b|\beach\s+(?:calendar\s+)?month", re.I), 1),
            (re.compile(r"\bper\s+(?:quarter|calendar\s+quarter)|\bquarterly\b"
                        r"|\beach\s+(?:calendar\s+)?quarter", re.I), 3),
            (re.compile(r"\bper\s+(?:year|annum|contract\s+year|calendar\s+year)|\bannual(?:ly)?\b|\byearly\b"
                        r"|\beach\s+(?:contract\s+|calendar\s+)?year", re.I), 12))
_SHARE = re.compile(r"(?:no\s+less\s+than|not\s+less\s+than|at\s+least|a\s+minimum\s+of|minimum\s+of|in\s+excess\s+of"
                    r"|more\s+than)\s*$", re.I)
_SHARE_OBJECT = re.compile(r"^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?of\s+"
                           r"(?:\w+['’]s\s+|its\s+|their\s+|the\s+|all\s+|total\s+|customer['’]s\s+)*(?:\w+\s+){0,3}?"
                           r"(?:requirements|traffic|requests|usage|volume|spend|spending|workloads?|purchases|needs"
                           r"|calls|tokens|inference|demand|queries|compute|business)", re.I)
# a cut in the buyer's prices, not any percentage that is "reduced" (royalties, overheads, purchase prices)
_DISCOUNT = re.compile(r"\bdiscount\b(?:\s+(?:of|equal\s+to|at))?[^.;%]{0,30}$"
                       r"|\breduce\s+(?:the\s+|all\s+|its\s+)?(?:\w+\s+){0,2}?"
                       r"(?:prices?|fees|rates|charges)\b[^.;%]{0,40}\bby\s*$", re.I)
_DISCOUNT_AFTER = re.compile(r"\s*(?:\)\s*)?(?:discount"
                             r"|off\s+(?:the\s+|its\s+|all\s+)?(?:\w+\s+){0,2}?"
                             r"(?:list|standard|published|prices?|fees|rates)|price\s+reduction)", re.I)
_NOT_DISCOUNT = re.compile(r"\bunderwrit|\bdiscount\s+rate|\bdiscounted\s+cash|\b(?:prompt|early)\s+payment\s+discount"
                           r"|\broyalt", re.I)

_NOT_COMMITMENT_CUE, _NOT_DISCOUNT_CUE = _Gated(_NOT_COMMITMENT), _Gated(_NOT_DISCOUNT)


def _commercial(sents: Sequence[Sentence], initial: int | None,
                index: SentenceIndex | None = None) -> tuple[dict[str, object], dict[str, Sentence]]:
    """Minimum commitment (amount, currency, period), minimum share of traffic, discount."""
    index = index or SentenceIndex(sents)
    facts: dict[str, object] = {}
    spans: dict[str, Sentence] = {}
    may_commit = set(_COMMIT.candidates(index))
    texts = index.texts  # a Sentence is made only for the sentences a fact is read from
    for i in sorted(may_commit.union(index.any_of("%", "cent"))):
        text = texts[i]
        cue = _COMMIT.first(text) if "minimum_commitment_amount" not in facts and i in may_commit else None
        if cue and not _NOT_COMMITMENT_CUE.found(text):
            money = qty.find_money(text)
            # the amount named after the commitment words, else the last one before them
            after = [q for q in money if q.start >= cue.start()]
            amount = after[0] if after else money[-1] if money else None
            if amount is not None:
                facts["minimum_commitment_amount"] = float(amount.value)  # type: ignore[arg-type]
                facts["minimum_commitment_currency"] = amount.unit
                period = next((months for rx, months in _PERIODS if rx.search(text)), None)
                if period is None and re.search(r"\b(?:initial\s+)?term\b", text, re.I):
                    period = initial
                facts["minimum_commitment_period_months"] = period
                spans["minimum_commitment_amount"] = spans["minimum_commitment_currency"] = sents[i]
                if period is not None:
                    spans["minimum_commitment_period_months"] = sents[i]
        percents = [q for q in qty.find_percents(text)] if "%" in text or "cent" in text.lower() else []
        for q in percents:
            if "minimum_share_percent" not in facts and (_SHARE.search(text[max(0, q.start - 30):q.start])
                                                        and _SHARE_OBJECT.match(text[q.end:q.end + 80])):
                facts["minimum_share_percent"] = float(q.value)  # type: ignore[arg-type]
                spans["minimum_share_percent"] = sents[i]
            if "discount_percent" not in facts and not _NOT_DISCOUNT_CUE.found(text) and (
                    _DISCOUNT.search(text[max(0, q.start - 80):q.start])
                    or _DISCOUNT_AFTER.match(text[q.end:q.end + 40])):
                facts["discount_percent"] = float(q.value)  # type: ignore[arg-type]
                spans["discount_percent"] = sents[i]
    return facts, spans

