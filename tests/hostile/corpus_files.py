"""Byte builders for the hostile corpus: small valid contracts, then broken and hostile variants of them.

Everything is deterministic (fixed seeds, fixed timestamps) and built in memory at test time; nothing hostile
is stored in the repository. PDFs are written object by object so that each defect is exactly the one named.
"""

from __future__ import annotations

import datetime
import io
import random
import struct
import zipfile
import zlib

CLAUSES = (
    "1. Term. The initial term of this Agreement is thirty-six (36) months from the Effective Date.",
    "2. Renewal. This Agreement renews automatically for successive twelve (12) month terms.",
    "3. Exclusivity. Customer shall obtain all of its inference services exclusively from Provider.",
    "4. Fees. Customer shall pay the fees set out in each Order Form within thirty (30) days.",
    "5. Data. Upon termination Provider shall return Customer Data in CSV format at no additional charge.",
)
CONTRACT_TEXT = "MASTER AI SERVICES AGREEMENT\n\n" + "\n\n".join(CLAUSES) + "\n"
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---------------------------------------------------------------- PDF, written object by object

def pdf_escape(text: str) -> bytes:
    """A PDF literal string for ``text`` (Latin-1)."""
    body = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + body.encode("latin-1", "replace") + b")"


def page_content(lines: list[str] | tuple[str, ...]) -> bytes:
    """A content stream showing ``lines`` top-down in Helvetica 10 pt."""
    ops = [b"BT /F1 10 Tf 12 TL 50 750 Td"]
    for line in lines:
        ops.append(pdf_escape(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def stream_obj(data: bytes, extra: bytes = b"", *, length: int | None = None, flate: bool = False) -> bytes:
    """A stream object body; ``length`` overrides the declared /Length (to lie about it)."""
    if flate:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    declared = len(data) if length is None else length
    return b"<< /Length %d%s >>\nstream\n" % (declared, extra) + data + b"\nendstream"


def assemble_pdf(objects: list[bytes], *, root: int = 1, prev_loop: bool = False,
                 xref_garbage: bool = False) -> bytes:
    """A PDF file from numbered object bodies (object i+1 = objects[i]) with a classic xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % ((offset * 7919) % max(1, xref_at) if xref_garbage else offset)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if prev_loop:  # the previous-xref chain points back at this very table: a cycle
        trailer += b" /Prev %d" % xref_at
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def simple_pdf(pages: list[list[str]], *, length_lie: int | None = None, prev_loop: bool = False,
               xref_garbage: bool = False, page_extra: bytes = b"") -> bytes:
    """Catalog, flat page tree, one font, one content stream per page."""
    n = len(pages)
    font = 3
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, lines in enumerate(pages):
        content = first_page + 2 * i + 1
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R"
                       b" >> >> /Contents %d 0 R%s >>" % (font, content, page_extra))
        objects.append(stream_obj(page_content(lines), length=length_lie))
    return assemble_pdf(objects, prev_loop=prev_loop, xref_garbage=xref_garbage)


def contract_pdf() -> bytes:
    """A valid two-page PDF of the small contract, content streams compressed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    halves = [["MASTER AI SERVICES AGREEMENT", *CLAUSES[:3]], list(CLAUSES[3:])]
    for i, lines in enumerate(halves):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R"
                       b" >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(stream_obj(page_content(lines), flate=True))
    return assemble_pdf(objects)


def one_bad_page_pdf(*, missing: bool = False) -> bytes:
    """Three compressed pages; page 2's content stream is corrupt (or, with ``missing``, points nowhere)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    pages = [["MASTER AI SERVICES AGREEMENT", CLAUSES[0]], list(CLAUSES[1:3]), list(CLAUSES[3:])]
    for i, lines in enumerate(pages):
        contents = 99 if missing and i == 1 else 5 + 2 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R"
                       b" >> >> /Contents %d 0 R >>" % contents)
        data = zlib.compress(page_content(lines))
        if i == 1 and not missing:
            data = data[:2] + bytes(b ^ 0x55 for b in data[2:])
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    return assemble_pdf(objects)


def many_pages_pdf(count: int) -> bytes:
    """``count`` tiny pages with one numbered line each (a balanced-enough two-level page tree)."""
    per_node = 100
    nodes = (count + per_node - 1) // per_node
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    node_ids = [4 + i for i in range(nodes)]
    first_page = 4 + nodes
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % n for n in node_ids), count)
    for node in range(nodes):
        members = range(node * per_node, min(count, (node + 1) * per_node))
        kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in members)
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (kids, len(members)))
    for i in range(count):
        parent = node_ids[i // per_node]
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 100] /Resources << /Font << /F1 3 0 R"
                       b" >> >> /Contents %d 0 R >>" % (parent, first_page + 2 * i + 1))
        line = f"{i + 1}. Section {i + 1}. The parties shall cooperate in good faith."
        objects.append(stream_obj(b"BT /F1 6 Tf 5 50 Td " + pdf_escape(line) + b" Tj ET"))
    return assemble_pdf(objects)


def cyclic_pages_pdf() -> bytes:
    """A page tree whose /Kids lead back to the root (2 -> 4 -> 2)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
               (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
               b" /Contents 6 0 R >>"),
               stream_obj(page_content(CLAUSES[:1]))]
    return assemble_pdf(objects)


def deep_nesting_pdf(depth: int = 100_000) -> bytes:
    """A page whose dictionary holds ``depth`` nested arrays (parsers that recurse blow their stack)."""
    nest = b"[" * depth + b"]" * depth
    return simple_pdf([list(CLAUSES[:2])], page_extra=b" /Nest " + nest)


def stream_bomb_pdf(inflated_gib: int = 2) -> bytes:
    """A one-page PDF whose content stream is a few MB of FlateDecode that inflates to ``inflated_gib`` GiB."""
    body = flate_bomb(inflated_gib * 1024, fill=b" ")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
               b" /Contents 5 0 R >>"),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"]
    return assemble_pdf(objects)


