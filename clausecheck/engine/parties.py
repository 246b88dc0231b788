"""Who is who: the parties' defined names from the preamble and definitions, and the role of each."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from clausecheck.model import Clause, Document

# Generic names vendors give themselves; a defined name outside both lists is "other" unless it is the
# only counterparty of a buyer (then it is the provider).
PROVIDER_NAMES: tuple[str, ...] = (
    "Provider", "Service Provider", "Vendor", "Supplier", "Licensor", "Seller", "Contractor", "Consultant",
)
# Pronouns used by click-through vendor terms ("You will pay...", "We may change...").
PRONOUN_ROLES: dict[str, str] = {"you": "customer", "your": "customer", "we": "provider", "us": "provider",
                                 "our": "provider"}
_QUOTE = "\"“”'‘’"
_DEFINED = re.compile(
    rf"\(\s*(?:each\s+|individually\s+|collectively\s+|together\s+)?(?:the\s+|a\s+)?"
    rf"(?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|referred\s+to\s+(?:herein\s+)?as\s+"
    rf"(?:the\s+)?)?[{_QUOTE}]{{1,2}}([A-Z][\w&.\- ]{{0,40}}?)[{_QUOTE}]{{1,2}}",
)
_HEREINAFTER = re.compile(
    rf"hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?[{_QUOTE}]{{1,2}}([A-Z][\w&.\- ]{{0,40}}?)"
    rf"[{_QUOTE}]{{1,2}}"
)
_PREAMBLE_END = re.compile(r"\b(?:WHEREAS|RECITALS|BACKGROUND|NOW,? THEREFORE|W I T N E S S)\b|\n\s*1\.\s")
_NOT_PARTIES = {
    "agreement", "effective date", "party", "parties", "this agreement", "master agreement", "order form",
    "services", "terms", "contract", "commencement date", "schedule", "exhibit", "affiliate", "affiliates",
}
_PREAMBLE_CHARS = 3000


def find(document: Document, clauses: Sequence[Clause], buyer_names: Iterable[str]) -> dict[str, str]:
    """Defined party name (lower-cased) -> role "customer" | "provider" | "other"."""
    buyers = {name.lower() for name in buyer_names}
    providers = {name.lower() for name in PROVIDER_NAMES}
    text = document.text
    end = _PREAMBLE_END.search(text, 0, _PREAMBLE_CHARS)
    preamble = text[: end.start() if end else _PREAMBLE_CHARS]
    names: list[str] = []
    for pattern in (_DEFINED, _HEREINAFTER):
        names.extend(m.group(1).strip() for m in pattern.finditer(preamble))
    # Outside the preamble only role words count: other quoted terms are ordinary definitions.
    for pattern in (_DEFINED, _HEREINAFTER):
        for match in pattern.finditer(text, len(preamble)):
            name = match.group(1).strip()
            if name.lower() in buyers or name.lower() in providers:
                names.append(name)
    roles: dict[str, str] = {}
    for name in names:
        key = " ".join(name.lower().split())
        if key in _NOT_PARTIES or key in roles:
            continue
        roles[key] = "customer" if key in buyers else "provider" if key in providers else "other"
    return _infer_counterparty(roles)


def _infer_counterparty(roles: dict[str, str]) -> dict[str, str]:
    """With a named buyer and no named provider, the other preamble party is the provider."""
    values = set(roles.values())
    others = [name for name, role in roles.items() if role == "other"]
    if "customer" in values and "provider" not in values and len(others) == 1:
        roles[others[0]] = "provider"
    elif "provider" in values and "customer" not in values and len(others) == 1:
        roles[others[0]] = "customer"
    return roles


def role_map(found: dict[str, str], buyer_names: Iterable[str]) -> dict[str, str]:
    """Every name the engine recognises as a party: generic names and pronouns, then the document's own."""
    roles = {name.lower(): "provider" for name in PROVIDER_NAMES}
    roles.update({name.lower(): "customer" for name in buyer_names})
    roles.update(PRONOUN_ROLES)
    roles.update(found)
    return roles
