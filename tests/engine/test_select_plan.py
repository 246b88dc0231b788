"""Rule selection by WordBits masks (CompiledRule.plan) gives exactly the answers of the plain per-rule path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.engine import load_ruleset
from clausecheck.engine.clause_text import WORD, ClauseText, WordBits, stem
from clausecheck.engine.matchers import PatternSet
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_PATTERNS: PatternSet = load_ruleset(Policy())._patterns
# Words and pieces the shipped rules look for, mixed with noise, so that random texts reach the regexes.
_VOCAB = ["shall", "not", "will", "may", "terminate", "convenience", "exclusive", "exclusively", "renew",
          "automatically", "minimum", "purchase", "commitment", "days", "notice", "prior", "written", "any",
          "other", "provider", "customer", "export", "data", "format", "at", "least", "per", "cent", "%", "$",
          "1,000", "twelve", "(12)", "months", "term", "successive", "unless", "without", "fee", "fees",
          "nonexclusive", "non-exclusive", "co-operate", "customer's", "hand-over", "İ", "ſ", "Ÿ", "\u212a"]
_SEPS = [" ", "  ", "\n", ", ", "; ", ". ", "-", "", "\t"]


def _reference(clause: ClauseText, rules: list) -> tuple[list[int], dict[int, list]]:
    """PatternSet.select as it was before plans: every rule's any_hits."""
    wanted, early = [], {}
    for compiled in rules:
        if not compiled.wanted(clause):
            continue
        if compiled.any_needs_doc and not compiled.any_regex_only:
            wanted.append(compiled.index)  # doc_needs are tested alike by both paths
            continue
        if compiled.by_sentence and compiled.sentences_may_match(clause):
            wanted.append(compiled.index)
            continue
        hits = compiled.any_hits(clause)
        if hits:
            wanted.append(compiled.index)
            early[compiled.index] = hits
    return wanted, early


def _same(text: str) -> None:
    rules = [c for c in _PATTERNS.compiled if not (c.any_needs_doc and not c.any_regex_only)]
    wanted, early = _PATTERNS.select(ClauseText.of(text), rules)
    assert ([c.index for c in wanted], early) == _reference(ClauseText.of(text), rules), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_SEPS)), max_size=40))
def test_planned_selection_equals_the_plain_one(pieces: list[tuple[str, str]]) -> None:
    _same("".join(word + sep for word, sep in pieces))


def test_planned_selection_on_the_samples() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    clauses = [s for s in re.split(r"\n\s*\n", text) if s.strip()]
    found = 0
    for clause in clauses:
        _same(clause)
        found += bool(_PATTERNS.select(ClauseText.of(clause), _PATTERNS.compiled)[1])
    assert found > 10  # the samples do reach the regexes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcnotshal019 -.\n'’İ"), max_size=60))
def test_word_bits_are_the_keys_and_the_literals_the_text_holds(text: str) -> None:
    keys, literals = ["a", "ab", "abc", "shall", "not", "no", "1"], ["ab", "bc", "ot", "shal", "l0", "a-b", "s'"]
    bits = WordBits(keys, literals)
    view = ClauseText.of(text)
    present = bits.of(view)
    for key in keys:
        assert bool(present & bits.mask([key])) == (key in view.words), key
    for literal in literals:
        mask = bits.literal_mask([literal])
        if WORD.fullmatch(literal):
            assert mask is not None and bool(present & mask) == (literal in view.lowered), literal
        else:
            assert mask is None  # not a run of letters and digits: the plan scans the text for it instead


def test_word_bits_of_chunks_long_and_unremembered() -> None:
    bits = WordBits([stem("termination"), "pre"], ["minat", "nation", "xyz", "na", "nat"])
    found = bits.literal_mask(["minat", "nation", "na", "nat"])
    assert bits.chunk("(predetermination)," * 5000) == found  # a key only starts a word: "predetermination"
    assert bits.chunk("termination") == bits.mask(["termi"]) | found
    assert bits.chunk("pre-nat;") == bits.mask(["pre"]) | bits.literal_mask(["na", "nat"])
    bits.LIMIT = 0  # nothing more is remembered, the answer stays the same
    assert bits.chunk("nations") == bits.literal_mask(["nation", "na", "nat"])
    assert "nations" not in bits._chunks


@pytest.mark.parametrize("text", ["", "   ", "Customer shall not terminate for convenience.",
                                  "The \u212aelvin sign: Customer shall not engage any other supplier."])
def test_planned_selection_examples(text: str) -> None:
    _same(text)


