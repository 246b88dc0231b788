"""Measure the shipped rules on real AI-vendor clauses (vendor-dev) and write benchmarks/vendor_accuracy.md.

    python benchmarks/vendor_accuracy.py                 # ../shared/vendor-dev/clauses.jsonl
    python benchmarks/vendor_accuracy.py CLAUSES.jsonl -o out.md
    python benchmarks/vendor_accuracy.py CLAUSES.jsonl --half tune -o out.md   # only the tune half

Each clause is reviewed as its own small TXT document through the real segmenter and engine with the default
Policy. A label counts as detected when one of its rules gives a *detecting* finding: for risk and threshold
rules a ``risk`` finding (an ``info`` reading - found but binding the other or an unknown party - is not a
flag), for protection rules a present or weak finding granted to the customer (no ``missing`` finding).
``negative_of:X`` clauses (look-alikes that are not a risk) are gold negatives for X: a detection there is a
false positive. A clause labelled both X and ``negative_of:X`` is a clause *about* X that is not a risk
(for example a promise not to train on customer data); it too must not be flagged. Definitions:
docs/vendor-dev.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLAUSES = Path(os.environ.get("CLAUSECHECK_VENDOR_DEV",
                                      ROOT.parent / "shared" / "vendor-dev" / "clauses.jsonl"))

# Vendor label -> rule ids whose detecting finding means "this label was found". Protection rules are
# recognised by their kind in the loaded rule set, so the mapping stays data only.
LABEL_RULES: dict[str, tuple[str, ...]] = {
    "initial_term": ("term.initial-term-over-policy",),
    "auto_renewal": ("term.auto-renewal",),
    "exclusivity": ("exclusivity.exclusive-provider", "exclusivity.requirements-contract"),
    "minimum_commitment": ("commercial.minimum-commitment", "commercial.shortfall-fee"),
    "minimum_share": ("exclusivity.requirements-contract",),
    "price_change": ("commercial.unilateral-price-change",),
    "model_deprecation": ("commercial.model-deprecation",),
    "data_export": ("portability.data-export", "exit.termination-data-export"),
    "vague_portability": ("portability.vague-portability",),
    "transition_assistance": ("exit.transition-assistance",),
    "termination_for_convenience": ("exit.termination-for-convenience",
                                    "exit.provider-termination-for-convenience"),
    "termination_fee": ("exit.early-termination-fee", "exit.liquidated-damages"),
    "output_or_model_restrictions": ("exclusivity.output-restrictions",),
    "fine_tuned_model_ownership": ("portability.fine-tuned-weights-export",),
    "data_use_for_training": ("commercial.training-on-customer-data",),
}

# An initial term within policy raises no finding by design, so for that label reading the term into the
# facts also counts as detecting it (a threshold rule cannot fire on what was never read).
LABEL_FACTS: dict[str, str] = {"initial_term": "initial_term_months"}

# values key in clauses.jsonl -> Facts field holding the same number.
VALUE_FACTS: dict[str, str] = {
    "notice_days": "renewal_notice_days",
    "initial_term_months": "initial_term_months",
    "renewal_term_months": "renewal_term_months",
    "export_window_days": "export_deadline_days",
    "termination_notice_days": "termination_for_convenience_notice_days",
    "provider_termination_notice_days": "termination_for_convenience_notice_days",
}


@dataclass(frozen=True, kw_only=True)
class ClauseResult:
    """What the engine said about one vendor clause."""

    id: str
    text: str
    labels: tuple[str, ...]
    values: dict[str, object]
    detected: frozenset[str]  # labels whose rules gave a detecting finding
    recognised: frozenset[str]  # labels whose rules gave any non-missing finding (info included)
    hits: tuple[tuple[str, str], ...]  # (rule id, finding kind), missing findings left out
    facts: dict[str, object]


@dataclass(frozen=True, kw_only=True)
class LabelScore:
    """Counts for one label over all clauses."""

    label: str
    tp: tuple[str, ...]
    fn: tuple[str, ...]
    fp: tuple[str, ...]
    negatives: int  # clauses marked negative_of this label
    recognised: int  # labelled clauses (risk or look-alike) whose rules said anything at all

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP); None when nothing was flagged."""
        flagged = len(self.tp) + len(self.fp)
        return len(self.tp) / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN); None when no clause carries the label as a risk."""
        gold = len(self.tp) + len(self.fn)
        return len(self.tp) / gold if gold else None


def read_clauses(path: Path) -> list[dict[str, object]]:
    """The vendor-dev records, one JSON object per line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def half_of(clause_id: str) -> str:
    """'tune' when sha1(id)'s last hex digit is even, else 'hold' (the fixed split of a held-out set)."""
    return "tune" if int(hashlib.sha1(clause_id.encode("utf-8")).hexdigest()[-1], 16) % 2 == 0 else "hold"