def deflate_repeated(mib: int, *, fill: bytes = b"\0", head: bytes = b"", tail: bytes = b"") -> bytes:
    """Raw deflate of ``head + fill * mib MiB + tail``, built without compressing the middle.

    After a full flush the compressor starts from an empty dictionary, so one compressed MiB of ``fill``
    repeated N times is a valid stream of N MiB: a 2 GiB bomb costs ~2 MB and well under a second.
    """
    chunk = fill * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return start + repeat * mib + compressor.compress(tail) + compressor.flush()


def repeated_checksum(function, start: int, mib: int, *, fill: bytes = b"\0", head: bytes = b"",
                      tail: bytes = b"") -> int:
    """``function`` (zlib.crc32 or zlib.adler32) over ``head + fill * mib MiB + tail``."""
    chunk = fill * (1024 * 1024)
    value = function(head, start)
    for _ in range(mib):
        value = function(chunk, value)
    return function(tail, value)


def flate_bomb(mib: int, *, fill: bytes = b"\0") -> bytes:
    """zlib data (a PDF FlateDecode stream) inflating to ``mib`` MiB of ``fill``."""
    adler = repeated_checksum(zlib.adler32, 1, mib, fill=fill)
    return b"\x78\xda" + deflate_repeated(mib, fill=fill) + struct.pack(">I", adler)


def raw_zip(entries: list[tuple[str, int, bytes, int, int]],
            aliases: list[tuple[str, str]] = ()) -> bytes:  # type: ignore[assignment]
    """A zip from (name, method, stored bytes, uncompressed size, crc) entries, written by hand.

    ``aliases`` adds central-directory entries (new name, existing name) that point at an existing local
    entry: overlapping entries, which zipfile's own writer can never produce.
    """
    local = bytearray()
    where: dict[str, tuple[int, int, bytes, int, int]] = {}
    for name, method, data, usize, crc in entries:
        encoded = name.encode()
        where[name] = (len(local), method, data, usize, crc)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5C21, crc, len(data), usize,
                             len(encoded), 0) + encoded + data
    central = bytearray()
    listing = [(name, name) for name, *_ in entries] + list(aliases)
    for name, target in listing:
        offset, method, data, usize, crc = where[target]
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5C21, crc, len(data),
                               usize, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(listing), len(listing), len(central), len(local), 0)
    return bytes(local + central + end)


