"""PDF extraction speed of both engines on the dev PDFs: pages/s, total and worst-case seconds.

    python benchmarks/extract_speed.py [PDF_DIR] [--engines pdfium,pypdf]

Times ``clausecheck.ingest.load`` (engine extraction plus normalisation) once per file, in this process,
so the figures include everything a review pays for reading a PDF and nothing else.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = Path(os.environ.get("CLAUSECHECK_CUAD_DEV", ROOT.parent / "shared" / "cuad-dev")) / "pdf"


def measure(paths: list[Path], engine: str) -> dict[str, float | int | str]:
    """Load every PDF with ``engine``; returns pages, seconds, pages/s and the slowest file."""
    from clausecheck import ingest

    pages, total, worst, worst_name = 0, 0.0, 0.0, ""
    cpu_started = time.process_time()  # CPU time too: wall time swings when other jobs share the cores
    for path in paths:
        started = time.perf_counter()
        document = ingest.load(path, pdf_engine=engine)
        elapsed = time.perf_counter() - started
        pages += document.pages
        total += elapsed
        if elapsed > worst:
            worst, worst_name = elapsed, path.name
    return {
        "engine": engine,
        "files": len(paths),
        "pages": pages,
        "seconds": total,
        "cpu_seconds": time.process_time() - cpu_started,
        "pages_per_s": pages / total if total else 0.0,
        "worst_s": worst,
        "worst_file": worst_name,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--engines", default="pdfium,pypdf")
    args = parser.parse_args(argv)
    paths = sorted(args.pdf_dir.glob("*.pdf"))
    if not paths:
        sys.stderr.write(f"no PDFs in {args.pdf_dir}\n")
        return 2
    rows = [measure(paths, engine) for engine in args.engines.split(",")]
    print(
        f"{'engine':<8} {'files':>5} {'pages':>6} {'total s':>8} {'cpu s':>7} {'pages/s':>8} {'worst s':>8}  worst file"
    )
    for row in rows:
        print(
            f"{row['engine']:<8} {row['files']:>5} {row['pages']:>6} {row['seconds']:>8.2f} {row['cpu_seconds']:>7.2f} "
            f"{row['pages_per_s']:>8.1f} {row['worst_s']:>8.2f}  {str(row['worst_file'])[:60]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
