"""The fast paths of fact extraction answer exactly as the plain code they replace, on tricky inputs too."""

from __future__ import annotations

import bisect
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import quantities as qty
from clausecheck import segment
from clausecheck.engine import facts, parties
from clausecheck.engine.facts import exit as exit_facts
from clausecheck.engine.facts import index as index_module
from clausecheck.engine.facts import renewal, splitter, term, text
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.language import is_heading
from clausecheck.ingest import load
from clausecheck.model import Clause, Document, Span

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_TEXTS = [SAMPLES / name for name in ("lockin-heavy.txt", "mixed.txt", "clean.txt")]
# Characters that exercise the sentence splitter and the case-folding exceptions (long s, Kelvin sign).
ALPHABET = st.sampled_from(list("aAeTtI.;!?\"”’)(“ \n\t") + ["Inc.", "No.", "U.S.", "e.g.", "1", "30", "ſ", "K", "\n\n",
                                                               " Term", " renew", " day", " 2027"])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


def _cues() -> list[text._Gated]:
    found = []
    for module in (term, renewal, exit_facts, facts.commercial):
        for value in vars(module).values():
            found.extend(v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, text._Gated))
    return found


def _sample_sentences() -> list[str]:
    out = []
    for path in SAMPLE_TEXTS:
        document = load(path)
        out.extend(s.text for s in facts.sentences(document, segment.split(document)))
    return out + ["Ths Agreement ſhall automatically renew for successive one-year terms.",
                  "TERMINATION FOR CONVENIENCE. Either party may terminate without cause.",
                  "The Term of this Agreement shall be three (3) years; thereafter it renews year-to-year."]


def _split_at(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """[start, end) cut at every offset of ``cuts`` strictly inside it."""
    pieces = []
    for cut in cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]:
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _reference_sentences(document: Document, clauses: list[Clause]) -> list[text.Sentence]:
    """The splitter as first written: every boundary by finditer, every clause tested for being a heading."""
    source = document.text
    heads = sorted((c.span.start, c.span.end, (c.heading or "").lower()) for c in clauses)
    cuts = sorted(c.span.end for c in clauses if c.kind == "heading" or is_heading(c.text, c.heading))
    out, pos, h = [], 0, -1
    for m in [*text._BOUNDARY.finditer(source), None]:
        end = m.start() if m else len(source)
        for piece_start, piece_end in _split_at(pos, end, cuts):
            chunk = source[piece_start:piece_end]
            if chunk.strip():
                start = piece_start + len(chunk) - len(chunk.lstrip())
                while h + 1 < len(heads) and heads[h + 1][0] <= start:
                    h += 1
                out.append(text.Sentence(start, piece_end, " ".join(chunk.split()), text._heading_at(heads, h, start)))
        pos = m.end() if m else len(source)
    return out


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_boundaries_are_finditers(source: str) -> None:
    starts, ends = text._boundaries(source)
    assert list(zip(starts, ends, strict=True)) == [m.span() for m in text._BOUNDARY.finditer(source)]


def test_boundaries_of_the_samples() -> None:
    for path in SAMPLE_TEXTS:
        source = path.read_text(encoding="utf-8")
        starts, ends = text._boundaries(source)
        assert list(zip(starts, ends, strict=True)) == [m.span() for m in text._BOUNDARY.finditer(source)]
        assert len(starts) > 20


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80), st.sampled_from(["heading", "section"]),
                                 st.sampled_from([None, "Term", "Fees"])), max_size=6))
def test_split_is_the_plain_splitter(source: str, spans: list[tuple[int, int, str, str | None]]) -> None:
    document = Document(path="x.txt", format="txt", text=source, sha256="")
    clauses = [Clause(index=i, number=None, heading=head,
                      span=Span(start=min(a, b, len(source)), end=min(max(a, b), len(source))),
                      text=source[min(a, b):max(a, b)], kind=kind) for i, (a, b, kind, head) in enumerate(spans)]
    assert list(text.split(document, clauses)) == _reference_sentences(document, clauses)


def test_split_of_the_samples_with_their_clauses() -> None:
    for path in SAMPLE_TEXTS:
        document = load(path)
        clauses = segment.split(document)
        fast = text.split(document, clauses)
        assert list(fast) == _reference_sentences(document, clauses)
        assert fast[3] is fast[3] and fast[1:3] == [fast[1], fast[2]] and fast[-1] == list(fast)[-1]


def test_top_branches_rebuild_the_pattern() -> None:
    assert text._top_branches(r"a[|]b|c\|d|(e|f)|[^]|]x") == ["a[|]b", r"c\|d", "(e|f)", "[^]|]x"]
    assert text._top_branches(r"(a)|\1") == [r"(a)|\1"]  # a backreference keeps the pattern whole
    for cue in _cues():
        assert "|".join(text._top_branches(cue.rx.pattern)) == cue.rx.pattern


