"""Fixture builders for the ingestion tests: PDFs with reportlab, DOCX with python-docx plus XML patches.

Everything is built in memory at test time; nothing binary is stored in the repository.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


# ------------------------------------------------------------------------------------------------ PDF


def make_pdf(
    pages: list[list[str]],
    *,
    header: str | None = None,
    footer: str | None = None,
    page_number: str | None = None,
    user_password: str | None = None,
    image_pages: frozenset[int] = frozenset(),
    font: str = "Helvetica",
) -> bytes:
    """A Letter-size PDF, one list of lines per page; page_number like "- {n} -" or "Page {n} of {total}".

    ``image_pages`` (1-based) get a drawn bitmap instead of their lines, as a scanned page would.
    ``user_password`` encrypts the file ("" = opens without a password, like many bank statements).
    """
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    encrypt = None
    if user_password is not None:
        encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret")
    pdf = canvas.Canvas(out, pagesize=(612, 792), encrypt=encrypt, invariant=1)
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(font, 10)
        if number in image_pages:
            _draw_image(pdf)
        else:
            y = 720
            for line in lines:
                pdf.drawString(72, y, line)
                y -= 14
        # Running headers and footers are typed on scanned pages too (EDGAR's "Source: ..." line).
        if header:
            pdf.drawString(72, 760, header)
        if footer:
            pdf.drawString(72, 50, footer)
        if page_number:
            pdf.drawString(300, 30, page_number.format(n=number, total=total))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_image(pdf: object) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (40, 40), color=128)
    pdf.drawImage(ImageReader(image), 100, 300, width=400, height=400)  # type: ignore[attr-defined]


def register_dejavu() -> str:
    """Register DejaVu Sans (which has the fi/fl ligature glyphs) with reportlab; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    return "DejaVuSans"


# ------------------------------------------------------------------------------------------------ DOCX


def base_docx(
    paragraphs: list[str] | None = None,
    *,
    header: str | None = None,
    footer: str | None = None,
    table: list[list[str]] | None = None,
) -> bytes:
    """A DOCX made with python-docx: paragraphs, then an optional table, then "Closing paragraph."."""
    import docx

    document = docx.Document()
    for text in paragraphs or []:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("Closing paragraph.")
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes], *, drop: tuple[str, ...] = ()) -> bytes:
    """The same ZIP with some entries replaced or added, others dropped."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop or info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, blob in replace.items():
            target.writestr(name, blob)
    return out.getvalue()


def docx_with_body(
    body_xml: str,
    *,
    numbering_xml: str | None = None,
    styles_xml: str | None = None,
    extra: dict[str, bytes] | None = None,
    content_types: str = "",
    relationships: str = "",
) -> bytes:
    """A python-docx DOCX whose body is replaced by ``body_xml`` (w: prefix bound), parts patched in."""
    data = base_docx(["@@BODY@@"])
    archive = zipfile.ZipFile(io.BytesIO(data))
    document = archive.read("word/document.xml").decode()
    start = document.index("<w:body>") + len("<w:body>")
    end = document.index("<w:sectPr")
    replace = {"word/document.xml": (document[:start] + body_xml + document[end:]).encode()}
    if numbering_xml is not None:
        replace["word/numbering.xml"] = numbering_xml.encode()
    if styles_xml is not None:
        replace["word/styles.xml"] = styles_xml.encode()
    if content_types:
        types = archive.read("[Content_Types].xml").decode()
        replace["[Content_Types].xml"] = types.replace("</Types>", content_types + "</Types>").encode()
    if relationships:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        replace["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", relationships + "</Relationships>"
        ).encode()
    replace.update(extra or {})
    return rewrite_zip(data, replace)


def para(text: str, *, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """A w:p with one run; ``num`` = (numId, ilvl)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbering(
    levels: list[tuple[str, str]],
    *,
    abstract_id: int = 1,
    num_ids: tuple[int, ...] = (1,),
    overrides: dict[int, str] | None = None,
) -> str:
    """numbering.xml with one abstract list of (numFmt, lvlText) levels and w:num instances for it.

    ``overrides`` maps a numId to the w:lvlOverride XML it carries.
    """
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="{abstract_id}"/>{(overrides or {}).get(n, "")}</w:num>'
        for n in num_ids
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>{nums}</w:numbering>'
    )


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A deflated ZIP of ``entries``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return out.getvalue()


def overlapping_zip() -> bytes:
    """A ZIP whose two central-directory entries point at the same local file data (a bomb technique)."""
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    archive = zipfile.ZipFile(io.BytesIO(data))
    first, second = archive.infolist()[:2]
    central = data.index(b"PK\x01\x02")
    second_entry = data.index(b"PK\x01\x02", central + 4)
    # Point the second central entry's local-header offset (byte 42 of the entry) at the first entry.
    patched = bytearray(data)
    patched[second_entry + 42 : second_entry + 46] = struct.pack("<I", first.header_offset)
    del second
    return bytes(patched)


def cfb_with_streams(*names: str) -> bytes:
    """Bytes that start like an OLE compound file and name the given streams (as its directory does)."""
    directory = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in names)
    return CFB_MAGIC + b"\x00" * 504 + directory + b"\x00" * 512
