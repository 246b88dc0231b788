"""The baseline: findings a team accepted when adopting the gate, keyed by position-free fingerprint.

The file is deterministic so that it diffs well in review: entries sorted by (path, rule, fingerprint),
no timestamps, no page or line numbers. A short normalised excerpt is kept only so a reviewer can see
what was accepted; matching uses the fingerprint alone.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clausecheck.errors import ConfigError
from clausecheck.model import DocumentResult, Finding

FILENAME = ".clausecheck-baseline.json"
FORMAT_VERSION = 1
SUPPRESSION = "baseline"
_EXCERPT_CHARS = 160


@dataclass(frozen=True, kw_only=True, order=True)
class Entry:
    """One accepted finding."""

    path: str
    rule_id: str
    fingerprint: str
    excerpt: str = ""


def default_path(root: Path) -> Path:
    """Where the baseline lives unless configured: the repository root."""
    return root / FILENAME


def entries_of(results: Iterable[DocumentResult]) -> list[Entry]:
    """Baseline entries for every finding in ``results`` that is not already waived."""
    entries = {}
    for result in results:
        for finding in result.findings:
            if finding.fingerprint and not (finding.suppression or "").startswith("waiver"):
                entries[finding.fingerprint] = Entry(path=result.path, rule_id=finding.rule_id,
                                                     fingerprint=finding.fingerprint,
                                                     excerpt=_short(finding.excerpt))
    return sorted(entries.values())


def merge(old: Iterable[Entry], new: Iterable[Entry], scanned: Iterable[str]) -> list[Entry]:
    """``baseline update``: keep old entries of documents not scanned now, replace the rest by ``new``."""
    scanned = set(scanned)
    kept = {e.fingerprint: e for e in old if e.path not in scanned}
    kept.update({e.fingerprint: e for e in new})
    return sorted(kept.values())


def dumps(entries: Iterable[Entry]) -> str:
    """The baseline file's text: stable key order, sorted entries, trailing newline."""
    data = {
        "version": FORMAT_VERSION,
        "tool": "clausecheck",
        "findings": [dataclasses.asdict(e) for e in sorted(entries)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def load(path: Path) -> list[Entry]:
    """Read a baseline file; a malformed one is a ConfigError (exit 2), never silently ignored."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror}", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc}", hint="recreate it with 'clausecheck "
                          "baseline create'", path=str(path)) from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or \
            not isinstance(data.get("findings"), list):
        raise ConfigError("not a clausecheck baseline (version 1)", path=str(path),
                          hint="recreate it with 'clausecheck baseline create'")
    entries = []
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in
                                                 ("path", "rule_id", "fingerprint")):
            raise ConfigError(f"findings[{i}]: needs string path, rule_id and fingerprint", path=str(path))
        entries.append(Entry(path=item["path"], rule_id=item["rule_id"], fingerprint=item["fingerprint"],
                             excerpt=str(item.get("excerpt", ""))))
    return entries


def apply(results: Iterable[DocumentResult], entries: Iterable[Entry]) -> tuple[DocumentResult, ...]:
    """Mark findings whose fingerprint is in the baseline as suppressed (unless already suppressed)."""
    known = {e.fingerprint for e in entries}

    def mark(finding: Finding) -> Finding:
        if finding.suppression is None and finding.fingerprint in known:
            return dataclasses.replace(finding, suppression=SUPPRESSION)
        return finding

    return tuple(dataclasses.replace(r, findings=tuple(mark(f) for f in r.findings)) for r in results)


def _short(excerpt: str) -> str:
    text = " ".join(excerpt.split())
    return text if len(text) <= _EXCERPT_CHARS else text[:_EXCERPT_CHARS - 1] + "…"
