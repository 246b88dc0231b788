"""Shared probe of the "changes no finding" tests: every finding and the facts of real documents, compared before and
after a fast path is switched off."""

from __future__ import annotations

from pathlib import Path

from clausecheck import segment
from clausecheck.engine import check, load_ruleset
from clausecheck.ingest import load
from clausecheck.policy import Policy

ROOT = Path(__file__).resolve().parents[2]
CUAD = ROOT.parent / "shared" / "cuad-dev" / "contracts"
POLICY = Policy(isolate=False)
RULESET = load_ruleset(POLICY)


def sample_paths(cuad_step: int) -> list[Path]:
    """The shipped TXT samples, then every ``cuad_step``-th dev contract where the dev set is present."""
    cuad = sorted(CUAD.glob("*.txt"))[::cuad_step] if CUAD.is_dir() else []
    return sorted((ROOT / "samples").glob("*.txt")) + cuad


def outcomes(paths: list[Path]) -> list[tuple[str, ...]]:
    """Per document: the facts' repr, then each finding's repr (checked with the shipped rules)."""
    out = []
    for path in paths:
        document = load(path)
        outcome = check(document, segment.split(document), RULESET, POLICY, display_path=path.name)
        out.append((repr(outcome.facts), *map(repr, outcome.findings)))
    return out