def test_found_answers_as_the_regex() -> None:
    sentences = _sample_sentences()
    cues = _cues()
    assert len(cues) >= 25
    hits = 0
    for cue in cues:
        for sentence in sentences:
            expected = cue.rx.search(sentence) is not None
            assert cue.found(sentence) is expected, (cue.rx.pattern[:60], sentence)
            assert cue.found(sentence, text._lowered(sentence)) is expected
            hits += expected
    assert hits > 100


def test_index_never_rules_out_a_sentence_a_cue_matches() -> None:
    sents = [text.Sentence(i, i + 1, t) for i, t in enumerate(_sample_sentences())]
    index = SentenceIndex(sents)
    assert index.unsafe  # the long-s sentence is never ruled out by literals
    hits = 0
    for cue in _cues():
        allowed = set(cue.candidates(index))
        for i, s in enumerate(sents):
            if cue.rx.search(s.text):
                hits += 1
                assert i in allowed, (cue.rx.pattern[:60], s.text)
                assert cue.found_at(index, i)
            elif i in allowed:
                assert not cue.found_at(index, i)
    assert hits > 100
    lows = [s.text.lower() for s in sents]
    with_either = {i for i, low in enumerate(lows) if "%" in low or "renew" in low}
    assert index.any_of("%", "renew") == sorted(with_either | set(index.unsafe))
    dated = [i for i, s in enumerate(sents) if qty.find_dates(s.text)]
    assert set(dated) <= set(index.matching(qty.DATE_HINT)) and dated
    assert list(index.iter_matching(qty.DATE_HINT)) == index.matching(qty.DATE_HINT)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["thirty", "(30)", "days", "Day", "mos.", "mo", "months", "1/2/2027", "2027-01-01",
                                 "January", "1", "year", "Anniversary", "third", "half", "six-month", "a", "ſ", "K",
                                 ",", "through", "and", "Yrs", "to", "December 31, 2029", "5%", "$1,000",
                                 "one (1) year", "fifth"]), max_size=12).map(" ".join))
def test_may_hold_duration_is_false_only_without_durations(phrase: str) -> None:
    durations = [q for q in qty.find_quantities(phrase) if q.kind == "duration"]
    assert qty.find_duration_quantities(phrase) == durations
    if not qty.may_hold_duration(phrase):
        assert not qty.find_durations(phrase) and not qty.find_date_ranges(phrase) and not durations


def test_duration_quantities_of_the_samples() -> None:
    found = 0
    for sentence in _sample_sentences():
        durations = [q for q in qty.find_quantities(sentence) if q.kind == "duration"]
        assert qty.find_duration_quantities(sentence) == durations
        found += len(durations)
    assert found > 20


def _reference_initial_term(sents, effective):
    """The initial term as first written: every cue sentence scored in order, the best one kept."""
    def score_of(s):
        score = 3 if term._TERM_SUBJECT.search(s.text) else 0
        score += 2 if re.search(r"\b(?:initial|minimum)\s+(?:\w+\s+)?(?:term|period)\b"
                                r"|[\"“](?:initial\s+)?term[\"”]", s.text, re.IGNORECASE) else 0
        score += 2 if re.search(r"\bterm\b|\bduration\b|\bperiod\b", s.heading) else 0
        score += 3 if term._END_DEFINITION.search(s.text) else 0
        score -= 3 if term._OTHER_DEFINITION.search(s.text) or term._NOT_AGREEMENT_TERM.search(s.text) else 0
        score -= 2 if re.search(r"\bduring\s+the\s+term\b|\bsurviv", s.text, re.IGNORECASE) else 0
        return score - (1 if re.search(r"\b(?:pay|paid|payable|installments?"
                                       r"|invoice[sd]?)\b", s.text, re.IGNORECASE) else 0)

    best = None
    for s in sents:
        if len(s.text) > 1500 or not term._TERM_CUE.search(s.text):
            continue
        score = score_of(s)
        if score < 1 or (best is not None and score <= best[0]):
            continue
        cands = term._term_candidates(s.text, effective)
        if cands:
            best = (score, cands[0][2], s)
    return (None, None) if best is None else (round(best[1]), best[2])


TERM_SENTENCES = [
    "Definitions. \"Term\" means the period described in Section 2.",
    "The Customer shall pay the fees during the term of this Agreement within thirty (30) days.",
    "This Agreement shall continue for an initial term of two (2) years.",
    "The initial term of this Agreement is three (3) years from the Effective Date.",
    "The warranty period is twelve (12) months.",
    "\"Expiration Date\" means December 31, 2030.",
    "This Agreement shall remain in effect for a period of five (5) years.",
]


@pytest.mark.parametrize("order", [
    (0, 1, 2, 3, 4, 5, 6), (4, 6, 3, 2, 5, 1, 0), (5, 2, 3, 0, 6, 4, 1), (1, 3, 2, 3, 6, 6, 2),
])
@pytest.mark.parametrize("heading", [("", "", ""), ("term", "", "duration"), ("", "term", "")])
def test_initial_term_is_the_plain_scoring(order, heading) -> None:
    sents = [text.Sentence(10 * k, 10 * k + 5, TERM_SENTENCES[i], heading[k % 3]) for k, i in enumerate(order)]
    for effective in (None, date(2027, 1, 1)):
        assert term._initial_term(sents, effective) == _reference_initial_term(sents, effective)


