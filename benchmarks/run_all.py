"""Every performance measurement of issue 8 in one command: each ratio against its target, and the machine.

    python benchmarks/run_all.py [--limit N] [--skip NAME,...] [--no-write]

Runs, one after another (never side by side, they would slow each other down), each in a fresh interpreter:
``throughput.py`` (scan -j 1 vs spaCy nlp.pipe, review latency, --help latency), ``pdf_overhead.py``,
``scan_speed.py`` (-j 1 vs -j 2), ``memory.py`` (one review), a ``scan -j 2`` watched for its memory,
``scaling.py`` and ``extract_speed.py``; prints a table of targets and writes ``benchmarks/performance.md``.

This machine is shared with other work (load average ~7 on 2 cores while this was written), so every step
is timed in wall seconds and in CPU seconds of its process tree (``getrusage(RUSAGE_CHILDREN)``); ratios are
given in both where both make sense. Exit code 1 when a target is missed, 0 when all are met.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "cuad-dev" / "contracts"
PDFS = SHARED / "cuad-dev" / "pdf"
OUTPUT = HERE / "performance.md"
GIB_MIB = 1024


@dataclass(frozen=True)
class Step:
    """One benchmark script run: its stdout, stderr, wall and CPU seconds (whole process tree)."""

    name: str
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    code: int


@dataclass(frozen=True)
class Check:
    """One issue-8 target: the measured value, the bound, and whether it is met."""

    target: str
    measured: str
    bound: str
    ok: bool
    note: str = ""


def run_step(name: str, argv: list[str], cwd: Path = REPO) -> Step:
    """Run a benchmark script; wall seconds and the CPU seconds of it and all its descendants."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {name}: {' '.join(argv[1:])}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sys.stderr.write(f"    {wall:.1f} s wall, {cpu:.1f} s CPU, exit {proc.returncode}\n")
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
    return Step(name, proc.stdout, proc.stderr, round(wall, 2), round(cpu, 2), proc.returncode)


def _json(step: Step) -> dict | list | None:
    try:
        return json.loads(step.stdout)
    except json.JSONDecodeError:
        return None


