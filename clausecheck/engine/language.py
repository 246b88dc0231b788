"""How contracts qualify what they say: negation, exceptions, modality, conditions, fees and who is bound.

Everything here works on a tokenised clause (a spaCy Doc) and character offsets inside it, so every rule
gets the same reading of "non-exclusive", "nothing herein shall be construed as", "except", "provided that",
"may" vs "shall", "at its sole discretion" and "commercially reasonable efforts".
"""

from __future__ import annotations

import bisect
import re
from typing import Any

_NEGATORS = {"not", "no", "never", "neither", "nor", "without", "non", "nothing", "none", "cannot", "n't"}
# "no less than 70%" or "not later than 30 days" state a quantity, they do not negate it.
_NOT_NEGATING_NEXT = {"less", "fewer", "later", "more", "earlier", "greater", "sooner", "longer", "only",
                      "limitation", "prejudice", "limiting", "exceed", "exceeding"}
_NEGATION_WINDOW = 8
# "Customer may not terminate this Agreement or any Order Form for convenience": a negated modal reaches further.
_MODAL_NOT = re.compile(r"\b(?:may|shall|will|must|can|does|do|is|are|need)\s+not\b|\bcannot\b|\bno\s+right\b|"
                        r"\b(?:has|have)\s+no\s+(?:right|obligation)\b|\bnot\s+be\s+(?:entitled|permitted|allowed|"
                        r"able|obliged|obligated|required)\b", re.IGNORECASE)
_MODAL_WINDOW = 14
# Where a new clause part starts: a negator before it does not govern what follows.
_PART_BREAK = re.compile(r";|,\s*(?:so|but|yet|whereas|while|thus|therefore|hence|and\s+so)\b|,?\s+and\s+(?=(?:the\s+)?"
                         r"[A-Za-z]+\s+(?:shall|will|may|must|can|agrees?|is|are|has|have|pays?)\b)", re.IGNORECASE)
# "(i)", "(b)", "(12)" opening an enumerated item inside a sentence.
_ITEM_MARKER = re.compile(r"(?<![\w)])\(\s*([ivx]{1,5}|[a-z]|\d{1,3})\s*\)(?=\s)", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety|hundred|thousand|million)(?:[\s-]+\w+)?\s*$", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:(?:section|article|clause|schedule|exhibit)\s+)?(?:[0-9ivxlc]+|[a-z])(?:\.[0-9]+)*"
                        r"[.)]?(?=\s|$)|^\(\w{1,4}\)", re.IGNORECASE)
_HEADING_WORDS = 10
_SMALL_WORDS = {"and", "or", "of", "the", "for", "to", "in", "on", "a", "an", "by", "with", "&", "at", "from"}
_OPERATIVE = re.compile(r"\b(?:shall|will|may|must|agrees?|is|are|means|has|have|can|hereby)\b", re.IGNORECASE)
# "be terminated by Provider", "is exercisable by either party": the party after "by" is the actor. So it is after
# coordinated participles ("may be accessed, used and disclosed by us") and a few adjuncts that cannot hide another
# "by" phrase's head ("terminated at any time by Provider"): "deleted after termination by either party" is no passive.
_PARTICIPLE = r"[a-z]+(?:ed|en|wn|id|de|nt|lt|ght|able|ible)"
_PASSIVE = re.compile(rf"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?(?P<verb>{_PARTICIPLE})"
                      rf"(?:\s*,\s*(?:(?:and|or)\s+)?{_PARTICIPLE}|\s+(?:and|or|and/or)\s+(?:\w+ly\s+)?{_PARTICIPLE}){{0,4}}"
                      r"(?:\s+(?:\w+ly|at\s+any\s+time|from\s+time\s+to\s+time|in\s+(?:whole\s+or\s+in\s+part|full|"
                      r"writing)))?\s+(?P<by>by)\s+(?:the\s+)?(?P<actor>[\w&.-]+(?:[ \t\n]+[\w&.-]+){0,3})",
                      re.IGNORECASE)
_PASSIVE_REACH = 8
_GRANT_VERBS = {"grants", "grant", "permits", "permit", "authorizes", "authorises", "authorize", "authorise",
                "allows", "allow", "licenses", "licences", "license", "licence", "gives", "give", "consents"}
