"""Position-free finding fingerprints: they survive reflow, pagination and renumbering."""

from __future__ import annotations

import hashlib
import re

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, punctuation-free, whitespace-collapsed form of ``text``."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


def compute(rule_id: str, path: str, matched_text: str, occurrence: int) -> str:
    """sha256 over rule id, repo-relative path and normalised text (20 hex chars), then ``:occurrence``."""
    payload = "\x1f".join((rule_id, path.replace("\\", "/"), normalise(matched_text)))
    return f"{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:20]}:{occurrence}"
