"""Benchmark of the CI gate: ``scan -j 1`` vs ``-j 2`` (no cache), and a cold vs a warm results cache.

Targets (issue 6): -j 2 at least 1.6x faster than -j 1; a warm-cache re-run at least 10x faster than the
cold run. Every figure is a wall time of the real CLI (``python -m clausecheck scan``), process start-up
included, because that is what a CI job pays.

    python benchmarks/scan_speed.py [--corpus DIR] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "cuad-dev" / "contracts"


REPO = Path(__file__).resolve().parents[1]
SNAPSHOT: dict[str, str] = {}  # PYTHONPATH of a frozen copy of the code, so edits made meanwhile in the
                               # checkout (which invalidate the cache, on purpose) cannot skew the figures


def freeze(into: Path) -> None:
    """Copy the package, rules and templates as they are now, and run every scan from that copy."""
    for name in ("clausecheck", "rules", "templates"):
        shutil.copytree(REPO / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
    SNAPSHOT["PYTHONPATH"] = str(into)


def run(corpus: Path, cache_dir: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the whole process tree) of one scan of ``corpus``."""
    env = {**os.environ, **SNAPSHOT, "CLAUSECHECK_CACHE_DIR": str(cache_dir)}
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "clausecheck", "scan", ".", "-q", "-f", "json",
                               "-o", str(Path(out) / "r.json"), *args], cwd=corpus, env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1, 3):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        results = json.loads((Path(out) / "r.json").read_text())
    reviewed = len(results["results"])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sys.stderr.write(f"  scan {' '.join(args)}: {elapsed:.2f} s wall, {cpu:.2f} s CPU ({reviewed} reviewed, "
                     f"{len(results['skipped'])} unreadable; load average {os.getloadavg()[0]:.1f})\n")
    return elapsed, cpu


def subset(corpus: Path, limit: int | None, into: Path) -> Path:
    """The corpus itself, or a folder with its first ``limit`` files (sorted by name)."""
    if not limit:
        return corpus
    for path in sorted(corpus.glob("*.txt"))[:limit]:
        shutil.copy(path, into / path.name)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "corpus").mkdir()
        corpus = subset(args.corpus, args.limit, tmpdir / "corpus")
        freeze(tmpdir / "src")
        count = len(list(corpus.glob("*.txt")))
        megabytes = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
        sys.stderr.write(f"{count} contracts, {megabytes:.1f} MB, {os.cpu_count()} CPUs\n")
        run(corpus, tmpdir / "warmup", "-j", "1", "--no-cache", "--include", "*.none")  # disk + imports
        j1, j1_cpu = run(corpus, tmpdir / "unused", "-j", "1", "--no-cache")
        j2, j2_cpu = run(corpus, tmpdir / "unused", "-j", "2", "--no-cache")
        cold, _ = run(corpus, tmpdir / "cache", "-j", "2")
        warm, _ = run(corpus, tmpdir / "cache", "-j", "2")
    figures = {
        "load_average_at_start": round(load, 2), "contracts": count, "megabytes": round(megabytes, 1),
        "cpus": os.cpu_count(),
        "machine": f"{platform.machine()} Python {platform.python_version()}",
        "j1_seconds": round(j1, 2), "j2_seconds": round(j2, 2), "speedup_j2": round(j1 / j2, 2),
        # CPU of the whole process tree: what -j 2 costs beyond -j 1 (duplicated set-up, the reader, pipes)
        "j1_cpu_seconds": round(j1_cpu, 2), "j2_cpu_seconds": round(j2_cpu, 2),
        "cold_cache_seconds": round(cold, 2), "warm_cache_seconds": round(warm, 2),
        "speedup_warm_cache": round(cold / warm, 1),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{count} contracts ({megabytes:.1f} MB) on {figures['machine']}, {os.cpu_count()} CPUs, "
          f"load average {figures['load_average_at_start']} (other work on the machine skews wall times)")
    print(f"scan -j 1 --no-cache   {j1:7.2f} s")
    print(f"scan -j 2 --no-cache   {j2:7.2f} s   speed-up {j1 / j2:.2f}x  (target >= 1.6x)")
    print(f"process-tree CPU       {j1_cpu:7.2f} s (-j 1)  {j2_cpu:.2f} s (-j 2)  -j 2 costs "
          f"{j2_cpu - j1_cpu:+.2f} CPU-s more")
    print(f"scan -j 2, cold cache  {cold:7.2f} s")
    print(f"scan -j 2, warm cache  {warm:7.2f} s   speed-up {cold / warm:.1f}x  (target >= 10x)")


if __name__ == "__main__":
    main()
