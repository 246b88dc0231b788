"""The only orchestration: path -> Document -> clauses -> findings + facts -> DocumentResult / Report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from clausecheck import __version__
from clausecheck.errors import ClausecheckError, IngestError
from clausecheck.model import Clause, Document, DocumentResult, Report, Skipped
from clausecheck.policy import Policy


def review(path: str | Path, policy: Policy | None = None, *, ruleset: object | None = None,
           display_path: str | None = None, document: Document | None = None,
           clauses: Sequence[Clause] | None = None) -> DocumentResult:
    """Review one contract; raises IngestError when it cannot be read.

    ``document`` skips reading when the caller already holds the parsed contract (eval, a text cache), and
    ``clauses`` skips segmenting it when they are that document's clauses already (a parallel scan's reader).
    """
    from clausecheck import engine, isolation, segment

    policy = policy or Policy()
    ruleset = ruleset or engine.load_ruleset(policy)
    shown = display_path or str(path)
    # Parsers of untrusted files run in a child process with time and memory limits (see isolation.py).
    if document is None:
        document = isolation.load_isolated(path, policy)
    clauses = list(clauses) if clauses is not None else segment.split(document)
    outcome = engine.check(document, clauses, ruleset, policy, display_path=shown)
    return DocumentResult(
        path=shown,
        format=document.format,
        sha256=document.sha256,
        pages=document.pages,
        facts=outcome.facts,
        findings=outcome.findings,
        warnings=document.warnings,
        clause_count=len(clauses),
        parties=outcome.parties,
        unread_pages=document.unread_pages,
    )


def scan(paths: Iterable[str | Path], policy: Policy | None = None) -> Report:
    """Review several contracts in order; unreadable ones become ``Skipped`` entries, never dropped."""
    from clausecheck import engine

    policy = policy or Policy()
    ruleset = engine.load_ruleset(policy)
    results: list[DocumentResult] = []
    skipped: list[Skipped] = []
    for path in paths:
        try:
            results.append(review(path, policy, ruleset=ruleset))
        except IngestError as exc:
            skipped.append(Skipped(path=str(path), error=exc.message + (f" ({exc.hint})" if exc.hint else "")))
    return Report(
        tool_version=__version__,
        rules_version=ruleset.digest,
        rules=ruleset.rules,
        results=tuple(results),
        skipped=tuple(skipped),
        fail_on=policy.fail_on,
    )


__all__ = ["review", "scan", "ClausecheckError"]
