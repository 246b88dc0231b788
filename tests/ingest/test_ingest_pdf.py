"""PDF ingestion on generated PDFs, with both engines: page map, headers/footers, encryption, scans."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from ingest_builders import DEJAVU, make_pdf, register_dejavu

from clausecheck import ingest
from clausecheck.ingest import pdf as pdf_reader

ENGINES = ["pdfium", "pypdf"]

BODY = [
    [
        "MASTER SERVICES AGREEMENT",
        "1. Term. The initial term is thirty-six (36) months.",
        "2. Renewal. This Agreement renews automatically.",
    ],
    [
        "3. Exclusivity. Customer shall use Provider exclusively.",
        "4. Fees. Customer pays monthly in arrears.",
    ],
    [
        "5. Termination. Either party may terminate for material breach.",
        "6. Notices. Notices must be written.",
    ],
    ["7. Export. Provider shall export Customer Data in CSV.", "8. Law. New York law governs."],
]


def _load(tmp_path: Path, data: bytes, engine: str, name: str = "c.pdf") -> ingest.Document:
    path = tmp_path / name
    path.write_bytes(data)
    return ingest.load(path, pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_page_map_places_each_clause_on_its_page(tmp_path: Path, engine: str) -> None:
    document = _load(tmp_path, make_pdf(BODY), engine)
    assert document.format == "pdf"
    assert document.pages == 4
    for number, lines in enumerate(BODY, start=1):
        for line in lines:
            offset = document.text.index(line)
            assert document.page_at(offset) == number, line
            assert document.page_at(offset + len(line) - 1) == number, line
    assert document.span(document.text.index("7. Export"), document.text.index("7. Export") + 9).page == 4


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("page_number", ["{n}", "- {n} -", "Page {n} of {total}", "Page {n}"])
def test_running_headers_footers_and_page_numbers_removed(
    tmp_path: Path, engine: str, page_number: str
) -> None:
    data = make_pdf(
        BODY,
        header="Acme Corp - Confidential - Execution Version",
        footer="Source: ACME CORP, 10-K, 3/1/2020",
        page_number=page_number,
    )
    document = _load(tmp_path, data, engine)
    assert "Confidential - Execution Version" not in document.text
    assert "Source: ACME" not in document.text
    assert "Page" not in document.text
    lines = document.text.split("\n")
    assert not any(line.strip(" -").isdigit() for line in lines), lines
    # What is left is exactly the contract, line for line, and each line still on its page.
    assert lines == [line for page in BODY for line in page]
    for number, page in enumerate(BODY, start=1):
        assert document.page_at(document.text.index(page[0])) == number


@pytest.mark.parametrize("engine", ENGINES)
def test_repeated_content_lines_are_not_taken_for_headers(tmp_path: Path, engine: str) -> None:
    # Signature pages repeat the same block on every page: content, not a running header.
    block = [
        "By: Holdings GP LLC, its general partner",
        "Name: Jane Roe",
        "By: Holdings GP LLC, its general partner",
    ]
    document = _load(tmp_path, make_pdf([block, block, block]), engine)
    assert document.text.count("By: Holdings GP LLC, its general partner") == 6


@pytest.mark.parametrize("engine", ENGINES)
def test_words_hyphenated_across_lines_are_joined(tmp_path: Path, engine: str) -> None:
    # Whether the hyphen stays is decided by the document's own words: "termination" occurs unbroken, so
    # "termi-nation" loses it; "employee" and "employer" are words here, so the compound keeps it.
    pages = [
        [
            "Each employee of Provider remains the employee of Provider as employer.",
            "The agreement renews unless either party gives notice of termi-",
            "nation. The license is non-",
            "exclusive and Customer's employee-",
            "employer obligations survive. Termination is effective on receipt.",
        ]
    ]
    document = _load(tmp_path, make_pdf(pages), engine)
    assert "notice of termination. The license is non-exclusive" in document.text
    assert "employee-employer obligations" in document.text


@pytest.mark.parametrize("engine", ENGINES)
def test_hyphenated_word_across_pages_keeps_page_map(tmp_path: Path, engine: str) -> None:
    pages = [
        ["Line one of the agreement.", "Customer shall give written notice of termi-"],
        ["nation to Provider. Termination takes effect in 30 days."],
    ]
    document = _load(tmp_path, make_pdf(pages), engine)
    assert "written notice of termination to Provider." in document.text
    assert document.page_at(document.text.index("termination to")) == 1
    assert document.page_at(document.text.index("Termination takes")) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_user_password_opens(tmp_path: Path, engine: str) -> None:
    document = _load(tmp_path, make_pdf(BODY, user_password=""), engine)
    assert "3. Exclusivity. Customer shall use Provider exclusively." in document.text
    assert document.page_at(document.text.index("3. Exclusivity")) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_image_only_pages_are_named_in_a_warning(tmp_path: Path, engine: str) -> None:
    document = _load(tmp_path, make_pdf(BODY, image_pages=frozenset({2, 4})), engine)
    assert document.warnings == (
        "pages 2, 4 have no text layer (image-only); their content was not read (OCR is not supported)",
    )
    assert "Exclusivity" not in document.text
    assert document.page_at(document.text.index("5. Termination")) == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_blank_page_gives_no_warning(tmp_path: Path, engine: str) -> None:
    document = _load(tmp_path, make_pdf([BODY[0], [], BODY[1]]), engine)
    assert document.warnings == ()
    assert document.page_at(document.text.index("3. Exclusivity")) == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_failed_pages_are_skipped_and_named(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pdf_reader._EXTRACTORS[engine]

    def failing(data: bytes, max_pages: int) -> tuple[list[str | None], list[bool]]:
        texts, images = real(data, max_pages)
        texts[1] = None  # the engine raised on page 2
        return texts, images

    monkeypatch.setitem(pdf_reader._EXTRACTORS, engine, failing)
    document = _load(tmp_path, make_pdf(BODY), engine)
    assert document.warnings == ("text extraction failed on page 2; the contract was only partly read",)
    assert document.unread_pages == (2,)
    assert "Exclusivity" not in document.text
    assert document.page_at(document.text.index("5. Termination")) == 3


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans not installed")
@pytest.mark.parametrize("engine", ENGINES)
def test_ligatures_are_expanded(tmp_path: Path, engine: str) -> None:
    font = register_dejavu()
    document = _load(
        tmp_path, make_pdf([["The \ufb01nal of\ufb01ce \ufb02ow is e\ufb00ective."]], font=font), engine
    )
    assert "The final office flow is effective." in document.text


def test_engines_agree_on_text(tmp_path: Path) -> None:
    data = make_pdf(BODY, footer="Source: ACME CORP, 10-K, 3/1/2020", page_number="{n}")
    first, second = (_load(tmp_path, data, engine) for engine in ENGINES)
    assert first.text == second.text
    assert first.page_starts == second.page_starts
    assert first.sha256 == second.sha256


def test_auto_engine_is_pdfium() -> None:
    assert pdf_reader.resolve_engine("auto") == "pdfium"
    assert pdf_reader.resolve_engine("PYPDF") == "pypdf"


def test_policy_engine_used_unless_one_is_passed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck.policy import Policy

    used: list[str] = []
    for engine in ENGINES:
        real = pdf_reader._EXTRACTORS[engine]
        monkeypatch.setitem(
            pdf_reader._EXTRACTORS,
            engine,
            lambda data, pages, e=engine, f=real: used.append(e) or f(data, pages),
        )
    path = tmp_path / "c.pdf"
    path.write_bytes(make_pdf(BODY))
    ingest.load(path, policy=Policy(pdf_engine="pypdf"))
    ingest.load(path, pdf_engine="pdfium", policy=Policy(pdf_engine="pypdf"))
    ingest.load(path)
    assert used == ["pypdf", "pdfium", "pdfium"]


def _fake_engine(monkeypatch: pytest.MonkeyPatch, texts: list[str]) -> None:
    monkeypatch.setitem(
        pdf_reader._EXTRACTORS, "pdfium", lambda data, pages: (list(texts), [False] * len(texts))
    )


def test_undecodable_pages_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A font without a Unicode map yields private-use code points: that page was not really read.
    _fake_engine(monkeypatch, ["1. Term. Twelve months.", "\ue001\ue002\ue003 \ue004\ue005", "2. Fees."])
    document = _load(tmp_path, make_pdf(BODY), "pdfium")
    assert document.warnings == (
        "page 2 has text that cannot be decoded (a font without a Unicode map); the contract was only partly read",
    )


def test_pdf_with_only_undecodable_text_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck.errors import IngestError

    _fake_engine(monkeypatch, ["\ue001\ue002\ue003 \ue004", "", "\ufffd\ufffd\ufffd x"])
    with pytest.raises(IngestError) as info:
        _load(tmp_path, make_pdf(BODY), "pdfium")
    assert info.value.message == (
        "PDF text cannot be decoded (its fonts have no Unicode map) and OCR is not supported"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_filled_form_fields_are_read(tmp_path: Path, engine: str) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "order-form.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "ORDER FORM")
    pdf.showPage()
    pdf.drawString(72, 720, "Initial Term:")
    pdf.acroForm.textfield(name="term", value="thirty-six (36) months", x=200, y=710, width=220, height=20)
    pdf.acroForm.checkbox(name="renew", checked=True, x=72, y=650)
    pdf.showPage()
    pdf.save()
    document = ingest.load(path, pdf_engine=engine)
    assert "Initial Term:\nthirty-six (36) months" in document.text
    assert document.page_at(document.text.index("thirty-six")) == 2
    assert "/Yes" not in document.text


@pytest.mark.parametrize("engine", ENGINES)
def test_scanned_page_under_a_typed_footer_is_named(tmp_path: Path, engine: str) -> None:
    data = make_pdf(
        BODY, footer="Source: ACME CORP, 10-K, 3/1/2020", page_number="{n}", image_pages=frozenset({3})
    )
    document = _load(tmp_path, data, engine)
    assert document.warnings == (
        "page 3 has no text layer (image-only); its content was not read (OCR is not supported)",
    )
    assert "Source:" not in document.text
    assert document.page_at(document.text.index("7. Export")) == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_scan_with_only_typed_footers_has_no_text_layer(tmp_path: Path, engine: str) -> None:
    from clausecheck.errors import IngestError

    data = make_pdf(BODY, footer="Source: ACME CORP, 10-K, 3/1/2020", image_pages=frozenset({1, 2, 3, 4}))
    with pytest.raises(IngestError) as info:
        _load(tmp_path, data, engine)
    assert info.value.message == "PDF has no text layer (scanned or image-only) and OCR is not supported"


# ------------------------------------------------------------------ pages whose content stream was not read


def _three_page_pdf(middle_page: bytes, middle_objects: tuple[bytes, ...] = ()) -> bytes:
    """Pages 1 and 3 show a clause each; page 2's dictionary ends with ``middle_page`` (its /Contents, if any).

    ``middle_objects`` are appended as objects 8, 9, ... for page 2 to point at.
    """
    def text_stream(line: str) -> bytes:
        data = zlib.compress(b"BT /F1 10 Tf 50 700 Td (" + line.encode() + b") Tj ET")
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"

    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R 7 0 R] /Count 3 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page + b"/Contents 5 0 R >>",
        text_stream("1. Term. The initial term is thirty-six (36) months."),
        page + middle_page + b" >>",
        page + b"/Contents %d 0 R >>" % (8 + len(middle_objects)),
        *middle_objects,
        text_stream("3. Fees. Customer pays monthly in arrears."),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _flate_stream(data: bytes) -> bytes:
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


_GOOD_FLATE = zlib.compress(b"BT /F1 10 Tf 50 700 Td (2. Renewal. This Agreement renews.) Tj ET")
_CORRUPT_FLATE = _GOOD_FLATE[:2] + bytes(b ^ 0x55 for b in _GOOD_FLATE[2:])
BROKEN_CONTENTS = {
    "corrupt-flate": (b"/Contents 8 0 R", (_flate_stream(_CORRUPT_FLATE),)),
    "missing-object": (b"/Contents 99 0 R", ()),
    "array-with-missing-object": (b"/Contents [8 0 R 98 0 R]", (_flate_stream(zlib.compress(b"q Q")),)),
    "corrupt-flate-in-array": (b"/Contents [8 0 R]", (_flate_stream(_CORRUPT_FLATE),)),
}
BLANK_CONTENTS = {
    "no-contents": (b"", ()),
    "empty-stream": (b"/Contents 8 0 R", (b"<< /Length 0 >>\nstream\n\nendstream",)),
    "compressed-empty-stream": (b"/Contents 8 0 R", (_flate_stream(zlib.compress(b"")),)),
    "empty-array": (b"/Contents []", ()),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(BROKEN_CONTENTS))
def test_page_whose_contents_do_not_decode_is_named_as_unread(tmp_path: Path, engine: str, case: str) -> None:
    middle, objects = BROKEN_CONTENTS[case]
    document = _load(tmp_path, _three_page_pdf(middle, objects), engine)
    assert document.warnings == ("text extraction failed on page 2; the contract was only partly read",)
    assert document.unread_pages == (2,)
    assert document.page_at(document.text.index("3. Fees")) == 3
    assert document.page_at(document.text.index("1. Term")) == 1


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(BLANK_CONTENTS))
def test_genuinely_blank_page_is_not_flagged(tmp_path: Path, engine: str, case: str) -> None:
    middle, objects = BLANK_CONTENTS[case]
    document = _load(tmp_path, _three_page_pdf(middle, objects), engine)
    assert document.warnings == ()
    assert document.unread_pages == ()
    assert document.page_at(document.text.index("3. Fees")) == 3


def test_readable_middle_page_is_read(tmp_path: Path) -> None:
    """The builder's control: the same page with an intact stream reads, so the cases above test the stream."""
    document = _load(tmp_path, _three_page_pdf(b"/Contents 8 0 R", (_flate_stream(_GOOD_FLATE),)), "pdfium")
    assert document.page_at(document.text.index("2. Renewal")) == 2
    assert document.unread_pages == ()