def machine() -> dict[str, str]:
    """CPU model, cores, memory, load averages, OS, Python, package versions and the commit measured."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    versions = []
    for package in ("clausecheck", "spacy", "pypdfium2", "pypdf", "python-docx", "rapidfuzz", "reportlab"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} absent")
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "clausecheck", "rules"], cwd=REPO,
                           capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": f"{model}, {os.cpu_count()} logical CPUs (affinity {len(os.sched_getaffinity(0))})",
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "load": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": ", ".join(versions),
        "commit": commit + (" (clausecheck/ or rules/ modified in the checkout)" if dirty else ""),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def scan_memory(corpus: Path) -> Step:
    """``scan -j 2 --no-cache`` of the corpus, watched: peak PSS of the whole tree, peak RSS of one process."""
    sys.path.insert(0, str(HERE))
    import memory  # sampling of /proc smaps_rollup over the process tree, shared with memory.py

    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] scan -j 2 memory\n")
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "clausecheck", "scan", ".", "-q", "-j", "2", "--no-cache", "--no-baseline",
                "--fail-on", "never", "-f", "json", "-o", str(Path(tmp) / "r.json")]
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=memory._sample, args=(proc.pid, stop, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # ru_maxrss: the largest single process of the tree
        stop.set()
        sampler.join()
        wall = time.perf_counter() - started
    figures = {"peak_pss_mib": round(peak[0] / 1024), "peak_single_rss_mib": round(usage.ru_maxrss / 1024)}
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    sys.stderr.write(f"    {wall:.1f} s wall, peak PSS {figures['peak_pss_mib']} MiB\n")
    return Step("scan -j 2 memory", json.dumps(figures), stderr, round(wall, 2),
                round(usage.ru_utime + usage.ru_stime, 2), code)


def checks(results: dict[str, Step]) -> list[Check]:
    """Every issue-8 target that was measured, with its verdict."""
    out: list[Check] = []
    t = _json(results["throughput"]) if "throughput" in results else None
    if isinstance(t, dict):
        out.append(Check("Text throughput: scan -j 1 --no-cache / nlp.pipe (304 CUAD TXT)",
                         f"{t['ratio_cpu']} CPU, {t['ratio_wall']} wall", "<= 1.0", t["ratio_cpu"] <= 1.0,
                         f"scan {t['scan_cpu_s']} s CPU / {t['scan_wall_s']} s wall; nlp.pipe "
                         f"{t['nlp_pipe_cpu_s']} s CPU / {t['nlp_pipe_wall_s']} s wall"
                         + (f"; the scan's start-up alone (no document) {t['startup_cpu_s']} s CPU, so the reviews "
                            f"themselves cost {round((t['scan_cpu_s'] - t['startup_cpu_s']) / t['nlp_pipe_cpu_s'], 2)}"
                            f"x the pipe; the tokenising process with its own start-up {t['nlp_process_cpu_s']} s CPU "
                            f"(process to process {round(t['scan_cpu_s'] / t['nlp_process_cpu_s'], 2)}x)"
                            if "startup_cpu_s" in t and "nlp_process_cpu_s" in t else "")))
        out.append(Check("Latency: review samples/lockin-heavy.pdf, cold process",
                         f"{t['review_pdf_wall_s']} s wall ({t['review_pdf_cpu_s']} s CPU)", "<= 2.0 s",
                         t["review_pdf_wall_s"] <= 2.0))
        out.append(Check("Latency: clausecheck --help", f"{t['help_wall_s']} s wall ({t['help_cpu_s']} s CPU)",
                         "< 0.3 s", t["help_wall_s"] < 0.3))
    p = _json(results["pdf_overhead"]) if "pdf_overhead" in results else None
    if isinstance(p, dict):
        out.append(Check(f"PDF: review / bare extraction ({p['files']} dev PDFs, engine {p['engine']})",
                         f"{p['ratio_cpu']} CPU, {p['ratio_wall']} wall", "<= 1.3", p["ratio_cpu"] <= 1.3,
                         f"extraction {p['extract_cpu_s']} s CPU, review {p['review_cpu_s']} s CPU, of which "
                         f"analysis of the extracted text {p['analysis_cpu_s']} s CPU"
                         + (f", isolation {p['isolation_cpu_s']} s CPU; floor at today's analysis speed "
                            f"{p['floor_ratio_cpu']}" if "floor_ratio_cpu" in p else "")
                         + (f"; tokenising the extracted texts once (nlp.pipe) costs {p['tokenise_once_cpu_s']} s "
                            f"CPU, so a review that only tokenised would be at {p['tokenise_only_ratio_cpu']}"
                            if "tokenise_once_cpu_s" in p else "")
                         + _pypdf_note(results)))
    m = _json(results["memory"]) if "memory" in results else None
    if isinstance(m, list) and m:
        r = m[0]
        out.append(Check("Memory: peak of a single review (lockin-heavy.pdf)",
                         f"{r['peak_rss_mib']} MiB RSS, {r['peak_pss_mib']} MiB PSS", "< 400 MB",
                         max(r["peak_rss_mib"], r["peak_pss_mib"]) < 400 * 1e6 / 2**20))
    s = _json(results["scan_memory"]) if "scan_memory" in results else None
    if isinstance(s, dict):
        out.append(Check("Memory: scan -j 2 --no-cache of the CUAD TXT (whole process tree)",
                         f"{s['peak_pss_mib']} MiB PSS (largest process {s['peak_single_rss_mib']} MiB RSS)",
                         "< 1 GiB", s["peak_pss_mib"] < GIB_MIB))
    j = _json(results["scan_speed"]) if "scan_speed" in results else None
    if isinstance(j, dict):
        cpu = dict(re.findall(r"scan (-j \d) --no-cache: [\d.]+ s wall, ([\d.]+) s CPU", results["scan_speed"].stderr))
        note = (f"-j 1 {j['j1_seconds']} s, -j 2 {j['j2_seconds']} s wall; CPU -j 1 {cpu.get('-j 1', '?')} s, "
                f"-j 2 {cpu.get('-j 2', '?')} s; load average {j['load_average_at_start']} at start"
                + (": other work holds part of the second core" if j["load_average_at_start"] >= 1.0 else ""))
        out.append(Check("Scaling: scan -j 2 speed-up over -j 1 (wall)", f"{j['speedup_j2']}x", ">= 1.6x",
                         j["speedup_j2"] >= 1.6, note))
    g = _json(results["scaling"]) if "scaling" in results else None
    if isinstance(g, dict):
        fits = g["fit"]
        per_page = {k: [pt["cpu_ms_per_page"] for pt in g["points"] if pt["kind"] == k] for k in fits}
        sizes = sorted({pt["pages"] for pt in g["points"]})
        out.append(Check(f"Scaling: review cost vs length ({'/'.join(map(str, sizes))} pages), CPU per page of "
                         f"the longest over the 100-page one", ", ".join(f"{k} {v}x" for k, v in
                                                                 g["per_page_growth"].items()),
                         "<= 1.15x (1 = linear)", bool(g["linear"]),
                         "; ".join(f"{k}: {f['intercept_s']} s + {f['s_per_page'] * 1000:.1f} ms/page, R^2 "
                                   f"{f['r2']}, log-log slope of the two longest {f['loglog_slope']}, CPU "
                                   f"ms/page {per_page[k]}" for k, f in fits.items())))
    return out


def _pypdf_note(results: dict[str, Step]) -> str:
    """The same PDF ratio with the pure-Python engine: a reference for the row above, not the target."""
    q = _json(results["pdf_overhead_pypdf"]) if "pdf_overhead_pypdf" in results else None
    if not isinstance(q, dict):
        return ""
    return (f"; with the pure-Python engine (--engine pypdf, reference only): extraction {q['extract_cpu_s']} s "
            f"CPU, review {q['review_cpu_s']} s CPU, ratio {q['ratio_cpu']}")


def table(rows: list[Check]) -> str:
    """The targets as a Markdown table."""
    lines = ["| target | measured | bound | met |", "|---|---|---|---|"]
    lines += [f"| {c.target} | {c.measured} | {c.bound} | {'yes' if c.ok else '**no**'} |" for c in rows]
    return "\n".join(lines)


def report(info: dict[str, str], rows: list[Check], results: dict[str, Step], command: str) -> str:
    """The whole of performance.md."""
    parts = [
        "# clausecheck performance (issue 8)", "",
        f"Generated by `{command}` on {info['date']} at commit {info['commit']}; regenerate it the same way.", "",
        "## Machine", "",
        f"- CPU: {info['cpu']}; RAM {info['memory']}",
        (f"- load average at start (1/5/15 min): {info['load']}; the machine is shared with other work, so wall "
         "times drift with the load. Every step is also timed in CPU seconds (user + system of the process "
         "tree, `getrusage(RUSAGE_CHILDREN)`), and throughput/PDF ratios are judged on CPU time."),
        f"- {info['os']}, {info['python']}", f"- {info['versions']}", "",
        "## Targets", "", table(rows), "",
        "Notes:", "",
    ]
    parts += [f"- {c.target}: {c.note}" for c in rows if c.note]
    parts += ["", "## Steps", "", "| step | wall s | CPU s | exit |", "|---|---|---|---|"]
    parts += [f"| {s.name} | {s.wall_s} | {s.cpu_s} | {s.code} |" for s in results.values()]
    if "scan_speed" in results:  # its per-run wall and CPU lines (CPU includes the pool workers)
        parts += ["", "## scan -j 1 / -j 2 / cache runs (scan_speed.py)", "", "```",
                  results["scan_speed"].stderr.rstrip(), "```"]
    if "extract_speed" in results:
        parts += ["", "## PDF extraction speed (extract_speed.py)", "", "```", results["extract_speed"].stdout.rstrip(),
                  "```"]
    for name, step in results.items():
        if step.code not in (0, 1):
            parts += ["", f"## {name} failed (exit {step.code})", "", "```", step.stderr.strip()[-1500:], "```"]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every step, print the targets table, write performance.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N TXT contracts (a quick try)")
    parser.add_argument("--skip", default="", help="comma-separated step names to leave out")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write performance.md")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    info = machine()
    py = sys.executable
    limit = ["--limit", str(args.limit)] if args.limit else []
    plan: dict[str, object] = {
        "throughput": [py, str(HERE / "throughput.py"), "--corpus", str(CORPUS), "--json", *limit],
        "pdf_overhead": [py, str(HERE / "pdf_overhead.py"), str(PDFS), "--json"],
        "pdf_overhead_pypdf": [py, str(HERE / "pdf_overhead.py"), str(PDFS), "--engine", "pypdf", "--json"],
        "scan_speed": [py, str(HERE / "scan_speed.py"), "--corpus", str(CORPUS), "--json", *limit],
        "memory": [py, str(HERE / "memory.py"), "--json", "--only", "sample"],
        "scan_memory": CORPUS,
        "scaling": [py, str(HERE / "scaling.py"), "--json"],
        "extract_speed": [py, str(HERE / "extract_speed.py"), str(PDFS)],
    }
    results: dict[str, Step] = {}
    subset = tempfile.TemporaryDirectory(prefix="clausecheck-bench-")
    if args.limit:  # the memory watch scans the same first N contracts as the other steps
        for path in sorted(CORPUS.glob("*.txt"))[: args.limit]:
            (Path(subset.name) / path.name).write_bytes(path.read_bytes())
        plan["scan_memory"] = Path(subset.name)
    for name, what in plan.items():
        if name in skip:
            continue
        results[name] = scan_memory(what) if isinstance(what, Path) else run_step(name, what)  # type: ignore[arg-type]
    subset.cleanup()
    rows = checks(results)
    print(f"machine: {info['cpu']}, {info['memory']} RAM, load {info['load']}, {info['python']}")
    print(f"versions: {info['versions']}; commit {info['commit']}")
    for c in rows:
        print(f"{'ok  ' if c.ok else 'MISS'} {c.target}: {c.measured} (target {c.bound})")
    if not args.no_write and not args.limit:
        command = "python benchmarks/run_all.py" + (f" --skip {args.skip}" if skip else "")
        OUTPUT.write_text(report(info, rows, results, command), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(REPO)}")
    failed = [n for n, s in results.items() if s.code not in (0, 1)]
    return 1 if failed or not all(c.ok for c in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
