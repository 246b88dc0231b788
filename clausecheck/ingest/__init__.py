"""Ingestion: any supported contract file -> one normalised ``Document`` with a page map and warnings.

``load`` checks the path and limits, decides the format from the extension AND the file's first bytes
(a file that is not what its name says is an error, not a guess), runs the format's reader and then
normalisation. Readers import their libraries lazily, so importing this package stays cheap.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from clausecheck.errors import IngestError
from clausecheck.ingest import limits, sniff
from clausecheck.ingest.normalize import pages_to_text
from clausecheck.ingest.raw import RawText
from clausecheck.model import Document
from clausecheck.policy import Policy

FORMATS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
SUPPORTED_HINT = "supported formats: PDF (.pdf), Word (.docx), text (.txt, .text), Markdown (.md, .markdown)"
_EXPECTED_KIND = {"pdf": "pdf", "docx": "zip", "txt": "text", "md": "text"}
_FORMAT_NAMES = {"pdf": "a PDF", "docx": "a .docx", "txt": "a text file", "md": "a text file"}
_KIND_HINTS = {
    "doc": "open it in Word and save it as .docx or PDF",
    "office-encrypted": "remove the password in Word and save it again, or export it as PDF",
    "rtf": "open it in Word and save it as .docx or PDF",
    "pdf": "rename it to .pdf",
    "zip": "if it is a Word document, rename it to .docx",
    "text": "if it is plain text, rename it to .txt",
}
_UNSUPPORTED_EXT = {
    ".doc": ("is a legacy Word 97-2003 document (.doc), which is not supported", _KIND_HINTS["doc"]),
    ".docm": (
        "is a macro-enabled Word document (.docm)",
        "save it as a plain .docx; clausecheck does not open macro files",
    ),
    ".rtf": ("is an RTF document, which is not supported", _KIND_HINTS["rtf"]),
}

__all__ = ["FORMATS", "load"]


def _read_bytes(path: Path, policy: Policy) -> bytes:
    """The file's bytes, after checking it exists, is a regular file, is not empty and is within limits."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError("file does not exist", "check the path") from None
    except PermissionError:
        raise IngestError("cannot be read (permission denied)", "check the file's permissions") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})", "check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError("is a directory, not a file", "pass contract files, or scan the directory")
    if not stat.S_ISREG(info.st_mode):  # reading a FIFO or device could block forever
        raise IngestError("is not a regular file", "pass a contract file")
    limits.check_file_size(info.st_size, policy.max_file_mb, "")
    if info.st_size == 0:
        raise IngestError("file is empty (0 bytes)", "export or download the contract again")
    try:
        with open(path, "rb") as handle:
            data = handle.read(policy.max_file_mb * limits.MIB + 1)
    except PermissionError:
        raise IngestError("cannot be read (permission denied)", "check the file's permissions") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})", "check the path") from None
    limits.check_file_size(len(data), policy.max_file_mb, "")  # it may have grown since stat
    return data


def _format(path: Path, data: bytes) -> str:
    """The format to read ``data`` as: the extension's, when the content agrees with it."""
    suffix = path.suffix.lower()
    kind = sniff.kind(data)
    if suffix not in FORMATS:
        if suffix in _UNSUPPORTED_EXT:
            message, hint = _UNSUPPORTED_EXT[suffix]
            raise IngestError(message, hint)
        looks = f"; it looks like {sniff.describe(kind)}" if kind != "text" else ""
        raise IngestError(f"unsupported file type '{suffix or '(no extension)'}'{looks}", SUPPORTED_HINT)
    fmt = FORMATS[suffix]
    expected = _EXPECTED_KIND[fmt]
    if kind == expected or (fmt == "pdf" and sniff.pdf_after_junk(data)):
        return fmt
    if expected == "text":
        raise IngestError(
            f"is not a text file (it is {sniff.describe(kind)})", _KIND_HINTS.get(kind, SUPPORTED_HINT)
        )
    if kind == "text" and fmt == "pdf":
        raise IngestError(
            "is not a PDF (no %PDF header)", "the file may be damaged, or named .pdf by mistake"
        )
    raise IngestError(
        f"is {sniff.describe(kind)}, not {_FORMAT_NAMES[fmt]}", _KIND_HINTS.get(kind, SUPPORTED_HINT)
    )


def _read(fmt: str, data: bytes, pdf_engine: str, policy: Policy) -> RawText:
    if fmt == "pdf":
        from clausecheck.ingest import pdf

        return pdf.read(data, engine=pdf_engine, max_pages=policy.max_pages)
    if fmt == "docx":
        from clausecheck.ingest import docx

        return docx.read(data)
    from clausecheck.ingest import text

    return text.read(data)


def load(path: str | os.PathLike[str], *, pdf_engine: str = "auto", policy: Policy | None = None) -> Document:
    """Read a contract (PDF, DOCX, TXT, MD) into a normalised Document; raises IngestError."""
    policy = policy or Policy()
    if (
        pdf_engine == "auto"
    ):  # an explicit engine wins; otherwise the policy's choice (itself "auto" by default)
        pdf_engine = policy.pdf_engine
    shown = str(path)
    try:
        data = _read_bytes(Path(path), policy)
        fmt = _format(Path(path), data)
        raw = _read(fmt, data, pdf_engine, policy)
        normalized = pages_to_text(list(raw.pages), pdf=fmt == "pdf")
        warnings = raw.warnings
        if fmt == "pdf":
            from clausecheck.ingest import pdf

            warnings += pdf.page_warnings(raw, normalized)
        if not normalized.text.strip():
            raise IngestError("contains no text", "check that this is the right file")
    except IngestError as exc:
        exc.path = exc.path or shown
        raise
    return Document(
        path=shown,
        format=fmt,
        text=normalized.text,
        sha256=hashlib.sha256(data).hexdigest(),
        page_starts=normalized.page_starts if fmt == "pdf" else (0,),
        warnings=warnings,
        encoding=raw.encoding,
        unread_pages=tuple(raw.failed_pages),
    )
