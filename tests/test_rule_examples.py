"""Every rule's own flag/pass examples, and a table of broken rule files with the errors they must give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clausecheck.engine import examples, load_ruleset
from clausecheck.engine.schema import RULE_SCHEMA
from clausecheck.errors import RuleError
from clausecheck.policy import Policy
from clausecheck.resources import data_dir

RULESET = load_ruleset(Policy())
CASES = [(rule, i, example) for rule in RULESET.rules
         for flag in (True, False)
         for i, example in enumerate(e for e in rule.examples if e.flag is flag)]


@pytest.mark.parametrize(
    ("rule", "index", "example"), CASES,
    ids=[f"{r.id}::{'flag' if e.flag else 'pass'}[{i}]" for r, i, e in CASES])
def test_rule_example(rule, index, example):
    result = examples.run_one(rule, index, example, RULESET, Policy())
    assert result.ok, f"{result.name}: {result.detail}\n  text: {example.text}"


def test_every_shipped_rule_has_three_flag_and_three_pass_examples():
    thin = [r.id for r in RULESET.rules
            if sum(e.flag for e in r.examples) < 3 or sum(not e.flag for e in r.examples) < 3]
    assert thin == []


def test_shipped_rule_files_validate_against_the_published_schema():
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(RULE_SCHEMA)
    files = sorted(data_dir("rules").rglob("*.yaml"))
    assert len(files) == len(RULESET.rules) >= 25
    for path in files:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
        assert errors == [], path


def test_rule_schema_is_json_serialisable():
    assert json.loads(json.dumps(RULE_SCHEMA))["properties"]["kind"]["enum"] == ["risk", "protection", "threshold"]


GOOD = """\
id: custom.sample
title: Sample
pillar: term
kind: risk
severity: low
rationale: Because.
recommendation: Do this.
match:
  any:
    - phrase: evergreen term
examples:
  flag: ["This is an evergreen term."]
  pass: ["This is a fixed term."]
