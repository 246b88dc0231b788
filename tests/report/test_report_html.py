"""HTML report: golden files, CSP, structure for legal readers, and no markup injection from contract text."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import replace
from html.parser import HTMLParser

from clausecheck.report import get, html


def _render(report, **options) -> str:
    out = io.StringIO()
    get("html")(report, out, **options)
    return out.getvalue()


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, the headings in order and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    return parser


def test_review_golden(review_report, golden) -> None:
    text = _render(review_report, mode="review")
    golden("report_review.html", text)
    page = _parse(text)
    steps = zip(page.headings, page.headings[1:], strict=False)
    assert page.headings[0] == 1 and all(b - a <= 1 for a, b in steps)
    body = " ".join(" ".join(page.text).split())
    for expected in ("Contract review: nimbus-msa.pdf", "a" * 64, "PDF, 12 pages, 64 clauses",
                     "2026-01-15T10:00:00+00:00", "clausecheck 0.1.0, rule pack rules-3f2a9c",
                     "Earliest penalty-free exit 36 months after the effective date",
                     "Notice deadline Serve notice by 2028-12-01",
                     ("Exclusivity & minimum share \u2716 Fail Minimum share of traffic routed to one "
                      "provider"),
                     "Minimum share of traffic 70%", "\u2716 Missing ONNX export of models",
                     "Ask for (fallback language):"):
        assert expected in body, expected
    assert "<mark>thirty-six (36) months</mark>" in text
    assert "Exclusivity binding only the provider" not in text  # info hidden by default


def test_scan_golden_opens_with_portfolio(scan_report, golden) -> None:
    text = _render(scan_report, mode="scan")
    golden("report_scan.html", text)
    page = _parse(text)
    assert [h for h in page.headings[:2]] == [1, 2]
    assert text.index("<table class=\"portfolio\">") < text.index("class=\"document\"")
    portfolio = text[text.index("<table class=\"portfolio\">"):text.index("</table>")]
    assert portfolio.count("<tr") == 4  # header, two contracts, one unreadable
    assert "Contract portfolio review" in text and "Unreadable" in portfolio
    assert "contracts/Acme &amp; Sons order form.txt" in portfolio


def test_csp_first_in_head_and_script_allowed_by_hash(review_report) -> None:
    text = _render(review_report)
    head = text[text.index("<head>") + len("<head>"):].lstrip()
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';')
    page = _parse(text)
    assert [t for t, _ in page.tags].count("script") == 1
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html.content_security_policy()
    assert "unsafe-inline'; img-src" in html.content_security_policy()  # only style-src is unsafe-inline
    assert "script-src 'unsafe-inline'" not in text


def test_no_external_references(scan_report) -> None:
    page = _parse(_render(scan_report))
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), (tag, name, value)
        assert tag not in ("link", "iframe", "object", "embed", "img")


def test_meaning_not_by_colour_alone(scan_report) -> None:
    body = " ".join(_parse(_render(scan_report)).text)
    for word in ("CRITICAL", "HIGH", "MEDIUM", "Fail", "Weak", "Pass", "Missing", "Present", "Red flags",
                 "Needs review", "Suppressed"):
        assert word in body, word


def test_suppressed_finding_is_shown_and_marked(review_report) -> None:
    text = _render(review_report)
    article = re.search(r'<article class="finding sev-low is-suppressed"[^>]*'
                        r'data-suppressed="true">(.*?)</article>',
                        text, re.DOTALL)
    assert article and "Unilateral price changes" in article.group(1)
    assert "waiver: accepted by procurement until 2026-12-31" in article.group(1)


def test_show_info(review_report) -> None:
    assert "Exclusivity binding only the provider" in _render(review_report, show_info=True)


def test_print_stylesheet(review_report) -> None:
    text = _render(review_report)
    css = text[text.index("@media print"):]
    assert "break-inside: avoid" in css and ".finding" in css and "@page" in css
    # the paper size is left to the printer, so A4 and Letter both work
    assert "size: A4" not in css and "size: letter" not in css


def test_hostile_payloads_are_text(hostile_report) -> None:
    text = _render(hostile_report)
    page = _parse(text)
    assert [t for t, _ in page.tags].count("script") == 1
    for tag, attrs in page.tags:
        assert tag not in ("img", "svg")
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any((value or "").lower().lstrip().startswith("javascript:") for value in attrs.values())
    body = " ".join(page.text)
    for payload in ("<script>window.__pwned=1</script>", "<img src=x onerror=\"window.__pwned=2\">",
                    "\"'><svg onload=window.__pwned=4>", "{{ 7*7 }}"):
        assert payload in body, payload


def test_rendering_is_deterministic(scan_report) -> None:
    assert _render(scan_report) == _render(replace(scan_report))


def test_every_internal_link_has_a_target(scan_report) -> None:
    page = _parse(_render(scan_report))
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    links = [attrs["href"][1:] for tag, attrs in page.tags if tag == "a" and attrs.get("href")]
    assert "d1-f1" in links and "doc-2" in links  # scorecard -> finding, portfolio -> contract
    assert set(links) <= ids


def test_scorecard_links_to_the_finding_it_names(review_report) -> None:
    text = _render(review_report)
    assert '<a href="#d1-f1">Minimum share of traffic routed to one provider</a>' in text
    article = text[text.index('id="d1-f1"'):]
    heading = article[article.index("<h3"):article.index("</h3>")]
    assert heading.endswith("</span> Minimum share of traffic routed to one provider")
    assert "1 clause type of no risk to the buyer not shown" in text
    assert "clause type of no risk" not in _render(review_report, show_info=True)
