"""Judging the text a PDF engine extracted: which pages are empty or undecodable, and the warnings that say so.

Reading a PDF (pdf.py) and judging what came out change for different reasons: a new engine or library
version there, a new kind of unreadable page or a new wording here. Nothing here imports a PDF library.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter

from clausecheck.errors import IngestError
from clausecheck.ingest.normalize import Normalized
from clausecheck.ingest.raw import RawText

GARBLED_SHARE = 0.25  # real filings stay under 0.1% of undecodable characters per page
NO_TEXT_HINT = "run OCR first (for example ocrmypdf) or ask for a PDF with a text layer"


def page_list(numbers: list[int]) -> str:
    """'page 3' or 'pages 2, 5, 7' (1-based), shortened after twelve."""
    shown = ", ".join(str(n) for n in numbers[:12]) + (
        f" and {len(numbers) - 12} more" if len(numbers) > 12 else ""
    )
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _undecodable(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cn")


# The same test on ASCII, as byte sets for bytes.translate: whitespace, and the undecodable non-space bytes.
_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_UNDECODABLE = bytes(c for c in range(128) if not chr(c).isspace() and _undecodable(chr(c)))


def garbled(text: str) -> bool:
    """Whether a page's text is mostly undecodable glyphs (a font without a Unicode map gives these)."""
    # Counted per distinct character (or per byte class for ASCII): a category lookup per character of
    # every page cost about a quarter of PDF reading.
    if text.isascii():
        data = text.encode("ascii")
        chars = len(data.translate(None, _ASCII_SPACE))
        bad = len(data) - len(data.translate(None, _ASCII_UNDECODABLE))
    else:
        counts = Counter(text)
        chars = sum(n for ch, n in counts.items() if not ch.isspace())
        bad = sum(n for ch, n in counts.items() if not ch.isspace() and _undecodable(ch))
    if not chars:
        return False
    return bad > GARBLED_SHARE * chars


def _plural(pages: list[int], one: str, many: str) -> str:
    return f"{page_list(pages)} {one if len(pages) == 1 else many}"


def page_warnings(raw: RawText, normalized: Normalized) -> tuple[str, ...]:
    """Warnings about pages without readable text, judged after headers and footers are gone.

    A scanned page often carries a typed footer ("Source: ..., 10-K"): once the footer is removed it is
    as empty as any other scan. Raises IngestError when no page has readable text.
    """
    bounds = [*normalized.page_starts, len(normalized.text)]
    pages = [normalized.text[start:end] for start, end in itertools.pairwise(bounds)]
    failed = set(raw.failed_pages)
    empty = [n for n, text in enumerate(pages, start=1) if not text.strip() and n not in failed]
    unreadable = [n for n, text in enumerate(pages, start=1) if text.strip() and garbled(text)]
    if len(empty) + len(failed) == len(pages):
        raise IngestError(
            "PDF has no text layer (scanned or image-only) and OCR is not supported", NO_TEXT_HINT
        )
    if len(unreadable) + len(empty) + len(failed) == len(pages):
        raise IngestError(
            "PDF text cannot be decoded (its fonts have no Unicode map) and OCR is not supported",
            NO_TEXT_HINT,
        )
    warnings = []
    images = set(raw.image_pages)
    image_only = [n for n in empty if n in images]
    if image_only:
        warnings.append(
            _plural(
                image_only, "has no text layer (image-only); its", "have no text layer (image-only); their"
            )
            + " content was not read (OCR is not supported)"
        )
    if unreadable:
        warnings.append(
            _plural(unreadable, "has", "have")
            + " text that cannot be decoded (a font without a Unicode map); the contract was only partly read"
        )
    return tuple(warnings)