"""


def _with(**replace: str) -> str:
    text = GOOD
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


BAD_RULES = [
    ("unknown pattern "
     "key", GOOD.replace("    - phrase: evergreen term", "    - phrase: evergreen term\n    - tokenz: []"),
     "match.any[1]: unknown key 'tokenz'"),
    ("unknown top-level key", GOOD + "colour: red\n", "(top level): unknown key 'colour'"),
    ("wrong type", GOOD.replace("severity: low", "severity: 3"), "severity: 3 is not one of"),
    ("bad token pattern", GOOD.replace("    - phrase: evergreen term", "    - tokens: [{LOWER: {IN: 5}}]"),
     "match.any[0].tokens: invalid token pattern"),
    ("model-only attribute", GOOD.replace("    - phrase: evergreen term", "    - tokens: [{POS: NOUN}]"),
     "match.any[0].tokens: attribute POS needs a trained pipeline"),
    ("invalid regex", GOOD.replace("    - phrase: evergreen term", "    - regex: 'ever(green'"),
     "match.any[0].regex: invalid regular expression"),
    ("catastrophic regex", GOOD.replace("    - phrase: evergreen term", "    - regex: '(a+)+b'"),
     "match.any[0].regex: nested quantifiers"),
    ("missing examples", GOOD.split("examples:")[0], "(top level): missing required key 'examples'"),
    ("empty pass examples", GOOD.replace('  pass: ["This is a fixed term."]', "  pass: []"),
     "examples.pass: needs at least 1 item(s)"),
    ("risk without match", GOOD.replace("match:\n  any:\n    - phrase: evergreen term\n", ""),
     "a risk rule needs a 'match' section"),
    ("bad id", GOOD.replace("id: custom.sample", "id: Sample"), "id: 'Sample' does not match"),
    ("YAML alias", GOOD.replace("rationale: Because.", "rationale: &r Because.\nchecklist: *r"),
     "YAML anchors and aliases are not allowed"),
    ("not a mapping", "- just\n- a list\n", "expected a mapping at the top level"),
    ("invalid YAML", "id: [unclosed\n", "invalid YAML"),
    ("threshold policy name", GOOD.replace("kind: risk", "kind: threshold").replace(
        "match:\n  any:\n    - phrase: evergreen "
        "term\n", "threshold: {fact: initial_term_months, op: '>', policy: nope}\n"),
     "threshold.policy: 'nope' is not a numeric policy setting"),
    ("unknown fact", GOOD + "escalate:\n  - when: {fact: colour, op: '>', value: 1}\n    severity: high\n",
     "escalate[0].when.fact: 'colour' is not one of"),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD_RULES, ids=[c[0] for c in BAD_RULES])
def test_bad_rule_file_is_reported_with_file_and_field(tmp_path: Path, name: str, text: str, expected: str):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(pack)], shipped=False)
    assert any(p.startswith("pack/x.yaml: ") and expected in p for p in info.value.problems), info.value.problems


def test_all_problems_are_reported_at_once(tmp_path: Path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a.yaml").write_text(GOOD.replace("severity: low", "severity: huge"), encoding="utf-8")
    (pack / "b.yaml").write_text(GOOD.replace("    - phrase: evergreen term", "    - regex: '('"), encoding="utf-8")
    (pack / "c.yaml").write_text(GOOD.replace("custom.sample", "custom.other"), encoding="utf-8")
    (pack / "d.yaml").write_text(GOOD.replace("custom.sample", "custom.other"), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(pack)], shipped=False)
    problems = info.value.problems
    assert any(p.startswith("pack/a.yaml: severity:") for p in problems)
    assert any(p.startswith("pack/b.yaml: match.any[0].regex:") for p in problems)
    assert "pack/d.yaml: id: duplicate rule id 'custom.other' (also in pack/c.yaml)" in problems


def test_oversized_rule_file_is_refused(tmp_path: Path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "big.yaml").write_text(GOOD + "#" * (257 * 1024), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(pack)], shipped=False)
    assert "more than the 256 KB limit" in info.value.problems[0]


def test_a_valid_user_pack_loads_and_its_examples_pass(tmp_path: Path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "x.yaml").write_text(GOOD, encoding="utf-8")
    ruleset = load_ruleset(Policy(), dirs=[str(pack)], shipped=False)
    assert [r.id for r in ruleset.rules] == ["custom.sample"]
    assert [r.ok for r in examples.run(ruleset)] == [True, True]


# ------------------------------------------------------------------ nesting bound, with libyaml and without

DEEP_FILES = {
    "flow": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "flow just over": "a: " + "[" * 200 + "]" * 200 + "\n",
    "block": "".join(" " * i + f"k{i}:\n" for i in range(250)) + " " * 250 + "v: 1\n",
    "mixed": "".join(" " * i + f"k{i}:\n" for i in range(150)) + " " * 150 + "v: " + "{a: " * 60 + "1" + "}" * 60,
}


def _pure_python_yaml(monkeypatch: pytest.MonkeyPatch, pure: bool) -> None:
    import yaml

    if pure:
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("name", sorted(DEEP_FILES))
def test_deeply_nested_rule_file_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     name: str, pure: bool):
    import time

    _pure_python_yaml(monkeypatch, pure)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "x.yaml").write_text(DEEP_FILES[name], encoding="utf-8")
    started = time.process_time()  # CPU, not wall: a loaded CI machine must not fail a correct loader
    with pytest.raises(RuleError) as info:
        load_ruleset(Policy(), dirs=[str(pack)], shipped=False)
    assert time.process_time() - started < 1.0
    [problem] = info.value.problems
    assert problem.startswith("pack/x.yaml: invalid YAML (line ")
    assert "nested more than 200 levels deep" in problem or "exceeded maximum nesting depth" in problem


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_nesting_up_to_the_bound_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pure: bool):
    from clausecheck.engine import loader

    _pure_python_yaml(monkeypatch, pure)
    path = tmp_path / "x.yaml"
    path.write_text(GOOD + "checklist: " + "[" * 199 + "]" * 199 + "\n", encoding="utf-8")  # 200 levels
    data, problems = loader.read_yaml(path, "x.yaml")
    assert problems == []
    level, depth = data["checklist"], 1
    while level:
        level, depth = level[0], depth + 1
    assert depth == 199


def test_both_loaders_read_the_shipped_rules_alike(monkeypatch: pytest.MonkeyPatch):
    import yaml

    from clausecheck.engine import loader

    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    files = sorted(data_dir("rules").rglob("*.yaml"))
    with_c = [loader.read_yaml(path, path.name) for path in files]
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert loader.safe_loader() is not yaml.CSafeLoader
    assert [loader.read_yaml(path, path.name) for path in files] == with_c
    assert all(problems == [] for _, problems in with_c)
