"""Who acts where the subject is not the actor: the grantee of a granted right ("you grant us a licence to
use ..."), the other party on one party's thing in an agentless passive ("Your Content may be used ..."), and the
subject of a clause a party opens ("how we use", "If Customer reduces ..."). Also the words binding reads."""

from __future__ import annotations

import re
from typing import Any

from clausecheck.engine.tokens import content_after, lowers, text_of, token_at, token_distance

PARTICIPLE = r"[a-z]+(?:ed|en|wn|id|de|nt|lt|ght|able|ible)"
PASSIVE_REACH = 8
GRANT_VERBS = {"grants", "grant", "permits", "permit", "authorizes", "authorises", "authorize", "authorise",
               "allows", "allow", "licenses", "licences", "license", "licence", "gives", "give", "consents"}
# Words after a party name that make it a subject ("Provider may", "Customer agrees", "Customer pays").
MODALS = {"shall", "will", "must", "may", "can", "agrees", "agree", "hereby", "covenants", "undertakes",
          "is", "are", "has", "have", "grants", "reserves", "acknowledges", "warrants", "represents",
          "commits", "elects", "might", "could", "should", "would", "retains", "obtains", "receives",
          "undertake", "reserve", "wo", "ca", "need", "needs", "pays", "purchases", "uses", "sends", "routes"}
PERMISSIVE = {"may", "can", "might", "could"}
# A party that denies something is the subject of its denial: "We do not promise ...", "Provider doesn't commit ...",
# "Provider makes no commitment ...", "we give no guarantee ...". Only with the negator next: "Customer gives notice"
# or "Provider does business" are not read as subjects this way.
_DENYING = {"do": ("not", "n't"), "does": ("not", "n't"), "did": ("not", "n't"), "make": ("no",),
            "makes": ("no",), "made": ("no",), "give": ("no",), "gives": ("no",), "gave": ("no",)}


def denies(low: list[str], token: int) -> bool:
    """True when the words at ``token`` are a denying predicate ("does not", "makes no", "gives no")."""
    negators = _DENYING.get(low[token], ()) if token < len(low) else ()
    return token + 1 < len(low) and low[token + 1] in negators

# Words after a party name that show it is not the subject: "(a) Customer, upon request, ..." is an object.
NOT_A_VERB = {"and", "or", "of", "the", "for", "to", "in", "on", "a", "an", "by", "with", "&", "at", "from",
              "'s", "’s", "upon", "as", "under", "within", "such", "any", "all", "its", "their"}
_POSSESSIVES = {"your", "our", "their", "its", "my"}
_OWNED_PASSIVE = re.compile(rf"\s*(?:[\w'’-]+\s+(?:and\s+|or\s+)?){{0,3}}?(?:(?:may|will|shall|can|might|must|could|"
                            rf"would)\s+(?:not\s+)?(?:also\s+)?be|is|are|was|were)\s+(?:\w+ly\s+)?{PARTICIPLE}\b",
                            re.IGNORECASE)


def owns_passive(doc: Any, name: str, token: int) -> bool:
    """True when a possessive ("your") or a defined term's first word ("Customer Data") opens a passive's subject."""
    return _owned_passive(doc, name, token) is not None


def _owned_passive(doc: Any, name: str, token: int) -> re.Match[str] | None:
    """The passive whose subject a possessive or a defined term's first word opens, else None."""
    if token >= len(doc) or not (name in _POSSESSIVES or _compound(doc, token)):
        return None
    return _OWNED_PASSIVE.match(text_of(doc), doc[token].idx - 1 if doc[token].idx else 0)


_COUNTERPARTY = {"customer": "provider", "provider": "customer"}


def passive_owner(doc: Any, roles: dict[str, str], mentions: list[tuple[int, str, bool]], at: int) -> str | None:
    """"Your Content may be used to train ...", "Customer Data will be deleted": with no actor named, a passive on
    one party's thing is the other party's act (the owner does not use or delete its own data against itself)."""
    low = lowers(doc)
    for token, role, verb in reversed(mentions):
        if token > at or verb:
            continue
        size = next(n for n in range(3, 0, -1) if " ".join(low[token:token + n]) in roles)
        passive = _owned_passive(doc, " ".join(low[token:token + size]), token + size)
        if passive and token_distance(doc, token_at(doc, passive.end() - 1), at) <= PASSIVE_REACH:
            return _COUNTERPARTY.get(role)
        return None
    return None


