"""Words hyphenated across a line end, joined again: "agree-" + "ment" is "agreement", "non-" + "exclusive" not.

The document's own words decide (the joined word, or the hyphenated one, used elsewhere on one line), then a
short list of prefixes legal English writes with a hyphen. ``dehyphenate`` maps page offsets through the
edits, so the page starts computed before stay right.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from itertools import accumulate

# A word broken at a line end: letters or digits, a hyphen, the line break, the rest of the word. Breaks
# are found with str.find on "-\n" (a regex starting with a word class would be tried at every letter).
_TAIL = re.compile(r"[ \t]*([^\W_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes written with a hyphen in legal English ("non-exclusive", "third-party"): the fallback when the
# document's own words do not decide. Short ones that also start ordinary words ("re", "in", "pre") are out.
# fmt: off
_HYPHEN_PREFIXES = frozenset((
    "non", "self", "co", "post", "anti", "multi", "cross", "semi", "counter", "vice", "third", "quasi", "mid",
    "intra", "sole",
))
# fmt: on


def _head_start(text: str, at: int) -> int:
    """Start of the word ending at ``at`` (walking back over letters and digits, at most 80)."""
    start = at
    while start > 0 and at - start < 80 and text[start - 1].isalnum():
        start -= 1
    return start


def _breaks(text: str) -> list[tuple[int, int, str, str]]:
    """Words broken by a hyphen at a line end: (start, end, head, tail) in ``text``."""
    found = []
    at = text.find("-\n")
    while at != -1:
        start = _head_start(text, at)
        tail = _TAIL.match(text, at + 2)
        if start < at and tail:
            found.append((start, tail.end(), text[start:at], tail.group(1)))
        at = text.find("-\n", at + 2)
    return found


def _tokens(text: str, breaks: list[tuple[int, int, str, str]], chunk: int = 1 << 20) -> set[str]:
    """Distinct lower-case whitespace tokens of ``text`` outside the breaks, read in bounded chunks."""
    tokens: set[str] = set()
    last = 0
    for start, end in [(start, end) for start, end, _, _ in breaks] + [(len(text), len(text))]:
        for at in range(last, start, chunk):
            # A chunk may cut a token in two; the halves are junk words that no decision depends on.
            tokens.update(text[at : min(start, at + chunk)].lower().split())
        last = end
    return tokens


def _vocabulary(text: str, breaks: list[tuple[int, int, str, str]]) -> tuple[set[str], set[str]]:
    """Words (lower-case) and hyphenated words seen on one line, ignoring the broken ones."""
    found = set(_WORD.findall(" ".join(_tokens(text, breaks))))
    hyphenated = {word for word in found if "-" in word}
    words = found - hyphenated
    for word in hyphenated:
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


def _shifter(edits: list[tuple[int, int, int]]) -> Callable[[int], int]:
    """Map old offsets through ``edits`` (old start, old end, new length; sorted, disjoint)."""
    ends = [end for _, end, _ in edits]
    deltas = list(accumulate(new_len - (end - start) for start, end, new_len in edits))

    def shift(offset: int) -> int:
        i = bisect.bisect_right(ends, offset)  # edits[:i] end at or before offset
        delta = deltas[i - 1] if i else 0
        if i < len(edits) and edits[i][0] < offset:  # inside a rewritten span: move to its end
            start, _, new_len = edits[i]
            return start + delta + new_len
        return offset + delta

    return shift


def dehyphenate(text: str, starts: list[int]) -> tuple[str, list[int]]:
    """Join words hyphenated across line ends, mapping ``starts`` (page offsets) into the new text."""
    breaks = _breaks(text) if "-\n" in text else []
    if not breaks:
        return text, starts
    words, hyphenated = _vocabulary(text, breaks)
    pieces: list[str] = []
    edits: list[tuple[int, int, int]] = []
    last = 0
    for start, end, head, tail in breaks:
        if start < last:  # "a-\nb-\nc": the second break starts inside the first; leave it
            continue
        new = _rejoin(head, tail, words, hyphenated)
        pieces += [text[last:start], new]
        edits.append((start, end, len(new)))
        last = end
    pieces.append(text[last:])
    shift = _shifter(edits)
    return "".join(pieces), [shift(start) for start in starts]
