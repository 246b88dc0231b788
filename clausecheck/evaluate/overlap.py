"""Where the lawyers' clauses sit in the reviewed text, and when a finding overlaps one."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.model import FindingKind

LABEL_PREFIX = "cuad:"
OVERLAP_THRESHOLD = 0.5  # |finding ∩ gold| / min(|finding|, |gold|) at or above this counts as found
OMITTED = "<omitted>"  # CUAD marks elided text inside a gold clause this way


@dataclass(frozen=True, kw_only=True)
class Prediction:
    """A finding reduced to what scoring needs: its category, rule, span and excerpt."""

    category: str
    rule_id: str
    span: tuple[int, int] | None
    excerpt: str


@dataclass(frozen=True, kw_only=True)
class GoldClause:
    """A lawyer-marked clause and where it was found in the reviewed text (empty when not locatable)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


_ALNUM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Compressed:
    """A text reduced to lower-case letters and digits, with each kept character's original offset."""

    chars: str
    offsets: tuple[int, ...]


def compress(text: str) -> Compressed:
    """Drop everything but letters and digits (NFKC, lower-case) so layout and punctuation never matter."""
    chars: list[str] = []
    offsets: list[int] = []
    for run in _ALNUM.finditer(text):
        if run.group().isascii():
            chars.append(run.group().lower())
            offsets.extend(range(run.start(), run.end()))
            continue
        for i, ch in enumerate(run.group(), start=run.start()):
            for c in unicodedata.normalize("NFKC", ch).lower():
                if c.isalnum():
                    chars.append(c)
                    offsets.append(i)
    return Compressed("".join(chars), tuple(offsets))


def locate(document: Compressed, clause: str) -> tuple[tuple[int, int], ...]:
    """Every place ``clause`` occurs in the document, as original-text spans (letters and digits only).

    A clause with ``<omitted>`` gaps is found piece by piece, in order; its span runs from the first
    piece to the last. A long piece not found verbatim is found by its first and last ``ANCHOR`` letters
    when they sit about the piece's length apart (a page header or number the TXT lacks in between).
    """
    pieces = [compress(p).chars for p in clause.split(OMITTED)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return ()
    spans: list[tuple[int, int]] = []
    first = _find(document.chars, pieces[0], 0)
    while first is not None:
        start, end = first
        for piece in pieces[1:]:
            found = _find(document.chars, piece, end)
            if found is None:
                return tuple(spans)
            end = found[1]
        spans.append((document.offsets[start], document.offsets[end - 1] + 1))
        first = _find(document.chars, pieces[0], end)
    return tuple(spans)


ANCHOR = 30  # letters and digits at each end of a piece used to find it when text was inserted inside


def _find(chars: str, piece: str, start: int) -> tuple[int, int] | None:
    at = chars.find(piece, start)
    if at >= 0:
        return at, at + len(piece)
    if len(piece) < 3 * ANCHOR:
        return None
    head, tail = piece[:ANCHOR], piece[-ANCHOR:]
    at = chars.find(head, start)
    while at >= 0:
        # Allow a quarter more letters (plus a header line) between the anchors, never fewer.
        end = chars.find(tail, at + len(piece) - ANCHOR, at + len(piece) * 5 // 4 + 100)
        if end >= 0:
            return at, end + ANCHOR
        at = chars.find(head, at + 1)
    return None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """|a ∩ b| / min(|a|, |b|) for half-open spans; 0.0 when either is empty."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter <= 0:
        return 0.0
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / shorter


def token_overlap(a: str, b: str) -> float:
    """Word-multiset overlap |A ∩ B| / min(|A|, |B|): the fallback when a gold clause cannot be located."""
    ta = Counter(m.lower() for m in _ALNUM.findall(a))
    tb = Counter(m.lower() for m in _ALNUM.findall(b))
    shorter = min(sum(ta.values()), sum(tb.values()))
    return sum((ta & tb).values()) / shorter if shorter else 0.0


def hits(prediction: Prediction, gold: GoldClause) -> bool:
    """Whether a prediction overlaps a gold clause substantially (character spans, else words)."""
    if prediction.span is not None and gold.spans:
        return any(overlap(prediction.span, g) >= OVERLAP_THRESHOLD for g in gold.spans)
    return token_overlap(prediction.excerpt, gold.text) >= OVERLAP_THRESHOLD


def predictions_from(findings: Sequence[Any], categories: Sequence[str]) -> tuple[Prediction, ...]:
    """One Prediction per (finding, category label); 'missing' findings say a clause is absent: skipped."""
    wanted = set(categories)
    out: list[Prediction] = []
    for finding in findings:
        if finding.kind == FindingKind.MISSING:
            continue
        span = (finding.span.start, finding.span.end) if finding.span is not None else None
        for label in finding.labels:
            cat = label[len(LABEL_PREFIX):] if label.startswith(LABEL_PREFIX) else None
            if cat in wanted:
                out.append(Prediction(category=cat, rule_id=finding.rule_id, span=span,
                                      excerpt=finding.excerpt))
    return tuple(out)


def categories_of(rules: Sequence[Any]) -> tuple[str, ...]:
    """The CUAD categories the rules' ``labels`` reach, sorted."""
    return tuple(sorted({lab[len(LABEL_PREFIX):] for rule in rules for lab in rule.labels
                         if lab.startswith(LABEL_PREFIX)}))
