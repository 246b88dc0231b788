"""The fast character clean-up gives exactly what the plain translate/regex chain gave, on any text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.ingest import normalize

_LIGATURES = str.maketrans(normalize.LIGATURES)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def _reference(raw: str, *, pdf: bool) -> str:
    """clean_page as it was written before the fast path (translate tables, unconditional regexes)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if pdf:
        text = text.replace("\ufffe", "-\n").replace("\xad", "-")
    else:
        text = re.sub("\xad\n?", "", text)
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES).translate(_ZERO_WIDTH)
    text = normalize._SPACES.sub(" ", normalize._CONTROL.sub("", text))
    lines = text.split("\n")
    if pdf:
        lines = [normalize._GLUED_NUMBER.sub(r"\1 ", normalize._MULTI_SPACE.sub(" ", line).strip())
                 for line in lines]
    else:
        lines = [line.rstrip() for line in lines]
    return "\n".join(lines)


# Every character the clean-up treats specially, plus ordinary ASCII and a few wide ones.
_SPECIAL = ("\x00\x01\x08\t\x0b\x0c\x0e\x1f\x7f\x80\x9f\xa0\xad\r\n\f \u1680\u2000\u200a\u200b\u200c\u200d"
            "\u2060\u202f\u205f\u3000\ufeff\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\ufffee\u0301A1.(a)“-")
_TEXT = st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(max_codepoint=0x7F), max_size=80)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_fast_clean_page_equals_reference(raw: str, pdf: bool) -> None:
    assert normalize.clean_page(raw, pdf=pdf) == _reference(raw, pdf=pdf)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80), st.booleans())
def test_ascii_path_equals_reference(raw: str, pdf: bool) -> None:
    assert normalize.clean_page(raw, pdf=pdf) == _reference(raw, pdf=pdf)


def test_examples_of_each_character_class() -> None:
    raw = "e\u0301\ufb01rst\u200b\x00 tab\there\xa0nbsp\u3000wide\x7f\x85end\xad\nx"
    assert normalize.clean_page(raw, pdf=False) == "éfirst tab here nbsp wideendx"
    assert normalize.clean_page("a\x01b\tc\x7f", pdf=False) == "ab c"


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_control_count_equals_the_regex_count(raw: str) -> None:
    from clausecheck.ingest import text

    assert text._control_count(raw) == len(text._CONTROL.findall(raw))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="\n a", max_size=30))
def test_tidy_blank_lines_equals_the_plain_substitution(raw: str) -> None:
    assert normalize.tidy_blank_lines(raw) == re.sub(r"\n{3,}", "\n\n", raw).strip("\n")


def test_control_or_space_lists_exactly_what_the_two_regexes_match() -> None:
    matched = {chr(c) for c in range(0x3100) if normalize._CONTROL.match(chr(c)) or normalize._SPACES.match(chr(c))}
    assert set(normalize._CONTROL_OR_SPACE) == matched


def _garbled_reference(text: str) -> bool:
    import unicodedata as ud

    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return False
    bad = sum(1 for ch in chars if ch == "\ufffd" or ud.category(ch) in ("Co", "Cc", "Cn"))
    return bad > 0.25 * len(chars)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\x00\x01\x1c\x7f\x85\ufffd\ue000\u0378\u2028é") |
               st.characters(max_codepoint=0x7F), max_size=40))
def test_garbled_equals_the_per_character_reference(text: str) -> None:
    from clausecheck.ingest import pdf

    assert pdf.garbled(text) == _garbled_reference(text)


def _key_reference(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aΣσ İ1٣9 \n\u2028\u2029\u0345.'Page-") | st.characters(max_codepoint=0x7F),
               max_size=60))
def test_line_keys_equal_the_per_line_keys(page: str) -> None:
    assert normalize.line_keys(page) == [_key_reference(line) for line in page.split("\n")]
