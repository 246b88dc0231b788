"""How contracts qualify what they say: negation, exceptions, modality, conditions, fees and who is bound.

Everything here works on a tokenised clause (a spaCy Doc) and character offsets inside it, so every rule
gets the same reading of "non-exclusive", "nothing herein shall be construed as", "except", "provided that",
"may" vs "shall", "at its sole discretion" and "commercially reasonable efforts". This module holds the
clause-level cues (headings, definitions, weakening cues, deadlines, "no charge") and is the one import for
the rest: token and sentence helpers live in ``tokens``, negation and exceptions in ``negation``, who is bound
in ``binding``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from clausecheck.engine.binding import bound_party, party_mentions, permissive_subject
from clausecheck.engine.negation import in_exception, is_negated, part_start
from clausecheck.engine.tokens import (
    content_tokens,
    items,
    lowers,
    sentence_bounds,
    text_of,
    token_at,
    token_distance,
    window_start,
)

__all__ = ["CUES", "DEADLINE", "DEFINITION", "NO_CHARGE", "bound_party", "content_tokens", "defines",
           "discretion_holders",
           "in_exception", "is_definition", "is_heading", "is_negated", "items", "lowers", "may_bind", "part_start",
           "party_mentions", "permissive_subject", "sentence_bounds", "text_of", "token_at", "token_distance",
           "weaknesses", "window_start"]

# "20.G.", "3.a)", "12.3.1": after the first number, dotted parts are numbers or one letter (never a word:
# "12.Term." is no number).
_NUMBERING = re.compile(r"^(?:(?:section|article|clause|schedule|exhibit)\s+)?(?:[0-9ivxlc]+|[a-z])"
                        r"(?:\.(?:[0-9]+|[a-z]))*[.)]?(?=\s|$)|^\(\w{1,4}\)", re.IGNORECASE)
_HEADING_WORDS = 10
_SMALL_WORDS = {"and", "or", "of", "the", "for", "to", "in", "on", "a", "an", "by", "with", "&", "at", "from"}
_OPERATIVE = re.compile(r"\b(?:shall|will|may|must|agrees?|is|are|means|has|have|can|hereby)\b", re.IGNORECASE)
CUES: dict[str, re.Pattern[str]] = {
    "discretionary": re.compile(
        r"\b(?:sole|absolute|reasonable|own|its|their)\s+(?:and\s+absolute\s+)?discretion|\bat\s+(?:its|their|"
        r"provider'?s?|vendor'?s?|supplier'?s?|licensor'?s?|our)\s+(?:sole\s+)?option\b|reserves?\s+the\s+right|"
        r"\bif\s+(?:provider|vendor|supplier|licensor|we)\s+(?:so\s+)?(?:elects?|chooses?|decides?)|"
        r"\bas\s+(?:provider|vendor|supplier|licensor|we)\s+(?:may\s+)?(?:deems?|determines?)|\bwhere\s+"
        r"(?:provider|vendor|supplier|licensor|we)\s+(?:agrees?|consents?)", re.IGNORECASE),
    "efforts": re.compile(
        r"\b(?:commercially\s+)?reasonable\s+(?:commercial\s+)?(?:efforts?|endeavou?rs?)|\bbest\s+(?:commercial\s+)?"
        r"(?:efforts?|endeavou?rs?)|\bgood[\s-]+faith\s+efforts?|\bendeavou?r\s+to\b|\b(?:will|shall)\s+(?:try|"
        r"attempt|seek|aim|strive)\s+to\b|\bwhere\s+(?:technically\s+)?(?:feasible|practicable|possible)|"
        r"\bto\s+the\s+extent\s+(?:technically\s+|commercially\s+|reasonably\s+)?(?:feasible|practicable|possible)|"
        r"\bintends?\s+to\b|\bif\s+(?:technically\s+)?(?:feasible|available)", re.IGNORECASE),
    "conditional": re.compile(
        r"\bprovided,?\s+(?:however,?\s+)?that\b|\b(?:conditioned|conditional|contingent)\s+(?:up)?on\b|"
        r"\bon\s+condition\s+that|\b(?:so|as)\s+long\s+as\b|\bsubject\s+to\s+(?:provider|vendor|supplier|"
        r"licensor|our|its)'?s?\s+(?:prior\s+)?(?:written\s+)?(?:approval|consent|agreement)|\bas\s+(?:may\s+be\s+)?"
        r"mutually\s+agreed|\bto\s+be\s+(?:mutually\s+)?agreed|\bupon\s+mutual\s+agreement", re.IGNORECASE),
    "fee": re.compile(
        r"\b(?:additional|extra|separate)\s+(?:fees?|charges?|costs?|compensation)|\bat\s+(?:customer|client|"
        r"licensee|buyer|subscriber|your)'?s?\s+(?:sole\s+)?(?:own\s+)?(?:expense|cost)|\bthen[\s-]+current\s+"
        r"(?:rates?|fees?|prices?)|\b(?:standard|prevailing|hourly|professional\s+services)\s+(?:rates?|fees?)|"
        r"\btime\s+and\s+materials?|\bfor\s+a\s+(?:reasonable\s+)?fee\b|\bsubject\s+to\s+(?:the\s+)?payment|"
        r"\b(?:shall|will)\s+(?:be\s+)?(?:reimburse|pay|charged?|invoiced?)|\bchargeable\b|\bfees?\s+(?:will|shall)\s+apply",
        re.IGNORECASE),
}
NO_CHARGE = re.compile(
    r"\b(?:at\s+)?no\s+(?:additional\s+|extra\s+|further\s+)?(?:charge|cost|fee|expense)|\bfree\s+of\s+"
    r"(?:charge|cost)|\bwithout\s+(?:additional\s+|extra\s+|further\s+)?(?:charge|cost|fee|payment)|\bat\s+"
    r"(?:provider|vendor|supplier|licensor|its|our)'?s?\s+(?:sole\s+)?(?:own\s+)?(?:expense|cost)|\bfree\s+transition",
    re.IGNORECASE)
_NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
           r"forty|forty-five|fifty|sixty|ninety|hundred|[a-z]+-(?:one|two|three|four|five))")
DEADLINE = re.compile(
    rf"\b(?:within|no\s+later\s+than|not\s+later\s+than|not\s+less\s+than|at\s+least|for|before|during|"
    rf"up\s+to|no\s+less\s+than|a\s+period\s+of)\s+(?:the\s+)?{_NUMBER}(?:\s*\(\d+\))?\s*(?:business\s+|calendar\s+|"
    rf"working\s+)?(?:days?|weeks?|months?|hours?)\b|\b{_NUMBER}(?:\s*\(\d+\))?[\s-]+(?:business\s+|calendar\s+)?"
    rf"(?:days?|weeks?|months?)['’]?\s+(?:period|after|following|of|from)\b", re.IGNORECASE)
DEFINITION = re.compile(r"^\W{0,3}[\"“”']?[A-Z][\w .&/-]{0,60}[\"“”']?\s+(?:means|shall\s+mean|refers\s+to|"
                        r"has\s+the\s+meaning)\b")



def is_heading(text: str, heading: str | None = None) -> bool:
    """True for a bare heading with no body ("4. EXCLUSIVITY AND VOLUME COMMITMENTS", "12.3 Term.")."""
    rest = _NUMBERING.sub("", text.strip(), count=1).strip(" \t\n.:-—")
    if not rest:
        return True
    if heading and _bare(heading) in (_bare(rest), _bare(text)):  # "20.G.    COVENANT NOT TO COMPETE." as its heading
        return True
    words = rest.split(maxsplit=_HEADING_WORDS)  # enough to tell; long clauses are not split in full
    # A ";" joins the topics of one heading ("Employment; Noncompetition; Nondisclosure"); a full stop, a colon or a
    # comma before more words starts or continues a body ("Term. This Agreement ..."; an order form's title-case
    # "Automatically Renews For Successive 12 Month Terms, Unless Cancelled" must still be read).
    if len(words) > _HEADING_WORDS or _OPERATIVE.search(rest) or re.search(r"[.:!?,]\s+\S", rest):
        return False
    if not any(c.islower() for c in rest):
        return True
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)



# "Either Party may, in its sole discretion, terminate ...": a discretion both parties hold is the customer's too,
# no one-sided weakness (the checker exempts the customer's own discretion likewise).
_MUTUAL_DISCRETION = re.compile(
    r"\b(?:either|each|both)\s+part(?:y|ies)\s*,?\s*(?:(?:may|shall|will|can)\s*,?\s*)?(?:at|in)\s+(?:its|their)\s+"
    r"(?:(?:sole|own|absolute|reasonable)\s+)*(?:and\s+absolute\s+)?(?:discretion|option)\b"
    r"|\b(?:at|in)\s+the\s+(?:sole\s+)?(?:discretion|option)\s+of\s+(?:either|each)\s+part(?:y|ies)\b",
    re.IGNORECASE)


def _bare(text: str) -> str:
    """Lower case, blanks collapsed, outer punctuation stripped: how a heading is compared with a clause's text."""
    return " ".join(text.lower().split()).strip(" .:-")


