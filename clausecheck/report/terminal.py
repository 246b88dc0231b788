"""Terminal report with rich: verdict, key terms, findings by severity with quotes, checklist, summary table.

Contract text only ever enters rich as ``Text`` (never as markup), after control characters are removed, so a
contract cannot inject rich markup or terminal escape sequences. Without a terminal (or ``color=False``) the
output is plain text and matched words are marked with «guillemets» instead of colour.
"""

from __future__ import annotations

import io
import os
from typing import Any, TextIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from clausecheck.model import DocumentResult, FindingKind, Report
from clausecheck.report import terms, views

SEVERITY_STYLES = {"critical": "bold white on red", "high": "bold red", "medium": "bold yellow",
                   "low": "cyan", "info": "dim"}
STATUS_STYLES = {"pass": "green", "weak": "yellow", "fail": "bold red", "present": "green",
                 "missing": "bold red"}
VERDICT_STYLES = {"fail": "bold white on red", "review": "bold black on yellow",
                  "pass": "bold black on green"}


def render(report: Report, out: TextIO, *, show_info: bool = False, color: bool | None = None,
           width: int | None = None, mode: str | None = None, **_options: Any) -> None:
    """Write the terminal view; ``color=None`` detects a terminal (or FORCE_COLOR), ``False`` is plain."""
    if color is None and os.environ.get("FORCE_COLOR"):  # CI logs (GitHub Actions) render ANSI colour
        color = True
    plain = color is False or (color is None and not _isatty(out))
    buffer = io.StringIO()
    target: TextIO = buffer if plain else out
    console = Console(file=target, force_terminal=None if color is None else bool(color), no_color=plain,
                      color_system=None if plain else "auto", width=width or (100 if plain else None),
                      highlight=False, emoji=False, markup=False, soft_wrap=False)
    single = mode == "review" or (mode is None and len(report.results) == 1 and not report.skipped)
    if single and report.results:
        _document(console, report, report.results[0], show_info, plain, full=True)
    else:
        for result in report.results:
            _document(console, report, result, show_info, plain, full=False)
        _summary(console, report)
    if plain:  # rich pads grid cells to the column width; plain text and golden files want no trailing blanks
        out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _label(text: str, style: str, plain: bool) -> Text:
    return Text(f"[{text}]" if plain else f" {text} ", style="" if plain else style)


def _document(console: Console, report: Report, result: DocumentResult, show_info: bool, plain: bool,
              full: bool) -> None:
    verdict = views.verdict(result, report.fail_on)
    head = Text()
    head.append(views.one_line(result.path), style="bold")
    head.append(f"  {result.format}, {result.pages} page{'s' if result.pages != 1 else ''}")
    if full:
        head.append(f", sha256 {result.sha256[:12]}")
    console.print(head)
    line = Text("Verdict: ")
    line.append_text(_label(views.VERDICT_LABELS[verdict].upper(), VERDICT_STYLES[verdict], plain))
    line.append("  " + _counts_text(result))
    console.print(line)
    for warning in result.warnings:
        console.print(Text(f"warning: {views.one_line(warning)}", style="yellow"))
    if full:
        console.print()
        console.print(Text("Key terms", style="bold underline"))
        grid = Table.grid(padding=(0, 2))
        for label, value in terms.key_terms(result.facts):
            grid.add_row(Text(label, style="dim"), Text(value))
        console.print(Padding(grid, (0, 0, 0, 2), expand=False))
        console.print()
        console.print(Text("Scorecard", style="bold underline"))
        card = Table.grid(padding=(0, 2))
        for row in views.scorecard(result):
            status = Text(f"{views.STATUS_ICONS[row.status]} {views.STATUS_LABELS[row.status]}",
                          style="" if plain else STATUS_STYLES[row.status])
            card.add_row(Text(row.label), status, Text(row.why))
        console.print(Padding(card, (0, 0, 0, 2), expand=False))
    findings = views.visible(result.findings, show_info)
    ends_blank = False  # in full mode every finding ends with a blank line
    for severity in views.SEVERITIES_DESC:
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        if not ends_blank:
            console.print()
        console.print(Text(f"{severity.value.upper()} ({len(group)})", style=SEVERITY_STYLES[severity.value]))
        for finding in group:
            console.print(_finding(finding, plain, full))
        ends_blank = full
    hidden = views.hidden_info(result.findings, show_info)
    if hidden and full:
        if not ends_blank:
            console.print()
        console.print(Text(f"{hidden} info finding{'s' if hidden != 1 else ''} (clause types of no risk) "
                           "hidden; use --show-info to list them.", style="dim"))
        ends_blank = False
    if full:
        _checklist(console, report, result, plain, gap=not ends_blank)
    console.print()


