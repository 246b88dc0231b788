"""Every hostile or broken file: the documented exit code, one ``error:`` line, no traceback, within its limit.

The CLI is run as users run it (``python -m clausecheck review FILE``) with the default PDF engine; the
process boundary (``load_isolated``) is also checked directly for every file and both PDF engines, which is
fast and does not depend on the pipeline using isolation.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_files as cf
import make_corpus
from make_corpus import CASES, RULE_CASES, Case, RuleCase

from clausecheck import isolation
from clausecheck.errors import IngestError
from clausecheck.policy import Policy

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FAST = [case for case in CASES if not case.slow]
SLOW = [case for case in CASES if case.slow]


def params(cases: list[Case]) -> list[object]:
    """Cases as parameters, a case with a known bug as a strict xfail naming it."""
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.known_bug)] if c.known_bug
                         else []) for c in cases]


def pipeline_isolates() -> bool:
    """Whether ``pipeline.review`` parses through the process boundary yet."""
    from clausecheck import pipeline

    return "load_isolated" in inspect.getsource(pipeline)


@dataclass(frozen=True)
class Run:
    """One finished CLI run."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(*args: str, timeout: float, cwd: Path = REPO) -> Run:
    """Run ``python -m clausecheck ARGS`` the way a user or CI job does (no stdin, own process group)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONFAULTHANDLER", "PYTHONWARNINGS"))}
    env["COLUMNS"] = "200"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "clausecheck", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout, env=env, cwd=cwd, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def review_args(path: Path, engine: str = "auto") -> list[str]:
    """``review`` arguments that make a readable file exit 0 whatever the rules find."""
    args = ["review", str(path), "--fail-on", "never", "--format", "json"]
    return args + (["--pdf-engine", engine] if engine != "auto" else [])


def runnable(case: Case) -> bool:
    """Cases that only the process boundary survives run through the CLI once the pipeline isolates."""
    return not case.needs_isolation or pipeline_isolates()


class Corpus:
    """Corpus files built on first use, once per test process (bombs and the big files take seconds)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __truediv__(self, name: str) -> Path:
        path = self.folder / name
        if not path.exists():
            make_corpus.make(self.folder, [name])
        return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("hostile"))


def cli_run(case: Case, path: Path) -> Run:
    """``review`` of one corpus file through the CLI."""
    return run_cli(*review_args(path), timeout=case.limit_s * 3 + 60)


def assert_outcome(case: Case, path: Path, run: Run, engine: str = "auto") -> None:
    """The documented exit code, the error or warning, a clean stderr, within the case's time limit."""
    expected = case.outcome_for(engine)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert run.code == expected.exit_code, f"{case.name}: exit {run.code}, stderr {run.stderr!r}"
    if expected.exit_code == 3 and not expected.partly_read:
        lines = run.stderr.splitlines()
        assert len(lines) == 1, f"{case.name}: stderr is not one line: {run.stderr!r}"
        assert lines[0].startswith(f"error: {path}: "), lines[0]
        assert expected.expect in lines[0]
        assert run.stdout == ""
    else:
        assert run.stderr == "", f"{case.name}: unexpected stderr {run.stderr!r}"
        report = json.loads(run.stdout)
        assert report["document"]["clause_count"] > 0
        assert expected.expect in " | ".join(report["warnings"])
        assert bool(report["document"]["unread_pages"]) == expected.partly_read, report["document"]
    assert run.seconds < case.limit_s, f"{case.name}: {run.seconds:.1f} s, limit {case.limit_s} s"


@pytest.mark.slow  # ~30 CLI start-ups of 2-8 s each
@pytest.mark.parametrize("case", params(FAST))
def test_review_of_hostile_file(case: Case, corpus: Corpus) -> None:
    if not runnable(case):
        pytest.skip("pipeline.review does not parse through clausecheck.isolation yet")
    path = corpus / case.name
    run = cli_run(case, path)
    assert_outcome(case, path, run)
    assert "root:" not in run.stdout + run.stderr  # nothing read from /etc/passwd (XXE) ever shows