def _compound(doc: Any, token: int) -> bool:
    """True when a capitalised noun follows a party name ("Customer Data", "Provider Materials"): a defined term."""
    if token >= len(doc):
        return False
    word = doc[token].text
    return word.istitle() and word.isalpha() and word.lower() not in MODALS


# A party right after these opens a clause of its own: "how we use ...", "If Customer reduces its ...".
CLAUSE_OPENERS = {"how", "if", "when", "whenever", "unless", "once", "until", "where", "after", "before", "because"}


def names_the_event(doc: Any, roles: dict[str, str], token: int, at: int) -> bool:
    """True for an "if"-clause's subject whose verb is where the hit starts ("If Provider *terminates* ..., Customer
    shall pay the Exit Amount"): the hit names the event, and the main clause says who bears it."""
    low = lowers(doc)
    if token == 0 or low[token - 1] not in CLAUSE_OPENERS or low[token - 1] == "how":
        return False
    size = next((n for n in range(3, 0, -1) if " ".join(low[token:token + n]) in roles), 1)
    return not set(low[token + size:token + size + 4]) & MODALS and content_after(doc, token + size - 1) >= at


# A condition whose subject fails to perform ("If Customer fails to purchase at least ...", "Should the Customer not
# meet the Minimum ...", "In the event that Licensee does not achieve ..."): what the condition names is the subject's
# own unmet obligation, whatever the main clause then lets the other party do.
_CONDITIONS = {"if", "when", "whenever", "where", "unless", "should", "event", "case"}
_FAILING = {("fails", "to"), ("fail", "to"), ("failed", "to"), ("neglects", "to"), ("neglect", "to"),
            ("does", "not"), ("do", "not"), ("did", "not"), ("is", "unable"), ("are", "unable"), ("has", "not"),
            ("have", "not"), ("had", "not"), ("will", "not"), ("shall", "not"), ("shall", "fail"), ("should", "fail"),
            ("not", "meet"), ("not", "achieve"), ("not", "purchase"), ("not", "order")}
_MAIN_CLAUSE = {",", ";", ":", "then", "shall", "will", "may", "must", "can"}


def failing_subject(doc: Any, roles: dict[str, str], mentions: list[tuple[int, str, bool]], at: int) -> str | None:
    """Role of the party whose failure to perform an opening condition states, when the hit lies inside that
    condition ("If *Customer* fails to purchase at least 10,000 units, Provider may terminate"), else None."""
    low = lowers(doc)
    # the party nearest before the hit, or one the hit opens with its condition ("If the Customer does not meet")
    near = [m for m in mentions if m[0] < at][-1:] or [m for m in mentions if m[0] - at <= 4][:1]
    for token, role, _ in near:
        opener = _condition_opener(low, token)
        if opener is None or (token > at and opener < at):
            return None
        size = next((n for n in range(3, 0, -1) if " ".join(low[token:token + n]) in roles), 1)
        verb = token + size
        if tuple(low[verb:verb + 2]) not in _FAILING:
            return None
        # the hit lies in the condition: no comma, "then" or modal of a main clause between its verb and the hit
        return role if not any(w in _MAIN_CLAUSE for w in low[verb + 2:at]) else None
    return None


# "Termination by Provider shall not relieve *Customer* of its obligation to purchase ...": the relieved party keeps
# the obligation, whoever the sentence's subject is.
_RELIEVING = {"relieve", "relieves", "relieved", "release", "releases", "released", "discharge", "discharges",
              "discharged", "excuse", "excuses", "excused", "absolve", "absolves", "absolved", "exempt", "exempts"}


def relieved_party(doc: Any, roles: dict[str, str], mentions: list[tuple[int, str, bool]], at: int) -> str | None:
    """Role of the party that a negated relieving verb takes as its object at the hit ("shall not relieve Customer
    of its obligation to ..."): the obligation stays that party's. None without such an object ("Provider shall
    release Customer from ..." frees the customer: its subject stays the one bound)."""
    low = lowers(doc)
    for token, role, _ in [m for m in mentions if at <= m[0] <= at + 5] + list(reversed([m for m in mentions
                                                                                         if m[0] < at])):
        before = token - 1 if token > 0 and low[token - 1] != "the" else token - 2
        if before < 0 or low[before] not in _RELIEVING:
            continue
        size = next((n for n in range(3, 0, -1) if " ".join(low[token:token + n]) in roles), 1)
        denied = set(low[max(0, before - 3):before]) & _DENIALS or "nothing" in low[max(0, before - 12):before]
        if denied and token + size < len(low) and low[token + size] in ("of", "from") and ";" not in low[token:at]:
            return role
        return None
    return None


_DENIALS = {"not", "n't", "never", "without"}


