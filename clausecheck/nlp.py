"""The one place spaCy is built: a blank English tokenizer plus a rule-based sentencizer, lazy and cached."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

# Contracts are long; the blank pipeline has no parser, so memory stays linear in the text length.
_MAX_LENGTH = 100_000_000


@functools.cache
def get() -> Language:
    """The shared blank "en" pipeline with a sentencizer; never downloads a model."""
    # English() is what spacy.blank("en") builds (the same tokenizer factory, exceptions, prefix, suffix and
    # infix rules, vocab and lexical attributes), without filling and validating a whole training config from
    # the registry first: ~10 ms less start-up (tests/test_nlp.py compares the two)
    from spacy.lang.en import English

    nlp = English()
    nlp.add_pipe("sentencizer")
    nlp.max_length = _MAX_LENGTH
    return nlp


@functools.cache
def _punct_hashes() -> frozenset[int]:
    nlp = get()
    return frozenset(nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars)


def sentence_starts(doc: Any) -> list[int]:
    """Indexes of the tokens that start a sentence, exactly as the pipeline's sentencizer marks them.

    The sentencizer starts a sentence at the first token after a sentence-final mark ("." "!" "?" ...) that is
    neither punctuation nor such a mark; the same rule over token arrays skips its per-token objects.
    """
    from spacy.attrs import IS_PUNCT, ORTH

    final = _punct_hashes()
    starts, seen = [0], False
    for i, (orth, punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist() if len(doc) else ()):
        if orth in final:
            seen = True
        elif seen and not punct:
            starts.append(i)
            seen = False
    return starts if len(doc) else []