def _engines(case: Case) -> list[str]:
    return ["auto", "pypdf"] if case.name.endswith(".pdf") else ["auto"]


@pytest.mark.parametrize("case,engine", [
    pytest.param(c, e, id=f"{c.name}-{e}", marks=([pytest.mark.slow] if c.slow else [])
                 + ([pytest.mark.xfail(strict=True, reason=c.known_bug)] if c.known_bug else []))
    for c in CASES for e in _engines(c)])
def test_isolated_load_of_hostile_file(case: Case, engine: str, corpus: Corpus) -> None:
    expected = case.outcome_for(engine)
    path = corpus / case.name
    started = time.monotonic()
    if expected.exit_code == 3 and not expected.partly_read:
        with pytest.raises(IngestError) as info:
            isolation.load_isolated(path, Policy(pdf_engine=engine))
        assert expected.expect in str(info.value)
        assert info.value.path == str(path)
    else:
        document = isolation.load_isolated(path, Policy(pdf_engine=engine))
        assert document.text.strip()
        assert expected.expect in " | ".join(document.warnings)
        assert bool(document.unread_pages) == expected.partly_read
    assert time.monotonic() - started < case.limit_s


def test_external_relationships_are_never_fetched(tmp_path: Path) -> None:
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        path = tmp_path / "remote-template.docx"
        path.write_bytes(cf.external_refs_docx(f"http://127.0.0.1:{server.server_address[1]}"))
        assert "template.dotm" in zipfile.ZipFile(path).read("word/_rels/settings.xml.rels").decode()
        document = isolation.load_isolated(path, Policy())
    finally:
        server.shutdown()
        server.server_close()
    assert "thirty-six (36) months" in document.text
    assert requests == []


def test_every_corpus_case_is_documented() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert case.outcome.exit_code in (0, 3)
        assert case.outcome.exit_code == 0 or case.outcome.expect, f"{case.name}: no expected error"
        assert not case.outcome.partly_read or case.outcome.exit_code == 3
        assert case.pypdf is None or case.name.endswith(".pdf")


@pytest.mark.slow
@pytest.mark.parametrize("case", params(SLOW))
def test_review_of_huge_file(case: Case, tmp_path: Path) -> None:
    path = make_corpus.make(tmp_path, [case.name])[0]
    assert_outcome(case, path, run_cli(*review_args(path), timeout=case.limit_s * 2))


# ------------------------------------------------------------------ a scan mixing hostile and good files

GOOD = ("lockin-heavy.pdf", "mixed.docx", "clean.txt")


def _scan(folder: Path, out: Path) -> tuple[Run, dict]:
    # Run from the folder's parent, as a CI job runs from its repository root.
    run = run_cli("scan", folder.name, "--format", "json", "--output", str(out), "--fail-on", "high",
                  "--no-cache", "--no-baseline", "--quiet", timeout=600, cwd=folder.parent)
    return run, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}


def _findings(result: dict) -> list[tuple[str, str, str]]:
    return sorted((f["rule_id"], f["kind"], f.get("excerpt") or "") for f in result["findings"])


@pytest.mark.slow
def test_scan_mixing_hostile_and_good_files_keeps_every_good_result(corpus: Corpus, tmp_path: Path) -> None:
    good_only = tmp_path / "good"
    mixed = tmp_path / "mixed"
    good_only.mkdir()
    mixed.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLES / name, good_only / name)
        shutil.copy(SAMPLES / name, mixed / name)
    # scan only picks up supported extensions (a .docm is not a contract to it); review refuses the rest.
    hostile = [case for case in FAST if runnable(case) and case.outcome.exit_code == 3 and not case.known_bug
               and not case.outcome.partly_read
               and Path(case.name).suffix in (".pdf", ".docx", ".txt", ".md")]
    for case in hostile:
        shutil.copy(corpus / case.name, mixed / case.name)

    clean_run, clean = _scan(good_only, tmp_path / "good.json")
    mixed_run, report = _scan(mixed, tmp_path / "mixed.json")

    assert clean_run.code == 1, clean_run.stderr  # the lock-in sample has high findings
    assert mixed_run.code == 3, mixed_run.stderr
    assert "Traceback" not in mixed_run.stderr
    expected = {Path(r["document"]["path"]).name: _findings(r) for r in clean["results"]}
    got = {Path(r["document"]["path"]).name: _findings(r) for r in report["results"]}
    assert set(got) == set(GOOD)
    for name in GOOD:
        assert got[name] == expected[name] and got[name], name
    skipped = {Path(s["path"]).name: s["error"] for s in report["skipped"]}
    assert set(skipped) == {case.name for case in hostile}
    for case in hostile:
        assert case.outcome.expect in skipped[case.name], (case.name, skipped[case.name])