def stored_entries(docx_bytes: bytes, skip: tuple[str, ...] = ()) -> list[tuple[str, int, bytes, int, int]]:
    """The members of a zip as uncompressed raw_zip entries."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source:
        members = [(i.filename, source.read(i.filename)) for i in source.infolist() if i.filename not in skip]
    return [(name, 0, body, len(body), zlib.crc32(body)) for name, body in members]


# ---------------------------------------------------------------- DOCX

def contract_docx() -> bytes:
    """A valid DOCX of the small contract built with python-docx (fixed timestamps)."""
    import docx

    document = docx.Document()
    fixed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    document.core_properties.created = document.core_properties.modified = fixed
    document.core_properties.last_printed = fixed
    document.add_heading("MASTER AI SERVICES AGREEMENT", level=1)
    for clause in CLAUSES:
        document.add_paragraph(clause)
    buffer = io.BytesIO()
    document.save(buffer)
    return rezip(buffer.getvalue())


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          drop: tuple[str, ...] = ()) -> bytes:
    """Copy a zip with members replaced, added or dropped, and fixed timestamps (deterministic bytes)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            body = replace.get(info.filename, source.read(info.filename))
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), body, zipfile.ZIP_DEFLATED)
        for name, body in add.items():
            target.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def document_xml(body_text: str, *, doctype: str = "") -> bytes:
    """A minimal word/document.xml with one paragraph per line of ``body_text`` (entities kept verbatim)."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in body_text.split("\n"))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{paragraphs}</w:body></w:document>').encode()


def xxe_docx() -> bytes:
    """document.xml declares an external entity pointing at /etc/passwd and uses it."""
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    xml = document_xml(CLAUSES[0] + "\nSecret: &xxe;", doctype=doctype)
    return rezip(contract_docx(), replace={"word/document.xml": xml})


def billion_laughs_docx() -> bytes:
    """document.xml with the classic nested-entity expansion (10^9 'lol's if expanded)."""
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE w:document [" + "".join(ents) + "]>\n"
    xml = document_xml(CLAUSES[0] + "\n&lol9;", doctype=doctype)
    return rezip(contract_docx(), replace={"word/document.xml": xml})


def macro_docx() -> bytes:
    """A macro-enabled document (.docm content type plus a vbaProject part)."""
    base = contract_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read("[Content_Types].xml").decode()
    types = types.replace("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")
    types = types.replace("application/vnd.openxmlformats-officedocument.ms-word",
                          "application/vnd.ms-word")
    return rezip(base, replace={"[Content_Types].xml": types.encode()},
                 add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})


def external_refs_docx(base_url: str) -> bytes:
    """A valid DOCX whose relationships point outside it: a remote template, a linked image, a subdocument.

    Word would fetch these when opening the file (the classic remote-template phishing trick); a reader of
    untrusted contracts must never touch ``base_url``.
    """
    base = contract_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        rels = source.read("word/_rels/document.xml.rels").decode()
        settings = source.read("word/settings.xml").decode()
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    extra = (f'<Relationship Id="rIdX1" Type="{ns}/image" Target="{base_url}/image.png" TargetMode="External"/>'
             f'<Relationship Id="rIdX2" Type="{ns}/subDocument" Target="{base_url}/sub.docx" '
             'TargetMode="External"/>'
             f'<Relationship Id="rIdX3" Type="{ns}/hyperlink" Target="{base_url}/link" TargetMode="External"/>')
    rels = rels.replace("</Relationships>", extra + "</Relationships>")
    settings = settings.replace("<w:zoom", '<w:attachedTemplate r:id="rIdT1"/><w:zoom', 1)
    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'<Relationship Id="rIdT1" Type="{ns}/attachedTemplate" Target="{base_url}/template.dotm" '
                     'TargetMode="External"/></Relationships>')
    return rezip(base, replace={"word/_rels/document.xml.rels": rels.encode(), "word/settings.xml": settings.encode()},
                 add={"word/_rels/settings.xml.rels": settings_rels.encode()})


def ratio_bomb_docx(mib: int = 1024) -> bytes:
    """word/document.xml is valid XML that inflates to ``mib`` MiB (ratio ~1000:1)."""
    head = document_xml("x").split(b"<w:t>")[0] + b"<w:t>"
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    data = deflate_repeated(mib, fill=b" ", head=head, tail=tail)
    size = len(head) + mib * 1024 * 1024 + len(tail)
    crc = repeated_checksum(zlib.crc32, 0, mib, fill=b" ", head=head, tail=tail)
    entries = stored_entries(contract_docx(), skip=("word/document.xml",))
    return raw_zip(entries + [("word/document.xml", 8, data, size, crc)])


def many_entries_docx(count: int = 50_000) -> bytes:
    """A valid DOCX plus ``count`` tiny extra members."""
    extra = [(f"word/extra/part{i}.xml", 0, b"<a/>", 4, zlib.crc32(b"<a/>")) for i in range(count)]
    return raw_zip(stored_entries(contract_docx()) + extra)


def overlapping_docx(copies: int = 2000) -> bytes:
    """Central-directory entries that all point at one local entry (an overlapping-entries zip bomb).

    One 16 MiB member compressed to ~16 KB is listed ``copies`` more times: 32 GB declared in a 40 KB file.
    """
    fat = ("word/media/fat.bin", 8, deflate_repeated(16), 16 * 1024 * 1024,
           repeated_checksum(zlib.crc32, 0, 16))
    aliases = [(f"word/media/copy{i}.bin", "word/media/fat.bin") for i in range(copies)]
    return raw_zip(stored_entries(contract_docx()) + [fat], aliases)


# ---------------------------------------------------------------- mutations and other formats

def truncate(data: bytes, fraction: float) -> bytes:
    """The first ``fraction`` of ``data``."""
    return data[: int(len(data) * fraction)]


def flip_bits(data: bytes, count: int, *, seed: int, start: int = 0, end: int | None = None) -> bytes:
    """``data`` with ``count`` random bits flipped in [start, end), reproducibly."""
    rng = random.Random(seed)
    out = bytearray(data)
    end = len(out) if end is None else end
    for _ in range(count):
        position = rng.randrange(start, end)
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def flip_in_member(docx_bytes: bytes, member: str, count: int, *, seed: int) -> bytes:
    """Flip bits inside the compressed data of one zip member (CRC or inflate must catch it)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source:
        info = source.getinfo(member)
    header = info.header_offset
    name_len, extra_len = struct.unpack("<HH", docx_bytes[header + 26: header + 30])
    start = header + 30 + name_len + extra_len
    return flip_bits(docx_bytes, count, seed=seed, start=start, end=start + info.compress_size)


