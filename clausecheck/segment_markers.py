"""Find numbering markers and lines in contract text (regex only, for speed); headings and defined terms are
read by ``segment_headings``.

A marker is only a candidate: ``segment_outline`` decides which ones are real clause starts by checking that
the numbering runs in sequence. Markers are found at line starts ("hard") and inside lines after a sentence
end or a run of spaces ("soft"): many filings were flattened so that a whole section sits on one line.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import NamedTuple

from clausecheck.segment_headings import (  # noqa: F401 - segment and the tests import them from here
    defined_term,
    defined_term_at,
    heading_like,
    inline_heading,
    inline_heading_at,
)

_SCHEDULE_WORDS = ("SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix"
                   "|ATTACHMENT|Attachment|ADDENDUM|Addendum")

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
    rf"(?P<ctx>^[ \t]*(?:(?:\#{{1,6}}|[*_]{{2}})[ \t]*)?|[ \t]{{2,}}|(?<=[.;:!?])[\"'”’)\]]?[ \t]+)(?P<tok>{_TOKEN})"
    r"(?=[ \t]|$|(?<=\d\.)[A-Z])",
    re.MULTILINE | re.VERBOSE,
)

# A scan with _MARKER tries its three contexts at every character (1.5 s of CPU for the 304 CUAD texts).
# find_markers instead lists the few places where a context is followed by something that can open a token
# (_TOKEN_START accepts more than _TOKEN), each search led by a literal character that the regex engine
# finds quickly, and runs _MARKER only there, in order and never inside the previous match: finditer's
# matches exactly (see _marker_matches), about 5x faster.
_TOKEN_START = (rf"(?:[0-9(§]|[A-Za-z][.)]|[ivxIVX]{{2,4}}[.)]|ARTICLE|Article|SECTION|Section|CLAUSE|Clause"
                rf"|{_SCHEDULE_WORDS})")
_LINE_CONTEXT = re.compile(rf"\n[ \t]*(?:(?:\#{{1,6}}|[*_]{{2}})[ \t]*)?{_TOKEN_START}")  # context after "\n"
# a run of blanks is read from its start only ("  " after a non-blank), or, from its first tab, always whole
# (group "token" tells whether a token may follow): a pattern that failed at each blank of a run would retry
# the rest of the run from every one of them, quadratic in its length
_RUN_CONTEXTS = (re.compile(rf"  (?<=[^ \t]  )[ \t]*+(?P<token>)(?={_TOKEN_START})"),
                 re.compile(rf"\t[ \t]*+(?:(?={_TOKEN_START})(?P<token>))?"))
_SENTENCE_CONTEXTS = tuple(re.compile(rf"\{p}[\"'”’)\]]?[ \t]++(?={_TOKEN_START})") for p in ".;:!?")

# In flattened filings a sub-section number often follows its parent's heading with one space. Only dotted
# numbers followed by a capital are candidates, never after words that introduce a cross-reference.
_AFTER_WORD = re.compile(r"(?<![A-Za-z§])(?P<word>[A-Za-z§]+\)?)[ \t](?P<tok>\d{1,3}(?:\.\d{1,3})+\.?)"
                         r"(?=[ \t]+[\"“A-Z])")
# The first dot of such a number, 1 to 3 digits after a space: a literal-led search, far cheaper than trying
# _AFTER_WORD at every letter; _after_word_matches finds the word before it and lets _AFTER_WORD decide.
_FIRST_DOT = re.compile(r"\.(?:(?<=[ \t]\d\.)|(?<=[ \t]\d\d\.)|(?<=[ \t]\d\d\d\.))\d")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz§")
_REFERENCE_WORDS = frozenset(
    ["section", "sections", "clause", "clauses", "article", "articles", "paragraph", "paragraphs", "schedule",
     "exhibit", "annex", "appendix", "and", "or", "to", "of", "in", "under", "with", "see", "per", "by", "than", "no",
     "nos", "item", "items", "part", "rule", "rules", "regulation", "version", "v"]
)
_REST_START = re.compile(r"[ \t.:\-–—]*")  # what _try_marker skips between a number and its text
_LINE = re.compile(r"^[ \t]*(?P<line>\S[^\n]*)", re.MULTILINE)
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


class Marker(NamedTuple):
    """A candidate clause start: where, which numbering style, what value, and how sure we are.

    Immutable like a frozen dataclass, but about 40,000 are built per corpus and a NamedTuple is built in
    less than half the time.
    """

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


def rest_start(text: str, start: int, end: int) -> int:
    """Where the text after a number begins: blanks and ". : - –" after ``start`` skipped, up to ``end``."""
    return _REST_START.match(text, start, end).end()


def _classify(match: re.Match[str]) -> tuple[str, tuple[int, ...] | str, str] | None:
    """Style, value and raw token of a marker match."""
    return _classify_groups(match.groups())


def _classify_groups(groups: tuple[str | None, ...]) -> tuple[str, tuple[int, ...] | str, str] | None:
    """``_classify`` from the match's groups (one tuple, unpacked: far cheaper than a lookup by name each)."""
    (_ctx, _tok, art, artnum, sec, secnum, sch, schnum, dec, decnum, decone, _par, parv, let, letv, _dot,
     dotv) = groups
    if dec:  # one style group matched; the commonest are asked first
        raw = decnum or decone
        return "dec", tuple(map(int, raw.split("."))), raw  # type: ignore[union-attr]
    if parv:
        return "paren", parv, parv
    if art:
        raw = artnum  # type: ignore[assignment]
        number = int(raw) if raw.isdigit() else roman_to_int(raw)  # type: ignore[union-attr]
        return ("article", (number,), raw) if number else None  # type: ignore[return-value]
    if sec:
        return "dec", tuple(map(int, secnum.split("."))), secnum  # type: ignore[union-attr]
    if sch:
        word = sch.split()[0].capitalize()
        return "schedule", f"{word} {schnum}", schnum  # type: ignore[return-value]
    raw = letv or dotv  # type: ignore[assignment]
    return ("close" if let else "dot"), raw, raw  # type: ignore[return-value]


