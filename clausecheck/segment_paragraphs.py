"""Where paragraphs begin, whatever the format wrote for a paragraph break.

Word paragraphs arrive one per line; plain-text files mostly separate paragraphs with blank lines, though some
put one paragraph per (long) line; PDF text is wrapped at the page width with no blank lines at all, so a
paragraph ends where a line ends a sentence well short of the right margin, or a line is short (a heading).
"""

from __future__ import annotations

import statistics

from clausecheck.segment_markers import heading_like

Line = tuple[int, int, str]  # (start, end, text) of a non-blank line, indentation stripped

_SENTENCE_END = tuple('.:;!?"”)')
_CLAUSE_END = tuple('.:;,!?"”)')


def layout(text: str, lines: list[Line], fmt: str) -> str:
    """How this document marks paragraphs: "line" (one per line), "blank" (blank lines) or "wrapped"."""
    if fmt == "docx":
        return "line"
    if fmt == "pdf" or not lines:
        return "wrapped"
    blanks = sum(1 for i in range(1, len(lines)) if _blank_before(text, lines, i))
    if blanks >= 0.3 * len(lines):
        return "blank"
    if statistics.median(end - start for start, end, _ in lines) > 200:
        return "line"
    return "wrapped"


def starts(text: str, lines: list[Line], fmt: str) -> list[bool]:
    """For each line: does a new paragraph begin there?"""
    if not lines:
        return []
    mode = layout(text, lines, fmt)
    lengths = sorted(end - start for start, end, _ in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    flags = [True] * len(lines)
    if mode == "line":
        return flags
    for i in range(1, len(lines)):
        if _blank_before(text, lines, i):
            continue
        if mode == "blank":
            flags[i] = False
            continue
        previous = lines[i - 1][2].rstrip()
        short = len(previous) < 0.5 * width
        ends_sentence = previous.endswith(_SENTENCE_END) and (
            len(previous) < 0.85 * width or heading_like(lines[i][2]))  # "... receipt.\nGOVERNING LAW"
        if short and not ends_sentence and len(lines[i][2].rstrip()) < 0.5 * width:
            flags[i] = False  # a run of short lines is one block: a signature, an address, a table row
            continue
        flags[i] = short or ends_sentence
    return flags


def _blank_before(text: str, lines: list[Line], i: int) -> bool:
    return text.count("\n", lines[i - 1][1], lines[i][0]) >= 2


def continuations(text: str, lines: list[Line], fmt: str) -> list[bool]:
    """For each line: is it the wrapped continuation of a sentence on the line above?

    True when the line above reaches the right margin without ending a clause, so a "(a)" or "4.2" at the
    start of this line sits inside that sentence ("... the greater of\n(a) the Fees ...").
    """
    if not lines or layout(text, lines, fmt) == "line":
        return [False] * len(lines)
    lengths = sorted(end - start for start, end, _ in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    flags = [False] * len(lines)
    for i in range(1, len(lines)):
        previous = lines[i - 1][2].rstrip()
        flags[i] = (not _blank_before(text, lines, i) and len(previous) >= 0.7 * width
                    and not previous.endswith(_CLAUSE_END) and not heading_like(previous))
    return flags
