"""The rule-file schema: a published JSON Schema and a validator that names file and field for every problem."""

from __future__ import annotations

import re
from typing import Any

from clausecheck.model import Facts, Pillar, RuleKind, Severity

ID_PATTERN = r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
SCOPES = ("clause", "sentence", "document")
BINDS = ("customer", "provider", "any")
OPS = (">", ">=", "<", "<=", "==", "!=", "unset")  # unset: the fact was not found
FACT_NAMES = tuple(Facts.__dataclass_fields__)
BUILTIN_REQUIREMENTS = ("deadline", "no_charge")

_STR = {"type": "string", "minLength": 1}
# Where an unless-pattern cancels a hit. Enumerations are common in termination and exclusivity clauses:
# "(i) upon thirty days' notice, or (ii) immediately if the other party becomes insolvent" must not lose (i).
_UNLESS_DOC = ("Exceptions: a hit is dropped when one of these matches in the enumerated item '(i) ... (ii) ...' "
               "holding it, or in the sentence's lead-in before the first item; a sentence without items is one "
               "part; its own leading number and quantities like 'thirty (30)' open no item. A hit "
               "in the lead-in survives while one item has no exception.")
_UNLESS_WITHIN_DOC = "Instead of the item: drop the hit only when an unless-pattern lies within this many words of it."
_UNLESS_SCOPE_DOC = ("item (default): as described under 'unless'; part: the same, and a sentence without items is "
                     "split at ';'; sentence: an unless-pattern anywhere in the sentence drops the hit (for exceptions "
                     "that say the whole sentence is about something else).")
_REGEX_DOC = ("Python regular expression, case-insensitive. '^' and '$' anchor at the start and end of the sentence "
              "holding the match (regexes using them run sentence by sentence).")

_EXAMPLE_KIND_DOC = ("A flag example's expected finding kind. Protection rules: missing or weak. Risk rules: info, "
                     "for a clause the rule must find but report as info because it binds the other party "
                     "(e.g. the provider's own minimum purchase), with no risk finding.")
_STRS = {"type": "array", "items": _STR}
_PATTERN = {
    "oneOf": [
        _STR,
        {"type": "object", "additionalProperties": False, "required": ["phrase"],
         "properties": {"phrase": _STR}},
        {"type": "object", "additionalProperties": False, "required": ["tokens"],
         "properties": {"tokens": {"type": "array", "minItems": 1, "items": {"type": "object"}}}},
        {"type": "object", "additionalProperties": False, "required": ["regex"],
         "properties": {"regex": {**_STR, "description": _REGEX_DOC}}},
        {"type": "object", "additionalProperties": False, "required": ["fuzzy"],
         "properties": {"fuzzy": _STR, "score": {"type": "number", "minimum": 50, "maximum": 100}}},
    ]
}
_PATTERNS = {"type": "array", "items": _PATTERN}
_PATTERN_UNLESS_DOC = ("Exceptions for this pattern only: its hits are dropped as under match.unless (same item, "
                       "lead-in and scope rules), while the rule's other any-patterns keep theirs. For exceptions "
                       "that are right for one phrasing only ('non-' before 'exclusive').")
_PATTERN_UNLESS_SCOPE_DOC = "Where this pattern's exceptions reach, as match.unless_scope (default: item)."
_CONTEXT_SCOPE = ("item", "part", "sentence")
_NEAR_SCOPE_DOC = ("Where near-patterns must lie. sentence (default): the hit's sentence; item: "
                   "the enumerated item '(i) ... (ii) ...' holding the hit, or the sentence's lead-in before the "
                   "first item (a hit in the lead-in reaches every item); part: the same, and a sentence without "
                   "items is split at ';'. With 'within' both limits apply. Only near-patterns that count for the hit "
                   "carry a negation over to it ('(a) not purchase ..., and (b) purchase a minimum ...').")
_REQUIRES_DOC = ("Rule ids: this rule's findings are kept only when the same document also has a finding (any kind "
                 "but 'missing') of at least one of them, e.g. a shortfall payment matters only where a minimum "
                 "commitment exists. The ids must exist in the loaded packs and must not form a cycle. When every "
                 "listed rule is disabled by configuration the condition is not applied. Examples are checked "
                 "against the whole pack, so a flag example must also hold text that one listed rule flags.")
_REQUIREMENT_DOC = ("A named requirement of a protection, met by the clause holding the protection: 'any' is met when "
                    "one of its patterns occurs in the clause, 'none' when none of its patterns does (e.g. 'no "
                    "release from the fees of the remaining term'). Give exactly one of 'any' or 'none'; an unmet "
                    "requirement makes the protection weak, naming it ('no <name>').")
