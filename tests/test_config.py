"""Config discovery (closest wins), validation naming the key, provenance, and the config/init commands."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from clausecheck import config
from clausecheck.errors import ConfigError
from clausecheck.model import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clausecheck", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60)


def test_closest_config_wins_and_files_are_not_merged(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.clausecheck]\nfail-on = "low"\nmax-pages = 5\n')
    inner = write(tmp_path / "legal" / "vendors" / ".clausecheck.toml", 'fail-on = "critical"\n')
    (tmp_path / ".git").mkdir()
    settings = config.load(tmp_path / "legal" / "vendors" / "acme")
    assert settings.config_path == inner
    assert settings.policy.fail_on is Severity.CRITICAL
    assert settings.policy.max_pages == 20000  # the outer file's value is not inherited
    assert settings.sources["fail-on"] == str(inner)
    assert settings.sources["max-pages"] == "default"
    assert settings.root == tmp_path  # repository root comes from .git, not from the config file
    assert config.load(tmp_path).policy.fail_on is Severity.LOW


def test_same_folder_precedence_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.clausecheck]\nfail-on = "low"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert config.find_config(tmp_path / "sub") == tmp_path / "pyproject.toml"
    write(tmp_path / "clausecheck.toml", 'fail-on = "medium"\n')
    assert config.find_config(tmp_path / "sub") == tmp_path / "clausecheck.toml"
    write(tmp_path / ".clausecheck.toml", 'fail-on = "info"\n')
    assert config.find_config(tmp_path / "sub") == tmp_path / ".clausecheck.toml"


@pytest.mark.parametrize(("text", "needle"), [
    ('fail_onn = "high"\n', "unknown key 'fail_onn' (did you mean 'fail-on'?)"),
    ('fail-on = "severe"\n', "invalid value for 'fail-on': 'severe'"),
    ("max-initial-term-months = 0\n", "invalid value for 'max-initial-term-months': 0"),
    ('max-initial-term-months = "12"\n', "invalid value for 'max-initial-term-months'"),
    ('buyer-names = [1, 2]\n', "invalid value for 'buyer-names'"),
    ('pdf-engine = "mupdf"\n', "invalid value for 'pdf-engine'"),
    ('cache = "yes"\n', "invalid value for 'cache'"),
    ('[severity]\n"term.x" = "urgent"\n', "invalid value for 'severity.term.x'"),
    ("fail-on = \n", "invalid TOML"),
])
def test_invalid_config_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path / ".clausecheck.toml", text)
    with pytest.raises(ConfigError) as info:
        config.load(tmp_path)
    assert needle in str(info.value)
    assert str(path) in str(info.value)


def test_values_parse_to_policy_and_paths_resolve_against_the_config_file(tmp_path: Path) -> None:
    write(tmp_path / "cfg" / "clausecheck.toml",
          'fail_on = "never"\nbuyer-names = ["Acme Bank"]\nrule-dirs = ["local-rules"]\n'
          'baseline = "accepted.json"\njobs = 3\ncache = false\ntimeout-seconds = 5\nisolate = false\n'
          '[severity]\n"term.auto-renewal" = "Medium"\n')
    settings = config.load(tmp_path / "cfg")
    policy = settings.policy
    assert policy.fail_on is None
    assert policy.buyer_names == ("Acme Bank",)
    assert policy.rule_dirs == (str(tmp_path / "cfg" / "local-rules"),)
    assert policy.severity_overrides == (("term.auto-renewal", Severity.MEDIUM),)
    assert policy.timeout_seconds == 5.0
    assert policy.isolate is False
    assert settings.baseline == tmp_path / "cfg" / "accepted.json"
    assert (settings.jobs, settings.cache) == (3, False)
    assert settings.sources["fail-on"] == str(tmp_path / "cfg" / "clausecheck.toml")


def test_flags_override_file_and_are_labelled(tmp_path: Path) -> None:
    write(tmp_path / ".clausecheck.toml", 'fail-on = "low"\nexclude = ["old/**"]\n')
    settings = config.load(tmp_path, overrides={"fail-on": ("critical", "flag --fail-on")})
    assert settings.policy.fail_on is Severity.CRITICAL
    rows = {key: (value, source) for key, value, source in config.describe(settings)}
    assert rows["fail-on"] == ('"critical"', "flag --fail-on")
    assert rows["exclude"] == ('["old/**"]', str(tmp_path / ".clausecheck.toml"))
    assert rows["max-pages"] == ("20000", "default")
    from_flag = config.load(tmp_path, overrides={"baseline": (Path("b.json"), "flag --baseline")})
    assert from_flag.baseline == Path.cwd() / "b.json"
    with pytest.raises(ConfigError, match="invalid value for 'jobs'"):
        config.load(tmp_path, overrides={"jobs": (0, "flag --jobs")})


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        config.load(tmp_path, explicit=tmp_path / "nope.toml")


def test_starter_config_is_valid_and_commented() -> None:
    data = tomllib.loads(config.STARTER)
    assert set(data) <= set(config.KEYS)
    assert config.STARTER.count("\n#") >= 10
    # every key a user may uncomment in the starter is a known key
    commented = [line[2:].split("=")[0].strip() for line in config.STARTER.splitlines()
                 if line.startswith("# ") and "=" in line and not line.startswith("# \"")]
    assert commented and all(key in config.KEYS for key in commented), commented


def test_config_show_and_init_commands(tmp_path: Path) -> None:
    proc = cli("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".clausecheck.toml").read_text() == config.STARTER
    again = cli("init", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.startswith("error: ") and "already exists" in again.stderr
    shown = cli("config", "show", "--fail-on", "medium", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = {line.split("=")[0].strip(): line for line in shown.stdout.splitlines() if "=" in line}
    assert lines["fail-on"].endswith('"medium"  # flag --fail-on')
    assert lines["max-initial-term-months"].endswith(f"12  # {tmp_path / '.clausecheck.toml'}")
    assert lines["max-pages"].endswith("# default")
    as_json = json.loads(cli("config", "show", "--format", "json", "--jobs", "3", cwd=tmp_path).stdout)
    assert as_json["settings"]["jobs"] == {"value": 3, "source": "flag --jobs"}
    assert as_json["settings"]["fail-on"] == {"value": "high", "source": str(tmp_path / ".clausecheck.toml")}
    assert as_json["settings"]["buyer-names"]["value"][0] == "Customer"


def test_invalid_config_exits_2_with_one_line(tmp_path: Path) -> None:
    write(tmp_path / ".clausecheck.toml", 'fail-onn = "high"\n')
    proc = cli("config", "show", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "unknown key 'fail-onn'" in proc.stderr and "did you mean 'fail-on'" in proc.stderr


def test_root_without_git_or_config_is_the_current_directory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "contracts" / "a.txt", "x")
    monkeypatch.chdir(tmp_path)
    assert config.load(tmp_path / "contracts" / "a.txt").root == tmp_path


def test_every_policy_field_has_a_config_key() -> None:
    import dataclasses

    from clausecheck.policy import Policy

    reachable = {target[len("policy."):] for target, _, _ in config.KEYS.values()
                 if target.startswith("policy.")}
    missing = {f.name for f in dataclasses.fields(Policy)} - reachable - {"extra"}
    assert not missing, f"Policy fields without a config key: {sorted(missing)}"


@pytest.mark.parametrize(("data", "needle"), [
    (b"fail-on = \"high\"\n# caf\xe9\n", "invalid TOML: not UTF-8 text (invalid continuation byte at byte 22)"),
    (b"\xff\xfe\x00junk", "invalid TOML: not UTF-8 text (invalid start byte at byte 0)"),
    (b"fail-on = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "invalid TOML: arrays or tables nested too deeply"),
    (b"x = " + b"{a = " * 50_000 + b"1" + b"}" * 50_000 + b"\n", "invalid TOML: arrays or tables nested too deeply"),
])
@pytest.mark.parametrize("name", [".clausecheck.toml", "pyproject.toml"])
def test_undecodable_config_is_a_config_error_naming_the_file(tmp_path: Path, data: bytes, needle: str,
                                                              name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ConfigError) as info:
        config.load(tmp_path)
    assert info.value.message == needle
    assert info.value.path == str(path)


def test_undecodable_config_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    (tmp_path / ".clausecheck.toml").write_bytes(b"fail-on = " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    proc = cli("config", "show", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert ".clausecheck.toml" in proc.stderr and "nested too deeply" in proc.stderr
    assert "internal error" not in proc.stderr
