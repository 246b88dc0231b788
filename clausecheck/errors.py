"""Domain errors; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class ClausecheckError(Exception):
    """Base error: a message and an optional hint, shown as ``error: <message> (<hint>)``."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        tail = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{tail}"


class IngestError(ClausecheckError):
    """A document could not be read (exit 3)."""

    exit_code = 3


class RuleError(ClausecheckError):
    """A rule file is invalid (exit 2); ``problems`` lists every problem found."""

    def __init__(self, message: str, hint: str | None = None, *, problems: tuple[str, ...] = (),
                 path: str | None = None) -> None:
        super().__init__(message, hint, path=path)
        self.problems = problems


class ConfigError(ClausecheckError):
    """Configuration or usage is invalid (exit 2)."""
