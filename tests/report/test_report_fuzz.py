"""Property tests: whatever text a contract or file name holds, HTML and Markdown gain no markup from it."""

from __future__ import annotations

import io
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import make_report

from clausecheck.report import get

# characters that matter to HTML, Markdown, jinja2 and rich, mixed with ordinary text
PIECES = [*"<>&\"'`=/\\|[]()!*_~#$@:{}%-+. \nabcjsvgimrtpo", "javascript:", "<script>", "onerror=", "{{",
          "{%", "](", "\u202e", "\x1b[31m"]
NASTY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))


def _tags(html: str) -> list[tuple[str, tuple[str, ...]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _with_text(text: str):
    report = make_report()
    doc = report.results[0]
    findings = tuple(replace(f, excerpt=text + f.excerpt, heading=text or None, section=text or None)
                     for f in doc.findings)
    return replace(report, results=(replace(doc, path=f"contracts/{text}.pdf", findings=findings),) +
                   report.results[1:])


def _render(fmt: str, report) -> str:
    out = io.StringIO()
    get(fmt)(report, out, mode="scan")
    return out.getvalue()


BASELINE_HTML = sorted(set(_tags(_render("html", make_report()))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_html_structure_never_depends_on_contract_text(text: str) -> None:
    assert sorted(set(_tags(_render("html", _with_text(text))))) == BASELINE_HTML


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_markdown_never_gains_markup_from_contract_text(text: str) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(
        _render("markdown", _with_text(text)))
    allowed = {"h3", "h4", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
               "blockquote", "details", "summary", "sub"}
    tags = _tags(html)
    assert {tag for tag, _ in tags} <= allowed
    assert all(attrs in ((), ("style",)) for _, attrs in tags)
