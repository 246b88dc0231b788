"""Read a heading or a defined term at a place in contract text: what a clause is called, not where it starts.

``segment`` asks these for the text after a number ("4.1 Exclusive Provider. During ..."), for a line on its
own ("TERM AND RENEWAL") and for a paragraph that defines a term (``"Customer Data" means ...``). Each ``_at``
function reads ``text[start:end]`` in place: a flattened filing may hold a whole contract on one line.
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(
    r"[\"“'‘]{1,2}(?P<term>[A-Z0-9][^\"”’\n]{0,80}?)[\"”'’]{1,2}"
    r"(?:[ \t]*\([^)\n]{0,100}\))?(?:,?[ \t]+(?:or|and)[ \t]+[\"“'‘][^\"”’\n]{1,80}[\"”'’])?"
    r",?[ \t]+(?:shall[ \t]+(?:mean|have[ \t]+the[ \t]+meaning|include)|means|has[ \t]+the[ \t]+meanings?|includes"
    r"|refers?[ \t]+to|is[ \t]+defined|shall[ \t]+refer)\b"
)
_CAPS_DEFINITION = re.compile(
    r"(?P<term>[A-Z][A-Z0-9&'/-]*(?:[ \t]+[A-Z0-9][A-Z0-9&'/-]*){0,5})[ \t]*[-–—:,]?[ \t]*(?:shall[ \t]+mean|means)\b"
)
# what may follow the capital that opens a _CAPS_DEFINITION: more of the term ([A-Z0-9&'/-]), a blank, the
# optional separator, or the "s" of "shall mean" / "m" of "means" right after a one-letter term
_CAPS_SECOND = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&'/- \t–—:,sm")
_HEADING_STOP = re.compile(
    r"\b(?:shall|will|may|must|means|mean|is|are|was|were|has|have|agrees?|hereby|which|that|whereby|if|to)\b"
)
_INLINE_HEADING = re.compile(r"(?P<h>[A-Z][^.:*\n]{0,70}?)[.:]?(?:\*\*|__)?[.:]?(?<=[.:*_])"
                             r"(?=[ \t]+\S)")  # a heading is followed by text
_HEADING_END = re.compile(r"[.:*_]")
_KEPT = re.compile(r"[^\s*_:.]")  # a character that no strip in inline_heading_at or heading_like removes
_RULE_OR_LEADER = re.compile(r"_{3,}|\.{4,}")  # "Signature: ______", "Term ........ 4"
_SPACE = re.compile(r"\s*")
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "under", "upon"])


def heading_like(line: str) -> bool:
    """A short line that reads as a heading: ALL CAPS, or a few title-case words, no sentence."""
    if len(line) > 91 and not line[0].isspace() and not line[91].isspace() and line[91] != ":":
        return False  # too long without stripping it: whatever the strips below remove, character 91 stays
    stripped = line.strip().rstrip(":").strip()
    # cheapest tests first: most lines handed here are long sentences
    if not stripped or len(stripped) > 90 or stripped[-1] in ",;-" or stripped.endswith("...") or ":" in stripped:
        return False  # ":" inside: "By: Jane Doe", "Title: CEO" are signature lines, not headings
    if not (stripped[0].isalnum() or stripped[0] in "\"“'‘("):
        return False  # "/s/ Name"
    words = stripped.split()
    if len(words) > 12:
        return False
    if stripped.upper() == stripped:  # ALL CAPS: mostly letters ("USD 180,000" is a table cell)
        letters = sum(map(str.isalpha, stripped))
        return letters >= 3 and letters >= 0.6 * len(stripped.replace(" ", "")) and not _RULE_OR_LEADER.search(stripped)
    # mixed case: the cheap refusals before counting letters (at least 3, as for capitals)
    if "," in stripped or stripped.endswith((")", ".")) or len(words) > 8 or any(map(str.isdigit, stripped)):
        return False
    if not (len(stripped) >= 3 and stripped[:3].isalpha()) and sum(map(str.isalpha, stripped)) < 3:
        return False
    if _HEADING_STOP.search(stripped):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)


def _heading_case(words: list[str]) -> bool:
    """Title Case, ALL CAPS or Sentence case; "Provider provides the Services" (mixed) reads as a sentence."""
    later = [w for w in words[1:] if w[0].isalpha()]
    title = all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in later)
    sentence = all(w.islower() or w.isupper() for w in later)
    return title or sentence


def inline_heading(rest: str) -> str | None:
    """The heading right after a number: "Exclusive Provider." in "4.1 Exclusive Provider. During ..."."""
    return inline_heading_at(rest, 0, len(rest))


def inline_heading_at(text: str, start: int, end: int) -> str | None:
    """``inline_heading(text[start:end])`` without copying the rest of a long (flattened) line."""
    # it starts with a capital and ends in [.:*_] within 75 characters: look for both before trying the regex
    match = (start < end and "A" <= text[start] <= "Z" and _HEADING_END.search(text, start + 1, min(end, start + 75))
             and _INLINE_HEADING.match(text, start, end))
    if match:
        head = match.group("h").strip()
        words = head.split()
        if 0 < len(words) <= 8 and not _HEADING_STOP.search(head) and not head.startswith(("The ", "This ")) \
                and _heading_case(words):
            return head
    # the rest of the line, up to a run of spaces (a line break flattened away in many filings)
    # the rest usually opens with a non-blank (rest_start skipped blanks): the regex only for other spaces
    first = start if start < end and not text[start].isspace() else _SPACE.match(text, start, end).end()
    window = min(end, first + 100)
    gap = _line_gap(text, first, window)
    if gap == window < end:  # no gap among the first 98 characters: is the line too long for a heading?
        if text[first] not in "*_" and _KEPT.search(text, first + 92, window - 1):
            return None  # none of the strips below can remove that character: 93 characters at least
        gap = _line_gap(text, first, end)
    line = text[first:gap].strip().strip("*_").strip()
    line = line[:-1] if line.endswith(".") and line.count(".") == 1 else line  # "2.4. Prices."
    return line.rstrip(":.").strip() if line and heading_like(line) else None


def _line_gap(text: str, start: int, end: int) -> int:
    """Where text[start:end] first has two blanks in a row or a newline (``end`` if nowhere), by str.find.

    A regex search for it steps through every character of what is often the rest of a very long line.
    """
    gap = text.find("  ", start, end)
    first = gap if gap >= 0 else end  # each later search only looks before the first found so far
    newline = text.find("\n", start, first)
    first = newline if newline >= 0 else first
    pair_end = min(end, first + 1)  # a pair starting just before ``first`` ends on it
    if text.find("\t", start, pair_end) >= 0:  # rare: a blank pair with a tab in it
        first = min([first, *(at for at in (text.find(p, start, pair_end) for p in (" \t", "\t ", "\t\t")) if at >= 0)])
    return first


def defined_term(rest: str) -> str | None:
    """The term defined by a paragraph that starts like ``"Customer Data" means ...``."""
    return defined_term_at(rest, 0, len(rest))


def defined_term_at(text: str, start: int, end: int) -> str | None:
    """``defined_term(text[start:end])`` without copying the slice."""
    if start >= end:
        return None
    first = text[start]
    if "A" <= first <= "Z":  # only _CAPS_DEFINITION opens with a capital ("TERM means"); _DEFINITION with a quote
        if start + 1 < end and text[start + 1] not in _CAPS_SECOND:
            return None  # "Customer shall ...": a lower-case letter the term cannot hold, nor "shall"/"means"
        match = _CAPS_DEFINITION.match(text, start, end)
    elif first in "\"“'‘":
        match = _DEFINITION.match(text, start, end)
    else:
        return None
    return " ".join(match.group("term").split()) if match else None
