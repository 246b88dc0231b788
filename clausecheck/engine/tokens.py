"""Where things are in a tokenised clause: token offsets and lower cases, sentences, token windows and
enumerated items ("(i) ... (ii) ..."), each computed once per spaCy Doc."""

from __future__ import annotations

import bisect
import re
from typing import Any

# "(i)", "(b)", "(12)" opening an enumerated item inside a sentence.
_ITEM_MARKER = re.compile(r"(?<![\w)])\(\s*([ivx]{1,5}|[a-z]|\d{1,3})\s*\)(?=\s)", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety|hundred|thousand|million)(?:[\s-]+\w+)?\s*$", re.IGNORECASE)


def text_of(doc: Any) -> str:
    """A Doc's text, cached (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get("cc_text")
    if text is None:
        text = doc.user_data["cc_text"] = doc.text
    return text


def _starts(doc: Any) -> list[int]:
    """Character offset of every token, computed once per Doc (token objects are costly to create)."""
    starts = doc.user_data.get("cc_starts")
    if starts is None:
        from spacy.attrs import IDX

        starts = doc.to_array(IDX).tolist() if len(doc) else [0]
        doc.user_data["cc_starts"] = starts
    return starts


def lowers(doc: Any) -> list[str]:
    """Lower-case text of every token, computed once per Doc (Token objects are costly to create per look)."""
    found = doc.user_data.get("cc_lowers")
    if found is None:
        from spacy.attrs import LOWER

        strings = doc.vocab.strings
        found = doc.user_data["cc_lowers"] = [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []
    return found  # type: ignore[no-any-return]


def sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    """Character bounds of each sentence of a tokenised clause."""
    from spacy.attrs import SENT_START

    from clausecheck import nlp

    if not len(doc):
        return [(0, len(text_of(doc)))]
    starts = _starts(doc)
    if doc.has_annotation("SENT_START"):
        flags = doc.to_array(SENT_START).tolist()
        cuts = [starts[i] for i, flag in enumerate(flags) if flag == 1 and i > 0]
    else:  # tokenised only: the sentencizer's rule, applied here (see nlp.sentence_starts)
        cuts = [starts[i] for i in nlp.sentence_starts(doc) if i > 0]
    bounds = [0, *cuts, len(text_of(doc))]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def token_at(doc: Any, char: int) -> int:
    """Index of the token starting at or covering ``char``."""
    return max(0, min(len(doc) - 1, bisect.bisect_right(_starts(doc), char) - 1))


def content_tokens(doc: Any) -> list[int]:
    """Indexes of the non-space tokens: a PDF line break ("\\n" token) must not widen any token window."""
    content = doc.user_data.get("cc_content")
    if content is None:
        from spacy.attrs import IS_SPACE

        content = [i for i, space in enumerate(doc.to_array(IS_SPACE).tolist()) if not space] if len(doc) else []
        doc.user_data["cc_content"] = content
    return content


def window_start(doc: Any, token: int, size: int, floor: int = 0) -> int:
    """First token index of the ``size`` non-space tokens just before ``token`` (never below ``floor``)."""
    content = content_tokens(doc)
    at = bisect.bisect_left(content, token)
    return max(floor, content[at - size] if at - size >= 0 else 0)


def token_distance(doc: Any, a: int, b: int) -> int:
    """Number of non-space tokens between token indexes ``a`` and ``b`` (0 for the same token)."""
    content = content_tokens(doc)
    return abs(bisect.bisect_left(content, a) - bisect.bisect_left(content, b))


def content_after(doc: Any, token: int, n: int = 1) -> int:
    """Index of the ``n``-th non-space token after ``token`` (``len(doc)`` when there are fewer)."""
    content = content_tokens(doc)
    at = bisect.bisect_right(content, token) + n - 1
    return content[at] if at < len(content) else len(doc)


def next_word(doc: Any, i: int) -> str:
    """Lower-case text of the first non-space token after token ``i`` ("" at the end)."""
    for word in lowers(doc)[i + 1:i + 4]:
        if not word.isspace():  # a token's lower case is blank exactly when its text is (Token.is_space)
            return word
    return ""


def items(text: str, sentence: tuple[int, int], *, parts: bool = True) -> tuple[tuple[int, int] | None,
                                                                                 list[tuple[int, int]]]:
    """A sentence's lead-in and its enumerated items ("(i) ... (ii) ...") or, failing that, its ";"-parts.

    A sentence that is no enumeration (and, with ``parts=False``, any sentence without item markers) is one
    item with no lead-in.
    """
    lo, hi = sentence
    # The sentence's own number ("(b) Either party may ...") opens no item; "thirty (30) days" is a quantity.
    markers = [m.start() for m in _ITEM_MARKER.finditer(text, lo, hi)
               if text[lo:m.start()].strip()
               and not (m.group(1).isdigit() and _NUMBER_WORD.search(text[max(lo, m.start() - 40):m.start()]))]
    lead = None
    if len(markers) >= 2:
        lead = (lo, markers[0]) if text[lo:markers[0]].strip() else None
    else:
        markers = [lo] + ([lo + m.end() for m in re.finditer(";", text[lo:hi])] if parts else [])
    cuts = [*markers, hi]
    return lead, [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]
