"""The CI gate: select contracts, review them (in parallel, cached), apply waivers and baseline, decide.

Order of suppression: an active waiver first (its reason is the more useful label), then the baseline.
Suppressed findings stay in the report with ``Finding.suppression`` set; they never gate.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from clausecheck import __version__
from clausecheck import baseline as baseline_mod
from clausecheck import waivers as waivers_mod
from clausecheck.cache import Cache, default_dir, policy_digest
from clausecheck.config import Settings
from clausecheck.discover import Target, changed_since, find, shard
from clausecheck.model import DocumentResult, Report, Rule, Severity, Skipped
from clausecheck.parallel import Progress, Reviewer, default_jobs, pipeline_review, review_all
from clausecheck.policy import Policy

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 3
# Young-generation threshold while documents are reviewed. A review allocates and frees objects by the
# million (matches, spans, tokens) but leaves almost none in cycles, so the default (700) ran ~570 young and
# ~50 middle collections in a 304-contract scan for nothing: ~0.21 CPU-s, ~0.10 with this threshold.
YOUNG_THRESHOLD = 10_000


@dataclass(frozen=True, kw_only=True)
class Request:
    """What one ``scan`` run was asked to do (beyond the settings)."""

    paths: tuple[str, ...] = (".",)
    changed_since: str | None = None
    shard: tuple[int, int] | None = None
    use_baseline: bool = True
    use_waivers: bool = True
    output_paths: tuple[Path, ...] = ()  # this run's report files: never reviewed as contracts
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """A finished gate run: the report, and what the gate has to say about waivers and the baseline."""

    report: Report
    targets: tuple[Target, ...]
    partial: bool
    baseline_path: Path | None = None  # the baseline applied, if any
    waivers_path: Path | None = None
    waivers: waivers_mod.Outcome | None = None

    @property
    def exit_code(self) -> int:
        """0, 1 or 3 (see :func:`exit_code`)."""
        return exit_code(self.report)


def select(settings: Settings, request: Request) -> tuple[list[Target], bool]:
    """The contracts to review, and whether that is only part of the repository."""
    policy = settings.policy
    targets = find(request.paths, settings.root, include=policy.include, exclude=policy.exclude)
    partial = request.changed_since is not None or request.shard is not None or any(
        Path(p).absolute().resolve() != settings.root.resolve() for p in request.paths)
    if request.output_paths:
        written = {p.resolve() for p in request.output_paths}
        targets = [t for t in targets if t.path.resolve() not in written]
    if request.changed_since is not None:
        changed = changed_since(request.changed_since, settings.root)
        targets = [t for t in targets if t.rel in changed]
    if request.shard is not None:
        targets = shard(targets, *request.shard)
    return targets, partial


def run(settings: Settings, request: Request, *, on_done: Progress | None = None,
        review: Reviewer = pipeline_review) -> Outcome:
    """Run the gate; raises ConfigError/RuleError (exit 2) before reviewing anything when set-up is wrong."""
    targets, partial = select(settings, request)
    waiver_path = _accepted_risk_file(settings, "waivers", waivers_mod.default_path(settings.root))
    waivers = waivers_mod.load(waiver_path) if request.use_waivers and waiver_path else None
    base_path = settings.baseline or baseline_mod.default_path(settings.root)
    use_base = request.use_baseline and _accepted_risk_file(settings, "baseline", base_path) is not None
    entries = baseline_mod.load(base_path) if use_base else []
    cache = None
    if settings.cache:  # the results cache is keyed by the rule pack's digest: known before reviewing
        rules, digest = _rules(settings)
        cache = Cache(default_dir(), digest, policy_digest(settings.policy))
    jobs = settings.jobs or default_jobs()
    with fewer_collections():
        # Without the cache the rule pack is compiled (and checked: exit 2) in prepare, before any review but
        # after a parallel scan's reader has started (see parallel.review_all).
        outcomes = review_all(targets, settings.policy, jobs=jobs, cache=cache, on_done=on_done, review=review,
                              prepare=lambda: _prepare(settings.policy))
    if not settings.cache:
        rules, digest = _rules(settings)  # compiled in prepare already, unless there was nothing to review
    results = tuple(o for o in outcomes if isinstance(o, DocumentResult))
    skipped = tuple(o for o in outcomes if isinstance(o, Skipped))
    waived = None
    if waivers is not None:
        waived = waivers_mod.apply(results, waivers, today=request.today, partial=partial)
        results = waived.results
    if use_base:
        results = baseline_mod.apply(results, entries)
    report = Report(tool_version=__version__, rules_version=digest, rules=rules,
                    results=results, skipped=skipped, fail_on=settings.policy.fail_on)
    return Outcome(report=report, targets=tuple(targets), partial=partial,
                   baseline_path=base_path if use_base else None,
                   waivers_path=waiver_path if waivers is not None else None, waivers=waived)


def _prepare(policy: Policy) -> None:
    """Compile the rule pack, then exempt everything alive from the garbage collector's full passes."""
    from clausecheck import engine

    engine.load_ruleset(policy)
    # The gate runs in the CLI's own process. The rule pack, spaCy and the imported modules live until it
    # exits; without the freeze each full collection walked them again (~0.2 of the ~0.5 CPU-s the collector
    # took in a 304-contract scan), and forked pool and parse workers copied the pages it touched.
    gc.freeze()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's young-generation threshold to YOUNG_THRESHOLD while reviewing; restored after,
    so a program that runs the gate in-process (the tests) keeps its own (pool workers forked meanwhile
    inherit the raised one)."""
    before = gc.get_threshold()
    if before[0]:  # 0: the program turned automatic collection off; leave it off
        gc.set_threshold(max(before[0], YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _accepted_risk_file(settings: Settings, key: str, default: Path | None) -> Path | None:
    """The baseline or waivers file to apply: a path named by a flag must exist (exit 2); one from the
    config file or the default location applies when present (a team may configure it before creating it)."""
    path: Path | None = getattr(settings, key) or default
    if path is not None and path.is_file():
        return path
    if settings.sources.get(key, "").startswith("flag"):
        from clausecheck.errors import ConfigError

        raise ConfigError(f"{key} file {path} does not exist", hint=f"check --{key}"
                          + (" or run 'clausecheck baseline create'" if key == "baseline" else ""))
    return None


def _rules(settings: Settings) -> tuple[tuple[Rule, ...], str]:
    """The rules and rule-pack digest; from the cache when the rule files are unchanged (no compiling)."""
    from clausecheck import cache as cache_mod
    from clausecheck import engine
    from clausecheck.resources import data_dir

    policy = settings.policy
    key = None
    if settings.cache:
        key = cache_mod.rules_key([data_dir("rules"), *(Path(d) for d in policy.rule_dirs)], policy)
        hit = cache_mod.load_rules(default_dir(), key) if key else None
        if hit is not None:
            return hit
    ruleset = engine.load_ruleset(policy)  # validates: a broken rule pack is exit 2 before any review
    if key:
        cache_mod.store_rules(default_dir(), key, ruleset.rules, ruleset.digest)
    return ruleset.rules, ruleset.digest


def gating(report: Report) -> list[tuple[str, str, Severity]]:
    """(path, rule id, severity) of every unsuppressed finding at or above the report's fail-on."""
    if report.fail_on is None:
        return []
    return [(r.path, f.rule_id, f.severity) for r in report.results for f in r.findings
            if f.suppression is None and f.severity >= report.fail_on]


def exit_code(report: Report) -> int:
    """3 if any document was unreadable or only partly read (it wins: an unread contract is an unknown
    risk), else 1 if a finding gates, else 0."""
    if report.skipped or any(r.unread_pages for r in report.results):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if gating(report) else EXIT_OK


def merge(reports: Sequence[Report], fail_on: Severity | None) -> Report:
    """Join shard reports of one rule pack into one report, documents sorted by path."""
    from clausecheck.errors import ConfigError

    versions = {r.rules_version for r in reports}
    if len(versions) > 1:
        raise ConfigError("cannot merge reports made with different rule packs",
                          hint="rules versions: " + ", ".join(sorted(versions)))
    rules = {}
    for rep in reports:
        rules.update({rule.id: rule for rule in rep.rules})
    results: dict[str, DocumentResult] = {}
    skipped: dict[str, Skipped] = {}
    for rep in reports:
        results.update({r.path: r for r in rep.results})
        skipped.update({s.path: s for s in rep.skipped})
    first = reports[0]
    return replace(first, rules=tuple(rules.values()),
                   results=tuple(results[k] for k in sorted(results)),
                   skipped=tuple(skipped[k] for k in sorted(skipped)), fail_on=fail_on)