# ------------------------------------------------------------------ hostile rule packs (rules test DIR)

@pytest.mark.slow
@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.known_bug)] if c.known_bug else [])
    for c in RULE_CASES])
def test_rules_test_refuses_hostile_rule_pack(case: RuleCase, tmp_path: Path) -> None:
    pack = make_corpus.make_rule_pack(tmp_path, case)
    try:
        run = run_cli("rules", "test", str(pack), timeout=case.limit_s, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: still running after {case.limit_s} s")
    lines = run.stderr.splitlines()
    assert run.code == 2, (run.code, run.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in run.stderr
    assert case.expect in lines[0]
    assert not (tmp_path / "PWNED").exists() and not (REPO / "PWNED").exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.known_bug)] if c.known_bug else [])
    for c in make_corpus.CONFIG_CASES])
def test_review_refuses_hostile_config(case: RuleCase, tmp_path: Path) -> None:
    (tmp_path / ".clausecheck.toml").write_bytes(case.build())
    shutil.copy(SAMPLES / "clean.txt", tmp_path / "clean.txt")
    run = run_cli("review", "clean.txt", timeout=case.limit_s, cwd=tmp_path)
    lines = run.stderr.splitlines()
    assert run.code == 2, (run.code, run.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in run.stderr
    assert case.expect in lines[0] and "internal error" not in lines[0], lines[0]
    assert f"{tmp_path / '.clausecheck.toml'}" in lines[0], lines[0]  # the error names the file


# ------------------------------------------------------------------ hostile text and names in the outputs

INJECTION_NAME = "<img src=x onerror=alert(9)>.txt"
INJECTION_TEXT = ("MASTER AGREEMENT <script>alert(1)</script>\n\n1. Term. The initial term of this Agreement is "
                  "thirty-six (36) months <img src=x onerror=alert(2)> and renews automatically for successive "
                  "twelve (12) month terms. [link](javascript:alert(3)) <!-- comment -->\n")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_contract_text_and_file_name_are_escaped_in_reports(fmt: str, tmp_path: Path) -> None:
    (tmp_path / INJECTION_NAME).write_text(INJECTION_TEXT, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    run = run_cli("review", INJECTION_NAME, "--format", fmt, "--fail-on", "never", "--output", str(out),
                  timeout=120, cwd=tmp_path)
    assert run.code == 0, run.stderr
    report = out.read_text(encoding="utf-8")
    assert "onerror=alert(2)" in report.replace("\\(", "(").replace("\\)", ")")  # the excerpt is shown...
    live = ["<script>alert(1)", "<img src=x onerror", "<!-- comment"]
    live += ["](javascript:"] if fmt == "markdown" else []  # a Markdown link is live only in Markdown
    for raw in live:
        assert raw not in report, raw  # ...but never as live markup


@pytest.mark.slow
def test_report_never_overwrites_its_input(tmp_path: Path) -> None:
    contract = tmp_path / "contract.txt"
    contract.write_text(INJECTION_TEXT, encoding="utf-8")
    run = run_cli("review", "contract.txt", "--format", "json", "--output", "contract.txt", timeout=120,
                  cwd=tmp_path)
    assert run.code == 2 and len(run.stderr.splitlines()) == 1, run.stderr
    assert "is one of the input documents" in run.stderr
    assert contract.read_text(encoding="utf-8") == INJECTION_TEXT