# Who holds a discretion the sentence names: the party right before it ("in Provider's sole discretion", "at our
# option") or named inside the cue ("if Vendor elects", "as we determine"). One or two capitalised words or a pronoun.
_HOLDER = re.compile(r"(?:\b([A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s?|\b(our|your|their|its))\s+"
                     r"(?:(?:sole|own|absolute|reasonable|and)\s+)*(?:discretion|option|election|judg(?:e)?ment)\b"
                     r"|\b(?:if|as|where)\s+([A-Za-z][\w-]*)\s+(?:so\s+|may\s+)?(?:elects?|chooses?|decides?|deems?|"
                     r"determines?|agrees?|consents?)\b", re.IGNORECASE)


def discretion_holders(sentence_text: str, roles: dict[str, str]) -> set[str]:
    """Roles ("provider", "customer", "other") of the parties whose discretion or option the sentence names; a
    bare "its"/"their" or an unknown name adds nothing (whose it is cannot be told from the words alone)."""
    held = set()
    for m in _HOLDER.finditer(sentence_text):
        name = next((g for g in m.groups() if g), "").lower()
        role = roles.get(name) or roles.get(name.split()[-1])
        if role:
            held.add(role)
    return held


def weaknesses(sentence_text: str) -> list[str]:
    """Names of the weakening cues present in a sentence (discretionary, efforts, conditional, fee)."""
    found = [name for name, cue in CUES.items() if cue.search(sentence_text)]
    if "fee" in found and NO_CHARGE.search(sentence_text):
        found.remove("fee")
    if "discretionary" in found and _MUTUAL_DISCRETION.search(sentence_text) and not CUES["discretionary"].search(
            _MUTUAL_DISCRETION.sub(" ", sentence_text)):
        found.remove("discretionary")  # every discretion in the sentence is one that both parties hold
    return found


