"""What a format reader hands to normalisation: raw page texts, warnings and the encoding used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class RawText:
    """Text as a reader found it, one string per page (one page for formats without pages)."""

    pages: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    encoding: str | None = None
    failed_pages: tuple[int, ...] = ()  # 1-based pages whose extraction failed (PDF)
    image_pages: tuple[int, ...] = ()  # 1-based pages with little or no text that show an image (PDF)
