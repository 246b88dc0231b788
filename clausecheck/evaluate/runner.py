"""Review every labelled contract (in worker processes) and score the outcomes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from clausecheck.errors import ConfigError, IngestError
from clausecheck.evaluate.labels import LabelledContract, load_labels
from clausecheck.evaluate.overlap import (
    LABEL_PREFIX,
    GoldClause,
    categories_of,
    compress,
    locate,
    predictions_from,
)
from clausecheck.evaluate.scoring import ContractOutcome, EvalResult, score
from clausecheck.policy import Policy

_WORKER: dict[str, Any] = {}  # per worker process: policy, ruleset, options (loaded once by _init)


Progress = Callable[[int, int], None]  # (contracts done, total), called in the parent


def evaluate(labels_path: str | Path, policy: Policy | None = None, *, use_pdf: bool = False,
             jobs: int | None = None, only: Sequence[str] = (),
             progress: Progress | None = None) -> EvalResult:
    """Load a labels file, review every contract with the policy's rules and score the findings
    (for the categories in ``only`` when given)."""
    policy = policy or Policy()
    contracts = load_labels(labels_path)
    ruleset = _load_ruleset(policy)
    categories = categories_of(ruleset.rules)
    unknown = [c for c in only if c not in categories]
    if unknown:
        reached = ", ".join(categories) or "none"
        raise ConfigError(f"no rule is labelled {', '.join(LABEL_PREFIX + c for c in unknown)}",
                          hint=f"categories the rules reach: {reached}")
    categories = tuple(c for c in categories if not only or c in only)
    outcomes = run(contracts, policy, ruleset, categories, use_pdf=use_pdf, jobs=jobs, progress=progress)
    return score(contracts, outcomes, categories, rules_version=str(getattr(ruleset, "digest", "")))


def run(contracts: Sequence[LabelledContract], policy: Policy, ruleset: Any, categories: Sequence[str], *,
        use_pdf: bool = False, jobs: int | None = None, progress: Progress | None = None
        ) -> tuple[ContractOutcome, ...]:
    """Review each contract, in input order; ``jobs`` > 1 spreads them over worker processes."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(contracts)))
    options = {"use_pdf": use_pdf, "categories": tuple(categories)}
    tick = progress or (lambda done, total: None)
    outcomes: list[ContractOutcome | None] = [None] * len(contracts)
    if jobs == 1:
        for i, contract in enumerate(contracts):
            outcomes[i] = review_contract(contract, policy, ruleset, **options)
            tick(i + 1, len(contracts))
        return tuple(o for o in outcomes if o is not None)
    # Largest files first so that one big contract does not finish last on an otherwise idle machine.
    order = sorted(range(len(contracts)), key=lambda i: -_size(_source(contracts[i], use_pdf)))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init,
                             initargs=(policy, options)) as pool:
        futures: dict[Future[ContractOutcome], int] = {pool.submit(_work, contracts[i]): i for i in order}
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            try:
                outcomes[i] = future.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker is reported per contract, not fatal
                outcomes[i] = ContractOutcome(id=contracts[i].id, path=str(_source(contracts[i], use_pdf)),
                                              error=f"worker failed: {type(exc).__name__}: {exc}")
            tick(done, len(contracts))
    return tuple(o for o in outcomes if o is not None)


def review_contract(contract: LabelledContract, policy: Policy, ruleset: Any, *, use_pdf: bool,
                    categories: Sequence[str]) -> ContractOutcome:
    """Review one contract and locate its gold clauses in the same normalised text the findings point into."""
    path = _source(contract, use_pdf)
    try:
        document = _read(path, policy)
        result = _review(path, policy, ruleset, contract.id, document)
    except IngestError as exc:
        return ContractOutcome(id=contract.id, path=str(path), error=str(exc))
    except Exception as exc:  # noqa: BLE001 - an engine crash on one contract is a measured failure
        return ContractOutcome(id=contract.id, path=str(path),
                               error=f"internal error: {type(exc).__name__}: {exc}")
    text = compress(document.text)
    gold = {cat: tuple(GoldClause(text=clause, spans=locate(text, clause))
                       for clause in contract.labels[cat].clauses)
            for cat in categories if cat in contract.labels}
    return ContractOutcome(id=contract.id, path=str(path), facts=result.facts, gold=gold,
                           predictions=predictions_from(result.findings, categories))


def _source(contract: LabelledContract, use_pdf: bool) -> Path:
    if contract.pdf is not None and (use_pdf or contract.txt is None):
        return contract.pdf
    assert contract.txt is not None  # load_labels guarantees txt or pdf
    return contract.txt


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _init(policy: Policy, options: dict[str, Any]) -> None:
    _WORKER.update(policy=policy, ruleset=_load_ruleset(policy), options=options)


def _work(contract: LabelledContract) -> ContractOutcome:
    return review_contract(contract, _WORKER["policy"], _WORKER["ruleset"], **_WORKER["options"])


# The three calls into the rest of clausecheck, kept in one place (tests replace them with fakes).
def _load_ruleset(policy: Policy) -> Any:
    from clausecheck import engine

    return engine.load_ruleset(policy)


def _read(path: Path, policy: Policy) -> Any:
    from clausecheck import ingest

    return ingest.load(path, pdf_engine=policy.pdf_engine, policy=policy)


def _review(path: Path, policy: Policy, ruleset: Any, display_path: str, document: Any) -> Any:
    from clausecheck import pipeline

    # the document read above is reviewed as is: one parse per contract
    return pipeline.review(path, policy, ruleset=ruleset, display_path=display_path, document=document)
