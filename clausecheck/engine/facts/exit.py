"""Ways out: termination for convenience (who, notice, fee, lock-up), data export and transition assistance."""

from __future__ import annotations

import re
from collections.abc import Sequence

from clausecheck import quantities as qty
from clausecheck.engine.facts.index import SentenceIndex
from clausecheck.engine.facts.text import (
    _NOTICE_AFTER,
    Sentence,
    _durations,
    _Gated,
    _lowered,
    _notice_days,
    _role_before,
)

# ---------------------------------------------------------------- termination for convenience
_VERB = r"\b(?:terminat(?:e|ed|ing)|cancel(?:l?ed|l?ing)?)\b"
_TFC = _Gated(re.compile(
    rf"{_VERB}[^.;]{{0,120}}?\b"
    r"(?:for\s+(?:its\s+|their\s+|any\s+party['’]s\s+)?convenience|without\s+(?:any\s+)?cause"
    r"|with\s+or\s+without\s+cause"
    r"|for\s+any\s+(?:or\s+no\s+)?reason|for\s+no\s+reason"
    r"|at\s+any\s+time\s+(?:and\s+)?(?:for\s+any|without|upon|by|on|with|in\s+its))"
    r"|\b(?:at\s+any\s+time|for\s+any\s+reason|for\s+convenience|without\s+cause|in\s+its\s+sole\s+discretion)"
    r"\b[^.;]{0,80}?\b(?:may|can|shall\s+(?:have\s+the\s+right|be\s+entitled)\s+to)"
    rf"\s+(?:\w+\s+){{0,2}}?{_VERB}", re.I))
# "Either party may terminate this Agreement upon ninety (90) days' written notice": a right to leave on notice alone
_ON_NOTICE = _Gated(re.compile(
    rf"{_VERB}\s+(?:this|the|these|any|an|its)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:agreement|contract|terms|order(?:\s+form)?|subscription|engagement)s?\b[^.;]{{0,80}}?"
    r"\b(?:upon|on|by\s+(?:giving|providing|delivering|serving)|with|after|following)\s+(?:the\s+)?"
    r"(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+|a\s+minimum\s+of\s+)?"
    r"(?:\w+[\s-]+){0,3}?(?:\(\d+\)\s+)?(?:(?:calendar\s+)?(?:days?|weeks?|months?)['’]?s?\s+)?"
    r"(?:prior\s+|advance\s+|previous\s+)?(?:written\s+)?notice"
    rf"|\buntil\s+{_VERB}\s+by\s+(?:either|any|each)\s+party\s+(?:upon|on|by|with)\b", re.I))
_MODAL = re.compile(r"\b(?:may|can|(?:shall|will)\s+(?:have\s+the\s+right|be\s+entitled)\s+to"
                    r"|reserves?\s+the\s+right\s+to|(?:is|are)\s+entitled\s+to|(?:has|have)\s+the\s+right\s+to"
                    r"|elects?\s+to|right\s+to|until)\b[^.;]{0,50}$", re.I)
_EXPLICIT = re.compile(r"convenience|without\s+(?:any\s+)?cause"
                       r"|for\s+(?:any\s+(?:or\s+no\s+)?|no\s+)reason(?!\s+other)", re.I)
_CAUSE = re.compile(r"\bin\s+accordance\s+with\b|\bas\s+follows\b|:\s*$"
                    r"|\bby\s+(?:mutual\s+)?(?:written\s+)?(?:agreement|consent)\b|\bif\b|\bin\s+the\s+event\b|\bbreach"
                    r"|\bdefault|\binsolv|\bbankrupt|\bfails?\b|\bfailure\b|\bfor\s+cause\b(?!\s+or)|\bcured?\b"
                    r"|\bchange\s+(?:of|in)\s+control"
                    r"|\bforce\s+majeure|\bviolat|\boccurrence|\bunless\b|\bwhere\b|\bshould\b|\bin\s+case\b", re.I)
_BY_EITHER = re.compile(r"^[^.;]{0,60}?\bby\s+(?:either|any|each)\s+(?:party|of\s+the\s+parties)\b", re.I)
_BY_NAME = re.compile(r"^[^.;]{0,60}?\bby\s+(?:the\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})")
_NEGATED = re.compile(r"\b(?:may|shall|will|can|must)\s+not\s+(?:\w+\s+)?$|\bcannot\s+(?:\w+\s+)?$"
                      r"|\bno\s+(?:right|party)\b[^.;]{0,30}$|\bnot\s+(?:be\s+)?(?:entitled|permitted)\s+to\s+$"
                      r"|\bneither\s+party\b[^.;]{0,30}$", re.I)