def flip_in_streams(pdf_bytes: bytes, count: int, *, seed: int) -> bytes:
    """Flip bits inside every content stream's data (leaving the object structure intact)."""
    out = pdf_bytes
    position = 0
    index = 0
    while (begin := out.find(b"stream\n", position)) != -1:
        begin += len(b"stream\n")
        finish = out.find(b"\nendstream", begin)
        if finish == -1:
            break
        if finish - begin > 8:
            out = flip_bits(out, count, seed=seed + index, start=begin + 2, end=finish)
        position, index = finish + len(b"\nendstream"), index + 1
    return out


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + \
        chunk(b"IEND", b"")


def junk(size: int, *, seed: int) -> bytes:
    """Reproducible random bytes."""
    return random.Random(seed).randbytes(size)


FILLER = (
    "The parties shall cooperate in good faith in the performance of this Agreement.",
    "Headings are for convenience only and do not affect the interpretation of this Agreement.",
    "Each party shall bear its own costs in connection with the negotiation of this Agreement.",
    "Notices shall be in writing and delivered to the addresses set out in the Order Form.",
)


def big_text(megabytes: int) -> bytes:
    """A plain-text contract of about ``megabytes`` MB: the small contract, then numbered boilerplate.

    Boilerplate rather than lock-in language, as in a real long agreement: the file tests ingestion and
    memory bounds, not how fast the rules run over half a million red flags.
    """
    parts = [CONTRACT_TEXT, "\n"]
    total, number = len(CONTRACT_TEXT), len(CLAUSES)
    while total < megabytes * 1024 * 1024:
        number += 1
        paragraph = f"{number}. {FILLER[number % len(FILLER)]}\n\n"
        parts.append(paragraph)
        total += len(paragraph)
    return "".join(parts).encode("ascii")


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 " + CONTRACT_TEXT.encode().replace(b"\n", b"\\par ") + b"}"