TERM_MIX = [
    "The term of this Agreement shall commence on the Effective Date.",  # a term sentence without a duration
    "\"Initial Term\" means the period described in Section 2.",
    "This Agreement shall continue for an initial term of two (2) years.",
    "The initial term of this Agreement is three (3) years from the Effective Date.",
    "The warranty period is twelve (12) months.",
    "\"Expiration Date\" means December 31, 2030.",
    "The Customer shall pay the fees during the term of this Agreement within thirty (30) days.",
    "This Agreement shall remain in effect until terminated.",
    "The Term shall end on the expiration date.",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TERM_MIX), st.sampled_from(["", "term", "fees"])), max_size=12),
       st.sampled_from([None, date(2027, 1, 1)]))
def test_initial_term_skips_only_sentences_without_a_term(parts, effective) -> None:
    sents = [text.Sentence(100 * k, 100 * k + 50, t, heading) for k, (t, heading) in enumerate(parts)]
    assert term._initial_term(sents, effective) == _reference_initial_term(sents, effective)


def test_extract_without_the_fast_paths_is_the_same(monkeypatch) -> None:
    results = []
    for path in SAMPLE_TEXTS:
        document = load(path)
        clauses = segment.split(document)
        results.append(facts.extract(document, clauses, parties.find(document, clauses, ()), None))

    def every(self, *a, **k):
        return list(self.ids)

    monkeypatch.setattr(SentenceIndex, "where", every)
    monkeypatch.setattr(SentenceIndex, "matching", every)
    monkeypatch.setattr(SentenceIndex, "iter_matching", lambda self, rx: iter(self.ids))
    monkeypatch.setattr(text._Gated, "found", lambda self, t, low=False: self.rx.search(t) is not None)
    monkeypatch.setattr(text._Gated, "found_at", lambda self, index, i: self.rx.search(index.sents[i].text) is not None)
    monkeypatch.setattr(qty, "may_hold_duration", lambda t: True)
    monkeypatch.setattr(qty, "may_hold_duration_lowered", lambda low: True)
    assert index_module.SentenceIndex.where is every
    for path, expected in zip(SAMPLE_TEXTS, results, strict=True):
        document = load(path)
        clauses = segment.split(document)
        assert facts.extract(document, clauses, parties.find(document, clauses, ()), None) == expected
    assert any(f.initial_term_months for f, _ in results) and any(f.auto_renewal for f, _ in results)


def test_bisect_helpers_stay_in_order() -> None:
    # SentenceIndex maps a hit to its sentence by the sentence starts in the joined text
    sents = [text.Sentence(0, 1, t) for t in ("alpha renew", "beta", "renew gamma renew", "")]
    index = SentenceIndex(sents)
    assert index.having("renew") == [0, 2]
    assert [bisect.bisect_right(index.starts, index.joined.find("gamma")) - 1] == [2]


# the boundary pattern as first written: one lookbehind per abbreviation (escaped: "e.g" is a word, not a regex)
_ONE_EACH = "".join(r"(?<!\b" + re.escape(a) + r"\.)" for a in splitter.ABBREVIATIONS)
_ONE_PER_WORD = re.compile(
    r"(?<=[.!?;])" + _ONE_EACH + r"[\"”’)]?\s+(?=[\"“(]?[A-Z0-9(])"
    r"|(?<=[.!?;][\"”’)])\s+(?=[\"“(]?[A-Z0-9(])|\n[ \t]*\n\s*")
_AFTER_ABBREVIATIONS = st.lists(st.sampled_from(
    [*splitter.ABBREVIATIONS, *(w + ". " for w in splitter.ABBREVIATIONS), "eXg", "U S", "inc", "co", ".", ". ", ".  ",
     "\n\n", " ", "A", "7", "(", "x", "”", "Tip"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_AFTER_ABBREVIATIONS)
def test_one_lookbehind_per_length_refuses_what_one_per_word_did(source: str) -> None:
    assert [m.span() for m in splitter._BOUNDARY.finditer(source)] == [m.span() for m in _ONE_PER_WORD.finditer(source)]


def test_an_abbreviation_with_a_dot_is_a_word_not_a_pattern() -> None:
    # "e.g." ends no sentence, but "eXg." (what an unescaped "e.g" also refused) is a word like any other
    assert [m.start() for m in splitter._BOUNDARY.finditer("See e.g. The Fees.")] == []
    assert [m.start() for m in splitter._BOUNDARY.finditer("See eXg. The Fees.")] == [len("See eXg.")]


def test_no_sentence_ends_after_an_abbreviation() -> None:
    for word in splitter.ABBREVIATIONS:
        source = f"Paid by Acme {word}. The Fees. Due"
        spans = [m.span() for m in splitter._BOUNDARY.finditer(source)]
        assert spans == [m.span() for m in _ONE_PER_WORD.finditer(source)]
        assert spans == [(source.index(" Due"), source.index(" Due") + 1)], word
