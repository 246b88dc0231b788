"""PDF text extraction with PDFium (pypdfium2, fast, default) or pypdf (pure Python), page by page.

Both engines give one raw string per page; pages that fail are skipped with a warning, pages without a
text layer are named, and a PDF with no text at all is refused (OCR is not supported); that judgement of the
extracted text, made after normalisation, is in pdf_quality.
"""

from __future__ import annotations

import importlib.util
import io
import logging
from collections.abc import Callable
from typing import Any

from clausecheck.errors import ConfigError, IngestError
from clausecheck.ingest.limits import check_page_count
from clausecheck.ingest.pdf_contents import broken_pages, contents_broken
from clausecheck.ingest.pdf_quality import garbled as garbled  # re-exported
from clausecheck.ingest.pdf_quality import page_list
from clausecheck.ingest.pdf_quality import page_warnings as page_warnings  # re-exported
from clausecheck.ingest.raw import RawText

ENGINES = ("pdfium", "pypdf")
log = logging.getLogger(__name__)
# pypdf logs every repair it makes ("Ignoring wrong pointing object ...") at WARNING; without a handler
# Python prints those to stderr. Applications that configure logging still receive them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

FEW_CHARS = 400  # a page with less text than this may be a scan under a typed header or footer
PASSWORD_HINT = "remove the password, or ask the sender for an unprotected copy"
DAMAGED_HINT = "the file may be truncated or corrupt; download or export it again"


def resolve_engine(name: str | None) -> str:
    """Turn ``auto`` into a concrete engine: PDFium when installed, else pypdf."""
    name = (name or "auto").lower()
    if name == "auto":
        return "pdfium" if importlib.util.find_spec("pypdfium2") is not None else "pypdf"
    if name not in ENGINES:
        raise ConfigError(f"unknown PDF engine '{name}'", "use auto, pdfium or pypdf")
    return name


def _pdfium_pages(data: bytes, max_pages: int) -> tuple[list[str | None], list[bool]]:
    """Page texts (None where extraction failed) and, per page, whether it is an image without text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError("PDF is password-protected", PASSWORD_HINT) from exc
        raise IngestError(_pdfium_failure(exc), DAMAGED_HINT) from exc
    try:
        check_page_count(len(document), max_pages, "")
        texts: list[str | None] = []
        has_image: list[bool] = []
        blank: list[int] = []
        for index in range(len(document)):
            text, image, drew_nothing = _pdfium_page(document, index)
            texts.append(text)
            has_image.append(image)
            if drew_nothing:
                blank.append(index)
    finally:
        document.close()
    for index in broken_pages(data, blank):
        texts[index] = None
    return texts, has_image


# PDFium's load error codes (FPDF_ERR_*) in words; FPDF_ERR_SUCCESS (0) on a failed load says nothing.
_PDFIUM_ERRORS = {
    1: "unknown error",
    2: "file access error",
    3: "data format error",
    4: "incorrect password",
    5: "unsupported security scheme",
    6: "page not found or content error",
}


def _pdfium_failure(exc: Exception) -> str:
    """'is not a readable PDF (reason)', the reason in words and left out when PDFium gave none."""
    code = getattr(exc, "err_code", None)
    reason = _PDFIUM_ERRORS.get(code) if code else None
    if reason is None and code is None and "(PDFium:" in str(exc):
        reason = str(exc).split("(PDFium:", 1)[1].rstrip(").").strip().lower()
    if not reason or reason == "success":
        return "is not a readable PDF"
    return f"is not a readable PDF ({reason})"


def _pdfium_page(document: Any, index: int) -> tuple[str | None, bool, bool]:
    """The page's text (None on failure), whether it shows an image, and whether it drew nothing at all."""
    import pypdfium2.raw as pdfium_c

    try:
        page = _pdfium_with_filled_in(document, index, document[index])
    except Exception:  # any engine failure on one page must not lose the others
        log.debug("pdfium could not load page %d", index + 1, exc_info=True)
        return None, False, False
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        # Blank pages are common (separator pages, empty forms): only a page showing an image gets a warning.
        # Images are looked for only on pages with little text (the cost is per page object).
        has_image = (
            len(text.strip()) < FEW_CHARS
            and next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)), None)
            is not None
        )
        # A page with no text and no page objects is blank or its content stream was not read.
        drew_nothing = not text.strip() and pdfium_c.FPDFPage_CountObjects(page.raw) == 0
        return text, has_image, drew_nothing
    except Exception:
        log.debug("pdfium could not extract page %d", index + 1, exc_info=True)
        return None, False, False
    finally:
        page.close()


