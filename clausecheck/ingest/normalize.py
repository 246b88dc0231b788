"""Text clean-up that runs before offsets exist: NFC, ligatures, spaces, running headers, de-hyphenation.

Every reader hands over raw page texts; ``pages_to_text`` turns them into the one normalised text and the
offset where each page begins, so that the page map is computed on the final text and stays right. Joining
words hyphenated at a line end is the last step, in hyphenation.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from clausecheck.ingest.hyphenation import dehyphenate

# Typographic ligatures that PDF fonts emit as one code point; NFKC would fix them but also rewrites
# characters that matter in contracts (superscripts, fractions, the section sign stays but "½" would not).
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Single characters replaced (ligatures) or dropped (zero-width): one str.replace per character present.
# str.translate with a dict costs a lookup per character of the text (~0.4 s for the 17 MB dev corpus);
# a membership test is a fast scan, or free when the text's widest character is narrower than the key.
_CHARACTER_MAP = {**LIGATURES, **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", "")}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ASCII_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SOFT_HYPHEN = re.compile("\xad\n?")
_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Every character _CONTROL or _SPACES matches: testing each with `in` is twice as fast as one regex scan.
_CONTROL_OR_SPACE = "".join(
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0x09, 0xA0,
                     0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))
_MULTI_SPACE = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n\n\n+")  # not \n{3,}: a literal prefix lets the regex engine skip ahead (9x faster)
# PDF text engines drop the gap between a clause number and its text when the PDF positions them apart
# instead of writing a space: "1.1“Affiliate”", "12.Term", "(a)It". Only numbers with a dot or labels in
# parentheses, so "3M" stays.
_GLUED_NUMBER = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+|\((?:\d{1,3}|[a-zA-Z]{1,5})\))(?=[“\"‘'(A-Z])",
    re.MULTILINE,
)

_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?)?\s*[-–—]?\s*(?:\d{1,4}|[ivx]{1,6})\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
EDGE_LINES = 4  # running headers/footers are looked for among the first and last lines of a page
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, kw_only=True)
class Normalized:
    """The final text and the offset where each page starts in it."""

    text: str
    page_starts: tuple[int, ...]
    removed_lines: int = 0


def clean_page(raw: str, *, pdf: bool) -> str:
    """Normalise one page: line ends, NFC, ligatures, invisible characters, spaces; keeps line breaks."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if pdf:
        # PDFium marks a hyphen at a line end as U+FFFE and drops the break; a drawn soft hyphen is a hyphen.
        text = text.replace("\ufffe", "-\n").replace("\xad", "-")
    else:
        # A soft hyphen is an optional break point: invisible, and the word goes on after it.
        text = _SOFT_HYPHEN.sub("", text) if "\xad" in text else text
    text = _clean_characters(unicodedata.normalize("NFC", text))
    if pdf:  # layout, not meaning: runs of spaces and indentation come from positioning glyphs
        # Whole-page substitutions (neither pattern crosses a line break; _GLUED_NUMBER anchors at each
        # line start): one regex call a page instead of two a line.
        lines = _MULTI_SPACE.sub(" ", text).split("\n")
        return _GLUED_NUMBER.sub(r"\1 ", "\n".join([line.strip() for line in lines]))
    return "\n".join([line.rstrip() for line in text.split("\n")])


def _clean_characters(text: str) -> str:
    """Ligatures spelled out, zero-width characters and C0/C1 controls dropped, odd spaces made plain."""
    if text.isascii():  # most contracts: only ASCII controls and tabs can occur, bytes.translate is fast
        data = text.encode("ascii")
        stripped = data.translate(None, _ASCII_CONTROL)
        text = stripped.decode("ascii") if len(stripped) != len(data) else text
        return text.replace("\t", " ")
    for char, new in _CHARACTER_MAP.items():  # no value holds a key, so the order does not matter
        if char in text:
            text = text.replace(char, new)
    if not any(char in text for char in _CONTROL_OR_SPACE):  # usually none: skip both substitutions
        return text
    return _SPACES.sub(" ", _CONTROL.sub("", text))


def tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row, none at the start or end."""
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number: "12", "- 12 -", "Page 3 of 10", "ii"."""
    stripped = line.strip()
    return bool(stripped) and _PAGE_NUMBER.fullmatch(stripped) is not None


def _edge_indexes(lines: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES], filled[-EDGE_LINES:]


