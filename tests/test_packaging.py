"""The rule pack and templates ship inside the wheel and are found the same way as in a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_finds_repo_data() -> None:
    from clausecheck.resources import data_dir

    assert data_dir("rules") in (ROOT / "rules", ROOT / "clausecheck" / "_data" / "rules")
    assert data_dir("templates").is_dir()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (built,) = out.glob("clausecheck-*.whl")
    return built


def test_wheel_contains_rules_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    rules = [n for n in names if n.startswith("clausecheck/_data/rules/") and n.endswith(".yaml")]
    templates = [n for n in names if n.startswith("clausecheck/_data/templates/")]
    shipped = sorted(p for p in (ROOT / "rules").rglob("*.yaml"))
    assert len(rules) == len(shipped) > 0
    assert any(n.endswith(".html.j2") for n in templates)
    assert "clausecheck/cli/__init__.py" in names


def test_installed_wheel_uses_packaged_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = ("import clausecheck, clausecheck.resources as r; "
             "print(clausecheck.__file__); print(r.data_dir('rules')); print(r.data_dir('templates'))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    package_file, rules_dir, templates_dir = proc.stdout.split("\n")[:3]
    assert package_file.startswith(str(site))
    assert rules_dir == str(site / "clausecheck" / "_data" / "rules")
    assert templates_dir == str(site / "clausecheck" / "_data" / "templates")
    sample = ROOT / "samples" / "lockin-heavy.txt"
    proc = subprocess.run([sys.executable, "-m", "clausecheck", "review", str(sample), "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert '"rule_id"' in proc.stdout
