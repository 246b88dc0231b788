"""Baseline: deterministic file, update semantics, apply by fingerprint, and fingerprints that survive
reflow and renumbering end to end."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from clausecheck import baseline
from clausecheck.errors import ConfigError
from clausecheck.model import DocumentResult, Facts, Finding, FindingKind, Pillar, Severity

ROOT = Path(__file__).resolve().parents[1]


def finding(rule: str, fp: str, excerpt: str = "Customer shall  route\n70% of traffic.",
            suppression: str | None = None) -> Finding:
    return Finding(rule_id=rule, title=rule, severity=Severity.HIGH, kind=FindingKind.RISK,
                   pillar=Pillar.EXCLUSIVITY, excerpt=excerpt, fingerprint=fp, line=7,
                   suppression=suppression)


def result(path: str, *findings: Finding) -> DocumentResult:
    return DocumentResult(path=path, format="txt", sha256="0" * 64, pages=1, facts=Facts(), findings=findings)


def test_file_is_sorted_without_timestamps_or_lines() -> None:
    results = [result("z.txt", finding("b.rule", "ff:0")),
               result("a.txt", finding("b.rule", "cc:0"), finding("a.rule", "dd:1"),
                      finding("a.rule", "ee:0", suppression="waiver: accepted (approved by x, expires y)"))]
    text = baseline.dumps(baseline.entries_of(results))
    assert text == baseline.dumps(baseline.entries_of(list(reversed(results))))
    data = json.loads(text)
    assert data["version"] == 1
    assert [(e["path"], e["rule_id"], e["fingerprint"]) for e in data["findings"]] == [
        ("a.txt", "a.rule", "dd:1"), ("a.txt", "b.rule", "cc:0"), ("z.txt", "b.rule", "ff:0")]
    assert data["findings"][0]["excerpt"] == "Customer shall route 70% of traffic."
    assert set(data["findings"][0]) == {"path", "rule_id", "fingerprint", "excerpt"}  # no line, no page
    assert not any(key in text for key in ("generated", "time", "date", '"line"'))
    assert text.endswith("}\n")


def test_round_trip_and_apply_marks_only_known_fingerprints(tmp_path: Path) -> None:
    path = tmp_path / baseline.FILENAME
    path.write_text(baseline.dumps(baseline.entries_of([result("a.txt", finding("r", "aa:0"))])))
    entries = baseline.load(path)
    applied = baseline.apply([result("a.txt", finding("r", "aa:0"), finding("r", "aa:1"),
                                     finding("r", "aa:0", suppression="waiver: x"))], entries)
    assert [f.suppression for f in applied[0].findings] == ["baseline", None, "waiver: x"]


def test_update_keeps_entries_of_documents_not_scanned() -> None:
    old = baseline.entries_of([result("a.txt", finding("r", "a1:0")), result("b.txt", finding("r", "b1:0"))])
    new = baseline.entries_of([result("a.txt", finding("r", "a2:0"))])
    merged = baseline.merge(old, new, scanned=["a.txt"])
    assert [(e.path, e.fingerprint) for e in merged] == [("a.txt", "a2:0"), ("b.txt", "b1:0")]


@pytest.mark.parametrize(("text", "needle"), [
    ("{not json", "not valid JSON"),
    ('{"version": 2, "findings": []}', "not a clausecheck baseline"),
    ('{"version": 1, "findings": [{"path": "a"}]}', "findings[0]: needs string path"),
])
def test_malformed_baseline_is_a_config_error(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        baseline.load(path)
    assert needle in str(info.value) and str(path) in str(info.value)


def _fingerprints(text: str, tmp_path: Path) -> dict[tuple[str, str], str]:
    """fingerprint -> rule id of the risk findings of contract ``text`` reviewed at one display path."""
    from clausecheck import pipeline
    from clausecheck.policy import Policy

    path = tmp_path / "contract.txt"
    path.write_text(text, encoding="utf-8")
    res = pipeline.review(path, Policy(), display_path="contracts/acme.txt")
    return {f.fingerprint: f.rule_id for f in res.findings if f.kind is FindingKind.RISK}


def test_fingerprints_survive_reflow_and_an_inserted_clause(tmp_path: Path) -> None:
    source = (ROOT / "samples" / "lockin-heavy.txt").read_text(encoding="utf-8")
    original = _fingerprints(source, tmp_path)
    assert len(original) >= 3, original
    # Re-flow: every long line broken at a different width, as another export or PDF layout would.
    import textwrap

    reflowed = "\n".join(textwrap.fill(line, width=61) if len(line) > 80 else line
                         for line in source.split("\n"))
    assert reflowed != source
    # Every accepted finding keeps its fingerprint. (Equality would also demand that the rules match
    # exactly the same text whatever the line breaks; that is the engine's concern, not the baseline's.)
    assert original.items() <= _fingerprints(reflowed, tmp_path).items()
    # A new clause inserted near the top shifts every line and offset below it.
    first_break = source.index("\n\n") + 2
    notices = "0. NOTICES. All notices shall be in writing.\n\n"
    inserted = source[:first_break] + notices + source[first_break:]
    assert original.items() <= _fingerprints(inserted, tmp_path).items()


def test_fingerprints_survive_repagination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock-in sample laid out on A4 instead of Letter: other line breaks, other page breaks."""
    pytest.importorskip("reportlab")
    import dataclasses
    import importlib.util

    from clausecheck import pipeline
    from clausecheck.policy import Policy

    spec = importlib.util.spec_from_file_location("samples_build", ROOT / "samples" / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)  # dataclasses look their module up there
    spec.loader.exec_module(build)
    (letter,) = [s for s in build.SAMPLES if s.name == "lockin-heavy"]
    a4 = dataclasses.replace(letter, page_size="a4" if letter.page_size == "letter" else "letter")
    blocks = build.parse((ROOT / "samples" / "lockin-heavy.txt").read_text(encoding="utf-8"))
    build.build_pdf(a4, blocks, tmp_path / "other.pdf")

    def risks(path: Path) -> dict[str, str]:
        res = pipeline.review(path, Policy(), display_path="contracts/acme.pdf")
        return {f.fingerprint: f.rule_id for f in res.findings if f.kind is FindingKind.RISK}

    from clausecheck import ingest

    both = (ROOT / "samples" / "lockin-heavy.pdf", tmp_path / "other.pdf")
    pages = [ingest.load(p).page_starts for p in both]
    assert pages[0] != pages[1]  # the page breaks really moved
    original, moved = risks(ROOT / "samples" / "lockin-heavy.pdf"), risks(tmp_path / "other.pdf")
    assert len(original) >= 3
    assert original.items() <= moved.items()