_ACROSS_ITEMS_DOC = ("true: a clause whose last sentence runs on into numbered sub-clauses (it ends without a full "
                     "stop: '10.4 Upon termination, the parties shall:' then '10.4(a) ...', '10.4(b) ...') is one "
                     "sentence cut in pieces. A hit in that last sentence of the lead-in survives only when one "
                     "sub-clause, read as the rest of the sentence, holds no unless-pattern and supplies every near- "
                     "and all-pattern the hit still lacks (one sub-clause must supply all of them; a lead-in that "
                     "lacks nothing still needs one sub-clause without an exception). A hit in an earlier sentence "
                     "of the lead-in, or in a sub-clause, is read as it stands: a sub-clause never reads the lead-in. "
                     "'within', near_scope and all_scope do not reach across clauses. Default false.")
_ALL_SCOPE_DOC = ("Where every all-pattern must lie. Default: the clause (the sentence with scope: sentence); "
                  "sentence: the hit's sentence; item and part: as for near_scope.")


_HEADING_DOC = ("Headings this pattern needs: its hits count only in a clause whose heading (the title of the section "
                "it sits in, e.g. 'EXCLUSIVITY' over '(b) Distributor will not sell ...') matches one of these: a "
                "string is a case-insensitive whole-word phrase, {regex: ...} a Python regular expression. For "
                "phrasings that state the clause type only under its title (a negative covenant under "
                "'Exclusivity' or 'Non-Competition'); the rule's other patterns are not affected.")
_HEADING_PATTERNS = {"type": "array", "minItems": 1, "description": _HEADING_DOC, "items": {"oneOf": [
    _STR, {"type": "object", "additionalProperties": False, "required": ["regex"], "properties": {"regex": _STR}}]}}


def _with_exceptions(pattern: dict[str, Any]) -> dict[str, Any]:
    """An any-pattern: a pattern whose mapping forms may carry their own ``unless``, ``unless_scope``, ``heading``."""
    extra = {"unless": {**_PATTERNS, "minItems": 1, "description": _PATTERN_UNLESS_DOC},
             "unless_scope": {"enum": list(_CONTEXT_SCOPE), "description": _PATTERN_UNLESS_SCOPE_DOC},
             "heading": _HEADING_PATTERNS}
    return {"oneOf": [{**o, "properties": {**o["properties"], **extra}} if o.get("type") == "object" else o
                      for o in pattern["oneOf"]]}


_ANY_PATTERNS = {"type": "array", "items": _with_exceptions(_PATTERN)}
_CONDITION = {
    "type": "object", "additionalProperties": False, "required": ["fact", "op"],
    "properties": {"fact": {"enum": list(FACT_NAMES)}, "op": {"enum": list(OPS)},
                   "policy": _STR, "value": {"type": ["number", "string", "boolean"]}},
}
_EXAMPLE = {"oneOf": [_STR, {"type": "object", "additionalProperties": False, "required": ["text"],
                              "properties": {"text": _STR, "kind": {"enum": ["missing", "weak", "info"],
                                                                "description": _EXAMPLE_KIND_DOC}}}]}

RULE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://clausecheck.dev/schema/rule.json",
    "title": "clausecheck rule file",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "pillar", "kind", "severity", "rationale", "recommendation", "examples"],
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "title": _STR,
        "pillar": {"enum": [p.value for p in Pillar]},
        "kind": {"enum": [k.value for k in RuleKind]},
        "severity": {"enum": [s.value for s in Severity]},
        "rationale": _STR,
        "recommendation": _STR,
        "checklist": _STR,
        "labels": _STRS,
        "references": _STRS,
        "binds": {"enum": list(BINDS)},
        "requires": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": ID_PATTERN},
                     "description": _REQUIRES_DOC},
        "match": {
            "type": "object", "additionalProperties": False, "required": ["any"],
            "properties": {
                "any": {**_ANY_PATTERNS, "minItems": 1}, "all": _PATTERNS, "near": _PATTERNS,
                "unless": {**_PATTERNS, "description": _UNLESS_DOC},
                "unless_within": {"type": "integer", "minimum": 1, "maximum": 200, "description": _UNLESS_WITHIN_DOC},
                "unless_scope": {"enum": ["item", "part", "sentence"], "description": _UNLESS_SCOPE_DOC},
                "within": {"type": "integer", "minimum": 1, "maximum": 200,
                           "description": "near-patterns must lie within this many words (line breaks not "
                                          "counted) of the hit; default: the same sentence"},
                "near_scope": {"enum": list(_CONTEXT_SCOPE), "description": _NEAR_SCOPE_DOC},
                "all_scope": {"enum": list(_CONTEXT_SCOPE), "description": _ALL_SCOPE_DOC},
                "scope": {"enum": list(SCOPES)}, "gate": _STRS, "negation": {"type": "boolean"},
                "across_items": {"type": "boolean", "description": _ACROSS_ITEMS_DOC},
            },
        },
        "protection": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "grantee": {"enum": ["customer", "any"]},
                "requires": {"type": "array", "items": {"oneOf": [
                    {"enum": list(BUILTIN_REQUIREMENTS)},
                    {"type": "object", "additionalProperties": False, "required": ["name"],
                     "description": _REQUIREMENT_DOC,
                     "properties": {"name": _STR, "any": {**_PATTERNS, "minItems": 1},
                                    "none": {**_PATTERNS, "minItems": 1}}}]}},
                "anchor": _STRS,
            },
        },
        "threshold": {**_CONDITION, "required": ["fact", "op"]},
        "escalate": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["when", "severity"],
            "properties": {"when": _CONDITION, "severity": {"enum": [s.value for s in Severity]}}}},
        "examples": {
            "type": "object", "additionalProperties": False, "required": ["flag", "pass"],
            "properties": {"flag": {"type": "array", "items": _EXAMPLE, "minItems": 1},
                           "pass": {"type": "array", "items": _EXAMPLE, "minItems": 1}},
        },
    },
}


