"""The fast paths of rule matching give exactly the answers of the plain regexes they stand in for."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from clausecheck import regex_twin
from clausecheck.engine import load_ruleset, prefilter
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.matchers import BySentence, PatternSet, pattern_groups
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
RULESET = load_ruleset(Policy())
TRICKY = [
    "Customer SHALL NOT purchase from any other Vendor; the Agreement Automatically Renews.",
    "Provider’s “Exclusive” rights — non-exclusive, NON-EXCLUSIVE; Café ÉTÉ naïve résumé.",
    "ShAlL nOt ReNeW aUtOmAtIcAlLy for successive twelve (12) month periods, 50% of its REQUIREMENTS.",
    "x_renew renew_x 2renew renew2 (renew) [Exclusivity] EXCLUSIVITY exclusivity",
]


def _texts() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.;:])\s+|\n", text) if s.strip()] + TRICKY


def _shipped_regexes() -> list[str]:
    out = []
    for compiled in RULESET._patterns.compiled:
        for _, patterns in pattern_groups(compiled.rule):
            out.extend(p["regex"] for p in patterns if isinstance(p, dict) and "regex" in p)
    return out


def test_lower_case_keeps_what_counts_as_a_word_character():
    # The twins read \b, \w, \s on lower-cased text: lower() must not change those classes.
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if len(low) == 1 and not prefilter.UNSAFE.match(char):
            assert bool(word.match(char)) == bool(word.match(low)), hex(code)
            assert bool(space.match(char)) == bool(space.match(low)), hex(code)


@pytest.mark.parametrize("source", [
    r"\bFoo\s+BAR\b", r"[A-Z]{2,}\d", r"[^a-z]+x", r"(?<=Provider )shall(?: not)?", r"\b(?:ab|abc)\W+[B-d]",
    r"(?i:Renew)\w*", r"\w+’s\s+(?:sole|only)", r"[\w'’(),-]+\s+(?!not\b)\w+",
])
def test_twin_finds_the_same_spans_as_the_case_insensitive_regex(source):
    twin = regex_twin.lowered(source)
    assert twin is not None
    regex = re.compile(source, re.IGNORECASE)
    rng = random.Random(7)
    alphabet = "abcfooBARxXrenewRENEWsoleProvider shall not ’'s()-_é É1 2\n"
    texts = _texts() + ["".join(rng.choice(alphabet) for _ in range(200)) for _ in range(200)]
    for text in texts:
        assert [m.span() for m in twin.finditer(text.lower())] == [m.span() for m in regex.finditer(text)], text


@pytest.mark.parametrize("source", [r"(?-i:Foo)", r"(a)\1", r"\bÉté", r"[À-Ý]x", r"caf[é]"])
def test_no_twin_where_lower_case_text_would_differ(source):
    assert regex_twin.lowered(source) is None


def test_every_shipped_regex_twin_agrees_on_the_samples():
    texts = _texts()
    checked = 0
    for source in _shipped_regexes():
        twin, regex = regex_twin.lowered(source), re.compile(source, re.IGNORECASE)
        if twin is None:
            continue
        for text in texts:
            assert [m.span() for m in twin.finditer(text.lower())] == [m.span() for m in regex.finditer(text)]
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(("source", "starts"), [
    (r"\b(?:renew|extend)s?\s+x", ("extend", "renew")),
    (r"(?:sole\s+and\s+)?exclusive", ("exclusive", "sole")),
    (r"(?-i:\b[Ee]xclusivity\b)", ("exclusivity",)),
    (r"\b(?:at\s+least|no)\s+x", None),  # "at" and "no" are too short to be worth a search
    (r"[a-z]+ing", None),
    (r"x?", None),
])
def test_first_literals(source, starts):
    assert prefilter.first_literals(source) == starts


@pytest.mark.parametrize(("source", "keys"), [
    (r"\b(?:may|can)\s+terminate\b", [{"may", "can"}, {"termi"}]),
    (r"\bpay\w*\s+x", []),  # "pay" may begin "payment": no key is sure
    (r"\bnot\s+(?:[\w,]+\s+){0,3}?(?:purchase|buy)\b", [{"not"}, {"purch", "buy"}]),
    (r"renewal", []),  # may sit inside a word ("nonrenewal")
    (r"\bnon-renewal", [{"non"}]),
])
def test_stem_factors(source, keys):
    assert [set(f) for f in prefilter.stem_factors(source)] == keys


def test_shipped_regex_prefilters_never_miss_a_match():
    texts = _texts()
    for source in _shipped_regexes():
        regex = re.compile(source, re.IGNORECASE)
        starts, factors = prefilter.first_literals(source), prefilter.stem_factors(source)
        for text in texts:
            for m in regex.finditer(text):
                if starts:
                    assert text.lower().startswith(starts, m.start()), (source, text)
                words = ClauseText.of(text).words
                assert all(not f.isdisjoint(words) for f in factors), (source, text)


@pytest.mark.parametrize("text", _texts())
def test_indexed_any_hits_equal_role_hits(text):
    view = ClauseText.of(text)
    for compiled in RULESET._patterns.compiled:
        if compiled.any_needs_doc or any(isinstance(r[2], BySentence) for r in compiled.regexes if r[0] == "any"):
            continue
        assert compiled.any_hits(view) == PatternSet.role_hits(compiled, "any", view, 0, len(text), ()), \
            compiled.rule.id


def test_sentence_bounds_of_a_tokenised_clause_equal_the_sentencizers():
    from clausecheck import nlp
    from clausecheck.engine import language

    pipeline = nlp.get()
    rng = random.Random(3)
    alphabet = ["a", "b", ".", "!", "?", ";", "…", "。", "\n", " ", "  ", "(", ")", '"', "'", "-", ",", "U.S.",
                "Inc.", "e.g.", "3.5", "A", "Z"]
    texts = _texts() + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(2000)]
    for text in texts:
        full, tokens_only = pipeline(text), pipeline.make_doc(text)
        assert len(tokens_only) < 2 or not tokens_only.has_annotation("SENT_START")
        assert language.sentence_bounds(tokens_only) == language.sentence_bounds(full), text
