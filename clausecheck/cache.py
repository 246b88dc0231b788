"""Results cache: an unchanged contract under unchanged rules and policy is not reviewed again.

Key = sha256 of (file bytes' sha256, rule-pack digest, clausecheck version and source digest, policy
digest, display path); the display path is part of the key because fingerprints include it. The validated
rules are cached too, keyed by the bytes of the rule files, so a fully cached run parses no YAML and
builds no matcher. Entries are pickles written atomically (temp file + os.replace), so parallel writers
and interrupted runs never leave a torn entry; an unreadable entry is a miss. The directory is
``$CLAUSECHECK_CACHE_DIR`` or ``~/.cache/clausecheck``; delete it at any time.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck import __version__
from clausecheck.model import DocumentResult, Rule
from clausecheck.policy import Policy

log = logging.getLogger(__name__)
_LAYOUT = "v1"
_WARNED: list[str] = []
_CHUNK = 1 << 20


def default_dir() -> Path:
    """``$CLAUSECHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/clausecheck``, else ``~/.cache/clausecheck``."""
    if os.environ.get("CLAUSECHECK_CACHE_DIR"):
        return Path(os.environ["CLAUSECHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "clausecheck"


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """clausecheck's version plus a digest of its own source, so a changed checkout never reuses results."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def policy_digest(policy: Policy) -> str:
    """A stable digest of every policy setting that can change a result (file selection cannot)."""
    data = dataclasses.asdict(policy)
    for selection_only in ("include", "exclude"):
        data.pop(selection_only, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Cache:
    """A results cache for one run: one rule pack, one policy."""

    directory: Path
    rules_digest: str
    policy_digest: str
    version: str = field(default_factory=code_digest)

    def key(self, file_hash: str, display_path: str) -> str:
        """The cache key of one document as shown at ``display_path``."""
        parts = (file_hash, self.rules_digest, self.version, self.policy_digest, display_path)
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def get(self, key: str) -> DocumentResult | None:
        """The cached result for ``key``, or None (missing, corrupt, or from another layout)."""
        value = _load(self._path(key))
        return value if isinstance(value, DocumentResult) else None

    def put(self, key: str, result: DocumentResult) -> None:
        """Store ``result`` atomically; failures (read-only disk, full disk) only cost speed."""
        _store(self._path(key), result)

    def _path(self, key: str) -> Path:
        return self.directory / _LAYOUT / key[:2] / f"{key}.pickle"


def rules_key(directories: Sequence[Path], policy: Policy) -> str | None:
    """A key over every file in the rule folders, the policy and the code; None if a folder is missing.

    Same key, same validated rules and digest: a warm run need not parse YAML or build spaCy matchers.
    """
    digest = hashlib.sha256(f"{code_digest()}\0{policy_digest(policy)}".encode())
    for directory in directories:
        if not directory.is_dir():
            return None  # let the engine report it
        digest.update(str(directory.resolve()).encode() + b"\0")
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_rules(directory: Path, key: str) -> tuple[tuple[Rule, ...], str] | None:
    """The (rules, rule-pack digest) stored under ``key``, if any."""
    value = _load(directory / _LAYOUT / "rules" / f"{key}.pickle")
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        return value
    return None


def store_rules(directory: Path, key: str, rules: tuple[Rule, ...], digest: str) -> None:
    """Remember the validated rules and digest of a rule pack."""
    _store(directory / _LAYOUT / "rules" / f"{key}.pickle", (rules, digest))


def _load(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any broken entry is just a miss
        log.debug("cache entry %s unreadable: %s", path, exc)
        return None


def _store(path: Path, value: object) -> None:
    from clausecheck.output import write_atomic_bytes

    try:
        write_atomic_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        if not _WARNED:  # once per run: a read-only cache folder would otherwise warn per document
            _WARNED.append(str(path))
            log.warning("cannot write to the results cache (%s); continuing without it", exc)
