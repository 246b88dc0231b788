"""Dump what the analysis produces for the dev corpus, so a performance change can prove it changed nothing.

    python benchmarks/equivalence.py before.jsonl --rules /tmp/frozen-rules   # on the old code
    python benchmarks/equivalence.py after.jsonl --rules /tmp/frozen-rules    # on the new code
    cmp before.jsonl after.jsonl                                              # must be identical

One line per document (the CUAD TXT contracts, then the samples): its clauses (index, number, heading, span,
kind), facts, parties and the full repr of every finding (spans, excerpts, highlights, fingerprints). Pass a
copy of the rule pack made before the change (``cp -r rules /tmp/frozen-rules``) so rule edits made meanwhile
do not show up as differences. Prints the CPU seconds of segmentation and of the checks.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Write the dump and print the analysis CPU time."""
    from clausecheck import segment
    from clausecheck.engine import check, load_ruleset
    from clausecheck.ingest import load
    from clausecheck.policy import Policy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rules", help="rule pack to use instead of the shipped one (a frozen copy)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "cuad-dev" / "contracts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    args = parser.parse_args()
    policy = Policy(isolate=False)
    ruleset = load_ruleset(policy, dirs=[args.rules], shipped=False) if args.rules else load_ruleset(policy)
    files = sorted(args.corpus.glob("*.txt"))[:args.limit] + sorted((ROOT / "samples").glob("*.txt"))
    documents = [(path, load(path)) for path in files]
    seg = chk = 0.0
    with args.out.open("w", encoding="utf-8") as out:
        for path, document in documents:
            started = time.process_time()
            clauses = segment.split(document)
            split = time.process_time()
            # A path independent of where the checkout sits: fingerprints include it, and worktrees compare dumps.
            shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
            result = check(document, clauses, ruleset, policy, display_path=shown)
            seg, chk = seg + split - started, chk + time.process_time() - split
            out.write(json.dumps({
                "file": path.name,
                "clauses": [(c.index, c.number, c.heading, c.span.start, c.span.end, c.kind) for c in clauses],
                "facts": repr(result.facts), "parties": result.parties,
                "findings": [repr(f) for f in result.findings]}, default=str) + "\n")
    print(f"{len(documents)} documents: segmentation {seg:.2f} CPU-s, checks {chk:.2f} CPU-s, total {seg + chk:.2f}")


if __name__ == "__main__":
    main()
