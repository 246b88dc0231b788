"""Which contracts a scan reviews: paths, directories and globs; include/exclude; git changes; shards."""

from __future__ import annotations

import glob as globmod
import hashlib
import logging
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clausecheck.errors import ConfigError

log = logging.getLogger(__name__)

# Folders that never hold the team's contracts; hidden folders (.git, .venv, ...) are skipped too.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
# Well-known repository files that share a contract extension but are not contracts. Applied only while
# walking directories: a file named on the command line is always reviewed.
DEFAULT_EXCLUDE = ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md",
                   "requirements*.txt", "CMakeLists.txt", "LICENSE*", "NOTICE*", ".*")


@dataclass(frozen=True, kw_only=True)
class Target:
    """A contract to review: where to read it, and its repo-relative POSIX path (display, fingerprints)."""

    path: Path
    rel: str


def find(paths: Iterable[str | Path], root: Path, *, include: Iterable[str] = (),
         exclude: Iterable[str] = ()) -> list[Target]:
    """Contracts under ``paths`` (files, folders or globs), sorted by repo-relative path, no duplicates.

    Logs a warning when ``paths`` hold no contract at all: a gate that reviewed nothing must say so.
    """
    root = _abs(root)
    paths = [str(given) for given in paths]
    include, exclude = tuple(include), tuple(exclude)
    found: dict[Path, Target] = {}
    left_out = 0
    for given in paths:
        for entry, explicit in _expand(given):
            tree = _tree(entry, root)
            for file in [entry] if explicit else _walk(entry):
                target = _target(file, root, explicit=explicit, tree=tree)
                if target is None:
                    continue
                below = _below(file, entry, explicit)
                if not _selected(_pattern_path(file, root, below), below, include, exclude, explicit):
                    left_out += Path(file).suffix.lower() in supported()
                    continue
                found.setdefault(target.path.resolve(), target)
    if paths and not found:
        log.warning("%s", nothing_found(paths, left_out))
    return sorted(found.values(), key=lambda t: t.rel)


def nothing_found(paths: list[str], left_out: int) -> str:
    """The warning for a scan that found no contract in ``paths``."""
    where = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    why = (f"{left_out} file(s) left out by exclude or include patterns" if left_out
           else "looked for " + " ".join(sorted(supported())))
    return f"warning: no contracts found in {where} ({why}); nothing was reviewed"


@lru_cache(maxsize=1)
def supported() -> frozenset[str]:
    """File extensions a folder walk picks up: exactly those ingestion reads (.pdf .docx .txt .md ...)."""
    from clausecheck.ingest import FORMATS

    return frozenset(FORMATS)


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """True when the repo-relative POSIX path ``rel`` matches one of the gitignore-style ``patterns``."""
    return any(_compile(p).match(rel) for p in patterns)