def is_risk(labels: Iterable[str], label: str) -> bool:
    """True when ``label`` marks a risk here (present, and not also marked as its own look-alike)."""
    labels = set(labels)
    return label in labels and f"negative_of:{label}" not in labels


def detected_labels(hits: Iterable[tuple[str, str]], missing: set[str], protection: set[str],
                    facts: dict[str, object]) -> set[str]:
    """Labels detected by (rule id, kind) findings: risk for risk rules, present/weak for protection rules."""
    def detects(rule_id: str, kind: str) -> bool:
        if rule_id in protection:  # granted to someone else -> a missing finding beside the info one
            return rule_id not in missing and kind in ("info", "weak")
        return kind == "risk"

    hits = list(hits)
    return {label for label, rules in LABEL_RULES.items()
            if any(r in rules and detects(r, k) for r, k in hits)
            or (label in LABEL_FACTS and facts.get(LABEL_FACTS[label]) is not None)}


def review(records: Sequence[dict[str, object]]) -> list[ClauseResult]:
    """Review each clause as its own TXT document with the default policy."""
    from dataclasses import asdict

    from clausecheck import engine, segment
    from clausecheck.model import Document, FindingKind, RuleKind
    from clausecheck.policy import Policy

    policy = Policy()
    ruleset = engine.load_ruleset(policy)
    protection = {r.id for r in ruleset.rules if r.kind is RuleKind.PROTECTION}
    results = []
    for record in records:
        name = f"{record['id']}.txt"
        document = Document(path=name, format="txt", text=str(record["text"]), sha256="")
        outcome = engine.check(document, segment.split(document), ruleset, policy, display_path=name)
        missing = {f.rule_id for f in outcome.findings if f.kind is FindingKind.MISSING}
        hits = tuple((f.rule_id, f.kind.value) for f in outcome.findings if f.kind is not FindingKind.MISSING)
        facts = {k: v for k, v in asdict(outcome.facts).items() if v not in (None, (), False)}
        detected = detected_labels(hits, missing, protection, facts)
        recognised = detected | {label for label, rules in LABEL_RULES.items() if any(r in rules for r, _ in hits)}
        results.append(ClauseResult(id=str(record["id"]), text=str(record["text"]),
                                    labels=tuple(record.get("labels", ())),  # type: ignore[arg-type]
                                    values=dict(record.get("values") or {}),  # type: ignore[call-overload]
                                    detected=frozenset(detected), recognised=frozenset(recognised),
                                    hits=hits, facts=facts))
    return results


def score(results: Sequence[ClauseResult]) -> list[LabelScore]:
    """Per-label TP/FN/FP; labels that no clause carries and no rule flagged are left out."""
    scores = []
    for label in LABEL_RULES:
        tp = tuple(r.id for r in results if is_risk(r.labels, label) and label in r.detected)
        fn = tuple(r.id for r in results if is_risk(r.labels, label) and label not in r.detected)
        fp = tuple(r.id for r in results if not is_risk(r.labels, label) and label in r.detected)
        about = [r for r in results if label in r.labels or f"negative_of:{label}" in r.labels]
        negatives = sum(f"negative_of:{label}" in r.labels for r in results)
        if tp or fn or fp or negatives:
            scores.append(LabelScore(label=label, tp=tp, fn=fn, fp=fp, negatives=negatives,
                                     recognised=sum(label in r.recognised for r in about)))
    return scores


def negative_failures(results: Sequence[ClauseResult]) -> list[tuple[str, str]]:
    """(clause id, label) for every look-alike clause flagged as a risk of the label it imitates."""
    return [(r.id, label) for r in results for tag in r.labels if tag.startswith("negative_of:")
            for label in [tag.split(":", 1)[1]] if label in r.detected]


def agrees(stated: object, read: object) -> bool:
    """A read number agrees with the stated one; a stated 0 ("without notice") agrees with nothing read."""
    return stated == read or (stated == 0 and read is None)