_NOTHING_HEREIN = re.compile(r"^\W*(?:\(?\w{1,4}\)\s*)?(?:nothing|no provision)\s+(?:in|herein|contained|of)\b",
                             re.IGNORECASE)
_EXCEPTION_CUES = ("except", "excluding", "excepting", "save", "other than", "but not", "exclusive of",
                   "does not include", "shall not include", "will not include", "not including")
_MODALS = {"shall", "will", "must", "may", "can", "agrees", "agree", "hereby", "covenants", "undertakes",
           "is", "are", "has", "have", "grants", "reserves", "acknowledges", "warrants", "represents",
           "commits", "elects", "might", "could", "should", "would", "retains", "obtains", "receives",
           "undertake", "reserve", "wo", "ca", "need", "needs", "pays", "purchases", "uses", "sends", "routes"}
_PERMISSIVE = {"may", "can", "might", "could"}
_MUTUAL = re.compile(r"\b(?:either|each|neither|both|any)\s+part(?:y|ies)\b|\bthe\s+parties\b", re.IGNORECASE)
# Both parties as the subject of a modal ("either Party may"): "neither" and "any party" are not a grant to both.
_MUTUAL_SUBJECT = re.compile(r"\b(?:(?:either|each|both)\s+part(?:y|ies)|the\s+parties)\s+"
                             r"(?:may|shall|will|can|must)\b",
                             re.IGNORECASE)

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


