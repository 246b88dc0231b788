"""``clausecheck review`` and ``clausecheck extract``: one contract at a time."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer

from clausecheck.cli.settings import settings_from
from clausecheck.errors import ConfigError
from clausecheck.model import Severity
from clausecheck.policy import Policy

FORMATS = ("terminal", "json", "html", "sarif", "markdown", "junit", "gitlab")


def parse_fail_on(value: str) -> Severity | None:
    """``never`` -> None, otherwise a Severity; anything else is a usage error."""
    if value == "never":
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"invalid --fail-on {value!r}",
                          hint="use info, low, medium, high, critical or never") from None


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Validate an option against its choices with a one-line usage error."""
    if value not in choices:
        raise ConfigError(f"invalid {name} {value!r}", hint="choose one of " + ", ".join(choices))
    return value


def now_iso() -> str:
    """The analysis timestamp, injected at the CLI edge so that reports are otherwise deterministic."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def build_policy(fail_on: str | None, pdf_engine: str | None, rules: list[Path] | None,
                 config: Path | None, start: Path) -> tuple[Policy, Path]:
    """Effective policy (defaults, then the closest config file, then flags) and the repository root."""
    settings = settings_from([str(start)], config, fail_on=fail_on, pdf_engine=pdf_engine, rules=rules)
    return settings.policy, settings.root


def register(app: typer.Typer) -> None:
    """Add ``review`` and ``extract`` to the app."""

    @app.command()
    def review(
        file: Path = typer.Argument(..., help="Contract to review (.pdf, .docx, .txt, .md)."),
        format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, html, sarif, "
                                   "markdown, junit or gitlab."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here."),
        fail_on: str | None = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at or "
                                              "above: info, low, medium, high, critical or never "
                                              "[default: high]."),
        pdf_engine: str | None = typer.Option(None, "--pdf-engine", help="auto, pdfium or pypdf."),
        rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule folder (repeatable)."),
        config: Path | None = typer.Option(None, "--config", help="Config file to use."),
        show_info: bool = typer.Option(False, "--show-info", help="Also show info findings."),
    ) -> None:
        """Review one contract and report its lock-in red flags."""
        check_choice("--format", format, FORMATS)
        policy, root = build_policy(fail_on, pdf_engine, rules, config, file.parent)

        from clausecheck import __version__, engine, gate, pipeline, report
        from clausecheck.model import Report
        from clausecheck.output import emit

        ruleset = engine.load_ruleset(policy)
        result = pipeline.review(file, policy, ruleset=ruleset, display_path=str(file))
        rep = Report(tool_version=__version__, rules_version=ruleset.digest, rules=ruleset.rules,
                     results=(result,), generated_at=now_iso(), fail_on=policy.fail_on)
        render = report.get(format)
        emit(lambda out: render(rep, out, show_info=show_info, mode="review",
                                      repo_root=str(root)), output, inputs=[file])
        raise typer.Exit(gate.exit_code(rep))

    @app.command()
    def extract(
        file: Path = typer.Argument(..., help="Contract to read (.pdf, .docx, .txt, .md)."),
        format: str = typer.Option("terminal", "--format", "-f", help="terminal or json."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write here."),
        pdf_engine: str = typer.Option("auto", "--pdf-engine", help="auto, pdfium or pypdf."),
        text: bool = typer.Option(False, "--text", help="Include each clause's full text."),
    ) -> None:
        """Show how a contract is read: its clauses with number, heading and page."""
        from clausecheck import isolation, segment
        from clausecheck.output import emit
        from clausecheck.policy import Policy

        check_choice("--format", format, ("terminal", "json"))
        from clausecheck.config_keys import PDF_ENGINES

        policy = Policy(pdf_engine=check_choice("--pdf-engine", pdf_engine, PDF_ENGINES))
        document = isolation.load_isolated(file, policy)
        clauses = segment.split(document)
        if format == "json":
            emit(lambda out: _extract_json(document, clauses, text, out), output, inputs=[file])
        else:
            emit(lambda out: _extract_terminal(document, clauses, text, out), output, inputs=[file])


def _extract_json(document: object, clauses: list, with_text: bool, out: object) -> None:
    data = {
        "document": {"path": document.path, "format": document.format, "sha256": document.sha256,
                     "pages": document.pages, "encoding": document.encoding,
                     "warnings": list(document.warnings)},
        "clauses": [
            {"index": c.index, "number": c.number, "heading": c.heading, "kind": c.kind, "level": c.level,
             "page": c.span.page, "start": c.span.start, "end": c.span.end,
             "line": document.line_at(c.span.start),
             **({"text": c.text} if with_text else {"preview": c.text[:120]})}
            for c in clauses
        ],
    }
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _extract_terminal(document: object, clauses: list, with_text: bool, out: object) -> None:
    out.write(f"{document.path}: {document.format}, {document.pages} page(s), {len(clauses)} clauses\n")
    for warning in document.warnings:
        out.write(f"warning: {warning}\n")
    for c in clauses:
        page = f"p.{c.span.page}" if c.span.page else "-"
        number = c.number or "-"
        heading = c.heading or ""
        body = c.text if with_text else " ".join(c.text.split())[:100]
        out.write(f"{page:>6}  {number:<10} {heading[:40]:<40} {body}\n")
