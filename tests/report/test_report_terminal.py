"""Terminal report: golden plain text, colour only on request, and no markup or escape injection."""

from __future__ import annotations

import io
from dataclasses import replace

from clausecheck.report import get


def _render(report, **options) -> str:
    out = io.StringIO()
    get("terminal")(report, out, **options)
    return out.getvalue()


def test_review_golden(review_report, golden) -> None:
    text = _render(review_report, mode="review", color=False)
    golden("terminal_review.txt", text)
    assert "\x1b" not in text
    assert text.splitlines()[1] == "Verdict: [RED FLAGS]  1 critical, 3 high, 2 medium (1 suppressed)"
    assert "  Initial term                 36 months" in text
    assert "«thirty-six (36) months»" in text
    assert "  \u2716 missing ONNX export of models" in text
    assert "  \u2714 present Transition assistance" in text


def test_scan_golden(scan_report, golden) -> None:
    text = _render(scan_report, mode="scan", color=False)
    golden("terminal_scan.txt", text)
    assert "Summary" in text and "UNREADABLE" in text
    assert text.rstrip().endswith("Overall: Red flags (2 reviewed, 1 unreadable; fails on high and above)")
    assert all(line == line.rstrip() for line in text.splitlines())


def test_info_hidden_unless_asked(review_report) -> None:
    assert "Exclusivity binding only the provider" not in _render(review_report, color=False)
    shown = _render(review_report, color=False, show_info=True)
    assert "INFO (1)" in shown and "Exclusivity binding only the provider" in shown


def test_not_a_tty_means_plain(review_report, monkeypatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in _render(review_report)  # StringIO is not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in _render(review_report)
    assert "\x1b[" not in _render(review_report, color=False)
    assert "\x1b[" in _render(review_report, color=True)


def test_contract_text_cannot_inject_markup_or_escapes(hostile_report) -> None:
    doc = hostile_report.results[0]
    nasty = doc.findings[0].excerpt + "\x1b]0;owned\x07\x1b[2J\u202e"
    nasty_finding = replace(doc.findings[0], excerpt=nasty)
    report = replace(hostile_report, results=(replace(doc, findings=(nasty_finding,)),))
    for color in (True, False):
        text = _render(report, color=color, mode="review", width=400)
        assert "[bold red]markup[/]" in text  # shown literally, not interpreted
        assert "\x1b]0;owned" not in text and "\x1b[2J" not in text and "\u202e" not in text
