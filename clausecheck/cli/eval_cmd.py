"""``clausecheck eval``: measured accuracy of the rules on a lawyer-labelled corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import typer

EVAL_FORMATS = ("terminal", "json", "markdown")


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the app."""

    @app.command("eval")
    def eval_command(
        labels: Path = typer.Argument(..., help="Labels file (JSONL, one labelled contract a line; "
                                      "see docs/labels-format.md)."),
        rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule folder (repeatable)."),
        pdf: bool = typer.Option(False, "--pdf", help="Review each contract's PDF where the labels "
                                 "give one."),
        format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write the figures here."),
        show_errors: bool = typer.Option(False, "--show-errors", help="List every false positive and "
                                         "false negative with its excerpt."),
        jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes "
                                           "[default: CPU count]."),
        config: Path | None = typer.Option(None, "--config", help="Config file to use."),
        category: list[str] | None = typer.Option(None, "--category", help="Score only this CUAD "
                                                     "category (repeatable), e.g. 'Renewal Term'."),
    ) -> None:
        """Score the rules against labelled contracts: per-category P/R/F1, clause overlap, extraction.

        Exit codes: 0 figures produced (contracts that cannot be read are listed, not fatal);
        2 bad labels file, options or rules; 3 when no contract at all could be reviewed.
        """
        from clausecheck.cli.review_cmd import build_policy, check_choice

        check_choice("--format", format, EVAL_FORMATS)
        policy, _root = build_policy(None, None, rules, config, labels.parent)

        from clausecheck.evaluate import evaluate, to_dict, to_markdown
        from clausecheck.output import emit

        result = evaluate(labels, policy, use_pdf=pdf, jobs=jobs,  # type: ignore[arg-type]
                          only=tuple(category or ()), progress=_progress if sys.stderr.isatty() else None)
        if format == "json":
            def render(out: TextIO) -> None:
                out.write(json.dumps(to_dict(result, show_errors=show_errors), indent=2,
                                     ensure_ascii=False) + "\n")
        elif format == "markdown":
            def render(out: TextIO) -> None:
                out.write(to_markdown(result, show_errors=show_errors))
        else:
            def render(out: TextIO) -> None:
                _terminal(result, show_errors, out)
        emit(render, output, inputs=[labels])
        raise typer.Exit(3 if result.contracts and not result.reviewed else 0)


def _progress(done: int, total: int) -> None:
    # Only on an interactive stderr: a 2-3 minute run should not look hung, logs should stay clean.
    sys.stderr.write(f"\rreviewed {done}/{total} contracts" + ("\n" if done == total else ""))
    sys.stderr.flush()


def _terminal(result: Any, show_errors: bool, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    from clausecheck.evaluate import render as fmt

    console = Console(file=out, width=140, highlight=False, soft_wrap=False)
    for title, header, rows in (
        ("Clause categories (document level, then clause overlap)", fmt.CATEGORY_HEADER,
         fmt.category_rows(result)),
        ("Extracted facts", fmt.EXTRACTION_HEADER, fmt.extraction_rows(result)),
        ("Per rule", fmt.RULE_HEADER, fmt.rule_rows(result)),
    ):
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for name in header:
            table.add_column(name, justify="left" if name in fmt.NAME_COLUMNS else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    console.print(fmt.summary_line(result))
    for cid, why in result.skipped:
        console.print(f"  could not review {cid}: {fmt.shorten(why, 200)}", markup=False)
    for warning in result.warnings:
        console.print(f"  warning: {warning}", markup=False)
    if show_errors:
        for e in result.errors:
            rule = f" [{e.rule_id}]" if e.rule_id else ""
            console.print(f"{e.category} {e.level} {e.kind}{rule} {e.contract}: {fmt.shorten(e.text)}",
                          markup=False)
