"""A contract whose pages could not all be read is never reported as clean."""

from __future__ import annotations

from clausecheck import gate
from clausecheck.model import DocumentResult, Facts, Report, Severity
from clausecheck.report import views


def _report(unread: tuple[int, ...]) -> Report:
    result = DocumentResult(path="c.pdf", format="pdf", sha256="0" * 64, pages=3, facts=Facts(),
                            unread_pages=unread)
    return Report(tool_version="t", rules_version="r", rules=(), results=(result,), fail_on=Severity.HIGH)


def test_fully_read_contract_without_findings_passes() -> None:
    report = _report(())
    assert views.verdict(report.results[0], report.fail_on) == "pass"
    assert gate.exit_code(report) == 0


def test_partly_read_contract_is_not_clean_and_exits_3() -> None:
    report = _report((2,))
    assert views.verdict(report.results[0], report.fail_on) == "review"
    assert gate.exit_code(report) == 3