def text_of(doc: Any) -> str:
    """A Doc's text, cached (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get("cc_text")
    if text is None:
        text = doc.user_data["cc_text"] = doc.text
    return text


def _starts(doc: Any) -> list[int]:
    """Character offset of every token, computed once per Doc (token objects are costly to create)."""
    starts = doc.user_data.get("cc_starts")
    if starts is None:
        from spacy.attrs import IDX

        starts = doc.to_array(IDX).tolist() if len(doc) else [0]
        doc.user_data["cc_starts"] = starts
    return starts


def lowers(doc: Any) -> list[str]:
    """Lower-case text of every token, computed once per Doc (Token objects are costly to create per look)."""
    found = doc.user_data.get("cc_lowers")
    if found is None:
        from spacy.attrs import LOWER

        strings = doc.vocab.strings
        found = doc.user_data["cc_lowers"] = [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []
    return found  # type: ignore[no-any-return]


def sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    """Character bounds of each sentence of a tokenised clause."""
    from spacy.attrs import SENT_START

    from clausecheck import nlp

    if not len(doc):
        return [(0, len(text_of(doc)))]
    starts = _starts(doc)
    if doc.has_annotation("SENT_START"):
        flags = doc.to_array(SENT_START).tolist()
        cuts = [starts[i] for i, flag in enumerate(flags) if flag == 1 and i > 0]
    else:  # tokenised only: the sentencizer's rule, applied here (see nlp.sentence_starts)
        cuts = [starts[i] for i in nlp.sentence_starts(doc) if i > 0]
    bounds = [0, *cuts, len(text_of(doc))]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def token_at(doc: Any, char: int) -> int:
    """Index of the token starting at or covering ``char``."""
    return max(0, min(len(doc) - 1, bisect.bisect_right(_starts(doc), char) - 1))


def content_tokens(doc: Any) -> list[int]:
    """Indexes of the non-space tokens: a PDF line break ("\\n" token) must not widen any token window."""
    content = doc.user_data.get("cc_content")
    if content is None:
        from spacy.attrs import IS_SPACE

        content = [i for i, space in enumerate(doc.to_array(IS_SPACE).tolist()) if not space] if len(doc) else []
        doc.user_data["cc_content"] = content
    return content


def window_start(doc: Any, token: int, size: int, floor: int = 0) -> int:
    """First token index of the ``size`` non-space tokens just before ``token`` (never below ``floor``)."""
    content = content_tokens(doc)
    at = bisect.bisect_left(content, token)
    return max(floor, content[at - size] if at - size >= 0 else 0)


def token_distance(doc: Any, a: int, b: int) -> int:
    """Number of non-space tokens between token indexes ``a`` and ``b`` (0 for the same token)."""
    content = content_tokens(doc)
    return abs(bisect.bisect_left(content, a) - bisect.bisect_left(content, b))


def part_start(text: str, start_char: int, sentence: tuple[int, int]) -> int:
    """Start of the clause part holding ``start_char``: after the last ";", ", so", ", but" or ", and <subject>"."""
    last = sentence[0]
    for m in _PART_BREAK.finditer(text, sentence[0], start_char):
        last = m.end()
    return last


def is_negated(doc: Any, start_char: int, sentence: tuple[int, int]) -> bool:
    """True when a negator governs the text at ``start_char`` ("not", "non-", "no", "nothing herein...")."""
    text = text_of(doc)
    if _NOTHING_HEREIN.search(text[sentence[0]:start_char]):
        return True
    first = token_at(doc, start_char)
    # A negator in an earlier clause part ("... are non-cancellable, so you will be charged") governs nothing here.
    sent_first = token_at(doc, part_start(text, start_char, sentence))
    reach = doc[window_start(doc, first, _MODAL_WINDOW, sent_first):first].text  # built once: spaCy joins tokens
    if reach and ";" not in reach:
        modal = None
        for modal in _MODAL_NOT.finditer(reach):  # noqa: B007 - the last match is the one wanted
            pass
        if modal and not re.search(r"\b(?:unless|except|but|provided|if|whether)\b|[,:]\s*(?:and|or)\b",
                                   reach[modal.end():], re.IGNORECASE):
            return True
    low = lowers(doc)  # ";" and ":" are their own lower case, so the token texts need no separate look-up
    for i in range(first - 1, window_start(doc, first, _NEGATION_WINDOW, sent_first) - 1, -1):
        word = low[i]
        if word in (";", ":") or word in ("unless", "if", "whether", "except", "provided"):
            return False
        if word in _NEGATORS:
            following = _next_word(doc, i)
            # "non-" negates only the word it is joined to: "a non-transferable, exclusive right" is exclusive.
            if word == "non" and following == "-" and _joined_word(doc, i) < first:
                continue
            if following in _NOT_NEGATING_NEXT or (following in ("be", "to") and
                                                   _next_word(doc, i + 1) in ("less", "later", "limited")):
                continue
            return True
    return False


def _joined_word(doc: Any, i: int) -> int:
    """Token index of the word that "non" at ``i`` is joined to by a hyphen (the second non-space token after)."""
    return _content_after(doc, i, 2)


def _content_after(doc: Any, token: int, n: int = 1) -> int:
    """Index of the ``n``-th non-space token after ``token`` (``len(doc)`` when there are fewer)."""
    content = content_tokens(doc)
    at = bisect.bisect_right(content, token) + n - 1
    return content[at] if at < len(content) else len(doc)


def _next_word(doc: Any, i: int) -> str:
    """Lower-case text of the first non-space token after token ``i`` ("" at the end)."""
    for word in lowers(doc)[i + 1:i + 4]:
        if not word.isspace():  # a token's lower case is blank exactly when its text is (Token.is_space)
            return word
    return ""


def items(text: str, sentence: tuple[int, int], *, parts: bool = True) -> tuple[tuple[int, int] | None,
                                                                                 list[tuple[int, int]]]:
    """A sentence's lead-in and its enumerated items ("(i) ... (ii) ...") or, failing that, its ";"-parts.

    A sentence that is no enumeration (and, with ``parts=False``, any sentence without item markers) is one
    item with no lead-in.
    """
    lo, hi = sentence
    # The sentence's own number ("(b) Either party may ...") opens no item; "thirty (30) days" is a quantity.
    markers = [m.start() for m in _ITEM_MARKER.finditer(text, lo, hi)
               if text[lo:m.start()].strip()
               and not (m.group(1).isdigit() and _NUMBER_WORD.search(text[max(lo, m.start() - 40):m.start()]))]
    lead = None
    if len(markers) >= 2:
        lead = (lo, markers[0]) if text[lo:markers[0]].strip() else None
    else:
        markers = [lo] + ([lo + m.end() for m in re.finditer(";", text[lo:hi])] if parts else [])
    cuts = [*markers, hi]
    return lead, [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]


def is_heading(text: str, heading: str | None = None) -> bool:
    """True for a bare heading with no body ("4. EXCLUSIVITY AND VOLUME COMMITMENTS", "12.3 Term.")."""
    rest = _NUMBERING.sub("", text.strip(), count=1).strip(" \t\n.:-—")
    if not rest:
        return True
    if heading and rest.lower() == heading.strip(" .:-").lower():
        return True
    words = rest.split(maxsplit=_HEADING_WORDS)  # enough to tell; long clauses are not split in full
    if len(words) > _HEADING_WORDS or _OPERATIVE.search(rest) or re.search(r"[.;:!?,]\s+\S", rest):
        return False
    if not any(c.islower() for c in rest):
        return True
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)


def in_exception(text: str, start_char: int, sentence: tuple[int, int]) -> bool:
    """True when ``start_char`` lies inside an exception ("..., except fine-tuned models")."""
    before = text[sentence[0]:start_char].lower()
    for cue in _EXCEPTION_CUES:
        at = before.rfind(cue)
        while at >= 0:
            region = before[at:]
            is_word = (at == 0 or not before[at - 1].isalnum())
            opener = before[:at].strip(" \t\n(").split()
            if is_word and ";" not in region and not (len(opener) <= 1 and "," in region):
                return True
            at = before.rfind(cue, 0, at)
    return False


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
                    if after == "," and not window & _MODALS:  # "Provider, in its sole discretion, may ..."
                        window = set(low[_past_aside(low, i + size, last):][:3])
                    mentions.append((i, roles[name], bool(window & _MODALS)))
                i += size - 1
                break
        i += 1
    return mentions


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
    subjects = [m for m in mentions if m[2] and m[0] < at]
    actor = _passive_actor(doc, roles, at, scope, subjects[-1][0] if subjects else -1)
    if actor:
        return actor
    if subjects:
        token, role, _ = subjects[-1]
        grantee = _grantee(doc, mentions, token, at)
        if grantee:
            return grantee
        if mutual and mutual.start() + scope[0] > doc[token].idx:
            return "mutual"
        return role
    if mutual:
        return "mutual"
    later = [m for m in mentions if m[2]]
    # "Upon 30 days' notice, either Party may terminate ...": a mutual subject before any named one binds both.
    mutual_subject = _MUTUAL_SUBJECT.search(text_of(doc), start_char, scope[1])
    if mutual_subject and (not later or mutual_subject.start() < doc[later[0][0]].idx):
        return "mutual"
    if later:
        return later[0][1]
    return _possessor(doc, roles, scope)


def _grantee(doc: Any, mentions: list[tuple[int, str, bool]], subject: int, at: int) -> str | None:
    """"Customer grants Provider a licence to use ...": the grantee is the one who gets the right."""
    if any(w in _GRANT_VERBS for w in lowers(doc)[subject + 1:subject + 4]):
        return next((m[1] for m in mentions if subject < m[0] < at), None)
    return None


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
        return None
    token, role, _ = subjects[-1]
    return _grantee(doc, mentions, token, at) or role


# An item's marker and the words that may come before its subject: "(ii) and, if applicable, the Customer".
_ITEM_OPENING = re.compile(r"\(\s*\w{1,5}\s*\)\s*(?:(?:and|or|that|then|if\s+applicable,?)\s+)*(?:the\s+)?",
                           re.IGNORECASE)
# Words after a party name that show it is not the subject: "(a) Customer, upon request, ..." is an object.
_NOT_A_VERB = _SMALL_WORDS | {"'s", "’s", "upon", "as", "under", "within", "such", "any", "all", "its", "their"}


def _opens_item(doc: Any, text: str, item: tuple[int, int], token: int) -> bool:
    """True when the party mention at ``token`` opens the item and a lower-case word (its verb) follows it."""
    opening = _ITEM_OPENING.match(text, item[0], item[1])
    if opening is None or token_at(doc, opening.end()) != token:
        return False
    following = _content_after(doc, token)
    if following >= len(doc):
        return False
    word = doc[following].text
    return word.isalpha() and word.islower() and word not in _NOT_A_VERB


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
        if by <= after or distance > _PASSIVE_REACH:
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
        if any(w in _PERMISSIVE for w in window) and "not" not in window:
            return role
        return None
    return None


def weaknesses(sentence_text: str) -> list[str]:
    """Names of the weakening cues present in a sentence (discretionary, efforts, conditional, fee)."""
    found = [name for name, cue in CUES.items() if cue.search(sentence_text)]
    if "fee" in found and NO_CHARGE.search(sentence_text):
        found.remove("fee")
    return found


def is_definition(text: str, sentence: tuple[int, int]) -> bool:
    """True for a definition sentence ("MCP" means ...), which describes rather than grants."""
    return bool(DEFINITION.match(text[sentence[0]:sentence[1]].lstrip()))
