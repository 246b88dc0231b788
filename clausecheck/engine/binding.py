"""Who a sentence binds at a hit: the subject party, a passive's "by <party>", an enumerated item's own
actor, a grantee, both parties ("either Party may"), and whose verb is permissive."""

from __future__ import annotations

import re
from typing import Any

from clausecheck.engine.actors import (
    CLAUSE_OPENERS,
    MODALS,
    NOT_A_VERB,
    PARTICIPLE,
    PASSIVE_REACH,
    PERMISSIVE,
    complement_actor,
    denies,
    failing_subject,
    grantee_of,
    names_the_event,
    owns_passive,
    passive_owner,
    relieved_party,
    verb_like,
)
from clausecheck.engine.tokens import content_after, items, lowers, text_of, token_at, token_distance

# "be terminated by Provider", "is exercisable by either party": the party after "by" is the actor. So it is after
# coordinated participles ("may be accessed, used and disclosed by us") and a few adjuncts that cannot hide another
# "by" phrase's head ("terminated at any time by Provider"): "deleted after termination by either party" is no passive.
_PASSIVE = re.compile(rf"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?(?P<verb>{PARTICIPLE})"
                      rf"(?:\s*,\s*(?:(?:and|or)\s+)?{PARTICIPLE}|\s+(?:and|or|and/or)\s+(?:\w+ly\s+)?{PARTICIPLE}){{0,4}}"
                      r"(?:\s+(?:\w+ly|at\s+any\s+time|from\s+time\s+to\s+time|in\s+(?:whole\s+or\s+in\s+part|full|"
                      r"writing)))?\s+(?P<by>by)\s+(?:the\s+)?(?P<actor>[\w&.-]+(?:[ \t\n]+[\w&.-]+){0,3})",
                      re.IGNORECASE)
_MUTUAL = re.compile(r"\b(?:either|each|neither|both|any)\s+part(?:y|ies)\b|\bthe\s+parties\b", re.IGNORECASE)
# Both parties as the subject of a modal ("either Party may"): "neither" and "any party" are not a grant to both.
_MUTUAL_SUBJECT = re.compile(r"\b(?:(?:either|each|both)\s+part(?:y|ies)|the\s+parties)\s+"
                             r"(?:may|shall|will|can|must)\b",
                             re.IGNORECASE)
_ASIDE_TOKENS = 10  # ", at its option," and ", in its sole and absolute discretion," fit
_PAIRING = {"hand", "other"}  # "on the one hand" / "on the other (hand)"


def party_mentions(doc: Any, roles: dict[str, str], sentence: tuple[int, int]) -> list[tuple[int, str, bool]]:
    """(token index, role, followed-by-a-verb) for each party name in the sentence, possessives excluded."""
    first, last = token_at(doc, sentence[0]), token_at(doc, max(sentence[0], sentence[1] - 1))
    longest = max((len(k.split()) for k in roles), default=1)
    heads = {k.split()[0] for k in roles}
    mentions: list[tuple[int, str, bool]] = []
    low = lowers(doc)
    i = first
    while i <= last:
        if low[i] not in heads:
            i += 1
            continue
        for size in range(min(longest, last - i + 1), 0, -1):
            name = " ".join(low[i:i + size])
            if name in roles:
                after = low[i + size] if i + size < len(low) else ""
                if after not in ("'s", "’s", "'", "’"):
                    window = set(low[i + size:i + size + 4])
                    if after == "," and not window & MODALS:  # "Provider, in its sole discretion, may ..."
                        window = set(low[_past_aside(low, i + size, last):][:3])
                    verb = bool(window & MODALS) or (denies(low, i + size) and not _conditional(low, i, first)) or (
                        i > first and low[i - 1] in CLAUSE_OPENERS
                                                      and verb_like(doc, i + size, low[i - 1] != "how"))
                    # "Your Content may be used", "Customer Data will be deleted": the party owns the passive's
                    # subject, it does not act ("a Customer Application is competitive" still binds its owner).
                    verb = verb and not owns_passive(doc, name, i + size)
                    mentions.append((i, roles[name], verb))
                i += size - 1
                break
        i += 1
    return mentions


