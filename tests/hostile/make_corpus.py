"""Generate the hostile-input corpus into a folder, with each file's documented outcome.

Run: ``python tests/hostile/make_corpus.py DIR [NAME ...]`` (prints one line per file written).

Each ``Case`` says what ``clausecheck review FILE --fail-on never --format json`` must do with the file: exit 3
with a one-line ``error:`` naming the reason, or read it (exit 0), possibly with a warning. PDF cases also state
the outcome with ``--pdf-engine pypdf`` where it differs from the default engine (PDFium): the two engines
recover from different defects. Nothing hostile is stored in the repository; every byte is built here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_files as cf

DAMAGED_PDF = "is not a readable PDF"
NOT_DOCX = "is not a valid DOCX"


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What the CLI must do: the exit code, and a substring of the error line (exit 3) or of a warning.

    ``partly_read``: exit 3 all the same, but with the report of the pages that were read on stdout and
    ``expect`` in its warnings (a contract only partly read is an unknown risk, not a clean pass).
    """

    exit_code: int
    expect: str = ""
    partly_read: bool = False


@dataclass(frozen=True, kw_only=True)
class Case:
    """One corpus file: how to build it, what must happen, and within how many seconds."""

    name: str
    build: Callable[[], bytes]
    outcome: Outcome
    pypdf: Outcome | None = None  # PDF only: the outcome with --pdf-engine pypdf when it differs
    limit_s: float = 30.0
    needs_isolation: bool = False  # only the process boundary keeps the run alive (crash, hang, OOM)
    slow: bool = False
    why: str = ""
    known_bug: str = ""  # non-empty: the documented outcome does not hold yet (strict xfail, with the reason)

    def outcome_for(self, engine: str) -> Outcome:
        """The documented outcome with ``engine`` (auto or pypdf)."""
        return self.pypdf if engine == "pypdf" and self.pypdf is not None else self.outcome


def unreadable(expect: str) -> Outcome:
    """Exit 3 with ``expect`` in the one error line."""
    return Outcome(exit_code=3, expect=expect)


def partly_read(expect: str) -> Outcome:
    """Exit 3 with a report whose warnings name the unread part (``expect``)."""
    return Outcome(exit_code=3, expect=expect, partly_read=True)


READ = Outcome(exit_code=0)
_PDF = cf.contract_pdf
_DOCX = cf.contract_docx

