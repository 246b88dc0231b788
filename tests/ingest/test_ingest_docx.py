"""DOCX ingestion: order, tables, numbering, tracked changes, content controls, and what stays out."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_builders import (
    W_NS,
    base_docx,
    docx_with_body,
    numbering,
    overlapping_zip,
    para,
    rewrite_zip,
    zip_bytes,
)

from clausecheck import ingest
from clausecheck.errors import IngestError
from clausecheck.ingest import limits


def _load(tmp_path: Path, data: bytes, name: str = "c.docx") -> ingest.Document:
    path = tmp_path / name
    path.write_bytes(data)
    return ingest.load(path)


def test_paragraphs_and_table_rows_in_document_order(tmp_path: Path) -> None:
    data = base_docx(
        ["ORDER FORM", "The parties agree to the following fees:"],
        table=[["Service", "Term", "Fee"], ["Inference API", "36 months", "$10,000 per month"]],
    )
    document = _load(tmp_path, data)
    assert document.text.split("\n") == [
        "ORDER FORM",
        "The parties agree to the following fees:",
        "Service | Term | Fee",
        "Inference API | 36 months | $10,000 per month",
        "Closing paragraph.",
    ]
    assert document.format == "docx"
    assert document.page_at(0) is None
    assert document.warnings == ()


def test_headers_and_footers_stay_out(tmp_path: Path) -> None:
    data = base_docx(
        ["1. Term. Twelve months."], header="CONFIDENTIAL DRAFT HEADER", footer="Page footer text v3"
    )
    document = _load(tmp_path, data)
    assert document.text == "1. Term. Twelve months.\nClosing paragraph."


def test_footnotes_stay_out(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t>Fees are payable monthly.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>FOOTNOTE TEXT</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    data = docx_with_body(
        body,
        extra={"word/footnotes.xml": footnotes.encode()},
        content_types='<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/>',
        relationships='<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/>',
    )
    document = _load(tmp_path, data)
    assert document.text == "Fees are payable monthly."


def test_tracked_insertions_in_deletions_out_with_warning(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Customer may terminate </w:t></w:r>'
        '<w:del w:id="1" w:author="Vendor"><w:r><w:delText xml:space="preserve">only for cause </w:delText>'
        "</w:r></w:del>"
        '<w:ins w:id="2" w:author="Buyer"><w:r><w:t xml:space="preserve">for convenience </w:t></w:r></w:ins>'
        "<w:r><w:t>on 30 days notice.</w:t></w:r></w:p>"
        # a whole paragraph deleted, its mark too: it disappears
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="Buyer"/></w:rPr></w:pPr>'
        '<w:del w:id="4" w:author="Buyer"><w:r><w:delText>Exclusivity applies.</w:delText></w:r></w:del>'
        "</w:p>"
        '<w:p><w:moveFrom w:id="5"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="6"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>'
    )
    document = _load(tmp_path, docx_with_body(body))
    assert document.text == "Customer may terminate for convenience on 30 days notice.\nMoved here."
    assert document.warnings == (
        "document has tracked changes (2 insertions, 4 deletions); read as if all were accepted",
    )


def test_content_controls_are_read(tmp_path: Path) -> None:
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="Term clause"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>The Initial Term is 36 months.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">Minimum share: </w:t></w:r>'
        '<w:sdt><w:sdtPr><w:tag w:val="share"/></w:sdtPr><w:sdtContent><w:r><w:t>70%</w:t></w:r>'
        '</w:sdtContent></w:sdt><w:r><w:t xml:space="preserve"> of traffic.</w:t></w:r></w:p>'
        "<w:tbl><w:tr><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>Cell in control</w:t></w:r></w:p></w:tc>"
        "</w:sdtContent></w:sdt><w:tc><w:p><w:r><w:t>plain cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    document = _load(tmp_path, docx_with_body(body))
    assert document.text == (
        "The Initial Term is 36 months.\nMinimum share: 70% of traffic.\nCell in control | plain cell"
    )


def test_fields_text_boxes_and_special_characters(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">See Section </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4.2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> for non</w:t><w:noBreakHyphen/><w:t>exclusive use.</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Before box.</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r>"
        "<w:t>Text in a box.</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>"
    )
    document = _load(tmp_path, docx_with_body(body))
    assert document.text == "See Section 4.2 for non-exclusive use.\nBefore box.\nText in a box."


MULTILEVEL = [
    ("decimal", "%1."),
    ("decimal", "%1.%2"),
    ("lowerLetter", "(%3)"),
    ("lowerRoman", "(%4)"),
    ("upperLetter", "%5."),
    ("upperRoman", "%6."),
]


def test_multilevel_numbering_is_rendered(tmp_path: Path) -> None:
    paragraphs = [
        ("Definitions", 0),
        ("Affiliate means...", 1),
        ("Services means...", 1),
        ("the API", 2),
        ("the models", 2),
        ("hosted", 3),
        ("on-premises", 3),
        ("edge", 3),
        ("the tools", 2),
        ("Term", 0),
        ("Initial Term", 1),
        ("Schedule", 4),
        ("Annex", 5),
        ("Annex two", 5),
    ]
    body = "".join(para(text, num=(1, level)) for text, level in paragraphs)
    document = _load(tmp_path, docx_with_body(body, numbering_xml=numbering(MULTILEVEL)))
    assert document.text.split("\n") == [
        "1. Definitions",
        "1.1 Affiliate means...",
        "1.2 Services means...",
        "(a) the API",
        "(b) the models",
        "(i) hosted",
        "(ii) on-premises",
        "(iii) edge",
        "(c) the tools",
        "2. Term",
        "2.1 Initial Term",
        "A. Schedule",
        "I. Annex",
        "II. Annex two",
    ]


def test_numbering_continues_across_instances_unless_restarted(tmp_path: Path) -> None:
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    xml = numbering([("lowerRoman", "(%1)")], num_ids=(1, 2, 3), overrides={3: restart})
    body = (
        para("first", num=(1, 0))
        + para("second", num=(1, 0))
        + para("plain")
        + para("third", num=(2, 0))
        + para("restarted", num=(3, 0))
        + para("next", num=(3, 0))
    )
    document = _load(tmp_path, docx_with_body(body, numbering_xml=xml))
    assert document.text.split("\n") == [
        "(i) first",
        "(ii) second",
        "plain",
        "(iii) third",
        "(i) restarted",
        "(ii) next",
    ]


def test_numbering_from_paragraph_style(tmp_path: Path) -> None:
    xml = numbering([("decimal", "Article %1"), ("decimal", "Section %1.%2")])
    xml = xml.replace('<w:lvl w:ilvl="0">', '<w:lvl w:ilvl="0"><w:pStyle w:val="Heading1"/>').replace(
        '<w:lvl w:ilvl="1">', '<w:lvl w:ilvl="1"><w:pStyle w:val="Heading2"/>'
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
        '</w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Normal"/></w:style></w:styles>'
    )
    body = (
        para("Term", style="Heading1")
        + para("Initial Term", style="Heading2")
        + para("Renewal", style="Heading2")
        + para("Body text.", style="Body")
        + para("Exit", style="Heading1")
    )
    document = _load(tmp_path, docx_with_body(body, numbering_xml=xml, styles_xml=styles))
    assert document.text.split("\n") == [
        "Article 1 Term",
        "Section 1.1 Initial Term",
        "Section 1.2 Renewal",
        "Body text.",
        "Article 2 Exit",
    ]


def test_comments_give_a_warning_and_stay_out(tmp_path: Path) -> None:
    comments = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W_NS}">'
        '<w:comment w:id="0" w:author="Legal"><w:p><w:r><w:t>Push back on this</w:t></w:r></w:p></w:comment>'
        '<w:comment w:id="1" w:author="Legal"><w:p><w:r><w:t>And this</w:t></w:r></w:p></w:comment>'
        "</w:comments>"
    )
    body = (
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Exclusive supplier.</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )
    data = docx_with_body(
        body,
        extra={"word/comments.xml": comments.encode()},
        content_types='<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.comments+xml"/>',
        relationships='<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/comments" Target="comments.xml"/>',
    )
    document = _load(tmp_path, data)
    assert document.text == "Exclusive supplier."
    assert document.warnings == ("document has 2 comments; comments are not part of the reviewed text",)


def test_external_relationships_are_never_fetched(tmp_path: Path) -> None:
    rel = (
        '<Relationship Id="rId97" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://127.0.0.1:9/evil.dotm" TargetMode="External"/>'
    )
    document = _load(tmp_path, docx_with_body(para("Body."), relationships=rel))
    assert document.text == "Body."


def _bad(tmp_path: Path, data: bytes) -> IngestError:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        ingest.load(path)
    assert info.value.path == str(path)
    return info.value


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    data = rewrite_zip(base_docx(["x"]), {"word/media/bomb.bin": b"\x00" * (8 * limits.MIB)})
    error = _bad(tmp_path, data)
    assert (
        error.message
        == f"DOCX part 'word/media/bomb.bin' expands more than {limits.MAX_ENTRY_RATIO}x (a zip bomb)"
    )


def test_total_uncompressed_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 2 * limits.MIB)
    import os

    data = rewrite_zip(base_docx(["x"]), {"word/media/photo.bin": os.urandom(3 * limits.MIB)})
    assert _bad(tmp_path, data).message == "DOCX expands to more than 2 MB"


def test_entry_count_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 10)
    assert _bad(tmp_path, base_docx(["x"])).message.startswith("DOCX has 17 ZIP entries, over the 10 limit")


def test_overlapping_entries_are_refused(tmp_path: Path) -> None:
    error = _bad(tmp_path, overlapping_zip())
    assert error.message == (
        "DOCX has overlapping ZIP entries ('[Content_Types].xml' and 'word/document.xml'), "
        "a zip-bomb technique"
    )


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
        '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/x.dtd">',
    ],
)
def test_doctype_is_refused(tmp_path: Path, declaration: str) -> None:
    data = docx_with_body(para("Hello &amp; bye"))
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    xml = xml.replace("?>", "?>" + declaration, 1)
    error = _bad(tmp_path, rewrite_zip(data, {"word/document.xml": xml.encode()}))
    assert (
        error.message == "DOCX part 'word/document.xml' declares a DOCTYPE or ENTITY, which Word never writes"
    )


def test_size_mismatch_between_header_and_data_is_damaged(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"[Content_Types].xml": b"<Types/>" * 10}))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (5).to_bytes(4, "little")  # declared uncompressed size: 5 bytes
    error = _bad(tmp_path, bytes(data))
    assert error.message.startswith("is not a valid DOCX: the ZIP archive is damaged")


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Patch both the local and the central header of ``name`` to declare ``size`` uncompressed bytes."""
    import io
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    patched = bytearray(data)
    local = info.header_offset
    patched[local + 22 : local + 26] = size.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def test_zip_bomb_with_lying_header_is_refused(tmp_path: Path) -> None:
    # Declared sizes pass the fast check; reading stops at the declared size and the CRC gives it away.
    data = rewrite_zip(base_docx(["x"]), {"word/media/bomb.bin": b"\x00" * (8 * limits.MIB)})
    error = _bad(tmp_path, _lie_about_size(data, "word/media/bomb.bin", 1000))
    assert error.message == (
        "is not a valid DOCX: the ZIP archive is damaged ('word/media/bomb.bin': "
        "Bad CRC-32 for file 'word/media/bomb.bin')"
    )