_PHRASE_SOURCES = [
    r"shall\s+not", r"\b(?:may|shall|will)\s+not\s+(?:to\s+)?terminate", r"a(?:\s+b)?\s+c", r"no\s*,?\s+less",
    r"x[\s-]y\s+z", r"\s+lead\s+in\s+", r"one\s{1,3}two", r"(?:fine[- ]?tun\w*)\s+models?", r"p\s?q\s+r",
    r"most[- ]favou?red[- ]nation\s+terms?", r"(?:(?:a|b)\s+)?c\s+d", r"for\s+(?:its\s+)?(?:own\s+)?convenience",
    # a branch with no exact string makes the group factor-free; two blanks in a row are one space
    r"(?:x\s+y|\w+)\s+z", r"a\s\s+b", r"(?:shall\s+pay|pays)\s+a", r"(?:x\s+y\w*|b+)\s+z", r"(?:x\s+y\w*|\w+)\s+z",
]
_SPACES = ["", " ", "  ", "\t", "\n", "\xa0", "\u2003", "\x1c", " \n "]


@pytest.mark.parametrize("source", _PHRASE_SOURCES)
def test_every_match_holds_its_phrases_in_the_spaced_text(source: str) -> None:
    from clausecheck.engine.phrases import phrases
    from clausecheck.engine.prefilter import parse

    factors = phrases(parse(source))
    regex = re.compile(source, re.IGNORECASE)
    words = ["shall", "not", "may", "to", "terminate", "a", "b", "c", "no", ",", "less", "x", "y", "z", "lead",
             "in", "one", "two", "fine", "-", "tuned", "models", "p", "q", "r", "most", "favoured", "nation",
             "terms", "d", "for", "its", "own", "convenience", "SHALL", "Not", "pay", "pays"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(words), st.sampled_from(_SPACES)), max_size=12))
    def check(pieces: list[tuple[str, str]]) -> None:
        text = "".join(w + s for w, s in pieces)
        view = ClauseText.of(text)
        if regex.search(text):
            for factor in factors:
                assert any(s in view.spaced for s in factor), (source, text, factor)

    check()


def test_phrases_read_whitespace_as_one_space() -> None:
    from clausecheck.engine.phrases import phrases
    from clausecheck.engine.prefilter import parse

    assert phrases(parse(r"\b(?:may|shall|will)\s+not\s+(?:[\w-]+\s+){0,3}terminate")) == [
        ("may not", "shall not", "will not")]  # "terminate" has no space: a plain literal, not a phrase
    assert phrases(parse(r"\s+lead\s+in\s+")) == [("lead in",)]  # outer spaces may be the text's ends
    assert phrases(parse(r"for\s+(?:its\s+)?convenience")) == [("for convenience", "for its convenience")]
    assert phrases(parse(r"no\s*,\s+less")) == [("no , less", "no, less")]
    assert phrases(parse(r"a\w+\s+b")) == []  # \w+ is not exact: no factor spans it
    # runs of literals, blanks among them (two in a row are one space), next to groups and whitespace items
    assert phrases(parse("shall  not\t pay(?:s|)\\s+fees")) == [("shall not pay fees", "shall not pays fees")]
    assert phrases(parse(r"(?:no  more|not \s*exceed)\s+[x]")) == [("no more x", "not exceed x")]
    assert phrases(parse(r"\bde\ facto\s")) == [("de facto",)]
    assert phrases(parse(r"(?:x|y)\s+(?:p|q|r)\s+(?:s|t|u|v)")) == []  # 24 strings: more than a factor may hold


@pytest.mark.parametrize(("source", "text"), [
    (r"(?:shall\s+not|\w+)\s+pay", "Customer will pay the fees."),
    (r"(?:shall\s+not|\w+)\s+pay", "Customer shall not pay."),
    (r"\bfor\s+(?:its\s+own|[a-z]+)\s+convenience", "terminate for any convenience"),
    (r"(?:[\w-]+|may\s+not\s+assign)\s+this", "Either party assigns this Agreement"),
])
def test_a_branch_without_a_factor_leaves_the_branch_point_without_one(source: str, text: str) -> None:
    """One branch with no factor (it matches words no string predicts) makes the whole branch point factor-free:
    requiring the other branches' phrases would rule out a text only that branch matches."""
    from clausecheck.engine.phrases import phrases
    from clausecheck.engine.prefilter import parse

    assert re.search(source, text, re.IGNORECASE)
    view = ClauseText.of(text)
    for factor in phrases(parse(source)):
        assert any(s in view.spaced for s in factor), (source, text, factor)
    assert phrases(parse(source)) == []  # nothing else in these sources holds a space


