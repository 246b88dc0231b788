"""Measured accuracy: score clausecheck's findings and facts against a lawyer-labelled corpus.

``evaluate(labels_path, policy)`` reviews every labelled contract and returns an ``EvalResult``; the
parts (labels file, gold-clause location and overlap, answer normalisation, scores, rendering) are
importable for tests and for other corpora. Metric definitions: docs/labels-format.md.
"""

from clausecheck.evaluate.answers import Duration, days_match, months_match, parse_answer, to_months
from clausecheck.evaluate.labels import GoldLabel, LabelledContract, load_labels
from clausecheck.evaluate.overlap import (
    LABEL_PREFIX,
    OVERLAP_THRESHOLD,
    Compressed,
    GoldClause,
    Prediction,
    categories_of,
    compress,
    hits,
    locate,
    overlap,
    predictions_from,
    token_overlap,
)
from clausecheck.evaluate.render import to_dict, to_markdown
from clausecheck.evaluate.runner import evaluate, review_contract, run
from clausecheck.evaluate.scoring import (
    CategoryScore,
    ContractOutcome,
    ErrorItem,
    EvalResult,
    ExtractionScore,
    score,
)

__all__ = [
    "LABEL_PREFIX", "OVERLAP_THRESHOLD", "CategoryScore", "Compressed", "ContractOutcome", "Duration",
    "ErrorItem", "EvalResult", "ExtractionScore", "GoldClause", "GoldLabel", "LabelledContract", "Prediction",
    "categories_of", "compress", "days_match", "evaluate", "hits", "load_labels", "locate", "months_match",
    "overlap", "parse_answer", "predictions_from", "review_contract", "run", "score", "to_dict",
    "to_markdown", "to_months", "token_overlap",
]