CASES: tuple[Case, ...] = (
    # --- PDF: truncated, bit-flipped, structurally hostile
    Case(name="pdf-truncated-20.pdf", build=lambda: cf.truncate(_PDF(), 0.2), outcome=unreadable(DAMAGED_PDF),
         why="download cut short: no xref, no trailer, streams cut"),
    Case(name="pdf-truncated-90.pdf", build=lambda: cf.truncate(_PDF(), 0.9), outcome=unreadable(DAMAGED_PDF),
         why="only the xref and trailer are missing"),
    Case(name="pdf-bitflip-streams.pdf", build=lambda: cf.flip_in_streams(_PDF(), 40, seed=1),
         outcome=unreadable("text extraction failed on every page"),
         why="every compressed content stream is corrupt: damaged, not a scan (OCR would not help)"),
    Case(name="pdf-bitflip-header.pdf", build=lambda: cf.flip_bits(_PDF(), 200, seed=2),
         outcome=unreadable("PDF"), why="bits flipped all over, the header included"),
    Case(name="pdf-cyclic-xref.pdf", build=lambda: cf.simple_pdf([list(cf.CLAUSES[:2])], prev_loop=True),
         outcome=READ, why="the /Prev chain of xref tables points at itself; both engines stop the loop"),
    Case(name="pdf-cyclic-pages.pdf", build=cf.cyclic_pages_pdf, outcome=unreadable("every page"),
         pypdf=unreadable("cyclic page"), why="/Kids of the page tree lead back to its root"),
    Case(name="pdf-garbage-xref.pdf", build=lambda: cf.simple_pdf([list(cf.CLAUSES[:2])], xref_garbage=True),
         outcome=READ, why="every xref offset is wrong; readers rebuild the table by scanning"),
    Case(name="pdf-huge-length.pdf",
         build=lambda: cf.simple_pdf([list(cf.CLAUSES[:2])], length_lie=99_999_999_999),
         outcome=READ, pypdf=unreadable("every page"), why="a content stream declares /Length of 100 GB"),
    Case(name="pdf-deep-nesting.pdf", build=cf.deep_nesting_pdf, outcome=READ,
         pypdf=unreadable(DAMAGED_PDF), why="100,000 nested arrays in the page dictionary"),
    Case(name="pdf-stream-bomb.pdf", build=cf.stream_bomb_pdf, outcome=unreadable("the parser crashed"),
         pypdf=unreadable("every page"), limit_s=60.0, needs_isolation=True,
         why="2 MB of FlateDecode inflating to 2 GiB: PDFium aborts at the memory cap, pypdf stops at its "
             "own decompression limit"),
    Case(name="pdf-one-corrupt-page.pdf", build=cf.one_bad_page_pdf, outcome=partly_read("text extraction failed on "
                                                                                         "page 2"),
         why="page 2 of 3 cannot be decoded: the other pages are reviewed and a warning names page 2"),
    Case(name="pdf-missing-page-content.pdf", build=lambda: cf.one_bad_page_pdf(missing=True),
         outcome=partly_read("text extraction failed on page 2"), why="page 2's /Contents points at no object"),
    Case(name="pdf-10000-pages.pdf", build=lambda: cf.many_pages_pdf(10_000), outcome=READ, limit_s=120.0,
         slow=True, why="a legitimate but long document: must finish, in bounded memory"),
    # --- DOCX: damaged, zip bombs, XML entity tricks, look-alikes
    Case(name="docx-truncated-50.docx", build=lambda: cf.truncate(_DOCX(), 0.5), outcome=unreadable(NOT_DOCX),
         why="no central directory"),
    Case(name="docx-bitflip-document.docx",
         build=lambda: cf.flip_in_member(_DOCX(), "word/document.xml", 30, seed=3), outcome=unreadable(NOT_DOCX),
         why="compressed body corrupt: inflate or CRC must catch it"),
    Case(name="docx-ratio-bomb.docx", build=cf.ratio_bomb_docx, outcome=unreadable("zip bomb"),
         why="1.9 MB that inflates to 1 GiB of XML"),
    Case(name="docx-many-entries.docx", build=cf.many_entries_docx, outcome=unreadable("ZIP entries, over"),
         why="50,000 zip members"),
    Case(name="docx-overlapping-entries.docx", build=cf.overlapping_docx, outcome=unreadable("overlapping"),
         why="2,000 directory entries share one 16 MiB member: 32 GB declared in 1 MB"),
    Case(name="docx-xxe.docx", build=cf.xxe_docx, outcome=unreadable("DOCTYPE"),
         why="external entity pointing at /etc/passwd"),
    Case(name="docx-billion-laughs.docx", build=cf.billion_laughs_docx, outcome=unreadable("DOCTYPE"),
         why="nested entities expanding to 10^9 'lol's"),
    Case(name="docx-macro-content-type.docx", build=cf.macro_docx, outcome=unreadable("macro-enabled"),
         why="macro-enabled main part and a vbaProject.bin, named .docx"),
    Case(name="macro.docm", build=cf.macro_docx, outcome=unreadable("macro-enabled"), why=".docm extension"),
    Case(name="ole-header.docx", build=lambda: cf.OLE_HEADER + cf.junk(4096, seed=4),
         outcome=unreadable("OLE"), why="a compound file (legacy .doc / encrypted Office) named .docx"),
    Case(name="rtf.docx", build=lambda: cf.RTF, outcome=unreadable("RTF"), why="RTF named .docx"),
    # --- wrong extensions
    Case(name="pdf-named.docx", build=_PDF, outcome=unreadable("is a PDF file, not a .docx"), why=""),
    Case(name="docx-named.pdf", build=_DOCX, outcome=unreadable("not a PDF"), why=""),
    Case(name="png-named.txt", build=cf.png_bytes, outcome=unreadable("PNG"), why=""),
    # --- empty files of each extension
    Case(name="empty.pdf", build=lambda: b"", outcome=unreadable("empty"), why=""),
    Case(name="empty.docx", build=lambda: b"", outcome=unreadable("empty"), why=""),
    Case(name="empty.txt", build=lambda: b"", outcome=unreadable("empty"), why=""),
    Case(name="empty.md", build=lambda: b"", outcome=unreadable("empty"), why=""),
    # --- text
    Case(name="junk.txt", build=lambda: cf.junk(64 * 1024, seed=5), outcome=unreadable("not a text file"),
         why="random bytes"),
    Case(name="utf16-no-bom.txt", build=lambda: cf.CONTRACT_TEXT.encode("utf-16-le"),
         outcome=Outcome(exit_code=0, expect="UTF-16-LE"), why="decoded by its NUL pattern, with a warning"),
    Case(name="big-50mb.txt", build=lambda: cf.big_text(50), outcome=READ, limit_s=600.0, slow=True,
         why="a legitimate but huge text: must finish, in bounded memory (the rules take minutes over it)"),
)

