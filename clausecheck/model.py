"""Core value types shared by every stage; imports nothing else from clausecheck."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Severity(StrEnum):
    """How much a finding matters; ordered info < low < medium < high < critical."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the severity order (info = 0)."""
        return _SEVERITY_ORDER.index(self.value)

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")


class FindingKind(StrEnum):
    """risk: a lock-in clause found; missing/weak: a protection absent or only vague; info: neutral clause type."""

    RISK = "risk"
    MISSING = "missing"
    WEAK = "weak"
    INFO = "info"


class RuleKind(StrEnum):
    """risk rules flag what they match; protection rules flag what is absent; threshold rules compare facts."""

    RISK = "risk"
    PROTECTION = "protection"
    THRESHOLD = "threshold"


class Pillar(StrEnum):
    """The four protections buyers negotiate for, plus commercial terms."""

    TERM = "term"
    EXCLUSIVITY = "exclusivity"
    PORTABILITY = "portability"
    EXIT = "exit"
    COMMERCIAL = "commercial"


@dataclass(frozen=True, kw_only=True)
class Span:
    """Half-open character offsets into a Document's normalised text; page is 1-based or None."""

    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True, kw_only=True)
class Document:
    """A contract read into one normalised text, with a page for every offset."""

    path: str
    format: str  # pdf | docx | txt | md
    text: str
    sha256: str
    page_starts: tuple[int, ...] = (0,)  # offset where each page begins; page i+1 starts at page_starts[i]
    warnings: tuple[str, ...] = ()
    encoding: str | None = None  # for text files: which decoding was used
    unread_pages: tuple[int, ...] = ()  # 1-based pages whose text could not be extracted (partly read)

    @property
    def pages(self) -> int:
        """Number of pages (1 for formats without pages)."""
        return len(self.page_starts)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``; None for documents without real pages."""
        if self.format not in ("pdf",):
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def line_at(self, offset: int) -> int:
        """1-based line of ``offset`` in the normalised text."""
        return bisect.bisect_right(self._line_starts, max(0, offset))

    @cached_property
    def _line_starts(self) -> tuple[int, ...]:
        # computed once per document: counting newlines per call made many findings quadratic in length
        return (0, *(match.end() for match in re.finditer("\n", self.text)))

    def span(self, start: int, end: int) -> Span:
        """A Span over [start, end) with its page derived."""
        return Span(start=start, end=end, page=self.page_at(start))


@dataclass(frozen=True, kw_only=True)
class Clause:
    """A numbered or headed unit of the contract; ``text == document.text[span.start:span.end]``."""

    index: int
    number: str | None
    heading: str | None
    span: Span
    text: str
    level: int = 0
    kind: str = "section"  # section | definition | schedule | preamble | heading | paragraph


@dataclass(frozen=True, kw_only=True)
class Example:
    """A rule's own test case: text that must flag (or must pass) under that rule."""

    text: str
    flag: bool
    kind: str | None = None  # expected finding kind when flagged: missing|weak (protections), info (risks)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A validated rule loaded from a rule file; ``match`` stays as data for the engine to compile."""

    id: str
    title: str
    pillar: Pillar
    kind: RuleKind
    severity: Severity
    rationale: str
    recommendation: str
    match: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    labels: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    source: str = ""  # file the rule came from
    checklist: str | None = None  # protection rules: the line shown in the missing-protections checklist


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One piece of evidence: which rule, what it quotes, where, why it matters, what to ask for."""

    rule_id: str
    title: str
    severity: Severity
    kind: FindingKind
    pillar: Pillar
    labels: tuple[str, ...] = ()
    excerpt: str = ""
    span: Span | None = None
    section: str | None = None  # clause number, e.g. "4.2"
    heading: str | None = None
    line: int | None = None  # 1-based line in the extracted text (anchor for SARIF)
    highlights: tuple[tuple[int, int], ...] = ()  # matched words, offsets relative to ``excerpt``
    explanation: str = ""
    recommendation: str = ""
    fingerprint: str = ""
    suppression: str | None = None  # None, or why it is suppressed ("baseline", "waiver: <reason>")


@dataclass(frozen=True, kw_only=True)
class Facts:
    """Key terms extracted from one contract; None means not stated (or not found)."""

    effective_date: str | None = None  # ISO date
    initial_term_months: int | None = None
    auto_renewal: bool | None = None
    renewal_term_months: int | None = None
    renewal_elected_by: str | None = None  # customer | provider | automatic | mutual
    renewal_notice_days: int | None = None
    termination_for_convenience_by: str | None = None  # customer | provider | either
    termination_for_convenience_notice_days: int | None = None
    termination_fee: bool | None = None
    minimum_commitment_amount: float | None = None
    minimum_commitment_currency: str | None = None
    minimum_commitment_period_months: int | None = None
    minimum_share_percent: float | None = None
    discount_percent: float | None = None
    export_formats: tuple[str, ...] = ()
    export_deadline_days: int | None = None
    transition_assistance_days: int | None = None
    transition_assistance_cost: str | None = None  # free | fee | None
    earliest_exit_months: int | None = None  # earliest penalty-free exit, months from the effective date
    notice_deadline: str | None = None  # ISO date by which notice must be served, when dates are known
    notice_deadline_months: float | None = None  # same, in months from the effective date


@dataclass(frozen=True, kw_only=True)
class DocumentResult:
    """Everything clausecheck found in one document."""

    path: str  # as given / repo-relative
    format: str
    sha256: str
    pages: int
    facts: Facts
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    clause_count: int = 0
    parties: tuple[tuple[str, str], ...] = ()  # (defined name, role: customer|provider|other)
    unread_pages: tuple[int, ...] = ()  # a partly read contract is never reported as clean


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A document that could not be read, and why."""

    path: str
    error: str


@dataclass(frozen=True, kw_only=True)
class Report:
    """The result of one run; every reporter is a pure function of it."""

    tool_version: str
    rules_version: str
    rules: tuple[Rule, ...]
    results: tuple[DocumentResult, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    generated_at: str | None = None
    fail_on: Severity | None = Severity.HIGH  # None means never fail
