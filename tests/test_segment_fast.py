"""The segmenter's fast paths give exactly what the plain way of computing the same thing gives.

Each fast path (candidate places instead of a regex scan of every character, reads in place instead of
copies, early answers) is checked against a reference: the regex it replaces, or the code it replaced,
kept here verbatim, on generated text full of the awkward cases (runs of blanks and tabs, quotes after
sentence ends, Markdown, numbers glued to words, Unicode spaces).
"""

from __future__ import annotations

import hashlib
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import segment, segment_markers, segment_paragraphs, segment_pieces
from clausecheck.model import Document
from clausecheck.segment_headings import (
    _CAPS_DEFINITION,
    _DEFINITION,
    _HEADING_STOP,
    _INLINE_HEADING,
    _SMALL_WORDS,
    _heading_case,
    _line_gap,
    defined_term,
    defined_term_at,
    heading_like,
    inline_heading_at,
)
from clausecheck.segment_markers import (
    _AFTER_WORD,
    _MARKER,
    Marker,
    _after_word_matches,
    _marker_matches,
    find_lines,
    find_markers,
)
from clausecheck.segment_outline import Boundary

_PIECES = ["1.", "1.1", "2.", "2.1", "3.2.1", "(a)", "(b)", "(ii)", "(A)", "1)", "a)", "I.", "A.", "iv.", "ARTICLE IV",
           "Article 2", "Section 5.2", "SECTION3", "§ 4", "SCHEDULE A", "Exhibit 10.1", "Annex B", "Clause 7",
           '"Term" means', "“Fees” shall mean", "TERM AND RENEWAL", "CUSTOMER DATA means", "Fees", "the",
           "Customer", "shall", "of", "and", "$1.5 million", "2026.", "Page 3", "12", "-", ":", ";", ".", ",",
           "!", "?", '"', "”", "’", ")", "]", " ", "  ", "   ", "\t", " \t", "\n", "\n\n", "\u2028", "\xa0",
           "## ", "**", "__", "_", "*", "Grant of Rights.", "Term:", "..........", "word 4.1 Title", "x" * 120]
_texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
_EXAMPLES = settings(max_examples=300, deadline=None)


def _groups(match: re.Match[str]) -> tuple:
    return match.regs, match.lastindex


@_EXAMPLES
@given(_texts)
def test_marker_places_give_the_regex_scan(text: str) -> None:
    assert [_groups(m) for m in _marker_matches(text)] == [_groups(m) for m in _MARKER.finditer(text)]


@_EXAMPLES
@given(_texts)
def test_numbers_after_words_give_the_regex_scan(text: str) -> None:
    assert [_groups(m) for m in _after_word_matches(text)] == [_groups(m) for m in _AFTER_WORD.finditer(text)]


def test_known_markers_are_found_in_place() -> None:
    text = 'Intro.  2.1 Term.\n## 3. Fees: see Section 4.2.  (a) first; (b) second."  4. Next\n\tb) item'
    found = [(text[m.start:m.end], m.style, m.hard, m.sentence, m.colon, m.strong) for m in find_markers(text)]
    # "Section 4.2" after a single space is a cross-reference, not a candidate; "## 3." keeps its Markdown
    assert found == [("2.1", "dec", False, True, False, True), ("## 3.", "dec", True, True, False, True),
                     ("(a)", "paren", False, True, False, False), ("(b)", "paren", False, False, False, False),
                     ("4.", "dec", False, True, False, True), ("b)", "close", True, True, False, False)]


def test_a_long_run_of_blanks_is_read_in_linear_time() -> None:
    # the old scan retried the rest of a run from each of its blanks: 20,000 spaces took 32 CPU-s
    text = "Terms." + " " * 200_000 + "2. Fees\n" + "\t " * 50_000 + "x"
    started = time.process_time()
    markers = find_markers(text)
    clauses = segment.split(_doc(text))
    assert time.process_time() - started < 2.0
    assert [text[m.start:m.end] for m in markers] == ["2."]
    assert [c.number for c in clauses][:2] == [None, "2"] and all(c.number == "2" for c in clauses[1:])