def stray_risks(results: Sequence[ClauseResult]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(clause id, rule id, labels) for risk findings whose rule maps to none of the clause's risk labels."""
    rows = []
    for r in results:
        expected = {rule for label in r.labels if is_risk(r.labels, label) for rule in LABEL_RULES.get(label, ())}
        rows += [(r.id, rule, r.labels) for rule, kind in r.hits if kind == "risk" and rule not in expected]
    return sorted(set(rows), key=lambda row: (row[1], row[0]))


def value_checks(results: Sequence[ClauseResult]) -> list[tuple[str, str, object, object]]:
    """(clause id, values key, stated number, fact read) for every integer value with a matching fact."""
    rows = []
    for r in results:
        for key, fact in VALUE_FACTS.items():
            stated = r.values.get(key)
            if isinstance(stated, int) and not isinstance(stated, bool):
                rows.append((r.id, key, stated, r.facts.get(fact)))
    return rows


def totals(scores: Sequence[LabelScore]) -> tuple[int, int, int]:
    """Micro-averaged TP, FP, FN over all labels."""
    return (sum(len(s.tp) for s in scores), sum(len(s.fp) for s in scores), sum(len(s.fn) for s in scores))


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _label_table(scores: Sequence[LabelScore]) -> list[str]:
    tp, fp, fn = totals(scores)
    lines = ["| label | rules | TP | FP | FN | precision | recall | topic recognised | missed | wrongly flagged |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for s in scores:
        about = len(s.tp) + len(s.fn) + s.negatives
        rules = ", ".join(f"`{r}`" for r in LABEL_RULES[s.label])
        lines.append(f"| {s.label} | {rules} | {len(s.tp)} | {len(s.fp)} | {len(s.fn)} | {_fmt(s.precision)} | "
                     f"{_fmt(s.recall)} | {s.recognised}/{about} | {' '.join(s.fn)} | {' '.join(s.fp)} |")
    micro_p = tp / (tp + fp) if tp + fp else None
    micro_r = tp / (tp + fn) if tp + fn else None
    lines.append(f"| **all (micro)** | | {tp} | {fp} | {fn} | {_fmt(micro_p)} | {_fmt(micro_r)} | | | |")
    return lines


def _side_checks(results: Sequence[ClauseResult]) -> list[str]:
    failures = negative_failures(results)
    negatives = sum(t.startswith("negative_of:") for r in results for t in r.labels)
    flagged = ": " + ", ".join(f"{c} ({lab})" for c, lab in failures) if failures else "."
    strays = stray_risks(results)
    checks = value_checks(results)
    agree = sum(agrees(stated, read) for _, _, stated, read in checks)
    return [f"Look-alikes (`negative_of:X`) flagged as an X risk: {len(failures)} of {negatives}{flagged}", "",
            ("Risk findings of rules mapped to none of the clause's risk labels (other rules included): "
             f"{len(strays)}."), "", "| rule | clause | clause labels |", "|---|---|---|",
            *(f"| `{rule}` | {c} | {', '.join(labels) or '-'} |" for c, rule, labels in strays), "",
            (f"Stated numbers read into the facts: {agree} of {len(checks)} agree "
             "(a stated 0, i.e. no notice or window, agrees with nothing read)."), "",
            "| clause | value | stated | read |", "|---|---|---:|---:|",
            *(f"| {c} | {k} | {s} | {'-' if r is None else r} |" for c, k, s, r in checks)]


def to_markdown(results: Sequence[ClauseResult], elapsed: float | None = None) -> str:
    """The per-label table, the look-alike check, stray risks, and stated numbers against the facts read."""
    lines = [*_label_table(score(results)), "", *_side_checks(results)]
    if elapsed is not None:
        lines += ["", f"{len(results)} clauses reviewed in {elapsed:.1f} s."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Review the vendor clauses and write the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clauses", nargs="?", type=Path, default=DEFAULT_CLAUSES)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "vendor_accuracy.md")
    parser.add_argument("--half", choices=("tune", "hold"), help="score only this half (split by sha1 of the id)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = read_clauses(args.clauses)
    if args.half:
        records = [record for record in records if half_of(str(record["id"])) == args.half]
    results = review(records)
    from clausecheck import engine
    from clausecheck.policy import Policy

    digest = engine.load_ruleset(Policy()).digest[:12]
    elapsed = time.perf_counter() - started
    which = f", {args.half} half" if args.half else ""
    intro = (f"Clauses: `{args.clauses.parent.name}/{args.clauses.name}`{which} ({len(results)} real AI and cloud "
             f"vendor clauses), rules `{digest}`, each reviewed as its own TXT document with the default policy. Label "
             "to rule "
             "mapping and definitions: [docs/vendor-dev.md](../docs/vendor-dev.md). Regenerate with "
             "`python benchmarks/vendor_accuracy.py`.")
    page = f"# clausecheck accuracy on AI-vendor clauses\n\n{intro}\n\n{to_markdown(results)}"
    args.output.write_text(page, encoding="utf-8")
    sys.stdout.write(page)
    sys.stderr.write(f"wrote {args.output} in {elapsed:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
