"""Derived views shared by the reporters; every format on edge cases (empty, clean, unreadable only)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest
from report_fixtures import RULES, finding

from clausecheck.model import DocumentResult, Facts, FindingKind, Report, Severity, Skipped
from clausecheck.report import REPORTERS, get, terms, views


def test_segments_merge_overlaps_and_drop_bad_offsets() -> None:
    f = replace(finding("term.auto-renewal", "shall automatically renew for twelve months"),
                highlights=((6, 19), (10, 25), (100, 120), (5, 5)))
    pieces = views.segments(f)
    assert [(p.text, p.mark) for p in pieces] == [("shall ", False), ("automatically renew", True),
                                                  (" for twelve months", False)]


def test_segments_shorten_around_first_highlight_at_word_boundaries() -> None:
    text = " ".join(f"word{i}" for i in range(60)) + " HIT " + " ".join(f"tail{i}" for i in range(60))
    f = replace(finding("term.auto-renewal", text), highlights=((text.index("HIT"), text.index("HIT") + 3),))
    pieces = views.segments(f, limit=80)
    joined = "".join(p.text for p in pieces)
    assert joined.startswith("\u2026") and joined.endswith("\u2026") and "HIT" in joined
    assert len(joined) <= 82
    assert re.fullmatch(r"\u2026(word\d+ )+HIT( tail\d+)+\u2026", joined), joined


def test_clean_removes_terminal_escapes_and_bidi_overrides() -> None:
    assert views.clean("a\x1b[31mb\u202ec\x07d\te") == "a [31mbc d e"
    assert views.one_line("end of page\x0cNext page\u200b") == "end of page Next page"


def test_verdict_and_scorecard_rules() -> None:
    def doc(*findings) -> DocumentResult:
        return DocumentResult(path="x.txt", format="txt", sha256="0" * 64, pages=1, facts=Facts(),
                              findings=findings)

    risk = finding("term.auto-renewal", "renews automatically", start=0)
    assert views.verdict(doc(risk), Severity.HIGH) == "review"
    assert views.verdict(doc(risk), Severity.MEDIUM) == "fail"
    assert views.verdict(doc(risk), None) == "review"
    assert views.verdict(doc(replace(risk, suppression="baseline")), Severity.MEDIUM) == "pass"
    info = finding("exclusivity.provider-exclusive", "x", start=0)
    assert views.verdict(doc(info), Severity.LOW) == "pass"
    assert views.verdict(doc(info), Severity.INFO) == "fail"  # --fail-on info gates on everything, as the CLI
    statuses = views.pillar_statuses(doc(risk, finding("portability.data-export", "may", start=5,
                                                       kind=FindingKind.WEAK)))
    assert statuses == {"term": "fail", "exclusivity": "pass", "portability": "weak", "exit": "pass"}
    low = views.scorecard(doc(replace(risk, severity=Severity.LOW)))[0]
    assert (low.status, low.why) == ("weak", "Automatic renewal")
    accepted = views.scorecard(doc(replace(risk, suppression="baseline")))[0]
    assert (accepted.status, accepted.why) == ("pass", "No open issues found (1 accepted risk)")


def test_verdict_agrees_with_the_ci_gate(scan_report) -> None:
    gate = pytest.importorskip("clausecheck.gate")
    for fail_on in (*Severity, None):
        report = replace(scan_report, fail_on=fail_on)
        failing = {path for path, _, _ in gate.gating(report)}
        assert {r.path for r in report.results if views.verdict(r, fail_on) == "fail"} == failing


def test_checklist_lists_every_protection_rule(scan_report) -> None:
    items = views.checklist(scan_report, scan_report.results[1])
    assert [(i.rule_id, i.status) for i in items] == [
        ("portability.onnx-export", "present"), ("portability.data-export", "weak"),
        ("exit.termination-for-convenience", "present"), ("exit.transition-assistance", "missing")]


def test_key_terms_format_values() -> None:
    rows = dict(terms.key_terms(Facts(minimum_commitment_amount=2500000.5, minimum_commitment_currency="EUR",
                                      minimum_share_percent=12.5, termination_for_convenience_by="either",
                                      termination_for_convenience_notice_days=1, earliest_exit_months=1)))
    assert rows["Minimum commitment"] == "EUR 2,500,000.5"
    assert rows["Minimum share of traffic"] == "12.5%"
    assert rows["Termination for convenience"] == "Either, 1 day's notice"
    assert rows["Earliest penalty-free exit"] == "1 month after the effective date"
    assert rows["Initial term"] == "Not stated" and rows["Notice deadline"] == "Not determined"


def _edge_reports() -> dict[str, Report]:
    clean = DocumentResult(path="clean.txt", format="txt", sha256="c" * 64, pages=1, facts=Facts())
    return {
        "clean": Report(tool_version="0.1.0", rules_version="r", rules=RULES, results=(clean,)),
        "unreadable-only": Report(tool_version="0.1.0", rules_version="r", rules=RULES,
                                  skipped=(Skipped(path="a.pdf", error="encrypted"),)),
        "empty": Report(tool_version="0.1.0", rules_version="r", rules=()),
    }


@pytest.mark.parametrize("case", sorted(_edge_reports()))
@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_edge_cases(fmt: str, case: str) -> None:
    report = _edge_reports()[case]
    out = io.StringIO()
    get(fmt)(report, out, mode="scan", show_info=False, repo_root=None, color=False)
    text = out.getvalue()
    assert text.strip()
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(text)
    if case == "clean" and fmt in ("terminal", "markdown", "html"):
        assert "No red flags" in text


def test_unknown_format_is_a_config_error() -> None:
    from clausecheck.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown report format 'pdf'"):
        get("pdf")


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_html_colours_meet_wcag_aa() -> None:
    from clausecheck.resources import data_dir

    css = (data_dir("templates") / "report.css").read_text(encoding="utf-8")
    colour = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", css))
    pairs = [("#ffffff", colour[s]) for s in ("critical", "high", "medium", "low", "info")]
    pairs += [(colour[f"{s}-bg"], colour[f"{s}-ink"]) for s in ("pass", "weak", "fail")]
    pairs += [(colour["paper"], colour["ink"]), (colour["paper"], colour["muted"]),
              (colour["soft"], colour["muted"]),
              (colour["mark"], colour["ink"])]
    for background, ink in pairs:
        assert _contrast(background, ink) >= 4.5, (background, ink, round(_contrast(background, ink), 2))
