"""Build the DOCX and PDF versions of each sample contract from its TXT source.

Run: ``python samples/build.py [--out DIR] [NAME ...]``.

The TXT file is the single source of truth; the DOCX and PDF are generated so that the three formats carry
the same words and ingestion can be tested against each other. Output is deterministic (fixed timestamps and
metadata, ReportLab's invariant mode), so rebuilding an unchanged source gives identical bytes.

Layout conventions read from the TXT: blocks are separated by blank lines; the first block is the title; a
one-line block in capitals with no final full stop is a heading; a block whose every line contains " | " is
a table (first line = header row); any other block is a paragraph whose internal line breaks are kept.
Section numbers stay literal text in the DOCX (no Word auto-numbering) so that every format reads the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True, kw_only=True)
class Sample:
    """One sample contract and the page furniture used when rendering it."""

    name: str
    running_header: str
    page_size: str  # "letter" | "a4"


SAMPLES: tuple[Sample, ...] = (
    Sample(name="lockin-heavy", running_header="Nimbus Intelligence - Master AI Services Agreement - Confidential",
           page_size="letter"),
    Sample(name="clean", running_header="Aurora Tensor Labs - Master AI Services Agreement - Confidential",
           page_size="letter"),
    Sample(name="mixed", running_header="Halcyon Models - AI Platform Services Agreement - Confidential",
           page_size="a4"),
)


@dataclass(frozen=True, kw_only=True)
class Block:
    """A unit of layout read from the TXT source."""

    kind: str  # title | heading | table | para
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block's lines joined by newlines."""
        return "\n".join(self.lines)


_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\([a-z]{1,4}\)|\([A-Z]\)|\(\d+\))\s")


def parse(text: str) -> list[Block]:
    """Split a sample's TXT into title, heading, table and paragraph blocks."""
    blocks: list[Block] = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        lines = tuple(line.rstrip() for line in raw.strip("\n").split("\n"))
        if not blocks:
            kind = "title"
        elif len(lines) > 1 and all(" | " in line for line in lines):
            kind = "table"
        elif len(lines) == 1 and _is_heading(lines[0]):
            kind = "heading"
        else:
            kind = "para"
        blocks.append(Block(kind=kind, lines=lines))
    return blocks


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and line.upper() == line and not line.endswith(".") and len(line) <= 80


def indent_level(line: str) -> int:
    """How deep a numbered paragraph sits: 1.1 -> 1, 1.1.1 / (a) / (i) -> 2, else 0."""
    match = _NUMBERED.match(line)
    if not match:
        return 0
    token = match.group(0).strip()
    if token.startswith("("):
        return 2
    return min(token.rstrip(".").count("."), 2)


# ---------------------------------------------------------------- DOCX

def build_docx(sample: Sample, blocks: list[Block], out: Path) -> None:
    """Write ``out`` as a Word document: headings, numbered paragraphs, a real table, header and footer."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _docx_furniture(doc, sample)
    for block in blocks:
        if block.kind == "title":
            doc.add_heading(block.text, level=0)
        elif block.kind == "heading":
            doc.add_heading(block.text, level=1)
        elif block.kind == "table":
            rows = [[cell.strip() for cell in line.split(" | ")] for line in block.lines]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            para = doc.add_paragraph()
            para.paragraph_format.left_indent = Pt(18 * indent_level(block.lines[0]))
            for i, line in enumerate(block.lines):
                run = para.add_run(line)
                if i < len(block.lines) - 1:
                    run.add_break()
    props = doc.core_properties
    props.author = props.last_modified_by = "clausecheck samples"
    props.title = blocks[0].text.title()
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_normalise_zip(buffer.getvalue()))


def _docx_furniture(doc: object, sample: Sample) -> None:
    """Header with the confidentiality legend, footer with PAGE / NUMPAGES fields."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    section = doc.sections[0]  # type: ignore[attr-defined]
    section.header.paragraphs[0].text = sample.running_header
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" of ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so identical content gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return target_buffer.getvalue()


# ---------------------------------------------------------------- PDF

def build_pdf(sample: Sample, blocks: list[Block], out: Path) -> None:
    """Write ``out`` as a multi-page PDF with a running header and a "Page N of M" footer."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story: list[object] = []
    for block in blocks:
        if block.kind == "title":
            story.append(Paragraph(escape(block.text), styles["Title"]))
        elif block.kind == "heading":
            story.append(Paragraph(escape(block.text), styles["Heading2"]))
        elif block.kind == "table":
            cell_style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
            rows = [[Paragraph(escape(c.strip()), cell_style) for c in line.split(" | ")] for line in block.lines]
            table = Table(rows, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.extend([table, Spacer(1, 8)])
        else:
            style = body.clone(f"lvl{indent_level(block.lines[0])}",
                               leftIndent=18 * indent_level(block.lines[0]))
            story.append(Paragraph("<br/>".join(escape(line) for line in block.lines), style))
    doc = SimpleDocTemplate(
        str(out), pagesize=LETTER if sample.page_size == "letter" else A4,
        topMargin=1 * inch, bottomMargin=1 * inch, title=blocks[0].text.title(),
        author="clausecheck samples", creator="clausecheck samples/build.py", invariant=1,
    )
    header = sample.running_header
    doc.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(header, *a, **k))


def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Defers page output until the end so each footer can say "Page N of M"."""

        def __init__(self, header: str, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._header = header
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            """Keep the finished page's state; it is drawn in ``save`` once the page count is known."""
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            """Draw header and "Page N of M" on every kept page, then write the file."""
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont("Helvetica", 8)
                self.drawCentredString(width / 2, height - 0.55 * 72, self._header)
                self.drawCentredString(width / 2, 0.5 * 72, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _NumberedCanvas(header: str, *args: object, **kwargs: object) -> object:
    return _numbered_canvas_class()(header, *args, **kwargs)


# ---------------------------------------------------------------- entry point

def build(sample: Sample, out_dir: Path) -> tuple[Path, Path]:
    """Build one sample's DOCX and PDF into ``out_dir``; return their paths."""
    blocks = parse((HERE / f"{sample.name}.txt").read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    docx_path, pdf_path = out_dir / f"{sample.name}.docx", out_dir / f"{sample.name}.pdf"
    build_docx(sample, blocks, docx_path)
    build_pdf(sample, blocks, pdf_path)
    return docx_path, pdf_path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: build every sample (or the named ones) into samples/ (or --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output directory (default: samples/)")
    parser.add_argument("names", nargs="*", help="sample names (default: all)")
    args = parser.parse_args(argv)
    chosen = [s for s in SAMPLES if not args.names or s.name in args.names]
    unknown = set(args.names) - {s.name for s in SAMPLES}
    if unknown:
        parser.error(f"unknown sample(s): {', '.join(sorted(unknown))}")
    for sample in chosen:
        for path in build(sample, args.out):
            print(path)  # a script, not library code: telling the user what was written is its output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
