"""docs/rules.md stays true: its complete rule loads and behaves as its examples say, and it names every key."""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck.engine import examples, load_ruleset
from clausecheck.engine.schema import RULE_SCHEMA
from clausecheck.policy import Policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_the_complete_rule_in_the_docs_loads_and_its_examples_pass(tmp_path: Path):
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text("utf-8"), re.S)
    complete = next(b for b in blocks if "examples:" in b)
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "rule.yaml").write_text(complete, encoding="utf-8")
    ruleset = load_ruleset(Policy(), dirs=[str(tmp_path / "doc")], shipped=False)
    results = examples.run(ruleset)
    assert [(r.name, r.ok) for r in results] == [
        ("custom.exclusive-supplier::flag[0]", True), ("custom.exclusive-supplier::flag[1]", True),
        ("custom.exclusive-supplier::pass[0]", True), ("custom.exclusive-supplier::pass[1]", True)]
    # The second pass example is what near_scope is for: without it the rule fires across the two items.
    (tmp_path / "wide").mkdir()  # another folder: rule sets are cached per folder
    (tmp_path / "wide" / "rule.yaml").write_text(complete.replace("  near_scope: item\n", ""), encoding="utf-8")
    wide = load_ruleset(Policy(), dirs=[str(tmp_path / "wide")], shipped=False)
    assert [(r.name, r.ok) for r in examples.run(wide) if not r.ok] == [("custom.exclusive-supplier::pass[1]", False)]


def test_the_docs_name_every_rule_key():
    text = DOC.read_text("utf-8")
    props = RULE_SCHEMA["properties"]
    own = props["match"]["properties"]["any"]["items"]["oneOf"][3]["properties"]
    keys = [*props, *props["match"]["properties"], *own]
    assert [k for k in keys if not re.search(rf"`[^`]*\b{k}\b", text)] == []