def _varying_numbers(lines: list[str]) -> int:
    """How many number positions differ among lines that share a key ("Page 3 of 9" vs "Page 4 of 9": 1)."""
    columns = zip(*(_DIGITS.findall(line) for line in lines), strict=True)  # same key: same count
    return sum(1 for column in columns if len(set(column)) > 1)


def line_keys(page: str) -> list[str]:
    """The key of each line of ``page``: lower case, whitespace collapsed, digits masked."""
    # Digits vary from page to page ("Page 3", "Source: X, 10-K, 3/1/2020" does not): mask them all.
    # Lower-casing and masking never cross a line break, so one pass over the page gives the same keys
    # as line by line, at a fraction of the regex calls.
    return [" ".join(line.split()) for line in _DIGITS.sub("#", page.lower()).split("\n")]


def _running_keys(pages: list[list[str]], zone: int, keys: list[list[str]]) -> set[str]:
    if len(pages) < 2:
        return set()
    seen: dict[str, list[str]] = {}
    repeated: Counter[str] = Counter()  # pages where the line occurs more than once: content, not a header
    for lines, page_keys in zip(pages, keys, strict=True):
        on_page = Counter(key for key, line in zip(page_keys, lines, strict=True) if line.strip())
        edge = {page_keys[i]: lines[i] for i in _edge_indexes(lines)[zone]}
        for key, line in edge.items():
            seen.setdefault(key, []).append(line)
            repeated[key] += on_page[key] > 1
    # 40%, not half: books-style headers alternate between odd and even pages.
    needed = 2 if len(pages) == 2 else max(3, math.ceil(len(pages) * 0.4))
    # Two pages are thin evidence: there only identical lines count (page numbers have their own rule).
    varying = 0 if len(pages) == 2 else 1
    # Three letters at least: a repeated bare clause number ("#.") at a page top is content, not a header.
    # A line repeated within pages (signature blocks: "By: ..., its General Partner") is content too, and
    # so are lines that differ in more than one number ("Clause 3 ... page 3"): a header varies at most
    # in its page number.
    return {
        key
        for key, lines in seen.items()
        if len(lines) >= needed
        and repeated[key] <= 1
        and len(key) <= 200
        and sum(ch.isalpha() for ch in key) >= 3
        and _varying_numbers(lines) <= varying
    }


def _page_number_lines(lines: list[str], dropped: set[int]) -> set[int]:
    """Bare page-number lines among the two first and two last lines left after ``dropped``."""
    filled = [i for i, line in enumerate(lines) if line.strip() and i not in dropped]
    return {i for i in filled[:2] + filled[-2:] if is_page_number(lines[i])}


def strip_running_lines(pages: list[str]) -> tuple[list[str], int]:
    """Drop running headers/footers and bare page numbers at page edges; returns pages and lines removed."""
    split = [page.split("\n") for page in pages]
    keys = [line_keys(page) for page in pages] if len(pages) >= 2 else [[] for _ in pages]
    top, bottom = _running_keys(split, 0, keys), _running_keys(split, 1, keys)
    removed = 0
    result: list[str] = []
    for lines, page_keys in zip(split, keys, strict=True):
        first, last = _edge_indexes(lines)
        running = ({i for i in first if page_keys[i] in top} | {i for i in last if page_keys[i] in bottom}
                   if top or bottom else set())
        drop = running | _page_number_lines(lines, running)
        if len(set(first + last)) > EDGE_LINES and drop.issuperset(first + last):
            # A full page that is all "header" is content repeated page after page: keep it. A page with
            # no more lines than one edge holds is an empty (or scanned) page under its header/footer.
            drop = _page_number_lines(lines, set())
        removed += len(drop)
        result.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return result, removed


def pages_to_text(pages: list[str], *, pdf: bool) -> Normalized:
    """Normalise page texts into one text and the offset where each page starts."""
    cleaned = [clean_page(page, pdf=pdf) for page in pages]
    removed = 0
    if pdf:
        cleaned, removed = strip_running_lines(cleaned)
    cleaned = [tidy_blank_lines(page) for page in cleaned]
    text, starts = "", []
    for page in cleaned:
        if text and page:
            text += "\n"
        starts.append(len(text))
        text += page
    text, starts = dehyphenate(text, starts)
    return Normalized(text=text, page_starts=tuple(starts), removed_lines=removed)


def normalize_text(raw: str, *, pdf: bool = False) -> str:
    """Normalise a text without pages (DOCX, TXT, MD)."""
    return pages_to_text([raw], pdf=pdf).text
