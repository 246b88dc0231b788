"""Size limits for untrusted documents; the ones a user may change live in Policy."""

from __future__ import annotations

from clausecheck.errors import IngestError

MIB = 1024 * 1024

# DOCX (a ZIP of XML parts). Word writes a few dozen parts; real documents with many images stay far below
# these, while zip bombs blow past them.
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 256 * MIB
MAX_ENTRY_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 * MIB


def check_file_size(size: int, max_file_mb: int, path: str) -> None:
    """Refuse a file larger than the policy's ``max_file_mb``."""
    if size > max_file_mb * MIB:
        raise IngestError(
            f"file is {size / MIB:.1f} MB, over the {max_file_mb} MB limit",
            "raise max_file_mb in the clausecheck config if this file is genuine",
            path=path,
        )


def check_page_count(pages: int, max_pages: int, path: str) -> None:
    """Refuse a PDF with more pages than the policy's ``max_pages``."""
    if pages > max_pages:
        raise IngestError(
            f"PDF has {pages} pages, over the {max_pages}-page limit",
            "raise max_pages in the clausecheck config if this file is genuine",
            path=path,
        )
