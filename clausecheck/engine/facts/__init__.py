"""Key terms of a contract as values: term, renewal, notice, exits, commitments, portability.

Each fact is read from one sentence; the evidence dict maps the fact name to that sentence's span so
threshold findings can quote it. Months are 30 days when converting notice periods (see quantities).

The package splits the readers by concern (text: sentences and shared cues; term; renewal; exit; commercial);
this module assembles them and re-exports every name the single module had, so imports keep working.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from clausecheck.engine.facts.commercial import (  # noqa: F401
    _COMMIT,
    _DISCOUNT,
    _DISCOUNT_AFTER,
    _NOT_COMMITMENT,
    _NOT_DISCOUNT,
    _PERIODS,
    _SHARE,
    _SHARE_OBJECT,
    _commercial,
)
from clausecheck.engine.facts.exit import (  # noqa: F401
    _BY_EITHER,
    _BY_NAME,
    _CAUSE,
    _EXPLICIT,
    _EXPORT_CUE,
    _FEE,
    _FORMAT_RE,
    _FORMATS,
    _FREE,
    _LOCKUP,
    _MODAL,
    _NEGATED,
    _NO_FEE,
    _ON_NOTICE,
    _PAID,
    _TFC,
    _TRANSITION,
    _VERB,
    _deadline_days,
    _grantee,
    _lockup_months,
    _portability,
    _termination,
)
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.facts.renewal import (  # noqa: F401
    _AUTO,
    _AUTO_UNLESS,
    _EVERGREEN,
    _MAY_RENEW,
    _MUTUAL,
    _NO_AUTO,
    _NOT_RENEWAL_NOTICE,
    _NOTICE_CTX,
    _NOTICE_SENT,
    _PERIOD_WORDS,
    _RENEW_CUE,
    _RENEW_OBJECT,
    _SAME_LENGTH,
    _STOP_WORDS,
    SAME_AS_INITIAL,
    _elected_by,
    _Renewal,
    _renewal,
    _renewal_option,
    _renewal_term,
)
from clausecheck.engine.facts.term import (  # noqa: F401
    _AGREEMENT_WORDS,
    _DEFINED_EFFECTIVE,
    _DURATION_CONTEXT,
    _EFFECTIVE_AFTER,
    _EFFECTIVE_CUE,
    _END_DATE_CUE,
    _END_DEFINITION,
    _END_NAMED,
    _NOT_AGREEMENT_TERM,
    _OTHER_DEFINITION,
    _RENEW_CUT,
    _START_DATE_CUE,
    _TERM_CUE,
    _TERM_SUBJECT,
    _effective_date,
    _initial_term,
    _term_candidates,
    _term_score,
    _term_start,
)
from clausecheck.engine.facts.text import (  # noqa: F401
    _ABBREV,
    _BOUNDARY,
    _GENERIC_ROLES,
    _NOTICE_AFTER,
    _NOTICE_BEFORE,
    Sentence,
    _add_months,
    _durations,
    _Gated,
    _heading_at,
    _is_notice,
    _lowered,
    _notice_days,
    _role_before,
    sentences,
    split,
)
from clausecheck.model import Clause, Document, Facts, Span


# ---------------------------------------------------------------- assembly
def extract(
    document: Document, clauses: Sequence[Clause], roles: dict[str, str], policy: object = None
) -> tuple[Facts, dict[str, Span]]:
    """Read the key terms of ``document``; returns the Facts and, per fact name, the span it was read from."""
    sents = split(document, clauses)
    index = SentenceIndex(sents)  # each reader visits only the sentences holding its cue words
    roles = {k.lower(): v for k, v in roles.items()}
    found: dict[str, Sentence] = {}
    effective, eff_sent = _effective_date(sents, index)
    if eff_sent is not None:
        found["effective_date"] = eff_sent
    initial, term_sent = _initial_term(sents, effective, index)
    if term_sent is not None:
        found["initial_term_months"] = term_sent
        start = _term_start(term_sent.text)
        if start is not None and start != effective:
            # the term runs from the date it names ("shall begin on January 1, 2000"): that is the date
            # the notice deadline and the earliest exit count from
            effective = start
            found["effective_date"] = term_sent
    renewal = _renewal(sents, roles, index)
    found.update(renewal.spans)
    tfc_by, tfc_notice, fee, tfc_spans = _termination(sents, roles, index)
    found.update(tfc_spans)
    commercial, c_spans = _commercial(sents, initial, index)
    found.update(c_spans)
    portability, p_spans = _portability(sents, index)
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