def _pdfium_with_filled_in(document: Any, index: int, page: Any) -> Any:
    """The page with filled form fields and typed-in text (Fill & Sign) drawn into its text layer."""
    import pypdfium2.raw as pdfium_c

    # Field values and FreeText annotations live outside the page content, so no text engine sees them;
    # a term typed into an order form is still a term. Flattening draws them in where they appear.
    filled = False
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        filled = filled or subtype in (pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT)
    if (
        not filled
        or pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS
    ):
        return page
    page.close()
    return document[index]  # flattened content shows only in a freshly loaded page


def _pypdf_filled_in(page: Any) -> list[str]:
    """Values of filled form fields and FreeText annotations on a page (pypdf leaves them out)."""
    from pypdf.generic import TextStringObject

    values = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        subtype = annot.get("/Subtype")
        if subtype == "/Widget":
            value = annot.get("/V", (annot.get("/Parent") or {}).get("/V") if "/Parent" in annot else None)
        else:
            value = annot.get("/Contents") if subtype == "/FreeText" else None
        if isinstance(value, TextStringObject) and value.strip():  # not check-box names like /Yes
            values.append(str(value))
    return values


def _pypdf_open(data: bytes) -> Any:
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("PDF is password-protected", PASSWORD_HINT)
        return reader
    except DependencyError as exc:
        raise IngestError(
            "PDF is encrypted with a cipher pypdf cannot read without the 'cryptography' package",
            "use --pdf-engine pdfium",
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise IngestError(f"is not a readable PDF ({exc})", DAMAGED_HINT) from exc


def _pypdf_pages(data: bytes, max_pages: int) -> tuple[list[str | None], list[bool]]:
    reader = _pypdf_open(data)
    try:
        count = len(reader.pages)
    except Exception as exc:  # a broken page tree is a damaged PDF
        raise IngestError(f"is not a readable PDF ({exc})", DAMAGED_HINT) from exc
    check_page_count(count, max_pages, "")
    texts: list[str | None] = []
    has_image: list[bool] = []
    for index in range(count):
        try:
            page = reader.pages[index]
            text: str | None = "\n".join([page.extract_text().rstrip("\n"), *_pypdf_filled_in(page)])
            if not text.strip() and contents_broken(page):
                text = None  # pypdf shows a corrupt or missing content stream as an empty page
        except Exception:  # any failure on one page must not lose the others
            log.debug("pypdf could not extract page %d", index + 1, exc_info=True)
            text = None
        texts.append(text)
        try:
            has_image.append(
                text is not None
                and len(text.strip()) < FEW_CHARS
                and _pypdf_has_image(page.get("/Resources"))
            )
        except Exception:  # noqa: BLE001 - only decides the wording of a warning
            has_image.append(False)
    return texts, has_image


def _pypdf_has_image(resources: Any, depth: int = 0) -> bool:
    """Whether page resources hold an image XObject, looking a few levels into form XObjects."""
    if resources is None or depth > 3:
        return False
    resources = resources.get_object() if hasattr(resources, "get_object") else resources
    xobjects = resources.get("/XObject") or {}
    xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
    for ref in xobjects.values():
        xobject = ref.get_object() if hasattr(ref, "get_object") else ref
        subtype = xobject.get("/Subtype")
        if subtype == "/Image" or (
            subtype == "/Form" and _pypdf_has_image(xobject.get("/Resources"), depth + 1)
        ):
            return True
    return False


_EXTRACTORS: dict[str, Callable[[bytes, int], tuple[list[str | None], list[bool]]]] = {
    "pdfium": _pdfium_pages,
    "pypdf": _pypdf_pages,
}


def read(data: bytes, *, engine: str = "auto", max_pages: int = 20000) -> RawText:
    """Extract every page's text with the chosen engine; raises IngestError for unreadable PDFs."""
    texts, has_image = _EXTRACTORS[resolve_engine(engine)](data, max_pages)
    if not texts:
        raise IngestError("PDF has no pages", DAMAGED_HINT)
    failed = [i + 1 for i, text in enumerate(texts) if text is None]
    if len(failed) == len(texts):
        raise IngestError("text extraction failed on every page of the PDF", DAMAGED_HINT)
    warnings = []
    if failed:
        warnings.append(f"text extraction failed on {page_list(failed)}; the contract was only partly read")
    return RawText(
        pages=tuple(text or "" for text in texts),
        warnings=tuple(warnings),
        failed_pages=tuple(failed),
        image_pages=tuple(i + 1 for i, image in enumerate(has_image) if image),
    )
