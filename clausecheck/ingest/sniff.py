"""What a file really is, from its first bytes, whatever its extension says."""

from __future__ import annotations

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, .xls, encrypted OOXML

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _cfb_kind(data: bytes) -> str:
    """Tell the OLE containers apart by the stream names in their directory (stored as UTF-16-LE)."""
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return "office-encrypted"
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    return "ole"


def kind(data: bytes) -> str:
    """One of pdf, zip, doc, office-encrypted, xls, ole, rtf, image:<what>, text (the fallback)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(CFB_MAGIC):
        return _cfb_kind(data)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    for magic, what in _IMAGES:
        if data.startswith(magic):
            return f"image:{what}"
    return "text"


def pdf_after_junk(data: bytes) -> bool:
    """A PDF header within the first 1 KB: readers accept junk before it (only trusted for .pdf names)."""
    return b"%PDF-" in data[:1024]


DESCRIPTIONS = {
    "pdf": "a PDF file",
    "zip": "a ZIP archive",
    "doc": "a legacy Word 97-2003 document (.doc)",
    "office-encrypted": "a password-protected (encrypted) Office document",
    "xls": "a legacy Excel workbook (.xls)",
    "ole": "an OLE compound file (legacy Office format)",
    "rtf": "an RTF document",
    "text": "a text file",
}


def describe(found: str) -> str:
    """A phrase naming what ``kind`` found, for error messages."""
    if found.startswith("image:"):
        return found.split(":", 1)[1]
    return DESCRIPTIONS.get(found, found)
