"""Cross-field checks of rule files that the JSON Schema cannot express, and the one heading regex they compile.

Split from the loader: the loader reads files and builds rules; this module says what is wrong with a rule's
data (scopes without their patterns, heading lists that cannot run, conditions, ``requires`` cycles).
"""

from __future__ import annotations

import re
from typing import Any

from clausecheck.model import Rule
from clausecheck.policy import Policy


def heading_regex(patterns: list[str | dict[str, str]]) -> str:
    """One case-insensitive regex for an any-pattern's ``heading`` list: a string is a whole-word phrase."""
    parts = [p["regex"] if isinstance(p, dict) else _phrase_regex(p) for p in patterns]
    return "(?i:" + "|".join(f"(?:{part})" for part in parts) + ")"


def _phrase_regex(phrase: str) -> str:
    """A phrase's words with any spacing, not inside a longer word: ``\\b`` cannot serve at an edge that is
    punctuation ('Non-Compete.', '(a) Exclusivity'), where it would demand a letter beyond the phrase."""
    words = phrase.split()
    return r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"


def semantic_problems(data: dict[str, Any]) -> list[str]:
    """Cross-field problems the JSON Schema cannot express."""
    problems: list[str] = []
    kind = data.get("kind")
    if kind in ("risk", "protection") and "match" not in data:
        problems.append(f"(top level): a {kind} rule needs a 'match' section")
    if kind == "threshold" and "threshold" not in data:
        problems.append("(top level): a threshold rule needs a 'threshold' section")
    if "protection" in data and kind != "protection":
        problems.append("protection: only allowed on protection rules")
    # The schema check reports wrong types; these cross-field checks read only what has the right type.
    conditions = [("threshold", data.get("threshold"))]
    conditions += [(f"escalate[{i}].when", e.get("when")) for i, e in enumerate(_list(data.get("escalate")))
                   if isinstance(e, dict)]
    for where, cond in conditions:
        if isinstance(cond, dict):
            problems.extend(_condition_problems(where, cond))
    problems.extend(_scope_problems(data.get("match")))
    problems.extend(_requirement_problems(data.get("protection")))
    problems.extend(f"requires[{i}]: a rule cannot require itself" for i, other in
                    enumerate(_list(data.get("requires"))) if other == data.get("id"))
    examples = data.get("examples") if isinstance(data.get("examples"), dict) else {}
    for i, item in enumerate(_list(examples.get("flag"))):
        expected = item.get("kind") if isinstance(item, dict) else None
        if expected == "info" and kind != "risk":
            problems.append(f"examples.flag[{i}].kind: 'info' is for risk rules (found, but binding the other "
                            "party); a protection's info finding is a pass example")
        elif expected in ("missing", "weak") and kind != "protection":
            problems.append(f"examples.flag[{i}].kind: only protection rules expect a '{expected}' finding")
    problems.extend(f"examples.pass[{i}].kind: only flag examples expect a finding kind"
                    for i, item in enumerate(_list(examples.get("pass"))) if isinstance(item, dict) and "kind" in item)
    return problems


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one (a wrong type is the schema check's to report)."""
    return value if isinstance(value, list) else []


def _scope_problems(match: Any) -> list[str]:
    """A scope key without the patterns it narrows is a mistake the author should hear about."""
    if not isinstance(match, dict):
        return []
    problems = [f"match.{key}: needs match.{needs}" for key, needs in
                (("near_scope", "near"), ("all_scope", "all"))
                if key in match and not match.get(needs)]
    for i, pattern in enumerate(_list(match.get("any"))):
        if isinstance(pattern, dict) and "unless_scope" in pattern and not pattern.get("unless"):
            problems.append(f"match.any[{i}].unless_scope: needs match.any[{i}].unless")
        if isinstance(pattern, dict):
            problems.extend(_heading_problems(f"match.any[{i}].heading", pattern.get("heading")))
    return problems


def _requirement_problems(protection: Any) -> list[str]:
    """A named requirement is met by patterns that occur (any) or that do not (none): exactly one of the two."""
    requires = _list(protection.get("requires")) if isinstance(protection, dict) else []
    return [f"protection.requires[{i}]: give exactly one of 'any' or 'none'" for i, item in enumerate(requires)
            if isinstance(item, dict) and ("any" in item) == ("none" in item)]


def _heading_problems(where: str, items: Any) -> list[str]:
    """Each heading item's own problems, then whether the one regex the checker runs (heading_regex) compiles."""
    problems = []
    for j, item in enumerate(_list(items)):
        if isinstance(item, str) and not item.strip():  # would be an empty regex: every heading would match
            problems.append(f"{where}[{j}]: a phrase needs a word, not only spaces")
        if isinstance(item, dict) and isinstance(item.get("regex"), str):
            try:
                re.compile(item["regex"])
            except re.error as exc:
                problems.append(f"{where}[{j}].regex: invalid regular expression: {exc}")
    well_typed = all(isinstance(i, str) or (isinstance(i, dict) and isinstance(i.get("regex"), str))
                     for i in _list(items))
    if problems or not well_typed or not _list(items):
        return problems  # the schema check reports wrong types; a joined error would repeat an item's
    try:  # items valid alone can still clash once joined: an inline global flag, a group name used twice
        re.compile(heading_regex(items))
    except re.error as exc:
        problems.append(f"{where}: invalid regular expression once its items are joined: {exc}")
    return problems


def _condition_problems(where: str, cond: dict[str, Any]) -> list[str]:
    if cond.get("op") == "unset":
        return [f"{where}: 'unset' takes no 'policy' or 'value'"] if "policy" in cond or "value" in cond else []
    if ("policy" in cond) == ("value" in cond):
        return [f"{where}: give exactly one of 'policy' or 'value'"]
    name = cond.get("policy")
    if name is not None and not isinstance(getattr(Policy(), str(name), None), (int, float)):
        return [f"{where}.policy: {name!r} is not a numeric policy setting"]
    return []


def requires_problems(rules: list[Rule], *, complete: bool = True) -> list[str]:
    """Rule-level ``requires`` naming an id no loaded rule has, or forming a cycle, with file and field.

    ``complete`` False: some rule files could not be read, so an id missing here may be theirs; only cycles
    (which involve rules that did load) are reported then."""
    by_id = {r.id: r for r in rules}
    needs = {r.id: r.match.get("_requires_rules", ()) for r in rules}
    problems = [f"{r.source or r.id}: requires[{i}]: unknown rule id {other!r}"
                for r in rules for i, other in enumerate(needs[r.id]) if other not in by_id] if complete else []
    done: set[str] = set()
    reported: set[tuple[str, ...]] = set()
    for start in sorted(i for i in needs if needs[i]):
        cycle = _cycle(start, needs, [], set(), done)
        if cycle and tuple(cycle) not in reported:  # every rule on a cycle leads to it: report it once
            reported.add(tuple(cycle))
            first = by_id[min(cycle)]
            problems.append(f"{first.source or first.id}: requires: cycle {' -> '.join(cycle)}")
    return problems


def _cycle(node: str, needs: dict[str, tuple[str, ...]], path: list[str], on_path: set[str],
           done: set[str]) -> list[str] | None:
    """The first cycle reachable from ``node`` (depth first; each rule is explored once), or None."""
    if node in on_path:
        loop = path[path.index(node):]
        at = loop.index(min(loop))  # start at the smallest id: the same cycle reads the same whoever finds it
        return loop[at:] + loop[:at] + [min(loop)]
    if node in done or node not in needs:
        return None
    path.append(node)
    on_path.add(node)
    for other in needs[node]:
        found = _cycle(other, needs, path, on_path, done)
        if found:
            return found
    path.pop()
    on_path.discard(node)
    done.add(node)
    return None