_FEE = re.compile(r"(?:pay|charged?|payable|owe)\b[^.;]{0,250}?\b(?:remain\w*|remainder|unsatisfied|balance|rest)\s+"
                  r"(?:of|during)\b|\bcharged\s+for\s+the\s+(?:duration|remainder|rest)|\bnon-?cancell?able\b"
                  r"|termination\s+(?:fee|charge|payment|penalty)|early\s+termination\s+(?:fee|charge|payment)"
                  r"|liquidated\s+damages"
                  r"|(?:remaining|remainder\s+of\s+the|unpaid)\s+(?:\w+\s+){0,3}?(?:fees|commitment|payments)"
                  r"|not\s+relieve\s+\w+\s+(?:from|of)\s+any\s+(?:minimum\s+)?(?:commitment|payment|fee)", re.I)
_NO_FEE = re.compile(r"without\s+(?:any\s+|the\s+)?"
                     r"(?:penalty|liability|charge"
                     r"|payment\s+of\s+any\s+(?:early\s+)?termination\s+(?:fee|charge|penalty)"
                     r"|(?:early\s+)?termination\s+(?:fee|charge|penalty))"
                     r"|\bno\s+(?:early\s+)?termination\s+(?:fee|charge|penalty)"
                     r"|\bfree\s+of\s+(?:any\s+)?(?:penalty|charge)", re.I)


# the same regexes, gated for the sentences that cannot match them (text._Gated)
_CAUSE_CUE, _FEE_CUE, _NO_FEE_CUE = _Gated(_CAUSE), _Gated(_FEE), _Gated(_NO_FEE)
_VERB_RE = re.compile(_VERB, re.I)
_EXIT_WORD = re.compile(r"terminat|cancel", re.I)


def _grantee(text: str, at: int, roles: dict[str, str]) -> str | None:
    """Who holds the termination right at ``at``: the subject before the verb or, if passive, the "by X" after it."""
    passive = re.match(r"(?:terminated|cancell?ed)\b", text[at:at + 12], re.I)
    if passive:
        if _BY_EITHER.search(text[at:at + 120]):
            return "either"
        by = _BY_NAME.search(text[at:at + 120])
        if by:
            role = _role_before(by.group(1) + " ", len(by.group(1)) + 1, roles)
            return role or "other"
    role = _role_before(text, at, roles)
    named_subject = r"\b[A-Z][\w.&-]+\s+(?:may|shall|will|can|reserves|is\s+entitled)\b[^.;]{0,40}$"
    if role is None and re.search(named_subject, text[max(0, at - 80):at]):
        return "other"  # a named party whose role is unknown
    return role


_LOCKUP = re.compile(r"\b(?:after|following|from)\s+(?:the\s+)?"
                     r"(?:(?:end|expiry|expiration|expiration\s+or\s+termination)\s+of\s+the\s+)?"
                     r"(?:(?P<init>initial\s+term)\b|(?P<first>first|initial)\b"
                     r"|(?P<ann>[\w()]+\s+(?:\(\w+\)\s+)?anniversary))", re.I)


def _lockup_months(text: str, initial: int | None) -> int:
    """Months before a termination right may be used: "at any time after the first Contract Year" -> 12."""
    m = _LOCKUP.search(text)
    if not m:
        return 0
    if m.group("init"):
        return initial or 0
    if m.group("ann"):
        found = qty.find_durations(m.group(0))
        return round(qty.to_months(found[0])) if found else 0
    found = [q for q in qty.find_durations(text[m.start():m.end() + 40]) if q.start < 30]
    if found:
        return round(qty.to_months(found[0]))
    return 12 if re.match(r"\s*(?:contract\s+|calendar\s+|agreement\s+)?year", text[m.end():m.end() + 20], re.I) else 0


