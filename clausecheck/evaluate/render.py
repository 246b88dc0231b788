"""An EvalResult as plain data (JSON) or Markdown (the README accuracy table); pure functions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from clausecheck.evaluate.scoring import ErrorItem, EvalResult

SCHEMA = "clausecheck-eval/1"
EXCERPT_CHARS = 400  # Markdown and terminal shorten long excerpts; JSON keeps them whole


def to_dict(result: EvalResult, *, show_errors: bool = False) -> dict[str, Any]:
    """Plain data for ``--format json``; every figure is exact (no rounding)."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "rules_version": result.rules_version,
        "contracts": result.contracts,
        "reviewed": result.reviewed,
        "skipped": [{"id": cid, "error": why} for cid, why in result.skipped],
        "categories": [
            {**asdict(c), "precision": c.precision, "recall": c.recall, "f1": c.f1,
             "clause_recall": c.clause_recall, "clause_precision": c.clause_precision}
            for c in result.categories
        ],
        "extraction": [{**asdict(e), "accuracy": e.accuracy} for e in result.extraction],
        "rules": [{**asdict(r), "precision": r.precision, "clause_precision": r.clause_precision}
                  for r in result.rules],
        "warnings": list(result.warnings),
    }
    if show_errors:
        data["errors"] = [asdict(e) for e in result.errors]
    return data


def figure(value: float | None) -> str:
    """A ratio as shown in tables: two decimals, or an en dash when undefined."""
    return "–" if value is None else f"{value:.2f}"


def category_rows(result: EvalResult) -> list[list[str]]:
    """One row per category: name, gold positives, TP, FP, FN, P, R, F1, clause recall, findings on gold."""
    return [[c.category, str(c.tp + c.fn), str(c.tp), str(c.fp), str(c.fn), figure(c.precision),
             figure(c.recall), figure(c.f1), figure(c.clause_recall), figure(c.clause_precision)]
            for c in result.categories]


CATEGORY_HEADER = ["Category", "Gold +", "TP", "FP", "FN", "Precision", "Recall", "F1",
                   "Clause recall", "Findings on gold"]
EXTRACTION_HEADER = ["Fact", "Contracts stating it", "Exact", "Accuracy", "Extracted where none stated"]


NAME_COLUMNS = frozenset({"Rule", "Category", "Fact"})  # left-aligned; every other column is a figure
RULE_HEADER = ["Rule", "Category", "Contracts fired", "Gold +", "Precision", "Findings", "On gold"]


def rule_rows(result: EvalResult) -> list[list[str]]:
    """One row per (rule, category): where it fired, how often rightly, and its findings on gold."""
    return [[r.rule_id, r.category, str(r.contracts), str(r.contracts_gold), figure(r.precision),
             str(r.findings), figure(r.clause_precision)] for r in result.rules]


def extraction_rows(result: EvalResult) -> list[list[str]]:
    """One row per extracted fact: name, stated, correct, accuracy, spurious."""
    return [[e.field, str(e.stated), str(e.correct), figure(e.accuracy),
             "–" if e.spurious is None else str(e.spurious)] for e in result.extraction]


def summary_line(result: EvalResult) -> str:
    """Contracts reviewed and skipped, and the rules version."""
    line = f"{result.reviewed} of {result.contracts} contracts reviewed"
    if result.skipped:
        line += f", {len(result.skipped)} could not be reviewed"
    return line + (f"; rules {result.rules_version[:12]}" if result.rules_version else "")


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Collapse whitespace and cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_markdown(result: EvalResult, *, show_errors: bool = False, per_rule: bool = True) -> str:
    """Markdown tables of the figures (per rule too unless ``per_rule`` is False; errors on request)."""
    out = [_table(CATEGORY_HEADER, category_rows(result)), "",
           _table(EXTRACTION_HEADER, extraction_rows(result)), "", summary_line(result) + "."]
    out += [f"- could not review `{cid}`: {shorten(why, 200)}" for cid, why in result.skipped]
    out += [f"- warning: {w}" for w in result.warnings]
    if per_rule and result.rules:
        out += ["", "Per rule (contracts where it fired, how many the lawyers marked, and the share of its "
                "findings on a gold clause):", "", _table(RULE_HEADER, rule_rows(result), left=2)]
    if show_errors and result.errors:
        out += ["", "## Errors", ""]
        out += [_error_line(e) for e in result.errors]
    return "\n".join(out) + "\n"


def _error_line(error: ErrorItem) -> str:
    rule = f" `{error.rule_id}`" if error.rule_id else ""
    text = shorten(error.text).replace("|", "\\|")
    return f"- **{error.category}** {error.level} {error.kind}{rule} — `{error.contract}`: {text}"


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    align = ["---"] * left + ["---:"] * (len(header) - left)  # names left, figures right
    return "\n".join([line(header), "| " + " | ".join(align) + " |"] + [line(r) for r in rows])
