"""Markdown summary: golden files, and contract text that can never inject HTML, links or table cells."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from clausecheck.report import get
from clausecheck.report.templating import escape_markdown


def _render(report, **options) -> str:
    out = io.StringIO()
    get("markdown")(report, out, **options)
    return out.getvalue()


def test_scan_golden(scan_report, golden) -> None:
    text = _render(scan_report, mode="scan")
    golden("summary_scan.md", text)
    assert text.startswith("### \u274c clausecheck: Red flags\n")
    assert "| contracts/nimbus-msa.pdf | \u274c Red flags | 1 | 3 | 2 | 0 |" in text
    assert "contracts/scanned.pdf: no text layer" in text


def test_review_golden(review_report, golden) -> None:
    text = _render(review_report, mode="review")
    golden("summary_review.md", text)
    row = ("| Exclusivity &amp; minimum share | \u274c fail "
           "| Minimum share of traffic routed to one provider |")
    assert row in text


def test_top_findings_then_details(scan_report) -> None:
    text = _render(scan_report, top=2)
    top, _, rest = text.partition("<details><summary>7 more findings</summary>")
    assert "**CRITICAL** Minimum share of traffic" in top and "**HIGH** Customer may terminate" in top
    assert "Initial term longer than policy" not in top and "Initial term longer than policy" in rest
    assert "1 suppressed finding" in rest and "waiver\\: accepted by procurement" in rest


def test_hostile_text_cannot_inject(hostile_report) -> None:
    text = _render(hostile_report)
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "](javascript" not in text and "](" not in text
    assert "javascript:" not in text  # the colon is escaped, so nothing autolinks
    assert "[bold red]" not in text and "@admin" not in text and "$x$" not in text
    # every table row keeps exactly its columns: no unescaped | from contract text or file names
    for line in text.splitlines():
        if line.startswith("| "):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) in (5, 12), line
    assert "&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;" in text


def test_escape_markdown_table_and_links() -> None:
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert escape_markdown("line\n# heading\n- item") == "line \\# heading - item"
    assert escape_markdown("`code` <b>&") == "\\`code\\` &lt;b&gt;&amp;"


def test_long_lists_are_capped(scan_report) -> None:
    doc = scan_report.results[0]
    many = tuple(replace(doc.findings[0], fingerprint=f"x:{i}") for i in range(300))
    text = _render(replace(scan_report, results=(replace(doc, findings=many),), skipped=()))
    assert "and 90 more: see the HTML or SARIF report" in text
    assert len(text) < 65536


def test_big_portfolio_fits_a_github_comment(scan_report) -> None:
    docs = tuple(replace(scan_report.results[i % 2], path=f"contracts/vendor-{i:03}.txt") for i in range(300))
    text = _render(replace(scan_report, results=docs))
    assert len(text) <= 60_000
    assert "contracts reviewed" in text and "300 contracts" in text.replace("Showing", "")
    assert re.search(r"Showing \d+ of 300 contracts \(those needing attention first\)", text)
    assert "| contracts/vendor-000.txt |" in text
    assert text.rstrip().endswith("</sub>")


def _to_html(markdown: str) -> str:
    from markdown_it import MarkdownIt  # a dependency of rich; html=True passes raw HTML, like GitHub

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(markdown)


def test_rendered_markdown_has_only_our_markup(hostile_report) -> None:
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[tuple[str, dict]] = []
            self.text = ""

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text += data

    parsed = Tags()
    parsed.feed(_to_html(_render(hostile_report, quote_chars=1000)))
    allowed = {"h3", "h4", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
               "blockquote", "details", "summary", "sub"}
    assert {tag for tag, _ in parsed.tags} <= allowed
    assert all(not attrs or set(attrs) == {"style"} for _, attrs in parsed.tags)  # table alignment only
    for payload in ("<script>window.__pwned=1</script>", "[click](javascript:window.__pwned=3)",
                    "\"'><svg onload=window.__pwned=4>", "$x$", "@admin", "| pipe `tick`"):
        assert payload in parsed.text, payload


def test_rendered_tables_keep_their_columns(scan_report) -> None:
    html = _to_html(_render(scan_report))
    table = html[html.index("<table>"):html.index("</table>")]
    rows = table.split("<tr>")[1:]
    assert len(rows) == 3
    assert {row.count("<td") + row.count("<th") for row in rows} == {10}
    assert "<td>contracts/Acme &amp; Sons order form.txt</td>" in table
