"""Regenerate the dev-set accuracy table (benchmarks/accuracy.md, and the README block if marked).

    python benchmarks/accuracy.py                      # ../shared/cuad-dev/labels.jsonl, all CPUs
    python benchmarks/accuracy.py LABELS.jsonl --pdf -j 2

The README block between ``<!-- accuracy:start -->`` and ``<!-- accuracy:end -->`` is replaced by the
same table when both markers are present. Figure definitions: docs/labels-format.md.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = Path(os.environ.get("CLAUSECHECK_DEV_LABELS",
                                    ROOT.parent / "shared" / "cuad-dev" / "labels.jsonl"))
MARKERS = ("<!-- accuracy:start -->", "<!-- accuracy:end -->")


def build(labels: Path, *, use_pdf: bool, jobs: int | None) -> tuple[str, str, float]:
    """Markdown for one run of ``clausecheck eval`` over ``labels``: the full page (per-rule table
    included), the README block (category and extraction tables only), and the wall time."""
    from clausecheck.evaluate import evaluate, to_markdown

    started = time.perf_counter()
    result = evaluate(labels, use_pdf=use_pdf, jobs=jobs)
    elapsed = time.perf_counter() - started
    source = "PDF where given, else TXT" if use_pdf else "TXT"
    intro = (f"Dev set: `{labels.parent.name}/{labels.name}` ({result.contracts} contracts, {source}). "
             "Document level: a contract is predicted positive when any finding carries the category's "
             "`cuad:` label. Clause recall: share of the lawyers' clauses overlapped by a finding; findings "
             "on gold: share of findings overlapping a lawyers' clause (overlap >= 0.5 of the shorter span). "
             "Definitions: [docs/labels-format.md](../docs/labels-format.md). Regenerate with "
             "`python benchmarks/accuracy.py`.")
    return (f"{intro}\n\n{to_markdown(result)}", f"{intro}\n\n{to_markdown(result, per_rule=False)}",
            elapsed)


def update_readme(readme: Path, table: str) -> bool:
    """Replace the marked README block with ``table``; False when the markers are absent."""
    if not readme.is_file():
        return False
    text = readme.read_text(encoding="utf-8")
    start, end = (re.escape(m) for m in MARKERS)
    pattern = re.compile(f"{start}.*?{end}", re.DOTALL)
    if not pattern.search(text):
        return False
    block = f"{MARKERS[0]}\n{table.replace('](../', '](')}{MARKERS[1]}"
    readme.write_text(pattern.sub(lambda _: block, text, count=1), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and write the table(s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="?", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--pdf", action="store_true", help="review the PDFs where given")
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="default: benchmarks/accuracy.md (accuracy-pdf.md with --pdf)")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args(argv)
    page, block, elapsed = build(args.labels, use_pdf=args.pdf, jobs=args.jobs)
    output = args.output or ROOT / "benchmarks" / ("accuracy-pdf.md" if args.pdf else "accuracy.md")
    output.write_text("# clausecheck accuracy on the dev set\n\n" + page, encoding="utf-8")
    readme = not args.pdf and not args.no_readme and update_readme(ROOT / "README.md", block)
    sys.stderr.write(f"wrote {output}{' and README.md' if readme else ''} in {elapsed:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
