"""Results cache: keys change with every input that can change a result; entries are atomic and robust."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from clausecheck import cache as cache_mod
from clausecheck.discover import Target
from clausecheck.model import DocumentResult, Facts
from clausecheck.parallel import review_all
from clausecheck.policy import Policy

CALLS: list[str] = []


def counting_review(target: Target, policy: Policy) -> DocumentResult:
    CALLS.append(target.rel)
    return DocumentResult(path=target.rel, format="txt", sha256="x", pages=1, facts=Facts(),
                          clause_count=len(target.path.read_text()))


def make(tmp_path: Path, rules: str = "r1", policy: Policy | None = None) -> cache_mod.Cache:
    return cache_mod.Cache(tmp_path / "cache", rules, cache_mod.policy_digest(policy or Policy()))


def test_key_depends_on_content_rules_version_policy_and_path(tmp_path: Path) -> None:
    base = make(tmp_path)
    key = base.key("f" * 64, "a.txt")
    assert key == make(tmp_path).key("f" * 64, "a.txt")
    variants = [
        base.key("e" * 64, "a.txt"),
        base.key("f" * 64, "b.txt"),
        make(tmp_path, rules="r2").key("f" * 64, "a.txt"),
        make(tmp_path, policy=Policy(max_initial_term_months=24)).key("f" * 64, "a.txt"),
        dataclasses.replace(base, version="9.9.9").key("f" * 64, "a.txt"),
    ]
    assert len({key, *variants}) == 6
    assert make(tmp_path, policy=Policy(exclude=("old/**",))).key("f" * 64, "a.txt") == key  # selection only


def test_put_get_round_trip_is_atomic_and_corruption_is_a_miss(tmp_path: Path) -> None:
    store = make(tmp_path)
    value = DocumentResult(path="a.txt", format="txt", sha256="s", pages=2,
                           facts=Facts(initial_term_months=36))
    key = store.key("f" * 64, "a.txt")
    assert store.get(key) is None
    store.put(key, value)
    assert store.get(key) == value
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert [p.name for p in files] == [f"{key}.pickle"]  # no temp file left behind
    files[0].write_bytes(b"\x80\x04garbage")
    assert store.get(key) is None


def test_cache_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cc"))
    assert cache_mod.default_dir() == tmp_path / "cc"
    monkeypatch.delenv("CLAUSECHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_mod.default_dir() == tmp_path / "xdg" / "clausecheck"


def test_second_run_reviews_only_changed_files(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"text {name}")
    targets = [Target(path=tmp_path / f"{n}.txt", rel=f"{n}.txt") for n in ("a", "b", "c")]
    store = make(tmp_path)
    CALLS.clear()
    first = review_all(targets, Policy(), cache=store, review=counting_review)
    assert CALLS == ["a.txt", "b.txt", "c.txt"]
    seen: list[bool] = []
    (tmp_path / "b.txt").write_text("text b, amended")
    CALLS.clear()
    second = review_all(targets, Policy(), cache=store, review=counting_review,
                        on_done=lambda done, total, target, outcome, cached: seen.append(cached))
    assert CALLS == ["b.txt"]
    assert seen == [True, True, False]
    assert [r.path for r in second] == ["a.txt", "b.txt", "c.txt"]
    assert second[0] == first[0] and second[1].clause_count == len("text b, amended")
    CALLS.clear()
    review_all(targets, Policy(), cache=None, review=counting_review)
    assert CALLS == ["a.txt", "b.txt", "c.txt"]  # --no-cache


def test_code_digest_changes_with_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache_mod.code_digest()
    assert first.startswith(cache_mod.__version__ + "+")
    assert make(tmp_path).version == first  # a cache uses it unless told otherwise
    fake = tmp_path / "pkg"
    fake.mkdir()
    (fake / "cache.py").write_text("x = 1\n")
    monkeypatch.setattr(cache_mod, "__file__", str(fake / "cache.py"))
    cache_mod.code_digest.cache_clear()
    try:
        one = cache_mod.code_digest()
        (fake / "engine.py").write_text("y = 2\n")
        cache_mod.code_digest.cache_clear()
        assert cache_mod.code_digest() != one
    finally:
        cache_mod.code_digest.cache_clear()


def test_rules_key_tracks_rule_files_and_policy(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    (pack / "term").mkdir(parents=True)
    (pack / "term" / "a.yaml").write_text("id: a\n")
    key = cache_mod.rules_key([pack], Policy())
    assert key == cache_mod.rules_key([pack], Policy())
    assert key != cache_mod.rules_key([pack], Policy(disabled_rules=("a",)))
    (pack / "term" / "a.yaml").write_text("id: b\n")
    assert key != cache_mod.rules_key([pack], Policy())
    assert cache_mod.rules_key([pack, tmp_path / "missing"], Policy()) is None
    cache_mod.store_rules(tmp_path / "c", "k", (), "digest-1")
    assert cache_mod.load_rules(tmp_path / "c", "k") == ((), "digest-1")
    assert cache_mod.load_rules(tmp_path / "c", "other") is None


def test_fully_cached_run_never_builds_the_rule_engine(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck import engine, gate
    from clausecheck.config import Settings

    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a.txt").write_text("text a")
    settings = Settings(policy=Policy(), root=tmp_path, jobs=1)
    request = gate.Request(paths=(str(tmp_path),), use_baseline=False, use_waivers=False)
    CALLS.clear()
    first = gate.run(settings, request, review=counting_review)
    assert CALLS == ["a.txt"] and first.report.rules

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("the rule engine was built on a fully cached run")

    monkeypatch.setattr(engine, "load_ruleset", broken)
    second = gate.run(settings, request, review=counting_review)
    assert CALLS == ["a.txt"]  # not reviewed again
    assert second.report.rules == first.report.rules
    assert second.report.rules_version == first.report.rules_version
    (tmp_path / "a.txt").write_text("text a, amended")
    with pytest.raises(AssertionError, match="fully cached"):  # a miss does need the engine
        gate.run(settings, request, review=counting_review)


def test_unwritable_cache_warns_once_and_costs_only_speed(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    store = cache_mod.Cache(blocker, "r", "p")
    cache_mod._WARNED.clear()
    value = DocumentResult(path="a.txt", format="txt", sha256="s", pages=1, facts=Facts())
    with caplog.at_level("WARNING", logger="clausecheck.cache"):
        for i in range(3):
            store.put(store.key(str(i) * 64, "a.txt"), value)
    assert [r.message for r in caplog.records if "cannot write" in r.message] == [
        caplog.records[0].message]
    assert store.get(store.key("0" * 64, "a.txt")) is None
