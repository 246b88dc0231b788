"""RE2 screens (engine.regex_set) skip scans but never change what a rule regex finds."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import regex_twin
from clausecheck.engine import load_ruleset, regex_set
from clausecheck.engine.clause_text import ClauseText
from clausecheck.engine.compiled_rule import Fast
from clausecheck.engine.matchers import PatternSet
from clausecheck.engine.prefilter import parse_tree
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_RULES = load_ruleset(Policy())
_SOURCES = sorted({regex.pattern for c in _RULES._patterns.compiled for _, _, regex, _ in c.regexes
                   if hasattr(regex, "pattern")})
# Regexes with the shapes a translation can get wrong: lookarounds, \b, anchors, Unicode classes, negated classes.
_TRICKY = [r"foo(?!bar)", r"(?<!non-)exclusive", r"\bterm\b", r"\Bnew", r"(?=\w{5})renew\w*", r"^term|end$",
           r"\Aterm", r"fee\Z", r"[^\w\s]{2}", r"\W+x", r"[^\s,]+\s+days", r"\S\s\S", r"\d+\s*%", r"\D{3}z",
           r"[^\d]+", r"a.b", r"a[^x]b", r"(?:\w+\s+){0,6}?renew", r"shall[^.;]{0,400}?terminate", r"x\s{2}y",
           r"(?:up\s+to|no\s+more\s+than)\s+\$?\d", r"renew(?:al|s|ed)?\b(?!\s+fee)", r"é\w", r"[à-ÿ]x",
           r"\w\x0bx", r"a\x1cb", r"(?i:ab)c", r"(?:ab)+?c", r"[a-c-]z", r"’s\s", r"non[-\s]?exclusive",
           r"\bexclusiv\w*(?=[^.]{0,40}\bprovider)", r"(?<=\s)fee", r"\$\s?\d{1,3}(?:,\d{3})*",
           r"(?s)a.b", r"(?s:fee.{0,3}days)"]  # "." across a line break: the screen must keep DOTALL
_WORDS = ["shall", "not", "terminate", "exclusive", "non-exclusive", "renew", "renewal", "fee", "fees", "days",
          "term", "end", "provider", "up", "to", "no", "more", "than", "$", "1,000", "30", "%", "foo", "bar",
          "foobar", "new", "x", "y", "z", "a", "b", "c", "ab", "é", "’s", "x\x0by", "a\x1cb", "ſ", "İ", "\xa0"]
_SEPS = [" ", "  ", "\n", ", ", "; ", ". ", "-", "", "\t", "\x0b", "\x1c", "\u2003", "’", "\u201c"]


def _truth(source: str, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(source, re.IGNORECASE).finditer(text, lo, hi)]


@functools.cache
def _fast(source: str) -> Fast | None:
    """The fast form, built once per source (while RE2 is available: tests that turn it off build their own)."""
    return Fast.of(source, parse_tree(source))


def _check(source: str, text: str, lo: int = 0, hi: int | None = None, build: Any = _fast) -> int:
    """The fast form with its screen finds exactly the original regex's spans (texts where twins apply); returns
    how many it found, 0 where it does not apply."""
    view = ClauseText.of(text)
    if not view.safe:
        return 0  # the engine scans the original on such a text
    fast = build(source)
    if fast is None:
        return 0
    hi = len(text) if hi is None else hi
    truth = _truth(source, text, lo, hi)
    assert fast.spans(view.lowered, lo, hi, view.data) == truth, (source, text, lo, hi)
    return len(truth)


# Tests that read real screens need the module (a declared dependency); the plain path runs without it.
needs_re2 = pytest.mark.skipif(regex_set._re2 is None, reason="google-re2 is not installed: nothing to screen")

_texts = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=30).map(
    lambda pieces: "".join(w + s for w, s in pieces))


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_TRICKY), _texts, st.integers(0, 40), st.integers(0, 400))
def test_screened_spans_equal_the_original_on_tricky_regexes(source: str, text: str, lo: int, length: int) -> None:
    _check(source, text, min(lo, len(text)), min(len(text), lo + length))
    _check(source, text.encode("ascii", "replace").decode())  # the screened (ASCII) path too


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_SOURCES), _texts, st.integers(0, 40))
def test_screened_spans_equal_the_original_on_the_shipped_regexes(source: str, text: str, lo: int) -> None:
    _check(source, text, min(lo, len(text)))
    _check(source, text.encode("ascii", "replace").decode())


@needs_re2
def test_every_shipped_regex_with_its_rules_examples() -> None:
    """Each regex over the examples of the rules holding it (texts written to match), typeset and ASCII."""
    checked = screened = matched = 0
    for compiled in _RULES._patterns.compiled:
        texts = [e.text for e in compiled.rule.examples]
        texts += [t.replace("'", "’").replace(" ", "\u00a0", 1) for t in texts]
        for _, _, regex, _ in compiled.regexes:
            source = getattr(regex, "pattern", None) or regex.regex.pattern
            screened += regex_set.screen(parse_tree(source)) is not None
            for text in texts:
                matched += _check(source, text) > 0
                checked += 1
    # the shipped regexes are screened, and checked on many texts, hundreds of them holding matches
    assert checked > 10_000 and screened > 300 and matched > 1000, (checked, screened, matched)


@needs_re2
def test_the_sample_contracts_select_the_same_rules_with_and_without_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    clauses = [s for s in re.split(r"\n\s*\n", text) if s.strip()]
    screened = PatternSet(_RULES.rules)
    expected = []
    for clause in clauses:
        wanted, early = screened.select(ClauseText.of(clause), screened.compiled)
        expected.append(([c.index for c in wanted], early))
    monkeypatch.setattr(regex_set, "AVAILABLE", False)  # fast forms are built on first use: from here, unscreened
    plain = PatternSet(_RULES.rules)
    found = 0
    for clause, (indexes, early) in zip(clauses, expected, strict=True):
        wanted, plain_early = plain.select(ClauseText.of(clause), plain.compiled)
        assert (indexes, early) == ([c.index for c in wanted], plain_early), clause
        found += bool(early)
    assert found > 10
    assert all(f is None or f.screen is None for f in plain._built.values())  # the plain path ran
    assert any(f is not None and f.screen is not None for f in screened._built.values())


def test_without_re2_there_is_no_screen_and_spans_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_set, "AVAILABLE", False)
    source = r"\bautomatic(?:ally)?\s+renew\w*"
    fast = Fast.of(source, parse_tree(source))
    assert fast is not None and fast.screen is None
    view = ClauseText.of("It shall Automatically renew.")
    assert fast.spans(view.lowered, 0, len(view.text), view.data) == [(9, 28)]


def test_the_screen_reads_only_ascii_texts() -> None:
    assert ClauseText.of("Renewal Fee").data == b"renewal fee"
    assert ClauseText.of("Renewal’s Fee").data is None


def test_translations_widen_what_re2_and_re_read_differently() -> None:
    space = r"\x{9}-\x{d}\x{1c}-\x{20}"  # re's "\s" on ASCII: RE2's lacks \x0b and \x1c-\x1f
    # assertions dropped; a positive class takes every non-ASCII character, a negated one leaves them in
    assert regex_set.translate(parse_tree(r"\bfoo(?!bar)\s")) == f"foo[{space}\\x{{80}}-\\x{{10ffff}}]"
    assert regex_set.translate(parse_tree(r"[^\s,]")) == f"[^{space}\\x{{2c}}]"
    assert regex_set.translate(parse_tree(r"a[^.;]{0,400}b")) == r"a(?:[^\x{2e}\x{3b}]){0,}b"  # a long gap
    assert regex_set.translate(parse_tree(r"a\s{2,5}b")) == f"a(?:[{space}\\x{{80}}-\\x{{10ffff}}]){{2,5}}b"
    assert regex_set.translate(parse_tree(r"(?:\w+\s+){0,6}x")) == \
        f"(?:(?:[0-9A-Z\\x{{5f}}a-z\\x{{80}}-\\x{{10ffff}}]){{1,}}(?:[{space}\\x{{80}}-\\x{{10ffff}}]){{1,}}){{0,}}x"
    assert regex_set.translate(parse_tree(r"(a)\1")) is None  # a back-reference: scanned as before


def _sabotaged(items: list[Any]) -> list[Any] | None:
    """An unsound relaxation: a negative lookahead kept as the text it forbids."""
    out = []
    for op, av in items:
        if str(op) == "ASSERT_NOT" and av[0] == 1:
            out.extend(av[1].data)
        elif str(op) in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            out.append((op, av))
    return out


@needs_re2
def test_an_unsound_translation_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_twin, "without_assertions", _sabotaged)
    fresh = Fast.of(r"foo(?!bar)", parse_tree(r"foo(?!bar)"))
    assert fresh is not None and fresh.screen is not None
    with pytest.raises(AssertionError):
        for source in _TRICKY:
            for text in ["foo baz", "renewal term", "renew fee", "foobar"]:
                _check(source, text, build=lambda s: Fast.of(s, parse_tree(s)))


def test_every_rule_of_a_pattern_set_is_planned_and_an_unplanned_one_refuses() -> None:
    """PatternSet.select reads each rule's plan (rule_patterns.plan): it has no silent per-rule fallback."""
    patterns = _RULES._patterns
    assert all(c.plan is not None for c in patterns.compiled)
    unplanned = dataclasses.replace(patterns.compiled[0], plan=None)
    with pytest.raises(ValueError, match="no selection plan"):
        unplanned.planned_hits(ClauseText.of("renewal"), 0)


