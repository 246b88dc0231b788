"""Bad inputs: each becomes one IngestError (exit 3) with a one-line message and hint, and the path."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_builders import base_docx, cfb_with_streams, make_pdf, rewrite_zip, zip_bytes

from clausecheck import ingest
from clausecheck.errors import ConfigError, IngestError
from clausecheck.policy import Policy

PAGES = [["1. Term. This Agreement starts on the Effective Date."], ["2. Fees. Customer pays monthly."]]


def _write(name: str, data: bytes | None) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        if data is None:
            path.mkdir()
        else:
            path.write_bytes(data)
        return path

    return build


def _truncated_pdf() -> bytes:
    data = make_pdf(PAGES)
    return data[: len(data) // 3]


def _corrupt_docx() -> bytes:
    data = base_docx(["Hello"])
    return data[:200] + b"\x00" * 50 + data[250 : len(data) // 2]


CASES = [
    # id, builder, message, hint fragment
    ("missing", lambda tmp: tmp / "nope.pdf", "file does not exist", "check the path"),
    ("directory", _write("folder.pdf", None), "is a directory, not a file", "pass contract files"),
    ("empty", _write("empty.txt", b""), "file is empty (0 bytes)", "export or download"),
    (
        "unknown-extension",
        _write("contract.xyz", b"Term."),
        "unsupported file type '.xyz'",
        "supported formats: PDF (.pdf), Word (.docx), text (.txt, .text), Markdown (.md, .markdown)",
    ),
    (
        "pdf-without-extension",
        _write("contract", make_pdf(PAGES)),
        "unsupported file type '(no extension)'; it looks like a PDF file",
        "supported formats",
    ),
    (
        "truncated-pdf",
        _write("cut.pdf", _truncated_pdf()),
        "is not a readable PDF (data format error)",
        "truncated or corrupt",
    ),
    (
        "password-pdf",
        _write("locked.pdf", make_pdf(PAGES, user_password="s3cret")),
        "PDF is password-protected",
        "remove the password",
    ),
    (
        "image-only-pdf",
        _write("scan.pdf", make_pdf([[], []], image_pages=frozenset({1, 2}))),
        "PDF has no text layer (scanned or image-only) and OCR is not supported",
        "run OCR first",
    ),
    (
        "text-named-pdf",
        _write("notes.pdf", b"Just some text, not a PDF.\n"),
        "is not a PDF (no %PDF header)",
        "damaged",
    ),
    (
        "zip-named-pdf",
        _write("x.pdf", zip_bytes({"a.txt": b"hi"})),
        "is a ZIP archive, not a PDF",
        "rename it to .docx",
    ),
    (
        "corrupt-docx",
        _write("broken.docx", _corrupt_docx()),
        "is not a valid DOCX: the ZIP archive is damaged (File is not a zip file)",
        "save it again",
    ),
    (
        "doc-renamed-docx",
        _write("old.docx", cfb_with_streams("Root Entry", "WordDocument", "1Table")),
        "is a legacy Word 97-2003 document (.doc), not a .docx",
        "save it as .docx or PDF",
    ),
    (
        "encrypted-office",
        _write("locked.docx", cfb_with_streams("EncryptionInfo", "EncryptedPackage")),
        "is a password-protected (encrypted) Office document, not a .docx",
        "remove the password",
    ),
    (
        "rtf-named-docx",
        _write("memo.docx", b"{\\rtf1\\ansi Hello}"),
        "is an RTF document, not a .docx",
        "save it as .docx or PDF",
    ),
    ("pdf-named-docx", _write("c.docx", make_pdf(PAGES)), "is a PDF file, not a .docx", "rename it to .pdf"),
    (
        "plain-zip-as-docx",
        _write("files.docx", zip_bytes({"readme.txt": b"hello"})),
        "is a ZIP archive but not a Word document",
        "clausecheck reads",
    ),
    (
        "xlsx-as-docx",
        _write("book.docx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})),
        "is an Excel workbook (.xlsx), not a Word document",
        "clausecheck reads",
    ),
    (
        "doc-extension",
        _write("old.doc", cfb_with_streams("WordDocument")),
        "is a legacy Word 97-2003 document (.doc), which is not supported",
        "save it as .docx",
    ),
    (
        "binary-txt",
        _write("junk.txt", bytes(range(256)) * 20),
        "is not a text file (it contains NUL bytes)",
        "clausecheck reads PDF, DOCX, TXT and MD files",
    ),
    (
        "pdf-named-txt",
        _write("c.txt", make_pdf(PAGES)),
        "is not a text file (it is a PDF file)",
        "rename it to .pdf",
    ),
    (
        "png-named-pdf",
        _write("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "is a PNG image, not a PDF",
        "supported formats",
    ),
    ("whitespace-only", _write("blank.md", b" \n\n\t \n"), "contains no text", "right file"),
]


@pytest.mark.parametrize(("builder", "message", "hint"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_ingest_error(
    tmp_path: Path, builder: Callable[[Path], Path], message: str, hint: str
) -> None:
    path = builder(tmp_path)
    with pytest.raises(IngestError) as info:
        ingest.load(path)
    error = info.value
    assert error.exit_code == 3
    assert error.message == message
    assert hint in (error.hint or "")
    assert error.path == str(path)
    assert "\n" not in str(error)
    assert str(error) == f"{path}: {message} ({error.hint})"


def test_docm_content_type_is_refused(tmp_path: Path) -> None:
    data = base_docx(["Hello"])
    types = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("[Content_Types].xml")
        .replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    )
    path = tmp_path / "macro.docx"
    path.write_bytes(rewrite_zip(data, {"[Content_Types].xml": types}))
    with pytest.raises(IngestError) as info:
        ingest.load(path)
    assert info.value.message == "is a macro-enabled Word document (.docm)"
    assert info.value.hint == "save it as a plain .docx; clausecheck does not open macro files"


def test_docm_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "macro.docm"
    path.write_bytes(base_docx(["Hello"]))
    with pytest.raises(IngestError, match=r"macro-enabled Word document \(\.docm\)"):
        ingest.load(path)


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Term. " * 200_000)  # 1.2 MB
    with pytest.raises(IngestError) as info:
        ingest.load(path, policy=Policy(max_file_mb=1))
    assert info.value.message == "file is 1.1 MB, over the 1 MB limit"
    assert "max_file_mb" in (info.value.hint or "")


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_pdf_over_page_limit(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([["Line."]] * 3))
    with pytest.raises(IngestError) as info:
        ingest.load(path, pdf_engine=engine, policy=Policy(max_pages=2))
    assert info.value.message == "PDF has 3 pages, over the 2-page limit"
    assert info.value.path == str(path)


def test_unknown_pdf_engine_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(PAGES))
    with pytest.raises(ConfigError) as info:
        ingest.load(path, pdf_engine="ghostscript")
    assert info.value.exit_code == 2
    assert info.value.message == "unknown PDF engine 'ghostscript'"


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_password_pdf_both_engines(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(PAGES, user_password="s3cret"))
    with pytest.raises(IngestError) as info:
        ingest.load(path, pdf_engine=engine)
    assert info.value.message == "PDF is password-protected"


def test_cli_prints_one_error_line_and_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(PAGES, user_password="s3cret"))
    proc = subprocess.run(
        [sys.executable, "-m", "clausecheck", "review", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        (
            f"error: {path}: PDF is password-protected (remove the password, or ask the sender "
            "for an unprotected copy)"
        )
    ], proc.stderr


def test_pdf_header_after_junk_is_a_pdf_only_when_named_pdf(tmp_path: Path) -> None:
    data = b"Mail gateway banner\r\n" + make_pdf(PAGES)
    named_pdf, named_txt = tmp_path / "a.pdf", tmp_path / "b.txt"
    named_pdf.write_bytes(data)
    named_txt.write_bytes(b"Notes on why %PDF-1.7 files open everywhere.\n")
    assert "1. Term." in ingest.load(named_pdf).text
    assert ingest.load(named_txt).text == "Notes on why %PDF-1.7 files open everywhere."
