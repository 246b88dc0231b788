"""Rules x clauses -> findings: keyword gates, one tokenisation pass, then each rule's reading of its hits."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from clausecheck import nlp
from clausecheck.engine import batch_select, language, lead_ins, parties, verdicts
from clausecheck.engine import findings as build
from clausecheck.engine.clause_text import ClauseText, Hit
from clausecheck.engine.clause_tokens import ClauseTokens, doc_of, text_of_tokens
from clausecheck.engine.hit_context import HitContext
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
    # _evaluate accepts nothing from a definition but an operative sentence after it: neither match nor tokenise
    kept = [clause for clause in units if clause.kind != "definition" or language.may_bind(clause.text)]
    views = [ClauseText.of(clause.text) for clause in kept]
    for clause, view, (wanted, early) in zip(kept, views, batch_select.select_many(patterns, views, matchable),
                                              strict=True):
        if not wanted:  # only clauses where some rule can match are tokenised
            continue
        heading = language.is_heading(clause.text, clause.heading)  # once per clause, not per rule
        # A bare heading names a topic: _evaluate accepts nothing from it but for threshold rules.
        if not heading or any(c.rule.kind is RuleKind.THRESHOLD for c in wanted):
            work.append((clause, view, wanted, early, heading))
    by_rule: dict[int, list[Candidate]] = {}
    # Lead-ins and their sub-clauses, only for rules reading across them (match.across_items).
    across = lead_ins.Across(patterns, units) if any(c.rule.match.get("across_items") for c in matchable) else None
    # A line break inside a sentence (PDF and DOCX wrap lines) is tokenised as a space, so phrases and token
    # patterns match across it; the replacement keeps every character offset.
    texts = [clause.text.replace("\n", " ") for clause, _, _, _, _ in work]
    # A clause whose rules all have their any-hits already (regexes, no spaCy patterns) needs its sentence bounds
    # first: most of its hits fall to text-only tests (near, all, unless...) and it is never tokenised at all.
    lazy = [all(c.index in early for c in wanted) and not any(c.spacy_roles for c in wanted)
            for _, _, wanted, early, _ in work]
    cuts = iter(nlp.sentence_cuts([text for text, ok in zip(texts, lazy, strict=True) if ok]))
    tokenizer = patterns.nlp.tokenizer
    for (clause, view, wanted, early, heading), text, ok in zip(work, texts, lazy, strict=True):
        tokens = ClauseTokens(tokenizer, text, clause.text)
        starts = next(cuts) if ok else None
        if starts is None:
            sentences = language.sentence_bounds(tokens.doc)
        else:
            bounds = [0, *starts, len(text)]
            sentences = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
        # The doc is needed here only for spaCy patterns or hits not found yet (never for a lazy clause).
        for index, hits in patterns.hits(None if ok else tokens.doc, view, wanted, sentences, early).items():
            if hits:
                accepted = _evaluate(patterns.compiled[index], clause, view, tokens, sentences, hits, roles, heading,
                                     across)
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
              heading: bool, across: lead_ins.Across | None = None) -> list[Candidate]:
    """Apply negation, unless, near, all and (protections) exception/definition/grantee to the any-hits.

    ``heading`` is ``language.is_heading`` of the clause, asked once for all of its rules; ``across``: the
    document's lead-in groups, for a rule with match.across_items."""
    rule, match = compiled.rule, compiled.rule.match
    protection = rule.kind is RuleKind.PROTECTION
    # A bare heading ("4. EXCLUSIVITY AND VOLUME COMMITMENTS") names a topic; it neither binds nor grants.
    if rule.kind is not RuleKind.THRESHOLD and heading:
        return []
    context = HitContext(compiled, view, sentences, hits)
    text = text_of_tokens(doc)
    # Opt-in keys, read once: rules without them take exactly the paths they took before the keys existed.
    own_unless, near_scope = match.get("_except"), match.get("near_scope")
    headed = match.get("_heading")  # any-patterns that count only under some section headings
    across = across if match.get("across_items") else None
    out: list[Candidate] = []
    for hit in (h for h in hits if h.role == "any"):
        if headed and hit.pattern in headed and not _under(headed[hit.pattern], clause.heading):
            continue
        sentence = _sentence(sentences, hit.start)
        # A negator may govern the verb that the pattern needs nearby ("not be required to deliver ... ONNX").
        near = context.of("near")
        lead = min([hit.start] + [h.start for h in near if sentence[0] <= h.start < hit.start])
        if near_scope in ("item", "part") and lead != hit.start:  # only near words that may count for this hit
            regions = _regions(doc, hit, sentence, near_scope)
            lead = min([hit.start] + [h.start for h in near if sentence[0] <= h.start < hit.start
                                      and any(lo <= h.start < hi for lo, hi in regions)])
        # Text-only tests first: most hits fall to them, and a clause none of whose hits passes them is never
        # tokenised (every test is a pure yes/no on the hit, so their order changes no result).
        # rule_patterns.context_gates skips clauses where these two tests must fail: keep them in step with it.
        near_ok = not match.get("near") or _near(doc, hit, near, sentence, match.get("within"), near_scope)
        # A lead-in's last sentence and its sub-clauses are one sentence cut in pieces (match.across_items): the hit
        # needs one sub-clause that completes it and holds no exception, as an item inside a sentence would.
        runs_on = across is not None and across.runs_on(clause, text, sentence)
        if not near_ok and not runs_on:
            continue  # before the all-patterns are searched: most hits stop here, and that search is not free
        present = _all_present(match, doc, hit, context.of("all"), sentence, sentences) if match.get("all") else None
        if runs_on:
            if not across.completes(compiled, clause, not near_ok, present):  # type: ignore[union-attr]
                continue
        elif present is not None and len(present) < len(match["all"]):
            continue
        # A definition describes; it neither grants a protection nor imposes a risk.
        if language.defines(clause.kind, text, sentence, sentences):
            continue
        if protection and language.in_exception(text, hit.start, sentence):
            continue
        if _excepted(doc, hit, context.of("unless"), sentence, match.get("unless_within"),
                     match.get("unless_scope", "item")):
            continue
        if own_unless and hit.pattern in own_unless and _excepted(
                doc, hit, context.of(own_unless[hit.pattern][0]), sentence, None, own_unless[hit.pattern][1],
                own_unless[hit.pattern][0]):
            continue  # the any-pattern's own exceptions (match.any[i].unless)
        tokens = doc.around(sentence) if isinstance(doc, ClauseTokens) else doc
        if match.get("negation", True) and (language.is_negated(tokens, hit.start, sentence) or (
                lead != hit.start and language.is_negated(tokens, lead, sentence))):
            continue
        bound = language.bound_party(tokens, roles, hit.start, sentence)
        weak = _weaknesses(compiled, clause, tokens, context.every(), hit, sentence, roles) if protection else ()
        # The customer's own option or discretion is a right, not a weakness; one the sentence gives the provider
        # ("Customer may export ..., in Provider's sole discretion") stays one.
        if bound == "customer" and "discretionary" in weak and "provider" not in language.discretion_holders(
                text[sentence[0]:sentence[1]], roles):
            weak = tuple(w for w in weak if w != "discretionary")
        base = clause.span.start
        quote = _heading_body(text, sentence, sentences)
        out.append(Candidate(compiled, clause, base + hit.start, base + hit.end,
                             (base + sentence[0], base + sentence[1]), bound, weak,
                             (base + quote[0], base + quote[1]) if quote else None))
    return out


