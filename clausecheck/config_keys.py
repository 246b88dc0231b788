"""The configuration keys: what each accepts, where it lands (policy or gate), and its help line.

Split from config.py, which finds and reads config files: this module is the one to touch to add a key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from clausecheck.errors import ConfigError
from clausecheck.model import Severity

PDF_ENGINES = ("auto", "pdfium", "pypdf")
FAIL_ON_CHOICES = ("info", "low", "medium", "high", "critical", "never")


def _fail_on(key: str, value: Any, base: Path | None) -> Severity | None:
    if not isinstance(value, str) or value.lower() not in FAIL_ON_CHOICES:
        raise _bad(key, value, "one of " + ", ".join(FAIL_ON_CHOICES))
    return None if value.lower() == "never" else Severity(value.lower())


def _positive_int(key: str, value: Any, base: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _bad(key, value, "a whole number >= 1")
    return value


def _positive_number(key: str, value: Any, base: Path | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise _bad(key, value, "a number > 0")
    return float(value)


def _boolean(key: str, value: Any, base: Path | None) -> bool:
    if not isinstance(value, bool):
        raise _bad(key, value, "true or false")
    return value


def _strings(key: str, value: Any, base: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(key, value, "a list of non-empty strings")
    return tuple(value)


def _paths(key: str, value: Any, base: Path | None) -> tuple[str, ...]:
    return tuple(str(_resolve(p, base)) for p in _strings(key, value, base))


def _path(key: str, value: Any, base: Path | None) -> Path:
    value = str(value) if isinstance(value, Path) else value  # flags arrive as Paths, files as strings
    if not isinstance(value, str) or not value.strip():
        raise _bad(key, value, "a path")
    return _resolve(value, base)


def _pdf_engine(key: str, value: Any, base: Path | None) -> str:
    if value not in PDF_ENGINES:
        raise _bad(key, value, "one of " + ", ".join(PDF_ENGINES))
    return str(value)


def _severities(key: str, value: Any, base: Path | None) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise _bad(key, value, 'a table of rule id = "severity"')
    pairs = []
    for rule_id, severity in sorted(value.items()):
        if not isinstance(severity, str) or severity.lower() not in FAIL_ON_CHOICES[:-1]:
            raise _bad(f"{key}.{rule_id}", severity, "one of " + ", ".join(FAIL_ON_CHOICES[:-1]))
        pairs.append((rule_id, Severity(severity.lower())))
    return tuple(pairs)


Parser = Callable[[str, Any, "Path | None"], Any]

# config key -> (where it lands: "policy.<field>" or "gate.<field>", parser, help line for `config show`)
KEYS: dict[str, tuple[str, Parser, str]] = {
    "fail-on": ("policy.fail_on", _fail_on, "gate: exit 1 on findings at or above this severity"),
    "max-initial-term-months": ("policy.max_initial_term_months", _positive_int, "longest acceptable term"),
    "max-renewal-notice-days": ("policy.max_renewal_notice_days", _positive_int, "longest notice window"),
    "buyer-names": ("policy.buyer_names", _strings, "defined names that mean the buyer"),
    "rule-dirs": ("policy.rule_dirs", _paths, "extra rule folders, loaded after the shipped pack"),
    "enable": ("policy.enabled_rules", _strings, "run only these rule ids (empty = all)"),
    "disable": ("policy.disabled_rules", _strings, "rule ids not to run"),
    "severity": ("policy.severity_overrides", _severities, "rule id -> severity overrides"),
    "include": ("policy.include", _strings, "globs of contracts to scan"),
    "exclude": ("policy.exclude", _strings, "globs never scanned"),
    "pdf-engine": ("policy.pdf_engine", _pdf_engine, "auto, pdfium or pypdf"),
    "isolate": ("policy.isolate", _boolean, "parse each document in a child process (off only to debug)"),
    "timeout-seconds": ("policy.timeout_seconds", _positive_number, "per-document parse time limit"),
    "memory-limit-mb": ("policy.memory_limit_mb", _positive_int, "per-document parser memory cap"),
    "max-file-mb": ("policy.max_file_mb", _positive_int, "larger files are refused"),
    "max-pages": ("policy.max_pages", _positive_int, "longer PDFs are refused"),
    "baseline": ("gate.baseline", _path, "baseline file [default: <repo>/.clausecheck-baseline.json]"),
    "waivers": ("gate.waivers", _path, "waivers file [default: <repo>/.clausecheck-waivers.toml]"),
    "jobs": ("gate.jobs", _positive_int, "worker processes [default: CPU count]"),
    "cache": ("gate.cache", _boolean, "reuse results of unchanged contracts"),
}


def _bad(key: str, value: Any, expected: str) -> ConfigError:
    return ConfigError(f"invalid value for '{key}': {value!r}", hint=f"expected {expected}")


def _resolve(value: str, base: Path | None) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() or base is None else (base / path)
