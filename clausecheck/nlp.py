"""The one place spaCy is built: a blank English tokenizer plus a rule-based sentencizer (and its reference stops),
lazy and cached."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

# Contracts are long; the blank pipeline has no parser, so memory stays linear in the text length.
_MAX_LENGTH = 100_000_000
_BATCH_CHARS = 1_000_000  # of text per skeleton (about a tenth of it is tokenised)


@functools.cache
def get() -> Language:
    """The shared blank "en" pipeline with a sentencizer; never downloads a model."""
    # English() is what spacy.blank("en") builds (the same tokenizer factory, exceptions, prefix, suffix and
    # infix rules, vocab and lexical attributes), without filling and validating a whole training config from
    # the registry first: ~10 ms less start-up (tests/test_nlp.py compares the two)
    from spacy.lang.en import English

    nlp = English()
    nlp.add_pipe("sentencizer")
    _register()
    nlp.add_pipe(_REFERENCE_STOPS)
    nlp.max_length = _MAX_LENGTH
    return nlp


_REFERENCE_STOPS = "reference_stops"
# "as set out in Exhibit C. Customer shall pay": the tokenizer keeps "C." whole (an initial's special case), so
# the sentencizer never sees that full stop and joins two sentences (a quote, a sentence-scoped test then runs
# over both). After a reference word, or the last letter of the list it opens ("Sections A. B. and C.", "Exhibits
# A, B and C."), a capital letter, its full stop and a capitalised word end the sentence; "John F. Kennedy" and
# "the U.S. Customer" have no reference word before the letter. A letter stop next that goes on to a list's
# "and"/"or" or letter ("Items A. B. and C. are ...") continues the list; one that opens text ("Schedule A.
# F. Upon termination") is the next item's label, after a sentence end.
_REFERENCE_BEFORE = re.compile(r"\b(?:exhibit|schedule|annex|appendix|attachment|article|section|part|paragraph|"
                               r"clause|addendum|item)s?(?:(?:\s+(?-i:[A-Z])\.?|\s*[,;])*\s+(?:and|or|&))?\s+\Z",
                               re.IGNORECASE)
_REFERENCE_REACH = 200  # characters before the letter searched for the reference word and its list
_CAPITAL_AFTER = re.compile(r"\s*[A-Z](?!\.(?:\s*(?:[,;&]|(?:and|or)\b)|\s+[A-Z]\.(?:\s|\Z)))")
_LETTER_STOPS = tuple(f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@functools.cache
def _register() -> None:
    """Register the pipeline component that adds the reference stops to the sentencizer's starts (once)."""
    from spacy.language import Language

    @Language.component(_REFERENCE_STOPS)
    def reference_stops(doc: Any) -> Any:
        """Start a sentence after each reference stop ("Exhibit C. Customer"), as ``sentence_starts`` does."""
        from spacy.attrs import SENT_START

        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        for i in sentence_starts(doc):
            if flags[i] != 1:  # only the few starts the sentencizer did not mark: token objects are costly
                doc[i].is_sent_start = True
        return doc


def reference_stop(text: str, start: int) -> bool:
    """Whether the token "X." at ``start`` (a capital letter and a full stop) ends a sentence: a reference word
    before it ("Exhibit", "Schedule", "Section" ...) and a capital letter after it ("Exhibit C. Customer ...")."""
    return (_CAPITAL_AFTER.match(text, start + 2) is not None
            and _REFERENCE_BEFORE.search(text, max(0, start - _REFERENCE_REACH), start) is not None)


@functools.cache
def _letter_stop_hashes() -> frozenset[int]:
    return frozenset(get().vocab.strings.add(t) for t in _LETTER_STOPS)


@functools.cache
def _punct_hashes() -> frozenset[int]:
    nlp = get()
    return frozenset(nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars)


def sentence_starts(doc: Any) -> list[int]:
    """Indexes of the tokens that start a sentence, exactly as the pipeline (sentencizer, reference stops) marks them.

    The sentencizer starts a sentence at the first token after a sentence-final mark ("." "!" "?" ...) that is
    neither punctuation nor such a mark; a reference stop ("Exhibit C." before a capitalised word, see
    ``reference_stop``) counts as such a mark. The same rule over token arrays skips the per-token objects: a
    plain loop for a clause, one binary search for all marks of a long text (numpy's per-call cost only pays off
    there; tests/test_nlp.py checks the two agree).
    """
    from spacy.attrs import IS_PUNCT, ORTH

    if len(doc) > _VECTOR_TOKENS:
        return _starts_of_long(doc)
    final, stops = _punct_hashes(), _letter_stop_hashes()
    starts, seen = [0], False
    text: str | None = None
    for i, (orth, punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist() if len(doc) else ()):
        if orth in final:
            seen = True
            continue
        if seen and not punct:
            starts.append(i)
            seen = False
        if orth in stops:
            if text is None:  # the clause text when the caller cached it (spaCy rebuilds doc.text on each access)
                text = doc.user_data.get("cc_text") or doc.text
            seen = reference_stop(text, doc[i].idx)
    return starts if len(doc) else []


