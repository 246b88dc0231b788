"""The gate as CI runs it: a temporary git repository of contracts, ``python -m clausecheck scan``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SARIF_SCHEMA = ROOT / "tests" / "report" / "sarif-schema-2.1.0.json"  # copy of the official schema
NEW_RED_FLAG = ("\n\n15. SOLE SUPPLIER\n\n15.1 During the Term, the Customer shall obtain its large language "
                "model services exclusively from the Provider.\n")
GIT_ENV = {"GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.com", "GIT_COMMITTER_NAME": "ci",
           "GIT_COMMITTER_EMAIL": "ci@example.com"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def scan(repo: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAUSECHECK_CACHE_DIR": str(cache or repo.parent / "cache")}
    return subprocess.run([sys.executable, "-m", "clausecheck", *args], cwd=repo, capture_output=True,
                          text=True, timeout=180, env=env)


def make_repo(tmp_path: Path, *, broken: bool = True) -> Path:
    repo = tmp_path / "procurement"
    (repo / "contracts").mkdir(parents=True)
    shutil.copy(SAMPLES / "clean.txt", repo / "contracts" / "clean.txt")
    for ext in ("txt", "docx", "pdf"):
        shutil.copy(SAMPLES / f"lockin-heavy.{ext}", repo / "contracts" / f"risky.{ext}")
    if broken:
        (repo / "contracts" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog" + b"\0" * 64)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "contracts as signed")
    return repo


def findings(data: dict, path: str) -> list[dict]:
    (doc,) = [d for d in data["results"] if d["document"]["path"] == path]
    return doc["findings"]


def open_gating(data: dict, path: str) -> list[dict]:
    return [f for f in findings(data, path) if f["gating"] and not f["suppressed"]]


def test_exit_code_of_each_case_and_outputs_before_exit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert scan(repo, "scan", "contracts/clean.txt").returncode == 0
    risky = scan(repo, "scan", "contracts/risky.txt", "-q")
    assert risky.returncode == 1, risky.stderr
    unreadable = scan(repo, "scan", "contracts/broken.pdf", "--format", "json")
    assert unreadable.returncode == 3
    assert json.loads(unreadable.stdout)["skipped"][0]["path"] == "contracts/broken.pdf"
    assert any(line.startswith("error: contracts/broken.pdf: ") for line in unreadable.stderr.splitlines())

    out = tmp_path / "out"
    proc = scan(repo, "scan", "-f", "json", "-o", str(out / "r.json"), "-f", "sarif",
                "-o", str(out / "r.sarif"), "-f", "markdown", "-o", str(out / "r.md"), "-j", "2")
    assert proc.returncode == 3, proc.stderr  # unreadable wins over red flags
    data = json.loads((out / "r.json").read_text())
    assert sorted(d["document"]["path"] for d in data["results"]) == [
        "contracts/clean.txt", "contracts/risky.docx", "contracts/risky.pdf", "contracts/risky.txt"]
    assert [s["path"] for s in data["skipped"]] == ["contracts/broken.pdf"]
    assert open_gating(data, "contracts/clean.txt") == []
    rules_by_format = {ext: sorted({f["rule_id"] for f in open_gating(data, f"contracts/risky.{ext}")})
                       for ext in ("txt", "docx", "pdf")}
    assert rules_by_format["txt"]  # the DOCX and PDF copies gate on the same red flags as the TXT
    assert rules_by_format["txt"] == rules_by_format["docx"] == rules_by_format["pdf"]
    sarif = json.loads((out / "r.sarif").read_text())
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("broken.pdf" in json.dumps(n) for n in notes)
    assert "risky.txt" in (out / "r.md").read_text()


def test_baseline_then_new_red_flag_waivers_and_changed_since(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    repo = make_repo(tmp_path, broken=False)
    created = scan(repo, "baseline", "create")
    assert created.returncode == 0, created.stderr
    baseline_text = (repo / ".clausecheck-baseline.json").read_text()
    assert '"contracts/risky.txt"' in baseline_text and "generated" not in baseline_text
    assert scan(repo, "baseline", "create").returncode == 2  # never overwritten silently
    git(repo, "add", ".clausecheck-baseline.json")
    git(repo, "commit", "-q", "-m", "adopt clausecheck: accept existing findings")
    assert scan(repo, "scan", "-q").returncode == 0  # everything known is baselined

    with (repo / "contracts" / "clean.txt").open("a", encoding="utf-8") as handle:
        handle.write(NEW_RED_FLAG)
    git(repo, "commit", "-q", "-am", "vendor redline: sole supplier")
    out = tmp_path / "out"
    proc = scan(repo, "scan", "-f", "json", "-o", str(out / "r.json"), "-f", "sarif",
                "-o", str(out / "r.sarif"), "-f", "markdown", "-o", str(out / "summary.md"))
    assert proc.returncode == 1, proc.stderr
    data = json.loads((out / "r.json").read_text())
    (new,) = open_gating(data, "contracts/clean.txt")
    assert new["rule_id"].startswith("exclusivity.") and "exclusively" in new["excerpt"]
    risky = findings(data, "contracts/risky.txt")
    assert risky and all(f["suppression"] == "baseline" for f in risky)
    assert new["title"] in (out / "summary.md").read_text()
    sarif = json.loads((out / "r.sarif").read_text())
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    results = sarif["runs"][0]["results"]
    suppressed = [f["fingerprint"] for d in data["results"] for f in d["findings"]
                  if f["suppressed"] and f["kind"] != "info"]  # SARIF leaves info findings out
    sarif_suppressed = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results
                        if r.get("suppressions")]
    assert sorted(sarif_suppressed) == sorted(suppressed)
    assert all(r["suppressions"][0]["kind"] == "external" for r in results if r.get("suppressions"))

    nothing = scan(repo, "scan", "--changed-since", "HEAD", "-f", "json")
    assert nothing.returncode == 0 and json.loads(nothing.stdout)["results"] == []
    changed = scan(repo, "scan", "--changed-since", "HEAD~1", "-f", "json")
    assert changed.returncode == 1
    assert [d["document"]["path"] for d in json.loads(changed.stdout)["results"]] == ["contracts/clean.txt"]

    waiver = ('[[waiver]]\nrule = "{rule}"\npath = "contracts/clean.txt"\n'
              'reason = "Sole supplier accepted for the pilot"\napprover = "cfo@example.com"\n'
              'expires = {expires}\n')
    waivers = repo / ".clausecheck-waivers.toml"
    waivers.write_text(waiver.format(rule=new["rule_id"], expires="2020-01-31"))
    expired = scan(repo, "scan", "contracts", "-f", "json")
    assert expired.returncode == 1
    assert "expired on 2020-01-31" in expired.stderr
    waivers.write_text(waiver.format(rule=new["rule_id"], expires="2999-12-31"))
    active = scan(repo, "scan", "contracts", "-f", "json")
    assert active.returncode == 0, active.stderr
    (waived,) = [f for f in findings(json.loads(active.stdout), "contracts/clean.txt")
                 if f["fingerprint"] == new["fingerprint"]]
    assert waived["suppression"].startswith("waiver: Sole supplier accepted for the pilot")
    waivers.write_text(waiver.format(rule=new["rule_id"], expires="2999-12-31").replace("reason", "# reason"))
    invalid = scan(repo, "scan", "-q")
    assert invalid.returncode == 2 and "missing 'reason'" in invalid.stderr
    waivers.unlink()

    # Accept the new clause too: updating for one contract keeps the entries of the others.
    before = json.loads((repo / ".clausecheck-baseline.json").read_text())["findings"]
    updated = scan(repo, "baseline", "update", "contracts/clean.txt")
    assert updated.returncode == 0, updated.stderr
    after = json.loads((repo / ".clausecheck-baseline.json").read_text())["findings"]
    assert new["fingerprint"] in {e["fingerprint"] for e in after}
    assert [e for e in before if e["path"] != "contracts/clean.txt"] == \
        [e for e in after if e["path"] != "contracts/clean.txt"]
    assert scan(repo, "scan", "-q").returncode == 0


def test_shards_merge_into_the_full_report(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, broken=False)
    out = tmp_path / "out"
    full = scan(repo, "scan", "-f", "json", "-o", str(out / "full.json"), "-q", "--no-cache")
    for i in (1, 2):
        shard = scan(repo, "scan", "--shard", f"{i}/2", "-f", "json", "-o", str(out / f"s{i}.json"), "-q")
        assert shard.returncode in (0, 1), shard.stderr
    merged = scan(repo, "merge", str(out / "s1.json"), str(out / "s2.json"), "-f", "json",
                  "-o", str(out / "merged.json"), "-q")
    assert merged.returncode == full.returncode == 1
    want, got = (json.loads((out / n).read_text()) for n in ("full.json", "merged.json"))
    assert [(d["document"]["path"], [f["fingerprint"] for f in d["findings"]]) for d in got["results"]] == \
        [(d["document"]["path"], [f["fingerprint"] for f in d["findings"]]) for d in want["results"]]


def test_configuration_errors_exit_2_before_reviewing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, broken=False)
    (repo / "pyproject.toml").write_text('[tool.clausecheck]\nfail-on = "severe"\n')
    proc = scan(repo, "scan")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "invalid value for 'fail-on'" in proc.stderr
    (repo / "pyproject.toml").unlink()
    clobber = scan(repo, "scan", "-f", "json", "-o", "contracts/clean.txt", "contracts/clean.txt")
    assert clobber.returncode == 2 and "one of the input documents" in clobber.stderr
    assert (repo / "contracts" / "clean.txt").read_text() == (SAMPLES / "clean.txt").read_text()
    assert scan(repo, "scan", "--shard", "3/2").returncode == 2


def test_pre_commit_hook_and_action_match_the_cli(tmp_path: Path) -> None:
    import re

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    names = ("contracts/a.PDF", "b.docx", "c/d.txt", "e.md", "x.py", "README.md", "d/CHANGELOG.md")
    chosen = [p for p in names if files.search(p) and not exclude.search(p)]
    assert chosen == ["contracts/a.PDF", "b.docx", "c/d.txt", "e.md"]
    assert hook["entry"].split()[:2] == ["clausecheck", "scan"]
    repo = make_repo(tmp_path, broken=False)
    # pre-commit appends the staged file names to the entry
    proc = scan(repo, *hook["entry"].split()[1:], "contracts/risky.txt", "contracts/clean.txt")
    assert proc.returncode == 1, proc.stderr

    action = yaml.safe_load((ROOT / "action.yml").read_text())
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    env = {k: v for step in action["runs"]["steps"] for k, v in (step.get("env") or {}).items()}
    for name in action["inputs"]:
        assert f"inputs.{name}" in json.dumps(action["runs"]), f"input {name} is never used"
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", script)) - {"--quiet", "--disable-pip-version-check"}
    help_text = scan(repo, "scan", "--help").stdout
    assert flags and all(flag in help_text for flag in flags), flags
    assert env["CLAUSECHECK_CACHE_DIR"]
    assert any(step.get("if", "").startswith("always()") and "upload-sarif" in step.get("uses", "")
               for step in action["runs"]["steps"])


def test_output_plan() -> None:
    from clausecheck.cli.scan_cmd import plan_outputs
    from clausecheck.errors import ConfigError

    assert plan_outputs(None, None) == [("terminal", None)]
    assert plan_outputs(["terminal", "sarif", "markdown"], ["-", "r.sarif", "s.md"]) == [
        ("terminal", None), ("sarif", "r.sarif"), ("markdown", "s.md")]
    assert plan_outputs(["sarif", "json"], ["r.sarif"]) == [("sarif", "r.sarif"), ("json", None)]
    # one output short and one terminal view: the terminal goes to stdout, the files pair with the rest
    assert plan_outputs(["terminal", "sarif", "markdown"], ["r.sarif", "s.md"]) == [
        ("terminal", None), ("sarif", "r.sarif"), ("markdown", "s.md")]
    assert plan_outputs(None, ["r.sarif", "x.md", "y.log"]) == [
        ("sarif", "r.sarif"), ("markdown", "x.md"), ("terminal", "y.log")]
    for formats, outputs, needle in ((["json", "sarif"], None, "only one --format can go to stdout"),
                                     (["json"], ["a", "b"], "more --output than --format"),
                                     (["pdf"], None, "unknown report format 'pdf'")):
        with pytest.raises(ConfigError, match=needle):
            plan_outputs(formats, outputs)


def test_missing_accepted_risk_files(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, broken=False)
    flagged = scan(repo, "scan", "contracts/clean.txt", "--baseline", "nope.json")
    assert flagged.returncode == 2
    assert "baseline file" in flagged.stderr and "does not exist" in flagged.stderr
    assert scan(repo, "scan", "contracts/clean.txt", "--waivers", "nope.toml").returncode == 2
    # configured before it was created: no error, nothing suppressed
    (repo / ".clausecheck.toml").write_text('baseline = "legal/baseline.json"\nwaivers = "legal/w.toml"\n')
    assert scan(repo, "scan", "contracts/clean.txt", "-q").returncode == 0
    (repo / ".clausecheck.toml").unlink()
    assert scan(repo, "baseline", "create", "--baseline", "legal/custom.json").returncode == 0
    assert scan(repo, "scan", "-q").returncode == 1  # not the default location: not applied
    assert scan(repo, "scan", "-q", "--baseline", "legal/custom.json").returncode == 0