def test_bit_flips_in_compressed_xml_are_damage(tmp_path: Path) -> None:
    import io
    import zipfile

    data = docx_with_body(para("The Initial Term is thirty-six (36) months. " * 40))
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    flipped = bytearray(data)
    for offset in range(start + 20, start + info.compress_size - 20, 37):
        flipped[offset] ^= 0x55
    error = _bad(tmp_path, bytes(flipped))
    assert error.message.startswith("is not a valid DOCX: the ZIP archive is damaged ('word/document.xml': ")


def test_text_box_in_alternate_content_is_read_once(tmp_path: Path) -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>Boxed clause.</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>Intro.</w:t></w:r><w:r>"
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>' + box + "</w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict>" + box + "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    document = _load(tmp_path, docx_with_body(body))
    assert document.text == "Intro.\nBoxed clause."


def test_level_restart_rules(tmp_path: Path) -> None:
    # Level 1 says lvlRestart 0 (never restart): its letters keep counting across level-0 items.
    xml = numbering([("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")])
    xml = xml.replace(
        '<w:lvl w:ilvl="1"><w:start w:val="1"/>',
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/>',
    )
    body = "".join(
        para(t, num=(1, lvl)) for t, lvl in [("A", 0), ("b", 1), ("B", 0), ("c", 1), ("i", 2), ("d", 1)]
    )
    document = _load(tmp_path, docx_with_body(body, numbering_xml=xml))
    assert document.text.split("\n") == ["1. A", "(a) b", "2. B", "(b) c", "(i) i", "(c) d"]


def test_empty_content_control_placeholder_is_not_text(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Renewal notice: </w:t></w:r>'
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>"
        "<w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Choose an item.</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    assert _load(tmp_path, docx_with_body(body)).text == "Renewal notice:"
