"""File discovery: walking, globs, include/exclude, symlinks, git changes with renames, shards."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from clausecheck import discover
from clausecheck.errors import ConfigError


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"contract {name}\n", encoding="utf-8")


def rels(targets: list[discover.Target]) -> list[str]:
    return [t.rel for t in targets]


def test_walk_finds_contract_formats_sorted_and_skips_noise(tmp_path: Path) -> None:
    touch(tmp_path, "b/z.PDF", "b/a.docx", "a.txt", "notes.md", "README.md", "LICENSE.txt", "x.py",
          "data.json", ".hidden/secret.txt", "node_modules/pkg/x.txt", ".draft.txt", "requirements.txt",
          "c.markdown", "d.text", "e.doc")
    found = discover.find([tmp_path], tmp_path)
    assert rels(found) == ["a.txt", "b/a.docx", "b/z.PDF", "c.markdown", "d.text", "notes.md"]
    assert all(t.path.is_absolute() for t in found)


def test_a_named_file_is_reviewed_even_if_the_walk_would_skip_it(tmp_path: Path) -> None:
    touch(tmp_path, "README.md", "contract.rtf")
    found = discover.find([tmp_path / "README.md", tmp_path / "contract.rtf"], tmp_path)
    assert rels(found) == ["README.md", "contract.rtf"]  # ingest says why .rtf is unsupported (exit 3)


@pytest.mark.parametrize(("pattern", "yes", "no"), [
    ("*.pdf", ["a.pdf", "x/y/a.pdf"], ["a.pdfx", "a.txt"]),
    ("archive", ["archive/a.txt", "x/archive/b.pdf"], ["archived/a.txt"]),
    ("archive/", ["archive/a.txt"], ["archive.txt"]),
    ("contracts/*.txt", ["contracts/a.txt"], ["contracts/x/a.txt", "y/contracts/a.txt"]),
    ("contracts/**", ["contracts/a.txt", "contracts/x/y/a.pdf"], ["other/contracts.txt"]),
    ("**/drafts/**", ["drafts/a.txt", "x/drafts/y/a.txt"], ["x/drafts.txt"]),
    ("/top.txt", ["top.txt"], ["x/top.txt"]),
    ("v?.md", ["v1.md", "a/v2.md"], ["v10.md"]),
    ("[ab]*.txt", ["a1.txt", "b.txt"], ["c.txt"]),
    ("[!a]*.txt", ["b.txt"], ["a.txt"]),
])
def test_gitignore_style_globs(pattern: str, yes: list[str], no: list[str]) -> None:
    for rel in yes:
        assert discover.matches(rel, [pattern]), (pattern, rel)
    for rel in no:
        assert not discover.matches(rel, [pattern]), (pattern, rel)


def test_include_and_exclude(tmp_path: Path) -> None:
    touch(tmp_path, "contracts/a.txt", "contracts/old/b.txt", "docs/c.md")
    assert rels(discover.find([tmp_path], tmp_path, include=["contracts/**"])) == \
        ["contracts/a.txt", "contracts/old/b.txt"]
    assert rels(discover.find([tmp_path], tmp_path, exclude=["old", "*.md"])) == ["contracts/a.txt"]
    # exclude applies to named files too (pre-commit passes file names)
    assert discover.find([tmp_path / "docs/c.md"], tmp_path, exclude=["docs/**"]) == []


def test_globs_in_paths_and_missing_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "c/a.txt", "c/b.pdf", "c/d/e.txt")
    monkeypatch.chdir(tmp_path)
    assert rels(discover.find(["c/*.txt"], tmp_path)) == ["c/a.txt"]
    assert rels(discover.find(["c/**/*.txt"], tmp_path)) == ["c/a.txt", "c/d/e.txt"]
    with pytest.raises(ConfigError, match="no files match 'c/\\*.docx'"):
        discover.find(["c/*.docx"], tmp_path)
    with pytest.raises(ConfigError, match="nope.txt: no such file"):
        discover.find(["nope.txt"], tmp_path)


def test_symlinks_never_lead_out_of_the_tree(tmp_path: Path) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    touch(repo, "a.txt")
    touch(outside, "secret.txt", "dir/s2.txt")
    os.symlink(outside / "secret.txt", repo / "leak.txt")
    os.symlink(outside / "dir", repo / "linkdir")
    os.symlink(repo / "a.txt", repo / "alias.txt")
    found = discover.find([repo], repo)
    assert rels(found) == ["a.txt"]  # a link inside the tree: the same file once
    assert discover.find([repo / "leak.txt"], repo) == []


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@x")
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def test_changed_since_follows_renames_and_ignores_deletions(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "c").mkdir()
    for name in ("a", "b", "c/old name"):
        (tmp_path / f"{name}.txt").write_text(f"Section {name}. " * 50, encoding="utf-8")
    (tmp_path / "same.txt").write_text("unchanged\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "b.txt").write_text("changed\n")
    git(tmp_path, "mv", "c/old name.txt", "c/new name.txt")
    git(tmp_path, "rm", "-q", "a.txt")
    git(tmp_path, "commit", "-q", "-am", "two")
    (tmp_path / "fresh.txt").write_text("untracked\n")
    assert discover.changed_since("HEAD~1", tmp_path) == {"b.txt", "c/new name.txt", "fresh.txt"}
    # a target branch that moved on after this branch was cut: its own changes are not ours
    git(tmp_path, "checkout", "-q", "-b", "target", "HEAD~1")
    (tmp_path / "same.txt").write_text("changed on the target branch only\n")
    git(tmp_path, "commit", "-q", "-am", "elsewhere")
    git(tmp_path, "checkout", "-q", "main")
    assert discover.changed_since("target", tmp_path) == {"b.txt", "c/new name.txt", "fresh.txt"}
    with pytest.raises(ConfigError, match="unknown git ref 'nope'") as info:
        discover.changed_since("nope", tmp_path)
    assert "fetch-depth" in (info.value.hint or "")


def test_shards_partition_deterministically() -> None:
    targets = [discover.Target(path=Path(f"/r/c{i}.txt"), rel=f"contracts/c{i}.txt") for i in range(200)]
    shards = [discover.shard(targets, i, 4) for i in range(1, 5)]
    assert sorted(t.rel for s in shards for t in s) == sorted(t.rel for t in targets)
    assert all(30 <= len(s) <= 70 for s in shards), [len(s) for s in shards]
    assert rels(discover.shard(list(reversed(targets)), 2, 4)) == list(reversed(rels(shards[1])))
    assert discover.parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "1", "a/b", "1/0"):
        with pytest.raises(ConfigError, match="invalid --shard"):
            discover.parse_shard(bad)


# ------------------------------------------------------------------ folders outside the repository, empty scans


def test_folder_outside_the_repository_is_walked_like_any_other(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo, other = tmp_path / "repo", tmp_path / "other"
    touch(repo, "own.txt")
    touch(other, "a.txt", "sub/b.pdf", "README.md", ".hidden/c.txt", ".draft.txt", "archive/old.txt")
    monkeypatch.chdir(repo)
    for given in (other, "../other", str(other) + "/"):
        found = discover.find([given], repo)
        assert [t.path.resolve() for t in found] == [other / "a.txt", other / "archive/old.txt", other / "sub/b.pdf"]
        assert rels(found) == ["../other/a.txt", "../other/archive/old.txt", "../other/sub/b.pdf"]
    # patterns see the path below the scanned folder, as they would inside the repository
    assert rels(discover.find(["../other"], repo, exclude=["archive", "/a.txt"])) == ["../other/sub/b.pdf"]
    assert rels(discover.find(["../other"], repo, include=["sub/**"])) == ["../other/sub/b.pdf"]
    assert rels(discover.find(["../other/a.txt"], repo, exclude=["a.txt"])) == []
    assert rels(discover.find(["../repo/own.txt", "../repo"], repo)) == ["own.txt"]  # ".." resolved, no duplicate


def test_path_outside_the_repository_is_relative_to_its_root_wherever_scan_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The path feeds the fingerprint, so a baseline must match whether scan runs at the root or in a subfolder.
    repo, other = tmp_path / "repo", tmp_path / "other"
    touch(repo, "drafts/own.txt")
    touch(other, "a.txt")
    for cwd in (repo, repo / "drafts", tmp_path):
        monkeypatch.chdir(cwd)
        assert rels(discover.find([other], repo)) == ["../other/a.txt"]
        assert rels(discover.find([repo / "drafts"], repo)) == ["drafts/own.txt"]


def test_hidden_folder_named_on_the_command_line_is_scanned(tmp_path: Path) -> None:
    touch(tmp_path, ".contracts/a.txt", ".contracts/.git/x.txt", ".contracts/README.md")
    assert rels(discover.find([tmp_path / ".contracts"], tmp_path)) == [".contracts/a.txt"]
    assert rels(discover.find([tmp_path], tmp_path)) == []  # a walk from the root still skips it


def test_scan_that_finds_nothing_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    touch(tmp_path, "empty/notes.py", "excluded/a.txt", "excluded/b.pdf", "some/c.txt")
    with caplog.at_level("WARNING", logger="clausecheck.discover"):
        assert discover.find([tmp_path / "empty"], tmp_path) == []
        assert discover.find([tmp_path / "excluded"], tmp_path, exclude=["excluded"]) == []
        assert len(discover.find([tmp_path / "some"], tmp_path)) == 1
    assert [r.getMessage() for r in caplog.records] == [
        f"warning: no contracts found in {tmp_path / 'empty'} (looked for .docx .markdown .md .pdf .text .txt); "
        "nothing was reviewed",
        f"warning: no contracts found in {tmp_path / 'excluded'} (2 file(s) left out by exclude or include "
        "patterns); nothing was reviewed",
    ]


def _scan_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run([sys.executable, "-m", "clausecheck", "scan", *args, "--no-cache", "--no-baseline",
                           "--format", "json", "--fail-on", "high"],
                          cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def test_cli_scan_of_a_folder_outside_the_repository_reviews_it(tmp_path: Path) -> None:
    repo, other = tmp_path / "repo", tmp_path / "other"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    other.mkdir()
    (other / "msa.txt").write_text(
        "MASTER SERVICES AGREEMENT\n\n1. Term. The initial term of this Agreement is sixty (60) months.\n\n"
        "2. Exclusivity. Customer shall use Provider as its exclusive provider of language model services.\n",
        encoding="utf-8")
    proc = _scan_cli(str(other), cwd=repo)
    import json

    report = json.loads(proc.stdout)
    assert [r["document"]["path"] for r in report["results"]] == ["../other/msa.txt"]
    assert proc.returncode == 1, proc.stderr  # the 60-month term is a high finding: the gate fails
    assert "no contracts found" not in proc.stderr


def test_cli_scan_that_finds_nothing_exits_0_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = _scan_cli("empty", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0
    assert "warning: no contracts found in empty (looked for" in proc.stderr