def _termination(sents: Sequence[Sentence], roles: dict[str, str],
                 index: SentenceIndex | None = None) -> tuple[str | None, int | None, bool | None, dict[str, Sentence]]:
    """Who may terminate for convenience, on what notice, and whether a termination fee applies."""
    index = index or SentenceIndex(sents)
    grants: dict[str, Sentence] = {}
    may_tfc = set(_TFC.candidates(index))
    may_on_notice = set(_ON_NOTICE.candidates(index))
    texts = index.texts  # a Sentence is made only for the sentences a fact is read from
    for i in sorted(may_tfc | may_on_notice):
        text = texts[i]
        if len(text) > 2000:
            continue
        low = _lowered(text)
        m = _TFC.first(text, low) if i in may_tfc else None
        if m is None or not _EXPLICIT.search(m.group(0)):
            m = m or (_ON_NOTICE.first(text, low) if i in may_on_notice else None)
            if m is None or _CAUSE_CUE.found(text, low):
                continue  # "at any time" or "on notice" alone: a convenience right only when no cause is named
        verb = _VERB_RE.search(m.group(0))
        at = m.start() + (verb.start() if verb else 0)
        if _NEGATED.search(text[max(0, at - 60):at]):
            continue  # "Customer may not terminate this Agreement for convenience"
        if not _MODAL.search(text[max(0, at - 80):at]) and not re.match(r"until", m.group(0), re.I):
            continue  # "if this Agreement is terminated for any reason": a consequence, not a right
        role = _grantee(text, at, roles)
        if role is not None:
            grants.setdefault(role, sents[i])
    known = [r for r in grants if r != "other"]
    who = "either" if "either" in grants or {"customer", "provider"} <= set(grants) else next(iter(known), None)
    spans: dict[str, Sentence] = {}
    notice: int | None = None
    if who is not None:
        # the buyer's own exit matters most: prefer the sentence granting it to the customer
        s = grants.get("customer") or grants.get("either") or grants[who]
        spans["termination_for_convenience_by"] = s
        notice = _notice_days(s.text)
        if notice is not None:
            spans["termination_for_convenience_notice_days"] = s
    fee: bool | None = None
    for i in index.any_of("terminat", "cancel"):
        text = texts[i]
        if not _EXIT_WORD.search(text):
            continue
        # "without penalty and without payment of any early termination fee" states that there is none
        no_fee = _NO_FEE_CUE.found(text)
        rest = _NO_FEE.sub(" ", text) if no_fee else text
        if _FEE_CUE.found(rest):
            fee = True
            spans["termination_fee"] = sents[i]
            break
        if no_fee and (fee is None) and sents[i] is spans.get("termination_for_convenience_by"):
            fee = False
    return who, notice, fee, spans



# ---------------------------------------------------------------- portability and exit
_FORMATS = {
    "onnx": "ONNX", "safetensors": "safetensors", "gguf": "GGUF", "ggml": "GGML", "csv": "CSV", "tsv": "TSV",
    "jsonl": "JSONL", "json lines": "JSONL", "ndjson": "JSONL", "json": "JSON", "parquet": "Parquet", "xml": "XML",
    "avro": "Avro", "orc": "ORC", "sql": "SQL", "hdf5": "HDF5", "pmml": "PMML", "torchscript": "TorchScript",
    "savedmodel": "SavedModel", "pytorch": "PyTorch", "yaml": "YAML", "xlsx": "XLSX",
}
# format names that count even written in lower case (an upper-case one, "CSV", always counts)
_LOWER_CASE_FORMATS = ("safetensors", "parquet", "json lines", "pytorch", "savedmodel", "torchscript")
_FORMAT_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _FORMATS), key=len, reverse=True)) + r")\b", re.I)
_EXPORT_CUE = _Gated(re.compile(r"\bexport|\bportab|\breturn|\bdownload|\bretriev|\bdeliver|\btransfer|\bextract"
                                r"|\bmigrat|\bstandard\s+formats?\b", re.I))
_TRANSITION = _Gated(re.compile(
    r"\btransition(?:al)?\s+(?:assistance|services?|period|support|plan)|\bwind[\s-]?down"
    r"|\bmigration\s+(?:assistance|services?|support)"
    r"|\b(?:exit|termination|expiration|deconversion)(?:/\w+)?\s+(?:assistance|services?|plan)"
    r"|\bassist\w*\s+(?:\w+\s+){1,3}?(?:to\s+)?(?:transition|migrat|transfer)", re.I))
_FREE = re.compile(r"\bat\s+no\s+(?:additional\s+|extra\s+|further\s+)?(?:charge|cost|fee|expense)"
                   r"|\bwithout\s+(?:additional\s+|further\s+|any\s+)?(?:charge|cost|fee)"
                   r"|\bfree\s+of\s+(?:charge|cost)|\bno\s+(?:additional\s+)?(?:charge|cost|fee)s?\b"
                   r"|\bat\s+(?:provider|vendor|supplier|licensor)['’]s\s+(?:sole\s+)?(?:cost|expense)", re.I)
