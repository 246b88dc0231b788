"""Core types: offsets, pages and lines."""

from __future__ import annotations


def test_line_numbers_match_newline_counting() -> None:
    from clausecheck.model import Document

    text = "1. Term\n\n1.1 Twelve months.\n2. Fees\nlast line"
    document = Document(path="c.txt", format="txt", text=text, sha256="")
    assert [document.line_at(i) for i in range(len(text) + 1)] == [
        text.count("\n", 0, i) + 1 for i in range(len(text) + 1)]
    assert document.line_at(-5) == 1
