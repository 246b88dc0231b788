"""`clausecheck rules test DIR --with-shipped` and `rules show` for a user pack that builds on shipped rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RULE = """\
id: acme.shortfall-note
title: Shortfall payment on a minimum commitment
pillar: commercial
kind: risk
severity: low
rationale: A shortfall payment matters only where there is a minimum commitment.
recommendation: Delete the shortfall payment.
requires: [commercial.minimum-commitment]
match:
  any:
    - regex: '\\bshortfall\\s+payment\\b'
examples:
  flag:
    - "Customer shall purchase a minimum of 1,000 units each year and shall make a shortfall payment for any deficit."
  pass:
    - "Any shortfall payment under the previous agreement is waived."
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clausecheck", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "shortfall-note.yaml").write_text(RULE, encoding="utf-8")
    return tmp_path


def test_pack_requiring_a_shipped_rule_is_refused_alone_with_a_hint(pack: Path) -> None:
    result = run("rules", "test", str(pack))
    assert result.returncode == 2
    assert "unknown rule id 'commercial.minimum-commitment'" in result.stderr
    assert "--with-shipped" in result.stderr


def test_with_shipped_runs_only_the_packs_examples(pack: Path) -> None:
    result = run("rules", "test", str(pack), "--with-shipped", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    assert [line.split(": ")[0] for line in lines] == ["ok   acme.shortfall-note::flag[0]",
                                                        "ok   acme.shortfall-note::pass[0]"]
    assert result.stdout.strip().endswith("2 of 2 examples pass (1 rules)")


def test_with_shipped_reports_a_failing_example_of_the_pack(pack: Path) -> None:
    path = pack / "acme" / "shortfall-note.yaml"
    flag = ("Customer shall purchase a minimum of 1,000 units each year and shall make a shortfall payment for "
            "any deficit.")
    # The flag example as a pass example: it is flagged (the shipped minimum-commitment rule fires), so it fails.
    path.write_text(RULE.replace("Any shortfall payment under the previous agreement is waived.", flag),
                    encoding="utf-8")
    result = run("rules", "test", str(pack), "--with-shipped")
    assert result.returncode == 1
    assert "FAIL acme.shortfall-note::pass[0]" in result.stdout


def test_show_names_the_required_rules(pack: Path) -> None:
    result = run("rules", "show", "acme.shortfall-note", "--rules", str(pack))
    assert result.returncode == 0, result.stderr
    assert "Reported only where the document also has a finding of: commercial.minimum-commitment" in result.stdout