_PAID = re.compile(r"\bprepa(?:y|ys|id)\b|then[\s-]current\s+(?:\w+\s+){0,3}?(?:rates?|fees?|prices?|charges?)"
                   r"|\bfor\s+a\s+(?:reasonable\s+)?fee"
                   r"|\bat\s+(?:customer|client|licensee)['’]s\s+(?:sole\s+)?(?:cost|expense)"
                   r"|\b(?:standard|applicable|prevailing|hourly|daily|time[\s-]and[\s-]materials?)\s+"
                   r"(?:\w+\s+){0,2}?rates|\badditional\s+(?:fees|charges)|\bmutually\s+agreed\s+(?:fees|rates|charges)"
                   r"|\b(?:shall|will)\s+(?:pay|reimburse)\s+(?:\w+\s+){0,2}for\s+(?:such|any|all)"
                   r"|\b(?:charged|chargeable|billable|invoiced)\b|\bsubject\s+to\s+(?:the\s+)?payment", re.I)
_FORMAT_CUE = _Gated(_FORMAT_RE)
_ON_EXIT = _Gated(re.compile(r"terminat|expir|expiry|end\s+of\s+the\s+term", re.I))
_EXPORT_VERB = _Gated(re.compile(r"\bexport|\bretriev|\bdownload|\breturn|\bdeliver", re.I))
_EXPORT_OBJECT = _Gated(re.compile(r"data|content|model|weights|adapter|configuration", re.I))


def _deadline_days(text: str) -> int | None:
    """The first "within N days" / "for up to N days" period that is not a notice period."""
    for q in _durations(text):
        if _NOTICE_AFTER.match(text[q.end:q.end + 30]):
            continue
        if re.search(r"(?:within|no\s+later\s+than|not\s+later\s+than|not\s+to\s+exceed"
                     r"|for\s+(?:a\s+period\s+of\s+)?(?:up\s+to\s+)?|during|up\s+to"
                     r"|period\s+of)\s*(?:\w+\s+)?$", text[max(0, q.start - 30):q.start], re.I):
            return qty.to_days(q)
    return None


def _portability(
    sents: Sequence[Sentence], index: SentenceIndex | None = None
) -> tuple[dict[str, object], dict[str, Sentence]]:
    """Export formats named, export deadline, transition assistance period and cost."""
    index = index or SentenceIndex(sents)
    formats: list[str] = []
    exit_deadline = False
    facts: dict[str, object] = {}
    spans: dict[str, Sentence] = {}
    may_export = set(_EXPORT_CUE.candidates(index))
    may_transition = set(_TRANSITION.candidates(index))
    texts = index.texts  # a Sentence is made only for the sentences a fact is read from
    for i in sorted(may_export | may_transition):
        text = texts[i]
        low = _lowered(text)
        if i in may_export and _EXPORT_CUE.found_at(index, i):
            found = _FORMAT_RE.finditer(text) if _FORMAT_CUE.found(text, low) else ()
            named = [_FORMATS[m.group(1).lower()] for m in found
                     if m.group(1).isupper() or m.group(1).lower() in _LOWER_CASE_FORMATS]
            if named:
                formats.extend(f for f in named if f not in formats)
                spans.setdefault("export_formats", sents[i])
            if (("export_deadline_days" not in facts or not exit_deadline and _ON_EXIT.found(text, low))
                    and _EXPORT_VERB.found_at(index, i) and _EXPORT_OBJECT.found(text, low)):  # export cue's literals
                days = _deadline_days(text)
                if days is not None:  # the deadline on exit matters most; else the first on-demand one
                    facts["export_deadline_days"] = days
                    spans["export_deadline_days"] = sents[i]
                    exit_deadline = _ON_EXIT.found(text, low)
        if i in may_transition and _TRANSITION.found(text, low):
            if "transition_assistance_days" not in facts:
                days = _deadline_days(text)
                if days is not None:
                    facts["transition_assistance_days"] = days
                    spans["transition_assistance_days"] = sents[i]
            if "transition_assistance_cost" not in facts:
                cost = "fee" if _PAID.search(text) else "free" if _FREE.search(text) else None
                if cost:
                    facts["transition_assistance_cost"] = cost
                    spans["transition_assistance_cost"] = sents[i]
    facts["export_formats"] = tuple(formats)
    return facts, spans

