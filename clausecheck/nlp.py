"""The one place spaCy is built: a blank English tokenizer plus a rule-based sentencizer, lazy and cached."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

# Contracts are long; the blank pipeline has no parser, so memory stays linear in the text length.
_MAX_LENGTH = 100_000_000


@functools.cache
def get() -> Language:
    """The shared blank "en" pipeline with a sentencizer; never downloads a model."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = _MAX_LENGTH
    return nlp
