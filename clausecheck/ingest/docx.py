"""DOCX: body paragraphs and tables in document order, from the XML python-docx does not interpret.

python-docx opens the package (relationships, content types; external targets are never fetched) and
hands over the body element; the walk below reads what python-docx skips: text in tracked insertions
(w:ins, w:moveTo) and content controls (w:sdt), leaves deletions out, renders list numbering, and keeps
headers, footers, footnotes and comments out because they are separate parts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from clausecheck.errors import IngestError
from clausecheck.ingest import xmlsafe, zipsafe
from clausecheck.ingest.numbering import ListNumbering, W
from clausecheck.ingest.raw import RawText

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "is a macro-enabled Word document (.docm)",
        "save it as a plain .docx; clausecheck does not open macro files",
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "is a Word template (.dotx), not a document",
        "create a document from it and save as .docx",
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "is a macro-enabled Word template (.dotm)",
        "save it as a plain .docx",
    ),
}
_OTHER_ZIPS = (  # a marker entry -> what the archive really is
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
)
# Elements whose content is not part of the accepted text: deletions, field codes, properties, fallbacks.
# fmt: off
_SKIP = {f"{W}{name}" for name in (
    "del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr", "sdtEndPr", "tblPr",
    "trPr", "tcPr", "footnoteReference", "endnoteReference", "commentReference", "sectPr", "fldData",
)} | {f"{MC}Fallback"}
# fmt: on
_CHANGE_TAGS = {f"{W}{name}": name for name in ("ins", "del", "moveFrom", "moveTo")}
_CHARS = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_HINT = "open it in Word and save it again, or export it as PDF"


@dataclass
class _Walk:
    """Mutable state of one pass over the body: numbering counts and the lines produced so far."""

    numbering: ListNumbering
    lines: list[str] = field(default_factory=list)
    pending: str = ""  # text of a paragraph whose mark was deleted: it joins the next paragraph


def _check_content_type(names: set[str], data: bytes) -> None:
    if "[Content_Types].xml" not in names:
        what = next((desc for marker, desc in _OTHER_ZIPS if marker in names), None)
        raise IngestError(
            f"is a ZIP archive but not a Word document{f' (it is {what})' if what else ''}",
            "clausecheck reads .docx, .pdf, .txt and .md files",
        )
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = xmlsafe.parse(archive.read("[Content_Types].xml"), "[Content_Types].xml")
    content_types = {el.get("ContentType", "") for el in types.iter(f"{_CT}Override", f"{_CT}Default")}
    for content_type, (message, hint) in _MAIN_TYPES.items():
        if content_type in content_types:
            raise IngestError(message, hint)
    if WORD_MAIN not in content_types:
        what = next((desc for marker, desc in _OTHER_ZIPS if marker in names), "not a Word document")
        raise IngestError(
            f"is an Office ZIP package but {what}"
            if what == "not a Word document"
            else f"is {what}, not a Word document",
            "clausecheck reads .docx, .pdf, .txt and .md files",
        )


def _placeholder(element: Any) -> bool:
    """An empty content control shows its prompt ("Click or tap here to enter text."): not contract text."""
    return element.tag == f"{W}sdt" and element.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def _inline_text(element: Any, walk: _Walk, extra: list[str]) -> str:
    """Text of a run-level subtree; text-box paragraphs go to ``extra`` as lines of their own."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP or _placeholder(child):
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        elif tag == f"{W}txbxContent":
            sub = _Walk(numbering=walk.numbering)
            _blocks(child, sub)
            extra.extend(sub.lines)
        else:  # runs, hyperlinks, w:ins, w:moveTo, w:sdt/w:sdtContent, smart tags, fields, drawings
            parts.append(_inline_text(child, walk, extra))
    return "".join(parts)


def _paragraph(p: Any, walk: _Walk) -> None:
    extra: list[str] = []
    text = _inline_text(p, walk, extra)
    mark_deleted = p.find(f"{W}pPr/{W}rPr/{W}del") is not None
    if mark_deleted and not text.strip():
        walk.lines.extend(extra)
        return  # a deleted paragraph: neither its text nor its number exists once changes are accepted
    label = None if walk.pending else walk.numbering.label(p)
    text = walk.pending + text
    if mark_deleted:
        walk.pending = text + " "
        walk.lines.extend(extra)
        return
    walk.pending = ""
    walk.lines.append(f"{label} {text}" if label else text)
    walk.lines.extend(extra)


def _cell_text(cell: Any, walk: _Walk) -> str:
    sub = _Walk(numbering=walk.numbering)
    _blocks(cell, sub)
    return " ".join(line.replace("\n", " ").strip() for line in sub.lines if line.strip())


def _rows(container: Any) -> list[Any]:
    rows = []
    for child in container:
        if child.tag == f"{W}tr":
            rows.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            rows.extend(_rows(child))
    return rows


def _cells(row: Any) -> list[Any]:
    cells = []
    for child in row:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            cells.extend(_cells(child))
    return cells


def _table(tbl: Any, walk: _Walk) -> None:
    for row in _rows(tbl):
        if row.find(f"{W}trPr/{W}del") is not None:
            continue  # a deleted row
        cells = [_cell_text(cell, walk) for cell in _cells(row)]
        if any(cells):
            walk.lines.append(" | ".join(cells))


def _blocks(container: Any, walk: _Walk) -> None:
    """Walk block-level content (body, cell, content control, text box) in document order."""
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            _paragraph(child, walk)
        elif tag == f"{W}tbl":
            _table(child, walk)
        elif isinstance(tag, str) and tag not in _SKIP and not _placeholder(child):
            _blocks(child, walk)  # w:sdt, w:sdtContent, w:customXml, w:ins/w:moveTo around blocks


def _change_warnings(body: Any, document: Any) -> list[str]:
    counts = {"ins": 0, "del": 0, "moveFrom": 0, "moveTo": 0}
    for element in body.iter(*_CHANGE_TAGS):
        counts[_CHANGE_TAGS[element.tag]] += 1
    warnings = []
    if any(counts.values()):
        warnings.append(
            f"document has tracked changes ({counts['ins'] + counts['moveTo']} insertions, "
            f"{counts['del'] + counts['moveFrom']} deletions); read as if all were accepted"
        )
    comments = _comment_count(document)
    if comments:
        warnings.append(
            f"document has {comments} comment{'s' if comments != 1 else ''}; comments are not "
            "part of the reviewed text"
        )
    return warnings


def _comment_count(document: Any) -> int:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    comments = _part_element(document, RT.COMMENTS)
    return 0 if comments is None else len(comments.findall(f"{W}comment"))


def _part_element(document: Any, reltype: str) -> Any | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            return element if element is not None else xmlsafe.parse(part.blob, str(part.partname))
    return None


def read(data: bytes) -> RawText:
    """Read a DOCX's body text; raises IngestError for unsafe, damaged or non-Word packages."""
    names = zipsafe.check(data)
    _check_content_type(names, data)
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise IngestError(f"is not a valid DOCX ({type(exc).__name__}: {exc})", _HINT) from exc
    body = document.element.body
    numbering = ListNumbering(_part_element(document, RT.NUMBERING), _part_element(document, RT.STYLES))
    walk = _Walk(numbering=numbering)
    _blocks(body, walk)
    if walk.pending:
        walk.lines.append(walk.pending.rstrip())
    return RawText(pages=("\n".join(walk.lines),), warnings=tuple(_change_warnings(body, document)))
