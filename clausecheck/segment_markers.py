"""Find numbering markers, heading lines and definitions in contract text (regex only, for speed).

A marker is only a candidate: ``segment_outline`` decides which ones are real clause starts by checking that
the numbering runs in sequence. Markers are found at line starts ("hard") and inside lines after a sentence
end or a run of spaces ("soft"): many filings were flattened so that a whole section sits on one line.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import NamedTuple

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
_REST_START = re.compile(r"[ \t.:\-–—]*")  # what _try_marker skips between a number and its text
_SPACE = re.compile(r"\s*")
_LINE = re.compile(r"^[ \t]*(?P<line>\S[^\n]*)", re.MULTILINE)
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "under", "upon"])
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