_VECTOR_TOKENS = 2000


def _starts_of_long(doc: Any) -> list[int]:
    """``sentence_starts`` of a long Doc: each mark's start is the first token after it that is neither
    punctuation nor a mark, found for all marks at once."""
    import numpy as np
    from spacy.attrs import IS_PUNCT, ORTH

    final, stops = _mark_arrays()
    array = doc.to_array([ORTH, IS_PUNCT])
    is_final = np.isin(array[:, 0], final)
    opens = np.flatnonzero(~is_final & (array[:, 1] == 0))  # the tokens that can open a sentence
    marks = np.flatnonzero(is_final)
    letters = np.flatnonzero(np.isin(array[:, 0], stops))
    if len(letters):  # a capital letter's full stop ("C."): read the text around each
        text = doc.user_data.get("cc_text") or doc.text
        found = [i for i in letters.tolist() if reference_stop(text, doc[i].idx)]
        marks = np.union1d(marks, np.array(found, dtype=marks.dtype))
    after = np.searchsorted(opens, marks, side="right")
    return [0, *np.unique(opens[after[after < len(opens)]]).tolist()]


@functools.cache
def _mark_arrays() -> tuple[Any, Any]:
    """The hashes of the sentence-final marks and of the capital letters' full stops, as arrays for np.isin."""
    import numpy as np

    return (np.array(sorted(_punct_hashes()), dtype=np.uint64),
            np.array(sorted(_letter_stop_hashes()), dtype=np.uint64))


