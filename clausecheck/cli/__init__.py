"""The command line: the only place that prints errors and turns them into exit codes.

Each command group lives in its own module with a ``register(app)`` function; modules import their
heavy dependencies inside the command bodies so that ``clausecheck --help`` stays fast.
"""

from __future__ import annotations

import sys

import typer

from clausecheck import __version__
from clausecheck.errors import ClausecheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3

app = typer.Typer(
    name="clausecheck",
    help="Find the clauses in an AI-vendor contract that lock the buyer in.\n\n"
    "Exit codes: 0 nothing at or above --fail-on, 1 red flags at or above it, "
    "2 usage/config/rule error, 3 a document could not be read.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clausecheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool | None = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    """Find the clauses in an AI-vendor contract that lock the buyer in."""


def _register_commands() -> None:
    from clausecheck.cli import commands

    for module in commands.MODULES:
        module.register(app)


def error_line(message: str) -> None:
    """Print one ``error: ...`` line to stderr."""
    sys.stderr.write(f"error: {message}\n")


def _click_exceptions():  # type: ignore[no-untyped-def]
    """Typer >= 0.20 vendors click as ``typer._click``; older releases use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - depends on the installed typer
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app and exit with the documented code."""
    click_exc = _click_exceptions()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    _register_commands()
    try:
        code = app(args=args, prog_name="clausecheck", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        code = EXIT_USAGE
    except click_exc.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        error_line(f"{exc.format_message()}{hint}")
        code = EXIT_USAGE
    except click_exc.ClickException as exc:
        error_line(exc.format_message())
        code = EXIT_USAGE
    except typer.Abort:
        error_line("aborted")
        code = 130
    except ClausecheckError as exc:
        if debug:
            raise
        error_line(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        error_line("interrupted")
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the CLI edge: no traceback without --debug
        if debug:
            raise
        error_line(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)")
        code = EXIT_USAGE
    sys.exit(code if isinstance(code, int) else EXIT_OK)
