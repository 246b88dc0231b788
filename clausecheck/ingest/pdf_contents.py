"""Whether a PDF page that showed nothing has a broken content stream (so it was not read) or is blank.

Both engines hand back an empty page, without an error, when the page's /Contents does not decode or
points at an object that does not exist; a contract read that way looks complete. Blank pages (no
/Contents, or a stream that decodes to nothing) are common and must not be flagged, so the judgement is
made on the page dictionary itself, and only for pages that already came back empty.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)

INFLATE_CHECK_LIMIT = 16 * 1024 * 1024  # bytes of output inflated to check a stream; beyond that, trust it
_FLATE = ("/FlateDecode", "/Fl")


def broken_pages(data: bytes, pages: Iterable[int]) -> set[int]:
    """The 0-based ``pages`` (all shown empty by an engine) whose content stream is missing or corrupt."""
    wanted = sorted(set(pages))
    if not wanted:
        return set()
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return set()
        count = len(reader.pages)
    except Exception:  # noqa: BLE001 - an engine read the file; without a second opinion, do not guess
        log.debug("pypdf cannot open the PDF to check empty pages", exc_info=True)
        return set()
    broken = set()
    for index in wanted:
        try:
            if index < count and contents_broken(reader.pages[index]):
                broken.add(index)
        except Exception:  # noqa: BLE001 - a page dictionary that does not even resolve was not read
            log.debug("page %d does not resolve", index + 1, exc_info=True)
            broken.add(index)
    return broken


def contents_broken(page: Any) -> bool:
    """Whether a pypdf page has a /Contents entry that points nowhere or does not decode."""
    if "/Contents" not in page:
        return False  # a page with nothing on it
    streams = _resolve(page["/Contents"])
    if streams is None:
        return True
    if not isinstance(streams, list):
        streams = [streams]
    for ref in streams:
        stream = _resolve(ref)
        if stream is None or not hasattr(stream, "get_data"):
            return True
        if _stream_broken(stream):
            return True
    return False


def _resolve(value: Any) -> Any:
    from pypdf.generic import ArrayObject, NullObject

    value = value.get_object() if hasattr(value, "get_object") else value
    if value is None or isinstance(value, NullObject):
        return None
    return list(value) if isinstance(value, ArrayObject) else value


def _stream_broken(stream: Any) -> bool:
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    raw = getattr(stream, "_data", b"") or b""
    if filters and str(filters[0]) in _FLATE:
        # pypdf logs a corrupt Flate stream and returns b"" (or a partial guess): inflate it ourselves.
        return bool(raw.strip()) and not _inflates(raw)
    try:
        stream.get_data()
    except Exception:  # noqa: BLE001 - any decoder failure means the page was not read
        return True
    return False


def _inflates(raw: bytes) -> bool:
    """Whether zlib data inflates without error (bounded output; a cut-off stream that gave text counts)."""
    inflater = zlib.decompressobj()
    produced = 0
    chunk = raw
    try:
        while chunk and produced < INFLATE_CHECK_LIMIT:
            produced += len(inflater.decompress(chunk, 1024 * 1024))
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return False
    return inflater.eof or produced > 0
