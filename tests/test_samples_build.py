"""The committed sample DOCX/PDF files are what samples/build.py makes from the TXT sources, and carry its words."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"


def _load_build():
    spec = importlib.util.spec_from_file_location("samples_build", SAMPLES_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


build = _load_build()
NAMES = [s.name for s in build.SAMPLES]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    assert build.main(["--out", str(out)]) == 0
    return out


def _docx_blocks(path: Path) -> list[str]:
    """Body paragraphs and table rows (cells joined by " | ") in document order."""
    document = docx.Document(str(path))
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" if node.tag.endswith("}t") else "\n"
                           for node in child.iter() if node.tag.endswith(("}t", "}br")))
            if text:
                blocks.append(text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            blocks.append("\n".join(" | ".join(cell.text for cell in row.cells) for row in table.rows))
    return blocks


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[\w$%.,;:()'\"/-]+", text.replace(" | ", " ")))


def test_no_extra_or_missing_samples_in_repo() -> None:
    txt = sorted(p.stem for p in SAMPLES_DIR.glob("*.txt"))
    assert txt == sorted(NAMES)
    assert len(NAMES) >= 3


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_committed_files_are_up_to_date(rebuilt: Path, name: str, suffix: str) -> None:
    committed, fresh = SAMPLES_DIR / f"{name}.{suffix}", rebuilt / f"{name}.{suffix}"
    assert committed.exists(), f"run samples/build.py and commit {committed.name}"
    if suffix == "docx":
        assert _docx_blocks(committed) == _docx_blocks(fresh), "stale DOCX: run samples/build.py"
    else:
        assert _pdf_pages(committed) == _pdf_pages(fresh), "stale PDF: run samples/build.py"


@pytest.mark.parametrize("name", NAMES)
def test_build_is_deterministic(rebuilt: Path, tmp_path: Path, name: str) -> None:
    again = build.build(next(s for s in build.SAMPLES if s.name == name), tmp_path)
    for path in again:
        assert path.read_bytes() == (rebuilt / path.name).read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_docx_reproduces_txt_blocks_with_a_real_table(name: str) -> None:
    source = (SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    expected = [b.text for b in build.parse(source)]
    assert _docx_blocks(SAMPLES_DIR / f"{name}.docx") == expected
    document = docx.Document(str(SAMPLES_DIR / f"{name}.docx"))
    assert len(document.tables) == 1 and len(document.tables[0].rows) >= 5
    sample = next(s for s in build.SAMPLES if s.name == name)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == sample.running_header
    assert "Confidential" in sample.running_header
    footer_xml = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer_xml and 'w:instr=" NUMPAGES "' in footer_xml
    # headers/footers must not leak into the body
    assert not any(sample.running_header in block for block in _docx_blocks(SAMPLES_DIR / f"{name}.docx"))


@pytest.mark.parametrize("name", NAMES)
def test_pdf_has_furniture_on_every_page_and_all_the_words(name: str) -> None:
    sample = next(s for s in build.SAMPLES if s.name == name)
    pages = _pdf_pages(SAMPLES_DIR / f"{name}.pdf")
    assert len(pages) >= 4
    body = []
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert sample.running_header in lines
        assert f"Page {number} of {len(pages)}" in lines
        body.extend(line for line in lines if line not in (sample.running_header, f"Page {number} of {len(pages)}"))
    source = (SAMPLES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    assert _words("\n".join(body)) == _words(source)


def test_lockin_heavy_is_long_enough_to_be_realistic() -> None:
    assert len(_pdf_pages(SAMPLES_DIR / "lockin-heavy.pdf")) >= 6
