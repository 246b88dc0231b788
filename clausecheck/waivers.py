"""Waivers: accepted risks with a reason, an approver and an expiry date.

A waivers file (TOML, or YAML with the same fields) holds a list of waivers::

    [[waiver]]
    rule = "term.initial-term"            # rule id, or a glob of ids such as "term.*"
    path = "contracts/acme/**"            # gitignore-style glob over repo-relative paths
    fingerprint = "3f1c...e2:0"           # optional: only this one finding
    reason = "Board approved the 36-month term for the 40% discount"
    approver = "jane.doe@legal"
    expires = 2027-03-31                  # last day the waiver holds

A waiver without a reason or an expiry is a configuration error (exit 2). From the day after ``expires``
the waiver no longer suppresses anything: its findings re-open and gate again.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from clausecheck.discover import matches
from clausecheck.errors import ConfigError
from clausecheck.model import DocumentResult, Finding

FILENAMES = (".clausecheck-waivers.toml", ".clausecheck-waivers.yaml", ".clausecheck-waivers.yml")
_REQUIRED = ("rule", "path", "reason", "approver", "expires")
_KNOWN = frozenset(_REQUIRED) | {"fingerprint"}


@dataclass(frozen=True, kw_only=True)
class Waiver:
    """One accepted risk."""

    index: int  # position in the file, for messages
    rule: str
    path: str
    reason: str
    approver: str
    expires: date
    fingerprint: str | None = None

    def label(self) -> str:
        """How the waiver is named in messages."""
        return f"waiver #{self.index + 1} ({self.rule} on {self.path})"

    def covers(self, rel: str, finding: Finding) -> bool:
        """True when this waiver's rule, path and fingerprint all match ``finding`` in document ``rel``."""
        return (fnmatch.fnmatchcase(finding.rule_id, self.rule) and matches(rel, [self.path])
                and (self.fingerprint is None or self.fingerprint == finding.fingerprint))


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """Results with waived findings marked, and what the waivers file should hear about."""

    results: tuple[DocumentResult, ...]
    unused: tuple[Waiver, ...] = ()  # active waivers that matched no finding
    expired: tuple[Waiver, ...] = ()  # expired waivers (their findings are open again)
    reopened: int = 0  # findings an expired waiver would have suppressed


def default_path(root: Path) -> Path | None:
    """The first waivers file present at the repository root, if any."""
    for name in FILENAMES:
        if (root / name).is_file():
            return root / name
    return None


def load(path: Path) -> list[Waiver]:
    """Read and validate a waivers file; every problem is reported at once as one ConfigError."""
    items = _read(path)
    problems: list[str] = []
    waivers = []
    for i, item in enumerate(items):
        where = f"waiver[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a table of fields")
            continue
        problems += [f"{where}: unknown key '{k}'" for k in sorted(set(item) - _KNOWN)]
        missing = [k for k in _REQUIRED
                   if item.get(k) is None or (isinstance(item[k], str) and not item[k].strip())]
        problems += [f"{where}: missing '{k}'" for k in missing]
        strings = [k for k in ("rule", "path", "reason", "approver", "fingerprint")
                   if k in item and item[k] is not None and not isinstance(item[k], str)]
        problems += [f"{where}: '{k}' must be a string" for k in strings]
        expires = _date(item.get("expires"))
        if "expires" not in missing and expires is None:
            problems.append(f"{where}: 'expires' must be a date like 2027-03-31")
        if missing or strings or expires is None:
            continue
        waivers.append(Waiver(index=i, rule=item["rule"], path=item["path"], reason=item["reason"].strip(),
                              approver=item["approver"], expires=expires,
                              fingerprint=item.get("fingerprint")))
    if problems:
        raise ConfigError("; ".join(problems), path=str(path),
                          hint="each waiver needs rule, path, reason, approver and expires")
    return waivers


def apply(results: Iterable[DocumentResult], waivers: Iterable[Waiver], *, today: date,
          partial: bool = False) -> Outcome:
    """Suppress findings covered by an active waiver; expired waivers suppress nothing.

    With ``partial`` (a shard, ``--changed-since`` or a subset of paths) a waiver counts as unused only
    if a document it names was scanned, so a partial run does not call every other waiver stale.
    """
    results = tuple(results)
    waivers = tuple(waivers)
    active = [w for w in waivers if w.expires >= today]
    expired = [w for w in waivers if w.expires < today]
    used: set[int] = set()
    reopened = 0
    out = []
    for result in results:
        findings = []
        for finding in result.findings:
            if finding.suppression is None:
                waiver = next((w for w in active if w.covers(result.path, finding)), None)
                if waiver is not None:
                    used.add(waiver.index)
                    finding = dataclasses.replace(finding, suppression=_suppression(waiver))
                elif any(w.covers(result.path, finding) for w in expired):
                    reopened += 1
            findings.append(finding)
        out.append(dataclasses.replace(result, findings=tuple(findings)))
    scanned = [r.path for r in results]
    unused = [w for w in active if w.index not in used
              and (not partial or any(matches(p, [w.path]) for p in scanned))]
    return Outcome(results=tuple(out), unused=tuple(unused), expired=tuple(expired), reopened=reopened)


def _suppression(waiver: Waiver) -> str:
    return f"waiver: {waiver.reason} (approved by {waiver.approver}, expires {waiver.expires.isoformat()})"


def _read(path: Path) -> list[Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read waivers: {exc.strerror}", path=str(path)) from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(raw.decode("utf-8")) or {}
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except Exception as exc:
        raise ConfigError(f"invalid waivers file: {str(exc).splitlines()[0]}", path=str(path)) from None
    if not isinstance(data, dict) or set(data) - {"waiver", "waivers"}:
        raise ConfigError("a waivers file holds only a 'waiver' list", path=str(path),
                          hint="use [[waiver]] tables (TOML) or 'waiver:' list (YAML)")
    items = data.get("waiver", data.get("waivers", []))
    if not isinstance(items, list):
        raise ConfigError("'waiver' must be a list", path=str(path))
    return items


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value if not hasattr(value, "hour") else value.date()  # type: ignore[attr-defined]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