def _counts_text(result: DocumentResult) -> str:
    counts = views.counts(result.findings)
    parts = [f"{n} {sev}" for sev, n in counts.items() if n and sev != "info"]
    suppressed = sum(1 for f in result.findings if not views.is_active(f))
    text = ", ".join(parts) or "no open findings"
    return text + (f" ({suppressed} suppressed)" if suppressed else "")


def _quote(finding: Any, plain: bool, limit: int | None) -> Text:
    text = Text("\u201c")
    for piece in views.segments(finding, limit=limit):
        if piece.mark:
            text.append(f"\u00ab{piece.text}\u00bb" if plain else piece.text,
                        style="" if plain else "bold underline yellow")
        else:
            text.append(piece.text)
    text.append("\u201d")
    return text


def _finding(finding: Any, plain: bool, full: bool) -> Group:
    head = Text()
    head.append_text(_label(finding.severity.value.upper(), SEVERITY_STYLES[finding.severity.value], plain))
    head.append(" ")
    head.append(views.one_line(finding.title), style="bold")
    head.append(f"  {finding.kind.value}")
    head.append(f" \u00b7 {views.location(finding)}", style="dim")
    if finding.suppression is not None:
        head.append(f"  [suppressed: {views.one_line(finding.suppression)}]", style="dim")
    parts: list[Any] = [Padding(head, (0, 0, 0, 2), expand=False)]  # wrapped lines stay indented
    if finding.excerpt:
        parts.append(Padding(_quote(finding, plain, None if full else 160), (0, 0, 0, 4), expand=False))
    elif finding.kind is FindingKind.MISSING:
        absent = Text("(no such clause in the contract)", style="dim")
        parts.append(Padding(absent, (0, 0, 0, 4), expand=False))
    if full:
        for label, body in (("Why: ", finding.explanation), ("Ask for: ", finding.recommendation)):
            if body:  # assemble, not Text(style=...).append: the label's style must not spill onto the body
                line = Text.assemble((label, "bold"), views.one_line(body))
                parts.append(Padding(line, (0, 0, 0, 4), expand=False))
        parts.append(Text(""))  # a blank line between findings
    return Group(*parts)


def _checklist(console: Console, report: Report, result: DocumentResult, plain: bool, gap: bool) -> None:
    items = views.checklist(report, result)
    if not items:
        return
    if gap:
        console.print()
    console.print(Text("Protections checklist", style="bold underline"))
    for item in items:
        line = Text("  ")
        line.append(f"{views.CHECK_ICONS[item.status]} {item.status:<8}", style="" if plain else
                    STATUS_STYLES[item.status])
        line.append(views.one_line(item.label))
        if item.suppressed:
            line.append("  (suppressed)", style="dim")
        console.print(line)


def _summary(console: Console, report: Report) -> None:
    table = Table(title="Summary", title_justify="left", box=box.SIMPLE_HEAD, expand=False, padding=(0, 1),
                  collapse_padding=True, show_edge=False, pad_edge=False)
    for name, justify in (("Contract", "left"), ("Verdict", "left"), ("Crit", "right"), ("High", "right"),
                          ("Med", "right"), ("Low", "right")):
        table.add_column(name, justify=justify, overflow="fold",  # type: ignore[arg-type]
                         no_wrap=name != "Contract", min_width=20 if name == "Contract" else None)
    for name in ("Term", "Excl.", "Port.", "Exit"):
        table.add_column(name, justify="left", no_wrap=True)
    for result in report.results:
        counts = views.counts(result.findings)
        statuses = views.pillar_statuses(result)
        verdict = views.verdict(result, report.fail_on)
        table.add_row(Text(views.one_line(result.path)), Text(views.VERDICT_LABELS[verdict]),
                      *(Text(str(counts[s])) for s in ("critical", "high", "medium", "low")),
                      *(Text(f"{views.STATUS_ICONS[statuses[p.value]]} {statuses[p.value]}")
                        for p, _ in views.SCORECARD_PILLARS))
    for skipped in report.skipped:
        table.add_row(Text(views.one_line(skipped.path)), Text("UNREADABLE"), *(Text("-") for _ in range(8)))
    console.print(table)
    for skipped in report.skipped:
        console.print(Text(f"could not read {views.one_line(skipped.path)}: {views.one_line(skipped.error)}"))
    verdict = views.overall_verdict(report)
    gate = report.fail_on.value if report.fail_on else "never"
    console.print(Text(f"Overall: {views.VERDICT_LABELS[verdict]} ({len(report.results)} reviewed, "
                       f"{len(report.skipped)} unreadable; fails on {gate} and above)", style="bold"))
