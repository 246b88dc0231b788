"""Property: whatever normalisation removes or joins, every page's own text stays on that page."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.ingest import normalize

WORDS = st.sampled_from(
    [
        "the",
        "Provider",
        "shall",
        "termi-",
        "nation",
        "agree-",
        "ment",
        "non-",
        "exclusive",
        "Customer",
        "12",
        "(a)",
        "fees",
        "–",
        "\u00a0",
        "\ufb01nal",
        "Mid\xad",
        "of\ufffe",
    ]
)
LINE = st.lists(WORDS, min_size=0, max_size=8).map(" ".join)
PAGE_BODY = st.lists(LINE, min_size=0, max_size=6)
# Per-page markers that differ in words, not only in a number (a line differing only in the page number
# at a page edge is a running header by design).
MARKS = dict(enumerate(("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"), start=1))


def _page_of(starts: tuple[int, ...], offset: int) -> int:
    return max(1, bisect.bisect_right(starts, offset))


@settings(max_examples=150, deadline=None)
@given(
    bodies=st.lists(PAGE_BODY, min_size=1, max_size=8),
    header=st.sampled_from(["", "ACME CONFIDENTIAL", "Source: ACME, 10-K, 3/1/2020"]),
    number=st.sampled_from(["", "{n}", "- {n} -", "Page {n} of 9"]),
)
def test_each_page_marker_stays_on_its_page(bodies: list[list[str]], header: str, number: str) -> None:
    pages = []
    for n, body in enumerate(bodies, start=1):
        # A word broken across pages belongs to the page it starts on, so the marker gets a line before it.
        intro = [f"Section {MARKS[n]} begins."]
        lines = ([header] if header else []) + body[:3] + intro + [f"marker {MARKS[n]}"] + body[3:]
        lines += [number.format(n=n)] if number else []
        pages.append("\n".join(lines))
    result = normalize.pages_to_text(pages, pdf=True)
    starts = result.page_starts
    assert len(starts) == len(pages)
    assert list(starts) == sorted(starts) and starts[0] == 0 and starts[-1] <= len(result.text)
    for n in range(1, len(pages) + 1):
        offset = result.text.index(f"marker {MARKS[n]}")
        assert _page_of(starts, offset) == n