@functools.cache
def _final_groups() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of whitespace-delimited chunks holding a sentence-final mark, each run with the chunk after it: the
    pattern for ASCII text (its few ASCII marks: a small class the regex engine scans for fast), and for any text."""
    marks = sorted(get().get_pipe("sentencizer").punct_chars)

    def pattern(chars: list[str]) -> re.Pattern[str]:
        cls = "".join(re.escape(c) for c in chars)
        # Possessive: a chunk without a mark is scanned once, never backtracked into.
        return re.compile(rf"(?<!\S)[^\s{cls}]*+[{cls}]\S*+(?:\s++[^\s{cls}]*+[{cls}]\S*+)*+(?:\s++\S++)?")

    return pattern([c for c in marks if c.isascii()]), pattern(marks)


def sentence_cuts(texts: Sequence[str]) -> list[list[int] | None]:
    """Per text, the character offsets of its sentence starts after the first, as ``sentence_starts`` finds them
    on the whole tokenised text, found by tokenising only the chunks around sentence-final marks (of all the
    texts at once); None for a text where that cannot tell.

    The tokenizer splits at whitespace first and tokenises each chunk on its own, and the sentencizer's state
    only changes at a final mark: a chunk without one, met while no mark is pending, neither starts a sentence
    nor changes the state, so it need not be tokenised. A run of whitespace other than one " " is a token of its
    own (never punctuation), so it settles a pending mark; one " " before an untokenised chunk cannot (None).
    One exception to "each chunk on its own": the tokenizer's special cases are then matched over the token
    sequence, across one " " too, and such a match, though never applied, cancels an applied special case it
    overlaps (":p" across ": p.Customer" keeps "p." from becoming "p" "."). So the groups are joined by a blank
    token, which no special case holds, and a text whose group meets the chunk beside it in a way a special case
    could span (``special_case_may_span``) is None.
    """
    out: list[list[int] | None] = []
    batch: list[str] = []
    size = 0
    for text in texts:  # batches keep the one skeleton Doc (and so memory) small on a huge document
        if batch and size + len(text) > _BATCH_CHARS:
            out.extend(_cuts(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    return out + _cuts(batch)


def _cuts(texts: Sequence[str]) -> list[list[int] | None]:
    from spacy.attrs import IDX, IS_PUNCT, ORTH

    ascii_groups, any_groups = _final_groups()
    groups = [(n, *m.span()) for n, text in enumerate(texts)
              for m in (ascii_groups if text.isascii() else any_groups).finditer(text)]
    cuts: list[list[int] | None] = [[] for _ in texts]
    for n, a, b in groups:  # a special case spanning a group's edge makes its tokens depend on text left out
        if cuts[n] is not None and (special_case_may_span(texts[n], a - 1) or special_case_may_span(texts[n], b)):
            cuts[n] = None
    groups = [group for group in groups if cuts[group[0]] is not None]
    if not groups:
        return cuts
    # Two blanks between groups make a blank token that no special case spans: each group tokenises exactly as
    # it does inside its whole text (see special_case_may_span for its own edges).
    skeleton = get().tokenizer(_JOIN.join(texts[n][a:b] for n, a, b in groups))
    final, stops = _punct_hashes(), _letter_stop_hashes()
    g, base, seen = 0, 0, False
    end = groups[0][2] - groups[0][1]
    for idx, orth, punct in skeleton.to_array([IDX, ORTH, IS_PUNCT]).tolist():
        while idx >= end:  # the token belongs to a later group: settle the one that ended
            if seen:
                _settle(texts, groups[g], cuts)
            seen, g, base = False, g + 1, end + len(_JOIN)
            end = base + groups[g][2] - groups[g][1]
        if idx < base:  # the blank token joining two groups
            continue
        if orth in final:
            seen = True
            continue
        if seen and not punct:
            found = cuts[groups[g][0]]
            if found is not None:
                found.append(groups[g][1] + idx - base)
            seen = False
        if orth in stops:  # as in sentence_starts: read in the whole text, around the group's token
            seen = reference_stop(texts[groups[g][0]], groups[g][1] + idx - base)
    if seen:
        _settle(texts, groups[g], cuts)
    return cuts


_JOIN = "  "  # the first blank trails the group's last token, the second is a token of its own


@functools.cache
def _edge_pairs() -> tuple[frozenset[tuple[str, str]], re.Pattern[str], int]:
    """Neighbouring tokens of the tokenizer's multi-token special cases (":" "p" of ":p"), as the pairs of the
    characters either side of the " " a match across chunks would span, one regex for the exact test, and how
    far from the " " that test must look (the longest token and the character that bounds it)."""
    from spacy.tokenizer import Tokenizer

    tokenizer = get().tokenizer
    bare = Tokenizer(get().vocab, rules={}, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                     token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    pairs = {(x.text, y.text) for key in tokenizer.rules if not any(c.isspace() for c in key)
             for x, y in itertools.pairwise(bare(key))}

    def left(x: str) -> str:  # a word-like token ends a chunk only after a break (a digit may precede a unit)
        return (r"(?<![^\W\d])" if x[0].isalpha() else "") + re.escape(x)

    def right(y: str) -> str:  # and opens the next chunk only before a break
        return re.escape(y) + (r"(?!\w)" if y[-1].isalnum() else "")

    exact = re.compile("|".join(f"{left(x)} {right(y)}" for x, y in sorted(pairs)))
    reach = 1 + max(len(t) for pair in pairs for t in pair)
    return frozenset((x[-1], y[0]) for x, y in pairs), exact, reach


def special_case_may_span(text: str, blank: int) -> bool:
    """Whether a special case could be matched across the one " " at ``blank`` (False for any other blank)."""
    if blank <= 0 or blank + 1 >= len(text) or text[blank] != " ":
        return False
    keys, exact, reach = _edge_pairs()
    if (text[blank - 1], text[blank + 1]) not in keys:  # the common case: one dictionary look-up
        return False
    # A lookbehind sees before pos; endpos only lets a trailing (?!\w) pass more often, which is the safe side.
    return any(m.start() < blank < m.end() for m in exact.finditer(text, max(0, blank - reach), blank + reach + 1))


def _settle(texts: Sequence[str], group: tuple[int, int, int], cuts: list[list[int] | None]) -> None:
    """A mark is pending at the end of ``group``: the whitespace after it starts the next sentence when it is a
    token (any run but one " "); the text's cuts become None when one " " leads to a chunk not tokenised."""
    n, _, end = group
    text, found = texts[n], cuts[n]
    if found is None or end == len(text):
        return
    if text[end] != " ":  # a run opening on another blank is a token from its first character
        found.append(end)
    elif end + 1 < len(text):  # (a trailing " " is no token)
        if text[end + 1].isspace():  # the run minus its first " " is a token
            found.append(end + 1)
        else:
            cuts[n] = None  # one " " and then a chunk that was not tokenised