def _conditional(low: list[str], token: int, first: int) -> bool:
    """True when the party at ``token`` opens an if-clause ("If [the] Vendor does not ..."): the clause names an
    event, whose subject the main clause after it does not make the bound party."""
    before = token - 1 if token > first and low[token - 1] != "the" else token - 2
    return before >= first and low[before] in CLAUSE_OPENERS


def _past_aside(low: list[str], comma: int, last: int) -> int:
    """The token after a short parenthetical that opens at ``comma`` (", in its sole discretion,"), else
    ``comma`` itself (no closing comma within _ASIDE_TOKENS tokens: not an aside). "X, on the one hand, and Y,
    on the other, may ..." pairs the parties: no aside, the sentence binds both."""
    for j in range(comma + 1, min(comma + 1 + _ASIDE_TOKENS, last + 1)):
        if low[j] == ",":
            return j + 1
        if low[j] in (";", ".", ":") or low[j] in _PAIRING:
            break
    return comma


def bound_party(doc: Any, roles: dict[str, str], start_char: int, sentence: tuple[int, int]) -> str | None:
    """Role of the party that the sentence binds at ``start_char``: customer | provider | mutual | None."""
    segment_start = text_of(doc).rfind(";", sentence[0], start_char)
    scope = (segment_start + 1, sentence[1]) if segment_start >= 0 else sentence
    head = text_of(doc)[scope[0]:start_char]
    mutual = _MUTUAL.search(head)
    at = token_at(doc, start_char)
    own = _item_actor(doc, roles, start_char, sentence)
    if own:
        return own
    mentions = party_mentions(doc, roles, scope) or party_mentions(doc, roles, sentence)
    failing = failing_subject(doc, roles, mentions, at) or relieved_party(doc, roles, mentions, at)
    if failing:
        return failing
    grantee = complement_actor(doc, mentions, start_char, at, token_at(doc, scope[0]))
    if grantee:
        return grantee
    subjects = [m for m in mentions if m[2] and m[0] < at and not names_the_event(doc, roles, m[0], at)]
    actor = _passive_actor(doc, roles, at, scope, subjects[-1][0] if subjects else -1)
    if actor:
        return actor
    owner = passive_owner(doc, roles, mentions, at) if not subjects else None
    if owner:
        return owner
    if subjects:
        token, role, _ = subjects[-1]
        grantee = grantee_of(doc, mentions, token, at)
        if grantee:
            return grantee
        if mutual and mutual.start() + scope[0] > doc[token].idx:
            return "mutual"
        return role
    if mutual:
        return "mutual"
    later = [m for m in mentions if m[2] and m[0] >= at]  # those before it name an event ("If Provider terminates")
    # "Upon 30 days' notice, either Party may terminate ...": a mutual subject before any named one binds both.
    mutual_subject = _MUTUAL_SUBJECT.search(text_of(doc), start_char, scope[1])
    if mutual_subject and (not later or mutual_subject.start() < doc[later[0][0]].idx):
        return "mutual"
    if later:
        return later[0][1]
    return _possessor(doc, roles, scope)


def _item_actor(doc: Any, roles: dict[str, str], start_char: int, sentence: tuple[int, int]) -> str | None:
    """The party an enumerated item names as its own actor before ``start_char``, else None (the lead-in rules).

    "Upon termination by either Party: (i) Customer shall remain liable for ...": item (i) binds the customer.
    Its actor is a passive's "by <party>", a party followed by a modal, or a party opening the item and followed
    by a verb-like word ("(ii) Provider refunds ..."), which an enumeration's items often use without a modal.
    """
    text = text_of(doc)
    lead, parts = items(text, sentence, parts=False)
    item = next((p for p in parts if p[0] <= start_char < p[1]), None) if lead else None
    if item is None:
        return None
    at = token_at(doc, start_char)
    mentions = party_mentions(doc, roles, item)
    subjects = [m for m in mentions if m[0] < at and (m[2] or _opens_item(doc, text, item, m[0]))]
    actor = _passive_actor(doc, roles, at, item, subjects[-1][0] if subjects else -1)
    if actor:
        return actor
    opening = _ITEM_OPENING.match(text, item[0], start_char)
    if opening and _MUTUAL.match(text, opening.end()) and not subjects:
        return "mutual"  # "(a) either party may terminate ..."
    if not subjects:
        # "provided that (i) any such termination by Customer shall not relieve Customer ...": a lead-in ending in
        # "that" makes each item a clause of its own, whose subject may come after the hit.
        if not (lead and _CLAUSE_LEAD.search(text, lead[0], lead[1])):
            return None
        return next((m[1] for m in mentions if m[2] and m[0] > at), None)
    token, role, _ = subjects[-1]
    return grantee_of(doc, mentions, token, at) or role