_START = attrgetter("start")
# find_markers and _classify_groups read the match's groups by position, in this order (a test checks it)
_MARKER_GROUPS = ("ctx", "tok", "art", "artnum", "sec", "secnum", "sch", "schnum", "dec", "decnum", "decone", "par",
                  "parv", "let", "letv", "dot", "dotv")


def find_markers(text: str) -> list[Marker]:
    """Every numbering marker candidate in ``text``, in order."""
    markers: list[Marker] = []
    append, size = markers.append, len(text)
    for match in _marker_matches(text):
        groups = match.groups()
        classified = _classify_groups(groups)
        if classified is None:
            continue
        style, value, raw = classified
        ctx_start = match.start(1)  # group 1 is "ctx", group 2 "tok" (see _MARKER_GROUPS)
        start, end = match.span(2)
        hard = ctx_start == 0 or text[ctx_start - 1] == "\n"
        if hard:  # the clause starts at the line's first character, Markdown "## " or "**" included
            ctx = groups[0]
            start = ctx_start + len(ctx) - len(ctx.lstrip(" \t"))  # type: ignore[union-attr]
        elif style in ("dot", "schedule") or style == "close" and not raw.isdigit():
            continue  # "A." / "a)" inside a line are initials and list bullets, not clause numbers
        before = "" if hard else text[ctx_start - 1]
        # strong: the first character after the token and its blanks (within 200) is a capital, a quote, a
        # bracket or a newline, or there is none; found by stepping over the blanks (usually one), not by
        # copying the 200 characters
        follow, limit = end, min(end + 200, size)
        while follow < limit and text[follow] in " \t":
            follow += 1
        strong = follow == limit or text[follow] in "\n\"“‘'([" or text[follow].isupper()
        append(Marker(start, end, style, value, raw, hard, hard or before not in ";:,", before == ":", strong))
    for match in _after_word_matches(text):
        if match.group("word").lower() in _REFERENCE_WORDS:
            continue
        raw = match.group("tok").rstrip(".")
        markers.append(Marker(start=match.start("tok"), end=match.end("tok"), style="dec",
                              value=tuple(int(p) for p in raw.split(".")), raw=raw, hard=False,
                              sentence=False, colon=False, strong=True, word=True))
    markers.sort(key=_START)
    return markers


def _marker_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_MARKER.finditer(text)``, found by trying _MARKER only where a match can start.

    A match starts at the text's start, after a newline (first context), at the first blank of a run of two
    or more (second; later in the run it would fail the same way) or right after sentence punctuation
    (third), and a token must follow: the searches below find every such place, maybe a few more.
    Tried in order and skipping places inside the previous match, they give what finditer gives.
    """
    places = {0}
    places.update(m.start() + 1 for m in _LINE_CONTEXT.finditer(text))
    for pattern in _RUN_CONTEXTS:
        for m in pattern.finditer(text):
            if m.start("token") < 0:
                continue
            start = m.start()
            while start and text[start - 1] in " \t":
                start -= 1  # the run's first blank ("two spaces" or a tab may sit further in)
            places.add(start)
    for pattern in _SENTENCE_CONTEXTS:
        places.update(m.start() + 1 for m in pattern.finditer(text))
    matches: list[re.Match[str]] = []
    last_end = 0
    match_at = _MARKER.match
    for place in sorted(places):
        if place >= last_end:
            match = match_at(text, place)
            if match:
                matches.append(match)
                last_end = match.end()
    return matches


def _after_word_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_AFTER_WORD.finditer(text)``, tried only at the word before each dotted number."""
    matches: list[re.Match[str]] = []
    last_end = 0
    for dot in _FIRST_DOT.finditer(text):
        at = dot.start()
        token = at - 1 if text[at - 2] in " \t" else (at - 2 if text[at - 3] in " \t" else at - 3)
        word_end = token - 1  # the blank before the number; the word (and maybe a ")") ends before it
        if word_end and text[word_end - 1] == ")":
            word_end -= 1
        word = word_end
        while word and text[word - 1] in _WORD_CHARS:
            word -= 1
        if word == word_end or word < last_end:
            continue
        match = _AFTER_WORD.match(text, word)
        if match and match.start("tok") == token:
            matches.append(match)
            last_end = match.end()
    return matches


def find_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every non-blank line, indentation stripped."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _LINE.finditer(text)]  # group 1: "line"
