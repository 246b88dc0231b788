"""The rule engine: load and compile a rule pack once, then check documents against it.

``load_ruleset(policy)`` gives a cached, compiled RuleSet; ``check(...)`` runs every rule over a document's
clauses in one pass and returns findings, facts and the parties found.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausecheck.model import Clause, Document, Facts, Finding, Rule
from clausecheck.policy import Policy

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.engine.matchers import PatternSet


@dataclass(frozen=True)
class RuleSet:
    """Validated rules, their digest, and (privately) the matchers compiled from them."""

    rules: tuple[Rule, ...]
    digest: str
    _patterns: PatternSet = field(repr=False, compare=False)


@dataclass(frozen=True)
class CheckOutcome:
    """What checking one document produced."""

    findings: tuple[Finding, ...]
    facts: Facts
    parties: tuple[tuple[str, str], ...]


_CACHE: dict[tuple[Any, ...], RuleSet] = {}
_LOCK = threading.Lock()


def load_ruleset(policy: Policy | None = None, *, dirs: Sequence[str | Path] | None = None,
                 shipped: bool = True) -> RuleSet:
    """The shipped pack plus ``policy.rule_dirs`` (same id overrides), filtered by policy; cached per process."""
    policy = policy or Policy()
    extra = tuple(str(d) for d in (dirs if dirs is not None else policy.rule_dirs))
    key = (shipped, extra, policy.enabled_rules, policy.disabled_rules, policy.severity_overrides)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = _build(policy, extra, shipped)
        return _CACHE[key]


def _build(policy: Policy, extra: tuple[str, ...], shipped: bool) -> RuleSet:
    from clausecheck.engine import loader, rule_checks
    from clausecheck.engine.matchers import PatternSet
    from clausecheck.resources import data_dir

    directories = ([data_dir("rules")] if shipped else []) + [Path(d) for d in extra]
    packs, problems, blobs = [], [], []
    for directory in directories:
        rules, found, read = loader.load_pack(directory)
        packs.append(rules)
        problems.extend(found)
        blobs.extend(read)
    merged = loader.merge(packs)
    # A rule in a broken file is missing, so "unknown id" would be a false report then; cycles are still real.
    problems.extend(rule_checks.requires_problems(merged, complete=not problems))
    # Compile even when some files are broken, so that pattern problems are reported in the same error.
    patterns = PatternSet(merged if problems else loader.select(merged, policy))
    loader.raise_problems(problems + [f"{source}: {p}" for source, found in patterns.problems.items()
                                      for p in found])
    rules = [c.rule for c in patterns.compiled]
    return RuleSet(rules=tuple(rules), digest=loader.digest(blobs), _patterns=patterns)


def check(document: Document, clauses: Sequence[Clause], ruleset: RuleSet, policy: Policy | None = None, *,
          display_path: str) -> CheckOutcome:
    """Run every rule of ``ruleset`` over one document; findings in position then rule-id order."""
    from clausecheck.engine import checker

    return checker.run(document, clauses, ruleset, policy or Policy(), display_path=display_path)


__all__ = ["RuleSet", "CheckOutcome", "load_ruleset", "check"]
