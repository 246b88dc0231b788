"""The effective policy for a run: thresholds, gate, buyer names, rule selection."""

from __future__ import annotations

from dataclasses import dataclass, field

from clausecheck.model import Severity

DEFAULT_BUYER_NAMES: tuple[str, ...] = ("Customer", "Client", "Licensee", "Buyer", "Subscriber")


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Settings that shape a review; built from defaults, config files and CLI flags (flags win)."""

    max_initial_term_months: int = 12
    max_renewal_notice_days: int = 60
    fail_on: Severity | None = Severity.HIGH  # None = never fail
    buyer_names: tuple[str, ...] = DEFAULT_BUYER_NAMES
    rule_dirs: tuple[str, ...] = ()  # extra rule packs, loaded after (and overriding) the shipped one
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()  # empty = all
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    pdf_engine: str = "auto"  # auto | pdfium | pypdf
    isolate: bool = True  # parse each document in a child process with the limits below
    timeout_seconds: float = 60.0
    memory_limit_mb: int = 2048
    max_file_mb: int = 100
    max_pages: int = 20000
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
