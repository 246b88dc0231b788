"""Plain text and Markdown: detect the encoding (BOMs, UTF-8, cp1252 fallback) and refuse binary files."""

from __future__ import annotations

import codecs
import re

from clausecheck.errors import IngestError
from clausecheck.ingest.raw import RawText

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE (with BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE (with BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE (with BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE (with BOM)"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls other than tab, LF, FF, CR
NOT_TEXT_HINT = "clausecheck reads PDF, DOCX, TXT and MD files"


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in every other byte as in ASCII-range UTF-16, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str, str | None]:
    """(text, codec, warning) for ``data``; raises IngestError for binary content."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec.replace("-sig", ""), errors="replace")
            return text, codec, f"text encoding is {label}; decoded accordingly"
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise IngestError("is not a text file (it contains NUL bytes)", NOT_TEXT_HINT)
        return (
            data.decode(guess, errors="replace"),
            guess,
            f"text has no byte-order mark but looks like {guess.upper()}; decoded as such",
        )
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    # Byte by byte: valid UTF-8 stays UTF-8 and only the stray bytes are read as cp1252, so a UTF-8 file
    # with one pasted Windows quote keeps its other curly quotes instead of turning them into mojibake.
    text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    if _has_utf8_sequence(data):
        return text, "utf-8+cp1252", "text is mostly UTF-8 with some Windows-1252 (cp1252) bytes; read both"
    return text, "cp1252", "text is not valid UTF-8; decoded as Windows-1252 (cp1252)"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    # cp1252 leaves five bytes undefined; those become U+FFFD rather than failing the whole file.
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


_CP1252_FALLBACK = "clausecheck-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_sequence(data: bytes) -> bool:
    """Whether ``data`` holds at least one well-formed multi-byte UTF-8 sequence."""
    return _UTF8_SEQUENCE.search(data) is not None


_ASCII_CONTROL = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20)])  # the same set as _CONTROL


def _control_count(text: str) -> int:
    """How many characters of ``_CONTROL`` the text holds (bytes.translate for ASCII text: no regex scan)."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data) - len(data.translate(None, _ASCII_CONTROL))
    if not any(chr(code) in text for code in _ASCII_CONTROL):  # usually none: no regex scan at all
        return 0
    return sum(1 for _ in _CONTROL.finditer(text))


def read(data: bytes) -> RawText:
    """Decode a text file's bytes; one page."""
    text, codec, warning = _decode(data)
    if _control_count(text) > max(8, len(text) // 100):
        raise IngestError("is not a text file (it is full of control characters)", NOT_TEXT_HINT)
    return RawText(pages=(text,), warnings=(warning,) if warning else (), encoding=codec)