def test_spaced_text() -> None:
    view = ClauseText.of(" Shall\t\n NOT\xa0 terminate \u2003")
    assert view.spaced == "shall not terminate"
    assert view.chunks == ["shall", "not", "terminate"]


def _variants(text: str) -> list[str]:
    """An example as written and as typeset or extracted text changes it: blanks, case, line breaks, no-break
    spaces, a word split by a line break."""
    return [text, text.replace(" ", "  "), text.upper(), text.replace(" ", "\n"), text.replace(" ", "\xa0 "),
            text.replace(", ", " ,"), re.sub(r"(\w{4})(\w{3,})", r"\1 \2", text, count=2)]


def test_planned_selection_equals_the_plain_one_on_every_rule_example() -> None:
    """Every shipped rule (those with spaCy patterns and doc_needs too) on every example text and its variants:
    the planned path and the plain reference select the same rules with the same early hits."""
    texts = [v for c in _PATTERNS.compiled for example in c.rule.examples for v in _variants(example.text)]
    with_hits = 0
    for text in texts:
        view = ClauseText.of(text)
        wanted, early = _PATTERNS.select(view, _PATTERNS.compiled)
        plain_wanted, plain_early = PatternSet._select_plain(ClauseText.of(text), _PATTERNS.compiled)
        assert ([c.index for c in wanted], early) == ([c.index for c in plain_wanted], plain_early), text
        with_hits += bool(early)
    assert with_hits > len(texts) // 2  # the comparison is made where the regexes do hit


def test_phrase_factors_of_every_shipped_regex_are_in_each_text_it_matches() -> None:
    """A phrase factor is a necessary condition: wherever a shipped any-regex matches a rule example (or a variant),
    the rule alone is selected by its plan exactly as by its own tests (a factor missing from the collapsed text
    would drop it)."""
    checked = 0
    for compiled in _PATTERNS.compiled:
        texts = [v for example in compiled.rule.examples for v in _variants(example.text)]
        for role, _, regex, _ in compiled.regexes:
            if role != "any":
                continue
            for text in texts:
                view = ClauseText.of(text)
                if view.safe and regex.search(text):
                    planned = _PATTERNS.select(view, [compiled])
                    plain = PatternSet._select_plain(ClauseText.of(text), [compiled])
                    assert planned == plain, (compiled.rule.id, text)
                    checked += bool(planned[0])
    assert checked > 500


def test_word_bits_of_literals_that_start_one_another() -> None:
    literals = ["vend", "vendor", "vendor1", "vendor12x", "vendorx", "x"]
    bits = WordBits([], literals)
    assert bits.chunk("vendor12x") == bits.literal_mask(["vend", "vendor", "vendor1", "vendor12x", "x"])
    assert bits.chunk("avendorx") == bits.literal_mask(["vend", "vendor", "vendorx", "x"])


def test_a_long_run_without_blanks_is_not_remembered() -> None:
    bits = WordBits(["shall"], ["shal"])
    blob = "shall" + "A" * (WordBits.LONGEST * 100)
    assert bits.chunk(blob) == bits.mask(["shall"]) | bits.literal_mask(["shal"])
    assert blob not in bits._chunks and bits.chunk("shall") and "shall" in bits._chunks


def test_phrase_factors_are_read_on_first_use_and_then_held() -> None:
    """A fresh pack holds no phrase factors yet; an entry a clause reaches holds them after, as read at once."""
    from clausecheck.engine.phrases import phrases
    from clausecheck.engine.prefilter import Literals
    from clausecheck.engine.rule_patterns import _LazyPhrases

    patterns = PatternSet([c.rule for c in _PATTERNS.compiled])
    entries = [e for c in patterns.compiled for e in c.plan or ()]
    assert entries and all(isinstance(e[3], _LazyPhrases) or e[3] is None for e in entries)
    text = "Customer shall not terminate this Agreement for convenience; the term renews automatically."
    assert patterns.select(ClauseText.of(text), patterns.compiled)[1]
    read = 0
    for c in patterns.compiled:
        for k, _, _, spaced in c.plan or ():
            if not isinstance(spaced, _LazyPhrases):
                expected = phrases(c.parsed[k]) if c.parsed[k] is not None else []
                assert spaced == (Literals(tuple(expected)) if expected else None), (c.rule.id, k)
                read += c.parsed[k] is not None
    assert 0 < read < len(entries)
