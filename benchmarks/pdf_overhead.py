"""What a review of a PDF costs on top of reading it: the 60 dev PDFs, review vs bare text extraction.

    python benchmarks/pdf_overhead.py [PDF_DIR] [--repeat N] [--json]

Target (issue 8): reviewing the dev PDFs costs at most 1.3x their bare text extraction with the default PDF
engine. Both sides run in this process, file by file and interleaved, so a burst of load from other work on the
machine hits both alike:

- extraction: ``clausecheck.ingest.load(path)`` with the default engine (engine extraction + normalisation);
- review: ``clausecheck.pipeline.review(path)`` as shipped (the parse in the persistent forked parse worker,
  then segmentation, parties, facts and every rule), with the ruleset loaded once beforehand as ``scan`` does;
- analysis, to show where the difference goes: the same review handed the document already extracted;
- a reference: the extracted texts tokenised once by a fresh ``spacy.blank("en")`` (``nlp.pipe``), the cost
  issue 8's throughput target takes as the budget of a whole review. ``(extraction + tokenise once) /
  extraction`` is the ratio a review would reach that did nothing but tokenise its text once.

``--engine pypdf`` measures against the pure-Python engine instead of the default (pdfium, ~12x faster to
extract, which is what makes the 1.3x budget small: it leaves 0.3x of a fast extraction for all the analysis).

The review is split into the parse in the worker (its CPU clock; minus the extraction, what isolation costs)
and the rest (receiving the Document and the analysis); ``(extraction + rest) / extraction`` is the floor of
the ratio while the analysis costs what it does. "Analysis alone" runs after the review of the same file, so
spaCy's vocabulary already holds the file's words: ~0.3 s less than the review's own analysis, which is why the
floor is computed from the review's side, not from it.

Each is timed in wall and CPU seconds (user + system, this process plus reaped children plus the live parse
worker's CPU clock, since the review parses in another process). The machine is shared (load average ~7 on
2 cores): the CPU ratio is the steadier one.
With ``--repeat N`` each file keeps its best (lowest-CPU) run of each side.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import cpu_seconds  # same folder; a script, not a package

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "cuad-dev" / "pdf"
TARGET = 1.3


def _cpu() -> float:
    """CPU seconds of this process, its reaped children and its live parse worker (which reviews parse in);
    scaling.cpu_seconds already adds the worker, so it is not added twice here."""
    return cpu_seconds()


def _children_cpu() -> float:
    """CPU seconds of the parse worker(s): the live one's clock plus every reaped child's."""
    import resource

    from clausecheck import isolation_worker

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime + isolation_worker.live_cpu_seconds()


def _timed(call: object) -> tuple[float, float, object, float]:
    """Wall and CPU seconds of ``call()``, what it returned, and the CPU seconds its child processes used."""
    cpu, wall, kids = _cpu(), time.perf_counter(), _children_cpu()
    value = call()  # type: ignore[operator]
    return time.perf_counter() - wall, _cpu() - cpu, value, _children_cpu() - kids


def tokenise_once(texts: list[str]) -> float:
    """CPU seconds of tokenising ``texts`` once with a fresh blank English pipeline (throughput.py's baseline)."""
    import spacy

    nlp = spacy.blank("en")
    started = time.process_time()
    for _ in nlp.pipe(texts):
        pass
    return time.process_time() - started


def measure(paths: list[Path], repeat: int, pdf_engine: str = "auto") -> dict[str, object]:
    """Extraction and review totals over ``paths``; files either side cannot read are left out of both."""
    from clausecheck import engine, ingest, pipeline
    from clausecheck.errors import IngestError
    from clausecheck.policy import Policy

    policy = Policy(pdf_engine=pdf_engine)
    ruleset = engine.load_ruleset(policy)
    pipeline.review(paths[0], policy, ruleset=ruleset)  # warm: lazy imports, pdfium, spaCy tokenizer
    totals = {"extract_wall": 0.0, "extract_cpu": 0.0, "review_wall": 0.0, "review_cpu": 0.0,
              "analysis_wall": 0.0, "analysis_cpu": 0.0, "review_parse_cpu": 0.0}
    pages, unreadable, worst, texts = 0, [], (0.0, ""), []
    for path in paths:
        try:
            extract = [_timed(lambda p=path: ingest.load(p, pdf_engine=policy.pdf_engine)) for _ in range(repeat)]
            review = [_timed(lambda p=path: pipeline.review(p, policy, ruleset=ruleset)) for _ in range(repeat)]
            document = extract[0][2]
            analysis = [_timed(lambda p=path, d=document: pipeline.review(p, policy, ruleset=ruleset, document=d))
                        for _ in range(repeat)]  # segmentation + rules on the text already read
        except IngestError as exc:
            unreadable.append(f"{path.name}: {exc.message}")
            continue
        e, r, a = (min(runs, key=lambda t: t[1]) for runs in (extract, review, analysis))
        pages += e[2].pages  # type: ignore[attr-defined]
        texts.append(e[2].text)  # type: ignore[attr-defined]
        totals["extract_wall"] += e[0]
        totals["extract_cpu"] += e[1]
        totals["review_wall"] += r[0]
        totals["review_cpu"] += r[1]
        totals["analysis_wall"] += a[0]
        totals["analysis_cpu"] += a[1]
        totals["review_parse_cpu"] += r[3]  # the parse in the worker, within the review
        if e[1] > 0 and r[1] / e[1] > worst[0]:
            worst = (r[1] / e[1], path.name)
    tokenise = tokenise_once(texts)
    return {
        "engine": policy.pdf_engine, "files": len(paths) - len(unreadable), "pages": pages,
        "unreadable": unreadable, "load_average": round(os.getloadavg()[0], 1),
        **{f"{k}_s": round(v, 2) for k, v in totals.items()},
        "ratio_wall": round(totals["review_wall"] / totals["extract_wall"], 2),
        "ratio_cpu": round(totals["review_cpu"] / totals["extract_cpu"], 2),
        # the parse in the worker against the same parse in this process: what isolation costs the worker side
        "isolation_cpu_s": round(totals["review_parse_cpu"] - totals["extract_cpu"], 2),
        # the review's own side (receiving the Document, segmentation, rules), first pass over the file's words
        "review_analysis_cpu_s": round(totals["review_cpu"] - totals["review_parse_cpu"], 2),
        # the best ratio the review can reach while its analysis costs what it costs today (a free worker)
        "floor_ratio_cpu": round((totals["review_cpu"] - totals["review_parse_cpu"] + totals["extract_cpu"])
                                 / totals["extract_cpu"], 2),
        "tokenise_once_cpu_s": round(tokenise, 2),
        "tokenise_only_ratio_cpu": round((totals["extract_cpu"] + tokenise) / totals["extract_cpu"], 2),
        "worst_file_ratio_cpu": round(worst[0], 2), "worst_file": worst[1], "target": TARGET,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures (or JSON). Exit 1 when the CPU ratio misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=1, help="time each file N times per side, keep the best")
    parser.add_argument("--engine", choices=("auto", "pdfium", "pypdf"), default="auto",
                        help="PDF engine of both sides (default: the shipped default, pdfium)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = sorted(args.pdf_dir.glob("*.pdf"))
    if not paths:
        sys.stderr.write(f"no PDFs in {args.pdf_dir}\n")
        return 2
    f = measure(paths, max(1, args.repeat), args.engine)
    ok = float(f["ratio_cpu"]) <= TARGET  # type: ignore[arg-type]
    if args.json:
        print(json.dumps({**f, "ok": ok}, indent=2))
        return 0 if ok else 1
    print(f"{f['files']} PDFs, {f['pages']} pages, engine {f['engine']}, load average {f['load_average']}")
    print(f"extraction (ingest.load)   {f['extract_wall_s']:7.2f} s wall {f['extract_cpu_s']:7.2f} s CPU")
    print(f"review (pipeline.review)   {f['review_wall_s']:7.2f} s wall {f['review_cpu_s']:7.2f} s CPU")
    print(f"  parse in the worker      {'':15} {f['review_parse_cpu_s']:7.2f} s CPU "
          f"(isolation: {f['isolation_cpu_s']:+.2f} s against the extraction in this process)")
    print(f"  the rest of the review   {'':15} {f['review_analysis_cpu_s']:7.2f} s CPU "
          "(receiving the Document, segmentation, parties, facts, rules)")
    print(f"analysis alone             {f['analysis_wall_s']:7.2f} s wall {f['analysis_cpu_s']:7.2f} s CPU "
          "(the same on the text already read, right after its review: spaCy's vocabulary already holds its words)")
    print(f"ratio review / extraction  {f['ratio_wall']:7.2f} wall  {f['ratio_cpu']:7.2f} CPU   (target <= {TARGET})")
    print(f"floor at today's analysis  {'':13} {f['floor_ratio_cpu']:7.2f} CPU   ((extraction + the rest of the "
          "review) / extraction: the ratio with a free parse worker)")
    print(f"tokenise once (reference)  {'':15} {f['tokenise_once_cpu_s']:7.2f} s CPU (nlp.pipe of the extracted "
          f"texts; a review that only tokenised would be at {f['tokenise_only_ratio_cpu']} CPU)")
    print(f"worst single file: {f['worst_file_ratio_cpu']}x CPU ({f['worst_file']})")
    for line in f["unreadable"]:  # type: ignore[attr-defined]
        print(f"unreadable: {line}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
