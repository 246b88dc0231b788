"""Read rule packs: safe YAML, schema validation, overrides, policy selection; every problem reported at once."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clausecheck import __version__
from clausecheck.engine import schema
from clausecheck.engine.rule_checks import heading_regex, semantic_problems
from clausecheck.errors import ConfigError, RuleError
from clausecheck.model import Example, Pillar, Rule, RuleKind, Severity
from clausecheck.policy import Policy

MAX_RULE_BYTES = 256 * 1024
MAX_NESTING = 200  # levels of mappings/sequences; real rule files nest about ten


def rule_files(directory: Path) -> list[Path]:
    """Every rule file under ``directory``, in a stable order."""
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def display(path: Path, root: Path) -> str:
    """A path as shown in problems: relative to the pack's parent, e.g. ``rules/term/x.yaml``."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def read_yaml(path: Path, shown: str) -> tuple[Any, list[str]]:
    """Parse one rule file safely, refusing oversized or deeply nested files and anchors/aliases."""
    import yaml

    size = path.stat().st_size
    if size > MAX_RULE_BYTES:
        return None, [f"{shown}: file is {size} bytes, more than the {MAX_RULE_BYTES // 1024} KB limit"]
    raw = path.read_bytes()
    loader = safe_loader()
    try:
        text = raw.decode("utf-8")
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None, [f"{shown}: YAML anchors and aliases are not allowed in rule files"]
            # The same bound with either loader, so a rule pack valid on one machine is valid on all.
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_NESTING:
                raise _too_deep(event.start_mark)
        return yaml.load(text, Loader=loader), []  # noqa: S506 - a safe loader (libyaml or Python)
    except UnicodeDecodeError as exc:
        return None, [f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return None, [f"{shown}: invalid YAML{where}: {getattr(exc, 'problem', None) or exc}"]


def _too_deep(mark: Any) -> Exception:
    from yaml.scanner import ScannerError

    return ScannerError(problem=f"nested more than {MAX_NESTING} levels deep", problem_mark=mark)


def safe_loader() -> type:
    """libyaml's safe loader when PyYAML was built with it, else a depth-bounded pure-Python one.

    libyaml refuses nesting past 1,000 levels at once; PyYAML's pure-Python scanner is quadratic in
    nesting (8,000 flow levels take ~50 s), so the fallback stops as the level past MAX_NESTING opens.
    """
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        return yaml.CSafeLoader

    class BoundedSafeLoader(yaml.SafeLoader):
        def fetch_flow_collection_start(self, token_class: Any) -> None:
            if self.flow_level + len(self.indents) >= MAX_NESTING:
                raise _too_deep(self.get_mark())
            super().fetch_flow_collection_start(token_class)

        def add_indent(self, column: int) -> bool:
            if len(self.indents) + self.flow_level >= MAX_NESTING:
                raise _too_deep(self.get_mark())
            return super().add_indent(column)

    return BoundedSafeLoader


def build(data: dict[str, Any], shown: str) -> Rule:
    """A Rule from validated data; engine-only settings travel in ``match`` under ``_``-prefixed keys."""
    match = dict(data.get("match") or {})
    protection = data.get("protection") or {}
    match.update({
        "_binds": data.get("binds", "any"),
        "_grantee": protection.get("grantee", "any"),
        "_requires": list(protection.get("requires", [])),
        "_anchor": list(protection.get("anchor", [])),
        "_threshold": data.get("threshold"),
        "_escalate": list(data.get("escalate", [])),
    })
    # Any-patterns with their own exceptions: index -> (hit role of those exceptions, scope); see pattern_groups.
    own = {i: (f"except{i}", p.get("unless_scope", "item")) for i, p in enumerate(match.get("any", []))
           if isinstance(p, dict) and p.get("unless")}
    if own:
        match["_except"] = own
    # Any-patterns that count only under certain section headings: index -> one regex source (see heading_regex).
    headed = {i: heading_regex(p["heading"]) for i, p in enumerate(match.get("any", []))
              if isinstance(p, dict) and p.get("heading")}
    if headed:
        match["_heading"] = headed
    if data.get("requires"):
        match["_requires_rules"] = tuple(dict.fromkeys(data["requires"]))
    examples = data["examples"]
    return Rule(
        id=data["id"], title=data["title"], pillar=Pillar(data["pillar"]), kind=RuleKind(data["kind"]),
        severity=Severity(data["severity"]), rationale=" ".join(data["rationale"].split()),
        recommendation=data["recommendation"].strip(), match=match, labels=tuple(data.get("labels", [])),
        references=tuple(data.get("references", [])), checklist=data.get("checklist"), source=shown,
        examples=tuple(_example(e, True) for e in examples["flag"]) + tuple(_example(e, False)
                                                                            for e in examples["pass"]),
    )


def _example(item: str | dict[str, Any], flag: bool) -> Example:
    if isinstance(item, str):
        return Example(text=item, flag=flag)
    return Example(text=item["text"], flag=flag, kind=item.get("kind"))


def load_pack(directory: Path) -> tuple[list[Rule], list[str], list[bytes]]:
    """Rules of one pack directory, with every problem found and the bytes read (for the digest)."""
    rules: list[Rule] = []
    problems: list[str] = []
    blobs: list[bytes] = []
    seen: dict[str, str] = {}
    if not directory.is_dir():
        return [], [f"{directory}: rule directory not found"], []
    for path in rule_files(directory):
        shown = display(path, directory)
        data, read_problems = read_yaml(path, shown)
        problems.extend(read_problems)
        if read_problems:
            continue
        blobs.append(shown.encode() + b"\0" + path.read_bytes())
        if not isinstance(data, dict):
            problems.append(f"{shown}: expected a mapping at the top level, got {type(data).__name__}")
            continue
        found = schema.validate(data) + semantic_problems(data)
        problems.extend(f"{shown}: {p}" for p in found)
        if found:
            continue
        if data["id"] in seen:
            problems.append(f"{shown}: id: duplicate rule id {data['id']!r} (also in {seen[data['id']]})")
            continue
        seen[data["id"]] = shown
        rules.append(build(data, shown))
    return rules, problems, blobs


def merge(packs: Iterable[list[Rule]]) -> list[Rule]:
    """Later packs override earlier ones rule by rule (same id), new ids are appended."""
    merged: dict[str, Rule] = {}
    for pack in packs:
        for rule in pack:
            merged[rule.id] = rule
    return sorted(merged.values(), key=lambda r: r.id)


def select(rules: list[Rule], policy: Policy) -> list[Rule]:
    """Apply enabled/disabled lists and severity overrides; unknown ids are a configuration error."""
    known = {r.id for r in rules}
    overrides = dict(policy.severity_overrides)
    unknown = sorted((set(policy.enabled_rules) | set(policy.disabled_rules) | set(overrides)) - known)
    if unknown:
        raise ConfigError(f"unknown rule id(s): {', '.join(unknown)}", "see 'clausecheck rules list'")
    chosen = [r for r in rules if (not policy.enabled_rules or r.id in policy.enabled_rules)
              and r.id not in policy.disabled_rules]
    return [dataclasses.replace(r, severity=Severity(overrides[r.id])) if r.id in overrides else r
            for r in chosen]


def digest(blobs: list[bytes]) -> str:
    """sha256 over the rule files' bytes and the clausecheck version."""
    h = hashlib.sha256(__version__.encode())
    for blob in blobs:
        h.update(hashlib.sha256(blob).digest())
    return h.hexdigest()


def raise_problems(problems: list[str]) -> None:
    """Raise one RuleError carrying every problem, or nothing."""
    if problems:
        raise RuleError(f"{len(problems)} problem(s) in rule files: " + "; ".join(problems),
                        "fix the rule files listed; 'clausecheck schema rule' prints the schema",
                        problems=tuple(problems))