BY_NAME = {case.name: case for case in CASES}


@dataclass(frozen=True, kw_only=True)
class RuleCase:
    """A hostile rule pack (rules in a repository are untrusted too): ``clausecheck rules test DIR`` exits 2."""

    name: str
    build: Callable[[], bytes]  # the one rule file's bytes
    expect: str
    limit_s: float = 30.0
    known_bug: str = ""  # non-empty: the documented outcome does not hold yet (strict xfail, with the reason)


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _redos_rule() -> bytes:
    return b"""id: custom.redos
title: Nested quantifier
pillar: commercial
kind: risk
severity: low
rationale: x
recommendation: x
match:
  any:
    - regex: '(a+)+$'
examples:
  flag: ["aaaa"]
  pass: ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"]
"""


RULE_CASES: tuple[RuleCase, ...] = (
    RuleCase(name="yaml-alias-bomb", build=_alias_bomb, expect="anchors and aliases are not allowed"),
    RuleCase(name="yaml-huge", build=lambda: b"id: x\n# " + b"x" * (10 * 1024 * 1024) + b"\n",
             expect="more than the 256 KB limit"),
    RuleCase(name="yaml-python-tag", build=lambda: b'!!python/object/apply:os.system ["touch PWNED"]\n',
             expect="could not determine a constructor"),
    RuleCase(name="yaml-redos-regex", build=_redos_rule, expect="backtrack catastrophically"),
    RuleCase(name="yaml-binary-junk", build=lambda: cf.junk(4096, seed=9), expect="not UTF-8"),
    RuleCase(name="yaml-deep-nesting", build=lambda: b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
             expect="invalid YAML", limit_s=15.0),
)


CONFIG_CASES: tuple[RuleCase, ...] = (  # a .clausecheck.toml next to a good contract: review exits 2
    RuleCase(name="toml-deep-nesting", build=lambda: b"fail-on = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
             expect="nested too deeply"),
    RuleCase(name="toml-binary-junk", build=lambda: cf.junk(2048, seed=3), expect="not UTF-8 text"),
    RuleCase(name="toml-huge-string", build=lambda: b'x = "' + b"a" * (50 * 1024 * 1024) + b'"\n',
             expect="unknown key 'x'"),
)


def make_rule_pack(folder: Path, case: RuleCase) -> Path:
    """A rule-pack folder holding the case's one rule file."""
    pack = folder / case.name
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "rule.yaml").write_bytes(case.build())
    return pack


def make(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write the named corpus files (all by default) into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES if not names else [BY_NAME[name] for name in names]:
        path = folder / case.name
        path.write_bytes(case.build())
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: write the corpus into DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("names", nargs="*", help="only these files (default: all)")
    args = parser.parse_args(argv)
    for path in make(args.folder, args.names or None):
        case = BY_NAME[path.name]
        sys.stdout.write(f"{path}  exit {case.outcome.exit_code}  {case.outcome.expect!r}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
