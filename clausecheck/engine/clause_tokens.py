"""A clause's tokens made on demand: the whole clause's spaCy Doc, or only a window around one sentence."""

from __future__ import annotations

import re
from typing import Any

from clausecheck import nlp
from clausecheck.engine.language import text_of

_AHEAD = re.compile(r"\S*+(?:\s++\S++){0,6}")  # to the end of a chunk, then 6 more (each at least one token)


class ClauseTokens:
    """A clause's spaCy Doc, made on first use: most clauses are settled by their text and sentences alone."""

    __slots__ = ("_doc", "_sentences", "_tokenizer", "text", "tokenised")

    def __init__(self, tokenizer: Any, tokenised: str, text: str) -> None:
        self._tokenizer, self.tokenised, self.text = tokenizer, tokenised, text
        self._doc: Any = None
        self._sentences: dict[tuple[int, int], Any] = {}

    def around(self, sentence: tuple[int, int]) -> Any:
        """A Doc with the same tokens as the whole clause's from the sentence's first chunk to a few chunks past
        its end, at the same character offsets (blanks stand for the text before): what negation and binding
        read of a hit in that sentence (they look back at most to its start, ahead at most 4 tokens past it)."""
        if self._doc is not None:
            return self._doc
        doc = self._sentences.get(sentence)
        if doc is None:
            text = self.tokenised
            lo = sentence[0]
            if lo < len(text) and text[lo].isspace():  # a sentence opening on a blank token: from the chunk before
                while lo > 0 and text[lo - 1].isspace():
                    lo -= 1
            while lo > 0 and not text[lo - 1].isspace():  # back to a chunk's start: chunks tokenise on their own
                lo -= 1
            if nlp.special_case_may_span(text, lo - 1):  # then that chunk's tokens depend on the one before
                return self.doc
            hi = _AHEAD.match(text, sentence[1]).end()  # type: ignore[union-attr]
            doc = self._sentences[sentence] = self._tokenizer(" " * lo + text[lo:hi])
            doc.user_data["cc_text"] = self.text
        return doc

    @property
    def doc(self) -> Any:
        """The tokenised clause (its text is the clause's own, line breaks included)."""
        if self._doc is None:
            doc = self._doc = self._tokenizer(self.tokenised)
            doc.user_data["cc_text"] = self.text  # spaCy would rebuild it token by token
        return self._doc


def doc_of(doc: Any) -> Any:
    """The spaCy Doc behind ``doc`` (a Doc or the lazy ClauseTokens of a clause)."""
    return doc.doc if isinstance(doc, ClauseTokens) else doc


def text_of_tokens(doc: Any) -> str:
    """The clause text of ``doc`` (a Doc or ClauseTokens), without tokenising it."""
    return doc.text if isinstance(doc, ClauseTokens) else text_of(doc)
