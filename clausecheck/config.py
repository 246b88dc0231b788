"""Configuration: find the closest config file, validate it, and build the effective Policy.

Sources, lowest to highest precedence: built-in defaults, the closest config file walking up from the
scanned path (``.clausecheck.toml``, then ``clausecheck.toml``, then ``[tool.clausecheck]`` in
``pyproject.toml``; the first directory that has one wins, files are not merged), then CLI flags.
Every effective value remembers where it came from, for ``clausecheck config show``.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.config_keys import KEYS
from clausecheck.errors import ConfigError
from clausecheck.model import Severity
from clausecheck.policy import Policy

CONFIG_NAMES = (".clausecheck.toml", "clausecheck.toml", "pyproject.toml")
@dataclass(frozen=True, kw_only=True)
class Settings:
    """The effective configuration of one run, with the source of every value."""

    policy: Policy
    root: Path  # repository root: repo-relative paths, baseline and waivers are anchored here
    config_path: Path | None = None
    baseline: Path | None = None
    waivers: Path | None = None
    jobs: int | None = None
    cache: bool = True
    sources: Mapping[str, str] = field(default_factory=dict)  # key -> "default" | file path | "flag ..."

    def value(self, key: str) -> Any:
        """The effective value of config key ``key``."""
        target = KEYS[key][0]
        owner, name = target.split(".", 1)
        return getattr(self.policy if owner == "policy" else self, name)


def find_repo_root(start: Path) -> Path | None:
    """The closest directory at or above ``start`` holding ``.git`` (a dir, or a file in worktrees)."""
    for folder in _upwards(start):
        if (folder / ".git").exists():
            return folder
    return None


def find_config(start: Path) -> Path | None:
    """The closest config file at or above ``start``; a pyproject.toml counts only with [tool.clausecheck]."""
    for folder in _upwards(start):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or "clausecheck" in _read_toml(candidate).get("tool", {}):
                return candidate
    return None


def load(start: Path | None = None, explicit: Path | None = None,
         overrides: Mapping[str, tuple[Any, str]] | None = None) -> Settings:
    """Effective settings: defaults, then the closest (or ``explicit``) config file, then ``overrides``.

    ``overrides`` maps a config key to (raw value, source label such as "flag --fail-on"); raw values are
    validated exactly like file values and resolved against the current directory.
    """
    start = (start or Path.cwd()).absolute()
    if explicit is not None and not Path(explicit).is_file():
        raise ConfigError(f"config file {explicit} does not exist", hint="check --config")
    path = Path(explicit).absolute() if explicit is not None else find_config(start)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {key: "default" for key in KEYS}
    if path is not None:
        for key, value in _table(path).items():
            key, values[key.replace("_", "-")] = _parse(key, value, path.parent, str(path))
            sources[key] = str(path)
    for key, (value, label) in (overrides or {}).items():
        key, values[key.replace("_", "-")] = _parse(key, value, Path.cwd(), label)
        sources[key] = label
    root = find_repo_root(start) or (path.parent if path is not None else Path.cwd().absolute())
    policy_changes = {KEYS[k][0][7:]: v for k, v in values.items() if KEYS[k][0].startswith("policy.")}
    gate = {KEYS[k][0][5:]: v for k, v in values.items() if KEYS[k][0].startswith("gate.")}
    return Settings(policy=dataclasses.replace(Policy(), **policy_changes), root=root, config_path=path,
                    sources=sources, **gate)


def load_policy(start: Path | None = None, explicit: Path | None = None) -> Policy:
    """The Policy from defaults and the closest (or ``explicit``) config file (used by ``review``)."""
    return load(start, explicit).policy


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """Rows (key, effective value as TOML-ish text, source) for ``config show``."""
    rows = []
    for key in KEYS:
        rows.append((key, _show(key, settings.value(key)), settings.sources.get(key, "default")))
    return rows


def plain(key: str, value: Any) -> Any:
    """Setting ``key`` as JSON-ready data (enums by value, paths as strings, overrides as a table)."""
    if key == "fail-on" and value is None:
        return "never"
    if isinstance(value, (Severity, Path)):
        return value.value if isinstance(value, Severity) else str(value)
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return {k: v.value for k, v in value}
        return list(value)
    return value


def _show(key: str, value: Any) -> str:
    if value is None:
        return '"never"' if key == "fail-on" else "(auto)"
    if isinstance(value, Severity):
        return f'"{value.value}"'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if key == "severity":
        return "{" + ", ".join(f'"{k}" = "{v.value}"' for k, v in value) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, Path):
        return f'"{value}"'
    return str(value)


def _table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("clausecheck", {})
        if not isinstance(data, dict):
            raise ConfigError("[tool.clausecheck] must be a table", path=str(path))
    return data


def _parse(key: str, value: Any, base: Path, where: str) -> tuple[str, Any]:
    canonical = key.replace("_", "-")
    if canonical not in KEYS:
        close = difflib.get_close_matches(canonical, list(KEYS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
        raise ConfigError(f"unknown key '{key}'", hint=hint, path=where)
    try:
        return canonical, KEYS[canonical][1](canonical, value, base)
    except ConfigError as exc:
        raise ConfigError(exc.message, hint=exc.hint, path=where) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8 by definition
        raise ConfigError(f"invalid TOML: not UTF-8 text ({exc.reason} at byte {exc.start})",
                          path=str(path)) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise ConfigError("invalid TOML: arrays or tables nested too deeply", path=str(path)) from None
    except ValueError as exc:  # any other decoding failure
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", path=str(path)) from None


def _upwards(start: Path) -> list[Path]:
    start = start.absolute()
    if start.is_file() or (not start.exists() and start.suffix):
        start = start.parent
    return [start, *start.parents]


STARTER = '''\
# clausecheck configuration (see docs/ci.md). Flags on the command line win.
# Found by walking up from the scanned path: .clausecheck.toml, then clausecheck.toml, then
# [tool.clausecheck] in pyproject.toml; the closest one is used, files are not merged.

# Gate: exit 1 when an unsuppressed finding is at or above this severity.
# info | low | medium | high | critical | never
fail-on = "high"

# Policy thresholds.
max-initial-term-months = 12
max-renewal-notice-days = 60

# How the buyer is named in your contracts (defined terms in the preamble).
buyer-names = ["Customer", "Client", "Licensee", "Buyer", "Subscriber"]

# Which contracts to scan (gitignore-style globs over repo-relative paths).
# include = ["contracts/**"]
exclude = ["**/archive/**"]

# Rule selection: extra rule folders, only/never these rule ids, severity overrides.
# rule-dirs = ["rules-local"]
# enable = []
# disable = ["commercial.discount-info"]

# Accepted risk (paths relative to this file).
# baseline = ".clausecheck-baseline.json"
# waivers = ".clausecheck-waivers.toml"

# Reading documents.
pdf-engine = "auto"        # auto | pdfium | pypdf
timeout-seconds = 60
# jobs = 4                 # default: CPU count
# cache = true             # results cache in $CLAUSECHECK_CACHE_DIR or ~/.cache/clausecheck

# Severity overrides (a TOML table: keep it last in the file).
# [severity]
# "term.auto-renewal" = "medium"
'''
