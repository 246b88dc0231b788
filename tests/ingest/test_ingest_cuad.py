"""Real filing PDFs from the CUAD dev set: sentences land on the right page; text matches the corpus TXT.

The expected pages were read once with ``pdftotext -f N -l N`` while writing this test.
"""

from __future__ import annotations

import json
import os
import re
import statistics
from pathlib import Path

import pytest

from clausecheck import ingest

ROOT = Path(__file__).resolve().parents[2]
CUAD = Path(os.environ.get("CLAUSECHECK_CUAD_DEV", ROOT.parent / "shared" / "cuad-dev"))
pytestmark = pytest.mark.skipif(not (CUAD / "labels.jsonl").exists(), reason="CUAD dev set not present")

# (PDF file name prefix, sentence as printed, page it is printed on)
PLACED = [
    (
        "AMBASSADOREYEWEARGROUPINC",
        "Diplomat. The minimum royalty for the 2nd, 3rd and 4th License Years shall be",
        2,
    ),
    # One PDF page holds several printed pages here: the printed "2" sits mid-page and stays.
    (
        "AMBASSADOREYEWEARGROUPINC",
        "wholesale volume for any particular License Year under subparagraph 3(a)",
        2,
    ),
    (
        "AMBASSADOREYEWEARGROUPINC",
        "consist of no more than eight (8) working hours. The photo shoots shall be",
        2,
    ),
    (
        "AMBASSADOREYEWEARGROUPINC",
        "produced by SW, approved in writing by Diplomat (which approval shall not be",
        3,
    ),  # first line of page 3
    ("AMBASSADOREYEWEARGROUPINC", "Diplomat agrees that the products covered by this Agreement", 4),
    ("AMBASSADOREYEWEARGROUPINC", "KATHY IRELAND, President", 7),  # last line
    ("AMBASSADOREYEWEARGROUPINC", "THE STERLING/WINTERS CO. By /s/ Jason Winters", 8),  # first lines
    ("HfEnterprisesInc", "3.1. Subject to Developer’s expressly granted rights under this Agreement", 2),
    ("HfEnterprisesInc", "9.8. Notice. All notices sent under this Agreement shall be in writing", 4),
    (
        "LegacyEducationAllianceInc",
        "1.4. The term “Confidential Information” means any and all information",
        2,
    ),
    (
        "LegacyEducationAllianceInc",
        "10.1.7 Licensed Intellectual Property, or any portion thereof, does not interfere",
        9,
    ),
    ("LegacyEducationAllianceInc", "Email Invite Contact Method- Quarterly", 18),
    ("FTENETWORKS,INC", "A. Subcontractor shall perform work for EDGE referred to as", 2),
    (
        "FTENETWORKS,INC",
        "C. The obligations of this Section 13 shall survive termination of this Agreement.",
        7,
    ),
    (
        "NlsPharmaceuticsLtd",
        "Licensor shall provide the Licensee the Dossier, any updates and variations to the",
        14,
    ),
    ("NlsPharmaceuticsLtd", "Sales Forecast Latin America – in units", 28),
]
# A quick, varied subset for the normal run; the slow test covers all 60.
QUICK = [
    "AMBASSADOREYEWEARGROUPINC",
    "HfEnterprisesInc",
    "FTENETWORKS,INC",
    "Columbia Laboratories",
    "GALERATHERAPEUTICS",
    "BIOFRONTERAAG",
]


def _pdf(prefix: str) -> Path:
    matches = sorted((CUAD / "pdf").glob(f"{prefix}*.pdf"))
    assert len(matches) == 1, (prefix, matches)
    return matches[0]


def _pattern(sentence: str) -> re.Pattern[str]:
    # Line breaks and spacing differ between extractors; words and their order must not.
    return re.compile(r"\s+".join(re.escape(word) for word in sentence.split()))


@pytest.fixture(scope="module")
def documents() -> dict[tuple[str, str], ingest.Document]:
    return {}


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
@pytest.mark.parametrize(("prefix", "sentence", "page"), PLACED, ids=[f"{p[0][:12]}-p{p[2]}" for p in PLACED])
def test_known_sentence_lands_on_its_page(
    documents: dict[tuple[str, str], ingest.Document], engine: str, prefix: str, sentence: str, page: int
) -> None:
    key = (prefix, engine)
    if key not in documents:
        documents[key] = ingest.load(_pdf(prefix), pdf_engine=engine)
    document = documents[key]
    match = _pattern(sentence).search(document.text)  # the first occurrence: some filings repeat passages
    assert match is not None, f"{sentence!r} not found"
    start, end = match.span()
    assert document.page_at(start) == page
    assert document.page_at(end - 1) == page


def _rows() -> list[dict[str, str]]:
    rows = [json.loads(line) for line in (CUAD / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if row.get("pdf")]


def _similarity(row: dict[str, str], engine: str) -> float:
    from rapidfuzz import fuzz

    document = ingest.load(CUAD / row["pdf"], pdf_engine=engine)
    corpus = (CUAD / row["txt"]).read_text(encoding="utf-8")
    return fuzz.ratio(" ".join(document.text.split()), " ".join(corpus.split()))


def test_text_close_to_corpus_txt_quick() -> None:
    rows = [row for row in _rows() if any(row["id"].startswith(prefix) for prefix in QUICK)]
    assert len(rows) == len(QUICK)
    scores = [_similarity(row, "pdfium") for row in rows]
    # The corpus TXT keeps running headers/footers and straight quotes; the rest must match.
    assert min(scores) >= 90, scores
    assert statistics.mean(scores) >= 96, scores


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_text_close_to_corpus_txt_all(engine: str) -> None:
    rows = _rows()
    assert len(rows) == 60
    scores = {row["id"]: _similarity(row, engine) for row in rows}
    worst = sorted(scores.items(), key=lambda item: item[1])[:3]
    assert min(scores.values()) >= 90, worst
    assert statistics.mean(scores.values()) >= 98, worst