def _doc(text: str) -> Document:
    return Document(path="t.txt", format="txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


# ------------------------------------------------------------------ reads in place

_RESTS = st.tuples(_texts, st.integers(0, 400), st.integers(0, 400))


def _old_inline_heading(rest: str) -> str | None:
    """inline_heading as it was: slices, a regex split, then heading_like."""
    match = _INLINE_HEADING.match(rest)
    if match:
        head = match.group("h").strip()
        words = head.split()
        if 0 < len(words) <= 8 and not _HEADING_STOP.search(head) and not head.startswith(("The ", "This ")) \
                and _heading_case(words):
            return head
    line = re.split(r"[ \t]{2,}|\n", rest.strip(), maxsplit=1)[0].strip().strip("*_").strip()
    line = line[:-1] if line.endswith(".") and line.count(".") == 1 else line
    return line.rstrip(":.").strip() if line and _old_heading_like(line) else None


def _old_heading_like(line: str) -> bool:
    """heading_like as it was, before its tests were reordered cheapest first."""
    stripped = line.strip().rstrip(":").strip()
    words = stripped.split()
    if not words or len(stripped) > 90 or len(words) > 12 or stripped[-1] in ",;-" or stripped.endswith("..."):
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) < 3:
        return False
    if not (stripped[0].isalnum() or stripped[0] in "\"“'‘(") or ":" in stripped:
        return False
    if stripped.upper() == stripped:
        return len(letters) >= 0.6 * len(stripped.replace(" ", "")) and not re.search(r"_{3,}|\.{4,}", stripped)
    if "," in stripped or stripped.endswith(")"):
        return False
    if stripped.endswith(".") or any(c.isdigit() for c in stripped) or len(words) > 8:
        return False
    if _HEADING_STOP.search(stripped):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)


@settings(max_examples=600, deadline=None)
@given(_RESTS)
def test_inline_heading_in_place_gives_the_sliced_answer(case: tuple[str, int, int]) -> None:
    text, a, b = case
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert inline_heading_at(text, start, end) == _old_inline_heading(text[start:end])
    assert defined_term_at(text, start, end) == defined_term(text[start:end])
    gap = re.compile(r"[ \t]{2,}|\n").search(text, start, end)
    assert _line_gap(text, start, end) == (gap.start() if gap else end)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_heading_like_answers_as_before(text: str) -> None:
    for line in (text, text[:95], text[:60]):
        assert heading_like(line) == _old_heading_like(line)


def test_inline_headings_long_and_short() -> None:
    long_line = "Provider shall perform the Services described in each Order Form " * 3
    assert inline_heading_at("  " + long_line, 2, len(long_line) + 2) is None
    assert inline_heading_at("x Grant of Rights.  Subject to", 2, 30) == "Grant of Rights"
    assert inline_heading_at("PAYMENT TERMS  Customer shall pay", 0, 33) == "PAYMENT TERMS"
    assert inline_heading_at("**" + "_" * 150 + " Fees", 0, 157) == "Fees"  # long, but all strippable


# ------------------------------------------------------------------ early answers in the outline

def _old_starts(text: str, lines: list, fmt: str) -> list[bool]:
    """starts() as it was (verbatim), computing the layout and the width itself."""
    if not lines:
        return []
    mode = segment_paragraphs.layout(text, lines, fmt)
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
        ends_sentence = previous.endswith(tuple('.:;!?"”)')) and (
            len(previous) < 0.85 * width or heading_like(lines[i][2]))
        if short and not ends_sentence and len(lines[i][2].rstrip()) < 0.5 * width:
            flags[i] = False
            continue
        flags[i] = short or ends_sentence
    return flags


