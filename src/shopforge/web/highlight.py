"""The review view of a copy: violating spans marked with their rule and source, claims with their fact.

The copy is cut into ``Segment``s (plain text or a marked span with its note) and the template renders each
one escaped: no HTML is ever built from copy text here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopforge.copywriting.verify import ProductFacts, VerificationReport, Verifier, Violation
from shopforge.facts.claims import Claim, ClaimKind, extract_claims
from shopforge.facts.index import FactIndex, compact
from shopforge.facts.lexicon import fold
from shopforge.facts.model import Fact
from shopforge.store.models import Account, Content
from shopforge.store.products import product_facts

VIOLATION, WARNING, CLAIM, PHRASE = "violation", "warning", "claim", "phrase"
_PRIORITY = {VIOLATION: 0, WARNING: 1, CLAIM: 2, PHRASE: 3}


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "" for plain text, else VIOLATION, WARNING, CLAIM or PHRASE
    note: str = ""  # shown on hover and focus: the rule, its message and source; or the backing fact


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    note: str


@dataclass
class ReviewView:
    report: VerificationReport
    segments: list[Segment]

    @property
    def ok(self) -> bool:
        return self.report.ok


def review_view(account: Account, content: Content, text: str) -> ReviewView:
    """Verify ``text`` as this content's kind against its product's facts, and mark it up for review."""
    product = content.product
    facts = ProductFacts.build(product_facts(product), product.brand)
    report = Verifier(account.platform, account.lang).check(text, content.kind, facts)
    used = (content.provenance or {}).get("facts_used") or []
    return ReviewView(report, annotate(text, report.violations, facts.index, used))


def annotate(
    text: str, violations: list[Violation], index: FactIndex, facts_used: list[dict[str, Any]]
) -> list[Segment]:
    marks = _violation_marks(text, violations) + _claim_marks(text, index) + _phrase_marks(text, facts_used)
    return _segments(text, marks)


def violation_note(violation: Violation) -> str:
    source = f" — {violation.source}" if violation.source else ""
    return f"{violation.rule}: {violation.message}{source}"


def _violation_marks(text: str, violations: list[Violation]) -> list[_Mark]:
    marks = []
    for violation in violations:
        kind = VIOLATION if violation.severity.value == "error" else WARNING
        for start in _occurrences(text, violation.span):
            marks.append(_Mark(start, start + len(violation.span), kind, violation_note(violation)))
    return marks


def _claim_marks(text: str, index: FactIndex) -> list[_Mark]:
    marks = []
    for claim in extract_claims(text):
        fact = supporting_fact(claim, index)
        if fact is not None:
            marks.append(_Mark(claim.start, claim.end, CLAIM, fact_note(fact)))
    return marks


def _phrase_marks(text: str, facts_used: list[dict[str, Any]]) -> list[_Mark]:
    """Phrases the planner took from the product's data (title parts, attribute values) and their field."""
    marks = []
    for phrase in facts_used:
        surface, source = str(phrase.get("text") or ""), str(phrase.get("source") or "")
        if len(surface) < 2 or not source:
            continue
        for start in _occurrences(text, surface):
            marks.append(_Mark(start, start + len(surface), PHRASE, source))
    return marks


def fact_note(fact: Fact) -> str:
    return f"{fact.value} ← {fact.source}"


def supporting_fact(claim: Claim, index: FactIndex) -> Fact | None:
    """The product fact that backs a claim (the one the verifier's support policy accepts), if any."""
    kind = claim.kind
    if kind in (ClaimKind.COLOUR, ClaimKind.MATERIAL, ClaimKind.CERTIFICATION):
        return index.concepts.get(kind.value, {}).get(claim.canonical)
    if kind is ClaimKind.QUANTITY:
        for quantity in claim.quantities:
            for known, fact in index.quantities.get(quantity.dimension, ()):
                if quantity.close_to(known):
                    return fact
        return None
    if kind is ClaimKind.COUNT:
        return next((index.counts[q.magnitude] for q in claim.quantities if q.magnitude in index.counts), None)
    if kind is ClaimKind.ORIGIN:
        return index.origins.get(claim.canonical)
    if kind is ClaimKind.WARRANTY:
        return index.warranties[0] if index.warranties else None
    if kind is ClaimKind.COMPARATIVE:
        return index.comparatives.get(claim.canonical)
    for form in (fold(claim.span), compact(claim.span), claim.canonical):
        if form and form in index.tokens:
            return index.tokens[form]
    return None


def _occurrences(text: str, span: str) -> list[int]:
    found: list[int] = []
    if not span:
        return found
    start = text.find(span)
    while start != -1:
        found.append(start)
        start = text.find(span, start + len(span))
    return found


def _segments(text: str, marks: list[_Mark]) -> list[Segment]:
    chosen: list[_Mark] = []
    for mark in sorted(marks, key=lambda m: (_PRIORITY[m.kind], m.start, -(m.end - m.start))):
        if all(mark.end <= other.start or other.end <= mark.start for other in chosen):
            chosen.append(mark)
    chosen.sort(key=lambda m: m.start)
    segments: list[Segment] = []
    position = 0
    for mark in chosen:
        if mark.start > position:
            segments.append(Segment(text[position : mark.start]))
        segments.append(Segment(text[mark.start : mark.end], mark.kind, mark.note))
        position = mark.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
