"""Document-, clause- and extraction-level scores of review outcomes against the labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clausecheck.evaluate.answers import Duration, days_match, months_match, parse_answer
from clausecheck.evaluate.labels import GoldLabel, LabelledContract
from clausecheck.evaluate.overlap import GoldClause, Prediction, hits
from clausecheck.model import Facts


@dataclass(frozen=True, kw_only=True)
class ContractOutcome:
    """What reviewing one labelled contract produced; ``error`` is set when it could not be reviewed."""

    id: str
    path: str
    error: str | None = None
    predictions: tuple[Prediction, ...] = ()
    gold: Mapping[str, tuple[GoldClause, ...]] = field(default_factory=dict)
    facts: Facts | None = None


@dataclass(frozen=True, kw_only=True)
class CategoryScore:
    """Document- and clause-level figures for one CUAD category."""

    category: str
    tp: int
    fp: int
    fn: int
    tn: int
    gold_clauses: int = 0
    clauses_found: int = 0
    findings: int = 0
    findings_on_gold: int = 0

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); None when nothing was predicted."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); None when no contract is gold positive."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """2tp / (2tp + fp + fn): the harmonic mean of P and R, 0 when tp = 0; None when undefined."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def clause_recall(self) -> float | None:
        """Share of the lawyers' clauses that some finding of this category overlaps."""
        return _ratio(self.clauses_found, self.gold_clauses)

    @property
    def clause_precision(self) -> float | None:
        """Share of this category's findings that overlap a gold clause of this category."""
        return _ratio(self.findings_on_gold, self.findings)


@dataclass(frozen=True, kw_only=True)
class RuleScore:
    """How one rule does on one category: where it fires and whether its findings land on gold."""

    rule_id: str
    category: str
    contracts: int  # contracts where the rule fired with this category's label
    contracts_gold: int  # ... of which the lawyers marked the category present
    findings: int
    findings_on_gold: int

    @property
    def precision(self) -> float | None:
        """Document-level precision of this rule alone: contracts_gold / contracts."""
        return _ratio(self.contracts_gold, self.contracts)

    @property
    def clause_precision(self) -> float | None:
        """Share of this rule's findings that overlap a gold clause of the category."""
        return _ratio(self.findings_on_gold, self.findings)


@dataclass(frozen=True, kw_only=True)
class ExtractionScore:
    """Accuracy of one extracted fact against the lawyers' value, over the contracts that state one."""

    field: str
    stated: int  # contracts whose gold value is usable
    correct: int
    spurious: int | None = None  # predicted where the lawyers stated none (None: not measurable)

    @property
    def accuracy(self) -> float | None:
        """correct / stated."""
        return _ratio(self.correct, self.stated)


@dataclass(frozen=True, kw_only=True)
class ErrorItem:
    """One false positive or false negative, with the text that explains it."""

    category: str
    contract: str
    level: str  # document | clause | extraction
    kind: str  # FP | FN | wrong | spurious
    text: str
    rule_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class EvalResult:
    """Everything one evaluation measured."""

    contracts: int
    skipped: tuple[tuple[str, str], ...]  # (contract id, why it could not be reviewed)
    categories: tuple[CategoryScore, ...]
    extraction: tuple[ExtractionScore, ...]
    errors: tuple[ErrorItem, ...] = ()
    warnings: tuple[str, ...] = ()
    rules_version: str = ""
    rules: tuple[RuleScore, ...] = ()

    @property
    def reviewed(self) -> int:
        """Contracts that were reviewed and scored."""
        return self.contracts - len(self.skipped)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def score(contracts: Sequence[LabelledContract], outcomes: Sequence[ContractOutcome],
          categories: Sequence[str], *, rules_version: str = "") -> EvalResult:
    """Score review outcomes against the labels; contracts that failed are listed, not scored."""
    by_id = {c.id: c for c in contracts}
    done = [o for o in outcomes if o.error is None]
    warnings = tuple(f"no contract in the labels file has category {cat!r}" for cat in categories
                     if not any(cat in c.labels for c in contracts))
    cat_scores, errors = [], []
    for cat in categories:
        cat_score, cat_errors = _score_category(cat, [(by_id[o.id], o) for o in done])
        cat_scores.append(cat_score)
        errors.extend(cat_errors)
    extraction, wrong = _score_extraction([(by_id[o.id], o) for o in done])
    return EvalResult(
        contracts=len(outcomes),
        skipped=tuple((o.id, o.error) for o in outcomes if o.error is not None),
        categories=tuple(cat_scores), extraction=extraction, errors=tuple(errors + wrong),
        warnings=warnings, rules_version=rules_version,
        rules=_score_rules([(by_id[o.id], o) for o in done]))