@lru_cache(maxsize=256)
def _heading_pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _under(source: str, heading: str | None) -> bool:
    """True when the clause's section heading matches an any-pattern's ``heading`` regex (``source``)."""
    return heading is not None and _heading_pattern(source).search(heading) is not None


def _heading_body(text: str, sentence: tuple[int, int], sentences: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """A hit in a heading sentence ("12. Exclusivity.") with a body after it in the clause: the heading and the
    body's first sentence, which is what the heading announces (the quote a reviewer needs); else None."""
    if not language.is_heading(text[sentence[0]:sentence[1]]):
        return None
    after = bisect_right(sentences, (sentence[1], -1))  # the first sentence starting at or after this one's end
    while after < len(sentences) and not text[sentences[after][0]:sentences[after][1]].strip():
        after += 1
    if after == len(sentences) or language.is_heading(text[sentences[after][0]:sentences[after][1]]):
        return None  # a heading followed by another heading is a table of contents: nothing to add
    return (sentence[0], sentences[after][1])


def _near(doc: Any, hit: Hit, hits: list[Hit], sentence: tuple[int, int], within: int | None,
          scope: str | None = None) -> bool:
    near = [h for h in hits if h.role == "near"]
    if scope in ("item", "part"):  # match.near_scope: only the hit's own item or ";"-part (and the lead-in)
        regions = _regions(doc, hit, sentence, scope)
        near = [h for h in near if any(lo <= h.start < hi for lo, hi in regions)]
    if within:
        doc = doc_of(doc)
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
        doc = doc_of(doc)
        at = language.token_at(doc, hit.start)
        return any(language.token_distance(doc, language.token_at(doc, h.start), at) <= within for h in unless)
    lead, parts = language.items(text_of_tokens(doc), sentence, parts=scope == "part")
    if lead and any(lead[0] <= h.start < lead[1] for h in unless):  # the lead-in governs every item
        return True
    # A hit in the lead-in reaches every item; it survives while one of them carries no exception.
    mine = [p for p in parts if p[0] < hit.end and hit.start < p[1]] or parts
    return all(any(lo <= h.start < hi for h in unless) for lo, hi in mine)


def _regions(doc: Any, hit: Hit, sentence: tuple[int, int], scope: str) -> list[tuple[int, int]]:
    """The hit's enumerated item(s) (scope "part": or ";"-parts) and the sentence's lead-in, which governs every
    item; the whole sentence for a hit in the lead-in, as it reaches every item."""
    lead, parts = language.items(text_of_tokens(doc), sentence, parts=scope == "part")
    mine = [p for p in parts if p[0] < hit.end and hit.start < p[1]]
    if not mine:
        return [sentence]
    return mine + ([lead] if lead else [])


def _all_present(match: dict[str, Any], doc: Any, hit: Hit, hits: list[Hit], sentence: tuple[int, int],
                 sentences: Sequence[tuple[int, int]]) -> set[int]:
    """The all-patterns (indexes) present where ``all_scope`` says."""
    scope = match.get("all_scope")
    if scope in ("item", "part"):  # match.all_scope: every all-pattern in the hit's item or part (or lead-in)
        regions = _regions(doc, hit, sentence, scope)
        return {h.pattern for h in hits if h.role == "all" and any(lo <= h.start < hi for lo, hi in regions)}
    lo, hi = sentence if scope == "sentence" or match.get("scope") == "sentence" else (0, sentences[-1][1])
    return {h.pattern for h in hits if h.role == "all" and lo <= h.start < hi}


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
        elif "none" in requirement:  # met when none of its patterns occurs in the clause
            met = not any(h.role == f"none{i}" for h in hits)
        else:
            met = any(h.role == f"req{i}" for h in hits)
        if not met:
            name = requirement if isinstance(requirement, str) else requirement["name"]
            reasons.append(_REQUIREMENT_NAMES.get(name, f"no {name}"))
    return tuple(dict.fromkeys(reasons))
