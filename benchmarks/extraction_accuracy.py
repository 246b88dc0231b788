"""Extraction accuracy of clausecheck.engine.facts on a CUAD-format labels file.

Prints three figures: initial term exact, renewal notice exact, renewal term exact.
Usage: python benchmarks/extraction_accuracy.py [LABELS.jsonl] [--pdf] [--show-errors]
(--pdf: only the contracts with a PDF, read through clausecheck.ingest, to check robustness to PDF layout)

Normalisation of the lawyers' answers: a month is 30 days, a week 7 days, a year 365 days (notice)
or 12 months (renewal term); "successive 1 year" = 12 months; several answers separated by ";" or ","
each count as correct; answers without a number and unit ("perpetual", "[]") are excluded.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.engine import facts as facts_mod
from clausecheck.model import Clause, Document, Facts

DEFAULT_LABELS = Path(__file__).resolve().parents[2] / "shared" / "cuad-dev" / "labels.jsonl"
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\)?\s*(day|week|month|year)s?", re.IGNORECASE)
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_MONTHS = {"day": 1 / 30, "week": 7 / 30, "month": 1, "year": 12}


def answer_values(answer: str | None, per_unit: dict[str, float]) -> set[int]:
    """Every value an answer allows ("6 months; 12 months" -> {180, 360} in days)."""
    values: set[int] = set()
    for part in re.split(r"[;,]", answer or ""):
        found = _AMOUNT.findall(part)
        if found:
            number, unit = found[-1]
            values.add(round(float(number) * per_unit[unit.lower()]))
    return values


def clauses_of(document: Document) -> list[Clause]:
    """Clauses from clausecheck.segment when it exists, else one clause holding the whole text."""
    try:
        from clausecheck import segment

        return list(segment.split(document))
    except ImportError:
        span = document.span(0, len(document.text))
        return [Clause(index=0, number=None, heading=None, span=span, text=document.text)]


def roles_of(document: Document, clauses: list[Clause]) -> dict[str, str]:
    """Party roles from clausecheck.engine.parties when it exists."""
    try:
        from clausecheck.engine import parties
        from clausecheck.policy import Policy

        return parties.find(document, clauses, Policy().buyer_names)
    except ImportError:
        return {}


@dataclass
class Score:
    """Exact-match count over the contracts that state a value."""

    name: str
    hits: int = 0
    total: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def add(self, ok: bool, message: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.errors.append(message)


def extract_one(row: dict, root: Path, pdf: bool = False) -> Facts:
    """Facts of one labelled contract (its TXT, or its PDF through clausecheck.ingest with ``pdf``)."""
    if pdf:
        from clausecheck import ingest

        document = ingest.load(root / row["pdf"])
    else:
        text = (root / row["txt"]).read_text(encoding="utf-8", errors="replace")
        document = Document(path=row["txt"], format="txt", text=text, sha256="")
    clauses = clauses_of(document)
    return facts_mod.extract(document, clauses, roles_of(document, clauses), None)[0]


def measure(labels: Path = DEFAULT_LABELS, pdf: bool = False) -> tuple[Score, Score, Score]:
    """Score initial term, renewal notice and renewal term extraction over a labels file (PDF subset with ``pdf``)."""
    term, notice, renewal = Score("initial_term_months"), Score("renewal_notice_days"), Score("renewal_term_months")
    for line in labels.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        answers = row.get("answers", {})
        gold_term = row.get("initial_term_months")
        gold_notice = answer_values(answers.get("Notice Period To Terminate Renewal"), _DAYS)
        gold_renewal = answer_values(answers.get("Renewal Term"), _MONTHS)
        if gold_term is None and not gold_notice and not gold_renewal or (pdf and not row.get("pdf")):
            continue
        got = extract_one(row, labels.parent, pdf)
        if gold_term is not None:
            term.add(got.initial_term_months == gold_term, f"{row['id']}: got {got.initial_term_months} want "
                                                           f"{gold_term}")
        if gold_notice:
            notice.add(got.renewal_notice_days in gold_notice, f"{row['id']}: got {got.renewal_notice_days} want "
                                                               f"{sorted(gold_notice)}")
        if gold_renewal:
            renewal.add(got.renewal_term_months in gold_renewal, f"{row['id']}: got {got.renewal_term_months} want "
                                                                 f"{sorted(gold_renewal)}")
    return term, notice, renewal


def main(argv: list[str]) -> int:
    """Print the three figures (and the misses with --show-errors)."""
    paths = [a for a in argv if not a.startswith("--")]
    scores = measure(Path(paths[0]) if paths else DEFAULT_LABELS, pdf="--pdf" in argv)
    for score in scores:
        print(f"{score.name:24} {score.hits:4}/{score.total:<4} {score.rate:6.1%}")
        if "--show-errors" in argv:
            for message in score.errors:
                print("   ", message)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
