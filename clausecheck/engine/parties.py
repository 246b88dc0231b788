"""Who is who: the parties' defined names from the preamble and definitions, and the role of each."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from clausecheck.engine import prefilter
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
_SHORT_CHARS = 1500
_NAME_WORD = r"[A-Z][\w&\-]*(?:\.[A-Za-z]+)*"
_SUBJECT = re.compile(
    rf"(?<![\w’'])(?P<the>[Tt]he\s+|THE\s+)?(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
    r"(?:\s*,[^,;.]{1,60},)?\s+(?:(?i:also|further|then|now|promptly|solely|only|hereby)\s+)?"
    r"(?P<verb>(?i:may|will|shall|can|must|reserves|retains)|(?i:has)(?=\s+the\s+right))\b"
)
_RIGHT_VERBS = {"may", "can", "reserves", "retains", "has"}
_MEANS = re.compile(rf"[{_QUOTE}]([A-Z][\w&.\- ]{{0,40}}?)[{_QUOTE}]\s*(?:shall\s+)?"
                    r"(?:means?|refers?\s+to|has\s+the\s+meaning|includes?)\b")
_COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|GmbH|AG|S\.A|SAS|B\.V|plc|PBC|LLP|LP|Co)\b\.?")
_GENERIC_SUBJECT = re.compile(
    r"\b(?:" + "|".join(PROVIDER_NAMES) + r")(?:,[^,;.]{1,60},)?\s+(?i:may|will|shall|must|can|agrees)\b")
# Capitalised words that start sentences or qualify nouns but never name a party.
_FUNCTION_WORDS = {
    "the", "a", "an", "this", "that", "these", "those", "such", "each", "either", "neither", "both", "any", "all",
    "no", "none", "nothing", "other", "which", "who", "it", "its", "they", "he", "she", "i", "you", "your", "we",
    "our", "us", "if", "unless", "when", "where", "while", "upon", "after", "before", "notwithstanding", "however",
    "additionally", "further", "furthermore", "also", "then", "thereafter", "otherwise", "accordingly", "therefore",
    "thus", "in", "on", "at", "for", "to", "by", "of", "with", "without", "except", "subject", "as", "and", "or",
    "nor", "but", "so", "not", "only", "anyone", "everyone", "someone", "nobody",
}
# Heads of defined terms of another kind: a name with one of these words is a thing, not a party.
_TERM_WORDS = {
    "agreement", "agreements", "terms", "term", "services", "service", "order", "form", "content", "data", "party",
    "parties", "section", "sections", "exhibit", "schedule", "appendix", "annex", "article", "addendum", "policy",
    "policies", "documentation", "software", "platform", "product", "products", "fees", "fee", "charges", "price",
    "prices", "pricing", "invoice", "invoices", "payment", "payments", "notice", "notices", "affiliate", "affiliates",
    "user", "users", "account", "output", "outputs", "input", "inputs", "model", "models", "api", "sla", "date",
    "information", "property", "law", "laws", "court", "courts", "state", "states", "act", "license", "licence",
    "subscription", "plan", "credits", "credit", "materials", "offering", "offerings", "features", "beta",
    "confidential", "intellectual", "paragraph", "paragraphs", "clause", "clauses", "subsection", "chapter",
    "part", "title", "site", "website", "mark", "marks", "system", "program", "customers", "customer", "client",
    "licensee", "buyer", "subscriber", "provider",
}
_NOT_BEFORE_SUBJECT = {
    "of", "in", "to", "by", "from", "with", "under", "for", "on", "at", "against", "between", "among", "via", "per",
    "through", "upon", "as", "than", "including", "and", "or", "nor", "whom", "its", "their",
    "his", "her", "our", "your", "my", "this", "such", "said",
}


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
    roles = _infer_counterparty(roles)
    if "provider" not in roles.values():
        roles.update(subject_provider(text, roles, buyers, short=len(clauses) <= 1 or len(text) <= _SHORT_CHARS))
    return roles


def _infer_counterparty(roles: dict[str, str]) -> dict[str, str]:
    """With a named buyer and no named provider, the other preamble party is the provider."""
    values = set(roles.values())
    others = [name for name, role in roles.items() if role == "other"]
    if "customer" in values and "provider" not in values and len(others) == 1:
        roles[others[0]] = "provider"
    elif "provider" in values and "customer" not in values and len(others) == 1:
        roles[others[0]] = "customer"
    return roles


def subject_provider(text: str, roles: dict[str, str], buyers: set[str], *, short: bool) -> dict[str, str]:
    """Provider of terms without a preamble: the one name that acts as the subject of "may", "will", "reserves".

    Click-through terms name the vendor only in their sentences ("Google may change the Fees"). A name counts
    when it is the subject of a modal or right-reserving verb at least twice (once in a short document), at
    least once of a right ("may", "reserves the right"), no other such name competes with it, the customer is
    spoken of, and it is not a buyer, a pronoun, a defined term or a common noun.
    """
    if _named_parties(roles) >= 2 and not short:
        return {}  # the preamble named the parties: a third name acting in the body is not one of them
    if not _buyer_acts(text, buyers, short=short):
        return {}  # without a known customer the acting name may as well be the customer ("PK shall not ...")
    if _GENERIC_SUBJECT.search(text):
        return {}  # the document speaks of "Provider"/"Licensor": that is the provider, not another name
    common = _common_words(text)
    excluded = set(roles) | buyers | {name.lower() for name in PROVIDER_NAMES} | _defined_terms(text)
    groups: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    holds_rights: set[str] = set()
    for match in _SUBJECT.finditer(text):
        key = _candidate(match, text, common, excluded)
        if key is None:
            continue
        head = key.split()[-1] if key == "the company" else key.split()[0]
        groups.setdefault(head, set()).add(key)
        counts[head] = counts.get(head, 0) + 1
        if match.group("verb").lower() in _RIGHT_VERBS:
            holds_rights.add(head)
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < (1 if short else 2) or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return {}
    # Both sides promise ("will", "shall"); the vendor is the side that reserves rights ("may", "reserves").
    return {key: "provider" for key in groups[ranked[0][0]]} if ranked[0][0] in holds_rights else {}


def _candidate(match: re.Match[str], text: str, common: set[str], excluded: set[str]) -> str | None:
    """The lower-cased party name a subject match stands for, or None when it is no party name."""
    words = match.group("name").split()
    the = bool(match.group("the"))
    while words and words[0].lower() in _FUNCTION_WORDS:
        the = words[0].lower() == "the"
        words.pop(0)
    if not words:
        return None
    lowered = [w.lower() for w in words]
    if lowered == ["company"]:
        # "the Company" is the classic self-name of a vendor's terms; a bare "Company" is an ordinary noun
        return "the company" if the and "the company" not in excluded else None
    if match.group("verb").isupper():
        return None  # in ALL-CAPS text capitals say nothing about names; only "THE COMPANY" is trusted there
    if the or _after_preposition(text, match.start("name")):
        return None
    key = " ".join(lowered)
    if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]{2,}[^su]s", words[0]):
        return None  # a capitalised plural ("Owners", "Admins") names a class of people, not the vendor
    if (key in excluded or any(w in _TERM_WORDS or w in excluded for w in lowered)
            or (not words[0].isupper() and lowered[0] in common)):
        return None
    return key


def _after_preposition(text: str, at: int) -> bool:
    """True when the word before ``at`` makes the name an object, a co-subject or a qualifier of another thing
    ("laws of California will", "Customer and Acme may", "Customer's Google Account will", "19.100 RCW shall")."""
    before = re.search(r"(\S+)[ \t]*$", text[max(0, at - 40):at])
    if not before or before.group(1)[-1] in ",;:.)":
        return False  # a sentence, list item or clause number ends there
    token = before.group(1)
    if re.fullmatch(r"[\d.]+", token):  # a number: a heading's ("1.2 Acme may") unless words precede it
        return bool(re.search(r"[A-Za-z][^\n]*?[ \t]" + re.escape(token) + r"[ \t]*$", text[max(0, at - 80):at]))
    return token.lower() in _NOT_BEFORE_SUBJECT or bool(re.search(r"(?:['’]s|s['’])$", token))


def _common_words(text: str) -> set[str]:
    """Words the document also writes in lower case: common nouns, not names ("payment", "notice")."""
    return set(re.findall(r"(?<![\w’'])[a-z][a-z\-]+", text))


def _defined_terms(text: str) -> set[str]:
    """Quoted defined terms that are not a company's short name ("Services" means ..., the "Order Form")."""
    terms = {m.group(1).lower() for m in _MEANS.finditer(text)}
    for m in _DEFINED.finditer(text):
        if not _COMPANY_SUFFIX.search(text, max(0, m.start() - 80), m.start()):
            terms.add(" ".join(m.group(1).lower().split()))
    return terms