def _condition_opener(low: list[str], token: int) -> int | None:
    """Index of the word opening a condition whose subject is the party at ``token`` ("if", "should", "in the
    event (that)", "in case"; "the" may come between), else None."""
    before = token - 1 if token > 0 and low[token - 1] != "the" else token - 2
    if before > 0 and low[before] == "that" and low[before - 1] == "event":
        before -= 1
    if before < 0 or low[before] not in _CONDITIONS:
        return None
    if low[before] in ("event", "case") and (before == 0 or low[before - 1] not in ("the", "in")):
        return None
    return before


def verb_like(doc: Any, token: int, inflected: bool = False) -> bool:
    """True when the token is a lower-case word that can be a verb ("how we *use* your data"); ``inflected``
    asks for a third-person or past form ("If Customer *reduces*", "once Customer *terminated*")."""
    if token >= len(doc):
        return False
    word = doc[token].text
    if inflected and not (word.endswith(("es", "ed")) or (word.endswith("s") and not word.endswith(("ss", "us")))):
        return False
    return word.isalpha() and word.islower() and word not in NOT_A_VERB


def grantee_of(doc: Any, mentions: list[tuple[int, str, bool]], subject: int, at: int) -> str | None:
    """"Customer grants Provider a licence to use ...": the grantee is the one who gets the right (not when the
    grantor only may grant it: "Provider may grant Customer ..." binds the provider's choice)."""
    low = lowers(doc)
    verb = next((i for i in range(subject + 1, min(subject + 4, len(low))) if low[i] in GRANT_VERBS), None)
    if verb is None or _discretionary_grant(low, subject + 1, verb):
        return None
    return next((m[1] for m in mentions if subject < m[0] < at), None)


# "you grant us a licence to use ...", "Customer hereby grants to Provider the right to ...", "you authorise us to
# use ...": the grantee does what the right allows. Grant verbs before the grantee (with "hereby", "to", "the"
# between), then the right and its "to" (no sentence or clause stop between).
_GRANTING = {"grant", "grants", "granted", "give", "gives", "given"}
_ALLOWING = {"permit", "permits", "allow", "allows", "authorize", "authorizes", "authorise", "authorises",
             "enable", "enables"}
_RIGHT_TO = re.compile(r"[^;.:!?]{0,160}?\b(?:rights?|licen[cs]es?|permissions?|authori[sz]ation|consent)\s+to\s+",
                       re.IGNORECASE)
_DIRECT_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def complement_actor(doc: Any, mentions: list[tuple[int, str, bool]], start_char: int, at: int,
                      first: int) -> str | None:
    """The grantee's role when the hit lies in the complement of a grant ("you grant us a licence to *use* ...").

    A party with its own verb between the grantee and the hit starts a clause of its own and keeps it
    ("Customer grants Provider a licence to host data, and Customer may export ..." binds the customer).
    """
    text, low = text_of(doc), lowers(doc)
    found: str | None = None
    for token, role, _ in mentions:
        if token >= at or not _after_grant_verb(low, token) or _discretionary_grant(
                low, max(first, _before_grantee(low, token) - 8), _before_grantee(low, token)):
            continue
        end = doc[token].idx + len(doc[token].text)
        pattern = _DIRECT_TO if low[_before_grantee(low, token)] in _ALLOWING else _RIGHT_TO
        right = pattern.match(text, end, start_char + 1)
        if right is None or right.end() > start_char + 1:
            continue
        if any(m[2] and token < m[0] < at for m in mentions):
            continue
        found = role
    return found


_DISCRETION_WORDS = PERMISSIVE | {"discretion", "option", "elect", "elects", "choose", "chooses"}


def _discretionary_grant(low: list[str], start: int, verb: int) -> bool:
    """True for a grant the grantor only may make ("Provider may, at its discretion, allow Customer to ..."): the
    sentence then binds the grantor's choice, not the grantee's act."""
    return any(w in _DISCRETION_WORDS for w in low[start:verb])


def _before_grantee(low: list[str], token: int) -> int:
    """Index of the word before a grantee, past "to", "the" and "hereby" ("grants to the Provider")."""
    i = token - 1
    while i > 0 and low[i] in ("to", "the", "unto", "hereby"):
        i -= 1
    return i


def _after_grant_verb(low: list[str], token: int) -> bool:
    """True when the party at ``token`` is the object of a grant or allow verb ("grant us", "allow Provider")."""
    i = _before_grantee(low, token)
    return token > 0 and i < token and (low[i] in _GRANTING or low[i] in _ALLOWING)