def validate(data: Any) -> list[str]:
    """Every structural problem of one parsed rule file, as ``field: message`` strings."""
    return _check(data, RULE_SCHEMA, "")


def _where(path: str) -> str:
    return path or "(top level)"


def _check(value: Any, schema: dict[str, Any], path: str) -> list[str]:
    if "oneOf" in schema:
        return _check_one_of(value, schema["oneOf"], path)
    if "enum" in schema:
        if value not in schema["enum"]:
            return [f"{_where(path)}: {value!r} is not one of {', '.join(map(str, schema['enum']))}"]
        return []
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is_type(value, k) for k in kinds):
        return [f"{_where(path)}: expected {' or '.join(kinds)}, got {_type_name(value)}"]
    if isinstance(value, dict):
        return _check_object(value, schema, path)
    if isinstance(value, list):
        return _check_array(value, schema, path)
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return [f"{_where(path)}: must not be empty"]
        if "pattern" in schema and not re.match(schema["pattern"], value):
            return [f"{_where(path)}: {value!r} does not match {schema['pattern']}"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return [f"{_where(path)}: must be >= {schema['minimum']}"]
        if "maximum" in schema and value > schema["maximum"]:
            return [f"{_where(path)}: must be <= {schema['maximum']}"]
    return []


def _check_object(value: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    props = schema.get("properties", {})
    for key in value:
        if schema.get("additionalProperties") is False and key not in props:
            problems.append(f"{_where(path)}: unknown key {key!r}")
    for key in schema.get("required", []):
        if key not in value:
            problems.append(f"{_where(path)}: missing required key {key!r}")
    for key, sub in props.items():
        if key in value:
            problems.extend(_check(value[key], sub, f"{path}.{key}" if path else key))
    return problems


def _check_array(value: list[Any], schema: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    if len(value) < schema.get("minItems", 0):
        problems.append(f"{_where(path)}: needs at least {schema['minItems']} item(s)")
    if "items" in schema:
        for i, item in enumerate(value):
            problems.extend(_check(item, schema["items"], f"{path}[{i}]"))
    return problems


def _check_one_of(value: Any, options: list[dict[str, Any]], path: str) -> list[str]:
    """Pick the option whose shape fits (same type, sharing the required key) and report its problems."""
    best: list[str] | None = None
    for option in options:
        problems = _check(value, option, path)
        if not problems:
            return []
        fits = _is_type(value, option.get("type", "")) and (
            not isinstance(value, dict) or any(k in value for k in option.get("required", [])))
        if fits and best is None:
            best = problems
    if best is not None:
        return best
    if isinstance(value, dict):
        keys = sorted({k for o in options for k in o.get("required", [])})
        known = {k for o in options for k in o.get("properties", {})}
        # Name a key no option knows ("regexp"), not an optional one that came first ("unless").
        unknown = [k for k in value if k not in known]
        if value and not unknown:  # only optional keys ("unless"): the pattern itself is missing
            return [f"{_where(path)}: needs one of {', '.join(keys)}"]
        return [f"{_where(path)}: unknown key {k!r} (expected one of {', '.join(keys)})" for k in unknown][:1] or \
            [f"{_where(path)}: empty mapping"]
    return [f"{_where(path)}: unexpected {_type_name(value)} {value!r}"]


def _is_type(value: Any, kind: str) -> bool:
    return {
        "string": isinstance(value, str), "object": isinstance(value, dict), "array": isinstance(value, list),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool), "": True,
    }.get(kind, False)


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}.get(type(value), type(value).__name__)
