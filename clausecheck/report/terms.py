"""Key terms of a contract (its Facts) as short human-readable rows, for the HTML and terminal reports."""

from __future__ import annotations

from clausecheck.model import Facts
from clausecheck.report.views import one_line


def number(value: float) -> str:
    """``70.0`` -> ``70``, ``1200000.0`` -> ``1,200,000``, ``12.5`` -> ``12.5``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _months(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{number(value)} month{'' if value == 1 else 's'}"


def _days(value: int | None) -> str | None:
    return None if value is None else f"{value} day{'' if value == 1 else 's'}"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def exit_summary(facts: Facts) -> tuple[str, str]:
    """(earliest penalty-free exit, notice deadline) as short sentences; ``Not determined`` when unknown."""
    exit_text = "Not determined"
    if facts.earliest_exit_months is not None:
        exit_text = f"{_months(facts.earliest_exit_months)} after the effective date"
        if facts.effective_date:
            exit_text += f" ({facts.effective_date} + {_months(facts.earliest_exit_months)})"
    notice = "Not determined"
    if facts.notice_deadline:
        notice = f"Serve notice by {facts.notice_deadline}"
    elif facts.notice_deadline_months is not None:
        notice = f"Serve notice within {_months(facts.notice_deadline_months)} of the effective date"
    return exit_text, notice


def short_exit(facts: Facts) -> str:
    """Earliest penalty-free exit in a table cell: ``36 months`` or ``unknown``."""
    return _months(facts.earliest_exit_months) or "unknown"


def key_terms(facts: Facts) -> list[tuple[str, str]]:
    """Label / value rows for the extracted facts; ``Not stated`` where a fact was not found."""
    commitment = None
    if facts.minimum_commitment_amount is not None:
        amount = number(facts.minimum_commitment_amount)
        commitment = f"{facts.minimum_commitment_currency or ''} {amount}".strip()
        if facts.minimum_commitment_period_months:
            commitment += f" per {_months(facts.minimum_commitment_period_months)}"
    tfc = None
    if facts.termination_for_convenience_by:
        tfc = facts.termination_for_convenience_by.capitalize()
        if facts.termination_for_convenience_notice_days is not None:
            days = facts.termination_for_convenience_notice_days
            tfc += f", {days} day's notice" if days == 1 else f", {days} days' notice"
    transition = ", ".join(x for x in (_days(facts.transition_assistance_days),
                                       facts.transition_assistance_cost) if x) or None
    exit_text, notice = exit_summary(facts)
    rows = [
        ("Effective date", facts.effective_date),
        ("Initial term", _months(facts.initial_term_months)),
        ("Automatic renewal", _yes_no(facts.auto_renewal)),
        ("Renewal term", _months(facts.renewal_term_months)),
        ("Renewal elected by", facts.renewal_elected_by),
        ("Non-renewal notice", _days(facts.renewal_notice_days)),
        ("Termination for convenience", tfc),
        ("Termination fee", _yes_no(facts.termination_fee)),
        ("Minimum commitment", commitment),
        ("Minimum share of traffic", None if facts.minimum_share_percent is None
         else f"{number(facts.minimum_share_percent)}%"),
        ("Discount", None if facts.discount_percent is None else f"{number(facts.discount_percent)}%"),
        ("Export formats", ", ".join(facts.export_formats) or None),
        ("Export deadline", _days(facts.export_deadline_days)),
        ("Transition assistance", transition),
        ("Earliest penalty-free exit", exit_text),
        ("Notice deadline", notice),
    ]
    return [(label, one_line(value) if value else "Not stated") for label, value in rows]
