"""A bounded, reproducible fuzz run of ingestion over mutated sample contracts.

Every mutated file must give a Document or an IngestError raised by ingestion itself: never another
exception (which the process boundary would report as "could not parse: <type>"), never a hang. A native
crash of PDFium is tolerated (the boundary turns it into an IngestError) but counted and reported.

Defaults run 200 mutations with a fixed seed in well under 30 s; for a longer local run:
``CLAUSECHECK_FUZZ_RUNS=5000 CLAUSECHECK_FUZZ_SEED=7 pytest tests/hostile/test_fuzz.py``.
Failing inputs are saved under the test's tmp folder, named by seed and index, to reproduce.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_files as cf

from clausecheck import isolation
from clausecheck.errors import IngestError
from clausecheck.policy import Policy

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
RUNS = int(os.environ.get("CLAUSECHECK_FUZZ_RUNS", "200"))
SEED = int(os.environ.get("CLAUSECHECK_FUZZ_SEED", "20261128"))
PER_FILE_TIMEOUT = 15.0
TOKENS = (b"obj", b"endobj", b"stream", b"<<", b">>", b"[", b"]", b"(", b")", b"/Length 99999999", b" 0 R",
          b"\x00", b"\xff", b"%%EOF", b"xref", b"<w:p>", b"</w:t>", b"<!DOCTYPE x>", b"&amp;", b"PK\x03\x04")


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def duplicate(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start: start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 8) + data[at:]


def delete(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 2048):]


def splice_token(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(TOKENS) + data[at + rng.randint(0, 4):]


BYTE_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (flip, truncate, duplicate, delete,
                                                                        splice_token)


def mutate_docx_xml(data: bytes, rng: random.Random) -> bytes:
    """Structure-aware: mutate one XML part's text and re-zip, so the damage reaches the XML parser."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        name = rng.choice(parts)
        body = archive.read(name)
    mutation = rng.choice(BYTE_MUTATIONS)
    return cf.rezip(data, replace={name: mutation(body, rng)})


@dataclass(frozen=True)
class Target:
    """A seed file to mutate, the engine to read it with, and its share of the runs."""

    name: str  # a sample under samples/, or "plain.pdf": an uncompressed PDF whose syntax mutations reach
    engine: str
    weight: int

    def seed(self) -> bytes:
        """The unmutated bytes."""
        if self.name == "plain.pdf":  # uncompressed, so flips hit the object and content-stream parsers
            return cf.simple_pdf([list(cf.CLAUSES[:3]), list(cf.CLAUSES[3:])])
        return (SAMPLES / self.name).read_bytes()


TARGETS = (
    Target("mixed.pdf", "pdfium", 20),
    Target("mixed.pdf", "pypdf", 10),
    Target("plain.pdf", "pdfium", 10),
    Target("plain.pdf", "pypdf", 10),
    Target("mixed.docx", "auto", 35),
    Target("clean.txt", "auto", 15),
)


def plan(runs: int, seed: int) -> list[tuple[int, Target, str]]:
    """(index, target, mutation name) for each run, reproducible from the seed."""
    rng = random.Random(seed)
    weights = [t.weight for t in TARGETS]
    out = []
    for index in range(runs):
        target = rng.choices(TARGETS, weights)[0]
        names = [m.__name__ for m in BYTE_MUTATIONS]
        if target.name.endswith(".docx"):
            names.append("mutate_docx_xml")
        out.append((index, target, rng.choice(names)))
    return out


MUTATIONS = {m.__name__: m for m in (*BYTE_MUTATIONS, mutate_docx_xml)}


def one_run(index: int, target: Target, mutation: str, folder: Path) -> tuple[str, str]:
    """Mutate, load in the boundary; returns (outcome kind, detail)."""
    rng = random.Random(SEED * 1_000_003 + index)
    data = MUTATIONS[mutation](target.seed(), rng)
    path = folder / f"fuzz-{SEED}-{index}-{mutation}{Path(target.name).suffix}"
    path.write_bytes(data)
    policy = Policy(pdf_engine=target.engine, timeout_seconds=PER_FILE_TIMEOUT)
    try:
        document = isolation.load_isolated(path, policy)
    except IngestError as exc:
        if exc.message.startswith("could not parse:"):
            return "leak", f"{path.name}: {exc.message}"
        if exc.message.startswith("parsing took longer"):
            return "hang", f"{path.name}: {exc.message}"
        if exc.message.startswith("the parser crashed"):
            return "crash", f"{path.name}: {exc.message}"
        path.unlink()
        return "refused", exc.message
    assert isinstance(document.text, str)
    path.unlink()
    return "read", ""


@pytest.mark.skipif(not isolation.fork_available(), reason="needs fork (Linux) to survive hangs and crashes")
def test_mutated_samples_give_a_document_or_an_ingest_error(tmp_path: Path) -> None:
    runs = plan(RUNS, SEED)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        outcomes = list(pool.map(lambda r: one_run(*r, tmp_path), runs))
    elapsed = time.monotonic() - started
    kinds = [kind for kind, _ in outcomes]
    problems = [detail for kind, detail in outcomes if kind in ("leak", "hang")]
    assert not problems, f"seed {SEED}: inputs kept in {tmp_path}:\n" + "\n".join(problems)
    assert len(outcomes) == RUNS
    # Both outcomes must actually occur, or the mutations are too weak (or too strong) to test anything.
    assert kinds.count("read") > RUNS // 10 and kinds.count("refused") > RUNS // 10, kinds
    crashes = [detail for kind, detail in outcomes if kind == "crash"]
    if crashes:  # contained by the boundary: reported, not failed
        print(f"{len(crashes)} native crash(es) contained:\n" + "\n".join(crashes))
    if RUNS <= 200:
        assert elapsed < 60, f"{RUNS} runs took {elapsed:.1f} s"
