"""``clausecheck rules list|show|test``: inspect the rule pack and run rules' own examples."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

rules_app = typer.Typer(help="List, show and test rules (the shipped pack plus --rules DIR).", no_args_is_help=True)


def _ruleset(rules: list[Path] | None, shipped: bool = True) -> object:
    from clausecheck.engine import load_ruleset
    from clausecheck.policy import Policy

    return load_ruleset(Policy(), dirs=[str(p) for p in rules or []], shipped=shipped)


@rules_app.command("list")
def list_rules(
    rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule directory (repeatable)."),
) -> None:
    """One line per rule: id, kind, severity, pillar, title."""
    ruleset = _ruleset(rules)
    for rule in ruleset.rules:  # type: ignore[attr-defined]
        typer.echo(f"{rule.id:45} {rule.kind.value:10} {rule.severity.value:8} {rule.pillar.value:12} {rule.title}")


@rules_app.command("show")
def show_rule(
    rule_id: str = typer.Argument(..., metavar="ID", help="Rule id, e.g. term.auto-renewal."),
    rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule directory (repeatable)."),
) -> None:
    """Everything about one rule: rationale, recommendation, labels, references, examples, source file."""
    from clausecheck.errors import ConfigError

    ruleset = _ruleset(rules)
    found = [r for r in ruleset.rules if r.id == rule_id]  # type: ignore[attr-defined]
    if not found:
        raise ConfigError(f"unknown rule id {rule_id!r}", "see 'clausecheck rules list'")
    rule = found[0]
    lines = [f"{rule.id}: {rule.title}", f"  kind: {rule.kind.value}   severity: {rule.severity.value}   "
             f"pillar: {rule.pillar.value}", f"  source: {rule.source}", "", "Rationale:", f"  {rule.rationale}",
             "", "Recommendation:", f"  {rule.recommendation}"]
    if rule.labels:
        lines += ["", "Labels: " + ", ".join(rule.labels)]
    requires = rule.match.get("_requires_rules")
    if requires:
        lines += ["", "Reported only where the document also has a finding of: " + ", ".join(requires)]
    if rule.references:
        lines += ["", "References:"] + [f"  - {ref}" for ref in rule.references]
    lines += ["", "Examples:"]
    lines += [f"  {'flag' if e.flag else 'pass'}{'/' + e.kind if e.kind else ''}: {e.text}" for e in rule.examples]
    typer.echo("\n".join(lines))


@rules_app.command("test")
def test_rules(
    directory: Path | None = typer.Argument(None, metavar="[DIR]",
                                               help="Rule pack to test (default: the shipped pack)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List passing examples too."),
    with_shipped: bool = typer.Option(
        False, "--with-shipped",
        help="Load DIR on top of the shipped pack, as 'review --rules DIR' does (for rules that override or "
             "'requires' a shipped rule); only DIR's rules' examples run."),
) -> None:
    """Run every rule's flag/pass examples. Exit 0 all pass, 1 some fail, 2 invalid rules."""
    from clausecheck.engine import examples
    from clausecheck.errors import RuleError

    try:
        only = _pack_ids(directory) if with_shipped and directory else None
        ruleset = _ruleset([directory] if directory else None, shipped=directory is None or with_shipped)
    except RuleError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"error: {problem}\n")
        if directory and not with_shipped and any("unknown rule id" in p for p in exc.problems):
            sys.stderr.write("hint: a rule requires or overrides a shipped rule: test the pack with --with-shipped\n")
        raise typer.Exit(2) from None
    results = examples.run(ruleset, only=only)  # type: ignore[arg-type]
    failed = [r for r in results if not r.ok]
    for result in results:
        if verbose or not result.ok:
            typer.echo(f"{'ok  ' if result.ok else 'FAIL'} {result.name}: {result.detail}")
            if not result.ok:
                typer.echo(f"     text: {result.example.text}")
    count = len(only) if only is not None else len(ruleset.rules)  # type: ignore[attr-defined]
    typer.echo(f"{len(results) - len(failed)} of {len(results)} examples pass ({count} rules)")
    raise typer.Exit(1 if failed else 0)


def _pack_ids(directory: Path) -> frozenset[str]:
    """Ids of the rules in one pack directory (its problems raised as a RuleError)."""
    from clausecheck.engine import loader

    rules, problems, _ = loader.load_pack(directory)
    loader.raise_problems(problems)
    return frozenset(r.id for r in rules)


def register(app: typer.Typer) -> None:
    """Add the ``rules`` command group."""
    app.add_typer(rules_app, name="rules")
