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


def part_start(text: str, start_char: int, sentence: tuple[int, int]) -> int:
    """Start of the clause part holding ``start_char``: after the last ";", ", so", ", but", ", and <subject>" or
    ", <subject> <modal>"."""
    last = sentence[0]
    for pattern in (_PART_BREAK, _SUBJECT_BREAK):
        for m in pattern.finditer(text, sentence[0], start_char):
            last = max(last, m.end())
    return last


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

