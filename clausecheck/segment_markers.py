"""Find numbering markers, heading lines and definitions in contract text (regex only, for speed).

A marker is only a candidate: ``segment_outline`` decides which ones are real clause starts by checking that
the numbering runs in sequence. Markers are found at line starts ("hard") and inside lines after a sentence
end or a run of spaces ("soft"): many filings were flattened so that a whole section sits on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCHEDULE_WORDS = "SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum"

# One alternation per numbering style; group names say which style matched.
_TOKEN = rf"""
  (?P<art>(?:ARTICLE|Article)[ \t]+(?P<artnum>[IVXLC]{{1,7}}|\d{{1,2}})\b[.:]?)
| (?P<sec>(?:SECTION|Section|CLAUSE|Clause|§)[ \t]*(?P<secnum>\d{{1,3}}(?:\.\d{{1,3}})*)\b[.:]?)
| (?P<sch>(?:{_SCHEDULE_WORDS})[ \t]+(?P<schnum>[A-Z]{{1,2}}|\d{{1,2}}(?:[.-]\d{{1,2}})?|[IVX]{{1,5}})\b[.:]?)
| (?P<dec>(?P<decnum>\d{{1,3}}(?:\.\d{{1,3}})+)\.?|(?P<decone>\d{{1,3}})\.(?!\d))
| (?P<par>\((?P<parv>[a-z]{{1,4}}|[A-Z]{{1,4}}|\d{{1,2}})\))
| (?P<let>(?P<letv>[a-z]|[A-Z]|[ivx]{{2,4}}|[IVX]{{2,4}}|\d{{1,2}})\))
| (?P<dot>(?P<dotv>[a-z]|[A-Z]|[ivx]{{2,4}}|[IVX]{{2,4}})\.)
"""

# Where a marker may start: a line start (after indentation), after 2+ spaces (a flattened line break),
# or after the end of a sentence / list item.
_MARKER = re.compile(
    rf"(?P<ctx>^[ \t]*(?:(?:\#{{1,6}}|[*_]{{2}})[ \t]*)?|[ \t]{{2,}}|(?<=[.;:!?])[\"'”’)\]]?[ \t]+)(?P<tok>{_TOKEN})(?=[ \t]|$|(?<=\d\.)[A-Z])",
    re.MULTILINE | re.VERBOSE,
)

# In flattened filings a sub-section number often follows its parent's heading with one space. Only dotted
# numbers followed by a capital are candidates, never after words that introduce a cross-reference.
# The lookbehind changes no match (a match always starts where its word starts) but stops the regex from
# retrying every letter of every word, which made this scan quadratic in word length (2.5x faster).
_AFTER_WORD = re.compile(r"(?<![A-Za-z§])(?P<word>[A-Za-z§]+\)?)[ \t](?P<tok>\d{1,3}(?:\.\d{1,3})+\.?)(?=[ \t]+[\"“A-Z])")
_REFERENCE_WORDS = frozenset(
    ["section", "sections", "clause", "clauses", "article", "articles", "paragraph", "paragraphs", "schedule", "exhibit", "annex", "appendix", "and", "or", "to", "of", "in", "under", "with", "see", "per", "by", "than", "no", "nos", "item", "items", "part", "rule", "rules", "regulation", "version", "v"]
)
_DEFINITION = re.compile(
    r"[\"“'‘]{1,2}(?P<term>[A-Z0-9][^\"”’\n]{0,80}?)[\"”'’]{1,2}"
    r"(?:[ \t]*\([^)\n]{0,100}\))?(?:,?[ \t]+(?:or|and)[ \t]+[\"“'‘][^\"”’\n]{1,80}[\"”'’])?"
    r",?[ \t]+(?:shall[ \t]+(?:mean|have[ \t]+the[ \t]+meaning|include)|means|has[ \t]+the[ \t]+meanings?|includes"
    r"|refers?[ \t]+to|is[ \t]+defined|shall[ \t]+refer)\b"
)
_CAPS_DEFINITION = re.compile(
    r"(?P<term>[A-Z][A-Z0-9&'/-]*(?:[ \t]+[A-Z0-9][A-Z0-9&'/-]*){0,5})[ \t]*[-–—:,]?[ \t]*(?:shall[ \t]+mean|means)\b"
)
_HEADING_STOP = re.compile(
    r"\b(?:shall|will|may|must|means|mean|is|are|was|were|has|have|agrees?|hereby|which|that|whereby|if|to)\b"
)
_INLINE_HEADING = re.compile(r"(?P<h>[A-Z][^.:*\n]{0,70}?)[.:]?(?:\*\*|__)?[.:]?(?<=[.:*_])(?=[ \t]+\S)")  # a heading is followed by text
_LINE = re.compile(r"^[ \t]*(?P<line>\S[^\n]*)", re.MULTILINE)
_SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "under", "upon"])
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True, slots=True)
class Marker:
    """A candidate clause start: where, which numbering style, what value, and how sure we are."""

    start: int  # offset of the first character of the token
    end: int  # offset just after the token
    style: str  # article | dec | schedule | paren-alpha | paren-roman | ... | heading | definition
    value: tuple[int, ...] | str  # dec: (4, 1); article: (4,); schedule: "Schedule B"; letters: raw token
    raw: str  # token as written, without brackets
    hard: bool  # at a line start
    sentence: bool  # at a line start or after a sentence end, not after ";" "," or ":"
    colon: bool  # right after a colon ("as follows: 1. Services. ...")
    strong: bool  # followed by a capital, a quote, a bracket or the end of the line
    word: bool = False  # a dotted number right after a word ("1. Grant of Rights 1.1 Subject to ...")


def roman_to_int(token: str) -> int | None:
    """Value of a lower- or upper-case roman numeral, or None when it is not one."""
    total, previous = 0, 0
    for char in reversed(token.lower()):
        value = ROMAN_VALUES.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def heading_like(line: str) -> bool:
    """A short line that reads as a heading: ALL CAPS, or a few title-case words, no sentence."""
    stripped = line.strip().rstrip(":").strip()
    words = stripped.split()
    if not words or len(stripped) > 90 or len(words) > 12 or stripped[-1] in ",;-" or stripped.endswith("..."):
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) < 3:
        return False
    if not (stripped[0].isalnum() or stripped[0] in "\"“'‘(") or ":" in stripped:
        return False  # "/s/ Name", "By: Jane Doe", "Title: CEO" are signature lines, not headings
    if stripped.upper() == stripped:  # ALL CAPS: mostly letters ("USD 180,000" is a table cell)
        return len(letters) >= 0.6 * len(stripped.replace(" ", "")) and not re.search(r"_{3,}|\.{4,}", stripped)
    if "," in stripped or stripped.endswith(")"):
        return False
    if stripped.endswith(".") or any(c.isdigit() for c in stripped) or len(words) > 8:
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
    match = _INLINE_HEADING.match(rest)
    if match:
        head = match.group("h").strip()
        words = head.split()
        if 0 < len(words) <= 8 and not _HEADING_STOP.search(head) and not head.startswith(("The ", "This ")) \
                and _heading_case(words):
            return head
    # the rest of the line, up to a run of spaces (a line break flattened away in many filings)
    line = re.split(r"[ \t]{2,}|\n", rest.strip(), maxsplit=1)[0].strip().strip("*_").strip()
    line = line[:-1] if line.endswith(".") and line.count(".") == 1 else line  # "2.4. Prices."
    return line.rstrip(":.").strip() if line and heading_like(line) else None


def defined_term(rest: str) -> str | None:
    """The term defined by a paragraph that starts like ``"Customer Data" means ...``."""
    match = _DEFINITION.match(rest) or _CAPS_DEFINITION.match(rest)
    return " ".join(match.group("term").split()) if match else None


def _classify(match: re.Match[str]) -> tuple[str, tuple[int, ...] | str, str] | None:
    """Style, value and raw token of a marker match."""
    if match.group("art"):
        raw = match.group("artnum")
        number = int(raw) if raw.isdigit() else roman_to_int(raw)
        return ("article", (number,), raw) if number else None
    if match.group("sec"):
        raw = match.group("secnum")
        return "dec", tuple(int(p) for p in raw.split(".")), raw
    if match.group("sch"):
        word = match.group("sch").split()[0].capitalize()
        return "schedule", f"{word} {match.group('schnum')}", match.group("schnum")
    if match.group("dec"):
        raw = match.group("decnum") or match.group("decone")
        return "dec", tuple(int(p) for p in raw.split(".")), raw
    raw = match.group("parv") or match.group("letv") or match.group("dotv")
    kind = "paren" if match.group("par") else ("close" if match.group("let") else "dot")
    return kind, raw, raw


def find_markers(text: str) -> list[Marker]:
    """Every numbering marker candidate in ``text``, in order."""
    markers: list[Marker] = []
    for match in _MARKER.finditer(text):
        classified = _classify(match)
        if classified is None:
            continue
        style, value, raw = classified
        ctx_start = match.start("ctx")
        start, end = match.start("tok"), match.end("tok")
        hard = ctx_start == 0 or text[ctx_start - 1] == "\n"
        if hard:  # the clause starts at the line's first character, Markdown "## " or "**" included
            ctx = match.group("ctx")
            start = ctx_start + len(ctx) - len(ctx.lstrip(" \t"))
        if not hard and (style in ("dot", "schedule") or style == "close" and not raw.isdigit()):
            continue  # "A." / "a)" inside a line are initials and list bullets, not clause numbers
        sentence = hard or text[ctx_start - 1] not in ";:,"
        colon = not hard and text[ctx_start - 1] == ":"
        follow = text[end:end + 200].lstrip(" \t")
        strong = not follow or follow[0] in "\n\"“‘'([" or follow[0].isupper()
        markers.append(Marker(start=start, end=end, style=style, value=value, raw=raw, hard=hard,
                              sentence=sentence, colon=colon, strong=strong))
    for match in _AFTER_WORD.finditer(text):
        if match.group("word").lower() in _REFERENCE_WORDS:
            continue
        raw = match.group("tok").rstrip(".")
        markers.append(Marker(start=match.start("tok"), end=match.end("tok"), style="dec",
                              value=tuple(int(p) for p in raw.split(".")), raw=raw, hard=False,
                              sentence=False, colon=False, strong=True, word=True))
    markers.sort(key=lambda m: m.start)
    return markers


def find_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every non-blank line, indentation stripped."""
    return [(m.start("line"), m.end("line"), m.group("line")) for m in _LINE.finditer(text)]
