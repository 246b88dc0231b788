"""What ``scan`` tells the user on stderr besides the report: progress while reviewing, notes after it."""

from __future__ import annotations

import sys
from typing import Any


def progress() -> Any:
    """A progress callback: a rich bar on a terminal, plain lines otherwise (CI logs)."""
    state: dict[str, Any] = {}

    def on_done(done: int, total: int, target: Any, outcome: Any, cached: bool) -> None:
        if not sys.stderr.isatty():
            if hasattr(outcome, "error"):
                what = f"unreadable: {outcome.error}"
            else:  # info findings (neutral clause types) are not worth a count here
                count = sum(1 for f in outcome.findings if f.kind.value != "info")
                what = f"{count} finding(s)" + (" (cached)" if cached else "")
            sys.stderr.write(f"[{done}/{total}] {target.rel}: {what}\n")
            return
        if "bar" not in state:  # created on first result, after the workers were forked
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            state["bar"] = Progress(TextColumn("reviewing"), BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), TextColumn("{task.description}"),
                                    console=Console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task("", total=total)
        state["bar"].update(state["task"], completed=done, description=target.rel[-50:])
        if done == total:
            state["bar"].stop()

    return on_done


def notes(outcome: Any, quiet: bool, *, terminal_shown: bool) -> list[str]:
    """What the gate tells the user besides the report: unreadable files, stale waivers, the verdict."""
    from clausecheck import gate

    report = outcome.report
    lines = [] if terminal_shown else [f"error: {s.path}: {s.error}" for s in report.skipped]
    waived = outcome.waivers
    if waived is not None:
        lines += [f"warning: {w.label()} expired on {w.expires.isoformat()}; its findings are open again"
                  for w in waived.expired]
        if not quiet:
            lines += [f"note: {w.label()} matched no finding; remove it if the risk is gone"
                      for w in waived.unused]
    if quiet:
        return lines
    findings = [f for r in report.results for f in r.findings]
    suppressed = [f for f in findings if f.suppression]
    base = sum(1 for f in suppressed if f.suppression == "baseline")
    threshold = report.fail_on.value if report.fail_on else "never"
    lines.append(f"clausecheck: {len(report.results)} contract(s) reviewed, {len(report.skipped)} "
                 f"unreadable; {len(gate.gating(report))} finding(s) at or above {threshold}; "
                 f"{len(suppressed)} suppressed "
                 f"({base} baseline, {len(suppressed) - base} waiver)")
    return lines
