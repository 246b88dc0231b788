"""TXT/MD encodings and the normalisation every format goes through."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from clausecheck import ingest
from clausecheck.ingest import normalize

TEXT = "1. Term\nThe “Initial Term” is 36 months — see § 4.\n\n(a) Café fees: €1,000.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "warning"),
    [
        (TEXT.encode("utf-8"), "utf-8", None),
        (
            codecs.BOM_UTF8 + TEXT.encode("utf-8"),
            "utf-8-sig",
            "text encoding is UTF-8 with BOM; decoded accordingly",
        ),
        (
            codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
            "utf-16-le",
            "text encoding is UTF-16 LE (with BOM); decoded accordingly",
        ),
        (
            codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
            "utf-16-be",
            "text encoding is UTF-16 BE (with BOM); decoded accordingly",
        ),
        (TEXT.encode("cp1252"), "cp1252", "text is not valid UTF-8; decoded as Windows-1252 (cp1252)"),
        (
            TEXT.replace("€", "\x00").encode("utf-8").replace(b"\x00", "€".encode("cp1252")),
            "utf-8+cp1252",
            "text is mostly UTF-8 with some Windows-1252 (cp1252) bytes; read both",
        ),
        (
            TEXT.encode("utf-16-le"),
            "utf-16-le",
            "text has no byte-order mark but looks like UTF-16-LE; decoded as such",
        ),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str, warning: str | None) -> None:
    path = tmp_path / "contract.txt"
    path.write_bytes(data)
    document = ingest.load(path)
    assert document.text == TEXT.rstrip("\n")
    assert document.encoding == encoding
    assert document.warnings == ((warning,) if warning else ())
    assert document.format == "txt"
    assert document.page_starts == (0,)
    assert document.page_at(5) is None


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.md", "md"), ("a.markdown", "md"), ("a.text", "txt"), ("A.TXT", "txt")]
)
def test_text_extensions(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text("# 1. Term\n\nTwelve months.\n", encoding="utf-8")
    document = ingest.load(path)
    assert (document.format, document.text) == (fmt, "# 1. Term\n\nTwelve months.")


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "a.txt"
    path.write_bytes(b"Term.\r\n")
    assert ingest.load(path).sha256 == hashlib.sha256(b"Term.\r\n").hexdigest()


def test_text_cleanup_keeps_line_breaks(tmp_path: Path) -> None:
    raw = (
        "1.\tTerm\u00a0and\u2002renewal  \r\n\r\n\r\n\r\n(a)\u200b e\u0301te\u00ad\nrnal "
        "\ufb01nancing \ufb02ows\x07\r\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(raw, encoding="utf-8")
    text = ingest.load(path).text
    # tabs and exotic spaces become spaces, CRLF becomes LF, blank runs shrink to one blank line, NFC,
    # soft hyphen joins the word, ligatures expand, control characters go, indentation runs are kept.
    assert text == "1. Term and renewal\n\n(a) \u00e9ternal financing flows"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12", True),
        ("- 12 -", True),
        ("— 3 —", True),
        ("Page 3 of 10", True),
        ("page 4", True),
        ("ii", True),
        ("3/10", True),
        ("12.", False),
        ("(iv)", False),
        ("Section 12", False),
        ("1.1", False),
        ("2020 Fees", False),
    ],
)
def test_page_number_lines(line: str, expected: bool) -> None:
    assert normalize.is_page_number(line) is expected


def test_glued_clause_numbers_get_their_space() -> None:
    page = (
        "1.Definitions\n1.1“Affiliate” means any entity.\n3M Company is a party.\n2.5x is lower-case.\n"
        "(a)It is agreed.\n(iv)The fee.\n(12)Notices.\n(ABC)Co. is a party."
    )
    pages = [page]
    assert normalize.pages_to_text(pages, pdf=True).text == (
        "1. Definitions\n1.1 “Affiliate” means any entity.\n3M Company is a party.\n2.5x is lower-case.\n"
        "(a) It is agreed.\n(iv) The fee.\n(12) Notices.\n(ABC) Co. is a party."
    )


def test_pdfium_hyphen_marker_and_drawn_soft_hyphens() -> None:
    # PDFium reports a line-end hyphen as U+FFFE with no line break; a drawn soft hyphen is a hyphen.
    pages = ["The Mid\xadTier company and the agree\ufffement under the NON\ufffeINFRINGEMENT clause."]
    text = normalize.pages_to_text(pages, pdf=True).text
    assert text == "The Mid-Tier company and the agreement under the NON-INFRINGEMENT clause."


def test_page_starts_follow_removed_lines() -> None:
    pages = [f"ACME CONFIDENTIAL\nClause {n} text on page {n}.\n{n}" for n in range(1, 6)]
    result = normalize.pages_to_text(pages, pdf=True)
    assert result.text == "\n".join(f"Clause {n} text on page {n}." for n in range(1, 6))
    assert result.removed_lines == 10
    for n in range(1, 6):
        assert result.page_starts[n - 1] == result.text.index(f"Clause {n} ")


def test_two_page_document_keeps_a_line_repeated_only_once() -> None:
    pages = ["Title\nBody one.", "Other\nBody two."]
    assert normalize.pages_to_text(pages, pdf=True).text == "Title\nBody one.\nOther\nBody two."


def test_clause_numbers_at_page_tops_are_not_headers() -> None:
    bodies = ["Term.", "Renewal.", "Fees.", "Exclusivity.", "Export.", "Exit."]
    pages = [f"{n}.\n{body}" for n, body in enumerate(bodies, start=1)]
    assert normalize.pages_to_text(pages, pdf=True).text == "\n".join(pages)


def test_lines_differing_in_two_numbers_are_content() -> None:
    pages = [f"Schedule {n} of Order {n + 10} applies.\nBody {'x' * n}." for n in range(1, 6)]
    assert normalize.pages_to_text(pages, pdf=True).text == "\n".join(pages)


def test_dehyphenation_leaves_dashes_and_numbers_alone() -> None:
    text = normalize.normalize_text("Term -\n(a) the W-\n8BEN form and 2019-\n2020 period")
    assert text == "Term -\n(a) the W-8BEN form and 2019-2020 period"


def _word(n: int) -> str:
    """A distinct lower-case word per number (aa, ab, ...), so pages differ in words, not only digits."""
    return "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in str(n))


def test_page_map_with_many_pages_and_breaks() -> None:
    # Thousands of joins (within and across pages) must keep every later page start exact.
    pages = [
        f"Page {_word(n)} starts here with a termi-\nnation of {_word(n)} and agree-\nment of {_word(n)} and "
        f"conti-\nnued {_word(n)}."
        for n in range(1, 3001)
    ]
    result = normalize.pages_to_text(pages, pdf=True)
    assert result.text.startswith(
        "Page b starts here with a termination of b and agreement of b and continued b.\nPage c"
    )
    assert len(result.page_starts) == 3000
    for n in (1, 2, 1500, 3000):
        assert result.text[result.page_starts[n - 1] :].startswith(f"Page {_word(n)} starts here")


def test_identical_pages_with_more_lines_than_an_edge_are_content() -> None:
    page = "Whereas the parties agree.\nClause one.\nClause two.\nClause three.\nClause four.\nEnd."
    assert normalize.pages_to_text([page] * 4, pdf=True).text == "\n".join([page] * 4)


def test_alternating_odd_even_headers_are_removed() -> None:
    pages = []
    for n in range(1, 8):
        header = "MASTER SERVICES AGREEMENT" if n % 2 else "Acme Corp. and Beta LLC"
        pages.append(f"{header}\nBody of page {'abcdefg'[n - 1]} text.\n{n}")
    assert normalize.pages_to_text(pages, pdf=True).text == "\n".join(
        f"Body of page {letter} text." for letter in "abcdefg"
    )
