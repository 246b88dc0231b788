"""``clausecheck schema rule|report``: print the published JSON Schemas."""

from __future__ import annotations

import json

import typer

schema_app = typer.Typer(help="Print JSON Schemas for rule files and the JSON report.", no_args_is_help=True)


@schema_app.command("rule")
def rule_schema() -> None:
    """JSON Schema of a rule file (YAML rule files validate against it)."""
    from clausecheck.engine.schema import RULE_SCHEMA

    typer.echo(json.dumps(RULE_SCHEMA, indent=2, ensure_ascii=False))


@schema_app.command("report")
def report_schema() -> None:
    """JSON Schema of ``--format json`` output."""
    from importlib import resources

    from clausecheck.errors import ClausecheckError

    try:
        text = resources.files("clausecheck.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ClausecheckError("the report schema is missing from this installation", str(exc)) from None
    typer.echo(text.rstrip("\n"))


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command group."""
    app.add_typer(schema_app, name="schema")