# A later sentence of a definition clause that binds someone ("... . Customer shall not use the Output to ...") is an
# operative term placed among the definitions; one without a modal continues the definition ("... does not include").
_BINDS = re.compile(r"\b(?:shall|will|must|may|agrees?|undertakes?|covenants?|warrants?)\b", re.IGNORECASE)
# Where a definition clause may hold a second sentence: a stop, then a capital (a cheap test before tokenising).
_NEXT_SENTENCE = re.compile(r"[.!?][\"”’')\]]*\s+[\"“‘(]?[A-Z]")


def may_bind(text: str) -> bool:
    """True when a definition clause's text may hold an operative sentence after its first (worth matching)."""
    stop = _NEXT_SENTENCE.search(text)
    return stop is not None and _BINDS.search(text, stop.end()) is not None


def defines(kind: str, text: str, sentence: tuple[int, int], sentences: Sequence[tuple[int, int]]) -> bool:
    """True when ``sentence`` only defines: a definition sentence, or a sentence of a definition clause (``kind``)
    other than a later one that binds someone ("“Output” means ... . Customer shall not ...")."""
    if is_definition(text, sentence):
        return True
    if kind != "definition":
        return False
    first = next((s for s in sentences if text[s[0]:s[1]].strip()), sentence)
    return sentence[0] <= first[0] or not _BINDS.search(text, sentence[0], sentence[1])


def is_definition(text: str, sentence: tuple[int, int]) -> bool:
    """True for a definition sentence ("MCP" means ...), which describes rather than grants."""
    return bool(DEFINITION.match(text[sentence[0]:sentence[1]].lstrip()))