def _old_continuations(text: str, lines: list, fmt: str) -> list[bool]:
    """continuations() as it was (verbatim), computing the layout and the width again."""
    if not lines or segment_paragraphs.layout(text, lines, fmt) == "line":
        return [False] * len(lines)
    lengths = sorted(end - start for start, end, _ in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    flags = [False] * len(lines)
    for i in range(1, len(lines)):
        previous = lines[i - 1][2].rstrip()
        flags[i] = (not _blank_before(text, lines, i) and len(previous) >= 0.7 * width
                    and not previous.endswith(tuple('.:;,!?"”)')) and not heading_like(previous))
    return flags


def _blank_before(text: str, lines: list, i: int) -> bool:
    return text.count("\n", lines[i - 1][1], lines[i][0]) >= 2


@_EXAMPLES
@given(_texts, st.sampled_from(["txt", "md", "docx", "pdf"]))
def test_line_flags_in_one_pass_give_both_old_passes(text: str, fmt: str) -> None:
    lines = find_lines(text)
    assert segment_paragraphs.line_flags(text, lines, fmt) == (_old_starts(text, lines, fmt),
                                                                _old_continuations(text, lines, fmt))


@_EXAMPLES
@given(_texts, st.sampled_from(["txt", "pdf"]))
def test_markers_left_out_by_may_open_change_no_boundary(text: str, fmt: str) -> None:
    lines = find_lines(text)
    flags = segment_paragraphs.line_flags(text, lines, fmt)
    kept = segment._outline(text, lines, *flags)
    original = segment.may_open
    try:
        segment.may_open = lambda marker: True  # offer every marker, as before the filter
        offered = segment._outline(text, lines, *flags)
    finally:
        segment.may_open = original
    assert kept == offered


@_EXAMPLES
@given(_texts, st.lists(st.integers(0, 500), max_size=6), st.sampled_from(["section", "heading", "preamble"]))
def test_one_paragraph_regions_match_the_general_path(text: str, cuts: list[int], kind: str) -> None:
    breaks = sorted({c for c in cuts if c < len(text)})
    boundary = Boundary(start=0, number="4.1", heading="Fees", level=1, kind=kind)
    for start in range(0, len(text), 7):
        end = len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        quick = segment_pieces._one_paragraph(text, boundary, start, end, breaks)
        if quick is not None:
            assert quick == segment_pieces._paragraph_pieces(text, boundary, start, end, breaks, always_split=False)


def test_the_fast_paths_are_in_use() -> None:
    """Guard against a refactor quietly routing around them (the tests above would still pass)."""
    assert segment.find_markers is segment_markers.find_markers
    assert "_marker_matches" in find_markers.__code__.co_names
    assert "_one_paragraph" in segment_pieces._region.__code__.co_names


# ------------------------------------------------------------------ second round (issue 8, session 3)
# Each function below is the code a fast path replaced, kept verbatim (or as close as a test allows).

def _old_defined_term_at(text: str, start: int, end: int) -> str | None:
    if start >= end or not ("A" <= text[start] <= "Z" or text[start] in "\"“'‘"):
        return None
    match = _DEFINITION.match(text, start, end) or _CAPS_DEFINITION.match(text, start, end)
    return " ".join(match.group("term").split()) if match else None


def _old_classify(match: re.Match[str]) -> tuple | None:
    group = match.group
    if group("dec"):
        raw = group("decnum") or group("decone")
        return "dec", tuple(map(int, raw.split("."))), raw
    if raw := group("parv"):
        return "paren", raw, raw
    if group("art"):
        raw = group("artnum")
        number = int(raw) if raw.isdigit() else segment_markers.roman_to_int(raw)
        return ("article", (number,), raw) if number else None
    if group("sec"):
        raw = group("secnum")
        return "dec", tuple(map(int, raw.split("."))), raw
    if group("sch"):
        word = group("sch").split()[0].capitalize()
        return "schedule", f"{word} {group('schnum')}", group("schnum")
    raw = group("letv") or group("dotv")
    return ("close" if group("let") else "dot"), raw, raw


def _old_find_markers(text: str) -> list[Marker]:
    markers: list[Marker] = []
    for match in _marker_matches(text):
        classified = _old_classify(match)
        if classified is None:
            continue
        style, value, raw = classified
        ctx_start = match.start("ctx")
        start, end = match.start("tok"), match.end("tok")
        hard = ctx_start == 0 or text[ctx_start - 1] == "\n"
        if hard:
            ctx = match.group("ctx")
            start = ctx_start + len(ctx) - len(ctx.lstrip(" \t"))
        if not hard and (style in ("dot", "schedule") or style == "close" and not raw.isdigit()):
            continue
        sentence = hard or text[ctx_start - 1] not in ";:,"
        colon = not hard and text[ctx_start - 1] == ":"
        follow = text[end:end + 200].lstrip(" \t")
        strong = not follow or follow[0] in "\n\"“‘'([" or follow[0].isupper()
        markers.append(Marker(start=start, end=end, style=style, value=value, raw=raw, hard=hard,
                              sentence=sentence, colon=colon, strong=strong))
    for match in _after_word_matches(text):
        if match.group("word").lower() in segment_markers._REFERENCE_WORDS:
            continue
        raw = match.group("tok").rstrip(".")
        markers.append(Marker(start=match.start("tok"), end=match.end("tok"), style="dec",
                              value=tuple(int(p) for p in raw.split(".")), raw=raw, hard=False,
                              sentence=False, colon=False, strong=True, word=True))
    markers.sort(key=lambda m: m.start)
    return markers


def _old_pieces(text: str, boundaries: list[Boundary], breaks: list[int]) -> list:
    pieces: list = []
    content_start = len(text) - len(text.lstrip())
    first_numbered = segment_pieces._operative_start(boundaries, len(text))
    if not boundaries or boundaries[0].start > content_start:
        head_end = boundaries[0].start if boundaries else len(text)
        preamble = Boundary(start=content_start, number=None, heading=None, level=0, kind="preamble")
        pieces.extend(segment_pieces._region(text, preamble, content_start, head_end, breaks, always_split=True))
    for i, boundary in enumerate(boundaries):
        end = boundaries[i + 1].start if i + 1 < len(boundaries) else len(text)
        always = boundary.kind in ("heading", "preamble") or boundary.start < first_numbered
        pieces.extend(segment_pieces._region(text, boundary, boundary.start, end, breaks, always_split=always))
    return [segment_pieces._as_preamble(p) if p.start < first_numbered and p.kind in ("paragraph", "section") else p
            for p in pieces]


# long markers, "Page" lines, definitions in capitals, quotes and numbers after blanks and tabs
_MORE = ["Page -5-", "page 3 of 9", "— 12 —", "TERM means", "T means", "A/B LICENSE: means", "Fees means",
         "Section 4.2", "  \t", "\t(a) ", "   3. ", "\u00a0", "\u2003", "٣", "Ⅳ", "(iv) ", "ARTICLE XII", "§ 12.3."]
_rich_texts = st.lists(st.sampled_from(_PIECES + _MORE), max_size=80).map("".join)
_SPANS = st.tuples(_rich_texts, st.integers(0, 600), st.integers(0, 600))


def _span(case: tuple[str, int, int]) -> tuple[str, int, int]:
    text, a, b = case
    return text, min(a, b, len(text)), min(max(a, b), len(text))


def test_marker_groups_are_read_in_their_order() -> None:
    groups = segment_markers._MARKER.groupindex
    assert tuple(sorted(groups, key=groups.get)) == segment_markers._MARKER_GROUPS


@_EXAMPLES
@given(_rich_texts)
def test_markers_from_positional_groups_match_the_old_loop(text: str) -> None:
    assert find_markers(text) == _old_find_markers(text)
    assert find_markers(text + " " * 250 + "x") == _old_find_markers(text + " " * 250 + "x")  # 200-blank window


@settings(max_examples=600, deadline=None)
@given(_SPANS)
def test_defined_term_prechecks_change_no_answer(case: tuple[str, int, int]) -> None:
    text, start, end = _span(case)
    for s in range(start, min(end, start + 40)):
        assert defined_term_at(text, s, end) == _old_defined_term_at(text, s, end)


@settings(max_examples=600, deadline=None)
@given(_SPANS)
def test_page_number_and_toc_prechecks_change_no_answer(case: tuple[str, int, int]) -> None:
    text, start, end = _span(case)
    for s in range(start, min(end, start + 40)):
        assert segment_pieces._page_number(text, s, end) == bool(segment_pieces._PAGE_NUMBER.fullmatch(text, s, end))
        if end > s and segment._TOC_LINE.fullmatch(text, s, end):
            assert segment._toc_tail(text[end - 1])  # the precheck never turns a table-of-contents line away


def test_prechecks_on_known_lines() -> None:
    for line in ["12", "- 12 -", "Page 3 of 9", "PAGE -5-", "page 7"]:
        assert segment_pieces._page_number(line, 0, len(line)), line
    for line in ["Fees", "1 2 3 4", "Page", "x12"]:
        assert not segment_pieces._page_number(line, 0, len(line)), line
    assert defined_term_at('TERM means the period', 0, 21) == "TERM"
    assert defined_term_at('T means the period', 0, 18) == "T"
    assert defined_term_at('Term means the period', 0, 21) is None  # not capitals, not quoted
    assert defined_term_at('"Term" means the period', 0, 23) == "Term"


@_EXAMPLES
@given(_rich_texts, st.sampled_from(["txt", "pdf", "md"]))
def test_pieces_without_region_calls_match_the_old_loop(text: str, fmt: str) -> None:
    lines = find_lines(text)
    starts, wrapped = segment_paragraphs.line_flags(text, lines, fmt)
    boundaries = segment._outline(text, lines, starts, wrapped)
    breaks = [line[0] for line, flag in zip(lines[1:], starts[1:], strict=True) if flag]
    assert segment_pieces.pieces(text, boundaries, breaks) == _old_pieces(text, boundaries, breaks)
    # every line a section, the operative part (style "dec") starting halfway: the first half turns preamble
    half = len(lines) // 2
    every_line = [Boundary(start=s, number=str(i), heading=None, level=0, kind=("section", "paragraph")[i % 2],
                           style="dec" if i == half else "") for i, (s, _, _) in enumerate(lines)]
    assert segment_pieces.pieces(text, every_line, breaks) == _old_pieces(text, every_line, breaks)


@settings(max_examples=600, deadline=None)
@given(_SPANS)
def test_heading_only_counts_lines_as_the_split_did(case: tuple[str, int, int]) -> None:
    text, start, end = _span(case)
    assert segment_pieces._heading_only(text, start, end) == heading_like(segment_pieces._strip_number(text[start:end]))


_LINE_PIECES = st.lists(st.sampled_from(["x" * 30, "*" * 30, "#" * 30, "_" * 30, " " * 30, "Term", " ", "\t", "*",
                                         "_", "#", ":", ".", "Grant of Rights",
                                         "\u2003", "**", "TERM AND RENEWAL", "shall", "\r"]), max_size=40).map("".join)


@settings(max_examples=800, deadline=None)
@given(_LINE_PIECES)
def test_a_long_line_is_never_a_heading(line: str) -> None:
    if line and segment._long_line(line):
        assert not heading_like(segment._title(line))
    for heading in ["Term" + "*" * 100, "#" * 95 + " Term", "**Term" + "_" * 100, "Term" + " " * 100 + "**"]:
        assert heading_like(segment._title(heading)) and not segment._long_line(heading)
    long = "Provider shall perform the Services described in each Order Form and Statement of Work, " * 2 + line
    assert segment._long_line(long) and not heading_like(segment._title(long))


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["", "4.1 ", "ARTICLE IV: ", "## 2. ", "(a) ", "   ", "**"]),
       st.integers(80, 100), st.sampled_from(["x", " ", ":", "*", "\n", "T"]), st.sampled_from(["", "y" * 20, ":"]))
def test_heading_only_on_one_long_line(prefix: str, size: int, at: str, tail: str) -> None:
    body = ("Grant of Rights " * 7)[:size] + at + tail
    for paragraph in (prefix + body, prefix + "Term" + " " * size + at + tail):
        text = "Intro\n\n" + paragraph + "\n\nMore"
        start, end = 7, 7 + len(paragraph)
        stripped = segment_pieces._strip_number(text[start:end])
        assert segment_pieces._heading_only(text, start, end) == heading_like(stripped)
