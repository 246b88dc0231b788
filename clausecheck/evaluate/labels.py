"""The labels file: one JSON object per labelled contract (format: docs/labels-format.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.errors import ConfigError


@dataclass(frozen=True, kw_only=True)
class GoldLabel:
    """The lawyers' verdict for one category in one contract."""

    present: bool
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LabelledContract:
    """One line of a labels file, with paths resolved against the labels file's folder."""

    id: str
    txt: Path | None
    pdf: Path | None
    labels: Mapping[str, GoldLabel]
    answers: Mapping[str, str] = field(default_factory=dict)
    initial_term_months: int | None = None


def load_labels(path: str | Path) -> tuple[LabelledContract, ...]:
    """Read a labels JSONL file; raises ConfigError naming the first bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # tolerate a BOM from Windows editors
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read labels file: {exc}", path=str(path)) from exc
    contracts: list[LabelledContract] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            contract = _parse_line(json.loads(line), path.parent)
        except (json.JSONDecodeError, ValueError) as exc:
            raise ConfigError(str(exc), "see docs/labels-format.md", path=f"{path}:{number}") from None
        if contract.id in seen:
            raise ConfigError(f"duplicate id {contract.id!r}", path=f"{path}:{number}")
        seen.add(contract.id)
        contracts.append(contract)
    if not contracts:
        raise ConfigError("labels file holds no contracts", "see docs/labels-format.md", path=str(path))
    return tuple(contracts)


def _parse_line(row: Any, base: Path) -> LabelledContract:
    if not isinstance(row, dict):
        raise ValueError("expected a JSON object")
    cid = row.get("id")
    if not isinstance(cid, str) or not cid:
        raise ValueError("'id' must be a non-empty string")
    paths = {key: row.get(key) for key in ("txt", "pdf")}
    for key, value in paths.items():
        if value is not None and (not isinstance(value, str) or not value):
            raise ValueError(f"'{key}' must be a path string or null")
    if not paths["txt"] and not paths["pdf"]:
        raise ValueError("needs a 'txt' or a 'pdf' path")
    labels = row.get("labels")
    if not isinstance(labels, dict):
        raise ValueError("'labels' must be an object mapping category -> {present, clauses}")
    gold = {cat: _parse_label(cat, value) for cat, value in labels.items()}
    answers = row.get("answers") or {}
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        raise ValueError("'answers' must be an object of strings")
    months = row.get("initial_term_months")
    if months is not None and (isinstance(months, bool) or not isinstance(months, int)):
        raise ValueError("'initial_term_months' must be an integer or null")
    return LabelledContract(
        id=cid,
        txt=base / paths["txt"] if paths["txt"] else None,
        pdf=base / paths["pdf"] if paths["pdf"] else None,
        labels=gold,
        answers=answers,
        initial_term_months=months,
    )


def _parse_label(category: str, value: Any) -> GoldLabel:
    if not isinstance(value, dict) or not isinstance(value.get("present"), bool):
        raise ValueError(f"labels[{category!r}] must be an object with a boolean 'present'")
    clauses = value.get("clauses", [])
    if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
        raise ValueError(f"labels[{category!r}].clauses must be a list of strings")
    return GoldLabel(present=value["present"], clauses=tuple(clauses))
