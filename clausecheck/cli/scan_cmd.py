"""``scan``, ``baseline create|update``, ``config show``, ``init`` and ``merge``: the CI gate commands."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import typer

from clausecheck.cli.scan_feedback import notes, progress
from clausecheck.cli.settings import settings_from
from clausecheck.errors import ConfigError

FAIL_ON = typer.Option(None, "--fail-on", help="Exit 1 on unsuppressed findings at or above: info, low, "
                       "medium, high, critical or never [default: high, or the config's fail-on].")
JOBS = typer.Option(None, "--jobs", "-j", help="Worker processes [default: CPU count].")
INCLUDE = typer.Option(None, "--include", help="Only scan paths matching this glob (repeatable).")
EXCLUDE = typer.Option(None, "--exclude", help="Never scan paths matching this glob (repeatable).")
RULES = typer.Option(None, "--rules", help="Extra rule folder, after the config's (repeatable).")
CONFIG = typer.Option(None, "--config", help="Config file [default: closest .clausecheck.toml, "
                      "clausecheck.toml or pyproject.toml with [tool.clausecheck]].")
BASELINE = typer.Option(None, "--baseline",
                        help="Baseline file [default: <repo>/.clausecheck-baseline.json].")
WAIVERS = typer.Option(None, "--waivers", help="Waivers file [default: <repo>/.clausecheck-waivers.toml "
                       "(or .yaml/.yml)].")
NO_CACHE = typer.Option(False, "--no-cache", help="Review every contract again, ignoring the cache.")
PDF_ENGINE = typer.Option(None, "--pdf-engine", help="auto, pdfium or pypdf.")
PATHS = typer.Argument(None, help="Files, folders or globs [default: .].")
FORMATS = typer.Option(None, "--format", "-f", help="terminal, json, html, sarif, markdown, junit or gitlab "
                       "(repeatable; pairs in order with --output).")
OUTPUTS = typer.Option(None, "--output", "-o", help="Where the matching --format goes ('-' = stdout); "
                       "without --format, the extension picks it (.json .sarif .md .html .xml).")


_BY_SUFFIX = {".json": "json", ".sarif": "sarif", ".md": "markdown", ".html": "html", ".htm": "html",
              ".xml": "junit", ".txt": "terminal"}


def plan_outputs(formats: list[str] | None, outputs: list[str] | None) -> list[tuple[str, str | None]]:
    """(format, path or None for stdout) pairs; outputs pair with formats in order, at most one on stdout."""
    from clausecheck.report import REPORTERS

    outputs = outputs or []
    # no --format: each output's extension says it (report.sarif, summary.md...), else terminal
    formats = formats or [_BY_SUFFIX.get(Path(o).suffix.lower(), "terminal") for o in outputs] or ["terminal"]
    if len(outputs) > len(formats):
        raise ConfigError("more --output than --format options", hint="give one --format per --output")
    for name in formats:
        if name not in REPORTERS:
            raise ConfigError(f"unknown report format {name!r}", hint="choose one of " + ", ".join(REPORTERS))
    if len(outputs) == len(formats) - 1 and formats.count("terminal") == 1:
        # `-f terminal -f sarif -o r.sarif`: the terminal view is the one meant for stdout
        outputs = list(outputs)
        outputs.insert(formats.index("terminal"), "-")
    plan = [(f, None if i >= len(outputs) or outputs[i] == "-" else outputs[i])
            for i, f in enumerate(formats)]
    if sum(1 for _, out in plan if out is None) > 1:
        raise ConfigError("only one --format can go to stdout", hint="give the others an --output file")
    return plan


def write_reports(report: Any, plan: list[tuple[str, str | None]], *, inputs: list[Path], quiet: bool,
                  **options: Any) -> None:
    """Render and atomically write every file first, then render to stdout (straight to it, so a
    terminal keeps its colours)."""
    from clausecheck import report as reporters
    from clausecheck.output import guard, write_atomic

    files = [(name, Path(out)) for name, out in plan if out is not None]
    to_stdout = [name for name, out in plan if out is None]
    if not to_stdout and not quiet:
        to_stdout = ["terminal"]  # files only: still show the verdict in the CI log
    rendered = []
    for name, path in files:
        guard(path, inputs)
        buffer = io.StringIO()
        reporters.get(name)(report, buffer, mode="scan", **options)
        rendered.append((path, buffer.getvalue()))
    for path, text in rendered:
        write_atomic(path, text)
    for name in to_stdout:
        reporters.get(name)(report, sys.stdout, mode="scan", **options)
        sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the CI gate commands to the app."""
    baseline_app = typer.Typer(help="Accept today's findings so the gate fails only on new ones.",
                               no_args_is_help=True)
    config_app = typer.Typer(help="Inspect the effective configuration.", no_args_is_help=True)
    app.add_typer(baseline_app, name="baseline")
    app.add_typer(config_app, name="config")

    @app.command()
    def scan(
        paths: list[str] | None = PATHS, format: list[str] | None = FORMATS,
        output: list[str] | None = OUTPUTS, fail_on: str | None = FAIL_ON,
        jobs: int | None = JOBS, include: list[str] | None = INCLUDE,
        exclude: list[str] | None = EXCLUDE, rules: list[Path] | None = RULES,
        config: Path | None = CONFIG, baseline: Path | None = BASELINE,
        no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore the baseline file."),
        waivers: Path | None = WAIVERS,
        changed_since: str | None = typer.Option(None, "--changed-since", help="Only contracts changed "
                                                    "since this git ref (renames followed, plus untracked)."),
        shard: str | None = typer.Option(None, "--shard", help="Only shard I of N (1-based), e.g. 2/4, "
                                            "split by a stable hash of the path."),
        no_cache: bool = NO_CACHE, pdf_engine: str | None = PDF_ENGINE,
        show_info: bool = typer.Option(False, "--show-info", help="Also show info findings."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no notes; errors only."),
    ) -> None:
        """Review every contract under PATHS and fail on new red flags (exit 0/1/2/3)."""
        from clausecheck import discover, gate
        from clausecheck.cli.review_cmd import now_iso

        plan = plan_outputs(format, output)
        settings = settings_from(paths, config, fail_on=fail_on, jobs=jobs, include=include, exclude=exclude,
                                 rules=rules, baseline=baseline, waivers=waivers, no_cache=no_cache,
                                 pdf_engine=pdf_engine)
        written = [Path(out).resolve() for _, out in plan if out is not None]
        for given in paths or []:  # never overwrite a document the user named
            if Path(given).resolve() in written:
                raise ConfigError(f"output path {given} is one of the input documents",
                                  hint="choose another --output")
        request = gate.Request(paths=tuple(paths or ["."]), changed_since=changed_since,
                               shard=discover.parse_shard(shard) if shard else None,
                               use_baseline=not no_baseline,
                               output_paths=tuple(written))
        outcome = gate.run(settings, request, on_done=None if quiet else progress())
        import dataclasses

        report = dataclasses.replace(outcome.report, generated_at=now_iso())
        write_reports(report, plan, inputs=[t.path for t in outcome.targets], quiet=quiet,
                      show_info=show_info, repo_root=str(settings.root))
        shown = any(f == "terminal" and out is None for f, out in plan) or (
            not quiet and all(out is not None for _, out in plan))  # the terminal view lists unreadable files
        for line in notes(outcome, quiet, terminal_shown=shown):
            sys.stderr.write(line + "\n")
        raise typer.Exit(gate.exit_code(report))

    for name, update, doc in (
        ("create", False, "Write a baseline of every current finding (refuses to overwrite; use 'update')."),
        ("update", True, "Rewrite the baseline for the scanned contracts (entries of contracts not scanned "
                         "are kept)."),
    ):
        baseline_app.command(name, help=doc)(_baseline_command(update))

    @config_app.command("show")
    def config_show(
        path: str | None = typer.Argument(None, help="Show the config that applies to this path "
                                             "[default: .]."),
        config: Path | None = CONFIG, fail_on: str | None = FAIL_ON, jobs: int | None = JOBS,
        include: list[str] | None = INCLUDE, exclude: list[str] | None = EXCLUDE,
        rules: list[Path] | None = RULES, baseline: Path | None = BASELINE,
        waivers: Path | None = WAIVERS, no_cache: bool = NO_CACHE, pdf_engine: str | None = PDF_ENGINE,
        format: str = typer.Option("text", "--format", "-f", help="text or json."),
    ) -> None:
        """Print every effective setting and where it came from (default, a file, or a flag)."""
        from clausecheck import config as config_mod

        flags = {k: v for k, v in locals().items() if k not in ("path", "config", "format", "config_mod")}
        settings = settings_from([path] if path else None, config, **flags)
        rows = config_mod.describe(settings)
        if format == "json":
            data = {"config_file": str(settings.config_path) if settings.config_path else None,
                    "root": str(settings.root),
                    "settings": {k: {"value": config_mod.plain(k, settings.value(k)), "source": s}
                                 for k, _, s in rows}}
            typer.echo(json.dumps(data, indent=2))
            return
        if format != "text":
            raise ConfigError(f"invalid --format {format!r}", hint="use text or json")
        typer.echo(f"# config file: {settings.config_path or '(none found; defaults)'}")
        typer.echo(f"# repository root: {settings.root}")
        width = max(len(k) for k, _, _ in rows)
        for key, value, source in rows:
            typer.echo(f"{key:<{width}} = {value}  # {source}")

    @app.command()
    def init(
        folder: Path = typer.Argument(Path("."), help="Where to write .clausecheck.toml."),
    ) -> None:
        """Write a commented starter .clausecheck.toml (never overwrites)."""
        from clausecheck.config import STARTER
        from clausecheck.output import write_atomic

        target = folder / ".clausecheck.toml"
        if target.exists():
            raise ConfigError(f"{target} already exists", hint="edit it, or delete it first")
        write_atomic(target, STARTER)
        typer.echo(f"wrote {target}")

    @app.command()
    def merge(
        reports: list[Path] = typer.Argument(..., help="JSON outputs of 'scan --format json' (e.g. shards)."),
        format: list[str] | None = FORMATS, output: list[str] | None = OUTPUTS,
        fail_on: str | None = FAIL_ON,
        show_info: bool = typer.Option(False, "--show-info", help="Also show info findings."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Files only; no terminal summary."),
    ) -> None:
        """Join the JSON reports of several scans (shards) into one report, and gate on it."""
        from clausecheck import gate
        from clausecheck.cli.review_cmd import parse_fail_on
        from clausecheck.report import json_

        plan = plan_outputs(format, output)
        loaded = []
        for path in reports:
            try:
                loaded.append(json_.from_dict(json.loads(path.read_text(encoding="utf-8"))))
            except OSError as exc:
                raise ConfigError(f"cannot read report: {exc.strerror}", path=str(path)) from None
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"not a clausecheck JSON report: {exc}", path=str(path),
                                  hint="merge reads the output of 'scan --format json'") from None
        threshold = parse_fail_on(fail_on) if fail_on else loaded[0].fail_on
        merged = gate.merge(loaded, threshold)
        write_reports(merged, plan, inputs=list(reports), quiet=quiet, show_info=show_info)
        raise typer.Exit(gate.exit_code(merged))


def _baseline_command(update: bool) -> Any:
    """The ``baseline create`` / ``baseline update`` command: same options, one flag apart."""

    def command(
        paths: list[str] | None = PATHS, config: Path | None = CONFIG,
        baseline: Path | None = BASELINE, jobs: int | None = JOBS,
        include: list[str] | None = INCLUDE, exclude: list[str] | None = EXCLUDE,
        rules: list[Path] | None = RULES, waivers: Path | None = WAIVERS,
        no_cache: bool = NO_CACHE, pdf_engine: str | None = PDF_ENGINE,
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress."),
    ) -> None:
        options = {k: v for k, v in locals().items() if k != "update"}  # locals() holds the closure's flag too
        _baseline(paths, options, update=update)

    return command


def _baseline(paths: list[str] | None, args: dict[str, Any], *, update: bool) -> None:
    from clausecheck import baseline as baseline_mod
    from clausecheck import gate
    from clausecheck.output import write_atomic

    flags = {k: v for k, v in args.items() if k not in ("paths", "config", "quiet")}
    settings = settings_from(paths, args["config"], **flags)
    target = settings.baseline or baseline_mod.default_path(settings.root)
    if not update and target.exists():
        raise ConfigError(f"baseline {target} already exists", hint="use 'clausecheck baseline update'")
    request = gate.Request(paths=tuple(paths or ["."]), use_baseline=False)
    outcome = gate.run(settings, request, on_done=None if args["quiet"] else progress())
    new = baseline_mod.entries_of(outcome.report.results)
    old = baseline_mod.load(target) if update and target.exists() else []
    entries = baseline_mod.merge(old, new, [t.rel for t in outcome.targets]) if update else new
    write_atomic(target, baseline_mod.dumps(entries))
    before = {e.fingerprint for e in old}
    after = {e.fingerprint for e in entries}
    typer.echo(f"wrote {target}: {len(entries)} finding(s) from {len(outcome.report.results)} contract(s)"
               + (f" ({len(after - before)} added, {len(before - after)} removed)" if update else ""))
    for skipped in outcome.report.skipped:
        sys.stderr.write(f"error: {skipped.path}: {skipped.error}\n")
    raise typer.Exit(gate.EXIT_UNREADABLE if outcome.report.skipped else gate.EXIT_OK)
