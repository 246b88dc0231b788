"""Negation and exceptions: whether "not", "non-", "no", "nothing herein shall be construed as" or an
"except ..." governs a hit."""

from __future__ import annotations

import re
from typing import Any

from clausecheck.engine.tokens import content_after, lowers, next_word, text_of, token_at, window_start

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
# "If your plan is not a trial offer, we may change ...", "Unless Customer does not renew, Provider may ...": a comma
# followed by a subject and its modal opens the main clause, which the if-clause's negator does not govern. Case
# matters for names (a capitalised defined term), not for pronouns and modals. "Provider shall not, if Customer so
# requests, change ..." has no subject after its commas and stays negated.
_SUBJECT_BREAK = re.compile(r",\s*(?=(?:(?i:we|you|they|it|he|she|(?:either|each|neither|both)\s+part(?:y|ies))|"
                            r"(?i:the)\s+[A-Za-z]\w*|[A-Z]\w+(?:\s+[A-Z]\w+)?)\s+"
                            r"(?i:may|shall|will|must|can|could|might|should|would)\b)")
# "Provider shall not, if Customer so requests, change ...": a condition set off by commas between the negated modal
# and the word; the word after the closing comma is the main verb, which the modal's "not" governs.
_ASIDE = re.compile(r"\s*,\s*(?:if|unless|where|when|whether|once)\b[^,;:]*,\s*", re.IGNORECASE)
# "(i)", "(b)", "(12)" opening an enumerated item inside a sentence.
_NOTHING_HEREIN = re.compile(r"^\W*(?:\(?\w{1,4}\)\s*)?(?:nothing|no provision)\s+(?:in|herein|contained|of)\b",
                             re.IGNORECASE)
_EXCEPTION_CUES = ("except", "excluding", "excepting", "save", "other than", "but not", "exclusive of",
                   "does not include", "shall not include", "will not include", "not including")


# "shall not relieve Customer of its obligation to ...", "Nothing herein releases Licensee from its duty to ...", "shall
# not be relieved of": the negator denies the relief, so the obligation after "of"/"from" stands; negation is read
# after the relief only. The noun ("shall not permit the release of Customer Data to ...") is no relief.
_RELIEF = re.compile(r"\b(?:be|been|being|is|are)\s+(?:reliev|releas|discharg|excus|absolv)ed\s+(?:of|from)\s|"
                     r"(?<!\bthe\s)(?<!\bany\s)(?<!\bsuch\s)(?<!\ba\s)\b(?:reliev|releas|discharg|excus|absolv)"
                     r"(?:e|es|ed|ing)\s+(?:(?!of\b|from\b)[\w'’-]+\s+){1,4}?(?:of|from)\s", re.IGNORECASE)


# "If the Customer does not purchase at least 1,000 units, ...", "Should the Customer not meet the minimum ...", "In the
# event that Licensee has not achieved ...": an opening condition stating a party's failure to perform names the
# obligation it breaches, so its "not" states the breach and does not negate the obligation. Its subject is a party
# (a pronoun, "the <word>" or a capitalised name); "Should <subject> not" is the inverted form.
_SUBJECT = (r"(?:(?i:we|you|they|it|he|she|(?:the|either|each|such|any)\s+[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?)|"
            r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)")
_FAILING_CONDITION = re.compile(r"\b(?i:if|where|when|whenever|in\s+(?:the\s+)?event(?:\s+that)?|in\s+case)\s+"
                                + _SUBJECT + r"\s+(?i:(?:do|does|did|shall|will)\s+not|(?:has|have|had)\s+not)\s+|"
                                r"\b(?i:should)\s+" + _SUBJECT + r"\s+(?i:not)\s+")
# What may come before such a condition in its clause part: an item marker or a connective, nothing that governs it
# ("Customer shall not be liable if it does not purchase ..." is no breach).
_OPENING = re.compile(r"[\W\d_]*(?:(?:\(?[a-z]{1,4}\)|and|or|but|however|further|furthermore|moreover|provided"
                      r"(?:\s+(?:that|further|however))?|notwithstanding\s+the\s+foregoing)[\W\d_]*)*", re.IGNORECASE)
# The failing verb is a performance, not a will or a need ("If the Customer does not wish to purchase ...", "does not
# agree to ..."), and the hit is its own object: no clause break, modal, further negator or infinitive between.
_WILLED = {"wish", "want", "intend", "elect", "choose", "desire", "need", "require", "plan", "agree", "commit",
           "undertake", "propose", "expect", "object", "consent", "permit", "allow", "have", "care",
           "opt", "decide", "seek"}
_GAP_STOP = {"shall", "will", "may", "must", "can", "could", "would", "should", "not", "no", "never", "nor", "then"}
# The breach of a commitment: the condition names a measure its subject falls short of ("at least 1,000 units", "the
# minimum", "its quota", "its purchase commitment"). "If we do not train our models on your content, ..." names no
# measure: nothing says the act is owed, so its "not" stays a denial.
_MEASURE = re.compile(r"\b(?:at\s+least|(?:no|not)\s+(?:less|fewer)\s+than|minimum|minimums|quotas?|targets?|"
                      r"thresholds?|commitments?|committed|guaranteed|requirements|obligations?)\b", re.IGNORECASE)