def _score_rules(pairs: Sequence[tuple[LabelledContract, ContractOutcome]]) -> tuple[RuleScore, ...]:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for contract, outcome in pairs:
        fired: set[tuple[str, str]] = set()
        for p in outcome.predictions:
            key = (p.category, p.rule_id)
            tally = counts.setdefault(key, Counter())
            on_gold = any(hits(p, g) for g in outcome.gold.get(p.category, ()))
            tally.update(findings=1, findings_on_gold=on_gold)
            if key not in fired:
                fired.add(key)
                tally.update(contracts=1, contracts_gold=contract.labels.get(
                    p.category, GoldLabel(present=False)).present)
    return tuple(RuleScore(rule_id=rule, category=cat, **{k: tally[k] for k in (
        "contracts", "contracts_gold", "findings", "findings_on_gold")})
        for (cat, rule), tally in sorted(counts.items()))


def _score_category(cat: str, pairs: Sequence[tuple[LabelledContract, ContractOutcome]]
                    ) -> tuple[CategoryScore, list[ErrorItem]]:
    counts = Counter[str]()
    errors: list[ErrorItem] = []
    for contract, outcome in pairs:
        label = contract.labels.get(cat, GoldLabel(present=False))
        preds = [p for p in outcome.predictions if p.category == cat]
        gold = outcome.gold.get(cat, ())
        cell = {(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}
        counts[cell[(label.present, bool(preds))]] += 1
        found = [g for g in gold if any(hits(p, g) for p in preds)]
        on_gold = [p for p in preds if any(hits(p, g) for g in gold)]
        counts.update(gold_clauses=len(gold), clauses_found=len(found), findings=len(preds),
                      findings_on_gold=len(on_gold))
        level = "document" if not (label.present and preds) else "clause"
        errors.extend(ErrorItem(category=cat, contract=contract.id, level=level, kind="FN", text=g.text)
                      for g in gold if g not in found)
        if label.present and not preds and not gold:
            errors.append(ErrorItem(category=cat, contract=contract.id, level=level, kind="FN",
                                    text="(the labels give no clause text)"))
        errors.extend(ErrorItem(category=cat, contract=contract.id, level=level, kind="FP", text=p.excerpt,
                                rule_id=p.rule_id) for p in preds if p not in on_gold)
    return CategoryScore(category=cat, **{k: counts[k] for k in (
        "tp", "fp", "fn", "tn", "gold_clauses", "clauses_found", "findings", "findings_on_gold")}), errors


def _score_extraction(pairs: Sequence[tuple[LabelledContract, ContractOutcome]]
                      ) -> tuple[tuple[ExtractionScore, ...], list[ErrorItem]]:
    errors: list[ErrorItem] = []
    rows = []
    for name, gold_of, predicted_of, match in _EXTRACTED:
        stated = correct = spurious = 0
        for contract, outcome in pairs:
            gold, predicted = gold_of(contract), predicted_of(outcome.facts or Facts())
            if gold is None:
                continue
            if gold == ():  # the lawyers stated none: any prediction is spurious
                if predicted is not None:
                    spurious += 1
                    errors.append(ErrorItem(category=name, contract=contract.id, level="extraction",
                                            kind="spurious", text=f"none stated, extracted {predicted}"))
                continue
            stated += 1
            if match(gold, predicted):
                correct += 1
            else:
                errors.append(ErrorItem(category=name, contract=contract.id, level="extraction",
                                        kind="wrong", text=f"gold {_show(gold)}, extracted {predicted}"))
        rows.append(ExtractionScore(field=name, stated=stated, correct=correct,
                                    spurious=None if name == "initial_term_months" else spurious))
    return tuple(rows), errors


def _show(gold: Any) -> str:
    if isinstance(gold, tuple):
        return " or ".join(f"{d.value:g} {d.unit}{'s' if d.value != 1 else ''}" for d in gold)
    return str(gold)


def _answer(key: str) -> Any:
    # Blank answer -> () (stated nothing, so a prediction is spurious); perpetual/redacted -> None (skip).
    def gold_of(contract: LabelledContract) -> tuple[Duration, ...] | None:
        text = contract.answers.get(key, "")
        parsed = parse_answer(text)
        return parsed if parsed or not text.strip() else None
    return gold_of


_EXTRACTED: tuple[tuple[str, Any, Any, Any], ...] = (
    # A zero or negative gold term (expiry on or before the effective date) is a labelling slip: skipped.
    ("initial_term_months", lambda c: c.initial_term_months if (c.initial_term_months or 0) > 0 else None,
     lambda f: f.initial_term_months,
     lambda gold, pred: gold == pred),
    ("renewal_term_months", _answer("Renewal Term"), lambda f: f.renewal_term_months,
     lambda gold, pred: any(months_match(d, pred) for d in gold)),
    ("renewal_notice_days", _answer("Notice Period To Terminate Renewal"), lambda f: f.renewal_notice_days,
     lambda gold, pred: any(days_match(d, pred) for d in gold)),
)
