"""The CLI edge: help without heavy imports, one-line errors, documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clausecheck", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys; from clausecheck.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "heavy = [m for m in ('spacy', 'pypdf', 'pypdfium2', 'docx', 'jinja2', 'rapidfuzz') "
            "if m in sys.modules]\nprint('HEAVY=' + ','.join(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY=\n" in proc.stdout or proc.stdout.strip().endswith("HEAVY="), proc.stdout[-300:]
    assert "review" in proc.stdout


def test_version() -> None:
    from clausecheck import __version__

    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"clausecheck {__version__}"


@pytest.mark.parametrize("args", [["review"], ["review", "x.txt", "--no-such-flag"], ["frobnicate"]])
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_fail_on_is_usage_error(tmp_path: Path) -> None:
    contract = tmp_path / "c.txt"
    contract.write_text("1. Term. This Agreement lasts twelve (12) months.\n", encoding="utf-8")
    proc = run("review", str(contract), "--fail-on", "severe")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("error: flag --fail-on: invalid value for 'fail-on': 'severe' "
                                   "(expected one of info, low, medium, high, critical, never)")


@pytest.mark.parametrize("name,content,needle", [
    ("missing.txt", None, "does not exist"),
    ("empty.txt", b"", "empty"),
    ("contract.xyz", b"some text", "unsupported"),
])
def test_unreadable_documents_exit_3(tmp_path: Path, name: str, content: bytes | None, needle: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = run("review", str(path))
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {path}: ")
    assert needle in lines[0].lower()


def test_directory_is_unreadable(tmp_path: Path) -> None:
    proc = run("review", str(tmp_path))
    assert proc.returncode == 3
    assert proc.stderr.startswith(f"error: {tmp_path}: ")


def test_output_never_overwrites_input(tmp_path: Path) -> None:
    contract = tmp_path / "c.txt"
    contract.write_text("1. Term. This Agreement lasts twelve (12) months.\n", encoding="utf-8")
    proc = run("review", str(contract), "--format", "json", "-o", str(contract))
    assert proc.returncode == 2
    assert "is one of the input documents" in proc.stderr
    assert contract.read_text(encoding="utf-8").startswith("1. Term.")


def test_extract_json_lists_numbered_clauses(tmp_path: Path) -> None:
    contract = tmp_path / "c.txt"
    contract.write_text("MASTER AGREEMENT\n\n1. Term\n\n1.1 This Agreement lasts twelve (12) months.\n\n"
                        "2. Fees\n\n2.1 Customer pays the fees in the Order Form.\n", encoding="utf-8")
    proc = run("extract", str(contract), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    numbers = [c["number"] for c in data["clauses"] if c["number"]]
    assert "1.1" in numbers and "2.1" in numbers
    assert data["document"]["format"] == "txt"