def _buyer_acts(text: str, buyers: set[str], *, short: bool) -> bool:
    """True when the customer is a party of the text: "you"/"your" or a capitalised buyer name, which in a long
    document must itself be the subject of a modal ("Customer shall", "you may"), not a passing mention."""
    words = sorted(buyers | {"you"}, key=len, reverse=True)
    names = "|".join(re.escape(name) for name in words)
    after = r"" if short else r"(?:,[^,;.]{1,60},)?\s+(?i:may|will|shall|must|can|agrees?)\b"
    pronoun = r"\b(?:[Yy]ou|YOU)(?:rs?|RS?)?\b" if short else ""
    return bool(pronoun and re.search(pronoun, text)) or any(
        _names_buyer(m, text) for m in name_matches(re.compile(rf"\b(?i:{names})\b{after}"), text, words))


def name_matches(rx: re.Pattern[str], text: str, words: Sequence[str]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern each match of which opens with one of ``words`` in any case.

    The pattern opens with ``\\b``, so the regex engine has no first character to skip to and tries every
    position of the document; here it is tried only where a word occurs (``str.find`` in the lower-cased text),
    in order and past the previous match, which gives finditer's matches. Lower-casing is exact for ASCII words
    in foldable text (engine.prefilter); for any other the plain scan runs.
    """
    if not all(word and word.isascii() for word in words) or not prefilter.foldable(text):
        yield from rx.finditer(text)
        return
    low = text.lower()
    places: set[int] = set()
    for word in map(str.lower, words):
        at = low.find(word)
        while at >= 0:
            places.add(at)
            at = low.find(word, at + 1)
    end = 0
    for place in sorted(places):
        if place >= end:
            match = rx.match(text, place)
            if match:
                yield match
                end = match.end()


def _names_buyer(match: re.Match[str], text: str) -> bool:
    """True for "you" or a capitalised buyer name that is not the tail of a longer term ("Purchase Customer")."""
    if match.group().lower().startswith("you"):
        return True
    before = re.search(r"\b([A-Z][\w-]*)\s+$", text[max(0, match.start() - 30):match.start()])
    return match.group()[0].isupper() and (before is None or before.group(1).lower() in _FUNCTION_WORDS)


def _named_parties(roles: dict[str, str]) -> int:
    return sum(1 for role in roles.values() if role in ("customer", "other"))


def role_map(found: dict[str, str], buyer_names: Iterable[str]) -> dict[str, str]:
    """Every name the engine recognises as a party: generic names and pronouns, then the document's own."""
    roles = {name.lower(): "provider" for name in PROVIDER_NAMES}
    roles.update({name.lower(): "customer" for name in buyer_names})
    roles.update(PRONOUN_ROLES)
    roles.update(found)
    return roles
