"""Fast lookups in the checker and gate words: same answers as the plain forms they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import nlp
from clausecheck.engine import checker, load_ruleset
from clausecheck.engine.clause_text import WORD, ClauseText, stem
from clausecheck.engine.matchers import PatternSet
from clausecheck.engine.prefilter import Literals
from clausecheck.policy import Policy

_TEXT = st.text(alphabet=st.sampled_from("abcXYZ019 .,-\n\u0130éß"), max_size=80)


@st.composite
def _sentences(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Contiguous sentence bounds as language.sentence_bounds gives them (possibly with empty ones)."""
    cuts = sorted(draw(st.lists(st.integers(0, 200), max_size=8)))
    end = draw(st.integers(cuts[-1] if cuts else 0, 220))
    bounds = [0, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


@settings(max_examples=300, deadline=None)
@given(_sentences(), st.integers(-5, 240))
def test_sentence_bisect_matches_linear_scan(sentences: list[tuple[int, int]], char: int) -> None:
    assert checker._sentence(sentences, char) == checker._sentence_scan(sentences, char)


def test_sentence_lookup_examples() -> None:
    sentences = [(0, 10), (10, 10), (10, 25), (25, 40)]
    assert checker._sentence(sentences, 0) == (0, 10)
    assert checker._sentence(sentences, 9) == (0, 10)
    assert checker._sentence(sentences, 10) == (10, 25)  # the empty sentence holds nothing
    assert checker._sentence(sentences, 39) == (25, 40)
    assert checker._sentence(sentences, 40) == (25, 40)  # past the end: the last sentence, as before
    assert checker._sentence(sentences, -1) == (25, 40)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_gate_words_are_the_stems_of_every_word(text: str) -> None:
    expected = frozenset(stem(w) for w in WORD.findall(text.lower()))
    assert ClauseText.of(text).words == expected


def test_gate_words_example() -> None:
    assert ClauseText.of("Renewal renewed, RE-NEW 2024x").words == {"renew", "re", "new", "2024x"}


_RULESET = load_ruleset(Policy())
_PHRASE_WORDS = ["open", "neural", "network", "exchange", "model", "context", "protocol", "onnx", "MCP", "gguf",
                 "Exchange", "NETWORK", "neural-network", "10kg", "cannot", "exchanges", "2network", "(open", "x.",
                 "safetensors", "Securities", "export", "\u0130", "ﬁle", "’s"]


def _doc_rules() -> list:
    return [c for c in _RULESET._patterns.compiled if c.doc_needs is not None]


def test_phrase_rules_need_every_long_word_of_a_phrase() -> None:
    onnx = next(c for c in _RULESET._patterns.compiled if c.rule.id == "portability.onnx-export")
    assert (frozenset({"excha"}), frozenset({"netwo"}), frozenset({"neura"})) in onnx.doc_needs
    patterns = _RULESET._patterns
    wanted, _ = patterns.select(ClauseText.of("registered under the Securities Exchange Act of 1934"), [onnx])
    assert wanted == []
    wanted, _ = patterns.select(ClauseText.of("weights in Open Neural Network Exchange (ONNX) format"), [onnx])
    assert wanted == [onnx]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_WORDS), max_size=12), st.lists(st.sampled_from([" ", "  ", "-", "/", ", "]),
                                                                        min_size=12, max_size=12))
def test_a_rule_skipped_by_its_phrase_needs_has_no_spacy_any_hit(words: list[str], seps: list[str]) -> None:
    # The skip is exact: tokenised, the clause gives the rule no phrase or token any-hit.
    text = "".join(w + s for w, s in zip(words, seps, strict=False))  # one separator fewer than words
    patterns = _RULESET._patterns
    view = ClauseText.of(text)
    rules = _doc_rules()
    wanted, _ = patterns.select(view, rules)
    skipped = [c for c in rules if c not in wanted]
    doc = patterns.nlp.tokenizer(text.replace("\n", " "))
    found = patterns.hits(doc, view, skipped, [(0, len(text))], {})
    assert all(h.role != "any" for c in skipped for h in found[c.index]), text


def test_no_tokenizer_exception_splits_a_long_word_out_of_a_longer_one() -> None:
    # CompiledRule.doc_needs relies on it: a token of >= 5 ASCII letters is a whole word of the clause text.
    tokenizer = _RULESET._patterns.nlp.tokenizer
    for key, pieces in tokenizer.rules.items():
        for piece in pieces:
            word = str(next(iter(piece.values()))).lower()
            if len(word) >= 5 and word.isascii() and word.isalpha():
                assert stem(word) in ClauseText.of(key).words, key


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abns tol", max_size=60),
       st.lists(st.lists(st.lists(st.text(alphabet="abns tol", min_size=1, max_size=4), min_size=1, max_size=3),
                         min_size=1, max_size=3), min_size=1, max_size=6))
def test_remembered_literal_checks_answer_as_the_plain_ones(text: str, gates: list) -> None:
    seen: dict[str, bool] = {}  # shared by every gate, as ClauseText.seen is by every rule of a clause
    for factors in gates:
        gate = Literals(tuple(tuple(f) for f in factors))
        assert gate.may_match_in(text, seen) == gate.may_match(text)


def test_clause_text_remembers_literals_only_for_whole_text_checks() -> None:
    view = ClauseText.of("Customer shall not purchase")
    gate = Literals((("shall",), ("purchase", "buy")))
    assert view.may_match(gate, 0, len(view.text)) is True
    assert view.seen == {"shall": True, "purchase": True}
    assert view.may_match(gate, 0, 10) is False  # a part of the text: searched, not remembered
    assert view.seen == {"shall": True, "purchase": True}
    assert view.may_match(Literals((("xyz",),)), 0, len(view.text)) is False
    assert view.seen["xyz"] is False


_HIT_TEXTS = [
    "Customer shall not purchase any AI services from any other provider during the Term.",
    "Customer SHALL NOT purchase from any other Vendor; the Agreement Automatically Renews for successive terms.",
    "The \u212aelvin sign: Customer shall not engage any other supplier (exclusive provider).",  # UNSAFE: no gates
    "\u0130NITIAL TERM of three (3) years; thereafter this Agreement shall renew automatically.",
    "Customer agrees to purchase at least 80% of its requirements; minimum annual commitment of $1,000,000.",
    "",
]


@pytest.mark.parametrize("text", _HIT_TEXTS)
def test_any_hits_equal_the_plain_role_search(text: str) -> None:
    view = ClauseText.of(text)
    checked, found = 0, 0
    for compiled in _RULESET._patterns.compiled:
        if compiled.fuzzies:
            continue
        plain = PatternSet.role_hits(compiled, "any", view, 0, len(text), [(0, len(text))] if text else [])
        assert compiled.any_hits(view) == plain, (compiled.rule.id, text)
        checked, found = checked + 1, found + len(plain)
    assert checked > 10
    assert found > 0 or not text


@pytest.mark.parametrize("text", ["Provider’s list prices; Customer may NOT\tterminate,  unless notified.\n Bye",
                                  "", "  \u00a0 x İ ＭＣＰ ; : DON'T cannot"])
def test_token_lowers_equal_the_tokens_lower_case(text: str) -> None:
    from clausecheck.engine import language

    doc = nlp.get().tokenizer(text)
    assert language.lowers(doc) == [t.lower_ for t in doc]
    assert [w.isspace() for w in language.lowers(doc)] == [t.is_space for t in doc]
    assert [w in (";", ":") for w in language.lowers(doc)] == [t.text in (";", ":") for t in doc]
