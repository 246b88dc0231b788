"""Check a ZIP container (DOCX) before any library decompresses it into memory.

python-docx reads every part fully into memory, and this Python's ``zipfile`` may not detect
overlapping-entry bombs, so the archive is checked here from its own bytes: entry count, overlapping
entries, real (streamed) uncompressed sizes against declared ones, per-entry ratio and total size, and
DOCTYPE/ENTITY declarations in XML parts.
"""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib

from clausecheck.errors import IngestError
from clausecheck.ingest import limits

_LOCAL_HEADER = b"PK\x03\x04"
_CHUNK = 256 * 1024
_XML_SUFFIXES = (".xml", ".rels")
# Word never writes a DTD; a DOCTYPE or ENTITY declaration in a part means an entity-expansion or XXE attempt.
_FORBIDDEN = tuple(
    token.encode(codec)
    for token in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(token) for token in _FORBIDDEN)
RESAVE_HINT = "open it in Word and save it again, or export it as PDF"


def _damaged(detail: str) -> IngestError:
    return IngestError(f"is not a valid DOCX: the ZIP archive is damaged ({detail})", RESAVE_HINT)


def _bomb(info: zipfile.ZipInfo) -> IngestError:
    return IngestError(
        f"DOCX part '{info.filename}' expands more than {limits.MAX_ENTRY_RATIO}x (a zip bomb)",
        "refusing to open it",
    )


def _too_big() -> IngestError:
    return IngestError(
        f"DOCX expands to more than {limits.MAX_UNZIPPED_BYTES // limits.MIB} MB",
        "a Word document is far smaller; this may be a zip bomb",
    )


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(str(exc) or type(exc).__name__) from exc


def _check_layout(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse too many entries, duplicate names, encrypted entries and entries whose bytes overlap."""
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        raise IngestError(
            f"DOCX has {len(infos)} ZIP entries, over the {limits.MAX_ZIP_ENTRIES} limit",
            "a Word document has a few dozen parts; this may be a zip bomb",
        )
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise IngestError("DOCX has duplicate ZIP entry names (ambiguous or crafted archive)", RESAVE_HINT)
    spans = []
    for info in infos:
        if info.flag_bits & 0x1:
            raise IngestError(f"DOCX part '{info.filename}' is encrypted", RESAVE_HINT)
        start = info.header_offset
        header = data[start : start + 30]
        if len(header) < 30 or not header.startswith(_LOCAL_HEADER):
            raise _damaged(f"no local header for '{info.filename}'")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        end = start + 30 + name_len + extra_len + info.compress_size
        if end > len(data):
            raise _damaged(f"'{info.filename}' runs past the end of the file")
        spans.append((start, end, info.filename))
    spans.sort()
    for (_, end, name), (start, _, other) in itertools.pairwise(spans):
        if start < end:
            raise IngestError(
                f"DOCX has overlapping ZIP entries ('{name}' and '{other}'), a zip-bomb technique",
                "refusing to open it",
            )


def _check_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Stream one entry; returns its real uncompressed size. Refuses bombs and DTDs in XML parts."""
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    ratio_cap = max(limits.RATIO_FLOOR_BYTES, limits.MAX_ENTRY_RATIO * max(info.compress_size, 1))
    if info.file_size > ratio_cap:  # declared sizes let most bombs be refused before inflating anything
        raise _bomb(info)
    size, tail = 0, b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > ratio_cap:
                    raise _bomb(info)
                if size > budget:
                    raise _too_big()
                if is_xml:
                    window = tail + chunk
                    if any(token in window for token in _FORBIDDEN):
                        raise IngestError(
                            f"DOCX part '{info.filename}' declares a DOCTYPE or ENTITY, "
                            "which Word never writes",
                            "refusing XML entity tricks (XXE / billion laughs); re-save the file in Word",
                        )
                    tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise _damaged(f"'{info.filename}': {exc}") from exc
    if size != info.file_size:
        raise _damaged(f"'{info.filename}' is {size} bytes, not the {info.file_size} it declares")
    return size


def check(data: bytes) -> set[str]:
    """Validate a ZIP container's bytes and return its entry names; IngestError when unsafe or damaged."""
    with _open(data) as archive:
        infos = archive.infolist()
        _check_layout(data, infos)
        if sum(info.file_size for info in infos) > limits.MAX_UNZIPPED_BYTES:
            raise _too_big()
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            total += _check_entry(archive, info, limits.MAX_UNZIPPED_BYTES - total)
        return {info.filename for info in infos}