def changed_since(ref: str, root: Path) -> set[str]:
    """Repo-relative paths added, modified or renamed (new name) since the merge-base of ``ref`` and HEAD,
    in the working tree, plus untracked files."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ConfigError:
        raise ConfigError(f"--changed-since: unknown git ref {ref!r}",
                          hint="fetch enough history, e.g. actions/checkout with fetch-depth: 0") from None
    # Diff from the merge-base, as a pull request sees it: with REF = the target branch, files changed
    # there since the branch point are not this change's (for an ancestor such as HEAD~1 it is REF itself).
    try:
        base = _git(root, "merge-base", ref, "HEAD").strip() or ref
    except ConfigError:
        base = ref
    changed: set[str] = set()
    # -z: no quoting of odd file names; --no-color/--no-ext-diff: immune to the user's git config
    fields = _git(root, "diff", "--no-color", "--no-ext-diff", "--name-status", "-z", "-M", base,
                  "--").split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":  # rename/copy: old path then new path; the contract now lives at the new one
            changed.add(fields[i + 2])
            i += 3
            continue
        if status[0] != "D":
            changed.add(fields[i + 1])
        i += 2
    changed.update(p for p in _git(root, "ls-files", "-z", "--others", "--exclude-standard").split("\0") if p)
    rebased = set()
    for rel in changed:
        absolute = (top / rel).resolve()
        try:
            rebased.add(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            continue  # changed outside the scanned root
    return rebased


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> (I, N) with 1 <= I <= N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ConfigError(f"invalid --shard {text!r}", hint="use I/N with 1 <= I <= N, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))


def shard(targets: Iterable[Target], index: int, count: int) -> list[Target]:
    """The targets of shard ``index`` (1-based) of ``count``, by a stable hash of the repo-relative path."""
    def bucket(rel: str) -> int:
        return int(hashlib.sha256(rel.encode("utf-8")).hexdigest()[:16], 16) % count

    return [t for t in targets if bucket(t.rel) == index - 1]


def _expand(given: str) -> list[tuple[Path, bool]]:
    """(path, named explicitly?) pairs: a file, a directory to walk, or the matches of a glob."""
    path = Path(given)
    if path.is_dir() and not path.is_symlink():
        return [(path, False)]
    if path.exists() or path.is_symlink():
        return [(path, True)] if not path.is_dir() else []
    if any(ch in given for ch in "*?["):
        hits = sorted(globmod.glob(given, recursive=True))
        if not hits:
            raise ConfigError(f"no files match {given!r}", hint="check the pattern (quote it for the shell)")
        return [(Path(h), not Path(h).is_dir()) for h in hits
                if not Path(h).is_symlink() or Path(h).is_file()]
    raise ConfigError(f"{given}: no such file or directory", hint="check the path to scan")


def _walk(top: Path) -> list[Path]:
    files: list[Path] = []
    for folder, dirs, names in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        files.extend(Path(folder) / n for n in sorted(names) if Path(n).suffix.lower() in supported())
    return files


def _tree(entry: Path, root: Path) -> Path:
    """The tree a symlink must stay inside: the repository, or the scanned folder when outside it."""
    entry = _abs(entry)
    return root if entry == root or root in entry.parents else (entry if entry.is_dir() else entry.parent)


def _abs(path: Path) -> Path:
    """Absolute and free of "..": pathlib's lexical relative_to() takes "repo/../other" for inside "repo"."""
    return Path(os.path.abspath(path))


def _target(file: Path, root: Path, *, explicit: bool, tree: Path) -> Target | None:
    absolute = _abs(file)
    if file.is_symlink():
        real = file.resolve()
        if not real.is_file() or (real != tree.resolve() and tree.resolve() not in real.parents):
            log.warning("%s: symlink leads outside %s; not followed", file, tree)
            return None
    try:
        rel = absolute.relative_to(root).as_posix()
    except ValueError:  # outside the repository: relative to its root, so fingerprints do not depend on the cwd
        rel = Path(os.path.relpath(absolute, root)).as_posix()
    return Target(path=absolute, rel=rel)


def _below(file: Path, entry: Path, explicit: bool) -> str:
    """The file's POSIX path below the folder that was walked (just its name when it was named)."""
    if explicit:
        return file.name
    return _abs(file).relative_to(_abs(entry)).as_posix()


def _pattern_path(file: Path, root: Path, below: str) -> str:
    """The path include/exclude patterns see: repo-relative inside the repository, else below the scanned
    folder (a "../" prefix would match the hidden-path exclude ".*" and drop every file)."""
    try:
        return _abs(file).relative_to(root).as_posix()
    except ValueError:
        return below


def _selected(rel: str, below: str, include: tuple[str, ...], exclude: tuple[str, ...], explicit: bool) -> bool:
    # The built-in excludes judge only what the walk chose: a folder the user named (even a hidden one,
    # or one outside the repository) is scanned.
    if not explicit and (Path(rel).suffix.lower() not in supported() or matches(below, DEFAULT_EXCLUDE)):
        return False
    if include and not explicit and not matches(rel, include):
        return False
    return not matches(rel, exclude)


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    """gitignore-style glob: no slash = any depth; leading/inner slash = from the root; ** spans folders."""
    pattern = pattern.strip()
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    out, i = [], 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[" and "]" in body[i + 1:]:
            end = body.index("]", i + 1)
            out.append("[" + body[i + 1:end].replace("!", "^", 1) + "]")
            i = end + 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{''.join(out)}(?:/.*)?$")


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"cannot run git: {exc}", hint="--changed-since needs git") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["git failed"])[0]
        raise ConfigError(f"git {args[0]}: {first}", hint="--changed-since needs a git repository")
    return proc.stdout
