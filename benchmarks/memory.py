"""Peak memory of ``clausecheck review`` on the largest legitimate inputs of the hostile corpus.

Run: ``python benchmarks/memory.py [--json] [--only NAME]``. Exits 1 when a target is missed.

Targets (issue 7): under 1 GiB on a 10,000-page PDF and on a 50 MB text file; under 400 MB for one review
of a sample contract. Two figures per run:

- peak RSS: the largest resident set of any single process of the run (the CLI, or the child that parses
  in isolation), from ``wait4``; the kernel carries a reaped child's peak up to its parent;
- peak PSS: the whole process tree sampled every 50 ms from ``/proc/PID/smaps_rollup``. PSS splits pages
  shared after ``fork`` between the processes, so the sum is the real footprint of parent and child
  together. Sampling can miss a short spike; the RSS figure cannot.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hostile"))

MIB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    """One measured input and its memory budget."""

    name: str
    budget_mib: int
    source: str  # a corpus case name, or a path under samples/


@dataclass(frozen=True)
class Measure:
    """The outcome of one measured review."""

    name: str
    exit_code: int
    seconds: float
    peak_rss_mib: float
    peak_pss_mib: float
    budget_mib: int

    @property
    def ok(self) -> bool:
        """Within budget on both figures, and the review succeeded (exit 0 with --fail-on never)."""
        return self.exit_code == 0 and max(self.peak_rss_mib, self.peak_pss_mib) < self.budget_mib


TARGETS = (
    Target(name="10,000-page PDF", budget_mib=1024, source="pdf-10000-pages.pdf"),
    Target(name="50 MB text", budget_mib=1024, source="big-50mb.txt"),
    Target(name="sample review (lockin-heavy.pdf)", budget_mib=400, source="samples/lockin-heavy.pdf"),
)


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _sample(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], sum(_pss_kib(p) for p in _tree(pid)))
        stop.wait(0.05)


def measure(target: Target, path: Path) -> Measure:
    """Review ``path`` in a fresh interpreter; its peak memory and time."""
    command = [sys.executable, "-m", "clausecheck", "review", str(path), "--fail-on", "never", "--format", "json"]
    started = time.monotonic()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, cwd=REPO)
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_sample, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(f"{target.name}: exit {proc.returncode}: {stderr.strip()}\n")
    return Measure(name=target.name, exit_code=proc.returncode, seconds=round(time.monotonic() - started, 1),
                   peak_rss_mib=round(usage.ru_maxrss / 1024, 1), peak_pss_mib=round(peak[0] / 1024, 1),
                   budget_mib=target.budget_mib)


def _input(target: Target, folder: Path) -> Path:
    if target.source.startswith("samples/"):
        return REPO / target.source
    import make_corpus

    return make_corpus.make(folder, [target.source])[0]


def main(argv: list[str] | None = None) -> int:
    """Measure every target; print a table (or JSON); exit 1 if any is over budget or fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--only", help="measure only the target whose name contains this")
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.only or args.only in t.name]
    results = []
    with tempfile.TemporaryDirectory(prefix="clausecheck-memory-") as tmp:
        for target in targets:
            results.append(measure(target, _input(target, Path(tmp))))
    if args.json:
        sys.stdout.write(json.dumps([{**asdict(r), "ok": r.ok} for r in results], indent=2) + "\n")
    else:
        sys.stdout.write(f"{'input':36} {'exit':>4} {'time s':>7} {'peak RSS MiB':>13} {'peak PSS MiB':>13} "
                         f"{'budget':>7}  verdict\n")
        for r in results:
            sys.stdout.write(f"{r.name:36} {r.exit_code:>4} {r.seconds:>7} {r.peak_rss_mib:>13} "
                             f"{r.peak_pss_mib:>13} {r.budget_mib:>7}  {'ok' if r.ok else 'OVER/FAILED'}\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
