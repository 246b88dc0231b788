"""Rules x clauses -> findings: keyword gates, one tokenisation pass, then each rule's reading of its hits."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clausecheck.engine import findings as build
from clausecheck.engine import language, parties, verdicts
from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.engine.language import text_of
from clausecheck.engine.matchers import CompiledRule
from clausecheck.engine.verdicts import Candidate
from clausecheck.model import Clause, Document, Facts, RuleKind, Span
from clausecheck.policy import Policy

if TYPE_CHECKING:  # pragma: no cover
    from clausecheck.engine import CheckOutcome, RuleSet

log = logging.getLogger(__name__)
_BEYOND = 1 << 62  # sorts after every sentence end, so bisect finds the last sentence starting at a char
_REQUIREMENT_NAMES = {"deadline": "no deadline", "no_charge": "no statement that it comes at no extra charge"}


def run(document: Document, clauses: Sequence[Clause], ruleset: RuleSet, policy: Policy, *,
        display_path: str) -> CheckOutcome:
    """Check one document; see clausecheck.engine.check."""
    from clausecheck.engine import CheckOutcome

    found = parties.find(document, clauses, policy.buyer_names)
    roles = parties.role_map(found, policy.buyer_names)
    facts, evidence = _facts(document, clauses, found, policy)
    units = list(clauses) or [Clause(index=0, number=None, heading=None, span=document.span(0, len(document.text)),
                                     text=document.text)]
    patterns = ruleset._patterns
    matchable = [c for c in patterns.compiled if c.rule.kind is not RuleKind.THRESHOLD or c.rule.match.get("any")]
    work = []
    for clause in units:
        if clause.kind == "definition":  # _evaluate accepts nothing from a definition: neither match nor tokenise
            continue
        view = ClauseText.of(clause.text)
        wanted, early = patterns.select(view, matchable)
        if wanted:  # only clauses where some rule can match are tokenised
            work.append((clause, view, wanted, early))
    by_rule: dict[int, list[Candidate]] = {}
    # A line break inside a sentence (PDF and DOCX wrap lines) is tokenised as a space, so phrases and token
    # patterns match across it; the replacement keeps every character offset.
    # Tokenised only: sentence_bounds applies the sentencizer's rule to the token arrays, at a fraction of the cost.
    docs = patterns.nlp.tokenizer.pipe((clause.text.replace("\n", " ") for clause, _, _, _ in work), batch_size=32)
    for (clause, view, wanted, early), doc in zip(work, docs, strict=True):
        doc.user_data["cc_text"] = clause.text  # spaCy would rebuild it token by token
        sentences = language.sentence_bounds(doc)
        heading = language.is_heading(clause.text, clause.heading)  # once per clause, not per rule
        for index, hits in patterns.hits(doc, view, wanted, sentences, early).items():
            if hits:
                accepted = _evaluate(patterns.compiled[index], clause, view, doc, sentences, hits, roles, heading)
                by_rule.setdefault(index, []).extend(accepted)
    per_rule = [verdicts.rule_findings(compiled, by_rule.get(compiled.index, []), document, units, facts,
                                       evidence, policy) for compiled in patterns.compiled]
    if any(c.rule.match.get("_requires_rules") for c in patterns.compiled):
        per_rule = build.keep_required([c.rule for c in patterns.compiled], per_rule)
    results = [finding for found in per_rule for finding in found]
    return CheckOutcome(findings=build.finalise(results, display_path), facts=facts,
                        parties=tuple(sorted(found.items())))


def _facts(document: Document, clauses: Sequence[Clause], found: dict[str, str],
           policy: Policy) -> tuple[Facts, dict[str, Span]]:
    try:
        from clausecheck.engine import facts as facts_module
    except ImportError:  # the facts extractor is written separately; the engine still runs without it
        log.debug("clausecheck.engine.facts not available; facts left empty")
        return Facts(), {}
    return facts_module.extract(document, clauses, found, policy)


def _sentence(sentences: Sequence[tuple[int, int]], char: int) -> tuple[int, int]:
    """The sentence holding ``char`` (the last one when none does); sentences are sorted and contiguous."""
    at = bisect_right(sentences, (char, _BEYOND)) - 1  # the last sentence starting at or before char
    if at >= 0 and sentences[at][0] <= char < sentences[at][1]:
        return sentences[at]
    return _sentence_scan(sentences, char)


def _sentence_scan(sentences: Sequence[tuple[int, int]], char: int) -> tuple[int, int]:
    """The first sentence holding ``char`` by a linear scan (the reference for ``_sentence``)."""
    for sentence in sentences:
        if sentence[0] <= char < sentence[1]:
            return sentence
    return sentences[-1]


def _evaluate(compiled: CompiledRule, clause: Clause, view: ClauseText, doc: Any,
              sentences: Sequence[tuple[int, int]], hits: list[Hit], roles: dict[str, str],
              heading: bool) -> list[Candidate]:
    """Apply negation, unless, near, all and (protections) exception/definition/grantee to the any-hits.

    ``heading`` is ``language.is_heading`` of the clause, asked once for all of its rules."""
    rule, match = compiled.rule, compiled.rule.match
    protection = rule.kind is RuleKind.PROTECTION
    # A bare heading ("4. EXCLUSIVITY AND VOLUME COMMITMENTS") names a topic; it neither binds nor grants.
    if rule.kind is not RuleKind.THRESHOLD and heading:
        return []
    hits = _with_context(compiled, view, sentences, hits)
    # Opt-in keys, read once: rules without them take exactly the paths they took before the keys existed.
    own_unless, near_scope = match.get("_except"), match.get("near_scope")
    out: list[Candidate] = []
    for hit in (h for h in hits if h.role == "any"):
        sentence = _sentence(sentences, hit.start)
        # A negator may govern the verb that the pattern needs nearby ("not be required to deliver ... ONNX").
        lead = min([hit.start] + [h.start for h in hits if h.role == "near" and sentence[0] <= h.start < hit.start])
        if near_scope in ("item", "part") and lead != hit.start:  # only near words that may count for this hit
            regions = _regions(doc, hit, sentence, near_scope)
            lead = min([hit.start] + [h.start for h in hits if h.role == "near" and sentence[0] <= h.start < hit.start
                                      and any(lo <= h.start < hi for lo, hi in regions)])
        if match.get("negation", True) and (language.is_negated(doc, hit.start, sentence) or (
                lead != hit.start and language.is_negated(doc, lead, sentence))):
            continue
        if _excepted(doc, hit, hits, sentence, match.get("unless_within"), match.get("unless_scope", "item")):
            continue
        if own_unless and hit.pattern in own_unless and _excepted(
                doc, hit, hits, sentence, None, own_unless[hit.pattern][1], own_unless[hit.pattern][0]):
            continue  # the any-pattern's own exceptions (match.any[i].unless)
        if match.get("near") and not _near(doc, hit, hits, sentence, match.get("within"), near_scope):
            continue
        if match.get("all") and not _all(match, doc, hit, hits, sentence, sentences):
            continue
        # A definition describes; it neither grants a protection nor imposes a risk.
        if clause.kind == "definition" or language.is_definition(text_of(doc), sentence):
            continue
        if protection and language.in_exception(text_of(doc), hit.start, sentence):
            continue
        bound = language.bound_party(doc, roles, hit.start, sentence)
        weak = _weaknesses(compiled, clause, doc, hits, hit, sentence, roles) if protection else ()
        if bound == "customer":  # the customer's own option or discretion is a right, not a weakness
            weak = tuple(w for w in weak if w != "discretionary")
        base = clause.span.start
        out.append(Candidate(compiled, clause, base + hit.start, base + hit.end,
                             (base + sentence[0], base + sentence[1]), bound, weak))
    return out


def _with_context(compiled: CompiledRule, view: ClauseText, sentences: Sequence[tuple[int, int]],
                  hits: list[Hit]) -> list[Hit]:
    """Add regex/fuzzy hits of the context roles, searched only where they can matter (cheap on big clauses)."""
    from clausecheck.engine.matchers import PatternSet

    roles = {r for r, _, _, _ in compiled.regexes} | {r for r, _, _, _ in compiled.fuzzies}
    roles.discard("any")
    if not roles:
        return hits
    starts = [h.start for h in hits if h.role == "any"]
    near_span = [s for s in sentences if any(s[0] <= x < s[1] for x in starts)]
    extra: list[Hit] = []
    for role in sorted(roles):
        # A pattern's own exceptions (role "except<i>") matter, like unless, only in a hit's sentence.
        if (role in ("near", "unless") and not compiled.rule.match.get("within")) or role.startswith("except"):
            for lo, hi in near_span:
                extra.extend(PatternSet.role_hits(compiled, role, view, lo, hi, sentences))
        else:
            extra.extend(PatternSet.role_hits(compiled, role, view, 0, len(view.text), sentences))
    return hits + extra


def _near(doc: Any, hit: Hit, hits: list[Hit], sentence: tuple[int, int], within: int | None,
          scope: str | None = None) -> bool:
    near = [h for h in hits if h.role == "near"]
    if scope in ("item", "part"):  # match.near_scope: only the hit's own item or ";"-part (and the lead-in)
        regions = _regions(doc, hit, sentence, scope)
        near = [h for h in near if any(lo <= h.start < hi for lo, hi in regions)]
    if within:
        at = language.token_at(doc, hit.start)
        return any(language.token_distance(doc, language.token_at(doc, h.start), at) <= within for h in near)
    return any(sentence[0] <= h.start < sentence[1] for h in near)


def _excepted(doc: Any, hit: Hit, hits: list[Hit], sentence: tuple[int, int], within: int | None,
              scope: str = "item", role: str = "unless") -> bool:
    """True when an unless-pattern applies to the hit: within ``unless_within`` tokens if set, else in the
    sentence's lead-in or the enumerated item holding the hit ("(i) on notice, or (ii) if insolvent"); scope
    "part" also splits at ";", "sentence" never splits. ``role``: whose exceptions (one any-pattern's own)."""
    unless = [h for h in hits if h.role == role and sentence[0] <= h.start < sentence[1]]
    if not unless or scope == "sentence":
        return bool(unless)
    if within:
        at = language.token_at(doc, hit.start)
        return any(language.token_distance(doc, language.token_at(doc, h.start), at) <= within for h in unless)
    lead, parts = language.items(text_of(doc), sentence, parts=scope == "part")
    if lead and any(lead[0] <= h.start < lead[1] for h in unless):  # the lead-in governs every item
        return True
    # A hit in the lead-in reaches every item; it survives while one of them carries no exception.
    mine = [p for p in parts if p[0] < hit.end and hit.start < p[1]] or parts
    return all(any(lo <= h.start < hi for h in unless) for lo, hi in mine)


def _regions(doc: Any, hit: Hit, sentence: tuple[int, int], scope: str) -> list[tuple[int, int]]:
    """The hit's enumerated item(s) (scope "part": or ";"-parts) and the sentence's lead-in, which governs every
    item; the whole sentence for a hit in the lead-in, as it reaches every item."""
    lead, parts = language.items(text_of(doc), sentence, parts=scope == "part")
    mine = [p for p in parts if p[0] < hit.end and hit.start < p[1]]
    if not mine:
        return [sentence]
    return mine + ([lead] if lead else [])


def _all(match: dict[str, Any], doc: Any, hit: Hit, hits: list[Hit], sentence: tuple[int, int],
         sentences: Sequence[tuple[int, int]]) -> bool:
    scope = match.get("all_scope")
    if scope in ("item", "part"):  # match.all_scope: every all-pattern in the hit's item or part (or lead-in)
        regions = _regions(doc, hit, sentence, scope)
        present = {h.pattern for h in hits if h.role == "all" and any(lo <= h.start < hi for lo, hi in regions)}
        return present >= set(range(len(match["all"])))
    lo, hi = sentence if scope == "sentence" or match.get("scope") == "sentence" else (0, sentences[-1][1])
    present = {h.pattern for h in hits if h.role == "all" and lo <= h.start < hi}
    return present >= set(range(len(match["all"])))


def _weaknesses(compiled: CompiledRule, clause: Clause, doc: Any, hits: list[Hit], hit: Hit,
                sentence: tuple[int, int], roles: dict[str, str]) -> tuple[str, ...]:
    """Why a protection is only weak here: discretionary, efforts, conditional, fee, unmet requirements."""
    text = text_of(doc)[sentence[0]:sentence[1]]
    reasons = language.weaknesses(text)
    if "discretionary" not in reasons and language.permissive_subject(doc, roles, hit.start, sentence) == "provider":
        reasons.append("discretionary")
    for i, requirement in enumerate(compiled.rule.match.get("_requires", [])):
        if requirement == "deadline":
            met = bool(language.DEADLINE.search(clause.text))
        elif requirement == "no_charge":
            met = bool(language.NO_CHARGE.search(clause.text)) and "fee" not in reasons
        else:
            met = any(h.role == f"req{i}" for h in hits)
        if not met:
            name = requirement if isinstance(requirement, str) else requirement["name"]
            reasons.append(_REQUIREMENT_NAMES.get(name, f"no {name}"))
    return tuple(dict.fromkeys(reasons))