def test_pdfium_load_errors_are_given_in_words() -> None:
    class Failure(Exception):
        def __init__(self, message: str, err_code: int | None) -> None:
            super().__init__(message)
            self.err_code = err_code

    assert pdf_reader._pdfium_failure(Failure("Failed to load document (PDFium: Success).", 0)) == (
        "is not a readable PDF"
    )
    assert pdf_reader._pdfium_failure(Failure("Failed to load document (PDFium: Data format error).", 3)) == (
        "is not a readable PDF (data format error)"
    )
    assert pdf_reader._pdfium_failure(Failure("Failed to load document.", None)) == "is not a readable PDF"
    assert pdf_reader._pdfium_failure(Failure("Failed to load document (PDFium: Success).", None)) == (
        "is not a readable PDF"
    )
    assert pdf_reader._pdfium_failure(Failure("Failed (PDFium: Unknown error).", 1)) == (
        "is not a readable PDF (unknown error)"
    )


def test_damaged_pdf_error_has_no_meaningless_reason(tmp_path: Path) -> None:
    from clausecheck.errors import IngestError

    with pytest.raises(IngestError) as info:
        _load(tmp_path, b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "pdfium")
    assert "success" not in str(info.value).lower()
    assert info.value.message == "is not a readable PDF (data format error)"