_CLAUSE_LEAD = re.compile(r"\bthat\s*[:,]?\s*$", re.IGNORECASE)
# An item's marker and the words that may come before its subject: "(ii) and, if applicable, the Customer".
_ITEM_OPENING = re.compile(r"\(\s*\w{1,5}\s*\)\s*(?:(?:and|or|that|then|if\s+applicable,?)\s+)*(?:the\s+)?",
                           re.IGNORECASE)

def _opens_item(doc: Any, text: str, item: tuple[int, int], token: int) -> bool:
    """True when the party mention at ``token`` opens the item and a lower-case word (its verb) follows it."""
    opening = _ITEM_OPENING.match(text, item[0], item[1])
    if opening is None or token_at(doc, opening.end()) != token:
        return False
    following = content_after(doc, token)
    if following >= len(doc):
        return False
    word = doc[following].text
    return word.isalpha() and word.islower() and word not in NOT_A_VERB


def _passive_actor(doc: Any, roles: dict[str, str], at: int, scope: tuple[int, int], after: int) -> str | None:
    """The actor of a passive verb next to the hit ("may be terminated by Provider"): its role, or "mutual".

    Only a passive whose "by" comes after the last subject before the hit counts: that subject's clause is over.
    """
    text = text_of(doc)
    best: tuple[int, str] | None = None
    for m in _PASSIVE.finditer(text, scope[0], scope[1]):
        verb, by = token_at(doc, m.start("verb")), token_at(doc, m.start("by"))
        # Near the verb group as a whole: a hit just after a long "cancelled in whole or in part by Customer".
        distance = 0 if verb <= at <= by else min(token_distance(doc, verb, at), token_distance(doc, by, at))
        if by <= after or distance > PASSIVE_REACH:
            continue
        actor = m.group("actor").lower()
        role: str | None
        if _MUTUAL.match(actor) or actor.startswith("parties"):
            role = "mutual"
        else:
            role = next((roles[n] for n in _prefixes(actor) if n in roles), None)
        if role and (best is None or distance < best[0]):
            best = (distance, role)
    return best[1] if best else None


def _prefixes(actor: str) -> list[str]:
    """Longest-first word prefixes of the words after "by" ("provider upon notice" -> "provider upon", "provider")."""
    words = [w.strip(".,-") for w in actor.split()]
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def _possessor(doc: Any, roles: dict[str, str], sentence: tuple[int, int]) -> str | None:
    """Role of the first possessive party mention ("Provider's list prices"), when no subject is found."""
    first, last = token_at(doc, sentence[0]), token_at(doc, max(sentence[0], sentence[1] - 1))
    low = lowers(doc)
    for i in range(first + 1, last + 1):
        if low[i] in ("'s", "’s") and low[i - 1] in roles:
            return roles[low[i - 1]]
    return None


def permissive_subject(doc: Any, roles: dict[str, str], start_char: int, sentence: tuple[int, int]) -> str | None:
    """Role of the party whose verb is permissive ("Provider may ...") before ``start_char``, if any."""
    at = token_at(doc, start_char)
    for token, role, _ in reversed(party_mentions(doc, roles, sentence)):
        if token >= at:
            continue
        window = lowers(doc)[token + 1:min(at, token + 5)]
        if any(w in PERMISSIVE for w in window) and "not" not in window:
            return role
        return None
    return None