@needs_re2
def test_a_screen_short_of_memory_still_answers_right(monkeypatch: pytest.MonkeyPatch) -> None:
    """With RE2's DFA cache far too small (it falls back to its NFA) or the program refused, spans stay exact."""
    monkeypatch.setattr(regex_set, "MAX_MEM", 20 << 10)
    monkeypatch.setattr(regex_set, "_OPTIONS", None)  # built once from MAX_MEM; monkeypatch restores the real ones
    text = " ".join(e.text for c in _RULES._patterns.compiled[:40] for e in c.rule.examples)
    text = text.encode("ascii", "replace").decode()
    tight = 0
    for source in _SOURCES[::7]:
        fast = Fast.of(source, parse_tree(source))
        tight += fast is not None and fast.screen is not None
        _check(source, text, build=lambda s, fast=fast: fast)
    assert tight > 10


@needs_re2
def test_without_the_re2_wheel_the_module_loads_and_screens_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where google-re2 has no wheel, importing it fails: the engine loads and scans every regex as before."""
    monkeypatch.setitem(sys.modules, "re2", None)  # "import re2" now raises ImportError
    try:
        importlib.reload(regex_set)
        assert regex_set.AVAILABLE is False
        assert regex_set.screen(parse_tree(r"\brenew\w*")) is None
        _check(r"\brenew\w*", "It renews.", build=lambda s: Fast.of(s, parse_tree(s)))
    finally:
        monkeypatch.undo()
        importlib.reload(regex_set)  # the real module again, for the tests that follow
    assert regex_set.AVAILABLE is True


@needs_re2
def test_a_window_past_the_text_is_read_as_finditer_reads_it() -> None:
    """RE2 refuses an end past the text; the screen clamps it, as finditer does (review of the screens)."""
    source = r"renewal\s+fee"
    fast = Fast.of(source, parse_tree(source))
    assert fast is not None and fast.screen is not None
    text = "The Renewal Fee applies."
    view = ClauseText.of(text)
    for lo, hi in ((0, len(text) + 1), (0, 10**6), (4, len(text) + 7), (30, 40)):
        assert fast.spans(view.lowered, lo, hi, view.data) == _truth(source, text, lo, hi)


def test_dotall_and_regexes_re2_refuses_keep_their_spans() -> None:
    """"." under (?s) crosses a line break, and a regex RE2 refuses gets no screen: both scanned exactly."""
    assert _check(r"(?s)a.b", "xa\nb") == 1
    _check(r"(?s:fee.{0,3}days)", "fee\n\n days")  # a scoped flag: no twin, so scanned as before
    refused = r"(?:\d{1,3},?){0,400}\s*dollars"  # RE2's repeat limit: no screen
    assert regex_set.screen(parse_tree(refused)) is None
    assert _check(refused, "pay 1,000 dollars now", build=lambda s: Fast.of(s, parse_tree(s))) >= 1


def test_a_regex_too_deep_to_translate_has_no_screen() -> None:
    deep = "(?:a|b" * 350 + ")" * 350  # its translation recurses past Python's limit
    assert regex_set.screen(parse_tree(deep)) is None