_CONDITION_END = re.compile(r",\s|[;:]")
_INFINITIVE = re.compile(r"\bto\s+(?!(?:the|a|an|its|their|his|her|our|your|any|each|every|such|this|that|these|"
                         r"those)\b)[a-z]")


def part_start(text: str, start_char: int, sentence: tuple[int, int]) -> int:
    """Start of the clause part holding ``start_char``: after the last ";", ", so", ", but", ", and <subject>" or
    ", <subject> <modal>"."""
    last = sentence[0]
    for m in _PART_BREAK.finditer(text, sentence[0], start_char):
        last = max(last, m.end())
    # the subject and modal may be the hit itself ("If the Provider does not object, the Customer *shall purchase*")
    for m in _SUBJECT_BREAK.finditer(text, sentence[0], sentence[1]):
        if m.end() > start_char:
            break
        last = max(last, m.end())
    return last


def in_failing_condition(text: str, start_char: int, sentence: tuple[int, int]) -> bool:
    """True when ``start_char`` is the object of the failing verb of an opening condition that names a measure ("If
    the Customer does not *purchase at least* 1,000 units, ..."): the condition is a commitment's breach, its "not"
    no denial."""
    if all(text.find(word, sentence[0], start_char) < 0 for word in ("not", "NOT", "Not")):
        return False  # most sentences: no failing form to look for
    found = None
    for found in _FAILING_CONDITION.finditer(text, sentence[0], start_char):  # noqa: B007 - the last one is wanted
        pass
    if found is None or not _OPENING.fullmatch(text, part_start(text, found.start(), sentence), found.start()):
        return False
    gap = text[found.end():start_char]
    words = re.findall(r"[A-Za-z]+", gap.lower())
    end = _CONDITION_END.search(text, start_char, sentence[1])
    measured = _MEASURE.search(text, found.end(), end.start() if end else sentence[1]) is not None
    return (measured and len(words) <= 8 and not (words and words[0] in _WILLED) and not _GAP_STOP.intersection(words)
            and not re.search(r"[;:]|,\s", gap)
            and not _INFINITIVE.search(text, found.end(), start_char + 1))  # the hit may be the verb: "to *train*"


def is_negated(doc: Any, start_char: int, sentence: tuple[int, int]) -> bool:
    """True when a negator governs the text at ``start_char`` ("not", "non-", "no", "nothing herein...")."""
    text = text_of(doc)
    relief = None
    for relief in _RELIEF.finditer(text, sentence[0], start_char):  # noqa: B007 - the last one is wanted
        pass
    if relief:
        sentence = (relief.end(), sentence[1])
    if _NOTHING_HEREIN.search(text[sentence[0]:start_char]):
        return True
    if in_failing_condition(text, start_char, sentence):
        return False
    first = token_at(doc, start_char)
    # A negator in an earlier clause part ("... are non-cancellable, so you will be charged") governs nothing here.
    sent_first = token_at(doc, part_start(text, start_char, sentence))
    reach = doc[window_start(doc, first, _MODAL_WINDOW, sent_first):first].text  # built once: spaCy joins tokens
    if reach and ";" not in reach:
        modal = None
        for modal in _MODAL_NOT.finditer(reach):  # noqa: B007 - the last match is the one wanted
            pass
        if modal and (_ASIDE.fullmatch(reach, modal.end()) or not re.search(
                r"\b(?:unless|except|but|provided|if|whether)\b|[,:]\s*(?:and|or)\b", reach[modal.end():],
                re.IGNORECASE)):
            return True
    low = lowers(doc)  # ";" and ":" are their own lower case, so the token texts need no separate look-up
    for i in range(first - 1, window_start(doc, first, _NEGATION_WINDOW, sent_first) - 1, -1):
        word = low[i]
        if word in (";", ":") or word in ("unless", "if", "whether", "except", "provided"):
            return False
        if word == "non-":  # "non-\nexclusive": a line break after the hyphen keeps "non-" one token
            if content_after(doc, i) < first:  # joined to an earlier word, as "non" "-" below
                continue
            return True
        if word in _NEGATORS:
            following = next_word(doc, i)
            # "non-" negates only the word it is joined to: "a non-transferable, exclusive right" is exclusive.
            if word == "non" and following == "-" and _joined_word(doc, i) < first:
                continue
            if following in _NOT_NEGATING_NEXT or (following in ("be", "to") and
                                                   next_word(doc, i + 1) in ("less", "later", "limited")):
                continue
            return True
    return False


def _joined_word(doc: Any, i: int) -> int:
    """Token index of the word that "non" at ``i`` is joined to by a hyphen (the second non-space token after)."""
    return content_after(doc, i, 2)



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

