"""The shipped rules on the AI-vendor learning set (benchmarks/vendor-learn): floors, look-alikes, set hygiene.

The set is read when writing rules (it has no held-out half); these tests keep what was learnt from being lost
and keep the set itself clean. Figures: benchmarks/vendor-learn/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vendor_bench import assert_well_formed, bench, lookalikes, wrong_values

ROOT = Path(__file__).resolve().parents[1]
CLAUSES = ROOT / "benchmarks" / "vendor-learn" / "clauses.jsonl"
# The second batch (l054-l111), labelled before any rule ran on it (0.70 / 0.18 then, accuracy-before-batch2.md),
# is read when writing rules too: well formed, traceable to an archived commit or a public URL, distinct from every
# other set, and since the rule work that learned from it, held to floors of its own.
BATCH2 = ROOT / "benchmarks" / "vendor-learn" / "batch2.jsonl"
OTHER_SETS = (ROOT.parent / "shared" / "vendor-dev" / "clauses.jsonl",
              ROOT / "benchmarks" / "vendor-public" / "clauses.jsonl")

# Measured 2026-11-28 after the rule work of two rounds: 0.96 / 0.75 (benchmarks/vendor-learn/accuracy-after.md;
# 0.89 / 0.47 the round before); batch2 0.94 / 0.45 (accuracy-after-batch2.md). The floors sit a little under
# them so unrelated rule work has room.
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.68
BATCH2_PRECISION_FLOOR = 0.88
BATCH2_RECALL_FLOOR = 0.40



def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


RECORDS = _read(CLAUSES)
BATCH2_RECORDS = _read(BATCH2)


@pytest.fixture(scope="module")
def results():
    return {r.id: r for r in bench.review(RECORDS)}


def _assert_floors(results, precision_floor: float, recall_floor: float) -> None:
    tp, fp, fn = bench.totals(bench.score(list(results.values())))
    assert tp / (tp + fp) >= precision_floor, bench.to_markdown(list(results.values()))
    assert tp / (tp + fn) >= recall_floor, bench.to_markdown(list(results.values()))


def test_set_keeps_its_measured_precision_and_recall(results):
    _assert_floors(results, PRECISION_FLOOR, RECALL_FLOOR)


@pytest.fixture(scope="module")
def batch2_results():
    return {r.id: r for r in bench.review(BATCH2_RECORDS)}


def test_batch2_keeps_its_measured_precision_and_recall(batch2_results):
    _assert_floors(batch2_results, BATCH2_PRECISION_FLOOR, BATCH2_RECALL_FLOOR)


@pytest.mark.parametrize(("clause_id", "label"), lookalikes(BATCH2_RECORDS))
def test_batch2_lookalike_clause_raises_no_risk_of_its_label(batch2_results, clause_id, label):
    assert label not in batch2_results[clause_id].detected, f"{clause_id} flagged as {label}"


@pytest.mark.parametrize(("clause_id", "label"), lookalikes(RECORDS))
def test_lookalike_clause_raises_no_risk_of_its_label(results, clause_id, label):
    result = results[clause_id]
    assert label not in result.detected, f"{clause_id} flagged as {label}: {result.hits}"


@pytest.mark.parametrize(("clause_id", "label"), [
    ("l011", "output_or_model_restrictions"),  # "use any Service to help develop ... competitive with any Service"
    ("l038", "output_or_model_restrictions"),  # "use ... ML Services to, directly or indirectly, develop ... competing"
    ("l037", "data_use_for_training"),  # "use and store ... Content ... to develop and improve ... AI technologies"
    ("l039", "data_use_for_training"),
    ("l020", "price_change"),  # "may make changes to this Agreement (including the URL Terms) and pricing"
    ("l048", "price_change"),  # "will notify you in advance of any change in the amount to be charged"
])
def test_shapes_learnt_from_the_set_are_still_found(results, clause_id, label):
    assert label in results[clause_id].detected, results[clause_id].hits


def test_every_number_read_from_a_clause_is_the_stated_one(results):
    assert wrong_values(results) == []


def test_records_are_well_formed_with_a_traceable_source():
    assert_well_formed(RECORDS, 53, r"^github:[\w.-]+/[\w.-]+/.+@[0-9a-f]{12}\b")
    assert [r["id"] for r in RECORDS] == [f"l{i:03d}" for i in range(1, 54)]


def test_second_batch_is_well_formed_with_a_traceable_source():
    assert_well_formed(BATCH2_RECORDS, 58, r"^(github:[\w.-]+/[\w.-]+/.+@[0-9a-f]{12}\b|https://\S+ \(.+\))")
    assert [r["id"] for r in BATCH2_RECORDS] == [f"l{i:03d}" for i in range(54, 112)]


def _repeats(records: list[dict], texts: list[str]) -> list[tuple[str, int]]:
    from rapidfuzz import fuzz

    return [(r["id"], round(score)) for r in records
            if (score := max(fuzz.partial_ratio(r["text"][:300], text) for text in texts)) > 80]


@pytest.mark.parametrize("records", [RECORDS, BATCH2_RECORDS], ids=["batch1", "batch2"])
@pytest.mark.parametrize("other", OTHER_SETS, ids=["vendor-dev", "vendor-public"])
def test_no_clause_repeats_a_clause_of_the_other_sets(other, records):
    if not other.is_file():
        pytest.skip(f"clauses not found at {other}")
    assert _repeats(records, [r["text"] for r in _read(other)]) == []


def test_second_batch_repeats_no_clause_of_the_first_or_of_itself():
    assert _repeats(BATCH2_RECORDS, [r["text"] for r in RECORDS]) == []
    for i, record in enumerate(BATCH2_RECORDS):
        assert _repeats([record], [r["text"] for r in BATCH2_RECORDS[:i] + BATCH2_RECORDS[i + 1:]]) == []
