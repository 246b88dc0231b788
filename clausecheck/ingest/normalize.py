"""Text clean-up that runs before offsets exist: NFC, ligatures, spaces, running headers, de-hyphenation.

Every reader hands over raw page texts; ``pages_to_text`` turns them into the one normalised text and the
offset where each page begins, so that the page map is computed on the final text and stays right.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Typographic ligatures that PDF fonts emit as one code point; NFKC would fix them but also rewrites
# characters that matter in contracts (superscripts, fractions, the section sign stays but "½" would not).
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MULTI_SPACE = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
# PDF text engines drop the gap between a clause number and its text when the PDF positions them apart
# instead of writing a space: "1.1“Affiliate”", "12.Term". Only numbers with a dot, so "3M" stays.
_GLUED_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+)(?=[“\"‘'(A-Z])", re.MULTILINE)

# A word broken at a line end: letters or digits, a hyphen, the line break, the rest of the word.
_HYPHEN_BREAK = re.compile(r"([^\W_]+)-\n[ \t]*([^\W_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes that are written with a hyphen in legal English; a break after them is a real hyphen.
_HYPHEN_PREFIXES = frozenset(
    "non self co pre post re anti multi inter intra cross sub out in semi over under counter ex vice "
    "third first second long short full part sole well mid pro quasi e".split())

_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?)?\s*[-–—]?\s*(?:\d{1,4}|[ivx]{1,6})\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE)
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
        text = re.sub("\xad\n?", "", text)
    text = unicodedata.normalize("NFC", text).translate(_LIGATURE_TABLE).translate(_ZERO_WIDTH)
    text = _SPACES.sub(" ", _CONTROL.sub("", text))
    lines = text.split("\n")
    if pdf:  # layout, not meaning: runs of spaces and indentation come from positioning glyphs
        lines = [_GLUED_NUMBER.sub(r"\1 ", _MULTI_SPACE.sub(" ", line).strip()) for line in lines]
    else:
        lines = [line.rstrip() for line in lines]
    return "\n".join(lines)


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


def _key(line: str) -> str:
    # Digits vary from page to page ("Page 3", "Source: X, 10-K, 3/1/2020" does not): mask them all.
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def _varying_numbers(lines: list[str]) -> int:
    """How many number positions differ among lines that share a key ("Page 3 of 9" vs "Page 4 of 9": 1)."""
    columns = zip(*(_DIGITS.findall(line) for line in lines))
    return sum(1 for column in columns if len(set(column)) > 1)


def _running_keys(pages: list[list[str]], zone: int) -> set[str]:
    if len(pages) < 2:
        return set()
    seen: dict[str, list[str]] = {}
    repeated: Counter[str] = Counter()  # pages where the line occurs more than once: content, not a header
    for lines in pages:
        on_page = Counter(_key(line) for line in lines if line.strip())
        edge = {_key(lines[i]): lines[i] for i in _edge_indexes(lines)[zone]}
        for key, line in edge.items():
            seen.setdefault(key, []).append(line)
            repeated[key] += on_page[key] > 1
    needed = 2 if len(pages) == 2 else max(3, math.ceil(len(pages) * 0.5))
    # Three letters at least: a repeated bare clause number ("#.") at a page top is content, not a header.
    # A line repeated within pages (signature blocks: "By: ..., its General Partner") is content too, and
    # so are lines that differ in more than one number ("Clause 3 ... page 3"): a header varies at most
    # in its page number.
    return {key for key, lines in seen.items()
            if len(lines) >= needed and repeated[key] <= 1 and len(key) <= 200
            and sum(ch.isalpha() for ch in key) >= 3 and _varying_numbers(lines) <= 1}


def strip_running_lines(pages: list[str]) -> tuple[list[str], int]:
    """Drop running headers/footers and bare page numbers at page edges; returns pages and lines removed."""
    split = [page.split("\n") for page in pages]
    top, bottom = _running_keys(split, 0), _running_keys(split, 1)
    removed = 0
    result: list[str] = []
    for lines in split:
        first, last = _edge_indexes(lines)
        drop = {i for i in first if _key(lines[i]) in top} | {i for i in last if _key(lines[i]) in bottom}
        # Page numbers sit next to the header/footer: look at the edges again once those are gone.
        kept = [i for i in range(len(lines)) if i not in drop]
        filled = [i for i in kept if lines[i].strip()]
        for i in filled[:2] + filled[-2:]:
            if is_page_number(lines[i]):
                drop.add(i)
        removed += len(drop)
        result.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return result, removed


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Words (lower-case) and hyphenated words seen on one line, ignoring the broken ones."""
    unbroken = _HYPHEN_BREAK.sub(" ", text)
    words: set[str] = set()
    hyphenated: set[str] = set()
    for match in _WORD.finditer(unbroken):
        word = match.group().lower()
        (hyphenated if "-" in word else words).add(word)
        words.update(word.split("-"))
    return words, hyphenated


def _rejoin(head: str, tail: str, words: set[str], hyphenated: set[str]) -> str:
    """Join a word broken at a line end; keep the hyphen when it belongs to the word."""
    if not (head.isalpha() and tail.isalpha() and tail[0].islower()):
        return f"{head}-{tail}"  # "W-8BEN", "Paid-For", "333-1944": a hyphen is part of the token
    joined, with_hyphen = f"{head}{tail}".lower(), f"{head}-{tail}".lower()
    if with_hyphen in hyphenated:
        return f"{head}-{tail}"
    if joined in words:
        return f"{head}{tail}"
    if head.lower() in _HYPHEN_PREFIXES or (head.lower() in words and tail.lower() in words):
        return f"{head}-{tail}"  # "non-exclusive", "employee-employer"
    return f"{head}{tail}"  # "agree-ment": the fragments are not words of this document


def _shift(offset: int, edits: list[tuple[int, int, int]]) -> int:
    """Map an old offset through ``edits`` (old start, old end, new length), sorted by start."""
    delta = 0
    for start, end, new_len in edits:
        if end <= offset:
            delta += new_len - (end - start)
        elif start < offset:
            return start + delta + new_len  # inside a rewritten span: move to its end
        else:
            break
    return offset + delta


def dehyphenate(text: str, starts: list[int]) -> tuple[str, list[int]]:
    """Join words hyphenated across line ends, mapping ``starts`` (page offsets) into the new text."""
    words, hyphenated = _vocabulary(text)
    edits: list[tuple[int, int, int]] = []

    def replace(match: re.Match[str]) -> str:
        new = _rejoin(match.group(1), match.group(2), words, hyphenated)
        edits.append((match.start(), match.end(), len(new)))
        return new

    new_text = _HYPHEN_BREAK.sub(replace, text)
    return new_text, [_shift(start, edits) for start in starts]


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
